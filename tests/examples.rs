#![cfg(not(target_arch = "wasm32"))]
//! The examples library (`src/examples.rs`, `examples/*.yaml`): every example parses with no
//! diagnostic, would be accepted by the API server, and its simulation shows the lesson it
//! claims — exact kubectl STATUS strings, event reasons and messages, and the times that the
//! lesson is about (kubelet-semantics.md §2–§7 and the worked timelines T4–T10).

use std::collections::BTreeSet;

use podlife::engine::timeline::{CKind, Event, Timeline};
use podlife::engine::{simulate, PodState};
use podlife::examples::{by_id, EXAMPLES};
use podlife::input::Parsed;

/// Parses an example, checks it is clean and valid, and simulates its first pod.
fn run_seed(id: &str, seed: u64) -> (Parsed, Timeline) {
    let ex = by_id(id).unwrap_or_else(|| panic!("example {id} is not registered"));
    let parsed = podlife::input::parse(ex.yaml);
    let diags = parsed.all_diagnostics();
    assert!(diags.is_empty(), "{id}: {diags:?}");
    assert!(!parsed.has_errors(), "{id}");
    assert_eq!(parsed.pods.len(), 1, "{id}: one pod-bearing document");
    assert!(parsed.pods[0].is_valid(), "{id}: {}", parsed.pods[0].kubectl_errors());
    let tl = simulate(&parsed.pods[0].pod, &parsed.scenario, seed);
    assert!(!tl.truncated, "{id}: simulation truncated");
    (parsed, tl)
}

fn run(id: &str) -> (Parsed, Timeline) {
    run_seed(id, 1)
}

fn events<'a>(tl: &'a Timeline, reason: &str) -> Vec<&'a Event> {
    tl.events.iter().filter(|e| e.reason == reason).collect()
}

fn events_of<'a>(tl: &'a Timeline, reason: &str, container: &str) -> Vec<&'a Event> {
    let object = format!("container/{container}");
    tl.events.iter().filter(|e| e.reason == reason && e.object == object).collect()
}

fn first(tl: &Timeline, reason: &str) -> i64 {
    tl.events.iter().find(|e| e.reason == reason).map(|e| e.t_ms).unwrap_or_else(|| panic!("no {reason} event"))
}

/// The kubectl STATUS strings in order, consecutive duplicates removed.
fn statuses(tl: &Timeline) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in &tl.status {
        if out.last() != Some(&r.status) {
            out.push(r.status.clone());
        }
    }
    out
}

fn has_status(tl: &Timeline, s: &str) -> bool {
    tl.status.iter().any(|r| r.status == s)
}

fn condition(state: &PodState, type_: &str) -> (String, Option<String>, Option<String>) {
    let c = state.conditions.iter().find(|c| c.type_ == type_).unwrap_or_else(|| panic!("no {type_} condition"));
    (c.status.to_string(), c.reason.clone(), c.message.clone())
}

// ------------------------------------------------------------------ the registry

#[test]
fn every_file_is_registered_and_ids_are_unique() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut files = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("examples/") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) == Some("yaml") {
            let stem = path.file_stem().and_then(|s| s.to_str()).expect("utf-8 name").to_string();
            let text = std::fs::read_to_string(&path).expect("read");
            let ex = by_id(&stem).unwrap_or_else(|| panic!("examples/{stem}.yaml is not in EXAMPLES"));
            assert_eq!(ex.yaml, text, "{stem}: EXAMPLES must include_str! its own file");
            files.insert(stem);
        }
    }
    let ids: Vec<&str> = EXAMPLES.iter().map(|e| e.id).collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");
    let registered: BTreeSet<String> = ids.iter().map(|s| s.to_string()).collect();
    assert_eq!(registered, files, "EXAMPLES and examples/*.yaml differ");
    assert_eq!(EXAMPLES[0].id, "httpserver", "the default example comes first");
}

#[test]
fn every_example_is_clean_valid_and_explained() {
    for ex in EXAMPLES {
        let (_, tl) = run(ex.id);
        assert!(!tl.status.is_empty(), "{}", ex.id);
        // The plain-English lesson opens the file.
        let comments = ex.yaml.lines().take_while(|l| l.starts_with('#')).count();
        assert!((2..=5).contains(&comments), "{}: {comments} comment lines at the top", ex.id);
        for text in [ex.title, ex.title_zh, ex.lesson, ex.lesson_zh] {
            assert!(!text.trim().is_empty(), "{}", ex.id);
        }
    }
}

