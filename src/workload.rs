//! The workload kinds that carry a pod template, read through the schema walk.
//!
//! podlife needs a workload's metadata, its pod template and its selector. The whole
//! document is checked against the generated schema table (`model::schema`, every type of
//! the apps/v1 and batch/v1 workload trees from k8s-openapi 0.29 `v1_34`, statuses,
//! PersistentVolumeClaim templates and pod failure policies included) exactly as the API
//! server's strict field validation does: unknown fields anywhere in the document are
//! reported with their path, position and "did you mean", type errors with theirs
//! (`tests/model_fidelity.rs` compares with the upstream types). Only the template and the
//! selector are then built as typed values; no serde-derived code per kind.

use std::collections::BTreeMap;

use crate::model::core::PodTemplateSpec;
use crate::model::meta::{LabelSelector, ObjectMeta};
use crate::model::{field, object, schema as s, take};
use crate::source::Node;
use crate::typed::{self, TypeError, UnknownField};

/// What podlife reads from a workload.
#[derive(Clone, Debug, Default)]
pub struct Workload {
    pub metadata: ObjectMeta,
    /// The pod template (absent when the document has none).
    pub template: Option<PodTemplateSpec>,
    /// Where the template sits in the document.
    pub template_path: &'static str,
    /// The label selector, when the kind has one (a ReplicationController's map becomes `matchLabels`).
    pub selector: Option<LabelSelector>,
}

/// The schema type of a workload kind (`None` for a kind that is not a workload).
pub fn schema_type(kind: &str) -> Option<u16> {
    Some(match kind {
        "Deployment" => s::DEPLOYMENT,
        "ReplicaSet" => s::REPLICA_SET,
        "StatefulSet" => s::STATEFUL_SET,
        "DaemonSet" => s::DAEMON_SET,
        "ReplicationController" => s::REPLICATION_CONTROLLER,
        "Job" => s::JOB,
        "CronJob" => s::CRON_JOB,
        _ => return None,
    })
}

/// Reads the workload document `root` of `kind` (a CronJob for any kind that is not one of
/// the others): its parts podlife uses and every unknown field, or the first type error.
pub fn read(root: &Node, kind: &str) -> Result<(Workload, Vec<UnknownField>), TypeError> {
    let (json, unknown) = typed::check(root, "", schema_type(kind).unwrap_or(s::CRON_JOB))?;
    let mut doc = object(json);
    let metadata = take(&mut doc, "metadata");
    let mut spec = object(field(&mut doc, "spec"));
    let w = match kind {
        "ReplicationController" => Workload {
            metadata,
            template: take(&mut spec, "template"),
            template_path: "spec.template",
            selector: take::<Option<BTreeMap<String, String>>>(&mut spec, "selector")
                .map(|m| LabelSelector { match_labels: Some(m), match_expressions: None }),
        },
        "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet" | "Job" => Workload {
            metadata,
            template: take(&mut spec, "template"),
            template_path: "spec.template",
            selector: take(&mut spec, "selector"),
        },
        _ => {
            let mut job_template = object(field(&mut spec, "jobTemplate"));
            let mut job_spec = object(field(&mut job_template, "spec"));
            Workload {
                metadata,
                template: take(&mut job_spec, "template"),
                template_path: "spec.jobTemplate.spec.template",
                selector: None,
            }
        }
    };
    Ok((w, unknown))
}
