//! A POSIX-sh subset interpreter that runs as a state machine over virtual time.
//!
//! The script is compiled to a flat list of [`Op`]s, so a running shell is just data (program
//! counter, variables, loop state, what it is blocked on) and can stop at a `sleep` and resume
//! later. Nothing reads a clock: a `sleep 30` blocks until the driver calls [`Shell::run`] with a
//! time ≥ its end. Every call executes at most [`MAX_STEPS`] operations, so a busy loop cannot
//! hang the caller (it is reported via [`Shell::busy`]). A loop that only sleeps and polls
//! unchanged state is fast-forwarded (whole iterations skipped), so `while true; do sleep 1; done`
//! costs nothing over a day of virtual time.
//!
//! Signal semantics follow image-behaviours.md §1.3/§1.5: a PID-1 shell without a trap ignores
//! SIGTERM/SIGINT/…; with `trap … TERM` the trap runs only after the current *foreground*
//! command (e.g. `sleep`) finishes, but at once if the shell is in `wait` (bashref "Signals",
//! POSIX trap(1p)). SIGKILL always kills (137). A shell that is not PID 1 (behind tini, or a
//! shared PID namespace) dies of an untrapped SIGTERM with 128+15.

use super::millis::Signal;
use super::shell_parse::{self, is_name, Op, Part, Redir, RedirOp, Simple, Word};
use super::vfs::{normalize, Vfs};
use std::collections::BTreeMap;

use crate::vecmap::VecMap;
use std::sync::Arc;

/// Maximum operations executed per [`Shell::run`] call.
pub const MAX_STEPS: usize = 20_000;
/// Most operations one run to the end (an exec probe or hook, a `$(…)`) may execute in all,
/// nested `$(…)` included; past it the command counts as a busy loop (it never finishes in
/// virtual time, so the probe or hook times out).
pub const EXEC_FUEL: usize = 2 * MAX_STEPS;
/// Longest expansion of one word (the Vfs keeps at most as much per file): `x="$x$x"` in a
/// loop stops growing here instead of exhausting memory.
const MAX_WORD: usize = 1 << 20;
/// Maximum bytes kept in the shell's log.
const MAX_LOG: usize = 64 * 1024;
/// Nesting limit for `$(…)` and function calls.
const MAX_NESTING: usize = 16;
const MAX_FRAMES: usize = 256;
/// "Forever" in virtual milliseconds (≈ 292 million years); sleeps saturate here.
pub const FOREVER: i64 = i64::MAX / 4;

/// Which shell implementation: decides message texts and the exec-last-command optimisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavour {
    /// BusyBox ash (busybox, alpine, agnhost, nginx:alpine).
    Busybox,
    /// Debian's dash (`/bin/sh` in debian, ubuntu, nginx, redis, postgres, httpd).
    Dash,
    /// GNU bash.
    Bash,
}

/// Static configuration of a shell.
#[derive(Clone, Debug)]
pub struct Config {
    pub flavour: Flavour,
    /// The shell execs the last simple command of `-c` (BusyBox ≥ 1.28, bash ≥ 5.1; not dash).
    pub exec_last: bool,
    /// The shell is PID 1 of its PID namespace (no default signal actions).
    pub pid1: bool,
    /// Utilities the image does not ship (e.g. `curl` in busybox): "not found".
    pub missing: &'static [&'static str],
    /// Milliseconds since the Unix epoch at virtual time 0 (for `date`).
    pub epoch_ms: i64,
}

impl Default for Config {
    fn default() -> Config {
        Config { flavour: Flavour::Busybox, exec_last: true, pid1: true, missing: &[], epoch_ms: 0 }
    }
}

/// What an external (non-builtin) command is, as far as the surrounding process knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProgramKind {
    /// Not in the image → 127.
    NotFound,
    /// A program the driver models (a server, a timed job): the shell yields [`Yield::Spawn`] / [`Yield::Exec`].
    Program,
    /// A one-shot program with a known result.
    Instant { code: i32, output: String },
}

/// The world outside the shell: the container's processes and network.
pub trait Host {
    /// `GET http://localhost:port/path` at `at`. None = connection refused.
    fn http_get(&mut self, port: u16, path: &str, at: i64) -> Option<(u16, String)>;
    /// Is a process named `name` running (killall -0, pidof, pgrep)?
    fn running(&mut self, name: &str, at: i64) -> bool;
    /// `kill -SIG 1`. False if there is no such process.
    fn signal_pid1(&mut self, sig: Signal, at: i64) -> bool;
    /// `killall -SIG name`, `nginx -s …`. False if no process has that name.
    fn signal_named(&mut self, name: &str, sig: Signal, at: i64) -> bool;
    /// Classifies an external command.
    fn program(&mut self, argv: &[String]) -> ProgramKind;
}

/// A host with nothing in it (no network, no other processes, every external command missing).
pub struct NoHost;

impl Host for NoHost {
    fn http_get(&mut self, _: u16, _: &str, _: i64) -> Option<(u16, String)> {
        None
    }
    fn running(&mut self, _: &str, _: i64) -> bool {
        false
    }
    fn signal_pid1(&mut self, _: Signal, _: i64) -> bool {
        false
    }
    fn signal_named(&mut self, _: &str, _: Signal, _: i64) -> bool {
        false
    }
    fn program(&mut self, _: &[String]) -> ProgramKind {
        ProgramKind::NotFound
    }
}

/// Why [`Shell::run`] returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Yield {
    /// Waiting (for time, a child, or forever); call `run` again later.
    Blocked,
    /// The shell exited with this code at [`Shell::clock`].
    Exited(i32),
    /// The shell replaced itself (`exec`, or the exec-last optimisation) with this program.
    Exec(Vec<String>),
    /// The shell started a modelled program as a child; a foreground child blocks the shell
    /// until [`Shell::child_exited`].
    Spawn { argv: Vec<String>, background: bool },
}

#[derive(Clone, Debug, PartialEq)]
enum Frame {
    Func { ret: usize, positional: Vec<String> },
    Trap { ret: usize, status: i32 },
    Sub { end: usize, vars: BTreeMap<String, String> },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Block {
    None,
    Sleep(i64),
    Forever,
    /// A foreground child program (driver-modelled).
    Child,
    /// `wait` for background jobs.
    Wait,
}

#[derive(Clone, Debug, PartialEq)]
struct Job {
    pid: u32,
    /// When it ends; None = forever / unknown (a driver-modelled program).
    end: Option<i64>,
    status: i32,
    external: bool,
}

#[derive(Clone, Debug, PartialEq)]
struct LoopMark {
    pc: usize,
    until: i64,
    clock: i64,
    status: i32,
    vars: BTreeMap<String, String>,
    gen: u64,
    log_len: usize,
    frames: usize,
}

/// Where a file descriptor writes.
#[derive(Clone, Debug, PartialEq)]
enum Sink {
    Out,
    Err,
    Null,
    File(String),
}

/// The result of one builtin/utility.
enum Act {
    Done(i32),
    Sleep(i64),
    Forever,
    Exit(i32),
    Spawn(Vec<String>),
    Exec(Vec<String>),
    Call(usize),
    Return(i32),
}

/// A running shell.
#[derive(Clone, Debug)]
pub struct Shell {
    cfg: Config,
    code: Vec<Op>,
    pc: usize,
    vars: BTreeMap<String, String>,
    positional: Vec<String>,
    status: i32,
    /// `for` loops' word lists and positions, by the pc of their `ForInit` (a few entries).
    for_state: Vec<(usize, Vec<String>, usize)>,
    frames: Vec<Frame>,
    funcs: VecMap<String, usize>,
    /// Trap actions by signal number ("" = ignored); `None` = no trap. Signal numbers are
    /// 0..=64 ([`Signal::parse`]): a table indexed by number, no map code of its own.
    traps: Vec<Option<String>>,
    segments: VecMap<String, usize>,
    pending: Vec<Signal>,
    block: Block,
    exit_after_block: bool,
    clock: i64,
    jobs: Vec<Job>,
    next_pid: u32,
    last_bg: Option<u32>,
    log: String,
    capture: Option<String>,
    exited: Option<i32>,
    exit_trap_ran: bool,
    busy: bool,
    /// Operations executed over this shell's life, nested `$(…)` included; an expansion also
    /// costs one per KiB it copies, so the step budgets bound the bytes moved too.
    ops: usize,
    /// `ops` value at which the current `run` stops (busy loop).
    run_end: usize,
    /// `ops` value at which `run_to_end` gives up (usize::MAX: not running to the end).
    fuel_end: usize,
    nesting: usize,
    last_sleep: Option<LoopMark>,
    notes: Vec<String>,
    /// PID 1 identity for `$$`.
    pid: u32,
    /// Runs an argv directly (no shell process: builtins behave as the standalone utilities).
    direct: bool,
    /// Positional parameters for the function/script about to be called.
    call_args: Option<Vec<String>>,
    /// Status of the last command substitution in the current command.
    last_subst: Option<i32>,
}

impl Shell {
    /// A shell running `sh -c script` from `start`; `argv0_args` become `$0 $1 …`.
    /// A syntax error gives a shell that exits 2 with a sh-like message at once.
    pub fn new(
        script: &str,
        positional: Vec<String>,
        vars: BTreeMap<String, String>,
        cfg: Config,
        start: i64,
    ) -> Shell {
        let mut sh = Shell::empty(cfg, vars, start);
        sh.positional = if positional.is_empty() { vec!["sh".into()] } else { positional };
        match shell_parse::parse(script, &mut sh.code) {
            Ok(()) => sh.code.push(Op::Halt),
            Err(e) => {
                sh.parse_failed(&e, true, true);
                sh.exited = Some(2);
            }
        }
        sh
    }

    /// A shell running one command directly (argv, no parsing): what a container with
    /// `command: [sleep, "3600"]` runs as PID 1, or an exec probe without `sh -c`.
    pub fn from_argv(argv: &[String], vars: BTreeMap<String, String>, cfg: Config, start: i64) -> Shell {
        let mut sh = Shell::empty(cfg, vars, start);
        let mut words = Vec::with_capacity(argv.len());
        for a in argv {
            words.push(Word::lit(a));
        }
        let simple = Simple { assigns: vec![], words, redirs: vec![], tail: true };
        sh.code.push(Op::Cmd(Arc::new(simple)));
        sh.code.push(Op::Halt);
        sh.direct = true;
        sh
    }

