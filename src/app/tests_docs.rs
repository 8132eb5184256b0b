//! The Kubernetes docs' examples, at the `Process` level (time → listening / health / exit).

use super::*;
use crate::model::core::Container;

fn container(json: serde_json::Value) -> Container {
    serde_json::from_value(json).expect("container json")
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// web: content/en/examples/pods/probe/exec-liveness.yaml (timeline T1 of kubelet-semantics.md).
#[test]
fn exec_liveness() {
    let c = container(serde_json::json!({
        "name": "liveness", "image": "registry.k8s.io/busybox:1.27.2",
        "args": ["/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"]
    }));
    let mut vfs = Vfs::new();
    let mut p = Process::start(&c, None, &mut vfs, 0);
    assert!(p.inferred().summary.contains("ignores SIGTERM"), "{}", p.inferred().summary);
    let probe = s(&["cat", "/tmp/healthy"]);
    for t in [0, 5_000, 29_999] {
        p.advance(&mut vfs, t);
        assert_eq!(run_exec(&probe, Some(&p), &mut vfs, t).exit_code, 0, "t={t}");
    }
    assert_eq!(p.next_change(), Some(30_000));
    p.advance(&mut vfs, 30_000);
    let o = run_exec(&probe, Some(&p), &mut vfs, 30_000);
    assert_eq!(o.exit_code, 1);
    assert_eq!(o.output, "cat: can't open '/tmp/healthy': No such file or directory\n");
    // Killed after the third failure at ≈40–45 s: SIGTERM is ignored by the PID-1 shell.
    p.signal(Signal::Term, &mut vfs, 45_000);
    p.advance(&mut vfs, 74_999);
    assert_eq!(p.exited(), None);
    p.signal(Signal::Kill, &mut vfs, 75_000);
    assert_eq!(p.exited(), Some((75_000, 137, "Error")));
}

/// web: content/en/examples/pods/probe/http-liveness.yaml (agnhost liveness, §2.2).
#[test]
fn http_liveness_agnhost() {
    let c = container(serde_json::json!({
        "name": "liveness", "image": "registry.k8s.io/e2e-test-images/agnhost:2.40", "args": ["liveness"]
    }));
    let mut vfs = Vfs::new();
    let mut p = Process::start(&c, None, &mut vfs, 1_000);
    assert!(p.listening(8080, 1_100));
    assert_eq!(p.http_get(8080, "/healthz", 4_000).map(|r| r.0), Some(200));
    assert_eq!(p.http_get(8080, "/healthz", 11_000).map(|r| r.0), Some(200));
    assert_eq!(p.http_get(8080, "/healthz", 11_001).map(|r| r.0), Some(500));
    assert_eq!(p.http_get(8080, "/nope", 2_000).map(|r| r.0), Some(404));
    assert_eq!(p.http_get(9999, "/healthz", 2_000), None);
    // No SIGTERM handler in a Go binary: exit 2 at once (§1.4).
    p.signal(Signal::Term, &mut vfs, 19_000);
    assert_eq!(p.exited(), Some((19_000, 2, "Error")));
    assert!(!p.listening(8080, 19_000));
}

/// The old docs image registry.k8s.io/liveness with args [/server] (§3.1).
#[test]
fn old_liveness_image() {
    let c = container(serde_json::json!({"name": "l", "image": "registry.k8s.io/liveness", "args": ["/server"]}));
    let mut vfs = Vfs::new();
    let p = Process::start(&c, None, &mut vfs, 0);
    assert_eq!(p.http_get(8080, "/healthz", 10_000).map(|r| r.0), Some(200));
    assert_eq!(p.http_get(8080, "/healthz", 10_500).map(|r| r.0), Some(500));
}

/// nginx: listens quickly, SIGQUIT is its stop signal, graceful exit 0 (§3.10); docs preStop.
#[test]
fn nginx_stop_and_prestop() {
    let c = container(serde_json::json!({
        "name": "web", "image": "nginx:1.27", "ports": [{"containerPort": 80}],
        "lifecycle": {"preStop": {"exec": {"command": ["/bin/sh", "-c", "nginx -s quit; while killall -0 nginx; do sleep 1; done"]}}}
    }));
    let mut vfs = Vfs::new();
    let mut p = Process::start(&c, None, &mut vfs, 0);
    assert_eq!(p.inferred().stop_signal, Signal::Quit);
    assert!(!p.listening(80, 50));
    assert!(p.listening(80, 100));
    assert_eq!(p.http_get(80, "/", 1_000).map(|r| r.0), Some(200));
    assert_eq!(p.http_get(80, "/missing", 1_000).map(|r| r.0), Some(404));
    let hook = s(&["/bin/sh", "-c", "nginx -s quit; while killall -0 nginx; do sleep 1; done"]);
    let o = run_exec(&hook, Some(&p), &mut vfs, 5_000);
    assert_eq!(o.signal_main, Some(Signal::Quit));
    assert_eq!(o.exit_code, 0);
    p.signal(Signal::Quit, &mut vfs, 5_000);
    p.advance(&mut vfs, 5_010);
    assert_eq!(p.exited(), Some((5_010, 0, "Completed")));
    // nginx:1.14.2 (the Deployment docs example) still had STOPSIGNAL SIGTERM.
    let old = container(serde_json::json!({"name": "n", "image": "nginx:1.14.2"}));
    assert_eq!(Process::start(&old, None, &mut vfs, 0).inferred().stop_signal, Signal::Term);
    // nginx:alpine ships BusyBox killall: the hook waits until nginx is gone.
    let alp = container(serde_json::json!({"name": "n", "image": "nginx:alpine"}));
    let p = Process::start(&alp, None, &mut vfs, 0);
    let o = run_exec(&hook, Some(&p), &mut vfs, 5_000);
    assert_eq!((o.exit_code, o.duration_ms, o.signal_main), (0, 1_000, Some(Signal::Quit)));
}

/// A PID-1 `sh -c 'sleep 3600'` ignores SIGTERM (§1.3); with a trap it exits 0 — after the
/// foreground sleep (§1.5).
#[test]
fn shell_signals() {
    let mut vfs = Vfs::new();
    let plain = container(serde_json::json!({"name": "a", "image": "busybox", "command": ["sh", "-c", "sleep 3600"]}));
    let mut p = Process::start(&plain, None, &mut vfs, 0);
    p.signal(Signal::Term, &mut vfs, 1_000);
    p.advance(&mut vfs, 31_000);
    assert_eq!(p.exited(), None);
    p.signal(Signal::Kill, &mut vfs, 31_000);
    assert_eq!(p.exited(), Some((31_000, 137, "Error")));

    let trap = container(serde_json::json!({"name": "a", "image": "busybox",
        "command": ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]}));
    let mut p = Process::start(&trap, None, &mut vfs, 0);
    p.advance(&mut vfs, 10_300);
    p.signal(Signal::Term, &mut vfs, 10_300);
    assert_eq!(p.exited(), None);
    assert_eq!(p.next_change(), Some(11_000));
    p.advance(&mut vfs, 11_000);
    assert_eq!(p.exited(), Some((11_000, 0, "Completed")));

    let trap_long = container(serde_json::json!({"name": "a", "image": "busybox",
        "command": ["sh", "-c", "trap 'exit 0' TERM; sleep 3600"]}));
    let mut p = Process::start(&trap_long, None, &mut vfs, 0);
    p.signal(Signal::Term, &mut vfs, 1_000);
    p.advance(&mut vfs, 31_000);
    assert_eq!(p.exited(), None, "the trap waits for the foreground sleep");

    // `exec` replaces the shell: nginx is PID 1 and handles SIGQUIT.
    let ex = container(serde_json::json!({"name": "a", "image": "nginx",
        "command": ["/bin/sh", "-c", "echo starting; exec nginx -g 'daemon off;'"]}));
    let mut p = Process::start(&ex, None, &mut vfs, 0);
    assert!(p.listening(80, 200));
    p.signal(Signal::Quit, &mut vfs, 1_000);
    p.advance(&mut vfs, 2_000);
    assert_eq!(p.exited(), Some((1_010, 0, "Completed")));
    assert!(p.logs().starts_with("starting\n"));

    // dash keeps itself as PID 1 with nginx as a child: the stop signal never reaches nginx.
    let child = container(serde_json::json!({"name": "a", "image": "nginx",
        "command": ["/bin/sh", "-c", "nginx -g 'daemon off;'"]}));
    let mut p = Process::start(&child, None, &mut vfs, 0);
    assert!(p.listening(80, 200));
    p.signal(Signal::Quit, &mut vfs, 1_000);
    p.advance(&mut vfs, 20_000);
    assert_eq!(p.exited(), None);
}

