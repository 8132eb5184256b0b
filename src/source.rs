//! Text → positioned YAML nodes.
//!
//! podlife reads YAML (and JSON, which YAML's flow style covers) into its own small tree so
//! that every node keeps the line and column it came from. Later stages (typing, defaults,
//! validation, the engine) report problems by field path; [`Node::locate`] turns such a
//! path back into a position for the editor.
//!
//! Scalars resolve the way the API server's YAML decoder does (go-yaml v2, YAML 1.1 style:
//! `yes`/`on` are booleans, `0644` is octal), because that is what `kubectl apply` sends.
//!
//! Hostile input is bounded here: the input size, the nesting depth and the number of nodes
//! after alias expansion are capped, and the tree is built iteratively, so no input can
//! overflow the stack or allocate without bound.

use std::collections::HashMap;
use std::fmt;

// The fast path only natively (the CLI's speed). The page reads every text with the general
// reader: 5.6 KB gz less wasm, for a slower page parse of large texts (text to checked pods,
// best of several runs: an edit of the default example 0.3 ms instead of 0.2, a 20-container
// pod 1.5 ms instead of 1.0, the 0.77 MB 10,000-container pod 240 ms instead of 110).
#[cfg(not(target_arch = "wasm32"))]
#[path = "fastyaml.rs"]
mod fastyaml;
#[path = "yamlread.rs"]
mod yamlread;

use yamlread::{Event, Mark, Tag};

/// The API server refuses request bodies over 3 MiB (`MaxRequestBodyBytes`), so podlife
/// refuses larger pastes with the same limit instead of chewing on them.
pub const MAX_INPUT_BYTES: usize = 3 * 1024 * 1024;
/// Deepest nesting accepted. Real manifests stay under 20 levels.
pub const MAX_DEPTH: usize = 100;
/// Most nodes one stream may expand to, aliases included (alias bombs stop here).
pub const MAX_NODES: usize = 250_000;

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    fn from_marker(m: &Mark) -> Pos {
        Pos { line: m.line as u32, col: m.col as u32 + 1 }
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// A YAML node and where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub value: Value,
}

/// A map entry: the key's text and position, then the value.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_pos: Pos,
    pub value: Node,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

impl Value {
    /// A short description for type errors: `a string "80"`, `an integer 5`, `a mapping`.
    pub fn describe(&self) -> String {
        match self {
            Value::Null => "null".into(),
            Value::Bool(b) => format!("the boolean {b}"),
            Value::Int(i) => format!("the integer {i}"),
            Value::Float(x) => format!("the number {}", crate::float::Shortest(*x)),
            Value::Str(s) => {
                let shown: String = s.chars().take(40).collect();
                let ell = if s.chars().count() > 40 { "…" } else { "" };
                format!("the string \"{shown}{ell}\"")
            }
            Value::Seq(_) => "a list".into(),
            Value::Map(_) => "a mapping".into(),
        }
    }
}

