//! The deployment the session commands talk to: its Region, user pool, app client, identity
//! pool and API endpoints, read from an `amplify_outputs.json` (the one `cogform outputs`
//! writes, or the same document made in memory from the stack's outputs).

use std::collections::BTreeMap;

use serde_json::Value;

use super::Failure;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub region: String,
    pub user_pool_id: String,
    pub client_id: String,
    pub identity_pool_id: Option<String>,
    pub guests: bool,
    /// API name → (endpoint URL, Region).
    pub apis: BTreeMap<String, (String, String)>,
}

impl Target {
    /// Reads the ids from an `amplify_outputs.json` document; `source` names it in errors.
    pub fn from_outputs(doc: &Value, source: &str) -> Result<Target, Failure> {
        let auth = &doc["auth"];
        let text = |v: &Value, key: &str| -> Result<String, Failure> {
            v[key]
                .as_str()
                .filter(|s| !s.is_empty())
                .map(String::from)
                .ok_or_else(|| {
                    Failure::invalid(
                        format!("{source} has no `auth.{key}`"),
                        "write it with `cogform outputs --stack-outputs FILE`, or pass `--stack-outputs FILE`",
                    )
                })
        };
        let region = text(auth, "aws_region")?;
        let user_pool_id = text(auth, "user_pool_id")?;
        let client_id = text(auth, "user_pool_client_id")?;
        let mut apis = BTreeMap::new();
        if let Some(map) = doc["custom"]["API"].as_object() {
            for (name, api) in map {
                if let Some(endpoint) = api["endpoint"].as_str() {
                    let api_region = api["region"].as_str().unwrap_or(&region).to_string();
                    apis.insert(name.clone(), (endpoint.to_string(), api_region));
                }
            }
        }
        Ok(Target {
            identity_pool_id: auth["identity_pool_id"].as_str().map(String::from),
            guests: auth["unauthenticated_identities_enabled"]
                .as_bool()
                .unwrap_or(false),
            region,
            user_pool_id,
            client_id,
            apis,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_ids_and_names_what_is_missing() {
        let doc = json!({
            "version": "1.4",
            "auth": { "aws_region": "eu-west-1", "user_pool_id": "eu-west-1_A", "user_pool_client_id": "c",
                      "identity_pool_id": "eu-west-1:1", "unauthenticated_identities_enabled": true },
            "custom": { "API": { "photos": { "endpoint": "https://x.execute-api.eu-west-1.amazonaws.com/dev", "region": "eu-west-1" } } }
        });
        let t = Target::from_outputs(&doc, "amplify_outputs.json").unwrap();
        assert_eq!(t.client_id, "c");
        assert!(t.guests);
        assert_eq!(
            t.apis["photos"].0,
            "https://x.execute-api.eu-west-1.amazonaws.com/dev"
        );
        let e = Target::from_outputs(&json!({"auth": {"aws_region": "r"}}), "f.json").unwrap_err();
        assert!(
            e.message.contains("f.json has no `auth.user_pool_id`"),
            "{}",
            e.message
        );
    }
}
