//! Rules for `backend/auth.yaml` that the schema cannot express: Cognito's own constraints,
//! cross-field consistency, and the security invariants cogform promises (SEC-01…09, 21…25).

use std::collections::BTreeMap;

use super::policy::{self, Audience};
use super::url::{self, UrlUse};
use crate::config::auth::{
    AuthConfig, AuthFlow, ClientKind, CustomType, GroupRoles, MfaMethod, MfaMode, OAuthScope,
    Recovery, STANDARD_ATTRIBUTES, UsersWithoutGroup,
};
use crate::config::common::TextOrSecret;
use crate::diagnostic::{Diagnostic, pointer_segment};
use crate::load::{Document, Project};
use crate::render::ids::pascal;

/// Cognito's limit of custom attributes per user pool.
pub const MAX_CUSTOM_ATTRIBUTES: usize = 50;
/// Words Cognito refuses inside a hosted UI domain prefix.
const RESERVED_DOMAIN_WORDS: [&str; 3] = ["aws", "amazon", "cognito"];
/// Provider names Cognito reserves for its built-in providers.
const RESERVED_PROVIDER_NAMES: [&str; 5] = [
    "cognito",
    "google",
    "facebook",
    "loginwithamazon",
    "signinwithapple",
];

pub fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    let auth = &project.auth;
    let doc = &project.auth_doc;
    login(project, doc, out);
    mfa_and_recovery(auth, doc, out);
    attributes(auth, doc, out);
    groups(auth, doc, out);
    providers(auth, doc, out);
    hosted_ui(project, out);
    clients(auth, doc, out);
    identity_pool(auth, doc, out);
    triggers(auth, doc, out);
}

/// Whether the pool stores the attribute (declared, or implied by sign-in).
pub fn has_email(auth: &AuthConfig) -> bool {
    auth.login.email || auth.attributes.email.is_some()
}

pub fn has_phone(auth: &AuthConfig) -> bool {
    auth.login.phone || auth.attributes.phone_number.is_some()
}

fn login(project: &Project, doc: &Document, out: &mut Vec<Diagnostic>) {
    let l = &project.auth.login;
    if !l.email && !l.phone && !l.username {
        out.push(doc.at(
            "/login",
            "no sign-in method: turn on at least one of email, phone, username",
        ));
    }
    // Case sensitivity is fixed when a pool is created: an adopted pool keeps its own, new
    // pools are always case-insensitive.
    let every_pool_adopted = project
        .config
        .environments
        .values()
        .all(|e| e.adopt.as_ref().is_some_and(|a| a.user_pool.is_some()));
    if l.case_sensitive && !every_pool_adopted {
        out.push(
            doc.at(
                "/login/case_sensitive",
                "case-sensitive user names are refused for a new user pool: `Alice` and `alice` would be two accounts",
            )
            .with_help(
                "remove the line; only a pool every environment adopts (`adopt.user_pool` in cogform.yaml) keeps the case sensitivity it was created with (SEC-21)",
            ),
        );
    }
}

