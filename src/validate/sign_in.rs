//! Rules for the plan, passwordless sign-in, passkeys and email settings of
//! `backend/auth.yaml`: what each feature needs (a plan, an attribute, SES, a domain), and the
//! placeholders Cognito fills in its messages.

use crate::config::auth::{AuthConfig, MfaMethod, MfaMode, Recovery, TokenTriggerVersion};
use crate::config::sign_in::{
    FirstFactor, LOG_RETENTION_DAYS, Passwordless, Plan, UserVerification, VerificationStyle,
};
use crate::diagnostic::Diagnostic;
use crate::load::{Document, Project};

use super::auth::has_email;

/// The plan a pool gets when the config names none: Cognito's default for new user pools.
pub const DEFAULT_PLAN: Plan = Plan::Essentials;

pub fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    let auth = &project.auth;
    let doc = &project.auth_doc;
    plan(auth, doc, out);
    custom_domains(project, out);
    threat_protection(auth, doc, out);
    passwordless(auth, doc, out);
    email(auth, doc, out);
}

/// Legal but weaker than it looks: a passkey whose device need not verify the user stands
/// for one factor (possession), not two.
pub fn warnings(project: &Project) -> Vec<Diagnostic> {
    let keys = project
        .auth
        .passwordless
        .as_ref()
        .and_then(|p| p.passkeys.as_ref());
    let auth = &project.auth;
    let doc = &project.auth_doc;
    let mut out = Vec::new();
    if keys.is_some_and(|k| k.user_verification == UserVerification::Preferred) {
        out.push(
            doc.at(
                "/passwordless/passkeys/user_verification",
                "a passkey whose device does not verify the user (PIN, biometrics) is one factor, possession: anyone holding the device signs in",
            )
            .with_help("keep the default `required` unless some users' security keys cannot verify them"),
        );
    }
    if let Some(i) = email_mfa_position(auth)
        && auth.recovery == Recovery::Email
    {
        // Cognito: email MFA disqualifies email for account recovery (AccountRecoverySetting).
        out.push(
            doc.at(
                &format!("/mfa/methods/{i}"),
                "a user who turns on email MFA can no longer recover the account by email, and `recovery: email` is the only way",
            )
            .with_help("set `recovery: email_then_phone` or `phone_then_email`"),
        );
    }
    out
}

/// Where email MFA is listed, when MFA is on.
pub fn email_mfa_position(auth: &AuthConfig) -> Option<usize> {
    if auth.mfa.mode == MfaMode::Off {
        return None;
    }
    auth.mfa
        .methods
        .as_ref()?
        .iter()
        .position(|m| *m == MfaMethod::Email)
}

fn threat_protection(auth: &AuthConfig, doc: &Document, out: &mut Vec<Diagnostic>) {
    let Some(t) = &auth.threat_protection else {
        return;
    };
    if auth.plan != Some(Plan::Plus) {
        let plan = auth.plan.unwrap_or(DEFAULT_PLAN);
        let written = if auth.plan.is_some() {
            format!("`plan: {}`", plan.as_str())
        } else {
            format!("the default plan (`{}`)", plan.as_str())
        };
        out.push(
            doc.at_key(
                "/threat_protection",
                format!(
                    "threat protection needs the `plus` plan, and {written} does not include it"
                ),
            )
            .with_help("set `plan: plus`, or remove `threat_protection`"),
        );
    }
    if let Some(days) = t.activity_log_days
        && !LOG_RETENTION_DAYS.contains(&days)
    {
        out.push(doc.at(
            "/threat_protection/activity_log_days",
            format!(
                "CloudWatch Logs keeps logs for one of {LOG_RETENTION_DAYS:?} days, not {days}"
            ),
        ));
    }
}

/// What to know: a `plus` plan pays for threat protection, which is off.
pub fn notes(project: &Project) -> Vec<Diagnostic> {
    let auth = &project.auth;
    if auth.plan == Some(Plan::Plus) && auth.threat_protection.is_none() {
        return vec![
            project
                .auth_doc
                .at(
                    "/plan",
                    "the `plus` plan includes threat protection, which is off: risky sign-ins and leaked passwords go unnoticed",
                )
                .with_help("add `threat_protection: { mode: audit }` to watch first, then `enforced`"),
        ];
    }
    Vec::new()
}

