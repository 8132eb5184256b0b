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

/// A Deployment rolled behind a Service (issue 6).
const ROLLOUT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n        ports: [{name: http, containerPort: 80}]\n        readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 2}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{name: http, port: 80, targetPort: http}]\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  until: 3m\n  rollout: {at: 1m, image: {app: \"nginx:1.28\"}}\n  traffic: {rps: 100, proxyDelay: 1s}\n";

/// The Rollout view and Traffic panel's arithmetic on the scene computed in wasm: the stops
/// cover every transcript line and pod change, the counters at a playhead sum exactly the
/// seconds that are over, and the whole run's sums are the report's totals.
#[wasm_bindgen_test]
fn rollout_stops_and_traffic_counters_follow_the_scene() {
    use podlife::web::{rollout, traffic};
    let parsed = input::parse(ROLLOUT);
    let scene = podlife::scene::simulate(&parsed, 1);
    let f = scene.fleet.expect("a fleet");
    let stops = rollout::fleet_stops(&f);
    assert!(stops.windows(2).all(|w| w[0] < w[1]), "sorted, no duplicates");
    for (t, _) in &f.rollout_status {
        assert!(stops.contains(t), "transcript line at {t}");
    }
    for p in &f.pods {
        assert!(stops.contains(&p.created_ms) && p.ready_ms.is_none_or(|r| stops.contains(&r)), "{}", p.name);
    }
    let old = f.pods.iter().find(|p| p.deleted.is_some()).expect("an old pod is deleted");
    let summary = rollout::pod_summary(&f, old, podlife::web::i18n::Lang::En);
    assert!(summary.contains("ScaleDown") && summary.contains(&old.name), "{summary}");
    let r = scene.traffic.expect("traffic");
    let all = traffic::counts_before(&r, r.buckets.len());
    assert_eq!(
        [all[0], all[1], all[2], all[3]],
        [r.totals.served, r.totals.refused, r.totals.reset, r.totals.to_terminating]
    );
    assert!(r.failed() > 0, "no preStop: the rollout loses requests");
    for at in [0, 999, 1000, 61_500, 70_000, 180_000] {
        let done = traffic::buckets_done(&r, at);
        let want: u64 = r.buckets.iter().filter(|b| b.t_ms + r.bucket_ms <= at).map(|b| u64::from(b.served)).sum();
        assert_eq!(traffic::counts_before(&r, done)[0], want, "served by {at}");
    }
}

/// The page draws the Rollout view and the Traffic panel for the same paste: one lane per fleet
/// pod, the whole run's counters equal to the scene's, and the transcript's first line once
/// the playhead is at the end.
#[wasm_bindgen_test]
async fn the_app_shows_the_rollout_and_its_traffic() {
    let document = web_sys::window().and_then(|w| w.document()).expect("document");
    let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten()).expect("storage");
    storage.set_item("podlife.editor.v1", ROLLOUT).expect("store");
    let root = document.create_element("div").expect("div");
    document.body().expect("body").append_child(&root).expect("append");
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    let mut shown = false;
    for _ in 0..400 {
        yew::platform::time::sleep(Duration::from_millis(10)).await;
        if root.query_selector("[data-testid=traffic]").ok().flatten().is_some() {
            shown = true;
            break;
        }
    }
    storage.remove_item("podlife.editor.v1").expect("clean up");
    assert!(shown, "no Traffic panel");
    let scene = podlife::scene::simulate(&input::parse(ROLLOUT), 1);
    let (f, r) = (scene.fleet.expect("fleet"), scene.traffic.expect("traffic"));
    let lanes = root.query_selector_all("[data-testid=fleet-lane]").expect("lanes").length() as usize;
    assert_eq!(lanes, f.pods.len());
    let text = |id: &str| {
        root.query_selector(&format!("[data-testid={id}]"))
            .ok()
            .flatten()
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    };
    assert_eq!(text("all-requests"), r.totals.requests.to_string());
    assert_eq!(text("all-refused"), r.totals.refused.to_string());
    assert_eq!(text("all-reset"), r.totals.reset.to_string());
    // At 0 nothing is over yet; no transcript line is printed before the rollout.
    assert_eq!(text("now-served"), "0");
    assert!(!text("rollout-status").contains("Waiting"), "{}", text("rollout-status"));
    assert_eq!(
        root.query_selector_all("[data-testid=first-failure]").expect("ff").length() as usize,
        r.first_failures.len()
    );
    handle.destroy();
}
