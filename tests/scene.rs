#![cfg(not(target_arch = "wasm32"))]
//! The whole pipeline (`podlife::scene`): a Deployment's pods as the fleet creates, rolls,
//! evicts and replaces them, behind a Service, under a client load. Known answers derived from
//! the rules (kube-proxy acts `proxyDelay` after an EndpointSlice change; the kubelet sends
//! SIGTERM after the preStop hook; the node controller marks a silent node's pods NotReady
//! after the node-monitor grace period; the taint eviction controller deletes them 300 s after
//! the taint), and one property over random rolling-update parameters.

#[path = "support/cli.rs"]
mod cli_support;

use podlife::fleet::{DeleteReason, Fleet, Outcome};
use podlife::scene::{self, Scene};
use podlife::traffic::TrafficReport;

const RPS: i64 = 100;
const DURATION_MS: i64 = 100;
const PROXY_MS: i64 = 1000;

/// A Service `web` → targetPort `http`, a Deployment `web` and a Scenario.
/// `container_extra` is indented under the container, `spec_extra` under the Deployment spec.
fn paste(replicas: i32, spec_extra: &str, container_extra: &str, scenario: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Service\nmetadata: {{name: web}}\nspec:\n  selector: {{app: web}}\n  ports: [{{port: 80, targetPort: http}}]\n---\n\
apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web}}\nspec:\n  replicas: {replicas}\n{spec_extra}  selector: {{matchLabels: {{app: web}}}}\n  template:\n    metadata: {{labels: {{app: web}}}}\n    spec:\n      containers:\n      - name: app\n        image: example.com/app:1\n        ports: [{{name: http, containerPort: 8080}}]\n{container_extra}---\n\
apiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n{scenario}  traffic: {{rps: {RPS}, requestDuration: {DURATION_MS}ms, proxyDelay: {PROXY_MS}ms, from: 30s}}\n"
    )
}

const PROBE: &str = "        readinessProbe: {httpGet: {path: /, port: http}, periodSeconds: 1}\n";
const PRESTOP: &str = "        lifecycle: {preStop: {sleep: {seconds: 5}}}\n";
const SURGE_1_UNAVAILABLE_0: &str = "  strategy: {rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}\n";
/// An app that listens 2 s after it starts and closes its listener on SIGTERM, exiting 5 s later.
const ROLLING_RESTART: &str =
    "  until: 3m\n  rollout: {at: 1m, restart: true}\n  containers: {app: {startup: 2s, sigterm: {action: drain, drain: 5s}}}\n";

fn run(text: &str) -> (Fleet, TrafficReport) {
    let parsed = podlife::input::parse(text);
    assert!(!parsed.has_errors(), "{:?}\n{text}", parsed.all_diagnostics());
    let Scene { fleet, traffic } = scene::simulate(&parsed, 1);
    (fleet.expect("a fleet"), traffic.expect("traffic"))
}

fn failed(r: &TrafficReport) -> u64 {
    r.totals.refused + r.totals.reset
}

/// Failed requests of one pod's lane.
fn lane_failed(r: &TrafficReport, pod: &str) -> u64 {
    r.pods.iter().find(|p| p.name == pod).map_or(0, |p| p.failed.iter().map(|n| u64::from(*n)).sum())
}

/// Fleet ms of the pod's first signal of that name.
fn signal_ms(f: &Fleet, pod: &str, signal: &str) -> i64 {
    let p = f.pods.iter().find(|p| p.name == pod).expect("pod");
    p.created_ms + p.timeline.signals.iter().find(|s| s.signal == signal).expect("signal").t_ms
}

/// `|got − expected| ≤ 4σ + 2` for a binomial count with success probability `p`.
fn near(got: u64, trials: f64, p: f64) -> bool {
    let mean = trials * p;
    let sd = (trials * p * (1.0 - p)).sqrt();
    (got as f64 - mean).abs() <= 4.0 * sd + 2.0
}

