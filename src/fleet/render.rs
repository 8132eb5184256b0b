//! The fleet as JSON (written by hand, like `Scenario::to_json`) and as the text of
//! `podlife fleet`.

use serde_json::{json, Map, Value as Json};

use super::{Condition, DeploymentStatus, Fleet, Outcome, Strategy};
use crate::engine::util::go_duration;
use crate::model::IntOrString;
use crate::printer::human_duration_ms;

fn ios(v: &IntOrString) -> Json {
    match v {
        IntOrString::Int(i) => Json::from(*i),
        IntOrString::String(s) => Json::String(s.clone()),
    }
}

fn opt(v: Option<i64>) -> Json {
    v.map_or(Json::Null, Json::from)
}

fn condition(c: &Condition) -> Json {
    json!({
        "type": c.type_, "status": c.status, "reason": c.reason, "message": c.message,
        "lastUpdate_ms": c.last_update_ms, "lastTransition_ms": c.last_transition_ms,
    })
}

fn status(s: &DeploymentStatus) -> Json {
    json!({
        "t_ms": s.t_ms,
        "replicas": s.replicas,
        "updatedReplicas": s.updated_replicas,
        "readyReplicas": s.ready_replicas,
        "availableReplicas": s.available_replicas,
        "unavailableReplicas": s.unavailable_replicas,
        "terminatingReplicas": s.terminating_replicas,
        "conditions": s.conditions.iter().map(condition).collect::<Vec<_>>(),
    })
}

pub(super) fn to_json(f: &Fleet) -> Json {
    let mut m = Map::new();
    m.insert("kind".into(), Json::String(f.kind.clone()));
    m.insert("name".into(), Json::String(f.name.clone()));
    m.insert("namespace".into(), Json::String(f.namespace.clone()));
    m.insert("replicas".into(), Json::from(f.replicas));
    let strategy = match &f.strategy {
        Strategy::RollingUpdate { max_surge, max_unavailable } => json!({
            "type": "RollingUpdate",
            "maxSurge": ios(max_surge),
            "maxUnavailable": ios(max_unavailable),
            "resolvedMaxSurge": super::util::max_surge(&f.strategy, f.replicas),
            "resolvedMaxUnavailable": super::util::max_unavailable(&f.strategy, f.replicas),
        }),
        Strategy::Recreate => json!({"type": "Recreate"}),
    };
    m.insert("strategy".into(), strategy);
    m.insert("minReadySeconds".into(), Json::from(f.min_ready_seconds));
    m.insert("progressDeadlineSeconds".into(), f.progress_deadline_seconds.map_or(Json::Null, Json::from));
    m.insert("seed".into(), Json::from(f.seed));
    m.insert("until_ms".into(), Json::from(f.until_ms));
    m.insert("rollout_ms".into(), opt(f.rollout_ms));
    m.insert(
        "outcome".into(),
        match f.outcome {
            Outcome::Complete(t) => json!({"result": "Complete", "t_ms": t}),
            Outcome::DeadlineExceeded(t) => json!({"result": "ProgressDeadlineExceeded", "t_ms": t}),
            Outcome::Waiting => json!({"result": "Waiting", "t_ms": null}),
        },
    );
    m.insert(
        "rolloutStatus".into(),
        Json::Array(f.rollout_status.iter().map(|(t, l)| json!({"t_ms": t, "line": l})).collect()),
    );
    m.insert(
        "nodes".into(),
        Json::Array(
            f.nodes
                .iter()
                .map(|n| {
                    json!({
                        "name": n.name, "zone": n.zone, "cpu": n.cpu, "memory": n.memory,
                        "fail_ms": n.fail.as_ref().map(|x| x.at.0),
                        "cordoned_ms": n.cordoned_ms,
                    })
                })
                .collect(),
        ),
    );
    m.insert(
        "replicaSets".into(),
        Json::Array(
            f.replica_sets
                .iter()
                .map(|r| {
                    json!({
                        "name": r.name, "podTemplateHash": r.pod_template_hash, "revision": r.revision,
                        "created_ms": r.created_ms, "change": r.change,
                        "replicas": r.replicas.iter().map(|(t, n)| json!({"t_ms": t, "replicas": n})).collect::<Vec<_>>(),
                    })
                })
                .collect(),
        ),
    );
    m.insert(
        "pods".into(),
        Json::Array(
            f.pods
                .iter()
                .map(|p| {
                    json!({
                        "name": p.name,
                        "replicaSet": f.replica_sets.get(p.replica_set).map(|r| r.name.clone()),
                        "revision": f.replica_sets.get(p.replica_set).map(|r| r.revision),
                        "node": p.node,
                        "created_ms": p.created_ms,
                        "ready_ms": p.ready_ms,
                        "deleted_ms": p.deleted.map(|d| d.0),
                        "deleteReason": p.deleted.map(|d| d.1.as_str()),
                        "removed_ms": p.removed_ms,
                        "labels": p.labels,
                        "timeline": serde_json::to_value(&p.timeline).unwrap_or(Json::Null),
                    })
                })
                .collect(),
        ),
    );
    m.insert("events".into(), serde_json::to_value(&f.events).unwrap_or(Json::Null));
    m.insert("status".into(), Json::Array(f.status.iter().map(status).collect()));
    m.insert("quotas".into(), Json::Array(f.quotas.iter().map(|q| json!({"name": q.name, "hard": q.hard})).collect()));
    m.insert("drain".into(), Json::Array(f.drain.iter().map(|(t, l)| json!({"t_ms": t, "line": l})).collect()));
    m.insert("not_simulated".into(), json!(f.not_simulated));
    Json::Object(m)
}

