//! The goal kinds an exercise can declare, how each is read from YAML, and how each is
//! checked against the simulated trace and the effective spec.
//!
//! Every goal answers pass/fail with a detail that says what was observed and when, e.g.
//! `Ready at 1.2 s, but web listens on :8080 only from 15.3 s (14.1 s of traffic to a closed
//! port)`. Times are virtual time since the pod was created.

use std::fmt::Display;

use crate::model::core::{ConfigMapKeySelector, Container, EnvVar, PodSpec, Probe};
use serde::{Deserialize, Serialize};

use super::{problem, Problem};
use crate::app::Millis;
use crate::engine::timeline::StateInterval;
use crate::engine::Timeline;
use crate::input::PodDoc;
use crate::source::Node;
use crate::typed::{self, Cur, DeError, Read};

/// Every goal kind, as written in an exercise file.
pub const KINDS: [&str; 17] = [
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

/// [`KINDS`] as one list for messages (a test keeps it in step).
pub const KINDS_LIST: &str = "valid, readyWithin, readyOnlyWhileListening, gracefulShutdown, servesAfterDelete, \
qosClass, statusAt, noRestarts, restarts, noContainerReason, configFromConfigMap, env, probe, startsAfter, \
failedRequests, rolloutCompletes, availableAtLeast";

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
                c.fields(concat!($($key, " "),*), false, &mut |i, c| {
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
        c.fields("", true, &mut |_, _| Ok(()))?;
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

/// A goal kind's parameter reader.
type Reader = fn(Cur<'_, '_, '_>) -> Result<GoalKind, DeError>;
// Each kind's reader, in the order of `KINDS` (one lookup rather than a string match).
// A kind whose parameters all have defaults reads its struct straight: `Cur::fields`
// takes null as an empty mapping, so null gives the defaults, as `Option<T>` then
// `unwrap_or_default` would (`tests::defaults_read_straight_as_through_option`).
const READERS: [Reader; 17] = [
    |c| {
        Empty::read(c)?;
        Ok(GoalKind::Valid)
    },
    |c| Ok(GoalKind::ReadyWithin(Read::read(c)?)),
    |c| Ok(GoalKind::ReadyOnlyWhileListening(Read::read(c)?)),
    |c| Ok(GoalKind::GracefulShutdown(Read::read(c)?)),
    |c| Ok(GoalKind::ServesAfterDelete(Read::read(c)?)),
    |c| Ok(GoalKind::QosClass(Read::read(c)?)),
    |c| Ok(GoalKind::StatusAt(Read::read(c)?)),
    |c| Ok(GoalKind::NoRestarts(Read::read(c)?)),
    |c| Ok(GoalKind::Restarts(Read::read(c)?)),
    |c| Ok(GoalKind::NoContainerReason(Read::read(c)?)),
    |c| Ok(GoalKind::ConfigFromConfigMap(Read::read(c)?)),
    |c| Ok(GoalKind::Env(Read::read(c)?)),
    |c| Ok(GoalKind::Probe(Read::read(c)?)),
    |c| Ok(GoalKind::StartsAfter(Read::read(c)?)),
    |c| Ok(GoalKind::FailedRequests(Read::read(c)?)),
    |c| Ok(GoalKind::RolloutCompletes(Read::read(c)?)),
    |c| Ok(GoalKind::AvailableAtLeast(Read::read(c)?)),
];

/// Reads the parameters of a goal of kind `kind` (a name from [`KINDS`]) at `path`.
pub(crate) fn decode(kind: &str, node: &Node, path: &str) -> Result<GoalKind, Vec<Problem>> {
    let Some((_, read)) = KINDS.iter().zip(READERS).find(|(k, _)| **k == kind) else {
        return Err(vec![problem(node.pos, path, format!("unknown goal kind {kind:?}"))]);
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
    pub goal: &'static str,
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
        // An index into `KINDS` (one table of names in the wasm, not a second one here).
        KINDS[match &self.kind {
            GoalKind::Valid => 0,
            GoalKind::ReadyWithin(_) => 1,
            GoalKind::ReadyOnlyWhileListening(_) => 2,
            GoalKind::GracefulShutdown(_) => 3,
            GoalKind::ServesAfterDelete(_) => 4,
            GoalKind::QosClass(_) => 5,
            GoalKind::StatusAt(_) => 6,
            GoalKind::NoRestarts(_) => 7,
            GoalKind::Restarts(_) => 8,
            GoalKind::NoContainerReason(_) => 9,
            GoalKind::ConfigFromConfigMap(_) => 10,
            GoalKind::Env(_) => 11,
            GoalKind::Probe(_) => 12,
            GoalKind::StartsAfter(_) => 13,
            GoalKind::FailedRequests(_) => 14,
            GoalKind::RolloutCompletes(_) => 15,
            GoalKind::AvailableAtLeast(_) => 16,
        }]
    }

    /// What the goal asks, in English and in Chinese. `app` names the default container
    /// (None: before any spec is known).
    pub fn describe(&self, app: Option<&str>) -> (String, String) {
        self.describe_port(app, None)
    }

    /// [`Goal::describe`] with the port a goal without its own `port` resolved to.
    ///
    /// Each wording is one template in both languages (`English|中文`, see [`Two::put`]), so
    /// a kind's arguments are given once for both.
    fn describe_port(&self, app: Option<&str>, resolved: Option<u16>) -> (String, String) {
        use Arg::{Container as C, Port as P, Sub as T, Val as V};
        let mut o = Two { en: String::new(), zh: String::new(), app, port: resolved };
        match &self.kind {
            GoalKind::Valid => o.put("The API server accepts the spec|API server 接受该配置", &[]),
            GoalKind::ReadyWithin(d) => o.put("The pod is Ready within %0|Pod 在 %0 内变为 Ready", &[V(&Dur(d.0))]),
            GoalKind::ReadyOnlyWhileListening(t) => o.put(
                "The pod is never Ready while %0 is not listening on %1|%0 未在 %1 上监听时，Pod 从不处于 Ready",
                &[C(&t.container), P(t.port)],
            ),
            GoalKind::GracefulShutdown(s) => {
                o.put("After the delete, every container exits on its own before SIGKILL|删除后，每个容器都在 SIGKILL 之前自行退出", &[]);
                if let Some(w) = s.within {
                    o.put(", within %0|，且在 %0 内", &[V(&Dur(w.0))]);
                }
                if let Some(code) = &s.exit_code {
                    o.put(", with exit code %0|，退出码为 %0", &[V(code)]);
                }
            }
            GoalKind::ServesAfterDelete(s) => o.put(
                "%0 keeps accepting connections on %1 for %2 after the delete|删除后 %0 仍在 %1 上继续接受连接至少 %2",
                &[C(&s.container), P(s.port), V(&Dur(s.for_.0))],
            ),
            GoalKind::QosClass(q) => o.put("The pod's QoS class is %0|Pod 的 QoS 等级为 %0", &[V(q)]),
            GoalKind::StatusAt(s) => {
                o.put("At %0, the pod is |在 %0 时，Pod ", &[V(&Dur(s.at.0))]);
                let parts = [
                    s.phase.as_ref().map(|_| "phase %0|phase 为 %0"),
                    s.ready.map(|r| if r { "Ready|Ready" } else { "not Ready|未 Ready" }),
                    s.status.as_ref().map(|_| "STATUS %1|STATUS 为 %1"),
                    s.terminating.map(|t| {
                        if t {
                            "being deleted|正在被删除"
                        } else {
                            "not being deleted|未被删除"
                        }
                    }),
                ];
                for (i, tpl) in parts.iter().flatten().enumerate() {
                    if i > 0 {
                        o.put(", |，", &[]);
                    }
                    o.put(tpl, &[V(&Opt(&s.phase)), V(&Opt(&s.status))]);
                }
            }
            GoalKind::NoRestarts(r) => {
                let who = if r.container.is_some() { T("%1 never|%1 从不") } else { T("No container|没有容器") };
                let tpl =
                    if r.until.is_some() { "%0 restarts within %2|%2 内%0重启" } else { "%0 restarts|%0重启" };
                o.put(tpl, &[who, C(&r.container), V(&Dur(r.until.map_or(0, |u| u.0)))]);
            }
            GoalKind::Restarts(r) => {
                let who = if r.container.is_some() { T("%1 restarts|%1") } else { T("The containers restart|容器") };
                let range = T(match (r.min, r.max) {
                    (Some(a), Some(b)) if a == b => "exactly %3|恰好 %3",
                    (Some(_), Some(_)) => "%3 to %4|%3 到 %4",
                    (Some(_), None) => "at least %3|至少 %3",
                    (None, Some(_)) => "at most %4|至多 %4",
                    (None, None) => "any number of|任意",
                });
                let tpl = if r.until.is_some() {
                    "%0 %5 time(s) within %2|%2 内%0重启%5次"
                } else {
                    "%0 %5 time(s)|%0重启%5次"
                };
                let (min, max) = (r.min.unwrap_or(0), r.max.unwrap_or(0));
                o.put(tpl, &[who, C(&r.container), V(&Dur(r.until.map_or(0, |u| u.0))), V(&min), V(&max), range]);
            }
            GoalKind::NoContainerReason(r) => {
                let tpl = if r.container.is_some() {
                    "%0 is never %1|%0 从不出现 %1"
                } else {
                    "No container is ever %1|没有容器出现 %1"
                };
                o.put(tpl, &[C(&r.container), V(&r.reason)]);
            }
            GoalKind::ConfigFromConfigMap(f) => {
                let tpl = if f.env.is_some() {
                    "%0's %1 comes from a ConfigMap, not from the spec or the image|%0 的 %1 来自 ConfigMap，而不是写死在配置或镜像中"
                } else {
                    "%0's configuration comes from a ConfigMap, not from the image|%0 的配置来自 ConfigMap，而不是镜像"
                };
                o.put(tpl, &[C(&f.container), V(&Opt(&f.env))]);
            }
            GoalKind::Env(e) => {
                let from = e.from.as_ref().filter(|f| *f != "any");
                let tpl = if from.is_some() {
                    "%0 has the environment variable %1 (from %2)|%0 设置了环境变量 %1 (from %2)"
                } else {
                    "%0 has the environment variable %1|%0 设置了环境变量 %1"
                };
                o.put(tpl, &[C(&e.container), V(&e.name), V(&Opt(&e.from))]);
            }
            GoalKind::Probe(p) => {
                let tpl = if p.handler.is_some() {
                    "%0 has a %1Probe (%2)|%0 配置了 %1Probe (%2)"
                } else {
                    "%0 has a %1Probe|%0 配置了 %1Probe"
                };
                o.put(tpl, &[C(&p.container), V(&p.type_), V(&Opt(&p.handler))]);
            }
            GoalKind::StartsAfter(s) => o.put(
                "%0 starts only after %1 has completed|%0 只在 %1 完成之后才启动",
                &[V(&s.container), V(&s.after)],
            ),
            GoalKind::FailedRequests(f) => {
                let tpl = if f.max == 0 {
                    "No client request fails%0|%0没有任何客户端请求失败"
                } else {
                    "At most %3 client request(s) fail%0|%0失败的客户端请求不超过 %3 个"
                };
                o.put(
                    tpl,
                    &[
                        window(f.from, f.until),
                        V(&Dur(f.from.map_or(0, |m| m.0))),
                        V(&Dur(f.until.map_or(0, |m| m.0))),
                        V(&f.max),
                    ],
                );
            }
            GoalKind::RolloutCompletes(r) => {
                let tpl = if r.within.is_some() {
                    "The rollout completes within %0|滚动更新在 %0 内完成"
                } else {
                    "The rollout completes|滚动更新顺利完成"
                };
                o.put(tpl, &[V(&Dur(r.within.map_or(0, |w| w.0)))]);
            }
            GoalKind::AvailableAtLeast(a) => {
                let w = match (a.from, a.until) {
                    (None, None) => T(" once reached|（一旦达到之后）"),
                    _ => window(a.from, a.until),
                };
                o.put(
                    "At least %3 replica(s) stay available%0|%0始终至少有 %3 个副本可用",
                    &[w, V(&Dur(a.from.map_or(0, |m| m.0))), V(&Dur(a.until.map_or(0, |m| m.0))), V(&a.replicas)],
                );
            }
        }
        // The author's wording when there is one (a Chinese one falls back to the English).
        let own = |t: Option<&String>, made: String| t.map_or(made, String::clone);
        (own(self.title.as_ref(), o.en), own(self.title_zh.as_ref().or(self.title.as_ref()), o.zh))
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
        GoalResult { goal: self.kind_name(), description, description_zh, passed, detail, t_ms, line: self.line }
    }
}

/// A virtual duration for people: `850 ms`, `1.2 s`, `15 s`, `2 min 5 s`, `1 h 30 min`.
pub fn dur(ms: i64) -> String {
    Dur(ms).to_string()
}

/// [`dur`] as a `Display` value: written straight into the message that shows it, with no
/// `String` of its own per use.
#[derive(Clone, Copy)]
pub struct Dur(pub i64);

impl std::fmt::Display for Dur {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        /// `tenths` as `12.3` (`12` when whole), then `unit`.
        fn tenths_then(f: &mut std::fmt::Formatter<'_>, tenths: i64, unit: &str) -> std::fmt::Result {
            Display::fmt(&(tenths / 10), f)?;
            if tenths % 10 != 0 {
                f.write_str(".")?;
                Display::fmt(&(tenths % 10), f)?;
            }
            f.write_str(unit)
        }
        let ms = self.0;
        if ms < 0 {
            f.write_str("-")?;
            return Dur(ms.saturating_neg()).fmt(f);
        }
        if ms < 1000 {
            Display::fmt(&ms, f)?;
            return f.write_str(" ms");
        }
        if ms < 60_000 {
            return tenths_then(f, (ms + 50) / 100, " s");
        }
        let s = ms / 1000;
        if s < 3600 {
            let tenths = (ms + 50) / 100;
            Display::fmt(&(tenths / 600), f)?;
            f.write_str(" min")?;
            return match tenths % 600 {
                0 => Ok(()),
                r => {
                    f.write_str(" ")?;
                    tenths_then(f, r, " s")
                }
            };
        }
        Display::fmt(&(s / 3600), f)?;
        f.write_str(" h")?;
        match (s % 3600) / 60 {
            0 => Ok(()),
            m => {
                f.write_str(" ")?;
                Display::fmt(&m, f)?;
                f.write_str(" min")
            }
        }
    }
}

/// " from 30 s to 3 min" / "从 30 s 到 3 min，": a sub-template over arguments 1 (from) and
/// 2 (until).
fn window(from: Option<Millis>, until: Option<Millis>) -> Arg<'static> {
    Arg::Sub(match (from, until) {
        (None, None) => "|",
        (Some(_), None) => " from %1|从 %1 起，",
        (None, Some(_)) => " until %2|在 %2 之前，",
        (Some(_), Some(_)) => " from %1 to %2|从 %1 到 %2，",
    })
}

/// One argument of a description template.
#[derive(Clone, Copy)]
enum Arg<'a> {
    /// Written as is in both languages.
    Val(&'a dyn Display),
    /// A container: its name, else the app container's, else "the app container" / "应用容器".
    Container(&'a Option<String>),
    /// A port: `:8080`, else the resolved port, else "its port" / "其端口".
    Port(Option<u16>),
    /// Another template (`English|中文`) over the same arguments.
    Sub(&'static str),
}

/// A description in English and in Chinese, written side by side.
struct Two<'a> {
    en: String,
    zh: String,
    /// The default container's name and the resolved port.
    app: Option<&'a str>,
    port: Option<u16>,
}

impl Two<'_> {
    /// Appends `template` (`English|中文`; `%n` is argument n) in both languages.
    fn put(&mut self, template: &str, args: &[Arg<'_>]) {
        let mut en = std::mem::take(&mut self.en);
        let mut zh = std::mem::take(&mut self.zh);
        self.write(&mut en, template, args, false);
        self.write(&mut zh, template, args, true);
        self.en = en;
        self.zh = zh;
    }

    fn write(&self, out: &mut String, template: &str, args: &[Arg<'_>], zh: bool) {
        use std::fmt::Write;
        let (en_t, zh_t) = template.split_once('|').unwrap_or((template, template));
        let mut parts = if zh { zh_t } else { en_t }.split('%');
        out.push_str(parts.next().unwrap_or(""));
        for part in parts {
            let i = usize::from(part.as_bytes().first().map_or(0, |b| b.wrapping_sub(b'0')));
            match args.get(i) {
                Some(Arg::Val(v)) => {
                    let _ = write!(out, "{v}");
                }
                Some(Arg::Container(name)) => out.push_str(name.as_deref().or(self.app).unwrap_or(if zh {
                    "应用容器"
                } else {
                    "the app container"
                })),
                Some(Arg::Port(p)) => match p.or(self.port) {
                    Some(p) => {
                        let _ = write!(out, ":{p}");
                    }
                    None => out.push_str(if zh { "其端口" } else { "its port" }),
                },
                Some(Arg::Sub(t)) => self.write(out, t, args, zh),
                None => {}
            }
            out.push_str(part.get(1..).unwrap_or(""));
        }
    }
}

/// An optional text argument (written empty when absent).
struct Opt<'a>(&'a Option<String>);

impl Display for Opt<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.as_deref().unwrap_or(""))
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
    // Buckets by arrival; a bucket counts when it starts inside the window. One pass.
    let (mut requests, mut refused, mut reset, mut to_term, mut first) = (0u64, 0u64, 0u64, 0u64, None);
    for b in r.buckets.iter().filter(|b| b.t_ms >= from && b.t_ms < until) {
        requests += u64::from(b.served + b.refused + b.reset);
        refused += u64::from(b.refused);
        reset += u64::from(b.reset);
        to_term += u64::from(b.to_terminating);
        if first.is_none() && b.refused + b.reset > 0 {
            first = Some(b.t_ms);
        }
    }
    let failed = refused + reset;
    let span = format!("between {} and {}", Dur(from.max(r.from_ms)), Dur(until.min(r.until_ms)));
    let why = first
        .and_then(|t| r.first_failures.iter().find(|w| w.t_ms >= t && w.t_ms < until))
        .map(|w| format!("; first: {}", w.why))
        .or_else(|| first.map(|t| format!("; the first in the second from {}", Dur(t))))
        .unwrap_or_default();
    if failed <= f.max {
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
    let last = f.rollout_status.last().map_or("", |l| l.1.as_str());
    match f.outcome {
        Outcome::Complete(t) => {
            let took = t - start;
            let ok = r.within.is_none_or(|w| took <= w.0);
            let mut detail = format!("successfully rolled out at {}, {} after the rollout started", Dur(t), Dur(took));
            if let Some(w) = r.within.filter(|_| !ok) {
                let _ = std::fmt::Write::write_fmt(
                    &mut detail,
                    format_args!(", {} later than {}", Dur(took - w.0), Dur(w.0)),
                );
            }
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
            (false, format!("{last} at {}{why}", Dur(t)), Some(t))
        }
        Outcome::Waiting => (false, format!("still rolling out at the end ({}): {last}", Dur(f.until_ms)), None),
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
    let span = format!("from {} to {}", Dur(from), Dur(until));
    match first_short {
        None => (true, format!("at least {} available {span} (the fewest: {})", a.replicas, low.0), None),
        Some((n, t)) => {
            let mut detail = format!("only {n} available at {} (the goal asks {})", Dur(t), a.replicas);
            let mut sep = "; not available: ";
            for p in f.pods.iter().filter(|p| p.active(t) && !p.available(t, f.min_ready_seconds)) {
                detail.push_str(sep);
                detail.push_str(&p.name);
                sep = ", ";
            }
            (false, detail, Some(t))
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
            container(spec, c.as_deref()).ok().and_then(|c| port_of(c, None, tl).ok())
        }
        _ => None,
    };
    goal.result_for(app, port, passed, detail, t)
}

type Verdict = Result<(bool, String, Option<i64>), String>;

fn all_containers(spec: &PodSpec) -> impl Iterator<Item = &Container> {
    items(&spec.init_containers).iter().chain(&spec.containers)
}

/// The items of an optional list of the spec: a plain slice rather than a `Flatten` iterator
/// at every use.
fn items<T>(list: &Option<Vec<T>>) -> &[T] {
    list.as_deref().unwrap_or(&[])
}

/// The container a goal is about: the named one, else the first regular container.
fn container<'a>(spec: &'a PodSpec, name: Option<&str>) -> Result<&'a Container, String> {
    match name {
        Some(n) => all_containers(spec).find(|c| c.name == n).ok_or_else(|| {
            // The names written straight into the message (no list of them first).
            let mut msg = format!("the pod has no container named {n:?} (its containers: ");
            let mut sep = "";
            for c in all_containers(spec) {
                msg.push_str(sep);
                msg.push_str(&c.name);
                sep = ", ";
            }
            msg.push(')');
            msg
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
    let mut push = |a: i64, b: i64| {
        let b = b.min(end);
        if a < end && a < b {
            out.push((a, b));
        }
    };
    let mut since: Option<i64> = None;
    for c in tl.conditions.iter().filter(|c| c.type_ == "Ready") {
        match (c.status == "True", since) {
            (true, None) => since = Some(c.t_ms),
            (false, Some(s)) => {
                push(s, c.t_ms);
                since = None;
            }
            _ => {}
        }
    }
    if let Some(s) = since {
        push(s, tl.until_ms);
    }
    out
}

/// The port a goal about `c` means: the one given, else its first declared containerPort,
/// else the first port its process was seen listening on.
fn port_of(c: &Container, given: Option<u16>, tl: &Timeline) -> Result<u16, String> {
    if let Some(p) = given {
        return Ok(p);
    }
    if let Some(p) = items(&c.ports).iter().find_map(|p| u16::try_from(p.container_port).ok()) {
        return Ok(p);
    }
    tl.listening.iter().find(|l| l.container == c.name).map(|l| l.port).ok_or_else(|| {
        format!("{} declares no containerPort and never listens on one, so there is nothing to check (give the goal a `port`)", c.name)
    })
}

/// Listening spans of (container, port), `to` = the end when still listening.
fn listen_spans(tl: &Timeline, name: &str, port: u16) -> Vec<(i64, i64)> {
    // A loop rather than `collect`: the pushes are `ready_spans`' (no iterator instance).
    let mut out = Vec::new();
    for l in tl.listening.iter().filter(|l| l.container == name && l.port == port) {
        out.push((l.from_ms, l.to_ms.unwrap_or(i64::MAX)));
    }
    out
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

/// Whether an event's object is `container/<name>`.
fn is_container(object: &str, name: &str) -> bool {
    object.strip_prefix("container/") == Some(name)
}

fn intervals_of<'a>(tl: &'a Timeline, name: &'a str) -> impl Iterator<Item = &'a StateInterval> {
    tl.containers.iter().filter(move |i| i.container == name)
}

/// "(it had terminated: Error, exit code 1; Killing: Container web failed liveness probe, …)"
fn restart_cause(tl: &Timeline, name: &str, at: i64) -> String {
    use std::fmt::Write;
    // The parts written straight into the text (no list of them first).
    let mut out = String::new();
    if let Some(t) =
        tl.containers.iter().rev().find(|i| i.container == name && i.from_ms <= at && i.state == "terminated")
    {
        let _ = write!(out, " (it had terminated: {}", t.reason.as_deref().unwrap_or(""));
        if let Some(c) = t.exit_code {
            let _ = write!(out, ", exit code {c}");
        }
    }
    if let Some(e) =
        tl.events.iter().rev().find(|e| e.t_ms <= at && is_container(&e.object, name) && e.reason == "Killing")
    {
        let sep = if out.is_empty() { " (" } else { "; " };
        let _ = write!(out, "{sep}Killing at {}: {}", Dur(e.t_ms), e.message);
    }
    if !out.is_empty() {
        out.push(')');
    }
    out
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
        Some(t) if t <= limit => (true, format!("Ready at {}", Dur(t)), Some(t)),
        Some(t) => (false, format!("first Ready at {}, {} later than {}", Dur(t), Dur(t - limit), Dur(limit)), Some(t)),
        None => {
            let end = tl.state_at(tl.until_ms.min(limit.max(0)));
            let why = end
                .conditions
                .iter()
                .find(|c| c.type_ == "Ready")
                .and_then(|c| c.message.as_ref().or(c.reason.as_ref()))
                .map(|m| format!(" ({m})"))
                .unwrap_or_default();
            (
                false,
                format!(
                    "never Ready in the {} simulated; at {} STATUS is {}{why}",
                    Dur(tl.until_ms),
                    Dur(end.t_ms),
                    end.row.status
                ),
                Some(end.t_ms),
            )
        }
    })
}

fn ready_only_while_listening(spec: &PodSpec, tl: &Timeline, t: &Target) -> Verdict {
    let c = container(spec, t.container.as_deref())?;
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
                Dur(ready_at),
                c.name,
                first_listen.map_or_else(|| "?".into(), dur)
            ),
            Some(ready_at),
        ),
        Some((from, to)) => {
            let listens = match listen.iter().find(|(f, _)| *f >= from) {
                Some((f, _)) => format!("{} listens on :{port} only from {}", c.name, Dur(*f)),
                None if listen.iter().any(|(_, e)| *e <= from) => {
                    format!("{} had stopped listening on :{port}", c.name)
                }
                None => format!("{} never listens on :{port}", c.name),
            };
            (
                false,
                format!("Ready at {}, but {listens}: {} of traffic to a closed port", Dur(from), Dur(to - from)),
                Some(from),
            )
        }
    })
}

