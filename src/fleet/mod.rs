//! The pods of a workload over time: a Deployment's (or a ReplicaSet's) pods created,
//! rolled and replaced by a simulated Deployment controller and ReplicaSet controller.
//!
//! [`simulate`] drives the controllers over *fleet time* (integer ms; 0 = the Deployment is
//! created, at [`crate::engine::timeline::EPOCH_MS`]) and runs [`crate::engine::simulate`]
//! once per pod with a per-pod [`Scenario`] derived from the user's: its node (and that
//! node's failure, shifted to the pod's own time), its own seed, and — once a controller
//! decides to delete it — the API DELETE. A pod's history before its deletion does not
//! depend on when it is deleted, so a pod is simulated without a delete first (to learn when
//! it becomes Ready, is evicted, …) and re-simulated with the delete when the controller
//! deletes it.
//!
//! Upstream rules (Kubernetes 1.34):
//! - Deployment controller: `pkg/controller/deployment/{rolling.go,recreate.go,sync.go,progress.go}`,
//!   arithmetic in `util/deployment_util.go` ([`util`]).
//! - ReplicaSet controller: `pkg/controller/replicaset/replica_set.go` (`manageReplicas`:
//!   slow-start batches 1, 2, 4 …; `getPodsToDelete` with `controller.ActivePodsWithRanks`;
//!   the work queue's per-item exponential back-off 5 ms × 2ⁿ up to 1000 s after an error).
//! - Pods with a deletionTimestamp or in a terminal phase are not counted by the ReplicaSet
//!   (`controller.FilterActivePods`); available = Ready for `minReadySeconds`
//!   (`podutil.IsPodAvailable`, against the Ready condition's second-precision
//!   lastTransitionTime, strictly after).
//! - ResourceQuota admission ([`quota`]).
//! - `kubectl rollout status`: `staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go`;
//!   kubectl prints the status on every watch event of the Deployment, so a line repeats when
//!   the status changed in a way the message does not show.
//!
//! Simplifications, also listed in [`Fleet::not_simulated`] when they matter: the
//! controllers, the scheduler and the quota controller see every change the instant it
//! happens (no informer or queue latency); the scheduler is a small spread-first scorer
//! (below), not the default profile's plugins.

pub mod objects;
pub mod quota;
mod render;
pub mod util;

use std::collections::BTreeMap;

use crate::vecmap::VecMap;

use serde_json::Value as Json;

use crate::app::Millis;
use crate::engine::scenario::{DeleteScenario, FleetNodeScenario, NodeFail};
use crate::engine::timeline::Event;
use crate::engine::{self, PodState, Scenario, Timeline};
use crate::input::{fnv32a, safe_encode, suffix, Parsed, PodDoc};
use crate::model::core::Pod;
use crate::model::IntOrString;
use crate::quantity::Quantity;
use crate::source::{Node as YNode, Value as YValue};

pub use util::Strategy;

/// At most this many replicas are simulated (`spec.replicas` above it is cut, with a note).
pub const MAX_REPLICAS: i32 = 100;
/// At most this many pods are created over a run (later creates are "not simulated").
pub const MAX_PODS: usize = 300;
/// The longest fleet run (the Scenario's `until` is cut to it).
pub const MAX_UNTIL_MS: i64 = 24 * 3_600_000;
const DEFAULT_UNTIL_MS: i64 = 600_000;
/// Bound on controller wake-ups per run.
const MAX_WAKES: usize = 50_000;
/// [`FleetSim::rs_counts`] over the pods of every ReplicaSet.
const ALL_RS: usize = usize::MAX;
/// `burstReplicas` of the ReplicaSet controller.
const BURST_REPLICAS: i32 = 500;

/// Why a pod was deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeleteReason {
    /// The ReplicaSet controller scaled its ReplicaSet down (a rollout, a Recreate).
    ScaleDown,
    /// The taint eviction controller deleted it after its node failed (`TaintManagerEviction`).
    NodeFailureEviction,
    /// Evicted through the Eviction API by `kubectl drain` (the Scenario's `drain`).
    Eviction,
    /// Deleted by something in the pod's own simulation (kubelet eviction, …).
    Other,
}

impl DeleteReason {
    pub fn as_str(self) -> &'static str {
        match self {
            DeleteReason::ScaleDown => "ScaleDown",
            DeleteReason::NodeFailureEviction => "NodeFailureEviction",
            DeleteReason::Eviction => "Eviction",
            DeleteReason::Other => "Other",
        }
    }
}

/// One pod of the fleet.
#[derive(Clone, Debug)]
pub struct FleetPod {
    /// `<replicaset>-<5 chars>`, as the ReplicaSet controller's generateName gives.
    pub name: String,
    /// Index into [`Fleet::replica_sets`].
    pub replica_set: usize,
    /// The node it was scheduled to (None: it fit no node).
    pub node: Option<String>,
    /// Fleet ms of the create.
    pub created_ms: i64,
    /// The pod's labels (the template's plus `pod-template-hash`).
    pub labels: BTreeMap<String, String>,
    /// Fleet ms of the API DELETE (deletionTimestamp set), and why.
    pub deleted: Option<(i64, DeleteReason)>,
    /// Fleet ms the pod first became Ready.
    pub ready_ms: Option<i64>,
    /// Fleet ms the object left the API.
    pub removed_ms: Option<i64>,
    /// Its simulated history, in **pod** time (t = 0 at `created_ms`).
    pub timeline: Timeline,
    facts: Facts,
    usage: usize,
    /// The scheduler's `FailedScheduling` message when it fit no node.
    unschedulable: Option<String>,
    /// Sorted fleet instants of [`FleetPod::change_times`] (cached).
    changes: Vec<i64>,
}

/// A ReplicaSet of the fleet.
#[derive(Clone, Debug)]
pub struct ReplicaSetInfo {
    /// `<deployment>-<pod-template-hash>` (a bare ReplicaSet: its own name).
    pub name: String,
    pub pod_template_hash: String,
    /// `deployment.kubernetes.io/revision`.
    pub revision: i64,
    pub created_ms: i64,
    /// `spec.replicas` over time: (fleet ms, value), from its creation.
    pub replicas: Vec<(i64, i32)>,
    /// What differs from the first template (`image app=nginx:1.28`, `restartedAt …`).
    pub change: String,
    template: Pod,
    failures: u32,
    /// The `ReplicaFailure` condition's message: set by the first failed create and kept while
    /// creates keep failing (replica_set_utils.go `calculateStatus` sets it only when absent).
    failure: Option<String>,
    retry_at: Option<i64>,
    sync: bool,
    attempts: u32,
}

impl ReplicaSetInfo {
    fn spec(&self) -> i32 {
        self.replicas.last().map_or(0, |r| r.1)
    }

    /// `spec.replicas` at `t_ms`.
    pub fn replicas_at(&self, t_ms: i64) -> i32 {
        let i = self.replicas.partition_point(|r| r.0 <= t_ms);
        i.checked_sub(1).and_then(|i| self.replicas.get(i)).map_or(0, |r| r.1)
    }
}

/// A node of the fleet.
#[derive(Clone, Debug)]
pub struct NodeInfo {
    pub name: String,
    pub zone: Option<String>,
    pub cpu: String,
    pub memory: String,
    pub labels: BTreeMap<String, String>,
    pub fail: Option<NodeFail>,
    /// Fleet ms from which the node is cordoned (`spec.unschedulable`, by the Scenario's `drain`).
    pub cordoned_ms: Option<i64>,
}

/// A Deployment condition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    pub type_: String,
    pub status: String,
    pub reason: String,
    pub message: String,
    pub last_update_ms: i64,
    pub last_transition_ms: i64,
}

/// The Deployment's (or ReplicaSet's) status from `t_ms` on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeploymentStatus {
    pub t_ms: i64,
    /// Non-terminating pods of all its ReplicaSets.
    pub replicas: i32,
    /// Non-terminating pods of the newest ReplicaSet.
    pub updated_replicas: i32,
    pub ready_replicas: i32,
    pub available_replicas: i32,
    pub unavailable_replicas: i32,
    /// Pods with a deletionTimestamp that are still in the API (informational).
    pub terminating_replicas: i32,
    pub conditions: Vec<Condition>,
}

impl DeploymentStatus {
    fn same(&self, o: &DeploymentStatus) -> bool {
        self.replicas == o.replicas
            && self.updated_replicas == o.updated_replicas
            && self.ready_replicas == o.ready_replicas
            && self.available_replicas == o.available_replicas
            && self.unavailable_replicas == o.unavailable_replicas
            && self.conditions == o.conditions
    }
}

/// How the rollout the `kubectl rollout status` transcript watched ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// `successfully rolled out` at this fleet ms.
    Complete(i64),
    /// `exceeded its progress deadline` at this fleet ms.
    DeadlineExceeded(i64),
    /// Still waiting at the end of the run.
    Waiting,
}

/// A `ResourceQuota` as applied.
#[derive(Clone, Debug)]
pub struct QuotaView {
    pub name: String,
    pub hard: BTreeMap<String, String>,
}

