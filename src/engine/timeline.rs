//! The simulation's output: a [`Timeline`] of events, status rows, state intervals, probe
//! runs, hooks, signals and grace windows, plus cheap scrubbing with [`Timeline::state_at`]
//! and the `kubectl describe` / `kubectl get -w` renderings.

use crate::vecmap::VecMap;
use std::sync::Arc;

use crate::model::core::{
    ContainerState, ContainerStateRunning, ContainerStateTerminated, ContainerStateWaiting, ContainerStatus, Pod,
    PodCondition, PodStatus,
};
use crate::model::meta::Time;
use crate::model::Timestamp;
use serde::Serialize;

use crate::printer::human_duration_ms;

/// The pod's creationTimestamp: every `t_ms` is measured from 2025-01-01T00:00:00Z.
pub const EPOCH_MS: i64 = 1_735_689_600_000;

/// The absolute instant of a virtual time.
pub fn timestamp(t_ms: i64) -> Timestamp {
    Timestamp::from_millisecond(EPOCH_MS.saturating_add(t_ms)).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn time(t_ms: i64) -> Time {
    Time(timestamp(t_ms))
}

/// One Kubernetes Event as recorded (before aggregation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Event {
    pub t_ms: i64,
    /// `Normal` or `Warning`.
    #[serde(rename = "type")]
    pub type_: String,
    pub reason: String,
    /// `pod` or `container/<name>`.
    pub object: String,
    pub message: String,
    /// The reporting component (`kubelet`, `default-scheduler`, `node-controller`, `taint-eviction-controller`).
    pub from: String,
}

/// The kubectl row (and phase) from `t_ms` on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatusRow {
    pub t_ms: i64,
    pub phase: String,
    pub ready: String,
    pub status: String,
    pub restarts: String,
    /// True once the object is gone from the API.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

/// The kubectl row as `crate::printer::print_pod` prints it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Row {
    pub name: String,
    pub ready: String,
    pub status: String,
    pub restarts: String,
    pub age: String,
}

/// A container's API-visible state over `[from_ms, to_ms)` (`to_ms` None = until the end).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StateInterval {
    pub container: String,
    pub from_ms: i64,
    pub to_ms: Option<i64>,
    /// `waiting`, `running` or `terminated`.
    pub state: String,
    /// Waiting or terminated reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i32>,
    pub ready: bool,
    pub started: bool,
    pub restart_count: i32,
}

/// An immutable, reference-counted string that serializes as a plain JSON string. The texts
/// every probe run repeats (container name, probe kind, result) are stored once per run of the
/// engine and shared, so a probe run allocates nothing (an empty output is not allocated either).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SharedStr(Arc<str>);

