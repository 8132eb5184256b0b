//! Graded exercises: a YAML format for workshop exercises and the grader that checks a
//! student's spec against them.
//!
//! An exercise is a starting spec, the scenario it is played in (what happens around the pod),
//! and **goals**: assertions over the simulated trace ([`crate::engine::Timeline`]) and over the
//! effective spec (the pod as the API server stores it). [`parse`] reads an exercise file with
//! the project's positioned YAML reader and strict typed decoding, so every mistake in an
//! exercise file has a line and column; [`check`] grades a spec and returns a [`Report`] with
//! pass/fail and a precise detail (what was observed, and when) for each goal.
//!
//! The grader is pure (no I/O, no clock): the CLI (`podlife exercise check`) and the page's
//! exercise mode call the same functions, and [`check_parsed`] lets the page grade the result
//! it already parsed and simulated. The format is described in `exercises/README.md`.

pub mod goals;
pub mod library;
pub mod markdown;

use serde::{Deserialize, Serialize};

use crate::app::Millis;
use crate::engine::{Scenario, Timeline};
use crate::input::{self, Parsed, Severity};
use crate::source::{self, Node, Pos, Value};
use crate::suggest::did_you_mean;
use crate::typed;

pub use goals::{Goal, GoalKind, GoalResult};

/// `apiVersion` and `kind` of an exercise file (both optional; checked when present).
pub const API_VERSION: &str = "podlife.dev/v1alpha1";
pub const KIND: &str = "Exercise";
/// Seed of the kubelet's jitter when the exercise gives none (the page's seed).
pub const DEFAULT_SEED: u64 = 1;

/// One exercise, read from its YAML file.
#[derive(Clone, Debug)]
pub struct Exercise {
    pub title: String,
    pub title_zh: Option<String>,
    /// Instructions in Markdown (see [`markdown`] for the subset the page renders).
    pub instructions: String,
    pub instructions_zh: Option<String>,
    /// The YAML the student starts from.
    pub start: String,
    /// The scenario the spec is played in (`seed` and `until` already set from the exercise).
    pub scenario: Scenario,
    pub seed: u64,
    pub goals: Vec<Goal>,
    pub hints: Vec<String>,
    pub hints_zh: Vec<String>,
    /// The reference solution.
    pub solution: Option<Solution>,
}

/// Where the reference solution is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Solution {
    /// The solution's YAML, inline.
    Inline(String),
    /// A file next to the exercise file (a relative path); the caller reads it.
    File(String),
}

impl Exercise {
    /// The title in the language asked for (`zh` falls back to English).
    pub fn title_in(&self, zh: bool) -> &str {
        match (&self.title_zh, zh) {
            (Some(t), true) => t,
            _ => &self.title,
        }
    }

    /// The instructions in the language asked for (`zh` falls back to English).
    pub fn instructions_in(&self, zh: bool) -> &str {
        match (&self.instructions_zh, zh) {
            (Some(t), true) => t,
            _ => &self.instructions,
        }
    }

    /// The hints in the language asked for (`zh` falls back to English when there are none).
    pub fn hints_in(&self, zh: bool) -> &[String] {
        if zh && !self.hints_zh.is_empty() {
            &self.hints_zh
        } else {
            &self.hints
        }
    }

    /// The starting spec with the exercise's Scenario document appended: what the page loads
    /// into its editor, so the page plays exactly what the grader plays.
    pub fn start_text(&self) -> String {
        crate::scenario_doc::set_scenario(&self.start, &self.scenario)
    }

    /// `text` (a spec, e.g. the solution) with the exercise's Scenario document set.
    pub fn with_scenario(&self, text: &str) -> String {
        crate::scenario_doc::set_scenario(text, &self.scenario)
    }

    /// Whether `scenario` is the one the exercise grades with (so a timeline simulated from
    /// it can be graded as is).
    pub fn scenario_matches(&self, scenario: &Scenario) -> bool {
        let mut s = scenario.clone();
        if s.seed.is_none() {
            s.seed = Some(self.seed);
        }
        // Compared through the scenario's YAML text (what scenario_doc writes back): the writer
        // quotes every string that could read as anything else, so equal texts are equal values,
        // and the page needs no `serde_json::Value` comparison.
        let (mut a, mut b) = (String::new(), String::new());
        crate::scenario_doc::write_spec(&mut a, &s, false);
        crate::scenario_doc::write_spec(&mut b, &self.scenario, false);
        a == b
    }
}

