//! [`Process`]: a container's main process in virtual time, and [`run_exec`] for exec probes
//! and hooks. Glues the shell interpreter ([`super::shell`]) to the program models
//! ([`super::images`]) and the user's overrides ([`super::behaviour`]).

use super::behaviour::{parse_bytes, ContainerBehaviour, SigtermAction};
use super::images::{self, Http, ImageInfo, Program, Reaction};
use super::millis::{Millis, Signal};
use super::shell::{self, Config, Host, ProgramKind, Shell, Yield, FOREVER};
use super::vfs::Vfs;
use crate::model::core::Container;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::rc::Rc;

/// What podlife inferred about a container's process from its image, command and args
/// (plus overrides): shown to the user and editable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inferred {
    /// One line, e.g. "image nginx:1.27 → nginx listens on :80 after 0.1s; stop signal SIGQUIT (from the image)".
    pub summary: String,
    /// One fact per line, each saying where it came from.
    pub details: Vec<String>,
    /// The signal the runtime sends first: `lifecycle.stopSignal` > override > image STOPSIGNAL > SIGTERM.
    pub stop_signal: Signal,
    /// Things guessed or not modelled.
    pub not_simulated: Vec<String>,
    /// The argv that runs as PID 1 (command/args resolved against the image ENTRYPOINT/CMD).
    pub argv: Vec<String>,
    /// Ports the process is expected to listen on, with the delay after start.
    pub ports: Vec<(u16, Millis)>,
}

/// A modelled program that is running (PID 1, or a child of the PID-1 shell).
#[derive(Clone, Debug)]
struct App {
    /// Never changed after the start: an exec's view of the process shares it.
    prog: Rc<Program>,
    started: i64,
    /// Signals reach it directly (it is PID 1, or behind tini which forwards).
    pid1: bool,
    /// (listener closed at, exit time, exit code) once a handled signal started its shutdown
    /// (the listener closes at the signal, or at the exit for [`Reaction::ServeThenExit`]).
    stopping: Option<(i64, i64, i32)>,
    /// First SIGTERM (agnhost netexec flips /readyz).
    termed: Option<i64>,
}

impl App {
    fn new(prog: Program, started: i64, pid1: bool) -> App {
        App { prog: Rc::new(prog), started, pid1, stopping: None, termed: None }
    }

