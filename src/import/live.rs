//! The live resources (describe JSON) as CloudFormation would describe them, under the logical
//! ids of the rendered template, so `cogform diff --against-describe` can classify each
//! difference with the change rules every other diff uses. The rendered side has its
//! references to adopted resources resolved to the live ids; a reference to a resource the
//! stack will create stays as it is (and so differs: it is a real change).

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::describe::Described;
use crate::config::project::Environment;

/// Lists whose order means nothing to the service: compared sorted.
const UNORDERED: [&str; 14] = [
    "CognitoIdentityProviders",
    "AliasAttributes",
    "UsernameAttributes",
    "AutoVerifiedAttributes",
    "EnabledMfas",
    "ExplicitAuthFlows",
    "AllowedOAuthFlows",
    "AllowedOAuthScopes",
    "CallbackURLs",
    "LogoutURLs",
    "SupportedIdentityProviders",
    "ReadAttributes",
    "WriteAttributes",
    "AttributesRequireVerificationBeforeUpdate",
];

/// Provider details holding secrets: never compared, never shown.
const SECRET_DETAILS: [&str; 2] = ["client_secret", "private_key"];

/// What the comparison found besides property changes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Compared {
    /// The live side as a template (adopted resources only).
    pub live: Value,
    /// The rendered side, references to adopted resources resolved (adopted resources only).
    pub rendered: Value,
    /// Live resources the template does not describe (left as they are, outside the stack).
    pub unmatched: Vec<String>,
}

