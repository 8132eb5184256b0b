//! Traffic: what clients of a Service see while its pods start, stop and roll (issue 6).
//!
//! Input: a [`Service`], a plain slice of [`Backend`]s (pods with their creation time in
//! fleet milliseconds, their labels and their engine [`Timeline`]) and a [`TrafficSpec`]
//! (the Scenario's `spec.traffic`). Output: a [`TrafficReport`] — every request's outcome,
//! counted in total, per time bucket and per pod, the EndpointSlice conditions of each pod as
//! the controller writes them and as kube-proxy acts on them, and one sentence on the first
//! failure of each kind.
//!
//! The model, step by step:
//! 1. The Service selects pods by label ([`Service::selects`]); each service port reaches a
//!    container port through [`service::find_port`] (`FindPort`).
//! 2. Each selected pod's endpoint conditions over time follow the EndpointSlice controller's
//!    rules ([`endpoints`]).
//! 3. Every node's kube-proxy acts on them `proxyDelay` later (default 1 s: kube-proxy's
//!    `minSyncPeriod` default, `pkg/proxy/apis/config/v1alpha1/defaults.go`, the longest a
//!    change waits for the next iptables/nftables sync; the EndpointSlice controller's
//!    `--endpointslice-updates-batch-period` defaults to 0, i.e. no batching, and watch
//!    propagation is taken as instant). All nodes use the same delay.
//! 4. Requests arrive at a steady `rps` from `from`; each is sent to one usable endpoint
//!    chosen uniformly with the seeded portable RNG (like iptables' `statistic --mode random`
//!    probabilities), or refused when there is none (REJECT).
//! 5. At the pod: nothing listening on the target port at arrival → refused; the process that
//!    accepted it dies before `requestDuration` is over → reset; else served. A request that
//!    arrives at a pod with `deletionTimestamp` set is also counted as sent to a terminating pod.
//!
//! Long-lived connections (`connections: N`) connect through the same proxy view; each stays
//! on its pod until the process dies (reset) or the app closes its listener on SIGTERM (a
//! graceful close), then reconnects at once (a refused attempt is retried after
//! [`RECONNECT_MS`]).
//!
//! The backends of a paste are joined by [`crate::scene::simulate`]: a Deployment's (or
//! ReplicaSet's) pods as the fleet (`src/fleet/`) creates, rolls and deletes them, plus the
//! paste's other pods ([`backends_from_parsed`]).

pub mod endpoints;
pub mod report;
pub mod service;

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::app::Millis;
use crate::engine::rng::Rng;
use crate::engine::timeline::CKind;
use crate::engine::Timeline;
use crate::model::core::Pod;
use crate::model::IntOrString;

pub use endpoints::{Conditions, EndpointSpan};
pub use report::{Bucket, ConnectionTotals, FirstFailure, PodLane, Totals, TrafficReport};
pub use service::{Service, ServiceDoc, ServicePort};

/// A refused long-lived connection is retried after this long.
pub const RECONNECT_MS: i64 = 1000;
/// At most this many requests are simulated (the report says `truncated` beyond).
pub const MAX_REQUESTS: u64 = 20_000_000;
/// At most this many connection steps (connect, close, reset, refusal) in total.
pub const MAX_CONNECTION_STEPS: u64 = 2_000_000;
/// At most this many long-lived connections.
pub const MAX_CONNECTIONS: u32 = 10_000;
/// At most this many buckets (the bucket widens beyond 1 s for long runs).
pub const MAX_BUCKETS: i64 = 3600;
/// At most this many replicas of one workload are simulated by [`backends_from_parsed`].
pub const MAX_REPLICAS: usize = 100;
/// At most this many pods in all are simulated by [`backends_from_parsed`].
pub const MAX_BACKENDS: usize = 1000;

/// `spec.traffic` of the Scenario: the client load.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TrafficSpec {
    /// The Service's `metadata.name` (default: the first Service of the paste).
    pub service: Option<String>,
    /// The service port, by number or name (default: its first port).
    pub port: Option<IntOrString>,
    /// Requests per second, evenly spaced (default 100; 0 = none).
    pub rps: u32,
    /// How long each request takes once accepted (default 200ms).
    pub request_duration: Millis,
    /// Long-lived connections held open (default 0).
    pub connections: u32,
    /// When the clients start (default 0s).
    pub from: Millis,
    /// When they stop (default: the end of the simulation).
    pub until: Option<Millis>,
    /// How long after an EndpointSlice change every node's kube-proxy acts on it (default 1s).
    pub proxy_delay: Millis,
}

impl Default for TrafficSpec {
    fn default() -> Self {
        TrafficSpec {
            service: None,
            port: None,
            rps: 100,
            request_duration: Millis(200),
            connections: 0,
            from: Millis(0),
            until: None,
            proxy_delay: Millis(1000),
        }
    }
}

