//! The access matrix of one environment: for every principal, every storage prefix × action
//! and every API route, whether the template's policies allow it.
//!
//! The questions come from the configuration (which buckets, which custom prefixes) and from
//! the template (which API methods exist); the answers come only from the template's policies.
//! The caller is identity `A` ([`CALLER`]); `B` ([`OTHER`]) is somebody else, so owner prefixes
//! are asked twice: `private/A/` (own) and `private/B/` (another user's).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::model::{Kind, Model, Principal};
use super::policy::{Context, Decision, Evaluation, Request};
use super::resolve::{ACCOUNT_ID, PARTITION, REGION, Resolver, property, resource_type, resources};
use crate::load::Project;
use crate::render::ids::pascal;
use crate::render::storage::OWNER_PLACEHOLDER;

/// The identity id the matrix acts as, and another user's.
pub const CALLER: &str = "us-east-1:A";
pub const OTHER: &str = "us-east-1:B";
/// The condition key that carries the caller's identity id.
pub const IDENTITY_KEY: &str = "cognito-identity.amazonaws.com:sub";
/// The object name asked about under each prefix.
pub const OBJECT_NAME: &str = "file.txt";

/// The Amplify levels, always asked about (an unconfigured level shows as denied).
pub const LEVELS: [&str; 4] = [
    "public/",
    "protected/{identity_id}/",
    "private/{identity_id}/",
    "uploads/",
];

/// Every verb an `ANY` method answers (those without their own method on the resource).
const VERBS: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/// A bucket to ask about: its name in the configuration, logical id, and custom prefixes.
#[derive(Debug, Clone)]
pub struct StorageTarget {
    pub name: String,
    pub bucket: String,
    /// Custom prefixes as written (`albums/*`, `media/{identity_id}/*`).
    pub paths: Vec<String>,
}

/// What the configuration contributes: the buckets, and API names by logical id.
#[derive(Debug, Clone, Default)]
pub struct Targets {
    pub storage: Vec<StorageTarget>,
    pub api_names: BTreeMap<String, String>,
    /// Project functions: (principal name, logical id of the function).
    pub functions: Vec<(String, String)>,
}

/// How a project function is named among the principals.
pub fn function_principal(name: &str) -> String {
    format!("fn {name}")
}

/// The project function a principal's name stands for (`fn add-to-group` → `add-to-group`).
pub fn principal_function(principal: &str) -> &str {
    principal.strip_prefix("fn ").unwrap_or(principal)
}

