//! Traffic (issue 6): cases with known answers, invariants over random inputs, determinism,
//! and the CLI.

#[path = "support/cli.rs"]
mod cli_support;

use podlife::engine::{simulate as run_pod, Scenario, Timeline};
use podlife::input;
use podlife::model::core::Pod;
use podlife::traffic::{self, Backend, Service, TrafficReport, TrafficSpec};
use std::collections::BTreeMap;

const SERVICE: &str = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{name: http, port: 80, targetPort: http}]\n";

/// A pod named `name` (label app=web, named port `http` = 8080) with `extra` appended to its
/// container, and the Scenario `scenario` (YAML of its `spec`).
fn pod(name: &str, extra: &str) -> Pod {
    let text = format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}, labels: {{app: web}}}}\nspec:\n  containers:\n  - name: app\n    image: example.com/app:1\n    ports: [{{name: http, containerPort: 8080}}]\n{extra}"
    );
    let p = input::parse(&text);
    assert!(!p.has_errors(), "{:?}", p.all_diagnostics());
    p.pods[0].pod.clone()
}

fn scenario(spec: &str) -> Scenario {
    let p = input::parse(&format!("apiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n{spec}"));
    assert!(!p.has_errors(), "{:?}", p.all_diagnostics());
    p.scenario
}

fn service() -> Service {
    input::parse(SERVICE).services[0].service.clone()
}

struct Sim {
    name: String,
    labels: BTreeMap<String, String>,
    pod: Pod,
    tl: Timeline,
}

fn sim(name: &str, extra: &str, scen: &str, seed: u64) -> Sim {
    let pod = pod(name, extra);
    let tl = run_pod(&pod, &scenario(scen), seed);
    let labels = pod.metadata.labels.clone().unwrap_or_default();
    Sim { name: name.into(), labels, pod, tl }
}

fn report(pods: &[Sim], spec: &TrafficSpec, until: i64, seed: u64) -> TrafficReport {
    let b: Vec<Backend> = pods
        .iter()
        .map(|p| Backend {
            name: &p.name,
            labels: &p.labels,
            pod: &p.pod,
            created_ms: 0,
            timeline: &p.tl,
            node_down_ms: None,
        })
        .collect();
    traffic::simulate(&service(), &b, spec, until, seed)
}

fn spec(yaml: &str) -> TrafficSpec {
    scenario(&format!("  traffic: {yaml}\n")).traffic.expect("traffic")
}

const STABLE: &str = "  until: 2m\n  containers: {app: {startup: 1s}}\n";
const DRAIN_AT_60: &str =
    "  until: 2m\n  delete: {at: 60s}\n  containers: {app: {startup: 1s, sigterm: {action: drain, drain: 2s}}}\n";

fn sigterm_ms(tl: &Timeline) -> i64 {
    tl.signals.iter().find(|s| s.signal == "SIGTERM").map(|s| s.t_ms).expect("SIGTERM")
}

/// No preStop, proxyDelay 1 s, the app closes its listener on SIGTERM, one of two pods deleted
/// at 60 s, 200 rps: the deleted pod gets half of the requests until kube-proxy sees it
/// terminating at 61 s, and those between its SIGTERM and 61 s are refused — about 100, none
/// before. A `preStop: sleep 5` keeps it listening past 61 s: no failure at all.
#[test]
fn sigterm_without_prestop_loses_requests_until_the_proxies_catch_up() {
    let load = spec("{rps: 200, from: 10s, requestDuration: 100ms}");
    let pods = [sim("a", "", DRAIN_AT_60, 1), sim("b", "", STABLE, 2)];
    let term = sigterm_ms(&pods[0].tl);
    assert!((60_000..60_500).contains(&term), "SIGTERM at {term}");
    let r = report(&pods, &load, 120_000, 7);
    let t = r.totals;
    assert_eq!(t.served + t.refused + t.reset, t.requests);
    assert_eq!(t.requests, 200 * 110);
    assert_eq!(t.reset, 0);
    assert_eq!(t.refused_no_endpoint, 0);
    // Expected: half of the requests in [SIGTERM, 61 s) at 200 rps.
    let expect = (61_000 - term) as f64 * 200.0 / 1000.0 / 2.0;
    assert!((t.refused as f64 - expect).abs() <= 15.0, "refused {} vs ≈{expect}", t.refused);
    assert!((85..=115).contains(&t.refused), "about 100 ± 10 (plus the kubelet's sync delay): {}", t.refused);
    for b in &r.buckets {
        if b.t_ms != 60_000 {
            assert_eq!(b.refused, 0, "refused only in [60 s, 61 s): {b:?}");
        }
    }
    // Every request to the deleted pod from 60 s on went to a terminating pod.
    assert!(t.to_terminating >= t.refused, "{t:?}");
    let why = &r.first_failures[0].why;
    assert!(why.contains("SIGTERM at 60.") && why.contains("until 61s") && why.contains("preStop"), "{why}");

    let prestop = "    lifecycle: {preStop: {sleep: {seconds: 5}}}\n";
    let pods = [sim("a", prestop, DRAIN_AT_60, 1), sim("b", "", STABLE, 2)];
    assert!(sigterm_ms(&pods[0].tl) >= 65_000);
    let r = report(&pods, &load, 120_000, 7);
    assert_eq!(r.failed(), 0, "{:?}", r.first_failures);
    assert_eq!(r.totals.served, r.totals.requests);
    assert!(r.totals.to_terminating > 0, "it still served while terminating");
}