/// No preStop: each old pod closes its listener at SIGTERM, while every node's kube-proxy still
/// routes to it until `proxyDelay` after its deletion. The surge pod becomes Ready at that same
/// instant (that is when the controller deletes an old pod), so kube-proxy learns of it only
/// `proxyDelay` later too: the requests of [SIGTERM, DELETE + proxyDelay) are spread over the
/// 3 endpoints it knows, one of them closed ⇒ ≈ rps/3 × (proxyDelay − SIGTERM latency) per pod.
#[test]
fn rolling_restart_without_prestop_refuses_requests_after_each_sigterm() {
    let (f, r) = run(&paste(3, SURGE_1_UNAVAILABLE_0, PROBE, ROLLING_RESTART));
    assert!(matches!(f.outcome, Outcome::Complete(_)), "{:?}", f.outcome);
    let old: Vec<_> = f.pods.iter().filter(|p| p.replica_set == 0).collect();
    assert_eq!(old.len(), 3);
    let mut expected = 0.0;
    for p in &old {
        let (deleted, why) = p.deleted.expect("every old pod is deleted");
        assert_eq!(why, DeleteReason::ScaleDown);
        let sigterm = signal_ms(&f, &p.name, "SIGTERM");
        assert!(
            sigterm > deleted && sigterm < deleted + PROXY_MS,
            "{} SIGTERM {sigterm} after DELETE {deleted}",
            p.name
        );
        // The window, and the requests that fall into it.
        let window = deleted + PROXY_MS - sigterm;
        let trials = (window * RPS) as f64 / 1000.0;
        expected += trials / 3.0;
        let got = lane_failed(&r, &p.name);
        assert!(near(got, trials, 1.0 / 3.0), "{}: {got} failed, ≈{:.0} expected", p.name, trials / 3.0);
        // Only in that window (1 s buckets by arrival).
        let lane = r.pods.iter().find(|l| l.name == p.name).expect("lane");
        for (i, n) in lane.failed.iter().enumerate() {
            let t = r.from_ms + i as i64 * r.bucket_ms;
            if *n > 0 {
                assert!(t + r.bucket_ms > sigterm && t < deleted + PROXY_MS, "{}: {n} failures at {t}", p.name);
            }
        }
    }
    assert!((60.0..=120.0).contains(&expected), "{expected}");
    assert!(near(failed(&r), expected * 3.0, 1.0 / 3.0), "{} failed, ≈{expected:.0} expected", failed(&r));
    assert_eq!(r.totals.reset, 0, "the app drains 5 s ≥ the 100 ms requests");
    assert_eq!(r.totals.refused_no_endpoint, 0);
    // New pods never fail a request.
    for p in f.pods.iter().filter(|p| p.replica_set == 1) {
        assert_eq!(lane_failed(&r, &p.name), 0, "{}", p.name);
    }
    assert!(r.first_failures.iter().any(|w| w.why.contains("closed the listener")), "{:?}", r.first_failures);
}

/// `preStop: sleep 5` ≥ proxyDelay: SIGTERM comes 5 s after the DELETE, when no kube-proxy
/// routes new requests to the pod any more — zero failures, while some requests still reached
/// terminating pods (and were served).
#[test]
fn a_prestop_sleep_longer_than_the_proxy_delay_loses_nothing() {
    let (f, r) = run(&paste(3, SURGE_1_UNAVAILABLE_0, &format!("{PROBE}{PRESTOP}"), ROLLING_RESTART));
    assert!(matches!(f.outcome, Outcome::Complete(_)), "{:?}", f.outcome);
    for p in f.pods.iter().filter(|p| p.replica_set == 0) {
        let (deleted, _) = p.deleted.expect("deleted");
        assert!(signal_ms(&f, &p.name, "SIGTERM") >= deleted + 5_000, "{}", p.name);
    }
    assert_eq!(failed(&r), 0, "{}", r.text());
    assert!(r.totals.to_terminating > 0);
    assert_eq!(r.totals.served, r.totals.requests);
}