    /// When and how it exits on its own (or because of an earlier signal).
    fn exit_event(&self) -> Option<(i64, i32)> {
        let natural = self.prog.exit.map(|(d, c)| (self.started.saturating_add(d), c));
        let stop = self.stopping.map(|(_, t, c)| (t, c));
        match (natural, stop) {
            (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
            (a, b) => a.or(b),
        }
    }

    fn alive(&self, now: i64) -> bool {
        now >= self.started && self.exit_event().is_none_or(|(t, _)| now < t)
    }

    fn listening(&self, port: u16, now: i64) -> bool {
        self.alive(now)
            && self.stopping.is_none_or(|(s, _, _)| now < s)
            && self.prog.listen.iter().any(|(p, d)| *p == port && now >= self.started.saturating_add(*d))
    }

    /// Delivers a signal; `wrapped` = behind tini/dumb-init (not PID 1: default actions apply).
    /// Returns Some(exit code) if the process dies at once of the signal's default action.
    fn signal(&mut self, sig: Signal, now: i64, wrapped: bool) -> Option<i32> {
        if sig == Signal::Term && self.termed.is_none() {
            self.termed = Some(now);
        }
        match self.prog.reaction(sig) {
            Reaction::Stay => None,
            Reaction::Default => {
                let terminating = !matches!(sig.number(), 17 | 18 | 20 | 23 | 28);
                (wrapped && terminating).then(|| 128 + sig.number())
            }
            Reaction::Exit { after, code } => {
                self.stop(now, now.saturating_add(after), code);
                None
            }
            Reaction::ServeThenExit { after, code } => {
                let t = now.saturating_add(after);
                self.stop(t, t, code);
                None
            }
        }
    }

    /// A shutdown that closes the listener at `closes` and exits at `exit` with `code`; an
    /// earlier shutdown already under way keeps its earlier times.
    fn stop(&mut self, closes: i64, exit: i64, code: i32) {
        match &mut self.stopping {
            Some((c0, t0, c)) => {
                *c0 = (*c0).min(closes);
                if exit < *t0 {
                    *t0 = exit;
                    *c = code;
                }
            }
            None => self.stopping = Some((closes, exit, code)),
        }
    }

    fn memory(&self, now: i64) -> u64 {
        mem_at(self.prog.mem_start, self.prog.mem_per_sec, self.prog.mem_max, self.started, now)
    }
}

/// `min(start + rate × (now − t0), max)` in bytes.
fn mem_at(start: u64, per_sec: u64, max: Option<u64>, t0: i64, now: i64) -> u64 {
    let dt = now.saturating_sub(t0).max(0) as u128;
    let v = (start as u128).saturating_add((per_sec as u128).saturating_mul(dt) / 1000);
    let v = u64::try_from(v).unwrap_or(u64::MAX);
    max.map_or(v, |m| v.min(m))
}

/// The earliest time ≥ t0 at which the memory model exceeds `limit`.
fn mem_crossing(start: u64, per_sec: u64, max: Option<u64>, t0: i64, limit: u64) -> Option<i64> {
    if start > limit {
        return Some(t0);
    }
    if per_sec == 0 || max.is_some_and(|m| m <= limit) {
        return None;
    }
    let need = (limit - start) as u128 + 1;
    let ms = (need * 1000).div_ceil(per_sec as u128);
    Some(t0.saturating_add(i64::try_from(ms).unwrap_or(i64::MAX)))
}

/// What a process never changes after its start: shared, not copied, by an exec's view of
/// the process ([`Process::exec_view`]).
#[derive(Debug)]
struct Fixed {
    info: ImageInfo,
    env: BTreeMap<String, String>,
    declared: Vec<u16>,
    overrides: ContainerBehaviour,
}

/// A running main process, stepped in virtual time.
#[derive(Debug)]
pub struct Process {
    started: i64,
    now: i64,
    inferred: Inferred,
    fx: Rc<Fixed>,
    shell: Option<Shell>,
    app: Option<App>,
    /// tini / dumb-init in front of the workload (§1.6).
    wrapped: bool,
    exit: Option<(i64, i32, &'static str)>,
    /// A process-level exit decided in advance (override exit, override SIGTERM handling).
    planned: Option<(i64, i32)>,
    /// Override listening rules, absolute times: (port, from, until).
    listen_override: Option<Vec<(u16, i64, Option<i64>)>>,
    /// Override "drain": stops listening from this time.
    stop_listening: Option<i64>,
    mem_limit: Option<u64>,
    /// The node's memory capacity, the limit of the `kubepods` cgroup above the container's
    /// own (set by the engine, [`Process::set_node_memory`]).
    node_mem: Option<u64>,
    log: String,
}

/// Expands `$(VAR)` in command/args from the container's static env, as the kubelet does
/// (`expandContainerCommandAndArgs`, k8s pkg/kubelet/container/helpers.go; `$$` escapes `$`).
pub fn expand_kubelet_vars(s: &str, env: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(a) = after.strip_prefix('$') {
            out.push('$');
            rest = a;
        } else if let Some(inner) = after.strip_prefix('(') {
            match inner.find(')') {
                Some(j) if env.contains_key(&inner[..j]) => {
                    out.push_str(&env[&inner[..j]]);
                    rest = &inner[j + 1..];
                }
                _ => {
                    out.push('$');
                    rest = after;
                }
            }
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// A program's ports with their delays after start, as [`Inferred::ports`] lists them.
fn listen_ports(listen: &[(u16, i64)]) -> Vec<(u16, Millis)> {
    let mut out = Vec::with_capacity(listen.len());
    for &(p, d) in listen {
        out.push((p, Millis(d)));
    }
    out
}

fn is_shell(cmd: &str) -> bool {
    shell::word_index("sh|bash|ash|dash", shell::basename(cmd)).is_some()
}

/// Utilities that exist as binaries in images with a userland (used to tell a runnable
/// `command: [sleep, "10"]` from a start failure), one packed text ([`shell::word_index`]).
const BINARIES: &str = "sleep|echo|cat|touch|rm|ls|date|printenv|env|true|false|test|[|mkdir|\
    tail|grep|wget|curl|kill|killall|hostname|nslookup|seq|head|wc|printf|id|\
    whoami|uname|pwd|basename|dirname|cp|mv|yes|sh|bash|ash|dash|pidof|pgrep";

struct MainHost<'a> {
    app: &'a mut Option<App>,
    info: &'a ImageInfo,
    env: &'a BTreeMap<String, String>,
    declared: &'a [u16],
    wrapped: bool,
}

impl Host for MainHost<'_> {
    fn http_get(&mut self, port: u16, path: &str, at: i64) -> Option<(u16, String)> {
        let app = self.app.as_ref()?;
        app.listening(port, at).then(|| app_http(app, path, at, self.env, None)).map(|(s, b)| (s, b.into_owned()))
    }
    fn running(&mut self, name: &str, at: i64) -> bool {
        self.app.as_ref().is_some_and(|a| a.prog.name == name && a.alive(at)) || matches!(name, "sh" | "bash")
    }
    fn signal_pid1(&mut self, _sig: Signal, _at: i64) -> bool {
        true
    }
    fn signal_named(&mut self, name: &str, sig: Signal, at: i64) -> bool {
        match self.app.as_mut() {
            Some(a) if a.prog.name == name && a.alive(at) => {
                let wrapped = self.wrapped || !a.pid1;
                if let Some(code) = a.signal(sig, at, wrapped) {
                    a.stopping = Some((at, at, code));
                }
                true
            }
            _ => false,
        }
    }
    fn program(&mut self, argv: &[String]) -> ProgramKind {
        match images::program(argv, self.info, self.env, self.declared) {
            Some(_) => ProgramKind::Program,
            None => ProgramKind::NotFound,
        }
    }
}

/// The HTTP answer of a modelled program (the app must be listening).
fn app_http(
    app: &App,
    path: &str,
    now: i64,
    env: &BTreeMap<String, String>,
    vfs: Option<&Vfs>,
) -> (u16, Cow<'static, str>) {
    // A byte scan rather than `split_once`: this runs for every HTTP probe.
    let (route, query) = match path.bytes().position(|b| b == b'?') {
        Some(i) => (&path[..i], &path[i + 1..]),
        None => (path, ""),
    };
    // Bodies are built only when needed: probes look at the status alone (the engine's hot path).
    let hostname = || Cow::Owned(env.get("HOSTNAME").cloned().unwrap_or_default());
    match &app.prog.http {
        Http::Any200 => (200, Cow::Borrowed("ok")),
        Http::Nginx | Http::Httpd => {
            let (root, index) = if app.prog.http == Http::Nginx {
                ("/usr/share/nginx/html", "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n</body>\n</html>\n")
            } else {
                ("/usr/local/apache2/htdocs", "<html><body><h1>It works!</h1></body></html>\n")
            };
            if let Some(v) = vfs {
                let file =
                    if route.ends_with('/') { format!("{root}{route}index.html") } else { format!("{root}{route}") };
                if let Some(body) = v.read(&file) {
                    return (200, Cow::Owned(body.to_string()));
                }
            }
            match route {
                "/" | "/index.html" => (200, Cow::Borrowed(index)),
                "/50x.html" if app.prog.http == Http::Nginx => (200, Cow::Borrowed("An error occurred.")),
                _ => (404, Cow::Borrowed("<html><head><title>404 Not Found</title></head></html>\n")),
            }
        }
        Http::Liveness => {
            // agnhost liveness/server.go: `if duration.Seconds() > 10` → 500.
            let elapsed = now.saturating_sub(app.started);
            match route {
                "/healthz" if elapsed > 10_000 => {
                    (500, Cow::Owned(format!("error: {}", crate::float::Shortest(elapsed as f64 / 1000.0))))
                }
                "/healthz" => (200, Cow::Borrowed("ok")),
                "/started" => (200, Cow::Owned(Millis(elapsed).to_string())),
                "/redirect" => (302, Cow::Borrowed("")),
                _ => (404, Cow::Borrowed("404 page not found\n")),
            }
        }
        Http::Goproxy => (500, Cow::Borrowed("This is a proxy server. Does not respond to non-proxy requests.\n")),
        Http::Netexec { udp } => match route {
            "/healthz" if *udp => (200, Cow::Borrowed("ok")),
            "/healthz" => (412, Cow::Borrowed("")),
            "/readyz" if app.termed.is_some_and(|t| now >= t) => (503, Cow::Borrowed("shutting down")),
            "/readyz" => (200, Cow::Borrowed("ok")),
            "/hostname" | "/hostName" => (200, hostname()),
            "/echo" => {
                let msg = query.split('&').find_map(|kv| kv.strip_prefix("msg=")).unwrap_or("");
                (200, Cow::Owned(msg.to_string()))
            }
            "/" => (200, Cow::Owned(format!("NOW: {}", Millis(now)))),
            _ => (404, Cow::Borrowed("404 page not found\n")),
        },
        Http::Hostname => (200, hostname()),
        // Not an HTTP server: the client gets no valid response.
        Http::NotHttp => (0, Cow::Borrowed("malformed HTTP response")),
    }
}

impl Process {
    /// Starts the container's main process at `now`.
    pub fn start(container: &Container, overrides: Option<&ContainerBehaviour>, vfs: &mut Vfs, now: i64) -> Process {
        Process::start_with(container, overrides, vfs, now, true)
    }

