//! Rules for `backend/api/*.yaml`, including what they need from backend/auth.yaml.

use std::collections::BTreeMap;

use crate::config::api::{ApiConfig, Authorizer, Code, Function};
use crate::config::auth::GroupRoles;
use crate::diagnostic::{Diagnostic, pointer_segment};
use crate::load::paths::{PathKind, inside_by_form};
use crate::load::{Category, Document, FUNCTIONS_DIR, Project};
use crate::validate::auth::lambda_arn_ok;

/// Lambda runtimes that are current (deprecated ones are refused: cfn-lint flags them too).
pub const RUNTIMES: [&str; 11] = [
    "nodejs20.x",
    "nodejs22.x",
    "python3.10",
    "python3.11",
    "python3.12",
    "python3.13",
    "java17",
    "java21",
    "dotnet8",
    "ruby3.3",
    "provided.al2023",
];

/// Retention periods CloudWatch Logs accepts.
pub const RETENTION_DAYS: [u32; 22] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];

pub fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    for api in &project.apis {
        check_api(project, api, out);
    }
}

fn check_api(project: &Project, api: &Category<ApiConfig>, out: &mut Vec<Diagnostic>) {
    let doc = &api.doc;
    let cfg = &api.config;
    if cfg.paths.is_empty() {
        out.push(doc.at("/paths", "an API needs at least one path"));
    }
    retention(cfg.log_retention_days, doc, out);
    let longest_env = project.config.longest_environment_name();
    for (name, f) in &cfg.functions {
        let ptr = format!("/functions/{}", pointer_segment(name));
        function(project, api, name, f, longest_env, doc, &ptr, out);
    }
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut params_at: BTreeMap<String, (String, String)> = BTreeMap::new();
    for (path, verbs) in &cfg.paths {
        let ptr = format!("/paths/{}", pointer_segment(path));
        if let Some(why) = path_problem(path) {
            out.push(doc.at_key(&ptr, why));
            continue;
        }
        // API Gateway allows one variable name per position under the same parent.
        let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        for i in 0..segs.len() {
            let parent = segs[..i].join("/");
            let here = segs[i];
            if here.starts_with('{') {
                if let Some((other, other_path)) = params_at.get(&parent)
                    && other != here
                {
                    out.push(doc.at_key(&ptr, format!("`{here}` and `{other}` (in `{other_path}`) are two different parameters at the same place; use one name")));
                }
                params_at
                    .entry(parent)
                    .or_insert((here.to_string(), path.clone()));
            }
        }
        let id: String = segs
            .iter()
            .map(|s| crate::render::ids::pascal(&s.replace(['{', '}', '+'], "")))
            .collect();
        if let Some(first) = ids.insert(id.to_lowercase(), path.clone()) {
            out.push(doc.at_key(
                &ptr,
                format!("maps to the same resource name as `{first}`; rename one"),
            ));
        }
        for (verb, m) in verbs {
            let mptr = format!("{ptr}/{}", verb.as_str());
            let project_function = project.functions.iter().any(|f| f.name == m.function);
            match (cfg.functions.contains_key(&m.function), project_function) {
                (true, true) => out.push(
                    doc.at(
                        &format!("{mptr}/function"),
                        format!(
                            "`{}` is both a function of this file and backend/functions/{}.yaml",
                            m.function, m.function
                        ),
                    )
                    .with_help("rename one of them, so every route names one function"),
                ),
                (false, false) => {
                    let known: Vec<String> = cfg
                        .functions
                        .keys()
                        .cloned()
                        .chain(project.functions.iter().map(|f| f.name.clone()))
                        .collect();
                    let mut d = doc.at(
                        &format!("{mptr}/function"),
                        if project.functions.is_empty() {
                            format!("no function `{}` in `functions`", m.function)
                        } else {
                            format!(
                                "no function `{}` in `functions`, nor in {FUNCTIONS_DIR}/",
                                m.function
                            )
                        },
                    );
                    if let Some(h) = crate::load::schema::suggestion(&m.function, &known) {
                        d = d.with_help(h);
                    }
                    out.push(d);
                }
                _ => {}
            }
            match m.auth {
                Authorizer::Iam => {
                    if m.allow.is_empty() {
                        out.push(doc.at(&mptr, "`auth: iam` with no `allow`: nobody could call it; list guest, authenticated or groups"));
                    }
                    allow_list(project, &m.allow, doc, &format!("{mptr}/allow"), out);
                }
                _ if !m.allow.is_empty() => out.push(doc.at(&format!("{mptr}/allow"), "`allow` applies to `auth: iam` only (tokens are checked by the Cognito authorizer)")),
                _ => {}
            }
            match m.auth {
                Authorizer::CognitoAccessToken if m.scopes.is_empty() => out.push(doc.at(
                    &mptr,
                    "`cognito_access_token` needs the OAuth `scopes` the token must carry",
                )),
                Authorizer::CognitoAccessToken => {
                    for (i, s) in m.scopes.iter().enumerate() {
                        if s.is_empty()
                            || s.len() > 256
                            || s.chars().any(|c| c.is_whitespace() || c.is_control())
                        {
                            out.push(doc.at(
                                &format!("{mptr}/scopes/{i}"),
                                "a scope is one word without spaces",
                            ));
                        }
                    }
                }
                _ if !m.scopes.is_empty() => out.push(doc.at(
                    &format!("{mptr}/scopes"),
                    "scopes apply to `cognito_access_token` only (an id token carries no scopes)",
                )),
                _ => {}
            }
        }
    }
    if let Some(cors) = &cfg.cors {
        if cors.allow_any_origin {
            if cors.allowed_origins != ["*"] {
                out.push(doc.at(
                    "/cors/allowed_origins",
                    "with `allow_any_origin: true`, write `allowed_origins: [\"*\"]`",
                ));
            }
        } else {
            super::storage::origins(&cors.allowed_origins, doc, "/cors/allowed_origins", out);
        }
    }
}

