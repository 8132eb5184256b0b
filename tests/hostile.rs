//! Hostile input: every case is answered by a clear error or a bounded result, never a panic,
//! a hang or unbounded memory. The tests assert the outcome (the error text, the size of the
//! output, the number of events), not wall time: the "within a second" figures are measured by
//! `benches/core.rs` (see BENCHMARKS.md). Cases found by fuzzing (`fuzz/`) are kept here as
//! regression tests, each with what went wrong.
#![cfg(not(target_arch = "wasm32"))]

use std::process::{Command, Output, Stdio};

use podlife::engine::{simulate, Timeline};
use podlife::input::{parse, Parsed};

/// The first error diagnostic of the whole input.
fn first_error(p: &Parsed) -> String {
    p.all_diagnostics().into_iter().map(|d| d.message).next().unwrap_or_default()
}

fn sim(yaml: &str) -> (Parsed, Timeline) {
    let parsed = parse(yaml);
    assert!(!parsed.has_errors(), "unexpected errors: {:?}", parsed.all_diagnostics());
    let tl = simulate(&parsed.pods[0].pod, &parsed.scenario, 1);
    (parsed, tl)
}

#[path = "support/cli.rs"]
mod support;
use support::podlife as cli;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const POD: &str =
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, image: nginx:1.27}\n";

// ------------------------------------------------------------------ YAML alias bombs

/// "Billion laughs": nine levels of nine aliases each would be 9⁹ ≈ 387 million nodes.
fn billion_laughs() -> String {
    let mut s = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let mut prev = 'a';
    for n in 'b'..='i' {
        let r = format!("*{prev}");
        s.push_str(&format!("{n}: &{n} [{}]\n", [r.as_str(); 9].join(",")));
        prev = n;
    }
    s
}

#[test]
fn alias_bomb_is_refused_with_a_clear_error() {
    let p = parse(&billion_laughs());
    assert!(p.pods.is_empty());
    assert!(first_error(&p).contains("expands to more than 250000 nodes"), "{}", first_error(&p));
}

#[test]
fn alias_bomb_inside_a_pod_and_a_scenario_is_refused() {
    let bomb = billion_laughs().replace('\n', "\n  ");
    let in_pod = format!("{POD}  x-bomb:\n  {bomb}\n");
    assert!(first_error(&parse(&in_pod)).contains("expands to more than"));
    let in_scenario =
        format!("{POD}---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  until: 1m\n  x:\n  {bomb}\n");
    let p = parse(&in_scenario);
    assert!(first_error(&p).contains("expands to more than"), "{}", first_error(&p));
}