/// No readinessProbe and a 5 s start: the new pod is Ready as soon as its container runs, the
/// old one is deleted at once (maxUnavailable 0 is met) and kube-proxy routes to the new pod a
/// `proxyDelay` later — 4 s before it listens.
#[test]
fn a_slow_starter_without_readiness_probe_refuses_until_it_listens() {
    let scen = ROLLING_RESTART.replace("startup: 2s", "startup: 5s");
    let (f, r) = run(&paste(3, SURGE_1_UNAVAILABLE_0, "", &scen));
    let new: Vec<_> = f.pods.iter().filter(|p| p.replica_set == 1).collect();
    assert_eq!(new.len(), 3);
    for p in &new {
        let ready = p.ready_ms.expect("Ready");
        let listens = p.created_ms + p.timeline.listening.first().expect("listens").from_ms;
        assert!(listens - ready >= 4_000, "{}: Ready {ready}, listens {listens}", p.name);
        // Requests reach it from ready + proxyDelay to listens: ≈ 1/4 of them (3 old + it).
        let got = lane_failed(&r, &p.name);
        assert!(got > 0, "{}", p.name);
        let trials = ((listens - ready - PROXY_MS) * RPS) as f64 / 1000.0;
        assert!(got as f64 <= trials, "{}: {got} > {trials}", p.name);
    }
    assert!(r.first_failures.iter().any(|w| w.why.contains("no readinessProbe")), "{:?}", r.first_failures);
    assert!(failed(&r) > 150, "{}", failed(&r));
}

/// maxUnavailable 0 and a quota of exactly 3 pods: the surge pod is forbidden, no old pod may go
/// first, the rollout never progresses and ends in ProgressDeadlineExceeded — and the clients
/// notice nothing: the old pods serve every request. The deadlock is invisible to them.
#[test]
fn a_full_quota_deadlocks_the_rollout_invisibly_to_clients() {
    let quota = "---\napiVersion: v1\nkind: ResourceQuota\nmetadata: {name: pods}\nspec: {hard: {pods: \"3\"}}\n";
    let text = paste(
        3,
        &format!("{SURGE_1_UNAVAILABLE_0}  progressDeadlineSeconds: 60\n"),
        PROBE,
        &ROLLING_RESTART.replace("until: 3m", "until: 4m"),
    ) + quota;
    let (f, r) = run(&text);
    match f.outcome {
        // The deadline counts from the rollout (1m) and the controller notices on its next sync.
        Outcome::DeadlineExceeded(t) => assert!((120_000..=125_000).contains(&t), "{t}"),
        o => panic!("{o:?}"),
    }
    assert_eq!(f.pods.len(), 3, "no new pod was ever admitted");
    assert!(f.pods.iter().all(|p| p.deleted.is_none()));
    assert!(f.events.iter().any(|e| e.reason == "FailedCreate" && e.message.contains("exceeded quota")));
    assert_eq!(failed(&r), 0, "{}", r.text());
    assert_eq!(r.totals.requests, 210 * RPS as u64);
}

/// Two replicas, node-a loses power at 2m, node-b stays up; `pinned`: a nodeSelector puts
/// every replica on node-a.
fn node_failure(pinned: bool) -> (Fleet, TrafficReport) {
    let scen = "  until: 10m\n  nodes:\n  - {name: node-a, fail: {at: 2m}}\n  - {name: node-b}\n  containers: {app: {startup: 2s, sigterm: {action: drain, drain: 5s}}}\n";
    let text = paste(2, "", PROBE, scen);
    if pinned {
        run(&text.replace(
            "      containers:\n",
            "      nodeSelector: {kubernetes.io/hostname: node-a}\n      containers:\n",
        ))
    } else {
        run(&text)
    }
}

