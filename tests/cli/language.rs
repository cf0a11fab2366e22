//! Messages speak the user's language: IAM's own spelling in policy statements is read as
//! cogform's (or refused with the exact rewrite), statements that reach another account or a
//! hard-coded API are warned about, rule ids never stand without words, and counts say what
//! they count.

use crate::support::{auth_project, copy_example, project, run, snapshot_tree};

/// The same three roles' statements, in IAM's spelling and in cogform's.
const IAM_SPELLING: &str = r#"groups:
  - name: ADMINS
    precedence: 0
    policies:
      - Sid: AdminTable
        Effect: Deny
        Action: dynamodb:DeleteTable
        Resource: "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/Photos"
identity_pool:
  guest_access: true
  authenticated_role:
    policies:
      - Sid: ReadOrders
        Effect: Allow
        Action: [dynamodb:GetItem, dynamodb:Query]
        Resource: "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/Orders"
        Condition:
          ForAnyValue:StringLike:
            dynamodb:LeadingKeys: ["${cognito-identity.amazonaws.com:sub}*"]
  guest_role:
    policies:
      - effect: Allow
        Action: dynamodb:GetItem
        Resource: ["arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/Public"]
"#;

const COGFORM_SPELLING: &str = r#"groups:
  - name: ADMINS
    precedence: 0
    policies:
      - sid: AdminTable
        effect: deny
        actions: [dynamodb:DeleteTable]
        resources: ["arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/Photos"]
identity_pool:
  guest_access: true
  authenticated_role:
    policies:
      - sid: ReadOrders
        effect: allow
        actions: [dynamodb:GetItem, dynamodb:Query]
        resources: ["arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/Orders"]
        conditions:
          ForAnyValue:StringLike:
            dynamodb:LeadingKeys: ["${cognito-identity.amazonaws.com:sub}*"]
  guest_role:
    policies:
      - effect: allow
        actions: [dynamodb:GetItem]
        resources: ["arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/Public"]
"#;

#[test]
fn iam_spelling_renders_the_same_template_as_cogform_spelling() {
    let iam = auth_project(IAM_SPELLING);
    let ours = auth_project(COGFORM_SPELLING);
    for dir in [&iam, &ours] {
        let r = run(dir.path(), &["validate"]);
        assert_eq!(
            (r.code, r.stderr.as_str()),
            (
                0,
                "ok: configuration is valid (1 environment, 1 template to generate in build/)\n"
            )
        );
        assert_eq!(run(dir.path(), &["build"]).code, 0);
    }
    let template = |d: &tempfile::TempDir| {
        std::fs::read_to_string(d.path().join("build/dev.template.yaml")).unwrap()
    };
    assert_eq!(template(&iam), template(&ours));
    let t = template(&iam);
    assert!(t.contains("Effect: Deny"), "{t}");
    assert!(t.contains("ForAnyValue:StringLike:"), "{t}");
}

