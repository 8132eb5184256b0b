//! The reference's worked timelines T1–T10 (kubelet-semantics.md §8), end to end: YAML text →
//! `input::parse` → `engine::simulate` → exact events, times and kubectl rows.
//!
//! Where the Kubernetes source disagrees with the reference, the test follows the source and
//! says so in a comment.

use podlife::engine::timeline::Event;
use podlife::engine::{simulate, Timeline};

/// Parses a YAML paste and simulates its first pod with `seed`.
fn run(yaml: &str, seed: u64) -> Timeline {
    let parsed = podlife::input::parse(yaml);
    let doc = parsed.pods.first().expect("a pod");
    simulate(&doc.pod, &parsed.scenario, seed)
}

fn events<'a>(tl: &'a Timeline, reason: &str) -> Vec<&'a Event> {
    tl.events.iter().filter(|e| e.reason == reason).collect()
}

fn times(tl: &Timeline, reason: &str) -> Vec<i64> {
    events(tl, reason).iter().map(|e| e.t_ms).collect()
}

/// The kubectl STATUS column at `t`.
fn status_at(tl: &Timeline, t: i64) -> String {
    tl.state_at(t).row.status
}

const T1: &str = r#"
apiVersion: v1
kind: Pod
metadata:
  labels:
    test: liveness
  name: liveness-exec
  uid: u1
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/busybox:1.27.2
    args:
    - /bin/sh
    - -c
    - touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600
    livenessProbe:
      exec:
        command:
        - cat
        - /tmp/healthy
      initialDelaySeconds: 5
      periodSeconds: 5
---
apiVersion: podlife.dev/v1alpha1
kind: Scenario
spec:
  until: 15m
"#;

#[test]
fn t1_exec_liveness() {
    let tl = run(T1, 1);
    let started = times(&tl, "Started");
    let s0 = started[0];
    let unhealthy = events(&tl, "Unhealthy");
    assert_eq!(
        unhealthy[0].message,
        "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory"
    );
    // f₁ = first tick after S+30, so f₁ ∈ (30, 35] after the start.
    let f1 = unhealthy[0].t_ms;
    assert!(f1 - s0 > 30_000 && f1 - s0 <= 35_000, "f1 = S + {}", f1 - s0);
    assert_eq!(unhealthy[1].t_ms - f1, 5_000);
    assert_eq!(unhealthy[2].t_ms - f1, 10_000);
    // Killing with the third failure, in the same instant.
    let kill = &events(&tl, "Killing")[0];
    assert_eq!(kill.t_ms, f1 + 10_000);
    assert_eq!(kill.message, "Container liveness failed liveness probe, will be restarted");
    // PID 1 (the shell) ignores SIGTERM: SIGKILL exactly 30 s later, exit 137 reason Error.
    let g = &tl.grace[0];
    assert_eq!((g.stop_ms, g.kill_ms), (kill.t_ms, kill.t_ms + 30_000));
    let sigs: Vec<(&str, i64)> = tl.signals.iter().take(2).map(|s| (s.signal.as_str(), s.t_ms)).collect();
    assert_eq!(sigs, [("SIGTERM", kill.t_ms), ("SIGKILL", kill.t_ms + 30_000)]);
    // The restart happens in the same sync, without back-off: the image is "already present".
    let pulled = events(&tl, "Pulled");
    assert_eq!(pulled[1].t_ms, kill.t_ms + 30_000);
    assert_eq!(pulled[1].message, "Container image \"registry.k8s.io/busybox:1.27.2\" already present on machine");
    assert_eq!(started[1], kill.t_ms + 30_000 + 100);
    let st = tl.state_at(started[1] + 2_000);
    let c = &st.containers[0];
    assert_eq!(c.restart_count, 1);
    let last = c.last_terminated.as_ref().expect("lastState.terminated");
    assert_eq!((last.exit_code, last.reason.as_str()), (137, "Error"));
    // Restarts 2–5 are immediate; the 6th kill is refused by the 80 s back-off (the previous
    // instance finished only ≈75 s earlier).
    let kills = times(&tl, "Killing");
    for i in 1..5 {
        assert_eq!(started[i + 1], kills[i] + 30_100, "restart {} is immediate", i + 1);
    }
    let backoff = &events(&tl, "BackOff")[0];
    assert_eq!(backoff.t_ms, kills[5] + 30_000);
    assert_eq!(backoff.message, "Back-off restarting failed container liveness in pod liveness-exec_default(u1)");
    assert_eq!(status_at(&tl, backoff.t_ms + 1_000), "CrashLoopBackOff");
    // The next start waits ≥ 80 s after that instance's death.
    assert!(started[6] >= backoff.t_ms + 80_000, "{} vs {}", started[6], backoff.t_ms);
    assert!(tl.status.iter().all(|s| s.phase == "Pending" || s.phase == "Running"));
}

