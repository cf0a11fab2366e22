//! The `add auth` / `update auth` walkthrough: every question pre-filled (from the current
//! backend/auth.yaml, or the defaults, with flags on top) and checked as typed by `validate`'s
//! own rules. Settings it does not ask about (app clients, triggers, policies, descriptions)
//! are kept as they are.

use std::collections::BTreeMap;
use std::rc::Rc;

use clap::Args;

use super::check::Ctx;
use super::flags::items;
use super::list::{duplicate, join, parts};
use super::{Check, PromptError, Prompter, Q};
use crate::config::auth::{
    AppleProvider, Attributes, AuthConfig, CharClass, CustomAttribute, CustomType, GroupRoles,
    HostedUi, MfaMethod, MfaMode, OidcProvider, Recovery, STANDARD_ATTRIBUTES, SamlProvider,
    SocialProvider, StandardAttribute,
};
use crate::config::common::{SecretRef, TextOrSecret};

/// One flag per question of the walkthrough (`--yes` takes them without asking).
#[derive(Debug, Clone, Default, PartialEq, Eq, Args, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct AuthFlags {
    /// Walk through every setting (the default when any other answer flag is given).
    #[arg(long)]
    pub manual: bool,
    /// Users sign in with an email address (with --phone/--username: exactly those).
    #[arg(long)]
    pub email: bool,
    /// Users sign in with a phone number.
    #[arg(long)]
    pub phone: bool,
    /// Users sign in with a user name (email and phone become aliases).
    #[arg(long)]
    pub username: bool,
    /// Users may sign themselves up (false: only administrators create users).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true", require_equals = true)]
    pub self_signup: Option<bool>,
    /// Minimum password length (8–99).
    #[arg(long, value_name = "N")]
    pub password_min_length: Option<String>,
    /// Character classes every password contains (comma-separated; empty: none).
    #[arg(long, value_name = "CLASSES", value_parser = |s: &str| Names::parse(s, &CLASSES, "a character class"))]
    pub password_require: Option<Names>,
    /// Besides a password, what users may sign in with (comma-separated: email_otp, sms_otp,
    /// passkey; empty: none).
    #[arg(long, value_name = "FACTORS", value_parser = |s: &str| Names::parse(s, &super::sign_in::FACTORS, "a sign-in factor"))]
    pub passwordless: Option<Names>,
    /// The address the pool's email comes from, through Amazon SES (empty: Cognito's own sender,
    /// which email codes and email MFA cannot use).
    #[arg(long, value_name = "ADDRESS")]
    pub ses_from: Option<String>,
    /// The ARN of the verified SES identity that sends it.
    #[arg(long, value_name = "ARN")]
    pub ses_source_arn: Option<String>,
    /// Multi-factor authentication.
    #[arg(long, value_parser = MFA_MODES)]
    pub mfa: Option<String>,
    /// Second factors offered when MFA is on.
    #[arg(long, value_name = "METHODS", value_delimiter = ',', value_parser = MFA_METHODS)]
    pub mfa_methods: Option<Vec<String>>,
    /// How users recover a forgotten password.
    #[arg(long, value_parser = RECOVERY)]
    pub recovery: Option<String>,
    /// Standard attributes the pool stores (comma-separated; empty: none).
    #[arg(long, value_name = "NAMES", value_parser = |s: &str| Names::parse(s, &STANDARD_ATTRIBUTES, "a standard attribute"))]
    pub attributes: Option<Names>,
    /// Standard attributes users must give at sign-up (comma-separated; empty: none).
    #[arg(long, value_name = "NAMES", value_parser = |s: &str| Names::parse(s, &STANDARD_ATTRIBUTES, "a standard attribute"))]
    pub required_attributes: Option<Names>,
    /// Custom attributes: `NAME[:TYPE[:immutable]],…` (TYPE: string, number, boolean, datetime).
    #[arg(long, value_name = "LIST")]
    pub custom_attributes: Option<String>,
    /// Groups: `NAME[:PRECEDENCE],…` (lower precedence wins).
    #[arg(long, value_name = "LIST")]
    pub groups: Option<String>,
    /// Exactly these identity providers, comma-separated (google, facebook, amazon, apple, oidc,
    /// saml; empty: none). Without it, a provider's own flags turn it on and the others stay.
    #[arg(long, value_name = "LIST")]
    pub providers: Option<String>,
    /// Google OAuth client id (turns Google sign-in on).
    #[arg(long, value_name = "ID")]
    pub google_client_id: Option<String>,
    /// Secrets Manager secret holding the Google client secret.
    #[arg(long, value_name = "SECRET#KEY")]
    pub google_secret: Option<String>,
    /// Facebook app id (turns Facebook sign-in on).
    #[arg(long, value_name = "ID")]
    pub facebook_client_id: Option<String>,
    /// Secrets Manager secret holding the Facebook app secret.
    #[arg(long, value_name = "SECRET#KEY")]
    pub facebook_secret: Option<String>,
    /// Login with Amazon client id (turns it on).
    #[arg(long, value_name = "ID")]
    pub amazon_client_id: Option<String>,
    /// Secrets Manager secret holding the Login with Amazon client secret.
    #[arg(long, value_name = "SECRET#KEY")]
    pub amazon_secret: Option<String>,
    /// Sign in with Apple services id (turns it on).
    #[arg(long, value_name = "ID")]
    pub apple_services_id: Option<String>,
    /// Apple team id (10 characters).
    #[arg(long, value_name = "ID")]
    pub apple_team_id: Option<String>,
    /// Apple key id (10 characters).
    #[arg(long, value_name = "ID")]
    pub apple_key_id: Option<String>,
    /// Secrets Manager secret holding the Apple private key.
    #[arg(long, value_name = "SECRET#KEY")]
    pub apple_private_key: Option<String>,
    /// OpenID Connect provider name (turns it on).
    #[arg(long, value_name = "NAME")]
    pub oidc_name: Option<String>,
    /// OpenID Connect issuer URL (https).
    #[arg(long, value_name = "URL")]
    pub oidc_issuer: Option<String>,
    /// OpenID Connect client id.
    #[arg(long, value_name = "ID")]
    pub oidc_client_id: Option<String>,
    /// Secrets Manager secret holding the OpenID Connect client secret.
    #[arg(long, value_name = "SECRET#KEY")]
    pub oidc_secret: Option<String>,
    /// SAML provider name (turns it on).
    #[arg(long, value_name = "NAME")]
    pub saml_name: Option<String>,
    /// SAML metadata URL (https).
    #[arg(long, value_name = "URL")]
    pub saml_metadata_url: Option<String>,
    /// Use the hosted UI (needed for any provider).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true", require_equals = true)]
    pub hosted_ui: Option<bool>,
    /// Hosted UI domain prefix (`-<environment>` is appended).
    #[arg(long, value_name = "PREFIX")]
    pub domain_prefix: Option<String>,
    /// Comma-separated URLs the hosted UI may send users to after sign-in.
    #[arg(long, value_name = "URLS")]
    pub callback_urls: Option<String>,
    /// Comma-separated URLs the hosted UI may send users to after sign-out.
    #[arg(long, value_name = "URLS")]
    pub logout_urls: Option<String>,
    /// Serve Cognito's managed login pages (which offer passkeys and codes) on the hosted UI.
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true", require_equals = true)]
    pub managed_login: Option<bool>,
    /// The domain passkeys are bound to (default: the hosted UI's domain).
    #[arg(long, value_name = "DOMAIN")]
    pub passkey_relying_party: Option<String>,
    /// Cognito's feature plan.
    #[arg(long, value_parser = super::sign_in::PLANS)]
    pub plan: Option<String>,
    /// Threat protection for password sign-ins (plan plus).
    #[arg(long, value_name = "MODE", value_parser = super::sign_in::THREAT_MODES)]
    pub threat_protection: Option<String>,
    /// Give guests (not signed in) read-only AWS credentials.
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true", require_equals = true)]
    pub guest_access: Option<bool>,
    /// token: each group gets its own IAM role; none: every user gets the authenticated role.
    #[arg(long, value_parser = ["token", "none"])]
    pub group_roles: Option<String>,
    /// When groups have roles, what signed-in users in no group get: authenticated (the
    /// authenticated role) or no_credentials (only group members get AWS credentials).
    #[arg(long, value_name = "WHAT", value_parser = ["authenticated", "no_credentials"])]
    pub users_without_group: Option<String>,
}

