//! The `Scenario` document: what happens around the Pod (node, API actions, images,
//! ConfigMaps/Secrets, app behaviour). Every field is optional; the defaults describe a
//! healthy 4 CPU / 16 GiB node where every image pulls in a couple of seconds.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::app::{ContainerBehaviour, Millis};

/// `spec` of `apiVersion: podlife.dev/v1alpha1, kind: Scenario`.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Scenario {
    /// RNG seed for the kubelet's jitter; the `seed` argument of `simulate` is used when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// How much virtual time to simulate (default 10m; capped at 30 days).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<Millis>,
    /// The simulated node.
    pub node: NodeScenario,
    /// An API DELETE of the pod (like `kubectl delete pod`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delete: Option<DeleteScenario>,
    /// ConfigMaps that exist in the namespace. Absent: every referenced ConfigMap/key exists.
    /// Present: only the listed ones (with their listed keys) exist.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config_maps: Option<Vec<ObjectKeys>>,
    /// Secrets that exist in the namespace; same rule as `configMaps`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secrets: Option<Vec<ObjectKeys>>,
    /// Per-image registry behaviour, keyed by the exact `image` string of the container.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub images: BTreeMap<String, ImageScenario>,
    /// Conditions set on the pod for its `spec.readinessGates`, keyed by conditionType.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub readiness_gates: BTreeMap<String, GateScenario>,
    /// Behaviour overrides for each container's process, keyed by container name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub containers: BTreeMap<String, ContainerBehaviour>,
}

/// The node the pod is scheduled onto.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NodeScenario {
    /// Node name (default `node-1`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Allocatable CPU (default `"4"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu: Option<String>,
    /// Allocatable memory (default `16Gi`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory: Option<String>,
    /// Allocatable ephemeral storage (default `100Gi`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ephemeral_storage: Option<String>,
    /// Images already present on the node (in addition to those marked `present` under `images`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<String>,
    /// The node fails at a given time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fail: Option<NodeFail>,
    /// The kubelet's `evictionHard` thresholds, e.g. `{memory.available: 500Mi}` or
    /// `{memory.available: "5%"}`. Absent: the Linux defaults (`defaults_linux.go`:
    /// `memory.available<100Mi`, `nodefs.available<10%`, `imagefs.available<15%`,
    /// `nodefs.inodesFree<5%`). Present: only the listed signals (the kubelet does not merge
    /// in the defaults unless `mergeDefaultEvictionSettings`), and a `0` value disables one.
    /// Only `memory.available` is simulated: the node's memory capacity is `memory`
    /// (allocatable) plus this threshold, as upstream computes allocatable = capacity −
    /// reserved − hard eviction threshold with system- and kube-reserved taken as 0; so the
    /// pod is evicted once its containers' memory use exceeds `memory`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eviction_hard: Option<BTreeMap<String, String>>,
}

/// A node failure.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NodeFail {
    /// When the node fails.
    pub at: Millis,
    /// `Unreachable` (power loss: the kubelet stops posting status; default) or `NotReady`
    /// (the kubelet reports Ready=False, e.g. the container runtime is down).
    pub mode: NodeFailMode,
}

/// How the node fails.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub enum NodeFailMode {
    /// The kubelet stops posting status; the node controller marks the node Unknown after the grace period.
    #[default]
    Unreachable,
    /// The kubelet reports `Ready=False`.
    NotReady,
}

/// An API DELETE.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DeleteScenario {
    /// When the DELETE arrives.
    pub at: Millis,
    /// `DeleteOptions.gracePeriodSeconds` (default: the pod's terminationGracePeriodSeconds).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grace_period_seconds: Option<i64>,
}

/// A ConfigMap or Secret and the keys it holds.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ObjectKeys {
    /// Object name.
    pub name: String,
    /// Keys present in its data.
    pub keys: Vec<String>,
}

/// How the registry and node treat one image.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ImageScenario {
    /// Time one pull takes (default 2s).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pull: Option<Millis>,
    /// The image is already on the node (default false).
    pub present: bool,
    /// Image size reported in the `Pulled` event (default 10 MB).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Make pulls fail: `ErrImagePull` (manifest not found) or `Unauthorized`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fail: Option<String>,
    /// Only the first N pulls fail (default: all of them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fail_times: Option<u32>,
}

/// A readiness-gate condition written by some controller.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GateScenario {
    /// When the condition is written.
    pub at: Millis,
    /// `"True"` or `"False"` (default `"True"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}