const T2: &str = r#"
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: web
    image: example.com/web:1.0
    ports: [{containerPort: 8080}]
    readinessProbe:
      httpGet: {path: /ready, port: 8080}
      initialDelaySeconds: 5
      periodSeconds: 5
      successThreshold: 2
      failureThreshold: 3
---
apiVersion: podlife.dev/v1alpha1
kind: Scenario
spec:
  until: 70s
  images: {"example.com/web:1.0": {present: true}}
  containers:
    web:
      startup: 0s
      health:
      - {until: 12s, path: /ready, status: 503}
      - {from: 40s, until: 48s, path: /ready, status: 503}
"#;

#[test]
fn t2_readiness_thresholds() {
    let tl = run(T2, 1);
    let s0 = times(&tl, "Started")[0];
    let runs: Vec<(i64, &str)> =
        tl.probes.iter().filter(|p| p.probe == "readiness").map(|p| (p.t_ms - s0, p.result.as_str())).collect();
    // Ticks are re-anchored to the manual run (≈1.32+), so they fall 5 s apart.
    let counted: Vec<&(i64, &str)> = runs.iter().filter(|(t, _)| *t >= 5_000).collect();
    for w in counted.windows(2) {
        assert_eq!(w[1].0 - w[0].0, 5_000, "{runs:?}");
    }
    let fails: Vec<&str> = events(&tl, "Unhealthy").iter().map(|e| e.message.as_str()).collect();
    assert!(fails.iter().all(|m| *m == "Readiness probe failed: HTTP probe failed with statuscode: 503"));
    // Ready exactly at the second consecutive success after t=12.
    let successes: Vec<i64> = counted.iter().filter(|(_, r)| *r == "success").map(|(t, _)| *t).collect();
    // The result lands when the probe returns (the HTTP answer takes 1 ms).
    let second = tl.probes.iter().find(|p| p.probe == "readiness" && p.t_ms == successes[1] + s0).unwrap();
    let ready_at = second.t_ms + second.duration_ms;
    assert!(successes[0] >= 12_000 && successes[0] < 17_000);
    let first_ready = tl.status.iter().find(|s| s.ready == "1/1").expect("ready");
    assert_eq!(first_ready.t_ms, ready_at);
    let cond = tl.conditions.iter().find(|c| c.type_ == "Ready" && c.status == "True").expect("Ready=True");
    assert_eq!(cond.t_ms, ready_at);
    // Before: Ready=False ContainersNotReady.
    let before = tl.state_at(ready_at - 1);
    let r = before.conditions.iter().find(|c| c.type_ == "Ready").expect("Ready");
    assert_eq!(r.reason.as_deref(), Some("ContainersNotReady"));
    assert_eq!(r.message.as_deref(), Some("containers with unready status: [web]"));
    // Two failures in 40–48 do not reach failureThreshold 3: Ready never drops.
    assert_eq!(fails.len(), 4, "{fails:?}");
    assert!(tl.status.iter().filter(|s| s.t_ms > ready_at).all(|s| s.ready == "1/1"));
}

const T3: &str = r#"
apiVersion: v1
kind: Pod
metadata: {name: x}
spec:
  terminationGracePeriodSeconds: 30
  containers:
  - name: app
    image: example.com/app:1.0
    lifecycle:
      preStop:
        exec: {command: ["sh", "-c", "sleep 60"]}
---
apiVersion: podlife.dev/v1alpha1
kind: Scenario
spec:
  images: {"example.com/app:1.0": {present: true}}
  containers:
    app: {sigterm: {action: exit, drain: 500ms, exitCode: 143}}
  delete: {at: 20s}
