//! The `Scenario` document: what happens around the Pod (node, API actions, images,
//! ConfigMaps/Secrets, app behaviour). Every field is optional; the defaults describe a
//! healthy 4 CPU / 16 GiB node where every image pulls in a couple of seconds.

use std::collections::BTreeMap;

use crate::vecmap::VecMap;

use serde::Deserialize;
use serde_json::{Map, Value as Json};

use crate::app::{ContainerBehaviour, Millis};
use crate::typed::{Cur, DeError, Read};

/// `spec` of `apiVersion: podlife.dev/v1alpha1, kind: Scenario`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Scenario {
    /// RNG seed for the kubelet's jitter; the `seed` argument of `simulate` is used when absent.
    pub seed: Option<u64>,
    /// How much virtual time to simulate (default 10m; capped at 30 days).
    pub until: Option<Millis>,
    /// The simulated node.
    pub node: NodeScenario,
    /// An API DELETE of the pod (like `kubectl delete pod`).
    pub delete: Option<DeleteScenario>,
    /// ConfigMaps that exist in the namespace. Absent: every referenced ConfigMap/key exists.
    /// Present: only the listed ones (with their listed keys) exist.
    pub config_maps: Option<Vec<ObjectKeys>>,
    /// Secrets that exist in the namespace; same rule as `configMaps`.
    pub secrets: Option<Vec<ObjectKeys>>,
    /// Per-image registry behaviour, keyed by the exact `image` string of the container.
    pub images: VecMap<String, ImageScenario>,
    /// Conditions set on the pod for its `spec.readinessGates`, keyed by conditionType.
    pub readiness_gates: VecMap<String, GateScenario>,
    /// Behaviour overrides for each container's process, keyed by container name.
    pub containers: VecMap<String, ContainerBehaviour>,
    /// A rollout of a Deployment (`podlife fleet`, `crate::fleet`): a new pod template at `at`.
    pub rollout: Option<RolloutScenario>,
    /// Several nodes for a workload's pods (`crate::fleet`). Empty: the single `node`.
    pub nodes: Vec<FleetNodeScenario>,
    /// `kubectl drain NODE` at a given time (`crate::fleet`): cordon, then evictions through
    /// the Eviction API, which honours PodDisruptionBudgets.
    pub drain: Option<DrainScenario>,
    /// Clients of a Service (`crate::traffic`): request rate, durations, connections, proxy delay.
    pub traffic: Option<crate::traffic::TrafficSpec>,
}

/// A `kubectl drain` (`crate::fleet`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DrainScenario {
    /// When `kubectl drain` starts (fleet time).
    pub at: Millis,
    /// The node drained.
    pub node: String,
}

/// A Deployment rollout: what changes in the pod template, and when (`crate::fleet`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RolloutScenario {
    /// When the Deployment is updated.
    pub at: Millis,
    /// New images by container name, like `kubectl set image deploy/web app=nginx:1.28`.
    pub image: BTreeMap<String, String>,
    /// Like `kubectl rollout restart`: sets the template annotation
    /// `kubectl.kubernetes.io/restartedAt` to the rollout time.
    pub restart: bool,
}

/// One node of a multi-node scenario (`crate::fleet`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FleetNodeScenario {
    /// Node name (its `kubernetes.io/hostname` label).
    pub name: String,
    /// Its `topology.kubernetes.io/zone` label (default: none).
    pub zone: Option<String>,
    /// Allocatable CPU (default `"4"`).
    pub cpu: Option<String>,
    /// Allocatable memory (default `16Gi`).
    pub memory: Option<String>,
    /// Other node labels (for the pods' `nodeSelector`).
    pub labels: BTreeMap<String, String>,
    /// The node fails at a given time (fleet time).
    pub fail: Option<NodeFail>,
}

