//! The user pool's plan, passwordless sign-in, passkeys and email settings in CloudFormation's
//! vocabulary (`UserPoolTier`, `SignInPolicy`, `WebAuthn*`, `EmailConfiguration`, message
//! templates). Validation (`crate::validate::sign_in`) has already made them consistent.

use serde::Serialize;
use serde_json::{Value, json};

use crate::config::auth::AuthConfig;
use crate::config::sign_in::{FirstFactor, VerificationStyle};

/// What `super::context::UserPool` takes from this module.
pub struct Modern {
    /// Always written, so the template says which plan the pool has (unset: Cognito's
    /// default for new pools, which a template without it would also get).
    pub tier: &'static str,
    pub first_factors: Vec<&'static str>,
    pub passkeys: Option<Passkeys>,
    pub email_configuration: Option<Value>,
    pub verification_message: Value,
    pub invite_message: Option<Value>,
    pub one_time_code: Option<OneTimeCode>,
    /// `UserPoolAddOns` (threat protection).
    pub add_ons: Option<Value>,
    /// The user activity log, when threat protection keeps one.
    pub activity_log: Option<ActivityLog>,
}

#[derive(Debug, Serialize)]
pub struct ActivityLog {
    /// Cognito delivers to log groups under `/aws/vendedlogs/` only.
    pub group_name: String,
    pub retention_days: u32,
}

#[derive(Debug, Serialize)]
pub struct Passkeys {
    /// A host name, or an `Fn::Sub` of the hosted UI's domain.
    pub relying_party: Value,
    /// `required` or `preferred`.
    pub user_verification: &'static str,
}

/// `EmailAuthenticationSubject` and `EmailAuthenticationMessage`.
#[derive(Debug, Serialize)]
pub struct OneTimeCode {
    pub subject: String,
    pub body: String,
}

/// Cognito's domain for the label `<prefix>-<env>`, as the template writes it (the region is
/// the stack's).
pub fn cognito_domain(label: &str) -> Value {
    json!({ "Fn::Sub": format!("{label}.auth.${{AWS::Region}}.amazoncognito.com") })
}

/// `domain`: the hosted UI's full domain in this environment, if any (a string, or an
/// `Fn::Sub`); `pool_name`: the user pool's name (`<project>-<env>`).
pub fn user_pool(auth: &AuthConfig, domain: Option<Value>, pool_name: &str) -> Modern {
    let passwordless = auth.passwordless.as_ref().filter(|p| p.any());
    let mut first_factors = Vec::new();
    if let Some(p) = passwordless {
        // Cognito requires the password among the first factors.
        first_factors.push(FirstFactor::Password);
        if p.email_otp {
            first_factors.push(FirstFactor::EmailOtp);
        }
        if p.sms_otp {
            first_factors.push(FirstFactor::SmsOtp);
        }
        if p.passkeys.is_some() {
            first_factors.push(FirstFactor::Passkey);
        }
    }
    let passkeys = passwordless
        .and_then(|p| p.passkeys.as_ref())
        .and_then(|k| {
            let relying_party = match (&k.relying_party, domain) {
                (Some(rp), _) => Value::String(rp.clone()),
                (None, Some(d)) => d.clone(),
                (None, None) => return None,
            };
            Some(Passkeys {
                relying_party,
                user_verification: k.user_verification.as_str(),
            })
        });
    let email = auth.email.as_ref();
    let email_configuration = email.and_then(|e| e.ses.as_ref()).map(|ses| {
        let mut c = json!({
            "EmailSendingAccount": "DEVELOPER",
            "From": ses.from,
            "SourceArn": ses.source_arn,
        });
        if let Some(r) = &ses.reply_to {
            c["ReplyToEmailAddress"] = json!(r);
        }
        if let Some(set) = &ses.configuration_set {
            c["ConfigurationSet"] = json!(set);
        }
        c
    });
    let verification_message = match email.and_then(|e| e.verification.as_ref()) {
        None => json!({ "DefaultEmailOption": "CONFIRM_WITH_CODE" }),
        Some(v) if v.style == VerificationStyle::Code => json!({
            "DefaultEmailOption": "CONFIRM_WITH_CODE",
            "EmailSubject": v.subject,
            "EmailMessage": v.body,
        }),
        Some(v) => json!({
            "DefaultEmailOption": "CONFIRM_WITH_LINK",
            "EmailSubjectByLink": v.subject,
            "EmailMessageByLink": v.body,
        }),
    };
    let threats = auth.threat_protection.as_ref();
    Modern {
        add_ons: threats.map(|t| {
            let mut add_ons = json!({ "AdvancedSecurityMode": t.mode.cognito_name() });
            if let Some(custom) = t.custom_auth {
                add_ons["AdvancedSecurityAdditionalFlows"] =
                    json!({ "CustomAuthMode": custom.cognito_name() });
            }
            add_ons
        }),
        activity_log: threats
            .and_then(|t| t.activity_log_days)
            .map(|days| ActivityLog {
                group_name: format!("/aws/vendedlogs/cognito/{pool_name}/user-activity"),
                retention_days: days,
            }),
        tier: auth
            .plan
            .unwrap_or(crate::validate::sign_in::DEFAULT_PLAN)
            .cognito_name(),
        first_factors: first_factors.iter().map(|f| f.cognito_name()).collect(),
        passkeys,
        email_configuration,
        verification_message,
        invite_message: email
            .and_then(|e| e.invitation.as_ref())
            .map(|m| json!({ "EmailSubject": m.subject, "EmailMessage": m.body })),
        one_time_code: email
            .and_then(|e| e.one_time_code.as_ref())
            .map(|m| OneTimeCode {
                subject: m.subject.clone(),
                body: m.body.clone(),
            }),
    }
}