#[test]
fn simulations_are_deterministic() {
    for ex in EXAMPLES {
        let (_, a) = run(ex.id);
        let (_, b) = run(ex.id);
        assert_eq!(a.events, b.events, "{}", ex.id);
        assert_eq!(a.status, b.status, "{}", ex.id);
    }
}

// ------------------------------------------------------------------ the lessons

/// The default example: a graceful start (ready only once /healthz answers) and a graceful
/// stop (preStop sleep 5, then SIGTERM; the app exits 0; the object is removed).
#[test]
fn httpserver_starts_and_stops_gracefully() {
    let (_, tl) = run("httpserver");
    assert_eq!(statuses(&tl)[..3], ["Pending", "ContainerCreating", "Running"]);
    let killing = events(&tl, "Killing");
    assert_eq!(killing.len(), 1);
    assert_eq!(killing[0].message, "Stopping container httpserver");
    // preStop sleep 5 runs first; the stop signal follows it.
    let sigterm = tl.signals.iter().find(|s| s.signal == "SIGTERM").expect("SIGTERM");
    assert_eq!(sigterm.t_ms - killing[0].t_ms, 5_000);
    assert!(!tl.signals.iter().any(|s| s.signal == "SIGKILL"));
    assert!(has_status(&tl, "Terminating"));
    assert_eq!(tl.status.iter().rev().find(|r| !r.deleted).map(|r| r.status.as_str()), Some("Completed"));
    assert!(tl.removed_ms.is_some());
}

/// No readinessProbe: READY 1/1 from the first status after Started, while the app only
/// listens 15 s later (kubelet-semantics.md §1.2 item 6: no readiness probe ⇒ ready = running).
#[test]
fn early_traffic_ready_before_listening() {
    let (_, tl) = run("early-traffic");
    let started = first(&tl, "Started");
    let listening = started + 15_000;
    let ready_at = tl.status.iter().find(|r| r.ready == "1/1").expect("READY 1/1").t_ms;
    assert!(ready_at < started + 2_000, "ready at {ready_at}, started {started}");
    for t in [started + 2_000, started + 8_000, listening - 500] {
        let s = tl.state_at(t);
        assert_eq!((s.row.ready.as_str(), s.row.status.as_str()), ("1/1", "Running"), "at {t}");
        assert!(s.containers[0].ready);
    }
    // Liveness only starts at 30 s, after the app listens: it never fails, nothing restarts.
    assert!(tl.probes.iter().all(|p| p.probe == "liveness" && p.result == "success"));
    assert!(tl.probes.iter().all(|p| p.t_ms >= started + 30_000));
    assert!(events(&tl, "Unhealthy").is_empty());
    assert!(events(&tl, "Killing").is_empty());
    assert_eq!(tl.status.last().map(|r| r.restarts.as_str()), Some("0"));
}

/// T8: the startup probe fails while the app starts (60 s), liveness and readiness wait, no
/// kill; the pod becomes ready right after the first startup success.
#[test]
fn startup_probe_protects_slow_start() {
    let (_, tl) = run("startup-probe");
    let started = first(&tl, "Started");
    let unhealthy = events(&tl, "Unhealthy");
    assert!((5..=7).contains(&unhealthy.len()), "{} startup failures", unhealthy.len());
    for e in &unhealthy {
        assert_eq!(
            e.message,
            "Startup probe failed: Get \"http://10.244.0.5:8080/readyz\": dial tcp 10.244.0.5:8080: connect: connection refused"
        );
        assert_eq!(e.type_, "Warning");
    }
    assert!(events(&tl, "Killing").is_empty(), "the startupProbe must prevent a liveness kill");
    let success =
        tl.probes.iter().find(|p| p.probe == "startup" && p.result == "success").expect("startup succeeds").t_ms;
    assert!(success >= started + 60_000 && success < started + 70_000, "startup success at {success}");
    // Liveness and readiness run only once started (worker.go: gated on containerStatus.started).
    assert!(tl.probes.iter().filter(|p| p.probe != "startup").all(|p| p.t_ms >= success));
    let ready = tl.status.iter().find(|r| r.ready == "1/1").expect("READY 1/1").t_ms;
    assert!(ready >= success && ready <= success + 1_000, "ready at {ready}");
    let last = tl.status.last().expect("rows");
    assert_eq!((last.status.as_str(), last.ready.as_str(), last.restarts.as_str()), ("Running", "1/1", "0"));
}