const CLASSES: [&str; 4] = ["lowercase", "uppercase", "numbers", "symbols"];
const MFA_MODES: [&str; 3] = ["off", "optional", "required"];
const MFA_METHODS: [&str; 3] = ["totp", "sms", "email"];
const RECOVERY: [&str; 5] = [
    "email",
    "phone",
    "email_then_phone",
    "phone_then_email",
    "admin_only",
];
const CUSTOM_TYPES: [&str; 4] = ["string", "number", "boolean", "datetime"];
const PROVIDERS: [&str; 6] = ["google", "facebook", "amazon", "apple", "oidc", "saml"];

/// A comma-separated list of known names, read strictly (an empty value is no names; an empty
/// part is refused), for the list flags whose empty value must mean "none".
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Names(pub Vec<String>);

impl Names {
    fn parse(value: &str, accepted: &[&str], what: &str) -> Result<Names, String> {
        let names = items(value, ',')?;
        super::flags::twice(&names)?;
        match names.iter().find(|n| !accepted.contains(&n.as_str())) {
            Some(n) => Err(super::flags::not_one_of(n, what, accepted)),
            None => Ok(Names(names)),
        }
    }
}

/// The auth flag values that are not understood, found before any question is asked (the
/// others are checked by their questions, as typed).
pub fn flag_problems(f: &AuthFlags) -> Vec<String> {
    let Some(list) = &f.providers else {
        return Vec::new();
    };
    let check = || -> Result<(), String> {
        let names = items(list, ',')?;
        super::flags::twice(&names)?;
        match names.iter().find(|n| !PROVIDERS.contains(&n.as_str())) {
            Some(n) => Err(super::flags::not_one_of(
                n,
                "an identity provider",
                &PROVIDERS,
            )),
            None => Ok(()),
        }
    };
    check()
        .err()
        .map(|why| super::flags::refused("--providers", list, &why))
        .into_iter()
        .collect()
}

/// Whether the flow adds a new file or edits the current one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Add,
    Update,
}

/// The configuration `add auth` writes when the defaults are chosen.
pub fn default_config() -> AuthConfig {
    let mut a: AuthConfig = serde_json::from_str("{}").unwrap_or_default();
    a.mfa.methods = Some(vec![MfaMethod::Totp]);
    a
}

impl AuthFlags {
    fn any_answer(&self) -> bool {
        let mut plain = self.clone();
        plain.manual = false;
        plain != AuthFlags::default()
    }
}

/// A check that puts the answer into a copy of `base` with `set` and asks `validate` about
/// `pointer`. `set` refuses answers that do not even parse.
pub(super) fn check_with(
    ctx: &Rc<Ctx>,
    base: &AuthConfig,
    pointer: impl Into<String>,
    set: impl Fn(&mut AuthConfig, &str) -> Result<(), String> + 'static,
) -> Check {
    let ctx = ctx.clone();
    let base = base.clone();
    let pointer = pointer.into();
    Check::new(move |answer| {
        let mut candidate = base.clone();
        set(&mut candidate, answer)?;
        ctx.auth(&candidate, &pointer)
    })
}

pub(super) fn index_of(options: &[&str], label: &str) -> Option<usize> {
    options.iter().position(|o| *o == label)
}

pub(super) fn indexes(options: &[&str], labels: &[String]) -> Vec<usize> {
    labels.iter().filter_map(|l| index_of(options, l)).collect()
}

pub(super) fn label<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub(super) fn from_label<T: serde::de::DeserializeOwned>(label: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(label.to_string())).ok()
}

/// Asks the whole walkthrough; `base` is the current configuration (or the defaults).
pub fn ask(
    p: &mut dyn Prompter,
    ctx: &Rc<Ctx>,
    base: &AuthConfig,
    f: &AuthFlags,
    mode: Mode,
) -> Result<AuthConfig, PromptError> {
    if mode == Mode::Add {
        let manual = f.manual || f.any_answer();
        let choice = p.select(
            &Q::new(
                "--manual",
                "How do you want to set up authentication?",
                "The defaults: email sign-in, 12-character passwords, optional TOTP MFA, email recovery.",
            ),
            &[
                "Use the default configuration",
                "Walk through every setting",
            ],
            usize::from(manual),
        )?;
        if choice == 0 {
            return Ok(base.clone());
        }
    }
    let mut a = base.clone();
    sign_in(p, ctx, &mut a, f)?;
    super::sign_in::passwordless(p, ctx, &mut a, f)?;
    standard_attributes(p, ctx, &mut a, f)?;
    custom_attributes(p, ctx, &mut a, f)?;
    a.sign_up.self_service = p.confirm(
        &Q::new(
            "--self-signup",
            "Can users sign themselves up?",
            "No: only administrators create users.",
        ),
        f.self_signup.unwrap_or(a.sign_up.self_service),
    )?;
    password(p, ctx, &mut a, f)?;
    mfa(p, ctx, &mut a, f)?;
    super::sign_in::sender(p, ctx, &mut a, f)?;
    recovery(p, ctx, &mut a, f)?;
    groups(p, ctx, &mut a, f)?;
    providers(p, ctx, &mut a, f)?;
    hosted_ui(p, ctx, &mut a, f)?;
    super::sign_in::after_hosted_ui(p, ctx, &mut a, f)?;
    super::sign_in::plan(p, &mut a, f)?;
    identity_pool(p, &mut a, f)?;
    Ok(a)
}

fn set_login(a: &mut AuthConfig, answer: &str) {
    let on: Vec<&str> = answer.split(',').collect();
    a.login.email = on.contains(&"email");
    a.login.phone = on.contains(&"phone");
    a.login.username = on.contains(&"username");
}

fn sign_in(
    p: &mut dyn Prompter,
    ctx: &Rc<Ctx>,
    a: &mut AuthConfig,
    f: &AuthFlags,
) -> Result<(), PromptError> {
    let options = ["email", "phone", "username"];
    let current = if f.email || f.phone || f.username {
        [f.email, f.phone, f.username]
    } else {
        [a.login.email, a.login.phone, a.login.username]
    };
    let defaults: Vec<usize> = (0..3).filter(|i| current[*i]).collect();
    let check = check_with(ctx, a, "/login", |c, s| {
        set_login(c, s);
        Ok(())
    });
    let chosen = p.multi_select(
        &Q::new(
            "--email/--phone/--username",
            "How do users sign in?",
            "Fixed once the user pool exists; with username, email and phone become aliases",
        ),
        &options,
        &defaults,
        &check,
    )?;
    set_login(a, &super::joined(&options, &chosen));
    Ok(())
}

/// The slot of a standard attribute by its Cognito name.
fn standard_slot<'a>(
    attrs: &'a mut Attributes,
    name: &str,
) -> Option<&'a mut Option<StandardAttribute>> {
    Some(match name {
        "address" => &mut attrs.address,
        "birthdate" => &mut attrs.birthdate,
        "email" => &mut attrs.email,
        "family_name" => &mut attrs.family_name,
        "gender" => &mut attrs.gender,
        "given_name" => &mut attrs.given_name,
        "locale" => &mut attrs.locale,
        "middle_name" => &mut attrs.middle_name,
        "name" => &mut attrs.name,
        "nickname" => &mut attrs.nickname,
        "phone_number" => &mut attrs.phone_number,
        "picture" => &mut attrs.picture,
        "preferred_username" => &mut attrs.preferred_username,
        "profile" => &mut attrs.profile,
        "updated_at" => &mut attrs.updated_at,
        "website" => &mut attrs.website,
        "zoneinfo" => &mut attrs.zoneinfo,
        _ => return None,
    })
}