    fn empty(cfg: Config, vars: BTreeMap<String, String>, start: i64) -> Shell {
        Shell {
            cfg,
            code: Vec::new(),
            pc: 0,
            vars,
            positional: vec!["sh".into()],
            status: 0,
            for_state: Vec::new(),
            frames: Vec::new(),
            funcs: VecMap::new(),
            traps: Vec::new(),
            segments: VecMap::new(),
            pending: Vec::new(),
            block: Block::None,
            exit_after_block: false,
            clock: start,
            jobs: Vec::new(),
            next_pid: 7,
            last_bg: None,
            log: String::new(),
            capture: None,
            exited: None,
            exit_trap_ran: false,
            busy: false,
            ops: 0,
            run_end: usize::MAX,
            fuel_end: usize::MAX,
            nesting: 0,
            last_sleep: None,
            notes: Vec::new(),
            pid: 1,
            direct: false,
            call_args: None,
            last_subst: None,
        }
    }
}

/// `s` with its first letter in upper case (dash's "Syntax error: …"). The parser's messages
/// all start with an ASCII character, so ASCII case mapping is exact here, and it keeps
/// `char::to_uppercase`'s 12 KB Unicode table out of the page's wasm (BENCHMARKS.md).
fn capitalize(s: &str) -> String {
    let mut out = s.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// ": No such file or directory\n", the tail of many utilities' messages.
const NO_FILE: &str = ": No such file or directory\n";

/// Appends `parts` to `out`. The utilities' messages are literal pieces around an operand:
/// one shared body here instead of a `format!` (argument setup, allocation, drop) at each.
#[inline(never)]
fn put(out: &mut String, parts: &[&str]) {
    for p in parts {
        out.push_str(p);
    }
}

/// The operands of a utility: its arguments that are not options.
#[inline(never)]
fn operands(args: &[String]) -> Vec<&str> {
    let mut out = Vec::new();
    for a in args {
        if !a.starts_with('-') {
            out.push(a.as_str());
        }
    }
    out
}

/// A field separator of the default `IFS` (space, tab, newline).
fn is_ifs(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n')
}

/// The non-empty pieces of `s` between field separators: a byte scan (the separators are
/// ASCII, so every cut is a char boundary) instead of a `split`/`filter` iterator.
fn ifs_split(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        if is_ifs(b) {
            if start < i {
                out.push(&s[start..i]);
            }
            start = i + 1;
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// The builtins and utilities the shell runs itself.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cmd {
    True,
    False,
    Echo,
    Printf,
    Cat,
    Touch,
    Rm,
    Mkdir,
    Ls,
    Cp,
    Mv,
    Test,
    Bracket,
    Exit,
    Return,
    Break,
    Sleep,
    Trap,
    Exec,
    Wait,
    Kill,
    Killall,
    Pkill,
    Pidof,
    Nginx,
    Wget,
    Curl,
    Grep,
    Printenv,
    Env,
    Hostname,
    Date,
    Tail,
    Head,
    Wc,
    Seq,
    Basename,
    Dirname,
    Id,
    Whoami,
    Uname,
    Pwd,
    Cd,
    Yes,
    Read,
    Dd,
    Export,
    Unset,
    Set,
    Shift,
    Nslookup,
    Sh,
}

/// `NAMES` (the command names, each followed by `|`) and `KINDS` (what each is), in step:
/// one table searched by [`command`] instead of a string comparison per name in `dispatch`.
macro_rules! commands {
    ($($name:literal => $cmd:ident),* $(,)?) => {
        const NAMES: &str = concat!($($name, "|"),*);
        const KINDS: &[Cmd] = &[$(Cmd::$cmd),*];
    };
}

commands! {
    ":" => True, "true" => True, "false" => False, "echo" => Echo, "printf" => Printf, "cat" => Cat,
    "touch" => Touch, "rm" => Rm, "mkdir" => Mkdir, "ls" => Ls, "cp" => Cp, "mv" => Mv, "test" => Test,
    "[" => Bracket, "exit" => Exit, "return" => Return, "break" => Break, "continue" => Break,
    "sleep" => Sleep, "trap" => Trap, "exec" => Exec, "wait" => Wait, "kill" => Kill,
    "killall" => Killall, "pkill" => Pkill, "pidof" => Pidof, "pgrep" => Pidof, "nginx" => Nginx,
    "wget" => Wget, "curl" => Curl, "grep" => Grep, "egrep" => Grep, "fgrep" => Grep,
    "printenv" => Printenv, "env" => Env, "hostname" => Hostname, "date" => Date, "tail" => Tail,
    "head" => Head, "wc" => Wc, "seq" => Seq, "basename" => Basename, "dirname" => Dirname, "id" => Id,
    "whoami" => Whoami, "uname" => Uname, "pwd" => Pwd, "cd" => Cd, "yes" => Yes, "read" => Read,
    "dd" => Dd, "export" => Export, "readonly" => Export, "local" => Export, "unset" => Unset,
    "set" => Set, "shift" => Shift, "nslookup" => Nslookup, "host" => Nslookup, "dig" => Nslookup,
    "getent" => Nslookup, "sh" => Sh, "bash" => Sh, "ash" => Sh, "dash" => Sh,
}

/// The builtin or utility called `name`, if the shell runs it itself.
fn command(name: &str) -> Option<Cmd> {
    word_index(NAMES, name).and_then(|i| KINDS.get(i).copied())
}

/// The position of `word` among the `|`-separated words of `list` (one packed text instead
/// of a table of string pointers); None for an empty `word`.
pub(crate) fn word_index(list: &str, word: &str) -> Option<usize> {
    if word.is_empty() {
        return None;
    }
    list.split('|').position(|n| n == word)
}

/// The last component of a path (`rsplit('/').next()`, as a byte scan).
pub(crate) fn basename(path: &str) -> &str {
    match path.bytes().rposition(|b| b == b'/') {
        Some(i) => &path[i + 1..],
        None => path,
    }
}

/// The three shells' spellings of one message prefix, by [`Flavour`].
fn by_flavour(f: Flavour, busybox: &'static str, dash: &'static str, bash: &'static str) -> &'static str {
    match f {
        Flavour::Busybox => busybox,
        Flavour::Dash => dash,
        Flavour::Bash => bash,
    }
}

/// Per-command I/O.
#[derive(Default)]
struct Io {
    stdin: Option<String>,
    out: String,
    err: String,
}

/// Parses a `sleep` operand: "30", "0.5", "2m", "1h", "1d", "infinity"/"inf". Milliseconds.
pub fn parse_sleep(arg: &str) -> Option<i64> {
    let a = arg.trim();
    if a.eq_ignore_ascii_case("infinity") || a.eq_ignore_ascii_case("inf") {
        return Some(FOREVER);
    }
    let (num, mult) = match a.char_indices().last() {
        Some((i, 's')) => (&a[..i], 1000.0),
        Some((i, 'm')) => (&a[..i], 60_000.0),
        Some((i, 'h')) => (&a[..i], 3_600_000.0),
        Some((i, 'd')) => (&a[..i], 86_400_000.0),
        _ => (a, 1000.0),
    };
    if num.is_empty() || !num.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let v = crate::float::parse_f64(num)?;
    let ms = v * mult;
    Some(if !ms.is_finite() || ms >= FOREVER as f64 { FOREVER } else { ms.round() as i64 })
}

/// `http://host:port/path` → (host, port, path).
fn parse_url(url: &str) -> Option<(String, u16, String)> {
    let rest = url.strip_prefix("http://").or_else(|| url.strip_prefix("https://")).unwrap_or(url);
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].to_string()),
        None => (rest, "/".to_string()),
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(':') => (h, p.parse().ok()?),
        _ => (hostport, if url.starts_with("https://") { 443 } else { 80 }),
    };
    Some((trim_brackets(host).to_string(), port, path))
}

/// `h` without the `[` and `]` at either end (`trim_matches(['[', ']'])` as a byte scan: both
/// are ASCII, so every cut is a char boundary).
fn trim_brackets(h: &str) -> &str {
    let b = h.as_bytes();
    let is_bracket = |c: u8| c == b'[' || c == b']';
    let (mut s, mut e) = (0, b.len());
    while s < e && is_bracket(b[s]) {
        s += 1;
    }
    while e > s && is_bracket(b[e - 1]) {
        e -= 1;
    }
    &h[s..e]
}

fn is_local_host(h: &str) -> bool {
    matches!(h, "localhost" | "127.0.0.1" | "0.0.0.0" | "::1" | "")
}

/// A small civil-date formatter for `date` ("Thu Jan  1 00:00:30 UTC 1970").
fn format_date(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    const WD: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MO: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let wd = WD[days.rem_euclid(7) as usize];
    let mo = MO[((m - 1).clamp(0, 11)) as usize];
    format!("{wd} {mo} {d:>2} {:02}:{:02}:{:02} UTC {y}", sod / 3600, sod % 3600 / 60, sod % 60)
}

/// Integer arithmetic for `$((…))`: + - * / % comparisons && || ! unary minus, parentheses,
/// variable names. None on a syntax error or division by zero.
fn arith(src: &str, vars: &BTreeMap<String, String>) -> Option<i64> {
    /// A token: a number, or an operator borrowed from `src` (no `Vec<char>`, no `String`s).
    #[derive(Clone, Copy, PartialEq)]
    enum T<'a> {
        N(i64),
        Op(&'a str),
    }
    let b = src.as_bytes();
    let mut toks = Vec::new();
    let mut i = 0;
    while let Some(c) = src.get(i..).and_then(|r| r.chars().next()) {
        if c.is_whitespace() {
            i += c.len_utf8();
        } else if c.is_ascii_digit() {
            let s = i;
            while i < b.len() && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let t = &src[s..i];
            let n =
                if let Some(h) = t.strip_prefix("0x") { i64::from_str_radix(h, 16).ok()? } else { t.parse().ok()? };
            toks.push(T::N(n));
        } else if c.is_ascii_alphabetic() || c == '_' {
            let s = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            let v = vars.get(&src[s..i]).map(|v| v.trim().parse::<i64>().unwrap_or(0)).unwrap_or(0);
            toks.push(T::N(v));
        } else if let Some(two @ ("<=" | ">=" | "==" | "!=" | "&&" | "||")) = src.get(i..i + 2) {
            toks.push(T::Op(two));
            i += 2;
        } else if "+-*/%()<>!".contains(c) {
            toks.push(T::Op(&src[i..i + 1]));
            i += 1;
        } else {
            return None;
        }
    }
    fn prec(op: &str) -> Option<u8> {
        Some(match op {
            "||" => 1,
            "&&" => 2,
            "==" | "!=" => 3,
            "<" | ">" | "<=" | ">=" => 4,
            "+" | "-" => 5,
            "*" | "/" | "%" => 6,
            _ => return None,
        })
    }
    fn primary(t: &[T], i: &mut usize, depth: u32) -> Option<i64> {
        if depth > 64 {
            return None;
        }
        match t.get(*i)? {
            T::N(n) => {
                *i += 1;
                Some(*n)
            }
            T::Op("(") => {
                *i += 1;
                let v = expr(t, i, 0, depth + 1)?;
                if t.get(*i) != Some(&T::Op(")")) {
                    return None;
                }
                *i += 1;
                Some(v)
            }
            T::Op("-") => {
                *i += 1;
                Some(primary(t, i, depth + 1)?.wrapping_neg())
            }
            T::Op("+") => {
                *i += 1;
                primary(t, i, depth + 1)
            }
            T::Op("!") => {
                *i += 1;
                Some(i64::from(primary(t, i, depth + 1)? == 0))
            }
            _ => None,
        }
    }
    fn expr(t: &[T], i: &mut usize, min: u8, depth: u32) -> Option<i64> {
        let mut lhs = primary(t, i, depth)?;
        while let Some(T::Op(op)) = t.get(*i) {
            let Some(p) = prec(op) else { break };
            if p < min {
                break;
            }
            let op = *op;
            *i += 1;
            let rhs = expr(t, i, p + 1, depth + 1)?;
            lhs = match op {
                "+" => lhs.wrapping_add(rhs),
                "-" => lhs.wrapping_sub(rhs),
                "*" => lhs.wrapping_mul(rhs),
                "/" => lhs.checked_div(rhs)?,
                "%" => lhs.checked_rem(rhs)?,
                "<" => i64::from(lhs < rhs),
                ">" => i64::from(lhs > rhs),
                "<=" => i64::from(lhs <= rhs),
                ">=" => i64::from(lhs >= rhs),
                "==" => i64::from(lhs == rhs),
                "!=" => i64::from(lhs != rhs),
                "&&" => i64::from(lhs != 0 && rhs != 0),
                "||" => i64::from(lhs != 0 || rhs != 0),
                _ => return None,
            };
        }
        Some(lhs)
    }
    if toks.is_empty() {
        return Some(0);
    }
    let mut i = 0;
    let v = expr(&toks, &mut i, 0, 0)?;
    (i == toks.len()).then_some(v)
}

impl Shell {
    // ----- public state -------------------------------------------------------------

    /// The shell's virtual clock (the time of its last action).
    pub fn clock(&self) -> i64 {
        self.clock
    }

    /// The exit code once exited.
    pub fn exited(&self) -> Option<i32> {
        self.exited
    }

    /// stdout + stderr so far (capped at 64 KiB).
    pub fn log(&self) -> &str {
        &self.log
    }

    /// Things this shell could not simulate faithfully.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// True when the last `run` hit [`MAX_STEPS`] without time passing (a busy loop).
    pub fn busy(&self) -> bool {
        self.busy
    }

    /// True if a trap is set for `sig` (including an "ignore" trap `trap '' TERM`).
    pub fn has_trap(&self, sig: Signal) -> bool {
        self.trap(sig.number()).is_some()
    }

