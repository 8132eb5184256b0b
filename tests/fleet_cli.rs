//! `podlife fleet`: the rollout transcript, events and pod table; JSON; exit codes.

#[path = "support/cli.rs"]
mod support;
use support::podlife;

fn run(args: &[&str]) -> (i32, String, String) {
    let o = podlife(args, b"");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into(),
        String::from_utf8_lossy(&o.stderr).into(),
    )
}

#[test]
fn a_rollout_prints_the_rollout_status_transcript_events_and_pods() {
    let (code, out, err) = run(&["fleet", "tests/fixtures/rollout.yaml"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("$ kubectl rollout status deployment/web"), "{out}");
    assert!(
        out.contains(
            "Waiting for deployment \"web\" rollout to finish: 1 out of 3 new replicas have been updated...\n"
        ),
        "{out}"
    );
    assert!(out.contains("deployment \"web\" successfully rolled out\n"), "{out}");
    assert!(out.contains("ScalingReplicaSet"), "{out}");
    assert!(out.contains("SuccessfulCreate"), "{out}");
    assert!(out.contains("SuccessfulDelete"), "{out}");
    assert!(out.contains("Rollout at 1m0s: image app=nginx:1.28 (revision 2"), "{out}");
    // 3 old + 3 new pods in the table.
    assert_eq!(out.lines().filter(|l| l.starts_with("web-") && l.contains("node-1")).count(), 6, "{out}");
    assert!(out.contains("$ kubectl get rs"), "{out}");
}

#[test]
fn json_is_stable_and_complete() {
    let (code, a, _) = run(&["fleet", "tests/fixtures/rollout.yaml", "-o", "json", "--seed", "3"]);
    assert_eq!(code, 0);
    let (_, b, _) = run(&["fleet", "tests/fixtures/rollout.yaml", "-o", "json", "--seed", "3"]);
    assert_eq!(a, b, "deterministic");
    let v: serde_json::Value = serde_json::from_str(&a).expect("json");
    assert_eq!(v["kind"], "Deployment");
    assert_eq!(v["strategy"]["resolvedMaxSurge"], 1);
    assert_eq!(v["outcome"]["result"], "Complete");
    assert_eq!(v["replicaSets"].as_array().map(Vec::len), Some(2));
    let pods = v["pods"].as_array().expect("pods");
    assert_eq!(pods.len(), 6);
    assert!(pods.iter().all(|p| p["timeline"]["events"].is_array() && p["created_ms"].is_i64()));
    assert_eq!(pods[0]["deleteReason"], "ScaleDown");
}

#[test]
fn the_quota_deadlock_ends_in_progress_deadline_exceeded() {
    let (code, out, err) = run(&["fleet", "tests/fixtures/quota-deadlock.yaml"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("error: deployment \"web\" exceeded its progress deadline\n"), "{out}");
    assert!(out.contains("exceeded quota: pod-count, requested: pods=1, used: pods=3, limited: pods=3"), "{out}");
    assert!(out.contains("# ProgressDeadlineExceeded at 3m1s"), "{out}");
}

#[test]
fn a_bare_pod_or_an_unreadable_file_is_refused() {
    let (code, _, err) = run(&["fleet", "examples/crashloop.yaml"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("no Deployment or ReplicaSet to simulate"), "{err}");
    let (code, _, _) = run(&["fleet", "does-not-exist.yaml"]);
    assert_eq!(code, 2);
    let (code, _, _) = run(&["fleet", "tests/fixtures/rollout.yaml", "--until", "soon"]);
    assert_eq!(code, 2);
}

/// `podlife … | head`: when the reader goes away, every command stops quietly with the status
/// of a process killed by SIGPIPE, never with Rust's "failed printing to stdout" panic.
#[test]
#[cfg(not(target_arch = "wasm32"))] // a wasm32 ChildStdout closes nothing when dropped
fn a_closed_stdout_ends_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    for args in [
        &["fleet", "tests/fixtures/rollout.yaml", "-o", "json"][..],
        &["simulate", "examples/crashloop.yaml", "-o", "json"][..],
        &["traffic", "examples/spread-node-failure.yaml", "-o", "json"][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_podlife"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn podlife");
        let mut stdout = child.stdout.take().expect("stdout");
        let mut first = [0u8; 16];
        stdout.read_exact(&mut first).expect("some output");
        drop(stdout);
        let out = child.wait_with_output().expect("wait");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        // Each output is larger than a pipe's buffer (64 KiB), so a write after the close fails.
        assert_eq!(out.status.code(), Some(141), "{args:?}: {err}");
    }
}
