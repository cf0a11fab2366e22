//! The `add api` / `update api NAME` walkthrough: the Lambda functions, the routes (method and
//! path), each route's authorizer and who may call it (groups offered from auth.yaml), and
//! browser origins, checked by `validate`'s own rules. Other settings are kept as they are.

use std::collections::BTreeMap;
use std::rc::Rc;

use clap::Args;

use super::check::Ctx;
use super::flags::{items, not_one_of, refused, twice};
use super::list::{duplicate, join, split};
use super::{Check, PromptError, Prompter, Q};
use crate::config::api::{
    ApiConfig, ApiCors, Authorizer, Code, CreatedFunction, ExistingFunction, Function, HttpMethod,
    LocalCode, Method,
};
use crate::validate::api::RUNTIMES;

/// One flag per question of the walkthrough (`--yes` takes them without asking).
#[derive(Debug, Clone, Default, PartialEq, Eq, Args, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ApiFlags {
    /// A Lambda function: `NAME=arn:aws:lambda:…` (existing) or `NAME=RUNTIME:HANDLER:PATH`
    /// (created from code in the project); repeatable.
    #[arg(long = "function", value_name = "NAME=SPEC")]
    #[serde(rename = "function")]
    pub functions: Vec<String>,
    /// A route: `METHOD /path [function=NAME] [auth=iam|cognito_id_token|cognito_access_token|none]
    /// [allow=guest,authenticated,GROUP] [scopes=SCOPE,…]`; repeatable.
    #[arg(long = "route", value_name = "ROUTE")]
    #[serde(rename = "route")]
    pub routes: Vec<String>,
    /// Comma-separated origins allowed to call the API from a browser (empty: none).
    #[arg(long, value_name = "ORIGINS")]
    pub cors_origins: Option<String>,
}

const AUTHS: [&str; 4] = ["iam", "cognito_id_token", "cognito_access_token", "none"];
const CODE_KINDS: [&str; 2] = [
    "an existing Lambda function (by ARN)",
    "code in this project (the template creates the function)",
];

fn auth_label(a: Authorizer) -> &'static str {
    match a {
        Authorizer::Iam => "iam",
        Authorizer::CognitoIdToken => "cognito_id_token",
        Authorizer::CognitoAccessToken => "cognito_access_token",
        Authorizer::None => "none",
    }
}

fn auth_from(label: &str) -> Option<Authorizer> {
    serde_json::from_value(serde_json::Value::String(label.to_string())).ok()
}

fn method_from(label: &str) -> Option<HttpMethod> {
    serde_json::from_value(serde_json::Value::String(label.to_ascii_uppercase())).ok()
}

/// Checks a new API name (the file name, part of resource names).
pub fn name_check(ctx: &Rc<Ctx>) -> Check {
    let ctx = ctx.clone();
    Check::new(move |name| {
        super::check::new_name_problem(
            name,
            "",
            ctx.project.apis.iter().any(|a| a.name == name),
            &super::check::api_file(name),
            "api",
        )
    })
}

/// The configuration a new API starts from (no function, no route yet).
pub fn new_config() -> ApiConfig {
    ApiConfig {
        functions: BTreeMap::new(),
        paths: BTreeMap::new(),
        cors: None,
        throttling: Default::default(),
        log_retention_days: 365,
    }
}

/// A function spec: `arn:…` or `RUNTIME:HANDLER:PATH`, read strictly.
fn parse_function(spec: &str) -> Result<Function, String> {
    let spec = spec.trim();
    if spec.starts_with("arn:") {
        return Ok(Function::Existing(ExistingFunction {
            arn: spec.to_string(),
        }));
    }
    let parts: Vec<&str> = spec.splitn(3, ':').map(str::trim).collect();
    match parts.as_slice() {
        [runtime, handler, path] if !handler.is_empty() && !path.is_empty() => {
            if !RUNTIMES.contains(runtime) {
                return Err(not_one_of(runtime, "a Lambda runtime", &RUNTIMES));
            }
            Ok(created(runtime, handler, path))
        }
        _ => Err(
            "a function is `arn:aws:lambda:…` or `RUNTIME:HANDLER:PATH`, e.g. nodejs22.x:index.handler:functions/items"
                .into(),
        ),
    }
}