fn graceful_shutdown(spec: &PodSpec, tl: &Timeline, s: &Shutdown) -> Verdict {
    use std::fmt::Write;
    let only = match &s.container {
        Some(_) => Some(container(spec, s.container.as_deref())?.name.as_str()),
        None => None,
    };
    let Some(deleted) = deletion_ms(tl) else {
        return Ok((
            false,
            format!("the pod was not deleted in the {} simulated, so there is no shutdown to check", Dur(tl.until_ms)),
            None,
        ));
    };
    // One note per container stopped after the delete, each written straight into the detail.
    let mut detail = format!("deleted at {}", Dur(deleted));
    let bare = detail.len();
    let mut ok = true;
    let mut at = None;
    for g in tl.grace.iter().filter(|g| g.from_ms >= deleted && only.is_none_or(|n| n == g.container)) {
        let kill =
            tl.signals.iter().find(|x| x.container == g.container && x.signal == "SIGKILL" && x.t_ms >= g.from_ms);
        let exit = intervals_of(tl, &g.container).find(|i| i.state == "terminated" && i.from_ms >= g.from_ms);
        let signal = tl
            .signals
            .iter()
            .find(|x| x.container == g.container && x.t_ms >= g.from_ms && x.signal != "SIGKILL")
            .map_or("the stop signal", |x| x.signal.as_str());
        if let Some(k) = kill {
            ok = false;
            at = at.or(Some(k.t_ms));
            let _ = write!(
                detail,
                "; {}: SIGKILL at {}, {} after {signal} at {}: it did not exit on its own within the grace period ({} s)",
                g.container,
                Dur(k.t_ms),
                Dur(k.t_ms - g.stop_ms),
                Dur(g.stop_ms),
                g.grace_seconds
            );
            continue;
        }
        let Some(e) = exit else {
            ok = false;
            at = at.or(Some(tl.until_ms));
            let _ = write!(
                detail,
                "; {}: still running at the end of the simulation ({}), {} after {signal}; SIGKILL would come at {}",
                g.container,
                Dur(tl.until_ms),
                Dur(tl.until_ms - g.stop_ms),
                Dur(g.kill_ms)
            );
            continue;
        };
        let code = e.exit_code.unwrap_or(0);
        let _ = write!(
            detail,
            "; {}: {signal} at {}, exited {code} at {}, {} before the SIGKILL deadline",
            g.container,
            Dur(g.stop_ms),
            Dur(e.from_ms),
            Dur(g.kill_ms - e.from_ms)
        );
        if let Some(w) = s.within {
            if e.from_ms - deleted > w.0 {
                ok = false;
                at = at.or(Some(e.from_ms));
                let _ = write!(
                    detail,
                    " — but that is {} after the delete, more than {}",
                    Dur(e.from_ms - deleted),
                    Dur(w.0)
                );
            }
        }
        if let Some(want) = s.exit_code {
            if code != want {
                ok = false;
                at = at.or(Some(e.from_ms));
                let _ = write!(detail, " — but the exit code should be {want}");
            }
        }
        at = at.or(Some(e.from_ms));
    }
    if detail.len() == bare {
        detail.push_str("; no container was running, nothing to stop");
        return Ok((true, detail, Some(deleted)));
    }
    Ok((ok, detail, at))
}

