#![cfg(not(target_arch = "wasm32"))]
//! Property tests (plain loops over generated specs and seeds, no extra dependency): the
//! engine's invariants hold for every generated pod and scenario.

use podlife::engine::{simulate, Timeline};

/// SplitMix64: a tiny portable generator for the test inputs.
struct Gen(u64);
impl Gen {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
}

const COMMANDS: &[&str] = &[
    r#"["sh", "-c", "sleep 1; exit 1"]"#,
    r#"["sh", "-c", "sleep 5"]"#,
    r#"["sh", "-c", "while true; do sleep 1; done"]"#,
    r#"["sh", "-c", "trap 'exit 0' TERM; sleep 20 & wait"]"#,
    r#"["sh", "-c", "exit 0"]"#,
    r#"["sleep", "3600"]"#,
    r#"["nosuchcmd"]"#,
];
const PROBES: &[&str] = &[
    "",
    "livenessProbe: {exec: {command: [cat, /nope]}, periodSeconds: 1, failureThreshold: 1}",
    "readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 2}",
    "startupProbe: {httpGet: {port: 8080, path: /}, periodSeconds: 1, failureThreshold: 3}",
    "livenessProbe: {httpGet: {port: 80, path: /}, periodSeconds: 3}",
];
const POLICIES: &[&str] = &["Always", "OnFailure", "Never"];
const IMAGES: &[&str] = &["busybox:1.36", "nginx:1.27", "example.com/app:1.0", "alpine"];

