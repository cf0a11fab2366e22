//! Adopted resources (`environments.<env>.adopt` in cogform.yaml): which of an environment's
//! resources describe live ones, and their retention. CloudFormation's resource import needs a
//! `DeletionPolicy` on every imported resource; cogform retains what it adopts, so removing it
//! from the template later never deletes what the team had before cogform.

use serde_json::{Map, Value, json};

use crate::config::project::Environment;

/// Resource types adopted with the user pool: they live inside it.
pub const WITH_USER_POOL: &[&str] = &[
    "AWS::Cognito::UserPool",
    "AWS::Cognito::UserPoolClient",
    "AWS::Cognito::UserPoolGroup",
    "AWS::Cognito::UserPoolDomain",
    "AWS::Cognito::UserPoolIdentityProvider",
];

/// The logical ids and types of the resources an environment adopts, in id order.
pub fn adopted(template: &Value, env: &Environment) -> Vec<(String, String)> {
    template
        .get("Resources")
        .and_then(Value::as_object)
        .map_or_else(Vec::new, |resources| adopted_among(resources, env))
}

/// The same, among a template's `Resources`.
fn adopted_among(resources: &Map<String, Value>, env: &Environment) -> Vec<(String, String)> {
    let Some(adopt) = &env.adopt else {
        return Vec::new();
    };
    let bucket_names: Vec<&str> = adopt.buckets.values().map(String::as_str).collect();
    resources
        .iter()
        .filter_map(|(id, r)| {
            let kind = r.get("Type")?.as_str()?;
            let adopted = match kind {
                k if WITH_USER_POOL.contains(&k) => adopt.user_pool.is_some(),
                "AWS::Cognito::IdentityPool" => adopt.identity_pool.is_some(),
                "AWS::S3::Bucket" => r
                    .pointer("/Properties/BucketName")
                    .and_then(Value::as_str)
                    .is_some_and(|n| bucket_names.contains(&n)),
                _ => false,
            };
            adopted.then(|| (id.clone(), kind.to_string()))
        })
        .collect()
}

/// Retains every adopted resource (deleting or replacing it in the stack keeps the live one).
pub fn retain(template: &mut Map<String, Value>, env: &Environment) {
    let Some(Value::Object(resources)) = template.get_mut("Resources") else {
        return;
    };
    for (id, _) in adopted_among(resources, env) {
        if let Some(Value::Object(r)) = resources.get_mut(&id) {
            r.insert("DeletionPolicy".into(), json!("Retain"));
            r.insert("UpdateReplacePolicy".into(), json!("Retain"));
        }
    }
}
