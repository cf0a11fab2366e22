//! `identity_pool.users_without_group` (issue 10 §2, SEC-06 as corrected): what a signed-in
//! user in no group gets when groups have roles. Validation, the flag, the walkthrough (asked
//! only when groups have roles), in-place `update`, and `diff`/`check` classing the change as
//! an in-place change of the role attachment. Rendering is checked by `invariants`, the
//! access matrix by `access`.

use std::path::Path;

use rexpect::session::PtySession;

use crate::support::{copy_example, project, pty, pty_exit_code, run, snapshot_tree};

const GROUPS: &str = "groups:\n  - { name: ADMINS, precedence: 0 }\n";

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap()
}

/// `validate` and `build` both refuse with exactly `report` on stderr, writing nothing.
fn refused_with(auth: &str, report: &str) {
    let dir = project(&[("backend/auth.yaml", auth)]);
    let before = snapshot_tree(dir.path());
    for cmd in ["validate", "build"] {
        let r = run(dir.path(), &[cmd]);
        assert_eq!(r.code, 2, "{cmd} of {auth:?}: {}", r.stderr);
        assert_eq!(r.stdout, "", "{cmd}");
        assert_eq!(r.stderr, report, "{cmd} of {auth:?}");
    }
    assert_eq!(snapshot_tree(dir.path()), before, "something was written");
}

#[test]
fn no_credentials_where_it_cannot_apply_is_a_located_error() {
    refused_with(
        &format!(
            "identity_pool:\n  group_roles: none\n  users_without_group: no_credentials\n{GROUPS}"
        ),
        "backend/auth.yaml:3:24: identity_pool.users_without_group: `no_credentials` has no effect: groups have no roles (`group_roles: none`), so every signed-in user gets the authenticated role\n  help: remove the line, or set `group_roles: token` so that only group members get AWS credentials\nerror: 1 problem found; nothing was written\n",
    );
    refused_with(
        "identity_pool: { users_without_group: no_credentials }\n",
        "backend/auth.yaml:1:39: identity_pool.users_without_group: `no_credentials` has no effect: there are no groups, so every signed-in user gets the authenticated role\n  help: remove the line, or add `groups` so that only their members get AWS credentials\nerror: 1 problem found; nothing was written\n",
    );
    refused_with(
        &format!(
            "identity_pool:\n  enabled: false\n  users_without_group: no_credentials\n{GROUPS}"
        ),
        "backend/auth.yaml:3:24: identity_pool.users_without_group: `no_credentials` has no effect: there is no identity pool (`enabled: false`), so nobody gets AWS credentials\n  help: remove the line\nerror: 1 problem found; nothing was written\n",
    );
    // Values and the key's spelling are checked by the schema.
    refused_with(
        "identity_pool:\n  users_without_group: deny\n",
        "backend/auth.yaml:2:24: identity_pool.users_without_group: expected one of: authenticated, no_credentials\nerror: 1 problem found; nothing was written\n",
    );
    refused_with(
        "identity_pool:\n  users_without_groups: authenticated\n",
        "backend/auth.yaml:2:3: identity_pool.users_without_groups: unknown field `users_without_groups`\n  help: did you mean `users_without_group`?\nerror: 1 problem found; nothing was written\n",
    );
    // Where it applies, both values and the default are valid; `authenticated` applies anywhere.
    for auth in [
        format!("identity_pool: {{ users_without_group: no_credentials }}\n{GROUPS}"),
        format!("identity_pool: {{ users_without_group: authenticated }}\n{GROUPS}"),
        "identity_pool: { users_without_group: authenticated, group_roles: none }\n".into(),
    ] {
        let dir = project(&[("backend/auth.yaml", &auth)]);
        let r = run(dir.path(), &["validate"]);
        assert_eq!(r.code, 0, "{auth}: {}", r.stderr);
    }
}