/// Each feature that needs a plan above Lite, with where it is set.
pub fn features_needing_essentials(auth: &AuthConfig) -> Vec<(String, &'static str)> {
    let mut found = Vec::new();
    if let Some(p) = &auth.passwordless {
        if p.email_otp {
            found.push((
                "/passwordless/email_otp".into(),
                "sign-in with an email code",
            ));
        }
        if p.sms_otp {
            found.push((
                "/passwordless/sms_otp".into(),
                "sign-in with a text-message code",
            ));
        }
        if p.passkeys.is_some() {
            found.push(("/passwordless/passkeys".into(), "passkeys"));
        }
    }
    if let Some(i) = email_mfa_position(auth) {
        found.push((format!("/mfa/methods/{i}"), "email MFA"));
    }
    if auth.hosted_ui.as_ref().is_some_and(|h| h.managed_login) {
        // Lite keeps the classic hosted UI only (Cognito Developer Guide, 'User pool managed login').
        found.push(("/hosted_ui/managed_login".into(), "managed login"));
    }
    if auth
        .triggers
        .pre_token_generation_version
        .is_some_and(|v| v != TokenTriggerVersion::V1)
    {
        // Cognito Developer Guide, 'Pre token generation Lambda trigger': V2_0 and V3_0 events
        // need the Essentials or Plus plan.
        found.push((
            "/triggers/pre_token_generation_version".into(),
            "access-token customization",
        ));
    }
    found
}

fn plan(auth: &AuthConfig, doc: &Document, out: &mut Vec<Diagnostic>) {
    if auth.plan != Some(Plan::Lite) {
        return;
    }
    let line = doc.spans.value_pos("/plan").line;
    for (at, feature) in features_needing_essentials(auth) {
        out.push(
            doc.at(
                &at,
                format!("{feature} needs the `essentials` or `plus` plan, and `plan: lite` (line {line}) does not include it"),
            )
            .with_help("set `plan: essentials`, or remove the feature"),
        );
    }
}

fn passwordless(auth: &AuthConfig, doc: &Document, out: &mut Vec<Diagnostic>) {
    let Some(p) = &auth.passwordless else {
        return;
    };
    if !p.any() {
        out.push(
            doc.at(
                "/passwordless",
                "no passwordless factor is on: users would still sign in with a password only",
            )
            .with_help("turn on `email_otp`, `sms_otp` or `passkeys`, or remove `passwordless`"),
        );
    }
    if p.email_otp {
        if !auth.login.email {
            out.push(
                doc.at(
                    "/passwordless/email_otp",
                    "a code by email signs users in by their email address, which is not a sign-in attribute",
                )
                .with_help("set `login.email: true`"),
            );
        }
        if ses(auth).is_none() {
            out.push(
                doc.at(
                    "/passwordless/email_otp",
                    "sign-in codes by email need the pool to send email through Amazon SES (Cognito's default sender is limited to a few messages a day)",
                )
                .with_help("add `email: { ses: { from: …, source_arn: … } }`"),
            );
        }
    }
    if p.sms_otp && !auth.login.phone {
        out.push(
            doc.at(
                "/passwordless/sms_otp",
                "a code by text message signs users in by their phone number, which is not a sign-in attribute",
            )
            .with_help("set `login.phone: true`"),
        );
    }
    if let Some(keys) = &p.passkeys {
        match &keys.relying_party {
            Some(rp) => {
                if let Some(why) = host_name_problem(rp) {
                    out.push(
                        doc.at(
                            "/passwordless/passkeys/relying_party",
                            format!("`{rp}` is not a relying party: {why}"),
                        )
                        .with_help("write the bare domain passkeys are bound to, e.g. `auth.example.com`"),
                    );
                }
            }
            None if auth.hosted_ui.is_none() => out.push(
                doc.at(
                    "/passwordless/passkeys",
                    "passkeys are bound to a domain, and there is neither `relying_party` nor a hosted UI to take it from",
                )
                .with_help("set `passwordless.passkeys.relying_party: auth.example.com`, or configure `hosted_ui`"),
            ),
            None => {}
        }
    }
    if let Some(preferred) = p.preferred
        && !preferred_is_on(p)
    {
        out.push(doc.at(
            "/passwordless/preferred",
            format!(
                    "`{}` is preferred but not turned on",
                    serde_json::to_value(preferred)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default()
                ),
        ));
    }
}

/// Whether the preferred factor (if any) is one that is turned on.
pub fn preferred_is_on(p: &Passwordless) -> bool {
    match p.preferred {
        None | Some(FirstFactor::Password) => true,
        Some(FirstFactor::EmailOtp) => p.email_otp,
        Some(FirstFactor::SmsOtp) => p.sms_otp,
        Some(FirstFactor::Passkey) => p.passkeys.is_some(),
    }
}

