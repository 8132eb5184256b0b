//! Scene benchmark (issue 6's budget): `podlife::scene::simulate` over a paste of a Service and
//! a Deployment of 10 replicas rolled to a new image at 1 min (maxSurge 25 %, maxUnavailable
//! 25 %, readiness probes every 2 s, a 3 s preStop sleep), 3 nodes, 10 virtual minutes, under
//! 1000 requests per second — the controllers, every pod's engine run and 600,000 requests
//! drawn and classified, end to end.

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use criterion::Criterion;
    use std::hint::black_box;

    pub const SCENE: &str = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: http}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 10\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n        ports: [{name: http, containerPort: 80}]\n        resources: {requests: {cpu: 100m, memory: 64Mi}}\n        readinessProbe: {httpGet: {path: /, port: http}, periodSeconds: 2}\n        livenessProbe: {httpGet: {path: /, port: http}, periodSeconds: 10}\n        lifecycle: {preStop: {sleep: {seconds: 3}}}\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  until: 10m\n  rollout: {at: 1m, image: {app: \"nginx:1.28\"}}\n  nodes:\n  - {name: a, zone: z1}\n  - {name: b, zone: z2}\n  - {name: c, zone: z3}\n  traffic: {rps: 1000}\n";

    pub fn benches(c: &mut Criterion) {
        let parsed = podlife::input::parse(SCENE);
        let s = podlife::scene::simulate(&parsed, 1);
        let (f, t) = (s.fleet.expect("fleet"), s.traffic.expect("traffic"));
        eprintln!(
            "scene: {} pods, outcome {:?}; {} requests, {} served, {} refused, {} reset",
            f.pods.len(),
            f.outcome,
            t.totals.requests,
            t.totals.served,
            t.totals.refused,
            t.totals.reset
        );
        // `PODLIFE_SCENE_RUNS=N`: run N times and exit (for callgrind instruction counts).
        if let Some(n) = std::env::var("PODLIFE_SCENE_RUNS").ok().and_then(|v| v.parse::<u32>().ok()) {
            for _ in 0..n {
                black_box(podlife::scene::simulate(black_box(&parsed), 1));
            }
            std::process::exit(0);
        }
        let mut g = c.benchmark_group("scene");
        g.sample_size(20);
        g.bench_function("rollout_10_replicas_10min_1000rps", |b| {
            b.iter(|| podlife::scene::simulate(black_box(&parsed), 1))
        });
        g.finish();
    }
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_group!(scene_benches, native::benches);
#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(scene_benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