/// The node the pod is scheduled onto.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NodeScenario {
    /// Node name (default `node-1`).
    pub name: Option<String>,
    /// Allocatable CPU (default `"4"`).
    pub cpu: Option<String>,
    /// Allocatable memory (default `16Gi`).
    pub memory: Option<String>,
    /// Allocatable ephemeral storage (default `100Gi`).
    pub ephemeral_storage: Option<String>,
    /// Images already present on the node (in addition to those marked `present` under `images`).
    pub images: Vec<String>,
    /// The node fails at a given time.
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
    pub eviction_hard: Option<BTreeMap<String, String>>,
    /// Set by the fleet (`crate::fleet`), never read from YAML: the pod fits none of the
    /// fleet's nodes, and this is the scheduler's `FailedScheduling` message; it stays Pending.
    #[serde(skip)]
    pub unschedulable: Option<String>,
}

/// A node failure.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NodeFail {
    /// When the node fails.
    pub at: Millis,
    /// `Unreachable` (power loss: the kubelet stops posting status; default) or `NotReady`
    /// (the kubelet reports Ready=False, e.g. the container runtime is down).
    pub mode: NodeFailMode,
}

impl NodeFail {
    /// When a pod created at `created_ms` stops answering because its node lost power: the
    /// failure time (not before the pod exists) for `Unreachable`; None for `NotReady`, where
    /// the kubelet and the pod's processes keep running.
    pub fn power_lost_for(&self, created_ms: i64) -> Option<i64> {
        (self.mode == NodeFailMode::Unreachable).then(|| self.at.0.max(created_ms))
    }
}

/// How the node fails.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
pub enum NodeFailMode {
    /// The kubelet stops posting status; the node controller marks the node Unknown after the grace period.
    #[default]
    Unreachable,
    /// The kubelet reports `Ready=False`.
    NotReady,
}

/// An API DELETE.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DeleteScenario {
    /// When the DELETE arrives.
    pub at: Millis,
    /// `DeleteOptions.gracePeriodSeconds` (default: the pod's terminationGracePeriodSeconds).
    pub grace_period_seconds: Option<i64>,
}

/// A ConfigMap or Secret and the keys it holds.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ObjectKeys {
    /// Object name.
    pub name: String,
    /// Keys present in its data.
    pub keys: Vec<String>,
}

/// How the registry and node treat one image.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ImageScenario {
    /// Time one pull takes (default 2s).
    pub pull: Option<Millis>,
    /// The image is already on the node (default false).
    pub present: bool,
    /// Image size reported in the `Pulled` event (default 10 MB).
    pub size: Option<u64>,
    /// Make pulls fail: `ErrImagePull` (manifest not found) or `Unauthorized`.
    pub fail: Option<String>,
    /// Only the first N pulls fail (default: all of them).
    pub fail_times: Option<u32>,
}

/// A readiness-gate condition written by some controller.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GateScenario {
    /// When the condition is written.
    pub at: Millis,
    /// `"True"` or `"False"` (default `"True"`).
    pub status: Option<String>,
}

// Read by hand (`typed::Read`), as the serde derives above would: they stay for tests that
// build scenarios from JSON, while `input` (and so the page) reads through these.

impl Read for Scenario {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
        const FIELDS: &str =
            "seed until node delete configMaps secrets images readinessGates containers rollout nodes drain traffic";
        let mut s = Scenario::default();
        c.fields(FIELDS, false, &mut |i, c| {
            match i {
                0 => s.seed = Read::read(c)?,
                1 => s.until = Read::read(c)?,
                2 => s.node = Read::read(c)?,
                3 => s.delete = Read::read(c)?,
                4 => s.config_maps = Read::read(c)?,
                5 => s.secrets = Read::read(c)?,
                6 => s.images = Read::read(c)?,
                7 => s.readiness_gates = Read::read(c)?,
                8 => s.containers = Read::read(c)?,
                9 => s.rollout = Read::read(c)?,
                10 => s.nodes = Read::read(c)?,
                11 => s.drain = Read::read(c)?,
                _ => s.traffic = Read::read(c)?,
            }
            Ok(())
        })?;
        Ok(s)
    }
}

