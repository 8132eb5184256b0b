//! The playground's code editor: a transparent `<textarea id="editor">` layered exactly over a
//! `<pre aria-hidden="true">` that shows the same text with YAML syntax colouring, plus a
//! line-number gutter that marks the lines with diagnostics.
//!
//! The file has two halves:
//!
//! * a pure half (no DOM): [`highlight_yaml`], a tiny single-pass YAML scanner; the helpers
//!   that place diagnostics on tokens ([`token_range`], [`decorate`]); [`line_map`], which
//!   keeps diagnostics computed for an older text on the right lines of the text being
//!   typed; and the keyboard edits ([`edit_tab`], [`edit_outdent`], [`edit_toggle_comment`]).
//!   It compiles on every target and is unit-tested natively.
//! * the Yew component [`Editor`] (wasm32 only).
//!
//! Alignment rule: the coloured layer, the gutter and the squiggles are all computed from the
//! one string the textarea holds. Diagnostics arrive for the parent's (debounced) text; while
//! the textarea is ahead of it, each diagnostic is moved by [`line_map`] or, on an edited
//! line, hidden until the parent catches up. Nothing is ever drawn on a line it was not
//! computed for.
//!
//! Scalars are classified like the API server's decoder (go-yaml v2, YAML 1.1: `yes`/`off`
//! are booleans, `0644` is a number), mirroring `resolve_scalar` in `src/source.rs`.

// ---------------------------------------------------------------------------------------------
// The highlighter
// ---------------------------------------------------------------------------------------------

/// What a piece of a line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tok {
    /// Whitespace and anything without a colour.
    Plain,
    /// A mapping key.
    Key,
    /// A string value: plain, quoted, or a block scalar's content.
    Str,
    Num,
    /// `true`/`false` and YAML 1.1's `yes`/`no`/`on`/`off`/`y`/`n`.
    Bool,
    /// `null`, `~`.
    Null,
    Comment,
    /// The `---` and `...` document markers.
    Doc,
    /// A block sequence entry's `-`.
    Dash,
    /// Flow indicators `{ } [ ] ,` and the `:` / `?` indicators.
    Punct,
    /// `&name`.
    Anchor,
    /// `*name`.
    Alias,
    /// `!tag`, `!!str`.
    Tag,
    /// A block scalar header: `|`, `>-`, `|+2`.
    Block,
    /// `%YAML 1.1`.
    Directive,
}

impl Tok {
    /// The CSS class of this kind of token (`""` for [`Tok::Plain`]).
    pub fn class(self) -> &'static str {
        match self {
            Tok::Plain => "",
            Tok::Key => "t-key",
            Tok::Str => "t-str",
            Tok::Num => "t-num",
            Tok::Bool => "t-bool",
            Tok::Null => "t-null",
            Tok::Comment => "t-comment",
            Tok::Doc => "t-doc",
            Tok::Dash => "t-dash",
            Tok::Punct => "t-punct",
            Tok::Anchor => "t-anchor",
            Tok::Alias => "t-alias",
            Tok::Tag => "t-tag",
            Tok::Block => "t-block",
            Tok::Directive => "t-directive",
        }
    }
}

/// A run of one line with one colour. The spans of a line concatenate to the line exactly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub tok: Tok,
    pub text: String,
}

impl Span {
    /// The CSS class of this span.
    pub fn class(&self) -> &'static str {
        self.tok.class()
    }
}

/// The deepest flow nesting the scanner counts (deeper is still scanned, as flow).
const MAX_FLOW_DEPTH: u32 = 10_000;

/// What a line inherits from the lines above it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Carry {
    None,
    /// Inside a block scalar: lines indented more than `threshold` columns (and blank lines)
    /// are its content.
    Block {
        threshold: i64,
    },
    /// Inside a quoted scalar that continues on the next line.
    Quote {
        double: bool,
    },
}

/// Splits `text` into lines (on `\n`, like the textarea and the gutter: a trailing newline
/// gives a last, empty line) and colours each line's tokens.
///
/// One pass, linear in the length of the text; no regular expressions. It is a highlighter,
/// not a parser: on invalid YAML it still returns spans that concatenate to each line.
pub fn highlight_yaml(text: &str) -> Vec<Vec<Span>> {
    let mut flow: u32 = 0;
    let mut carry = Carry::None;
    text.split('\n').map(|line| scan_line(line, &mut flow, &mut carry)).collect()
}

fn is_ws(b: u8) -> bool {
    b == b' ' || b == b'\t' || b == b'\r'
}

fn is_flow_indicator(b: u8) -> bool {
    matches!(b, b',' | b'[' | b']' | b'{' | b'}')
}

/// Appends a span, merging it into the previous one when they have the same kind.
fn push(out: &mut Vec<Span>, tok: Tok, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(last) = out.last_mut() {
        if last.tok == tok {
            last.text.push_str(text);
            return;
        }
    }
    out.push(Span { tok, text: text.to_string() });
}