"#;

#[test]
fn t3_prestop_longer_than_grace() {
    let tl = run(T3, 1);
    assert_eq!(status_at(&tl, 20_000), "Terminating");
    let st = tl.state_at(20_000);
    assert_eq!(st.deletion_timestamp_ms, Some(50_000));
    assert_eq!(st.deletion_grace_seconds, Some(30));
    let kill = &events(&tl, "Killing")[0];
    assert_eq!((kill.t_ms, kill.message.as_str()), (20_100, "Stopping container app"));
    // The hook runs; the app is not signalled until the 30 s wait ends; then SIGTERM with the
    // 2 s floor (SIGKILL deadline +2 s).
    let hook = &tl.hooks[0];
    assert_eq!((hook.hook.as_str(), hook.from_ms, hook.waited_until_ms), ("preStop", 20_100, 50_100));
    assert_eq!(tl.signals[0].t_ms, 50_100);
    assert_eq!(tl.signals[0].signal, "SIGTERM");
    assert_eq!(tl.grace[0].kill_ms, 52_100);
    assert_eq!(tl.grace[0].grace_seconds, 2);
    // The app exits 0.5 s later; the exec'd hook dies with it → FailedPreStopHook (inferred).
    let failed = &events(&tl, "FailedPreStopHook")[0];
    assert_eq!((failed.t_ms, failed.message.as_str()), (50_600, "PreStopHook failed"));
    assert_eq!(tl.state_at(50_600).phase, "Failed"); // exit 143 ≠ 0
    assert_eq!(tl.removed_ms, Some(51_600));
}

#[test]
fn t3_sleep_variant_has_no_failed_hook() {
    let yaml = T3.replace(r#"exec: {command: ["sh", "-c", "sleep 60"]}"#, "sleep: {seconds: 60}");
    let tl = run(&yaml, 1);
    assert_eq!(tl.signals[0].t_ms, 50_100);
    assert!(events(&tl, "FailedPreStopHook").is_empty());
}

const T4: &str = r#"
apiVersion: v1
kind: Pod
metadata: {name: loop}
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "while true; do sleep 1; done"]
---
apiVersion: podlife.dev/v1alpha1
kind: Scenario
spec:
  node: {images: ["busybox:1.36"]}
  delete: {at: 20s}
"#;

#[test]
fn t4_shell_ignores_sigterm() {
    let tl = run(T4, 1);
    let kill = &events(&tl, "Killing")[0];
    assert_eq!((kill.t_ms, kill.message.as_str()), (20_100, "Stopping container app"));
    // Still running (READY 1/1, Terminating) for the whole grace period.
    let st = tl.state_at(49_000);
    assert_eq!((st.row.ready.as_str(), st.row.status.as_str()), ("1/1", "Terminating"));
    let sigs: Vec<(&str, i64)> = tl.signals.iter().map(|s| (s.signal.as_str(), s.t_ms)).collect();
    assert_eq!(sigs, [("SIGTERM", 20_100), ("SIGKILL", 50_100)]);
    let end = tl.state_at(50_100);
    assert_eq!(end.phase, "Failed");
    match &end.containers[0].state {
        podlife::engine::timeline::CKind::Terminated(t) => assert_eq!((t.exit_code, t.reason.as_str()), (137, "Error")),
        s => panic!("{s:?}"),
    }
    let ready = end.conditions.iter().find(|c| c.type_ == "Ready").unwrap();
    assert_eq!(ready.reason.as_deref(), Some("PodFailed"));
    assert_eq!(tl.removed_ms, Some(51_100));
}

#[test]
fn t4_grace_period_5_and_force() {
    let tl = run(&T4.replace("delete: {at: 20s}", "delete: {at: 20s, gracePeriodSeconds: 5}"), 1);
    assert_eq!(tl.signals[1].t_ms, 25_100);
    // --grace-period=0 --force: the object goes at once; the kubelet still uses 1 s → 2 s floor.
    let tl = run(&T4.replace("delete: {at: 20s}", "delete: {at: 20s, gracePeriodSeconds: 0}"), 1);
    assert_eq!(tl.removed_ms, Some(20_000));
}

