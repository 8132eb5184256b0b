//! Upstream `pkg/printers/internalversion/printers_test.go` ported to podlife's printer:
//! `TestPrintPod`, `TestPrintPodWithRestartableInitContainer`, `TestPrintPodwide`,
//! `TestPrintPodConditions`, `TestPrintPodList` and `TestPrintNonTerminatedPod`, plus
//! derived cases for rules those tables do not reach and a pod built from
//! `kubectl get pod -o yaml`-shaped JSON.
//!
//! Upstream uses `time.Now().Add(-10 * time.Second)`; here every time is relative to a fixed
//! `now()`.

use podlife::model::core::{
    Container, ContainerState, ContainerStateRunning, ContainerStateTerminated, ContainerStateWaiting, ContainerStatus,
    Pod, PodCondition, PodIP, PodReadinessGate, PodSpec, PodStatus,
};
use podlife::model::meta::{ObjectMeta, Time};
use podlife::model::{SignedDuration, Timestamp};
use podlife::printer::{format_table, print_pod, print_pod_wide, row_completed, PodRow, RowCompleted, WideCells};

fn now() -> Timestamp {
    Timestamp::from_second(1_750_000_000).expect("valid timestamp")
}

fn ago(seconds: i64) -> Time {
    Time(now() - SignedDuration::from_secs(seconds))
}

const MIN: i64 = 60;
const DAY: i64 = 24 * 60 * 60;

fn running() -> Option<ContainerState> {
    Some(ContainerState { running: Some(ContainerStateRunning::default()), ..Default::default() })
}

fn waiting(reason: &str) -> Option<ContainerState> {
    Some(ContainerState {
        waiting: Some(ContainerStateWaiting {
            reason: (!reason.is_empty()).then(|| reason.to_string()),
            ..Default::default()
        }),
        ..Default::default()
    })
}

fn terminated(reason: &str, exit_code: i32) -> Option<ContainerState> {
    Some(ContainerState {
        terminated: Some(ContainerStateTerminated {
            reason: (!reason.is_empty()).then(|| reason.to_string()),
            exit_code,
            ..Default::default()
        }),
        ..Default::default()
    })
}

fn finished(seconds_ago: i64) -> Option<ContainerState> {
    Some(ContainerState {
        terminated: Some(ContainerStateTerminated { finished_at: Some(ago(seconds_ago)), ..Default::default() }),
        ..Default::default()
    })
}

/// A container status: `ready`, `restartCount`, `state`.
fn cs(ready: bool, restarts: i32, state: Option<ContainerState>) -> ContainerStatus {
    ContainerStatus { ready, restart_count: restarts, state, ..Default::default() }
}

/// Adds `lastState.terminated.finishedAt = now - seconds_ago`.
fn last(mut s: ContainerStatus, seconds_ago: i64) -> ContainerStatus {
    s.last_state = finished(seconds_ago);
    s
}

fn named(mut s: ContainerStatus, name: &str) -> ContainerStatus {
    s.name = name.into();
    s
}

fn started(mut s: ContainerStatus, started: bool) -> ContainerStatus {
    s.started = Some(started);
    s
}

fn cond(type_: &str, status: &str) -> PodCondition {
    PodCondition { type_: type_.into(), status: status.into(), ..Default::default() }
}

fn sidecar(name: &str) -> Container {
    Container { name: name.into(), restart_policy: Some("Always".into()), ..Default::default() }
}

fn blank(n: usize) -> Vec<Container> {
    vec![Container::default(); n]
}

fn pod(name: &str, inits: Vec<Container>, containers: usize, status: PodStatus) -> Pod {
    Pod {
        metadata: ObjectMeta { name: Some(name.into()), ..Default::default() },
        spec: Some(PodSpec {
            init_containers: (!inits.is_empty()).then_some(inits),
            containers: blank(containers),
            ..Default::default()
        }),
        status: Some(status),
    }
}

fn deleted(mut p: Pod) -> Pod {
    p.metadata.deletion_timestamp = Some(ago(10));
    p
}

fn status(phase: &str, statuses: Vec<ContainerStatus>) -> PodStatus {
    PodStatus { phase: Some(phase.into()), container_statuses: Some(statuses), ..Default::default() }
}

fn status_init(
    phase: &str,
    inits: Vec<ContainerStatus>,
    statuses: Vec<ContainerStatus>,
    conditions: Vec<PodCondition>,
) -> PodStatus {
    PodStatus {
        phase: Some(phase.into()),
        init_container_statuses: Some(inits),
        container_statuses: Some(statuses),
        conditions: (!conditions.is_empty()).then_some(conditions),
        ..Default::default()
    }
}

