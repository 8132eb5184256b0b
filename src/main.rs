//! `podlife`, the command line over the core. See README.md for the contract.
//!
//! This file only reads files, parses arguments and prints: every answer comes from the
//! library.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(cli::run());
}

/// `print!`/`println!` for the CLI: a closed stdout (`podlife fleet x | head`) ends the
/// program quietly with the status a process killed by SIGPIPE has (141), instead of the
/// standard macros' "failed printing to stdout" panic.
#[cfg(not(target_arch = "wasm32"))]
macro_rules! print {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if write!(std::io::stdout().lock(), $($arg)*).is_err() {
            std::process::exit(141);
        }
    }};
}

#[cfg(not(target_arch = "wasm32"))]
macro_rules! println {
    () => { print!("\n") };
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout().lock(), $($arg)*).is_err() {
            std::process::exit(141);
        }
    }};
}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::io::Read;

    use clap::{Parser, Subcommand, ValueEnum};
    use podlife::input::{self, Parsed, Severity};
    use podlife::report;

    #[derive(Parser)]
    #[command(
        name = "podlife",
        version,
        about = "Replays what a Kubernetes 1.34 kubelet does with a Pod: validate, default, QoS, kubectl STATUS and a lifecycle simulation."
    )]
    struct Cli {
        #[command(subcommand)]
        cmd: Cmd,
    }

    #[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
    enum Out {
        Text,
        Json,
    }

    #[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
    enum SimOut {
        /// Events and status changes with their times.
        Text,
        /// The timeline (the JSON contract in README.md).
        Json,
        /// `kubectl get pod -w` transcript.
        Watch,
        /// The Events table of `kubectl describe pod`.
        Describe,
    }

    #[derive(Subcommand)]
    enum Cmd {
        /// Simulate the pod's lifecycle as a Kubernetes 1.34 kubelet would, second by second.
        /// Exit 0 after a simulation, 1 when the API server would reject the input, 2 when it is unreadable.
        Simulate {
            /// The file with the pod (or workload); a `kind: Scenario` document in it is used too.
            #[arg(required_unless_present = "link")]
            file: Option<String>,
            /// Simulate what a podlife share link holds (URL or `#…` fragment): its text, seed,
            /// pod and moment (`t`, the default of --at). --seed, --pod and --at still win.
            #[arg(long, conflicts_with = "file")]
            link: Option<String>,
            /// A file whose `kind: Scenario` document replaces the one in FILE.
            #[arg(long)]
            scenario: Option<String>,
            /// Seed of the kubelet's jitter (a `seed` in the Scenario wins) [default: 1].
            #[arg(long)]
            seed: Option<u64>,
            /// How much virtual time to simulate, e.g. 90s, 10m, 2h (default: the Scenario's, else 10m).
            #[arg(long)]
            until: Option<String>,
            /// Which pod, when FILE has several: the document's name or the pod's.
            #[arg(long)]
            pod: Option<String>,
            /// Print at this virtual time (watch/describe), e.g. 45s (default: the end).
            #[arg(long)]
            at: Option<String>,
            #[arg(short = 'o', long = "output", value_enum, default_value = "text")]
            output: SimOut,
        },
        /// Simulate a Deployment's (or ReplicaSet's) pods over time: rollouts (the Scenario's
        /// `rollout`), ResourceQuota admission, several nodes and node failure. Prints the
        /// `kubectl rollout status` transcript, the Deployment/ReplicaSet events and a per-pod table.
        /// Exit 0 after a simulation, 1 when there is no valid Deployment/ReplicaSet or the API
        /// server would reject the input, 2 when it is unreadable.
        Fleet {
            /// The file with the Deployment; Scenario, ResourceQuota documents in it are used too.
            file: String,
            /// Seed of the kubelet's jitter (a `seed` in the Scenario wins) [default: 1].
            #[arg(long, default_value_t = 1)]
            seed: u64,
            /// How much virtual time to simulate, e.g. 90s, 10m (default: the Scenario's, else 10m).
            #[arg(long)]
            until: Option<String>,
            #[arg(short = 'o', long = "output", value_enum, default_value = "text")]
            output: Out,
        },
        /// What clients of a Service see while its pods start, stop and roll: every request of
        /// the Scenario's `spec.traffic` load served, refused or reset, and why (README: "The
        /// traffic command"). Exit 0 simulated, 1 invalid input or no Service, 2 unreadable input.
        Traffic {
            /// The file with the Service, the pods (or workloads) and the Scenario (`-` for stdin).
            file: String,
            /// Seed of the kubelet's jitter and of kube-proxy's endpoint choice [default: 1].
            #[arg(long)]
            seed: Option<u64>,
            /// How much virtual time to simulate, e.g. 90s, 10m (default: the Scenario's, else 10m).
            #[arg(long)]
            until: Option<String>,
            #[arg(short = 'o', long = "output", value_enum, default_value = "text")]
            output: Out,
        },
        /// Print a share link for FILE: the playground opens it with the same text, seed, pod,
        /// moment and panel (README: "Share links"). Exit 0, 1 when the state is too large for
        /// a link (32 KiB), 2 when FILE is unreadable or an option is invalid.
        Share {
            /// The file to share (`-` for standard input).
            file: String,
            /// Seed of the kubelet's jitter [default: 1].
            #[arg(long)]
            seed: Option<u64>,
            /// The playhead, e.g. 42s, 1m30s, 1500ms.
            #[arg(long)]
            at: Option<String>,
            /// The open panel: pod, events, watch, effective, inferred.
            #[arg(long)]
            tab: Option<String>,
            /// Which pod of FILE, by 0-based index.
            #[arg(long)]
            pod: Option<usize>,
            /// The playground's URL the fragment is appended to, e.g. https://example.org/podlife/
            /// (default: print only the `#…` fragment).
            #[arg(long, default_value = "")]
            base: String,
            /// Documentation embed: timeline, playback and one panel, no other chrome.
            #[arg(long)]
            embed: bool,
            /// The editor cannot be changed.
            #[arg(long)]
            readonly: bool,
            /// Play on load.
            #[arg(long)]
            autoplay: bool,
            /// Force `light` or `dark` (default: the reader's system setting).
            #[arg(long)]
            theme: Option<String>,
            /// Print an `<iframe>` snippet (600×360) for the link instead of the link.
            #[arg(long)]
            iframe: bool,
        },
        /// Validate as the API server does on create and print what kubectl would.
        /// Exit 0 when every pod-bearing document is valid, 1 when any is invalid, 2 when input is unreadable.
        Validate {
            /// Files to read (`-` for standard input).
            #[arg(required = true)]
            files: Vec<String>,
            #[arg(short = 'o', long = "output", value_enum, default_value = "text")]
            output: Out,
        },
        /// Print each pod's QoS class (computed even for specs that fail validation).
        Qos {
            #[arg(required = true)]
            files: Vec<String>,
            #[arg(short = 'o', long = "output", value_enum, default_value = "text")]
            output: Out,
        },
        /// Print the `kubectl get pod` table for pods (with or without a `.status`).
        Status {
            #[arg(required = true)]
            files: Vec<String>,
            /// The instant AGE and "ago" are measured from (RFC 3339). Default: now.
            #[arg(long)]
            now: Option<String>,
            /// Also print which rule produced each STATUS.
            #[arg(long)]
            explain: bool,
            #[arg(short = 'o', long = "output", value_enum, default_value = "text")]
            output: Out,
        },
        /// Workshop exercises: grade a spec against an exercise's goals, list or show exercises.
        Exercise {
            #[command(subcommand)]
            cmd: ExerciseCmd,
        },
        /// Print the effective spec: what the API server stores, with each defaulted field marked.
        Defaults {
            #[arg(required = true)]
            files: Vec<String>,
            #[arg(short = 'o', long = "output", value_enum, default_value = "text")]
            output: Out,
        },
    }

    /// Reads a file (or standard input for `-`) as UTF-8 text.
    fn read(path: &str) -> Result<String, String> {
        let mut bytes = Vec::new();
        // Read one byte past the limit so a huge input (`- < /dev/zero` included) is refused
        // without reading it all.
        let limit = podlife::source::MAX_INPUT_BYTES as u64 + 1;
        let res = if path == "-" {
            let mut stdin = std::io::stdin().lock();
            stdin.by_ref().take(limit).read_to_end(&mut bytes).map(|_| ()).and_then(|_| {
                // Over the limit: read on (without keeping it) up to 256 MiB, so a writer
                // piping a large file is not cut off with a broken pipe; /dev/zero still stops.
                if bytes.len() as u64 == limit {
                    std::io::copy(&mut stdin.take(256 << 20), &mut std::io::sink())?;
                }
                Ok(())
            })
        } else {
            std::fs::File::open(path).and_then(|f| f.take(limit).read_to_end(&mut bytes).map(|_| ()))
        };
        res.map_err(|e| format!("{path}: {e}"))?;
        String::from_utf8(bytes)
            .map_err(|e| format!("{path}: not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()))
    }

    fn load_all(files: &[String]) -> Result<Vec<(String, Parsed)>, String> {
        files.iter().map(|f| read(f).map(|t| (f.clone(), input::parse(&t)))).collect()
    }

    fn print_input_diagnostics(file: &str, parsed: &Parsed) {
        for d in parsed.all_diagnostics() {
            let sev = if d.severity == Severity::Error { "error" } else { "warning" };
            eprintln!("{file}:{}:{}: {sev}: {}", d.pos.line, d.pos.col, d.message);
        }
    }

    fn json(v: &impl serde::Serialize) -> String {
        serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }

    pub fn run() -> i32 {
        let cli = Cli::parse();
        match cli.cmd {
            Cmd::Validate { files, output } => {
                let all = match load_all(&files) {
                    Ok(a) => a,
                    Err(e) => {
                        eprintln!("error: {e}");
                        return 2;
                    }
                };
                let mut any_invalid = false;
                let mut reports = Vec::new();
                for (file, parsed) in &all {
                    let r = report::validate(parsed);
                    any_invalid |= r.iter().any(|x| !x.valid);
                    if output == Out::Text {
                        for x in &r {
                            for w in &x.warnings {
                                eprintln!("Warning: {w}");
                            }
                            println!("{}", x.kubectl);
                        }
                        print_input_diagnostics(file, parsed);
                    }
                    reports.extend(r);
                }
                if output == Out::Json {
                    println!("{}", json(&reports));
                }
                i32::from(any_invalid)
            }
            Cmd::Qos { files, output } => {
                let all = match load_all(&files) {
                    Ok(a) => a,
                    Err(e) => {
                        eprintln!("error: {e}");
                        return 2;
                    }
                };
                let rows: Vec<_> = all.iter().flat_map(|(_, p)| report::qos(p)).collect();
                match output {
                    Out::Json => println!("{}", json(&rows)),
                    Out::Text => {
                        for r in &rows {
                            println!("{}/{}: {}", r.kind, r.name, r.qos_class);
                        }
                    }
                }
                for (file, parsed) in &all {
                    if parsed.pods.is_empty() {
                        print_input_diagnostics(file, parsed);
                    }
                }
                0
            }
            Cmd::Status { files, now, explain, output } => {
                let now = match now {
                    None => {
                        let secs = std::time::SystemTime::now()
                            .duration_since(std::time::UNIX_EPOCH)
                            .map_or(0, |d| d.as_secs() as i64);
                        podlife::model::Timestamp::from_second(secs).unwrap_or_default()
                    }
                    Some(s) => match s.parse::<podlife::model::Timestamp>() {
                        Ok(t) => t,
                        Err(e) => {
                            eprintln!("error: --now {s:?} is not an RFC 3339 time: {e}");
                            return 2;
                        }
                    },
                };
                let all = match load_all(&files) {
                    Ok(a) => a,
                    Err(e) => {
                        eprintln!("error: {e}");
                        return 2;
                    }
                };
                let rows: Vec<_> = all.iter().flat_map(|(_, p)| report::status(p, now)).collect();
                match output {
                    Out::Json => println!("{}", json(&rows)),
                    Out::Text => {
                        let table: Vec<_> = rows.iter().map(|r| r.row()).collect();
                        print!("{}", podlife::printer::format_table(&table));
                        if explain {
                            for r in &rows {
                                println!("{}: {}", r.name, r.why);
                            }
                        }
                    }
                }
                let mut code = 0;
                for (file, parsed) in &all {
                    if parsed.pods.is_empty() {
                        print_input_diagnostics(file, parsed);
                        code = 1;
                    }
                }
                code
            }
            Cmd::Traffic { file, seed, until, output } => traffic(&file, seed.unwrap_or(1), until.as_deref(), output),
            Cmd::Simulate { file, link, scenario, seed, until, pod, at, output } => {
                let (file, text, seed, pod, at) = match link {
                    None => (file.unwrap_or_default(), None, seed.unwrap_or(1), pod, at),
                    Some(l) => match podlife::share::decode(&l) {
                        Ok(st) => {
                            let text = st.text.unwrap_or_default();
                            let pod = pod.or_else(|| {
                                let parsed = input::parse(&text);
                                parsed.pods.get(st.pod).map(|p| p.pod_name().to_string())
                            });
                            let at = at.or(st.at_ms.map(|t| format!("{t}ms")));
                            ("link".to_string(), Some(text), seed.unwrap_or(st.seed), pod, at)
                        }
                        Err(e) => {
                            eprintln!("error: --link: {e}");
                            return 2;
                        }
                    },
                };
                simulate(
                    &file,
                    text,
                    scenario.as_deref(),
                    seed,
                    until.as_deref(),
                    pod.as_deref(),
                    at.as_deref(),
                    output,
                )
            }
            Cmd::Fleet { file, seed, until, output } => fleet(&file, seed, until.as_deref(), output),
            Cmd::Share { file, seed, at, tab, pod, base, embed, readonly, autoplay, theme, iframe } => {
                share(&file, seed, at, tab, pod, &base, [embed, readonly, autoplay], theme, iframe)
            }
            Cmd::Exercise { cmd } => exercise::run(cmd),
            Cmd::Defaults { files, output } => {
                let all = match load_all(&files) {
                    Ok(a) => a,
                    Err(e) => {
                        eprintln!("error: {e}");
                        return 2;
                    }
                };
                let docs: Vec<_> = all.iter().flat_map(|(_, p)| report::effective(p)).collect();
                match output {
                    Out::Json => println!("{}", json(&docs)),
                    Out::Text => {
                        for d in &docs {
                            println!(
                                "# {}/{} (pod {}): {} defaulted field(s)",
                                d.kind,
                                d.name,
                                d.pod,
                                d.defaulted.len()
                            );
                            for f in &d.defaulted {
                                println!("{}: {}", f.path, f.value);
                            }
                        }
                    }
                }
                0
            }
        }
    }

    #[derive(Subcommand)]
    enum ExerciseCmd {
        /// Grade FILE against EXERCISE: one PASS/FAIL line per goal. Exit 0 when every goal
        /// passes, 1 when any fails or the spec is invalid, 2 when an input is unreadable or the
        /// exercise file is not a valid exercise.
        Check {
            /// An exercise file, or the id of a built-in exercise (`podlife exercise list`).
            exercise: String,
            /// The spec to grade (`-` for standard input).
            file: String,
            #[arg(short = 'o', long = "output", value_enum, default_value = "text")]
            output: Out,
        },
        /// List the built-in exercises (id and title).
        List {
            #[arg(short = 'o', long = "output", value_enum, default_value = "text")]
            output: Out,
        },
        /// Print an exercise's instructions, goals and hints, or its starting spec or solution.
        Show {
            /// An exercise file, or the id of a built-in exercise.
            exercise: String,
            /// Print the starting spec (with the exercise's Scenario document) instead.
            #[arg(long, conflicts_with = "solution")]
            start: bool,
            /// Print the reference solution instead.
            #[arg(long)]
            solution: bool,
        },
    }

    mod exercise {
        use super::{json, read, ExerciseCmd, Out};
        use podlife::exercise::{self, library, Exercise, Solution};

        /// An exercise file, else a built-in id: (exercise, directory for `solutionFile`).
        fn load(arg: &str) -> Result<(Exercise, Option<std::path::PathBuf>), String> {
            let path = std::path::Path::new(arg);
            if !path.exists() {
                if let Some(e) = library::by_id(arg) {
                    return exercise::parse(e.yaml).map(|x| (x, None)).map_err(|d| format!("{arg}: {d}"));
                }
            }
            let text = read(arg)?;
            let ex = exercise::parse(&text)
                .map_err(|d| d.0.iter().map(|p| format!("{arg}:{p}")).collect::<Vec<_>>().join("\n"))?;
            Ok((ex, path.parent().map(|p| p.to_path_buf())))
        }

        fn solution(ex: &Exercise, dir: Option<&std::path::Path>) -> Result<String, String> {
            match &ex.solution {
                None => Err("the exercise has no reference solution".into()),
                Some(Solution::Inline(s)) => Ok(s.clone()),
                Some(Solution::File(f)) => read(&dir.map_or_else(|| f.into(), |d| d.join(f)).to_string_lossy()),
            }
        }

        pub(super) fn run(cmd: ExerciseCmd) -> i32 {
            match cmd {
                ExerciseCmd::Check { exercise, file, output } => {
                    let (ex, spec) = match load(&exercise).and_then(|(ex, _)| read(&file).map(|s| (ex, s))) {
                        Ok(v) => v,
                        Err(e) => {
                            eprintln!("error: {e}");
                            return 2;
                        }
                    };
                    let report = podlife::exercise::check(&ex, &spec);
                    match output {
                        Out::Json => println!("{}", json(&report)),
                        Out::Text => {
                            print!("{}", report.to_text());
                            for e in &report.errors {
                                eprintln!("{file}:{}:{}: error: {}", e.line, e.col, e.message);
                            }
                        }
                    }
                    i32::from(!report.passed)
                }
                ExerciseCmd::List { output } => {
                    let rows: Vec<serde_json::Value> = library::EXERCISES
                        .iter()
                        .filter_map(|e| exercise::parse(e.yaml).ok().map(|x| (e.id, x)))
                        .map(|(id, x)| serde_json::json!({"id": id, "title": x.title, "titleZh": x.title_zh, "goals": x.goals.len()}))
                        .collect();
                    match output {
                        Out::Json => println!("{}", json(&rows)),
                        Out::Text => {
                            for r in &rows {
                                println!(
                                    "{:<22} {}",
                                    r["id"].as_str().unwrap_or(""),
                                    r["title"].as_str().unwrap_or("")
                                );
                            }
                        }
                    }
                    0
                }
                ExerciseCmd::Show { exercise, start, solution: sol } => {
                    let (ex, dir) = match load(&exercise) {
                        Ok(v) => v,
                        Err(e) => {
                            eprintln!("error: {e}");
                            return 2;
                        }
                    };
                    if start {
                        print!("{}", ex.start_text());
                        return 0;
                    }
                    if sol {
                        return match solution(&ex, dir.as_deref()) {
                            Ok(s) => {
                                print!("{s}");
                                0
                            }
                            Err(e) => {
                                eprintln!("error: {e}");
                                2
                            }
                        };
                    }
                    println!("# {}\n\n{}", ex.title, ex.instructions.trim_end());
                    println!("\nGoals:");
                    for g in &ex.goals {
                        println!("- {}", g.describe(None).0);
                    }
                    if !ex.hints.is_empty() {
                        println!("\nHints:");
                        for (i, h) in ex.hints.iter().enumerate() {
                            println!("{}. {h}", i + 1);
                        }
                    }
                    0
                }
            }
        }
    }

    fn millis(flag: &str, v: &str) -> Result<i64, String> {
        podlife::app::Millis::parse(v).map(|m| m.0).map_err(|e| format!("{flag} {v:?}: {e}"))
    }

    #[allow(clippy::too_many_arguments)]
    fn share(
        file: &str,
        seed: Option<u64>,
        at: Option<String>,
        tab: Option<String>,
        pod: Option<usize>,
        base: &str,
        [embed, readonly, autoplay]: [bool; 3],
        theme: Option<String>,
        iframe: bool,
    ) -> i32 {
        use podlife::share::{self, Panel, Presentation, State, Theme};
        let text = match read(file) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: {e}");
                return 2;
            }
        };
        let at_ms = match at.as_deref().map(|a| share::parse_time(a).ok_or(a)) {
            None => None,
            Some(Ok(t)) => Some(t),
            Some(Err(a)) => {
                eprintln!("error: --at {a:?}: not a time such as 42s, 1m30s or 1500ms within 30 days");
                return 2;
            }
        };
        let panel = match tab.as_deref().map(|t| Panel::from_name(t).ok_or(t)) {
            None => None,
            Some(Ok(p)) => Some(p),
            Some(Err(t)) => {
                eprintln!("error: --tab {t:?}: not one of pod, events, watch, effective, inferred");
                return 2;
            }
        };
        let theme = match theme.as_deref() {
            None => None,
            Some("light") => Some(Theme::Light),
            Some("dark") => Some(Theme::Dark),
            Some(t) => {
                eprintln!("error: --theme {t:?}: not light or dark");
                return 2;
            }
        };
        if pod.is_some_and(|p| p > share::MAX_POD_INDEX) {
            eprintln!("error: --pod: at most {}", share::MAX_POD_INDEX);
            return 2;
        }
        let state = State {
            text: Some(text),
            seed: seed.unwrap_or(share::DEFAULT_SEED),
            pod: pod.unwrap_or(0),
            at_ms,
            panel,
            view: None,
            show: Presentation { embed, readonly, autoplay, editor: false, theme, lang: None },
        };
        match share::encode(&state) {
            Ok(fragment) => {
                let url = format!("{base}#{fragment}");
                if iframe {
                    println!("{}", share::iframe_snippet(&url, 600, 360));
                } else {
                    println!("{url}");
                }
                0
            }
            Err(e) => {
                eprintln!("error: {file}: {e}");
                1
            }
        }
    }

    /// Reads FILE for `fleet` and `traffic`: its diagnostics on stderr, kubectl's errors and
    /// exit 1 when the API server would reject it, exit 2 when it is unreadable or `--until`
    /// is not a duration; else the parsed input with `--until` applied.
    fn read_for_scene(file: &str, until: Option<&str>) -> Result<Parsed, i32> {
        let mut parsed = match read(file) {
            Ok(t) => input::parse(&t),
            Err(e) => {
                eprintln!("error: {e}");
                return Err(2);
            }
        };
        print_input_diagnostics(file, &parsed);
        if parsed.has_errors() {
            for p in parsed.pods.iter().filter(|p| !p.is_valid()) {
                println!("{}", p.kubectl_errors());
            }
            return Err(1);
        }
        if let Some(u) = until {
            match millis("--until", u) {
                Ok(ms) => parsed.scenario.until = Some(podlife::app::Millis(ms)),
                Err(e) => {
                    eprintln!("error: {e}");
                    return Err(2);
                }
            }
        }
        Ok(parsed)
    }

    fn fleet(file: &str, seed: u64, until: Option<&str>, output: Out) -> i32 {
        let parsed = match read_for_scene(file, until) {
            Ok(p) => p,
            Err(code) => return code,
        };
        // With a Service in the paste, the clients of the rollout too (podlife::scene).
        let scene = podlife::scene::simulate(&parsed, seed);
        let Some(f) = scene.fleet else {
            eprintln!("error: {file}: no Deployment or ReplicaSet to simulate");
            return 1;
        };
        match output {
            Out::Json => {
                let mut j = f.to_json();
                if let (Some(t), Some(o)) = (&scene.traffic, j.as_object_mut()) {
                    o.insert("traffic".into(), t.to_json());
                }
                println!("{}", json(&j))
            }
            Out::Text => {
                print!("{}", f.to_text());
                if let Some(t) = &scene.traffic {
                    print!("\nTraffic:\n{}", t.text());
                }
            }
        }
        0
    }

    fn traffic(file: &str, seed: u64, until: Option<&str>, output: Out) -> i32 {
        let parsed = match read_for_scene(file, until) {
            Ok(p) => p,
            Err(code) => return code,
        };
        // The Deployment's (ReplicaSet's) pods as the fleet rolls them, plus the bare pods.
        let scene = podlife::scene::simulate(&parsed, seed);
        let Some(mut report) = scene.traffic else {
            match parsed.scenario.traffic.as_ref().and_then(|s| s.service.as_ref()) {
                Some(name) => eprintln!("error: {file}: no Service named {name:?} (spec.traffic.service)"),
                None => eprintln!(
                    "error: {file}: no `kind: Service` document: traffic goes through a Service selecting the pods"
                ),
            }
            return 1;
        };
        // What the fleet did not simulate bears on what the clients saw.
        if let Some(f) = &scene.fleet {
            report.not_simulated.extend(f.not_simulated.iter().map(|n| format!("{} {}: {n}", f.kind, f.name)));
        }
        match output {
            Out::Json => println!("{}", serde_json::to_string_pretty(&report.to_json()).unwrap_or_default()),
            Out::Text => print!("{}", report.text()),
        }
        0
    }

    #[allow(clippy::too_many_arguments)]
    fn simulate(
        file: &str,
        text: Option<String>,
        scenario_file: Option<&str>,
        seed: u64,
        until: Option<&str>,
        which: Option<&str>,
        at: Option<&str>,
        output: SimOut,
    ) -> i32 {
        let parsed = match text.map_or_else(|| read(file), Ok) {
            Ok(t) => input::parse(&t),
            Err(e) => {
                eprintln!("error: {e}");
                return 2;
            }
        };
        print_input_diagnostics(file, &parsed);
        let mut scenario = parsed.scenario.clone();
        if let Some(sf) = scenario_file {
            match read(sf) {
                Ok(t) => {
                    let p = input::parse(&t);
                    print_input_diagnostics(sf, &p);
                    if p.scenario_node.is_none() {
                        eprintln!("error: {sf}: no `kind: Scenario` document");
                        return 1;
                    }
                    scenario = p.scenario;
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    return 2;
                }
            }
        }
        if let Some(u) = until {
            match millis("--until", u) {
                Ok(ms) => scenario.until = Some(podlife::app::Millis(ms)),
                Err(e) => {
                    eprintln!("error: {e}");
                    return 2;
                }
            }
        }
        let doc = match which {
            Some(w) => parsed.pods.iter().find(|p| p.name == w || p.pod_name() == w),
            None => parsed.pods.first(),
        };
        let Some(doc) = doc else {
            eprintln!(
                "error: {file}: no pod to simulate{}",
                which.map(|w| format!(" named {w:?}")).unwrap_or_default()
            );
            return 1;
        };
        if parsed.has_errors() {
            // The API server would refuse the object: there is no pod to run.
            println!("{}", doc.kubectl_errors());
            return 1;
        }
        let timeline = podlife::engine::simulate(&doc.pod, &scenario, seed);
        let at_ms = match at.map(|a| millis("--at", a)) {
            None => timeline.until_ms,
            Some(Ok(ms)) => ms,
            Some(Err(e)) => {
                eprintln!("error: {e}");
                return 2;
            }
        };
        match output {
            SimOut::Json => println!("{}", json(&timeline)),
            SimOut::Watch => print!("{}", timeline.watch_lines(at_ms)),
            SimOut::Describe => print!("{}", timeline.describe_events(at_ms)),
            SimOut::Text => print!("{}", podlife::engine::text::render(&timeline, at_ms)),
        }
        0
    }
}
