//! Known-answer and property tests of the fleet simulation.

use super::*;
use crate::input;

fn deployment(replicas: i32, strategy: &str, extra_spec: &str, scenario: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web}}\nspec:\n  replicas: {replicas}\n{strategy}{extra_spec}  selector:\n    matchLabels: {{app: web}}\n  template:\n    metadata:\n      labels: {{app: web}}\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n        resources: {{requests: {{cpu: 100m, memory: 64Mi}}, limits: {{cpu: 100m, memory: 64Mi}}}}\n        readinessProbe: {{httpGet: {{path: /, port: 80}}, periodSeconds: 2}}\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n{scenario}"
    )
}

fn rolling(surge: &str, unavail: &str) -> String {
    format!(
        "  strategy:\n    type: RollingUpdate\n    rollingUpdate: {{maxSurge: {surge}, maxUnavailable: {unavail}}}\n"
    )
}

fn run(text: &str) -> Fleet {
    let p = input::parse(text);
    assert!(!p.has_errors(), "{:?}", p.all_diagnostics());
    simulate(&p, 1).expect("a fleet")
}

/// Every instant at which something changes, to check bounds between them.
fn instants(f: &Fleet) -> Vec<i64> {
    let mut v = Vec::new();
    for p in &f.pods {
        p.change_times(f.min_ready_seconds, &mut v);
    }
    v.extend(f.status.iter().map(|s| s.t_ms));
    v.retain(|&t| t <= f.until_ms);
    v.sort_unstable();
    v.dedup();
    v
}

#[test]
fn surge_one_unavailable_zero_keeps_three_available_and_at_most_four_pods() {
    let f = run(&deployment(3, &rolling("1", "0"), "", "  rollout: {at: 1m, restart: true}\n"));
    assert_eq!(f.replica_sets.len(), 2);
    assert!(matches!(f.outcome, Outcome::Complete(_)), "{:?}\n{}", f.outcome, f.to_text());
    let ready_at = f.pods.iter().take(3).filter_map(|p| p.ready_ms).max().expect("ready");
    for t in instants(&f).into_iter().filter(|&t| t >= ready_at) {
        assert!(f.available_at(t) >= 3, "t={t}: {} available\n{}", f.available_at(t), f.to_text());
        assert!(f.active_at(t) <= 4, "t={t}: {} pods", f.active_at(t));
    }
    // The new ReplicaSet starts with the one surge pod.
    let new = &f.replica_sets[1].name;
    assert!(f.events.iter().any(|e| e.message == format!("Scaled up replica set {new} from 0 to 1")), "{:?}", f.events);
    assert_eq!(f.pods.iter().filter(|p| p.replica_set == 1).count(), 3);
    assert!(f
        .pods
        .iter()
        .filter(|p| p.replica_set == 0)
        .all(|p| p.deleted.is_some_and(|d| d.1 == DeleteReason::ScaleDown)));
    // Names: `<rs>-<5>` with the RS named `<deployment>-<hash>`; hashes differ.
    assert_ne!(f.replica_sets[0].pod_template_hash, f.replica_sets[1].pod_template_hash);
    for p in &f.pods {
        let rs = &f.replica_sets[p.replica_set].name;
        let rest = p.name.strip_prefix(&format!("{rs}-")).expect("prefix");
        assert_eq!(rest.len(), 5, "{}", p.name);
        assert_eq!(p.labels.get("pod-template-hash"), Some(&f.replica_sets[p.replica_set].pod_template_hash));
    }
}

#[test]
fn rollout_status_transcript_of_a_normal_rollout() {
    let f = run(&deployment(2, &rolling("1", "0"), "", "  rollout: {at: 1m, image: {app: nginx:1.28}}\n"));
    let lines: Vec<&str> = f.rollout_status.iter().map(|(_, l)| l.as_str()).collect();
    let w = "Waiting for deployment \"web\" rollout to finish: ";
    assert_eq!(
        lines.first().copied(),
        Some(format!("{w}1 out of 2 new replicas have been updated...").as_str()),
        "{lines:#?}"
    );
    assert!(lines.contains(&format!("{w}1 old replicas are pending termination...").as_str()), "{lines:#?}");
    assert_eq!(lines.last().copied(), Some("deployment \"web\" successfully rolled out"));
    // Lines appear in the kubectl order: updated → pending termination → available.
    let stage = |l: &str| {
        if l.contains("new replicas have been updated") {
            0
        } else if l.contains("pending termination") {
            1
        } else if l.contains("updated replicas are available") {
            2
        } else {
            3
        }
    };
    assert!(lines.windows(2).all(|w| stage(w[0]) <= stage(w[1])), "{lines:#?}");
    let new = &f.replica_sets[1];
    assert_eq!(new.change, "image app=nginx:1.28");
    let img = f
        .pods
        .iter()
        .find(|p| p.replica_set == 1)
        .and_then(|p| p.timeline.events.iter().find(|e| e.reason == "Pulling"))
        .map(|e| e.message.clone());
    assert_eq!(img.as_deref(), Some("Pulling image \"nginx:1.28\""));
}