/// The pods of a workload over fleet time.
#[derive(Clone, Debug)]
pub struct Fleet {
    /// `Deployment` or `ReplicaSet`.
    pub kind: String,
    pub name: String,
    pub namespace: String,
    /// `spec.replicas` (default 1; at most [`MAX_REPLICAS`]).
    pub replicas: i32,
    pub strategy: Strategy,
    pub min_ready_seconds: i32,
    /// `spec.progressDeadlineSeconds` (default 600).
    pub progress_deadline_seconds: Option<i32>,
    /// The seed used (the Scenario's `seed` wins); pod i is simulated with [`pod_seed`].
    pub seed: u64,
    pub until_ms: i64,
    /// Fleet ms of the rollout (the Scenario's `rollout.at`), if any.
    pub rollout_ms: Option<i64>,
    pub replica_sets: Vec<ReplicaSetInfo>,
    /// In creation order.
    pub pods: Vec<FleetPod>,
    pub nodes: Vec<NodeInfo>,
    /// Deployment and ReplicaSet events (fleet ms; `object` is `deployment/NAME` or
    /// `replicaset/NAME`; the pods' own events are in their timelines).
    pub events: Vec<Event>,
    /// Each change of the status.
    pub status: Vec<DeploymentStatus>,
    /// `kubectl rollout status deployment/NAME` started at the rollout (else at 0): each line
    /// with the fleet ms it is printed at. A final `error: …` line goes to stderr in kubectl.
    pub rollout_status: Vec<(i64, String)>,
    pub outcome: Outcome,
    pub quotas: Vec<QuotaView>,
    /// The `kubectl drain` transcript (the Scenario's `drain`): each line with its fleet ms.
    pub drain: Vec<(i64, String)>,
    /// What was not simulated, said rather than faked.
    pub not_simulated: Vec<String>,
}

/// The engine seed of the `index`-th pod created (SplitMix64 of the fleet seed and index).
pub fn pod_seed(seed: u64, index: usize) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15u64.wrapping_mul(index as u64 + 1));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// What the controllers read from a pod's timeline (pod time).
#[derive(Clone, Debug, Default)]
struct Facts {
    /// Ready condition changes: (τ, ready).
    ready: Vec<(i64, bool)>,
    /// τ of the DELETE, with deletionTimestamp (τ) and its grace seconds.
    deletion: Option<(i64, i64, i64)>,
    /// τ of a terminal phase.
    terminal: Option<i64>,
    removed: Option<i64>,
    /// Restart count at the end (for the scale-down ranking).
    restarts: i32,
    evicted_by_taint: bool,
}

fn facts_of(tl: &Timeline) -> Facts {
    let mut f = Facts { removed: tl.removed_ms, ..Default::default() };
    for c in tl.conditions.iter().filter(|c| c.type_ == "Ready") {
        let r = c.status == "True";
        if f.ready.last().is_none_or(|l| l.1 != r) {
            f.ready.push((c.t_ms, r));
        }
    }
    for s in &tl.snapshots {
        if f.deletion.is_none() {
            if let Some(ts) = s.deletion_timestamp_ms {
                f.deletion = Some((s.t_ms, ts, s.deletion_grace_seconds.unwrap_or(0)));
            }
        }
        if f.terminal.is_none() && (s.phase == "Succeeded" || s.phase == "Failed") {
            f.terminal = Some(s.t_ms);
        }
    }
    f.restarts = tl.snapshots.last().map_or(0, |s| s.containers.iter().map(|c| c.restart_count).max().unwrap_or(0));
    f.evicted_by_taint = tl.events.iter().any(|e| e.reason == "TaintManagerEviction");
    f
}

impl FleetPod {
    fn tau(&self, t: i64) -> i64 {
        t - self.created_ms
    }

    fn exists(&self, t: i64) -> bool {
        self.created_ms <= t && self.facts.removed.is_none_or(|r| self.tau(t) < r)
    }

    /// Has a deletionTimestamp at `t`.
    fn deleting(&self, t: i64) -> bool {
        self.facts.deletion.is_some_and(|d| self.tau(t) >= d.0)
    }

    fn terminal(&self, t: i64) -> bool {
        self.facts.terminal.is_some_and(|x| self.tau(t) >= x)
    }

    /// `controller.IsPodActive`: exists, not terminal, no deletionTimestamp.
    pub fn active(&self, t: i64) -> bool {
        self.exists(t) && !self.deleting(t) && !self.terminal(t)
    }

    /// Ready at `t`, and since when (fleet ms).
    fn ready_since(&self, t: i64) -> Option<i64> {
        let tau = self.tau(t);
        let i = self.facts.ready.partition_point(|r| r.0 <= tau);
        let (at, ready) = *self.facts.ready.get(i.checked_sub(1)?)?;
        ready.then_some(at + self.created_ms)
    }

    pub fn ready(&self, t: i64) -> bool {
        self.exists(t) && self.ready_since(t).is_some()
    }

    /// `podutil.IsPodAvailable` at `t`.
    pub fn available(&self, t: i64, min_ready_s: i32) -> bool {
        if !self.exists(t) {
            return false;
        }
        match self.ready_since(t) {
            None => false,
            Some(_) if min_ready_s <= 0 => true,
            Some(since) => t > engine::util::trunc_s(since) + i64::from(min_ready_s) * 1000,
        }
    }

    /// Counts in a quota at `t` (`QuotaV1Pod`): not terminal, and not past deletionTimestamp + grace.
    fn charged(&self, t: i64) -> bool {
        if !self.exists(t) || self.terminal(t) {
            return false;
        }
        match self.facts.deletion {
            Some((at, ts, grace)) if self.tau(t) >= at => self.tau(t) <= ts + grace * 1000,
            _ => true,
        }
    }

    fn state(&self, t: i64) -> Option<&PodState> {
        let tau = self.tau(t);
        let i = self.timeline.snapshots.partition_point(|s| s.t_ms <= tau);
        self.timeline.snapshots.get(i.checked_sub(1)?)
    }

    /// Every fleet instant at which something the controllers read changes.
    fn change_times(&self, min_ready_s: i32, out: &mut Vec<i64>) {
        let c = self.created_ms;
        out.push(c);
        for (tau, r) in &self.facts.ready {
            out.push(c + tau);
            if *r && min_ready_s > 0 {
                out.push(engine::util::trunc_s(c + tau) + i64::from(min_ready_s) * 1000 + 1);
            }
        }
        if let Some(d) = self.facts.deletion {
            out.push(c + d.0);
            out.push(c + d.1 + d.2 * 1000 + 1);
        }
        if let Some(x) = self.facts.terminal {
            out.push(c + x);
        }
        if let Some(x) = self.facts.removed {
            out.push(c + x);
        }
    }
}

impl Fleet {
    /// Every pod as the traffic layer reads it: name, creation (fleet ms), timeline (pod ms),
    /// labels, its revision's pod template (the ports and probes the Service's `targetPort`
    /// and the EndpointSlice read) and when its node lost power (a `nodes[].fail` of mode
    /// `Unreachable` after it was created).
    pub fn pod_views(&self) -> impl Iterator<Item = crate::traffic::Backend<'_>> {
        self.pods.iter().filter_map(|p| {
            Some(crate::traffic::Backend {
                name: &p.name,
                created_ms: p.created_ms,
                timeline: &p.timeline,
                labels: &p.labels,
                pod: &self.replica_sets.get(p.replica_set)?.template,
                node_down_ms: p
                    .node
                    .as_ref()
                    .and_then(|n| self.nodes.iter().find(|m| m.name == *n))
                    .and_then(|n| n.fail.as_ref())
                    .and_then(|f| f.power_lost_for(p.created_ms)),
            })
        })
    }

    /// The status at `t_ms`.
    pub fn status_at(&self, t_ms: i64) -> Option<&DeploymentStatus> {
        let i = self.status.partition_point(|s| s.t_ms <= t_ms);
        self.status.get(i.checked_sub(1)?)
    }

    /// Pods available at `t_ms` (any ReplicaSet).
    pub fn available_at(&self, t_ms: i64) -> i32 {
        self.pods.iter().filter(|p| p.active(t_ms) && p.available(t_ms, self.min_ready_seconds)).count() as i32
    }

    /// Non-terminating pods at `t_ms` (any ReplicaSet).
    pub fn active_at(&self, t_ms: i64) -> i32 {
        self.pods.iter().filter(|p| p.active(t_ms)).count() as i32
    }

    /// The fleet as JSON (`podlife fleet -o json`; the shape is documented in README.md).
    pub fn to_json(&self) -> Json {
        render::to_json(self)
    }

    /// `kubectl get deploy NAME` at `t_ms` (NAME READY UP-TO-DATE AVAILABLE AGE; AGE from the
    /// Deployment's creation at 0).
    pub fn get_deploy(&self, t_ms: i64) -> String {
        render::get_deploy(self, t_ms)
    }

    /// `kubectl get rs` at `t_ms` (NAME DESIRED CURRENT READY AGE).
    pub fn get_rs(&self, t_ms: i64) -> String {
        render::get_rs(self, t_ms)
    }

    /// The text report of `podlife fleet`.
    /// The strategy with maxSurge/maxUnavailable resolved, e.g. `RollingUpdate (maxSurge 1, maxUnavailable 0)`.
    pub fn strategy_text(&self) -> String {
        render::strategy_text(self)
    }

    /// A fleet time as `to_text` prints it (`1:02.870`).
    pub fn clock(t_ms: i64) -> String {
        render::at(t_ms)
    }

    pub fn to_text(&self) -> String {
        render::to_text(self)
    }
}

