//! Editing the `kind: Scenario` document inside the user's text.
//!
//! The page's scenario controls do not keep a second copy of the scenario: they rewrite the
//! Scenario document of the pasted text, so the YAML and the controls never disagree. Every
//! other document is kept byte for byte, and so are the Scenario document's leading comment
//! lines (and the comment/blank lines that close it).
//!
//! Documents are found by a line scan, which works on text that does not parse: a line
//! starting at column 0 with `---` (followed by nothing, a space or a tab) starts a document,
//! a `...` line ends one. The Scenario document is the first whose top-level `kind:` line (at
//! column 0) says `Scenario`; a flow-style (JSON) document is recognised by parsing that
//! document alone with [`crate::source::parse_stream`].

use crate::app::Millis;
use crate::engine::Scenario;
use crate::input::{SCENARIO_API_VERSION, SCENARIO_KIND};
use crate::source;
use crate::yamlout::quote;

/// `text` with its Scenario document set to `scenario` (appended as a new `---` document
/// when there is none).
pub fn set_scenario(text: &str, scenario: &Scenario) -> String {
    let eol = line_end(text);
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut doc = scenario_text(scenario);
    if eol != "\n" {
        doc = doc.replace('\n', eol);
    }
    let Some(seg) = find_scenario(&lines) else {
        return append(&lines, eol, &doc);
    };
    let mut out = String::with_capacity(text.len() + doc.len());
    for l in &lines[..seg.start] {
        out.push_str(l);
    }
    let mut body_start = seg.start;
    if let Some(first) = lines.get(seg.start).filter(|l| is_doc_start(l)) {
        // Keep a bare `---` (or `--- # comment`) line; a marker with content is rewritten.
        let rest = content(first).get(3..).unwrap_or("").trim();
        if rest.is_empty() || rest.starts_with('#') {
            out.push_str(first);
        } else {
            out.push_str("---");
            out.push_str(eol);
        }
        body_start += 1;
    }
    while body_start < seg.end && is_blank_or_comment(lines[body_start]) {
        out.push_str(lines[body_start]);
        body_start += 1;
    }
    let mut tail = seg.end;
    if tail > body_start && is_doc_end(lines[tail - 1]) {
        tail -= 1;
    }
    while tail > body_start && is_blank_or_comment(lines[tail - 1]) {
        tail -= 1;
    }
    let at_text_end = seg.end == lines.len() && tail == seg.end;
    if at_text_end && !text.ends_with('\n') {
        // The text ended without a line end inside this document: keep it that way.
        doc.truncate(doc.len() - eol.len());
    }
    out.push_str(&doc);
    for l in &lines[tail..] {
        out.push_str(l);
    }
    out
}

/// `text` without its Scenario document (unchanged when there is none).
pub fn remove_scenario(text: &str) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    match find_scenario(&lines) {
        None => text.to_string(),
        Some(seg) => lines[..seg.start].iter().chain(&lines[seg.end..]).copied().collect(),
    }
}

/// The Scenario document's text, ending with a newline. Top-level fields whose value is an
/// empty map (the always-serialized `node` of a default scenario) are left out: they read
/// back as the same default, and a default scenario prints `spec: {}`.
pub fn scenario_text(scenario: &Scenario) -> String {
    let mut out = format!("apiVersion: {SCENARIO_API_VERSION}\nkind: {SCENARIO_KIND}\n");
    write_spec(&mut out, scenario, true);
    out
}

