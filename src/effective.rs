//! The effective spec: the user's own document with every field the API server defaulted
//! inserted where the API server puts it, each such line marked.
//!
//! The document tree ([`PodDoc::root`]) is printed with [`crate::yamlout`]'s conventions
//! (kubectl's block layout, keys in the user's order). Each [`PodDoc::defaulted`] entry is
//! inserted at its path, after the user's keys of that map; missing intermediate maps and
//! list items are created (a defaulted `…livenessProbe.httpGet.scheme` lands in the user's
//! `httpGet`, a defaulted `spec.tolerations[0]` creates the `tolerations` list).
//!
//! The inserted value is the one the stored pod really holds ([`PodDoc::pod`] at the
//! corresponding pod path), so a ServiceAccount token volume shows in full; when the pod has
//! no such path the entry's value text is used (parsed with [`crate::source::parse_stream`]
//! when it is a flow collection). A defaulted path that the user already wrote (an empty
//! `imagePullPolicy: ""`, a quantity canonicalised by `SetDefaults_ResourceList`) has its
//! value replaced; that line keeps its source line and is marked defaulted.
//!
//! Cost: one pass to copy the tree, one JSON serialisation of the pod, and per defaulted
//! entry a walk down its path (map widths × path depth): linear in practice.

use serde_json::Value as Json;

use crate::input::PodDoc;
use crate::source::{self, split_path, Node, Seg, Value};
use crate::yamlout::{self, Tree, TreeEntry, TreeValue};

/// One printed line of the effective spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    /// The line exists (or has its value) only because of a default.
    pub defaulted: bool,
    /// 1-based line in the user's text for lines that came from it.
    pub source_line: Option<u32>,
}

/// Per-line annotation while building the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Meta {
    defaulted: bool,
    line: Option<u32>,
}

/// Also the (unused) annotation of [`crate::yamlout::to_yaml`]'s tree: one instance of the
/// generic printer in the wasm instead of two.
pub(crate) const DEFAULTED: Meta = Meta { defaulted: true, line: None };

/// A path segment that owns its key (keys may be joined back, see [`resolve`]).
#[derive(Clone, Debug, PartialEq, Eq)]
enum PathSeg {
    Key(String),
    Index(usize),
}

/// The effective spec of a pod-bearing document, line by line.
pub fn effective_lines(doc: &PodDoc) -> Vec<Line> {
    let mut tree = from_node(&doc.root, None);
    // Natively the stored pod gives each defaulted value in full. The page skips this:
    // serializing k8s objects would add ~15 KB gzipped to the wasm, and the defaulted value
    // texts say the same (the service-account token volume shows as its summary there).
    #[cfg(not(target_arch = "wasm32"))]
    let pod = serde_json::to_value(&doc.pod).unwrap_or(Json::Null);
    #[cfg(not(target_arch = "wasm32"))]
    let resolve_tree = |tail: &[PathSeg]| resolve(&pod, tail).map(|(r, v)| (r, Tree::from_json(v, &DEFAULTED)));
    // The page's stored pod is JSON null: only an empty path resolves there, to `null` (no
    // JSON walk nor JSON tree in the wasm).
    #[cfg(target_arch = "wasm32")]
    let resolve_tree = |tail: &[PathSeg]| {
        tail.is_empty().then(|| (Vec::new(), Tree { meta: DEFAULTED, value: TreeValue::Scalar("null".into()) }))
    };
    let prefix = if doc.template_path.is_empty() { String::new() } else { format!("{}.", doc.template_path) };
    let template_segs = split_path(&doc.template_path).len();
    for d in &doc.defaulted {
        let segs: Vec<PathSeg> = split_path(&d.path)
            .into_iter()
            .map(|s| match s {
                Seg::Key(k) => PathSeg::Key(k.to_string()),
                Seg::Index(i) => PathSeg::Index(i),
            })
            .collect();
        // The stored pod's value at the same place (the document path minus the template
        // path); its keys also tell one key with dots (`requests.example.com/gpu`) from
        // nested maps.
        let skip = if prefix.is_empty() {
            Some(0)
        } else if d.path.starts_with(prefix.as_str()) {
            Some(template_segs.min(segs.len()))
        } else {
            None
        };
        let found = skip.and_then(|skip| {
            let (head, tail) = segs.split_at(skip);
            resolve_tree(tail).map(|(resolved, v)| {
                let mut full = head.to_vec();
                full.extend(resolved);
                (full, v)
            })
        });
        let (segs, value) = match found {
            Some(found) => found,
            None => (segs, from_value_text(&d.value)),
        };
        insert(&mut tree, &segs, value);
    }
    let mut lines = Vec::new();
    yamlout::render(&tree, 0, &mut lines);
    lines.into_iter().map(|(text, m)| Line { text, defaulted: m.defaulted, source_line: m.line }).collect()
}

