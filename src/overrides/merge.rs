//! The merge rule of `backend/overrides.yaml`: maps merge deeply, lists and scalars replace,
//! `null` removes the key. One function, so the README's sentence and the code cannot drift.

use serde_json::{Map, Value};

/// Merges `patch` into `target` in place.
pub fn deep_merge(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => merge_maps(t, p),
        (t, p) => *t = p.clone(),
    }
}

/// Merges the entries of `patch` into `target`: `null` removes, maps recurse, the rest replaces.
pub fn merge_maps(target: &mut Map<String, Value>, patch: &Map<String, Value>) {
    for (key, value) in patch {
        match value {
            Value::Null => {
                target.remove(key);
            }
            Value::Object(_) => match target.get_mut(key) {
                Some(existing @ Value::Object(_)) => deep_merge(existing, value),
                _ => {
                    target.insert(key.clone(), without_nulls(value));
                }
            },
            _ => {
                target.insert(key.clone(), value.clone());
            }
        }
    }
}

/// A new map written where there was none: its `null`s remove nothing, so they are dropped
/// (CloudFormation has no use for a property set to null).
fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The dotted paths of the leaves a patch sets or removes (`Policies.PasswordPolicy.MinimumLength`),
/// each with its JSON pointer relative to the patch.
pub fn leaves(patch: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    walk(patch, String::new(), String::new(), &mut out);
    out
}

fn walk(value: &Value, dotted: String, pointer: String, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(m) if !m.is_empty() => {
            for (k, v) in m {
                let d = if dotted.is_empty() {
                    k.clone()
                } else {
                    format!("{dotted}.{k}")
                };
                let p = format!("{pointer}/{}", crate::diagnostic::pointer_segment(k));
                walk(v, d, p, out);
            }
        }
        _ => out.push((dotted, pointer)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn maps_merge_lists_and_scalars_replace_null_removes() {
        let mut t = json!({
            "Policies": {"PasswordPolicy": {"MinimumLength": 12, "RequireSymbols": true}},
            "Tags": [{"Key": "a", "Value": "1"}],
            "MfaConfiguration": "OPTIONAL",
            "Keep": 1
        });
        deep_merge(
            &mut t,
            &json!({
                "Policies": {"PasswordPolicy": {"TemporaryPasswordValidityDays": 3}},
                "Tags": [{"Key": "b", "Value": "2"}],
                "MfaConfiguration": null,
                "New": {"A": 1, "B": null}
            }),
        );
        assert_eq!(
            t,
            json!({
                "Policies": {"PasswordPolicy": {"MinimumLength": 12, "RequireSymbols": true, "TemporaryPasswordValidityDays": 3}},
                "Tags": [{"Key": "b", "Value": "2"}],
                "Keep": 1,
                "New": {"A": 1}
            })
        );
    }

    #[test]
    fn leaves_name_every_value_set() {
        let l = leaves(&json!({"Policies": {"PasswordPolicy": {"MinimumLength": 6}}, "X": null}));
        assert_eq!(
            l,
            vec![
                (
                    "Policies.PasswordPolicy.MinimumLength".to_string(),
                    "/Policies/PasswordPolicy/MinimumLength".to_string()
                ),
                ("X".to_string(), "/X".to_string())
            ]
        );
    }
}