/// Declares exactly `stored` (keeping each one's mutability), `required` among them.
fn set_standard(a: &mut AuthConfig, stored: &[&str], required: &[&str]) {
    for name in STANDARD_ATTRIBUTES {
        let Some(slot) = standard_slot(&mut a.attributes, name) else {
            continue;
        };
        *slot = stored.contains(&name).then(|| StandardAttribute {
            required: required.contains(&name),
            mutable: slot.as_ref().is_none_or(|s| s.mutable),
        });
    }
}

fn standard_attributes(
    p: &mut dyn Prompter,
    ctx: &Rc<Ctx>,
    a: &mut AuthConfig,
    f: &AuthFlags,
) -> Result<(), PromptError> {
    let declared: Vec<String> = a
        .attributes
        .standard()
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    let required: Vec<String> = a
        .attributes
        .standard()
        .iter()
        .filter(|(_, s)| s.required)
        .map(|(n, _)| n.to_string())
        .collect();
    let flag_required = f.required_attributes.clone().map(|n| n.0);
    let flag_stored = f.attributes.clone().map(|n| n.0);
    let stored_default = match (&flag_stored, &flag_required) {
        (None, None) => declared,
        (x, y) => x.iter().chain(y.iter()).flatten().cloned().collect(),
    };
    let required_default = flag_required.unwrap_or(required);
    let check = check_with(ctx, a, "/attributes", |c, s| {
        let stored: Vec<&str> = s.split(',').filter(|x| !x.is_empty()).collect();
        set_standard(c, &stored, &[]);
        Ok(())
    });
    let chosen = p.multi_select(
        &Q::new(
            "--attributes",
            "Which standard attributes does the pool store?",
            "Sign-in attributes are stored anyway; each is in the id token when readable",
        ),
        &STANDARD_ATTRIBUTES,
        &indexes(&STANDARD_ATTRIBUTES, &stored_default),
        &check,
    )?;
    let stored: Vec<&str> = chosen.iter().map(|i| STANDARD_ATTRIBUTES[*i]).collect();
    let mut must: Vec<&str> = Vec::new();
    if !stored.is_empty() {
        let stored_owned: Vec<String> = stored.iter().map(|s| s.to_string()).collect();
        let defaults: Vec<usize> = stored
            .iter()
            .enumerate()
            .filter(|(_, n)| required_default.iter().any(|r| r == *n))
            .map(|(i, _)| i)
            .collect();
        let check = check_with(ctx, a, "/attributes", move |c, s| {
            let stored: Vec<&str> = stored_owned.iter().map(String::as_str).collect();
            let required: Vec<&str> = s.split(',').filter(|x| !x.is_empty()).collect();
            set_standard(c, &stored, &required);
            Ok(())
        });
        let chosen = p.multi_select(
            &Q::new(
                "--required-attributes",
                "Which of them must users give at sign-up?",
                "Cannot be changed once the user pool exists",
            ),
            &stored,
            &defaults,
            &check,
        )?;
        must = chosen.iter().map(|i| stored[*i]).collect();
    }
    set_standard(a, &stored, &must);
    Ok(())
}

/// A custom attribute item: name, and the type and mutability it gives (if any).
type CustomItem = (String, Option<CustomType>, Option<bool>);

/// A custom attribute item `NAME[:TYPE[:immutable|mutable]]`.
fn custom_item(item: &str) -> Result<CustomItem, String> {
    let (name, rest) = parts(item);
    let kind = match rest.first().map(String::as_str) {
        None | Some("") => None,
        Some(t) => Some(
            from_label::<CustomType>(t)
                .ok_or_else(|| format!("`{t}`: the type is one of {}", CUSTOM_TYPES.join(", ")))?,
        ),
    };
    let mutable = match rest.get(1).map(String::as_str) {
        None | Some("") => None,
        Some("immutable") => Some(false),
        Some("mutable") => Some(true),
        Some(x) => return Err(format!("`{x}`: write `immutable` or `mutable`")),
    };
    if rest.len() > 2 {
        return Err("an item is NAME[:TYPE[:immutable]]".into());
    }
    Ok((name, kind, mutable))
}

fn custom_items(answer: &str) -> Result<Vec<CustomItem>, String> {
    let items = items(answer, ',')?
        .iter()
        .map(|i| custom_item(i))
        .collect::<Result<Vec<_>, _>>()?;
    let names: Vec<&String> = items.iter().map(|i| &i.0).collect();
    if let Some(d) = duplicate(&names) {
        return Err(format!("`{d}` is listed twice"));
    }
    Ok(items)
}

fn custom_attributes(
    p: &mut dyn Prompter,
    ctx: &Rc<Ctx>,
    a: &mut AuthConfig,
    f: &AuthFlags,
) -> Result<(), PromptError> {
    let names: Vec<&String> = a.attributes.custom.keys().collect();
    let default = f.custom_attributes.clone().unwrap_or_else(|| join(&names));
    let check = check_with(ctx, a, "/attributes/custom", |c, s| {
        let old = std::mem::take(&mut c.attributes.custom);
        for (name, kind, mutable) in custom_items(s)? {
            let mut attr = old.get(&name).cloned().unwrap_or(CustomAttribute {
                kind: CustomType::String,
                mutable: true,
                min_length: None,
                max_length: None,
                min: None,
                max: None,
            });
            if let Some(k) = kind
                && k != attr.kind
            {
                attr = CustomAttribute {
                    kind: k,
                    ..plain_custom(k, attr.mutable)
                };
            }
            attr.mutable = mutable.unwrap_or(attr.mutable);
            c.attributes.custom.insert(name, attr);
        }
        Ok(())
    });
    let answer = p.text(
        &Q::new(
            "--custom-attributes",
            "Custom attributes? (comma-separated names; empty for none)",
            "In tokens as custom:<name>; type and mutability are asked next. Removing one later means a new user pool",
        ),
        &default,
        &check,
    )?;
    let items = custom_items(&answer).unwrap_or_default();
    let old = std::mem::take(&mut a.attributes.custom);
    let mut custom = BTreeMap::new();
    for (name, kind, mutable) in items {
        let existing = old.get(&name);
        let kind_default = kind
            .or(existing.map(|e| e.kind))
            .unwrap_or(CustomType::String);
        let i = p.select(
            &Q::new(
                "--custom-attributes",
                format!("Type of custom:{name}?"),
                "Cannot be changed once the user pool exists",
            ),
            &CUSTOM_TYPES,
            index_of(&CUSTOM_TYPES, &label(&kind_default)).unwrap_or(0),
        )?;
        let kind = from_label::<CustomType>(CUSTOM_TYPES[i]).unwrap_or(CustomType::String);
        let mutable = p.confirm(
            &Q::new(
                "--custom-attributes",
                format!("Can users change custom:{name} after sign-up?"),
                "Say no for attributes that drive authorization (role, tenant, plan…)",
            ),
            mutable.or(existing.map(|e| e.mutable)).unwrap_or(true),
        )?;
        let attr = match existing {
            Some(e) if e.kind == kind => CustomAttribute {
                mutable,
                ..e.clone()
            },
            _ => plain_custom(kind, mutable),
        };
        custom.insert(name, attr);
    }
    a.attributes.custom = custom;
    Ok(())
}

fn plain_custom(kind: CustomType, mutable: bool) -> CustomAttribute {
    CustomAttribute {
        kind,
        mutable,
        min_length: None,
        max_length: None,
        min: None,
        max: None,
    }
}

fn password(
    p: &mut dyn Prompter,
    ctx: &Rc<Ctx>,
    a: &mut AuthConfig,
    f: &AuthFlags,
) -> Result<(), PromptError> {
    let default = f
        .password_min_length
        .clone()
        .unwrap_or_else(|| a.password.min_length.to_string());
    let check = check_with(ctx, a, "/password/min_length", |c, s| {
        c.password.min_length = s
            .trim()
            .parse()
            .map_err(|_| "a whole number from 8 to 99".to_string())?;
        Ok(())
    });
    let answer = p.text(
        &Q::new(
            "--password-min-length",
            "Minimum password length?",
            "8 to 99 characters; 12 or more is recommended",
        ),
        &default,
        &check,
    )?;
    a.password.min_length = answer.trim().parse().unwrap_or(a.password.min_length);
    let current: Vec<String> = match &f.password_require {
        Some(v) => v.0.clone(),
        None => a.password.require.iter().map(label).collect(),
    };
    let chosen = p.multi_select(
        &Q::new(
            "--password-require",
            "Which characters must every password contain?",
            "Each chosen class at least once",
        ),
        &CLASSES,
        &indexes(&CLASSES, &current),
        &Check::any(),
    )?;
    a.password.require = chosen
        .iter()
        .filter_map(|i| from_label::<CharClass>(CLASSES[*i]))
        .collect();
    Ok(())
}

