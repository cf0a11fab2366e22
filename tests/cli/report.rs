//! `--format json|sarif|github` on validate, build, check and diff: the same findings, at the
//! same places, as the text output, the same exit codes, and SARIF that the official 2.1.0
//! schema (pinned in data/sarif/) accepts.

use serde_json::Value;

use crate::support::{copy_example, project, replace_in, repo, run};

/// Two problems in one file, and a warning.
const BROKEN: &str = "\
groups:
  - { name: ADMINS, precedence: 1 }
  - { name: admins, precedence: 1 }
password: { min_length: 6 }
clients:
  - { name: web, auth_flows: [srp, refresh, password] }
";

fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(repo().join("data/sarif/sarif-schema-2.1.0.json")).unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

/// `(file, line, column)` of every `file:line:col: …` line of the text output.
fn text_locations(stderr: &str) -> Vec<(String, u64, u64)> {
    stderr
        .lines()
        .filter_map(|l| {
            let l = l
                .strip_prefix("warning: ")
                .or_else(|| l.strip_prefix("note: "))
                .unwrap_or(l);
            let mut parts = l.splitn(4, ':');
            let (file, line, col) = (parts.next()?, parts.next()?, parts.next()?);
            Some((file.to_string(), line.parse().ok()?, col.parse().ok()?))
        })
        .collect()
}

fn sarif_locations(log: &Value) -> Vec<(String, u64, u64)> {
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| {
            let p = &r["locations"][0]["physicalLocation"];
            Some((
                p["artifactLocation"]["uri"].as_str()?.to_string(),
                p["region"]["startLine"].as_u64()?,
                p["region"]["startColumn"].as_u64()?,
            ))
        })
        .collect()
}

#[test]
fn sarif_is_valid_and_locates_what_the_text_output_locates() {
    let dir = project(&[("backend/auth.yaml", BROKEN)]);
    let text = run(dir.path(), &["validate"]);
    assert_eq!(text.code, 2, "{}", text.stderr);
    let mut expected = text_locations(&text.stderr);
    assert!(expected.len() >= 2, "{}", text.stderr);

    let r = run(dir.path(), &["validate", "--format", "sarif"]);
    assert_eq!(r.code, 2, "the format does not change the exit code");
    let log: Value = serde_json::from_str(&r.stdout).unwrap();
    let errors: Vec<String> = sarif_validator()
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}\n{}", r.stdout);
    let mut got = sarif_locations(&log);
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "cogform");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    // Each result names a rule the driver describes, at its index.
    for result in log["runs"][0]["results"].as_array().unwrap() {
        let i = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(driver["rules"][i]["id"], result["ruleId"]);
        assert!(driver["rules"][i]["help"]["text"].is_string());
    }
    // The human lines stay on stderr; stdout is only the log.
    assert!(r.stderr.contains("problems found"), "{}", r.stderr);
}

#[test]
fn github_annotations_and_json_carry_the_same_findings() {
    let dir = project(&[("backend/auth.yaml", BROKEN)]);
    let text = run(dir.path(), &["validate"]);
    let expected = text_locations(&text.stderr);

    let r = run(dir.path(), &["validate", "--format", "github"]);
    assert_eq!(r.code, 2);
    let annotated: Vec<(String, u64, u64)> = r
        .stdout
        .lines()
        .map(|l| {
            let rest = l.strip_prefix("::").unwrap();
            let (head, _message) = rest.split_once("::").unwrap();
            let (level, props) = head.split_once(' ').unwrap();
            assert!(["error", "warning", "notice"].contains(&level), "{l}");
            let get = |k: &str| {
                props
                    .split(',')
                    .find_map(|p| p.strip_prefix(&format!("{k}=")))
                    .unwrap()
                    .to_string()
            };
            (
                get("file"),
                get("line").parse().unwrap(),
                get("col").parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(annotated.len(), expected.len(), "{}", r.stdout);
    for e in &expected {
        assert!(annotated.contains(e), "{e:?} not in {annotated:?}");
    }
    assert!(
        r.stdout.contains("title=cogform invalid-config::"),
        "{}",
        r.stdout
    );

    // `build` reports the same, and writes nothing.
    let built = run(dir.path(), &["build", "--format", "github"]);
    assert_eq!(built.code, 2);
    assert_eq!(built.stdout, r.stdout);
    assert!(!dir.path().join("build").exists());

    let r = run(dir.path(), &["validate", "--format", "json"]);
    assert_eq!(r.code, 2);
    let report: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(report["version"], 1);
    assert_eq!(report["findings"].as_array().unwrap().len(), expected.len());
}

#[test]
fn check_reports_stale_templates_and_losses_as_findings_with_their_exit_codes() {
    // Stale: exit 1, one finding per out-of-date template, on the template file.
    let dir = copy_example("minimal");
    replace_in(
        dir.path(),
        "backend/auth.yaml",
        "min_length: 12",
        "min_length: 14",
    );
    let r = run(dir.path(), &["check", "--format", "sarif"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let log: Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(sarif_validator().is_valid(&log));
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{}", r.stdout);
    assert_eq!(results[0]["ruleId"], "stale-template");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "build/dev.template.yaml"
    );
    // The diff is still shown, to people, on stderr.
    assert!(r.stderr.contains("MinimumLength: 14"), "{}", r.stderr);

    // A change that loses users: exit 3 and a `loses-data` finding, as diff reports it too.
    let dir = copy_example("minimal");
    std::fs::rename(dir.path().join("build"), dir.path().join("base")).unwrap();
    replace_in(
        dir.path(),
        "backend/auth.yaml",
        "phone: false",
        "phone: true",
    );
    let r = run(
        dir.path(),
        &["diff", "--base-dir", "base", "--format", "github"],
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with("::error file=build/dev.template.yaml,title=cogform loses-data::UserPool (AWS::Cognito::UserPool)")),
        "{}",
        r.stdout
    );
}

#[test]
fn files_are_named_from_the_repository_root() {
    // A project inside this repository (under target/, which git ignores): code scanning and
    // annotations need paths from the repository's root.
    let target = repo().join("target");
    std::fs::create_dir_all(&target).unwrap();
    let dir = tempfile::Builder::new()
        .prefix("report-")
        .tempdir_in(&target)
        .unwrap();
    crate::support::write(dir.path(), "cogform.yaml", "project: test-app\n");
    crate::support::write(dir.path(), "backend/auth.yaml", BROKEN);
    let inside = dir
        .path()
        .strip_prefix(repo())
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let r = run(&repo(), &["-C", &inside, "validate", "--format", "sarif"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let log: Value = serde_json::from_str(&r.stdout).unwrap();
    let uris: Vec<String> = sarif_locations(&log)
        .into_iter()
        .map(|(u, _, _)| u)
        .collect();
    assert!(!uris.is_empty());
    for uri in uris {
        assert_eq!(uri, format!("{inside}/backend/auth.yaml"));
    }
}