fn created(runtime: &str, handler: &str, path: &str) -> Function {
    Function::Created(CreatedFunction {
        runtime: runtime.to_string(),
        handler: handler.to_string(),
        code: Code::Local(LocalCode {
            path: path.to_string(),
        }),
        memory_mb: 256,
        timeout_seconds: 10,
    })
}

const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "ANY"];
const SETTINGS: [&str; 4] = ["function", "auth", "allow", "scopes"];

/// A route as its method and path, and the `key=value` settings after them.
struct RouteSpec {
    method: HttpMethod,
    path: String,
    settings: BTreeMap<String, String>,
}

fn parse_route(text: &str) -> Result<RouteSpec, String> {
    let mut words = text.split_whitespace();
    let (Some(m), Some(path)) = (words.next(), words.next()) else {
        return Err(format!(
            "`{text}`: a route is `METHOD /path`, e.g. `GET /items`"
        ));
    };
    let method = method_from(m).ok_or_else(|| not_one_of(m, "an HTTP method", &METHODS))?;
    let mut settings = BTreeMap::new();
    for w in words {
        let Some((k, v)) = w.split_once('=') else {
            return Err(format!("`{w}`: settings after the path are KEY=VALUE"));
        };
        if !SETTINGS.contains(&k) {
            return Err(not_one_of(k, "a route setting", &SETTINGS));
        }
        if v.is_empty() {
            return Err(format!("`{w}`: no value after `=`"));
        }
        if settings.insert(k.to_string(), v.to_string()).is_some() {
            return Err(format!("`{k}` is given twice"));
        }
    }
    Ok(RouteSpec {
        method,
        path: path.to_string(),
        settings,
    })
}

/// The method a `--route` flag describes, its settings read strictly against the API's
/// `functions`, the project's groups and what each authorizer accepts. `existing` is the route
/// as the file has it (its settings are kept where the flag says nothing).
fn route_method(
    spec: &RouteSpec,
    functions: &[String],
    groups: &[String],
    existing: Option<&Method>,
) -> Result<Method, String> {
    let s = &spec.settings;
    let function = match s.get("function") {
        Some(f) if functions.contains(f) => f.clone(),
        Some(f) => {
            let known: Vec<&str> = functions.iter().map(String::as_str).collect();
            return Err(not_one_of(f, "a function of this API", &known));
        }
        None => existing
            .map(|m| m.function.clone())
            .or_else(|| functions.first().cloned())
            .unwrap_or_default(),
    };
    let auth = match s.get("auth") {
        Some(a) => auth_from(a).ok_or_else(|| not_one_of(a, "an authorization", &AUTHS))?,
        None => existing.map(|m| m.auth).unwrap_or(Authorizer::Iam),
    };
    let mut m = Method {
        function,
        auth,
        allow: Vec::new(),
        scopes: Vec::new(),
    };
    match (s.get("allow"), auth) {
        (Some(a), Authorizer::Iam) => {
            let list = items(a, ',')?;
            twice(&list)?;
            let mut known = vec!["guest", "authenticated"];
            known.extend(groups.iter().map(String::as_str));
            if let Some(bad) = list.iter().find(|w| !known.contains(&w.as_str())) {
                return Err(not_one_of(
                    bad,
                    "a caller (guest, authenticated or a group)",
                    &known,
                ));
            }
            m.allow = list;
        }
        (Some(_), other) => {
            return Err(format!(
                "allow= applies to auth=iam only; `{}` routes are decided by the token",
                auth_label(other)
            ));
        }
        (None, Authorizer::Iam) => {
            m.allow = existing
                .filter(|e| e.auth == Authorizer::Iam)
                .map(|e| e.allow.clone())
                .unwrap_or_else(|| vec!["authenticated".into()]);
        }
        (None, _) => {}
    }
    match (s.get("scopes"), auth) {
        (Some(sc), Authorizer::CognitoAccessToken) => {
            m.scopes = items(sc, ',')?;
            twice(&m.scopes)?;
        }
        (Some(_), other) => {
            return Err(format!(
                "scopes= applies to auth=cognito_access_token only, not `{}`",
                auth_label(other)
            ));
        }
        (None, Authorizer::CognitoAccessToken) => {
            m.scopes = existing
                .filter(|e| !e.scopes.is_empty())
                .map(|e| e.scopes.clone())
                .unwrap_or_else(|| vec!["aws.cognito.signin.user.admin".into()]);
        }
        (None, _) => {}
    }
    Ok(m)
}