/// Node failure (power loss at 2m), two replicas. All on node-a (a nodeSelector): from the
/// failure on nothing answers — requests in flight are reset, every later one fails, first
/// against the dead pods (still Ready endpoints until the node controller marks them NotReady),
/// then with no endpoint at all; the replacements created by the taint eviction (300 s later)
/// fit no node and stay Pending. Spread over node-a and node-b (the scheduler's default
/// spreading): only the requests kube-proxy sends to the dead replica fail (≈ half), and only
/// until the node controller and the proxies have caught up; the evicted pod is replaced on
/// node-b.
#[test]
fn node_failure_with_replicas_on_one_node_vs_spread() {
    const FAIL: i64 = 120_000;
    const UNTIL: i64 = 600_000;
    // All on node-a.
    let (f, r) = node_failure(true);
    let old: Vec<_> = f.pods.iter().filter(|p| p.created_ms == 0).collect();
    assert!(old.iter().all(|p| p.node.as_deref() == Some("node-a")));
    for p in &old {
        let (deleted, why) = p.deleted.expect("evicted");
        assert_eq!(why, DeleteReason::NodeFailureEviction);
        // node-monitor grace period (50 s, minus the lease phase, plus the monitor phase) + 300 s.
        assert!((FAIL + 340_000..=FAIL + 355_000).contains(&deleted), "{deleted}");
    }
    let replacements: Vec<_> = f.pods.iter().filter(|p| p.created_ms > 0).collect();
    assert_eq!(replacements.len(), 2, "one replacement each, then nothing: they stay Pending");
    for p in &replacements {
        assert_eq!(p.node, None);
        assert_eq!(p.ready_ms, None);
        assert!(p.timeline.events.iter().any(|e| e.reason == "FailedScheduling"
            && e.message.starts_with("0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }.")));
    }
    // Requests arriving from the failure on: all refused; in flight at the failure: reset —
    // every arrival in (FAIL − duration, FAIL), i.e. duration/(1000/rps) − 1 of them.
    assert_eq!(r.totals.refused, ((UNTIL - FAIL) * RPS / 1000) as u64, "{}", r.text());
    assert_eq!(r.totals.reset, (DURATION_MS * RPS / 1000 - 1) as u64);
    assert_eq!(r.totals.served, ((FAIL - 30_000) * RPS / 1000) as u64 - r.totals.reset);
    assert!(r.first_failures.iter().any(|w| w.why.contains("power loss")), "{:?}", r.first_failures);

    // Spread.
    let (f, r) = node_failure(false);
    let dead = f.pods.iter().find(|p| p.node.as_deref() == Some("node-a")).expect("one on node-a");
    let alive =
        f.pods.iter().find(|p| p.created_ms == 0 && p.node.as_deref() == Some("node-b")).expect("one on node-b");
    // The node controller marks the dead pod NotReady; kube-proxy acts a proxyDelay later.
    let not_ready = dead
        .timeline
        .conditions
        .iter()
        .find(|c| c.type_ == "Ready" && c.status == "False" && dead.created_ms + c.t_ms > FAIL)
        .map(|c| dead.created_ms + c.t_ms)
        .expect("NotReady");
    assert!((FAIL + 40_000..=FAIL + 55_000).contains(&not_ready), "{not_ready}");
    let window = not_ready + PROXY_MS - FAIL;
    let trials = (window * RPS) as f64 / 1000.0;
    assert!(near(r.totals.refused, trials, 0.5), "{} refused, ≈{:.0} expected", r.totals.refused, trials / 2.0);
    assert!(near(r.totals.reset, (DURATION_MS * RPS / 1000 - 1) as f64, 0.5), "{}", r.totals.reset);
    assert_eq!(lane_failed(&r, &alive.name), 0);
    // After the proxies caught up, nothing fails.
    let after: u32 =
        r.buckets.iter().filter(|b| b.t_ms >= not_ready + PROXY_MS + r.bucket_ms).map(|b| b.refused + b.reset).sum();
    assert_eq!(after, 0);
    // The evicted pod is replaced on node-b, which then serves too.
    let repl = f.pods.iter().find(|p| p.created_ms > 0).expect("a replacement");
    assert_eq!(repl.node.as_deref(), Some("node-b"));
    assert!(repl.ready_ms.is_some());
    assert!(r.pods.iter().find(|l| l.name == repl.name).is_some_and(|l| l.served.iter().any(|n| *n > 0)));
    // Far fewer losses than with every replica on the failed node.
    assert!(failed(&r) * 10 < ((UNTIL - FAIL) * RPS / 1000) as u64);
}

/// SplitMix64, for the property below.
struct Mix(u64);
impl Mix {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n
    }
}

