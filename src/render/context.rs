//! The template context of one environment: the validated config translated into
//! CloudFormation's vocabulary, with every list whose order means nothing sorted by name, so
//! reordering the YAML never changes the output.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};

use super::iam;
use super::ids::pascal;
use crate::config::auth::{
    AuthConfig, AuthFlow, ClientKind, CustomType, GroupRoles, MfaMethod, MfaMode, Recovery,
    TriggerTarget, Triggers, UsersWithoutGroup,
};
use crate::config::common::{SecretRef, TextOrSecret};
use crate::config::project::Environment;
use crate::load::Project;
use crate::validate::auth::{domain_for, has_email, has_phone};
use crate::validate::machine::resource_server_id;

pub const USER_POOL_ID: &str = "UserPool";
pub const IDENTITY_POOL_ID: &str = "IdentityPool";
pub const AUTHENTICATED_ROLE_ID: &str = "AuthenticatedRole";
pub const GUEST_ROLE_ID: &str = "GuestRole";

#[derive(Debug, Serialize)]
pub struct AuthContext {
    pub project: String,
    pub env: String,
    pub user_pool: UserPool,
    pub sms_role: Option<SmsRole>,
    pub domain: Option<String>,
    /// This environment's own domain for the hosted UI, when it has one.
    pub custom_domain: Option<crate::config::project::CustomDomain>,
    /// Managed login (version 2) with Cognito's default branding for these clients' ids.
    pub managed_login: Vec<String>,
    pub providers: Vec<Provider>,
    pub clients: Vec<Client>,
    pub groups: Vec<Group>,
    pub identity_pool: Option<IdentityPool>,
    pub triggers: Vec<Trigger>,
    pub resource_servers: Vec<ResourceServer>,
}

#[derive(Debug, Serialize)]
pub struct UserPool {
    pub id: &'static str,
    pub name: String,
    /// Only an adopted pool may be case-sensitive (it cannot be changed after creation).
    pub case_sensitive: bool,
    pub username_attributes: Vec<&'static str>,
    pub alias_attributes: Vec<&'static str>,
    pub auto_verified: Vec<&'static str>,
    pub schema: Vec<Value>,
    pub password: Value,
    pub mfa_configuration: &'static str,
    pub enabled_mfas: Vec<&'static str>,
    pub recovery: Vec<Value>,
    pub admin_create_only: bool,
    pub lambda_config: BTreeMap<&'static str, Value>,
    /// `UserPoolTier`.
    pub tier: &'static str,
    /// `Policies.SignInPolicy.AllowedFirstAuthFactors`, when passwordless sign-in is on.
    pub first_factors: Vec<&'static str>,
    pub passkeys: Option<super::sign_in::Passkeys>,
    /// `EmailConfiguration` through SES.
    pub email_configuration: Option<Value>,
    /// `VerificationMessageTemplate`.
    pub verification_message: Value,
    /// `AdminCreateUserConfig.InviteMessageTemplate`.
    pub invite_message: Option<Value>,
    pub one_time_code: Option<super::sign_in::OneTimeCode>,
    pub add_ons: Option<Value>,
    pub activity_log: Option<super::sign_in::ActivityLog>,
}

#[derive(Debug, Serialize)]
pub struct SmsRole {
    pub id: &'static str,
    pub external_id: String,
}

#[derive(Debug, Serialize)]
pub struct Provider {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    pub details: BTreeMap<&'static str, String>,
    pub mapping: BTreeMap<String, String>,
}

#[derive(Debug, Serialize)]
pub struct Client {
    pub id: String,
    pub name: String,
    pub generate_secret: bool,
    pub auth_flows: Vec<&'static str>,
    pub access_minutes: u32,
    pub id_minutes: u32,
    pub refresh_days: u32,
    pub read_attributes: Vec<String>,
    pub write_attributes: Vec<String>,
    pub oauth: Option<OAuth>,
    /// `RefreshTokenRotation`, when the client rotates refresh tokens.
    pub refresh_token_rotation: Option<Value>,
    /// A machine client's client-credentials grant: its scopes, and the resource servers
    /// that must exist first.
    pub machine: Option<Machine>,
}