impl crate::typed::Read for TrafficSpec {
    fn read(c: crate::typed::Cur<'_, '_, '_>) -> Result<Self, crate::typed::DeError> {
        use crate::typed::Read;
        const FIELDS: &str = "service port rps requestDuration connections from until proxyDelay";
        let mut s = TrafficSpec::default();
        c.fields(FIELDS, false, &mut |i, c| {
            match i {
                0 => s.service = Read::read(c)?,
                1 => s.port = Read::read(c)?,
                2 => s.rps = Read::read(c)?,
                3 => s.request_duration = Read::read(c)?,
                4 => s.connections = Read::read(c)?,
                5 => s.from = Read::read(c)?,
                6 => s.until = Read::read(c)?,
                _ => s.proxy_delay = Read::read(c)?,
            }
            Ok(())
        })?;
        Ok(s)
    }
}

impl TrafficSpec {
    /// As written in a Scenario document (defaults left out), for `Scenario::to_json`.
    pub fn to_json(&self) -> serde_json::Value {
        use crate::engine::scenario::put;
        let d = TrafficSpec::default();
        let mut m = serde_json::Map::new();
        let ms = |v: Millis| serde_json::Value::String(v.to_string());
        if let Some(s) = &self.service {
            put(&mut m, "service", Some(serde_json::Value::String(s.clone())));
        }
        match &self.port {
            Some(IntOrString::Int(n)) => {
                put(&mut m, "port", Some((*n).into()));
            }
            Some(IntOrString::String(n)) => {
                put(&mut m, "port", Some(serde_json::Value::String(n.clone())));
            }
            None => {}
        }
        if self.rps != d.rps {
            put(&mut m, "rps", Some(self.rps.into()));
        }
        if self.request_duration != d.request_duration {
            put(&mut m, "requestDuration", Some(ms(self.request_duration)));
        }
        if self.connections != 0 {
            put(&mut m, "connections", Some(self.connections.into()));
        }
        if self.from != d.from {
            put(&mut m, "from", Some(ms(self.from)));
        }
        if let Some(u) = self.until {
            put(&mut m, "until", Some(ms(u)));
        }
        if self.proxy_delay != d.proxy_delay {
            put(&mut m, "proxyDelay", Some(ms(self.proxy_delay)));
        }
        serde_json::Value::Object(m)
    }
}

/// One pod behind the Service: its name, labels, the pod as simulated (its spec gives the
/// named container ports and readiness probes, its namespace the Service's reach), its
/// creation time in fleet milliseconds and its simulated history (`t_ms` of the timeline are
/// relative to `created_ms`).
#[derive(Clone, Copy, Debug)]
pub struct Backend<'a> {
    pub name: &'a str,
    pub labels: &'a BTreeMap<String, String>,
    pub pod: &'a Pod,
    pub created_ms: i64,
    pub timeline: &'a Timeline,
    /// Fleet ms from which the pod's node is down — it lost power (the Scenario's
    /// `nodes[].fail`, mode `Unreachable`): nothing on it answers from then on, although the
    /// API still shows the pod Running and Ready until the node controller marks it NotReady.
    /// None: the node stays up.
    pub node_down_ms: Option<i64>,
}

/// A pod of the paste, simulated ([`backends_from_parsed`]); [`SimulatedPod::backend`]
/// borrows it as a [`Backend`] created at 0.
#[derive(Clone, Debug)]
pub struct SimulatedPod<'a> {
    pub name: String,
    pub labels: BTreeMap<String, String>,
    /// The document's pod (a replica differs from it only in its name and labels, both
    /// above; borrowed, not cloned: no `Pod::clone` in the page's wasm).
    pub pod: &'a Pod,
    pub timeline: Timeline,
    /// When its node lost power (the Scenario's `node.fail`, mode `Unreachable`).
    pub node_down_ms: Option<i64>,
}

impl SimulatedPod<'_> {
    pub fn backend(&self) -> Backend<'_> {
        Backend {
            name: &self.name,
            labels: &self.labels,
            pod: self.pod,
            created_ms: 0,
            timeline: &self.timeline,
            node_down_ms: self.node_down_ms,
        }
    }
}

/// One run of a container's main process, in fleet time.
#[derive(Clone, Debug)]
struct Run {
    container: String,
    started: i64,
    /// Exit time (`i64::MAX` = still running at the end).
    finished: i64,
    exit_code: i32,
    reason: String,
}

/// A span of listening on the target port, with the death time of the process behind it.
#[derive(Clone, Copy, Debug)]
struct Listen {
    from: i64,
    to: i64,
    /// When the process that listens dies (`i64::MAX` = never within the run).
    death: i64,
    run: usize,
}

/// Everything the request loop needs about one selected pod.
struct Lane<'a> {
    backend: Backend<'a>,
    target_port: Option<u16>,
    slice: Vec<EndpointSpan>,
    proxy: Vec<EndpointSpan>,
    listen: Vec<Listen>,
    runs: Vec<Run>,
    /// When `deletionTimestamp` was set (fleet time).
    deleting: Option<i64>,
    /// When the pod left the API (fleet time).
    gone: Option<i64>,
    cursor: usize,
}

