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

/// A pod of 1,000 containers (issue 7): simulated in slices with a progress line, then drawn
/// with a track list that holds only the rows in view, and a pod card that says how many
/// containers it does not list.
#[wasm_bindgen_test]
async fn a_large_pod_is_simulated_in_slices_and_drawn_bounded() {
    let document = web_sys::window().and_then(|w| w.document()).expect("document");
    let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten()).expect("storage");
    let mut yaml = String::from("apiVersion: v1\nkind: Pod\nmetadata: {name: many}\nspec:\n  containers:\n");
    for i in 0..1000 {
        yaml.push_str(&format!(
            "  - {{name: c{i}, image: busybox:1.36, command: [sh, -c, 'sleep {}; exit 1']}}\n",
            i % 7
        ));
    }
    storage.set_item("podlife.editor.v1", &yaml).expect("store");
    let root = document.create_element("div").expect("div");
    document.body().expect("body").append_child(&root).expect("append");
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    let (mut saw_progress, mut done) = (false, false);
    for _ in 0..2000 {
        yew::platform::time::sleep(Duration::from_millis(5)).await;
        saw_progress |= root.query_selector("[data-testid=sim-progress]").ok().flatten().is_some();
        if root.query_selector("[data-testid=track-list]").ok().flatten().is_some() {
            done = true;
            break;
        }
    }
    storage.remove_item("podlife.editor.v1").expect("clean up");
    assert!(saw_progress, "no progress line while the pod was simulated");
    assert!(done, "no track list after 10 s");
    assert!(root.query_selector("[data-testid=sim-progress]").ok().flatten().is_none(), "progress after the result");
    let rows = root.query_selector_all(".track-list .row").expect("rows").length();
    assert!((1..=48).contains(&rows), "{rows} container rows drawn");
    let label = root.query_selector(".track-list").ok().flatten().and_then(|e| e.get_attribute("aria-label"));
    assert!(label.as_deref().is_some_and(|l| l.contains("1–16 / 1000")), "{label:?}");
    // Move the playhead to 1 minute (at 0 s no container has a status yet).
    use wasm_bindgen::JsCast;
    let scrubber = root.query_selector("[data-testid=scrubber]").ok().flatten().expect("scrubber");
    let scrubber: web_sys::HtmlInputElement = scrubber.dyn_into().expect("input");
    scrubber.set_value("60000");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict("input", &init).expect("event");
    scrubber.dispatch_event(&ev).expect("dispatch");
    yew::platform::time::sleep(Duration::from_millis(50)).await;
    let card_rows = root.query_selector_all("table.containers tbody tr").expect("rows").length();
    assert_eq!(card_rows, 50, "the pod card lists the first 50 containers");
    let more = root.query_selector("[data-testid=not-listed]").ok().flatten().and_then(|e| e.text_content());
    assert!(more.as_deref().is_some_and(|t| t.ends_with(" 950")), "{more:?}");
    handle.destroy();
}
