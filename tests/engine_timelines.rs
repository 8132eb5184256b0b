//! Worked timelines (kubelet-semantics.md §8) driven by probe results the engine controls.

use podlife::engine::{simulate, Scenario};
use podlife::model::core::Pod;

fn pod(json: serde_json::Value) -> Pod {
    serde_json::from_value(json).expect("pod json")
}

/// T1-shaped: a liveness probe that always fails (tcp to a closed port), period 5, threshold 3.
fn liveness_pod(policy: &str) -> Pod {
    pod(serde_json::json!({
        "metadata": {"name": "liveness-exec", "namespace": "default", "uid": "u1"},
        "spec": {"restartPolicy": policy, "terminationGracePeriodSeconds": 30,
          "containers": [{"name": "liveness", "image": "registry.k8s.io/busybox:1.27.2",
            "command": ["sh", "-c", "sleep 3600"],
            "livenessProbe": {"tcpSocket": {"port": 8080}, "initialDelaySeconds": 5, "periodSeconds": 5,
                              "timeoutSeconds": 1, "failureThreshold": 3, "successThreshold": 1}}]}
    }))
}

#[test]
fn t1_liveness_kill_restart_and_backoff() {
    let s: Scenario = serde_json::from_value(serde_json::json!({"until": "30m"})).unwrap();
    let tl = simulate(&liveness_pod("Always"), &s, 7);
    let unhealthy: Vec<i64> = tl.events.iter().filter(|e| e.reason == "Unhealthy").map(|e| e.t_ms).collect();
    assert_eq!(
        tl.events.iter().find(|e| e.reason == "Unhealthy").unwrap().message,
        "Liveness probe failed: dial tcp 10.244.0.5:8080: connect: connection refused"
    );
    // Failures are one period apart; the Killing event comes with the third.
    assert_eq!(unhealthy[1] - unhealthy[0], 5000);
    assert_eq!(unhealthy[2] - unhealthy[1], 5000);
    let kills: Vec<&podlife::engine::timeline::Event> = tl.events.iter().filter(|e| e.reason == "Killing").collect();
    assert_eq!(kills[0].message, "Container liveness failed liveness probe, will be restarted");
    assert_eq!(kills[0].t_ms, unhealthy[2]);
    // The first restart is immediate (no exited instance in the sync's snapshot).
    let starts: Vec<i64> = tl.events.iter().filter(|e| e.reason == "Started").map(|e| e.t_ms).collect();
    assert!(starts.len() >= 3, "{starts:?}");
    // Back-off never shorter than the kubelet's: once BackOff appears, the next start waits ≥ the period.
    let backoffs: Vec<i64> = tl.events.iter().filter(|e| e.reason == "BackOff").map(|e| e.t_ms).collect();
    assert!(!backoffs.is_empty());
    assert_eq!(
        tl.events.iter().find(|e| e.reason == "BackOff").unwrap().message,
        "Back-off restarting failed container liveness in pod liveness-exec_default(u1)"
    );
    let exits: Vec<(i64, i64)> = tl.grace.iter().map(|g| (g.stop_ms, g.kill_ms)).collect();
    assert!(!exits.is_empty());
    let restarts = tl.status.last().unwrap().restarts.clone();
    assert!(!restarts.starts_with('0'), "{restarts}");
    assert!(tl.transitions.iter().any(|t| t.field == "spec.containers[0].livenessProbe.failureThreshold"));
}

#[test]
fn liveness_with_never_does_not_restart() {
    let tl = simulate(&liveness_pod("Never"), &Scenario::default(), 7);
    let kill = tl.events.iter().find(|e| e.reason == "Killing").unwrap();
    assert_eq!(kill.message, "Stopping container liveness");
    assert_eq!(tl.events.iter().filter(|e| e.reason == "Started").count(), 1);
}

#[test]
fn t8_startup_probe_gates_liveness() {
    let p = pod(serde_json::json!({
        "metadata": {"name": "slow"},
        "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "ports": [{"containerPort": 80}],
          "startupProbe": {"tcpSocket": {"port": 81}, "periodSeconds": 10, "failureThreshold": 30},
          "livenessProbe": {"tcpSocket": {"port": 81}, "periodSeconds": 10, "failureThreshold": 1}}]}
    }));
    let tl = simulate(&p, &Scenario::default(), 2);
    assert!(tl.probes.iter().all(|r| r.probe == "startup"));
    let fails = tl.events.iter().filter(|e| e.reason == "Unhealthy").count();
    assert!(fails >= 29, "{fails}");
    let kill = tl.events.iter().find(|e| e.reason == "Killing").unwrap();
    assert_eq!(kill.message, "Container app failed startup probe, will be restarted");
}
