//! The event-queue core: a simulated scheduler, kubelet (pod worker, PLEG, prober workers,
//! status manager, eviction manager) and node controller in integer-millisecond virtual time.
//!
//! Upstream files each rule comes from are named on the functions. Deterministic latencies
//! (watch 100 ms, create 100 ms) are constants; everything the kubelet randomises comes from
//! the seeded [`Rng`] and is reported in [`Jitter`].

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, VecDeque};

use crate::vecmap::VecMap;

use crate::model::core::{Container, LifecycleHandler, Pod, PodSpec, Probe};
use crate::model::IntOrString;

use super::rng::Rng;
use super::scenario::{NodeFailMode, Scenario};
use super::timeline::*;
use super::usage::Track;
use super::util::{bytes, cpu_millis, go_duration, image_ref_valid, pull_policy};
use crate::app::{run_exec, Process, Signal, Vfs};

/// The pod IP the simulated CNI hands out.
pub(crate) const POD_IP: &str = "10.244.0.5";
/// API watch latency (apiserver → kubelet / controllers).
const WATCH_MS: i64 = 100;
/// CRI CreateContainer latency.
const CREATE_MS: i64 = 100;
/// Generic PLEG relist period (`genericPlegRelistPeriod`, kubelet.go).
const PLEG_MS: i64 = 1000;
/// `minimumGracePeriodInSeconds` (kuberuntime_container.go).
const MIN_GRACE_S: i64 = 2;
/// Grace periods are capped at 10^15 s (31.7 million years) so that every instant derived
/// from one (`now + grace·1000` and sums of those) stays within i64 milliseconds. A run never
/// reaches that far: `until` is at most 30 days.
const MAX_GRACE_S: i64 = 1_000_000_000_000_000;
/// Crash-loop and image-pull back-off: initial, cap, reset window (kubelet.go, backoff.go).
const BACKOFF_INIT: i64 = 10_000;
const BACKOFF_MAX: i64 = 300_000;
const BACKOFF_RESET: i64 = 600_000;
/// Pod-worker requeue after a failed sync (`backOffPeriod`) and after a successful one (`syncFrequency`).
const ERR_REQUEUE: i64 = 10_000;
const RESYNC: i64 = 60_000;
/// Default pull time and image size when the scenario says nothing.
const DEFAULT_PULL_MS: i64 = 2_000;
const DEFAULT_IMAGE_SIZE: u64 = 10_485_760;
/// After the terminal status is written, the status manager deletes the object (≈1 s).
const REMOVE_MS: i64 = 1_000;
/// Eviction-manager period (`evictionMonitoringPeriod`).
const EVICTION_MS: i64 = 10_000;
/// Node lifecycle controller: grace period (1.32+), monitor period, lease renew interval.
const NODE_GRACE_MS: i64 = 50_000;
const NODE_MONITOR_MS: i64 = 5_000;
const LEASE_MS: i64 = 10_000;
/// Work bound: no input can make the loop run longer than this many queue events.
pub const MAX_STEPS: u64 = 5_000_000;
/// Default and maximum simulated span.
pub const DEFAULT_UNTIL_MS: i64 = 600_000;
pub const MAX_UNTIL_MS: i64 = 30 * 24 * 3_600_000;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Init,
    Sidecar,
    Regular,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Res {
    Unknown,
    Success,
    Failure,
}

const LIVENESS: usize = 0;
const READINESS: usize = 1;
const STARTUP: usize = 2;
const PK_NAMES: [&str; 3] = ["liveness", "readiness", "startup"];
const PK_TITLES: [&str; 3] = ["Liveness", "Readiness", "Startup"];
const PK_FIELDS: [&str; 3] = ["livenessProbe", "readinessProbe", "startupProbe"];

/// One prober worker (`pkg/kubelet/prober/worker.go`).
struct Worker {
    spec: Probe,
    period: i64,
    timeout: i64,
    delay_s: i64,
    succ: i32,
    fail: i32,
    gen: u64,
    busy_until: Option<i64>,
    tick_pending: bool,
    stopped: bool,
    cid: Option<String>,
    result: Res,
    last: Res,
    run: i32,
    on_hold: bool,
}

#[derive(Clone, Debug, PartialEq)]
enum RState {
    None,
    Running { id: String, started: i64 },
    Exited(Term),
}

/// Runtime facts about a container (and the kubelet's PLEG cache copy of them).
#[derive(Clone, Debug, PartialEq)]
struct Rt {
    state: RState,
    prev: Option<Term>,
    restart_count: i32,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum KPhase {
    PreStop { wait_until: i64 },
    SidecarWait { deadline: i64 },
    Stopping { kill_at: i64 },
}

struct KillState {
    gen: u64,
    /// The spec field the grace period comes from ("" = the scenario or the eviction manager).
    gfield: String,
    start: i64,
    grace_s: i64,
    phase: KPhase,
    termination: bool,
    by_plan: bool,
    hook: Option<usize>,
}

struct Ctr<'a> {
    name: String,
    /// `name`, shared by every probe run of this container.
    sname: SharedStr,
    kind: Kind,
    /// The container's spec, borrowed from the pod.
    spec: &'a Container,
    path: String,
    proc: Option<Process>,
    armed: Option<i64>,
    inst: u32,
    rt: Rt,
    seen: Rt,
    /// `rt` changed since `seen` last copied it (the container is in `Sim::stale`).
    stale: bool,
    backoff: Option<(i64, i64)>,
    img_backoff: Option<(i64, i64)>,
    pulls: u32,
    reason_cache: Option<(String, String)>,
    pending_reason: Option<Option<(String, String)>>,
    workers: [Option<Worker>; 3],
    kill: Option<KillState>,
    kill_gen: u64,
    hook_gen: u64,
    stop_signal: Signal,
    ever_ran: bool,
}

#[derive(Clone, Debug)]
enum Step {
    Sandbox,
    SandboxDone,
    /// Kill the instance `id` (None: whatever instance is running).
    Kill {
        c: usize,
        id: Option<String>,
        msg: String,
        grace: i64,
        /// The spec field the grace comes from.
        gfield: String,
    },
    Start {
        c: usize,
        last_exit: Option<Term>,
    },
    Create {
        c: usize,
    },
    Run {
        c: usize,
    },
}

#[derive(Clone, Debug)]
/// A queued event. Kept at 16 bytes (container and probe indices as `u32`/`u8`; texts live
/// elsewhere) because the queue moves events on every push and pop.
enum Ev {
    Sync(u64),
    Step(u64),
    Pleg,
    Proc(u32),
    /// A probe worker's ticker: (container, kind, generation).
    Tick(u32, u8, u64),
    /// A probe run finished: (container, kind, result, index in `tl.probes`).
    ProbeDone(u32, u8, Res, u32),
    HookDone(u32, u64),
    Kill(u32, u64),
    Schedule,
    Delete(i64),
    NodeFail,
    NodeDetect,
    TaintEvict,
    /// A readiness-gate condition changes: index into `Sim::gate_changes`.
    Gate(usize),
    Evict,
    Remove,
}

struct Item(i64, u64, Ev);
impl PartialEq for Item {
    fn eq(&self, o: &Self) -> bool {
        (self.0, self.1) == (o.0, o.1)
    }
}
impl Eq for Item {}
impl PartialOrd for Item {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Item {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        (self.0, self.1).cmp(&(o.0, o.1))
    }
}

/// A running hook (postStart or preStop).
struct Hook {
    c: usize,
    post_start: bool,
    gen: u64,
    span: usize,
    ok: bool,
    signal: Option<Signal>,
}

const IN_PLAN_START: u8 = 1;
const IN_PLAN_KILL: u8 = 2;

pub(crate) struct Sim<'a> {
    /// The pod's spec, borrowed (an owned default only when the pod has none).
    spec: Cow<'a, PodSpec>,
    scen: &'a Scenario,
    name: String,
    ns: String,
    uid: String,
    rng: Rng,
    vfs: Vfs,
    q: BinaryHeap<Reverse<Item>>,
    seq: u64,
    now: i64,
    until: i64,
    steps: u64,
    truncated: bool,
    /// The run is over ([`Sim::step`] returned true).
    over: bool,
    ctrs: Vec<Ctr<'a>>,
    node: String,
    scheduled: bool,
    start_time: Option<i64>,
    sandbox: bool,
    kubelet_alive: bool,
    node_ready: bool,
    terminal: Option<String>,
    pod_reason: Option<(String, String)>,
    deletion: Option<(i64, i64)>,
    terminating: bool,
    term_grace: i64,
    /// The spec field the termination's grace comes from ("" = scenario / eviction manager).
    term_grace_field: String,
    /// The toleration whose `tolerationSeconds` schedules the taint eviction.
    taint_field: String,
    /// The same for the API deletion's grace.
    deletion_field: String,
    pending_terminal: Option<(String, String)>,
    removed: Option<i64>,
    busy: bool,
    plan: VecDeque<Step>,
    /// While [`Sim::sync`] builds the plan: per container, whether the plan holds a Start
    /// ([`IN_PLAN_START`]) or a Kill ([`IN_PLAN_KILL`]) for it (the plan is built from empty,
    /// so this is exact; it answers in O(1) what a scan of the plan per container answered).
    in_plan: Vec<u8>,
    plan_gen: u64,
    pending_sync: bool,
    sync_err: bool,
    requeue_gen: u64,
    sync_queued: bool,
    workers_made: bool,
    /// `Jitter::probe_anchors` as set (in start order, a restart repeating a key): collected into
    /// the map once, in `finish` (inserting in this order would shift the map's tail). Kept as
    /// the map's two parts (`VecMap::from_parts`: no unzip of pairs in the wasm).
    probe_anchors: (Vec<String>, Vec<i64>),
    gates: BTreeMap<String, String>,
    /// The scenario's readiness-gate changes (`Ev::Gate` carries an index, keeping events small).
    gate_changes: Vec<(String, String)>,
    /// How many containers are init containers or sidecars (they come first in `ctrs`).
    n_init: usize,
    /// Shared texts of probe runs: the kinds (`PK_NAMES` order) and `success`/`failure`/`timeout`.
    probe_texts: [SharedStr; 3],
    /// Condition types seen so far, shared by every snapshot's conditions, each with its
    /// status and last transition time once set; and `False`/`True`, shared too.
    cond_types: Vec<(SharedStr, Option<(bool, i64)>)>,
    cond_status: [SharedStr; 2],
    result_texts: [SharedStr; 3],
    /// The pod reduced to what `printer::print_pod` reads, for the row of every snapshot.
    print_src: Pod,
    /// Memory/disk use per container (same order as `ctrs`).
    usage: Vec<Track>,
    /// Per container, the ports it listens on now and the index of each open [`ListenSpan`].
    listen_open: Vec<Vec<(u16, usize)>>,
    /// The containers whose process was started, advanced, signalled or removed since the last
    /// [`Sim::track_listening`] (each once: `listen_marked`). Only then can a span open or close.
    /// As `(container, 0)` pairs: the shape `crate::sort::sort_pairs` sorts (no sort of its
    /// own in the wasm).
    listen_dirty: Vec<(u64, usize)>,
    listen_marked: Vec<bool>,
    /// Every wake-up [`Sim::arm_proc`] queued, as `Item(time, container, Ev::Proc)` (the queue's
    /// own type: no second heap in the wasm), earliest first; entries whose `armed` moved on
    /// are dropped as time passes. [`Sim::track_listening`] takes the ones due now from it
    /// (`due`, for the millisecond `due_t`).
    arms: BinaryHeap<Reverse<Item>>,
    due: Vec<u32>,
    due_t: i64,
    /// The containers whose runtime state (`rt`) changed since the pod cache (`seen`) last
    /// copied it: what a relist compares. Every other container has `seen == rt`.
    stale: Vec<u32>,
    disruption: Option<(String, String)>,
    pleg_armed: Option<i64>,
    hooks: Vec<Hook>,
    taint_at: Option<i64>,
    unschedulable: Option<String>,
    pull_pending: Option<(usize, String, i64, bool, u64, Option<String>)>,
    pulled: Vec<String>,
    /// When the last SyncPod finished (`lastSyncTime` in pod_workers.go).
    last_sync_end: Option<i64>,
    /// The node's memory (capacity, allocatable, the hard `memory.available` threshold).
    node_mem: NodeMemory,
    /// The node's MemoryPressure condition as the eviction manager last set it.
    memory_pressure: bool,
    // output
    pub(crate) tl: Timeline,
}

/// The pod reduced to the fields `crate::printer::print_pod` reads: `metadata.name`, the number
/// of containers and each init container's name and `restartPolicy` (sidecars), plus the
/// metadata and status [`PodState::to_pod`] sets. Cloning the full spec for every snapshot's row
/// was most of a typical simulation's time; `Timeline::state_at` still prints from the full pod
/// (and `tests/engine_invariants.rs` checks that both give the same rows).
pub(crate) fn print_source(pod: &Pod) -> Pod {
    let slim = |c: &Container| Container {
        name: c.name.clone(),
        restart_policy: c.restart_policy.clone(),
        ..Default::default()
    };
    let spec = pod.spec.as_ref().map(|s| PodSpec {
        containers: s.containers.iter().map(slim).collect(),
        init_containers: s.init_containers.as_ref().map(|v| v.iter().map(slim).collect()),
        readiness_gates: s.readiness_gates.clone(),
        node_name: s.node_name.clone(),
        ..Default::default()
    });
    let mut out = Pod { spec, ..Default::default() };
    out.metadata.name = pod.metadata.name.clone();
    out.metadata.namespace = pod.metadata.namespace.clone();
    out
}