// ------------------------------------------------------------------------------- reading

fn int_at(root: &YNode, path: &str) -> Option<i64> {
    match root.at_path(path)?.value {
        YValue::Int(i) => Some(i),
        _ => None,
    }
}

fn int_or_string_at(root: &YNode, path: &str) -> Option<IntOrString> {
    match &root.at_path(path)?.value {
        YValue::Int(i) => Some(IntOrString::Int(i32::try_from(*i).unwrap_or(i32::MAX))),
        YValue::Str(s) => Some(IntOrString::String(s.clone())),
        _ => None,
    }
}

fn strategy_of(root: &YNode) -> Strategy {
    if root.at_path("spec.strategy.type").and_then(YNode::as_str) == Some("Recreate") {
        return Strategy::Recreate;
    }
    Strategy::RollingUpdate {
        max_surge: int_or_string_at(root, "spec.strategy.rollingUpdate.maxSurge")
            .unwrap_or_else(|| IntOrString::String("25%".into())),
        max_unavailable: int_or_string_at(root, "spec.strategy.rollingUpdate.maxUnavailable")
            .unwrap_or_else(|| IntOrString::String("25%".into())),
    }
}

fn nodes_of(s: &Scenario) -> Vec<NodeInfo> {
    // The single `node` is read as a one-node list: one way of building a `NodeInfo`.
    let single;
    let list: &[FleetNodeScenario] = if s.nodes.is_empty() {
        let n = &s.node;
        single = [FleetNodeScenario {
            name: n.name.clone().unwrap_or_else(|| "node-1".into()),
            cpu: n.cpu.clone(),
            memory: n.memory.clone(),
            fail: n.fail.clone(),
            ..Default::default()
        }];
        &single
    } else {
        &s.nodes
    };
    list.iter()
        .map(|n| {
            // Maps are built by insertion: a `collect` into a map pulls a stable sort per entry
            // type into the page's wasm.
            let mut labels = n.labels.clone();
            labels.insert("kubernetes.io/hostname".into(), n.name.clone());
            if let Some(z) = &n.zone {
                labels.insert("topology.kubernetes.io/zone".into(), z.clone());
            }
            NodeInfo {
                name: n.name.clone(),
                zone: n.zone.clone(),
                cpu: n.cpu.clone().unwrap_or_else(|| "4".into()),
                memory: n.memory.clone().unwrap_or_else(|| "16Gi".into()),
                labels,
                fail: n.fail.clone(),
                cordoned_ms: None,
            }
        })
        .collect()
}

/// The multi-pod workload of the paste: its first valid Deployment or ReplicaSet.
pub fn workload_doc(parsed: &Parsed) -> Option<&PodDoc> {
    parsed.pods.iter().find(|p| (p.kind == "Deployment" || p.kind == "ReplicaSet") && p.is_valid())
}

/// Simulates the paste's Deployment (or ReplicaSet) and its pods. `None` when the paste has
/// no valid Deployment or ReplicaSet. Pure: same input and seed ⇒ identical fleet.
pub fn simulate(parsed: &Parsed, seed: u64) -> Option<Fleet> {
    simulate_with(parsed, &parsed.scenario, seed)
}

/// [`simulate`] under `scenario` instead of the paste's.
pub(crate) fn simulate_with(parsed: &Parsed, scenario: &Scenario, seed: u64) -> Option<Fleet> {
    let doc = workload_doc(parsed)?;
    let mut sim = FleetSim::new(parsed, scenario, doc, seed);
    sim.run();
    Some(sim.fleet)
}

// ------------------------------------------------------------------------------- simulation

struct FleetSim<'a> {
    fleet: Fleet,
    scenario: &'a Scenario,
    doc: &'a PodDoc,
    budgets: &'a [objects::DisruptionBudget],
    /// Next `kubectl drain` eviction round (every 5 s while pods remain).
    drain_next: Option<i64>,
    drain_started: bool,
    quotas: &'a [objects::ResourceQuota],
    usages: Vec<VecMap<String, Quantity>>,
    deployment: bool,
    /// The Deployment's current template (index into replica_sets of the RS that has it, once created).
    template: Pod,
    template_hash: String,
    template_change: String,
    progressing: Option<Condition>,
    cap_noted: bool,
}

/// Whether `n` has the topology key of every hard spread constraint of the pod.
fn spread_keys_present(template: &Pod, n: &NodeInfo) -> bool {
    template.spec.as_ref().is_none_or(|s| {
        s.topology_spread_constraints
            .iter()
            .flatten()
            .filter(|c| c.when_unsatisfiable == "DoNotSchedule")
            .all(|c| n.labels.contains_key(&c.topology_key))
    })
}

fn pod_labels(p: &Pod) -> BTreeMap<String, String> {
    p.metadata.labels.clone().unwrap_or_default()
}

