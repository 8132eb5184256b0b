//! What the user pasted, understood: documents → pods as the API server would store them.
//!
//! Each pod-bearing document (a Pod, or a workload with a pod template) becomes a
//! [`PodDoc`]: the pod kubectl would show (named the way its controller names it), the
//! defaults the API server filled in, the validation result, and the document's node tree
//! so any field path can be turned back into a line and column. Problems that are not
//! tied to one pod (syntax, unknown kinds) are [`Diagnostic`]s of the whole input.

use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::batch::v1::{CronJob, Job};
use k8s_openapi::api::core::v1::{Pod, PodTemplateSpec, ReplicationController};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta, OwnerReference};
use serde::Serialize;

use crate::defaults::{self, Defaulted};
use crate::engine::Scenario;
use crate::field::FieldError;
use crate::qos::{self, QosClass};
use crate::source::{self, Node, Pos, Value};
use crate::suggest::did_you_mean;
use crate::typed::{self, UnknownField};
use crate::validation::{self, Validation};

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A message tied to a place in the input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub pos: Pos,
    /// The field path inside the document, when there is one.
    pub path: Option<String>,
    pub message: String,
}

/// The kinds podlife reads, with the apiVersion each is served at.
pub const KINDS: &[(&str, &str)] = &[
    ("Pod", "v1"),
    ("Deployment", "apps/v1"),
    ("ReplicaSet", "apps/v1"),
    ("StatefulSet", "apps/v1"),
    ("DaemonSet", "apps/v1"),
    ("ReplicationController", "v1"),
    ("Job", "batch/v1"),
    ("CronJob", "batch/v1"),
    ("List", "v1"),
    (SCENARIO_KIND, SCENARIO_API_VERSION),
];

/// podlife's own document kind, carrying the scenario in the same paste.
pub const SCENARIO_KIND: &str = "Scenario";
pub const SCENARIO_API_VERSION: &str = "podlife.dev/v1alpha1";

/// A pod-bearing document, understood.
#[derive(Clone, Debug)]
pub struct PodDoc {
    /// Index of the document in the stream (0-based).
    pub doc_index: usize,
    /// The document's kind (`Pod`, `Deployment`, …).
    pub kind: String,
    /// The document's own name (`metadata.name`, or `generateName` when only that is set).
    pub name: String,
    /// Where the pod template sits in the document ("" for a Pod).
    pub template_path: String,
    /// The pod as the API server would store it: named, owned, defaulted.
    pub pod: Pod,
    /// Defaulted fields, with paths inside the document.
    pub defaulted: Vec<Defaulted>,
    /// Validation of the document as the API server runs it on create.
    pub validation: Validation,
    /// Fields the API server's strict decoding would reject.
    pub unknown: Vec<UnknownField>,
    /// QoS class of the pod.
    pub qos: QosClass,
    /// The document's node tree (item of a List: the item's tree).
    pub root: Node,
    /// For an item of a `kind: List`, its index (paths stay relative to the item, `root`).
    pub item_of_list: Option<usize>,
}

impl PodDoc {
    /// The pod's name as `kubectl get pod` shows it.
    pub fn pod_name(&self) -> &str {
        self.pod.metadata.name.as_deref().unwrap_or("")
    }

    /// Maps a pod field path (`spec.containers[0].image`) to its path in the document.
    pub fn doc_path(&self, pod_path: &str) -> String {
        if self.template_path.is_empty() {
            pod_path.to_string()
        } else {
            format!("{}.{pod_path}", self.template_path)
        }
    }

    /// Line and column of a document path (or of its nearest existing ancestor).
    pub fn locate(&self, doc_path: &str) -> Pos {
        self.root.locate(doc_path)
    }

    /// Valid means the API server would accept it: no strict-decoding error, no validation error.
    pub fn is_valid(&self) -> bool {
        self.unknown.is_empty() && self.validation.errors.is_empty()
    }