/// Each container's usage track: its limits and emptyDir mounts.
fn usage_tracks(ctrs: &[Ctr<'_>], spec: &PodSpec) -> Vec<Track> {
    let limit = |c: &Container, r: &str| {
        c.resources
            .as_ref()
            .and_then(|x| x.limits.as_ref())
            .and_then(|l| l.get(r))
            .and_then(|q| bytes(&q.0))
            .and_then(|b| u64::try_from(b).ok())
    };
    ctrs.iter()
        .map(|ct| {
            let mut mounts = Vec::new();
            let mut size_limit: Option<u64> = None;
            for m in ct.spec.volume_mounts.iter().flatten() {
                let Some(ed) =
                    spec.volumes.iter().flatten().find(|v| v.name == m.name).and_then(|v| v.empty_dir.as_ref())
                else {
                    continue;
                };
                mounts.push(m.mount_path.clone());
                let l = ed.size_limit.as_ref().and_then(|q| bytes(&q.0)).and_then(|b| u64::try_from(b).ok());
                if let Some(l) = l {
                    size_limit = Some(size_limit.map_or(l, |s| s.min(l)));
                }
            }
            Track {
                samples: Vec::new(),
                memory_limit: limit(ct.spec, "memory"),
                disk_limit: limit(ct.spec, "ephemeral-storage").or(size_limit),
                mounts,
            }
        })
        .collect()
}

/// The node's memory as the eviction manager sees it.
///
/// System- and kube-reserved are taken as 0, so upstream's node allocatable (capacity −
/// reserved − hard eviction threshold, `GetNodeAllocatableAbsolute` /
/// `getAllocatableWithEvictionThresholds`) makes capacity = the scenario's allocatable `memory`
/// + the `memory.available` threshold. `memory.available` = capacity − the pod's working set
///   (no other pods, no system daemons), clamped at 0 as cAdvisor's `AvailableBytes` is.
#[derive(Clone, Debug)]
pub(crate) struct NodeMemory {
    /// Allocatable bytes (scenario `node.memory`, default 16Gi).
    pub allocatable: i64,
    /// Capacity bytes: allocatable + the threshold.
    pub capacity: i64,
    /// The hard `memory.available` threshold: bytes and upstream's `%v` rendering of it.
    pub threshold: Option<(i64, String)>,
    /// `evictionHard` entries that are not simulated or not valid, said in `not_simulated`.
    pub notes: Vec<String>,
}

impl NodeMemory {
    /// From the scenario's `node.memory` and `node.evictionHard` (eviction/helpers.go
    /// `parseThresholdStatement`: a quantity or a percentage of capacity, `GetThresholdQuantity`;
    /// a zero value means no threshold; defaults from defaults_linux.go `DefaultEvictionHard`).
    pub fn new(node: &super::scenario::NodeScenario) -> NodeMemory {
        use crate::quantity::{Format, Quantity};
        let allocatable = node.memory.as_deref().and_then(bytes).unwrap_or(16 << 30).max(0);
        let mut notes = Vec::new();
        let value = match &node.eviction_hard {
            None => Some("100Mi".to_string()),
            Some(m) => {
                for (k, v) in m {
                    if k != "memory.available" {
                        notes.push(format!("node.evictionHard {k}<{v} (only memory.available is simulated)"));
                    }
                }
                m.get("memory.available").cloned()
            }
        };
        let mut threshold = None;
        let mut capacity = allocatable;
        if let Some(v) = value {
            let v = v.trim();
            if let Some(pct) = v.strip_suffix('%') {
                match crate::float::parse_f64(pct.trim()) {
                    Some(p) if (0.0..100.0).contains(&p) && p > 0.0 => {
                        let p = p / 100.0;
                        // capacity − capacity·p = allocatable; the threshold is capacity·p truncated.
                        capacity = (allocatable as f64 / (1.0 - p)).round() as i64;
                        let q = (capacity as f64 * p) as i64;
                        threshold = Some((q, Quantity::from_units(q, Format::BinarySI).to_string()));
                    }
                    Some(0.0) => {}
                    _ => notes.push(format!("node.evictionHard memory.available<{v}: not a valid threshold, ignored")),
                }
            } else {
                match crate::quantity::parse(v) {
                    Ok(q) if q.sign() > 0 => {
                        let b = q.value_ceil();
                        capacity = allocatable.saturating_add(b);
                        threshold = Some((b, q.to_string()));
                    }
                    Ok(q) if q.is_zero() => {}
                    _ => notes.push(format!("node.evictionHard memory.available<{v}: not a valid threshold, ignored")),
                }
            }
        }
        NodeMemory { allocatable, capacity, threshold, notes }
    }
}

/// Upstream `resource.NewQuantity(n, resource.BinarySI).String()`.
fn binary_si(n: i64) -> String {
    crate::quantity::Quantity::from_units(n, crate::quantity::Format::BinarySI).to_string()
}

fn probe_of(c: &Container, k: usize) -> Option<&Probe> {
    match k {
        LIVENESS => c.liveness_probe.as_ref(),
        READINESS => c.readiness_probe.as_ref(),
        _ => c.startup_probe.as_ref(),
    }
}

fn restartable(c: &Container) -> bool {
    c.restart_policy.as_deref() == Some("Always")
}

/// The per-container part of [`Sim::new`] (each container's process inferred from its image
/// and command, ~20–40 µs each), resumable so that a pod of thousands of containers is set up
/// in slices too ([`super::Stepper`]). Containers are set up in the same order with the same
/// scratch filesystem either way.
pub(crate) struct Setup<'a> {
    pod: &'a Pod,
    scen: &'a Scenario,
    seed: u64,
    all: Vec<(&'a Container, String, Kind)>,
    next: usize,
    scratch: Vfs,
    ctrs: Vec<Ctr<'a>>,
    /// In container order, sorted by name once in `take_sim` (inserting in this order into a
    /// sorted map would shift its tail for each container).
    inferred: Vec<(String, InferredView)>,
}

impl<'a> Setup<'a> {
    pub(crate) fn new(pod: &'a Pod, scen: &'a Scenario, seed: u64) -> Setup<'a> {
        // Borrowed from `pod` (not a local copy of the spec) so each `Ctr` can keep a reference.
        let pod_spec: Option<&'a PodSpec> = pod.spec.as_ref();
        let all = pod_spec
            .and_then(|s| s.init_containers.as_ref())
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(i, c)| {
                (c, format!("spec.initContainers[{i}]"), if restartable(c) { Kind::Sidecar } else { Kind::Init })
            })
            .chain(
                pod_spec
                    .into_iter()
                    .flat_map(|s| s.containers.iter())
                    .enumerate()
                    .map(|(i, c)| (c, format!("spec.containers[{i}]"), Kind::Regular)),
            )
            .collect();
        Setup { pod, scen, seed, all, next: 0, scratch: Vfs::new(), ctrs: Vec::new(), inferred: Vec::new() }
    }

    /// Sets up at most `n` more containers; true once all are.
    pub(crate) fn step(&mut self, n: usize) -> bool {
        let (scen, scratch, ctrs, inferred) = (self.scen, &mut self.scratch, &mut self.ctrs, &mut self.inferred);
        let stop = self.next.saturating_add(n).min(self.all.len());
        for (c, path, kind) in self.all[self.next..stop].iter().cloned() {
            let ov = scen.containers.get(&c.name);
            let probe = Process::start(c, ov, scratch, 0);
            let inf = probe.inferred();
            inferred.push((
                c.name.clone(),
                InferredView {
                    summary: inf.summary.clone(),
                    details: inf.details.clone(),
                    stop_signal: inf.stop_signal.name(),
                    not_simulated: inf.not_simulated.clone(),
                },
            ));
            let none = Rt { state: RState::None, prev: None, restart_count: 0 };
            ctrs.push(Ctr {
                name: c.name.clone(),
                sname: SharedStr::new(&c.name),
                kind,
                spec: c,
                path,
                proc: None,
                armed: None,
                inst: 0,
                rt: none.clone(),
                seen: none,
                stale: false,
                backoff: None,
                img_backoff: None,
                pulls: 0,
                reason_cache: None,
                pending_reason: None,
                workers: [None, None, None],
                kill: None,
                kill_gen: 0,
                hook_gen: 0,
                stop_signal: inf.stop_signal,
                ever_ran: false,
            });
        }
        self.next = stop;
        self.next >= self.all.len()
    }

    /// The simulation, once every container is set up (sets up what is left first). Leaves
    /// this set-up empty.
    pub(crate) fn take_sim(&mut self) -> Sim<'a> {
        while !self.step(usize::MAX) {}
        let (ctrs, inferred) = (std::mem::take(&mut self.ctrs), std::mem::take(&mut self.inferred));
        Sim::assemble(self.pod, self.scen, self.seed, ctrs, inferred.into_iter().collect())
    }
}

impl<'a> Sim<'a> {
    pub(crate) fn new(pod: &'a Pod, scen: &'a Scenario, seed: u64) -> Sim<'a> {
        // `take_sim` sets up every container first.
        Setup::new(pod, scen, seed).take_sim()
    }

    /// The rest of [`Sim::new`] once every container is set up ([`Setup`]).
    fn assemble(
        pod: &'a Pod,
        scen: &'a Scenario,
        seed: u64,
        ctrs: Vec<Ctr<'a>>,
        inferred: VecMap<String, InferredView>,
    ) -> Sim<'a> {
        let spec: Cow<'a, PodSpec> = pod.spec.as_ref().map_or_else(|| Cow::Owned(PodSpec::default()), Cow::Borrowed);
        let name = pod.metadata.name.clone().unwrap_or_else(|| "pod".into());
        let ns = pod.metadata.namespace.clone().unwrap_or_else(|| "default".into());
        let uid = pod
            .metadata
            .uid
            .clone()
            .unwrap_or_else(|| format!("{:08x}-0000-4000-8000-{:012x}", seed as u32, seed & 0xffff_ffff_ffff));
        let until = scen.until.map(|m| m.0).unwrap_or(DEFAULT_UNTIL_MS).clamp(0, MAX_UNTIL_MS);
        let mut rng = Rng::new(seed);
        let mut jitter = Jitter {
            pleg_phase_ms: rng.below(PLEG_MS),
            sandbox_ms: 300 + rng.below(600),
            eviction_phase_ms: rng.below(EVICTION_MS),
            ..Default::default()
        };
        jitter.requeues.clear();
        let qos = crate::qos::compute_pod_qos(&spec).as_str().to_string();
        let mut not_simulated: Vec<String> = [
            "Evented PLEG (alpha, off by default)",
            "other pods on the node (their memory use, the ranking among pods for node-pressure eviction, preemption victims, admission against other pods' requests), system daemons' memory and system-/kube-reserved (taken as 0)",
            "node-pressure eviction on nodefs/imagefs/inodes/pids, soft thresholds (evictionSoft), and the kernel OOM killer for several containers' sum reaching the node's capacity",
            "the node coming back after a failure, PodGC, and controllers creating replacement pods",
            "EndpointSlice updates and traffic",
            "ephemeral containers, in-place resize, pod-level resources",
            "volumes other than emptyDir/ConfigMap/Secret environment references",
            "lifecycle tcpSocket hooks (deprecated; the kubelet ignores them)",
            "ContainerRestartRules, ContainerStopSignals, KubeletCrashLoopBackOffMax (alpha, off)",
            "kubelet restarts (the probe workers' initial random sleep never applies)",
            "the pod-worker 1 s sync ticker granularity",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let node_mem = NodeMemory::new(&scen.node);
        not_simulated.extend(node_mem.notes.iter().cloned());
        for (n, inf) in &inferred {
            for s in &inf.not_simulated {
                not_simulated.push(format!("container {n}: {s}"));
            }
        }
        let print_src = print_source(pod);
        let tl = Timeline {
            pod: name.clone(),
            seed,
            qos_class: qos,
            until_ms: until,
            // Sized for a typical pod (10 minutes: ~10 events and snapshots, ~20 probe runs),
            // so that it does not regrow its vectors 3–5 times each; larger runs grow as before.
            events: Vec::with_capacity(16),
            status: Vec::new(),
            containers: Vec::new(),
            probes: Vec::with_capacity(32),
            hooks: Vec::new(),
            signals: Vec::new(),
            grace: Vec::new(),
            conditions: Vec::new(),
            transitions: Vec::with_capacity(16),
            usage: Vec::new(),
            listening: Vec::new(),
            inferred,
            jitter,
            not_simulated,
            truncated: false,
            removed_ms: None,
            steps: 0,
            snapshots: Vec::with_capacity(16),
            // `state_at` only prints rows from it: the slim copy `kubectl_row` needs (made
            // again rather than cloned: no `Pod::clone` in the wasm).
            source: std::sync::Arc::new(print_source(pod)),
        };
        let n_init = ctrs.iter().filter(|c: &&Ctr<'_>| c.kind != Kind::Regular).count();
        let usage = usage_tracks(&ctrs, &spec);
        let listen_open = vec![Vec::new(); ctrs.len()];
        let listen_marked = vec![false; ctrs.len()];
        Sim {
            spec,
            scen,
            name,
            ns,
            uid,
            rng,
            vfs: Vfs::new(),
            q: BinaryHeap::with_capacity(16),
            seq: 0,
            now: 0,
            until,
            steps: 0,
            truncated: false,
            over: false,
            ctrs,
            node: scen.node.name.clone().unwrap_or_else(|| "node-1".into()),
            scheduled: false,
            start_time: None,
            sandbox: false,
            kubelet_alive: true,
            node_ready: true,
            terminal: None,
            pod_reason: None,
            deletion: None,
            terminating: false,
            term_grace: 30,
            term_grace_field: String::new(),
            taint_field: String::new(),
            deletion_field: String::new(),
            pending_terminal: None,
            removed: None,
            busy: false,
            plan: VecDeque::new(),
            in_plan: Vec::new(),
            plan_gen: 0,
            pending_sync: false,
            sync_err: false,
            requeue_gen: 0,
            sync_queued: false,
            workers_made: false,
            probe_anchors: (Vec::new(), Vec::new()),
            gates: BTreeMap::new(),
            gate_changes: Vec::new(),
            n_init,
            probe_texts: PK_NAMES.map(SharedStr::new),
            cond_types: Vec::new(),
            cond_status: ["False", "True"].map(SharedStr::new),
            result_texts: ["success", "failure", "timeout"].map(SharedStr::new),
            print_src,
            listen_open,
            listen_dirty: Vec::new(),
            listen_marked,
            arms: BinaryHeap::new(),
            due: Vec::new(),
            due_t: -1,
            stale: Vec::new(),
            usage,
            disruption: None,
            pleg_armed: None,
            hooks: Vec::new(),
            taint_at: None,
            unschedulable: None,
            pull_pending: None,
            pulled: Vec::new(),
            last_sync_end: None,
            node_mem,
            memory_pressure: false,
            tl,
        }
    }

    fn push(&mut self, t: i64, ev: Ev) {
        self.seq += 1;
        self.q.push(Reverse(Item(t.max(self.now), self.seq, ev)));
    }

    fn event(&mut self, type_: &str, reason: &str, object: &str, message: String, from: &str) {
        self.tl.events.push(Event {
            t_ms: self.now,
            type_: type_.into(),
            reason: reason.into(),
            object: object.into(),
            message,
            from: from.into(),
        });
    }

    fn cevent(&mut self, c: usize, type_: &str, reason: &str, message: String) {
        let obj = format!("container/{}", self.ctrs[c].name);
        self.event(type_, reason, &obj, message, "kubelet");
    }

    fn why(&mut self, rule: impl Into<String>, field: impl Into<String>) {
        self.push_why(rule.into(), field.into());
    }

    /// [`Sim::why`]'s body, once for every argument type (its 29 call sites inlined a push each).
    fn push_why(&mut self, rule: String, field: String) {
        self.tl.transitions.push(Transition { t_ms: self.now, rule, field });
    }

    fn pod_key(&self) -> String {
        format!("{}_{}({})", self.name, self.ns, self.uid)
    }

    /// The field that makes container `c` restart: a sidecar's own `restartPolicy: Always`,
    /// else the pod's `restartPolicy`.
    fn restart_field(&self, c: usize) -> String {
        match self.ctrs[c].kind {
            Kind::Sidecar => format!("{}.restartPolicy", self.ctrs[c].path),
            _ => "spec.restartPolicy".into(),
        }
    }

    fn grace_spec(&self) -> i64 {
        self.spec.termination_grace_period_seconds.unwrap_or(30).clamp(0, MAX_GRACE_S)
    }

    fn restart_policy(&self) -> &str {
        self.spec.restart_policy.as_deref().unwrap_or("Always")
    }

    /// Runs the whole simulation.
    pub(crate) fn run(mut self) -> Timeline {
        self.start();
        while !self.step(u64::MAX) {}
        self.finish()
    }

    /// Queues the scenario's first events and publishes the initial status.
    pub(crate) fn start(&mut self) {
        self.push(0, Ev::Schedule);
        if let Some(d) = &self.scen.delete {
            let g = d.grace_period_seconds.unwrap_or(-1);
            self.push(d.at.0.max(0), Ev::Delete(g));
        }
        if let Some(f) = &self.scen.node.fail {
            self.push(f.at.0.max(0), Ev::NodeFail);
        }
        let gates: Vec<(String, String, i64)> = self
            .scen
            .readiness_gates
            .iter()
            .map(|(k, g)| (k.clone(), g.status.clone().unwrap_or_else(|| "True".into()), g.at.0.max(0)))
            .collect();
        for (k, s, at) in gates {
            self.gate_changes.push((k, s));
            let i = self.gate_changes.len() - 1;
            self.push(at, Ev::Gate(i));
        }
        self.publish();
    }

    /// Handles at most `budget` queue events; true once the run is over (the queue is empty,
    /// `until` or [`MAX_STEPS`] is reached, or the pod object is gone). Calling it again after
    /// it returned true does nothing. The same events in the same order as one long loop:
    /// slicing never changes the result.
    pub(crate) fn step(&mut self, budget: u64) -> bool {
        if self.over {
            return true;
        }
        let mut handled = 0u64;
        while handled < budget {
            handled += 1;
            let Some(Reverse(Item(t, _, ev))) = self.q.pop() else {
                self.over = true;
                return true;
            };
            if t > self.until {
                self.over = true;
                return true;
            }
            self.steps += 1;
            if self.steps > MAX_STEPS {
                self.truncated = true;
                self.over = true;
                return true;
            }
            self.now = t;
            self.handle(ev);
            // A process starts or stops listening only at its own wake-ups (`next_change`, which
            // queue `Proc` events and are polled), a signal, a start or an exit: each of them puts
            // the container in `listen_dirty`. Other events (probe ticks and results, syncs) skip
            // the scan, which otherwise cost as much as the rest of a long run (5 containers ×
            // every event), and the scan looks only at the containers that can have changed.
            if !self.listen_dirty.is_empty() {
                self.track_listening();
            }
            if self.removed.is_some() {
                self.over = true;
                return true;
            }
        }
        false
    }

    /// Queue events handled so far.
    pub(crate) fn steps(&self) -> u64 {
        self.steps
    }

    /// Virtual time reached so far and the span to simulate (for a progress bar).
    pub(crate) fn progress(&self) -> (i64, i64) {
        (self.now.min(self.until), self.until)
    }

    fn handle(&mut self, ev: Ev) {
        if !self.kubelet_alive
            && !matches!(ev, Ev::NodeDetect | Ev::TaintEvict | Ev::Gate(..) | Ev::Delete(_) | Ev::Schedule)
        {
            return;
        }
        match ev {
            Ev::Schedule => self.schedule(),
            Ev::Sync(u64::MAX) => {
                if let Some((_, g)) = self.deletion {
                    self.term_grace_field = self.deletion_field.clone();
                    self.begin_termination(g, None);
                }
            }
            Ev::Sync(g) => {
                if g == 0 {
                    self.sync_queued = false;
                    self.sync();
                } else if g == self.requeue_gen {
                    self.sync();
                }
            }
            Ev::Step(g) => {
                if g == self.plan_gen {
                    self.run_plan();
                }
            }
            Ev::Pleg => self.relist(),
            Ev::Proc(c) => {
                let c = c as usize;
                if self.ctrs[c].armed == Some(self.now) {
                    self.ctrs[c].armed = None;
                    self.poll_proc(c);
                }
            }
            Ev::Tick(c, k, g) => self.tick(c as usize, usize::from(k), g),
            Ev::ProbeDone(c, k, res, run) => self.probe_done(c as usize, usize::from(k), res, run as usize),
            Ev::HookDone(h, g) => self.hook_done(h as usize, g),
            Ev::Kill(c, g) => self.kill_timer(c as usize, g),
            Ev::Delete(g) => self.api_delete(g),
            Ev::NodeFail => self.node_fail(),
            Ev::NodeDetect => self.node_detect(),
            Ev::TaintEvict => self.taint_evict(),
            Ev::Gate(i) => {
                let Some((k, s)) = self.gate_changes.get(i).cloned() else { return };
                self.gates.insert(k, s);
                self.refresh_conditions();
            }
            Ev::Evict => self.eviction_pass(),
            Ev::Remove => {
                self.removed = Some(self.now);
                self.why("The status manager deletes the object once it shows a terminal phase and every container has stopped (status_manager.go canBeDeleted); the deletion itself came from the scenario's delete or the taint eviction controller, not from a spec field.", "");
                self.publish();
            }
        }
    }

    // ---------------------------------------------------------------- scheduling

    /// The scheduler's Filter for node resources (`noderesources/fit.go`) and scheduling gates.
    fn schedule(&mut self) {
        if self.spec.scheduling_gates.as_ref().is_some_and(|g| !g.is_empty()) {
            self.why(
                "A pod with non-empty spec.schedulingGates is not considered by the scheduler.",
                "spec.schedulingGates",
            );
            self.publish();
            return;
        }
        let (cpu, mem) = self.requests();
        let node_cpu = self.scen.node.cpu.as_deref().and_then(cpu_millis).unwrap_or(4000);
        let node_mem = self.scen.node.memory.as_deref().and_then(bytes).unwrap_or(16 << 30);
        let mut short = Vec::new();
        if cpu > node_cpu {
            short.push("Insufficient cpu");
        }
        if mem > node_mem {
            short.push("Insufficient memory");
        }
        if let Some(n) = self.spec.node_name.clone().filter(|n| !n.is_empty()) {
            // Bound directly: no scheduler; the kubelet's admission (predicate.go) decides.
            self.node = n;
            self.scheduled = true;
            if !short.is_empty() {
                let (res, req, cap) = if cpu > node_cpu { ("cpu", cpu, node_cpu) } else { ("memory", mem, node_mem) };
                let reason = format!("OutOf{res}");
                let msg =
                    format!("Node didn't have enough resource: {res}, requested: {req}, used: 0, capacity: {cap}");
                self.now += WATCH_MS;
                self.event("Warning", &reason, "pod", msg.clone(), "kubelet");
                let field = self.request_field(res);
                self.why("The kubelet admits a pod only if its requests fit the node's allocatable (lifecycle/predicate.go); spec.nodeName bypassed the scheduler.", field);
                self.pod_reason = Some((reason, format!("Pod was rejected: {msg}")));
                self.terminal = Some("Failed".into());
                self.start_time = Some(self.now);
                self.publish();
                return;
            }
            self.push(WATCH_MS, Ev::Sync(0));
            self.sync_queued = true;
            self.publish();
            return;
        }
        let forced = self.scen.node.unschedulable.clone();
        if !short.is_empty() || forced.is_some() {
            let msg = forced.clone().unwrap_or_else(|| {
                super::util::fit_error(1, &short.iter().map(|s| format!("1 {s}")).collect::<Vec<_>>(), 1, 0)
            });
            self.event("Warning", "FailedScheduling", "pod", msg.clone(), "default-scheduler");
            self.pod_reason = None;
            let i = self.cond_slot("PodScheduled");
            self.cond_types[i].1 = Some((false, 0));
            self.disruption = None;
            if forced.is_some() {
                self.why("The scheduler found no node for the pod: every node failed a filter (see the message); the pod stays Pending until one fits.", String::new());
            } else {
                let field = self.request_field(if cpu > node_cpu { "cpu" } else { "memory" });
                self.why("The scheduler's NodeResourcesFit filter rejects a node whose allocatable minus requested is smaller than the pod's requests.", field);
            }
            self.unschedulable = Some(msg);
            self.publish();
            return;
        }
        self.scheduled = true;
        let msg = format!("Successfully assigned {}/{} to {}", self.ns, self.name, self.node);
        self.event("Normal", "Scheduled", "pod", msg, "default-scheduler");
        self.push(WATCH_MS, Ev::Sync(0));
        self.sync_queued = true;
        self.publish();
    }

    /// The field of the largest request of `res` (`cpu`/`memory`) among the containers: the one
    /// most responsible for the pod not fitting ("" when no container requests it).
    fn request_field(&self, res: &str) -> String {
        let mut best: Option<(i64, String)> = None;
        for ct in &self.ctrs {
            let r = ct.spec.resources.as_ref();
            for (which, m) in
                [("requests", r.and_then(|r| r.requests.as_ref())), ("limits", r.and_then(|r| r.limits.as_ref()))]
            {
                let Some(q) = m.and_then(|m| m.get(res)) else { continue };
                let v = if res == "cpu" { cpu_millis(&q.0) } else { bytes(&q.0) }.unwrap_or(0);
                if best.as_ref().is_none_or(|b| v > b.0) {
                    best = Some((v, format!("{}.resources.{which}.{res}", ct.path)));
                }
                break;
            }
        }
        best.map(|b| b.1).unwrap_or_default()
    }

    /// Pod requests: max(sum of regular + sidecars, largest init + sidecars before it) (resourcehelper).
    fn requests(&self) -> (i64, i64) {
        let get = |c: &Container, r: &str| -> i64 {
            let res = c.resources.as_ref();
            let q = res
                .and_then(|r0| r0.requests.as_ref())
                .and_then(|m| m.get(r))
                .or_else(|| res.and_then(|r0| r0.limits.as_ref()).and_then(|m| m.get(r)));
            q.and_then(|q| if r == "cpu" { cpu_millis(&q.0) } else { bytes(&q.0) }).unwrap_or(0)
        };
        let mut out = [0i64; 2];
        for (i, r) in ["cpu", "memory"].iter().enumerate() {
            let mut sidecars = 0i64;
            let mut init_max = 0i64;
            for c in self.spec.init_containers.iter().flatten() {
                if restartable(c) {
                    sidecars = sidecars.saturating_add(get(c, r));
                    init_max = init_max.max(sidecars);
                } else {
                    init_max = init_max.max(sidecars.saturating_add(get(c, r)));
                }
            }
            let regular: i64 = self.spec.containers.iter().map(|c| get(c, r)).fold(0, i64::saturating_add);
            out[i] = init_max.max(regular.saturating_add(sidecars));
        }
        (out[0], out[1])
    }
}