impl<'a> FleetSim<'a> {
    fn new(parsed: &'a Parsed, scenario: &'a Scenario, doc: &'a PodDoc, seed: u64) -> FleetSim<'a> {
        let deployment = doc.kind == "Deployment";
        let mut not_simulated = Vec::new();
        let mut replicas = int_at(&doc.root, "spec.replicas").unwrap_or(1).clamp(0, i64::from(i32::MAX)) as i32;
        if replicas > MAX_REPLICAS {
            not_simulated.push(format!("spec.replicas is {replicas}: only {MAX_REPLICAS} replicas are simulated"));
            replicas = MAX_REPLICAS;
        }
        let until = scenario.until.map_or(DEFAULT_UNTIL_MS, |m| m.0).clamp(0, MAX_UNTIL_MS);
        if scenario.until.is_some_and(|m| m.0 > MAX_UNTIL_MS) {
            not_simulated.push("a fleet is simulated for at most 24 h".into());
        }
        let strategy = if deployment { strategy_of(&doc.root) } else { Strategy::Recreate };
        if let Strategy::RollingUpdate { max_surge, max_unavailable } = &strategy {
            // The API server's validation (ValidateRollingUpdateDeployment) would refuse these.
            match util::resolve_fenceposts(Some(max_surge), Some(max_unavailable), replicas.max(1)) {
                Err(e) => not_simulated.push(format!(
                    "spec.strategy.rollingUpdate: {e}: the API server would reject this Deployment; simulated as 0"
                )),
                Ok(_) if util::scaled_value(max_surge, 100, true) == Ok(0)
                    && util::scaled_value(max_unavailable, 100, false) == Ok(0) =>
                {
                    not_simulated.push("spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0 (the API server would reject this Deployment; simulated with maxUnavailable 1, as the controller's ResolveFenceposts does)".into())
                }
                Ok(_) => {}
            }
        }
        let min_ready = int_at(&doc.root, "spec.minReadySeconds").unwrap_or(0).clamp(0, i64::from(i32::MAX)) as i32;
        let progress = if deployment {
            Some(int_at(&doc.root, "spec.progressDeadlineSeconds").unwrap_or(600).clamp(0, i64::from(i32::MAX)) as i32)
        } else {
            None
        };
        if let Some(spec) = doc.pod.spec.as_ref() {
            if spec.affinity.is_some() {
                not_simulated.push("scheduling: affinity is not simulated; pods go to the matching node (nodeName, nodeSelector, topologySpreadConstraints with DoNotSchedule) with the fewest of the workload's pods in its zone, then on itself".into());
            }
            if spec.topology_spread_constraints.iter().flatten().any(|c| c.when_unsatisfiable != "DoNotSchedule") {
                not_simulated.push("scheduling: topologySpreadConstraints with whenUnsatisfiable ScheduleAnyway are not scored as such; the scheduler's own preference for the zone, then the node, with the fewest of the workload's pods stands for them".into());
            }
        }
        if doc.root.at_path("spec.paused").is_some_and(|n| n.value == YValue::Bool(true)) {
            not_simulated.push("spec.paused: a paused Deployment is simulated as not paused".into());
        }
        if scenario.delete.is_some() {
            not_simulated.push(
                "the Scenario's delete applies to a single pod (`podlife simulate`), not to a workload's pods".into(),
            );
        }
        if let Some(r) = &scenario.rollout {
            if !deployment {
                not_simulated.push("a rollout applies to a Deployment; a ReplicaSet does not roll out".into());
            }
            let names: Vec<&str> = doc
                .pod
                .spec
                .iter()
                .flat_map(|s| s.containers.iter().chain(s.init_containers.iter().flatten()))
                .map(|c| c.name.as_str())
                .collect();
            for c in r.image.keys() {
                if !names.contains(&c.as_str()) {
                    not_simulated.push(format!("rollout.image: error: unable to find container named \"{c}\""));
                }
            }
        }
        let template_hash =
            doc.pod.metadata.labels.as_ref().and_then(|l| l.get("pod-template-hash").cloned()).unwrap_or_default();
        // Borrowed from the paste (a clone pulled `Vec<ResourceQuota>::clone` into the page's wasm).
        let quotas: &'a [objects::ResourceQuota] = &parsed.objects.quotas;
        for q in quotas {
            if q.scoped {
                not_simulated.push(format!(
                    "ResourceQuota {}: scopes and scopeSelector are not simulated (the quota is not applied)",
                    q.name
                ));
            }
            for k in q.hard.keys() {
                if !quota::RESOURCES.contains(&k.as_str()) {
                    not_simulated.push(format!("ResourceQuota {}: {k} is not charged by podlife", q.name));
                }
            }
        }
        if !parsed.objects.budgets.is_empty() && scenario.drain.is_none() {
            not_simulated.push(
                "PodDisruptionBudget: only the Eviction API (the Scenario's drain) consults it; controllers' deletes ignore it, as upstream"
                    .into(),
            );
        }
        let fleet = Fleet {
            kind: doc.kind.clone(),
            name: doc.name.clone(),
            namespace: doc.pod.metadata.namespace.clone().unwrap_or_else(|| "default".into()),
            replicas,
            strategy,
            min_ready_seconds: min_ready,
            progress_deadline_seconds: progress,
            seed: scenario.seed.unwrap_or(seed),
            until_ms: until,
            rollout_ms: scenario.rollout.as_ref().filter(|_| deployment).map(|r| r.at.0.clamp(0, until)),
            replica_sets: Vec::new(),
            pods: Vec::new(),
            nodes: nodes_of(scenario),
            events: Vec::new(),
            status: Vec::new(),
            rollout_status: Vec::new(),
            outcome: Outcome::Waiting,
            quotas: quotas
                .iter()
                .map(|q| {
                    let mut hard = BTreeMap::new();
                    for (k, v) in &q.hard {
                        hard.insert(k.clone(), v.to_string());
                    }
                    QuotaView { name: q.name.clone(), hard }
                })
                .collect(),
            drain: Vec::new(),
            not_simulated,
        };
        let budgets = &parsed.objects.budgets;
        FleetSim {
            fleet,
            scenario,
            doc,
            budgets,
            drain_next: scenario.drain.as_ref().map(|d| d.at.0.clamp(0, until)),
            drain_started: false,
            usages: Vec::new(),
            quotas,
            deployment,
            template: doc.read_pod_again(),
            template_hash,
            template_change: String::new(),
            progressing: None,
            cap_noted: false,
        }
    }

    /// An event of the Deployment (`rs` None, from the deployment controller) or of ReplicaSet `rs`.
    fn event(&mut self, t: i64, type_: &str, reason: &str, rs: Option<usize>, message: String) {
        let (kind, name) = match rs.and_then(|r| self.fleet.replica_sets.get(r)) {
            Some(r) => ("replicaset", &r.name),
            None => ("deployment", &self.fleet.name),
        };
        let object = format!("{kind}/{name}");
        let from = format!("{kind}-controller");
        self.fleet.events.push(Event { t_ms: t, type_: type_.into(), reason: reason.into(), object, message, from });
    }

    /// The Deployment's template after the rollout at `t`: new images or the restartedAt annotation.
    fn roll_template(&mut self, t: i64) {
        let Some(r) = self.scenario.rollout.as_ref() else { return };
        let mut pod = self.doc.read_pod_again();
        let mut change = Vec::new();
        if let Some(spec) = pod.spec.as_mut() {
            for c in spec.containers.iter_mut().chain(spec.init_containers.iter_mut().flatten()) {
                if let Some(img) = r.image.get(&c.name) {
                    c.image = Some(img.clone());
                    change.push(format!("{}={img}", c.name));
                }
            }
        }
        let mut key = self.doc.root.at_path("spec.template").map(YNode::canonical).unwrap_or_default();
        let change = if change.is_empty() { String::new() } else { format!("image {}", change.join(",")) };
        key.push_str(&change);
        let mut change = change;
        if r.restart {
            let at = crate::engine::timeline::timestamp(t).to_string();
            pod.metadata
                .annotations
                .get_or_insert_with(Default::default)
                .insert("kubectl.kubernetes.io/restartedAt".into(), at.clone());
            key.push_str(&format!("restartedAt={at}"));
            if !change.is_empty() {
                change.push_str("; ");
            }
            change.push_str(&format!("restartedAt {at}"));
        }
        if change.is_empty() {
            // The same template: no new ReplicaSet (a no-op apply).
            return;
        }
        // `ComputeHash(template, collisionCount)`: retry with a collision count on a clash.
        let mut hash = safe_encode(&fnv32a(key.as_bytes()).to_string());
        let mut n = 0u32;
        while hash == self.template_hash || self.fleet.replica_sets.iter().any(|r| r.pod_template_hash == hash) {
            n += 1;
            hash = safe_encode(&fnv32a(format!("{key}#{n}").as_bytes()).to_string());
        }
        if let Some(l) = pod.metadata.labels.as_mut() {
            l.insert("pod-template-hash".into(), hash.clone());
        }
        let rs = format!("{}-{hash}", self.fleet.name);
        if let Some(o) = pod.metadata.owner_references.as_mut().and_then(|o| o.first_mut()) {
            o.name = rs;
        }
        self.template = pod;
        self.template_hash = hash;
        self.template_change = change;
    }

    fn new_rs(&self) -> Option<usize> {
        self.fleet.replica_sets.iter().position(|r| r.pod_template_hash == self.template_hash)
    }

    fn create_rs(&mut self, t: i64, replicas: i32) -> usize {
        let name = if self.deployment {
            format!("{}-{}", self.fleet.name, self.template_hash)
        } else {
            self.fleet.name.clone()
        };
        let revision = self.fleet.replica_sets.iter().map(|r| r.revision).max().unwrap_or(0) + 1;
        let usage = self.usages.len();
        self.usages.push(quota::pod_usage(self.template.spec.as_ref().unwrap_or(&Default::default())));
        let _ = usage;
        self.fleet.replica_sets.push(ReplicaSetInfo {
            name,
            pod_template_hash: self.template_hash.clone(),
            revision,
            created_ms: t,
            replicas: vec![(t, replicas)],
            change: self.template_change.clone(),
            // Moved, not cloned (no `Pod::clone` in the wasm): each template gets one
            // ReplicaSet (`roll_template` never repeats a hash), made once.
            template: std::mem::take(&mut self.template),
            failures: 0,
            failure: None,
            retry_at: None,
            sync: true,
            attempts: 0,
        });
        self.fleet.replica_sets.len() - 1
    }

    fn scale(&mut self, t: i64, rs: usize, to: i32) -> bool {
        let from = self.fleet.replica_sets[rs].spec();
        if from == to {
            return false;
        }
        let r = &mut self.fleet.replica_sets[rs];
        if r.replicas.last().is_some_and(|x| x.0 == t) {
            r.replicas.pop();
        }
        r.replicas.push((t, to));
        r.sync = true;
        let name = r.name.clone();
        let dir = if to > from { "up" } else { "down" };
        self.event(
            t,
            "Normal",
            "ScalingReplicaSet",
            None,
            format!("Scaled {dir} replica set {name} from {from} to {to}"),
        );
        true
    }

    // Counts (active, ready, available) over a ReplicaSet's pods at t; [`ALL_RS`]: every pod.
    fn rs_counts(&self, rs: usize, t: i64) -> (i32, i32, i32) {
        let mut n = (0, 0, 0);
        for p in self.fleet.pods.iter().filter(|p| (rs == ALL_RS || p.replica_set == rs) && p.active(t)) {
            n.0 += 1;
            if p.ready(t) {
                n.1 += 1;
                if p.available(t, self.fleet.min_ready_seconds) {
                    n.2 += 1;
                }
            }
        }
        n
    }

    /// The Deployment creates its new ReplicaSet with `n` replicas (both strategies). True.
    fn create_new_rs(&mut self, t: i64, n: i32) -> bool {
        let rs = self.create_rs(t, n);
        let name = self.fleet.replica_sets[rs].name.clone();
        if n > 0 {
            self.event(t, "Normal", "ScalingReplicaSet", None, format!("Scaled up replica set {name} from 0 to {n}"));
        }
        self.set_progressing(t, "True", "NewReplicaSetCreated", format!("Created new replica set \"{name}\""), true);
        true
    }

    /// One Deployment sync (`syncDeployment` → `rolloutRolling` / `rolloutRecreate`). True when it changed something.
    fn sync_deployment(&mut self, t: i64) -> bool {
        let d_replicas = self.fleet.replicas;
        let new = self.new_rs();
        let olds: Vec<usize> = (0..self.fleet.replica_sets.len()).filter(|&i| Some(i) != new).collect();
        let spec_sum = |s: &Self| s.fleet.replica_sets.iter().map(ReplicaSetInfo::spec).sum::<i32>();
        match self.fleet.strategy.clone() {
            Strategy::RollingUpdate { .. } => {
                let Some(new) = new else {
                    let all = spec_sum(self);
                    let n = util::new_rs_new_replicas(&self.fleet.strategy, d_replicas, all, 0);
                    return self.create_new_rs(t, n);
                };
                // reconcileNewReplicaSet
                let cur = self.fleet.replica_sets[new].spec();
                if cur != d_replicas {
                    let to = if cur > d_replicas {
                        d_replicas
                    } else {
                        util::new_rs_new_replicas(&self.fleet.strategy, d_replicas, spec_sum(self), cur)
                    };
                    if self.scale(t, new, to) {
                        return true;
                    }
                }
                // reconcileOldReplicaSets
                let mut active_olds: Vec<usize> =
                    olds.iter().copied().filter(|&r| self.fleet.replica_sets[r].spec() > 0).collect();
                let old_count: i32 = active_olds.iter().map(|&r| self.fleet.replica_sets[r].spec()).sum();
                if old_count == 0 {
                    return false;
                }
                let all_count = spec_sum(self);
                let max_unavailable = util::max_unavailable(&self.fleet.strategy, d_replicas);
                let min_available = d_replicas - max_unavailable;
                let new_unavailable = self.fleet.replica_sets[new].spec() - self.rs_counts(new, t).2;
                let max_scaled_down = all_count - min_available - new_unavailable;
                if max_scaled_down <= 0 {
                    return false;
                }
                // cleanupUnhealthyReplicas: oldest first.
                let sets = &self.fleet.replica_sets;
                crate::sort::by(&mut active_olds, |&a, &b| (sets[a].created_ms, a).cmp(&(sets[b].created_ms, b)));
                let mut cleaned = 0;
                for &r in &active_olds {
                    if cleaned >= max_scaled_down {
                        break;
                    }
                    let spec = self.fleet.replica_sets[r].spec();
                    let avail = self.rs_counts(r, t).2;
                    if spec == 0 || spec == avail {
                        continue;
                    }
                    let down = (max_scaled_down - cleaned).min(spec - avail);
                    self.scale(t, r, spec - down);
                    cleaned += down;
                }
                // scaleDownOldReplicaSetsForRollingUpdate
                let available = self.rs_counts(ALL_RS, t).2;
                let mut scaled = 0;
                if available > min_available {
                    let total = available - min_available;
                    for &r in &active_olds {
                        if scaled >= total {
                            break;
                        }
                        let spec = self.fleet.replica_sets[r].spec();
                        if spec == 0 {
                            continue;
                        }
                        let down = spec.min(total - scaled);
                        self.scale(t, r, spec - down);
                        scaled += down;
                    }
                }
                cleaned + scaled > 0
            }
            Strategy::Recreate => {
                let mut changed = false;
                for &r in &olds {
                    changed |= self.scale(t, r, 0);
                }
                if changed {
                    return true;
                }
                // oldPodsRunning: any pod of an old ReplicaSet still in the API and not terminal.
                let running =
                    self.fleet.pods.iter().any(|p| Some(p.replica_set) != new && p.exists(t) && !p.terminal(t));
                if running {
                    return false;
                }
                match new {
                    None => self.create_new_rs(t, d_replicas),
                    Some(n) => self.scale(t, n, d_replicas),
                }
            }
        }
    }

    fn set_progressing(&mut self, t: i64, status: &str, reason: &str, message: String, force: bool) {
        if self.fleet.progress_deadline_seconds.is_none() && !force {
            return;
        }
        let transition = match &self.progressing {
            Some(c) if c.status == status => c.last_transition_ms,
            _ => t,
        };
        self.progressing = Some(Condition {
            type_: "Progressing".into(),
            status: status.into(),
            reason: reason.into(),
            message,
            last_update_ms: t,
            last_transition_ms: transition,
        });
    }

    /// Quota use at `t` (every pod of the fleet that `QuotaV1Pod` charges; the same for every quota).
    fn quota_used(&self, t: i64) -> VecMap<String, Quantity> {
        let mut total = VecMap::new();
        for p in self.fleet.pods.iter().filter(|p| p.charged(t)) {
            if let Some(u) = self.usages.get(p.usage) {
                quota::add_into(&mut total, u);
            }
        }
        total
    }

    fn fits(&self, node: &NodeInfo, t: i64, usage: &VecMap<String, Quantity>) -> bool {
        self.short(node, t, usage).is_empty()
    }

    /// The node's resources the pod's requests do not fit in (`NodeResourcesFit`).
    fn short(&self, node: &NodeInfo, t: i64, usage: &VecMap<String, Quantity>) -> Vec<&'static str> {
        let mut used = VecMap::new();
        for p in
            self.fleet.pods.iter().filter(|p| p.node.as_deref() == Some(&node.name) && p.exists(t) && !p.terminal(t))
        {
            if let Some(u) = self.usages.get(p.usage) {
                quota::add_into(&mut used, u);
            }
        }
        quota::add_into(&mut used, usage);
        let cap = |s: &str| Quantity::parse(s).ok();
        let ok = |k: &str, c: Option<Quantity>| match (used.get(k), c) {
            (Some(u), Some(c)) => *u <= c,
            _ => true,
        };
        let mut out = Vec::new();
        if !ok("requests.cpu", cap(&node.cpu)) {
            out.push("Insufficient cpu");
        }
        if !ok("requests.memory", cap(&node.memory)) {
            out.push("Insufficient memory");
        }
        out
    }