/// A fleet time as the text output prints it (`1:02.870`).
pub(super) fn at(ms: i64) -> String {
    let s = ms / 1000;
    format!("{}:{:02}.{:03}", s / 60, s % 60, ms % 1000)
}

fn opt_at(ms: Option<i64>) -> String {
    ms.map_or_else(|| "-".into(), at)
}

fn table(rows: &[Vec<String>]) -> String {
    crate::printer::columns(rows, 3, 0, "", true)
}

/// kubectl's tabwriter: columns padded to the widest cell + 3 spaces.
fn kubectl_table(rows: &[Vec<String>]) -> String {
    table(rows)
}

/// `kubectl get deploy NAME` at `t_ms` (NAME READY UP-TO-DATE AVAILABLE AGE).
pub(super) fn get_deploy(f: &Fleet, t_ms: i64) -> String {
    let st = f.status_at(t_ms);
    let n = |g: fn(&DeploymentStatus) -> i32| st.map_or(0, g);
    kubectl_table(&[
        vec!["NAME".into(), "READY".into(), "UP-TO-DATE".into(), "AVAILABLE".into(), "AGE".into()],
        vec![
            f.name.clone(),
            format!("{}/{}", n(|s| s.ready_replicas), f.replicas),
            n(|s| s.updated_replicas).to_string(),
            n(|s| s.available_replicas).to_string(),
            human_duration_ms(t_ms.max(0)),
        ],
    ])
}

/// `kubectl get rs` at `t_ms` (NAME DESIRED CURRENT READY AGE), the ReplicaSets existing then.
pub(super) fn get_rs(f: &Fleet, t_ms: i64) -> String {
    let mut rows = vec![vec!["NAME".into(), "DESIRED".into(), "CURRENT".into(), "READY".into(), "AGE".into()]];
    for (i, r) in f.replica_sets.iter().enumerate().filter(|(_, r)| r.created_ms <= t_ms) {
        let pods = f.pods.iter().filter(|p| p.replica_set == i && p.active(t_ms));
        let (current, ready) = pods.fold((0, 0), |(c, rd), p| (c + 1, rd + i32::from(p.ready(t_ms))));
        rows.push(vec![
            r.name.clone(),
            r.replicas_at(t_ms).to_string(),
            current.to_string(),
            ready.to_string(),
            human_duration_ms(t_ms - r.created_ms),
        ]);
    }
    kubectl_table(&rows)
}

