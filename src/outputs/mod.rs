//! `amplify_outputs.json` (schema version 1.4): the file the Amplify client libraries read with
//! `Amplify.configure(outputs)`.
//!
//! Values the configuration knows (password policy, sign-in attributes, MFA, groups, redirect
//! URLs, storage access rules) come from the configuration, through the same render context as
//! the template, so the two cannot disagree. Ids that exist only after deployment (pools,
//! client, bucket names, API URL, Region) come from the stack's outputs; every missing one is
//! named. The result is checked against the official JSON Schema (`data/amplify-outputs/`)
//! before it is returned, and its key order is fixed, so the file is byte-identical for the
//! same inputs.
//!
//! Which app client is "the" client (`user_pool_client_id`): the first client of kind `web` in
//! `backend/auth.yaml`, else the first `native` one. `server` clients have a secret, which the
//! Amplify libraries cannot use.

pub mod stack;

use serde_json::{Map, Value, json};

use crate::config::auth::{AuthConfig, Client, ClientKind, STANDARD_ATTRIBUTES};
use crate::config::storage::{Action, Rule};
use crate::load::Project;
use crate::render::context::{self, AuthContext};
use crate::render::ids::pascal;
use crate::render::storage::OWNER_PLACEHOLDER;
pub use stack::StackOutputs;

/// The `version` written, and the schema the file is checked against.
pub const SCHEMA_VERSION: &str = "1.4";
/// The official JSON Schema of that version (Apache-2.0; source in data/amplify-outputs/).
pub const SCHEMA_TEXT: &str = include_str!("../../data/amplify-outputs/schema-v1.4.json");
/// The owner segment of a path in the format: the identity-id variable, which the Storage
/// client replaces with the caller's identity id.
pub const IDENTITY_VARIABLE: &str = "${cognito-identity.amazonaws.com:sub}";

/// Why no file could be written: a message, what to do, and whose fault it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputsError {
    pub message: String,
    pub help: Option<String>,
    /// A bug in cogform (exit 4) rather than a problem with the inputs (exit 2).
    pub internal: bool,
}

impl OutputsError {
    pub fn invalid(message: impl Into<String>, help: impl Into<String>) -> Self {
        OutputsError {
            message: message.into(),
            help: Some(help.into()),
            internal: false,
        }
    }

    fn internal(message: impl Into<String>) -> Self {
        OutputsError {
            message: message.into(),
            help: None,
            internal: true,
        }
    }
}

impl std::fmt::Display for OutputsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "error: {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// The generated file, and what the user should know about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    pub value: Value,
    pub warnings: Vec<String>,
}

impl Generated {
    /// The file's text: two-space indented JSON and a final newline.
    pub fn text(&self) -> String {
        let mut text = serde_json::to_string_pretty(&self.value).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// The environment the stack was deployed from: `--env` when given (it must agree with the
/// stack's own description), else the one the description names, else the only one.
pub fn choose_env(
    project: &Project,
    requested: Option<&str>,
    stack: &StackOutputs,
) -> Result<String, OutputsError> {
    let envs: Vec<&str> = project
        .config
        .environments
        .keys()
        .map(String::as_str)
        .collect();
    let known = envs.join(", ");
    let named = stack.generated_from();
    if let Some((stack_project, _)) = &named
        && stack_project != &project.config.project
    {
        return Err(OutputsError::invalid(
            format!(
                "the stack was deployed from the template of project `{stack_project}`, not `{}`",
                project.config.project
            ),
            "pass the outputs of this project's stack, or run the command in the right project (-C DIR)",
        ));
    }
    let stack_env = named.map(|(_, env)| env);
    let chosen = match (requested, stack_env.as_deref()) {
        (Some(r), Some(s)) if r != s => {
            return Err(OutputsError::invalid(
                format!("the stack was deployed from the `{s}` template, not `{r}`"),
                format!("pass `--env {s}`, or the outputs of the `{r}` stack"),
            ));
        }
        (Some(r), _) => r.to_string(),
        (None, Some(s)) => s.to_string(),
        (None, None) => match envs.as_slice() {
            [only] => only.to_string(),
            _ => {
                return Err(OutputsError::invalid(
                    format!(
                        "which environment the stack belongs to is unknown (environments: {known})"
                    ),
                    "pass `--env ENV`",
                ));
            }
        },
    };
    if !envs.contains(&chosen.as_str()) {
        return Err(OutputsError::invalid(
            format!("no environment `{chosen}` in cogform.yaml (environments: {known})"),
            "pass one of them with `--env ENV`",
        ));
    }
    Ok(chosen)
}

/// Looks outputs up, remembering every missing one so they are all reported at once.
struct Lookup<'a> {
    stack: &'a StackOutputs,
    missing: Vec<(String, String)>,
}

impl Lookup<'_> {
    fn need(&mut self, key: &str, what: &str) -> String {
        match self.stack.values.get(key) {
            Some(v) => v.clone(),
            None => {
                self.missing.push((key.to_string(), what.to_string()));
                String::new()
            }
        }
    }
}

