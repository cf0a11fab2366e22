//! Data loss is visible at every step: `build` warns before the change is committed, `check`
//! ends on the outcome that decided its exit code, `diff` works before the first commit, and
//! every loss message (diff, check, build, update, remove) is pinned word for word.

use std::path::Path;

use crate::support::{copy_example, git, replace_in, run};

/// A copy of `example` committed as the first commit of a fresh repository.
fn committed(example: &str) -> tempfile::TempDir {
    let dir = copy_example(example);
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "base"]);
    dir
}

fn last_line(text: &str) -> &str {
    text.lines().last().unwrap_or_default()
}

const PHONE_WARNING: &str = "\
WARNING: THIS CHANGE LOSES DATA
  UserPool (AWS::Cognito::UserPool) in build/dev.template.yaml cannot be changed in place (the service rejects it):
    ! Schema[phone_number]: required attributes can only be chosen when the pool is created
    ! UsernameAttributes: Cognito cannot change which attributes are user names after the pool is created; the update fails
    the deploy would fail; applying it needs a NEW user pool, which loses every user account, password, MFA enrolment and group membership
";

const PHONE_ERROR: &str = "\
error: UserPool (AWS::Cognito::UserPool) in build/dev.template.yaml: the service refuses this change in place, so the deploy would fail; applying it needs a new user pool, which loses every user account, password, MFA enrolment and group membership
  help: keep the old setting; or create a new user pool (a new environment or project) and move users with a `triggers.user_migration` Lambda, then retire the old pool
";

const MINIMAL_BUILT: &str =
    "build: 1 template in build/, 4 editor schemas in .cogform/schemas/; 1 file changed\n";

#[test]
fn build_warns_before_a_loss_is_committed() {
    let dir = committed("minimal");
    let root = dir.path();
    replace_in(root, "backend/auth.yaml", "phone: false", "phone: true");
    let r = run(root, &["build"]);
    assert_eq!(r.code, 0, "a warning, not a failure: {}", r.stderr);
    let warning = format!(
        "{PHONE_WARNING}warning: compared with the build/ committed at HEAD, deploying this loses users or objects; `cogform check` will fail (exit 3)\n  help: restore the old setting and run `cogform build` again; `cogform diff` shows every change and how to go ahead if the loss is intended\n"
    );
    assert_eq!(
        r.stderr,
        format!("updated build/dev.template.yaml\n{warning}{MINIMAL_BUILT}")
    );
    // Built already, nothing left to write: the loss against HEAD is still shown.
    let r = run(root, &["build"]);
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stderr,
        format!(
            "{warning}build: 1 template in build/, 4 editor schemas in .cogform/schemas/; 0 files changed\n"
        )
    );
    // Back to the committed setting: no warning.
    replace_in(root, "backend/auth.yaml", "phone: true", "phone: false");
    let r = run(root, &["build"]);
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stderr,
        format!("updated build/dev.template.yaml\n{MINIMAL_BUILT}")
    );
}

#[test]
fn build_without_a_base_neither_warns_nor_fails() {
    let quiet = format!("updated build/dev.template.yaml\n{MINIMAL_BUILT}");
    // Not a git repository.
    let dir = copy_example("minimal");
    let root = dir.path();
    replace_in(root, "backend/auth.yaml", "phone: false", "phone: true");
    let r = run(root, &["build"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, quiet.as_str()));
    // A repository with nothing committed yet.
    git(root, &["init", "-q"]);
    replace_in(root, "backend/auth.yaml", "phone: true", "phone: false");
    let r = run(root, &["build"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, quiet.as_str()));
    // Commits, but build/ never committed: every resource is new, nothing is lost.
    std::fs::write(root.join(".gitignore"), "build/\n").unwrap();
    git(root, &["add", "."]);
    git(root, &["commit", "-qm", "config only"]);
    replace_in(root, "backend/auth.yaml", "phone: false", "phone: true");
    let r = run(root, &["build"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, quiet.as_str()));
}

