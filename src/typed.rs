//! Positioned nodes → typed Kubernetes objects, with strict field validation.
//!
//! This is a serde `Deserializer` over [`crate::source::Node`]. It keeps the field path
//! of every value it hands out, so that:
//! * a type error names the field and its line/column;
//! * a key that the target struct does not declare is reported like the API server's
//!   strict field validation (`unknown field "spec.containers[0].livenessProbe.initialDelaySecons"`),
//!   with the struct's own field list giving the "did you mean" suggestion — serde passes
//!   that list to `deserialize_struct`, so it is exactly the fields the type accepts.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};

use serde_json::Value as Json;

use crate::model::schema_types::{self as st, Kind};
use crate::model::{self, schema};
use crate::source::{Entry, Node, Pos, Value};
use crate::suggest::did_you_mean;

/// A field that the object's type does not have.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct UnknownField {
    /// Full path, e.g. `spec.containers[0].livenessProbe.initialDelaySecons`.
    pub path: String,
    pub pos: Pos,
    /// The closest declared field, if one is close enough.
    pub suggestion: Option<String>,
}

impl UnknownField {
    /// The strict-decoding text, plus the suggestion.
    pub fn message(&self) -> String {
        match &self.suggestion {
            Some(s) => format!("unknown field \"{}\" (did you mean \"{s}\"?)", self.path),
            None => format!("unknown field \"{}\"", self.path),
        }
    }
}

/// A value of the wrong type or out of range.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TypeError {
    pub path: String,
    pub pos: Pos,
    pub message: String,
}

impl fmt::Display for TypeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// The deserializer's error: a message, and where it happened once known. Boxed, so that a
/// `Result<T, DeError>` is small and every `?` of the readers moves one pointer.
#[derive(Debug)]
pub struct DeError(Box<DeErrorInner>);

#[derive(Debug)]
struct DeErrorInner {
    message: String,
    at: Option<(String, Pos)>,
}

impl DeError {
    #[inline(never)]
    fn new(message: String, at: Option<(String, Pos)>) -> Self {
        DeError(Box::new(DeErrorInner { message, at }))
    }

    /// The [`TypeError`] of a reading that started at `base_path` (node at `pos`).
    #[inline(never)]
    fn into_type_error(self, base_path: &str, pos: Pos) -> TypeError {
        let DeErrorInner { message, at } = *self.0;
        let (path, pos) = at.unwrap_or_else(|| (base_path.to_string(), pos));
        TypeError { path, pos, message }
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError::new(msg.to_string(), None)
    }
    fn invalid_type(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Self::custom(format_args!("expected {exp}, found {}", unexpected(&unexp)))
    }
    fn invalid_value(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Self::custom(format_args!("invalid value {}, expected {exp}", unexpected(&unexp)))
    }
    fn missing_field(field: &'static str) -> Self {
        Self::custom(format_args!("missing required field \"{field}\""))
    }
}

fn unexpected(u: &de::Unexpected<'_>) -> String {
    match u {
        de::Unexpected::Signed(i) => format!("the integer {i}"),
        de::Unexpected::Unsigned(i) => format!("the integer {i}"),
        de::Unexpected::Float(x) => format!("the number {}", crate::float::Shortest(*x)),
        de::Unexpected::Str(s) => format!("the string {s:?}"),
        de::Unexpected::Bool(b) => format!("the boolean {b}"),
        de::Unexpected::Unit => "null".into(),
        de::Unexpected::Seq => "a list".into(),
        de::Unexpected::Map => "a mapping".into(),
        other => other.to_string(),
    }
}

struct Ctx {
    unknown: RefCell<Vec<UnknownField>>,
}

/// Where a value sits, as a chain of frames on the stack: rendered into kubectl's text
/// (`spec.containers[0].ports[0].containerPort`) only when an error or an unknown field is
/// recorded, so reading a valid object formats no paths at all.
#[derive(Clone, Copy)]
enum Path<'p> {
    /// The base path given to [`from_node`] (`""` for a document root).
    Root(&'p str),
    /// `parent.key` (or `key` when the parent renders empty).
    Key(&'p Path<'p>, &'p str),
    /// `parent[key]`: a key of a plain map such as `limits[memory]`.
    Bracket(&'p Path<'p>, &'p str),
    /// `parent[index]`.
    Index(&'p Path<'p>, usize),
}

impl Path<'_> {
    /// The kubectl-style text. Iterative: paths are as deep as the document (bounded by
    /// `source::MAX_DEPTH`), but no recursion is needed.
    #[inline(never)]
    fn render(&self) -> String {
        let mut frames = Vec::new();
        let mut at = self;
        let mut out = loop {
            match at {
                Path::Root(base) => break base.to_string(),
                Path::Key(parent, _) | Path::Bracket(parent, _) | Path::Index(parent, _) => {
                    frames.push(at);
                    at = parent;
                }
            }
        };
        for frame in frames.into_iter().rev() {
            match frame {
                Path::Root(_) => {}
                Path::Key(_, key) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key);
                }
                Path::Bracket(_, key) => {
                    out.push('[');
                    out.push_str(key);
                    out.push(']');
                }
                Path::Index(_, i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
            }
        }
        out
    }
}

struct De<'a, 'p, 'c> {
    node: &'a Node,
    path: &'p Path<'p>,
    ctx: &'c Ctx,
}

