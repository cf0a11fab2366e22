//! Content checks that apply to every string of every file, whatever its field: plaintext
//! secrets pasted by mistake, and substitution syntax that CloudFormation or IAM would
//! interpret (`{{resolve:…}}`, `${…}`) in places where it would smuggle in references.

use serde_json::Value;

use crate::diagnostic::pointer_segment;

/// A finding: the pointer of the string, the message and a hint. Never contains the value.
pub struct Finding {
    pub pointer: String,
    /// The finding is about the key of the entry at `pointer`, not its value.
    pub key: bool,
    pub message: &'static str,
    pub help: &'static str,
    /// About substitution syntax (`${…}`, `{{resolve:…}}`), not about the content.
    pub substitution: bool,
}

/// Fields where `${…}` is legitimate: IAM policy resources and condition values, whose
/// placeholders are checked against an allow-list by the semantic rules.
fn substitution_allowed(pointer: &str) -> bool {
    let parts: Vec<&str> = pointer.split('/').collect();
    parts.windows(3).any(|w| {
        w[0] == "policies"
            && w[1].parse::<usize>().is_ok()
            && (w[2] == "resources" || w[2] == "conditions")
    })
}

pub(crate) fn looks_like_secret(s: &str) -> bool {
    let aws_key = |prefix: &str| {
        s.match_indices(prefix).any(|(i, _)| {
            let rest = &s[i + prefix.len()..];
            rest.len() >= 16
                && rest
                    .bytes()
                    .take(16)
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        })
    };
    s.contains("GOCSPX-")
        || s.contains("-----BEGIN")
        || aws_key("AKIA")
        || aws_key("ASIA")
        || s.contains("xoxb-")
        || s.contains("ghp_")
}

pub fn scan(value: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    walk(value, String::new(), &mut out);
    out
}

/// The checks that apply to CloudFormation written by hand (`backend/overrides.yaml`):
/// plaintext secrets and control characters. `${…}` is `Fn::Sub`'s (its names are resolved
/// against the template) and a dynamic reference is how a template names a secret.
pub fn scan_cloudformation(value: &Value) -> Vec<Finding> {
    scan(value)
        .into_iter()
        .filter(|f| !f.substitution)
        .collect()
}

fn walk(value: &Value, pointer: String, out: &mut Vec<Finding>) {
    match value {
        Value::String(s) => check_string(s, &pointer, false, out),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, format!("{pointer}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                let child = format!("{pointer}/{}", pointer_segment(k));
                check_string(k, &child, true, out);
                walk(v, child, out);
            }
        }
        _ => {}
    }
}

/// Checks one string; `is_key` for mapping keys, where `${…}` is never legitimate (IAM does
/// not evaluate policy variables in condition keys, and nothing else takes them).
fn check_string(s: &str, pointer: &str, is_key: bool, out: &mut Vec<Finding>) {
    if looks_like_secret(s) {
        out.push(Finding {
            pointer: pointer.to_string(),
            key: is_key,
            message: "this looks like a plaintext secret (value not shown)",
            help: "store it in AWS Secrets Manager and write `{ secret: NAME }` instead",
            substitution: false,
        });
    } else if s.to_ascii_lowercase().contains("{{resolve:") {
        out.push(Finding {
            pointer: pointer.to_string(),
            key: is_key,
            message: "CloudFormation dynamic references (`{{resolve:…}}`) are not allowed in cogform files",
            help: "secrets are written as `{ secret: NAME }`; cogform renders the reference itself",
            substitution: true,
        });
    } else if s.contains("${") && (is_key || !substitution_allowed(pointer)) {
        out.push(Finding {
            pointer: pointer.to_string(),
            key: is_key,
            message: "`${…}` substitution syntax is not allowed in this field",
            help: "write the literal text; placeholders are only accepted in policy resources and conditions",
            substitution: true,
        });
    } else if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        out.push(Finding {
            pointer: pointer.to_string(),
            key: is_key,
            message: "contains a control character",
            help: "remove it: only printable text, tabs and newlines are accepted",
            substitution: false,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flags_secrets_references_and_substitutions_by_place() {
        let v = json!({
            "a": "GOCSPX-abcdef",
            "b": "x {{resolve:ssm:/p}}",
            "c": "${AWS::AccountId}",
            "groups": [{"policies": [{"resources": ["arn:${AWS::Partition}:s3:::b"]}]}],
            "d": "AKIAABCDEFGHIJKLMNOP",
            "e": "fine text: with {{ braces }}"
        });
        let found: Vec<String> = scan(&v).into_iter().map(|f| f.pointer).collect();
        assert_eq!(found, vec!["/a", "/b", "/c", "/d"]);
    }

    #[test]
    fn substitutions_in_keys_are_refused_even_under_conditions() {
        let v = json!({"policies": [{"conditions": {"StringEquals": {
            "aws:PrincipalTag/${Foo}": "${aws:userid}"
        }}}]});
        let found: Vec<String> = scan(&v).into_iter().map(|f| f.pointer).collect();
        // Only the key: the value is a condition value, checked by the policy rules.
        assert_eq!(
            found,
            vec!["/policies/0/conditions/StringEquals/aws:PrincipalTag~1${Foo}"]
        );
    }
}