const T5: &str = r#"
apiVersion: v1
kind: Pod
metadata: {name: crash, uid: u5}
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "sleep 1; exit 1"]
---
apiVersion: podlife.dev/v1alpha1
kind: Scenario
spec:
  until: 30m
  node: {images: ["busybox:1.36"]}
"#;

#[test]
fn t5_crashloop_backoff_schedule() {
    let tl = run(T5, 1);
    let started = times(&tl, "Started");
    assert!(started.len() >= 11, "{started:?}");
    // Each instance exits 1 s after its start; restart i waits ≥ the back-off after that exit:
    // 0 (immediate), 10, 20, 40, 80, 160, 300, 300 … and at most one 10–15 s requeue later.
    let floors = [0, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000, 300_000];
    for (i, floor) in floors.iter().enumerate() {
        let exit = started[i] + 1_000;
        let wait = started[i + 1] - exit;
        assert!(wait >= *floor, "restart {}: waited {wait} < {floor}", i + 1);
        let slack = if *floor == 0 { 1_100 } else { 15_100 };
        assert!(wait <= floor + slack, "restart {}: waited {wait}, floor {floor}", i + 1);
    }
    // The waiting message carries the back-off as Go duration text (10s, 20s, 40s, 1m20s …).
    let mut seen = Vec::new();
    for row in tl.status.iter().filter(|s| s.status == "CrashLoopBackOff") {
        if let podlife::engine::timeline::CKind::Waiting { message: Some(m), .. } =
            &tl.state_at(row.t_ms).containers[0].state
        {
            seen.push(m.clone());
        }
    }
    for (i, b) in ["10s", "20s", "40s", "1m20s", "2m40s", "5m0s"].iter().enumerate() {
        assert_eq!(seen[i], format!("back-off {b} restarting failed container=app pod=crash_default(u5)"));
    }
    let crash = tl.status.iter().filter(|s| s.status == "CrashLoopBackOff").count();
    assert!(crash >= 5);
    assert_eq!(events(&tl, "BackOff")[0].message, "Back-off restarting failed container app in pod crash_default(u5)");
    // kubectl shows Error first (the status is regenerated only on the next retry), then
    // CrashLoopBackOff; the phase stays Running.
    let exit2 = started[2] + 1_000;
    let after: Vec<&str> = tl.status.iter().filter(|s| s.t_ms > exit2).take(2).map(|s| s.status.as_str()).collect();
    assert_eq!(after, ["Error", "CrashLoopBackOff"]);
    assert!(tl.status.iter().skip(3).all(|s| s.phase == "Running"));
}

const T6: &str = r#"
apiVersion: v1
kind: Pod
metadata: {name: initfail}
spec:
  restartPolicy: Never
  initContainers:
  - name: init-db
    image: busybox:1.36
    command: ["sh", "-c", "sleep 3; exit 1"]
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "sleep 3600"]
---
apiVersion: podlife.dev/v1alpha1
kind: Scenario
spec:
  until: 2m
  node: {images: ["busybox:1.36"]}
"#;

#[test]
fn t6_init_failure_with_never() {
    let tl = run(T6, 1);
    let first = tl.state_at(100);
    assert_eq!(first.row.status, "Init:0/1");
    let init = first.conditions.iter().find(|c| c.type_ == "Initialized").unwrap();
    assert_eq!(init.reason.as_deref(), Some("ContainersNotInitialized"));
    assert_eq!(init.message.as_deref(), Some("containers with incomplete status: [init-db]"));
    let s0 = times(&tl, "Started")[0];
    // init-db exits 1 at S+3; the next PLEG relist (≤ 1 s) → Failed, Init:Error, no restart.
    let failed = tl.status.iter().find(|s| s.phase == "Failed").expect("Failed");
    assert!(failed.t_ms >= s0 + 3_000 && failed.t_ms <= s0 + 4_000, "{}", failed.t_ms);
    assert_eq!((failed.ready.as_str(), failed.status.as_str(), failed.restarts.as_str()), ("0/1", "Init:Error", "0"));
    assert_eq!(times(&tl, "Started").len(), 1);
    assert!(tl.events.iter().all(|e| e.object != "container/app"));
    let end = tl.state_at(120_000);
    assert!(matches!(&end.containers[0].state,
        podlife::engine::timeline::CKind::Waiting { reason, .. } if reason == "PodInitializing"));
    assert_eq!(tl.removed_ms, None, "the Failed pod stays");
}

