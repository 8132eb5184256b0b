//! The CLI's JSON shapes (a documented contract, see README.md), built from [`Parsed`].
//! The web UI shows the same data.

use crate::model::core::PodStatus;
use crate::model::Timestamp;
use serde::Serialize;

use crate::defaults::Defaulted;
use crate::input::{Parsed, PodDoc, Severity};
use crate::printer::{self, PodRow};
use crate::source::Pos;

/// One error of `podlife validate -o json`.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ErrorJson {
    /// Field path inside the document (empty when the error is not about one field).
    pub field: String,
    /// Upstream error type name (`FieldValueInvalid`, …), or `StrictDecoding`, `TypeError`, `SyntaxError`.
    #[serde(rename = "type")]
    pub error_type: String,
    /// The text after the field path, e.g. `Invalid value: 2: must be 1`.
    pub message: String,
    pub line: u32,
    pub col: u32,
}

/// One entry of `podlife validate -o json`: a pod-bearing document, or a document that
/// could not be read as one.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ValidateJson {
    pub kind: String,
    pub name: String,
    /// The pod's name as `kubectl get pod` would show it (empty when no pod could be read).
    pub pod: String,
    pub valid: bool,
    pub errors: Vec<ErrorJson>,
    pub warnings: Vec<String>,
    /// Exactly what kubectl would print (`kubectl apply --dry-run=server`).
    pub kubectl: String,
    #[serde(skip)]
    pub pos: Pos,
}

/// kubectl's `<resource>.<group>/<name>` for an object.
pub fn kubectl_ref(kind: &str, name: &str) -> String {
    let r = match kind {
        "Pod" => "pod",
        "Deployment" => "deployment.apps",
        "ReplicaSet" => "replicaset.apps",
        "StatefulSet" => "statefulset.apps",
        "DaemonSet" => "daemonset.apps",
        "ReplicationController" => "replicationcontroller",
        "Job" => "job.batch",
        "CronJob" => "cronjob.batch",
        other => return format!("{}/{name}", other.to_ascii_lowercase()),
    };
    format!("{r}/{name}")
}

fn doc_report(p: &PodDoc) -> ValidateJson {
    let mut errors = Vec::new();
    for u in &p.unknown {
        errors.push(ErrorJson {
            field: u.path.clone(),
            error_type: "StrictDecoding".into(),
            message: u.message(),
            line: u.pos.line,
            col: u.pos.col,
        });
    }
    for e in &p.validation.errors {
        let pos = p.locate(&e.field);
        errors.push(ErrorJson {
            field: e.field.clone(),
            error_type: e.error_type.api_name().into(),
            message: e.body(),
            line: pos.line,
            col: pos.col,
        });
    }
    let valid = p.is_valid();
    let kubectl =
        if valid { format!("{} created (server dry run)", kubectl_ref(&p.kind, &p.name)) } else { p.kubectl_errors() };
    ValidateJson {
        kind: p.kind.clone(),
        name: p.name.clone(),
        pod: p.pod_name().to_string(),
        valid,
        errors,
        warnings: p.validation.warnings.clone(),
        kubectl,
        pos: p.root.pos,
    }
}

/// `podlife validate`: one entry per pod-bearing document, plus one per unreadable document, in input order.
pub fn validate(parsed: &Parsed) -> Vec<ValidateJson> {
    let mut out: Vec<ValidateJson> = parsed.pods.iter().map(doc_report).collect();
    for d in parsed.diagnostics.iter().filter(|d| d.severity == Severity::Error) {
        let error_type = if d.message.starts_with("YAML syntax error")
            || d.message.contains("nodes (YAML aliases")
            || d.message.contains("nesting deeper")
            || d.message.contains("3 MiB")
        {
            "SyntaxError"
        } else if d.message.contains("strict decoding") || d.message.starts_with("yaml: unmarshal errors") {
            "StrictDecoding"
        } else if d.message.contains("cannot be handled as") {
            "TypeError"
        } else {
            "InvalidObject"
        };
        out.push(ValidateJson {
            kind: String::new(),
            name: String::new(),
            pod: String::new(),
            valid: false,
            errors: vec![ErrorJson {
                field: d.path.clone().unwrap_or_default(),
                error_type: error_type.into(),
                message: d.message.clone(),
                line: d.pos.line,
                col: d.pos.col,
            }],
            warnings: vec![],
            kubectl: format!("error: {}", d.message),
            pos: d.pos,
        });
    }
    crate::sort::by_key(&mut out, |r| crate::sort::pos(r.pos));
    out
}