/// T4 with grace 60: SIGTERM ignored by the PID-1 shell, SIGKILL exactly 60 s after the kill
/// began, exit 137 reason Error, phase Failed.
#[test]
fn shell_pid1_waits_full_grace_then_sigkill() {
    let (_, tl) = run("shell-pid1-sigterm");
    let killing = events(&tl, "Killing");
    assert_eq!(killing.len(), 1);
    assert_eq!(killing[0].message, "Stopping container app");
    let k = killing[0].t_ms;
    assert!((30_000..31_000).contains(&k), "Killing at {k}");
    let deleted = tl.state_at(k);
    assert_eq!(deleted.deletion_timestamp_ms, Some(30_000 + 60_000));
    assert_eq!(deleted.deletion_grace_seconds, Some(60));
    let sigs: Vec<(i64, &str)> = tl.signals.iter().map(|s| (s.t_ms, s.signal.as_str())).collect();
    assert_eq!(sigs, [(k, "SIGTERM"), (k + 60_000, "SIGKILL")]);
    assert_eq!(tl.grace[0].grace_seconds, 60);
    // Still running (and Terminating) for the whole grace period.
    let mid = tl.state_at(k + 59_000);
    assert_eq!(mid.row.status, "Terminating");
    assert!(matches!(mid.containers[0].state, CKind::Running { .. }));
    let end = tl.containers.iter().find(|c| c.state == "terminated").expect("terminated");
    assert_eq!((end.reason.as_deref(), end.exit_code), (Some("Error"), Some(137)));
    assert_eq!(end.from_ms, k + 60_000);
    let after = tl.status.iter().find(|r| r.t_ms >= k + 60_000).expect("row after SIGKILL");
    assert_eq!((after.status.as_str(), after.phase.as_str()), ("Error", "Failed"));
    assert!(tl.removed_ms.is_some());
}

/// The docs' preStop `nginx -s quit`: the hook finishes at once, nginx exits 0 well inside
/// the grace period, no SIGKILL, phase Succeeded.
#[test]
fn nginx_prestop_quit_drains_cleanly() {
    let (_, tl) = run("nginx-prestop-quit");
    let killing = events(&tl, "Killing");
    assert_eq!(killing.len(), 1);
    assert_eq!(killing[0].message, "Stopping container nginx");
    let k = killing[0].t_ms;
    let hook = tl.hooks.iter().find(|h| h.hook == "preStop").expect("preStop ran");
    assert_eq!(hook.from_ms, k);
    assert!(hook.ok, "{}", hook.output);
    assert!(events(&tl, "FailedPreStopHook").is_empty());
    assert!(!tl.signals.iter().any(|s| s.signal == "SIGKILL"));
    // nginx's image STOPSIGNAL is SIGQUIT (graceful), nginx:1.27 ≥ 1.19.5.
    assert!(tl.signals.iter().all(|s| s.signal == "SIGQUIT"));
    let end = tl.containers.iter().find(|c| c.state == "terminated").expect("terminated");
    assert_eq!((end.reason.as_deref(), end.exit_code), (Some("Completed"), Some(0)));
    assert!(end.from_ms < k + 1_000, "nginx stopped at {}", end.from_ms);
    let done = tl.status.iter().rev().find(|r| !r.deleted).expect("row");
    assert_eq!((done.status.as_str(), done.phase.as_str()), ("Completed", "Succeeded"));
    assert!(tl.removed_ms.is_some_and(|t| t < k + 3_000));
}

/// A one-day grace period is only a bound: the app drains for an hour (netexec
/// --delay-shutdown=3600), exits 0, and no SIGKILL comes.
#[test]
fn long_lived_connections_drain_for_an_hour() {
    let (_, tl) = run("long-lived-connections");
    let k = first(&tl, "Killing");
    assert_eq!(tl.state_at(k).deletion_timestamp_ms, Some(60_000 + 86_400_000));
    let g = &tl.grace[0];
    assert_eq!(g.grace_seconds, 86_400);
    assert_eq!(g.kill_ms - g.from_ms, 86_400_000);
    assert_eq!(tl.signals.iter().map(|s| s.signal.as_str()).collect::<Vec<_>>(), ["SIGTERM"]);
    let end = tl.containers.iter().find(|c| c.state == "terminated").expect("terminated");
    assert_eq!((end.reason.as_deref(), end.exit_code), (Some("Completed"), Some(0)));
    assert_eq!(end.from_ms - k, 3_600_000);
    for t in [k + 60_000, k + 1_800_000, k + 3_599_000] {
        assert_eq!(tl.state_at(t).row.status, "Terminating", "at {t}");
    }
    let removed = tl.removed_ms.expect("removed");
    assert!(removed > end.from_ms && removed <= end.from_ms + 3_000);
}

