//! An Amplify Gen 1 auth resource (`cli-inputs.json` version 1, `cognitoConfig`; the groups'
//! precedence file; env-specific provider parameters of team-provider-info.json) →
//! `backend/auth.yaml`, following how the CLI's auth stack builder renders each key
//! (`auth-cognito-stack-builder.ts`).

use serde_json::{Map, Value, json};

use super::{Ctx, GROUP_PRECEDENCE, Obj, TEAM_PROVIDER_INFO, cli_inputs_path, scan_secrets};
use crate::config::auth::{AuthConfig, STANDARD_ATTRIBUTES};

/// The `cli-inputs.json` versions of auth this reader knows.
pub const VERSIONS: [&str; 1] = ["1"];

/// Amplify's own state in `cognitoConfig`: dropping it changes nothing deployed.
const BOOKKEEPING: [(&str, &str); 17] = [
    ("serviceName", "always `Cognito`"),
    ("resourceName", "Amplify's name of the resource"),
    ("useDefault", "which walkthrough answered"),
    ("updateFlow", "which walkthrough answered"),
    ("sharedId", "suffix of Amplify's generated names"),
    (
        "authRoleArn",
        "Amplify's root-stack role (cogform attaches its own roles)",
    ),
    (
        "unauthRoleArn",
        "Amplify's root-stack role (cogform attaches its own roles)",
    ),
    (
        "userpoolClientLambdaRole",
        "role of Amplify's custom-resource Lambdas",
    ),
    (
        "breakCircularDependency",
        "how Amplify wires triggers (triggers are reported)",
    ),
    (
        "useEnabledMfas",
        "how Amplify renders MFA (the MFA itself is mapped)",
    ),
    ("defaultPasswordPolicy", "a parameter no resource reads"),
    (
        "newCallbackURLs",
        "walkthrough answer; `oAuthMetadata` is what is deployed",
    ),
    (
        "newLogoutURLs",
        "walkthrough answer; `oAuthMetadata` is what is deployed",
    ),
    (
        "AllowedOAuthScopes",
        "walkthrough answer; `oAuthMetadata` is what is deployed",
    ),
    (
        "AllowedOAuthFlows",
        "walkthrough answer; `oAuthMetadata` is what is deployed",
    ),
    (
        "hostedUIProviderCreds",
        "credentials, never copied (a secret in it is reported)",
    ),
    (
        "selectedParties",
        "walkthrough answer of `authProviders` (reported when set)",
    ),
];

/// Providers of the hosted UI: Amplify's name → (cogform key, team-provider-info key prefix).
const PROVIDERS: [(&str, &str, &str); 4] = [
    ("Google", "google", "googleAppIdUserPool"),
    ("Facebook", "facebook", "facebookAppIdUserPool"),
    ("LoginWithAmazon", "amazon", "loginwithamazonAppIdUserPool"),
    (
        "SignInWithApple",
        "apple",
        "signinwithappleClientIdUserPool",
    ),
];

/// What the importer needs besides the configuration.
pub struct Auth {
    pub resource: String,
    pub config: AuthConfig,
    /// `userPoolName`: deployed as `<name>-<env>`.
    pub user_pool_name: Option<String>,
    /// `identityPoolName`: deployed as `<name>__<env>`.
    pub identity_pool_name: Option<String>,
    /// `hostedUIDomainName`: deployed as `<prefix>-<env>`.
    pub domain_prefix: Option<String>,
    pub web_client: String,
    pub native_client: String,
    /// Provider client ids came from team-provider-info.json.
    pub uses_env_params: bool,
}

/// The keys of identity-pool federation (sign-in at the identity pool itself), which cogform
/// does not model: reported when `thirdPartyAuth` is on, leftovers otherwise.
const IDENTITY_POOL_FEDERATION: [&str; 8] = [
    "authProviders",
    "facebookAppId",
    "googleClientId",
    "googleIos",
    "googleAndroid",
    "amazonAppId",
    "appleAppId",
    "audiences",
];

