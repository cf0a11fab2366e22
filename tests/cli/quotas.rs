//! AWS quotas at build time, through the binary: what splitting fixes (policies over IAM's size
//! limits become several policies, deterministically) and what it cannot (too many resources,
//! outputs or managed policies per role, a body over 1 MB, one statement too large alone),
//! which exits 2 with the limit, the measured number and what to do, and writes nothing.

#[path = "../../benches/support/scale.rs"]
mod scale;

use std::fmt::Write as _;
use std::path::Path;

use cogform::quota::{MAX_MANAGED_POLICY_CHARS, MAX_ROLE_INLINE_CHARS, policy_chars};
use serde_json::Value;
use tempfile::TempDir;

use crate::support::{built_template, run, snapshot_tree, write};

/// The scale project (n groups, n APIs, n buckets) in a temporary directory.
fn scale_project(n: usize) -> TempDir {
    let dir = TempDir::new().unwrap();
    scale::write(dir.path(), n).unwrap();
    dir
}

/// A project whose auth.yaml has `groups` (YAML list items, indented by two spaces).
fn groups_project(groups: &str, extra: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "cogform.yaml", "project: quota-app\n");
    write(
        dir.path(),
        "backend/auth.yaml",
        format!("groups:\n{groups}"),
    );
    for (path, content) in extra {
        write(dir.path(), path, content);
    }
    dir
}

/// One statement granting `dynamodb:GetItem` on `count` tables.
fn statement(sid: &str, tables: usize) -> String {
    let resources: Vec<String> = (0..tables)
        .map(|j| {
            format!("\"arn:${{AWS::Partition}}:dynamodb:${{AWS::Region}}:${{AWS::AccountId}}:table/{sid}-{j:03}\"")
        })
        .collect();
    format!(
        "      - sid: {sid}\n        actions: [dynamodb:GetItem]\n        resources: [{}]\n",
        resources.join(", ")
    )
}

