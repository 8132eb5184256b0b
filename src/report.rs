//! The CLI's JSON shapes (a documented contract, see README.md), built from [`Parsed`].
//! The web UI shows the same data.

use crate::model::core::PodStatus;
use crate::model::Timestamp;
use serde::Serialize;

use crate::defaults::Defaulted;
use crate::input::{Parsed, PodDoc, Severity};
use crate::printer::{self, PodRow};
use crate::source::Pos;

/// One error of `podlife validate -o json`.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ErrorJson {
    /// Field path inside the document (empty when the error is not about one field).
    pub field: String,
    /// Upstream error type name (`FieldValueInvalid`, …), or `StrictDecoding`, `TypeError`, `SyntaxError`.
    #[serde(rename = "type")]
    pub error_type: String,
    /// The text after the field path, e.g. `Invalid value: 2: must be 1`.
    pub message: String,
    pub line: u32,
    pub col: u32,
}

/// One entry of `podlife validate -o json`: a pod-bearing document, or a document that
/// could not be read as one.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ValidateJson {
    pub kind: String,
    pub name: String,
    /// The pod's name as `kubectl get pod` would show it (empty when no pod could be read).
    pub pod: String,
    pub valid: bool,
    pub errors: Vec<ErrorJson>,
    pub warnings: Vec<String>,
    /// Exactly what kubectl would print (`kubectl apply --dry-run=server`).
    pub kubectl: String,
    #[serde(skip)]
    pub pos: Pos,
}

/// kubectl's `<resource>.<group>/<name>` for an object.
pub fn kubectl_ref(kind: &str, name: &str) -> String {
    let r = match kind {
        "Pod" => "pod",
        "Deployment" => "deployment.apps",
        "ReplicaSet" => "replicaset.apps",
        "StatefulSet" => "statefulset.apps",
        "DaemonSet" => "daemonset.apps",
        "ReplicationController" => "replicationcontroller",
        "Job" => "job.batch",
        "CronJob" => "cronjob.batch",
        other => return format!("{}/{name}", other.to_ascii_lowercase()),
    };
    format!("{r}/{name}")
}

fn doc_report(p: &PodDoc) -> ValidateJson {
    let mut errors = Vec::new();
    for u in &p.unknown {
        errors.push(ErrorJson {
            field: u.path.clone(),
            error_type: "StrictDecoding".into(),
            message: u.message(),
            line: u.pos.line,
            col: u.pos.col,
        });
    }
    for e in &p.validation.errors {
        let pos = p.locate(&e.field);
        errors.push(ErrorJson {
            field: e.field.clone(),
            error_type: e.error_type.api_name().into(),
            message: e.body(),
            line: pos.line,
            col: pos.col,
        });
    }
    let valid = p.is_valid();
    let kubectl =
        if valid { format!("{} created (server dry run)", kubectl_ref(&p.kind, &p.name)) } else { p.kubectl_errors() };
    ValidateJson {
        kind: p.kind.clone(),
        name: p.name.clone(),
        pod: p.pod_name().to_string(),
        valid,
        errors,
        warnings: p.validation.warnings.clone(),
        kubectl,
        pos: p.root.pos,
    }
}

/// `podlife validate`: one entry per pod-bearing document, plus one per unreadable document, in input order.
pub fn validate(parsed: &Parsed) -> Vec<ValidateJson> {
    let mut out: Vec<ValidateJson> = parsed.pods.iter().map(doc_report).collect();
    for d in parsed.diagnostics.iter().filter(|d| d.severity == Severity::Error) {
        let error_type = if d.message.starts_with("YAML syntax error")
            || d.message.contains("nodes (YAML aliases")
            || d.message.contains("nesting deeper")
            || d.message.contains("3 MiB")
        {
            "SyntaxError"
        } else if d.message.contains("strict decoding") || d.message.starts_with("yaml: unmarshal errors") {
            "StrictDecoding"
        } else if d.message.contains("cannot be handled as") {
            "TypeError"
        } else {
            "InvalidObject"
        };
        out.push(ValidateJson {
            kind: String::new(),
            name: String::new(),
            pod: String::new(),
            valid: false,
            errors: vec![ErrorJson {
                field: d.path.clone().unwrap_or_default(),
                error_type: error_type.into(),
                message: d.message.clone(),
                line: d.pos.line,
                col: d.pos.col,
            }],
            warnings: vec![],
            kubectl: format!("error: {}", d.message),
            pos: d.pos,
        });
    }
    crate::sort::by_key(&mut out, |r| crate::sort::pos(r.pos));
    out
}

/// One entry of `podlife qos -o json`.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct QosJson {
    pub kind: String,
    pub name: String,
    pub pod: String,
    #[serde(rename = "qosClass")]
    pub qos_class: String,
}