    /// Strict decoding rejects unknown fields before validation runs, so that is what
    /// kubectl prints first; otherwise the validation text.
    pub fn kubectl_errors(&self) -> String {
        if !self.unknown.is_empty() {
            let list: Vec<String> = self.unknown.iter().map(|u| format!("unknown field \"{}\"", u.path)).collect();
            let api = KINDS.iter().find(|(k, _)| *k == self.kind).map_or("v1", |(_, a)| a);
            return format!(
                "Error from server (BadRequest): error when creating \"STDIN\": {} in version \"{}\" cannot be handled as a {}: strict decoding error: {}",
                self.kind,
                api.rsplit('/').next().unwrap_or(api),
                self.kind,
                list.join(", ")
            );
        }
        crate::field::kubectl_invalid(&self.kind, &self.name, &self.validation.errors)
    }

    /// Every problem of this document as positioned diagnostics.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for u in &self.unknown {
            out.push(Diagnostic {
                severity: Severity::Error,
                pos: u.pos,
                path: Some(u.path.clone()),
                message: u.message(),
            });
        }
        for e in &self.validation.errors {
            out.push(self.field_diagnostic(e));
        }
        for w in &self.validation.warnings {
            let path = w.split(':').next().filter(|p| !p.contains(' ')).map(str::to_string);
            let pos = path.as_deref().map_or(self.root.pos, |p| self.locate(p));
            out.push(Diagnostic { severity: Severity::Warning, pos, path, message: w.clone() });
        }
        out
    }

    fn field_diagnostic(&self, e: &FieldError) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            pos: self.locate(&e.field),
            path: Some(e.field.clone()),
            message: e.to_string(),
        }
    }
}

/// Everything understood from one input text.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    pub pods: Vec<PodDoc>,
    /// Problems of the input that belong to no single pod (syntax, kinds, type errors).
    pub diagnostics: Vec<Diagnostic>,
    /// The `Scenario` document's `spec`, typed (default when there is none or it has errors).
    pub scenario: Scenario,
    /// The `Scenario` document's `spec` node, when there is one (for positions).
    pub scenario_node: Option<Node>,
    /// Documents that carry no pod (a Service, a ConfigMap …), by kind: shown, not simulated.
    pub ignored: Vec<(Pos, String)>,
}

impl Parsed {
    /// Every diagnostic, of the input and of each pod, sorted by position.
    pub fn all_diagnostics(&self) -> Vec<Diagnostic> {
        let mut all = self.diagnostics.clone();
        for p in &self.pods {
            all.extend(p.diagnostics());
        }
        all.sort_by_key(|d| d.pos);
        all
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error) || self.pods.iter().any(|p| !p.is_valid())
    }
}

/// The alphabet of `k8s.io/apimachinery/pkg/util/rand` (no vowels, no confusable characters).
const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// 32-bit FNV-1a, the hash the Deployment controller uses for `pod-template-hash`.
fn fnv32a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in bytes {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// `rand.SafeEncodeString`: each byte mapped into [`ALPHANUMS`].
fn safe_encode(s: &str) -> String {
    s.bytes().map(|b| ALPHANUMS[usize::from(b) % ALPHANUMS.len()] as char).collect()
}

/// `rand.String(5)`, made deterministic: derived from a hash of the seed text, so the same
/// paste always gives the same pod name.
fn suffix(seed: &str, n: usize) -> String {
    let mut x = u64::from(fnv32a(seed.as_bytes())) | (u64::from(fnv32a(format!("{seed}#").as_bytes())) << 32);
    let mut out = String::with_capacity(n);
    for _ in 0..n {
        // SplitMix64 step.
        x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        out.push(ALPHANUMS[(z % ALPHANUMS.len() as u64) as usize] as char);
    }
    out
}

/// The fixed instant at which podlife creates everything (pods' `creationTimestamp`).
pub const EPOCH_SECONDS: i64 = 1_735_689_600; // 2025-01-01T00:00:00Z

fn meta_name(meta: &ObjectMeta) -> String {
    meta.name.clone().or_else(|| meta.generate_name.clone()).unwrap_or_default()
}

struct Template<'a> {
    kind: &'static str,
    meta: &'a ObjectMeta,
    selector: Option<&'a LabelSelector>,
    template: Option<&'a PodTemplateSpec>,
    template_path: &'static str,
    /// The name of the pod the controller creates.
    pod_name: String,
    /// Extra labels the controller stamps on its pods.
    labels: Vec<(String, String)>,
    /// Who owns the pod.
    owner: (String, String),
}

