//! Storage: one hardened bucket per `backend/storage/<name>.yaml`, its access-log bucket, and
//! one managed policy per identity-pool role that the rules reach.
//!
//! Grants are computed per *role*, not per audience: a group member gets the group's role
//! instead of the authenticated role, so a group role carries the authenticated and owner
//! grants too (unless the config says otherwise), and nested-prefix denies are computed from
//! what that role as a whole may do, so a deny never cancels a grant the same role holds.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{Value, json};

use super::context::{AUTHENTICATED_ROLE_ID, GUEST_ROLE_ID};
use super::iam::POLICY_VERSION;
use super::ids::pascal;
use crate::config::project::ProjectConfig;
use crate::config::storage::{Action, Rule, StorageConfig};

/// The owner placeholder in paths, and what IAM substitutes for it (the identity id).
pub const OWNER_PLACEHOLDER: &str = "{identity_id}";
pub const IDENTITY_VARIABLE: &str = "${!cognito-identity.amazonaws.com:sub}";

/// Headers the Amplify Storage client reads (ETag for multipart uploads).
pub const EXPOSED_HEADERS: [&str; 4] = [
    "ETag",
    "x-amz-id-2",
    "x-amz-request-id",
    "x-amz-server-side-encryption",
];

#[derive(Debug, Serialize)]
pub struct Storage {
    pub name: String,
    pub bucket_id: String,
    pub bucket_name: String,
    /// The `BucketName` property (`Fn::Sub` unless the name is a literal).
    pub bucket_name_value: Value,
    pub bucket_policy_id: String,
    pub log_bucket_id: String,
    pub log_bucket_name: String,
    pub log_bucket_policy_id: String,
    pub noncurrent_days: u32,
    pub cors: Option<Value>,
    pub policies: Vec<ManagedPolicy>,
    pub output_id: String,
    /// `NotificationConfiguration` calling the bucket's handlers; `None` without any.
    pub notification: Option<Value>,
    /// The permission of each handler function to be called by this bucket.
    pub handlers: Vec<Handler>,
    /// What the bucket waits for: its handlers' permissions.
    pub depends_on: Vec<String>,
}

/// A project function the bucket calls, and the permission that lets it.
#[derive(Debug, Serialize)]
pub struct Handler {
    pub permission_id: String,
    pub function: Value,
    pub source_arn: Value,
}

#[derive(Debug, Serialize)]
pub struct ManagedPolicy {
    pub id: String,
    pub role: String,
    pub description: String,
    pub document: Value,
}

/// A role of the identity pool and the audiences whose grants it carries.
#[derive(Debug, Clone)]
pub struct RoleAudiences {
    pub role_id: String,
    /// Label used in statement ids and descriptions (`Guest`, `Authenticated`, `GroupADMINS`).
    pub label: String,
    pub guest: bool,
    pub authenticated: bool,
    pub owner: bool,
    pub group: Option<String>,
}

/// The roles of a project: guest (if guests are on), authenticated, and one per group role.
pub fn project_roles(
    guest_access: bool,
    group_roles: &[String],
    inherit: bool,
) -> Vec<RoleAudiences> {
    let mut roles = Vec::new();
    if guest_access {
        roles.push(RoleAudiences {
            role_id: GUEST_ROLE_ID.into(),
            label: "Guest".into(),
            guest: true,
            authenticated: false,
            owner: false,
            group: None,
        });
    }
    roles.push(RoleAudiences {
        role_id: AUTHENTICATED_ROLE_ID.into(),
        label: "Authenticated".into(),
        guest: false,
        authenticated: true,
        owner: true,
        group: None,
    });
    for g in group_roles {
        roles.push(RoleAudiences {
            role_id: format!("Group{}Role", pascal(g)),
            label: format!("Group{}", pascal(g)),
            guest: false,
            authenticated: inherit,
            owner: inherit,
            group: Some(g.clone()),
        });
    }
    roles
}

/// A prefix and its rule, with the prefix split at the owner placeholder.
struct PathRule<'a> {
    /// `protected/{identity_id}/` (the key without its trailing `*`).
    prefix: String,
    label: String,
    rule: &'a Rule,
}