impl Read for DrainScenario {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
        let mut s = DrainScenario::default();
        c.fields("at node", false, &mut |i, c| {
            match i {
                0 => s.at = Read::read(c)?,
                _ => s.node = Read::read(c)?,
            }
            Ok(())
        })?;
        Ok(s)
    }
}

impl Read for RolloutScenario {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
        let mut s = RolloutScenario::default();
        c.fields("at image restart", false, &mut |i, c| {
            match i {
                0 => s.at = Read::read(c)?,
                1 => s.image = Read::read(c)?,
                _ => s.restart = Read::read(c)?,
            }
            Ok(())
        })?;
        Ok(s)
    }
}

impl Read for FleetNodeScenario {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
        let mut s = FleetNodeScenario::default();
        c.fields("name zone cpu memory labels fail", false, &mut |i, c| {
            match i {
                0 => s.name = Read::read(c)?,
                1 => s.zone = Read::read(c)?,
                2 => s.cpu = Read::read(c)?,
                3 => s.memory = Read::read(c)?,
                4 => s.labels = Read::read(c)?,
                _ => s.fail = Read::read(c)?,
            }
            Ok(())
        })?;
        Ok(s)
    }
}

impl Read for NodeScenario {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
        const FIELDS: &str = "name cpu memory ephemeralStorage images fail evictionHard";
        let mut s = NodeScenario::default();
        c.fields(FIELDS, false, &mut |i, c| {
            match i {
                0 => s.name = Read::read(c)?,
                1 => s.cpu = Read::read(c)?,
                2 => s.memory = Read::read(c)?,
                3 => s.ephemeral_storage = Read::read(c)?,
                4 => s.images = Read::read(c)?,
                5 => s.fail = Read::read(c)?,
                _ => s.eviction_hard = Read::read(c)?,
            }
            Ok(())
        })?;
        Ok(s)
    }
}

impl Read for NodeFail {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
        let mut s = NodeFail::default();
        c.fields("at mode", false, &mut |i, c| {
            match i {
                0 => s.at = Read::read(c)?,
                _ => s.mode = Read::read(c)?,
            }
            Ok(())
        })?;
        Ok(s)
    }
}

impl Read for NodeFailMode {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
        Ok(match c.variant("Unreachable NotReady")? {
            0 => NodeFailMode::Unreachable,
            _ => NodeFailMode::NotReady,
        })
    }
}

impl Read for DeleteScenario {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
        let mut s = DeleteScenario::default();
        c.fields("at gracePeriodSeconds", false, &mut |i, c| {
            match i {
                0 => s.at = Read::read(c)?,
                _ => s.grace_period_seconds = Read::read(c)?,
            }
            Ok(())
        })?;
        Ok(s)
    }
}

impl Read for ObjectKeys {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
        let mut s = ObjectKeys::default();
        c.fields("name keys", false, &mut |i, c| {
            match i {
                0 => s.name = Read::read(c)?,
                _ => s.keys = Read::read(c)?,
            }
            Ok(())
        })?;
        Ok(s)
    }
}

impl Read for ImageScenario {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
        let mut s = ImageScenario::default();
        c.fields("pull present size fail failTimes", false, &mut |i, c| {
            match i {
                0 => s.pull = Read::read(c)?,
                1 => s.present = Read::read(c)?,
                2 => s.size = Read::read(c)?,
                3 => s.fail = Read::read(c)?,
                _ => s.fail_times = Read::read(c)?,
            }
            Ok(())
        })?;
        Ok(s)
    }
}

impl Read for GateScenario {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
        let mut s = GateScenario::default();
        c.fields("at status", false, &mut |i, c| {
            match i {
                0 => s.at = Read::read(c)?,
                _ => s.status = Read::read(c)?,
            }
            Ok(())
        })?;
        Ok(s)
    }
}

// The scenario as JSON (what `scenario_doc` prints), written by hand: a derived `Serialize`
// was 9 KB of the page's wasm. Absent options, empty maps and lists are left out; `node`
// is always written.