fn mfa_and_recovery(auth: &AuthConfig, doc: &Document, out: &mut Vec<Diagnostic>) {
    let mfa = &auth.mfa;
    match (mfa.mode, &mfa.methods) {
        (MfaMode::Off, Some(m)) if !m.is_empty() => {
            out.push(doc.at("/mfa/methods", "methods are listed but `mode` is `off`"));
        }
        (MfaMode::Optional | MfaMode::Required, Some(m)) if m.is_empty() => {
            out.push(doc.at(
                "/mfa/methods",
                "MFA is on but no method is listed (use `totp`, `sms` or both)",
            ));
        }
        _ => {}
    }
    if let Some(methods) = &mfa.methods {
        duplicates(
            methods.iter().map(|m| format!("{m:?}")),
            doc,
            "/mfa/methods",
            out,
        );
        if methods.contains(&MfaMethod::Sms) && !has_phone(auth) {
            let i = methods
                .iter()
                .position(|m| *m == MfaMethod::Sms)
                .unwrap_or(0);
            out.push(
                doc.at(
                    &format!("/mfa/methods/{i}"),
                    "SMS MFA needs the `phone_number` attribute",
                )
                .with_help(
                    "declare `attributes.phone_number`, or sign in with `login.phone: true`",
                ),
            );
        }
    }
    duplicates(
        auth.password.require.iter().map(|c| format!("{c:?}")),
        doc,
        "/password/require",
        out,
    );
    let (email, phone) = match auth.recovery {
        Recovery::Email => (true, false),
        Recovery::Phone => (false, true),
        Recovery::EmailThenPhone | Recovery::PhoneThenEmail => (true, true),
        Recovery::AdminOnly => (false, false),
    };
    if email && !has_email(auth) {
        out.push(doc.at(
            "/recovery",
            "recovery by email needs the `email` attribute (declare `attributes.email`)",
        ));
    }
    if phone && !has_phone(auth) {
        out.push(doc.at("/recovery", "recovery by phone needs the `phone_number` attribute (declare `attributes.phone_number`)"));
    }
}

/// Records `key` as defined at `here`, unless it already was: then returns where it was first
/// defined (every later duplicate names the first definition, not the previous duplicate).
fn first_definition<K: Ord, V: Clone>(seen: &mut BTreeMap<K, V>, key: K, here: V) -> Option<V> {
    match seen.entry(key) {
        std::collections::btree_map::Entry::Occupied(e) => Some(e.get().clone()),
        std::collections::btree_map::Entry::Vacant(e) => {
            e.insert(here);
            None
        }
    }
}

/// Reports the second and later occurrences of a value in a list.
fn duplicates(
    items: impl Iterator<Item = String>,
    doc: &Document,
    pointer: &str,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: Vec<String> = Vec::new();
    for (i, item) in items.enumerate() {
        if seen.contains(&item) {
            out.push(doc.at(&format!("{pointer}/{i}"), "listed twice"));
        }
        seen.push(item);
    }
}

fn attributes(auth: &AuthConfig, doc: &Document, out: &mut Vec<Diagnostic>) {
    let custom = &auth.attributes.custom;
    if custom.len() > MAX_CUSTOM_ATTRIBUTES {
        out.push(doc.at(
            "/attributes/custom",
            format!("Cognito allows at most {MAX_CUSTOM_ATTRIBUTES} custom attributes"),
        ));
    }
    for (name, attr) in custom {
        let ptr = format!("/attributes/custom/{}", pointer_segment(name));
        let name_ok = (1..=20).contains(&name.len())
            && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !name_ok {
            out.push(doc.at_key(
                &ptr,
                "custom attribute names are 1–20 letters, digits or `_`, starting with a letter",
            ));
        }
        if STANDARD_ATTRIBUTES
            .iter()
            .any(|s| s.eq_ignore_ascii_case(name))
        {
            out.push(
                doc.at_key(
                    &ptr,
                    format!("`{name}` is a standard attribute and cannot be custom"),
                )
                .with_help(format!(
                    "declare it as `attributes.{}`",
                    name.to_ascii_lowercase()
                )),
            );
        }
        let is_string = attr.kind == CustomType::String;
        let is_number = attr.kind == CustomType::Number;
        if !is_string && (attr.min_length.is_some() || attr.max_length.is_some()) {
            out.push(doc.at(&ptr, "min_length/max_length apply to `type: string` only"));
        }
        if !is_number && (attr.min.is_some() || attr.max.is_some()) {
            out.push(doc.at(&ptr, "min/max apply to `type: number` only"));
        }
        if let (Some(lo), Some(hi)) = (attr.min_length, attr.max_length)
            && lo > hi
        {
            out.push(doc.at(&format!("{ptr}/min_length"), "is greater than max_length"));
        }
        if let (Some(lo), Some(hi)) = (attr.min, attr.max)
            && lo > hi
        {
            out.push(doc.at(&format!("{ptr}/min"), "is greater than max"));
        }
    }
}

