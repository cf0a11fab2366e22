//! The interactive flow in a real pseudo-terminal, driving the built binary as a person would.

use std::process::Command;

use rexpect::process::WaitStatus;
use rexpect::session::{PtySession, spawn_command};

use crate::support::{run, snapshot_tree};

fn spawn_init(dir: &std::path::Path) -> PtySession {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cogform"));
    cmd.arg("init")
        .current_dir(dir)
        .env("TERM", "xterm-256color")
        .env("NO_COLOR", "1");
    spawn_command(cmd, Some(20_000)).expect("spawn in a pty")
}

fn exit_code(p: &PtySession) -> i32 {
    match p.process().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("unexpected status {other:?}"),
    }
}

#[test]
fn init_asks_validates_as_typed_and_writes_a_project_that_builds() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut p = spawn_init(dir.path());
    p.exp_string("Project name?").unwrap();
    // An invalid name is refused at the prompt, with the rule, and can be corrected.
    p.send_line("Bad Name").unwrap();
    p.exp_string("lowercase letters").unwrap();
    for _ in 0.."Bad Name".len() {
        p.send("\x7f").unwrap();
        p.flush().unwrap();
    }
    p.send_line("demo-app").unwrap();
    p.exp_string("How do users sign in?").unwrap();
    // Wait for the whole list (its help line is drawn last) before pressing keys.
    p.exp_string("once the user pool exists").unwrap();
    p.send("\x1b[B").unwrap(); // arrow down: email → phone
    p.flush().unwrap(); // `send` is line-buffered
    p.exp_string("> phone").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Give guests").unwrap();
    p.send_line("y").unwrap();
    p.exp_string("created backend/auth.yaml").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(exit_code(&p), 0);

    let project = std::fs::read_to_string(dir.path().join("cogform.yaml")).unwrap();
    assert!(project.contains("project: demo-app"), "{project}");
    let auth = std::fs::read_to_string(dir.path().join("backend/auth.yaml")).unwrap();
    assert!(auth.contains("  phone: true"), "{auth}");
    assert!(auth.contains("guest_access: true"), "{auth}");
    assert_eq!(run(dir.path(), &["validate"]).code, 0);
    assert_eq!(run(dir.path(), &["build"]).code, 0);
    assert!(dir.path().join("build/dev.template.yaml").is_file());
}

#[test]
fn ctrl_c_at_a_prompt_writes_nothing() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut p = spawn_init(dir.path());
    p.exp_string("Project name?").unwrap();
    p.send_line("demo").unwrap();
    p.exp_string("How do users sign in?").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("cancelled: nothing was written").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(exit_code(&p), 2);
    assert!(snapshot_tree(dir.path()).is_empty());
}
