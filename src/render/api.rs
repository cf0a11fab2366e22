//! REST APIs: API Gateway resources and methods (Lambda proxy), the Cognito authorizer, CORS
//! preflight and CORS headers on API Gateway's own error responses, a logged and throttled
//! stage, Lambda permissions bound to each route, and one managed policy per identity-pool role
//! granting `execute-api:Invoke` on exact method ARNs.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{Value, json};

use super::function::FunctionCtx;
use super::iam::POLICY_VERSION;
use super::ids::pascal;
use super::storage::{ManagedPolicy, RoleAudiences};
use crate::config::api::{ApiConfig, ApiCors, Authorizer, Code, Function, HttpMethod};

/// What the access log records for each request (SEC-20).
pub const ACCESS_LOG_FORMAT: &str = r#"{"requestId":"$context.requestId","requestTime":"$context.requestTime","sourceIp":"$context.identity.sourceIp","httpMethod":"$context.httpMethod","resourcePath":"$context.resourcePath","status":"$context.status","responseLength":"$context.responseLength","cognitoIdentityId":"$context.identity.cognitoIdentityId","cognitoAuthenticationType":"$context.identity.cognitoAuthenticationType","userSub":"$context.authorizer.claims.sub","integrationLatency":"$context.integrationLatency"}"#;

/// Headers a browser may send to the API (the Amplify REST client signs with these).
pub const CORS_ALLOWED_HEADERS: &str =
    "'Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Amz-User-Agent,X-Api-Key'";

/// Headers of API Gateway's own error responses a browser app may read: the error type (which
/// the Amplify REST client turns into the error's name) and the request id (for support).
pub const CORS_EXPOSED_ERROR_HEADERS: &str = "'x-amzn-ErrorType,x-amzn-RequestId'";

/// The gateway responses given CORS headers: every 4XX and 5XX API Gateway answers by itself
/// (bad signature, missing token, access denied, expired token, throttled, …) falls back to one
/// of these two unless a more specific type is customised, which cogform never does.
pub const GATEWAY_RESPONSE_TYPES: [&str; 2] = ["DEFAULT_4XX", "DEFAULT_5XX"];

#[derive(Debug, Serialize)]
pub struct Api {
    pub name: String,
    pub id: String,
    pub rest_api_name: String,
    pub stage: String,
    pub stage_id: String,
    pub deployment_id: String,
    pub log_group_id: String,
    pub authorizer_id: Option<String>,
    pub resources: Vec<PathResource>,
    pub methods: Vec<MethodCtx>,
    pub preflights: Vec<Preflight>,
    pub gateway_responses: Vec<GatewayResponse>,
    pub permissions: Vec<Permission>,
    /// The API file's functions with code: rendered with the project functions by
    /// `functions/function.yaml` (`render_environment` moves them there), not by `rest.yaml`.
    #[serde(skip)]
    pub functions: Vec<FunctionCtx>,
    pub policies: Vec<ManagedPolicy>,
    pub rate: u32,
    pub burst: u32,
    pub retention_days: u32,
    pub access_log_format: &'static str,
    pub depends_on: Vec<String>,
    pub url_output_id: String,
    pub id_output_id: String,
}

#[derive(Debug, Serialize)]
pub struct PathResource {
    pub id: String,
    pub parent: Value,
    pub path_part: String,
}

#[derive(Debug, Serialize)]
pub struct MethodCtx {
    pub id: String,
    pub resource: Value,
    pub http_method: &'static str,
    pub authorization_type: &'static str,
    pub scopes: Vec<String>,
    pub uri: Value,
    /// The route, for the checkov skip of an explicitly open method.
    pub route: String,
    pub open: bool,
    pub source_file: String,
}

#[derive(Debug, Serialize)]
pub struct Preflight {
    pub id: String,
    pub resource: Value,
    pub allow_methods: String,
    pub origin_template: String,
}

/// CORS headers on one of API Gateway's own responses (`AWS::ApiGateway::GatewayResponse`).
#[derive(Debug, Serialize)]
pub struct GatewayResponse {
    pub id: String,
    pub response_type: &'static str,
    /// The `Access-Control-Allow-Origin` value, as a quoted literal (`'https://a.example'`).
    pub allow_origin: String,
    pub expose_headers: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Permission {
    pub id: String,
    pub function: Value,
    pub source_arn: Value,
}

/// The verbs an `ANY` method answers.
const ALL_VERBS: [&str; 7] = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];