/// The property, stated as Kubernetes makes it true: healthy pods with a readinessProbe and a
/// preStop sleep ≥ proxyDelay lose **no request during a rolling update as long as the
/// strategy keeps at least one pod available** (resolved maxUnavailable < replicas). "Zero
/// failures for any parameters" is false: with maxUnavailable = replicas (e.g. 100 %, or one
/// of one replica) every old pod is deleted at once, kube-proxy falls back to the terminating-but-serving
/// endpoints only while their preStop lasts, and a new pod slower than that leaves nobody
/// listening — that case is checked to fail when the new pods are slower than the preStop.
#[test]
fn rolling_updates_that_keep_one_pod_available_lose_no_request() {
    let mut rng = Mix(0x5CE4E);
    let pct = |rng: &mut Mix, v: u64| if rng.next(3) == 0 { format!("\"{}%\"", v * 25) } else { v.to_string() };
    let mut checked = 0;
    for case in 0..12 {
        let replicas = 1 + rng.next(5) as i32;
        let v = rng.next(3);
        let surge = pct(&mut rng, v);
        let v = rng.next(replicas as u64);
        let unavailable = pct(&mut rng, v);
        let min_ready = rng.next(3) * 2;
        let startup = 1 + rng.next(4);
        let spec = format!(
            "  minReadySeconds: {min_ready}\n  strategy: {{rollingUpdate: {{maxSurge: {surge}, maxUnavailable: {unavailable}}}}}\n"
        );
        let scen = ROLLING_RESTART.replace("startup: 2s", &format!("startup: {startup}s"));
        let text = paste(replicas, &spec, &format!("{PROBE}{PRESTOP}"), &scen);
        let parse = |v: &str| -> podlife::model::IntOrString {
            let v = v.trim_matches('"');
            match v.parse::<i32>() {
                Ok(n) => podlife::model::IntOrString::Int(n),
                Err(_) => podlife::model::IntOrString::String(v.into()),
            }
        };
        let (s, u) =
            podlife::fleet::util::resolve_fenceposts(Some(&parse(&surge)), Some(&parse(&unavailable)), replicas)
                .expect("valid");
        if u >= replicas || s + u == 0 {
            continue;
        }
        checked += 1;
        let (f, r) = run(&text);
        let what = format!("case {case}: replicas {replicas}, maxSurge {surge} ({s}), maxUnavailable {unavailable} ({u}), minReadySeconds {min_ready}, startup {startup}s");
        assert!(matches!(f.outcome, Outcome::Complete(_)), "{what}: {:?}", f.outcome);
        assert_eq!(failed(&r), 0, "{what}\n{}", r.text());
    }
    assert!(checked >= 6, "only {checked} cases");
    // The boundary: one replica, maxUnavailable 1, maxSurge 0, a new pod slower (8 s) than the
    // preStop (5 s): requests are refused between the old pod's SIGTERM and the new one's start.
    let spec = "  strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 1}}\n";
    let scen = ROLLING_RESTART.replace("startup: 2s", "startup: 8s");
    let (_, r) = run(&paste(1, spec, &format!("{PROBE}{PRESTOP}"), &scen));
    assert!(failed(&r) > 0, "{}", r.text());
}

const SPREAD: &str = "      topologySpreadConstraints:\n      - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: web}}}\n";

fn with_template_spec(text: &str, extra: &str) -> String {
    text.replace("      containers:\n", &format!("{extra}      containers:\n"))
}

