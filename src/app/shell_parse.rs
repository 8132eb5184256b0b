//! Lexer and parser for the POSIX-sh subset run by [`super::shell`].
//!
//! Grammar (POSIX XCU 2.10, simplified): lists with `;` `&` newlines, `&&`/`||`, pipelines
//! with `!`, simple commands with assignments and redirections, `if/elif/else/fi`,
//! `while`/`until`, `for x [in …]`, `{ …; }`, `( … )`, `name() { …; }`. Not supported (reported
//! as "not simulated"): `case`, here-documents, globbing, arithmetic beyond + - * / % and comparisons.
//!
//! The parser emits the interpreter's [`Op`]s as it goes (no syntax tree in between): a simple
//! command is held until the token after it says where it goes (a pipeline stage, a background
//! job, or a command of its own); compound commands are emitted in place, their jumps patched.

use std::fmt;
use std::sync::Arc;

/// One piece of a word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Literal text; `quoted` text is never field-split.
    Lit { text: String, quoted: bool },
    /// `$name`, `${name}`, `${name:-default}`, `$?`, `$1`, …
    Var { name: String, quoted: bool, default: Option<(String, bool)> },
    /// `$(…)` or backquotes.
    Cmd { src: String, quoted: bool },
    /// `$((…))`.
    Arith { src: String, quoted: bool },
}

/// A shell word (before expansion).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Word(pub Vec<Part>);

impl Word {
    /// The literal text if the word has no expansions (quotes removed).
    pub fn literal(&self) -> Option<String> {
        let mut s = String::new();
        for p in &self.0 {
            match p {
                Part::Lit { text, .. } => s.push_str(text),
                _ => return None,
            }
        }
        Some(s)
    }

    /// The text if the word is one unquoted literal (how reserved words are recognised).
    fn bare(&self) -> Option<&str> {
        match self.0.as_slice() {
            [Part::Lit { text, quoted: false }] => Some(text),
            _ => None,
        }
    }

    pub fn lit(text: &str) -> Word {
        Word(vec![Part::Lit { text: text.to_string(), quoted: true }])
    }
}

/// Redirection operator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RedirOp {
    /// `>` (truncate)
    Out,
    /// `>>`
    Append,
    /// `<`
    In,
    /// `>&N` / `<&N`
    Dup(u32),
    /// `&>` (bash: stdout and stderr)
    Both,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redir {
    pub fd: u32,
    pub op: RedirOp,
    pub target: Word,
}

/// A simple command.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Simple {
    pub assigns: Vec<(String, Word)>,
    pub words: Vec<Word>,
    pub redirs: Vec<Redir>,
    /// The last command of a `sh -c` string (eligible for the exec-last-command optimisation).
    pub tail: bool,
}

/// One operation of a compiled script, run by [`super::shell`].
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    Cmd(Arc<Simple>),
    Bg(Arc<Simple>),
    Pipe(Arc<Vec<Simple>>),
    Jmp(usize),
    JmpIfOk(usize),
    JmpIfFail(usize),
    Not,
    SetStatus(i32),
    ForInit { words: Option<Arc<Vec<Word>>> },
    ForNext { slot: usize, var: String, end: usize },
    SubStart { end: usize },
    SubEnd,
    Func { name: String, end: usize },
    Return,
    TrapReturn,
    Halt,
}

/// An enclosing loop: where `continue` jumps, and the `break` jumps to patch at its end.
struct LoopCtx {
    cont: usize,
    breaks: Vec<usize>,
}

/// What a command parsed to: a simple command not emitted yet (where it goes depends on the
/// token after it), or ops already emitted, with the index of the `Op::Cmd` that is in tail
/// position if the construct is (for the exec-last-command optimisation).
enum Parsed {
    Simple(Simple),
    Emitted(Option<usize>),
}

/// A syntax error, formatted like BusyBox ash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    /// True when the input uses a feature this subset does not implement (not a real error).
    pub unsupported: bool,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

fn syntax(msg: &str) -> ParseError {
    ParseError { message: format!("syntax error: {msg}"), unsupported: false }
}

fn unsupported(msg: &str) -> ParseError {
    ParseError { message: msg.to_string(), unsupported: true }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Word(Word),
    Semi,
    Newline,
    Amp,
    AndIf,
    OrIf,
    Pipe,
    LParen,
    RParen,
    Redir(u32, RedirOp),
}