// -------------------------------------------------------------------- pod worker
impl Sim<'_> {
    /// Asks the pod worker for a sync (coalesced while one is running; pod_workers.go).
    fn request_sync(&mut self) {
        if !self.scheduled || self.terminal.is_some() && !self.terminating {
            return;
        }
        if self.busy {
            self.pending_sync = true;
        } else if !self.sync_queued {
            self.sync_queued = true;
            self.push(self.now, Ev::Sync(0));
        }
    }

    /// `SyncPod` (kubelet.go) + `computePodActions` (kuberuntime_manager.go).
    fn sync(&mut self) {
        if self.busy || self.terminal.is_some() || self.terminating || !self.kubelet_alive {
            if self.busy {
                self.pending_sync = true;
            }
            return;
        }
        // pod_workers.go podWorkerLoop: `podCache.GetNewerThan(uid, lastSyncTime)` blocks until
        // the PLEG has relisted after the previous sync ended, so a sync never acts on a
        // snapshot older than its predecessor's actions.
        if let Some(end) = self.last_sync_end {
            let t = self.next_relist_after(end);
            if self.now < t {
                self.sync_queued = true;
                self.push(t, Ev::Sync(0));
                return;
            }
            if self.now == t {
                self.copy_cache();
            }
        }
        if self.start_time.is_none() {
            self.start_time = Some(self.now);
        }
        if !self.workers_made {
            self.make_workers();
        }
        self.busy = true;
        self.sync_err = false;
        self.plan_gen += 1;
        self.plan.clear();
        self.in_plan.clear();
        self.in_plan.resize(self.ctrs.len(), 0);
        self.publish();
        self.manual_readiness();
        // A terminal phase from getPhase (all regular containers done, or init failed with Never)
        // moves the pod worker to terminating (pod_workers.go, SyncTerminatingPod).
        let phase = self.tl.snapshots.last().map(|a| a.phase.clone()).unwrap_or_default();
        if phase == "Succeeded" || phase == "Failed" {
            self.busy = false;
            self.why(
                format!("getPhase reports {phase}: no regular container is running or will be restarted under restartPolicy {}, so the kubelet kills the pod (kubelet_pods.go getPhase).", self.restart_policy()),
                "spec.restartPolicy",
            );
            let g = self.grace_spec();
            self.term_grace_field = "spec.terminationGracePeriodSeconds".into();
            self.begin_termination(g, Some((phase, String::new())));
            return;
        }
        if !self.sandbox {
            self.plan.push_back(Step::Sandbox);
        }
        let policy = self.restart_policy().to_string();
        // Kills for liveness/startup failures.
        for c in 0..self.ctrs.len() {
            let ct = &self.ctrs[c];
            if ct.kind == Kind::Init || !matches!(ct.seen.state, RState::Running { .. }) || ct.kill.is_some() {
                continue;
            }
            for k in [STARTUP, LIVENESS] {
                let failed =
                    ct.workers[k].as_ref().is_some_and(|w| w.result == Res::Failure && w.cid == running_id(&ct.seen));
                if failed {
                    let restart = ct.kind == Kind::Sidecar || policy != "Never";
                    let what = if k == LIVENESS { "liveness" } else { "startup" };
                    let msg = if ct.kind == Kind::Sidecar {
                        format!("Init container {} failed {what} probe", ct.name)
                    } else if restart {
                        format!("Container {} failed {what} probe, will be restarted", ct.name)
                    } else {
                        format!("Container {} failed {what} probe", ct.name)
                    };
                    let pg = probe_of(ct.spec, k).and_then(|p| p.termination_grace_period_seconds);
                    let grace = pg.unwrap_or_else(|| self.grace_spec());
                    let gfield = match pg {
                        Some(_) => format!("{}.{}.terminationGracePeriodSeconds", ct.path, PK_FIELDS[k]),
                        None => "spec.terminationGracePeriodSeconds".into(),
                    };
                    let field = format!("{}.{}.failureThreshold", ct.path, PK_FIELDS[k]);
                    let id = running_id(&self.ctrs[c].seen);
                    self.plan_push(Step::Kill { c, id, msg, grace, gfield });
                    self.why(format!("The {what} probe reached failureThreshold consecutive failures, so the kubelet kills the container (prober/worker.go, computePodActions)."), field);
                    if restart {
                        // doBackOff looks at the most recent *exited* instance in the sync's
                        // snapshot: the previous instance, not the one being killed now.
                        let le = self.ctrs[c].seen.prev.clone();
                        self.plan_push(Step::Start { c, last_exit: le });
                    }
                    break;
                }
            }
        }
        // Init containers (computeInitContainerActions).
        let mut initialized = true;
        // The same for every init container: nothing runs while the plan is built.
        let mut regular_started: Option<bool> = None;
        for c in 0..self.ctrs.len() {
            let ct = &self.ctrs[c];
            if ct.kind == Kind::Regular {
                break;
            }
            let exited = match &ct.seen.state {
                RState::Exited(t) => Some(t.clone()),
                _ => None,
            };
            let any_regular_started =
                *regular_started.get_or_insert_with(|| self.ctrs.iter().any(|x| x.kind == Kind::Regular && x.ever_ran));
            match (&ct.seen.state, ct.kind) {
                (RState::Running { .. }, Kind::Sidecar) => {
                    if !self.started_flag(c) && !any_regular_started {
                        initialized = false;
                        break;
                    }
                }
                (RState::Running { .. }, _) => {
                    initialized = false;
                    break;
                }
                (RState::Exited(t), Kind::Init) if t.exit_code == 0 => {}
                (RState::Exited(_), Kind::Init) => {
                    if policy == "Never" {
                        initialized = false;
                        break;
                    }
                    if !self.plan_has_start(c) {
                        self.plan_push(Step::Start { c, last_exit: exited });
                    }
                    initialized = false;
                    break;
                }
                (_, kind) => {
                    // Not yet run (or a sidecar that exited: always restarted).
                    if !self.plan_has_start(c) && ct.kill.is_none() {
                        self.plan_push(Step::Start { c, last_exit: exited });
                    }
                    if kind == Kind::Init || !any_regular_started {
                        initialized = false;
                        break;
                    }
                }
            }
        }
        if initialized {
            for c in 0..self.ctrs.len() {
                let ct = &self.ctrs[c];
                if ct.kind != Kind::Regular || ct.kill.is_some() || self.plan_has_start(c) {
                    continue;
                }
                let start = match &ct.seen.state {
                    RState::None => true,
                    RState::Running { .. } => false,
                    RState::Exited(t) => policy == "Always" || (policy == "OnFailure" && t.exit_code != 0),
                };
                if start {
                    let le = match &ct.seen.state {
                        RState::Exited(t) => Some(t.clone()),
                        _ => None,
                    };
                    self.plan_push(Step::Start { c, last_exit: le });
                }
            }
            // computePodActions: `keepCount == 0 && len(ContainersToStart) == 0` → KillPod. No
            // regular container keeps running and none will start: the kubelet kills every
            // remaining container (sidecars included, InitContainersToStart = nil) through
            // killPodWithSyncResult, whose killContainer message is "Stopping container <c>",
            // even for a liveness failure under restartPolicy Never.
            let keep = (0..self.ctrs.len()).any(|c| {
                self.ctrs[c].kind == Kind::Regular
                    && matches!(self.ctrs[c].seen.state, RState::Running { .. })
                    && self.in_plan.get(c).is_none_or(|m| m & IN_PLAN_KILL == 0)
            });
            let starts =
                self.plan.iter().any(|s| matches!(s, Step::Start { c, .. } if self.ctrs[*c].kind == Kind::Regular));
            let any_running = self.ctrs.iter().any(|c| matches!(c.rt.state, RState::Running { .. }));
            if !keep && !starts && any_running && self.ctrs.iter().any(|c| c.kind == Kind::Regular && c.ever_ran) {
                self.plan.clear();
                self.busy = false;
                self.why(
                    "No regular container is running or will be restarted, so computePodActions sets KillPod: every remaining container (sidecars too) is stopped (kuberuntime_manager.go).",
                    "spec.restartPolicy",
                );
                let g = self.grace_spec();
                self.term_grace_field = "spec.terminationGracePeriodSeconds".into();
                self.begin_termination(g, None);
                return;
            }
        }
        self.run_plan();
    }

    /// The plan being built holds a Start for `c` (only while [`Sim::sync`] builds it).
    fn plan_has_start(&self, c: usize) -> bool {
        let has = self.in_plan.get(c).is_some_and(|m| m & IN_PLAN_START != 0);
        #[cfg(test)]
        assert_eq!(has, self.plan.iter().any(|s| matches!(s, Step::Start { c: x, .. } if *x == c)));
        has
    }

    /// Appends a step to the plan [`Sim::sync`] builds, noting Starts and Kills in `in_plan`.
    fn plan_push(&mut self, step: Step) {
        let (c, bit) = match &step {
            Step::Start { c, .. } => (*c, IN_PLAN_START),
            Step::Kill { c, .. } => (*c, IN_PLAN_KILL),
            _ => (usize::MAX, 0),
        };
        if let Some(m) = self.in_plan.get_mut(c) {
            *m |= bit;
        }
        self.plan.push_back(step);
    }

    /// Executes plan steps until one has to wait in virtual time.
    fn run_plan(&mut self) {
        while let Some(step) = self.plan.pop_front() {
            if self.exec_step(step) {
                return;
            }
        }
        self.finish_sync();
    }

    fn resume_plan(&mut self) {
        self.push(self.now, Ev::Step(self.plan_gen));
    }

    fn wait_plan(&mut self, at: i64) {
        self.push(at, Ev::Step(self.plan_gen));
    }

    /// End of a SyncPod: update the reason cache, requeue (pod_workers.go completeWork).
    fn finish_sync(&mut self) {
        for c in 0..self.ctrs.len() {
            if let Some(r) = self.ctrs[c].pending_reason.take() {
                self.ctrs[c].reason_cache = r;
            }
        }
        self.busy = false;
        self.last_sync_end = Some(self.now);
        self.requeue_gen += 1;
        let delay = if self.sync_err { self.rng.jitter(ERR_REQUEUE, 0.5) } else { self.rng.jitter(RESYNC, 0.5) };
        self.tl.jitter.requeues.push((self.now, delay));
        let g = self.requeue_gen;
        self.push(self.now + delay, Ev::Sync(g));
        if self.pending_sync {
            self.pending_sync = false;
            self.request_sync();
        }
    }

    /// Returns true when the step waits (the plan resumes with `Ev::Step`).
    fn exec_step(&mut self, step: Step) -> bool {
        match step {
            Step::Sandbox => {
                let d = self.tl.jitter.sandbox_ms;
                self.plan.push_front(Step::SandboxDone);
                self.wait_plan(self.now + d);
                true
            }
            Step::SandboxDone => {
                self.sandbox = true;
                false
            }
            Step::Kill { c, id, msg, grace, gfield } => {
                // KillContainer targets the container ID from the sync's snapshot.
                let running = running_id(&self.ctrs[c].rt);
                if running.is_none() || id.is_some() && id != running {
                    return false;
                }
                // The plan waits for the kill only if the container did not stop at once
                // (a process that dies on the stop signal returns from StopContainer at once).
                self.begin_kill(c, msg, grace, gfield, false, false);
                match self.ctrs[c].kill.as_mut() {
                    Some(k) => {
                        k.by_plan = true;
                        true
                    }
                    None => false,
                }
            }
            Step::Start { c, last_exit } => self.step_start(c, last_exit),
            Step::Create { c } => self.step_create(c),
            Step::Run { c } => self.step_run(c),
        }
    }

    fn start_failed(&mut self, c: usize, reason: &str, msg: String) {
        self.ctrs[c].pending_reason = Some(Some((reason.to_string(), msg)));
        self.sync_err = true;
        // An init container error stops the sync (computeInitContainerActions starts one at a time).
        if self.ctrs[c].kind != Kind::Regular {
            self.plan.retain(|s| !matches!(s, Step::Start { .. } | Step::Create { .. } | Step::Run { .. }));
        }
    }

    /// `startContainer` part 1: `doBackOff` then `EnsureImageExists` (image_manager.go).
    fn step_start(&mut self, c: usize, last_exit: Option<Term>) -> bool {
        let name = self.ctrs[c].name.clone();
        let path = self.ctrs[c].path.clone();
        if let Some(t) = last_exit {
            let now = self.now;
            let entry = self.ctrs[c].backoff;
            let expired = |e: (i64, i64)| t.finished_at_ms - e.1 > BACKOFF_RESET;
            if let Some(e) = entry.filter(|e| !expired(*e)) {
                if now - t.finished_at_ms < e.0 {
                    self.cevent(
                        c,
                        "Warning",
                        "BackOff",
                        format!("Back-off restarting failed container {name} in pod {}", self.pod_key()),
                    );
                    let m = format!(
                        "back-off {} restarting failed container={name} pod={}",
                        go_duration(e.0),
                        self.pod_key()
                    );
                    self.why(format!("Crash-loop back-off: the previous instance finished {} ago, less than the current back-off {} (kuberuntime_manager.go doBackOff).", go_duration(now - t.finished_at_ms), go_duration(e.0)), self.restart_field(c));
                    self.start_failed(c, "CrashLoopBackOff", m);
                    return false;
                }
            }
            let next = match entry {
                Some(e) if !expired(e) => (e.0 * 2).min(BACKOFF_MAX),
                _ => BACKOFF_INIT,
            };
            self.ctrs[c].backoff = Some((next, now));
        }
        let image = self.ctrs[c].spec.image.clone().unwrap_or_default();
        if !image_ref_valid(&image) {
            let m = format!("Failed to apply default image tag {image:?}: couldn't parse image name {image:?}: invalid reference format");
            self.cevent(c, "Warning", "InspectFailed", m.clone());
            self.cevent(c, "Warning", "Failed", "Error: InvalidImageName".into());
            self.why(
                "The image reference does not parse, so the kubelet cannot pull it (images/image_manager.go).",
                format!("{path}.image"),
            );
            self.start_failed(c, "InvalidImageName", m);
            return false;
        }
        let policy = pull_policy(&image, self.ctrs[c].spec.image_pull_policy.as_deref());
        let isc = self.scen.images.get(&image).cloned().unwrap_or_default();
        let present = isc.present || self.scen.node.images.contains(&image) || self.image_pulled(&image);
        if policy == "Never" && !present {
            let m = format!("Container image {image:?} is not present with pull policy of Never");
            self.cevent(c, "Warning", "ErrImageNeverPull", m.clone());
            self.cevent(c, "Warning", "Failed", "Error: ErrImageNeverPull".into());
            self.start_failed(c, "ErrImageNeverPull", m);
            return false;
        }
        if policy != "Always" && present {
            self.cevent(c, "Normal", "Pulled", format!("Container image {image:?} already present on machine"));
            self.plan.push_front(Step::Create { c });
            return false;
        }
        if let Some((period, last)) = self.ctrs[c].img_backoff {
            if self.now - last < period {
                let m = format!("Back-off pulling image {image:?}");
                self.cevent(c, "Normal", "BackOff", m.clone());
                self.cevent(c, "Warning", "Failed", "Error: ImagePullBackOff".into());
                self.why(
                    "Image pull back-off: 10 s doubling to 300 s per (pod, image) (images/image_manager.go).",
                    format!("{path}.image"),
                );
                self.start_failed(c, "ImagePullBackOff", m);
                return false;
            }
        }
        self.cevent(c, "Normal", "Pulling", format!("Pulling image {image:?}"));
        let pull = isc.pull.map(|m| m.0).unwrap_or(DEFAULT_PULL_MS).max(0);
        self.ctrs[c].pulls += 1;
        let fails = isc.fail.is_some() && isc.fail_times.is_none_or(|n| self.ctrs[c].pulls <= n);
        self.pull_pending = Some((c, image, pull, fails, isc.size.unwrap_or(DEFAULT_IMAGE_SIZE), isc.fail.clone()));
        self.wait_plan(self.now + pull);
        self.plan.push_front(Step::Create { c });
        true
    }

    fn image_pulled(&self, image: &str) -> bool {
        self.pulled.iter().any(|i| i == image)
    }

    /// `startContainer` part 2: the pull result, config check and `CreateContainer`.
    fn step_create(&mut self, c: usize) -> bool {
        let path = self.ctrs[c].path.clone();
        if let Some((pc, image, pull, fails, size, kind)) = self.pull_pending.take() {
            if pc == c {
                if fails {
                    let n = normalize(&image);
                    let err = match kind.as_deref() {
                        Some("Unauthorized") => format!("failed to pull and unpack image \"{n}\": failed to resolve reference \"{n}\": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed"),
                        _ => format!("rpc error: code = NotFound desc = failed to pull and unpack image \"{n}\": failed to resolve reference \"{n}\": {n}: not found"),
                    };
                    self.cevent(c, "Warning", "Failed", format!("Failed to pull image {image:?}: {err}"));
                    self.cevent(c, "Warning", "Failed", "Error: ErrImagePull".into());
                    let next = match self.ctrs[c].img_backoff {
                        Some((p, _)) => (p * 2).min(BACKOFF_MAX),
                        None => BACKOFF_INIT,
                    };
                    self.ctrs[c].img_backoff = Some((next, self.now));
                    self.why("The registry refused the pull (scenario images.<image>.fail); the next attempt waits for the image back-off.", format!("{path}.image"));
                    self.plan.retain(|s| !matches!(s, Step::Create { c: x } if *x == c));
                    self.start_failed(c, "ErrImagePull", err);
                    return false;
                }
                self.ctrs[c].img_backoff = None;
                if !self.pulled.contains(&image) {
                    self.pulled.push(image.clone());
                }
                let d = go_duration(pull);
                self.cevent(
                    c,
                    "Normal",
                    "Pulled",
                    format!(
                        "Successfully pulled image {image:?} in {d} ({d} including waiting). Image size: {size} bytes."
                    ),
                );
            }
        }
        if let Some((err, field)) = self.config_error(c) {
            self.cevent(c, "Warning", "Failed", format!("Error: {err}"));
            self.why("A referenced ConfigMap/Secret or key does not exist (per the scenario's configMaps/secrets) and the reference is not optional (kubelet_pods.go makeEnvironmentVariables).", format!("{path}.{field}"));
            self.start_failed(c, "CreateContainerConfigError", err);
            return false;
        }
        self.plan.push_front(Step::Run { c });
        self.wait_plan(self.now + CREATE_MS);
        true
    }

    /// Missing ConfigMap/Secret references in env/envFrom (scenario `configMaps`/`secrets`).
    /// The error and the reference's field path under the container.
    fn config_error(&self, c: usize) -> Option<(String, String)> {
        let spec = &self.ctrs[c].spec;
        let has = |list: &Option<Vec<super::scenario::ObjectKeys>>, name: &str, key: Option<&str>| -> (bool, bool) {
            match list {
                None => (true, true),
                Some(l) => match l.iter().find(|o| o.name == name) {
                    None => (false, false),
                    Some(o) => (true, key.is_none_or(|k| o.keys.iter().any(|x| x == k))),
                },
            }
        };
        for (i, e) in spec.env_from.iter().flatten().enumerate() {
            if let Some(r) = &e.config_map_ref {
                if !r.optional.unwrap_or(false) && !has(&self.scen.config_maps, &r.name, None).0 {
                    return Some((format!("configmap {:?} not found", r.name), format!("envFrom[{i}].configMapRef")));
                }
            }
            if let Some(r) = &e.secret_ref {
                if !r.optional.unwrap_or(false) && !has(&self.scen.secrets, &r.name, None).0 {
                    return Some((format!("secret {:?} not found", r.name), format!("envFrom[{i}].secretRef")));
                }
            }
        }
        for (i, e) in spec.env.iter().flatten().enumerate() {
            let Some(vf) = &e.value_from else { continue };
            if let Some(r) = &vf.config_map_key_ref {
                if r.optional.unwrap_or(false) {
                    continue;
                }
                let field = format!("env[{i}].valueFrom.configMapKeyRef");
                let (obj, key) = has(&self.scen.config_maps, &r.name, Some(&r.key));
                if !obj {
                    return Some((format!("configmap {:?} not found", r.name), field));
                }
                if !key {
                    return Some((format!("couldn't find key {} in ConfigMap {}/{}", r.key, self.ns, r.name), field));
                }
            }
            if let Some(r) = &vf.secret_key_ref {
                if r.optional.unwrap_or(false) {
                    continue;
                }
                let field = format!("env[{i}].valueFrom.secretKeyRef");
                let (obj, key) = has(&self.scen.secrets, &r.name, Some(&r.key));
                if !obj {
                    return Some((format!("secret {:?} not found", r.name), field));
                }
                if !key {
                    return Some((format!("couldn't find key {} in Secret {}/{}", r.key, self.ns, r.name), field));
                }
            }
        }
        None
    }

    /// `startContainer` part 3: `StartContainer`, then the postStart hook (blocking).
    fn step_run(&mut self, c: usize) -> bool {
        let name = self.ctrs[c].name.clone();
        self.cevent(c, "Normal", "Created", format!("Created container: {name}"));
        let restart_count = match (&self.ctrs[c].rt.state, self.ctrs[c].inst) {
            (_, 0) => 0,
            _ => self.ctrs[c].rt.restart_count + 1,
        };
        let prev = match &self.ctrs[c].rt.state {
            RState::Exited(t) => Some(t.clone()),
            _ => self.ctrs[c].rt.prev.clone(),
        };
        self.ctrs[c].inst += 1;
        let id = format!("containerd://{}-{}-{}", self.uid.get(..8).unwrap_or("pod"), name, self.ctrs[c].inst);
        let ov = self.scen.containers.get(&name);
        // The summary text was composed once, for `Timeline::inferred`, in `Sim::new`.
        let mut proc = Process::start_unsummarized(self.ctrs[c].spec, ov, &mut self.vfs, self.now);
        proc.set_node_memory(u64::try_from(self.node_mem.capacity).unwrap_or(0));
        self.ctrs[c].proc = Some(proc);
        self.mark_listen(c);
        // A restart: the curve is flat at 0 while the container was down.
        let down = self.usage_disk(c, self.now, false);
        if !self.usage[c].samples.is_empty() {
            self.usage[c].push(self.now, 0, down);
        }
        self.usage_sample(c, self.now);
        self.ctrs[c].ever_ran = true;
        self.ctrs[c].rt = Rt { state: RState::Running { id, started: self.now }, prev, restart_count };
        self.mark_stale(c);
        self.ctrs[c].pending_reason = Some(None);
        self.cevent(c, "Normal", "Started", format!("Started container {name}"));
        if restart_count > 0 {
            self.why(format!("restartCount becomes {restart_count} when the new container instance is created (kubelet_pods.go convertToAPIContainerStatuses)."), self.restart_field(c));
        }
        self.arm_proc(c);
        self.arm_pleg();
        let post = self.ctrs[c].spec.lifecycle.as_ref().and_then(|l| l.post_start.clone());
        if let Some(h) = post {
            self.start_hook(c, &h, true);
            return true;
        }
        false
    }
}