/// A slow starter (listens 10 s after start) without a readinessProbe is Ready at once: the
/// requests kube-proxy sends it before it listens are refused, none after. With a readinessProbe
/// on the port it joins the Service only once it listens: no failure.
#[test]
fn slow_starter_without_readiness_probe_refuses_until_it_listens() {
    let load = spec("{rps: 100, from: 5s, until: 60s}");
    let slow = "  until: 1m\n  containers: {app: {startup: 10s}}\n";
    let pods = [sim("slow", "", slow, 1), sim("b", "", STABLE, 2)];
    let listens = pods[0].tl.listening.iter().find(|l| l.port == 8080).map(|l| l.from_ms).expect("listens");
    assert!((10_000..13_000).contains(&listens), "{listens}");
    let r = report(&pods, &load, 60_000, 3);
    let t = r.totals;
    assert_eq!(t.served + t.refused + t.reset, t.requests);
    assert_eq!(t.refused_no_endpoint, 0, "the stable pod is an endpoint from 5 s");
    // About half of the requests in [5 s, listens) went to the slow pod.
    let expect = (listens - 5_000) as f64 * 100.0 / 1000.0 / 2.0;
    assert!(t.refused > 0 && (t.refused as f64 - expect).abs() <= expect * 0.25 + 5.0, "{} vs ≈{expect}", t.refused);
    let lane = r.pods.iter().find(|p| p.name == "slow").expect("lane");
    for (i, n) in lane.failed.iter().enumerate() {
        let start = r.from_ms + i as i64 * r.bucket_ms;
        if *n > 0 {
            assert!(start < listens, "failures only before it listens ({start} ms)");
        }
    }
    let why = r.first_failures.iter().find(|f| f.pod.as_deref() == Some("slow")).expect("why").why.clone();
    assert!(why.contains("nothing listens on 8080 until") && why.contains("no readinessProbe"), "{why}");

    let probe = "    readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}\n";
    let pods = [sim("slow", probe, slow, 1), sim("b", "", STABLE, 2)];
    let r = report(&pods, &load, 60_000, 3);
    assert_eq!(r.failed(), 0, "{:?}", r.first_failures);
    assert!(r.pods[0].served.iter().sum::<u32>() > 0, "it serves once ready");
}

/// An app that ignores SIGTERM is SIGKILLed at the end of the grace period: every 60 s request
/// it accepted in the last 60 s before the SIGKILL is reset — counted exactly.
#[test]
fn sigkill_at_the_end_of_the_grace_period_resets_requests_in_flight() {
    let scen = "  until: 3m\n  delete: {at: 60s, gracePeriodSeconds: 30}\n  containers: {app: {startup: 1s, sigterm: {action: ignore}}}\n";
    let pods = [sim("a", "", scen, 1)];
    let kill = pods[0].tl.signals.iter().find(|s| s.signal == "SIGKILL").map(|s| s.t_ms).expect("SIGKILL");
    assert!((90_000..91_000).contains(&kill), "{kill}");
    let load = spec("{rps: 10, requestDuration: 60s, from: 20s}");
    let r = report(&pods, &load, 180_000, 1);
    // The only pod stays usable for kube-proxy throughout (ready, then serving while
    // terminating) until after the SIGKILL, and listens until then.
    let usable = |t: i64| {
        r.pods[0].proxy.iter().any(|s| {
            s.from_ms <= t
                && s.to_ms.is_none_or(|e| t < e)
                && s.endpoint.is_some_and(|c| c.ready || (c.serving && c.terminating))
        })
    };
    assert!((20_000..kill).step_by(100).all(usable));
    // Arrivals every 100 ms from 20 s; reset: those in (kill − 60 s, kill).
    let expect = (20_000..kill).step_by(100).filter(|t| t + 60_000 > kill).count() as u64;
    assert_eq!(r.totals.reset, expect, "{:?}", r.totals);
    let served_before = (20_000..kill).step_by(100).filter(|t| t + 60_000 <= kill).count() as u64;
    assert_eq!(r.totals.served, served_before);
    let why = &r.first_failures.iter().find(|f| f.kind == "reset").expect("reset").why;
    assert!(why.contains("SIGKILL at 90") && why.contains("grace period of 30s"), "{why}");
}

