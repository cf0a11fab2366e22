//! The AWS CLI's describe JSON of live resources → [`Imported`]. The folder's layout (one file
//! per command, README "Coming from Amplify"):
//!
//! ```text
//! user-pool.json                      cognito-idp describe-user-pool           (required)
//! mfa-config.json                     cognito-idp get-user-pool-mfa-config
//! clients/<ClientName>.json           cognito-idp describe-user-pool-client    (one per client)
//! groups.json                         cognito-idp list-groups
//! identity-providers/<Provider>.json  cognito-idp describe-identity-provider
//! domain.json                         cognito-idp describe-user-pool-domain
//! identity-pool.json                  cognito-identity describe-identity-pool
//! identity-pool-roles.json            cognito-identity get-identity-pool-roles
//! buckets/<BucketName>/<setting>.json s3api get-bucket-<setting> (versioning, encryption, cors, …)
//! ```

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{Finding, FindingKind, Imported, LiveIds, Problem, SourceTree, parse_json, strings};
use crate::config::auth::AuthConfig;
use crate::config::project::ProjectConfig;
use crate::config::storage::StorageConfig;

pub const USER_POOL: &str = "user-pool.json";
pub const MFA_CONFIG: &str = "mfa-config.json";
pub const CLIENTS_DIR: &str = "clients/";
pub const GROUPS: &str = "groups.json";
pub const PROVIDERS_DIR: &str = "identity-providers/";
pub const DOMAIN: &str = "domain.json";
pub const IDENTITY_POOL: &str = "identity-pool.json";
pub const IDENTITY_POOL_ROLES: &str = "identity-pool-roles.json";
pub const BUCKETS_DIR: &str = "buckets/";

/// The describe files, parsed: each the object the command prints, unwrapped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Described {
    /// `UserPool` of describe-user-pool.
    pub user_pool: Value,
    /// get-user-pool-mfa-config's answer, when captured.
    pub mfa: Option<Value>,
    /// `UserPoolClient` of each describe-user-pool-client, by file.
    pub clients: Vec<(String, Value)>,
    /// `Groups` of list-groups.
    pub groups: Vec<Value>,
    /// `IdentityProvider` of each describe-identity-provider, by file.
    pub providers: Vec<(String, Value)>,
    /// `DomainDescription` of describe-user-pool-domain (none: no domain).
    pub domain: Option<Value>,
    /// describe-identity-pool's answer.
    pub identity_pool: Option<Value>,
    /// get-identity-pool-roles' answer.
    pub identity_pool_roles: Option<Value>,
    /// Bucket name → setting (`versioning`, `cors`, …) → get-bucket-<setting>'s answer.
    pub buckets: BTreeMap<String, BTreeMap<String, Value>>,
}

impl Described {
    pub fn pool_id(&self) -> Option<&str> {
        self.user_pool.get("Id").and_then(Value::as_str)
    }

    /// The region, from the pool's id (`us-east-1_AbC…`) or the identity pool's.
    pub fn region(&self) -> Option<String> {
        self.pool_id()
            .or_else(|| {
                self.identity_pool
                    .as_ref()
                    .and_then(|p| p.get("IdentityPoolId"))
                    .and_then(Value::as_str)
            })
            .and_then(|id| id.split(['_', ':']).next())
            .map(str::to_string)
    }

    /// The account, from the pool's ARN.
    pub fn account(&self) -> Option<String> {
        self.user_pool
            .get("Arn")
            .and_then(Value::as_str)
            .and_then(|arn| arn.split(':').nth(4))
            .map(str::to_string)
    }

    /// Client name → id.
    pub fn client_ids(&self) -> BTreeMap<String, String> {
        self.clients
            .iter()
            .filter_map(|(_, c)| Some((config_name(&text(c, "ClientName")?), text(c, "ClientId")?)))
            .collect()
    }

    pub fn domain_name(&self) -> Option<String> {
        self.domain.as_ref().and_then(|d| text(d, "Domain"))
    }
}

/// A live app client's name as cogform spells client names (letters, digits, `_`, `-`,
/// starting with a letter, at most 64): the name the template gives it.
pub fn config_name(live: &str) -> String {
    let mut name: String = live
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert_str(0, "client-");
    }
    name.chars().take(64).collect()
}

/// Whether a live group's name is one cogform can describe (renaming a group replaces it).
fn group_name_ok(name: &str) -> bool {
    (1..=128).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

/// Reads the describe folder; every problem at once.
pub fn read(tree: &SourceTree) -> Result<Described, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut parse = |path: &str| match parse_json(tree, path) {
        Ok(v) => v,
        Err(p) => {
            problems.push(p);
            None
        }
    };
    let mut unwrap = |path: &str, key: &str, problems: &mut Vec<Problem>| -> Option<Value> {
        let v = parse(path)?;
        match v.get(key) {
            Some(inner) if inner.is_object() || inner.is_array() => Some(inner.clone()),
            _ => {
                problems.push(Problem::in_file(
                    path,
                    format!("has no `{key}`: is it the output of the command the README names for this file?"),
                ));
                None
            }
        }
    };
    let mut d = Described::default();
    let mut local = Vec::new();
    match unwrap(USER_POOL, "UserPool", &mut local) {
        Some(pool) => d.user_pool = pool,
        None if !tree.contains_key(USER_POOL) => local.push(Problem::in_file(
            USER_POOL,
            "missing: save `aws cognito-idp describe-user-pool --user-pool-id ID` into it",
        )),
        None => {}
    }
    d.groups = unwrap(GROUPS, "Groups", &mut local)
        .and_then(|g| g.as_array().cloned())
        .unwrap_or_default();
    d.domain = unwrap(DOMAIN, "DomainDescription", &mut local)
        .filter(|dd| dd.get("Domain").and_then(Value::as_str).is_some());
    for path in tree.keys() {
        if let Some(rest) = path.strip_prefix(CLIENTS_DIR)
            && !rest.contains('/')
            && rest.ends_with(".json")
            && let Some(c) = unwrap(path, "UserPoolClient", &mut local)
        {
            d.clients.push((path.clone(), c));
        }
        if let Some(rest) = path.strip_prefix(PROVIDERS_DIR)
            && !rest.contains('/')
            && rest.ends_with(".json")
            && let Some(p) = unwrap(path, "IdentityProvider", &mut local)
        {
            d.providers.push((path.clone(), p));
        }
    }
    d.mfa = parse(MFA_CONFIG);
    d.identity_pool = parse(IDENTITY_POOL);
    d.identity_pool_roles = parse(IDENTITY_POOL_ROLES);
    for path in tree.keys() {
        let Some(rest) = path.strip_prefix(BUCKETS_DIR) else {
            continue;
        };
        let Some((bucket, file)) = rest.split_once('/') else {
            continue;
        };
        let Some(setting) = file.strip_suffix(".json") else {
            continue;
        };
        if let Some(v) = parse(path) {
            d.buckets
                .entry(bucket.to_string())
                .or_default()
                .insert(setting.to_string(), v);
        }
    }
    problems.extend(local);
    if let Some(ip) = &d.identity_pool
        && ip.get("IdentityPoolName").and_then(Value::as_str).is_none()
    {
        problems.push(Problem::in_file(
            IDENTITY_POOL,
            "has no `IdentityPoolName`: is it the output of `aws cognito-identity describe-identity-pool`?",
        ));
    }
    if d.clients.is_empty() && problems.is_empty() {
        problems.push(Problem::in_file(
            CLIENTS_DIR,
            "no app client: save `aws cognito-idp describe-user-pool-client` of each client into clients/<name>.json",
        ));
    }
    if problems.is_empty() {
        Ok(d)
    } else {
        problems.sort();
        Err(problems)
    }
}