/// Neighbouring identity pool settings (`guest_access`, `group_roles`) have no per-environment
/// override in cogform.yaml (only the hosted UI's URLs and prefix do), and neither has this one.
#[test]
fn there_is_no_per_environment_override() {
    let dir = project(&[
        (
            "cogform.yaml",
            "project: test-app\nenvironments:\n  prod: { users_without_group: no_credentials }\n",
        ),
        ("backend/auth.yaml", GROUPS),
    ]);
    let r = run(dir.path(), &["validate"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "cogform.yaml:3:11: environments.prod.users_without_group: unknown field `users_without_group`\n  help: expected one of: domain_prefix, callback_urls, logout_urls, custom_domain, adopt\nerror: 1 problem found; nothing was written\n"
    );
}

#[test]
fn the_flag_is_parsed_strictly() {
    let dir = project(&[("backend/auth.yaml", GROUPS)]);
    let before = snapshot_tree(dir.path());
    for value in [
        "No_Credentials",
        "none",
        "deny",
        "authenticated,no_credentials",
        "",
    ] {
        let r = run(
            dir.path(),
            &[
                "update",
                "auth",
                "--yes",
                &format!("--users-without-group={value}"),
            ],
        );
        assert_eq!(r.code, 2, "{value:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("'--users-without-group <WHAT>'"),
            "names the flag: {}",
            r.stderr
        );
        if !value.is_empty() {
            assert!(
                r.stderr.contains(&format!(
                    "invalid value '{value}' for '--users-without-group"
                )),
                "the value as typed: {}",
                r.stderr
            );
        }
        assert!(
            r.stderr
                .contains("[possible values: authenticated, no_credentials]"),
            "{}",
            r.stderr
        );
        assert_eq!(r.stdout, "");
    }
    assert_eq!(snapshot_tree(dir.path()), before);
    let help = run(dir.path(), &["add", "auth", "--help"]);
    assert!(
        help.stdout.contains("--users-without-group <WHAT>"),
        "{}",
        help.stdout
    );
    assert!(
        help.stdout
            .contains("[possible values: authenticated, no_credentials]"),
        "{}",
        help.stdout
    );
}

/// A hand-written auth.yaml with comments that `update` must keep.
const COMMENTED: &str = "# Our shop.
groups:
  # staff
  - name: ADMINS       # full access
    precedence: 0
identity_pool:
  guest_access: true   # the catalogue is public
";

#[test]
fn update_writes_the_key_in_place_and_diff_calls_it_an_in_place_change() {
    let dir = project(&[("backend/auth.yaml", COMMENTED)]);
    assert_eq!(run(dir.path(), &["build"]).code, 0);
    let base = read(dir.path(), "build/dev.template.yaml");
    assert!(base.contains("AmbiguousRoleResolution: AuthenticatedRole\n"));

    let r = run(
        dir.path(),
        &[
            "update",
            "auth",
            "--yes",
            "--users-without-group",
            "no_credentials",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        read(dir.path(), "backend/auth.yaml"),
        format!("{COMMENTED}  users_without_group: no_credentials\n"),
        "one line added, every comment kept"
    );
    assert!(
        !r.stderr.contains("LOSES DATA"),
        "not a data loss: {}",
        r.stderr
    );

    // What deploying it does: one property of the role attachment, in place.
    let d = run(dir.path(), &["diff", "--base-dir", "build"]);
    assert_eq!(d.code, 0, "{}{}", d.stdout, d.stderr);
    assert_eq!(
        d.stdout,
        "build/dev.template.yaml:\n  ~ IdentityPoolRoleAttachment (AWS::Cognito::IdentityPoolRoleAttachment): change in place\n      ~ RoleMappings.UserPoolClientWeb.AmbiguousRoleResolution: \"AuthenticatedRole\" → \"Deny\"\nPlan: 0 to add, 1 to change in place, 0 to replace, 0 rejected, 0 to remove\n"
    );
    let j = run(
        dir.path(),
        &["diff", "--base-dir", "build", "--format", "json"],
    );
    assert_eq!(j.code, 0);
    let doc: serde_json::Value = serde_json::from_str(&j.stdout).unwrap();
    let change = &doc["files"][0]["changes"][0];
    assert_eq!(change["action"], "modify");
    assert_eq!(change["properties"][0]["effect"], "in_place");
    assert_eq!(doc["blocked"], serde_json::json!([]));
    // `check`: stale (exit 1), not a data loss (exit 3).
    let c = run(dir.path(), &["check", "--base-dir", "build"]);
    assert_eq!(c.code, 1, "{}{}", c.stdout, c.stderr);
    assert!(
        c.stdout
            .contains("+          AmbiguousRoleResolution: Deny\n"),
        "{}",
        c.stdout
    );

    assert_eq!(run(dir.path(), &["build"]).code, 0);
    let built = read(dir.path(), "build/dev.template.yaml");
    assert_eq!(
        built,
        base.replace(
            "AmbiguousRoleResolution: AuthenticatedRole",
            "AmbiguousRoleResolution: Deny"
        )
    );

    // And back: the value is replaced where it stands.
    let r = run(
        dir.path(),
        &[
            "update",
            "auth",
            "--yes",
            "--users-without-group",
            "authenticated",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        read(dir.path(), "backend/auth.yaml"),
        format!("{COMMENTED}  users_without_group: authenticated\n")
    );
    let d = run(dir.path(), &["diff", "--base-dir", "build"]);
    assert_eq!(d.code, 0);
    assert!(
        d.stdout
            .contains("AmbiguousRoleResolution: \"Deny\" → \"AuthenticatedRole\""),
        "{}",
        d.stdout
    );
}

/// The photo-sharing example against its committed templates: the same in-place change.
#[test]
fn diff_of_the_example_is_in_place() {
    let dir = copy_example("photo-sharing");
    let r = run(
        dir.path(),
        &[
            "update",
            "auth",
            "--yes",
            "--users-without-group=no_credentials",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let d = run(dir.path(), &["diff", "--base-dir", "build"]);
    assert_eq!(d.code, 0, "{}", d.stderr);
    assert!(
        d.stdout.ends_with(
            "Plan: 0 to add, 1 to change in place, 0 to replace, 0 rejected, 0 to remove\n"
        ),
        "{}",
        d.stdout
    );
}

#[test]
fn without_a_terminal_the_flag_is_taken_only_where_it_applies() {
    // Groups with roles: written (defaults are left out of a new file).
    let dir = project(&[]);
    let r = run(
        dir.path(),
        &[
            "add",
            "auth",
            "--yes",
            "--groups",
            "ADMINS",
            "--users-without-group",
            "no_credentials",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let auth = read(dir.path(), "backend/auth.yaml");
    assert!(
        auth.contains(
            "identity_pool: { guest_access: false, users_without_group: no_credentials }\n"
        ),
        "{auth}"
    );
    let dir = project(&[]);
    assert_eq!(
        run(dir.path(), &["add", "auth", "--yes", "--groups", "ADMINS"]).code,
        0
    );
    assert!(!read(dir.path(), "backend/auth.yaml").contains("users_without_group"));

    // No groups: the flag cannot apply, so it is refused and nothing is written.
    let dir = project(&[]);
    let before = snapshot_tree(dir.path());
    let r = run(
        dir.path(),
        &[
            "add",
            "auth",
            "--yes",
            "--users-without-group",
            "no_credentials",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "--users-without-group `no_credentials`: does not apply: it applies only when groups have their own roles (--groups and --group-roles token)"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot_tree(dir.path()), before);

    // Turning group roles off drops a setting that no longer applies, instead of refusing.
    let dir = project(&[(
        "backend/auth.yaml",
        &format!("{GROUPS}identity_pool:\n  users_without_group: no_credentials\n"),
    )]);
    let r = run(
        dir.path(),
        &["update", "auth", "--yes", "--group-roles", "none"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        read(dir.path(), "backend/auth.yaml"),
        format!(
            "{GROUPS}identity_pool:\n  users_without_group: authenticated\n  group_roles: none\n"
        )
    );
    assert_eq!(run(dir.path(), &["validate"]).code, 0);
}

// ---------------------------------------------------------------------------------------------
// In a terminal

const MULTI: &str = "enter: confirm)";

/// The `update auth` questions of a project with one group, no providers and MFA optional,
/// each with (a piece of) its help line, drawn last: Enter keeps every current value.
const QUESTIONS: [(&str, &str); 18] = [
    ("How do users sign in?", MULTI),
    ("Besides a password", MULTI),
    ("Which standard attributes", MULTI),
    ("Custom attributes?", "type and mutability"),
    ("Can users sign themselves up?", "only administrators"),
    ("Minimum password length?", "recommended"),
    ("Which characters", MULTI),
    ("Multi-factor authentication?", "every user must"),
    ("Which second factors?", MULTI),
    ("Which address sends", "Through your Amazon SES"),
    ("How do users recover", "administrator resets"),
    ("User groups?", "asked next"),
    ("Precedence of ADMINS?", "lowest precedence"),
    ("Which identity providers", MULTI),
    ("Use the hosted UI", "Needed for social"),
    ("Which Cognito feature plan?", "lite: passwords"),
    ("Give guests", "read-only role"),
    ("its own IAM role?", "chosen from the id token"),
];

/// Answers every question of [`QUESTIONS`] with Enter; returns everything shown.
fn keep_every_answer(p: &mut PtySession) -> String {
    let mut shown = String::new();
    for (question, help) in QUESTIONS {
        shown.push_str(&p.exp_string(question).unwrap());
        shown.push_str(&p.exp_string(help).unwrap());
        p.send_line("").unwrap();
    }
    shown
}

#[test]
fn the_walkthrough_asks_only_when_groups_have_roles_and_explains_the_choice() {
    // Group roles on: asked, in plain words, pre-filled with the file's value.
    let auth = format!("{GROUPS}identity_pool:\n  users_without_group: no_credentials\n");
    let dir = project(&[("backend/auth.yaml", &auth)]);
    let mut p = pty(dir.path(), &["update", "auth"], 30_000);
    keep_every_answer(&mut p);
    p.exp_string("What do signed-in users who are in no group get?")
        .unwrap();
    p.exp_string("the signed-in users' access (the authenticated role)")
        .unwrap();
    p.exp_string("> no AWS credentials (only group members get any)")
        .unwrap();
    // The help line, as the 80-column terminal wraps it.
    p.exp_string("Group members get their group's role; a user in no group gets the authenticated")
        .unwrap();
    p.exp_string("role, or no AWS credentials at all]").unwrap();
    p.send_line("").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(pty_exit_code(&p), 0);
    assert_eq!(
        read(dir.path(), "backend/auth.yaml"),
        auth,
        "nothing changed"
    );

    // Group roles off: never asked.
    let auth = format!("{GROUPS}identity_pool:\n  group_roles: none\n");
    let dir = project(&[("backend/auth.yaml", &auth)]);
    let mut p = pty(dir.path(), &["update", "auth"], 30_000);
    let mut shown = keep_every_answer(&mut p);
    shown.push_str(&p.exp_eof().unwrap());
    assert_eq!(pty_exit_code(&p), 0);
    assert!(!shown.contains("in no group"), "{shown}");
    assert_eq!(read(dir.path(), "backend/auth.yaml"), auth);
}