fn row(name: &str, ready: &str, st: &str, restarts: &str) -> PodRow {
    PodRow {
        name: name.into(),
        ready: ready.into(),
        status: st.into(),
        restarts: restarts.into(),
        age: "<unknown>".into(),
    }
}

fn check(cases: Vec<(Pod, PodRow)>) {
    for (i, (p, want)) in cases.into_iter().enumerate() {
        let got = print_pod(&p, now());
        assert_eq!(got.row, want, "case {i}: why = {}", got.why);
        assert!(!got.why.is_empty(), "case {i}");
    }
}

fn succeeded() -> Option<RowCompleted> {
    Some(RowCompleted { reason: "Succeeded", message: "The pod has completed successfully." })
}

fn failed() -> Option<RowCompleted> {
    Some(RowCompleted { reason: "Failed", message: "The pod failed." })
}

#[test]
fn print_pod_table() {
    let p = "podPhase";
    let mut ready_cond = status("Running", vec![cs(true, 3, terminated("Completed", 0)), cs(true, 3, running())]);
    ready_cond.conditions = Some(vec![cond("Ready", "True")]);
    let mut gated = status(p, vec![]);
    gated.container_statuses = None;
    gated.conditions =
        Some(vec![PodCondition { reason: Some("SchedulingGated".into()), ..cond("PodScheduled", "False") }]);
    let mut with_reason = status(p, vec![cs(true, 3, running()), cs(true, 3, None)]);
    with_reason.reason = Some("podReason".into());
    let cases = vec![
        (
            pod("test1", vec![], 2, status(p, vec![cs(true, 3, running()), cs(false, 3, None)])),
            row("test1", "1/2", p, "6"),
        ),
        (
            pod(
                "test2",
                vec![],
                2,
                status(p, vec![cs(true, 3, running()), cs(false, 3, waiting("ContainerWaitingReason"))]),
            ),
            row("test2", "1/2", "ContainerWaitingReason", "6"),
        ),
        (
            pod(
                "test3",
                vec![],
                2,
                status(
                    p,
                    vec![
                        cs(false, 3, waiting("ContainerWaitingReason")),
                        cs(false, 3, terminated("ContainerTerminatedReason", 0)),
                    ],
                ),
            ),
            row("test3", "0/2", "ContainerWaitingReason", "6"),
        ),
        (
            pod("test4", vec![], 2, status(p, vec![cs(true, 3, running()), cs(true, 3, None)])),
            row("test4", "1/2", p, "6"),
        ),
        (pod("test5", vec![], 2, with_reason), row("test5", "1/2", "podReason", "6")),
        (
            pod(
                "test6",
                vec![],
                2,
                status("Running", vec![cs(true, 3, terminated("Completed", 0)), cs(true, 3, running())]),
            ),
            row("test6", "1/2", "NotReady", "6"),
        ),
        (pod("test6", vec![], 2, ready_cond), row("test6", "1/2", "Running", "6")),
        (
            pod(
                "test7",
                blank(1),
                1,
                status_init(p, vec![last(cs(false, 3, running()), 10)], vec![cs(false, 0, waiting(""))], vec![]),
            ),
            row("test7", "0/1", "Init:0/1", "3 (10s ago)"),
        ),
        (
            pod(
                "test8",
                blank(2),
                1,
                status_init(
                    p,
                    vec![last(cs(false, 3, running()), 10), cs(false, 0, waiting(""))],
                    vec![cs(false, 0, waiting(""))],
                    vec![],
                ),
            ),
            row("test8", "0/1", "Init:0/2", "3 (10s ago)"),
        ),
        (
            pod(
                "test9",
                blank(2),
                1,
                status_init(
                    p,
                    vec![cs(false, 0, terminated("", 0)), last(cs(false, 3, running()), 10)],
                    vec![cs(false, 0, waiting(""))],
                    vec![],
                ),
            ),
            row("test9", "0/1", "Init:1/2", "3 (10s ago)"),
        ),
        (
            pod(
                "test10",
                blank(2),
                1,
                status_init(
                    p,
                    vec![last(cs(false, 2, terminated("", 0)), 2 * MIN), last(cs(false, 3, running()), 10)],
                    vec![cs(false, 0, waiting(""))],
                    vec![],
                ),
            ),
            row("test10", "0/1", "Init:1/2", "5 (10s ago)"),
        ),
        (
            pod(
                "test11",
                blank(1),
                1,
                status_init(
                    "Running",
                    vec![last(cs(false, 2, terminated("", 0)), 2 * MIN)],
                    vec![last(cs(false, 4, running()), 20)],
                    vec![],
                ),
            ),
            row("test11", "0/1", "Running", "4 (20s ago)"),
        ),
        (
            pod("test12", vec![], 1, status("Running", vec![last(cs(true, 3, running()), 5 * DAY)])),
            row("test12", "1/1", "Running", "3 (5d ago)"),
        ),
        (
            pod(
                "test13",
                vec![],
                2,
                status("Running", vec![cs(true, 0, running()), last(cs(true, 3, running()), 10 * DAY)]),
            ),
            row("test13", "2/2", "Running", "3 (10d ago)"),
        ),
        (
            pod(
                "test14",
                vec![],
                2,
                status("Running", vec![last(cs(true, 6, running()), 5 * DAY), last(cs(true, 3, running()), 20 * DAY)]),
            ),
            row("test14", "2/2", "Running", "9 (5d ago)"),
        ),
        (pod("test15", vec![], 2, gated), row("test15", "0/2", "SchedulingGated", "0")),
        (
            pod("test16", vec![], 1, status("Succeeded", vec![cs(false, 0, terminated("Completed", 0))])),
            row("test16", "0/1", "Completed", "0"),
        ),
        (
            pod("test17", vec![], 1, status("Failed", vec![cs(false, 0, terminated("Error", 1))])),
            row("test17", "0/1", "Error", "0"),
        ),
        (
            deleted(pod("test18", vec![], 1, status("Succeeded", vec![cs(false, 0, terminated("Completed", 0))]))),
            row("test18", "0/1", "Completed", "0"),
        ),
        (
            deleted(pod("test19", vec![], 1, status("Running", vec![cs(false, 0, running())]))),
            row("test19", "0/1", "Terminating", "0"),
        ),
        (deleted(pod("test20", vec![], 1, status("Pending", vec![]))), row("test20", "0/1", "Terminating", "0")),
    ];
    assert_eq!(cases.len(), 21);
    check(cases);
}