/// Every flag value of `add`/`update api` that is not understood or does not apply, found
/// before any question is asked (the same rules `validate` applies to the file).
pub fn flag_problems(ctx: &Rc<Ctx>, name: &str, base: &ApiConfig, f: &ApiFlags) -> Vec<String> {
    let mut out = Vec::new();
    let mut candidate = base.clone();
    let mut names: Vec<String> = Vec::new();
    for item in &f.functions {
        let (n, spec) = match item.split_once('=') {
            Some((n, s)) => (n.trim(), Some(s.trim())),
            None => (item.trim(), None),
        };
        let why = if n.is_empty() {
            Some("no function name (write NAME=arn:… or NAME=RUNTIME:HANDLER:PATH)".to_string())
        } else if names.iter().any(|x| x == n) {
            Some(format!("`{n}` is given twice"))
        } else {
            None
        };
        if let Some(why) = why {
            out.push(refused("--function", item, &why));
            continue;
        }
        names.push(n.to_string());
        let function = match spec.map(parse_function) {
            None => continue, // where its code is gets asked
            Some(Err(_)) if spec == Some("") => {
                out.push(refused("--function", item, "no spec after `=`"));
                continue;
            }
            Some(Err(why)) => {
                out.push(refused("--function", item, &why));
                continue;
            }
            Some(Ok(function)) => function,
        };
        candidate.functions.insert(n.to_string(), function);
        let pointer = format!("/functions/{}", crate::diagnostic::pointer_segment(n));
        if let Err(why) = ctx.api(name, &with_uses(&candidate), &pointer) {
            out.push(refused("--function", item, &why));
        }
    }
    let functions: Vec<String> = if names.is_empty() {
        base.functions.keys().cloned().collect()
    } else {
        names
    };
    let groups = ctx.groups();
    let mut routes: Vec<(HttpMethod, String)> = Vec::new();
    for text in &f.routes {
        let spec = match parse_route(text) {
            Ok(s) => s,
            Err(why) => {
                out.push(refused("--route", text, &why));
                continue;
            }
        };
        if routes.contains(&(spec.method, spec.path.clone())) {
            out.push(refused("--route", text, "this route is given twice"));
            continue;
        }
        routes.push((spec.method, spec.path.clone()));
        let existing = base.paths.get(&spec.path).and_then(|v| v.get(&spec.method));
        let method = match route_method(&spec, &functions, &groups, existing) {
            Ok(m) => m,
            Err(why) => {
                out.push(refused("--route", text, &why));
                continue;
            }
        };
        let mut c = candidate.clone();
        for f in &functions {
            // Functions whose code is asked later stand in as existing ones here.
            c.functions.entry(f.clone()).or_insert_with(|| {
                Function::Existing(ExistingFunction {
                    arn: "arn:aws:lambda:us-east-1:123456789012:function:check".into(),
                })
            });
        }
        c.paths
            .entry(spec.path.clone())
            .or_default()
            .insert(spec.method, method);
        let pointer = format!("/paths/{}", crate::diagnostic::pointer_segment(&spec.path));
        if let Err(why) = ctx.api(name, &with_uses(&c), &pointer) {
            out.push(refused("--route", text, &why));
        }
    }
    out
}

/// The routes of a list answer, `METHOD /path, …` (no settings there).
fn route_list(answer: &str) -> Result<Vec<(HttpMethod, String)>, String> {
    let mut out = Vec::new();
    for item in items(answer, ',')? {
        let r = parse_route(&item)?;
        if !r.settings.is_empty() {
            return Err("list routes as `METHOD /path`; their settings are asked next".into());
        }
        if out.contains(&(r.method, r.path.clone())) {
            return Err(format!("`{item}` is listed twice"));
        }
        out.push((r.method, r.path));
    }
    Ok(out)
}

fn describe(f: &Function) -> String {
    match f {
        Function::Existing(e) => e.arn.clone(),
        Function::Created(c) => match &c.code {
            Code::Local(l) => format!("{}:{}:{}", c.runtime, c.handler, l.path),
            Code::S3(s) => format!(
                "{}:{}:s3://{}/{}",
                c.runtime, c.handler, s.s3_bucket, s.s3_key
            ),
        },
    }
}