fn running_id(rt: &Rt) -> Option<String> {
    match &rt.state {
        RState::Running { id, .. } => Some(id.clone()),
        _ => None,
    }
}

/// The fully-qualified reference containerd reports (`docker.io/library/nginx:latest`).
fn normalize(image: &str) -> String {
    let first = image.split('/').next().unwrap_or("");
    let mut s = if !image.contains('/') {
        format!("docker.io/library/{image}")
    } else if first.contains('.') || first.contains(':') || first == "localhost" {
        image.to_string()
    } else {
        format!("docker.io/{image}")
    };
    let last = s.rsplit('/').next().unwrap_or("");
    if !last.contains(':') && !s.contains('@') {
        s.push_str(":latest");
    }
    s
}

// -------------------------------------------------------------------- processes, PLEG, hooks
impl Sim<'_> {
    /// Schedules a wake-up at the process's next own change.
    fn arm_proc(&mut self, c: usize) {
        // A process that already exited (e.g. at its own start: `wget` to an unknown host, a
        // missing binary) is picked up at its exit time, never lost.
        let next = self.ctrs[c].proc.as_ref().and_then(|p| match p.exited() {
            Some((t, _, _)) => Some(t.max(self.now)),
            None => p.next_change().map(|t| t.max(self.now + 1)),
        });
        if let Some(t) = next {
            if self.ctrs[c].armed != Some(t) {
                self.ctrs[c].armed = Some(t);
                self.push(t, Ev::Proc(c as u32));
                self.arms.push(Reverse(Item(t, c as u64, Ev::Proc(c as u32))));
            }
        }
    }

    /// Puts container `c` in the next [`Sim::track_listening`] (its process changed).
    fn mark_listen(&mut self, c: usize) {
        if let Some(m) = self.listen_marked.get_mut(c) {
            if !*m {
                *m = true;
                self.listen_dirty.push((c as u64, 0));
            }
        }
    }

    /// Opens or closes [`ListenSpan`]s to match the processes at `now`, exactly as a scan of
    /// every container would after this event, but looking only at the containers that can
    /// have changed: those whose process changed (`listen_dirty`) and those with a wake-up due
    /// at this very millisecond that has not run yet. A process's listening changes with time
    /// only at instants [`Process::next_change`] reports (a listen delay, a Scenario `listen`
    /// window's `at`/`until`, `startup`, a planned exit, a shutdown closing the listener), and
    /// [`Sim::arm_proc`] queues a wake-up at each; so a container in neither set answers as at
    /// its last scan. The due ones are scanned here, before their own wake-up, because a scan
    /// of every container would have opened their spans in this earlier event of the same
    /// millisecond: same times, same order of spans (`tests`: `listen_scan_*`).
    /// Allocation-free unless a span opens.
    fn track_listening(&mut self) {
        let now = self.now;
        if self.due_t != now {
            self.due.clear();
            self.due_t = now;
        }
        while self.arms.peek().is_some_and(|Reverse(Item(t, _, _))| *t <= now) {
            if let Some(Reverse(Item(t, c, _))) = self.arms.pop() {
                if t == now {
                    self.due.push(c as u32);
                }
            }
        }
        let mut cand = std::mem::take(&mut self.listen_dirty);
        for &c in &self.due {
            let c = c as usize;
            if self.ctrs.get(c).is_some_and(|ct| ct.armed == Some(now)) && !self.listen_marked[c] {
                cand.push((c as u64, 0));
            }
        }
        crate::sort::sort_pairs(&mut cand);
        cand.dedup();
        for &(c, _) in &cand {
            let c = c as usize;
            self.listen_marked[c] = false;
            self.track_listening_of(c);
        }
        #[cfg(test)]
        self.check_listen_scan(&cand);
        cand.clear();
        self.listen_dirty = cand;
    }

    /// [`Sim::track_listening`] for one container.
    fn track_listening_of(&mut self, c: usize) {
        let now = self.now;
        let ctr = &self.ctrs[c];
        let open = &mut self.listen_open[c];
        let spans = &mut self.tl.listening;
        let proc = ctr.proc.as_ref();
        let exit = proc.and_then(|p| p.exited()).map(|(t, _, _)| t);
        let on = |port: u16| proc.is_some_and(|p| exit.is_none_or(|t| now < t) && p.listening(port, now));
        let mut k = 0;
        while k < open.len() {
            if on(open[k].0) {
                k += 1;
                continue;
            }
            let (_, i) = open.swap_remove(k);
            if let Some(s) = spans.get_mut(i) {
                s.to_ms = Some(exit.map_or(now, |t| t.min(now)));
            }
        }
        let Some(p) = proc else { return };
        let declared = ctr.spec.ports.iter().flatten().filter_map(|cp| u16::try_from(cp.container_port).ok());
        for port in p.inferred().ports.iter().map(|(port, _)| *port).chain(declared) {
            if !open.iter().any(|(q, _)| *q == port) && on(port) {
                open.push((port, spans.len()));
                spans.push(ListenSpan { container: ctr.name.clone(), port, from_ms: now, to_ms: None });
            }
        }
    }

    /// Unit tests only: every container left out of a [`Sim::track_listening`] would have
    /// kept its spans as they are (what makes scanning only `cand` exact).
    #[cfg(test)]
    fn check_listen_scan(&self, cand: &[(u64, usize)]) {
        let now = self.now;
        for (c, ctr) in self.ctrs.iter().enumerate() {
            if cand.binary_search(&(c as u64, 0)).is_ok() {
                continue;
            }
            let proc = ctr.proc.as_ref();
            let exit = proc.and_then(|p| p.exited()).map(|(t, _, _)| t);
            let on = |port: u16| proc.is_some_and(|p| exit.is_none_or(|t| now < t) && p.listening(port, now));
            let open = &self.listen_open[c];
            assert!(
                open.iter().all(|(port, _)| on(*port)),
                "{} stops listening at {now} but was left out of the scan (no wake-up due now)",
                ctr.name
            );
            if let Some(p) = proc {
                let declared = ctr.spec.ports.iter().flatten().filter_map(|cp| u16::try_from(cp.container_port).ok());
                for port in p.inferred().ports.iter().map(|(port, _)| *port).chain(declared) {
                    assert!(
                        open.iter().any(|(q, _)| *q == port) || !on(port),
                        "{} starts listening on {port} at {now} but was left out of the scan (no wake-up due now)",
                        ctr.name
                    );
                }
            }
        }
    }

    /// Advances a process to now and handles its exit. The process is the one owner of the
    /// cgroup memory limit: it reports `OOMKilled` (exit 137) itself through
    /// [`Process::exited`] when its memory crosses `limits.memory`.
    fn poll_proc(&mut self, c: usize) {
        let now = self.now;
        if self.ctrs[c].proc.is_none() {
            return;
        }
        self.mark_listen(c);
        let Some(p) = self.ctrs[c].proc.as_mut() else {
            return;
        };
        p.advance(&mut self.vfs, now);
        if self.ctrs[c].proc.as_ref().is_some_and(|p| p.exited().is_none()) {
            self.usage_sample(c, now);
        }
        match self.ctrs[c].proc.as_ref().and_then(|p| p.exited()) {
            Some((t, code, reason)) => {
                if reason == "OOMKilled" {
                    let path = self.ctrs[c].path.clone();
                    if self.ctrs[c].proc.as_ref().is_some_and(|p| p.oom_by_own_limit()) {
                        self.why("The process's memory exceeded the container's memory limit, so the kernel OOM killer ended it: exit 137, reason OOMKilled (the cgroup memory.max; memory.oom.group=1 takes every process).", format!("{path}.resources.limits.memory"));
                    } else {
                        let cap = binary_si(self.node_mem.capacity);
                        self.why(format!("The process's memory reached the node's memory capacity ({cap}: the kubepods cgroup's memory.max, capacity minus system-/kube-reserved, taken as 0) before the eviction manager's next 10 s pass, so the kernel OOM killer ended it: exit 137, reason OOMKilled. The container has no lower memory limit of its own."), format!("{path}.resources"));
                    }
                }
                self.exit_container(c, t.min(now).max(0), code, reason)
            }
            None => self.arm_proc(c),
        }
    }

    /// The runtime sees the container exit.
    fn exit_container(&mut self, c: usize, at: i64, code: i32, reason: &str) {
        let RState::Running { id, started } = self.ctrs[c].rt.state.clone() else {
            return;
        };
        let reason = if code == 0 && reason == "Error" { "Completed" } else { reason };
        self.usage_exit(c, at);
        self.mark_stale(c);
        self.ctrs[c].rt.state = RState::Exited(Term {
            exit_code: code,
            reason: reason.to_string(),
            message: None,
            started_at_ms: started,
            finished_at_ms: at,
            container_id: id,
        });
        self.ctrs[c].proc = None;
        self.mark_listen(c);
        self.ctrs[c].armed = None;
        self.arm_pleg();
        // A preStop exec still running dies with the container.
        let hooks: Vec<usize> = (0..self.hooks.len())
            .filter(|&h| {
                self.hooks[h].c == c
                    && self.tl.hooks[self.hooks[h].span].to_ms.is_none()
                    && self.tl.hooks[self.hooks[h].span].hook == "preStop"
            })
            .collect();
        for h in hooks {
            let span = self.hooks[h].span;
            if self.tl.hooks[span].output != "sleep" {
                self.tl.hooks[span].ok = false;
                self.hooks[h].gen = u64::MAX;
                self.cevent(c, "Warning", "FailedPreStopHook", "PreStopHook failed".into());
            }
        }
        if let Some(k) = self.ctrs[c].kill.take() {
            if k.by_plan {
                self.resume_plan();
            }
        }
        if self.terminating {
            self.check_sidecars();
            self.check_terminated();
        }
    }

    /// Schedules the next PLEG relist after a runtime change.
    fn arm_pleg(&mut self) {
        let ph = self.tl.jitter.pleg_phase_ms;
        let k = (self.now - ph).div_euclid(PLEG_MS) + 1;
        let t = k * PLEG_MS + ph;
        if self.pleg_armed.is_none_or(|a| a < self.now || a > t) {
            self.pleg_armed = Some(t);
            self.push(t, Ev::Pleg);
        }
    }

    /// The first PLEG relist strictly after `t` (relists run every second on a fixed grid).
    fn next_relist_after(&self, t: i64) -> i64 {
        let ph = self.tl.jitter.pleg_phase_ms;
        ((t - ph).div_euclid(PLEG_MS) + 1) * PLEG_MS + ph
    }

    /// A relist at `now`: the pod cache takes the runtime's state (no sync is requested).
    fn copy_cache(&mut self) {
        self.refresh_cache();
    }

    /// Puts container `c` in the next relist (its runtime state changed).
    fn mark_stale(&mut self, c: usize) {
        if let Some(ct) = self.ctrs.get_mut(c) {
            if !ct.stale {
                ct.stale = true;
                self.stale.push(c as u32);
            }
        }
    }

    /// The pod cache takes the runtime's state; true if any container's differed. Only the
    /// containers in `stale` can differ, so only they are compared (a relist used to compare
    /// every container: 6 million comparisons in a 10-minute run of 10,000 containers).
    fn refresh_cache(&mut self) -> bool {
        #[cfg(test)]
        assert!(self.ctrs.iter().all(|ct| ct.stale || ct.seen == ct.rt), "a runtime change outside `stale`");
        let mut stale = std::mem::take(&mut self.stale);
        let mut changed = false;
        for &c in &stale {
            let Some(ct) = self.ctrs.get_mut(c as usize) else { continue };
            ct.stale = false;
            if ct.seen != ct.rt {
                ct.seen = ct.rt.clone();
                changed = true;
            }
        }
        stale.clear();
        self.stale = stale;
        changed
    }

    /// Generic PLEG relist: copy runtime state into the pod cache; any change triggers a sync.
    fn relist(&mut self) {
        if self.pleg_armed != Some(self.now) {
            return;
        }
        self.pleg_armed = None;
        if self.refresh_cache() {
            if self.terminating {
                self.publish();
            } else {
                self.request_sync();
            }
        }
    }

    /// Runs a lifecycle hook (`lifecycle/handlers.go`): exec via `run_exec`, httpGet via the
    /// process (only transport errors fail), sleep in the kubelet. Returns its duration.
    fn start_hook(&mut self, c: usize, h: &LifecycleHandler, post_start: bool) -> i64 {
        let now = self.now;
        let (ok, dur, out, sig) = if let Some(e) = &h.exec {
            let argv = e.command.clone().unwrap_or_default();
            let o = run_exec(&argv, self.ctrs[c].proc.as_ref(), &mut self.vfs, now);
            (o.exit_code == 0, o.duration_ms.max(0), o.output, o.signal_main)
        } else if let Some(hg) = &h.http_get {
            let port = resolve_port(self.ctrs[c].spec, &hg.port);
            let path = hg.path.clone().unwrap_or_else(|| "/".into());
            // runHTTPHandler (lifecycle/handlers.go) fails only on a transport error: any HTTP
            // status is a success, a non-HTTP answer (status 0) is a failure.
            match self.ctrs[c].proc.as_ref().and_then(|p| p.http_get(port, &path, now)) {
                Some((0, lat, body)) => (
                    false,
                    lat.max(0),
                    format!("Get \"http://{POD_IP}:{port}{path}\": {}", non_http_error(&body)),
                    None,
                ),
                Some((code, lat, _)) => (true, lat.max(0), format!("HTTP {code}"), None),
                None => (
                    false,
                    0,
                    format!(
                        "Get \"http://{POD_IP}:{port}{path}\": dial tcp {POD_IP}:{port}: connect: connection refused"
                    ),
                    None,
                ),
            }
        } else if let Some(s) = &h.sleep {
            (true, s.seconds.max(0).saturating_mul(1000), "sleep".into(), None)
        } else {
            (true, 0, "tcpSocket hooks are ignored by the kubelet".into(), None)
        };
        self.ctrs[c].hook_gen += 1;
        let gen = self.ctrs[c].hook_gen;
        self.tl.hooks.push(HookSpan {
            container: self.ctrs[c].name.clone(),
            hook: if post_start { "postStart" } else { "preStop" }.into(),
            from_ms: now,
            to_ms: None,
            waited_until_ms: now,
            ok,
            output: out,
        });
        let span = self.tl.hooks.len() - 1;
        self.hooks.push(Hook { c, post_start, gen, span, ok, signal: sig });
        let idx = self.hooks.len() - 1;
        self.push(now.saturating_add(dur), Ev::HookDone(idx as u32, gen));
        dur
    }

    fn hook_done(&mut self, h: usize, gen: u64) {
        let Some(hk) = self.hooks.get(h) else { return };
        if hk.gen != gen {
            return;
        }
        let (c, post, span, ok, sig) = (hk.c, hk.post_start, hk.span, hk.ok, hk.signal);
        self.tl.hooks[span].to_ms = Some(self.now);
        if let Some(s) = sig {
            self.deliver(c, s);
        }
        if post {
            self.tl.hooks[span].waited_until_ms = self.now;
            if !ok && matches!(self.ctrs[c].rt.state, RState::Running { .. }) {
                self.cevent(c, "Warning", "FailedPostStartHook", "PostStartHook failed".into());
                let path = self.ctrs[c].path.clone();
                self.why("A failed postStart hook makes the kubelet kill the container (kuberuntime_container.go startContainer); the restart policy then applies.", format!("{path}.lifecycle.postStart"));
                let g = self.grace_spec();
                self.start_failed(c, "PostStartHookError", "PostStartHook failed".into());
                let id = running_id(&self.ctrs[c].rt);
                let gfield = "spec.terminationGracePeriodSeconds".to_string();
                self.plan.push_front(Step::Kill { c, id, msg: "FailedPostStartHook".into(), grace: g, gfield });
            }
            if self.busy {
                self.resume_plan();
            }
            return;
        }
        if !ok {
            self.cevent(c, "Warning", "FailedPreStopHook", "PreStopHook failed".into());
        }
        if let Some(k) = &self.ctrs[c].kill {
            if let KPhase::PreStop { .. } = k.phase {
                self.tl.hooks[span].waited_until_ms = self.now;
                self.after_prestop(c);
            }
        }
    }

    /// Delivers a signal to the container's PID 1.
    fn deliver(&mut self, c: usize, s: Signal) {
        let now = self.now;
        if self.ctrs[c].proc.is_none() {
            return;
        }
        self.mark_listen(c);
        let name = self.ctrs[c].name.clone();
        let Some(p) = self.ctrs[c].proc.as_mut() else {
            return;
        };
        p.signal(s, &mut self.vfs, now);
        self.tl.signals.push(SignalSent { t_ms: now, container: name, signal: s.name() });
        self.ctrs[c].armed = None;
        self.poll_proc(c);
    }

    // ---------------------------------------------------------------- killContainer

    /// `killContainer` (kuberuntime_container.go): Killing event, preStop within the grace,
    /// sidecar ordering, the 2 s floor, stop signal, SIGKILL at expiry.
    fn begin_kill(&mut self, c: usize, msg: String, grace_s: i64, gfield: String, termination: bool, by_plan: bool) {
        if self.ctrs[c].kill.is_some() || !matches!(self.ctrs[c].rt.state, RState::Running { .. }) {
            return;
        }
        let grace_s = grace_s.min(MAX_GRACE_S);
        self.cevent(c, "Normal", "Killing", msg);
        self.ctrs[c].kill_gen += 1;
        let gen = self.ctrs[c].kill_gen;
        let pre = self.ctrs[c].spec.lifecycle.as_ref().and_then(|l| l.pre_stop.clone());
        let mut kill = KillState {
            gen,
            gfield,
            start: self.now,
            grace_s,
            phase: KPhase::PreStop { wait_until: self.now },
            termination,
            by_plan,
            hook: None,
        };
        if let (Some(h), true) = (pre, grace_s > 0) {
            let dur = self.start_hook(c, &h, false);
            let wait = dur.min(grace_s.saturating_mul(1000));
            kill.phase = KPhase::PreStop { wait_until: self.now + wait };
            kill.hook = Some(self.hooks.len() - 1);
            let span = self.tl.hooks.len() - 1;
            self.tl.hooks[span].waited_until_ms = self.now + wait;
            if dur > wait {
                let path = self.ctrs[c].path.clone();
                self.why("The kubelet waits for preStop at most the grace period; then it sends the stop signal with a one-off 2 s minimum (kuberuntime_container.go executePreStopHook, minimumGracePeriodInSeconds).", format!("{path}.lifecycle.preStop"));
            }
            self.ctrs[c].kill = Some(kill);
            self.push(self.now + wait, Ev::Kill(c as u32, gen));
            return;
        }
        self.ctrs[c].kill = Some(kill);
        self.after_prestop(c);
    }

    fn after_prestop(&mut self, c: usize) {
        let Some(k) = self.ctrs[c].kill.as_mut() else {
            return;
        };
        if !matches!(k.phase, KPhase::PreStop { .. }) {
            return;
        }
        let elapsed_s = (self.now - k.start) / 1000;
        let g = k.grace_s - elapsed_s;
        k.grace_s = g;
        let (termination, gen) = (k.termination, k.gen);
        if self.ctrs[c].kind == Kind::Sidecar && termination && !self.sidecar_turn(c) {
            let deadline = self.now.saturating_add(g.max(0).saturating_mul(1000));
            let field = format!("{}.restartPolicy", self.ctrs[c].path);
            self.why("A sidecar (an init container with restartPolicy: Always) is stopped only after every regular container and every later sidecar has exited, within the pod's grace period (kuberuntime_termination_order.go).", field);
            if let Some(k) = self.ctrs[c].kill.as_mut() {
                k.phase = KPhase::SidecarWait { deadline };
                k.start = self.now;
            }
            self.push(deadline, Ev::Kill(c as u32, gen));
            return;
        }
        self.stop(c, g);
    }

    /// CRI StopContainer(timeout = max(g, 2)).
    fn stop(&mut self, c: usize, g: i64) {
        let g = g.max(MIN_GRACE_S);
        let Some(k) = self.ctrs[c].kill.as_mut() else {
            return;
        };
        let kill_at = self.now.saturating_add(g.saturating_mul(1000));
        k.phase = KPhase::Stopping { kill_at };
        let (gen, from, grace0) = (k.gen, k.start, g);
        self.tl.grace.push(GraceWindow {
            container: self.ctrs[c].name.clone(),
            from_ms: from,
            stop_ms: self.now,
            kill_ms: kill_at,
            grace_seconds: grace0,
        });
        self.push(kill_at, Ev::Kill(c as u32, gen));
        let sig = self.ctrs[c].stop_signal;
        self.deliver(c, sig);
    }

    fn kill_timer(&mut self, c: usize, gen: u64) {
        let Some(k) = self.ctrs[c].kill.as_ref() else {
            return;
        };
        if k.gen != gen {
            return;
        }
        match k.phase {
            KPhase::PreStop { wait_until } if wait_until <= self.now => {
                if let Some(h) = k.hook {
                    let span = self.hooks[h].span;
                    self.tl.hooks[span].waited_until_ms = self.now;
                }
                self.after_prestop(c);
            }
            KPhase::SidecarWait { deadline } if deadline <= self.now => self.stop(c, 0),
            KPhase::Stopping { kill_at } if kill_at <= self.now => {
                let field = k.gfield.clone();
                let rule = if field.is_empty() {
                    "The container did not exit within the grace period, so the runtime sends SIGKILL (exit 137); the grace period came from the scenario's delete or the eviction manager, not from a spec field."
                } else {
                    "The container did not exit within the grace period, so the runtime sends SIGKILL (exit 137)."
                };
                self.why(rule, field);
                self.deliver(c, Signal::Kill);
                if matches!(self.ctrs[c].rt.state, RState::Running { .. }) {
                    let now = self.now;
                    self.exit_container(c, now, 137, "Error");
                }
            }
            _ => {}
        }
    }

    /// A sidecar may be stopped once every regular container and every later sidecar has exited.
    fn sidecar_turn(&self, c: usize) -> bool {
        self.ctrs.iter().enumerate().all(|(i, x)| {
            let later = (x.kind == Kind::Regular) || (x.kind == Kind::Sidecar && i > c);
            !later || !matches!(x.rt.state, RState::Running { .. })
        })
    }

    fn check_sidecars(&mut self) {
        for c in (0..self.ctrs.len()).rev() {
            let waiting = matches!(self.ctrs[c].kill.as_ref().map(|k| k.phase), Some(KPhase::SidecarWait { .. }));
            if waiting && self.sidecar_turn(c) {
                let Some(k) = self.ctrs[c].kill.as_ref() else {
                    continue;
                };
                let KPhase::SidecarWait { deadline } = k.phase else {
                    continue;
                };
                let remaining = (deadline - self.now).max(0) / 1000;
                self.stop(c, remaining);
            }
        }
    }
}