pub fn read(ctx: &mut Ctx, name: &str, groups_resource: bool) -> Option<Auth> {
    let file = cli_inputs_path("auth", name);
    let Some(inputs) = ctx.json(&file) else {
        if !ctx.tree.contains_key(&file) {
            ctx.problems.push(crate::import::Problem::in_file(
                &file,
                format!("not found: backend-config.json lists the auth resource `{name}`; projects made before Amplify CLI 7 keep parameters.json instead: run `amplify auth update` once with a current CLI to write it"),
            ));
        }
        return None;
    };
    if !ctx.known_inputs(&file, &inputs, "auth", &VERSIONS, "cognitoConfig") {
        return None;
    }
    let Some(c) = inputs
        .get("cognitoConfig")
        .and_then(|v| Obj::new(&file, "cognitoConfig.", v))
    else {
        ctx.problems.push(crate::import::Problem::at_key(
            &file,
            "cognitoConfig",
            "must be an object",
        ));
        return None;
    };
    scan_secrets(
        ctx,
        &file,
        "cognitoConfig",
        inputs.get("cognitoConfig").unwrap_or(&Value::Null),
    );
    let mut p = Vec::new();
    let mut auth = Map::new();

    // Sign-in. `usernameAttributes` makes email/phone the user name; without it the user name
    // is its own attribute and `aliasAttributes` lets email/phone sign in too.
    let usernames: Vec<String> = c
        .strings("usernameAttributes", &mut p)
        .iter()
        .flat_map(|u| {
            u.split(',')
                .map(|s| s.trim().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    let aliases = c.strings("aliasAttributes", &mut p);
    // Absent: the template sets no UsernameConfiguration, and Cognito's pools are then
    // case-sensitive.
    let case_sensitive = c.bool("usernameCaseSensitive", &mut p).unwrap_or(true);
    if usernames.is_empty() && aliases.iter().any(|a| a == "preferred_username") {
        ctx.not_carried(&file, &c.key("aliasAttributes"), "`preferred_username` as a sign-in alias has no cogform setting (Cognito cannot change alias attributes of a pool: keep it with an override)");
    }
    let login = crate::import::login(&usernames, &aliases, case_sensitive);
    let phone_sign_in = login["phone"] == json!(true);
    auth.insert("login".into(), login);

    // Attributes: Amplify marks each required attribute required and mutable.
    let mut attributes = Map::new();
    for a in c.strings("requiredAttributes", &mut p) {
        if STANDARD_ATTRIBUTES.contains(&a.as_str()) {
            attributes.insert(a, json!({"required": true, "mutable": true}));
        } else {
            ctx.not_carried(
                &file,
                &c.key("requiredAttributes"),
                format!("`{a}` is no standard attribute cogform knows"),
            );
        }
    }
    let phone_attribute = attributes.contains_key("phone_number");
    auth.insert("attributes".into(), Value::Object(attributes));

    // Password policy: cogform's floor is 8 characters.
    let min = c.number("passwordPolicyMinLength", &mut p).unwrap_or(8);
    if min < 8 {
        ctx.not_carried(&file, &c.key("passwordPolicyMinLength"), format!("passwords of {min} characters are allowed; cogform's minimum is 8, so the update asks 8 (existing passwords keep working; new and changed ones need 8)"));
    }
    let require: Vec<&str> = c
        .strings("passwordPolicyCharacters", &mut p)
        .iter()
        .filter_map(|x| match x.as_str() {
            "Requires Lowercase" => Some("lowercase"),
            "Requires Uppercase" => Some("uppercase"),
            "Requires Numbers" => Some("numbers"),
            "Requires Symbols" => Some("symbols"),
            _ => None,
        })
        .collect();
    auth.insert(
        "password".into(),
        json!({"min_length": min.clamp(8, 99), "require": require, "temporary_validity_days": 7}),
    );

    // MFA: `mfaTypes` names the factors offered; with MFA off none are.
    let mode = match c.str("mfaConfiguration", &mut p).as_deref() {
        Some("ON") => "required",
        Some("OPTIONAL") => "optional",
        _ => "off",
    };
    let types = c.strings("mfaTypes", &mut p);
    let mut methods: Vec<&str> = Vec::new();
    if types.iter().any(|t| t.starts_with("SMS")) {
        methods.push("sms");
    }
    if types.iter().any(|t| t == "TOTP") {
        methods.push("totp");
    }
    auth.insert(
        "mfa".into(),
        if mode == "off" {
            json!({"mode": "off"})
        } else {
            json!({"mode": mode, "methods": methods})
        },
    );
    let sms = mode != "off" && methods.contains(&"sms");

    // Recovery: the template sets no AccountRecoverySetting, so Cognito's legacy rule holds
    // (a verified phone first, else the email): written out, so it is said.
    let phone_known = phone_sign_in || phone_attribute;
    auth.insert(
        "recovery".into(),
        json!(if phone_known {
            "phone_then_email"
        } else {
            "email"
        }),
    );
    if phone_known {
        ctx.not_carried(&file, "", "Amplify sets no account recovery, so Cognito sends recovery codes to a verified phone first, else to the email; cogform writes that order out (`recovery: phone_then_email`)");
    }

    // Verification: Amplify verifies `autoVerifiedAttributes` plus email/phone aliases.
    let mut verified: Vec<String> = c
        .strings("autoVerifiedAttributes", &mut p)
        .into_iter()
        .chain(aliases.iter().cloned())
        .filter(|a| a == "email" || a == "phone_number")
        .collect();
    verified.sort();
    verified.dedup();
    for key in ["emailVerificationSubject", "emailVerificationMessage"] {
        if verified.iter().any(|v| v == "email") {
            c.str(key, &mut p);
            ctx.not_carried(&file, &c.key(key), "the verification email's own text needs `email.ses` in cogform (Cognito's own sender sends its own text): the update returns Cognito's default text");
        } else {
            c.mark(key);
        }
    }
    let sms_used = sms || verified.iter().any(|v| v == "phone_number");
    for key in ["smsVerificationMessage", "smsAuthenticationMessage"] {
        if sms_used {
            c.str(key, &mut p);
            ctx.not_carried(&file, &c.key(key), "text-message texts have no cogform setting: the update returns Cognito's default text");
        } else {
            c.mark(key);
        }
    }

    // Groups: the precedence file (the groups' own resource).
    let mut group_names: Vec<String> = c.strings("userPoolGroupList", &mut p);
    c.mark("userPoolGroups");
    let groups = groups(ctx, groups_resource, &mut group_names);
    let has_groups = !groups.is_empty();
    auth.insert("groups".into(), Value::Array(groups));

    // Clients: Amplify's two, under their deployed names.
    let truncated = c
        .str("resourceNameTruncated", &mut p)
        .unwrap_or_else(|| name.chars().take(6).collect());
    let web_client = format!("{truncated}_app_clientWeb");
    let native_client = format!("{truncated}_app_client");
    let refresh = c
        .number("userpoolClientRefreshTokenValidity", &mut p)
        .unwrap_or(30)
        .clamp(1, 3650);
    let secret = c
        .bool("userpoolClientGenerateSecret", &mut p)
        .unwrap_or(false);
    if c.bool("userpoolClientSetAttributes", &mut p)
        .unwrap_or(false)
    {
        c.mark("userpoolClientReadAttributes");
        c.mark("userpoolClientWriteAttributes");
        ctx.not_carried(&file, &c.key("userpoolClientReadAttributes"), "which attributes the app clients may read and write has no cogform setting: the update lets them read and write every attribute");
    } else {
        // Without `userpoolClientSetAttributes` the template ignores both lists.
        c.mark("userpoolClientReadAttributes");
        c.mark("userpoolClientWriteAttributes");
    }

    // Hosted UI: the domain prefix (Amplify appends `-<env>`, as cogform does), the URLs and
    // scopes of `oAuthMetadata`.
    let hosted = c.bool("hostedUI", &mut p).unwrap_or(false);
    let prefix = c.str("hostedUIDomainName", &mut p).filter(|_| hosted);
    let oauth = c.embedded("oAuthMetadata", &mut p);
    let mut hosted_ui = None;
    if let (Some(prefix), Some(o)) = (&prefix, &oauth) {
        let list = |k: &str| crate::import::strings(o, k);
        let (scopes, other): (Vec<String>, Vec<String>) = list("AllowedOAuthScopes")
            .into_iter()
            .partition(|s| crate::config::auth::OAuthScope::is_builtin(s));
        if !other.is_empty() {
            ctx.not_carried(
                &file,
                &c.key("oAuthMetadata.AllowedOAuthScopes"),
                format!(
                    "scopes of resource servers ({}) are not carried over",
                    other.join(", ")
                ),
            );
        }
        if list("AllowedOAuthFlows").iter().any(|f| f == "implicit") {
            ctx.not_carried(&file, &c.key("oAuthMetadata.AllowedOAuthFlows"), "the implicit grant is not carried over: cogform's clients use the authorization code grant (with PKCE)");
        }
        hosted_ui = Some(json!({
            "domain_prefix": prefix,
            "callback_urls": list("CallbackURLs"),
            "logout_urls": list("LogoutURLs"),
            "scopes": scopes,
        }));
    } else if hosted {
        ctx.not_carried(
            &file,
            &c.key("hostedUI"),
            "a hosted UI without `hostedUIDomainName` and `oAuthMetadata` cannot be carried over",
        );
    }
    let client = |n: &str, kind: &str| {
        json!({
            "name": n,
            "kind": kind,
            // No ExplicitAuthFlows in the template: Cognito's defaults.
            "auth_flows": ["srp", "refresh", "custom"],
            "access_token_minutes": 60,
            "id_token_minutes": 60,
            "refresh_token_days": refresh,
            "hosted_ui": hosted_ui.is_some(),
        })
    };
    auth.insert(
        "clients".into(),
        json!([
            client(&web_client, "web"),
            client(&native_client, if secret { "server" } else { "native" })
        ]),
    );
    if let Some(h) = hosted_ui {
        auth.insert("hosted_ui".into(), h);
    }

    // Providers of the hosted UI: client ids per environment from team-provider-info.json,
    // secrets as references to Secrets Manager (never values).
    let meta = c.embedded("hostedUIProviderMeta", &mut p);
    let listed = c.strings("authProvidersUserPool", &mut p);
    let (providers, uses_env_params) = providers(ctx, &c, name, meta.as_ref(), &listed);
    // Every pool has Cognito's standard attributes; cogform declares those a provider fills
    // (optional and mutable: what Cognito gives an attribute nobody declared).
    if let Some(attributes) = auth.get_mut("attributes").and_then(Value::as_object_mut) {
        for p in providers.as_object().into_iter().flat_map(|m| m.values()) {
            for a in p
                .get("attributes")
                .and_then(Value::as_object)
                .into_iter()
                .flat_map(|m| m.keys())
            {
                if STANDARD_ATTRIBUTES.contains(&a.as_str()) && !attributes.contains_key(a) {
                    attributes.insert(a.clone(), json!({"required": false, "mutable": true}));
                }
            }
        }
    }
    auth.insert("providers".into(), providers);

    // The identity pool.
    let selection = c.str("authSelections", &mut p).unwrap_or_default();
    let identity = selection != "userPoolOnly";
    if selection == "identityPoolOnly" {
        ctx.not_carried(&file, &c.key("authSelections"), "an identity pool without a user pool has no cogform setting: the import writes a user pool the project does not have");
    }
    let guest = c
        .bool("allowUnauthenticatedIdentities", &mut p)
        .unwrap_or(false);
    // Gen 1 group roles are roles of their own: a member gets the group's role instead of the
    // authenticated one, without its grants.
    auth.insert(
        "identity_pool".into(),
        json!({
            "enabled": identity,
            "guest_access": guest,
            "group_roles": "token",
            "users_without_group": "authenticated",
            "groups_inherit_authenticated": !has_groups,
        }),
    );
    if c.bool("thirdPartyAuth", &mut p).unwrap_or(false) {
        for key in IDENTITY_POOL_FEDERATION {
            if c.get(key).is_some() {
                ctx.not_carried(&file, &c.key(key), "identity-pool federation (sign-in at the identity pool without the user pool) has no cogform setting");
            }
        }
    } else {
        for key in IDENTITY_POOL_FEDERATION {
            c.mark(key);
        }
    }

    // Triggers: Amplify's trigger functions are its own; cogform calls functions by ARN or
    // its own backend/functions/.
    if let Some(t) = c
        .get("triggers")
        .and_then(Value::as_object)
        .filter(|t| !t.is_empty())
    {
        let names: Vec<String> = t
            .iter()
            .map(|(k, v)| {
                let modules: Vec<&str> = v
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                format!("{k} ({})", modules.join(", "))
            })
            .collect();
        ctx.not_carried(&file, &c.key("triggers"), format!("Lambda triggers are not carried over: {}; point `triggers` at the deployed functions' ARNs or move them to backend/functions/", names.join("; ")));
        for key in ["authTriggerConnections", "dependsOn", "permissions"] {
            c.mark(key);
        }
    }
    for key in [
        "authTriggerConnections",
        "dependsOn",
        "permissions",
        "adminQueries",
        "adminQueryGroup",
        "verificationBucketName",
        "userpoolClientGenerateSecret",
    ] {
        c.mark_if_empty(key);
    }
    if c.bool("adminQueries", &mut p).unwrap_or(false) {
        c.mark("adminQueryGroup");
        ctx.not_carried(
            &file,
            &c.key("adminQueries"),
            "Amplify's Admin Queries API is not carried over",
        );
    }

    let user_pool_name = c.str("userPoolName", &mut p);
    let identity_pool_name = c.str("identityPoolName", &mut p).filter(|_| identity);
    // Provider keys of the cli-inputs are read by `providers`.
    for (_, _, id_key) in PROVIDERS {
        c.mark(id_key);
    }
    for key in [
        "facebookAppSecretUserPool",
        "googleAppSecretUserPool",
        "loginwithamazonAppSecretUserPool",
        "signinwithappleTeamIdUserPool",
        "signinwithappleKeyIdUserPool",
        "signinwithapplePrivateKeyUserPool",
    ] {
        c.mark(key);
    }
    let bookkeeping: Vec<&str> = BOOKKEEPING.iter().map(|(k, _)| *k).collect();
    c.report_unread(&bookkeeping, ctx);
    ctx.problems.extend(p);

    let config: AuthConfig = match serde_json::from_value(Value::Object(auth)) {
        Ok(a) => a,
        Err(e) => {
            ctx.problems.push(crate::import::Problem::in_file(
                &file,
                format!("internal error: the imported settings do not fit backend/auth.yaml: {e}"),
            ));
            return None;
        }
    };
    let (email, phone) = crate::render::context::verification(&config);
    let mut rendered: Vec<String> = Vec::new();
    if email {
        rendered.push("email".into());
    }
    if phone {
        rendered.push("phone_number".into());
    }
    if rendered != verified {
        ctx.not_carried(&file, &c.key("autoVerifiedAttributes"), format!("the pool verifies [{}]; cogform verifies what users sign in with, get codes at or recover with: [{}] after the update", verified.join(", "), rendered.join(", ")));
    }
    Some(Auth {
        resource: name.to_string(),
        config,
        user_pool_name,
        identity_pool_name,
        domain_prefix: prefix,
        web_client,
        native_client,
        uses_env_params,
    })
}

/// Groups from `user-pool-group-precedence.json`: `[{groupName, precedence, customPolicies?}]`.
fn groups(ctx: &mut Ctx, resource: bool, listed: &mut Vec<String>) -> Vec<Value> {
    let Some(v) = ctx.json(GROUP_PRECEDENCE) else {
        if resource {
            ctx.problems.push(crate::import::Problem::in_file(
                GROUP_PRECEDENCE,
                "not found: backend-config.json lists `auth.userPoolGroups`, whose groups and precedences this file holds",
            ));
        }
        return Vec::new();
    };
    let Some(items) = v.as_array() else {
        ctx.problems.push(crate::import::Problem::in_file(
            GROUP_PRECEDENCE,
            "must be a list of groups",
        ));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, g) in items.iter().enumerate() {
        let name = g.get("groupName").and_then(Value::as_str);
        let precedence = g.get("precedence").and_then(Value::as_u64);
        let (Some(name), Some(precedence)) = (name, precedence) else {
            ctx.problems.push(crate::import::Problem::at_key(
                GROUP_PRECEDENCE,
                &format!("[{i}]"),
                "each group needs `groupName` (a string) and `precedence` (a whole number)",
            ));
            continue;
        };
        if g.get("customPolicies")
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty())
        {
            ctx.not_carried(GROUP_PRECEDENCE, &format!("[{i}].customPolicies"), format!("the IAM policies of `{name}`'s role are not carried over (write them as `groups[].policies`; cogform checks each statement)"));
        }
        listed.retain(|l| l != name);
        out.push(json!({"name": name, "precedence": precedence}));
    }
    out
}

fn providers(
    ctx: &mut Ctx,
    c: &Obj,
    name: &str,
    meta: Option<&Value>,
    listed: &[String],
) -> (Value, bool) {
    let mut out = Map::new();
    let mut uses_env = false;
    let Some(items) = meta.and_then(Value::as_array) else {
        if !listed.is_empty() {
            ctx.not_carried(
                &c.file,
                &c.key("authProvidersUserPool"),
                "providers without `hostedUIProviderMeta` cannot be carried over",
            );
        }
        return (Value::Object(out), false);
    };
    let current = ctx.current.clone().or_else(|| ctx.envs.first().cloned());
    for m in items {
        let provider = m.get("ProviderName").and_then(Value::as_str).unwrap_or("");
        let Some((_, key, id_key)) = PROVIDERS.iter().find(|(p, _, _)| *p == provider) else {
            ctx.not_carried(
                &c.file,
                &c.key("hostedUIProviderMeta"),
                format!("the provider `{provider}` has no cogform setting"),
            );
            continue;
        };
        // The client id of each environment (team-provider-info.json), else the cli-inputs'.
        let mut ids: Vec<(String, String)> = Vec::new();
        for env in ctx.envs.clone() {
            if let Some(id) = ctx
                .env_params(&env, "auth", name)
                .and_then(|p| p.get(*id_key))
                .and_then(Value::as_str)
            {
                ids.push((env, id.to_string()));
            }
        }
        let client_id = current
            .as_ref()
            .and_then(|cur| ids.iter().find(|(e, _)| e == cur))
            .or_else(|| ids.first())
            .map(|(_, id)| id.clone())
            .or_else(|| c.get(id_key).and_then(Value::as_str).map(str::to_string));
        if !ids.is_empty() {
            uses_env = true;
        }
        let Some(client_id) = client_id else {
            ctx.not_carried(&c.file, &c.key("hostedUIProviderMeta"), format!("`{provider}` has no client id in team-provider-info.json (`{id_key}`): left out"));
            continue;
        };
        for (env, id) in &ids {
            if *id != client_id {
                ctx.not_carried(TEAM_PROVIDER_INFO, &format!("{env}.categories.auth.{name}.{id_key}"), format!("`{env}` signs in to {provider} with another client id; cogform has one per project: the import uses the `{}` one (set `{env}`'s by hand after adopting)", current.clone().unwrap_or_default()));
            }
        }
        let secret = |k: &str| json!({"secret": format!("{}/{key}", ctx.project), "key": k});
        let sep = if provider == "Facebook" { ',' } else { ' ' };
        let scopes: Option<Vec<String>> =
            m.get("authorize_scopes").and_then(Value::as_str).map(|s| {
                s.split(sep)
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .map(str::to_string)
                    .collect()
            });
        // Cognito maps `username` itself (to the provider's subject): not a setting.
        let mapping: Option<Map<String, Value>> = m
            .get("AttributeMapping")
            .and_then(Value::as_object)
            .map(|a| {
                a.iter()
                    .filter(|(k, _)| k.as_str() != "username")
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            });
        let mut entry = if provider == "SignInWithApple" {
            let param = |k: &str| {
                current
                    .as_ref()
                    .and_then(|cur| ctx.env_params(cur, "auth", name))
                    .and_then(|p| p.get(k))
                    .and_then(Value::as_str)
                    .map(str::to_string)
            };
            let (Some(team), Some(key_id)) = (
                param("signinwithappleTeamIdUserPool"),
                param("signinwithappleKeyIdUserPool"),
            ) else {
                ctx.not_carried(&c.file, &c.key("hostedUIProviderMeta"), "Sign in with Apple needs its team id and key id in team-provider-info.json: left out");
                continue;
            };
            json!({"client_id": client_id, "team_id": team, "key_id": key_id, "private_key": secret("private_key")})
        } else {
            json!({"client_id": client_id, "client_secret": secret("client_secret")})
        };
        if let Some(s) = scopes {
            entry["scopes"] = json!(s);
        }
        if let Some(a) = mapping.filter(|a| !a.is_empty()) {
            entry["attributes"] = Value::Object(a);
        }
        out.insert((*key).to_string(), entry);
    }
    (Value::Object(out), uses_env)
}