/// `topologySpreadConstraints` with `DoNotSchedule` (PodTopologySpread's Filter): pods are
/// placed so that no node has more than `maxSkew` more matching pods than the emptiest — and,
/// with the default `nodeTaintsPolicy: Ignore`, a failed node still counts as a domain, so once
/// its pod is evicted (terminating pods are not counted) the replacement would make the skew
/// 2 on the healthy node: it stays Pending, with the scheduler's message. `nodeTaintsPolicy:
/// Honor` leaves the failed node out and the replacement is scheduled.
#[test]
fn topology_spread_do_not_schedule_filters_nodes_like_the_scheduler() {
    let scen = "  until: 10m\n  nodes:\n  - {name: node-a, fail: {at: 2m}}\n  - {name: node-b}\n  - {name: node-c, labels: {pool: other}}\n";
    // Three nodes, four replicas pinned to the two `pool: web` nodes by a nodeSelector
    // (nodeAffinityPolicy Honor: node-c is no domain): 2 + 2.
    let pinned = "      nodeSelector: {pool: web}\n";
    let scen_pool = scen
        .replace("{name: node-a,", "{name: node-a, labels: {pool: web},")
        .replace("{name: node-b}", "{name: node-b, labels: {pool: web}}");
    let (f, _) = run(&with_template_spec(
        &paste(4, "", PROBE, &scen_pool.replace("fail: {at: 2m}", "fail: {at: 20m}")),
        &format!("{pinned}{SPREAD}"),
    ));
    let on = |f: &Fleet, n: &str| f.pods.iter().filter(|p| p.deleted.is_none() && p.node.as_deref() == Some(n)).count();
    assert_eq!((on(&f, "node-a"), on(&f, "node-b"), on(&f, "node-c")), (2, 2, 0));
    // Five replicas: the fifth goes to either node (2 + 1 − 2 = 1 ≤ maxSkew); the spread stays within 1.
    let (f, _) = run(&with_template_spec(
        &paste(5, "", PROBE, &scen_pool.replace("fail: {at: 2m}", "fail: {at: 20m}")),
        &format!("{pinned}{SPREAD}"),
    ));
    assert_eq!(on(&f, "node-a") + on(&f, "node-b"), 5);
    assert!(on(&f, "node-a").abs_diff(on(&f, "node-b")) <= 1);

    // Node failure with two replicas, one per node.
    let two = "  until: 10m\n  nodes:\n  - {name: node-a, fail: {at: 2m}}\n  - {name: node-b}\n";
    let (f, r) = run(&with_template_spec(&paste(2, "", PROBE, two), SPREAD));
    let repl = f.pods.iter().find(|p| p.created_ms > 0).expect("a replacement after the eviction");
    assert_eq!(repl.node, None, "Pending: node-a's empty domain makes node-b's skew 2");
    let msg = repl.timeline.events.iter().find(|e| e.reason == "FailedScheduling").map(|e| e.message.as_str());
    assert_eq!(msg, Some("0/2 nodes are available: 1 node(s) didn't match pod topology spread constraints, 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling."));
    assert!(!f.not_simulated.iter().any(|n| n.contains("topologySpread")), "{:?}", f.not_simulated);
    // The survivor on node-b keeps the Service up once the proxies dropped the dead pod.
    let late: u32 = r.buckets.iter().filter(|b| b.t_ms >= 180_000).map(|b| b.refused + b.reset).sum();
    assert_eq!(late, 0);
    // nodeTaintsPolicy Honor: the failed node is no domain any more ⇒ the replacement goes to node-b.
    let honor = SPREAD
        .replace("whenUnsatisfiable: DoNotSchedule,", "whenUnsatisfiable: DoNotSchedule, nodeTaintsPolicy: Honor,");
    let (f, _) = run(&with_template_spec(&paste(2, "", PROBE, two), &honor));
    let repl = f.pods.iter().find(|p| p.created_ms > 0).expect("a replacement");
    assert_eq!(repl.node.as_deref(), Some("node-b"));
    // A zone constraint on nodes without zones: no node is a domain, every pod stays Pending.
    let zone = SPREAD.replace("kubernetes.io/hostname", "topology.kubernetes.io/zone");
    let (f, _) = run(&with_template_spec(
        &paste(2, "", PROBE, "  until: 1m\n  nodes: [{name: node-a}, {name: node-b}]\n"),
        &zone,
    ));
    assert!(f.pods.iter().all(|p| p.node.is_none()));
    let msg = f.pods[0].timeline.events.iter().find(|e| e.reason == "FailedScheduling").map(|e| e.message.as_str());
    assert_eq!(msg, Some("0/2 nodes are available: 2 node(s) didn't match pod topology spread constraints (missing required label). preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling."));
}