fn allow_list(
    project: &Project,
    allow: &[String],
    doc: &Document,
    ptr: &str,
    out: &mut Vec<Diagnostic>,
) {
    let ip = &project.auth.identity_pool;
    if !ip.enabled {
        out.push(doc.at(ptr, "IAM authorization uses identity-pool credentials; backend/auth.yaml has `identity_pool.enabled: false`"));
    }
    // Looked up in place: copying every group name for each method made this quadratic.
    let groups = || project.auth.groups.iter().map(|g| &g.name);
    let mut seen: Vec<&String> = Vec::new();
    for (i, who) in allow.iter().enumerate() {
        let at = format!("{ptr}/{i}");
        if seen.contains(&who) {
            out.push(doc.at(&at, "listed twice"));
        }
        seen.push(who);
        match who.as_str() {
            "guest" if !ip.guest_access => out.push(doc.at(
                &at,
                "allows guests, but backend/auth.yaml has `identity_pool.guest_access: false`",
            )),
            "guest" | "authenticated" => {}
            g if groups().any(|n| n == g) => {
                if ip.group_roles != GroupRoles::Token {
                    out.push(doc.at(
                        &at,
                        "group grants need group roles (`identity_pool.group_roles: token`)",
                    ));
                }
            }
            other => {
                let mut known = vec!["guest".to_string(), "authenticated".to_string()];
                known.extend(groups().cloned());
                let mut d = doc.at(
                    &at,
                    format!(
                        "`{other}` is neither guest, authenticated nor a group of backend/auth.yaml"
                    ),
                );
                if let Some(h) = crate::load::schema::suggestion(other, &known) {
                    d = d.with_help(h);
                }
                out.push(d);
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn function(
    project: &Project,
    api: &Category<ApiConfig>,
    name: &str,
    f: &Function,
    longest_env: usize,
    doc: &Document,
    ptr: &str,
    out: &mut Vec<Diagnostic>,
) {
    let name_ok = (1..=24).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !name_ok {
        out.push(doc.at_key(
            ptr,
            "function names are 1–24 lowercase letters, digits or `-`",
        ));
    }
    let used = api
        .config
        .paths
        .values()
        .flat_map(|v| v.values())
        .any(|m| m.function == name);
    if !used {
        out.push(doc.at_key(ptr, "is not used by any method"));
    }
    match f {
        Function::Existing(e) => {
            if !lambda_arn_ok(&e.arn) {
                out.push(doc.at(
                    &format!("{ptr}/arn"),
                    "must be a Lambda function ARN (`arn:aws:lambda:REGION:ACCOUNT:function:NAME`)",
                ));
            }
        }
        Function::Created(c) => {
            created_function(project, &c.runtime, &c.handler, &c.code, doc, ptr, out);
            let full = project.config.project.len() + api.name.len() + name.len() + longest_env + 3;
            if full > 64 {
                out.push(doc.at_key(ptr, "the function name `<project>-<api>-<function>-<environment>` would exceed Lambda's 64 characters"));
            }
        }
    }
}

/// `log_retention_days`: a period CloudWatch Logs accepts.
pub fn retention(days: u32, doc: &Document, out: &mut Vec<Diagnostic>) {
    if !RETENTION_DAYS.contains(&days) {
        out.push(doc.at(
            "/log_retention_days",
            format!(
                "CloudWatch Logs accepts one of: {}",
                RETENTION_DAYS.map(|d| d.to_string()).join(", ")
            ),
        ));
    }
}

/// The rules every function the template creates follows: a current runtime, a handler's
/// form, and code that exists.
pub fn created_function(
    project: &Project,
    runtime: &str,
    handler: &str,
    code: &Code,
    doc: &Document,
    ptr: &str,
    out: &mut Vec<Diagnostic>,
) {
    if !RUNTIMES.contains(&runtime) {
        out.push(doc.at(
            &format!("{ptr}/runtime"),
            format!("use a current runtime: {}", RUNTIMES.join(", ")),
        ));
    }
    if handler.is_empty()
        || handler.len() > 128
        || !handler
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || "._-/:$".contains(ch))
    {
        out.push(doc.at(
            &format!("{ptr}/handler"),
            "a handler is like `index.handler` (letters, digits, `.`, `_`, `-`, `/`)",
        ));
    }
    match code {
        Code::Local(l) => local_code(project, &l.path, doc, ptr, out),
        Code::S3(s3) => {
            let bucket_ok = (3..=63).contains(&s3.s3_bucket.len())
                && s3.s3_bucket.chars().all(|ch| {
                    ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-' || ch == '.'
                });
            if !bucket_ok {
                out.push(doc.at(
                    &format!("{ptr}/code/s3_bucket"),
                    "is not a valid S3 bucket name",
                ));
            }
            if s3.s3_key.is_empty() || s3.s3_key.len() > 1024 {
                out.push(doc.at(&format!("{ptr}/code/s3_key"), "must be 1–1024 characters"));
            }
        }
    }
}

/// A created function's `code.path`: inside the project by its form, and there on disk. What is
/// on disk comes from the `Project` (looked up while loading, `load::paths`), so this rule reads
/// no file itself; a path never looked up is refused like a missing one, so a caller that forgot
/// to look cannot pass.
fn local_code(project: &Project, path: &str, doc: &Document, ptr: &str, out: &mut Vec<Diagnostic>) {
    let ptr = format!("{ptr}/code/path");
    if !inside_by_form(path) {
        out.push(doc.at(&ptr, "a relative path inside the project, without `..`"));
        return;
    }
    match project.local_paths.get(path) {
        Some(PathKind::Dir | PathKind::File) => {}
        Some(PathKind::Outside) => out.push(doc.at(
            &ptr,
            format!("`{path}` leads outside the project through a symbolic link; the code must be inside it"),
        )),
        Some(PathKind::Unusable) => out.push(doc.at(
            &ptr,
            format!("`{path}` is neither a folder nor a file that can be read"),
        )),
        Some(PathKind::Missing) | None => out.push(
            doc.at(
                &ptr,
                format!("`{path}` does not exist (paths are relative to the project root, where cogform.yaml is)"),
            )
            .with_help("create the folder holding the function's code, which `aws cloudformation package` uploads, or fix the path"),
        ),
    }
}

/// Why an API path is refused, if it is.
pub fn path_problem(path: &str) -> Option<String> {
    if path == "/" {
        return None;
    }
    if !path.starts_with('/') || path.ends_with('/') {
        return Some("a path starts with `/` and does not end with one, e.g. `/items/{id}`".into());
    }
    let segs: Vec<&str> = path[1..].split('/').collect();
    let mut names: Vec<&str> = Vec::new();
    for (i, s) in segs.iter().enumerate() {
        if s.is_empty() {
            return Some("has an empty segment (`//`)".into());
        }
        if *s == "{proxy+}" {
            if i + 1 != segs.len() {
                return Some("`{proxy+}` must be the last segment".into());
            }
            continue;
        }
        if let Some(name) = s.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
            let ok = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !ok {
                return Some(format!(
                    "`{s}` is not a valid path parameter (letters, digits, `_`)"
                ));
            }
            if names.contains(&name) {
                return Some(format!("parameter `{name}` appears twice"));
            }
            names.push(name);
            continue;
        }
        if !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c))
        {
            return Some(format!(
                "segment `{s}` may hold letters, digits, `-`, `.`, `_` and `~` only"
            ));
        }
    }
    None
}

/// Methods with no authorization at all, to warn about.
pub fn open_methods(project: &Project) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for api in &project.apis {
        for (path, verbs) in &api.config.paths {
            for (verb, m) in verbs {
                if m.auth == Authorizer::None {
                    let ptr = format!("/paths/{}/{}/auth", pointer_segment(path), verb.as_str());
                    out.push(api.doc.at(
                        &ptr,
                        format!(
                            "{} {path} has no authorization: anyone on the internet may call it",
                            verb.as_str()
                        ),
                    ));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::path_problem;

    #[test]
    fn api_paths() {
        for ok in [
            "/",
            "/items",
            "/items/{id}",
            "/files/{proxy+}",
            "/a-b/c_d.e",
        ] {
            assert_eq!(path_problem(ok), None, "{ok}");
        }
        for bad in [
            "items",
            "/items/",
            "//x",
            "/{proxy+}/x",
            "/{a-b}",
            "/{id}/{id}",
            "/a b",
            "/a?b",
        ] {
            assert!(path_problem(bad).is_some(), "{bad}");
        }
    }
}