impl Targets {
    pub fn from_project(project: &Project) -> Targets {
        Targets {
            storage: project
                .storage
                .iter()
                .map(|s| StorageTarget {
                    name: s.name.clone(),
                    bucket: format!("Storage{}Bucket", pascal(&s.name)),
                    paths: s.config.paths.keys().cloned().collect(),
                })
                .collect(),
            api_names: project
                .apis
                .iter()
                .map(|a| (format!("Api{}", pascal(&a.name)), a.name.clone()))
                .collect(),
            functions: project
                .functions
                .iter()
                .map(|f| {
                    (
                        function_principal(&f.name),
                        crate::render::function::function_id(&f.name),
                    )
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Caller,
    Other,
}

impl Owner {
    fn word(self) -> &'static str {
        match self {
            Owner::Caller => "caller",
            Owner::Other => "other",
        }
    }
}

#[derive(Debug, Clone)]
pub struct StorageRow {
    /// `protected/A/`: the prefix with the identity shown as `A` or `B`.
    pub prefix: String,
    pub owner: Option<Owner>,
    /// `get`, `put`, `delete`, `list`.
    pub action: &'static str,
    pub request: Request,
    /// One per principal, in [`Matrix::principals`] order.
    pub cells: Vec<Evaluation>,
}

#[derive(Debug, Clone)]
pub struct StorageTable {
    pub name: String,
    pub bucket: String,
    pub rows: Vec<StorageRow>,
}

#[derive(Debug, Clone)]
pub struct ApiRow {
    /// The method's `HttpMethod` (`ANY` included).
    pub method: String,
    /// The verb asked about (an `ANY` method is asked once per verb it answers).
    pub verb: String,
    pub path: String,
    pub authorizer: String,
    pub scopes: Vec<String>,
    /// Machine clients (client credentials) whose tokens carry one of `scopes`: API Gateway's
    /// Cognito authorizer accepts a token with any one of a method's scopes.
    pub machine_clients: Vec<String>,
    /// `None` when the method is not IAM-authorized (the authorizer decides, not IAM).
    pub request: Option<Request>,
    pub cells: Option<Vec<Evaluation>>,
}

#[derive(Debug, Clone)]
pub struct ApiTable {
    pub name: String,
    pub api: String,
    pub stage: String,
    pub rows: Vec<ApiRow>,
}

/// The matrix of one environment.
#[derive(Debug, Clone)]
pub struct Matrix {
    pub environment: String,
    pub principals: Vec<Principal>,
    pub storage: Vec<StorageTable>,
    pub apis: Vec<ApiTable>,
    /// What each principal may do on the user pool (only when the project has functions,
    /// the only principals that may be granted any).
    pub pool: Option<PoolTable>,
    pub notes: Vec<String>,
}

/// The user pool operations of `access.auth`, asked of every principal.
#[derive(Debug, Clone)]
pub struct PoolTable {
    pub pool: String,
    pub rows: Vec<PoolRow>,
}

#[derive(Debug, Clone)]
pub struct PoolRow {
    /// The operation's word (`add_user_to_group`).
    pub operation: String,
    pub request: Request,
    pub cells: Vec<Evaluation>,
}

/// One row per operation; an operation needing several actions is allowed only when each is.
fn pool_table(model: &Model, resolver: &Resolver, template: &Value) -> Option<PoolTable> {
    let (pool, _) =
        resources(template).find(|(_, r)| resource_type(r) == "AWS::Cognito::UserPool")?;
    let arn = resolver.attribute(pool, "Arn")?;
    let rows = crate::config::function::PoolAction::ALL
        .into_iter()
        .map(|op| {
            let requests: Vec<Request> = op
                .actions()
                .iter()
                .map(|a| Request {
                    action: format!("cognito-idp:{a}"),
                    resource: arn.clone(),
                    context: Context::new(),
                })
                .collect();
            let mut cells = evaluate_all(model, &requests[0]);
            for other in &requests[1..] {
                for (cell, next) in cells.iter_mut().zip(evaluate_all(model, other)) {
                    if cell.decision == Decision::Allow && next.decision != Decision::Allow {
                        *cell = next;
                    }
                }
            }
            PoolRow {
                operation: op.name(),
                request: requests[0].clone(),
                cells,
            }
        })
        .collect();
    Some(PoolTable {
        pool: pool.clone(),
        rows,
    })
}

fn object_request(action: &str, bucket: &str, key: &str) -> Request {
    let mut context = Context::new();
    context.set(IDENTITY_KEY, CALLER);
    Request {
        action: action.into(),
        resource: format!("arn:{PARTITION}:s3:::{bucket}/{key}{OBJECT_NAME}"),
        context,
    }
}

fn list_request(bucket: &str, prefix: &str) -> Request {
    let mut context = Context::new();
    context.set(IDENTITY_KEY, CALLER).set("s3:prefix", prefix);
    Request {
        action: "s3:ListBucket".into(),
        resource: format!("arn:{PARTITION}:s3:::{bucket}"),
        context,
    }
}

/// The prefixes asked about: the levels, then custom paths in name order, owner prefixes as
/// the caller's and another user's.
fn prefixes(paths: &[String]) -> Vec<(String, String, Option<Owner>)> {
    let mut custom: Vec<String> = paths
        .iter()
        .map(|p| p.trim_end_matches('*').to_string())
        .collect();
    custom.sort();
    custom.dedup();
    let mut out = Vec::new();
    for p in LEVELS.iter().map(|s| s.to_string()).chain(custom) {
        if p.contains(OWNER_PLACEHOLDER) {
            for (owner, letter, id) in [(Owner::Caller, "A", CALLER), (Owner::Other, "B", OTHER)] {
                out.push((
                    p.replace(OWNER_PLACEHOLDER, letter),
                    p.replace(OWNER_PLACEHOLDER, id),
                    Some(owner),
                ));
            }
        } else {
            out.push((p.clone(), p, None));
        }
    }
    out
}

fn evaluate_all(model: &Model, request: &Request) -> Vec<Evaluation> {
    model
        .principals
        .iter()
        .map(|p| model.evaluate(p, request))
        .collect()
}

fn storage_table(
    model: &Model,
    resolver: &Resolver,
    template: &Value,
    target: &StorageTarget,
) -> Result<StorageTable, String> {
    let exists = resources(template)
        .any(|(id, r)| id == &target.bucket && resource_type(r) == "AWS::S3::Bucket");
    let bucket = resolver
        .reference(&target.bucket)
        .filter(|_| exists)
        .ok_or_else(|| {
            format!(
                "the template has no bucket {} for storage `{}`",
                target.bucket, target.name
            )
        })?;
    let mut rows = Vec::new();
    for (label, key, owner) in prefixes(&target.paths) {
        for (action, request) in [
            ("get", object_request("s3:GetObject", &bucket, &key)),
            ("put", object_request("s3:PutObject", &bucket, &key)),
            ("delete", object_request("s3:DeleteObject", &bucket, &key)),
            ("list", list_request(&bucket, &key)),
        ] {
            rows.push(StorageRow {
                prefix: label.clone(),
                owner,
                action,
                cells: evaluate_all(model, &request),
                request,
            });
        }
    }
    Ok(StorageTable {
        name: target.name.clone(),
        bucket: target.bucket.clone(),
        rows,
    })
}

/// `Fn::GetAtt [Api, RootResourceId]` in either spelling.
fn is_root_of(value: &Value, api: &str) -> bool {
    match value.get("Fn::GetAtt") {
        Some(Value::Array(parts)) => {
            parts.len() == 2 && parts[0] == api && parts[1] == "RootResourceId"
        }
        Some(Value::String(dotted)) => *dotted == format!("{api}.RootResourceId"),
        _ => false,
    }
}

fn ref_of(value: Option<&Value>) -> Option<&str> {
    value?.get("Ref")?.as_str()
}

/// The path of an API Gateway resource, from its `PathPart`s up to the API's root.
fn resource_path(template: &Value, api: &str, id: &Value) -> Option<String> {
    let mut parts = Vec::new();
    let mut current = id.clone();
    for _ in 0..64 {
        if is_root_of(&current, api) {
            parts.reverse();
            return Some(format!("/{}", parts.join("/")));
        }
        let logical = ref_of(Some(&current))?;
        let resource = template.get("Resources")?.get(logical)?;
        if resource_type(resource) != "AWS::ApiGateway::Resource"
            || ref_of(property(resource, "RestApiId")) != Some(api)
        {
            return None;
        }
        parts.push(property(resource, "PathPart")?.as_str()?.to_string());
        current = property(resource, "ParentId")?.clone();
    }
    None
}

/// A concrete request path: `{proxy+}` → `a/b`, `{id}` → `123`.
pub fn concrete_path(path: &str) -> String {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            if s.starts_with('{') && s.ends_with("+}") {
                "a/b"
            } else if s.starts_with('{') {
                "123"
            } else {
                s
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn verb_rank(verb: &str) -> usize {
    VERBS.iter().position(|v| *v == verb).unwrap_or(VERBS.len())
}

struct Method {
    id: String,
    verb: String,
    path: String,
    authorizer: String,
    scopes: Vec<String>,
}

/// (client name, scopes) of each client that gets tokens with client credentials, by name.
fn machine_clients(template: &Value, resolver: &Resolver) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = resources(template)
        .filter(|(_, r)| resource_type(r) == "AWS::Cognito::UserPoolClient")
        .filter(|(_, r)| {
            property(r, "AllowedOAuthFlows")
                .map(|v| {
                    resolver
                        .resolve_list(v)
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                })
                .is_some_and(|flows| flows.iter().any(|f| f == "client_credentials"))
        })
        .map(|(id, r)| {
            let name = property(r, "ClientName")
                .and_then(|v| resolver.resolve(v))
                .unwrap_or_else(|| id.clone());
            let scopes = property(r, "AllowedOAuthScopes")
                .map(|v| resolver.resolve_list(v).into_iter().flatten().collect())
                .unwrap_or_default();
            (name, scopes)
        })
        .collect();
    out.sort();
    out
}

fn api_tables(
    model: &Model,
    resolver: &Resolver,
    template: &Value,
    names: &BTreeMap<String, String>,
    notes: &mut Vec<String>,
) -> Vec<ApiTable> {
    let mut apis: Vec<&String> = resources(template)
        .filter(|(_, r)| resource_type(r) == "AWS::ApiGateway::RestApi")
        .map(|(id, _)| id)
        .collect();
    apis.sort();
    let machines = machine_clients(template, resolver);
    let mut tables = Vec::new();
    for api in apis {
        let mut methods = Vec::new();
        for (id, m) in resources(template).filter(|(_, r)| {
            resource_type(r) == "AWS::ApiGateway::Method"
                && ref_of(property(r, "RestApiId")) == Some(api.as_str())
        }) {
            let path = property(m, "ResourceId").and_then(|r| resource_path(template, api, r));
            let verb = property(m, "HttpMethod").and_then(|v| resolver.resolve(v));
            let (Some(path), Some(verb)) = (path, verb) else {
                notes.push(format!(
                    "{id}: its path or HTTP method cannot be resolved; not evaluated"
                ));
                continue;
            };
            methods.push(Method {
                id: id.clone(),
                verb: verb.to_uppercase(),
                path,
                authorizer: property(m, "AuthorizationType")
                    .and_then(|v| resolver.resolve(v))
                    .unwrap_or_else(|| "NONE".into()),
                scopes: property(m, "AuthorizationScopes")
                    .map(|v| resolver.resolve_list(v).into_iter().flatten().collect())
                    .unwrap_or_default(),
            });
        }
        methods.sort_by(|a, b| {
            (&a.path, verb_rank(&a.verb), &a.verb, &a.id).cmp(&(
                &b.path,
                verb_rank(&b.verb),
                &b.verb,
                &b.id,
            ))
        });
        let mut stages: Vec<String> = resources(template)
            .filter(|(_, r)| {
                resource_type(r) == "AWS::ApiGateway::Stage"
                    && ref_of(property(r, "RestApiId")) == Some(api.as_str())
            })
            .filter_map(|(_, r)| property(r, "StageName").and_then(|v| resolver.resolve(v)))
            .collect();
        stages.sort();
        stages.dedup();
        if stages.is_empty() {
            notes.push(format!(
                "{api} has no stage; its routes are evaluated for a stage named `stage`"
            ));
            stages.push("stage".into());
        }
        let api_id = resolver
            .reference(api)
            .unwrap_or_else(|| api.to_lowercase());
        for stage in stages {
            let mut rows = Vec::new();
            for m in &methods {
                let iam = m.authorizer == "AWS_IAM";
                let verbs: Vec<String> = if iam && m.verb == "ANY" {
                    let own: BTreeSet<&str> = methods
                        .iter()
                        .filter(|o| o.path == m.path && o.verb != "ANY")
                        .map(|o| o.verb.as_str())
                        .collect();
                    VERBS
                        .iter()
                        .filter(|v| !own.contains(*v))
                        .map(|v| v.to_string())
                        .collect()
                } else {
                    vec![m.verb.clone()]
                };
                for verb in verbs {
                    let (request, cells) = if iam {
                        let path = concrete_path(&m.path);
                        let mut context = Context::new();
                        context.set(IDENTITY_KEY, CALLER);
                        let request = Request {
                            action: "execute-api:Invoke".into(),
                            resource: format!(
                                "arn:{PARTITION}:execute-api:{REGION}:{ACCOUNT_ID}:{api_id}/{stage}/{verb}/{path}"
                            ),
                            context,
                        };
                        let cells = evaluate_all(model, &request);
                        (Some(request), Some(cells))
                    } else {
                        (None, None)
                    };
                    rows.push(ApiRow {
                        method: m.verb.clone(),
                        verb,
                        path: m.path.clone(),
                        authorizer: m.authorizer.clone(),
                        scopes: m.scopes.clone(),
                        machine_clients: machines
                            .iter()
                            .filter(|(_, carried)| carried.iter().any(|c| m.scopes.contains(c)))
                            .map(|(name, _)| name.clone())
                            .collect(),
                        request,
                        cells,
                    });
                }
            }
            tables.push(ApiTable {
                name: names.get(api).cloned().unwrap_or_else(|| api.clone()),
                api: api.clone(),
                stage,
                rows,
            });
        }
    }
    tables
}

/// The matrix of one environment's template.
pub fn build(environment: &str, template: &Value, targets: &Targets) -> Result<Matrix, String> {
    let mut model = Model::from_template(template);
    for (name, logical) in &targets.functions {
        model.add_function(template, name, logical);
    }
    let resolver = Resolver::new(template);
    let mut notes = model.notes.clone();
    let storage = targets
        .storage
        .iter()
        .map(|t| storage_table(&model, &resolver, template, t))
        .collect::<Result<Vec<_>, _>>()?;
    let apis = api_tables(&model, &resolver, template, &targets.api_names, &mut notes);
    let pool = if targets.functions.is_empty() {
        None
    } else {
        pool_table(&model, &resolver, template)
    };
    Ok(Matrix {
        environment: environment.to_string(),
        principals: model.principals.clone(),
        storage,
        apis,
        pool,
        notes,
    })
}

impl Matrix {
    fn access(&self, cells: &[Evaluation]) -> (Value, Value) {
        let mut access = Map::new();
        let mut explicit = Vec::new();
        for (p, e) in self.principals.iter().zip(cells) {
            access.insert(p.name.clone(), json!(e.decision.word()));
            if e.decision == Decision::ExplicitDeny {
                explicit.push(json!(p.name));
            }
        }
        (Value::Object(access), Value::Array(explicit))
    }

    /// The matrix as JSON (stable field order; rows in the order of the text tables).
    pub fn to_json(&self) -> Value {
        let request = |r: &Request| json!({"action": r.action, "resource": r.resource});
        let storage: Vec<Value> = self
            .storage
            .iter()
            .map(|t| {
                let rows: Vec<Value> = t
                    .rows
                    .iter()
                    .map(|row| {
                        let (access, explicit) = self.access(&row.cells);
                        json!({
                            "prefix": row.prefix,
                            "owner": row.owner.map(Owner::word),
                            "action": row.action,
                            "request": request(&row.request),
                            "access": access,
                            "explicit_deny": explicit,
                        })
                    })
                    .collect();
                json!({"name": t.name, "bucket": t.bucket, "rows": rows})
            })
            .collect();
        let apis: Vec<Value> = self
            .apis
            .iter()
            .map(|t| {
                let rows: Vec<Value> = t
                    .rows
                    .iter()
                    .map(|row| {
                        let (access, explicit) = match &row.cells {
                            Some(cells) => self.access(cells),
                            None => (Value::Null, json!([])),
                        };
                        json!({
                            "method": row.method,
                            "verb": row.verb,
                            "path": row.path,
                            "authorizer": row.authorizer,
                            "scopes": row.scopes,
                            "machine_clients": row.machine_clients,
                            "request": row.request.as_ref().map(request),
                            "access": access,
                            "explicit_deny": explicit,
                        })
                    })
                    .collect();
                json!({"name": t.name, "api": t.api, "stage": t.stage, "rows": rows})
            })
            .collect();
        let mut out = json!({
            "name": self.environment,
            "identities": {"caller": CALLER, "other": OTHER},
            "principals": self.principals,
            "storage": storage,
            "apis": apis,
            "notes": self.notes,
        });
        if let Some(pool) = &self.pool {
            let rows: Vec<Value> = pool
                .rows
                .iter()
                .map(|row| {
                    let (access, explicit) = self.access(&row.cells);
                    json!({
                        "operation": row.operation,
                        "request": request(&row.request),
                        "access": access,
                        "explicit_deny": explicit,
                    })
                })
                .collect();
            out["user_pool"] = json!({"pool": pool.pool, "rows": rows});
        }
        out
    }

    /// The matrix as text: one table per bucket and per API stage.
    pub fn to_text(&self) -> String {
        let names: Vec<String> = self.principals.iter().map(|p| p.name.clone()).collect();
        let mut out = format!(
            "environment {}: decisions computed from the template's IAM policies\n",
            self.environment
        );
        if self.principals.is_empty() {
            out.push_str(
                "  principals: none (no identity pool roles: nobody gets AWS credentials)\n",
            );
        } else {
            let list: Vec<String> = self
                .principals
                .iter()
                .filter(|p| p.kind != Kind::NoGroup)
                .map(|p| format!("{} ({})", p.name, p.role.as_deref().unwrap_or("-")))
                .collect();
            out.push_str(&format!("  principals: {}\n", list.join(", ")));
        }
        // Its name has a comma, and what it gets needs a word of explanation: its own line.
        for p in self.principals.iter().filter(|p| p.kind == Kind::NoGroup) {
            let resolution = p.resolution.as_deref().unwrap_or("-");
            let line = match &p.role {
                Some(role) => format!("gets {role} (AmbiguousRoleResolution: {resolution})"),
                None => format!(
                    "gets no credentials (AmbiguousRoleResolution: {resolution}; only group members get AWS credentials)"
                ),
            };
            out.push_str(&format!("  {}: {line}\n", p.name));
        }
        out.push_str(&format!(
            "  the caller is identity A ({CALLER}); B ({OTHER}) is another user\n"
        ));
        let cells = |c: &[Evaluation]| -> Vec<String> {
            c.iter().map(|e| e.decision.word().to_string()).collect()
        };
        for t in &self.storage {
            out.push_str(&format!("\nstorage {} (bucket {})\n", t.name, t.bucket));
            let mut rows = vec![
                ["prefix".to_string(), "action".to_string()]
                    .into_iter()
                    .chain(names.iter().cloned())
                    .collect::<Vec<_>>(),
            ];
            for r in &t.rows {
                rows.push(
                    [r.prefix.clone(), r.action.to_string()]
                        .into_iter()
                        .chain(cells(&r.cells))
                        .collect(),
                );
            }
            out.push_str(&table(&rows));
        }
        for t in &self.apis {
            out.push_str(&format!(
                "\napi {} ({}, stage {})\n",
                t.name, t.api, t.stage
            ));
            let mut rows = vec![
                ["method".to_string(), "path".to_string()]
                    .into_iter()
                    .chain(names.iter().cloned())
                    .chain(["authorizer".to_string()])
                    .collect::<Vec<_>>(),
            ];
            for r in &t.rows {
                let method = if r.method == r.verb {
                    r.verb.clone()
                } else {
                    format!("{} ({})", r.method, r.verb)
                };
                let decided = match &r.cells {
                    Some(c) => cells(c),
                    None => vec!["-".to_string(); names.len()],
                };
                let mut authorizer = r.authorizer.clone();
                if !r.scopes.is_empty() {
                    authorizer.push_str(&format!(" (scopes: {})", r.scopes.join(" ")));
                }
                if !r.machine_clients.is_empty() {
                    authorizer.push_str(&format!(
                        "; machine clients: {}",
                        r.machine_clients.join(", ")
                    ));
                }
                rows.push(
                    [method, r.path.clone()]
                        .into_iter()
                        .chain(decided)
                        .chain([authorizer])
                        .collect(),
                );
            }
            out.push_str(&table(&rows));
        }
        if let Some(pool) = &self.pool {
            out.push_str(&format!("\nuser pool ({})\n", pool.pool));
            let mut rows = vec![
                ["operation".to_string()]
                    .into_iter()
                    .chain(names.iter().cloned())
                    .collect::<Vec<_>>(),
            ];
            for r in &pool.rows {
                rows.push(
                    [r.operation.clone()]
                        .into_iter()
                        .chain(cells(&r.cells))
                        .collect(),
                );
            }
            out.push_str(&table(&rows));
        }
        out
    }
}

/// Left-aligned columns, two spaces apart, indented by two.
fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::from("  ");
        for (c, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < row.len() {
                let pad = widths[c] - cell.chars().count() + 2;
                line.push_str(&" ".repeat(pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_prefixes_are_asked_for_the_caller_and_another_user() {
        let p = prefixes(&["media/{identity_id}/*".into(), "albums/*".into()]);
        let labels: Vec<&str> = p.iter().map(|(l, _, _)| l.as_str()).collect();
        assert_eq!(
            labels,
            [
                "public/",
                "protected/A/",
                "protected/B/",
                "private/A/",
                "private/B/",
                "uploads/",
                "albums/",
                "media/A/",
                "media/B/"
            ]
        );
        assert_eq!(p[1].1, "protected/us-east-1:A/");
        assert_eq!(p[8].1, "media/us-east-1:B/");
    }

    #[test]
    fn concrete_paths() {
        assert_eq!(concrete_path("/photos/{id}"), "photos/123");
        assert_eq!(concrete_path("/admin/{proxy+}"), "admin/a/b");
        assert_eq!(concrete_path("/"), "");
    }

    #[test]
    fn tables_align() {
        let t = table(&[
            vec!["a".into(), "bb".into(), "c".into()],
            vec!["ccc".into(), "d".into(), "".into()],
        ]);
        assert_eq!(t, "  a    bb  c\n  ccc  d\n");
    }
}
