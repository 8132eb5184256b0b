//! ResourceQuota admission of pod creates, after `pkg/quota/v1/evaluator/core/pods.go`
//! (what a pod uses) and `plugin/pkg/admission/resourcequota/controller.go` (the check
//! and its error text), Kubernetes 1.34.

use crate::vecmap::VecMap;

use super::objects::ResourceQuota;
use crate::model::core::PodSpec;
use crate::quantity::{Format, Quantity};

/// The pod resources podlife charges to a quota (`pods.go` `podComputeUsageHelper`).
pub const RESOURCES: &[&str] =
    &["pods", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory", "cpu", "memory"];

fn get(m: Option<&VecMap<String, crate::model::Quantity>>, k: &str) -> Option<Quantity> {
    m.and_then(|m| m.get(k)).and_then(|q| Quantity::from_k8s(q).ok())
}

/// What one pod charges: `pods` 1, and `requests.*` / `limits.*` (with `cpu` / `memory`
/// as synonyms of the requests): the larger of the sum over containers and each init
/// container, plus `overhead` (`PodRequestsAndLimits`). Absent resources are not charged.
pub fn pod_usage(spec: &PodSpec) -> VecMap<String, Quantity> {
    let mut out = VecMap::new();
    out.insert("pods".to_string(), Quantity::from_units(1, Format::DecimalSI));
    for key in ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory"] {
        let (kind, res) = key.split_once('.').unwrap_or_default();
        let pick = |c: &crate::model::core::Container| {
            let r = c.resources.as_ref();
            get(
                if kind == "requests" {
                    r.and_then(|r| r.requests.as_ref())
                } else {
                    r.and_then(|r| r.limits.as_ref())
                },
                res,
            )
        };
        let mut sum: Option<Quantity> = None;
        for c in &spec.containers {
            if let Some(q) = pick(c) {
                sum = Some(sum.map_or(q, |s| s.add(&q)));
            }
        }
        for c in spec.init_containers.iter().flatten() {
            if let Some(q) = pick(c) {
                if sum.as_ref().is_none_or(|s| q > *s) {
                    sum = Some(q);
                }
            }
        }
        if let (Some(s), Some(o)) = (sum.as_ref(), get(spec.overhead.as_ref(), res)) {
            sum = Some(s.add(&o));
        }
        if let Some(s) = sum {
            out.insert(key.to_string(), s);
            if kind == "requests" {
                out.insert(res.to_string(), s);
            }
        }
    }
    out
}

fn pretty(m: &VecMap<String, Quantity>) -> String {
    m.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")
}

/// The cpu/memory resources a quota tracks must be set on every container
/// (`podEvaluator.Constraints`: "BACKWARD COMPATIBILITY REQUIREMENT"): the missing ones,
/// each with the containers that lack it, as `must specify limits.cpu for: a,b; …`.
pub fn constraints(hard: &VecMap<String, Quantity>, spec: &PodSpec) -> Result<(), String> {
    // In name order: `missing` below is kept per entry of `required`, and the message lists
    // the resources in that order (as the map it was sorted them).
    const VALIDATION: &[&str] = &["cpu", "limits.cpu", "limits.memory", "memory", "requests.cpu", "requests.memory"];
    let required: Vec<&str> = VALIDATION.iter().copied().filter(|r| hard.contains_key(*r)).collect();
    let mut missing: Vec<Vec<&str>> = vec![Vec::new(); required.len()];
    for c in spec.containers.iter().chain(spec.init_containers.iter().flatten()) {
        let r = c.resources.as_ref();
        let has_req = |k: &str| r.and_then(|r| r.requests.as_ref()).is_some_and(|m| m.contains_key(k));
        let has_lim = |k: &str| r.and_then(|r| r.limits.as_ref()).is_some_and(|m| m.contains_key(k));
        for (res, names) in required.iter().zip(missing.iter_mut()) {
            let set = match *res {
                "cpu" | "requests.cpu" => has_req("cpu"),
                "memory" | "requests.memory" => has_req("memory"),
                "limits.cpu" => has_lim("cpu"),
                _ => has_lim("memory"),
            };
            if !set && !names.contains(&c.name.as_str()) {
                names.push(&c.name);
            }
        }
    }
    if missing.iter().all(Vec::is_empty) {
        return Ok(());
    }
    let mut parts: Vec<String> = Vec::new();
    for (res, mut names) in required.iter().zip(missing) {
        if names.is_empty() {
            continue;
        }
        crate::sort::by(&mut names, |a, b| a.cmp(b));
        parts.push(format!("{res} for: {}", names.join(",")));
    }
    Err(format!("must specify {}", parts.join("; ")))
}

/// Admission of one pod against the quotas: `Err(message)` is the API server's text after
/// `pods "NAME" is forbidden: `. `used` is the current use (see [`pod_usage`] and `super`'s
/// rule for which pods count), the same for every quota: each charges the same pods (scoped
/// quotas are not applied).
pub fn admit(
    quotas: &[ResourceQuota],
    used: &VecMap<String, Quantity>,
    pod: &VecMap<String, Quantity>,
    spec: &PodSpec,
) -> Result<(), String> {
    for q in quotas {
        if q.scoped {
            continue;
        }
        if let Err(e) = constraints(&q.hard, spec) {
            return Err(format!("failed quota: {}: {e}", q.name));
        }
        let u = used;
        let (mut req, mut use_, mut lim) = (VecMap::new(), VecMap::new(), VecMap::new());
        for (k, hard) in &q.hard {
            let Some(r) = pod.get(k) else { continue };
            let cur = u.get(k).cloned().unwrap_or_else(|| Quantity::zero(r.format()));
            if cur.add(r) > *hard {
                req.insert(k.clone(), *r);
                use_.insert(k.clone(), cur);
                lim.insert(k.clone(), *hard);
            }
        }
        if !req.is_empty() {
            return Err(format!(
                "exceeded quota: {}, requested: {}, used: {}, limited: {}",
                q.name,
                pretty(&req),
                pretty(&use_),
                pretty(&lim)
            ));
        }
    }
    Ok(())
}