/// Each environment's own hosted UI domain: a host name, with an ACM certificate in
/// us-east-1 (Cognito serves custom domains through CloudFront, which takes certificates from
/// that region only).
fn custom_domains(project: &Project, out: &mut Vec<Diagnostic>) {
    let doc = &project.project_doc;
    for (env, e) in &project.config.environments {
        let Some(custom) = &e.custom_domain else {
            continue;
        };
        let at = format!(
            "/environments/{}/custom_domain",
            crate::diagnostic::pointer_segment(env)
        );
        if project.auth.hosted_ui.is_none() {
            out.push(
                doc.at_key(&at, "a custom domain serves the hosted UI, and backend/auth.yaml has no `hosted_ui`")
                    .with_help("add `hosted_ui` to backend/auth.yaml, or remove `custom_domain`"),
            );
        }
        if let Some(why) = host_name_problem(&custom.domain) {
            out.push(doc.at(
                &format!("{at}/domain"),
                format!("`{}` is not a domain: {why}", custom.domain),
            ));
        } else if custom.domain.ends_with(".amazoncognito.com") {
            out.push(doc.at(
                &format!("{at}/domain"),
                "this is Cognito's own domain: use `domain_prefix` for it, and `custom_domain` for a domain you own",
            ));
        }
        let parts: Vec<&str> = custom.certificate_arn.splitn(6, ':').collect();
        let shape_ok = parts.len() == 6
            && parts[0] == "arn"
            && parts[1].starts_with("aws")
            && parts[2] == "acm"
            && parts[4].len() == 12
            && parts[4].chars().all(|c| c.is_ascii_digit())
            && parts[5].starts_with("certificate/");
        if !shape_ok {
            out.push(
                doc.at(
                    &format!("{at}/certificate_arn"),
                    format!(
                        "`{}` is not the ARN of an ACM certificate",
                        custom.certificate_arn
                    ),
                )
                .with_help("arn:aws:acm:us-east-1:<account>:certificate/<id>"),
            );
        } else if parts[3] != "us-east-1" {
            out.push(
                doc.at(
                    &format!("{at}/certificate_arn"),
                    format!("the certificate is in {}, and a Cognito custom domain needs one in us-east-1 (CloudFront serves it), whatever the pool's region", parts[3]),
                )
                .with_help("request or import the certificate in us-east-1"),
            );
        }
        relying_party_on_custom_domain(project, env, &custom.domain, out);
    }
}

/// With a custom domain, the hosted UI's passkeys belong to it: Cognito requires the relying
/// party to be the custom domain's full name when the pool has one and signs users in on its
/// pages (API Reference, `WebAuthnConfigurationType.RelyingPartyId`). Another one would leave
/// every passkey ceremony on those pages failing.
fn relying_party_on_custom_domain(
    project: &Project,
    env: &str,
    domain: &str,
    out: &mut Vec<Diagnostic>,
) {
    let auth = &project.auth;
    let Some(rp) = auth
        .passwordless
        .as_ref()
        .and_then(|p| p.passkeys.as_ref())
        .and_then(|k| k.relying_party.as_deref())
    else {
        return;
    };
    if auth.hosted_ui.is_none() || rp.eq_ignore_ascii_case(domain) {
        return;
    }
    out.push(
        project
            .auth_doc
            .at(
                "/passwordless/passkeys/relying_party",
                format!(
                    "environment `{env}` serves the hosted UI on its custom domain `{domain}`, and Cognito then requires passkeys' relying party to be that domain, not `{rp}`"
                ),
            )
            .with_help("remove `relying_party` (it then follows each environment's domain), or set it to the custom domain"),
    );
}

/// Why `name` is not a bare host name, if it is not.
fn host_name_problem(name: &str) -> Option<&'static str> {
    if name.contains("://") {
        return Some("it has a scheme");
    }
    if name.contains(['/', ':', '?', '#']) {
        return Some("it has a port, path or query");
    }
    let labels_ok = name.split('.').all(|l| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    });
    if !labels_ok {
        return Some(
            "a host name is dot-separated labels of lowercase letters, digits and inner hyphens",
        );
    }
    None
}

fn ses(auth: &AuthConfig) -> Option<&crate::config::sign_in::Ses> {
    auth.email.as_ref().and_then(|e| e.ses.as_ref())
}

