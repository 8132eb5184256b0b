//! End-to-end tests of `podlife::engine::simulate` on engine-owned behaviour
//! (scheduling, image pulls, start events, probes via declared ports, deletion, back-off).

use podlife::engine::{simulate, Scenario, Timeline};
use podlife::model::core::Pod;

fn pod(json: serde_json::Value) -> Pod {
    serde_json::from_value(json).expect("pod json")
}

fn scen(json: serde_json::Value) -> Scenario {
    serde_json::from_value(json).expect("scenario json")
}

fn basic(image: &str) -> Pod {
    pod(serde_json::json!({
        "metadata": {"name": "web", "namespace": "default", "uid": "0000-uid"},
        "spec": {"containers": [{"name": "app", "image": image, "ports": [{"containerPort": 80}]}],
                 "restartPolicy": "Always", "terminationGracePeriodSeconds": 30}
    }))
}

fn reasons(tl: &Timeline) -> Vec<String> {
    tl.events.iter().map(|e| e.reason.clone()).collect()
}

#[test]
fn schedules_pulls_creates_starts() {
    let tl = simulate(&basic("nginx:1.27"), &Scenario::default(), 1);
    let r = reasons(&tl);
    assert_eq!(&r[..5], ["Scheduled", "Pulling", "Pulled", "Created", "Started"], "{r:?}");
    assert_eq!(tl.events[0].message, "Successfully assigned default/web to node-1");
    assert_eq!(tl.events[0].from, "default-scheduler");
    assert_eq!(tl.events[1].message, "Pulling image \"nginx:1.27\"");
    assert_eq!(
        tl.events[2].message,
        "Successfully pulled image \"nginx:1.27\" in 2s (2s including waiting). Image size: 10485760 bytes."
    );
    assert_eq!(tl.events[2].t_ms - tl.events[1].t_ms, 2000);
    assert_eq!(tl.events[3].message, "Created container: app");
    assert_eq!(tl.events[4].message, "Started container app");
    let last = tl.status.last().unwrap();
    assert_eq!((last.phase.as_str(), last.ready.as_str(), last.status.as_str()), ("Running", "1/1", "Running"));
    assert_eq!(tl.status[0].t_ms, 0);
    assert!(!tl.truncated);
}

#[test]
fn image_present_event() {
    let s = scen(serde_json::json!({"images": {"nginx:1.27": {"present": true}}}));
    let tl = simulate(&basic("nginx:1.27"), &s, 1);
    let e = tl.events.iter().find(|e| e.reason == "Pulled").unwrap();
    assert_eq!(e.message, "Container image \"nginx:1.27\" already present on machine");
}

#[test]
fn insufficient_cpu_is_unschedulable() {
    let mut p = basic("nginx:1.27");
    p.spec.as_mut().unwrap().containers[0].resources =
        serde_json::from_value(serde_json::json!({"requests": {"cpu": "8"}})).unwrap();
    let tl = simulate(&p, &Scenario::default(), 1);
    assert_eq!(tl.events.len(), 1);
    assert_eq!(tl.events[0].reason, "FailedScheduling");
    assert!(
        tl.events[0].message.starts_with("0/1 nodes are available: 1 Insufficient cpu. preemption:"),
        "{}",
        tl.events[0].message
    );
    assert_eq!(tl.status.last().unwrap().phase, "Pending");
    let st = tl.state_at(5_000);
    let c = st.conditions.iter().find(|c| c.type_ == "PodScheduled").unwrap();
    assert_eq!((c.status.as_str(), c.reason.as_deref()), ("False", Some("Unschedulable")));
}

#[test]
fn invalid_image_name() {
    let tl = simulate(&basic("Nginx::bad"), &Scenario::default(), 1);
    assert!(reasons(&tl).contains(&"InspectFailed".to_string()));
    // The reason cache feeds the *next* status generation (the 10–15 s error requeue).
    assert_eq!(tl.state_at(5_000).row.status, "ContainerCreating");
    assert_eq!(tl.state_at(20_000).row.status, "InvalidImageName");
}

