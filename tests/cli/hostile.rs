//! Hostile input, class by class (security-invariants.md, "Hostile input classes"): each one
//! is refused with exit code 2, located as `FILE:LINE:COLUMN: FIELD: MESSAGE`, every problem of
//! a run is reported at once, `build` writes nothing, and no secret value is ever echoed.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::support::{auth_project, project, run, snapshot_tree, write};

/// A starter `hosted_ui` section, for cases that need one.
const HOSTED_UI: &str =
    "hosted_ui:\n  domain_prefix: test-app\n  callback_urls: [https://example.com/cb]\n";

/// Runs `validate` and `build` in `dir`: both must exit 2 with the same report on stderr and
/// nothing on stdout, and `build` must leave the tree exactly as it was. Returns the report.
fn refused(dir: &Path) -> String {
    let before = snapshot_tree(dir);
    let validate = run(dir, &["validate"]);
    assert_eq!(validate.code, 2, "validate: {}", validate.stderr);
    assert_eq!(validate.stdout, "", "validate printed a result");
    let build = run(dir, &["build"]);
    assert_eq!(build.code, 2, "build: {}", build.stderr);
    assert_eq!(build.stdout, "", "build printed a result");
    assert_eq!(build.stderr, validate.stderr, "build and validate disagree");
    assert!(!dir.join("build").exists(), "build created build/");
    assert!(
        snapshot_tree(dir) == before,
        "build changed the project tree"
    );
    validate.stderr
}

/// The problem lines of a report (hints and the final count left out).
fn problem_lines(report: &str) -> Vec<&str> {
    report
        .lines()
        .filter(|l| !l.starts_with("  help: ") && !l.starts_with("error: "))
        .collect()
}

/// Asserts the report lists exactly `expected`, in order: each entry is the start of its line
/// (`FILE:LINE:COLUMN: FIELD: ` then the message, or the start of the message), followed by the
/// count line.
fn assert_problems(report: &str, expected: &[&str]) {
    let lines = problem_lines(report);
    assert_eq!(
        lines.len(),
        expected.len(),
        "expected {} problems:\n{report}",
        expected.len()
    );
    for (line, want) in lines.iter().zip(expected) {
        assert!(
            line.starts_with(want),
            "expected a line starting with\n  {want}\nfound\n  {line}\nin:\n{report}"
        );
    }
    let n = expected.len();
    let count = format!(
        "error: {n} problem{} found; nothing was written",
        if n == 1 { "" } else { "s" }
    );
    assert_eq!(report.lines().last(), Some(count.as_str()), "{report}");
}

/// Asserts the problem line starting with `line` is followed by a hint containing `hint`.
fn assert_help(report: &str, line: &str, hint: &str) {
    let mut lines = report.lines();
    assert!(
        lines.by_ref().any(|l| l.starts_with(line)),
        "no line starting with {line}:\n{report}"
    );
    let next = lines.next().unwrap_or_default();
    assert!(
        next.starts_with("  help: ") && next.contains(hint),
        "the hint of {line} should contain {hint:?}, found {next:?}"
    );
}

