//! The flags that give a configuration again. When an answer set cannot be written at the
//! end of a walkthrough, these are printed, so twenty answers are never lost: the user fixes
//! one flag and runs the line. Tests use them too: the flags of what the prompts wrote must
//! write the same file.

use super::auth::{show_ref, show_text_or_secret};
use crate::config::api::{Code, Function};
use crate::config::storage::{Action, Rule};
use crate::config::{ApiConfig, AuthConfig, StorageConfig};

/// The serialized (snake_case) name of an enum value.
fn word<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn words<T: serde::Serialize>(values: &[T]) -> String {
    values.iter().map(word).collect::<Vec<_>>().join(",")
}

/// `cogform WORDS…`, quoted for a POSIX shell where needed.
pub fn command_line(words: &[String]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| crate::shell::word(w)).collect();
    format!("cogform {}", quoted.join(" "))
}

/// The flags of `add auth --yes` that write `a` (what the walkthrough asks; app clients,
/// triggers, policies and descriptions are not asked and so not given).
pub fn auth(a: &AuthConfig) -> Vec<String> {
    // No `--manual`: any answer flag already picks the walkthrough in `add`, and `update`
    // always walks through (a flag no question takes would be refused there).
    let mut out: Vec<String> = Vec::new();
    for (on, flag) in [
        (a.login.email, "--email"),
        (a.login.phone, "--phone"),
        (a.login.username, "--username"),
    ] {
        if on {
            out.push(flag.into());
        }
    }
    // Every list is given even when empty, so the line also gives back what is absent (an
    // `update` keeps what a flag does not say).
    let passwordless = a.passwordless.clone().unwrap_or_default();
    let factors = super::sign_in::factors_of(a);
    out.push(format!("--passwordless={}", factors.join(",")));
    let standard = a.attributes.standard();
    let names: Vec<&str> = standard.iter().map(|(n, _)| *n).collect();
    out.push(format!("--attributes={}", names.join(",")));
    if !standard.is_empty() {
        let required: Vec<&str> = standard
            .iter()
            .filter(|(_, s)| s.required)
            .map(|(n, _)| *n)
            .collect();
        out.push(format!("--required-attributes={}", required.join(",")));
    }
    let items: Vec<String> = a
        .attributes
        .custom
        .iter()
        .map(|(n, c)| {
            let m = if c.mutable { "mutable" } else { "immutable" };
            format!("{n}:{}:{m}", word(&c.kind))
        })
        .collect();
    out.push(format!("--custom-attributes={}", items.join(",")));
    out.push(format!("--self-signup={}", a.sign_up.self_service));
    out.push(format!("--password-min-length={}", a.password.min_length));
    out.push(format!("--password-require={}", words(&a.password.require)));
    out.push(format!("--mfa={}", word(&a.mfa.mode)));
    if let Some(m) = &a.mfa.methods
        && !m.is_empty()
        && a.mfa.mode != crate::config::auth::MfaMode::Off
    {
        out.push(format!("--mfa-methods={}", words(m)));
    }
    if crate::validate::auth::has_email(a) {
        match a.email.as_ref().and_then(|e| e.ses.as_ref()) {
            Some(ses) => {
                out.push(format!("--ses-from={}", ses.from));
                out.push(format!("--ses-source-arn={}", ses.source_arn));
            }
            None => out.push("--ses-from=".into()),
        }
    }
    out.push(format!("--recovery={}", word(&a.recovery)));
    let groups: Vec<String> = a
        .groups
        .iter()
        .map(|g| format!("{}:{}", g.name, g.precedence))
        .collect();
    out.push(format!("--groups={}", groups.join(",")));
    let p = &a.providers;
    let on: Vec<&str> = [
        ("google", p.google.is_some()),
        ("facebook", p.facebook.is_some()),
        ("amazon", p.amazon.is_some()),
        ("apple", p.apple.is_some()),
        ("oidc", !p.oidc.is_empty()),
        ("saml", !p.saml.is_empty()),
    ]
    .into_iter()
    .filter(|(_, on)| *on)
    .map(|(k, _)| k)
    .collect();
    out.push(format!("--providers={}", on.join(",")));
    for (key, social) in [
        ("google", &p.google),
        ("facebook", &p.facebook),
        ("amazon", &p.amazon),
    ] {
        if let Some(s) = social {
            out.push(format!(
                "--{key}-client-id={}",
                show_text_or_secret(&s.client_id)
            ));
            out.push(format!("--{key}-secret={}", show_ref(&s.client_secret)));
        }
    }
    if let Some(apple) = &p.apple {
        out.push(format!(
            "--apple-services-id={}",
            show_text_or_secret(&apple.client_id)
        ));
        out.push(format!("--apple-team-id={}", apple.team_id));
        out.push(format!("--apple-key-id={}", apple.key_id));
        out.push(format!(
            "--apple-private-key={}",
            show_ref(&apple.private_key)
        ));
    }
    if let Some(o) = p.oidc.first() {
        out.push(format!("--oidc-name={}", o.name));
        out.push(format!("--oidc-issuer={}", o.issuer));
        out.push(format!(
            "--oidc-client-id={}",
            show_text_or_secret(&o.client_id)
        ));
        out.push(format!("--oidc-secret={}", show_ref(&o.client_secret)));
    }
    if let Some(s) = p.saml.first() {
        out.push(format!("--saml-name={}", s.name));
        out.push(format!("--saml-metadata-url={}", s.metadata_url));
    }
    match &a.hosted_ui {
        Some(h) => {
            out.push("--hosted-ui=true".into());
            out.push(format!("--domain-prefix={}", h.domain_prefix));
            out.push(format!("--callback-urls={}", h.callback_urls.join(",")));
            out.push(format!("--logout-urls={}", h.logout_urls.join(",")));
            out.push(format!("--managed-login={}", h.managed_login));
        }
        None => out.push("--hosted-ui=false".into()),
    }
    if let Some(keys) = &passwordless.passkeys {
        out.push(format!(
            "--passkey-relying-party={}",
            keys.relying_party.as_deref().unwrap_or_default()
        ));
    }
    let plan = a.plan.unwrap_or(crate::validate::sign_in::DEFAULT_PLAN);
    out.push(format!("--plan={}", plan.as_str()));
    if plan == crate::config::sign_in::Plan::Plus {
        let mode = a.threat_protection.as_ref().map(|t| word(&t.mode));
        out.push(format!(
            "--threat-protection={}",
            mode.as_deref().unwrap_or("off")
        ));
    }
    if a.identity_pool.enabled {
        out.push(format!("--guest-access={}", a.identity_pool.guest_access));
        if !a.groups.is_empty() {
            out.push(format!(
                "--group-roles={}",
                word(&a.identity_pool.group_roles)
            ));
            if a.identity_pool.group_roles == crate::config::auth::GroupRoles::Token {
                out.push(format!(
                    "--users-without-group={}",
                    word(&a.identity_pool.users_without_group)
                ));
            }
        }
    }
    out
}