    /// [`Process::start`] without composing [`Inferred::summary`] (left empty): the engine
    /// shows the summary of one inference per container and starts every instance with this.
    /// Everything the process does, and `Inferred`'s other fields, are the same.
    pub fn start_unsummarized(
        container: &Container,
        overrides: Option<&ContainerBehaviour>,
        vfs: &mut Vfs,
        now: i64,
    ) -> Process {
        Process::start_with(container, overrides, vfs, now, false)
    }

    fn start_with(
        container: &Container,
        overrides: Option<&ContainerBehaviour>,
        vfs: &mut Vfs,
        now: i64,
        summarize: bool,
    ) -> Process {
        let mut info = images::image_info(container.image.as_deref().unwrap_or(""));
        // The image's facts start the details (nothing else reads them).
        let details = std::mem::take(&mut info.facts);
        let overrides = overrides.cloned().unwrap_or_default();
        let mut env: BTreeMap<String, String> = BTreeMap::new();
        env.insert("PATH".into(), "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".into());
        env.insert("HOME".into(), "/root".into());
        env.insert("HOSTNAME".into(), container.name.clone());
        for e in container.env.iter().flatten() {
            match &e.value {
                Some(v) => {
                    let v = expand_kubelet_vars(v, &env);
                    env.insert(e.name.clone(), v);
                }
                None if e.value_from.is_none() => {
                    env.insert(e.name.clone(), String::new());
                }
                None => {}
            }
        }
        let mut declared: Vec<u16> = Vec::new();
        for p in container.ports.as_deref().unwrap_or_default() {
            if let (true, Ok(port)) =
                (p.protocol.as_deref().is_none_or(|pr| pr == "TCP"), u16::try_from(p.container_port))
            {
                declared.push(port);
            }
        }
        let expand = |v: &Option<Vec<String>>| {
            v.as_ref().map(|v| {
                let mut out = Vec::with_capacity(v.len());
                for s in v {
                    out.push(expand_kubelet_vars(s, &env));
                }
                out
            })
        };
        let command = expand(&container.command);
        let args = expand(&container.args);
        let argv = images::resolve_argv(&info, command.as_deref(), args.as_deref());

        let mut stop_signal = info.stop_signal.unwrap_or(Signal::Term);
        let mut stop_source = if info.stop_signal.is_some() { "from the image" } else { "runtime default" };
        if let Some(s) = overrides.stop_signal {
            stop_signal = s;
            stop_source = "from the scenario";
        }
        if let Some(s) = container.lifecycle.as_ref().and_then(|l| l.stop_signal.as_deref()).and_then(Signal::parse) {
            stop_signal = s;
            stop_source = "lifecycle.stopSignal";
        }
        let mem_limit = container
            .resources
            .as_ref()
            .and_then(|r| r.limits.as_ref())
            .and_then(|l| l.get("memory"))
            .and_then(|q| parse_bytes(&q.0));

        let mut p = Process {
            started: now,
            now,
            inferred: Inferred {
                summary: String::new(),
                details,
                stop_signal,
                not_simulated: vec![],
                argv: argv.clone(),
                ports: vec![],
            },
            fx: Rc::new(Fixed { info, env, declared, overrides }),
            shell: None,
            app: None,
            wrapped: false,
            exit: None,
            planned: None,
            listen_override: None,
            stop_listening: None,
            mem_limit,
            node_mem: None,
            log: String::new(),
        };
        p.launch(argv, vfs, now);
        p.apply_overrides(now);
        p.describe(stop_source, summarize);
        p.advance(vfs, now);
        p
    }

    fn shell_config(&self, pid1: bool) -> Config {
        Config {
            flavour: self.fx.info.flavour,
            exec_last: self.fx.info.exec_last,
            pid1,
            missing: self.fx.info.missing,
            epoch_ms: crate::engine::timeline::EPOCH_MS,
        }
    }