fn groups(auth: &AuthConfig, doc: &Document, out: &mut Vec<Diagnostic>) {
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut precedences: BTreeMap<u32, usize> = BTreeMap::new();
    let roles = auth.identity_pool.enabled && auth.identity_pool.group_roles == GroupRoles::Token;
    for (i, g) in auth.groups.iter().enumerate() {
        let ptr = format!("/groups/{i}");
        if let Some(first) = first_definition(&mut names, g.name.to_lowercase(), i) {
            out.push(doc.at(
                &format!("{ptr}/name"),
                format!(
                    "group name collides with groups[{first}] (names are compared ignoring case)"
                ),
            ));
        } else if let Some(first) = first_definition(&mut ids, pascal(&g.name), i) {
            out.push(doc.at(
                &format!("{ptr}/name"),
                format!("group name maps to the same resource name as groups[{first}]; rename one"),
            ));
        }
        if let Some(first) = first_definition(&mut precedences, g.precedence, i) {
            out.push(
                doc.at(
                    &format!("{ptr}/precedence"),
                    format!(
                        "precedence {} is also used by groups[{first}]",
                        g.precedence
                    ),
                )
                .with_help(
                    "precedences must be unique, or a user in both groups gets no role (ambiguous)",
                ),
            );
        }
        if !g.policies.is_empty() && !roles {
            out.push(doc.at(
                &format!("{ptr}/policies"),
                "group policies need group roles (identity_pool.enabled and group_roles: token)",
            ));
        }
        policy::check_statements(
            &g.policies,
            Audience::Group,
            doc,
            &format!("{ptr}/policies"),
            out,
        );
    }
}

/// Attribute names (as Cognito spells them) that a mapping may target.
fn mappable(auth: &AuthConfig, name: &str) -> Option<bool> {
    if let Some(custom) = name.strip_prefix("custom:") {
        return auth.attributes.custom.get(custom).map(|a| a.mutable);
    }
    if name == "email" && auth.login.email && auth.attributes.email.is_none() {
        return Some(true);
    }
    auth.attributes
        .standard()
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, a)| a.mutable)
}