/// The user's tree, annotated with source lines (recursion is bounded by the parser's
/// depth cap, `source::MAX_DEPTH`). `defaulted` trees come from parsed value text.
fn from_node(n: &Node, defaulted: Option<Meta>) -> Tree<Meta> {
    let meta = |line: u32| defaulted.unwrap_or(Meta { defaulted: false, line: Some(line) });
    let value = match &n.value {
        Value::Seq(items) => TreeValue::Seq(items.iter().map(|i| from_node(i, defaulted)).collect()),
        Value::Map(entries) => TreeValue::Map(
            entries
                .iter()
                .map(|e| TreeEntry {
                    key: e.key.clone(),
                    meta: meta(e.key_pos.line),
                    value: from_node(&e.value, defaulted),
                })
                .collect(),
        ),
        scalar => TreeValue::Scalar(scalar_text(scalar)),
    };
    Tree { meta: meta(n.pos.line), value }
}

/// A scalar of the source tree as YAML text.
fn scalar_text(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(x) if x.is_nan() => ".nan".into(),
        Value::Float(x) if x.is_infinite() => (if *x > 0.0 { ".inf" } else { "-.inf" }).into(),
        Value::Float(x) => crate::float::Repr(*x).to_string(),
        Value::Str(s) => yamlout::quote(s),
        Value::Seq(_) => "[]".into(),
        Value::Map(_) => "{}".into(),
    }
}

/// A defaulted value given only as text: flow collections and multi-line text are parsed,
/// anything else is printed as written (it is already YAML: `Always`, `30`, `""`).
fn from_value_text(text: &str) -> Tree<Meta> {
    let t = text.trim();
    if t.starts_with(['{', '[']) || t.contains('\n') {
        if let Ok(docs) = source::parse_stream(t) {
            if let Some(d) = docs.first() {
                return from_node(&d.root, Some(DEFAULTED));
            }
        }
    }
    Tree { meta: DEFAULTED, value: TreeValue::Scalar(t.to_string()) }
}

/// The value at `segs` in the pod's JSON, with the segments as the JSON spells them: a key
/// missing from an object is retried joined with the following keys by `.` (resource names
/// such as `example.com/gpu` were split by [`split_path`]).
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
fn resolve<'a>(json: &'a Json, segs: &[PathSeg]) -> Option<(Vec<PathSeg>, &'a Json)> {
    let mut node = json;
    let mut out = Vec::with_capacity(segs.len());
    let mut i = 0;
    while i < segs.len() {
        match (&segs[i], node) {
            (PathSeg::Index(n), Json::Array(items)) => {
                node = items.get(*n)?;
                out.push(PathSeg::Index(*n));
                i += 1;
            }
            (PathSeg::Key(k), Json::Object(map)) => {
                let mut key = k.clone();
                let mut j = i;
                loop {
                    if let Some(v) = map.get(&key) {
                        node = v;
                        out.push(PathSeg::Key(key));
                        i = j + 1;
                        break;
                    }
                    match segs.get(j + 1) {
                        Some(PathSeg::Key(next)) => {
                            key.push('.');
                            key.push_str(next);
                            j += 1;
                        }
                        _ => return None,
                    }
                }
            }
            _ => return None,
        }
    }
    Some((out, node))
}

/// An empty collection of the kind `next` indexes into, created by a default.
fn empty_for(next: Option<&PathSeg>) -> Tree<Meta> {
    let value = match next {
        Some(PathSeg::Index(_)) => TreeValue::Seq(Vec::new()),
        _ => TreeValue::Map(Vec::new()),
    };
    Tree { meta: DEFAULTED, value }
}

/// A user `null` becomes the empty collection a default fills in.
fn open_null(node: &mut Tree<Meta>, seg: &PathSeg) {
    if matches!(&node.value, TreeValue::Scalar(s) if s == "null") {
        node.value = empty_for(Some(seg)).value;
    }
}