    /// Decides what PID 1 is.
    fn launch(&mut self, mut argv: Vec<String>, vfs: &mut Vfs, now: i64) {
        // tini / dumb-init (§1.6): the next non-option argument is the workload.
        if let Some(first) = argv.first().cloned() {
            let base = shell::basename(&first).to_string();
            if matches!(base.as_str(), "tini" | "tini-static" | "dumb-init") {
                self.wrapped = true;
                let mut i = 1;
                while i < argv.len() && argv[i].starts_with('-') {
                    i += 1;
                    if argv[i - 1] == "--" {
                        break;
                    }
                }
                argv = argv[i.min(argv.len())..].to_vec();
                self.inferred
                    .details
                    .push(format!("{base} is PID 1 and forwards signals: the workload is not PID 1 (§1.6)"));
            }
        }
        let pid1 = !self.wrapped;
        let Some(cmd) = argv.first().cloned() else {
            // No command at all: an unknown image's default process.
            let prog = images::default_program("app", &self.fx.info, &self.fx.declared);
            self.app = Some(App::new(prog, now, pid1));
            return;
        };
        if is_shell(&cmd) && argv.get(1).is_some_and(|a| a == "-c") {
            let script = argv.get(2).cloned().unwrap_or_default();
            let positional = if argv.len() > 3 { argv[3..].to_vec() } else { vec![cmd.clone()] };
            let cfg = self.shell_config(pid1);
            self.shell = Some(Shell::new(&script, positional, self.fx.env.clone(), cfg, now));
            if argv.len() == 2 {
                self.planned = None;
            }
            return;
        }
        let base = shell::basename(&cmd);
        let known_program = images::program(&argv, &self.fx.info, &self.fx.env, &self.fx.declared);
        let is_binary =
            shell::word_index(BINARIES, base).is_some() && !self.fx.info.missing.contains(&base) && !self.scratch();
        if known_program.is_none() && !is_binary && vfs.read(&cmd).is_none() {
            // containerd: exec: "x": executable file not found in $PATH → StartError, 128 (§4).
            self.log = format!(
                "failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: \"{cmd}\": executable file not found in $PATH: unknown\n"
            );
            self.exit = Some((now, 128, "StartError"));
            self.inferred
                .details
                .push(format!("`{cmd}` does not exist in image {} → StartError (exit 128)", self.fx.info.reference));
            return;
        }
        match known_program {
            Some(prog) if !is_binary => {
                self.log.push_str(prog.output);
                self.app = Some(App::new(prog, now, pid1));
            }
            _ => {
                let cfg = self.shell_config(pid1);
                self.shell = Some(Shell::from_argv(&argv, self.fx.env.clone(), cfg, now));
            }
        }
    }

    /// A copy of the process for an exec command's view of it ([`run_exec`]): it shares the
    /// fixed part and the running program's model, and leaves out what only the user sees
    /// (the inferred facts other than the stop signal, which `signal` reads, and the log).
    fn exec_view(&self) -> Process {
        Process {
            started: self.started,
            now: self.now,
            inferred: Inferred {
                summary: String::new(),
                details: vec![],
                stop_signal: self.inferred.stop_signal,
                not_simulated: vec![],
                argv: vec![],
                ports: vec![],
            },
            fx: self.fx.clone(),
            shell: self.shell.clone(),
            app: self.app.clone(),
            wrapped: self.wrapped,
            exit: self.exit,
            planned: self.planned,
            listen_override: self.listen_override.clone(),
            stop_listening: self.stop_listening,
            mem_limit: self.mem_limit,
            node_mem: self.node_mem,
            log: String::new(),
        }
    }

    fn scratch(&self) -> bool {
        self.fx.info.missing.contains(&"sh")
    }

    fn apply_overrides(&mut self, now: i64) {
        let o = &self.fx.overrides;
        // Plain loops rather than `map(…).collect()`: each iterator shape is code of its own.
        if let Some(rules) = &o.listen {
            let mut l = Vec::new();
            for r in rules {
                l.push((
                    r.port,
                    now.saturating_add(r.at.unwrap_or_default().0),
                    r.until.map(|u| now.saturating_add(u.0)),
                ));
            }
            self.listen_override = Some(l);
        } else if let Some(s) = o.startup {
            let mut l = Vec::new();
            let from = now.saturating_add(s.0);
            for &p in &self.fx.declared {
                l.push((p, from, None));
            }
            if l.is_empty() {
                if let Some(a) = &self.app {
                    for &(p, _) in &a.prog.listen {
                        l.push((p, from, None));
                    }
                }
            }
            self.listen_override = Some(l);
        }
        if let Some(e) = &o.exit {
            self.planned = Some((now.saturating_add(e.at.0.max(0)), e.code));
        }
    }

    /// Fills [`Inferred`]: the ports and the program's notes always, the one-line summary when
    /// `summarize`.
    fn describe(&mut self, stop_source: &str, summarize: bool) {
        let ports: Vec<(u16, Millis)> = match (&self.listen_override, &self.app) {
            (Some(l), _) => {
                let mut ports = Vec::new();
                for &(p, at, _) in l {
                    ports.push((p, Millis(at - self.started)));
                }
                ports
            }
            (None, Some(a)) => listen_ports(&a.prog.listen),
            _ => vec![],
        };
        if !summarize {
            // The same notes as the summarizing branch below records.
            let start_error = matches!(self.exit, Some((_, 128, "StartError")));
            if let (false, Some(a)) = (start_error, &self.app) {
                self.inferred.not_simulated.extend(a.prog.notes.iter().cloned());
            }
            self.inferred.ports = ports;
            return;
        }
        let mut parts: Vec<String> = Vec::new();
        let image =
            if self.fx.info.reference.is_empty() { "(no image)".to_string() } else { self.fx.info.reference.clone() };
        if let Some((_, 128, "StartError")) = self.exit {
            parts.push(format!(
                "`{}` not found in the image → StartError",
                self.inferred.argv.first().cloned().unwrap_or_default()
            ));
        } else if let Some(a) = &self.app {
            parts.push(a.prog.summary.clone());
            self.inferred.not_simulated.extend(a.prog.notes.iter().cloned());
        } else if self.shell.is_some() {
            let script = if is_shell(self.inferred.argv.first().map(String::as_str).unwrap_or("")) {
                self.inferred.argv.get(2).cloned().unwrap_or_default()
            } else {
                self.inferred.argv.join(" ")
            };
            let shell_name = match self.fx.info.flavour {
                shell::Flavour::Busybox => "BusyBox sh",
                shell::Flavour::Dash => "dash",
                shell::Flavour::Bash => "bash",
            };
            parts.push(format!("runs `{}` ({shell_name})", truncate(&script, 80)));
            let trap = script.contains("trap");
            if self.wrapped {
                parts.push("not PID 1 (tini/dumb-init): dies on SIGTERM → 143".into());
            } else if trap && (script.contains("TERM") || script.contains("15")) {
                parts.push("traps SIGTERM: the trap runs after the current foreground command ends".into());
            } else {
                parts.push("a PID-1 shell without a SIGTERM trap ignores SIGTERM → SIGKILL at the end of the grace period (137)".into());
            }
        }
        if !ports.is_empty() {
            let mut list = String::from("listens on ");
            for (i, (p, d)) in ports.iter().enumerate() {
                if i > 0 {
                    list.push_str(", ");
                }
                list.push_str(&format!(":{p} after {d}"));
            }
            parts.push(list);
        }
        parts.push(format!("stop signal {} ({stop_source})", self.inferred.stop_signal));
        if let Some(l) = self.mem_limit {
            parts.push(format!("memory limit {} MiB", l >> 20));
        }
        self.inferred.ports = ports;
        self.inferred.summary = format!("image {image} → {}", parts.join("; "));
    }