/// A tiny deterministic generator for the property test (not the library's RNG on purpose).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

/// Over random pods, scenarios and loads: every request has exactly one outcome, per bucket
/// and per pod too; buckets are in time order; same seed ⇒ identical report.
#[test]
fn outcomes_partition_requests_and_reports_are_deterministic() {
    let mut g = Lcg(42);
    let actions = ["exit", "drain", "ignore"];
    for case in 0..24 {
        let n = 1 + g.next(3) as usize;
        let mut pods = Vec::new();
        for i in 0..n {
            let del = if g.next(2) == 0 { format!("  delete: {{at: {}s}}\n", 5 + g.next(80)) } else { String::new() };
            let extra = match g.next(3) {
                0 => "    readinessProbe: {httpGet: {path: /, port: 8080}, periodSeconds: 2}\n".to_string(),
                1 => format!("    lifecycle: {{preStop: {{sleep: {{seconds: {}}}}}}}\n", g.next(6)),
                _ => String::new(),
            };
            let scen = format!(
                "  until: 2m\n{del}  containers: {{app: {{startup: {}ms, sigterm: {{action: {}, drain: {}s}}, exit: {{at: {}s, code: 1}}}}}}\n",
                g.next(15_000),
                actions[g.next(3) as usize],
                g.next(10),
                30 + g.next(200)
            );
            pods.push(sim(&format!("p{i}"), &extra, &scen, g.next(1000)));
        }
        let load = spec(&format!(
            "{{rps: {}, requestDuration: {}ms, proxyDelay: {}ms, from: {}s, connections: {}}}",
            g.next(400),
            g.next(5_000),
            g.next(3_000),
            g.next(20),
            g.next(4)
        ));
        let seed = g.next(1 << 32);
        let r = report(&pods, &load, 120_000, seed);
        let t = r.totals;
        assert_eq!(t.served + t.refused + t.reset, t.requests, "case {case}");
        assert!(t.refused_no_endpoint <= t.refused && t.to_terminating <= t.requests, "case {case}");
        let sum = |f: fn(&podlife::traffic::Bucket) -> u32| r.buckets.iter().map(|b| u64::from(f(b))).sum::<u64>();
        assert_eq!(sum(|b| b.served), t.served, "case {case}");
        assert_eq!(sum(|b| b.refused), t.refused, "case {case}");
        assert_eq!(sum(|b| b.reset), t.reset, "case {case}");
        assert!(r.buckets.windows(2).all(|w| w[0].t_ms + r.bucket_ms == w[1].t_ms), "case {case}");
        let lanes_served: u64 = r.pods.iter().flat_map(|p| p.served.iter()).map(|n| u64::from(*n)).sum();
        let lanes_failed: u64 = r.pods.iter().flat_map(|p| p.failed.iter()).map(|n| u64::from(*n)).sum();
        assert_eq!(lanes_served, t.served, "case {case}");
        assert_eq!(lanes_failed + t.refused_no_endpoint, t.refused + t.reset, "case {case}");
        for p in &r.pods {
            for s in [&p.endpoint, &p.proxy] {
                assert!(s.windows(2).all(|w| w[0].to_ms == Some(w[1].from_ms)), "contiguous spans, case {case}");
            }
        }
        // The no-endpoint stretches are counted in bulk: the same as one arrival at a time.
        let rps = i64::from(load.rps);
        let brute = (0..)
            .map(|i: i64| r.from_ms + i * 1000 / rps.max(1))
            .take_while(|t| rps > 0 && *t < r.until_ms)
            .filter(|t| {
                let eps: Vec<(usize, traffic::Conditions)> = r
                    .pods
                    .iter()
                    .enumerate()
                    .filter_map(|(i, p)| traffic::endpoints::at(&p.proxy, *t).map(|c| (i, c)))
                    .collect();
                traffic::endpoints::usable(&eps).is_empty()
            })
            .count() as u64;
        assert_eq!(t.refused_no_endpoint, brute, "case {case}");
        if let Some(c) = r.connections {
            assert!(c.reset + c.closed + c.open_at_end <= c.opened, "case {case}: {c:?}");
        }
        assert!(r.first_failures.windows(2).all(|w| w[0].t_ms <= w[1].t_ms));
        assert_eq!(report(&pods, &load, 120_000, seed), r, "deterministic, case {case}");
        assert_eq!(r.to_json(), report(&pods, &load, 120_000, seed).to_json());
    }
}