/// Gives `e` the position `(path, pos)` unless a deeper value already did.
#[inline(never)]
fn locate_at(e: DeError, path: &Path<'_>, pos: Pos) -> DeError {
    let mut e = e;
    if e.0.at.is_none() {
        e.0.at = Some((path.render(), pos));
    }
    e
}

impl De<'_, '_, '_> {
    fn locate(&self, e: DeError) -> DeError {
        locate_at(e, self.path, self.node.pos)
    }

    #[inline(never)]
    fn wrong(&self, expected: &str) -> DeError {
        self.locate(DeError::new(format!("expected {expected}, found {}", self.node.value.describe()), None))
    }
}

macro_rules! int_method {
    ($name:ident, $what:expr) => {
        fn $name<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
            match &self.node.value {
                Value::Int(i) => {
                    let i = *i;
                    v.visit_i64(i).map_err(|e| self.locate(e))
                }
                _ => Err(self.wrong($what)),
            }
        }
    };
}

impl<'a> de::Deserializer<'a> for De<'a, '_, '_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        let r = match &self.node.value {
            Value::Null => v.visit_unit(),
            Value::Bool(b) => v.visit_bool(*b),
            Value::Int(i) => v.visit_i64(*i),
            Value::Float(x) => v.visit_f64(*x),
            Value::Str(s) => v.visit_borrowed_str(s),
            Value::Seq(items) => v.visit_seq(Seq { items: items.iter(), index: 0, path: self.path, ctx: self.ctx }),
            Value::Map(entries) => v.visit_map(Map::new(entries, self.path, None, self.ctx, false)),
        };
        r.map_err(|e| self.locate(e))
    }

    fn deserialize_bool<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Bool(b) => v.visit_bool(*b).map_err(|e| self.locate(e)),
            _ => Err(self.wrong("a boolean (true or false)")),
        }
    }

    int_method!(deserialize_i8, "an integer");
    int_method!(deserialize_i16, "an integer");
    int_method!(deserialize_i32, "an integer (int32)");
    int_method!(deserialize_i64, "an integer (int64)");
    int_method!(deserialize_u8, "a non-negative integer");
    int_method!(deserialize_u16, "a non-negative integer");
    int_method!(deserialize_u32, "a non-negative integer");
    int_method!(deserialize_u64, "a non-negative integer");

    fn deserialize_f32<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_f64(v)
    }

    fn deserialize_f64<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Int(i) => v.visit_i64(*i).map_err(|e| self.locate(e)),
            Value::Float(x) => v.visit_f64(*x).map_err(|e| self.locate(e)),
            _ => Err(self.wrong("a number")),
        }
    }

    fn deserialize_char<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_str(v)
    }

    fn deserialize_str<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Str(s) => v.visit_borrowed_str(s).map_err(|e| self.locate(e)),
            _ => Err(self.wrong("a string")),
        }
    }

    fn deserialize_string<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_str(v)
    }

    fn deserialize_bytes<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_any(v)
    }

    fn deserialize_byte_buf<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_any(v)
    }

    fn deserialize_option<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Null => v.visit_none().map_err(|e| self.locate(e)),
            _ => {
                let (path, pos) = (self.path, self.node.pos);
                v.visit_some(self).map_err(|e| locate_at(e, path, pos))
            }
        }
    }

    fn deserialize_unit<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        v.visit_unit().map_err(|e| self.locate(e))
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(self, _name: &'static str, v: V) -> Result<V::Value, DeError> {
        self.deserialize_unit(v)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(self, name: &'static str, v: V) -> Result<V::Value, DeError> {
        if name == model::OPAQUE_NAME {
            if let Some(t) = model::OPAQUE_TYPE.with(|c| c.take()) {
                let json = walk_obj(self.node, t, self.path, self.ctx)?;
                model::OPAQUE_VALUE.with(|slot| *slot.borrow_mut() = Some(json));
                return v.visit_unit().map_err(|e| self.locate(e));
            }
        }
        let (path, pos) = (self.path, self.node.pos);
        v.visit_newtype_struct(self).map_err(|e| locate_at(e, path, pos))
    }

    fn deserialize_seq<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Seq(items) => v
                .visit_seq(Seq { items: items.iter(), index: 0, path: self.path, ctx: self.ctx })
                .map_err(|e| self.locate(e)),
            Value::Null => v.visit_seq(Seq { items: [].iter(), index: 0, path: self.path, ctx: self.ctx }),
            _ => Err(self.wrong("a list")),
        }
    }

    fn deserialize_tuple<V: Visitor<'a>>(self, _len: usize, v: V) -> Result<V::Value, DeError> {
        self.deserialize_seq(v)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _len: usize,
        v: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(v)
    }

    fn deserialize_map<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Map(entries) => {
                v.visit_map(Map::new(entries, self.path, None, self.ctx, true)).map_err(|e| self.locate(e))
            }
            Value::Null => v.visit_map(Map::new(&[], self.path, None, self.ctx, true)),
            _ => Err(self.wrong("a mapping")),
        }
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Map(entries) => {
                v.visit_map(Map::new(entries, self.path, Some(fields), self.ctx, false)).map_err(|e| self.locate(e))
            }
            Value::Null => v.visit_map(Map::new(&[], self.path, Some(fields), self.ctx, false)),
            _ => Err(self.wrong("a mapping (an object with fields)")),
        }
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        match &self.node.value {
            Value::Str(s) => {
                let d: de::value::StrDeserializer<'_, DeError> = s.as_str().into_deserializer();
                v.visit_enum(d).map_err(|e| self.locate(e))
            }
            _ => Err(self.wrong("a string")),
        }
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_str(v)
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, v: V) -> Result<V::Value, DeError> {
        v.visit_unit()
    }
}