/// A problem in an exercise file, with its place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub line: u32,
    pub col: u32,
    /// The field path inside the exercise file (`goals[2].readyWithin`), when there is one.
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // An unknown-field message already names its path.
        if self.path.is_empty() || self.message.contains(&format!("\"{}\"", self.path)) {
            write!(f, "{}:{}: {}", self.line, self.col, self.message)
        } else {
            write!(f, "{}:{}: {}: {}", self.line, self.col, self.path, self.message)
        }
    }
}

/// Every problem found in an exercise file (at least one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Problem>);

impl std::fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

pub(crate) fn problem(pos: Pos, path: &str, message: impl Into<String>) -> Problem {
    Problem { line: pos.line, col: pos.col, path: path.to_string(), message: message.into() }
}

/// The top level of an exercise file. `goals` is read by hand (each goal is a one-key mapping
/// whose key names its kind), everything else by strict typed decoding.
#[derive(Deserialize, Default, Debug)]
#[serde(rename_all = "camelCase", default)]
struct Doc {
    api_version: Option<String>,
    kind: Option<String>,
    title: Option<String>,
    title_zh: Option<String>,
    instructions: Option<String>,
    instructions_zh: Option<String>,
    start: Option<String>,
    scenario: Option<Scenario>,
    seed: Option<u64>,
    duration: Option<Millis>,
    goals: Option<serde::de::IgnoredAny>,
    hints: Vec<String>,
    hints_zh: Vec<String>,
    solution: Option<String>,
    solution_file: Option<String>,
}

/// Read by hand ([`typed::Read`]), as the serde derive above would (the derive stays as the
/// oracle of `tests::doc_reads_like_the_serde_derive`).
impl typed::Read for Doc {
    fn read(c: typed::Cur<'_, '_, '_>) -> Result<Self, typed::DeError> {
        use typed::Read;
        const FIELDS: &str = "apiVersion kind title titleZh instructions instructionsZh start scenario seed \
            duration goals hints hintsZh solution solutionFile";
        let mut d = Doc::default();
        c.fields(FIELDS, false, &mut |i, c| {
            // The nine optional strings are read at one place, the two lists at another (one
            // reader call each in the wasm).
            let text = match i {
                0 => &mut d.api_version,
                1 => &mut d.kind,
                2 => &mut d.title,
                3 => &mut d.title_zh,
                4 => &mut d.instructions,
                5 => &mut d.instructions_zh,
                6 => &mut d.start,
                7 => {
                    d.scenario = Read::read(c)?;
                    return Ok(());
                }
                8 => {
                    d.seed = Read::read(c)?;
                    return Ok(());
                }
                9 => {
                    d.duration = Read::read(c)?;
                    return Ok(());
                }
                10 => {
                    // Read apart (`read_goals`): any value passes here, as serde's `IgnoredAny`.
                    d.goals = (!c.is_null()).then_some(serde::de::IgnoredAny);
                    return Ok(());
                }
                11 | 12 => {
                    *(if i == 11 { &mut d.hints } else { &mut d.hints_zh }) = Read::read(c)?;
                    return Ok(());
                }
                13 => &mut d.solution,
                _ => &mut d.solution_file,
            };
            *text = Read::read(c)?;
            Ok(())
        })?;
        Ok(d)
    }
}