/// The strategy with maxSurge/maxUnavailable resolved against the replicas, as `to_text` heads it.
pub(super) fn strategy_text(f: &Fleet) -> String {
    match &f.strategy {
        Strategy::RollingUpdate { .. } => format!(
            "RollingUpdate (maxSurge {}, maxUnavailable {})",
            super::util::max_surge(&f.strategy, f.replicas),
            super::util::max_unavailable(&f.strategy, f.replicas)
        ),
        Strategy::Recreate => "Recreate".into(),
    }
}

pub(super) fn to_text(f: &Fleet) -> String {
    let mut out = String::new();
    let strategy = strategy_text(f);
    out.push_str(&format!("{} {}: {} replicas", f.kind, f.name, f.replicas));
    if f.kind == "Deployment" {
        out.push_str(&format!(", {strategy}, minReadySeconds {}", f.min_ready_seconds));
        if let Some(d) = f.progress_deadline_seconds {
            out.push_str(&format!(", progressDeadlineSeconds {d}"));
        }
    }
    out.push_str(&format!(", seed {}, {} simulated\n", f.seed, go_duration(f.until_ms)));
    for r in f.replica_sets.iter().skip(1) {
        out.push_str(&format!(
            "Rollout at {}: {} (revision {}, ReplicaSet {})\n",
            go_duration(r.created_ms),
            r.change,
            r.revision,
            r.name
        ));
    }
    if f.kind == "Deployment" {
        let from = f.rollout_ms.unwrap_or(0);
        out.push_str(&format!("\n$ kubectl rollout status deployment/{}    # from {}\n", f.name, go_duration(from)));
        for (_, l) in &f.rollout_status {
            out.push_str(l);
            out.push('\n');
        }
        match f.outcome {
            Outcome::Complete(t) => out.push_str(&format!("# complete at {}\n", go_duration(t))),
            Outcome::DeadlineExceeded(t) => out.push_str(&format!(
                "# ProgressDeadlineExceeded at {}: the rollout made no progress for progressDeadlineSeconds\n",
                go_duration(t)
            )),
            Outcome::Waiting => out.push_str(&format!("# still waiting at {}\n", go_duration(f.until_ms))),
        }
    }
    if let Some((t0, _)) = f.drain.first() {
        out.push_str(&format!("\n$ kubectl drain    # at {}\n", go_duration(*t0)));
        for (t, l) in &f.drain {
            out.push_str(&format!("{l}    # {}\n", go_duration(*t)));
        }
    }
    out.push_str("\nEvents (Deployment and ReplicaSets):\n");
    let mut rows = vec![vec!["TIME".into(), "TYPE".into(), "REASON".into(), "OBJECT".into(), "MESSAGE".into()]];
    for e in &f.events {
        rows.push(vec![at(e.t_ms), e.type_.clone(), e.reason.clone(), e.object.clone(), e.message.clone()]);
    }
    out.push_str(&table(&rows));
    out.push_str("\nPods:\n");
    let mut rows = vec![vec![
        "NAME".into(),
        "REVISION".into(),
        "NODE".into(),
        "CREATED".into(),
        "READY".into(),
        "DELETED".into(),
        "REASON".into(),
        "GONE".into(),
    ]];
    for p in &f.pods {
        rows.push(vec![
            p.name.clone(),
            f.replica_sets.get(p.replica_set).map_or(String::new(), |r| r.revision.to_string()),
            p.node.clone().unwrap_or_else(|| "<none>".into()),
            at(p.created_ms),
            opt_at(p.ready_ms),
            opt_at(p.deleted.map(|d| d.0)),
            p.deleted.map_or("-", |d| d.1.as_str()).to_string(),
            opt_at(p.removed_ms),
        ]);
    }
    out.push_str(&table(&rows));
    if f.kind == "Deployment" {
        out.push_str(&format!("\n$ kubectl get deploy {}    # at {}\n", f.name, go_duration(f.until_ms)));
        out.push_str(&get_deploy(f, f.until_ms));
    }
    out.push_str(&format!("\n$ kubectl get rs    # at {}\n", go_duration(f.until_ms)));
    out.push_str(&get_rs(f, f.until_ms));
    if !f.not_simulated.is_empty() {
        out.push_str("\nNot simulated:\n");
        for n in &f.not_simulated {
            out.push_str(&format!("- {n}\n"));
        }
    }
    out
}