fn mfa(
    p: &mut dyn Prompter,
    ctx: &Rc<Ctx>,
    a: &mut AuthConfig,
    f: &AuthFlags,
) -> Result<(), PromptError> {
    let mode_default = f.mfa.clone().unwrap_or_else(|| label(&a.mfa.mode));
    let i = p.select(
        &Q::new(
            "--mfa",
            "Multi-factor authentication?",
            "optional: users may enrol a second factor; required: every user must",
        ),
        &MFA_MODES,
        index_of(&MFA_MODES, &mode_default).unwrap_or(1),
    )?;
    a.mfa.mode = from_label(MFA_MODES[i]).unwrap_or_default();
    if a.mfa.mode == MfaMode::Off {
        a.mfa.methods = None;
        return Ok(());
    }
    let current: Vec<String> = match (&f.mfa_methods, &a.mfa.methods) {
        (Some(v), _) => v.clone(),
        (None, Some(m)) => m.iter().map(label).collect(),
        (None, None) => vec!["totp".into()],
    };
    let check = check_with(ctx, a, "/mfa", |c, s| {
        c.mfa.methods = Some(s.split(',').filter_map(from_label::<MfaMethod>).collect());
        super::sign_in::mfa_settled_later(c);
        Ok(())
    });
    let chosen = p.multi_select(
        &Q::new(
            "--mfa-methods",
            "Which second factors?",
            "totp: authenticator apps; sms: text messages (needs phone_number); email: codes by email (sent through Amazon SES)",
        ),
        &MFA_METHODS,
        &indexes(&MFA_METHODS, &current),
        &check,
    )?;
    let methods: Vec<MfaMethod> = chosen
        .iter()
        .filter_map(|i| from_label::<MfaMethod>(MFA_METHODS[*i]))
        .collect();
    // Left unset when it is the default (`[totp]`) and the file did not set it.
    if !(a.mfa.methods.is_none() && methods == [MfaMethod::Totp]) {
        a.mfa.methods = Some(methods);
    }
    Ok(())
}

fn recovery(
    p: &mut dyn Prompter,
    ctx: &Rc<Ctx>,
    a: &mut AuthConfig,
    f: &AuthFlags,
) -> Result<(), PromptError> {
    // Only the ways this pool can offer (email recovery needs the email attribute…).
    let possible: Vec<&str> = RECOVERY
        .iter()
        .copied()
        .filter(|r| {
            let mut c = a.clone();
            c.recovery = from_label::<Recovery>(r).unwrap_or_default();
            ctx.auth(&c, "/recovery").is_ok()
        })
        .collect();
    let wanted = f.recovery.clone().unwrap_or_else(|| label(&a.recovery));
    let q = Q::new(
        "--recovery",
        "How do users recover a forgotten password?",
        "admin_only: an administrator resets it",
    );
    if let Some(given) = &f.recovery
        && !possible.contains(&given.as_str())
    {
        // Never a silent fallback to another way (the flag's value would be dropped).
        let mut c = a.clone();
        c.recovery = from_label::<Recovery>(given).unwrap_or_default();
        let why = ctx.auth(&c, "/recovery").err().unwrap_or_default();
        p.refuse(
            &q,
            given,
            &format!("{why} (possible here: {})", possible.join(", ")),
        )?;
    }
    let i = p.select(&q, &possible, index_of(&possible, &wanted).unwrap_or(0))?;
    a.recovery = possible
        .get(i)
        .and_then(|r| from_label(r))
        .unwrap_or(Recovery::AdminOnly);
    Ok(())
}

/// Group items `NAME[:PRECEDENCE]`.
fn group_items(answer: &str) -> Result<Vec<(String, Option<u32>)>, String> {
    let mut out = Vec::new();
    for item in items(answer, ',')? {
        let (name, rest) = parts(&item);
        let precedence = match rest.as_slice() {
            [] => None,
            [n] => Some(
                n.parse::<u32>()
                    .map_err(|_| format!("`{item}`: the precedence is a whole number"))?,
            ),
            _ => return Err(format!("`{item}`: an item is NAME or NAME:PRECEDENCE")),
        };
        out.push((name, precedence));
    }
    let names: Vec<&String> = out.iter().map(|i| &i.0).collect();
    if let Some(d) = duplicate(&names) {
        return Err(format!(
            "`{d}` is listed twice (names are compared ignoring case)"
        ));
    }
    Ok(out)
}

/// Sets the groups to `items`, keeping what each existing group has, with precedences
/// given, kept, or the lowest free number.
fn set_groups(a: &mut AuthConfig, items: &[(String, Option<u32>)]) {
    let old = std::mem::take(&mut a.groups);
    let taken: Vec<u32> = items
        .iter()
        .filter_map(|(n, p)| p.or(old.iter().find(|g| &g.name == n).map(|g| g.precedence)))
        .collect();
    let mut used: Vec<u32> = Vec::new();
    for (name, precedence) in items {
        let existing = old.iter().find(|g| &g.name == name);
        let precedence = precedence
            .or(existing.map(|g| g.precedence))
            .unwrap_or_else(|| {
                (0..)
                    .find(|n| !taken.contains(n) && !used.contains(n))
                    .unwrap_or(0)
            });
        used.push(precedence);
        let mut g = existing.cloned().unwrap_or(crate::config::auth::Group {
            name: name.clone(),
            precedence,
            description: None,
            policies: Vec::new(),
        });
        g.precedence = precedence;
        a.groups.push(g);
    }
}

fn groups(
    p: &mut dyn Prompter,
    ctx: &Rc<Ctx>,
    a: &mut AuthConfig,
    f: &AuthFlags,
) -> Result<(), PromptError> {
    let names: Vec<&String> = a.groups.iter().map(|g| &g.name).collect();
    let default = f.groups.clone().unwrap_or_else(|| join(&names));
    let check = check_with(ctx, a, "/groups", |c, s| {
        set_groups(c, &group_items(s)?);
        Ok(())
    });
    let answer = p.text(
        &Q::new(
            "--groups",
            "User groups? (comma-separated, e.g. ADMINS, EDITORS; empty for none)",
            "Each group gets its own IAM role; the precedence is asked next (lower wins)",
        ),
        &default,
        &check,
    )?;
    let items = group_items(&answer).unwrap_or_default();
    set_groups(a, &items);
    for i in 0..a.groups.len() {
        let name = a.groups[i].name.clone();
        let pointer = format!("/groups/{i}/precedence");
        let check = check_with(ctx, a, pointer, move |c, s| {
            c.groups[i].precedence = s
                .trim()
                .parse()
                .map_err(|_| "a whole number (lower wins)".to_string())?;
            Ok(())
        });
        let answer = p.text(
            &Q::new(
                "--groups",
                format!("Precedence of {name}?"),
                "When a user is in several groups, the lowest precedence decides the role; unique",
            ),
            &a.groups[i].precedence.to_string(),
            &check,
        )?;
        a.groups[i].precedence = answer.trim().parse().unwrap_or(a.groups[i].precedence);
    }
    Ok(())
}

/// `NAME#KEY` (or `NAME`) as a secret reference.
fn secret_ref(answer: &str) -> Result<SecretRef, String> {
    let answer = answer.trim();
    let (secret, key) = match answer.split_once('#') {
        Some((s, k)) => (s, Some(k)),
        None => (answer, None),
    };
    if secret.is_empty() {
        return Err("the name of a Secrets Manager secret, e.g. myapp/google#client_secret".into());
    }
    Ok(SecretRef {
        secret: secret.to_string(),
        key: key.filter(|k| !k.is_empty()).map(str::to_string),
    })
}