/// Every key is written through here (one call per key instead of an inlined `String` and insert).
pub(crate) fn put(m: &mut Map<String, Json>, key: &str, v: Option<Json>) {
    if let Some(v) = v {
        m.insert(key.to_string(), v);
    }
}

fn millis(m: Millis) -> Json {
    Json::String(m.to_string())
}

fn string(s: &Option<String>) -> Option<Json> {
    s.clone().map(Json::String)
}

fn strings<'a>(v: impl IntoIterator<Item = &'a String>) -> Json {
    Json::Array(v.into_iter().cloned().map(Json::String).collect())
}

/// A map's entries (inserted one by one: collecting into a map would pull a sort into the
/// page's wasm). `None` when empty.
fn map<'a, V: 'a>(m: impl IntoIterator<Item = (&'a String, &'a V)>, f: impl Fn(&V) -> Json) -> Option<Json> {
    let mut out = Map::new();
    for (k, v) in m {
        out.insert(k.clone(), f(v));
    }
    (!out.is_empty()).then_some(Json::Object(out))
}

/// A map of strings (one instance of [`map`] for the three such maps).
fn str_map(m: &BTreeMap<String, String>) -> Option<Json> {
    map(m, |v| Json::String(v.clone()))
}

fn object_keys(list: &Option<Vec<ObjectKeys>>) -> Option<Json> {
    list.as_ref().map(|l| {
        Json::Array(
            l.iter()
                .map(|o| {
                    let mut m = Map::new();
                    put(&mut m, "name", Some(Json::String(o.name.clone())));
                    put(&mut m, "keys", Some(strings(&o.keys)));
                    Json::Object(m)
                })
                .collect(),
        )
    })
}

fn fail_json(f: &NodeFail) -> Json {
    let mut fail = Map::new();
    put(&mut fail, "at", Some(millis(f.at)));
    let mode = match f.mode {
        NodeFailMode::Unreachable => "Unreachable",
        NodeFailMode::NotReady => "NotReady",
    };
    put(&mut fail, "mode", Some(Json::String(mode.into())));
    Json::Object(fail)
}