/// Asks the walkthrough for the API `name` (the name is asked by the caller, for `add`).
pub fn ask(
    p: &mut dyn Prompter,
    ctx: &Rc<Ctx>,
    name: &str,
    base: &ApiConfig,
    f: &ApiFlags,
) -> Result<ApiConfig, PromptError> {
    let mut api = base.clone();
    functions(p, ctx, name, &mut api, f)?;
    routes(p, ctx, name, &mut api, f)?;
    cors(p, ctx, name, &mut api, f)?;
    Ok(api)
}

/// A copy of `api` in which every function is used (so "not used by any method" does not
/// refuse a function before its routes are asked).
fn with_uses(api: &ApiConfig) -> ApiConfig {
    let mut c = api.clone();
    for (i, name) in api.functions.keys().enumerate() {
        let path = format!("/cogform-check-{i}");
        c.paths.entry(path).or_default().insert(
            HttpMethod::Get,
            Method {
                function: name.clone(),
                auth: Authorizer::CognitoIdToken,
                allow: Vec::new(),
                scopes: Vec::new(),
            },
        );
    }
    c
}

fn check_api(
    ctx: &Rc<Ctx>,
    name: &str,
    base: &ApiConfig,
    pointer: String,
    set: impl Fn(&mut ApiConfig, &str) -> Result<(), String> + 'static,
) -> Check {
    let (ctx, base, name) = (ctx.clone(), base.clone(), name.to_string());
    Check::new(move |answer| {
        let mut c = base.clone();
        set(&mut c, answer)?;
        ctx.api(&name, &with_uses(&c), &pointer)
    })
}

fn functions(
    p: &mut dyn Prompter,
    ctx: &Rc<Ctx>,
    name: &str,
    api: &mut ApiConfig,
    f: &ApiFlags,
) -> Result<(), PromptError> {
    let mut specs: BTreeMap<String, String> = BTreeMap::new();
    let mut flagged: Vec<String> = Vec::new();
    for item in &f.functions {
        let (n, spec) = item.split_once('=').unwrap_or((item.as_str(), ""));
        specs.insert(n.trim().to_string(), spec.trim().to_string());
        flagged.push(n.trim().to_string());
    }
    let names: Vec<String> = if !flagged.is_empty() {
        flagged
    } else if api.functions.is_empty() {
        vec![name.to_string()]
    } else {
        api.functions.keys().cloned().collect()
    };
    let check = check_api(ctx, name, api, "/functions".into(), |c, s| {
        let list = items(s, ',')?;
        if list.is_empty() {
            return Err("name at least one function".into());
        }
        if let Some(d) = duplicate(&list) {
            return Err(format!("`{d}` is listed twice"));
        }
        c.functions =
            list.into_iter()
                .map(|n| {
                    let f = c.functions.get(&n).cloned().unwrap_or(Function::Existing(
                        ExistingFunction {
                            arn: "arn:aws:lambda:us-east-1:123456789012:function:check".into(),
                        },
                    ));
                    (n, f)
                })
                .collect();
        Ok(())
    });
    let answer = p.text(
        &Q::new(
            "--function",
            "Lambda functions the API calls? (comma-separated names)",
            "Lowercase letters, digits and `-`; where each one's code is is asked next",
        ),
        &join(&names),
        &check,
    )?;
    let old = std::mem::take(&mut api.functions);
    for fname in split(&answer) {
        let current = specs
            .get(&fname)
            .filter(|s| !s.is_empty())
            .and_then(|s| parse_function(s).ok())
            .or(old.get(&fname).cloned());
        let flag_spec = specs.get(&fname).cloned();
        let function = ask_function(p, ctx, name, api, &fname, current, flag_spec)?;
        api.functions.insert(fname, function);
    }
    Ok(())
}

