//! `cogform outputs`: amplify_outputs.json from the configuration and a stack's outputs. Every
//! example and environment gets a file valid against the official schema (copied in
//! data/amplify-outputs/), and each field group holds the configuration's values or the stack's
//! ids. The stacks here are synthetic: every output the committed template declares, with a
//! recognisable value (the e2e suite, scripts/e2e.sh, uses real ones from an emulator).

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};

use crate::support::{copy_example, examples, project, repo, run, write};

const REGION: &str = "eu-west-2";

/// The committed template of `env` in `examples/<name>`, parsed.
fn template(name: &str, env: &str) -> Value {
    let path = repo().join(format!("examples/{name}/build/{env}.template.yaml"));
    let text = std::fs::read_to_string(path).unwrap();
    cogform::load::yaml::parse(&text).unwrap().value
}

fn environments(name: &str) -> Vec<String> {
    let mut envs: Vec<String> = std::fs::read_dir(repo().join(format!("examples/{name}/build")))
        .unwrap()
        .filter_map(Result::ok)
        .filter_map(|e| {
            let file = e.file_name().to_string_lossy().into_owned();
            file.strip_suffix(".template.yaml").map(String::from)
        })
        .collect();
    envs.sort();
    envs
}

/// What `describe-stacks` would print for a stack deployed from the template: every declared
/// output, valued `<Key>-value` (the Region `eu-west-2`).
fn describe_stacks(template: &Value) -> Value {
    let outputs: Vec<Value> = template["Outputs"]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| {
            let v = if k == "Region" {
                REGION.to_string()
            } else {
                format!("{k}-value")
            };
            json!({ "OutputKey": k, "OutputValue": v, "Description": "d" })
        })
        .collect();
    json!({ "Stacks": [{
        "StackName": "app-stack",
        "Description": template["Description"],
        "StackStatus": "CREATE_COMPLETE",
        "Outputs": outputs,
    }]})
}

/// Runs `outputs` in `dir` with `stack` as the stack outputs; returns (exit, stderr, file).
fn outputs(dir: &Path, stack: &Value, extra: &[&str]) -> (i32, String, Option<Value>) {
    write(
        dir,
        "stack.json",
        serde_json::to_string_pretty(stack).unwrap(),
    );
    let _ = std::fs::remove_file(dir.join("amplify_outputs.json"));
    let mut args = vec!["outputs", "--stack-outputs", "stack.json"];
    args.extend_from_slice(extra);
    let r = run(dir, &args);
    let file = std::fs::read_to_string(dir.join("amplify_outputs.json"))
        .ok()
        .map(|t| serde_json::from_str(&t).unwrap());
    (r.code, r.stderr, file)
}

/// The file of examples/<name>, environment `env`, from a synthetic stack.
fn example_file(name: &str, env: &str) -> Value {
    let dir = copy_example(name);
    let (code, stderr, file) = outputs(dir.path(), &describe_stacks(&template(name, env)), &[]);
    assert_eq!(code, 0, "{name}/{env}: {stderr}");
    file.unwrap()
}

