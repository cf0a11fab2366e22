//! `cogform import --from-describe`, the adoption plan and `diff --against-describe`: what a
//! team with live resources gets, and every refusal (exit 2, nothing written).

use std::path::Path;

use serde_json::Value;
use tempfile::TempDir;

use crate::support::{copy_tree, repo, run, snapshot_tree};

const SECRET: &str = "FIXTURE-PLAINTEXT-SECRET-42";

fn fixture() -> std::path::PathBuf {
    repo().join("tests/fixtures/describe/hosted-ui")
}

/// A copy of the hosted-ui describe folder, changed by `edit` (path, JSON pointer, value).
fn described(edits: &[(&str, &str, Value)]) -> TempDir {
    let dir = copy_tree(&fixture());
    for (file, pointer, value) in edits {
        let path = dir.path().join(file);
        let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        *v.pointer_mut(pointer).unwrap() = value.clone();
        std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    }
    dir
}

/// The files below `dir`, by relative path.
fn files_under(dir: &Path) -> Vec<String> {
    snapshot_tree(dir)
        .into_iter()
        .map(|(path, _)| path)
        .collect()
}

/// `cogform -C <target> import --from-describe <source> <more…>`, run in `cwd`.
fn import_from(cwd: &Path, target: &str, source: &Path, more: &[&str]) -> crate::support::Run {
    let mut args = vec![
        "-C",
        target,
        "import",
        "--from-describe",
        source.to_str().unwrap(),
    ];
    args.extend(more);
    run(cwd, &args)
}

/// `cogform -C <project> diff --against-describe <live> <more…>`, run in `cwd`.
fn diff_against(cwd: &Path, project: &str, live: &Path, more: &[&str]) -> crate::support::Run {
    let mut args = vec![
        "-C",
        project,
        "diff",
        "--against-describe",
        live.to_str().unwrap(),
    ];
    args.extend(more);
    run(cwd, &args)
}

fn import(describe: &Path) -> (TempDir, crate::support::Run) {
    let out = TempDir::new().unwrap();
    let dir = out.path().to_str().unwrap().to_string();
    let r = import_from(
        out.path(),
        &dir,
        describe,
        &["--env", "dev", "--plan", "dev"],
    );
    (out, r)
}