fn refused(dir: &Path) -> String {
    let before = snapshot_tree(dir);
    let r = run(dir, &["build"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(snapshot_tree(dir), before, "nothing may be written");
    assert!(r.stderr.contains("nothing was written"), "{}", r.stderr);
    r.stderr
}

fn resources(template: &Value) -> &serde_json::Map<String, Value> {
    template["Resources"].as_object().unwrap()
}

fn sids(document: &Value) -> Vec<String> {
    document["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["Sid"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn too_many_resources_outputs_and_policies_per_role_are_refused_together() {
    let dir = scale_project(60);
    let err = refused(dir.path());
    assert!(
        err.contains("error: build/dev.template.yaml would exceed these AWS quotas"),
        "{err}"
    );
    assert!(
        err.contains("resources; CloudFormation allows at most 500 in one stack"),
        "{err}"
    );
    assert!(
        err.contains("outputs; CloudFormation allows at most 200 in one stack"),
        "{err}"
    );
    assert!(
        err.contains(
            "managed policies attached, IAM's default quota per role: `AuthenticatedRole` 120"
        ),
        "{err}"
    );
    assert!(
        err.contains("help: move some backend/api or backend/storage files"),
        "{err}"
    );
}

#[test]
fn more_than_ten_managed_policies_on_a_role_is_refused() {
    // Six buckets and six APIs: 12 managed policies on the signed-in and guest roles, while
    // resources and outputs stay within their quotas.
    let dir = scale_project(6);
    let err = refused(dir.path());
    assert!(
        err.contains("would exceed an AWS quota; nothing was written"),
        "{err}"
    );
    assert!(
        err.contains("2 roles would have more than 10 managed policies attached, IAM's default quota per role: `AuthenticatedRole` 12, `GuestRole` 12"),
        "{err}"
    );
    assert!(!err.contains("resources;"), "{err}");
    // Five of each fit.
    let dir = scale_project(5);
    assert_eq!(run(dir.path(), &["build"]).code, 0);
}

/// `groups` plain groups whose roles all inherit one signed-in statement on 100 tables: the
/// template grows by about 10 kB per group from a configuration of a few kilobytes.
fn inherited_project(groups: usize) -> TempDir {
    let mut list = String::new();
    for i in 0..groups {
        let _ = writeln!(list, "  - {{ name: g{i:03}, precedence: {i} }}");
    }
    let dir = groups_project(&list, &[]);
    let auth = std::fs::read_to_string(dir.path().join("backend/auth.yaml")).unwrap();
    write(
        dir.path(),
        "backend/auth.yaml",
        format!(
            "{auth}identity_pool:\n  authenticated_role:\n    policies:\n{}",
            statement("Tables", 100)
        ),
    );
    dir
}

#[test]
fn a_body_over_one_megabyte_is_refused_and_over_51200_bytes_gets_a_note() {
    let dir = inherited_project(200);
    let err = refused(dir.path());
    assert!(
        err.contains("bytes; CloudFormation accepts at most 1,000,000 (1 MB, uploaded through S3)"),
        "{err}"
    );
    assert!(!err.contains("resources;"), "{err}");

    // Five such groups: about 60 kB, deployable only through S3. A note, not an error.
    let dir = inherited_project(5);
    let r = run(dir.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("note: build/dev.template.yaml is ")
            && r.stderr
                .contains("over the 51,200 bytes CloudFormation accepts inline")
            && r.stderr.contains("--s3-bucket"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_statement_too_large_on_its_own_is_refused() {
    let values: Vec<String> = (0..600).map(|i| format!("\"tenant-{i:05}/*\"")).collect();
    let groups = format!(
        "  - name: big\n    precedence: 0\n    policies:\n      - sid: Huge\n        actions: [dynamodb:GetItem]\n        resources: [\"arn:${{AWS::Partition}}:dynamodb:${{AWS::Region}}:${{AWS::AccountId}}:table/t\"]\n        conditions:\n          ForAllValues:StringLike: {{ \"dynamodb:LeadingKeys\": [{}] }}\n",
        values.join(", ")
    );
    let dir = groups_project(&groups, &[]);
    let err = refused(dir.path());
    assert!(
        err.contains("statement `GroupBigHuge` of `GroupBigRole` inline policy `GroupAccess` is "),
        "{err}"
    );
    assert!(
        err.contains("an IAM managed policy holds at most 6,144, so splitting cannot help"),
        "{err}"
    );
    assert!(
        err.contains("help: write it as several smaller statements"),
        "{err}"
    );
}

#[test]
fn oversized_policies_are_split_deterministically_within_the_limits() {
    // A group whose own statements exceed the inline budget, and a bucket whose signed-in
    // policy exceeds a managed policy's 6,144 characters.
    let mut statements = String::new();
    for i in 0..12 {
        statements.push_str(&statement(&format!("S{i:02}"), 30));
    }
    let groups = format!("  - name: big\n    precedence: 0\n    policies:\n{statements}");
    let mut storage = String::from("paths:\n");
    for i in 0..30 {
        let _ = writeln!(
            storage,
            "  area{i:02}/*: {{ authenticated: [read, write] }}"
        );
    }
    let extra = [("backend/storage/media.yaml", storage.as_str())];
    let dir = groups_project(&groups, &extra);
    let template = built_template(dir.path(), "dev");
    let r = resources(&template);

    // The role keeps its first statements inline, within 10,240 characters…
    let role = &r["GroupBigRole"]["Properties"];
    let inline = &role["Policies"][0]["PolicyDocument"];
    assert!(policy_chars(&template, inline) <= MAX_ROLE_INLINE_CHARS);
    let mut all = sids(inline);
    // …and the rest, in order, moves into GroupBigRoleGroupAccess, …Part2, …, each within 6,144.
    let mut parts = vec!["GroupBigRoleGroupAccess".to_string()];
    parts.extend((2..10).map(|k| format!("GroupBigRoleGroupAccessPart{k}")));
    let present: Vec<&String> = parts.iter().filter(|id| r.contains_key(*id)).collect();
    assert!(present.len() >= 2, "{:?}", r.keys().collect::<Vec<_>>());
    assert_eq!(present, parts[..present.len()].iter().collect::<Vec<_>>());
    for id in &present {
        let p = &r[id.as_str()];
        assert_eq!(p["Type"], "AWS::IAM::ManagedPolicy");
        assert_eq!(p["Properties"]["Roles"][0]["Ref"], "GroupBigRole");
        let doc = &p["Properties"]["PolicyDocument"];
        assert!(policy_chars(&template, doc) <= MAX_MANAGED_POLICY_CHARS);
        // The validators' own measure: the JSON without whitespace, as written.
        assert!(serde_json::to_string(doc).unwrap().len() <= MAX_MANAGED_POLICY_CHARS);
        all.extend(sids(doc));
    }
    let expected: Vec<String> = (0..12).map(|i| format!("GroupBigS{i:02}")).collect();
    assert_eq!(all, expected, "every statement once, in order");

    // The bucket's signed-in policy: StorageMediaAuthenticatedPolicy, …Part2, … .
    let base = "StorageMediaAuthenticatedPolicy";
    assert!(r.contains_key(&format!("{base}Part2")));
    let mut k = 1;
    while let Some(p) = r.get(&if k == 1 {
        base.to_string()
    } else {
        format!("{base}Part{k}")
    }) {
        let doc = &p["Properties"]["PolicyDocument"];
        assert!(policy_chars(&template, doc) <= MAX_MANAGED_POLICY_CHARS);
        assert!(
            p["Properties"]["Description"]
                .as_str()
                .unwrap()
                .contains(&format!("(part {k} of ")),
        );
        k += 1;
    }

    // Deterministic: the same configuration elsewhere gives the same bytes.
    let again = groups_project(&groups, &extra);
    assert_eq!(run(again.path(), &["build"]).code, 0);
    let a = std::fs::read(dir.path().join("build/dev.template.yaml")).unwrap();
    let b = std::fs::read(again.path().join("build/dev.template.yaml")).unwrap();
    assert_eq!(a, b);
    assert_eq!(run(dir.path(), &["check"]).code, 0);
}