struct Seq<'a, 'p, 'c> {
    items: std::slice::Iter<'a, Node>,
    index: usize,
    path: &'p Path<'p>,
    ctx: &'c Ctx,
}

impl<'a> de::SeqAccess<'a> for Seq<'a, '_, '_> {
    type Error = DeError;
    fn next_element_seed<T: de::DeserializeSeed<'a>>(&mut self, seed: T) -> Result<Option<T::Value>, DeError> {
        let Some(node) = self.items.next() else { return Ok(None) };
        let frame = Path::Index(self.path, self.index);
        self.index += 1;
        seed.deserialize(De { node, path: &frame, ctx: self.ctx }).map(Some)
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Map<'a, 'p, 'c> {
    entries: std::slice::Iter<'a, Entry>,
    current: Option<&'a Entry>,
    path: &'p Path<'p>,
    fields: Option<&'static [&'static str]>,
    ctx: &'c Ctx,
    bracket_keys: bool,
}

impl<'a, 'p, 'c> Map<'a, 'p, 'c> {
    fn new(
        entries: &'a [Entry],
        path: &'p Path<'p>,
        fields: Option<&'static [&'static str]>,
        ctx: &'c Ctx,
        bracket_keys: bool,
    ) -> Self {
        Map { entries: entries.iter(), current: None, path, fields, ctx, bracket_keys }
    }
}

// The generic trait methods stay tiny and call these non-generic ones, so the work is not
// duplicated for every Kubernetes type (it keeps the page's wasm small).
impl<'a, 'c> Map<'a, '_, 'c> {
    #[inline(never)]
    fn advance(&mut self) -> Option<&'a str> {
        let entry = self.entries.next()?;
        self.current = Some(entry);
        if let Some(fields) = self.fields {
            // A key the type does not declare is what strict field validation rejects.
            if !fields.contains(&entry.key.as_str()) {
                report_unknown(self.ctx, self.path, entry, &mut fields.iter().copied());
            }
        }
        Some(&entry.key)
    }

    /// The entry whose value comes next.
    #[inline(never)]
    fn value_entry(&mut self) -> Result<&'a Entry, DeError> {
        self.current.take().ok_or_else(|| de::Error::custom("value requested before key"))
    }
}

impl<'a> de::MapAccess<'a> for Map<'a, '_, '_> {
    type Error = DeError;
    fn next_key_seed<K: de::DeserializeSeed<'a>>(&mut self, seed: K) -> Result<Option<K::Value>, DeError> {
        match self.advance() {
            None => Ok(None),
            Some(key) => seed.deserialize(de::value::BorrowedStrDeserializer::<'a, DeError>::new(key)).map(Some),
        }
    }

    fn next_value_seed<V: de::DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let entry = self.value_entry()?;
        let frame =
            if self.bracket_keys { Path::Bracket(self.path, &entry.key) } else { Path::Key(self.path, &entry.key) };
        seed.deserialize(De { node: &entry.value, path: &frame, ctx: self.ctx })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// Records `entry` as a field its object's type does not declare.
fn report_unknown(ctx: &Ctx, path: &Path<'_>, entry: &Entry, fields: &mut dyn Iterator<Item = &str>) {
    ctx.unknown.borrow_mut().push(UnknownField {
        path: Path::Key(path, &entry.key).render(),
        pos: entry.key_pos,
        suggestion: did_you_mean(&entry.key, fields).map(str::to_string),
    });
}

// The schema walk. A model type (`crate::model`) asks for its node through
// `deserialize_newtype_struct(model::OPAQUE_NAME)`: the node is checked against the static
// schema table (`model::schema`) and turned into the JSON the API server would store,
// reporting exactly what deserializing the upstream generated types would (their plain
// fields read null as the zero value; scalars go through the same `Deserialize` impls as
// upstream's; lists, maps and objects follow `deserialize_seq`/`_map`/`_struct` above).

/// An object of schema type `t`.
fn walk_obj(node: &Node, t: u16, path: &Path<'_>, ctx: &Ctx) -> Result<Json, DeError> {
    let ty = schema::entries(t);
    let entries: &[Entry] = match &node.value {
        Value::Map(entries) => entries,
        Value::Null => &[],
        _ => return Err(De { node, path, ctx }.wrong("a mapping (an object with fields)")),
    };
    let mut out = serde_json::Map::new();
    for entry in entries {
        let Some((name, code)) = ty.clone().find(|(name, _)| *name == entry.key) else {
            report_unknown(ctx, path, entry, &mut ty.clone().map(|(name, _)| name));
            continue;
        };
        // Upstream reads every field as an `Option`: null is absent (a plain field then
        // takes its zero value below). A mapping's keys are unique (`source` merges duplicate
        // keys, the last value winning), so no earlier value of this field is in `out` to
        // remove (and no `Map::remove` is needed in the wasm).
        if matches!(entry.value.value, Value::Null) {
            debug_assert!(!out.contains_key(name));
            continue;
        }
        let frame = Path::Key(path, &entry.key);
        out.insert(name.to_string(), walk_value(&entry.value, st::kind(code), &frame, ctx)?);
    }
    required_zeros(&mut out, t);
    Ok(Json::Object(out))
}