impl Node {
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|e| e.key == key).map(|e| &e.value),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The node at a field path, if it exists.
    pub fn at_path(&self, path: &str) -> Option<&Node> {
        let mut node = self;
        for seg in split_path(path) {
            node = match (seg, &node.value) {
                (Seg::Key(k), Value::Map(entries)) => &entries.iter().find(|e| e.key == k)?.value,
                (Seg::Index(i), Value::Seq(items)) => items.get(i)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// A canonical one-line rendering (JSON-like, keys in document order), for hashing.
    /// Iterative, so a deep tree cannot overflow the stack.
    pub fn canonical(&self) -> String {
        enum Item<'a> {
            Node(&'a Node),
            Key(&'a str),
            Punct(&'static str),
        }
        let mut out = String::new();
        let mut todo = vec![Item::Node(self)];
        while let Some(item) = todo.pop() {
            let n = match item {
                Item::Node(n) => n,
                Item::Key(k) => {
                    out.push_str(&crate::field::go_quote(k));
                    out.push(':');
                    continue;
                }
                Item::Punct(p) => {
                    out.push_str(p);
                    continue;
                }
            };
            match &n.value {
                Value::Null => out.push_str("null"),
                Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                Value::Int(i) => out.push_str(&i.to_string()),
                Value::Float(x) => out.push_str(&crate::float::Shortest(*x).to_string()),
                Value::Str(s) => out.push_str(&crate::field::go_quote(s)),
                Value::Seq(items) => {
                    out.push('[');
                    todo.push(Item::Punct("]"));
                    for (i, it) in items.iter().enumerate().rev() {
                        todo.push(Item::Node(it));
                        if i > 0 {
                            todo.push(Item::Punct(","));
                        }
                    }
                }
                Value::Map(entries) => {
                    out.push('{');
                    todo.push(Item::Punct("}"));
                    for (i, e) in entries.iter().enumerate().rev() {
                        todo.push(Item::Node(&e.value));
                        todo.push(Item::Key(&e.key));
                        if i > 0 {
                            todo.push(Item::Punct(","));
                        }
                    }
                }
            }
        }
        out
    }

    /// The position of the node at a kubectl-style field path such as
    /// `spec.containers[0].livenessProbe.periodSeconds`, or of the deepest existing
    /// ancestor when the field itself is absent (a defaulted or missing field). For the
    /// last segment the key's position is returned, since that is where a reader looks.
    pub fn locate(&self, path: &str) -> Pos {
        let mut node = self;
        let mut pos = self.pos;
        for seg in split_path(path) {
            match seg {
                Seg::Key(k) => match &node.value {
                    Value::Map(entries) => match entries.iter().find(|e| e.key == k) {
                        Some(e) => {
                            pos = e.key_pos;
                            node = &e.value;
                        }
                        None => return pos,
                    },
                    _ => return pos,
                },
                Seg::Index(i) => match &node.value {
                    Value::Seq(items) => match items.get(i) {
                        Some(n) => {
                            pos = n.pos;
                            node = n;
                        }
                        None => return pos,
                    },
                    _ => return pos,
                },
            }
        }
        pos
    }
}

/// One segment of a field path.
#[derive(Debug, PartialEq, Eq)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// Splits `a.b[2].c[key]` into segments. Map keys in brackets (`limits[memory]`) become keys.
pub fn split_path(path: &str) -> Vec<Seg<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (head, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !head.is_empty() {
            out.push(Seg::Key(head));
        }
        while let Some(stripped) = rest.strip_prefix('[') {
            let Some(end) = stripped.find(']') else { break };
            let inner = &stripped[..end];
            match inner.parse::<usize>() {
                Ok(i) => out.push(Seg::Index(i)),
                Err(_) => out.push(Seg::Key(inner)),
            }
            rest = &stripped[end + 1..];
        }
    }
    out
}

/// A problem in the text itself (syntax, duplicate keys, limits).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}: {}", self.pos.line, self.pos.col, self.message)
    }
}

/// A document of the stream, with problems that do not stop reading it
/// (duplicate keys are reported the way strict decoding reports them but the last
/// value wins, as in `encoding/json`).
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub root: Node,
    pub duplicates: Vec<SyntaxError>,
}

enum Frame {
    Seq {
        pos: Pos,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        pos: Pos,
        anchor: usize,
        entries: Vec<Entry>,
        key: Option<(String, Pos)>,
        merges: Vec<Node>,
        index: Option<HashMap<String, usize>>,
    },
}

struct Builder {
    stack: Vec<Frame>,
    /// The anchored nodes of the current document with their sizes, at `anchor id -
    /// anchor_base`: yaml-rust2 numbers anchors 1, 2, … through the whole stream, so a vector
    /// does (no hash map of its own in the wasm).
    anchors: Vec<Option<(Node, usize)>>,
    /// Ids below this belong to earlier documents.
    anchor_base: usize,
    nodes: usize,
    docs: Vec<Document>,
    duplicates: Vec<SyntaxError>,
}

fn subtree_size(n: &Node) -> usize {
    // Iterative so that a deep tree cannot overflow the stack.
    let mut count = 0;
    let mut todo = vec![n];
    while let Some(n) = todo.pop() {
        count += 1;
        match &n.value {
            Value::Seq(items) => todo.extend(items.iter()),
            Value::Map(entries) => todo.extend(entries.iter().map(|e| &e.value)),
            _ => {}
        }
    }
    count
}

