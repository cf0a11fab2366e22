//! A newcomer's projects, start to finish: each is made once at the prompts (answers typed
//! in-process, as at a terminal) and once with `--yes` flags, which must write the same
//! files; then `validate`, `build`, a commit, `check`, a risky edit that `update` guards,
//! `diff`, and `check` again against the committed base.

use std::path::Path;

use crate::generated::{Typist, cogform};
use crate::support::{git, run, snapshot_tree, write};

fn words(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

/// Runs each `add` twice, at the prompts in `typed` and with `--yes` in `flagged`, and
/// checks both write the same file. `init --yes` starts both.
fn make(steps: &[Vec<String>]) -> (tempfile::TempDir, tempfile::TempDir) {
    let typed = tempfile::TempDir::new().unwrap();
    let flagged = tempfile::TempDir::new().unwrap();
    for dir in [&typed, &flagged] {
        let r = run(dir.path(), &["init", "--yes", "--name", "newcomer"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        write(
            dir.path(),
            "functions/entries/index.mjs",
            "export const handler = async () => ({ statusCode: 200 });\n",
        );
    }
    for step in steps {
        let words_after = if step[1] == "auth" { 2 } else { 3 };
        let typist = Typist::from_args(&step[words_after..]);
        let at_prompts = cogform(typed.path(), &step[..words_after], Some(Box::new(typist)));
        assert_eq!(
            at_prompts.code, 0,
            "{step:?} at the prompts: {}",
            at_prompts.stderr
        );
        let mut yes = step.clone();
        yes.insert(words_after, "--yes".into());
        let with_flags = cogform(flagged.path(), &yes, None);
        assert_eq!(with_flags.code, 0, "{yes:?}: {}", with_flags.stderr);
    }
    assert!(
        snapshot_tree(typed.path()) == snapshot_tree(flagged.path()),
        "the prompts and the flags made different projects"
    );
    (typed, flagged)
}

/// validate, build, commit, check: the loop every project goes through first.
fn build_and_commit(dir: &Path) {
    for cmd in ["validate", "build"] {
        let r = run(dir, &[cmd]);
        assert_eq!(r.code, 0, "{cmd}: {}", r.stderr);
    }
    git(dir, &["init", "-q"]);
    git(dir, &["add", "."]);
    git(dir, &["commit", "-qm", "first deploy"]);
    let r = run(dir, &["check"]);
    assert_eq!(r.code, 0, "check right after build: {}", r.stderr);
}

#[test]
fn seed_app_with_every_social_provider_and_a_risky_sign_in_change() {
    let (_, dir) = make(&[words(&[
        "add",
        "auth",
        "--email",
        "--phone",
        "--attributes=phone_number,name",
        "--mfa=optional",
        "--mfa-methods=totp,sms",
        "--groups=ADMINS:0,EDITORS:1",
        "--google-client-id=123-abc.apps.googleusercontent.com",
        "--google-secret=seed/google#client_secret",
        "--facebook-client-id=1234567890",
        "--facebook-secret=seed/facebook#app_secret",
        "--amazon-client-id=amzn1.application-oa2-client.abc",
        "--amazon-secret=seed/amazon#client_secret",
        "--apple-services-id=com.example.seed.web",
        "--apple-team-id=ABCDE12345",
        "--apple-key-id=KEY1234567",
        "--apple-private-key=seed/apple#private_key",
        "--domain-prefix=seed-auth",
        "--callback-urls=https://seed.example.com/,http://localhost:5173/",
        "--logout-urls=https://seed.example.com/",
        "--group-roles=token",
    ])]);
    let dir = dir.path();
    build_and_commit(dir);
    let template = std::fs::read_to_string(dir.join("build/dev.template.yaml")).unwrap();
    for provider in ["Google", "Facebook", "LoginWithAmazon", "SignInWithApple"] {
        assert!(
            template.contains(&format!("ProviderName: {provider}")),
            "{provider}"
        );
    }

    // The risky edit: sign in with a user name too. `update` refuses without consent…
    let before = snapshot_tree(dir);
    let r = run(
        dir,
        &[
            "update",
            "auth",
            "--yes",
            "--username",
            "--email",
            "--phone",
        ],
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("WARNING: THIS CHANGE LOSES DATA"),
        "{}",
        r.stderr
    );
    assert!(
        snapshot_tree(dir) == before,
        "a refused update wrote something"
    );
    // …writes with it; then `check` finds build/ stale, and after `build` the loss itself.
    let r = run(
        dir,
        &[
            "update",
            "auth",
            "--yes",
            "--allow-data-loss",
            "--username",
            "--email",
            "--phone",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(run(dir, &["check"]).code, 3);
    assert_eq!(run(dir, &["build"]).code, 0);
    let r = run(dir, &["diff"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stdout.contains("UsernameAttributes"), "{}", r.stdout);
    let r = run(dir, &["check"]);
    assert_eq!(r.code, 3, "{}{}", r.stdout, r.stderr);
}

#[test]
fn journal_app_with_an_iam_signed_api() {
    let (_, dir) = make(&[
        words(&["add", "auth", "--groups=WRITERS:0", "--group-roles=token"]),
        words(&[
            "add",
            "api",
            "journal",
            "--function=entries=nodejs22.x:index.handler:functions/entries",
            "--route=GET /entries function=entries auth=iam allow=authenticated",
            "--route=POST /entries function=entries auth=iam allow=WRITERS",
            "--route=DELETE /entries/{id} function=entries auth=iam allow=WRITERS",
            "--cors-origins=http://localhost:5173",
        ]),
    ]);
    let dir = dir.path();
    build_and_commit(dir);
    let access = run(dir, &["access"]);
    assert_eq!(access.code, 0, "{}", access.stderr);
    assert!(access.stdout.contains("/entries"), "{}", access.stdout);

    // A safe edit: a new route is added in place; check wants a build, diff shows no loss.
    let r = run(
        dir,
        &[
            "update",
            "api",
            "journal",
            "--yes",
            "--route=GET /entries function=entries auth=iam allow=authenticated",
            "--route=POST /entries function=entries auth=iam allow=WRITERS",
            "--route=DELETE /entries/{id} function=entries auth=iam allow=WRITERS",
            "--route=GET /entries/{id} function=entries auth=iam allow=authenticated",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(run(dir, &["check"]).code, 1);
    assert_eq!(run(dir, &["build"]).code, 0);
    let r = run(dir, &["diff"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("0 to replace"), "{}", r.stdout);
    // A typo in the new route's caller is refused before anything is written.
    let before = snapshot_tree(dir);
    let r = run(
        dir,
        &[
            "update",
            "api",
            "journal",
            "--yes",
            "--route=GET /entries allow=WRITER",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("did you mean `WRITERS`?"), "{}", r.stderr);
    assert!(snapshot_tree(dir) == before);
}

#[test]
fn photo_sharing_with_every_storage_level_then_removing_the_bucket() {
    let (_, dir) = make(&[
        words(&[
            "add",
            "auth",
            "--groups=EDITORS:0",
            "--guest-access=true",
            "--group-roles=token",
        ]),
        words(&[
            "add",
            "storage",
            "photos",
            "--levels=public,protected,private,uploads",
            "--public=guest=read,authenticated=read,EDITORS=read+write+delete",
            "--protected=guest=read,authenticated=read,owner=read+write+delete",
            "--private=owner=read+write+delete",
            "--uploads=authenticated=write",
            "--cors-origins=http://localhost:5173",
        ]),
    ]);
    let dir = dir.path();
    build_and_commit(dir);
    let access = run(dir, &["access"]);
    assert_eq!(access.code, 0, "{}", access.stderr);

    // Removing the bucket loses every object: refused without consent.
    let before = snapshot_tree(dir);
    let r = run(dir, &["remove", "storage", "photos", "--yes"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(snapshot_tree(dir) == before);
    let r = run(
        dir,
        &["remove", "storage", "photos", "--yes", "--allow-data-loss"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(run(dir, &["build"]).code, 0);
    let r = run(dir, &["check"]);
    assert_eq!(r.code, 3, "{}{}", r.stdout, r.stderr);
    // A typo in the acknowledgement is named, never taken as acknowledging nothing.
    let r = run(dir, &["check", "--allow-replace", "StoragePhotosBuckt"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("error: --allow-replace `StoragePhotosBuckt`: `StoragePhotosBuckt` is not a resource this change replaces, removes or loses the data of; did you mean `StoragePhotosBucket`?"),
        "{}",
        r.stderr
    );
    let r = run(dir, &["diff", "--allow-replace", "UserPool"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    // Acknowledging both buckets leaving the stack lets check pass.
    let r = run(
        dir,
        &[
            "check",
            "--allow-replace",
            "StoragePhotosBucket",
            "--allow-replace",
            "StoragePhotosLogBucket",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}
