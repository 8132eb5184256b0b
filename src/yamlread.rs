//! The general reader behind [`super::parse_stream`]: a YAML scanner and parser producing
//! positioned events: natively for the texts the fast path (`fastyaml`) declines, in the page's
//! wasm for every text.
//!
//! It follows yaml-rust2 0.13 (MIT OR Apache-2.0; itself a port of libyaml) step for step —
//! the same tokens, simple-key and indentation rules, event marks and error messages (which
//! are libyaml's, as go-yaml and so kubectl print them) — but reads from one decoded character
//! array instead of a generic character iterator with a look-ahead ring buffer, and keeps only
//! what podlife's tree builder uses. The differential tests in `source.rs` check it against
//! yaml-rust2 itself (a dev-dependency) event for event and error for error.

// This file is a derivative of yaml-rust2 0.13's scanner and parser, used under its MIT
// license (yaml-rust2 is MIT OR Apache-2.0), whose notice follows:
//
// Copyright (c) 2015 Chen Yuheng
// Copyright (c) 2023 Ethiraric
//
// Permission is hereby granted, free of charge, to any person obtaining a copy of this software
// and associated documentation files (the "Software"), to deal in the Software without
// restriction, including without limitation the rights to use, copy, modify, merge, publish,
// distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
// Software is furnished to do so, subject to the following conditions:
//
// The above copyright notice and this permission notice shall be included in all copies or
// substantial portions of the Software.
//
// THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING
// BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
// NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
// DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
// OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.

use std::collections::HashMap;

/// A position: character index, line (1-based) and column (0-based), as yaml-rust2 marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Mark {
    pub index: usize,
    pub line: usize,
    pub col: usize,
}

#[derive(Debug)]
pub(super) struct ScanError {
    pub mark: Mark,
    pub info: String,
}

type SR<T = ()> = Result<T, ScanError>;

#[inline(never)]
fn err<T>(mark: Mark, info: &str) -> SR<T> {
    Err(ScanError { mark, info: info.to_owned() })
}

/// A resolved tag: the prefix its handle stands for, and the suffix.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Tag {
    pub handle: String,
    pub suffix: String,
}

/// Parser events, with what the builder uses: scalars (text, whether plain, anchor id, tag),
/// collection starts (anchor id), aliases (anchor id).
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Event {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Alias(usize),
    Scalar(String, bool, usize, Option<Tag>),
    SequenceStart(usize),
    SequenceEnd,
    MappingStart(usize),
    MappingEnd,
}

enum Tok {
    StreamStart,
    StreamEnd,
    VersionDirective,
    TagDirective(String, String),
    DocumentStart,
    DocumentEnd,
    BlockSequenceStart,
    BlockMappingStart,
    BlockEnd,
    FlowSequenceStart,
    FlowSequenceEnd,
    FlowMappingStart,
    FlowMappingEnd,
    BlockEntry,
    FlowEntry,
    Key,
    Value,
    Alias(String),
    Anchor(String),
    Tag(String, String),
    /// Whether plain, and the text.
    Scalar(bool, String),
}

struct Token(Mark, Tok);

/// The scanner's token queue: `items[head..]`, a vector with a read index (no `VecDeque` code
/// in the wasm). Taken tokens leave a placeholder behind; the vector is emptied whenever the
/// queue is, and compacted when the taken part is over half of it, so memory stays linear.
struct Queue {
    items: Vec<Token>,
    head: usize,
}

impl Queue {
    fn len(&self) -> usize {
        self.items.len() - self.head
    }
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn push_back(&mut self, t: Token) {
        self.items.push(t);
    }
    fn back(&self) -> Option<&Token> {
        self.items[self.head..].last()
    }
    /// Inserts `t` at position `at` of the queue (at most its length).
    fn insert(&mut self, at: usize, t: Token) {
        self.items.insert(self.head + at.min(self.len()), t);
    }
    fn pop_front(&mut self) -> Option<Token> {
        let slot = self.items.get_mut(self.head)?;
        let t = std::mem::replace(slot, Token(slot.0, Tok::StreamEnd));
        self.head += 1;
        if self.head == self.items.len() {
            self.items.clear();
            self.head = 0;
        } else if self.head >= 64 && self.head * 2 >= self.items.len() {
            self.items = self.items.split_off(self.head);
            self.head = 0;
        }
        Some(t)
    }
}

#[derive(Clone, Copy)]
struct SimpleKey {
    possible: bool,
    required: bool,
    token_number: usize,
    mark: Mark,
}

const NO_KEY: SimpleKey =
    SimpleKey { possible: false, required: false, token_number: 0, mark: Mark { index: 0, line: 0, col: 0 } };

struct Indent {
    indent: isize,
    needs_block_end: bool,
}

fn is_break(c: char) -> bool {
    c == '\n' || c == '\r'
}
fn is_breakz(c: char) -> bool {
    is_break(c) || c == '\0'
}
fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}
fn is_blankz(c: char) -> bool {
    is_blank(c) || is_breakz(c)
}
fn is_alpha(c: char) -> bool {
    matches!(c, '0'..='9' | 'a'..='z' | 'A'..='Z' | '_' | '-')
}
fn is_flow(c: char) -> bool {
    matches!(c, ',' | '[' | ']' | '{' | '}')
}
fn is_anchor_char(c: char) -> bool {
    !is_blankz(c) && c != '\u{FEFF}' && !is_flow(c)
}
fn is_uri_char(c: char) -> bool {
    (is_alpha(c) && c != '_') || "#;/?:@&=+$,_.!~*'()[]%".contains(c)
}
fn is_tag_char(c: char) -> bool {
    is_uri_char(c) && !is_flow(c) && c != '!'
}

/// Line folding in flow and plain scalars: the breaks after a line become one space, or the
/// further (empty) lines' breaks.
fn fold(string: &mut String, leading_break: &mut String, trailing_breaks: &mut String) {
    if !leading_break.is_empty() && trailing_breaks.is_empty() {
        string.push(' ');
    }
    string.push_str(trailing_breaks);
    trailing_breaks.clear();
    leading_break.clear();
}

struct Scanner {
    chars: Vec<char>,
    mark: Mark,
    tokens: Queue,
    stream_start_produced: bool,
    stream_end_produced: bool,
    adjacent_value_allowed_at: usize,
    simple_key_allowed: bool,
    simple_keys: Vec<SimpleKey>,
    indent: isize,
    indents: Vec<Indent>,
    flow_level: u8,
    tokens_parsed: usize,
    token_available: bool,
    leading_whitespace: bool,
    flow_mapping_started: bool,
    implicit_flow_mapping: bool,
}