/// Long-lived connections: an app that drains (closes its listener on SIGTERM) lets clients
/// reconnect gracefully; one that is killed resets them.
#[test]
fn long_lived_connections_close_gracefully_or_reset() {
    let load = spec("{rps: 0, connections: 10}");
    let pods = [sim("a", "", DRAIN_AT_60, 1), sim("b", "", STABLE, 2)];
    let r = report(&pods, &load, 120_000, 5);
    let c = r.connections.expect("connections");
    assert_eq!(c.reset, 0, "{c:?}");
    assert!(c.closed > 0 && c.closed <= 10, "those on the deleted pod closed gracefully: {c:?}");
    assert_eq!(c.open_at_end, 10, "every client reconnected: {c:?}");
    let ignore = "  until: 2m\n  delete: {at: 60s, gracePeriodSeconds: 10}\n  containers: {app: {startup: 1s, sigterm: {action: ignore}}}\n";
    let pods = [sim("a", "", ignore, 1), sim("b", "", STABLE, 2)];
    let r = report(&pods, &load, 120_000, 5);
    let c = r.connections.expect("connections");
    assert!(c.reset > 0 && c.closed == 0, "{c:?}");
    assert!(r.first_failures.iter().any(|f| f.kind == "connection reset"));
}

/// The paste as a whole: Service, Deployment with replicas, Scenario with `spec.traffic`,
/// through `backends_from_parsed` and the CLI.
#[test]
fn the_cli_reads_service_deployment_and_scenario() {
    let text = format!(
        "{SERVICE}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web}}\nspec:\n  replicas: 3\n  selector: {{matchLabels: {{app: web}}}}\n  template:\n    metadata: {{labels: {{app: web}}}}\n    spec:\n      containers:\n      - name: app\n        image: example.com/app:1\n        ports: [{{name: http, containerPort: 8080}}]\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  until: 90s\n  delete: {{at: 60s}}\n  containers: {{app: {{startup: 5s, sigterm: {{action: drain}}}}}}\n  traffic: {{rps: 50, requestDuration: 100ms}}\n"
    );
    let parsed = input::parse(&text);
    assert!(!parsed.has_errors(), "{:?}", parsed.all_diagnostics());
    // The Deployment's pods are the fleet's (podlife::scene), not stand-ins.
    let mut notes = Vec::new();
    assert!(traffic::backends_from_parsed(&parsed, &parsed.scenario, 1, &mut notes).is_empty());
    assert!(notes.is_empty(), "{notes:?}");
    let scene = podlife::scene::simulate(&parsed, 1);
    let pods = &scene.fleet.as_ref().expect("a fleet").pods;
    assert_eq!(pods.len(), 3);
    let names: std::collections::BTreeSet<&str> = pods.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names.len(), 3, "distinct names: {names:?}");
    assert!(pods.iter().all(|p| p.name.starts_with("web-")));
    assert_eq!(scene.traffic.as_ref().map(|t| t.pods.len()), Some(3));
    let o = cli_support::podlife(&["traffic", "-", "-o", "json"], text.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(j["service"], "web");
    assert_eq!(j["targetPort"], "http");
    assert_eq!(j["totals"]["requests"], 50 * 90);
    assert_eq!(j["pods"].as_array().map(Vec::len), Some(3));
    assert_eq!(j["pods"][0]["targetPort"], 8080);
    let t = &j["totals"];
    let n = |k: &str| t[k].as_u64().unwrap_or(u64::MAX);
    assert_eq!(n("served") + n("refused") + n("reset"), n("requests"));
    let o = cli_support::podlife(&["traffic", "-"], text.as_bytes());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("requests  4500") && out.contains("why:") && out.contains("nothing listens on 8080"), "{out}");
    // Without a Service: exit 1 and the reason.
    let no_svc = text.replacen(SERVICE, "", 1);
    let o = cli_support::podlife(&["traffic", "-"], no_svc.trim_start_matches("---\n").as_bytes());
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no `kind: Service`"));
    // A strict-decoding error in the Service: exit 1 with its line.
    let bad = text.replacen("selector:", "selectr:", 1);
    let o = cli_support::podlife(&["traffic", "-"], bad.as_bytes());
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("-:5:") && err.contains("did you mean \"selector\""), "{err}");
}