fn email(auth: &AuthConfig, doc: &Document, out: &mut Vec<Diagnostic>) {
    if let Some(i) = email_mfa_position(auth) {
        let at = format!("/mfa/methods/{i}");
        if ses(auth).is_none() {
            // Cognito: "To enable email-based MFA, the user pool must be configured to use the
            // Amazon SES email-sending configuration instead of the default email configuration."
            out.push(
                doc.at(&at, "email MFA needs the pool to send email through Amazon SES, as Cognito requires")
                    .with_help("add `email: { ses: { from: …, source_arn: … } }`"),
            );
        }
        if !has_email(auth) {
            out.push(doc.at(&at, "email MFA needs the `email` attribute"));
        }
    }
    let Some(e) = &auth.email else {
        return;
    };
    if let Some(s) = &e.ses {
        if let Some(why) = address_problem(&s.from) {
            out.push(doc.at("/email/ses/from", format!("`{}` {why}", s.from)));
        }
        if let Some(r) = &s.reply_to
            && let Some(why) = address_problem(r)
        {
            out.push(doc.at("/email/ses/reply_to", format!("`{r}` {why}")));
        }
        if !is_ses_identity_arn(&s.source_arn) {
            out.push(
                doc.at(
                    "/email/ses/source_arn",
                    format!("`{}` is not the ARN of an SES identity", s.source_arn),
                )
                .with_help("arn:aws:ses:<region>:<account>:identity/<address or domain>"),
            );
        }
    }
    let custom_messages = [
        ("/email/verification", e.verification.is_some()),
        ("/email/invitation", e.invitation.is_some()),
        ("/email/one_time_code", e.one_time_code.is_some()),
    ];
    for (at, set) in custom_messages {
        if set && e.ses.is_none() {
            out.push(
                doc.at(at, "Cognito's default sender sends its own texts: a message of your own needs `email.ses`")
                    .with_help("add `email.ses`, or remove the message"),
            );
        }
    }
    if let Some(v) = &e.verification {
        match v.style {
            VerificationStyle::Code => placeholder(
                doc,
                "/email/verification/body",
                &v.body,
                "{####}",
                "the code",
                out,
            ),
            VerificationStyle::Link => {
                if !has_link_placeholder(&v.body) {
                    out.push(doc.at(
                        "/email/verification/body",
                        "a verification link must appear in the body as `{##link text##}`",
                    ));
                }
                if auth.hosted_ui.is_none() {
                    out.push(
                        doc.at(
                            "/email/verification/style",
                            "a verification link points at the user pool's domain, and there is no hosted UI",
                        )
                        .with_help("use `style: code`, or configure `hosted_ui`"),
                    );
                }
            }
        }
    }
    if let Some(m) = &e.invitation {
        placeholder(
            doc,
            "/email/invitation/body",
            &m.body,
            "{username}",
            "the user name",
            out,
        );
        placeholder(
            doc,
            "/email/invitation/body",
            &m.body,
            "{####}",
            "the temporary password",
            out,
        );
    }
    if let Some(m) = &e.one_time_code {
        placeholder(
            doc,
            "/email/one_time_code/body",
            &m.body,
            "{####}",
            "the code",
            out,
        );
    }
}

fn placeholder(
    doc: &Document,
    at: &str,
    body: &str,
    wanted: &str,
    meaning: &str,
    out: &mut Vec<Diagnostic>,
) {
    if !body.contains(wanted) {
        out.push(doc.at(
            at,
            format!(
                "the message must contain `{wanted}` ({meaning}): Cognito refuses it otherwise"
            ),
        ));
    }
}

/// `{##…##}` with some link text.
fn has_link_placeholder(body: &str) -> bool {
    body.find("{##")
        .and_then(|start| body[start + 3..].find("##}"))
        .is_some_and(|len| len > 0)
}

/// Why `text` is not `address` or `Name <address>`, if it is not.
fn address_problem(text: &str) -> Option<&'static str> {
    let address = match (text.rfind('<'), text.strip_suffix('>')) {
        (Some(open), Some(inner)) => &inner[open + 1..],
        (None, None) => text,
        _ => return Some("is neither `address` nor `Name <address>`"),
    };
    let valid = match address.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !address.chars().any(char::is_whitespace)
        }
        None => false,
    };
    (!valid).then_some("is not an email address")
}

fn is_ses_identity_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    parts.len() == 6
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && parts[2] == "ses"
        && !parts[3].is_empty()
        && parts[4].len() == 12
        && parts[4].chars().all(|c| c.is_ascii_digit())
        && parts[5]
            .strip_prefix("identity/")
            .is_some_and(|id| !id.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_addresses_and_arns() {
        assert_eq!(host_name_problem("auth.example.com"), None);
        assert!(host_name_problem("https://auth.example.com").is_some());
        assert!(host_name_problem("auth.example.com:443").is_some());
        assert!(host_name_problem("Auth.Example.com").is_some());
        assert!(host_name_problem("-a.example.com").is_some());
        assert_eq!(address_problem("no-reply@example.com"), None);
        assert_eq!(address_problem("Example <no-reply@example.com>"), None);
        assert!(address_problem("no-reply").is_some());
        assert!(address_problem("Example <no-reply@example.com").is_some());
        assert!(address_problem("a@b@example.com").is_some());
        assert!(is_ses_identity_arn(
            "arn:aws:ses:eu-west-1:123456789012:identity/example.com"
        ));
        assert!(!is_ses_identity_arn(
            "arn:aws:ses:eu-west-1:123:identity/example.com"
        ));
        assert!(!is_ses_identity_arn(
            "arn:aws:sns:eu-west-1:123456789012:identity/x"
        ));
        assert!(has_link_placeholder("Click {##Verify##}"));
        assert!(!has_link_placeholder("Click {####}"));
    }
}
