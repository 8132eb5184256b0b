//! Upstream `pkg/apis/core/v1/helper/qos/qos_test.go` (`TestComputePodQOS`) ported to
//! podlife's `qos` module, plus an exhaustive matrix that checks the v1.34 summing
//! algorithm against the newer per-container algorithm on every *valid* combination
//! (requests ≤ limits), where upstream says the two must agree.

use std::collections::BTreeMap;

use podlife::model::core::{Container, PodSpec, ResourceRequirements};
use podlife::model::Quantity as K8sQuantity;
use podlife::qos::{compute_pod_qos, QosClass};
use podlife::quantity::Quantity;

use QosClass::{BestEffort, Burstable, Guaranteed};

type List = podlife::vecmap::VecMap<String, K8sQuantity>;

/// `getResourceList(cpu, memory)`: empty strings are left out.
fn rl(cpu: &str, memory: &str) -> List {
    let mut m = List::new();
    if !cpu.is_empty() {
        m.insert("cpu".to_string(), K8sQuantity(cpu.into()));
    }
    if !memory.is_empty() {
        m.insert("memory".to_string(), K8sQuantity(memory.into()));
    }
    m
}

/// `addResource(name, value, list)`.
fn add(name: &str, value: &str, mut list: List) -> List {
    list.insert(name.to_string(), K8sQuantity(value.into()));
    list
}

fn reqs(requests: List, limits: List) -> ResourceRequirements {
    ResourceRequirements { requests: Some(requests), limits: Some(limits), ..Default::default() }
}

/// `newContainer(name, requests, limits)`.
fn ctr(name: &str, requests: List, limits: List) -> Container {
    Container { name: name.into(), resources: Some(reqs(requests, limits)), ..Default::default() }
}

fn pod(containers: Vec<Container>) -> PodSpec {
    PodSpec { containers, ..Default::default() }
}

fn pod_with_init(containers: Vec<Container>, init: Vec<Container>) -> PodSpec {
    PodSpec { containers, init_containers: Some(init), ..Default::default() }
}

fn pod_with_resources(containers: Vec<Container>, resources: ResourceRequirements) -> PodSpec {
    PodSpec { containers, resources: Some(resources), ..Default::default() }
}