pub fn primitive(actions: &[Action]) -> BTreeSet<Action> {
    actions
        .iter()
        .flat_map(|a| a.expand().iter().copied())
        .collect()
}

impl RoleAudiences {
    /// Actions this role may take on *any* identity's objects under the path.
    fn shared(&self, rule: &Rule) -> BTreeSet<Action> {
        let mut out = BTreeSet::new();
        if self.guest {
            out.extend(primitive(&rule.guest));
        }
        if self.authenticated {
            out.extend(primitive(&rule.authenticated));
        }
        if let Some(g) = &self.group
            && let Some(actions) = rule.groups.get(g)
        {
            out.extend(primitive(actions));
        }
        out
    }

    /// Actions this role may take on its *own* objects (`{identity_id}` = caller).
    fn owned(&self, rule: &Rule) -> BTreeSet<Action> {
        if self.owner {
            primitive(&rule.owner)
        } else {
            BTreeSet::new()
        }
    }
}

/// How a statement names its bucket inside `Fn::Sub`: `${LogicalId}` for the identity-pool
/// roles, or the bucket's name (`app-media-dev-${AWS::AccountId}`) for project functions, whose
/// grants must not refer to the bucket resource (a bucket that calls the function would then
/// depend on it, and it on the bucket: a circular dependency).
pub fn by_id(bucket_id: &str) -> String {
    format!("${{{bucket_id}}}")
}

fn object_arn(bucket: &str, key_prefix: &str) -> Value {
    json!({ "Fn::Sub": format!("arn:${{AWS::Partition}}:s3:::{bucket}/{key_prefix}*") })
}

/// The bucket's ARN, `bucket` as in [`by_id`].
pub fn bucket_arn(bucket: &str) -> Value {
    json!({ "Fn::Sub": format!("arn:${{AWS::Partition}}:s3:::{bucket}") })
}

/// The statements granting `actions` on keys starting with `key_prefix` (`bucket` as in
/// [`by_id`]).
pub fn statements(
    effect: &str,
    sid: &str,
    bucket: &str,
    key_prefix: &str,
    list_prefix: &str,
    actions: &BTreeSet<Action>,
) -> Vec<Value> {
    let mut object_actions: Vec<&str> = Vec::new();
    for a in actions {
        match a {
            Action::Get => object_actions.push("s3:GetObject"),
            Action::Write => object_actions.extend(["s3:PutObject", "s3:AbortMultipartUpload"]),
            Action::Delete => object_actions.push("s3:DeleteObject"),
            Action::List | Action::Read => {}
        }
    }
    let mut out = Vec::new();
    if !object_actions.is_empty() {
        out.push(json!({
            "Sid": format!("{sid}Objects"),
            "Effect": effect,
            "Action": object_actions,
            "Resource": object_arn(bucket, key_prefix),
        }));
    }
    if actions.contains(&Action::List) {
        out.push(json!({
            "Sid": format!("{sid}List"),
            "Effect": effect,
            "Action": "s3:ListBucket",
            "Resource": bucket_arn(bucket),
            "Condition": {"StringLike": {"s3:prefix": [
                literal_or_sub(list_prefix.to_string()),
                literal_or_sub(format!("{list_prefix}*")),
            ]}},
        }));
    }
    out
}

/// `Fn::Sub` only where CloudFormation has something to substitute (cfn-lint W1020); an
/// escaped IAM variable alone is written literally, for IAM to evaluate.
fn literal_or_sub(text: String) -> Value {
    if text.replace("${!", "").contains("${") {
        json!({ "Fn::Sub": text })
    } else {
        Value::String(text.replace("${!", "${"))
    }
}

pub fn path_label(path: &str) -> String {
    pascal(
        &path
            .replace(OWNER_PLACEHOLDER, "")
            .replace(['/', '*', '{', '}'], "-"),
    )
}