/// Builds the file of environment `env_name` from the project and the stack's outputs.
/// `template` is the environment's final template (after `backend/overrides.yaml`): values
/// an override changed (the password policy) are read from it, so the app's configuration
/// says what is deployed.
pub fn generate(
    project: &Project,
    env_name: &str,
    stack: &StackOutputs,
    template: Option<&Value>,
) -> Result<Generated, OutputsError> {
    let env = project
        .config
        .environments
        .get(env_name)
        .ok_or_else(|| OutputsError::internal(format!("unknown environment `{env_name}`")))?;
    let ctx = context::build(project, env_name, env);
    let mut lookup = Lookup {
        stack,
        missing: Vec::new(),
    };
    let mut warnings = Vec::new();
    let region = lookup.need("Region", "the stack's AWS Region (aws_region)");
    let mut root = Map::new();
    root.insert("version".into(), json!(SCHEMA_VERSION));
    root.insert(
        "auth".into(),
        auth(
            &project.auth,
            &ctx,
            template,
            &region,
            &mut lookup,
            &mut warnings,
        )?,
    );
    if !project.storage.is_empty() {
        root.insert("storage".into(), storage(project, &region, &mut lookup)?);
    }
    if !project.apis.is_empty() {
        let mut apis = Map::new();
        for api in &project.apis {
            let key = format!("Api{}Url", pascal(&api.name));
            let endpoint = lookup.need(&key, &format!("the URL of the `{}` API", api.name));
            apis.insert(
                api.name.clone(),
                json!({ "endpoint": endpoint, "region": region, "apiName": api.name }),
            );
        }
        root.insert("custom".into(), json!({ "API": apis }));
    }
    if !lookup.missing.is_empty() {
        let list: Vec<String> = lookup
            .missing
            .iter()
            .map(|(key, what)| format!("`{key}` ({what})"))
            .collect();
        let template = crate::render::template_path(env_name, project.config.format);
        return Err(OutputsError::invalid(
            format!("the stack has no output {}", list.join(", ")),
            format!(
                "deploy the current {template} (its Outputs include every one), then run `describe-stacks` again"
            ),
        ));
    }
    let value = Value::Object(root);
    check_schema(&value)?;
    Ok(Generated { value, warnings })
}

/// The client the app uses: the first `web` client, else the first `native` one.
pub fn app_client(auth: &AuthConfig) -> Option<&Client> {
    [ClientKind::Web, ClientKind::Native]
        .into_iter()
        .find_map(|kind| auth.clients.iter().find(|c| c.kind == kind))
}