    /// What was inferred (for display).
    pub fn inferred(&self) -> &Inferred {
        &self.inferred
    }

    /// stdout + stderr of the main process so far (for `kubectl logs`).
    pub fn logs(&self) -> String {
        let mut l = self.log.clone();
        if let Some(sh) = &self.shell {
            l.push_str(sh.log());
        }
        l
    }

    fn finish(&mut self, at: i64, code: i32) {
        if self.exit.is_none() {
            let reason = if code == 0 { "Completed" } else { "Error" };
            self.exit = Some((at, code, reason));
        }
    }

    /// Sets the node's memory capacity: the `kubepods` cgroup's `memory.max` (capacity −
    /// system/kube-reserved; cgroup_manager / node_container_manager_linux.go), an OOM kill
    /// above the container's own limit. The sum over several containers reaching it is not
    /// modelled: each process is held against the whole capacity.
    pub fn set_node_memory(&mut self, capacity: u64) {
        self.node_mem = Some(capacity);
    }

    /// Whether an OOM kill comes from the container's own `limits.memory` (true) rather than
    /// from the node's capacity (false): the lower of the two cgroup limits applies first.
    pub fn oom_by_own_limit(&self) -> bool {
        self.mem_limit.is_some_and(|l| self.node_mem.is_none_or(|n| l <= n))
    }