/// Reads one input text.
pub fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let docs = match source::parse_stream(text) {
        Ok(d) => d,
        Err(e) => {
            parsed.diagnostics.push(Diagnostic {
                severity: Severity::Error,
                pos: e.pos,
                path: None,
                message: e.message,
            });
            return parsed;
        }
    };
    for (doc_index, doc) in docs.into_iter().enumerate() {
        for d in &doc.duplicates {
            parsed.diagnostics.push(Diagnostic {
                severity: Severity::Error,
                pos: d.pos,
                path: None,
                message: format!("yaml: unmarshal errors: line {}: {}", d.pos.line, d.message),
            });
        }
        read_object(&mut parsed, doc_index, doc.root, None);
    }
    parsed
}

fn read_object(parsed: &mut Parsed, doc_index: usize, root: Node, item_of_list: Option<usize>) {
    let where_ = match item_of_list {
        Some(i) => format!("items[{i}]: "),
        None => String::new(),
    };
    let error = |parsed: &mut Parsed, pos: Pos, path: Option<&str>, msg: String| {
        parsed.diagnostics.push(Diagnostic {
            severity: Severity::Error,
            pos,
            path: path.map(str::to_string),
            message: format!("{where_}{msg}"),
        });
    };
    if !matches!(root.value, Value::Map(_)) {
        error(
            parsed,
            root.pos,
            None,
            format!(
                "expected a Kubernetes object (a mapping with apiVersion and kind), found {}",
                root.value.describe()
            ),
        );
        return;
    }
    let kind = root.get("kind").and_then(Node::as_str).unwrap_or("").to_string();
    let api = root.get("apiVersion").and_then(Node::as_str).unwrap_or("").to_string();
    if kind.is_empty() || api.is_empty() {
        let mut missing = Vec::new();
        if api.is_empty() {
            missing.push("apiVersion not set");
        }
        if kind.is_empty() {
            missing.push("kind not set");
        }
        error(parsed, root.pos, None, format!("error validating data: [{}]", missing.join(", ")));
        return;
    }
    let Some((_, served)) = KINDS.iter().find(|(k, _)| *k == kind) else {
        let known = [
            "Service",
            "ConfigMap",
            "Secret",
            "Namespace",
            "ServiceAccount",
            "Ingress",
            "PersistentVolumeClaim",
            "PodDisruptionBudget",
            "HorizontalPodAutoscaler",
            "NetworkPolicy",
            "ResourceQuota",
            "LimitRange",
            "Role",
            "RoleBinding",
            "ClusterRole",
            "ClusterRoleBinding",
            "EndpointSlice",
            "Endpoints",
            "PriorityClass",
            "StorageClass",
            "PersistentVolume",
            "Node",
            "Event",
            "Lease",
        ];
        if known.contains(&kind.as_str()) {
            parsed.ignored.push((root.pos, kind));
            return;
        }
        let mut candidates: Vec<&str> = KINDS.iter().map(|(k, _)| *k).collect();
        candidates.extend(known);
        let hint = did_you_mean(&kind, candidates).map(|s| format!(" (did you mean \"{s}\"?)")).unwrap_or_default();
        let pos = root.locate("kind");
        error(parsed, pos, Some("kind"), format!("no matches for kind \"{kind}\" in version \"{api}\"{hint}"));
        return;
    };
    if api != *served {
        let pos = root.locate("apiVersion");
        error(parsed, pos, Some("apiVersion"), format!("no matches for kind \"{kind}\" in version \"{api}\" (podlife models Kubernetes 1.34, which serves {kind} at \"{served}\")"));
        return;
    }
    match kind.as_str() {
        "List" => {
            if let Some(Node { value: Value::Seq(items), .. }) = root.get("items") {
                for (i, item) in items.clone().into_iter().enumerate() {
                    read_object(parsed, doc_index, item, Some(i));
                }
            }
        }
        SCENARIO_KIND => {
            if parsed.scenario_node.is_some() {
                error(parsed, root.pos, None, "only one Scenario document is read; this one is ignored".into());
            } else {
                let spec = root.get("spec").cloned().unwrap_or(Node { pos: root.pos, value: Value::Map(Vec::new()) });
                match typed::from_node::<Scenario>(&spec, "spec") {
                    Ok((scenario, unknown)) => {
                        for u in unknown {
                            parsed.diagnostics.push(Diagnostic {
                                severity: Severity::Error,
                                pos: u.pos,
                                path: Some(u.path.clone()),
                                message: format!("{where_}Scenario: {}", u.message()),
                            });
                        }
                        parsed.scenario = scenario;
                    }
                    Err(e) => error(parsed, e.pos, Some(&e.path), format!("Scenario: {e}")),
                }
                parsed.scenario_node = Some(spec);
            }
        }
        "Pod" => read_pod(parsed, doc_index, root, item_of_list),
        _ => read_workload(parsed, doc_index, root, &kind, item_of_list),
    }
}