/// T5: restarts immediately once, then waits 10 s, 20 s, 40 s, 80 s, 160 s, 300 s, 300 s …
/// (plus the 10–15 s pod-worker requeue granularity); Error, then CrashLoopBackOff.
#[test]
fn crashloop_backoff_schedule() {
    for seed in [1, 2, 3] {
        let (_, tl) = run_seed("crashloop", seed);
        let starts: Vec<i64> = events(&tl, "Started").iter().map(|e| e.t_ms).collect();
        assert!(starts.len() >= 9, "seed {seed}: {starts:?}");
        // Each instance: `sleep 1; exit 1`.
        let finished: Vec<i64> = starts.iter().map(|s| s + 1_000).collect();
        assert!(starts[1] - finished[0] < 2_000, "seed {seed}: the first restart is immediate");
        let expected = [10, 20, 40, 80, 160, 300, 300];
        for (i, b) in expected.iter().enumerate() {
            let delay = starts[i + 2] - finished[i + 1];
            let b = b * 1_000;
            assert!(
                delay >= b && delay <= b + 15_000 + 1_000,
                "seed {seed} restart {}: {delay} ms, back-off {b}",
                i + 2
            );
        }
        // The waiting message names the back-off in Go duration format.
        let mut messages: Vec<String> = Vec::new();
        for r in tl.status.iter().filter(|r| r.status == "CrashLoopBackOff") {
            let s = tl.state_at(r.t_ms);
            let c = &s.containers[0];
            if let CKind::Waiting { reason, message } = &c.state {
                assert_eq!(reason, "CrashLoopBackOff");
                let m = message.clone().expect("message");
                if messages.last() != Some(&m) {
                    messages.push(m);
                }
            }
            let last = c.last_terminated.as_ref().expect("lastState.terminated");
            assert_eq!((last.exit_code, last.reason.as_str()), (1, "Error"));
            assert_eq!(s.phase, "Running");
        }
        let backoffs: Vec<&str> = messages.iter().map(|m| m.split(' ').nth(1).unwrap_or("")).collect::<Vec<_>>();
        assert_eq!(backoffs[..6], ["10s", "20s", "40s", "1m20s", "2m40s", "5m0s"], "seed {seed}");
        let uid = messages[0].rsplit('(').next().unwrap_or("").trim_end_matches(')').to_string();
        assert_eq!(messages[0], format!("back-off 10s restarting failed container=app pod=crashloop_default({uid})"));
        let ev = events(&tl, "BackOff");
        assert_eq!(ev[0].message, format!("Back-off restarting failed container app in pod crashloop_default({uid})"));
        assert_eq!(ev[0].type_, "Warning");
        assert!(ev[0].t_ms > starts[1], "no BackOff before the second crash");
        let st = statuses(&tl);
        let error = st.iter().position(|s| s == "Error").expect("Error");
        assert!(st[error..].iter().any(|s| s == "CrashLoopBackOff"));
        assert!(tl.status.iter().filter(|r| r.t_ms > starts[0] + 1_000).all(|r| r.phase == "Running"));
    }
}

/// §7.2: the kernel OOM-kills the container (137, OOMKilled); it is restarted and crash-loops;
/// it is not an eviction.
#[test]
fn oomkilled_then_crashloop() {
    let (_, tl) = run("oomkilled");
    let terms: Vec<_> = tl.containers.iter().filter(|c| c.state == "terminated").collect();
    assert!(terms.len() >= 3);
    for t in &terms {
        assert_eq!((t.reason.as_deref(), t.exit_code), (Some("OOMKilled"), Some(137)));
    }
    let st = statuses(&tl);
    let oom = st.iter().position(|s| s == "OOMKilled").expect("OOMKilled");
    assert!(st[oom..].iter().any(|s| s == "CrashLoopBackOff"), "{st:?}");
    let clb = tl.status.iter().find(|r| r.status == "CrashLoopBackOff").expect("CrashLoopBackOff");
    let s = tl.state_at(clb.t_ms);
    let last = s.containers[0].last_terminated.as_ref().expect("lastState");
    assert_eq!((last.exit_code, last.reason.as_str()), (137, "OOMKilled"));
    assert_eq!(s.phase, "Running");
    assert!(s.reason.is_none());
    assert!(events(&tl, "Evicted").is_empty());
    // polinux/stress has no tag → imagePullPolicy Always → pulled again on every restart.
    assert_eq!(events(&tl, "Pulling").len(), events(&tl, "Started").len());
}

