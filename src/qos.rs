//! Pod QoS class, as Kubernetes v1.34 computes it.
//!
//! Upstream: `pkg/apis/core/v1/helper/qos/qos.go` (`GetPodQOS`, `ComputePodQOS`,
//! `processResourceList`, `getQOSResources`) at v1.34, with the `PodLevelResources`
//! feature gate on (beta, default on since v1.34). The API server computes the class on
//! the defaulted pod at create time and stores it in `status.qosClass`.
//!
//! v1.34 sums the positive `cpu`/`memory` requests and limits of all init and regular
//! containers (ephemeral containers are ignored):
//! * nothing summed at all → `BestEffort`;
//! * every container has a positive cpu **and** memory limit, every summed request equals
//!   the summed limit, and both sums name the same resources → `Guaranteed`;
//! * otherwise → `Burstable`.
//!
//! When `spec.resources` is set (even `{}`), the same rule runs on the pod-level lists
//! only and container resources are ignored; `spec.resources: {}` is therefore
//! `BestEffort`. Later releases (`PodLevelResourcesFixKubeletQOSClass`) fall through to
//! the containers in that case.
//!
//! Only `cpu` and `memory` count. A quantity that does not parse counts as zero (it cannot
//! reach a real API server, but the playground must classify invalid specs too).

use crate::vecmap::VecMap;
use std::fmt;

use crate::model::core::{Pod, PodSpec, ResourceRequirements};
use crate::model::Quantity as K8sQuantity;

use crate::quantity::{Format, Quantity};

/// `v1.PodQOSClass`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QosClass {
    Guaranteed,
    Burstable,
    BestEffort,
}

impl QosClass {
    /// The API string: `"Guaranteed"`, `"Burstable"` or `"BestEffort"`.
    pub fn as_str(self) -> &'static str {
        match self {
            QosClass::Guaranteed => "Guaranteed",
            QosClass::Burstable => "Burstable",
            QosClass::BestEffort => "BestEffort",
        }
    }

    /// Parses the API string (exact match, as stored in `status.qosClass`).
    pub fn from_api(s: &str) -> Option<QosClass> {
        match s {
            "Guaranteed" => Some(QosClass::Guaranteed),
            "Burstable" => Some(QosClass::Burstable),
            "BestEffort" => Some(QosClass::BestEffort),
            _ => None,
        }
    }
}

impl fmt::Display for QosClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Upstream `GetPodQOS`: `status.qosClass` when it is non-empty, else `ComputePodQOS`.
///
/// A stored value that is not one of the three classes is ignored here (upstream returns
/// the string as is; this enum cannot hold it).
pub fn get_pod_qos(pod: &Pod) -> QosClass {
    let stored = pod.status.as_ref().and_then(|s| s.qos_class.as_deref()).and_then(QosClass::from_api);
    match (stored, pod.spec.as_ref()) {
        (Some(class), _) => class,
        (None, Some(spec)) => compute_pod_qos(spec),
        (None, None) => QosClass::BestEffort,
    }
}

/// Upstream `ComputePodQOS` (v1.34, `PodLevelResources` on). See the module docs.
pub fn compute_pod_qos(spec: &PodSpec) -> QosClass {
    let mut requests: Sums = [None, None];
    let mut limits: Sums = [None, None];
    let mut guaranteed = true;
    if let Some(pod_level) = &spec.resources {
        add_positive(&mut requests, pod_level.requests.as_ref());
        if pod_level.limits.as_ref().is_some_and(|l| !l.is_empty()) {
            add_positive(&mut limits, pod_level.limits.as_ref());
            guaranteed &= has_positive_cpu_and_memory(pod_level.limits.as_ref());
        }
    } else {
        let init = spec.init_containers.iter().flatten();
        for container in spec.containers.iter().chain(init) {
            let resources = container.resources.as_ref();
            let reqs = resources.and_then(|r: &ResourceRequirements| r.requests.as_ref());
            let lims = resources.and_then(|r: &ResourceRequirements| r.limits.as_ref());
            add_positive(&mut requests, reqs);
            add_positive(&mut limits, lims);
            guaranteed &= has_positive_cpu_and_memory(lims);
        }
    }
    let count = |sums: &Sums| sums.iter().flatten().count();
    if count(&requests) == 0 && count(&limits) == 0 {
        return QosClass::BestEffort;
    }
    let all_match = requests.iter().zip(&limits).all(|(req, lim)| req.is_none() || lim == req);
    if guaranteed && all_match && count(&requests) == count(&limits) {
        QosClass::Guaranteed
    } else {
        QosClass::Burstable
    }
}

/// Summed positive quantities of the QoS resources (`cpu`, `memory`), in the order of
/// [`QOS_RESOURCES`] (a fixed pair: no map type of its own in the wasm).
type Sums = [Option<Quantity>; 2];

/// The resources that influence the class (`supportedQoSComputeResources`).
const QOS_RESOURCES: [&str; 2] = ["cpu", "memory"];

