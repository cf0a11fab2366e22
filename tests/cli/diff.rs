//! `cogform diff` / `check` change safety: each dangerous change is classified as CloudFormation
//! and Cognito would treat it, stateful losses exit 3, harmless changes exit 0.

use std::path::Path;

use crate::support::{copy_example, git, replace_in, run, write};

/// The example's committed templates become the base; then `edit` changes the config.
fn diff_after(
    example: &str,
    edit: impl FnOnce(&Path),
    extra: &[&str],
) -> (tempfile::TempDir, crate::support::Run) {
    let dir = copy_example(example);
    let base = dir.path().join("base");
    std::fs::rename(dir.path().join("build"), &base).unwrap();
    edit(dir.path());
    let mut args = vec!["diff", "--base-dir", "base"];
    args.extend_from_slice(extra);
    let r = run(dir.path(), &args);
    (dir, r)
}

fn assert_line(r: &crate::support::Run, line: &str) {
    assert!(
        r.stdout.lines().any(|l| l.trim_end() == line),
        "missing line {line:?} in:\n{}\n{}",
        r.stdout,
        r.stderr
    );
}

#[test]
fn sign_in_attributes_are_rejected_by_cognito() {
    let (_d, r) = diff_after(
        "minimal",
        |root| replace_in(root, "backend/auth.yaml", "phone: false", "phone: true"),
        &[],
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert_line(
        &r,
        "  ! UserPool (AWS::Cognito::UserPool): rejected by the service",
    );
    assert!(
        r.stdout
            .contains("! UsernameAttributes: [\"email\"] → [\"email\",\"phone_number\"]"),
        "{}",
        r.stdout
    );
    assert!(r.stderr.contains("error: UserPool (AWS::Cognito::UserPool) in build/dev.template.yaml: the service refuses this change in place, so the deploy would fail; applying it needs a new user pool, which loses every user account, password, MFA enrolment and group membership\n"), "{}", r.stderr);
    assert!(
        r.stderr.contains("triggers.user_migration"),
        "the migration path is named"
    );
}

#[test]
fn alias_attributes_are_rejected() {
    let (_d, r) = diff_after(
        "minimal",
        |root| {
            replace_in(
                root,
                "backend/auth.yaml",
                "username: false",
                "username: true",
            )
        },
        &[],
    );
    assert_eq!(r.code, 3);
    assert!(
        r.stdout.contains("! AliasAttributes: (none) → [\"email\"]"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_required_attribute_added_is_rejected_an_optional_one_is_not() {
    let (_d, r) = diff_after(
        "minimal",
        |root| {
            replace_in(
                root,
                "backend/auth.yaml",
                "groups: []",
                "groups: []\nattributes:\n  birthdate: { required: true }",
            )
        },
        &[],
    );
    assert_eq!(r.code, 3);
    assert!(
        r.stdout.contains("! Schema[birthdate]: (none) → "),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("required attributes can only be chosen when the pool is created"),
        "{}",
        r.stdout
    );
    let (_d, r) = diff_after(
        "minimal",
        |root| {
            replace_in(
                root,
                "backend/auth.yaml",
                "groups: []",
                "groups: []\nattributes:\n  custom:\n    plan: { type: string }",
            )
        },
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("~ Schema[plan]: (none) → "),
        "{}",
        r.stdout
    );
}

#[test]
fn custom_attribute_type_changed_or_removed_is_rejected() {
    let (_d, r) = diff_after(
        "social",
        |root| {
            replace_in(
                root,
                "backend/auth.yaml",
                "is_beta_user: { type: boolean",
                "is_beta_user: { type: string",
            )
        },
        &[],
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stdout.contains("! Schema[is_beta_user]:"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("Cognito cannot change an existing attribute's type"),
        "{}",
        r.stdout
    );
    let (_d, r) = diff_after(
        "social",
        |root| {
            replace_in(
                root,
                "backend/auth.yaml",
                "    is_beta_user: { type: boolean, mutable: true }\n",
                "",
            )
        },
        &[],
    );
    assert_eq!(r.code, 3);
    assert!(
        r.stdout.contains("! Schema[is_beta_user]: {"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("Cognito cannot remove an attribute"),
        "{}",
        r.stdout
    );
}

#[test]
fn case_sensitivity_change_is_rejected() {
    // cogform never renders case-sensitive pools; a base that had one (made elsewhere) must
    // still be caught.
    let (_d, r) = diff_after(
        "minimal",
        |root| {
            replace_in(
                root,
                "base/dev.template.yaml",
                "CaseSensitive: false",
                "CaseSensitive: true",
            )
        },
        &[],
    );
    assert_eq!(r.code, 3);
    assert!(
        r.stdout
            .contains("! UsernameConfiguration.CaseSensitive: true → false"),
        "{}",
        r.stdout
    );
}

#[test]
fn domain_prefix_change_replaces_the_domain_unless_acknowledged() {
    let edit = |root: &Path| {
        replace_in(
            root,
            "backend/auth.yaml",
            "domain_prefix: photoshare\n",
            "domain_prefix: photoshare2\n",
        )
    };
    let (_d, r) = diff_after("social", edit, &[]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert_line(
        &r,
        "  -/+ UserPoolDomain (AWS::Cognito::UserPoolDomain): replace",
    );
    assert!(r.stderr.contains("error: UserPoolDomain (AWS::Cognito::UserPoolDomain) in build/dev.template.yaml would be replaced"), "{}", r.stderr);
    assert!(r.stderr.contains("help: keep the old value; if the replacement is intended, re-run with --allow-replace UserPoolDomain"));
    let (_d, r) = diff_after("social", edit, &["--allow-replace", "UserPoolDomain"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn renamed_group_and_toggled_client_secret_are_replacements_without_data_loss() {
    let (_d, r) = diff_after(
        "social",
        |root| replace_in(root, "backend/auth.yaml", "name: EDITORS", "name: CURATORS"),
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_line(&r, "  - GroupEDITORS (AWS::Cognito::UserPoolGroup): remove");
    assert_line(&r, "  + GroupCURATORS (AWS::Cognito::UserPoolGroup): add");
    let (_d, r) = diff_after(
        "social",
        |root| {
            replace_in(
                root,
                "backend/auth.yaml",
                "{ name: web,",
                "{ name: web, kind: server,",
            )
        },
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_line(
        &r,
        "  -/+ UserPoolClientWeb (AWS::Cognito::UserPoolClient): replace",
    );
    assert!(
        r.stdout.contains("`GenerateSecret` is create-only"),
        "{}",
        r.stdout
    );
}

#[test]
fn bucket_name_change_and_bucket_removal_are_blocked() {
    let (_d, r) = diff_after(
        "photo-sharing",
        |root| replace_in(root, "cogform.yaml", "project: photos", "project: pictures"),
        &[],
    );
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("error: StorageMediaBucket (AWS::S3::Bucket) in build/dev.template.yaml would be replaced by a new bucket; replacing it loses every object in the bucket (the old bucket is retained in the account, but the app no longer uses it)\n"), "{}", r.stderr);
    let (_d, r) = diff_after(
        "photo-sharing",
        |root| {
            std::fs::rename(
                root.join("backend/storage/media.yaml"),
                root.join("backend/storage/files.yaml"),
            )
            .unwrap()
        },
        &[],
    );
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("StorageMediaBucket (AWS::S3::Bucket) in build/dev.template.yaml would be removed from the stack"), "{}", r.stderr);
}

#[test]
fn harmless_changes_are_in_place_and_exit_0() {
    let (_d, r) = diff_after(
        "social",
        |root| {
            replace_in(
                root,
                "backend/auth.yaml",
                "min_length: 12",
                "min_length: 14",
            );
            replace_in(
                root,
                "backend/auth.yaml",
                "https://mywebsite.com/profile",
                "https://mywebsite.com/account",
            );
            replace_in(
                root,
                "backend/auth.yaml",
                "mode: optional",
                "mode: required",
            );
            replace_in(
                root,
                "backend/auth.yaml",
                "groups:\n",
                "groups:\n  - { name: VIEWERS, precedence: 5 }\n",
            );
        },
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_line(&r, "  ~ UserPool (AWS::Cognito::UserPool): change in place");
    assert_line(&r, "  + GroupVIEWERS (AWS::Cognito::UserPoolGroup): add");
    assert!(
        r.stdout
            .contains("~ Policies.PasswordPolicy.MinimumLength: 12 → 14"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "Plan: 4 to add, 3 to change in place, 0 to replace, 0 rejected, 0 to remove"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn json_output_for_bots() {
    let (_d, r) = diff_after(
        "minimal",
        |root| replace_in(root, "backend/auth.yaml", "phone: false", "phone: true"),
        &["--format", "json"],
    );
    assert_eq!(r.code, 3);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    insta::assert_snapshot!(
        "diff_sign_in_change",
        serde_json::to_string_pretty(&v).unwrap()
    );
}

#[test]
fn check_guards_against_the_committed_base_in_git() {
    let dir = copy_example("minimal");
    let root = dir.path();
    let git = |args: &[&str]| git(root, args);
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-qm", "base"]);
    assert_eq!(run(root, &["check"]).code, 0);
    // Rebuilt after a dangerous change: build/ is fresh, but against HEAD it loses every user.
    replace_in(root, "backend/auth.yaml", "phone: false", "phone: true");
    assert_eq!(run(root, &["build"]).code, 0);
    let r = run(root, &["check"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("the service refuses this change in place"),
        "{}",
        r.stderr
    );
    // Stale and dangerous: 3 wins over 1, and both are reported.
    write(
        root,
        "backend/auth.yaml",
        std::fs::read_to_string(root.join("backend/auth.yaml"))
            .unwrap()
            .replace("min_length: 12", "min_length: 13"),
    );
    let r = run(root, &["check"]);
    assert_eq!(r.code, 3);
    assert!(
        r.stderr.contains("stale: build/dev.template.yaml"),
        "{}",
        r.stderr
    );
    // Outside git, with no base, the guard says so and drift decides.
    std::fs::remove_dir_all(root.join(".git")).unwrap();
    let r = run(root, &["check"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("note: no change-safety check"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_new_passkey_relying_party_loses_every_registered_passkey_unless_acknowledged() {
    // Production's custom domain already is its relying party (Cognito requires it); naming
    // it for every environment moves development's passkeys off the hosted UI's domain.
    let point_elsewhere = |root: &Path| {
        replace_in(
            root,
            "backend/auth.yaml",
            "passkeys: {}",
            "passkeys: { relying_party: auth.shop.example.com }",
        )
    };
    let (_d, r) = diff_after("passwordless", point_elsewhere, &[]);
    assert_eq!(r.code, 3, "{}\n{}", r.stdout, r.stderr);
    assert_line(
        &r,
        "  ~! UserPool (AWS::Cognito::UserPool): change in place, losing data",
    );
    assert!(
        r.stdout.contains("~! WebAuthnRelyingPartyID: {\"Fn::Sub\":\"shop-passkeys-dev.auth.${AWS::Region}.amazoncogn… → \"auth.shop.example.com\""),
        "{}",
        r.stdout
    );
    assert!(r.stderr.contains("error: UserPool (AWS::Cognito::UserPool) in build/dev.template.yaml: `WebAuthnRelyingPartyID` changes in place, and users lose every registered passkey (each is bound to its relying party"), "{}", r.stderr);
    let (_d, r) = diff_after(
        "passwordless",
        point_elsewhere,
        &["--allow-replace", "UserPool"],
    );
    assert_eq!(r.code, 0, "acknowledged: {}", r.stderr);

    // Turning passkeys off loses them too; other passwordless changes do not.
    let (_d, r) = diff_after(
        "passwordless",
        |root| {
            replace_in(
                root,
                "backend/auth.yaml",
                "  passkeys: {}            # bound to the hosted UI's domain; the device must verify the user\n  preferred: passkey\n",
                "",
            )
        },
        &[],
    );
    assert_eq!(r.code, 3, "{}\n{}", r.stdout, r.stderr);
    let (_d, r) = diff_after(
        "passwordless",
        |root| {
            replace_in(
                root,
                "backend/auth.yaml",
                "email_otp: true",
                "email_otp: false",
            )
        },
        &[],
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
}
