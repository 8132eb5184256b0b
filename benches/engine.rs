//! Engine benchmarks: a typical pod for 10 virtual minutes, and a worst case (5 containers,
//! 1 s probes, a 24 h grace period, deleted at t=10 s) measured in events per second, plus a
//! memory-linearity check (output size per event is constant as the run grows).

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use criterion::{Criterion, Throughput};
    use podlife::engine::{simulate, Timeline};
    use std::hint::black_box;

    const HTTPSERVER: &str = include_str!("../examples/httpserver.yaml");

    include!("support/heavy.rs");

    fn parse(yaml: &str) -> (podlife::model::core::Pod, podlife::engine::Scenario) {
        let p = podlife::input::parse(yaml);
        (p.pods[0].pod.clone(), p.scenario)
    }

    /// `benches/core.rs`'s hostile pod: 10,000 containers that exit at different moments.
    fn wide() -> String {
        let mut many = String::from("apiVersion: v1\nkind: Pod\nmetadata: {name: many}\nspec:\n  containers:\n");
        for i in 0..10_000 {
            many.push_str(&format!(
                "  - {{name: c{i}, image: busybox:1.36, command: [sh, -c, 'sleep {}; exit 1']}}\n",
                i % 7
            ));
        }
        many
    }

    /// What the run produced: probe runs + events + status rows.
    pub fn work(tl: &Timeline) -> u64 {
        (tl.probes.len() + tl.events.len() + tl.status.len()) as u64
    }

    pub fn benches(c: &mut Criterion) {
        let (pod, mut scen) = parse(HTTPSERVER);
        scen.until = Some(podlife::app::Millis(600_000));
        // `PODLIFE_SIM_RUNS=N`: only simulate the typical pod N times and exit, for instruction
        // counts under `valgrind --tool=callgrind` (run with N and 0; the difference / N is the
        // per-simulation cost, without criterion's own work).
        // `PODLIFE_SIM_CASE=heavy` or `wide` runs the heavy pod below or `benches/core.rs`'s
        // 10,000-container pod instead of the typical one.
        if let Some(n) = std::env::var("PODLIFE_SIM_RUNS").ok().and_then(|v| v.parse::<u32>().ok()) {
            let (pod, scen) = match std::env::var("PODLIFE_SIM_CASE").as_deref() {
                Ok("heavy") => parse(&heavy("24h")),
                Ok("wide") => parse(&wide()),
                _ => (pod, scen),
            };
            for _ in 0..n {
                black_box(simulate(black_box(&pod), black_box(&scen), 1));
            }
            std::process::exit(0);
        }
        // `PODLIFE_SIM_BATCHES=1`: the typical pod timed exactly as `tests/web_engine_speed.rs`
        // times it in wasm (50 warm-up runs, then 25 batches of 20; the best and the median
        // batch), so that native and wasm can be compared by the same method, run after run.
        if std::env::var_os("PODLIFE_SIM_BATCHES").is_some() {
            for _ in 0..50 {
                black_box(simulate(black_box(&pod), black_box(&scen), 1));
            }
            let mut batches: Vec<f64> = (0..25)
                .map(|_| {
                    let t0 = std::time::Instant::now();
                    for _ in 0..20 {
                        black_box(simulate(black_box(&pod), black_box(&scen), 1));
                    }
                    t0.elapsed().as_secs_f64() * 1000.0 / 20.0
                })
                .collect();
            batches.sort_by(f64::total_cmp);
            println!(
                "native engine typical pod (httpserver, 10 virtual minutes): {:.4} ms per simulation (best batch of 20; median batch {:.4} ms)",
                batches[0], batches[12]
            );
            std::process::exit(0);
        }
        c.bench_function("engine/httpserver_10min", |b| b.iter(|| simulate(black_box(&pod), black_box(&scen), 1)));

        let (pod, scen) = parse(&heavy("24h"));
        let n = work(&simulate(&pod, &scen, 1));
        let mut g = c.benchmark_group("engine/heavy_5x1s_probes_24h_grace");
        g.throughput(Throughput::Elements(n));
        g.sample_size(10);
        g.bench_function("simulate", |b| b.iter(|| simulate(black_box(&pod), black_box(&scen), 1)));
        g.finish();

        // Memory is linear in events: the serialized output per unit of work stays constant.
        eprintln!("heavy run: {n} probe runs + events + status rows");
        for until in ["1h", "4h", "16h"] {
            let (pod, scen) = parse(&heavy(until));
            let tl = simulate(&pod, &scen, 1);
            let bytes = serde_json::to_vec(&tl).map(|v| v.len()).unwrap_or(0);
            let w = work(&tl);
            eprintln!(
                "until {until:>4}: work {w:>9}  json {bytes:>11} B  {:.1} B/item",
                bytes as f64 / w.max(1) as f64
            );
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_group!(engine_benches, native::benches);
#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(engine_benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
