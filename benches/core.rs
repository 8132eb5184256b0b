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
        // The same text through the general reader (src/yamlread.rs, which replaced yaml-rust2; the
        // name is kept for criterion's history): a tab in a trailing comment is outside the fast
        // path's subset, so the whole text falls back.
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

    /// Hostile input (issue 7): each is answered within a second; `tests/hostile.rs` checks the
    /// answers themselves.
    fn hostile(c: &mut Criterion) {
        let mut g = c.benchmark_group("hostile");
        g.sample_size(10);
        let mut many = String::from("apiVersion: v1\nkind: Pod\nmetadata: {name: many}\nspec:\n  containers:\n");
        for i in 0..10_000 {
            many.push_str(&format!(
                "  - {{name: c{i}, image: busybox:1.36, command: [sh, -c, 'sleep {}; exit 1']}}\n",
                i % 7
            ));
        }
        g.bench_function("10,000 containers: parse+default+validate+qos", |b| {
            b.iter(|| {
                let parsed = podlife::input::parse(black_box(&many));
                assert!(!parsed.has_errors());
                black_box(parsed)
            })
        });
        let parsed = podlife::input::parse(&many);
        let scenario = podlife::engine::Scenario::default();
        g.bench_function("10,000 containers: simulate 10 min", |b| {
            b.iter(|| black_box(podlife::engine::simulate(&parsed.pods[0].pod, black_box(&scenario), 1)))
        });
        let mut bomb =
            String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        let mut prev = 'a';
        for n in 'b'..='i' {
            let r = format!("*{prev}");
            bomb.push_str(&format!("{n}: &{n} [{}]\n", [r.as_str(); 9].join(",")));
            prev = n;
        }
        g.bench_function("alias bomb (9^9 nodes): refused", |b| {
            b.iter(|| {
                let parsed = podlife::input::parse(black_box(&bomb));
                assert!(parsed.pods.is_empty());
                black_box(parsed)
            })
        });
        let mut keys = String::from("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n");
        for i in 0..100_000 {
            keys.push_str(&format!("    k{i}: v\n"));
        }
        keys.push_str("spec:\n  containers:\n  - {name: a, image: nginx}\n");
        g.bench_function("100,000 annotations (one mapping): parse+validate", |b| {
            b.iter(|| black_box(podlife::input::parse(black_box(&keys))))
        });
        let ten_mb = "a: b\n".repeat(2_000_000);
        g.bench_function("10 MB document: refused", |b| {
            b.iter(|| black_box(podlife::input::parse(black_box(&ten_mb))))
        });
        let busy = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: busybox\n    command: [sleep, '3600']\n    livenessProbe: {exec: {command: [sh, -c, 'while true; do :; done']}, periodSeconds: 1}\n";
        let parsed_busy = podlife::input::parse(busy);
        g.bench_function("busy-loop exec probe every 1 s: simulate 10 min", |b| {
            b.iter(|| black_box(podlife::engine::simulate(&parsed_busy.pods[0].pod, black_box(&scenario), 1)))
        });
        g.finish();
    }

    criterion_group!(benches, parse_default_validate_qos, hostile);
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