const MAX_INPUT: usize = 64 * 1024;
const MAX_DEPTH: usize = 64;

/// Splits `src` into tokens.
fn lex(src: &str) -> Result<Vec<Tok>, ParseError> {
    if src.len() > MAX_INPUT {
        return Err(unsupported("script longer than 64 KiB"));
    }
    let chars: Vec<char> = src.chars().collect();
    let mut i = 0;
    let mut toks = Vec::new();
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' | '\r' => i += 1,
            '\\' if chars.get(i + 1) == Some(&'\n') => i += 2,
            '\n' => {
                toks.push(Tok::Newline);
                i += 1;
            }
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            ';' => {
                if chars.get(i + 1) == Some(&';') {
                    return Err(unsupported("case … esac is not simulated"));
                }
                toks.push(Tok::Semi);
                i += 1;
            }
            '&' => {
                if chars.get(i + 1) == Some(&'&') {
                    toks.push(Tok::AndIf);
                    i += 2;
                } else if chars.get(i + 1) == Some(&'>') {
                    toks.push(Tok::Redir(1, RedirOp::Both));
                    i += 2;
                } else {
                    toks.push(Tok::Amp);
                    i += 1;
                }
            }
            '|' => {
                if chars.get(i + 1) == Some(&'|') {
                    toks.push(Tok::OrIf);
                    i += 2;
                } else {
                    toks.push(Tok::Pipe);
                    i += 1;
                }
            }
            '(' => {
                toks.push(Tok::LParen);
                i += 1;
            }
            ')' => {
                toks.push(Tok::RParen);
                i += 1;
            }
            '>' | '<' => {
                let (op, len) = redir_op(&chars, i)?;
                let default_fd = if c == '<' { 0 } else { 1 };
                toks.push(Tok::Redir(default_fd, op));
                i += len;
            }
            c if c.is_ascii_digit() && {
                let mut j = i;
                while j < chars.len() && chars[j].is_ascii_digit() {
                    j += 1;
                }
                matches!(chars.get(j), Some('>') | Some('<')) && (i == 0 || !is_word_char(chars[i - 1]))
            } =>
            {
                let mut j = i;
                while chars[j].is_ascii_digit() {
                    j += 1;
                }
                let fd: u32 = chars[i..j].iter().collect::<String>().parse().unwrap_or(1);
                let (op, len) = redir_op(&chars, j)?;
                toks.push(Tok::Redir(fd, op));
                i = j + len;
            }
            _ => {
                let (w, next) = lex_word(&chars, i)?;
                toks.push(Tok::Word(w));
                i = next;
            }
        }
    }
    Ok(toks)
}

fn is_word_char(c: char) -> bool {
    !matches!(c, ' ' | '\t' | '\n' | ';' | '&' | '|' | '(' | ')' | '<' | '>')
}

fn redir_op(chars: &[char], i: usize) -> Result<(RedirOp, usize), ParseError> {
    let c = chars[i];
    let next = chars.get(i + 1).copied();
    Ok(match (c, next) {
        ('>', Some('>')) => (RedirOp::Append, 2),
        ('>', Some('&')) | ('<', Some('&')) => {
            let mut j = i + 2;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            if j == i + 2 {
                if chars.get(j) == Some(&'-') {
                    return Ok((RedirOp::Dup(u32::MAX), 3));
                }
                return Err(syntax("bad fd number"));
            }
            let n: u32 = chars[i + 2..j].iter().collect::<String>().parse().unwrap_or(1);
            (RedirOp::Dup(n), j - i)
        }
        ('>', Some('|')) => (RedirOp::Out, 2),
        ('>', _) => (RedirOp::Out, 1),
        ('<', Some('<')) => return Err(unsupported("here-documents are not simulated")),
        ('<', _) => (RedirOp::In, 1),
        _ => return Err(syntax("unexpected redirection")),
    })
}