/// Go's `net/http` error for a peer that answered without a valid HTTP/1.x response.
fn non_http_error(body: &str) -> String {
    let b = body.trim();
    if b.is_empty() || b == "malformed HTTP response" {
        "net/http: HTTP/1.x transport connection broken: malformed HTTP response".into()
    } else if b.starts_with("net/http") || b == "EOF" {
        b.to_string()
    } else {
        format!("net/http: HTTP/1.x transport connection broken: malformed HTTP response {b:?}")
    }
}

/// A probe/hook port: a number or a named container port.
fn resolve_port(c: &Container, p: &IntOrString) -> u16 {
    match p {
        IntOrString::Int(n) => u16::try_from(*n).unwrap_or(0),
        IntOrString::String(s) => s
            .parse::<u16>()
            .ok()
            .or_else(|| {
                c.ports
                    .iter()
                    .flatten()
                    .find(|cp| cp.name.as_deref() == Some(s.as_str()))
                    .and_then(|cp| u16::try_from(cp.container_port).ok())
            })
            .unwrap_or(0),
    }
}

// -------------------------------------------------------------------- termination
impl Sim<'_> {
    /// API DELETE (`CheckGracefulDelete`, registry/core/pod/strategy.go; `BeforeDelete`).
    fn api_delete(&mut self, g: i64) {
        if self.removed.is_some() {
            return;
        }
        let mut grace = if g >= 0 { g.min(MAX_GRACE_S) } else { self.grace_spec() };
        if !self.scheduled || self.terminal.is_some() && !self.terminating {
            grace = 0;
        }
        if let Some((ts, old)) = self.deletion {
            // A later delete may only shorten the grace.
            if grace >= old {
                return;
            }
            let _ = ts;
        }
        self.deletion = Some((self.now.saturating_add(grace.saturating_mul(1000)), grace));
        let (why, field) = if !self.scheduled || self.terminal.is_some() && !self.terminating {
            ("the pod is unscheduled or already terminal, so the grace is 0 and the object goes at once (the DELETE comes from the scenario or a controller)", "")
        } else if g >= 0 {
            ("the scenario's delete.gracePeriodSeconds (DeleteOptions) overrides the pod's terminationGracePeriodSeconds", "")
        } else {
            (
                "from the pod's terminationGracePeriodSeconds (no DeleteOptions.gracePeriodSeconds)",
                "spec.terminationGracePeriodSeconds",
            )
        };
        self.deletion_field = field.to_string();
        self.why(format!("DELETE sets deletionTimestamp = now + {grace}s: {why} (registry/core/pod/strategy.go CheckGracefulDelete)."), field);
        self.publish();
        if grace == 0 {
            self.push(self.now, Ev::Remove);
            return;
        }
        if self.kubelet_alive {
            let at = self.now + WATCH_MS;
            self.push(at, Ev::Sync(u64::MAX));
        }
    }

    /// `SyncTerminatingPod` (kubelet.go): stop liveness/startup, kill all containers concurrently.
    fn begin_termination(&mut self, grace: i64, terminal: Option<(String, String)>) {
        if self.terminating {
            return;
        }
        self.terminating = true;
        self.pending_terminal = terminal;
        self.plan.clear();
        self.plan_gen += 1;
        self.busy = false;
        self.pull_pending = None;
        // calculateEffectiveGracePeriod: never below 1 s.
        let grace = grace.clamp(1, MAX_GRACE_S);
        self.term_grace = grace;
        for ct in &mut self.ctrs {
            for k in [LIVENESS, STARTUP] {
                if let Some(w) = ct.workers[k].as_mut() {
                    w.stopped = true;
                }
            }
        }
        self.publish();
        // Regular containers first in event order, then sidecars (events are emitted up front).
        let order: Vec<usize> = (0..self.ctrs.len())
            .filter(|&c| self.ctrs[c].kind == Kind::Regular)
            .chain((0..self.ctrs.len()).filter(|&c| self.ctrs[c].kind != Kind::Regular).rev())
            .collect();
        for c in order {
            if self.ctrs[c].kill.is_some() {
                // An in-flight kill continues, but killPod calls killContainer again with the
                // (shorter) termination grace: CRI StopContainer with the new timeout (2 s floor)
                // makes the runtime SIGKILL sooner; a preStop wait is cut to the new grace.
                let now = self.now;
                let mut wake = None;
                let tfield = self.term_grace_field.clone();
                if let Some(k) = self.ctrs[c].kill.as_mut() {
                    k.termination = true;
                    k.by_plan = false;
                    match &mut k.phase {
                        KPhase::Stopping { kill_at } => {
                            let t = now.saturating_add(grace.max(MIN_GRACE_S).saturating_mul(1000));
                            if t < *kill_at {
                                *kill_at = t;
                                wake = Some((t, k.gen));
                                k.gfield = tfield;
                            }
                        }
                        KPhase::PreStop { wait_until } | KPhase::SidecarWait { deadline: wait_until } => {
                            let t = now.saturating_add(grace.saturating_mul(1000));
                            if t < *wait_until {
                                *wait_until = t;
                                wake = Some((t, k.gen));
                                k.gfield = tfield;
                            }
                        }
                    }
                }
                if let Some((t, gen)) = wake {
                    if let Some(g) = self.tl.grace.iter_mut().rev().find(|g| g.container == self.ctrs[c].name) {
                        if g.kill_ms > t && g.stop_ms <= now {
                            g.kill_ms = g.kill_ms.min(now.saturating_add(grace.max(MIN_GRACE_S).saturating_mul(1000)));
                        }
                    }
                    self.push(t, Ev::Kill(c as u32, gen));
                }
                continue;
            }
            let msg = format!("Stopping container {}", self.ctrs[c].name);
            let gfield = self.term_grace_field.clone();
            self.begin_kill(c, msg, grace, gfield, true, false);
        }
        self.check_terminated();
    }

    fn check_terminated(&mut self) {
        if !self.terminating || self.terminal.is_some() {
            return;
        }
        if self.ctrs.iter().any(|c| matches!(c.rt.state, RState::Running { .. })) {
            return;
        }
        // All containers stopped: probeManager.RemovePod, sandbox stopped, terminal phase.
        for ct in &mut self.ctrs {
            ct.seen = ct.rt.clone();
            for w in ct.workers.iter_mut().flatten() {
                w.stopped = true;
            }
        }
        self.sandbox = false;
        let ok = self
            .ctrs
            .iter()
            .filter(|c| c.kind == Kind::Regular)
            .all(|c| matches!(&c.rt.state, RState::Exited(t) if t.exit_code == 0));
        let phase = match self.pending_terminal.clone() {
            Some((p, _)) if p == "Failed" => "Failed".to_string(),
            _ if ok => "Succeeded".into(),
            _ => "Failed".into(),
        };
        if let Some((p, r)) = &self.pending_terminal {
            if p == "Evicted" {
                self.pod_reason = Some(("Evicted".into(), r.clone()));
            }
        }
        self.why(format!("With every container stopped the kubelet writes the terminal phase {phase}: Succeeded only if every regular container exited 0 (kubelet_pods.go getPhase, podIsTerminal); the exit codes come from the processes, not from a spec field."), "");
        self.terminal = Some(phase);
        self.publish();
        if self.deletion.is_some() {
            self.push(self.now + REMOVE_MS, Ev::Remove);
        }
    }

    // ---------------------------------------------------------------- node failure, eviction

    fn node_fail(&mut self) {
        let mode = self.scen.node.fail.as_ref().map(|f| f.mode).unwrap_or_default();
        self.kubelet_alive = false;
        // Unreachable: last lease renewal r ∈ [0,10) s ago; monitor phase ∈ [0,5) s.
        // NotReady: the kubelet posts Ready=False at its next status update (≤10 s).
        let detect = match mode {
            NodeFailMode::Unreachable => NODE_GRACE_MS - self.rng.below(LEASE_MS) + self.rng.below(NODE_MONITOR_MS),
            NodeFailMode::NotReady => self.rng.below(LEASE_MS) + self.rng.below(NODE_MONITOR_MS),
        };
        self.tl.jitter.node_detect_ms = Some(detect);
        self.push(self.now + detect.max(0), Ev::NodeDetect);
    }

    /// Node lifecycle controller: taint + `MarkPodsNotReady`; the taint eviction controller
    /// schedules the deletion after `tolerationSeconds` (taint_eviction.go).
    fn node_detect(&mut self) {
        let mode = self.scen.node.fail.as_ref().map(|f| f.mode).unwrap_or_default();
        let taint = match mode {
            NodeFailMode::Unreachable => "node.kubernetes.io/unreachable",
            NodeFailMode::NotReady => "node.kubernetes.io/not-ready",
        };
        self.node_ready = false;
        self.event("Warning", "NodeNotReady", "pod", "Node is not ready".into(), "node-controller");
        self.why(format!("The node controller saw no node status for the grace period and tainted the node {taint}:NoExecute; MarkPodsNotReady sets the pod's Ready condition False (the node failure comes from the scenario's node.fail, not from a spec field)."), "");
        self.refresh_conditions();
        self.taint_at = Some(self.now);
        let tol = self
            .spec
            .tolerations
            .iter()
            .flatten()
            .enumerate()
            .filter(|(_, t)| {
                (t.key.as_deref() == Some(taint) || t.key.is_none() && t.operator.as_deref() == Some("Exists"))
                    && t.effect.as_deref().is_none_or(|e| e == "NoExecute")
            })
            .map(|(i, t)| (i, t.toleration_seconds))
            .collect::<Vec<_>>();
        // The toleration that decides: the shortest tolerationSeconds (none when one tolerates forever).
        self.taint_field = match tol.iter().filter_map(|(i, s)| s.map(|s| (s, *i))).min() {
            Some((_, i)) if tol.iter().all(|(_, s)| s.is_some()) => format!("spec.tolerations[{i}].tolerationSeconds"),
            _ => String::new(),
        };
        let tol: Vec<Option<i64>> = tol.into_iter().map(|(_, s)| s).collect();
        // DefaultTolerationSeconds admission adds 300 s when the pod has no such toleration.
        let secs = if tol.is_empty() {
            Some(300)
        } else if tol.iter().any(|s| s.is_none()) {
            None
        } else {
            tol.iter().flatten().min().copied()
        };
        if let Some(s) = secs {
            self.push(self.now.saturating_add(s.max(0).saturating_mul(1000)), Ev::TaintEvict);
        }
    }

    fn taint_evict(&mut self) {
        if self.deletion.is_some() || self.removed.is_some() {
            return;
        }
        let msg = format!("Marking for deletion Pod {}/{}", self.ns, self.name);
        self.event("Normal", "TaintManagerEviction", "pod", msg, "taint-eviction-controller");
        self.disruption =
            Some(("DeletionByTaintManager".into(), "Taint manager: deleting due to NoExecute taint".into()));
        let field = self.taint_field.clone();
        self.why("The taint eviction controller deletes the pod tolerationSeconds after the NoExecute taint (default 300 s from DefaultTolerationSeconds).", field);
        self.api_delete(-1);
    }

    /// The eviction manager's local-storage check (eviction_manager.go localStorageEviction).
    fn eviction_pass(&mut self) {
        if self.terminating || self.terminal.is_some() {
            return;
        }
        let now = self.now;
        let mut msg = None;
        for (vi, v) in self.spec.volumes.iter().flatten().enumerate() {
            let Some(ed) = &v.empty_dir else { continue };
            let Some(limit) = ed.size_limit.as_ref() else {
                continue;
            };
            let Some(lim) = bytes(&limit.0) else { continue };
            let mut used: i64 = 0;
            for ct in &self.ctrs {
                for m in ct.spec.volume_mounts.iter().flatten().filter(|m| m.name == v.name) {
                    used = used.max(self.vfs.bytes_under(&m.mount_path) as i64);
                    // The scenario's `disk` writer, when it writes into this mount.
                    let mount = m.mount_path.trim_end_matches('/');
                    if let Some(p) = ct
                        .proc
                        .as_ref()
                        .filter(|p| p.disk_path().is_some_and(|d| d == mount || d.starts_with(&format!("{mount}/"))))
                    {
                        used = used.saturating_add(i64::try_from(p.disk_bytes(now)).unwrap_or(i64::MAX));
                    }
                }
            }
            if used > lim {
                msg = Some((
                    format!("Usage of EmptyDir volume {:?} exceeds the limit {:?}. ", v.name, limit.0),
                    format!("spec.volumes[{vi}].emptyDir.sizeLimit"),
                ));
                break;
            }
        }
        if msg.is_none() {
            for ct in &self.ctrs {
                let Some(q) =
                    ct.spec.resources.as_ref().and_then(|r| r.limits.as_ref()).and_then(|l| l.get("ephemeral-storage"))
                else {
                    continue;
                };
                let Some(lim) = bytes(&q.0) else { continue };
                let used = ct.proc.as_ref().map(|p| p.disk_bytes(now) as i64).unwrap_or(0);
                if used > lim {
                    msg = Some((
                        format!("Container {} exceeded its local ephemeral storage limit {:?}. ", ct.name, q.0),
                        format!("{}.resources.limits.ephemeral-storage", ct.path),
                    ));
                    break;
                }
            }
        }
        if let Some((m, field)) = msg {
            self.event("Warning", "Evicted", "pod", m.clone(), "kubelet");
            self.why("The eviction manager evicts a pod whose local storage exceeds its limit, with a 1 s grace override (eviction_manager.go).", field);
            self.term_grace_field = String::new();
            self.begin_termination(1, Some(("Evicted".into(), m)));
            return;
        }
        if self.memory_pressure_eviction() {
            return;
        }
        self.push(now + EVICTION_MS, Ev::Evict);
    }

    /// The pod's working set now: the sum of its running containers' memory.
    fn pod_memory(&self) -> i64 {
        let now = self.now;
        self.ctrs
            .iter()
            .filter_map(|c| c.proc.as_ref())
            .map(|p| i64::try_from(p.memory_bytes(now)).unwrap_or(i64::MAX))
            .fold(0, i64::saturating_add)
    }

    /// The `memory.available` part of `synchronize` (eviction_manager.go): observe
    /// `memory.available` (`makeSignalObservations`), compare it with the hard threshold
    /// (`thresholdsMet`: met when threshold > available), set the node's MemoryPressure
    /// condition, then evict one pod ranked by `rankMemoryPressure`, with the message of
    /// helpers.go `evictionMessage` and the grace override `immediateEvictionGracePeriodSeconds`
    /// (1 s; the runtime's 2 s minimum then applies). Critical pods (priority ≥
    /// 2000000000, `IsCriticalPod`) are never evicted. Returns whether the pod was evicted.
    fn memory_pressure_eviction(&mut self) -> bool {
        let Some((thr, thr_s)) = self.node_mem.threshold.clone() else {
            return false;
        };
        let used = self.pod_memory();
        let available = self.node_mem.capacity.saturating_sub(used).max(0);
        let met = thr > available;
        let was = std::mem::replace(&mut self.memory_pressure, met);
        if !met {
            return false;
        }
        let cap = binary_si(self.node_mem.capacity);
        let alloc = binary_si(self.node_mem.allocatable);
        let avail_s = binary_si(available);
        let used_s = binary_si(used);
        if !was {
            self.why(format!("The eviction manager's 10 s housekeeping observes memory.available = capacity {cap} − the pod's working set {used_s} = {avail_s}, below the hard threshold memory.available<{thr_s} (node.evictionHard, default 100Mi): the node gets the condition MemoryPressure=True (and the node lifecycle controller the taint node.kubernetes.io/memory-pressure:NoSchedule), an EvictionThresholdMet event \"Attempting to reclaim memory\" on the Node, and since memory has no node-level reclaim the manager must evict a pod. Capacity = allocatable {alloc} + the threshold (system-/kube-reserved taken as 0), so this happens once the pod uses more than its node's allocatable memory."), "");
        }
        if self.is_critical() {
            if !was {
                self.why("The eviction manager never evicts a critical pod (priority ≥ 2000000000, kubelettypes.IsCriticalPod): it logs \"cannot evict a critical pod\" and tries again at the next pass.", "spec.priority");
            }
            return false;
        }
        // evictionMessage: the node-low line, the threshold line, then every container (regular,
        // then init/sidecar, as `containers` is built) whose working set exceeds its request.
        let mut msg =
            format!("The node was low on resource: memory. Threshold quantity: {thr_s}, available: {avail_s}. ");
        let now = self.now;
        let order: Vec<usize> = (self.n_init..self.ctrs.len()).chain(0..self.n_init).collect();
        let mut worst: Option<(i64, usize)> = None;
        for c in order {
            let ct = &self.ctrs[c];
            let Some(p) = ct.proc.as_ref() else { continue };
            let usage = i64::try_from(p.memory_bytes(now)).unwrap_or(i64::MAX);
            let req = ct.spec.resources.as_ref().and_then(|r| r.requests.as_ref()).and_then(|r| r.get("memory"));
            let req_b = req.and_then(|q| bytes(&q.0)).unwrap_or(0);
            let req_s =
                req.and_then(|q| crate::quantity::parse(q.0.trim()).ok()).map_or("0".to_string(), |q| q.to_string());
            if usage > req_b {
                msg.push_str(&format!(
                    "Container {} was using {}, request is {req_s}, has larger consumption of memory. ",
                    ct.name,
                    binary_si(usage)
                ));
                let over = usage - req_b;
                if worst.is_none_or(|(w, _)| over > w) {
                    worst = Some((over, c));
                }
            }
        }
        let field = worst.map_or(String::new(), |(_, c)| {
            let ct = &self.ctrs[c];
            let has_req =
                ct.spec.resources.as_ref().and_then(|r| r.requests.as_ref()).is_some_and(|r| r.contains_key("memory"));
            if has_req {
                format!("{}.resources.requests.memory", ct.path)
            } else {
                format!("{}.resources", ct.path)
            }
        });
        let qos = self.tl.qos_class.clone();
        self.event("Warning", "Evicted", "pod", msg.clone(), "kubelet");
        self.why(format!("rankMemoryPressure orders the node's pods by (1) whether their memory use exceeds their requests, (2) lower priority, (3) larger use − requests; QoS class is not a key of its own, but a {qos} pod {}. Other pods on the node are not simulated, so this pod is the one evicted: Warning Evicted, DisruptionTarget=True (TerminationByKubelet), hard threshold → grace override 1 s (immediateEvictionGracePeriodSeconds), so the runtime's 2 s minimum applies; the pod ends Failed with reason Evicted.", match qos.as_str() {
            "BestEffort" => "(no requests) always exceeds them",
            "Guaranteed" => "(use capped at limits = requests) never exceeds them and would come last",
            _ => "exceeds them once it uses more than it requested",
        }), field);
        self.disruption = Some(("TerminationByKubelet".into(), msg.clone()));
        self.term_grace_field = String::new();
        self.begin_termination(1, Some(("Evicted".into(), msg)));
        true
    }

    /// `kubelettypes.IsCriticalPod` for a pod from the API: priority ≥ `SystemCriticalPriority`
    /// (the Priority admission plugin sets 2000001000 / 2000000000 for the two system classes).
    fn is_critical(&self) -> bool {
        const SYSTEM_CRITICAL: i32 = 2_000_000_000;
        self.spec.priority.is_some_and(|p| p >= SYSTEM_CRITICAL)
            || matches!(
                self.spec.priority_class_name.as_deref(),
                Some("system-node-critical" | "system-cluster-critical")
            )
    }
}