/// The value an upstream plain (non-`Option`) field has when absent.
fn zero(kind: Kind) -> Json {
    match kind {
        Kind::Str | Kind::Quantity => Json::String(String::new()),
        Kind::Bool => Json::Bool(false),
        Kind::I32 | Kind::I64 | Kind::IntOrString => Json::from(0),
        Kind::F64 => Json::from(0.0),
        Kind::Time => Json::String(model::Timestamp::UNIX_EPOCH.to_rfc3339_seconds()),
        Kind::Any => Json::Null,
        Kind::List(_) => Json::Array(Vec::new()),
        Kind::Map(_) => Json::Object(serde_json::Map::new()),
        Kind::Obj(t) => {
            let mut out = serde_json::Map::new();
            required_zeros(&mut out, t);
            Json::Object(out)
        }
    }
}

/// The zero value of every plain field of schema type `t` that `out` does not have.
fn required_zeros(out: &mut serde_json::Map<String, Json>, t: u16) {
    for (name, code) in schema::entries(t).filter(|(_, code)| code & st::REQ != 0) {
        if !out.contains_key(name) {
            out.insert(name.to_string(), zero(st::kind(code)));
        }
    }
}

/// A value of `kind` (a field's value other than null, an item of a list, a map's value).
fn walk_value(node: &Node, kind: Kind, path: &Path<'_>, ctx: &Ctx) -> Result<Json, DeError> {
    // Scalars are read by hand, with the values and errors of the serde impls over [`De`]
    // (`f64`, `Quantity`, `IntOrString`, `Time`; the differential tests of `model_fidelity`
    // compare them with k8s-openapi's): no serde visitor code in the page.
    let de = De { node, path, ctx };
    let cur = Cur { node, path, ctx };
    let json = match kind {
        Kind::Str => Json::String(String::read(cur)?),
        Kind::Bool => Json::Bool(bool::read(cur)?),
        Kind::I32 => Json::from(i32::read(cur)?),
        Kind::I64 => Json::from(i64::read(cur)?),
        Kind::F64 => Json::from(match node.value {
            Value::Int(i) => i as f64,
            Value::Float(x) => x,
            _ => return Err(de.wrong("a number")),
        }),
        Kind::Quantity => Json::String(match &node.value {
            Value::Int(i) => i.to_string(),
            Value::Float(x) => crate::float::Shortest(*x).to_string(),
            Value::Str(s) => s.clone(),
            _ => return Err(de.wrong("Quantity")),
        }),
        Kind::IntOrString => match model::IntOrString::read(cur)? {
            model::IntOrString::Int(i) => Json::from(i),
            model::IntOrString::String(s) => Json::String(s),
        },
        Kind::Time => match &node.value {
            Value::Str(s) => Json::String(
                model::Timestamp::parse_rfc3339(s)
                    .map_err(|e| de.locate(DeError::new(e.to_string(), None)))?
                    .to_rfc3339_seconds(),
            ),
            _ => return Err(de.wrong("a string")),
        },
        Kind::Any => node_json(node),
        Kind::Obj(t) => walk_obj(node, t, path, ctx)?,
        Kind::List(item) => {
            let items: &[Node] = match &node.value {
                Value::Seq(items) => items,
                Value::Null => &[],
                _ => return Err(de.wrong("a list")),
            };
            let mut out = Vec::with_capacity(items.len());
            for (i, n) in items.iter().enumerate() {
                let frame = Path::Index(path, i);
                out.push(walk_value(n, *item, &frame, ctx)?);
            }
            Json::Array(out)
        }
        Kind::Map(item) => {
            let entries: &[Entry] = match &node.value {
                Value::Map(entries) => entries,
                Value::Null => &[],
                _ => return Err(de.wrong("a mapping")),
            };
            let mut out = serde_json::Map::new();
            for e in entries {
                let frame = Path::Bracket(path, &e.key);
                out.insert(e.key.clone(), walk_value(&e.value, *item, &frame, ctx)?);
            }
            Json::Object(out)
        }
    };
    Ok(json)
}

/// Any node as JSON, exactly as serde_json's `Value` deserializes it through [`De`] (it cannot
/// fail: no type is expected), without serde's generic visitor code in the page. Non-finite
/// numbers become null, as in `Value::visit_f64`; a key set twice cannot occur (the reader
/// keeps the last). Recursive like the visitor: the depth is bounded by `source::MAX_DEPTH`.
fn node_json(node: &Node) -> Json {
    match &node.value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Float(x) => serde_json::Number::from_f64(*x).map_or(Json::Null, Json::Number),
        Value::Str(s) => Json::String(s.clone()),
        Value::Seq(items) => {
            let mut out = Vec::with_capacity(items.len());
            for n in items {
                out.push(node_json(n));
            }
            Json::Array(out)
        }
        Value::Map(entries) => {
            let mut out = serde_json::Map::new();
            for e in entries {
                out.insert(e.key.clone(), node_json(&e.value));
            }
            Json::Object(out)
        }
    }
}

/// Checks `node` (found at `base_path`, "" for a document root) against schema type `t` and
/// returns the JSON the API server would store, with every unknown field, or the first type
/// error: what [`from_node`] does for a model type, without going through serde.
pub fn check(node: &Node, base_path: &str, t: u16) -> Result<(Json, Vec<UnknownField>), TypeError> {
    let ctx = Ctx { unknown: RefCell::new(Vec::new()) };
    let root = Path::Root(base_path);
    match walk_obj(node, t, &root, &ctx) {
        Ok(v) => Ok((v, ctx.unknown.into_inner())),
        Err(e) => Err(e.into_type_error(base_path, node.pos)),
    }
}

