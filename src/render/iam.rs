//! IAM policy documents as CloudFormation values: trust policies for the identity pool roles
//! (SEC-01/02) and user statements with their placeholders turned into `Fn::Sub`.

use serde_json::{Value, json};

use crate::config::common::{ConditionValue, Effect, PolicyStatement};
use crate::validate::policy::{CFN_PLACEHOLDERS, IAM_VARIABLES};

pub const POLICY_VERSION: &str = "2012-10-17";

/// Who may assume an identity pool role: only tokens of *this* identity pool (`aud`), and only
/// for the right kind of identity (`amr`: `authenticated` or `unauthenticated`).
pub fn identity_pool_trust(identity_pool_id: &str, amr: &str, sid: &str) -> Value {
    json!({
        "Version": POLICY_VERSION,
        "Statement": [{
            "Sid": sid,
            "Effect": "Allow",
            "Principal": {"Federated": "cognito-identity.amazonaws.com"},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {
                "StringEquals": {"cognito-identity.amazonaws.com:aud": {"Ref": identity_pool_id}},
                "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": amr}
            }
        }]
    })
}

/// A string as CloudFormation should see it: literal when it has no CloudFormation
/// placeholder, else `Fn::Sub` with IAM policy variables escaped as `${!…}` so CloudFormation
/// leaves them for IAM to evaluate.
pub fn sub_if_needed(text: &str) -> Value {
    if !CFN_PLACEHOLDERS
        .iter()
        .any(|p| text.contains(&format!("${{{p}}}")))
    {
        return Value::String(text.to_string());
    }
    let mut escaped = text.to_string();
    for var in IAM_VARIABLES {
        escaped = escaped.replace(&format!("${{{var}}}"), &format!("${{!{var}}}"));
    }
    json!({ "Fn::Sub": escaped })
}

fn condition_value(v: &ConditionValue) -> Value {
    match v {
        ConditionValue::One(s) => sub_if_needed(s),
        ConditionValue::Many(list) => Value::Array(list.iter().map(|s| sub_if_needed(s)).collect()),
    }
}

/// User statements as IAM JSON; each `Sid` is the user's or `<prefix><index>`, so every
/// statement of the template traces back to the config entry that produced it (SEC-25).
pub fn statements(policies: &[PolicyStatement], sid_prefix: &str) -> Vec<Value> {
    policies
        .iter()
        .enumerate()
        .map(|(i, st)| {
            let sid = st.sid.clone().unwrap_or_else(|| format!("{sid_prefix}{i}"));
            let mut v = json!({
                "Sid": sid,
                "Effect": match st.effect { Effect::Allow => "Allow", Effect::Deny => "Deny" },
                "Action": st.actions,
                "Resource": st.resources.iter().map(|r| sub_if_needed(r)).collect::<Vec<_>>(),
            });
            if !st.conditions.is_empty() {
                let cond: serde_json::Map<String, Value> = st
                    .conditions
                    .iter()
                    .map(|(op, keys)| {
                        let inner: serde_json::Map<String, Value> = keys
                            .iter()
                            .map(|(k, v)| (k.clone(), condition_value(v)))
                            .collect();
                        (op.clone(), Value::Object(inner))
                    })
                    .collect();
                v["Condition"] = Value::Object(cond);
            }
            v
        })
        .collect()
}

/// The statements whose risk the config accepts (`accept_risk`), each named by the `Sid` it
/// renders with: the user's `sid` behind `user_sid_prefix` (a group's id, so it matches the
/// group role's Sids), else `<sid_prefix><index>`.
pub fn accepted_risks(
    policies: &[PolicyStatement],
    sid_prefix: &str,
    user_sid_prefix: &str,
) -> Vec<Value> {
    policies
        .iter()
        .enumerate()
        .filter_map(|(i, st)| {
            let acc = st.accept_risk.as_ref()?;
            let sid = match &st.sid {
                Some(sid) => format!("{user_sid_prefix}{sid}"),
                None => format!("{sid_prefix}{i}"),
            };
            Some(json!({"Sid": sid, "Class": acc.class.id(), "Reason": acc.reason}))
        })
        .collect()
}

/// A role's `Metadata` listing its accepted risks, or nothing when there are none.
pub fn accepted_risks_metadata(accepted: Vec<Value>) -> Option<Value> {
    (!accepted.is_empty()).then(|| json!({"cogform": {"AcceptedRisks": accepted}}))
}

/// A role's inline `Policies` entry, or nothing when there are no statements.
pub fn inline_policy(name: &str, statements: Vec<Value>) -> Option<Value> {
    (!statements.is_empty()).then(|| {
        json!({
            "PolicyName": name,
            "PolicyDocument": {"Version": POLICY_VERSION, "Statement": statements}
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_fn_sub_with_iam_variables_escaped() {
        assert_eq!(sub_if_needed("arn:aws:s3:::b/x"), json!("arn:aws:s3:::b/x"));
        assert_eq!(
            sub_if_needed("arn:${AWS::Partition}:s3:::b/${cognito-identity.amazonaws.com:sub}/*"),
            json!({"Fn::Sub": "arn:${AWS::Partition}:s3:::b/${!cognito-identity.amazonaws.com:sub}/*"})
        );
        // Without a CloudFormation placeholder, the IAM variable stays literal for IAM.
        assert_eq!(
            sub_if_needed("arn:aws:s3:::b/${cognito-identity.amazonaws.com:sub}"),
            json!("arn:aws:s3:::b/${cognito-identity.amazonaws.com:sub}")
        );
    }

    #[test]
    fn trust_policy_has_aud_and_amr() {
        let t = identity_pool_trust("IdentityPool", "authenticated", "X");
        let st = &t["Statement"][0];
        assert_eq!(
            st["Condition"]["StringEquals"]["cognito-identity.amazonaws.com:aud"],
            json!({"Ref": "IdentityPool"})
        );
        assert_eq!(
            st["Condition"]["ForAnyValue:StringLike"]["cognito-identity.amazonaws.com:amr"],
            json!("authenticated")
        );
    }
}