fn push_type_error(parsed: &mut Parsed, kind: &str, api: &str, e: typed::TypeError) {
    let version = api.rsplit('/').next().unwrap_or(api);
    parsed.diagnostics.push(Diagnostic {
        severity: Severity::Error,
        pos: e.pos,
        path: Some(e.path.clone()),
        message: format!("{kind} in version \"{version}\" cannot be handled as a {kind}: {e}"),
    });
}

fn read_pod(parsed: &mut Parsed, doc_index: usize, root: Node, item_of_list: Option<usize>) {
    let (mut pod, unknown): (Pod, _) = match typed::from_node(&root, "") {
        Ok(v) => v,
        Err(e) => return push_type_error(parsed, "Pod", "v1", e),
    };
    let name = meta_name(&pod.metadata);
    if pod.metadata.name.is_none() {
        if let Some(g) = &pod.metadata.generate_name {
            pod.metadata.name = Some(format!("{g}{}", suffix(&format!("{doc_index}/{g}"), 5)));
        }
    }
    prepare_metadata(&mut pod.metadata);
    let mut defaulted = defaults::default_pod(&mut pod);
    defaulted.retain(|d| !d.path.starts_with("status"));
    let validation = validation::validate_pod(&pod);
    let qos = qos::compute_pod_qos(pod.spec.as_ref().unwrap_or(&Default::default()));
    parsed.pods.push(PodDoc {
        doc_index,
        kind: "Pod".into(),
        name,
        template_path: String::new(),
        pod,
        defaulted,
        validation,
        unknown,
        qos,
        root,
        item_of_list,
    });
}

fn prepare_metadata(meta: &mut ObjectMeta) {
    if meta.namespace.is_none() {
        meta.namespace = Some("default".into());
    }
}

