//! The whole input path, as the CLI and the page take it: text → parse → defaults →
//! validation → QoS → simulate (bounded to 10 virtual minutes) → every rendering (kubectl
//! rows, describe, watch, the text report, JSON), plus the page's scenario write-back.
//! Any panic, hang or unbounded allocation is a finding.
#![no_main]

use libfuzzer_sys::fuzz_target;
use podlife::app::Millis;

/// Fuzzed runs stop after 10 virtual minutes (the default), so one input stays fast.
const UNTIL_CAP_MS: i64 = 10 * 60_000;

fuzz_target!(|data: &[u8]| {
    // Invalid UTF-8 is refused before the core (CLI: exit 2; the page only has strings), so
    // map it to text rather than throw the input away.
    let text = String::from_utf8_lossy(data);
    let parsed = podlife::input::parse(&text);

    // Everything the CLI prints before simulating.
    let _ = serde_json::to_string(&podlife::report::validate(&parsed));
    let _ = serde_json::to_string(&podlife::report::qos(&parsed));
    let _ = serde_json::to_string(&podlife::report::effective(&parsed));
    let _ = serde_json::to_string(&podlife::report::status(&parsed, podlife::engine::timeline::timestamp(90_000)));
    for d in parsed.all_diagnostics() {
        let _ = d.message.len();
    }
    for doc in parsed.pods.iter().take(3) {
        let _ = doc.kubectl_errors();
        let _ = podlife::effective::effective_lines(doc);
    }

    // The page's scenario controls rewrite the Scenario document inside the text.
    let rewritten = podlife::scenario_doc::set_scenario(&text, &parsed.scenario);
    let _ = podlife::scenario_doc::remove_scenario(&rewritten);

    // Simulate what the API server would accept, as the CLI and the page do.
    if parsed.has_errors() {
        return;
    }
    let mut scenario = parsed.scenario.clone();
    let until = scenario.until.map_or(UNTIL_CAP_MS, |m| m.0.min(UNTIL_CAP_MS));
    scenario.until = Some(Millis(until));
    for doc in parsed.pods.iter().take(2) {
        let seed = u64::from(data.len() as u32);
        let tl = podlife::engine::simulate(&doc.pod, &scenario, seed);
        let _ = serde_json::to_string(&tl).expect("a timeline always serializes");
        for at in [-1, 0, 45_000, tl.until_ms / 2, tl.until_ms, i64::MAX] {
            let _ = tl.state_at(at);
            let _ = tl.describe_events(at);
            let _ = tl.watch_lines(at);
        }
        let _ = podlife::engine::text::render(&tl, tl.until_ms);
    }
});
