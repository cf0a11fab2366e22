//! `cogform access`: the matrix computed from the generated policies, compared with the intent
//! each example states in its YAML (written out here by hand, negative cases included).

use serde_json::Value;

use crate::support::{copy_example, project, repo, run, snapshot_tree, write};

/// The principals' columns, in the order the matrix prints them.
const PRINCIPALS: [&str; 5] = ["guest", "authenticated", NO_GROUP, "ADMINS", "EDITORS"];

/// The signed-in user in no group (SEC-06): the authenticated role by default.
const NO_GROUP: &str = "signed in, no group";

/// examples/photo-sharing/backend/storage/media.yaml, as intended. `A` is the caller's own
/// identity, `B` another user's. Groups inherit the authenticated and owner grants; a user in
/// no group gets the authenticated role (SEC-06), so exactly the authenticated grants.
const PHOTO_STORAGE: &str = "
    prefix        action  guest  authenticated  signed in, no group  ADMINS  EDITORS
    public/       get     allow  allow          allow                allow   allow
    public/       put     deny   allow          allow                allow   allow
    public/       delete  deny   allow          allow                allow   allow
    public/       list    allow  allow          allow                allow   allow
    protected/A/  get     allow  allow          allow                allow   allow
    protected/A/  put     deny   allow          allow                allow   allow
    protected/A/  delete  deny   allow          allow                allow   allow
    protected/A/  list    allow  allow          allow                allow   allow
    protected/B/  get     allow  allow          allow                allow   allow
    protected/B/  put     deny   deny           deny                 deny    deny
    protected/B/  delete  deny   deny           deny                 deny    deny
    protected/B/  list    allow  allow          allow                allow   allow
    private/A/    get     deny   allow          allow                allow   allow
    private/A/    put     deny   allow          allow                allow   allow
    private/A/    delete  deny   allow          allow                allow   allow
    private/A/    list    deny   allow          allow                allow   allow
    private/B/    get     deny   deny           deny                 deny    deny
    private/B/    put     deny   deny           deny                 deny    deny
    private/B/    delete  deny   deny           deny                 deny    deny
    private/B/    list    deny   deny           deny                 deny    deny
    uploads/      get     deny   deny           deny                 deny    deny
    uploads/      put     deny   allow          allow                allow   allow
    uploads/      delete  deny   deny           deny                 deny    deny
    uploads/      list    deny   deny           deny                 deny    deny
    albums/       get     deny   allow          allow                allow   allow
    albums/       put     deny   deny           deny                 allow   allow
    albums/       delete  deny   deny           deny                 allow   deny
    albums/       list    deny   allow          allow                allow   allow
";

/// examples/photo-sharing/backend/api/photos.yaml, as intended: IAM routes per audience,
/// token routes decided by the Cognito authorizer (`-`), CORS preflights open.
const PHOTO_API: &str = "
    method   path             guest  authenticated  signed in, no group  ADMINS  EDITORS  authorizer
    OPTIONS  /admin/{proxy+}  -      -              -                    -       -        NONE
    ANY      /admin/{proxy+}  -      -              -                    -       -        COGNITO_USER_POOLS
    GET      /me              -      -              -                    -       -        COGNITO_USER_POOLS
    OPTIONS  /me              -      -              -                    -       -        NONE
    GET      /photos          allow  allow          allow                allow   allow    AWS_IAM
    POST     /photos          deny   deny           deny                 allow   allow    AWS_IAM
    OPTIONS  /photos          -      -              -                    -       -        NONE
    GET      /photos/{id}     allow  allow          allow                allow   allow    AWS_IAM
    DELETE   /photos/{id}     deny   deny           deny                 allow   deny     AWS_IAM
    OPTIONS  /photos/{id}     -      -              -                    -       -        NONE
";

/// The rows of an intent table (header skipped), split into words.
fn intent(table: &str) -> Vec<Vec<String>> {
    table
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .skip(1)
        .map(|l| l.split_whitespace().map(String::from).collect())
        .collect()
}

