//! Criterion benchmarks for the core. Figures and how to reproduce them: BENCHMARKS.md.

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use criterion::{criterion_group, Criterion};
    use std::hint::black_box;

    /// A pod with `n` containers, each with probes, lifecycle hooks, ports, env and resources.
    pub fn big_pod(n: usize) -> String {
        let mut s = String::from("apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\nspec:\n  terminationGracePeriodSeconds: 60\n  containers:\n");
        for i in 0..n {
            s.push_str(&format!(
                "  - name: c{i}
    image: registry.example.com/team/app-{i}:1.{i}
    command: [/bin/sh, -c, 'touch /tmp/healthy; sleep 3600']
    ports:
    - name: http{i}
      containerPort: {port}
    env:
    - name: LOG_LEVEL
      value: info
    resources:
      requests: {{cpu: 100m, memory: 128Mi}}
      limits: {{cpu: 200m, memory: 256Mi}}
    startupProbe:
      httpGet: {{path: /healthz, port: {port}}}
      failureThreshold: 30
      periodSeconds: 2
    readinessProbe:
      httpGet: {{path: /ready, port: {port}}}
      periodSeconds: 5
    livenessProbe:
      exec: {{command: [cat, /tmp/healthy]}}
      periodSeconds: 10
    lifecycle:
      preStop:
        sleep: {{seconds: 5}}
",
                port = 8000 + i
            ));
        }
        s
    }

    fn parse_default_validate_qos(c: &mut Criterion) {
        let text = big_pod(20);
        c.bench_function("parse+default+validate+qos, 20-container pod", |b| {
            b.iter(|| {
                let parsed = podlife::input::parse(black_box(&text));
                assert_eq!(parsed.pods.len(), 1);
                black_box(parsed)
            })
        });
        // The text → tree step alone (podlife's fast reader for this text), to show the split.
        c.bench_function("parse only (text to tree), 20-container pod", |b| {
            b.iter(|| {
                let docs = podlife::source::parse_stream(black_box(&text)).expect("parses");
                assert_eq!(docs.len(), 1);
                black_box(docs)
            })
        });
        // The same text through the general (yaml-rust2) reader: a tab in a trailing comment is
        // outside the fast path's subset, so the whole text falls back.
        let slow_text = format!("{text}#\tread by yaml-rust2\n");
        c.bench_function("parse only (text to tree, yaml-rust2 fallback), 20-container pod", |b| {
            b.iter(|| {
                let docs = podlife::source::parse_stream(black_box(&slow_text)).expect("parses");
                assert_eq!(docs.len(), 1);
                black_box(docs)
            })
        });
        // Text → tree → typed `Pod` (strict field checks included), without defaults/validation.
        c.bench_function("parse+type, 20-container pod", |b| {
            b.iter(|| {
                let docs = podlife::source::parse_stream(black_box(&text)).expect("parses");
                let typed = podlife::typed::from_node::<podlife::model::core::Pod>(&docs[0].root, "");
                let (pod, unknown) = typed.expect("a pod");
                assert!(unknown.is_empty());
                black_box((docs, pod))
            })
        });
        let example = include_str!("../examples/httpserver.yaml");
        c.bench_function("parse+default+validate+qos, httpserver example", |b| {
            b.iter(|| black_box(podlife::input::parse(black_box(example))))
        });
    }

    criterion_group!(benches, parse_default_validate_qos);
}

/// The same allocator as the CLI (see Cargo.toml), so the figures are the CLI's.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::benches();
    criterion::Criterion::default().configure_from_args().final_summary();
}

#[cfg(target_arch = "wasm32")]
fn main() {}
