//! EndpointSlice conditions of one pod over time, as the EndpointSlice controller writes them,
//! and kube-proxy's choice among endpoints.
//!
//! Upstream rules (Kubernetes 1.34):
//! - `ShouldPodBeInEndpoints(pod, includeTerminating=true)`
//!   (`staging/src/k8s.io/endpointslice/util/controller_utils.go`, called with `true` by the
//!   EndpointSlice reconciler): a pod is an endpoint unless its phase is terminal
//!   (Succeeded/Failed) or it has no pod IP; terminating pods stay.
//! - `podToEndpoint` (`staging/src/k8s.io/endpointslice/utils.go`): `serving` = pod Ready
//!   (`IsPodReady`), `terminating` = `deletionTimestamp != nil`, `ready` =
//!   `publishNotReadyAddresses || (serving && !terminating)`.
//! - kube-proxy `CategorizeEndpoints` (`pkg/proxy/topology.go`): cluster traffic goes to the
//!   ready endpoints; when there is none, to the endpoints that are serving and terminating;
//!   when there is none of those either the service has no usable endpoint and the rule
//!   REJECTs (the client sees "connection refused").
//! - A pod that is gone from the API is in no EndpointSlice.

use crate::engine::timeline::PodState;
use crate::engine::Timeline;

/// `discovery.EndpointConditions` of one pod's endpoint.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Conditions {
    pub ready: bool,
    pub serving: bool,
    pub terminating: bool,
}

/// What the EndpointSlice says about one pod over `[from_ms, to_ms)` (`to_ms` None = until
/// the end); `endpoint` None = the pod is in no EndpointSlice then.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EndpointSpan {
    pub from_ms: i64,
    pub to_ms: Option<i64>,
    pub endpoint: Option<Conditions>,
}

/// The pod facts the endpoint rules read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PodFacts {
    /// `status.phase` is Succeeded or Failed.
    pub terminal: bool,
    /// `status.podIP` is set.
    pub has_ip: bool,
    /// The Ready condition is True.
    pub ready: bool,
    /// `metadata.deletionTimestamp` is set.
    pub deleting: bool,
    /// The object is gone from the API.
    pub gone: bool,
}

/// `ShouldPodBeInEndpoints(pod, true)` then `podToEndpoint`: the endpoint of a pod, if any.
pub fn endpoint(p: PodFacts, publish_not_ready_addresses: bool) -> Option<Conditions> {
    if p.gone || p.terminal || !p.has_ip {
        return None;
    }
    let serving = p.ready;
    let terminating = p.deleting;
    Some(Conditions { ready: publish_not_ready_addresses || (serving && !terminating), serving, terminating })
}

/// kube-proxy's usable endpoints among `(index, conditions)`: the ready ones, else the serving
/// terminating ones (`CategorizeEndpoints`). Empty = REJECT.
pub fn usable(endpoints: &[(usize, Conditions)]) -> Vec<usize> {
    let ready: Vec<usize> = endpoints.iter().filter(|(_, c)| c.ready).map(|(i, _)| *i).collect();
    if !ready.is_empty() {
        return ready;
    }
    endpoints.iter().filter(|(_, c)| c.serving && c.terminating).map(|(i, _)| *i).collect()
}

/// The facts of a pod state.
pub fn facts(s: &PodState) -> PodFacts {
    let cond = |t: &str| s.conditions.iter().any(|c| c.type_ == t && c.status == "True");
    PodFacts {
        terminal: s.phase == "Succeeded" || s.phase == "Failed",
        // The engine's pod has an IP once its sandbox is up (`PodReadyToStartContainers`).
        has_ip: cond("PodReadyToStartContainers"),
        ready: cond("Ready"),
        deleting: s.deletion_timestamp_ms.is_some(),
        gone: s.deleted,
    }
}

/// The EndpointSlice's view of the pod of `timeline` over time, in fleet time (the pod was
/// created at `created_ms`), merged into maximal spans. Before creation: no endpoint.
pub fn spans(timeline: &Timeline, created_ms: i64, publish_not_ready_addresses: bool) -> Vec<EndpointSpan> {
    let mut out: Vec<EndpointSpan> = Vec::new();
    let push = |t: i64, e: Option<Conditions>, out: &mut Vec<EndpointSpan>| {
        if let Some(last) = out.last_mut() {
            if last.endpoint == e {
                return;
            }
            if last.from_ms == t {
                last.endpoint = e;
                // Merge with the span before, if this made them equal.
                if out.len() >= 2 && out[out.len() - 2].endpoint == e {
                    out.pop();
                    if let Some(l) = out.last_mut() {
                        l.to_ms = None;
                    }
                }
                return;
            }
            last.to_ms = Some(t);
        }
        out.push(EndpointSpan { from_ms: t, to_ms: None, endpoint: e });
    };
    push(i64::MIN, None, &mut out);
    for s in &timeline.snapshots {
        push(created_ms.saturating_add(s.t_ms), endpoint(facts(s), publish_not_ready_addresses), &mut out);
    }
    out
}

