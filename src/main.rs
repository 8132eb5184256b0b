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
            file: String,
            /// A file whose `kind: Scenario` document replaces the one in FILE.
            #[arg(long)]
            scenario: Option<String>,
            /// Seed of the kubelet's jitter (a `seed` in the Scenario wins).
            #[arg(long, default_value_t = 1)]
            seed: u64,
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
        let res = if path == "-" {
            std::io::stdin().read_to_end(&mut bytes).map(|_| ())
        } else {
            std::fs::File::open(path).and_then(|mut f| {
                // Read one byte past the limit so a huge file is refused without reading it all.
                let limit = podlife::source::MAX_INPUT_BYTES as u64 + 1;
                f.by_ref().take(limit).read_to_end(&mut bytes).map(|_| ())
            })
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
            Cmd::Simulate { file, scenario, seed, until, pod, at, output } => {
                simulate(&file, scenario.as_deref(), seed, until.as_deref(), pod.as_deref(), at.as_deref(), output)
            }
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

    fn millis(flag: &str, v: &str) -> Result<i64, String> {
        podlife::app::Millis::parse(v).map(|m| m.0).map_err(|e| format!("{flag} {v:?}: {e}"))
    }

    fn simulate(
        file: &str,
        scenario_file: Option<&str>,
        seed: u64,
        until: Option<&str>,
        which: Option<&str>,
        at: Option<&str>,
        output: SimOut,
    ) -> i32 {
        let parsed = match read(file) {
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