impl Lane<'_> {
    /// The listen span covering `t`, advancing the cursor (`t` must not decrease).
    fn listening_at(&mut self, t: i64) -> Option<Listen> {
        while self.cursor < self.listen.len() && self.listen[self.cursor].to <= t {
            self.cursor += 1;
        }
        self.listen[self.cursor..].iter().take_while(|l| l.from <= t).find(|l| t < l.to).copied()
    }

    /// [`Lane::listening_at`] without the cursor (any `t`).
    fn listening_any(&self, t: i64) -> Option<Listen> {
        self.listen.iter().find(|l| l.from <= t && t < l.to).copied()
    }
}

/// Process runs of every container, from the status snapshots (exact start and exit times).
fn runs(tl: &Timeline, created: i64) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let mut note = |name: &str, started: i64, end: Option<(i64, i32, &str)>| {
        let started = created.saturating_add(started);
        match out.iter_mut().find(|r| r.container == name && r.started == started) {
            Some(r) => {
                if let Some((f, code, reason)) = end {
                    r.finished = created.saturating_add(f);
                    r.exit_code = code;
                    r.reason = reason.to_string();
                }
            }
            None => {
                let (finished, exit_code, reason) =
                    end.map_or((i64::MAX, 0, String::new()), |(f, c, r)| (created.saturating_add(f), c, r.to_string()));
                out.push(Run { container: name.to_string(), started, finished, exit_code, reason });
            }
        }
    };
    for s in &tl.snapshots {
        for c in s.containers.iter().chain(&s.init_containers) {
            match &c.state {
                CKind::Running { started_at_ms } => note(&c.name, *started_at_ms, None),
                CKind::Terminated(t) => {
                    note(&c.name, t.started_at_ms, Some((t.finished_at_ms, t.exit_code, &t.reason)))
                }
                CKind::Waiting { .. } => {}
            }
            if let Some(t) = &c.last_terminated {
                note(&c.name, t.started_at_ms, Some((t.finished_at_ms, t.exit_code, &t.reason)));
            }
        }
    }
    out
}

fn lane<'a>(b: Backend<'a>, svc: &Service, sp: &ServicePort, delay: i64) -> Lane<'a> {
    let tl = b.timeline;
    let target_port = service::find_port(b.pod, sp);
    let slice = match target_port {
        Some(_) => endpoints::spans(tl, b.created_ms, svc.publish_not_ready_addresses),
        // No suitable port: the controller leaves this service port out for the pod.
        None => vec![EndpointSpan { from_ms: i64::MIN, to_ms: None, endpoint: None }],
    };
    let proxy = endpoints::delayed(&slice, delay);
    let runs = runs(tl, b.created_ms);
    let mut listen: Vec<Listen> = Vec::new();
    if let Some(port) = target_port {
        for l in tl.listening.iter().filter(|l| l.port == port) {
            let from = b.created_ms.saturating_add(l.from_ms);
            let to = l.to_ms.map_or(i64::MAX, |t| b.created_ms.saturating_add(t));
            let run = runs
                .iter()
                .enumerate()
                .filter(|(_, r)| r.container == l.container && r.started <= from)
                .max_by_key(|(_, r)| r.started)
                .map(|(i, _)| i);
            let (death, run) = match run {
                Some(i) => (runs[i].finished.max(to), i),
                None => (to, usize::MAX),
            };
            // A node that lost power takes its processes with it.
            let down = b.node_down_ms.unwrap_or(i64::MAX);
            if from < down {
                listen.push(Listen { from, to: to.min(down), death: death.min(down), run });
            }
        }
    }
    crate::sort::by_key(&mut listen, |l| crate::sort::signed(l.from));
    // When `deletionTimestamp` was set (its value is that instant plus the grace period).
    let deleting =
        tl.snapshots.iter().find(|s| s.deletion_timestamp_ms.is_some()).map(|s| b.created_ms.saturating_add(s.t_ms));
    let gone = tl.removed_ms.map(|t| b.created_ms.saturating_add(t));
    Lane { backend: b, target_port, slice, proxy, listen, runs, deleting, gone, cursor: 0 }
}

/// The proxy's usable endpoints between change points: `(from, lanes)`, sorted by `from`.
fn epochs(lanes: &[Lane]) -> Vec<(i64, Vec<usize>)> {
    let mut times: Vec<i64> = lanes.iter().flat_map(|l| l.proxy.iter().map(|s| s.from_ms)).collect();
    // Plain integers, through the shared sort (as the fleet's change times).
    crate::sort::ints(&mut times);
    times.dedup();
    let mut out: Vec<(i64, Vec<usize>)> = Vec::with_capacity(times.len());
    for t in times {
        let eps: Vec<(usize, Conditions)> =
            lanes.iter().enumerate().filter_map(|(i, l)| endpoints::at(&l.proxy, t).map(|c| (i, c))).collect();
        let use_ = endpoints::usable(&eps);
        if out.last().is_some_and(|(_, u)| *u == use_) {
            continue;
        }
        out.push((t, use_));
    }
    out
}