// -------------------------------------------------------------------- probes
impl Sim<'_> {
    /// `probeManager.AddPod`: one worker per (container, probe), ticking at W + k·P.
    fn make_workers(&mut self) {
        self.workers_made = true;
        let ph = self.tl.jitter.eviction_phase_ms;
        self.push(self.now + ph, Ev::Evict);
        for c in 0..self.ctrs.len() {
            if self.ctrs[c].kind == Kind::Init {
                continue;
            }
            #[allow(clippy::needless_range_loop)]
            for k in 0..3 {
                let Some(p) = probe_of(self.ctrs[c].spec, k).cloned() else {
                    continue;
                };
                let period = i64::from(p.period_seconds.unwrap_or(10).max(1)) * 1000;
                let w = Worker {
                    period,
                    timeout: i64::from(p.timeout_seconds.unwrap_or(1).max(1)) * 1000,
                    delay_s: i64::from(p.initial_delay_seconds.unwrap_or(0).max(0)),
                    succ: p.success_threshold.unwrap_or(1).max(1),
                    fail: p.failure_threshold.unwrap_or(3).max(1),
                    spec: p,
                    gen: 1,
                    busy_until: None,
                    tick_pending: false,
                    stopped: false,
                    cid: None,
                    result: initial(k),
                    last: Res::Unknown,
                    run: 0,
                    on_hold: false,
                };
                self.ctrs[c].workers[k] = Some(w);
                let key = format!("{}/{}", self.ctrs[c].name, PK_NAMES[k]);
                self.probe_anchors.0.push(key);
                self.probe_anchors.1.push(self.now);
                self.push(self.now, Ev::Tick(c as u32, k as u8, 1));
            }
        }
    }

    fn tick(&mut self, c: usize, k: usize, gen: u64) {
        let now = self.now;
        let Some(w) = self.ctrs[c].workers[k].as_mut() else {
            return;
        };
        if w.gen != gen || w.stopped {
            return;
        }
        let period = w.period;
        let busy = w.busy_until.is_some_and(|b| b > now);
        if busy {
            // Go's ticker buffers one tick: it fires as soon as the running probe returns.
            w.tick_pending = true;
        }
        self.push(now + period, Ev::Tick(c as u32, k as u8, gen));
        if busy {
            return;
        }
        self.do_probe(c, k, false);
    }

    /// `worker.doProbe` (prober/worker.go).
    fn do_probe(&mut self, c: usize, k: usize, manual: bool) {
        let now = self.now;
        if self.terminal.is_some() {
            if let Some(w) = self.ctrs[c].workers[k].as_mut() {
                w.stopped = true;
            }
            return;
        }
        // The status manager's view of the container, borrowed (this is the engine's hot path).
        let Some(view) = cstate_in(self.tl.snapshots.last(), self.n_init, c) else { return };
        let Some(cid) = view.container_id.as_deref() else {
            return;
        };
        let running_since = match view.state {
            CKind::Running { started_at_ms } => Some(started_at_ms),
            _ => None,
        };
        let started = view.started.unwrap_or(false);
        let deleting = self.deletion.is_some();
        let Some(w) = self.ctrs[c].workers[k].as_mut() else {
            return;
        };
        if w.cid.as_deref() != Some(cid) {
            w.cid = Some(cid.to_string());
            w.on_hold = false;
            let init = initial(k);
            let changed = w.result != init;
            w.result = init;
            if changed || k == READINESS {
                self.result_changed(c, k);
            }
        }
        let Some(w) = self.ctrs[c].workers[k].as_mut() else {
            return;
        };
        if w.on_hold {
            return;
        }
        let Some(started_at_ms) = running_since else {
            if w.result != Res::Failure {
                w.result = Res::Failure;
                self.result_changed(c, k);
            }
            return;
        };
        if deleting && k != READINESS {
            w.result = Res::Success;
            w.stopped = true;
            return;
        }
        // int32(time.Since(startedAt).Seconds()) < initialDelaySeconds, startedAt truncated to seconds.
        let since_s = (now - super::util::trunc_s(started_at_ms)) / 1000;
        if since_s < w.delay_s {
            return;
        }
        if (k != STARTUP && !started) || (k == STARTUP && started) {
            return;
        }
        let (res, out, dur, timed_out) = self.run_probe(c, k);
        let Some(w) = self.ctrs[c].workers[k].as_mut() else {
            return;
        };
        w.busy_until = Some(now + dur);
        let result = if timed_out {
            2
        } else if res == Res::Success {
            0
        } else {
            1
        };
        self.tl.probes.push(ProbeRun {
            t_ms: now,
            container: self.ctrs[c].sname.clone(),
            probe: self.probe_texts[k].clone(),
            result: self.result_texts[result].clone(),
            output: out,
            duration_ms: dur,
            manual,
        });
        let run = self.tl.probes.len() - 1;
        if dur == 0 {
            self.probe_done(c, k, res, run);
        } else {
            self.push(now + dur, Ev::ProbeDone(c as u32, k as u8, res, run as u32));
        }
    }

    /// The prober worker takes a finished run's result (`run` indexes `tl.probes`).
    fn probe_done(&mut self, c: usize, k: usize, res: Res, run: usize) {
        let Some(w) = self.ctrs[c].workers[k].as_mut() else {
            return;
        };
        w.busy_until = None;
        if w.stopped && k != READINESS {
            return;
        }
        if res == Res::Failure {
            let out = self.tl.probes.get(run).map(|r| r.output.as_str()).unwrap_or("");
            let msg = format!("{} probe failed: {}", PK_TITLES[k], out);
            self.cevent(c, "Warning", "Unhealthy", msg);
        }
        let Some(w) = self.ctrs[c].workers[k].as_mut() else {
            return;
        };
        if w.last == res {
            w.run += 1;
        } else {
            w.last = res;
            w.run = 1;
        }
        let reached = (res == Res::Failure && w.run >= w.fail) || (res == Res::Success && w.run >= w.succ);
        if reached {
            let changed = w.result != res;
            w.result = res;
            let (fail, succ) = (w.fail, w.succ);
            if (k == LIVENESS && res == Res::Failure) || k == STARTUP {
                w.on_hold = true;
                w.run = 0;
            }
            if changed {
                let path = self.ctrs[c].path.clone();
                let field = if res == Res::Failure { "failureThreshold" } else { "successThreshold" };
                let n = if res == Res::Failure { fail } else { succ };
                self.why(
                    format!(
                        "The {} probe result changes to {} after {n} consecutive {} (prober/worker.go).",
                        PK_NAMES[k],
                        if res == Res::Success { "Success" } else { "Failure" },
                        if res == Res::Success { "successes" } else { "failures" }
                    ),
                    format!("{path}.{}.{field}", PK_FIELDS[k]),
                );
                self.result_changed(c, k);
            }
        }
        let Some(w) = self.ctrs[c].workers[k].as_mut() else {
            return;
        };
        if w.tick_pending {
            w.tick_pending = false;
            self.do_probe(c, k, false);
        }
    }

    /// Results manager update → status manager + a pod sync (kubelet.go syncLoopIteration).
    fn result_changed(&mut self, c: usize, k: usize) {
        if k != LIVENESS {
            self.publish_patch();
        }
        let is_fail = self.ctrs[c].workers[k].as_ref().is_some_and(|w| w.result == Res::Failure);
        if k != LIVENESS || is_fail {
            self.request_sync();
        }
    }

    /// One probe against the process: (result, output, duration, timed out) (prober.go, pkg/probe/*).
    /// Borrows the probe spec and builds output text only for failures (the engine's hot path).
    fn run_probe(&mut self, c: usize, k: usize) -> (Res, String, i64, bool) {
        let now = self.now;
        let ct = &self.ctrs[c];
        let Some(w) = ct.workers[k].as_ref() else {
            return (Res::Failure, String::new(), 0, false);
        };
        let (spec, timeout) = (&w.spec, w.timeout);
        let t_s = timeout / 1000;
        let proc = ct.proc.as_ref();
        if let Some(e) = &spec.exec {
            let argv: &[String] = e.command.as_deref().unwrap_or(&[]);
            let o = run_exec(argv, proc, &mut self.vfs, now);
            let out = if o.duration_ms > timeout {
                let cmd = argv.join(" ");
                (Res::Failure, format!("command timed out: \"{cmd}\" timed out after {t_s}s"), timeout, true)
            } else {
                let res = if o.exit_code == 0 { Res::Success } else { Res::Failure };
                (res, o.output.trim_end().to_string(), o.duration_ms.max(0), false)
            };
            if let Some(s) = o.signal_main {
                self.deliver(c, s);
            }
            return out;
        }
        if let Some(h) = &spec.http_get {
            let port = resolve_port(ct.spec, &h.port);
            let path = h.path.as_deref().unwrap_or("/");
            let url = || {
                let scheme = h.scheme.as_deref().unwrap_or("HTTP").to_ascii_lowercase();
                format!("{scheme}://{POD_IP}:{port}{path}")
            };
            return match proc.and_then(|p| p.http_response(port, path, now, None)) {
                None => (
                    Res::Failure,
                    format!("Get \"{}\": dial tcp {POD_IP}:{port}: connect: connection refused", url()),
                    0,
                    false,
                ),
                // Status 0: the port answered but not with HTTP (Redis, Postgres …): Go's client
                // returns a transport error, which the prober reports as a failure (prober.go).
                Some((0, lat, body)) => (
                    Res::Failure,
                    format!("Get \"{}\": {}", url(), non_http_error(&body)),
                    lat.clamp(0, timeout),
                    false,
                ),
                Some((_, lat, _)) if lat > timeout => (
                    Res::Failure,
                    format!(
                        "Get \"{}\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
                        url()
                    ),
                    timeout,
                    true,
                ),
                Some((code, lat, _)) if (200..400).contains(&code) => (Res::Success, String::new(), lat.max(0), false),
                Some((code, lat, _)) => {
                    (Res::Failure, format!("HTTP probe failed with statuscode: {code}"), lat.max(0), false)
                }
            };
        }
        if let Some(t) = &spec.tcp_socket {
            let port = resolve_port(ct.spec, &t.port);
            return if proc.is_some_and(|p| p.listening(port, now)) {
                (Res::Success, String::new(), 0, false)
            } else {
                (Res::Failure, format!("dial tcp {POD_IP}:{port}: connect: connection refused"), 0, false)
            };
        }
        if let Some(g) = &spec.grpc {
            let port = u16::try_from(g.port).unwrap_or(0);
            return match proc.and_then(|p| p.grpc_health(port, g.service.as_deref().unwrap_or(""), now)) {
                Some(true) => (Res::Success, String::new(), 0, false),
                Some(false) => (Res::Failure, "service unhealthy (responded with \"NOT_SERVING\")".into(), 0, false),
                None => (Res::Failure, format!("timeout: failed to connect service \"{POD_IP}:{port}\" within {t_s}s: context deadline exceeded"), timeout, true),
            };
        }
        (Res::Failure, "missing probe handler".into(), 0, false)
    }

    /// `UpdatePodStatus` manual readiness triggers for started, not-ready containers (≈1.32+:
    /// the manual run re-anchors the ticker).
    fn manual_readiness(&mut self) {
        for c in 0..self.ctrs.len() {
            let Some(v) = cstate_in(self.tl.snapshots.last(), self.n_init, c) else {
                continue;
            };
            if !matches!(v.state, CKind::Running { .. }) || v.started != Some(true) {
                continue;
            }
            let Some(w) = self.ctrs[c].workers[READINESS].as_mut() else {
                continue;
            };
            if w.stopped || w.result == Res::Success && w.cid == v.container_id {
                continue;
            }
            if w.busy_until.is_some_and(|b| b > self.now) {
                w.tick_pending = true;
                continue;
            }
            w.gen += 1;
            let (g, p) = (w.gen, w.period);
            self.push(self.now + p, Ev::Tick(c as u32, READINESS as u8, g));
            self.do_probe(c, READINESS, true);
        }
    }
}

