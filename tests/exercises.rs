//! The workshop exercises (`exercises/*.yaml`) and their grader: every exercise parses, its
//! starting spec fails and its reference solution passes, through the core and through the
//! CLI (`podlife exercise check`); bad exercise files are refused with a line and column; each
//! goal kind can pass and fail.
#![cfg(not(target_arch = "wasm32"))]

use podlife::exercise::{self, library, Exercise, Solution};

#[path = "support/cli.rs"]
mod support;
use support::podlife;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn solution(ex: &Exercise) -> String {
    match &ex.solution {
        Some(Solution::Inline(s)) => s.clone(),
        other => panic!("{}: the workshop set keeps its solutions inline, found {other:?}", ex.title),
    }
}

fn all() -> Vec<(&'static str, Exercise)> {
    library::EXERCISES
        .iter()
        .map(|e| (e.id, exercise::parse(e.yaml).unwrap_or_else(|d| panic!("{}: {d}", e.id))))
        .collect()
}

#[test]
fn the_workshop_set_is_complete_and_every_file_is_in_the_library() {
    let ids: Vec<&str> = library::EXERCISES.iter().map(|e| e.id).collect();
    assert!(ids.len() >= 10, "{ids:?}");
    let mut on_disk: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/exercises"))
        .expect("exercises/")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".yaml").map(str::to_string))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed, "every exercises/*.yaml is listed in src/exercise/library.rs");
    for (id, ex) in all() {
        assert!(!ex.goals.is_empty(), "{id}");
        assert!(ex.title_zh.is_some() && ex.instructions_zh.is_some(), "{id}: Chinese title and instructions");
        assert!(!ex.hints.is_empty() && ex.hints.len() == ex.hints_zh.len(), "{id}: hints in both languages");
        assert!(!ex.instructions.trim().is_empty(), "{id}");
        // Instructions render through the Markdown subset without leftover markers.
        for md in [ex.instructions.as_str(), ex.instructions_zh.as_deref().unwrap_or("")] {
            for b in exercise::markdown::parse(md) {
                if let exercise::markdown::Block::Paragraph(inl) = b {
                    for i in inl {
                        if let exercise::markdown::Inline::Text(t) = i {
                            assert!(!t.contains("**") && !t.contains('`'), "{id}: unrendered markup in {t:?}");
                        }
                    }
                }
            }
        }
        assert!(library::load(id).is_some());
        // The page's picker shows the library's compiled-in titles without fetching the file:
        // they must be the file's own.
        let entry = library::by_id(id).expect("entry");
        assert_eq!(entry.title, ex.title, "{id}: title in src/exercise/library.rs differs from the file's");
        assert_eq!(
            Some(entry.title_zh),
            ex.title_zh.as_deref(),
            "{id}: titleZh in src/exercise/library.rs differs from the file's"
        );
        assert_eq!(library::path(id), format!("exercises/{id}.yaml"));
    }
    // The topics the workshop's homework asks for are covered.
    let kinds: Vec<&str> = all().iter().flat_map(|(_, e)| e.goals.iter().map(|g| g.kind_name())).collect();
    for k in [
        "readyOnlyWhileListening",
        "gracefulShutdown",
        "qosClass",
        "probe",
        "env",
        "configFromConfigMap",
        "noRestarts",
        "statusAt",
    ] {
        assert!(kinds.contains(&k), "no exercise uses {k}");
    }
}

#[test]
fn every_start_fails_and_every_solution_passes_through_the_core() {
    for (id, ex) in all() {
        let start = exercise::check(&ex, &ex.start);
        assert!(start.valid, "{id}: the starting spec should be valid: {:?}", start.errors);
        assert!(!start.passed, "{id}: the starting spec passes:\n{}", start.to_text());
        assert!(start.goals.iter().any(|g| !g.passed));
        let sol = exercise::check(&ex, &solution(&ex));
        assert!(sol.passed, "{id}: the solution fails:\n{}", sol.to_text());
        assert!(sol.notes.is_empty(), "{id}: {:?}", sol.notes);
        // What the page loads (the spec plus the exercise's Scenario document) grades the same.
        let page = exercise::check(&ex, &ex.start_text());
        assert_eq!(page.goals, start.goals, "{id}");
        assert!(page.notes.is_empty(), "{id}: {:?}", page.notes);
        assert!(exercise::check(&ex, &ex.with_scenario(&solution(&ex))).passed, "{id}");
        // Every detail says something.
        for g in start.goals.iter().chain(sol.goals.iter()) {
            assert!(!g.detail.is_empty() && !g.description.is_empty() && !g.description_zh.is_empty(), "{id}: {g:?}");
        }
    }
}

