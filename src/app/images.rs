//! Knowledge of common container images and programs, from
//! `/work/shared/reference/image-behaviours.md` (section numbers below refer to it).
//!
//! Two questions are answered here: what an *image* is (its ENTRYPOINT/CMD, STOPSIGNAL, shell,
//! which utilities it ships) and what a *program* does when run (ports, HTTP answers, how it
//! reacts to signals, when it exits, how much memory it uses). Facts carry their source in
//! doc comments; guesses are reported to the user through `notes`.

use super::millis::Signal;
use super::shell::Flavour;
use std::collections::BTreeMap;

/// What is known about an image reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageInfo {
    /// The reference as written.
    pub reference: String,
    /// Last path component of the repository ("nginx", "agnhost", "busybox").
    pub name: String,
    /// Tag ("latest" when absent).
    pub tag: String,
    pub entrypoint: Vec<String>,
    pub cmd: Vec<String>,
    /// The image's STOPSIGNAL, if any.
    pub stop_signal: Option<Signal>,
    /// `/bin/sh` implementation.
    pub flavour: Flavour,
    /// Whether `/bin/sh -c` execs its last simple command (BusyBox ≥ 1.28, bash ≥ 5.1; §1.5).
    pub exec_last: bool,
    /// Utilities missing from the image.
    pub missing: &'static [&'static str],
    /// True when podlife recognises the image.
    pub known: bool,
    /// True for images that contain only a shell and utilities (any other program is "not found").
    pub shell_only: bool,
    /// Facts with sources, for the UI.
    pub facts: Vec<String>,
}

fn parse_version(tag: &str) -> Option<Vec<u32>> {
    let core = tag.split(['-', '_']).next()?;
    let mut v: Vec<u32> = Vec::new();
    for p in core.split('.') {
        v.push(p.parse().ok()?);
    }
    Some(v)
}

/// True if `tag` is a version older than `min`. Non-numeric tags (latest, alpine) and floating
/// tags that cover `min` (`2.4` for 2.4.41: the current 2.4.x) count as new.
fn older_than(tag: &str, min: &[u32]) -> bool {
    match parse_version(tag) {
        Some(v) => {
            let n = v.len().min(min.len());
            v[..n] < min[..n]
        }
        None => false,
    }
}

fn strs(v: &[&str]) -> Vec<String> {
    let mut out = Vec::with_capacity(v.len());
    for s in v {
        out.push(s.to_string());
    }
    out
}

/// Splits `registry/path/name:tag@digest`.
fn split_reference(image: &str) -> (String, String, String) {
    let no_digest = image.split('@').next().unwrap_or(image);
    let (repo, tag) = match no_digest.rsplit_once(':') {
        Some((r, t)) if !t.contains('/') => (r, t),
        _ => (no_digest, "latest"),
    };
    let name = super::shell::basename(repo).to_ascii_lowercase();
    (repo.to_ascii_lowercase(), name, tag.to_string())
}

/// Utilities a Debian-based image does not ship.
const DEBIAN_MISSING: &[&str] = &["wget", "curl", "killall", "pidof", "pgrep", "pkill", "nslookup", "ps"];
/// What a `FROM scratch` image (one static binary) lacks.
const NO_SHELL: &[&str] = &["sh", "bash"];