fn auth(
    config: &AuthConfig,
    ctx: &AuthContext,
    template: Option<&Value>,
    region: &str,
    lookup: &mut Lookup,
    warnings: &mut Vec<String>,
) -> Result<Value, OutputsError> {
    let client = app_client(config).ok_or_else(|| {
        OutputsError::invalid(
            "backend/auth.yaml has no `web` or `native` client; the Amplify libraries cannot use a `server` client (it has a secret)",
            "add a client of kind `web` (`clients: [{ name: web }]`)",
        )
    })?;
    let client_ctx = ctx
        .clients
        .iter()
        .find(|c| c.name == client.name)
        .ok_or_else(|| OutputsError::internal(format!("client `{}` not rendered", client.name)))?;
    let mut m = Map::new();
    m.insert("aws_region".into(), json!(region));
    m.insert(
        "user_pool_id".into(),
        json!(lookup.need("UserPoolId", "the user pool id")),
    );
    m.insert(
        "user_pool_client_id".into(),
        json!(lookup.need(
            &format!("{}Id", client_ctx.id),
            &format!("the id of app client `{}`", client.name)
        )),
    );
    if ctx.identity_pool.is_some() {
        m.insert(
            "identity_pool_id".into(),
            json!(lookup.need("IdentityPoolId", "the identity pool id")),
        );
    }
    let deployed = template
        .and_then(|t| t.pointer("/Resources/UserPool/Properties/Policies/PasswordPolicy"))
        .filter(|p| p.is_object());
    let p = deployed.unwrap_or(&ctx.user_pool.password);
    m.insert(
        "password_policy".into(),
        json!({
            "min_length": p["MinimumLength"],
            "require_numbers": p["RequireNumbers"],
            "require_lowercase": p["RequireLowercase"],
            "require_uppercase": p["RequireUppercase"],
            "require_symbols": p["RequireSymbols"],
        }),
    );
    if let Some(oauth) = &client_ctx.oauth {
        if oauth.callback_urls.is_empty() || oauth.logout_urls.is_empty() {
            warnings.push(format!(
                "app client `{}` has no {} URL, which the format requires: the file has no `auth.oauth` (no hosted UI or social sign-in from the app)",
                client.name,
                if oauth.callback_urls.is_empty() { "callback" } else { "logout" }
            ));
        } else {
            let p = &config.providers;
            let social: Vec<&str> = [
                (p.google.is_some(), "GOOGLE"),
                (p.facebook.is_some(), "FACEBOOK"),
                (p.amazon.is_some(), "LOGIN_WITH_AMAZON"),
                (p.apple.is_some(), "SIGN_IN_WITH_APPLE"),
            ]
            .into_iter()
            .filter_map(|(on, name)| on.then_some(name))
            .collect();
            m.insert(
                "oauth".into(),
                json!({
                    "identity_providers": social,
                    "domain": lookup.need("HostedUiDomain", "the hosted UI domain"),
                    "scopes": oauth.scopes,
                    "redirect_sign_in_uri": oauth.callback_urls,
                    "redirect_sign_out_uri": oauth.logout_urls,
                    "response_type": "code",
                }),
            );
        }
    }
    // Required standard attributes, as the template's Schema declares them (custom attributes
    // are never required).
    let required: Vec<&str> = ctx
        .user_pool
        .schema
        .iter()
        .filter(|a| a["Required"] == json!(true))
        .filter_map(|a| a["Name"].as_str())
        .filter(|n| STANDARD_ATTRIBUTES.contains(n))
        .collect();
    m.insert("standard_required_attributes".into(), json!(required));
    // With user names, email and phone are aliases: sign-up asks for a user name.
    let username_attributes: Vec<&str> = if config.login.username {
        vec!["username"]
    } else {
        ctx.user_pool.username_attributes.clone()
    };
    m.insert("username_attributes".into(), json!(username_attributes));
    m.insert(
        "user_verification_types".into(),
        json!(ctx.user_pool.auto_verified),
    );
    m.insert(
        "unauthenticated_identities_enabled".into(),
        json!(ctx.identity_pool.as_ref().is_some_and(|i| i.guest_access)),
    );
    m.insert(
        "mfa_configuration".into(),
        json!(match ctx.user_pool.mfa_configuration {
            "ON" => "REQUIRED",
            "OPTIONAL" => "OPTIONAL",
            _ => "NONE",
        }),
    );
    let mut methods: Vec<&str> = ctx
        .user_pool
        .enabled_mfas
        .iter()
        .map(|m| match *m {
            "SMS_MFA" => "SMS",
            "EMAIL_OTP" => "EMAIL",
            _ => "TOTP",
        })
        .collect();
    methods.sort();
    if !methods.is_empty() {
        m.insert("mfa_methods".into(), json!(methods));
    }
    if let Some(p) = config.passwordless.as_ref().filter(|p| p.any()) {
        // What `signIn({ options: { authFlowType: 'USER_AUTH' } })` offers.
        let mut passwordless = Map::new();
        passwordless.insert("email_otp_enabled".into(), json!(p.email_otp));
        passwordless.insert("sms_otp_enabled".into(), json!(p.sms_otp));
        if let Some(keys) = &p.passkeys {
            let relying_party = match &keys.relying_party {
                Some(rp) => rp.clone(),
                None => lookup.need(
                    "HostedUiDomain",
                    "the hosted UI domain (the passkeys' relying party)",
                ),
            };
            passwordless.insert(
                "web_authn".into(),
                json!({
                    "relying_party_id": relying_party,
                    "user_verification": keys.user_verification.as_str(),
                }),
            );
        }
        if let Some(preferred) = p.preferred {
            passwordless.insert(
                "preferred_challenge".into(),
                json!(preferred.cognito_name()),
            );
        }
        m.insert("passwordless".into(), Value::Object(passwordless));
    }
    let mut groups: Vec<(u32, &str)> = config
        .groups
        .iter()
        .map(|g| (g.precedence, g.name.as_str()))
        .collect();
    groups.sort();
    m.insert(
        "groups".into(),
        Value::Array(
            groups
                .into_iter()
                .map(|(precedence, name)| json!({ name: { "precedence": precedence } }))
                .collect(),
        ),
    );
    Ok(Value::Object(m))
}