pub fn qos(parsed: &Parsed) -> Vec<QosJson> {
    parsed
        .pods
        .iter()
        .map(|p| QosJson {
            kind: p.kind.clone(),
            name: p.name.clone(),
            pod: p.pod_name().into(),
            qos_class: p.qos.as_str().into(),
        })
        .collect()
}

/// One entry of `podlife status -o json`.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct StatusJson {
    pub name: String,
    pub ready: String,
    pub status: String,
    pub restarts: String,
    pub age: String,
    /// Which rule produced STATUS.
    pub why: String,
}

impl StatusJson {
    pub fn row(&self) -> PodRow {
        PodRow {
            name: self.name.clone(),
            ready: self.ready.clone(),
            status: self.status.clone(),
            restarts: self.restarts.clone(),
            age: self.age.clone(),
        }
    }
}

/// `podlife status`: the row of each pod. A pod pasted as a spec (no `.status`) is shown
/// as the API server stores it on create: phase Pending, no container statuses yet.
pub fn status(parsed: &Parsed, now: Timestamp) -> Vec<StatusJson> {
    parsed
        .pods
        .iter()
        .map(|p| {
            let mut pod = p.pod.clone();
            if pod.status.is_none() {
                pod.status = Some(PodStatus {
                    phase: Some("Pending".into()),
                    qos_class: Some(p.qos.as_str().into()),
                    ..Default::default()
                });
                if pod.metadata.creation_timestamp.is_none() {
                    pod.metadata.creation_timestamp = Some(crate::model::meta::Time(now));
                }
            }
            let printed = printer::print_pod(&pod, now);
            let r = printed.row;
            StatusJson {
                name: r.name,
                ready: r.ready,
                status: r.status,
                restarts: r.restarts,
                age: r.age,
                why: printed.why,
            }
        })
        .collect()
}

/// One entry of `podlife defaults -o json`: the effective pod and what was defaulted.
/// Native only: serializing whole k8s objects would cost the page ~60 KB of wasm; the page
/// shows the effective spec from the source tree instead.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Clone, Debug, Serialize)]
pub struct EffectiveJson {
    pub kind: String,
    pub name: String,
    pub pod: String,
    #[serde(rename = "qosClass")]
    pub qos_class: String,
    pub defaulted: Vec<DefaultedJson>,
    /// The pod as the API server would store it.
    pub effective: serde_json::Value,
}

#[derive(Clone, Debug, Serialize)]
pub struct DefaultedJson {
    pub path: String,
    pub value: String,
}

