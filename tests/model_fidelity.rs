#![cfg(not(target_arch = "wasm32"))]
//! Differential test of the lean model (`src/model/`): decoding a document with it and with
//! the full upstream types (k8s-openapi 0.29, v1_34, a dev-dependency only) through podlife's
//! strict decoder gives the same JSON (after serializing both), the same unknown-field
//! reports (path, position, suggestion) and the same type errors (path, position, message).
//!
//! Corpora: every example, every YAML text embedded in the tests and sources, and documents
//! generated from the schema table itself (every type and field of the Pod tree, valid values
//! and, at a low rate, wrong types, out-of-range numbers, nulls and misspelt keys).
//!
//! The one intended difference: a malformed timestamp. podlife reads `metav1.Time` as the
//! API server does (Go's RFC 3339 parser and its error text), k8s-openapi with jiff; for
//! those only the path and position are compared, and the generator writes timestamps both
//! accept.

use podlife::model::schema::TYPES;
use podlife::model::schema_types::Kind;
use podlife::source::{parse_stream, Node, Value};
use podlife::typed::{from_node, TypeError, UnknownField};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value as Json};

type Decoded = Result<(Json, Vec<UnknownField>), TypeError>;

fn decode<T: DeserializeOwned + Serialize>(node: &Node, base: &str) -> Decoded {
    from_node::<T>(node, base).map(|(v, u)| (serde_json::to_value(&v).expect("serializes"), u))
}

/// Compares the two decodings of `node`; returns whether it decoded without a type error.
fn same<L, U>(node: &Node, base: &str, what: &str) -> bool
where
    L: DeserializeOwned + Serialize,
    U: DeserializeOwned + Serialize,
{
    compare(decode::<L>(node, base), decode::<U>(node, base), what)
}

/// Compares a lean and an upstream decoding; returns whether they decoded without a type error.
fn compare(lean: Decoded, upstream: Decoded, what: &str) -> bool {
    match (&lean, &upstream) {
        (Ok(l), Ok(u)) => {
            assert_eq!(l.0, u.0, "{what}: JSON differs");
            assert_eq!(l.1, u.1, "{what}: unknown fields differ");
            true
        }
        (Err(l), Err(u)) => {
            assert_eq!(
                (&l.path, l.pos),
                (&u.path, u.pos),
                "{what}: error place differs ({} / {})",
                l.message,
                u.message
            );
            if !l.message.starts_with("parsing time ") {
                assert_eq!(l.message, u.message, "{what}: error message differs");
            }
            false
        }
        _ => panic!("{what}: lean {lean:?}\nupstream {upstream:?}"),
    }
}

/// Compares a workload document of `kind`: the schema walk podlife reads workloads with
/// (`src/workload.rs`) against the upstream type. `None` when `kind` is not a workload kind.
fn same_workload(root: &Node, kind: &str, what: &str) -> Option<bool> {
    use k8s_openapi::api::{apps::v1 as apps, batch::v1 as batch, core::v1 as core};
    let lean = podlife::typed::check(root, "", podlife::workload::schema_type(kind)?);
    let upstream = match kind {
        "Deployment" => decode::<apps::Deployment>(root, ""),
        "ReplicaSet" => decode::<apps::ReplicaSet>(root, ""),
        "StatefulSet" => decode::<apps::StatefulSet>(root, ""),
        "DaemonSet" => decode::<apps::DaemonSet>(root, ""),
        "ReplicationController" => decode::<core::ReplicationController>(root, ""),
        "Job" => decode::<batch::Job>(root, ""),
        _ => decode::<batch::CronJob>(root, ""),
    };
    Some(compare(lean, upstream, what))
}

