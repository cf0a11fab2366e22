//! `login`, `logout`, `credentials`, `token`, `call` without a network: every refusal that must
//! come before anything is sent, the ids read from amplify_outputs.json or the stack's
//! outputs, the token cache's place, and what is never printed. (The calls themselves run in
//! the e2e suite, on moto's server and against a botocore SigV4 judge.)

use std::path::Path;

use crate::support::{Run, cogform, copy_example};

/// A port on 127.0.0.1 that nothing listens on: a command that sends anything fails with
/// exit 4 ("cannot reach"), so an exit 2 proves it refused before sending.
fn closed_port() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

fn outputs(guests: bool) -> String {
    serde_json::json!({
        "version": "1.4",
        "auth": {
            "aws_region": "eu-west-1",
            "user_pool_id": "eu-west-1_Example",
            "user_pool_client_id": "exampleclientid",
            "identity_pool_id": "eu-west-1:00000000-0000-0000-0000-000000000000",
            "unauthenticated_identities_enabled": guests,
        },
        "custom": { "API": { "photos": {
            "endpoint": "https://abc123.execute-api.eu-west-1.amazonaws.com/dev",
            "region": "eu-west-1", "apiName": "photos" } } }
    })
    .to_string()
}

/// photo-sharing with an amplify_outputs.json, and a private cache folder outside it.
fn deployed(guests: bool) -> (tempfile::TempDir, tempfile::TempDir) {
    let dir = copy_example("photo-sharing");
    std::fs::write(dir.path().join("amplify_outputs.json"), outputs(guests)).unwrap();
    (dir, tempfile::TempDir::new().unwrap())
}