/// A concrete request to a route (`GET/items/*` → `GET/items/x`).
fn sample(route: &str) -> String {
    route
        .split('/')
        .map(|s| if s == "*" { "x" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

/// IAM resource matching: `*` is any run of characters (`/` included), `?` one character.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// `/items/{id}` → segments; `{proxy+}` and `{id}` become `*` in ARNs.
fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

fn segment_label(segment: &str) -> String {
    if segment == "{proxy+}" {
        return "Proxy".into();
    }
    pascal(&segment.replace(['{', '}', '+'], ""))
}

/// The id of the resource for `path` (`/` is the API's root).
fn resource_ref(api_id: &str, path_segments: &[&str]) -> Value {
    if path_segments.is_empty() {
        json!({"Fn::GetAtt": [api_id, "RootResourceId"]})
    } else {
        json!({"Ref": resource_id(api_id, path_segments)})
    }
}

fn resource_id(api_id: &str, path_segments: &[&str]) -> String {
    let labels: String = path_segments.iter().map(|s| segment_label(s)).collect();
    format!("{api_id}Path{labels}")
}

/// The ARN path of a route: parameters and `{proxy+}` become `*`; nothing broader.
pub fn arn_path(path: &str) -> String {
    segments(path)
        .iter()
        .map(|s| if s.starts_with('{') { "*" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

/// A method's function: one of the API file's, else a project function.
fn function_arn(api_id: &str, name: &str, f: Option<&Function>) -> Value {
    match f {
        None => super::function::function_arn(name),
        Some(f) => created_or_existing_arn(api_id, name, f),
    }
}

fn created_or_existing_arn(api_id: &str, name: &str, f: &Function) -> Value {
    match f {
        Function::Existing(e) => Value::String(e.arn.clone()),
        Function::Created(_) => {
            json!({"Fn::GetAtt": [format!("{api_id}Function{}", pascal(name)), "Arn"]})
        }
    }
}

/// The Lambda integration URI. A given ARN is written with `${AWS::Partition}` in place of
/// its partition (the only partition it can be called from), so the template stays portable.
fn integration_uri(fn_arn: &Value) -> Value {
    const PREFIX: &str =
        "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/";
    match fn_arn {
        Value::String(arn) => {
            let rest = arn.splitn(3, ':').nth(2).unwrap_or(arn);
            json!({"Fn::Sub": format!("{PREFIX}arn:${{AWS::Partition}}:{rest}/invocations")})
        }
        other => {
            json!({"Fn::Sub": [format!("{PREFIX}${{FunctionArn}}/invocations"), {"FunctionArn": other}]})
        }
    }
}

fn origin_template(origins: &[String], any: bool) -> String {
    if any {
        return "#set($context.responseOverride.header.Access-Control-Allow-Origin = \"*\")".into();
    }
    // Echo the request's Origin only when it is one of the configured ones.
    let checks: Vec<String> = origins
        .iter()
        .map(|o| {
            format!(
                "$origin == {}",
                serde_json::to_string(o).unwrap_or_default()
            )
        })
        .collect();
    format!(
        "#set($origin = $input.params().header.get(\"Origin\"))\n#if({})\n#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)\n#end",
        checks.join(" || ")
    )
}

/// The one origin API Gateway's own error responses name. A gateway response cannot run a
/// template (its headers are literals or request values), so it cannot echo the request's
/// `Origin` only when it is allowed as the preflight does; echoing it unchecked would let any
/// site read the API's errors, and `*` is only written when the config asks for any origin.
/// With several origins, the first one listed gets them (documented: list production first).
pub fn error_origin(cors: &ApiCors) -> Option<&str> {
    if cors.allow_any_origin {
        return Some("*");
    }
    cors.allowed_origins.first().map(String::as_str)
}

/// The deployment must be replaced whenever a method or a gateway response changes, or API
/// Gateway keeps serving the old snapshot; a hash of both in the id does exactly that,
/// deterministically. Gateway responses enter the hash only when there are any, so an API
/// without CORS keeps the deployment it had.
fn deployment_id(
    id: &str,
    resources: &[PathResource],
    methods: &[MethodCtx],
    preflights: &[Preflight],
    gateway_responses: &[GatewayResponse],
) -> String {
    let mut fingerprint = json!({
        "resources": resources.iter().map(|r| (&r.id, &r.path_part)).collect::<Vec<_>>(),
        "methods": methods.iter().map(|m| json!([m.id, m.authorization_type, m.scopes, m.uri])).collect::<Vec<_>>(),
        "preflights": preflights.iter().map(|p| json!([p.id, p.allow_methods, p.origin_template])).collect::<Vec<_>>(),
    });
    if !gateway_responses.is_empty() {
        fingerprint["gateway_responses"] = gateway_responses
            .iter()
            .map(|g| json!([g.id, g.response_type, g.allow_origin, g.expose_headers]))
            .collect();
    }
    let text = serde_json::to_string(&fingerprint).unwrap_or_default();
    crate::ids::deployment_id(id, &text)
}

pub fn build(
    project: &str,
    env: &str,
    name: &str,
    file: &str,
    config: &ApiConfig,
    roles: &[RoleAudiences],
) -> Api {
    let id = format!("Api{}", pascal(name));
    let mut resources: BTreeMap<String, PathResource> = BTreeMap::new();
    let mut methods = Vec::new();
    let mut preflights = Vec::new();
    let mut permissions = Vec::new();
    let mut grants: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut iam_routes: BTreeSet<String> = BTreeSet::new();
    let uses_cognito = config.paths.values().flat_map(|m| m.values()).any(|m| {
        matches!(
            m.auth,
            Authorizer::CognitoIdToken | Authorizer::CognitoAccessToken
        )
    });
    let authorizer_id = uses_cognito.then(|| format!("{id}CognitoAuthorizer"));

    for (path, verbs) in &config.paths {
        let segs = segments(path);
        for i in 0..segs.len() {
            let rid = resource_id(&id, &segs[..=i]);
            resources
                .entry(rid.clone())
                .or_insert_with(|| PathResource {
                    id: rid,
                    parent: resource_ref(&id, &segs[..i]),
                    path_part: segs[i].to_string(),
                });
        }
        let resource = resource_ref(&id, &segs);
        let label: String = if segs.is_empty() {
            "Root".into()
        } else {
            segs.iter().map(|s| segment_label(s)).collect()
        };
        let arn = arn_path(path);
        for (verb, m) in verbs {
            let method_id = format!("{id}{label}{}", pascal(&verb.as_str().to_lowercase()));
            let fn_arn = function_arn(&id, &m.function, config.functions.get(&m.function));
            let uri = integration_uri(&fn_arn);
            let (authorization_type, scopes) = match m.auth {
                Authorizer::Iam => ("AWS_IAM", Vec::new()),
                Authorizer::CognitoIdToken => ("COGNITO_USER_POOLS", Vec::new()),
                Authorizer::CognitoAccessToken => ("COGNITO_USER_POOLS", m.scopes.clone()),
                Authorizer::None => ("NONE", Vec::new()),
            };
            let verb_arn = if *verb == HttpMethod::Any {
                "*"
            } else {
                verb.as_str()
            };
            let route_arn = if arn.is_empty() {
                format!("{verb_arn}/")
            } else {
                format!("{verb_arn}/{arn}")
            };
            if m.auth == Authorizer::Iam {
                // `ANY` is granted as the verbs it really serves: a verb with its own method
                // on this path (and its own `allow`) is not reachable through `ANY`.
                let served: Vec<&str> = if *verb == HttpMethod::Any {
                    ALL_VERBS
                        .into_iter()
                        .filter(|v| !verbs.keys().any(|k| k.as_str() == *v))
                        .filter(|v| *v != "OPTIONS" || config.cors.is_none())
                        .collect()
                } else {
                    vec![verb.as_str()]
                };
                for v in served {
                    let route = if arn.is_empty() {
                        format!("{v}/")
                    } else {
                        format!("{v}/{arn}")
                    };
                    iam_routes.insert(route.clone());
                    for audience in &m.allow {
                        grants
                            .entry(audience.clone())
                            .or_default()
                            .insert(route.clone());
                    }
                }
            }
            permissions.push(Permission {
                id: format!("{method_id}Permission"),
                function: fn_arn,
                source_arn: json!({"Fn::Sub": format!("arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{id}}}/{env}/{route_arn}")}),
            });
            methods.push(MethodCtx {
                id: method_id,
                resource: resource.clone(),
                http_method: verb.as_str(),
                authorization_type,
                scopes,
                uri,
                route: format!("{} {path}", verb.as_str()),
                open: m.auth == Authorizer::None,
                source_file: file.to_string(),
            });
        }
        if let Some(cors) = &config.cors {
            let mut allowed: Vec<&str> = verbs.keys().map(|v| v.as_str()).collect();
            allowed.push("OPTIONS");
            preflights.push(Preflight {
                id: format!("{id}{label}Options"),
                resource: resource.clone(),
                allow_methods: format!("'{}'", allowed.join(",")),
                origin_template: origin_template(&cors.allowed_origins, cors.allow_any_origin),
            });
        }
    }

    let policies = roles
        .iter()
        .filter_map(|role| {
            let mut routes: BTreeSet<String> = BTreeSet::new();
            let mut add = |aud: &str| routes.extend(grants.get(aud).cloned().unwrap_or_default());
            if role.guest {
                add("guest");
            }
            if role.authenticated {
                add("authenticated");
            }
            if let Some(g) = &role.group {
                add(g);
            }
            if routes.is_empty() {
                return None;
            }
            let arn_of = |r: &String| json!({"Fn::Sub": format!("arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{id}}}/{env}/{r}")});
            let resources: Vec<Value> = routes.iter().map(arn_of).collect();
            // IAM's `*` also matches `/`: a grant on `GET/items/*` reaches `GET/items/1/admin`.
            // Deeper routes this role may not call are denied explicitly (SEC-17).
            let denied: Vec<Value> = iam_routes
                .iter()
                .filter(|r| !routes.contains(*r))
                .filter(|r| routes.iter().any(|g| glob_match(g, &sample(r))))
                .map(arn_of)
                .collect();
            let mut statements = vec![json!({
                "Sid": format!("{}{}Invoke", pascal(name), role.label),
                "Effect": "Allow",
                "Action": "execute-api:Invoke",
                "Resource": resources,
            })];
            if !denied.is_empty() {
                statements.push(json!({
                    "Sid": format!("{}{}NotDeeperRoutes", pascal(name), role.label),
                    "Effect": "Deny",
                    "Action": "execute-api:Invoke",
                    "Resource": denied,
                }));
            }
            Some(ManagedPolicy {
                id: format!("{id}{}Policy", role.label),
                role: role.role_id.clone(),
                description: format!("API {name}: the routes the {} role may invoke.", role.label),
                document: json!({"Version": POLICY_VERSION, "Statement": statements}),
            })
        })
        .collect();

    let api_caller = super::function::Callers {
        api: true,
        ..Default::default()
    };
    let functions: Vec<FunctionCtx> = config
        .functions
        .iter()
        .filter_map(|(fname, f)| match f {
            Function::Existing(_) => None,
            Function::Created(c) => {
                let fid = format!("{id}Function{}", pascal(fname));
                Some(FunctionCtx {
                    id: fid.clone(),
                    name: format!("{project}-{name}-{fname}-{env}"),
                    role_id: format!("{fid}Role"),
                    log_group_id: format!("{fid}LogGroup"),
                    runtime: c.runtime.clone(),
                    handler: c.handler.clone(),
                    code: super::function::code(&c.code),
                    memory: c.memory_mb,
                    timeout: c.timeout_seconds,
                    retention_days: config.log_retention_days,
                    local_code: matches!(c.code, Code::Local(_)),
                    environment: None,
                    access_policy: None,
                    dead_letters_id: None,
                    skips: super::function::skips(&api_caller, false),
                })
            }
        })
        .collect();

    let gateway_responses: Vec<GatewayResponse> = config
        .cors
        .as_ref()
        .and_then(error_origin)
        .map(|origin| {
            GATEWAY_RESPONSE_TYPES
                .into_iter()
                .map(|t| GatewayResponse {
                    id: format!("{id}Response{}", pascal(&t.to_lowercase())),
                    response_type: t,
                    allow_origin: format!("'{origin}'"),
                    expose_headers: CORS_EXPOSED_ERROR_HEADERS,
                })
                .collect()
        })
        .unwrap_or_default();

    let mut resources: Vec<PathResource> = resources.into_values().collect();
    resources.sort_by(|a, b| a.id.cmp(&b.id));
    methods.sort_by(|a, b| a.id.cmp(&b.id));
    preflights.sort_by(|a, b| a.id.cmp(&b.id));
    permissions.sort_by(|a, b| a.id.cmp(&b.id));
    let mut depends_on: Vec<String> = methods
        .iter()
        .map(|m| m.id.clone())
        .chain(preflights.iter().map(|p| p.id.clone()))
        .chain(gateway_responses.iter().map(|g| g.id.clone()))
        .collect();
    depends_on.sort();
    Api {
        name: name.to_string(),
        rest_api_name: format!("{project}-{name}-{env}"),
        stage: env.to_string(),
        stage_id: format!("{id}Stage"),
        deployment_id: deployment_id(&id, &resources, &methods, &preflights, &gateway_responses),
        log_group_id: format!("{id}AccessLogs"),
        authorizer_id,
        resources,
        methods,
        preflights,
        gateway_responses,
        permissions,
        functions,
        policies,
        rate: config.throttling.rate_per_second,
        burst: config.throttling.burst,
        retention_days: config.log_retention_days,
        access_log_format: ACCESS_LOG_FORMAT,
        depends_on,
        url_output_id: format!("{id}Url"),
        id_output_id: format!("{id}Id"),
        id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_matching_is_iam_like() {
        assert!(glob_match("GET/items/*", "GET/items/x"));
        assert!(
            glob_match("GET/items/*", "GET/items/x/admin"),
            "IAM `*` crosses `/`"
        );
        assert!(!glob_match("GET/items", "GET/items-admin"));
        assert!(!glob_match("GET/items/*", "POST/items/x"));
        assert!(glob_match("G?T/*", "GET/a"));
    }

    fn config(cors: &str) -> ApiConfig {
        let text = format!(
            r#"{{"functions": {{"f": {{"arn": "arn:aws:lambda:eu-west-1:123456789012:function:f"}}}},
                "paths": {{"/items": {{"GET": {{"function": "f", "allow": ["authenticated"]}}}}}}{cors}}}"#
        );
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn gateway_responses_name_one_configured_origin_and_key_the_deployment() {
        let none = build("p", "dev", "shop", "f", &config(""), &[]);
        assert!(none.gateway_responses.is_empty());
        let two =
            r#", "cors": {"allowed_origins": ["https://a.example.com", "http://localhost:5173"]}"#;
        let api = build("p", "dev", "shop", "f", &config(two), &[]);
        let types: Vec<&str> = api
            .gateway_responses
            .iter()
            .map(|g| g.response_type)
            .collect();
        assert_eq!(types, ["DEFAULT_4XX", "DEFAULT_5XX"]);
        for g in &api.gateway_responses {
            assert_eq!(g.allow_origin, "'https://a.example.com'");
            assert!(api.depends_on.contains(&g.id), "{}", g.id);
        }
        // A change of a gateway response alone gives a new deployment…
        let mut changed = build("p", "dev", "shop", "f", &config(two), &[]);
        changed.gateway_responses[1].allow_origin = "'http://localhost:5173'".into();
        let again = |a: &Api| {
            deployment_id(
                &a.id,
                &a.resources,
                &a.methods,
                &a.preflights,
                &a.gateway_responses,
            )
        };
        assert_eq!(again(&api), api.deployment_id);
        assert_ne!(again(&changed), api.deployment_id);
        // …and an API without them keeps the id it had before they existed.
        let before = serde_json::to_string(&json!({
            "resources": none.resources.iter().map(|r| (&r.id, &r.path_part)).collect::<Vec<_>>(),
            "methods": none.methods.iter().map(|m| json!([m.id, m.authorization_type, m.scopes, m.uri])).collect::<Vec<_>>(),
            "preflights": Vec::<Value>::new(),
        }))
        .unwrap();
        assert_eq!(
            none.deployment_id,
            format!("ApiShopDeployment{:08x}", crate::ids::fnv1a(&before) >> 32)
        );
    }

    #[test]
    fn any_origin_is_written_only_when_asked() {
        let any = config(r#", "cors": {"allowed_origins": ["*"], "allow_any_origin": true}"#);
        let api = build("p", "dev", "shop", "f", &any, &[]);
        assert_eq!(api.gateway_responses[0].allow_origin, "'*'");
    }

    #[test]
    fn arn_paths_are_exact_with_parameters_as_wildcards() {
        assert_eq!(arn_path("/items"), "items");
        assert_eq!(arn_path("/items/{id}"), "items/*");
        assert_eq!(arn_path("/files/{proxy+}"), "files/*");
        assert_eq!(arn_path("/"), "");
    }
}
