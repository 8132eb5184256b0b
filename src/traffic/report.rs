//! [`TrafficReport`]: the traffic simulation's output, its JSON form (written by hand, no
//! derive: it goes to the page's wasm) and its text rendering for the CLI.

use serde_json::{json, Map, Value as Json};

use super::endpoints::EndpointSpan;
use super::{secs, Service, TrafficSpec};

/// Requests by outcome. `served + refused + reset == requests`; `refused_no_endpoint` is the
/// part of `refused` that kube-proxy REJECTed (no usable endpoint); `to_terminating` counts
/// requests (of any outcome) that reached a pod whose `deletionTimestamp` was set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub requests: u64,
    pub served: u64,
    pub refused: u64,
    pub refused_no_endpoint: u64,
    pub reset: u64,
    pub to_terminating: u64,
}

/// Requests that arrived in `[t_ms, t_ms + bucket_ms)`, by outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Bucket {
    pub t_ms: i64,
    pub served: u32,
    pub refused: u32,
    pub reset: u32,
    pub to_terminating: u32,
}

/// Long-lived connections: `opened` connections, each ended by a `reset` (its process died),
/// a graceful `closed` (the app closed its listener on SIGTERM), or still open at the end;
/// `refused` connection attempts (no endpoint, nothing listening), retried after 1 s.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ConnectionTotals {
    pub connections: u32,
    pub opened: u64,
    pub refused: u64,
    pub reset: u64,
    pub closed: u64,
    pub open_at_end: u64,
}

/// One pod behind the Service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodLane {
    pub name: String,
    /// The container port the service port reaches (`None`: `FindPort` found none, so the pod
    /// gets none of this port's traffic).
    pub target_port: Option<u16>,
    /// Requests served per bucket.
    pub served: Vec<u32>,
    /// Requests refused at the pod or reset, per bucket.
    pub failed: Vec<u32>,
    /// The EndpointSlice's conditions for the pod over time.
    pub endpoint: Vec<EndpointSpan>,
    /// The same as kube-proxy acts on them (`proxyDelay` later).
    pub proxy: Vec<EndpointSpan>,
}

/// The first failure of a kind, with the reason in one sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirstFailure {
    /// `refused`, `reset` or `connection reset`.
    pub kind: String,
    pub t_ms: i64,
    /// The pod it was sent to (None: kube-proxy had no endpoint).
    pub pod: Option<String>,
    pub why: String,
}

/// What the clients of a Service saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrafficReport {
    pub service: String,
    /// The service port used and its targetPort (a number or a container port name).
    pub port: i32,
    pub target_port: String,
    pub rps: u32,
    pub request_duration_ms: i64,
    pub proxy_delay_ms: i64,
    pub from_ms: i64,
    pub until_ms: i64,
    pub seed: u64,
    pub totals: Totals,
    /// Width of each bucket: 1 s, doubled until there are fewer than 3,600.
    pub bucket_ms: i64,
    pub buckets: Vec<Bucket>,
    pub pods: Vec<PodLane>,
    pub connections: Option<ConnectionTotals>,
    /// In time order.
    pub first_failures: Vec<FirstFailure>,
    pub not_simulated: Vec<String>,
    /// A work bound was hit ([`super::MAX_REQUESTS`], [`super::MAX_CONNECTION_STEPS`], …).
    pub truncated: bool,
}

/// What the traffic model leaves out, said rather than faked.
const NOT_SIMULATED: &[&str] = &[
    "application errors (HTTP 5xx answers): a request accepted by a listening process is served",
    "client timeouts and retries of refused requests (each request is tried once)",
    "per-node differences between kube-proxies (every node acts after the same proxyDelay)",
    "topology-aware routing, internal/externalTrafficPolicy Local, session affinity",
];

