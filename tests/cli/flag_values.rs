//! A flag value cogform does not understand is an error, never a default, never dropped: one
//! black-box case per kind of mistake found by the audit of every value-taking flag. Each is
//! exit 2, names the flag and the value as typed (and the nearest accepted word), and leaves
//! the project as it was.

use crate::support::{project, run, snapshot_tree};

const AUTH: &str = "groups:\n  - { name: EDITORS, precedence: 0 }\n";

/// Runs `args` in a project with `auth.yaml` = `auth` and checks the refusal: exit 2, every
/// `expected` line in stderr, nothing written.
fn refused(auth: &str, args: &[&str], expected: &[&str]) {
    refused_in(&[("backend/auth.yaml", auth)], args, expected);
}

/// The same in a project made of `files` (plus a function's code folder).
fn refused_in(files: &[(&str, &str)], args: &[&str], expected: &[&str]) {
    let dir = project(files);
    crate::support::write(
        dir.path(),
        "functions/items/index.mjs",
        "export const handler = 1;\n",
    );
    let before = snapshot_tree(dir.path());
    let r = run(dir.path(), args);
    assert_eq!(r.code, 2, "{args:?} was not refused:\n{}", r.stderr);
    for e in expected {
        assert!(
            r.stderr.contains(e),
            "{args:?}: expected {e:?} in:\n{}",
            r.stderr
        );
    }
    assert!(
        snapshot_tree(dir.path()) == before,
        "{args:?} wrote something"
    );
}

#[test]
fn a_typo_in_an_action_never_grants_the_levels_default() {
    // The issue's own case: `rwite` once fell back to read + write + delete.
    refused(
        "{}\n",
        &[
            "add",
            "storage",
            "media",
            "--yes",
            "--levels",
            "public",
            "--public",
            "authenticated=read+rwite",
        ],
        &[
            "--public `authenticated=read+rwite`: `rwite` is not an action; did you mean `write`? (accepted: read, get, list, write, delete)",
        ],
    );
}

#[test]
fn unknown_audiences_and_groups_are_named_with_the_nearest() {
    refused(
        AUTH,
        &[
            "add",
            "storage",
            "media",
            "--yes",
            "--public",
            "authenticatd=read,EDITOR=read",
        ],
        &[
            "--public `authenticatd=read,EDITOR=read`: `authenticatd` is not an audience or a group of backend/auth.yaml; did you mean `authenticated`?",
        ],
    );
    refused(
        AUTH,
        &[
            "add",
            "storage",
            "media",
            "--yes",
            "--public",
            "EDITOR=read",
        ],
        &["did you mean `EDITORS`?"],
    );
}

#[test]
fn empty_parts_are_refused_not_skipped() {
    for (value, why) in [
        ("authenticated=", "no action after `=`"),
        ("authenticated=read++write", "an empty item"),
        ("authenticated=read,", "an empty item"),
        ("=read", "no audience before `=`"),
        ("", "empty: name who may do what"),
    ] {
        refused(
            "{}\n",
            &["add", "storage", "media", "--yes", "--public", value],
            &[&format!("--public `{value}`: {why}")],
        );
    }
}

#[test]
fn audiences_and_options_that_do_not_apply_are_refused() {
    // Private files are the owner's; guests need guest access in auth.yaml.
    refused(
        "{}\n",
        &[
            "add",
            "storage",
            "media",
            "--yes",
            "--private",
            "authenticated=read",
        ],
        &["--private `authenticated=read`: private files are for their owner only"],
    );
    refused(
        "{}\n",
        &["add", "storage", "media", "--yes", "--public", "guest=read"],
        &[
            "--public `guest=read`: grants guests access, but backend/auth.yaml has `identity_pool.guest_access: false`",
        ],
    );
    // A level flag whose level --levels leaves out would be dropped.
    refused(
        "{}\n",
        &[
            "add",
            "storage",
            "media",
            "--yes",
            "--levels",
            "public",
            "--private",
            "owner=read",
        ],
        &["--private `owner=read`: --levels does not list `private`"],
    );
}

#[test]
fn route_and_function_values_are_read_strictly() {
    let base = [
        "add",
        "api",
        "shop",
        "--yes",
        "--function",
        "items=nodejs22.x:index.handler:functions/items",
    ];
    let cases: [(&str, &str); 7] = [
        (
            "GET /items auth=iamm",
            "`iamm` is not an authorization; did you mean `iam`?",
        ),
        (
            "GET /items alow=authenticated",
            "`alow` is not a route setting; did you mean `allow`?",
        ),
        (
            "GET /items function=itms",
            "`itms` is not a function of this API; did you mean `items`?",
        ),
        (
            "GET /items allow=EDITOR",
            "`EDITOR` is not a caller (guest, authenticated or a group); did you mean `EDITORS`?",
        ),
        (
            "GET /items auth=cognito_id_token allow=authenticated",
            "allow= applies to auth=iam only",
        ),
        (
            "GET /items auth=iam scopes=openid",
            "scopes= applies to auth=cognito_access_token only",
        ),
        (
            "GTE /items",
            "`GTE` is not an HTTP method; did you mean `GET`?",
        ),
    ];
    for (route, why) in cases {
        let mut args = base.to_vec();
        args.extend(["--route", route]);
        refused(AUTH, &args, &[&format!("--route `{route}`: {why}")]);
    }
    let mut args = base.to_vec();
    args.extend(["--route", "GET /items", "--route", "get /items"]);
    refused(
        AUTH,
        &args,
        &["--route `get /items`: this route is given twice"],
    );
    refused(
        AUTH,
        &[
            "add",
            "api",
            "shop",
            "--yes",
            "--function",
            "items=nodejs99.x:index.handler:functions/items",
            "--route",
            "GET /items",
        ],
        &[
            "--function `items=nodejs99.x:index.handler:functions/items`: `nodejs99.x` is not a Lambda runtime",
        ],
    );
    refused(
        AUTH,
        &[
            "add",
            "api",
            "shop",
            "--yes",
            "--function",
            "items=",
            "--route",
            "GET /items",
        ],
        &["--function `items=`: no spec after `=`"],
    );
}

