//! The cluster objects around a workload that `crate::fleet` reads from the paste:
//! `ResourceQuota` (v1) and `PodDisruptionBudget` (policy/v1).
//!
//! Each document is checked against the generated schema table (`crate::model::schema`)
//! with `crate::typed::check`, like `crate::workload` does, so unknown fields get the API
//! server's strict-decoding errors with line, column and "did you mean"; only the fields
//! podlife uses are then read.

use crate::vecmap::VecMap;

use crate::input::{Diagnostic, Parsed, Severity};
use crate::model::meta::{LabelSelector, ObjectMeta};
use crate::model::{object, schema as s, take, IntOrString};
use crate::quantity::Quantity;
use crate::source::Node;
use crate::typed;

/// A `ResourceQuota`: its name and `spec.hard`.
#[derive(Clone, Debug, Default)]
pub struct ResourceQuota {
    pub name: String,
    pub namespace: String,
    /// `spec.hard`, by resource name (values that are not quantities are left out).
    pub hard: VecMap<String, Quantity>,
    /// `spec.scopes` / `spec.scopeSelector` are set: such a quota is not applied ("not simulated").
    pub scoped: bool,
}

/// A `PodDisruptionBudget`.
#[derive(Clone, Debug, Default)]
pub struct DisruptionBudget {
    pub name: String,
    pub namespace: String,
    pub min_available: Option<IntOrString>,
    pub max_unavailable: Option<IntOrString>,
    pub selector: Option<LabelSelector>,
}

/// The non-pod objects `crate::fleet` uses.
#[derive(Clone, Debug, Default)]
pub struct Objects {
    pub quotas: Vec<ResourceQuota>,
    pub budgets: Vec<DisruptionBudget>,
}

/// The apiVersion each kind read here is served at.
pub fn served(kind: &str) -> Option<&'static str> {
    match kind {
        "ResourceQuota" => Some("v1"),
        "PodDisruptionBudget" => Some("policy/v1"),
        _ => None,
    }
}

fn meta_of(doc: &mut serde_json::Map<String, serde_json::Value>) -> (String, String) {
    let m: ObjectMeta = take(doc, "metadata");
    (m.name.unwrap_or_default(), m.namespace.unwrap_or_else(|| "default".into()))
}

/// Reads a `ResourceQuota` or `PodDisruptionBudget` document into `parsed.objects`, or
/// reports why the API server would refuse it (`where_` prefixes items of a List).
pub fn read(parsed: &mut Parsed, root: &Node, kind: &str, api: &str, where_: &str) {
    let Some(want) = served(kind) else { return };
    let diag = |parsed: &mut Parsed, pos, path: Option<String>, message: String| {
        parsed.diagnostics.push(Diagnostic {
            severity: Severity::Error,
            pos,
            path,
            message: format!("{where_}{message}"),
        });
    };
    if api != want {
        let pos = root.locate("apiVersion");
        diag(parsed, pos, Some("apiVersion".into()), format!("no matches for kind \"{kind}\" in version \"{api}\" (podlife models Kubernetes 1.34, which serves {kind} at \"{want}\")"));
        return;
    }
    let t = if kind == "ResourceQuota" { s::RESOURCE_QUOTA } else { s::POD_DISRUPTION_BUDGET };
    let (json, unknown) = match typed::check(root, "", t) {
        Ok(v) => v,
        Err(e) => {
            let version = api.rsplit('/').next().unwrap_or(api);
            let msg = format!("{kind} in version \"{version}\" cannot be handled as a {kind}: {e}");
            diag(parsed, e.pos, Some(e.path.clone()), msg);
            return;
        }
    };
    let bad = !unknown.is_empty();
    for u in unknown {
        diag(parsed, u.pos, Some(u.path.clone()), format!("{kind}: {}", u.message()));
    }
    if bad {
        return;
    }
    let mut doc = object(json);
    let (name, namespace) = meta_of(&mut doc);
    let mut spec = object(crate::model::field(&mut doc, "spec"));
    if kind == "ResourceQuota" {
        let mut hard = VecMap::new();
        let raw: VecMap<String, crate::model::Quantity> = take(&mut spec, "hard");
        for (k, v) in raw {
            match Quantity::from_k8s(&v) {
                Ok(q) => {
                    hard.insert(k, q);
                }
                Err(e) => {
                    let path = format!("spec.hard.{k}");
                    diag(
                        parsed,
                        root.locate(&path),
                        Some(path.clone()),
                        format!("ResourceQuota \"{name}\" is invalid: {path}: Invalid value: \"{}\": {e}", v.0),
                    );
                }
            }
        }
        let scoped =
            spec.get("scopes").is_some_and(|v| !v.is_null()) || spec.get("scopeSelector").is_some_and(|v| !v.is_null());
        parsed.objects.quotas.push(ResourceQuota { name, namespace, hard, scoped });
    } else {
        parsed.objects.budgets.push(DisruptionBudget {
            name,
            namespace,
            min_available: take(&mut spec, "minAvailable"),
            max_unavailable: take(&mut spec, "maxUnavailable"),
            selector: take(&mut spec, "selector"),
        });
    }
}