#[test]
fn image_pull_backoff_doubles() {
    let s = scen(serde_json::json!({"images": {"nginx:nope": {"fail": "ErrImagePull", "pull": "1s"}}}));
    let tl = simulate(&basic("nginx:nope"), &s, 3);
    let pulls: Vec<i64> = tl.events.iter().filter(|e| e.reason == "Pulling").map(|e| e.t_ms).collect();
    assert!(pulls.len() >= 4, "{pulls:?}");
    // Attempts are separated by at least the image back-off (10, 20, 40 s) plus the pull time.
    for (i, w) in pulls.windows(2).enumerate() {
        let min = 10_000i64 << i.min(5);
        assert!(w[1] - w[0] >= min.min(300_000), "{pulls:?}");
    }
    let statuses: Vec<&str> = tl.status.iter().map(|s| s.status.as_str()).collect();
    assert!(statuses.contains(&"ErrImagePull") && statuses.contains(&"ImagePullBackOff"), "{statuses:?}");
}

#[test]
fn missing_configmap() {
    let mut p = basic("nginx:1.27");
    p.spec.as_mut().unwrap().containers[0].env = serde_json::from_value(serde_json::json!([
        {"name": "LOG_LEVEL", "valueFrom": {"configMapKeyRef": {"name": "app-config", "key": "LOG_LEVEL"}}}
    ]))
    .unwrap();
    let s = scen(serde_json::json!({"configMaps": []}));
    let tl = simulate(&p, &s, 1);
    let e = tl.events.iter().find(|e| e.reason == "Failed").unwrap();
    assert_eq!(e.message, "Error: configmap \"app-config\" not found");
    assert_eq!(tl.state_at(30_000).row.status, "CreateContainerConfigError");
    let s = scen(serde_json::json!({"configMaps": [{"name": "app-config", "keys": ["OTHER"]}]}));
    let tl = simulate(&p, &s, 1);
    let e = tl.events.iter().find(|e| e.reason == "Failed").unwrap();
    assert_eq!(e.message, "Error: couldn't find key LOG_LEVEL in ConfigMap default/app-config");
}

/// Every reference kind (envFrom and env, ConfigMap and Secret): the error text and the spec
/// field the transition names; optional references are skipped.
#[test]
fn missing_config_references_name_their_field() {
    let cases = [
        (
            serde_json::json!({"envFrom": [{"configMapRef": {"name": "c", "optional": true}}, {"secretRef": {"name": "s"}}]}),
            serde_json::json!({"secrets": [{"name": "other"}]}),
            "secret \"s\" not found",
            "spec.containers[0].envFrom[1].secretRef",
        ),
        (
            serde_json::json!({"envFrom": [{"configMapRef": {"name": "c"}}]}),
            serde_json::json!({"configMaps": []}),
            "configmap \"c\" not found",
            "spec.containers[0].envFrom[0].configMapRef",
        ),
        (
            serde_json::json!({"env": [{"name": "A", "value": "x"}, {"name": "B", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}}]}),
            serde_json::json!({"secrets": [{"name": "s", "keys": ["j"]}]}),
            "couldn't find key k in Secret default/s",
            "spec.containers[0].env[1].valueFrom.secretKeyRef",
        ),
        (
            serde_json::json!({"env": [{"name": "B", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}}]}),
            serde_json::json!({"secrets": []}),
            "secret \"s\" not found",
            "spec.containers[0].env[0].valueFrom.secretKeyRef",
        ),
        (
            serde_json::json!({"env": [{"name": "B", "valueFrom": {"configMapKeyRef": {"name": "c", "key": "k"}}}]}),
            serde_json::json!({"configMaps": [{"name": "c", "keys": ["j"]}]}),
            "couldn't find key k in ConfigMap default/c",
            "spec.containers[0].env[0].valueFrom.configMapKeyRef",
        ),
    ];
    for (refs, scenario, message, field) in cases {
        let mut p = basic("nginx:1.27");
        let c = &mut p.spec.as_mut().unwrap().containers[0];
        if let Some(e) = refs.get("env") {
            c.env = serde_json::from_value(e.clone()).unwrap();
        }
        if let Some(e) = refs.get("envFrom") {
            c.env_from = serde_json::from_value(e.clone()).unwrap();
        }
        let tl = simulate(&p, &scen(scenario), 1);
        let e = tl.events.iter().find(|e| e.reason == "Failed").unwrap();
        assert_eq!(e.message, format!("Error: {message}"));
        assert!(tl.transitions.iter().any(|t| t.field == field), "{field}: {:?}", tl.transitions);
    }
    // Optional references never fail the start.
    let mut p = basic("nginx:1.27");
    p.spec.as_mut().unwrap().containers[0].env_from =
        serde_json::from_value(serde_json::json!([{"secretRef": {"name": "s", "optional": true}}])).unwrap();
    let tl = simulate(&p, &scen(serde_json::json!({"secrets": []})), 1);
    assert!(!tl.events.iter().any(|e| e.reason == "Failed"));
}