fn providers(auth: &AuthConfig, doc: &Document, out: &mut Vec<Diagnostic>) {
    let p = &auth.providers;
    let any = p.google.is_some()
        || p.facebook.is_some()
        || p.amazon.is_some()
        || p.apple.is_some()
        || !p.oidc.is_empty()
        || !p.saml.is_empty();
    if any && auth.hosted_ui.is_none() {
        out.push(doc.at(
            "/providers",
            "identity providers sign users in through the hosted UI; add a `hosted_ui` section",
        ));
    }
    let mut mappings: Vec<(String, &BTreeMap<String, String>)> = Vec::new();
    let mut scopes: Vec<(String, &Vec<String>)> = Vec::new();
    for (key, social) in [
        ("google", &p.google),
        ("facebook", &p.facebook),
        ("amazon", &p.amazon),
    ] {
        if let Some(s) = social {
            if let Some(m) = &s.attributes {
                mappings.push((format!("/providers/{key}/attributes"), m));
            }
            if let Some(sc) = &s.scopes {
                scopes.push((format!("/providers/{key}/scopes"), sc));
            }
        }
    }
    if let Some(a) = &p.apple {
        if let Some(m) = &a.attributes {
            mappings.push(("/providers/apple/attributes".into(), m));
        }
        if let Some(sc) = &a.scopes {
            scopes.push(("/providers/apple/scopes".into(), sc));
        }
        if let TextOrSecret::Text(id) = &a.client_id
            && id.contains(char::is_whitespace)
        {
            out.push(doc.at("/providers/apple/client_id", "contains white space"));
        }
    }
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let named = p
        .oidc
        .iter()
        .enumerate()
        .map(|(i, o)| (format!("/providers/oidc/{i}"), &o.name))
        .chain(
            p.saml
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("/providers/saml/{i}"), &s.name)),
        );
    for (ptr, name) in named {
        let lower = name.to_lowercase();
        if RESERVED_PROVIDER_NAMES.contains(&lower.as_str()) {
            out.push(doc.at(
                &format!("{ptr}/name"),
                "is reserved for Cognito's built-in providers",
            ));
        }
        if let Some(first) = first_definition(&mut names, lower, ptr.clone()) {
            out.push(doc.at(
                &format!("{ptr}/name"),
                format!(
                    "provider name already used at {}",
                    crate::diagnostic::field_path(&first)
                ),
            ));
        }
    }
    for (i, o) in p.oidc.iter().enumerate() {
        let ptr = format!("/providers/oidc/{i}");
        if let Some(why) = url::problem(&o.issuer, UrlUse::Endpoint) {
            out.push(doc.at(&format!("{ptr}/issuer"), format!("issuer URL {why}")));
        } else if o.issuer.ends_with('/') {
            out.push(doc.at(
                &format!("{ptr}/issuer"),
                "issuer URL must not end with `/` (Cognito compares it to the token's `iss`)",
            ));
        }
        if let Some(m) = &o.attributes {
            mappings.push((format!("{ptr}/attributes"), m));
        }
        if let Some(sc) = &o.scopes {
            scopes.push((format!("{ptr}/scopes"), sc));
        }
    }
    for (i, s) in p.saml.iter().enumerate() {
        let ptr = format!("/providers/saml/{i}");
        if let Some(why) = url::problem(&s.metadata_url, UrlUse::Endpoint) {
            out.push(doc.at(
                &format!("{ptr}/metadata_url"),
                format!("metadata URL {why}"),
            ));
        }
        if let Some(m) = &s.attributes {
            mappings.push((format!("{ptr}/attributes"), m));
        }
    }
    for (ptr, list) in scopes {
        if list.is_empty() {
            out.push(doc.at(&ptr, "lists no scope (omit it for the provider's defaults)"));
        }
        for (j, s) in list.iter().enumerate() {
            if s.is_empty()
                || s.len() > 256
                || s.chars()
                    .any(|c| c.is_whitespace() || c == ',' || c.is_control())
            {
                out.push(doc.at(
                    &format!("{ptr}/{j}"),
                    "a scope is one word without spaces or commas",
                ));
            }
        }
    }
    for (ptr, mapping) in mappings {
        for (target, source) in mapping {
            let at = format!("{ptr}/{}", pointer_segment(target));
            match mappable(auth, target) {
                None => out.push(
                    doc.at_key(&at, "maps to an attribute the pool does not declare")
                        .with_help("declare it under `attributes` (custom ones as `custom:<name>`)"),
                ),
                Some(false) => out.push(doc.at_key(
                    &at,
                    "maps to an immutable attribute; Cognito updates mapped attributes at every sign-in, so they must be mutable",
                )),
                Some(true) => {}
            }
            if source.is_empty() || source.len() > 256 {
                out.push(doc.at(&at, "the provider attribute name must be 1–256 characters"));
            }
        }
    }
}

