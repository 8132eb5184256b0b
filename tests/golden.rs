//! Golden timelines: the JSON of every example, reviewed and committed under
//! `tests/golden/`. The same files are checked by the in-browser test `tests/web_golden.rs`,
//! so native and wasm runs of the engine are byte-identical.
//!
//! After an intended change: `UPDATE_GOLDEN=1 cargo test --test golden`, then review the diff.
#![cfg(not(target_arch = "wasm32"))]

fn timeline_json(yaml: &str) -> String {
    let parsed = podlife::input::parse(yaml);
    let doc = &parsed.pods[0];
    let tl = podlife::engine::simulate(&doc.pod, &parsed.scenario, 1);
    serde_json::to_string_pretty(&tl).expect("json") + "\n"
}

#[test]
fn every_example_matches_its_golden_timeline() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut mismatches = Vec::new();
    for ex in podlife::examples::EXAMPLES {
        let path = dir.join(format!("{}.json", ex.id));
        let json = timeline_json(ex.yaml);
        if update {
            std::fs::write(&path, &json).expect("write golden");
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(golden) if golden == json => {}
            Ok(_) => mismatches.push(format!("{} differs from {}", ex.id, path.display())),
            Err(e) => mismatches.push(format!("{}: {e}", path.display())),
        }
    }
    assert!(
        mismatches.is_empty(),
        "golden timelines changed (UPDATE_GOLDEN=1 to accept, then review):\n{}",
        mismatches.join("\n")
    );
}
