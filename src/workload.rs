//! Lean typed views of the workload kinds that carry a pod template.
//!
//! podlife needs a workload's metadata, selector, template and the few fields that shape
//! its pods (replicas, strategy, Job limits). Deserializing the full `k8s-openapi` types
//! (with their status types, PersistentVolumeClaim templates, pod failure policies …)
//! would add ~50 KB of gzipped wasm to the page, so each spec here declares **every** field
//! of its upstream type (so strict unknown-field detection still sees the full field list)
//! but types only the ones podlife uses; the rest are read as `IgnoredAny` (their contents
//! are not checked for unknown fields). Field lists: k8s-openapi 0.29, `v1_34`.

use std::collections::BTreeMap;

use crate::model::apps::DeploymentStrategy;
use crate::model::core::PodTemplateSpec;
use crate::model::meta::{LabelSelector, ObjectMeta};
use serde::de::IgnoredAny;
use serde::Deserialize;

/// `apiVersion`, `kind`, `metadata`, `spec`, `status` of any workload.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Doc<S> {
    pub api_version: Option<String>,
    pub kind: Option<String>,
    pub metadata: ObjectMeta,
    pub spec: Option<S>,
    pub status: Option<IgnoredAny>,
}

/// apps/v1 DeploymentSpec.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DeploymentSpec {
    pub min_ready_seconds: Option<i32>,
    pub paused: Option<bool>,
    pub progress_deadline_seconds: Option<i32>,
    pub replicas: Option<i32>,
    pub revision_history_limit: Option<i32>,
    pub selector: Option<LabelSelector>,
    pub strategy: Option<DeploymentStrategy>,
    pub template: Option<PodTemplateSpec>,
}

/// apps/v1 ReplicaSetSpec.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReplicaSetSpec {
    pub min_ready_seconds: Option<i32>,
    pub replicas: Option<i32>,
    pub selector: Option<LabelSelector>,
    pub template: Option<PodTemplateSpec>,
}

/// apps/v1 StatefulSetSpec.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StatefulSetSpec {
    pub min_ready_seconds: Option<i32>,
    pub ordinals: Option<IgnoredAny>,
    pub persistent_volume_claim_retention_policy: Option<IgnoredAny>,
    pub pod_management_policy: Option<String>,
    pub replicas: Option<i32>,
    pub revision_history_limit: Option<i32>,
    pub selector: Option<LabelSelector>,
    pub service_name: Option<String>,
    pub template: Option<PodTemplateSpec>,
    pub update_strategy: Option<IgnoredAny>,
    pub volume_claim_templates: Option<IgnoredAny>,
}

/// apps/v1 DaemonSetSpec.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DaemonSetSpec {
    pub min_ready_seconds: Option<i32>,
    pub revision_history_limit: Option<i32>,
    pub selector: Option<LabelSelector>,
    pub template: Option<PodTemplateSpec>,
    pub update_strategy: Option<IgnoredAny>,
}

/// core/v1 ReplicationControllerSpec (its selector is a plain label map).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReplicationControllerSpec {
    pub min_ready_seconds: Option<i32>,
    pub replicas: Option<i32>,
    pub selector: Option<BTreeMap<String, String>>,
    pub template: Option<PodTemplateSpec>,
}

/// batch/v1 JobSpec.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct JobSpec {
    pub active_deadline_seconds: Option<i64>,
    pub backoff_limit: Option<i32>,
    pub backoff_limit_per_index: Option<i32>,
    pub completion_mode: Option<String>,
    pub completions: Option<i32>,
    pub managed_by: Option<String>,
    pub manual_selector: Option<bool>,
    pub max_failed_indexes: Option<i32>,
    pub parallelism: Option<i32>,
    pub pod_failure_policy: Option<IgnoredAny>,
    pub pod_replacement_policy: Option<String>,
    pub selector: Option<LabelSelector>,
    pub success_policy: Option<IgnoredAny>,
    pub suspend: Option<bool>,
    pub template: Option<PodTemplateSpec>,
    pub ttl_seconds_after_finished: Option<i32>,
}

/// batch/v1 JobTemplateSpec.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct JobTemplateSpec {
    pub metadata: Option<ObjectMeta>,
    pub spec: Option<JobSpec>,
}

/// batch/v1 CronJobSpec.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CronJobSpec {
    pub concurrency_policy: Option<String>,
    pub failed_jobs_history_limit: Option<i32>,
    pub job_template: Option<JobTemplateSpec>,
    pub schedule: Option<String>,
    pub starting_deadline_seconds: Option<i64>,
    pub successful_jobs_history_limit: Option<i32>,
    pub suspend: Option<bool>,
    pub time_zone: Option<String>,
}

/// What every workload kind gives podlife: where its template is, and its selector.
pub trait TemplateOwner {
    /// The pod template and its path in the document.
    fn template(&self) -> (Option<&PodTemplateSpec>, &'static str);
    /// The label selector, when the kind has one (a ReplicationController's map becomes `matchLabels`).
    fn selector(&self) -> Option<LabelSelector>;
}

macro_rules! simple_owner {
    ($t:ty) => {
        impl TemplateOwner for $t {
            fn template(&self) -> (Option<&PodTemplateSpec>, &'static str) {
                (self.template.as_ref(), "spec.template")
            }
            fn selector(&self) -> Option<LabelSelector> {
                self.selector.clone()
            }
        }
    };
}
simple_owner!(DeploymentSpec);
simple_owner!(ReplicaSetSpec);
simple_owner!(StatefulSetSpec);
simple_owner!(DaemonSetSpec);
simple_owner!(JobSpec);

impl TemplateOwner for ReplicationControllerSpec {
    fn template(&self) -> (Option<&PodTemplateSpec>, &'static str) {
        (self.template.as_ref(), "spec.template")
    }
    fn selector(&self) -> Option<LabelSelector> {
        self.selector.as_ref().map(|m| LabelSelector { match_labels: Some(m.clone()), match_expressions: None })
    }
}

impl TemplateOwner for CronJobSpec {
    fn template(&self) -> (Option<&PodTemplateSpec>, &'static str) {
        let t = self.job_template.as_ref().and_then(|j| j.spec.as_ref()).and_then(|s| s.template.as_ref());
        (t, "spec.jobTemplate.spec.template")
    }
    fn selector(&self) -> Option<LabelSelector> {
        None
    }
}