#[test]
fn recreate_removes_every_old_pod_before_the_first_new_one() {
    let f = run(&deployment(3, "  strategy: {type: Recreate}\n", "", "  rollout: {at: 1m, restart: true}\n"));
    // `oldPodsRunning` (recreate.go) skips pods in a terminal phase: the kubelet marks a deleted
    // pod Succeeded/Failed once its containers stopped, a moment before the object goes.
    let stopped = |p: &FleetPod| p.facts.terminal.map(|x| x + p.created_ms).or(p.removed_ms).expect("stopped");
    let last_gone = f.pods.iter().filter(|p| p.replica_set == 0).map(stopped).max().expect("old");
    let first_new = f.pods.iter().filter(|p| p.replica_set == 1).map(|p| p.created_ms).min().expect("new");
    assert!(first_new >= last_gone, "new at {first_new}, old gone at {last_gone}\n{}", f.to_text());
    assert!(last_gone > 60_000);
    assert!(matches!(f.outcome, Outcome::Complete(_)));
    assert!(f
        .events
        .iter()
        .any(|e| e.message.starts_with("Scaled down replica set") && e.message.ends_with("from 3 to 0")));
}

#[test]
fn full_quota_with_max_unavailable_zero_never_progresses() {
    let quota = "---\napiVersion: v1\nkind: ResourceQuota\nmetadata: {name: pods}\nspec:\n  hard: {pods: \"3\"}\n";
    let text =
        deployment(3, &rolling("1", "0"), "  progressDeadlineSeconds: 120\n", "  rollout: {at: 1m, restart: true}\n")
            + quota;
    let f = run(&text);
    assert_eq!(f.outcome, Outcome::DeadlineExceeded(60_000 + 121_000), "{}", f.to_text());
    assert_eq!(
        f.rollout_status.last().map(|l| l.1.as_str()),
        Some("error: deployment \"web\" exceeded its progress deadline")
    );
    assert!(f.pods.iter().all(|p| p.replica_set == 0), "no new pod was ever created");
    let failed: Vec<&Event> = f.events.iter().filter(|e| e.reason == "FailedCreate").collect();
    assert!(failed.len() > 5, "retries with back-off: {}", failed.len());
    assert!(
        failed[0]
            .message
            .ends_with("is forbidden: exceeded quota: pods, requested: pods=1, used: pods=3, limited: pods=3"),
        "{}",
        failed[0].message
    );
    assert!(failed[0].message.starts_with(&format!("Error creating: pods \"{}-", f.replica_sets[1].name)));
    let last = f.status.last().expect("status");
    let prog = last.conditions.iter().find(|c| c.type_ == "Progressing").expect("Progressing");
    assert_eq!((prog.status.as_str(), prog.reason.as_str()), ("False", "ProgressDeadlineExceeded"));
    assert_eq!(prog.message, format!("ReplicaSet \"{}\" has timed out progressing.", f.replica_sets[1].name));
    assert!(last.conditions.iter().any(|c| c.type_ == "ReplicaFailure" && c.reason == "FailedCreate"));
    // With maxUnavailable 1 the same quota does not block: an old pod goes first.
    let text =
        deployment(3, &rolling("1", "1"), "  progressDeadlineSeconds: 120\n", "  rollout: {at: 1m, restart: true}\n")
            + "---\napiVersion: v1\nkind: ResourceQuota\nmetadata: {name: pods}\nspec:\n  hard: {pods: \"4\"}\n";
    let f = run(&text);
    assert!(matches!(f.outcome, Outcome::Complete(_)), "{}", f.to_text());
}

