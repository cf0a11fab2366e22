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

/// `allow` or `deny`; IAM's `Allow` and `Deny` are accepted too.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(extend("enum" = ["allow", "deny", "Allow", "Deny"]))]
pub enum Effect {
    #[default]
    #[serde(alias = "Allow")]
    Allow,
    #[serde(alias = "Deny")]
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
/// no whole-service wildcard, no IAM or STS actions in an Allow. IAM's own spelling
/// (`Sid`, `Effect: Allow`, `Action`, `Resource`, `Condition`) is accepted and renders the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = iam_spelling)]
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
    /// A deliberate exception to one risk class of cogform's IAM rules (`cogform validate`
    /// names the class): rendered into the role's metadata and listed by `cogform access`.
    /// Never for guests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accept_risk: Option<AcceptRisk>,
}

/// An explicit, named acknowledgement that a statement carries a risk on purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptRisk {
    /// The risk class `cogform validate` reported for the statement.
    pub class: RiskClass,
    /// Why this exception is needed and safe; shown in the template and by `cogform access`.
    #[schemars(length(min = 10, max = 500))]
    pub reason: String,
}

/// Risk classes of IAM actions held in browser credentials (after cloudsplaining's).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RiskClass {
    PrivilegeEscalation,
    DataExfiltration,
    ResourceExposure,
    InfrastructureModification,
    CredentialsExposure,
}

impl RiskClass {
    pub const ALL: [RiskClass; 5] = [
        RiskClass::PrivilegeEscalation,
        RiskClass::DataExfiltration,
        RiskClass::ResourceExposure,
        RiskClass::InfrastructureModification,
        RiskClass::CredentialsExposure,
    ];

    /// The spelling in backend/auth.yaml and in the data file (`privilege_escalation`).
    pub fn id(self) -> &'static str {
        match self {
            RiskClass::PrivilegeEscalation => "privilege_escalation",
            RiskClass::DataExfiltration => "data_exfiltration",
            RiskClass::ResourceExposure => "resource_exposure",
            RiskClass::InfrastructureModification => "infrastructure_modification",
            RiskClass::CredentialsExposure => "credentials_exposure",
        }
    }

    pub fn from_id(id: &str) -> Option<RiskClass> {
        RiskClass::ALL.into_iter().find(|c| c.id() == id)
    }
}

/// IAM's statement keys → cogform's: users paste IAM, so both spellings are read (`load::iam`).
pub const IAM_KEYS: [(&str, &str); 5] = [
    ("Sid", "sid"),
    ("Effect", "effect"),
    ("Action", "actions"),
    ("Resource", "resources"),
    ("Condition", "conditions"),
];

/// Extra statements attached to a role.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RolePolicies {
    #[serde(default)]
    pub policies: Vec<PolicyStatement>,
}

/// Lets editors accept IAM's spelling of a statement (`load::iam` reads it as cogform's): each
/// IAM key beside its cogform twin, `Action`/`Resource` also as one string, and either spelling
/// satisfying what is required.
fn iam_spelling(schema: &mut schemars::Schema) {
    let Some(properties) = schema
        .get_mut("properties")
        .and_then(serde_json::Value::as_object_mut)
    else {
        return;
    };
    let mut added = Vec::new();
    for (iam, ours) in IAM_KEYS {
        let Some(mut twin) = properties.get(ours).cloned() else {
            continue;
        };
        if let Some(twin) = twin.as_object_mut() {
            twin.remove("default");
            twin.insert(
                "description".into(),
                format!("IAM's spelling of `{ours}`.").into(),
            );
        }
        if matches!(ours, "actions" | "resources") {
            if let Some(list) = twin.as_object_mut() {
                list.remove("description");
            }
            twin = serde_json::json!({
                "description": format!("IAM's spelling of `{ours}`: one string or a list."),
                "anyOf": [{"type": "string", "minLength": 1}, twin],
            });
        }
        added.push((iam.to_string(), twin));
    }
    properties.extend(added);
    let required: Vec<String> = schema
        .remove("required")
        .and_then(|r| serde_json::from_value(r).ok())
        .unwrap_or_default();
    let either: Vec<serde_json::Value> = required
        .iter()
        .map(|ours| {
            let iam = IAM_KEYS
                .iter()
                .find(|(_, o)| o == ours)
                .map_or(ours.as_str(), |(i, _)| i);
            serde_json::json!({"anyOf": [{"required": [ours]}, {"required": [iam]}]})
        })
        .collect();
    if !either.is_empty() {
        schema.insert("allOf".into(), either.into());
    }
}