/// Reads one word starting at `i`; returns it and the index after it.
fn lex_word(chars: &[char], mut i: usize) -> Result<(Word, usize), ParseError> {
    let mut parts: Vec<Part> = Vec::new();
    let mut lit = String::new();
    let flush = |lit: &mut String, parts: &mut Vec<Part>, quoted: bool| {
        if !lit.is_empty() {
            parts.push(Part::Lit { text: std::mem::take(lit), quoted });
        }
    };
    while i < chars.len() && is_word_char(chars[i]) {
        let c = chars[i];
        match c {
            '\'' => {
                flush(&mut lit, &mut parts, false);
                let start = i + 1;
                let end = (start..chars.len())
                    .find(|&j| chars[j] == '\'')
                    .ok_or_else(|| syntax("unterminated quoted string"))?;
                parts.push(Part::Lit { text: chars[start..end].iter().collect(), quoted: true });
                i = end + 1;
            }
            '"' => {
                flush(&mut lit, &mut parts, false);
                i += 1;
                // An empty "" must still produce an (empty) field.
                parts.push(Part::Lit { text: String::new(), quoted: true });
                loop {
                    let Some(&c) = chars.get(i) else {
                        return Err(syntax("unterminated quoted string"));
                    };
                    match c {
                        '"' => {
                            i += 1;
                            break;
                        }
                        '\\' => {
                            match chars.get(i + 1) {
                                Some(&n @ ('$' | '`' | '"' | '\\')) => lit.push(n),
                                Some('\n') => {}
                                Some(&n) => {
                                    lit.push('\\');
                                    lit.push(n);
                                }
                                None => lit.push('\\'),
                            }
                            i += 2;
                        }
                        '$' | '`' => {
                            if let Some((p, next)) = lex_dollar(chars, i, true)? {
                                flush(&mut lit, &mut parts, true);
                                parts.push(p);
                                i = next;
                            } else {
                                lit.push('$');
                                i += 1;
                            }
                        }
                        c => {
                            lit.push(c);
                            i += 1;
                        }
                    }
                }
                flush(&mut lit, &mut parts, true);
            }
            '\\' => {
                flush(&mut lit, &mut parts, false);
                if let Some(&n) = chars.get(i + 1) {
                    if n != '\n' {
                        parts.push(Part::Lit { text: n.to_string(), quoted: true });
                    }
                }
                i += 2;
            }
            '$' | '`' => {
                if let Some((p, next)) = lex_dollar(chars, i, false)? {
                    flush(&mut lit, &mut parts, false);
                    parts.push(p);
                    i = next;
                } else {
                    lit.push('$');
                    i += 1;
                }
            }
            c => {
                lit.push(c);
                i += 1;
            }
        }
    }
    flush(&mut lit, &mut parts, false);
    Ok((Word(parts), i))
}

