//! `cogform call METHOD PATH`: the deployed REST API, called as the signed-in user (or a guest),
//! authorized as the route's configuration says.

use std::io::Read;
use std::path::Path;
use std::time::SystemTime;

use clap::Args;

use super::{Context, SessionArgs, fail, open};
use crate::access::{Matrix, Targets};
use crate::cli::{Exit, Io};
use crate::config::api::{ApiConfig, Authorizer};
use crate::session::call::{self, Authorization};
use crate::session::refusal::{self, Caller, Refused};
use crate::session::{Failure, jwt, route};

#[derive(Debug, Args)]
#[command(after_help = "\
Exit: 0 when the API answers 2xx or 3xx · 2 for 4xx (a 401 or 403 is explained in the
project's terms) and for bad input · 4 for 5xx and when the API cannot be reached.")]
pub struct CallArgs {
    /// GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS.
    pub method: String,
    /// The path after the stage, with its query: `/photos/42?size=small`. Unicode and spaces
    /// are percent-encoded; an existing `%XX` is kept.
    pub path: String,
    #[command(flatten)]
    pub session: SessionArgs,
    /// The API (a file of backend/api/); needed when the project has more than one.
    #[arg(long, value_name = "NAME")]
    pub api: Option<String>,
    /// Call IAM routes as a guest (the identity pool's guest role), not as the signed-in user.
    #[arg(long, conflicts_with = "user")]
    pub guest: bool,
    /// The request body: text, `@FILE`, or `-` for standard input (content-type
    /// application/json unless a --header sets one).
    #[arg(long, short = 'd', value_name = "DATA")]
    pub data: Option<String>,
    /// An extra header, `Name: value` (repeatable).
    #[arg(long, short = 'H', value_name = "HEADER")]
    pub header: Vec<String>,
    /// Print the response's status line and headers (standard error).
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// Print an equivalent curl command (no secret in it) instead of calling.
    #[arg(long)]
    pub print_curl: bool,
}

pub fn run(dir: &Path, args: CallArgs, io: &mut Io) -> Exit {
    let ctx = match open(dir, &args.session, io) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match call_api(dir, &ctx, &args, io) {
        Ok(code) => code,
        Err(e) => fail(io, e),
    }
}

fn call_api(dir: &Path, ctx: &Context, args: &CallArgs, io: &mut Io) -> Result<Exit, Failure> {
    let method = args.method.to_ascii_uppercase();
    const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
    if !METHODS.contains(&method.as_str()) {
        return Err(Failure::invalid(
            format!("`{}` is not an HTTP method", args.method),
            format!("use one of {}", METHODS.join(", ")),
        ));
    }
    let (api_name, api) = choose_api(ctx, args.api.as_deref())?;
    let (endpoint, region) = ctx.target.apis.get(api_name).cloned().ok_or_else(|| {
        Failure::invalid(
            format!("{} has no endpoint for API `{api_name}`", ctx.source),
            "write the outputs again from the current stack (`cogform outputs`), or pass `--stack-outputs FILE`",
        )
    })?;
    let (url, path) = call::url(&endpoint, &args.path)?;
    let route = route::find(api, &method, &path).ok_or_else(|| {
        let routes = route::all(api);
        Failure::invalid(
            format!("no route of API `{api_name}` answers {method} {path}"),
            format!("its routes: {}", routes.join(", ")),
        )
    })?;
    let headers = parse_headers(&args.header)?;
    let body = read_body(args.data.as_deref())?;
    let cogform = curl_prefix(dir, ctx, args);
    if args.print_curl {
        io.print(call::curl(
            &method,
            &url,
            &headers,
            &body,
            route.authorizer(),
            &region,
            &cogform,
        ));
        return Ok(Exit::Ok);
    }
    // The authorization the route asks for, and who the caller is.
    let mut caller = Caller::Anonymous;
    let credentials;
    let session;
    let authorization = match route.authorizer() {
        Authorizer::Iam => {
            let user = if args.guest {
                None
            } else {
                match ctx.user(&args.session) {
                    Ok(u) => Some(u),
                    // Nobody signed in and guests welcome: call as a guest, and say so.
                    Err(_) if ctx.target.guests => {
                        io.say("note: no user is signed in; calling as a guest");
                        None
                    }
                    Err(e) => return Err(e),
                }
            };
            let (_, c) = ctx.credentials(user.as_deref())?;
            credentials = c;
            caller = match &user {
                None => Caller::Guest,
                Some(u) => user_caller(ctx, u),
            };
            Authorization::SigV4 {
                credentials: &credentials,
                region: &region,
            }
        }
        Authorizer::CognitoIdToken | Authorizer::CognitoAccessToken => {
            let user = ctx.user(&args.session)?;
            session = ctx.fresh_session(&user)?;
            caller = user_caller(ctx, &user);
            Authorization::Token(if route.authorizer() == Authorizer::CognitoIdToken {
                &session.id_token
            } else {
                &session.access_token
            })
        }
        Authorizer::None => Authorization::Nothing,
    };
    let request = call::prepare(
        &method,
        &url,
        &headers,
        body,
        &authorization,
        SystemTime::now(),
    )?;
    let response = ctx
        .aws
        .send(
            &request.method,
            &request.url,
            &request.headers,
            &request.body,
        )
        .map_err(|e| Failure::internal(e.to_string()))?;
    io.say(format!("HTTP {} {}", response.status, response.reason));
    if args.verbose {
        for (k, v) in &response.headers {
            io.say(format!("{k}: {v}"));
        }
    }
    io.print(String::from_utf8_lossy(&response.body));
    if !response.body.is_empty() && !response.body.ends_with(b"\n") {
        io.print("\n");
    }
    Ok(match response.status {
        200..=399 => Exit::Ok,
        401 | 403 => {
            let matrix = matrix(ctx);
            let explained = refusal::explain(&Refused {
                status: response.status,
                api: api_name,
                verb: &method,
                route: &route,
                caller: &caller,
                auth: &ctx.project.auth,
                matrix: matrix.as_ref(),
                env: ctx.env.as_deref(),
            });
            for line in explained {
                io.say(line);
            }
            Exit::Invalid
        }
        400..=499 => Exit::Invalid,
        _ => Exit::Internal,
    })
}

fn user_caller(ctx: &Context, user: &str) -> Caller {
    let session = ctx
        .store
        .load(&ctx.target.user_pool_id, &ctx.target.client_id, user)
        .ok()
        .flatten();
    let (groups, scopes) = session
        .map(|s| {
            (
                Context::groups(&s),
                jwt::claims(&s.access_token)
                    .map(|c| c.scopes)
                    .unwrap_or_default(),
            )
        })
        .unwrap_or_default();
    Caller::User {
        name: user.to_string(),
        groups,
        scopes,
    }
}

fn choose_api<'a>(
    ctx: &'a Context,
    name: Option<&str>,
) -> Result<(&'a str, &'a ApiConfig), Failure> {
    let apis = &ctx.project.apis;
    let names: Vec<&str> = apis.iter().map(|a| a.name.as_str()).collect();
    match name {
        Some(n) => apis
            .iter()
            .find(|a| a.name == n)
            .map(|a| (a.name.as_str(), &a.config))
            .ok_or_else(|| {
                Failure::invalid(
                    format!("no API `{n}` in backend/api/"),
                    format!("the project's APIs: {}", names.join(", ")),
                )
            }),
        None => match apis.as_slice() {
            [only] => Ok((only.name.as_str(), &only.config)),
            [] => Err(Failure::invalid(
                "the project has no API",
                "add one with `cogform add api`",
            )),
            _ => Err(Failure::invalid(
                "the project has more than one API",
                format!("pass `--api NAME` ({})", names.join(", ")),
            )),
        },
    }
}

