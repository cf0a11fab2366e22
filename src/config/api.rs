//! `backend/api/<name>.yaml`: a REST API (API Gateway) whose methods are Lambda proxy
//! integrations, each with its authorizer and, for IAM, who may invoke it.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A REST API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiConfig {
    /// Lambda functions the methods call, by name (a method may also name a project function
    /// of backend/functions/).
    #[serde(default)]
    pub functions: BTreeMap<String, Function>,
    /// Paths (`/items`, `/items/{id}`, `/files/{proxy+}`) → HTTP method → method settings.
    pub paths: BTreeMap<String, BTreeMap<HttpMethod, Method>>,
    /// Browser access (CORS): adds OPTIONS methods answering preflight requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cors: Option<ApiCors>,
    #[serde(default)]
    pub throttling: Throttling,
    /// Days to keep access logs.
    #[serde(default = "default_retention")]
    pub log_retention_days: u32,
}

fn default_retention() -> u32 {
    365
}

/// A Lambda function: an existing one by ARN, or one the template creates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Function {
    Existing(ExistingFunction),
    Created(CreatedFunction),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExistingFunction {
    /// `arn:aws:lambda:REGION:ACCOUNT:function:NAME`
    pub arn: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatedFunction {
    /// A current Lambda runtime, e.g. `nodejs22.x`, `python3.13`.
    pub runtime: String,
    /// e.g. `index.handler`.
    pub handler: String,
    pub code: Code,
    #[serde(default = "default_memory")]
    #[schemars(range(min = 128, max = 10240))]
    pub memory_mb: u32,
    #[serde(default = "default_timeout")]
    #[schemars(range(min = 1, max = 29))]
    pub timeout_seconds: u32,
}

fn default_memory() -> u32 {
    256
}
fn default_timeout() -> u32 {
    10
}

/// Where the function's code is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Code {
    /// A zip already in S3.
    S3(S3Code),
    /// A local directory, uploaded by `aws cloudformation package`.
    Local(LocalCode),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct S3Code {
    pub s3_bucket: String,
    pub s3_key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocalCode {
    /// A folder (or a zip file) relative to the project root; must exist inside the project.
    pub path: String,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Any,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Head => "HEAD",
            HttpMethod::Any => "ANY",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Authorizer {
    /// SigV4-signed with identity pool credentials; who may call is `allow` (Amplify's default).
    #[default]
    Iam,
    /// A valid id token of this user pool (no scopes).
    CognitoIdToken,
    /// A valid access token of this user pool with the listed OAuth `scopes`.
    CognitoAccessToken,
    /// No authorization at all: anyone on the internet may call it. Warned about.
    None,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Method {
    /// Name of the function in `functions`.
    pub function: String,
    #[serde(default)]
    pub auth: Authorizer,
    /// With `auth: iam`: `guest`, `authenticated` and/or group names of backend/auth.yaml.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<String>,
    /// With `auth: cognito_access_token`: OAuth scopes the token must carry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiCors {
    /// Origins allowed to call the API from a browser. `*` only with `allow_any_origin: true`.
    #[schemars(length(min = 1, max = 100))]
    pub allowed_origins: Vec<String>,
    #[serde(default)]
    pub allow_any_origin: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Throttling {
    /// Steady-state requests per second.
    #[serde(default = "default_rate")]
    #[schemars(range(min = 1, max = 10000))]
    pub rate_per_second: u32,
    #[serde(default = "default_burst")]
    #[schemars(range(min = 1, max = 5000))]
    pub burst: u32,
}

fn default_rate() -> u32 {
    100
}
fn default_burst() -> u32 {
    200
}

impl Default for Throttling {
    fn default() -> Self {
        Throttling {
            rate_per_second: default_rate(),
            burst: default_burst(),
        }
    }
}
