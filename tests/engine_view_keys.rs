//! The page memoizes the `kubectl describe` Events table and the `get pod -w` transcript by
//! `Timeline::describe_events_key` / `Timeline::watch_key` instead of re-printing them every
//! animation frame. These tests check, for every example, that equal keys always mean equal
//! text (so the memo never shows a stale table) and that the keys do repeat (so it saves work).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashMap;

/// Instants from 0 to `until`, every `step` ms, plus each event's and status row's own time
/// and the millisecond before it (where the texts change).
fn instants(tl: &podlife::engine::Timeline, step: usize) -> Vec<i64> {
    let mut at: Vec<i64> = (0..=tl.until_ms).step_by(step).collect();
    for t in tl.events.iter().map(|e| e.t_ms).chain(tl.status.iter().map(|s| s.t_ms)) {
        at.extend([t - 1, t, t + 999, t + 1000]);
    }
    at.retain(|t| (0..=tl.until_ms).contains(t));
    at.sort_unstable();
    at.dedup();
    at
}

#[test]
fn equal_keys_give_equal_texts_for_every_example() {
    for ex in podlife::examples::EXAMPLES {
        let parsed = podlife::input::parse(ex.yaml);
        let tl = podlife::engine::simulate(&parsed.pods[0].pod, &parsed.scenario, 1);
        let at = instants(&tl, 311);
        let mut events: HashMap<Vec<i64>, String> = HashMap::new();
        let mut watch: HashMap<usize, String> = HashMap::new();
        for &t in &at {
            let text = tl.describe_events(t);
            let prev = events.entry(tl.describe_events_key(t)).or_insert_with(|| text.clone());
            assert_eq!(*prev, text, "{}: describe at {t} ms differs from an earlier instant with the same key", ex.id);
            let text = tl.watch_lines(t);
            let prev = watch.entry(tl.watch_key(t)).or_insert_with(|| text.clone());
            assert_eq!(*prev, text, "{}: watch at {t} ms differs from an earlier instant with the same key", ex.id);
        }
        assert!(watch.len() <= tl.status.len() + 1, "{}: {} watch keys", ex.id, watch.len());
        // The memo pays off: at 1× playback (a frame every ~17 ms) most frames repeat the previous
        // frame's key, so they re-print nothing.
        let frames: Vec<i64> = (0..tl.until_ms.min(120_000)).step_by(17).collect();
        let changes =
            frames.windows(2).filter(|w| tl.describe_events_key(w[0]) != tl.describe_events_key(w[1])).count();
        assert!(
            changes * 4 < frames.len(),
            "{}: the Events key changes on {changes} of {} frames",
            ex.id,
            frames.len()
        );
    }
}