    /// PodTopologySpread's Filter for the pod's hard constraints (`whenUnsatisfiable:
    /// DoNotSchedule`), `pkg/scheduler/framework/plugins/podtopologyspread/filtering.go`: the
    /// pods matching the constraint's `labelSelector` (plus `matchLabelKeys`) and not
    /// terminating are counted per topology domain over the nodes the inclusion policies admit
    /// (`nodeAffinityPolicy` Honor: the pod's nodeSelector; `nodeTaintsPolicy` Ignore: tainted —
    /// failed or cordoned — nodes count too, by default); placing the pod on `n` must keep
    /// `count(domain of n) + self − min(count over domains)` ≤ `maxSkew` (the minimum is 0 while
    /// there are fewer domains than `minDomains`). A node without the key is refused.
    fn spread_ok(&self, t: i64, template: &Pod, n: &NodeInfo) -> bool {
        let Some(spec) = template.spec.as_ref() else { return true };
        let own = pod_labels(template);
        let node_selector = spec.node_selector.as_ref();
        let hard: Vec<_> = spec
            .topology_spread_constraints
            .iter()
            .flatten()
            .filter(|c| c.when_unsatisfiable == "DoNotSchedule")
            .collect();
        // Only nodes with every constraint's key are domains (`nodeLabelsMatchSpreadConstraints`).
        let has_keys = |m: &NodeInfo| hard.iter().all(|c| m.labels.contains_key(&c.topology_key));
        for c in hard.iter().copied() {
            let key = c.topology_key.as_str();
            let Some(value) = n.labels.get(key) else { return false };
            // A nil labelSelector matches nothing (LabelSelectorAsSelector(nil)).
            let mut sel = match (&c.label_selector, &c.match_label_keys) {
                (Some(s), _) => s.clone(),
                (None, Some(k)) if !k.is_empty() => Default::default(),
                (None, _) => continue,
            };
            for k in c.match_label_keys.iter().flatten() {
                if let Some(v) = own.get(k) {
                    sel.match_labels.get_or_insert_with(BTreeMap::new).insert(k.clone(), v.clone());
                }
            }
            // An empty selector counts no pod (`countPodsMatchSelector`): the skew is at most 1.
            if sel.match_labels.as_ref().is_none_or(|m| m.is_empty())
                && sel.match_expressions.as_ref().is_none_or(|m| m.is_empty())
            {
                continue;
            }
            let honor_taints = c.node_taints_policy.as_deref() == Some("Honor");
            let ignore_affinity = c.node_affinity_policy.as_deref() == Some("Ignore");
            let included = |m: &NodeInfo| {
                has_keys(m)
                    && (ignore_affinity || node_selector.into_iter().flatten().all(|(k, v)| m.labels.get(k) == Some(v)))
                    && !(honor_taints
                        && (m.fail.as_ref().is_some_and(|f| f.at.0 <= t) || m.cordoned_ms.is_some_and(|x| x <= t)))
            };
            // Counted as `usize`: the shape of the other `&str`-keyed counts (one map instance).
            let mut counts: VecMap<&str, usize> = VecMap::new();
            for m in self.fleet.nodes.iter().filter(|m| included(m)) {
                let d = m.labels.get(key).map_or("", String::as_str);
                let here = self
                    .fleet
                    .pods
                    .iter()
                    .filter(|p| {
                        p.active(t)
                            && p.node.as_deref() == Some(m.name.as_str())
                            && crate::validation::selector_matches(&sel, Some(&p.labels))
                    })
                    .count();
                *counts.entry(d).or_default() += here;
            }
            let mut min = counts.values().copied().min().unwrap_or(0) as i32;
            if c.min_domains.is_some_and(|md| (counts.len() as i32) < md) {
                min = 0;
            }
            let self_match = i32::from(crate::validation::selector_matches(&sel, Some(&own)));
            let skew = counts.get(value.as_str()).copied().unwrap_or(0) as i32 + self_match - min;
            if skew > c.max_skew {
                return false;
            }
        }
        true
    }