impl From<&Defaulted> for DefaultedJson {
    fn from(d: &Defaulted) -> Self {
        DefaultedJson { path: d.path.clone(), value: d.value.clone() }
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub fn effective(parsed: &Parsed) -> Vec<EffectiveJson> {
    parsed
        .pods
        .iter()
        .map(|p| EffectiveJson {
            kind: p.kind.clone(),
            name: p.name.clone(),
            pod: p.pod_name().into(),
            qos_class: p.qos.as_str().into(),
            defaulted: p.defaulted.iter().map(DefaultedJson::from).collect(),
            effective: serde_json::to_value(&p.pod).unwrap_or(serde_json::Value::Null),
        })
        .collect()
}

/// `podlife simulate -o json` without the trailing newline: exactly what
/// `serde_json::to_string_pretty(timeline)` writes (the derived `Serialize` stays the CLI's and
/// the tests' oracle), written by hand so that the page's JSON export does not compile in
/// serde_json's serializer for the timeline's types.
pub fn timeline_json(tl: &crate::engine::Timeline) -> String {
    let mut w = Json { out: String::with_capacity(4096), depth: 0, first: true };
    w.open('{');
    w.s("pod", &tl.pod);
    w.u("seed", tl.seed);
    w.s("qosClass", &tl.qos_class);
    w.i("until_ms", tl.until_ms);
    w.list("events");
    for e in &tl.events {
        w.item_obj();
        w.i("t_ms", e.t_ms);
        w.s("type", &e.type_);
        w.s("reason", &e.reason);
        w.s("object", &e.object);
        w.s("message", &e.message);
        w.s("from", &e.from);
        w.close('}');
    }
    w.close(']');
    w.list("status");
    for r in &tl.status {
        w.item_obj();
        w.i("t_ms", r.t_ms);
        w.s("phase", &r.phase);
        w.s("ready", &r.ready);
        w.s("status", &r.status);
        w.s("restarts", &r.restarts);
        if r.deleted {
            w.b("deleted", true);
        }
        w.close('}');
    }
    w.close(']');
    w.list("containers");
    for c in &tl.containers {
        w.item_obj();
        w.s("container", &c.container);
        w.i("from_ms", c.from_ms);
        w.oi("to_ms", c.to_ms);
        w.s("state", &c.state);
        if let Some(r) = &c.reason {
            w.s("reason", r);
        }
        if let Some(x) = c.exit_code {
            w.i("exit_code", x.into());
        }
        w.b("ready", c.ready);
        w.b("started", c.started);
        w.i("restart_count", c.restart_count.into());
        w.close('}');
    }
    w.close(']');
    w.list("probes");
    for p in &tl.probes {
        w.item_obj();
        w.i("t_ms", p.t_ms);
        w.s("container", &p.container);
        w.s("probe", &p.probe);
        w.s("result", &p.result);
        w.s("output", &p.output);
        w.i("duration_ms", p.duration_ms);
        if p.manual {
            w.b("manual", true);
        }
        w.close('}');
    }
    w.close(']');
    w.list("hooks");
    for h in &tl.hooks {
        w.item_obj();
        w.s("container", &h.container);
        w.s("hook", &h.hook);
        w.i("from_ms", h.from_ms);
        w.oi("to_ms", h.to_ms);
        w.i("waited_until_ms", h.waited_until_ms);
        w.b("ok", h.ok);
        w.s("output", &h.output);
        w.close('}');
    }
    w.close(']');
    w.list("signals");
    for s in &tl.signals {
        w.item_obj();
        w.i("t_ms", s.t_ms);
        w.s("container", &s.container);
        w.s("signal", &s.signal);
        w.close('}');
    }
    w.close(']');
    w.list("grace");
    for g in &tl.grace {
        w.item_obj();
        w.s("container", &g.container);
        w.i("from_ms", g.from_ms);
        w.i("stop_ms", g.stop_ms);
        w.i("kill_ms", g.kill_ms);
        w.i("grace_seconds", g.grace_seconds);
        w.close('}');
    }
    w.close(']');
    w.list("conditions");
    for c in &tl.conditions {
        w.item_obj();
        w.i("t_ms", c.t_ms);
        w.s("type", &c.type_);
        w.s("status", &c.status);
        if let Some(r) = &c.reason {
            w.s("reason", r);
        }
        if let Some(m) = &c.message {
            w.s("message", m);
        }
        w.close('}');
    }
    w.close(']');
    w.list("transitions");
    for t in &tl.transitions {
        w.item_obj();
        w.i("t_ms", t.t_ms);
        w.s("rule", &t.rule);
        w.s("field", &t.field);
        w.close('}');
    }
    w.close(']');
    w.list("usage");
    for u in &tl.usage {
        w.item_obj();
        w.s("container", &u.container);
        w.i("t_ms", u.t_ms);
        w.u("memory_bytes", u.memory_bytes);
        w.ou("memory_limit", u.memory_limit);
        w.u("disk_bytes", u.disk_bytes);
        w.ou("disk_limit", u.disk_limit);
        w.close('}');
    }
    w.close(']');
    w.key("inferred");
    w.open('{');
    for (name, v) in tl.inferred.iter() {
        w.key(name);
        w.open('{');
        w.s("summary", &v.summary);
        w.strings("details", &v.details);
        w.s("stop_signal", &v.stop_signal);
        w.strings("not_simulated", &v.not_simulated);
        w.close('}');
    }
    w.close('}');
    let j = &tl.jitter;
    w.key("jitter");
    w.open('{');
    w.i("pleg_phase_ms", j.pleg_phase_ms);
    w.i("sandbox_ms", j.sandbox_ms);
    w.i("eviction_phase_ms", j.eviction_phase_ms);
    w.list("requeues");
    for (a, b) in &j.requeues {
        w.sep();
        w.open('[');
        w.sep();
        w.int(*a);
        w.sep();
        w.int(*b);
        w.close(']');
    }
    w.close(']');
    w.key("probe_anchors");
    w.open('{');
    for (k, v) in j.probe_anchors.iter() {
        w.i(k, *v);
    }
    w.close('}');
    if let Some(n) = j.node_detect_ms {
        w.i("node_detect_ms", n);
    }
    w.close('}');
    w.strings("not_simulated", &tl.not_simulated);
    w.b("truncated", tl.truncated);
    w.oi("removed_ms", tl.removed_ms);
    w.u("steps", tl.steps);
    w.close('}');
    w.out
}

/// serde_json's `PrettyFormatter` (two-space indent, `"key": value`, `[]`/`{}` when empty),
/// one non-generic method per step.
struct Json {
    out: String,
    depth: usize,
    /// Nothing written yet in the innermost array or object.
    first: bool,
}

impl Json {
    fn open(&mut self, c: char) {
        self.out.push(c);
        self.depth += 1;
        self.first = true;
    }

    fn close(&mut self, c: char) {
        self.depth -= 1;
        if !self.first {
            self.newline();
        }
        self.out.push(c);
        self.first = false;
    }

    fn newline(&mut self) {
        self.out.push('\n');
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    /// Before an element or a key.
    fn sep(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        self.newline();
    }

    fn key(&mut self, k: &str) {
        self.sep();
        self.string(k);
        self.out.push_str(": ");
    }

    fn string(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                '\r' => self.out.push_str("\\r"),
                '\t' => self.out.push_str("\\t"),
                '\u{8}' => self.out.push_str("\\b"),
                '\u{c}' => self.out.push_str("\\f"),
                c if c < ' ' => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    self.out.push_str("\\u00");
                    self.out.push(char::from(HEX[c as usize >> 4]));
                    self.out.push(char::from(HEX[c as usize & 15]));
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    fn int(&mut self, v: i64) {
        if v < 0 {
            self.out.push('-');
        }
        self.uint(v.unsigned_abs());
    }

    fn uint(&mut self, v: u64) {
        use std::fmt::Write as _;
        let _ = write!(self.out, "{v}");
    }

    fn s(&mut self, k: &str, v: &str) {
        self.key(k);
        self.string(v);
    }

    fn i(&mut self, k: &str, v: i64) {
        self.key(k);
        self.int(v);
    }

    fn u(&mut self, k: &str, v: u64) {
        self.key(k);
        self.uint(v);
    }

    fn b(&mut self, k: &str, v: bool) {
        self.key(k);
        self.out.push_str(if v { "true" } else { "false" });
    }

    fn oi(&mut self, k: &str, v: Option<i64>) {
        match v {
            Some(v) => self.i(k, v),
            None => self.s_raw(k, "null"),
        }
    }

    fn ou(&mut self, k: &str, v: Option<u64>) {
        match v {
            Some(v) => self.u(k, v),
            None => self.s_raw(k, "null"),
        }
    }

    fn s_raw(&mut self, k: &str, raw: &str) {
        self.key(k);
        self.out.push_str(raw);
    }

    /// `"k": [` (closed by the caller).
    fn list(&mut self, k: &str) {
        self.key(k);
        self.open('[');
    }

    /// An object element of the open array (closed by the caller).
    fn item_obj(&mut self) {
        self.sep();
        self.open('{');
    }

    fn strings(&mut self, k: &str, v: &[String]) {
        self.list(k);
        for s in v {
            self.sep();
            self.string(s);
        }
        self.close(']');
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod timeline_json_tests {
    use super::timeline_json;

    /// The hand-written JSON is serde_json's, byte for byte: every example at several seeds
    /// (the goldens are seed 1), and timelines with texts that need escaping.
    #[test]
    fn timeline_json_is_serde_jsons() {
        let mut n = 0;
        for ex in crate::examples::EXAMPLES {
            let text = std::fs::read_to_string(format!("examples/{}.yaml", ex.id)).expect("example");
            let parsed = crate::input::parse(&text);
            for seed in [1, 2, 7, 12345] {
                let tl = crate::engine::simulate(&parsed.pods[0].pod, &parsed.scenario, seed);
                let want = serde_json::to_string_pretty(&tl).expect("json");
                assert!(timeline_json(&tl) == want, "{} seed {seed}", ex.id);
                if seed == 1 {
                    let golden = std::fs::read_to_string(format!("tests/golden/{}.json", ex.id)).expect("golden");
                    assert_eq!(timeline_json(&tl) + "\n", golden, "{}", ex.id);
                }
                n += 1;
            }
        }
        assert!(n >= 60, "{n}");
        // Every escape serde_json writes, in texts that reach the timeline.
        let parsed = crate::input::parse(concat!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: esc\n",
            "spec:\n  containers:\n  - name: app\n    image: busybox\n",
            "    command: [\"sh\", \"-c\", \"sleep 3600\"]\n",
            "    readinessProbe:\n      exec:\n        command: [\"sh\", \"-c\", ",
            "\"echo \\\"q\\\\ \\u0001\\u001f\\b\\f\\t\\r\\u007f é 𝄞\\\"; exit 1\"]\n",
        ));
        let tl = crate::engine::simulate(&parsed.pods[0].pod, &parsed.scenario, 1);
        let want = serde_json::to_string_pretty(&tl).expect("json");
        for esc in ["\\u0001", "\\u001f", "\\b", "\\f", "\\t", "\\r", "\\\\", "é 𝄞"] {
            assert!(want.contains(esc), "{esc}: {want}");
        }
        assert_eq!(timeline_json(&tl), want);
    }
}