/// Both sides of the comparison for `env`'s final template.
pub fn compare(d: &Described, template: &Value, env: &Environment) -> Compared {
    let adopted = crate::render::adopt::adopted(template, env);
    let resources = template
        .get("Resources")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let names = Names::of(d, &resources, &adopted);
    let mut live = Map::new();
    let mut rendered = Map::new();
    let mut matched_clients = Vec::new();
    let mut matched_groups = Vec::new();
    let mut matched_providers = Vec::new();
    for (id, kind) in &adopted {
        let Some(resource) = resources.get(id) else {
            continue;
        };
        let props = resource.get("Properties").cloned().unwrap_or(json!({}));
        let name_of = |k: &str| {
            props
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let live_props = match kind.as_str() {
            "AWS::Cognito::UserPool" => Some(user_pool(d, &props)),
            "AWS::Cognito::UserPoolClient" => {
                let name = name_of("ClientName");
                d.clients
                    .iter()
                    .find(|(_, c)| {
                        c.get("ClientName")
                            .and_then(Value::as_str)
                            .is_some_and(|live| super::describe::config_name(live) == name)
                    })
                    .map(|(_, c)| {
                        matched_clients.push(name.clone());
                        client(c)
                    })
            }
            "AWS::Cognito::UserPoolGroup" => {
                let name = name_of("GroupName");
                d.groups
                    .iter()
                    .find(|g| g.get("GroupName").and_then(Value::as_str) == Some(&name))
                    .map(|g| {
                        matched_groups.push(name.clone());
                        pick(
                            g,
                            &[
                                "GroupName",
                                "Description",
                                "Precedence",
                                "RoleArn",
                                "UserPoolId",
                            ],
                        )
                    })
            }
            "AWS::Cognito::UserPoolDomain" => d.domain.as_ref().map(domain),
            "AWS::Cognito::UserPoolIdentityProvider" => {
                let name = name_of("ProviderName");
                d.providers
                    .iter()
                    .find(|(_, p)| p.get("ProviderName").and_then(Value::as_str) == Some(&name))
                    .map(|(_, p)| {
                        matched_providers.push(name.clone());
                        provider(p, &props)
                    })
            }
            "AWS::Cognito::IdentityPool" => d.identity_pool.as_ref().map(identity_pool),
            "AWS::S3::Bucket" => {
                let name = name_of("BucketName");
                d.buckets.get(&name).map(|s| bucket(&name, s))
            }
            _ => None,
        };
        let mut mine = names.resolve(&props);
        normalize(&mut mine);
        if let Value::Object(m) = &mut mine
            && kind == "AWS::Cognito::UserPoolIdentityProvider"
            && let Some(Value::Object(details)) = m.get_mut("ProviderDetails")
        {
            details.retain(|k, _| !SECRET_DETAILS.contains(&k.as_str()));
        }
        let mut entry = resource.clone();
        entry["Properties"] = mine;
        rendered.insert(id.clone(), entry);
        if let Some(mut lp) = live_props {
            normalize(&mut lp);
            let mut l = json!({"Type": kind, "Properties": lp});
            for attr in ["DeletionPolicy", "UpdateReplacePolicy"] {
                if let Some(v) = resource.get(attr) {
                    l[attr] = v.clone();
                }
            }
            live.insert(id.clone(), l);
        }
    }
    let mut unmatched = Vec::new();
    if let Some(domain) = d.domain_name()
        && !adopted
            .iter()
            .any(|(_, k)| k == "AWS::Cognito::UserPoolDomain")
    {
        unmatched.push(format!("hosted UI domain `{domain}`"));
    }
    for (name, _) in d.client_ids() {
        if !matched_clients.contains(&name) {
            unmatched.push(format!("app client `{name}`"));
        }
    }
    for g in &d.groups {
        if let Some(name) = g.get("GroupName").and_then(Value::as_str)
            && !matched_groups.iter().any(|m| m == name)
        {
            unmatched.push(format!("group `{name}`"));
        }
    }
    for (_, p) in &d.providers {
        if let Some(name) = p.get("ProviderName").and_then(Value::as_str)
            && !matched_providers.iter().any(|m| m == name)
        {
            unmatched.push(format!("identity provider `{name}`"));
        }
    }
    Compared {
        live: json!({"Resources": live}),
        rendered: json!({"Resources": rendered}),
        unmatched,
    }
}

/// What references to adopted resources and pseudo parameters stand for on the live side.
struct Names {
    refs: BTreeMap<String, String>,
    attrs: BTreeMap<(String, String), String>,
    pseudo: BTreeMap<String, String>,
}

impl Names {
    fn of(d: &Described, resources: &Map<String, Value>, adopted: &[(String, String)]) -> Self {
        let region = d.region().unwrap_or_default();
        let account = d.account().unwrap_or_default();
        let mut refs = BTreeMap::new();
        let mut attrs = BTreeMap::new();
        let clients = d.client_ids();
        for (id, kind) in adopted {
            let props = resources.get(id).and_then(|r| r.get("Properties"));
            let prop = |k: &str| {
                props
                    .and_then(|p| p.get(k))
                    .and_then(Value::as_str)
                    .map(str::to_string)
            };
            match kind.as_str() {
                "AWS::Cognito::UserPool" => {
                    if let Some(pool) = d.pool_id() {
                        refs.insert(id.clone(), pool.to_string());
                        let provider = format!("cognito-idp.{region}.amazonaws.com/{pool}");
                        attrs.insert((id.clone(), "ProviderName".into()), provider.clone());
                        attrs.insert(
                            (id.clone(), "ProviderURL".into()),
                            format!("https://{provider}"),
                        );
                        if let Some(arn) = d.user_pool.get("Arn").and_then(Value::as_str) {
                            attrs.insert((id.clone(), "Arn".into()), arn.to_string());
                        }
                        attrs.insert((id.clone(), "UserPoolId".into()), pool.to_string());
                    }
                }
                "AWS::Cognito::UserPoolClient" => {
                    if let Some(client_id) = prop("ClientName").and_then(|n| clients.get(&n)) {
                        refs.insert(id.clone(), client_id.clone());
                        attrs.insert((id.clone(), "ClientId".into()), client_id.clone());
                    }
                }
                "AWS::Cognito::IdentityPool" => {
                    if let Some(ip) = d
                        .identity_pool
                        .as_ref()
                        .and_then(|p| p.get("IdentityPoolId"))
                        .and_then(Value::as_str)
                    {
                        refs.insert(id.clone(), ip.to_string());
                        attrs.insert((id.clone(), "Id".into()), ip.to_string());
                    }
                }
                "AWS::S3::Bucket" => {
                    if let Some(name) = prop("BucketName") {
                        attrs.insert((id.clone(), "Arn".into()), format!("arn:aws:s3:::{name}"));
                        refs.insert(id.clone(), name);
                    }
                }
                _ => {}
            }
        }
        let pseudo = BTreeMap::from([
            ("AWS::Region".to_string(), region),
            ("AWS::AccountId".to_string(), account),
            ("AWS::Partition".to_string(), "aws".to_string()),
            ("AWS::URLSuffix".to_string(), "amazonaws.com".to_string()),
        ]);
        Names {
            refs,
            attrs,
            pseudo,
        }
    }

    fn name(&self, name: &str) -> Option<String> {
        if let Some(v) = self.pseudo.get(name) {
            return Some(v.clone());
        }
        if let Some((id, attr)) = name.split_once('.') {
            return self.attrs.get(&(id.to_string(), attr.to_string())).cloned();
        }
        self.refs.get(name).cloned()
    }

    /// `v` with every reference this side can name replaced by its value.
    fn resolve(&self, v: &Value) -> Value {
        match v {
            Value::Object(m) => {
                if let Some(resolved) = self.intrinsic(m) {
                    return resolved;
                }
                Value::Object(
                    m.iter()
                        .map(|(k, x)| (k.clone(), self.resolve(x)))
                        .collect(),
                )
            }
            Value::Array(a) => Value::Array(a.iter().map(|x| self.resolve(x)).collect()),
            other => other.clone(),
        }
    }

    /// The value of a `Ref`, `Fn::GetAtt` or `Fn::Sub` this side can name (`None`: not an
    /// intrinsic, or it names something the stack will create).
    fn intrinsic(&self, m: &Map<String, Value>) -> Option<Value> {
        if m.len() != 1 {
            return None;
        }
        let (k, x) = m.iter().next()?;
        match (k.as_str(), x) {
            ("Ref", Value::String(name)) => self.name(name).map(Value::String),
            ("Fn::GetAtt", Value::Array(a)) => {
                let parts: Vec<&str> = a.iter().filter_map(Value::as_str).collect();
                self.name(&parts.join(".")).map(Value::String)
            }
            ("Fn::Sub", Value::String(text)) => self.sub(text),
            _ => None,
        }
    }

    fn sub(&self, text: &str) -> Option<Value> {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let end = after.find('}')?;
            let name = &after[..end];
            match name.strip_prefix('!') {
                Some(literal) => out.push_str(&format!("${{{literal}}}")),
                None => out.push_str(&self.name(name)?),
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Some(Value::String(out))
    }
}

/// Sorted unordered lists, so order alone is never a change.
fn normalize(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if UNORDERED.contains(&k.as_str())
                    && let Value::Array(a) = x
                {
                    a.sort_by_key(|e| e.to_string());
                }
                normalize(x);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(normalize),
        _ => {}
    }
}

/// Cognito's texts for a pool that sets none (as `describe-user-pool` prints them).
const VERIFICATION_DEFAULTS: [(&str, &str); 5] = [
    ("EmailMessage", "Your verification code is {####}. "),
    ("EmailSubject", "Your verification code"),
    ("SmsMessage", "Your verification code is {####}. "),
    (
        "EmailMessageByLink",
        "Please click the link below to verify your email address. {##Verify Email##} ",
    ),
    ("EmailSubjectByLink", "Your verification link"),
];
const INVITE_DEFAULTS: [(&str, &str); 3] = [
    (
        "EmailMessage",
        "Your username is {username} and temporary password is {####}. ",
    ),
    ("EmailSubject", "Your temporary password"),
    (
        "SMSMessage",
        "Your username is {username} and temporary password is {####}. ",
    ),
];
const SMS_AUTHENTICATION_DEFAULT: &str = "Your authentication code is {####}. ";

/// The fields of a message template that hold texts of the pool's own (not the defaults).
fn own_texts(template: Option<&Value>, defaults: &[(&str, &str)]) -> Map<String, Value> {
    template
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter(|(k, v)| {
                    v.is_string()
                        && defaults.iter().any(|(d, _)| d == k)
                        && !defaults
                            .iter()
                            .any(|(d, text)| d == k && v.as_str() == Some(text))
                })
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// The pool's own verification texts, as `VerificationMessageTemplate` fields. The older
/// top-level fields (`EmailVerificationMessage`, …) say the same and count where the template
/// holds a default (an emulator may keep only them).
pub fn verification_texts(pool: &Value) -> Map<String, Value> {
    let mut texts = own_texts(
        pool.get("VerificationMessageTemplate"),
        &VERIFICATION_DEFAULTS,
    );
    for (legacy, field) in [
        ("EmailVerificationMessage", "EmailMessage"),
        ("EmailVerificationSubject", "EmailSubject"),
        ("SmsVerificationMessage", "SmsMessage"),
    ] {
        let Some(v) = pool.get(legacy) else { continue };
        let own = own_texts(Some(&json!({ field: v })), &VERIFICATION_DEFAULTS);
        if let Some(v) = own.get(field)
            && !texts.contains_key(field)
        {
            texts.insert(field.to_string(), v.clone());
        }
    }
    texts
}

/// The pool's own invitation texts.
pub fn invite_texts(pool: &Value) -> Map<String, Value> {
    own_texts(
        pool.pointer("/AdminCreateUserConfig/InviteMessageTemplate"),
        &INVITE_DEFAULTS,
    )
}

/// The pool's own MFA text message, if it has one.
pub fn sms_authentication_text(pool: &Value) -> Option<&str> {
    pool.get("SmsAuthenticationMessage")
        .and_then(Value::as_str)
        .filter(|m| *m != SMS_AUTHENTICATION_DEFAULT)
}

fn pick(v: &Value, keys: &[&str]) -> Value {
    Value::Object(
        keys.iter()
            .filter_map(|k| {
                v.get(*k)
                    .filter(|x| !x.is_null())
                    .map(|x| (k.to_string(), x.clone()))
            })
            .collect(),
    )
}

fn non_empty(v: Option<&Value>) -> Option<Value> {
    v.filter(|x| match x {
        Value::Object(m) => !m.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Null => false,
        _ => true,
    })
    .cloned()
}

/// The pool as CloudFormation properties. `rendered` decides the shape of what the service
/// fills in anyway (the standard attributes the template does not mention, message fields).
fn user_pool(d: &Described, rendered: &Value) -> Value {
    let p = &d.user_pool;
    let mut out = Map::new();
    let mut set = |k: &str, v: Option<Value>| {
        if let Some(v) = v {
            out.insert(k.to_string(), v);
        }
    };
    set("UserPoolName", p.get("Name").cloned());
    set(
        "AccountRecoverySetting",
        non_empty(p.get("AccountRecoverySetting")),
    );
    set("AliasAttributes", non_empty(p.get("AliasAttributes")));
    set("UsernameAttributes", non_empty(p.get("UsernameAttributes")));
    set(
        "AutoVerifiedAttributes",
        non_empty(p.get("AutoVerifiedAttributes")),
    );
    set(
        "DeletionProtection",
        Some(
            p.get("DeletionProtection")
                .cloned()
                .unwrap_or(json!("INACTIVE")),
        ),
    );
    set(
        "DeviceConfiguration",
        non_empty(p.get("DeviceConfiguration")),
    );
    set(
        "EmailConfiguration",
        non_empty(p.get("EmailConfiguration"))
            .filter(|e| e.get("EmailSendingAccount").and_then(Value::as_str) == Some("DEVELOPER")),
    );
    set("LambdaConfig", non_empty(p.get("LambdaConfig")));
    set("MfaConfiguration", p.get("MfaConfiguration").cloned());
    set(
        "SmsAuthenticationMessage",
        p.get("SmsAuthenticationMessage")
            .filter(|m| m.as_str() != Some(SMS_AUTHENTICATION_DEFAULT))
            .cloned(),
    );
    set("SmsConfiguration", non_empty(p.get("SmsConfiguration")));
    set(
        "UserAttributeUpdateSettings",
        non_empty(p.get("UserAttributeUpdateSettings"))
            .filter(|u| non_empty(u.get("AttributesRequireVerificationBeforeUpdate")).is_some()),
    );
    set(
        "UserPoolAddOns",
        non_empty(p.get("UserPoolAddOns"))
            .filter(|a| a.get("AdvancedSecurityMode").and_then(Value::as_str) != Some("OFF")),
    );
    set("UserPoolTags", non_empty(p.get("UserPoolTags")));
    set("UserPoolTier", p.get("UserPoolTier").cloned());
    set(
        "UsernameConfiguration",
        Some(
            p.get("UsernameConfiguration")
                .cloned()
                // Pools made before the setting existed are case-sensitive.
                .unwrap_or(json!({"CaseSensitive": true})),
        ),
    );
    let mut admin = Map::new();
    if let Some(a) = p.get("AdminCreateUserConfig") {
        if let Some(x) = a.get("AllowAdminCreateUserOnly") {
            admin.insert("AllowAdminCreateUserOnly".into(), x.clone());
        }
        let invite = own_texts(a.get("InviteMessageTemplate"), &INVITE_DEFAULTS);
        if !invite.is_empty() {
            admin.insert("InviteMessageTemplate".into(), Value::Object(invite));
        }
    }
    set("AdminCreateUserConfig", Some(Value::Object(admin)));
    let mut policies = Map::new();
    if let Some(pp) = p.pointer("/Policies/PasswordPolicy") {
        policies.insert("PasswordPolicy".into(), pp.clone());
    }
    if let Some(sp) = p.pointer("/Policies/SignInPolicy")
        && sp.get("AllowedFirstAuthFactors") != Some(&json!(["PASSWORD"]))
    {
        policies.insert("SignInPolicy".into(), sp.clone());
    }
    set("Policies", Some(Value::Object(policies)));
    // Texts of the pool's own: a field the template leaves out goes back to Cognito's default
    // on the next update, so it shows as a change; one at the default is no setting at all.
    let mut verification = Map::new();
    if let Some(option) = p.pointer("/VerificationMessageTemplate/DefaultEmailOption") {
        verification.insert("DefaultEmailOption".into(), option.clone());
    }
    verification.extend(verification_texts(p));
    if let Some(Value::Object(shown)) = rendered.get("VerificationMessageTemplate") {
        for key in shown.keys() {
            if let Some(v) = p.pointer(&format!("/VerificationMessageTemplate/{key}"))
                && !verification.contains_key(key)
            {
                verification.insert(key.clone(), v.clone());
            }
        }
    }
    set(
        "VerificationMessageTemplate",
        Some(Value::Object(verification)),
    );
    match &d.mfa {
        Some(m) => {
            let mut mfas = Vec::new();
            if m.get("SmsMfaConfiguration").is_some_and(Value::is_object) {
                mfas.push(json!("SMS_MFA"));
            }
            if m.pointer("/SoftwareTokenMfaConfiguration/Enabled") == Some(&json!(true)) {
                mfas.push(json!("SOFTWARE_TOKEN_MFA"));
            }
            if m.get("EmailMfaConfiguration").is_some_and(Value::is_object) {
                mfas.push(json!("EMAIL_OTP"));
            }
            if !mfas.is_empty() {
                set("EnabledMfas", Some(Value::Array(mfas)));
            }
        }
        // Not captured: what the template says is taken as is (the import noted the guess).
        None => set("EnabledMfas", rendered.get("EnabledMfas").cloned()),
    }
    set("Schema", Some(schema(p, rendered)));
    Value::Object(out)
}

/// The live schema in the template's shape: each attribute the template declares, with the
/// fields it sets, then every live custom attribute and every standard one with settings of
/// its own that the template leaves out (which the service cannot remove).
fn schema(p: &Value, rendered: &Value) -> Value {
    let live: Vec<&Value> = p
        .get("SchemaAttributes")
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let bare = |a: &Value| {
        let n = a.get("Name").and_then(Value::as_str).unwrap_or("");
        n.strip_prefix("custom:").unwrap_or(n).to_string()
    };
    let declared: Vec<&Value> = rendered
        .get("Schema")
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let mut out = Vec::new();
    let mut seen = Vec::new();
    for r in &declared {
        let name = r.get("Name").and_then(Value::as_str).unwrap_or("");
        let Some(l) = live.iter().find(|l| bare(l) == name) else {
            continue;
        };
        seen.push(name.to_string());
        let mut entry = Map::new();
        for key in r
            .as_object()
            .map(|m| m.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default()
        {
            let value = if key == "Name" {
                Some(json!(name))
            } else {
                l.get(&key).cloned().map(constraints_as_template)
            };
            if let Some(v) = value {
                entry.insert(key, v);
            }
        }
        out.push(Value::Object(entry));
    }
    for l in &live {
        let full = l.get("Name").and_then(Value::as_str).unwrap_or("");
        let name = bare(l);
        if seen.contains(&name)
            || [
                "sub",
                "email_verified",
                "phone_number_verified",
                "identities",
            ]
            .contains(&full)
        {
            continue;
        }
        let custom = full.starts_with("custom:") || full.starts_with("dev:");
        let required = l.get("Required").and_then(Value::as_bool).unwrap_or(false);
        let mutable = l.get("Mutable").and_then(Value::as_bool).unwrap_or(true);
        if custom || required || !mutable {
            let mut entry = json!({
                "Name": name,
                "AttributeDataType": l.get("AttributeDataType"),
                "Mutable": mutable,
                "Required": required,
            });
            for c in ["StringAttributeConstraints", "NumberAttributeConstraints"] {
                if custom && let Some(x) = non_empty(l.get(c)) {
                    entry[c] = constraints_as_template(x);
                }
            }
            out.push(entry);
        }
    }
    Value::Array(out)
}

/// Describe prints constraint bounds as strings, as CloudFormation takes them; numbers are
/// made strings so both sides spell them alike.
fn constraints_as_template(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, x)| {
                    let x = match x {
                        Value::Number(n) => Value::String(n.to_string()),
                        other => other,
                    };
                    (k, x)
                })
                .collect(),
        ),
        other => other,
    }
}

