//! Each command's behaviour through the binary: exit codes, messages, what it writes.

use std::time::SystemTime;

use crate::support::{copy_example, project, repo, run, snapshot_tree, write};

fn mtime(path: &std::path::Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn validate_accepts_every_example() {
    for name in crate::support::examples() {
        let dir = copy_example(&name);
        let r = run(dir.path(), &["validate"]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        assert!(
            r.stderr.starts_with("ok: configuration is valid"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn check_passes_on_fresh_build_and_reports_every_kind_of_drift() {
    let dir = copy_example("social");
    let root = dir.path();
    assert_eq!(run(root, &["check"]).code, 0);

    // Stale: one line changed. Missing: one template deleted. Orphan: an old file left behind.
    let dev = root.join("build/dev.template.yaml");
    let text = std::fs::read_to_string(&dev).unwrap();
    std::fs::write(&dev, text.replace("MinimumLength: 12", "MinimumLength: 10")).unwrap();
    std::fs::remove_file(root.join("build/prod.template.yaml")).unwrap();
    write(root, "build/staging.template.yaml", "old\n");
    let before = snapshot_tree(root);

    let r = run(root, &["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("stale: build/dev.template.yaml"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("missing: build/prod.template.yaml"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("no longer produced: build/staging.template.yaml"),
        "{}",
        r.stderr
    );
    // The last line states the outcome that decided the exit code, and the fix.
    assert_eq!(
        r.stderr.lines().last(),
        Some(
            "error: 3 generated files are out of date; run `cogform build` and commit the result (exit 1)"
        ),
        "{}",
        r.stderr
    );
    // A unified diff on stdout, uncolored (NO_COLOR, and not a terminal).
    assert!(
        r.stdout.contains("--- a/build/dev.template.yaml (on disk)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("+++ b/build/dev.template.yaml (from config)")
    );
    assert!(
        r.stdout
            .contains("\n-          MinimumLength: 10\n+          MinimumLength: 12\n"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains('\x1b'));
    assert_eq!(snapshot_tree(root), before, "check must write nothing");

    // build repairs all three; check is then clean.
    let r = run(root, &["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("updated build/dev.template.yaml"));
    assert!(r.stderr.contains("created build/prod.template.yaml"));
    assert!(r.stderr.contains("removed build/staging.template.yaml"));
    assert_eq!(run(root, &["check"]).code, 0);
}

#[test]
fn check_is_uncolored_without_a_terminal_even_without_no_color() {
    let dir = copy_example("minimal");
    let dev = dir.path().join("build/dev.template.yaml");
    std::fs::write(&dev, "changed\n").unwrap();
    let out = assert_cmd::Command::cargo_bin("cogform")
        .unwrap()
        .current_dir(dir.path())
        .env_remove("NO_COLOR")
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\x1b'));
}

#[test]
fn build_rewrites_only_files_whose_content_changed() {
    let dir = copy_example("social");
    let root = dir.path();
    let dev = root.join("build/dev.template.yaml");
    let prod = root.join("build/prod.template.yaml");
    let (dev_before, prod_before) = (mtime(&dev), mtime(&prod));
    std::thread::sleep(std::time::Duration::from_millis(20));

    let r = run(root, &["build"]);
    assert_eq!(r.code, 0);
    // Templates and editor schemas are counted apart, each by what it is.
    assert_eq!(
        r.stderr,
        "build: 2 templates in build/, 4 editor schemas in .cogform/schemas/; 0 files changed\n"
    );
    assert_eq!((mtime(&dev), mtime(&prod)), (dev_before, prod_before));

    // A change that only affects dev's overrides-free URLs rewrites dev, not prod.
    let auth = root.join("backend/auth.yaml");
    let text = std::fs::read_to_string(&auth).unwrap();
    std::fs::write(
        &auth,
        text.replace(
            "https://mywebsite.com/profile",
            "https://mywebsite.com/account",
        ),
    )
    .unwrap();
    let r = run(root, &["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("updated build/dev.template.yaml"));
    assert!(!r.stderr.contains("prod.template.yaml"), "{}", r.stderr);
    assert_eq!(mtime(&prod), prod_before);
    assert!(
        std::fs::read_to_string(&dev)
            .unwrap()
            .contains("https://mywebsite.com/account")
    );
}

#[test]
fn io_errors_exit_4() {
    let dir = copy_example("minimal");
    std::fs::remove_dir_all(dir.path().join("build")).unwrap();
    write(
        dir.path(),
        "build",
        "a file where the build directory should be\n",
    );
    let r = run(dir.path(), &["build"]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    assert!(
        r.stderr.contains("error: cannot read the build directory"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"));
}

#[test]
fn init_yes_creates_a_project_that_builds_and_refuses_to_overwrite() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path();
    let r = run(root, &["init", "--yes", "--name", "shop", "--guest-access"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for f in [
        "cogform.yaml",
        "backend/auth.yaml",
        ".cogform/schemas/auth.schema.json",
        ".cogform/schemas/cogform.schema.json",
    ] {
        assert!(root.join(f).is_file(), "{f} missing");
    }
    let auth = std::fs::read_to_string(root.join("backend/auth.yaml")).unwrap();
    assert!(
        auth.starts_with("# yaml-language-server: $schema=../.cogform/schemas/auth.schema.json\n")
    );
    assert!(auth.contains("guest_access: true"));
    assert_eq!(run(root, &["build"]).code, 0);
    assert_eq!(run(root, &["check"]).code, 0);

    let before = snapshot_tree(root);
    let r = run(root, &["init", "--yes"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("already exists"), "{}", r.stderr);
    assert_eq!(snapshot_tree(root), before);
}

#[test]
fn init_without_a_terminal_never_waits_and_names_the_flag() {
    let dir = tempfile::TempDir::new().unwrap();
    let out = crate::support::cogform(dir.path())
        .arg("init")
        .write_stdin("")
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("pass --yes"));
    assert!(snapshot_tree(dir.path()).is_empty());
}

#[test]
fn init_refuses_an_invalid_name() {
    let dir = tempfile::TempDir::new().unwrap();
    let r = run(dir.path(), &["init", "--yes", "--name", "Bad Name"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("--name: 2–32 lowercase letters"),
        "{}",
        r.stderr
    );
    assert!(snapshot_tree(dir.path()).is_empty());
}

#[test]
fn committed_schemas_match_the_types() {
    for name in ["cogform", "auth", "storage", "api", "function", "overrides"] {
        let r = run(&repo(), &["schema", name]);
        assert_eq!(r.code, 0);
        let committed =
            std::fs::read_to_string(repo().join(format!("schemas/{name}.schema.json"))).unwrap();
        assert_eq!(
            r.stdout, committed,
            "schemas/{name}.schema.json is stale: run `cargo run -q -- schema {name} > schemas/{name}.schema.json`"
        );
    }
}

#[test]
fn usage_errors_exit_2_and_help_documents_exit_codes() {
    let r = run(&repo(), &["schema", "nope"]);
    assert_eq!(r.code, 2);
    let r = run(&repo(), &["frobnicate"]);
    assert_eq!(r.code, 2);
    let r = run(&repo(), &["--help"]);
    assert_eq!(r.code, 0);
    for line in [
        "0  success",
        "1  check",
        "2  invalid input or usage",
        "3  a change would replace",
        "4  internal or I/O error",
    ] {
        assert!(
            r.stdout.contains(line),
            "--help lacks `{line}`:\n{}",
            r.stdout
        );
    }
}

#[test]
fn outside_a_project_exit_2_with_help() {
    let dir = tempfile::TempDir::new().unwrap();
    for cmd in ["validate", "build", "check"] {
        let r = run(dir.path(), &[cmd]);
        assert_eq!(r.code, 2, "{cmd}");
        assert!(
            r.stderr.starts_with(&format!(
                "error: not in a cogform project: no cogform.yaml in {} or any folder above it\n  help: `cogform init` creates one here, or pass -C DIR\n",
                dir.path().display()
            )),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn project_dir_flag_works_from_anywhere() {
    let r = run(
        &std::env::temp_dir(),
        &[
            "-C",
            repo().join("examples/minimal").to_str().unwrap(),
            "check",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn json_format_writes_json_templates() {
    let dir = project(&[
        ("cogform.yaml", "project: jsonapp\nformat: json\n"),
        ("backend/auth.yaml", "{}\n"),
    ]);
    let r = run(dir.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(dir.path().join("build/dev.template.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(text.starts_with("{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Description\": \"jsonapp (dev): authentication and authorization. @generated by cogform"));
    assert_eq!(v["Resources"]["UserPool"]["Type"], "AWS::Cognito::UserPool");
}

#[test]
fn completions_and_the_man_page_come_from_the_same_definitions_as_help() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let r = run(&repo(), &["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        // Every command and a flag of a nested one can be completed (fish names flags
        // without their dashes).
        for word in ["validate", "check", "outputs", "passwordless"] {
            assert!(r.stdout.contains(word), "{shell} lacks {word}");
        }
    }
    let r = run(&repo(), &["completions", "tcsh"]);
    assert_eq!(r.code, 2);
    let r = run(&repo(), &["man"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with(".ie"), "roff");
    assert!(r.stdout.contains(".TH cogform 1"), "{}", &r.stdout[..200]);
    for command in ["validate", "check", "diff", "completions"] {
        assert!(r.stdout.contains(command), "{command}");
    }
    let r = run(&repo(), &["--version"]);
    assert!(
        r.stdout
            .starts_with(&format!("cogform {}", env!("CARGO_PKG_VERSION"))),
        "{}",
        r.stdout
    );
}
