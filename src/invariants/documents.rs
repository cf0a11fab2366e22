//! What every template must say of itself: no secret value in plain text (SEC-24), and every
//! policy statement named by a `Sid`, unique in its document, so each grant traces to the rule
//! that made it (SEC-25; `cogform access` and accepted risks name statements by it).

use std::collections::BTreeSet;

use serde_json::Value;

use super::{Template, Violation, list, push, statements};

/// Property names (lower case, without `_`) whose values are secrets wherever they appear.
const SECRET_KEYS: [&str; 7] = [
    "clientsecret",
    "privatekey",
    "secretstring",
    "password",
    "masteruserpassword",
    "secretaccesskey",
    "authtoken",
];

/// The resource types whose policy documents SEC-25 reads.
const POLICY_HOLDERS: [&str; 5] = [
    "AWS::IAM::Role",
    "AWS::IAM::Policy",
    "AWS::IAM::ManagedPolicy",
    "AWS::IAM::RolePolicy",
    "AWS::S3::BucketPolicy",
];

/// Whether a secret-named value is written in plain text rather than as a dynamic reference
/// (or any other intrinsic, such as a `NoEcho` parameter's `Ref`).
fn plain_secret(value: &Value) -> bool {
    let text = value
        .as_str()
        .or_else(|| value.get("Fn::Sub").and_then(Value::as_str));
    text.is_some_and(|t| !t.is_empty() && !t.contains("{{resolve:"))
}

/// One step of the path to a value: a key or a list index.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Whether `key` names a secret: `client_secret`, `ClientSecret` and `clientsecret` alike.
fn is_secret_key(key: &str) -> bool {
    SECRET_KEYS.iter().any(|secret| {
        key.chars()
            .filter(|c| *c != '_')
            .map(|c| c.to_ascii_lowercase())
            .eq(secret.chars())
    })
}

/// Each secret-named key under `value` holding plain text, as a `/`-separated path (built
/// only for what is found: this walks every property of every resource on every build).
fn secrets<'a>(value: &'a Value, at: &mut Vec<Step<'a>>, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                at.push(Step::Key(key));
                if is_secret_key(key) && plain_secret(v) {
                    found.push(
                        at.iter()
                            .map(|s| match s {
                                Step::Key(k) => (*k).to_string(),
                                Step::Index(i) => i.to_string(),
                            })
                            .collect::<Vec<_>>()
                            .join("/"),
                    );
                } else {
                    secrets(v, at, found);
                }
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                at.push(Step::Index(i));
                secrets(v, at, found);
                at.pop();
            }
        }
        _ => {}
    }
}

impl Template<'_> {
    /// SEC-24. The value itself is never repeated in the message.
    pub(super) fn plain_secrets(&self, out: &mut Vec<Violation>) {
        for (id, resource) in self.resources {
            let mut found = Vec::new();
            secrets(
                Self::props(resource),
                &mut vec![Step::Key("Properties")],
                &mut found,
            );
            for path in found {
                push(
                    out,
                    24,
                    id,
                    format!(
                        "`{path}` holds a secret in plain text: write a dynamic reference (`{{{{resolve:secretsmanager:…}}}}`)"
                    ),
                );
            }
        }
    }

    /// SEC-25.
    pub(super) fn statement_ids(&self, out: &mut Vec<Violation>) {
        for kind in POLICY_HOLDERS {
            for (id, resource) in self.of_type(kind) {
                let p = Self::props(resource);
                let documents = ["PolicyDocument", "AssumeRolePolicyDocument"]
                    .into_iter()
                    .filter_map(|k| p.get(k))
                    .chain(
                        list(p.get("Policies"))
                            .into_iter()
                            .filter_map(|x| x.get("PolicyDocument")),
                    );
                for document in documents {
                    let mut seen = BTreeSet::new();
                    for st in statements(Some(document)) {
                        match st
                            .get("Sid")
                            .and_then(Value::as_str)
                            .filter(|s| !s.is_empty())
                        {
                            None => push(
                                out,
                                25,
                                id,
                                "a policy statement has no `Sid`: name it after what it is for, so the access matrix and reviews can trace it",
                            ),
                            Some(sid) if !seen.insert(sid) => push(
                                out,
                                25,
                                id,
                                format!(
                                    "two statements of one policy document share the `Sid` `{sid}`"
                                ),
                            ),
                            Some(_) => {}
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Intent, check};
    use serde_json::json;

    #[test]
    fn secrets_are_references_and_never_repeated() {
        let t = |secret: serde_json::Value| {
            json!({ "Resources": { "Google": { "Type": "AWS::Cognito::UserPoolIdentityProvider",
                "Properties": { "ProviderDetails": { "client_id": "id", "client_secret": secret } } } } })
        };
        let by_reference = t(json!(
            "{{resolve:secretsmanager:app/google:SecretString:client_secret}}"
        ));
        assert!(check(&by_reference, &Intent::default()).is_empty());
        let plain = check(&t(json!("hunter2-very-secret")), &Intent::default());
        assert_eq!(plain.len(), 1, "{plain:?}");
        assert_eq!(plain[0].rule, 24);
        assert!(
            !plain[0].message.contains("hunter2"),
            "{}",
            plain[0].message
        );
        assert!(plain[0].message.contains("ProviderDetails/client_secret"));
    }

    #[test]
    fn every_statement_has_a_sid_of_its_own() {
        let t = |sts: serde_json::Value| {
            json!({ "Resources": { "P": { "Type": "AWS::IAM::ManagedPolicy",
                "Properties": { "PolicyDocument": { "Statement": sts } } } } })
        };
        let st = |sid: Option<&str>| {
            let mut v =
                json!({"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/x"});
            if let Some(s) = sid {
                v["Sid"] = json!(s);
            }
            v
        };
        assert!(
            check(
                &t(json!([st(Some("A")), st(Some("B"))])),
                &Intent::default()
            )
            .is_empty()
        );
        let broken: Vec<u8> = check(
            &t(json!([st(None), st(Some("A")), st(Some("A"))])),
            &Intent::default(),
        )
        .iter()
        .map(|v| v.rule)
        .collect();
        assert_eq!(broken, [25, 25]);
    }
}
