//! The interactive flow in a real pseudo-terminal, driving the built binary as a person would.

use rexpect::session::PtySession;

use crate::support::{copy_example, pty, pty_exit_code, replace_in, repo, run, snapshot_tree};

#[test]
fn init_asks_validates_as_typed_and_writes_a_project_that_builds() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut p = pty(dir.path(), &["init"], 20_000);
    p.exp_string("Project name?").unwrap();
    // An invalid name is refused at the prompt, with the rule, and can be corrected.
    p.send_line("Bad Name").unwrap();
    p.exp_string("lowercase letters").unwrap();
    for _ in 0.."Bad Name".len() {
        p.send("\x7f").unwrap();
        p.flush().unwrap();
    }
    p.send_line("demo-app").unwrap();
    p.exp_string("How do users sign in?").unwrap();
    // Wait for the whole list (its help line is drawn last) before pressing keys.
    p.exp_string("once the user pool exists").unwrap();
    p.send("\x1b[B").unwrap(); // arrow down: email → phone
    p.flush().unwrap(); // `send` is line-buffered
    p.exp_string("> phone").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Give guests").unwrap();
    p.send_line("y").unwrap();
    p.exp_string("created backend/auth.yaml").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(pty_exit_code(&p), 0);

    let project = std::fs::read_to_string(dir.path().join("cogform.yaml")).unwrap();
    assert!(project.contains("project: demo-app"), "{project}");
    let auth = std::fs::read_to_string(dir.path().join("backend/auth.yaml")).unwrap();
    assert!(auth.contains("  phone: true"), "{auth}");
    assert!(auth.contains("guest_access: true"), "{auth}");
    assert_eq!(run(dir.path(), &["validate"]).code, 0);
    assert_eq!(run(dir.path(), &["build"]).code, 0);
    assert!(dir.path().join("build/dev.template.yaml").is_file());
}

#[test]
fn ctrl_c_at_a_prompt_writes_nothing() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut p = pty(dir.path(), &["init"], 20_000);
    p.exp_string("Project name?").unwrap();
    p.send_line("demo").unwrap();
    p.exp_string("How do users sign in?").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("cancelled: nothing was written").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(pty_exit_code(&p), 2);
    assert!(snapshot_tree(dir.path()).is_empty());
}

/// Presses keys (arrows, space) without a newline: `send` is line-buffered.
fn keys(p: &mut PtySession, k: &str) {
    p.send(k).unwrap();
    p.flush().unwrap();
}

const DOWN: &str = "\x1b[B";

/// Waits for a question, then for its help line (drawn last), then answers with `line`.
fn answer(p: &mut PtySession, question: &str, help: &str, line: &str) {
    p.exp_string(question).unwrap();
    p.exp_string(help).unwrap();
    p.send_line(line).unwrap();
}

/// Waits for a list question (its help line is drawn last), presses `before`, then Enter.
fn choose(p: &mut PtySession, question: &str, help: &str, before: &[&str]) {
    p.exp_string(question).unwrap();
    p.exp_string(help).unwrap();
    for k in before {
        keys(p, k);
    }
    p.send_line("").unwrap();
}

const MULTI: &str = "enter: confirm)";

/// Deletes `typed` from a text prompt (a refused answer stays in the line).
fn erase(p: &mut PtySession, typed: &str) {
    for _ in typed.chars() {
        keys(p, "\x7f");
    }
}