    /// The trap action for signal number `n`, if one is set.
    fn trap(&self, n: i32) -> Option<&String> {
        self.traps.get(usize::try_from(n).ok()?)?.as_ref()
    }

    /// Sets `$$` (1 for the container's main process; exec'd commands get another PID).
    pub fn set_pid(&mut self, pid: u32) {
        self.pid = pid;
    }

    /// The shell variables.
    pub fn vars(&self) -> &BTreeMap<String, String> {
        &self.vars
    }

    /// The next time the shell changes on its own (None = never, or it waits for a
    /// driver-modelled child, or it is busy-looping).
    pub fn next_wake(&self) -> Option<i64> {
        if self.exited.is_some() || self.busy {
            return None;
        }
        match self.block {
            Block::None => Some(self.clock),
            Block::Sleep(t) => Some(t),
            Block::Wait => self.jobs_end(),
            Block::Forever | Block::Child => None,
        }
    }

    /// True if blocked on a driver-modelled foreground child.
    pub fn waiting_for_child(&self) -> bool {
        self.block == Block::Child && self.exited.is_none()
    }

    /// A driver-modelled child (foreground or background) exited.
    pub fn child_exited(&mut self, code: i32, at: i64) {
        if self.exited.is_some() {
            return;
        }
        if self.block == Block::Child {
            self.clock = self.clock.max(at);
            self.end_block(code);
        } else if let Some(j) = self.jobs.iter_mut().find(|j| j.external && j.end.is_none()) {
            j.end = Some(at);
            j.status = code;
        }
    }

    /// Delivers a signal at `at` (image-behaviours.md §1.3, §1.5).
    pub fn signal(&mut self, sig: Signal, at: i64) {
        if self.exited.is_some() {
            return;
        }
        self.clock = self.clock.max(at.min(self.next_wake().unwrap_or(at)));
        if sig == Signal::Kill || sig.number() == 19 {
            if sig == Signal::Kill {
                self.clock = self.clock.max(at);
                self.exited = Some(137);
            }
            return;
        }
        match self.trap(sig.number()) {
            Some(action) if action.is_empty() => {} // trap '' SIG: ignored
            Some(_) => {
                self.pending.push(sig);
                if self.block == Block::Wait {
                    // `wait` is interrupted at once; its status is 128+N.
                    self.clock = self.clock.max(at);
                    self.block = Block::None;
                    self.status = 128 + sig.number();
                }
            }
            None => {
                let default_terminates = !matches!(sig.number(), 17 | 18 | 20 | 23 | 28 | 0);
                if !self.cfg.pid1 && default_terminates {
                    self.clock = self.clock.max(at);
                    self.exited = Some(128 + sig.number());
                }
                // PID 1 without a handler: the kernel drops the signal.
            }
        }
    }

    // ----- the run loop -------------------------------------------------------------

    /// Runs until blocked past `until`, exited, or a program must be started by the driver.
    pub fn run(&mut self, until: i64, host: &mut dyn Host, vfs: &mut Vfs) -> Yield {
        self.busy = false;
        self.run_end = self.ops.saturating_add(MAX_STEPS).min(self.fuel_end);
        loop {
            if let Some(c) = self.exited {
                return Yield::Exited(c);
            }
            match self.block {
                Block::None => {}
                Block::Sleep(t) => {
                    if t > until {
                        return Yield::Blocked;
                    }
                    self.clock = self.clock.max(t);
                    self.end_block(0);
                    continue;
                }
                Block::Forever | Block::Child => return Yield::Blocked,
                Block::Wait => match self.jobs_end() {
                    Some(t) if t <= until => {
                        self.clock = self.clock.max(t);
                        let st = self.jobs.last().map(|j| j.status).unwrap_or(0);
                        self.jobs.clear();
                        self.end_block(st);
                        continue;
                    }
                    _ => return Yield::Blocked,
                },
            }
            if !self.pending.is_empty() {
                let sig = self.pending.remove(0);
                if let Some(action) = self.trap(sig.number()).cloned() {
                    if !action.is_empty() {
                        self.call_trap(&action, self.pc);
                    }
                }
                continue;
            }
            self.ops = self.ops.saturating_add(1);
            if self.ops > self.run_end {
                self.busy = true;
                if !self.has_note("busy loop") {
                    self.notes
                        .push("not simulated: a loop that never sleeps (busy loop); treated as running forever".into());
                }
                return Yield::Blocked;
            }
            if let Some(y) = self.step(until, host, vfs) {
                return y;
            }
        }
    }

    /// Runs to completion (for exec probes and hooks): at most `cap` ms of virtual time.
    /// Returns the exit code, or None if still running at `start + cap`.
    pub fn run_to_end(&mut self, cap: i64, host: &mut dyn Host, vfs: &mut Vfs) -> Option<i32> {
        let limit = self.clock.saturating_add(cap);
        self.fuel_end = self.fuel_end.min(self.ops.saturating_add(EXEC_FUEL));
        for _ in 0..10_000 {
            match self.run(limit, host, vfs) {
                Yield::Exited(c) => return Some(c),
                Yield::Exec(argv) | Yield::Spawn { argv, background: false } => {
                    // A long-running program inside an exec command: it never returns.
                    self.notes.push(format!(
                        "not simulated: `{}` started inside an exec command (assumed to run forever)",
                        argv.join(" ")
                    ));
                    self.block = Block::Forever;
                    return None;
                }
                Yield::Spawn { background: true, .. } => {}
                Yield::Blocked => {
                    if self.busy && self.ops < self.fuel_end {
                        continue;
                    }
                    return None;
                }
            }
        }
        None
    }

    fn end_block(&mut self, status: i32) {
        self.block = Block::None;
        self.status = status;
        if self.exit_after_block {
            self.exit_after_block = false;
            self.exited = Some(status);
        }
    }

    fn jobs_end(&self) -> Option<i64> {
        let mut end = self.clock;
        for j in &self.jobs {
            end = end.max(j.end?);
        }
        Some(end)
    }

    /// True if a note containing `key` is already recorded (such notes are made once).
    fn has_note(&self, key: &str) -> bool {
        self.notes.iter().any(|n| n.contains(key))
    }

    fn log_push(&mut self, s: &str) {
        if self.log.len() < MAX_LOG {
            let room = MAX_LOG - self.log.len();
            let mut cut = s.len().min(room);
            while !s.is_char_boundary(cut) {
                cut -= 1;
            }
            self.log.push_str(&s[..cut]);
        }
    }

    /// A script that does not parse: the "not simulated" note if it uses a feature outside the
    /// subset (`note`), and the shell's message in the log (each shell's own spelling for a
    /// `-c` script when `flavoured`, else BusyBox's).
    fn parse_failed(&mut self, e: &shell_parse::ParseError, note: bool, flavoured: bool) {
        if note && e.unsupported {
            let mut n = String::from("not simulated: ");
            n.push_str(&e.message);
            self.notes.push(n);
        }
        let f = if flavoured { self.cfg.flavour } else { Flavour::Busybox };
        let mut m = String::from(by_flavour(f, "sh: ", "sh: 1: ", "bash: -c: line 1: "));
        m.push_str(&if f == Flavour::Dash { capitalize(&e.message) } else { e.message.clone() });
        m.push('\n');
        self.log_push(&m);
    }

    fn write(&mut self, sink: &Sink, text: &str, vfs: &mut Vfs) {
        if text.is_empty() {
            return;
        }
        match sink {
            Sink::Out => match &mut self.capture {
                Some(c) => {
                    if c.len() < MAX_LOG {
                        c.push_str(text)
                    }
                }
                None => self.log_push(text),
            },
            Sink::Err => self.log_push(text),
            Sink::Null => {}
            Sink::File(p) => vfs.append(p, text),
        }
    }

    fn call_trap(&mut self, action: &str, ret: usize) {
        let s = self.code.len();
        let start = match self.segments.get(action) {
            Some(&s) => s,
            None => match shell_parse::parse(action, &mut self.code) {
                Ok(()) => {
                    self.code.push(Op::TrapReturn);
                    self.segments.insert(action.to_string(), s);
                    s
                }
                Err(e) => {
                    self.parse_failed(&e, false, false);
                    return;
                }
            },
        };
        if self.frames.len() >= MAX_FRAMES {
            return;
        }
        self.frames.push(Frame::Trap { ret, status: self.status });
        self.pc = start;
    }

    /// `exit` semantics: leave the innermost subshell, else run the EXIT trap, else exit.
    fn do_exit(&mut self, code: i32) {
        let code = code.rem_euclid(256);
        if let Some(i) = self.frames.iter().rposition(|f| matches!(f, Frame::Sub { .. })) {
            if let Frame::Sub { end, .. } = self.frames[i] {
                self.frames.truncate(i + 1);
                self.pc = end;
                self.status = code;
                return;
            }
        }
        if !self.exit_trap_ran {
            self.exit_trap_ran = true;
            if let Some(action) = self.trap(0).cloned().filter(|a| !a.is_empty()) {
                self.status = code;
                self.call_trap(&action, usize::MAX);
                return;
            }
        }
        self.exited = Some(code);
    }

    fn step(&mut self, until: i64, host: &mut dyn Host, vfs: &mut Vfs) -> Option<Yield> {
        let Some(op) = self.code.get(self.pc).cloned() else {
            self.do_exit(self.status);
            return None;
        };
        self.pc += 1;
        match op {
            Op::Jmp(t) => self.pc = t,
            Op::JmpIfOk(t) => {
                if self.status == 0 {
                    self.pc = t
                }
            }
            Op::JmpIfFail(t) => {
                if self.status != 0 {
                    self.pc = t
                }
            }
            Op::Not => self.status = i32::from(self.status == 0),
            Op::SetStatus(s) => self.status = s,
            Op::Halt => self.do_exit(self.status),
            Op::ForInit { words } => {
                let list = match words {
                    Some(ws) => {
                        let mut l = Vec::new();
                        for w in ws.iter() {
                            l.extend(self.expand(w, host, vfs));
                        }
                        l
                    }
                    None => self.args().to_vec(),
                };
                let slot = self.pc - 1;
                match self.for_state.iter_mut().find(|e| e.0 == slot) {
                    Some(e) => *e = (slot, list, 0),
                    None => self.for_state.push((slot, list, 0)),
                }
            }
            Op::ForNext { slot, var, end } => {
                let next = self.for_state.iter_mut().find(|e| e.0 == slot).and_then(|(_, l, i)| {
                    let v = l.get(*i).cloned();
                    *i += 1;
                    if v.is_none() {
                        // Done: the list's memory goes, the drained entry stays (the next
                        // `ForInit` here replaces it). No `BTreeMap::remove` for this map
                        // shape: its rebalancing code is ≈6 KB of the page's wasm.
                        *l = Vec::new();
                    }
                    v
                });
                match next {
                    Some(v) => {
                        self.vars.insert(var, v);
                    }
                    None => self.pc = end,
                }
            }
            Op::SubStart { end } => {
                if self.frames.len() < MAX_FRAMES {
                    self.frames.push(Frame::Sub { end, vars: self.vars.clone() });
                }
            }
            Op::SubEnd => {
                if let Some(i) = self.frames.iter().rposition(|f| matches!(f, Frame::Sub { .. })) {
                    if let Some(Frame::Sub { vars, .. }) = self.pop_frame(i) {
                        self.vars = vars;
                    }
                }
            }
            Op::Func { name, end } => {
                self.funcs.insert(name, self.pc);
                self.pc = end;
                self.status = 0;
            }
            Op::Return => self.do_return(None),
            Op::TrapReturn => {
                if let Some(i) = self.frames.iter().rposition(|f| matches!(f, Frame::Trap { .. })) {
                    if let Some(Frame::Trap { ret, status }) = self.pop_frame(i) {
                        if ret == usize::MAX {
                            // The EXIT trap finished: exit with the original status.
                            self.exited = Some(status);
                        } else {
                            self.pc = ret;
                            self.status = status;
                        }
                    }
                } else {
                    self.do_exit(self.status);
                }
            }
            Op::Cmd(s) => return self.simple(&s, false, until, host, vfs),
            Op::Bg(s) => return self.simple(&s, true, until, host, vfs),
            Op::Pipe(stages) => self.pipe(&stages, host, vfs),
        }
        None
    }