impl Scenario {
    /// The scenario as JSON, as written in a Scenario document's `spec`.
    pub fn to_json(&self) -> Json {
        let mut m = Map::new();
        put(&mut m, "seed", self.seed.map(Json::from));
        put(&mut m, "until", self.until.map(millis));
        let n = &self.node;
        let mut node = Map::new();
        put(&mut node, "name", string(&n.name));
        put(&mut node, "cpu", string(&n.cpu));
        put(&mut node, "memory", string(&n.memory));
        put(&mut node, "ephemeralStorage", string(&n.ephemeral_storage));
        put(&mut node, "images", (!n.images.is_empty()).then(|| strings(&n.images)));
        put(&mut node, "fail", n.fail.as_ref().map(fail_json));
        put(
            &mut node,
            "evictionHard",
            n.eviction_hard.as_ref().map(|e| str_map(e).unwrap_or_else(|| Json::Object(Map::new()))),
        );
        put(&mut m, "node", Some(Json::Object(node)));
        put(
            &mut m,
            "delete",
            self.delete.as_ref().map(|d| {
                let mut del = Map::new();
                put(&mut del, "at", Some(millis(d.at)));
                put(&mut del, "gracePeriodSeconds", d.grace_period_seconds.map(Json::from));
                Json::Object(del)
            }),
        );
        put(&mut m, "configMaps", object_keys(&self.config_maps));
        put(&mut m, "secrets", object_keys(&self.secrets));
        put(
            &mut m,
            "images",
            map(&self.images, |i| {
                let mut img = Map::new();
                put(&mut img, "pull", i.pull.map(millis));
                put(&mut img, "present", Some(Json::Bool(i.present)));
                put(&mut img, "size", i.size.map(Json::from));
                put(&mut img, "fail", string(&i.fail));
                put(&mut img, "failTimes", i.fail_times.map(Json::from));
                Json::Object(img)
            }),
        );
        put(
            &mut m,
            "readinessGates",
            map(&self.readiness_gates, |g| {
                let mut gate = Map::new();
                put(&mut gate, "at", Some(millis(g.at)));
                put(&mut gate, "status", string(&g.status));
                Json::Object(gate)
            }),
        );
        put(&mut m, "containers", map(&self.containers, ContainerBehaviour::to_json));
        put(
            &mut m,
            "rollout",
            self.rollout.as_ref().map(|r| {
                let mut ro = Map::new();
                put(&mut ro, "at", Some(millis(r.at)));
                put(&mut ro, "image", str_map(&r.image));
                if r.restart {
                    put(&mut ro, "restart", Some(Json::Bool(true)));
                }
                Json::Object(ro)
            }),
        );
        put(
            &mut m,
            "nodes",
            (!self.nodes.is_empty()).then(|| {
                Json::Array(
                    self.nodes
                        .iter()
                        .map(|n| {
                            let mut node = Map::new();
                            put(&mut node, "name", Some(Json::String(n.name.clone())));
                            put(&mut node, "zone", string(&n.zone));
                            put(&mut node, "cpu", string(&n.cpu));
                            put(&mut node, "memory", string(&n.memory));
                            put(&mut node, "labels", str_map(&n.labels));
                            put(&mut node, "fail", n.fail.as_ref().map(fail_json));
                            Json::Object(node)
                        })
                        .collect(),
                )
            }),
        );
        put(
            &mut m,
            "drain",
            self.drain.as_ref().map(|d| {
                let mut dr = Map::new();
                put(&mut dr, "at", Some(millis(d.at)));
                put(&mut dr, "node", Some(Json::String(d.node.clone())));
                Json::Object(dr)
            }),
        );
        put(&mut m, "traffic", self.traffic.as_ref().map(|t| t.to_json()));
        Json::Object(m)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::source::{parse_stream, Node};
    use crate::typed;

    /// Every Scenario `spec` in the repository's examples, exercises and test fixtures.
    fn corpus() -> Vec<Node> {
        let mut out = Vec::new();
        for dir in ["examples", "exercises", "tests/fixtures"] {
            let Ok(read) = std::fs::read_dir(dir) else { continue };
            let mut paths: Vec<_> = read.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            for path in paths.into_iter().filter(|p| p.extension().is_some_and(|e| e == "yaml")) {
                let text = std::fs::read_to_string(&path).expect("readable");
                let Ok(docs) = parse_stream(&text) else { continue };
                for d in docs {
                    // A Scenario document's spec; an exercise's `scenario` is one too.
                    let spec = if d.root.get("kind").and_then(Node::as_str) == Some("Scenario") {
                        d.root.get("spec")
                    } else {
                        d.root.get("scenario")
                    };
                    if let Some(spec) = spec {
                        out.push(spec.clone());
                    }
                }
            }
        }
        out.push(
            parse_stream(
                "seed: 7\nuntil: 1h\nnode: {name: n1, cpu: '2', memory: 1Gi, ephemeralStorage: 1Gi, images: [a], fail: {at: 5s, mode: NotReady}, evictionHard: {memory.available: 5%}}\ndelete: {at: 1m, gracePeriodSeconds: 3}\nconfigMaps: [{name: c, keys: [k]}]\nsecrets: [{name: s}]\nimages: {nginx: {pull: 3s, present: true, size: 5, fail: Unauthorized, failTimes: 2}}\nreadinessGates: {g: {at: 2s, status: 'False'}}\ncontainers:\n  app:\n    startup: 2s\n    listen: [{port: 80, at: 1s, until: 9s}]\n    health: [{from: 1s, until: 2s, path: /h, port: 80, status: 503, fail: true, latency: 5ms}]\n    exit: {at: 1m, code: 3}\n    sigterm: {action: drain, drain: 5s, exitCode: 0}\n    memory: {start: 1Mi, perSecond: 1Mi, max: 1Gi}\n    disk: {path: /d, perSecond: 1Ki}\n    stopSignal: SIGQUIT\nrollout: {at: 30s, image: {app: 'nginx:2'}, restart: true}\nnodes: [{name: a, zone: z, cpu: '1', memory: 1Gi, labels: {k: v}, fail: {at: 1m}}]\ndrain: {at: 2m, node: a}\ntraffic: {service: web, port: http, rps: 5, requestDuration: 1s, connections: 2, from: 1s, until: 9s, proxyDelay: 2s}\n",
            )
            .expect("parses")
            .remove(0)
            .root,
        );
        assert!(out.len() > 20, "{} scenarios", out.len());
        out
    }

    #[test]
    fn reads_like_the_serde_derives() {
        let (mut checked, mut errors) = (0, 0);
        for spec in corpus() {
            let (c, e) = typed::differential::<Scenario>(&spec, "spec");
            checked += c;
            errors += e;
        }
        // The mutations reach type errors, unknown fields and missing required fields.
        assert!(checked > 4_000 && errors > 1_000, "{checked} read, {errors} errors");
    }

    /// `scenario_doc::write_spec` prints what `yamlout::to_yaml` printed of `to_json` (its
    /// former implementation), with and without the empty top-level maps.
    #[test]
    fn spec_text_is_the_json_forms_yaml() {
        let mut specs = corpus();
        for extra in [
            "{}",
            "traffic: {}\nnode: {}",
            "traffic: {rps: 100, port: 8080}\ncontainers: {app: {}, b: {health: [{}], listen: []}}",
            "configMaps: []\nsecrets: [{name: 'yes', keys: []}]\nnode: {evictionHard: {}, images: ['on', 'a: b']}",
            "images: {'1.5': {present: false}}\nreadinessGates: {'x: y': {at: 0s}}\nrollout: {at: 1s}",
            "nodes: [{name: a}, {name: b, labels: {'#k': ''}, fail: {at: 2s, mode: NotReady}}]\nseed: 123456789012",
            "containers: {app: {health: [{port: 1}, {fail: false}], sigterm: {action: ignore}, exit: {at: 1s}}}",
        ] {
            out_push(&mut specs, extra);
            let spec = specs.last().expect("pushed");
            assert!(typed::read_node::<Scenario>(spec, "spec").is_ok(), "{extra}");
        }
        for spec in specs {
            let Ok((s, _)) = typed::read_node::<Scenario>(&spec, "spec") else { continue };
            let json = s.to_json();
            let mut text = String::new();
            crate::scenario_doc::write_spec(&mut text, &s, false);
            assert_eq!(text, format!("spec:\n{}", crate::yamlout::to_yaml(&json, 2)));
            let mut dropped = Map::new();
            for (k, v) in crate::model::object(json) {
                if !v.as_object().is_some_and(Map::is_empty) {
                    dropped.insert(k, v);
                }
            }
            let expected = if dropped.is_empty() {
                "spec: {}\n".to_string()
            } else {
                format!("spec:\n{}", crate::yamlout::to_yaml(&Json::Object(dropped), 2))
            };
            let mut text = String::new();
            crate::scenario_doc::write_spec(&mut text, &s, true);
            assert_eq!(text, expected);
        }
    }

    fn out_push(out: &mut Vec<Node>, yaml: &str) {
        out.push(parse_stream(yaml).expect("parses").remove(0).root);
    }

    #[test]
    fn behaviour_json_like_the_serde_derive() {
        let mut seen = 0;
        for spec in corpus() {
            let Ok((s, _)) = typed::read_node::<Scenario>(&spec, "spec") else { continue };
            for b in s.containers.values() {
                assert_eq!(b.to_json(), serde_json::to_value(b).expect("serializes"));
                seen += 1;
            }
        }
        assert!(seen > 5, "{seen}");
    }
}