/// Adds `usage` into `total`.
pub fn add_into(total: &mut VecMap<String, Quantity>, usage: &VecMap<String, Quantity>) {
    for (k, v) in usage {
        let sum = match total.get(k) {
            Some(t) => t.add(v),
            None => *v,
        };
        total.insert(k.clone(), sum);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::core::{Container, ResourceRequirements};

    fn q(s: &str) -> Quantity {
        Quantity::parse(s).expect("quantity")
    }

    fn ctr(req: &[(&str, &str)], lim: &[(&str, &str)]) -> Container {
        let m = |l: &[(&str, &str)]| {
            (!l.is_empty())
                .then(|| l.iter().map(|(k, v)| (k.to_string(), crate::model::Quantity(v.to_string()))).collect())
        };
        Container {
            name: "c".into(),
            resources: Some(ResourceRequirements { requests: m(req), limits: m(lim), ..Default::default() }),
            ..Default::default()
        }
    }

    /// Cases after `TestPodEvaluatorUsage` (pods.go): init containers count by their max,
    /// overhead is added, `cpu`/`memory` mirror the requests.
    #[test]
    fn pod_usage_like_the_evaluator() {
        let spec = PodSpec {
            init_containers: Some(vec![ctr(&[("cpu", "1")], &[("cpu", "2")])]),
            containers: vec![ctr(&[("cpu", "1m"), ("memory", "1Gi")], &[("cpu", "2m")])],
            ..Default::default()
        };
        let u = pod_usage(&spec);
        assert_eq!(u["pods"], q("1"));
        assert_eq!(u["requests.cpu"], q("1"), "init container's request is larger");
        assert_eq!(u["cpu"], q("1"));
        assert_eq!(u["limits.cpu"], q("2"));
        assert_eq!(u["requests.memory"], q("1Gi"));
        assert!(!u.contains_key("limits.memory"));
        let spec = PodSpec {
            containers: vec![ctr(&[("cpu", "1")], &[]), ctr(&[("cpu", "500m")], &[])],
            overhead: Some([("cpu".to_string(), crate::model::Quantity("100m".into()))].into_iter().collect()),
            ..Default::default()
        };
        assert_eq!(pod_usage(&spec)["requests.cpu"], q("1600m"));
    }

    #[test]
    fn constraints_name_each_resource_in_name_order() {
        let hard: VecMap<String, Quantity> =
            [("requests.memory", "1Gi"), ("cpu", "2"), ("limits.memory", "2Gi"), ("pods", "3")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), q(v)))
                .collect();
        let mut b = ctr(&[("cpu", "1")], &[]);
        b.name = "b".into();
        let mut a = ctr(&[], &[]);
        a.name = "a".into();
        let spec = PodSpec { containers: vec![b, a], ..Default::default() };
        assert_eq!(
            constraints(&hard, &spec),
            Err("must specify cpu for: a; limits.memory for: a,b; requests.memory for: a,b".to_string())
        );
        let ok = PodSpec {
            containers: vec![ctr(&[("cpu", "1"), ("memory", "1")], &[("memory", "1")])],
            ..Default::default()
        };
        assert_eq!(constraints(&hard, &ok), Ok(()));
    }

    #[test]
    fn admission_error_text() {
        let quota = ResourceQuota {
            name: "compute".into(),
            namespace: "default".into(),
            hard: [("pods".to_string(), q("3")), ("requests.cpu".to_string(), q("2"))].into_iter().collect(),
            scoped: false,
        };
        let spec = PodSpec { containers: vec![ctr(&[("cpu", "500m")], &[])], ..Default::default() };
        let pod = pod_usage(&spec);
        let mut used = VecMap::new();
        add_into(&mut used, &pod);
        add_into(&mut used, &pod);
        assert_eq!(admit(std::slice::from_ref(&quota), &used, &pod, &spec), Ok(()));
        add_into(&mut used, &pod);
        assert_eq!(
            admit(std::slice::from_ref(&quota), &used, &pod, &spec),
            Err("exceeded quota: compute, requested: pods=1, used: pods=3, limited: pods=3".into())
        );
        // Every container must set what the quota tracks (named per resource, sorted).
        let mut quota = quota;
        quota.hard.insert("limits.memory".into(), q("1Gi"));
        let named = |n: &str, c: Container| Container { name: n.into(), ..c };
        let spec = PodSpec {
            containers: vec![named("web", ctr(&[("cpu", "1")], &[])), named("app", Container::default())],
            init_containers: Some(vec![named("init", ctr(&[("cpu", "1")], &[("memory", "1Gi")]))]),
            ..Default::default()
        };
        assert_eq!(
            admit(&[quota], &VecMap::new(), &pod_usage(&spec), &spec),
            Err("failed quota: compute: must specify limits.memory for: app,web; requests.cpu for: app".into())
        );
    }
}