#[derive(Debug, Serialize)]
pub struct Machine {
    pub scopes: Vec<String>,
    pub depends_on: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ResourceServer {
    pub id: String,
    pub identifier: String,
    pub name: String,
    /// `{ ScopeName, ScopeDescription }`, sorted by name.
    pub scopes: Vec<Value>,
}

#[derive(Debug, Serialize)]
pub struct OAuth {
    pub scopes: Vec<&'static str>,
    pub callback_urls: Vec<String>,
    pub logout_urls: Vec<String>,
    pub providers: Vec<String>,
    pub depends_on: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Group {
    pub id: String,
    pub name: String,
    pub precedence: u32,
    pub description: Option<String>,
    pub role: Option<Role>,
}

#[derive(Debug, Serialize)]
pub struct Role {
    pub id: String,
    pub trust: Value,
    pub policies: Vec<Value>,
    /// `cogform: accepted_risks: [...]`: the statements whose risk the config accepts.
    pub metadata: Option<Value>,
}

#[derive(Debug, Serialize)]
pub struct IdentityPool {
    pub id: &'static str,
    pub name: String,
    pub guest_access: bool,
    pub authenticated_role: Role,
    pub guest_role: Option<Role>,
    /// Token role mapping per client (client logical id), when groups have roles.
    pub role_mappings: Vec<String>,
    /// The mappings' `AmbiguousRoleResolution`: what a signed-in user in no group gets
    /// (SEC-06): `AuthenticatedRole`, or `Deny` when the config asks for no credentials.
    pub ambiguous_role_resolution: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Trigger {
    pub id: String,
    pub arn: Value,
}

/// The CloudFormation dynamic reference for a secret (resolved at deploy time; SEC-24).
pub fn dynamic_reference(secret: &SecretRef) -> String {
    match &secret.key {
        Some(key) => format!(
            "{{{{resolve:secretsmanager:{}:SecretString:{key}}}}}",
            secret.secret
        ),
        None => format!("{{{{resolve:secretsmanager:{}}}}}", secret.secret),
    }
}

fn text_or_secret(v: &TextOrSecret) -> String {
    match v {
        TextOrSecret::Text(t) => t.clone(),
        TextOrSecret::Secret(s) => dynamic_reference(s),
    }
}

/// Attribute names (as Cognito spells them) with (required, mutable, data type).
fn schema_attributes(auth: &AuthConfig) -> Vec<(String, bool, bool, &'static str, Value)> {
    let mut out: Vec<(String, bool, bool, &'static str, Value)> = Vec::new();
    let declared = auth.attributes.standard();
    let implied = [
        ("email", auth.login.email),
        ("phone_number", auth.login.phone),
    ];
    let mut standard: BTreeMap<&str, (bool, bool)> = BTreeMap::new();
    for (name, on) in implied {
        if on {
            // Signing in with it makes it the user name: users must give it at sign-up.
            standard.insert(name, (true, true));
        }
    }
    for (name, a) in declared {
        standard.insert(name, (a.required, a.mutable));
    }
    for (name, (required, mutable)) in standard {
        let kind = if name == "updated_at" {
            "Number"
        } else {
            "String"
        };
        out.push((name.to_string(), required, mutable, kind, Value::Null));
    }
    for (name, a) in &auth.attributes.custom {
        let (kind, constraints) = match a.kind {
            CustomType::String => {
                let mut c = serde_json::Map::new();
                if let Some(n) = a.min_length {
                    c.insert("MinLength".into(), json!(n.to_string()));
                }
                if let Some(n) = a.max_length {
                    c.insert("MaxLength".into(), json!(n.to_string()));
                }
                (
                    "String",
                    if c.is_empty() {
                        Value::Null
                    } else {
                        json!({"StringAttributeConstraints": c})
                    },
                )
            }
            CustomType::Number => {
                let mut c = serde_json::Map::new();
                if let Some(n) = a.min {
                    c.insert("MinValue".into(), json!(n.to_string()));
                }
                if let Some(n) = a.max {
                    c.insert("MaxValue".into(), json!(n.to_string()));
                }
                (
                    "Number",
                    if c.is_empty() {
                        Value::Null
                    } else {
                        json!({"NumberAttributeConstraints": c})
                    },
                )
            }
            CustomType::Boolean => ("Boolean", Value::Null),
            CustomType::Datetime => ("DateTime", Value::Null),
        };
        out.push((
            format!("custom:{name}"),
            false,
            a.mutable,
            kind,
            constraints,
        ));
    }
    out
}

fn schema_entries(attrs: &[(String, bool, bool, &'static str, Value)]) -> Vec<Value> {
    attrs
        .iter()
        .map(|(name, required, mutable, kind, constraints)| {
            let bare = name.strip_prefix("custom:").unwrap_or(name);
            let mut v = json!({
                "Name": bare,
                "AttributeDataType": kind,
                "Mutable": mutable,
                "Required": required,
            });
            if let (Value::Object(extra), Value::Object(m)) = (constraints, &mut v) {
                m.extend(extra.clone());
            }
            v
        })
        .collect()
}

/// Which of email and phone number the pool verifies automatically (codes sent by Cognito).
pub fn verification(auth: &AuthConfig) -> (bool, bool) {
    let recovery_phone = matches!(
        auth.recovery,
        Recovery::Phone | Recovery::EmailThenPhone | Recovery::PhoneThenEmail
    );
    let sms_mfa = sms_mfa(auth);
    let verify_email = has_email(auth);
    let sms_otp = auth.passwordless.as_ref().is_some_and(|p| p.sms_otp);
    let verify_phone =
        has_phone(auth) && (auth.login.phone || recovery_phone || sms_mfa || sms_otp);
    (verify_email, verify_phone)
}

fn sms_mfa(auth: &AuthConfig) -> bool {
    auth.mfa.mode != MfaMode::Off && mfa_methods(auth).contains(&MfaMethod::Sms)
}

fn mfa_methods(auth: &AuthConfig) -> Vec<MfaMethod> {
    match (&auth.mfa.methods, auth.mfa.mode) {
        (_, MfaMode::Off) => Vec::new(),
        (Some(m), _) => m.clone(),
        (None, _) => vec![MfaMethod::Totp],
    }
}

fn user_pool(
    project: &Project,
    env: &str,
    attrs: &[(String, bool, bool, &'static str, Value)],
) -> UserPool {
    let auth = &project.auth;
    let l = &auth.login;
    let mut sign_in = Vec::new();
    if l.email {
        sign_in.push("email");
    }
    if l.phone {
        sign_in.push("phone_number");
    }
    let (username_attributes, alias_attributes) = if l.username {
        (Vec::new(), sign_in)
    } else {
        (sign_in, Vec::new())
    };
    let (verify_email, verify_phone) = verification(auth);
    let mut auto_verified = Vec::new();
    if verify_email {
        auto_verified.push("email");
    }
    if verify_phone {
        auto_verified.push("phone_number");
    }
    let req = &auth.password.require;
    use crate::config::auth::CharClass::*;
    let password = json!({
        "MinimumLength": auth.password.min_length,
        "RequireLowercase": req.contains(&Lowercase),
        "RequireUppercase": req.contains(&Uppercase),
        "RequireNumbers": req.contains(&Numbers),
        "RequireSymbols": req.contains(&Symbols),
        "TemporaryPasswordValidityDays": auth.password.temporary_validity_days,
    });
    let mut methods = mfa_methods(auth);
    methods.sort();
    methods.dedup();
    let mut enabled_mfas: Vec<&'static str> = methods
        .iter()
        .map(|m| match m {
            MfaMethod::Sms => "SMS_MFA",
            MfaMethod::Totp => "SOFTWARE_TOKEN_MFA",
            MfaMethod::Email => "EMAIL_OTP",
        })
        .collect();
    enabled_mfas.sort();
    let mechanism = |name: &str, priority: u8| json!({"Name": name, "Priority": priority});
    let recovery = match auth.recovery {
        Recovery::Email => vec![mechanism("verified_email", 1)],
        Recovery::Phone => vec![mechanism("verified_phone_number", 1)],
        Recovery::EmailThenPhone => vec![
            mechanism("verified_email", 1),
            mechanism("verified_phone_number", 2),
        ],
        Recovery::PhoneThenEmail => vec![
            mechanism("verified_phone_number", 1),
            mechanism("verified_email", 2),
        ],
        Recovery::AdminOnly => vec![mechanism("admin_only", 1)],
    };
    let adopted = project
        .config
        .environments
        .get(env)
        .and_then(|e| e.adopt.as_ref())
        .and_then(|a| a.user_pool.clone());
    let name = adopted.unwrap_or_else(|| format!("{}-{env}", project.config.project));
    let modern = super::sign_in::user_pool(auth, hosted_ui_domain(project, env), &name);
    UserPool {
        tier: modern.tier,
        first_factors: modern.first_factors,
        passkeys: modern.passkeys,
        email_configuration: modern.email_configuration,
        verification_message: modern.verification_message,
        invite_message: modern.invite_message,
        one_time_code: modern.one_time_code,
        add_ons: modern.add_ons,
        activity_log: modern.activity_log,
        id: USER_POOL_ID,
        name,
        case_sensitive: auth.login.case_sensitive,
        username_attributes,
        alias_attributes,
        auto_verified,
        schema: schema_entries(attrs),
        password,
        mfa_configuration: match auth.mfa.mode {
            MfaMode::Off => "OFF",
            MfaMode::Optional => "OPTIONAL",
            MfaMode::Required => "ON",
        },
        enabled_mfas,
        recovery,
        admin_create_only: !auth.sign_up.self_service,
        lambda_config: lambda_config(&auth.triggers),
    }
}

/// `LambdaConfig`: each trigger's ARN, the pre-token-generation trigger's in
/// `PreTokenGenerationConfig` with its event version. Its legacy `PreTokenGeneration` key is
/// left out: Cognito fills it from the config, and secret scanners (checkov CKV_SECRET_6) take
/// an ARN under a key naming a token for a leaked secret.
fn lambda_config(triggers: &Triggers) -> BTreeMap<&'static str, Value> {
    let mut out: BTreeMap<&'static str, Value> = triggers
        .configured()
        .into_iter()
        .filter(|(name, _, _)| *name != "pre_token_generation")
        .map(|(_, prop, target)| (prop, trigger_arn(target)))
        .collect();
    if let Some(target) = &triggers.pre_token_generation {
        let version = triggers.pre_token_generation_version.unwrap_or_default();
        out.insert(
            "PreTokenGenerationConfig",
            json!({ "LambdaArn": trigger_arn(target), "LambdaVersion": version.cognito_name() }),
        );
    }
    out
}

/// The ARN a trigger calls: as written, or the project function's `Fn::GetAtt`.
fn trigger_arn(target: &TriggerTarget) -> Value {
    match target {
        TriggerTarget::Arn(arn) => Value::from(arn.as_str()),
        TriggerTarget::Function(f) => super::function::function_arn(&f.function),
    }
}

fn providers(auth: &AuthConfig) -> Vec<Provider> {
    let email_default = |m: &Option<BTreeMap<String, String>>,
                         source: &str|
     -> BTreeMap<String, String> {
        match m {
            Some(m) => m.clone(),
            None if has_email(auth) => BTreeMap::from([("email".to_string(), source.to_string())]),
            None => BTreeMap::new(),
        }
    };
    let mut out = Vec::new();
    let p = &auth.providers;
    let social = [
        (&p.google, "Google", " ", "openid email profile"),
        (&p.facebook, "Facebook", ",", "public_profile,email"),
        (&p.amazon, "LoginWithAmazon", " ", "profile"),
    ];
    for (cfg, name, sep, default_scopes) in social {
        if let Some(s) = cfg {
            out.push(Provider {
                id: format!("IdentityProvider{name}"),
                name: name.to_string(),
                kind: name_to_type(name),
                details: BTreeMap::from([
                    ("client_id", text_or_secret(&s.client_id)),
                    ("client_secret", dynamic_reference(&s.client_secret)),
                    (
                        "authorize_scopes",
                        s.scopes
                            .as_ref()
                            .map_or(default_scopes.to_string(), |v| v.join(sep)),
                    ),
                ]),
                mapping: email_default(&s.attributes, "email"),
            });
        }
    }
    if let Some(a) = &p.apple {
        out.push(Provider {
            id: "IdentityProviderSignInWithApple".into(),
            name: "SignInWithApple".into(),
            kind: "SignInWithApple",
            details: BTreeMap::from([
                ("client_id", text_or_secret(&a.client_id)),
                ("team_id", a.team_id.clone()),
                ("key_id", a.key_id.clone()),
                ("private_key", dynamic_reference(&a.private_key)),
                (
                    "authorize_scopes",
                    a.scopes
                        .as_ref()
                        .map_or("email name".to_string(), |v| v.join(" ")),
                ),
            ]),
            mapping: email_default(&a.attributes, "email"),
        });
    }
    for o in &p.oidc {
        out.push(Provider {
            id: format!("IdentityProvider{}", pascal(&o.name)),
            name: o.name.clone(),
            kind: "OIDC",
            details: BTreeMap::from([
                ("client_id", text_or_secret(&o.client_id)),
                ("client_secret", dynamic_reference(&o.client_secret)),
                ("oidc_issuer", o.issuer.clone()),
                (
                    "attributes_request_method",
                    format!("{:?}", o.request_method).to_uppercase(),
                ),
                (
                    "authorize_scopes",
                    o.scopes
                        .as_ref()
                        .map_or("openid email".to_string(), |v| v.join(" ")),
                ),
            ]),
            mapping: email_default(&o.attributes, "email"),
        });
    }
    for s in &p.saml {
        out.push(Provider {
            id: format!("IdentityProvider{}", pascal(&s.name)),
            name: s.name.clone(),
            kind: "SAML",
            details: BTreeMap::from([
                ("MetadataURL", s.metadata_url.clone()),
                ("IDPSignout", s.sign_out.to_string()),
            ]),
            mapping: email_default(
                &s.attributes,
                "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
            ),
        });
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

fn name_to_type(name: &str) -> &'static str {
    match name {
        "Google" => "Google",
        "Facebook" => "Facebook",
        _ => "LoginWithAmazon",
    }
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

fn clients(
    project: &Project,
    env: &Environment,
    attrs: &[(String, bool, bool, &'static str, Value)],
    providers: &[Provider],
) -> Vec<Client> {
    let auth = &project.auth;
    let (verify_email, verify_phone) = verification(auth);
    let mut read: Vec<String> = attrs.iter().map(|a| a.0.clone()).collect();
    if verify_email {
        read.push("email_verified".into());
    }
    if verify_phone {
        read.push("phone_number_verified".into());
    }
    // Writable: mutable attributes only. No attribute drives authorization in cogform (roles
    // come from `cognito:groups`, which only administrators change), so none is withheld.
    let write: Vec<String> = attrs.iter().filter(|a| a.2).map(|a| a.0.clone()).collect();
    let passwordless = auth.passwordless.as_ref().is_some_and(|p| p.any());
    let mut out: Vec<Client> = auth
        .clients
        .iter()
        .map(|c| {
            let machine = (c.kind == ClientKind::Machine).then(|| Machine {
                scopes: sorted(c.scopes.clone()),
                depends_on: sorted(
                    auth.resource_servers
                        .iter()
                        .filter(|r| {
                            c.scopes
                                .iter()
                                .any(|s| s.starts_with(&format!("{}/", r.identifier)))
                        })
                        .map(|r| resource_server_id(&r.identifier))
                        .collect(),
                ),
            });
            let user_facing = machine.is_none();
            let oauth = auth
                .hosted_ui
                .as_ref()
                .filter(|_| c.hosted_ui && user_facing)
                .map(|ui| {
                    let callback = c
                        .callback_urls
                        .clone()
                        .or_else(|| env.callback_urls.clone())
                        .unwrap_or_else(|| ui.callback_urls.clone());
                    let logout = c
                        .logout_urls
                        .clone()
                        .or_else(|| env.logout_urls.clone())
                        .unwrap_or_else(|| ui.logout_urls.clone());
                    let mut scopes: Vec<&'static str> =
                        ui.scopes.iter().map(|s| s.as_str()).collect();
                    scopes.sort();
                    scopes.dedup();
                    let mut names: Vec<String> = vec!["COGNITO".into()];
                    names.extend(providers.iter().map(|p| p.name.clone()));
                    OAuth {
                        scopes,
                        callback_urls: sorted(callback),
                        logout_urls: sorted(logout),
                        providers: sorted(names),
                        depends_on: providers.iter().map(|p| p.id.clone()).collect(),
                    }
                });
            let mut flows: Vec<&'static str> = if user_facing {
                c.auth_flows.iter().map(|f| f.cognito_name()).collect()
            } else {
                // Client credentials are not an auth flow; listing only refresh keeps
                // Cognito from enabling its default user flows.
                vec![AuthFlow::Refresh.cognito_name()]
            };
            // Passwordless sign-in and passkeys go through the choice-based flow.
            if passwordless && user_facing {
                flows.push(AuthFlow::UserAuth.cognito_name());
            }
            flows.sort();
            flows.dedup();
            Client {
                id: format!("UserPoolClient{}", pascal(&c.name)),
                name: c.name.clone(),
                generate_secret: matches!(c.kind, ClientKind::Server | ClientKind::Machine),
                auth_flows: flows,
                access_minutes: c.access_token_minutes,
                id_minutes: c.id_token_minutes,
                refresh_days: c.refresh_token_days,
                read_attributes: sorted(read.clone()),
                write_attributes: sorted(write.clone()),
                oauth,
                refresh_token_rotation: c.refresh_token_rotation.as_ref().map(|r| {
                    json!({ "Feature": "ENABLED", "RetryGracePeriodSeconds": r.retry_grace_seconds })
                }),
                machine,
            }
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

fn resource_servers(auth: &AuthConfig) -> Vec<ResourceServer> {
    let mut out: Vec<ResourceServer> = auth
        .resource_servers
        .iter()
        .map(|r| {
            let mut scopes: Vec<(&str, &str)> = r
                .scopes
                .iter()
                .map(|s| (s.name.as_str(), s.description.as_str()))
                .collect();
            scopes.sort();
            ResourceServer {
                id: resource_server_id(&r.identifier),
                identifier: r.identifier.clone(),
                name: r.name.clone(),
                scopes: scopes
                    .into_iter()
                    .map(|(n, d)| json!({ "ScopeName": n, "ScopeDescription": d }))
                    .collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

fn role(
    id: String,
    amr: &str,
    sid: &str,
    policy_name: &str,
    (statements, accepted): (Vec<Value>, Vec<Value>),
) -> Role {
    Role {
        id,
        trust: iam::identity_pool_trust(IDENTITY_POOL_ID, amr, sid),
        policies: iam::inline_policy(policy_name, statements)
            .into_iter()
            .collect(),
        metadata: iam::accepted_risks_metadata(accepted),
    }
}

/// The hosted UI's full domain in `env`, as the template writes it: the environment's own
/// domain, or Cognito's (`<prefix>-<env>.auth.<region>.amazoncognito.com`, an `Fn::Sub`).
fn hosted_ui_domain(project: &Project, env: &str) -> Option<Value> {
    let ui = project.auth.hosted_ui.as_ref()?;
    let settings = project.config.environments.get(env);
    if let Some(custom) = settings.and_then(|e| e.custom_domain.as_ref()) {
        return Some(Value::String(custom.domain.clone()));
    }
    let prefix = settings
        .and_then(|e| e.domain_prefix.as_ref())
        .unwrap_or(&ui.domain_prefix);
    let domain = settings
        .map(|e| env_domain(e, prefix, env))
        .unwrap_or_else(|| domain_for(prefix, env));
    Some(super::sign_in::cognito_domain(&domain))
}

/// The hosted UI domain of an environment: an adopted one as it is, a new one
/// `<prefix>-<env>` (unique per environment).
fn env_domain(settings: &Environment, prefix: &str, env: &str) -> String {
    settings
        .adopt
        .as_ref()
        .and_then(|a| a.domain.clone())
        .unwrap_or_else(|| domain_for(prefix, env))
}

pub fn build(project: &Project, env_name: &str, env: &Environment) -> AuthContext {
    let auth = &project.auth;
    let attrs = schema_attributes(auth);
    let providers = providers(auth);
    let clients = clients(project, env, &attrs, &providers);
    let ip = &auth.identity_pool;
    let group_roles = ip.enabled && ip.group_roles == GroupRoles::Token;
    let authenticated_statements =
        iam::statements(&ip.authenticated_role.policies, "Authenticated");
    let authenticated_accepted =
        iam::accepted_risks(&ip.authenticated_role.policies, "Authenticated", "");
    let mut groups: Vec<Group> = auth
        .groups
        .iter()
        .map(|g| {
            let id = format!("Group{}", pascal(&g.name));
            let role = group_roles.then(|| {
                // A group member gets this role *instead of* the authenticated role, so it
                // carries the authenticated grants too.
                let mut statements = authenticated_statements.clone();
                // Both sets share one policy, where IAM refuses a repeated Sid, and a user's
                // `sid` is only unique within its own list (`ReadItems` may be declared for
                // the authenticated role and for a group). Prefixing the group's own Sids with
                // the group id (generated ones already are) keeps them distinct and traces
                // each to its group (SEC-09, SEC-25).
                let own = iam::statements(&g.policies, &id);
                statements.extend(own.into_iter().zip(&g.policies).map(|(mut st, p)| {
                    if let Some(sid) = &p.sid {
                        st["Sid"] = json!(format!("{id}{sid}"));
                    }
                    st
                }));
                let mut accepted = authenticated_accepted.clone();
                accepted.extend(iam::accepted_risks(&g.policies, &id, &id));
                role(
                    format!("{id}Role"),
                    "authenticated",
                    "AssumeAsGroupMember",
                    "GroupAccess",
                    (statements, accepted),
                )
            });
            Group {
                id,
                name: g.name.clone(),
                precedence: g.precedence,
                description: g.description.clone(),
                role,
            }
        })
        .collect();
    groups.sort_by(|a, b| a.id.cmp(&b.id));
    let identity_pool = ip.enabled.then(|| IdentityPool {
        id: IDENTITY_POOL_ID,
        name: env
            .adopt
            .as_ref()
            .and_then(|a| a.identity_pool.clone())
            .unwrap_or_else(|| format!("{}_{env_name}", project.config.project.replace('-', "_"))),
        guest_access: ip.guest_access,
        authenticated_role: role(
            AUTHENTICATED_ROLE_ID.into(),
            "authenticated",
            "AssumeAsAuthenticatedUser",
            "AuthenticatedAccess",
            (authenticated_statements.clone(), authenticated_accepted),
        ),
        guest_role: ip.guest_access.then(|| {
            role(
                GUEST_ROLE_ID.into(),
                "unauthenticated",
                "AssumeAsGuest",
                "GuestAccess",
                (
                    iam::statements(&ip.guest_role.policies, "Guest"),
                    Vec::new(),
                ),
            )
        }),
        role_mappings: if group_roles && !groups.is_empty() {
            clients
                .iter()
                .filter(|c| c.machine.is_none())
                .map(|c| c.id.clone())
                .collect()
        } else {
            Vec::new()
        },
        ambiguous_role_resolution: match ip.users_without_group {
            UsersWithoutGroup::Authenticated => "AuthenticatedRole",
            UsersWithoutGroup::NoCredentials => "Deny",
        },
    });
    let prefix = env
        .domain_prefix
        .as_ref()
        .or(auth.hosted_ui.as_ref().map(|u| &u.domain_prefix));
    let sms_otp = auth.passwordless.as_ref().is_some_and(|p| p.sms_otp);
    let needs_sms = verification(auth).1 || sms_mfa(auth) || sms_otp;
    AuthContext {
        project: project.config.project.clone(),
        env: env_name.to_string(),
        user_pool: user_pool(project, env_name, &attrs),
        sms_role: needs_sms.then(|| SmsRole {
            id: "UserPoolSmsRole",
            external_id: format!("{}-{env_name}-cognito-sms", project.config.project),
        }),
        domain: auth
            .hosted_ui
            .as_ref()
            .and(prefix)
            .map(|p| env_domain(env, p, env_name)),
        custom_domain: auth.hosted_ui.as_ref().and(env.custom_domain.clone()),
        managed_login: if auth.hosted_ui.as_ref().is_some_and(|u| u.managed_login) {
            clients
                .iter()
                .filter(|c| c.oauth.is_some())
                .map(|c| c.id.clone())
                .collect()
        } else {
            Vec::new()
        },
        resource_servers: resource_servers(auth),
        providers,
        clients,
        groups,
        identity_pool,
        triggers: auth
            .triggers
            .configured()
            .into_iter()
            .map(|(name, _, target)| Trigger {
                id: format!("Trigger{}Permission", pascal(name)),
                arn: trigger_arn(target),
            })
            .collect(),
    }
}