/// busybox / alpine / debian without a command: `sh` reads EOF and exits 0 (§1.1).
#[test]
fn shell_images_without_command_complete() {
    for image in ["busybox", "alpine:3.20", "ubuntu", "debian:12"] {
        let c = container(serde_json::json!({"name": "a", "image": image}));
        let mut vfs = Vfs::new();
        let p = Process::start(&c, None, &mut vfs, 7);
        assert_eq!(p.exited(), Some((7, 0, "Completed")), "{image}");
    }
}

/// web: assign-memory-resource.md — polinux/stress over its limit → OOMKilled (§3.7).
#[test]
fn stress_oom() {
    let c = container(serde_json::json!({
        "name": "memory-demo-2-ctr", "image": "polinux/stress",
        "resources": {"requests": {"memory": "50Mi"}, "limits": {"memory": "100Mi"}},
        "command": ["stress"], "args": ["--vm", "1", "--vm-bytes", "250M", "--vm-hang", "1"]
    }));
    let mut vfs = Vfs::new();
    let mut p = Process::start(&c, None, &mut vfs, 0);
    let t = p.next_change().expect("an OOM time");
    assert!(t > 0 && t < 1_000, "{t}");
    p.advance(&mut vfs, 1_000);
    assert_eq!(p.exited().map(|e| (e.1, e.2)), Some((137, "OOMKilled")));
    // Within the limit: stays up at ≈150 MiB.
    let ok = container(serde_json::json!({
        "name": "m", "image": "polinux/stress", "resources": {"limits": {"memory": "200Mi"}},
        "command": ["stress"], "args": ["--vm", "1", "--vm-bytes", "150M", "--vm-hang", "1"]
    }));
    let mut p = Process::start(&ok, None, &mut vfs, 0);
    p.advance(&mut vfs, 60_000);
    assert_eq!(p.exited(), None);
    assert_eq!(p.memory_bytes(60_000) >> 20, 151);
}