    /// Drops the frames above `i` and returns frame `i` (truncate and pop: no `Vec::remove`,
    /// which would be code of its own for this element type).
    fn pop_frame(&mut self, i: usize) -> Option<Frame> {
        self.frames.truncate(i + 1);
        self.frames.pop()
    }

    fn do_return(&mut self, code: Option<i32>) {
        if let Some(i) = self.frames.iter().rposition(|f| matches!(f, Frame::Func { .. })) {
            if let Some(Frame::Func { ret, positional }) = self.pop_frame(i) {
                self.pc = ret;
                self.positional = positional;
            }
            if let Some(c) = code {
                self.status = c;
            }
        } else {
            self.do_exit(code.unwrap_or(self.status));
        }
    }

    // ----- expansion ----------------------------------------------------------------

    /// `$1 $2 …`: the positional parameters after `$0`.
    fn args(&self) -> &[String] {
        self.positional.get(1..).unwrap_or_default()
    }

    /// `$0` followed by `args`: the positional parameters of a function call, `set --` or `shift`.
    fn with_args(&self, args: &[String]) -> Vec<String> {
        let mut p = vec![self.positional.first().cloned().unwrap_or_default()];
        p.extend(args.iter().cloned());
        p
    }

    fn var(&self, name: &str) -> Option<String> {
        Some(match name {
            "?" => self.status.to_string(),
            "$" => self.pid.to_string(),
            "!" => return self.last_bg.map(|p| p.to_string()),
            "#" => self.positional.len().saturating_sub(1).to_string(),
            "@" | "*" => self.args().join(" "),
            "-" => String::new(),
            n if n.chars().all(|c| c.is_ascii_digit()) => {
                return n.parse::<usize>().ok().and_then(|i| self.positional.get(i).cloned())
            }
            n => return self.vars.get(n).cloned(),
        })
    }

    /// Expands a word into fields (parameter, command and arithmetic expansion; field
    /// splitting of unquoted expansions; no globbing).
    fn expand(&mut self, w: &Word, host: &mut dyn Host, vfs: &mut Vfs) -> Vec<String> {
        let mut fields: Vec<String> = Vec::new();
        let mut cur = String::new();
        let mut have = false;
        for part in &w.0 {
            if cur.len() > MAX_WORD {
                break; // cut below
            }
            let (value, quoted) = match part {
                Part::Lit { text, quoted } => {
                    cur.push_str(text);
                    have |= *quoted || !text.is_empty();
                    continue;
                }
                Part::Var { name, quoted, default } => {
                    if name == "@" && *quoted {
                        let ps = self.args().to_vec();
                        for (i, p) in ps.iter().enumerate() {
                            if i > 0 {
                                fields.push(std::mem::take(&mut cur));
                            }
                            cur.push_str(p);
                            have = true;
                        }
                        continue;
                    }
                    let v = self.var(name);
                    let v = match (v, default) {
                        (Some(v), Some((_, true))) if v.is_empty() => None,
                        (v, _) => v,
                    };
                    let v = match (v, default) {
                        (Some(v), _) => v,
                        (None, Some((d, _))) => self.expand_string(d, host, vfs),
                        (None, None) => String::new(),
                    };
                    (v, *quoted)
                }
                Part::Cmd { src, quoted } => (self.command_subst(src, host, vfs), *quoted),
                Part::Arith { src, quoted } => {
                    let text = self.expand_string(src, host, vfs);
                    match arith(&text, &self.vars) {
                        Some(v) => (v.to_string(), *quoted),
                        None => {
                            let m = format!("sh: arithmetic syntax error: {src}\n");
                            self.log_push(&m);
                            self.last_subst = Some(2);
                            (String::new(), *quoted)
                        }
                    }
                }
            };
            if quoted {
                cur.push_str(&value);
                have = true;
            } else {
                let starts_ws = value.bytes().next().is_some_and(is_ifs);
                let ends_ws = value.bytes().next_back().is_some_and(is_ifs);
                let pieces = ifs_split(&value);
                if pieces.is_empty() {
                    if starts_ws && have {
                        fields.push(std::mem::take(&mut cur));
                        have = false;
                    }
                    continue;
                }
                if starts_ws && have {
                    fields.push(std::mem::take(&mut cur));
                }
                for (i, p) in pieces.iter().enumerate() {
                    if i > 0 {
                        fields.push(std::mem::take(&mut cur));
                    }
                    cur.push_str(p);
                }
                have = true;
                if ends_ws {
                    fields.push(std::mem::take(&mut cur));
                    have = false;
                }
            }
        }
        if have || !cur.is_empty() {
            fields.push(cur);
        }
        let mut total = 0usize;
        for f in &mut fields {
            if total + f.len() > MAX_WORD {
                let mut cut = MAX_WORD.saturating_sub(total).min(f.len());
                while !f.is_char_boundary(cut) {
                    cut -= 1;
                }
                f.truncate(cut);
                if !self.has_note("longer than 1 MiB") {
                    self.notes.push("not simulated: a word longer than 1 MiB (cut there)".into());
                }
            }
            total += f.len();
        }
        self.ops = self.ops.saturating_add(total >> 10);
        fields
    }

    /// Expands text as if double-quoted (for `${x:-default}` and `$((…))`).
    fn expand_string(&mut self, text: &str, host: &mut dyn Host, vfs: &mut Vfs) -> String {
        let quoted = format!("\"{}\"", text.replace('"', "\\\""));
        let mut code = Vec::new();
        match (shell_parse::parse(&format!(": {quoted}"), &mut code), code.as_slice()) {
            (Ok(()), [Op::Cmd(s)]) => s.words.get(1).map(|w| self.expand(w, host, vfs).join(" ")).unwrap_or_default(),
            _ => text.to_string(),
        }
    }

    /// `$(…)`: runs the text in a nested shell at the current time, capturing stdout.
    fn command_subst(&mut self, src: &str, host: &mut dyn Host, vfs: &mut Vfs) -> String {
        if self.nesting >= MAX_NESTING {
            return String::new();
        }
        let mut sub = Shell::new(src, self.positional.clone(), self.vars.clone(), self.cfg.clone(), self.clock);
        sub.nesting = self.nesting + 1;
        sub.pid = self.pid;
        sub.capture = Some(String::new());
        // The substitution spends what the caller's current run has left.
        sub.fuel_end = self.run_end.saturating_sub(self.ops);
        let code = sub.run_to_end(FOREVER, host, vfs);
        self.ops = self.ops.saturating_add(sub.ops);
        self.last_subst = Some(code.unwrap_or(0));
        let err = std::mem::take(&mut sub.log);
        self.log_push(&err);
        // The sub-shell's notes that this shell did not have before (kept in order).
        let before = self.notes.len();
        for n in sub.notes {
            if !self.notes[..before].contains(&n) {
                self.notes.push(n);
            }
        }
        let mut out = sub.capture.unwrap_or_default();
        while out.ends_with('\n') {
            out.pop();
        }
        out
    }
}

impl Shell {
    // ----- commands -----------------------------------------------------------------

    /// Resolves redirections; Err(status) if one failed.
    fn redirect(
        &mut self,
        redirs: &[Redir],
        io: &mut Io,
        host: &mut dyn Host,
        vfs: &mut Vfs,
    ) -> Result<[Sink; 2], i32> {
        let mut sinks = [Sink::Out, Sink::Err];
        for r in redirs {
            let target = self.expand(&r.target, host, vfs).join(" ");
            let file_sink = |p: &str| match normalize(p).as_str() {
                "/dev/null" => Sink::Null,
                "/dev/stdout" | "/proc/self/fd/1" => Sink::Out,
                "/dev/stderr" | "/proc/self/fd/2" => Sink::Err,
                n => Sink::File(n.to_string()),
            };
            let idx = match r.fd {
                1 => Some(0),
                2 => Some(1),
                _ => None,
            };
            match &r.op {
                RedirOp::Out | RedirOp::Append | RedirOp::Both => {
                    let sink = file_sink(&target);
                    if let Sink::File(p) = &sink {
                        if vfs.is_dir(p) {
                            let m = format!("sh: can't create {target}: Is a directory\n");
                            self.log_push(&m);
                            return Err(1);
                        }
                        if r.op == RedirOp::Append {
                            vfs.touch(p);
                        } else {
                            vfs.write(p, "");
                        }
                    }
                    if r.op == RedirOp::Both {
                        sinks = [sink.clone(), sink];
                    } else if let Some(i) = idx {
                        sinks[i] = sink;
                    }
                }
                RedirOp::Dup(n) => {
                    let src = match n {
                        1 => sinks[0].clone(),
                        2 => sinks[1].clone(),
                        _ => Sink::Null,
                    };
                    if let Some(i) = idx {
                        sinks[i] = src;
                    }
                }
                RedirOp::In => match vfs.read(&target) {
                    Some(c) => io.stdin = Some(c.to_string()),
                    None => {
                        let m = match self.cfg.flavour {
                            Flavour::Busybox => {
                                format!("sh: can't open '{target}': No such file or directory\n")
                            }
                            Flavour::Dash => format!("sh: 1: cannot open {target}: No such file\n"),
                            Flavour::Bash => {
                                format!("bash: line 1: {target}: No such file or directory\n")
                            }
                        };
                        self.log_push(&m);
                        return Err(if self.cfg.flavour == Flavour::Dash { 2 } else { 1 });
                    }
                },
            }
        }
        Ok(sinks)
    }

    /// Expands a simple command's assignments (set only when `assign`) and words, then applies
    /// its redirections: its argv, sinks and last command substitution's status; None (with
    /// the status set) when a redirection fails.
    fn prepare(
        &mut self,
        s: &Simple,
        assign: bool,
        io: &mut Io,
        host: &mut dyn Host,
        vfs: &mut Vfs,
    ) -> Option<(Vec<String>, [Sink; 2], i32)> {
        self.last_subst = None;
        let mut assigns = Vec::new();
        if assign {
            for (name, w) in &s.assigns {
                let v = self.expand(w, host, vfs).join(" ");
                assigns.push((name.clone(), v));
            }
        }
        let mut argv: Vec<String> = Vec::new();
        for w in &s.words {
            argv.extend(self.expand(w, host, vfs));
        }
        let subst_status = self.last_subst.take().unwrap_or(0);
        for (n, v) in assigns {
            self.vars.insert(n, v);
        }
        match self.redirect(&s.redirs, io, host, vfs) {
            Ok(sinks) => Some((argv, sinks, subst_status)),
            Err(st) => {
                self.status = st;
                None
            }
        }
    }

    fn simple(
        &mut self,
        s: &Simple,
        background: bool,
        until: i64,
        host: &mut dyn Host,
        vfs: &mut Vfs,
    ) -> Option<Yield> {
        let mut io = Io::default();
        let (argv, sinks, subst_status) = self.prepare(s, true, &mut io, host, vfs)?;
        if argv.is_empty() {
            self.status = subst_status;
            return None;
        }
        if background {
            let pid = self.next_pid;
            self.next_pid += 1;
            self.last_bg = Some(pid);
            let act = self.dispatch(&argv, &mut io, false, host, vfs);
            self.flush(&mut io, &sinks, vfs);
            self.status = 0;
            let job = match act {
                Act::Sleep(ms) => Job { pid, end: Some(self.clock.saturating_add(ms)), status: 0, external: false },
                Act::Forever => Job { pid, end: None, status: 0, external: false },
                Act::Spawn(argv) | Act::Exec(argv) => {
                    self.jobs.push(Job { pid, end: None, status: 0, external: true });
                    return Some(Yield::Spawn { argv, background: true });
                }
                Act::Done(st) | Act::Exit(st) | Act::Return(st) => {
                    Job { pid, end: Some(self.clock), status: st, external: false }
                }
                Act::Call(_) => {
                    self.notes
                        .push("not simulated: a shell function run in the background (ran in the foreground)".into());
                    Job { pid, end: Some(self.clock), status: 0, external: false }
                }
            };
            self.jobs.push(job);
            return None;
        }
        let act = self.dispatch(&argv, &mut io, s.tail, host, vfs);
        self.flush(&mut io, &sinks, vfs);
        self.apply(act, until, vfs)
    }

