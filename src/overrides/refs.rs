//! The names an override refers to: `Ref`, `Fn::GetAtt`, the `${…}` of `Fn::Sub` and
//! `DependsOn`. Each must be a resource of the final template, a parameter or a pseudo
//! parameter (`AWS::Region`…); CloudFormation would otherwise refuse the template at deploy time.

use serde_json::Value;

use crate::diagnostic::pointer_segment;

/// One name used, where (pointer relative to the walked value), and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub name: String,
    pub pointer: String,
    pub how: &'static str,
}

/// Every name `value` refers to.
pub fn references(value: &Value) -> Vec<Reference> {
    let mut out = Vec::new();
    walk(value, String::new(), &[], &mut out);
    out
}

fn walk(value: &Value, pointer: String, locals: &[String], out: &mut Vec<Reference>) {
    match value {
        Value::Object(m) => {
            if m.len() == 1 {
                let (key, arg) = m.iter().next().expect("one entry");
                let at = format!("{pointer}/{}", pointer_segment(key));
                match (key.as_str(), arg) {
                    ("Ref", Value::String(name)) => {
                        return push(out, name, at, "Ref");
                    }
                    ("Fn::GetAtt", Value::String(dotted)) => {
                        let name = dotted.split('.').next().unwrap_or_default();
                        return push(out, name, at, "Fn::GetAtt");
                    }
                    ("Fn::GetAtt", Value::Array(parts)) => {
                        if let Some(Value::String(name)) = parts.first() {
                            push(out, name, format!("{at}/0"), "Fn::GetAtt");
                        }
                        for (i, p) in parts.iter().enumerate().skip(1) {
                            walk(p, format!("{at}/{i}"), locals, out);
                        }
                        return;
                    }
                    ("Fn::Sub", Value::String(text)) => {
                        return sub_names(text, &at, locals, out);
                    }
                    ("Fn::Sub", Value::Array(parts)) => {
                        let vars: Vec<String> = parts
                            .get(1)
                            .and_then(Value::as_object)
                            .map(|v| v.keys().cloned().collect())
                            .unwrap_or_default();
                        if let Some(Value::String(text)) = parts.first() {
                            sub_names(text, &format!("{at}/0"), &vars, out);
                        }
                        if let Some(v) = parts.get(1) {
                            walk(v, format!("{at}/1"), locals, out);
                        }
                        return;
                    }
                    _ => {}
                }
            }
            for (k, v) in m {
                walk(v, format!("{pointer}/{}", pointer_segment(k)), locals, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                walk(v, format!("{pointer}/{i}"), locals, out);
            }
        }
        _ => {}
    }
}

fn push(out: &mut Vec<Reference>, name: &str, pointer: String, how: &'static str) {
    out.push(Reference {
        name: name.to_string(),
        pointer,
        how,
    });
}

/// The `${Name}` / `${Name.Attr}` of an `Fn::Sub` text; `${!…}` is a literal and names in
/// the variable map are local.
fn sub_names(text: &str, pointer: &str, locals: &[String], out: &mut Vec<Reference>) {
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        let inner = after[..end].trim();
        rest = &after[end + 1..];
        if inner.starts_with('!') || inner.is_empty() {
            continue;
        }
        let name = inner.split('.').next().unwrap_or_default();
        // IAM policy variables (`${aws:username}`, `${cognito-identity.amazonaws.com:sub}`)
        // pass through Fn::Sub untouched only when escaped; a colon without `::` is one.
        if inner.contains(':') && !inner.contains("::") {
            continue;
        }
        if !locals.iter().any(|l| l == name) {
            push(out, name, pointer.to_string(), "Fn::Sub");
        }
    }
}

/// Pseudo parameters every template may name.
pub fn is_pseudo(name: &str) -> bool {
    matches!(
        name,
        "AWS::AccountId"
            | "AWS::NotificationARNs"
            | "AWS::NoValue"
            | "AWS::Partition"
            | "AWS::Region"
            | "AWS::StackId"
            | "AWS::StackName"
            | "AWS::URLSuffix"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn names(v: Value) -> Vec<(String, String)> {
        references(&v)
            .into_iter()
            .map(|r| (r.name, r.pointer))
            .collect()
    }

    #[test]
    fn finds_ref_getatt_and_sub_names() {
        let found = names(json!({
            "A": {"Ref": "UserPool"},
            "B": {"Fn::GetAtt": ["Table", "Arn"]},
            "C": {"Fn::GetAtt": "Role.Arn"},
            "D": {"Fn::Sub": "arn:${AWS::Partition}:x:::${Bucket}/${!Literal}/${Api.RootResourceId}"},
            "E": {"Fn::Sub": ["${Local}-${Other}", {"Local": {"Ref": "Thing"}}]},
            "F": {"Fn::Sub": "${aws:username}"}
        }));
        assert_eq!(
            found,
            vec![
                ("UserPool".into(), "/A/Ref".into()),
                ("Table".into(), "/B/Fn::GetAtt/0".into()),
                ("Role".into(), "/C/Fn::GetAtt".into()),
                ("AWS::Partition".into(), "/D/Fn::Sub".into()),
                ("Bucket".into(), "/D/Fn::Sub".into()),
                ("Api".into(), "/D/Fn::Sub".into()),
                ("Other".into(), "/E/Fn::Sub/0".into()),
                ("Thing".into(), "/E/Fn::Sub/1/Local/Ref".into()),
            ]
        );
    }
}