#[test]
fn compute_pod_qos_named_table() {
    let cases: Vec<(&str, PodSpec, QosClass)> = vec![
        ("guaranteed", pod(vec![ctr("guaranteed", rl("100m", "100Mi"), rl("100m", "100Mi"))]), Guaranteed),
        (
            "guaranteed-guaranteed",
            pod(vec![
                ctr("guaranteed", rl("100m", "100Mi"), rl("100m", "100Mi")),
                ctr("guaranteed", rl("100m", "100Mi"), rl("100m", "100Mi")),
            ]),
            Guaranteed,
        ),
        (
            "best-effort-best-effort",
            pod(vec![ctr("best-effort", rl("", ""), rl("", "")), ctr("best-effort", rl("", ""), rl("", ""))]),
            BestEffort,
        ),
        ("best-effort", pod(vec![ctr("best-effort", rl("", ""), rl("", ""))]), BestEffort),
        (
            "best-effort-burstable",
            pod(vec![ctr("best-effort", rl("", ""), rl("", "")), ctr("burstable", rl("1", ""), rl("2", ""))]),
            Burstable,
        ),
        (
            "best-effort-guaranteed",
            pod(vec![
                ctr("best-effort", rl("", ""), rl("", "")),
                ctr("guaranteed", rl("10m", "100Mi"), rl("10m", "100Mi")),
            ]),
            Burstable,
        ),
        ("burstable-cpu-guaranteed-memory", pod(vec![ctr("burstable", rl("", "100Mi"), rl("", "100Mi"))]), Burstable),
        ("burstable-no-limits", pod(vec![ctr("burstable", rl("100m", "100Mi"), rl("", ""))]), Burstable),
        (
            "burstable-guaranteed",
            pod(vec![
                ctr("burstable", rl("1", "100Mi"), rl("2", "100Mi")),
                ctr("guaranteed", rl("100m", "100Mi"), rl("100m", "100Mi")),
            ]),
            Burstable,
        ),
        (
            "burstable-unbounded-but-requests-match-limits",
            pod(vec![
                ctr("burstable", rl("100m", "100Mi"), rl("200m", "200Mi")),
                ctr("burstable-unbounded", rl("100m", "100Mi"), rl("", "")),
            ]),
            Burstable,
        ),
        ("burstable-1", pod(vec![ctr("burstable", rl("10m", "100Mi"), rl("100m", "200Mi"))]), Burstable),
        ("burstable-2", pod(vec![ctr("burstable", rl("0", "0"), rl("100m", "200Mi"))]), Burstable),
        (
            "best-effort-hugepages",
            pod(vec![ctr(
                "best-effort",
                add("hugepages-2Mi", "1Gi", rl("0", "0")),
                add("hugepages-2Mi", "1Gi", rl("0", "0")),
            )]),
            BestEffort,
        ),
        (
            "init-container",
            pod_with_init(
                vec![ctr("best-effort", rl("", ""), rl("", ""))],
                vec![ctr("burstable", rl("10m", "100Mi"), rl("100m", "200Mi"))],
            ),
            Burstable,
        ),
        (
            "guaranteed-with-pod-level-resources",
            pod_with_resources(
                vec![ctr("best-effort", rl("", ""), rl("", ""))],
                reqs(rl("10m", "100Mi"), rl("10m", "100Mi")),
            ),
            Guaranteed,
        ),
        (
            "guaranteed-with-pod-and-container-level-resources",
            pod_with_resources(
                vec![ctr("burstable", rl("3m", "10Mi"), rl("5m", "20Mi"))],
                reqs(rl("10m", "100Mi"), rl("10m", "100Mi")),
            ),
            Guaranteed,
        ),
        (
            "burstable-with-pod-level-resources",
            pod_with_resources(
                vec![ctr("best-effort", rl("", ""), rl("", ""))],
                reqs(rl("10m", "10Mi"), rl("20m", "50Mi")),
            ),
            Burstable,
        ),
        (
            "burstable-with-pod-and-container-level-resources",
            pod_with_resources(
                vec![ctr("burstable", rl("5m", "10Mi"), rl("5m", "10Mi"))],
                reqs(rl("10m", "10Mi"), rl("20m", "50Mi")),
            ),
            Burstable,
        ),
        (
            "burstable-with-pod-and-container-level-requests",
            pod_with_resources(
                vec![ctr("burstable", rl("5m", "10Mi"), rl("", ""))],
                reqs(rl("10m", "10Mi"), rl("", "")),
            ),
            Burstable,
        ),
        (
            "burstable-with-pod-and-container-level-resources-2",
            pod_with_resources(
                vec![
                    ctr("burstable", rl("5m", "10Mi"), rl("", "")),
                    ctr("guaranteed", rl("5m", "10Mi"), rl("5m", "10Mi")),
                ],
                reqs(rl("10m", "10Mi"), rl("5m", "")),
            ),
            Burstable,
        ),
        // TestCollectContainerLevelResources cases, as whole pods.
        (
            "two-containers-and-init-all-limits",
            pod_with_init(
                vec![
                    ctr("c1", rl("100m", "100Mi"), rl("200m", "200Mi")),
                    ctr("c2", rl("300m", "400Mi"), rl("800m", "1000Mi")),
                ],
                vec![ctr("init", rl("50m", "50Mi"), rl("100m", "100Mi"))],
            ),
            Burstable,
        ),
        ("only-cpu-limit", pod(vec![ctr("c1", rl("0", "0"), rl("100m", ""))]), Burstable),
    ];
    for (name, spec, want) in cases {
        assert_eq!(compute_pod_qos(&spec), want, "{name}");
    }
}