/// Compares a document (a Pod, a workload, and a workload's pod template).
fn check_document(root: &Node, what: &str) -> usize {
    let mut n = 0;
    let kind = root.get("kind").and_then(Node::as_str).unwrap_or("");
    // Upstream rejects an apiVersion other than the one the kind is served at (podlife says
    // so before reading the document).
    let served = podlife::input::served_at(kind);
    if served.is_some() && root.get("apiVersion").and_then(Node::as_str) == served {
        n += usize::from(same_workload(root, kind, what).is_some());
    }
    if root.get("kind").and_then(Node::as_str) == Some("Pod") {
        same::<podlife::model::Pod, k8s_openapi::api::core::v1::Pod>(root, "", what);
        n += 1;
    }
    for path in ["spec.template", "spec.jobTemplate.spec.template"] {
        if let Some(t) = root.at_path(path) {
            same::<podlife::model::core::PodTemplateSpec, k8s_openapi::api::core::v1::PodTemplateSpec>(t, path, what);
            n += 1;
        }
    }
    n
}

fn check_text(text: &str, what: &str) -> usize {
    let Ok(docs) = parse_stream(text) else { return 0 };
    docs.iter().map(|d| check_document(&d.root, what)).sum()
}

#[test]
fn examples_decode_alike() {
    let mut n = 0;
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/examples")).expect("examples") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).expect("reads");
            n += check_text(&text, &path.display().to_string());
        }
    }
    assert!(n >= 15, "only {n} pod documents in the examples");
}

/// String literals of a Rust source that look like manifests (raw strings as they are,
/// plain strings with their escapes undone).
fn manifests_in(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(i) = rest.find('"') {
        let raw = rest[..i].ends_with("r#");
        let after = &rest[i + 1..];
        let (lit, next) = if raw {
            match after.find("\"#") {
                Some(j) => (after[..j].to_string(), &after[j + 2..]),
                None => break,
            }
        } else {
            let mut s = String::new();
            let mut chars = after.char_indices();
            let mut end = after.len();
            while let Some((k, c)) = chars.next() {
                match c {
                    '"' => {
                        end = k + 1;
                        break;
                    }
                    '\\' => match chars.next() {
                        Some((_, 'n')) => s.push('\n'),
                        Some((_, 't')) => s.push('\t'),
                        Some((_, '\n')) => {
                            // A continuation: skip the next line's indentation.
                            while let Some((_, w)) = chars.clone().next() {
                                if w == ' ' {
                                    chars.next();
                                } else {
                                    break;
                                }
                            }
                        }
                        Some((_, other)) => s.push(other),
                        None => {}
                    },
                    c => s.push(c),
                }
            }
            (s, &after[end.min(after.len())..])
        };
        if lit.contains("kind: Pod") || lit.contains("template:") {
            out.push(lit);
        }
        rest = next;
    }
    out
}

#[test]
fn embedded_manifests_decode_alike() {
    let mut n = 0;
    let mut files = Vec::new();
    for dir in ["tests", "src", "src/engine", "src/app", "src/web"] {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        for entry in std::fs::read_dir(dir).expect("dir") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    for path in files {
        let source = std::fs::read_to_string(&path).expect("reads");
        for (i, text) in manifests_in(&source).iter().enumerate() {
            n += check_text(text, &format!("{} literal {i}", path.display()));
        }
    }
    assert!(n >= 50, "only {n} embedded pod documents");
}

/// SplitMix64.
struct Gen(u64);
impl Gen {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }
    fn pick<T: Clone>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u64) as usize].clone()
    }
}

/// A value of the wrong type (or out of range) for `kind`.
fn wrong(g: &mut Gen, kind: Kind) -> Json {
    match kind {
        Kind::Str => g.pick(&[json!(5), json!(true), json!([]), json!({"a": 1}), json!(null), json!(1.5)]),
        Kind::Bool => g.pick(&[json!("yes"), json!(1), json!(null), json!([])]),
        Kind::I32 => {
            g.pick(&[json!(99_999_999_999_i64), json!("80"), json!(1.5), json!(-99_999_999_999_i64), json!(null)])
        }
        Kind::I64 | Kind::F64 => g.pick(&[json!("x"), json!(true), json!({}), json!(null)]),
        Kind::Quantity => g.pick(&[json!(true), json!([]), json!({"a": 1}), json!(null)]),
        Kind::IntOrString => g.pick(&[json!(1.5), json!(true), json!(99_999_999_999_i64), json!([]), json!(null)]),
        Kind::Time => g.pick(&[json!(5), json!(true), json!("yesterday"), json!(null)]),
        Kind::Any => json!(null),
        Kind::Obj(_) | Kind::Map(_) => g.pick(&[json!("x"), json!(5), json!([1])]),
        Kind::List(_) => g.pick(&[json!("x"), json!(5), json!({"a": 1})]),
    }
}

