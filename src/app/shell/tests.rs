//! Table tests for the shell interpreter.

use super::*;

struct TestHost {
    nginx_until: i64,
    signals: Vec<(Signal, i64)>,
    http: Vec<(u16, &'static str, u16)>,
}

impl TestHost {
    fn new() -> TestHost {
        TestHost { nginx_until: -1, signals: vec![], http: vec![] }
    }
}

impl Host for TestHost {
    fn http_get(&mut self, port: u16, path: &str, _at: i64) -> Option<(u16, String)> {
        self.http.iter().find(|(p, pa, _)| *p == port && *pa == path).map(|(_, _, c)| (*c, "ok".to_string()))
    }
    fn running(&mut self, name: &str, at: i64) -> bool {
        name == "nginx" && at < self.nginx_until
    }
    fn signal_pid1(&mut self, sig: Signal, at: i64) -> bool {
        self.signals.push((sig, at));
        true
    }
    fn signal_named(&mut self, name: &str, sig: Signal, at: i64) -> bool {
        if name == "nginx" && at < self.nginx_until {
            self.signals.push((sig, at));
            self.nginx_until = self.nginx_until.min(at + 10);
            true
        } else {
            false
        }
    }
    fn program(&mut self, argv: &[String]) -> ProgramKind {
        match argv[0].as_str() {
            "nginx" | "server" => ProgramKind::Program,
            _ => ProgramKind::NotFound,
        }
    }
}

fn sh(script: &str) -> Shell {
    Shell::new(script, vec![], BTreeMap::new(), Config::default(), 0)
}

/// Runs to `until`; returns (exit code, clock, log).
fn run(script: &str, until: i64) -> (Option<i32>, i64, String, Vfs) {
    let mut vfs = Vfs::new();
    let mut s = sh(script);
    let y = s.run(until, &mut TestHost::new(), &mut vfs);
    let code = match y {
        Yield::Exited(c) => Some(c),
        _ => None,
    };
    (code, s.clock(), s.log().to_string(), vfs)
}

#[test]
fn exit_codes_and_output() {
    let table: &[(&str, Option<i32>, &str)] = &[
        ("exit 3", Some(3), ""),
        ("true", Some(0), ""),
        ("false", Some(1), ""),
        (":", Some(0), ""),
        ("echo hi", Some(0), "hi\n"),
        ("echo -n hi", Some(0), "hi"),
        ("echo a b  c", Some(0), "a b c\n"),
        ("echo 'a  b'", Some(0), "a  b\n"),
        ("x=5; echo $x ${x} \"$x\"", Some(0), "5 5 5\n"),
        ("echo ${nope:-dflt}", Some(0), "dflt\n"),
        ("false; echo $?", Some(0), "1\n"),
        ("true && echo yes || echo no", Some(0), "yes\n"),
        ("false && echo yes || echo no", Some(0), "no\n"),
        ("! false && echo neg", Some(0), "neg\n"),
        ("nosuchcmd", Some(127), "sh: nosuchcmd: not found\n"),
        ("if", Some(2), ""),
        ("exit 256", Some(0), ""),
        ("exit -1", Some(255), ""),
        ("exit foo", Some(2), "sh: exit: Illegal number: foo\n"),
        ("if [ 1 -eq 1 ]; then echo a; else echo b; fi", Some(0), "a\n"),
        ("if [ 1 -eq 2 ]; then echo a; elif [ a = a ]; then echo c; else echo b; fi", Some(0), "c\n"),
        ("if false; then echo a; fi", Some(0), ""),
        ("for i in 1 2 3; do echo $i; done", Some(0), "1\n2\n3\n"),
        ("i=0; while [ $i -lt 3 ]; do i=$((i+1)); echo $i; done", Some(0), "1\n2\n3\n"),
        ("i=0; until [ $i -ge 2 ]; do i=$((i + 1)); done; echo $i", Some(0), "2\n"),
        ("for i in 1 2 3; do if [ $i = 2 ]; then break; fi; echo $i; done", Some(0), "1\n"),
        ("for i in 1 2 3; do if [ $i = 2 ]; then continue; fi; echo $i; done", Some(0), "1\n3\n"),
        ("f() { echo in $1; return 4; }; f arg; echo $?", Some(0), "in arg\n4\n"),
        ("(exit 5); echo $?", Some(0), "5\n"),
        ("x=1; (x=2); echo $x", Some(0), "1\n"),
        ("echo $(echo inner)", Some(0), "inner\n"),
        ("printf '%s-%d\\n' a 7", Some(0), "a-7\n"),
        ("printf '[%5s|%-4s|%2s|%-1s]' é ab abc xy", Some(0), "[    é|ab  |abc|xy]"),
        ("echo $((2*3+1)) $((10/3)) $((10%3))", Some(0), "7 3 1\n"),
        ("echo a | grep -q a && echo found", Some(0), "found\n"),
        // `-i` folds ASCII only (the POSIX locale a container's shell runs in).
        ("echo READY | grep -i ready", Some(0), "READY\n"),
        ("echo ÉTÉ | grep -qi été; echo $?", Some(0), "1\n"),
        ("test -z ''; echo $?", Some(0), "0\n"),
        ("[ -n '' ]; echo $?", Some(0), "1\n"),
        ("[ abc != abd ]; echo $?", Some(0), "0\n"),
        ("[ 3 -gt 2 -a 1 -le 1 ]; echo $?", Some(0), "0\n"),
        ("[ x -lt 2 ]", Some(2), "sh: [: x: integer expression expected\n"),
        ("set -- a b; echo $# $1 $2", Some(0), "2 a b\n"),
        ("sh -c 'exit 7'; echo $?", Some(0), "7\n"),
        ("trap 'echo bye' EXIT; echo hi", Some(0), "hi\nbye\n"),
        ("curl localhost:1", Some(127), "sh: curl: not found\n"),
        // Traps set, listed and reset (`trap - SIG`, `trap N SIG`).
        ("trap 'echo t' TERM INT; trap - TERM; trap", Some(0), "trap -- 'echo t' INT\n"),
        ("trap 'echo t' TERM INT; trap 0 INT; trap", Some(0), "trap -- 'echo t' TERM\n"),
        // An empty action is set (to ignore), not read as a reset.
        ("trap '' TERM; trap", Some(0), "trap -- '' TERM\n"),
        // A loop run again starts over; nested loops keep their own lists.
        ("f() { for i in a b; do echo $i; done; }; f; f", Some(0), "a\nb\na\nb\n"),
        ("for i in 1 2; do for j in x y; do echo $i$j; done; done", Some(0), "1x\n1y\n2x\n2y\n"),
        // Arithmetic: comparisons, logic, unary operators, hex, names, parentheses, errors.
        ("n=4; echo $((n*(2+1))) $((n>=4 && n!=5)) $((!n)) $((-n+0x10)) $((1<2||0))", Some(0), "12 1 0 12 1\n"),
        ("echo $((1/0))x", Some(0), "sh: arithmetic syntax error: 1/0\nx\n"),
        ("echo $((2 ∗ 3))x", Some(0), "sh: arithmetic syntax error: 2 ∗ 3\nx\n"),
        // Utilities' messages (BusyBox spellings).
        ("cat /nope", Some(1), "cat: can't open '/nope': No such file or directory\n"),
        ("ls /nope", Some(1), "ls: /nope: No such file or directory\n"),
        ("mkdir /d; mkdir /d", Some(1), "mkdir: can't create directory '/d': File exists\n"),
        ("mkdir /d; rm /d", Some(1), "rm: '/d' is a directory\n"),
        ("rm /nope", Some(1), "rm: can't remove '/nope': No such file or directory\n"),
        ("cp /a", Some(1), "cp: missing file operand\n"),
        ("mv /a /b", Some(1), "mv: can't stat '/a': No such file or directory\n"),
        ("echo x > /f; cp /f /g; ls /f /g; cat /g", Some(0), "/f\n/g\nx\n"),
        ("sleep x", Some(1), "sleep: invalid number 'x'\n"),
        ("seq 3 | wc -l; basename /a/b/; dirname /a/b", Some(0), "3\nb\n/a\n"),
        ("x=1 y=2; export z=3; env | grep -c =", Some(0), "3\n"),
        // Variables and files removed; positional parameters shifted; fields split on IFS.
        ("a=1 b=2 c=3; unset b; echo $a${b:-_}$c; unset a c; env | grep -c =", Some(1), "1_3\n0\n"),
        (
            "echo x > /f; rm /f; rm /f; cat /f",
            Some(1),
            "rm: can't remove '/f': No such file or directory\ncat: can't open '/f': No such file or directory\n",
        ),
        (
            "mkdir -p /d/e; touch /d/e/f /d/g /dx; rm -r /d; ls /; ls /d",
            Some(1),
            "dx\nls: /d: No such file or directory\n",
        ),
        ("set -- a b c d; shift 2; echo $# $1 $2; shift 3; echo $?", Some(0), "2 c d\n1\n"),
        ("x='  a \t b  '; for w in $x; do echo \"[$w]\"; done; echo \"[$x]\"", Some(0), "[a]\n[b]\n[  a \t b  ]\n"),
        ("f() { return 3; }; f; echo $?; g() { return 99999999999; }; g; echo $?", Some(0), "3\n0\n"),
        ("trap 'echo a' 64; trap 'echo h' HUP; trap", Some(0), "trap -- 'echo h' HUP\ntrap -- 'echo a' 64\n"),
    ];
    for (script, code, log) in table {
        let mut vfs = Vfs::new();
        let mut s = sh(script);
        let cfg_missing = Config { missing: &["curl"], ..Config::default() };
        if script.starts_with("curl") {
            s = Shell::new(script, vec![], BTreeMap::new(), cfg_missing, 0);
        }
        let y = s.run(1_000_000, &mut TestHost::new(), &mut vfs);
        let got = match y {
            Yield::Exited(c) => Some(c),
            _ => None,
        };
        assert_eq!(got, *code, "{script}: log {:?}", s.log());
        if !log.is_empty() || code != &Some(2) {
            assert_eq!(s.log(), *log, "{script}");
        }
    }
}

#[test]
fn files() {
    let (code, _, log, vfs) = run(
        "touch /tmp/a; echo x > /tmp/b; echo y >> /tmp/b; mkdir -p /d/e; cat /tmp/b; rm /tmp/a; rm /tmp/nope; ls /tmp",
        0,
    );
    assert_eq!(code, Some(0));
    assert_eq!(log, "x\ny\nrm: can't remove '/tmp/nope': No such file or directory\nb\n");
    assert!(vfs.is_dir("/d/e"));
    assert!(!vfs.exists("/tmp/a"));
    let (code, _, log, _) = run("cat /tmp/healthy", 0);
    assert_eq!((code, log.as_str()), (Some(1), "cat: can't open '/tmp/healthy': No such file or directory\n"));
    let (code, _, log, _) = run("echo msg > /dev/termination-log; echo quiet > /dev/null 2>&1", 0);
    assert_eq!((code, log.as_str()), (Some(0), ""));
}

#[test]
fn gnu_messages() {
    let cfg = Config { flavour: Flavour::Dash, exec_last: false, ..Config::default() };
    let mut s = Shell::new("cat /x; nosuch; if", vec![], BTreeMap::new(), cfg.clone(), 0);
    let mut vfs = Vfs::new();
    assert_eq!(s.run(0, &mut TestHost::new(), &mut vfs), Yield::Exited(2));
    let mut s = Shell::new("cat /x; nosuch", vec![], BTreeMap::new(), cfg.clone(), 0);
    assert_eq!(s.run(0, &mut TestHost::new(), &mut vfs), Yield::Exited(127));
    assert_eq!(s.log(), "cat: /x: No such file or directory\nsh: 1: nosuch: not found\n");
    // dash capitalizes the parser's message; other shells print it as is.
    let mut s = Shell::new("echo 'a", vec![], BTreeMap::new(), cfg.clone(), 0);
    assert_eq!(s.run(0, &mut TestHost::new(), &mut vfs), Yield::Exited(2));
    assert_eq!(s.log(), "sh: 1: Syntax error: unterminated quoted string\n");
    let mut s = Shell::new("echo ${x#y}", vec![], BTreeMap::new(), cfg, 0);
    assert_eq!(s.run(0, &mut TestHost::new(), &mut vfs), Yield::Exited(2));
    assert_eq!(s.log(), "sh: 1: ${x#y}: parameter expansion not simulated\n");
    let mut s = sh("echo 'a");
    assert_eq!(s.run(0, &mut TestHost::new(), &mut vfs), Yield::Exited(2));
    assert_eq!(s.log(), "sh: syntax error: unterminated quoted string\n");
}

/// Each shell's spelling of the messages that differ by flavour: a `-c` script's syntax error,
/// a command not found (in a shell and run directly), a script file that does not exist; and
/// the messages every flavour spells as BusyBox does (a script file's or a trap's syntax
/// error, with the "not simulated" note for an unsupported feature).
#[test]
fn flavoured_messages() {
    let cases: [(Flavour, [&str; 4]); 3] = [
        (
            Flavour::Busybox,
            [
                "sh: syntax error: unterminated quoted string\n",
                "sh: nosuch: not found\nsh: can't open '/none': No such file or directory\n",
                "sh: nosuch: not found\n",
                "sh: can't open '/none': No such file or directory\nsh: can't create /d: Is a directory\n",
            ],
        ),
        (
            Flavour::Dash,
            [
                "sh: 1: Syntax error: unterminated quoted string\n",
                "sh: 1: nosuch: not found\nsh: 0: cannot open /none: No such file\n",
                "sh: 1: nosuch: not found\n",
                "sh: 1: cannot open /none: No such file\nsh: can't create /d: Is a directory\n",
            ],
        ),
        (
            Flavour::Bash,
            [
                "bash: -c: line 1: syntax error: unterminated quoted string\n",
                "bash: line 1: nosuch: command not found\nbash: /none: No such file or directory\n",
                "bash: line 1: nosuch: command not found\n",
                "bash: line 1: /none: No such file or directory\nsh: can't create /d: Is a directory\n",
            ],
        ),
    ];
    for (flavour, [syntax, missing, not_found, redirect]) in cases {
        let cfg = Config { flavour, exec_last: false, ..Config::default() };
        let mut vfs = Vfs::new();
        vfs.write("/bad.sh", "echo ${x#y}");
        let mut run = |s: &mut Shell| {
            let y = s.run(0, &mut TestHost::new(), &mut vfs);
            (y, s.log().to_string(), s.notes().to_vec())
        };
        let mut s = Shell::new("echo 'a", vec![], BTreeMap::new(), cfg.clone(), 0);
        assert_eq!(run(&mut s), (Yield::Exited(2), syntax.to_string(), vec![]), "{flavour:?}");
        let mut s = Shell::new("nosuch; sh /none", vec![], BTreeMap::new(), cfg.clone(), 0);
        let code = if flavour == Flavour::Bash { 127 } else { 2 };
        assert_eq!(run(&mut s), (Yield::Exited(code), missing.to_string(), vec![]), "{flavour:?}");
        let mut s = Shell::new("sh /bad.sh; trap 'echo \"a' EXIT", vec![], BTreeMap::new(), cfg.clone(), 0);
        let note = "not simulated: ${x#y}: parameter expansion not simulated".to_string();
        let log = "sh: ${x#y}: parameter expansion not simulated\nsh: syntax error: unterminated quoted string\n";
        assert_eq!(run(&mut s), (Yield::Exited(0), log.to_string(), vec![note]), "{flavour:?}");
        let argv = vec!["nosuch".to_string()];
        let mut s = Shell::from_argv(&argv, BTreeMap::new(), cfg.clone(), 0);
        let direct = "exec: \"nosuch\": executable file not found in $PATH\n".to_string();
        assert_eq!(run(&mut s), (Yield::Exited(127), direct, vec![]), "{flavour:?}");
        let mut s = Shell::new("nosuch", vec![], BTreeMap::new(), cfg.clone(), 0);
        assert_eq!(run(&mut s), (Yield::Exited(127), not_found.to_string(), vec![]), "{flavour:?}");
        let mut s = Shell::new("cat < /none; x=$?; mkdir /d; echo > /d; exit $x$?", vec![], BTreeMap::new(), cfg, 0);
        let code = if flavour == Flavour::Dash { 21 } else { 11 };
        assert_eq!(run(&mut s), (Yield::Exited(code), redirect.to_string(), vec![]), "{flavour:?}");
    }
}

#[test]
fn sleeps_over_virtual_time() {
    // The docs' exec-liveness script.
    let mut vfs = Vfs::new();
    let mut s = sh("touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600");
    let mut h = TestHost::new();
    assert_eq!(s.run(0, &mut h, &mut vfs), Yield::Blocked);
    assert!(vfs.is_file("/tmp/healthy"));
    assert_eq!(s.next_wake(), Some(30_000));
    assert_eq!(s.run(29_999, &mut h, &mut vfs), Yield::Blocked);
    assert!(vfs.is_file("/tmp/healthy"));
    assert_eq!(s.run(30_000, &mut h, &mut vfs), Yield::Blocked);
    assert!(!vfs.is_file("/tmp/healthy"));
    assert_eq!(s.next_wake(), Some(630_000));
    assert_eq!(s.run(700_000, &mut h, &mut vfs), Yield::Exited(0));
    assert_eq!(s.clock(), 630_000);
}

#[test]
fn sleep_forms() {
    for (arg, ms) in [("1", 1000), ("0.5", 500), ("2m", 120_000), ("1h", 3_600_000), ("1d", 86_400_000), (".25", 250)] {
        assert_eq!(parse_sleep(arg), Some(ms), "{arg}");
    }
    assert_eq!(parse_sleep("infinity"), Some(FOREVER));
    assert_eq!(parse_sleep("1e3x"), None);
    let (code, _, _, _) = run("sleep infinity", i64::MAX / 2);
    assert_eq!(code, None);
    let (code, clock, _, _) = run("sleep 1000000000000", i64::MAX);
    assert_eq!((code, clock), (Some(0), 1_000_000_000_000_000));
    let (code, _, log, _) = run("sleep abc", 0);
    assert_eq!((code, log.as_str()), (Some(1), "sleep: invalid number 'abc'\n"));
}

#[test]
fn polling_loops_fast_forward() {
    let mut vfs = Vfs::new();
    let mut s = sh("while true; do sleep 1; done");
    let y = s.run(86_400_000 * 365, &mut TestHost::new(), &mut vfs);
    assert_eq!(y, Yield::Blocked);
    assert!(s.clock() > 86_400_000 * 364, "clock {}", s.clock());
    // A loop waiting for a file another container creates.
    let mut s = sh("until [ -f /shared/ready ]; do sleep 2; done; echo go");
    let mut h = TestHost::new();
    assert_eq!(s.run(1_000_000, &mut h, &mut vfs), Yield::Blocked);
    vfs.touch("/shared/ready");
    assert_eq!(s.run(1_001_999, &mut h, &mut vfs), Yield::Blocked);
    assert_eq!(s.run(1_002_000, &mut h, &mut vfs), Yield::Exited(0));
    assert_eq!(s.log(), "go\n");
}

#[test]
fn busy_loop_is_bounded() {
    let mut vfs = Vfs::new();
    let mut s = sh("while true; do :; done");
    assert_eq!(s.run(10, &mut TestHost::new(), &mut vfs), Yield::Blocked);
    assert!(s.busy());
    assert_eq!(s.next_wake(), None);
}

#[test]
fn pid1_ignores_sigterm_without_trap() {
    let mut vfs = Vfs::new();
    let mut s = sh("sleep 3600");
    let mut h = TestHost::new();
    s.run(0, &mut h, &mut vfs);
    s.signal(Signal::Term, 1000);
    assert_eq!(s.run(2000, &mut h, &mut vfs), Yield::Blocked);
    s.signal(Signal::Kill, 31_000);
    assert_eq!(s.run(31_000, &mut h, &mut vfs), Yield::Exited(137));
    assert_eq!(s.clock(), 31_000);
}

#[test]
fn not_pid1_dies_of_sigterm() {
    let cfg = Config { pid1: false, ..Config::default() };
    let mut s = Shell::new("sleep 3600", vec![], BTreeMap::new(), cfg, 0);
    let mut vfs = Vfs::new();
    s.run(0, &mut TestHost::new(), &mut vfs);
    s.signal(Signal::Term, 1000);
    assert_eq!(s.exited(), Some(143));
}

#[test]
fn not_pid1_ignores_sigterm_with_empty_trap() {
    // `trap '' TERM` ignores SIGTERM also where the default would kill (not PID 1).
    let cfg = Config { pid1: false, ..Config::default() };
    let mut s = Shell::new("trap '' TERM; sleep 5", vec![], BTreeMap::new(), cfg, 0);
    let mut vfs = Vfs::new();
    let mut h = TestHost::new();
    s.run(0, &mut h, &mut vfs);
    s.signal(Signal::Term, 1000);
    assert_eq!(s.exited(), None);
    assert_eq!(s.run(10_000, &mut h, &mut vfs), Yield::Exited(0));
    assert_eq!(s.clock(), 5000);
}

#[test]
fn trap_runs_after_foreground_sleep() {
    let mut vfs = Vfs::new();
    let mut h = TestHost::new();
    let mut s = sh("trap 'exit 0' TERM; sleep 3; sleep 100");
    s.run(0, &mut h, &mut vfs);
    s.signal(Signal::Term, 800);
    assert_eq!(s.run(2999, &mut h, &mut vfs), Yield::Blocked);
    assert_eq!(s.run(5000, &mut h, &mut vfs), Yield::Exited(0));
    assert_eq!(s.clock(), 3000);
    // Loop with sleep 10 (the e2e pattern): handler after ≤ 10 s.
    let mut s = sh("_term() { echo caught; exit 0; }\ntrap _term SIGTERM\nwhile true; do sleep 10; done");
    s.run(25_000, &mut h, &mut vfs);
    s.signal(Signal::Term, 25_000);
    assert_eq!(s.run(100_000, &mut h, &mut vfs), Yield::Exited(0));
    assert_eq!(s.clock(), 30_000);
    assert_eq!(s.log(), "caught\n");
}

#[test]
fn trap_interrupts_wait() {
    let mut vfs = Vfs::new();
    let mut h = TestHost::new();
    let mut s = sh("trap 'exit 0' 15; sleep 30 & wait");
    assert_eq!(s.run(1000, &mut h, &mut vfs), Yield::Blocked);
    s.signal(Signal::Term, 1000);
    assert_eq!(s.run(1000, &mut h, &mut vfs), Yield::Exited(0));
    assert_eq!(s.clock(), 1000);
    // Without a signal, wait ends with the job.
    let mut s = sh("sleep 5 & wait; echo done");
    assert_eq!(s.run(10_000, &mut h, &mut vfs), Yield::Exited(0));
    assert_eq!(s.clock(), 5000);
    // trap '' TERM ignores.
    let mut s = sh("trap '' TERM; sleep 5");
    s.run(0, &mut h, &mut vfs);
    s.signal(Signal::Term, 1);
    assert_eq!(s.run(10_000, &mut h, &mut vfs), Yield::Exited(0));
}

#[test]
fn exec_and_programs() {
    let mut vfs = Vfs::new();
    let mut h = TestHost::new();
    let mut s = sh("echo start; exec nginx -g 'daemon off;'");
    assert_eq!(s.run(0, &mut h, &mut vfs), Yield::Exec(vec!["nginx".into(), "-g".into(), "daemon off;".into()]));
    // Tail command of -c is exec'd (busybox ≥ 1.28) …
    let mut s = sh("echo start; nginx");
    assert!(matches!(s.run(0, &mut h, &mut vfs), Yield::Exec(_)));
    // … but not by dash, and not when a trap is set.
    let cfg = Config { flavour: Flavour::Dash, exec_last: false, ..Config::default() };
    let mut s = Shell::new("nginx; echo after", vec![], BTreeMap::new(), cfg, 0);
    assert_eq!(s.run(0, &mut h, &mut vfs), Yield::Spawn { argv: vec!["nginx".into()], background: false });
    assert!(s.waiting_for_child());
    s.child_exited(0, 5000);
    assert_eq!(s.run(5000, &mut h, &mut vfs), Yield::Exited(0));
    assert_eq!(s.log(), "after\n");
    let mut s = sh("trap 'exit 0' TERM; nginx");
    assert!(matches!(s.run(0, &mut h, &mut vfs), Yield::Spawn { background: false, .. }));
    // exec of a utility: the shell is replaced, traps are gone.
    let mut s = sh("trap 'exit 0' TERM; exec sleep 100");
    s.run(0, &mut h, &mut vfs);
    s.signal(Signal::Term, 10);
    assert_eq!(s.run(50_000, &mut h, &mut vfs), Yield::Blocked);
    assert_eq!(s.run(100_000, &mut h, &mut vfs), Yield::Exited(0));
}

#[test]
fn prestop_nginx_quit_loop() {
    let mut vfs = Vfs::new();
    let mut h = TestHost::new();
    h.nginx_until = i64::MAX;
    let mut s = sh("nginx -s quit; while killall -0 nginx; do sleep 1; done");
    s.pid = 50;
    let code = s.run_to_end(60_000, &mut h, &mut vfs);
    // The loop's status is that of the last body command (`sleep 1`).
    assert_eq!(code, Some(0));
    assert_eq!(h.signals, vec![(Signal::Quit, 0)]);
    assert_eq!(s.clock(), 1000);
}

#[test]
fn http_clients() {
    let mut vfs = Vfs::new();
    let mut h = TestHost::new();
    h.http.push((8080, "/healthz", 200));
    h.http.push((8080, "/bad", 500));
    let mut s = sh("wget -q -O- localhost:8080/healthz");
    assert_eq!(s.run_to_end(0, &mut h, &mut vfs), Some(0));
    assert_eq!(s.log(), "ok");
    let mut s = sh("wget -q -O- http://127.0.0.1:8080/bad");
    assert_eq!(s.run_to_end(0, &mut h, &mut vfs), Some(1));
    let mut s = sh("wget -q -O- localhost:9999/");
    assert_eq!(s.run_to_end(0, &mut h, &mut vfs), Some(1));
    assert_eq!(s.log(), "wget: can't connect to remote host (127.0.0.1): Connection refused\n");
    let mut s = sh("curl -f -s localhost:8080/bad");
    assert_eq!(s.run_to_end(0, &mut h, &mut vfs), Some(22));
    let mut s = sh("curl localhost:9999");
    assert_eq!(s.run_to_end(0, &mut h, &mut vfs), Some(7));
}

#[test]
fn kill_pid1_from_exec() {
    let mut vfs = Vfs::new();
    let mut h = TestHost::new();
    let mut s = sh("kill -QUIT 1; kill 1; kill -s INT 1");
    s.pid = 50;
    assert_eq!(s.run_to_end(0, &mut h, &mut vfs), Some(0));
    assert_eq!(h.signals, vec![(Signal::Quit, 0), (Signal::Term, 0), (Signal::Int, 0)]);
}

#[test]
fn no_panics_on_odd_input() {
    let inputs = [
        "",
        ";;",
        "(((",
        ")))",
        "$(",
        "${",
        "`",
        "'",
        "\"",
        "echo $((1/0))",
        "echo $((",
        "a=",
        "=a",
        "f() { f; }; f",
        "while",
        "for",
        "for x in; do :; done",
        "exec",
        "kill",
        "trap",
        "wait",
        "sleep",
        "[ ]",
        "[",
        "test -f",
        "echo ${x:-${y}}",
        "echo $((99999999999999999999))",
        "printf %",
        "exit 99999999999999999999",
        "cat < /nope",
        "echo > /",
        "break; continue",
        "x=$(exit 3); echo $?",
        "sleep -1",
        "seq 1 0 5",
    ];
    for i in inputs {
        let mut vfs = Vfs::new();
        let mut s = sh(i);
        let _ = s.run(1_000_000, &mut TestHost::new(), &mut vfs);
        let _ = s.run_to_end(1_000, &mut TestHost::new(), &mut vfs);
    }
}

/// `trim_brackets` is `trim_matches(['[', ']'])`; an IPv6 literal host is local.
#[test]
fn url_hosts() {
    for h in ["[::1]", "]]a[[", "[", "]", "", "a]b", "[]", "[é]", "é", "[[x]]y]"] {
        assert_eq!(trim_brackets(h), h.trim_matches(['[', ']']), "{h}");
    }
    assert_eq!(parse_url("http://[::1]:8080/x"), Some(("::1".to_string(), 8080, "/x".to_string())));
    assert_eq!(parse_url("https://[::1]/"), Some(("::1".to_string(), 443, "/".to_string())));
}
