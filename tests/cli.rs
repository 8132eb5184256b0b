//! The CLI contract (README.md): exit codes, text and JSON shapes, standard input.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Output;

#[path = "support/cli.rs"]
mod support;
use support::podlife;

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const VALID: &str =
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: demo\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n";
const BAD_PROBE: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: demo\nspec:\n  containers:\n  - name: app\n    image: nginx\n    livenessProbe:\n      successThreshold: 2\n      httpGet: {path: /, port: 80}\n";

#[test]
fn validate_valid_exits_0_with_the_dry_run_line() {
    let o = podlife(&["validate", "-"], VALID.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert_eq!(stdout(&o), "pod/demo created (server dry run)\n");
}

#[test]
fn validate_invalid_exits_1_with_kubectls_text() {
    let o = podlife(&["validate", "-"], BAD_PROBE.as_bytes());
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "The Pod \"demo\" is invalid: spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1\n"
    );
    // The position goes to standard error, for editors.
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("-:10:7: error: spec.containers[0].livenessProbe.successThreshold"), "{err}");
}

#[test]
fn validate_json_contract() {
    let o = podlife(&["validate", "-o", "json", "-"], format!("{VALID}---\n{BAD_PROBE}").as_bytes());
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let a = v.as_array().expect("array");
    assert_eq!(a.len(), 2);
    assert_eq!(a[0]["kind"], "Pod");
    assert_eq!(a[0]["name"], "demo");
    assert_eq!(a[0]["valid"], true);
    assert_eq!(a[0]["errors"].as_array().map(Vec::len), Some(0));
    assert_eq!(a[1]["valid"], false);
    let e = &a[1]["errors"][0];
    assert_eq!(e["field"], "spec.containers[0].livenessProbe.successThreshold");
    assert_eq!(e["type"], "FieldValueInvalid");
    assert_eq!(e["message"], "Invalid value: 2: must be 1");
    assert_eq!(e["line"], 10 + 9);
    assert!(a[1]["warnings"].is_array());
    assert_eq!(
        a[1]["kubectl"],
        "The Pod \"demo\" is invalid: spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"
    );
}

#[test]
fn unknown_fields_are_strict_decoding_errors() {
    let text = VALID.replace("image: nginx:1.27", "image: nginx:1.27\n    imagePullPolice: Always");
    let o = podlife(&["validate", "-o", "json", "-"], text.as_bytes());
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v[0]["errors"][0]["field"], "spec.containers[0].imagePullPolice");
    assert_eq!(v[0]["errors"][0]["line"], 9);
    assert!(v[0]["errors"][0]["message"].as_str().unwrap_or("").contains("did you mean \"imagePullPolicy\""));
    assert_eq!(
        v[0]["kubectl"],
        "Error from server (BadRequest): error when creating \"STDIN\": Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field \"spec.containers[0].imagePullPolice\""
    );
}

#[test]
fn unreadable_input_exits_2() {
    let o = podlife(&["validate", "-"], b"kind: Pod\nname: \xff\xfe\n");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not UTF-8"));
    let o = podlife(&["validate", "/nonexistent/pod.yaml"], b"");
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn syntax_errors_are_invalid_with_a_position() {
    let o = podlife(&["validate", "-o", "json", "-"], b"apiVersion: v1\nkind: Pod\nspec: [1, 2\n");
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v[0]["valid"], false);
    assert_eq!(v[0]["errors"][0]["type"], "SyntaxError");
}

#[test]
fn qos_json_even_for_invalid_specs() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: g}\nspec:\n  containers:\n  - name: app\n    image: nginx\n    livenessProbe: {successThreshold: 3, exec: {command: [ls]}}\n    resources:\n      limits: {cpu: 500m, memory: 64Mi}\n";
    let o = podlife(&["qos", "-o", "json", "-"], text.as_bytes());
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v[0]["kind"], "Pod");
    assert_eq!(v[0]["name"], "g");
    assert_eq!(v[0]["qosClass"], "Guaranteed");
}