fn session(dir: &Path, cache: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = cogform(dir);
    for (k, _) in std::env::vars() {
        if k.starts_with("COGFORM_") || k.starts_with("AWS_ENDPOINT_URL") {
            cmd.env_remove(k);
        }
    }
    cmd.env("COGFORM_CACHE_DIR", cache).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Asserts the exit code and that standard error says every one of `needles`.
fn expect(r: &Run, code: i32, needles: &[&str]) {
    assert_eq!(r.code, code, "{}", r.stderr);
    for needle in needles {
        assert!(
            r.stderr.contains(needle),
            "{needle:?} not in:\n{}",
            r.stderr
        );
    }
}

fn files_in(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .collect()
}

#[test]
fn the_commands_are_in_help() {
    let dir = tempfile::TempDir::new().unwrap();
    let r = session(dir.path(), dir.path(), &["--help"], &[]);
    for command in ["login", "logout", "credentials", "token", "call"] {
        assert!(
            r.stdout.contains(&format!("\n  {command} ")),
            "{command} missing:\n{}",
            r.stdout
        );
    }
}

#[test]
fn the_password_is_never_a_flag() {
    let (dir, cache) = deployed(false);
    let r = session(
        dir.path(),
        cache.path(),
        &["login", "--user", "a", "--password", "secret"],
        &[],
    );
    expect(&r, 2, &["unexpected argument '--password'"]);
}

#[test]
fn without_ids_the_commands_say_where_they_come_from() {
    let dir = copy_example("photo-sharing");
    let cache = tempfile::TempDir::new().unwrap();
    let r = session(dir.path(), cache.path(), &["login", "--user", "a"], &[]);
    expect(
        &r,
        2,
        &[
            "no amplify_outputs.json here or in the project",
            "--stack-outputs FILE",
        ],
    );
    std::fs::write(dir.path().join("broken.json"), "{\"auth\": {}}").unwrap();
    let r = session(
        dir.path(),
        cache.path(),
        &["credentials", "--outputs", "broken.json"],
        &[],
    );
    expect(&r, 2, &["broken.json has no `auth.aws_region`"]);
}

#[test]
fn login_refuses_before_sending_anything() {
    let (dir, cache) = deployed(false);
    let endpoint = closed_port();
    // No password source and no terminal.
    let r = session(
        dir.path(),
        cache.path(),
        &["login", "--user", "alice", "--endpoint-url", &endpoint],
        &[],
    );
    expect(
        &r,
        2,
        &[
            "there is no terminal to ask",
            "--password-stdin",
            "COGFORM_PASSWORD",
        ],
    );
    // USER_PASSWORD_AUTH on a client that allows SRP only.
    let r = session(
        dir.path(),
        cache.path(),
        &[
            "login",
            "--user",
            "alice",
            "--password-auth",
            "--endpoint-url",
            &endpoint,
        ],
        &[("COGFORM_PASSWORD", "Pw-123456789!")],
    );
    expect(
        &r,
        2,
        &["app client `web` does not allow USER_PASSWORD_AUTH"],
    );
    // No user named, no terminal to ask one.
    let r = session(
        dir.path(),
        cache.path(),
        &["login", "--endpoint-url", &endpoint],
        &[("COGFORM_PASSWORD", "x")],
    );
    expect(&r, 2, &["pass `--user NAME`"]);
    assert!(
        files_in(cache.path()).is_empty(),
        "{:?}",
        files_in(cache.path())
    );
}

#[test]
fn an_unreachable_pool_is_an_io_error_and_caches_nothing() {
    let (dir, cache) = deployed(false);
    let password = "Never-Printed-42!";
    let r = session(
        dir.path(),
        cache.path(),
        &["login", "--user", "alice", "--endpoint-url", &closed_port()],
        &[("COGFORM_PASSWORD", password)],
    );
    expect(&r, 4, &["cannot reach http://127.0.0.1:"]);
    assert!(!r.stderr.contains(password) && !r.stdout.contains(password));
    assert!(files_in(cache.path()).is_empty());
    // The standard input source reads the password the same way.
    let mut cmd = cogform(dir.path());
    cmd.env("COGFORM_CACHE_DIR", cache.path())
        .env_remove("COGFORM_PASSWORD")
        .args([
            "login",
            "--user",
            "alice",
            "--password-stdin",
            "--endpoint-url",
            &closed_port(),
        ])
        .write_stdin(format!("{password}\n"));
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(!String::from_utf8_lossy(&out.stderr).contains(password));
}

#[test]
fn other_commands_need_a_signed_in_user() {
    let (dir, cache) = deployed(false);
    let endpoint = closed_port();
    for args in [
        vec!["credentials"],
        vec!["token"],
        vec!["logout"],
        vec!["call", "GET", "/me"],
        vec!["call", "GET", "/photos"],
    ] {
        let mut all = args.clone();
        all.extend(["--endpoint-url", &endpoint]);
        let r = session(dir.path(), cache.path(), &all, &[]);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr
                .contains("no user is signed in to user pool eu-west-1_Example")
                && r.stderr.contains("cogform login --user NAME"),
            "{args:?}: {}",
            r.stderr
        );
    }
    let r = session(
        dir.path(),
        cache.path(),
        &["credentials", "--user", "bob", "--endpoint-url", &endpoint],
        &[],
    );
    expect(
        &r,
        2,
        &["`bob` is not signed in", "cogform login --user bob"],
    );
}

#[test]
fn guests_are_refused_where_the_deployment_has_none() {
    let (dir, cache) = deployed(false);
    let r = session(
        dir.path(),
        cache.path(),
        &["credentials", "--guest", "--endpoint-url", &closed_port()],
        &[],
    );
    expect(&r, 2, &["does not give guests credentials"]);
    // Guests on: the request goes out (and fails on the closed port).
    let (dir, cache) = deployed(true);
    let r = session(
        dir.path(),
        cache.path(),
        &["credentials", "--guest", "--endpoint-url", &closed_port()],
        &[],
    );
    assert_eq!(r.code, 4, "{}", r.stderr);
}

