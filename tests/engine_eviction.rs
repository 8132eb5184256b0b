//! Node memory-pressure eviction (`pkg/kubelet/eviction`): the `memory.available` hard
//! threshold, the 10 s housekeeping, upstream's `evictionMessage` text, the grace override, the
//! ranking explanation, and the order against the container's own OOM kill.

use podlife::engine::{simulate, Scenario, Timeline};
use podlife::model::core::Pod;

const MI: i64 = 1 << 20;
const GI: i64 = 1 << 30;

fn pod(resources: serde_json::Value) -> Pod {
    pod_with(resources, serde_json::json!({}))
}

fn pod_with(resources: serde_json::Value, extra_spec: serde_json::Value) -> Pod {
    let mut spec = serde_json::json!({
        "containers": [{"name": "app", "image": "busybox:1.36", "command": ["sleep", "3600"],
                        "resources": resources}],
        "restartPolicy": "Always", "terminationGracePeriodSeconds": 30
    });
    if let (Some(s), Some(e)) = (spec.as_object_mut(), extra_spec.as_object()) {
        for (k, v) in e {
            s.insert(k.clone(), v.clone());
        }
    }
    serde_json::from_value(serde_json::json!({
        "metadata": {"name": "hog", "namespace": "default", "uid": "0000-uid"},
        "spec": spec
    }))
    .expect("pod json")
}

fn scen(node: serde_json::Value, memory: serde_json::Value) -> Scenario {
    serde_json::from_value(serde_json::json!({
        "until": "3m",
        "node": node,
        "containers": {"app": {"memory": memory}}
    }))
    .expect("scenario json")
}

fn evicted(tl: &Timeline) -> Option<&podlife::engine::timeline::Event> {
    tl.events.iter().find(|e| e.reason == "Evicted")
}

fn started(tl: &Timeline) -> i64 {
    tl.events.iter().find(|e| e.reason == "Started").expect("started").t_ms
}

/// The eviction manager's housekeeping instants: from the first sync (100 ms: the scheduler's
/// bind plus the watch), every 10 s after the seeded phase.
fn is_housekeeping(tl: &Timeline, t: i64) -> bool {
    let first = 100 + tl.jitter.eviction_phase_ms;
    t >= first && (t - first) % 10_000 == 0
}

#[test]
fn best_effort_pod_growing_past_allocatable_is_evicted_at_the_next_housekeeping() {
    // Allocatable 1Gi, default threshold 100Mi → capacity 1124Mi. Memory grows 10Mi/s from
    // 1000Mi, capped at 1100Mi (below capacity, so the kernel OOM killer never fires): it
    // exceeds allocatable 2.5 s after the start.
    for seed in 1..=8 {
        let s = scen(
            serde_json::json!({"memory": "1Gi"}),
            serde_json::json!({"start": "1000Mi", "perSecond": "10Mi", "max": "1100Mi"}),
        );
        let tl = simulate(&pod(serde_json::json!({})), &s, seed);
        assert_eq!(tl.qos_class, "BestEffort");
        let ev = evicted(&tl).unwrap_or_else(|| panic!("seed {seed}: no eviction: {:?}", tl.events));
        // The use crosses allocatable (available < 100Mi) when 1000Mi + 10Mi/s·dt > 1Gi.
        let crossing = started(&tl) + (24 * MI * 1000) / (10 * MI) + 1;
        assert!(is_housekeeping(&tl, ev.t_ms), "seed {seed}: {} not on the 10 s grid", ev.t_ms);
        assert!(ev.t_ms >= crossing && ev.t_ms < crossing + 10_000, "seed {seed}: {} vs {crossing}", ev.t_ms);
        assert_eq!((ev.type_.as_str(), ev.object.as_str(), ev.from.as_str()), ("Warning", "pod", "kubelet"));
        // Hard threshold: grace override 1 s, so the runtime's 2 s minimum: Killing at once,
        // SIGKILL 2 s later (sleep as PID 1 ignores SIGTERM).
        let kill = tl.events.iter().find(|e| e.reason == "Killing").expect("killing");
        assert_eq!((kill.t_ms, kill.message.as_str()), (ev.t_ms, "Stopping container app"));
        let g = tl.grace.last().expect("grace");
        assert_eq!(g.kill_ms - g.stop_ms, 2_000, "{g:?}");
        // Failed / Evicted, with the message, and DisruptionTarget=True (TerminationByKubelet).
        let last = tl.state_at(tl.until_ms);
        assert_eq!(last.phase, "Failed");
        assert_eq!(last.reason.as_deref(), Some("Evicted"));
        assert_eq!(last.message.as_deref(), Some(ev.message.as_str()));
        assert!(tl.conditions.iter().any(|c| c.type_ == "DisruptionTarget"
            && c.status == "True"
            && c.reason.as_deref() == Some("TerminationByKubelet")
            && c.t_ms == ev.t_ms));
        // The why: the MemoryPressure condition, then the ranking (trivial: one pod).
        let why: Vec<_> = tl.transitions.iter().filter(|t| t.t_ms == ev.t_ms).collect();
        assert!(why.iter().any(|t| t.rule.contains("MemoryPressure=True")
            && t.rule.contains("node.kubernetes.io/memory-pressure:NoSchedule")));
        let rank = why.iter().find(|t| t.rule.contains("rankMemoryPressure")).expect("ranking why");
        assert!(rank.rule.contains("Other pods on the node are not simulated"), "{}", rank.rule);
        assert!(rank.rule.contains("BestEffort pod (no requests) always exceeds them"), "{}", rank.rule);
        assert_eq!(rank.field, "spec.containers[0].resources");
        // Said, not faked: node-pressure eviction is no longer "not simulated", other pods are.
        assert!(tl.not_simulated.iter().any(|n| n.starts_with("other pods on the node")));
        assert!(!tl.not_simulated.iter().any(|n| n.contains("memory.available")));
        // No restart after an eviction.
        assert_eq!(tl.events.iter().filter(|e| e.reason == "Started").count(), 1);
    }
}