#[test]
fn node_failure_all_on_one_node_vs_spread() {
    let nodes = "  nodes:\n  - {name: a, zone: z1, fail: {at: 2m}}\n  - {name: b, zone: z2}\n  - {name: c, zone: z3}\n";
    let spread = run(&deployment(3, &rolling("1", "0"), "", &format!("  until: 15m\n{nodes}")));
    let pinned_spec = deployment(3, &rolling("1", "0"), "", &format!("  until: 15m\n{nodes}"))
        .replace("      containers:", "      nodeSelector: {kubernetes.io/hostname: a}\n      containers:");
    let pinned = run(&pinned_spec);
    let on = |f: &Fleet, n: &str| f.pods.iter().take(3).filter(|p| p.node.as_deref() == Some(n)).count();
    assert_eq!((on(&spread, "a"), on(&spread, "b"), on(&spread, "c")), (1, 1, 1));
    assert_eq!(on(&pinned, "a"), 3);
    // Five minutes after the failure (40 s grace + 300 s tolerationSeconds), spread keeps 2 of 3.
    let t = 6 * 60_000;
    assert_eq!(spread.available_at(t), 2, "{}", spread.to_text());
    assert_eq!(pinned.available_at(t), 0, "{}", pinned.to_text());
    // Eviction by the taint manager; the ReplicaSet replaces the pods.
    let evicted =
        spread.pods.iter().filter(|p| p.deleted.is_some_and(|d| d.1 == DeleteReason::NodeFailureEviction)).count();
    assert_eq!(evicted, 1);
    assert_eq!(spread.pods.len(), 4);
    let replacement = &spread.pods[3];
    assert_ne!(replacement.node.as_deref(), Some("a"));
    assert!(spread.available_at(spread.until_ms) == 3);
    // Pinned: the replacements have nowhere to go.
    assert!(pinned.pods.len() == 6 && pinned.pods[3..].iter().all(|p| p.node.is_none()), "{}", pinned.to_text());
    assert_eq!(pinned.available_at(pinned.until_ms), 0);
}

#[test]
fn same_input_and_seed_give_identical_json() {
    let text = deployment(4, &rolling("25%", "25%"), "  minReadySeconds: 5\n", "  rollout: {at: 1m, restart: true}\n");
    let a = run(&text).to_json().to_string();
    let b = run(&text).to_json().to_string();
    assert_eq!(a, b);
    let p = input::parse(&text);
    let c = simulate(&p, 2).expect("fleet").to_json().to_string();
    assert_ne!(a, c, "the seed matters");
}

#[test]
fn bare_pods_have_no_fleet_and_replicasets_do() {
    let p = input::parse(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers: [{name: a, image: nginx}]\n",
    );
    assert!(simulate(&p, 1).is_none());
    let rs = "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: rs}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: x}}\n  template:\n    metadata: {labels: {app: x}}\n    spec:\n      containers: [{name: a, image: nginx}]\n";
    let f = simulate(&input::parse(rs), 1).expect("fleet");
    assert_eq!(f.pods.len(), 2);
    assert!(f.pods.iter().all(|p| p.name.starts_with("rs-")));
    assert!(f.rollout_status.is_empty());
}

#[test]
fn strict_decoding_of_quota_and_budget_documents() {
    let p = input::parse("apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q}\nspec:\n  hadr: {pods: 3}\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: b}\nspec:\n  minAvailable: 2\n  selector: {matchLabels: {app: web}}\n");
    let d = p.all_diagnostics();
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].message.contains("unknown field \"spec.hadr\" (did you mean \"hard\"?)"), "{}", d[0].message);
    assert_eq!(d[0].pos.line, 5);
    assert_eq!(p.objects.budgets.len(), 1);
    assert_eq!(p.objects.budgets[0].min_available, Some(IntOrString::Int(2)));
    assert!(p.ignored.is_empty());
    let p = input::parse("apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: {name: b}\n");
    assert!(p.diagnostics[0].message.contains("which serves PodDisruptionBudget at \"policy/v1\""));
}

/// Property: for random replicas, surge/unavailable (ints and percentages), minReadySeconds
/// and start-up times, a restart rollout of healthy pods keeps availability ≥ replicas −
/// maxUnavailable and non-terminating pods ≤ replicas + maxSurge, and completes.
#[test]
fn rolling_update_bounds_hold_for_random_configurations() {
    let mut rng = crate::engine::rng::Rng::new(7);
    let values = ["0", "1", "2", "3", "\"0%\"", "\"25%\"", "\"50%\"", "\"100%\"", "\"10%\""];
    for case in 0..40 {
        let replicas = 1 + rng.below(10) as i32;
        let surge = values[rng.below(values.len() as i64) as usize];
        let unavail = values[rng.below(values.len() as i64) as usize];
        let min_ready = rng.below(4) * 5;
        let startup = 1 + rng.below(20);
        let extra = format!("  minReadySeconds: {min_ready}\n");
        let scen = format!(
            "  until: 30m\n  rollout: {{at: 2m, restart: true}}\n  containers:\n    app: {{startup: {startup}s}}\n"
        );
        let text = deployment(replicas, &rolling(surge, unavail), &extra, &scen);
        let f = run(&text);
        let max_s = util::max_surge(&f.strategy, replicas);
        let max_u = util::max_unavailable(&f.strategy, replicas);
        let ctx = || {
            format!("case {case}: replicas {replicas} surge {surge} unavail {unavail} minReady {min_ready} startup {startup}\n{}", f.to_text())
        };
        assert!(matches!(f.outcome, Outcome::Complete(_)), "{}", ctx());
        for t in instants(&f).into_iter().filter(|&t| t >= 120_000) {
            assert!(f.available_at(t) >= replicas - max_u, "t={t}: available {} {}", f.available_at(t), ctx());
            assert!(f.active_at(t) <= replicas + max_s, "t={t}: pods {} {}", f.active_at(t), ctx());
        }
    }
}