impl TrafficReport {
    pub(crate) fn new(service: &Service, spec: &TrafficSpec, from: i64, until: i64, seed: u64) -> TrafficReport {
        TrafficReport {
            service: service.name.clone(),
            port: 0,
            target_port: String::new(),
            rps: spec.rps,
            request_duration_ms: spec.request_duration.0.max(0),
            proxy_delay_ms: spec.proxy_delay.0.max(0),
            from_ms: from,
            until_ms: until,
            seed,
            totals: Totals::default(),
            bucket_ms: 1000,
            buckets: Vec::new(),
            pods: Vec::new(),
            connections: None,
            first_failures: Vec::new(),
            not_simulated: NOT_SIMULATED.iter().map(|s| s.to_string()).collect(),
            truncated: false,
        }
    }

    /// Failed requests (refused + reset).
    pub fn failed(&self) -> u64 {
        self.totals.refused + self.totals.reset
    }

    /// The JSON contract (`podlife traffic -o json`, README "traffic -o json").
    pub fn to_json(&self) -> Json {
        let t = &self.totals;
        let spans = |v: &[EndpointSpan]| -> Json {
            Json::Array(
                v.iter()
                    .map(|s| {
                        let mut m = Map::new();
                        m.insert("from_ms".into(), if s.from_ms == i64::MIN { Json::Null } else { s.from_ms.into() });
                        m.insert("to_ms".into(), s.to_ms.map_or(Json::Null, Json::from));
                        match s.endpoint {
                            Some(c) => {
                                m.insert("ready".into(), c.ready.into());
                                m.insert("serving".into(), c.serving.into());
                                m.insert("terminating".into(), c.terminating.into());
                            }
                            None => {
                                m.insert("endpoint".into(), false.into());
                            }
                        }
                        Json::Object(m)
                    })
                    .collect(),
            )
        };
        let mut m = Map::new();
        m.insert("service".into(), self.service.clone().into());
        m.insert("port".into(), self.port.into());
        m.insert("targetPort".into(), self.target_port.clone().into());
        m.insert("rps".into(), self.rps.into());
        m.insert("requestDuration_ms".into(), self.request_duration_ms.into());
        m.insert("proxyDelay_ms".into(), self.proxy_delay_ms.into());
        m.insert("from_ms".into(), self.from_ms.into());
        m.insert("until_ms".into(), self.until_ms.into());
        m.insert("seed".into(), self.seed.into());
        m.insert(
            "totals".into(),
            json!({"requests": t.requests, "served": t.served, "refused": t.refused,
                   "refusedNoEndpoint": t.refused_no_endpoint, "reset": t.reset,
                   "toTerminating": t.to_terminating}),
        );
        m.insert("bucket_ms".into(), self.bucket_ms.into());
        m.insert(
            "buckets".into(),
            Json::Array(
                self.buckets
                    .iter()
                    .map(|b| {
                        json!({"t_ms": b.t_ms, "served": b.served, "refused": b.refused, "reset": b.reset,
                               "toTerminating": b.to_terminating})
                    })
                    .collect(),
            ),
        );
        m.insert(
            "pods".into(),
            Json::Array(
                self.pods
                    .iter()
                    .map(|p| {
                        json!({"name": p.name, "targetPort": p.target_port, "served": p.served, "failed": p.failed,
                               "endpoint": spans(&p.endpoint), "proxy": spans(&p.proxy)})
                    })
                    .collect(),
            ),
        );
        if let Some(c) = &self.connections {
            m.insert(
                "connections".into(),
                json!({"connections": c.connections, "opened": c.opened, "refused": c.refused,
                       "reset": c.reset, "closed": c.closed, "openAtEnd": c.open_at_end}),
            );
        }
        m.insert(
            "firstFailures".into(),
            Json::Array(
                self.first_failures
                    .iter()
                    .map(|f| json!({"kind": f.kind, "t_ms": f.t_ms, "pod": f.pod, "why": f.why}))
                    .collect(),
            ),
        );
        m.insert("not_simulated".into(), self.not_simulated.clone().into());
        m.insert("truncated".into(), self.truncated.into());
        Json::Object(m)
    }

