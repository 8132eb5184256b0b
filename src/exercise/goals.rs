//! The goal kinds an exercise can declare, how each is read from YAML, and how each is
//! checked against the simulated trace and the effective spec.
//!
//! Every goal answers pass/fail with a detail that says what was observed and when, e.g.
//! `Ready at 1.2 s, but web listens on :8080 only from 15.3 s (14.1 s of traffic to a closed
//! port)`. Times are virtual time since the pod was created.

use crate::model::core::{Container, PodSpec, Probe};
use serde::{Deserialize, Serialize};

use super::{problem, Problem};
use crate::app::Millis;
use crate::engine::timeline::StateInterval;
use crate::engine::Timeline;
use crate::input::PodDoc;
use crate::source::Node;
use crate::typed::{self, Cur, DeError, Read};

/// Every goal kind, as written in an exercise file.
pub const KINDS: &[&str] = &[
    "valid",
    "readyWithin",
    "readyOnlyWhileListening",
    "gracefulShutdown",
    "servesAfterDelete",
    "qosClass",
    "statusAt",
    "noRestarts",
    "restarts",
    "noContainerReason",
    "configFromConfigMap",
    "env",
    "probe",
    "startsAfter",
    "failedRequests",
    "rolloutCompletes",
    "availableAtLeast",
];

/// One goal of an exercise.
#[derive(Clone, Debug, PartialEq)]
pub struct Goal {
    pub kind: GoalKind,
    /// The author's own wording (replaces the generated description).
    pub title: Option<String>,
    pub title_zh: Option<String>,
    /// The goal's line in the exercise file.
    pub line: u32,
}

/// What a goal asserts. Parameters are in the exercise file's camelCase.
#[derive(Clone, Debug, PartialEq)]
pub enum GoalKind {
    /// `valid: {}` — the API server accepts the spec.
    Valid,
    /// `readyWithin: 10s` — the pod's Ready condition is True by then.
    ReadyWithin(Millis),
    /// `readyOnlyWhileListening: {container, port}` — until the delete, the pod is never
    /// Ready while the container's process does not accept connections on the port.
    ReadyOnlyWhileListening(Target),
    /// `gracefulShutdown: {within, exitCode, container}` — after the delete, each container
    /// exits on its own: no SIGKILL.
    GracefulShutdown(Shutdown),
    /// `servesAfterDelete: {for: 5s, container, port}` — the process keeps accepting
    /// connections that long after the delete.
    ServesAfterDelete(Serves),
    /// `qosClass: Guaranteed`.
    QosClass(String),
    /// `statusAt: {at, phase, ready, status, terminating}` — the pod at one instant.
    StatusAt(StatusAt),
    /// `noRestarts: {until, container}`.
    NoRestarts(Restarts),
    /// `restarts: {min, max, until, container}`.
    Restarts(Restarts),
    /// `noContainerReason: {reason, container, until}` — no container is ever waiting or
    /// terminated with that reason (`OOMKilled`, `CrashLoopBackOff`, `Error`, …).
    NoContainerReason(Reason),
    /// `configFromConfigMap: {container, env}` — configuration is read from a ConfigMap
    /// (`env[].valueFrom.configMapKeyRef`, `envFrom[].configMapRef` or a configMap volume).
    ConfigFromConfigMap(ConfigFrom),
    /// `env: {name, container, from}` — an environment variable is set.
    Env(EnvGoal),
    /// `probe: {type, container, handler}` — a probe of that type exists.
    Probe(ProbeGoal),
    /// `startsAfter: {container, after}` — `container` starts only once `after` has completed.
    StartsAfter(StartsAfter),
    /// `failedRequests: {max, from, until}` — the clients of the paste's Service see at most
    /// `max` failed (refused or reset) requests, counted by arrival (graded over the [`Scene`]).
    FailedRequests(FailedRequests),
    /// `rolloutCompletes: {within}` — `kubectl rollout status` ends in "successfully rolled
    /// out", within that long of the rollout (the Scenario's `rollout.at`, else 0).
    RolloutCompletes(RolloutCompletes),
    /// `availableAtLeast: {replicas, from, until}` — the Deployment's `status.availableReplicas`
    /// never drops below `replicas` in the window.
    AvailableAtLeast(AvailableAtLeast),
}