/// Deserializes `node` (found at `base_path`, "" for a document root) into `T`.
/// Returns the value and every unknown field, or the first type error.
pub fn from_node<T: DeserializeOwned>(node: &Node, base_path: &str) -> Result<(T, Vec<UnknownField>), TypeError> {
    let ctx = Ctx { unknown: RefCell::new(Vec::new()) };
    let root = Path::Root(base_path);
    let de = De { node, path: &root, ctx: &ctx };
    match T::deserialize(de) {
        Ok(v) => Ok((v, ctx.unknown.into_inner())),
        Err(e) => Err(e.into_type_error(base_path, node.pos)),
    }
}

// Hand-written reading of podlife's own documents (the Scenario and what it holds). The
// structs keep their serde derives for the tests and the CLI-free callers that build them
// from JSON, but the page reads them only through [`Read`]: serde's derived visitors were
// ≈ 45 KB of the page's wasm (BENCHMARKS.md). Scalars still go through the same serde
// impls over [`De`] as before, and the struct level does what the derives did over `De`
// (unknown keys reported with the struct's field list, or an error for
// `deny_unknown_fields`; null reads as an empty mapping; the first missing required field
// is an error), so values, unknown-field reports and error texts are the same
// (`reads_like_the_serde_derives` in `src/engine/scenario.rs` compares both).

/// A value being read, with its path, for [`Read`].
#[derive(Clone, Copy)]
pub struct Cur<'a, 'p, 'c> {
    node: &'a Node,
    path: &'p Path<'p>,
    ctx: &'c Ctx,
}

/// A type read by hand from a [`Cur`] (see above).
pub trait Read: Sized {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError>;
}

impl<'a, 'p, 'c> Cur<'a, 'p, 'c> {
    fn de(self) -> De<'a, 'p, 'c> {
        De { node: self.node, path: self.path, ctx: self.ctx }
    }

    fn locate(self, e: DeError) -> DeError {
        locate_at(e, self.path, self.node.pos)
    }

    /// A struct whose declared keys are the words of `fields` (space-separated: no table of
    /// pointers in the page's data): `field(i, value)` reads the value of the `i`th. An
    /// undeclared key is recorded as an unknown field, and with `deny` (serde's
    /// `deny_unknown_fields`) also ends the reading with serde's error.
    #[inline(never)]
    pub fn fields(
        self,
        fields: &'static str,
        deny: bool,
        field: &mut dyn FnMut(usize, Cur<'_, '_, '_>) -> Result<(), DeError>,
    ) -> Result<(), DeError> {
        let entries: &[Entry] = match &self.node.value {
            Value::Map(entries) => entries,
            Value::Null => &[],
            _ => return Err(self.de().wrong("a mapping (an object with fields)")),
        };
        for entry in entries {
            let Some(i) = words(fields).position(|f| f == entry.key) else {
                report_unknown(self.ctx, self.path, entry, &mut words(fields));
                if deny {
                    let e = DeError::new(unknown("field", &entry.key, fields), None);
                    return Err(self.locate(e));
                }
                continue;
            };
            let frame = Path::Key(self.path, &entry.key);
            field(i, Cur { node: &entry.value, path: &frame, ctx: self.ctx }).map_err(|e| self.locate(e))?;
        }
        Ok(())
    }

    /// Whether the value is null.
    pub fn is_null(self) -> bool {
        matches!(self.node.value, Value::Null)
    }

    /// serde's error for a required field that is absent, at this struct (at its parent when
    /// the struct is null, as `De::deserialize_struct` leaves that error unplaced).
    #[inline(never)]
    pub fn missing(self, field: &'static str) -> DeError {
        let e = de::Error::missing_field(field);
        if matches!(self.node.value, Value::Null) {
            e
        } else {
            self.locate(e)
        }
    }

    /// A unit variant of an enum, by name: its index in `variants` (space-separated).
    #[inline(never)]
    pub fn variant(self, variants: &'static str) -> Result<usize, DeError> {
        match &self.node.value {
            Value::Str(s) => words(variants)
                .position(|v| v == s)
                .ok_or_else(|| self.locate(DeError::new(unknown("variant", s, variants), None))),
            _ => Err(self.de().wrong("a string")),
        }
    }

    /// A list's items, each at `path[i]` (null is an empty list).
    #[inline(never)]
    fn items(self, item: &mut dyn FnMut(Cur<'_, '_, '_>) -> Result<(), DeError>) -> Result<(), DeError> {
        let items: &[Node] = match &self.node.value {
            Value::Seq(items) => items,
            Value::Null => &[],
            _ => return Err(self.de().wrong("a list")),
        };
        for (i, node) in items.iter().enumerate() {
            let frame = Path::Index(self.path, i);
            item(Cur { node, path: &frame, ctx: self.ctx }).map_err(|e| self.locate(e))?;
        }
        Ok(())
    }

    /// A mapping's entries, each value at `path[key]` (null is an empty mapping).
    #[inline(never)]
    fn entries(self, entry: &mut dyn FnMut(&str, Cur<'_, '_, '_>) -> Result<(), DeError>) -> Result<(), DeError> {
        let entries: &[Entry] = match &self.node.value {
            Value::Map(entries) => entries,
            Value::Null => &[],
            _ => return Err(self.de().wrong("a mapping")),
        };
        for e in entries {
            let frame = Path::Bracket(self.path, &e.key);
            entry(&e.key, Cur { node: &e.value, path: &frame, ctx: self.ctx }).map_err(|e| self.locate(e))?;
        }
        Ok(())
    }
}

/// What `IntOrString`'s serde visitor reads (through `deserialize_any`), with its errors.
impl Read for model::IntOrString {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
        match &c.node.value {
            Value::Str(s) => Ok(model::IntOrString::String(s.clone())),
            _ => read_int(c, i32::MIN.into(), i32::MAX.into(), "IntOrString", "a 32-bit integer")
                .map(|i| model::IntOrString::Int(i as i32)),
        }
    }
}

/// What `Signal`'s serde visitor reads (through `deserialize_any`), with its errors.
impl Read for crate::app::Signal {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
        use crate::app::Signal;
        let e = match &c.node.value {
            Value::Int(i) => match (0..=64).contains(i) {
                true => return Ok(Signal::from_number(*i as i32)),
                false => format!("invalid signal number {i}"),
            },
            Value::Str(s) => match Signal::parse(s) {
                Some(sig) => return Ok(sig),
                None => format!("unknown signal {s:?}"),
            },
            _ => return Err(c.de().wrong("a signal name such as \"SIGTERM\" or a number")),
        };
        Err(c.locate(DeError::new(e, None)))
    }
}