#[test]
fn print_pod_with_restartable_init_container_table() {
    let two_sidecars = || vec![sidecar("restartable-init-1"), sidecar("restartable-init-2")];
    let cases = vec![
        (
            pod(
                "test1",
                two_sidecars(),
                1,
                status_init(
                    "Pending",
                    vec![
                        started(named(last(cs(false, 3, running()), 10), "restartable-init-1"), false),
                        started(named(cs(false, 0, waiting("")), "restartable-init-2"), false),
                    ],
                    vec![cs(false, 0, waiting(""))],
                    vec![cond("Initialized", "False")],
                ),
            ),
            row("test1", "0/3", "Init:0/2", "3 (10s ago)"),
        ),
        (
            pod(
                "test1",
                two_sidecars(),
                1,
                status_init(
                    "Pending",
                    vec![
                        started(named(last(cs(false, 3, running()), 10), "restartable-init-1"), true),
                        started(named(cs(false, 0, running()), "restartable-init-2"), false),
                    ],
                    vec![cs(false, 0, waiting(""))],
                    vec![cond("Initialized", "False")],
                ),
            ),
            row("test1", "0/3", "Init:1/2", "3 (10s ago)"),
        ),
        (
            pod(
                "test2",
                two_sidecars(),
                1,
                status_init(
                    "Running",
                    vec![
                        started(named(last(cs(false, 3, running()), 10), "restartable-init-1"), true),
                        started(named(cs(false, 0, running()), "restartable-init-2"), true),
                    ],
                    vec![last(cs(true, 4, running()), 20)],
                    vec![cond("Initialized", "True")],
                ),
            ),
            row("test2", "1/3", "Running", "7 (10s ago)"),
        ),
        (
            pod(
                "test3",
                two_sidecars(),
                1,
                status_init(
                    "Succeeded",
                    vec![
                        started(named(last(cs(false, 3, terminated("Error", 137)), 10), "restartable-init-1"), false),
                        started(named(cs(false, 0, terminated("Error", 137)), "restartable-init-2"), false),
                    ],
                    vec![last(cs(false, 4, terminated("Completed", 0)), 20)],
                    vec![cond("Initialized", "True")],
                ),
            ),
            row("test3", "0/3", "Completed", "7 (10s ago)"),
        ),
        (
            Pod {
                metadata: ObjectMeta { name: Some("test4".into()), ..Default::default() },
                spec: Some(PodSpec {
                    init_containers: Some(vec![
                        Container { name: "init1".into(), image: Some("initimage".into()), ..Default::default() },
                        Container { image: Some("sidecarimage".into()), ..sidecar("sidecar1") },
                    ]),
                    containers: vec![Container {
                        name: "container1".into(),
                        image: Some("containerimage".into()),
                        ..Default::default()
                    }],
                    ..Default::default()
                }),
                status: Some(status_init(
                    "Running",
                    vec![
                        named(cs(false, 0, None), "initinvalid"),
                        named(cs(false, 0, None), "init1"),
                        named(cs(false, 0, None), "sidecar1"),
                    ],
                    vec![named(cs(false, 0, None), "containerinvalid"), named(cs(false, 0, None), "container1")],
                    vec![],
                )),
            },
            row("test4", "0/2", "Init:0/2", "0"),
        ),
    ];
    let succeeded_index = 3;
    assert_eq!(row_completed(&cases[succeeded_index].0), succeeded());
    check(cases);
}

