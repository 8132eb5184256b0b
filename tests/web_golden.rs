//! In headless Chromium: the wasm build of the engine gives the same JSON, byte for byte, as
//! the native build's golden files (`tests/golden.rs`).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// One example: its id, its text and its reviewed golden timeline.
macro_rules! golden {
    ($id:literal) => {
        ($id, include_str!(concat!("../examples/", $id, ".yaml")), include_str!(concat!("golden/", $id, ".json")))
    };
}

/// Every example's golden timeline (kept in step with `examples/` by the length check below),
/// with the example's text (the wasm library compiles in only the default example's: the page
/// fetches the others).
const GOLDEN: &[(&str, &str, &str)] = &[
    golden!("crashloop"),
    golden!("early-traffic"),
    golden!("emptydir-sizelimit"),
    golden!("failing-init"),
    golden!("httpserver"),
    golden!("image-pull-backoff"),
    golden!("job-completes"),
    golden!("long-lived-connections"),
    golden!("missing-configmap"),
    golden!("nginx-prestop-quit"),
    golden!("node-failure-fast"),
    golden!("node-failure"),
    golden!("oomkilled"),
    golden!("readiness-gates"),
    golden!("shell-pid1-sigterm"),
    golden!("sidecar"),
    golden!("startup-probe"),
    golden!("rolling-update-traffic"),
    golden!("quota-deadlock"),
    golden!("spread-node-failure"),
];

#[wasm_bindgen_test]
fn wasm_timelines_equal_the_native_golden_files() {
    assert_eq!(GOLDEN.len(), podlife::examples::EXAMPLES.len());
    let httpserver = GOLDEN.iter().find(|g| g.0 == "httpserver").expect("httpserver");
    assert_eq!(httpserver.1, podlife::examples::DEFAULT_YAML);
    for (id, yaml, golden) in GOLDEN {
        assert!(podlife::examples::by_id(id).is_some(), "{id}: not in the library");
        let parsed = podlife::input::parse(yaml);
        let tl = podlife::engine::simulate(&parsed.pods[0].pod, &parsed.scenario, 1);
        let json = serde_json::to_string_pretty(&tl).expect("json") + "\n";
        assert!(json == *golden, "{id}: wasm timeline differs from tests/golden/{id}.json");
        // The page's JSON export writes it by hand.
        let page = podlife::report::timeline_json(&tl) + "\n";
        assert!(page == *golden, "{id}: the page's JSON export differs from tests/golden/{id}.json");
    }
}
