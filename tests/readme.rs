//! The README's examples are real: the Scenario document it shows parses without a problem.
#![cfg(not(target_arch = "wasm32"))]

#[test]
fn the_readme_scenario_parses_cleanly() {
    let readme = include_str!("../README.md");
    let start = readme.find("```yaml\napiVersion: podlife.dev/v1alpha1").expect("scenario block") + "```yaml\n".len();
    let end = start + readme[start..].find("```").expect("end of block");
    let scenario = &readme[start..end];
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: app}\nspec:\n  readinessGates: [{conditionType: example.com/ready}]\n  containers:\n  - name: app\n    image: nginx:1.27\n    env:\n    - name: LOG_LEVEL\n      valueFrom: {configMapKeyRef: {name: app-config, key: LOG_LEVEL}}\n---\n";
    let parsed = podlife::input::parse(&format!("{pod}{scenario}"));
    assert!(parsed.all_diagnostics().is_empty(), "{:?}", parsed.all_diagnostics());
    assert_eq!(parsed.scenario.delete.as_ref().map(|d| d.at.0), Some(60_000));
    assert!(parsed.scenario.containers.contains_key("app"));
    let traffic = parsed.scenario.traffic.clone().expect("spec.traffic");
    assert_eq!((traffic.rps, traffic.proxy_delay.0, traffic.service.as_deref()), (100, 1000, Some("web")));
    let tl = podlife::engine::simulate(&parsed.pods[0].pod, &parsed.scenario, 1);
    assert!(tl.status.iter().any(|s| s.status == "Terminating"));
}