    /// The CLI's text: counters, a per-bucket chart of failures, the explanations.
    pub fn text(&self) -> String {
        let t = &self.totals;
        let mut out = String::new();
        let pct = |n: u64| if t.requests == 0 { 0.0 } else { n as f64 * 100.0 / t.requests as f64 };
        out.push_str(&format!(
            "Service {} port {} → targetPort {}: {} rps from {} to {}, {} per request, kube-proxy acts {} after an EndpointSlice change\n",
            self.service,
            self.port,
            self.target_port,
            self.rps,
            secs(self.from_ms),
            secs(self.until_ms),
            secs(self.request_duration_ms),
            secs(self.proxy_delay_ms)
        ));
        out.push_str(&format!("requests  {}\n", t.requests));
        out.push_str(&format!("served    {} ({}%)\n", t.served, crate::float::Fixed(pct(t.served), 2)));
        out.push_str(&format!(
            "refused   {} ({}%; {} with no endpoint)\n",
            t.refused,
            crate::float::Fixed(pct(t.refused), 2),
            t.refused_no_endpoint
        ));
        out.push_str(&format!("reset     {} ({}%)\n", t.reset, crate::float::Fixed(pct(t.reset), 2)));
        out.push_str(&format!("sent to a terminating pod  {}\n", t.to_terminating));
        if let Some(c) = &self.connections {
            out.push_str(&format!(
                "connections {}: opened {}, reset {}, closed gracefully {}, refused attempts {}, open at the end {}\n",
                c.connections, c.opened, c.reset, c.closed, c.refused, c.open_at_end
            ));
        }
        if self.truncated {
            out.push_str("truncated: a work bound was reached\n");
        }
        // Failures per bucket, only buckets with any (and a bar of at most 50 characters).
        let max = self.buckets.iter().map(|b| b.refused + b.reset).max().unwrap_or(0);
        if max > 0 {
            out.push_str(&format!("\nfailures per {} (R refused, X reset):\n", secs(self.bucket_ms)));
            // Consecutive buckets with the same counts share a line.
            let mut i = 0;
            while i < self.buckets.len() {
                let b = self.buckets[i];
                let mut j = i + 1;
                while j < self.buckets.len() && (self.buckets[j].refused, self.buckets[j].reset) == (b.refused, b.reset)
                {
                    j += 1;
                }
                if b.refused + b.reset > 0 {
                    let scale = |n: u32| ((u64::from(n) * 50).div_ceil(u64::from(max))) as usize;
                    let when = if j - i == 1 {
                        secs(b.t_ms)
                    } else {
                        format!("{}–{}", secs(b.t_ms), secs(self.buckets[j - 1].t_ms))
                    };
                    out.push_str(&format!(
                        "{:>13} {:>6} {}{}\n",
                        when,
                        b.refused + b.reset,
                        "R".repeat(scale(b.refused)),
                        "X".repeat(scale(b.reset))
                    ));
                }
                i = j;
            }
        }
        if !self.first_failures.is_empty() {
            out.push_str("\nwhy:\n");
            for f in &self.first_failures {
                out.push_str(&format!("- {}\n", f.why));
            }
        }
        if !self.pods.is_empty() {
            out.push_str("\npods:\n");
            for p in &self.pods {
                let served: u64 = p.served.iter().map(|n| u64::from(*n)).sum();
                let failed: u64 = p.failed.iter().map(|n| u64::from(*n)).sum();
                let port = p.target_port.map_or("no suitable port".to_string(), |p| format!("port {p}"));
                out.push_str(&format!("  {} ({port}): served {served}, failed {failed}\n", p.name));
            }
        }
        out.push_str("\nnot simulated:\n");
        for n in &self.not_simulated {
            out.push_str(&format!("- {n}\n"));
        }
        out
    }
}