/// Looks an image up. Each arm sets constant slices and flags (no per-field allocation or
/// drop); the `ImageInfo` is built once at the end.
pub fn image_info(image: &str) -> ImageInfo {
    let (repo, name, tag) = split_reference(image.trim());
    let mut entrypoint: &[&str] = &[];
    let mut cmd: &[&str] = &[];
    let mut stop_signal = None;
    let mut flavour = Flavour::Dash;
    let mut exec_last = false;
    let mut missing: &'static [&'static str] = &[];
    let mut known = true;
    let mut shell_only = false;
    // The fact shown in the UI: a constant text, or `fact_owned` when it names the tag.
    let mut fact = "";
    let mut fact_owned = String::new();
    match name.as_str() {
        "busybox" => {
            // §3.3: FROM scratch, CMD ["sh"]; BusyBox ash; ≥ 1.28 execs the last command.
            cmd = &["sh"];
            flavour = Flavour::Busybox;
            exec_last = !older_than(&tag, &[1, 28]);
            shell_only = true;
            missing = &["curl", "bash"];
            fact = "busybox: CMD [\"sh\"], no STOPSIGNAL (docker-library/busybox Dockerfile)";
        }
        "alpine" => {
            cmd = &["/bin/sh"];
            flavour = Flavour::Busybox;
            exec_last = true;
            shell_only = true;
            missing = &["curl", "bash"];
            fact = "alpine: CMD [\"/bin/sh\"] (BusyBox ash)";
        }
        "debian" | "ubuntu" | "centos" | "fedora" | "bash" => {
            cmd = &["bash"];
            shell_only = true;
            missing = DEBIAN_MISSING;
            if name == "bash" {
                flavour = Flavour::Bash;
                exec_last = true;
                missing = &["curl"];
            }
            fact_owned = format!("{name}: CMD [\"bash\"], /bin/sh is dash (§3.16)");
        }
        "nginx" => {
            // §3.10: CMD nginx -g 'daemon off;'; STOPSIGNAL SIGQUIT since 1.19.5, SIGTERM before.
            entrypoint = &["/docker-entrypoint.sh"];
            cmd = &["nginx", "-g", "daemon off;"];
            let old = older_than(&tag, &[1, 19, 5]);
            stop_signal = Some(if old { Signal::Term } else { Signal::Quit });
            if tag.contains("alpine") {
                flavour = Flavour::Busybox;
                exec_last = true;
                missing = &["bash"];
            } else {
                missing = &["wget", "killall", "pidof", "pgrep", "pkill", "nslookup", "ps"];
            }
            fact_owned = format!(
                "nginx:{tag}: STOPSIGNAL {} (nginxinc/docker-nginx: SIGQUIT since 1.19.5, SIGTERM before)",
                if old { "SIGTERM" } else { "SIGQUIT" }
            );
        }
        "httpd" => {
            // §3.9: CMD httpd-foreground; STOPSIGNAL SIGWINCH since 2.4.41.
            cmd = &["httpd-foreground"];
            let old = older_than(&tag, &[2, 4, 41]);
            stop_signal = Some(if old { Signal::Term } else { Signal::Winch });
            missing = DEBIAN_MISSING;
            fact_owned = format!(
                "httpd:{tag}: STOPSIGNAL {} (docker-library/httpd: SIGWINCH since 2.4.41)",
                if old { "SIGTERM" } else { "SIGWINCH" }
            );
        }
        "redis" => {
            entrypoint = &["docker-entrypoint.sh"];
            cmd = &["redis-server"];
            missing = DEBIAN_MISSING;
            fact = "redis: CMD redis-server, no STOPSIGNAL (§3.11)";
        }
        "postgres" => {
            entrypoint = &["docker-entrypoint.sh"];
            cmd = &["postgres"];
            stop_signal = Some(Signal::Int);
            missing = DEBIAN_MISSING;
            fact = "postgres: STOPSIGNAL SIGINT (docker-library/postgres, 2020-09-18; §3.12)";
        }
        "mysql" | "mariadb" => {
            entrypoint = &["docker-entrypoint.sh"];
            cmd = &["mysqld"];
            missing = DEBIAN_MISSING;
            fact = "mysql: CMD mysqld, no STOPSIGNAL (§3.13)";
        }
        "agnhost" => {
            // §2: ENTRYPOINT /agnhost, CMD pause; alpine base (BusyBox sh, curl added).
            entrypoint = &["/agnhost"];
            cmd = &["pause"];
            flavour = Flavour::Busybox;
            exec_last = true;
            fact = "agnhost: ENTRYPOINT [\"/agnhost\"], CMD [\"pause\"] (test/images/agnhost/Dockerfile)";
        }
        "liveness" => {
            // §3.1: FROM scratch, /server, no ENTRYPOINT/CMD.
            missing = NO_SHELL;
            fact = "liveness: FROM scratch, binary /server (test/images/liveness)";
        }
        "goproxy" => {
            entrypoint = &["/goproxy"];
            missing = NO_SHELL;
            fact = "goproxy: ENTRYPOINT [\"/goproxy\"], HTTP proxy on :8080 (§3.2)";
        }
        "pause" => {
            entrypoint = &["/pause"];
            missing = NO_SHELL;
            fact = "pause: ENTRYPOINT [\"/pause\"] (build/pause; §3.4)";
        }
        "etcd" => {
            cmd = &["/usr/local/bin/etcd"];
            fact = "etcd: gRPC health on :2379 (§3.5)";
        }
        "stress" if repo.contains("vish") => {
            entrypoint = &["/stress", "-logtostderr"];
            missing = NO_SHELL;
            fact = "vish/stress: ENTRYPOINT [\"/stress\", \"-logtostderr\"] (§3.6)";
        }
        "stress" => {
            flavour = Flavour::Busybox;
            exec_last = true;
            cmd = &["stress"];
            fact = "polinux/stress: alpine + stress 1.0.4 (§3.7)";
        }
        "perl" => {
            cmd = &["perl", "-de0"];
            missing = DEBIAN_MISSING;
        }
        "python" => {
            cmd = &["python3"];
            missing = DEBIAN_MISSING;
        }
        "node" => {
            entrypoint = &["docker-entrypoint.sh"];
            cmd = &["node"];
            missing = DEBIAN_MISSING;
        }
        _ => {
            known = false;
            fact_owned = format!("{image}: unknown image; using the defaults of image-behaviours.md §5");
        }
    }
    if !fact.is_empty() {
        fact_owned = fact.to_string();
    }
    ImageInfo {
        reference: image.to_string(),
        name,
        tag,
        entrypoint: strs(entrypoint),
        cmd: strs(cmd),
        stop_signal,
        flavour,
        exec_last,
        missing,
        known,
        shell_only,
        facts: if fact_owned.is_empty() { vec![] } else { vec![fact_owned] },
    }
}

