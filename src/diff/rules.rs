//! What CloudFormation and the services do with a change, as data: one table per resource type
//! cogform emits (`data/change-rules/*.json`), each entry with its source. The create-only part
//! is refreshed from cfn-lint's resource schemas by `scripts/refresh-create-only.py`.

use std::collections::BTreeMap;

use serde::Deserialize;

/// Every rule table, embedded. A test checks every file of the folder is listed.
pub const TABLES: &[&str] = &[
    include_str!("../../data/change-rules/AWS_ApiGateway_Authorizer.json"),
    include_str!("../../data/change-rules/AWS_ApiGateway_Deployment.json"),
    include_str!("../../data/change-rules/AWS_ApiGateway_GatewayResponse.json"),
    include_str!("../../data/change-rules/AWS_ApiGateway_Method.json"),
    include_str!("../../data/change-rules/AWS_ApiGateway_Resource.json"),
    include_str!("../../data/change-rules/AWS_ApiGateway_RestApi.json"),
    include_str!("../../data/change-rules/AWS_ApiGateway_Stage.json"),
    include_str!("../../data/change-rules/AWS_Cognito_IdentityPool.json"),
    include_str!("../../data/change-rules/AWS_Cognito_IdentityPoolRoleAttachment.json"),
    include_str!("../../data/change-rules/AWS_Cognito_LogDeliveryConfiguration.json"),
    include_str!("../../data/change-rules/AWS_Cognito_ManagedLoginBranding.json"),
    include_str!("../../data/change-rules/AWS_Cognito_UserPool.json"),
    include_str!("../../data/change-rules/AWS_Cognito_UserPoolClient.json"),
    include_str!("../../data/change-rules/AWS_Cognito_UserPoolDomain.json"),
    include_str!("../../data/change-rules/AWS_Cognito_UserPoolGroup.json"),
    include_str!("../../data/change-rules/AWS_Cognito_UserPoolIdentityProvider.json"),
    include_str!("../../data/change-rules/AWS_Cognito_UserPoolResourceServer.json"),
    include_str!("../../data/change-rules/AWS_IAM_ManagedPolicy.json"),
    include_str!("../../data/change-rules/AWS_IAM_Role.json"),
    include_str!("../../data/change-rules/AWS_Lambda_Function.json"),
    include_str!("../../data/change-rules/AWS_Lambda_Permission.json"),
    include_str!("../../data/change-rules/AWS_Logs_LogGroup.json"),
    include_str!("../../data/change-rules/AWS_S3_Bucket.json"),
    include_str!("../../data/change-rules/AWS_S3_BucketPolicy.json"),
];

#[derive(Debug, Clone, Deserialize)]
pub struct Table {
    #[serde(rename = "type")]
    pub kind: String,
    /// Set for resources whose replacement or removal loses data.
    pub stateful: Option<Stateful>,
    pub create_only: CreateOnly,
    #[serde(default)]
    pub rejected: Vec<Rejected>,
    /// Changes the service makes in place that still lose users' data.
    #[serde(default)]
    pub loses_on_change: Vec<LossOnChange>,
}

/// A property whose change (or removal) is applied in place but loses what users set up with
/// it, such as the passkeys bound to a relying party.
#[derive(Debug, Clone, Deserialize)]
pub struct LossOnChange {
    pub property: String,
    /// What is lost, in a user's words.
    pub loses: String,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Stateful {
    /// What is lost, in a user's words.
    pub loses: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CreateOnly {
    pub properties: Vec<String>,
    pub source: String,
}

/// A change the service refuses in place (CloudFormation tries, and the deploy fails).
#[derive(Debug, Clone, Deserialize)]
pub struct Rejected {
    /// Dotted property path (`UsernameConfiguration.CaseSensitive`, `Schema`).
    pub property: String,
    /// `changed`, or for `Schema`: `attribute removed`, `attribute changed`,
    /// `required attribute added`.
    pub when: String,
    pub reason: String,
    pub source: String,
}

/// The tables by resource type.
pub struct Rules {
    pub tables: BTreeMap<String, Table>,
}

impl Rules {
    /// Parses the embedded tables (a malformed table is a build defect caught by the tests).
    pub fn load() -> Result<Self, serde_json::Error> {
        let mut tables = BTreeMap::new();
        for text in TABLES {
            let t: Table = serde_json::from_str(text)?;
            tables.insert(t.kind.clone(), t);
        }
        Ok(Rules { tables })
    }

    pub fn get(&self, kind: &str) -> Option<&Table> {
        self.tables.get(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_is_embedded_and_parses() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/change-rules");
        let on_disk = std::fs::read_dir(dir).unwrap().count();
        assert_eq!(on_disk, TABLES.len());
        let rules = Rules::load().unwrap();
        assert_eq!(rules.tables.len(), TABLES.len());
        for t in rules.tables.values() {
            assert!(
                !t.create_only.source.is_empty(),
                "{}: create-only source",
                t.kind
            );
            for r in &t.rejected {
                assert!(!r.source.is_empty() && !r.reason.is_empty(), "{}", t.kind);
            }
        }
    }

    #[test]
    fn cognito_and_s3_rules_are_pinned() {
        let rules = Rules::load().unwrap();
        let pool = rules.get("AWS::Cognito::UserPool").unwrap();
        assert!(
            pool.create_only.properties.is_empty(),
            "UserPool lists no create-only property"
        );
        assert!(pool.stateful.is_some());
        let rejected: Vec<(&str, &str)> = pool
            .rejected
            .iter()
            .map(|r| (r.property.as_str(), r.when.as_str()))
            .collect();
        for expected in [
            ("UsernameAttributes", "changed"),
            ("AliasAttributes", "changed"),
            ("UsernameConfiguration.CaseSensitive", "changed"),
            ("Schema", "attribute removed"),
            ("Schema", "attribute changed"),
            ("Schema", "required attribute added"),
        ] {
            assert!(rejected.contains(&expected), "{expected:?}");
        }
        let create_only = |t: &str| rules.get(t).unwrap().create_only.properties.clone();
        assert!(create_only("AWS::Cognito::UserPoolDomain").contains(&"Domain".to_string()));
        assert!(create_only("AWS::Cognito::UserPoolGroup").contains(&"GroupName".to_string()));
        assert!(
            create_only("AWS::Cognito::UserPoolClient").contains(&"GenerateSecret".to_string())
        );
        assert!(
            create_only("AWS::Cognito::UserPoolIdentityProvider")
                .contains(&"ProviderName".to_string())
        );
        assert!(create_only("AWS::S3::Bucket").contains(&"BucketName".to_string()));
        for stateful in [
            "AWS::Cognito::UserPool",
            "AWS::Cognito::IdentityPool",
            "AWS::S3::Bucket",
            "AWS::Cognito::UserPoolDomain",
        ] {
            assert!(
                rules.get(stateful).unwrap().stateful.is_some(),
                "{stateful}"
            );
        }
    }
}