/// `spec.traffic` is decoded like the rest of the Scenario: unknown fields with a "did you
/// mean", ports by name or number; hostile values finish quickly and say they were cut.
#[test]
fn traffic_spec_decoding_and_hostile_values() {
    let p = input::parse("apiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  traffic: {rsp: 5, port: http}\n");
    let d = p.all_diagnostics();
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].message.contains("unknown field \"spec.traffic.rsp\" (did you mean \"rps\"?)"), "{}", d[0].message);
    assert_eq!(spec("{port: http}").port, Some(podlife::model::IntOrString::String("http".into())));
    assert_eq!(spec("{port: 80}").port, Some(podlife::model::IntOrString::Int(80)));
    // The Scenario prints it back (the page's controls rewrite the Scenario through to_json).
    let s = scenario("  traffic: {rps: 5, proxyDelay: 2s, port: http}\n");
    assert_eq!(s.to_json()["traffic"], serde_json::json!({"rps": 5, "proxyDelay": "2s", "port": "http"}));

    let pods = [sim("a", "", STABLE, 1)];
    let huge =
        spec("{rps: 4294967295, connections: 4294967295, proxyDelay: 100000d, requestDuration: 100000d, until: 10s}");
    let r = report(&pods, &huge, 120_000, 1);
    assert!(r.truncated);
    assert_eq!(r.totals.requests, traffic::MAX_REQUESTS);
    assert_eq!(r.totals.refused_no_endpoint, r.totals.requests, "kube-proxy never catches up within the run");
    let r = report(&pods, &spec("{from: 10m, until: 1m}"), 120_000, 1);
    assert_eq!((r.totals.requests, r.buckets.len()), (0, 0));
    // An unknown service port.
    let r = report(&pods, &spec("{port: 81}"), 120_000, 1);
    assert_eq!(r.totals.requests, 0);
    assert!(r.not_simulated.iter().any(|n| n.contains("has no port 81")), "{:?}", r.not_simulated);
    // A 30-day run: buckets widen, at most 3,600 of them.
    let long = [sim("a", "", "  until: 30d\n  containers: {app: {startup: 1s}}\n", 1)];
    let r = report(&long, &spec("{rps: 1, from: 29d}"), 30 * 86_400_000, 1);
    assert!(r.buckets.len() < 3600 && r.bucket_ms > 1000, "{} × {}", r.buckets.len(), r.bucket_ms);
    assert_eq!(r.totals.requests, 86_400);
    assert_eq!(r.totals.served, 86_400);
}

/// A refused request after a liveness restart is explained by the SIGTERM of the run that was
/// serving it (the latest at or before the failure), not by the first SIGTERM of the pod's life.
#[test]
fn a_closed_listener_is_explained_by_its_own_runs_sigterm() {
    let liveness =
        "    livenessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 1, failureThreshold: 1}\n";
    let failing = "  until: 3m\n  containers: {app: {startup: 1s, health: [{from: 15s, status: 500}], sigterm: {action: drain, drain: 2s}}}\n";
    let pods = [sim("a", liveness, failing, 1), sim("b", "", STABLE, 2)];
    let terms: Vec<i64> = pods[0].tl.signals.iter().filter(|s| s.signal == "SIGTERM").map(|s| s.t_ms).collect();
    assert!(terms.len() >= 2, "restarted at least twice: {terms:?}");
    // Clients arrive only after the first restart, so the first refusal is in a later run.
    let from = terms[0] + 5_000;
    let r = report(&pods, &spec(&format!("{{rps: 200, from: {from}ms, requestDuration: 100ms}}")), 180_000, 7);
    let f = r.first_failures.iter().find(|f| f.why.contains("closed the listener")).expect("a refusal after a SIGTERM");
    let own = terms.iter().copied().filter(|t| *t <= f.t_ms).max().expect("a SIGTERM before it");
    assert!(own > terms[0], "the refusal is in a later run: {f:?}, {terms:?}");
    assert!(f.why.contains(&format!("SIGTERM at {} closed", traffic::secs(own))), "{} (SIGTERMs at {terms:?})", f.why);
}