/// How a program reacts to a signal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reaction {
    /// No handler (PID 1: the kernel drops the signal; not PID 1: default action → 128+N).
    Default,
    /// Handled but the process stays (reload, reopen logs, …).
    Stay,
    /// Stops listening at once and exits `after` ms later with `code`.
    Exit { after: i64, code: i32 },
    /// Keeps its listener open (still accepts and serves) and exits `after` ms later with
    /// `code`: a handler that only sleeps before `os.Exit`, like agnhost netexec's
    /// `--delay-shutdown` or serve-hostname's 60 s sleep.
    ServeThenExit { after: i64, code: i32 },
}

/// What a program answers over HTTP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Http {
    /// 200 on every path (the unknown-image assumption, §5.4).
    Any200,
    /// nginx: `/` → welcome page (or /usr/share/nginx/html/index.html from the Vfs), files, else 404.
    Nginx,
    /// httpd: `/` → "It works!" (or /usr/local/apache2/htdocs), else 404.
    Httpd,
    /// agnhost liveness / registry.k8s.io/liveness: /healthz 200 for 10 s then 500 (§2.2).
    Liveness,
    /// goproxy: 500 for non-proxy requests (§3.2).
    Goproxy,
    /// agnhost netexec (§2.3): /healthz 200 when the UDP server runs, else 412; /readyz 503 after SIGTERM.
    Netexec { udp: bool },
    /// Hostname on every path (serve-hostname).
    Hostname,
    /// Not an HTTP server (accepts the connection but the probe fails).
    NotHttp,
}

/// Exits with code 0 `after` ms: the usual reaction to a stop signal. The reaction lists are
/// constant arrays copied with `to_vec` (data, not a store per field at each list).
const fn exit0(after: i64) -> Reaction {
    Reaction::Exit { after, code: 0 }
}

/// A modelled program (a server, a timed job).
#[derive(Clone, Debug, PartialEq)]
pub struct Program {
    /// Process name as `killall`/`pidof` see it.
    pub name: String,
    /// Ports and the delay after start before each accepts connections.
    pub listen: Vec<(u16, i64)>,
    pub http: Http,
    /// gRPC health: SERVING from this delay after start (None = no gRPC health service).
    pub grpc_serving_after: Option<i64>,
    /// Exits on its own after this delay with this code.
    pub exit: Option<(i64, i32)>,
    /// Signal reactions (signals not listed → `default_reaction`).
    pub reactions: Vec<(Signal, Reaction)>,
    pub default_reaction: Reaction,
    /// Memory: bytes at start, growth per second, cap.
    pub mem_start: u64,
    pub mem_per_sec: u64,
    pub mem_max: Option<u64>,
    /// Printed at start.
    pub output: &'static str,
    /// One-line description for the summary.
    pub summary: String,
    /// Guesses and gaps.
    pub notes: Vec<String>,
}

impl Program {
    fn new(name: &str, summary: &str) -> Program {
        Program::with(name, summary, &[], Http::Any200, &[])
    }

    /// A program listening on `listen` (port, delay after start), answering `http`, reacting
    /// to signals as `reactions` says: one out-of-line body for every modelled program.
    #[inline(never)]
    fn with(name: &str, summary: &str, listen: &[(u16, i64)], http: Http, reactions: &[(Signal, Reaction)]) -> Program {
        Program {
            name: name.to_string(),
            listen: listen.to_vec(),
            http,
            grpc_serving_after: None,
            exit: None,
            reactions: reactions.to_vec(),
            default_reaction: Reaction::Default,
            mem_start: 20 << 20,
            mem_per_sec: 0,
            mem_max: None,
            output: "",
            summary: summary.to_string(),
            notes: vec![],
        }
    }

    /// The reaction to `sig`.
    pub fn reaction(&self, sig: Signal) -> Reaction {
        self.reactions.iter().find(|(s, _)| *s == sig).map(|(_, r)| *r).unwrap_or(self.default_reaction)
    }
}