#[test]
fn auth_flags_that_no_question_takes_are_refused_not_dropped() {
    let dir = project(&[]);
    let before = snapshot_tree(dir.path());
    let r = run(
        dir.path(),
        &[
            "add",
            "auth",
            "--yes",
            "--mfa",
            "off",
            "--mfa-methods",
            "sms",
            "--groups",
            "A,,B",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "--mfa-methods `sms`: does not apply: second factors apply only when MFA is on"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("--groups `A,,B`: an empty item"),
        "{}",
        r.stderr
    );
    assert!(snapshot_tree(dir.path()) == before);

    // A recovery the pool cannot offer is named, never swapped for another.
    let r = run(dir.path(), &["add", "auth", "--yes", "--recovery", "phone"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("--recovery `phone`: recovery by phone needs the `phone_number` attribute"),
        "{}",
        r.stderr
    );
    // Providers sign in through the hosted UI: turning it off cannot be honoured.
    let r = run(
        dir.path(),
        &[
            "add",
            "auth",
            "--yes",
            "--hosted-ui=false",
            "--google-client-id",
            "x.apps.googleusercontent.com",
            "--google-secret",
            "app/google#secret",
            "--callback-urls",
            "https://a.example.com/",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "--hosted-ui `false`: the identity providers chosen sign in through the hosted UI"
        ),
        "{}",
        r.stderr
    );
    assert!(snapshot_tree(dir.path()) == before);
}

#[test]
fn a_level_flag_changes_only_its_level() {
    let dir = project(&[("backend/auth.yaml", "{}\n")]);
    let r = run(
        dir.path(),
        &[
            "add",
            "storage",
            "media",
            "--yes",
            "--public",
            "authenticated=read",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(dir.path().join("backend/storage/media.yaml")).unwrap();
    assert!(
        text.contains("  public: { authenticated: [read] }\n"),
        "{text}"
    );
    assert!(
        text.contains("  protected: { authenticated: [read], owner: [read, write, delete] }\n"),
        "{text}"
    );
    assert!(
        text.contains("  private: { owner: [read, write, delete] }\n"),
        "{text}"
    );
    assert!(!text.contains("uploads"), "{text}");
}

#[test]
fn another_default_bucket_makes_the_default_flag_not_apply() {
    refused_in(
        &[
            ("backend/auth.yaml", "{}\n"),
            (
                "backend/storage/first.yaml",
                "default: true\nlevels:\n  public: { authenticated: [read] }\n",
            ),
        ],
        &[
            "add",
            "storage",
            "second",
            "--yes",
            "--default",
            "--public",
            "authenticated=read",
        ],
        &["--default `true`: does not apply: another bucket of the project is already the default"],
    );
}

#[test]
fn answers_that_fail_at_the_end_are_printed_as_a_command() {
    // Removing a group that an API route still allows is found when the new auth.yaml is
    // checked with the whole project, after the questions: the answers come back as one
    // command, to fix and run again.
    let dir = project(&[
        ("backend/auth.yaml", AUTH),
        (
            "backend/api/shop.yaml",
            "functions:\n  items: { arn: \"arn:aws:lambda:eu-west-1:123456789012:function:items\" }\npaths:\n  /items:\n    POST: { function: items, auth: iam, allow: [EDITORS] }\n",
        ),
    ]);
    let before = snapshot_tree(dir.path());
    let r = run(
        dir.path(),
        &["update", "auth", "--yes", "--groups", "ADMINS"],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("backend/api/shop.yaml"), "{}", r.stderr);
    assert!(
        r.stderr.contains("  your answers, as one command (change what is refused above, then run it):\n    cogform update auth --yes --email --passwordless= --attributes= --custom-attributes= --self-signup=true"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(" --groups=ADMINS:0 "), "{}", r.stderr);
    assert!(snapshot_tree(dir.path()) == before);
    // The line runs as printed once the refused answer is fixed (here: keep EDITORS).
    let line = r
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix("    cogform "))
        .unwrap()
        .replace("--groups=ADMINS:0", "--groups=ADMINS:0,EDITORS:1");
    let args: Vec<&str> = line.split_whitespace().collect();
    let r = run(dir.path(), &args);
    assert_eq!(r.code, 0, "{line}: {}", r.stderr);
}