#[test]
fn eviction_message_is_upstreams_text() {
    // 1050Mi from the start: available = 1124Mi − 1050Mi = 74Mi < 100Mi.
    let s = scen(serde_json::json!({"memory": "1Gi"}), serde_json::json!({"start": "1050Mi"}));
    let tl = simulate(&pod(serde_json::json!({})), &s, 3);
    let ev = evicted(&tl).expect("evicted");
    assert_eq!(
        ev.message,
        "The node was low on resource: memory. Threshold quantity: 100Mi, available: 74Mi. \
         Container app was using 1050Mi, request is 0, has larger consumption of memory. "
    );
    // The first housekeeping at or after the start.
    assert!(is_housekeeping(&tl, ev.t_ms) && ev.t_ms >= started(&tl) && ev.t_ms < started(&tl) + 10_000);
}

#[test]
fn burstable_pod_over_its_request_is_evicted_with_its_request_in_the_message() {
    let res = serde_json::json!({"requests": {"memory": "256Mi"}, "limits": {"memory": "2Gi"}});
    let s = scen(serde_json::json!({"memory": "1Gi"}), serde_json::json!({"start": "1030Mi"}));
    let tl = simulate(&pod(res), &s, 5);
    assert_eq!(tl.qos_class, "Burstable");
    let ev = evicted(&tl).expect("evicted");
    assert_eq!(
        ev.message,
        "The node was low on resource: memory. Threshold quantity: 100Mi, available: 94Mi. \
         Container app was using 1030Mi, request is 256Mi, has larger consumption of memory. "
    );
    let rank = tl.transitions.iter().find(|t| t.rule.contains("rankMemoryPressure")).expect("why");
    assert_eq!(rank.field, "spec.containers[0].resources.requests.memory");
    assert!(rank.rule.contains("Burstable pod exceeds them once it uses more than it requested"));
}

#[test]
fn a_container_within_its_request_is_not_named_in_the_message() {
    // Two containers: `app` uses 1000Mi with a 1Gi request, `side` 50Mi with none.
    let p: Pod = serde_json::from_value(serde_json::json!({
        "metadata": {"name": "two", "namespace": "default", "uid": "0000-uid"},
        "spec": {"containers": [
            {"name": "app", "image": "busybox:1.36", "command": ["sleep", "3600"],
             "resources": {"requests": {"memory": "1Gi"}}},
            {"name": "side", "image": "busybox:1.36", "command": ["sleep", "3600"]}
        ], "restartPolicy": "Always"}
    }))
    .unwrap();
    let s: Scenario = serde_json::from_value(serde_json::json!({
        "node": {"memory": "1Gi"},
        "containers": {"app": {"memory": {"start": "1000Mi"}}, "side": {"memory": {"start": "50Mi"}}}
    }))
    .unwrap();
    let tl = simulate(&p, &s, 2);
    let ev = evicted(&tl).expect("evicted");
    assert_eq!(
        ev.message,
        "The node was low on resource: memory. Threshold quantity: 100Mi, available: 74Mi. \
         Container side was using 50Mi, request is 0, has larger consumption of memory. "
    );
}

#[test]
fn scenario_threshold_quantity_and_percentage() {
    let s = scen(
        serde_json::json!({"memory": "1Gi", "evictionHard": {"memory.available": "500Mi"}}),
        serde_json::json!({"start": "1050Mi"}),
    );
    let tl = simulate(&pod(serde_json::json!({})), &s, 1);
    let ev = evicted(&tl).expect("evicted");
    assert!(ev.message.contains("Threshold quantity: 500Mi, available: 474Mi. "), "{}", ev.message);
    // Under the larger threshold, 1000Mi (below allocatable) is still no pressure.
    let s = scen(
        serde_json::json!({"memory": "1Gi", "evictionHard": {"memory.available": "500Mi"}}),
        serde_json::json!({"start": "1000Mi"}),
    );
    assert!(evicted(&simulate(&pod(serde_json::json!({})), &s, 1)).is_none());
    // A percentage of capacity: 10% → capacity = 1Gi / 0.9.
    let s = scen(
        serde_json::json!({"memory": "1Gi", "evictionHard": {"memory.available": "10%"}}),
        serde_json::json!({"start": "1030Mi"}),
    );
    let tl = simulate(&pod(serde_json::json!({})), &s, 1);
    let ev = evicted(&tl).expect("evicted");
    let cap = (GI as f64 / 0.9).round() as i64;
    let thr = (cap as f64 * 0.1) as i64;
    let avail = cap - 1030 * MI;
    assert!(
        ev.message.starts_with(&format!(
            "The node was low on resource: memory. Threshold quantity: {thr}, available: {avail}. "
        )),
        "{}",
        ev.message
    );
}