#[test]
fn add_auth_api_and_storage_in_a_terminal_then_validate_and_build() {
    let dir = tempfile::TempDir::new().unwrap();
    crate::support::write(dir.path(), "cogform.yaml", "project: demo\n");

    let mut p = pty(dir.path(), &["add", "auth"], 30_000);
    choose(
        &mut p,
        "How do you want to set up",
        "The defaults: email",
        &[DOWN],
    );
    choose(&mut p, "How do users sign in?", MULTI, &[]);
    choose(&mut p, "Besides a password", MULTI, &[]);
    choose(&mut p, "Which standard attributes", MULTI, &[]);
    answer(&mut p, "Custom attributes?", "type and mutability", "plan");
    choose(&mut p, "Type of custom:plan?", "Cannot be changed", &[]);
    answer(
        &mut p,
        "Can users change custom:plan",
        "drive authorization",
        "n",
    );
    answer(
        &mut p,
        "Can users sign themselves up?",
        "only administrators",
        "",
    );
    answer(&mut p, "Minimum password length?", "recommended", "");
    choose(&mut p, "Which characters", MULTI, &[]);
    choose(
        &mut p,
        "Multi-factor authentication?",
        "every user must",
        &[],
    );
    choose(&mut p, "Which second factors?", MULTI, &[]);
    answer(&mut p, "Which address sends", "Through your Amazon SES", "");
    choose(&mut p, "How do users recover", "administrator resets", &[]);
    answer(&mut p, "User groups?", "asked next", "ADMINS, EDITORS");
    answer(&mut p, "Precedence of ADMINS?", "lowest precedence", "");
    answer(&mut p, "Precedence of EDITORS?", "lowest precedence", "");
    choose(&mut p, "Which identity providers", MULTI, &[" "]); // google
    answer(
        &mut p,
        "Google client id?",
        "Public",
        "123-abc.apps.googleusercontent.com",
    );
    answer(
        &mut p,
        "holding the Google client secret?",
        "never paste",
        "",
    );
    // Refused as typed, with validate's own message; corrected in place.
    answer(
        &mut p,
        "Hosted UI domain prefix?",
        "globally unique",
        "aws-demo",
    );
    p.exp_string("Cognito refuses domain prefixes containing `aws`")
        .unwrap();
    for _ in 0.."aws-demo".len() {
        keys(&mut p, "\x7f");
    }
    p.send_line("demo-auth").unwrap();
    answer(
        &mut p,
        "Callback URLs?",
        "exactly http://localhost",
        "https://demo.example.com/",
    );
    answer(&mut p, "Sign-out URLs?", "after sign-out", "");
    answer(&mut p, "Use managed login", "offer passkeys", "");
    choose(
        &mut p,
        "Which Cognito feature plan?",
        "lite: passwords",
        &[],
    );
    answer(&mut p, "Give guests", "read-only role", "y");
    choose(&mut p, "its own IAM role?", "chosen from the id token", &[]);
    // Asked because groups have roles; the plain-words options, the second one picked.
    p.exp_string("What do signed-in users who are in no group get?")
        .unwrap();
    p.exp_string("> the signed-in users' access (the authenticated role)")
        .unwrap();
    choose(
        &mut p,
        "no AWS credentials (only group members get any)",
        "Group members get their group's role",
        &[DOWN],
    );
    p.exp_string("created backend/auth.yaml").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(pty_exit_code(&p), 0);

    let auth = std::fs::read_to_string(dir.path().join("backend/auth.yaml")).unwrap();
    assert!(
        auth.starts_with("# yaml-language-server: $schema=../.cogform/schemas/auth.schema.json\n"),
        "{auth}"
    );
    assert!(
        auth.contains("plan: { type: string, mutable: false }"),
        "{auth}"
    );
    assert!(
        auth.contains("- { name: EDITORS, precedence: 1 }"),
        "{auth}"
    );
    assert!(
        auth.contains("client_secret: { secret: demo/google, key: client_secret }"),
        "{auth}"
    );
    assert!(auth.contains("domain_prefix: demo-auth"), "{auth}");
    assert!(
        auth.contains(
            "identity_pool: { guest_access: true, users_without_group: no_credentials }\n"
        ),
        "{auth}"
    );

    let mut p = pty(dir.path(), &["add", "api"], 30_000);
    answer(
        &mut p,
        "Name of the API?",
        "part of resource names",
        "photos",
    );
    answer(&mut p, "Lambda functions the API calls?", "asked next", "");
    choose(
        &mut p,
        "Where is the code of `photos`?",
        "Project code is uploaded",
        &[],
    );
    answer(
        &mut p,
        "ARN of `photos`?",
        "function:NAME",
        "arn:aws:lambda:eu-west-1:123456789012:function:photos",
    );
    answer(&mut p, "Routes?", "the rest", "GET /photos, POST /photos");
    choose(&mut p, "Who can call GET /photos?", "anyone", &[]);
    choose(
        &mut p,
        "Which callers may invoke GET /photos?",
        MULTI,
        &[" "],
    ); // + guest
    choose(&mut p, "Who can call POST /photos?", "anyone", &[]);
    // authenticated off, EDITORS on.
    choose(
        &mut p,
        "Which callers may invoke POST /photos?",
        MULTI,
        &[DOWN, " ", DOWN, DOWN, " "],
    );
    answer(&mut p, "Which web origins may call the API", "no path", "");
    p.exp_string("created backend/api/photos.yaml").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(pty_exit_code(&p), 0);
    let api = std::fs::read_to_string(dir.path().join("backend/api/photos.yaml")).unwrap();
    assert!(
        api.contains("GET: { function: photos, auth: iam, allow: [guest, authenticated] }"),
        "{api}"
    );
    assert!(
        api.contains("POST: { function: photos, auth: iam, allow: [EDITORS] }"),
        "{api}"
    );

    let mut p = pty(dir.path(), &["add", "storage", "media"], 30_000);
    answer(
        &mut p,
        "Is this the default bucket?",
        "when none is named",
        "",
    );
    choose(&mut p, "Which access levels", MULTI, &[]);
    choose(
        &mut p,
        "What may guests (not signed in) do in public/?",
        "delete: remove",
        &[DOWN],
    );
    choose(
        &mut p,
        "What may signed-in users do in public/?",
        "delete: remove",
        &[],
    );
    choose(
        &mut p,
        "Which groups may read, write and delete in public/?",
        MULTI,
        &[DOWN, " "],
    );
    choose(
        &mut p,
        "What may guests (not signed in) do in protected/",
        "read-only",
        &[],
    );
    choose(
        &mut p,
        "What may signed-in users do in protected/",
        "read-only",
        &[],
    );
    choose(
        &mut p,
        "What may the owner do in protected/",
        "delete: remove",
        &[],
    );
    choose(
        &mut p,
        "What may the owner do in private/",
        "delete: remove",
        &[],
    );
    answer(
        &mut p,
        "Which web origins may use the bucket",
        "no path",
        "http://localhost:5173",
    );
    p.exp_string("created backend/storage/media.yaml").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(pty_exit_code(&p), 0);
    let storage = std::fs::read_to_string(dir.path().join("backend/storage/media.yaml")).unwrap();
    assert!(
        storage.contains("    guest: [read]\n    authenticated: [read, write, delete]\n    groups: { EDITORS: [read, write, delete] }\n"),
        "{storage}"
    );

    let v = run(dir.path(), &["validate"]);
    assert_eq!(v.code, 0, "{}", v.stderr);
    let b = run(dir.path(), &["build"]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let template = std::fs::read_to_string(dir.path().join("build/dev.template.yaml")).unwrap();
    assert!(template.contains("AWS::Cognito::UserPool"));
    assert!(template.contains("AWS::ApiGateway::RestApi"));
    assert!(template.contains("AWS::S3::Bucket"));
    assert!(
        template.contains("AmbiguousRoleResolution: Deny")
            && !template.contains("AmbiguousRoleResolution: AuthenticatedRole"),
        "users in no group get no credentials, as answered"
    );
}

#[test]
fn ctrl_c_in_add_and_update_writes_nothing() {
    let dir = tempfile::TempDir::new().unwrap();
    crate::support::write(dir.path(), "cogform.yaml", "project: demo\n");
    let before = snapshot_tree(dir.path());
    let mut p = pty(dir.path(), &["add", "auth"], 30_000);
    choose(
        &mut p,
        "How do you want to set up",
        "The defaults: email",
        &[DOWN],
    );
    p.exp_string("How do users sign in?").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("cancelled: nothing was written").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(pty_exit_code(&p), 2);
    assert_eq!(snapshot_tree(dir.path()), before);

    // Esc in the middle of an update: the commented file stays byte for byte.
    crate::support::write(
        dir.path(),
        "backend/auth.yaml",
        "# mine\nlogin: { email: true }\n",
    );
    let before = snapshot_tree(dir.path());
    let mut p = pty(dir.path(), &["update", "auth"], 30_000);
    choose(&mut p, "How do users sign in?", MULTI, &[]);
    p.exp_string("Besides a password, how may users sign in?")
        .unwrap();
    keys(&mut p, "\x1b");
    p.exp_string("cancelled: nothing was written").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(pty_exit_code(&p), 2);
    assert_eq!(snapshot_tree(dir.path()), before);
}

#[test]
fn add_function_in_a_terminal_wires_the_trigger_and_writes_its_stub() {
    let dir = copy_example("functions");
    std::fs::remove_file(dir.path().join("backend/functions/add-to-group.yaml")).unwrap();
    std::fs::remove_dir_all(dir.path().join("functions/add-to-group")).unwrap();
    replace_in(
        dir.path(),
        "backend/auth.yaml",
        "triggers:\n  post_confirmation: { function: add-to-group }\n",
        "",
    );
    let mut p = pty(dir.path(), &["add", "function"], 30_000);
    answer(
        &mut p,
        "Name of the function?",
        "Lowercase letters, digits and",
        "welcome",
    );
    // none, api, pre_sign_up, post_confirmation
    choose(
        &mut p,
        "What calls the function?",
        "cogform writes the wiring",
        &[DOWN, DOWN, DOWN],
    );
    choose(
        &mut p,
        "Which runtime?",
        "cogform writes a handler stub",
        &[],
    );
    answer(&mut p, "Handler?", "FILE.FUNCTION", "");
    answer(&mut p, "Folder of its code?", "Relative to the project", "");
    // Refused as typed (below Lambda's minimum), then the default.
    answer(
        &mut p,
        "Timeout in seconds?",
        "Cognito gives a trigger",
        "0",
    );
    p.exp_string("must be at least 1").unwrap();
    erase(&mut p, "0");
    p.send_line("").unwrap();
    answer(&mut p, "Memory in MB?", "CPU grows with it", "");
    choose(&mut p, "What may it do on the user pool?", MULTI, &[]);
    answer(
        &mut p,
        "What may it do in the buckets?",
        "BUCKET:PREFIX=ACTIONS",
        "media:public/*=wirte",
    );
    p.exp_string("did you mean `write`?").unwrap();
    erase(&mut p, "media:public/*=wirte");
    p.send_line("").unwrap();
    answer(
        &mut p,
        "Environment variables?",
        "KEY=VALUE, comma-separated",
        "",
    );
    p.exp_string("created functions/welcome/index.mjs").unwrap();
    p.exp_string("created backend/functions/welcome.yaml")
        .unwrap();
    p.exp_string("updated backend/auth.yaml (triggers.post_confirmation calls the function)")
        .unwrap();
    p.exp_eof().unwrap();
    assert_eq!(pty_exit_code(&p), 0);
    let file = std::fs::read_to_string(dir.path().join("backend/functions/welcome.yaml")).unwrap();
    assert!(file.contains("timeout: 5\n"), "{file}");
    assert!(
        file.contains("environment: { DEFAULT_GROUP: READERS }"),
        "{file}"
    );
    assert!(
        file.contains("access: { auth: [add_user_to_group] }"),
        "{file}"
    );
    let auth = std::fs::read_to_string(dir.path().join("backend/auth.yaml")).unwrap();
    assert!(
        auth.contains("post_confirmation: { function: welcome }"),
        "{auth}"
    );
    let stub = std::fs::read_to_string(dir.path().join("functions/welcome/index.mjs")).unwrap();
    assert_eq!(
        stub,
        std::fs::read_to_string(repo().join("templates/handlers/post_confirmation.mjs")).unwrap()
    );
    let b = run(dir.path(), &["build"]);
    assert_eq!(b.code, 0, "{}", b.stderr);
}