    fn flush(&mut self, io: &mut Io, sinks: &[Sink; 2], vfs: &mut Vfs) {
        let out = std::mem::take(&mut io.out);
        let err = std::mem::take(&mut io.err);
        // Output costs one operation per KiB, so the step budgets bound the bytes moved.
        self.ops = self.ops.saturating_add((out.len() + err.len()) >> 10);
        self.write(&sinks[0], &out, vfs);
        self.write(&sinks[1], &err, vfs);
    }

    fn apply(&mut self, act: Act, until: i64, vfs: &Vfs) -> Option<Yield> {
        match act {
            Act::Done(st) => {
                self.status = st;
                if self.exit_after_block {
                    self.exit_after_block = false;
                    self.do_exit(st);
                }
            }
            Act::Sleep(ms) => self.start_sleep(ms, until, vfs),
            Act::Forever => self.block = Block::Forever,
            Act::Exit(c) => {
                self.exit_after_block = false;
                self.do_exit(c)
            }
            Act::Spawn(argv) => {
                self.block = Block::Child;
                return Some(Yield::Spawn { argv, background: false });
            }
            Act::Exec(argv) => {
                self.block = Block::Forever;
                self.exited = None;
                return Some(Yield::Exec(argv));
            }
            Act::Call(start) => {
                if self.frames.len() >= MAX_FRAMES {
                    self.log_push("sh: function nesting too deep\n");
                    self.do_exit(2);
                } else {
                    let old = std::mem::take(&mut self.positional);
                    self.positional = self.call_args.take().unwrap_or_else(|| old.clone());
                    self.frames.push(Frame::Func { ret: self.pc, positional: old });
                    self.pc = start;
                }
            }
            Act::Return(c) => self.do_return(Some(c)),
        }
        None
    }

    /// Blocks for `ms`; if this exact sleep repeats an earlier one with nothing else changed
    /// (a polling loop), skips whole iterations up to `until`.
    fn start_sleep(&mut self, ms: i64, until: i64, vfs: &Vfs) {
        let mark = LoopMark {
            pc: self.pc,
            until: ms,
            clock: self.clock,
            status: self.status,
            vars: self.vars.clone(),
            gen: vfs.generation(),
            log_len: self.log.len(),
            frames: self.frames.len(),
        };
        let mut end = self.clock.saturating_add(ms);
        if let Some(prev) = &self.last_sleep {
            let same = prev.pc == mark.pc
                && prev.until == mark.until
                && prev.status == mark.status
                && prev.gen == mark.gen
                && prev.log_len == mark.log_len
                && prev.frames == mark.frames
                && prev.vars == mark.vars
                && self.jobs.is_empty()
                && self.pending.is_empty();
            let period = mark.clock - prev.clock;
            if same && period > 0 && until > end {
                let k = (until - end) / period;
                let skip = k.saturating_mul(period);
                self.clock = self.clock.saturating_add(skip);
                end = end.saturating_add(skip);
            }
        }
        let mut mark = mark;
        mark.clock = self.clock;
        self.last_sleep = Some(mark);
        self.block = Block::Sleep(end.min(FOREVER));
        self.status = 0;
    }

    fn pipe(&mut self, stages: &[Simple], host: &mut dyn Host, vfs: &mut Vfs) {
        let mut stdin: Option<String> = None;
        let mut longest = 0i64;
        let n = stages.len();
        for (i, s) in stages.iter().enumerate() {
            let mut io = Io { stdin: stdin.take().or(Some(String::new())), ..Io::default() };
            let Some((argv, sinks, _)) = self.prepare(s, false, &mut io, host, vfs) else {
                continue;
            };
            let act = if argv.is_empty() { Act::Done(0) } else { self.dispatch(&argv, &mut io, false, host, vfs) };
            self.status = match act {
                Act::Done(st) | Act::Exit(st) | Act::Return(st) => st,
                Act::Sleep(ms) => {
                    longest = longest.max(ms);
                    0
                }
                _ => {
                    self.notes.push("not simulated: a long-running program inside a pipeline".into());
                    0
                }
            };
            if i + 1 < n && sinks[0] == Sink::Out {
                self.ops = self.ops.saturating_add(io.out.len() >> 10);
                stdin = Some(std::mem::take(&mut io.out));
            }
            self.flush(&mut io, &sinks, vfs);
        }
        if longest > 0 {
            let st = self.status;
            self.block = Block::Sleep(self.clock.saturating_add(longest));
            self.status = st;
        }
    }

    fn not_found(&self, name: &str, io: &mut Io) -> Act {
        let f = self.cfg.flavour;
        let parts = if self.direct {
            ["exec: \"", name, "\": executable file not found in $PATH\n"]
        } else {
            [
                by_flavour(f, "sh: ", "sh: 1: ", "bash: line 1: "),
                name,
                by_flavour(f, ": not found\n", ": not found\n", ": command not found\n"),
            ]
        };
        put(&mut io.err, &parts);
        Act::Done(127)
    }

    fn gnu(&self) -> bool {
        self.cfg.flavour != Flavour::Busybox
    }

