//! The user pool, its clients, groups, providers and the identity pool, from their describe
//! JSON, as `backend/auth.yaml`'s settings; what cannot be carried over is said.

use serde_json::{Value, json};

use super::{
    DOMAIN, Described, GROUPS, IDENTITY_POOL, IDENTITY_POOL_ROLES, MFA_CONFIG, USER_POOL,
    config_name, group_name_ok, not_carried, note, text,
};
use crate::config::auth::AuthConfig;
use crate::import::{Finding, FindingKind, strings};

pub fn auth_config(d: &Described, project: &str, findings: &mut Vec<Finding>) -> AuthConfig {
    let p = &d.user_pool;
    let mut auth = json!({});
    let aliases = strings(p, "AliasAttributes");
    let usernames = strings(p, "UsernameAttributes");
    let case_sensitive = p
        .pointer("/UsernameConfiguration/CaseSensitive")
        .and_then(Value::as_bool)
        // Pools made before user-name case settings existed are case-sensitive.
        .unwrap_or(true);
    if usernames.is_empty() && aliases.iter().any(|a| a == "preferred_username") {
        not_carried(
            findings,
            USER_POOL,
            "UserPool.AliasAttributes",
            "`preferred_username` as a sign-in alias has no cogform setting: the template leaves it out, which Cognito refuses (alias attributes cannot change): keep it with an override",
        );
    }
    auth["login"] = crate::import::login(&usernames, &aliases, case_sensitive);
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
    if crate::import::live::sms_authentication_text(p).is_some() {
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
    let texts = crate::import::live::verification_texts(p);
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
    let invite = crate::import::live::invite_texts(p);
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
        let (access, id_token, refresh_days) = super::validities(c);
        let mut client = json!({
            "name": name,
            "kind": kind,
            "auth_flows": auth_flows,
            "access_token_minutes": access,
            "id_token_minutes": id_token,
            "refresh_token_days": refresh_days,
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
        let mut s: Vec<&String> = scopes
            .iter()
            .filter(|s| crate::config::auth::OAuthScope::is_builtin(s))
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