fn read_workload(parsed: &mut Parsed, doc_index: usize, root: Node, kind: &str, item_of_list: Option<usize>) {
    macro_rules! typed_or_return {
        ($t:ty, $api:expr) => {
            match typed::from_node::<$t>(&root, "") {
                Ok(v) => v,
                Err(e) => return push_type_error(parsed, kind, $api, e),
            }
        };
    }
    let hash_of = |t: Option<&PodTemplateSpec>| -> String {
        let json = serde_json::to_string(&t).unwrap_or_default();
        safe_encode(&fnv32a(json.as_bytes()).to_string())
    };
    let seed = |name: &str| format!("{doc_index}/{kind}/{name}");
    // Each arm extracts the template and names the pod the way its controller would.
    let (obj_unknown, t): (Vec<UnknownField>, Template<'_>);
    let (d, rs, sts, ds, rc, job, cj);
    match kind {
        "Deployment" => {
            let (v, u) = typed_or_return!(Deployment, "apps/v1");
            d = v;
            let spec = d.spec.as_ref();
            let name = meta_name(&d.metadata);
            let hash = hash_of(spec.map(|s| &s.template));
            // Pods of a Deployment belong to its ReplicaSet `<name>-<pod-template-hash>`.
            let rs_name = format!("{name}-{hash}");
            obj_unknown = u;
            t = Template {
                kind: "Deployment",
                meta: &d.metadata,
                selector: spec.map(|s| &s.selector),
                template: spec.map(|s| &s.template),
                template_path: "spec.template",
                pod_name: format!("{rs_name}-{}", suffix(&seed(&name), 5)),
                labels: vec![("pod-template-hash".into(), hash)],
                owner: ("ReplicaSet".into(), rs_name),
            };
        }
        "ReplicaSet" => {
            let (v, u) = typed_or_return!(ReplicaSet, "apps/v1");
            rs = v;
            let spec = rs.spec.as_ref();
            let name = meta_name(&rs.metadata);
            obj_unknown = u;
            t = Template {
                kind: "ReplicaSet",
                meta: &rs.metadata,
                selector: spec.map(|s| &s.selector),
                template: spec.and_then(|s| s.template.as_ref()),
                template_path: "spec.template",
                pod_name: format!("{name}-{}", suffix(&seed(&name), 5)),
                labels: vec![],
                owner: ("ReplicaSet".into(), name),
            };
        }
        "StatefulSet" => {
            let (v, u) = typed_or_return!(StatefulSet, "apps/v1");
            sts = v;
            let spec = sts.spec.as_ref();
            let name = meta_name(&sts.metadata);
            obj_unknown = u;
            t = Template {
                kind: "StatefulSet",
                meta: &sts.metadata,
                selector: spec.map(|s| &s.selector),
                template: spec.map(|s| &s.template),
                template_path: "spec.template",
                // Ordinal 0 is the first pod a StatefulSet creates.
                pod_name: format!("{name}-0"),
                labels: vec![
                    ("apps.kubernetes.io/pod-index".into(), "0".into()),
                    ("statefulset.kubernetes.io/pod-name".into(), format!("{name}-0")),
                ],
                owner: ("StatefulSet".into(), name),
            };
        }
        "DaemonSet" => {
            let (v, u) = typed_or_return!(DaemonSet, "apps/v1");
            ds = v;
            let spec = ds.spec.as_ref();
            let name = meta_name(&ds.metadata);
            obj_unknown = u;
            t = Template {
                kind: "DaemonSet",
                meta: &ds.metadata,
                selector: spec.map(|s| &s.selector),
                template: spec.map(|s| &s.template),
                template_path: "spec.template",
                pod_name: format!("{name}-{}", suffix(&seed(&name), 5)),
                labels: vec![],
                owner: ("DaemonSet".into(), name),
            };
        }
        "ReplicationController" => {
            let (v, u) = typed_or_return!(ReplicationController, "v1");
            rc = v;
            let spec = rc.spec.as_ref();
            let name = meta_name(&rc.metadata);
            obj_unknown = u;
            t = Template {
                kind: "ReplicationController",
                meta: &rc.metadata,
                selector: None,
                template: spec.and_then(|s| s.template.as_ref()),
                template_path: "spec.template",
                pod_name: format!("{name}-{}", suffix(&seed(&name), 5)),
                labels: vec![],
                owner: ("ReplicationController".into(), name),
            };
        }
        "Job" => {
            let (v, u) = typed_or_return!(Job, "batch/v1");
            job = v;
            let spec = job.spec.as_ref();
            let name = meta_name(&job.metadata);
            obj_unknown = u;
            t = Template {
                kind: "Job",
                meta: &job.metadata,
                selector: spec.and_then(|s| s.selector.as_ref()),
                template: spec.map(|s| &s.template),
                template_path: "spec.template",
                pod_name: format!("{name}-{}", suffix(&seed(&name), 5)),
                labels: vec![("batch.kubernetes.io/job-name".into(), name.clone()), ("job-name".into(), name.clone())],
                owner: ("Job".into(), name),
            };
        }
        _ => {
            let (v, u) = typed_or_return!(CronJob, "batch/v1");
            cj = v;
            let spec = cj.spec.as_ref();
            let name = meta_name(&cj.metadata);
            // The CronJob controller names a Job `<cronjob>-<scheduled time in Unix minutes>`.
            let job_name = format!("{name}-{}", EPOCH_SECONDS / 60);
            obj_unknown = u;
            t = Template {
                kind: "CronJob",
                meta: &cj.metadata,
                selector: None,
                template: spec.and_then(|s| s.job_template.spec.as_ref()).map(|j| &j.template),
                template_path: "spec.jobTemplate.spec.template",
                pod_name: format!("{job_name}-{}", suffix(&seed(&name), 5)),
                labels: vec![
                    ("batch.kubernetes.io/job-name".into(), job_name.clone()),
                    ("job-name".into(), job_name.clone()),
                ],
                owner: ("Job".into(), job_name),
            };
        }
    }
    let template = t.template.cloned().unwrap_or_default();
    let mut defaulted_template = template.clone();
    let mut defaulted = Vec::new();
    if let Some(spec) = defaulted_template.spec.as_mut() {
        defaulted = defaults::default_pod_spec(spec, &format!("{}.spec", t.template_path));
    }
    let validation =
        validation::validate_workload_template(t.kind, t.meta, t.selector, t.template_path, &defaulted_template);

    // The pod the controller creates from the template.
    let mut meta = template.metadata.clone().unwrap_or_default();
    meta.name = Some(t.pod_name.clone());
    meta.generate_name = None;
    meta.namespace = t.meta.namespace.clone();
    let mut labels = meta.labels.take().unwrap_or_default();
    for (k, v) in &t.labels {
        labels.insert(k.clone(), v.clone());
    }
    meta.labels = Some(labels);
    meta.owner_references = Some(vec![OwnerReference {
        api_version: if t.owner.0 == "Job" {
            "batch/v1".into()
        } else if t.owner.0 == "ReplicationController" {
            "v1".into()
        } else {
            "apps/v1".into()
        },
        kind: t.owner.0.clone(),
        name: t.owner.1.clone(),
        controller: Some(true),
        block_owner_deletion: Some(true),
        uid: String::new(),
    }]);
    prepare_metadata(&mut meta);
    let mut pod = Pod { metadata: meta, spec: template.spec.clone(), status: None };
    let pod_defaults = defaults::default_pod(&mut pod);
    // Show the template's defaults, plus the pod-only ones (requests from limits, tolerations),
    // all at their place in the document.
    for pd in pod_defaults {
        let doc_path = format!("{}.{}", t.template_path, pd.path);
        if !defaulted.iter().any(|x: &Defaulted| x.path == doc_path) && !pd.path.starts_with("metadata") {
            defaulted.push(Defaulted { path: doc_path, value: pd.value });
        }
    }
    let qos = qos::compute_pod_qos(pod.spec.as_ref().unwrap_or(&Default::default()));
    parsed.pods.push(PodDoc {
        doc_index,
        kind: t.kind.to_string(),
        name: meta_name(t.meta),
        template_path: t.template_path.to_string(),
        pod,
        defaulted,
        validation,
        unknown: obj_unknown,
        qos,
        root,
        item_of_list,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_encoding_and_suffixes_use_the_upstream_alphabet() {
        let s = suffix("x", 5);
        assert_eq!(s.len(), 5);
        assert!(s.bytes().all(|b| ALPHANUMS.contains(&b)));
        assert_eq!(suffix("x", 5), s, "deterministic");
        assert_eq!(safe_encode("0123"), "4567");
    }

    #[test]
    fn fnv32a_matches_reference_vectors() {
        assert_eq!(fnv32a(b""), 0x811c_9dc5);
        assert_eq!(fnv32a(b"a"), 0xe40c_292c);
        assert_eq!(fnv32a(b"foobar"), 0xbf9c_f968);
    }
}
