//! The listening record scans only the containers that can have changed
//! (`Sim::track_listening`). In unit-test builds every scan also checks that each container
//! left out would have kept its spans (`Sim::check_listen_scan` panics otherwise), so these
//! runs over random pods — Scenario `listen` windows, `startup`, exits, SIGTERM drains and
//! ignores, restarts, probes, sidecars, deletions, node failures — fail if a listening edge has
//! no wake-up of its own or if a due wake-up is skipped.

use crate::engine::simulate;

/// A small LCG: the same pods on every run.
struct R(u64);
impl R {
    fn n(&mut self, k: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % k
    }
}

/// A random pod and Scenario (valid YAML; the engine decides what they do).
fn gen(r: &mut R) -> String {
    let nc = 1 + r.n(4);
    let mut y = String::from("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n");
    if r.n(3) == 0 {
        y.push_str(&format!("  restartPolicy: {}\n", ["Never", "OnFailure", "Always"][r.n(3) as usize]));
    }
    y.push_str(&format!("  terminationGracePeriodSeconds: {}\n", r.n(40)));
    let imgs = [
        "image: registry.k8s.io/e2e-test-images/agnhost:2.39, args: [netexec, --http-port=8080]",
        "image: nginx:1.27",
        "image: redis:7",
        "image: busybox:1.36, command: [sh, -c, 'sleep 5; exec httpd -f -p 8080']",
        "image: busybox:1.36, command: [sh, -c, 'sleep 3; exit 1']",
        "image: busybox:1.36, command: [sh, -c, 'trap \"exit 0\" TERM; sleep 1000 & wait']",
        "image: python:3.12, command: [python, -m, http.server, '8080']",
        "image: busybox:1.36, command: [sleep, '20']",
    ];
    let mut sc = String::from("---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n");
    sc.push_str(&format!("  until: {}s\n", 30 + r.n(300)));
    if r.n(3) == 0 {
        sc.push_str(&format!("  delete: {{at: {}ms, gracePeriodSeconds: {}}}\n", r.n(200_000), r.n(30)));
    }
    if r.n(6) == 0 {
        sc.push_str(&format!("  node: {{fail: {{at: {}ms}}}}\n", r.n(100_000)));
    }
    sc.push_str("  containers:\n");
    let mut blocks = [String::new(), String::new()];
    for i in 0..nc {
        let init = r.n(4) == 0;
        let b = &mut blocks[init as usize];
        b.push_str(&format!("  - {{name: c{i}, {}", imgs[r.n(imgs.len() as u64) as usize]));
        if init {
            b.push_str(", restartPolicy: Always");
        }
        if r.n(2) == 0 {
            b.push_str(", ports: [{containerPort: 8080}]");
        }
        if r.n(2) == 0 {
            b.push_str(&format!(", readinessProbe: {{tcpSocket: {{port: 8080}}, periodSeconds: {}}}", 1 + r.n(5)));
        }
        if r.n(3) == 0 {
            b.push_str(&format!(
                ", livenessProbe: {{httpGet: {{port: 8080, path: /}}, periodSeconds: {}, failureThreshold: 1}}",
                1 + r.n(5)
            ));
        }
        if r.n(4) == 0 {
            b.push_str(", resources: {limits: {memory: 64Mi}}");
        }
        b.push_str("}\n");
        sc.push_str(&format!("    c{i}:\n"));
        let mut any = false;
        if r.n(2) == 0 {
            any = true;
            sc.push_str("      listen:\n");
            for _ in 0..1 + r.n(3) {
                let port = [8080, 9090, 80][r.n(3) as usize];
                sc.push_str(&format!("      - {{port: {port}, at: {}ms", r.n(40_000)));
                if r.n(2) == 0 {
                    sc.push_str(&format!(", until: {}ms", r.n(80_000)));
                }
                sc.push_str("}\n");
            }
        } else if r.n(3) == 0 {
            any = true;
            sc.push_str(&format!("      startup: {}ms\n", r.n(30_000)));
        }
        if r.n(3) == 0 {
            any = true;
            sc.push_str(&format!("      exit: {{at: {}ms, code: {}}}\n", r.n(60_000), r.n(2)));
        }
        if r.n(3) == 0 {
            any = true;
            sc.push_str(&format!(
                "      sigterm: {{action: {}, drain: {}ms}}\n",
                ["exit", "drain", "ignore"][r.n(3) as usize],
                r.n(20_000)
            ));
        }
        if r.n(4) == 0 {
            any = true;
            sc.push_str(&format!("      memory: {{start: 10Mi, perSecond: {}Mi}}\n", r.n(5)));
        }
        if r.n(4) == 0 {
            any = true;
            sc.push_str(&format!(
                "      health: [{{from: {}ms, until: {}ms, fail: true}}]\n",
                r.n(30_000),
                30_000 + r.n(30_000)
            ));
        }
        if !any {
            sc.push_str("      startup: 1ms\n");
        }
    }
    if !blocks[1].is_empty() {
        y.push_str("  initContainers:\n");
        y.push_str(&blocks[1]);
    }
    y.push_str("  containers:\n");
    if blocks[0].is_empty() {
        blocks[0].push_str("  - {name: main, image: nginx:1.27}\n");
    }
    y.push_str(&blocks[0]);
    y + &sc
}

