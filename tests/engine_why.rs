#![cfg(not(target_arch = "wasm32"))]
//! "Why" data: every entry of `Timeline::transitions` has a plain-English rule and, when a
//! spec field is responsible, that field's full path in the (API-defaulted) pod; `field` is
//! empty only when the cause is the scenario or the cluster, and then the rule says so.

use podlife::engine::{simulate, Timeline};
use podlife::examples::EXAMPLES;
use serde_json::Value;

/// Resolves a field path such as `spec.containers[0].livenessProbe.failureThreshold` (map keys
/// as plain segments: `resources.limits.memory`) in the pod's JSON.
fn resolve<'a>(pod: &'a Value, path: &str) -> Option<&'a Value> {
    let mut v = pod;
    for seg in path.split('.') {
        let (name, rest) = seg.split_once('[').map_or((seg, ""), |(n, r)| (n, r));
        v = v.get(name)?;
        for idx in rest.split('[').filter(|s| !s.is_empty()) {
            let i: usize = idx.strip_suffix(']')?.parse().ok()?;
            v = v.get(i)?;
        }
    }
    Some(v)
}

/// Extra inputs reaching rules the examples do not: probe kills, postStart failure, config
/// errors, unschedulable and rejected pods, an eviction on ephemeral-storage, taint eviction.
const EXTRA: &[&str] = &[
    "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - name: a\n    image: busybox:1.36\n    command: [sleep, '3600']\n    livenessProbe: {exec: {command: [cat, /nope]}, periodSeconds: 1, failureThreshold: 2}\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec: {until: 3m}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: a2}\nspec:\n  containers:\n  - name: a\n    image: busybox:1.36\n    command: [sh, -c, \"trap '' TERM; sleep 3600\"]\n    startupProbe: {exec: {command: [cat, /nope]}, periodSeconds: 1, failureThreshold: 3, terminationGracePeriodSeconds: 3}\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec: {until: 3m}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec:\n  restartPolicy: Never\n  containers:\n  - name: a\n    image: busybox:1.36\n    command: [sleep, '3600']\n    lifecycle: {postStart: {exec: {command: [sh, -c, 'exit 1']}}}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: c}\nspec:\n  containers:\n  - name: a\n    image: busybox:1.36\n    command: [sleep, '3600']\n    envFrom: [{configMapRef: {name: nope}}]\n  - name: b\n    image: busybox:1.36\n    command: [sleep, '3600']\n    env: [{name: X, valueFrom: {secretKeyRef: {name: s, key: k}}}]\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  configMaps: []\n  secrets: [{name: s, keys: [other]}]\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: d}\nspec:\n  containers:\n  - {name: a, image: busybox:1.36, command: [sleep, '3600'], resources: {requests: {cpu: '1'}}}\n  - {name: b, image: busybox:1.36, command: [sleep, '3600'], resources: {requests: {cpu: '64'}}}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: e}\nspec:\n  nodeName: node-1\n  containers:\n  - {name: a, image: busybox:1.36, command: [sleep, '3600'], resources: {requests: {memory: 64Gi}}}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: f}\nspec:\n  containers:\n  - {name: a, image: busybox:1.36, command: [sleep, '3600'], resources: {limits: {ephemeral-storage: 1Mi}}}\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  until: 2m\n  containers:\n    a: {disk: {perSecond: 1Mi}}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: g}\nspec:\n  tolerations: [{key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 20}]\n  containers:\n  - {name: a, image: busybox:1.36, command: [sleep, '3600']}\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  until: 10m\n  node: {fail: {at: 30s}}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: h}\nspec:\n  schedulingGates: [{name: x}]\n  containers:\n  - {name: a, image: busybox:1.36}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: i}\nspec:\n  terminationGracePeriodSeconds: 5\n  containers:\n  - {name: a, image: 'nginx:bad tag', command: [sleep, '3600']}\n  - name: b\n    image: busybox:1.36\n    command: [sh, -c, \"trap '' TERM; sleep 3600\"]\n    lifecycle: {preStop: {sleep: {seconds: 60}}}\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  until: 2m\n  delete: {at: 20s}\n",
];

fn check(label: &str, yaml: &str, seed: u64) -> Timeline {
    let parsed = podlife::input::parse(yaml);
    let doc = parsed.pods.first().unwrap_or_else(|| panic!("{label}: no pod"));
    let pod = serde_json::to_value(&doc.pod).unwrap();
    let tl = simulate(&doc.pod, &parsed.scenario, seed);
    for t in &tl.transitions {
        assert!(!t.rule.trim().is_empty(), "{label}: empty rule at {} ms", t.t_ms);
        assert!(t.rule.ends_with('.') || t.rule.ends_with(')'), "{label}: not a sentence: {}", t.rule);
        if t.field.is_empty() {
            continue;
        }
        assert!(!t.field.contains('*') && !t.field.contains(' '), "{label}: not one field path: {:?}", t.field);
        assert!(
            resolve(&pod, &t.field).is_some(),
            "{label}: {:?} (rule {:?}) is not a field of the defaulted pod",
            t.field,
            t.rule
        );
    }
    tl
}

#[test]
fn every_transition_of_every_example_has_a_rule_and_a_real_field() {
    let mut fields = std::collections::BTreeSet::new();
    for ex in EXAMPLES {
        for seed in [1, 7] {
            let tl = check(ex.id, ex.yaml, seed);
            fields.extend(tl.transitions.iter().map(|t| t.field.clone()));
        }
    }
    for (i, y) in EXTRA.iter().enumerate() {
        let tl = check(&format!("extra #{i}"), y, 1);
        assert!(!tl.transitions.is_empty(), "extra #{i}: no transitions");
        fields.extend(tl.transitions.iter().map(|t| t.field.clone()));
    }
    // The named examples of the brief all occur.
    for f in [
        "spec.terminationGracePeriodSeconds",
        "spec.containers[0].livenessProbe.failureThreshold",
        "spec.containers[0].startupProbe.terminationGracePeriodSeconds",
        "spec.restartPolicy",
    ] {
        assert!(fields.contains(f), "{f} never cited: {fields:?}");
    }
}

#[test]
fn scenario_causes_have_an_empty_field_and_say_so() {
    let y = "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - {name: a, image: busybox:1.36, command: [sleep, '3600']}\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec: {until: 2m, delete: {at: 10s, gracePeriodSeconds: 3}}\n";
    let tl = check("delete with gracePeriodSeconds", y, 1);
    let del = tl.transitions.iter().find(|t| t.rule.starts_with("DELETE")).expect("delete rule");
    assert_eq!(del.field, "");
    assert!(del.rule.contains("scenario"), "{}", del.rule);
}
