//! In-browser tests (wasm-bindgen-test under headless Chromium): the core gives the same
//! answers in wasm, and the page's components render them.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use podlife::input;
use podlife::web::{App, DEFAULT_EXAMPLE};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn the_core_reads_the_default_example_in_wasm() {
    let parsed = input::parse(DEFAULT_EXAMPLE);
    assert!(parsed.all_diagnostics().is_empty(), "{:?}", parsed.all_diagnostics());
    assert_eq!(parsed.pods.len(), 1);
    let p = &parsed.pods[0];
    assert_eq!(p.kind, "Deployment");
    assert!(p.pod_name().starts_with("httpserver-"));
    assert_eq!(p.qos.as_str(), "Guaranteed");
    assert!(parsed.scenario_node.is_some());
    assert_eq!(parsed.scenario.config_maps.as_ref().map(Vec::len), Some(1));
}

#[wasm_bindgen_test]
fn unknown_fields_are_found_in_wasm_too() {
    let parsed = input::parse("apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - name: a\n    image: nginx\n    imagePullPolicyy: Always\n");
    let d = parsed.all_diagnostics();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].pos.line, 8);
    assert!(d[0].message.contains("did you mean \"imagePullPolicy\""), "{}", d[0].message);
}

#[wasm_bindgen_test]
async fn the_app_renders_the_example_pod() {
    let document = web_sys::window().and_then(|w| w.document()).expect("document");
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.clear();
    }
    let root = document.create_element("div").expect("div");
    document.body().expect("body").append_child(&root).expect("append");
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::platform::time::sleep(Duration::from_millis(50)).await;
    let text = root.text_content().unwrap_or_default();
    assert!(text.contains("Kubernetes 1.34"), "{text}");
    assert!(text.contains("httpserver-"), "{text}");
    assert!(text.contains("Guaranteed"), "{text}");
    assert!(text.contains("No problems found."), "{text}");
}