#[test]
fn merge_keys_of_merge_keys_stay_bounded() {
    // `<<:` merges of merges: the merged keys are deduplicated, so forty levels of four-way
    // merges hold 8 + 39 keys, and every alias still counts toward the node limit.
    let mut s = String::from("l0: &l0 {k0: 0, k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, k6: 6, k7: 7}\n");
    for i in 1..40 {
        s.push_str(&format!("l{i}: &l{i}\n  <<: [*l{p}, *l{p}, *l{p}, *l{p}]\n  m{i}: x\n", p = i - 1));
    }
    let docs = podlife::source::parse_stream(&s).expect("parses");
    match &docs[0].root.get("l39").expect("l39").value {
        podlife::source::Value::Map(entries) => assert_eq!(entries.len(), 8 + 39),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_mapping_with_a_hundred_thousand_keys_is_read_whole() {
    // Was quadratic (each key compared with every earlier one for duplicates): 40 s for 125,000
    // keys. Now one hash lookup per key once a mapping outgrows 32 keys; the benchmark
    // `hostile: 100,000 annotations` measures it.
    let mut s = String::from("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n");
    for i in 0..100_000 {
        s.push_str(&format!("    k{i}: v\n"));
    }
    s.push_str("    k7: again\nspec:\n  containers:\n  - {name: a, image: nginx}\n");
    let p = parse(&s);
    let d = p.all_diagnostics();
    // The duplicate is found and reported where upstream reports it.
    assert!(
        d.iter().any(|d| d.message.ends_with("mapping key \"k7\" already defined at line 13")),
        "{:?}",
        &d[..d.len().min(3)]
    );
    // And the same through the general reader (an anchor makes the fast reader decline).
    let p = parse(&s.replace("  annotations:\n", "  annotations: &big\n"));
    assert!(p.all_diagnostics().iter().any(|d| d.message.ends_with("mapping key \"k7\" already defined at line 13")));
}

#[test]
fn merging_two_large_maps_keeps_every_key_once() {
    let mut s = String::from("a: &a\n");
    for i in 0..20_000 {
        s.push_str(&format!("  k{i}: 1\n"));
    }
    s.push_str("b:\n  <<: *a\n  k5: 2\n  extra: 3\n");
    let docs = podlife::source::parse_stream(&s).expect("parses");
    let b = docs[0].root.get("b").expect("b");
    match &b.value {
        podlife::source::Value::Map(entries) => {
            assert_eq!(entries.len(), 20_001);
            assert_eq!(b.get("k5").map(|n| &n.value), Some(&podlife::source::Value::Int(2)));
        }
        other => panic!("{other:?}"),
    }
}

// ------------------------------------------------------------------ size

#[test]
fn a_ten_megabyte_document_is_refused_at_once() {
    let mut s = String::from(POD);
    s.push_str("  # ");
    s.push_str(&"x".repeat(10_000_000));
    s.push('\n');
    let p = parse(&s);
    assert!(p.pods.is_empty());
    assert_eq!(
        first_error(&p),
        "the input is 10.0 MB; the API server accepts at most 3145728 bytes (3 MiB) in one request, and so does podlife"
    );
}

#[test]
fn the_cli_reads_at_most_the_limit_from_standard_input() {
    // 64 MB on stdin: the CLI keeps 3 MiB + 1 byte, answers, and reads the rest without keeping
    // it (so the writer is not cut off).
    let big = vec![b'#'; 64 << 20];
    let o = cli(&["validate", "-"], &big);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("the input is over 3 MiB; the API server accepts at most 3145728 bytes"),
        "{}",
        stderr(&o)
    );
    // An endless input (/dev/zero): it used to be read until memory ran out; now the CLI stops
    // after 256 MiB and answers.
    if let Ok(zero) = std::fs::File::open("/dev/zero") {
        let o = Command::new(env!("CARGO_BIN_EXE_podlife"))
            .args(["validate", "-"])
            .stdin(Stdio::from(zero))
            .output()
            .expect("run podlife");
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(stderr(&o).contains("the input is over 3 MiB"), "{}", stderr(&o));
    }
}

#[test]
fn a_single_three_megabyte_line_is_bounded() {
    // Just under the limit: a 3,000,000-character container name. One error, whose text is
    // kubectl's (it quotes the value), so the output is linear in the input.
    let name = "a".repeat(3_000_000);
    let s = format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n  - {{name: {name}, image: nginx}}\n"
    );
    let p = parse(&s);
    let errors = &p.pods[0].validation.errors;
    assert!(!errors.is_empty());
    let text = p.pods[0].kubectl_errors();
    assert!(text.contains("must be no more than 63 characters"), "{}", &text[..200]);
    assert!(text.len() < 4 * s.len(), "{} bytes of errors for {} of input", text.len(), s.len());
}

// ------------------------------------------------------------------ many containers

fn many_containers(n: usize) -> String {
    let mut s = String::from("apiVersion: v1\nkind: Pod\nmetadata: {name: many}\nspec:\n  containers:\n");
    for i in 0..n {
        s.push_str(&format!("  - {{name: c{i}, image: busybox:1.36, command: [sh, -c, 'sleep {}; exit 1']}}\n", i % 7));
    }
    s
}