/// An integer in `lo..=hi`, with the errors of serde's integer visitors over [`De`] (`what`
/// for a value that is not an integer, `name` the type serde names when one is out of range):
/// one reader for every integer type.
#[inline(never)]
fn read_int(c: Cur<'_, '_, '_>, lo: i64, hi: i64, what: &str, name: &str) -> Result<i64, DeError> {
    match c.node.value {
        Value::Int(i) if lo <= i && i <= hi => Ok(i),
        // `de::Error::invalid_value(Unexpected::Signed(i), &name)`'s text, without the
        // formatting of every `Unexpected` in the page.
        Value::Int(i) => Err(c.locate(DeError::new(format!("invalid value the integer {i}, expected {name}"), None))),
        _ => Err(c.de().wrong(what)),
    }
}

/// The words of a space-separated list (empty words skipped: `""` is no words).
fn words(list: &str) -> impl Iterator<Item = &str> {
    list.split(' ').filter(|w| !w.is_empty())
}

/// serde's `unknown_field` / `unknown_variant` text (`what`: "field" or "variant") for `name`,
/// the expected names listed as serde's `OneOf` lists them.
fn unknown(what: &str, name: &str, list: &str) -> String {
    let n = words(list).count();
    if n == 0 {
        return format!("unknown {what} `{name}`, there are no {what}s");
    }
    let mut s = format!("unknown {what} `{name}`, expected ");
    if n > 2 {
        s.push_str("one of ");
    }
    for (i, w) in words(list).enumerate() {
        if i > 0 {
            s.push_str(if n == 2 { " or " } else { ", " });
        }
        s.push('`');
        s.push_str(w);
        s.push('`');
    }
    s
}

macro_rules! read_int {
    ($($t:ty, $what:expr);*) => {$(
        impl Read for $t {
            fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
                read_int(c, <$t>::MIN as i64, (<$t>::MAX as u64).min(i64::MAX as u64) as i64, $what, stringify!($t)).map(|i| i as $t)
            }
        }
    )*};
}

read_int!(u16, "a non-negative integer"; u32, "a non-negative integer"; u64, "a non-negative integer";
    i32, "an integer (int32)"; i64, "an integer (int64)");

impl Read for String {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
        match &c.node.value {
            Value::Str(s) => Ok(s.clone()),
            _ => Err(c.de().wrong("a string")),
        }
    }
}

impl Read for bool {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
        match c.node.value {
            Value::Bool(b) => Ok(b),
            _ => Err(c.de().wrong("a boolean (true or false)")),
        }
    }
}

/// What `Millis`'s serde visitor reads (through `deserialize_any`), with its errors.
impl Read for crate::app::Millis {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
        use crate::app::Millis;
        match &c.node.value {
            Value::Int(i) => Ok(Millis(i.saturating_mul(1000))),
            Value::Float(x) => Ok(Millis::from_secs_f64(*x)),
            Value::Str(s) => Millis::parse(s).map_err(|e| c.locate(DeError::new(e, None))),
            // `de::Error::invalid_type`'s text: for null, a boolean, a list or a mapping, the
            // found value is said as `describe` says it.
            _ => Err(c.de().wrong(crate::app::millis::EXPECTING)),
        }
    }
}

impl<T: Read> Read for Option<T> {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
        match c.node.value {
            Value::Null => Ok(None),
            _ => T::read(c).map(Some).map_err(|e| c.locate(e)),
        }
    }
}

impl<T: Read> Read for Vec<T> {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
        let mut out = Vec::new();
        c.items(&mut |c| {
            out.push(T::read(c)?);
            Ok(())
        })?;
        Ok(out)
    }
}

impl<T: Read> Read for std::collections::BTreeMap<String, T> {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
        let mut out = std::collections::BTreeMap::new();
        c.entries(&mut |k, c| {
            out.insert(k.to_string(), T::read(c)?);
            Ok(())
        })?;
        Ok(out)
    }
}

/// Collected and sorted once: a key order other than the map's costs no quadratic shifting.
impl<T: Read> Read for crate::vecmap::VecMap<String, T> {
    fn read(c: Cur<'_, '_, '_>) -> Result<Self, DeError> {
        let (mut keys, mut vals) = (Vec::new(), Vec::new());
        c.entries(&mut |k, c| {
            vals.push(T::read(c)?);
            keys.push(k.to_string());
            Ok(())
        })?;
        Ok(crate::vecmap::VecMap::from_parts(keys, vals))
    }
}