fn client(c: &Value) -> Value {
    let mut out = pick(
        c,
        &[
            "ClientName",
            "UserPoolId",
            "ExplicitAuthFlows",
            "AuthSessionValidity",
            "EnableTokenRevocation",
            "PreventUserExistenceErrors",
            "AllowedOAuthFlows",
            "AllowedOAuthScopes",
            "CallbackURLs",
            "LogoutURLs",
            "DefaultRedirectURI",
            "SupportedIdentityProviders",
            "ReadAttributes",
            "WriteAttributes",
            "RefreshTokenRotation",
            "EnablePropagateAdditionalUserContextData",
        ],
    );
    // Validities in the units the template uses (same duration, same token).
    let (access, id, refresh_days) = super::describe::validities(c);
    out["AccessTokenValidity"] = json!(access);
    out["IdTokenValidity"] = json!(id);
    out["RefreshTokenValidity"] = json!(refresh_days);
    out["TokenValidityUnits"] =
        json!({"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"});
    out["GenerateSecret"] = json!(c.get("ClientSecret").is_some());
    // Absent and false are the same setting; so are an absent session validity and Cognito's
    // default of 3 minutes.
    if c.get("AllowedOAuthFlowsUserPoolClient")
        .and_then(Value::as_bool)
        == Some(true)
    {
        out["AllowedOAuthFlowsUserPoolClient"] = json!(true);
    }
    if out.get("AuthSessionValidity").is_none() {
        out["AuthSessionValidity"] = json!(3);
    }
    if out.get("PreventUserExistenceErrors").is_none() {
        out["PreventUserExistenceErrors"] = json!("LEGACY");
    }
    if let Value::Object(m) = &mut out {
        m.retain(|k, v| {
            !(k == "RefreshTokenRotation" && v.get("Feature") == Some(&json!("DISABLED"))
                || k == "EnablePropagateAdditionalUserContextData" && v == &json!(false))
        });
        m.retain(|_, v| non_empty(Some(v)).is_some() || v.is_boolean() || v.is_number());
    }
    out
}