#[test]
fn goproxy_tcp_only() {
    let c = container(
        serde_json::json!({"name": "g", "image": "registry.k8s.io/goproxy:0.1", "ports": [{"containerPort": 8080}]}),
    );
    let mut vfs = Vfs::new();
    let p = Process::start(&c, None, &mut vfs, 0);
    assert!(p.listening(8080, 100));
    assert_eq!(p.http_get(8080, "/", 100).map(|r| r.0), Some(500));
}

/// Unknown images: §5 defaults.
#[test]
fn unknown_image_defaults() {
    let c = container(
        serde_json::json!({"name": "app", "image": "example.com/shop/api:v3", "ports": [{"containerPort": 8080}]}),
    );
    let mut vfs = Vfs::new();
    let mut p = Process::start(&c, None, &mut vfs, 0);
    assert!(!p.listening(8080, 999));
    assert!(p.listening(8080, 1_000));
    assert_eq!(p.grpc_health(8080, "", 1_000), Some(true));
    assert!(!p.inferred().not_simulated.is_empty());
    p.signal(Signal::Term, &mut vfs, 5_000);
    p.advance(&mut vfs, 6_000);
    assert_eq!(p.exited(), Some((5_500, 0, "Completed")));
}

#[test]
fn start_errors_and_one_shots() {
    let mut vfs = Vfs::new();
    let c = container(serde_json::json!({"name": "a", "image": "busybox", "command": ["nosuch"]}));
    assert_eq!(Process::start(&c, None, &mut vfs, 0).exited(), Some((0, 128, "StartError")));
    let c = container(serde_json::json!({"name": "a", "image": "busybox", "command": ["sh", "-c", "nosuch"]}));
    assert_eq!(Process::start(&c, None, &mut vfs, 0).exited(), Some((0, 127, "Error")));
    let c = container(serde_json::json!({"name": "a", "image": "debian",
        "command": ["printenv"], "args": ["HOSTNAME", "KUBERNETES_PORT"], "env": [{"name": "KUBERNETES_PORT", "value": "tcp://10.96.0.1:443"}]}));
    let p = Process::start(&c, None, &mut vfs, 0);
    assert_eq!(p.exited(), Some((0, 0, "Completed")));
    assert_eq!(p.logs(), "a\ntcp://10.96.0.1:443\n");
    // docs pod-failure-policy: bash -c 'echo "Hello world!" && sleep 5 && exit 42'
    let c = container(serde_json::json!({"name": "main", "image": "docker.io/library/bash:5",
        "command": ["bash"], "args": ["-c", "echo \"Hello world!\" && sleep 5 && exit 42"]}));
    let mut p = Process::start(&c, None, &mut vfs, 0);
    p.advance(&mut vfs, 10_000);
    assert_eq!(p.exited(), Some((5_000, 42, "Error")));
    // $(VAR) expansion by the kubelet.
    let c = container(serde_json::json!({"name": "a", "image": "busybox", "env": [{"name": "MSG", "value": "hi"}],
        "command": ["sh", "-c", "echo $(MSG) > /out"]}));
    Process::start(&c, None, &mut vfs, 0);
    assert_eq!(vfs.read("/out"), Some("hi\n"));
    // postgres without a password exits 1.
    let c = container(serde_json::json!({"name": "db", "image": "postgres:16"}));
    let mut p = Process::start(&c, None, &mut vfs, 0);
    p.advance(&mut vfs, 1_000);
    assert_eq!(p.exited(), Some((100, 1, "Error")));
}