fn epoch_at(epochs: &[(i64, Vec<usize>)], t: i64) -> &[usize] {
    let i = epochs.partition_point(|(f, _)| *f <= t);
    i.checked_sub(1).and_then(|i| epochs.get(i)).map_or(&[], |(_, u)| u.as_slice())
}

/// The first failed request of a cause: when, which lane, the listen span involved.
type FirstOf = (i64, Option<usize>, Option<Listen>);

/// Why a request failed: the first request of each cause gets an explanation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fail {
    /// kube-proxy had no usable endpoint (REJECT).
    NoEndpoint = 0,
    /// Sent to a pod whose process has not listened on the port yet.
    NotYetListening = 1,
    /// Sent to a pod whose app closed its listener (SIGTERM) while the process lives on.
    ListenerClosed = 2,
    /// Sent to a pod whose listening process has exited.
    ProcessExited = 3,
    /// Sent to a pod already gone from the API.
    PodGone = 4,
    /// The process died before the request was over.
    Reset = 5,
    /// Sent to a pod whose node is down (power loss).
    NodeDown = 6,
}

impl Lane<'_> {
    /// Why nothing listens at `t` (after [`Lane::listening_at`] moved the cursor to `t`).
    fn refusal(&self, t: i64) -> Fail {
        if self.gone.is_some_and(|g| g <= t) {
            return Fail::PodGone;
        }
        if self.backend.node_down_ms.is_some_and(|d| d <= t) {
            return Fail::NodeDown;
        }
        match self.cursor.checked_sub(1).and_then(|i| self.listen.get(i)) {
            None => Fail::NotYetListening,
            Some(p) if p.death <= p.to => Fail::ProcessExited,
            Some(_) => Fail::ListenerClosed,
        }
    }
}

