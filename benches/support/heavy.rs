// The engine benchmark's worst case: 5 containers, 1 s probes, a 24 h grace period, deleted
// at 10 s with SIGTERM ignored. Included by `benches/engine.rs` and `tests/web_engine_speed.rs`
// so the native and the wasm figures measure the same text.

/// The heavy pod and its Scenario, simulated for `until`.
fn heavy(until: &str) -> String {
    let mut y = String::from(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: heavy}\nspec:\n  terminationGracePeriodSeconds: 86400\n  containers:\n",
    );
    for i in 0..5 {
        y.push_str(&format!(
            "  - name: c{i}\n    image: nginx:1.27\n    ports: [{{containerPort: 80}}]\n    readinessProbe: {{httpGet: {{port: 80, path: /}}, periodSeconds: 1}}\n    livenessProbe: {{tcpSocket: {{port: 80}}, periodSeconds: 1}}\n    startupProbe: {{tcpSocket: {{port: 80}}, periodSeconds: 1}}\n"
        ));
    }
    y.push_str(&format!(
        "---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  until: {until}\n  node: {{images: [nginx:1.27]}}\n  delete: {{at: 10s}}\n  containers:\n"
    ));
    for i in 0..5 {
        y.push_str(&format!("    c{i}: {{sigterm: {{action: ignore}}}}\n"));
    }
    y
}
