//! Traffic benchmark (issue 6 budget): 10 replicas rolling over 10 minutes under 1000 requests
//! per second — 600,000 requests. Until the fleet engine lands, the roll is built by hand: old
//! pod i is deleted at 30 s + 55 s·i, its replacement created 10 s earlier (a surge of one),
//! both behind one Service. Measured: the traffic simulation alone (the pods' timelines
//! computed once), and the whole (20 engine runs + traffic).

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use criterion::{Criterion, Throughput};
    use podlife::traffic::{self, Backend};
    use std::hint::black_box;

    const TEXT: &str = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: http}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: web, labels: {app: web}}\nspec:\n  containers:\n  - name: app\n    image: example.com/app:1\n    ports: [{name: http, containerPort: 8080}]\n    readinessProbe: {httpGet: {path: /, port: http}, periodSeconds: 2}\n    lifecycle: {preStop: {sleep: {seconds: 3}}}\n";

    struct P {
        name: String,
        labels: std::collections::BTreeMap<String, String>,
        pod: podlife::model::core::Pod,
        created: i64,
        tl: podlife::engine::Timeline,
    }

    fn pods() -> (podlife::traffic::Service, Vec<P>) {
        let parsed = podlife::input::parse(TEXT);
        let svc = parsed.services[0].service.clone();
        let base = parsed.pods[0].pod.clone();
        let behaviour = "  containers: {app: {startup: 4s, sigterm: {action: drain, drain: 2s}}}\n";
        let mut out = Vec::new();
        for i in 0..10i64 {
            let del = 30_000 + 55_000 * i;
            for (kind, created, scen) in [
                ("old", 0, format!("  until: 10m\n  delete: {{at: {}ms}}\n{behaviour}", del)),
                ("new", del - 10_000, format!("  until: {}ms\n{behaviour}", 600_000 - (del - 10_000))),
            ] {
                let s =
                    podlife::input::parse(&format!("apiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n{scen}"));
                let mut pod = base.clone();
                let name = format!("web-{kind}-{i}");
                pod.metadata.name = Some(name.clone());
                let tl = podlife::engine::simulate(&pod, &s.scenario, i as u64);
                let labels = pod.metadata.labels.clone().unwrap_or_default();
                out.push(P { name, labels, pod, created, tl });
            }
        }
        (svc, out)
    }

    pub fn benches(c: &mut Criterion) {
        let spec = podlife::traffic::TrafficSpec { rps: 1000, ..Default::default() };
        let (svc, ps) = pods();
        let run = |ps: &[P]| {
            let b: Vec<Backend> = ps
                .iter()
                .map(|p| Backend {
                    name: &p.name,
                    labels: &p.labels,
                    pod: &p.pod,
                    created_ms: p.created,
                    timeline: &p.tl,
                    node_down_ms: None,
                })
                .collect();
            traffic::simulate(&svc, &b, &spec, 600_000, 1)
        };
        let r = run(&ps);
        eprintln!("rollout: {:?}", r.totals);
        // `PODLIFE_TRAFFIC_RUNS=N`: only run the traffic simulation N times (for callgrind).
        if let Some(n) = std::env::var("PODLIFE_TRAFFIC_RUNS").ok().and_then(|v| v.parse::<u32>().ok()) {
            for _ in 0..n {
                black_box(run(black_box(&ps)));
            }
            std::process::exit(0);
        }
        let mut g = c.benchmark_group("traffic/rollout_10x_10min_1000rps");
        g.throughput(Throughput::Elements(r.totals.requests));
        g.sample_size(20);
        g.bench_function("requests", |b| b.iter(|| run(black_box(&ps))));
        g.bench_function("pods_and_requests", |b| b.iter(|| run(&pods().1)));
        g.finish();
    }
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_group!(traffic_benches, native::benches);
#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(traffic_benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