impl SharedStr {
    pub fn new(s: &str) -> SharedStr {
        SharedStr(Arc::from(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for SharedStr {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl std::fmt::Display for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for SharedStr {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl From<&str> for SharedStr {
    fn from(s: &str) -> SharedStr {
        SharedStr::new(s)
    }
}

impl From<String> for SharedStr {
    fn from(s: String) -> SharedStr {
        SharedStr(Arc::from(s))
    }
}

impl PartialEq<str> for SharedStr {
    fn eq(&self, o: &str) -> bool {
        &*self.0 == o
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, o: &&str) -> bool {
        &*self.0 == *o
    }
}

impl PartialEq<String> for SharedStr {
    fn eq(&self, o: &String) -> bool {
        &*self.0 == o.as_str()
    }
}

impl PartialEq<SharedStr> for str {
    fn eq(&self, o: &SharedStr) -> bool {
        self == &*o.0
    }
}

impl PartialEq<SharedStr> for &str {
    fn eq(&self, o: &SharedStr) -> bool {
        *self == &*o.0
    }
}

impl PartialEq<SharedStr> for String {
    fn eq(&self, o: &SharedStr) -> bool {
        self.as_str() == &*o.0
    }
}

/// One probe run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProbeRun {
    pub t_ms: i64,
    pub container: SharedStr,
    /// `liveness`, `readiness` or `startup`.
    pub probe: SharedStr,
    /// `success`, `failure` or `timeout`.
    pub result: SharedStr,
    pub output: String,
    /// How long the probe ran.
    pub duration_ms: i64,
    /// Whether this run was a manual (pod-sync) readiness trigger rather than a ticker tick.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub manual: bool,
}

/// A container's memory and disk use at one instant (see `super::usage`): straight lines
/// between a container's consecutive samples are the model's curve.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UsageSample {
    pub container: String,
    pub t_ms: i64,
    /// The process's memory (0 while the container is not running).
    pub memory_bytes: u64,
    /// `resources.limits.memory`.
    pub memory_limit: Option<u64>,
    /// Bytes in the container's emptyDir mounts plus what its process wrote (scenario `disk`).
    pub disk_bytes: u64,
    /// `resources.limits.ephemeral-storage`, else the smallest `emptyDir.sizeLimit` it mounts.
    pub disk_limit: Option<u64>,
}

/// A lifecycle hook execution.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HookSpan {
    pub container: String,
    /// `postStart` or `preStop`.
    pub hook: String,
    pub from_ms: i64,
    /// When the hook itself finished (None = never, e.g. killed with its container).
    pub to_ms: Option<i64>,
    /// When the kubelet stopped waiting for it.
    pub waited_until_ms: i64,
    pub ok: bool,
    pub output: String,
}

/// A signal delivered to a container's PID 1.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SignalSent {
    pub t_ms: i64,
    pub container: String,
    pub signal: String,
}

/// A kill's grace window: from the `Killing` event to the SIGKILL deadline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GraceWindow {
    pub container: String,
    pub from_ms: i64,
    /// When the stop signal was sent.
    pub stop_ms: i64,
    /// SIGKILL deadline.
    pub kill_ms: i64,
    /// The grace seconds the kill started with.
    pub grace_seconds: i64,
}

/// A span during which a container's main process accepted connections on a port
/// (`to_ms` None = still listening at the end). Recorded so that a check such as "never Ready
/// while the app is not listening" can be answered from the trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ListenSpan {
    pub container: String,
    pub port: u16,
    pub from_ms: i64,
    pub to_ms: Option<i64>,
}

/// A pod condition over time (one entry per status change of any condition).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConditionChange {
    pub t_ms: i64,
    #[serde(rename = "type")]
    pub type_: String,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// Why something changed: the rule, in one sentence, and the spec field responsible.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Transition {
    pub t_ms: i64,
    pub rule: String,
    pub field: String,
}

/// What podlife inferred about a container's process (from `crate::app::Inferred`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InferredView {
    pub summary: String,
    pub details: Vec<String>,
    pub stop_signal: String,
    pub not_simulated: Vec<String>,
}

/// Every random draw the simulated kubelet made, so nothing is hidden.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Jitter {
    /// Phase of the 1 s PLEG relist grid.
    pub pleg_phase_ms: i64,
    /// Sandbox creation latency.
    pub sandbox_ms: i64,
    /// Phase of the 10 s eviction-manager loop.
    pub eviction_phase_ms: i64,
    /// Each pod-worker requeue: (when, delay). Failed syncs wait 10 s × [1, 1.5), successful ones 60 s × [1, 1.5).
    pub requeues: Vec<(i64, i64)>,
    /// Each probe worker's tick-grid anchor (`container/kind` → ms). The kubelet is assumed to
    /// have started long before the pod, so there is no initial random sleep (worker.go).
    pub probe_anchors: VecMap<String, i64>,
    /// Node lease renewal offset and node-monitor phase, when the node fails.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_detect_ms: Option<i64>,
}

/// A container's API status (one entry of `status.containerStatuses` / `initContainerStatuses`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CState {
    pub name: String,
    pub image: String,
    pub state: CKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_terminated: Option<Term>,
    pub ready: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started: Option<bool>,
    pub restart_count: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container_id: Option<String>,
}

/// A container state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum CKind {
    Waiting { reason: String, message: Option<String> },
    Running { started_at_ms: i64 },
    Terminated(Term),
}

/// A terminated container instance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Term {
    pub exit_code: i32,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    pub started_at_ms: i64,
    pub finished_at_ms: i64,
    pub container_id: String,
}