/// Finds the index of the `)` closing the `(` just before `i`, honouring quotes.
fn matching_paren(chars: &[char], mut i: usize) -> Option<usize> {
    let mut depth = 1usize;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '\'' => {
                i += 1;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
            }
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Lexes `$…` or a backquoted command at `i`. None = a lone `$`.
fn lex_dollar(chars: &[char], i: usize, quoted: bool) -> Result<Option<(Part, usize)>, ParseError> {
    if chars[i] == '`' {
        let end = (i + 1..chars.len()).find(|&j| chars[j] == '`').ok_or_else(|| syntax("unterminated `"))?;
        let src = chars[i + 1..end].iter().collect();
        return Ok(Some((Part::Cmd { src, quoted }, end + 1)));
    }
    match chars.get(i + 1) {
        Some('(') if chars.get(i + 2) == Some(&'(') => {
            let close = matching_paren(chars, i + 3).ok_or_else(|| syntax("missing ))"))?;
            if chars.get(close + 1) != Some(&')') {
                return Err(syntax("missing ))"));
            }
            let src = chars[i + 3..close].iter().collect();
            Ok(Some((Part::Arith { src, quoted }, close + 2)))
        }
        Some('(') => {
            let close = matching_paren(chars, i + 2).ok_or_else(|| syntax("missing )"))?;
            let src = chars[i + 2..close].iter().collect();
            Ok(Some((Part::Cmd { src, quoted }, close + 1)))
        }
        Some('{') => {
            let close = (i + 2..chars.len()).find(|&j| chars[j] == '}').ok_or_else(|| syntax("missing '}'"))?;
            let inner: String = chars[i + 2..close].iter().collect();
            let name_len = inner.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(inner.len());
            // No name: the first character is the (special) parameter's name.
            let name_len = if name_len == 0 { inner.chars().next().map_or(0, char::len_utf8) } else { name_len };
            let (name, rest) = inner.split_at(name_len);
            let default = if rest.is_empty() {
                None
            } else if let Some(d) = rest.strip_prefix(":-") {
                Some((d.to_string(), true))
            } else if let Some(d) = rest.strip_prefix('-') {
                Some((d.to_string(), false))
            } else {
                return Err(unsupported(&format!("${{{inner}}}: parameter expansion not simulated")));
            };
            Ok(Some((Part::Var { name: name.to_string(), quoted, default }, close + 1)))
        }
        Some(&c) if c.is_ascii_alphabetic() || c == '_' => {
            let mut j = i + 1;
            while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            let name = chars[i + 1..j].iter().collect();
            Ok(Some((Part::Var { name, quoted, default: None }, j)))
        }
        Some(&c) if c.is_ascii_digit() || matches!(c, '?' | '$' | '!' | '#' | '@' | '*' | '-') => {
            Ok(Some((Part::Var { name: c.to_string(), quoted, default: None }, i + 2)))
        }
        _ => Ok(None),
    }
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    depth: usize,
    code: Vec<Op>,
    loops: Vec<LoopCtx>,
}

const TERMINATORS: &[&str] = &["then", "else", "elif", "fi", "do", "done", "}", "esac"];

/// Parses a whole script and appends its ops to `code` (jump targets are indices in `code`).
/// On an error `code` is left as it was.
///
/// The command in tail position of the top-level list is marked (§1.5 of
/// image-behaviours.md: `;`, `&&`, `||` pass "EV_EXIT" to their right-hand side).
pub fn parse(src: &str, code: &mut Vec<Op>) -> Result<(), ParseError> {
    let toks = lex(src)?;
    let start = code.len();
    let mut p = Parser { toks, pos: 0, depth: 0, code: std::mem::take(code), loops: Vec::new() };
    let mut r = p.list();
    if r.is_ok() && p.pos < p.toks.len() {
        r = Err(p.unexpected(""));
    }
    *code = p.code;
    match r {
        Ok(tail) => {
            if let Some(Op::Cmd(s)) = tail.and_then(|i| code.get_mut(i)) {
                if let Some(s) = Arc::get_mut(s) {
                    s.tail = true;
                }
            }
            Ok(())
        }
        Err(e) => {
            code.truncate(start);
            Err(e)
        }
    }
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn peek_keyword(&self) -> Option<&str> {
        match self.peek() {
            Some(Tok::Word(w)) => w.bare(),
            _ => None,
        }
    }

    fn describe(&self) -> String {
        match self.peek() {
            None => "end of file".into(),
            Some(Tok::Word(w)) => format!("word {:?}", w.literal().unwrap_or_default()),
            Some(Tok::Semi) => "\";\"".into(),
            Some(Tok::Newline) => "newline".into(),
            Some(Tok::Amp) => "\"&\"".into(),
            Some(Tok::AndIf) => "\"&&\"".into(),
            Some(Tok::OrIf) => "\"||\"".into(),
            Some(Tok::Pipe) => "\"|\"".into(),
            Some(Tok::LParen) => "\"(\"".into(),
            Some(Tok::RParen) => "\")\"".into(),
            Some(Tok::Redir(..)) => "redirection".into(),
        }
    }

    /// "syntax error: unexpected <the current token><rest>".
    fn unexpected(&self, rest: &str) -> ParseError {
        ParseError { message: format!("syntax error: unexpected {}{rest}", self.describe()), unsupported: false }
    }

    fn skip_newlines(&mut self) {
        while matches!(self.peek(), Some(Tok::Newline)) {
            self.pos += 1;
        }
    }

    fn expect_keyword(&mut self, kw: &str) -> Result<(), ParseError> {
        self.skip_newlines();
        if self.peek_keyword() == Some(kw) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.unexpected(&format!(" (expecting \"{kw}\")")))
        }
    }

    fn at_list_end(&self) -> bool {
        match self.peek() {
            None | Some(Tok::RParen) => true,
            Some(Tok::Word(w)) => w.bare().is_some_and(|b| TERMINATORS.contains(&b)),
            _ => false,
        }
    }

    /// Emits a simple command as a command of its own (`break`/`continue` inside a loop as
    /// jumps); returns its index if it can be in tail position.
    fn emit(&mut self, s: Simple) -> Option<usize> {
        let first = s.words.first().and_then(Word::literal);
        if let Some(kw @ ("break" | "continue")) = first.as_deref() {
            if s.words.len() <= 2 && !self.loops.is_empty() {
                let n = s
                    .words
                    .get(1)
                    .and_then(Word::literal)
                    .and_then(|t| t.parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, self.loops.len());
                let idx = self.loops.len() - n;
                if kw == "break" {
                    self.code.push(Op::Jmp(usize::MAX));
                    let at = self.code.len() - 1;
                    self.loops[idx].breaks.push(at);
                } else {
                    self.code.push(Op::SetStatus(0));
                    self.code.push(Op::Jmp(self.loops[idx].cont));
                }
                return None;
            }
        }
        let tail = s.redirs.is_empty() && !s.words.is_empty();
        self.code.push(Op::Cmd(Arc::new(s)));
        tail.then_some(self.code.len() - 1)
    }

    /// Emits what is still held; returns the tail-position index.
    fn done(&mut self, p: Parsed) -> Option<usize> {
        match p {
            Parsed::Simple(s) => self.emit(s),
            Parsed::Emitted(t) => t,
        }
    }

    /// Ends the innermost loop at `end`: its `break`s jump there.
    fn pop_loop(&mut self, end: usize) {
        if let Some(ctx) = self.loops.pop() {
            for b in ctx.breaks {
                self.code[b] = Op::Jmp(end);
            }
        }
    }

    /// list := and_or ((';' | '&' | newline) and_or)*
    fn list(&mut self) -> Result<Option<usize>, ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(unsupported("script nested too deeply"));
        }
        let mut tail = None;
        loop {
            self.skip_newlines();
            if self.at_list_end() {
                break;
            }
            let item = self.and_or()?;
            let bg = match self.peek() {
                Some(Tok::Amp) => {
                    self.pos += 1;
                    true
                }
                Some(Tok::Semi) | Some(Tok::Newline) => {
                    self.pos += 1;
                    false
                }
                _ => false,
            };
            tail = if bg {
                // Only a simple command runs in the background; anything else runs as if in
                // the foreground (already emitted).
                if let Parsed::Simple(s) = item {
                    self.code.push(Op::Bg(Arc::new(s)));
                }
                None
            } else {
                self.done(item)
            };
            if !bg && !matches!(self.toks.get(self.pos.wrapping_sub(1)), Some(Tok::Semi | Tok::Newline)) {
                // No separator: the list must end here.
                self.skip_newlines();
                if !self.at_list_end() {
                    return Err(self.unexpected(""));
                }
                break;
            }
        }
        self.depth -= 1;
        Ok(tail)
    }

    fn and_or(&mut self) -> Result<Parsed, ParseError> {
        let mut left = self.pipeline()?;
        loop {
            let and = match self.peek() {
                Some(Tok::AndIf) => true,
                Some(Tok::OrIf) => false,
                _ => return Ok(left),
            };
            self.pos += 1;
            self.skip_newlines();
            self.done(left);
            let at = self.code.len();
            self.code.push(Op::Halt);
            let right = self.pipeline()?;
            let tail = self.done(right);
            let end = self.code.len();
            self.code[at] = if and { Op::JmpIfFail(end) } else { Op::JmpIfOk(end) };
            left = Parsed::Emitted(tail);
        }
    }

    fn pipeline(&mut self) -> Result<Parsed, ParseError> {
        let negate = if self.peek_keyword() == Some("!") {
            self.pos += 1;
            true
        } else {
            false
        };
        let first = self.command()?;
        if !matches!(self.peek(), Some(Tok::Pipe)) {
            if !negate {
                return Ok(first);
            }
            self.done(first);
        } else {
            let mut stages = vec![first];
            while matches!(self.peek(), Some(Tok::Pipe)) {
                self.pos += 1;
                self.skip_newlines();
                stages.push(self.command()?);
            }
            let mut simples = Vec::new();
            for s in stages {
                match s {
                    Parsed::Simple(s) => simples.push(s),
                    Parsed::Emitted(_) => {
                        return Err(unsupported("pipelines into compound commands are not simulated"))
                    }
                }
            }
            self.code.push(Op::Pipe(Arc::new(simples)));
        }
        if negate {
            self.code.push(Op::Not);
        }
        Ok(Parsed::Emitted(None))
    }

    fn command(&mut self) -> Result<Parsed, ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(unsupported("script nested too deeply"));
        }
        let r = self.command_inner();
        self.depth -= 1;
        r
    }

    fn command_inner(&mut self) -> Result<Parsed, ParseError> {
        match self.peek_keyword() {
            Some("if") => {
                self.pos += 1;
                self.if_rest()?;
            }
            Some(kw @ ("while" | "until")) => {
                let until = kw == "until";
                self.pos += 1;
                let top = self.code.len();
                self.list()?;
                self.expect_keyword("do")?;
                let jx = self.code.len();
                self.code.push(Op::Halt);
                self.loops.push(LoopCtx { cont: top, breaks: vec![] });
                self.list()?;
                self.expect_keyword("done")?;
                self.code.push(Op::Jmp(top));
                let end = self.code.len();
                self.code.push(Op::SetStatus(0));
                self.code[jx] = if until { Op::JmpIfOk(end) } else { Op::JmpIfFail(end) };
                self.pop_loop(end);
            }
            Some("for") => {
                self.pos += 1;
                let var = match self.peek() {
                    Some(Tok::Word(w)) => w.bare().map(str::to_string),
                    _ => None,
                }
                .filter(|v| is_name(v))
                .ok_or_else(|| self.unexpected(" (expecting a name)"))?;
                self.pos += 1;
                self.skip_newlines();
                let mut words = None;
                if self.peek_keyword() == Some("in") {
                    self.pos += 1;
                    let mut ws = Vec::new();
                    while let Some(w) = self.take_word() {
                        ws.push(w);
                    }
                    words = Some(ws);
                }
                if matches!(self.peek(), Some(Tok::Semi | Tok::Newline)) {
                    self.pos += 1;
                }
                self.expect_keyword("do")?;
                let init = self.code.len();
                self.code.push(Op::ForInit { words: words.map(Arc::new) });
                let next = self.code.len();
                self.code.push(Op::Halt);
                self.loops.push(LoopCtx { cont: next, breaks: vec![] });
                self.list()?;
                self.expect_keyword("done")?;
                self.code.push(Op::Jmp(next));
                let end = self.code.len();
                self.code[next] = Op::ForNext { slot: init, var, end };
                self.pop_loop(end);
            }
            Some("{") => {
                self.pos += 1;
                self.list()?;
                self.expect_keyword("}")?;
            }
            Some("case") => return Err(unsupported("case … esac is not simulated")),
            Some(kw) if TERMINATORS.contains(&kw) => {
                return Err(syntax(&format!("unexpected \"{kw}\"")));
            }
            _ => {
                if matches!(self.peek(), Some(Tok::LParen)) {
                    self.pos += 1;
                    let at = self.code.len();
                    self.code.push(Op::SubStart { end: 0 });
                    self.list()?;
                    if !matches!(self.peek(), Some(Tok::RParen)) {
                        return Err(self.unexpected(" (expecting \")\")"));
                    }
                    self.pos += 1;
                    let end = self.code.len();
                    self.code.push(Op::SubEnd);
                    self.code[at] = Op::SubStart { end };
                } else {
                    return self.simple();
                }
            }
        }
        if matches!(self.peek(), Some(Tok::Redir(..))) {
            return Err(unsupported("redirections on compound commands are not simulated"));
        }
        Ok(Parsed::Emitted(None))
    }

    /// `if` after the keyword (and `elif`, which shares the closing `fi` consumed by the
    /// innermost call).
    fn if_rest(&mut self) -> Result<(), ParseError> {
        self.list()?;
        self.expect_keyword("then")?;
        let jf = self.code.len();
        self.code.push(Op::JmpIfFail(0));
        self.list()?;
        self.skip_newlines();
        let jend = self.code.len();
        self.code.push(Op::Jmp(0));
        let else_at = self.code.len();
        match self.peek_keyword() {
            Some("elif") => {
                self.pos += 1;
                self.if_rest()?;
            }
            Some("else") => {
                self.pos += 1;
                self.list()?;
                self.expect_keyword("fi")?;
            }
            _ => {
                self.expect_keyword("fi")?;
                self.code.push(Op::SetStatus(0));
            }
        }
        let end = self.code.len();
        self.code[jf] = Op::JmpIfFail(else_at);
        self.code[jend] = Op::Jmp(end);
        Ok(())
    }

    /// The current token if it is a word: moved out of the token list (left empty there; the
    /// parser never looks back at a word it consumed) and consumed.
    fn take_word(&mut self) -> Option<Word> {
        match self.toks.get_mut(self.pos) {
            Some(Tok::Word(w)) => {
                self.pos += 1;
                Some(std::mem::take(w))
            }
            _ => None,
        }
    }

    fn simple(&mut self) -> Result<Parsed, ParseError> {
        let mut s = Simple::default();
        loop {
            if let Some(w) = self.take_word() {
                if s.words.is_empty() {
                    match split_assignment(w) {
                        Ok(a) => s.assigns.push(a),
                        Err(w) => s.words.push(w),
                    }
                } else {
                    s.words.push(w);
                }
                continue;
            }
            match self.peek() {
                Some(&Tok::Redir(fd, ref op)) => {
                    let op = op.clone();
                    self.pos += 1;
                    let target = match op {
                        RedirOp::Dup(_) => Word::default(),
                        _ => match self.take_word() {
                            Some(w) => w,
                            None => return Err(self.unexpected("")),
                        },
                    };
                    s.redirs.push(Redir { fd, op, target });
                }
                Some(Tok::LParen) if s.words.len() == 1 && s.assigns.is_empty() => {
                    // name() compound-command
                    self.pos += 1;
                    if !matches!(self.peek(), Some(Tok::RParen)) {
                        return Err(self.unexpected(" (expecting \")\")"));
                    }
                    self.pos += 1;
                    let name = s.words[0].bare().map(str::to_string).unwrap_or_default();
                    if !is_name(&name) {
                        return Err(syntax(&format!("bad function name {name:?}")));
                    }
                    self.skip_newlines();
                    let at = self.code.len();
                    self.code.push(Op::Halt);
                    // A function body does not see the loops around its definition.
                    let outer = std::mem::take(&mut self.loops);
                    let body = self.command()?;
                    self.done(body);
                    self.loops = outer;
                    self.code.push(Op::Return);
                    let end = self.code.len();
                    self.code[at] = Op::Func { name, end };
                    return Ok(Parsed::Emitted(None));
                }
                _ => break,
            }
        }
        if s.words.is_empty() && s.assigns.is_empty() && s.redirs.is_empty() {
            return Err(self.unexpected(""));
        }
        Ok(Parsed::Simple(s))
    }
}