/// The live resources as a cogform project adopting them in environment `env`.
pub fn from_describe(tree: &SourceTree, env: &str) -> Result<Imported, Vec<Problem>> {
    let d = read(tree)?;
    let mut findings = Vec::new();
    let pool_name = text(&d.user_pool, "Name").unwrap_or_default();
    let project = project_name(&pool_name);
    let auth = auth_config(&d, &project, &mut findings);
    let mut storage = BTreeMap::new();
    let mut bucket_names = BTreeMap::new();
    for (bucket, settings) in &d.buckets {
        let name = storage_name(bucket, env, &storage);
        storage.insert(
            name.clone(),
            storage_config(bucket, settings, &mut findings),
        );
        bucket_names.insert(name, bucket.clone());
    }
    let mut environment = json!({
        "adopt": {
            "user_pool": pool_name,
            "buckets": bucket_names,
        }
    });
    let hosted = auth.hosted_ui.is_some();
    if let Some(domain) = d.domain_name().filter(|_| {
        hosted
            && d.domain
                .as_ref()
                .is_some_and(|dd| dd.get("CustomDomainConfig").is_none())
    }) {
        environment["adopt"]["domain"] = json!(domain);
    }
    if let Some(ip) = &d.identity_pool {
        environment["adopt"]["identity_pool"] = json!(text(ip, "IdentityPoolName"));
    }
    if let Some(cd) = d
        .domain
        .as_ref()
        .filter(|_| hosted)
        .and_then(|dd| dd.get("CustomDomainConfig"))
        .and_then(|c| c.get("CertificateArn"))
    {
        environment["custom_domain"] = json!({
            "domain": d.domain_name(),
            "certificate_arn": cd,
        });
    }
    let project_config: ProjectConfig = typed(
        json!({"project": project, "environments": {env: environment}}),
        "cogform.yaml",
    )?;
    let live = LiveIds {
        region: d.region(),
        user_pool_id: d.pool_id().map(str::to_string),
        clients: d.client_ids(),
        identity_pool_id: d
            .identity_pool
            .as_ref()
            .and_then(|p| text(p, "IdentityPoolId")),
        domain: d.domain_name(),
        buckets: bucket_names_by_storage(&project_config, env),
        old_stack: None,
    };
    let mut sources = BTreeMap::new();
    let mut pool_files: Vec<String> = [USER_POOL, MFA_CONFIG, GROUPS, DOMAIN]
        .iter()
        .filter(|f| tree.contains_key(**f))
        .map(|f| f.to_string())
        .collect();
    pool_files.extend(d.clients.iter().map(|(f, _)| f.clone()));
    pool_files.extend(d.providers.iter().map(|(f, _)| f.clone()));
    pool_files.extend(
        [IDENTITY_POOL, IDENTITY_POOL_ROLES]
            .iter()
            .filter(|f| tree.contains_key(**f))
            .map(|f| f.to_string()),
    );
    sources.insert(
        "cogform.yaml".to_string(),
        vec![USER_POOL.to_string(), IDENTITY_POOL.to_string()],
    );
    sources.insert(crate::load::AUTH_FILE.to_string(), pool_files);
    for (name, bucket) in &bucket_names {
        sources.insert(
            format!("{}/{name}.yaml", crate::load::STORAGE_DIR),
            vec![format!("{BUCKETS_DIR}{bucket}/")],
        );
    }
    findings.sort();
    findings.dedup();
    Ok(Imported {
        project: project_config,
        auth: Some(auth),
        storage,
        apis: BTreeMap::new(),
        sources,
        findings,
        live: BTreeMap::from([(env.to_string(), live)]),
    })
}

fn bucket_names_by_storage(project: &ProjectConfig, env: &str) -> BTreeMap<String, String> {
    project
        .environments
        .get(env)
        .and_then(|e| e.adopt.as_ref())
        .map(|a| a.buckets.clone())
        .unwrap_or_default()
}

/// A typed value from the JSON built here (a failure is a cogform bug, reported as a problem).
fn typed<T: serde::de::DeserializeOwned>(v: Value, file: &str) -> Result<T, Vec<Problem>> {
    serde_json::from_value(v).map_err(|e| {
        vec![Problem::in_file(
            file,
            format!("internal error: the imported configuration does not fit: {e}"),
        )]
    })
}

/// cogform's project name from the pool's (`photoshare1a2b3c4d_userpool_1a2b3c4d-dev` →
/// `photoshare1a2b3c4d`).
pub fn project_name(pool_name: &str) -> String {
    let head: String = pool_name
        .split(['_', '-', ' '])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let head = head.trim_start_matches(|c: char| c.is_ascii_digit());
    let name: String = head.chars().take(32).collect();
    if name.len() < 2 {
        "imported".to_string()
    } else {
        name
    }
}