/// A Go binary without `signal.Notify`: SIGTERM/SIGINT/SIGHUP/SIGQUIT → exit 2 at once (§1.4).
static GO: [(Signal, Reaction); 4] = [
    (Signal::Term, Reaction::Exit { after: 0, code: 2 }),
    (Signal::Int, Reaction::Exit { after: 0, code: 2 }),
    (Signal::Hup, Reaction::Exit { after: 0, code: 2 }),
    (Signal::Quit, Reaction::Exit { after: 0, code: 2 }),
];

fn flag<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    let eq = format!("{name}=");
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let a2 = a.strip_prefix('-').unwrap_or(a);
        if let Some(v) = a2.strip_prefix(&eq).or_else(|| a.strip_prefix(&eq)) {
            return Some(v);
        }
        if a2 == name || a == name {
            return it.next().map(String::as_str);
        }
    }
    None
}

fn port_flag(args: &[String], name: &str, default: i64) -> i64 {
    flag(args, name).and_then(|v| v.parse::<i64>().ok()).unwrap_or(default)
}

/// Parses a stress(1) size: binary suffixes (stress uses 1024-based B/K/M/G) → bytes.
fn stress_bytes(s: &str) -> Option<u64> {
    let s = s.trim();
    let (num, mult) = match s.chars().last()? {
        'b' | 'B' => (&s[..s.len() - 1], 1u64),
        'k' | 'K' => (&s[..s.len() - 1], 1 << 10),
        'm' | 'M' => (&s[..s.len() - 1], 1 << 20),
        'g' | 'G' => (&s[..s.len() - 1], 1 << 30),
        _ => (s, 1),
    };
    num.parse::<u64>().ok().map(|n| n.saturating_mul(mult))
}

/// The argv that runs as PID 1, resolving the image ENTRYPOINT/CMD (§1.1: `command` replaces
/// ENTRYPOINT, `args` replaces CMD; `command` alone drops CMD).
pub fn resolve_argv(info: &ImageInfo, command: Option<&[String]>, args: Option<&[String]>) -> Vec<String> {
    let mut argv: Vec<String> = match command {
        Some(c) => c.to_vec(),
        None => info.entrypoint.clone(),
    };
    match (command, args) {
        (_, Some(a)) => argv.extend(a.iter().cloned()),
        (None, None) => argv.extend(info.cmd.iter().cloned()),
        (Some(_), None) => {}
    }
    argv
}

