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

use crate::engine::Scenario;
use crate::input::{SCENARIO_API_VERSION, SCENARIO_KIND};
use crate::source;
use crate::yamlout::to_yaml;

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
    // Moved into a new map rather than `retain`ed: no `BTreeMap::extract_if` in the page.
    let mut spec = serde_json::Map::new();
    for (k, v) in crate::model::object(scenario.to_json()) {
        if !v.as_object().is_some_and(serde_json::Map::is_empty) {
            spec.insert(k, v);
        }
    }
    let empty = spec.is_empty();
    let spec = serde_json::Value::Object(spec);
    let mut out = format!("apiVersion: {SCENARIO_API_VERSION}\nkind: {SCENARIO_KIND}\n");
    if empty {
        out.push_str("spec: {}\n");
    } else {
        out.push_str("spec:\n");
        out.push_str(&to_yaml(&spec, 2));
    }
    out
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
