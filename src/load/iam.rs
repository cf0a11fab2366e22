//! IAM's own spelling in the policy statements of backend/auth.yaml. Users paste statements
//! from AWS documentation and the console, so `Sid`, `Effect`, `Action`, `Resource` and
//! `Condition` (with `Allow`/`Deny`, and one `Action` or `Resource` string instead of a list)
//! are read as cogform's `sid`, `effect`, `actions`, `resources` and `conditions` before the
//! schema sees the file: a statement renders the same template whichever spelling it uses.
//! What has no cogform equivalent (`NotAction`, `NotResource`, `Principal`) is refused with
//! the reason and what to write instead. Condition operators are IAM's already.

use serde_json::{Map, Value};

use crate::config::FileKind;
use crate::config::common::IAM_KEYS;

/// IAM statement keys cogform refuses: (key, why, what to do instead).
const REFUSED: [(&str, &str, &str); 4] = [
    (
        "NotAction",
        "`NotAction` is refused: it grants every action except the ones listed",
        "list the actions to allow under `actions:`",
    ),
    (
        "NotResource",
        "`NotResource` is refused: it grants on every resource except the ones listed",
        "list the resources under `resources:`",
    ),
    (
        "Principal",
        "`Principal` has no place in a role's policy: the statement applies to whoever holds the role",
        "remove it; to choose who gets the statement, put it under that group's `policies` or under `identity_pool.authenticated_role`/`guest_role`",
    ),
    (
        "NotPrincipal",
        "`NotPrincipal` has no place in a role's policy: the statement applies to whoever holds the role",
        "remove it; to choose who gets the statement, put it under that group's `policies` or under `identity_pool.authenticated_role`/`guest_role`",
    ),
];

/// A statement key that cannot be read, located by its JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub pointer: String,
    pub message: String,
    pub help: String,
}

/// What [`normalize`] did: keys renamed (`from` pointer → `to` pointer) and keys refused.
#[derive(Debug, Default)]
pub struct Normalized {
    pub renamed: Vec<(String, String)>,
    pub refused: Vec<Refused>,
}

/// Rewrites IAM's spelling into cogform's in every policy statement of `value` (an auth file;
/// other kinds of file have no statements). Refused keys are taken out, so the schema does not
/// report them a second time.
pub fn normalize(kind: FileKind, value: &mut Value) -> Normalized {
    let mut out = Normalized::default();
    if kind != FileKind::Auth {
        return out;
    }
    let mut lists = vec![
        "/identity_pool/authenticated_role/policies".to_string(),
        "/identity_pool/guest_role/policies".to_string(),
    ];
    if let Some(groups) = value.get("groups").and_then(Value::as_array) {
        lists.extend((0..groups.len()).map(|i| format!("/groups/{i}/policies")));
    }
    for list in lists {
        let Some(Value::Array(statements)) = value.pointer_mut(&list) else {
            continue;
        };
        for (i, st) in statements.iter_mut().enumerate() {
            if let Value::Object(map) = st {
                statement(&format!("{list}/{i}"), map, &mut out);
            }
        }
    }
    out
}

fn statement(here: &str, map: &mut Map<String, Value>, out: &mut Normalized) {
    for (iam, ours) in IAM_KEYS {
        let Some(value) = map.shift_remove(iam) else {
            continue;
        };
        if map.contains_key(ours) {
            out.refused.push(Refused {
                pointer: format!("{here}/{iam}"),
                message: format!("`{iam}` and `{ours}` are the same field, written twice"),
                help: format!("keep only one of them: `{ours}:` or IAM's `{iam}:`"),
            });
            continue;
        }
        // IAM takes one action or resource as a plain string.
        let value = match (ours, value) {
            ("actions" | "resources", Value::String(one)) => Value::Array(vec![Value::String(one)]),
            (_, value) => value,
        };
        map.insert(ours.to_string(), value);
        out.renamed
            .push((format!("{here}/{iam}"), format!("{here}/{ours}")));
    }
    if let Some(Value::String(effect)) = map.get_mut("effect")
        && matches!(effect.as_str(), "Allow" | "Deny")
    {
        *effect = effect.to_lowercase();
    }
    for (key, message, help) in REFUSED {
        if map.shift_remove(key).is_some() {
            out.refused.push(Refused {
                pointer: format!("{here}/{key}"),
                message: message.to_string(),
                help: help.to_string(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn normalized(statement: Value) -> (Value, Normalized) {
        let mut v = json!({"identity_pool": {"authenticated_role": {"policies": [statement]}}});
        let n = normalize(FileKind::Auth, &mut v);
        (
            v["identity_pool"]["authenticated_role"]["policies"][0].clone(),
            n,
        )
    }

    #[test]
    fn iam_spelling_becomes_cogform_spelling() {
        let (st, n) = normalized(json!({
            "Sid": "Read", "Effect": "Allow", "Action": "dynamodb:GetItem",
            "Resource": ["arn:aws:dynamodb:eu-west-1:1:table/T"],
            "Condition": {"StringEquals": {"aws:PrincipalTag/team": "a"}}
        }));
        assert_eq!(
            st,
            json!({
                "sid": "Read", "effect": "allow", "actions": ["dynamodb:GetItem"],
                "resources": ["arn:aws:dynamodb:eu-west-1:1:table/T"],
                "conditions": {"StringEquals": {"aws:PrincipalTag/team": "a"}}
            })
        );
        assert_eq!(n.renamed.len(), 5);
        assert!(n.refused.is_empty());
        let (st, _) =
            normalized(json!({"effect": "Deny", "actions": ["s3:*"], "resources": ["*"]}));
        assert_eq!(st["effect"], "deny");
    }

    #[test]
    fn refused_keys_and_both_spellings() {
        let (st, n) = normalized(json!({
            "Action": ["s3:GetObject"], "actions": ["s3:GetObject"], "NotResource": "x",
            "resources": ["arn:aws:s3:::b/*"]
        }));
        assert_eq!(
            st,
            json!({"actions": ["s3:GetObject"], "resources": ["arn:aws:s3:::b/*"]})
        );
        let refused: Vec<&str> = n.refused.iter().map(|r| r.pointer.as_str()).collect();
        assert_eq!(
            refused,
            [
                "/identity_pool/authenticated_role/policies/0/Action",
                "/identity_pool/authenticated_role/policies/0/NotResource"
            ]
        );
    }

    #[test]
    fn other_files_are_left_alone() {
        let mut v =
            json!({"identity_pool": {"authenticated_role": {"policies": [{"Action": "x"}]}}});
        let before = v.clone();
        normalize(FileKind::Storage, &mut v);
        assert_eq!(v, before);
    }
}