/// The Scenario's `spec:` as [`crate::yamlout::to_yaml`] prints its JSON form
/// ([`Scenario::to_json`]), written directly (no `serde_json::Value` tree in the page's
/// wasm): keys in byte order (the JSON map's), absent options, empty maps and lists left out,
/// `node` always. `drop_empty`: top-level maps that come out empty (`node`, `traffic`) are
/// left out too, as [`scenario_text`] prints them; without it, the text says exactly what the
/// JSON form says (what [`crate::exercise::Exercise::scenario_matches`] compares).
pub(crate) fn write_spec(out: &mut String, s: &Scenario, drop_empty: bool) {
    let mut w = W { out, ind: 0, dash: false };
    let spec = w.open("spec", 2);
    if let Some(l) = &s.config_maps {
        w.object_keys("configMaps", l);
    }
    let m = w.open("containers", 2);
    for (name, b) in &s.containers {
        let c = w.open(name, 2);
        behaviour(&mut w, b);
        w.close(c, "{}", false);
    }
    w.close(m, "", true);
    if let Some(d) = &s.delete {
        let m = w.open("delete", 2);
        w.ms("at", d.at);
        if let Some(g) = d.grace_period_seconds {
            w.num("gracePeriodSeconds", &g);
        }
        w.close(m, "", false);
    }
    if let Some(d) = &s.drain {
        let m = w.open("drain", 2);
        w.ms("at", d.at);
        w.str("node", &d.node);
        w.close(m, "", false);
    }
    let m = w.open("images", 2);
    for (name, i) in &s.images {
        let o = w.open(name, 2);
        w.opt("fail", &i.fail);
        if let Some(n) = i.fail_times {
            w.num("failTimes", &n);
        }
        w.scalar("present", if i.present { "true" } else { "false" });
        if let Some(p) = i.pull {
            w.ms("pull", p);
        }
        if let Some(n) = i.size {
            w.num("size", &n);
        }
        w.close(o, "", false);
    }
    w.close(m, "", true);
    let n = &s.node;
    let m = w.open("node", 2);
    w.opt("cpu", &n.cpu);
    w.opt("ephemeralStorage", &n.ephemeral_storage);
    if let Some(e) = &n.eviction_hard {
        w.str_map("evictionHard", e, false);
    }
    w.fail(&n.fail);
    w.strings("images", &n.images, true);
    w.opt("memory", &n.memory);
    w.opt("name", &n.name);
    w.close(m, "{}", drop_empty);
    let l = w.open("nodes", 0);
    for n in &s.nodes {
        w.item();
        w.opt("cpu", &n.cpu);
        w.fail(&n.fail);
        w.str_map("labels", &n.labels, true);
        w.opt("memory", &n.memory);
        w.str("name", &n.name);
        w.opt("zone", &n.zone);
        w.end_item();
    }
    w.close(l, "", true);
    let m = w.open("readinessGates", 2);
    for (name, g) in &s.readiness_gates {
        let o = w.open(name, 2);
        w.ms("at", g.at);
        w.opt("status", &g.status);
        w.close(o, "", false);
    }
    w.close(m, "", true);
    if let Some(r) = &s.rollout {
        let m = w.open("rollout", 2);
        w.ms("at", r.at);
        w.str_map("image", &r.image, true);
        if r.restart {
            w.scalar("restart", "true");
        }
        w.close(m, "", false);
    }
    if let Some(l) = &s.secrets {
        w.object_keys("secrets", l);
    }
    if let Some(n) = s.seed {
        w.num("seed", &n);
    }
    if let Some(t) = &s.traffic {
        let d = crate::traffic::TrafficSpec::default();
        let m = w.open("traffic", 2);
        if t.connections != 0 {
            w.num("connections", &t.connections);
        }
        if t.from != d.from {
            w.ms("from", t.from);
        }
        match &t.port {
            Some(crate::model::IntOrString::Int(n)) => w.num("port", n),
            Some(crate::model::IntOrString::String(n)) => w.str("port", n),
            None => {}
        }
        if t.proxy_delay != d.proxy_delay {
            w.ms("proxyDelay", t.proxy_delay);
        }
        if t.request_duration != d.request_duration {
            w.ms("requestDuration", t.request_duration);
        }
        if t.rps != d.rps {
            w.num("rps", &t.rps);
        }
        w.opt("service", &t.service);
        if let Some(u) = t.until {
            w.ms("until", u);
        }
        w.close(m, "{}", drop_empty);
    }
    if let Some(u) = s.until {
        w.ms("until", u);
    }
    w.close(spec, "{}", false);
}