fn key_text(n: &Node) -> String {
    match &n.value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(x) => crate::float::Shortest(*x).to_string(),
        Value::Str(s) => s.clone(),
        Value::Seq(_) => "[…]".into(),
        Value::Map(_) => "{…}".into(),
    }
}

/// Adds `key: value` to a mapping's entries. A key already present is reported with
/// go-yaml's words, as kubectl prints them, and the last value wins (as in `encoding/json`).
/// Shared by both readers, so their duplicate reports are the same.
/// The mapping's entries are `entries[from..]` (the fast path keeps several mappings' entries
/// on one stack).
/// `index` is the mapping's key index, built once the mapping outgrows a linear scan, so a
/// mapping with 100,000 keys costs linear time, not quadratic (each caller keeps one per open
/// mapping, starting at `None`).
fn insert_entry(
    entries: &mut Vec<Entry>,
    from: usize,
    index: &mut Option<HashMap<String, usize>>,
    duplicates: &mut Vec<SyntaxError>,
    key: String,
    key_pos: Pos,
    value: Node,
) {
    const LINEAR: usize = 32;
    let found = if index.is_none() && entries.len() - from < LINEAR {
        entries[from..].iter().position(|e| e.key == key)
    } else {
        let ix = index.get_or_insert_with(|| {
            let mut m = HashMap::new();
            for (i, e) in entries[from..].iter().enumerate() {
                m.entry(e.key.clone()).or_insert(i);
            }
            m
        });
        let found = ix.get(&key).copied();
        if found.is_none() {
            ix.insert(key.clone(), entries.len() - from);
        }
        found
    };
    if let Some(existing) = found.map(|i| &mut entries[from + i]) {
        duplicates.push(SyntaxError {
            pos: key_pos,
            message: format!("mapping key \"{key}\" already defined at line {}", existing.key_pos.line),
        });
        existing.value = value;
        existing.key_pos = key_pos;
    } else {
        entries.push(Entry { key, key_pos, value });
    }
}

impl Builder {
    fn err(pos: Pos, message: impl Into<String>) -> SyntaxError {
        SyntaxError { pos, message: message.into() }
    }