#[test]
fn t6_init_failure_with_always_crashloops() {
    let tl = run(&T6.replace("restartPolicy: Never", "restartPolicy: Always"), 1);
    assert!(tl.status.iter().all(|s| s.phase == "Pending"));
    let statuses: Vec<&str> = tl.status.iter().map(|s| s.status.as_str()).collect();
    assert!(statuses.contains(&"Init:Error") && statuses.contains(&"Init:CrashLoopBackOff"), "{statuses:?}");
    assert!(tl.events.iter().all(|e| e.object != "container/app"));
}

const T7A: &str = r#"
apiVersion: v1
kind: Pod
metadata: {name: job}
spec:
  restartPolicy: Never
  terminationGracePeriodSeconds: 30
  initContainers:
  - name: logshipper
    image: busybox:1.36
    restartPolicy: Always
    command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]
  - name: migrate
    image: busybox:1.36
    command: ["sh", "-c", "sleep 2"]
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "sleep 5"]
---
apiVersion: podlife.dev/v1alpha1
kind: Scenario
spec:
  until: 2m
  node: {images: ["busybox:1.36"]}
"#;

#[test]
fn t7_sidecar_startup_order_and_job_completion() {
    let tl = run(T7A, 1);
    let started: Vec<(&str, i64)> =
        events(&tl, "Started").iter().map(|e| (e.object.trim_start_matches("container/"), e.t_ms)).collect();
    let names: Vec<&str> = started.iter().map(|s| s.0).collect();
    assert_eq!(names, ["logshipper", "migrate", "app"]);
    // migrate starts on the PLEG relist after logshipper runs (≤ 1 s + create).
    assert!(started[1].1 - started[0].1 <= 1_100);
    assert_eq!(status_at(&tl, started[0].1), "Init:0/2");
    assert_eq!(status_at(&tl, started[1].1), "Init:1/2");
    let running = tl.status.iter().find(|s| s.status == "Running").unwrap();
    assert_eq!(running.ready, "2/2");
    // app exits 0 → KillPod: the sidecar is stopped ("Stopping container logshipper"), its
    // exit code is ignored, the phase becomes Succeeded once it has exited.
    let kill = &events(&tl, "Killing")[0];
    assert_eq!(kill.message, "Stopping container logshipper");
    let app_exit = started[2].1 + 5_000;
    assert!(kill.t_ms > app_exit && kill.t_ms <= app_exit + 1_000);
    assert_eq!(tl.state_at(kill.t_ms).phase, "Running");
    let done = tl.status.iter().find(|s| s.phase == "Succeeded").expect("Succeeded");
    assert_eq!(done.status, "Completed");
    assert!(done.t_ms - kill.t_ms <= 1_000, "the trap runs after the current `sleep 1`");
}

const T7B: &str = r#"
apiVersion: v1
kind: Pod
metadata: {name: svc}
spec:
  terminationGracePeriodSeconds: 30
  initContainers:
  - name: logshipper
    image: example.com/shipper:1.0
    restartPolicy: Always
  - name: migrate
    image: busybox:1.36
    command: ["sh", "-c", "sleep 2"]
  containers:
  - name: app
    image: example.com/app:1.0
---
apiVersion: podlife.dev/v1alpha1
kind: Scenario
spec:
  until: 2m
  node: {images: ["busybox:1.36", "example.com/shipper:1.0", "example.com/app:1.0"]}
  containers:
    app: {sigterm: {action: exit, drain: 5s, exitCode: 0}}
    logshipper: {sigterm: {action: exit, drain: 1s, exitCode: 0}}
  delete: {at: 20s}
"#;