impl Scanner {
    /// The character `k` places after the cursor ('\0' past the end). One call in the wasm
    /// (it is read at a hundred places); inlined natively.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    fn at(&self, k: usize) -> char {
        self.chars.get(self.mark.index + k).copied().unwrap_or('\0')
    }
    #[inline]
    fn ch(&self) -> char {
        self.at(0)
    }
    fn skip_blank(&mut self) {
        self.mark.index += 1;
        self.mark.col += 1;
    }
    fn skip_non_blank(&mut self) {
        self.skip_n_non_blank(1);
    }
    fn skip_n_non_blank(&mut self, n: usize) {
        self.mark.index += n;
        self.mark.col += n;
        self.leading_whitespace = false;
    }
    fn skip_nl(&mut self) {
        self.mark.index += 1;
        self.mark.col = 0;
        self.mark.line += 1;
        self.leading_whitespace = true;
    }
    fn skip_linebreak(&mut self) {
        if self.ch() == '\r' && self.at(1) == '\n' {
            self.skip_blank();
            self.skip_nl();
        } else if is_break(self.ch()) {
            self.skip_nl();
        }
    }
    fn read_break(&mut self, s: &mut String) {
        self.skip_linebreak();
        s.push('\n');
    }
    /// `---` or `...` (`dots_only`: only `...`) followed by a blank, at the cursor.
    fn at_marker(&self, dots_only: bool) -> bool {
        let c = self.ch();
        (c == '.' || (c == '-' && !dots_only)) && self.at(1) == c && self.at(2) == c && is_blankz(self.at(3))
    }
    fn skip_to_breakz(&mut self) {
        while !is_breakz(self.ch()) {
            self.skip_non_blank();
        }
    }

    fn fetch_next_token(&mut self) -> SR {
        if !self.stream_start_produced {
            // fetch_stream_start
            self.indent = -1;
            self.stream_start_produced = true;
            self.simple_key_allowed = true;
            self.tokens.push_back(Token(self.mark, Tok::StreamStart));
            self.simple_keys.push(NO_KEY);
            return Ok(());
        }
        self.skip_to_next_token()?;
        self.stale_simple_keys()?;
        let mark = self.mark;
        self.unroll_indent(mark.col as isize);
        let c = self.ch();
        let nc = self.at(1);
        if c == '\0' {
            return self.fetch_stream_end();
        }
        if mark.col == 0 {
            if c == '%' {
                // fetch_directive
                self.unroll_indent(-1);
                self.remove_simple_key()?;
                self.simple_key_allowed = false;
                let tok = self.scan_directive()?;
                self.tokens.push_back(tok);
                return Ok(());
            }
            if self.at_marker(false) {
                let end = c == '.';
                self.fetch_document_indicator(if end { Tok::DocumentEnd } else { Tok::DocumentStart })?;
                if end {
                    self.skip_ws_to_eol(true)?;
                    if !is_breakz(self.ch()) {
                        return err(self.mark, "invalid content after document end marker");
                    }
                }
                return Ok(());
            }
        }
        if (mark.col as isize) < self.indent {
            return err(mark, "invalid indentation");
        }
        match c {
            '[' => self.fetch_flow_collection_start(Tok::FlowSequenceStart),
            '{' => self.fetch_flow_collection_start(Tok::FlowMappingStart),
            ']' => self.fetch_flow_collection_end(Tok::FlowSequenceEnd),
            '}' => self.fetch_flow_collection_end(Tok::FlowMappingEnd),
            ',' => {
                // fetch_flow_entry
                self.remove_simple_key()?;
                self.simple_key_allowed = true;
                self.end_implicit_mapping(self.mark);
                let start = self.mark;
                self.skip_non_blank();
                self.skip_ws_to_eol(true)?;
                self.tokens.push_back(Token(start, Tok::FlowEntry));
                Ok(())
            }
            '-' if is_blankz(nc) => self.fetch_block_entry(),
            '?' if is_blankz(nc) => self.fetch_key(),
            ':' if is_blankz(nc)
                || (self.flow_level > 0 && (is_flow(nc) || mark.index == self.adjacent_value_allowed_at)) =>
            {
                self.fetch_value()
            }
            '*' | '&' => {
                // fetch_anchor
                self.save_simple_key();
                self.simple_key_allowed = false;
                let mut string = String::new();
                self.skip_non_blank();
                while is_anchor_char(self.ch()) {
                    string.push(self.ch());
                    self.skip_non_blank();
                }
                if string.is_empty() {
                    return err(
                        mark,
                        "while scanning an anchor or alias, did not find expected alphabetic or numeric character",
                    );
                }
                let tok = if c == '*' { Tok::Alias(string) } else { Tok::Anchor(string) };
                self.tokens.push_back(Token(mark, tok));
                Ok(())
            }
            '!' => {
                // fetch_tag
                self.save_simple_key();
                self.simple_key_allowed = false;
                let tok = self.scan_tag()?;
                self.tokens.push_back(tok);
                Ok(())
            }
            '|' | '>' if self.flow_level == 0 => {
                self.save_simple_key();
                self.simple_key_allowed = true;
                let tok = self.scan_block_scalar(c == '|')?;
                self.tokens.push_back(tok);
                Ok(())
            }
            '\'' | '"' => {
                self.save_simple_key();
                self.simple_key_allowed = false;
                let tok = self.scan_flow_scalar(c == '\'')?;
                self.skip_to_next_token()?;
                self.adjacent_value_allowed_at = self.mark.index;
                self.tokens.push_back(tok);
                Ok(())
            }
            '%' | '@' | '`' => Err(ScanError { mark, info: format!("unexpected character: `{c}'") }),
            _ => self.fetch_plain_scalar(),
        }
    }

    fn next_token(&mut self) -> SR<Option<Token>> {
        if self.stream_end_produced {
            return Ok(None);
        }
        if !self.token_available {
            // fetch_more_tokens
            loop {
                let mut need_more = true;
                if !self.tokens.is_empty() {
                    self.stale_simple_keys()?;
                    let parsed = self.tokens_parsed;
                    need_more = self.simple_keys.iter().any(|sk| sk.possible && sk.token_number == parsed);
                }
                if !need_more {
                    break;
                }
                self.fetch_next_token()?;
            }
            self.token_available = true;
        }
        let Some(t) = self.tokens.pop_front() else {
            return err(self.mark, "did not find expected next token");
        };
        self.token_available = false;
        self.tokens_parsed += 1;
        if let Tok::StreamEnd = t.1 {
            self.stream_end_produced = true;
        }
        Ok(Some(t))
    }

    fn stale_simple_keys(&mut self) -> SR {
        for sk in &mut self.simple_keys {
            if sk.possible
                && self.flow_level == 0
                && (sk.mark.line < self.mark.line || sk.mark.index + 1024 < self.mark.index)
            {
                if sk.required {
                    return err(self.mark, "simple key expect ':'");
                }
                sk.possible = false;
            }
        }
        Ok(())
    }

    fn skip_to_next_token(&mut self) -> SR {
        loop {
            match self.ch() {
                '\t' if !self.indents.is_empty()
                    && self.leading_whitespace
                    && (self.mark.col as isize) < self.indent =>
                {
                    self.skip_ws_to_eol(true)?;
                    if !is_breakz(self.ch()) {
                        return err(self.mark, "tabs disallowed within this context (block indentation)");
                    }
                }
                '\t' | ' ' => self.skip_blank(),
                '\n' | '\r' => {
                    self.skip_linebreak();
                    if self.flow_level == 0 {
                        self.simple_key_allowed = true;
                    }
                }
                '#' => self.skip_to_breakz(),
                _ => return Ok(()),
            }
        }
    }

    /// Spaces (and tabs if `tabs`) and a comment; returns (found tabs, found spaces).
    fn skip_ws_to_eol(&mut self, tabs: bool) -> SR<(bool, bool)> {
        let (mut tab, mut ws) = (false, false);
        loop {
            match self.ch() {
                ' ' => {
                    ws = true;
                    self.skip_blank();
                }
                '\t' if tabs => {
                    tab = true;
                    self.skip_blank();
                }
                '#' if !tab && !ws => {
                    return err(self.mark, "comments must be separated from other tokens by whitespace");
                }
                '#' => self.skip_to_breakz(),
                _ => return Ok((tab, ws)),
            }
        }
    }

    fn fetch_stream_end(&mut self) -> SR {
        if self.mark.col != 0 {
            self.mark.col = 0;
            self.mark.line += 1;
        }
        for sk in &mut self.simple_keys {
            if sk.required && sk.possible {
                return err(self.mark, "simple key expected");
            }
            sk.possible = false;
        }
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        self.tokens.push_back(Token(self.mark, Tok::StreamEnd));
        Ok(())
    }

    fn scan_directive(&mut self) -> SR<Token> {
        let start = self.mark;
        self.skip_non_blank();
        // scan_directive_name
        let name_mark = self.mark;
        let mut name = String::new();
        while is_alpha(self.ch()) {
            name.push(self.ch());
            self.skip_non_blank();
        }
        if name.is_empty() {
            return err(name_mark, "while scanning a directive, could not find expected directive name");
        }
        if !is_blankz(self.ch()) {
            return err(name_mark, "while scanning a directive, found unexpected non-alphabetical character");
        }
        let tok = match name.as_str() {
            "YAML" => {
                while is_blank(self.ch()) {
                    self.skip_blank();
                }
                self.scan_version_directive_number(start)?;
                if self.ch() != '.' {
                    return err(start, "while scanning a YAML directive, did not find expected digit or '.' character");
                }
                self.skip_non_blank();
                self.scan_version_directive_number(start)?;
                Token(start, Tok::VersionDirective)
            }
            "TAG" => {
                while is_blank(self.ch()) {
                    self.skip_blank();
                }
                let handle = self.scan_tag_handle(true, start)?;
                while is_blank(self.ch()) {
                    self.skip_blank();
                }
                // scan_tag_prefix
                let mut prefix = String::new();
                if self.ch() == '!' {
                    prefix.push('!');
                    self.skip_non_blank();
                } else if !is_tag_char(self.ch()) {
                    return err(start, "invalid global tag character");
                } else if self.ch() == '%' {
                    prefix.push(self.scan_uri_escapes(start)?);
                } else {
                    prefix.push(self.ch());
                    self.skip_non_blank();
                }
                self.scan_uri_chars(&mut prefix, start, is_uri_char)?;
                if !is_blankz(self.ch()) {
                    return err(start, "while scanning TAG, did not find expected whitespace or line break");
                }
                Token(start, Tok::TagDirective(handle, prefix))
            }
            _ => {
                self.skip_to_breakz();
                Token(start, Tok::TagDirective(String::new(), String::new()))
            }
        };
        self.skip_ws_to_eol(true)?;
        if is_breakz(self.ch()) {
            self.skip_linebreak();
            Ok(tok)
        } else {
            err(start, "while scanning a directive, did not find expected comment or line break")
        }
    }

    fn scan_version_directive_number(&mut self, mark: Mark) -> SR {
        let mut length = 0usize;
        while self.ch().is_ascii_digit() {
            if length + 1 > 9 {
                return err(mark, "while scanning a YAML directive, found extremely long version number");
            }
            length += 1;
            self.skip_non_blank();
        }
        if length == 0 {
            return err(mark, "while scanning a YAML directive, did not find expected version number");
        }
        Ok(())
    }

    /// Characters satisfying `ok` (and `%` escapes) onto `s`; returns how many.
    fn scan_uri_chars(&mut self, s: &mut String, mark: Mark, ok: fn(char) -> bool) -> SR<usize> {
        let mut n = 0;
        while ok(self.ch()) {
            if self.ch() == '%' {
                s.push(self.scan_uri_escapes(mark)?);
            } else {
                s.push(self.ch());
                self.skip_non_blank();
            }
            n += 1;
        }
        Ok(n)
    }

    fn scan_tag(&mut self) -> SR<Token> {
        let start = self.mark;
        let mut handle = String::new();
        let mut suffix = String::new();
        if self.at(1) == '<' {
            // scan_verbatim_tag
            self.skip_n_non_blank(2);
            self.scan_uri_chars(&mut suffix, start, is_uri_char)?;
            if self.ch() != '>' {
                return err(start, "while scanning a verbatim tag, did not find the expected '>'");
            }
            self.skip_non_blank();
        } else {
            handle = self.scan_tag_handle(false, start)?;
            let named = handle.len() >= 2 && handle.ends_with('!');
            // scan_tag_shorthand_suffix: a primary handle's text is the suffix's start.
            let head = if named { "" } else { handle.as_str() };
            if head.len() > 1 {
                suffix.push_str(&head[1..]);
            }
            let n = head.len() + self.scan_uri_chars(&mut suffix, start, is_tag_char)?;
            if n == 0 {
                return err(start, "while parsing a tag, did not find expected tag URI");
            }
            if !named {
                handle = "!".to_owned();
                if suffix.is_empty() {
                    handle.clear();
                    suffix = "!".to_owned();
                }
            }
        }
        if is_blankz(self.ch()) || (self.flow_level > 0 && is_flow(self.ch())) {
            Ok(Token(start, Tok::Tag(handle, suffix)))
        } else {
            err(start, "while scanning a tag, did not find expected whitespace or line break")
        }
    }

    fn scan_tag_handle(&mut self, directive: bool, mark: Mark) -> SR<String> {
        if self.ch() != '!' {
            return err(mark, "while scanning a tag, did not find expected '!'");
        }
        let mut string = String::from("!");
        self.skip_non_blank();
        while is_alpha(self.ch()) {
            string.push(self.ch());
            self.skip_non_blank();
        }
        if self.ch() == '!' {
            string.push('!');
            self.skip_non_blank();
        } else if directive && string != "!" {
            return err(mark, "while parsing a tag directive, did not find expected '!'");
        }
        Ok(string)
    }

    fn scan_uri_escapes(&mut self, mark: Mark) -> SR<char> {
        let mut width = 0usize;
        let mut code = 0u32;
        loop {
            let (h, l) = (self.at(1).to_digit(16), self.at(2).to_digit(16));
            let (Some(h), Some(l), '%') = (h, l, self.ch()) else {
                return err(mark, "while parsing a tag, did not find URI escaped octet");
            };
            let octet = (h << 4) + l;
            if width == 0 {
                width = match octet {
                    _ if octet & 0x80 == 0x00 => 1,
                    _ if octet & 0xE0 == 0xC0 => 2,
                    _ if octet & 0xF0 == 0xE0 => 3,
                    _ if octet & 0xF8 == 0xF0 => 4,
                    _ => return err(mark, "while parsing a tag, found an incorrect leading UTF-8 octet"),
                };
                code = octet;
            } else {
                if octet & 0xc0 != 0x80 {
                    return err(mark, "while parsing a tag, found an incorrect trailing UTF-8 octet");
                }
                code = (code << 8) + octet;
            }
            self.skip_n_non_blank(3);
            width -= 1;
            if width == 0 {
                break;
            }
        }
        match char::from_u32(code) {
            Some(ch) => Ok(ch),
            None => err(mark, "while parsing a tag, found an invalid UTF-8 codepoint"),
        }
    }

    fn fetch_flow_collection_start(&mut self, tok: Tok) -> SR {
        self.save_simple_key();
        self.roll_one_col_indent();
        // increase_flow_level
        self.simple_keys.push(NO_KEY);
        let Some(level) = self.flow_level.checked_add(1) else {
            return err(self.mark, "recursion limit exceeded");
        };
        self.flow_level = level;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip_non_blank();
        if matches!(tok, Tok::FlowMappingStart) {
            self.flow_mapping_started = true;
        }
        self.skip_ws_to_eol(true)?;
        self.tokens.push_back(Token(start, tok));
        Ok(())
    }

    fn fetch_flow_collection_end(&mut self, tok: Tok) -> SR {
        self.remove_simple_key()?;
        if self.flow_level > 0 {
            self.flow_level -= 1;
            self.simple_keys.pop();
        }
        self.simple_key_allowed = false;
        self.end_implicit_mapping(self.mark);
        let start = self.mark;
        self.skip_non_blank();
        self.skip_ws_to_eol(true)?;
        if self.flow_level > 0 {
            self.adjacent_value_allowed_at = self.mark.index;
        }
        self.tokens.push_back(Token(start, tok));
        Ok(())
    }

    fn fetch_block_entry(&mut self) -> SR {
        if self.flow_level > 0 {
            return err(self.mark, r#""-" is only valid inside a block"#);
        }
        if !self.simple_key_allowed {
            return err(self.mark, "block sequence entries are not allowed in this context");
        }
        if let Some(Token(mark, Tok::Anchor(..) | Tok::Tag(..))) = self.tokens.back() {
            if self.mark.col == 0 && mark.col == 0 && self.indent > -1 {
                return err(*mark, "invalid indentation for anchor");
            }
        }
        let mark = self.mark;
        self.skip_non_blank();
        self.roll_indent(mark.col, None, Tok::BlockSequenceStart, mark);
        let (found_tabs, _) = self.skip_ws_to_eol(true)?;
        if found_tabs && self.ch() == '-' && is_blankz(self.at(1)) {
            return err(self.mark, "'-' must be followed by a valid YAML whitespace");
        }
        self.skip_ws_to_eol(false)?;
        if is_break(self.ch()) || is_flow(self.ch()) {
            self.roll_one_col_indent();
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        self.tokens.push_back(Token(self.mark, Tok::BlockEntry));
        Ok(())
    }

    fn fetch_document_indicator(&mut self, t: Tok) -> SR {
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let mark = self.mark;
        self.skip_n_non_blank(3);
        self.tokens.push_back(Token(mark, t));
        Ok(())
    }

    fn scan_block_scalar(&mut self, literal: bool) -> SR<Token> {
        let start_mark = self.mark;
        // Chomping: -1 strip, 0 clip, 1 keep.
        let mut chomping = 0i8;
        let mut increment: usize = 0;
        let mut indent: usize = 0;
        let mut leading_blank = false;
        let mut string = String::new();
        let mut leading_break = String::new();
        let mut trailing_breaks = String::new();
        let mut chomping_break = String::new();
        const ZERO: &str = "while scanning a block scalar, found an indentation indicator equal to 0";

        self.skip_non_blank();
        self.unroll_non_block_indents();
        let c = self.ch();
        if c == '+' || c == '-' {
            chomping = if c == '+' { 1 } else { -1 };
            self.skip_non_blank();
            if self.ch().is_ascii_digit() {
                if self.ch() == '0' {
                    return err(start_mark, ZERO);
                }
                increment = (self.ch() as usize) - ('0' as usize);
                self.skip_non_blank();
            }
        } else if c.is_ascii_digit() {
            if c == '0' {
                return err(start_mark, ZERO);
            }
            increment = (c as usize) - ('0' as usize);
            self.skip_non_blank();
            let c = self.ch();
            if c == '+' || c == '-' {
                chomping = if c == '+' { 1 } else { -1 };
                self.skip_non_blank();
            }
        }
        self.skip_ws_to_eol(true)?;
        if !is_breakz(self.ch()) {
            return err(start_mark, "while scanning a block scalar, did not find expected comment or line break");
        }
        if is_break(self.ch()) {
            self.read_break(&mut chomping_break);
        }
        if self.ch() == '\t' {
            return err(start_mark, "a block scalar content cannot start with a tab");
        }
        if increment > 0 {
            indent = if self.indent >= 0 { (self.indent + increment as isize) as usize } else { increment }
        }
        if indent == 0 {
            // skip_block_scalar_first_line_indent
            let mut max_indent = 0;
            loop {
                while self.ch() == ' ' {
                    self.skip_blank();
                }
                max_indent = max_indent.max(self.mark.col);
                if is_break(self.ch()) {
                    self.read_break(&mut trailing_breaks);
                } else {
                    break;
                }
            }
            indent = max_indent.max((self.indent + 1) as usize);
            if self.indent > 0 {
                indent = indent.max(1);
            }
        } else {
            self.skip_block_scalar_indent(indent, &mut trailing_breaks);
        }

        if self.ch() == '\0' {
            let contents = match chomping {
                -1 => String::new(),
                _ if self.mark.line == start_mark.line => String::new(),
                0 => chomping_break,
                _ if trailing_breaks.is_empty() => chomping_break,
                _ => trailing_breaks,
            };
            return Ok(Token(start_mark, Tok::Scalar(false, contents)));
        }

        if self.mark.col < indent && (self.mark.col as isize) > self.indent {
            return err(self.mark, "wrongly indented line in block scalar");
        }

        let start_mark = self.mark;
        while self.mark.col == indent && self.ch() != '\0' {
            if indent == 0 && self.at_marker(true) {
                break;
            }
            let trailing_blank = is_blank(self.ch());
            if !literal && !leading_break.is_empty() && !leading_blank && !trailing_blank {
                string.push_str(&trailing_breaks);
                if trailing_breaks.is_empty() {
                    string.push(' ');
                }
            } else {
                string.push_str(&leading_break);
                string.push_str(&trailing_breaks);
            }
            leading_break.clear();
            trailing_breaks.clear();
            leading_blank = is_blank(self.ch());
            while !is_breakz(self.ch()) {
                string.push(self.ch());
                self.skip_blank();
            }
            if self.ch() == '\0' {
                break;
            }
            self.read_break(&mut leading_break);
            self.skip_block_scalar_indent(indent, &mut trailing_breaks);
        }

        if chomping != -1 {
            string.push_str(&leading_break);
            if self.ch() == '\0' && self.mark.col >= indent.max(1) {
                string.push('\n');
            }
        }
        if chomping == 1 {
            string.push_str(&trailing_breaks);
        }
        Ok(Token(start_mark, Tok::Scalar(false, string)))
    }

    fn skip_block_scalar_indent(&mut self, indent: usize, breaks: &mut String) {
        loop {
            while self.mark.col < indent && self.ch() == ' ' {
                self.skip_blank();
            }
            if is_break(self.ch()) {
                self.read_break(breaks);
            } else {
                break;
            }
        }
    }

    fn scan_flow_scalar(&mut self, single: bool) -> SR<Token> {
        let start_mark = self.mark;
        let mut string = String::new();
        let mut leading_break = String::new();
        let mut trailing_breaks = String::new();
        let mut whitespaces = String::new();
        let quote = if single { '\'' } else { '"' };

        self.skip_non_blank();
        loop {
            if self.mark.col == 0 && self.at_marker(false) {
                return err(start_mark, "while scanning a quoted scalar, found unexpected document indicator");
            }
            if self.ch() == '\0' {
                return err(start_mark, "while scanning a quoted scalar, found unexpected end of stream");
            }
            if (self.mark.col as isize) < self.indent {
                return err(start_mark, "invalid indentation in quoted scalar");
            }
            let mut leading_blanks = false;
            // consume_flow_scalar_non_whitespace_chars
            while !is_blankz(self.ch()) {
                match self.ch() {
                    '\'' if single && self.at(1) == '\'' => {
                        string.push('\'');
                        self.skip_n_non_blank(2);
                    }
                    c if c == quote => break,
                    '\\' if !single && is_break(self.at(1)) => {
                        self.skip_non_blank();
                        self.skip_linebreak();
                        leading_blanks = true;
                        break;
                    }
                    '\\' if !single => string.push(self.escape(start_mark)?),
                    c => {
                        string.push(c);
                        self.skip_non_blank();
                    }
                }
            }
            if self.ch() == quote {
                break;
            }
            while is_blank(self.ch()) || is_break(self.ch()) {
                if is_blank(self.ch()) {
                    if leading_blanks {
                        if self.ch() == '\t' && (self.mark.col as isize) < self.indent {
                            return err(self.mark, "tab cannot be used as indentation");
                        }
                    } else {
                        whitespaces.push(self.ch());
                    }
                    self.skip_blank();
                } else if leading_blanks {
                    self.read_break(&mut trailing_breaks);
                } else {
                    whitespaces.clear();
                    self.read_break(&mut leading_break);
                    leading_blanks = true;
                }
            }
            if leading_blanks {
                fold(&mut string, &mut leading_break, &mut trailing_breaks);
            } else {
                string.push_str(&whitespaces);
                whitespaces.clear();
            }
        }
        self.skip_non_blank();
        self.skip_ws_to_eol(true)?;
        match self.ch() {
            ',' | '}' | ']' | ':' if self.flow_level > 0 => {}
            c if is_breakz(c) => {}
            ':' if start_mark.line == self.mark.line => {}
            _ => return err(self.mark, "invalid trailing content after double-quoted scalar"),
        }
        Ok(Token(start_mark, Tok::Scalar(false, string)))
    }

    fn escape(&mut self, start_mark: Mark) -> SR<char> {
        let mut code_length = 0usize;
        let mut ret = '\0';
        match self.at(1) {
            '0' => {}
            'a' => ret = '\x07',
            'b' => ret = '\x08',
            't' | '\t' => ret = '\t',
            'n' => ret = '\n',
            'v' => ret = '\x0b',
            'f' => ret = '\x0c',
            'r' => ret = '\x0d',
            'e' => ret = '\x1b',
            ' ' => ret = ' ',
            '"' => ret = '"',
            '/' => ret = '/',
            '\\' => ret = '\\',
            'N' => ret = '\u{85}',
            '_' => ret = '\u{a0}',
            'L' => ret = '\u{2028}',
            'P' => ret = '\u{2029}',
            'x' => code_length = 2,
            'u' => code_length = 4,
            'U' => code_length = 8,
            _ => return err(start_mark, "while parsing a quoted scalar, found unknown escape character"),
        }
        self.skip_n_non_blank(2);
        if code_length > 0 {
            let mut value = 0u32;
            for i in 0..code_length {
                let Some(d) = self.at(i).to_digit(16) else {
                    return err(start_mark, "while parsing a quoted scalar, did not find expected hexadecimal number");
                };
                value = (value << 4) + d;
            }
            let Some(ch) = char::from_u32(value) else {
                return err(start_mark, "while parsing a quoted scalar, found invalid Unicode character escape code");
            };
            ret = ch;
            self.skip_n_non_blank(code_length);
        }
        Ok(ret)
    }

    fn fetch_plain_scalar(&mut self) -> SR {
        self.save_simple_key();
        self.simple_key_allowed = false;
        let tok = self.scan_plain_scalar()?;
        self.tokens.push_back(tok);
        Ok(())
    }

    fn scan_plain_scalar(&mut self) -> SR<Token> {
        self.unroll_non_block_indents();
        let indent = self.indent + 1;
        let start_mark = self.mark;
        if self.flow_level > 0 && (start_mark.col as isize) < indent {
            return err(start_mark, "invalid indentation in flow construct");
        }
        let mut string = String::new();
        let mut leading_break = String::new();
        let mut trailing_breaks = String::new();
        let mut whitespaces = String::new();
        loop {
            if (self.mark.col == 0 && self.at_marker(false)) || self.ch() == '#' {
                break;
            }
            if self.flow_level > 0 && self.ch() == '-' && is_flow(self.at(1)) {
                return err(self.mark, "plain scalar cannot start with '-' followed by ,[]{}");
            }
            if !is_blankz(self.ch()) && self.next_can_be_plain_scalar() {
                if self.leading_whitespace {
                    fold(&mut string, &mut leading_break, &mut trailing_breaks);
                    self.leading_whitespace = false;
                } else if !whitespaces.is_empty() {
                    string.push_str(&whitespaces);
                    whitespaces.clear();
                }
                string.push(self.ch());
                self.skip_non_blank();
                while !is_blankz(self.ch()) && self.next_can_be_plain_scalar() {
                    string.push(self.ch());
                    self.skip_non_blank();
                }
            }
            if !(is_blank(self.ch()) || is_break(self.ch())) {
                break;
            }
            while is_blank(self.ch()) || is_break(self.ch()) {
                if is_blank(self.ch()) {
                    if !self.leading_whitespace {
                        whitespaces.push(self.ch());
                        self.skip_blank();
                    } else if (self.mark.col as isize) < indent && self.ch() == '\t' {
                        self.skip_ws_to_eol(true)?;
                        if !is_breakz(self.ch()) {
                            return err(start_mark, "while scanning a plain scalar, found a tab");
                        }
                    } else {
                        self.skip_blank();
                    }
                } else if self.leading_whitespace {
                    self.read_break(&mut trailing_breaks);
                } else {
                    whitespaces.clear();
                    self.read_break(&mut leading_break);
                    self.leading_whitespace = true;
                }
            }
            if self.flow_level == 0 && (self.mark.col as isize) < indent {
                break;
            }
        }
        if self.leading_whitespace {
            self.simple_key_allowed = true;
        }
        Ok(Token(start_mark, Tok::Scalar(true, string)))
    }

    fn fetch_key(&mut self) -> SR {
        let start_mark = self.mark;
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                return err(self.mark, "mapping keys are not allowed in this context");
            }
            self.roll_indent(start_mark.col, None, Tok::BlockMappingStart, start_mark);
        } else {
            self.flow_mapping_started = true;
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = self.flow_level == 0;
        self.skip_non_blank();
        // skip_yaml_whitespace
        let mut need_whitespace = true;
        loop {
            match self.ch() {
                ' ' => {
                    self.skip_blank();
                    need_whitespace = false;
                }
                '\n' | '\r' => {
                    self.skip_linebreak();
                    if self.flow_level == 0 {
                        self.simple_key_allowed = true;
                    }
                    need_whitespace = false;
                }
                '#' => self.skip_to_breakz(),
                _ => break,
            }
        }
        if need_whitespace {
            return err(self.mark, "expected whitespace");
        }
        if self.ch() == '\t' {
            return err(self.mark, "tabs disallowed in this context");
        }
        self.tokens.push_back(Token(start_mark, Tok::Key));
        Ok(())
    }

    fn fetch_value(&mut self) -> SR {
        let sk = self.simple_keys.last().copied().unwrap_or(NO_KEY);
        let start_mark = self.mark;
        self.implicit_flow_mapping = self.flow_level > 0 && !self.flow_mapping_started;
        self.skip_non_blank();
        if self.ch() == '\t' && !self.skip_ws_to_eol(true)?.1 && (self.ch() == '-' || is_alpha(self.ch())) {
            return err(self.mark, "':' must be followed by a valid YAML whitespace");
        }
        if sk.possible {
            let at = sk.token_number.saturating_sub(self.tokens_parsed);
            self.insert_token(at, Token(sk.mark, Tok::Key));
            if self.implicit_flow_mapping {
                if sk.mark.line < start_mark.line {
                    return err(start_mark, "illegal placement of ':' indicator");
                }
                self.insert_token(at, Token(self.mark, Tok::FlowMappingStart));
            }
            self.roll_indent(sk.mark.col, Some(sk.token_number), Tok::BlockMappingStart, start_mark);
            self.roll_one_col_indent();
            if let Some(last) = self.simple_keys.last_mut() {
                last.possible = false;
            }
            self.simple_key_allowed = false;
        } else {
            if self.implicit_flow_mapping {
                self.tokens.push_back(Token(self.mark, Tok::FlowMappingStart));
            }
            if self.flow_level == 0 {
                if !self.simple_key_allowed {
                    return err(start_mark, "mapping values are not allowed in this context");
                }
                self.roll_indent(start_mark.col, None, Tok::BlockMappingStart, start_mark);
            }
            self.roll_one_col_indent();
            self.simple_key_allowed = self.flow_level == 0;
        }
        self.tokens.push_back(Token(start_mark, Tok::Value));
        Ok(())
    }

    fn insert_token(&mut self, at: usize, tok: Token) {
        self.tokens.insert(at, tok);
    }

    fn roll_indent(&mut self, col: usize, number: Option<usize>, tok: Tok, mark: Mark) {
        if self.flow_level > 0 {
            return;
        }
        if self.indent <= col as isize {
            if let Some(indent) = self.indents.last() {
                if !indent.needs_block_end {
                    self.indent = indent.indent;
                    self.indents.pop();
                }
            }
        }
        if self.indent < col as isize {
            self.indents.push(Indent { indent: self.indent, needs_block_end: true });
            self.indent = col as isize;
            match number {
                Some(n) => self.insert_token(n.saturating_sub(self.tokens_parsed), Token(mark, tok)),
                None => self.tokens.push_back(Token(mark, tok)),
            }
        }
    }

    fn unroll_indent(&mut self, col: isize) {
        if self.flow_level > 0 {
            return;
        }
        while self.indent > col {
            let Some(indent) = self.indents.pop() else { break };
            self.indent = indent.indent;
            if indent.needs_block_end {
                self.tokens.push_back(Token(self.mark, Tok::BlockEnd));
            }
        }
    }

    fn roll_one_col_indent(&mut self) {
        if self.flow_level == 0 && self.indents.last().is_some_and(|i| i.needs_block_end) {
            self.indents.push(Indent { indent: self.indent, needs_block_end: false });
            self.indent += 1;
        }
    }

    fn unroll_non_block_indents(&mut self) {
        while let Some(indent) = self.indents.last() {
            if indent.needs_block_end {
                break;
            }
            self.indent = indent.indent;
            self.indents.pop();
        }
    }

    fn save_simple_key(&mut self) {
        if self.simple_key_allowed {
            let required = self.flow_level == 0
                && self.indent == (self.mark.col as isize)
                && self.indents.last().is_some_and(|i| i.needs_block_end);
            let sk = SimpleKey {
                possible: true,
                required,
                token_number: self.tokens_parsed + self.tokens.len(),
                mark: self.mark,
            };
            self.simple_keys.pop();
            self.simple_keys.push(sk);
        }
    }

    fn remove_simple_key(&mut self) -> SR {
        if let Some(last) = self.simple_keys.last_mut() {
            if last.possible && last.required {
                return err(self.mark, "simple key expected");
            }
            last.possible = false;
        }
        Ok(())
    }

    fn next_can_be_plain_scalar(&self) -> bool {
        match self.ch() {
            ':' if is_blankz(self.at(1)) || (self.flow_level > 0 && is_flow(self.at(1))) => false,
            c if self.flow_level > 0 && is_flow(c) => false,
            _ => true,
        }
    }

    fn end_implicit_mapping(&mut self, mark: Mark) {
        if self.implicit_flow_mapping {
            self.implicit_flow_mapping = false;
            self.flow_mapping_started = false;
            self.tokens.push_back(Token(mark, Tok::FlowMappingEnd));
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    StreamStart,
    ImplicitDocumentStart,
    DocumentStart,
    DocumentContent,
    DocumentEnd,
    BlockNode,
    BlockSequenceFirstEntry,
    BlockSequenceEntry,
    IndentlessSequenceEntry,
    BlockMappingFirstKey,
    BlockMappingKey,
    BlockMappingValue,
    FlowSequenceFirstEntry,
    FlowSequenceEntry,
    FlowSequenceEntryMappingKey,
    FlowSequenceEntryMappingValue,
    FlowSequenceEntryMappingEnd,
    FlowMappingFirstKey,
    FlowMappingKey,
    FlowMappingValue,
    FlowMappingEmptyValue,
    End,
}

/// The event parser (yaml-rust2's `Parser`, over [`Scanner`]).
pub(super) struct Parser {
    scanner: Scanner,
    states: Vec<State>,
    state: State,
    token: Option<Token>,
    /// Anchor names and their ids (numbered through the whole stream, from 1).
    anchors: HashMap<String, usize>,
    anchor_id: usize,
    /// The %TAG directives in force: handle → prefix.
    tags: Vec<(String, String)>,
}

type PR = SR<(Event, Mark)>;

fn empty() -> Event {
    Event::Scalar(String::new(), true, 0, None)
}

impl Parser {
    pub(super) fn new(text: &str) -> Parser {
        Parser {
            scanner: Scanner {
                chars: text.chars().collect(),
                mark: Mark { index: 0, line: 1, col: 0 },
                tokens: Queue { items: Vec::new(), head: 0 },
                stream_start_produced: false,
                stream_end_produced: false,
                adjacent_value_allowed_at: 0,
                simple_key_allowed: true,
                simple_keys: Vec::new(),
                indent: -1,
                indents: Vec::new(),
                flow_level: 0,
                tokens_parsed: 0,
                token_available: false,
                leading_whitespace: true,
                flow_mapping_started: false,
                implicit_flow_mapping: false,
            },
            states: Vec::new(),
            state: State::StreamStart,
            token: None,
            anchors: HashMap::new(),
            anchor_id: 1,
            tags: Vec::new(),
        }
    }

    fn peek_token(&mut self) -> SR<&Token> {
        if self.token.is_none() {
            let tok = match self.scanner.next_token()? {
                Some(tok) => tok,
                None => return err(self.scanner.mark, "unexpected eof"),
            };
            self.token = Some(tok);
        }
        match &self.token {
            Some(tok) => Ok(tok),
            None => err(self.scanner.mark, "unexpected eof"),
        }
    }

    /// The next token's kind and mark (the kind cloned only for small tokens).
    fn peek(&mut self) -> SR<(Mark, &Tok)> {
        let t = self.peek_token()?;
        Ok((t.0, &t.1))
    }

    fn fetch_token(&mut self) -> Option<Token> {
        self.token.take()
    }

    fn skip(&mut self) {
        self.token = None;
    }

    fn pop_state(&mut self) {
        self.state = self.states.pop().unwrap_or(State::End);
    }

    fn push_state(&mut self, state: State) {
        self.states.push(state);
    }

    /// The next event and its mark.
    pub(super) fn next_event(&mut self) -> PR {
        use State as S;
        match self.state {
            S::End => Ok((Event::StreamEnd, self.scanner.mark)),
            S::StreamStart => match self.peek()? {
                (mark, Tok::StreamStart) => {
                    self.state = S::ImplicitDocumentStart;
                    self.skip();
                    Ok((Event::StreamStart, mark))
                }
                (mark, _) => err(mark, "did not find expected <stream-start>"),
            },
            S::ImplicitDocumentStart => self.document_start(true),
            S::DocumentStart => self.document_start(false),
            S::DocumentContent => match self.peek()? {
                (
                    mark,
                    Tok::VersionDirective
                    | Tok::TagDirective(..)
                    | Tok::DocumentStart
                    | Tok::DocumentEnd
                    | Tok::StreamEnd,
                ) => {
                    self.pop_state();
                    Ok((empty(), mark))
                }
                _ => self.parse_node(true, false),
            },
            S::DocumentEnd => {
                let (mark, tok) = self.peek()?;
                if matches!(tok, Tok::DocumentEnd) {
                    self.skip();
                    self.state = S::ImplicitDocumentStart;
                } else {
                    if let (m, Tok::VersionDirective | Tok::TagDirective(..)) = self.peek()? {
                        return err(m, "missing explicit document end marker before directive");
                    }
                    self.state = S::DocumentStart;
                }
                self.tags.clear();
                Ok((Event::DocumentEnd, mark))
            }
            S::BlockNode => self.parse_node(true, false),
            S::BlockMappingFirstKey | S::BlockMappingKey => {
                if self.state == S::BlockMappingFirstKey {
                    self.peek()?;
                    self.skip();
                }
                match self.peek()? {
                    (_, Tok::Key) => {
                        self.skip();
                        if let (mark, Tok::Key | Tok::Value | Tok::BlockEnd) = self.peek()? {
                            self.state = S::BlockMappingValue;
                            Ok((empty(), mark))
                        } else {
                            self.push_state(S::BlockMappingValue);
                            self.parse_node(true, true)
                        }
                    }
                    (mark, Tok::Value) => {
                        self.state = S::BlockMappingValue;
                        Ok((empty(), mark))
                    }
                    (mark, Tok::BlockEnd) => {
                        self.pop_state();
                        self.skip();
                        Ok((Event::MappingEnd, mark))
                    }
                    (mark, _) => err(mark, "while parsing a block mapping, did not find expected key"),
                }
            }
            S::BlockMappingValue => match self.peek()? {
                (_, Tok::Value) => {
                    self.skip();
                    if let (mark, Tok::Key | Tok::Value | Tok::BlockEnd) = self.peek()? {
                        self.state = S::BlockMappingKey;
                        Ok((empty(), mark))
                    } else {
                        self.push_state(S::BlockMappingKey);
                        self.parse_node(true, true)
                    }
                }
                (mark, _) => {
                    self.state = S::BlockMappingKey;
                    Ok((empty(), mark))
                }
            },
            S::BlockSequenceFirstEntry | S::BlockSequenceEntry => {
                if self.state == S::BlockSequenceFirstEntry {
                    self.peek()?;
                    self.skip();
                }
                match self.peek()? {
                    (mark, Tok::BlockEnd) => {
                        self.pop_state();
                        self.skip();
                        Ok((Event::SequenceEnd, mark))
                    }
                    (_, Tok::BlockEntry) => {
                        self.skip();
                        if let (mark, Tok::BlockEntry | Tok::BlockEnd) = self.peek()? {
                            self.state = S::BlockSequenceEntry;
                            Ok((empty(), mark))
                        } else {
                            self.push_state(S::BlockSequenceEntry);
                            self.parse_node(true, false)
                        }
                    }
                    (mark, _) => err(mark, "while parsing a block collection, did not find expected '-' indicator"),
                }
            }
            S::IndentlessSequenceEntry => {
                let (mark, tok) = self.peek()?;
                if !matches!(tok, Tok::BlockEntry) {
                    self.pop_state();
                    return Ok((Event::SequenceEnd, mark));
                }
                self.skip();
                if let (mark, Tok::BlockEntry | Tok::Key | Tok::Value | Tok::BlockEnd) = self.peek()? {
                    self.state = S::IndentlessSequenceEntry;
                    Ok((empty(), mark))
                } else {
                    self.push_state(S::IndentlessSequenceEntry);
                    self.parse_node(true, false)
                }
            }
            S::FlowSequenceFirstEntry | S::FlowSequenceEntry => {
                let first = self.state == S::FlowSequenceFirstEntry;
                if first {
                    self.peek()?;
                    self.skip();
                }
                match self.peek()? {
                    (mark, Tok::FlowSequenceEnd) => {
                        self.pop_state();
                        self.skip();
                        return Ok((Event::SequenceEnd, mark));
                    }
                    (_, Tok::FlowEntry) if !first => self.skip(),
                    (mark, _) if !first => {
                        return err(mark, "while parsing a flow sequence, expected ',' or ']'");
                    }
                    _ => {}
                }
                match self.peek()? {
                    (mark, Tok::FlowSequenceEnd) => {
                        self.pop_state();
                        self.skip();
                        Ok((Event::SequenceEnd, mark))
                    }
                    (mark, Tok::Key) => {
                        self.state = S::FlowSequenceEntryMappingKey;
                        self.skip();
                        Ok((Event::MappingStart(0), mark))
                    }
                    _ => {
                        self.push_state(S::FlowSequenceEntry);
                        self.parse_node(false, false)
                    }
                }
            }
            S::FlowSequenceEntryMappingKey => {
                if let (mark, Tok::Value | Tok::FlowEntry | Tok::FlowSequenceEnd) = self.peek()? {
                    self.skip();
                    self.state = S::FlowSequenceEntryMappingValue;
                    Ok((empty(), mark))
                } else {
                    self.push_state(S::FlowSequenceEntryMappingValue);
                    self.parse_node(false, false)
                }
            }
            S::FlowSequenceEntryMappingValue => match self.peek()? {
                (_, Tok::Value) => {
                    self.skip();
                    if let (mark, Tok::FlowEntry | Tok::FlowSequenceEnd) = self.peek()? {
                        self.state = S::FlowSequenceEntryMappingEnd;
                        Ok((empty(), mark))
                    } else {
                        self.state = S::FlowSequenceEntryMappingValue;
                        self.push_state(S::FlowSequenceEntryMappingEnd);
                        self.parse_node(false, false)
                    }
                }
                (mark, _) => {
                    self.state = S::FlowSequenceEntryMappingEnd;
                    Ok((empty(), mark))
                }
            },
            S::FlowSequenceEntryMappingEnd => {
                self.state = S::FlowSequenceEntry;
                Ok((Event::MappingEnd, self.scanner.mark))
            }
            S::FlowMappingFirstKey | S::FlowMappingKey => self.flow_mapping_key(self.state == S::FlowMappingFirstKey),
            S::FlowMappingValue | S::FlowMappingEmptyValue => {
                if self.state == S::FlowMappingEmptyValue {
                    let mark = self.peek()?.0;
                    self.state = S::FlowMappingKey;
                    return Ok((empty(), mark));
                }
                let mark = match self.peek()? {
                    (marker, Tok::Value) => {
                        self.skip();
                        match self.peek()?.1 {
                            Tok::FlowEntry | Tok::FlowMappingEnd => {}
                            _ => {
                                self.push_state(S::FlowMappingKey);
                                return self.parse_node(false, false);
                            }
                        }
                        marker
                    }
                    (marker, _) => marker,
                };
                self.state = S::FlowMappingKey;
                Ok((empty(), mark))
            }
        }
    }

    fn document_start(&mut self, implicit: bool) -> PR {
        while let (_, Tok::DocumentEnd) = self.peek()? {
            self.skip();
        }
        match self.peek()? {
            (mark, Tok::StreamEnd) => {
                self.state = State::End;
                self.skip();
                Ok((Event::StreamEnd, mark))
            }
            (_, Tok::VersionDirective | Tok::TagDirective(..) | Tok::DocumentStart) => self.explicit_document_start(),
            (mark, _) if implicit => {
                self.process_directives()?;
                self.push_state(State::DocumentEnd);
                self.state = State::BlockNode;
                Ok((Event::DocumentStart, mark))
            }
            _ => self.explicit_document_start(),
        }
    }

    fn process_directives(&mut self) -> SR {
        let mut version_directive_received = false;
        loop {
            // As in yaml-rust2, each directive starts a new table: only the last one counts.
            let mut tags = Vec::new();
            match self.peek()? {
                (mark, Tok::VersionDirective) => {
                    if version_directive_received {
                        return err(mark, "duplicate version directive");
                    }
                    version_directive_received = true;
                }
                (_, Tok::TagDirective(handle, prefix)) => {
                    tags.push((handle.clone(), prefix.clone()));
                }
                _ => break,
            }
            self.tags = tags;
            self.skip();
        }
        Ok(())
    }

    fn explicit_document_start(&mut self) -> PR {
        self.process_directives()?;
        match self.peek()? {
            (mark, Tok::DocumentStart) => {
                self.push_state(State::DocumentEnd);
                self.state = State::DocumentContent;
                self.skip();
                Ok((Event::DocumentStart, mark))
            }
            (mark, _) => err(mark, "did not find expected <document start>"),
        }
    }

    fn register_anchor(&mut self, name: String) -> usize {
        let id = self.anchor_id;
        self.anchor_id += 1;
        self.anchors.insert(name, id);
        id
    }

    fn parse_node(&mut self, block: bool, indentless_sequence: bool) -> PR {
        let mut anchor_id = 0;
        let mut tag = None;
        match self.peek()? {
            (_, Tok::Alias(_)) => {
                self.pop_state();
                if let Some(Token(mark, Tok::Alias(name))) = self.fetch_token() {
                    return match self.anchors.get(&name) {
                        None => err(mark, "while parsing node, found unknown anchor"),
                        Some(id) => Ok((Event::Alias(*id), mark)),
                    };
                }
            }
            (_, Tok::Anchor(_)) => {
                if let Some(Token(mark, Tok::Anchor(name))) = self.fetch_token() {
                    anchor_id = self.register_anchor(name);
                    if let (_, Tok::Tag(..)) = self.peek()? {
                        if let Some(Token(_, Tok::Tag(handle, suffix))) = self.fetch_token() {
                            tag = Some(self.resolve_tag(mark, &handle, suffix)?);
                        }
                    }
                }
            }
            (_, Tok::Tag(..)) => {
                if let Some(Token(mark, Tok::Tag(handle, suffix))) = self.fetch_token() {
                    tag = Some(self.resolve_tag(mark, &handle, suffix)?);
                    if let (_, Tok::Anchor(_)) = self.peek()? {
                        if let Some(Token(_, Tok::Anchor(name))) = self.fetch_token() {
                            anchor_id = self.register_anchor(name);
                        }
                    }
                }
            }
            _ => {}
        }
        match self.peek()? {
            (mark, Tok::BlockEntry) if indentless_sequence => {
                self.state = State::IndentlessSequenceEntry;
                Ok((Event::SequenceStart(anchor_id), mark))
            }
            (_, Tok::Scalar(..)) => {
                self.pop_state();
                match self.fetch_token() {
                    Some(Token(mark, Tok::Scalar(plain, v))) => Ok((Event::Scalar(v, plain, anchor_id, tag), mark)),
                    _ => err(self.scanner.mark, "unexpected eof"),
                }
            }
            (mark, Tok::FlowSequenceStart) => {
                self.state = State::FlowSequenceFirstEntry;
                Ok((Event::SequenceStart(anchor_id), mark))
            }
            (mark, Tok::FlowMappingStart) => {
                self.state = State::FlowMappingFirstKey;
                Ok((Event::MappingStart(anchor_id), mark))
            }
            (mark, Tok::BlockSequenceStart) if block => {
                self.state = State::BlockSequenceFirstEntry;
                Ok((Event::SequenceStart(anchor_id), mark))
            }
            (mark, Tok::BlockMappingStart) if block => {
                self.state = State::BlockMappingFirstKey;
                Ok((Event::MappingStart(anchor_id), mark))
            }
            (mark, _) if tag.is_some() || anchor_id > 0 => {
                self.pop_state();
                Ok((Event::Scalar(String::new(), true, anchor_id, tag), mark))
            }
            (mark, _) => err(mark, "while parsing a node, did not find expected node content"),
        }
    }

    fn flow_mapping_key(&mut self, first: bool) -> PR {
        use State as S;
        if first {
            self.peek()?;
            self.skip();
        }
        let marker = match self.peek()? {
            (mark, Tok::FlowMappingEnd) => mark,
            (mark, _) => {
                if !first {
                    match self.peek()? {
                        (_, Tok::FlowEntry) => self.skip(),
                        (mark, _) => {
                            return err(mark, "while parsing a flow mapping, did not find expected ',' or '}'");
                        }
                    }
                }
                match self.peek()? {
                    (_, Tok::Key) => {
                        self.skip();
                        if let (mark, Tok::Value | Tok::FlowEntry | Tok::FlowMappingEnd) = self.peek()? {
                            self.state = S::FlowMappingValue;
                            return Ok((empty(), mark));
                        }
                        self.push_state(S::FlowMappingValue);
                        return self.parse_node(false, false);
                    }
                    (marker, Tok::Value) => {
                        self.state = S::FlowMappingValue;
                        return Ok((empty(), marker));
                    }
                    (_, Tok::FlowMappingEnd) => {}
                    _ => {
                        self.push_state(S::FlowMappingEmptyValue);
                        return self.parse_node(false, false);
                    }
                }
                mark
            }
        };
        self.pop_state();
        self.skip();
        Ok((Event::MappingEnd, marker))
    }

    fn resolve_tag(&self, mark: Mark, handle: &str, suffix: String) -> SR<Tag> {
        let find = |h: &str| self.tags.iter().find(|(k, _)| k == h).map(|(_, p)| p.clone());
        let handle = if handle == "!!" {
            find("!!").unwrap_or_else(|| "tag:yaml.org,2002:".to_owned())
        } else if handle.is_empty() && suffix == "!" {
            find("").unwrap_or_default()
        } else if let Some(prefix) = find(handle) {
            prefix
        } else if handle.len() >= 2 && handle.starts_with('!') && handle.ends_with('!') {
            return err(mark, "the handle wasn't declared");
        } else {
            handle.to_owned()
        };
        Ok(Tag { handle, suffix })
    }
}