#[test]
fn delete_finishes_within_grace_plus_floor() {
    let s = scen(serde_json::json!({"delete": {"at": "60s", "gracePeriodSeconds": 10}}));
    let tl = simulate(&basic("nginx:1.27"), &s, 5);
    let kill = tl.events.iter().find(|e| e.reason == "Killing").unwrap();
    assert_eq!(kill.message, "Stopping container app");
    assert_eq!(kill.t_ms, 60_100);
    // nginx images declare STOPSIGNAL SIGQUIT (image-behaviours.md §1.2): the runtime sends that.
    assert!(tl.signals.iter().any(|s| s.signal == "SIGQUIT" && s.t_ms == 60_100));
    let removed = tl.removed_ms.expect("removed");
    assert!(removed <= 60_000 + 10_000 + 2_000 + 2_000, "{removed}");
    assert_eq!(tl.state_at(60_050).row.status, "Terminating");
    // Once the terminal phase is written kubectl (1.31+) no longer shows Terminating.
    assert_eq!(tl.state_at(removed - 1).phase, "Succeeded");
    assert!(tl.status.last().unwrap().deleted);
}

#[test]
fn deterministic_same_seed() {
    let s = scen(serde_json::json!({"delete": {"at": "100s"}}));
    let mut p = basic("nginx:1.27");
    p.spec.as_mut().unwrap().containers[0].readiness_probe =
        serde_json::from_value(serde_json::json!({"httpGet": {"path": "/", "port": 80}, "periodSeconds": 1})).unwrap();
    let a = serde_json::to_string(&simulate(&p, &s, 42)).unwrap();
    let b = serde_json::to_string(&simulate(&p, &s, 42)).unwrap();
    assert_eq!(a, b);
}

#[test]
fn readiness_probe_makes_ready() {
    let mut p = basic("nginx:1.27");
    p.spec.as_mut().unwrap().containers[0].readiness_probe =
        serde_json::from_value(serde_json::json!({"tcpSocket": {"port": 80}, "periodSeconds": 5})).unwrap();
    let tl = simulate(&p, &Scenario::default(), 9);
    assert!(tl.probes.iter().any(|r| r.probe == "readiness" && r.result == "success"));
    assert_eq!(tl.status.last().unwrap().ready, "1/1");
    // Time is monotonic everywhere.
    assert!(tl.events.windows(2).all(|w| w[0].t_ms <= w[1].t_ms));
    assert!(tl.status.windows(2).all(|w| w[0].t_ms < w[1].t_ms));
    assert!(tl.probes.windows(2).all(|w| w[0].t_ms <= w[1].t_ms));
}

#[test]
fn schema_of_json() {
    let tl = simulate(&basic("nginx:1.27"), &Scenario::default(), 1);
    let v = serde_json::to_value(&tl).unwrap();
    for k in [
        "pod",
        "seed",
        "qosClass",
        "events",
        "status",
        "containers",
        "probes",
        "hooks",
        "signals",
        "grace",
        "conditions",
        "transitions",
        "inferred",
        "jitter",
        "not_simulated",
        "truncated",
    ] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    assert_eq!(v["qosClass"], "BestEffort");
    let desc = tl.describe_events(600_000);
    assert!(desc.contains("Normal  Scheduled"), "{desc}");
    assert!(tl.watch_lines(600_000).starts_with("NAME"));
}