/// T10: the eviction manager (every 10 s) evicts the pod whose emptyDir exceeds its
/// sizeLimit: phase Failed, reason Evicted, 1 s grace (+2 s floor); the object stays.
#[test]
fn emptydir_over_sizelimit_is_evicted() {
    let (_, tl) = run("emptydir-sizelimit");
    let started = first(&tl, "Started");
    let evicted = events(&tl, "Evicted");
    assert_eq!(evicted.len(), 1);
    assert_eq!(evicted[0].message, "Usage of EmptyDir volume \"cache\" exceeds the limit \"1Mi\". ");
    assert_eq!(evicted[0].type_, "Warning");
    let t = evicted[0].t_ms;
    assert!(t > started && t <= started + 11_000, "evicted at {t}");
    let killing = events(&tl, "Killing");
    assert_eq!(killing[0].message, "Stopping container app");
    // Eviction asks for 1 s; killContainer raises it to its 2 s minimum (minimumGracePeriodInSeconds).
    assert_eq!(tl.grace[0].grace_seconds, 2);
    // The PID-1 shell ignores SIGTERM: SIGKILL after the 2 s floor, exit 137.
    let kill = tl.signals.iter().find(|s| s.signal == "SIGKILL").expect("SIGKILL");
    assert_eq!(kill.t_ms - killing[0].t_ms, 2_000);
    // printPod lets a terminated container's reason override `status.reason`, so kubectl
    // shows the killed container's `Error`, not `Evicted` (the reference's T10 says Evicted;
    // pkg/printers/internalversion/printers.go wins). `status.reason` is still Evicted.
    let last = tl.status.last().expect("rows");
    assert_eq!((last.status.as_str(), last.phase.as_str()), ("Error", "Failed"));
    let s = tl.state_at(tl.until_ms);
    assert_eq!(s.reason.as_deref(), Some("Evicted"));
    assert_eq!(s.message.as_deref(), Some("Usage of EmptyDir volume \"cache\" exceeds the limit \"1Mi\". "));
    assert!(tl.removed_ms.is_none(), "an evicted pod stays in the API");
}

/// T9 and T9 with a custom toleration: NodeNotReady 40–55 s after the failure (Ready=False,
/// kubectl still Running 1/1); TaintManagerEviction exactly tolerationSeconds later; then
/// Terminating forever (no kubelet left).
fn node_failure(id: &str, toleration_s: i64) {
    let (parsed, tl) = run(id);
    let tolerates = parsed.pods[0].pod.spec.as_ref().and_then(|s| s.tolerations.clone()).unwrap_or_default();
    let unreachable = tolerates
        .iter()
        .find(|t| t.key.as_deref() == Some("node.kubernetes.io/unreachable"))
        .expect("unreachable toleration");
    assert_eq!(unreachable.toleration_seconds, Some(toleration_s));
    let not_ready = events(&tl, "NodeNotReady");
    assert_eq!(not_ready.len(), 1);
    assert_eq!((not_ready[0].type_.as_str(), not_ready[0].message.as_str()), ("Warning", "Node is not ready"));
    let n = not_ready[0].t_ms;
    assert!((120_000 + 40_000..=120_000 + 55_000).contains(&n), "NodeNotReady at {n}");
    let s = tl.state_at(n + 1_000);
    assert_eq!(condition(&s, "Ready").0, "False");
    assert_eq!((s.row.status.as_str(), s.row.ready.as_str()), ("Running", "1/1"));
    let evict = events(&tl, "TaintManagerEviction");
    assert_eq!(evict.len(), 1);
    assert_eq!(evict[0].message, format!("Marking for deletion Pod default/{}", parsed.pods[0].pod_name()));
    assert_eq!(evict[0].t_ms - n, toleration_s * 1_000);
    let after = tl.state_at(evict[0].t_ms);
    assert_eq!(
        condition(&after, "DisruptionTarget"),
        (
            "True".into(),
            Some("DeletionByTaintManager".into()),
            Some("Taint manager: deleting due to NoExecute taint".into())
        )
    );
    assert_eq!(tl.state_at(tl.until_ms).row.status, "Terminating");
    assert!(tl.removed_ms.is_none(), "nobody is left to finish the deletion");
    assert!(events(&tl, "Killing").is_empty(), "the dead kubelet kills nothing");
}