fn domain(dd: &Value) -> Value {
    let mut out = pick(dd, &["Domain", "UserPoolId"]);
    if let Some(arn) = dd.pointer("/CustomDomainConfig/CertificateArn") {
        out["CustomDomainConfig"] = json!({"CertificateArn": arn});
    }
    if let Some(v) = dd
        .get("ManagedLoginVersion")
        .filter(|v| v.as_u64() == Some(2))
    {
        out["ManagedLoginVersion"] = v.clone();
    }
    out
}

/// A provider as CloudFormation properties. Cognito fills in the endpoints of social providers
/// and a `username` mapping itself: only the details and mappings the template sets are
/// compared, and secrets never.
fn provider(p: &Value, rendered: &Value) -> Value {
    let mut out = pick(
        p,
        &[
            "ProviderName",
            "ProviderType",
            "UserPoolId",
            "IdpIdentifiers",
        ],
    );
    let keep = |section: &str| -> Vec<String> {
        rendered
            .get(section)
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    for section in ["ProviderDetails", "AttributeMapping"] {
        let wanted = keep(section);
        let live: Map<String, Value> = p
            .get(section)
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .filter(|(k, _)| !SECRET_DETAILS.contains(&k.as_str()))
                    .filter(|(k, _)| {
                        wanted.contains(k)
                            || (section == "AttributeMapping" && k.as_str() != "username")
                    })
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            })
            .unwrap_or_default();
        if !live.is_empty() {
            out[section] = Value::Object(live);
        }
    }
    if let Some(Value::Array(a)) = out.get("IdpIdentifiers")
        && a.is_empty()
        && let Value::Object(m) = &mut out
    {
        m.remove("IdpIdentifiers");
    }
    out
}