fn hosted_ui(project: &Project, out: &mut Vec<Diagnostic>) {
    let auth = &project.auth;
    let doc = &project.auth_doc;
    let Some(ui) = &auth.hosted_ui else {
        return;
    };
    let longest_env = project.config.longest_environment_name();
    domain_prefix(
        &ui.domain_prefix,
        longest_env,
        doc,
        "/hosted_ui/domain_prefix",
        out,
    );
    redirect_list(
        &ui.callback_urls,
        false,
        doc,
        "/hosted_ui/callback_urls",
        out,
    );
    redirect_list(&ui.logout_urls, false, doc, "/hosted_ui/logout_urls", out);
    duplicates(
        ui.scopes.iter().map(|s| s.as_str().to_string()),
        doc,
        "/hosted_ui/scopes",
        out,
    );
    let needs_openid = ui.scopes.iter().any(|s| {
        matches!(
            s,
            OAuthScope::Email | OAuthScope::Phone | OAuthScope::Profile
        )
    });
    if needs_openid && !ui.scopes.contains(&OAuthScope::Openid) {
        out.push(doc.at(
            "/hosted_ui/scopes",
            "`email`, `phone` and `profile` need the `openid` scope too",
        ));
    }
    let pdoc = &project.project_doc;
    for (env, o) in &project.config.environments {
        let ptr = format!("/environments/{}", pointer_segment(env));
        if let Some(prefix) = &o.domain_prefix {
            domain_prefix(
                prefix,
                env.len(),
                pdoc,
                &format!("{ptr}/domain_prefix"),
                out,
            );
        }
        if let Some(urls) = &o.callback_urls {
            if urls.is_empty() {
                out.push(pdoc.at(
                    &format!("{ptr}/callback_urls"),
                    "must list at least one URL",
                ));
            }
            redirect_list(urls, false, pdoc, &format!("{ptr}/callback_urls"), out);
        }
        if let Some(urls) = &o.logout_urls {
            redirect_list(urls, false, pdoc, &format!("{ptr}/logout_urls"), out);
        }
    }
}

/// The hosted UI domain prefix as deployed: `<prefix>-<env>`.
pub fn domain_for(prefix: &str, env: &str) -> String {
    format!("{prefix}-{env}")
}

fn domain_prefix(
    prefix: &str,
    env_len: usize,
    doc: &Document,
    ptr: &str,
    out: &mut Vec<Diagnostic>,
) {
    let max = 63 - 1 - env_len;
    let chars_ok = prefix
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if prefix.is_empty()
        || prefix.len() > max
        || !chars_ok
        || prefix.starts_with('-')
        || prefix.ends_with('-')
    {
        out.push(doc.at(
            ptr,
            format!("domain prefixes are 1–{max} lowercase letters, digits or `-` (not at either end); `-<environment>` is appended"),
        ));
    }
    if let Some(word) = RESERVED_DOMAIN_WORDS.iter().find(|w| prefix.contains(*w)) {
        out.push(doc.at(
            ptr,
            format!("Cognito refuses domain prefixes containing `{word}`"),
        ));
    }
}

fn redirect_list(
    urls: &[String],
    native: bool,
    doc: &Document,
    ptr: &str,
    out: &mut Vec<Diagnostic>,
) {
    if urls.len() > 100 {
        out.push(doc.at(ptr, "Cognito accepts at most 100 URLs"));
    }
    for (i, u) in urls.iter().enumerate() {
        if let Some(why) = url::problem(u, UrlUse::Redirect { native }) {
            out.push(doc.at(&format!("{ptr}/{i}"), format!("URL {why}")));
        }
    }
    duplicates(urls.iter().cloned(), doc, ptr, out);
}