#[test]
fn node_failure_evicts_after_default_toleration() {
    node_failure("node-failure", 300);
}

#[test]
fn node_failure_with_30s_toleration() {
    node_failure("node-failure-fast", 30);
}

/// §6.2: Ready = ContainersReady ∧ every readiness gate True; the gate is written at 20 s.
#[test]
fn readiness_gate_holds_ready_until_set() {
    let (_, tl) = run("readiness-gates");
    let ready_containers = tl
        .conditions
        .iter()
        .find(|c| c.type_ == "ContainersReady" && c.status == "True")
        .expect("ContainersReady")
        .t_ms;
    assert!(ready_containers < 20_000);
    let s = tl.state_at(ready_containers + 1);
    assert_eq!(
        condition(&s, "Ready"),
        (
            "False".into(),
            Some("ReadinessGatesNotReady".into()),
            Some(
                "corresponding condition of pod readiness gate \"target-health.elbv2.k8s.aws/web\" does not exist."
                    .into()
            )
        )
    );
    // kubectl's READY column counts containers only.
    assert_eq!(s.row.ready, "1/1");
    let ready = tl.conditions.iter().find(|c| c.type_ == "Ready" && c.status == "True").expect("Ready").t_ms;
    assert_eq!(ready, 20_000);
    assert_eq!(condition(&tl.state_at(20_000), "Ready").0, "True");
}

/// T6 with restartPolicy Always: Init:Error and Init:CrashLoopBackOff, phase Pending, the
/// app never starts; the init container restarts at once, then after 10 s, 20 s.
#[test]
fn failing_init_container_blocks_the_app() {
    let (_, tl) = run("failing-init");
    let st = statuses(&tl);
    assert_eq!(st[..3], ["Pending", "Init:0/1", "Init:Error"], "{st:?}");
    assert!(st.iter().any(|s| s == "Init:CrashLoopBackOff"), "{st:?}");
    assert!(tl.status.iter().all(|r| r.phase == "Pending"));
    assert!(events_of(&tl, "Started", "app").is_empty(), "the app never starts");
    let terms: Vec<_> = tl.containers.iter().filter(|c| c.state == "terminated").collect();
    assert!(terms
        .iter()
        .all(|t| t.container == "wait-for-db" && t.exit_code == Some(1) && t.reason.as_deref() == Some("Error")));
    let starts: Vec<i64> = events_of(&tl, "Started", "wait-for-db").iter().map(|e| e.t_ms).collect();
    assert!(starts.len() >= 4);
    // `sleep 3; exit 1`: each instance finishes 3 s after it starts.
    assert!(starts[1] - (starts[0] + 3_000) < 2_000, "first restart immediate");
    for (i, b) in [10_000, 20_000].iter().enumerate() {
        let delay = starts[i + 2] - (starts[i + 1] + 3_000);
        assert!(delay >= *b && delay <= b + 16_000, "restart {}: {delay}", i + 2);
    }
    let clb = tl.status.iter().find(|r| r.status == "Init:CrashLoopBackOff").expect("row");
    let s = tl.state_at(clb.t_ms);
    assert!(matches!(&s.init_containers[0].state, CKind::Waiting { reason, .. } if reason == "CrashLoopBackOff"));
    assert!(matches!(&s.containers[0].state, CKind::Waiting { reason, .. } if reason == "PodInitializing"));
}

/// §3.1: ErrImagePull, then ImagePullBackOff, with pull attempts 10 s, 20 s, 40 s apart.
#[test]
fn image_pull_backoff() {
    let (_, tl) = run("image-pull-backoff");
    let st = statuses(&tl);
    assert!(st.iter().any(|s| s == "ErrImagePull"), "{st:?}");
    assert!(st.iter().any(|s| s == "ImagePullBackOff"), "{st:?}");
    assert!(!st.iter().any(|s| s == "Running"));
    assert!(tl.status.iter().all(|r| r.phase == "Pending"));
    assert!(events(&tl, "Created").is_empty());
    let failed: Vec<&str> = events(&tl, "Failed").iter().map(|e| e.message.as_str()).collect();
    assert!(failed.iter().any(|m| m.starts_with("Failed to pull image \"nginx:1.277\": ")), "{failed:?}");
    assert!(failed.contains(&"Error: ErrImagePull"));
    assert!(failed.contains(&"Error: ImagePullBackOff"));
    let backoff = events(&tl, "BackOff");
    assert!(!backoff.is_empty());
    assert!(backoff.iter().all(|e| e.message == "Back-off pulling image \"nginx:1.277\""));
    // Attempts: each pull fails after 2 s; the next waits the image back-off 10, 20, 40 s.
    let pulls: Vec<i64> = events(&tl, "Pulling").iter().map(|e| e.t_ms).collect();
    assert!(pulls.len() >= 4, "{pulls:?}");
    for (i, b) in [10_000, 20_000, 40_000].iter().enumerate() {
        let delay = pulls[i + 1] - (pulls[i] + 2_000);
        assert!(delay >= *b && delay <= b + 16_000, "pull {}: {delay}", i + 1);
    }
}

