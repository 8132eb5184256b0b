//! In headless Chromium: the wasm build of the engine gives the same JSON, byte for byte, as
//! the native build's golden files (`tests/golden.rs`).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Every example's golden timeline (kept in step with `examples/` by the length check below),
/// with the example's text (the wasm library compiles in only the default example's: the page
/// fetches the others).
const GOLDEN: &[(&str, &str, &str)] = &[
    ("crashloop", include_str!("../examples/crashloop.yaml"), include_str!("golden/crashloop.json")),
    ("early-traffic", include_str!("../examples/early-traffic.yaml"), include_str!("golden/early-traffic.json")),
    (
        "emptydir-sizelimit",
        include_str!("../examples/emptydir-sizelimit.yaml"),
        include_str!("golden/emptydir-sizelimit.json"),
    ),
    ("failing-init", include_str!("../examples/failing-init.yaml"), include_str!("golden/failing-init.json")),
    ("httpserver", include_str!("../examples/httpserver.yaml"), include_str!("golden/httpserver.json")),
    (
        "image-pull-backoff",
        include_str!("../examples/image-pull-backoff.yaml"),
        include_str!("golden/image-pull-backoff.json"),
    ),
    ("job-completes", include_str!("../examples/job-completes.yaml"), include_str!("golden/job-completes.json")),
    (
        "long-lived-connections",
        include_str!("../examples/long-lived-connections.yaml"),
        include_str!("golden/long-lived-connections.json"),
    ),
    (
        "missing-configmap",
        include_str!("../examples/missing-configmap.yaml"),
        include_str!("golden/missing-configmap.json"),
    ),
    (
        "nginx-prestop-quit",
        include_str!("../examples/nginx-prestop-quit.yaml"),
        include_str!("golden/nginx-prestop-quit.json"),
    ),
    (
        "node-failure-fast",
        include_str!("../examples/node-failure-fast.yaml"),
        include_str!("golden/node-failure-fast.json"),
    ),
    ("node-failure", include_str!("../examples/node-failure.yaml"), include_str!("golden/node-failure.json")),
    ("oomkilled", include_str!("../examples/oomkilled.yaml"), include_str!("golden/oomkilled.json")),
    ("readiness-gates", include_str!("../examples/readiness-gates.yaml"), include_str!("golden/readiness-gates.json")),
    (
        "shell-pid1-sigterm",
        include_str!("../examples/shell-pid1-sigterm.yaml"),
        include_str!("golden/shell-pid1-sigterm.json"),
    ),
    ("sidecar", include_str!("../examples/sidecar.yaml"), include_str!("golden/sidecar.json")),
    ("startup-probe", include_str!("../examples/startup-probe.yaml"), include_str!("golden/startup-probe.json")),
    (
        "rolling-update-traffic",
        include_str!("../examples/rolling-update-traffic.yaml"),
        include_str!("golden/rolling-update-traffic.json"),
    ),
    ("quota-deadlock", include_str!("../examples/quota-deadlock.yaml"), include_str!("golden/quota-deadlock.json")),
    (
        "spread-node-failure",
        include_str!("../examples/spread-node-failure.yaml"),
        include_str!("golden/spread-node-failure.json"),
    ),
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
    }
}