/// True for a valid shell variable name.
pub fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `NAME=value` at the start of a simple command: (NAME, value), or the word back if it is
/// not an assignment. The word's parts move into the value (no clone).
fn split_assignment(w: Word) -> Result<(String, Word), Word> {
    let mut parts = w.0;
    if let Some(Part::Lit { text, quoted: false }) = parts.first_mut() {
        if let Some(eq) = text.find('=').filter(|&eq| is_name(&text[..eq])) {
            let value = text.split_off(eq + 1);
            text.truncate(eq);
            let name = std::mem::take(text);
            parts[0] = Part::Lit { text: value, quoted: false };
            return Ok((name, Word(parts)));
        }
    }
    Err(Word(parts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Result<Vec<Op>, ParseError> {
        let mut code = Vec::new();
        super::parse(src, &mut code)?;
        Ok(code)
    }

    /// The one simple command `code` consists of.
    fn simple(code: &[Op]) -> &Simple {
        match code {
            [Op::Cmd(s)] => s,
            _ => panic!("not one simple command: {code:?}"),
        }
    }

    fn words(code: &[Op]) -> Vec<String> {
        simple(code).words.iter().map(|w| w.literal().unwrap_or_else(|| "<exp>".into())).collect()
    }

    #[test]
    fn non_ascii_text_lexes_whole_characters() {
        // `${é}` used to split `é` in the middle (a panic); `\é` and quotes keep whole characters.
        assert!(parse("echo ${é} ${日:-x}").is_ok());
        assert_eq!(words(&parse("echo \\é 'ü' \"日本\" 🙂x").unwrap()), ["echo", "é", "ü", "日本", "🙂x"]);
    }

    #[test]
    fn parses_docs_scripts() {
        for src in [
            "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600",
            "echo Hello from the Kubernetes cluster && sleep 3600",
            "until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done",
            "nginx -s quit; while killall -0 nginx; do sleep 1; done",
            "trap 'exit 0' TERM; while true; do sleep 1; done",
            "if [ -f /x ]; then echo a; elif [ -f /y ]; then echo b; else echo c; fi",
            "for i in 1 2 3; do echo $i >> /tmp/out; done",
            "_term() { echo bye; exit 0; }\ntrap _term SIGTERM\nsleep 10 & wait",
            "(sleep 1; echo x) ; { echo y; }",
            "i=0; while [ $i -lt 3 ]; do i=$((i+1)); done",
            "echo \"a $HOME b\" 'c d' e\\ f > /dev/null 2>&1",
            "! false",
            "echo a | grep a",
        ] {
            parse(src).unwrap_or_else(|e| panic!("{src}: {e}"));
        }
    }

    #[test]
    fn errors() {
        for (src, unsupported) in [
            ("if", false),
            ("if true; then", false),
            ("fi", false),
            ("echo 'x", false),
            ("while true; do", false),
            ("case x in a) ;; esac", true),
            ("cat <<EOF\nx\nEOF", true),
            (";", false),
        ] {
            let e = parse(src).unwrap_err();
            assert_eq!(e.unsupported, unsupported, "{src}: {e}");
        }
    }

    #[test]
    fn emitted_ops() {
        use Op::*;
        let code = parse("while true; do for i in 1; do break 2; continue; done; done").unwrap();
        assert!(matches!(
            code.as_slice(),
            [
                Cmd(_),
                JmpIfFail(9),
                ForInit { .. },
                ForNext { slot: 2, end: 8, .. },
                Jmp(9),
                SetStatus(0),
                Jmp(3),
                Jmp(3),
                Jmp(0),
                SetStatus(0)
            ]
        ));
        // A function body does not see the loop around its definition: `break` is a command.
        let code = parse("while :; do f() { break; }; done").unwrap();
        assert!(matches!(
            code.as_slice(),
            [Cmd(_), JmpIfFail(6), Func { end: 5, .. }, Cmd(_), Return, Jmp(0), SetStatus(0)]
        ));
        // Only a simple command goes to the background; the tail is the last simple command
        // of the top-level list (through `&&`/`||`), never a background one.
        let code = parse("a && b; { c; } & d || e").unwrap();
        let tails: Vec<bool> =
            code.iter().filter_map(|op| if let Cmd(s) | Bg(s) = op { Some(s.tail) } else { None }).collect();
        assert_eq!(tails, [false, false, false, false, true]);
        assert!(parse("sleep 1 &").unwrap().iter().all(|op| matches!(op, Bg(s) if !s.tail)));
        assert!(matches!(parse("! a | b").unwrap().as_slice(), [Pipe(p), Not] if p.len() == 2));
        // An error leaves the code as it was.
        let mut code = vec![Halt];
        assert!(super::parse("if a; then b; fi; while", &mut code).is_err());
        assert_eq!(code, [Halt]);
    }

    #[test]
    fn words_and_quotes() {
        let n = parse("echo 'a b' \"c\"d e\\ f").unwrap();
        assert_eq!(words(&n), vec!["echo", "a b", "cd", "e f"]);
        let n = parse("A=1 B=x env").unwrap();
        let s = simple(&n);
        assert_eq!(s.assigns.len(), 2);
        assert!(s.tail);
        let n = parse("sleep 30 > /f").unwrap();
        let s = simple(&n);
        assert!(!s.tail);
        assert_eq!(s.redirs[0].op, RedirOp::Out);
        let n = parse("a 2>&1").unwrap();
        let s = simple(&n);
        assert_eq!(s.redirs[0], Redir { fd: 2, op: RedirOp::Dup(1), target: Word::default() });
    }
}