pub(crate) fn show_ref(r: &SecretRef) -> String {
    match &r.key {
        Some(k) => format!("{}#{k}", r.secret),
        None => r.secret.clone(),
    }
}

/// Public text, or `secret:NAME#KEY` for a value kept in Secrets Manager.
fn text_or_secret(answer: &str) -> Result<TextOrSecret, String> {
    let answer = answer.trim();
    if answer.is_empty() {
        return Err("required".into());
    }
    match answer.strip_prefix("secret:") {
        Some(r) => Ok(TextOrSecret::Secret(secret_ref(r)?)),
        None => Ok(TextOrSecret::Text(answer.to_string())),
    }
}

pub(crate) fn show_text_or_secret(v: &TextOrSecret) -> String {
    match v {
        TextOrSecret::Text(t) => t.clone(),
        TextOrSecret::Secret(r) => format!("secret:{}", show_ref(r)),
    }
}

/// Asks a text answer for the field at `pointer`, parsed by `parse` and stored by `store`.
#[allow(clippy::too_many_arguments)]
fn ask_field<T: 'static>(
    p: &mut dyn Prompter,
    ctx: &Rc<Ctx>,
    a: &mut AuthConfig,
    q: Q,
    default: &str,
    pointer: &str,
    parse: fn(&str) -> Result<T, String>,
    store: impl Fn(&mut AuthConfig, T) + Clone + 'static,
) -> Result<(), PromptError> {
    let set = store.clone();
    let check = check_with(ctx, a, pointer, move |c, s| {
        set(c, parse(s)?);
        Ok(())
    });
    let answer = p.text(&q, default, &check)?;
    if let Ok(v) = parse(&answer) {
        store(a, v);
    }
    Ok(())
}

fn social_mut<'a>(a: &'a mut AuthConfig, key: &str) -> Option<&'a mut Option<SocialProvider>> {
    match key {
        "google" => Some(&mut a.providers.google),
        "facebook" => Some(&mut a.providers.facebook),
        "amazon" => Some(&mut a.providers.amazon),
        _ => None,
    }
}

fn providers(
    p: &mut dyn Prompter,
    ctx: &Rc<Ctx>,
    a: &mut AuthConfig,
    f: &AuthFlags,
) -> Result<(), PromptError> {
    let pr = &a.providers;
    let mut on = [
        pr.google.is_some() || f.google_client_id.is_some() || f.google_secret.is_some(),
        pr.facebook.is_some() || f.facebook_client_id.is_some() || f.facebook_secret.is_some(),
        pr.amazon.is_some() || f.amazon_client_id.is_some() || f.amazon_secret.is_some(),
        pr.apple.is_some() || f.apple_services_id.is_some(),
        !pr.oidc.is_empty() || f.oidc_name.is_some() || f.oidc_issuer.is_some(),
        !pr.saml.is_empty() || f.saml_name.is_some() || f.saml_metadata_url.is_some(),
    ];
    // `--providers` names exactly the providers kept (empty: none), so a script can also turn
    // one off; a provider's own flags given with it but not listed are refused as unused.
    if let Some(list) = &f.providers {
        let listed = items(list, ',').unwrap_or_default();
        on = PROVIDERS.map(|p| listed.iter().any(|l| l == p));
    }
    let defaults: Vec<usize> = (0..PROVIDERS.len()).filter(|i| on[*i]).collect();
    let chosen = p.multi_select(
        &Q::new(
            "--providers/--google-client-id/--facebook-client-id/--amazon-client-id/--apple-services-id/--oidc-name/--saml-name",
            "Which identity providers can users sign in with?",
            "Through the hosted UI; client secrets stay in AWS Secrets Manager",
        ),
        &PROVIDERS,
        &defaults,
        &Check::any(),
    )?;
    let project = ctx.project.config.project.clone();
    for (i, key) in PROVIDERS.iter().enumerate() {
        let wanted = chosen.contains(&i);
        match *key {
            "google" | "facebook" | "amazon" => {
                if !wanted {
                    if let Some(slot) = social_mut(a, key) {
                        *slot = None;
                    }
                    continue;
                }
                social(p, ctx, a, f, key, &project)?;
            }
            "apple" if !wanted => a.providers.apple = None,
            "apple" => apple(p, ctx, a, f, &project)?,
            "oidc" if !wanted => a.providers.oidc.clear(),
            "oidc" => oidc(p, ctx, a, f, &project)?,
            "saml" if !wanted => a.providers.saml.clear(),
            _ => saml(p, ctx, a, f)?,
        }
    }
    Ok(())
}

fn social(
    p: &mut dyn Prompter,
    ctx: &Rc<Ctx>,
    a: &mut AuthConfig,
    f: &AuthFlags,
    key: &'static str,
    project: &str,
) -> Result<(), PromptError> {
    let (title, flag_id, flag_secret) = match key {
        "google" => ("Google", &f.google_client_id, &f.google_secret),
        "facebook" => ("Facebook", &f.facebook_client_id, &f.facebook_secret),
        _ => ("Login with Amazon", &f.amazon_client_id, &f.amazon_secret),
    };
    let current = social_mut(a, key).and_then(|s| s.clone());
    if let Some(slot) = social_mut(a, key)
        && slot.is_none()
    {
        *slot = Some(SocialProvider {
            client_id: TextOrSecret::Text(String::new()),
            client_secret: SecretRef {
                secret: format!("{project}/{key}"),
                key: Some("client_secret".into()),
            },
            scopes: None,
            attributes: None,
        });
    }
    let id_default = flag_id
        .clone()
        .or(current.as_ref().map(|c| show_text_or_secret(&c.client_id)))
        .unwrap_or_default();
    let secret_default = flag_secret
        .clone()
        .or(current.as_ref().map(|c| show_ref(&c.client_secret)))
        .unwrap_or_else(|| format!("{project}/{key}#client_secret"));
    let store_id = move |c: &mut AuthConfig, v: TextOrSecret| {
        if let Some(Some(s)) = social_mut(c, key) {
            s.client_id = v;
        }
    };
    let store_secret = move |c: &mut AuthConfig, v: SecretRef| {
        if let Some(Some(s)) = social_mut(c, key) {
            s.client_secret = v;
        }
    };
    ask_field(
        p,
        ctx,
        a,
        Q::new(
            format!("--{key}-client-id"),
            format!("{title} client id?"),
            "Public; or secret:NAME#KEY to read it from Secrets Manager too",
        ),
        &id_default,
        &format!("/providers/{key}/client_id"),
        text_or_secret,
        store_id,
    )?;
    ask_field(
        p,
        ctx,
        a,
        Q::new(
            format!("--{key}-secret"),
            format!("Secrets Manager secret holding the {title} client secret? (NAME#JSON_KEY)"),
            "Only this reference is written; never paste the secret itself",
        ),
        &secret_default,
        &format!("/providers/{key}/client_secret"),
        secret_ref,
        store_secret,
    )
}

