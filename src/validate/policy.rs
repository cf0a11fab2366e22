//! Rules for user-supplied IAM statements (SEC-12): nothing that is `*`, a whole service, or an
//! IAM/STS action may be allowed; resources are ARNs whose placeholders come from an allow-list.
//! What each action does and whom it endangers is judged by `crate::iam::judge` (AWS's action
//! catalogue and the risk classes), whose findings are located here.

use crate::config::common::{Effect, PolicyStatement};
use crate::load::Document;

/// Placeholders accepted in resources and condition values. The CloudFormation pseudo
/// parameters are resolved at deploy time; the IAM policy variables at request time.
pub const CFN_PLACEHOLDERS: [&str; 3] = ["AWS::Partition", "AWS::Region", "AWS::AccountId"];
pub const IAM_VARIABLES: [&str; 3] = [
    "cognito-identity.amazonaws.com:sub",
    "cognito-identity.amazonaws.com:aud",
    "aws:userid",
];

pub use crate::iam::Audience;

const CONDITION_OPERATORS: [&str; 23] = [
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool",
    "BinaryEquals",
    "IpAddress",
    "NotIpAddress",
    "ArnLike",
];

fn known_operator(op: &str) -> bool {
    let op = op
        .strip_prefix("ForAnyValue:")
        .or_else(|| op.strip_prefix("ForAllValues:"))
        .unwrap_or(op);
    let op = op.strip_suffix("IfExists").unwrap_or(op);
    CONDITION_OPERATORS.contains(&op) || MORE_OPERATORS.contains(&op)
}

const MORE_OPERATORS: [&str; 4] = ["ArnEquals", "ArnNotEquals", "ArnNotLike", "Null"];

/// IAM's exact spelling of an operator written in another case (`stringequals`,
/// `forAnyValue:stringLike`), if it is one.
fn operator_spelling(op: &str) -> Option<String> {
    let lower = op.to_ascii_lowercase();
    let (set, rest) = ["ForAnyValue:", "ForAllValues:"]
        .iter()
        .find_map(|p| {
            lower
                .strip_prefix(&p.to_ascii_lowercase())
                .map(|rest| (*p, rest))
        })
        .unwrap_or(("", lower.as_str()));
    let (rest, if_exists) = match rest.strip_suffix("ifexists") {
        Some(r) => (r, "IfExists"),
        None => (rest, ""),
    };
    CONDITION_OPERATORS
        .iter()
        .chain(MORE_OPERATORS.iter())
        .find(|o| o.eq_ignore_ascii_case(rest))
        .map(|o| format!("{set}{o}{if_exists}"))
}