#[test]
fn tini_forwards() {
    let c =
        container(serde_json::json!({"name": "a", "image": "example.com/x", "command": ["tini", "--", "sleep", "30"]}));
    let mut vfs = Vfs::new();
    let mut p = Process::start(&c, None, &mut vfs, 0);
    p.signal(Signal::Term, &mut vfs, 1_000);
    assert_eq!(p.exited(), Some((1_000, 143, "Error")));
}

#[test]
fn exec_probe_http_clients() {
    let c = container(serde_json::json!({"name": "a", "image": "registry.k8s.io/e2e-test-images/agnhost:2.40",
        "args": ["netexec", "--http-port=8080"]}));
    let mut vfs = Vfs::new();
    let mut p = Process::start(&c, None, &mut vfs, 0);
    let o = run_exec(&s(&["wget", "-q", "-O-", "localhost:8080/healthz"]), Some(&p), &mut vfs, 1_000);
    assert_eq!((o.exit_code, o.output.as_str()), (0, "ok"));
    assert_eq!(p.http_get(8080, "/readyz", 1_000).map(|r| r.0), Some(200));
    p.signal(Signal::Term, &mut vfs, 2_000);
    assert_eq!(p.exited(), Some((2_000, 0, "Completed")));
    let o = run_exec(&s(&["sh", "-c", "kill 1"]), Some(&p), &mut vfs, 1_000);
    assert_eq!(o.signal_main, Some(Signal::Term));
    let o = run_exec(&s(&["sleep", "5"]), None, &mut vfs, 0);
    assert_eq!((o.exit_code, o.duration_ms), (0, 5_000));
    let o = run_exec(&s(&["sleep", "infinity"]), None, &mut vfs, 0);
    assert_eq!(o.duration_ms, shell::FOREVER);
}

#[test]
fn overrides() {
    let c = container(serde_json::json!({"name": "app", "image": "example.com/x", "ports": [{"containerPort": 8080}],
        "resources": {"limits": {"memory": "128Mi"}}}));
    let b: ContainerBehaviour = serde_json::from_value(serde_json::json!({
        "startup": "5s",
        "health": [{"from": "30s", "fail": true}, {"path": "/ready", "until": "10s", "status": 503}],
        "sigterm": {"action": "drain", "drain": "3s"},
        "memory": {"start": "64Mi", "perSecond": "1Mi"},
        "stopSignal": "SIGUSR1"
    }))
    .unwrap();
    let mut vfs = Vfs::new();
    let mut p = Process::start(&c, Some(&b), &mut vfs, 0);
    assert_eq!(p.inferred().stop_signal, Signal::Usr1);
    assert!(!p.listening(8080, 4_999));
    assert_eq!(p.http_get(8080, "/ready", 6_000).map(|r| r.0), Some(503));
    assert_eq!(p.http_get(8080, "/ready", 10_000).map(|r| r.0), Some(200));
    assert_eq!(p.http_get(8080, "/healthz", 30_000).map(|r| r.0), Some(500));
    assert_eq!(run_exec(&s(&["true"]), Some(&p), &mut vfs, 31_000).exit_code, 1);
    assert_eq!(p.grpc_health(8080, "", 31_000), Some(false));
    // 64Mi + 1Mi/s crosses 128Mi after 64 s + a little.
    assert!(p.next_change().is_some_and(|t| t <= 5_000));
    p.signal(Signal::Term, &mut vfs, 20_000);
    assert!(!p.listening(8080, 20_000));
    p.advance(&mut vfs, 30_000);
    assert_eq!(p.exited(), Some((23_000, 0, "Completed")));
    let c2 = container(
        serde_json::json!({"name": "app", "image": "example.com/x", "resources": {"limits": {"memory": "128Mi"}}}),
    );
    let b2: ContainerBehaviour = serde_json::from_value(
        serde_json::json!({"memory": {"start": "64Mi", "perSecond": "1Mi"}, "exit": {"at": "2m", "code": 3}}),
    )
    .unwrap();
    let mut p = Process::start(&c2, Some(&b2), &mut vfs, 0);
    p.advance(&mut vfs, 200_000);
    assert_eq!(p.exited().map(|e| (e.1, e.2)), Some((137, "OOMKilled")));
    let b3: ContainerBehaviour =
        serde_json::from_value(serde_json::json!({"exit": {"at": "2m", "code": 3}, "sigterm": {"action": "ignore"}}))
            .unwrap();
    let mut p = Process::start(&c2, Some(&b3), &mut vfs, 0);
    p.signal(Signal::Term, &mut vfs, 1_000);
    p.advance(&mut vfs, 200_000);
    assert_eq!(p.exited(), Some((120_000, 3, "Error")));
}