    /// `gnu` when the shell is not BusyBox's, else `busybox`: the two spellings of a message.
    fn pick<'a>(&self, gnu: &'a [&'a str], busybox: &'a [&'a str]) -> &'a [&'a str] {
        if self.gnu() {
            gnu
        } else {
            busybox
        }
    }

    /// Runs one command (function, builtin, utility or external program).
    fn dispatch(&mut self, argv: &[String], io: &mut Io, tail: bool, host: &mut dyn Host, vfs: &mut Vfs) -> Act {
        let Some(cmd0) = argv.first() else {
            return Act::Done(0);
        };
        if let Some(&start) = self.funcs.get(cmd0.as_str()) {
            self.call_args = Some(self.with_args(&argv[1..]));
            return Act::Call(start);
        }
        let name = basename(cmd0);
        let args = &argv[1..];
        if self.cfg.missing.contains(&name) {
            return self.not_found(cmd0, io);
        }
        let cmd = command(name);
        match cmd {
            Some(Cmd::True) => Act::Done(0),
            Some(Cmd::False) => Act::Done(1),
            Some(Cmd::Echo) => {
                let mut newline = true;
                let mut escapes = self.cfg.flavour == Flavour::Dash;
                let mut rest = args;
                while let Some(a) = rest.first() {
                    match a.as_str() {
                        "-n" => newline = false,
                        "-e" if self.cfg.flavour != Flavour::Dash => escapes = true,
                        "-E" if self.cfg.flavour != Flavour::Dash => escapes = false,
                        "-ne" | "-en" if self.cfg.flavour != Flavour::Dash => {
                            newline = false;
                            escapes = true
                        }
                        _ => break,
                    }
                    rest = &rest[1..];
                }
                let mut text = rest.join(" ");
                if escapes {
                    let (t, stop) = unescape(&text);
                    text = t;
                    if stop {
                        newline = false;
                    }
                }
                io.out.push_str(&text);
                if newline {
                    io.out.push('\n');
                }
                Act::Done(0)
            }
            Some(Cmd::Printf) => {
                let Some(fmt) = args.first() else {
                    io.err.push_str("printf: usage: printf format [arguments]\n");
                    return Act::Done(2);
                };
                io.out.push_str(&printf(fmt, &args[1..]));
                Act::Done(0)
            }
            Some(Cmd::Cat) => {
                let mut st = 0;
                if args.iter().all(|a| a.starts_with('-') && a.len() > 1) {
                    io.out.push_str(io.stdin.as_deref().unwrap_or(""));
                    return Act::Done(0);
                }
                for a in args {
                    if a.starts_with('-') && a.len() > 1 {
                        continue;
                    }
                    if a == "-" {
                        io.out.push_str(io.stdin.as_deref().unwrap_or(""));
                    } else if let Some(c) = vfs.read(a) {
                        io.out.push_str(c);
                    } else if vfs.is_dir(a) {
                        put(
                            &mut io.err,
                            self.pick(&["cat: ", a, ": Is a directory\n"], &["cat: read error: Is a directory\n"]),
                        );
                        st = 1;
                    } else {
                        put(&mut io.err, self.pick(&["cat: ", a, NO_FILE], &["cat: can't open '", a, "'", NO_FILE]));
                        st = 1;
                    }
                }
                Act::Done(st)
            }
            Some(Cmd::Touch) => {
                for a in operands(args) {
                    vfs.touch(a);
                }
                Act::Done(0)
            }
            Some(Cmd::Rm) => {
                let force = args.iter().any(|a| a.starts_with('-') && a.contains('f'));
                let recursive = args.iter().any(|a| a.starts_with('-') && (a.contains('r') || a.contains('R')));
                let mut st = 0;
                for a in operands(args) {
                    let ok = if vfs.is_file(a) {
                        vfs.remove(a)
                    } else if vfs.is_dir(a) {
                        if recursive {
                            vfs.remove_tree(a)
                        } else {
                            put(
                                &mut io.err,
                                self.pick(
                                    &["rm: cannot remove '", a, "': Is a directory\n"],
                                    &["rm: '", a, "' is a directory\n"],
                                ),
                            );
                            st = 1;
                            continue;
                        }
                    } else {
                        false
                    };
                    if !ok && !force {
                        let verb = if self.gnu() { "rm: cannot remove '" } else { "rm: can't remove '" };
                        put(&mut io.err, &[verb, a, "'", NO_FILE]);
                        st = 1;
                    }
                }
                Act::Done(st)
            }
            Some(Cmd::Mkdir) => {
                let parents = args.iter().any(|a| a == "-p" || (a.starts_with('-') && a.contains('p')));
                let mut st = 0;
                for a in operands(args) {
                    if vfs.exists(a) && !parents {
                        let verb = if self.gnu() { "mkdir: cannot" } else { "mkdir: can't" };
                        put(&mut io.err, &[verb, " create directory '", a, "': File exists\n"]);
                        st = 1;
                    } else {
                        vfs.mkdir(a);
                    }
                }
                Act::Done(st)
            }
            Some(Cmd::Ls) => {
                let mut paths = operands(args);
                if paths.is_empty() {
                    paths.push("/");
                }
                let mut st = 0;
                for p in paths {
                    if vfs.is_file(p) {
                        put(&mut io.out, &[p, "\n"]);
                    } else if vfs.is_dir(p) {
                        for n in vfs.list(p) {
                            io.out.push_str(&n);
                            io.out.push('\n');
                        }
                    } else {
                        put(&mut io.err, self.pick(&["ls: cannot access '", p, "'", NO_FILE], &["ls: ", p, NO_FILE]));
                        st = if self.gnu() { 2 } else { 1 };
                    }
                }
                Act::Done(st)
            }
            Some(Cmd::Cp | Cmd::Mv) => {
                let ops = operands(args);
                if ops.len() != 2 {
                    put(&mut io.err, &[name, ": missing file operand\n"]);
                    return Act::Done(1);
                }
                match vfs.read(ops[0]).map(str::to_string) {
                    Some(c) => {
                        let dst = if vfs.is_dir(ops[1]) {
                            format!("{}/{}", ops[1], basename(ops[0]))
                        } else {
                            ops[1].to_string()
                        };
                        self.ops = self.ops.saturating_add(c.len() >> 10);
                        vfs.write(&dst, &c);
                        if cmd == Some(Cmd::Mv) {
                            vfs.remove(ops[0]);
                        }
                        Act::Done(0)
                    }
                    None => {
                        put(&mut io.err, &[name, ": can't stat '", ops[0], "'", NO_FILE]);
                        Act::Done(1)
                    }
                }
            }
            Some(Cmd::Test | Cmd::Bracket) => {
                let mut ops: Vec<&str> = Vec::with_capacity(args.len());
                for a in args {
                    ops.push(a);
                }
                if cmd == Some(Cmd::Bracket) {
                    if ops.last().is_none_or(|l| *l != "]") {
                        io.err.push_str("sh: [: missing ]\n");
                        return Act::Done(2);
                    }
                    ops.pop();
                }
                match test(&ops, vfs) {
                    Ok(true) => Act::Done(0),
                    Ok(false) => Act::Done(1),
                    Err(e) => {
                        put(&mut io.err, &["sh: ", name, ": ", &e, "\n"]);
                        Act::Done(2)
                    }
                }
            }
            Some(Cmd::Exit) => match args.first() {
                None => Act::Exit(self.status),
                Some(a) => match a.parse::<i64>() {
                    Ok(n) => Act::Exit((n.rem_euclid(256)) as i32),
                    Err(_) => {
                        put(&mut io.err, &["sh: exit: Illegal number: ", a, "\n"]);
                        Act::Exit(2)
                    }
                },
            },
            Some(Cmd::Return) => Act::Return(
                args.first()
                    .and_then(|a| a.parse::<i64>().ok())
                    .and_then(|n| i32::try_from(n).ok())
                    .unwrap_or(self.status),
            ),
            Some(Cmd::Break) => Act::Done(0),
            Some(Cmd::Sleep) => {
                if args.is_empty() {
                    io.err.push_str(if self.gnu() {
                        "sleep: missing operand\n"
                    } else {
                        "BusyBox: sleep: missing operand\n"
                    });
                    return Act::Done(1);
                }
                let mut total: i64 = 0;
                for a in args {
                    match parse_sleep(a) {
                        Some(ms) => total = total.saturating_add(ms),
                        None => {
                            let what =
                                if self.gnu() { "sleep: invalid time interval '" } else { "sleep: invalid number '" };
                            put(&mut io.err, &[what, a, "'\n"]);
                            return Act::Done(1);
                        }
                    }
                }
                if total >= FOREVER {
                    Act::Forever
                } else {
                    Act::Sleep(total)
                }
            }
            Some(Cmd::Trap) => self.trap_builtin(args, io),
            Some(Cmd::Exec) => {
                if args.is_empty() {
                    return Act::Done(0);
                }
                self.traps.clear();
                let act = self.dispatch(args, io, true, host, vfs);
                match act {
                    Act::Done(st) | Act::Exit(st) | Act::Return(st) => Act::Exit(st),
                    Act::Sleep(ms) => {
                        self.exit_after_block = true;
                        Act::Sleep(ms)
                    }
                    Act::Spawn(argv) | Act::Exec(argv) => Act::Exec(argv),
                    Act::Forever => Act::Forever,
                    Act::Call(s) => Act::Call(s),
                }
            }
            Some(Cmd::Wait) => {
                if self.jobs.iter().all(|j| j.end.is_some_and(|e| e <= self.clock)) {
                    let st = self.jobs.last().map(|j| j.status).unwrap_or(0);
                    self.jobs.clear();
                    Act::Done(st)
                } else {
                    self.block = Block::Wait;
                    Act::Done(0)
                }
            }
            Some(Cmd::Kill) => self.kill_builtin(args, io, host),
            Some(Cmd::Killall | Cmd::Pkill) => {
                let mut sig = Some(Signal::Term);
                let mut quiet = false;
                let mut names = Vec::new();
                let mut it = args.iter();
                while let Some(a) = it.next() {
                    if a == "-q" {
                        quiet = true;
                    } else if a == "-s" {
                        sig = it.next().and_then(|s| Signal::parse(s));
                    } else if let Some(s) = a.strip_prefix('-') {
                        sig = if s == "0" { None } else { Signal::parse(s) };
                    } else {
                        names.push(a.clone());
                    }
                }
                let mut st = 0;
                for n in &names {
                    let ok = match sig {
                        None => host.running(n, self.clock),
                        Some(s) => host.signal_named(n, s, self.clock),
                    };
                    if !ok {
                        st = 1;
                        if !quiet && cmd == Some(Cmd::Killall) {
                            put(&mut io.err, &["killall: ", n, ": no process killed\n"]);
                        }
                    }
                }
                Act::Done(if names.is_empty() { 1 } else { st })
            }
            Some(Cmd::Pidof) => {
                let mut found = false;
                for n in operands(args) {
                    found |= host.running(n, self.clock);
                }
                if found {
                    io.out.push_str("1\n");
                }
                Act::Done(i32::from(!found))
            }
            Some(Cmd::Nginx) if args.first().is_some_and(|a| a == "-s") => {
                let sig = match args.get(1).map(String::as_str) {
                    Some("quit") => Signal::Quit,
                    Some("stop") => Signal::Term,
                    Some("reload") => Signal::Hup,
                    Some("reopen") => Signal::Usr1,
                    other => {
                        put(&mut io.err, &["nginx: invalid option: \"-s ", other.unwrap_or(""), "\"\n"]);
                        return Act::Done(1);
                    }
                };
                if host.signal_named("nginx", sig, self.clock) {
                    let date = format_date(self.cfg.epoch_ms.saturating_add(self.clock));
                    put(&mut io.err, &[&date, " [notice] 1#1: signal process started\n"]);
                    Act::Done(0)
                } else {
                    io.err.push_str("nginx: [error] invalid PID number \"\" in \"/run/nginx.pid\"\n");
                    Act::Done(1)
                }
            }
            Some(Cmd::Nginx) if matches!(args.first().map(String::as_str), Some("-t" | "-T")) => {
                io.err.push_str("nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n");
                Act::Done(0)
            }
            Some(Cmd::Wget | Cmd::Curl) => self.http_builtin(name, args, io, host, vfs),
            Some(Cmd::Grep) => grep(args, io, vfs),
            Some(Cmd::Printenv | Cmd::Env) => {
                if cmd == Some(Cmd::Env) && !args.is_empty() {
                    // `env CMD …`
                    return self.dispatch(args, io, tail, host, vfs);
                }
                if args.is_empty() {
                    for (k, v) in &self.vars {
                        put(&mut io.out, &[k, "=", v, "\n"]);
                    }
                    return Act::Done(0);
                }
                let mut st = 0;
                for a in args {
                    match self.vars.get(a) {
                        Some(v) => put(&mut io.out, &[v, "\n"]),
                        None => st = 1,
                    }
                }
                Act::Done(st)
            }
            Some(Cmd::Hostname) => {
                put(&mut io.out, &[self.vars.get("HOSTNAME").map_or("localhost", String::as_str), "\n"]);
                Act::Done(0)
            }
            Some(Cmd::Date) => {
                let ms = self.cfg.epoch_ms.saturating_add(self.clock);
                let text =
                    if args.iter().any(|a| a == "+%s") { ms.div_euclid(1000).to_string() } else { format_date(ms) };
                put(&mut io.out, &[&text, "\n"]);
                Act::Done(0)
            }
            Some(Cmd::Tail) => {
                let follow = args.iter().any(|a| a == "-f" || a == "-F" || a == "--follow");
                let mut files: Vec<&str> = Vec::new();
                for a in operands(args) {
                    if a.parse::<u64>().is_err() {
                        files.push(a);
                    }
                }
                for f in &files {
                    if let Some(c) = vfs.read(f) {
                        let lines: Vec<&str> = c.lines().collect();
                        let from = lines.len().saturating_sub(10);
                        for l in &lines[from..] {
                            io.out.push_str(l);
                            io.out.push('\n');
                        }
                    } else if !follow || args.iter().any(|a| a == "-f") {
                        put(&mut io.err, &["tail: can't open '", f, "'", NO_FILE]);
                        if !follow {
                            return Act::Done(1);
                        }
                    }
                }
                if follow {
                    Act::Forever
                } else {
                    if files.is_empty() {
                        io.out.push_str(io.stdin.as_deref().unwrap_or(""));
                    }
                    Act::Done(0)
                }
            }
            Some(
                c @ (Cmd::Head
                | Cmd::Wc
                | Cmd::Seq
                | Cmd::Basename
                | Cmd::Dirname
                | Cmd::Id
                | Cmd::Whoami
                | Cmd::Uname
                | Cmd::Pwd
                | Cmd::Cd
                | Cmd::Yes
                | Cmd::Read),
            ) => self.small_utility(c, args, io, vfs),
            Some(Cmd::Dd) => dd(args, io, vfs),
            Some(Cmd::Export) => {
                for a in args {
                    if let Some((k, v)) = a.split_once('=') {
                        if is_name(k) {
                            self.vars.insert(k.to_string(), v.to_string());
                        }
                    }
                }
                Act::Done(0)
            }
            Some(Cmd::Unset) => {
                for a in args {
                    self.vars.remove(a.as_str());
                }
                Act::Done(0)
            }
            Some(Cmd::Set) => {
                if args.iter().any(|a| a.starts_with('-') && a.contains('e')) {
                    self.notes.push("not simulated: `set -e` (errexit); commands run as without it".into());
                }
                if let Some(i) = args.iter().position(|a| a == "--") {
                    self.positional = self.with_args(&args[i + 1..]);
                }
                Act::Done(0)
            }
            Some(Cmd::Shift) => {
                let n = args.first().and_then(|a| a.parse::<usize>().ok()).unwrap_or(1);
                if n >= self.positional.len() {
                    return Act::Done(1);
                }
                self.positional = self.with_args(&self.positional[n + 1..]);
                Act::Done(0)
            }
            Some(Cmd::Nslookup) => {
                let target = args.iter().rfind(|a| !a.starts_with('-')).cloned().unwrap_or_default();
                if !self.has_note("DNS") {
                    self.notes.push("assumed: DNS names resolve (Services are not simulated)".into());
                }
                put(
                    &mut io.out,
                    &["Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\t", &target, "\nAddress: 10.96.0.1\n\n"],
                );
                Act::Done(0)
            }
            Some(Cmd::Sh) => self.nested_shell(args, io, vfs),
            _ => {
                // A script file in the virtual filesystem?
                if cmd0.contains('/') {
                    if let Some(text) = vfs.read(cmd0).map(str::to_string) {
                        let mut a = vec![cmd0.clone()];
                        a.extend(args.iter().cloned());
                        return self.enter_script(&text, a);
                    }
                }
                match host.program(argv) {
                    ProgramKind::NotFound => self.not_found(cmd0, io),
                    ProgramKind::Instant { code, output } => {
                        io.out.push_str(&output);
                        Act::Done(code)
                    }
                    ProgramKind::Program => {
                        if tail
                            && self.cfg.exec_last
                            && self.traps.iter().all(Option::is_none)
                            && self.frames.is_empty()
                            && self.nesting == 0
                        {
                            Act::Exec(argv.to_vec())
                        } else {
                            Act::Spawn(argv.to_vec())
                        }
                    }
                }
            }
        }
    }
}

impl Shell {
    /// Runs `text` like `sh script args` / `sh -c text name args`: a subshell-like segment.
    fn enter_script(&mut self, text: &str, positional: Vec<String>) -> Act {
        let key = format!("\u{0}script\u{0}{text}");
        let s = self.code.len();
        let start = match self.segments.get(&key) {
            Some(&s) => s,
            None => {
                self.code.push(Op::SubStart { end: 0 });
                if let Err(e) = shell_parse::parse(text, &mut self.code) {
                    self.code.truncate(s);
                    self.parse_failed(&e, true, false);
                    return Act::Done(2);
                }
                let end = self.code.len();
                self.code.push(Op::SubEnd);
                self.code.push(Op::Return);
                self.code[s] = Op::SubStart { end };
                self.segments.insert(key, s);
                s
            }
        };
        self.call_args = Some(positional);
        Act::Call(start)
    }

    fn nested_shell(&mut self, args: &[String], io: &mut Io, vfs: &mut Vfs) -> Act {
        let mut i = 0;
        while i < args.len() && args[i].starts_with('-') && args[i] != "-c" {
            i += 1;
        }
        match args.get(i).map(String::as_str) {
            Some("-c") => match args.get(i + 1) {
                Some(script) => {
                    let mut p: Vec<String> = args[i + 2..].to_vec();
                    if p.is_empty() {
                        p.push("sh".into());
                    }
                    let script = script.clone();
                    self.enter_script(&script, p)
                }
                None => {
                    io.err.push_str("sh: -c requires an argument\n");
                    Act::Done(2)
                }
            },
            Some(file) => match vfs.read(file).map(str::to_string) {
                Some(text) => self.enter_script(&text, args[i..].to_vec()),
                None => {
                    let f = self.cfg.flavour;
                    let parts = [
                        by_flavour(f, "sh: can't open '", "sh: 0: cannot open ", "bash: "),
                        file,
                        by_flavour(f, "'", "", ""),
                        by_flavour(f, NO_FILE, ": No such file\n", NO_FILE),
                    ];
                    put(&mut io.err, &parts);
                    Act::Done(if self.cfg.flavour == Flavour::Bash { 127 } else { 2 })
                }
            },
            // An interactive shell reading stdin: stdin is at EOF → exits 0 (image-behaviours.md §1.1).
            None => Act::Done(0),
        }
    }

    fn trap_builtin(&mut self, args: &[String], io: &mut Io) -> Act {
        if args.is_empty() {
            for (n, a) in self.traps.iter().enumerate() {
                let Some(a) = a else { continue };
                let name = Signal::from_number(n as i32).name();
                let name = name.strip_prefix("SIG").unwrap_or(&name).to_string();
                put(&mut io.out, &["trap -- '", a, "' ", &name, "\n"]);
            }
            return Act::Done(0);
        }
        // `trap N…` (first operand an unsigned integer) resets; `trap - SIG…` resets; an empty
        // action (`trap '' SIG…`) is an action too: POSIX's "ignore".
        let (action, sigs) = if !args[0].is_empty() && args[0].chars().all(|c| c.is_ascii_digit()) {
            (None, args)
        } else if args[0] == "-" {
            (None, &args[1..])
        } else {
            (Some(args[0].clone()), &args[1..])
        };
        let mut st = 0;
        for s in sigs {
            match Signal::parse(s) {
                Some(sig) => {
                    let n = usize::try_from(sig.number()).unwrap_or(0);
                    if self.traps.len() <= n {
                        self.traps.resize(n + 1, None);
                    }
                    self.traps[n] = action.clone();
                }
                None => {
                    put(&mut io.err, &["sh: trap: ", s, ": bad trap\n"]);
                    st = 1;
                }
            }
        }
        Act::Done(st)
    }

    fn kill_builtin(&mut self, args: &[String], io: &mut Io, host: &mut dyn Host) -> Act {
        let mut sig = Some(Signal::Term);
        let mut pids = Vec::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if a == "-l" {
                io.out.push_str("HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM\n");
                return Act::Done(0);
            } else if a == "-s" || a == "-n" {
                sig = it.next().and_then(|s| Signal::parse(s));
                if sig.is_none() {
                    io.err.push_str("sh: kill: bad signal name\n");
                    return Act::Done(1);
                }
            } else if a == "--" {
                pids.extend(it.by_ref().cloned());
            } else if let Some(s) = a.strip_prefix('-').filter(|s| !s.is_empty() && pids.is_empty()) {
                if s == "0" {
                    sig = None;
                } else {
                    sig = Signal::parse(s);
                    if sig.is_none() {
                        put(&mut io.err, &["sh: kill: ", s, ": invalid signal specification\n"]);
                        return Act::Done(1);
                    }
                }
            } else {
                pids.push(a.clone());
            }
        }
        if pids.is_empty() {
            io.err.push_str("kill: usage: kill [-s sigspec | -n signum | -sigspec] pid ...\n");
            return Act::Done(2);
        }
        let mut st = 0;
        for p in pids {
            let Ok(pid) = p.trim_start_matches('%').parse::<u32>() else {
                put(&mut io.err, &["sh: kill: invalid number '", &p, "'\n"]);
                st = 1;
                continue;
            };
            let ok = if pid == self.pid && self.pid == 1 {
                // The PID-1 shell signalling itself.
                if let Some(s) = sig {
                    let at = self.clock;
                    self.signal(s, at);
                }
                true
            } else if pid == 1 {
                match sig {
                    Some(s) => host.signal_pid1(s, self.clock),
                    None => true,
                }
            } else if let Some(i) = self.jobs.iter().position(|j| j.pid == pid && j.end.is_none_or(|e| e > self.clock))
            {
                if let Some(s) = sig {
                    if s != Signal::Winch {
                        self.jobs[i].end = Some(self.clock);
                        self.jobs[i].status = 128 + s.number();
                    }
                }
                true
            } else {
                false
            };
            if !ok {
                io.err.push_str(&format!("sh: kill: can't kill pid {pid}: No such process\n"));
                st = 1;
            }
        }
        Act::Done(st)
    }

    fn http_builtin(&mut self, name: &str, args: &[String], io: &mut Io, host: &mut dyn Host, vfs: &mut Vfs) -> Act {
        let curl = name == "curl";
        let mut url = None;
        let mut out_file: Option<String> = None;
        let mut fail = false;
        let mut quiet = false;
        let mut spider = false;
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "-O" | "-o" | "--output" | "--output-document" => out_file = it.next().cloned(),
                "-T" | "--timeout" | "-m" | "--max-time" | "--connect-timeout" | "-H" | "--header" | "-X" | "-U"
                | "--user-agent" | "-A" => {
                    it.next();
                }
                "-f" | "--fail" => fail = true,
                "-q" | "-s" | "--silent" | "-sS" | "-fsS" | "-sf" | "-fs" => {
                    quiet = true;
                    fail |= a.contains('f');
                }
                "--spider" => spider = true,
                a if a.starts_with("-O") && a.len() > 2 => out_file = Some(a[2..].to_string()),
                a if a.starts_with('-') => {}
                a => url = Some(a.to_string()),
            }
        }
        let _ = quiet;
        let Some(url) = url else {
            put(&mut io.err, &[name, ": missing URL\n"]);
            return Act::Done(if curl { 2 } else { 1 });
        };
        let Some((h, port, path)) = parse_url(&url) else {
            put(&mut io.err, &[name, ": bad address '", &url, "'\n"]);
            return Act::Done(if curl { 3 } else { 1 });
        };
        if !is_local_host(&h) {
            // The outside world is not simulated. A node normally has Internet access, and the
            // docs' examples (e.g. init-containers.yaml fetching http://info.cern.ch) expect the
            // download to succeed: assume 200 with a placeholder page, and say so.
            if !self.has_note("other hosts") {
                self.notes.push(format!(
                    "HTTP requests to other hosts ({h}) are assumed to succeed (200, placeholder body): their content and latency are not simulated"
                ));
            }
            if !spider {
                let body = format!("<html><body>placeholder for {url}</body></html>\n");
                deliver_body(&body, out_file.as_deref(), curl, &path, io, vfs);
            }
            return Act::Done(0);
        }
        match host.http_get(port, &path, self.clock) {
            None => {
                io.err.push_str(&if curl {
                    format!("curl: (7) Failed to connect to {h} port {port} after 0 ms: Couldn't connect to server\n")
                } else {
                    "wget: can't connect to remote host (127.0.0.1): Connection refused\n".to_string()
                });
                Act::Done(if curl { 7 } else { 1 })
            }
            Some((code, body)) => {
                let ok = (200..400).contains(&code);
                if !curl && !ok {
                    io.err.push_str(&format!("wget: server returned error: HTTP/1.1 {code} {}\n", reason_phrase(code)));
                    return Act::Done(if self.gnu() { 8 } else { 1 });
                }
                if curl && fail && code >= 400 {
                    io.err.push_str(&format!("curl: (22) The requested URL returned error: {code}\n"));
                    return Act::Done(22);
                }
                if !spider {
                    deliver_body(&body, out_file.as_deref(), curl, &path, io, vfs);
                }
                Act::Done(0)
            }
        }
    }