    /// Why a pod fits no node, as the scheduler's `FailedScheduling` message says it
    /// (`FitError.Error`, `pkg/scheduler/framework/types.go`: reasons counted per node and
    /// sorted; then the preemption post-filter's summary).
    fn unschedulable_message(&self, t: i64, template: &Pod, usage: &VecMap<String, Quantity>) -> String {
        let spec = template.spec.as_ref();
        let selector = spec.and_then(|s| s.node_selector.as_ref());
        let node_name = spec.and_then(|s| s.node_name.as_ref());
        let mut reasons: VecMap<&str, usize> = VecMap::new();
        let (mut hopeless, mut resources) = (0, 0);
        for n in &self.fleet.nodes {
            // The default profile's filters in order; the first that fails names the node's reason.
            let why = if n.cordoned_ms.is_some_and(|c| c <= t) {
                "node(s) were unschedulable"
            } else if node_name.is_some_and(|x| *x != n.name) {
                "node(s) didn't match the requested node name"
            } else if n.fail.as_ref().is_some_and(|f| f.at.0 <= t) {
                if n.fail.as_ref().is_some_and(|f| f.mode == crate::engine::scenario::NodeFailMode::NotReady) {
                    "node(s) had untolerated taint {node.kubernetes.io/not-ready: }"
                } else {
                    "node(s) had untolerated taint {node.kubernetes.io/unreachable: }"
                }
            } else if !selector.into_iter().flatten().all(|(k, v)| n.labels.get(k) == Some(v)) {
                "node(s) didn't match Pod's node affinity/selector"
            } else if !spread_keys_present(template, n) {
                "node(s) didn't match pod topology spread constraints (missing required label)"
            } else {
                resources += 1;
                let short = self.short(n, t, usage);
                if short.is_empty() {
                    *reasons.entry("node(s) didn't match pod topology spread constraints").or_default() += 1;
                }
                for r in short {
                    *reasons.entry(r).or_default() += 1;
                }
                continue;
            };
            hopeless += 1;
            *reasons.entry(why).or_default() += 1;
        }
        let n = self.fleet.nodes.len();
        let list: Vec<String> = reasons.iter().map(|(r, c)| format!("{c} {r}")).collect();
        engine::util::fit_error(n, &list, resources, hopeless)
    }

    /// The scheduler: nodes that have not failed, match `nodeName` / `nodeSelector` and fit the
    /// requests; the one with the fewest pods of this workload in its zone, then on itself
    /// (the default PodTopologySpread soft constraints' effect), then by name.
    fn schedule(&self, t: i64, template: &Pod, usage: &VecMap<String, Quantity>) -> Option<usize> {
        let spec = template.spec.as_ref();
        let selector = spec.and_then(|s| s.node_selector.as_ref());
        let node_name = spec.and_then(|s| s.node_name.as_ref());
        let mut best: Option<(i32, i32, usize)> = None;
        for (i, n) in self.fleet.nodes.iter().enumerate() {
            if n.fail.as_ref().is_some_and(|f| f.at.0 <= t) || n.cordoned_ms.is_some_and(|c| c <= t) {
                continue;
            }
            if node_name.is_some_and(|x| *x != n.name)
                || !selector.into_iter().flatten().all(|(k, v)| n.labels.get(k) == Some(v))
            {
                continue;
            }
            if !self.fits(n, t, usage) || !self.spread_ok(t, template, n) {
                continue;
            }
            let on = |p: &FleetPod, f: &dyn Fn(&NodeInfo) -> bool| {
                p.active(t)
                    && p.node.as_ref().and_then(|x| self.fleet.nodes.iter().find(|m| m.name == *x)).is_some_and(f)
            };
            let zone = if n.zone.is_some() {
                self.fleet.pods.iter().filter(|p| on(p, &|m| m.zone == n.zone)).count() as i32
            } else {
                0
            };
            let host = self.fleet.pods.iter().filter(|p| on(p, &|m| m.name == n.name)).count() as i32;
            if best.is_none_or(|b| (zone, host) < (b.0, b.1)) {
                best = Some((zone, host, i));
            }
        }
        best.map(|b| b.2)
    }

    fn pod_scenario(
        &self,
        created: i64,
        node: Option<usize>,
        delete_at: Option<i64>,
        unschedulable: Option<&String>,
    ) -> Scenario {
        let mut s = self.scenario.clone();
        s.seed = None;
        s.rollout = None;
        s.nodes = Vec::new();
        s.until = Some(Millis((self.fleet.until_ms - created).max(0)));
        s.delete = delete_at.map(|at| DeleteScenario { at: Millis(at - created), grace_period_seconds: None });
        let n = node.and_then(|i| self.fleet.nodes.get(i)).or(self.fleet.nodes.first());
        if let Some(n) = n {
            s.node.name = Some(n.name.clone());
            s.node.cpu = Some(n.cpu.clone());
            s.node.memory = Some(n.memory.clone());
            s.node.fail = n
                .fail
                .as_ref()
                .filter(|f| f.at.0 >= created && node.is_some())
                .map(|f| NodeFail { at: Millis(f.at.0 - created), mode: f.mode });
        }
        if node.is_none() {
            // Fits no node: the pod's own scheduler reports it unschedulable, with the fleet
            // scheduler's message; it stays Pending.
            s.node.unschedulable =
                Some(unschedulable.cloned().unwrap_or_else(|| "0/0 nodes are available.".to_string()));
        }
        s
    }

    /// The timeline of pod `index`, named `name`, of ReplicaSet `rs`: the ReplicaSet's
    /// template, named for the pod while simulated (borrowed out and put back: no
    /// `Pod::clone` in the wasm).
    fn simulate_pod(&mut self, rs: usize, index: usize, name: String, scen: &Scenario) -> Timeline {
        let mut pod = std::mem::take(&mut self.fleet.replica_sets[rs].template);
        let template_name = pod.metadata.name.replace(name);
        let timeline = engine::simulate(&pod, scen, pod_seed(self.fleet.seed, index));
        pod.metadata.name = template_name;
        self.fleet.replica_sets[rs].template = pod;
        timeline
    }

    /// One ReplicaSet sync (`manageReplicas`). True when it created or deleted pods.
    fn sync_rs(&mut self, t: i64, rs: usize) -> bool {
        self.fleet.replica_sets[rs].sync = false;
        let spec = self.fleet.replica_sets[rs].spec();
        let active: Vec<usize> = (0..self.fleet.pods.len())
            .filter(|&i| self.fleet.pods[i].replica_set == rs && self.fleet.pods[i].active(t))
            .collect();
        let diff = active.len() as i32 - spec;
        let mut created = false;
        if diff < 0 {
            let mut remaining = (-diff).min(BURST_REPLICAS);
            let mut batch = 1;
            let mut failed = false;
            while remaining > 0 && !failed {
                let n = batch.min(remaining);
                for _ in 0..n {
                    match self.create_pod(t, rs) {
                        Ok(()) => created = true,
                        Err(()) => failed = true,
                    }
                }
                remaining -= n;
                batch *= 2;
            }
            let r = &mut self.fleet.replica_sets[rs];
            if failed {
                // The work queue's per-item exponential back-off: 5 ms × 2^(failures), at most 1000 s.
                let delay = 5i64.saturating_mul(1i64 << r.failures.min(20)).min(1_000_000);
                r.failures += 1;
                r.retry_at = Some(t + delay);
                return created;
            }
        }
        // A sync without a failed create ends the back-off.
        let r = &mut self.fleet.replica_sets[rs];
        r.failures = 0;
        r.failure = None;
        r.retry_at = None;
        if diff < 0 {
            return created;
        }
        if diff > 0 {
            let victims = self.pods_to_delete(t, rs, &active, diff.min(BURST_REPLICAS) as usize);
            for v in victims {
                self.delete_pod(t, v, DeleteReason::ScaleDown);
                let name = self.fleet.pods[v].name.clone();
                self.event(t, "Normal", "SuccessfulDelete", Some(rs), format!("Deleted pod: {name}"));
            }
            return true;
        }
        false
    }

    /// `getPodsToDelete`: ranked by `controller.ActivePodsWithRanks` (unscheduled, Pending <
    /// Unknown < Running, not Ready, more pods of the Deployment on the same node, Ready for
    /// less time (log₂ buckets), more restarts, newer (log₂ buckets)); ties by name standing in
    /// for the random UID.
    fn pods_to_delete(&self, t: i64, rs: usize, active: &[usize], n: usize) -> Vec<usize> {
        let related: Vec<&FleetPod> = self.fleet.pods.iter().filter(|p| p.active(t)).collect();
        let log2 = |since: i64| -> i64 {
            let ns = (t - since).max(0) as f64 * 1e6;
            if ns < 1.0 {
                0
            } else {
                ns.log2() as i64
            }
        };
        let key = |i: usize| {
            let p = &self.fleet.pods[i];
            let st = p.state(t);
            let phase = st.map_or("Pending", |s| s.phase.as_str());
            let phase_rank = match phase {
                "Pending" => 0,
                "Unknown" => 1,
                _ => 2,
            };
            let rank = related.iter().filter(|o| o.node.is_some() && o.node == p.node).count() as i64;
            let ready = p.ready_since(t);
            (
                i32::from(p.node.is_some()),
                phase_rank,
                i32::from(ready.is_some()),
                -rank,
                ready.map_or(0, log2),
                -i64::from(p.facts.restarts),
                log2(p.created_ms),
                p.name.as_str(),
            )
        };
        let _ = rs;
        // Each key computed once, then a stable sort (as `sort_by_cached_key`).
        let keys: Vec<_> = active.iter().map(|&i| key(i)).collect();
        let order = crate::sort::indices(keys.len(), &|a, b| keys[a].cmp(&keys[b]));
        order.into_iter().take(n).map(|k| active[k]).collect()
    }