#[test]
fn ten_thousand_containers_validate_and_simulate_bounded() {
    let mut s = many_containers(10_000);
    s.push_str("---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec: {until: 2m}\n");
    let (parsed, tl) = sim(&s);
    assert_eq!(parsed.pods[0].pod.spec.as_ref().map(|s| s.containers.len()), Some(10_000));
    assert!(!tl.truncated);
    assert_eq!(tl.until_ms, 120_000);
    // One Started per container at most once per 10 s back-off step: bounded by containers × 12.
    assert!(tl.events.len() <= 10_000 * 12 * 4, "{} events", tl.events.len());
    let json = serde_json::to_string(&tl).expect("json");
    assert!(json.len() < 200 << 20, "{} bytes", json.len());
    // The kubectl views at the end are bounded too.
    assert!(tl.watch_lines(tl.until_ms).lines().count() <= tl.status.len() + 1);
    assert!(tl.describe_events(tl.until_ms).lines().count() <= tl.events.len() + 3);
}

#[test]
fn ten_thousand_duplicate_container_names_give_one_error_each() {
    let mut s = String::from("apiVersion: v1\nkind: Pod\nmetadata: {name: dup}\nspec:\n  containers:\n");
    for _ in 0..10_000 {
        s.push_str("  - {name: x, image: busybox}\n");
    }
    let p = parse(&s);
    let errors = &p.pods[0].validation.errors;
    let dups = errors.iter().filter(|e| e.error_type == podlife::field::ErrorType::Duplicate).count();
    assert_eq!(dups, 9_999, "{:?}", &errors[..errors.len().min(2)]);
    // kubectl's text lists each: linear in the input.
    assert!(p.pods[0].kubectl_errors().len() < 100 * s.len());
}

// ------------------------------------------------------------------ huge and negative numbers

#[test]
fn a_grace_period_of_ten_to_the_twelve_seconds_is_reported_and_bounded() {
    let s = "apiVersion: v1\nkind: Pod\nmetadata: {name: g}\nspec:\n  terminationGracePeriodSeconds: 1000000000000\n  containers:\n  - {name: a, image: busybox:1.36, command: [sh, -c, \"trap '' TERM; sleep 100000\"]}\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec: {delete: {at: 10s}, until: 1h}\n";
    let (_, tl) = sim(s);
    assert_eq!(tl.until_ms, 3_600_000);
    let g = tl.grace.first().expect("a grace window");
    assert_eq!(g.grace_seconds, 1_000_000_000_000);
    assert_eq!(g.kill_ms, g.stop_ms + 1_000_000_000_000_000, "the SIGKILL is due 10^15 ms later");
    assert!(tl.signals.iter().all(|s| s.signal != "SIGKILL"), "no SIGKILL within the hour");
    assert!(tl.events.len() < 50, "{} events", tl.events.len());
}

#[test]
fn int64_max_grace_periods_do_not_overflow() {
    // Found by hand: `now + grace * 1000` overflowed (a panic in debug builds, a wrapped,
    // negative kill time in release builds).
    let s = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  terminationGracePeriodSeconds: 9223372036854775807\n  containers:\n  - name: a\n    image: nginx\n  - name: b\n    image: busybox\n    command: [sh, -c, \"trap '' TERM; sleep 1000000\"]\n    lifecycle: {preStop: {sleep: {seconds: 9223372036854775807}}}\n    livenessProbe: {exec: {command: [\"false\"]}, periodSeconds: 1, terminationGracePeriodSeconds: 9223372036854775807}\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec: {delete: {at: 10s, gracePeriodSeconds: 9223372036854775807}, until: 99999999999h}\n";
    let (_, tl) = sim(s);
    assert_eq!(tl.until_ms, 30 * 24 * 3_600_000, "until is capped at 30 days");
    for g in &tl.grace {
        assert!(g.kill_ms >= g.stop_ms, "{g:?}");
    }
    assert!(tl.events.windows(2).all(|w| w[0].t_ms <= w[1].t_ms));
    assert!(tl.events.iter().all(|e| e.t_ms >= 0 && e.t_ms <= tl.until_ms));
}

#[test]
fn extreme_tolerations_and_deadlines_do_not_overflow() {
    let s = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  activeDeadlineSeconds: 2147483647\n  tolerations:\n  - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 9223372036854775807}\n  - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: -9223372036854775808}\n  containers:\n  - {name: a, image: nginx}\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec: {node: {fail: {at: 10s}}, until: 30d}\n";
    let (_, tl) = sim(s);
    assert!(tl.events.iter().all(|e| e.t_ms >= 0 && e.t_ms <= tl.until_ms));
}