    /// The effective OOM limit: the lower of the container's limit and the node's capacity.
    fn oom_limit(&self) -> Option<u64> {
        match (self.mem_limit, self.node_mem) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn oom_time(&self) -> Option<i64> {
        let limit = self.oom_limit()?;
        if let Some(m) = &self.fx.overrides.memory {
            let start = m.start.as_deref().and_then(parse_bytes).unwrap_or(10 << 20);
            let rate = m.per_second.as_deref().and_then(parse_bytes).unwrap_or(0);
            let max = m.max.as_deref().and_then(parse_bytes);
            return mem_crossing(start, rate, max, self.started, limit);
        }
        let a = self.app.as_ref()?;
        let t = mem_crossing(a.prog.mem_start, a.prog.mem_per_sec, a.prog.mem_max, a.started, limit)?;
        a.alive(t).then_some(t)
    }

    /// Run the process's own effects up to `now` (sleep, file writes, listen, exit).
    pub fn advance(&mut self, vfs: &mut Vfs, now: i64) {
        if self.exit.is_some() {
            return;
        }
        for _ in 0..1000 {
            let oom = self.oom_time();
            let planned = self.planned.map(|(t, _)| t);
            let horizon = [Some(now), oom, planned].into_iter().flatten().min().unwrap_or(now);
            let app_evt = self.app.as_ref().and_then(App::exit_event).filter(|(t, _)| *t <= horizon);
            let shell_until = app_evt.map(|(t, _)| t).unwrap_or(horizon);
            if let Some(sh) = self.shell.as_mut() {
                let mut host = MainHost {
                    app: &mut self.app,
                    info: &self.fx.info,
                    env: &self.fx.env,
                    declared: &self.fx.declared,
                    wrapped: self.wrapped,
                };
                let y = sh.run(shell_until, &mut host, vfs);
                let at = sh.clock();
                for n in sh.notes() {
                    if !self.inferred.not_simulated.contains(n) {
                        self.inferred.not_simulated.push(n.clone());
                    }
                }
                match y {
                    Yield::Exited(c) => {
                        self.finish(at, c);
                        return;
                    }
                    Yield::Exec(argv) => {
                        self.log.push_str(sh.log());
                        self.shell = None;
                        self.start_app(argv, at, true);
                        continue;
                    }
                    Yield::Spawn { argv, .. } => {
                        self.start_app(argv, at, false);
                        continue;
                    }
                    Yield::Blocked => {}
                }
            }
            // The app's own event (exit) takes effect if nothing else happened earlier.
            let app_evt = self.app.as_ref().and_then(App::exit_event).filter(|(t, _)| *t <= horizon);
            if let Some((t, code)) = app_evt {
                let is_pid1 = self.shell.is_none();
                if is_pid1 {
                    self.finish(t, code);
                    return;
                }
                self.app = None;
                if let Some(sh) = self.shell.as_mut() {
                    sh.child_exited(code, t);
                }
                continue;
            }
            if let Some(t) = oom.filter(|t| *t <= now && planned.is_none_or(|p| *t <= p)) {
                self.exit = Some((t, 137, "OOMKilled"));
                return;
            }
            if let Some((t, code)) = self.planned.filter(|(t, _)| *t <= now) {
                self.finish(t, code);
                return;
            }
            break;
        }
        self.now = self.now.max(now);
    }

    fn start_app(&mut self, argv: Vec<String>, at: i64, replaces_shell: bool) {
        let prog = images::program(&argv, &self.fx.info, &self.fx.env, &self.fx.declared)
            .unwrap_or_else(|| images::default_program(&argv[0], &self.fx.info, &self.fx.declared));
        self.log.push_str(prog.output);
        let summary = prog.summary.clone();
        for n in &prog.notes {
            if !self.inferred.not_simulated.contains(n) {
                self.inferred.not_simulated.push(n.clone());
            }
        }
        let pid1 = replaces_shell && !self.wrapped;
        let how = if replaces_shell {
            "replaces the shell (exec): it is PID 1"
        } else {
            "runs as a child of the PID-1 shell"
        };
        let line = format!("`{}` {how}: {summary}", argv.join(" "));
        if !self.inferred.details.contains(&line) {
            self.inferred.details.push(line);
        }
        if self.inferred.ports.is_empty() && self.listen_override.is_none() {
            self.inferred.ports = listen_ports(&prog.listen);
        }
        self.app = Some(App::new(prog, at, pid1));
    }

    /// The next virtual time at which the process changes on its own (None = never).
    pub fn next_change(&self) -> Option<i64> {
        if self.exit.is_some() {
            return None;
        }
        let mut c: Vec<i64> = Vec::new();
        if let Some(sh) = &self.shell {
            c.extend(sh.next_wake());
        }
        if let Some(a) = &self.app {
            c.extend(a.exit_event().map(|(t, _)| t));
            if self.listen_override.is_none() {
                for (_, d) in &a.prog.listen {
                    c.push(a.started.saturating_add(*d));
                }
            }
            if a.prog.http == Http::Liveness {
                c.push(a.started.saturating_add(10_001));
            }
            if let Some(d) = a.prog.grpc_serving_after {
                c.push(a.started.saturating_add(d));
            }
        }
        c.extend(self.planned.map(|(t, _)| t));
        c.extend(self.oom_time());
        if let Some(l) = &self.listen_override {
            for (_, from, until) in l {
                c.push(*from);
                c.extend(*until);
            }
        }
        for r in self.fx.overrides.health.as_deref().unwrap_or_default() {
            c.extend(r.from.map(|f| self.started.saturating_add(f.0)));
            c.extend(r.until.map(|u| self.started.saturating_add(u.0)));
        }
        let mut next: Option<i64> = None;
        for t in c {
            if (t > self.now || self.shell.as_ref().is_some_and(|s| s.next_wake() == Some(t)))
                && next.is_none_or(|n| t < n)
            {
                next = Some(t);
            }
        }
        next
    }

    /// Delivers a signal at `now` (SIGTERM: exit after the drain time, or ignored by a PID-1
    /// shell without a trap, …; SIGKILL: exit 137 now).
    pub fn signal(&mut self, sig: Signal, vfs: &mut Vfs, now: i64) {
        self.advance(vfs, now);
        if self.exit.is_some() {
            return;
        }
        if sig == Signal::Kill {
            self.exit = Some((now, 137, "Error"));
            return;
        }
        if let Some(rule) = self.fx.overrides.sigterm.clone() {
            if sig == Signal::Term || sig == self.inferred.stop_signal {
                let (drain, code) = match rule.action {
                    SigtermAction::Ignore => return,
                    SigtermAction::Exit => (rule.drain.unwrap_or_default().0, rule.exit_code.unwrap_or(143)),
                    SigtermAction::Drain => {
                        self.stop_listening = Some(self.stop_listening.map_or(now, |s| s.min(now)));
                        (rule.drain.unwrap_or(Millis(1000)).0, rule.exit_code.unwrap_or(0))
                    }
                };
                let t = now.saturating_add(drain.max(0));
                if self.planned.is_none_or(|(p, _)| t < p) {
                    self.planned = Some((t, code));
                }
                self.advance(vfs, now);
                return;
            }
        }
        if let Some(sh) = self.shell.as_mut() {
            sh.signal(sig, now);
        } else if let Some(a) = self.app.as_mut() {
            if let Some(code) = a.signal(sig, now, self.wrapped) {
                self.finish(now, code);
                return;
            }
        }
        self.advance(vfs, now);
    }

    /// Some((time, exit_code, reason)) once exited; reason "Completed", "Error", "OOMKilled" or "StartError".
    pub fn exited(&self) -> Option<(i64, i32, &'static str)> {
        self.exit
    }

    fn dead_at(&self, now: i64) -> bool {
        self.exit.is_some_and(|(t, _, _)| now >= t) || now < self.started
    }

    pub fn listening(&self, port: u16, now: i64) -> bool {
        if self.dead_at(now) || self.stop_listening.is_some_and(|s| now >= s) {
            return false;
        }
        if let Some(l) = &self.listen_override {
            return l.iter().any(|(p, from, until)| *p == port && now >= *from && until.is_none_or(|u| now < u));
        }
        self.app.as_ref().is_some_and(|a| a.listening(port, now))
    }

    /// The override health rule in force for (port, path) at `now`, if any.
    fn health_rule(&self, port: Option<u16>, path: Option<&str>, now: i64) -> Option<&super::behaviour::HealthRule> {
        let t = now.saturating_sub(self.started);
        self.fx.overrides.health.as_deref().unwrap_or_default().iter().rev().find(|r| {
            r.from.is_none_or(|f| t >= f.0)
                && r.until.is_none_or(|u| t < u.0)
                && match (r.port, port) {
                    (Some(rp), Some(p)) => rp == p,
                    (Some(_), None) => false,
                    (None, _) => true,
                }
                && match (&r.path, path) {
                    (Some(rp), Some(p)) => rp == p.split('?').next().unwrap_or(p),
                    (Some(_), None) => false,
                    (None, _) => true,
                }
        })
    }

    /// An HTTP GET from the kubelet: None = connection refused; Some(status, latency_ms, body).
    /// Status 0 means the port answered without a valid HTTP response (e.g. Redis, Postgres).
    pub fn http_get(&self, port: u16, path: &str, now: i64) -> Option<(u16, i64, String)> {
        self.http_get_with(port, path, now, None)
    }

    /// [`Process::http_get`] that can also serve files the pod wrote (nginx/httpd document roots).
    pub fn http_get_with(&self, port: u16, path: &str, now: i64, vfs: Option<&Vfs>) -> Option<(u16, i64, String)> {
        self.http_response(port, path, now, vfs).map(|(s, l, b)| (s, l, b.into_owned()))
    }

    /// [`Process::http_get_with`] with the body borrowed when it is a constant: the prober's
    /// hot path allocates nothing for a successful probe.
    pub fn http_response(
        &self,
        port: u16,
        path: &str,
        now: i64,
        vfs: Option<&Vfs>,
    ) -> Option<(u16, i64, Cow<'static, str>)> {
        if !self.listening(port, now) {
            return None;
        }
        if let Some(r) = self.health_rule(Some(port), Some(path), now) {
            let latency = r.latency.map_or(1, |l| l.0.max(0));
            let status = match (r.status, r.fail) {
                (Some(s), _) => s,
                (None, Some(true)) => 500,
                _ => 200,
            };
            let body = if (200..400).contains(&status) {
                Cow::Borrowed("ok")
            } else {
                Cow::Owned(format!("error: status {status}"))
            };
            return Some((status, latency, body));
        }
        match &self.app {
            // Without listen overrides, `self.listening` above already implies the app's.
            Some(a) if self.listen_override.is_none() || a.listening(port, now) => {
                let (s, b) = app_http(a, path, now, &self.fx.env, vfs);
                Some((s, 1, b))
            }
            _ => Some((200, 1, Cow::Borrowed("ok"))),
        }
    }

    /// A gRPC health Check: None = connection refused; Some(true) = SERVING.
    pub fn grpc_health(&self, port: u16, service: &str, now: i64) -> Option<bool> {
        if !self.listening(port, now) {
            return None;
        }
        if let Some(r) = self.health_rule(Some(port), None, now) {
            return Some(match (r.status, r.fail) {
                (Some(s), _) => (200..400).contains(&s),
                (None, Some(f)) => !f,
                _ => true,
            });
        }
        match &self.app {
            Some(a) => Some(
                service.is_empty() && a.prog.grpc_serving_after.is_some_and(|d| now >= a.started.saturating_add(d)),
            ),
            None => Some(service.is_empty()),
        }
    }

    /// Memory from the Scenario's `memory` rule, when it has one.
    fn override_memory(&self, now: i64) -> Option<u64> {
        let m = self.fx.overrides.memory.as_ref()?;
        let start = m.start.as_deref().and_then(parse_bytes).unwrap_or(10 << 20);
        let rate = m.per_second.as_deref().and_then(parse_bytes).unwrap_or(0);
        let max = m.max.as_deref().and_then(parse_bytes);
        Some(mem_at(start, rate, max, self.started, now))
    }

    pub fn memory_bytes(&self, now: i64) -> u64 {
        if self.dead_at(now) {
            return 0;
        }
        if let Some(bytes) = self.override_memory(now) {
            return bytes;
        }
        let shell = if self.shell.is_some() { 1 << 20 } else { 0 };
        shell + self.app.as_ref().map_or(0, |a| if a.alive(now) { a.memory(now) } else { 0 })
    }

    /// [`Process::memory_bytes`] ignoring an exit at or before `now`: the memory the model had
    /// reached as the process died (e.g. just over the limit at an OOM kill).
    pub fn memory_bytes_at_exit(&self, now: i64) -> u64 {
        if now < self.started {
            return 0;
        }
        if let Some(bytes) = self.override_memory(now) {
            return bytes;
        }
        let shell = if self.shell.is_some() { 1 << 20 } else { 0 };
        shell + self.app.as_ref().map_or(0, |a| if now >= a.started { a.memory(now) } else { 0 })
    }

    /// The times (absolute ms) at which the memory or disk curve may change slope, as far as
    /// the model knows them now: the start, the app's start (after a shell), when memory
    /// growth reaches its cap, the app's own exit. Between two of them (and the process's own
    /// changes, [`Process::next_change`]) memory and disk use are linear in time.
    pub fn usage_knees(&self) -> Vec<i64> {
        let cap_at = |start: u64, rate: u64, max: Option<u64>, t0: i64| -> Option<i64> {
            let max = max?;
            if rate == 0 || max <= start {
                return None;
            }
            let ms = (u128::from(max - start) * 1000).div_ceil(u128::from(rate));
            Some(t0.saturating_add(i64::try_from(ms).unwrap_or(i64::MAX)))
        };
        let mut k = vec![self.started];
        if let Some(m) = &self.fx.overrides.memory {
            let start = m.start.as_deref().and_then(parse_bytes).unwrap_or(10 << 20);
            let rate = m.per_second.as_deref().and_then(parse_bytes).unwrap_or(0);
            let max = m.max.as_deref().and_then(parse_bytes);
            k.extend(cap_at(start, rate, max, self.started));
        } else if let Some(a) = &self.app {
            k.push(a.started);
            k.extend(cap_at(a.prog.mem_start, a.prog.mem_per_sec, a.prog.mem_max, a.started));
            k.extend(a.exit_event().map(|(t, _)| t));
        }
        k.extend(self.exit.map(|(t, _, _)| t));
        crate::sort::ints(&mut k);
        k.dedup();
        k
    }

    /// Bytes written by the process (the `disk` override: `perSecond` × seconds since start).
    pub fn disk_bytes(&self, now: i64) -> u64 {
        let Some(d) = &self.fx.overrides.disk else {
            return 0;
        };
        let rate = d.per_second.as_deref().and_then(parse_bytes).unwrap_or(0);
        let end = self.exit.map_or(now, |(t, _, _)| t.min(now));
        mem_at(0, rate, None, self.started, end)
    }

    /// The path the `disk` override writes under ("/" by default).
    pub fn disk_path(&self) -> Option<String> {
        self.fx.overrides.disk.as_ref().map(|d| d.path.clone().unwrap_or_else(|| "/".into()))
    }

    /// Is a process with this name alive in the container at `now`?
    fn running_name(&self, name: &str, now: i64) -> bool {
        if self.dead_at(now) {
            return false;
        }
        self.app.as_ref().is_some_and(|a| a.prog.name == name && a.alive(now))
            || (self.shell.is_some() && matches!(name, "sh" | "bash" | "ash"))
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
        let mut t = s[..end].to_string();
        t.push('…');
        t
    }
}

/// The result of an exec probe or hook command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExecOutcome {
    /// The command's exit code (137 if it was still running after 24 h of virtual time).
    pub exit_code: i32,
    /// stdout + stderr.
    pub output: String,
    /// Virtual time the command ran (saturated at [`shell::FOREVER`] if it never ends).
    pub duration_ms: i64,
    /// Set when the command signals PID 1 (`nginx -s quit`, `kill 1`).
    pub signal_main: Option<Signal>,
}

/// The exec's view of the container: a copy of the main process, advanced along with the
/// exec's own clock so that e.g. `nginx -s quit; while killall -0 nginx; do sleep 1; done`
/// sees nginx exit.
struct ExecHost<'a> {
    sim: Option<Process>,
    scratch: Vfs,
    signal_main: Option<Signal>,
    /// The main process's image, environment and ports (borrowed: they never change).
    info: &'a ImageInfo,
    env: &'a BTreeMap<String, String>,
    declared: &'a [u16],
}

impl ExecHost<'_> {
    fn at(&mut self, t: i64) -> Option<&mut Process> {
        let sim = self.sim.as_mut()?;
        sim.advance(&mut self.scratch, t);
        Some(sim)
    }
}