/// Parses a list entry; an unparseable quantity counts as zero.
fn quantity_of(list: Option<&VecMap<String, K8sQuantity>>, name: &str) -> Quantity {
    list.and_then(|l| l.get(name)).and_then(|q| Quantity::from_k8s(q).ok()).unwrap_or(Quantity::zero(Format::DecimalSI))
}

/// Upstream `processResourceList`: adds each positive cpu/memory quantity into `sums`.
fn add_positive(sums: &mut Sums, list: Option<&VecMap<String, K8sQuantity>>) {
    for (sum, name) in sums.iter_mut().zip(QOS_RESOURCES) {
        let q = quantity_of(list, name);
        if q.sign() > 0 {
            let total = sum.as_ref().map_or(q, |prev| prev.add(&q));
            *sum = Some(total);
        }
    }
}

/// Upstream `getQOSResources(limits).HasAll(memory, cpu)`.
fn has_positive_cpu_and_memory(limits: Option<&VecMap<String, K8sQuantity>>) -> bool {
    QOS_RESOURCES.iter().all(|name| quantity_of(limits, name).sign() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::core::{Container, PodStatus};

    /// `getResourceList(cpu, memory)` from qos_test.go: empty strings are left out.
    fn rl(cpu: &str, memory: &str) -> Option<VecMap<String, K8sQuantity>> {
        let mut m = VecMap::new();
        if !cpu.is_empty() {
            m.insert("cpu".to_string(), K8sQuantity(cpu.into()));
        }
        if !memory.is_empty() {
            m.insert("memory".to_string(), K8sQuantity(memory.into()));
        }
        Some(m)
    }

    fn rr(
        requests: Option<VecMap<String, K8sQuantity>>,
        limits: Option<VecMap<String, K8sQuantity>>,
    ) -> ResourceRequirements {
        ResourceRequirements { requests, limits, ..Default::default() }
    }

    fn ctr(requests: Option<VecMap<String, K8sQuantity>>, limits: Option<VecMap<String, K8sQuantity>>) -> Container {
        Container { name: "c".into(), resources: Some(rr(requests, limits)), ..Default::default() }
    }

    fn spec(containers: Vec<Container>) -> PodSpec {
        PodSpec { containers, ..Default::default() }
    }

    #[test]
    fn strings() {
        assert_eq!(QosClass::Guaranteed.to_string(), "Guaranteed");
        assert_eq!(QosClass::Burstable.as_str(), "Burstable");
        assert_eq!(QosClass::BestEffort.as_str(), "BestEffort");
        assert_eq!(QosClass::from_api("x"), None);
    }

    /// `GetPodQOS` prefers `status.qosClass`.
    #[test]
    fn get_prefers_status() {
        let mut pod = Pod { spec: Some(spec(vec![ctr(rl("1", "1Gi"), rl("1", "1Gi"))])), ..Default::default() };
        assert_eq!(get_pod_qos(&pod), QosClass::Guaranteed);
        pod.status = Some(PodStatus { qos_class: Some("BestEffort".into()), ..Default::default() });
        assert_eq!(get_pod_qos(&pod), QosClass::BestEffort);
        pod.status = Some(PodStatus { qos_class: Some(String::new()), ..Default::default() });
        assert_eq!(get_pod_qos(&pod), QosClass::Guaranteed);
        assert_eq!(get_pod_qos(&Pod::default()), QosClass::BestEffort);
    }

    /// Quantities compare by value, so `100m` request equals `0.1` limit.
    #[test]
    fn equality_is_by_value() {
        let s = spec(vec![ctr(rl("100m", "1Gi"), rl("0.1", "1024Mi"))]);
        assert_eq!(compute_pod_qos(&s), QosClass::Guaranteed);
    }

    /// Ephemeral-storage, hugepages and extended resources never matter.
    #[test]
    fn only_cpu_and_memory_count() {
        let mut storage = VecMap::new();
        storage.insert("ephemeral-storage".to_string(), K8sQuantity("10Gi".into()));
        let s = spec(vec![ctr(Some(storage), None)]);
        assert_eq!(compute_pod_qos(&s), QosClass::BestEffort);
    }

    /// Unparseable and negative quantities count as absent; nothing panics.
    #[test]
    fn garbage_is_ignored() {
        let s = spec(vec![ctr(rl("lots", "-1Gi"), rl("", "x"))]);
        assert_eq!(compute_pod_qos(&s), QosClass::BestEffort);
        let s = spec(vec![Container::default()]);
        assert_eq!(compute_pod_qos(&s), QosClass::BestEffort);
        assert_eq!(compute_pod_qos(&PodSpec::default()), QosClass::BestEffort);
    }

    /// v1.34: a non-nil but empty `spec.resources` takes the pod-level branch.
    #[test]
    fn empty_pod_level_resources_is_best_effort() {
        let mut s = spec(vec![ctr(rl("1", "1Gi"), rl("1", "1Gi"))]);
        s.resources = Some(ResourceRequirements::default());
        assert_eq!(compute_pod_qos(&s), QosClass::BestEffort);
    }
}