fn storage(project: &Project, region: &str, lookup: &mut Lookup) -> Result<Value, OutputsError> {
    let default = match project.storage.iter().find(|s| s.config.default) {
        Some(s) => s,
        None if project.storage.len() == 1 => &project.storage[0],
        None => {
            return Err(OutputsError::invalid(
                "several buckets and none is `default: true`: the app's default bucket is ambiguous",
                "set `default: true` in one backend/storage/<name>.yaml",
            ));
        }
    };
    let mut default_name = String::new();
    let mut buckets = Vec::new();
    for s in &project.storage {
        let key = format!("Storage{}BucketName", pascal(&s.name));
        let bucket_name = lookup.need(&key, &format!("the name of the `{}` bucket", s.name));
        if s.name == default.name {
            default_name = bucket_name.clone();
        }
        let mut paths = Map::new();
        let custom = s.config.paths.iter().map(|(p, r)| (p.as_str(), r));
        let levels = s.config.levels.paths().into_iter().map(|(p, r, _)| (p, r));
        for (path, rule) in levels.chain(custom) {
            for (key, audiences) in access(path, rule) {
                let entry = paths.entry(key).or_insert_with(|| json!({}));
                if let (Value::Object(entry), Value::Object(audiences)) = (entry, audiences) {
                    for (audience, actions) in audiences {
                        merge_actions(entry, audience, actions);
                    }
                }
            }
        }
        buckets.push(json!({
            "name": s.name,
            "bucket_name": bucket_name,
            "aws_region": region,
            "paths": paths,
        }));
    }
    Ok(json!({
        "aws_region": region,
        "bucket_name": default_name,
        "buckets": buckets,
    }))
}

