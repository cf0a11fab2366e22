//! `backend/auth.yaml`: the user pool, its clients and federation, and the identity pool.
//! Every field has a safe default, so `{}` is a working (email sign-in) configuration.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::{PolicyStatement, RolePolicies, SecretRef, TextOrSecret};
pub use super::machine::ResourceServer;
pub use super::sign_in::{Email, Passwordless, Plan, ThreatProtection};

/// Authentication and authorization of a cogform project.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthConfig {
    #[serde(default)]
    pub login: Login,
    #[serde(default)]
    pub sign_up: SignUp,
    #[serde(default)]
    pub password: PasswordPolicy,
    #[serde(default)]
    pub mfa: Mfa,
    /// How a user who forgot the password recovers the account.
    #[serde(default)]
    pub recovery: Recovery,
    #[serde(default)]
    pub attributes: Attributes,
    /// User pool groups. Order does not matter: `precedence` decides which group's role wins.
    #[serde(default)]
    pub groups: Vec<Group>,
    #[serde(default)]
    pub providers: Providers,
    /// The Cognito hosted UI (OAuth 2.0 endpoints); required for social, OIDC and SAML sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hosted_ui: Option<HostedUi>,
    /// App clients. Default: one public client `web` (SRP + refresh).
    #[serde(default = "default_clients")]
    pub clients: Vec<Client>,
    #[serde(default)]
    pub identity_pool: IdentityPool,
    /// Lambda triggers, by function ARN.
    #[serde(default)]
    pub triggers: Triggers,
    /// Cognito's feature plan. Unset: Cognito's default for new pools (`essentials`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<Plan>,
    /// Sign-in without a password: one-time codes by email or text message, passkeys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passwordless: Option<Passwordless>,
    /// How email is sent (Amazon SES) and what the messages say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Email>,
    /// APIs whose access is granted by OAuth scope, to `kind: machine` clients and routes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resource_servers: Vec<ResourceServer>,
    /// Risk-based sign-in protection and user activity logs (`plan: plus`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threat_protection: Option<ThreatProtection>,
}

fn yes() -> bool {
    true
}

/// What users type to sign in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Login {
    /// Sign in with an email address.
    #[serde(default = "yes")]
    pub email: bool,
    /// Sign in with a phone number.
    #[serde(default)]
    pub phone: bool,
    /// Sign in with a user name (email and phone, when on, become aliases of it).
    #[serde(default)]
    pub username: bool,
    /// Must stay false: case-sensitive user names let `Alice` and `alice` be two accounts.
    #[serde(default)]
    pub case_sensitive: bool,
}

