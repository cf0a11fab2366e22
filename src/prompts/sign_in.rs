//! The walkthrough's questions about what Cognito added since 2024: sign-in without a password
//! (asked right after how users sign in: the first choice a new project makes about it), the
//! Amazon SES sender that email codes need, managed login and the passkeys' domain once the
//! hosted UI is known, then the feature plan all of that needs, with threat protection on
//! `plus`.
//!
//! An answer is checked as `validate` would check the finished file, except for what a later
//! question settles (the sender, the passkeys' domain, the plan): those get stand-ins in the
//! checked copy, so an answer is never refused for a question not asked yet.

use std::rc::Rc;

use super::auth::{check_with, from_label, index_of, indexes, label};
use super::check::Ctx;
use super::{PromptError, Prompter, Q, joined};
use crate::config::auth::AuthConfig;
use crate::config::sign_in::{Email, Passwordless, Plan, Ses, ThreatMode, ThreatProtection};
use crate::validate::auth::has_email;
use crate::validate::sign_in::{DEFAULT_PLAN, features_needing_essentials};

use super::auth::AuthFlags;

/// The SES identity a checked copy gets while its real one is still to be asked.
const STAND_IN_SES_ARN: &str = "arn:aws:ses:us-east-1:123456789012:identity/example.com";

/// The passwordless factors, as `--passwordless` names them.
pub const FACTORS: [&str; 3] = ["email_otp", "sms_otp", "passkey"];
pub const PLANS: [&str; 3] = ["lite", "essentials", "plus"];
pub const THREAT_MODES: [&str; 3] = ["off", "audit", "enforced"];

/// The sender is asked after the question that needs it.
fn sender_settled_later(c: &mut AuthConfig) {
    let email = c.email.get_or_insert_with(Default::default);
    if email.ses.is_none() {
        email.ses = Some(Ses {
            from: "no-reply@example.com".into(),
            source_arn: STAND_IN_SES_ARN.into(),
            reply_to: None,
            configuration_set: None,
        });
    }
}

/// The passkeys' domain is asked after the hosted UI question.
fn domain_settled_later(c: &mut AuthConfig) {
    let no_hosted_ui = c.hosted_ui.is_none();
    if let Some(keys) = c.passwordless.as_mut().and_then(|p| p.passkeys.as_mut())
        && keys.relying_party.is_none()
        && no_hosted_ui
    {
        keys.relying_party = Some("example.com".into());
    }
}

/// The plan is asked last, offering only the plans that include what was chosen.
fn plan_settled_later(c: &mut AuthConfig) {
    if c.plan == Some(Plan::Lite) {
        c.plan = None;
    }
}

