//! The bundled examples and the rendering guarantees: golden snapshots, freshness of each
//! committed build/, byte-identical output, order independence and injection safety.

use serde_json::Value;

use crate::support::{auth_project, built_template, copy_example, examples, project, repo, run};

#[test]
fn every_example_has_a_fresh_committed_build() {
    let names = examples();
    assert!(names.len() >= 2, "{names:?}");
    for name in names {
        let r = run(&repo().join("examples").join(&name), &["check"]);
        assert_eq!(
            r.code, 0,
            "examples/{name} is stale:\n{}{}",
            r.stderr, r.stdout
        );
    }
}

#[test]
fn golden_snapshots_of_every_rendered_template() {
    for name in examples() {
        let dir = copy_example(&name);
        assert_eq!(run(dir.path(), &["build"]).code, 0);
        for entry in std::fs::read_dir(dir.path().join("build")).unwrap() {
            let path = entry.unwrap().path();
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            let content = std::fs::read_to_string(&path).unwrap();
            insta::assert_snapshot!(format!("{name}__{file}"), content);
        }
    }
}

#[test]
fn output_is_byte_identical_across_runs_and_directories() {
    for name in examples() {
        let a = copy_example(&name);
        let b = copy_example(&name);
        std::fs::remove_dir_all(a.path().join("build")).unwrap();
        std::fs::remove_dir_all(b.path().join("build")).unwrap();
        assert_eq!(run(a.path(), &["build"]).code, 0);
        assert_eq!(run(b.path(), &["build"]).code, 0);
        assert_eq!(
            crate::support::snapshot_tree(&a.path().join("build")),
            crate::support::snapshot_tree(&b.path().join("build")),
            "{name}"
        );
    }
}

const ORDERED: &str = r#"
attributes:
  birthdate: { mutable: true }
  email: { required: true }
  custom:
    alpha: { type: string }
    beta: { type: number }
groups:
  - { name: ADMINS, precedence: 0 }
  - { name: EDITORS, precedence: 1 }
  - { name: viewers, precedence: 2 }
providers:
  google: { client_id: g, client_secret: { secret: g } }
  oidc:
    - { name: Alpha, issuer: "https://a.example.com", client_id: a, client_secret: { secret: a } }
    - { name: Beta, issuer: "https://b.example.com", client_id: b, client_secret: { secret: b } }
hosted_ui:
  domain_prefix: ordering
  callback_urls: ["https://a.example.com/cb", "http://localhost:3000/cb"]
clients:
  - { name: web }
  - { name: admin, auth_flows: [refresh, srp] }
"#;

const REORDERED: &str = r#"
clients:
  - { name: admin, auth_flows: [srp, refresh] }
  - { name: web }
hosted_ui:
  callback_urls: ["http://localhost:3000/cb", "https://a.example.com/cb"]
  domain_prefix: ordering
providers:
  oidc:
    - { name: Beta, issuer: "https://b.example.com", client_id: b, client_secret: { secret: b } }
    - { name: Alpha, issuer: "https://a.example.com", client_id: a, client_secret: { secret: a } }
  google: { client_secret: { secret: g }, client_id: g }
groups:
  - { name: viewers, precedence: 2 }
  - { precedence: 0, name: ADMINS }
  - { name: EDITORS, precedence: 1 }
attributes:
  custom:
    beta: { type: number }
    alpha: { type: string }
  email: { required: true }
  birthdate: { mutable: true }
"#;

#[test]
fn reordering_lists_whose_order_means_nothing_changes_nothing() {
    let a = auth_project(ORDERED);
    let b = auth_project(REORDERED);
    assert_eq!(run(a.path(), &["build"]).code, 0);
    assert_eq!(run(b.path(), &["build"]).code, 0);
    let read =
        |d: &tempfile::TempDir| std::fs::read(d.path().join("build/dev.template.yaml")).unwrap();
    assert_eq!(read(&a), read(&b));
}

/// Strings that break naive templating: quotes, newlines, YAML indicators, CloudFormation
/// tags, Tera's default and our own delimiters, and non-ASCII text.
const HOSTILE: [&str; 8] = [
    "say \"hi\" and 'bye'",
    "two\nlines\tand tab",
    "key: value # not a comment",
    "!Ref UserPool",
    "{{ not_a_template }} {% raw %}",
    "<< injected >> <% if true %>",
    "- [a, {b: c}] & *alias ? | >",
    "héllo wörld ✓ 🎉 \u{00A0}",
];

fn group_description(template: &Value, id: &str) -> Value {
    template["Resources"][id]["Properties"]["Description"].clone()
}

#[test]
fn hostile_strings_reach_the_template_exactly_as_written() {
    for format in ["yaml", "json"] {
        let groups: String = HOSTILE
            .iter()
            .enumerate()
            .map(|(i, s)| {
                format!(
                    "  - name: g{i}\n    precedence: {i}\n    description: {}\n",
                    serde_json::to_string(s).unwrap()
                )
            })
            .collect();
        let dir = project(&[
            (
                "cogform.yaml",
                &format!("project: hostile\nformat: {format}\n"),
            ),
            ("backend/auth.yaml", &format!("groups:\n{groups}")),
        ]);
        let r = run(dir.path(), &["build"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let text = std::fs::read_to_string(dir.path().join(format!("build/dev.template.{format}")))
            .unwrap();
        let template: Value = if format == "json" {
            serde_json::from_str(&text).unwrap()
        } else {
            cogform::load::yaml::parse(&text).unwrap().value
        };
        for (i, s) in HOSTILE.iter().enumerate() {
            assert_eq!(
                group_description(&template, &format!("GroupG{i}")),
                Value::String(s.to_string()),
                "{format} #{i}"
            );
        }
        // Nothing leaked out of its scalar: still exactly the expected resources.
        let resources = template["Resources"].as_object().unwrap();
        assert_eq!(
            resources.keys().filter(|k| k.starts_with("GroupG")).count(),
            2 * HOSTILE.len()
        );
    }
}

#[test]
fn built_template_parses_back_as_the_same_value_in_both_formats() {
    let y = project(&[("backend/auth.yaml", ORDERED)]);
    let j = project(&[
        ("cogform.yaml", "project: test-app\nformat: json\n"),
        ("backend/auth.yaml", ORDERED),
    ]);
    let yaml = built_template(y.path(), "dev");
    assert_eq!(run(j.path(), &["build"]).code, 0);
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(j.path().join("build/dev.template.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(yaml, json);
}

/// The validator corpus (tests/corpus/, run through cfn-lint and checkov by scripts/test.sh)
/// stays valid, so the validators see what it is meant to show them.
#[test]
fn the_validator_corpus_is_valid() {
    let dir = repo().join("tests/corpus");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["every-trigger", "function-wiring", "plus-everything"]
    );
    for name in names {
        let r = run(&dir.join(&name), &["validate"]);
        assert_eq!(r.code, 0, "tests/corpus/{name}: {}", r.stderr);
    }
}