/// Simulates the clients of `service` over `backends` until `until_ms` (fleet time).
/// Deterministic: same inputs and seed ⇒ identical report.
pub fn simulate(
    service: &Service,
    backends: &[Backend],
    spec: &TrafficSpec,
    until_ms: i64,
    seed: u64,
) -> TrafficReport {
    let delay = spec.proxy_delay.0.max(0);
    let from = spec.from.0.max(0);
    let until = spec.until.map_or(until_ms, |u| u.0.min(until_ms)).max(from);
    let duration = spec.request_duration.0.max(0);
    let mut report = TrafficReport::new(service, spec, from, until, seed);
    let Some(sp) = service.port(spec.port.as_ref()) else {
        report.not_simulated.push(match &spec.port {
            Some(p) => format!("the Service {} has no port {}", service.name, port_text(p)),
            None => format!("the Service {} has no ports", service.name),
        });
        return report;
    };
    report.port = sp.port;
    report.target_port = port_text(&sp.target_port);
    let mut lanes: Vec<Lane> = backends
        .iter()
        .filter(|b| {
            let ns = b.pod.metadata.namespace.as_deref().unwrap_or("default");
            service.selects(ns, b.labels)
        })
        .map(|b| lane(*b, service, sp, delay))
        .collect();
    let epochs = epochs(&lanes);

    let span = until - from;
    let mut bucket_ms = 1000;
    while span / bucket_ms >= MAX_BUCKETS {
        bucket_ms *= 2;
    }
    let n_buckets = usize::try_from((span + bucket_ms - 1) / bucket_ms).unwrap_or(0);
    report.bucket_ms = bucket_ms;
    report.buckets =
        (0..n_buckets).map(|i| Bucket { t_ms: from + i as i64 * bucket_ms, ..Default::default() }).collect();
    let mut served_lane = vec![vec![0u32; n_buckets]; lanes.len()];
    let mut failed_lane = vec![vec![0u32; n_buckets]; lanes.len()];

    // Requests: arrival i at from + i·1000/rps ms.
    let rps = u64::from(spec.rps);
    let mut n = if rps == 0 { 0 } else { (u64::try_from(span).unwrap_or(0).saturating_mul(rps)).div_ceil(1000) };
    if n > MAX_REQUESTS {
        n = MAX_REQUESTS;
        report.truncated = true;
    }
    let mut rng = Rng::new(seed);
    let mut first: [Option<FirstOf>; 7] = [None; 7];
    let mut ep_i = 0usize;
    let totals = &mut report.totals;
    // t = from + ⌊i·1000 / rps⌋ and the bucket index, kept incrementally (no division per request).
    let step = rps.max(1);
    // Index of the first arrival at or after `x`: ⌈(x − from)·rps / 1000⌉.
    let first_at = |x: i64| -> u64 {
        let d = u128::try_from(x.saturating_sub(from).max(0)).unwrap_or(0);
        u64::try_from((d * u128::from(rps)).div_ceil(1000)).unwrap_or(u64::MAX)
    };
    let (mut off, mut rem) = (0i64, 0u64);
    let (mut b, mut next_bucket) = (0usize, from.saturating_add(bucket_ms));
    let mut i = 0u64;
    while i < n {
        let t = from + off;
        if t >= until {
            break;
        }
        while t >= next_bucket && b + 1 < n_buckets {
            b += 1;
            next_bucket = next_bucket.saturating_add(bucket_ms);
        }
        while ep_i + 1 < epochs.len() && epochs[ep_i + 1].0 <= t {
            ep_i += 1;
        }
        let usable: &[usize] = match epochs.get(ep_i) {
            Some((f, u)) if *f <= t => u,
            _ => &[],
        };
        if usable.is_empty() {
            // Every arrival until kube-proxy's next change is REJECTed: counted at once, per
            // bucket, without drawing (no endpoint, no random choice).
            first[Fail::NoEndpoint as usize].get_or_insert((t, None, None));
            let end = epochs.get(ep_i + 1).map_or(until, |e| e.0.min(until));
            let j_end = first_at(end).clamp(i + 1, n);
            while i < j_end {
                let last = b + 1 >= n_buckets;
                let j = if last { j_end } else { first_at(next_bucket.min(end)).min(j_end) };
                let c = j - i;
                totals.requests += c;
                totals.refused += c;
                totals.refused_no_endpoint += c;
                report.buckets[b].refused += u32::try_from(c).unwrap_or(u32::MAX);
                i = j;
                if i < j_end {
                    b += 1;
                    next_bucket = next_bucket.saturating_add(bucket_ms);
                }
            }
            // The arrival time of index i: ⌊i·1000 / rps⌋.
            let num = u128::from(i) * 1000;
            off = i64::try_from(num / u128::from(step)).unwrap_or(i64::MAX);
            rem = u64::try_from(num % u128::from(step)).unwrap_or(0);
            continue;
        }
        i += 1;
        rem += 1000;
        while rem >= step {
            rem -= step;
            off += 1;
        }
        let bucket = &mut report.buckets[b];
        totals.requests += 1;
        let k = usable[usize::try_from(rng.below(usable.len() as i64)).unwrap_or(0)];
        let l = &mut lanes[k];
        if l.deleting.is_some_and(|d| d <= t) {
            totals.to_terminating += 1;
            bucket.to_terminating += 1;
        }
        match l.listening_at(t) {
            None => {
                totals.refused += 1;
                bucket.refused += 1;
                failed_lane[k][b] += 1;
                let cause = l.refusal(t) as usize;
                if first[cause].is_none() {
                    let prev = l.cursor.checked_sub(1).and_then(|i| l.listen.get(i)).copied();
                    first[cause] = Some((t, Some(k), prev));
                }
            }
            Some(ls) if ls.death < t.saturating_add(duration) => {
                totals.reset += 1;
                bucket.reset += 1;
                failed_lane[k][b] += 1;
                first[Fail::Reset as usize].get_or_insert((t, Some(k), Some(ls)));
            }
            Some(_) => {
                totals.served += 1;
                bucket.served += 1;
                served_lane[k][b] += 1;
            }
        }
    }

    // Long-lived connections, each with its own RNG stream.
    let mut conn_first: Option<(i64, usize, Listen)> = None;
    if spec.connections > 0 {
        let count = spec.connections.min(MAX_CONNECTIONS);
        if count < spec.connections {
            report.truncated = true;
        }
        let mut c = ConnectionTotals { connections: count, ..Default::default() };
        let mut steps = 0u64;
        'conns: for ci in 0..count {
            let mut rng = Rng::new(seed ^ 0x5EED_C0DE_0000_0000 ^ u64::from(ci).wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let mut t = from;
            while t < until {
                steps += 1;
                if steps > MAX_CONNECTION_STEPS {
                    report.truncated = true;
                    break 'conns;
                }
                let usable = epoch_at(&epochs, t);
                if usable.is_empty() {
                    c.refused += 1;
                    t = t.saturating_add(RECONNECT_MS);
                    continue;
                }
                let k = usable[usize::try_from(rng.below(usable.len() as i64)).unwrap_or(0)];
                let Some(ls) = lanes[k].listening_any(t) else {
                    c.refused += 1;
                    t = t.saturating_add(RECONNECT_MS);
                    continue;
                };
                c.opened += 1;
                if ls.death <= ls.to {
                    if ls.death >= until {
                        c.open_at_end += 1;
                        break;
                    }
                    c.reset += 1;
                    conn_first.get_or_insert((ls.death, k, ls));
                    t = ls.death;
                } else {
                    if ls.to >= until {
                        c.open_at_end += 1;
                        break;
                    }
                    c.closed += 1;
                    t = ls.to;
                }
            }
        }
        report.connections = Some(c);
    }

    // Explanations of the first failure of each kind.
    let kinds = [
        (Fail::NoEndpoint, "refused"),
        (Fail::NotYetListening, "refused"),
        (Fail::ListenerClosed, "refused"),
        (Fail::ProcessExited, "refused"),
        (Fail::PodGone, "refused"),
        (Fail::Reset, "reset"),
        (Fail::NodeDown, "refused"),
    ];
    for (slot, (kind, name)) in first.iter().zip(kinds) {
        if let Some((t, k, ls)) = slot {
            let why = explain(kind, *t, k.map(|k| &lanes[k]), *ls, &lanes, sp, delay, duration);
            report.first_failures.push(FirstFailure {
                kind: name.into(),
                t_ms: *t,
                pod: k.map(|k| lanes[k].backend.name.to_string()),
                why,
            });
        }
    }
    if let Some((t, k, ls)) = conn_first {
        let why = explain_conn_reset(t, &lanes[k], ls);
        report.first_failures.push(FirstFailure {
            kind: "connection reset".into(),
            t_ms: t,
            pod: Some(lanes[k].backend.name.to_string()),
            why,
        });
    }
    crate::sort::by_key(&mut report.first_failures, |f| crate::sort::signed(f.t_ms));

    for (i, l) in lanes.iter().enumerate() {
        report.pods.push(PodLane {
            name: l.backend.name.to_string(),
            target_port: l.target_port,
            served: std::mem::take(&mut served_lane[i]),
            failed: std::mem::take(&mut failed_lane[i]),
            endpoint: clip(&l.slice, until),
            proxy: clip(&l.proxy, until),
        });
    }
    report
}