#[test]
fn check_ends_on_the_outcome_that_decided_its_exit_code() {
    let dir = committed("minimal");
    let root = dir.path();
    let r = run(root, &["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "check: up to date (1 template in build/, 4 editor schemas in .cogform/schemas/)\n"
    );

    // Fresh, but loses every user against HEAD: never "up to date" alone.
    replace_in(root, "backend/auth.yaml", "phone: false", "phone: true");
    assert_eq!(run(root, &["build"]).code, 0);
    let r = run(root, &["check"]);
    assert_eq!(r.code, 3);
    assert_eq!(
        r.stderr,
        format!(
            "{PHONE_ERROR}error: build/ is up to date, but the change loses users or objects (exit 3)\n"
        )
    );

    // Stale and losing: 3 wins, and both are said.
    replace_in(
        root,
        "backend/auth.yaml",
        "min_length: 12",
        "min_length: 13",
    );
    let r = run(root, &["check"]);
    assert_eq!(r.code, 3);
    assert_eq!(
        r.stderr,
        format!(
            "stale: build/dev.template.yaml\n{PHONE_ERROR}error: the change loses users or objects, and 1 generated file is out of date (exit 3)\n"
        )
    );

    // Stale only.
    replace_in(root, "backend/auth.yaml", "phone: true", "phone: false");
    let r = run(root, &["check"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        last_line(&r.stderr),
        "error: 1 generated file is out of date; run `cogform build` and commit the result (exit 1)"
    );

    // A base that does not exist: the usage error is the last word.
    let r = run(root, &["check", "--base", "nope"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        last_line(&r.stderr),
        "error: cannot compare with the base: `nope` is not a commit of a git repository here (use --base-dir DIR outside git) (exit 2)"
    );
}

#[test]
fn diff_before_the_first_commit_compares_with_an_empty_stack() {
    let dir = copy_example("minimal");
    let root = dir.path();
    git(root, &["init", "-q"]);
    let note = "note: nothing is committed yet, so there is no committed build/ to compare with; every resource counts as new\n";
    let r = run(root, &["diff"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, note);
    assert_eq!(
        r.stdout,
        "build/dev.template.yaml:
  + AuthenticatedRole (AWS::IAM::Role): add
  + IdentityPool (AWS::Cognito::IdentityPool): add
  + IdentityPoolRoleAttachment (AWS::Cognito::IdentityPoolRoleAttachment): add
  + UserPool (AWS::Cognito::UserPool): add
  + UserPoolClientWeb (AWS::Cognito::UserPoolClient): add
Plan: 5 to add, 0 to change in place, 0 to replace, 0 rejected, 0 to remove
"
    );
    // `check` says the same.
    let r = run(root, &["check"]);
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stderr,
        format!(
            "{note}check: up to date (1 template in build/, 4 editor schemas in .cogform/schemas/)\n"
        )
    );
    // A revision the user names must exist, even before the first commit.
    let r = run(root, &["diff", "--base", "HEAD"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: `HEAD` is not a commit of a git repository here (use --base-dir DIR outside git)\n"
    );
    // Outside any repository, the default base is still a usage error for `diff`.
    std::fs::remove_dir_all(root.join(".git")).unwrap();
    assert_eq!(run(root, &["diff"]).code, 2);
}

/// `diff --base-dir base` after `edit`, with the example's own build/ as the base.
fn diff_after(example: &str, edit: impl FnOnce(&Path)) -> crate::support::Run {
    let dir = copy_example(example);
    std::fs::rename(dir.path().join("build"), dir.path().join("base")).unwrap();
    edit(dir.path());
    run(dir.path(), &["diff", "--base-dir", "base"])
}

#[test]
fn every_loss_message_is_a_sentence() {
    // Each kind of stateful resource, each way of losing it.
    let r = diff_after("social", |root| {
        replace_in(
            root,
            "backend/auth.yaml",
            "domain_prefix: photoshare\n",
            "domain_prefix: photoshare2\n",
        )
    });
    assert_eq!(r.code, 3);
    assert_eq!(
        r.stderr,
        "error: UserPoolDomain (AWS::Cognito::UserPoolDomain) in build/dev.template.yaml would be replaced by a new hosted UI domain; replacing it loses the hosted UI address, so every app and identity provider configured with the old domain breaks\n  help: keep the old value; if the replacement is intended, re-run with --allow-replace UserPoolDomain\n"
    );
    let r = diff_after("photo-sharing", |root| {
        std::fs::remove_file(root.join("backend/storage/media.yaml")).unwrap()
    });
    assert_eq!(r.code, 3);
    let removed = |id: &str| {
        format!(
            "error: {id} (AWS::S3::Bucket) in build/dev.template.yaml would be removed from the stack; the app loses every object in the bucket (the old bucket is retained in the account, but the app no longer uses it)\n  help: restore it in the configuration; if the removal is intended, re-run with --allow-replace {id}\n"
        )
    };
    assert_eq!(
        r.stderr,
        removed("StorageMediaBucket") + &removed("StorageMediaLogBucket")
    );
    let r = diff_after("minimal", |root| {
        replace_in(
            root,
            "backend/auth.yaml",
            "  guest_access: false",
            "  enabled: false",
        )
    });
    assert_eq!(r.code, 3);
    assert_eq!(
        r.stderr,
        "error: IdentityPool (AWS::Cognito::IdentityPool) in build/dev.template.yaml would be removed from the stack; the app loses every identity id, so files stored under protected/{identity_id}/ and private/{identity_id}/ are no longer reachable by their owners\n  help: restore it in the configuration; if the removal is intended, re-run with --allow-replace IdentityPool\n"
    );
    let r = diff_after("minimal", |root| {
        replace_in(root, "backend/auth.yaml", "phone: false", "phone: true")
    });
    assert_eq!((r.code, r.stderr.as_str()), (3, PHONE_ERROR));
}

#[test]
fn update_and_remove_warn_in_sentences() {
    let dir = copy_example("minimal");
    let r = run(
        dir.path(),
        &["update", "auth", "--yes", "--phone", "--email"],
    );
    assert_eq!(r.code, 3);
    assert!(
        r.stderr.ends_with(&format!(
            "{PHONE_WARNING}error: this change loses users or objects; nothing was written\n  help: keep the old setting, or re-run with --allow-data-loss if losing them is intended\n"
        )),
        "{}",
        r.stderr
    );
    let dir = copy_example("photo-sharing");
    let r = run(dir.path(), &["remove", "storage", "media", "--yes"]);
    assert_eq!(r.code, 3);
    let leaves = |id: &str| {
        format!(
            "  {id} (AWS::S3::Bucket) in build/dev.template.yaml leaves the stack:\n    once this is deployed, the app loses every object in the bucket (the old bucket is retained in the account, but the app no longer uses it)\n"
        )
    };
    assert_eq!(
        r.stderr,
        format!(
            "WARNING: THIS CHANGE LOSES DATA\n{}{}error: this change loses users or objects; nothing was removed\n  help: keep the file, or re-run with --allow-data-loss if losing them is intended\n",
            leaves("StorageMediaBucket"),
            leaves("StorageMediaLogBucket")
        )
    );
    assert!(dir.path().join("backend/storage/media.yaml").is_file());
}
