//! What the user pasted, understood: documents → pods as the API server would store them.
//!
//! Each pod-bearing document (a Pod, or a workload with a pod template) becomes a
//! [`PodDoc`]: the pod kubectl would show (named the way its controller names it), the
//! defaults the API server filled in, the validation result, and the document's node tree
//! so any field path can be turned back into a line and column. Problems that are not
//! tied to one pod (syntax, unknown kinds) are [`Diagnostic`]s of the whole input.

use crate::model::core::Pod;
use crate::model::meta::{ObjectMeta, OwnerReference};
use serde::Serialize;

use crate::defaults::{self, Defaulted};
use crate::engine::Scenario;
use crate::field::FieldError;
use crate::qos::{self, QosClass};
use crate::source::{self, Node, Pos, Value};
use crate::suggest::did_you_mean;
use crate::typed::{self, UnknownField};
use crate::validation::{self, Validation};
use crate::workload;

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

/// The kinds podlife reads, each followed by the apiVersion it is served at, in one string
/// (no table of pointers in the page's data; the last pair is [`SCENARIO_KIND`] at
/// [`SCENARIO_API_VERSION`], as a test checks). [`kinds`] lists them.
const KINDS: &str = "Pod v1 Deployment apps/v1 ReplicaSet apps/v1 StatefulSet apps/v1 DaemonSet apps/v1 \
    ReplicationController v1 Job batch/v1 CronJob batch/v1 List v1 Scenario podlife.dev/v1alpha1";

/// The kinds podlife reads, with the apiVersion each is served at.
pub fn kinds() -> impl Iterator<Item = (&'static str, &'static str)> {
    let mut words = KINDS.split(' ');
    std::iter::from_fn(move || Some((words.next()?, words.next()?)))
}

/// The apiVersion `kind` is served at, when podlife reads that kind.
pub fn served_at(kind: &str) -> Option<&'static str> {
    kinds().find(|(k, _)| *k == kind).map(|(_, api)| api)
}

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
    /// A copy of [`PodDoc::pod`], read again from the document (reading is deterministic: the
    /// same pod), for a caller that changes its copy (a fleet's templates). Not `Pod::clone`:
    /// the model's whole clone code would be in the page's wasm for these few copies.
    pub(crate) fn read_pod_again(&self) -> Pod {
        let mut again = Parsed::default();
        read_object(&mut again, self.doc_index, self.root.clone(), self.item_of_list);
        again.pods.pop().map(|d| d.pod).unwrap_or_default()
    }

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
            let mut list = String::new();
            for u in &self.unknown {
                if !list.is_empty() {
                    list.push_str(", ");
                }
                list.push_str("unknown field \"");
                list.push_str(&u.path);
                list.push('"');
            }
            let api = served_at(&self.kind).unwrap_or("v1");
            return format!(
                "Error from server (BadRequest): error when creating \"STDIN\": {} in version \"{}\" cannot be handled as a {}: strict decoding error: {}",
                self.kind,
                api.rsplit('/').next().unwrap_or(api),
                self.kind,
                list
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
    /// Documents that carry no pod (a ConfigMap …), by kind: shown, not simulated.
    pub ignored: Vec<(Pos, String)>,
    /// `ResourceQuota` and `PodDisruptionBudget` documents, read for `crate::fleet`.
    pub objects: crate::fleet::objects::Objects,
    /// `kind: Service` documents (read for `crate::traffic`; their problems are diagnostics).
    pub services: Vec<crate::traffic::ServiceDoc>,
}

impl Parsed {
    /// Every diagnostic, of the input and of each pod, sorted by position.
    pub fn all_diagnostics(&self) -> Vec<Diagnostic> {
        let mut all = self.diagnostics.clone();
        for p in &self.pods {
            all.extend(p.diagnostics());
        }
        crate::sort::by_key(&mut all, |d| crate::sort::pos(d.pos));
        all
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error) || self.pods.iter().any(|p| !p.is_valid())
    }
}