fn ask_function(
    p: &mut dyn Prompter,
    ctx: &Rc<Ctx>,
    name: &str,
    api: &ApiConfig,
    fname: &str,
    current: Option<Function>,
    flag_spec: Option<String>,
) -> Result<Function, PromptError> {
    let flag = "--function".to_string();
    let kind = p.select(
        &Q::new(
            flag.clone(),
            format!("Where is the code of `{fname}`?"),
            "Project code is uploaded by `aws cloudformation package`",
        ),
        &CODE_KINDS,
        usize::from(matches!(current, Some(Function::Created(_)))),
    )?;
    let pointer = format!("/functions/{fname}");
    if kind == 0 {
        let default = match (&current, &flag_spec) {
            (Some(Function::Existing(e)), _) => e.arn.clone(),
            (None, Some(s)) if s.starts_with("arn:") => s.clone(),
            _ => String::new(),
        };
        let key = fname.to_string();
        let check = check_api(ctx, name, api, format!("{pointer}/arn"), move |c, s| {
            c.functions.insert(
                key.clone(),
                Function::Existing(ExistingFunction {
                    arn: s.trim().to_string(),
                }),
            );
            Ok(())
        });
        let arn = p.text(
            &Q::new(
                format!("--function {fname}=ARN"),
                format!("ARN of `{fname}`?"),
                "arn:aws:lambda:REGION:ACCOUNT:function:NAME",
            ),
            &default,
            &check,
        )?;
        return Ok(Function::Existing(ExistingFunction {
            arn: arn.trim().to_string(),
        }));
    }
    let (runtime, handler, path) = match &current {
        Some(Function::Created(c)) => (
            c.runtime.clone(),
            c.handler.clone(),
            match &c.code {
                Code::Local(l) => l.path.clone(),
                Code::S3(_) => format!("functions/{fname}"),
            },
        ),
        _ => (
            "nodejs22.x".to_string(),
            "index.handler".to_string(),
            format!("functions/{fname}"),
        ),
    };
    let runtimes: Vec<&str> = RUNTIMES.to_vec();
    let r = p.select(
        &Q::new(
            format!("--function {fname}=RUNTIME:HANDLER:PATH"),
            format!("Runtime of `{fname}`?"),
            "A current Lambda runtime",
        ),
        &runtimes,
        runtimes.iter().position(|x| *x == runtime).unwrap_or(1),
    )?;
    let runtime = runtimes[r].to_string();
    let key = fname.to_string();
    let rt = runtime.clone();
    let check = check_api(ctx, name, api, format!("{pointer}/handler"), move |c, s| {
        c.functions
            .insert(key.clone(), created(&rt, s.trim(), "functions/check"));
        Ok(())
    });
    let handler = p.text(
        &Q::new(
            format!("--function {fname}=RUNTIME:HANDLER:PATH"),
            format!("Handler of `{fname}`?"),
            "file.function, e.g. index.handler",
        ),
        &handler,
        &check,
    )?;
    let (key, rt, h) = (
        fname.to_string(),
        runtime.clone(),
        handler.trim().to_string(),
    );
    let check = check_api(ctx, name, api, format!("{pointer}/code"), move |c, s| {
        c.functions.insert(key.clone(), created(&rt, &h, s.trim()));
        Ok(())
    });
    let path = p.text(
        &Q::new(
            format!("--function {fname}=RUNTIME:HANDLER:PATH"),
            format!("Folder of `{fname}`'s code? (relative to the project)"),
            "Uploaded by `aws cloudformation package` before deploying",
        ),
        &path,
        &check,
    )?;
    match current {
        // Keep memory and timeout of a function that stays project code.
        Some(Function::Created(mut c)) => {
            c.runtime = runtime;
            c.handler = handler.trim().to_string();
            c.code = Code::Local(LocalCode {
                path: path.trim().to_string(),
            });
            Ok(Function::Created(c))
        }
        _ => Ok(created(&runtime, handler.trim(), path.trim())),
    }
}