#[test]
fn listen_scan_leaves_out_only_unchanged_containers() {
    let mut spans = 0;
    let mut windows = 0;
    for seed in 0..800u64 {
        let mut r = R(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let y = gen(&mut r);
        let p = crate::input::parse(&y);
        let errors: Vec<_> =
            p.all_diagnostics().into_iter().filter(|d| d.severity == crate::input::Severity::Error).collect();
        assert!(errors.is_empty(), "{y}\n{errors:?}");
        let tl = simulate(&p.pods[0].pod, &p.scenario, seed);
        spans += tl.listening.len();
        windows += tl.listening.iter().filter(|l| l.to_ms.is_some()).count();
    }
    // The pods do listen, open and close (the checks above ran on real spans).
    assert!(spans > 1500 && windows > 1000, "{spans} spans, {windows} closed");
}

/// A listen window's edges come at their own millisecond, whatever the other containers do:
/// a quiet container (no probes, nothing else happening) opens and closes its span exactly at
/// `at` and `until` after its start, and a busy neighbour changes nothing.
#[test]
fn listen_scan_window_edges_are_exact() {
    let base = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: web, image: registry.k8s.io/e2e-test-images/agnhost:2.39, args: [netexec, --http-port=8080]}\n";
    let busy = "  - {name: busy, image: busybox:1.36, command: [sh, -c, 'sleep 1; exit 1']}\n";
    let scen = "---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  until: 2m\n  containers:\n    web:\n      listen:\n      - {port: 8080, at: 15500ms, until: 40700ms}\n      - {port: 9090, at: 20001ms}\n";
    let mut seen = Vec::new();
    for pod in [base.to_string(), format!("{base}{busy}")] {
        let p = crate::input::parse(&format!("{pod}{scen}"));
        let tl = simulate(&p.pods[0].pod, &p.scenario, 1);
        let started = tl
            .events
            .iter()
            .find(|e| e.reason == "Started" && e.object == "container/web")
            .map(|e| e.t_ms)
            .expect("web starts");
        let web: Vec<(u16, i64, Option<i64>)> = tl
            .listening
            .iter()
            .filter(|l| l.container == "web")
            .map(|l| (l.port, l.from_ms - started, l.to_ms.map(|t| t - started)))
            .collect();
        assert_eq!(web, [(8080, 15_500, Some(40_700)), (9090, 20_001, None)]);
        seen.push(web);
    }
    assert_eq!(seen[0], seen[1]);
}

/// The same check over every example the golden timelines use (several seeds each).
#[test]
fn listen_scan_on_every_example() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut files: Vec<_> = std::fs::read_dir(&dir).expect("examples/").flatten().map(|e| e.path()).collect();
    files.sort();
    let mut runs = 0;
    for f in files.iter().filter(|f| f.extension().is_some_and(|e| e == "yaml")) {
        let text = std::fs::read_to_string(f).expect("example");
        let p = crate::input::parse(&text);
        for doc in &p.pods {
            for seed in 1..4 {
                simulate(&doc.pod, &p.scenario, seed);
                runs += 1;
            }
        }
    }
    assert!(runs >= 60, "{runs} runs");
}