/// A value of `kind`; `depth` bounds the nesting.
fn value(g: &mut Gen, kind: Kind, depth: u32, rate: u64) -> Json {
    if g.one_in(rate) {
        return wrong(g, kind);
    }
    match kind {
        Kind::Str => g.pick(&[json!("a"), json!(""), json!("Always"), json!("/data"), json!("app")]),
        Kind::Bool => json!(g.one_in(2)),
        Kind::I32 => g.pick(&[json!(0), json!(1), json!(80), json!(-1), json!(2_147_483_647)]),
        Kind::I64 => g.pick(&[json!(0), json!(30), json!(-5), json!(99_999_999_999_i64)]),
        Kind::F64 => g.pick(&[json!(0.5), json!(2), json!(-1.25)]),
        Kind::Quantity => g.pick(&[json!("100m"), json!("1Gi"), json!(1), json!(0.5), json!("x")]),
        Kind::IntOrString => g.pick(&[json!(80), json!("http"), json!("25%"), json!(0)]),
        Kind::Time => g.pick(&[json!("2024-01-01T00:00:00Z"), json!("2025-06-30T12:34:56Z")]),
        Kind::Any => g.pick(&[json!({"f:metadata": {"f:name": {}}}), json!({}), json!([1, "a", null, 2.5])]),
        Kind::List(item) => {
            let n = if depth == 0 { 0 } else { g.below(3) };
            Json::Array((0..n).map(|_| value(g, *item, depth.saturating_sub(1), rate)).collect())
        }
        Kind::Map(item) => {
            let n = if depth == 0 { 0 } else { g.below(3) };
            let keys = ["a", "cpu", "example.com/gpu", "memory"];
            Json::Object((0..n).map(|i| (keys[i as usize].to_string(), value(g, *item, depth, rate))).collect())
        }
        Kind::Obj(t) => object(g, t, depth, rate),
    }
}

/// An object of schema type `t`: some of its fields, now and then a misspelt or unknown key.
fn object(g: &mut Gen, t: u16, depth: u32, rate: u64) -> Json {
    let ty = &TYPES[usize::from(t)];
    let mut out = serde_json::Map::new();
    let fields: Vec<_> = ty.fields().collect();
    for f in &fields {
        let nested = matches!(f.kind, Kind::Obj(_) | Kind::List(_) | Kind::Map(_));
        if depth == 0 && nested {
            continue;
        }
        if g.below(3) == 0 {
            out.insert(f.name.to_string(), value(g, f.kind, depth.saturating_sub(1), rate));
        } else if g.one_in(rate * 2) {
            out.insert(f.name.to_string(), json!(null));
        }
    }
    if g.one_in(rate / 2) {
        if let Some(f) = fields.get(g.below(fields.len() as u64) as usize) {
            // Drop one letter: close enough for a suggestion.
            let mut k = f.name.to_string();
            k.remove(g.below(k.len() as u64) as usize);
            out.insert(k, json!(1));
        }
    }
    if g.one_in(rate) {
        out.insert("zzzUnknown".into(), json!({"nested": [1, {"deep": true}]}));
    }
    Json::Object(out)
}

/// Deep enough for the deepest type (a volume's ephemeral claim template's data source).
const DEPTH: u32 = 11;
/// Documents generated.
const SEEDS: u64 = 3000;

fn pod_type() -> u16 {
    TYPES.iter().position(|t| t.name == "Pod").expect("Pod in the schema") as u16
}