#[test]
fn the_smallest_int64_is_an_integer() {
    // Was read as the float -9.223372036854776e18 (the digits overflowed before the sign was
    // applied), so an int64 field holding it was a type error.
    let docs = podlife::source::parse_stream("a: -9223372036854775808\nb: -0x8000000000000000\n").expect("parses");
    assert_eq!(docs[0].root.get("a").map(|n| &n.value), Some(&podlife::source::Value::Int(i64::MIN)));
    assert_eq!(docs[0].root.get("b").map(|n| &n.value), Some(&podlife::source::Value::Int(i64::MIN)));
}

#[test]
fn negative_numbers_get_the_api_servers_errors() {
    let s = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  terminationGracePeriodSeconds: -1\n  activeDeadlineSeconds: 0\n  containers:\n  - name: a\n    image: nginx\n    ports: [{containerPort: -80}]\n    resources: {requests: {cpu: \"-1\"}}\n    livenessProbe: {tcpSocket: {port: 80}, periodSeconds: -1, initialDelaySeconds: -5}\n";
    let p = parse(s);
    let text = p.pods[0].kubectl_errors();
    for want in [
        "spec.containers[0].ports[0].containerPort: Invalid value: -80: must be between 1 and 65535, inclusive",
        "spec.containers[0].resources.requests.cpu: Invalid value: \"-1\": must be greater than or equal to 0",
        "spec.containers[0].livenessProbe.initialDelaySeconds: Invalid value: -5: must be greater than or equal to 0",
        "spec.containers[0].livenessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0",
        "spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    // A negative grace is a warning, as upstream: treated as 1.
    assert!(p.pods[0]
        .validation
        .warnings
        .iter()
        .any(|w| w.contains("negative values are invalid and will be treated as 1")));
}

#[test]
fn overflowing_numbers_are_type_errors_with_their_path() {
    for (field, value, want) in [
        ("terminationGracePeriodSeconds", "99999999999999999999", "expected an integer (int64)"),
        ("activeDeadlineSeconds", "1e400", "expected an integer (int64)"),
    ] {
        let s = format!("apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  {field}: {value}\n  containers:\n  - {{name: a, image: nginx}}\n");
        let e = first_error(&parse(&s));
        assert!(e.contains(&format!("spec.{field}: {want}")), "{field}: {e}");
    }
    let s = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, image: nginx, ports: [{containerPort: 4294967296}]}\n";
    let e = first_error(&parse(s));
    assert!(
        e.contains("spec.containers[0].ports[0].containerPort: invalid value the integer 4294967296, expected i32"),
        "{e}"
    );
    // Quantities: too large or not numbers at all.
    for q in ["1e400", "99999999999999999999999999999999999999Ei", "-0.0000000000000000000000001"] {
        let s = format!("apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n  - {{name: a, image: nginx, resources: {{limits: {{memory: \"{q}\"}}}}}}\n");
        let p = parse(&s);
        assert!(p.has_errors() || !p.pods.is_empty(), "{q}: neither an answer nor an error");
        if let Some(doc) = p.pods.first() {
            let _ = doc.kubectl_errors();
        }
    }
    // The Scenario's own durations.
    for until in ["99999999999999999999h", "-5s", "1e999s"] {
        let s = format!("{POD}---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec: {{until: \"{until}\"}}\n");
        let p = parse(&s);
        if !p.has_errors() {
            let tl = simulate(&p.pods[0].pod, &p.scenario, 1);
            assert!((0..=30 * 24 * 3_600_000).contains(&tl.until_ms), "{until}: {}", tl.until_ms);
        }
    }
}

// ------------------------------------------------------------------ invalid UTF-8 (CLI)

#[test]
fn invalid_utf8_through_the_cli_exits_2_with_the_offset() {
    let mut bytes = POD.as_bytes().to_vec();
    bytes.extend_from_slice(b"  # \xff\xfe broken\n");
    for cmd in ["validate", "qos", "defaults", "status", "simulate"] {
        let o = cli(&[cmd, "-"], &bytes);
        assert_eq!(o.status.code(), Some(2), "{cmd}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(&format!("-: not UTF-8 text (invalid byte at offset {})", POD.len() + 4)),
            "{cmd}: {}",
            stderr(&o)
        );
    }
    // A lone surrogate encoded as UTF-8 (CESU) and an overlong NUL are not UTF-8 either.
    for bad in [&b"\xed\xa0\x80"[..], b"\xc0\x80"] {
        let o = cli(&["validate", "-"], bad);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    }
    // Through a --scenario file too.
    let dir = std::env::temp_dir().join(format!("podlife-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let scen = dir.join("scenario.yaml");
    std::fs::write(&scen, b"kind: Scenario\n\xff\n").expect("write");
    let o = cli(&["simulate", "-", "--scenario", scen.to_str().expect("path")], POD.as_bytes());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("not UTF-8 text"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn control_characters_bom_and_crlf_give_answers() {
    for s in [
        format!("\u{feff}{POD}"),
        POD.replace('\n', "\r\n"),
        POD.replace("name: p", "name: \"p\\0\\x07\""),
        POD.replace("name: p", "name: \"\u{202e}evil\""),
    ] {
        let p = parse(&s);
        // Either a pod or a diagnostic that says why not: never silence.
        assert!(!p.pods.is_empty() || !p.all_diagnostics().is_empty(), "{s:?}");
    }
    // Raw control characters are refused as go-yaml refuses them. yaml-rust2 ended the stream
    // at a NUL, so "\0\0\0" used to read as an empty input (no pod, no error, exit 0).
    for (s, at) in
        [("\0\0\0", (1, 1)), ("a: b\nc: \u{1b}[31m\n", (2, 4)), ("a: \u{7f}", (1, 4)), ("a: \u{fffe}", (1, 4))]
    {
        let p = parse(s);
        let d = p.all_diagnostics();
        assert_eq!(d.len(), 1, "{s:?}");
        assert!(
            d[0].message.starts_with("YAML syntax error: control characters are not allowed"),
            "{s:?}: {}",
            d[0].message
        );
        assert_eq!((d[0].pos.line, d[0].pos.col), at, "{s:?}");
    }
    let o = cli(&["validate", "-"], b"\0\0\0");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

// ------------------------------------------------------------------ deep nesting

#[test]
fn deeply_nested_flow_collections_are_refused() {
    for (open, close) in [("[", "]"), ("{a: ", "}"), ("[{a: ", "}]"), ("{\"a\":", "}")] {
        let s = format!("{}1{}", open.repeat(100_000), close.repeat(100_000));
        let e = first_error(&parse(&s));
        assert!(e.contains("nesting deeper than 100 levels") || e.contains("recursion limit"), "{open}: {e}");
    }
    // Unclosed: the same answer, no stack overflow.
    let e = first_error(&parse(&"[".repeat(1_000_000)));
    assert!(e.contains("nesting deeper") || e.contains("recursion limit"), "{e}");
    // Deep block indentation and deep nesting inside a pod and a scenario.
    let block: String = (0..2_000).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
    assert!(first_error(&parse(&block)).contains("nesting deeper"), "{}", first_error(&parse(&block)));
    let in_pod = format!("{POD}  x: {}1{}\n", "[".repeat(5_000), "]".repeat(5_000));
    assert!(!first_error(&parse(&in_pod)).is_empty());
    let in_scenario = format!(
        "{POD}---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec: {}\n",
        "{a: ".repeat(5_000) + &"}".repeat(5_000)
    );
    assert!(!first_error(&parse(&in_scenario)).is_empty());
}

#[test]
fn many_small_documents_are_bounded() {
    let pods = |n: usize| -> String {
        (0..n).map(|i| format!("---\napiVersion: v1\nkind: Pod\nmetadata: {{name: p{i}}}\nspec: {{containers: [{{name: a, image: x}}]}}\n")).collect()
    };
    // 10,000 pods in one paste: each is read (the CLI and the page simulate one).
    let p = parse(&pods(10_000));
    assert_eq!(p.pods.len(), 10_000);
    assert!(!p.has_errors());
    // 30,000 (2.8 MB, under the size limit): over the node limit of the stream, refused.
    let p = parse(&pods(30_000));
    assert!(p.pods.is_empty());
    assert!(first_error(&p).contains("expands to more than 250000 nodes"), "{}", first_error(&p));
}

// ------------------------------------------------------------------ hostile shell commands

/// A pod whose main command, exec liveness probe and postStart hook all run `script`.
fn shell_pod(script: &str) -> String {
    let q = serde_json::to_string(script).expect("json");
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers:\n  - name: a\n    image: busybox\n    command: [sh, -c, {q}]\n    livenessProbe: {{exec: {{command: [sh, -c, {q}]}}, periodSeconds: 1, timeoutSeconds: 1}}\n  - name: b\n    image: busybox\n    command: [sleep, '3600']\n    lifecycle: {{postStart: {{exec: {{command: [sh, -c, {q}]}}}}}}\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec: {{until: 2m, delete: {{at: 60s}}}}\n"
    )
}

#[test]
fn busy_loops_in_exec_probes_and_hooks_time_out() {
    // Found by hand: an exec probe or hook that never sleeps ran 10,000 × 20,000 shell
    // operations per execution (minutes per probe); `$(…)` nesting multiplied that again.
    for script in [
        "while true; do :; done",
        "i=0; while [ $i -lt 100000000 ]; do i=$((i+1)); done",
        "while true; do x=$(while true; do :; done); done",
        "f(){ f; }; f",
    ] {
        let (_, tl) = sim(&shell_pod(script));
        assert!(!tl.truncated, "{script}");
        // The liveness probe of `a` is answered (as a timeout or failure), once per period at most.
        let probes = tl.probes.iter().filter(|p| p.container == "a").count();
        assert!(probes <= 130, "{script}: {probes} probe runs");
        let json = serde_json::to_string(&tl).expect("json");
        assert!(json.len() < 1 << 20, "{script}: {} bytes", json.len());
    }
}

#[test]
fn memory_bombs_in_scripts_stay_bounded() {
    // Found by hand: `x="$x$x"` in a loop doubled a string until memory ran out; copying a file
    // into itself twice per iteration did ~1 MiB of work per operation (61 s in a debug build).
    for script in [
        "x=a; while true; do x=\"$x$x\"; done",
        "while true; do echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa >> /tmp/f; cat /tmp/f /tmp/f > /tmp/g; cp /tmp/g /tmp/f; done",
        "x=$(seq 1 10000000); echo $x$x$x$x$x$x$x$x",
        "seq 1 100000000000",
        "yes | head -c 100000000",
    ] {
        let (_, tl) = sim(&shell_pod(script));
        let json = serde_json::to_string(&tl).expect("json");
        assert!(json.len() < 4 << 20, "{script}: {} bytes", json.len());
    }
}