/// §3.2: a missing ConfigMap → CreateContainerConfigError, `configmap "app-config" not found`.
#[test]
fn missing_configmap_create_container_config_error() {
    let (_, tl) = run("missing-configmap");
    assert!(has_status(&tl, "CreateContainerConfigError"), "{:?}", statuses(&tl));
    assert!(!has_status(&tl, "Running"));
    assert!(tl.status.iter().all(|r| r.phase == "Pending"));
    let failed = events(&tl, "Failed");
    assert!(failed.len() >= 2, "the kubelet keeps retrying");
    assert!(failed.iter().all(|e| e.type_ == "Warning" && e.message == "Error: configmap \"app-config\" not found"));
    assert!(events(&tl, "Created").is_empty());
    let row = tl.status.iter().find(|r| r.status == "CreateContainerConfigError").expect("row");
    let s = tl.state_at(row.t_ms);
    assert!(matches!(
        &s.containers[0].state,
        CKind::Waiting { reason, message } if reason == "CreateContainerConfigError"
            && message.as_deref() == Some("configmap \"app-config\" not found")
    ));
}

/// T7 variant B: the sidecar starts first and keeps running; on deletion both get Killing up
/// front, the app is signalled at once, the sidecar only after the app has exited.
#[test]
fn sidecar_starts_first_and_stops_last() {
    let (_, tl) = run("sidecar");
    let side_started = events_of(&tl, "Started", "logshipper")[0].t_ms;
    let app_started = events_of(&tl, "Started", "app")[0].t_ms;
    assert!(side_started < app_started);
    let st = statuses(&tl);
    assert_eq!(st[..4], ["Pending", "Init:0/1", "PodInitializing", "Running"], "{st:?}");
    assert!(tl.status.iter().any(|r| r.status == "Running" && r.ready == "2/2"));
    let killing: Vec<(&str, i64)> = events(&tl, "Killing").iter().map(|e| (e.message.as_str(), e.t_ms)).collect();
    assert_eq!(killing.len(), 2);
    assert!(killing.iter().any(|(m, _)| *m == "Stopping container app"));
    assert!(killing.iter().any(|(m, _)| *m == "Stopping container logshipper"));
    assert_eq!(killing[0].1, killing[1].1, "both Killing events up front");
    let k = killing[0].1;
    let app_sig = tl.signals.iter().find(|s| s.container == "app").expect("app signalled");
    assert_eq!((app_sig.t_ms, app_sig.signal.as_str()), (k, "SIGQUIT"));
    let app_exit = tl.containers.iter().find(|c| c.container == "app" && c.state == "terminated").expect("app exit");
    assert_eq!(app_exit.from_ms, k + 5_000);
    let side_sig = tl.signals.iter().find(|s| s.container == "logshipper").expect("sidecar signalled");
    assert_eq!((side_sig.t_ms, side_sig.signal.as_str()), (app_exit.from_ms, "SIGTERM"));
    let side_grace = tl.grace.iter().find(|g| g.container == "logshipper").expect("grace");
    assert_eq!(side_grace.grace_seconds, 25, "the sidecar gets what is left of the 30 s");
    assert!(!tl.signals.iter().any(|s| s.signal == "SIGKILL"));
    let done = tl.status.iter().rev().find(|r| !r.deleted).expect("row");
    assert_eq!((done.status.as_str(), done.phase.as_str()), ("Completed", "Succeeded"));
}