#[test]
fn the_editor_schema_accepts_iam_spelling() {
    let dir = auth_project(IAM_SPELLING);
    let r = run(dir.path(), &["schema", "auth"]);
    assert_eq!(r.code, 0);
    let schema: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for text in [IAM_SPELLING, COGFORM_SPELLING] {
        let value = cogform::load::yaml::parse(text).unwrap().value;
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
    // Neither spelling of a required field: still refused, and said in both spellings.
    let dir = auth_project(
        "identity_pool:\n  authenticated_role:\n    policies:\n      - Sid: Nothing\n        Resource: arn:aws:s3:::b/x\n",
    );
    let r = run(dir.path(), &["validate"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "backend/auth.yaml:4:9: identity_pool.authenticated_role.policies[0]: missing required field `actions` (or `Action`)\nerror: 1 problem found; nothing was written\n"
    );
}

#[test]
fn iam_keys_without_a_cogform_meaning_are_refused_with_the_rewrite() {
    let dir = auth_project(
        r#"identity_pool:
  authenticated_role:
    policies:
      - Effect: Allow
        NotAction: s3:DeleteObject
        actions: [s3:GetObject]
        Resource: "arn:aws:s3:::photos/*"
      - Principal: { AWS: "*" }
        Action: [s3:GetObject]
        actions: [s3:GetObject]
        resources: ["arn:aws:s3:::photos/*"]
        conditions:
          stringequals: { "aws:ResourceTag/team": "a" }
"#,
    );
    let before = snapshot_tree(dir.path());
    let r = run(dir.path(), &["build"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "\
backend/auth.yaml:5:9: identity_pool.authenticated_role.policies[0].NotAction: `NotAction` is refused: it grants every action except the ones listed
  help: list the actions to allow under `actions:`
backend/auth.yaml:8:9: identity_pool.authenticated_role.policies[1].Principal: `Principal` has no place in a role's policy: the statement applies to whoever holds the role
  help: remove it; to choose who gets the statement, put it under that group's `policies` or under `identity_pool.authenticated_role`/`guest_role`
backend/auth.yaml:9:9: identity_pool.authenticated_role.policies[1].Action: `Action` and `actions` are the same field, written twice
  help: keep only one of them: `actions:` or IAM's `Action:`
error: 3 problems found; nothing was written
"
    );
    assert_eq!(snapshot_tree(dir.path()), before, "nothing written");
    // An operator in another case than IAM's: the exact spelling to write.
    let dir = auth_project(
        r#"identity_pool:
  authenticated_role:
    policies:
      - Action: s3:GetObject
        Resource: "arn:aws:s3:::photos/*"
        Condition:
          forAnyValue:stringLike: { "aws:ResourceTag/team": "a*" }
"#,
    );
    let r = run(dir.path(), &["validate"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "\
backend/auth.yaml:7:11: identity_pool.authenticated_role.policies[0].conditions.forAnyValue:stringLike: unknown IAM condition operator
  help: IAM spells it `ForAnyValue:StringLike`: write `ForAnyValue:StringLike:`
error: 1 problem found; nothing was written
"
    );
}

#[test]
fn update_keeps_statements_in_iam_spelling_as_written() {
    let dir = auth_project(&format!("# ours\n{IAM_SPELLING}"));
    let r = run(
        dir.path(),
        &["update", "auth", "--yes", "--password-min-length", "14"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !r.stderr.contains("could not be edited in place"),
        "{}",
        r.stderr
    );
    let text = std::fs::read_to_string(dir.path().join("backend/auth.yaml")).unwrap();
    assert!(
        text.starts_with(&format!("# ours\n{IAM_SPELLING}")),
        "{text}"
    );
    assert!(text.ends_with("password: { min_length: 14 }\n"), "{text}");
}

#[test]
fn statements_reaching_another_account_or_a_hard_coded_api_are_warned_about() {
    let auth = r#"groups:
  - name: ADMINS
    precedence: 0
    policies:
      - actions: [execute-api:Invoke]
        resources: ["arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:abc123defg/dev/GET/orders"]
identity_pool:
  authenticated_role:
    policies:
      - Sid: ReadOrders
        Action: dynamodb:GetItem
        Resource: "arn:${AWS::Partition}:dynamodb:${AWS::Region}:123456789012:table/Orders"
      - actions: [dynamodb:GetItem]
        resources: ["arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/Mine"]
"#;
    let warnings = "\
warning: backend/auth.yaml:6:21: groups[0].policies[0].resources[0]: policy statement 1 of group `ADMINS` hard-codes API Gateway id `abc123defg`: it is not one of this project's APIs, and an API's id changes whenever it is created again (another environment, a new stack)
  help: to call this project's API, remove the statement and add `ADMINS` to the route's `allow:` in backend/api/orders.yaml (cogform then writes the exact ARN); keep the id only for an API that lives outside this project
warning: backend/auth.yaml:12:19: identity_pool.authenticated_role.policies[0].resources[0]: statement `ReadOrders` names AWS account 123456789012, not the account the stack is deployed to
  help: write `arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/Orders` for this stack's own account; keep 123456789012 only if the resource really lives in that account and its owner grants this role access
";
    let dir = project(&[
        ("backend/auth.yaml", auth),
        (
            "backend/api/orders.yaml",
            "functions:\n  orders: { arn: \"arn:aws:lambda:eu-west-1:123456789012:function:orders\" }\npaths:\n  /orders:\n    GET: { function: orders, auth: iam, allow: [authenticated] }\n",
        ),
    ]);
    let r = run(dir.path(), &["validate"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        format!(
            "{warnings}ok: configuration is valid (1 environment, 1 template to generate in build/)\n"
        )
    );
    let r = run(dir.path(), &["build"]);
    assert_eq!(r.code, 0, "warnings never fail a build: {}", r.stderr);
    assert!(r.stderr.starts_with(warnings), "{}", r.stderr);
    // `${AWS::AccountId}` and this project's own grants: no warning.
    let quiet = auth_project(COGFORM_SPELLING);
    let r = run(quiet.path(), &["validate"]);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
}

#[test]
fn validate_build_and_check_count_templates_apart_from_editor_schemas() {
    let dir = copy_example("social");
    let r = run(dir.path(), &["validate"]);
    assert_eq!(
        r.stderr,
        "ok: configuration is valid (2 environments, 2 templates to generate in build/)\n"
    );
    let r = run(dir.path(), &["build"]);
    assert_eq!(
        r.stderr,
        "build: 2 templates in build/, 4 editor schemas in .cogform/schemas/; 0 files changed\n"
    );
    let r = run(dir.path(), &["check"]);
    assert!(
        r.stderr.ends_with(
            "check: up to date (2 templates in build/, 4 editor schemas in .cogform/schemas/)\n"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn rule_ids_never_stand_without_words() {
    let dir = auth_project("login: { email: true, case_sensitive: true }\n");
    let r = run(dir.path(), &["validate"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "\
backend/auth.yaml:1:39: login.case_sensitive: case-sensitive user names are refused for a new user pool: `Alice` and `alice` would be two accounts
  help: remove the line; only a pool every environment adopts (`adopt.user_pool` in cogform.yaml) keeps the case sensitivity it was created with (SEC-21)
error: 1 problem found; nothing was written
"
    );
    // Every `SEC-` id in a string of src/ follows the words that state its rule.
    for entry in walkdir::WalkDir::new(crate::support::repo().join("src")) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for line in text.lines().map(str::trim) {
            if line.starts_with("//") || !line.contains("SEC-") {
                continue;
            }
            let in_string = line
                .split('"')
                .skip(1)
                .step_by(2)
                .any(|s| s.contains("SEC-"));
            if in_string {
                assert!(
                    line.contains("(SEC-") && !line.contains("\"(SEC-"),
                    "{}: an id without words: {line}",
                    entry.path().display()
                );
            }
        }
    }
}