fn access_json(dir: &std::path::Path, extra: &[&str]) -> Value {
    let mut args = vec!["access", "--format", "json"];
    args.extend_from_slice(extra);
    let r = run(dir, &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).expect("access --format json prints JSON")
}

fn environment<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["environments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == name)
        .unwrap_or_else(|| panic!("no environment {name}"))
}

fn named<'a>(list: &'a Value, name: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == name)
        .unwrap_or_else(|| panic!("no table {name}"))
}

/// Storage rows from the JSON as `prefix action cell…` words.
fn storage_rows(table: &Value, principals: &[&str]) -> Vec<Vec<String>> {
    table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let mut row = vec![
                r["prefix"].as_str().unwrap().to_string(),
                r["action"].as_str().unwrap().to_string(),
            ];
            row.extend(
                principals
                    .iter()
                    .map(|p| r["access"][p].as_str().unwrap().to_string()),
            );
            row
        })
        .collect()
}

/// API rows from the JSON as `method path cell… authorizer` words (`-` when not IAM).
fn api_rows(table: &Value) -> Vec<Vec<String>> {
    table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let mut row = vec![
                r["method"].as_str().unwrap().to_string(),
                r["path"].as_str().unwrap().to_string(),
            ];
            row.extend(PRINCIPALS.iter().map(|p| match &r["access"] {
                Value::Null => "-".to_string(),
                access => access[p].as_str().unwrap().to_string(),
            }));
            row.push(r["authorizer"].as_str().unwrap().to_string());
            row
        })
        .collect()
}

/// One storage cell: `allow` or `deny`.
fn cell<'a>(table: &'a Value, prefix: &str, action: &str, who: &str) -> &'a str {
    table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["prefix"] == prefix && r["action"] == action)
        .unwrap_or_else(|| panic!("no row {prefix} {action}"))["access"][who]
        .as_str()
        .unwrap()
}

fn explicitly_denied(table: &Value, prefix: &str, action: &str) -> Vec<String> {
    let row = table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["prefix"] == prefix && r["action"] == action)
        .unwrap();
    row["explicit_deny"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

fn route<'a>(table: &'a Value, method: &str, path: &str) -> &'a Value {
    table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["method"] == method && r["path"] == path)
        .unwrap_or_else(|| panic!("no route {method} {path}"))
}

