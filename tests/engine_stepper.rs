//! `engine::Stepper` runs the same simulation as `engine::simulate` in slices (the page yields
//! between slices so a huge pod does not freeze it, issue 7): whatever the slice size, the
//! timeline is byte-identical to the one-loop run (and so to `tests/golden/`).
#![cfg(not(target_arch = "wasm32"))]

use podlife::engine::{simulate, Stepper};

fn sliced(pod: &podlife::model::Pod, sc: &podlife::engine::Scenario, seed: u64, events: u64) -> (String, usize) {
    let mut st = Stepper::new(pod, sc, seed);
    let mut slices = 0usize;
    let mut last = (0, 0);
    while !st.step(events) {
        slices += 1;
        let p = st.progress();
        // Progress only moves forward, and never past the span.
        assert!(p.0 >= last.0 && p.0 <= p.1, "{p:?} after {last:?}");
        last = p;
        assert!(slices < 10_000_000, "a sliced run must end");
    }
    // Once over, further slices do nothing.
    assert!(st.step(events));
    let steps = st.steps();
    let tl = st.finish();
    assert_eq!(tl.steps, steps);
    (serde_json::to_string(&tl).expect("json"), slices)
}

#[test]
fn every_example_is_identical_whatever_the_slice_size() {
    for ex in podlife::examples::EXAMPLES {
        let parsed = podlife::input::parse(ex.yaml);
        let doc = &parsed.pods[0];
        let whole = serde_json::to_string(&simulate(&doc.pod, &parsed.scenario, 1)).expect("json");
        for events in [1, 3, 64, u64::MAX] {
            let (json, slices) = sliced(&doc.pod, &parsed.scenario, 1, events);
            assert!(json == whole, "{}: slices of {events} events give another timeline", ex.id);
            if events == 1 {
                assert!(slices > 10, "{}: one event per slice took only {slices} slices", ex.id);
            }
        }
    }
}

#[test]
fn finish_before_the_end_runs_the_rest() {
    let ex = podlife::examples::EXAMPLES.iter().find(|e| e.id == "crashloop").expect("crashloop example");
    let parsed = podlife::input::parse(ex.yaml);
    let doc = &parsed.pods[0];
    let whole = serde_json::to_string(&simulate(&doc.pod, &parsed.scenario, 7)).expect("json");
    let mut st = Stepper::new(&doc.pod, &parsed.scenario, 7);
    assert!(!st.step(5));
    assert_eq!(serde_json::to_string(&st.finish()).expect("json"), whole);
}

#[test]
fn a_scenario_seed_wins_like_simulate() {
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata: {name: s}\nspec:\n  containers:\n  - {name: a, image: busybox, command: [sh, -c, 'exit 1']}\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec: {seed: 42, until: 5m}\n";
    let parsed = podlife::input::parse(yaml);
    let doc = &parsed.pods[0];
    let whole = serde_json::to_string(&simulate(&doc.pod, &parsed.scenario, 1)).expect("json");
    assert_eq!(sliced(&doc.pod, &parsed.scenario, 1, 2).0, whole);
}