#[test]
fn every_start_fails_and_every_solution_passes_through_the_cli() {
    let dir = std::env::temp_dir().join(format!("podlife-exercises-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    for (id, ex) in all() {
        let file = format!("{}/exercises/{id}.yaml", env!("CARGO_MANIFEST_DIR"));
        let start = dir.join(format!("{id}.start.yaml"));
        let sol = dir.join(format!("{id}.solution.yaml"));
        // `show --start` / `--solution` print what the student starts from and the solution.
        let shown = podlife(&["exercise", "show", &file, "--start"], b"");
        assert_eq!(shown.status.code(), Some(0));
        assert_eq!(text(&shown.stdout), ex.start_text());
        std::fs::write(&start, &shown.stdout).expect("write");
        let shown = podlife(&["exercise", "show", id, "--solution"], b"");
        assert_eq!(text(&shown.stdout), solution(&ex));
        std::fs::write(&sol, &shown.stdout).expect("write");

        let o = podlife(&["exercise", "check", &file, &start.to_string_lossy()], b"");
        assert_eq!(o.status.code(), Some(1), "{id}: {}", text(&o.stdout));
        assert!(text(&o.stdout).contains("[FAIL]"), "{id}");
        let o = podlife(&["exercise", "check", &file, &sol.to_string_lossy(), "-o", "json"], b"");
        assert_eq!(o.status.code(), Some(0), "{id}: {}", text(&o.stdout));
        let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        let core = exercise::check(&ex, &solution(&ex));
        assert_eq!(json, serde_json::to_value(&core).expect("value"), "{id}: CLI and core agree");
        // Standard input and a built-in id work too.
        let o = podlife(&["exercise", "check", id, "-"], solution(&ex).as_bytes());
        assert_eq!(o.status.code(), Some(0), "{id}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_json_report_has_the_documented_shape() {
    let o = podlife(
        &["exercise", "check", "graceful-start", "-", "-o", "json"],
        exercise_start("graceful-start").as_bytes(),
    );
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["exercise"], "Graceful start: no traffic before the app listens");
    assert_eq!(v["passed"], false);
    assert_eq!(v["valid"], true);
    assert_eq!(v["pod"], "web");
    assert!(v["errors"].as_array().is_some_and(|a| a.is_empty()));
    let g = &v["goals"][0];
    assert_eq!(g["goal"], "readyOnlyWhileListening");
    assert_eq!(g["passed"], false);
    assert_eq!(g["description"], "The pod is never Ready while web is not listening on :8080");
    assert!(g["description_zh"].as_str().is_some_and(|s| s.contains("web")));
    // What was observed, and when: Ready about 3.5 s in, listening from 15 s after start.
    let detail = g["detail"].as_str().unwrap_or("");
    assert!(detail.starts_with("Ready at ") && detail.contains("web listens on :8080 only from 1"), "{detail}");
    assert!(g["t_ms"].as_i64().is_some_and(|t| (2_000..6_000).contains(&t)), "{g}");
    assert!(g["line"].as_u64().is_some_and(|l| l > 0));
}

fn exercise_start(id: &str) -> String {
    library::load(id).expect("exercise").start
}

#[test]
fn an_invalid_spec_fails_every_goal_with_the_api_servers_error_and_its_place() {
    let ex = library::load("graceful-start").expect("exercise");
    let bad = ex.start.replace("periodSeconds: 10", "periodSeconds: 10\n      successThreshold: 2");
    let r = exercise::check(&ex, &bad);
    assert!(!r.valid && !r.passed);
    assert!(r.goals.iter().all(|g| !g.passed && g.detail.starts_with("not checked")), "{:?}", r.goals);
    let e = r.errors.iter().find(|e| e.message.contains("successThreshold")).expect("the validation error");
    assert_eq!(e.line, 19, "{e:?}");
    assert!(r.errors.iter().any(|e| e.message.starts_with("The Pod \"web\" is invalid")));
    // The same through the CLI: exit 1, the place on stderr.
    let o = podlife(&["exercise", "check", "graceful-start", "-"], bad.as_bytes());
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("-:19:"), "{}", text(&o.stderr));
    // Not YAML, and no pod at all.
    let r = exercise::check(&ex, "a: [");
    assert!(!r.valid && r.errors[0].line >= 1);
    let r = exercise::check(&ex, "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n");
    assert!(!r.valid && r.pod.is_none() && r.goals.iter().all(|g| !g.passed));
}

#[test]
fn unreadable_inputs_and_bad_exercise_files_exit_2() {
    let o = podlife(&["exercise", "check", "no-such-exercise", "-"], b"");
    assert_eq!(o.status.code(), Some(2));
    let o = podlife(&["exercise", "check", "graceful-start", "/no/such/file.yaml"], b"");
    assert_eq!(o.status.code(), Some(2));
    let dir = std::env::temp_dir().join(format!("podlife-bad-exercise-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let bad = dir.join("bad.yaml");
    std::fs::write(&bad, "title: t\nstart: |\n  kind: Pod\ngoals:\n- redyWithin: 10s\n").expect("write");
    let o = podlife(&["exercise", "check", &bad.to_string_lossy(), "-"], b"");
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains(
            "bad.yaml:5:3: goals[0].redyWithin: unknown goal kind \"redyWithin\" (did you mean \"readyWithin\"?)"
        ),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_solution_file_next_to_the_exercise_is_read_by_the_cli() {
    let dir = std::env::temp_dir().join(format!("podlife-solution-file-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let ex = library::by_id("log-level-env").expect("exercise").yaml;
    let sol = solution(&exercise::parse(ex).expect("parses"));
    let (head, _) = ex.split_once("solution: |").expect("inline solution");
    std::fs::write(dir.join("x.yaml"), format!("{head}solutionFile: x.solution.yaml\n")).expect("write");
    std::fs::write(dir.join("x.solution.yaml"), &sol).expect("write");
    let file = dir.join("x.yaml").to_string_lossy().into_owned();
    let o = podlife(&["exercise", "show", &file, "--solution"], b"");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout), sol);
    let parsed = exercise::parse(&std::fs::read_to_string(&file).expect("read")).expect("parses");
    assert_eq!(parsed.solution, Some(Solution::File("x.solution.yaml".into())));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn list_and_show() {
    let o = podlife(&["exercise", "list", "-o", "json"], b"");
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v.as_array().map(Vec::len), Some(library::EXERCISES.len()));
    assert_eq!(v[0]["id"], "graceful-start");
    let o = podlife(&["exercise", "show", "sigterm-trap"], b"");
    let out = text(&o.stdout);
    assert!(out.starts_with("# A shell as PID 1 ignores SIGTERM"), "{out}");
    assert!(out.contains(
        "Goals:\n- After the delete, every container exits on its own before SIGKILL, within 3 s, with exit code 0"
    ));
    assert!(out.contains("Hints:\n1. "));
}

/// Bad exercise files: every problem has a line, a column and a precise message.
#[test]
fn exercise_file_errors_are_positioned() {
    let err = |text: &str| -> Vec<String> {
        match exercise::parse(text) {
            Ok(_) => panic!("should not parse: {text}"),
            Err(d) => d.0.iter().map(|p| p.to_string()).collect(),
        }
    };
    let base = "title: T\nstart: |\n  apiVersion: v1\n";
    assert_eq!(
        err(&format!("{base}goals:\n- readyWithin: 10s\n  qosClass: Guaranteed\n")),
        ["6:3: goals[0].qosClass: one goal per list item: \"readyWithin\" and \"qosClass\" are two goals; put each in its own `- ` item"]
    );
    assert_eq!(
        err(&format!("{base}goals:\n- readyWithin: soon\n")),
        ["5:16: goals[0].readyWithin: invalid duration \"soon\""]
    );
    assert_eq!(
        err(&format!("{base}goals:\n- qosClass: Guarenteed\n")),
        ["5:13: goals[0].qosClass: \"Guarenteed\" is not one of Guaranteed, Burstable, BestEffort (did you mean \"Guaranteed\"?)"]
    );
    assert_eq!(
        err(&format!("{base}goals:\n- probe: {{type: readyness}}\n")),
        ["5:17: goals[0].probe.type: \"readyness\" is not one of liveness, readiness, startup (did you mean \"readiness\"?)"]
    );
    assert_eq!(
        err(&format!("{base}goals:\n- noRestarts: {{untill: 5m}}\n")),
        ["5:16: unknown field \"goals[0].noRestarts.untill\" (did you mean \"until\"?)"]
    );
    assert_eq!(
        err(&format!("{base}goals:\n- statusAt: {{phase: Running}}\n")),
        ["5:13: goals[0].statusAt: missing required field \"at\""]
    );
    assert_eq!(
        err(&format!("{base}goals:\n- restarts: {{}}\n")),
        ["5:13: goals[0].restarts: restarts needs `min`, `max` or both"]
    );
    assert_eq!(err(&format!("{base}goals: []\n")), ["4:8: goals: at least one goal is needed"]);
    assert_eq!(err(&format!("{base}goals:\n- readyWithin\n")), ["5:3: goals[0]: a goal is a mapping with one key naming its kind (e.g. `readyWithin: 10s`), found the string \"readyWithin\""]);
    assert_eq!(
        err(&format!("{base}goal:\n- valid: {{}}\n")),
        [
            "1:1: goals: required: a list of goals (e.g. `- readyWithin: 10s`)",
            "4:1: unknown field \"goal\" (did you mean \"goals\"?)"
        ]
    );
    assert_eq!(err("start: x\ngoals:\n- valid: {}\n"), ["1:1: title: required: the exercise's title"]);
    assert_eq!(
        err(&format!("{base}scenario:\n  delete: {{att: 30s}}\ngoals:\n- valid: {{}}\n")),
        ["5:12: unknown field \"scenario.delete.att\" (did you mean \"at\"?)"]
    );
    assert_eq!(
        err(&format!("kind: Exercize\n{base}goals:\n- valid: {{}}\n")),
        ["1:7: kind: must be \"Exercise\", found \"Exercize\""]
    );
    assert_eq!(
        err(&format!("{base}duration: 0s\ngoals:\n- valid: {{}}\n")),
        ["4:11: duration: must be more than 0 and at most 30 days (720h)"]
    );
    assert_eq!(err(""), ["1:1: empty file: an exercise is one YAML mapping"]);
    assert_eq!(err("- a\n"), ["1:1: an exercise is a mapping (title, start, goals, …), found a list"]);
    assert!(err("title: [\n")[0].contains("not YAML"));
    assert_eq!(
        err(&format!("{base}goals:\n- valid: {{}}\n---\ntitle: 2\n")),
        ["7:1: an exercise file holds one YAML document (found a second `---` document)"]
    );
}

const POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: demo
spec:
  containers:
  - name: app
    image: registry.k8s.io/e2e-test-images/agnhost:2.39
    args: [netexec, --http-port=8080]
    ports:
    - containerPort: 8080
    env:
    - {name: MODE, value: fast}
    - name: LOG_LEVEL
      valueFrom:
        configMapKeyRef: {name: cfg, key: level}
    readinessProbe:
      tcpSocket: {port: 8080}
      periodSeconds: 2
";

fn grade(goals: &str, scenario: &str, spec: &str) -> Vec<(bool, String)> {
    let text = format!("title: T\nstart: x\nscenario: {scenario}\nduration: 2m\ngoals:\n{goals}");
    let ex = exercise::parse(&text).unwrap_or_else(|d| panic!("{d}"));
    let r = exercise::check(&ex, spec);
    assert!(r.valid, "{:?}", r.errors);
    r.goals.into_iter().map(|g| (g.passed, g.detail)).collect()
}

/// Each goal kind can pass and fail, and says what it saw.
#[test]
fn goal_kinds_pass_and_fail_on_what_they_observe() {
    let r = grade(
        "- valid: {}\n- env: {name: MODE, from: value}\n- env: {name: LOG_LEVEL, from: value}\n- env: {name: NOPE}\n\
         - probe: {type: readiness, handler: tcpSocket}\n- probe: {type: readiness, handler: httpGet}\n\
         - configFromConfigMap: {}\n- configFromConfigMap: {env: MODE}\n- qosClass: BestEffort\n- qosClass: Guaranteed\n",
        "{}",
        POD,
    );
    let expect = [
        (true, "the API server accepts Pod \"demo\""),
        (true, "MODE = \"fast\""),
        (false, "LOG_LEVEL from ConfigMap cfg key level, but it should come from value"),
        (false, "app has no environment variable NOPE"),
        (true, "readinessProbe: tcpSocket, every 2 s, failureThreshold 3"),
        (false, "readinessProbe: tcpSocket, every 2 s, failureThreshold 3, but it should use httpGet"),
        (true, "LOG_LEVEL comes from ConfigMap cfg"),
        (
            false,
            "MODE is written in the spec itself (value \"fast\"): changing it means changing the Pod, not a ConfigMap",
        ),
        (true, "the QoS class is BestEffort"),
        (false, "the QoS class is BestEffort: no container sets cpu or memory requests or limits"),
    ];
    for (i, (got, want)) in r.iter().zip(expect.iter()).enumerate() {
        assert_eq!((got.0, got.1.as_str()), (want.0, want.1), "goal {i}");
    }

    // Trace goals: a 10 s start, a delete at 60 s with a 20 s drain.
    let scen = "{delete: {at: 60s}, containers: {app: {startup: 10s, sigterm: {action: drain, drain: 20s}}}}";
    let r = grade(
        "- readyWithin: 30s\n- readyWithin: 5s\n- readyOnlyWhileListening: {}\n- servesAfterDelete: {for: 5s}\n\
         - gracefulShutdown: {}\n- gracefulShutdown: {within: 10s}\n- statusAt: {at: 30s, phase: Running, ready: true, terminating: false}\n\
         - statusAt: {at: 70s, terminating: true, ready: true}\n- noRestarts: {}\n- restarts: {min: 1}\n- noContainerReason: {reason: Error}\n",
        scen,
        POD,
    );
    assert!(r[0].0 && r[0].1.starts_with("Ready at 1"), "{:?}", r[0]);
    assert!(!r[1].0 && r[1].1.starts_with("first Ready at 1") && r[1].1.contains("later than 5 s"), "{:?}", r[1]);
    assert!(r[2].0 && r[2].1.contains("app listens on :8080 from 1"), "{:?}", r[2]);
    // Draining: the process stops listening at once on SIGTERM.
    assert!(!r[3].0 && r[3].1.contains("stopped listening on :8080 at 1 min 0.1 s"), "{:?}", r[3]);
    assert!(r[4].0 && r[4].1.contains("exited 0 at 1 min 20.1 s"), "{:?}", r[4]);
    assert!(!r[5].0 && r[5].1.contains("more than 10 s"), "{:?}", r[5]);
    assert!(r[6].0, "{:?}", r[6]);
    assert!(!r[7].0 && r[7].1.contains("being deleted since 1 min"), "{:?}", r[7]);
    assert!(r[8].0 && r[8].1 == "no restarts in 2 min", "{:?}", r[8]);
    assert!(!r[9].0, "{:?}", r[9]);
    assert!(r[10].0, "{:?}", r[10]);

    // Not deleted at all: the shutdown goals say so instead of passing.
    let r = grade(
        "- gracefulShutdown: {}\n- servesAfterDelete: {for: 1s}\n- readyOnlyWhileListening: {container: nope}\n",
        "{}",
        POD,
    );
    assert_eq!(
        r[0],
        (false, "the pod was not deleted in the 2 min simulated, so there is no shutdown to check".into())
    );
    assert!(!r[1].0);
    assert_eq!(r[2], (false, "the pod has no container named \"nope\" (its containers: app)".into()));
}

/// A Scenario document in the student's file does not change the grade.
#[test]
fn the_exercises_scenario_wins_over_the_students() {
    let ex = library::load("sigterm-trap").expect("exercise");
    let cheat = format!("{}---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  until: 10s\n", ex.start);
    let r = exercise::check(&ex, &cheat);
    assert!(!r.passed);
    assert_eq!(
        r.notes,
        ["the Scenario document in the spec differs from the exercise's: grading uses the exercise's scenario"]
    );
}

/// The engine records when each container's process listens (what `readyOnlyWhileListening`
/// and `servesAfterDelete` read).
#[test]
fn the_engine_records_listening_spans() {
    let p = podlife::input::parse(podlife::examples::by_id("early-traffic").expect("example").yaml);
    let tl = podlife::engine::simulate(&p.pods[0].pod, &p.scenario, 1);
    let started = tl.events.iter().find(|e| e.reason == "Started").expect("Started").t_ms;
    assert_eq!(tl.listening.len(), 1, "{:?}", tl.listening);
    let l = &tl.listening[0];
    assert_eq!((l.container.as_str(), l.port, l.from_ms, l.to_ms), ("web", 8080, started + 15_000, None));
    // A delete: listening stops when the process exits.
    let text = format!("{}  delete: {{at: 60s}}\n", podlife::examples::by_id("early-traffic").expect("example").yaml);
    let p = podlife::input::parse(&text);
    let tl = podlife::engine::simulate(&p.pods[0].pod, &p.scenario, 1);
    let exit = tl.containers.iter().find(|c| c.state == "terminated").expect("terminated");
    let to = tl.listening[0].to_ms.expect("stops listening");
    assert!(to >= 60_000 && to <= exit.from_ms, "{to} vs exit seen at {}", exit.from_ms);
}