/// A container's behaviour (`ContainerBehaviour::to_json`'s fields, in byte order).
fn behaviour(w: &mut W, b: &crate::app::ContainerBehaviour) {
    if let Some(d) = &b.disk {
        let m = w.open("disk", 2);
        w.opt("path", &d.path);
        w.opt("perSecond", &d.per_second);
        w.close(m, "{}", false);
    }
    if let Some(e) = &b.exit {
        let m = w.open("exit", 2);
        w.ms("at", e.at);
        w.num("code", &e.code);
        w.close(m, "", false);
    }
    if let Some(h) = &b.health {
        let l = w.open("health", 0);
        for r in h {
            w.item();
            if let Some(f) = r.fail {
                w.scalar("fail", if f { "true" } else { "false" });
            }
            w.opt_ms("from", r.from);
            w.opt_ms("latency", r.latency);
            w.opt("path", &r.path);
            if let Some(n) = r.port {
                w.num("port", &n);
            }
            if let Some(n) = r.status {
                w.num("status", &n);
            }
            w.opt_ms("until", r.until);
            w.end_item();
        }
        w.close(l, "[]", false);
    }
    if let Some(l) = &b.listen {
        let m = w.open("listen", 0);
        for r in l {
            w.item();
            w.opt_ms("at", r.at);
            w.num("port", &r.port);
            w.opt_ms("until", r.until);
            w.end_item();
        }
        w.close(m, "[]", false);
    }
    if let Some(r) = &b.memory {
        let m = w.open("memory", 2);
        w.opt("max", &r.max);
        w.opt("perSecond", &r.per_second);
        w.opt("start", &r.start);
        w.close(m, "{}", false);
    }
    if let Some(r) = &b.sigterm {
        let m = w.open("sigterm", 2);
        let action = match r.action {
            crate::app::SigtermAction::Exit => "exit",
            crate::app::SigtermAction::Drain => "drain",
            crate::app::SigtermAction::Ignore => "ignore",
        };
        w.str("action", action);
        w.opt_ms("drain", r.drain);
        if let Some(n) = r.exit_code {
            w.num("exitCode", &n);
        }
        w.close(m, "", false);
    }
    w.opt_ms("startup", b.startup);
    if let Some(s) = b.stop_signal {
        w.str("stopSignal", &s.name());
    }
}

/// Where an opened map or list starts (`start`), where its entries start (`body`), and how
/// far its entries are indented (`step`).
#[derive(Clone, Copy)]
struct Mark {
    start: usize,
    body: usize,
    step: usize,
    /// A list item's `- ` was pending before `key:` (given back when the key is left out).
    dash: bool,
}

/// A block-YAML writer with `yamlout`'s layout: two-space indent, a list at its key's
/// indent, `{}`/`[]` for empty collections.
struct W<'a> {
    out: &'a mut String,
    ind: usize,
    /// A list item was started ([`W::item`]): the next line written starts with `- `.
    dash: bool,
}