    fn count(&mut self, n: usize, pos: Pos) -> Result<(), SyntaxError> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > MAX_NODES {
            return Err(Self::err(
                pos,
                format!(
                    "the document expands to more than {MAX_NODES} nodes (YAML aliases \
                     repeating an anchor many times?); podlife stops reading here"
                ),
            ));
        }
        Ok(())
    }

    fn push_node(&mut self, node: Node, anchor: usize) -> Result<(), SyntaxError> {
        if anchor > 0 {
            if let Some(i) = anchor.checked_sub(self.anchor_base) {
                if i >= self.anchors.len() {
                    self.anchors.resize_with(i + 1, || None);
                }
                self.anchors[i] = Some((node.clone(), subtree_size(&node)));
            }
        }
        match self.stack.last_mut() {
            None => {
                self.docs.push(Document { root: node, duplicates: std::mem::take(&mut self.duplicates) });
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, merges, index, .. }) => match key.take() {
                None => *key = Some((key_text(&node), node.pos)),
                Some((k, key_pos)) => {
                    if k == "<<" {
                        merges.push(node);
                    } else {
                        insert_entry(entries, 0, index, &mut self.duplicates, k, key_pos, node);
                    }
                }
            },
        }
        Ok(())
    }

    fn on_event(&mut self, ev: Event, mark: Mark) -> Result<bool, SyntaxError> {
        let pos = Pos::from_marker(&mark);
        match ev {
            Event::StreamEnd => return Ok(false),
            Event::StreamStart | Event::DocumentStart | Event::DocumentEnd => {}
            Event::Alias(id) => {
                let found = id.checked_sub(self.anchor_base).and_then(|i| self.anchors.get(i));
                let Some((node, size)) = found.and_then(Option::as_ref) else {
                    return Err(Self::err(pos, "unknown anchor referenced by alias"));
                };
                let (mut node, size) = (node.clone(), *size);
                self.count(size, pos)?;
                node.pos = pos;
                self.push_node(node, 0)?;
            }
            Event::Scalar(text, plain, anchor, tag) => {
                self.count(1, pos)?;
                // A plain key keeps its text: `y:` or `on:` name a key, they are not booleans.
                if let Some(Frame::Map { key: key @ None, .. }) = self.stack.last_mut() {
                    *key = Some((text, pos));
                    return Ok(true);
                }
                let value = resolve_scalar(text, plain, tag.as_ref());
                self.push_node(Node { pos, value }, anchor)?;
            }
            Event::SequenceStart(anchor) => {
                self.count(1, pos)?;
                if self.stack.len() >= MAX_DEPTH {
                    return Err(Self::err(pos, format!("nesting deeper than {MAX_DEPTH} levels")));
                }
                self.stack.push(Frame::Seq { pos, anchor, items: Vec::new() });
            }
            Event::MappingStart(anchor) => {
                self.count(1, pos)?;
                if self.stack.len() >= MAX_DEPTH {
                    return Err(Self::err(pos, format!("nesting deeper than {MAX_DEPTH} levels")));
                }
                self.stack.push(Frame::Map {
                    pos,
                    anchor,
                    entries: Vec::new(),
                    key: None,
                    merges: Vec::new(),
                    index: None,
                });
            }
            Event::SequenceEnd => {
                if let Some(Frame::Seq { pos, anchor, items }) = self.stack.pop() {
                    self.push_node(Node { pos, value: Value::Seq(items) }, anchor)?;
                }
            }
            Event::MappingEnd => {
                if let Some(Frame::Map { pos, anchor, mut entries, merges, .. }) = self.stack.pop() {
                    // `<<: *base` merge keys: entries of the merged maps that the map does not set itself.
                    for m in merges {
                        let sources = match m.value {
                            Value::Map(e) => vec![e],
                            Value::Seq(items) => items
                                .into_iter()
                                .filter_map(|n| match n.value {
                                    Value::Map(e) => Some(e),
                                    _ => None,
                                })
                                .collect(),
                            _ => {
                                return Err(Self::err(m.pos, "map merge requires map or sequence of maps as the value"))
                            }
                        };
                        // A set of the keys present, so merging large maps stays linear (a map
                        // of the shape `insert_entry` uses: no set type of its own in the wasm).
                        let mut present: HashMap<String, usize> = HashMap::new();
                        for e in &entries {
                            present.insert(e.key.clone(), 0);
                        }
                        for src in sources {
                            for e in src {
                                if present.insert(e.key.clone(), 0).is_none() {
                                    entries.push(e);
                                }
                            }
                        }
                    }
                    self.push_node(Node { pos, value: Value::Map(entries) }, anchor)?;
                }
            }
        }
        Ok(true)
    }
}

/// go-yaml v2's plain-scalar resolution (YAML 1.1 booleans, octal `0644`, `0x` hex).
fn resolve_scalar(text: String, plain: bool, tag: Option<&Tag>) -> Value {
    if let Some(tag) = tag {
        if tag.handle == "!!" || tag.handle == "tag:yaml.org,2002:" {
            match tag.suffix.as_str() {
                "str" => return Value::Str(text),
                "null" => return Value::Null,
                _ => {}
            }
        }
    }
    if !plain {
        return Value::Str(text);
    }
    classify_plain(&text).unwrap_or(Value::Str(text))
}