fn routes(
    p: &mut dyn Prompter,
    ctx: &Rc<Ctx>,
    name: &str,
    api: &mut ApiConfig,
    f: &ApiFlags,
) -> Result<(), PromptError> {
    let mut settings: BTreeMap<(HttpMethod, String), BTreeMap<String, String>> = BTreeMap::new();
    let mut flagged: Vec<String> = Vec::new();
    for r in &f.routes {
        match parse_route(r) {
            Ok(spec) => {
                flagged.push(format!("{} {}", spec.method.as_str(), spec.path));
                settings.insert((spec.method, spec.path), spec.settings);
            }
            // Left in the default answer, so the check names the problem.
            Err(_) => flagged.push(r.clone()),
        }
    }
    let current: Vec<String> = api
        .paths
        .iter()
        .flat_map(|(path, verbs)| verbs.keys().map(move |m| format!("{} {path}", m.as_str())))
        .collect();
    let default = if flagged.is_empty() {
        join(&current)
    } else {
        join(&flagged)
    };
    let check = check_api(ctx, name, api, "/paths".into(), |c, s| {
        let list = route_list(s)?;
        if list.is_empty() {
            return Err("list at least one route, e.g. GET /items".into());
        }
        let function = c.functions.keys().next().cloned().unwrap_or_default();
        c.paths.clear();
        for (m, path) in list {
            c.paths.entry(path).or_default().insert(
                m,
                Method {
                    function: function.clone(),
                    auth: Authorizer::CognitoIdToken,
                    allow: Vec::new(),
                    scopes: Vec::new(),
                },
            );
        }
        Ok(())
    });
    let answer = p.text(
        &Q::new(
            "--route",
            "Routes? (comma-separated METHOD /path, e.g. GET /items, POST /items/{id})",
            "Methods: GET POST PUT PATCH DELETE HEAD ANY; {id} is a path parameter, {proxy+} the rest",
        ),
        &default,
        &check,
    )?;
    let old = std::mem::take(&mut api.paths);
    for (method, path) in route_list(&answer).unwrap_or_default() {
        let existing = old.get(&path).and_then(|v| v.get(&method)).cloned();
        let given = settings.remove(&(method, path.clone())).unwrap_or_default();
        let m = ask_route(p, ctx, api, method, &path, existing, &given)?;
        api.paths.entry(path).or_default().insert(method, m);
    }
    Ok(())
}

fn ask_route(
    p: &mut dyn Prompter,
    ctx: &Rc<Ctx>,
    api: &ApiConfig,
    method: HttpMethod,
    path: &str,
    existing: Option<Method>,
    given: &BTreeMap<String, String>,
) -> Result<Method, PromptError> {
    let route = format!("{} {path}", method.as_str());
    let flag = "--route".to_string();
    let functions: Vec<&str> = api.functions.keys().map(String::as_str).collect();
    let wanted_fn = given
        .get("function")
        .cloned()
        .or(existing.as_ref().map(|m| m.function.clone()))
        .unwrap_or_default();
    let function = if functions.len() > 1 {
        let i = p.select(
            &Q::new(flag.clone(), format!("Which function serves {route}?"), ""),
            &functions,
            functions.iter().position(|f| *f == wanted_fn).unwrap_or(0),
        )?;
        functions[i].to_string()
    } else {
        functions.first().map(|s| s.to_string()).unwrap_or_default()
    };
    let wanted_auth = given
        .get("auth")
        .and_then(|a| auth_from(a))
        .or(existing.as_ref().map(|m| m.auth))
        .unwrap_or(Authorizer::Iam);
    let i = p.select(
        &Q::new(
            flag.clone(),
            format!("Who can call {route}?"),
            "iam: identity-pool credentials (guest, signed-in users, groups); cognito_*: a user pool token; none: anyone",
        ),
        &AUTHS,
        AUTHS
            .iter()
            .position(|a| *a == auth_label(wanted_auth))
            .unwrap_or(0),
    )?;
    let auth = auth_from(AUTHS[i]).unwrap_or(Authorizer::Iam);
    let mut m = Method {
        function,
        auth,
        allow: Vec::new(),
        scopes: Vec::new(),
    };
    match auth {
        Authorizer::Iam => {
            let mut options: Vec<String> = Vec::new();
            if ctx.project.auth.identity_pool.guest_access {
                options.push("guest".into());
            }
            options.push("authenticated".into());
            options.extend(ctx.groups());
            let wanted: Vec<String> = match given.get("allow") {
                Some(a) => a.split(',').map(str::to_string).collect(),
                None => existing
                    .as_ref()
                    .filter(|e| e.auth == Authorizer::Iam)
                    .map(|e| e.allow.clone())
                    .unwrap_or_else(|| vec!["authenticated".into()]),
            };
            // Names the file has that auth.yaml lacks are offered too, for validate to report.
            for w in &wanted {
                if !options.contains(w) {
                    options.push(w.clone());
                }
            }
            let labels: Vec<&str> = options.iter().map(String::as_str).collect();
            let defaults: Vec<usize> = labels
                .iter()
                .enumerate()
                .filter(|(_, l)| wanted.iter().any(|w| w == *l))
                .map(|(i, _)| i)
                .collect();
            let chosen = p.multi_select(
                &Q::new(
                    flag,
                    format!("Which callers may invoke {route}?"),
                    "guest: visitors not signed in; authenticated: every signed-in user; or groups",
                ),
                &labels,
                &defaults,
                &Check::new(|s| {
                    if s.is_empty() {
                        Err("choose at least one: nobody could call it".into())
                    } else {
                        Ok(())
                    }
                }),
            )?;
            m.allow = chosen.iter().map(|i| options[*i].clone()).collect();
        }
        Authorizer::CognitoAccessToken => {
            let default = given
                .get("scopes")
                .cloned()
                .or(existing
                    .as_ref()
                    .filter(|e| !e.scopes.is_empty())
                    .map(|e| join(&e.scopes)))
                .unwrap_or_else(|| "aws.cognito.signin.user.admin".into());
            let answer = p.text(
                &Q::new(
                    flag,
                    format!(
                        "OAuth scopes the access token must carry for {route}? (comma-separated)"
                    ),
                    "e.g. aws.cognito.signin.user.admin, or a resource server's scopes",
                ),
                &default,
                &Check::new(|s| {
                    let list = items(s, ',')?;
                    if list.is_empty() {
                        return Err("list at least one scope".into());
                    }
                    match list.iter().find(|x| x.contains(char::is_whitespace)) {
                        Some(_) => Err("a scope is one word without spaces".into()),
                        None => Ok(()),
                    }
                }),
            )?;
            m.scopes = split(&answer);
        }
        _ => {}
    }
    Ok(m)
}