#[test]
fn print_pod_wide_table() {
    let gates = || {
        Some(["condition1", "condition2", "condition3"].map(|c| PodReadinessGate { condition_type: c.into() }).to_vec())
    };
    let wide_pod = |ips: Vec<&str>| {
        let mut p = pod("test1", vec![], 2, status("podPhase", vec![cs(true, 3, running()), cs(false, 3, None)]));
        if let Some(spec) = p.spec.as_mut() {
            spec.node_name = Some("test1".into());
            spec.readiness_gates = gates();
        }
        if let Some(st) = p.status.as_mut() {
            st.conditions = Some(vec![cond("condition1", "False"), cond("condition2", "True")]);
            st.pod_ips = Some(ips.into_iter().map(|ip| PodIP { ip: ip.into() }).collect());
            st.nominated_node_name = Some("node1".into());
        }
        p
    };
    let full = WideCells {
        ip: "1.1.1.1".into(),
        node: "test1".into(),
        nominated_node: "node1".into(),
        readiness_gates: "1/3".into(),
    };
    let none = WideCells {
        ip: "<none>".into(),
        node: "<none>".into(),
        nominated_node: "<none>".into(),
        readiness_gates: "<none>".into(),
    };
    let cases = vec![
        (wide_pod(vec!["1.1.1.1"]), row("test1", "1/2", "podPhase", "6"), full.clone()),
        (wide_pod(vec!["1.1.1.1", "2001:db8::"]), row("test1", "1/2", "podPhase", "6"), full),
        (
            pod(
                "test2",
                vec![],
                2,
                status("podPhase", vec![cs(true, 3, running()), cs(false, 3, waiting("ContainerWaitingReason"))]),
            ),
            row("test2", "1/2", "ContainerWaitingReason", "6"),
            none,
        ),
    ];
    for (i, (p, want_row, want_wide)) in cases.into_iter().enumerate() {
        assert_eq!(print_pod(&p, now()).row, want_row, "case {i}");
        assert_eq!(print_pod_wide(&p), want_wide, "case {i}");
    }
}

#[test]
fn print_pod_conditions_table() {
    let statuses = || vec![cs(true, 3, running()), cs(false, 3, None)];
    let cases = [("test1", "Running", None), ("test1", "Succeeded", succeeded()), ("test2", "Failed", failed())];
    for (name, phase, want_condition) in cases {
        let p = pod(name, vec![], 2, status(phase, statuses()));
        assert_eq!(print_pod(&p, now()).row, row(name, "1/2", phase, "6"));
        assert_eq!(row_completed(&p), want_condition, "{phase}");
    }
}

#[test]
fn print_pod_list_table() {
    let pods = [
        pod("test1", vec![], 2, status("podPhase", vec![cs(true, 3, running()), cs(true, 3, running())])),
        pod("test2", vec![], 1, status("podPhase", vec![cs(true, 1, running())])),
    ];
    let rows: Vec<PodRow> = pods.iter().map(|p| print_pod(p, now()).row).collect();
    assert_eq!(rows, vec![row("test1", "2/2", "podPhase", "6"), row("test2", "1/1", "podPhase", "1")]);
    assert_eq!(
        format_table(&rows),
        "NAME    READY   STATUS     RESTARTS   AGE\n\
         test1   2/2     podPhase   6          <unknown>\n\
         test2   1/1     podPhase   1          <unknown>\n"
    );
}