/// Reads an exercise file. Every problem comes back with its line and column.
pub fn parse(text: &str) -> Result<Exercise, Diagnostics> {
    let docs = source::parse_stream(text)
        .map_err(|e| Diagnostics(vec![problem(e.pos, "", format!("not YAML: {}", e.message))]))?;
    let mut problems: Vec<Problem> = Vec::new();
    let mut docs = docs.into_iter();
    let Some(first) = docs.next() else {
        return Err(Diagnostics(vec![problem(
            Pos { line: 1, col: 1 },
            "",
            "empty file: an exercise is one YAML mapping",
        )]));
    };
    if let Some(extra) = docs.next() {
        problems.push(problem(
            start_of(&extra.root),
            "",
            "an exercise file holds one YAML document (found a second `---` document)",
        ));
    }
    for d in &first.duplicates {
        problems.push(problem(d.pos, "", d.message.clone()));
    }
    let root = first.root;
    if root.value == Value::Null && text.trim().is_empty() {
        return Err(Diagnostics(vec![problem(
            Pos { line: 1, col: 1 },
            "",
            "empty file: an exercise is one YAML mapping",
        )]));
    }
    if !matches!(root.value, Value::Map(_)) {
        problems.push(problem(
            root.pos,
            "",
            format!("an exercise is a mapping (title, start, goals, …), found {}", root.value.describe()),
        ));
        return Err(Diagnostics(problems));
    }
    let mut doc: Doc = match typed::read_node(&root, "") {
        Ok((doc, unknown)) => {
            for u in unknown {
                problems.push(problem(u.pos, &u.path, u.message()));
            }
            doc
        }
        Err(e) => {
            problems.push(problem(e.pos, &e.path, e.message));
            return Err(Diagnostics(problems));
        }
    };
    // A missing key is reported at the mapping's first key.
    let top = start_of(&root);
    let at = |key: &str| root.get(key).map_or(top, |n| n.pos);
    if let Some(a) = doc.api_version.as_deref().filter(|a| *a != API_VERSION) {
        problems.push(problem(at("apiVersion"), "apiVersion", format!("must be {API_VERSION:?}, found {a:?}")));
    }
    if let Some(k) = doc.kind.as_deref().filter(|k| *k != KIND) {
        problems.push(problem(at("kind"), "kind", format!("must be {KIND:?}, found {k:?}")));
    }
    let required = |v: Option<String>, key: &str, what: &str, problems: &mut Vec<Problem>| -> String {
        match v {
            Some(s) if !s.trim().is_empty() => s,
            _ => {
                problems.push(problem(at(key), key, format!("required: {what}")));
                String::new()
            }
        }
    };
    let title = required(doc.title.take(), "title", "the exercise's title", &mut problems);
    let start =
        required(doc.start.take(), "start", "the YAML the student starts from (a Pod or a workload)", &mut problems);
    if let (Some(_), Some(_)) = (&doc.solution, &doc.solution_file) {
        problems.push(problem(
            at("solutionFile"),
            "solutionFile",
            "give the solution inline (`solution`) or as a file (`solutionFile`), not both",
        ));
    }
    let mut scenario = doc.scenario.unwrap_or_default();
    let seed = doc.seed.or(scenario.seed).unwrap_or(DEFAULT_SEED);
    scenario.seed = Some(seed);
    if let Some(d) = doc.duration {
        if d.0 <= 0 || d.0 > crate::engine::sim::MAX_UNTIL_MS {
            problems.push(problem(at("duration"), "duration", "must be more than 0 and at most 30 days (720h)"));
        }
        scenario.until = Some(d);
    }
    let goals = match root.get("goals") {
        None => {
            problems.push(problem(top, "goals", "required: a list of goals (e.g. `- readyWithin: 10s`)"));
            Vec::new()
        }
        Some(node) => read_goals(node, &mut problems),
    };
    if !problems.is_empty() {
        crate::sort::by_key(&mut problems, |p| crate::sort::pos(Pos { line: p.line, col: p.col }));
        return Err(Diagnostics(problems));
    }
    Ok(Exercise {
        title,
        title_zh: doc.title_zh,
        instructions: doc.instructions.unwrap_or_default(),
        instructions_zh: doc.instructions_zh,
        start,
        scenario,
        seed,
        goals,
        hints: doc.hints,
        hints_zh: doc.hints_zh,
        solution: match (doc.solution, doc.solution_file) {
            (Some(s), _) => Some(Solution::Inline(s)),
            (None, Some(f)) => Some(Solution::File(f)),
            (None, None) => None,
        },
    })
}