/// A pod condition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cond {
    /// Shared with every snapshot's same condition (the engine interns condition types and
    /// `True`/`False`): a snapshot's conditions allocate only their reasons and messages.
    #[serde(rename = "type")]
    pub type_: SharedStr,
    pub status: SharedStr,
    pub reason: Option<String>,
    pub message: Option<String>,
    pub last_transition_ms: i64,
}

/// The pod as the API shows it at one instant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PodState {
    pub t_ms: i64,
    pub phase: String,
    pub reason: Option<String>,
    pub message: Option<String>,
    pub node_name: Option<String>,
    pub start_time_ms: Option<i64>,
    pub deletion_timestamp_ms: Option<i64>,
    pub deletion_grace_seconds: Option<i64>,
    pub conditions: Vec<Cond>,
    pub init_containers: Vec<CState>,
    pub containers: Vec<CState>,
    /// The object is gone from the API.
    pub deleted: bool,
    /// The kubectl row at `t_ms` (from `crate::printer::print_pod`).
    pub row: Row,
}

impl PodState {
    /// Same API content (ignores `t_ms` and the row).
    pub(crate) fn same_content(&self, o: &PodState) -> bool {
        self.phase == o.phase
            && self.reason == o.reason
            && self.message == o.message
            && self.node_name == o.node_name
            && self.start_time_ms == o.start_time_ms
            && self.deletion_timestamp_ms == o.deletion_timestamp_ms
            && self.conditions == o.conditions
            && self.init_containers == o.init_containers
            && self.containers == o.containers
            && self.deleted == o.deleted
    }

    /// The `Pod` object the API would return, as far as `kubectl get` prints it: `source` (a pod
    /// reduced by `sim::print_source`, as `Timeline::source` is) with this metadata and status.
    /// Rebuilt by `print_source`, not cloned: no `Pod::clone` (the clone code of the whole
    /// model) in the wasm.
    pub(crate) fn to_pod(&self, source: &Pod) -> Pod {
        let mut pod = super::sim::print_source(source);
        self.fill_pod(&mut pod);
        pod
    }

    /// Sets this state's metadata and status on `pod` in place ([`PodState::to_pod`] without the
    /// clone: the engine keeps one pod for the rows of all its snapshots). The status is written
    /// into the one `pod` already holds, reusing its strings and vectors (a snapshot's status
    /// used to be rebuilt from nothing, ~25 allocations each), so `pod.status` must be `None` or
    /// a status this function wrote: every field it ever sets is set on each call and no other
    /// field is touched, so the result does not depend on the previous state.
    pub(crate) fn fill_pod(&self, pod: &mut Pod) {
        pod.metadata.creation_timestamp = Some(time(0));
        if pod.metadata.namespace.is_none() {
            pod.metadata.namespace = Some("default".into());
        }
        pod.metadata.deletion_timestamp = self.deletion_timestamp_ms.map(time);
        pod.metadata.deletion_grace_period_seconds = self.deletion_grace_seconds;
        if let Some(spec) = pod.spec.as_mut() {
            if self.node_name.is_some() {
                set_opt(&mut spec.node_name, self.node_name.as_deref());
            }
        }
        let st = pod.status.get_or_insert_with(PodStatus::default);
        set_opt(&mut st.phase, Some(&self.phase));
        set_opt(&mut st.reason, self.reason.as_deref());
        set_opt(&mut st.message, self.message.as_deref());
        st.start_time = self.start_time_ms.map(time);
        set_opt(&mut st.host_ip, self.node_name.as_ref().map(|_| "10.0.0.10"));
        let sandbox = self.conditions.iter().any(|c| c.type_ == "PodReadyToStartContainers" && c.status == "True");
        set_opt(&mut st.pod_ip, sandbox.then_some(super::sim::POD_IP));
        let conds = st.conditions.get_or_insert_with(Vec::new);
        conds.truncate(self.conditions.len());
        for (i, c) in self.conditions.iter().enumerate() {
            if i == conds.len() {
                conds.push(PodCondition::default());
            }
            let d = &mut conds[i];
            set(&mut d.type_, &c.type_);
            set(&mut d.status, &c.status);
            set_opt(&mut d.reason, c.reason.as_deref());
            set_opt(&mut d.message, c.message.as_deref());
            d.last_transition_time = Some(time(c.last_transition_ms));
        }
        if self.init_containers.is_empty() {
            st.init_container_statuses = None;
        } else {
            fill_statuses(st.init_container_statuses.get_or_insert_with(Vec::new), &self.init_containers);
        }
        fill_statuses(st.container_statuses.get_or_insert_with(Vec::new), &self.containers);
    }
}