/// Inserts `value` at `segs`, creating missing maps and list items (appended after the
/// user's entries). A path through a scalar is dropped.
fn insert(root: &mut Tree<Meta>, segs: &[PathSeg], value: Tree<Meta>) {
    let Some((last, parents)) = segs.split_last() else {
        return;
    };
    let mut node = root;
    for (i, seg) in parents.iter().enumerate() {
        open_null(node, seg);
        let next = segs.get(i + 1);
        node = match (seg, &mut node.value) {
            (PathSeg::Key(k), TreeValue::Map(entries)) => {
                let at = match entries.iter().position(|e| e.key == *k) {
                    Some(at) => at,
                    None => {
                        entries.push(TreeEntry { key: k.clone(), meta: DEFAULTED, value: empty_for(next) });
                        entries.len() - 1
                    }
                };
                &mut entries[at].value
            }
            (PathSeg::Index(n), TreeValue::Seq(items)) => {
                if *n >= items.len() {
                    items.push(empty_for(next));
                }
                let at = (*n).min(items.len() - 1);
                &mut items[at]
            }
            _ => return,
        };
    }
    open_null(node, last);
    match (last, &mut node.value) {
        (PathSeg::Key(k), TreeValue::Map(entries)) => match entries.iter_mut().find(|e| e.key == *k) {
            Some(e) => {
                e.meta.defaulted = true;
                e.value = value;
            }
            None => entries.push(TreeEntry { key: k.clone(), meta: DEFAULTED, value }),
        },
        (PathSeg::Index(n), TreeValue::Seq(items)) => match items.get_mut(*n) {
            Some(item) => *item = value,
            None => items.push(value),
        },
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input;

    fn lines_of(text: &str) -> Vec<Line> {
        let p = input::parse(text);
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        let doc = p.pods.first().expect("a pod");
        effective_lines(doc)
    }

    fn show(lines: &[Line]) -> String {
        lines.iter().map(|l| format!("{} {}\n", if l.defaulted { "+" } else { " " }, l.text)).collect()
    }

    /// Every line of the user's text (`from` of them, 1-based) shows up, unmarked, in order.
    fn user_lines_unmarked(text: &str, lines: &[Line]) {
        for l in lines.iter().filter(|l| l.source_line.is_some()) {
            assert!(!l.defaulted, "user line marked defaulted: {}\n{}", l.text, show(lines));
        }
        for l in lines.iter().filter(|l| l.source_line.is_none()) {
            assert!(l.defaulted, "a line from nowhere: {}", l.text);
        }
        let n = text.lines().filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#')).count();
        let mut seen: Vec<u32> = lines.iter().filter_map(|l| l.source_line).collect();
        seen.dedup();
        assert_eq!(seen.len(), n, "{}", show(lines));
        assert!(seen.windows(2).all(|w| w[0] < w[1]), "source lines out of order: {seen:?}");
    }

    /// The index of the line whose trimmed text is `t`, searching from `from`.
    fn find(lines: &[Line], from: usize, t: &str) -> usize {
        lines.iter().skip(from).position(|l| l.text.trim() == t).map(|i| i + from).unwrap_or_else(|| {
            panic!("no line {t:?} after {from}:\n{}", show(lines));
        })
    }

    const POD: &str = "\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: app
    image: nginx
    ports:
    - containerPort: 80
    livenessProbe:
      httpGet:
        port: 80
    resources:
      limits:
        cpu: 500m
        example.com/gpu: 1
  - name: side
    image: busybox:1.36
    imagePullPolicy: IfNotPresent
";

    #[test]
    fn pod_defaults_sit_inside_their_container() {
        let lines = lines_of(POD);
        user_lines_unmarked(POD, &lines);
        let app = find(&lines, 0, "- name: app");
        let side = find(&lines, app, "- name: side");
        // imagePullPolicy: Always (nginx has no tag) inside the first container, marked.
        let ipp = find(&lines, app, "imagePullPolicy: Always");
        assert!(ipp < side && lines[ipp].defaulted && lines[ipp].source_line.is_none());
        assert!(lines[ipp].text.starts_with("    imagePullPolicy"), "{}", lines[ipp].text);
        // The second container's own policy stays a user line.
        let own = find(&lines, side, "imagePullPolicy: IfNotPresent");
        assert!(!lines[own].defaulted && lines[own].source_line == Some(20));
        // Port protocol inside the port item; probe defaults inside the probe; httpGet
        // defaults inside the user's httpGet map.
        let proto = find(&lines, app, "protocol: TCP");
        assert!(lines[proto].defaulted && lines[proto].text == "      protocol: TCP");
        let http = find(&lines, app, "httpGet:");
        assert!(!lines[http].defaulted);
        let scheme = find(&lines, http, "scheme: HTTP");
        assert_eq!(lines[scheme].text, "        scheme: HTTP");
        assert_eq!(lines[find(&lines, http, "path: /")].text, "        path: /");
        for t in ["timeoutSeconds: 1", "periodSeconds: 10", "successThreshold: 1", "failureThreshold: 3"] {
            let i = find(&lines, http, t);
            assert!(i < side && lines[i].defaulted && lines[i].text.starts_with("      "), "{t}");
        }
        // requests copied from limits: a new `requests` map, the dotted resource name kept whole.
        let req = find(&lines, app, "requests:");
        assert!(lines[req].defaulted && req < side);
        assert_eq!(lines[req + 1].text.trim(), "cpu: 500m");
        assert_eq!(lines[req + 2].text.trim(), "example.com/gpu: \"1\"");
        // Pod-level defaults after the user's spec keys, including whole new lists.
        for t in ["dnsPolicy: ClusterFirst", "restartPolicy: Always", "schedulerName: default-scheduler"] {
            assert!(lines[find(&lines, side, t)].defaulted, "{t}");
        }
        let tol = find(&lines, side, "tolerations:");
        assert_eq!(lines[tol].text, "  tolerations:");
        assert_eq!(lines[tol + 1].text, "  - effect: NoExecute");
        assert!(lines[tol..].iter().take(9).all(|l| l.defaulted));
        // The token volume, in full, and its mount inside each container.
        let vols = find(&lines, side, "volumes:");
        assert!(lines[vols].defaulted);
        find(&lines, vols, "path: token");
        let mount = find(&lines, app, "- mountPath: /var/run/secrets/kubernetes.io/serviceaccount");
        assert!(mount < side && lines[mount].defaulted);
    }

    #[test]
    fn deployment_defaults_go_under_the_template() {
        let text = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: app
        image: nginx:1.27
        readinessProbe:
          tcpSocket: {port: 80}
";
        let lines = lines_of(text);
        user_lines_unmarked(text, &lines);
        let c = find(&lines, 0, "- name: app");
        assert_eq!(lines[c].source_line, Some(13));
        let ipp = find(&lines, c, "imagePullPolicy: IfNotPresent");
        assert_eq!(lines[ipp].text, "        imagePullPolicy: IfNotPresent");
        assert!(lines[ipp].defaulted);
        let t = find(&lines, c, "timeoutSeconds: 1");
        assert_eq!(lines[t].text, "          timeoutSeconds: 1");
        let rp = find(&lines, c, "restartPolicy: Always");
        assert_eq!(lines[rp].text, "      restartPolicy: Always");
        // Flow maps of the user print as blocks, each line pointing at its source line.
        let labels = find(&lines, 0, "labels:");
        assert_eq!(lines[labels + 1].text, "        app: web");
        assert_eq!(lines[labels + 1].source_line, Some(10));
    }

    #[test]
    fn user_values_that_a_default_changes_are_marked() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - name: a\n    image: nginx\n    imagePullPolicy: \"\"\n";
        let lines = lines_of(text);
        let i = find(&lines, 0, "imagePullPolicy: Always");
        assert!(lines[i].defaulted);
        assert_eq!(lines[i].source_line, Some(8));
    }

    #[test]
    fn value_text_fallback_and_insertion() {
        let mut tree = from_node(&source::parse_stream("a:\n  b: 1\nl: [x]\nn:\n").expect("parses")[0].root, None);
        let key = |k: &str| PathSeg::Key(k.into());
        insert(&mut tree, &[key("a"), key("c"), key("d")], from_value_text("{x: 1, y: [2]}"));
        insert(&mut tree, &[key("l"), PathSeg::Index(1)], from_value_text("y"));
        insert(&mut tree, &[key("n"), key("m")], from_value_text("\"\""));
        insert(&mut tree, &[key("new"), PathSeg::Index(0), key("k")], from_value_text("v"));
        // A path through a scalar is dropped, not forced.
        insert(&mut tree, &[key("a"), key("b"), key("z")], from_value_text("1"));
        let mut out = Vec::new();
        yamlout::render(&tree, 0, &mut out);
        let text: Vec<String> =
            out.iter().map(|(t, m)| format!("{}{t}", if m.defaulted { "+" } else { " " })).collect();
        assert_eq!(
            text,
            [
                " a:",
                "   b: 1",
                "+  c:",
                "+    d:",
                "+      x: 1",
                "+      \"y\":",
                "+      - 2",
                " l:",
                " - x",
                "+- y",
                " \"n\":",
                "+  m: \"\"",
                "+new:",
                "+- k: v",
            ]
        );
        assert_eq!(
            resolve(&serde_json::json!({"r": {"example.com/gpu": 1}}), &[key("r"), key("example"), key("com/gpu")]),
            Some((vec![key("r"), key("example.com/gpu")], &serde_json::json!(1)))
        );
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))] // the wasm library compiles in only the default example's text
    fn every_example_keeps_its_lines_and_marks_only_defaults() {
        for ex in crate::examples::EXAMPLES {
            let p = input::parse(ex.yaml);
            for doc in &p.pods {
                let lines = effective_lines(doc);
                assert!(lines.iter().any(|l| l.defaulted), "{}: no default shown", ex.id);
                assert!(lines.iter().filter(|l| l.source_line.is_none()).all(|l| l.defaulted), "{}", ex.id);
                let mut seen: Vec<u32> = lines.iter().filter_map(|l| l.source_line).collect();
                seen.dedup();
                assert!(seen.windows(2).all(|w| w[0] < w[1]), "{}: {seen:?}", ex.id);
            }
        }
    }
}