#[test]
fn generated_pods_decode_alike() {
    let pod = pod_type();
    let (mut ok, mut errors, mut unknown) = (0, 0, 0);
    for seed in 0..SEEDS {
        let mut g = Gen(seed);
        // Mostly-valid documents reach deep fields; a few error-heavy ones exercise errors.
        let rate = if seed % 5 == 0 { 8 } else { 60 };
        let mut doc = object(&mut g, pod, DEPTH, rate);
        doc["apiVersion"] = json!("v1");
        doc["kind"] = json!("Pod");
        let text = serde_json::to_string_pretty(&doc).expect("json");
        let docs = parse_stream(&text).expect("JSON is YAML");
        let root = &docs[0].root;
        let what = format!("seed {seed}:\n{text}");
        if same::<podlife::model::Pod, k8s_openapi::api::core::v1::Pod>(root, "", &what) {
            ok += 1;
            unknown += usize::from(from_node::<podlife::model::Pod>(root, "").is_ok_and(|(_, u)| !u.is_empty()));
        } else {
            errors += 1;
        }
    }
    // The corpus covers all three outcomes.
    assert!(ok > 600 && errors > 200 && unknown > 200, "ok {ok}, errors {errors}, with unknown fields {unknown}");
}

/// The workload kinds podlife reads (`input::kinds()` without Pod, List and Scenario), with
/// the apiVersion each is served at.
fn workloads() -> Vec<(&'static str, &'static str)> {
    let w: Vec<_> = podlife::input::kinds()
        .filter(|(k, _)| !matches!(*k, "Pod" | "List") && *k != podlife::input::SCENARIO_KIND)
        .collect();
    assert_eq!(w.len(), 7, "the seven workload kinds: {w:?}");
    w
}

fn type_of(name: &str) -> u16 {
    TYPES.iter().position(|t| t.name == name).expect("in the schema") as u16
}

/// Workload documents generated from the schema table decode alike (the whole document:
/// statuses, claim templates, failure policies, the pod template).
#[test]
fn generated_workloads_decode_alike() {
    let (mut ok, mut errors, mut unknown) = (0, 0, 0);
    let kinds = workloads();
    for seed in 0..SEEDS {
        let (kind, api) = kinds[(seed % 7) as usize];
        let mut g = Gen(seed);
        let rate = if seed % 5 == 0 { 8 } else { 60 };
        let mut doc = object(&mut g, type_of(kind), DEPTH, rate);
        doc["apiVersion"] = json!(api);
        doc["kind"] = json!(kind);
        // k8s-openapi checks (and always writes) an embedded resource's apiVersion and kind;
        // the API server takes any. Write the ones both accept.
        if let Some(Json::Array(claims)) = doc.pointer_mut("/spec/volumeClaimTemplates") {
            for claim in claims.iter_mut().filter(|c| c.is_object()) {
                claim["apiVersion"] = json!("v1");
                claim["kind"] = json!("PersistentVolumeClaim");
            }
        }
        let text = serde_json::to_string_pretty(&doc).expect("json");
        let docs = parse_stream(&text).expect("JSON is YAML");
        let root = &docs[0].root;
        let what = format!("seed {seed}:\n{text}");
        if same_workload(root, kind, &what).expect("a workload kind") {
            ok += 1;
            let t = podlife::workload::schema_type(kind).expect("kind");
            unknown += usize::from(podlife::typed::check(root, "", t).is_ok_and(|(_, u)| !u.is_empty()));
        } else {
            errors += 1;
        }
    }
    assert!(ok > 300 && errors > 200 && unknown > 200, "ok {ok}, errors {errors}, with unknown fields {unknown}");
}

/// The objects around the pods that podlife reads (a Service, a ResourceQuota, a
/// PodDisruptionBudget), with the apiVersion each is served at.
const AROUND: [(&str, &str); 3] = [("Service", "v1"), ("ResourceQuota", "v1"), ("PodDisruptionBudget", "policy/v1")];