/// Spans from the first with an endpoint on, ending at `until` at the latest.
fn clip(spans: &[EndpointSpan], until: i64) -> Vec<EndpointSpan> {
    spans
        .iter()
        .filter(|s| s.from_ms < until && !(s.from_ms == i64::MIN && s.endpoint.is_none()))
        .map(|s| EndpointSpan { to_ms: s.to_ms.filter(|t| *t < until), ..*s })
        .collect()
}

pub(crate) fn port_text(p: &IntOrString) -> String {
    match p {
        IntOrString::Int(n) => n.to_string(),
        IntOrString::String(s) => s.clone(),
    }
}

/// `61s`, `60.4s`, `1.25s`.
pub fn secs(ms: i64) -> String {
    // The sign is written apart: `-500 / 1000` is 0, which would print "0.5s" for −0.5 s.
    let sign = if ms < 0 { "-" } else { "" };
    let a = ms.unsigned_abs();
    if a.is_multiple_of(1000) {
        return format!("{sign}{}s", a / 1000);
    }
    let s = format!("{}.{:03}", a / 1000, a % 1000);
    format!("{sign}{}s", s.trim_end_matches('0'))
}

/// When the EndpointSlice first said `ready` (`serving`: serving) at or before `t`, within the
/// current run of it.
fn since(spans: &[EndpointSpan], t: i64, serving: bool) -> Option<i64> {
    let pred = |c: &Conditions| if serving { c.serving } else { c.ready };
    let i = spans.partition_point(|s| s.from_ms <= t).checked_sub(1)?;
    let mut j = i;
    if !spans[j].endpoint.as_ref().is_some_and(&pred) {
        return None;
    }
    while j > 0 && spans[j - 1].endpoint.as_ref().is_some_and(&pred) {
        j -= 1;
    }
    Some(spans[j].from_ms)
}