/// The end (exclusive) of a quoted scalar that starts at `from` (just after its opening
/// quote), or `None` when it does not close on this line.
fn quote_end(b: &[u8], from: usize, double: bool) -> Option<usize> {
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'\\' if double => i += 2,
            b'"' if double => return Some(i + 1),
            b'\'' if !double => {
                if b.get(i + 1) == Some(&b'\'') {
                    i += 2;
                } else {
                    return Some(i + 1);
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// Counts characters (not bytes) incrementally, so columns cost O(line) per line in total.
struct Cols {
    byte: usize,
    chars: i64,
}

impl Cols {
    fn at(&mut self, line: &str, byte: usize) -> i64 {
        if byte >= self.byte {
            self.chars += line.get(self.byte..byte).map_or(0, |s| s.chars().count() as i64);
        } else {
            self.chars = line.get(..byte).map_or(0, |s| s.chars().count() as i64);
        }
        self.byte = byte;
        self.chars
    }
}

fn scan_line(line: &str, flow: &mut u32, carry: &mut Carry) -> Vec<Span> {
    let b = line.as_bytes();
    let n = b.len();
    let mut out = Vec::new();
    let indent = b.iter().take_while(|&&c| c == b' ').count();
    let is_doc_marker = n >= 3 && (b.starts_with(b"---") || b.starts_with(b"...")) && (n == 3 || is_ws(b[3]));

    // A block scalar's content: blank lines and lines indented past its parent.
    if let Carry::Block { threshold } = *carry {
        let blank = b.iter().all(|&c| is_ws(c));
        if !is_doc_marker && (blank || indent as i64 > threshold) {
            push(&mut out, Tok::Str, line);
            return out;
        }
        *carry = Carry::None;
    }

    let mut i = 0;
    // The rest of a quoted scalar begun on an earlier line.
    if let Carry::Quote { double } = *carry {
        match quote_end(b, 0, double) {
            None if !is_doc_marker => {
                push(&mut out, Tok::Str, line);
                return out;
            }
            None => *carry = Carry::None,
            Some(e) => {
                push(&mut out, Tok::Str, &line[..e]);
                *carry = Carry::None;
                i = e;
            }
        }
    }

    // The column of the last key or `-` on this line: a block scalar's content must be
    // indented past it.
    let mut parent: i64 = indent as i64 - 1;
    let mut cols = Cols { byte: 0, chars: 0 };
    if i == 0 && is_doc_marker {
        push(&mut out, Tok::Doc, &line[..3]);
        *flow = 0;
        parent = -1;
        i = 3;
    } else if i == 0 && b.first() == Some(&b'%') && *flow == 0 {
        let end = (1..n).find(|&j| b[j] == b'#' && is_ws(b[j - 1])).unwrap_or(n);
        push(&mut out, Tok::Directive, &line[..end]);
        i = end;
    }

    while i < n {
        let c = b[i];
        let next_ws = i + 1 >= n || is_ws(b[i + 1]);
        if is_ws(c) {
            let e = (i..n).find(|&j| !is_ws(b[j])).unwrap_or(n);
            push(&mut out, Tok::Plain, &line[i..e]);
            i = e;
            continue;
        }
        if c == b'#' && (i == 0 || is_ws(b[i - 1])) {
            push(&mut out, Tok::Comment, &line[i..]);
            break;
        }
        if *flow == 0 {
            match c {
                b'-' if next_ws => {
                    parent = cols.at(line, i);
                    push(&mut out, Tok::Dash, "-");
                    i += 1;
                    continue;
                }
                b'?' | b':' if next_ws => {
                    push(&mut out, Tok::Punct, &line[i..i + 1]);
                    i += 1;
                    continue;
                }
                b'|' | b'>' => {
                    let e = (i + 1..n).find(|&j| !matches!(b[j], b'+' | b'-' | b'0'..=b'9')).unwrap_or(n);
                    push(&mut out, Tok::Block, &line[i..e]);
                    *carry = Carry::Block { threshold: parent };
                    i = e;
                    continue;
                }
                b'}' | b']' | b',' => {
                    push(&mut out, Tok::Punct, &line[i..i + 1]);
                    i += 1;
                    continue;
                }
                _ => {}
            }
        }
        match c {
            b'{' | b'[' => {
                *flow = (*flow + 1).min(MAX_FLOW_DEPTH);
                push(&mut out, Tok::Punct, &line[i..i + 1]);
                i += 1;
                continue;
            }
            b'}' | b']' | b',' | b':' if *flow > 0 => {
                if c == b'}' || c == b']' {
                    *flow -= 1;
                }
                push(&mut out, Tok::Punct, &line[i..i + 1]);
                i += 1;
                continue;
            }
            b'&' | b'*' | b'!' => {
                let in_flow = *flow > 0;
                let e = (i + 1..n).find(|&j| is_ws(b[j]) || (in_flow && is_flow_indicator(b[j]))).unwrap_or(n);
                let tok = match c {
                    b'&' => Tok::Anchor,
                    b'*' => Tok::Alias,
                    _ => Tok::Tag,
                };
                push(&mut out, tok, &line[i..e]);
                i = e;
                continue;
            }
            b'"' | b'\'' => {
                let double = c == b'"';
                let Some(e) = quote_end(b, i + 1, double) else {
                    push(&mut out, Tok::Str, &line[i..]);
                    *carry = Carry::Quote { double };
                    break;
                };
                let j = (e..n).find(|&j| !is_ws(b[j])).unwrap_or(n);
                let is_key = j < n && b[j] == b':' && (*flow > 0 || j + 1 >= n || is_ws(b[j + 1]));
                if is_key {
                    parent = cols.at(line, i);
                }
                push(&mut out, if is_key { Tok::Key } else { Tok::Str }, &line[i..e]);
                i = e;
                continue;
            }
            _ => {}
        }
        // A plain scalar: up to `: `, ` #`, or (in flow) a flow indicator.
        let in_flow = *flow > 0;
        let mut j = i;
        let mut is_key = false;
        while j < n {
            let bj = b[j];
            if bj == b':' && (j + 1 >= n || is_ws(b[j + 1]) || (in_flow && is_flow_indicator(b[j + 1]))) {
                is_key = true;
                break;
            }
            if (bj == b'#' && j > i && is_ws(b[j - 1])) || (in_flow && is_flow_indicator(bj)) {
                break;
            }
            j += 1;
        }
        let mut e = j;
        while e > i && is_ws(b[e - 1]) {
            e -= 1;
        }
        if e == i {
            // Nothing scannable here (cannot happen on valid input): one byte-run as plain.
            let e = (i + 1..=n).find(|&k| line.is_char_boundary(k)).unwrap_or(n);
            push(&mut out, Tok::Plain, &line[i..e]);
            i = e;
            continue;
        }
        let word = &line[i..e];
        let tok = if is_key {
            parent = cols.at(line, i);
            Tok::Key
        } else {
            classify_plain(word)
        };
        push(&mut out, tok, word);
        i = e;
    }
    out
}

/// The kind of a plain (unquoted) scalar value, as go-yaml v2 resolves it.
pub fn classify_plain(s: &str) -> Tok {
    match s {
        "~" | "null" | "Null" | "NULL" => return Tok::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" | "n" | "N" | "no" | "No"
        | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => return Tok::Bool,
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN"
        | ".NAN" => return Tok::Num,
        _ => {}
    }
    if is_int(s) {
        return Tok::Num;
    }
    let b = s.as_bytes();
    let looks_float = b.first().is_some_and(|&c| c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.'))
        && b.iter().all(|&c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'-' | b'+' | b'_'))
        && b.iter().any(u8::is_ascii_digit);
    if looks_float && crate::float::parse_f64(&s.replace('_', "")).is_some() {
        return Tok::Num;
    }
    Tok::Str
}

/// Decimal, `0x` hex, `0b` binary or `0`-prefixed octal, with `_` separators.
fn is_int(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    if body.is_empty() || body.starts_with('_') {
        return false;
    }
    let digits = |t: &str, radix: u32| t.chars().any(|c| c != '_') && t.chars().all(|c| c == '_' || c.is_digit(radix));
    if let Some(h) = body.strip_prefix("0x") {
        digits(h, 16)
    } else if let Some(bin) = body.strip_prefix("0b") {
        digits(bin, 2)
    } else if body.len() > 1 && body.starts_with('0') && digits(body, 8) {
        true
    } else {
        digits(body, 10)
    }
}

// ---------------------------------------------------------------------------------------------
// Diagnostics on tokens
// ---------------------------------------------------------------------------------------------

/// Decoration flags of a piece of text.
pub const DECO_WARN: u8 = 1;
pub const DECO_ERR: u8 = 2;
/// The place the parent asked to show (the `highlight` prop).
pub const DECO_TARGET: u8 = 4;

/// A decorated range of a line: `(start, end, DECO_* flags)`, in 1-based character columns
/// with `end` exclusive.
pub type Deco = (u32, u32, u8);

/// The token at a 1-based character column of a line, from that column to the end of the
/// token, as 1-based columns `(start, end)` with `end` exclusive. A column on whitespace
/// moves to the next token; a column past the end of the line gives an empty range.
pub fn token_range(spans: &[Span], col: u32) -> (u32, u32) {
    let col = col.max(1);
    let mut start = 1u32;
    let mut skipping = false;
    for s in spans {
        let len = s.text.chars().count() as u32;
        let end = start.saturating_add(len);
        let blank = s.tok == Tok::Plain && s.text.chars().all(char::is_whitespace);
        if skipping && !blank {
            return (start, end);
        }
        if !skipping && col < end {
            if blank {
                skipping = true;
            } else {
                return (col, end);
            }
        }
        start = end;
    }
    (col, col)
}

/// Splits a line's spans at the edges of the decorated ranges `(start, end, flags)` (1-based
/// character columns, `end` exclusive), giving `(kind, text, flags)` pieces that concatenate
/// to the line.
pub fn decorate<'a>(spans: &'a [Span], ranges: &[Deco]) -> Vec<(Tok, &'a str, u8)> {
    let mut out: Vec<(Tok, &'a str, u8)> = Vec::with_capacity(spans.len() + 2 * ranges.len());
    let flags_at = |col: u32| ranges.iter().filter(|r| r.0 <= col && col < r.1).fold(0u8, |f, r| f | r.2);
    let mut col = 1u32;
    for s in spans {
        if ranges.is_empty() {
            out.push((s.tok, s.text.as_str(), 0));
            continue;
        }
        let mut piece_start = 0usize;
        let mut piece_flags = flags_at(col);
        for (byte, _) in s.text.char_indices() {
            let f = flags_at(col);
            if f != piece_flags {
                out.push((s.tok, &s.text[piece_start..byte], piece_flags));
                piece_start = byte;
                piece_flags = f;
            }
            col += 1;
        }
        out.push((s.tok, &s.text[piece_start..], piece_flags));
    }
    out.retain(|p| !p.1.is_empty());
    out
}

/// Where the lines of an older text are in a newer one: the lines before the first changed
/// line and after the last changed line keep their content (and so their diagnostics); the
/// changed lines in between have none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineMap {
    prefix: u32,
    old_lines: u32,
    new_lines: u32,
    suffix: u32,
}

impl LineMap {
    /// The newer text's line (1-based) holding the older text's `line`, if it is unchanged.
    pub fn map(&self, line: u32) -> Option<u32> {
        if line == 0 || line > self.old_lines {
            return None;
        }
        if line <= self.prefix {
            return Some(line);
        }
        if line > self.old_lines - self.suffix {
            return Some(line + self.new_lines - self.old_lines);
        }
        None
    }
}

/// Compares two texts line by line from both ends: linear time.
pub fn line_map(old: &str, new: &str) -> LineMap {
    let o: Vec<&str> = old.split('\n').collect();
    let n: Vec<&str> = new.split('\n').collect();
    let prefix = o.iter().zip(&n).take_while(|(a, b)| a == b).count();
    let room = o.len().min(n.len()) - prefix;
    let suffix = o.iter().rev().zip(n.iter().rev()).take(room).take_while(|(a, b)| a == b).count();
    LineMap { prefix: prefix as u32, old_lines: o.len() as u32, new_lines: n.len() as u32, suffix: suffix as u32 }
}

// ---------------------------------------------------------------------------------------------
// Keyboard edits (byte offsets; the component converts from and to the textarea's UTF-16)
// ---------------------------------------------------------------------------------------------

/// Replace `text[start..end]` with `insert`, then select `sel` (byte offsets in the new text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub insert: String,
    pub sel: (usize, usize),
}

impl Edit {
    /// The text after the edit.
    pub fn apply(&self, text: &str) -> String {
        let mut s = String::with_capacity(text.len() + self.insert.len());
        s.push_str(text.get(..self.start).unwrap_or(text));
        s.push_str(&self.insert);
        s.push_str(text.get(self.end..).unwrap_or(""));
        s
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The whole lines a selection touches, as a byte range (a selection ending at the start of
/// a line does not include that line).
fn line_block(text: &str, sel: (usize, usize)) -> (usize, usize) {
    let s = floor_boundary(text, sel.0.min(sel.1));
    let mut e = floor_boundary(text, sel.0.max(sel.1));
    if e > s && text[..e].ends_with('\n') {
        e -= 1;
    }
    let ls = text[..s].rfind('\n').map_or(0, |p| p + 1);
    let le = text[e..].find('\n').map_or(text.len(), |p| e + p);
    (ls, le.max(ls))
}

/// Rewrites each line of the selected block with `f(line) -> (new line, position of the
/// change, bytes added (+) or removed (-))`. One line: the selection moves with the text;
/// several lines: the whole block is selected.
fn edit_lines(text: &str, sel: (usize, usize), f: &dyn Fn(&str) -> (String, usize, isize)) -> Option<Edit> {
    let (ls, le) = line_block(text, sel);
    let block = &text[ls..le];
    let mut insert = String::with_capacity(block.len() + 16);
    let mut single: Option<(usize, isize)> = None;
    for (k, line) in block.split('\n').enumerate() {
        if k > 0 {
            insert.push('\n');
        }
        let (new_line, at, delta) = f(line);
        insert.push_str(&new_line);
        single = if k == 0 { Some((ls + at, delta)) } else { None };
    }
    if insert == block {
        return None;
    }
    let sel = match single {
        Some((at, delta)) => {
            let move_pos = |p: usize| -> usize {
                let p = floor_boundary(text, p);
                if delta >= 0 {
                    if p >= at {
                        p + delta as usize
                    } else {
                        p
                    }
                } else {
                    let removed = delta.unsigned_abs();
                    if p >= at + removed {
                        p - removed
                    } else {
                        p.min(at)
                    }
                }
            };
            (move_pos(sel.0.min(sel.1)), move_pos(sel.0.max(sel.1)))
        }
        None => (ls, ls + insert.len()),
    };
    Some(Edit { start: ls, end: le, insert, sel })
}

/// Tab: two spaces in place of the selection; with a selection over several lines, indents
/// each non-blank line by two spaces instead.
pub fn edit_tab(text: &str, sel: (usize, usize)) -> Edit {
    let (s, e) = (floor_boundary(text, sel.0.min(sel.1)), floor_boundary(text, sel.0.max(sel.1)));
    if !text[s..e].contains('\n') {
        return Edit { start: s, end: e, insert: "  ".into(), sel: (s + 2, s + 2) };
    }
    edit_lines(text, (s, e), &|line| {
        if line.trim().is_empty() {
            (line.to_string(), 0, 0)
        } else {
            (format!("  {line}"), 0, 2)
        }
    })
    .unwrap_or(Edit { start: s, end: s, insert: String::new(), sel: (s, e) })
}

/// Shift+Tab: removes up to two leading spaces from each selected line (or the caret's line).
pub fn edit_outdent(text: &str, sel: (usize, usize)) -> Option<Edit> {
    edit_lines(text, sel, &|line| {
        let r = line.bytes().take(2).take_while(|&c| c == b' ').count();
        (line[r..].to_string(), 0, -(r as isize))
    })
}

/// Ctrl+/: comments the selected lines with `# ` (at their common indentation, blank lines
/// left alone), or uncomments them when every non-blank one is already a comment.
pub fn edit_toggle_comment(text: &str, sel: (usize, usize)) -> Option<Edit> {
    let (ls, le) = line_block(text, sel);
    let block = &text[ls..le];
    let lines = || block.split('\n').filter(|l| !l.trim().is_empty());
    let all_commented = lines().next().is_some() && lines().all(|l| l.trim_start().starts_with('#'));
    let min_indent = lines().map(|l| l.len() - l.trim_start_matches(' ').len()).min().unwrap_or(0);
    edit_lines(text, sel, &|line| {
        if line.trim().is_empty() {
            return (line.to_string(), 0, 0);
        }
        let indent = line.len() - line.trim_start().len();
        if all_commented {
            let rest = &line[indent..];
            let body = rest.strip_prefix("# ").or_else(|| rest.strip_prefix('#')).unwrap_or(rest);
            let removed = rest.len() - body.len();
            (format!("{}{body}", &line[..indent]), indent, -(removed as isize))
        } else {
            let at = min_indent.min(line.len());
            (format!("{}# {}", &line[..at], &line[at..]), at, 2)
        }
    })
}

/// The byte offset of a UTF-16 offset (what `selectionStart` counts) in `text`.
pub fn utf16_to_byte(text: &str, u16_offset: u32) -> usize {
    let mut units = 0u32;
    for (byte, c) in text.char_indices() {
        if units >= u16_offset {
            return byte;
        }
        units += c.len_utf16() as u32;
    }
    text.len()
}

/// The UTF-16 offset of a byte offset in `text`.
pub fn byte_to_utf16(text: &str, byte: usize) -> u32 {
    text[..floor_boundary(text, byte)].encode_utf16().count() as u32
}

/// The byte offset of a 1-based line and character column (clamped to the line).
pub fn line_col_to_byte(text: &str, line: u32, col: u32) -> Option<usize> {
    let mut offset = 0usize;
    for (i, l) in text.split('\n').enumerate() {
        if i + 1 == line as usize {
            let within = l.char_indices().nth(col.saturating_sub(1) as usize).map_or(l.len(), |(b, _)| b);
            return Some(offset + within);
        }
        offset += l.len() + 1;
    }
    None
}

// ---------------------------------------------------------------------------------------------
// The component
// ---------------------------------------------------------------------------------------------

#[cfg(target_arch = "wasm32")]
pub use component::{Editor, EditorProps};

#[cfg(target_arch = "wasm32")]
mod component {
    use std::cell::RefCell;
    use std::rc::Rc;

    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{DragEvent, Element, HtmlElement, HtmlTextAreaElement, KeyboardEvent};
    use yew::prelude::*;
    use yew::virtual_dom::{Key, VList, VNode};

    use crate::web::h::{el, text};
    use crate::web::views::memo;

    use super::*;
    use crate::input::{Diagnostic, Severity};

    /// Prefixes of the ids of the elements the textarea's `aria-describedby` points at
    /// (suffixed with the instance's number, so two editors never share an id).
    const PROBLEMS_ID: &str = "editor-problems";
    const HINT_ID: &str = "editor-hint";

    thread_local! {
        static INSTANCES: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    }

    fn next_instance() -> u32 {
        INSTANCES.with(|c| {
            let n = c.get().wrapping_add(1);
            c.set(n);
            n
        })
    }

    #[derive(Properties, PartialEq)]
    pub struct EditorProps {
        /// The current text (controlled: a new value replaces what the textarea holds, unless
        /// it is one this editor emitted itself and the user has typed on since).
        pub text: AttrValue,
        /// Diagnostics computed from `text`.
        pub diagnostics: Rc<Vec<Diagnostic>>,
        /// A place to show (e.g. the spec field behind a transition): select/highlight this
        /// line (1-based) and column; changes to a new value scroll it into view.
        pub highlight: Option<(u32, u32)>,
        /// Called on every input (the parent debounces).
        pub on_change: Callback<String>,
        #[prop_or_default]
        pub readonly: bool,
        /// Accessible label (`aria-label`); empty means a `<label for="editor">` names it.
        #[prop_or_default]
        pub label: AttrValue,
        /// A paste that would make the text longer than the input limit was refused (nothing
        /// reached the textarea); called with the size in bytes the text would have had.
        #[prop_or_default]
        pub on_too_large: Callback<usize>,
        /// A drop was refused: `Some(size)` when the text would be larger than the input limit
        /// (nothing reached the textarea), `None` when a dropped file is not UTF-8 text.
        #[prop_or_default]
        pub on_drop_refused: Callback<Option<usize>>,
    }

    /// The editor's own memory across renders.
    #[derive(Default)]
    struct State {
        /// What the textarea holds (may be ahead of `props.text`).
        live: AttrValue,
        /// The last `props.text` seen.
        seen: AttrValue,
        /// Hashes of values emitted through `on_change` since `props.text` last caught up.
        pending: Vec<u64>,
        /// Escape was pressed: the next Tab leaves the editor.
        escaped: bool,
        /// This editor's number ([`next_instance`]; 0 until its first render).
        instance: u32,
        /// The live text's lines, and the text they are of (memoized here rather than with
        /// `use_memo`: each hook type is its own code in the wasm).
        lines: Option<(AttrValue, Rc<Lines>)>,
        /// The gutter, and the line count and marks it was drawn for.
        gutter: Option<(usize, Vec<GutterMark>, Html)>,
        /// The `highlight` last revealed (`None` before the first render's effect).
        revealed: Option<Option<(u32, u32)>>,
    }

    const MAX_PENDING: usize = 64;

    /// A 64-bit FNV-1a hash: the lines' keys and the fingerprints of emitted texts (only the
    /// editor's own values are compared; std's SipHash was an inlined copy of its own in the wasm).
    fn hash_str(s: &str) -> u64 {
        s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
    }

    /// The highlighted lines and a key for each (its content's hash and occurrence), so a
    /// keystroke re-renders one line and an inserted line moves none.
    struct Lines {
        spans: Rc<Vec<Vec<Span>>>,
        keys: Vec<Key>,
        /// The number of lines.
        n: usize,
        /// Too large to colour: the layer shows the text as one text node.
        plain: bool,
    }

    /// Above these sizes the coloured layer stays empty and the textarea shows its own text,
    /// uncoloured: a paste of 40,000 lines made 1.5 million elements and froze the page, and a
    /// second copy of a 10 MB text doubled the browser's layout work (issue 7). The gutter and
    /// the diagnostics are unaffected.
    const PLAIN_BYTES: usize = 256 * 1024;
    const PLAIN_LINES: usize = 5_000;

    fn build_lines(text: &str) -> Lines {
        let n = text.bytes().filter(|&b| b == b'\n').count() + 1;
        if text.len() > PLAIN_BYTES || n > PLAIN_LINES {
            return Lines { spans: Rc::new(Vec::new()), keys: Vec::new(), n, plain: true };
        }
        let spans = highlight_yaml(text);
        // The k-th line with a hash is numbered k: the lines in order of (hash, position) number
        // each run of equal hashes (no hash map: each key/value type of one is KBs of wasm).
        let hashes: Vec<u64> = text.split('\n').map(hash_str).collect();
        let mut nth = vec![0u32; hashes.len()];
        let mut prev = None;
        let mut k = 0;
        for i in crate::sort::indices(hashes.len(), &|a, b| hashes[a].cmp(&hashes[b])) {
            k = if prev == Some(hashes[i]) { k + 1 } else { 1 };
            prev = Some(hashes[i]);
            nth[i] = k;
        }
        let keys = hashes.iter().zip(&nth).map(|(h, k)| Key::from(format!("{h:x}-{k}"))).collect();
        Lines { spans: Rc::new(spans), keys, n, plain: false }
    }

    #[derive(Clone, Debug, PartialEq)]
    struct GutterMark {
        line: u32,
        error: bool,
        title: String,
    }

    /// The gutter: the line numbers and a marker per line with diagnostics. A plain function
    /// (memoized by the editor on its inputs, as a component would skip an unchanged render):
    /// a component type costs more wasm than this view.
    fn gutter(lines: usize, marks: &[GutterMark]) -> Html {
        let mut numbers = String::with_capacity(lines * 5);
        for i in 1..=lines {
            if i > 1 {
                numbers.push('\n');
            }
            numbers.push_str(&i.to_string());
        }
        el("div")
            .class("ed-gutter-in")
            .e(el("pre").class("ed-nums").ts(numbers))
            .cs(marks.iter().map(|m| {
                el("span")
                    .key(m.line.to_string())
                    .class(if m.error { "ed-mark ed-mark-err" } else { "ed-mark ed-mark-warn" })
                    .at("style", format!("top: calc(var(--ed-pad) + {} * var(--ed-lh))", m.line.saturating_sub(1)))
                    .at("title", m.title.clone())
                    .at("data-line", m.line.to_string())
                    .t(if m.error { "✖" } else { "▲" })
                    .h()
            }))
            .h()
    }

    /// One line of the coloured layer, in a fragment with the line's key. Drawn through
    /// [`memo`] (a component type of its own costs more wasm), again only when what it shows
    /// changes: its deps hold the line's decorations and spans exactly (kind and length of each
    /// span, then its bytes, eight to a number), so the same spans at another index render
    /// the same and a keystroke re-renders one line.
    fn line(all: &Rc<Vec<Vec<Span>>>, idx: usize, ranges: Vec<Deco>, flags: u8, newline: bool, key: Key) -> Html {
        let spans: &[Span] = all.get(idx).map_or(&[], Vec::as_slice);
        let mut deps =
            Vec::with_capacity(3 + 2 * ranges.len() + spans.iter().map(|s| 2 + s.text.len() / 8).sum::<usize>());
        deps.extend([LINE_VIEW, i64::from(flags) | i64::from(newline) << 8, ranges.len() as i64]);
        for &(a, b, f) in &ranges {
            deps.extend([i64::from(a) << 32 | i64::from(b), i64::from(f)]);
        }
        for s in spans {
            deps.push((s.tok as i64) << 32 | s.text.len() as i64);
            deps.extend(s.text.as_bytes().chunks(8).map(|c| {
                let mut w = [0u8; 8];
                w[..c.len()].copy_from_slice(c);
                i64::from_le_bytes(w)
            }));
        }
        let all = all.clone();
        let view = memo(deps, move || draw_line(all.get(idx).map_or(&[], Vec::as_slice), &ranges, flags, newline));
        VNode::VList(Rc::new(VList::with_children(vec![view], Some(key))))
    }

    /// [`memo`]'s number for the editor's lines.
    const LINE_VIEW: i64 = 40;

    fn draw_line(spans: &[Span], ranges: &[Deco], flags: u8, newline: bool) -> Html {
        el("div")
            .av("class", deco_class("ed-l", flags, ["ed-l-err", "ed-l-warn", "ed-l-target"]))
            .cs(decorate(spans, ranges).into_iter().map(|(tok, s, deco)| {
                if tok == Tok::Plain && deco == 0 {
                    return text(s.to_string());
                }
                el("span")
                    .av("class", deco_class(tok.class(), deco, ["ed-sq-err", "ed-sq-warn", "ed-target"]))
                    .ts(s.to_string())
                    .h()
            }))
            .t(if newline { "\n" } else { "" })
            .h()
    }

    /// `base` and the classes of the DECO_* `flags` (error, else warning; target), joined as
    /// `classes!` joins them (an empty `base` is left out).
    fn deco_class(base: &'static str, flags: u8, [err, warn, target]: [&'static str; 3]) -> AttrValue {
        if flags & (DECO_ERR | DECO_WARN | DECO_TARGET) == 0 {
            return AttrValue::Static(base);
        }
        let mut s = String::from(base);
        let mut add = |c: &str| {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(c);
        };
        if flags & DECO_ERR != 0 {
            add(err);
        } else if flags & DECO_WARN != 0 {
            add(warn);
        }
        if flags & DECO_TARGET != 0 {
            add(target);
        }
        AttrValue::from(s)
    }

    /// Sets the value of a `<textarea>` or `<input>` node without copying it (the editor's text
    /// can be megabytes; `El::value` takes a `String`).
    fn with_value(node: Html, v: AttrValue) -> Html {
        match node {
            VNode::VTag(mut tag) => {
                if let Some(t) = Rc::get_mut(&mut tag) {
                    t.set_value(v);
                }
                VNode::VTag(tag)
            }
            other => other,
        }
    }

    /// Copies the textarea's scroll position to the coloured layer and the gutter.
    fn sync_scroll(ta: &NodeRef, pre: &NodeRef, gutter: &NodeRef) {
        let Some(ta) = ta.cast::<Element>() else { return };
        let (top, left) = (ta.scroll_top(), ta.scroll_left());
        if let Some(pre) = pre.cast::<Element>() {
            pre.set_scroll_top(top);
            pre.set_scroll_left(left);
        }
        if let Some(g) = gutter.cast::<Element>() {
            g.set_scroll_top(top);
        }
    }

    /// `document.execCommand("insertText")` keeps the browser's undo history and fires an
    /// `input` event; `web-sys` only binds it on `HtmlDocument`, so it is called by name.
    fn exec_insert_text(text: &str) -> bool {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return false };
        let Ok(f) = js_sys::Reflect::get(&doc, &JsValue::from_str("execCommand")) else { return false };
        let Ok(f) = f.dyn_into::<js_sys::Function>() else { return false };
        f.call3(&doc, &JsValue::from_str("insertText"), &JsValue::FALSE, &JsValue::from_str(text))
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    }

    #[function_component(Editor)]
    pub fn editor(props: &EditorProps) -> Html {
        let state = use_mut_ref(State::default);
        let force = use_force_update();
        let ta_ref = use_node_ref();
        let pre_ref = use_node_ref();
        let gutter_ref = use_node_ref();
        let measure_ref = use_node_ref();
        let instance = {
            let mut s = state.borrow_mut();
            if s.instance == 0 {
                s.instance = next_instance();
            }
            s.instance
        };
        let problems_id = format!("{PROBLEMS_ID}-{instance}");
        let hint_id = format!("{HINT_ID}-{instance}");

        // Adopt a new `text` prop, unless it is an echo of something typed here.
        let live = {
            let mut s = state.borrow_mut();
            if s.seen != props.text {
                s.seen = props.text.clone();
                if props.text == s.live {
                    s.pending.clear();
                } else if !s.pending.contains(&hash_str(&props.text)) {
                    s.live = props.text.clone();
                    s.pending.clear();
                }
            } else if props.text == s.live {
                s.pending.clear();
            }
            s.live.clone()
        };

        let lines = {
            let mut s = state.borrow_mut();
            match &s.lines {
                Some((t, l)) if *t == live => l.clone(),
                _ => {
                    let l = Rc::new(build_lines(&live));
                    s.lines = Some((live.clone(), l.clone()));
                    l
                }
            }
        };
        let n_lines = lines.n;

        // Diagnostics belong to `props.text`; place them on the live text's lines.
        let map = if live == props.text { None } else { Some(line_map(&props.text, &live)) };
        let place = |line: u32| match &map {
            None => (line >= 1 && line as usize <= n_lines).then_some(line),
            Some(m) => m.map(line),
        };
        // Per line: its decorated ranges and the flags of the whole line.
        // (line, decorated range) in diagnostic order; an empty range only flags its line.
        // Sorted (stably) by line below and read with a cursor while the lines are drawn: no
        // hash maps (each key/value type of one is a few KB of wasm).
        let mut decos: Vec<(u32, Deco)> = Vec::new();
        let mut gutter_marks: Vec<GutterMark> = Vec::new();
        let (mut errors, mut warnings) = (0usize, 0usize);
        for d in props.diagnostics.iter() {
            let error = d.severity == Severity::Error;
            if error {
                errors += 1;
            } else {
                warnings += 1;
            }
            let Some(line) = place(d.pos.line.max(1)) else { continue };
            let flag = if error { DECO_ERR } else { DECO_WARN };
            let spans = lines.spans.get(line as usize - 1).map_or(&[][..], Vec::as_slice);
            let (a, b) = token_range(spans, d.pos.col);
            decos.push((line, (a, b, flag)));
            let label = if error { "error" } else { "warning" };
            let title = format!("{label} ({line}:{}): {}", d.pos.col, d.message);
            gutter_marks.push(GutterMark { line, error, title });
        }
        // One marker per line: its diagnostics' messages in their order, an error if any is.
        crate::sort::by_key(&mut gutter_marks, |m| u64::from(m.line));
        gutter_marks.dedup_by(|next, kept| {
            if next.line != kept.line {
                return false;
            }
            kept.error |= next.error;
            kept.title.push('\n');
            kept.title.push_str(&next.title);
            true
        });
        let target = props.highlight.and_then(|(l, c)| place(l.max(1)).map(|l| (l, c)));
        if let Some((line, col)) = target {
            let spans = lines.spans.get(line as usize - 1).map_or(&[][..], Vec::as_slice);
            let (a, b) = token_range(spans, col);
            decos.push((line, (a, b, DECO_TARGET)));
        }
        crate::sort::by_key(&mut decos, |d| u64::from(d.0));
        let gutter_view = {
            let mut s = state.borrow_mut();
            match &s.gutter {
                Some((n, marks, view)) if *n == n_lines && *marks == gutter_marks => view.clone(),
                _ => {
                    let view = gutter(n_lines, &gutter_marks);
                    s.gutter = Some((n_lines, gutter_marks, view.clone()));
                    view
                }
            }
        };

        // One effect (each is its own code in the wasm): keep the layers aligned after every
        // render (a paste may have added lines after the textarea's own scroll event), and on a
        // new `highlight` select it and scroll it into view (without taking focus).
        {
            let (ta, pre, g, m) = (ta_ref.clone(), pre_ref.clone(), gutter_ref.clone(), measure_ref.clone());
            let (lines, state, highlight) = (lines.clone(), state.clone(), props.highlight);
            crate::web::share::use_after(Box::new(move || {
                sync_scroll(&ta, &pre, &g);
                let new = state.borrow().revealed != Some(highlight);
                if new {
                    state.borrow_mut().revealed = Some(highlight);
                    if let Some((line, col)) = target {
                        reveal(&ta, &pre, &m, &lines.spans, line, col);
                        sync_scroll(&ta, &pre, &g);
                    }
                }
            }));
        }

        let onscroll = {
            let (ta, pre, g) = (ta_ref.clone(), pre_ref.clone(), gutter_ref.clone());
            Callback::from(move |_: Event| sync_scroll(&ta, &pre, &g))
        };

        let oninput = {
            let (state, force, on_change) = (state.clone(), force.clone(), props.on_change.clone());
            Callback::from(move |e: InputEvent| {
                let ta: HtmlTextAreaElement = e.target_unchecked_into();
                took_input(&state, &force, &on_change, ta.value());
            })
        };

        // A paste over the API server's 3 MiB limit is refused before it reaches the textarea:
        // the browser alone needs seconds to lay out a multi-megabyte textarea (20 s for 10 MB
        // here, BENCHMARKS.md), and podlife would only answer with the size error anyway.
        let onpaste = {
            let on_too_large = props.on_too_large.clone();
            Callback::from(move |e: Event| {
                let Some(pasted) = e
                    .dyn_ref::<web_sys::ClipboardEvent>()
                    .and_then(|c| c.clipboard_data())
                    .and_then(|d| d.get_data("text/plain").ok())
                else {
                    return;
                };
                let ta: HtmlTextAreaElement = e.target_unchecked_into();
                let text = ta.value();
                let (start, end) = selection(&ta, &text);
                let size = pasted_size(text.len(), end.saturating_sub(start), pasted.len());
                if size > crate::source::MAX_INPUT_BYTES {
                    e.prevent_default();
                    on_too_large.emit(size);
                }
            })
        };

        // Drag and drop goes through the same limit as a paste. A dropped file replaces the
        // text (read with the File API once its size is known to be under the limit; the
        // browser would otherwise open it in place of the page); dropped text is inserted by
        // the browser unless the result would be over the limit.
        let ondragover = Callback::from(|e: DragEvent| {
            if e.data_transfer().is_some_and(|d| d.types().includes(&JsValue::from_str("Files"), 0)) {
                e.prevent_default();
            }
        });
        let ondrop = {
            let on_refused = props.on_drop_refused.clone();
            let (state, force, on_change) = (state.clone(), force.clone(), props.on_change.clone());
            let readonly = props.readonly;
            Callback::from(move |e: DragEvent| {
                let Some(dt) = e.data_transfer() else { return };
                let ta: HtmlTextAreaElement = e.target_unchecked_into();
                if let Some(file) = dt.files().and_then(|f| f.get(0)) {
                    e.prevent_default();
                    if readonly {
                        return;
                    }
                    let size = file.size();
                    if size > crate::source::MAX_INPUT_BYTES as f64 {
                        on_refused.emit(Some(size as usize));
                        return;
                    }
                    let (on_refused, state, force, on_change) =
                        (on_refused.clone(), state.clone(), force.clone(), on_change.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        let bytes = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
                            .await
                            .map(|b| js_sys::Uint8Array::new(&b).to_vec());
                        let Some(text) = bytes.ok().and_then(|b| String::from_utf8(b).ok()) else {
                            on_refused.emit(None);
                            return;
                        };
                        let _ = ta.focus();
                        ta.select();
                        // The undo history keeps the replaced text when the browser supports it.
                        if !exec_insert_text(&text) || ta.value() != text {
                            ta.set_value(&text);
                            took_input(&state, &force, &on_change, text);
                        }
                    });
                    return;
                }
                if let Ok(dropped) = dt.get_data("text/plain") {
                    let size = ta.value().len().saturating_add(dropped.len());
                    if size > crate::source::MAX_INPUT_BYTES {
                        e.prevent_default();
                        on_refused.emit(Some(size));
                    }
                }
            })
        };

        let onkeydown = {
            let (state, force, on_change) = (state.clone(), force.clone(), props.on_change.clone());
            let readonly = props.readonly;
            Callback::from(move |e: KeyboardEvent| {
                let key = e.key();
                if matches!(key.as_str(), "Shift" | "Control" | "Alt" | "Meta") {
                    return;
                }
                if key == "Escape" {
                    state.borrow_mut().escaped = true;
                    return;
                }
                let escaped = std::mem::take(&mut state.borrow_mut().escaped);
                if readonly || e.alt_key() {
                    return;
                }
                let ta: HtmlTextAreaElement = e.target_unchecked_into();
                let text = ta.value();
                let sel = selection(&ta, &text);
                let edit = match key.as_str() {
                    "Tab" if escaped || e.ctrl_key() || e.meta_key() => return,
                    "Tab" if e.shift_key() => {
                        e.prevent_default();
                        edit_outdent(&text, sel)
                    }
                    "Tab" => {
                        e.prevent_default();
                        Some(edit_tab(&text, sel))
                    }
                    "/" if e.ctrl_key() || e.meta_key() => {
                        e.prevent_default();
                        edit_toggle_comment(&text, sel)
                    }
                    _ => return,
                };
                if let Some(edit) = edit {
                    apply_edit(&ta, &text, &edit, &state, &force, &on_change);
                }
            })
        };
        let onblur = {
            let state = state.clone();
            Callback::from(move |_: FocusEvent| state.borrow_mut().escaped = false)
        };

        let has_errors = errors > 0;
        let summary = match (errors, warnings) {
            (0, 0) => "No problems in the editor.".to_string(),
            (e, w) => format!(
                "{} in the editor: {e} error{}, {w} warning{}.",
                if e + w == 1 { "1 problem".to_string() } else { format!("{} problems", e + w) },
                if e == 1 { "" } else { "s" },
                if w == 1 { "" } else { "s" }
            ),
        };
        let digits = n_lines.to_string().len().max(2);
        let gutter_style = format!("--ed-digits: {digits}");
        let label = (!props.label.is_empty()).then(|| props.label.clone());

        let mut next = decos.iter().peekable();
        let layer = el("div").class("ed-hl-in").cs((0..if lines.plain { 0 } else { n_lines }).map(|i| {
            // This line's decorated ranges (non-empty ones) and the flags of all its entries.
            let (mut ranges, mut flags) = (Vec::new(), 0u8);
            let n = i as u32 + 1;
            while let Some(&(line, (a, b, flag))) = next.next_if(|d| d.0 <= n) {
                if line == n {
                    if b > a {
                        ranges.push((a, b, flag));
                    }
                    flags |= flag;
                }
            }
            line(&lines.spans, i, ranges, flags, i + 1 < n_lines, lines.keys[i].clone())
        }));
        let ta = el("textarea")
            .a("id", "editor")
            .class("ed-ta")
            .node_ref(ta_ref)
            .a("wrap", "off")
            .a("spellcheck", "false")
            .a("autocomplete", "off")
            .a("autocapitalize", "off")
            .a("autocorrect", "off");
        let ta = if props.readonly { ta.a("readonly", "readonly") } else { ta };
        let ta = match label {
            Some(l) => ta.av("aria-label", l),
            None => ta,
        };
        let ta = ta.a("aria-invalid", if has_errors { "true" } else { "false" });
        let ta = if lines.plain { ta.a("style", "color: var(--fg); -webkit-text-fill-color: var(--fg)") } else { ta };
        let ta = ta
            .at("aria-describedby", format!("{problems_id} {hint_id}"))
            .oninput(oninput)
            .on(Rc::new(yew::html::onpaste::Wrapper::new(onpaste)))
            .on(Rc::new(yew::html::ondragover::Wrapper::new(ondragover)))
            .on(Rc::new(yew::html::ondrop::Wrapper::new(ondrop)))
            .on(Rc::new(yew::html::onscroll::Wrapper::new(onscroll)))
            .onkeydown(onkeydown)
            .on(Rc::new(yew::html::onblur::Wrapper::new(onblur)));
        el("div")
            .class(if props.readonly { "ed ed-readonly" } else { "ed" })
            .e(el("div")
                .class("ed-gutter")
                .node_ref(gutter_ref)
                .a("aria-hidden", "true")
                .at("style", gutter_style)
                .c(gutter_view))
            .e(el("div")
                .class("ed-body")
                .e(el("pre").class("ed-hl").node_ref(pre_ref).a("aria-hidden", "true").e(layer))
                .c(with_value(ta.h(), live)))
            .e(el("span").class("ed-measure").node_ref(measure_ref).a("aria-hidden", "true").t("0000000000"))
            .e(el("p").at("id", problems_id).class("ed-sr-only").ts(summary))
            .e(el("p").at("id", hint_id).class("ed-sr-only").t(if props.readonly {
                "Read-only."
            } else {
                "Tab inserts two spaces and Shift+Tab outdents; to leave the editor with the keyboard, \
                 press Escape, then Tab. Ctrl+/ (Cmd+/ on a Mac) comments or uncomments the selected lines."
            }))
            .h()
    }

    /// The textarea's selection as byte offsets of `text`.
    /// The text's size in bytes after a paste replaces the selection.
    fn pasted_size(text: usize, selected: usize, pasted: usize) -> usize {
        text.saturating_sub(selected).saturating_add(pasted)
    }

    fn selection(ta: &HtmlTextAreaElement, text: &str) -> (usize, usize) {
        let s = ta.selection_start().ok().flatten().unwrap_or(0);
        let e = ta.selection_end().ok().flatten().unwrap_or(s);
        (utf16_to_byte(text, s), utf16_to_byte(text, e))
    }

    /// The textarea now holds `value`: remember it, tell the parent, re-render.
    fn took_input(
        state: &Rc<RefCell<State>>,
        force: &UseForceUpdateHandle,
        on_change: &Callback<String>,
        value: String,
    ) {
        {
            let mut s = state.borrow_mut();
            if s.live.as_str() == value {
                return;
            }
            s.pending.push(hash_str(&value));
            if s.pending.len() > MAX_PENDING {
                s.pending.remove(0);
            }
            s.live = AttrValue::from(value.clone());
        }
        on_change.emit(value);
        force.force_update();
    }

    /// Applies a keyboard edit through the browser's editing commands (so Ctrl+Z undoes it),
    /// or by setting the value when the browser refuses; then selects `edit.sel`.
    fn apply_edit(
        ta: &HtmlTextAreaElement,
        text: &str,
        edit: &Edit,
        state: &Rc<RefCell<State>>,
        force: &UseForceUpdateHandle,
        on_change: &Callback<String>,
    ) {
        let expected = edit.apply(text);
        let _ = ta.set_selection_range(byte_to_utf16(text, edit.start), byte_to_utf16(text, edit.end));
        // The `input` event this fires reaches `oninput`, which calls `on_change`.
        let done = exec_insert_text(&edit.insert) && ta.value() == expected;
        if !done {
            ta.set_value(&expected);
        }
        // Idempotent when `oninput` already took it.
        took_input(state, force, on_change, expected.clone());
        let _ = ta.set_selection_range(byte_to_utf16(&expected, edit.sel.0), byte_to_utf16(&expected, edit.sel.1));
    }

    /// Selects the token at `line:col` and scrolls it into view, measuring the rendered line.
    fn reveal(ta: &NodeRef, pre: &NodeRef, measure: &NodeRef, spans: &[Vec<Span>], line: u32, col: u32) {
        let Some(ta) = ta.cast::<HtmlTextAreaElement>() else { return };
        let text = ta.value();
        let (a, b) = token_range(spans.get(line as usize - 1).map_or(&[][..], Vec::as_slice), col);
        if let (Some(s), Some(e)) = (line_col_to_byte(&text, line, a), line_col_to_byte(&text, line, b)) {
            let _ = ta.set_selection_range(byte_to_utf16(&text, s), byte_to_utf16(&text, e));
        }
        let line_el = pre
            .cast::<Element>()
            .and_then(|p| p.first_element_child())
            .and_then(|inner| inner.children().item(line - 1))
            .and_then(|l| l.dyn_into::<HtmlElement>().ok());
        if let Some(l) = line_el {
            let y = l.offset_top();
            let h = ta.client_height();
            if y < ta.scroll_top() || y + l.offset_height() > ta.scroll_top() + h {
                ta.set_scroll_top((y - h / 3).max(0));
            }
        }
        let ch = measure.cast::<HtmlElement>().map_or(8.0, |m| f64::from(m.offset_width()) / 10.0);
        let x = (f64::from(a.saturating_sub(1)) * ch) as i32;
        let w = ta.client_width();
        if x < ta.scroll_left() || x > ta.scroll_left() + w - 40 {
            ta.set_scroll_left((x - w / 3).max(0));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Tests (native: the pure half has no DOM)
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    /// `(kind, text)` pairs of one line, whitespace dropped.
    fn toks(line: &[Span]) -> Vec<(Tok, &str)> {
        line.iter().filter(|s| s.tok != Tok::Plain).map(|s| (s.tok, s.text.as_str())).collect()
    }

    fn joined(lines: &[Vec<Span>]) -> String {
        lines.iter().map(|l| l.iter().map(|s| s.text.as_str()).collect::<String>()).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn spans_reproduce_the_text() {
        for text in [
            "",
            "\n",
            "a: 1\n",
            "a: \"unterminated\nb: 2",
            "- [a, {b: c}]\n  # x\n---\n...\n",
            "key: |\n  one\n\n  two\nnext: é ü 😀 # c\n",
            "\t\ta:\tb\r\n",
            "{\"a\": [1, 2, {\"b\": null}]}",
            ": : : - - ? ] } , & * ! | >",
        ] {
            assert_eq!(joined(&highlight_yaml(text)), text);
            assert_eq!(highlight_yaml(text).len(), text.split('\n').count());
        }
    }

    #[test]
    fn a_pod_document() {
        let h = highlight_yaml(
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: web\n    ports:\n    - containerPort: 8080\n",
        );
        assert_eq!(toks(&h[0]), vec![(Tok::Key, "apiVersion"), (Tok::Punct, ":"), (Tok::Str, "v1")]);
        assert_eq!(toks(&h[4]), vec![(Tok::Dash, "-"), (Tok::Key, "name"), (Tok::Punct, ":"), (Tok::Str, "web")]);
        assert_eq!(
            toks(&h[6]),
            vec![(Tok::Dash, "-"), (Tok::Key, "containerPort"), (Tok::Punct, ":"), (Tok::Num, "8080")]
        );
        assert_eq!(h[7], vec![]);
    }

    #[test]
    fn documents_and_directives() {
        let h = highlight_yaml("%YAML 1.1\n---\na: 1\n--- # second\nb: 2\n...\n---x: 1\n");
        assert_eq!(toks(&h[0]), vec![(Tok::Directive, "%YAML 1.1")]);
        assert_eq!(toks(&h[1]), vec![(Tok::Doc, "---")]);
        assert_eq!(toks(&h[3]), vec![(Tok::Doc, "---"), (Tok::Comment, "# second")]);
        assert_eq!(toks(&h[5]), vec![(Tok::Doc, "...")]);
        // `---x` is not a marker.
        assert_eq!(toks(&h[6])[0], (Tok::Key, "---x"));
    }

    #[test]
    fn comments_and_hashes_inside_values() {
        let h = highlight_yaml("# top\na: b#c # real\nurl: http://x/#frag\nq: \"not # a comment\" # yes\n");
        assert_eq!(toks(&h[0]), vec![(Tok::Comment, "# top")]);
        assert_eq!(toks(&h[1]), vec![(Tok::Key, "a"), (Tok::Punct, ":"), (Tok::Str, "b#c"), (Tok::Comment, "# real")]);
        assert_eq!(toks(&h[2])[2], (Tok::Str, "http://x/#frag"));
        assert_eq!(
            toks(&h[3]),
            vec![(Tok::Key, "q"), (Tok::Punct, ":"), (Tok::Str, "\"not # a comment\""), (Tok::Comment, "# yes")]
        );
    }

    #[test]
    fn quoted_strings_and_keys() {
        let h = highlight_yaml("'it''s': 'a # b'\n\"k\\\"q\": \"v\\\\\"\nx: \"multi\n  line # still\n  end\" # c\n");
        assert_eq!(toks(&h[0]), vec![(Tok::Key, "'it''s'"), (Tok::Punct, ":"), (Tok::Str, "'a # b'")]);
        assert_eq!(toks(&h[1]), vec![(Tok::Key, "\"k\\\"q\""), (Tok::Punct, ":"), (Tok::Str, "\"v\\\\\"")]);
        assert_eq!(toks(&h[2])[2], (Tok::Str, "\"multi"));
        assert_eq!(toks(&h[3]), vec![(Tok::Str, "  line # still")]);
        assert_eq!(toks(&h[4]), vec![(Tok::Str, "  end\""), (Tok::Comment, "# c")]);
    }

    #[test]
    fn scalars_resolve_like_yaml_1_1() {
        for (s, t) in [
            ("8080", Tok::Num),
            ("-3", Tok::Num),
            ("0644", Tok::Num),
            ("0x1F", Tok::Num),
            ("1.5", Tok::Num),
            ("1e3", Tok::Num),
            (".inf", Tok::Num),
            ("1_000", Tok::Num),
            ("yes", Tok::Bool),
            ("Off", Tok::Bool),
            ("true", Tok::Bool),
            ("y", Tok::Bool),
            ("~", Tok::Null),
            ("null", Tok::Null),
            ("12abc", Tok::Str),
            ("1.2.3", Tok::Str),
            ("0x", Tok::Str),
            ("500m", Tok::Str),
            ("nginx:1.27", Tok::Str),
            ("-", Tok::Str),
            ("truely", Tok::Str),
        ] {
            assert_eq!(classify_plain(s), t, "{s}");
        }
    }

    #[test]
    fn flow_collections_and_json() {
        let h = highlight_yaml("a: {b: 1, c: [x, \"y\", true], d: ~}\n");
        assert_eq!(
            toks(&h[0]),
            vec![
                (Tok::Key, "a"),
                (Tok::Punct, ":"),
                (Tok::Punct, "{"),
                (Tok::Key, "b"),
                (Tok::Punct, ":"),
                (Tok::Num, "1"),
                (Tok::Punct, ","),
                (Tok::Key, "c"),
                (Tok::Punct, ":"),
                (Tok::Punct, "["),
                (Tok::Str, "x"),
                (Tok::Punct, ","),
                (Tok::Str, "\"y\""),
                (Tok::Punct, ","),
                (Tok::Bool, "true"),
                (Tok::Punct, "],"),
                (Tok::Key, "d"),
                (Tok::Punct, ":"),
                (Tok::Null, "~"),
                (Tok::Punct, "}"),
            ]
        );
        let json = "{\n  \"kind\": \"Pod\",\n  \"spec\": {\"containers\":[{\"name\":\"a\",\"ports\":[80]}]},\n  \"x\": -1.5e3\n}";
        let h = highlight_yaml(json);
        assert_eq!(toks(&h[0]), vec![(Tok::Punct, "{")]);
        assert_eq!(
            toks(&h[1]),
            vec![(Tok::Key, "\"kind\""), (Tok::Punct, ":"), (Tok::Str, "\"Pod\""), (Tok::Punct, ",")]
        );
        let l2 = toks(&h[2]);
        assert!(l2.contains(&(Tok::Key, "\"containers\"")), "{l2:?}");
        assert!(l2.contains(&(Tok::Key, "\"name\"")), "{l2:?}");
        assert!(l2.contains(&(Tok::Str, "\"a\"")), "{l2:?}");
        assert!(l2.contains(&(Tok::Num, "80")), "{l2:?}");
        assert_eq!(toks(&h[3]), vec![(Tok::Key, "\"x\""), (Tok::Punct, ":"), (Tok::Num, "-1.5e3")]);
        assert_eq!(toks(&h[4]), vec![(Tok::Punct, "}")]);
    }

    #[test]
    fn block_scalars_are_all_string() {
        let text = "cmd: |\n  echo \"hi\" # not a comment\n  key: not a key\n\n  - not a dash\nnext: 1\n\
                    - >-\n  folded: text\n- k: |+2\n    x: 1\n  y: 2\n--- |\ntop level: text\n---\nz: 1";
        let h = highlight_yaml(text);
        assert_eq!(toks(&h[0]), vec![(Tok::Key, "cmd"), (Tok::Punct, ":"), (Tok::Block, "|")]);
        for (i, line) in h.iter().enumerate().take(5).skip(1) {
            assert!(line.iter().all(|s| s.tok == Tok::Str), "line {i}: {line:?}");
        }
        assert_eq!(toks(&h[5]), vec![(Tok::Key, "next"), (Tok::Punct, ":"), (Tok::Num, "1")]);
        assert_eq!(toks(&h[6]), vec![(Tok::Dash, "-"), (Tok::Block, ">-")]);
        assert_eq!(toks(&h[7]), vec![(Tok::Str, "  folded: text")]);
        assert_eq!(toks(&h[8]), vec![(Tok::Dash, "-"), (Tok::Key, "k"), (Tok::Punct, ":"), (Tok::Block, "|+2")]);
        assert_eq!(toks(&h[9]), vec![(Tok::Str, "    x: 1")]);
        // Indented like `k`'s sibling: the scalar has ended.
        assert_eq!(toks(&h[10])[0], (Tok::Key, "y"));
        assert_eq!(toks(&h[11]), vec![(Tok::Doc, "---"), (Tok::Block, "|")]);
        assert_eq!(toks(&h[12]), vec![(Tok::Str, "top level: text")]);
        assert_eq!(toks(&h[13]), vec![(Tok::Doc, "---")]);
        assert_eq!(toks(&h[14])[0], (Tok::Key, "z"));
    }

    #[test]
    fn anchors_aliases_tags_and_merge_keys() {
        let h = highlight_yaml("base: &b {cpu: 1}\nother:\n  <<: *b\n  s: !!str 123\nl: [*b, &c x]\n");
        assert_eq!(toks(&h[0])[2], (Tok::Anchor, "&b"));
        assert_eq!(toks(&h[2]), vec![(Tok::Key, "<<"), (Tok::Punct, ":"), (Tok::Alias, "*b")]);
        assert_eq!(toks(&h[3])[2], (Tok::Tag, "!!str"));
        assert_eq!(
            toks(&h[4]),
            vec![
                (Tok::Key, "l"),
                (Tok::Punct, ":"),
                (Tok::Punct, "["),
                (Tok::Alias, "*b"),
                (Tok::Punct, ","),
                (Tok::Anchor, "&c"),
                (Tok::Str, "x"),
                (Tok::Punct, "]")
            ]
        );
    }

    #[test]
    fn a_document_marker_ends_an_unclosed_flow_or_quote() {
        let h = highlight_yaml("a: [1,\n---\nb: \"x\n---\nc: 1\n");
        assert_eq!(toks(&h[2])[0], (Tok::Key, "b"));
        assert_eq!(toks(&h[3]), vec![(Tok::Doc, "---")]);
        assert_eq!(toks(&h[4])[0], (Tok::Key, "c"));
    }

    #[test]
    fn large_documents_are_linear() {
        let unit = "- name: web\n  image: nginx:1.27 # pinned\n  ports: [{containerPort: 80}]\n  args: |\n    a\n";
        let text = unit.repeat(3000 / 5 * 10);
        let start = std::time::Instant::now();
        let h = highlight_yaml(&text);
        assert_eq!(h.len(), text.split('\n').count());
        assert!(start.elapsed().as_secs() < 2, "{:?}", start.elapsed());
        // One very long line of dashes and keys stays linear too.
        let long = "- ".repeat(200_000) + "k: |";
        assert_eq!(joined(&highlight_yaml(&long)), long);
    }

    #[test]
    fn token_ranges_run_to_the_end_of_the_token() {
        let h = highlight_yaml("  image: \"nginx:1\" # c\n");
        let l = &h[0];
        assert_eq!(token_range(l, 3), (3, 8)); // image
        assert_eq!(token_range(l, 5), (5, 8)); // from the column
        assert_eq!(token_range(l, 10), (10, 19)); // the quoted value
        assert_eq!(token_range(l, 9), (10, 19)); // whitespace moves to the next token
        assert_eq!(token_range(l, 1), (3, 8));
        assert_eq!(token_range(l, 40), (40, 40)); // past the end: nothing
        let u = highlight_yaml("é: ü1");
        assert_eq!(token_range(&u[0], 4), (4, 6));
    }

    #[test]
    fn decorations_split_spans_on_character_columns() {
        let h = highlight_yaml("ké: value");
        let d = decorate(&h[0], &[(5, 7, DECO_ERR), (6, 10, DECO_TARGET)]);
        assert_eq!(
            d,
            vec![
                (Tok::Key, "ké", 0),
                (Tok::Punct, ":", 0),
                (Tok::Plain, " ", 0),
                (Tok::Str, "v", DECO_ERR),
                (Tok::Str, "a", DECO_ERR | DECO_TARGET),
                (Tok::Str, "lue", DECO_TARGET),
            ]
        );
        assert_eq!(decorate(&h[0], &[]).len(), 4);
    }

    #[test]
    fn line_maps_keep_unchanged_lines() {
        let old = "a\nb\nc\nd\ne";
        assert_eq!((1..=5).map(|l| line_map(old, old).map(l)).collect::<Vec<_>>(), [1, 2, 3, 4, 5].map(Some));
        // A line inserted after `b`.
        let m = line_map(old, "a\nb\nnew\nc\nd\ne");
        assert_eq!((1..=5).map(|l| m.map(l)).collect::<Vec<_>>(), [Some(1), Some(2), Some(4), Some(5), Some(6)]);
        // `c` edited: its diagnostics are hidden until the parent catches up.
        let m = line_map(old, "a\nb\ncc\nd\ne");
        assert_eq!((1..=5).map(|l| m.map(l)).collect::<Vec<_>>(), [Some(1), Some(2), None, Some(4), Some(5)]);
        // Lines deleted.
        let m = line_map(old, "a\ne");
        assert_eq!((1..=5).map(|l| m.map(l)).collect::<Vec<_>>(), [Some(1), None, None, None, Some(2)]);
        assert_eq!(m.map(0), None);
        assert_eq!(m.map(9), None);
        // Repeated lines: the prefix wins.
        let m = line_map("x\nx", "x\nx\nx");
        assert_eq!((m.map(1), m.map(2)), (Some(1), Some(2)));
    }

    #[test]
    fn tab_inserts_two_spaces_or_indents_lines() {
        let t = "a: 1\nb:\n  c: 2\n";
        let e = edit_tab(t, (5, 5));
        assert_eq!(e.apply(t), "a: 1\n  b:\n  c: 2\n");
        assert_eq!(e.sel, (7, 7));
        let e = edit_tab(t, (0, 2));
        assert_eq!(e.apply(t), "   1\nb:\n  c: 2\n");
        let e = edit_tab(t, (2, 9));
        assert_eq!(e.apply(t), "  a: 1\n  b:\n    c: 2\n");
        assert_eq!(e.sel, (0, "  a: 1\n  b:\n    c: 2".len()));
    }

    #[test]
    fn shift_tab_outdents() {
        let t = "a:\n    b: 1\n c: 2\n";
        let e = edit_outdent(t, (9, 9)).expect("edit");
        assert_eq!(e.apply(t), "a:\n  b: 1\n c: 2\n");
        assert_eq!(e.sel, (7, 7));
        // The caret inside the removed spaces goes to where they were.
        let e = edit_outdent(t, (4, 4)).expect("edit");
        assert_eq!(e.sel, (3, 3));
        let e = edit_outdent(t, (3, 14)).expect("edit");
        assert_eq!(e.apply(t), "a:\n  b: 1\nc: 2\n");
        assert_eq!(edit_outdent(t, (1, 1)), None);
    }

    #[test]
    fn ctrl_slash_toggles_comments() {
        let t = "a:\n  b: 1\n\n  c: 2\nd: 3";
        let e = edit_toggle_comment(t, (5, 15)).expect("edit");
        let commented = e.apply(t);
        assert_eq!(commented, "a:\n  # b: 1\n\n  # c: 2\nd: 3");
        let e2 = edit_toggle_comment(&commented, e.sel).expect("edit");
        assert_eq!(e2.apply(&commented), t);
        // One line: the caret moves with its text.
        let e = edit_toggle_comment(t, (18, 18)).expect("edit");
        assert_eq!(e.apply(t), "a:\n  b: 1\n\n  c: 2\n# d: 3");
        assert_eq!(e.sel, (20, 20));
        // Mixed lines are commented, not uncommented.
        let m = "# a\nb";
        assert_eq!(edit_toggle_comment(m, (0, 5)).expect("edit").apply(m), "# # a\n# b");
        assert_eq!(edit_toggle_comment("", (0, 0)), None);
    }

    #[test]
    fn offsets_convert_between_utf16_and_bytes() {
        let t = "a😀é\nb";
        assert_eq!(utf16_to_byte(t, 0), 0);
        assert_eq!(utf16_to_byte(t, 1), 1);
        assert_eq!(utf16_to_byte(t, 3), 5);
        assert_eq!(utf16_to_byte(t, 4), 7);
        assert_eq!(utf16_to_byte(t, 99), t.len());
        assert_eq!(byte_to_utf16(t, 5), 3);
        assert_eq!(byte_to_utf16(t, 3), 1);
        assert_eq!(line_col_to_byte(t, 1, 3), Some(5));
        assert_eq!(line_col_to_byte(t, 2, 1), Some(8));
        assert_eq!(line_col_to_byte(t, 2, 9), Some(9));
        assert_eq!(line_col_to_byte(t, 3, 1), None);
    }
}