/// The same spans `delay_ms` later: what a kube-proxy acting after that delay programs.
pub fn delayed(spans: &[EndpointSpan], delay_ms: i64) -> Vec<EndpointSpan> {
    spans
        .iter()
        .map(|s| EndpointSpan {
            from_ms: if s.from_ms == i64::MIN { i64::MIN } else { s.from_ms.saturating_add(delay_ms) },
            to_ms: s.to_ms.map(|t| t.saturating_add(delay_ms)),
            endpoint: s.endpoint,
        })
        .collect()
}

/// The endpoint at `t` (spans sorted, contiguous).
pub fn at(spans: &[EndpointSpan], t: i64) -> Option<Conditions> {
    let i = spans.partition_point(|s| s.from_ms <= t);
    i.checked_sub(1).and_then(|i| spans.get(i)).and_then(|s| s.endpoint)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The condition table of upstream `TestPodToEndpoint`
    /// (`staging/src/k8s.io/endpointslice/utils_test.go`: "Ready pod", "Not Ready pod",
    /// "Ready pod + publishNotReadyAddresses", "Not Ready pod + publishNotReadyAddresses",
    /// "Ready and Terminating pod", "Not Ready and Terminating pod", the same two with
    /// publishNotReadyAddresses) and of `TestShouldPodBeInEndpoints`
    /// (`staging/src/k8s.io/endpointslice/util/controller_utils_test.go`: terminal phases and
    /// empty pod IPs are out; terminating pods are in with includeTerminating).
    #[test]
    fn upstream_condition_table() {
        let pod = |ready: bool, deleting: bool| PodFacts { has_ip: true, ready, deleting, ..Default::default() };
        let c = |ready, serving, terminating| Some(Conditions { ready, serving, terminating });
        let cases = [
            ("Ready pod", pod(true, false), false, c(true, true, false)),
            ("Not Ready pod", pod(false, false), false, c(false, false, false)),
            ("Ready pod + publishNotReadyAddresses", pod(true, false), true, c(true, true, false)),
            ("Not Ready pod + publishNotReadyAddresses", pod(false, false), true, c(true, false, false)),
            ("Ready and Terminating pod", pod(true, true), false, c(false, true, true)),
            ("Not Ready and Terminating pod", pod(false, true), false, c(false, false, true)),
            ("Ready and Terminating pod + publishNotReadyAddresses", pod(true, true), true, c(true, true, true)),
            ("Not Ready and Terminating pod + publishNotReadyAddresses", pod(false, true), true, c(true, false, true)),
            ("Failed/Succeeded pod (terminal)", PodFacts { terminal: true, ..pod(true, false) }, false, None),
            ("Empty Pod IPs", PodFacts { has_ip: false, ..pod(true, false) }, false, None),
            ("Empty Pod IPs + publishNotReadyAddresses", PodFacts { has_ip: false, ..pod(false, false) }, true, None),
            ("Gone from the API", PodFacts { gone: true, ..pod(true, true) }, false, None),
        ];
        for (name, facts, publish, want) in cases {
            assert_eq!(endpoint(facts, publish), want, "{name}");
        }
    }

    /// `CategorizeEndpoints`: ready first, serving-terminating as a fallback, else nothing.
    #[test]
    fn proxy_choice() {
        let e = |ready, serving, terminating| Conditions { ready, serving, terminating };
        let eps = [(0, e(true, true, false)), (1, e(false, true, true)), (2, e(false, false, false))];
        assert_eq!(usable(&eps), vec![0]);
        assert_eq!(usable(&eps[1..]), vec![1], "no ready endpoint: serving terminating ones");
        assert_eq!(usable(&eps[2..]), Vec::<usize>::new(), "not ready and not terminating: REJECT");
        assert_eq!(usable(&[(3, e(false, false, true))]), Vec::<usize>::new(), "terminating but not serving");
    }

    #[test]
    fn spans_are_contiguous_and_delayed() {
        let s = vec![
            EndpointSpan { from_ms: i64::MIN, to_ms: Some(1000), endpoint: None },
            EndpointSpan {
                from_ms: 1000,
                to_ms: None,
                endpoint: Some(Conditions { ready: true, serving: true, terminating: false }),
            },
        ];
        assert_eq!(at(&s, 999), None);
        assert!(at(&s, 1000).is_some());
        let d = delayed(&s, 500);
        assert_eq!(at(&d, 1499), None);
        assert!(at(&d, 1500).is_some());
    }
}