/// `dst = src`, keeping `dst`'s buffer.
fn set(dst: &mut String, src: &str) {
    if dst != src {
        dst.clear();
        dst.push_str(src);
    }
}

/// `dst = src.map(String::from)`, keeping `dst`'s buffer when both are set.
fn set_opt(dst: &mut Option<String>, src: Option<&str>) {
    match (dst.as_mut(), src) {
        (Some(d), Some(s)) => set(d, s),
        (_, s) => *dst = s.map(str::to_string),
    }
}

/// The API container statuses for `from`, written over `out` (see [`PodState::fill_pod`]).
fn fill_statuses(out: &mut Vec<ContainerStatus>, from: &[CState]) {
    out.truncate(from.len());
    for (i, c) in from.iter().enumerate() {
        if i == out.len() {
            out.push(ContainerStatus::default());
        }
        let d = &mut out[i];
        set(&mut d.name, &c.name);
        set(&mut d.image, &c.image);
        d.ready = c.ready;
        d.restart_count = c.restart_count;
        d.started = c.started;
        set_opt(&mut d.container_id, c.container_id.as_deref());
        fill_state(d.state.get_or_insert_with(ContainerState::default), &c.state);
        let last = d.last_state.get_or_insert_with(ContainerState::default);
        match &c.last_terminated {
            Some(t) => fill_term(last.terminated.get_or_insert_with(ContainerStateTerminated::default), t),
            None => last.terminated = None,
        }
    }
}

/// One API container state (exactly one of waiting/running/terminated set).
fn fill_state(d: &mut ContainerState, k: &CKind) {
    match k {
        CKind::Waiting { reason, message } => {
            d.running = None;
            d.terminated = None;
            let w = d.waiting.get_or_insert_with(ContainerStateWaiting::default);
            set_opt(&mut w.reason, Some(reason));
            set_opt(&mut w.message, message.as_deref());
        }
        CKind::Running { started_at_ms } => {
            d.waiting = None;
            d.terminated = None;
            d.running = Some(ContainerStateRunning { started_at: Some(time(super::util::trunc_s(*started_at_ms))) });
        }
        CKind::Terminated(t) => {
            d.waiting = None;
            d.running = None;
            fill_term(d.terminated.get_or_insert_with(ContainerStateTerminated::default), t);
        }
    }
}

/// A terminated container instance as the API shows it.
fn fill_term(d: &mut ContainerStateTerminated, t: &Term) {
    d.exit_code = t.exit_code;
    set_opt(&mut d.reason, Some(&t.reason));
    set_opt(&mut d.message, t.message.as_deref());
    d.started_at = Some(time(super::util::trunc_s(t.started_at_ms)));
    d.finished_at = Some(time(super::util::trunc_s(t.finished_at_ms)));
    set_opt(&mut d.container_id, Some(&t.container_id));
}

/// The kubectl row at `now`, always from `crate::printer::print_pod`.
pub fn kubectl_row(pod: &Pod, now_ms: i64) -> Row {
    let r = crate::printer::print_pod_row(pod, timestamp(now_ms));
    Row { name: r.name, ready: r.ready, status: r.status, restarts: r.restarts, age: r.age }
}