fn clients(auth: &AuthConfig, doc: &Document, out: &mut Vec<Diagnostic>) {
    if auth.clients.is_empty() {
        out.push(doc.at("/clients", "at least one app client is needed"));
    }
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    for (i, c) in auth.clients.iter().enumerate() {
        let ptr = format!("/clients/{i}");
        if let Some(first) = first_definition(&mut names, c.name.to_lowercase(), i) {
            out.push(doc.at(
                &format!("{ptr}/name"),
                format!(
                    "client name collides with clients[{first}] (names are compared ignoring case)"
                ),
            ));
        } else if let Some(first) = first_definition(&mut ids, pascal(&c.name), i) {
            out.push(doc.at(
                &format!("{ptr}/name"),
                format!(
                    "client name maps to the same resource name as clients[{first}]; rename one"
                ),
            ));
        }
        duplicates(
            c.auth_flows.iter().map(|f| f.cognito_name().to_string()),
            doc,
            &format!("{ptr}/auth_flows"),
            out,
        );
        if c.kind == ClientKind::Machine {
            continue; // client credentials only: `super::machine` checks it
        }
        let refresh = c.auth_flows.iter().position(|f| *f == AuthFlow::Refresh);
        if let (Some(i), Some(_)) = (refresh, &c.refresh_token_rotation) {
            out.push(
                doc.at(
                    &format!("{ptr}/auth_flows/{i}"),
                    "with refresh token rotation, Cognito refuses REFRESH_TOKEN_AUTH: the app refreshes with GetTokensFromRefreshToken (aws-amplify 6.15.4 or later)",
                )
                .with_help("remove `refresh` from `auth_flows`"),
            );
        }
        if refresh.is_none() && c.refresh_token_rotation.is_none() {
            out.push(
                doc.at(
                    &format!("{ptr}/auth_flows"),
                    "must include `refresh`: without it sessions cannot be renewed",
                )
                .with_help("add `refresh` to the list"),
            );
        }
        if c.auth_flows.contains(&AuthFlow::AdminPassword) && c.kind != ClientKind::Server {
            out.push(doc.at(
                &format!("{ptr}/auth_flows"),
                "`admin_password` is for server clients (`kind: server`) only",
            ));
        }
        if c.auth_flows.iter().all(|f| *f == AuthFlow::Refresh) {
            out.push(doc.at(
                &format!("{ptr}/auth_flows"),
                "lists no sign-in flow besides `refresh` (add `srp`)",
            ));
        }
        let native = c.kind == ClientKind::Native;
        let has_urls = c.callback_urls.is_some() || c.logout_urls.is_some();
        if has_urls && (auth.hosted_ui.is_none() || !c.hosted_ui) {
            out.push(doc.at(&ptr, "redirect URLs are only used with the hosted UI"));
        }
        if let Some(urls) = &c.callback_urls {
            if urls.is_empty() {
                out.push(doc.at(
                    &format!("{ptr}/callback_urls"),
                    "must list at least one URL",
                ));
            }
            redirect_list(urls, native, doc, &format!("{ptr}/callback_urls"), out);
        }
        if let Some(urls) = &c.logout_urls {
            redirect_list(urls, native, doc, &format!("{ptr}/logout_urls"), out);
        }
    }
}

fn identity_pool(auth: &AuthConfig, doc: &Document, out: &mut Vec<Diagnostic>) {
    let ip = &auth.identity_pool;
    if !ip.enabled {
        if ip.guest_access {
            out.push(doc.at(
                "/identity_pool/guest_access",
                "guests need the identity pool (`enabled: true`)",
            ));
        }
        if !ip.authenticated_role.policies.is_empty() || !ip.guest_role.policies.is_empty() {
            out.push(doc.at(
                "/identity_pool",
                "role policies need the identity pool (`enabled: true`)",
            ));
        }
    }
    if ip.users_without_group == UsersWithoutGroup::NoCredentials {
        // Only a token mapping (groups with roles) can tell a user in no group apart; without
        // one, every signed-in user gets the authenticated role and the setting would be
        // silently ignored.
        let problem = if !ip.enabled {
            Some((
                "there is no identity pool (`enabled: false`), so nobody gets AWS credentials",
                "remove the line",
            ))
        } else if ip.group_roles == GroupRoles::None {
            Some((
                "groups have no roles (`group_roles: none`), so every signed-in user gets the authenticated role",
                "remove the line, or set `group_roles: token` so that only group members get AWS credentials",
            ))
        } else if auth.groups.is_empty() {
            Some((
                "there are no groups, so every signed-in user gets the authenticated role",
                "remove the line, or add `groups` so that only their members get AWS credentials",
            ))
        } else {
            None
        };
        if let Some((why, help)) = problem {
            out.push(
                doc.at(
                    "/identity_pool/users_without_group",
                    format!("`no_credentials` has no effect: {why}"),
                )
                .with_help(help),
            );
        }
    }
    if !ip.guest_access && !ip.guest_role.policies.is_empty() {
        out.push(doc.at(
            "/identity_pool/guest_role",
            "the guest role has policies but `guest_access` is false",
        ));
    }
    policy::check_statements(
        &ip.authenticated_role.policies,
        Audience::Authenticated,
        doc,
        "/identity_pool/authenticated_role/policies",
        out,
    );
    policy::check_statements(
        &ip.guest_role.policies,
        Audience::Guest,
        doc,
        "/identity_pool/guest_role/policies",
        out,
    );
}

