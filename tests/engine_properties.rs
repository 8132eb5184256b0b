//! Property-style tests: no panic on odd specs, bounded work, legal phase edges, back-off floors.

use podlife::engine::{simulate, Scenario};
use podlife::model::core::Pod;

fn pod(json: serde_json::Value) -> Pod {
    serde_json::from_value(json).expect("pod json")
}

fn legal(a: &str, b: &str) -> bool {
    a == b
        || matches!(
            (a, b),
            ("Pending", "Running")
                | ("Pending", "Succeeded")
                | ("Pending", "Failed")
                | ("Running", "Succeeded")
                | ("Running", "Failed")
        )
}

fn odd_pods() -> Vec<Pod> {
    vec![
        pod(serde_json::json!({"metadata": {"name": "empty"}, "spec": {"containers": []}})),
        pod(serde_json::json!({"metadata": {}, "spec": {"containers": [{"name": "x"}]}})),
        pod(serde_json::json!({"metadata": {"name": "neg"}, "spec": {"terminationGracePeriodSeconds": -5,
            "containers": [{"name": "a", "image": "busybox", "livenessProbe": {"periodSeconds": 0, "timeoutSeconds": -1, "failureThreshold": 0}}]}})),
        pod(
            serde_json::json!({"metadata": {"name": "gated"}, "spec": {"schedulingGates": [{"name": "g"}], "containers": [{"name": "a", "image": "nginx"}]}}),
        ),
        pod(
            serde_json::json!({"metadata": {"name": "pinned"}, "spec": {"nodeName": "node-1", "containers": [{"name": "a", "image": "nginx",
            "resources": {"requests": {"cpu": "64", "memory": "1Ei"}}}]}}),
        ),
        pod(serde_json::json!({"metadata": {"name": "sidecars"}, "spec": {"restartPolicy": "Never",
            "initContainers": [{"name": "s1", "image": "busybox", "restartPolicy": "Always", "startupProbe": {"tcpSocket": {"port": 1}}},
                               {"name": "i1", "image": "busybox"}],
            "containers": [{"name": "a", "image": "nginx", "lifecycle": {"preStop": {"sleep": {"seconds": 100000}}, "postStart": {"httpGet": {"port": "http"}}}}]}})),
    ]
}

#[test]
fn no_panic_and_legal_phases() {
    let scenarios: Vec<Scenario> = vec![
        Scenario::default(),
        serde_json::from_value(serde_json::json!({"delete": {"at": "5s", "gracePeriodSeconds": 0}})).unwrap(),
        serde_json::from_value(serde_json::json!({"delete": {"at": "30s"}, "node": {"fail": {"at": "10s"}}})).unwrap(),
        serde_json::from_value(serde_json::json!({"node": {"fail": {"at": "1s", "mode": "NotReady"}}, "until": "1h"}))
            .unwrap(),
    ];
    for p in odd_pods() {
        for s in &scenarios {
            for seed in 0..3 {
                let tl = simulate(&p, s, seed);
                let phases: Vec<&str> = tl.status.iter().map(|r| r.phase.as_str()).collect();
                for w in phases.windows(2) {
                    assert!(legal(w[0], w[1]), "{:?} {phases:?}", p.metadata.name);
                }
                assert!(tl.events.windows(2).all(|w| w[0].t_ms <= w[1].t_ms));
                let _ = tl.describe_events(tl.until_ms);
                let _ = tl.watch_lines(tl.until_ms);
                let _ = tl.state_at(-5);
                let _ = tl.state_at(i64::MAX);
            }
        }
    }
}

#[test]
fn pinned_pod_is_rejected_out_of_cpu() {
    let tl = simulate(&odd_pods()[4], &Scenario::default(), 1);
    assert_eq!(tl.events[0].reason, "OutOfcpu");
    assert_eq!(
        tl.events[0].message,
        "Node didn't have enough resource: cpu, requested: 64000, used: 0, capacity: 4000"
    );
    assert_eq!(tl.status.last().unwrap().phase, "Failed");
    assert_eq!(tl.status.last().unwrap().status, "OutOfcpu");
}

#[test]
fn gated_pod_shows_scheduling_gated() {
    let tl = simulate(&odd_pods()[3], &Scenario::default(), 1);
    assert!(tl.events.is_empty());
    assert_eq!(tl.status.last().unwrap().status, "SchedulingGated");
}

#[test]
fn huge_grace_many_probes_is_bounded() {
    let probe = serde_json::json!({"tcpSocket": {"port": 80}, "periodSeconds": 1});
    let containers: Vec<serde_json::Value> = (0..5)
        .map(|i| {
            serde_json::json!({"name": format!("c{i}"), "image": "nginx:1", "ports": [{"containerPort": 80}],
            "livenessProbe": probe, "readinessProbe": probe})
        })
        .collect();
    let p = pod(
        serde_json::json!({"metadata": {"name": "big"}, "spec": {"terminationGracePeriodSeconds": 86400, "containers": containers}}),
    );
    let s: Scenario = serde_json::from_value(serde_json::json!({"delete": {"at": "10s"}, "until": "25h"})).unwrap();
    let t0 = std::time::Instant::now();
    let tl = simulate(&p, &s, 1);
    assert!(!tl.truncated);
    assert!(t0.elapsed().as_secs() < 20);
    // State intervals, not samples.
    assert!(tl.containers.len() < 100, "{}", tl.containers.len());
}

#[test]
fn typical_pod_is_fast() {
    let p = pod(
        serde_json::json!({"metadata": {"name": "web"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27",
        "ports": [{"containerPort": 80}], "readinessProbe": {"httpGet": {"port": 80}, "periodSeconds": 10}}]}}),
    );
    let t0 = std::time::Instant::now();
    for _ in 0..20 {
        let _ = simulate(&p, &Scenario::default(), 1);
    }
    // Generous in debug builds; the release target is well under 1 ms per run.
    assert!(t0.elapsed().as_millis() < 4000);
}