#[test]
fn photo_sharing_storage_matrix_is_the_intended_one() {
    let doc = access_json(&repo().join("examples/photo-sharing"), &[]);
    let dev = environment(&doc, "dev");
    let principals: Vec<&str> = dev["principals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(principals, PRINCIPALS);
    let media = named(&dev["storage"], "media");
    assert_eq!(storage_rows(media, &PRINCIPALS), intent(PHOTO_STORAGE));

    // The cases the matrix exists for, spelled out.
    for who in PRINCIPALS {
        assert_eq!(
            cell(media, "private/B/", "get", who),
            "deny",
            "{who} reads B's private files"
        );
        assert_eq!(
            cell(media, "private/B/", "list", who),
            "deny",
            "{who} lists B's private files"
        );
    }
    for action in ["put", "delete"] {
        assert_eq!(
            cell(media, "protected/A/", action, "guest"),
            "deny",
            "guest {action}s protected/"
        );
        assert_eq!(
            cell(media, "protected/B/", action, "authenticated"),
            "deny",
            "{action} on B's protected/"
        );
    }
    for action in ["get", "put", "delete", "list"] {
        assert_eq!(
            cell(media, "private/A/", action, "guest"),
            "deny",
            "guest {action} private/"
        );
        for group in ["ADMINS", "EDITORS"] {
            assert_eq!(
                cell(media, "private/A/", action, group),
                "allow",
                "{group} keeps owner {action}"
            );
        }
    }
    assert_eq!(cell(media, "albums/", "put", "EDITORS"), "allow");
    assert_eq!(cell(media, "albums/", "delete", "EDITORS"), "deny");
    assert_eq!(cell(media, "albums/", "delete", "ADMINS"), "allow");
    assert_eq!(cell(media, "albums/", "put", "authenticated"), "deny");
}

#[test]
fn photo_sharing_api_matrix_is_the_intended_one() {
    let doc = access_json(&repo().join("examples/photo-sharing"), &[]);
    let photos = named(&environment(&doc, "dev")["apis"], "photos");
    assert_eq!(photos["api"], "ApiPhotos");
    assert_eq!(photos["stage"], "dev");
    assert_eq!(api_rows(photos), intent(PHOTO_API));

    let get = route(photos, "GET", "/photos");
    assert_eq!(get["access"]["guest"], "allow");
    assert_eq!(route(photos, "POST", "/photos")["access"]["guest"], "deny");
    let delete = route(photos, "DELETE", "/photos/{id}");
    assert_eq!(delete["access"]["EDITORS"], "deny");
    assert_eq!(delete["access"]["ADMINS"], "allow");
    // A parameter is asked about with a concrete value.
    assert!(
        delete["request"]["resource"]
            .as_str()
            .unwrap()
            .ends_with("/dev/DELETE/photos/123"),
        "{delete}"
    );
    let me = route(photos, "GET", "/me");
    assert_eq!(me["authorizer"], "COGNITO_USER_POOLS");
    assert_eq!(
        me["access"],
        Value::Null,
        "IAM does not decide token routes"
    );
    let admin = route(photos, "ANY", "/admin/{proxy+}");
    assert_eq!(admin["scopes"][0], "aws.cognito.signin.user.admin");
}

#[test]
fn text_output_is_one_table_per_bucket_and_api() {
    let r = run(&repo().join("examples/photo-sharing"), &["access"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    let table = |title: &str| -> Vec<Vec<String>> {
        let start = lines
            .iter()
            .position(|l| l.starts_with(title))
            .unwrap_or_else(|| panic!("no `{title}` in\n{}", r.stdout));
        lines[start + 1..]
            .iter()
            .take_while(|l| !l.is_empty())
            .map(|l| l.split_whitespace().map(String::from).collect())
            .collect()
    };
    let storage = table("storage media (bucket StorageMediaBucket)");
    assert_eq!(
        storage[0],
        [
            "prefix",
            "action",
            "guest",
            "authenticated",
            "signed",
            "in,",
            "no",
            "group",
            "ADMINS",
            "EDITORS"
        ]
    );
    assert_eq!(storage[1..], intent(PHOTO_STORAGE)[..]);
    let api = table("api photos (ApiPhotos, stage dev)");
    // The authorizer column may carry scopes after the type.
    let api: Vec<Vec<String>> = api
        .into_iter()
        .map(|row| row.into_iter().take(8).collect())
        .collect();
    assert_eq!(api[1..], intent(PHOTO_API)[..]);
    assert!(
        r.stdout.contains("(scopes: aws.cognito.signin.user.admin)"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.starts_with("environment dev: "), "{}", r.stdout);
}

#[test]
fn json_output_has_a_stable_shape() {
    let doc = access_json(&repo().join("examples/photo-sharing"), &["--env", "dev"]);
    assert_eq!(doc["environments"].as_array().unwrap().len(), 1);
    let dev = environment(&doc, "dev");
    assert_eq!(dev["identities"]["caller"], "us-east-1:A");
    assert_eq!(dev["identities"]["other"], "us-east-1:B");
    assert_eq!(dev["principals"][0]["role"], "GuestRole");
    assert_eq!(dev["principals"][2]["kind"], "no_group");
    assert_eq!(dev["principals"][2]["role"], "AuthenticatedRole");
    assert_eq!(dev["principals"][2]["resolution"], "AuthenticatedRole");
    assert_eq!(dev["principals"][3]["kind"], "group");
    assert_eq!(dev["notes"], serde_json::json!([]));
    let media = named(&dev["storage"], "media");
    assert_eq!(media["bucket"], "StorageMediaBucket");
    let private_a = &media["rows"][12];
    assert_eq!(private_a["prefix"], "private/A/");
    assert_eq!(private_a["owner"], "caller");
    assert_eq!(private_a["action"], "get");
    assert_eq!(private_a["request"]["action"], "s3:GetObject");
    assert_eq!(
        private_a["request"]["resource"],
        "arn:aws:s3:::photos-media-dev-111122223333/private/us-east-1:A/file.txt"
    );
    assert_eq!(private_a["access"]["authenticated"], "allow");
    assert_eq!(media["rows"][16]["owner"], "other");
    let list_b = &media["rows"][19];
    assert_eq!(
        (list_b["prefix"].as_str(), list_b["action"].as_str()),
        (Some("private/B/"), Some("list"))
    );
    assert_eq!(list_b["request"]["action"], "s3:ListBucket");
    assert_eq!(list_b["access"]["EDITORS"], "deny");
    // Nothing in this example is denied explicitly: every deny is the absence of a grant.
    assert_eq!(list_b["explicit_deny"], serde_json::json!([]));
}

#[test]
fn access_renders_in_memory_never_reads_build_and_writes_nothing() {
    let pristine = run(
        &repo().join("examples/photo-sharing"),
        &["access", "--format", "json"],
    );
    assert_eq!(pristine.code, 0, "{}", pristine.stderr);
    let dir = copy_example("photo-sharing");
    // A stale, even unreadable, build/ changes nothing: the matrix is of what the config renders.
    write(
        dir.path(),
        "build/dev.template.yaml",
        "Resources: [not: a template\n",
    );
    let before = snapshot_tree(dir.path());
    let r = run(dir.path(), &["access", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, pristine.stdout);
    assert_eq!(snapshot_tree(dir.path()), before, "access wrote something");
    std::fs::remove_dir_all(dir.path().join("build")).unwrap();
    let again = run(dir.path(), &["access", "--format", "json"]);
    assert_eq!(
        again.stdout, pristine.stdout,
        "deterministic, and no build/ needed"
    );
}

/// `media/*` for every signed-in user, `media/secret/*` for ADMINS only: the parent's grant
/// covers `media/secret/…`, so only an explicit Deny keeps other roles out.
#[test]
fn a_nested_prefix_narrower_than_its_parent_is_denied_explicitly() {
    let dir = project(&[
        (
            "backend/auth.yaml",
            "groups:\n  - { name: ADMINS, precedence: 0 }\n  - { name: EDITORS, precedence: 1 }\nidentity_pool: { guest_access: true }\n",
        ),
        (
            "backend/storage/files.yaml",
            "paths:\n  media/*: { authenticated: [read] }\n  media/secret/*: { groups: { ADMINS: [read] } }\n",
        ),
    ]);
    let doc = access_json(dir.path(), &[]);
    let files = named(&environment(&doc, "dev")["storage"], "files");
    for action in ["get", "list"] {
        assert_eq!(cell(files, "media/", action, "authenticated"), "allow");
        assert_eq!(cell(files, "media/", action, "EDITORS"), "allow");
        assert_eq!(cell(files, "media/", action, "guest"), "deny");
        assert_eq!(
            cell(files, "media/secret/", action, "authenticated"),
            "deny"
        );
        assert_eq!(cell(files, "media/secret/", action, "EDITORS"), "deny");
        assert_eq!(
            cell(files, "media/secret/", action, "ADMINS"),
            "allow",
            "ADMINS read media/secret/"
        );
        assert_eq!(
            explicitly_denied(files, "media/secret/", action),
            ["authenticated", NO_GROUP, "EDITORS"],
            "the deny is explicit (the parent grant alone would allow)"
        );
        assert!(explicitly_denied(files, "media/", action).is_empty());
    }
    for action in ["put", "delete"] {
        for who in PRINCIPALS {
            assert_eq!(cell(files, "media/secret/", action, who), "deny");
        }
    }
}

/// The matrix reads the policies, not the storage config: a Deny statement the auth config
/// adds to the authenticated role (which group roles carry too) wins over the storage grant.
#[test]
fn decisions_come_from_the_generated_policies() {
    let dir = project(&[
        (
            "backend/auth.yaml",
            r#"groups:
  - { name: ADMINS, precedence: 0 }
identity_pool:
  authenticated_role:
    policies:
      - sid: KeepPublicFiles
        effect: deny
        actions: [s3:DeleteObject]
        resources: ["arn:${AWS::Partition}:s3:::test-app-files-dev-${AWS::AccountId}/public/*"]
"#,
        ),
        (
            "backend/storage/files.yaml",
            "levels:\n  public: { authenticated: [read, write, delete] }\n",
        ),
    ]);
    let doc = access_json(dir.path(), &[]);
    let files = named(&environment(&doc, "dev")["storage"], "files");
    assert_eq!(cell(files, "public/", "put", "authenticated"), "allow");
    assert_eq!(cell(files, "public/", "delete", "authenticated"), "deny");
    assert_eq!(cell(files, "public/", "delete", "ADMINS"), "deny");
    assert_eq!(
        explicitly_denied(files, "public/", "delete"),
        ["authenticated", NO_GROUP, "ADMINS"]
    );
}

#[test]
fn environments_are_all_shown_or_one_is_chosen() {
    let social = repo().join("examples/social");
    let all = access_json(&social, &[]);
    let names: Vec<&str> = all["environments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["dev", "prod"]);
    let prod = access_json(&social, &["--env", "prod"]);
    assert_eq!(prod["environments"].as_array().unwrap().len(), 1);
    assert_eq!(prod["environments"][0]["name"], "prod");

    let r = run(&social, &["access", "--env", "staging"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("no environment `staging`"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("known: dev, prod"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
}

#[test]
fn usage_and_configuration_errors_exit_2() {
    let r = run(
        &repo().join("examples/photo-sharing"),
        &["access", "--format", "xml"],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);

    let dir = project(&[(
        "backend/storage/files.yaml",
        "levels:\n  public: { guest: [write] }\n",
    )]);
    let r = run(dir.path(), &["access"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stdout.is_empty(),
        "no matrix for an invalid configuration"
    );

    let empty = tempfile::TempDir::new().unwrap();
    assert_eq!(run(empty.path(), &["access"]).code, 2);

    let help = run(&repo(), &["--help"]);
    assert!(help.stdout.contains("access"), "{}", help.stdout);
}

#[test]
fn every_example_has_a_matrix_without_notes() {
    for name in crate::support::examples() {
        let dir = repo().join("examples").join(&name);
        assert_eq!(run(&dir, &["access"]).code, 0, "{name}");
        let doc = access_json(&dir, &[]);
        for env in doc["environments"].as_array().unwrap() {
            // A note is something the evaluator could not take into account.
            assert_eq!(env["notes"], serde_json::json!([]), "{name}");
        }
    }
}

/// IAM's `*` matches `/`, so the ARN granted for `GET /items/{id}` (`…/GET/items/*`) also
/// matches `…/GET/items/123/admin`; the renderer denies such deeper routes explicitly, so
/// guests and signed-in users cannot call the ADMINS-only route. Found with this matrix.
#[test]
fn a_grant_on_a_parameter_route_does_not_reach_deeper_routes() {
    let dir = project(&[
        (
            "backend/auth.yaml",
            "groups:\n  - { name: ADMINS, precedence: 0 }\nidentity_pool: { guest_access: true }\n",
        ),
        (
            "backend/api/items.yaml",
            r#"functions:
  f: { arn: "arn:aws:lambda:us-east-1:123456789012:function:f" }
paths:
  /items/{id}:
    GET: { function: f, auth: iam, allow: [guest, authenticated] }
  /items/{id}/admin:
    GET: { function: f, auth: iam, allow: [ADMINS] }
"#,
        ),
    ]);
    let doc = access_json(dir.path(), &[]);
    let items = named(&environment(&doc, "dev")["apis"], "items");
    let admin = route(items, "GET", "/items/{id}/admin");
    assert_eq!(admin["access"]["ADMINS"], "allow");
    assert_eq!(admin["access"]["guest"], "deny");
    assert_eq!(admin["access"]["authenticated"], "deny");
}

/// `ANY` is granted only for the verbs it serves: a verb with its own method and narrower
/// `allow` on the same path stays as narrow as written.
#[test]
fn any_does_not_widen_a_sibling_method() {
    let dir = project(&[
        (
            "backend/auth.yaml",
            "identity_pool: { guest_access: true }\n",
        ),
        (
            "backend/api/items.yaml",
            r#"functions:
  f: { arn: "arn:aws:lambda:us-east-1:123456789012:function:f" }
paths:
  /items:
    ANY: { function: f, auth: iam, allow: [authenticated] }
    GET: { function: f, auth: iam, allow: [guest] }
"#,
        ),
    ]);
    let doc = access_json(dir.path(), &[]);
    let items = named(&environment(&doc, "dev")["apis"], "items");
    let get = route(items, "GET", "/items");
    assert_eq!(get["access"]["guest"], "allow");
    assert_eq!(get["access"]["authenticated"], "deny");
}

/// Nesting shapes IAM cannot express are refused instead of rendered wrongly.
#[test]
fn unsound_nesting_is_refused() {
    let dir = project(&[
        ("backend/auth.yaml", "{}\n"),
        (
            "backend/storage/files.yaml",
            "paths:\n  media/*: { authenticated: [read] }\n  media/{identity_id}/*: { owner: [read, write] }\n  a/*: { authenticated: [read, write] }\n  a/b/*: { authenticated: [read] }\n  a/b/c/*: { authenticated: [read, write] }\n",
        ),
    ]);
    let r = run(dir.path(), &["validate"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(
            "backend/storage/files.yaml:6:3: paths.a/b/c/*: paths nest one level at most"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("backend/storage/files.yaml:3:3: paths.media/{identity_id}/*: a path with `{identity_id}` cannot be nested with another path (here under `media/*`)"), "{}", r.stderr);
}

/// Every decision of the signed-in user in no group and of another principal, row by row
/// (storage rows, then IAM API rows).
fn column_pairs(env: &Value, who: &str, other: &str) -> Vec<(String, Value, Value)> {
    let mut out = Vec::new();
    for table in env["storage"].as_array().unwrap() {
        for r in table["rows"].as_array().unwrap() {
            out.push((
                format!("{} {} {}", table["name"], r["prefix"], r["action"]),
                r["access"][who].clone(),
                r["access"][other].clone(),
            ));
        }
    }
    for table in env["apis"].as_array().unwrap() {
        for r in table["rows"].as_array().unwrap() {
            if r["access"].is_null() {
                continue; // decided by the Cognito authorizer, not by IAM
            }
            out.push((
                format!("{} {} {}", table["name"], r["verb"], r["path"]),
                r["access"][who].clone(),
                r["access"][other].clone(),
            ));
        }
    }
    out
}

/// issue 10 §2: by default a signed-in user in no group gets exactly the authenticated
/// role's grants, shown as its own principal next to the groups, from the template's role
/// mapping (text and JSON).
#[test]
fn users_in_no_group_get_the_authenticated_grants_by_default() {
    for name in ["photo-sharing", "social"] {
        let doc = access_json(&repo().join("examples").join(name), &[]);
        for env in doc["environments"].as_array().unwrap() {
            let principal = env["principals"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["name"] == NO_GROUP)
                .unwrap_or_else(|| panic!("{name}: no `{NO_GROUP}` principal"));
            assert_eq!(
                principal,
                &serde_json::json!({"name": NO_GROUP, "kind": "no_group",
                    "role": "AuthenticatedRole", "resolution": "AuthenticatedRole"}),
                "{name}"
            );
            let pairs = column_pairs(env, NO_GROUP, "authenticated");
            // social has neither storage nor API: only its principal is checked.
            assert!(name == "social" || pairs.len() > 10, "{name}: {pairs:?}");
            for (row, none, authenticated) in pairs {
                assert_eq!(none, authenticated, "{name} {row}");
            }
        }
    }
    let r = run(&repo().join("examples/photo-sharing"), &["access"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("\n  principals: guest (GuestRole), authenticated (AuthenticatedRole), ADMINS (GroupADMINSRole), EDITORS (GroupEDITORSRole)\n  signed in, no group: gets AuthenticatedRole (AmbiguousRoleResolution: AuthenticatedRole)\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "\n  prefix        action  guest  authenticated  signed in, no group  ADMINS  EDITORS\n  public/       get     allow  allow          allow                allow   allow\n"
        ),
        "{}",
        r.stdout
    );
}

/// With `users_without_group: no_credentials` the same user gets no credentials at all, in
/// every cell, while the guest, the authenticated role and the groups keep every decision.
#[test]
fn with_no_credentials_users_in_no_group_get_nothing_and_nobody_else_changes() {
    let pristine = access_json(&repo().join("examples/photo-sharing"), &[]);
    let dir = copy_example("photo-sharing");
    let auth = std::fs::read_to_string(dir.path().join("backend/auth.yaml")).unwrap();
    assert!(
        auth.ends_with("identity_pool:\n  guest_access: true\n"),
        "{auth}"
    );
    write(
        dir.path(),
        "backend/auth.yaml",
        format!("{auth}  users_without_group: no_credentials\n"),
    );
    let doc = access_json(dir.path(), &[]);
    let (before, after) = (environment(&pristine, "dev"), environment(&doc, "dev"));
    assert_eq!(
        after["principals"][2],
        serde_json::json!({"name": NO_GROUP, "kind": "no_group", "role": null, "resolution": "Deny"})
    );
    assert_eq!(after["notes"], serde_json::json!([]));
    for who in ["guest", "authenticated", "ADMINS", "EDITORS"] {
        let was = column_pairs(before, who, who);
        let now = column_pairs(after, who, who);
        assert_eq!(was, now, "{who} changed");
    }
    let pairs = column_pairs(after, NO_GROUP, "authenticated");
    assert!(pairs.len() > 10);
    for (row, none, _) in &pairs {
        assert_eq!(none, "no credentials", "{row}");
    }
    let media = named(&after["storage"], "media");
    assert!(
        explicitly_denied(media, "public/", "put").is_empty(),
        "no credentials is not an explicit deny"
    );

    let r = run(dir.path(), &["access"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("\n  signed in, no group: gets no credentials (AmbiguousRoleResolution: Deny; only group members get AWS credentials)\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "\n  public/       put     deny   allow          no credentials       allow   allow\n"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "\n  POST     /photos          deny   deny           no credentials       allow   allow    AWS_IAM\n"
        ),
        "{}",
        r.stdout
    );
}

/// Without group roles nobody is told apart by group: every signed-in user gets the
/// authenticated role, and there is no separate principal.
#[test]
fn without_group_roles_there_is_no_separate_principal() {
    for auth in [
        "identity_pool: { group_roles: none }\ngroups:\n  - { name: ADMINS, precedence: 0 }\n",
        "{}\n",
    ] {
        let dir = project(&[
            ("backend/auth.yaml", auth),
            (
                "backend/storage/files.yaml",
                "levels:\n  public: { authenticated: [read] }\n",
            ),
        ]);
        let doc = access_json(dir.path(), &[]);
        let names: Vec<&str> = environment(&doc, "dev")["principals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["authenticated"], "{auth}");
        let r = run(dir.path(), &["access"]);
        assert!(!r.stdout.contains(NO_GROUP), "{}", r.stdout);
    }
}