    fn small_utility(&mut self, cmd: Cmd, args: &[String], io: &mut Io, vfs: &mut Vfs) -> Act {
        let input = |io: &Io, files: &[&str]| -> Option<String> {
            if files.is_empty() {
                Some(io.stdin.clone().unwrap_or_default())
            } else {
                let mut s = String::new();
                for f in files {
                    s.push_str(vfs.read(f)?);
                }
                Some(s)
            }
        };
        let ops = operands(args);
        match cmd {
            Cmd::Head => {
                let n = args
                    .iter()
                    .position(|a| a == "-n")
                    .and_then(|i| args.get(i + 1))
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(10);
                let mut files: Vec<&str> = Vec::new();
                for a in ops {
                    if a.parse::<usize>().is_err() {
                        files.push(a);
                    }
                }
                let Some(text) = input(io, &files) else {
                    return Act::Done(1);
                };
                for l in text.lines().take(n) {
                    io.out.push_str(l);
                    io.out.push('\n');
                }
                Act::Done(0)
            }
            Cmd::Wc => {
                let Some(text) = input(io, &ops) else {
                    return Act::Done(1);
                };
                let v = if args.iter().any(|a| a == "-l") {
                    text.matches('\n').count()
                } else if args.iter().any(|a| a == "-c") {
                    text.len()
                } else {
                    text.split_whitespace().count()
                };
                put(&mut io.out, &[&v.to_string(), "\n"]);
                Act::Done(0)
            }
            Cmd::Seq => {
                let mut nums: Vec<i64> = Vec::new();
                for a in &ops {
                    if let Ok(n) = a.parse() {
                        nums.push(n);
                    }
                }
                let (a, step, b) = match nums.as_slice() {
                    [b] => (1, 1, *b),
                    [a, b] => (*a, 1, *b),
                    [a, s, b] => (*a, *s, *b),
                    _ => return Act::Done(1),
                };
                if step == 0 {
                    return Act::Done(1);
                }
                let mut x = a;
                let mut count = 0;
                while (step > 0 && x <= b) || (step < 0 && x >= b) {
                    put(&mut io.out, &[&x.to_string(), "\n"]);
                    x = x.saturating_add(step);
                    count += 1;
                    if count >= 100_000 {
                        self.notes.push("not simulated: seq output capped at 100000 lines".into());
                        break;
                    }
                }
                Act::Done(0)
            }
            Cmd::Basename => {
                let p = ops.first().map(|s| s.trim_end_matches('/')).unwrap_or("");
                put(&mut io.out, &[basename(p), "\n"]);
                Act::Done(0)
            }
            Cmd::Dirname => {
                let p = ops.first().copied().unwrap_or(".");
                let d = match p.trim_end_matches('/').rsplit_once('/') {
                    Some(("", _)) => "/",
                    Some((d, _)) => d,
                    None => ".",
                };
                put(&mut io.out, &[d, "\n"]);
                Act::Done(0)
            }
            Cmd::Id => {
                io.out.push_str("uid=0(root) gid=0(root) groups=0(root)\n");
                Act::Done(0)
            }
            Cmd::Whoami => {
                io.out.push_str("root\n");
                Act::Done(0)
            }
            Cmd::Uname => {
                io.out.push_str(if args.iter().any(|a| a == "-a") {
                    "Linux podlife 6.8.0 #1 SMP x86_64 GNU/Linux\n"
                } else {
                    "Linux\n"
                });
                Act::Done(0)
            }
            Cmd::Pwd => {
                io.out.push_str("/\n");
                Act::Done(0)
            }
            Cmd::Cd => Act::Done(if ops.first().is_none_or(|d| vfs.is_dir(d)) { 0 } else { 1 }),
            Cmd::Yes => {
                self.notes.push("not simulated: `yes` output".into());
                Act::Forever
            }
            // `read`: stdin is at EOF unless piped (the container's stdin is /dev/null).
            _ => {
                let line = io.stdin.clone().unwrap_or_default();
                match line.lines().next() {
                    Some(l) if !line.is_empty() => {
                        if let Some(v) = ops.first() {
                            self.vars.insert(v.to_string(), l.to_string());
                        }
                        Act::Done(0)
                    }
                    _ => Act::Done(1),
                }
            }
        }
    }
}

/// Where wget/curl put a response body: `-O -` or curl's default is standard output, `-O f`
/// a file, wget's default the last path segment (or `index.html`).
fn deliver_body(body: &str, out_file: Option<&str>, curl: bool, path: &str, io: &mut Io, vfs: &mut Vfs) {
    match out_file {
        Some("-") => io.out.push_str(body),
        Some(f) => vfs.write(f, body),
        None if curl => io.out.push_str(body),
        None => {
            let f = Some(basename(path)).filter(|s| !s.is_empty()).unwrap_or("index.html");
            vfs.write(f, body)
        }
    }
}