/// The whole simulated history of one pod.
///
/// Its JSON form (`podlife simulate -o json`, the page) is a contract: the fields below keep
/// their names and shapes; new fields may be added. Every `t_ms` is virtual milliseconds since
/// the pod's creation ([`EPOCH_MS`]), and every list is in non-decreasing `t_ms` order.
#[derive(Clone, Debug, Serialize)]
pub struct Timeline {
    /// `pod`: the pod's name (as its controller would name it).
    pub pod: String,
    /// `seed`: the RNG seed actually used (the Scenario's `seed` wins over the caller's).
    pub seed: u64,
    /// `qosClass`: `Guaranteed`, `Burstable` or `BestEffort` (`crate::qos`).
    #[serde(rename = "qosClass")]
    pub qos_class: String,
    /// `until_ms`: the simulated span.
    pub until_ms: i64,
    /// `events`: every Kubernetes Event as recorded, `{t_ms, type, reason, object, message, from}`
    /// (not aggregated; `kubectl describe` aggregation is [`Timeline::describe_events`]).
    pub events: Vec<Event>,
    /// `status`: the kubectl row each time it changes, `{t_ms, phase, ready, status, restarts}`
    /// (+ `deleted` once the object is gone).
    pub status: Vec<StatusRow>,
    /// `containers`: each container's API-visible state over time (waiting/running/terminated).
    pub containers: Vec<StateInterval>,
    /// `probes`: every probe run, its result, output and duration.
    pub probes: Vec<ProbeRun>,
    /// `hooks`: every postStart/preStop execution and how long the kubelet waited for it.
    pub hooks: Vec<HookSpan>,
    /// `signals`: every signal delivered to a container's PID 1 (stop signal, SIGKILL, `kill 1`).
    pub signals: Vec<SignalSent>,
    /// `grace`: every kill's window, from `Killing` through the stop signal to the SIGKILL deadline.
    pub grace: Vec<GraceWindow>,
    /// `conditions`: every change of a pod condition.
    pub conditions: Vec<ConditionChange>,
    /// `transitions`: why things changed — the rule and the spec field responsible.
    pub transitions: Vec<Transition>,
    /// `usage`: per container, memory and disk use as piecewise-linear samples (at most
    /// `super::usage::MAX_SAMPLES` per container; none for a container that never ran).
    pub usage: Vec<UsageSample>,
    /// Per container and port, when the main process listened (the declared `containerPort`s
    /// and the ports podlife inferred for the process), in `from_ms` order. Not part of the
    /// JSON output (yet): the exercise grader reads it.
    #[serde(skip)]
    pub listening: Vec<ListenSpan>,
    /// `inferred`: per container, what podlife inferred about its process.
    pub inferred: VecMap<String, InferredView>,
    /// `jitter`: every random draw the simulated kubelet made.
    pub jitter: Jitter,
    /// `not_simulated`: what the engine does not model, said rather than faked.
    pub not_simulated: Vec<String>,
    /// `truncated`: the run hit the work bound ([`super::sim::MAX_STEPS`]) before `until_ms`.
    pub truncated: bool,
    /// When the object disappeared from the API (None = still there at the end).
    pub removed_ms: Option<i64>,
    /// Number of queue events processed.
    pub steps: u64,
    #[serde(skip)]
    pub(crate) snapshots: Vec<PodState>,
    /// Shared, so that cloning a timeline (the page does) clones no `Pod` (no `Pod::clone` in
    /// the wasm).
    #[serde(skip)]
    pub(crate) source: Arc<Pod>,
}

impl Timeline {
    /// The pod at `t_ms` (binary search over the status snapshots; the row is re-printed at `t_ms`).
    pub fn state_at(&self, t_ms: i64) -> PodState {
        let i = self.snapshots.partition_point(|s| s.t_ms <= t_ms);
        let mut s = match i.checked_sub(1).and_then(|i| self.snapshots.get(i)) {
            Some(s) => s.clone(),
            None => match self.snapshots.first() {
                Some(s) => s.clone(),
                None => return empty_state(t_ms),
            },
        };
        s.t_ms = t_ms;
        s.row = kubectl_row(&s.to_pod(&self.source), t_ms);
        if s.deleted {
            s.row.status = "<deleted>".into();
        }
        s
    }