#[test]
fn print_non_terminated_pod_table() {
    let cases = [
        ("test1", "Running", None, false),
        ("test2", "Pending", None, false),
        ("test3", "Unknown", None, false),
        ("test4", "Succeeded", succeeded(), false),
        ("test5", "Failed", failed(), true),
    ];
    for (name, phase, want_condition, second_ready) in cases {
        let p = pod(name, vec![], 2, status(phase, vec![cs(true, 3, running()), cs(second_ready, 3, None)]));
        assert_eq!(print_pod(&p, now()).row, row(name, "1/2", phase, "6"));
        assert_eq!(row_completed(&p), want_condition);
    }
}

/// Rules the upstream tables do not exercise, derived from `printPod`'s source.
#[test]
fn derived_cases() {
    let mut node_lost = deleted(pod("lost", vec![], 1, status("Running", vec![cs(true, 0, running())])));
    if let Some(st) = node_lost.status.as_mut() {
        st.reason = Some("NodeLost".into());
    }
    let mut first_initialized_wins = pod(
        "init-cond",
        blank(1),
        1,
        status_init(
            "Pending",
            vec![cs(false, 0, terminated("Error", 1))],
            vec![cs(false, 0, waiting("CrashLoopBackOff"))],
            vec![cond("Initialized", "False"), cond("Initialized", "True")],
        ),
    );
    let mut initialized_keeps_init_reason = first_initialized_wins.clone();
    if let Some(st) = initialized_keeps_init_reason.status.as_mut() {
        st.conditions = Some(vec![cond("Initialized", "True")]);
        st.container_statuses = Some(vec![cs(false, 0, running())]);
    }
    first_initialized_wins.metadata.name = Some("init-cond".into());
    let cases = vec![
        (node_lost, row("lost", "1/1", "Unknown", "0")),
        (
            pod(
                "sig",
                blank(1),
                1,
                status_init(
                    "Pending",
                    vec![cs(false, 0, {
                        let mut s = terminated("", 137);
                        if let Some(t) = s.as_mut().and_then(|s| s.terminated.as_mut()) {
                            t.signal = Some(9);
                        }
                        s
                    })],
                    vec![],
                    vec![],
                ),
            ),
            row("sig", "0/1", "Init:Signal:9", "0"),
        ),
        (
            pod("code", blank(1), 1, status_init("Pending", vec![cs(false, 0, terminated("", 3))], vec![], vec![])),
            row("code", "0/1", "Init:ExitCode:3", "0"),
        ),
        (
            pod(
                "pull",
                blank(1),
                1,
                status_init("Pending", vec![cs(false, 0, waiting("ImagePullBackOff"))], vec![], vec![]),
            ),
            row("pull", "0/1", "Init:ImagePullBackOff", "0"),
        ),
        (
            pod(
                "podinit",
                blank(2),
                1,
                status_init(
                    "Pending",
                    vec![cs(false, 0, terminated("Completed", 0)), cs(false, 0, waiting("PodInitializing"))],
                    vec![],
                    vec![],
                ),
            ),
            row("podinit", "0/1", "Init:1/2", "0"),
        ),
        (
            pod("exit", vec![], 1, status("Running", vec![cs(false, 0, terminated("", 2))])),
            row("exit", "0/1", "ExitCode:2", "0"),
        ),
        (first_initialized_wins, row("init-cond", "0/1", "Init:Error", "0")),
        (initialized_keeps_init_reason, row("init-cond", "0/1", "Init:Error", "0")),
        (
            pod("negative", vec![], 1, status("Running", vec![last(cs(true, -5, running()), 30)])),
            row("negative", "1/1", "Running", "-5 (30s ago)"),
        ),
        (
            pod("no-finish", vec![], 1, status("Running", vec![cs(true, 2, running())])),
            row("no-finish", "1/1", "Running", "2"),
        ),
        (
            pod(
                "ghost",
                vec![],
                1,
                status(
                    "Running",
                    vec![named(cs(true, 1, running()), "not-in-spec"), named(cs(true, 1, running()), "also-not")],
                ),
            ),
            row("ghost", "2/1", "Running", "2"),
        ),
        (Pod::default(), row("", "0/0", "", "0")),
    ];
    check(cases);
}