/// Where a node starts for a reader: a block mapping at its first key.
fn start_of(node: &Node) -> Pos {
    match &node.value {
        Value::Map(entries) => entries.first().map_or(node.pos, |e| e.key_pos.min(node.pos)),
        _ => node.pos,
    }
}

/// The keys a goal mapping may have besides its kind.
const GOAL_EXTRA_KEYS: [&str; 2] = ["title", "titleZh"];

fn read_goals(node: &Node, problems: &mut Vec<Problem>) -> Vec<Goal> {
    let Value::Seq(items) = &node.value else {
        problems.push(problem(node.pos, "goals", format!("expected a list of goals, found {}", node.value.describe())));
        return Vec::new();
    };
    if items.is_empty() {
        problems.push(problem(node.pos, "goals", "at least one goal is needed"));
    }
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = format!("goals[{i}]");
        let Value::Map(entries) = &item.value else {
            problems.push(problem(
                item.pos,
                &path,
                format!(
                    "a goal is a mapping with one key naming its kind (e.g. `readyWithin: 10s`), found {}",
                    item.value.describe()
                ),
            ));
            continue;
        };
        let mut title = None;
        let mut title_zh = None;
        let mut kind_entry = None;
        for e in entries {
            match e.key.as_str() {
                "title" | "titleZh" => {
                    let Some(s) = e.value.as_str() else {
                        problems.push(problem(
                            e.value.pos,
                            &format!("{path}.{}", e.key),
                            format!("expected a string, found {}", e.value.value.describe()),
                        ));
                        continue;
                    };
                    if e.key == "title" {
                        title = Some(s.to_string());
                    } else {
                        title_zh = Some(s.to_string());
                    }
                }
                k if goals::KINDS.contains(&k) => {
                    if let Some(first) = kind_entry.replace(e) {
                        problems.push(problem(
                            e.key_pos,
                            &format!("{path}.{k}"),
                            format!(
                                "one goal per list item: {:?} and {k:?} are two goals; put each in its own `- ` item",
                                first.key
                            ),
                        ));
                    }
                }
                k => {
                    let suggestion = did_you_mean(k, goals::KINDS.iter().chain(GOAL_EXTRA_KEYS.iter()).copied())
                        .map(|s| format!(" (did you mean {s:?}?)"))
                        .unwrap_or_default();
                    problems.push(problem(
                        e.key_pos,
                        &format!("{path}.{k}"),
                        format!("unknown goal kind {k:?}{suggestion}; known kinds: {}", goals::KINDS_LIST),
                    ));
                }
            }
        }
        let Some(e) = kind_entry else {
            if !entries.iter().any(|e| !GOAL_EXTRA_KEYS.contains(&e.key.as_str())) {
                problems.push(problem(item.pos, &path, format!("a goal needs a kind, one of: {}", goals::KINDS_LIST)));
            }
            continue;
        };
        match goals::decode(&e.key, &e.value, &format!("{path}.{}", e.key)) {
            Ok(kind) => out.push(Goal { kind, title, title_zh, line: e.key_pos.line }),
            Err(p) => problems.extend(p),
        }
    }
    out
}

/// An error that kept the spec from being graded, with its place in the spec.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SpecError {
    pub line: u32,
    pub col: u32,
    pub message: String,
}

/// The grade of one spec.
///
/// Its JSON form (`podlife exercise check -o json`) is a contract: fields keep their names and
/// shapes; new fields may be added.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The exercise's title.
    pub exercise: String,
    /// Every goal passed (and the spec is valid).
    pub passed: bool,
    /// The API server would accept the spec (it could be simulated).
    pub valid: bool,
    /// The graded pod's name (the first pod-bearing document), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pod: Option<String>,
    /// Why the spec could not be graded: syntax, strict-decoding and validation errors with
    /// their line and column in the spec, and kubectl's text.
    pub errors: Vec<SpecError>,
    /// One result per goal, in the exercise's order.
    pub goals: Vec<GoalResult>,
    /// Remarks that do not change the verdict (an ignored Scenario document, extra pods).
    pub notes: Vec<String>,
}

impl Report {
    /// How many goals pass.
    pub fn passed_count(&self) -> usize {
        self.goals.iter().filter(|g| g.passed).count()
    }