#[test]
fn live_resources_become_a_project_that_adopts_them_and_renders_them_as_they_are() {
    let (out, r) = import(&fixture());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        files_under(out.path()),
        [
            "backend/auth.yaml",
            "backend/storage/storage.yaml",
            "build/adopt/dev/RUNBOOK.md",
            "build/adopt/dev/import.template.yaml",
            "build/adopt/dev/resources-to-import.json",
            "cogform.yaml",
        ]
    );
    let project = std::fs::read_to_string(out.path().join("cogform.yaml")).unwrap();
    for adopted in [
        "user_pool: photoshare1a2b3c4d_userpool_1a2b3c4d-dev",
        "identity_pool: photoshare1a2b3c4d_identitypool_1a2b3c4d__dev",
        "domain: photoshare1a2b3c4d-1a2b3c4d-dev",
        "buckets: { storage: photoshare-storage-1a2b3c-dev }",
    ] {
        assert!(project.contains(adopted), "{adopted} in\n{project}");
    }
    // The provider's secret is a reference, reported as a risk, and never copied or printed.
    let auth = std::fs::read_to_string(out.path().join("backend/auth.yaml")).unwrap();
    assert!(
        auth.contains("client_secret: { secret: photoshare1a2b3c4d/google, key: client_secret }"),
        "{auth}"
    );
    assert!(
        r.stderr.contains("warning: risk:") && r.stderr.contains("Google.json"),
        "{}",
        r.stderr
    );
    for text in [&r.stdout, &r.stderr] {
        assert!(!text.contains(SECRET));
    }
    for f in files_under(out.path()) {
        assert!(
            !std::fs::read_to_string(out.path().join(&f))
                .unwrap()
                .contains(SECRET),
            "{f}"
        );
    }
    // Every adopted resource is named with its live identifier, and nothing else is.
    let list: Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("build/adopt/dev/resources-to-import.json"))
            .unwrap(),
    )
    .unwrap();
    let got: Vec<(String, String, String)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["ResourceType"].as_str().unwrap().to_string(),
                r["LogicalResourceId"].as_str().unwrap().to_string(),
                r["ResourceIdentifier"].to_string(),
            )
        })
        .collect();
    let pool = r#""UserPoolId":"us-east-1_AbCdEf123""#;
    let expected = [
        ("AWS::Cognito::UserPool", "UserPool", format!("{{{pool}}}")),
        (
            "AWS::Cognito::UserPoolClient",
            "UserPoolClientPhotoshare1a2b3c4dAppClient",
            format!(r#"{{"ClientId":"2example23456789nat",{pool}}}"#),
        ),
        (
            "AWS::Cognito::UserPoolClient",
            "UserPoolClientPhotoshare1a2b3c4dAppClientWeb",
            format!(r#"{{"ClientId":"1example23456789web",{pool}}}"#),
        ),
        (
            "AWS::Cognito::UserPoolGroup",
            "GroupAdmins",
            format!(r#"{{"GroupName":"Admins",{pool}}}"#),
        ),
        (
            "AWS::Cognito::UserPoolGroup",
            "GroupEditors",
            format!(r#"{{"GroupName":"Editors",{pool}}}"#),
        ),
        (
            "AWS::Cognito::UserPoolDomain",
            "UserPoolDomain",
            format!(r#"{{"Domain":"photoshare1a2b3c4d-1a2b3c4d-dev",{pool}}}"#),
        ),
        (
            "AWS::Cognito::UserPoolIdentityProvider",
            "IdentityProviderGoogle",
            format!(r#"{{"ProviderName":"Google",{pool}}}"#),
        ),
        (
            "AWS::Cognito::IdentityPool",
            "IdentityPool",
            r#"{"Id":"us-east-1:11111111-2222-3333-4444-555555555555"}"#.to_string(),
        ),
        (
            "AWS::S3::Bucket",
            "StorageStorageBucket",
            r#"{"BucketName":"photoshare-storage-1a2b3c-dev"}"#.to_string(),
        ),
    ];
    let mut got_sorted = got.clone();
    got_sorted.sort();
    let mut want: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.clone()))
        .collect();
    want.sort();
    assert_eq!(got_sorted, want);
    // The import change set's template holds exactly those resources, each retained.
    let import: Value = cogform::load::yaml::parse_generated(
        &std::fs::read_to_string(out.path().join("build/adopt/dev/import.template.yaml")).unwrap(),
    )
    .unwrap()
    .value;
    let ids: Vec<&String> = import["Resources"].as_object().unwrap().keys().collect();
    assert_eq!(ids.len(), want.len());
    for (_, id, _) in &want {
        assert_eq!(import["Resources"][id]["DeletionPolicy"], "Retain", "{id}");
    }
    // Built, the template differs from the live resources only in place (cogform's hardening).
    let dir = out.path().to_str().unwrap();
    assert_eq!(run(out.path(), &["-C", dir, "build"]).code, 0);
    let d = diff_against(out.path(), dir, &fixture(), &["--format", "json"]);
    assert_eq!(d.code, 0, "{}", d.stderr);
    let plan: Value = serde_json::from_str(&d.stdout).unwrap();
    assert_eq!(plan["summary"]["replace"], 0);
    assert_eq!(plan["summary"]["rejected"], 0);
    assert_eq!(plan["summary"]["remove"], 0);
    let changed: Vec<String> = plan["files"][0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| {
            let id = c["id"].as_str().unwrap().to_string();
            c["properties"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |p| format!("{id}.{}", p["path"].as_str().unwrap()))
        })
        .collect();
    // Settings the import carries over are never among them.
    for carried in [
        "UserPool.UserPoolName",
        "UserPool.UsernameAttributes",
        "UserPool.Schema",
        "UserPool.Policies",
        "UserPool.UsernameConfiguration.CaseSensitive",
        "UserPoolDomain.Domain",
        "IdentityPool.IdentityPoolName",
        "IdentityPool.AllowUnauthenticatedIdentities",
        "StorageStorageBucket.BucketName",
    ] {
        assert!(
            !changed.iter().any(|c| c.starts_with(carried)),
            "{carried} in {changed:?}"
        );
    }
    assert!(
        changed.contains(&"UserPool.DeletionProtection".to_string()),
        "{changed:?}"
    );
    // The runbook checks before anything is retired, and imports before it deploys.
    let runbook = std::fs::read_to_string(out.path().join("build/adopt/dev/RUNBOOK.md")).unwrap();
    let order: Vec<usize> = [
        "1. **Check first.**",
        "2. **Make the old stack retain what is adopted.**",
        "3. **Retire the old stack.**",
        "4. **Import.**",
        "5. **Check again.**",
        "6. **Deploy the full template.**",
    ]
    .iter()
    .map(|step| {
        runbook
            .find(step)
            .unwrap_or_else(|| panic!("{step} in {runbook}"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{runbook}");
}

#[test]
fn a_case_sensitive_pool_is_adopted_as_it_is_and_never_flipped() {
    let live = described(&[(
        "user-pool.json",
        "/UserPool/UsernameConfiguration/CaseSensitive",
        Value::Bool(true),
    )]);
    let (out, r) = import(live.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let dir = out.path().to_str().unwrap();
    let auth = std::fs::read_to_string(out.path().join("backend/auth.yaml")).unwrap();
    assert!(auth.contains("case_sensitive: true"), "{auth}");
    assert_eq!(run(out.path(), &["-C", dir, "build"]).code, 0);
    let template = std::fs::read_to_string(out.path().join("build/dev.template.yaml")).unwrap();
    assert!(template.contains("CaseSensitive: true"));
    let same = diff_against(out.path(), dir, live.path(), &[]);
    assert_eq!(same.code, 0, "{}", same.stderr);
    // Against a pool that is case-insensitive, the change would be rejected: exit 3.
    let other = diff_against(out.path(), dir, &fixture(), &[]);
    assert_eq!(other.code, 3, "{}", other.stderr);
    assert!(
        other.stdout.contains("UsernameConfiguration.CaseSensitive"),
        "{}",
        other.stdout
    );
    // Without `adopt`, the same key is refused: new pools are case-insensitive.
    let project = std::fs::read_to_string(out.path().join("cogform.yaml")).unwrap();
    let kept: String = project
        .lines()
        .take_while(|l| !l.contains("adopt:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(
        out.path().join("cogform.yaml"),
        kept.replace("  dev:\n", "  dev: {}\n"),
    )
    .unwrap();
    let v = run(out.path(), &["-C", dir, "validate"]);
    assert_eq!(v.code, 2, "{}", v.stderr);
    assert!(
        v.stderr
            .contains("case-sensitive user names are refused for a new user pool"),
        "{}",
        v.stderr
    );
}

#[test]
fn a_replacing_change_on_an_adopted_resource_is_exit_3() {
    let (out, r) = import(&fixture());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let dir = out.path().to_str().unwrap();
    // The live domain is another one: the template's would replace it.
    let live = described(&[(
        "domain.json",
        "/DomainDescription/Domain",
        Value::String("other-domain".into()),
    )]);
    let d = diff_against(out.path(), dir, live.path(), &[]);
    assert_eq!(d.code, 3, "{}", d.stderr);
    assert!(
        d.stdout.contains("UserPoolDomain") && d.stdout.contains("replace"),
        "{}",
        d.stdout
    );
}

#[test]
fn bad_describe_folders_are_refused_and_nothing_is_written() {
    let missing_pool = described(&[]);
    std::fs::remove_file(missing_pool.path().join("user-pool.json")).unwrap();
    let bad_json = described(&[]);
    std::fs::write(
        bad_json.path().join("groups.json"),
        "{\n  \"Groups\": [\n    {,\n  ]\n}\n",
    )
    .unwrap();
    let wrong_shape = described(&[]);
    std::fs::write(
        wrong_shape.path().join("identity-pool.json"),
        "{\"Roles\": {}}\n",
    )
    .unwrap();
    for (dir, expected) in [
        (
            missing_pool.path(),
            "user-pool.json: missing: save `aws cognito-idp describe-user-pool",
        ),
        (bad_json.path(), "groups.json:3:6: not valid JSON"),
        (
            wrong_shape.path(),
            "identity-pool.json: has no `IdentityPoolName`",
        ),
    ] {
        let (out, r) = import(dir);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains(expected), "{expected} in {}", r.stderr);
        assert!(r.stderr.contains("nothing written"), "{}", r.stderr);
        assert!(
            files_under(out.path()).is_empty(),
            "{:?}",
            files_under(out.path())
        );
    }
}

#[test]
fn a_failed_import_into_a_new_folder_leaves_no_folder() {
    let parent = TempDir::new().unwrap();
    let target = parent.path().join("new-project");
    let bad = described(&[]);
    std::fs::write(bad.path().join("groups.json"), "{").unwrap();
    for source in [
        bad.path().to_path_buf(),
        parent.path().join("no-such-folder"),
    ] {
        let r = import_from(parent.path(), target.to_str().unwrap(), &source, &[]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(!target.exists(), "{}", r.stderr);
    }
    let r = import_from(
        parent.path(),
        target.to_str().unwrap(),
        &parent.path().join("no-such-folder"),
        &[],
    );
    assert!(
        r.stderr.contains("no-such-folder: is not a folder"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_import_never_overwrites_a_project_and_needs_a_source() {
    let (out, r) = import(&fixture());
    assert_eq!(r.code, 0);
    let dir = out.path().to_str().unwrap();
    let before = std::fs::read_to_string(out.path().join("backend/auth.yaml")).unwrap();
    let again = import_from(out.path(), dir, &fixture(), &[]);
    assert_eq!(again.code, 2);
    assert!(
        again
            .stderr
            .contains("already exists: an import starts a new project, nothing was written"),
        "{}",
        again.stderr
    );
    assert_eq!(
        std::fs::read_to_string(out.path().join("backend/auth.yaml")).unwrap(),
        before
    );
    // With --plan, the existing project is kept and only the plan is (re)written.
    std::fs::remove_dir_all(out.path().join("build/adopt")).unwrap();
    let plan = import_from(out.path(), dir, &fixture(), &["--plan", "dev"]);
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    assert!(
        out.path()
            .join("build/adopt/dev/resources-to-import.json")
            .is_file()
    );
    assert_eq!(
        std::fs::read_to_string(out.path().join("backend/auth.yaml")).unwrap(),
        before
    );
    // `check` and `build` leave the plan alone.
    assert_eq!(run(out.path(), &["-C", dir, "build"]).code, 0);
    assert!(out.path().join("build/adopt/dev/RUNBOOK.md").is_file());
    // A new project inside this one is refused, as `init` refuses it.
    std::fs::create_dir_all(out.path().join("nested")).unwrap();
    let nested = import_from(out.path(), "nested", &fixture(), &[]);
    assert_eq!(nested.code, 2, "{}", nested.stderr);
    assert!(
        nested.stderr.contains("a project cannot hold another"),
        "{}",
        nested.stderr
    );
    assert!(files_under(&out.path().join("nested")).is_empty());
    // No source: a usage error.
    let empty = TempDir::new().unwrap();
    let none = run(empty.path(), &["import"]);
    assert_eq!(none.code, 2);
    assert!(
        none.stderr.contains("name what to import"),
        "{}",
        none.stderr
    );
    assert!(files_under(empty.path()).is_empty());
}

#[test]
fn a_plan_for_an_environment_without_live_ids_is_refused() {
    let (out, r) = import(&fixture());
    assert_eq!(r.code, 0);
    let dir = out.path().to_str().unwrap();
    let p = import_from(out.path(), dir, &fixture(), &["--plan", "prod"]);
    assert_eq!(p.code, 2, "{}", p.stderr);
    assert!(
        p.stderr.contains(
            "the source holds no ids of the live resources of `prod` (it describes: dev)"
        ),
        "{}",
        p.stderr
    );
    // Described as prod, the refusal names the lines to add.
    let p = import_from(
        out.path(),
        dir,
        &fixture(),
        &["--env", "prod", "--plan", "prod"],
    );
    assert_eq!(p.code, 2, "{}", p.stderr);
    assert!(
        p.stderr
            .contains("`prod` is not an environment of this project"),
        "{}",
        p.stderr
    );
    assert!(
        p.stderr.contains(
            "    prod:\n      adopt: { user_pool: photoshare1a2b3c4d_userpool_1a2b3c4d-dev,"
        ),
        "{}",
        p.stderr
    );
    assert!(!out.path().join("build/adopt/prod").exists());
}

/// The capture made on moto by e2e/adopt.py (resources created by API as Amplify Gen 1 has
/// them): imported offline, it builds, adopts all nine resources and differs only in place.
#[test]
fn the_capture_made_on_the_emulator_imports_and_differs_only_in_place() {
    let capture = repo().join("tests/fixtures/describe/amplify-like");
    let (out, r) = import(&capture);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("E2E-PLAINTEXT-GOOGLE-SECRET"));
    let dir = out.path().to_str().unwrap();
    assert_eq!(run(out.path(), &["-C", dir, "build"]).code, 0);
    let list: Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("build/adopt/dev/resources-to-import.json"))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 9, "{list}");
    let d = diff_against(out.path(), dir, &capture, &["--format", "json"]);
    assert_eq!(d.code, 0, "{}", d.stderr);
    let plan: Value = serde_json::from_str(&d.stdout).unwrap();
    let summary = &plan["summary"];
    assert_eq!(
        (
            summary["add"].as_u64(),
            summary["replace"].as_u64(),
            summary["rejected"].as_u64(),
            summary["remove"].as_u64()
        ),
        (Some(0), Some(0), Some(0), Some(0)),
        "{plan}"
    );
    // The pool's own verification texts, which the template cannot keep without SES, show.
    assert!(
        d.stdout.contains("\"path\": \"VerificationMessageTemplate"),
        "{}",
        d.stdout
    );
    assert!(
        r.stderr
            .contains("UserPool.VerificationMessageTemplate.EmailMessage"),
        "{}",
        r.stderr
    );
}

// ---- `cogform import amplify` (Gen 1 project folders written from the CLI's schemas) ----

const AMPLIFY_FIXTURES: [&str; 4] = [
    "email-groups",
    "rest-api",
    "storage-access",
    "username-social",
];

fn amplify_fixture(name: &str) -> std::path::PathBuf {
    repo().join("tests/fixtures/amplify").join(name)
}

fn import_amplify(source: &Path, plan: bool) -> (TempDir, crate::support::Run) {
    let out = TempDir::new().unwrap();
    let dir = out.path().to_str().unwrap().to_string();
    let mut args = vec![
        "-C",
        dir.as_str(),
        "import",
        "amplify",
        source.to_str().unwrap(),
    ];
    if plan {
        args.extend(["--plan", "dev"]);
    }
    let r = run(out.path(), &args);
    (out, r)
}

#[test]
fn every_gen1_fixture_imports_builds_and_leaves_the_amplify_folder_as_it_was() {
    for name in AMPLIFY_FIXTURES {
        let source = amplify_fixture(name);
        let before = snapshot_tree(&source);
        let (out, r) = import_amplify(&source, true);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        assert_eq!(
            snapshot_tree(&source),
            before,
            "{name}: the Amplify folder changed"
        );
        let written = files_under(out.path());
        for expected in [
            "cogform.yaml",
            "backend/auth.yaml",
            "build/adopt/dev/RUNBOOK.md",
            "build/adopt/dev/resources-to-import.json",
            "build/adopt/dev/import.template.yaml",
        ] {
            assert!(
                written.contains(&expected.to_string()),
                "{name}: {expected} in {written:?}"
            );
        }
        assert!(
            written
                .iter()
                .any(|f| f.starts_with("build/adopt/dev/amplify-retain/auth-")),
            "{name}: {written:?}"
        );
        let dir = out.path().to_str().unwrap();
        let b = run(out.path(), &["-C", dir, "build"]);
        assert_eq!(b.code, 0, "{name}: {}", b.stderr);
        let runbook =
            std::fs::read_to_string(out.path().join("build/adopt/dev/RUNBOOK.md")).unwrap();
        assert!(
            runbook.contains("amplify-retain/auth-"),
            "{name}: {runbook}"
        );
        assert!(
            runbook.contains(&format!("`amplify-{}", name.replace('-', ""))),
            "{name}: the old stack is named: {runbook}"
        );
    }
}

#[test]
fn a_gen1_secret_is_a_risk_never_copied_and_override_ts_is_reported_not_run() {
    let (out, r) = import_amplify(&amplify_fixture("username-social"), true);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("warning: risk:") && r.stderr.contains("team-provider-info.json"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("warning: code not run:") && r.stderr.contains("override.ts"),
        "{}",
        r.stderr
    );
    for secret in [
        "FAKE-fb-dev-secret-7f3e1d",
        "FAKE-google-dev-secret-9c2b4a",
        "FAKE-fb-prod-secret-5a6b7c",
    ] {
        assert!(
            !r.stdout.contains(secret) && !r.stderr.contains(secret),
            "{secret} printed"
        );
        for f in files_under(out.path()) {
            let text = std::fs::read_to_string(out.path().join(&f)).unwrap();
            assert!(!text.contains(secret), "{secret} in {f}");
        }
    }
    let auth = std::fs::read_to_string(out.path().join("backend/auth.yaml")).unwrap();
    assert!(auth.contains("case_sensitive: true"), "{auth}");
    assert!(auth.contains("client_secret: { secret:"), "{auth}");
}

#[test]
fn bad_gen1_projects_are_refused_naming_the_file_and_nothing_is_written() {
    let copy = |name: &str| copy_tree(&amplify_fixture(name));
    let cli_inputs = "amplify/backend/auth/emailgroups1a2b3c4d/cli-inputs.json";
    let unknown_version = copy("email-groups");
    let path = unknown_version.path().join(cli_inputs);
    let text = std::fs::read_to_string(&path).unwrap().replacen(
        "\"version\": \"1\"",
        "\"version\": \"7\"",
        1,
    );
    std::fs::write(&path, text).unwrap();
    let no_team_file = copy("email-groups");
    std::fs::remove_file(no_team_file.path().join("amplify/team-provider-info.json")).unwrap();
    let broken_json = copy("email-groups");
    std::fs::write(
        broken_json.path().join(cli_inputs),
        "{\n  \"version\": \"1\",\n  \"cognitoConfig\": {\n",
    )
    .unwrap();
    let not_amplify = TempDir::new().unwrap();
    for (dir, expected) in [
        (unknown_version.path(), "cli-inputs.json: `version`"),
        (no_team_file.path(), "team-provider-info.json"),
        (broken_json.path(), "cli-inputs.json:4:1: not valid JSON"),
        (
            not_amplify.path(),
            "amplify: missing: this is not an Amplify CLI project folder",
        ),
    ] {
        let (out, r) = import_amplify(dir, true);
        assert_eq!(r.code, 2, "{expected}: {}", r.stderr);
        assert!(r.stderr.contains(expected), "{expected} in {}", r.stderr);
        assert!(r.stderr.contains("nothing written"), "{}", r.stderr);
        assert!(
            files_under(out.path()).is_empty(),
            "{expected}: {:?}",
            files_under(out.path())
        );
    }
}