/// Reads `node` (found at `base_path`) into `T` by hand ([`Read`]): the value and every
/// unknown field, or the first type error, as [`from_node`] gives them.
pub fn read_node<T: Read>(node: &Node, base_path: &str) -> Result<(T, Vec<UnknownField>), TypeError> {
    let ctx = Ctx { unknown: RefCell::new(Vec::new()) };
    let root = Path::Root(base_path);
    match T::read(Cur { node, path: &root, ctx: &ctx }) {
        Ok(v) => Ok((v, ctx.unknown.into_inner())),
        Err(e) => Err(e.into_type_error(base_path, node.pos)),
    }
}

/// [`read_node`] through a reading function: one copy of this code for every reader that
/// returns the same `T` (the exercise goals read each kind's parameters into one enum).
pub fn read_node_with<T>(
    node: &Node,
    base_path: &str,
    read: fn(Cur<'_, '_, '_>) -> Result<T, DeError>,
) -> Result<(T, Vec<UnknownField>), TypeError> {
    let ctx = Ctx { unknown: RefCell::new(Vec::new()) };
    let root = Path::Root(base_path);
    match read(Cur { node, path: &root, ctx: &ctx }) {
        Ok(v) => Ok((v, ctx.unknown.into_inner())),
        Err(e) => Err(e.into_type_error(base_path, node.pos)),
    }
}

/// Compares [`read_node`] with [`from_node`] (the serde derives) on `node` and on copies of it
/// with one value somewhere replaced (null, strings, numbers, lists, mappings, …), one key
/// removed, or an unknown key added: values, unknown fields and errors must be identical.
/// Returns how many documents were read and how many of them were errors.
#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) fn differential<T: Read + DeserializeOwned + fmt::Debug>(node: &Node, base: &str) -> (usize, usize) {
    fn variants(node: &Node, values: &[Node], out: &mut Vec<Node>) {
        for v in values {
            out.push(Node { pos: node.pos, value: v.value.clone() });
        }
        match &node.value {
            Value::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    let mut inner = Vec::new();
                    variants(item, values, &mut inner);
                    for x in inner {
                        let mut items = items.clone();
                        items[i] = x;
                        out.push(Node { pos: node.pos, value: Value::Seq(items) });
                    }
                }
            }
            Value::Map(entries) => {
                for key in ["bogus", "untill", "Port"] {
                    let mut more = entries.clone();
                    more.push(Entry { key: key.into(), key_pos: node.pos, value: values[0].clone() });
                    out.push(Node { pos: node.pos, value: Value::Map(more) });
                }
                for (i, e) in entries.iter().enumerate() {
                    let mut inner = Vec::new();
                    variants(&e.value, values, &mut inner);
                    for x in inner {
                        let mut entries = entries.clone();
                        entries[i].value = x;
                        out.push(Node { pos: node.pos, value: Value::Map(entries) });
                    }
                    let mut fewer = entries.clone();
                    fewer.remove(i);
                    out.push(Node { pos: node.pos, value: Value::Map(fewer) });
                }
            }
            _ => {}
        }
    }
    let list = "[null, x, 7, -1, true, [1], {a: 1}, 99999999999, 1.5, 5s, SIGTERM, drain, NotReady, '80', 70000, '']";
    let Value::Seq(values) = crate::source::parse_stream(list).expect("parses").remove(0).root.value else {
        unreachable!("a flow sequence")
    };
    let mut all = vec![node.clone()];
    variants(node, &values, &mut all);
    let mut errors = 0;
    for n in &all {
        let by_hand = format!("{:?}", read_node::<T>(n, base));
        let by_serde = format!("{:?}", from_node::<T>(n, base));
        errors += usize::from(by_hand.starts_with("Err"));
        assert_eq!(by_hand, by_serde, "{n:?}");
    }
    (all.len(), errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Pod;
    use crate::source::parse_stream;

    fn root(text: &str) -> Node {
        parse_stream(text).expect("parses").remove(0).root
    }

    #[test]
    fn unknown_field_with_path_position_and_suggestion() {
        let n = root(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: demo\nspec:\n  containers:\n  - name: app\n    image: nginx\n    livenessProbe:\n      initialDelaySecons: 5\n      httpGet: {path: /, port: 80}\n",
        );
        let (_pod, unknown): (Pod, _) = from_node(&n, "").expect("typed");
        assert_eq!(unknown.len(), 1);
        assert_eq!(unknown[0].path, "spec.containers[0].livenessProbe.initialDelaySecons");
        assert_eq!(unknown[0].pos, Pos { line: 10, col: 7 });
        assert_eq!(unknown[0].suggestion.as_deref(), Some("initialDelaySeconds"));
        assert_eq!(
            unknown[0].message(),
            "unknown field \"spec.containers[0].livenessProbe.initialDelaySecons\" (did you mean \"initialDelaySeconds\"?)"
        );
    }

    #[test]
    fn wrong_type_names_field_and_position() {
        let n = root("apiVersion: v1\nkind: Pod\nmetadata: {name: demo}\nspec:\n  containers:\n  - name: app\n    image: nginx\n    ports:\n    - containerPort: \"80\"\n");
        let e = from_node::<Pod>(&n, "").expect_err("type error");
        assert_eq!(e.path, "spec.containers[0].ports[0].containerPort");
        assert_eq!(e.pos, Pos { line: 9, col: 22 });
        assert_eq!(e.message, "expected an integer (int32), found the string \"80\"");
    }

    #[test]
    fn out_of_range_integer() {
        let n = root("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    ports:\n    - containerPort: 99999999999\n");
        let e = from_node::<Pod>(&n, "").expect_err("range");
        assert_eq!(e.path, "spec.containers[0].ports[0].containerPort");
        assert!(e.message.contains("99999999999"), "{}", e.message);
    }

    #[test]
    fn quantities_accept_numbers_and_strings() {
        let n = root("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    resources:\n      limits: {cpu: 1, memory: 128Mi}\n      requests: {cpu: 0.5}\n");
        let (pod, unknown): (Pod, _) = from_node(&n, "").expect("typed");
        assert!(unknown.is_empty());
        let c = &pod.spec.expect("spec").containers[0];
        let r = c.resources.as_ref().expect("resources");
        assert_eq!(r.limits.as_ref().expect("limits")["cpu"].0, "1");
        assert_eq!(r.requests.as_ref().expect("requests")["cpu"].0, "0.5");
    }

    #[test]
    fn string_where_list_expected() {
        let n = root("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    command: sleep 10\n");
        let e = from_node::<Pod>(&n, "").expect_err("type");
        assert_eq!(e.path, "spec.containers[0].command");
        assert_eq!(e.message, "expected a list, found the string \"sleep 10\"");
    }

    /// The scalars read by hand (the schema walk's `walk_value`, the `IntOrString` and
    /// `Signal` readers) against serde's impls over `De`: the same values, the same errors.
    #[test]
    fn scalars_read_by_hand_as_serde_reads_them() {
        use serde::Deserialize;
        fn by_serde(node: &Node, kind: Kind) -> Result<Json, DeError> {
            let ctx = Ctx { unknown: RefCell::new(Vec::new()) };
            let root = Path::Root("x");
            let de = De { node, path: &root, ctx: &ctx };
            Ok(match kind {
                Kind::Str => Json::String(String::deserialize(de)?),
                Kind::Bool => Json::Bool(bool::deserialize(de)?),
                Kind::I32 => Json::from(i32::deserialize(de)?),
                Kind::I64 => Json::from(i64::deserialize(de)?),
                Kind::F64 => Json::from(f64::deserialize(de)?),
                Kind::Quantity => Json::String(model::Quantity::deserialize(de)?.0),
                Kind::IntOrString => match model::IntOrString::deserialize(de)? {
                    model::IntOrString::Int(i) => Json::from(i),
                    model::IntOrString::String(s) => Json::String(s),
                },
                Kind::Time => Json::String(model::Time::deserialize(de)?.0.to_rfc3339_seconds()),
                _ => unreachable!("scalars only"),
            })
        }
        let list = "[null, x, 7, -1, 0, 64, 65, true, false, [1], {a: 1}, 99999999999, -99999999999, 2147483648, \
            -2147483649, 1.5, -0.0, .inf, .nan, 1e400, 5s, SIGTERM, sigkill, IOT, ' 9 ', '80', 70000, '', \
            2024-01-01T00:00:00Z, '2024-01-01T00:00:00+02:00', 2024-13-01T00:00:00Z, 'a very long string of more than forty characters, said in full']";
        let Value::Seq(values) = root(list).value else { unreachable!("a flow sequence") };
        let kinds =
            [Kind::Str, Kind::Bool, Kind::I32, Kind::I64, Kind::F64, Kind::Quantity, Kind::IntOrString, Kind::Time];
        let mut errors = 0;
        for v in &values {
            for kind in kinds {
                let ctx = Ctx { unknown: RefCell::new(Vec::new()) };
                let by_hand = walk_value(v, kind, &Path::Root("x"), &ctx).map_err(|e| e.into_type_error("", v.pos));
                let serde = by_serde(v, kind).map_err(|e| e.into_type_error("", v.pos));
                errors += usize::from(by_hand.is_err());
                assert_eq!(by_hand, serde, "{v:?} as {kind:?}");
            }
            let n = Node { pos: v.pos, value: v.value.clone() };
            let by_hand = format!("{:?}", read_node::<model::IntOrString>(&n, "p"));
            assert_eq!(by_hand, format!("{:?}", from_node::<model::IntOrString>(&n, "p")));
            let by_hand = format!("{:?}", read_node::<crate::app::Signal>(&n, "p"));
            assert_eq!(by_hand, format!("{:?}", from_node::<crate::app::Signal>(&n, "p")));
            let by_hand = format!("{:?}", read_node::<crate::app::Millis>(&n, "p"));
            assert_eq!(by_hand, format!("{:?}", from_node::<crate::app::Millis>(&n, "p")));
            assert_eq!(format!("{:?}", read_node::<u16>(&n, "p")), format!("{:?}", from_node::<u16>(&n, "p")));
            assert_eq!(format!("{:?}", read_node::<u64>(&n, "p")), format!("{:?}", from_node::<u64>(&n, "p")));
        }
        assert!(errors > 100, "{errors}");
    }

    #[test]
    fn int_or_string_ports_and_timestamps() {
        let n = root("apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: \"2024-01-01T00:00:00Z\"\nspec:\n  containers:\n  - name: a\n    readinessProbe:\n      httpGet: {port: http}\n    livenessProbe:\n      tcpSocket: {port: 8080}\n");
        let (pod, unknown): (Pod, _) = from_node(&n, "").expect("typed");
        assert!(unknown.is_empty());
        assert!(pod.metadata.creation_timestamp.is_some());
    }
}