#[allow(clippy::too_many_arguments)]
fn explain(
    kind: Fail,
    t: i64,
    lane: Option<&Lane>,
    ls: Option<Listen>,
    lanes: &[Lane],
    sp: &ServicePort,
    delay: i64,
    duration: i64,
) -> String {
    let at = secs(t);
    let d = secs(delay);
    match (kind, lane) {
        (Fail::NoEndpoint, _) | (_, None) => {
            if lanes.is_empty() {
                return format!("connection refused at {at}: the Service selects no pod, so it has no endpoint and kube-proxy REJECTs");
            }
            // A pod the EndpointSlice already lists as usable that the proxies have not caught up with.
            for l in lanes {
                if let Some(s) = since(&l.slice, t, false) {
                    return format!(
                        "connection refused at {at}: no endpoint yet — {} is ready in the EndpointSlice since {}, kube-proxy acts on it at {} (proxyDelay {d}); until then the Service has no usable endpoint and kube-proxy REJECTs",
                        l.backend.name,
                        secs(s),
                        secs(s + delay)
                    );
                }
            }
            let terminating = lanes.iter().any(|l| l.deleting.is_some_and(|x| x <= t));
            if terminating {
                format!("connection refused at {at}: every pod is terminating and none is serving (Ready) any more, so kube-proxy has no endpoint and REJECTs — more replicas, or a rolling update with maxUnavailable 0, keep one ready")
            } else {
                format!("connection refused at {at}: no pod of the Service is Ready (as kube-proxy sees it, proxyDelay {d}), so it has no usable endpoint and REJECTs")
            }
        }
        (Fail::Reset, Some(l)) => explain_reset(t, l, ls, sp, duration),
        (cause, Some(l)) => {
            let name = l.backend.name;
            let port = l.target_port.unwrap_or(0);
            let route = |why: String| format!("GET at {at} sent to {name}: {why}");
            let next = l.listen.iter().find(|x| x.from > t).map(|x| x.from);
            match (cause, ls) {
                (Fail::NodeDown, _) => route(format!(
                    "its node went down at {} (power loss): nothing answers (a real client waits for its connect timeout; counted as refused) — the pod stays a Ready endpoint until the node controller marks it NotReady (node-monitor-grace-period 50s) and kube-proxy catches up (proxyDelay {d}); replicas on other nodes keep serving",
                    l.backend.node_down_ms.map_or(at.clone(), secs)
                )),
                (Fail::PodGone, _) => route(format!(
                    "the pod was deleted from the API at {}, but kube-proxy still routed to it (proxyDelay {d}) — nothing answers on its IP",
                    l.gone.map_or(at.clone(), secs)
                )),
                (Fail::ListenerClosed, Some(p)) => {
                    let sig = l.runs.get(p.run).and_then(|r| {
                        l.backend
                            .timeline
                            .signals
                            .iter()
                            .filter(|s| s.container == r.container && s.signal != "SIGKILL")
                            // The last stop signal of this run (not one of an earlier run).
                            .rfind(|s| (r.started..=p.to).contains(&(l.backend.created_ms + s.t_ms)))
                    });
                    let what = sig.map_or(format!("the app closed the listener on {port} at {}", secs(p.to)), |s| {
                        format!("{} at {} closed the listener on {port}", s.signal, secs(l.backend.created_ms + s.t_ms))
                    });
                    let until = match l.deleting {
                        Some(x) => format!(" until {}", secs(x + delay)),
                        None => String::new(),
                    };
                    route(format!(
                        "connection refused: {what}, kube-proxy still routed to the pod{until} (proxyDelay {d}) — a preStop sleep of a few seconds covers it"
                    ))
                }
                (Fail::ProcessExited, Some(p)) => {
                    let how = l.runs.get(p.run).map_or(String::new(), |r| {
                        format!(" (container {}, exit code {}, {})", r.container, r.exit_code, r.reason)
                    });
                    let back = next.map_or(String::new(), |n| format!("; it listens again at {}", secs(n)));
                    route(format!(
                        "connection refused: the process listening on {port} exited at {}{how}{back}; the pod stays an endpoint until the kubelet reports it not Ready and kube-proxy catches up (proxyDelay {d})",
                        secs(p.death.min(p.to))
                    ))
                }
                _ => {
                    let ready_since = since(&l.slice, t, true);
                    let has_probe = l
                        .backend
                        .pod
                        .spec
                        .as_ref()
                        .is_some_and(|s| s.containers.iter().any(|c| c.readiness_probe.is_some()));
                    let until = next.map_or("the end".to_string(), secs);
                    let ready = ready_since.map_or(String::new(), |r| format!("Ready since {} but ", secs(r)));
                    let fix = if has_probe {
                        format!(" — the readinessProbe passes before the app listens on {port}")
                    } else {
                        format!(" — no readinessProbe: one on port {port} keeps the pod out of the Service until it listens")
                    };
                    route(format!("{ready}nothing listens on {port} until {until}{fix}"))
                }
            }
        }
    }
}

fn explain_reset(t: i64, l: &Lane, ls: Option<Listen>, sp: &ServicePort, duration: i64) -> String {
    let at = secs(t);
    let Some(ls) = ls else { return format!("request at {at} reset") };
    let run = l.runs.get(ls.run);
    let kill =
        run.and_then(|r| {
            l.backend.timeline.signals.iter().find(|s| {
                s.container == r.container && s.signal == "SIGKILL" && l.backend.created_ms + s.t_ms == ls.death
            })
        });
    let down = l.backend.node_down_ms.filter(|d| *d == ls.death);
    let cause = match (kill, run) {
        _ if down.is_some() => {
            format!("its node went down at {} (power loss) and took the process with it", secs(ls.death))
        }
        (Some(_), _) => {
            let grace = l.backend.timeline.grace.iter().rev().find(|g| l.backend.created_ms + g.kill_ms == ls.death);
            match grace {
                Some(g) => format!(
                    "SIGKILL at {} (the grace period of {}s after {}) killed the process",
                    secs(ls.death),
                    g.grace_seconds,
                    secs(l.backend.created_ms + g.stop_ms)
                ),
                None => format!("SIGKILL at {} killed the process", secs(ls.death)),
            }
        }
        (None, Some(r)) => format!(
            "the process (container {}) exited at {} with code {} ({})",
            r.container,
            secs(ls.death),
            r.exit_code,
            r.reason
        ),
        (None, None) => format!("the process exited at {}", secs(ls.death)),
    };
    format!(
        "request at {at} to {} (service port {} → {}) reset: {cause} {} into a {} request",
        l.backend.name,
        sp.port,
        l.target_port.unwrap_or(0),
        secs(ls.death - t),
        secs(duration)
    )
}