fn official_schema() -> Value {
    let text =
        std::fs::read_to_string(repo().join("data/amplify-outputs/schema-v1.4.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn every_example_and_environment_gets_a_file_valid_against_the_official_schema() {
    let validator = jsonschema::validator_for(&official_schema()).unwrap();
    for name in examples() {
        for env in environments(&name) {
            let dir = copy_example(&name);
            let stack = describe_stacks(&template(&name, &env));
            let (code, stderr, file) = outputs(dir.path(), &stack, &[]);
            assert_eq!(code, 0, "{name}/{env}: {stderr}");
            let file = file.unwrap();
            let problems: Vec<String> = validator
                .iter_errors(&file)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect();
            assert!(problems.is_empty(), "{name}/{env}: {problems:?}");
            assert_eq!(file["version"], "1.4");
            // Golden file: any change to the mapping shows up in review.
            let text = std::fs::read_to_string(dir.path().join("amplify_outputs.json")).unwrap();
            insta::assert_snapshot!(format!("outputs__{name}__{env}"), text);
        }
    }
}

#[test]
fn the_file_is_byte_identical_across_runs_and_whatever_the_outputs_order() {
    let dir = copy_example("photo-sharing");
    let mut stack = describe_stacks(&template("photo-sharing", "dev"));
    let (_, _, _) = outputs(dir.path(), &stack, &[]);
    let first = std::fs::read(dir.path().join("amplify_outputs.json")).unwrap();
    stack["Stacks"][0]["Outputs"]
        .as_array_mut()
        .unwrap()
        .reverse();
    let (code, _, _) = outputs(dir.path(), &stack, &[]);
    assert_eq!(code, 0);
    assert_eq!(
        first,
        std::fs::read(dir.path().join("amplify_outputs.json")).unwrap()
    );
    // A second run over an identical file says so and leaves it alone.
    let r = run(
        dir.path(),
        &[
            "outputs",
            "--stack-outputs",
            "stack.json",
            "-o",
            "amplify_outputs.json",
        ],
    );
    assert_eq!(r.code, 0);
    assert!(r.stderr.contains("is up to date"), "{}", r.stderr);
}

#[test]
fn auth_ids_come_from_the_stack_and_the_client_is_the_first_web_client() {
    for name in examples() {
        let auth = &example_file(&name, "dev")["auth"];
        assert_eq!(auth["aws_region"], REGION, "{name}");
        assert_eq!(auth["user_pool_id"], "UserPoolId-value", "{name}");
        assert_eq!(auth["identity_pool_id"], "IdentityPoolId-value", "{name}");
        // social has `web` and `ios` (native): web wins.
        assert_eq!(
            auth["user_pool_client_id"], "UserPoolClientWebId-value",
            "{name}"
        );
    }
    // No web client: the first native one; only server clients: refused, naming the fix.
    let dir = crate::support::auth_project(
        "clients:\n  - { name: backend, kind: server }\n  - { name: phone-app, kind: native }\n",
    );
    let stack = json!([
        { "OutputKey": "Region", "OutputValue": "us-east-1" },
        { "OutputKey": "UserPoolId", "OutputValue": "p" },
        { "OutputKey": "UserPoolClientPhoneAppId", "OutputValue": "native-id" },
        { "OutputKey": "UserPoolClientBackendId", "OutputValue": "server-id" },
        { "OutputKey": "IdentityPoolId", "OutputValue": "i" }
    ]);
    let (code, stderr, file) = outputs(dir.path(), &stack, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(file.unwrap()["auth"]["user_pool_client_id"], "native-id");
    let dir = crate::support::auth_project("clients: [{ name: backend, kind: server }]\n");
    let (code, stderr, file) = outputs(dir.path(), &stack, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(file.is_none());
    assert!(stderr.contains("no `web` or `native` client"), "{stderr}");
}

#[test]
fn auth_settings_come_from_the_configuration() {
    let minimal = &example_file("minimal", "dev")["auth"];
    assert_eq!(
        minimal["password_policy"],
        json!({ "min_length": 12, "require_numbers": true, "require_lowercase": true,
                "require_uppercase": true, "require_symbols": true })
    );
    assert_eq!(minimal["username_attributes"], json!(["email"]));
    assert_eq!(minimal["user_verification_types"], json!(["email"]));
    assert_eq!(minimal["standard_required_attributes"], json!(["email"]));
    assert_eq!(minimal["unauthenticated_identities_enabled"], false);
    assert_eq!(minimal["mfa_configuration"], "OPTIONAL");
    assert_eq!(minimal["mfa_methods"], json!(["TOTP"]));
    assert_eq!(minimal["groups"], json!([]));
    assert!(minimal.get("oauth").is_none());

    let social = &example_file("social", "dev")["auth"];
    assert_eq!(social["mfa_methods"], json!(["SMS", "TOTP"]));
    // email_then_phone recovery verifies the phone number too.
    assert_eq!(
        social["user_verification_types"],
        json!(["email", "phone_number"])
    );
    assert_eq!(social["unauthenticated_identities_enabled"], true);
    // Groups in precedence order, whatever their order in the file.
    assert_eq!(
        social["groups"],
        json!([{ "ADMINS": { "precedence": 0 } }, { "EDITORS": { "precedence": 1 } }])
    );

    let dir = crate::support::auth_project(
        "login: { username: true, email: true }\npassword: { min_length: 10, require: [numbers] }\nmfa: { mode: required, methods: [totp] }\nattributes: { given_name: { required: true } }\nidentity_pool: { enabled: false }\ngroups: [{ name: b, precedence: 5 }, { name: a, precedence: 2 }]\n",
    );
    let stack = json!([
        { "OutputKey": "Region", "OutputValue": "us-east-1" },
        { "OutputKey": "UserPoolId", "OutputValue": "p" },
        { "OutputKey": "UserPoolClientWebId", "OutputValue": "c" }
    ]);
    let (code, stderr, file) = outputs(dir.path(), &stack, &[]);
    assert_eq!(code, 0, "{stderr}");
    let auth = &file.unwrap()["auth"];
    assert_eq!(
        auth["password_policy"],
        json!({ "min_length": 10, "require_numbers": true, "require_lowercase": false,
                "require_uppercase": false, "require_symbols": false })
    );
    // With user names, email is an alias: sign-up asks for a user name.
    assert_eq!(auth["username_attributes"], json!(["username"]));
    // Signing in with it (here as an alias) makes email required, as the template's Schema says.
    assert_eq!(
        auth["standard_required_attributes"],
        json!(["email", "given_name"])
    );
    assert_eq!(auth["mfa_configuration"], "REQUIRED");
    // No identity pool: no id, and no guests.
    assert!(auth.get("identity_pool_id").is_none());
    assert_eq!(auth["unauthenticated_identities_enabled"], false);
    assert_eq!(
        auth["groups"],
        json!([{ "a": { "precedence": 2 } }, { "b": { "precedence": 5 } }])
    );
}

#[test]
fn oauth_lists_only_the_four_social_providers_and_the_environments_urls() {
    let dev = &example_file("social", "dev")["auth"]["oauth"];
    // social also has OIDC (Okta) and SAML (Corp): the format has no place for them.
    assert_eq!(
        dev["identity_providers"],
        json!([
            "GOOGLE",
            "FACEBOOK",
            "LOGIN_WITH_AMAZON",
            "SIGN_IN_WITH_APPLE"
        ])
    );
    assert_eq!(dev["domain"], "HostedUiDomain-value");
    assert_eq!(dev["scopes"], json!(["email", "openid", "profile"]));
    assert_eq!(
        dev["redirect_sign_in_uri"],
        json!([
            "http://localhost:3000/profile",
            "https://mywebsite.com/profile"
        ])
    );
    assert_eq!(
        dev["redirect_sign_out_uri"],
        json!(["http://localhost:3000/", "https://mywebsite.com"])
    );
    assert_eq!(dev["response_type"], "code");
    // prod overrides the URLs.
    let prod = &example_file("social", "prod")["auth"]["oauth"];
    assert_eq!(
        prod["redirect_sign_in_uri"],
        json!(["https://photoshare.example.com/profile"])
    );
    assert_eq!(
        prod["redirect_sign_out_uri"],
        json!(["https://photoshare.example.com/"])
    );
    let photos = &example_file("photo-sharing", "dev")["auth"]["oauth"];
    assert_eq!(photos["identity_providers"], json!(["GOOGLE"]));

    // A hosted UI without sign-out URL: the format requires one, so no oauth, and a warning.
    let dir = crate::support::auth_project(
        "hosted_ui: { domain_prefix: demo-app, callback_urls: [\"https://a.example.com/\"] }\n",
    );
    let stack = json!([
        { "OutputKey": "Region", "OutputValue": "us-east-1" },
        { "OutputKey": "UserPoolId", "OutputValue": "p" },
        { "OutputKey": "UserPoolClientWebId", "OutputValue": "c" },
        { "OutputKey": "IdentityPoolId", "OutputValue": "i" },
        { "OutputKey": "HostedUiDomain", "OutputValue": "d" }
    ]);
    let (code, stderr, file) = outputs(dir.path(), &stack, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(file.unwrap()["auth"].get("oauth").is_none());
    assert!(
        stderr.contains("warning: app client `web` has no logout URL"),
        "{stderr}"
    );
}

#[test]
fn storage_lists_every_bucket_with_its_paths_in_the_formats_vocabulary() {
    let storage = &example_file("photo-sharing", "dev")["storage"];
    assert_eq!(storage["aws_region"], REGION);
    assert_eq!(storage["bucket_name"], "StorageMediaBucketName-value");
    let bucket = &storage["buckets"][0];
    assert_eq!(storage["buckets"].as_array().unwrap().len(), 1);
    assert_eq!(bucket["name"], "media");
    assert_eq!(bucket["bucket_name"], "StorageMediaBucketName-value");
    assert_eq!(bucket["aws_region"], REGION);
    let rw = json!(["get", "list", "write", "delete"]);
    let read = json!(["get", "list"]);
    assert_eq!(
        bucket["paths"],
        json!({
            "public/*": { "guest": read, "authenticated": rw },
            "protected/*": { "guest": read, "authenticated": read },
            "protected/${cognito-identity.amazonaws.com:sub}/*": { "entityidentity": rw },
            "private/${cognito-identity.amazonaws.com:sub}/*": { "entityidentity": rw },
            "uploads/*": { "authenticated": ["write"] },
            "albums/*": {
                "authenticated": read,
                "groupsADMINS": rw,
                "groupsEDITORS": ["get", "list", "write"]
            }
        })
    );
    // No storage files: no storage section.
    for name in ["minimal", "social"] {
        assert!(example_file(name, "dev").get("storage").is_none(), "{name}");
    }
}

#[test]
fn the_default_bucket_is_the_one_marked_default_or_the_only_one() {
    let stack = |names: &[&str]| {
        let mut list = vec![
            json!({ "OutputKey": "Region", "OutputValue": "us-east-1" }),
            json!({ "OutputKey": "UserPoolId", "OutputValue": "p" }),
            json!({ "OutputKey": "UserPoolClientWebId", "OutputValue": "c" }),
            json!({ "OutputKey": "IdentityPoolId", "OutputValue": "i" }),
        ];
        for n in names {
            list.push(json!({ "OutputKey": format!("Storage{n}BucketName"), "OutputValue": format!("bucket-{n}") }));
        }
        Value::Array(list)
    };
    let level = "levels: { public: { authenticated: [read] } }\n";
    let dir = project(&[
        ("backend/auth.yaml", "{}\n"),
        ("backend/storage/docs.yaml", level),
        (
            "backend/storage/media.yaml",
            &format!("default: true\n{level}"),
        ),
    ]);
    let (code, stderr, file) = outputs(dir.path(), &stack(&["Docs", "Media"]), &[]);
    assert_eq!(code, 0, "{stderr}");
    let storage = &file.unwrap()["storage"];
    assert_eq!(storage["bucket_name"], "bucket-Media");
    let names: Vec<&str> = storage["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["docs", "media"]);

    let dir = project(&[
        ("backend/auth.yaml", "{}\n"),
        ("backend/storage/docs.yaml", level),
    ]);
    let (code, stderr, file) = outputs(dir.path(), &stack(&["Docs"]), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(file.unwrap()["storage"]["bucket_name"], "bucket-Docs");

    let dir = project(&[
        ("backend/auth.yaml", "{}\n"),
        ("backend/storage/docs.yaml", level),
        ("backend/storage/media.yaml", level),
    ]);
    let (code, stderr, file) = outputs(dir.path(), &stack(&["Docs", "Media"]), &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(file.is_none());
    assert!(stderr.contains("none is `default: true`"), "{stderr}");
}

#[test]
fn rest_apis_go_under_custom_api_by_name() {
    let file = example_file("photo-sharing", "dev");
    assert_eq!(
        file["custom"],
        json!({ "API": { "photos": {
            "endpoint": "ApiPhotosUrl-value",
            "region": REGION,
            "apiName": "photos"
        } } })
    );
    assert!(example_file("minimal", "dev").get("custom").is_none());
}

#[test]
fn every_missing_output_is_named_and_nothing_is_written() {
    let dir = copy_example("photo-sharing");
    let mut stack = describe_stacks(&template("photo-sharing", "dev"));
    let kept: Vec<Value> = stack["Stacks"][0]["Outputs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| {
            !["UserPoolClientWebId", "ApiPhotosUrl"].contains(&o["OutputKey"].as_str().unwrap())
        })
        .cloned()
        .collect();
    stack["Stacks"][0]["Outputs"] = Value::Array(kept);
    let (code, stderr, file) = outputs(dir.path(), &stack, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(file.is_none());
    assert!(
        stderr.contains("`UserPoolClientWebId` (the id of app client `web`)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`ApiPhotosUrl` (the URL of the `photos` API)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("deploy the current build/dev.template.yaml"),
        "{stderr}"
    );
}

#[test]
fn the_environment_comes_from_the_flag_or_the_stack_and_must_agree() {
    let dir = copy_example("social");
    let prod = describe_stacks(&template("social", "prod"));
    // The stack's description names prod: no flag needed.
    let (code, stderr, file) = outputs(dir.path(), &prod, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("environment prod"), "{stderr}");
    assert_eq!(
        file.unwrap()["auth"]["oauth"]["redirect_sign_in_uri"],
        json!(["https://photoshare.example.com/profile"])
    );
    // A flag that contradicts the stack is refused.
    let (code, stderr, _) = outputs(dir.path(), &prod, &["--env", "dev"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("deployed from the `prod` template, not `dev`"),
        "{stderr}"
    );
    // A bare output list says nothing: with two environments the flag is needed.
    let bare = prod["Stacks"][0]["Outputs"].clone();
    let (code, stderr, _) = outputs(dir.path(), &bare, &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("pass `--env ENV`"), "{stderr}");
    let (code, stderr, _) = outputs(dir.path(), &bare, &["--env", "prod"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, stderr, _) = outputs(dir.path(), &bare, &["--env", "staging"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no environment `staging`"), "{stderr}");
    // Another project's stack is refused.
    let other = describe_stacks(&template("photo-sharing", "dev"));
    let (code, stderr, _) = outputs(dir.path(), &other, &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("project `photos`, not `photoshare`"),
        "{stderr}"
    );
}

#[test]
fn malformed_stack_outputs_are_refused_with_exit_2() {
    let dir = copy_example("minimal");
    for (content, expected) in [
        ("{ nope", "are not JSON"),
        ("{\"Stacks\": []}", "list no stack"),
        ("{\"Stacks\": [{}, {}]}", "2 stacks"),
        ("[{\"OutputKey\": 1}]", "no `OutputKey` and `OutputValue`"),
    ] {
        write(dir.path(), "bad.json", content);
        let r = run(dir.path(), &["outputs", "--stack-outputs", "bad.json"]);
        assert_eq!(r.code, 2, "{content}: {}", r.stderr);
        assert!(r.stderr.contains(expected), "{content}: {}", r.stderr);
        assert!(!dir.path().join("amplify_outputs.json").exists());
    }
    let r = run(dir.path(), &["outputs", "--stack-outputs", "absent.json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("cannot read absent.json"), "{}", r.stderr);
    // An invalid configuration is reported as by every command.
    write(
        dir.path(),
        "backend/auth.yaml",
        "password: { min_length: 3 }\n",
    );
    write(dir.path(), "ok.json", "[]");
    let r = run(dir.path(), &["outputs", "--stack-outputs", "ok.json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("min_length"), "{}", r.stderr);
}

#[test]
fn standard_output_and_standard_input_work_as_dash() {
    let dir = copy_example("minimal");
    let stack = describe_stacks(&template("minimal", "dev"));
    let out = crate::support::cogform(dir.path())
        .args(["outputs", "--stack-outputs", "-", "-o", "-"])
        .write_stdin(serde_json::to_string(&stack).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let file: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(file["auth"]["user_pool_id"], "UserPoolId-value");
    assert!(!dir.path().join("amplify_outputs.json").exists());
}

#[test]
fn every_output_the_file_reads_is_declared_by_the_template() {
    // The synthetic stacks above hold exactly the template's outputs, and every example
    // succeeds with them; this checks the converse for the ids: each value taken from the
    // stack is one of those outputs (no value is invented).
    for name in examples() {
        for env in environments(&name) {
            let t = template(&name, &env);
            let declared: BTreeMap<String, String> = t["Outputs"]
                .as_object()
                .unwrap()
                .keys()
                .map(|k| (format!("{k}-value"), k.clone()))
                .collect();
            let file = example_file(&name, &env);
            let mut strings = Vec::new();
            collect_strings(&file, &mut strings);
            for s in strings.iter().filter(|s| s.ends_with("-value")) {
                assert!(declared.contains_key(*s), "{name}/{env}: {s}");
            }
        }
    }
}

fn collect_strings<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::String(s) => out.push(s),
        Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        Value::Object(m) => m.values().for_each(|x| collect_strings(x, out)),
        _ => {}
    }
}