/// A storage name cogform accepts, from the bucket's (`photoshare-storage-1a2b3c-dev` →
/// `storage`), unique among those already taken.
fn storage_name(bucket: &str, env: &str, taken: &BTreeMap<String, StorageConfig>) -> String {
    let trimmed = bucket
        .strip_suffix(&format!("-{env}"))
        .unwrap_or(bucket)
        .to_string();
    let parts: Vec<&str> = trimmed.split(['-', '.']).collect();
    // Amplify's names are `<project>-<resource>-<hash>`: the resource is the middle word.
    let word = if parts.len() >= 3 {
        parts[1]
    } else {
        parts.last().copied().unwrap_or("files")
    };
    let mut base: String = word
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .skip_while(|c| c.is_ascii_digit())
        .take(20)
        .collect();
    if base.is_empty() {
        base = "files".into();
    }
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains_key(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}

fn note(findings: &mut Vec<Finding>, kind: FindingKind, file: &str, key: &str, message: String) {
    findings.push(Finding {
        kind,
        file: file.to_string(),
        key: key.to_string(),
        message,
    });
}

fn not_carried(findings: &mut Vec<Finding>, file: &str, key: &str, message: impl Into<String>) {
    note(findings, FindingKind::NotCarried, file, key, message.into());
}

fn auth_config(d: &Described, project: &str, findings: &mut Vec<Finding>) -> AuthConfig {
    let p = &d.user_pool;
    let mut auth = json!({});
    let aliases = strings(p, "AliasAttributes");
    let usernames = strings(p, "UsernameAttributes");
    let case_sensitive = p
        .pointer("/UsernameConfiguration/CaseSensitive")
        .and_then(Value::as_bool)
        // Pools made before user-name case settings existed are case-sensitive.
        .unwrap_or(true);
    auth["login"] = if !usernames.is_empty() {
        json!({
            "email": usernames.iter().any(|u| u == "email"),
            "phone": usernames.iter().any(|u| u == "phone_number"),
            "username": false,
            "case_sensitive": case_sensitive,
        })
    } else {
        if aliases.iter().any(|a| a == "preferred_username") {
            not_carried(
                findings,
                USER_POOL,
                "UserPool.AliasAttributes",
                "`preferred_username` as a sign-in alias has no cogform setting: the template leaves it out, which Cognito refuses (alias attributes cannot change): keep it with an override",
            );
        }
        json!({
            "email": aliases.iter().any(|a| a == "email"),
            "phone": aliases.iter().any(|a| a == "phone_number"),
            "username": true,
            "case_sensitive": case_sensitive,
        })
    };
    let admin_only = p
        .pointer("/AdminCreateUserConfig/AllowAdminCreateUserOnly")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    auth["sign_up"] = json!({"self_service": !admin_only});
    auth["password"] = password(p, findings);
    auth["mfa"] = mfa(d, findings);
    auth["recovery"] = json!(recovery(p, findings));
    auth["attributes"] = attributes(p, findings);
    if let Some(email) = email(p, findings) {
        auth["email"] = email;
    }
    auth["triggers"] = triggers(p, findings);
    auth["groups"] = groups(d, findings);
    auth["providers"] = providers(d, project, findings);
    let (clients, hosted_ui) = clients(d, findings);
    auth["clients"] = clients;
    if let Some(h) = hosted_ui {
        auth["hosted_ui"] = h;
    }
    if let Some(tier) = p.get("UserPoolTier").and_then(Value::as_str) {
        auth["plan"] = json!(tier.to_ascii_lowercase());
    }
    auth["identity_pool"] = identity_pool(d, findings);
    for (key, why) in [
        (
            "DeviceConfiguration",
            "remembered devices have no cogform setting",
        ),
        ("UserPoolTags", "tags are not carried over"),
        (
            "UserPoolAddOns",
            "threat protection is carried over only through `threat_protection` by hand",
        ),
    ] {
        let set = p.get(key).is_some_and(|v| match v {
            Value::Object(m) => {
                !m.is_empty()
                    && v.get("AdvancedSecurityMode").and_then(Value::as_str) != Some("OFF")
            }
            Value::Null => false,
            _ => true,
        });
        if set {
            not_carried(findings, USER_POOL, &format!("UserPool.{key}"), why);
        }
    }
    if super::live::sms_authentication_text(p).is_some() {
        not_carried(
            findings,
            USER_POOL,
            "UserPool.SmsAuthenticationMessage",
            "the MFA text message has no cogform setting: Cognito's default text returns on the next update",
        );
    }
    let typed: AuthConfig = serde_json::from_value(auth).unwrap_or_else(|e| {
        not_carried(
            findings,
            USER_POOL,
            "",
            format!(
                "internal error: the pool's settings did not fit auth.yaml ({e}); defaults written"
            ),
        );
        AuthConfig::default()
    });
    auto_verified(p, &typed, findings);
    typed
}

/// cogform verifies what users sign in with, receive codes at or recover with; a pool that
/// verifies less (or more) changes on the next update: said, since Cognito then sends (or
/// stops sending) verification messages.
fn auto_verified(p: &Value, auth: &AuthConfig, findings: &mut Vec<Finding>) {
    let live = strings(p, "AutoVerifiedAttributes");
    let (email, phone) = crate::render::context::verification(auth);
    let mut rendered = Vec::new();
    if email {
        rendered.push("email");
    }
    if phone {
        rendered.push("phone_number");
    }
    let mut live_sorted: Vec<&str> = live.iter().map(String::as_str).collect();
    live_sorted.sort();
    if live_sorted != rendered {
        not_carried(
            findings,
            USER_POOL,
            "UserPool.AutoVerifiedAttributes",
            format!(
                "the pool verifies [{}]; cogform verifies what users sign in with, get codes at or recover with: [{}] after the update (Cognito then sends verification codes accordingly)",
                live_sorted.join(", "),
                rendered.join(", ")
            ),
        );
    }
}

fn password(p: &Value, findings: &mut Vec<Finding>) -> Value {
    let pp = p
        .pointer("/Policies/PasswordPolicy")
        .cloned()
        .unwrap_or(json!({}));
    let mut min = pp.get("MinimumLength").and_then(Value::as_u64).unwrap_or(8);
    if min < 8 {
        not_carried(
            findings,
            USER_POOL,
            "UserPool.Policies.PasswordPolicy.MinimumLength",
            format!(
                "{min} is below cogform's floor of 8: the template raises it to 8 (applies to new passwords only)"
            ),
        );
        min = 8;
    }
    let mut require = Vec::new();
    for (key, class) in [
        ("RequireLowercase", "lowercase"),
        ("RequireUppercase", "uppercase"),
        ("RequireNumbers", "numbers"),
        ("RequireSymbols", "symbols"),
    ] {
        if pp.get(key).and_then(Value::as_bool) == Some(true) {
            require.push(class);
        }
    }
    if pp
        .get("PasswordHistorySize")
        .and_then(Value::as_u64)
        .unwrap_or(0)
        > 0
    {
        not_carried(
            findings,
            USER_POOL,
            "UserPool.Policies.PasswordPolicy.PasswordHistorySize",
            "password history has no cogform setting",
        );
    }
    json!({
        "min_length": min,
        "require": require,
        "temporary_validity_days": pp.get("TemporaryPasswordValidityDays").and_then(Value::as_u64).unwrap_or(7),
    })
}

fn mfa(d: &Described, findings: &mut Vec<Finding>) -> Value {
    let mode = match d.user_pool.get("MfaConfiguration").and_then(Value::as_str) {
        Some("ON") => "required",
        Some("OPTIONAL") => "optional",
        _ => "off",
    };
    if mode == "off" {
        return json!({"mode": "off"});
    }
    let methods: Vec<&str> = match &d.mfa {
        Some(m) => {
            let mut out = Vec::new();
            if m.get("SoftwareTokenMfaConfiguration")
                .and_then(|s| s.get("Enabled"))
                .and_then(Value::as_bool)
                == Some(true)
            {
                out.push("totp");
            }
            if m.get("SmsMfaConfiguration").is_some_and(Value::is_object) {
                out.push("sms");
            }
            if m.get("EmailMfaConfiguration").is_some_and(Value::is_object) {
                out.push("email");
            }
            out
        }
        None => {
            let sms = d.user_pool.get("SmsConfiguration").is_some();
            not_carried(
                findings,
                MFA_CONFIG,
                "",
                format!(
                    "missing: the second factors were guessed ({}); save `aws cognito-idp get-user-pool-mfa-config` into it and import again",
                    if sms {
                        "text messages"
                    } else {
                        "authenticator apps"
                    }
                ),
            );
            vec![if sms { "sms" } else { "totp" }]
        }
    };
    if methods.is_empty() {
        return json!({"mode": mode});
    }
    json!({"mode": mode, "methods": methods})
}

fn recovery(p: &Value, findings: &mut Vec<Finding>) -> &'static str {
    let mut mechanisms: Vec<(u64, String)> = p
        .pointer("/AccountRecoverySetting/RecoveryMechanisms")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|m| {
                    Some((
                        m.get("Priority")?.as_u64()?,
                        m.get("Name")?.as_str()?.to_string(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    mechanisms.sort();
    let names: Vec<&str> = mechanisms.iter().map(|(_, n)| n.as_str()).collect();
    match names.as_slice() {
        ["verified_email"] => "email",
        ["verified_phone_number"] => "phone",
        ["verified_email", "verified_phone_number"] => "email_then_phone",
        ["verified_phone_number", "verified_email"] => "phone_then_email",
        ["admin_only"] => "admin_only",
        _ => {
            not_carried(
                findings,
                USER_POOL,
                "UserPool.AccountRecoverySetting",
                "not set (Cognito's legacy recovery: text message first): the template sets `phone_then_email`",
            );
            "phone_then_email"
        }
    }
}

/// Standard attributes every pool has with fixed settings: never written.
const BUILT_IN: [&str; 4] = [
    "sub",
    "email_verified",
    "phone_number_verified",
    "identities",
];

fn attributes(p: &Value, findings: &mut Vec<Finding>) -> Value {
    let mut standard = serde_json::Map::new();
    let mut custom = serde_json::Map::new();
    for a in p
        .get("SchemaAttributes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(name) = a.get("Name").and_then(Value::as_str) else {
            continue;
        };
        let required = a.get("Required").and_then(Value::as_bool).unwrap_or(false);
        let mutable = a.get("Mutable").and_then(Value::as_bool).unwrap_or(true);
        if let Some(bare) = name.strip_prefix("custom:") {
            let kind = match a.get("AttributeDataType").and_then(Value::as_str) {
                Some("Number") => "number",
                Some("Boolean") => "boolean",
                Some("DateTime") => "datetime",
                _ => "string",
            };
            let mut c = json!({"type": kind, "mutable": mutable});
            let number = |v: Option<&Value>| -> Option<i64> {
                v.and_then(|x| {
                    x.as_str()
                        .and_then(|s| s.parse().ok())
                        .or_else(|| x.as_i64())
                })
            };
            if let Some(sc) = a.get("StringAttributeConstraints") {
                if let Some(n) = number(sc.get("MinLength")) {
                    c["min_length"] = json!(n);
                }
                if let Some(n) = number(sc.get("MaxLength")) {
                    c["max_length"] = json!(n);
                }
            }
            if let Some(nc) = a.get("NumberAttributeConstraints") {
                if let Some(n) = number(nc.get("MinValue")) {
                    c["min"] = json!(n);
                }
                if let Some(n) = number(nc.get("MaxValue")) {
                    c["max"] = json!(n);
                }
            }
            custom.insert(bare.to_string(), c);
        } else if name.starts_with("dev:") {
            not_carried(
                findings,
                USER_POOL,
                &format!("UserPool.SchemaAttributes.{name}"),
                "developer-only attributes have no cogform setting: the template leaves it out, which Cognito refuses (attributes cannot be removed): keep it with an override",
            );
        } else if !BUILT_IN.contains(&name)
            && crate::config::auth::STANDARD_ATTRIBUTES.contains(&name)
            && (required || !mutable)
        {
            standard.insert(
                name.to_string(),
                json!({"required": required, "mutable": mutable}),
            );
        }
    }
    if !custom.is_empty() {
        standard.insert("custom".into(), Value::Object(custom));
    }
    Value::Object(standard)
}

fn email(p: &Value, findings: &mut Vec<Finding>) -> Option<Value> {
    let mut email = serde_json::Map::new();
    let ec = p.get("EmailConfiguration");
    if ec
        .and_then(|e| e.get("EmailSendingAccount"))
        .and_then(Value::as_str)
        == Some("DEVELOPER")
        && let Some(e) = ec
    {
        let mut ses = json!({
            "from": e.get("From").or_else(|| e.get("SourceArn")),
            "source_arn": e.get("SourceArn"),
        });
        if let Some(r) = e.get("ReplyToEmailAddress") {
            ses["reply_to"] = r.clone();
        }
        if let Some(c) = e.get("ConfigurationSet") {
            ses["configuration_set"] = c.clone();
        }
        email.insert("ses".into(), ses);
    }
    let own_sender = email.contains_key("ses");
    let texts = super::live::verification_texts(p);
    let link = p
        .pointer("/VerificationMessageTemplate/DefaultEmailOption")
        .and_then(Value::as_str)
        == Some("CONFIRM_WITH_LINK");
    let (subject_key, body_key) = if link {
        ("EmailSubjectByLink", "EmailMessageByLink")
    } else {
        ("EmailSubject", "EmailMessage")
    };
    let text = |key: &str| {
        texts
            .get(key)
            .or_else(|| p.pointer(&format!("/VerificationMessageTemplate/{key}")))
            .and_then(Value::as_str)
    };
    const OWN_SENDER: &str = "texts of your own need the pool to send through your SES identity (`email.ses`): without it the template leaves them out, and Cognito's default texts return on the next update";
    if texts.contains_key(subject_key) || texts.contains_key(body_key) {
        match (text(subject_key), text(body_key), own_sender) {
            (Some(subject), Some(body), true) => {
                email.insert(
                    "verification".into(),
                    json!({"style": if link { "link" } else { "code" }, "subject": subject, "body": body}),
                );
            }
            _ => not_carried(
                findings,
                USER_POOL,
                &format!("UserPool.VerificationMessageTemplate.{body_key}"),
                OWN_SENDER,
            ),
        }
    }
    if texts.contains_key("SmsMessage") {
        not_carried(
            findings,
            USER_POOL,
            "UserPool.VerificationMessageTemplate.SmsMessage",
            "the verification text message has no cogform setting: Cognito's default text returns on the next update",
        );
    }
    let invite = super::live::invite_texts(p);
    let invite_text = |key: &str| {
        p.pointer(&format!(
            "/AdminCreateUserConfig/InviteMessageTemplate/{key}"
        ))
        .and_then(Value::as_str)
    };
    if invite.contains_key("EmailSubject") || invite.contains_key("EmailMessage") {
        match (
            invite_text("EmailSubject"),
            invite_text("EmailMessage"),
            own_sender,
        ) {
            (Some(subject), Some(body), true) => {
                email.insert(
                    "invitation".into(),
                    json!({"subject": subject, "body": body}),
                );
            }
            _ => not_carried(
                findings,
                USER_POOL,
                "UserPool.AdminCreateUserConfig.InviteMessageTemplate",
                OWN_SENDER,
            ),
        }
    }
    if invite.contains_key("SMSMessage") {
        not_carried(
            findings,
            USER_POOL,
            "UserPool.AdminCreateUserConfig.InviteMessageTemplate.SMSMessage",
            "the invitation text message has no cogform setting: Cognito's default text returns on the next update",
        );
    }
    (!email.is_empty()).then_some(Value::Object(email))
}

fn triggers(p: &Value, findings: &mut Vec<Finding>) -> Value {
    let mut out = serde_json::Map::new();
    let Some(Value::Object(config)) = p.get("LambdaConfig") else {
        return Value::Object(out);
    };
    for (key, v) in config {
        let name = match key.as_str() {
            "PreSignUp" => "pre_sign_up",
            "PostConfirmation" => "post_confirmation",
            "PreAuthentication" => "pre_authentication",
            "PostAuthentication" => "post_authentication",
            "PreTokenGeneration" => "pre_token_generation",
            "CustomMessage" => "custom_message",
            "DefineAuthChallenge" => "define_auth_challenge",
            "CreateAuthChallenge" => "create_auth_challenge",
            "VerifyAuthChallengeResponse" => "verify_auth_challenge_response",
            "UserMigration" => "user_migration",
            _ => {
                not_carried(
                    findings,
                    USER_POOL,
                    &format!("UserPool.LambdaConfig.{key}"),
                    "this trigger setting has no cogform key",
                );
                continue;
            }
        };
        if let Some(arn) = v.as_str() {
            out.insert(name.into(), json!(arn));
        }
    }
    Value::Object(out)
}

fn groups(d: &Described, findings: &mut Vec<Finding>) -> Value {
    let mut out = Vec::new();
    for (i, g) in d.groups.iter().enumerate() {
        let Some(name) = text(g, "GroupName") else {
            continue;
        };
        if !group_name_ok(&name) {
            not_carried(
                findings,
                GROUPS,
                &format!("Groups.{i}.GroupName"),
                format!(
                    "group `{name}` has a name cogform cannot write (letters, digits, `_`, `-`; renaming a group replaces it): left out, it stays in the pool outside the stack"
                ),
            );
            continue;
        }
        let precedence = g.get("Precedence").and_then(Value::as_u64).unwrap_or_else(|| {
            not_carried(
                findings,
                GROUPS,
                &format!("Groups.{i}.Precedence"),
                format!("group `{name}` has no precedence: {} written (the lowest wins when a user is in several groups)", 100 + i),
            );
            100 + i as u64
        });
        let mut group = json!({"name": name, "precedence": precedence});
        if let Some(desc) = text(g, "Description") {
            group["description"] = json!(desc);
        }
        if g.get("RoleArn").is_some() {
            not_carried(
                findings,
                GROUPS,
                &format!("Groups.{i}.RoleArn"),
                format!(
                    "group `{name}`'s role is not adopted: cogform creates a new role for the group (write its grants into the group's `policies`)"
                ),
            );
        }
        out.push(group);
    }
    Value::Array(out)
}

fn providers(d: &Described, project: &str, findings: &mut Vec<Finding>) -> Value {
    let mut out = json!({});
    for (file, p) in &d.providers {
        let name = text(p, "ProviderName").unwrap_or_default();
        let kind = text(p, "ProviderType").unwrap_or_default();
        let details = p.get("ProviderDetails").cloned().unwrap_or(json!({}));
        let detail = |k: &str| details.get(k).and_then(Value::as_str).map(str::to_string);
        // Cognito maps `username` itself (to the provider's subject): not a setting.
        let mapping = p
            .get("AttributeMapping")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .filter(|(k, _)| k.as_str() != "username")
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect::<serde_json::Map<_, _>>()
            })
            .filter(|m| !m.is_empty())
            .map(Value::Object);
        let secret_of = |key: &str| json!({"secret": format!("{project}/{}", name.to_ascii_lowercase()), "key": key});
        if details.get("client_secret").is_some() || details.get("private_key").is_some() {
            note(
                findings,
                FindingKind::Risk,
                file,
                "IdentityProvider.ProviderDetails",
                format!(
                    "holds the provider's secret in plain text: not copied; store it in Secrets Manager as `{project}/{}` and delete this file",
                    name.to_ascii_lowercase()
                ),
            );
        }
        let scopes = |sep: char| -> Option<Vec<String>> {
            detail("authorize_scopes").map(|s| {
                s.split(sep)
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .map(str::to_string)
                    .collect()
            })
        };
        let mut entry = match kind.as_str() {
            "Google" | "Facebook" | "LoginWithAmazon" => {
                let sep = if kind == "Facebook" { ',' } else { ' ' };
                json!({
                    "client_id": detail("client_id"),
                    "client_secret": secret_of("client_secret"),
                    "scopes": scopes(sep),
                })
            }
            "SignInWithApple" => json!({
                "client_id": detail("client_id"),
                "team_id": detail("team_id"),
                "key_id": detail("key_id"),
                "private_key": secret_of("private_key"),
                "scopes": scopes(' '),
            }),
            "OIDC" => json!({
                "name": name,
                "issuer": detail("oidc_issuer"),
                "client_id": detail("client_id"),
                "client_secret": secret_of("client_secret"),
                "scopes": scopes(' '),
                "request_method": detail("attributes_request_method").unwrap_or("GET".into()),
            }),
            "SAML" => {
                if detail("MetadataURL").is_none() {
                    not_carried(
                        findings,
                        file,
                        "IdentityProvider.ProviderDetails.MetadataFile",
                        format!(
                            "`{name}` is configured by a metadata file: cogform takes a metadata URL; the provider is left out"
                        ),
                    );
                    continue;
                }
                json!({
                    "name": name,
                    "metadata_url": detail("MetadataURL"),
                    "sign_out": detail("IDPSignout").as_deref() == Some("true"),
                })
            }
            _ => {
                not_carried(
                    findings,
                    file,
                    "IdentityProvider.ProviderType",
                    format!("`{kind}` providers have no cogform setting"),
                );
                continue;
            }
        };
        if let Some(m) = mapping {
            entry["attributes"] = m;
        }
        if let Value::Object(e) = &mut entry {
            e.retain(|_, v| !v.is_null());
        }
        match kind.as_str() {
            "Google" => out["google"] = entry,
            "Facebook" => out["facebook"] = entry,
            "LoginWithAmazon" => out["amazon"] = entry,
            "SignInWithApple" => out["apple"] = entry,
            "OIDC" => push(&mut out, "oidc", entry),
            _ => push(&mut out, "saml", entry),
        }
    }
    out
}

fn push(out: &mut Value, key: &str, entry: Value) {
    if !out[key].is_array() {
        out[key] = json!([]);
    }
    if let Some(a) = out[key].as_array_mut() {
        a.push(entry);
    }
}

/// Minutes, from a validity and its unit (Cognito's defaults: hours for access and id tokens,
/// days for refresh tokens).
fn minutes(c: &Value, key: &str, unit_key: &str, default: u64, default_unit: &str) -> u64 {
    let n = c.get(key).and_then(Value::as_u64).unwrap_or(default);
    let unit = c
        .pointer(&format!("/TokenValidityUnits/{unit_key}"))
        .and_then(Value::as_str)
        .unwrap_or(default_unit);
    match unit {
        "seconds" => n / 60,
        "minutes" => n,
        "hours" => n * 60,
        _ => n * 1440,
    }
}

fn clients(d: &Described, findings: &mut Vec<Finding>) -> (Value, Option<Value>) {
    let mut out = Vec::new();
    let mut hosted: Option<Value> = None;
    let mut scopes: Vec<String> = Vec::new();
    for (file, c) in &d.clients {
        let live_name = text(c, "ClientName").unwrap_or_default();
        let name = config_name(&live_name);
        if name != live_name {
            not_carried(
                findings,
                file,
                "UserPoolClient.ClientName",
                format!(
                    "`{live_name}` is written `{name}` (cogform's client names are letters, digits, `_` and `-`): the update renames the client in place; its id stays"
                ),
            );
        }
        let urls = strings(c, "CallbackURLs");
        let oauth = c
            .get("AllowedOAuthFlowsUserPoolClient")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let flows_oauth = strings(c, "AllowedOAuthFlows");
        let kind = if flows_oauth.iter().any(|f| f == "client_credentials") {
            "machine"
        } else if c.get("ClientSecret").is_some() {
            "server"
        } else if urls
            .iter()
            .any(|u| !u.starts_with("https://") && !u.starts_with("http://"))
        {
            "native"
        } else {
            "web"
        };
        if flows_oauth.iter().any(|f| f == "implicit") {
            not_carried(
                findings,
                file,
                "UserPoolClient.AllowedOAuthFlows",
                "the implicit grant is not offered by cogform (tokens in the URL): the template allows the code grant only",
            );
        }
        let mut auth_flows = Vec::new();
        for f in strings(c, "ExplicitAuthFlows") {
            let flow = match f.as_str() {
                "ALLOW_USER_SRP_AUTH" => "srp",
                "ALLOW_REFRESH_TOKEN_AUTH" => "refresh",
                "ALLOW_USER_PASSWORD_AUTH" | "USER_PASSWORD_AUTH" => "password",
                "ALLOW_CUSTOM_AUTH" | "CUSTOM_AUTH_FLOW_ONLY" => "custom",
                "ALLOW_USER_AUTH" => "user_auth",
                "ALLOW_ADMIN_USER_PASSWORD_AUTH" | "ADMIN_NO_SRP_AUTH" => "admin_password",
                _ => continue,
            };
            if !f.starts_with("ALLOW_") {
                not_carried(
                    findings,
                    file,
                    "UserPoolClient.ExplicitAuthFlows",
                    format!("`{f}` is a legacy flow name: written as its ALLOW_ form"),
                );
            }
            if !auth_flows.contains(&flow) {
                auth_flows.push(flow);
            }
        }
        if auth_flows.is_empty() {
            // Cognito's default for a client without explicit flows.
            auth_flows = vec!["srp", "refresh", "custom"];
        }
        let mut client = json!({
            "name": name,
            "kind": kind,
            "auth_flows": auth_flows,
            "access_token_minutes": minutes(c, "AccessTokenValidity", "AccessToken", 1, "hours"),
            "id_token_minutes": minutes(c, "IdTokenValidity", "IdToken", 1, "hours"),
            "refresh_token_days": minutes(c, "RefreshTokenValidity", "RefreshToken", 30, "days") / 1440,
            "hosted_ui": oauth,
        });
        if let Some(r) = c.get("RefreshTokenRotation")
            && r.get("Feature").and_then(Value::as_str) == Some("ENABLED")
        {
            client["refresh_token_rotation"] = json!({
                "retry_grace_seconds": r.get("RetryGracePeriodSeconds").and_then(Value::as_u64).unwrap_or(0)
            });
        }
        if oauth {
            for s in strings(c, "AllowedOAuthScopes") {
                if !scopes.contains(&s) {
                    scopes.push(s);
                }
            }
            let logout = strings(c, "LogoutURLs");
            if hosted.is_none() && kind == "web" {
                hosted = Some(json!({"callback_urls": urls, "logout_urls": logout}));
            } else {
                client["callback_urls"] = json!(urls);
                client["logout_urls"] = json!(logout);
            }
        }
        out.push(client);
    }
    let has_urls = hosted
        .as_ref()
        .is_some_and(|h| h["callback_urls"].as_array().is_some_and(|a| !a.is_empty()));
    if d.domain.is_some() && !has_urls {
        not_carried(
            findings,
            DOMAIN,
            "DomainDescription.Domain",
            "no web app client signs in through the hosted UI (no callback URL): the domain is left out, it stays on the pool outside the stack",
        );
    }
    let hosted_ui = d.domain_name().filter(|_| has_urls).map(|domain| {
        let mut h = hosted.unwrap_or(json!({"callback_urls": [], "logout_urls": []}));
        let custom = d
            .domain
            .as_ref()
            .is_some_and(|dd| dd.get("CustomDomainConfig").is_some());
        h["domain_prefix"] = json!(if custom {
            domain.split('.').next().unwrap_or(&domain).to_string()
        } else {
            domain
        });
        let known = [
            "openid",
            "email",
            "phone",
            "profile",
            "aws.cognito.signin.user.admin",
        ];
        let mut s: Vec<&String> = scopes
            .iter()
            .filter(|s| known.contains(&s.as_str()))
            .collect();
        s.sort();
        h["scopes"] = json!(s);
        if d.domain
            .as_ref()
            .and_then(|dd| dd.get("ManagedLoginVersion"))
            .and_then(Value::as_u64)
            == Some(2)
        {
            h["managed_login"] = json!(true);
        }
        h
    });
    (Value::Array(out), hosted_ui)
}

fn identity_pool(d: &Described, findings: &mut Vec<Finding>) -> Value {
    let Some(ip) = &d.identity_pool else {
        return json!({"enabled": false});
    };
    for key in [
        "SupportedLoginProviders",
        "OpenIdConnectProviderARNs",
        "SamlProviderARNs",
        "DeveloperProviderName",
    ] {
        if ip.get(key).is_some_and(|v| match v {
            Value::Object(m) => !m.is_empty(),
            Value::Array(a) => !a.is_empty(),
            Value::Null => false,
            _ => true,
        }) {
            not_carried(
                findings,
                IDENTITY_POOL,
                key,
                "identity-pool federation outside the user pool has no cogform setting: the template leaves it out (an update removes it)",
            );
        }
    }
    let mut out = json!({
        "enabled": true,
        "guest_access": ip.get("AllowUnauthenticatedIdentities").and_then(Value::as_bool).unwrap_or(false),
    });
    if let Some(roles) = &d.identity_pool_roles {
        if roles
            .get("Roles")
            .is_some_and(|r| r.as_object().is_some_and(|o| !o.is_empty()))
        {
            not_carried(
                findings,
                IDENTITY_POOL_ROLES,
                "Roles",
                "the identity pool's roles are not adopted: cogform attaches new roles (write the grants the old roles gave into `identity_pool.authenticated_role`/`guest_role` or the categories)",
            );
        }
        let token = roles
            .get("RoleMappings")
            .and_then(Value::as_object)
            .and_then(|m| {
                m.values()
                    .find(|r| r.get("Type").and_then(Value::as_str) == Some("Token"))
            });
        out["group_roles"] = json!(if token.is_some() { "token" } else { "none" });
        if let Some(t) = token
            && t.get("AmbiguousRoleResolution").and_then(Value::as_str) == Some("Deny")
        {
            out["users_without_group"] = json!("no_credentials");
        }
    }
    out
}

fn storage_config(
    bucket: &str,
    settings: &BTreeMap<String, Value>,
    findings: &mut Vec<Finding>,
) -> StorageConfig {
    let file = |s: &str| format!("{BUCKETS_DIR}{bucket}/{s}.json");
    not_carried(
        findings,
        &format!("{BUCKETS_DIR}{bucket}/"),
        "",
        "who may read and write the bucket lives in IAM policies, not in the bucket: write its `levels` (public/, protected/, private/, uploads/) by hand, or import from the Amplify project",
    );
    let mut config = StorageConfig::default();
    if let Some(rule) = settings
        .get("cors")
        .and_then(|c| c.get("CORSRules"))
        .and_then(Value::as_array)
        .and_then(|r| r.first())
    {
        let cors = json!({
            "allowed_origins": strings(rule, "AllowedOrigins"),
            "allowed_methods": strings(rule, "AllowedMethods").iter().map(|m| m.to_ascii_uppercase()).collect::<Vec<_>>(),
            "max_age_seconds": rule.get("MaxAgeSeconds").and_then(Value::as_u64).unwrap_or(3000),
        });
        let any_origin = strings(rule, "AllowedOrigins")
            .iter()
            .any(|o| o.contains('*'));
        match serde_json::from_value(cors) {
            Ok(_) if any_origin => not_carried(
                findings,
                &file("cors"),
                "CORSRules.0.AllowedOrigins",
                "allows every origin (`*`), which cogform refuses (any site could call with a user's credentials): written without CORS; list your app's origins in `cors.allowed_origins`",
            ),
            Ok(c) => config.cors = Some(c),
            Err(_) => not_carried(
                findings,
                &file("cors"),
                "CORSRules",
                "a CORS rule cogform cannot express: written without CORS",
            ),
        }
    }
    if let Some(days) = settings
        .get("lifecycle")
        .and_then(|l| l.get("Rules"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find_map(|r| {
            r.pointer("/NoncurrentVersionExpiration/NoncurrentDays")
                .and_then(Value::as_u64)
        })
    {
        config.noncurrent_version_days = days as u32;
    }
    for (setting, why) in [
        (
            "notification",
            "bucket notifications are carried over through project functions (`triggers:`) by hand",
        ),
        ("tagging", "tags are not carried over"),
    ] {
        if settings.get(setting).is_some_and(|v| {
            v.as_object().is_some_and(|o| {
                o.values()
                    .any(|x| !x.is_null() && x != &json!([]) && x != &json!({}))
            })
        }) {
            not_carried(findings, &file(setting), "", why);
        }
    }
    config
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::auth::{AuthFlow, ClientKind, MfaMethod, MfaMode, Recovery};

    fn tree(pool: Value, extra: &[(&str, Value)]) -> SourceTree {
        let mut t = SourceTree::new();
        t.insert(USER_POOL.into(), json!({ "UserPool": pool }).to_string());
        t.insert(
            "clients/web.json".into(),
            json!({"UserPoolClient": {"ClientName": "web", "ClientId": "c1"}}).to_string(),
        );
        for (path, v) in extra {
            t.insert(path.to_string(), v.to_string());
        }
        t
    }

    fn auth_of(t: &SourceTree) -> (AuthConfig, Vec<Finding>) {
        let imported = from_describe(t, "dev").unwrap();
        (imported.auth.unwrap(), imported.findings)
    }

    #[test]
    fn an_old_alias_pool_is_username_sign_in_and_case_sensitive() {
        let (auth, findings) = auth_of(&tree(
            json!({"Id": "eu-west-1_x", "Name": "app_userpool-dev",
                   "AliasAttributes": ["email", "preferred_username"]}),
            &[],
        ));
        assert!(auth.login.username && auth.login.email && !auth.login.phone);
        assert!(
            auth.login.case_sensitive,
            "no UsernameConfiguration: made case-sensitive"
        );
        assert!(findings.iter().any(|f| f.key == "UserPool.AliasAttributes"));
        assert_eq!(auth.recovery, Recovery::PhoneThenEmail);
        assert!(
            findings
                .iter()
                .any(|f| f.key == "UserPool.AccountRecoverySetting")
        );
    }

    #[test]
    fn mfa_methods_come_from_the_mfa_configuration() {
        let pool = json!({"Id": "eu-west-1_x", "Name": "p", "MfaConfiguration": "ON",
                          "SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::1:role/r"}});
        let (auth, findings) = auth_of(&tree(
            pool.clone(),
            &[(
                MFA_CONFIG,
                json!({"SmsMfaConfiguration": {"SmsConfiguration": {}},
                       "SoftwareTokenMfaConfiguration": {"Enabled": true}}),
            )],
        ));
        assert_eq!(auth.mfa.mode, MfaMode::Required);
        assert_eq!(
            auth.mfa.methods,
            Some(vec![MfaMethod::Totp, MfaMethod::Sms])
        );
        assert!(!findings.iter().any(|f| f.file == MFA_CONFIG));
        // Without the file, the guess is said.
        let (auth, findings) = auth_of(&tree(pool, &[]));
        assert_eq!(auth.mfa.methods, Some(vec![MfaMethod::Sms]));
        assert!(findings.iter().any(|f| f.file == MFA_CONFIG));
    }

    #[test]
    fn clients_keep_names_validity_and_flows() {
        let mut t = tree(json!({"Id": "eu-west-1_x", "Name": "p"}), &[]);
        t.insert(
            "clients/web.json".into(),
            json!({"UserPoolClient": {
                "ClientName": "app_clientWeb", "ClientId": "c1",
                "AccessTokenValidity": 2, "IdTokenValidity": 30, "RefreshTokenValidity": 10,
                "TokenValidityUnits": {"AccessToken": "hours", "IdToken": "minutes", "RefreshToken": "days"},
                "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
            }})
            .to_string(),
        );
        t.insert(
            "clients/server.json".into(),
            json!({"UserPoolClient": {"ClientName": "backend", "ClientId": "c2", "ClientSecret": "SERVER-SECRET-77"}})
                .to_string(),
        );
        let imported = from_describe(&t, "dev").unwrap();
        let auth = imported.auth.clone().unwrap();
        let web = auth
            .clients
            .iter()
            .find(|c| c.name == "app_clientWeb")
            .unwrap();
        assert_eq!(web.kind, ClientKind::Web);
        assert_eq!(
            (
                web.access_token_minutes,
                web.id_token_minutes,
                web.refresh_token_days
            ),
            (120, 30, 10)
        );
        assert_eq!(
            web.auth_flows,
            vec![AuthFlow::Srp, AuthFlow::Password, AuthFlow::Refresh]
        );
        let server = auth.clients.iter().find(|c| c.name == "backend").unwrap();
        assert_eq!(server.kind, ClientKind::Server);
        assert_eq!(
            imported.live["dev"].clients,
            BTreeMap::from([
                ("app_clientWeb".into(), "c1".into()),
                ("backend".into(), "c2".into())
            ])
        );
        assert!(!format!("{imported:?}").contains("SERVER-SECRET-77"));
    }

    #[test]
    fn custom_attributes_keep_type_and_bounds() {
        let (auth, _) = auth_of(&tree(
            json!({"Id": "eu-west-1_x", "Name": "p", "SchemaAttributes": [
                {"Name": "sub", "AttributeDataType": "String", "Mutable": false, "Required": true},
                {"Name": "name", "AttributeDataType": "String", "Mutable": true, "Required": true},
                {"Name": "custom:tenant", "AttributeDataType": "String", "Mutable": false,
                 "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "64"}},
                {"Name": "custom:score", "AttributeDataType": "Number", "Mutable": true,
                 "NumberAttributeConstraints": {"MinValue": "0", "MaxValue": "100"}}
            ]}),
            &[],
        ));
        assert!(auth.attributes.name.as_ref().is_some_and(|a| a.required));
        let tenant = &auth.attributes.custom["tenant"];
        assert_eq!(
            (tenant.min_length, tenant.max_length, tenant.mutable),
            (Some(1), Some(64), false)
        );
        let score = &auth.attributes.custom["score"];
        assert_eq!((score.min, score.max), (Some(0), Some(100)));
    }

    #[test]
    fn names_cogform_cannot_write_are_renamed_or_left_out_and_said() {
        let mut t = tree(json!({"Id": "eu-west-1_x", "Name": "p"}), &[]);
        t.insert(
            "clients/web.json".into(),
            json!({"UserPoolClient": {"ClientName": "My App", "ClientId": "c1"}}).to_string(),
        );
        t.insert(
            GROUPS.into(),
            json!({"Groups": [{"GroupName": "Ops Team", "Precedence": 1}, {"GroupName": "Admins", "Precedence": 0}]})
                .to_string(),
        );
        t.insert(
            DOMAIN.into(),
            json!({"DomainDescription": {"Domain": "app-dev", "UserPoolId": "eu-west-1_x"}})
                .to_string(),
        );
        let imported = from_describe(&t, "dev").unwrap();
        let auth = imported.auth.clone().unwrap();
        assert_eq!(auth.clients[0].name, "My-App");
        assert_eq!(imported.live["dev"].clients["My-App"], "c1");
        assert_eq!(
            auth.groups
                .iter()
                .map(|g| g.name.as_str())
                .collect::<Vec<_>>(),
            ["Admins"]
        );
        // A domain no client signs in through is not adopted.
        assert!(auth.hosted_ui.is_none());
        assert!(
            imported.project.environments["dev"]
                .adopt
                .as_ref()
                .unwrap()
                .domain
                .is_none()
        );
        let keys: Vec<&str> = imported.findings.iter().map(|f| f.key.as_str()).collect();
        for key in [
            "UserPoolClient.ClientName",
            "Groups.0.GroupName",
            "DomainDescription.Domain",
        ] {
            assert!(keys.contains(&key), "{key} in {keys:?}");
        }
    }

    #[test]
    fn names_follow_cogforms_rules() {
        assert_eq!(
            project_name("photoshare1a2b3c4d_userpool_1a2b3c4d-dev"),
            "photoshare1a2b3c4d"
        );
        assert_eq!(project_name("12_x"), "imported");
        let taken = BTreeMap::new();
        assert_eq!(
            storage_name("photoshare-storage-1a2b3c-dev", "dev", &taken),
            "storage"
        );
        assert_eq!(storage_name("uploads", "dev", &taken), "uploads");
        let taken = BTreeMap::from([("storage".to_string(), StorageConfig::default())]);
        assert_eq!(
            storage_name("app-storage-9f-dev", "dev", &taken),
            "storage2"
        );
    }

    #[test]
    fn problems_are_all_reported_with_their_place() {
        let mut t = SourceTree::new();
        t.insert(GROUPS.into(), "{\n  \"Groups\": [,]\n}".into());
        t.insert(IDENTITY_POOL.into(), "{}".into());
        let problems = read(&t).unwrap_err();
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            vec![
                "groups.json:2:14: not valid JSON: expected value at line 2 column 14".to_string(),
                "identity-pool.json: has no `IdentityPoolName`: is it the output of `aws cognito-identity describe-identity-pool`?".to_string(),
                "user-pool.json: missing: save `aws cognito-idp describe-user-pool --user-pool-id ID` into it".to_string(),
            ]
        );
    }
}