#[test]
fn status_of_a_pasted_pod_with_status() {
    let text = r#"apiVersion: v1
kind: Pod
metadata:
  name: web
  creationTimestamp: "2025-01-01T00:00:00Z"
spec:
  containers:
  - name: app
    image: nginx
status:
  phase: Running
  conditions:
  - type: Ready
    status: "True"
  containerStatuses:
  - name: app
    image: nginx
    imageID: ""
    ready: false
    restartCount: 3
    state:
      waiting:
        reason: CrashLoopBackOff
    lastState:
      terminated:
        exitCode: 1
        reason: Error
        finishedAt: "2025-01-01T00:05:00Z"
"#;
    let o = podlife(&["status", "--now", "2025-01-01T00:10:00Z", "-"], text.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert_eq!(
        stdout(&o),
        "NAME   READY   STATUS             RESTARTS     AGE\nweb    0/1     CrashLoopBackOff   3 (5m ago)   10m\n"
    );
    let o = podlife(&["status", "-o", "json", "--now", "2025-01-01T00:10:00Z", "-"], text.as_bytes());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v[0]["status"], "CrashLoopBackOff");
    assert_eq!(v[0]["restarts"], "3 (5m ago)");
    assert_eq!(v[0]["age"], "10m");
}

#[test]
fn every_command_has_help() {
    for cmd in
        [&["--help"][..], &["validate", "--help"], &["qos", "--help"], &["status", "--help"], &["defaults", "--help"]]
    {
        let o = podlife(cmd, b"");
        assert_eq!(o.status.code(), Some(0), "{cmd:?}");
        assert!(stdout(&o).contains("Usage"), "{cmd:?}");
    }
}

#[test]
fn hostile_input_gets_a_clear_error_fast() {
    let started = std::time::Instant::now();
    // A 10 MB paste.
    let big = "a: b\n".repeat(2_000_000);
    let o = podlife(&["validate", "-o", "json", "-"], big.as_bytes());
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert!(v[0]["errors"][0]["message"].as_str().unwrap_or("").contains("3 MiB"), "{v}");
    // An alias bomb.
    let mut bomb = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
    let mut prev = "a".to_string();
    for n in ["b", "c", "d", "e", "f", "g", "h", "i"] {
        bomb.push_str(&format!(
            "{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
        prev = n.to_string();
    }
    let o = podlife(&["validate", "-"], bomb.as_bytes());
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("expands to more than"), "{}", stdout(&o));
    // Deep nesting.
    let deep = "[".repeat(100_000);
    let o = podlife(&["validate", "-"], deep.as_bytes());
    assert_eq!(o.status.code(), Some(1));
    // Generous bound: these are answered in milliseconds; a hang would take far longer.
    assert!(started.elapsed() < std::time::Duration::from_secs(20), "{:?}", started.elapsed());
}

#[test]
fn simulate_outputs_and_exit_codes() {
    let o = podlife(&["simulate", "-o", "json", "--until", "2m", "-"], VALID.as_bytes());
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    for key in ["pod", "seed", "qosClass", "events", "status", "containers", "probes", "transitions", "not_simulated"] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["pod"], "demo");
    assert_eq!(v["until_ms"], 120_000);
    assert_eq!(v["status"][0]["t_ms"], 0);
    assert_eq!(v["events"][0]["reason"], "Scheduled");
    assert_eq!(v["events"][0]["object"], "pod");
    let o = podlife(&["simulate", "-o", "watch", "-"], VALID.as_bytes());
    assert!(stdout(&o).starts_with("NAME   READY   STATUS"), "{}", stdout(&o));
    let o = podlife(&["simulate", "-o", "describe", "--at", "5s", "-"], VALID.as_bytes());
    assert!(stdout(&o).starts_with("Events:\n  Type    Reason"), "{}", stdout(&o));
    // The API server would refuse it: no simulation, kubectl's error, exit 1.
    let o = podlife(&["simulate", "-"], BAD_PROBE.as_bytes());
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).starts_with("The Pod \"demo\" is invalid"));
}
