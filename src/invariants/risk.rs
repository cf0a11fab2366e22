//! How risky one IAM policy statement is when it is granted to app users (an identity-pool
//! role). The single place where a statement is judged: the IAM risk catalogue (issue 15)
//! replaces the body of [`judge`] without touching its callers.

use serde_json::Value;

use crate::config::common::{Effect, PolicyStatement};
use crate::iam::Audience;

/// Why a statement is too broad to give to every app user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Risk {
    /// What the statement does, in words (no values the user did not write).
    pub what: String,
}

/// The risks of one `Allow` statement granted to app users (a `Deny` is never a risk here).
pub fn judge(statement: &Value) -> Vec<Risk> {
    let mut out = Vec::new();
    if statement.get("Effect").and_then(Value::as_str) != Some("Allow") {
        return out;
    }
    if statement.get("NotAction").is_some() {
        out.push(Risk {
            what: "allows with `NotAction` (every action but some)".into(),
        });
    }
    if statement.get("NotResource").is_some() {
        out.push(Risk {
            what: "allows with `NotResource` (every resource but some)".into(),
        });
    }
    for action in strings(statement.get("Action")) {
        let lower = action.to_ascii_lowercase();
        let service = lower.split(':').next().unwrap_or_default();
        if action == "*" {
            out.push(Risk {
                what: "allows every action (`*`)".into(),
            });
        } else if lower.ends_with(":*") {
            out.push(Risk {
                what: format!("allows every action of a service (`{action}`)"),
            });
        } else if (service == "iam" || service == "sts") && action.contains('*') {
            out.push(Risk {
                what: format!("allows a wildcard of IAM or STS actions (`{action}`)"),
            });
        }
    }
    for resource in strings(statement.get("Resource")) {
        if resource == "*" {
            out.push(Risk {
                what: "allows on every resource (`*`)".into(),
            });
        }
    }
    out
}

/// The findings of AWS's action catalogue (`iam::judge`, the rules statements written in
/// auth.yaml meet) on a template statement granted to `who`. Statements whose actions or
/// resources are not plain text (intrinsic functions other than `Fn::Sub`) are judged on what
/// is text.
pub fn judge_with_catalogue(statement: &Value, who: &[Audience]) -> Vec<Risk> {
    let text = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        other => other
            .get("Fn::Sub")
            .and_then(Value::as_str)
            .map(str::to_string),
    };
    let many = |v: Option<&Value>| -> Vec<String> {
        match v {
            Some(Value::Array(a)) => a.iter().filter_map(text).collect(),
            Some(one) => text(one).into_iter().collect(),
            None => Vec::new(),
        }
    };
    let st = PolicyStatement {
        sid: None,
        effect: if statement.get("Effect").and_then(Value::as_str) == Some("Deny") {
            Effect::Deny
        } else {
            Effect::Allow
        },
        actions: many(statement.get("Action")),
        resources: many(statement.get("Resource")),
        conditions: statement
            .get("Condition")
            .and_then(|c| serde_json::from_value(c.clone()).ok())
            .unwrap_or_default(),
        accept_risk: None,
    };
    let mut out: Vec<Risk> = Vec::new();
    for audience in who {
        for f in crate::iam::judge(&st, *audience) {
            let risk = Risk { what: f.message };
            if !out.contains(&risk) {
                out.push(risk);
            }
        }
    }
    out
}

/// A string or a list of strings (`Action`, `Resource`); intrinsic functions are skipped.
fn strings(v: Option<&Value>) -> Vec<&str> {
    match v {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wildcards_and_not_elements_are_risks_denies_are_not() {
        let risky = json!({"Effect": "Allow", "Action": ["s3:GetObject", "iam:Pass*", "dynamodb:*"], "Resource": "*"});
        assert_eq!(judge(&risky).len(), 3);
        let deny = json!({"Effect": "Deny", "Action": "*", "Resource": "*"});
        assert!(judge(&deny).is_empty());
        let ok = json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": {"Fn::Sub": "arn:${AWS::Partition}:s3:::b/*"}});
        assert!(judge(&ok).is_empty());
    }
}