/// A random pod + scenario as YAML text (parsed like a user paste).
fn gen_yaml(g: &mut Gen) -> String {
    let n = 1 + g.below(3);
    let mut out = format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: p{}, uid: u1}}\nspec:\n  restartPolicy: {}\n  terminationGracePeriodSeconds: {}\n",
        g.below(1000),
        g.pick(POLICIES),
        g.below(40)
    );
    if g.below(2) == 0 {
        out.push_str(&format!(
            "  initContainers:\n  - name: side\n    image: {}\n    restartPolicy: Always\n    command: {}\n  - name: init\n    image: busybox:1.36\n    command: {}\n",
            g.pick(IMAGES),
            g.pick(COMMANDS),
            g.pick(&[r#"["sh", "-c", "sleep 1"]"#, r#"["sh", "-c", "exit 1"]"#]),
        ));
    }
    out.push_str("  containers:\n");
    for i in 0..n {
        out.push_str(&format!(
            "  - name: c{i}\n    image: {}\n    command: {}\n    ports: [{{containerPort: 8080}}]\n",
            g.pick(IMAGES),
            g.pick(COMMANDS)
        ));
        let probe = g.pick(PROBES);
        if !probe.is_empty() {
            out.push_str(&format!("    {probe}\n"));
        }
        if g.below(3) == 0 {
            out.push_str(&format!("    lifecycle: {{preStop: {{sleep: {{seconds: {}}}}}}}\n", g.below(50)));
        }
    }
    let images: Vec<&str> = IMAGES.iter().copied().filter(|_| g.below(2) == 0).collect();
    out.push_str(&format!(
        "---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  until: {}s\n  node: {{images: {images:?}}}\n",
        60 + g.below(600)
    ));
    if g.below(2) == 0 {
        let grace = if g.below(4) == 0 { format!(", gracePeriodSeconds: {}", g.below(5)) } else { String::new() };
        out.push_str(&format!("  delete: {{at: {}s{grace}}}\n", g.below(120)));
    }
    out
}

fn run(yaml: &str, seed: u64) -> (Timeline, podlife::input::Parsed) {
    let parsed = podlife::input::parse(yaml);
    let doc = parsed.pods.first().unwrap_or_else(|| panic!("no pod in\n{yaml}"));
    (simulate(&doc.pod, &parsed.scenario, seed), parsed)
}

fn legal(a: &str, b: &str) -> bool {
    a == b
        || matches!(
            (a, b),
            ("Pending", "Running") | ("Pending", "Succeeded" | "Failed") | ("Running", "Succeeded" | "Failed")
        )
}

fn check(tl: &Timeline, parsed: &podlife::input::Parsed, yaml: &str) {
    let ctx = || format!("seed {} yaml:\n{yaml}", tl.seed);
    // Time is monotonic in every output list.
    assert!(tl.events.windows(2).all(|w| w[0].t_ms <= w[1].t_ms), "events {}", ctx());
    assert!(tl.status.windows(2).all(|w| w[0].t_ms <= w[1].t_ms), "status {}", ctx());
    assert!(tl.probes.windows(2).all(|w| w[0].t_ms <= w[1].t_ms), "probes {}", ctx());
    assert!(tl.signals.windows(2).all(|w| w[0].t_ms <= w[1].t_ms), "signals {}", ctx());
    assert!(tl.conditions.windows(2).all(|w| w[0].t_ms <= w[1].t_ms), "conditions {}", ctx());
    assert!(tl.transitions.windows(2).all(|w| w[0].t_ms <= w[1].t_ms), "transitions {}", ctx());
    assert!(tl.usage.windows(2).all(|w| w[0].t_ms <= w[1].t_ms), "usage {}", ctx());
    for name in tl.inferred.keys() {
        let n = tl.usage.iter().filter(|u| &u.container == name).count();
        assert!(n <= podlife::engine::usage::MAX_SAMPLES, "{n} usage samples for {name} {}", ctx());
    }
    // The engine prints each snapshot's row from a slimmed pod; `state_at` prints from the full
    // pod: both must give the same kubectl row.
    for r in tl.status.iter().filter(|r| !r.deleted) {
        let st = tl.state_at(r.t_ms);
        assert_eq!((&st.row.ready, &st.row.status, &st.row.restarts), (&r.ready, &r.status, &r.restarts), "{}", ctx());
    }
    // Phases only along legal edges.
    for w in tl.status.windows(2) {
        assert!(legal(&w[0].phase, &w[1].phase), "{} → {} {}", w[0].phase, w[1].phase, ctx());
    }
    // No container is running after its SIGKILL (until a new instance starts).
    for k in tl.signals.iter().filter(|s| s.signal == "SIGKILL") {
        let restarted = tl
            .events
            .iter()
            .any(|e| e.reason == "Started" && e.object == format!("container/{}", k.container) && e.t_ms >= k.t_ms);
        if restarted {
            continue;
        }
        let st = tl.state_at(k.t_ms + 1);
        for c in st.containers.iter().chain(st.init_containers.iter()).filter(|c| c.name == k.container) {
            assert!(
                !matches!(c.state, podlife::engine::timeline::CKind::Running { .. })
                    || tl
                        .state_at(k.t_ms + 1_100)
                        .containers
                        .iter()
                        .chain(tl.state_at(k.t_ms + 1_100).init_containers.iter())
                        .any(|c| c.name == k.container
                            && !matches!(c.state, podlife::engine::timeline::CKind::Running { .. })),
                "{} still running after SIGKILL {}",
                k.container,
                ctx()
            );
        }
        // The runtime's own record: no signal to that instance after its SIGKILL.
        assert!(!tl.signals.iter().any(|s| s.container == k.container && s.t_ms > k.t_ms && !restarted), "{}", ctx());
    }
    // After a delete every container is gone by deletion + grace + 2 s (+ watch latency).
    if let Some(d) = &parsed.scenario.delete {
        let grace_spec =
            parsed.pods[0].pod.spec.as_ref().and_then(|s| s.termination_grace_period_seconds).unwrap_or(30);
        let grace = d.grace_period_seconds.unwrap_or(grace_spec).max(1);
        let bound = d.at.0 + (grace + 2) * 1000 + 100;
        if bound <= tl.until_ms && tl.status.iter().any(|s| s.t_ms >= d.at.0) {
            let st = tl.state_at(bound);
            let running = st
                .containers
                .iter()
                .chain(st.init_containers.iter())
                .any(|c| matches!(c.state, podlife::engine::timeline::CKind::Running { .. }));
            assert!(!running || st.deleted, "running at deletion+grace+2s {}", ctx());
        }
    }
    // Everything happens within the simulated horizon [0, until].
    let within = |t: i64| (0..=tl.until_ms).contains(&t);
    assert!(tl.events.iter().all(|e| within(e.t_ms)), "event outside [0, until] {}", ctx());
    assert!(tl.status.iter().all(|r| within(r.t_ms)), "status outside [0, until] {}", ctx());
    assert!(tl.signals.iter().all(|r| within(r.t_ms)), "signal outside [0, until] {}", ctx());
    assert!(tl.probes.iter().all(|r| within(r.t_ms) && r.duration_ms >= 0), "probe outside [0, until] {}", ctx());
    // A grace window is ordered, and its SIGKILL (if it comes) is sent no later than its deadline.
    for g in &tl.grace {
        assert!(g.from_ms <= g.stop_ms && g.stop_ms <= g.kill_ms, "{g:?} {}", ctx());
        assert!(g.kill_ms - g.stop_ms <= g.grace_seconds.max(2).saturating_mul(1000), "{g:?} {}", ctx());
        let kill =
            tl.signals.iter().find(|s| s.container == g.container && s.signal == "SIGKILL" && s.t_ms >= g.stop_ms);
        if let Some(k) = kill {
            assert!(k.t_ms <= g.kill_ms, "SIGKILL at {} after the deadline {g:?} {}", k.t_ms, ctx());
        }
    }
    // A container's restartCount never goes down (kubectl's RESTARTS may: printPod sums init
    // containers' restarts only while the pod is initializing).
    for name in tl.inferred.keys() {
        let mut spans: Vec<_> = tl.containers.iter().filter(|c| &c.container == name).collect();
        spans.sort_by_key(|c| c.from_ms);
        assert!(
            spans.windows(2).all(|w| w[0].restart_count <= w[1].restart_count),
            "restartCount of {name} went down {}",
            ctx()
        );
    }
    // Crash-loop back-off never shorter than the kubelet's: 10 s doubling to 300 s.
    for name in tl.inferred.keys() {
        let obj = format!("container/{name}");
        let starts: Vec<i64> =
            tl.events.iter().filter(|e| e.reason == "Started" && e.object == obj).map(|e| e.t_ms).collect();
        let backoffs = tl.events.iter().filter(|e| e.reason == "BackOff" && e.object == obj).count();
        if backoffs == 0 {
            continue;
        }
        // Once a BackOff is recorded, the next start is ≥ 10 s after the previous instance's death.
        let first_bo = tl.events.iter().find(|e| e.reason == "BackOff" && e.object == obj).map(|e| e.t_ms).unwrap_or(0);
        if let Some(next) = starts.iter().find(|t| **t > first_bo) {
            let prev_start = starts.iter().rev().find(|t| **t <= first_bo).copied().unwrap_or(0);
            assert!(next - prev_start >= 10_000, "back-off shorter than 10 s for {name} {}", ctx());
        }
    }
}

#[test]
fn generated_pods_keep_every_invariant() {
    let mut g = Gen(42);
    for _ in 0..120 {
        let yaml = gen_yaml(&mut g);
        let seed = g.below(1 << 32);
        let (tl, parsed) = run(&yaml, seed);
        check(&tl, &parsed, &yaml);
    }
}

#[test]
fn every_example_is_deterministic_and_keeps_every_invariant() {
    for ex in podlife::examples::EXAMPLES {
        for seed in [0, 1, 7, u64::MAX] {
            let (tl, parsed) = run(ex.yaml, seed);
            check(&tl, &parsed, ex.yaml);
            let again = serde_json::to_string(&run(ex.yaml, seed).0).expect("json");
            assert_eq!(serde_json::to_string(&tl).expect("json"), again, "{} seed {seed}", ex.id);
        }
    }
}

#[test]
fn same_seed_gives_identical_json() {
    let mut g = Gen(7);
    for _ in 0..30 {
        let yaml = gen_yaml(&mut g);
        let seed = g.below(1000);
        let a = serde_json::to_string(&run(&yaml, seed).0).unwrap();
        let b = serde_json::to_string(&run(&yaml, seed).0).unwrap();
        assert_eq!(a, b, "{yaml}");
    }
}

#[test]
fn crashloop_gaps_follow_the_doubling_schedule() {
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata: {name: c}\nspec:\n  containers:\n  - name: a\n    image: busybox:1.36\n    command: [sh, -c, \"sleep 1; exit 1\"]\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec: {until: 2h, node: {images: [busybox:1.36]}}\n";
    for seed in 0..20 {
        let (tl, _) = run(yaml, seed);
        let starts: Vec<i64> = tl.events.iter().filter(|e| e.reason == "Started").map(|e| e.t_ms).collect();
        let mut floor = 0i64;
        for w in starts.windows(2) {
            let gap = w[1] - (w[0] + 1_000);
            assert!(gap >= floor, "seed {seed}: gap {gap} < {floor}");
            floor = if floor == 0 { 10_000 } else { (floor * 2).min(300_000) };
        }
    }
}

#[test]
fn odd_specs_are_bounded() {
    let cases = [
        // 10^12 s grace, deleted at 10 s: the run ends at `until`, bounded.
        "apiVersion: v1\nkind: Pod\nmetadata: {name: g}\nspec:\n  terminationGracePeriodSeconds: 1000000000000\n  containers:\n  - {name: a, image: busybox:1.36, command: [sleep, '3600']}\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec: {delete: {at: 10s}, until: 1h}\n".to_string(),
        // Absurd probe numbers.
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: nginx\n    livenessProbe: {tcpSocket: {port: 99999}, periodSeconds: 2147483647, initialDelaySeconds: 2147483647, failureThreshold: 2147483647}\n    readinessProbe: {exec: {command: [sh, -c, 'sleep 100000']}, periodSeconds: 1, timeoutSeconds: 2147483647}\n".to_string(),
        // preStop sleep of i64::MAX seconds and a huge memory request.
        "apiVersion: v1\nkind: Pod\nmetadata: {name: s}\nspec:\n  containers:\n  - name: a\n    image: nginx\n    resources: {requests: {memory: 999999Ei}}\n    lifecycle: {preStop: {sleep: {seconds: 9223372036854775807}}}\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec: {delete: {at: 1s}, until: 30d}\n".to_string(),
    ];
    for yaml in &cases {
        let t0 = std::time::Instant::now();
        let (tl, parsed) = run(yaml, 1);
        assert!(t0.elapsed().as_secs() < 20, "{yaml}");
        check(&tl, &parsed, yaml);
    }
    // 1,000 containers.
    let mut yaml = String::from("apiVersion: v1\nkind: Pod\nmetadata: {name: many}\nspec:\n  containers:\n");
    for i in 0..1000 {
        yaml.push_str(&format!(
            "  - {{name: c{i}, image: busybox:1.36, command: [sh, -c, 'sleep {}; exit 1']}}\n",
            i % 7
        ));
    }
    yaml.push_str("---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec: {until: 5m, delete: {at: 2m}}\n");
    let t0 = std::time::Instant::now();
    let (tl, parsed) = run(&yaml, 3);
    assert!(t0.elapsed().as_secs() < 60);
    check(&tl, &parsed, "1000 containers");
}