fn parse_headers(given: &[String]) -> Result<Vec<(String, String)>, Failure> {
    given
        .iter()
        .map(|h| {
            h.split_once(':')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                .filter(|(k, _)| {
                    !k.is_empty()
                        && k.bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b))
                })
                .ok_or_else(|| {
                    Failure::invalid(
                        format!("`{h}` is not a header"),
                        "write it as `Name: value`",
                    )
                })
        })
        .collect()
}

fn read_body(data: Option<&str>) -> Result<Vec<u8>, Failure> {
    match data {
        None => Ok(Vec::new()),
        Some("-") => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| Failure::internal(format!("cannot read standard input: {e}")))?;
            Ok(bytes)
        }
        Some(text) => match text.strip_prefix('@') {
            Some(file) => crate::load::source::read_bounded(Path::new(file)).map_err(|e| {
                Failure::invalid(
                    format!("cannot read {file}: {e}"),
                    "check the path after `@`",
                )
            }),
            None => Ok(text.as_bytes().to_vec()),
        },
    }
}

/// How the printed curl command calls cogform again (same project, environment and user).
fn curl_prefix(dir: &Path, ctx: &Context, args: &CallArgs) -> call::Invocation {
    let q = crate::shell::word;
    let mut program = "cogform".to_string();
    let same = |a: &Path, b: &Path| a.canonicalize().ok() == b.canonicalize().ok();
    if let Ok(cwd) = std::env::current_dir()
        && !same(&cwd, dir)
    {
        program.push_str(&format!(" -C {}", q(&dir.display().to_string())));
    }
    let mut parts: Vec<String> = Vec::new();
    if let Some(file) = &args.session.stack_outputs {
        parts.push("--stack-outputs".into());
        parts.push(q(&file.display().to_string()));
    } else if let Some(file) = &args.session.outputs {
        parts.push("--outputs".into());
        parts.push(q(&file.display().to_string()));
    }
    if let Some(env) = &ctx.env {
        parts.push("--env".into());
        parts.push(q(env));
    }
    if let Some(url) = &args.session.endpoint_url {
        parts.push("--endpoint-url".into());
        parts.push(q(url));
    }
    if let Some(user) = &args.session.user {
        parts.push("--user".into());
        parts.push(q(user));
    }
    let options = parts.iter().map(|p| format!(" {p}")).collect();
    call::Invocation { program, options }
}

/// The access matrix of the environment, for explaining a refusal (rendered only then).
fn matrix(ctx: &Context) -> Option<Matrix> {
    let envs = &ctx.project.config.environments;
    let env = match &ctx.env {
        Some(e) => e.clone(),
        None if envs.len() == 1 => envs.keys().next()?.clone(),
        None => return None,
    };
    let template = match &ctx.template {
        Some(t) => t.clone(),
        None => {
            let engine = crate::render::engine::Engine::new().ok()?;
            let built = crate::pipeline::run(&ctx.project, &engine).ok()?;
            built.templates.into_iter().find(|(n, _)| *n == env)?.1
        }
    };
    crate::access::matrix::build(&env, &template, &Targets::from_project(&ctx.project)).ok()
}
