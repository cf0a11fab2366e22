//! Helpers shared by the test modules: run the binary, build throw-away projects.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every example project (directories under `examples/` holding a cogform.yaml).
pub fn examples() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo().join("examples"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().join("cogform.yaml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `cogform` with NO_COLOR set, run in `dir`.
pub fn cogform(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("cogform").unwrap();
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

/// Result of one run, with the output as text.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(dir: &Path, args: &[&str]) -> Run {
    let out = cogform(dir).args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A temporary project holding `files` (path, content). A minimal cogform.yaml is added
/// unless the list has one.
pub fn project(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().unwrap();
    if !files.iter().any(|(p, _)| *p == "cogform.yaml") {
        write(dir.path(), "cogform.yaml", "project: test-app\n");
    }
    for (path, content) in files {
        write(dir.path(), path, content);
    }
    dir
}

/// A temporary project whose auth.yaml is `auth`.
pub fn auth_project(auth: &str) -> TempDir {
    project(&[("backend/auth.yaml", auth)])
}

pub fn write(root: &Path, path: &str, content: impl AsRef<[u8]>) {
    let full = root.join(path);
    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
    std::fs::write(full, content).unwrap();
}

/// A copy of `examples/<name>` in a temporary directory.
pub fn copy_example(name: &str) -> TempDir {
    copy_tree(&repo().join("examples").join(name))
}

/// A copy of the folder `src` in a temporary directory.
pub fn copy_tree(src: &Path) -> TempDir {
    let dir = TempDir::new().unwrap();
    for entry in walkdir::WalkDir::new(src) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(src).unwrap();
        let dest = dir.path().join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
    dir
}

/// Every file below `root` (relative path → bytes), to prove a command wrote nothing.
pub fn snapshot_tree(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// Renders `dir` with `build` and returns the template of `env` parsed as JSON-like YAML value.
pub fn built_template(dir: &Path, env: &str) -> serde_json::Value {
    let r = run(dir, &["build"]);
    assert_eq!(r.code, 0, "build failed: {}", r.stderr);
    let text = std::fs::read_to_string(dir.join(format!("build/{env}.template.yaml"))).unwrap();
    let parsed = cogform::load::yaml::parse(&text).expect("template parses");
    parsed.value
}

/// Runs git in `root` with a throw-away identity (no signing); panics on failure.
pub fn git(root: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .current_dir(root)
        .args([
            "-c",
            "user.email=ci@example.com",
            "-c",
            "user.name=CI",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Replaces the first `from` in `file` (which must hold it) with `to`.
pub fn replace_in(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} lacks {from:?}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// `cogform ARGS` in a pseudo-terminal, in `dir` (no color); each expectation waits at most
/// `timeout_ms`.
pub fn pty<S: AsRef<std::ffi::OsStr>>(
    dir: &Path,
    args: &[S],
    timeout_ms: u64,
) -> rexpect::session::PtySession {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_cogform"));
    cmd.args(args)
        .current_dir(dir)
        .env("TERM", "xterm-256color")
        .env("NO_COLOR", "1");
    rexpect::session::spawn_command(cmd, Some(timeout_ms)).expect("spawn in a pty")
}

/// The exit code of a command run by [`pty`], once it has ended.
pub fn pty_exit_code(p: &rexpect::session::PtySession) -> i32 {
    match p.process().wait().unwrap() {
        rexpect::process::WaitStatus::Exited(_, code) => code,
        other => panic!("unexpected status {other:?}"),
    }
}