impl W<'_> {
    /// The indent of a new line (its last two spaces `- ` on a list item's first line).
    fn pad(&mut self) {
        let dash = std::mem::take(&mut self.dash);
        for _ in 0..self.ind - if dash { 2 } else { 0 } {
            self.out.push(' ');
        }
        if dash {
            self.out.push_str("- ");
        }
    }

    fn key(&mut self, key: &str) {
        self.pad();
        self.out.push_str(&quote(key));
        self.out.push(':');
    }

    /// `key: value`, the value already a YAML scalar.
    fn scalar(&mut self, key: &str, v: &str) {
        self.key(key);
        self.out.push(' ');
        self.out.push_str(v);
        self.out.push('\n');
    }

    fn str(&mut self, key: &str, v: &str) {
        self.scalar(key, &quote(v));
    }

    fn opt(&mut self, key: &str, v: &Option<String>) {
        if let Some(v) = v {
            self.str(key, v);
        }
    }

    fn ms(&mut self, key: &str, m: Millis) {
        self.str(key, &m.to_string());
    }

    fn opt_ms(&mut self, key: &str, m: Option<Millis>) {
        if let Some(m) = m {
            self.ms(key, m);
        }
    }

    fn num(&mut self, key: &str, n: &dyn std::fmt::Display) {
        self.scalar(key, &n.to_string());
    }

    /// `key:` opening a map (`step` 2) or a list (`step` 0).
    fn open(&mut self, key: &str, step: usize) -> Mark {
        let (start, dash) = (self.out.len(), self.dash);
        self.key(key);
        self.out.push('\n');
        self.ind += step;
        Mark { start, body: self.out.len(), step, dash }
    }

    /// Closes what [`W::open`] opened: when it got no entries, left out (`drop`) or
    /// finished as `key: {empty}`.
    fn close(&mut self, m: Mark, empty: &str, drop: bool) {
        self.ind -= m.step;
        if self.out.len() == m.body {
            if drop {
                self.out.truncate(m.start);
                self.dash = m.dash;
            } else {
                self.out.pop();
                self.out.push(' ');
                self.out.push_str(empty);
                self.out.push('\n');
            }
        }
    }

    /// Starts a list item (a map): its entries are written two spaces in, the first one's
    /// line starting with `- `.
    fn item(&mut self) {
        self.ind += 2;
        self.dash = true;
    }

    /// Ends a list item: `- {}` when it got no entries.
    fn end_item(&mut self) {
        if self.dash {
            self.pad();
            self.out.push_str("{}\n");
        }
        self.ind -= 2;
    }

    fn strings(&mut self, key: &str, list: &[String], drop: bool) {
        let m = self.open(key, 0);
        for s in list {
            self.ind += 2;
            self.dash = true;
            self.pad();
            self.ind -= 2;
            self.out.push_str(&quote(s));
            self.out.push('\n');
        }
        self.close(m, "[]", drop);
    }

    fn str_map(&mut self, key: &str, map: &std::collections::BTreeMap<String, String>, drop: bool) {
        let m = self.open(key, 2);
        for (k, v) in map {
            self.str(k, v);
        }
        self.close(m, "{}", drop);
    }

    fn fail(&mut self, f: &Option<crate::engine::scenario::NodeFail>) {
        if let Some(f) = f {
            let m = self.open("fail", 2);
            self.ms("at", f.at);
            let mode = match f.mode {
                crate::engine::scenario::NodeFailMode::Unreachable => "Unreachable",
                crate::engine::scenario::NodeFailMode::NotReady => "NotReady",
            };
            self.str("mode", mode);
            self.close(m, "", false);
        }
    }

    fn object_keys(&mut self, key: &str, list: &[crate::engine::scenario::ObjectKeys]) {
        let l = self.open(key, 0);
        for o in list {
            self.item();
            self.strings("keys", &o.keys, false);
            self.str("name", &o.name);
            self.end_item();
        }
        self.close(l, "[]", false);
    }
}

/// A document: lines `start..end` of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    start: usize,
    end: usize,
}

/// The text's line end: CRLF when its first line ends that way.
fn line_end(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// A line without its line end.
fn content(line: &str) -> &str {
    line.strip_suffix('\n').map_or(line, |l| l.strip_suffix('\r').unwrap_or(l))
}

/// `marker` at column 0, followed by nothing, a space or a tab.
fn is_marker(line: &str, marker: &str) -> bool {
    content(line).strip_prefix(marker).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

fn is_doc_start(line: &str) -> bool {
    is_marker(line, "---")
}

fn is_doc_end(line: &str) -> bool {
    is_marker(line, "...")
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = content(line).trim_start();
    t.is_empty() || t.starts_with('#')
}

/// The documents of the text, by line scan. Every line belongs to exactly one segment.
fn segments(lines: &[&str]) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, l) in lines.iter().enumerate() {
        if is_doc_start(l) && i > start {
            out.push(Segment { start, end: i });
            start = i;
        } else if is_doc_end(l) {
            out.push(Segment { start, end: i + 1 });
            start = i + 1;
        }
    }
    if start < lines.len() {
        out.push(Segment { start, end: lines.len() });
    }
    out
}