/// Container `c`'s entry in the published (status-manager) status `api`; init containers and
/// sidecars (`n_init` of them) come first in the engine's container order.
fn cstate_in(api: Option<&PodState>, n_init: usize, c: usize) -> Option<&CState> {
    let api = api?;
    match c.checked_sub(n_init) {
        None => api.init_containers.get(c),
        Some(i) => api.containers.get(i),
    }
}

fn initial(k: usize) -> Res {
    match k {
        LIVENESS => Res::Success,
        READINESS => Res::Failure,
        _ => Res::Unknown,
    }
}

// -------------------------------------------------------------------- status
impl Sim<'_> {
    /// The kind of the `i`-th entry of the init-container statuses: init containers and
    /// sidecars come first in `ctrs` (None past them).
    fn init_kind(&self, i: usize) -> Option<Kind> {
        self.ctrs.get(i).map(|c| c.kind).filter(|k| *k != Kind::Regular)
    }

    fn started_flag(&self, c: usize) -> bool {
        let ct = &self.ctrs[c];
        let Some(id) = running_id(&ct.seen) else {
            return false;
        };
        match &ct.workers[STARTUP] {
            Some(w) => w.cid.as_ref() == Some(&id) && w.result == Res::Success,
            None => true,
        }
    }

    fn ready_flag(&self, c: usize) -> bool {
        let ct = &self.ctrs[c];
        let Some(id) = running_id(&ct.seen) else {
            return false;
        };
        match &ct.workers[READINESS] {
            Some(w) => w.cid.as_ref() == Some(&id) && w.result == Res::Success,
            None => self.started_flag(c),
        }
    }

    /// `convertToAPIContainerStatuses` (kubelet_pods.go) from the PLEG cache + reason cache.
    fn view(&self, c: usize, has_init: bool) -> CState {
        let ct = &self.ctrs[c];
        let default_reason = if has_init { "PodInitializing" } else { "ContainerCreating" };
        let (state, last, id) = match &ct.seen.state {
            RState::None => {
                let (r, m) =
                    ct.reason_cache.clone().map(|(r, m)| (r, Some(m))).unwrap_or((default_reason.into(), None));
                (CKind::Waiting { reason: r, message: m }, None, None)
            }
            RState::Running { id, started } => {
                (CKind::Running { started_at_ms: *started }, ct.seen.prev.clone(), Some(id.clone()))
            }
            RState::Exited(t) => match &ct.reason_cache {
                Some((r, m)) if !self.terminating && self.terminal.is_none() => (
                    CKind::Waiting { reason: r.clone(), message: Some(m.clone()) },
                    Some(t.clone()),
                    Some(t.container_id.clone()),
                ),
                _ => (CKind::Terminated(t.clone()), ct.seen.prev.clone(), Some(t.container_id.clone())),
            },
        };
        CState {
            name: ct.name.clone(),
            image: ct.spec.image.clone().unwrap_or_default(),
            state,
            last_terminated: last,
            ready: self.ready_flag(c),
            started: Some(self.started_flag(c)),
            restart_count: ct.seen.restart_count,
            container_id: id,
        }
    }

    /// `getPhase` (kubelet_pods.go, 1.34 shape).
    fn get_phase(&self, init: &[CState], regular: &[CState]) -> &'static str {
        let (mut pending_init, mut failed_init, mut pending_sidecar) = (0, 0, 0);
        let (mut running, mut waiting, mut stopped, mut succeeded) = (0, 0, 0, 0);
        for (i, s) in init.iter().enumerate() {
            let kind = self.init_kind(i).unwrap_or(Kind::Init);
            let last_fail = s.last_terminated.as_ref().is_some_and(|t| t.exit_code != 0);
            if kind == Kind::Sidecar {
                match &s.state {
                    CKind::Running { .. } => {
                        if s.started != Some(true) {
                            pending_sidecar += 1;
                        }
                        running += 1;
                    }
                    CKind::Terminated(_) => {}
                    CKind::Waiting { .. } => {
                        if s.last_terminated.is_none() {
                            pending_sidecar += 1;
                        }
                    }
                }
                continue;
            }
            match &s.state {
                CKind::Running { .. } => pending_init += 1,
                CKind::Terminated(t) if t.exit_code != 0 => failed_init += 1,
                CKind::Terminated(_) => {}
                CKind::Waiting { .. } if last_fail => failed_init += 1,
                CKind::Waiting { .. } => pending_init += 1,
            }
        }
        for s in regular {
            match &s.state {
                CKind::Running { .. } => running += 1,
                CKind::Terminated(t) => {
                    stopped += 1;
                    if t.exit_code == 0 {
                        succeeded += 1;
                    }
                }
                CKind::Waiting { .. } if s.last_terminated.is_some() => stopped += 1,
                CKind::Waiting { .. } => waiting += 1,
            }
        }
        let policy = self.restart_policy();
        let any_regular_started =
            self.ctrs.iter().any(|c| c.kind == Kind::Regular && c.ever_ran && c.seen.state != RState::None);
        if failed_init > 0 && policy == "Never" {
            return "Failed";
        }
        if (pending_init + pending_sidecar > 0 && !any_regular_started) || waiting > 0 {
            return "Pending";
        }
        if running > 0 {
            return "Running";
        }
        if stopped > 0 {
            if policy == "Always" {
                return "Running";
            }
            if stopped == succeeded {
                return "Succeeded";
            }
            if policy == "Never" {
                return "Failed";
            }
            return "Running";
        }
        "Pending"
    }

    /// The index of condition type `type_` in `cond_types` (added when new).
    fn cond_slot(&mut self, type_: &str) -> usize {
        match self.cond_types.iter().position(|t| t.0.as_str() == type_) {
            Some(i) => i,
            None => {
                self.cond_types.push((SharedStr::new(type_), None));
                self.cond_types.len() - 1
            }
        }
    }

    fn cond(
        &mut self,
        out: &mut Vec<Cond>,
        type_: &str,
        status: bool,
        reason: Option<String>,
        message: Option<String>,
    ) {
        let i = self.cond_slot(type_);
        let (ty, last) = &mut self.cond_types[i];
        let lt = match last {
            Some((s, t)) if *s == status => *t,
            _ => {
                *last = Some((status, self.now));
                self.now
            }
        };
        let ty = ty.clone();
        let st = self.cond_status[usize::from(status)].clone();
        out.push(Cond { type_: ty, status: st, reason, message, last_transition_ms: lt });
    }

    /// Pod conditions (status/generate.go) for the given container views and phase.
    fn conditions(&mut self, init: &[CState], regular: &[CState], phase: &str) -> Vec<Cond> {
        // The five standard conditions plus a disruption target or a readiness gate or two.
        let mut out = Vec::with_capacity(8);
        if !self.scheduled {
            if self.spec.scheduling_gates.as_ref().is_some_and(|g| !g.is_empty()) {
                self.cond(
                    &mut out,
                    "PodScheduled",
                    false,
                    Some("SchedulingGated".into()),
                    Some("Scheduling is blocked due to non-empty scheduling gates".into()),
                );
            } else if let Some(m) = self.unschedulable.clone() {
                self.cond(&mut out, "PodScheduled", false, Some("Unschedulable".into()), Some(m));
            }
            return out;
        }
        if let Some((r, m)) = self.disruption.clone() {
            self.cond(&mut out, "DisruptionTarget", true, Some(r), Some(m));
        }
        if self.start_time.is_none() {
            self.cond(&mut out, "PodScheduled", true, None, None);
            return out;
        }
        let sandbox = self.sandbox;
        self.cond(&mut out, "PodReadyToStartContainers", sandbox, None, None);
        let incomplete: Vec<&str> = init
            .iter()
            .enumerate()
            .filter(|(i, s)| {
                if self.init_kind(*i) == Some(Kind::Sidecar) {
                    !(matches!(s.state, CKind::Running { .. }) && s.started == Some(true))
                } else {
                    !matches!(&s.state, CKind::Terminated(t) if t.exit_code == 0)
                }
            })
            .map(|(_, s)| s.name.as_str())
            .collect();
        let any_started =
            regular.iter().any(|s| !matches!(s.state, CKind::Waiting { .. }) || s.last_terminated.is_some());
        if incomplete.is_empty() || any_started {
            self.cond(&mut out, "Initialized", true, None, None);
        } else if phase == "Succeeded" {
            self.cond(&mut out, "Initialized", true, Some("PodCompleted".into()), None);
        } else {
            let m = format!("containers with incomplete status: [{}]", incomplete.join(" "));
            self.cond(&mut out, "Initialized", false, Some("ContainersNotInitialized".into()), Some(m));
        }
        let unready: Vec<&str> = init
            .iter()
            .enumerate()
            .filter(|(i, _)| self.init_kind(*i) == Some(Kind::Sidecar))
            .map(|(_, s)| s)
            .chain(regular.iter())
            .filter(|s| !s.ready)
            .map(|s| s.name.as_str())
            .collect();
        let (cr, cr_reason, cr_msg) = if phase == "Succeeded" {
            (false, Some("PodCompleted".to_string()), None)
        } else if phase == "Failed" {
            (false, Some("PodFailed".to_string()), None)
        } else if unready.is_empty() {
            (true, None, None)
        } else {
            (
                false,
                Some("ContainersNotReady".into()),
                Some(format!("containers with unready status: [{}]", unready.join(" "))),
            )
        };
        self.cond(&mut out, "ContainersReady", cr, cr_reason.clone(), cr_msg.clone());
        let (mut ready, mut r_reason, mut r_msg) = (cr, cr_reason, cr_msg);
        if ready {
            for g in self.spec.readiness_gates.iter().flatten() {
                match self.gates.get(&g.condition_type) {
                    None => {
                        ready = false;
                        r_reason = Some("ReadinessGatesNotReady".into());
                        r_msg = Some(format!(
                            "corresponding condition of pod readiness gate {:?} does not exist.",
                            g.condition_type
                        ));
                        break;
                    }
                    Some(s) if s != "True" => {
                        ready = false;
                        r_reason = Some("ReadinessGatesNotReady".into());
                        r_msg = Some(format!(
                            "the status of pod readiness gate {:?} is not \"True\", but {s}",
                            g.condition_type
                        ));
                        break;
                    }
                    _ => {}
                }
            }
        }
        if !self.node_ready {
            ready = false;
        }
        self.cond(&mut out, "Ready", ready, r_reason, r_msg);
        self.cond(&mut out, "PodScheduled", true, None, None);
        // Taken out while `cond` records them (nothing cloned).
        let gates = std::mem::take(&mut self.gates);
        for (k, v) in &gates {
            self.cond(&mut out, k, v == "True", None, None);
        }
        self.gates = gates;
        out
    }

    /// Generates the full API status now (`generateAPIPodStatus`) and records it.
    fn publish(&mut self) {
        let n_init = self.ctrs.iter().filter(|c| c.kind != Kind::Regular).count();
        let has_init = n_init > 0;
        let init: Vec<CState> = (0..n_init).map(|c| self.view(c, has_init)).collect();
        let regular: Vec<CState> = (n_init..self.ctrs.len()).map(|c| self.view(c, has_init)).collect();
        self.record(init, regular);
    }

    /// A status-manager patch (probe-driven ready/started), without a new runtime snapshot.
    fn publish_patch(&mut self) {
        // Only the container statuses are carried over (the rest is recomputed by `record`).
        let Some(api) = self.tl.snapshots.last() else { return };
        let n_init = api.init_containers.len();
        let mut init = api.init_containers.clone();
        let mut regular = api.containers.clone();
        for (c, s) in init.iter_mut().chain(regular.iter_mut()).enumerate() {
            if c >= self.ctrs.len() {
                break;
            }
            if matches!(s.state, CKind::Running { .. }) {
                s.ready = self.ready_flag(c);
                s.started = Some(self.started_flag(c));
            }
        }
        let _ = n_init;
        self.record(init, regular);
    }

    fn refresh_conditions(&mut self) {
        match self.tl.snapshots.last().map(|api| (api.init_containers.clone(), api.containers.clone())) {
            Some((init, regular)) => self.record(init, regular),
            None => self.publish(),
        }
    }

    fn record(&mut self, mut init: Vec<CState>, mut regular: Vec<CState>) {
        // No container statuses before the kubelet's first status, nor for a rejected pod.
        let rejected = self.pod_reason.as_ref().is_some_and(|(r, _)| r.starts_with("OutOf"));
        if !self.scheduled || self.start_time.is_none() || rejected {
            init.clear();
            regular.clear();
        }
        let phase = match &self.terminal {
            Some(p) => p.clone(),
            None if !self.scheduled || self.start_time.is_none() => "Pending".into(),
            None => {
                let p = self.get_phase(&init, &regular);
                // mergePodStatus: no terminal phase while containers may still run.
                if (p == "Succeeded" || p == "Failed") && !self.terminal_allowed() {
                    self.tl.snapshots.last().map_or_else(|| "Pending".into(), |a| a.phase.clone())
                } else {
                    p.to_string()
                }
            }
        };
        let conditions = self.conditions(&init, &regular, &phase);
        let (reason, message) = match &self.pod_reason {
            Some((r, m)) => (Some(r.clone()), Some(m.clone())),
            None => (None, None),
        };
        let state = PodState {
            t_ms: self.now,
            phase,
            reason,
            message,
            node_name: self.scheduled.then(|| self.node.clone()),
            start_time_ms: self.start_time,
            deletion_timestamp_ms: self.deletion.map(|d| d.0),
            deletion_grace_seconds: self.deletion.map(|d| d.1),
            conditions,
            init_containers: init,
            containers: regular,
            deleted: self.removed.is_some(),
            row: Row::default(),
        };
        let same = self.tl.snapshots.last().is_some_and(|l| l.same_content(&state));
        if !same {
            let mut state = state;
            state.fill_pod(&mut self.print_src);
            state.row = kubectl_row(&self.print_src, self.now);
            if let Some(last) = self.tl.snapshots.last() {
                if last.t_ms == self.now {
                    self.tl.snapshots.pop();
                }
            }
            // The last snapshot is also the status manager's current status (`api`).
            self.tl.snapshots.push(state);
        }
    }

    /// A terminal phase from getPhase is published only when no container can still be running.
    fn terminal_allowed(&self) -> bool {
        !self.ctrs.iter().any(|c| matches!(c.rt.state, RState::Running { .. }))
    }

    /// Disk use of container `c` at `t`: its emptyDir mounts' bytes, plus what its process
    /// wrote (scenario `disk`) when `with_proc`.
    fn usage_disk(&self, c: usize, t: i64, with_proc: bool) -> u64 {
        let dirs = self.usage[c].mounts.iter().map(|m| self.vfs.bytes_under(m)).fold(0u64, u64::saturating_add);
        let own = if with_proc { self.ctrs[c].proc.as_ref().map_or(0, |p| p.disk_bytes(t)) } else { 0 };
        dirs.saturating_add(own)
    }

    /// Records container `c`'s usage at `t` (and at the process's slope changes before it).
    fn usage_sample(&mut self, c: usize, t: i64) {
        self.usage_point(c, t, false);
    }

    /// The process of container `c` ends at `at`: its last memory, then 0.
    fn usage_exit(&mut self, c: usize, at: i64) {
        self.usage_point(c, at, true);
    }

    /// [`Sim::usage_sample`] and [`Sim::usage_exit`]: one body.
    fn usage_point(&mut self, c: usize, t: i64, exit: bool) {
        let Some(p) = self.ctrs[c].proc.as_ref() else {
            return;
        };
        let dirs = self.usage_disk(c, t, false);
        let mut track = std::mem::take(&mut self.usage[c]);
        track.knees(p, t, dirs);
        let disk = dirs.saturating_add(p.disk_bytes(t));
        track.push(t, if exit { p.memory_bytes_at_exit(t) } else { p.memory_bytes(t) }, disk);
        if exit {
            track.push(t, 0, disk);
        }
        self.usage[c] = track;
    }

    /// The usage series, closed at the end of the run for containers still running.
    fn usage_series(&mut self) -> Vec<UsageSample> {
        let end = match self.removed {
            Some(r) => r,
            None if self.truncated => self.now,
            None => self.until.max(self.now),
        };
        let mut out = Vec::new();
        for c in 0..self.ctrs.len() {
            if self.ctrs[c].proc.is_some() && self.usage[c].last_t().is_some_and(|t| t < end) {
                self.usage_sample(c, end);
            }
            let track = std::mem::take(&mut self.usage[c]);
            out.extend(track.finish(&self.ctrs[c].name));
        }
        // One list in time order (stable: a container's own order is kept).
        crate::sort::by_key(&mut out, |s| crate::sort::signed(s.t_ms));
        out
    }

    /// Post-processing into the flat output series.
    pub(crate) fn finish(mut self) -> Timeline {
        self.tl.usage = self.usage_series();
        self.tl.truncated = self.truncated;
        self.tl.steps = self.steps;
        self.tl.removed_ms = self.removed;
        let (keys, at) = std::mem::take(&mut self.probe_anchors);
        self.tl.jitter.probe_anchors = VecMap::from_parts(keys, at);
        let snaps = std::mem::take(&mut self.tl.snapshots);
        let mut status: Vec<StatusRow> = Vec::new();
        // Keyed by names borrowed from the snapshots: nothing is cloned to look a name up. The
        // keys are those of the first and last snapshots, sorted once (a container or condition
        // type only seen in between is inserted).
        let ends = || snaps.first().into_iter().chain(snaps.last());
        // Each name maps to the index of its open interval in `intervals` (of its last change in
        // `self.tl.conditions`), `NONE` before the first: the values compared are read there, and
        // both maps are one shape.
        const NONE: usize = usize::MAX;
        let mut open: VecMap<&str, usize> = ends()
            .flat_map(|s| s.init_containers.iter().chain(s.containers.iter()))
            .map(|cs| (cs.name.as_str(), NONE))
            .collect();
        let mut intervals: Vec<StateInterval> = Vec::new();
        let mut conds: VecMap<&str, usize> =
            ends().flat_map(|s| s.conditions.iter()).map(|c| (c.type_.as_str(), NONE)).collect();
        // Rows, intervals and condition changes are compared by reference first: only a change
        // allocates (most snapshots repeat most of the previous one).
        for s in &snaps {
            fn restarts_n(r: &str) -> &str {
                r.split_whitespace().next().unwrap_or("")
            }
            let row_status = if s.deleted { "<deleted>" } else { s.row.status.as_str() };
            let changed = match status.last() {
                None => true,
                Some(l) => {
                    l.phase != s.phase
                        || l.ready != s.row.ready
                        || l.status != row_status
                        || restarts_n(&l.restarts) != restarts_n(&s.row.restarts)
                        || l.deleted != s.deleted
                }
            };
            if changed {
                status.push(StatusRow {
                    t_ms: s.t_ms,
                    phase: s.phase.clone(),
                    ready: s.row.ready.clone(),
                    status: row_status.to_string(),
                    restarts: s.row.restarts.clone(),
                    deleted: s.deleted,
                });
            }
            for cs in s.init_containers.iter().chain(s.containers.iter()) {
                let (st, reason, exit) = match &cs.state {
                    CKind::Waiting { reason, .. } => ("waiting", Some(reason.as_str()), None),
                    CKind::Running { .. } => ("running", None, None),
                    CKind::Terminated(t) => ("terminated", Some(t.reason.as_str()), Some(t.exit_code)),
                };
                let started = cs.started.unwrap_or(false);
                let prev = open.get(cs.name.as_str()).and_then(|&i| intervals.get_mut(i));
                let same = prev.as_ref().is_some_and(|o| {
                    o.state == st
                        && o.reason.as_deref() == reason
                        && o.exit_code == exit
                        && o.ready == cs.ready
                        && o.started == started
                        && o.restart_count == cs.restart_count
                });
                if !same {
                    if let Some(o) = prev {
                        o.to_ms = Some(s.t_ms);
                    }
                    open.insert(cs.name.as_str(), intervals.len());
                    intervals.push(StateInterval {
                        container: cs.name.clone(),
                        from_ms: s.t_ms,
                        to_ms: None,
                        state: st.into(),
                        reason: reason.map(str::to_string),
                        exit_code: exit,
                        ready: cs.ready,
                        started,
                        restart_count: cs.restart_count,
                    });
                }
            }
            for c in &s.conditions {
                let same = conds.get(c.type_.as_str()).and_then(|&i| self.tl.conditions.get(i)).is_some_and(|o| {
                    o.status == c.status.as_str()
                        && o.reason.as_deref() == c.reason.as_deref()
                        && o.message.as_deref() == c.message.as_deref()
                });
                if !same {
                    conds.insert(c.type_.as_str(), self.tl.conditions.len());
                    self.tl.conditions.push(ConditionChange {
                        t_ms: s.t_ms,
                        type_: c.type_.to_string(),
                        status: c.status.to_string(),
                        reason: c.reason.clone(),
                        message: c.message.clone(),
                    });
                }
            }
        }
        // In the order they opened; the sort's keys (start, container) are distinct (one snapshot
        // per instant, one status per container in it), so the order is the sort's alone.
        // Through the shared sort (a `sort_by` here monomorphized a whole driftsort, ~3 KB of wasm).
        crate::sort::by(&mut intervals, |a, b| (a.from_ms, &a.container).cmp(&(b.from_ms, &b.container)));
        self.tl.containers = intervals;
        self.tl.status = status;
        self.tl.snapshots = snaps;
        self.tl
    }
}
