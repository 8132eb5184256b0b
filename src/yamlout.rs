//! Value → block-style YAML, the way `kubectl get -o yaml` prints objects.
//!
//! kubectl marshals through `sigs.k8s.io/yaml` (go-yaml v2's encoder): two-space indent,
//! sequences at the same indent as their key (`containers:\n- name: app`), nested maps on
//! the next line, `{}` / `[]` for empty collections. Strings stay plain unless a YAML 1.1
//! reader (go-yaml v2, and podlife's own [`crate::source`]) would read them as something
//! else (`yes`, `on`, `0644`, `1e3`, `null`, `~`, `""`) or the plain form would not parse
//! back (leading indicators, `: `, ` #`, leading/trailing space, control characters,
//! newlines). Quoted strings are double-quoted with escapes, so each scalar stays on one line.
//!
//! The layout lives in [`Tree`] / [`render`], generic over a per-line annotation, so the
//! effective-spec view ([`crate::effective`]) prints with exactly the same conventions.

use serde_json::Value as Json;

/// A tree to print: every node and every map entry carries an annotation `M` that ends up
/// on the lines it produces.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Tree<M> {
    pub meta: M,
    pub value: TreeValue<M>,
}

/// A node's content. Scalars are already rendered (see [`scalar`], [`quote`]).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TreeValue<M> {
    Scalar(String),
    Seq(Vec<Tree<M>>),
    Map(Vec<TreeEntry<M>>),
}

/// A map entry: the (unquoted) key, the annotation of its `key:` line, the value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TreeEntry<M> {
    pub key: String,
    pub meta: M,
    pub value: Tree<M>,
}

impl<M: Clone> Tree<M> {
    /// A tree from a JSON value, every node annotated with `meta` (keys in the value's order).
    pub(crate) fn from_json(v: &Json, meta: &M) -> Tree<M> {
        let value = match v {
            Json::Array(items) => TreeValue::Seq(items.iter().map(|i| Tree::from_json(i, meta)).collect()),
            Json::Object(map) => TreeValue::Map(
                map.iter()
                    .map(|(k, v)| TreeEntry { key: k.clone(), meta: meta.clone(), value: Tree::from_json(v, meta) })
                    .collect(),
            ),
            other => TreeValue::Scalar(scalar(other)),
        };
        Tree { meta: meta.clone(), value }
    }
}

