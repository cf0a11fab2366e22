//! `cogform add | update | remove` without a terminal: every question answered by a flag,
//! missing answers named, in-place edits that keep comments, and the data-loss guard.

use crate::support::{project, run, snapshot_tree, write};

const ARN: &str = "arn:aws:lambda:eu-west-1:123456789012:function:photos";

fn read(dir: &std::path::Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap()
}

#[test]
fn add_auth_with_flags_writes_a_commented_file_that_builds() {
    let dir = project(&[]);
    let r = run(
        dir.path(),
        &[
            "add",
            "auth",
            "--yes",
            "--groups",
            "ADMINS,EDITORS:5",
            "--custom-attributes",
            "plan:string:immutable",
            "--google-client-id",
            "id.apps.googleusercontent.com",
            "--callback-urls",
            "https://shop.example.com/",
            "--guest-access",
            "--mfa",
            "required",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("created backend/auth.yaml"));
    let auth = read(dir.path(), "backend/auth.yaml");
    assert!(
        auth.starts_with(
            "# yaml-language-server: $schema=../.cogform/schemas/auth.schema.json\n# "
        )
    );
    assert!(auth.contains("\n# Groups get their own IAM role"), "{auth}");
    assert!(
        auth.contains("  - { name: EDITORS, precedence: 5 }"),
        "{auth}"
    );
    assert!(auth.contains("client_secret: { secret: test-app/google, key: client_secret }"));
    assert!(
        auth.contains("mfa: { mode: required, methods: [totp] }"),
        "{auth}"
    );
    assert!(
        dir.path()
            .join(".cogform/schemas/auth.schema.json")
            .is_file()
    );
    assert_eq!(run(dir.path(), &["validate"]).code, 0);
    assert_eq!(run(dir.path(), &["build"]).code, 0);

    // Again: refused, pointing to update, nothing touched.
    let before = snapshot_tree(dir.path());
    let again = run(dir.path(), &["add", "auth", "--yes"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert!(again.stderr.contains("cogform update auth"));
    assert_eq!(snapshot_tree(dir.path()), before);
}

#[test]
fn without_a_terminal_missing_answers_are_named_and_nothing_is_written() {
    let dir = project(&[]);
    let before = snapshot_tree(dir.path());
    let r = run(dir.path(), &["add", "auth", "--oidc-name", "corp"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no terminal"), "{}", r.stderr);
    assert!(
        r.stderr.contains("--oidc-issuer is required"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("--oidc-client-id is required"),
        "{}",
        r.stderr
    );
    let r = run(
        dir.path(),
        &["add", "auth", "--yes", "--password-min-length", "6"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("--password-min-length `6`: must be at least 8"),
        "{}",
        r.stderr
    );
    // Every answer present but no --yes: still never waits on stdin.
    let r = run(dir.path(), &["add", "auth"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("pass --yes"), "{}", r.stderr);
    assert_eq!(snapshot_tree(dir.path()), before);
    let dir = photos_project();
    let before = snapshot_tree(dir.path());
    let r = run(dir.path(), &["add", "api", "--yes"]);
    assert_eq!(r.code, 2);
    for flag in ["NAME is required", "--route is required"] {
        assert!(r.stderr.contains(flag), "{flag}: {}", r.stderr);
    }
    assert_eq!(snapshot_tree(dir.path()), before);
}

fn photos_project() -> tempfile::TempDir {
    project(&[(
        "backend/auth.yaml",
        "groups:\n  - { name: ADMINS, precedence: 0 }\nidentity_pool: { guest_access: true }\n",
    )])
}

#[test]
fn add_api_and_storage_with_flags() {
    let dir = photos_project();
    let r = run(
        dir.path(),
        &[
            "add",
            "api",
            "photos",
            "--yes",
            "--function",
            &format!("photos={ARN}"),
            "--route",
            "GET /photos allow=guest,authenticated",
            "--route",
            "DELETE /photos/{id} allow=ADMINS",
            "--route",
            "GET /me auth=cognito_id_token",
            "--cors-origins",
            "https://photos.example.com",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let api = read(dir.path(), "backend/api/photos.yaml");
    assert!(
        api.starts_with("# yaml-language-server: $schema=../../.cogform/schemas/api.schema.json\n")
    );
    assert!(
        api.contains(
            "  /photos/{id}:\n    DELETE: { function: photos, auth: iam, allow: [ADMINS] }"
        ),
        "{api}"
    );
    let r = run(
        dir.path(),
        &[
            "add",
            "storage",
            "media",
            "--yes",
            "--public",
            "guest=read,authenticated=read+write,ADMINS=read+write+delete",
            "--private",
            "owner=read+write+delete",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let storage = read(dir.path(), "backend/storage/media.yaml");
    assert!(storage.contains("default: true"), "{storage}");
    assert!(
        storage.contains("private: { owner: [read, write, delete] }"),
        "{storage}"
    );
    // A level flag changes only its level; protected keeps the default a new bucket has.
    assert!(
        storage.contains("protected: { authenticated: [read], owner: [read, write, delete] }"),
        "{storage}"
    );
    assert_eq!(run(dir.path(), &["validate"]).code, 0);
    assert_eq!(run(dir.path(), &["build"]).code, 0);

    // A name taken, or one that cannot be a bucket name: refused, nothing written.
    let before = snapshot_tree(dir.path());
    let r = run(dir.path(), &["add", "storage", "media", "--yes"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("cogform update storage media"),
        "{}",
        r.stderr
    );
    let r = run(dir.path(), &["add", "storage", "Media", "--yes"]);
    assert_eq!(r.code, 2);
    // A group auth.yaml lacks is refused at the flag, before any question, naming the value.
    let r = run(
        dir.path(),
        &["add", "storage", "docs", "--yes", "--public", "NOBODY=read"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(
            "--public `NOBODY=read`: `NOBODY` is not an audience or a group of backend/auth.yaml"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot_tree(dir.path()), before);
}

const COMMENTED: &str = "\
# yaml-language-server: $schema=../.cogform/schemas/auth.schema.json
# Shop auth: owned by the platform team. Ask #platform before changing sign-in.

login:
  email: true      # customers sign in with their email
  phone: false

# Strong passwords; the auditors asked for 14.
password: { min_length: 14 }

groups:
  # staff
  - name: ADMINS       # full access
    precedence: 0
    description: Staff with every right
identity_pool:
  guest_access: true   # the catalogue is public
";

#[test]
fn update_edits_in_place_and_keeps_comments_order_and_layout() {
    let dir = project(&[("backend/auth.yaml", COMMENTED)]);
    let r = run(
        dir.path(),
        &[
            "update",
            "auth",
            "--yes",
            "--groups",
            "ADMINS,EDITORS:3",
            "--mfa",
            "required",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let after = read(dir.path(), "backend/auth.yaml");
    let expected = COMMENTED
        .replace(
            "    description: Staff with every right\n",
            "    description: Staff with every right\n  - { name: EDITORS, precedence: 3 }\n",
        )
        .replace(
            "guest_access: true   # the catalogue is public\n",
            "guest_access: true   # the catalogue is public\n\n# Multi-factor authentication: off | optional | required; methods: totp, sms.\nmfa: { mode: required }\n",
        );
    assert_eq!(after, expected);
    // The diff was shown before writing.
    assert!(
        r.stderr.contains("+  - { name: EDITORS, precedence: 3 }"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("updated backend/auth.yaml"));
    assert_eq!(run(dir.path(), &["validate"]).code, 0);

    // Nothing to change: nothing written.
    let r = run(dir.path(), &["update", "auth", "--yes"]);
    assert_eq!(r.code, 0);
    assert!(r.stderr.contains("no changes"), "{}", r.stderr);
    assert_eq!(read(dir.path(), "backend/auth.yaml"), expected);
}

#[test]
fn update_warns_before_losing_the_user_pool_and_needs_allow_data_loss() {
    let dir = project(&[("backend/auth.yaml", COMMENTED)]);
    let before = snapshot_tree(dir.path());
    let r = run(
        dir.path(),
        &["update", "auth", "--yes", "--email", "--phone"],
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("WARNING: THIS CHANGE LOSES DATA"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("NEW user pool"), "{}", r.stderr);
    assert!(r.stderr.contains("every user account"), "{}", r.stderr);
    assert!(r.stderr.contains("--allow-data-loss"));
    assert_eq!(snapshot_tree(dir.path()), before);

    // Custom attribute removal and type changes are the same kind of loss.
    let custom = "attributes:\n  custom:\n    plan: { type: string }\n";
    write(dir.path(), "backend/auth.yaml", custom);
    let r = run(
        dir.path(),
        &[
            "update",
            "auth",
            "--yes",
            "--custom-attributes",
            "plan:number",
        ],
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    let r = run(
        dir.path(),
        &["update", "auth", "--yes", "--custom-attributes", ""],
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert_eq!(read(dir.path(), "backend/auth.yaml"), custom);

    let r = run(
        dir.path(),
        &[
            "update",
            "auth",
            "--yes",
            "--allow-data-loss",
            "--custom-attributes",
            "plan:number",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("WARNING"));
    assert_eq!(
        read(dir.path(), "backend/auth.yaml"),
        "attributes:\n  custom:\n    plan: { type: number }\n"
    );
}

#[test]
fn update_api_and_storage_and_unknown_names() {
    let dir = photos_project();
    write(
        dir.path(),
        "backend/api/photos.yaml",
        format!(
            "# the photo API\nfunctions:\n  photos: {{ arn: \"{ARN}\" }}  # prod\npaths:\n  /photos:\n    GET: {{ function: photos, allow: [guest] }}\n"
        ),
    );
    write(
        dir.path(),
        "backend/storage/media.yaml",
        "# media\nlevels:\n  public: { authenticated: [read] }  # browse\n",
    );
    let r = run(
        dir.path(),
        &[
            "update",
            "api",
            "photos",
            "--yes",
            "--route",
            "GET /photos allow=guest",
            "--route",
            "POST /photos allow=ADMINS",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let api = read(dir.path(), "backend/api/photos.yaml");
    assert!(api.starts_with("# the photo API\n"), "{api}");
    assert!(
        api.contains(
            "  photos: { arn: \"arn:aws:lambda:eu-west-1:123456789012:function:photos\" }  # prod\n"
        ),
        "{api}"
    );
    assert!(api.contains("    GET: { function: photos, allow: [guest] }\n    POST: { function: photos, auth: iam, allow: [ADMINS] }\n"), "{api}");
    let r = run(
        dir.path(),
        &[
            "update",
            "storage",
            "media",
            "--yes",
            "--cors-origins",
            "https://a.example.com",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let storage = read(dir.path(), "backend/storage/media.yaml");
    assert!(
        storage.starts_with("# media\nlevels:\n  public: { authenticated: [read] }  # browse\n"),
        "{storage}"
    );
    assert!(
        storage.contains("cors: { allowed_origins: [https://a.example.com] }"),
        "{storage}"
    );
    assert_eq!(run(dir.path(), &["build"]).code, 0);

    let r = run(dir.path(), &["update", "storage", "nope", "--yes"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("cogform add storage nope"),
        "{}",
        r.stderr
    );
}

#[test]
fn remove_asks_and_guards_buckets() {
    let dir = photos_project();
    write(
        dir.path(),
        "backend/storage/media.yaml",
        "levels:\n  public: { authenticated: [read] }\n",
    );
    write(
        dir.path(),
        "backend/api/photos.yaml",
        format!(
            "functions:\n  photos: {{ arn: \"{ARN}\" }}\npaths:\n  /photos:\n    GET: {{ function: photos, allow: [guest] }}\n"
        ),
    );
    let before = snapshot_tree(dir.path());
    let r = run(dir.path(), &["remove", "api", "photos"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("pass --yes"), "{}", r.stderr);
    let r = run(dir.path(), &["remove", "storage", "media", "--yes"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("WARNING: THIS CHANGE LOSES DATA"),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot_tree(dir.path()), before);
    let r = run(dir.path(), &["remove", "auth"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("cannot be removed"), "{}", r.stderr);

    let r = run(dir.path(), &["remove", "api", "photos", "--yes"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!dir.path().join("backend/api/photos.yaml").exists());
    let r = run(
        dir.path(),
        &["remove", "storage", "media", "--yes", "--allow-data-loss"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!dir.path().join("backend/storage/media.yaml").exists());
    assert_eq!(run(dir.path(), &["validate"]).code, 0);
    let r = run(dir.path(), &["remove", "api", "photos", "--yes"]);
    assert_eq!(r.code, 2);
}

#[test]
fn help_lists_the_commands_and_their_flags() {
    let dir = project(&[]);
    let r = run(dir.path(), &["--help"]);
    for c in ["add", "update", "remove"] {
        assert!(r.stdout.contains(&format!("  {c} ")), "{c}: {}", r.stdout);
    }
    let r = run(dir.path(), &["add", "auth", "--help"]);
    for f in [
        "--groups",
        "--google-secret",
        "--domain-prefix",
        "--yes",
        "--allow-data-loss",
    ] {
        assert!(r.stdout.contains(f), "{f}");
    }
}

#[test]
fn add_auth_after_init_starts_from_the_starters_choices() {
    // `init --sign-in phone --guest-access`, then `add auth --yes`: the starter's answers are
    // the walkthrough's defaults, not replaced by email sign-in without guests.
    let dir = tempfile::TempDir::new().unwrap();
    let r = run(
        dir.path(),
        &["init", "--yes", "--sign-in", "phone", "--guest-access"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(dir.path(), &["add", "auth", "--yes"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("note: backend/auth.yaml is still the starter file `cogform init` wrote"),
        "{}",
        r.stderr
    );
    let auth = read(dir.path(), "backend/auth.yaml");
    assert!(
        auth.contains("login: { email: false, phone: true, username: false }"),
        "{auth}"
    );
    assert!(auth.contains("guest_access: true"), "{auth}");
    // Once edited, the file is the user's: refused, pointing to update.
    std::fs::write(
        dir.path().join("backend/auth.yaml"),
        format!("{auth}# mine\n"),
    )
    .unwrap();
    let r = run(dir.path(), &["add", "auth", "--yes"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("cogform update auth"), "{}", r.stderr);
}

/// examples/functions without its functions and their wiring: what `add function` starts from.
fn functions_project_without_functions() -> tempfile::TempDir {
    let dir = crate::support::copy_example("functions");
    std::fs::remove_dir_all(dir.path().join("backend/functions")).unwrap();
    std::fs::remove_dir_all(dir.path().join("functions")).unwrap();
    std::fs::remove_file(dir.path().join("backend/api/gallery.yaml")).unwrap();
    crate::support::replace_in(
        dir.path(),
        "backend/auth.yaml",
        "triggers:\n  post_confirmation: { function: add-to-group }\n",
        "",
    );
    crate::support::replace_in(
        dir.path(),
        "backend/storage/media.yaml",
        "triggers:\n  - { on: upload, prefix: uploads/, function: publish-upload }\n",
        "",
    );
    dir
}

#[test]
fn add_function_with_flags_rebuilds_the_example_and_its_handlers() {
    let dir = functions_project_without_functions();
    let example = crate::support::repo().join("examples/functions");
    for args in [
        &[
            "add",
            "function",
            "add-to-group",
            "--yes",
            "--called-by",
            "post_confirmation",
        ][..],
        &[
            "add",
            "function",
            "publish-upload",
            "--yes",
            "--called-by",
            "upload:media",
            "--prefix",
            "uploads/",
        ],
        &[
            "add",
            "function",
            "list-photos",
            "--yes",
            "--called-by",
            "api",
            "--timeout",
            "10",
            "--storage-access",
            "media:public/*=list",
            "--env",
            "LIST_PREFIX=public/",
        ],
    ] {
        let r = run(dir.path(), args);
        assert_eq!(r.code, 0, "{args:?}\n{}", r.stderr);
    }
    // The route is the API file's, written by hand as in the example.
    write(
        dir.path(),
        "backend/api/gallery.yaml",
        read(&example, "backend/api/gallery.yaml"),
    );
    for name in ["add-to-group", "publish-upload", "list-photos"] {
        let rel = format!("functions/{name}/index.mjs");
        assert_eq!(
            read(dir.path(), &rel),
            read(&example, &rel),
            "{rel}: the stub is the example's handler"
        );
    }
    let b = run(dir.path(), &["build"]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert_eq!(
        read(dir.path(), "build/dev.template.yaml"),
        read(&example, "build/dev.template.yaml"),
        "the functions written by `add function` render the example's template"
    );
    // Wired: removing is refused with the place that calls it, and nothing is removed.
    let before = snapshot_tree(dir.path());
    let r = run(
        dir.path(),
        &["remove", "function", "publish-upload", "--yes"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("error: the function `publish-upload` is still called; nothing was removed\n  called by backend/storage/media.yaml: triggers[0]\n"),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot_tree(dir.path()), before);
    // Not wired any more: removed (its code folder is kept).
    crate::support::replace_in(
        dir.path(),
        "backend/api/gallery.yaml",
        "function: list-photos",
        "function: list",
    );
    crate::support::replace_in(
        dir.path(),
        "backend/api/gallery.yaml",
        "paths:",
        "functions:\n  list: { arn: \"arn:aws:lambda:eu-west-1:123456789012:function:list\" }\npaths:",
    );
    let r = run(dir.path(), &["remove", "function", "list-photos", "--yes"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !dir.path()
            .join("backend/functions/list-photos.yaml")
            .exists()
    );
    assert!(dir.path().join("functions/list-photos/index.mjs").exists());
}

#[test]
fn update_function_edits_in_place_and_keeps_the_wiring() {
    let dir = crate::support::copy_example("functions");
    let r = run(
        dir.path(),
        &[
            "update",
            "function",
            "add-to-group",
            "--yes",
            "--pool-access",
            "add_user_to_group,list_groups_for_user",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let file = read(dir.path(), "backend/functions/add-to-group.yaml");
    assert!(
        file.starts_with("# yaml-language-server"),
        "comments kept:\n{file}"
    );
    assert!(
        file.contains("auth: [add_user_to_group, list_groups_for_user]"),
        "{file}"
    );
    assert!(
        r.stdout
            .contains("+  auth: [add_user_to_group, list_groups_for_user]")
            || r.stderr
                .contains("+  auth: [add_user_to_group, list_groups_for_user]"),
        "the diff is shown:\n{}{}",
        r.stdout,
        r.stderr
    );
    let r = run(
        dir.path(),
        &[
            "update",
            "function",
            "add-to-group",
            "--yes",
            "--called-by",
            "none",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("`update function` keeps the wiring"),
        "{}",
        r.stderr
    );
    let r = run(dir.path(), &["update", "function", "nope", "--yes"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("there is no backend/functions/nope.yaml"),
        "{}",
        r.stderr
    );
}