/// The newer upstream rule for one set of requirements (`resourceQOS`), written
/// independently of the module under test.
fn per_container_class(requests: &List, limits: &List) -> QosClass {
    if requests.is_empty() && limits.is_empty() {
        return BestEffort;
    }
    let value = |l: &List, k: &str| {
        l.get(k).map(|q| Quantity::from_k8s(q).unwrap_or_else(|e| panic!("{q:?}: {e}"))).map_or(0, |q| q.nanos())
    };
    let mut class = None;
    for res in ["cpu", "memory"] {
        let (req, lim) = (value(requests, res), value(limits, res));
        if req != lim {
            return Burstable;
        }
        let this = if req == 0 { BestEffort } else { Guaranteed };
        match class {
            None => class = Some(this),
            Some(c) if c != this => return Burstable,
            Some(_) => {}
        }
    }
    class.unwrap_or(BestEffort)
}

fn per_container_pod(all: &[(List, List)]) -> QosClass {
    let mut class = None;
    for (r, l) in all {
        let c = per_container_class(r, l);
        if c == Burstable {
            return Burstable;
        }
        match class {
            None => class = Some(c),
            Some(prev) if prev != c => return Burstable,
            Some(_) => {}
        }
    }
    class.unwrap_or(BestEffort)
}

/// Every requests/limits shape a container can have with values from `{absent, 0, 1, 2}`
/// (mixed spellings: `1` vs `1000m`), keeping only valid ones (request ≤ limit).
fn shapes() -> Vec<(List, List)> {
    let values = ["", "0", "1", "2000m"];
    let alt = ["", "0", "1000m", "2"];
    let num = |s: &str| match s {
        "" => None,
        "0" => Some(0),
        "1" | "1000m" => Some(1),
        _ => Some(2),
    };
    let mut out = Vec::new();
    for cr in values {
        for cl in alt {
            for mr in values {
                for ml in alt {
                    let ok = |r: &str, l: &str| match (num(r), num(l)) {
                        (Some(r), Some(l)) => r <= l,
                        _ => true,
                    };
                    if ok(cr, cl) && ok(mr, ml) {
                        let mem = |s: &str| match s {
                            "" | "0" => s.to_string(),
                            "1" | "1000m" => "1Gi".to_string(),
                            _ => "2048Mi".to_string(),
                        };
                        out.push((rl(cr, &mem(mr)), rl(cl, &mem(ml))));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn matrix_agrees_with_per_container_rule_on_valid_pods() {
    let shapes = shapes();
    assert!(shapes.len() > 60, "{}", shapes.len());
    let mut seen = BTreeMap::new();
    for a in &shapes {
        let one = pod(vec![ctr("a", a.0.clone(), a.1.clone())]);
        let want = per_container_pod(std::slice::from_ref(a));
        assert_eq!(compute_pod_qos(&one), want, "{a:?}");
        *seen.entry(want.as_str()).or_insert(0) += 1;
        for b in &shapes {
            let two = pod_with_init(vec![ctr("a", a.0.clone(), a.1.clone())], vec![ctr("b", b.0.clone(), b.1.clone())]);
            let want = per_container_pod(&[a.clone(), b.clone()]);
            assert_eq!(compute_pod_qos(&two), want, "{a:?} + {b:?}");
        }
    }
    assert_eq!(seen.len(), 3, "every class is reached: {seen:?}");
}

/// Where the two algorithms differ: an invalid container (request > limit) can be hidden
/// by summing in v1.34, and `spec.resources: {}` takes the pod-level branch.
#[test]
fn v134_specific_behaviour() {
    let spec = pod(vec![ctr("a", rl("2", "1Gi"), rl("1", "1Gi")), ctr("b", rl("1", "1Gi"), rl("2", "1Gi"))]);
    assert_eq!(compute_pod_qos(&spec), Guaranteed);
    let spec = pod_with_resources(vec![ctr("a", rl("1", "1Gi"), rl("1", "1Gi"))], ResourceRequirements::default());
    assert_eq!(compute_pod_qos(&spec), BestEffort);
}
