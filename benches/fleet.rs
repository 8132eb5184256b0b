//! Fleet benchmark (issue 6's budget): a Deployment of 10 replicas rolling (maxSurge 25 %,
//! maxUnavailable 25 %, readiness probes every 2 s) over 10 virtual minutes — the controllers
//! plus every pod's engine run (old pods twice: once undeleted, once with the DELETE).

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use criterion::Criterion;
    use std::hint::black_box;

    pub const ROLLOUT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 10\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n        resources: {requests: {cpu: 100m, memory: 64Mi}}\n        readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 2}\n        livenessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 10}\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  until: 10m\n  rollout: {at: 1m, image: {app: \"nginx:1.28\"}}\n  nodes:\n  - {name: a, zone: z1}\n  - {name: b, zone: z2}\n  - {name: c, zone: z3}\n";

    pub fn benches(c: &mut Criterion) {
        let parsed = podlife::input::parse(ROLLOUT);
        let f = podlife::fleet::simulate(&parsed, 1).expect("fleet");
        eprintln!("fleet: {} pods, {} events, outcome {:?}", f.pods.len(), f.events.len(), f.outcome);
        // `PODLIFE_FLEET_RUNS=N`: run N times and exit (for callgrind instruction counts).
        if let Some(n) = std::env::var("PODLIFE_FLEET_RUNS").ok().and_then(|v| v.parse::<u32>().ok()) {
            for _ in 0..n {
                black_box(podlife::fleet::simulate(black_box(&parsed), 1));
            }
            std::process::exit(0);
        }
        let mut g = c.benchmark_group("fleet");
        g.sample_size(20);
        g.bench_function("rollout_10_replicas_10min", |b| b.iter(|| podlife::fleet::simulate(black_box(&parsed), 1)));
        g.finish();
    }
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_group!(fleet_benches, native::benches);
#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(fleet_benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