    fn create_pod(&mut self, t: i64, rs: usize) -> Result<(), ()> {
        if self.fleet.pods.len() >= MAX_PODS {
            if !self.cap_noted {
                self.cap_noted = true;
                self.fleet.not_simulated.push(format!("pods created after the first {MAX_PODS} are not simulated"));
            }
            return Err(());
        }
        let (rs_name, attempts) = {
            let r = &mut self.fleet.replica_sets[rs];
            r.attempts += 1;
            (r.name.clone(), r.attempts)
        };
        let name = if rs == 0 && attempts == 1 {
            self.doc.pod_name().to_string()
        } else {
            format!("{rs_name}-{}", suffix(&format!("{rs_name}/{attempts}"), 5))
        };
        let usage = rs;
        if !self.quotas.is_empty() {
            let used = self.quota_used(t);
            if let Err(e) = quota::admit(
                self.quotas,
                &used,
                &self.usages[usage],
                self.fleet.replica_sets[rs].template.spec.as_ref().unwrap_or(&Default::default()),
            ) {
                let err = format!("pods \"{name}\" is forbidden: {e}");
                let r = &mut self.fleet.replica_sets[rs];
                if r.failure.is_none() {
                    r.failure = Some(err.clone());
                }
                self.event(t, "Warning", "FailedCreate", Some(rs), format!("Error creating: {err}"));
                return Err(());
            }
        }
        // Scheduled by the ReplicaSet's template (its name plays no part).
        let pod = &self.fleet.replica_sets[rs].template;
        let node = self.schedule(t, pod, &self.usages[usage]);
        let unschedulable = node.is_none().then(|| self.unschedulable_message(t, pod, &self.usages[usage]));
        let labels = pod_labels(pod);
        let index = self.fleet.pods.len();
        let scen = self.pod_scenario(t, node, None, unschedulable.as_ref());
        let timeline = self.simulate_pod(rs, index, name.clone(), &scen);
        let facts = facts_of(&timeline);
        let mut fp = FleetPod {
            labels,
            name: name.clone(),
            replica_set: rs,
            node: node.map(|i| self.fleet.nodes[i].name.clone()),
            created_ms: t,
            deleted: None,
            ready_ms: None,
            removed_ms: None,
            timeline,
            facts,
            usage,
            unschedulable,
            changes: Vec::new(),
        };
        fp.refresh(self.fleet.min_ready_seconds);
        self.fleet.pods.push(fp);
        self.event(t, "Normal", "SuccessfulCreate", Some(rs), format!("Created pod: {name}"));
        Ok(())
    }

    fn delete_pod(&mut self, t: i64, i: usize, reason: DeleteReason) {
        let p = &self.fleet.pods[i];
        let node = p.node.as_ref().and_then(|n| self.fleet.nodes.iter().position(|m| m.name == *n));
        let scen = self.pod_scenario(p.created_ms, node, Some(t), p.unschedulable.as_ref());
        let (rs, name) = (p.replica_set, p.name.clone());
        let timeline = self.simulate_pod(rs, i, name, &scen);
        let min_ready = self.fleet.min_ready_seconds;
        let p = &mut self.fleet.pods[i];
        p.facts = facts_of(&timeline);
        p.timeline = timeline;
        p.deleted = Some((t, reason));
        p.refresh(min_ready);
    }

    fn status(&self, t: i64) -> DeploymentStatus {
        // Every pod belongs to one of the ReplicaSets: their sums are one pass over the pods.
        let (replicas, ready, available) = self.rs_counts(ALL_RS, t);
        let updated = self.new_rs().map_or(0, |r| self.rs_counts(r, t).0);
        let spec_sum: i32 = self.fleet.replica_sets.iter().map(ReplicaSetInfo::spec).sum();
        let terminating = self.fleet.pods.iter().filter(|p| p.exists(t) && p.deleting(t)).count() as i32;
        let mut conditions = Vec::new();
        let min = self.fleet.replicas - util::max_unavailable(&self.fleet.strategy, self.fleet.replicas);
        let prev = self.fleet.status.last();
        let prev_cond = |ty: &str| prev.and_then(|p| p.conditions.iter().find(|c| c.type_ == ty));
        let mut cond = |ty: &str, ok: bool, yes: (&str, &str), no: (&str, &str)| {
            let (status, (reason, message)) = if ok { ("True", yes) } else { ("False", no) };
            let (upd, tr) = match prev_cond(ty) {
                Some(c) if c.status == status && c.reason == reason => (c.last_update_ms, c.last_transition_ms),
                Some(c) if c.status == status => (t, c.last_transition_ms),
                _ => (t, t),
            };
            conditions.push(Condition {
                type_: ty.into(),
                status: status.into(),
                reason: reason.into(),
                message: message.into(),
                last_update_ms: upd,
                last_transition_ms: tr,
            });
        };
        if self.deployment {
            cond(
                "Available",
                available >= min,
                ("MinimumReplicasAvailable", "Deployment has minimum availability."),
                ("MinimumReplicasUnavailable", "Deployment does not have minimum availability."),
            );
        }
        if let Some(p) = &self.progressing {
            conditions.push(p.clone());
        }
        // ReplicaFailure: copied from a ReplicaSet whose last create failed.
        if let Some(msg) = self.replica_failure() {
            conditions.push(Condition {
                type_: "ReplicaFailure".into(),
                status: "True".into(),
                reason: "FailedCreate".into(),
                message: msg,
                last_update_ms: prev_cond("ReplicaFailure").map_or(t, |c| c.last_update_ms),
                last_transition_ms: prev_cond("ReplicaFailure").map_or(t, |c| c.last_transition_ms),
            });
        }
        DeploymentStatus {
            t_ms: t,
            replicas,
            updated_replicas: updated,
            ready_replicas: ready,
            available_replicas: available,
            unavailable_replicas: (spec_sum - available).max(0),
            terminating_replicas: terminating,
            conditions,
        }
    }

    fn replica_failure(&self) -> Option<String> {
        self.fleet.replica_sets.iter().find_map(|r| r.failure.clone())
    }

    /// `syncRolloutStatus`: the status and the Progressing condition.
    fn sync_status(&mut self, t: i64) {
        if self.deployment && self.fleet.progress_deadline_seconds.is_some() {
            let mut st = self.status(t);
            let prev = self.fleet.status.last();
            let new_name = self.new_rs().map(|r| self.fleet.replica_sets[r].name.clone()).unwrap_or_default();
            let d = self.fleet.replicas;
            let complete = st.updated_replicas == d && st.replicas == d && st.available_replicas == d;
            let progressing = prev.is_some_and(|p| {
                let old_new = st.replicas - st.updated_replicas;
                let old_prev = p.replicas - p.updated_replicas;
                old_new < old_prev
                    || st.updated_replicas > p.updated_replicas
                    || st.ready_replicas > p.ready_replicas
                    || st.available_replicas > p.available_replicas
            });
            // What the Progressing condition says before this sync (read, not cloned).
            let timed_out = |c: &Condition, deadline: i32| {
                c.reason != "NewReplicaSetAvailable"
                    && (c.reason == "ProgressDeadlineExceeded"
                        || t > engine::util::trunc_s(c.last_update_ms) + i64::from(deadline) * 1000)
            };
            let deadline = self.fleet.progress_deadline_seconds.unwrap_or(600);
            let cond = self.progressing.as_ref();
            let not_available = cond.is_none_or(|c| c.reason != "NewReplicaSetAvailable");
            let newly_timed_out = cond.is_some_and(|c| timed_out(c, deadline))
                && cond.is_some_and(|c| c.reason != "ProgressDeadlineExceeded");
            let change = if complete {
                not_available.then_some(("True", "NewReplicaSetAvailable", "has successfully progressed."))
            } else if progressing {
                Some(("True", "ReplicaSetUpdated", "is progressing."))
            } else {
                newly_timed_out.then_some(("False", "ProgressDeadlineExceeded", "has timed out progressing."))
            };
            if let Some((status, reason, what)) = change {
                self.set_progressing(t, status, reason, format!("ReplicaSet \"{new_name}\" {what}"), false);
            }
            st.conditions.retain(|c| c.type_ != "Progressing");
            if let Some(p) = &self.progressing {
                st.conditions.insert(1.min(st.conditions.len()), p.clone());
            }
            self.push_status(st);
        } else {
            let st = self.status(t);
            self.push_status(st);
        }
    }

    fn push_status(&mut self, st: DeploymentStatus) {
        match self.fleet.status.last_mut() {
            Some(last) if last.same(&st) => {}
            Some(last) if last.t_ms == st.t_ms => *last = st,
            _ => self.fleet.status.push(st),
        }
    }

    /// The next instant at which a controller has something to look at.
    fn next_wake(&self, t: i64) -> Option<i64> {
        let mut times: Vec<i64> = self.fleet.pods.iter().filter_map(|p| p.next_change(t)).collect();
        for r in &self.fleet.replica_sets {
            times.extend(r.retry_at);
        }
        for n in &self.fleet.nodes {
            times.extend(n.fail.as_ref().map(|f| f.at.0));
        }
        times.extend(self.fleet.rollout_ms);
        times.extend(self.drain_next);
        if let (Some(c), Some(d)) = (&self.progressing, self.fleet.progress_deadline_seconds) {
            if c.reason != "NewReplicaSetAvailable" && c.reason != "ProgressDeadlineExceeded" {
                // requeueStuckDeployment: lastUpdateTime + deadline + 1 s.
                times.push(engine::util::trunc_s(c.last_update_ms) + i64::from(d) * 1000 + 1000);
            }
        }
        times.into_iter().filter(|&x| x > t).min()
    }