#[test]
fn no_panics_on_odd_containers() {
    let mut vfs = Vfs::new();
    for j in [
        serde_json::json!({"name": "a"}),
        serde_json::json!({"name": "a", "image": ""}),
        serde_json::json!({"name": "a", "image": ":::@@", "command": []}),
        serde_json::json!({"name": "a", "image": "busybox", "command": ["sh", "-c"]}),
        serde_json::json!({"name": "a", "image": "busybox", "command": ["sh", "-c", "sleep 999999999999999999"]}),
        serde_json::json!({"name": "a", "image": "busybox", "command": ["tini"]}),
        serde_json::json!({"name": "a", "image": "nginx", "ports": [{"containerPort": 70000}], "resources": {"limits": {"memory": "1"}}}),
    ] {
        let c = container(j);
        let mut p = Process::start(&c, None, &mut vfs, 0);
        p.advance(&mut vfs, i64::MAX);
        let _ = p.next_change();
        p.signal(Signal::Term, &mut vfs, i64::MAX);
        let _ = p.memory_bytes(i64::MAX);
        let _ = run_exec(&[], Some(&p), &mut vfs, i64::MAX);
    }
}

/// Who closes the listener on SIGTERM: a Go `Shutdown`-style handler or nginx's graceful quit
/// stop accepting at once; agnhost netexec's `--delay-shutdown` handler only sleeps before
/// `os.Exit(0)`, so it keeps accepting (and answers /readyz with 503) until it exits; a
/// process that ignores SIGTERM keeps listening until SIGKILL.
#[test]
fn who_keeps_listening_after_sigterm() {
    let mut vfs = Vfs::new();
    let netexec = container(serde_json::json!({
        "name": "app", "image": "registry.k8s.io/e2e-test-images/agnhost:2.39",
        "args": ["netexec", "--http-port=8080", "--delay-shutdown=30"]
    }));
    let mut p = Process::start(&netexec, None, &mut vfs, 0);
    assert_eq!(p.http_get(8080, "/readyz", 5_000).map(|r| r.0), Some(200));
    p.signal(Signal::Term, &mut vfs, 10_000);
    assert!(p.listening(8080, 10_000) && p.listening(8080, 39_999), "netexec keeps accepting while it sleeps");
    assert_eq!(p.http_get(8080, "/readyz", 20_000).map(|r| r.0), Some(503));
    assert_eq!(p.next_change(), Some(40_000));
    p.advance(&mut vfs, 40_000);
    assert_eq!(p.exited(), Some((40_000, 0, "Completed")));
    assert!(!p.listening(8080, 40_000));

    let nginx = container(serde_json::json!({"name": "web", "image": "nginx:1.27"}));
    let mut p = Process::start(&nginx, None, &mut vfs, 0);
    assert!(p.listening(80, 5_000));
    p.signal(Signal::Quit, &mut vfs, 10_000);
    assert!(!p.listening(80, 10_000), "nginx -s quit closes its listening sockets at once");

    let drain: ContainerBehaviour =
        serde_json::from_value(serde_json::json!({"sigterm": {"action": "drain", "drain": "5s"}})).expect("override");
    let app =
        container(serde_json::json!({"name": "app", "image": "example.com/app:1", "ports": [{"containerPort": 8080}]}));
    let mut p = Process::start(&app, Some(&drain), &mut vfs, 0);
    assert!(p.listening(8080, 5_000));
    p.signal(Signal::Term, &mut vfs, 10_000);
    assert!(!p.listening(8080, 10_000), "drain = Go's Shutdown: the listener closes first");
    assert_eq!(p.exited(), None);

    let ignore: ContainerBehaviour =
        serde_json::from_value(serde_json::json!({"sigterm": {"action": "ignore"}})).expect("override");
    let mut p = Process::start(&app, Some(&ignore), &mut vfs, 0);
    p.signal(Signal::Term, &mut vfs, 10_000);
    assert!(p.listening(8080, 20_000), "a process ignoring SIGTERM keeps listening");
    p.signal(Signal::Kill, &mut vfs, 40_000);
    assert!(!p.listening(8080, 40_000));
}