/// Asserts no output of `validate` or `build` in `dir` contains any of `secrets`.
fn assert_not_echoed(dir: &Path, secrets: &[&str]) {
    for cmd in ["validate", "build"] {
        let r = run(dir, &[cmd]);
        for secret in secrets {
            assert!(
                !r.stdout.contains(secret) && !r.stderr.contains(secret),
                "{cmd} echoed a secret:\n{}{}",
                r.stdout,
                r.stderr
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Plaintext secrets and substitution syntax

#[test]
fn plaintext_secrets_are_refused_and_never_echoed() {
    let google = "GOCSPX-1a2B3c4D5e6F7g8H9i0JkLmN";
    let plain = "hunter2-plain-client-secret";
    let aws_key = "AKIAIOSFODNN7EXAMPLE";
    let key_body = "MIGTAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBHkwdwIBAQQg";
    let auth = format!(
        "providers:
  google:
    client_id: {google}
    client_secret: {{ secret: app/google }}
  facebook:
    client_id: \"123456789012345\"
    client_secret: {plain}
  apple:
    client_id: com.example.signin
    team_id: ABCDE12345
    key_id: KEY1234567
    private_key: |
      -----BEGIN PRIVATE KEY-----
      {key_body}
      -----END PRIVATE KEY-----
groups:
  - name: admins
    precedence: 1
    description: \"deploy with {aws_key} please\"
{HOSTED_UI}"
    );
    let dir = auth_project(&auth);
    let report = refused(dir.path());
    assert_problems(
        &report,
        &[
            "backend/auth.yaml:3:16: providers.google.client_id: this looks like a plaintext secret (value not shown)",
            "backend/auth.yaml:7:20: providers.facebook.client_secret: plaintext secrets are refused (value not shown)",
            // A block scalar is located at its first line of text.
            "backend/auth.yaml:13:7: providers.apple.private_key: this looks like a plaintext secret (value not shown)",
            "backend/auth.yaml:19:18: groups[0].description: this looks like a plaintext secret (value not shown)",
        ],
    );
    assert_help(
        &report,
        "backend/auth.yaml:7:20:",
        "store it in AWS Secrets Manager and write `{ secret: NAME }`",
    );
    assert_not_echoed(
        dir.path(),
        &[google, plain, aws_key, key_body, "GOCSPX", "AKIA"],
    );
}

#[test]
fn dynamic_references_and_substitutions_are_refused_in_free_text() {
    let dir = project(&[
        ("cogform.yaml", "project: \"app-${AWS::StackName}\"\n"),
        (
            "backend/auth.yaml",
            "groups:
  - name: admins
    precedence: 1
    description: \"token {{resolve:secretsmanager:prod/db:SecretString:password}}\"
  - name: editors
    precedence: 2
    description: \"account ${AWS::AccountId}\"
  - name: viewers
    precedence: 3
    policies:
      - actions: [s3:GetObject]
        resources: [\"arn:${AWS::Partition}:s3:::photos/*\"]
        conditions:
          StringEquals:
            \"aws:PrincipalTag/${Foo}\": team
",
        ),
    ]);
    let report = refused(dir.path());
    assert_problems(
        &report,
        &[
            "backend/auth.yaml:4:18: groups[0].description: CloudFormation dynamic references (`{{resolve:…}}`) are not allowed",
            "backend/auth.yaml:7:18: groups[1].description: `${…}` substitution syntax is not allowed in this field",
            // A condition key is never a placeholder's place, even inside a policy.
            "backend/auth.yaml:15:13: groups[2].policies[0].conditions.StringEquals.aws:PrincipalTag/${Foo}: `${…}` substitution syntax is not allowed",
            "cogform.yaml:1:10: project: `${…}` substitution syntax is not allowed in this field",
        ],
    );
    assert_not_echoed(dir.path(), &["secretsmanager:prod", "AWS::StackName"]);
}

// ---------------------------------------------------------------------------------------------
// Redirect URLs

#[test]
fn unsafe_callback_urls_are_refused() {
    let dir = auth_project(
        "hosted_ui:
  domain_prefix: test-app
  callback_urls:
    - https://app.example.com/cb
    - http://app.example.com/cb
    - http://localhost.evil.com/cb
    - https://a@b.com/cb
    - https://app.example.com/cb#token
    - https://*.example.com/cb
    - javascript:alert(document.cookie)
    - http://localhost:3000/cb
  logout_urls: [\"https://good.example.com@evil.example/\"]
",
    );
    let report = refused(dir.path());
    assert_problems(
        &report,
        &[
            "backend/auth.yaml:5:7: hosted_ui.callback_urls[1]: URL uses http; only https is allowed, except exactly `http://localhost[:port]`",
            "backend/auth.yaml:6:7: hosted_ui.callback_urls[2]: URL uses http; only https is allowed",
            "backend/auth.yaml:7:7: hosted_ui.callback_urls[3]: URL contains user information (`user@host`)",
            "backend/auth.yaml:8:7: hosted_ui.callback_urls[4]: URL has a fragment (`#…`)",
            "backend/auth.yaml:9:7: hosted_ui.callback_urls[5]: URL contains a wildcard",
            "backend/auth.yaml:10:7: hosted_ui.callback_urls[6]: URL uses the `javascript` scheme, which is never a valid redirect",
            "backend/auth.yaml:12:17: hosted_ui.logout_urls[0]: URL contains user information",
        ],
    );
    assert_not_echoed(dir.path(), &["evil", "document.cookie", "#token"]);
}

#[test]
fn unsafe_urls_in_environment_and_client_overrides_are_refused() {
    let dir = project(&[
        (
            "cogform.yaml",
            "project: test-app
environments:
  dev:
    callback_urls: [http://localhost:3000/cb]
  prod:
    callback_urls:
      - https://app.example.com/cb
      - http://app.example.com/cb
    logout_urls: [\"https://app.example.com/#/signed-out\"]
",
        ),
        (
            "backend/auth.yaml",
            &format!(
                "{HOSTED_UI}clients:
  - name: web
    callback_urls: [http://localhost.evil.com/]
  - name: mobile
    kind: native
    callback_urls: [\"myapp://callback\", \"javascript:alert(1)\"]
"
            ),
        ),
    ]);
    let report = refused(dir.path());
    assert_problems(
        &report,
        &[
            "backend/auth.yaml:6:21: clients[0].callback_urls[0]: URL uses http",
            "backend/auth.yaml:9:41: clients[1].callback_urls[1]: URL uses the `javascript` scheme",
            "cogform.yaml:8:9: environments.prod.callback_urls[1]: URL uses http",
            "cogform.yaml:9:19: environments.prod.logout_urls[0]: URL has a fragment",
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// IAM statements

#[test]
fn wildcard_and_escalating_iam_is_refused() {
    let dir = auth_project(
        "groups:
  - name: admins
    precedence: 1
    policies:
      - actions: [\"*\", \"s3:*\", iam:PassRole, sts:AssumeRole, s3:GetObject]
        resources:
          - \"*\"
          - arn:aws:s3:::*
          - arn:aws:s3:::*/*
          - \"arn:aws:s3:::photos/${Foo}/*\"
          - arn:aws:s3:::photos/*
      - effect: deny
        actions: [\"s3:*\"]
        resources: [\"*\"]
",
    );
    let report = refused(dir.path());
    assert_problems(
        &report,
        &[
            "backend/auth.yaml:5:19: groups[0].policies[0].actions[0]: `*` allows every action of every service",
            "backend/auth.yaml:5:24: groups[0].policies[0].actions[1]: `s3:*` allows every action of the service",
            "backend/auth.yaml:5:32: groups[0].policies[0].actions[2]: `iam` actions could let a user escalate privileges",
            "backend/auth.yaml:5:46: groups[0].policies[0].actions[3]: `sts` actions could let a user escalate privileges",
            "backend/auth.yaml:7:13: groups[0].policies[0].resources[0]: `*` grants on every resource",
            "backend/auth.yaml:8:13: groups[0].policies[0].resources[1]: grants on every resource of the service",
            "backend/auth.yaml:9:13: groups[0].policies[0].resources[2]: grants on every resource of the service",
            "backend/auth.yaml:10:13: groups[0].policies[0].resources[3]: uses an unknown placeholder; accepted: ${AWS::Partition}",
        ],
    );
    assert_not_echoed(dir.path(), &["${Foo}"]);
}

#[test]
fn guests_may_not_write() {
    let dir = auth_project(
        "identity_pool:
  guest_access: true
  guest_role:
    policies:
      - actions: [s3:GetObject, s3:PutObject, dynamodb:DeleteItem, s3:ListBucket]
        resources: [\"arn:aws:s3:::photos/public/*\"]
",
    );
    let report = refused(dir.path());
    assert_problems(
        &report,
        &[
            "backend/auth.yaml:5:33: identity_pool.guest_role.policies[0].actions[1]: guests (visitors who never signed in) may only be granted List and Read actions, not `s3:PutObject` (Write)",
            "backend/auth.yaml:5:47: identity_pool.guest_role.policies[0].actions[2]: guests (visitors who never signed in) may only be granted List and Read actions, not `dynamodb:DeleteItem` (Write)",
            "backend/auth.yaml:6:21: identity_pool.guest_role.policies[0].resources[0]: guests may not read whole prefixes or collections",
        ],
    );
}

#[test]
fn rules_based_role_mapping_is_an_unknown_variant() {
    let dir = auth_project("identity_pool:\n  group_roles: rules\n");
    let report = refused(dir.path());
    assert_problems(
        &report,
        &["backend/auth.yaml:2:16: identity_pool.group_roles: expected one of: token, none"],
    );
}

// ---------------------------------------------------------------------------------------------
// Groups, duplicates

#[test]
fn group_names_invalid_for_cognito_are_refused() {
    let long = "a".repeat(129);
    let dir = auth_project(&format!(
        "groups:
  - {{ name: \"ops team\", precedence: 1 }}
  - {{ name: 1st, precedence: 2 }}
  - {{ name: {long}, precedence: 3 }}
  - {{ name: \"\", precedence: 4 }}
"
    ));
    let report = refused(dir.path());
    assert_problems(
        &report,
        &[
            "backend/auth.yaml:2:13: groups[0].name: has an invalid form (expected to match `^[A-Za-z][A-Za-z0-9_-]*$`)",
            "backend/auth.yaml:3:13: groups[1].name: has an invalid form",
            "backend/auth.yaml:4:13: groups[2].name: must be at most 128 characters long",
            "backend/auth.yaml:5:13: groups[3].name: has an invalid form",
            "backend/auth.yaml:5:13: groups[3].name: must be at least 1 character long",
        ],
    );
}

#[test]
fn groups_colliding_by_case_duplicate_precedence_and_duplicate_clients_are_refused() {
    let dir = auth_project(
        "groups:
  - { name: admins, precedence: 1 }
  - { name: ADMINS, precedence: 2 }
  - { name: editors, precedence: 2 }
  - { name: Admins, precedence: 3 }
clients:
  - { name: web }
  - { name: web, kind: native }
",
    );
    let report = refused(dir.path());
    assert_problems(
        &report,
        &[
            "backend/auth.yaml:3:13: groups[1].name: group name collides with groups[0] (names are compared ignoring case)",
            "backend/auth.yaml:4:34: groups[2].precedence: precedence 2 is also used by groups[1]",
            // Every later duplicate names the first definition.
            "backend/auth.yaml:5:13: groups[3].name: group name collides with groups[0]",
            "backend/auth.yaml:8:13: clients[1].name: client name collides with clients[0]",
        ],
    );
    assert_help(
        &report,
        "backend/auth.yaml:4:34:",
        "precedences must be unique",
    );
}

#[test]
fn duplicate_yaml_keys_are_refused_in_both_files() {
    let dir = project(&[
        (
            "cogform.yaml",
            "project: test-app\nenvironments:\n  dev: {}\n  dev: {}\nproject: other\n",
        ),
        (
            "backend/auth.yaml",
            "login:\n  email: true\n  phone: false\n  email: false\n",
        ),
    ]);
    let report = refused(dir.path());
    assert_problems(
        &report,
        &[
            "backend/auth.yaml:4:3: login.email: duplicate key `email` (first defined at line 2, column 3)",
            "cogform.yaml:4:3: environments.dev: duplicate key `dev` (first defined at line 3, column 3)",
            "cogform.yaml:5:1: project: duplicate key `project` (first defined at line 1, column 1)",
        ],
    );
    assert_help(
        &report,
        "cogform.yaml:5:1:",
        "YAML readers disagree on which one wins",
    );
}

// ---------------------------------------------------------------------------------------------
// Cognito limits

#[test]
fn custom_attribute_names_and_count_beyond_cognito_limits_are_refused() {
    let mut auth = String::from(
        "attributes:
  custom:
    department_cost_center: { type: string }
    email: { type: string }
",
    );
    for i in 0..49 {
        auth.push_str(&format!("    attr{i:02}: {{ type: number }}\n"));
    }
    let dir = auth_project(&auth);
    let report = refused(dir.path());
    assert_problems(
        &report,
        &[
            "backend/auth.yaml:3:5: attributes.custom: Cognito allows at most 50 custom attributes",
            "backend/auth.yaml:3:5: attributes.custom.department_cost_center: custom attribute names are 1–20 letters, digits or `_`",
            "backend/auth.yaml:4:5: attributes.custom.email: `email` is a standard attribute and cannot be custom",
        ],
    );
    assert_help(
        &report,
        "backend/auth.yaml:4:5:",
        "declare it as `attributes.email`",
    );
}

#[test]
fn strings_beyond_cognito_limits_are_refused() {
    let dir = auth_project(&format!(
        "groups:\n  - name: admins\n    precedence: 1\n    description: {}\n",
        "d".repeat(2049)
    ));
    let report = refused(dir.path());
    assert_problems(
        &report,
        &["backend/auth.yaml:4:18: groups[0].description: must be at most 2048 characters long"],
    );
}

#[test]
fn out_of_range_password_and_token_settings_are_refused() {
    let dir = auth_project(
        "password:
  min_length: 6
  temporary_validity_days: 0
clients:
  - name: web
    access_token_minutes: 2
    id_token_minutes: 1441
    refresh_token_days: 4000
",
    );
    let report = refused(dir.path());
    assert_problems(
        &report,
        &[
            "backend/auth.yaml:2:15: password.min_length: must be at least 8",
            "backend/auth.yaml:3:28: password.temporary_validity_days: must be at least 1",
            "backend/auth.yaml:6:27: clients[0].access_token_minutes: must be at least 5",
            "backend/auth.yaml:7:23: clients[0].id_token_minutes: must be at most 1440",
            "backend/auth.yaml:8:25: clients[0].refresh_token_days: must be at most 3650",
        ],
    );
}

#[test]
fn decimal_numbers_in_integer_fields_are_located_not_echoed() {
    let dir =
        auth_project("password:\n  min_length: 12.0\ngroups:\n  - { name: a, precedence: 1e3 }\n");
    let report = refused(dir.path());
    assert_problems(
        &report,
        &[
            "backend/auth.yaml:2:15: password.min_length: expected an integer, found a decimal number",
            "backend/auth.yaml:4:28: groups[0].precedence: expected an integer, found a decimal number",
        ],
    );
    assert!(
        !report.contains("12.0") && !report.contains("1000"),
        "{report}"
    );
}

#[test]
fn invalid_domain_prefixes_are_refused() {
    let dir = project(&[
        (
            "cogform.yaml",
            &format!(
                "project: test-app
environments:
  dev:
    domain_prefix: my-aws-login
  prod:
    domain_prefix: -photos
  staging:
    domain_prefix: cognito-photos
  qa:
    domain_prefix: {}
",
                "p".repeat(61)
            ),
        ),
        (
            "backend/auth.yaml",
            "hosted_ui:\n  domain_prefix: PhotoShare\n  callback_urls: [https://example.com/cb]\n",
        ),
    ]);
    let report = refused(dir.path());
    assert_problems(
        &report,
        &[
            // The longest environment (staging) decides the room left for the shared prefix.
            "backend/auth.yaml:2:18: hosted_ui.domain_prefix: domain prefixes are 1–55 lowercase letters, digits or `-` (not at either end); `-<environment>` is appended",
            "cogform.yaml:4:20: environments.dev.domain_prefix: Cognito refuses domain prefixes containing `aws`",
            "cogform.yaml:6:20: environments.prod.domain_prefix: domain prefixes are 1–58 lowercase letters",
            "cogform.yaml:8:20: environments.staging.domain_prefix: Cognito refuses domain prefixes containing `cognito`",
            // 61 characters, plus `-qa`, is one more than Cognito's 63.
            "cogform.yaml:10:20: environments.qa.domain_prefix: domain prefixes are 1–60 lowercase letters",
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Sign-in settings

#[test]
fn sms_mfa_without_a_phone_attribute_is_refused() {
    let dir = auth_project("mfa:\n  mode: required\n  methods: [totp, sms]\n");
    let report = refused(dir.path());
    assert_problems(
        &report,
        &["backend/auth.yaml:3:19: mfa.methods[1]: SMS MFA needs the `phone_number` attribute"],
    );
    assert_help(
        &report,
        "backend/auth.yaml:3:19:",
        "attributes.phone_number",
    );
}

#[test]
fn case_sensitive_user_names_are_refused() {
    let dir = auth_project("login:\n  email: true\n  case_sensitive: true\n");
    let report = refused(dir.path());
    assert_problems(
        &report,
        &["backend/auth.yaml:3:19: login.case_sensitive: case-sensitive user names are refused"],
    );
}

// ---------------------------------------------------------------------------------------------
// Unknown keys, YAML 1.1

#[test]
fn unknown_keys_get_a_did_you_mean() {
    let dir = project(&[
        (
            "cogform.yaml",
            "project: test-app\nenviroments:\n  dev: {}\n",
        ),
        (
            "backend/auth.yaml",
            "login:\n  emial: true\npassword:\n  min_lenght: 14\nzzz: 1\n",
        ),
    ]);
    let report = refused(dir.path());
    assert_problems(
        &report,
        &[
            "backend/auth.yaml:2:3: login.emial: unknown field `emial`",
            "backend/auth.yaml:4:3: password.min_lenght: unknown field `min_lenght`",
            "backend/auth.yaml:5:1: zzz: unknown field `zzz`",
            "cogform.yaml:2:1: enviroments: unknown field `enviroments`",
        ],
    );
    assert_help(&report, "backend/auth.yaml:2:3:", "did you mean `email`?");
    assert_help(
        &report,
        "backend/auth.yaml:4:3:",
        "did you mean `min_length`?",
    );
    assert_help(&report, "cogform.yaml:2:1:", "did you mean `environments`?");
    // No near name: the allowed names are listed instead.
    assert_help(&report, "backend/auth.yaml:5:1:", "expected one of: login,");
}

#[test]
fn yaml_1_1_coercions_are_refused_with_a_quoting_hint() {
    let dir = project(&[
        (
            "cogform.yaml",
            "project: test-app\nenvironments:\n  on: {}\n  dev: {}\n",
        ),
        (
            "backend/auth.yaml",
            "login:
  phone: on
sign_up:
  self_service: NO
groups:
  - name: NO
    precedence: 012
  - name: ops
    precedence: 0x1F
    description: 'on'
",
        ),
    ]);
    let report = refused(dir.path());
    assert_problems(
        &report,
        &[
            "backend/auth.yaml:2:10: login.phone: ambiguous value `on`: YAML 1.1 reads it as a boolean, YAML 1.2 as text",
            "backend/auth.yaml:4:17: sign_up.self_service: ambiguous value `NO`: YAML 1.1 reads it as a boolean",
            // In a text field too: some reader in the pipeline would make it `false`.
            "backend/auth.yaml:6:11: groups[0].name: ambiguous value `NO`: YAML 1.1 reads it as a boolean",
            "backend/auth.yaml:7:17: groups[0].precedence: ambiguous value: YAML 1.1 reads a leading zero as octal",
            "backend/auth.yaml:9:17: groups[1].precedence: ambiguous value: hexadecimal, octal and binary numbers are not accepted",
            "cogform.yaml:3:3: environments.on: ambiguous key `on`: YAML 1.1 reads it as a boolean",
        ],
    );
    for line in [
        "backend/auth.yaml:6:11:",
        "backend/auth.yaml:7:17:",
        "cogform.yaml:3:3:",
    ] {
        assert_help(&report, line, "quote it (\"...\") if you mean the text");
    }
}

// ---------------------------------------------------------------------------------------------
// Resource exhaustion

#[test]
fn billion_laughs_is_bounded() {
    let mut auth = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
        let prev = ["a", "b", "c", "d", "e", "f", "g", "h"][i];
        let items = vec![format!("*{prev}"); 9].join(", ");
        auth.push_str(&format!("{name}: &{name} [{items}]\n"));
    }
    let dir = auth_project(&auth);
    let started = Instant::now();
    let report = refused(dir.path());
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "hang guard: {:?}",
        started.elapsed()
    );
    assert_problems(
        &report,
        &[
            "backend/auth.yaml:6:8: f[0]: the document expands to more than 100000 values (alias bomb?)",
        ],
    );
}

#[test]
fn aliases_of_a_long_string_are_bounded() {
    // Under a hundred thousand values, but each alias copies 600 kB: tens of gigabytes.
    let auth = format!(
        "a: &a \"{}\"\nb: [{}]\n",
        "x".repeat(600_000),
        vec!["*a"; 90_000].join(",")
    );
    let dir = auth_project(&auth);
    let started = Instant::now();
    let report = refused(dir.path());
    assert!(started.elapsed() < Duration::from_secs(10), "hang guard");
    assert_problems(
        &report,
        &[
            "backend/auth.yaml:2:83: b[26]: the document expands to more than 16 MiB of text (alias bomb?)",
        ],
    );
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let dir = auth_project(&"[".repeat(10_000));
    let report = refused(dir.path());
    // The scanner gives up on flow nesting after 255 levels, where it stands.
    assert_problems(
        &report,
        &["backend/auth.yaml:1:256: (document): nesting deeper than 64 levels"],
    );

    let mut block = String::new();
    for depth in 0..100 {
        block.push_str(&format!("{}k:\n", "  ".repeat(depth)));
    }
    let dir = auth_project(&block);
    let report = refused(dir.path());
    assert_problems(&report, &["backend/auth.yaml:65:129: k.k.k."]);
    assert!(
        report.contains(": nesting deeper than 64 levels"),
        "{report}"
    );
}

#[test]
fn a_huge_file_is_refused_without_being_read() {
    let dir = project(&[("backend/auth.yaml", "")]);
    let path = dir.path().join("backend/auth.yaml");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let line = format!("# {}\n", "x".repeat(97));
    for _ in 0..1_000_000 {
        file.write_all(line.as_bytes()).unwrap();
    }
    file.flush().unwrap();
    drop(file);
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 100_000_000);

    // Not `refused`: snapshotting 100 MB twice proves nothing more than sizes and absence.
    let started = Instant::now();
    for cmd in ["validate", "build"] {
        let r = run(dir.path(), &[cmd]);
        assert_eq!(r.code, 2, "{cmd}: {}", r.stderr);
        assert_problems(
            &r.stderr,
            &["backend/auth.yaml:1:1: (document): the file is larger than 1024 KiB"],
        );
    }
    assert!(started.elapsed() < Duration::from_secs(10), "hang guard");
    assert!(!dir.path().join("build").exists());
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 100_000_000);
}

// ---------------------------------------------------------------------------------------------
// Document structure and bytes

#[test]
fn several_documents_are_refused() {
    let dir = auth_project("login: {}\n---\nlogin: { case_sensitive: true }\n");
    let report = refused(dir.path());
    assert_problems(
        &report,
        &["backend/auth.yaml:2:1: (document): this file holds several YAML documents"],
    );
    assert_help(
        &report,
        "backend/auth.yaml:2:1:",
        "remove the `---` separator",
    );
}

#[test]
fn custom_tags_are_refused() {
    let dir = project(&[
        ("cogform.yaml", "project: !Sub \"${AWS::StackName}\"\n"),
        (
            "backend/auth.yaml",
            "hosted_ui:\n  domain_prefix: !Ref DomainParam\n  callback_urls: !!binary aHR0cHM6Ly9ldmlsLmNvbQ==\n",
        ),
    ]);
    let report = refused(dir.path());
    assert_problems(
        &report,
        &[
            "backend/auth.yaml:2:18: hosted_ui.domain_prefix: YAML tags (such as `!Ref` or `!!str`) are not allowed",
            "backend/auth.yaml:3:18: hosted_ui.callback_urls: YAML tags (such as `!Ref` or `!!str`) are not allowed",
            "cogform.yaml:1:10: project: YAML tags (such as `!Ref` or `!!str`) are not allowed",
            "cogform.yaml:1:10: project: `${…}` substitution syntax is not allowed",
        ],
    );
}

#[test]
fn non_utf8_nul_and_bom_are_refused_with_positions() {
    let dir = project(&[("backend/auth.yaml", "")]);
    write(
        dir.path(),
        "backend/auth.yaml",
        b"login:\n  email: tru\xe9\n",
    );
    write(
        dir.path(),
        "cogform.yaml",
        b"project: test-app\nformat: ya\0ml\n",
    );
    let report = refused(dir.path());
    assert_problems(
        &report,
        &[
            "backend/auth.yaml:2:13: (document): the file is not valid UTF-8",
            "cogform.yaml:2:11: (document): the file contains a NUL character",
        ],
    );

    write(dir.path(), "backend/auth.yaml", b"\xEF\xBB\xBFlogin: {}\n");
    write(dir.path(), "cogform.yaml", b"project: test-app\n");
    let report = refused(dir.path());
    assert_problems(
        &report,
        &["backend/auth.yaml:1:1: (document): the file starts with a byte-order mark"],
    );
    assert_help(&report, "backend/auth.yaml:1:1:", "without BOM");
}

#[test]
fn empty_files_are_refused() {
    let dir = project(&[
        ("cogform.yaml", ""),
        ("backend/auth.yaml", "# nothing yet\n\n"),
    ]);
    let report = refused(dir.path());
    assert_problems(
        &report,
        &[
            "backend/auth.yaml:1:1: (document): the file is empty",
            "cogform.yaml:1:1: (document): the file is empty",
        ],
    );
    assert_help(
        &report,
        "cogform.yaml:1:1:",
        "write at least `project: NAME`",
    );
    assert_help(
        &report,
        "backend/auth.yaml:1:1:",
        "write `{}` to accept every default",
    );
}

// ---------------------------------------------------------------------------------------------
// Every problem in one run

#[test]
fn every_reading_problem_of_both_files_is_reported_in_one_run() {
    let secret = "s3cr3t-Value-0123";
    let dir = project(&[
        (
            "cogform.yaml",
            "project: test-app\nformat: 012\nenviroments:\n  dev: {}\n",
        ),
        (
            "backend/auth.yaml",
            &format!(
                "login:
  emial: true
password:
  min_length: 6
  min_length: 10
mfa:
  mode: on
providers:
  google:
    client_id: abc.apps.googleusercontent.com
    client_secret: {secret}
groups:
  - {{ name: admins, precedence: 1, description: \"{{{{resolve:ssm:/x}}}}\" }}
{HOSTED_UI}"
            ),
        ),
    ]);
    let report = refused(dir.path());
    assert_problems(
        &report,
        &[
            "backend/auth.yaml:2:3: login.emial: unknown field `emial`",
            "backend/auth.yaml:4:15: password.min_length: must be at least 8",
            "backend/auth.yaml:5:3: password.min_length: duplicate key `min_length` (first defined at line 4, column 3)",
            "backend/auth.yaml:7:9: mfa.mode: ambiguous value `on`",
            "backend/auth.yaml:11:20: providers.google.client_secret: plaintext secrets are refused (value not shown)",
            "backend/auth.yaml:13:49: groups[0].description: CloudFormation dynamic references",
            "cogform.yaml:2:9: format: ambiguous value: YAML 1.1 reads a leading zero as octal",
            "cogform.yaml:3:1: enviroments: unknown field `enviroments`",
        ],
    );
    assert_not_echoed(dir.path(), &[secret]);
}

#[test]
fn every_rule_problem_of_both_files_is_reported_in_one_run() {
    let dir = project(&[
        (
            "cogform.yaml",
            "project: test-app
environments:
  dev:
    callback_urls: [http://dev.example.com/cb]
  prod:
    domain_prefix: aws-prod
",
        ),
        (
            "backend/auth.yaml",
            &format!(
                "login:
  case_sensitive: true
mfa:
  methods: [sms]
groups:
  - name: admins
    precedence: 1
    policies:
      - actions: [\"s3:*\"]
        resources: [arn:aws:s3:::photos/*]
  - name: Admins
    precedence: 1
{HOSTED_UI}"
            ),
        ),
    ]);
    let report = refused(dir.path());
    assert_problems(
        &report,
        &[
            "backend/auth.yaml:2:19: login.case_sensitive: case-sensitive user names are refused",
            "backend/auth.yaml:4:13: mfa.methods[0]: SMS MFA needs the `phone_number` attribute",
            "backend/auth.yaml:9:19: groups[0].policies[0].actions[0]: `s3:*` allows every action of the service",
            "backend/auth.yaml:11:11: groups[1].name: group name collides with groups[0]",
            "backend/auth.yaml:12:17: groups[1].precedence: precedence 1 is also used by groups[0]",
            "cogform.yaml:4:21: environments.dev.callback_urls[0]: URL uses http",
            "cogform.yaml:6:20: environments.prod.domain_prefix: Cognito refuses domain prefixes containing `aws`",
        ],
    );
}