/// Renders one storage file for an environment.
pub fn build(
    project: &ProjectConfig,
    env: &str,
    name: &str,
    config: &StorageConfig,
    roles: &[RoleAudiences],
) -> Storage {
    let id = format!("Storage{}", pascal(name));
    let bucket_id = format!("{id}Bucket");
    let mut rules: Vec<PathRule> = config
        .levels
        .paths()
        .into_iter()
        .map(|(p, r, _)| (p.to_string(), r))
        .chain(config.paths.iter().map(|(p, r)| (p.clone(), r)))
        .map(|(p, rule)| PathRule {
            label: path_label(&p),
            prefix: p.trim_end_matches('*').to_string(),
            rule,
        })
        .collect();
    rules.sort_by(|a, b| a.prefix.cmp(&b.prefix));
    // Labels name statements; two paths may read alike (`a-b/*`, `a_b/*`): number the later.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for r in &mut rules {
        let n = seen.entry(r.label.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            r.label = format!("{}{n}", r.label);
        }
    }

    let mut policies = Vec::new();
    // A role that carries only its group's grants gets nothing from a bucket whose rules never
    // name that group: skipping it here keeps the work linear in groups × buckets' mentions
    // rather than groups × buckets (the result is the same: it would get no statement).
    let named: BTreeSet<&str> = rules
        .iter()
        .flat_map(|pr| pr.rule.groups.keys().map(String::as_str))
        .collect();
    for role in roles {
        if !role.guest
            && !role.authenticated
            && !role.owner
            && role.group.as_deref().is_none_or(|g| !named.contains(g))
        {
            continue;
        }
        let mut document: Vec<Value> = Vec::new();
        for pr in &rules {
            let shared = role.shared(pr.rule);
            let owned: BTreeSet<Action> =
                role.owned(pr.rule).difference(&shared).copied().collect();
            let any_key = pr.prefix.replace(OWNER_PLACEHOLDER, "*");
            // Listing "every identity's folder" lists the parent prefix (`protected/`).
            let any_list = pr
                .prefix
                .split(OWNER_PLACEHOLDER)
                .next()
                .unwrap_or("")
                .to_string();
            let own_key = pr.prefix.replace(OWNER_PLACEHOLDER, IDENTITY_VARIABLE);
            let sid = format!("{}{}", pascal(name), pr.label);
            document.extend(statements(
                "Allow",
                &format!("{sid}{}", role.label),
                &by_id(&bucket_id),
                &any_key,
                &any_list,
                &shared,
            ));
            if pr.prefix.contains(OWNER_PLACEHOLDER) {
                document.extend(statements(
                    "Allow",
                    &format!("{sid}Owner"),
                    &by_id(&bucket_id),
                    &own_key,
                    &own_key,
                    &owned,
                ));
            }
            // Nested prefixes: what a parent grants this role but the child does not is denied
            // explicitly on the child (SEC-11).
            for parent in rules
                .iter()
                .filter(|p| p.prefix != pr.prefix && pr.prefix.starts_with(&p.prefix))
            {
                let denied: BTreeSet<Action> = role
                    .shared(parent.rule)
                    .difference(&shared)
                    .copied()
                    .collect();
                document.extend(statements(
                    "Deny",
                    &format!("{sid}{}Narrowed", role.label),
                    &by_id(&bucket_id),
                    &any_key,
                    &any_list,
                    &denied,
                ));
            }
        }
        if document.is_empty() {
            continue;
        }
        policies.push(ManagedPolicy {
            id: format!("{id}{}Policy", role.label),
            role: role.role_id.clone(),
            description: format!(
                "Storage {name}: what the {} role may do in the bucket.",
                role.label
            ),
            document: json!({"Version": POLICY_VERSION, "Statement": document}),
        });
    }

    let cors = config.cors.as_ref().map(|c| {
        let mut methods: Vec<String> = c
            .allowed_methods
            .iter()
            .map(|m| format!("{m:?}").to_uppercase())
            .collect();
        methods.sort();
        methods.dedup();
        let mut origins = c.allowed_origins.clone();
        origins.sort();
        origins.dedup();
        json!({"CorsRules": [{
            "Id": "AllowConfiguredOrigins",
            "AllowedOrigins": origins,
            "AllowedMethods": methods,
            "AllowedHeaders": ["*"],
            "ExposedHeaders": EXPOSED_HEADERS,
            "MaxAge": c.max_age_seconds,
        }]})
    });
    let base = format!("{}-{name}-{env}", project.project);
    let bucket_name = bucket_name(project, env, name);
    let (notification, handlers) = notifications(&id, &bucket_name, config);
    Storage {
        name: name.to_string(),
        bucket_id: bucket_id.clone(),
        bucket_name_value: sub_or_literal(&bucket_name),
        bucket_name,
        bucket_policy_id: format!("{id}BucketPolicy"),
        log_bucket_id: format!("{id}LogBucket"),
        log_bucket_name: format!("{base}-logs-${{AWS::AccountId}}"),
        log_bucket_policy_id: format!("{id}LogBucketPolicy"),
        noncurrent_days: config.noncurrent_version_days,
        cors,
        policies,
        output_id: format!("{id}BucketName"),
        notification,
        depends_on: handlers.iter().map(|h| h.permission_id.clone()).collect(),
        handlers,
    }
}