/// Classifies an external program run in `image`. None = not found in the image.
pub fn program(argv: &[String], info: &ImageInfo, env: &BTreeMap<String, String>, declared: &[u16]) -> Option<Program> {
    let cmd = argv.first()?;
    let base = super::shell::basename(cmd).to_string();
    let args = &argv[1..];
    let p = match base.as_str() {
        "docker-entrypoint.sh" | "entrypoint.sh" => {
            // The official entrypoints end with `exec "$@"` (§3.10–3.14); a leading flag means
            // "the default program with these flags".
            if args.is_empty() {
                return program(&info.cmd, info, env, declared);
            }
            if args[0].starts_with('-') {
                let mut a = info.cmd.clone();
                a.extend(args.iter().cloned());
                return program(&a, info, env, declared);
            }
            return program(args, info, env, declared);
        }
        "nginx" | "nginx-debug" => {
            // §3.10: listens ≈10 ms after exec (+ entrypoint scripts); TERM/INT fast exit 0,
            // QUIT graceful exit 0, HUP/USR1/USR2 stay, WINCH stops workers only.
            static R: [(Signal, Reaction); 7] = [
                (Signal::Term, exit0(10)),
                (Signal::Int, exit0(10)),
                (Signal::Quit, exit0(10)),
                (Signal::Hup, Reaction::Stay),
                (Signal::Usr1, Reaction::Stay),
                (Signal::Usr2, Reaction::Stay),
                (Signal::Winch, Reaction::Stay),
            ];
            let mut p = Program::with("nginx", "nginx", &[(80, 100)], Http::Nginx, &R);
            p.mem_start = 8 << 20;
            p.output = "/docker-entrypoint.sh: Configuration complete; ready for start up\n";
            if declared.iter().any(|d| *d != 80) {
                p.notes.push(
                    "nginx's default config listens on :80 only; other declared ports are not listened on".into(),
                );
            }
            p
        }
        "httpd" | "httpd-foreground" | "apache2" | "apache2-foreground" => {
            // §3.9: TERM/INT exit 0 in ≈30 ms; WINCH graceful, parent polls once a second → 1 s.
            static R: [(Signal, Reaction); 5] = [
                (Signal::Term, exit0(30)),
                (Signal::Int, exit0(30)),
                (Signal::Winch, exit0(1000)),
                (Signal::Hup, Reaction::Stay),
                (Signal::Usr1, Reaction::Stay),
            ];
            Program::with("httpd", "Apache httpd", &[(80, 50)], Http::Httpd, &R)
        }
        "redis-server" => {
            // §3.11: TERM/INT → shutdown, exit 0 ≈10 ms; QUIT ignored.
            let port = port_flag(args, "-port", 6379);
            static R: [(Signal, Reaction); 2] = [(Signal::Term, exit0(10)), (Signal::Int, exit0(10))];
            let listen = [(u16::try_from(port).unwrap_or(6379), 50)];
            let mut p = Program::with("redis-server", "Redis", &listen, Http::NotHttp, &R);
            p.mem_start = 4 << 20;
            p
        }
        "postgres" | "postmaster" => {
            // §3.12: needs POSTGRES_PASSWORD (or trust); first run initdb ≈2–5 s [est].
            if !env.contains_key("POSTGRES_PASSWORD") && !env.contains_key("POSTGRES_HOST_AUTH_METHOD") {
                let mut p = Program::new("postgres", "PostgreSQL");
                p.exit = Some((100, 1));
                p.output = "Error: Database is uninitialized and superuser password is not specified.\n";
                p.summary = "PostgreSQL without POSTGRES_PASSWORD: exits 1".into();
                return Some(p);
            }
            static R: [(Signal, Reaction); 3] =
                [(Signal::Int, exit0(20)), (Signal::Term, exit0(50)), (Signal::Quit, exit0(10))];
            let mut p = Program::with("postgres", "PostgreSQL", &[(5432, 3000)], Http::NotHttp, &R);
            p.notes.push("assumed: first-run initialisation takes ≈3 s before :5432 listens".into());
            p
        }
        "mysqld" | "mariadbd" => {
            let has_pw = [
                "MYSQL_ROOT_PASSWORD",
                "MYSQL_ALLOW_EMPTY_PASSWORD",
                "MYSQL_RANDOM_ROOT_PASSWORD",
                "MARIADB_ROOT_PASSWORD",
            ]
            .iter()
            .any(|k| env.contains_key(*k));
            if !has_pw {
                let mut p = Program::new("mysqld", "MySQL");
                p.exit = Some((100, 1));
                p.output = "error: database is uninitialized and password option is not specified\n";
                p.summary = "MySQL without MYSQL_ROOT_PASSWORD: exits 1".into();
                return Some(p);
            }
            static R: [(Signal, Reaction); 1] = [(Signal::Term, exit0(2000))];
            let mut p = Program::with("mysqld", "MySQL", &[(3306, 15_000), (33060, 15_000)], Http::NotHttp, &R);
            p.mem_start = 400 << 20;
            p.notes.push("assumed: first-run initialisation takes ≈15 s before :3306 listens".into());
            p
        }
        "agnhost" | "agnhost-2" => return Some(agnhost(args)),
        "server" if info.name == "liveness" => {
            let summary = "liveness server: /healthz 200 for 10 s, then 500";
            Program::with("server", summary, &[(8080, 10)], Http::Liveness, &GO)
        }
        "goproxy" => {
            let summary = "goproxy: HTTP proxy on :8080 (GET / → 500)";
            Program::with("goproxy", summary, &[(8080, 10)], Http::Goproxy, &GO)
        }
        "pause" => {
            // §3.4: SIGINT/SIGTERM → exit 0 at once.
            static R: [(Signal, Reaction); 2] = [(Signal::Term, exit0(0)), (Signal::Int, exit0(0))];
            let mut p = Program::with("pause", "pause: sleeps until signalled", &[], Http::Any200, &R);
            p.mem_start = 300 << 10;
            p
        }
        "etcd" => {
            static R: [(Signal, Reaction); 2] = [(Signal::Term, exit0(50)), (Signal::Int, exit0(50))];
            let listen = [(2379, 100), (2380, 100)];
            let mut p = Program::with("etcd", "etcd: gRPC health SERVING once ready", &listen, Http::Any200, &R);
            p.grpc_serving_after = Some(1500);
            p.notes.push("assumed: a single-member etcd is ready ≈1.5 s after start".into());
            p
        }
        "stress"
            if info.name == "stress" && !argv[0].starts_with("/stress")
                || argv.iter().any(|a| a.starts_with("--vm")) =>
        {
            // polinux/stress (§3.7): stress 1.0.4; PID 1 parent without handlers.
            let mut p = Program::new("stress", "stress");
            let workers = flag(args, "-vm").and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
            let bytes = flag(args, "-vm-bytes").and_then(stress_bytes).unwrap_or(256 << 20);
            let total = workers.saturating_mul(bytes);
            p.mem_start = 1 << 20;
            if total > 0 {
                // Pages are touched within a fraction of a second [est]: reach the total in 0.2 s.
                p.mem_per_sec = total.saturating_mul(5);
                p.mem_max = Some(total.saturating_add(1 << 20));
                p.summary = format!("stress: {workers} worker(s) × {} MiB", bytes >> 20);
            }
            if let Some(t) = flag(args, "-timeout").and_then(|v| v.trim_end_matches('s').parse::<i64>().ok()) {
                p.exit = Some((t.saturating_mul(1000), 0));
            }
            p.notes.push("assumed: stress allocates its --vm-bytes within 0.2 s".into());
            p
        }
        "stress" => {
            // vish/stress (§3.6): Go, no handler → SIGTERM exit 2.
            let mut p = Program::with("stress", "vish/stress", &[], Http::Any200, &GO);
            let total = flag(args, "mem-total").and_then(super::behaviour::parse_bytes).unwrap_or(0);
            p.mem_start = 2 << 20;
            if total > 0 {
                p.mem_per_sec = (4096u64 * 1000).min(total.max(1));
                p.mem_max = Some(total);
            }
            p
        }
        "perl" if args.iter().any(|a| a.contains("bpi")) => {
            // §3.8: the docs' pi Job: "It takes around 10s to complete"; exit 0.
            let mut p = Program::new("perl", "perl: computes π, exits 0 after ≈10 s");
            p.exit = Some((10_000, 0));
            p.output = "3.14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706798214808651328230664709384460955058223172535940812848111745028410270193852110555964462294895493038196...\n";
            p
        }
        "python" | "python3" | "node" | "perl" | "ruby" | "java" => {
            if args.is_empty() {
                // A REPL with stdin at EOF exits 0 at once (§1.1).
                let mut p = Program::new(&base, &format!("{base} REPL: stdin is at EOF → exits 0"));
                p.exit = Some((50, 0));
                return Some(p);
            }
            let mut p = Program::new(&base, &format!("{base} program"));
            if base.starts_with("python") && args.windows(2).any(|w| w[0] == "-m" && w[1] == "http.server") {
                let mut port = 8000;
                for a in args.iter().rev() {
                    if let Ok(p) = a.parse::<u16>() {
                        port = p;
                        break;
                    }
                }
                p.listen = vec![(port, 50)];
                p.summary = format!("python http.server on :{port}");
            } else {
                p.listen = on_ports(declared, if base == "java" { 10_000 } else { 1000 });
                p.notes.push(format!("assumed: the {base} program runs until stopped and serves every declared port"));
            }
            // §3.14/§3.15: no handler → SIGTERM ignored as PID 1; python: SIGINT → 130.
            if base.starts_with("python") {
                p.reactions.push((Signal::Int, Reaction::Exit { after: 0, code: 130 }));
            }
            p.mem_start = 30 << 20;
            p
        }
        _ => {
            if info.shell_only || info.missing.contains(&base.as_str()) {
                return None;
            }
            return Some(default_program(&base, info, declared));
        }
    };
    Some(p)
}