/// The alphabet of `k8s.io/apimachinery/pkg/util/rand` (no vowels, no confusable characters).
const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// 32-bit FNV-1a, the hash the Deployment controller uses for `pod-template-hash`.
pub(crate) fn fnv32a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in bytes {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// `rand.SafeEncodeString`: each byte mapped into [`ALPHANUMS`].
pub(crate) fn safe_encode(s: &str) -> String {
    s.bytes().map(|b| ALPHANUMS[usize::from(b) % ALPHANUMS.len()] as char).collect()
}

/// `rand.String(5)`, made deterministic: derived from a hash of the seed text, so the same
/// paste always gives the same pod name.
pub(crate) fn suffix(seed: &str, n: usize) -> String {
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
    if crate::fleet::objects::served(&kind).is_some() {
        crate::fleet::objects::read(parsed, &root, &kind, &api, &where_);
        return;
    }
    let Some(served) = served_at(&kind) else {
        // Kinds podlife recognises but does not simulate, as one string (no table of pointers).
        const KNOWN: &str = concat!(
            "Service ConfigMap Secret Namespace ServiceAccount Ingress PersistentVolumeClaim ",
            "PodDisruptionBudget HorizontalPodAutoscaler NetworkPolicy ResourceQuota ",
            "LimitRange Role RoleBinding ClusterRole ClusterRoleBinding EndpointSlice ",
            "Endpoints PriorityClass StorageClass PersistentVolume Node Event Lease",
        );
        if kind == "Service" && api == "v1" {
            read_service(parsed, doc_index, root, &where_);
            return;
        }
        if KNOWN.split(' ').any(|k| k == kind) {
            parsed.ignored.push((root.pos, kind));
            return;
        }
        let candidates = kinds().map(|(k, _)| k).chain(KNOWN.split(' '));
        let hint = did_you_mean(&kind, candidates).map(|s| format!(" (did you mean \"{s}\"?)")).unwrap_or_default();
        let pos = root.locate("kind");
        error(parsed, pos, Some("kind"), format!("no matches for kind \"{kind}\" in version \"{api}\"{hint}"));
        return;
    };
    if api != served {
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
                match typed::read_node::<Scenario>(&spec, "spec") {
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

/// A Service: strict decoding and validation problems become diagnostics of the input.
fn read_service(parsed: &mut Parsed, doc_index: usize, root: Node, where_: &str) {
    match crate::traffic::service::read(&root, doc_index) {
        Ok(doc) => {
            for u in &doc.unknown {
                parsed.diagnostics.push(Diagnostic {
                    severity: Severity::Error,
                    pos: u.pos,
                    path: Some(u.path.clone()),
                    message: format!("{where_}Service: {}", u.message()),
                });
            }
            for e in &doc.errors {
                parsed.diagnostics.push(Diagnostic {
                    severity: Severity::Error,
                    pos: root.locate(&e.field),
                    path: Some(e.field.clone()),
                    message: format!("{where_}The Service {:?} is invalid: {e}", doc.service.name),
                });
            }
            parsed.services.push(doc);
        }
        Err(e) => push_type_error(parsed, "Service", "v1", e),
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
    // The schema walk, as `typed::from_node::<Pod>` does it (its `apiVersion`/`kind` check
    // cannot fail here: `read_object` only sends `v1` Pods).
    let (mut pod, unknown) = match typed::check(&root, "", crate::model::schema::POD) {
        Ok((json, unknown)) => (<Pod as crate::model::FromJson>::from_json(json), unknown),
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
    // `default_pod` has set the spec; an absent one would read as an empty spec: BestEffort.
    let qos = pod.spec.as_ref().map_or(QosClass::BestEffort, qos::compute_pod_qos);
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

/// How a controller names and labels the pod it creates from a template.
struct PodNaming {
    pod_name: String,
    labels: Vec<(String, String)>,
    owner: (&'static str, &'static str, String),
}

fn naming(kind: &str, name: &str, doc_index: usize, root: &Node) -> PodNaming {
    let seed = format!("{doc_index}/{kind}/{name}");
    let random = suffix(&seed, 5);
    let mut labels: Vec<(String, String)> = Vec::new();
    // The owner's apiVersion, kind and name; the pod is `<owner name>-<random>`.
    let (api, owner_kind, owner) = match kind {
        "Deployment" => {
            // The Deployment controller hashes the template object; podlife hashes the
            // template's canonical text (same shape and alphabet, another number than a real
            // cluster's). Pods belong to the ReplicaSet `<name>-<pod-template-hash>`.
            let text = root.at_path("spec.template").map(Node::canonical).unwrap_or_default();
            let hash = safe_encode(&fnv32a(text.as_bytes()).to_string());
            let rs = format!("{name}-{hash}");
            labels.push(("pod-template-hash".into(), hash));
            ("apps/v1", "ReplicaSet", rs)
        }
        // Ordinal 0 is the first pod a StatefulSet creates (named below).
        "StatefulSet" => {
            labels.push(("apps.kubernetes.io/pod-index".into(), "0".into()));
            labels.push(("statefulset.kubernetes.io/pod-name".into(), format!("{name}-0")));
            ("apps/v1", "StatefulSet", name.to_string())
        }
        "Job" | "CronJob" => {
            // The CronJob controller names a Job `<cronjob>-<scheduled time in Unix minutes>`.
            let job = if kind == "CronJob" { format!("{name}-{}", EPOCH_SECONDS / 60) } else { name.to_string() };
            labels.push(("batch.kubernetes.io/job-name".into(), job.clone()));
            labels.push(("job-name".into(), job.clone()));
            ("batch/v1", "Job", job)
        }
        "ReplicationController" => ("v1", "ReplicationController", name.to_string()),
        "ReplicaSet" => ("apps/v1", "ReplicaSet", name.to_string()),
        _ => ("apps/v1", "DaemonSet", name.to_string()),
    };
    let pod_name = if kind == "StatefulSet" { format!("{name}-0") } else { format!("{owner}-{random}") };
    PodNaming { pod_name, labels, owner: (api, owner_kind, owner) }
}

fn read_workload(parsed: &mut Parsed, doc_index: usize, root: Node, kind: &str, item_of_list: Option<usize>) {
    let (w, unknown) = match workload::read(&root, kind) {
        Ok(v) => v,
        Err(e) => {
            let api = served_at(kind).unwrap_or("v1");
            return push_type_error(parsed, kind, api, e);
        }
    };
    let meta = w.metadata;
    let name = meta_name(&meta);
    let template_path = w.template_path;
    let template = w.template.unwrap_or_default();
    let selector = w.selector;

    // The template as validated (defaulted), read again from the document (reading is
    // deterministic) rather than cloned: no `PodSpec::clone` in the page's wasm.
    let mut defaulted_template = workload::read(&root, kind).ok().and_then(|(w, _)| w.template).unwrap_or_default();
    let mut defaulted = Vec::new();
    if let Some(s) = defaulted_template.spec.as_mut() {
        defaulted = defaults::default_pod_spec(s, &format!("{template_path}.spec"));
    }
    let validation =
        validation::validate_workload_template(kind, &meta, selector.as_ref(), template_path, &defaulted_template);

    // The pod the controller creates from the template.
    let n = naming(kind, &name, doc_index, &root);
    let mut pod_meta = template.metadata.unwrap_or_default();
    pod_meta.name = Some(n.pod_name);
    pod_meta.generate_name = None;
    pod_meta.namespace = meta.namespace.clone();
    let mut labels = pod_meta.labels.take().unwrap_or_default();
    labels.extend(n.labels);
    pod_meta.labels = Some(labels);
    pod_meta.owner_references = Some(vec![OwnerReference {
        api_version: n.owner.0.into(),
        kind: n.owner.1.into(),
        name: n.owner.2,
        controller: Some(true),
        block_owner_deletion: Some(true),
        uid: String::new(),
    }]);
    prepare_metadata(&mut pod_meta);
    let mut pod = Pod { metadata: pod_meta, spec: template.spec, status: None };
    // Show the template's defaults, plus the pod-only ones (requests from limits,
    // tolerations), all at their place in the document.
    for pd in defaults::default_pod(&mut pod) {
        let doc_path = format!("{template_path}.{}", pd.path);
        if !pd.path.starts_with("metadata") && !defaulted.iter().any(|x: &Defaulted| x.path == doc_path) {
            defaulted.push(Defaulted { path: doc_path, value: pd.value });
        }
    }
    // `default_pod` has set the spec; an absent one would read as an empty spec: BestEffort.
    let qos = pod.spec.as_ref().map_or(QosClass::BestEffort, qos::compute_pod_qos);
    parsed.pods.push(PodDoc {
        doc_index,
        kind: kind.to_string(),
        name,
        template_path: template_path.to_string(),
        pod,
        defaulted,
        validation,
        unknown,
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

    const TEMPLATE: &str = "    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n";

    fn workload(kind: &str, api: &str, extra: &str) -> String {
        let restart = if kind == "Job" { "      restartPolicy: Never\n" } else { "" };
        format!(
            "apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {{app: web}}\n{extra}  template:\n{TEMPLATE}{restart}"
        )
    }

    #[test]
    fn every_workload_kind_yields_its_pod_named_like_its_controller_does() {
        let alphabet = |s: &str| s.bytes().all(|b| ALPHANUMS.contains(&b));
        let cases = [
            ("Deployment", "apps/v1", "ReplicaSet"),
            ("ReplicaSet", "apps/v1", "ReplicaSet"),
            ("StatefulSet", "apps/v1", "StatefulSet"),
            ("DaemonSet", "apps/v1", "DaemonSet"),
            ("Job", "batch/v1", "Job"),
        ];
        for (kind, api, owner) in cases {
            let p = parse(&workload(kind, api, ""));
            assert!(p.all_diagnostics().is_empty(), "{kind}: {:?}", p.all_diagnostics());
            let doc = &p.pods[0];
            assert_eq!(doc.kind, kind);
            assert_eq!(doc.name, "web");
            assert_eq!(doc.template_path, "spec.template");
            let refs = doc.pod.metadata.owner_references.as_ref().expect("owner");
            assert_eq!(refs[0].kind, owner, "{kind}");
            let name = doc.pod_name();
            match kind {
                "StatefulSet" => assert_eq!(name, "web-0"),
                "Deployment" => {
                    let parts: Vec<&str> = name.split('-').collect();
                    assert_eq!(parts.len(), 3, "{name}");
                    assert!(alphabet(parts[1]) && (6..=10).contains(&parts[1].len()), "{name}");
                    assert!(alphabet(parts[2]) && parts[2].len() == 5, "{name}");
                    assert_eq!(refs[0].name, format!("web-{}", parts[1]));
                }
                _ => {
                    let (base, rand) = name.rsplit_once('-').expect("suffix");
                    assert_eq!(base, "web");
                    assert!(alphabet(rand) && rand.len() == 5, "{name}");
                }
            }
            // Defaults appear at their place in the document.
            assert!(doc.defaulted.iter().any(|d| d.path == "spec.template.spec.restartPolicy" || kind == "Job"));
            assert!(doc.defaulted.iter().any(|d| d.path == "spec.template.spec.containers[0].terminationMessagePath"));
        }
    }

    #[test]
    fn replication_controllers_and_cronjobs() {
        let rc = "apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\nspec:\n  selector: {app: web}\n  template:\n".to_string() + TEMPLATE;
        let p = parse(&rc);
        assert!(p.all_diagnostics().is_empty(), "{:?}", p.all_diagnostics());
        assert!(p.pods[0].pod_name().starts_with("rc-"));
        let cj = "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: hello}\nspec:\n  schedule: \"* * * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n          - name: hello\n            image: busybox:1.28\n";
        let p = parse(cj);
        assert!(p.all_diagnostics().is_empty(), "{:?}", p.all_diagnostics());
        assert_eq!(p.pods[0].template_path, "spec.jobTemplate.spec.template");
        assert!(p.pods[0].pod_name().starts_with("hello-28928160-"), "{}", p.pods[0].pod_name());
        assert_eq!(p.pods[0].locate("spec.jobTemplate.spec.template.spec.containers[0].image").line, 13);
    }

    #[test]
    fn workload_level_unknown_fields_and_template_errors_have_document_paths() {
        let p = parse(&workload("Deployment", "apps/v1", "  replicaz: 2\n"));
        let d = p.all_diagnostics();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].path.as_deref(), Some("spec.replicaz"));
        assert!(d[0].message.contains("did you mean \"replicas\""), "{}", d[0].message);
        let bad = workload("Deployment", "apps/v1", "").replace(
            "image: nginx:1.27",
            "image: nginx:1.27\n        livenessProbe: {exec: {command: [ls]}, successThreshold: 2}",
        );
        let p = parse(&bad);
        let doc = &p.pods[0];
        assert_eq!(
            doc.kubectl_errors(),
            "The Deployment \"web\" is invalid: spec.template.spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"
        );
        assert_eq!(doc.locate("spec.template.spec.containers[0].livenessProbe.successThreshold").line, 15);
    }

    #[test]
    fn strict_field_validation_reaches_every_part_of_a_workload() {
        // A misspelt field directly in the spec.
        let p = parse(&workload("Deployment", "apps/v1", "  replicsa: 2\n"));
        let d = p.all_diagnostics();
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].message.contains("unknown field \"spec.replicsa\" (did you mean \"replicas\"?)"),
            "{}",
            d[0].message
        );
        assert_eq!(d[0].pos.line, 8, "the key's line");
        // Subtrees podlife does not read are checked too (the API server's strict field
        // validation decodes them into their full types).
        let cases = [
            ("StatefulSet", "apps/v1", "  updateStrategy:\n    rollingUpdate: {partitoin: 1}\n", "spec.updateStrategy.rollingUpdate.partitoin", "partition"),
            ("StatefulSet", "apps/v1", "  volumeClaimTemplates:\n  - metadata: {name: data}\n    spec: {acessModes: [ReadWriteOnce]}\n", "spec.volumeClaimTemplates[0].spec.acessModes", "accessModes"),
            ("Job", "batch/v1", "  podFailurePolicy:\n    rules:\n    - action: FailJob\n      onExitCodes: {operater: In, values: [42]}\n", "spec.podFailurePolicy.rules[0].onExitCodes.operater", "operator"),
            ("DaemonSet", "apps/v1", "  updateStrategy: {rollingUpdte: {}}\n", "spec.updateStrategy.rollingUpdte", "rollingUpdate"),
        ];
        for (kind, api, extra, path, suggestion) in cases {
            let p = parse(&workload(kind, api, extra));
            let d = p.all_diagnostics();
            assert_eq!(d.len(), 1, "{kind}: {d:?}");
            assert_eq!(d[0].path.as_deref(), Some(path), "{kind}");
            assert!(d[0].message.contains(&format!("(did you mean \"{suggestion}\"?)")), "{}", d[0].message);
        }
        // A workload status is checked like a Pod's.
        let p = parse(&(workload("Deployment", "apps/v1", "") + "status: {replicas: 1, readyReplicaz: 1}\n"));
        let d = p.all_diagnostics();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].path.as_deref(), Some("status.readyReplicaz"));
        // A wrong type inside a subtree podlife does not read is a type error at its place.
        let p = parse(&workload("StatefulSet", "apps/v1", "  updateStrategy:\n    rollingUpdate: {partition: many}\n"));
        let d = p.all_diagnostics();
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].path.as_deref(), Some("spec.updateStrategy.rollingUpdate.partition"), "{d:?}");
        assert!(p.pods.is_empty(), "a type error stops the document");
    }

    #[test]
    fn lists_scenarios_and_other_kinds() {
        let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n  spec:\n    containers: [{name: a, image: nginx}]\n- apiVersion: v1\n  kind: Service\n  metadata: {name: s}\n  spec: {ports: [{port: 80}]}\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  delete: {at: 30s}\n  nodee: {}\n";
        let p = parse(text);
        assert_eq!(p.pods.len(), 1);
        assert_eq!(p.services.len(), 1, "a Service is read");
        assert!(p.ignored.is_empty());
        assert_eq!(p.scenario.delete.as_ref().map(|d| d.at.0), Some(30_000));
        let d = p.all_diagnostics();
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("unknown field \"spec.nodee\" (did you mean \"node\"?)"), "{}", d[0].message);
        assert_eq!(d[0].pos.line, 18);
    }

    #[test]
    fn missing_and_unknown_kinds() {
        let p = parse("metadata: {name: x}\n");
        assert_eq!(p.diagnostics[0].message, "error validating data: [apiVersion not set, kind not set]");
        let p = parse("apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: x}\n");
        assert!(
            p.diagnostics[0]
                .message
                .contains("no matches for kind \"Deploymnet\" in version \"apps/v1\" (did you mean \"Deployment\"?)"),
            "{}",
            p.diagnostics[0].message
        );
        assert_eq!(p.diagnostics[0].pos.line, 2);
        let p = parse("apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: x}\n");
        assert!(p.diagnostics[0]
            .message
            .starts_with("no matches for kind \"Deployment\" in version \"extensions/v1beta1\""));
    }

    #[test]
    fn kinds_and_their_api_versions() {
        let all: Vec<_> = kinds().collect();
        assert_eq!(all.len(), 10);
        assert_eq!(all[0], ("Pod", "v1"));
        assert_eq!(all[9], (SCENARIO_KIND, SCENARIO_API_VERSION));
        assert_eq!(served_at("CronJob"), Some("batch/v1"));
        assert_eq!(served_at("v1"), None);
        assert_eq!(served_at("Service"), None);
    }

    #[test]
    fn fnv32a_matches_reference_vectors() {
        assert_eq!(fnv32a(b""), 0x811c_9dc5);
        assert_eq!(fnv32a(b"a"), 0xe40c_292c);
        assert_eq!(fnv32a(b"foobar"), 0xbf9c_f968);
    }
}