/// The first Scenario document.
fn find_scenario(lines: &[&str]) -> Option<Segment> {
    segments(lines).into_iter().find(|s| is_scenario(&lines[s.start..s.end]))
}

/// Whether a document is `kind: Scenario`: its first top-level `kind:` line, or, when it
/// has none (flow style), the document parsed alone.
fn is_scenario(doc: &[&str]) -> bool {
    for l in doc {
        let c = content(l);
        let rest = ["kind:", "\"kind\":", "'kind':"].iter().find_map(|k| c.strip_prefix(k));
        if let Some(rest) = rest {
            let value = match rest.find(" #") {
                Some(i) => &rest[..i],
                None => rest,
            };
            let value = value.trim();
            let unquoted = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(value);
            return unquoted == SCENARIO_KIND;
        }
    }
    let text: String = doc.concat();
    if !text.contains(SCENARIO_KIND) {
        return false;
    }
    match source::parse_stream(&text) {
        Ok(docs) => docs.first().and_then(|d| d.root.get("kind")).and_then(source::Node::as_str) == Some(SCENARIO_KIND),
        Err(_) => false,
    }
}

/// The text with `doc` appended as a new document: trailing blank lines dropped, exactly
/// one line end, `---`, the document. A blank text becomes the document alone.
fn append(lines: &[&str], eol: &str, doc: &str) -> String {
    let keep = lines.iter().rposition(|l| !content(l).trim().is_empty()).map_or(0, |i| i + 1);
    if keep == 0 {
        return doc.to_string();
    }
    let mut out: String = lines[..keep].concat();
    if !out.ends_with('\n') {
        out.push_str(eol);
    }
    out.push_str("---");
    out.push_str(eol);
    out.push_str(doc);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input;

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n";

    fn rich() -> Scenario {
        serde_json::from_value(serde_json::json!({
            "seed": 7,
            "until": "90s",
            "node": {"name": "n1", "cpu": "4", "memory": "8Gi", "images": ["nginx:1.27"],
                     "fail": {"at": "5m", "mode": "NotReady"}},
            "delete": {"at": "30s", "gracePeriodSeconds": 5},
            "configMaps": [{"name": "cfg", "keys": ["a", "yes"]}],
            "secrets": [],
            "images": {"nginx:1.27": {"pull": "1.5s", "present": false, "fail": "ErrImagePull", "failTimes": 2}},
            "readinessGates": {"example.com/ready": {"at": "10s", "status": "True"}},
            "containers": {"app": {"startup": "5s", "health": [{"from": "30s", "fail": true}],
                                   "exit": {"at": "10m", "code": 1}}},
        }))
        .expect("a valid scenario")
    }

    /// `Scenario::to_json` writes every field as the derived `Serialize` it replaces did:
    /// absent options, empty maps and lists left out, `node` always, `present` always.
    #[test]
    fn scenario_json_has_every_field_and_reads_back() {
        let full = serde_json::json!({
            "seed": 7,
            "until": "1m30s",
            "node": {"name": "n1", "cpu": "4", "memory": "8Gi", "ephemeralStorage": "20Gi", "images": ["nginx:1.27"],
                     "fail": {"at": "5m", "mode": "NotReady"}, "evictionHard": {"memory.available": "5%"}},
            "delete": {"at": "30s", "gracePeriodSeconds": 5},
            "configMaps": [{"name": "cfg", "keys": ["a", "yes"]}],
            "secrets": [],
            "images": {"nginx:1.27": {"pull": "1.5s", "present": false, "size": 1000, "fail": "ErrImagePull", "failTimes": 2}},
            "readinessGates": {"example.com/ready": {"at": "10s", "status": "True"}},
            "containers": {"app": {"startup": "5s", "exit": {"at": "10m", "code": 1}}},
        });
        let s: Scenario = serde_json::from_value(full.clone()).expect("valid");
        assert_eq!(s.to_json(), full);
        let sparse = serde_json::json!({"node": {}, "images": {"a": {"present": true}},
                                        "readinessGates": {"g": {"at": "0s"}}, "node2": null});
        let s: Scenario = serde_json::from_value(sparse).expect("valid");
        assert_eq!(
            s.to_json(),
            serde_json::json!({"node": {}, "images": {"a": {"present": true}}, "readinessGates": {"g": {"at": "0s"}}})
        );
        assert_eq!(Scenario::default().to_json(), serde_json::json!({"node": {}}));
        let evict: Scenario = serde_json::from_value(serde_json::json!({"node": {"evictionHard": {}}})).expect("valid");
        assert_eq!(evict.to_json(), serde_json::json!({"node": {"evictionHard": {}}}));
    }

    fn small() -> Scenario {
        serde_json::from_value(serde_json::json!({"delete": {"at": "1.5s"}})).expect("valid")
    }

    const SMALL_DOC: &str = "apiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  delete:\n    at: 1.5s\n";

    fn json(s: &Scenario) -> serde_json::Value {
        s.to_json()
    }

    /// The text's scenario as `input::parse` reads it, with no diagnostics.
    fn read(text: &str) -> serde_json::Value {
        let p = input::parse(text);
        assert!(p.diagnostics.is_empty(), "{:?}\n{text}", p.diagnostics);
        json(&p.scenario)
    }

    #[test]
    fn default_scenario_prints_an_empty_spec() {
        assert_eq!(scenario_text(&Scenario::default()), "apiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec: {}\n");
        assert_eq!(scenario_text(&small()), SMALL_DOC);
    }

    #[test]
    fn appends_when_there_is_none() {
        assert_eq!(set_scenario(POD, &small()), format!("{POD}---\n{SMALL_DOC}"));
        // No trailing newline, or extra blank lines: exactly one line end before `---`.
        let bare = POD.trim_end();
        assert_eq!(set_scenario(bare, &small()), format!("{POD}---\n{SMALL_DOC}"));
        assert_eq!(set_scenario(&format!("{POD}\n\n  \n"), &small()), format!("{POD}---\n{SMALL_DOC}"));
        assert_eq!(set_scenario("", &small()), SMALL_DOC);
        assert_eq!(remove_scenario(&set_scenario(POD, &small())), POD);
    }

    #[test]
    fn replaces_in_the_middle_keeping_other_documents_and_comments() {
        let svc =
            "---\n# the service\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n";
        let text = format!(
            "{POD}--- # scenario\n# What happens around the pod.\n\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  seed: 1   # old\n  until: 1m\n# trailing note\n{svc}"
        );
        let out = set_scenario(&text, &small());
        assert_eq!(
            out,
            format!("{POD}--- # scenario\n# What happens around the pod.\n\n{SMALL_DOC}# trailing note\n{svc}")
        );
        assert_eq!(read(&out), json(&small()));
        assert_eq!(set_scenario(&out, &small()), out, "idempotent");
        assert_eq!(remove_scenario(&out), format!("{POD}{svc}"));
    }

    #[test]
    fn replaces_at_the_start_and_at_the_end() {
        let first = format!("kind: Scenario\napiVersion: podlife.dev/v1alpha1\nspec: {{seed: 3}}\n---\n{POD}");
        assert_eq!(set_scenario(&first, &small()), format!("{SMALL_DOC}---\n{POD}"));
        let last = format!("{POD}---\nkind: \"Scenario\"  # podlife\n...\n");
        assert_eq!(set_scenario(&last, &small()), format!("{POD}---\n{SMALL_DOC}...\n"));
        // Without a final newline, the text still ends without one.
        let no_nl = format!("{POD}---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec: {{}}");
        assert_eq!(set_scenario(&no_nl, &small()), format!("{POD}---\n{}", SMALL_DOC.trim_end()));
        // A `---` marker carrying content is rewritten.
        let inline = format!("{POD}--- {{\"apiVersion\": \"podlife.dev/v1alpha1\", \"kind\": \"Scenario\"}}\n");
        assert_eq!(set_scenario(&inline, &small()), format!("{POD}---\n{SMALL_DOC}"));
    }

    #[test]
    fn json_documents_are_recognised() {
        let text = format!(
            "{POD}---\n{{\"apiVersion\": \"podlife.dev/v1alpha1\",\n \"kind\": \"Scenario\", \"spec\": {{}}}}\n"
        );
        assert_eq!(set_scenario(&text, &small()), format!("{POD}---\n{SMALL_DOC}"));
    }

    #[test]
    fn crlf_text_stays_crlf() {
        let pod = POD.replace('\n', "\r\n");
        let text = format!("{pod}---\r\n# keep\r\nkind: Scenario\r\napiVersion: podlife.dev/v1alpha1\r\n");
        let out = set_scenario(&text, &small());
        assert_eq!(out, format!("{pod}---\r\n# keep\r\n{}", SMALL_DOC.replace('\n', "\r\n")));
        assert_eq!(set_scenario(&out, &small()), out);
        assert_eq!(set_scenario(&pod, &small()), format!("{pod}---\r\n{}", SMALL_DOC.replace('\n', "\r\n")));
        assert_eq!(read(&out), json(&small()));
    }

    #[test]
    fn syntax_errors_elsewhere_do_not_stop_the_line_scan() {
        let broken = "apiVersion: v1\nkind: Pod\nspec: [unclosed\n";
        let text = format!("{broken}---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec: {{seed: 1}}\n");
        assert_eq!(set_scenario(&text, &small()), format!("{broken}---\n{SMALL_DOC}"));
        // A broken Scenario document is still found and replaced by a good one.
        let text = format!("{POD}---\nkind: Scenario\nspec: {{seed: [\n");
        assert_eq!(set_scenario(&text, &small()), format!("{POD}---\n{SMALL_DOC}"));
    }

    #[test]
    fn round_trips_through_the_parser_and_is_idempotent() {
        let texts = [
            POD.to_string(),
            String::new(),
            format!("{POD}---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  seed: 99\n"),
            format!("# header\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\n---\n{POD}"),
        ];
        for t in &texts {
            for s in [rich(), small(), Scenario::default()] {
                let once = set_scenario(t, &s);
                assert_eq!(read(&once), json(&s), "\n{once}");
                assert_eq!(set_scenario(&once, &s), once, "idempotent:\n{once}");
                // Switching scenarios back and forth lands on the same text.
                let other = set_scenario(&set_scenario(&once, &rich()), &s);
                assert_eq!(other, once);
            }
        }
    }

    #[test]
    fn removal_without_a_scenario_changes_nothing() {
        assert_eq!(remove_scenario(POD), POD);
        assert_eq!(remove_scenario("a: [\n"), "a: [\n");
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))] // the wasm library compiles in only the default example's text
    fn every_example_rewrites_to_the_same_scenario() {
        for ex in crate::examples::EXAMPLES {
            let s = input::parse(ex.yaml).scenario;
            let out = set_scenario(ex.yaml, &s);
            assert_eq!(read(&out), json(&s), "{}:\n{out}", ex.id);
            assert_eq!(set_scenario(&out, &s), out, "{}", ex.id);
            assert_eq!(remove_scenario(&out), remove_scenario(ex.yaml), "{}: other documents kept", ex.id);
        }
    }
}