fn rule_text(rule: &Rule) -> String {
    let mut parts: Vec<String> = Vec::new();
    let actions = |a: &[Action]| words(a).replace(',', "+");
    for (who, a) in [
        ("guest", &rule.guest),
        ("authenticated", &rule.authenticated),
        ("owner", &rule.owner),
    ] {
        if !a.is_empty() {
            parts.push(format!("{who}={}", actions(a)));
        }
    }
    for (g, a) in &rule.groups {
        parts.push(format!("{g}={}", actions(a)));
    }
    parts.join(",")
}

/// The flags of `add storage NAME --yes` that write `s` (custom `paths` are not asked).
pub fn storage(s: &StorageConfig) -> Vec<String> {
    let mut out = vec![format!("--default={}", s.default)];
    let levels: Vec<(&str, &Rule)> = [
        ("public", &s.levels.public),
        ("protected", &s.levels.protected),
        ("private", &s.levels.private),
        ("uploads", &s.levels.uploads),
    ]
    .into_iter()
    .filter_map(|(l, r)| r.as_ref().map(|r| (l, r)))
    .collect();
    let names: Vec<&str> = levels.iter().map(|(l, _)| *l).collect();
    out.push(format!("--levels={}", names.join(",")));
    for (level, rule) in levels {
        out.push(format!("--{level}={}", rule_text(rule)));
    }
    let origins = s
        .cors
        .as_ref()
        .map(|c| c.allowed_origins.join(","))
        .unwrap_or_default();
    out.push(format!("--cors-origins={origins}"));
    out
}

/// The flags of `add api NAME --yes` that write `api` (throttling and log retention are not
/// asked; a function whose code is in S3 cannot be given as a flag and is named by its name).
pub fn api(api: &ApiConfig) -> Vec<String> {
    let mut out = Vec::new();
    for (name, f) in &api.functions {
        let spec = match f {
            Function::Existing(e) => e.arn.clone(),
            Function::Created(c) => match &c.code {
                Code::Local(l) => format!("{}:{}:{}", c.runtime, c.handler, l.path),
                Code::S3(_) => {
                    out.push(format!("--function={name}"));
                    continue;
                }
            },
        };
        out.push(format!("--function={name}={spec}"));
    }
    for (path, verbs) in &api.paths {
        for (verb, m) in verbs {
            let mut r = format!(
                "{} {path} function={} auth={}",
                verb.as_str(),
                m.function,
                word(&m.auth)
            );
            if !m.allow.is_empty() {
                r.push_str(&format!(" allow={}", m.allow.join(",")));
            }
            if !m.scopes.is_empty() {
                r.push_str(&format!(" scopes={}", m.scopes.join(",")));
            }
            out.push(format!("--route={r}"));
        }
    }
    let origins = api
        .cors
        .as_ref()
        .map(|c| c.allowed_origins.join(","))
        .unwrap_or_default();
    out.push(format!("--cors-origins={origins}"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_that_a_shell_would_split_are_quoted() {
        let line = command_line(&[
            "add".into(),
            "--route=GET /items auth=iam".into(),
            "--groups=A:0".into(),
            "it's".into(),
        ]);
        assert_eq!(
            line,
            r#"cogform add '--route=GET /items auth=iam' --groups=A:0 'it'\''s'"#
        );
    }

    #[test]
    fn a_storage_rule_is_given_back_as_written() {
        let s: StorageConfig = serde_json::from_str(
            r#"{"default":true,"levels":{"public":{"guest":["read"],"groups":{"EDITORS":["read","write"]}}},"cors":{"allowed_origins":["https://a.example.com"]}}"#,
        )
        .unwrap();
        assert_eq!(
            storage(&s),
            [
                "--default=true",
                "--levels=public",
                "--public=guest=read,EDITORS=read+write",
                "--cors-origins=https://a.example.com"
            ]
        );
    }
}