/// A Job pod (restartPolicy Never) that exits 0: Succeeded, Completed, no restart.
#[test]
fn job_completes() {
    let (parsed, tl) = run("job-completes");
    assert!(parsed.pods[0].pod_name().starts_with("pi-"));
    assert_eq!(events(&tl, "Started").len(), 1);
    let end = tl.containers.iter().find(|c| c.state == "terminated").expect("terminated");
    assert_eq!((end.reason.as_deref(), end.exit_code), (Some("Completed"), Some(0)));
    let last = tl.status.last().expect("rows");
    assert_eq!(
        (last.status.as_str(), last.ready.as_str(), last.restarts.as_str(), last.phase.as_str()),
        ("Completed", "0/1", "0", "Succeeded")
    );
    assert!(tl.removed_ms.is_none(), "the Job keeps its pod");
}

// ------------------------------------------------------------------ workloads under traffic

/// The example's scene (`podlife::scene`): the Deployment's pods and the Service's clients.
fn scene_of(id: &str, edit: impl Fn(&str) -> String) -> podlife::scene::Scene {
    let ex = by_id(id).unwrap_or_else(|| panic!("example {id} is not registered"));
    let parsed = podlife::input::parse(&edit(ex.yaml));
    assert!(parsed.all_diagnostics().is_empty(), "{id}: {:?}", parsed.all_diagnostics());
    podlife::scene::simulate(&parsed, 1)
}

/// Without preStop: refusals after each old pod's SIGTERM, and only then; with the commented
/// preStop sleep restored: none, and the rollout still completes.
#[test]
fn rolling_update_traffic_loses_requests_until_a_prestop_sleep() {
    let s = scene_of("rolling-update-traffic", str::to_string);
    let (f, t) = (s.fleet.expect("fleet"), s.traffic.expect("traffic"));
    assert!(matches!(f.outcome, podlife::fleet::Outcome::Complete(_)));
    assert!(t.totals.refused > 30 && t.totals.reset == 0, "{}", t.text());
    assert!(t.first_failures.iter().all(|w| w.why.contains("closed the listener")), "{:?}", t.first_failures);
    let s = scene_of("rolling-update-traffic", |y| y.replace("        # ", "        "));
    let (f, t) = (s.fleet.expect("fleet"), s.traffic.expect("traffic"));
    assert!(matches!(f.outcome, podlife::fleet::Outcome::Complete(_)));
    assert_eq!(t.totals.refused + t.totals.reset, 0, "{}", t.text());
    assert!(t.totals.to_terminating > 0);
}

/// The quota deadlock: FailedCreate on every retry, ProgressDeadlineExceeded 120 s after the
/// rollout, the three old pods untouched and every request served.
#[test]
fn quota_deadlock_never_progresses_and_clients_see_nothing() {
    let s = scene_of("quota-deadlock", str::to_string);
    let (f, t) = (s.fleet.expect("fleet"), s.traffic.expect("traffic"));
    match f.outcome {
        podlife::fleet::Outcome::DeadlineExceeded(at) => assert!((180_000..=185_000).contains(&at), "{at}"),
        o => panic!("{o:?}"),
    }
    assert_eq!(f.pods.len(), 3);
    assert!(f.events.iter().any(|e| e.reason == "FailedCreate" && e.message.contains("exceeded quota: pods")));
    assert_eq!(t.totals.served, t.totals.requests);
    assert_eq!(
        f.rollout_status.last().map(|l| l.1.as_str()),
        Some("error: deployment \"web\" exceeded its progress deadline")
    );
}

/// Spread replicas: one per node; losses only while the dead pod is still a Ready endpoint
/// (about half of the requests of ~50 s), none after; the replacement stays Pending.
#[test]
fn spread_node_failure_keeps_the_service_answering() {
    let s = scene_of("spread-node-failure", str::to_string);
    let (f, t) = (s.fleet.expect("fleet"), s.traffic.expect("traffic"));
    let nodes: BTreeSet<Option<&str>> =
        f.pods.iter().filter(|p| p.created_ms == 0).map(|p| p.node.as_deref()).collect();
    assert_eq!(nodes, [Some("node-a"), Some("node-b")].into_iter().collect());
    let failed = t.totals.refused + t.totals.reset;
    // 20 rps, half of them to the dead pod, for 40–56 s.
    assert!((300..=600).contains(&failed), "{failed}");
    let late: u32 = t.buckets.iter().filter(|b| b.t_ms >= 180_000).map(|b| b.refused + b.reset).sum();
    assert_eq!(late, 0);
    let repl = f.pods.iter().find(|p| p.created_ms > 0).expect("replacement");
    assert_eq!(repl.node, None);
}
