//! Risk classes of IAM actions as data (`data/iam-catalogue/risk-classes.json`): which
//! actions escalate privileges, exfiltrate data, expose resources, modify infrastructure or
//! expose credentials, each rule with its reason. Parsed on first use, like the catalogue.

use std::sync::OnceLock;

use serde::Deserialize;

use super::catalogue::{Action, Level, glob_match};
use crate::config::common::RiskClass;

static TEXT: &str = include_str!("../../data/iam-catalogue/risk-classes.json");
static TABLE: OnceLock<Table> = OnceLock::new();

#[derive(Debug, Deserialize)]
pub struct ClassText {
    /// `privilege escalation`
    pub name: String,
    /// Why the class matters for credentials held in a browser.
    pub why: String,
}

#[derive(Debug, Deserialize)]
pub struct Rule {
    pub actions: Vec<String>,
    #[serde(default)]
    pub levels: Vec<String>,
    #[serde(default)]
    pub except: Vec<String>,
    pub class: RiskClass,
    pub reason: String,
}

#[derive(Debug, Deserialize)]
pub struct Table {
    pub classes: std::collections::BTreeMap<RiskClass, ClassText>,
    /// The usual right way, for every class.
    pub instead: String,
    /// How to accept a class deliberately (`<class>` stands for its id); never for guests.
    pub accept: String,
    pub rules: Vec<Rule>,
}

/// The table, parsed on first call. The file is part of the binary and checked by a test, so
/// a parse failure is a build defect, reported as an empty table rather than a crash.
pub fn table() -> &'static Table {
    TABLE.get_or_init(|| {
        serde_json::from_str(TEXT).unwrap_or_else(|_| Table {
            classes: Default::default(),
            instead: String::new(),
            accept: String::new(),
            rules: Vec::new(),
        })
    })
}

fn matches(pattern: &str, action: &Action) -> bool {
    let (service, name) = pattern.split_once(':').unwrap_or((pattern, ""));
    glob_match(service, action.service) && glob_match(name, action.name)
}

impl Rule {
    pub fn applies(&self, action: &Action) -> bool {
        self.actions.iter().any(|p| matches(p, action))
            && (self.levels.is_empty() || self.levels.iter().any(|l| l == action.level.name()))
            && !self.except.iter().any(|p| matches(p, action))
    }
}

/// Every class of an action with the reason of the first rule that gives it, in class order.
pub fn classes_of(action: &Action) -> Vec<(RiskClass, &'static str)> {
    let mut out: Vec<(RiskClass, &'static str)> = Vec::new();
    for rule in &table().rules {
        if rule.applies(action) && !out.iter().any(|(c, _)| *c == rule.class) {
            out.push((rule.class, rule.reason.as_str()));
        }
    }
    out.sort_by_key(|(c, _)| *c);
    out
}

/// The human name of a class (`privilege escalation`).
pub fn name(class: RiskClass) -> &'static str {
    table()
        .classes
        .get(&class)
        .map_or(class.id(), |t| t.name.as_str())
}

/// Why a class matters for credentials held in a browser.
pub fn why(class: RiskClass) -> &'static str {
    table().classes.get(&class).map_or("", |t| t.why.as_str())
}

/// Levels named in the data file must be AWS's own.
pub fn level_names() -> impl Iterator<Item = &'static str> {
    Level::ALL.iter().map(|l| l.name())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::catalogue;

    fn classes(action: &str) -> Vec<RiskClass> {
        let cat = catalogue::get();
        let found = cat.expand(action).unwrap_or_default();
        assert_eq!(found.len(), 1, "{action}");
        classes_of(found[0]).into_iter().map(|(c, _)| c).collect()
    }

    #[test]
    fn the_table_parses_and_every_rule_names_known_actions_and_levels() {
        let t: Table = serde_json::from_str(TEXT).expect("risk-classes.json parses");
        assert_eq!(t.classes.len(), RiskClass::ALL.len());
        let cat = catalogue::get();
        for rule in &t.rules {
            assert!(!rule.reason.is_empty());
            for l in &rule.levels {
                assert!(level_names().any(|n| n == l), "unknown level {l}");
            }
            for p in rule.actions.iter().chain(&rule.except) {
                let hit = cat.actions().any(|a| matches(p, a));
                assert!(hit, "{p} names no action of the catalogue");
            }
        }
    }

    #[test]
    fn the_issue_examples_have_their_classes() {
        use RiskClass::*;
        assert_eq!(
            classes("cognito-idp:AdminAddUserToGroup"),
            [PrivilegeEscalation]
        );
        assert_eq!(classes("secretsmanager:GetSecretValue"), [DataExfiltration]);
        assert_eq!(classes("ssm:GetParametersByPath"), [DataExfiltration]);
        assert_eq!(classes("kms:Decrypt"), [DataExfiltration]);
        assert_eq!(classes("s3:PutBucketPolicy"), [ResourceExposure]);
        assert_eq!(classes("lambda:AddPermission"), [ResourceExposure]);
        assert_eq!(
            classes("lambda:UpdateFunctionCode"),
            [InfrastructureModification]
        );
        assert_eq!(classes("ec2:RunInstances"), [InfrastructureModification]);
        assert_eq!(
            classes("cloudformation:CreateStack"),
            [InfrastructureModification]
        );
        assert_eq!(classes("sts:AssumeRole"), [CredentialsExposure]);
        assert!(classes("iam:PassRole").contains(&PrivilegeEscalation));
        assert_eq!(classes("cognito-idp:ListUsers"), [DataExfiltration]);
        // The app's own data: no class.
        for plain in [
            "dynamodb:GetItem",
            "dynamodb:PutItem",
            "dynamodb:Query",
            "s3:GetObject",
            "s3:PutObject",
            "kinesis:PutRecord",
            "sqs:SendMessage",
            "execute-api:Invoke",
        ] {
            assert_eq!(classes(plain), [], "{plain}");
        }
    }
}