fn explain_conn_reset(t: i64, l: &Lane, ls: Listen) -> String {
    let how = l
        .runs
        .get(ls.run)
        .map_or(String::new(), |r| format!(" (container {}, exit code {}, {})", r.container, r.exit_code, r.reason));
    format!(
        "long-lived connection to {} reset at {}: the process holding it exited{how} while it still listened — only an app that closes its connections on SIGTERM lets clients reconnect cleanly",
        l.backend.name,
        secs(t)
    )
}

/// The paste's pods that are not a fleet's, as backends: every valid `Pod` (and Job, CronJob
/// … the single-pod documents) simulated with `scenario`, created at 0. A Deployment or
/// ReplicaSet is skipped — its pods are the fleet's ([`crate::fleet::simulate`] over the
/// paste's first valid one; [`crate::scene::simulate`] joins them); a further one is noted in
/// `notes` as not simulated. A StatefulSet or ReplicationController with `spec.replicas: N`,
/// which the fleet does not run, stands as N identical pods created at 0 (at most
/// [`MAX_REPLICAS`]) with distinct names (StatefulSet ordinals, else a new 5-character suffix)
/// and seeds `seed + i` (a Scenario `seed` + i when set) — said in `notes`.
pub fn backends_from_parsed<'a>(
    parsed: &'a crate::input::Parsed,
    scenario: &crate::engine::Scenario,
    seed: u64,
    notes: &mut Vec<String>,
) -> Vec<SimulatedPod<'a>> {
    let mut out = Vec::new();
    let fleet_doc = crate::fleet::workload_doc(parsed);
    for doc in parsed.pods.iter().filter(|d| d.is_valid()) {
        let replicas = match doc.kind.as_str() {
            "Deployment" | "ReplicaSet" => {
                if !fleet_doc.is_some_and(|f| std::ptr::eq(f, doc)) {
                    notes.push(format!(
                        "{} {}: only the paste's first {} is simulated with its pods; this one sends no traffic",
                        doc.kind, doc.name, "Deployment or ReplicaSet"
                    ));
                }
                continue;
            }
            "StatefulSet" | "ReplicationController" => {
                let r = match doc.root.at_path("spec.replicas").map(|n| &n.value) {
                    Some(crate::source::Value::Int(r)) => usize::try_from(*r).unwrap_or(0),
                    _ => 1,
                };
                notes.push(format!(
                    "{} {}: its controller is not simulated; its {r} replica(s) stand as identical pods created at 0 (no ordered start, no rollout)",
                    doc.kind, doc.name
                ));
                r
            }
            _ => 1,
        }
        .min(MAX_REPLICAS)
        .min(MAX_BACKENDS - out.len().min(MAX_BACKENDS));
        // A replica named otherwise is simulated from a copy read again from the document
        // (`PodDoc::read_pod_again`, once per document), renamed for each.
        let mut copy = None;
        // One copy of the Scenario per document; each replica only changes its seed.
        let mut sc = scenario.clone();
        for i in 0..replicas {
            let base = doc.pod_name().to_string();
            let name = if i == 0 {
                base
            } else if doc.kind == "StatefulSet" {
                format!("{}-{i}", base.strip_suffix("-0").unwrap_or(&base))
            } else {
                let stem = base.rsplit_once('-').map_or(base.as_str(), |(s, _)| s);
                format!("{stem}-{}", crate::input::suffix(&format!("{}/{base}/{i}", doc.doc_index), 5))
            };
            let mut labels = doc.pod.metadata.labels.clone().unwrap_or_default();
            if doc.kind == "StatefulSet" && doc.pod.metadata.labels.is_some() {
                labels.insert("apps.kubernetes.io/pod-index".into(), i.to_string());
                labels.insert("statefulset.kubernetes.io/pod-name".into(), name.clone());
            }
            sc.seed = scenario.seed.map(|s| s.wrapping_add(i as u64));
            // The engine reads a pod's name, namespace, uid and spec (not its labels).
            let simulated = if doc.pod.metadata.name.as_deref() == Some(name.as_str()) {
                &doc.pod
            } else {
                let c = copy.get_or_insert_with(|| doc.read_pod_again());
                c.metadata.name = Some(name.clone());
                &*c
            };
            let timeline = crate::engine::simulate(simulated, &sc, seed.wrapping_add(i as u64));
            let node_down_ms = scenario.node.fail.as_ref().and_then(|f| f.power_lost_for(0));
            out.push(SimulatedPod { name, labels, pod: &doc.pod, timeline, node_down_ms });
        }
    }
    out
}

#[cfg(test)]
mod secs_tests {
    #[test]
    fn seconds_keep_their_sign_and_drop_trailing_zeros() {
        for (ms, want) in [
            (0, "0s"),
            (1000, "1s"),
            (1500, "1.5s"),
            (1250, "1.25s"),
            (1001, "1.001s"),
            (-500, "-0.5s"),
            (-1000, "-1s"),
            (-1500, "-1.5s"),
            (i64::MIN, "-9223372036854775.808s"),
        ] {
            assert_eq!(super::secs(ms), want, "{ms} ms");
        }
    }
}