/// The unknown-program default (§5.3–5.6e): listens on every declared port after 1 s,
/// answers 200 on every path and SERVING over gRPC, exits 0 within 0.5 s of SIGTERM.
pub fn default_program(name: &str, info: &ImageInfo, declared: &[u16]) -> Program {
    let slow = ["java", "openjdk", "tomcat", "jetty", "spring", "kafka", "elasticsearch"];
    let startup = if slow.iter().any(|s| info.reference.contains(s)) { 15_000 } else { 1000 };
    static R: [(Signal, Reaction); 3] =
        [(Signal::Term, exit0(500)), (Signal::Int, exit0(500)), (Signal::Quit, exit0(500))];
    let mut p = Program::with(name, &format!("{name} (unknown program)"), &[], Http::Any200, &R);
    p.listen = on_ports(declared, startup);
    p.grpc_serving_after = Some(startup);
    p.notes.push(format!(
        "assumed: unknown program `{name}` listens on every declared containerPort after {} s, answers HTTP 200 on any path, and exits 0 within 0.5 s of SIGTERM",
        startup / 1000
    ));
    p
}

/// Every port in `ports`, each listening `delay` ms after start.
fn on_ports(ports: &[u16], delay: i64) -> Vec<(u16, i64)> {
    let mut out = Vec::with_capacity(ports.len());
    for &p in ports {
        out.push((p, delay));
    }
    out
}

