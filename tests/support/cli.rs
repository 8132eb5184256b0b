//! Runs the `podlife` binary the way a shell pipeline would, for the CLI tests
//! (`tests/cli.rs`, `share_cli.rs`, `exercises.rs`, `hostile.rs` include this file).

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// `podlife ARGS < stdin`, its exit status and both outputs. Standard input is written from a
/// second thread: the CLI may stop reading early (it keeps at most its input limit), and a
/// broken pipe is then expected, not a test failure.
pub fn podlife(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_podlife"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn podlife");
    let mut sink = child.stdin.take().expect("stdin");
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = sink.write_all(&data);
    });
    let out = child.wait_with_output().expect("wait");
    let _ = writer.join();
    out
}