#[test]
fn t7_sidecar_terminates_after_main() {
    let tl = run(T7B, 1);
    let kills: Vec<(&str, i64)> = events(&tl, "Killing").iter().map(|e| (e.message.as_str(), e.t_ms)).collect();
    // Both Killing events up front.
    assert_eq!(kills, [("Stopping container app", 20_100), ("Stopping container logshipper", 20_100)]);
    let sigs: Vec<(&str, &str, i64)> =
        tl.signals.iter().map(|s| (s.container.as_str(), s.signal.as_str(), s.t_ms)).collect();
    // app: SIGTERM at once, exits after 5 s; then logshipper gets SIGTERM with the remaining
    // grace (30 − 5 = 25 s), exits 1 s later; Succeeded; deleted ≈1 s after.
    assert_eq!(sigs, [("app", "SIGTERM", 20_100), ("logshipper", "SIGTERM", 25_100)]);
    let lg = tl.grace.iter().find(|g| g.container == "logshipper").unwrap();
    assert_eq!(lg.grace_seconds, 25);
    assert_eq!(tl.state_at(26_100).phase, "Succeeded");
    assert_eq!(tl.removed_ms, Some(27_100));
}

#[test]
fn t7_sidecar_gets_the_2s_floor_when_main_ignores_sigterm() {
    let yaml =
        T7B.replace("app: {sigterm: {action: exit, drain: 5s, exitCode: 0}}", "app: {sigterm: {action: ignore}}");
    let tl = run(&yaml, 1);
    let sigs: Vec<(&str, &str, i64)> =
        tl.signals.iter().map(|s| (s.container.as_str(), s.signal.as_str(), s.t_ms)).collect();
    assert_eq!(sigs[0], ("app", "SIGTERM", 20_100));
    assert!(sigs.contains(&("app", "SIGKILL", 50_100)));
    // The sidecar's wait also expires at 30 s: SIGTERM with the 2 s floor.
    let lg = tl.grace.iter().find(|g| g.container == "logshipper").unwrap();
    assert_eq!((lg.stop_ms, lg.kill_ms), (50_100, 52_100));
}

const T8: &str = r#"
apiVersion: v1
kind: Pod
metadata: {name: slow}
spec:
  containers:
  - name: app
    image: example.com/slow:1.0
    ports: [{containerPort: 8080}]
    startupProbe:
      httpGet: {path: /healthz, port: 8080}
      failureThreshold: 30
      periodSeconds: 10
    livenessProbe:
      httpGet: {path: /healthz, port: 8080}
      periodSeconds: 10
      failureThreshold: 1
    readinessProbe:
      httpGet: {path: /healthz, port: 8080}
      periodSeconds: 5
---
apiVersion: podlife.dev/v1alpha1
kind: Scenario
spec:
  until: 3m
  images: {"example.com/slow:1.0": {present: true}}
  containers:
    app: {startup: 90s}
"#;

#[test]
fn t8_startup_probe_protects_slow_start() {
    let tl = run(T8, 1);
    let s0 = times(&tl, "Started")[0];
    let un = events(&tl, "Unhealthy");
    assert!(un.iter().all(|e| e.message
        == "Startup probe failed: Get \"http://10.244.0.5:8080/healthz\": dial tcp 10.244.0.5:8080: connect: connection refused"));
    assert_eq!(un.len(), 9);
    assert!(events(&tl, "Killing").is_empty());
    // Liveness and readiness stay idle until started.
    let first_other = tl.probes.iter().find(|p| p.probe != "startup").unwrap().t_ms;
    let startup_ok = tl.probes.iter().find(|p| p.probe == "startup" && p.result == "success").unwrap().t_ms;
    assert!(startup_ok - s0 >= 90_000 && startup_ok - s0 < 100_000);
    assert!(first_other >= startup_ok);
    // The manual readiness trigger makes the pod Ready within a second of started=true.
    let ready = tl.status.iter().find(|s| s.ready == "1/1").unwrap().t_ms;
    assert!(ready - startup_ok <= 1_000, "{}", ready - startup_ok);
}

#[test]
fn t8_never_ready_is_killed_after_30_failures() {
    let yaml = T8.replace("app: {startup: 90s}", "app: {startup: 1h}").replace("until: 3m", "until: 6m");
    let tl = run(&yaml, 1);
    let un = times(&tl, "Unhealthy");
    let kill = &events(&tl, "Killing")[0];
    assert_eq!(kill.message, "Container app failed startup probe, will be restarted");
    assert_eq!(kill.t_ms, un[29]);
    assert_eq!(un[29] - un[0], 290_000);
}