fn identity_pool(ip: &Value) -> Value {
    let mut out = pick(
        ip,
        &[
            "IdentityPoolName",
            "AllowUnauthenticatedIdentities",
            "AllowClassicFlow",
            "DeveloperProviderName",
        ],
    );
    for key in [
        "SupportedLoginProviders",
        "OpenIdConnectProviderARNs",
        "SamlProviderARNs",
        "IdentityPoolTags",
    ] {
        if let Some(v) = non_empty(ip.get(key)) {
            out[key] = v;
        }
    }
    if out.get("AllowClassicFlow").is_none() {
        out["AllowClassicFlow"] = json!(false);
    }
    if let Some(Value::Array(providers)) = ip.get("CognitoIdentityProviders") {
        let mut list: Vec<Value> = providers
            .iter()
            .map(|p| {
                json!({
                    "ClientId": p.get("ClientId"),
                    "ProviderName": p.get("ProviderName"),
                    "ServerSideTokenCheck": p.get("ServerSideTokenCheck").and_then(Value::as_bool).unwrap_or(false),
                })
            })
            .collect();
        list.sort_by_key(|p| p.to_string());
        if !list.is_empty() {
            out["CognitoIdentityProviders"] = Value::Array(list);
        }
    }
    out
}

/// A bucket's settings as CloudFormation properties; a setting without its file is unset.
fn bucket(name: &str, s: &BTreeMap<String, Value>) -> Value {
    let mut out = json!({"BucketName": name});
    if let Some(status) = s
        .get("versioning")
        .and_then(|v| v.get("Status"))
        .and_then(Value::as_str)
    {
        out["VersioningConfiguration"] = json!({"Status": status});
    }
    if let Some(c) = s
        .get("encryption")
        .and_then(|e| e.get("ServerSideEncryptionConfiguration"))
    {
        out["BucketEncryption"] = json!({"ServerSideEncryptionConfiguration": c.get("Rules")});
    }
    if let Some(c) = s
        .get("public-access-block")
        .and_then(|p| p.get("PublicAccessBlockConfiguration"))
    {
        out["PublicAccessBlockConfiguration"] = c.clone();
    }
    if let Some(c) = s
        .get("ownership-controls")
        .and_then(|o| o.get("OwnershipControls"))
    {
        out["OwnershipControls"] = c.clone();
    }
    if let Some(Value::Array(rules)) = s.get("cors").and_then(|c| c.get("CORSRules")) {
        let rules: Vec<Value> = rules
            .iter()
            .map(|r| {
                let mut m = Map::new();
                for (from, to) in [
                    ("ID", "Id"),
                    ("AllowedOrigins", "AllowedOrigins"),
                    ("AllowedMethods", "AllowedMethods"),
                    ("AllowedHeaders", "AllowedHeaders"),
                    ("ExposeHeaders", "ExposedHeaders"),
                    ("MaxAgeSeconds", "MaxAge"),
                ] {
                    if let Some(v) = r.get(from) {
                        m.insert(to.into(), v.clone());
                    }
                }
                Value::Object(m)
            })
            .collect();
        out["CorsConfiguration"] = json!({"CorsRules": rules});
    }
    if let Some(l) = s.get("logging").and_then(|l| l.get("LoggingEnabled")) {
        out["LoggingConfiguration"] = json!({
            "DestinationBucketName": l.get("TargetBucket"),
            "LogFilePrefix": l.get("TargetPrefix"),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        Names {
            refs: BTreeMap::from([("UserPool".into(), "eu-west-1_abc".into())]),
            attrs: BTreeMap::from([(
                ("UserPool".into(), "Arn".into()),
                "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc".into(),
            )]),
            pseudo: BTreeMap::from([("AWS::AccountId".into(), "123456789012".into())]),
        }
    }

    #[test]
    fn references_to_adopted_resources_resolve_and_others_stay() {
        let n = names();
        assert_eq!(
            n.resolve(&json!({"Ref": "UserPool"})),
            json!("eu-west-1_abc")
        );
        assert_eq!(
            n.resolve(&json!({"Fn::GetAtt": ["UserPool", "Arn"]})),
            json!("arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc")
        );
        assert_eq!(
            n.resolve(&json!({"Fn::Sub": "b-${AWS::AccountId}-${!x}"})),
            json!("b-123456789012-${x}")
        );
        let new_role = json!({"Fn::GetAtt": ["SmsRole", "Arn"]});
        assert_eq!(n.resolve(&new_role), new_role);
        assert_eq!(
            n.resolve(&json!({"Fn::Sub": "${SmsRole.Arn}"})),
            json!({"Fn::Sub": "${SmsRole.Arn}"})
        );
    }

    #[test]
    fn token_validity_is_compared_in_the_templates_units() {
        let live = client(&json!({
            "ClientName": "web", "AccessTokenValidity": 1, "IdTokenValidity": 1,
            "RefreshTokenValidity": 30,
            "TokenValidityUnits": {"AccessToken": "hours", "IdToken": "hours", "RefreshToken": "days"}
        }));
        assert_eq!(live["AccessTokenValidity"], json!(60));
        assert_eq!(live["RefreshTokenValidity"], json!(30));
        assert_eq!(live["GenerateSecret"], json!(false));
        assert_eq!(live["PreventUserExistenceErrors"], json!("LEGACY"));
    }

    #[test]
    fn provider_secrets_are_never_compared() {
        let live = provider(
            &json!({"ProviderName": "Google", "ProviderType": "Google",
                    "ProviderDetails": {"client_id": "id", "client_secret": "s3cr3t", "authorize_url": "https://x"},
                    "AttributeMapping": {"email": "email", "username": "sub"}}),
            &json!({"ProviderDetails": {"client_id": "id", "client_secret": "{{resolve:…}}"},
                    "AttributeMapping": {"email": "email"}}),
        );
        assert!(!live.to_string().contains("s3cr3t"));
        assert_eq!(live["ProviderDetails"], json!({"client_id": "id"}));
        assert_eq!(live["AttributeMapping"], json!({"email": "email"}));
    }
}