fn reason_phrase(code: u16) -> &'static str {
    match code {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        412 => "Precondition Failed",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Backslash escapes for `echo -e` / dash echo / printf. Returns (text, saw `\c`).
fn unescape(s: &str) -> (String, bool) {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('a') => out.push('\u{7}'),
            Some('e') => out.push('\u{1b}'),
            Some('0') => {}
            Some('c') => return (out, true),
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => out.push('\\'),
        }
    }
    (out, false)
}

/// `printf FORMAT ARGS…` (%s %d %i %u %x %c %b %%, with the format reused while arguments remain).
fn printf(fmt: &str, args: &[String]) -> String {
    let (fmt, _) = unescape(fmt);
    let mut out = String::new();
    let mut idx = 0;
    for _round in 0..1000 {
        let mut used = false;
        let mut chars = fmt.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            // Skip flags/width/precision.
            let mut spec = String::new();
            while let Some(&n) = chars.peek() {
                if n.is_ascii_digit() || matches!(n, '-' | '.' | '+' | ' ' | '#') {
                    spec.push(n);
                    chars.next();
                } else {
                    break;
                }
            }
            let conv = chars.next();
            let arg = args.get(idx).cloned();
            match conv {
                Some('%') => out.push('%'),
                Some('s') | Some('b') => {
                    used = true;
                    idx += 1;
                    let a = arg.unwrap_or_default();
                    let a = if conv == Some('b') { unescape(&a).0 } else { a };
                    let width: usize = spec.trim_start_matches('-').parse().unwrap_or(0).min(1000);
                    // Padded to `width` characters, as `{:<width$}` / `{:>width$}` pad.
                    let pad = " ".repeat(width.saturating_sub(a.chars().count()));
                    if spec.starts_with('-') {
                        put(&mut out, &[&a, &pad]);
                    } else {
                        put(&mut out, &[&pad, &a]);
                    }
                }
                Some('d') | Some('i') | Some('u') | Some('x') | Some('c') => {
                    used = true;
                    idx += 1;
                    let a = arg.unwrap_or_default();
                    let n: i64 = a.trim().parse().unwrap_or(0);
                    match conv {
                        Some('x') => out.push_str(&format!("{n:x}")),
                        Some('c') => out.push(a.chars().next().unwrap_or('\0')),
                        _ => out.push_str(&n.to_string()),
                    }
                }
                Some(o) => {
                    out.push('%');
                    out.push_str(&spec);
                    out.push(o);
                }
                None => out.push('%'),
            }
        }
        if !used || idx >= args.len() {
            break;
        }
    }
    out
}

/// `test` / `[` (POSIX test(1) with -a/-o/!/parentheses, left to right).
fn test(ops: &[&str], vfs: &Vfs) -> Result<bool, String> {
    fn unary(op: &str, a: &str, vfs: &Vfs) -> Option<bool> {
        Some(match op {
            "-f" => vfs.is_file(a),
            "-e" | "-r" | "-w" | "-x" => vfs.exists(a),
            "-d" => vfs.is_dir(a),
            "-s" => vfs.read(a).is_some_and(|c| !c.is_empty()),
            "-z" => a.is_empty(),
            "-n" => !a.is_empty(),
            "-L" | "-h" | "-p" | "-S" | "-b" | "-c" => false,
            _ => return None,
        })
    }
    fn binary(a: &str, op: &str, b: &str) -> Option<Result<bool, String>> {
        let num = |s: &str| s.trim().parse::<i64>().map_err(|_| format!("{s}: integer expression expected"));
        let cmp = |f: fn(i64, i64) -> bool| Some(num(a).and_then(|x| num(b).map(|y| f(x, y))));
        match op {
            "=" | "==" => Some(Ok(a == b)),
            "!=" => Some(Ok(a != b)),
            "-eq" => cmp(|x, y| x == y),
            "-ne" => cmp(|x, y| x != y),
            "-gt" => cmp(|x, y| x > y),
            "-ge" => cmp(|x, y| x >= y),
            "-lt" => cmp(|x, y| x < y),
            "-le" => cmp(|x, y| x <= y),
            "<" => Some(Ok(a < b)),
            ">" => Some(Ok(a > b)),
            _ => None,
        }
    }
    fn primary(ops: &[&str], i: &mut usize, vfs: &Vfs, depth: u32) -> Result<bool, String> {
        if depth > 64 {
            return Err("expression too deep".into());
        }
        let rest = &ops[*i..];
        match rest {
            [] => Err("argument expected".into()),
            ["!", ..] => {
                *i += 1;
                primary(ops, i, vfs, depth + 1).map(|v| !v)
            }
            ["(", ..] => {
                *i += 1;
                let v = or(ops, i, vfs, depth + 1)?;
                if ops.get(*i).is_none_or(|o| *o != ")") {
                    return Err("missing )".into());
                }
                *i += 1;
                Ok(v)
            }
            [a, op, b, ..] if binary(a, op, b).is_some() => {
                *i += 3;
                binary(a, op, b).unwrap_or(Ok(false))
            }
            [op, a, ..] if op.starts_with('-') && unary(op, a, vfs).is_some() => {
                *i += 2;
                Ok(unary(op, a, vfs).unwrap_or(false))
            }
            [a, ..] => {
                *i += 1;
                Ok(!a.is_empty())
            }
        }
    }
    fn and(ops: &[&str], i: &mut usize, vfs: &Vfs, depth: u32) -> Result<bool, String> {
        let mut v = primary(ops, i, vfs, depth)?;
        while ops.get(*i).is_some_and(|o| *o == "-a") {
            *i += 1;
            let r = primary(ops, i, vfs, depth)?;
            v = v && r;
        }
        Ok(v)
    }
    fn or(ops: &[&str], i: &mut usize, vfs: &Vfs, depth: u32) -> Result<bool, String> {
        let mut v = and(ops, i, vfs, depth)?;
        while ops.get(*i).is_some_and(|o| *o == "-o") {
            *i += 1;
            let r = and(ops, i, vfs, depth)?;
            v = v || r;
        }
        Ok(v)
    }
    match ops {
        [] => Ok(false),
        [a] => Ok(!a.is_empty()),
        ["!", a] => Ok(a.is_empty()),
        [op, a] => unary(op, a, vfs).ok_or_else(|| format!("{op}: unary operator expected")),
        _ => {
            let mut i = 0;
            let v = or(ops, &mut i, vfs, 0)?;
            if i != ops.len() {
                return Err(format!("{}: unexpected operator", ops[i]));
            }
            Ok(v)
        }
    }
}

/// `grep [-q] [-v] [-c] [-i] [-E|-F] PATTERN [FILE…]`: literal match with `^`/`$` anchors.
fn grep(args: &[String], io: &mut Io, vfs: &Vfs) -> Act {
    let mut quiet = false;
    let mut invert = false;
    let mut count = false;
    let mut icase = false;
    let mut rest = Vec::new();
    for a in args {
        if a.starts_with('-') && a.len() > 1 && rest.is_empty() {
            quiet |= a.contains('q') || a.contains('s') && a.contains('q');
            invert |= a.contains('v');
            count |= a.contains('c');
            icase |= a.contains('i');
        } else {
            rest.push(a.clone());
        }
    }
    let Some(pattern) = rest.first().cloned() else {
        io.err.push_str("Usage: grep [OPTIONS] PATTERN [FILE]...\n");
        return Act::Done(2);
    };
    let mut text = String::new();
    let mut missing = false;
    if rest.len() == 1 {
        text = io.stdin.clone().unwrap_or_default();
    } else {
        for f in &rest[1..] {
            match vfs.read(f) {
                Some(c) => text.push_str(c),
                None => {
                    put(&mut io.err, &["grep: ", f, NO_FILE]);
                    missing = true;
                }
            }
        }
    }
    let (pat, start, end) = {
        let mut p = pattern.as_str();
        let s = p.starts_with('^');
        if s {
            p = &p[1..];
        }
        let e = p.ends_with('$');
        if e {
            p = &p[..p.len() - 1];
        }
        (p.replace("\\.", "."), s, e)
    };
    // `-i` folds ASCII letters only: a container's shell runs in the POSIX locale (no LANG in
    // the image's environment), where GNU and BusyBox grep fold case as `tolower` does there.
    let norm = |s: &str| {
        if icase {
            s.to_ascii_lowercase()
        } else {
            s.to_string()
        }
    };
    let pat = norm(&pat);
    let mut matched = 0;
    for line in text.lines() {
        let l = norm(line);
        let hit = match (start, end) {
            (true, true) => l == pat,
            (true, false) => l.starts_with(&pat),
            (false, true) => l.ends_with(&pat),
            (false, false) => l.contains(&pat),
        };
        if hit != invert {
            matched += 1;
            if !quiet && !count {
                io.out.push_str(line);
                io.out.push('\n');
            }
        }
    }
    if count && !quiet {
        put(&mut io.out, &[&matched.to_string(), "\n"]);
    }
    if missing && matched == 0 {
        Act::Done(2)
    } else {
        Act::Done(i32::from(matched == 0))
    }
}

#[cfg(test)]
mod tests;

/// `dd if=… of=… bs=… count=…`: copies `bs × count` bytes. Only the size of the output file is
/// tracked (its contents are not kept), which is what disk-usage accounting (emptyDir
/// `sizeLimit`) needs. BusyBox/coreutils size suffixes: `k`/`K` = 1024, `M` = 1024², `G` = 1024³.
fn dd(args: &[String], io: &mut Io, vfs: &mut Vfs) -> Act {
    fn size(v: &str) -> Option<u64> {
        let (num, mult) = match v.char_indices().last() {
            Some((i, 'k' | 'K')) => (&v[..i], 1u64 << 10),
            Some((i, 'M')) => (&v[..i], 1 << 20),
            Some((i, 'G')) => (&v[..i], 1 << 30),
            Some((i, 'c')) => (&v[..i], 1),
            Some((i, 'w')) => (&v[..i], 2),
            Some((i, 'b')) => (&v[..i], 512),
            _ => (v, 1),
        };
        num.parse::<u64>().ok().map(|n| n.saturating_mul(mult))
    }
    let (mut input, mut output, mut bs, mut count) = (None, None, 512u64, None);
    for a in args {
        match a.split_once('=') {
            Some(("if", v)) => input = Some(v.to_string()),
            Some(("of", v)) => output = Some(v.to_string()),
            Some(("bs", v)) => match size(v) {
                Some(n) if n > 0 => bs = n,
                _ => {
                    put(&mut io.err, &["dd: invalid number '", v, "'\n"]);
                    return Act::Done(1);
                }
            },
            Some(("count", v)) => match size(v) {
                Some(n) => count = Some(n),
                None => {
                    put(&mut io.err, &["dd: invalid number '", v, "'\n"]);
                    return Act::Done(1);
                }
            },
            _ => {}
        }
    }
    let from_device = input.as_deref().is_none_or(|i| matches!(i, "/dev/zero" | "/dev/urandom" | "/dev/random"));
    let blocks = match (count, input.as_deref()) {
        (Some(n), _) => n,
        (None, Some(f)) if !from_device => match vfs.read(f) {
            Some(c) => (c.len() as u64).div_ceil(bs),
            None => {
                put(&mut io.err, &["dd: can't open '", f, "'", NO_FILE]);
                return Act::Done(1);
            }
        },
        // An endless source without count never ends: bounded here as "runs forever".
        _ => return Act::Forever,
    };
    let bytes = bs.saturating_mul(blocks);
    match output.as_deref() {
        Some(o) => vfs.write_sized(o, bytes),
        None => io.out.push_str(&"\0".repeat(usize::try_from(bytes.min(1024)).unwrap_or(0))),
    }
    io.err.push_str(&format!("{blocks}+0 records in\n{blocks}+0 records out\n"));
    Act::Done(0)
}