/// Prints `v` as block YAML, every line indented by `indent` spaces, ending with a newline.
pub fn to_yaml(v: &Json, indent: usize) -> String {
    let mut lines = Vec::new();
    // Annotated like the effective spec's trees (and the annotation dropped): the page's
    // wasm then holds one instance of `from_json`/`render`, not one per annotation type.
    render(&Tree::from_json(v, &crate::effective::DEFAULTED), indent, &mut lines);
    let mut out = String::new();
    for (line, _) in lines {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Appends the lines of `t` (without line ends), each with the annotation of the node or
/// entry it prints. A `- ` item line carries the annotation of the item's first line.
pub(crate) fn render<M: Clone>(t: &Tree<M>, indent: usize, out: &mut Vec<(String, M)>) {
    let pad = " ".repeat(indent);
    match &t.value {
        TreeValue::Scalar(s) => out.push((format!("{pad}{s}"), t.meta.clone())),
        TreeValue::Seq(items) if items.is_empty() => out.push((format!("{pad}[]"), t.meta.clone())),
        TreeValue::Map(entries) if entries.is_empty() => out.push((format!("{pad}{{}}"), t.meta.clone())),
        TreeValue::Seq(items) => {
            for item in items {
                let first = out.len();
                render(item, indent + 2, out);
                // The item's first line starts with indent+2 spaces: turn them into `- `.
                if let Some((line, _)) = out.get_mut(first) {
                    let body = line.get(indent + 2..).unwrap_or("").to_string();
                    *line = format!("{pad}- {body}");
                }
            }
        }
        TreeValue::Map(entries) => {
            for e in entries {
                let key = quote(&e.key);
                match &e.value.value {
                    TreeValue::Scalar(s) => out.push((format!("{pad}{key}: {s}"), e.meta.clone())),
                    TreeValue::Seq(items) if items.is_empty() => out.push((format!("{pad}{key}: []"), e.meta.clone())),
                    TreeValue::Map(m) if m.is_empty() => out.push((format!("{pad}{key}: {{}}"), e.meta.clone())),
                    // kubectl style: a list sits at its key's indent.
                    TreeValue::Seq(_) => {
                        out.push((format!("{pad}{key}:"), e.meta.clone()));
                        render(&e.value, indent, out);
                    }
                    TreeValue::Map(_) => {
                        out.push((format!("{pad}{key}:"), e.meta.clone()));
                        render(&e.value, indent + 2, out);
                    }
                }
            }
        }
    }
}

/// A JSON scalar as YAML text. Collections are never scalars here ([`Tree::from_json`] turns
/// them into sequences and maps, printed `[]`/`{}` when empty): they give an empty string,
/// which keeps serde_json's serializer (≈2 KB) out of the page's wasm.
fn scalar(v: &Json) -> String {
    match v {
        Json::Null => "null".into(),
        Json::Bool(b) => b.to_string(),
        Json::Number(n) => n.to_string(),
        Json::String(s) => quote(s),
        Json::Array(_) | Json::Object(_) => String::new(),
    }
}

/// `s` as a YAML scalar that reads back as the string `s`: plain when that is safe,
/// otherwise double-quoted with escapes.
pub fn quote(s: &str) -> String {
    if !needs_quotes(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if is_unsafe_char(c) => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters that never appear raw in podlife's output: control characters (C0, DEL, C1),
/// the Unicode line/paragraph separators, the BOM and the non-characters U+FFFE/U+FFFF.
fn is_unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Words YAML 1.1 (go-yaml v2) resolves to null or a boolean, compared case-insensitively
/// (stricter than needed, never wrong).
const SPECIAL_WORDS: &[&str] = &["", "~", "null", "y", "n", "yes", "no", "true", "false", "on", "off"];

/// Whether the plain form of `s` would not read back as the same string.
fn needs_quotes(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    if SPECIAL_WORDS.contains(&lower.as_str()) || looks_numeric(&lower) {
        return true;
    }
    if s.starts_with(' ') || s.ends_with(' ') || s.chars().any(is_unsafe_char) {
        return true;
    }
    if s.contains(": ") || s.ends_with(':') || s.contains(" #") {
        return true;
    }
    // Document markers, and the merge key.
    if s.starts_with("---") || s.starts_with("...") || s == "<<" {
        return true;
    }
    let mut chars = s.chars();
    match chars.next() {
        // Indicators that can never start a plain scalar.
        Some(',' | '[' | ']' | '{' | '}' | '#' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%' | '@' | '`') => true,
        // `-`, `?` and `:` start a plain scalar only when followed by a non-space.
        Some('-' | '?' | ':') => matches!(chars.next(), None | Some(' ')),
        _ => false,
    }
}

/// Anything a YAML 1.1 reader might take for a number (int in any base, float, `.inf`,
/// `.nan`, sexagesimal `1:30`) or a timestamp (`2025-01-01`): quoted to be safe.
fn looks_numeric(lower: &str) -> bool {
    let body = lower.strip_prefix(['-', '+']).unwrap_or(lower);
    if matches!(body, ".inf" | ".nan") || body.starts_with("0x") || body.starts_with("0o") || body.starts_with("0b") {
        return true;
    }
    body.bytes().any(|b| b.is_ascii_digit())
        && body.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'+' | b'-' | b'_' | b':'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{self, Node, Value};
    use serde_json::json;

    /// The parsed node as JSON (maps keyed by their text; no floats in these tests).
    fn to_json(n: &Node) -> Json {
        match &n.value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Int(i) => json!(i),
            Value::Float(x) => json!(x),
            Value::Str(s) => Json::String(s.clone()),
            Value::Seq(items) => Json::Array(items.iter().map(to_json).collect()),
            Value::Map(entries) => Json::Object(entries.iter().map(|e| (e.key.clone(), to_json(&e.value))).collect()),
        }
    }

    fn read_back(text: &str) -> Json {
        let docs = source::parse_stream(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        docs.first().map_or(Json::Null, |d| to_json(&d.root))
    }

    #[test]
    fn kubectl_layout() {
        let v = json!({
            "apiVersion": "v1",
            "spec": {"containers": [{"name": "app", "args": ["-c", "sleep 1"], "ports": [{"containerPort": 80}]}],
                     "securityContext": {}, "volumes": []},
            "list": [[1, 2], {}, []],
        });
        let expected = "\
apiVersion: v1
list:
- - 1
  - 2
- {}
- []
spec:
  containers:
  - args:
    - -c
    - sleep 1
    name: app
    ports:
    - containerPort: 80
  securityContext: {}
  volumes: []
";
        assert_eq!(to_yaml(&v, 0), expected);
        assert_eq!(to_yaml(&json!({"a": {"b": 1}}), 2), "  a:\n    b: 1\n");
        assert_eq!(to_yaml(&json!({}), 0), "{}\n");
        assert_eq!(to_yaml(&json!("x"), 0), "x\n");
    }

    #[test]
    fn strings_are_quoted_only_when_needed() {
        for plain in ["nginx:1.27", "1.5s", "10m", "Always", "a#b", "a:b", "-Xmx512m", "http://x/y", "héllo", "a b"] {
            assert_eq!(quote(plain), plain, "{plain}");
        }
        for quoted in [
            "yes",
            "On",
            "NO",
            "y",
            "0644",
            "0x1F",
            "1e3",
            "12",
            "-3",
            "1.5",
            ".inf",
            "-.Inf",
            ".NaN",
            "null",
            "~",
            "",
            " a",
            "a ",
            "a: b",
            "a:",
            "a #b",
            "#x",
            "- x",
            "-",
            "?",
            ":",
            "[x]",
            "{x}",
            "*a",
            "&a",
            "!t",
            "|",
            ">",
            "'q'",
            "\"q\"",
            "%x",
            "@x",
            "`x`",
            "---",
            "...",
            "a\nb",
            "tab\there",
            "1:30",
            "2025-01-01",
            "<<",
        ] {
            assert!(quote(quoted).starts_with('"'), "{quoted:?} → {}", quote(quoted));
        }
        assert_eq!(quote("a\nb\"c\\"), r#""a\nb\"c\\""#);
        assert_eq!(quote("\u{7}"), "\"\\u0007\"");
    }

    #[test]
    fn tricky_values_read_back_identically() {
        let strings = [
            "yes",
            "no",
            "on",
            "off",
            "Y",
            "n",
            "true",
            "False",
            "null",
            "Null",
            "~",
            "",
            " lead",
            "trail ",
            "0644",
            "0x1F",
            "0b101",
            "1e3",
            "1_000",
            "12",
            "-3",
            "+4",
            "1.5",
            ".5",
            ".inf",
            "-.inf",
            ".nan",
            "1:30",
            "2025-01-01",
            "a: b",
            "a:",
            "a #b",
            "#c",
            "- x",
            "-",
            "-x",
            "?",
            "?x",
            ":",
            ":x",
            "[a, b]",
            "{a: b}",
            "a, b",
            "*x",
            "&x",
            "!x",
            "|",
            ">",
            "'s'",
            "\"d\"",
            "%p",
            "@a",
            "`b`",
            "---",
            "--- x",
            "...",
            "multi\nline\n",
            "tab\tin",
            "cr\r\n",
            "nul\0",
            "bell\u{7}",
            "del\u{7f}",
            "nel\u{85}",
            "ls\u{2028}",
            "bom\u{feff}",
            "emoji 🚀",
            "back\\slash",
            "quote\"",
            "it's",
            "1.5s",
            "http://a/b?c=d#e",
            "a=b",
            "<<x",
            "=",
            "x: y: z",
            "0",
            "00",
        ];
        let mut map = serde_json::Map::new();
        for (i, s) in strings.iter().enumerate() {
            // Each string as a key and as a value, inside a map, a list and nested lists.
            map.insert((*s).to_string(), json!(i));
            map.insert(format!("v{i}"), json!(s));
        }
        let values = vec![
            Json::Object(map),
            json!(strings.as_slice()),
            json!([[strings[0], [strings[1], {"k": strings[2]}]], {"a": [], "b": {}, "c": [{}], "d": [[]]}]),
            // i64::MIN itself reads back as a float: `source::parse_int` negates the
            // magnitude, which overflows i64 (a reader limitation, not a printing one).
            json!({"n": null, "t": true, "f": false, "i": -42, "big": i64::MAX, "small": i64::MIN + 1}),
            json!({"a": [{"b": [{"c": {"d": ["e"]}}]}], "x": [{"y": {}, "z": []}]}),
            json!([null, true, 0, "x", [], {}]),
            json!({"spec": {"seed": 7, "until": "1.5s", "node": {"cpu": "4", "memory": "16Gi"}}}),
        ];
        for v in values {
            for indent in [0, 2] {
                let text = to_yaml(&v, indent);
                assert_eq!(read_back(&text), v, "\n{text}");
            }
        }
    }
}