/// The bucket's `NotificationConfiguration` and one permission per function it calls. The
/// permission names the bucket by its name, not by `Ref`: the bucket waits for the permission
/// (S3 checks it when the notification is set), so the permission cannot wait for the bucket.
fn notifications(
    id: &str,
    bucket_name: &str,
    config: &StorageConfig,
) -> (Option<Value>, Vec<Handler>) {
    if config.triggers.is_empty() {
        return (None, Vec::new());
    }
    let configurations: Vec<Value> = config
        .triggers
        .iter()
        .map(|t| {
            let mut rules = Vec::new();
            if let Some(prefix) = &t.prefix {
                rules.push(json!({"Name": "prefix", "Value": prefix}));
            }
            if let Some(suffix) = &t.suffix {
                rules.push(json!({"Name": "suffix", "Value": suffix}));
            }
            let mut c = json!({
                "Event": t.on.s3_event(),
                "Function": super::function::function_arn(&t.function),
            });
            if !rules.is_empty() {
                c["Filter"] = json!({"S3Key": {"Rules": rules}});
            }
            c
        })
        .collect();
    let functions: BTreeSet<&str> = config
        .triggers
        .iter()
        .map(|t| t.function.as_str())
        .collect();
    let handlers = functions
        .into_iter()
        .map(|f| Handler {
            permission_id: format!("{id}Calls{}Permission", pascal(f)),
            function: super::function::function_arn(f),
            source_arn: bucket_arn(bucket_name),
        })
        .collect();
    (
        Some(json!({"LambdaConfigurations": configurations})),
        handlers,
    )
}

/// The bucket's name, for `Fn::Sub`: known before the bucket exists, so what must not depend
/// on the bucket (a function it notifies) can still name it.
/// The bucket's name as `Fn::Sub` text: the adopted bucket's own name, or a new one unique to
/// the account.
pub fn bucket_name(project: &ProjectConfig, env: &str, name: &str) -> String {
    project
        .environments
        .get(env)
        .and_then(|e| e.adopt.as_ref())
        .and_then(|a| a.buckets.get(name))
        .cloned()
        .unwrap_or_else(|| format!("{}-{name}-{env}-${{AWS::AccountId}}", project.project))
}

/// `Fn::Sub` only where the text has a variable: a literal is written as it is (cfn-lint
/// warns about a `Fn::Sub` with nothing to substitute).
pub fn sub_or_literal(text: &str) -> Value {
    if text.contains("${") {
        json!({ "Fn::Sub": text })
    } else {
        Value::String(text.to_string())
    }
}

/// Longest `<project>-<name>-<env>` that keeps `-logs-<12-digit account>` within S3's 63.
pub const MAX_BUCKET_BASE: usize = 63 - "-logs-".len() - 12;

/// Group roles and what they map to, for callers that only have names.
pub fn group_map(groups: &[String]) -> BTreeMap<String, String> {
    groups
        .iter()
        .map(|g| (g.clone(), format!("Group{}Role", pascal(g))))
        .collect()
}
