//! The parts of `backend/auth.yaml` for what Cognito added since 2024: the feature plan,
//! sign-in without a password (one-time codes, passkeys) and email sent through Amazon SES
//! with the team's own messages.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Cognito's feature plan (`UserPoolTier`). Passwordless sign-in, passkeys and email MFA need
/// `essentials` or `plus`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Plan {
    /// The classic features: passwords, TOTP and SMS MFA, federation, the classic hosted UI.
    Lite,
    /// Lite, plus passwordless sign-in, passkeys, email MFA, managed login, access-token
    /// customization. Cognito's default for new user pools.
    Essentials,
    /// Essentials, plus threat protection (compromised credentials, adaptive authentication).
    Plus,
}

impl Plan {
    pub fn cognito_name(self) -> &'static str {
        match self {
            Plan::Lite => "LITE",
            Plan::Essentials => "ESSENTIALS",
            Plan::Plus => "PLUS",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Plan::Lite => "lite",
            Plan::Essentials => "essentials",
            Plan::Plus => "plus",
        }
    }
}

/// What users may sign in with besides a password (Cognito's choice-based `USER_AUTH` flow).
/// The password stays a first factor: Cognito requires it in the list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Passwordless {
    /// A one-time code sent by email (needs email sign-in and `email.ses`).
    #[serde(default)]
    pub email_otp: bool,
    /// A one-time code sent by text message (needs phone sign-in).
    #[serde(default)]
    pub sms_otp: bool,
    /// Passkeys (WebAuthn): a device's biometrics or security key instead of a password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passkeys: Option<Passkeys>,
    /// The factor the app offers first (`preferred_challenge` in amplify_outputs.json).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred: Option<FirstFactor>,
}

impl Passwordless {
    /// Whether any factor besides the password is on.
    pub fn any(&self) -> bool {
        self.email_otp || self.sms_otp || self.passkeys.is_some()
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum FirstFactor {
    Password,
    EmailOtp,
    SmsOtp,
    Passkey,
}

impl FirstFactor {
    /// The name in `AllowedFirstAuthFactors` and in amplify_outputs.json.
    pub fn cognito_name(self) -> &'static str {
        match self {
            FirstFactor::Password => "PASSWORD",
            FirstFactor::EmailOtp => "EMAIL_OTP",
            FirstFactor::SmsOtp => "SMS_OTP",
            FirstFactor::Passkey => "WEB_AUTHN",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Passkeys {
    /// The domain passkeys are bound to (a host name, e.g. `auth.example.com`). Default: the
    /// hosted UI's domain. Changing it later makes every registered passkey useless.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 127))]
    pub relying_party: Option<String>,
    /// Whether the device must verify the user (PIN, biometrics). Default `required`: a
    /// passkey is then two factors in one.
    #[serde(default)]
    pub user_verification: UserVerification,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum UserVerification {
    #[default]
    Required,
    Preferred,
}

impl UserVerification {
    pub fn as_str(self) -> &'static str {
        match self {
            UserVerification::Required => "required",
            UserVerification::Preferred => "preferred",
        }
    }
}

/// How the user pool sends email, and what its messages say.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Email {
    /// Send through the team's Amazon SES identity (production volumes, own sender). Without
    /// it Cognito sends a few messages a day from its own address, with its own texts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ses: Option<Ses>,
    /// The message that confirms an email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<VerificationMessage>,
    /// The invitation to a user an administrator created: must contain `{username}` and `{####}`
    /// (the temporary password).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitation: Option<Message>,
    /// The one-time code of email MFA and passwordless sign-in: must contain `{####}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub one_time_code: Option<Message>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ses {
    /// The sender, `no-reply@example.com` or `Example <no-reply@example.com>`.
    #[schemars(length(min = 3, max = 320))]
    pub from: String,
    /// The ARN of the verified SES identity (address or domain) that sends it.
    #[schemars(length(min = 20, max = 2048))]
    pub source_arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 3, max = 320))]
    pub reply_to: Option<String>,
    /// An SES configuration set (event publishing, dedicated IPs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 64), pattern(r"^[A-Za-z0-9_-]+$"))]
    pub configuration_set: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Message {
    #[schemars(length(min = 1, max = 140))]
    pub subject: String,
    #[schemars(length(min = 6, max = 20000))]
    pub body: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum VerificationStyle {
    /// The user types a code: the body must contain `{####}`.
    #[default]
    Code,
    /// The user clicks a link: the body must contain `{##link text##}`; needs the hosted UI.
    Link,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VerificationMessage {
    #[serde(default)]
    pub style: VerificationStyle,
    #[schemars(length(min = 1, max = 140))]
    pub subject: String,
    #[schemars(length(min = 6, max = 20000))]
    pub body: String,
}

/// Threat protection (`plus` plan): Cognito scores each sign-in's risk and checks passwords
/// against known leaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ThreatProtection {
    /// Password sign-ins: `audit` logs the risk, `enforced` also acts on it (blocks or asks
    /// for MFA, by risk level).
    pub mode: ThreatMode,
    /// The same for custom-challenge sign-ins (Lambda triggers). Default: not scored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_auth: Option<ThreatMode>,
    /// Keep user activity logs (each sign-in with its risk) this many days in CloudWatch Logs.
    /// Unset: no activity log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_log_days: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ThreatMode {
    Audit,
    Enforced,
}

impl ThreatMode {
    pub fn cognito_name(self) -> &'static str {
        match self {
            ThreatMode::Audit => "AUDIT",
            ThreatMode::Enforced => "ENFORCED",
        }
    }
}

/// The retention periods CloudWatch Logs accepts, in days.
pub const LOG_RETENTION_DAYS: [u32; 22] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];