/// The value of a plain scalar that is not a string (null, boolean, integer, number), or
/// `None` for a string. Allocation-free for the usual texts.
fn classify_plain(text: &str) -> Option<Value> {
    let first = *text.as_bytes().first().unwrap_or(&b'~');
    // Every non-string starts with one of these; most strings (names, images) do not.
    if !(first.is_ascii_digit() || b"~nNyYtTfFoO.+-".contains(&first)) {
        return None;
    }
    // The words YAML 1.1 resolves (and ""), as a table of 6-byte rows: the word padded with
    // spaces to 5 bytes, then what it means (a `match` on the strings is larger code, a table
    // of `&str`s 8 bytes of pointer and length per word in the page's data).
    const WORDS: &[u8] = b"~    0null 0Null 0NULL 0\
        y    1Y    1yes  1Yes  1YES  1true 1True 1TRUE 1on   1On   1ON   1\
        n    2N    2no   2No   2NO   2false2False2FALSE2off  2Off  2OFF  2\
        .inf 3.Inf 3.INF 3+.inf3+.Inf3+.INF3-.inf4-.Inf4-.INF4.nan 5.NaN 5.NAN 5";
    let word = match text.len() {
        0 => Some(b'0'),
        // No word starts with a digit; a row is compared only when its first byte matches.
        1..=5 if !first.is_ascii_digit() => {
            // A plain loop over the rows: no iterator adapter left as calls in a size-optimized build.
            let mut at = 0;
            loop {
                let Some(row) = WORDS.get(at..at + 6) else { break None };
                if row[0] == first && row[..5].trim_ascii_end() == text.as_bytes() {
                    break Some(row[5]);
                }
                at += 6;
            }
        }
        _ => None,
    };
    if let Some(w) = word {
        return Some(match w {
            b'0' => Value::Null,
            b'1' => Value::Bool(true),
            b'2' => Value::Bool(false),
            b'3' => Value::Float(f64::INFINITY),
            b'4' => Value::Float(f64::NEG_INFINITY),
            _ => Value::Float(f64::NAN),
        });
    }
    if let Some(i) = parse_int(text) {
        return Some(Value::Int(i));
    }
    let looks_float = (first.is_ascii_digit() || first == b'-' || first == b'+' || first == b'.')
        && text.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+' | b'_'))
        && text.bytes().any(|b| b.is_ascii_digit());
    if looks_float {
        if let Some(x) = crate::float::parse_f64(&without_underscores(text)) {
            return Some(Value::Float(x));
        }
    }
    None
}