const T9: &str = r#"
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
---
apiVersion: podlife.dev/v1alpha1
kind: Scenario
spec:
  until: 10m
  node: {images: ["nginx:1.27"], fail: {at: 60s}}
"#;

#[test]
fn t9_node_unreachable_taint_eviction() {
    let tl = run(T9, 1);
    let nn = &events(&tl, "NodeNotReady")[0];
    assert_eq!(nn.message, "Node is not ready");
    // 1.32+: grace 50 s, minus the lease phase r ∈ [0,10), plus the monitor phase ∈ [0,5).
    let d = nn.t_ms - 60_000;
    assert!((40_000..55_000).contains(&d), "{d}");
    let st = tl.state_at(nn.t_ms);
    assert_eq!((st.row.ready.as_str(), st.row.status.as_str()), ("1/1", "Running"));
    assert_eq!(st.conditions.iter().find(|c| c.type_ == "Ready").unwrap().status, "False");
    // DefaultTolerationSeconds: 300 s later the taint manager deletes the pod.
    let ev = &events(&tl, "TaintManagerEviction")[0];
    assert_eq!(ev.t_ms, nn.t_ms + 300_000);
    assert!(ev.message.starts_with("Marking for deletion Pod default/web-"));
    let after = tl.state_at(ev.t_ms);
    let dt = after.conditions.iter().find(|c| c.type_ == "DisruptionTarget").unwrap();
    assert_eq!(dt.reason.as_deref(), Some("DeletionByTaintManager"));
    assert_eq!(dt.message.as_deref(), Some("Taint manager: deleting due to NoExecute taint"));
    // Nobody runs the kubelet's side: the pod stays Terminating.
    assert_eq!(status_at(&tl, 600_000), "Terminating");
    assert_eq!(tl.removed_ms, None);
}

#[test]
fn t9_custom_toleration_seconds() {
    let yaml = T9.replace(
        "      containers:\n",
        "      tolerations:\n      - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 30}\n      containers:\n",
    );
    let tl = run(&yaml, 1);
    let nn = times(&tl, "NodeNotReady")[0];
    assert_eq!(times(&tl, "TaintManagerEviction")[0], nn + 30_000);
}

const T10: &str = r#"
apiVersion: v1
kind: Pod
metadata: {name: cache}
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "sleep 3600"]
    volumeMounts: [{name: cache, mountPath: /cache}]
  volumes:
  - name: cache
    emptyDir: {sizeLimit: 1Mi}
---
apiVersion: podlife.dev/v1alpha1
kind: Scenario
spec:
  until: 1m
  node: {images: ["busybox:1.36"]}
  containers:
    app: {disk: {path: /cache, perSecond: 10Mi}}
"#;

#[test]
fn t10_emptydir_size_limit_eviction() {
    let tl = run(T10, 1);
    let ev = &events(&tl, "Evicted")[0];
    // eviction_manager.go localStorageEviction / emptyDirLimitEviction wording, trailing space included.
    assert_eq!(ev.message, "Usage of EmptyDir volume \"cache\" exceeds the limit \"1Mi\". ");
    assert!(ev.t_ms <= times(&tl, "Started")[0] + 10_000, "within one 10 s eviction pass");
    let kill = &events(&tl, "Killing")[0];
    assert_eq!((kill.t_ms, kill.message.as_str()), (ev.t_ms, "Stopping container app"));
    // Grace override 1 s → the 2 s floor: SIGKILL 2 s after SIGTERM (the shell ignores SIGTERM).
    assert_eq!(tl.grace[0].kill_ms - tl.grace[0].stop_ms, 2_000);
    let end = tl.state_at(ev.t_ms + 2_000);
    assert_eq!(end.phase, "Failed");
    assert_eq!(end.reason.as_deref(), Some("Evicted"));
    assert_eq!(end.message.as_deref(), Some(ev.message.as_str()));
    // Source over reference: printPod lets a container's terminated reason override
    // status.reason, so kubectl shows the container's `Error`, not `Evicted` (printers.go).
    assert_eq!(end.row.status, "Error");
    assert_eq!(tl.removed_ms, None, "an evicted pod stays");
}