/// One entry of `podlife qos -o json`.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct QosJson {
    pub kind: String,
    pub name: String,
    pub pod: String,
    #[serde(rename = "qosClass")]
    pub qos_class: String,
}

pub fn qos(parsed: &Parsed) -> Vec<QosJson> {
    parsed
        .pods
        .iter()
        .map(|p| QosJson {
            kind: p.kind.clone(),
            name: p.name.clone(),
            pod: p.pod_name().into(),
            qos_class: p.qos.as_str().into(),
        })
        .collect()
}

/// One entry of `podlife status -o json`.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct StatusJson {
    pub name: String,
    pub ready: String,
    pub status: String,
    pub restarts: String,
    pub age: String,
    /// Which rule produced STATUS.
    pub why: String,
}

impl StatusJson {
    pub fn row(&self) -> PodRow {
        PodRow {
            name: self.name.clone(),
            ready: self.ready.clone(),
            status: self.status.clone(),
            restarts: self.restarts.clone(),
            age: self.age.clone(),
        }
    }
}

/// `podlife status`: the row of each pod. A pod pasted as a spec (no `.status`) is shown
/// as the API server stores it on create: phase Pending, no container statuses yet.
pub fn status(parsed: &Parsed, now: Timestamp) -> Vec<StatusJson> {
    parsed
        .pods
        .iter()
        .map(|p| {
            let mut pod = p.pod.clone();
            if pod.status.is_none() {
                pod.status = Some(PodStatus {
                    phase: Some("Pending".into()),
                    qos_class: Some(p.qos.as_str().into()),
                    ..Default::default()
                });
                if pod.metadata.creation_timestamp.is_none() {
                    pod.metadata.creation_timestamp = Some(crate::model::meta::Time(now));
                }
            }
            let printed = printer::print_pod(&pod, now);
            let r = printed.row;
            StatusJson {
                name: r.name,
                ready: r.ready,
                status: r.status,
                restarts: r.restarts,
                age: r.age,
                why: printed.why,
            }
        })
        .collect()
}

/// One entry of `podlife defaults -o json`: the effective pod and what was defaulted.
/// Native only: serializing whole k8s objects would cost the page ~60 KB of wasm; the page
/// shows the effective spec from the source tree instead.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Clone, Debug, Serialize)]
pub struct EffectiveJson {
    pub kind: String,
    pub name: String,
    pub pod: String,
    #[serde(rename = "qosClass")]
    pub qos_class: String,
    pub defaulted: Vec<DefaultedJson>,
    /// The pod as the API server would store it.
    pub effective: serde_json::Value,
}

#[derive(Clone, Debug, Serialize)]
pub struct DefaultedJson {
    pub path: String,
    pub value: String,
}

impl From<&Defaulted> for DefaultedJson {
    fn from(d: &Defaulted) -> Self {
        DefaultedJson { path: d.path.clone(), value: d.value.clone() }
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub fn effective(parsed: &Parsed) -> Vec<EffectiveJson> {
    parsed
        .pods
        .iter()
        .map(|p| EffectiveJson {
            kind: p.kind.clone(),
            name: p.name.clone(),
            pod: p.pod_name().into(),
            qos_class: p.qos.as_str().into(),
            defaulted: p.defaulted.iter().map(DefaultedJson::from).collect(),
            effective: serde_json::to_value(&p.pod).unwrap_or(serde_json::Value::Null),
        })
        .collect()
}