fn without_underscores(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('_') {
        std::borrow::Cow::Owned(text.replace('_', ""))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

fn parse_int(text: &str) -> Option<i64> {
    let (neg, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    // Every integer form starts with a digit (`0x`, `0b`, `0644`, `12`).
    if !body.as_bytes().first()?.is_ascii_digit() {
        return None;
    }
    let clean = without_underscores(body);
    let clean: &str = &clean;
    let (digits, radix) = if let Some(h) = clean.strip_prefix("0x") {
        (h, 16)
    } else if let Some(b) = clean.strip_prefix("0b") {
        (b, 2)
    } else if clean.len() > 1 && clean.starts_with('0') && clean.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        (&clean[1..], 8)
    } else {
        (clean, 10)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    if neg {
        // Parsed with its sign, so the smallest int64 (-9223372036854775808) is an integer too.
        return i64::from_str_radix(&format!("-{digits}"), radix).ok();
    }
    i64::from_str_radix(digits, radix).ok()
}

/// Parses a whole stream (`---`-separated documents). Empty documents are dropped.
pub fn parse_stream(text: &str) -> Result<Vec<Document>, SyntaxError> {
    if text.len() > MAX_INPUT_BYTES {
        // The CLI reads one byte past the limit and stops: its size is then unknown.
        let size = if text.len() == MAX_INPUT_BYTES + 1 {
            "over 3 MiB".to_string()
        } else {
            format!("{} MB", crate::float::Fixed(text.len() as f64 / 1_000_000.0, 1))
        };
        return Err(SyntaxError {
            pos: Pos { line: 1, col: 1 },
            message: format!(
                "the input is {size}; the API server accepts at most {MAX_INPUT_BYTES} bytes (3 MiB) in one request, and so does podlife"
            ),
        });
    }
    if let Some(e) = control_character(text) {
        return Err(e);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let docs = match fastyaml::parse(text) {
        Some(docs) => docs,
        None => parse_general(text)?,
    };
    #[cfg(target_arch = "wasm32")]
    let docs = parse_general(text)?;
    Ok(docs.into_iter().filter(|d| d.root.value != Value::Null).collect())
}

/// go-yaml's reader refuses characters outside YAML's printable set (`yaml_parser_update_buffer`:
/// tab, LF, CR, U+0020–U+007E, U+0085, U+00A0–U+D7FF, U+E000–U+FFFD, U+10000 and up) with
/// "control characters are not allowed"; so does podlife, instead of ending the stream at a
/// NUL as yaml-rust2 does (which made `\0…` read as an empty input).
fn control_character(text: &str) -> Option<SyntaxError> {
    // One branch-free pass finds whether any byte needs a closer look (vectorizes).
    let suspect =
        |b: u8| (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r') | (b == 0x7f) | (b == 0xc2) | (b == 0xef);
    if !text.bytes().fold(false, |acc, b| acc | suspect(b)) {
        return None;
    }
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
            || c >= '\u{10000}'
    };
    let (i, c) = text.char_indices().find(|&(_, c)| !allowed(c))?;
    let line_start = text[..i].rfind('\n').map_or(0, |n| n + 1);
    let pos = Pos {
        line: u32::try_from(text[..i].bytes().filter(|&b| b == b'\n').count() + 1).unwrap_or(u32::MAX),
        col: u32::try_from(text[line_start..i].chars().count() + 1).unwrap_or(u32::MAX),
    };
    Some(SyntaxError {
        pos,
        message: format!("YAML syntax error: control characters are not allowed (U+{:04X})", u32::from(c)),
    })
}

/// The general reader ([`yamlread`]): its events into the tree. Returns every document,
/// empty ones included.
fn parse_general(text: &str) -> Result<Vec<Document>, SyntaxError> {
    let mut parser = yamlread::Parser::new(text);
    build(|| {
        parser.next_event().map_err(|e| SyntaxError {
            pos: Pos::from_marker(&e.mark),
            message: format!("YAML syntax error: {}", e.info),
        })
    })
}

/// Events (from `next`) into documents.
fn build(mut next: impl FnMut() -> Result<(Event, Mark), SyntaxError>) -> Result<Vec<Document>, SyntaxError> {
    let mut b = Builder {
        stack: Vec::new(),
        anchors: Vec::new(),
        anchor_base: 0,
        nodes: 0,
        docs: Vec::new(),
        duplicates: Vec::new(),
    };
    loop {
        let (ev, mark) = next()?;
        if let Event::DocumentStart = ev {
            // Anchors are per document; the next document's ids are all above these.
            b.anchor_base += b.anchors.len();
            b.anchors.clear();
        }
        if !b.on_event(ev, mark)? {
            break;
        }
    }
    Ok(b.docs)
}

/// yaml-rust2's events, as [`yamlread`]'s: the oracle of the differential tests.
#[cfg(all(test, not(target_arch = "wasm32")))]
fn yaml_rust2_events(text: &str) -> (Vec<(Event, Mark)>, Option<SyntaxError>) {
    use yaml_rust2::parser::{Event as E, Parser};
    let mut parser = Parser::new_from_str(text);
    let mut out = Vec::new();
    loop {
        let (ev, m) = match parser.next_token() {
            Ok(x) => x,
            Err(e) => {
                let pos = Pos { line: e.marker().line() as u32, col: e.marker().col() as u32 + 1 };
                return (out, Some(SyntaxError { pos, message: format!("YAML syntax error: {}", e.info()) }));
            }
        };
        let tag = |t: Option<yaml_rust2::parser::Tag>| t.map(|t| Tag { handle: t.handle, suffix: t.suffix });
        let ev = match ev {
            E::Nothing | E::StreamStart => Event::StreamStart,
            E::StreamEnd => Event::StreamEnd,
            E::DocumentStart => Event::DocumentStart,
            E::DocumentEnd => Event::DocumentEnd,
            E::Alias(a) => Event::Alias(a),
            E::Scalar(s, style, a, t) => Event::Scalar(s, style == yaml_rust2::scanner::TScalarStyle::Plain, a, tag(t)),
            E::SequenceStart(a, _) => Event::SequenceStart(a),
            E::SequenceEnd => Event::SequenceEnd,
            E::MappingStart(a, _) => Event::MappingStart(a),
            E::MappingEnd => Event::MappingEnd,
        };
        let end = ev == Event::StreamEnd;
        out.push((ev, Mark { index: 0, line: m.line(), col: m.col() }));
        if end || out.len() > 10 * MAX_NODES {
            return (out, None);
        }
    }
}

/// [`yamlread`]'s events until the end or the first error.
#[cfg(all(test, not(target_arch = "wasm32")))]
fn own_events(text: &str) -> (Vec<(Event, Mark)>, Option<SyntaxError>) {
    let mut parser = yamlread::Parser::new(text);
    let mut out = Vec::new();
    loop {
        match parser.next_event() {
            Ok((ev, m)) => {
                let end = ev == Event::StreamEnd;
                out.push((ev, Mark { index: 0, ..m }));
                if end || out.len() > 10 * MAX_NODES {
                    return (out, None);
                }
            }
            Err(e) => {
                return (
                    out,
                    Some(SyntaxError {
                        pos: Pos::from_marker(&e.mark),
                        message: format!("YAML syntax error: {}", e.info),
                    }),
                )
            }
        }
    }
}

/// The documents yaml-rust2's events make (the oracle of the differential tests).
#[cfg(all(test, not(target_arch = "wasm32")))]
fn parse_with_yaml_rust2(text: &str) -> Result<Vec<Document>, SyntaxError> {
    let (events, error) = yaml_rust2_events(text);
    let mut it = events.into_iter();
    build(|| match it.next() {
        Some(x) => Ok(x),
        None => Err(error.clone().unwrap_or(SyntaxError { pos: Pos::default(), message: "no more events".into() })),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        let docs = parse_stream(text).expect("parses");
        assert_eq!(docs.len(), 1);
        docs.into_iter().next().expect("one doc").root
    }

    #[test]
    fn positions_are_one_based() {
        let n = one("a: 1\nb:\n  c: [x, y]\n");
        assert_eq!(n.locate("a"), Pos { line: 1, col: 1 });
        assert_eq!(n.locate("b.c"), Pos { line: 3, col: 3 });
        assert_eq!(n.locate("b.c[1]"), Pos { line: 3, col: 10 });
        // A missing field points at its nearest ancestor.
        assert_eq!(n.locate("b.d.e"), Pos { line: 2, col: 1 });
    }

    #[test]
    fn every_yaml_1_1_word_and_near_misses() {
        #[rustfmt::skip]
        let words: &[(&str, u8)] = &[
            ("", 0), ("~", 0), ("null", 0), ("Null", 0), ("NULL", 0),
            ("y", 1), ("Y", 1), ("yes", 1), ("Yes", 1), ("YES", 1), ("true", 1), ("True", 1), ("TRUE", 1),
            ("on", 1), ("On", 1), ("ON", 1),
            ("n", 2), ("N", 2), ("no", 2), ("No", 2), ("NO", 2), ("false", 2), ("False", 2), ("FALSE", 2),
            ("off", 2), ("Off", 2), ("OFF", 2),
            (".inf", 3), (".Inf", 3), (".INF", 3), ("+.inf", 3), ("+.Inf", 3), ("+.INF", 3),
            ("-.inf", 4), ("-.Inf", 4), ("-.INF", 4),
            (".nan", 5), (".NaN", 5), (".NAN", 5),
        ];
        for &(w, code) in words {
            let got = format!("{:?}", classify_plain(w));
            let want = ["Some(Null)", "Some(Bool(true))", "Some(Bool(false))", "Some(Float(inf))", "Some(Float(-inf))"]
                .get(usize::from(code))
                .copied()
                .unwrap_or("Some(Float(NaN))");
            assert_eq!(got, want, "{w:?}");
        }
        for w in ["y n", "on;", ";n", "yes ", " no", "nul", "YEs", "tRUE", ".iNF", "-.nan", "off;on", "~ null", "N;y"] {
            assert_eq!(classify_plain(w), None, "{w:?}");
        }
    }

    #[test]
    fn yaml_1_1_scalars_like_go_yaml_v2() {
        let n = one("a: yes\nb: off\nc: 0644\nd: '0644'\ne: 0x1F\nf: 1.5\ng: ~\nh: 12abc\ni: -3\n");
        assert_eq!(n.get("a").map(|n| &n.value), Some(&Value::Bool(true)));
        assert_eq!(n.get("b").map(|n| &n.value), Some(&Value::Bool(false)));
        assert_eq!(n.get("c").map(|n| &n.value), Some(&Value::Int(420)));
        assert_eq!(n.get("d").map(|n| &n.value), Some(&Value::Str("0644".into())));
        assert_eq!(n.get("e").map(|n| &n.value), Some(&Value::Int(31)));
        assert_eq!(n.get("f").map(|n| &n.value), Some(&Value::Float(1.5)));
        assert_eq!(n.get("g").map(|n| &n.value), Some(&Value::Null));
        assert_eq!(n.get("h").map(|n| &n.value), Some(&Value::Str("12abc".into())));
        assert_eq!(n.get("i").map(|n| &n.value), Some(&Value::Int(-3)));
    }

    #[test]
    fn json_is_read_too() {
        let n = one(r#"{"kind": "Pod", "spec": {"containers": [{"name": "a"}]}}"#);
        assert_eq!(n.get("kind").and_then(Node::as_str), Some("Pod"));
    }

    #[test]
    fn multi_document_and_empty_documents() {
        let docs = parse_stream("---\na: 1\n---\n---\nb: 2\n...\n").expect("parses");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].root.locate("b"), Pos { line: 5, col: 1 });
    }

    #[test]
    fn duplicate_keys_are_reported_last_wins() {
        let docs = parse_stream("a: 1\nb: 2\na: 3\n").expect("parses");
        assert_eq!(docs[0].duplicates.len(), 1);
        assert_eq!(docs[0].duplicates[0].pos, Pos { line: 3, col: 1 });
        assert_eq!(docs[0].duplicates[0].message, "mapping key \"a\" already defined at line 1");
        assert_eq!(docs[0].root.get("a").map(|n| &n.value), Some(&Value::Int(3)));
    }

    #[test]
    fn merge_keys() {
        let n = one("base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  y: 3\n");
        let d = n.get("d").expect("d");
        assert_eq!(d.get("x").map(|n| &n.value), Some(&Value::Int(1)));
        assert_eq!(d.get("y").map(|n| &n.value), Some(&Value::Int(3)));
    }

    #[test]
    fn syntax_error_has_position() {
        let e = parse_stream("a: 1\nb: [1, 2\nc: 3\n").expect_err("bad");
        assert!(e.pos.line >= 2, "{e}");
        assert!(e.message.starts_with("YAML syntax error"));
    }

    #[test]
    fn alias_bomb_is_refused_quickly() {
        let mut s = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
        let mut prev = "a";
        for n in names {
            s.push_str(&format!(
                "{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
            ));
            prev = n;
        }
        let e = parse_stream(&s).expect_err("bomb");
        assert!(e.message.contains("expands to more than"), "{e}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let s = "[".repeat(10_000) + &"]".repeat(10_000);
        // The scanner's own recursion limit or podlife's depth limit, whichever comes first.
        let e = parse_stream(&s).expect_err("deep");
        assert!(e.message.contains("nesting deeper") || e.message.contains("recursion limit"), "{e}");
        let s = (0..500).map(|i| format!("{}k:\n", "  ".repeat(i))).collect::<String>();
        assert!(parse_stream(&s).is_err());
    }

    #[test]
    fn huge_input_is_refused() {
        let s = "a: b\n".repeat(2_200_000);
        let e = parse_stream(&s).expect_err("huge");
        assert!(e.message.contains("3 MiB"), "{e}");
    }

    #[test]
    fn canonical_text_and_paths() {
        let n = one("a: {b: [1, \"x\", null], c: true}\n");
        assert_eq!(n.canonical(), "{\"a\":{\"b\":[1,\"x\",null],\"c\":true}}");
        assert_eq!(n.at_path("a.b[1]").map(|n| &n.value), Some(&Value::Str("x".into())));
        assert!(n.at_path("a.z").is_none());
    }

    #[test]
    fn path_splitting() {
        assert_eq!(
            split_path("spec.containers[0].resources.limits[memory]"),
            vec![
                Seg::Key("spec"),
                Seg::Key("containers"),
                Seg::Index(0),
                Seg::Key("resources"),
                Seg::Key("limits"),
                Seg::Key("memory")
            ]
        );
    }
}