/// The factors on in `a`, as `FACTORS` labels (also `--passwordless`'s value).
pub(crate) fn factors_of(a: &AuthConfig) -> Vec<String> {
    let Some(p) = &a.passwordless else {
        return Vec::new();
    };
    [
        (p.email_otp, "email_otp"),
        (p.sms_otp, "sms_otp"),
        (p.passkeys.is_some(), "passkey"),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .map(|(_, l)| l.to_string())
    .collect()
}

/// Puts the factors of `answer` (labels joined with `,`) into `c`, keeping the passkeys'
/// settings and the preferred factor where they still apply.
fn set_factors(c: &mut AuthConfig, answer: &str) {
    let on: Vec<&str> = answer.split(',').filter(|s| !s.is_empty()).collect();
    if on.is_empty() {
        c.passwordless = None;
        return;
    }
    let before = c.passwordless.take().unwrap_or_default();
    let mut p = Passwordless {
        email_otp: on.contains(&"email_otp"),
        sms_otp: on.contains(&"sms_otp"),
        passkeys: on
            .contains(&"passkey")
            .then(|| before.passkeys.clone().unwrap_or_default()),
        preferred: None,
    };
    p.preferred = before.preferred.filter(|f| {
        let mut with = p.clone();
        with.preferred = Some(*f);
        crate::validate::sign_in::preferred_is_on(&with)
    });
    c.passwordless = Some(p);
}

fn email_otp(a: &AuthConfig) -> bool {
    a.passwordless.as_ref().is_some_and(|p| p.email_otp)
}

fn email_mfa(a: &AuthConfig) -> bool {
    crate::validate::sign_in::email_mfa_position(a).is_some()
}

/// "Besides a password, how may users sign in?" (the sender codes by email need is asked
/// after MFA, by [`sender`]).
pub fn passwordless(
    p: &mut dyn Prompter,
    ctx: &Rc<Ctx>,
    a: &mut AuthConfig,
    f: &AuthFlags,
) -> Result<(), PromptError> {
    let current = match &f.passwordless {
        Some(names) => names.0.clone(),
        None => factors_of(a),
    };
    let check = check_with(ctx, a, "/passwordless", |c, s| {
        set_factors(c, s);
        sender_settled_later(c);
        domain_settled_later(c);
        plan_settled_later(c);
        Ok(())
    });
    let chosen = p.multi_select(
        &Q::new(
            "--passwordless",
            "Besides a password, how may users sign in?",
            "email_otp: a code by email (sent through Amazon SES); sms_otp: a code by text message; passkey: Face ID, Touch ID, Windows Hello, security keys",
        ),
        &FACTORS,
        &indexes(&FACTORS, &current),
        &check,
    )?;
    set_factors(a, &joined(&FACTORS, &chosen));
    Ok(())
}

/// The check of a second-factor answer: the sender it may need is asked next.
pub fn mfa_settled_later(c: &mut AuthConfig) {
    sender_settled_later(c);
    plan_settled_later(c);
}

fn ses_mut(c: &mut AuthConfig) -> &mut Ses {
    let email = c.email.get_or_insert_with(Default::default);
    email.ses.get_or_insert_with(|| Ses {
        from: String::new(),
        source_arn: String::new(),
        reply_to: None,
        configuration_set: None,
    })
}

fn required(answer: &str) -> Result<String, String> {
    let v = answer.trim();
    if v.is_empty() {
        return Err("an answer is required".into());
    }
    Ok(v.to_string())
}

/// After the MFA question, when the pool has email addresses: the Amazon SES sender (its
/// address, then the identity's ARN), or none for Cognito's own sender, which email codes
/// and email MFA cannot use.
pub fn sender(
    p: &mut dyn Prompter,
    ctx: &Rc<Ctx>,
    a: &mut AuthConfig,
    f: &AuthFlags,
) -> Result<(), PromptError> {
    if !has_email(a) {
        // No address to send to: a sender left from earlier answers would configure nothing
        // (messages of the team's own, if any, keep it: `validate` says what they need).
        let only_sender = a.email.as_ref().is_some_and(|e| {
            Email {
                ses: None,
                ..e.clone()
            } == Email::default()
        });
        if only_sender {
            set_sender(a, None);
        }
        return Ok(());
    }
    let needed_by = if email_otp(a) {
        Some("sign-in codes by email")
    } else if email_mfa(a) {
        Some("email MFA")
    } else {
        None
    };
    let current = a.email.as_ref().and_then(|e| e.ses.clone());
    let from_default = f
        .ses_from
        .clone()
        .or(current.as_ref().map(|s| s.from.clone()))
        .unwrap_or_default();
    let check = check_with(ctx, a, "/email", move |c, s| {
        if s.trim().is_empty() {
            return match needed_by {
                Some(what) => Err(format!(
                    "{what} need the pool to send email through Amazon SES, as Cognito requires"
                )),
                None => {
                    set_sender(c, None);
                    Ok(())
                }
            };
        }
        let ses = ses_mut(c);
        ses.from = s.trim().to_string();
        if ses.source_arn.is_empty() {
            // The ARN is the next question.
            ses.source_arn = STAND_IN_SES_ARN.into();
        }
        Ok(())
    });
    let from = p.text(
        &Q::new(
            "--ses-from",
            "Which address sends the pool's email? (empty: Cognito's own sender)",
            "Through your Amazon SES identity, e.g. Shop <no-reply@shop.example.com>; Cognito's own sender allows a few emails a day and no sign-in codes",
        ),
        &from_default,
        &check,
    )?;
    if from.trim().is_empty() {
        set_sender(a, None);
        return Ok(());
    }
    ses_mut(a).from = from.trim().to_string();
    let arn_default = f
        .ses_source_arn
        .clone()
        .or(current.map(|s| s.source_arn))
        .unwrap_or_default();
    let check = check_with(ctx, a, "/email/ses/source_arn", |c, s| {
        ses_mut(c).source_arn = required(s)?;
        Ok(())
    });
    let arn = p.text(
        &Q::new(
            "--ses-source-arn",
            "Which verified SES identity sends it? (its ARN)",
            "arn:aws:ses:<region>:<account>:identity/<domain or address>",
        ),
        &arn_default,
        &check,
    )?;
    ses_mut(a).source_arn = arn.trim().to_string();
    Ok(())
}

/// Sets or removes the SES sender, dropping `email` when nothing else is left in it.
fn set_sender(c: &mut AuthConfig, ses: Option<Ses>) {
    let email = c.email.get_or_insert_with(Default::default);
    email.ses = ses;
    if *email == Email::default() {
        c.email = None;
    }
}

fn passkeys_on(a: &AuthConfig) -> bool {
    a.passwordless
        .as_ref()
        .is_some_and(|p| p.passkeys.is_some())
}

/// After the hosted UI questions: managed login (when there is a hosted UI), then the domain
/// passkeys are bound to (when passkeys are on).
pub fn after_hosted_ui(
    p: &mut dyn Prompter,
    ctx: &Rc<Ctx>,
    a: &mut AuthConfig,
    f: &AuthFlags,
) -> Result<(), PromptError> {
    if let Some(h) = &a.hosted_ui {
        let default = f
            .managed_login
            .unwrap_or(h.managed_login || a.passwordless.as_ref().is_some_and(|p| p.any()));
        let on = p.confirm(
            &Q::new(
                "--managed-login",
                "Use managed login, Cognito's new sign-in pages?",
                "They offer passkeys and sign-in codes, which the classic hosted UI does not; plan essentials or plus",
            ),
            default,
        )?;
        if let Some(h) = a.hosted_ui.as_mut() {
            h.managed_login = on;
        }
    }
    if !passkeys_on(a) {
        return Ok(());
    }
    let current = a
        .passwordless
        .as_ref()
        .and_then(|p| p.passkeys.as_ref())
        .and_then(|k| k.relying_party.clone());
    let default = f
        .passkey_relying_party
        .clone()
        .or(current)
        .unwrap_or_default();
    let set = |c: &mut AuthConfig, answer: &str| {
        let rp = answer.trim();
        if let Some(keys) = c.passwordless.as_mut().and_then(|p| p.passkeys.as_mut()) {
            keys.relying_party = (!rp.is_empty()).then(|| rp.to_string());
        }
    };
    let check = check_with(ctx, a, "/passwordless/passkeys", move |c, s| {
        set(c, s);
        plan_settled_later(c);
        Ok(())
    });
    let help = if a.hosted_ui.is_some() {
        "Empty: the hosted UI's domain of each environment. Changing it later makes every registered passkey useless"
    } else {
        "e.g. auth.example.com, your app's domain. Changing it later makes every registered passkey useless"
    };
    let answer = p.text(
        &Q::new(
            "--passkey-relying-party",
            "Which domain are passkeys bound to?",
            help,
        ),
        &default,
        &check,
    )?;
    set(a, &answer);
    Ok(())
}

/// The feature plan (only the plans that include every feature chosen), then threat
/// protection on `plus`.
pub fn plan(p: &mut dyn Prompter, a: &mut AuthConfig, f: &AuthFlags) -> Result<(), PromptError> {
    let needs = features_needing_essentials(a);
    let possible: Vec<&str> = PLANS
        .iter()
        .copied()
        .filter(|plan| needs.is_empty() || *plan != "lite")
        .collect();
    let wanted = f
        .plan
        .clone()
        .unwrap_or_else(|| label(&a.plan.unwrap_or(DEFAULT_PLAN)));
    let mut help = "lite: passwords, TOTP and SMS MFA, federation, the classic hosted UI; essentials (Cognito's default): also sign-in codes, passkeys, email MFA, managed login; plus: also threat protection".to_string();
    if let Some((_, feature)) = needs.first() {
        help.push_str(&format!(" (not lite: {feature} needs more)"));
    }
    let q = Q::new("--plan", "Which Cognito feature plan?", help);
    if let Some(given) = &f.plan
        && !possible.contains(&given.as_str())
    {
        let feature = needs.first().map(|(_, f)| *f).unwrap_or_default();
        p.refuse(
            &q,
            given,
            &format!(
                "{feature} needs the `essentials` or `plus` plan (possible here: {})",
                possible.join(", ")
            ),
        )?;
    }
    let i = p.select(&q, &possible, index_of(&possible, &wanted).unwrap_or(0))?;
    let chosen: Plan = possible
        .get(i)
        .and_then(|l| from_label(l))
        .unwrap_or(DEFAULT_PLAN);
    // Left unset when it is Cognito's default and the file did not set it.
    if !(a.plan.is_none() && chosen == DEFAULT_PLAN) {
        a.plan = Some(chosen);
    }
    if chosen != Plan::Plus {
        a.threat_protection = None;
        return Ok(());
    }
    let current = a
        .threat_protection
        .as_ref()
        .map(|t| label(&t.mode))
        .unwrap_or_else(|| "off".into());
    let wanted = f.threat_protection.clone().unwrap_or(current);
    let i = p.select(
        &Q::new(
            "--threat-protection",
            "Threat protection for password sign-ins?",
            "audit: scores each sign-in's risk and logs it; enforced: also blocks risky sign-ins or asks for MFA; the plus plan pays for it",
        ),
        &THREAT_MODES,
        index_of(&THREAT_MODES, &wanted).unwrap_or(0),
    )?;
    let mode: Option<ThreatMode> = from_label(THREAT_MODES[i]);
    a.threat_protection = match (mode, a.threat_protection.take()) {
        (None, _) => None,
        (Some(mode), Some(t)) => Some(ThreatProtection { mode, ..t }),
        (Some(mode), None) => Some(ThreatProtection {
            mode,
            custom_auth: None,
            activity_log_days: None,
        }),
    };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::sign_in::{FirstFactor, Passkeys, UserVerification};
    use crate::prompts::Defaults;
    use crate::prompts::auth::tests::run;
    use crate::prompts::auth::{Mode, ask, default_config};
    use crate::prompts::check::tests::{default_auth, project_with};
    use crate::prompts::scripted::{Answer::*, text};

    fn ctx() -> Rc<Ctx> {
        Ctx::new(project_with(default_auth()))
    }

    #[test]
    fn passwordless_is_asked_after_sign_in_with_its_sender_domain_and_plan() {
        let (a, p) = run(
            vec![
                Select(1),         // manual
                Multi(vec![0]),    // email
                Multi(vec![0, 2]), // email codes and passkeys
                Default,           // attributes
                Default,           // custom attributes
                Default,           // self sign-up
                Default,           // password length
                Default,           // character classes
                Select(1),         // MFA optional
                Multi(vec![0, 2]), // totp and email
                text(""),          // refused: email codes need a sender
                text("Shop <no-reply@shop.example.com>"),
                text("arn:aws:ses:us-east-1:123456789012:identity/shop.example.com"),
                Select(1),      // recovery: email_then_phone is not possible; admin_only
                Default,        // no groups
                Multi(vec![]),  // no providers
                Confirm(false), // no hosted UI
                text(""),       // refused: passkeys need a domain
                text("shop.example.com"),
                Select(1), // plus
                Select(2), // enforced
                Default,   // guests
            ],
            &default_config(),
            Mode::Add,
        );
        assert_eq!(p.asked[2], "Besides a password, how may users sign in?");
        assert_eq!(p.refusals().len(), 2, "{:?}", p.refusals());
        assert!(
            p.refusals()[0]
                .contains("sign-in codes by email need the pool to send email through Amazon SES")
        );
        assert!(p.refusals()[1].contains("neither `relying_party` nor a hosted UI"));
        // Lite is not offered: it includes none of the features chosen.
        let plans = &p.offered[p.offered.len() - 2];
        assert_eq!(plans, &["essentials", "plus"]);
        let pl = a.passwordless.as_ref().unwrap();
        assert!(pl.email_otp && !pl.sms_otp);
        let keys = pl.passkeys.as_ref().unwrap();
        assert_eq!(keys.relying_party.as_deref(), Some("shop.example.com"));
        assert_eq!(keys.user_verification, UserVerification::Required);
        let ses = a.email.as_ref().unwrap().ses.as_ref().unwrap();
        assert_eq!(ses.from, "Shop <no-reply@shop.example.com>");
        assert_eq!(a.plan, Some(Plan::Plus));
        assert_eq!(
            a.threat_protection.as_ref().map(|t| t.mode),
            Some(ThreatMode::Enforced)
        );
        assert_eq!(ctx().auth(&a, ""), Ok(()));
    }

    #[test]
    fn a_plan_flag_that_lacks_a_chosen_feature_is_refused_naming_both() {
        let flags = AuthFlags {
            passwordless: Some(super::super::auth::Names(vec!["passkey".into()])),
            passkey_relying_party: Some("auth.example.com".into()),
            plan: Some("lite".into()),
            ..AuthFlags::default()
        };
        let mut d = Defaults::default();
        ask(&mut d, &ctx(), &default_config(), &flags, Mode::Add).unwrap();
        assert_eq!(
            d.problems,
            [
                "--plan `lite`: passkeys needs the `essentials` or `plus` plan (possible here: essentials, plus)"
            ]
        );
        // The default plan, Cognito's own, is left unwritten; managed login is offered with
        // the hosted UI and on by default when a passwordless factor is.
        let flags = AuthFlags {
            passwordless: Some(super::super::auth::Names(vec!["passkey".into()])),
            hosted_ui: Some(true),
            ..AuthFlags::default()
        };
        let mut d = Defaults::default();
        let a = ask(&mut d, &ctx(), &default_config(), &flags, Mode::Add).unwrap();
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        assert_eq!(a.plan, None);
        assert!(a.hosted_ui.as_ref().unwrap().managed_login);
        assert!(d.asked.contains(&"--managed-login".to_string()));
        assert!(!d.asked.contains(&"--threat-protection".to_string()));
        assert_eq!(ctx().auth(&a, ""), Ok(()));
    }

    #[test]
    fn set_factors_keeps_what_still_applies() {
        let mut a = AuthConfig {
            passwordless: Some(Passwordless {
                email_otp: true,
                sms_otp: false,
                passkeys: Some(Passkeys {
                    relying_party: Some("auth.example.com".into()),
                    user_verification: UserVerification::Preferred,
                }),
                preferred: Some(FirstFactor::Passkey),
            }),
            ..AuthConfig::default()
        };
        set_factors(&mut a, "email_otp,passkey");
        let p = a.passwordless.clone().unwrap();
        assert_eq!(
            p.passkeys.as_ref().unwrap().relying_party.as_deref(),
            Some("auth.example.com")
        );
        assert_eq!(p.preferred, Some(FirstFactor::Passkey));
        // Passkeys off: their preference goes with them.
        set_factors(&mut a, "email_otp");
        let p = a.passwordless.clone().unwrap();
        assert!(p.passkeys.is_none() && p.preferred.is_none() && p.email_otp);
        set_factors(&mut a, "");
        assert!(a.passwordless.is_none());
    }

    #[test]
    fn stand_ins_fill_only_what_is_missing() {
        let mut a = AuthConfig {
            plan: Some(Plan::Lite),
            ..AuthConfig::default()
        };
        set_factors(&mut a, "passkey");
        sender_settled_later(&mut a);
        domain_settled_later(&mut a);
        plan_settled_later(&mut a);
        assert_eq!(a.plan, None);
        assert!(a.email.unwrap().ses.is_some());
        let keys = a.passwordless.unwrap().passkeys.unwrap();
        assert_eq!(keys.relying_party.as_deref(), Some("example.com"));

        let mut b = AuthConfig {
            plan: Some(Plan::Plus),
            ..AuthConfig::default()
        };
        plan_settled_later(&mut b);
        assert_eq!(b.plan, Some(Plan::Plus));
    }
}