/// A rule in the format's vocabulary, as Amplify Gen 2 writes it and the Storage client reads
/// it: audiences `guest`, `authenticated`, `groups<NAME>` and `entityidentity` (the owner);
/// actions `get`, `list`, `write`, `delete` (`read` is `get` + `list`). On a path with the
/// owner segment, the owner's entry is keyed with the identity-id variable
/// (`private/${cognito-identity.amazonaws.com:sub}/*`) and the other audiences' entry with `*`
/// in its place (`protected/*`: every identity's files).
fn access(path: &str, rule: &Rule) -> Vec<(String, Value)> {
    let actions = |list: &[Action]| {
        let mut list: Vec<Action> = list
            .iter()
            .flat_map(|a| a.expand().iter().copied())
            .collect();
        list.sort();
        list.dedup();
        json!(list)
    };
    let mut shared = Map::new();
    if !rule.guest.is_empty() {
        shared.insert("guest".into(), actions(&rule.guest));
    }
    if !rule.authenticated.is_empty() {
        shared.insert("authenticated".into(), actions(&rule.authenticated));
    }
    for (group, list) in &rule.groups {
        if !list.is_empty() {
            shared.insert(format!("groups{group}"), actions(list));
        }
    }
    let mut out = Vec::new();
    let owned = path.contains(OWNER_PLACEHOLDER);
    if !shared.is_empty() {
        let key = if owned {
            let any = path.replace(OWNER_PLACEHOLDER, "*");
            match any.strip_suffix("/*/*") {
                Some(stem) => format!("{stem}/*"),
                None => any,
            }
        } else {
            path.to_string()
        };
        out.push((key, Value::Object(shared)));
    }
    if owned && !rule.owner.is_empty() {
        out.push((
            path.replace(OWNER_PLACEHOLDER, IDENTITY_VARIABLE),
            json!({ "entityidentity": actions(&rule.owner) }),
        ));
    }
    out
}

/// Adds `actions` to `entry[audience]` (two config paths can map to one key).
fn merge_actions(entry: &mut Map<String, Value>, audience: String, actions: Value) {
    let mut all: Vec<Action> =
        serde_json::from_value(entry.get(&audience).cloned().unwrap_or(json!([])))
            .unwrap_or_default();
    all.extend(serde_json::from_value::<Vec<Action>>(actions).unwrap_or_default());
    all.sort();
    all.dedup();
    entry.insert(audience, json!(all));
}

/// Every file is checked against the official schema before anyone sees it.
fn check_schema(value: &Value) -> Result<(), OutputsError> {
    let schema: Value = serde_json::from_str(SCHEMA_TEXT)
        .map_err(|e| OutputsError::internal(format!("embedded schema: {e}")))?;
    let validator = jsonschema::validator_for(&schema)
        .map_err(|e| OutputsError::internal(format!("embedded schema: {e}")))?;
    let problems: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(OutputsError::internal(format!(
            "the generated file does not follow the amplify_outputs schema {SCHEMA_VERSION}: {}",
            problems.join("; ")
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_schema_is_the_official_one_and_compiles() {
        let schema: Value = serde_json::from_str(SCHEMA_TEXT).unwrap();
        assert_eq!(schema["properties"]["version"]["const"], SCHEMA_VERSION);
        assert!(jsonschema::validator_for(&schema).is_ok());
        assert!(check_schema(&json!({ "version": "1.4", "nope": 1 })).is_err());
        assert!(check_schema(&json!({ "version": "1.4" })).is_ok());
    }

    #[test]
    fn rules_use_the_formats_audiences_and_actions() {
        let rule: Rule = serde_json::from_value(json!({
            "guest": ["read"],
            "owner": ["delete", "read", "write", "get"],
            "groups": { "ADMINS": ["write"], "EDITORS": [] }
        }))
        .unwrap();
        assert_eq!(
            access("protected/{identity_id}/*", &rule),
            vec![
                (
                    "protected/*".to_string(),
                    json!({ "guest": ["get", "list"], "groupsADMINS": ["write"] })
                ),
                (
                    "protected/${cognito-identity.amazonaws.com:sub}/*".to_string(),
                    json!({ "entityidentity": ["get", "list", "write", "delete"] })
                ),
            ]
        );
        assert_eq!(
            access("albums/*", &rule),
            vec![(
                "albums/*".to_string(),
                json!({ "guest": ["get", "list"], "groupsADMINS": ["write"] })
            )]
        );
    }
}