fn apple(
    p: &mut dyn Prompter,
    ctx: &Rc<Ctx>,
    a: &mut AuthConfig,
    f: &AuthFlags,
    project: &str,
) -> Result<(), PromptError> {
    let current = a.providers.apple.clone();
    if a.providers.apple.is_none() {
        a.providers.apple = Some(AppleProvider {
            client_id: TextOrSecret::Text(String::new()),
            team_id: String::new(),
            key_id: String::new(),
            private_key: SecretRef {
                secret: format!("{project}/apple"),
                key: Some("private_key".into()),
            },
            scopes: None,
            attributes: None,
        });
    }
    let c = current.as_ref();
    ask_field(
        p,
        ctx,
        a,
        Q::new(
            "--apple-services-id",
            "Sign in with Apple services id?",
            "The Services ID of your Apple developer account",
        ),
        &f.apple_services_id
            .clone()
            .or(c.map(|c| show_text_or_secret(&c.client_id)))
            .unwrap_or_default(),
        "/providers/apple/client_id",
        text_or_secret,
        |c, v| {
            c.providers
                .apple
                .iter_mut()
                .for_each(|s| s.client_id = v.clone())
        },
    )?;
    ask_field(
        p,
        ctx,
        a,
        Q::new(
            "--apple-team-id",
            "Apple team id?",
            "10 capital letters or digits",
        ),
        &f.apple_team_id
            .clone()
            .or(c.map(|c| c.team_id.clone()))
            .unwrap_or_default(),
        "/providers/apple/team_id",
        |s| Ok(s.trim().to_string()),
        |c, v| {
            c.providers
                .apple
                .iter_mut()
                .for_each(|s| s.team_id = v.clone())
        },
    )?;
    ask_field(
        p,
        ctx,
        a,
        Q::new(
            "--apple-key-id",
            "Apple key id?",
            "10 capital letters or digits",
        ),
        &f.apple_key_id
            .clone()
            .or(c.map(|c| c.key_id.clone()))
            .unwrap_or_default(),
        "/providers/apple/key_id",
        |s| Ok(s.trim().to_string()),
        |c, v| {
            c.providers
                .apple
                .iter_mut()
                .for_each(|s| s.key_id = v.clone())
        },
    )?;
    ask_field(
        p,
        ctx,
        a,
        Q::new(
            "--apple-private-key",
            "Secrets Manager secret holding the Apple private key? (NAME#JSON_KEY)",
            "Only this reference is written; never paste the key itself",
        ),
        &f.apple_private_key
            .clone()
            .or(c.map(|c| show_ref(&c.private_key)))
            .unwrap_or_else(|| format!("{project}/apple#private_key")),
        "/providers/apple/private_key",
        secret_ref,
        |c, v| {
            c.providers
                .apple
                .iter_mut()
                .for_each(|s| s.private_key = v.clone())
        },
    )
}

fn oidc(
    p: &mut dyn Prompter,
    ctx: &Rc<Ctx>,
    a: &mut AuthConfig,
    f: &AuthFlags,
    project: &str,
) -> Result<(), PromptError> {
    let current = a.providers.oidc.first().cloned();
    if current.is_none() {
        a.providers.oidc.push(OidcProvider {
            name: String::new(),
            issuer: String::new(),
            client_id: TextOrSecret::Text(String::new()),
            client_secret: SecretRef {
                secret: format!("{project}/oidc"),
                key: Some("client_secret".into()),
            },
            scopes: None,
            request_method: Default::default(),
            attributes: None,
        });
    }
    let c = current.as_ref();
    ask_field(
        p,
        ctx,
        a,
        Q::new(
            "--oidc-name",
            "OpenID Connect provider name?",
            "Shown on the hosted UI; 3–32 letters, digits or `-`",
        ),
        &f.oidc_name
            .clone()
            .or(c.map(|c| c.name.clone()))
            .unwrap_or_default(),
        "/providers/oidc/0/name",
        |s| Ok(s.trim().to_string()),
        |c, v| c.providers.oidc[0].name = v,
    )?;
    ask_field(
        p,
        ctx,
        a,
        Q::new(
            "--oidc-issuer",
            "Issuer URL?",
            "https, without a trailing `/`",
        ),
        &f.oidc_issuer
            .clone()
            .or(c.map(|c| c.issuer.clone()))
            .unwrap_or_default(),
        "/providers/oidc/0/issuer",
        |s| Ok(s.trim().to_string()),
        |c, v| c.providers.oidc[0].issuer = v,
    )?;
    ask_field(
        p,
        ctx,
        a,
        Q::new(
            "--oidc-client-id",
            "OpenID Connect client id?",
            "Public; or secret:NAME#KEY",
        ),
        &f.oidc_client_id
            .clone()
            .or(c.map(|c| show_text_or_secret(&c.client_id)))
            .unwrap_or_default(),
        "/providers/oidc/0/client_id",
        text_or_secret,
        |c, v| c.providers.oidc[0].client_id = v,
    )?;
    ask_field(
        p,
        ctx,
        a,
        Q::new(
            "--oidc-secret",
            "Secrets Manager secret holding the OpenID Connect client secret? (NAME#JSON_KEY)",
            "Only this reference is written; never paste the secret itself",
        ),
        &f.oidc_secret
            .clone()
            .or(c.map(|c| show_ref(&c.client_secret)))
            .unwrap_or_else(|| format!("{project}/oidc#client_secret")),
        "/providers/oidc/0/client_secret",
        secret_ref,
        |c, v| c.providers.oidc[0].client_secret = v,
    )
}

fn saml(
    p: &mut dyn Prompter,
    ctx: &Rc<Ctx>,
    a: &mut AuthConfig,
    f: &AuthFlags,
) -> Result<(), PromptError> {
    let current = a.providers.saml.first().cloned();
    if current.is_none() {
        a.providers.saml.push(SamlProvider {
            name: String::new(),
            metadata_url: String::new(),
            sign_out: false,
            attributes: None,
        });
    }
    let c = current.as_ref();
    ask_field(
        p,
        ctx,
        a,
        Q::new(
            "--saml-name",
            "SAML provider name?",
            "Shown on the hosted UI; 3–32 letters, digits or `-`",
        ),
        &f.saml_name
            .clone()
            .or(c.map(|c| c.name.clone()))
            .unwrap_or_default(),
        "/providers/saml/0/name",
        |s| Ok(s.trim().to_string()),
        |c, v| c.providers.saml[0].name = v,
    )?;
    ask_field(
        p,
        ctx,
        a,
        Q::new("--saml-metadata-url", "SAML metadata URL?", "https"),
        &f.saml_metadata_url
            .clone()
            .or(c.map(|c| c.metadata_url.clone()))
            .unwrap_or_default(),
        "/providers/saml/0/metadata_url",
        |s| Ok(s.trim().to_string()),
        |c, v| c.providers.saml[0].metadata_url = v,
    )
}

fn urls(answer: &str) -> Result<Vec<String>, String> {
    let list = items(answer, ',')?;
    if let Some(d) = duplicate(&list) {
        return Err(format!("`{d}` is listed twice"));
    }
    Ok(list)
}