    /// Marks the ReplicaSets whose pods changed at `t` (a pod event enqueues its owner).
    fn mark_pod_events(&mut self, t: i64) {
        let mut owners = Vec::new();
        for p in &self.fleet.pods {
            if p.changes.binary_search(&t).is_ok() {
                owners.push(p.replica_set);
            }
        }
        for r in owners {
            self.fleet.replica_sets[r].sync = true;
        }
        for r in &mut self.fleet.replica_sets {
            if r.retry_at.is_some_and(|x| x <= t) {
                r.retry_at = None;
                r.sync = true;
            }
        }
    }

    fn run(&mut self) {
        let until = self.fleet.until_ms;
        if !self.deployment {
            self.create_rs(0, self.fleet.replicas);
        }
        let mut t = 0;
        let mut rolled = false;
        for _ in 0..MAX_WAKES {
            if !rolled && self.fleet.rollout_ms.is_some_and(|r| r <= t) {
                rolled = true;
                self.roll_template(t);
            }
            if self.drain_next.is_some_and(|d| d <= t) {
                self.drain_step(t);
            }
            self.mark_pod_events(t);
            for _ in 0..20 {
                let mut changed = false;
                if self.deployment {
                    changed |= self.sync_deployment(t);
                }
                for r in 0..self.fleet.replica_sets.len() {
                    if self.fleet.replica_sets[r].sync {
                        changed |= self.sync_rs(t, r);
                    }
                }
                self.sync_status(t);
                if !changed {
                    break;
                }
            }
            match self.next_wake(t) {
                Some(n) if n <= until => t = n,
                _ => {
                    t = i64::MAX;
                    break;
                }
            }
        }
        if t != i64::MAX {
            self.fleet.not_simulated.push(format!(
                "the controllers stopped after {MAX_WAKES} wake-ups at {}: later changes are not simulated",
                engine::util::go_duration(t)
            ));
        }
        self.note_evictions();
        self.transcript();
        self.drain_transcript();
    }

    /// The budgets that select pod `i` and whether they allow evicting it now
    /// (`pkg/registry/core/pod/storage/eviction.go` with the disruption controller's status:
    /// `disruptionsAllowed = currentHealthy − desiredHealthy`; minAvailable as an integer
    /// counts against the matching pods, a percentage or maxUnavailable against the
    /// Deployment's scale, rounded up; a not-Ready pod may go when the budget is healthy,
    /// `unhealthyPodEvictionPolicy: IfHealthyBudget`).
    fn eviction_allowed(&self, t: i64, i: usize) -> bool {
        let pod = &self.fleet.pods[i];
        if pod.terminal(t) || pod.deleting(t) || pod.state(t).is_none_or(|s| s.phase == "Pending") {
            return true; // canIgnorePDB
        }
        for b in self.budgets {
            if b.namespace != self.fleet.namespace {
                continue;
            }
            let Some(sel) = b.selector.as_ref() else { continue };
            if !crate::validation::selector_matches(sel, Some(&pod.labels)) {
                continue;
            }
            let matched: Vec<&FleetPod> = self
                .fleet
                .pods
                .iter()
                .filter(|p| p.exists(t) && crate::validation::selector_matches(sel, Some(&p.labels)))
                .collect();
            let healthy = matched.iter().filter(|p| !p.deleting(t) && p.ready(t)).count() as i32;
            let scale = self.fleet.replicas;
            let desired = match (&b.min_available, &b.max_unavailable) {
                (Some(IntOrString::Int(n)), _) => *n,
                (Some(v), _) => util::scaled_value(v, scale, true).unwrap_or(scale),
                (None, Some(v)) => scale - util::scaled_value(v, scale, true).unwrap_or(0),
                (None, None) => 1,
            };
            let allowed = (healthy - desired).max(0);
            if !pod.ready(t) && healthy >= desired && desired > 0 {
                continue; // IfHealthyBudget: an unhealthy pod may go
            }
            if allowed <= 0 {
                return false;
            }
        }
        true
    }

    /// One round of `kubectl drain`: cordon (first round), then an eviction for every pod on
    /// the node; a refused one (429) is retried 5 s later.
    fn drain_step(&mut self, t: i64) {
        let Some(d) = self.scenario.drain.as_ref() else { return };
        let node = d.node.clone();
        self.drain_next = None;
        let Some(ni) = self.fleet.nodes.iter().position(|n| n.name == node) else {
            self.fleet.drain.push((t, format!("Error from server (NotFound): nodes \"{node}\" not found")));
            return;
        };
        if !self.drain_started {
            self.drain_started = true;
            self.fleet.nodes[ni].cordoned_ms = Some(t);
            self.fleet.drain.push((t, format!("node/{node} cordoned")));
        }
        let ns = self.fleet.namespace.clone();
        let mut refused = false;
        for i in 0..self.fleet.pods.len() {
            let p = &self.fleet.pods[i];
            if p.node.as_deref() != Some(node.as_str()) || !p.exists(t) || p.deleting(t) {
                continue;
            }
            let name = p.name.clone();
            self.fleet.drain.push((t, format!("evicting pod {ns}/{name}")));
            if self.eviction_allowed(t, i) {
                self.delete_pod(t, i, DeleteReason::Eviction);
                let rs = self.fleet.pods[i].replica_set;
                self.fleet.replica_sets[rs].sync = true;
            } else {
                refused = true;
                self.fleet.drain.push((t, format!("error when evicting pods/\"{name}\" -n \"{ns}\" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.")));
            }
        }
        if refused {
            self.drain_next = Some(t + 5000);
        }
    }

    /// Adds `pod/NAME evicted` when each evicted pod is gone and `node/NAME drained` at the end.
    fn drain_transcript(&mut self) {
        let Some(d) = self.scenario.drain.as_ref() else { return };
        if !self.drain_started {
            return;
        }
        let mut extra = Vec::new();
        let mut all_gone = self.drain_next.is_none();
        let mut last = 0;
        for p in self.fleet.pods.iter().filter(|p| p.deleted.is_some_and(|x| x.1 == DeleteReason::Eviction)) {
            match p.removed_ms {
                Some(r) => {
                    extra.push((r, format!("pod/{} evicted", p.name)));
                    last = last.max(r);
                }
                None => all_gone = false,
            }
        }
        if all_gone {
            extra.push((last.max(d.at.0), format!("node/{} drained", d.node)));
        }
        self.fleet.drain.extend(extra);
        let mut v = std::mem::take(&mut self.fleet.drain);
        crate::sort::by_key(&mut v, |x| crate::sort::signed(x.0));
        self.fleet.drain = v;
    }

    fn note_evictions(&mut self) {
        for p in &mut self.fleet.pods {
            if p.deleted.is_none() {
                if let Some(d) = p.facts.deletion {
                    let reason =
                        if p.facts.evicted_by_taint { DeleteReason::NodeFailureEviction } else { DeleteReason::Other };
                    p.deleted = Some((p.created_ms + d.0, reason));
                }
            }
        }
    }

    /// `kubectl rollout status deployment/NAME`, started at the rollout (else at 0).
    fn transcript(&mut self) {
        if !self.deployment {
            return;
        }
        let start = self.fleet.rollout_ms.unwrap_or(0);
        let name = &self.fleet.name;
        let d = self.fleet.replicas;
        let i0 = self.fleet.status.partition_point(|s| s.t_ms <= start).saturating_sub(1);
        let mut lines = Vec::new();
        let mut outcome = Outcome::Waiting;
        for s in self.fleet.status.iter().skip(i0) {
            let at = s.t_ms.max(start);
            if s.conditions.iter().any(|c| c.type_ == "Progressing" && c.reason == "ProgressDeadlineExceeded") {
                lines.push((at, format!("error: deployment \"{name}\" exceeded its progress deadline")));
                outcome = Outcome::DeadlineExceeded(at);
                break;
            }
            let line = if s.updated_replicas < d {
                format!("Waiting for deployment \"{name}\" rollout to finish: {} out of {d} new replicas have been updated...", s.updated_replicas)
            } else if s.replicas > s.updated_replicas {
                format!(
                    "Waiting for deployment \"{name}\" rollout to finish: {} old replicas are pending termination...",
                    s.replicas - s.updated_replicas
                )
            } else if s.available_replicas < s.updated_replicas {
                format!(
                    "Waiting for deployment \"{name}\" rollout to finish: {} of {} updated replicas are available...",
                    s.available_replicas, s.updated_replicas
                )
            } else {
                lines.push((at, format!("deployment \"{name}\" successfully rolled out")));
                outcome = Outcome::Complete(at);
                break;
            };
            lines.push((at, line));
        }
        self.fleet.rollout_status = lines;
        self.fleet.outcome = outcome;
    }
}

impl FleetPod {
    fn refresh(&mut self, min_ready_s: i32) {
        self.ready_ms = self.facts.ready.iter().find(|r| r.1).map(|r| r.0 + self.created_ms);
        self.removed_ms = self.facts.removed.map(|r| r + self.created_ms);
        let mut c = Vec::new();
        self.change_times(min_ready_s, &mut c);
        crate::sort::ints(&mut c);
        c.dedup();
        self.changes = c;
    }

    /// The first change after `t`.
    fn next_change(&self, t: i64) -> Option<i64> {
        self.changes.get(self.changes.partition_point(|&x| x <= t)).copied()
    }
}

#[cfg(test)]
mod tests;