impl Host for ExecHost<'_> {
    fn http_get(&mut self, port: u16, path: &str, at: i64) -> Option<(u16, String)> {
        let sim = self.at(at)?;
        sim.http_get_with(port, path, at, None).map(|(s, _, b)| (s, b))
    }
    fn running(&mut self, name: &str, at: i64) -> bool {
        self.at(at).is_some_and(|s| s.running_name(name, at))
    }
    fn signal_pid1(&mut self, sig: Signal, at: i64) -> bool {
        if self.signal_main.is_none() {
            self.signal_main = Some(sig);
        }
        let mut scratch = std::mem::take(&mut self.scratch);
        if let Some(sim) = self.sim.as_mut() {
            sim.signal(sig, &mut scratch, at);
        }
        self.scratch = scratch;
        true
    }
    fn signal_named(&mut self, name: &str, sig: Signal, at: i64) -> bool {
        let pid1_is = self
            .at(at)
            .map(|s| s.shell.is_none() && s.app.as_ref().is_some_and(|a| a.prog.name == name && a.alive(at)))
            .unwrap_or(false);
        if pid1_is {
            return self.signal_pid1(sig, at);
        }
        if self.sim.as_ref().is_some_and(|s| s.running_name(name, at)) {
            // A child of the PID-1 shell: deliver to the copy only.
            if let Some(sim) = self.sim.as_mut() {
                let wrapped = sim.wrapped;
                let mut host = MainHost {
                    app: &mut sim.app,
                    info: &sim.fx.info,
                    env: &sim.fx.env,
                    declared: &sim.fx.declared,
                    wrapped,
                };
                host.signal_named(name, sig, at);
            }
            return true;
        }
        false
    }
    fn program(&mut self, argv: &[String]) -> ProgramKind {
        match images::program(argv, self.info, self.env, self.declared) {
            Some(p) if p.exit.is_some_and(|(d, _)| d <= 100) => {
                ProgramKind::Instant { code: p.exit.map_or(0, |e| e.1), output: p.output.to_string() }
            }
            Some(_) => ProgramKind::Program,
            None => ProgramKind::NotFound,
        }
    }
}