fn hosted_ui(
    p: &mut dyn Prompter,
    ctx: &Rc<Ctx>,
    a: &mut AuthConfig,
    f: &AuthFlags,
) -> Result<(), PromptError> {
    let p_ = &a.providers;
    let needed = p_.google.is_some()
        || p_.facebook.is_some()
        || p_.amazon.is_some()
        || p_.apple.is_some()
        || !p_.oidc.is_empty()
        || !p_.saml.is_empty();
    let q = Q::new(
        "--hosted-ui",
        "Use the hosted UI (Cognito's sign-in pages and OAuth redirects)?",
        "Needed for social, OIDC and SAML sign-in; not for the Amplify libraries' own forms",
    );
    if needed {
        // Not asked: the providers decide. `--hosted-ui=true` agrees; `false` cannot be kept.
        p.took(&q);
        if f.hosted_ui == Some(false) {
            p.refuse(
                &q,
                "false",
                "the identity providers chosen sign in through the hosted UI",
            )?;
        }
    }
    let wanted = needed || p.confirm(&q, f.hosted_ui.unwrap_or(a.hosted_ui.is_some()))?;
    if !wanted {
        a.hosted_ui = None;
        return Ok(());
    }
    let current = a.hosted_ui.clone();
    let project = ctx.project.config.project.clone();
    let prefix_default = f
        .domain_prefix
        .clone()
        .or(current.as_ref().map(|h| h.domain_prefix.clone()))
        .unwrap_or(project);
    let callback_default = f
        .callback_urls
        .clone()
        .or(current.as_ref().map(|h| join(&h.callback_urls)))
        .unwrap_or_else(|| "http://localhost:3000/".into());
    a.hosted_ui = Some(current.clone().unwrap_or(HostedUi {
        domain_prefix: String::new(),
        callback_urls: vec!["https://example.com/".into()],
        logout_urls: Vec::new(),
        scopes: serde_json::from_str(r#"["openid","email","profile"]"#).unwrap_or_default(),
        managed_login: false,
    }));
    ask_field(
        p,
        ctx,
        a,
        Q::new(
            "--domain-prefix",
            "Hosted UI domain prefix?",
            "<prefix>-<environment>.auth.<region>.amazoncognito.com; globally unique",
        ),
        &prefix_default,
        "/hosted_ui/domain_prefix",
        |s| Ok(s.trim().to_string()),
        |c, v| {
            c.hosted_ui
                .iter_mut()
                .for_each(|h| h.domain_prefix = v.clone())
        },
    )?;
    ask_field(
        p,
        ctx,
        a,
        Q::new(
            "--callback-urls",
            "Callback URLs? (comma-separated)",
            "Where users land after sign-in: https, or exactly http://localhost[:port]",
        ),
        &callback_default,
        "/hosted_ui/callback_urls",
        |s| {
            let list = urls(s)?;
            if list.is_empty() {
                return Err("list at least one URL".into());
            }
            Ok(list)
        },
        |c, v| {
            c.hosted_ui
                .iter_mut()
                .for_each(|h| h.callback_urls = v.clone())
        },
    )?;
    let logout_default = f
        .logout_urls
        .clone()
        .or(current.as_ref().map(|h| join(&h.logout_urls)))
        .unwrap_or_else(|| {
            join(
                &a.hosted_ui
                    .as_ref()
                    .map(|h| h.callback_urls.clone())
                    .unwrap_or_default(),
            )
        });
    ask_field(
        p,
        ctx,
        a,
        Q::new(
            "--logout-urls",
            "Sign-out URLs? (comma-separated; empty for none)",
            "Where users land after sign-out",
        ),
        &logout_default,
        "/hosted_ui/logout_urls",
        urls,
        |c, v| {
            c.hosted_ui
                .iter_mut()
                .for_each(|h| h.logout_urls = v.clone())
        },
    )
}

fn identity_pool(
    p: &mut dyn Prompter,
    a: &mut AuthConfig,
    f: &AuthFlags,
) -> Result<(), PromptError> {
    // What users in no group get only matters when groups have roles; where the question is
    // not asked, the flag (which `validate` then refuses as having no effect) or the default
    // stands, so removing every group never leaves a setting that no longer applies.
    use crate::config::auth::UsersWithoutGroup;
    let before = a.identity_pool.users_without_group;
    let flagged: Option<UsersWithoutGroup> = f.users_without_group.as_deref().and_then(from_label);
    a.identity_pool.users_without_group = flagged.unwrap_or_default();
    if !a.identity_pool.enabled {
        return Ok(());
    }
    a.identity_pool.guest_access = p.confirm(
        &Q::new(
            "--guest-access",
            "Give guests (visitors not signed in) AWS credentials?",
            "Guests get a read-only role; say no unless the app shows content before sign-in",
        ),
        f.guest_access.unwrap_or(a.identity_pool.guest_access),
    )?;
    if a.groups.is_empty() {
        return Ok(());
    }
    let options = ["token", "none"];
    let current = f
        .group_roles
        .clone()
        .unwrap_or_else(|| label(&a.identity_pool.group_roles));
    let i = p.select(
        &Q::new(
            "--group-roles",
            "Should each group get its own IAM role?",
            "token: the role is chosen from the id token; none: every user gets the authenticated role",
        ),
        &options,
        index_of(&options, &current).unwrap_or(0),
    )?;
    a.identity_pool.group_roles = if i == 0 {
        GroupRoles::Token
    } else {
        GroupRoles::None
    };
    if a.identity_pool.group_roles == GroupRoles::None {
        return Ok(());
    }
    let current = flagged.unwrap_or(before);
    let options = [
        "the signed-in users' access (the authenticated role)",
        "no AWS credentials (only group members get any)",
    ];
    let i = p.select(
        &Q::new(
            "--users-without-group",
            "What do signed-in users who are in no group get?",
            "Group members get their group's role; a user in no group gets the authenticated role, or no AWS credentials at all",
        ),
        &options,
        usize::from(current == UsersWithoutGroup::NoCredentials),
    )?;
    a.identity_pool.users_without_group = if i == 0 {
        UsersWithoutGroup::Authenticated
    } else {
        UsersWithoutGroup::NoCredentials
    };
    Ok(())
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::prompts::Defaults;
    use crate::prompts::check::tests::{default_auth, project_with};
    use crate::prompts::scripted::{Answer, Answer::*, Scripted, text};

    fn ctx() -> Rc<Ctx> {
        Ctx::new(project_with(default_auth()))
    }

    /// The walkthrough answered by `answers` (every one used), from `base`.
    pub(in crate::prompts) fn run(
        answers: Vec<Answer>,
        base: &AuthConfig,
        mode: Mode,
    ) -> (AuthConfig, Scripted) {
        let mut p = Scripted::new(answers);
        let a = ask(&mut p, &ctx(), base, &AuthFlags::default(), mode)
            .unwrap_or_else(|e| panic!("{e}: asked {:#?}", p.asked));
        assert!(p.finished(), "unused answers; asked {:#?}", p.asked);
        (a, p)
    }

    #[test]
    fn the_default_configuration_is_one_question() {
        let (a, p) = run(vec![Select(0)], &default_config(), Mode::Add);
        assert_eq!(a, default_config());
        assert_eq!(p.asked.len(), 1);
        assert_eq!(ctx().auth(&a, ""), Ok(()));
    }

    /// The manual path of the PTY test: a custom attribute, two groups and Google.
    fn manual_answers() -> Vec<Answer> {
        vec![
            Select(1),               // manual
            Multi(vec![0]),          // sign in with email
            Default,                 // no passwordless factor
            Multi(vec![2, 8]),       // store email, name
            Multi(vec![0]),          // email required
            text("plan"),            // custom attributes
            Select(0),               // plan: string
            Confirm(false),          // immutable
            Default,                 // self sign-up
            text("6"),               // refused: below 8
            text("14"),              // min length
            Default,                 // character classes
            Select(1),               // MFA optional
            Default,                 // totp
            Default,                 // Cognito's own sender
            Default,                 // recovery: email
            text("ADMINS, EDITORS"), // groups
            Default,                 // ADMINS: 0
            text("0"),               // refused: used by ADMINS
            text("5"),               // EDITORS: 5
            Multi(vec![0]),          // Google
            text("123-abc.apps.googleusercontent.com"),
            text("GOCSPX-abcdefghijklmnop"), // refused: a pasted secret
            text("shop/google#client_secret"),
            text("aws-shop"), // refused: reserved word
            text("shop-auth"),
            text("http://evil.example.com/"), // refused: http
            text("https://shop.example.com/, http://localhost:3000/"),
            Default,       // logout = callbacks
            Default,       // classic hosted UI
            Default,       // plan: essentials
            Confirm(true), // guest access
            Default,       // group roles: token
            Default,       // users in no group: the authenticated role
        ]
    }

    #[test]
    fn the_manual_walkthrough_covers_every_section_and_refuses_as_typed() {
        let (a, p) = run(manual_answers(), &default_config(), Mode::Add);
        assert_eq!(p.refusals().len(), 5, "{:?}", p.refusals());
        assert!(p.refusals()[0].contains("at least 8"), "{:?}", p.refusals());
        assert!(p.refusals()[1].contains("precedence 0 is also used"));
        assert!(p.refusals()[2].to_lowercase().contains("secret"));
        assert!(
            !p.refusals()[2].contains("GOCSPX"),
            "secrets are never echoed"
        );
        assert!(p.refusals()[3].contains("`aws`"));
        assert!(p.refusals()[4].contains("only https"));
        assert_eq!(a.password.min_length, 14);
        assert!(a.attributes.email.as_ref().is_some_and(|e| e.required));
        assert!(a.attributes.name.as_ref().is_some_and(|e| !e.required));
        assert!(!a.attributes.custom["plan"].mutable);
        let groups: Vec<(&str, u32)> = a
            .groups
            .iter()
            .map(|g| (g.name.as_str(), g.precedence))
            .collect();
        assert_eq!(groups, [("ADMINS", 0), ("EDITORS", 5)]);
        let google = a.providers.google.as_ref().unwrap();
        assert_eq!(google.client_secret.secret, "shop/google");
        let ui = a.hosted_ui.as_ref().unwrap();
        assert_eq!(ui.domain_prefix, "shop-auth");
        assert_eq!(ui.logout_urls, ui.callback_urls);
        assert!(a.identity_pool.guest_access);
        assert_eq!(ctx().auth(&a, ""), Ok(()));
    }

    #[test]
    fn sms_and_phone_recovery_need_a_phone_number() {
        let mut p = Scripted::new(vec![
            Select(1),
            Multi(vec![0]), // email only
            Default,        // no passwordless factor
            Multi(vec![]),  // no standard attribute
            Default,        // no custom attribute
            Default,
            Default,
            Default,
            Select(2),         // MFA required
            Multi(vec![1]),    // sms: refused, no phone_number
            Multi(vec![0, 1]), // refused again
            Multi(vec![0]),    // totp
            Default,           // Cognito's own sender
            Default,
            Default,
            Multi(vec![]),
            Confirm(false),
            Default, // plan
            Default,
        ]);
        let a = ask(
            &mut p,
            &ctx(),
            &default_config(),
            &AuthFlags::default(),
            Mode::Add,
        )
        .unwrap();
        assert_eq!(p.refusals().len(), 2);
        assert!(p.refusals()[0].contains("phone_number"));
        assert_eq!(a.mfa.methods, Some(vec![MfaMethod::Totp]));
        // Recovery only offered what the pool can do: no phone without phone_number.
        let offered = &p.offered[p.offered.len() - 3];
        assert_eq!(offered, &["email", "admin_only"]);
    }

    #[test]
    fn sign_in_needs_one_method_and_mfa_off_asks_no_methods() {
        let mut p = Scripted::new(vec![
            Select(1),
            Multi(vec![]),  // refused: no sign-in method
            Multi(vec![2]), // username (email becomes an alias)
            Default,        // no passwordless factor
            Multi(vec![]),
            Default,
            Confirm(false), // administrators create users
            Default,
            Default,
            Select(0), // MFA off: no methods question
            Select(0), // recovery: admin_only (the only way without email)
            Default,
            Multi(vec![]),
            Confirm(false),
            Default, // plan
            Default,
        ]);
        let a = ask(
            &mut p,
            &ctx(),
            &default_config(),
            &AuthFlags::default(),
            Mode::Add,
        )
        .unwrap();
        assert!(p.refusals()[0].contains("no sign-in method"));
        assert!(a.login.username && !a.login.email);
        assert_eq!(a.mfa.mode, MfaMode::Off);
        assert_eq!(a.mfa.methods, None);
        assert!(!a.sign_up.self_service);
        assert_eq!(a.recovery, Recovery::AdminOnly);
        assert!(p.finished());
    }

    #[test]
    fn every_provider_is_asked_with_references_for_secrets() {
        let mut p = Scripted::new(vec![
            Select(1),
            Default,
            Default, // no passwordless factor
            Default,
            Default,
            Default,
            Default,
            Default,
            Default,
            Default,
            Default,
            Default, // Cognito's own sender
            Default, // no groups
            Multi(vec![1, 2, 3, 4, 5]),
            text("fb-app"),
            Default, // facebook secret: test-app/facebook#client_secret
            text("amzn1.application-oa2-client.x"),
            Default,
            text("com.example.web"),
            text("ABCDE12345"),
            text("bad"), // refused: 10 characters
            text("KEY1234567"),
            Default,
            text("corp"),
            text("https://id.example.com/"), // refused: trailing slash
            text("https://id.example.com"),
            text("corp-client"),
            Default,
            text("okta"),
            text("https://okta.example.com/metadata"),
            Default, // prefix: the project name
            text("https://app.example.com/"),
            text(""), // no logout URL
            Default,  // classic hosted UI
            Default,  // plan
            Confirm(false),
        ]);
        let a = ask(
            &mut p,
            &ctx(),
            &default_config(),
            &AuthFlags::default(),
            Mode::Add,
        )
        .unwrap_or_else(|e| panic!("{e} {:#?}", p.asked));
        assert_eq!(p.refusals().len(), 2, "{:?}", p.refusals());
        let fb = a.providers.facebook.as_ref().unwrap();
        assert_eq!(fb.client_secret.secret, "test-app/facebook");
        assert_eq!(fb.client_secret.key.as_deref(), Some("client_secret"));
        assert_eq!(a.providers.apple.as_ref().unwrap().key_id, "KEY1234567");
        assert_eq!(a.providers.oidc[0].issuer, "https://id.example.com");
        assert_eq!(a.providers.saml[0].name, "okta");
        assert_eq!(a.hosted_ui.as_ref().unwrap().domain_prefix, "test-app");
        assert!(a.hosted_ui.as_ref().unwrap().logout_urls.is_empty());
        assert_eq!(ctx().auth(&a, ""), Ok(()));
    }

    #[test]
    fn update_is_pre_filled_and_keeps_what_it_does_not_ask() {
        let mut base: AuthConfig = serde_json::from_str(
            r#"{"groups":[{"name":"ADMINS","precedence":3,"description":"Admins"}],
                "triggers":{"post_confirmation":"arn:aws:lambda:eu-west-1:123456789012:function:f"},
                "attributes":{"custom":{"tier":{"type":"number","min":1,"max":3}}},
                "hosted_ui":{"domain_prefix":"shop","callback_urls":["https://a.example.com/"]}}"#,
        )
        .unwrap();
        base.clients[0].access_token_minutes = 15;
        // Every answer the default: the result is the configuration as it was.
        let mut p = Scripted::new(vec![Default; 40]);
        let a = ask(&mut p, &ctx(), &base, &AuthFlags::default(), Mode::Update).unwrap();
        assert_eq!(a, base);
        assert!(!p.asked.iter().any(|q| q.starts_with("How do you want")));
        assert!(p.asked.iter().any(|q| q == "Precedence of ADMINS?"));
    }

    #[test]
    fn flags_answer_without_a_terminal_and_missing_ones_are_named() {
        let flags = AuthFlags {
            groups: Some("ADMINS,EDITORS:7".into()),
            custom_attributes: Some("plan:string:immutable".into()),
            google_client_id: Some("id.apps.googleusercontent.com".into()),
            guest_access: Some(true),
            ..AuthFlags::default()
        };
        let mut d = Defaults::default();
        let a = ask(&mut d, &ctx(), &default_config(), &flags, Mode::Add).unwrap();
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        assert_eq!(a.groups[1].precedence, 7);
        assert_eq!(a.groups[0].precedence, 0);
        assert!(!a.attributes.custom["plan"].mutable);
        assert!(a.providers.google.is_some() && a.identity_pool.guest_access);
        assert_eq!(ctx().auth(&a, ""), Ok(()));

        let flags = AuthFlags {
            oidc_name: Some("corp".into()),
            domain_prefix: Some("my-aws".into()),
            password_min_length: Some("7".into()),
            ..AuthFlags::default()
        };
        let mut d = Defaults::default();
        ask(&mut d, &ctx(), &default_config(), &flags, Mode::Add).unwrap();
        let all = d.problems.join("\n");
        assert!(
            all.contains("--password-min-length `7`: must be at least 8"),
            "{all}"
        );
        assert!(all.contains("--oidc-issuer is required"), "{all}");
        assert!(all.contains("--oidc-client-id is required"), "{all}");
        assert!(
            all.contains("--domain-prefix `my-aws`: Cognito refuses"),
            "{all}"
        );
    }

    #[test]
    fn cancel_stops_the_flow() {
        let mut p = Scripted::new(vec![Select(1), Multi(vec![0]), Cancel]);
        let r = ask(
            &mut p,
            &ctx(),
            &default_config(),
            &AuthFlags::default(),
            Mode::Add,
        );
        assert_eq!(r, Err(PromptError::Cancelled));
    }

    #[test]
    fn list_items_parse_or_say_why() {
        assert!(custom_items("a:string:immutable, b").is_ok());
        assert!(
            custom_items("a:text")
                .unwrap_err()
                .contains("the type is one of")
        );
        assert!(custom_items("a, A").unwrap_err().contains("twice"));
        assert!(group_items("A:x").unwrap_err().contains("whole number"));
        assert_eq!(secret_ref("s#k").unwrap().key.as_deref(), Some("k"));
        assert!(matches!(
            text_or_secret("secret:s#k"),
            Ok(TextOrSecret::Secret(_))
        ));
    }
}
