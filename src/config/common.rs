//! Shapes shared by several files: secret references and IAM policy statements.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A reference to a secret in AWS Secrets Manager. cogform never sees the secret's value: it
/// renders a CloudFormation dynamic reference that CloudFormation resolves at deploy time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecretRef {
    /// Name (or ARN) of the Secrets Manager secret.
    #[schemars(length(min = 1, max = 512), pattern(r"^[A-Za-z0-9/_+=.@:-]+$"))]
    pub secret: String,
    /// JSON key inside the secret, when the secret holds a JSON object of several values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 128), pattern(r"^[A-Za-z0-9_.-]+$"))]
    pub key: Option<String>,
}

/// A value that is either public text (such as an OAuth client id) or a secret reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum TextOrSecret {
    Text(#[schemars(length(min = 1, max = 256))] String),
    Secret(SecretRef),
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Effect {
    #[default]
    Allow,
    Deny,
}

/// A condition value: one string or a list of strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ConditionValue {
    One(String),
    Many(Vec<String>),
}

/// An extra IAM statement for a role. Checked before rendering: no `*` action or resource,
/// no whole-service wildcard, no IAM or STS actions in an Allow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyStatement {
    /// Statement id (letters and digits); by default derived from where the statement is
    /// declared, so every statement in the template traces back to the config.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 64), pattern(r"^[A-Za-z0-9]+$"))]
    pub sid: Option<String>,
    #[serde(default)]
    pub effect: Effect,
    /// Actions such as `dynamodb:GetItem`.
    #[schemars(length(min = 1, max = 100))]
    pub actions: Vec<String>,
    /// Resource ARNs. `${AWS::Partition}`, `${AWS::Region}`, `${AWS::AccountId}` and
    /// `${cognito-identity.amazonaws.com:sub}` (the caller's identity id) may be used.
    #[schemars(length(min = 1, max = 100))]
    pub resources: Vec<String>,
    /// IAM conditions: operator → condition key → value(s).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub conditions: BTreeMap<String, BTreeMap<String, ConditionValue>>,
}

/// Extra statements attached to a role.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RolePolicies {
    #[serde(default)]
    pub policies: Vec<PolicyStatement>,
}
