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

mod bucket;
mod pool;

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{Finding, FindingKind, Imported, LiveIds, Problem, SourceTree, parse_json};
use crate::config::project::ProjectConfig;

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

/// A validity in minutes, from its value and unit (Cognito's defaults: 1 hour for access and
/// id tokens, 30 days for refresh tokens, when the client does not say).
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

/// A described client's (access minutes, id minutes, refresh days).
pub fn validities(c: &Value) -> (u64, u64, u64) {
    (
        minutes(c, "AccessTokenValidity", "AccessToken", 1, "hours"),
        minutes(c, "IdTokenValidity", "IdToken", 1, "hours"),
        minutes(c, "RefreshTokenValidity", "RefreshToken", 30, "days") / 1440,
    )
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
    let auth = pool::auth_config(&d, &project, &mut findings);
    let mut storage = BTreeMap::new();
    let mut bucket_names = BTreeMap::new();
    for (bucket, settings) in &d.buckets {
        let name = bucket::storage_name(bucket, env, &storage);
        storage.insert(
            name.clone(),
            bucket::storage_config(bucket, settings, &mut findings),
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

#[cfg(test)]
mod tests {
    use super::bucket::storage_name;
    use super::*;
    use crate::config::auth::{AuthConfig, AuthFlow, ClientKind, MfaMethod, MfaMode, Recovery};
    use crate::config::storage::StorageConfig;

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