/// STATUS explanations name the container and the rule.
#[test]
fn why_texts() {
    let crash = pod("web", vec![], 1, status("Running", vec![named(cs(false, 5, waiting("CrashLoopBackOff")), "app")]));
    assert_eq!(print_pod(&crash, now()).why, "container \"app\" is waiting with reason CrashLoopBackOff");
    let terminating = deleted(pod("web", vec![], 1, status("Running", vec![])));
    assert_eq!(print_pod(&terminating, now()).why, "deletionTimestamp is set and the phase is not terminal");
}

/// AGE and the "ago" cell follow `translateTimestampSince`, including clock skew.
#[test]
fn ages() {
    let mut p = pod("aged", vec![], 1, status("Pending", vec![]));
    let cases = [
        (Some(ago(0)), "0s"),
        (Some(ago(-1)), "0s"),
        (Some(ago(-3)), "<invalid>"),
        (Some(ago(190)), "3m10s"),
        (Some(ago(49 * 3600)), "2d1h"),
        (Some(Time(Timestamp::from_second(-62_135_596_800).expect("go zero"))), "<unknown>"),
        (None, "<unknown>"),
    ];
    for (created, want) in cases {
        p.metadata.creation_timestamp = created;
        assert_eq!(print_pod(&p, now()).row.age, want);
    }
}

/// A pod as `kubectl get pod web -o yaml` shows it (converted to JSON), printed as
/// `kubectl get pod` would print it.
#[test]
fn pod_from_kubectl_yaml() {
    let created = ago(3 * 3600 + 25 * MIN).0.to_string();
    let last_finish = ago(42).0.to_string();
    let doc = serde_json::json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": "web-7d4b9c-xk2p4",
            "namespace": "default",
            "creationTimestamp": created,
            "labels": {"app": "web"}
        },
        "spec": {
            "initContainers": [
                {"name": "migrate", "image": "busybox:1.36", "command": ["sh", "-c", "true"]},
                {"name": "proxy", "image": "envoy:v1", "restartPolicy": "Always"}
            ],
            "containers": [
                {"name": "app", "image": "nginx:1.27", "resources": {"limits": {"cpu": "500m", "memory": "128Mi"}}}
            ],
            "nodeName": "node-a",
            "restartPolicy": "Always"
        },
        "status": {
            "phase": "Running",
            "qosClass": "Burstable",
            "podIP": "10.0.0.7",
            "podIPs": [{"ip": "10.0.0.7"}],
            "conditions": [
                {"type": "PodReadyToStartContainers", "status": "True"},
                {"type": "Initialized", "status": "True"},
                {"type": "Ready", "status": "False", "reason": "ContainersNotReady"},
                {"type": "ContainersReady", "status": "False"},
                {"type": "PodScheduled", "status": "True"}
            ],
            "initContainerStatuses": [
                {
                    "name": "migrate", "image": "busybox:1.36", "imageID": "", "ready": true,
                    "restartCount": 0, "started": false,
                    "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}
                },
                {
                    "name": "proxy", "image": "envoy:v1", "imageID": "", "ready": true,
                    "restartCount": 1, "started": true,
                    "state": {"running": {"startedAt": created}},
                    "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "finishedAt": created}}
                }
            ],
            "containerStatuses": [
                {
                    "name": "app", "image": "nginx:1.27", "imageID": "", "ready": false,
                    "restartCount": 6, "started": false,
                    "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 5m0s restarting failed container"}},
                    "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled", "finishedAt": last_finish}}
                }
            ]
        }
    });
    let p: Pod = serde_json::from_value(doc).expect("kubectl-shaped pod decodes");
    let printed = print_pod(&p, now());
    assert_eq!(
        printed.row,
        PodRow {
            name: "web-7d4b9c-xk2p4".into(),
            ready: "1/2".into(),
            status: "CrashLoopBackOff".into(),
            restarts: "7 (42s ago)".into(),
            age: "3h25m".into(),
        }
    );
    assert_eq!(printed.why, "container \"app\" is waiting with reason CrashLoopBackOff");
    assert_eq!(
        format_table(&[printed.row]),
        "NAME               READY   STATUS             RESTARTS      AGE\n\
         web-7d4b9c-xk2p4   1/2     CrashLoopBackOff   7 (42s ago)   3h25m\n"
    );
    let wide = print_pod_wide(&p);
    assert_eq!((wide.ip.as_str(), wide.node.as_str()), ("10.0.0.7", "node-a"));
}
