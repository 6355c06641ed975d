//! Colour in the text report: on a terminal unless `NO_COLOR`, never in a pipe unless asked,
//! and the summary's time only on a terminal. The terminal is a real pseudo-terminal, made
//! by Python's `pty` module (CI has Python; `.ci/run` uses it for pre-commit).

use crate::common::{root, tool};
use std::process::Command;

/// Runs `tfmap analyze examples/eks-api` with `args` under a pseudo-terminal and returns what
/// it wrote there; `None` (test skipped) without Python.
fn on_a_terminal(args: &[&str], env: &[(&str, &str)]) -> Option<String> {
    let python = tool("TFMAP_PYTHON", "python3")?;
    const SCRIPT: &str = r#"
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out = b""
while True:
    try:
        data = os.read(fd, 65536)
    except OSError:
        break
    if not data:
        break
    out += data
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(out)
sys.exit(os.waitstatus_to_exitcode(status))
"#;
    let mut command = Command::new(python);
    command
        .arg("-c")
        .arg(SCRIPT)
        .arg(env!("CARGO_BIN_EXE_tfmap"))
        .args(["analyze", "examples/eks-api"])
        .args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("TERM", "xterm-256color");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("python runs");
    assert!(output.status.success(), "{output:?}");
    Some(String::from_utf8(output.stdout).expect("utf-8"))
}

fn in_a_pipe(args: &[&str], env: &[(&str, &str)]) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tfmap"));
    command
        .args(["analyze", "examples/eks-api"])
        .args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("tfmap runs");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).expect("utf-8")
}

const ESCAPE: char = '\u{1b}';

#[test]
fn a_terminal_gets_colour_and_the_time() {
    let Some(text) = on_a_terminal(&[], &[]) else {
        return;
    };
    assert!(text.contains("\u{1b}[1m\u{1b}[33m2 warnings"), "{text:?}");
    let summary = text.lines().last().expect("a summary line");
    assert!(summary.contains("Summary"), "{summary:?}");
    assert!(
        summary.trim_end().ends_with(" s)"),
        "no time in {summary:?}"
    );
}

#[test]
fn no_color_turns_it_off_on_a_terminal() {
    let Some(text) = on_a_terminal(&[], &[("NO_COLOR", "1")]) else {
        return;
    };
    assert!(!text.contains(ESCAPE), "{text:?}");
    let Some(text) = on_a_terminal(&["--color", "never"], &[]) else {
        return;
    };
    assert!(!text.contains(ESCAPE), "{text:?}");
}

#[test]
fn a_pipe_gets_plain_text_without_the_time_unless_colour_is_forced() {
    let plain = in_a_pipe(&[], &[]);
    assert!(!plain.contains(ESCAPE));
    let summary = plain.lines().last().expect("a summary line");
    assert_eq!(
        summary,
        "Summary: 1 cluster, 2 workloads, 8 implicit resources; findings: 2 warnings, 3 info; diagnostics: 1 info"
    );
    for forced in [
        in_a_pipe(&["--color", "always"], &[]),
        in_a_pipe(&[], &[("CLICOLOR_FORCE", "1")]),
    ] {
        assert!(forced.contains(ESCAPE));
        // Colour is all that changes: stripped, it is the plain report.
        assert_eq!(strip(&forced), plain);
    }
}

/// The text without its SGR sequences (`ESC [ … m`).
fn strip(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == ESCAPE {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn check_colours_its_findings_only_when_asked_in_a_pipe() {
    let check = |color: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_tfmap"))
            .args(["check", "examples/eks-api", "--color", color])
            .current_dir(root())
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .output()
            .expect("tfmap runs");
        assert_eq!(output.status.code(), Some(1), "{output:?}");
        String::from_utf8(output.stdout).expect("utf-8")
    };
    let (plain, coloured) = (check("auto"), check("always"));
    assert!(!plain.contains(ESCAPE) && coloured.contains(ESCAPE));
    assert_eq!(strip(&coloured), plain);
}
