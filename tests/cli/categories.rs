//! Storage and API files: cross-category validation through the binary, each problem with its
//! file, line, column and field, all at once, nothing written.

use crate::support::{project, run, snapshot_tree};

const AUTH: &str = "groups:\n  - { name: ADMINS, precedence: 0 }\n";

const STORAGE_FILES: &str = r#"default: true
levels:
  public: { guest: [read, write] }
  private: { owner: [read], authenticated: [read] }
paths:
  media/*:
    owner: [read]
    groups: { ADMIN: [read] }
  /bad/*: { authenticated: [read] }
cors:
  allowed_origins: ["*", "http://example.com", "https://ok.example.com/path"]
"#;

const STORAGE_MORE: &str = "default: true\nlevels:\n  uploads: { authenticated: [write, read] }\n";

const API: &str = r#"functions:
  items: { arn: "arn:aws:lambda:eu-west-1:123456789012:function:items" }
  unused: { arn: "arn:aws:lambda:eu-west-1:123456789012:function:unused" }
paths:
  /items:
    GET: { function: itms, auth: iam, allow: [guest, EDITORS] }
  /items/{id}:
    DELETE: { function: items, auth: iam }
  /items/{key}/x:
    GET: { function: items, auth: cognito_id_token, scopes: [email] }
  /a-b:
    GET: { function: items, auth: cognito_access_token }
  /a_b:
    GET: { function: items, allow: [authenticated] }
  /health:
    GET: { function: items, auth: none }
"#;

const EXPECTED: &str = "\
backend/api/shop.yaml:3:3: functions.unused: is not used by any method
backend/api/shop.yaml:6:22: paths./items.GET.function: no function `itms` in `functions`
  help: did you mean `items`?
backend/api/shop.yaml:6:47: paths./items.GET.allow[0]: allows guests, but backend/auth.yaml has `identity_pool.guest_access: false`
backend/api/shop.yaml:6:54: paths./items.GET.allow[1]: `EDITORS` is neither guest, authenticated nor a group of backend/auth.yaml
  help: expected one of: guest, authenticated, ADMINS
backend/api/shop.yaml:8:13: paths./items/{id}.DELETE: `auth: iam` with no `allow`: nobody could call it; list guest, authenticated or groups
backend/api/shop.yaml:9:3: paths./items/{key}/x: `{key}` and `{id}` (in `/items/{id}`) are two different parameters at the same place; use one name
backend/api/shop.yaml:10:61: paths./items/{key}/x.GET.scopes: scopes apply to `cognito_access_token` only (an id token carries no scopes)
backend/api/shop.yaml:12:10: paths./a-b.GET: `cognito_access_token` needs the OAuth `scopes` the token must carry
backend/api/shop.yaml:13:3: paths./a_b: maps to the same resource name as `/a-b`; rename one
backend/storage/files.yaml:3:20: levels.public.guest: grants guests access, but backend/auth.yaml has `identity_pool.guest_access: false`
backend/storage/files.yaml:3:27: levels.public.guest[1]: guests (not signed in) may only read
backend/storage/files.yaml:4:12: levels.private: private files are for their owner only: use `owner` (or a custom path for shared access)
backend/storage/files.yaml:7:12: paths.media/*.owner: `owner` applies to paths with an `{identity_id}` segment only
backend/storage/files.yaml:8:15: paths.media/*.groups.ADMIN: no group `ADMIN` in backend/auth.yaml
  help: did you mean `ADMINS`?
backend/storage/files.yaml:9:3: paths./bad/*: a path starts with a folder name, not `/`
backend/storage/files.yaml:11:21: cors.allowed_origins[0]: `*` would let any site call with the user's credentials; list the origins
backend/storage/files.yaml:11:26: cors.allowed_origins[1]: origin uses http; only https is allowed, except exactly `http://localhost[:port]`
backend/storage/files.yaml:11:48: cors.allowed_origins[2]: an origin is `scheme://host[:port]`, without a path
backend/storage/more.yaml:1:10: default: only one bucket can be the default; backend/storage/files.yaml is one already
backend/storage/more.yaml:3:12: levels.uploads: uploads/ is a drop box: only `write` is allowed
error: 20 problems found; nothing was written
";

#[test]
fn every_cross_category_problem_is_located_and_reported_at_once() {
    let dir = project(&[
        ("backend/auth.yaml", AUTH),
        ("backend/storage/files.yaml", STORAGE_FILES),
        ("backend/storage/more.yaml", STORAGE_MORE),
        ("backend/api/shop.yaml", API),
    ]);
    let before = snapshot_tree(dir.path());
    for cmd in ["validate", "build"] {
        let r = run(dir.path(), &[cmd]);
        assert_eq!(r.code, 2, "{cmd}");
        assert_eq!(r.stderr, EXPECTED, "{cmd}");
        assert_eq!(r.stdout, "");
    }
    assert_eq!(snapshot_tree(dir.path()), before);
}

#[test]
fn categories_need_the_identity_pool_and_group_roles() {
    let dir = project(&[
        (
            "backend/auth.yaml",
            "groups: [{ name: ADMINS, precedence: 0 }]\nidentity_pool: { enabled: false }\n",
        ),
        (
            "backend/storage/files.yaml",
            "levels:\n  public: { authenticated: [read] }\n",
        ),
        (
            "backend/api/shop.yaml",
            "functions: { f: { arn: \"arn:aws:lambda:eu-west-1:123456789012:function:f\" } }\npaths:\n  /x:\n    GET: { function: f, allow: [ADMINS] }\n",
        ),
    ]);
    let r = run(dir.path(), &["validate"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("backend/api/shop.yaml:4:32: paths./x.GET.allow: IAM authorization uses identity-pool credentials"), "{}", r.stderr);
    assert!(r.stderr.contains("backend/storage/files.yaml:1:1: (document): storage access is granted to identity-pool roles"), "{}", r.stderr);
    assert!(
        r.stderr
            .ends_with("error: 2 problems found; nothing was written\n"),
        "{}",
        r.stderr
    );

    // With the pool on but group roles off, group grants are refused in both categories.
    std::fs::write(
        dir.path().join("backend/auth.yaml"),
        "groups: [{ name: ADMINS, precedence: 0 }]\nidentity_pool: { group_roles: none }\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("backend/storage/files.yaml"),
        "paths:\n  team/*: { groups: { ADMINS: [read] } }\n",
    )
    .unwrap();
    let r = run(dir.path(), &["validate"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(
            "backend/api/shop.yaml:4:33: paths./x.GET.allow[0]: group grants need group roles"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("backend/storage/files.yaml:2:23: paths.team/*.groups.ADMINS: group grants need group roles"), "{}", r.stderr);
}

#[test]
fn bucket_names_must_fit_s3_limits_and_file_names_are_checked() {
    let long = "a".repeat(24);
    let dir = project(&[
        (
            "cogform.yaml",
            "project: a-rather-long-project-name-here\nenvironments: { production: {} }\n",
        ),
        ("backend/auth.yaml", "{}\n"),
        (
            &format!("backend/storage/{long}.yaml"),
            "levels:\n  public: { authenticated: [read] }\n",
        ),
        ("backend/storage/Bad_Name.yaml", "{}\n"),
        ("backend/storage/notes.txt", "hello\n"),
    ]);
    let r = run(dir.path(), &["validate"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(
            "backend/storage/Bad_Name.yaml:1:1: (document): file names are 1–24 lowercase letters"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(
            "backend/storage/notes.txt:1:1: (document): cogform reads only `<name>.yaml` files here"
        ),
        "{}",
        r.stderr
    );
    // In the same run: the length rule of the bucket that did load.
    assert!(
        r.stderr.contains(&format!(
            "backend/storage/{long}.yaml:1:1: (document): the bucket name"
        )),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("would exceed S3's 63 characters"),
        "{}",
        r.stderr
    );
}

#[test]
fn open_methods_are_built_but_warned_about() {
    let dir = project(&[
        ("backend/auth.yaml", "{}\n"),
        (
            "backend/api/pub.yaml",
            "functions: { f: { arn: \"arn:aws:lambda:eu-west-1:123456789012:function:f\" } }\npaths:\n  /health:\n    GET: { function: f, auth: none }\n",
        ),
    ]);
    let r = run(dir.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("warning: backend/api/pub.yaml:4:31: paths./health.GET.auth: GET /health has no authorization"), "{}", r.stderr);
    let text = std::fs::read_to_string(dir.path().join("build/dev.template.yaml")).unwrap();
    assert!(
        text.contains("CKV_AWS_59"),
        "the open method carries its checkov skip with a reason"
    );
}