    /// The CLI's text rendering: one line per goal, then the verdict.
    pub fn to_text(&self) -> String {
        let mut out = format!("exercise: {}\n", self.exercise);
        if let Some(p) = &self.pod {
            out.push_str(&format!("pod: {p}\n"));
        }
        for e in &self.errors {
            out.push_str(&format!("error: {}:{}: {}\n", e.line, e.col, e.message));
        }
        for g in &self.goals {
            let mark = if g.passed { "PASS" } else { "FAIL" };
            out.push_str(&format!("[{mark}] {}\n       {}\n", g.description, g.detail));
        }
        for n in &self.notes {
            out.push_str(&format!("note: {n}\n"));
        }
        out.push_str(&format!(
            "{} of {} goal(s) pass{}\n",
            self.passed_count(),
            self.goals.len(),
            if self.passed { ": done!" } else { "" }
        ));
        out
    }
}

/// Grades `spec_text` (the student's YAML) against `ex`.
pub fn check(ex: &Exercise, spec_text: &str) -> Report {
    check_parsed(ex, &input::parse(spec_text), None)
}

/// Grades an already parsed spec. `timeline`, when given, must be the simulation of the first
/// pod of `parsed` under the exercise's scenario (see [`Exercise::scenario_matches`]); otherwise
/// the pod is simulated here.
pub fn check_parsed(ex: &Exercise, parsed: &Parsed, timeline: Option<&Timeline>) -> Report {
    check_scene(ex, parsed, timeline, None)
}

impl Exercise {
    /// Whether a goal is graded over the workload and its clients ([`crate::scene::simulate`]
    /// under the exercise's scenario and seed), not only over the first pod.
    pub fn needs_scene(&self) -> bool {
        self.goals.iter().any(|g| g.kind.needs_scene())
    }

    /// The scene the goals over the workload are graded against: `parsed` simulated with the
    /// exercise's scenario and seed.
    pub fn scene(&self, parsed: &Parsed) -> crate::scene::Scene {
        crate::scene::simulate_with(parsed, &self.scenario, self.seed)
    }
}

/// [`check_parsed`] with the scene already simulated ([`Exercise::scene`]); `None`: simulated
/// here when a goal needs it.
pub fn check_scene(
    ex: &Exercise,
    parsed: &Parsed,
    timeline: Option<&Timeline>,
    scene: Option<&crate::scene::Scene>,
) -> Report {
    let mut report = Report {
        exercise: ex.title.clone(),
        passed: false,
        valid: false,
        pod: None,
        errors: Vec::new(),
        goals: Vec::new(),
        notes: Vec::new(),
    };
    let not_checked = |report: &mut Report, why: &str| {
        report.goals = results(ex, &|g| g.result(false, format!("not checked: {why}"), None));
    };
    let Some(doc) = parsed.pods.first() else {
        for d in parsed.diagnostics.iter().filter(|d| d.severity == Severity::Error) {
            report.errors.push(SpecError { line: d.pos.line, col: d.pos.col, message: d.message.clone() });
        }
        if report.errors.is_empty() {
            report.errors.push(SpecError {
                line: 1,
                col: 1,
                message: "no Pod or workload with a pod template in the file".into(),
            });
        }
        not_checked(&mut report, "there is no pod to grade");
        return report;
    };
    report.pod = Some(doc.pod_name().to_string());
    if parsed.has_errors() {
        for d in parsed.all_diagnostics().into_iter().filter(|d| d.severity == Severity::Error) {
            report.errors.push(SpecError { line: d.pos.line, col: d.pos.col, message: d.message });
        }
        if !doc.is_valid() {
            report.errors.push(SpecError {
                line: doc.root.pos.line,
                col: doc.root.pos.col,
                message: doc.kubectl_errors(),
            });
        }
        not_checked(&mut report, "the API server would reject the spec (see the errors), so there is no pod to run");
        return report;
    }
    report.valid = true;
    if parsed.pods.len() > 1 {
        report.notes.push(format!("only the first pod ({}) is graded", doc.pod_name()));
    }
    if parsed.scenario_node.is_some() && !ex.scenario_matches(&parsed.scenario) {
        report.notes.push(
            "the Scenario document in the spec differs from the exercise's: grading uses the exercise's scenario"
                .into(),
        );
    }
    let owned;
    let tl = match timeline {
        Some(t) => t,
        None => {
            owned = crate::engine::simulate(&doc.pod, &ex.scenario, ex.seed);
            &owned
        }
    };
    if tl.truncated {
        report
            .notes
            .push("the simulation hit its work bound before the end: goals after that point see no events".into());
    }
    let owned_scene;
    let scene = match scene {
        Some(s) => Some(s),
        None if ex.needs_scene() => {
            owned_scene = ex.scene(parsed);
            Some(&owned_scene)
        }
        None => None,
    };
    if let Some(n) = scene.and_then(|s| s.fleet.as_ref()).filter(|f| !f.not_simulated.is_empty()) {
        for s in &n.not_simulated {
            report.notes.push(format!("not simulated: {s}"));
        }
    }
    report.goals = results(ex, &|g| match scene {
        Some(s) if g.kind.needs_scene() => goals::evaluate_scene(g, s),
        _ => goals::evaluate(g, doc, tl),
    });
    report.passed = report.goals.iter().all(|g| g.passed);
    report
}