impl Default for Login {
    fn default() -> Self {
        Login {
            email: true,
            phone: false,
            username: false,
            case_sensitive: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignUp {
    /// Whether users may sign themselves up (false: only administrators create users).
    #[serde(default = "yes")]
    pub self_service: bool,
}

impl Default for SignUp {
    fn default() -> Self {
        SignUp { self_service: true }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum CharClass {
    Lowercase,
    Uppercase,
    Numbers,
    Symbols,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordPolicy {
    /// Minimum length; cogform's floor is 8 (Cognito's maximum is 99).
    #[serde(default = "default_min_length")]
    #[schemars(range(min = 8, max = 99))]
    pub min_length: u8,
    /// Character classes every password must contain.
    #[serde(default = "all_char_classes")]
    #[schemars(length(max = 4))]
    pub require: Vec<CharClass>,
    /// Days an administrator-set temporary password stays valid.
    #[serde(default = "default_temporary_days")]
    #[schemars(range(min = 1, max = 365))]
    pub temporary_validity_days: u16,
}

fn default_min_length() -> u8 {
    12
}
fn all_char_classes() -> Vec<CharClass> {
    vec![
        CharClass::Lowercase,
        CharClass::Uppercase,
        CharClass::Numbers,
        CharClass::Symbols,
    ]
}
fn default_temporary_days() -> u16 {
    7
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        PasswordPolicy {
            min_length: default_min_length(),
            require: all_char_classes(),
            temporary_validity_days: default_temporary_days(),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum MfaMode {
    Off,
    #[default]
    Optional,
    Required,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum MfaMethod {
    /// Authenticator apps (time-based one-time passwords).
    Totp,
    /// Text messages; needs the `phone_number` attribute and an SNS role (created for you).
    Sms,
    /// Email messages; needs `email.ses` and the `essentials` or `plus` plan.
    Email,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mfa {
    #[serde(default)]
    pub mode: MfaMode,
    /// Second factors offered. Default: `[totp]` (none when `mode` is `off`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub methods: Option<Vec<MfaMethod>>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Recovery {
    #[default]
    Email,
    Phone,
    EmailThenPhone,
    PhoneThenEmail,
    /// No self-service recovery: an administrator resets the password.
    AdminOnly,
}

/// Settings of a standard (OpenID Connect) attribute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StandardAttribute {
    /// Users must provide it at sign-up. Cannot be changed after the pool exists.
    #[serde(default)]
    pub required: bool,
    /// Users (through app clients) may change it after sign-up.
    #[serde(default = "yes")]
    pub mutable: bool,
}

/// Declares which attributes the pool stores. Standard attributes are listed by name; the
/// others go under `custom` (they appear in tokens as `custom:<name>`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attributes {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<StandardAttribute>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthdate: Option<StandardAttribute>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<StandardAttribute>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<StandardAttribute>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<StandardAttribute>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<StandardAttribute>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<StandardAttribute>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<StandardAttribute>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<StandardAttribute>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nickname: Option<StandardAttribute>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<StandardAttribute>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<StandardAttribute>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_username: Option<StandardAttribute>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<StandardAttribute>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<StandardAttribute>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<StandardAttribute>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zoneinfo: Option<StandardAttribute>,
    /// Custom attributes by name (letters, digits, `_`; at most 20 characters).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub custom: BTreeMap<String, CustomAttribute>,
}

impl Attributes {
    /// The declared standard attributes, by their Cognito name, in name order.
    pub fn standard(&self) -> Vec<(&'static str, &StandardAttribute)> {
        let all: [(&'static str, &Option<StandardAttribute>); 17] = [
            ("address", &self.address),
            ("birthdate", &self.birthdate),
            ("email", &self.email),
            ("family_name", &self.family_name),
            ("gender", &self.gender),
            ("given_name", &self.given_name),
            ("locale", &self.locale),
            ("middle_name", &self.middle_name),
            ("name", &self.name),
            ("nickname", &self.nickname),
            ("phone_number", &self.phone_number),
            ("picture", &self.picture),
            ("preferred_username", &self.preferred_username),
            ("profile", &self.profile),
            ("updated_at", &self.updated_at),
            ("website", &self.website),
            ("zoneinfo", &self.zoneinfo),
        ];
        all.into_iter()
            .filter_map(|(name, a)| a.as_ref().map(|a| (name, a)))
            .collect()
    }
}

/// Every standard attribute Cognito knows, in name order.
pub const STANDARD_ATTRIBUTES: [&str; 17] = [
    "address",
    "birthdate",
    "email",
    "family_name",
    "gender",
    "given_name",
    "locale",
    "middle_name",
    "name",
    "nickname",
    "phone_number",
    "picture",
    "preferred_username",
    "profile",
    "updated_at",
    "website",
    "zoneinfo",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CustomType {
    String,
    Number,
    Boolean,
    Datetime,
}

/// A custom attribute. Its type and constraints cannot change once the pool exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomAttribute {
    #[serde(rename = "type")]
    pub kind: CustomType,
    /// Users (through app clients) may change it. Attributes that drive authorization
    /// must be `mutable: false`.
    #[serde(default = "yes")]
    pub mutable: bool,
    /// Strings only: minimum length (0–2048).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(max = 2048))]
    pub min_length: Option<u32>,
    /// Strings only: maximum length (0–2048).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(max = 2048))]
    pub max_length: Option<u32>,
    /// Numbers only: smallest value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    /// Numbers only: largest value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
}

/// A user pool group. With the identity pool on, each group gets its own IAM role, chosen from
/// the id token's `cognito:groups` claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Letters, digits, `_` and `-`; names differing only by case are refused.
    #[schemars(length(min = 1, max = 128), pattern(r"^[A-Za-z][A-Za-z0-9_-]*$"))]
    pub name: String,
    /// Lower wins when a user is in several groups; unique across groups.
    #[schemars(range(max = 2147483647))]
    pub precedence: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 2048))]
    pub description: Option<String>,
    /// Extra statements for this group's role (on top of the authenticated role's grants).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<PolicyStatement>,
}

/// Identity providers users can sign in with through the hosted UI.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Providers {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub google: Option<SocialProvider>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facebook: Option<SocialProvider>,
    /// Login with Amazon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amazon: Option<SocialProvider>,
    /// Sign in with Apple.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apple: Option<AppleProvider>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub oidc: Vec<OidcProvider>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub saml: Vec<SamlProvider>,
}

/// Maps user pool attributes (keys) to the provider's attributes or claims (values).
pub type AttributeMapping = BTreeMap<String, String>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SocialProvider {
    pub client_id: TextOrSecret,
    /// Always a secret reference: plaintext secrets are refused.
    pub client_secret: SecretRef,
    /// Scopes requested from the provider (the provider's defaults when omitted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    /// Attribute mapping; default `email` from the provider's email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<AttributeMapping>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppleProvider {
    /// The Services ID.
    pub client_id: TextOrSecret,
    #[schemars(pattern(r"^[A-Z0-9]{10}$"))]
    pub team_id: String,
    #[schemars(pattern(r"^[A-Z0-9]{10}$"))]
    pub key_id: String,
    pub private_key: SecretRef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<AttributeMapping>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum RequestMethod {
    #[default]
    Get,
    Post,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OidcProvider {
    /// Provider name shown on the hosted UI (3–32 letters, digits or `-`).
    #[schemars(pattern(r"^[A-Za-z0-9][A-Za-z0-9-]{1,30}[A-Za-z0-9]$"))]
    pub name: String,
    /// Issuer URL (https).
    pub issuer: String,
    pub client_id: TextOrSecret,
    pub client_secret: SecretRef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    #[serde(default)]
    pub request_method: RequestMethod,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<AttributeMapping>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SamlProvider {
    /// Provider name shown on the hosted UI (3–32 letters, digits or `-`).
    #[schemars(pattern(r"^[A-Za-z0-9][A-Za-z0-9-]{1,30}[A-Za-z0-9]$"))]
    pub name: String,
    /// URL of the identity provider's SAML metadata (https).
    pub metadata_url: String,
    /// Sign users out of the identity provider too.
    #[serde(default)]
    pub sign_out: bool,
    /// Attribute mapping; default `email` from the standard email address claim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<AttributeMapping>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HostedUi {
    /// Prefix of the hosted UI domain; the environment is appended
    /// (`<prefix>-<env>.auth.<region>.amazoncognito.com`).
    pub domain_prefix: String,
    /// Where the hosted UI may send users after sign-in: https, or `http://localhost[:port]`.
    #[schemars(length(min = 1, max = 100))]
    pub callback_urls: Vec<String>,
    /// Where the hosted UI may send users after sign-out.
    #[serde(default)]
    #[schemars(length(max = 100))]
    pub logout_urls: Vec<String>,
    /// OAuth scopes app clients may request. Default: `[openid, email, profile]`.
    #[serde(default = "default_oauth_scopes")]
    pub scopes: Vec<OAuthScope>,
    /// Cognito's managed login pages (version 2, with passkeys and passwordless) in Cognito's
    /// default style, instead of the classic hosted UI.
    #[serde(default)]
    pub managed_login: bool,
}

fn default_oauth_scopes() -> Vec<OAuthScope> {
    vec![OAuthScope::Openid, OAuthScope::Email, OAuthScope::Profile]
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum OAuthScope {
    #[serde(rename = "openid")]
    Openid,
    #[serde(rename = "email")]
    Email,
    #[serde(rename = "phone")]
    Phone,
    #[serde(rename = "profile")]
    Profile,
    #[serde(rename = "aws.cognito.signin.user.admin")]
    CognitoAdmin,
}

impl OAuthScope {
    pub const ALL: [OAuthScope; 5] = [
        OAuthScope::Openid,
        OAuthScope::Email,
        OAuthScope::Phone,
        OAuthScope::Profile,
        OAuthScope::CognitoAdmin,
    ];

    /// Whether `name` is one of Cognito's own scopes (not a resource server's).
    pub fn is_builtin(name: &str) -> bool {
        Self::ALL.iter().any(|s| s.as_str() == name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            OAuthScope::Openid => "openid",
            OAuthScope::Email => "email",
            OAuthScope::Phone => "phone",
            OAuthScope::Profile => "profile",
            OAuthScope::CognitoAdmin => "aws.cognito.signin.user.admin",
        }
    }
}

/// What kind of application uses a client.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ClientKind {
    /// A browser app: public, no secret.
    #[default]
    Web,
    /// A mobile or desktop app: public, no secret, may use custom-scheme redirect URLs.
    Native,
    /// A back end that can keep a secret: confidential, Cognito generates its secret.
    Server,
    /// A service calling your APIs as itself, no user involved: client-credentials flow with a
    /// generated secret, access tokens carrying its `scopes`.
    Machine,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum AuthFlow {
    /// Secure Remote Password (the Amplify libraries' default).
    Srp,
    /// Refresh-token sign-in; required by Cognito.
    Refresh,
    /// Plain user name and password over TLS (needed by user migration triggers).
    Password,
    /// Custom challenges through Lambda triggers.
    Custom,
    /// Choice-based sign-in (passwordless and passkeys).
    UserAuth,
    /// Server-side sign-in with administrator credentials (server clients only).
    AdminPassword,
}

impl AuthFlow {
    pub fn cognito_name(self) -> &'static str {
        match self {
            AuthFlow::Srp => "ALLOW_USER_SRP_AUTH",
            AuthFlow::Refresh => "ALLOW_REFRESH_TOKEN_AUTH",
            AuthFlow::Password => "ALLOW_USER_PASSWORD_AUTH",
            AuthFlow::Custom => "ALLOW_CUSTOM_AUTH",
            AuthFlow::UserAuth => "ALLOW_USER_AUTH",
            AuthFlow::AdminPassword => "ALLOW_ADMIN_USER_PASSWORD_AUTH",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Client {
    /// Letters, digits, `_` and `-`.
    #[schemars(length(min = 1, max = 64), pattern(r"^[A-Za-z][A-Za-z0-9_-]*$"))]
    pub name: String,
    #[serde(default)]
    pub kind: ClientKind,
    #[serde(default = "default_auth_flows")]
    pub auth_flows: Vec<AuthFlow>,
    #[serde(default = "sixty")]
    #[schemars(range(min = 5, max = 1440))]
    pub access_token_minutes: u32,
    #[serde(default = "sixty")]
    #[schemars(range(min = 5, max = 1440))]
    pub id_token_minutes: u32,
    #[serde(default = "thirty")]
    #[schemars(range(min = 1, max = 3650))]
    pub refresh_token_days: u32,
    /// Whether this client uses the hosted UI (when one is configured).
    #[serde(default = "yes")]
    pub hosted_ui: bool,
    /// Redirect URLs of this client only (default: `hosted_ui.callback_urls`). Native clients
    /// may use a custom scheme such as `myapp://callback`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_urls: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logout_urls: Option<Vec<String>>,
    /// Each refresh also replaces the refresh token (a stolen one stops working once the app
    /// refreshes). The app then refreshes with GetTokensFromRefreshToken, so `refresh` leaves
    /// `auth_flows` (Cognito refuses REFRESH_TOKEN_AUTH on a rotating client).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_rotation: Option<RefreshTokenRotation>,
    /// `kind: machine` only: the scopes its tokens carry, `<resource server>/<scope>`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshTokenRotation {
    /// Seconds the replaced refresh token still works, so that a retried refresh succeeds.
    #[serde(default)]
    #[schemars(range(min = 0, max = 60))]
    pub retry_grace_seconds: u8,
}

fn default_auth_flows() -> Vec<AuthFlow> {
    vec![AuthFlow::Srp, AuthFlow::Refresh]
}
fn sixty() -> u32 {
    60
}
fn thirty() -> u32 {
    30
}

pub fn default_clients() -> Vec<Client> {
    vec![Client {
        name: "web".into(),
        kind: ClientKind::Web,
        auth_flows: default_auth_flows(),
        access_token_minutes: 60,
        id_token_minutes: 60,
        refresh_token_days: 30,
        hosted_ui: true,
        callback_urls: None,
        logout_urls: None,
        refresh_token_rotation: None,
        scopes: Vec::new(),
    }]
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum GroupRoles {
    /// Each group's role is chosen from the id token (`cognito:preferred_role`).
    #[default]
    Token,
    /// Groups get no role: every signed-in user gets the authenticated role.
    None,
}

/// What a signed-in user who belongs to no group gets when groups have roles. Group
/// precedences are unique, so every group member's id token names a role; only a user in no
/// group is "ambiguous" to the identity pool (`AmbiguousRoleResolution`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UsersWithoutGroup {
    /// The authenticated role's credentials (`AmbiguousRoleResolution: AuthenticatedRole`, as
    /// Amplify Gen 2 does).
    #[default]
    Authenticated,
    /// No AWS credentials at all (`AmbiguousRoleResolution: Deny`): only group members get
    /// credentials. Needs groups with roles (`group_roles: token`).
    NoCredentials,
}

/// The Cognito identity pool, which trades tokens (or nothing, for guests) for AWS credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IdentityPool {
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Give visitors who have not signed in (guests) credentials of the guest role.
    #[serde(default)]
    pub guest_access: bool,
    #[serde(default)]
    pub authenticated_role: RolePolicies,
    #[serde(default)]
    pub guest_role: RolePolicies,
    #[serde(default)]
    pub group_roles: GroupRoles,
    /// When groups have roles: what a signed-in user in no group gets. Default
    /// `authenticated` (the authenticated role); `no_credentials` gives only group members AWS
    /// credentials.
    #[serde(default)]
    pub users_without_group: UsersWithoutGroup,
    /// Group roles also carry every grant of the authenticated role (owner access included),
    /// because a group member gets the group's role *instead of* the authenticated role.
    #[serde(default = "yes")]
    pub groups_inherit_authenticated: bool,
}

impl Default for IdentityPool {
    fn default() -> Self {
        IdentityPool {
            enabled: true,
            guest_access: false,
            authenticated_role: RolePolicies::default(),
            guest_role: RolePolicies::default(),
            group_roles: GroupRoles::Token,
            users_without_group: UsersWithoutGroup::Authenticated,
            groups_inherit_authenticated: true,
        }
    }
}

/// Which event the pre-token-generation trigger receives, and so which tokens it may change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TokenTriggerVersion {
    /// The id token only (every plan).
    #[default]
    V1,
    /// The id and access tokens of signed-in users: scopes and claims in the access token
    /// (plan `essentials` or `plus`).
    V2,
    /// As `v2`, and also the access tokens of machine clients (client credentials)
    /// (plan `essentials` or `plus`).
    V3,
}

impl TokenTriggerVersion {
    /// Cognito's `LambdaVersion` of `PreTokenGenerationConfig`.
    pub fn cognito_name(self) -> &'static str {
        match self {
            TokenTriggerVersion::V1 => "V1_0",
            TokenTriggerVersion::V2 => "V2_0",
            TokenTriggerVersion::V3 => "V3_0",
        }
    }
}

/// What a trigger calls: an existing function by ARN, or a function of backend/functions/.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum TriggerTarget {
    /// `arn:aws:lambda:REGION:ACCOUNT:function:NAME`, a function deployed elsewhere.
    Arn(String),
    /// `{ function: NAME }`: the project function of backend/functions/NAME.yaml.
    Function(FunctionRef),
}

/// A function of backend/functions/, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FunctionRef {
    pub function: String,
}

impl TriggerTarget {
    /// The project function it names, if any.
    pub fn function(&self) -> Option<&str> {
        match self {
            TriggerTarget::Function(f) => Some(&f.function),
            TriggerTarget::Arn(_) => None,
        }
    }
}

/// Lambda triggers of the user pool, each a function ARN or a project function.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Triggers {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre_sign_up: Option<TriggerTarget>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_confirmation: Option<TriggerTarget>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre_authentication: Option<TriggerTarget>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_authentication: Option<TriggerTarget>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre_token_generation: Option<TriggerTarget>,
    /// The event `pre_token_generation` receives: `v1` (default) changes the id token only,
    /// `v2` also the access token (access-token customization), `v3` also machine clients'
    /// access tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre_token_generation_version: Option<TokenTriggerVersion>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_message: Option<TriggerTarget>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub define_auth_challenge: Option<TriggerTarget>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_auth_challenge: Option<TriggerTarget>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verify_auth_challenge_response: Option<TriggerTarget>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_migration: Option<TriggerTarget>,
}

impl Triggers {
    /// The triggers' names in the configuration, in Cognito's order of events.
    pub const NAMES: [&'static str; 10] = [
        "pre_sign_up",
        "post_confirmation",
        "pre_authentication",
        "post_authentication",
        "pre_token_generation",
        "custom_message",
        "define_auth_challenge",
        "create_auth_challenge",
        "verify_auth_challenge_response",
        "user_migration",
    ];

    /// The setting of the trigger `name` (one of [`Triggers::NAMES`]).
    pub fn slot_mut(&mut self, name: &str) -> Option<&mut Option<TriggerTarget>> {
        Some(match name {
            "pre_sign_up" => &mut self.pre_sign_up,
            "post_confirmation" => &mut self.post_confirmation,
            "pre_authentication" => &mut self.pre_authentication,
            "post_authentication" => &mut self.post_authentication,
            "pre_token_generation" => &mut self.pre_token_generation,
            "custom_message" => &mut self.custom_message,
            "define_auth_challenge" => &mut self.define_auth_challenge,
            "create_auth_challenge" => &mut self.create_auth_challenge,
            "verify_auth_challenge_response" => &mut self.verify_auth_challenge_response,
            "user_migration" => &mut self.user_migration,
            _ => return None,
        })
    }

    /// (config name, CloudFormation `LambdaConfig` property, target) for each trigger set.
    pub fn configured(&self) -> Vec<(&'static str, &'static str, &TriggerTarget)> {
        let all = [
            ("pre_sign_up", "PreSignUp", &self.pre_sign_up),
            (
                "post_confirmation",
                "PostConfirmation",
                &self.post_confirmation,
            ),
            (
                "pre_authentication",
                "PreAuthentication",
                &self.pre_authentication,
            ),
            (
                "post_authentication",
                "PostAuthentication",
                &self.post_authentication,
            ),
            (
                "pre_token_generation",
                "PreTokenGeneration",
                &self.pre_token_generation,
            ),
            ("custom_message", "CustomMessage", &self.custom_message),
            (
                "define_auth_challenge",
                "DefineAuthChallenge",
                &self.define_auth_challenge,
            ),
            (
                "create_auth_challenge",
                "CreateAuthChallenge",
                &self.create_auth_challenge,
            ),
            (
                "verify_auth_challenge_response",
                "VerifyAuthChallengeResponse",
                &self.verify_auth_challenge_response,
            ),
            ("user_migration", "UserMigration", &self.user_migration),
        ];
        all.into_iter()
            .filter_map(|(n, p, a)| a.as_ref().map(|a| (n, p, a)))
            .collect()
    }
}