/// The scene goals decode strictly (line and column) and grade what the scene shows.
#[test]
fn scene_goals_decode_and_grade() {
    let bad = "title: T\nstart: x\ngoals:\n- availableAtLeast: {replicas: 0}\n- failedRequests: {maxx: 1}\n- rolloutCompletes: {within: soon}\n";
    let d = podlife::exercise::parse(bad).expect_err("invalid").to_string();
    assert!(d.contains("4:") && d.contains("goals[0].availableAtLeast.replicas: must be at least 1"), "{d}");
    assert!(d.contains("5:") && d.contains("did you mean \"max\""), "{d}");
    assert!(d.contains("6:") && d.contains("goals[2].rolloutCompletes.within"), "{d}");

    let ex = podlife::exercise::parse(&format!(
        "title: T\nstart: x\nscenario:\n  rollout: {{at: 1m, restart: true}}\n  containers: {{app: {{startup: 2s, sigterm: {{action: drain, drain: 5s}}}}}}\n  traffic: {{rps: {RPS}, requestDuration: {DURATION_MS}ms, from: 30s}}\nduration: 3m\ngoals:\n\
- failedRequests: {{max: 0}}\n- failedRequests: {{max: 1000, from: 2m}}\n- rolloutCompletes: {{within: 1m}}\n- rolloutCompletes: {{within: 5s}}\n- availableAtLeast: {{replicas: 3}}\n- availableAtLeast: {{replicas: 4}}\n"
    ))
    .expect("exercise");
    assert!(ex.needs_scene());
    let spec = paste(3, SURGE_1_UNAVAILABLE_0, PROBE, "");
    let r = podlife::exercise::check(&ex, &spec);
    let got: Vec<(bool, &str)> = r.goals.iter().map(|g| (g.passed, g.detail.as_str())).collect();
    assert!(
        !got[0].0
            && got[0].1.contains("requests failed between 30 s and 3 min")
            && got[0].1.contains("closed the listener"),
        "{:?}",
        got[0]
    );
    assert!(got[1].0 && got[1].1.starts_with("0 of 6000 requests failed between 2 min and 3 min"), "{:?}", got[1]);
    assert!(got[2].0 && got[2].1.starts_with("successfully rolled out at 1 min"), "{:?}", got[2]);
    assert!(!got[3].0 && got[3].1.contains("later than 5 s"), "{:?}", got[3]);
    assert!(got[4].0 && got[4].1.contains("the fewest: 3"), "{:?}", got[4]);
    assert!(!got[5].0 && got[5].1.starts_with("never 4 available: at most 3"), "{:?}", got[5]);
    assert_eq!(r.goals[0].description, "No client request fails");
    assert_eq!(r.goals[0].description_zh, "没有任何客户端请求失败");
    // The same grade with a scene simulated by the caller (the page), and none without a Service.
    let parsed = podlife::input::parse(&spec);
    let scene = ex.scene(&parsed);
    assert_eq!(podlife::exercise::check_scene(&ex, &parsed, None, Some(&scene)).goals, r.goals);
    let no_svc = spec.split_once("---\n").map(|(_, rest)| rest.to_string()).expect("docs");
    let r = podlife::exercise::check(&ex, &no_svc);
    assert!(!r.goals[0].passed && r.goals[0].detail.contains("no Service"), "{:?}", r.goals[0]);
}

/// The CLI: `podlife traffic` runs over the rolling fleet (the old and the new ReplicaSet's pods
/// in its lanes, the rollout's refusals), and `podlife fleet` appends the same traffic report
/// when the paste has a Service (`traffic` in its JSON).
#[test]
fn the_cli_runs_traffic_over_the_rolling_fleet() {
    let text = paste(3, SURGE_1_UNAVAILABLE_0, PROBE, ROLLING_RESTART);
    let o = cli_support::podlife(&["traffic", "-", "-o", "json"], text.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let t: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let (_, r) = run(&text);
    assert_eq!(t, r.to_json(), "the CLI's report is the scene's");
    assert_eq!(t["pods"].as_array().map(Vec::len), Some(6), "3 old + 3 new pods");
    let o = cli_support::podlife(&["fleet", "-", "-o", "json"], text.as_bytes());
    assert_eq!(o.status.code(), Some(0));
    let f: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(f["traffic"], t);
    let o = cli_support::podlife(&["fleet", "-"], text.as_bytes());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("\nTraffic:\nService web port 80") && out.contains("closed the listener"), "{out}");
    // Without a Service, `podlife fleet` prints no traffic.
    let no_svc = text.split_once("---\n").map(|(_, rest)| rest.to_string()).expect("docs");
    let o = cli_support::podlife(&["fleet", "-", "-o", "json"], no_svc.as_bytes());
    let f: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert!(f.get("traffic").is_none());
}