/// One result per goal of `ex`, in its order (one loop for graded and ungraded goals).
fn results(ex: &Exercise, result: &dyn Fn(&Goal) -> GoalResult) -> Vec<GoalResult> {
    let mut out = Vec::with_capacity(ex.goals.len());
    for g in &ex.goals {
        out.push(result(g));
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// `scenario_matches` compares the YAML texts of the scenarios' JSON forms: the same
    /// answer as comparing the JSON values, over the exercises' scenarios, tricky strings and
    /// scenarios without a seed.
    #[test]
    fn scenario_text_comparison_is_value_comparison() {
        let mut scenarios: Vec<Scenario> = Vec::new();
        for e in library::EXERCISES {
            scenarios.push(parse(e.yaml).expect("parses").scenario);
        }
        for name in ["1", "true", "", " a", "a: b", "null", "~", "0x1F", "1e3", "-", "\"x\"", "é\n", "yes", "1:30"] {
            for images in [vec![], vec![name.to_string()], vec!["1".to_string(), "true".to_string()]] {
                let v = serde_json::json!({"node": {"name": name, "images": images}, "until": "2m"});
                scenarios.push(serde_json::from_value(v).expect("a scenario"));
            }
        }
        for s in scenarios.clone() {
            let mut unseeded = s.clone();
            unseeded.seed = None;
            scenarios.push(unseeded);
        }
        let (mut same, mut checked) = (0, 0);
        for e in library::EXERCISES.iter().take(2) {
            let mut ex = parse(e.yaml).expect("parses");
            for s in &scenarios {
                ex.scenario = s.clone();
                ex.scenario.seed = Some(ex.seed);
                for other in &scenarios {
                    let mut o = other.clone();
                    if o.seed.is_none() {
                        o.seed = Some(ex.seed);
                    }
                    let want = o.to_json() == ex.scenario.to_json();
                    assert_eq!(ex.scenario_matches(other), want, "{:?} vs {:?}", ex.scenario, other);
                    same += usize::from(want);
                    checked += 1;
                }
            }
        }
        assert!(same > 100 && checked > same * 10, "{same} of {checked}");
    }

    #[test]
    fn doc_reads_like_the_serde_derive() {
        let (mut checked, mut errors) = (0, 0);
        let mut paths: Vec<_> = std::fs::read_dir("exercises").expect("exercises/").filter_map(|e| e.ok()).collect();
        paths.sort_by_key(|e| e.path());
        for e in paths.iter().filter(|e| e.path().extension().is_some_and(|x| x == "yaml")) {
            let text = std::fs::read_to_string(e.path()).expect("readable");
            let root = source::parse_stream(&text).expect("parses").remove(0).root;
            let (c, n) = typed::differential::<Doc>(&root, "");
            checked += c;
            errors += n;
        }
        assert!(checked > 2_000 && errors > 200, "{checked} read, {errors} errors");
    }
}