fn serves_after_delete(spec: &PodSpec, tl: &Timeline, s: &Serves) -> Verdict {
    let c = container(spec, s.container.as_deref())?;
    let port = port_of(c, s.port, tl)?;
    let Some(deleted) = deletion_ms(tl) else {
        return Ok((false, format!("the pod was not deleted in the {} simulated", Dur(tl.until_ms)), None));
    };
    let listen = listen_spans(tl, &c.name, port);
    let Some(&(_, to)) = listen.iter().find(|(f, t)| *f <= deleted && deleted < *t) else {
        return Ok((
            false,
            format!("{} was not listening on :{port} when the pod was deleted ({})", c.name, Dur(deleted)),
            Some(deleted),
        ));
    };
    let need = deleted.saturating_add(s.for_.0);
    Ok(if to >= need {
        let until = if to == i64::MAX { "the end".to_string() } else { dur(to) };
        (true, format!("deleted at {}; {} listens on :{port} until {until}", Dur(deleted), c.name), Some(deleted))
    } else {
        (
            false,
            format!(
                "deleted at {}; {} stopped listening on :{port} at {}, only {} later (in-flight and late requests fail)",
                Dur(deleted),
                c.name,
                Dur(to),
                Dur(to - deleted)
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
    // One pass: whether any container sets cpu or memory at all, and the first container and
    // resource that keeps the pod from being Guaranteed.
    let mut any = false;
    let mut problem = None;
    for c in all_containers(spec) {
        let res = c.resources.as_ref();
        for r in ["cpu", "memory"] {
            let (req, lim) = (q(res.and_then(|x| x.requests.as_ref()), r), q(res.and_then(|x| x.limits.as_ref()), r));
            any |= req.is_some() || lim.is_some();
            if problem.is_some() {
                continue;
            }
            problem = match (req, lim) {
                (_, None) => Some(format!("container {} has no {r} limit (Guaranteed needs a cpu and a memory limit on every container, with requests equal to limits)", c.name)),
                (Some(a), Some(b)) if a.nanos() != b.nanos() => {
                    Some(format!("container {} requests {r} {} but its limit is {} (Guaranteed needs requests equal to limits)", c.name, a, b))
                }
                _ => None,
            };
        }
    }
    if !any {
        return "no container sets cpu or memory requests or limits".into();
    }
    if let Some(p) = problem {
        return p;
    }
    "every container has equal cpu and memory requests and limits".into()
}

fn status_at(tl: &Timeline, s: &StatusAt) -> Verdict {
    use std::fmt::Write;
    if s.at.0 > tl.until_ms {
        return Err(format!("the exercise simulates only {}, not {}", Dur(tl.until_ms), Dur(s.at.0)));
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
    let mut detail = format!(
        "at {}: phase {}, {}, STATUS {}, ",
        Dur(s.at.0),
        st.phase,
        if ready { "Ready" } else { "not Ready" },
        st.row.status
    );
    match (st.deleted, st.deletion_timestamp_ms) {
        (true, _) => detail.push_str("deleted"),
        (false, Some(d)) => {
            let grace = st.deletion_grace_seconds.unwrap_or(0).max(0).saturating_mul(1000);
            let _ = write!(detail, "being deleted since {}", Dur(d.saturating_sub(grace).max(0)));
        }
        (false, None) => detail.push_str("not being deleted"),
    }
    Ok((ok, detail, Some(s.at.0)))
}

fn restarts(spec: &PodSpec, tl: &Timeline, r: &Restarts, max: Option<i32>) -> Verdict {
    let limit = r.until.map_or(tl.until_ms, |u| u.0);
    if limit > tl.until_ms {
        return Err(format!("the exercise simulates only {}, not {}", Dur(tl.until_ms), Dur(limit)));
    }
    let only = match &r.container {
        Some(_) => Some(container(spec, r.container.as_deref())?),
        None => None,
    };
    let mut total = 0;
    let mut first: Option<(i64, &str)> = None;
    for c in all_containers(spec).filter(|c| only.is_none_or(|o| std::ptr::eq(o, *c))) {
        // The most restarts seen by the limit, and the first interval after a restart.
        let (mut most, mut restarted) = (None, None);
        for i in intervals_of(tl, &c.name).filter(|i| i.from_ms <= limit) {
            most = Some(most.map_or(i.restart_count, |m: i32| m.max(i.restart_count)));
            if restarted.is_none() && i.restart_count > 0 {
                restarted = Some(i.from_ms);
            }
        }
        total += most.unwrap_or(0);
        if let Some(t) = restarted {
            if first.is_none_or(|(f, _)| t < f) {
                first = Some((t, &c.name));
            }
        }
    }
    let within = Dur(limit);
    let ok = r.min.is_none_or(|m| total >= m) && max.is_none_or(|m| total <= m);
    let detail = match first {
        None => format!("no restarts in {within}"),
        Some((t, n)) => {
            format!("{total} restart(s) in {within}; the first: {n} restarted at {}{}", Dur(t), restart_cause(tl, n, t))
        }
    };
    Ok((ok, detail, first.map(|(t, _)| t)))
}

fn no_reason(spec: &PodSpec, tl: &Timeline, r: &Reason) -> Verdict {
    let limit = r.until.map_or(tl.until_ms, |u| u.0);
    let only = match &r.container {
        Some(_) => Some(container(spec, r.container.as_deref())?.name.as_str()),
        None => None,
    };
    let hit = tl.containers.iter().find(|i| {
        i.from_ms <= limit && i.reason.as_deref() == Some(r.reason.as_str()) && only.is_none_or(|n| n == i.container)
    });
    Ok(match hit {
        None => (true, format!("no container was {} in {}", r.reason, Dur(limit)), None),
        Some(i) => {
            let code = i.exit_code.map(|c| format!(" (exit code {c})")).unwrap_or_default();
            (false, format!("{} is {} at {}{code}", i.container, r.reason, Dur(i.from_ms)), Some(i.from_ms))
        }
    })
}

fn config_from_config_map(spec: &PodSpec, f: &ConfigFrom) -> Verdict {
    let c = container(spec, f.container.as_deref())?;
    let (env, env_from) = (items(&c.env), items(&c.env_from));
    /// A variable's ConfigMap key reference, when it has one.
    fn key_ref(e: &EnvVar) -> Option<&ConfigMapKeySelector> {
        e.value_from.as_ref().and_then(|s| s.config_map_key_ref.as_ref())
    }
    if let Some(name) = &f.env {
        if let Some(v) = env.iter().rev().find(|e| &e.name == name) {
            return Ok(match key_ref(v) {
                Some(r) => (true, format!("{name} comes from ConfigMap {} (key {})", r.name, r.key), None),
                None if v.value_from.is_some() => (false, format!("{name} is read from a Secret or a field, not from a ConfigMap"), None),
                None => (
                    false,
                    format!("{name} is written in the spec itself (value {:?}): changing it means changing the Pod, not a ConfigMap", v.value.as_deref().unwrap_or("")),
                    None,
                ),
            });
        }
        let from = env_from.iter().find_map(|e| {
            e.config_map_ref.as_ref().filter(|_| e.prefix.as_deref().is_none_or(|p| name.starts_with(p)))
        });
        return Ok(match from {
            Some(r) => (true, format!("{name} comes from ConfigMap {} (envFrom)", r.name), None),
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
    if let Some((v, r)) = env.iter().find_map(|e| Some((e, key_ref(e)?))) {
        return Ok((true, format!("{} comes from ConfigMap {}", v.name, r.name), None));
    }
    if let Some(r) = env_from.iter().find_map(|e| e.config_map_ref.as_ref()) {
        return Ok((true, format!("the environment comes from ConfigMap {} (envFrom)", r.name), None));
    }
    for m in items(&c.volume_mounts) {
        let vol = items(&spec.volumes).iter().find(|v| v.name == m.name);
        let cm = vol.and_then(|v| {
            v.config_map.as_ref().map(|c| &c.name).or_else(|| {
                v.projected
                    .as_ref()
                    .and_then(|p| items(&p.sources).iter().find_map(|s| s.config_map.as_ref().map(|c| &c.name)))
            })
        });
        if let Some(cm) = cm {
            return Ok((true, format!("ConfigMap {cm} is mounted at {}", m.mount_path), None));
        }
    }
    let mut detail = format!(
        "{} reads no ConfigMap: no env valueFrom.configMapKeyRef, envFrom configMapRef or configMap volume",
        c.name
    );
    // The variables written in the spec, straight into the detail (no list of them first).
    let mut sep = " (";
    for e in env.iter().filter(|e| e.value.is_some()) {
        detail.push_str(sep);
        detail.push_str(&e.name);
        sep = ", ";
    }
    if sep == ", " {
        detail.push_str(" written in the spec itself)");
    }
    Ok((false, detail, None))
}

fn env_goal(spec: &PodSpec, g: &EnvGoal) -> Verdict {
    let c = container(spec, g.container.as_deref())?;
    let want = g.from.as_deref().unwrap_or("any");
    let var = items(&c.env).iter().rev().find(|e| e.name == g.name);
    let (source, shown) = match var {
        Some(v) => match &v.value_from {
            None => ("value", format!("{} = {:?}", g.name, v.value.as_deref().unwrap_or(""))),
            Some(s) => match &s.config_map_key_ref {
                Some(r) => ("configMap", format!("{} from ConfigMap {} key {}", g.name, r.name, r.key)),
                None if s.secret_key_ref.is_some() => ("secret", format!("{} from a Secret", g.name)),
                None if s.field_ref.is_some() => ("fieldRef", format!("{} from a pod field", g.name)),
                None => ("resourceFieldRef", format!("{} from a resource field", g.name)),
            },
        },
        None => {
            let from = items(&c.env_from).iter().find(|e| e.prefix.as_deref().is_none_or(|p| g.name.starts_with(p)));
            match from.map(|e| &e.config_map_ref) {
                Some(Some(r)) => ("configMap", format!("{} may come from ConfigMap {} (envFrom)", g.name, r.name)),
                Some(None) => ("secret", format!("{} may come from a Secret (envFrom)", g.name)),
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
    let c = container(spec, g.container.as_deref())?;
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
    let c = container(spec, Some(&s.container))?;
    let a = container(spec, Some(&s.after))?;
    let started = tl.events.iter().find(|e| is_container(&e.object, &c.name) && e.reason == "Started").map(|e| e.t_ms);
    let done = intervals_of(tl, &a.name).find(|i| i.state == "terminated" && i.exit_code == Some(0)).map(|i| i.from_ms);
    Ok(match (started, done) {
        (None, _) => (false, format!("{} never started in the {} simulated", c.name, Dur(tl.until_ms)), None),
        (Some(t), Some(d)) if t >= d => {
            (true, format!("{} completed at {}; {} started at {}", a.name, Dur(d), c.name, Dur(t)), Some(t))
        }
        (Some(t), Some(d)) => {
            (false, format!("{} started at {}, before {} completed at {}", c.name, Dur(t), a.name, Dur(d)), Some(t))
        }
        (Some(t), None) => {
            (false, format!("{} started at {}, but {} never completed", c.name, Dur(t), a.name), Some(t))
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

    /// The kinds whose parameters all have defaults read their struct straight (`READERS`):
    /// the same goals, unknown fields and errors as reading `Option<T>` then
    /// `unwrap_or_default`, over null, scalars, lists and mappings of every parameter.
    #[test]
    fn defaults_read_straight_as_through_option() {
        const THROUGH_OPTION: [(usize, Reader); 8] = [
            (0, |c| {
                <Option<Empty>>::read(c)?;
                Ok(GoalKind::Valid)
            }),
            (2, |c| Ok(GoalKind::ReadyOnlyWhileListening(<Option<Target>>::read(c)?.unwrap_or_default()))),
            (3, |c| Ok(GoalKind::GracefulShutdown(<Option<Shutdown>>::read(c)?.unwrap_or_default()))),
            (7, |c| Ok(GoalKind::NoRestarts(<Option<Restarts>>::read(c)?.unwrap_or_default()))),
            (8, |c| Ok(GoalKind::Restarts(<Option<Restarts>>::read(c)?.unwrap_or_default()))),
            (10, |c| Ok(GoalKind::ConfigFromConfigMap(<Option<ConfigFrom>>::read(c)?.unwrap_or_default()))),
            (14, |c| Ok(GoalKind::FailedRequests(<Option<FailedRequests>>::read(c)?.unwrap_or_default()))),
            (15, |c| Ok(GoalKind::RolloutCompletes(<Option<RolloutCompletes>>::read(c)?.unwrap_or_default()))),
        ];
        let values = ["null", "x", "7", "-1", "true", "[1]", "{a: 1}", "1.5", "5s", "''", "{}", "[]"];
        let keys = ["container", "port", "within", "exitCode", "min", "max", "until", "env", "from", "bogus"];
        // Each text is `p: <parameters>`.
        let mut texts: Vec<String> = values.iter().map(|v| format!("p: {v}")).collect();
        for k in keys {
            texts.extend(values.iter().map(|v| format!("p: {{{k}: {v}}}")));
            texts.push(format!("p: {{{k}: 5s, container: a, bogus: 1}}"));
        }
        texts.push("p:".into());
        let (mut same, mut errors) = (0, 0);
        for text in &texts {
            let root = crate::source::parse_stream(text).expect("parses").remove(0).root;
            let node = root.get("p").expect("parameters");
            for (i, oracle) in THROUGH_OPTION {
                let got = typed_param(node, "g", READERS[i]);
                assert_eq!(got, typed_param(node, "g", oracle), "{} over {text}", KINDS[i]);
                same += 1;
                errors += usize::from(got.is_err());
            }
        }
        assert!(same > 1_000 && errors > 300, "{same} compared, {errors} errors");
    }

    /// Each kind's wording in both languages, with and without a known app container and port.
    #[test]
    fn kinds_list_names_every_kind() {
        assert_eq!(KINDS_LIST, KINDS.join(", "));
    }

    #[test]
    fn descriptions_in_both_languages() {
        #[rustfmt::skip]
        let want: &[[&str; 4]] = &[
            ["The API server accepts the spec", "API server 接受该配置", "The API server accepts the spec", "API server 接受该配置"],
            ["The pod is Ready within 1.5 s", "Pod 在 1.5 s 内变为 Ready", "The pod is Ready within 1.5 s", "Pod 在 1.5 s 内变为 Ready"],
            ["The pod is never Ready while app is not listening on :9090", "app 未在 :9090 上监听时，Pod 从不处于 Ready", "The pod is never Ready while the app container is not listening on its port", "应用容器 未在 其端口 上监听时，Pod 从不处于 Ready"],
            ["The pod is never Ready while web is not listening on :8080", "web 未在 :8080 上监听时，Pod 从不处于 Ready", "The pod is never Ready while web is not listening on :8080", "web 未在 :8080 上监听时，Pod 从不处于 Ready"],
            ["After the delete, every container exits on its own before SIGKILL", "删除后，每个容器都在 SIGKILL 之前自行退出", "After the delete, every container exits on its own before SIGKILL", "删除后，每个容器都在 SIGKILL 之前自行退出"],
            ["After the delete, every container exits on its own before SIGKILL, within 30 s, with exit code 0", "删除后，每个容器都在 SIGKILL 之前自行退出，且在 30 s 内，退出码为 0", "After the delete, every container exits on its own before SIGKILL, within 30 s, with exit code 0", "删除后，每个容器都在 SIGKILL 之前自行退出，且在 30 s 内，退出码为 0"],
            ["app keeps accepting connections on :9090 for 5 s after the delete", "删除后 app 仍在 :9090 上继续接受连接至少 5 s", "the app container keeps accepting connections on its port for 5 s after the delete", "删除后 应用容器 仍在 其端口 上继续接受连接至少 5 s"],
            ["The pod's QoS class is Guaranteed", "Pod 的 QoS 等级为 Guaranteed", "The pod's QoS class is Guaranteed", "Pod 的 QoS 等级为 Guaranteed"],
            ["At 1 min 5 s, the pod is ", "在 1 min 5 s 时，Pod ", "At 1 min 5 s, the pod is ", "在 1 min 5 s 时，Pod "],
            ["At 1 min, the pod is phase Running, not Ready, STATUS Terminating, being deleted", "在 1 min 时，Pod phase 为 Running，未 Ready，STATUS 为 Terminating，正在被删除", "At 1 min, the pod is phase Running, not Ready, STATUS Terminating, being deleted", "在 1 min 时，Pod phase 为 Running，未 Ready，STATUS 为 Terminating，正在被删除"],
            ["At 2 s, the pod is Ready, not being deleted", "在 2 s 时，Pod Ready，未被删除", "At 2 s, the pod is Ready, not being deleted", "在 2 s 时，Pod Ready，未被删除"],
            ["No container restarts", "没有容器重启", "No container restarts", "没有容器重启"],
            ["web never restarts within 2 min", "2 min 内web 从不重启", "web never restarts within 2 min", "2 min 内web 从不重启"],
            ["The containers restart exactly 2 time(s)", "容器重启恰好 2次", "The containers restart exactly 2 time(s)", "容器重启恰好 2次"],
            ["web restarts 1 to 3 time(s) within 1 h", "1 h 内web重启1 到 3次", "web restarts 1 to 3 time(s) within 1 h", "1 h 内web重启1 到 3次"],
            ["The containers restart at least 1 time(s)", "容器重启至少 1次", "The containers restart at least 1 time(s)", "容器重启至少 1次"],
            ["The containers restart at most 0 time(s) within 10 s", "10 s 内容器重启至多 0次", "The containers restart at most 0 time(s) within 10 s", "10 s 内容器重启至多 0次"],
            ["No container is ever OOMKilled", "没有容器出现 OOMKilled", "No container is ever OOMKilled", "没有容器出现 OOMKilled"],
            ["web is never Error", "web 从不出现 Error", "web is never Error", "web 从不出现 Error"],
            ["app's configuration comes from a ConfigMap, not from the image", "app 的配置来自 ConfigMap，而不是镜像", "the app container's configuration comes from a ConfigMap, not from the image", "应用容器 的配置来自 ConfigMap，而不是镜像"],
            ["web's LOG_LEVEL comes from a ConfigMap, not from the spec or the image", "web 的 LOG_LEVEL 来自 ConfigMap，而不是写死在配置或镜像中", "web's LOG_LEVEL comes from a ConfigMap, not from the spec or the image", "web 的 LOG_LEVEL 来自 ConfigMap，而不是写死在配置或镜像中"],
            ["app has the environment variable LOG_LEVEL", "app 设置了环境变量 LOG_LEVEL", "the app container has the environment variable LOG_LEVEL", "应用容器 设置了环境变量 LOG_LEVEL"],
            ["web has the environment variable X (from configMap)", "web 设置了环境变量 X (from configMap)", "web has the environment variable X (from configMap)", "web 设置了环境变量 X (from configMap)"],
            ["app has the environment variable X", "app 设置了环境变量 X", "the app container has the environment variable X", "应用容器 设置了环境变量 X"],
            ["app has a readinessProbe", "app 配置了 readinessProbe", "the app container has a readinessProbe", "应用容器 配置了 readinessProbe"],
            ["web has a livenessProbe (exec)", "web 配置了 livenessProbe (exec)", "web has a livenessProbe (exec)", "web 配置了 livenessProbe (exec)"],
            ["app starts only after migrate has completed", "app 只在 migrate 完成之后才启动", "app starts only after migrate has completed", "app 只在 migrate 完成之后才启动"],
            ["No client request fails", "没有任何客户端请求失败", "No client request fails", "没有任何客户端请求失败"],
            ["At most 3 client request(s) fail from 30 s", "从 30 s 起，失败的客户端请求不超过 3 个", "At most 3 client request(s) fail from 30 s", "从 30 s 起，失败的客户端请求不超过 3 个"],
            ["No client request fails until 3 min", "在 3 min 之前，没有任何客户端请求失败", "No client request fails until 3 min", "在 3 min 之前，没有任何客户端请求失败"],
            ["At most 1 client request(s) fail from 30 s to 3 min", "从 30 s 到 3 min，失败的客户端请求不超过 1 个", "At most 1 client request(s) fail from 30 s to 3 min", "从 30 s 到 3 min，失败的客户端请求不超过 1 个"],
            ["The rollout completes", "滚动更新顺利完成", "The rollout completes", "滚动更新顺利完成"],
            ["The rollout completes within 1 min 30 s", "滚动更新在 1 min 30 s 内完成", "The rollout completes within 1 min 30 s", "滚动更新在 1 min 30 s 内完成"],
            ["At least 2 replica(s) stay available once reached", "（一旦达到之后）始终至少有 2 个副本可用", "At least 2 replica(s) stay available once reached", "（一旦达到之后）始终至少有 2 个副本可用"],
            ["At least 3 replica(s) stay available from 10 s", "从 10 s 起，始终至少有 3 个副本可用", "At least 3 replica(s) stay available from 10 s", "从 10 s 起，始终至少有 3 个副本可用"],
            ["At least 1 replica(s) stay available from 10 s to 20 s", "从 10 s 到 20 s，始终至少有 1 个副本可用", "At least 1 replica(s) stay available from 10 s to 20 s", "从 10 s 到 20 s，始终至少有 1 个副本可用"],
        ];
        let root = crate::source::parse_stream(CASES).expect("parses").remove(0).root;
        let crate::source::Value::Seq(items) = &root.value else { panic!("a list") };
        assert_eq!(items.len(), want.len());
        for (item, want) in items.iter().zip(want) {
            let crate::source::Value::Map(entries) = &item.value else { panic!("a mapping") };
            let e = &entries[0];
            let mut g =
                Goal { kind: decode(&e.key, &e.value, "g").expect("decodes"), title: None, title_zh: None, line: 1 };
            assert_eq!(g.kind_name(), e.key);
            let (en, zh) = g.describe_port(Some("app"), Some(9090));
            let (en_none, zh_none) = g.describe(None);
            assert_eq!([en.as_str(), zh.as_str(), en_none.as_str(), zh_none.as_str()], *want);
            // The author's own wording wins; a Chinese one falls back to the English title.
            g.title = Some("Mine".into());
            assert_eq!(g.describe(None), ("Mine".to_string(), "Mine".to_string()));
            g.title_zh = Some("我的".into());
            assert_eq!(g.describe(None), ("Mine".to_string(), "我的".to_string()));
        }
    }

    const CASES: &str = "
- valid: {}
- readyWithin: 1500ms
- readyOnlyWhileListening: {}
- readyOnlyWhileListening: {container: web, port: 8080}
- gracefulShutdown: {}
- gracefulShutdown: {within: 30s, exitCode: 0}
- servesAfterDelete: {for: 5s}
- qosClass: Guaranteed
- statusAt: {at: 65s}
- statusAt: {at: 1m, phase: Running, ready: false, status: Terminating, terminating: true}
- statusAt: {at: 2s, ready: true, terminating: false}
- noRestarts: {}
- noRestarts: {until: 2m, container: web}
- restarts: {min: 2, max: 2}
- restarts: {min: 1, max: 3, until: 1h, container: web}
- restarts: {min: 1}
- restarts: {max: 0, until: 10s}
- noContainerReason: {reason: OOMKilled}
- noContainerReason: {reason: Error, container: web}
- configFromConfigMap: {}
- configFromConfigMap: {container: web, env: LOG_LEVEL}
- env: {name: LOG_LEVEL}
- env: {name: X, container: web, from: configMap}
- env: {name: X, from: any}
- probe: {type: readiness}
- probe: {type: liveness, container: web, handler: exec}
- startsAfter: {container: app, after: migrate}
- failedRequests: {}
- failedRequests: {max: 3, from: 30s}
- failedRequests: {until: 3m}
- failedRequests: {max: 1, from: 30s, until: 3m}
- rolloutCompletes: {}
- rolloutCompletes: {within: 90s}
- availableAtLeast: {replicas: 2}
- availableAtLeast: {replicas: 3, from: 10s}
- availableAtLeast: {replicas: 1, from: 10s, until: 20s}
";

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