#[test]
fn eviction_hard_without_memory_available_disables_memory_eviction() {
    let s = scen(
        serde_json::json!({"memory": "1Gi", "evictionHard": {"nodefs.available": "10%"}}),
        serde_json::json!({"start": "1050Mi"}),
    );
    let tl = simulate(&pod(serde_json::json!({})), &s, 1);
    assert!(evicted(&tl).is_none());
    assert!(tl.not_simulated.iter().any(|n| n.contains("nodefs.available<10%")), "{:?}", tl.not_simulated);
    // `0` disables it too; garbage is said to be ignored.
    let s = scen(
        serde_json::json!({"memory": "1Gi", "evictionHard": {"memory.available": "0"}}),
        serde_json::json!({"start": "1050Mi"}),
    );
    assert!(evicted(&simulate(&pod(serde_json::json!({})), &s, 1)).is_none());
    let s = scen(
        serde_json::json!({"memory": "1Gi", "evictionHard": {"memory.available": "lots"}}),
        serde_json::json!({"start": "1050Mi"}),
    );
    let tl = simulate(&pod(serde_json::json!({})), &s, 1);
    assert!(evicted(&tl).is_none());
    assert!(tl.not_simulated.iter().any(|n| n.contains("not a valid threshold")));
}

#[test]
fn usage_below_allocatable_is_no_pressure() {
    let s = scen(serde_json::json!({"memory": "1Gi"}), serde_json::json!({"start": "1000Mi"}));
    let tl = simulate(&pod(serde_json::json!({})), &s, 1);
    assert!(evicted(&tl).is_none());
    assert!(!tl.transitions.iter().any(|t| t.rule.contains("MemoryPressure")));
}

#[test]
fn the_containers_own_lower_limit_oom_kills_first() {
    // Limit 900Mi < allocatable: the cgroup OOM kill comes at 900Mi, long before any node
    // pressure; the container restarts and is never evicted.
    let res = serde_json::json!({"requests": {"memory": "100Mi"}, "limits": {"memory": "900Mi"}});
    let s = scen(serde_json::json!({"memory": "1Gi"}), serde_json::json!({"start": "10Mi", "perSecond": "100Mi"}));
    let tl = simulate(&pod(res), &s, 1);
    assert!(evicted(&tl).is_none());
    assert!(tl.containers.iter().any(|i| i.reason.as_deref() == Some("OOMKilled")));
    let why = tl.transitions.iter().find(|t| t.rule.contains("OOM killer")).expect("why");
    assert_eq!(why.field, "spec.containers[0].resources.limits.memory");
}

#[test]
fn fast_growth_reaches_the_node_capacity_before_the_housekeeping() {
    // No limit, 2Gi/s: from 1Gi (allocatable) to 1124Mi (capacity) takes 49 ms, so the kernel
    // OOM-kills the process at the kubepods cgroup's limit before the eviction manager looks.
    let s = scen(serde_json::json!({"memory": "1Gi"}), serde_json::json!({"start": "10Mi", "perSecond": "2Gi"}));
    let tl = simulate(&pod(serde_json::json!({})), &s, 1);
    let first = tl.containers.iter().find(|i| i.state == "terminated").expect("terminated");
    assert_eq!((first.reason.as_deref(), first.exit_code), (Some("OOMKilled"), Some(137)));
    let why = tl.transitions.iter().find(|t| t.rule.contains("node's memory capacity")).expect("why");
    assert!(why.rule.contains("1124Mi"), "{}", why.rule);
    // The memory chart never shows more than the capacity.
    assert!(tl.usage.iter().all(|u| u.memory_bytes <= (1124 * MI) as u64 + (2 * MI) as u64));
}

#[test]
fn a_critical_pod_is_never_evicted() {
    let s = scen(serde_json::json!({"memory": "1Gi"}), serde_json::json!({"start": "1050Mi"}));
    let p = pod_with(serde_json::json!({}), serde_json::json!({"priority": 2000001000}));
    let tl = simulate(&p, &s, 1);
    assert!(evicted(&tl).is_none());
    assert_eq!(tl.transitions.iter().filter(|t| t.rule.contains("critical pod")).count(), 1);
    assert!(tl.transitions.iter().any(|t| t.rule.contains("MemoryPressure=True")));
}