fn cors(
    p: &mut dyn Prompter,
    ctx: &Rc<Ctx>,
    name: &str,
    api: &mut ApiConfig,
    f: &ApiFlags,
) -> Result<(), PromptError> {
    let current = api
        .cors
        .as_ref()
        .map(|c| join(&c.allowed_origins))
        .unwrap_or_default();
    let default = f.cors_origins.clone().unwrap_or(current);
    let check = check_api(ctx, name, api, "/cors".into(), |c, s| {
        items(s, ',')?;
        set_cors(c, s);
        Ok(())
    });
    let answer = p.text(
        &Q::new(
            "--cors-origins",
            "Which web origins may call the API from a browser? (comma-separated; empty for none)",
            "https://app.example.com, or exactly http://localhost[:port]; no path",
        ),
        &default,
        &check,
    )?;
    set_cors(api, &answer);
    Ok(())
}

fn set_cors(api: &mut ApiConfig, answer: &str) {
    let origins = split(answer);
    api.cors = if origins.is_empty() {
        None
    } else {
        Some(ApiCors {
            allow_any_origin: api.cors.as_ref().is_some_and(|c| c.allow_any_origin),
            allowed_origins: origins,
        })
    };
}

/// `describe` is used by tests and messages to show a function compactly.
pub fn function_text(f: &Function) -> String {
    describe(f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::paths::PathKind;
    use crate::prompts::Defaults;
    use crate::prompts::check::tests::{default_auth, project_with};
    use crate::prompts::scripted::{Answer::*, Scripted, text};

    fn ctx() -> Rc<Ctx> {
        let mut auth = default_auth();
        auth.identity_pool.guest_access = true;
        auth.groups = vec![crate::config::auth::Group {
            name: "ADMINS".into(),
            precedence: 0,
            description: None,
            policies: Vec::new(),
        }];
        // The project has one code folder: `functions/profile`.
        Ctx::with_probe(
            project_with(auth),
            Box::new(|path| match path.trim_end_matches('/') {
                "functions/profile" => PathKind::Dir,
                _ => PathKind::Missing,
            }),
        )
    }

    const ARN: &str = "arn:aws:lambda:eu-west-1:123456789012:function:photos";

    #[test]
    fn one_existing_function_and_routes_with_each_authorizer() {
        let c = ctx();
        let mut p = Scripted::new(vec![
            Default,                                       // functions: [photos] (the API's name)
            Select(0),                                     // existing
            text("arn:aws:lambda:eu-west-1:1:function:x"), // refused
            text(ARN),
            text("GET /photos, DELETE /photos/{id}, GET /me, GET /admin, GET /pub"),
            Select(0), // GET /photos: iam
            Multi(vec![0, 1]),
            Select(0),      // DELETE: iam
            Multi(vec![]),  // refused: nobody
            Multi(vec![2]), // ADMINS
            Select(1),      // GET /me: id token
            Select(2),      // GET /admin: access token
            Default,        // scopes
            Select(3),      // GET /pub: none
            Default,        // no CORS
        ]);
        let api = ask(&mut p, &c, "photos", &new_config(), &ApiFlags::default()).unwrap();
        assert!(p.finished(), "{:#?}", p.asked);
        assert_eq!(p.refusals().len(), 2, "{:?}", p.refusals());
        assert_eq!(p.offered[2], ["guest", "authenticated", "ADMINS"]);
        assert_eq!(
            api.paths["/photos/{id}"][&HttpMethod::Delete].allow,
            ["ADMINS"]
        );
        assert_eq!(
            api.paths["/admin"][&HttpMethod::Get].scopes,
            ["aws.cognito.signin.user.admin"]
        );
        assert_eq!(api.paths["/pub"][&HttpMethod::Get].auth, Authorizer::None);
        assert_eq!(c.api("photos", &api, ""), Ok(()));
    }

    #[test]
    fn project_code_and_several_functions() {
        let c = ctx();
        let mut p = Scripted::new(vec![
            text("photos, profile"),
            Select(0),
            text(ARN),
            Select(1),                 // profile: project code
            Default,                   // nodejs22.x
            Default,                   // index.handler
            text("../up"),             // refused: outside the project
            text("functions/missing"), // refused: no such folder
            Default,                   // functions/profile
            text("GET /me, GET /photos"),
            Select(1), // GET /me served by profile
            Select(1), // id token
            Select(0), // GET /photos by photos
            Select(0),
            Default, // authenticated
            text("https://photos.example.com"),
        ]);
        let api = ask(&mut p, &c, "photos", &new_config(), &ApiFlags::default()).unwrap();
        assert!(p.finished(), "{:#?}", p.asked);
        let refusals = p.refusals();
        assert_eq!(refusals.len(), 2, "{refusals:?}");
        assert!(
            refusals[1].contains("`functions/missing` does not exist"),
            "{refusals:?}"
        );
        assert!(
            matches!(&api.functions["profile"], Function::Created(f) if f.runtime == "nodejs22.x")
        );
        assert_eq!(api.paths["/me"][&HttpMethod::Get].function, "profile");
        assert_eq!(
            api.cors.as_ref().unwrap().allowed_origins,
            ["https://photos.example.com"]
        );
        assert_eq!(c.api("photos", &api, ""), Ok(()));
    }

    #[test]
    fn flags_answer_everything_and_missing_ones_are_named() {
        let flags = ApiFlags {
            functions: vec![format!("photos={ARN}")],
            routes: vec![
                "GET /photos allow=guest,authenticated".into(),
                "POST /photos auth=iam allow=ADMINS".into(),
            ],
            cors_origins: None,
        };
        let mut d = Defaults::default();
        let api = ask(&mut d, &ctx(), "photos", &new_config(), &flags).unwrap();
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        assert_eq!(api.paths["/photos"][&HttpMethod::Post].allow, ["ADMINS"]);
        assert_eq!(ctx().api("photos", &api, ""), Ok(()));
        let mut d = Defaults::default();
        ask(
            &mut d,
            &ctx(),
            "photos",
            &new_config(),
            &ApiFlags::default(),
        )
        .unwrap();
        let all = d.problems.join("\n");
        assert!(all.contains("--function photos=ARN is required"), "{all}");
        assert!(all.contains("--route is required"), "{all}");
    }

    #[test]
    fn update_is_pre_filled() {
        let base: ApiConfig = serde_json::from_value(serde_json::json!({
            "functions": {"photos": {"arn": ARN}},
            "paths": {"/photos": {"GET": {"function": "photos", "allow": ["guest"]}}},
            "throttling": {"rate_per_second": 5, "burst": 10}
        }))
        .unwrap();
        let mut p = Scripted::new(vec![Default; 7]);
        let api = ask(&mut p, &ctx(), "photos", &base, &ApiFlags::default()).unwrap();
        assert_eq!(api, base);
        assert!(parse_route("FETCH /x").is_err());
        assert!(route_list("GET /x, GET /x").unwrap_err().contains("twice"));
        assert_eq!(function_text(&base.functions["photos"]), ARN);
    }
}