/// Why a `${…}` placeholder in `text` is refused, if it is.
pub fn placeholder_problem(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            return Some("has an unclosed `${`".into());
        };
        let name = &after[..end];
        if !CFN_PLACEHOLDERS.contains(&name) && !IAM_VARIABLES.contains(&name) {
            return Some(format!(
                "uses an unknown placeholder; accepted: {}",
                CFN_PLACEHOLDERS
                    .iter()
                    .chain(IAM_VARIABLES.iter())
                    .map(|p| format!("${{{p}}}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        rest = &after[end + 1..];
    }
    None
}

fn action_problem(action: &str, effect: Effect) -> Option<String> {
    let Some((service, name)) = action.split_once(':') else {
        return Some(if action == "*" {
            "`*` allows every action of every service".into()
        } else {
            "must have the form `service:Action`".into()
        });
    };
    let service_ok = !service.is_empty()
        && service
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    let name_ok = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '*');
    if !service_ok || !name_ok {
        return Some("must have the form `service:Action`".into());
    }
    if effect == Effect::Deny {
        return None;
    }
    if name.chars().all(|c| c == '*') {
        return Some(format!(
            "`{service}:*` allows every action of the service; list the actions needed"
        ));
    }
    if matches!(
        service,
        "iam" | "sts" | "organizations" | "cognito-identity"
    ) {
        return Some(format!(
            "`{service}` actions could let a user escalate privileges; they are refused"
        ));
    }
    None
}

fn resource_problem(resource: &str, effect: Effect) -> Option<String> {
    if resource == "*" {
        return (effect == Effect::Allow)
            .then(|| "`*` grants on every resource; name the ARNs".into());
    }
    if !resource.starts_with("arn:") {
        return Some(
            "must be an ARN (`arn:${AWS::Partition}:service:region:account:resource`)".into(),
        );
    }
    if resource.chars().any(char::is_whitespace) {
        return Some("contains white space".into());
    }
    // Placeholders contain `:` themselves; count the ARN's parts with each one as a token.
    let mut flat = resource.to_string();
    for p in CFN_PLACEHOLDERS.iter().chain(IAM_VARIABLES.iter()) {
        flat = flat.replace(&format!("${{{p}}}"), "X");
    }
    let parts: Vec<&str> = flat.splitn(6, ':').collect();
    if parts.len() < 6 || parts[2].is_empty() {
        return Some(
            "must have six `:`-separated parts (`arn:partition:service:region:account:resource`)"
                .into(),
        );
    }
    if effect == Effect::Allow && parts[2].contains('*') {
        return Some("the service part of the ARN may not be a wildcard".into());
    }
    // `*`, `*/*`, `*:*`: every resource (every object of every bucket) all the same.
    let only_wildcards = parts[5].chars().all(|c| matches!(c, '*' | '/' | ':'));
    if effect == Effect::Allow && only_wildcards && parts[2] != "execute-api" {
        return Some("grants on every resource of the service; name the resources".into());
    }
    placeholder_problem(resource)
}

/// Prefixes of the statement ids cogform generates (`Authenticated0`, `GroupAdmins1`, …).
const GENERATED_SID_PREFIXES: [&str; 3] = ["Authenticated", "Guest", "Group"];

/// Why a user's statement id could collide with a generated one, if it could. Group
/// statements are prefixed with the group's id, so a sid must also start with a letter.
fn sid_problem(sid: &str) -> Option<String> {
    if !sid.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Some("statement ids start with a letter".into());
    }
    GENERATED_SID_PREFIXES
        .iter()
        .find(|p| sid.starts_with(*p))
        .map(|p| {
            format!("statement ids starting with `{p}` are reserved for the ones cogform generates")
        })
}

/// Checks the statements at `pointer` (a `policies` list) of `doc`.
pub fn check_statements(
    statements: &[PolicyStatement],
    audience: Audience,
    doc: &Document,
    pointer: &str,
    out: &mut Vec<crate::diagnostic::Diagnostic>,
) {
    let mut sids: Vec<&str> = Vec::new();
    for (i, st) in statements.iter().enumerate() {
        let here = format!("{pointer}/{i}");
        if let Some(sid) = &st.sid {
            if sids.contains(&sid.as_str()) {
                out.push(doc.at(&format!("{here}/sid"), "duplicate statement id"));
            }
            if let Some(why) = sid_problem(sid) {
                out.push(doc.at(&format!("{here}/sid"), why));
            }
            sids.push(sid);
        }
        let mut malformed = Vec::new();
        for (j, action) in st.actions.iter().enumerate() {
            if let Some(why) = action_problem(action, st.effect) {
                out.push(doc.at(&format!("{here}/actions/{j}"), why));
                malformed.push(format!("/actions/{j}"));
            }
        }
        for f in crate::iam::judge(st, audience) {
            if malformed.contains(&f.at) {
                continue;
            }
            let at = format!("{here}{}", f.at);
            let d = if f.on_key {
                doc.at_key(&at, f.message)
            } else {
                doc.at(&at, f.message)
            };
            out.push(d.with_help(f.help));
        }
        for (j, resource) in st.resources.iter().enumerate() {
            if let Some(why) = resource_problem(resource, st.effect) {
                out.push(doc.at(&format!("{here}/resources/{j}"), why));
            }
        }
        for (op, keys) in &st.conditions {
            let op_ptr = format!(
                "{here}/conditions/{}",
                crate::diagnostic::pointer_segment(op)
            );
            if !known_operator(op) {
                let d = doc.at_key(&op_ptr, "unknown IAM condition operator");
                out.push(match operator_spelling(op) {
                    Some(iam) => d.with_help(format!("IAM spells it `{iam}`: write `{iam}:`")),
                    None => d.with_help(
                        "use one of IAM's operators, spelled as IAM does (`StringEquals`, `ForAnyValue:StringLike`, `ArnLike`, …)",
                    ),
                });
            }
            for (key, value) in keys {
                let key_ptr = format!("{op_ptr}/{}", crate::diagnostic::pointer_segment(key));
                if !key.contains(':') {
                    out.push(doc.at_key(&key_ptr, "condition keys have the form `service:key`"));
                }
                let values: Vec<&String> = match value {
                    crate::config::common::ConditionValue::One(v) => vec![v],
                    crate::config::common::ConditionValue::Many(v) => v.iter().collect(),
                };
                for v in values {
                    if let Some(why) = placeholder_problem(v) {
                        out.push(doc.at(&key_ptr, why));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions() {
        assert!(action_problem("*", Effect::Allow).is_some());
        assert!(action_problem("s3:*", Effect::Allow).is_some());
        assert!(action_problem("iam:PassRole", Effect::Allow).is_some());
        assert!(action_problem("sts:AssumeRole", Effect::Allow).is_some());
        assert!(action_problem("S3:GetObject", Effect::Allow).is_some());
        assert_eq!(action_problem("dynamodb:PutItem", Effect::Allow), None);
        assert_eq!(action_problem("s3:*", Effect::Deny), None);
    }

    #[test]
    fn operators_in_iam_spelling_and_their_rewrites() {
        for ok in [
            "StringEquals",
            "ForAnyValue:StringLike",
            "ForAllValues:StringEquals",
            "StringLikeIfExists",
            "Null",
            "ArnNotLike",
        ] {
            assert!(known_operator(ok), "{ok}");
        }
        for (bad, iam) in [
            ("stringequals", "StringEquals"),
            ("forAnyValue:stringLike", "ForAnyValue:StringLike"),
            ("STRINGLIKEIFEXISTS", "StringLikeIfExists"),
            ("null", "Null"),
        ] {
            assert!(!known_operator(bad), "{bad}");
            assert_eq!(operator_spelling(bad).as_deref(), Some(iam));
        }
        assert_eq!(operator_spelling("string_equals"), None);
    }

    #[test]
    fn resources() {
        assert!(resource_problem("*", Effect::Allow).is_some());
        assert_eq!(resource_problem("*", Effect::Deny), None);
        assert!(resource_problem("arn:aws:s3:::*", Effect::Allow).is_some());
        assert!(resource_problem("arn:aws:s3:::*/*", Effect::Allow).is_some());
        assert!(resource_problem("arn:aws:dynamodb:*:*:*", Effect::Allow).is_some());
        assert!(resource_problem("arn:aws:*:*:*:table/x", Effect::Allow).is_some());
        assert_eq!(resource_problem("arn:aws:s3:::*/*", Effect::Deny), None);
        assert_eq!(resource_problem("arn:aws:s3:::b/*", Effect::Allow), None);
        assert!(resource_problem("table/x", Effect::Allow).is_some());
        assert!(resource_problem("arn:aws:dynamodb:${Evil}:1:table/x", Effect::Allow).is_some());
        assert_eq!(
            resource_problem(
                "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/Photos",
                Effect::Allow
            ),
            None
        );
    }
}

#[cfg(test)]
mod sid_tests {
    use super::sid_problem;

    #[test]
    fn user_sids_cannot_look_generated() {
        assert_eq!(sid_problem("ReadPhotos"), None);
        for bad in ["Authenticated1", "Guest0", "GroupAdmins0", "0", "9Lives"] {
            assert!(sid_problem(bad).is_some(), "{bad}");
        }
    }
}
