//! podlife's pure core: text in, Kubernetes answers out.
//!
//! Nothing in this crate's library reads a clock, touches the DOM or a terminal, or does
//! I/O. The CLI (`src/main.rs`) and the web UI (`src/web/`) are thin shells over it.
//! See ARCHITECTURE.md for the map.

pub mod app;
pub mod defaults;
pub mod effective;
pub mod engine;
pub mod examples;
pub mod exercise;
pub mod field;
pub mod fleet;
pub mod float;
pub mod input;
pub mod model;
pub mod printer;
pub mod qos;
pub mod quantity;
pub mod report;
pub mod scenario_doc;
pub mod scene;
pub mod share;
pub mod sort;
pub mod source;
pub mod suggest;
pub mod traffic;
pub mod typed;
pub mod validation;
pub mod vecmap;
pub mod workload;
pub mod yamlout;

#[cfg(target_arch = "wasm32")]
pub mod web;

// The editor's pure helpers (highlighter, edits) are tested natively too.
#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "web/editor.rs"]
#[allow(dead_code)] // the DOM half that uses these is wasm-only
mod editor_native;

/// The wasm build's allocator (the page, the in-browser tests): talc instead of the standard
/// library's dlmalloc: 3.3 KB gz smaller, as fast within measurement noise (BENCHMARKS.md).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