#[test]
fn the_token_cache_may_not_live_in_the_repository() {
    let (dir, _) = deployed(false);
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let inside = dir.path().join("backend").join(".tokens");
    let r = session(dir.path(), &inside, &["credentials"], &[]);
    expect(&r, 2, &["is inside the repository", "COGFORM_CACHE_DIR"]);
    // Through `..` too.
    let sneaky = dir
        .path()
        .join("..")
        .join(dir.path().file_name().unwrap())
        .join("x");
    let r = session(dir.path(), &sneaky, &["credentials"], &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(!inside.exists());
}

#[test]
fn call_checks_the_route_method_and_headers_first() {
    let (dir, cache) = deployed(true);
    let endpoint = closed_port();
    let call = |args: &[&str]| {
        let mut all = vec!["call"];
        all.extend_from_slice(args);
        all.extend(["--endpoint-url", &endpoint]);
        session(dir.path(), cache.path(), &all, &[])
    };
    let r = call(&["GET", "/nothing/here"]);
    expect(
        &r,
        2,
        &[
            "no route of API `photos` answers GET /nothing/here",
            "GET /photos",
            "ANY /admin/{proxy+}",
        ],
    );
    let r = call(&["FETCH", "/photos"]);
    expect(&r, 2, &["`FETCH` is not an HTTP method"]);
    let r = call(&["GET", "/photos", "-H", "no colon"]);
    expect(&r, 2, &["`no colon` is not a header"]);
    let r = call(&["GET", "photos"]);
    expect(&r, 2, &["leading slash"]);
    let r = call(&["GET", "/photos", "--api", "videos"]);
    expect(&r, 2, &["no API `videos`"]);
    // A route without authorization needs no user, and goes out.
    std::fs::write(
        dir.path().join("backend/api/photos.yaml"),
        std::fs::read_to_string(dir.path().join("backend/api/photos.yaml"))
            .unwrap()
            .replace(
                "/me:\n    GET: { function: profile, auth: cognito_id_token }",
                "/me:\n    GET: { function: profile, auth: none }",
            ),
    )
    .unwrap();
    let r = call(&["GET", "/me"]);
    expect(&r, 4, &["cannot reach https://abc123.execute-api"]);
}

#[test]
fn print_curl_prints_an_equivalent_request_without_secrets() {
    let (dir, cache) = deployed(false);
    let r = session(
        dir.path(),
        cache.path(),
        &[
            "call",
            "POST",
            "/photos?tag=café",
            "--data",
            "{\"t\":\"it's\"}",
            "--print-curl",
        ],
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "eval \"$(cogform credentials --format env)\"\n\
         curl --request POST 'https://abc123.execute-api.eu-west-1.amazonaws.com/dev/photos?tag=caf%C3%A9' \
         --aws-sigv4 aws:amz:eu-west-1:execute-api --user \"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\" \
         --header \"x-amz-security-token: $AWS_SESSION_TOKEN\" --header 'content-type: application/json' \
         --data-binary '{\"t\":\"it'\\''s\"}'\n"
    );
    let r = session(
        dir.path(),
        cache.path(),
        &["call", "GET", "/me", "--print-curl", "--user", "alice"],
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("--header \"Authorization: $(cogform token id --user alice)\""),
        "{}",
        r.stdout
    );
}

#[test]
fn stack_outputs_give_the_same_ids_as_the_outputs_file() {
    let dir = copy_example("photo-sharing");
    let cache = tempfile::TempDir::new().unwrap();
    let stack = serde_json::json!({ "Stacks": [{
        "StackName": "photos-dev",
        "Outputs": [
            { "OutputKey": "Region", "OutputValue": "eu-west-1" },
            { "OutputKey": "UserPoolId", "OutputValue": "eu-west-1_FromStack" },
            { "OutputKey": "UserPoolClientWebId", "OutputValue": "clientfromstack" },
            { "OutputKey": "IdentityPoolId", "OutputValue": "eu-west-1:11111111-1111-1111-1111-111111111111" },
            { "OutputKey": "HostedUiDomain", "OutputValue": "photos-example.auth.eu-west-1.amazoncognito.com" },
            { "OutputKey": "ApiPhotosUrl", "OutputValue": "https://fromstack.execute-api.eu-west-1.amazonaws.com/dev" },
            { "OutputKey": "StorageMediaBucketName", "OutputValue": "media-bucket" },
        ]
    }]});
    std::fs::write(dir.path().join("stack.json"), stack.to_string()).unwrap();
    let r = session(
        dir.path(),
        cache.path(),
        &[
            "credentials",
            "--stack-outputs",
            "stack.json",
            "--env",
            "dev",
        ],
        &[],
    );
    // The ids were read: the pool named is the stack's.
    expect(&r, 2, &["user pool eu-west-1_FromStack"]);
    let r = session(
        dir.path(),
        cache.path(),
        &[
            "call",
            "GET",
            "/photos",
            "--stack-outputs",
            "stack.json",
            "--env",
            "dev",
            "--print-curl",
        ],
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("https://fromstack.execute-api.eu-west-1.amazonaws.com/dev/photos"),
        "{}",
        r.stdout
    );
}

#[test]
fn the_terminal_asks_for_the_user_and_password_and_never_echoes_it() {
    let (dir, cache) = deployed(false);
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_cogform"));
    cmd.args(["login", "--endpoint-url", &closed_port()])
        .current_dir(dir.path())
        .env("TERM", "xterm-256color")
        .env("NO_COLOR", "1")
        .env("COGFORM_CACHE_DIR", cache.path())
        .env_remove("COGFORM_PASSWORD");
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn in a pty");
    p.exp_string("User name:").unwrap();
    p.send_line("alice@example.com").unwrap();
    p.exp_string("Password:").unwrap();
    p.send_line("Typed-Secret-987").unwrap();
    let rest = p.exp_eof().unwrap();
    assert!(
        !rest.contains("Typed-Secret-987"),
        "the password was echoed:\n{rest}"
    );
    assert!(rest.contains("cannot reach http://127.0.0.1:"), "{rest}");
    assert_eq!(crate::support::pty_exit_code(&p), 4);
    assert!(files_in(cache.path()).is_empty());
}

#[test]
fn logout_without_a_session_says_so() {
    let (dir, cache) = deployed(false);
    let r = session(
        dir.path(),
        cache.path(),
        &[
            "logout",
            "--user",
            "alice",
            "--endpoint-url",
            &closed_port(),
        ],
        &[],
    );
    expect(&r, 0, &["`alice` has no session here; nothing to do"]);
}

#[test]
fn call_names_the_api_when_there_are_several_and_needs_its_endpoint() {
    let (dir, cache) = deployed(false);
    std::fs::copy(
        dir.path().join("backend/api/photos.yaml"),
        dir.path().join("backend/api/videos.yaml"),
    )
    .unwrap();
    let r = session(dir.path(), cache.path(), &["call", "GET", "/photos"], &[]);
    expect(
        &r,
        2,
        &[
            "the project has more than one API",
            "pass `--api NAME` (photos, videos)",
        ],
    );
    // amplify_outputs.json lists only `photos`: the other API's endpoint is unknown.
    let r = session(
        dir.path(),
        cache.path(),
        &["call", "GET", "/photos", "--api", "videos", "--print-curl"],
        &[],
    );
    expect(
        &r,
        2,
        &["has no endpoint for API `videos`", "cogform outputs"],
    );
}

#[test]
fn a_project_without_an_identity_pool_gets_no_credentials_and_says_why() {
    let dir = copy_example("minimal");
    let cache = tempfile::TempDir::new().unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&outputs(false)).unwrap();
    doc["auth"]
        .as_object_mut()
        .unwrap()
        .remove("identity_pool_id");
    std::fs::write(dir.path().join("amplify_outputs.json"), doc.to_string()).unwrap();
    let r = session(
        dir.path(),
        cache.path(),
        &["credentials", "--guest", "--endpoint-url", &closed_port()],
        &[],
    );
    expect(&r, 2, &["no identity pool, so no AWS credentials"]);
    let r = session(dir.path(), cache.path(), &["call", "GET", "/x"], &[]);
    expect(&r, 2, &["the project has no API"]);
}