impl GoalKind {
    /// Graded over the workload and its clients ([`crate::scene::simulate`]) rather than over
    /// the first pod's timeline.
    pub fn needs_scene(&self) -> bool {
        matches!(self, GoalKind::FailedRequests(_) | GoalKind::RolloutCompletes(_) | GoalKind::AvailableAtLeast(_))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FailedRequests {
    /// At most this many failed requests (default 0).
    pub max: u64,
    /// Count requests arriving from then (default: when the clients start).
    pub from: Option<Millis>,
    /// … until then (default: the end).
    pub until: Option<Millis>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RolloutCompletes {
    /// At most this long after the rollout starts (default: by the end of the run).
    pub within: Option<Millis>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AvailableAtLeast {
    pub replicas: i32,
    /// From then (default: the first instant that many replicas are available).
    #[serde(default)]
    pub from: Option<Millis>,
    /// Until then (default: the end).
    #[serde(default)]
    pub until: Option<Millis>,
}

/// A container and one of its ports (defaults: the first container, its first declared port).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Target {
    pub container: Option<String>,
    pub port: Option<u16>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Shutdown {
    /// Every container has exited at most this long after the delete.
    pub within: Option<Millis>,
    /// Every stopped container exits with this code.
    pub exit_code: Option<i32>,
    pub container: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Serves {
    #[serde(rename = "for")]
    pub for_: Millis,
    #[serde(default)]
    pub container: Option<String>,
    #[serde(default)]
    pub port: Option<u16>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusAt {
    pub at: Millis,
    #[serde(default)]
    pub phase: Option<String>,
    #[serde(default)]
    pub ready: Option<bool>,
    #[serde(default)]
    pub status: Option<String>,
    /// true: the pod has a deletionTimestamp (or is gone); false: it has none.
    #[serde(default)]
    pub terminating: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Restarts {
    pub min: Option<i32>,
    pub max: Option<i32>,
    /// Count restarts up to this time (default: the whole simulation).
    pub until: Option<Millis>,
    /// Only this container (default: every container).
    pub container: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reason {
    pub reason: String,
    #[serde(default)]
    pub container: Option<String>,
    #[serde(default)]
    pub until: Option<Millis>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ConfigFrom {
    pub container: Option<String>,
    /// This environment variable in particular comes from a ConfigMap.
    pub env: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvGoal {
    pub name: String,
    #[serde(default)]
    pub container: Option<String>,
    /// `any` (default), `value`, `configMap`, `secret`, `fieldRef` or `resourceFieldRef`.
    #[serde(default)]
    pub from: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProbeGoal {
    /// `liveness`, `readiness` or `startup`.
    #[serde(rename = "type")]
    pub type_: String,
    #[serde(default)]
    pub container: Option<String>,
    /// `httpGet`, `tcpSocket`, `exec` or `grpc`.
    #[serde(default)]
    pub handler: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StartsAfter {
    pub container: String,
    pub after: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Empty {}

const ENV_FROM: [&str; 6] = ["any", "value", "configMap", "secret", "fieldRef", "resourceFieldRef"];
const PROBE_TYPES: [&str; 3] = ["liveness", "readiness", "startup"];
const HANDLERS: [&str; 4] = ["httpGet", "tcpSocket", "exec", "grpc"];
const QOS: [&str; 3] = ["Guaranteed", "Burstable", "BestEffort"];
const PHASES: [&str; 5] = ["Pending", "Running", "Succeeded", "Failed", "Unknown"];

// The parameters are read by hand (`typed::Read`), as the serde derives above would (they
// stay as the oracle of `tests::params_read_like_the_serde_derives`): `name: "key"` is a
// required field, `name: "key" = default` one with a default.
macro_rules! read_fields {
    ($ty:ident { $($field:ident: $key:literal $(= $default:expr)?),* $(,)? }) => {
        impl Read for $ty {
            fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
                $(let mut $field = read_fields!(@init $($default)?);)*
                c.fields(&[$($key),*], false, &mut |i, c| {
                    let mut k = 0;
                    $(
                        if i == k {
                            $field = read_fields!(@set c $($default)?);
                        }
                        k += 1;
                    )*
                    let _ = k;
                    Ok(())
                })?;
                Ok($ty { $($field: read_fields!(@finish c $field $key $($default)?),)* })
            }
        }
    };
    (@init $default:expr) => { $default };
    (@init) => { None };
    (@set $c:ident $default:expr) => { Read::read($c)? };
    (@set $c:ident) => { Some(Read::read($c)?) };
    (@finish $c:ident $f:ident $key:literal $default:expr) => { $f };
    (@finish $c:ident $f:ident $key:literal) => { $f.ok_or_else(|| $c.missing($key))? };
}

read_fields!(FailedRequests { max: "max" = 0, from: "from" = None, until: "until" = None });
read_fields!(RolloutCompletes { within: "within" = None });
read_fields!(AvailableAtLeast { replicas: "replicas", from: "from" = None, until: "until" = None });
read_fields!(Target { container: "container" = None, port: "port" = None });
read_fields!(Shutdown { within: "within" = None, exit_code: "exitCode" = None, container: "container" = None });
read_fields!(Serves { for_: "for", container: "container" = None, port: "port" = None });
read_fields!(StatusAt {
    at: "at",
    phase: "phase" = None,
    ready: "ready" = None,
    status: "status" = None,
    terminating: "terminating" = None,
});
read_fields!(Restarts { min: "min" = None, max: "max" = None, until: "until" = None, container: "container" = None });
read_fields!(Reason { reason: "reason", container: "container" = None, until: "until" = None });
read_fields!(ConfigFrom { container: "container" = None, env: "env" = None });
read_fields!(EnvGoal { name: "name", container: "container" = None, from: "from" = None });
read_fields!(ProbeGoal { type_: "type", container: "container" = None, handler: "handler" = None });
read_fields!(StartsAfter { container: "container", after: "after" });

impl Read for Empty {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
        c.fields(&[], true, &mut |_, _| Ok(()))?;
        Ok(Empty {})
    }
}

/// Reads a goal's parameters with `read` (one reader per kind, all into [`GoalKind`], so this
/// code exists once rather than once per parameter type).
fn typed_param(
    node: &Node,
    path: &str,
    read: fn(Cur<'_, '_, '_>) -> Result<GoalKind, DeError>,
) -> Result<GoalKind, Vec<Problem>> {
    match typed::read_node_with(node, path, read) {
        Ok((v, unknown)) if unknown.is_empty() => Ok(v),
        Ok((_, unknown)) => Err(unknown.iter().map(|u| problem(u.pos, &u.path, u.message())).collect()),
        Err(e) => Err(vec![problem(e.pos, &e.path, e.message)]),
    }
}

fn one_of(value: &str, allowed: &[&str], node: &Node, path: &str) -> Result<(), Vec<Problem>> {
    if allowed.contains(&value) {
        return Ok(());
    }
    let pos = node.pos;
    let hint = crate::suggest::did_you_mean(value, allowed.iter().copied())
        .map(|s| format!(" (did you mean {s:?}?)"))
        .unwrap_or_default();
    Err(vec![problem(pos, path, format!("{value:?} is not one of {}{hint}", allowed.join(", ")))])
}

fn field<'a>(node: &'a Node, key: &str) -> &'a Node {
    node.get(key).unwrap_or(node)
}

/// Reads the parameters of a goal of kind `kind` (a name from [`KINDS`]) at `path`.
pub(crate) fn decode(kind: &str, node: &Node, path: &str) -> Result<GoalKind, Vec<Problem>> {
    type Reader = fn(Cur<'_, '_, '_>) -> Result<GoalKind, DeError>;
    let read: Reader = match kind {
        "valid" => |c| {
            <Option<Empty>>::read(c)?;
            Ok(GoalKind::Valid)
        },
        "readyWithin" => |c| Ok(GoalKind::ReadyWithin(Read::read(c)?)),
        "readyOnlyWhileListening" => {
            |c| Ok(GoalKind::ReadyOnlyWhileListening(<Option<Target>>::read(c)?.unwrap_or_default()))
        }
        "gracefulShutdown" => |c| Ok(GoalKind::GracefulShutdown(<Option<Shutdown>>::read(c)?.unwrap_or_default())),
        "servesAfterDelete" => |c| Ok(GoalKind::ServesAfterDelete(Read::read(c)?)),
        "qosClass" => |c| Ok(GoalKind::QosClass(Read::read(c)?)),
        "statusAt" => |c| Ok(GoalKind::StatusAt(Read::read(c)?)),
        "noRestarts" => |c| Ok(GoalKind::NoRestarts(<Option<Restarts>>::read(c)?.unwrap_or_default())),
        "restarts" => |c| Ok(GoalKind::Restarts(<Option<Restarts>>::read(c)?.unwrap_or_default())),
        "noContainerReason" => |c| Ok(GoalKind::NoContainerReason(Read::read(c)?)),
        "configFromConfigMap" => {
            |c| Ok(GoalKind::ConfigFromConfigMap(<Option<ConfigFrom>>::read(c)?.unwrap_or_default()))
        }
        "env" => |c| Ok(GoalKind::Env(Read::read(c)?)),
        "probe" => |c| Ok(GoalKind::Probe(Read::read(c)?)),
        "startsAfter" => |c| Ok(GoalKind::StartsAfter(Read::read(c)?)),
        "failedRequests" => |c| Ok(GoalKind::FailedRequests(<Option<FailedRequests>>::read(c)?.unwrap_or_default())),
        "rolloutCompletes" => {
            |c| Ok(GoalKind::RolloutCompletes(<Option<RolloutCompletes>>::read(c)?.unwrap_or_default()))
        }
        "availableAtLeast" => |c| Ok(GoalKind::AvailableAtLeast(Read::read(c)?)),
        other => return Err(vec![problem(node.pos, path, format!("unknown goal kind {other:?}"))]),
    };
    let goal = typed_param(node, path, read)?;
    // What the types alone do not say.
    match &goal {
        GoalKind::QosClass(q) => one_of(q, &QOS, node, path)?,
        GoalKind::StatusAt(StatusAt { phase: Some(p), .. }) => {
            one_of(p, &PHASES, field(node, "phase"), &format!("{path}.phase"))?
        }
        GoalKind::NoRestarts(r) if r.min.is_some() || r.max.is_some() => {
            return Err(vec![problem(
                node.pos,
                path,
                "noRestarts takes `until` and `container`; use `restarts` for min/max",
            )]);
        }
        GoalKind::Restarts(r) if r.min.is_none() && r.max.is_none() => {
            return Err(vec![problem(node.pos, path, "restarts needs `min`, `max` or both")]);
        }
        GoalKind::Env(EnvGoal { from: Some(f), .. }) => {
            one_of(f, &ENV_FROM, field(node, "from"), &format!("{path}.from"))?
        }
        GoalKind::Probe(p) => {
            one_of(&p.type_, &PROBE_TYPES, field(node, "type"), &format!("{path}.type"))?;
            if let Some(h) = &p.handler {
                one_of(h, &HANDLERS, field(node, "handler"), &format!("{path}.handler"))?;
            }
        }
        GoalKind::AvailableAtLeast(a) if a.replicas < 1 => {
            return Err(vec![problem(field(node, "replicas").pos, &format!("{path}.replicas"), "must be at least 1")]);
        }
        _ => {}
    }
    Ok(goal)
}

/// The result of one goal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GoalResult {
    /// The goal's kind (`readyWithin`, …).
    pub goal: String,
    /// What the goal asks, in English …
    pub description: String,
    /// … and in Simplified Chinese.
    pub description_zh: String,
    pub passed: bool,
    /// What was observed, and when.
    pub detail: String,
    /// The moment the detail is about (virtual ms), when there is one: the page seeks there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub t_ms: Option<i64>,
    /// The goal's line in the exercise file.
    pub line: u32,
}

impl Goal {
    /// The goal's kind as written in the file.
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            GoalKind::Valid => "valid",
            GoalKind::ReadyWithin(_) => "readyWithin",
            GoalKind::ReadyOnlyWhileListening(_) => "readyOnlyWhileListening",
            GoalKind::GracefulShutdown(_) => "gracefulShutdown",
            GoalKind::ServesAfterDelete(_) => "servesAfterDelete",
            GoalKind::QosClass(_) => "qosClass",
            GoalKind::StatusAt(_) => "statusAt",
            GoalKind::NoRestarts(_) => "noRestarts",
            GoalKind::Restarts(_) => "restarts",
            GoalKind::NoContainerReason(_) => "noContainerReason",
            GoalKind::ConfigFromConfigMap(_) => "configFromConfigMap",
            GoalKind::Env(_) => "env",
            GoalKind::Probe(_) => "probe",
            GoalKind::StartsAfter(_) => "startsAfter",
            GoalKind::FailedRequests(_) => "failedRequests",
            GoalKind::RolloutCompletes(_) => "rolloutCompletes",
            GoalKind::AvailableAtLeast(_) => "availableAtLeast",
        }
    }

    /// What the goal asks, in English and in Chinese. `app` names the default container
    /// (None: before any spec is known).
    pub fn describe(&self, app: Option<&str>) -> (String, String) {
        self.describe_port(app, None)
    }

    /// [`Goal::describe`] with the port a goal without its own `port` resolved to.
    fn describe_port(&self, app: Option<&str>, resolved: Option<u16>) -> (String, String) {
        /// The goal's container, else the app's, else `default` (borrowed: no copy per use).
        fn who<'a>(name: &'a Option<String>, app: Option<&'a str>, default: &'a str) -> &'a str {
            name.as_deref().or(app).unwrap_or(default)
        }
        let c = |name| who(name, app, "the app container");
        let cz = |name| who(name, app, "应用容器");
        let port = |p: &Option<u16>| p.or(resolved).map_or_else(|| "its port".to_string(), |p| format!(":{p}"));
        let port_zh = |p: &Option<u16>| p.or(resolved).map_or_else(|| "其端口".to_string(), |p| format!(":{p}"));
        let (en, zh) = match &self.kind {
            GoalKind::Valid => ("The API server accepts the spec".to_string(), "API server 接受该配置".to_string()),
            GoalKind::ReadyWithin(d) => {
                (format!("The pod is Ready within {}", dur(d.0)), format!("Pod 在 {} 内变为 Ready", dur(d.0)))
            }
            GoalKind::ReadyOnlyWhileListening(t) => (
                format!("The pod is never Ready while {} is not listening on {}", c(&t.container), port(&t.port)),
                format!("{} 未在 {} 上监听时，Pod 从不处于 Ready", cz(&t.container), port_zh(&t.port)),
            ),
            GoalKind::GracefulShutdown(s) => {
                let mut en = "After the delete, every container exits on its own before SIGKILL".to_string();
                let mut zh = "删除后，每个容器都在 SIGKILL 之前自行退出".to_string();
                if let Some(w) = s.within {
                    en.push_str(&format!(", within {}", dur(w.0)));
                    zh.push_str(&format!("，且在 {} 内", dur(w.0)));
                }
                if let Some(code) = s.exit_code {
                    en.push_str(&format!(", with exit code {code}"));
                    zh.push_str(&format!("，退出码为 {code}"));
                }
                (en, zh)
            }
            GoalKind::ServesAfterDelete(s) => (
                format!(
                    "{} keeps accepting connections on {} for {} after the delete",
                    c(&s.container),
                    port(&s.port),
                    dur(s.for_.0)
                ),
                format!("删除后 {} 仍在 {} 上继续接受连接至少 {}", cz(&s.container), port_zh(&s.port), dur(s.for_.0)),
            ),
            GoalKind::QosClass(q) => (format!("The pod's QoS class is {q}"), format!("Pod 的 QoS 等级为 {q}")),
            GoalKind::StatusAt(s) => {
                let mut en = Vec::new();
                let mut zh = Vec::new();
                if let Some(p) = &s.phase {
                    en.push(format!("phase {p}"));
                    zh.push(format!("phase 为 {p}"));
                }
                if let Some(r) = s.ready {
                    en.push(if r { "Ready".into() } else { "not Ready".into() });
                    zh.push(if r { "Ready".into() } else { "未 Ready".into() });
                }
                if let Some(st) = &s.status {
                    en.push(format!("STATUS {st}"));
                    zh.push(format!("STATUS 为 {st}"));
                }
                if let Some(t) = s.terminating {
                    en.push(if t { "being deleted".into() } else { "not being deleted".into() });
                    zh.push(if t { "正在被删除".into() } else { "未被删除".into() });
                }
                (
                    format!("At {}, the pod is {}", dur(s.at.0), en.join(", ")),
                    format!("在 {} 时，Pod {}", dur(s.at.0), zh.join("，")),
                )
            }
            GoalKind::NoRestarts(r) => {
                let who = r.container.as_deref().map_or_else(|| "No container".to_string(), |n| format!("{n} never"));
                let whozh = r.container.as_deref().map_or_else(|| "没有容器".to_string(), |n| format!("{n} 从不"));
                match r.until {
                    Some(u) => (format!("{who} restarts within {}", dur(u.0)), format!("{} 内{whozh}重启", dur(u.0))),
                    None => (format!("{who} restarts"), format!("{whozh}重启")),
                }
            }
            GoalKind::Restarts(r) => {
                let who = r
                    .container
                    .as_deref()
                    .map_or_else(|| "The containers restart".to_string(), |n| format!("{n} restarts"));
                let whozh = r.container.as_deref().unwrap_or("容器");
                let range = match (r.min, r.max) {
                    (Some(a), Some(b)) if a == b => (format!("exactly {a}"), format!("恰好 {a}")),
                    (Some(a), Some(b)) => (format!("{a} to {b}"), format!("{a} 到 {b}")),
                    (Some(a), None) => (format!("at least {a}"), format!("至少 {a}")),
                    (None, Some(b)) => (format!("at most {b}"), format!("至多 {b}")),
                    (None, None) => ("any number of".into(), "任意".into()),
                };
                let by = r.until.map(|u| dur(u.0));
                (
                    format!(
                        "{who} {} time(s){}",
                        range.0,
                        by.as_ref().map(|b| format!(" within {b}")).unwrap_or_default()
                    ),
                    format!("{}{whozh}重启{}次", by.as_ref().map(|b| format!("{b} 内")).unwrap_or_default(), range.1),
                )
            }
            GoalKind::NoContainerReason(r) => {
                let who = r.container.as_deref().unwrap_or("No container");
                match &r.container {
                    Some(n) => (format!("{n} is never {}", r.reason), format!("{n} 从不出现 {}", r.reason)),
                    None => (format!("{who} is ever {}", r.reason), format!("没有容器出现 {}", r.reason)),
                }
            }
            GoalKind::ConfigFromConfigMap(f) => match &f.env {
                Some(e) => (
                    format!("{}'s {e} comes from a ConfigMap, not from the spec or the image", c(&f.container)),
                    format!("{} 的 {e} 来自 ConfigMap，而不是写死在配置或镜像中", cz(&f.container)),
                ),
                None => (
                    format!("{}'s configuration comes from a ConfigMap, not from the image", c(&f.container)),
                    format!("{} 的配置来自 ConfigMap，而不是镜像", cz(&f.container)),
                ),
            },
            GoalKind::Env(e) => {
                let from =
                    e.from.as_deref().filter(|f| *f != "any").map(|f| format!(" (from {f})")).unwrap_or_default();
                (
                    format!("{} has the environment variable {}{from}", c(&e.container), e.name),
                    format!("{} 设置了环境变量 {}{from}", cz(&e.container), e.name),
                )
            }
            GoalKind::Probe(p) => {
                let how = p.handler.as_deref().map(|h| format!(" ({h})")).unwrap_or_default();
                (
                    format!("{} has a {}Probe{how}", c(&p.container), p.type_),
                    format!("{} 配置了 {}Probe{how}", cz(&p.container), p.type_),
                )
            }
            GoalKind::StartsAfter(s) => (
                format!("{} starts only after {} has completed", s.container, s.after),
                format!("{} 只在 {} 完成之后才启动", s.container, s.after),
            ),
            GoalKind::FailedRequests(f) => {
                let (w, wz) = window(f.from, f.until);
                match f.max {
                    0 => (format!("No client request fails{w}"), format!("{wz}没有任何客户端请求失败")),
                    m => {
                        (format!("At most {m} client request(s) fail{w}"), format!("{wz}失败的客户端请求不超过 {m} 个"))
                    }
                }
            }
            GoalKind::RolloutCompletes(r) => match r.within {
                Some(w) => {
                    (format!("The rollout completes within {}", dur(w.0)), format!("滚动更新在 {} 内完成", dur(w.0)))
                }
                None => ("The rollout completes".to_string(), "滚动更新顺利完成".to_string()),
            },
            GoalKind::AvailableAtLeast(a) => {
                let (w, wz) = match (a.from, a.until) {
                    (None, None) => (" once reached".to_string(), "（一旦达到之后）".to_string()),
                    _ => window(a.from, a.until),
                };
                (
                    format!("At least {} replica(s) stay available{w}", a.replicas),
                    format!("{wz}始终至少有 {} 个副本可用", a.replicas),
                )
            }
        };
        (self.title.clone().unwrap_or(en), self.title_zh.clone().or(self.title.clone()).unwrap_or(zh))
    }

    /// A result for this goal.
    pub(crate) fn result(&self, passed: bool, detail: String, t_ms: Option<i64>) -> GoalResult {
        self.result_for(None, None, passed, detail, t_ms)
    }

    fn result_for(
        &self,
        app: Option<&str>,
        port: Option<u16>,
        passed: bool,
        detail: String,
        t_ms: Option<i64>,
    ) -> GoalResult {
        let (description, description_zh) = self.describe_port(app, port);
        GoalResult { goal: self.kind_name().into(), description, description_zh, passed, detail, t_ms, line: self.line }
    }
}

/// A virtual duration for people: `850 ms`, `1.2 s`, `15 s`, `2 min 5 s`, `1 h 30 min`.
pub fn dur(ms: i64) -> String {
    if ms < 0 {
        return format!("-{}", dur(ms.saturating_neg()));
    }
    if ms < 1000 {
        return format!("{ms} ms");
    }
    if ms < 60_000 {
        let tenths = (ms + 50) / 100;
        return if tenths % 10 == 0 {
            format!("{} s", tenths / 10)
        } else {
            format!("{}.{} s", tenths / 10, tenths % 10)
        };
    }
    let s = ms / 1000;
    if s < 3600 {
        let tenths = (ms + 50) / 100;
        let (m, r) = (tenths / 600, tenths % 600);
        return match (r / 10, r % 10) {
            (0, 0) => format!("{m} min"),
            (s, 0) => format!("{m} min {s} s"),
            (s, d) => format!("{m} min {s}.{d} s"),
        };
    }
    let (h, m) = (s / 3600, (s % 3600) / 60);
    if m == 0 {
        format!("{h} h")
    } else {
        format!("{h} h {m} min")
    }
}

/// " from 30 s to 3 min" / "从 30 s 到 3 min，".
fn window(from: Option<Millis>, until: Option<Millis>) -> (String, String) {
    match (from, until) {
        (None, None) => (String::new(), String::new()),
        (Some(f), None) => (format!(" from {}", dur(f.0)), format!("从 {} 起，", dur(f.0))),
        (None, Some(u)) => (format!(" until {}", dur(u.0)), format!("在 {} 之前，", dur(u.0))),
        (Some(f), Some(u)) => {
            (format!(" from {} to {}", dur(f.0), dur(u.0)), format!("从 {} 到 {}，", dur(f.0), dur(u.0)))
        }
    }
}

/// Checks a goal that [`GoalKind::needs_scene`] over the workload and its clients. Times are
/// fleet time (0 = the Deployment is created).
pub(crate) fn evaluate_scene(goal: &Goal, scene: &crate::scene::Scene) -> GoalResult {
    let (passed, detail, t) = match &goal.kind {
        GoalKind::FailedRequests(f) => failed_requests(scene, f),
        GoalKind::RolloutCompletes(r) => rollout_completes(scene, r),
        GoalKind::AvailableAtLeast(a) => available_at_least(scene, a),
        _ => (false, "not a goal over the workload".to_string(), None),
    };
    goal.result(passed, detail, t)
}

fn failed_requests(scene: &crate::scene::Scene, f: &FailedRequests) -> (bool, String, Option<i64>) {
    let Some(r) = &scene.traffic else {
        return (
            false,
            "the paste has no Service, so no client sends a request: add a `kind: Service` selecting the pods".into(),
            None,
        );
    };
    let from = f.from.map_or(r.from_ms, |m| m.0);
    let until = f.until.map_or(r.until_ms, |m| m.0);
    // Buckets by arrival; a bucket counts when it starts inside the window.
    let inside: Vec<_> = r.buckets.iter().filter(|b| b.t_ms >= from && b.t_ms < until).collect();
    let requests: u64 = inside.iter().map(|b| u64::from(b.served + b.refused + b.reset)).sum();
    let refused: u64 = inside.iter().map(|b| u64::from(b.refused)).sum();
    let reset: u64 = inside.iter().map(|b| u64::from(b.reset)).sum();
    let failed = refused + reset;
    let span = format!("between {} and {}", dur(from.max(r.from_ms)), dur(until.min(r.until_ms)));
    let first = inside.iter().find(|b| b.refused + b.reset > 0).map(|b| b.t_ms);
    let why = first
        .and_then(|t| r.first_failures.iter().find(|w| w.t_ms >= t && w.t_ms < until))
        .map(|w| format!("; first: {}", w.why))
        .or_else(|| first.map(|t| format!("; the first in the second from {}", dur(t))))
        .unwrap_or_default();
    if failed <= f.max {
        let to_term = inside.iter().map(|b| u64::from(b.to_terminating)).sum::<u64>();
        let term = if to_term > 0 { format!(", {to_term} of them sent to terminating pods") } else { String::new() };
        (true, format!("{failed} of {requests} requests failed {span}{term}"), first)
    } else {
        (false, format!("{failed} of {requests} requests failed {span} ({refused} refused, {reset} reset){why}"), first)
    }
}

fn rollout_completes(scene: &crate::scene::Scene, r: &RolloutCompletes) -> (bool, String, Option<i64>) {
    use crate::fleet::Outcome;
    let Some(f) = &scene.fleet else {
        return (false, "the paste has no Deployment, so nothing rolls out".into(), None);
    };
    let start = f.rollout_ms.unwrap_or(0);
    let last = f.rollout_status.last().map(|l| l.1.clone()).unwrap_or_default();
    match f.outcome {
        Outcome::Complete(t) => {
            let took = t - start;
            let ok = r.within.is_none_or(|w| took <= w.0);
            let limit = r.within.map(|w| format!(", {} later than {}", dur(took - w.0), dur(w.0)));
            let detail = format!(
                "successfully rolled out at {}, {} after the rollout started{}",
                dur(t),
                dur(took),
                if ok { String::new() } else { limit.unwrap_or_default() }
            );
            (ok, detail, Some(t))
        }
        Outcome::DeadlineExceeded(t) => {
            let why = f
                .events
                .iter()
                .rev()
                .find(|e| e.reason == "FailedCreate")
                .map(|e| format!(" (the last FailedCreate: {})", e.message))
                .unwrap_or_default();
            (false, format!("{last} at {}{why}", dur(t)), Some(t))
        }
        Outcome::Waiting => (false, format!("still rolling out at the end ({}): {last}", dur(f.until_ms)), None),
    }
}

fn available_at_least(scene: &crate::scene::Scene, a: &AvailableAtLeast) -> (bool, String, Option<i64>) {
    let Some(f) = &scene.fleet else {
        return (false, "the paste has no Deployment, so there are no replicas to count".into(), None);
    };
    let until = a.until.map_or(f.until_ms, |m| m.0);
    let from = match a.from {
        Some(m) => m.0,
        None => match f.status.iter().find(|s| s.available_replicas >= a.replicas) {
            Some(s) => s.t_ms,
            None => {
                let most = f.status.iter().map(|s| s.available_replicas).max().unwrap_or(0);
                return (false, format!("never {} available: at most {most}", a.replicas), None);
            }
        },
    };
    let at_from = f.status_at(from).map_or(0, |s| s.available_replicas);
    let mut low = (at_from, from);
    let mut first_short = (at_from < a.replicas).then_some((at_from, from));
    for s in f.status.iter().filter(|s| s.t_ms > from && s.t_ms < until) {
        if s.available_replicas < low.0 {
            low = (s.available_replicas, s.t_ms);
        }
        if first_short.is_none() && s.available_replicas < a.replicas {
            first_short = Some((s.available_replicas, s.t_ms));
        }
    }
    let span = format!("from {} to {}", dur(from), dur(until));
    match first_short {
        None => (true, format!("at least {} available {span} (the fewest: {})", a.replicas, low.0), None),
        Some((n, t)) => {
            let waiting: Vec<&str> = f
                .pods
                .iter()
                .filter(|p| p.active(t) && !p.available(t, f.min_ready_seconds))
                .map(|p| p.name.as_str())
                .collect();
            let recent =
                if waiting.is_empty() { String::new() } else { format!("; not available: {}", waiting.join(", ")) };
            (false, format!("only {n} available at {} (the goal asks {}){recent}", dur(t), a.replicas), Some(t))
        }
    }
}

/// Checks one goal.
pub(crate) fn evaluate(goal: &Goal, doc: &PodDoc, tl: &Timeline) -> GoalResult {
    let default_spec = PodSpec::default();
    let spec = doc.pod.spec.as_ref().unwrap_or(&default_spec);
    let app = spec.containers.first().map(|c| c.name.as_str());
    let (passed, detail, t) = match check(goal, doc, spec, tl) {
        Ok(v) => v,
        Err(msg) => (false, msg, None),
    };
    let port = match &goal.kind {
        GoalKind::ReadyOnlyWhileListening(Target { container: c, port: None })
        | GoalKind::ServesAfterDelete(Serves { container: c, port: None, .. }) => {
            container(spec, c).ok().and_then(|c| port_of(c, None, tl).ok())
        }
        _ => None,
    };
    goal.result_for(app, port, passed, detail, t)
}

type Verdict = Result<(bool, String, Option<i64>), String>;

fn all_containers(spec: &PodSpec) -> impl Iterator<Item = &Container> {
    spec.init_containers.iter().flatten().chain(spec.containers.iter())
}

/// The container a goal is about: the named one, else the first regular container.
fn container<'a>(spec: &'a PodSpec, name: &Option<String>) -> Result<&'a Container, String> {
    match name {
        Some(n) => all_containers(spec).find(|c| &c.name == n).ok_or_else(|| {
            let names: Vec<&str> = all_containers(spec).map(|c| c.name.as_str()).collect();
            format!("the pod has no container named {n:?} (its containers: {})", names.join(", "))
        }),
        None => spec.containers.first().ok_or_else(|| "the pod has no containers".to_string()),
    }
}

/// When the delete reached the API server: the first snapshot with a deletionTimestamp, whose
/// value is that instant plus the grace period (`metadata.deletionTimestamp` is the deadline).
fn deletion_ms(tl: &Timeline) -> Option<i64> {
    tl.snapshots.iter().find_map(|s| {
        let grace = s.deletion_grace_seconds.unwrap_or(0).max(0).saturating_mul(1000);
        s.deletion_timestamp_ms.map(|d| d.saturating_sub(grace).max(0))
    })
}

/// Spans during which the pod's Ready condition is True, cut at `end`.
fn ready_spans(tl: &Timeline, end: i64) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    let mut since: Option<i64> = None;
    for c in tl.conditions.iter().filter(|c| c.type_ == "Ready") {
        match (c.status == "True", since) {
            (true, None) => since = Some(c.t_ms),
            (false, Some(s)) => {
                out.push((s, c.t_ms));
                since = None;
            }
            _ => {}
        }
    }
    if let Some(s) = since {
        out.push((s, tl.until_ms));
    }
    out.into_iter().filter(|(a, _)| *a < end).map(|(a, b)| (a, b.min(end))).filter(|(a, b)| a < b).collect()
}

/// The port a goal about `c` means: the one given, else its first declared containerPort,
/// else the first port its process was seen listening on.
fn port_of(c: &Container, given: Option<u16>, tl: &Timeline) -> Result<u16, String> {
    if let Some(p) = given {
        return Ok(p);
    }
    if let Some(p) = c.ports.iter().flatten().find_map(|p| u16::try_from(p.container_port).ok()) {
        return Ok(p);
    }
    tl.listening.iter().find(|l| l.container == c.name).map(|l| l.port).ok_or_else(|| {
        format!("{} declares no containerPort and never listens on one, so there is nothing to check (give the goal a `port`)", c.name)
    })
}

/// Listening spans of (container, port), `to` = the end when still listening.
fn listen_spans(tl: &Timeline, name: &str, port: u16) -> Vec<(i64, i64)> {
    tl.listening
        .iter()
        .filter(|l| l.container == name && l.port == port)
        .map(|l| (l.from_ms, l.to_ms.unwrap_or(i64::MAX)))
        .collect()
}

/// The first instant of `spans` not covered by `cover` (both sorted), and until when.
fn first_gap(spans: &[(i64, i64)], cover: &[(i64, i64)]) -> Option<(i64, i64)> {
    for &(a, b) in spans {
        let mut cur = a;
        loop {
            match cover.iter().find(|(f, t)| *f <= cur && cur < *t) {
                Some(&(_, t)) if t >= b => break,
                Some(&(_, t)) => cur = t,
                None => {
                    let next = cover.iter().map(|(f, _)| *f).filter(|f| *f > cur).min().unwrap_or(b).min(b);
                    return Some((cur, next));
                }
            }
        }
    }
    None
}

fn intervals_of<'a>(tl: &'a Timeline, name: &'a str) -> impl Iterator<Item = &'a StateInterval> {
    tl.containers.iter().filter(move |i| i.container == name)
}

/// "(it had terminated: Error, exit code 1; Killing: Container web failed liveness probe, …)"
fn restart_cause(tl: &Timeline, name: &str, at: i64) -> String {
    let mut parts = Vec::new();
    if let Some(t) =
        tl.containers.iter().rev().find(|i| i.container == name && i.from_ms <= at && i.state == "terminated")
    {
        let code = t.exit_code.map(|c| format!(", exit code {c}")).unwrap_or_default();
        parts.push(format!("it had terminated: {}{code}", t.reason.as_deref().unwrap_or("")));
    }
    let object = format!("container/{name}");
    if let Some(e) = tl.events.iter().rev().find(|e| e.t_ms <= at && e.object == object && e.reason == "Killing") {
        parts.push(format!("Killing at {}: {}", dur(e.t_ms), e.message));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join("; "))
    }
}

fn check(goal: &Goal, doc: &PodDoc, spec: &PodSpec, tl: &Timeline) -> Verdict {
    match &goal.kind {
        GoalKind::Valid => Ok((true, format!("the API server accepts {} {:?}", doc.kind, doc.name), None)),
        GoalKind::ReadyWithin(d) => ready_within(tl, d.0),
        GoalKind::ReadyOnlyWhileListening(t) => ready_only_while_listening(spec, tl, t),
        GoalKind::GracefulShutdown(s) => graceful_shutdown(spec, tl, s),
        GoalKind::ServesAfterDelete(s) => serves_after_delete(spec, tl, s),
        GoalKind::QosClass(q) => {
            let got = doc.qos.as_str();
            if got == q {
                Ok((true, format!("the QoS class is {got}"), None))
            } else {
                Ok((false, format!("the QoS class is {got}: {}", qos_reason(spec)), None))
            }
        }
        GoalKind::StatusAt(s) => status_at(tl, s),
        GoalKind::NoRestarts(r) => restarts(spec, tl, r, Some(0)),
        GoalKind::Restarts(r) => restarts(spec, tl, r, r.max),
        GoalKind::NoContainerReason(r) => no_reason(spec, tl, r),
        GoalKind::ConfigFromConfigMap(f) => config_from_config_map(spec, f),
        GoalKind::Env(e) => env_goal(spec, e),
        GoalKind::Probe(p) => probe_goal(spec, p),
        GoalKind::StartsAfter(s) => starts_after(spec, tl, s),
        GoalKind::FailedRequests(_) | GoalKind::RolloutCompletes(_) | GoalKind::AvailableAtLeast(_) => {
            Err("graded over the workload and its clients (check_scene)".into())
        }
    }
}

fn ready_within(tl: &Timeline, limit: i64) -> Verdict {
    let first = tl.conditions.iter().find(|c| c.type_ == "Ready" && c.status == "True").map(|c| c.t_ms);
    Ok(match first {
        Some(t) if t <= limit => (true, format!("Ready at {}", dur(t)), Some(t)),
        Some(t) => (false, format!("first Ready at {}, {} later than {}", dur(t), dur(t - limit), dur(limit)), Some(t)),
        None => {
            let end = tl.state_at(tl.until_ms.min(limit.max(0)));
            let why = end
                .conditions
                .iter()
                .find(|c| c.type_ == "Ready")
                .and_then(|c| c.message.clone().or(c.reason.clone()))
                .map(|m| format!(" ({m})"))
                .unwrap_or_default();
            (
                false,
                format!(
                    "never Ready in the {} simulated; at {} STATUS is {}{why}",
                    dur(tl.until_ms),
                    dur(end.t_ms),
                    end.row.status
                ),
                Some(end.t_ms),
            )
        }
    })
}

fn ready_only_while_listening(spec: &PodSpec, tl: &Timeline, t: &Target) -> Verdict {
    let c = container(spec, &t.container)?;
    let port = port_of(c, t.port, tl)?;
    let end = deletion_ms(tl).unwrap_or(tl.until_ms);
    let ready = ready_spans(tl, end);
    let listen = listen_spans(tl, &c.name, port);
    let first_listen = listen.first().map(|(f, _)| *f);
    let Some(&(ready_at, _)) = ready.first() else {
        return Ok((true, "the pod was never Ready, so it got no traffic (see the other goals)".into(), None));
    };
    Ok(match first_gap(&ready, &listen) {
        None => (
            true,
            format!(
                "Ready from {}; {} listens on :{port} from {}",
                dur(ready_at),
                c.name,
                first_listen.map_or_else(|| "?".into(), dur)
            ),
            Some(ready_at),
        ),
        Some((from, to)) => {
            let listens = match listen.iter().find(|(f, _)| *f >= from) {
                Some((f, _)) => format!("{} listens on :{port} only from {}", c.name, dur(*f)),
                None if listen.iter().any(|(_, e)| *e <= from) => {
                    format!("{} had stopped listening on :{port}", c.name)
                }
                None => format!("{} never listens on :{port}", c.name),
            };
            (
                false,
                format!("Ready at {}, but {listens}: {} of traffic to a closed port", dur(from), dur(to - from)),
                Some(from),
            )
        }
    })
}

fn graceful_shutdown(spec: &PodSpec, tl: &Timeline, s: &Shutdown) -> Verdict {
    let only = match &s.container {
        Some(_) => Some(container(spec, &s.container)?.name.clone()),
        None => None,
    };
    let Some(deleted) = deletion_ms(tl) else {
        return Ok((
            false,
            format!("the pod was not deleted in the {} simulated, so there is no shutdown to check", dur(tl.until_ms)),
            None,
        ));
    };
    let windows: Vec<_> =
        tl.grace.iter().filter(|g| g.from_ms >= deleted && only.as_ref().is_none_or(|n| *n == g.container)).collect();
    if windows.is_empty() {
        return Ok((
            true,
            format!("deleted at {}; no container was running, nothing to stop", dur(deleted)),
            Some(deleted),
        ));
    }
    let mut notes = Vec::new();
    let mut ok = true;
    let mut at = None;
    for g in windows {
        let kill =
            tl.signals.iter().find(|x| x.container == g.container && x.signal == "SIGKILL" && x.t_ms >= g.from_ms);
        let exit = intervals_of(tl, &g.container).find(|i| i.state == "terminated" && i.from_ms >= g.from_ms);
        let signal = tl
            .signals
            .iter()
            .find(|x| x.container == g.container && x.t_ms >= g.from_ms && x.signal != "SIGKILL")
            .map_or_else(|| "the stop signal".to_string(), |x| x.signal.clone());
        if let Some(k) = kill {
            ok = false;
            at = at.or(Some(k.t_ms));
            notes.push(format!(
                "{}: SIGKILL at {}, {} after {signal} at {}: it did not exit on its own within the grace period ({} s)",
                g.container,
                dur(k.t_ms),
                dur(k.t_ms - g.stop_ms),
                dur(g.stop_ms),
                g.grace_seconds
            ));
            continue;
        }
        let Some(e) = exit else {
            ok = false;
            at = at.or(Some(tl.until_ms));
            notes.push(format!(
                "{}: still running at the end of the simulation ({}), {} after {signal}; SIGKILL would come at {}",
                g.container,
                dur(tl.until_ms),
                dur(tl.until_ms - g.stop_ms),
                dur(g.kill_ms)
            ));
            continue;
        };
        let code = e.exit_code.unwrap_or(0);
        let mut line = format!(
            "{}: {signal} at {}, exited {code} at {}, {} before the SIGKILL deadline",
            g.container,
            dur(g.stop_ms),
            dur(e.from_ms),
            dur(g.kill_ms - e.from_ms)
        );
        if let Some(w) = s.within {
            if e.from_ms - deleted > w.0 {
                ok = false;
                at = at.or(Some(e.from_ms));
                line.push_str(&format!(
                    " — but that is {} after the delete, more than {}",
                    dur(e.from_ms - deleted),
                    dur(w.0)
                ));
            }
        }
        if let Some(want) = s.exit_code {
            if code != want {
                ok = false;
                at = at.or(Some(e.from_ms));
                line.push_str(&format!(" — but the exit code should be {want}"));
            }
        }
        at = at.or(Some(e.from_ms));
        notes.push(line);
    }
    Ok((ok, format!("deleted at {}; {}", dur(deleted), notes.join("; ")), at))
}

fn serves_after_delete(spec: &PodSpec, tl: &Timeline, s: &Serves) -> Verdict {
    let c = container(spec, &s.container)?;
    let port = port_of(c, s.port, tl)?;
    let Some(deleted) = deletion_ms(tl) else {
        return Ok((false, format!("the pod was not deleted in the {} simulated", dur(tl.until_ms)), None));
    };
    let listen = listen_spans(tl, &c.name, port);
    let Some(&(_, to)) = listen.iter().find(|(f, t)| *f <= deleted && deleted < *t) else {
        return Ok((
            false,
            format!("{} was not listening on :{port} when the pod was deleted ({})", c.name, dur(deleted)),
            Some(deleted),
        ));
    };
    let need = deleted.saturating_add(s.for_.0);
    Ok(if to >= need {
        let until = if to == i64::MAX { "the end".to_string() } else { dur(to) };
        (true, format!("deleted at {}; {} listens on :{port} until {until}", dur(deleted), c.name), Some(deleted))
    } else {
        (
            false,
            format!(
                "deleted at {}; {} stopped listening on :{port} at {}, only {} later (in-flight and late requests fail)",
                dur(deleted),
                c.name,
                dur(to),
                dur(to - deleted)
            ),
            Some(to),
        )
    })
}

/// Why a pod is not Guaranteed, in one sentence.
fn qos_reason(spec: &PodSpec) -> String {
    use crate::quantity::Quantity;
    let q = |m: Option<&crate::vecmap::VecMap<String, crate::model::Quantity>>, r: &str| {
        m.and_then(|m| m.get(r)).and_then(|v| Quantity::from_k8s(v).ok()).filter(|v| v.sign() > 0)
    };
    let any = all_containers(spec).any(|c| {
        let res = c.resources.as_ref();
        ["cpu", "memory"].iter().any(|r| {
            q(res.and_then(|x| x.requests.as_ref()), r).is_some() || q(res.and_then(|x| x.limits.as_ref()), r).is_some()
        })
    });
    if !any {
        return "no container sets cpu or memory requests or limits".into();
    }
    for c in all_containers(spec) {
        let res = c.resources.as_ref();
        for r in ["cpu", "memory"] {
            let (req, lim) = (q(res.and_then(|x| x.requests.as_ref()), r), q(res.and_then(|x| x.limits.as_ref()), r));
            match (req, lim) {
                (_, None) => return format!("container {} has no {r} limit (Guaranteed needs a cpu and a memory limit on every container, with requests equal to limits)", c.name),
                (Some(a), Some(b)) if a.nanos() != b.nanos() => {
                    return format!("container {} requests {r} {} but its limit is {} (Guaranteed needs requests equal to limits)", c.name, a, b)
                }
                _ => {}
            }
        }
    }
    "every container has equal cpu and memory requests and limits".into()
}

fn status_at(tl: &Timeline, s: &StatusAt) -> Verdict {
    if s.at.0 > tl.until_ms {
        return Err(format!("the exercise simulates only {}, not {}", dur(tl.until_ms), dur(s.at.0)));
    }
    let st = tl.state_at(s.at.0);
    let ready = st.conditions.iter().any(|c| c.type_ == "Ready" && c.status == "True");
    let terminating = st.deletion_timestamp_ms.is_some() || st.deleted;
    let mut ok = true;
    if let Some(p) = &s.phase {
        ok &= *p == st.phase;
    }
    if let Some(r) = s.ready {
        ok &= r == ready;
    }
    if let Some(x) = &s.status {
        ok &= *x == st.row.status;
    }
    if let Some(t) = s.terminating {
        ok &= t == terminating;
    }
    let del = match (st.deleted, st.deletion_timestamp_ms) {
        (true, _) => "deleted".to_string(),
        (false, Some(d)) => {
            let grace = st.deletion_grace_seconds.unwrap_or(0).max(0).saturating_mul(1000);
            format!("being deleted since {}", dur(d.saturating_sub(grace).max(0)))
        }
        (false, None) => "not being deleted".to_string(),
    };
    Ok((
        ok,
        format!(
            "at {}: phase {}, {}, STATUS {}, {del}",
            dur(s.at.0),
            st.phase,
            if ready { "Ready" } else { "not Ready" },
            st.row.status
        ),
        Some(s.at.0),
    ))
}

fn restarts(spec: &PodSpec, tl: &Timeline, r: &Restarts, max: Option<i32>) -> Verdict {
    let limit = r.until.map_or(tl.until_ms, |u| u.0);
    if limit > tl.until_ms {
        return Err(format!("the exercise simulates only {}, not {}", dur(tl.until_ms), dur(limit)));
    }
    let names: Vec<String> = match &r.container {
        Some(_) => vec![container(spec, &r.container)?.name.clone()],
        None => all_containers(spec).map(|c| c.name.clone()).collect(),
    };
    let mut total = 0;
    let mut first: Option<(i64, String)> = None;
    for n in &names {
        let ivs: Vec<_> = intervals_of(tl, n).filter(|i| i.from_ms <= limit).collect();
        total += ivs.iter().map(|i| i.restart_count).max().unwrap_or(0);
        if let Some(i) = ivs.iter().find(|i| i.restart_count > 0) {
            if first.as_ref().is_none_or(|(t, _)| i.from_ms < *t) {
                first = Some((i.from_ms, n.clone()));
            }
        }
    }
    let within = dur(limit);
    let ok = r.min.is_none_or(|m| total >= m) && max.is_none_or(|m| total <= m);
    let detail = match &first {
        None => format!("no restarts in {within}"),
        Some((t, n)) => {
            format!(
                "{total} restart(s) in {within}; the first: {n} restarted at {}{}",
                dur(*t),
                restart_cause(tl, n, *t)
            )
        }
    };
    Ok((ok, detail, first.map(|(t, _)| t)))
}

fn no_reason(spec: &PodSpec, tl: &Timeline, r: &Reason) -> Verdict {
    let limit = r.until.map_or(tl.until_ms, |u| u.0);
    let only = match &r.container {
        Some(_) => Some(container(spec, &r.container)?.name.clone()),
        None => None,
    };
    let hit = tl.containers.iter().find(|i| {
        i.from_ms <= limit
            && i.reason.as_deref() == Some(r.reason.as_str())
            && only.as_ref().is_none_or(|n| *n == i.container)
    });
    Ok(match hit {
        None => (true, format!("no container was {} in {}", r.reason, dur(limit)), None),
        Some(i) => {
            let code = i.exit_code.map(|c| format!(" (exit code {c})")).unwrap_or_default();
            (false, format!("{} is {} at {}{code}", i.container, r.reason, dur(i.from_ms)), Some(i.from_ms))
        }
    })
}

fn config_from_config_map(spec: &PodSpec, f: &ConfigFrom) -> Verdict {
    let c = container(spec, &f.container)?;
    let env = c.env.iter().flatten();
    if let Some(name) = &f.env {
        let var = c.env.iter().flatten().rev().find(|e| &e.name == name);
        if let Some(v) = var {
            return Ok(match v.value_from.as_ref().and_then(|s| s.config_map_key_ref.as_ref()) {
                Some(r) => (true, format!("{name} comes from ConfigMap {} (key {})", r.name, r.key), None),
                None if v.value_from.is_some() => (false, format!("{name} is read from a Secret or a field, not from a ConfigMap"), None),
                None => (
                    false,
                    format!("{name} is written in the spec itself (value {:?}): changing it means changing the Pod, not a ConfigMap", v.value.as_deref().unwrap_or("")),
                    None,
                ),
            });
        }
        let from = c.env_from.iter().flatten().find_map(|e| {
            e.config_map_ref
                .as_ref()
                .filter(|_| e.prefix.as_deref().is_none_or(|p| name.starts_with(p)))
                .map(|r| r.name.clone())
        });
        return Ok(match from {
            Some(cm) => (true, format!("{name} comes from ConfigMap {cm} (envFrom)"), None),
            None => (
                false,
                format!(
                    "{} has no {name}: neither env[].valueFrom.configMapKeyRef nor envFrom[].configMapRef provides it",
                    c.name
                ),
                None,
            ),
        });
    }
    if let Some(v) = env.clone().find(|e| e.value_from.as_ref().is_some_and(|s| s.config_map_key_ref.is_some())) {
        let r = v.value_from.as_ref().and_then(|s| s.config_map_key_ref.as_ref());
        return Ok((
            true,
            format!("{} comes from ConfigMap {}", v.name, r.map(|r| r.name.as_str()).unwrap_or("")),
            None,
        ));
    }
    if let Some(r) = c.env_from.iter().flatten().find_map(|e| e.config_map_ref.as_ref()) {
        return Ok((true, format!("the environment comes from ConfigMap {} (envFrom)", r.name), None));
    }
    for m in c.volume_mounts.iter().flatten() {
        let vol = spec.volumes.iter().flatten().find(|v| v.name == m.name);
        let cm = vol.and_then(|v| {
            v.config_map.as_ref().map(|c| c.name.clone()).or_else(|| {
                v.projected.as_ref().and_then(|p| {
                    p.sources.iter().flatten().find_map(|s| s.config_map.as_ref().map(|c| c.name.clone()))
                })
            })
        });
        if let Some(cm) = cm {
            return Ok((true, format!("ConfigMap {cm} is mounted at {}", m.mount_path), None));
        }
    }
    let baked: Vec<String> = env.filter(|e| e.value.is_some()).map(|e| e.name.clone()).collect();
    let also =
        if baked.is_empty() { String::new() } else { format!(" ({} written in the spec itself)", baked.join(", ")) };
    Ok((
        false,
        format!(
            "{} reads no ConfigMap: no env valueFrom.configMapKeyRef, envFrom configMapRef or configMap volume{also}",
            c.name
        ),
        None,
    ))
}

fn env_goal(spec: &PodSpec, g: &EnvGoal) -> Verdict {
    let c = container(spec, &g.container)?;
    let want = g.from.as_deref().unwrap_or("any");
    let var = c.env.iter().flatten().rev().find(|e| e.name == g.name);
    let (source, shown) = match var {
        Some(v) => match &v.value_from {
            None => ("value", format!("{} = {:?}", g.name, v.value.as_deref().unwrap_or(""))),
            Some(s) if s.config_map_key_ref.is_some() => {
                let r = s.config_map_key_ref.as_ref();
                (
                    "configMap",
                    format!(
                        "{} from ConfigMap {} key {}",
                        g.name,
                        r.map_or("", |r| r.name.as_str()),
                        r.map_or("", |r| r.key.as_str())
                    ),
                )
            }
            Some(s) if s.secret_key_ref.is_some() => ("secret", format!("{} from a Secret", g.name)),
            Some(s) if s.field_ref.is_some() => ("fieldRef", format!("{} from a pod field", g.name)),
            Some(_) => ("resourceFieldRef", format!("{} from a resource field", g.name)),
        },
        None => {
            let from = c.env_from.iter().flatten().find(|e| e.prefix.as_deref().is_none_or(|p| g.name.starts_with(p)));
            match from {
                Some(e) if e.config_map_ref.is_some() => (
                    "configMap",
                    format!(
                        "{} may come from ConfigMap {} (envFrom)",
                        g.name,
                        e.config_map_ref.as_ref().map_or("", |r| r.name.as_str())
                    ),
                ),
                Some(_) => ("secret", format!("{} may come from a Secret (envFrom)", g.name)),
                None => return Ok((false, format!("{} has no environment variable {}", c.name, g.name), None)),
            }
        }
    };
    Ok(if want == "any" || want == source {
        (true, shown, None)
    } else {
        (false, format!("{shown}, but it should come from {want}"), None)
    })
}

fn probe_goal(spec: &PodSpec, g: &ProbeGoal) -> Verdict {
    let c = container(spec, &g.container)?;
    let probe: Option<&Probe> = match g.type_.as_str() {
        "liveness" => c.liveness_probe.as_ref(),
        "readiness" => c.readiness_probe.as_ref(),
        _ => c.startup_probe.as_ref(),
    };
    let Some(p) = probe else {
        return Ok((false, format!("{} has no {}Probe", c.name, g.type_), None));
    };
    let handler = if p.http_get.is_some() {
        "httpGet"
    } else if p.tcp_socket.is_some() {
        "tcpSocket"
    } else if p.exec.is_some() {
        "exec"
    } else {
        "grpc"
    };
    let shown = format!(
        "{}Probe: {handler}, every {} s, failureThreshold {}",
        g.type_,
        p.period_seconds.unwrap_or(10),
        p.failure_threshold.unwrap_or(3)
    );
    Ok(match &g.handler {
        Some(h) if h != handler => (false, format!("{shown}, but it should use {h}"), None),
        _ => (true, shown, None),
    })
}

fn starts_after(spec: &PodSpec, tl: &Timeline, s: &StartsAfter) -> Verdict {
    let c = container(spec, &Some(s.container.clone()))?;
    let a = container(spec, &Some(s.after.clone()))?;
    let object = format!("container/{}", c.name);
    let started = tl.events.iter().find(|e| e.object == object && e.reason == "Started").map(|e| e.t_ms);
    let done = intervals_of(tl, &a.name).find(|i| i.state == "terminated" && i.exit_code == Some(0)).map(|i| i.from_ms);
    Ok(match (started, done) {
        (None, _) => (false, format!("{} never started in the {} simulated", c.name, dur(tl.until_ms)), None),
        (Some(t), Some(d)) if t >= d => {
            (true, format!("{} completed at {}; {} started at {}", a.name, dur(d), c.name, dur(t)), Some(t))
        }
        (Some(t), Some(d)) => {
            (false, format!("{} started at {}, before {} completed at {}", c.name, dur(t), a.name, dur(d)), Some(t))
        }
        (Some(t), None) => {
            (false, format!("{} started at {}, but {} never completed", c.name, dur(t), a.name), Some(t))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each kind's parameters read by hand as through the serde derives, over every goal of
    /// the exercises and one sample of each kind, each mutated (`typed::differential`).
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn params_read_like_the_serde_derives() {
        fn diff(kind: &str, node: &Node) -> (usize, usize) {
            use typed::differential as d;
            match kind {
                "valid" => d::<Option<Empty>>(node, "g"),
                "readyWithin" => d::<Millis>(node, "g"),
                "readyOnlyWhileListening" => d::<Option<Target>>(node, "g"),
                "gracefulShutdown" => d::<Option<Shutdown>>(node, "g"),
                "servesAfterDelete" => d::<Serves>(node, "g"),
                "qosClass" => d::<String>(node, "g"),
                "statusAt" => d::<StatusAt>(node, "g"),
                "noRestarts" | "restarts" => d::<Option<Restarts>>(node, "g"),
                "noContainerReason" => d::<Reason>(node, "g"),
                "configFromConfigMap" => d::<Option<ConfigFrom>>(node, "g"),
                "env" => d::<EnvGoal>(node, "g"),
                "probe" => d::<ProbeGoal>(node, "g"),
                "startsAfter" => d::<StartsAfter>(node, "g"),
                "failedRequests" => d::<Option<FailedRequests>>(node, "g"),
                "rolloutCompletes" => d::<Option<RolloutCompletes>>(node, "g"),
                "availableAtLeast" => d::<AvailableAtLeast>(node, "g"),
                other => panic!("kind {other}"),
            }
        }
        let mut texts = vec!["goals:\n- valid: {}\n- readyWithin: 10s\n- readyOnlyWhileListening: {container: a, port: 80}\n- gracefulShutdown: {within: 5s, exitCode: 0, container: a}\n- servesAfterDelete: {for: 5s, container: a, port: 80}\n- qosClass: Burstable\n- statusAt: {at: 5s, phase: Running, ready: true, status: Running, terminating: false}\n- noRestarts: {until: 1m, container: a}\n- restarts: {min: 1, max: 3, until: 1m, container: a}\n- noContainerReason: {reason: OOMKilled, container: a, until: 1m}\n- configFromConfigMap: {container: a, env: X}\n- env: {name: X, container: a, from: value}\n- probe: {type: liveness, container: a, handler: exec}\n- startsAfter: {container: a, after: b}\n- failedRequests: {max: 2, from: 1s, until: 9s}\n- rolloutCompletes: {within: 1m}\n- availableAtLeast: {replicas: 2, from: 1s, until: 9s}\n".to_string()];
        let mut paths: Vec<_> = std::fs::read_dir("exercises").expect("exercises/").filter_map(|e| e.ok()).collect();
        paths.sort_by_key(|e| e.path());
        for e in paths.iter().filter(|e| e.path().extension().is_some_and(|x| x == "yaml")) {
            texts.push(std::fs::read_to_string(e.path()).expect("readable"));
        }
        let (mut checked, mut errors, mut kinds) = (0, 0, std::collections::BTreeSet::new());
        for text in &texts {
            let root = crate::source::parse_stream(text).expect("parses").remove(0).root;
            let Some(crate::source::Value::Seq(goals)) = root.get("goals").map(|g| &g.value) else { continue };
            for g in goals {
                let crate::source::Value::Map(entries) = &g.value else { continue };
                for e in entries.iter().filter(|e| KINDS.contains(&e.key.as_str())) {
                    let (c, n) = diff(&e.key, &e.value);
                    checked += c;
                    errors += n;
                    kinds.insert(e.key.clone());
                }
            }
        }
        assert_eq!(kinds.len(), KINDS.len());
        assert!(checked > 2_000 && errors > 1_000, "{checked} read, {errors} errors");
    }

    #[test]
    fn durations_read_like_people_write_them() {
        assert_eq!(dur(850), "850 ms");
        assert_eq!(dur(1_200), "1.2 s");
        assert_eq!(dur(15_000), "15 s");
        assert_eq!(dur(59_990), "60 s");
        assert_eq!(dur(125_000), "2 min 5 s");
        assert_eq!(dur(600_000), "10 min");
        assert_eq!(dur(60_100), "1 min 0.1 s");
        assert_eq!(dur(5_400_000), "1 h 30 min");
        assert_eq!(dur(-1_500), "-1.5 s");
    }

    #[test]
    fn gaps_between_ready_and_listening() {
        assert_eq!(first_gap(&[(1000, 9000)], &[(500, 20_000)]), None);
        assert_eq!(first_gap(&[(1000, 9000)], &[(5000, 20_000)]), Some((1000, 5000)));
        assert_eq!(first_gap(&[(1000, 9000)], &[]), Some((1000, 9000)));
        assert_eq!(first_gap(&[(1000, 9000)], &[(0, 3000), (4000, 10_000)]), Some((3000, 4000)));
        assert_eq!(first_gap(&[(1000, 3000), (5000, 9000)], &[(0, 3000), (6000, 10_000)]), Some((5000, 6000)));
    }
}