#[test]
fn drain_honours_the_disruption_budget() {
    let nodes = "  nodes:\n  - {name: a, zone: z1}\n  - {name: b, zone: z2}\n  - {name: c, zone: z3}\n  drain: {at: 2m, node: a}\n";
    let pin = |t: String| t.replace("      containers:", "      nodeSelector: {disk: ssd}\n      containers:");
    let pdb = "---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  minAvailable: 2\n  selector: {matchLabels: {app: web}}\n";
    // Three replicas on a and b (b and c labelled ssd after a), minAvailable 2: the drain of a
    // evicts its pods one at a time, waiting for replacements to become Ready.
    let scen = "  nodes:\n  - {name: a, zone: z1, labels: {disk: ssd}}\n  - {name: b, zone: z1, labels: {disk: ssd}}\n  drain: {at: 2m, node: a}\n";
    let text = pin(deployment(3, &rolling("1", "0"), "", scen)) + pdb;
    let f = run(&text);
    let lines: Vec<&str> = f.drain.iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(lines.first().copied(), Some("node/a cordoned"), "{lines:#?}");
    assert!(
        lines.iter().any(|l| l.ends_with("Cannot evict pod as it would violate the pod's disruption budget.")),
        "{}",
        f.to_text()
    );
    assert_eq!(lines.last().copied(), Some("node/a drained"), "{}", f.to_text());
    // Never fewer than minAvailable Ready pods once the drain starts.
    for t in instants(&f).into_iter().filter(|&t| t >= 120_000) {
        let ready = f.pods.iter().filter(|p| p.ready(t) && !p.deleting(t)).count();
        assert!(ready >= 2, "t={t}: {ready} ready\n{}", f.to_text());
    }
    assert!(f.pods.iter().filter(|p| p.created_ms > 120_000).all(|p| p.node.as_deref() == Some("b")));
    // Without a budget every pod on the node is evicted at once.
    let f = run(&deployment(3, &rolling("1", "0"), "", nodes));
    assert!(!f.drain.iter().any(|(_, l)| l.contains("Cannot evict")));
    assert!(f
        .pods
        .iter()
        .filter(|p| p.deleted.is_some_and(|d| d.1 == DeleteReason::Eviction))
        .all(|p| p.deleted.map(|d| d.0) == Some(120_000)));
}

#[test]
fn work_is_bounded_for_huge_and_crashing_workloads() {
    // 10,000 replicas are cut to MAX_REPLICAS, with a note; a crash-looping template keeps
    // being replaced only by restarts (the ReplicaSet does not replace a restarting pod).
    let text = deployment(
        10_000,
        &rolling("\"50%\"", "\"50%\""),
        "",
        "  until: 30m\n  rollout: {at: 1m, restart: true}\n  containers:\n    app: {exit: {at: 3s, code: 1}}\n",
    );
    let p = input::parse(&text);
    let f = simulate(&p, 1).expect("fleet");
    assert_eq!(f.replicas, MAX_REPLICAS);
    assert!(f.not_simulated.iter().any(|n| n.contains("only 100 replicas")), "{:?}", f.not_simulated);
    assert!(f.pods.len() <= MAX_PODS);
    assert!(!matches!(f.outcome, Outcome::Complete(_)), "crash-looping pods never become available");
}

#[test]
fn get_deploy_and_get_rs_rows() {
    let f = run(&deployment(3, &rolling("1", "0"), "", "  rollout: {at: 1m, restart: true}\n"));
    let end = f.get_deploy(f.until_ms);
    assert_eq!(end, "NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    3/3     3            3           10m\n");
    let rs = f.get_rs(f.until_ms);
    let lines: Vec<&str> = rs.lines().collect();
    assert_eq!(lines[0].split_whitespace().collect::<Vec<_>>(), ["NAME", "DESIRED", "CURRENT", "READY", "AGE"]);
    assert_eq!(lines[1].split_whitespace().collect::<Vec<_>>()[1..4], ["0", "0", "0"]);
    assert_eq!(lines[2].split_whitespace().collect::<Vec<_>>()[1..], ["3", "3", "3", "9m"]);
    // Mid-rollout: the surge pod exists and is not yet Ready.
    let first_new = f.pods.iter().find(|p| p.replica_set == 1).expect("new pod");
    let mid = f.get_deploy(first_new.created_ms);
    assert!(
        mid.lines().nth(1).is_some_and(|l| l.split_whitespace().collect::<Vec<_>>() == ["web", "3/3", "1", "3", "60s"]),
        "{mid}"
    );
}