/// Generated Services, ResourceQuotas and PodDisruptionBudgets decode through the schema
/// walk exactly as through the upstream types (fields, unknown fields, errors and places).
#[test]
fn generated_service_quota_pdb_decode_alike() {
    use k8s_openapi::api::{core::v1 as core, policy::v1 as policy};
    let (mut ok, mut errors) = (0, 0);
    for seed in 0..SEEDS {
        let (kind, api) = AROUND[(seed % 3) as usize];
        let mut g = Gen(seed);
        let rate = if seed % 5 == 0 { 8 } else { 60 };
        let t = type_of(kind);
        let mut doc = object(&mut g, t, DEPTH, rate);
        doc["apiVersion"] = json!(api);
        doc["kind"] = json!(kind);
        // k8s-openapi refuses a metav1.Condition without lastTransitionTime; Go (and the
        // schema walk) take the zero time. Write one so both read the same document.
        if let Some(Json::Array(conditions)) = doc.pointer_mut("/status/conditions") {
            for c in
                conditions.iter_mut().filter(|c| c.is_object() && c.get("lastTransitionTime").is_none_or(Json::is_null))
            {
                c["lastTransitionTime"] = json!("2025-01-01T00:00:00Z");
            }
        }
        let text = serde_json::to_string_pretty(&doc).expect("json");
        let docs = parse_stream(&text).expect("JSON is YAML");
        let root = &docs[0].root;
        let what = format!("seed {seed}:\n{text}");
        let lean = podlife::typed::check(root, "", t);
        let upstream = match kind {
            "Service" => decode::<core::Service>(root, ""),
            "ResourceQuota" => decode::<core::ResourceQuota>(root, ""),
            _ => decode::<policy::PodDisruptionBudget>(root, ""),
        };
        if compare(lean, upstream, &what) {
            ok += 1;
        } else {
            errors += 1;
        }
    }
    assert!(ok > 100 && errors > 100, "ok {ok}, errors {errors}");
}

/// Every type of the Pod tree is reached by the generator (so the differential covers it).
#[test]
fn generator_reaches_every_type() {
    let mut seen = vec![false; TYPES.len()];
    fn mark(j: &Json, t: u16, seen: &mut [bool]) {
        seen[usize::from(t)] = true;
        let Json::Object(m) = j else { return };
        for f in TYPES[usize::from(t)].fields() {
            if let Some(v) = m.get(f.name) {
                walk(v, f.kind, seen);
            }
        }
    }
    fn walk(j: &Json, k: Kind, seen: &mut [bool]) {
        match (k, j) {
            (Kind::Obj(t), _) => mark(j, t, seen),
            (Kind::List(i), Json::Array(xs)) => xs.iter().for_each(|x| walk(x, *i, seen)),
            (Kind::Map(i), Json::Object(m)) => m.values().for_each(|x| walk(x, *i, seen)),
            _ => {}
        }
    }
    let pod = pod_type();
    let kinds = workloads();
    for seed in 0..SEEDS {
        let mut g = Gen(seed);
        let rate = if seed % 5 == 0 { 8 } else { 60 };
        mark(&object(&mut g, pod, DEPTH, rate), pod, &mut seen);
        let w = type_of(kinds[(seed % 7) as usize].0);
        mark(&object(&mut g, w, DEPTH, rate), w, &mut seen);
        let (kind, _) = AROUND[(seed % 3) as usize];
        let o = type_of(kind);
        mark(&object(&mut g, o, DEPTH, rate), o, &mut seen);
    }
    let missing: Vec<&str> = TYPES.iter().zip(&seen).filter(|(_, s)| !**s).map(|(t, _)| t.name).collect();
    assert!(missing.is_empty(), "never generated: {missing:?}");
}

/// A node that is not a mapping where the Pod is expected.
#[test]
fn scalar_documents_decode_alike() {
    for text in ["5", "[1, 2]", "null", "x: 1", "spec: 5", "spec: {containers: 5}", "metadata: {labels: [a]}"] {
        let docs = parse_stream(text).expect("parses");
        let Some(doc) = docs.first() else { continue };
        let root: &Node = &doc.root;
        assert!(!matches!(root.value, Value::Seq(_)) || text.starts_with('['));
        same::<podlife::model::Pod, k8s_openapi::api::core::v1::Pod>(root, "", text);
    }
}