    /// The `Events:` table of `kubectl describe pod` at `at_ms`, aggregated like the event
    /// recorder does (same type/reason/object/message/source → count, first and last seen).
    pub fn describe_events(&self, at_ms: i64) -> String {
        struct Agg<'a> {
            e: &'a Event,
            count: u32,
            first: i64,
            last: i64,
        }
        // Equal keys are grouped by a stable sort of the events (no map per key type): each group,
        // in the order of its first event, is one row.
        let evs: Vec<&Event> = self.events.iter().filter(|e| e.t_ms <= at_ms).collect();
        fn key(e: &Event) -> (&str, &str, &str, &str, &str) {
            (e.type_.as_str(), e.reason.as_str(), e.object.as_str(), e.message.as_str(), e.from.as_str())
        }
        let order = crate::sort::indices(evs.len(), &|a, b| key(evs[a]).cmp(&key(evs[b])));
        let mut aggs: Vec<(usize, Agg)> = Vec::new();
        for &i in &order {
            let e = evs[i];
            match aggs.last_mut() {
                Some((_, a)) if key(a.e) == key(e) => {
                    a.count += 1;
                    a.last = e.t_ms;
                }
                _ => aggs.push((i, Agg { e, count: 1, first: e.t_ms, last: e.t_ms })),
            }
        }
        if aggs.is_empty() {
            return "Events:  <none>\n".into();
        }
        // kubectl sorts the groups, in the order of their first events, by lastTimestamp (stable):
        // by (last, first event's index), through the shared sort of indices.
        let by_last = crate::sort::indices(aggs.len(), &|a, b| {
            let (x, y) = (&aggs[a], &aggs[b]);
            (x.1.last, x.0).cmp(&(y.1.last, y.0))
        });
        let mut rows: Vec<Vec<String>> = vec![
            ["Type", "Reason", "Age", "From", "Message"].map(String::from).to_vec(),
            ["----", "------", "----", "----", "-------"].map(String::from).to_vec(),
        ];
        for k in by_last {
            let a = &aggs[k].1;
            let age = if a.count > 1 {
                format!(
                    "{} (x{} over {})",
                    human_duration_ms(at_ms - a.last),
                    a.count,
                    human_duration_ms(at_ms - a.first)
                )
            } else {
                human_duration_ms(at_ms - a.first)
            };
            rows.push(vec![
                a.e.type_.clone(),
                a.e.reason.clone(),
                age,
                a.e.from.clone(),
                a.e.message.trim().to_string(),
            ]);
        }
        let mut out = String::from("Events:\n");
        out.push_str(&crate::printer::columns(&rows, 2, 0, "  ", true));
        out
    }

    /// A `kubectl get pod -w` transcript up to `at_ms`: the header and one line per row change.
    pub fn watch_lines(&self, at_ms: i64) -> String {
        // The same table layout as `kubectl get pod` (one tabwriter: `printer::format_table`).
        let rows: Vec<crate::printer::PodRow> = self
            .status
            .iter()
            .filter(|s| s.t_ms <= at_ms && !s.deleted)
            .map(|s| {
                let r = self.state_at(s.t_ms).row;
                crate::printer::PodRow {
                    name: r.name,
                    ready: r.ready,
                    status: r.status,
                    restarts: r.restarts,
                    age: r.age,
                }
            })
            .collect();
        crate::printer::format_table(&rows)
    }

    /// What [`Timeline::describe_events`] at `at_ms` depends on: how many events happened by
    /// then and each one's age in whole seconds (ages truncate to seconds, and aggregation only
    /// reads the first and last time of each group). Equal keys give identical tables, so a
    /// view following the playhead re-aggregates only when an age ticks over or an event appears.
    pub fn describe_events_key(&self, at_ms: i64) -> Vec<i64> {
        let mut key = vec![0];
        key.extend(self.events.iter().filter(|e| e.t_ms <= at_ms).map(|e| (at_ms - e.t_ms) / 1000));
        key[0] = key.len() as i64 - 1;
        key
    }

    /// What [`Timeline::watch_lines`] at `at_ms` depends on: how many status rows happened by
    /// then (each line is printed at its own time, not at `at_ms`).
    pub fn watch_key(&self, at_ms: i64) -> usize {
        self.status.partition_point(|s| s.t_ms <= at_ms)
    }
}

fn empty_state(t_ms: i64) -> PodState {
    PodState {
        t_ms,
        phase: "Pending".into(),
        reason: None,
        message: None,
        node_name: None,
        start_time_ms: None,
        deletion_timestamp_ms: None,
        deletion_grace_seconds: None,
        conditions: Vec::new(),
        init_containers: Vec::new(),
        containers: Vec::new(),
        deleted: false,
        row: Row::default(),
    }
}