/// `arn:aws:lambda:eu-west-1:123456789012:function:name[:alias]`
pub fn lambda_arn_ok(arn: &str) -> bool {
    let parts: Vec<&str> = arn.split(':').collect();
    let word = |s: &str, extra: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || extra.contains(c))
    };
    (parts.len() == 7 || parts.len() == 8)
        && parts[0] == "arn"
        && matches!(parts[1], "aws" | "aws-cn" | "aws-us-gov")
        && parts[2] == "lambda"
        && word(parts[3], "-")
        && parts[4].len() == 12
        && parts[4].chars().all(|c| c.is_ascii_digit())
        && parts[5] == "function"
        && parts[6].len() <= 64
        && word(parts[6], "-_")
        && parts
            .get(7)
            .is_none_or(|q| q.len() <= 128 && word(q, "-_$"))
}

fn triggers(auth: &AuthConfig, doc: &Document, out: &mut Vec<Diagnostic>) {
    // A `{ function: NAME }` target is checked with the functions (validate::function).
    for (name, _, target) in auth.triggers.configured() {
        let crate::config::auth::TriggerTarget::Arn(arn) = target else {
            continue;
        };
        if !lambda_arn_ok(arn) {
            out.push(doc.at(
                &format!("/triggers/{name}"),
                "must be a Lambda function ARN (`arn:aws:lambda:REGION:ACCOUNT:function:NAME`)",
            ));
        }
    }
    if auth.triggers.pre_token_generation_version.is_some()
        && auth.triggers.pre_token_generation.is_none()
    {
        out.push(
            doc.at(
                "/triggers/pre_token_generation_version",
                "names the event version of a pre-token-generation trigger, and there is none",
            )
            .with_help(
                "add `triggers.pre_token_generation: { function: NAME }` (or an ARN), or remove the version",
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::lambda_arn_ok;
    use crate::validate::tests::problems;

    #[test]
    fn later_duplicates_name_the_first_definition() {
        let found = problems(
            "project: test-app\n",
            "groups:\n  - { name: admins, precedence: 1 }\n  - { name: ADMINS, precedence: 1 }\n  - { name: Admins, precedence: 1 }\nclients:\n  - name: web\n  - name: web\n  - name: Web\n",
        );
        assert_eq!(
            found,
            vec![
                "backend/auth.yaml:3:13: groups[1].name: group name collides with groups[0] (names are compared ignoring case)",
                "backend/auth.yaml:3:33: groups[1].precedence: precedence 1 is also used by groups[0]",
                "backend/auth.yaml:4:13: groups[2].name: group name collides with groups[0] (names are compared ignoring case)",
                "backend/auth.yaml:4:33: groups[2].precedence: precedence 1 is also used by groups[0]",
                "backend/auth.yaml:7:11: clients[1].name: client name collides with clients[0] (names are compared ignoring case)",
                "backend/auth.yaml:8:11: clients[2].name: client name collides with clients[0] (names are compared ignoring case)",
            ]
        );
    }

    #[test]
    fn lambda_arns() {
        assert!(lambda_arn_ok(
            "arn:aws:lambda:eu-west-1:123456789012:function:pre-sign-up"
        ));
        assert!(lambda_arn_ok(
            "arn:aws:lambda:eu-west-1:123456789012:function:f:live"
        ));
        assert!(!lambda_arn_ok("arn:aws:lambda:eu-west-1:1234:function:f"));
        assert!(!lambda_arn_ok("arn:aws:s3:::bucket"));
        assert!(!lambda_arn_ok(
            "arn:aws:lambda:eu-west-1:123456789012:function:f:a:b"
        ));
    }
}