/// Run an exec probe or exec hook command inside the container at `now`: a POSIX-sh subset over
/// the same Vfs. `duration_ms` is how long it ran in virtual time (the engine compares it with
/// `timeoutSeconds`); `signal_main` is set when the command signals PID 1.
///
/// File writes made by the command take effect at `now` even if they happen after a `sleep`
/// inside it (the engine applies the outcome at once). A scenario health rule with `fail: true`
/// (and no `path`/`port`) makes every exec command in its window exit 1.
pub fn run_exec(argv: &[String], proc: Option<&Process>, vfs: &mut Vfs, now: i64) -> ExecOutcome {
    if let Some(p) = proc {
        if let Some(r) = p.health_rule(None, None, now) {
            let failed = r.fail == Some(true) || r.status.is_some_and(|s| !(200..400).contains(&s));
            if failed {
                return ExecOutcome {
                    exit_code: 1,
                    output: "unhealthy (scenario health rule)\n".into(),
                    duration_ms: r.latency.map_or(0, |l| l.0.max(0)),
                    signal_main: None,
                };
            }
        }
    }
    let none;
    let empty = BTreeMap::new();
    let (info, env, declared) = match proc {
        Some(p) => (&p.fx.info, &p.fx.env, &p.fx.declared[..]),
        None => {
            none = images::image_info("");
            (&none, &empty, &[][..])
        }
    };
    let cfg = Config {
        flavour: info.flavour,
        exec_last: false,
        pid1: false,
        missing: info.missing,
        epoch_ms: crate::engine::timeline::EPOCH_MS,
    };
    let mut sh = match argv {
        [s, c, script, rest @ ..] if is_shell(s) && c == "-c" => {
            let positional = if rest.is_empty() { vec![s.clone()] } else { rest.to_vec() };
            Shell::new(script, positional, env.clone(), cfg, now)
        }
        _ => Shell::from_argv(argv, env.clone(), cfg, now),
    };
    sh.set_pid(100);
    let mut host =
        ExecHost { sim: proc.map(Process::exec_view), scratch: vfs.clone(), signal_main: None, info, env, declared };
    let code = sh.run_to_end(86_400_000, &mut host, vfs);
    let (exit_code, duration_ms) = match code {
        Some(c) => (c, sh.clock().saturating_sub(now)),
        None => (137, FOREVER),
    };
    ExecOutcome { exit_code, output: sh.log().to_string(), duration_ms, signal_main: host.signal_main }
}