/// agnhost subcommands (§2).
fn agnhost(args: &[String]) -> Program {
    let sub = args.first().map(String::as_str).unwrap_or("pause");
    let rest = if args.is_empty() { &[][..] } else { &args[1..] };
    let port = |name: &str, d: u16| u16::try_from(port_flag(rest, name, i64::from(d))).unwrap_or(d);
    match sub {
        "pause" => {
            // §2.1: SIGTERM → exit 2, SIGINT → exit 1 (after --delay-shutdown).
            let delay = port_flag(rest, "-delay-shutdown", 0).saturating_mul(1000);
            let r = [
                (Signal::Term, Reaction::Exit { after: delay, code: 2 }),
                (Signal::Int, Reaction::Exit { after: delay, code: 1 }),
            ];
            let mut p = Program::with("agnhost", "agnhost pause", &[], Http::Any200, &r);
            p.output = "Paused\n";
            p
        }
        "liveness" => {
            let summary = "agnhost liveness: /healthz 200 for 10 s, then 500";
            Program::with("agnhost", summary, &[(8080, 10)], Http::Liveness, &GO)
        }
        "netexec" => {
            // §2.3: agnhost ≥ 2.39 handles SIGTERM: exit 0 after --delay-shutdown.
            let http = port("-http-port", 8080);
            let udp = port_flag(rest, "-udp-port", 8081);
            let delay = port_flag(rest, "-delay-shutdown", 0).saturating_mul(1000);
            // The SIGTERM goroutine only sleeps, then `os.Exit(0)`: the HTTP server keeps
            // accepting until then (test/images/agnhost/netexec/netexec.go).
            let r = [
                (Signal::Term, Reaction::ServeThenExit { after: delay, code: 0 }),
                (Signal::Int, Reaction::Exit { after: 0, code: 2 }),
            ];
            let summary = format!("agnhost netexec on :{http}");
            let mut p = Program::with("agnhost", &summary, &[(http, 10)], Http::Netexec { udp: udp >= 0 }, &r);
            if let Ok(u) = u16::try_from(udp) {
                p.listen.push((u, 10));
            }
            p.notes.push("assumed: agnhost ≥ 2.39 (SIGTERM → keeps serving, exit 0 after --delay-shutdown)".into());
            p
        }
        "serve-hostname" => {
            // §2.4: SIGTERM caught, sleeps 60 s, exit 0.
            let listen = [(port("-port", 9376), 10)];
            // The handler logs and sleeps; the server keeps accepting meanwhile.
            static R: [(Signal, Reaction); 1] = [(Signal::Term, Reaction::ServeThenExit { after: 60_000, code: 0 })];
            Program::with("agnhost", "agnhost serve-hostname", &listen, Http::Hostname, &R)
        }
        "grpc-health-checking" => {
            let listen = [(port("-port", 5000), 10), (port("-http-port", 8080), 10)];
            let mut p = Program::with("agnhost", "agnhost grpc-health-checking", &listen, Http::Any200, &GO);
            p.grpc_serving_after = Some(0);
            p
        }
        "fake-gitserver" => Program::with("agnhost", "agnhost fake-gitserver", &[(8000, 10)], Http::Any200, &GO),
        "test-webserver"
        | "nettest"
        | "no-snat-test"
        | "tcp-reset"
        | "resource-consumer"
        | "webhook"
        | "crd-conversion-webhook" => {
            let d = match sub {
                "test-webserver" => 80,
                "webhook" | "crd-conversion-webhook" => 443,
                _ => 8080,
            };
            let listen = [(port("-port", d), 10)];
            Program::with("agnhost", &format!("agnhost {sub}"), &listen, Http::Any200, &GO)
        }
        "dns-suffix" | "dns-server-list" | "etc-hosts" | "entrypoint-tester" | "mounttest" | "connect" => {
            let mut p = Program::new("agnhost", &format!("agnhost {sub}: prints and exits 0"));
            p.exit = Some((10, 0));
            p
        }
        other => {
            let mut p = Program::with("agnhost", &format!("agnhost {other}"), &[], Http::Any200, &GO);
            p.notes.push(format!("agnhost subcommand `{other}` is not modelled: assumed a server without ports"));
            p
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        strs(v)
    }

    #[test]
    fn references() {
        let i = image_info("registry.k8s.io/e2e-test-images/agnhost:2.40");
        assert_eq!((i.name.as_str(), i.tag.as_str()), ("agnhost", "2.40"));
        let i = image_info("nginx");
        assert_eq!(i.stop_signal, Some(Signal::Quit));
        assert_eq!(image_info("nginx:1.14.2").stop_signal, Some(Signal::Term));
        assert_eq!(image_info("nginx:1.27-alpine").stop_signal, Some(Signal::Quit));
        assert_eq!(image_info("httpd:2.4").stop_signal, Some(Signal::Winch));
        assert_eq!(image_info("httpd:2.4.38").stop_signal, Some(Signal::Term));
        assert_eq!(image_info("postgres:16").stop_signal, Some(Signal::Int));
        assert!(!image_info("registry.k8s.io/busybox:1.27.2").exec_last);
        assert!(image_info("busybox:1.28").exec_last);
        assert!(!image_info("example.com/team/app:v1").known);
        assert_eq!(image_info("localhost:5000/app").tag, "latest");
    }

    #[test]
    fn argv_resolution() {
        let nginx = image_info("nginx");
        assert_eq!(resolve_argv(&nginx, None, None), s(&["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"]));
        let ag = image_info("registry.k8s.io/e2e-test-images/agnhost:2.40");
        assert_eq!(resolve_argv(&ag, None, Some(&s(&["liveness"]))), s(&["/agnhost", "liveness"]));
        assert_eq!(resolve_argv(&ag, Some(&s(&["sh"])), None), s(&["sh"]));
    }

    #[test]
    fn programs() {
        let env = BTreeMap::new();
        let nginx = image_info("nginx");
        let p = program(&resolve_argv(&nginx, None, None), &nginx, &env, &[80]).unwrap();
        assert_eq!(p.name, "nginx");
        assert_eq!(p.reaction(Signal::Quit), Reaction::Exit { after: 10, code: 0 });
        let st = image_info("polinux/stress");
        let p = program(&s(&["stress", "--vm", "1", "--vm-bytes", "150M", "--vm-hang", "1"]), &st, &env, &[]).unwrap();
        assert_eq!(p.mem_max, Some(157_286_400 + (1 << 20)));
        let bb = image_info("busybox");
        assert!(program(&s(&["myapp"]), &bb, &env, &[]).is_none());
        let unknown = image_info("example.com/app:1");
        let p = program(&s(&["/app"]), &unknown, &env, &[8080]).unwrap();
        assert_eq!(p.listen, vec![(8080, 1000)]);
        let pg = image_info("postgres");
        assert_eq!(program(&s(&["docker-entrypoint.sh", "postgres"]), &pg, &env, &[]).unwrap().exit, Some((100, 1)));
        let ag = image_info("agnhost:2.40");
        let p = program(&s(&["/agnhost", "netexec", "--http-port=8080", "--udp-port=-1"]), &ag, &env, &[]).unwrap();
        assert_eq!(p.listen, vec![(8080, 10)]);
        assert_eq!(p.http, Http::Netexec { udp: false });
    }

    /// agnhost's server subcommands: default ports, `--port`, and the reactions of a Go binary
    /// without signal handlers (SIGTERM/SIGINT/SIGHUP/SIGQUIT → exit 2 at once, others default).
    #[test]
    fn agnhost_servers() {
        let env = BTreeMap::new();
        let ag = image_info("agnhost:2.40");
        let go = Reaction::Exit { after: 0, code: 2 };
        for (sub, port) in [
            ("test-webserver", 80),
            ("nettest", 8080),
            ("tcp-reset", 8080),
            ("webhook", 443),
            ("crd-conversion-webhook", 443),
            ("fake-gitserver", 8000),
            ("liveness", 8080),
            ("grpc-health-checking", 5000),
            ("mystery", 0),
        ] {
            let p = program(&s(&["/agnhost", sub]), &ag, &env, &[]).unwrap();
            assert_eq!(p.listen.first().map(|l| l.0).unwrap_or(0), port, "{sub}");
            for sig in [Signal::Term, Signal::Int, Signal::Hup, Signal::Quit] {
                assert_eq!(p.reaction(sig), go, "{sub} {sig}");
            }
            assert_eq!(p.reaction(Signal::Usr1), Reaction::Default, "{sub}");
            assert_eq!(p.reactions.len(), 4, "{sub}");
        }
        let p = program(&s(&["/agnhost", "webhook", "--port=8443"]), &ag, &env, &[]).unwrap();
        assert_eq!((p.listen, p.summary.as_str()), (vec![(8443, 10)], "agnhost webhook"));
        let p = program(&s(&["/agnhost", "test-webserver", "--port", "99999"]), &ag, &env, &[]).unwrap();
        assert_eq!((p.listen, p.summary.as_str()), (vec![(80, 10)], "agnhost test-webserver"));
        let vish = image_info("vish/stress");
        let p = program(&s(&["/stress", "-logtostderr"]), &vish, &env, &[]).unwrap();
        assert_eq!((p.reaction(Signal::Term), p.reactions.len()), (go, 4));
    }
}
