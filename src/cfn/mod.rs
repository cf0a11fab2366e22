//! CloudFormation's resource provider schemas, reduced to what an override is checked against
//! (property names, types, enums, required and read-only properties) and embedded:
//! `data/cfn-schemas/schemas.json`, pinned, with its source and version inside, refreshed by
//! `scripts/refresh-cfn-schemas.py` from the schemas cfn-lint ships.
//!
//! Parsed on first use only: a project without `backend/overrides.yaml` never pays for it.
//! Intrinsic functions (`Ref`, `Fn::…`) are accepted wherever a value goes: CloudFormation
//! resolves them at deploy time. Where the reduced schema says nothing (a choice between
//! shapes, a recursion), the value is accepted: the check must never refuse a valid template.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::diagnostic::pointer_segment;
use crate::load::schema::suggestion;

const DATA: &str = include_str!("../../data/cfn-schemas/schemas.json");

/// The embedded data.
#[derive(Debug, Deserialize)]
pub struct Schemas {
    pub source: String,
    pub types: BTreeMap<String, TypeSchema>,
}

#[derive(Debug, Deserialize)]
pub struct TypeSchema {
    pub properties: BTreeMap<String, Prop>,
    #[serde(default)]
    pub required: Vec<String>,
    #[serde(default)]
    pub read_only: Vec<String>,
}

/// One property's reduced schema.
#[derive(Debug, Default, Deserialize)]
pub struct Prop {
    /// JSON Schema type(s); absent: anything.
    #[serde(default)]
    pub t: Option<Value>,
    /// Inclusive bounds of a number.
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub r#enum: Option<Vec<String>>,
    #[serde(default)]
    pub props: Option<BTreeMap<String, Prop>>,
    #[serde(default)]
    pub items: Option<Box<Prop>>,
    /// Keys beyond `props` are allowed.
    #[serde(default)]
    pub open: bool,
}

/// The embedded schemas (parsed once, on first use).
pub fn schemas() -> &'static Schemas {
    static PARSED: OnceLock<Schemas> = OnceLock::new();
    PARSED.get_or_init(|| {
        serde_json::from_str(DATA).unwrap_or_else(|_| Schemas {
            source: "unreadable".into(),
            types: BTreeMap::new(),
        })
    })
}

/// A property problem: pointer relative to `Properties`, message, hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub pointer: String,
    pub at_key: bool,
    pub message: String,
    pub help: Option<String>,
}

/// The outcome of checking one resource's properties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked {
    Problems(Vec<Problem>),
    NoSchema,
}

/// Checks what an override wrote under `Properties` (`written`) for a resource of type
/// `kind`; `properties` are the resource's final properties (for the required ones of an
/// added resource).
pub fn check(kind: &str, properties: Option<&Value>, written: &Value, added: bool) -> Checked {
    let Some(schema) = schemas().types.get(kind) else {
        return Checked::NoSchema;
    };
    let mut out = Vec::new();
    if let Value::Object(w) = written {
        let known: Vec<String> = schema.properties.keys().cloned().collect();
        for (key, value) in w {
            let pointer = format!("/{}", pointer_segment(key));
            match schema.properties.get(key) {
                None => out.push(Problem {
                    pointer,
                    at_key: true,
                    message: format!("{kind} has no property `{key}`"),
                    help: suggestion(key, &known),
                }),
                Some(_) if schema.read_only.contains(key) => out.push(Problem {
                    pointer,
                    at_key: true,
                    message: format!(
                        "`{key}` is read-only: CloudFormation sets it ({kind} returns it with `Fn::GetAtt`)"
                    ),
                    help: Some("remove it".into()),
                }),
                Some(prop) => value_problems(prop, value, &pointer, key, &mut out),
            }
        }
    }
    if added {
        let have: Option<&Map<String, Value>> = properties.and_then(Value::as_object);
        let missing: Vec<&String> = schema
            .required
            .iter()
            .filter(|r| have.is_none_or(|h| !h.contains_key(*r)))
            .collect();
        if !missing.is_empty() {
            out.push(Problem {
                pointer: String::new(),
                at_key: true,
                message: format!(
                    "{kind} requires {}",
                    missing
                        .iter()
                        .map(|m| format!("`{m}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                help: None,
            });
        }
    }
    Checked::Problems(out)
}

fn is_intrinsic(v: &Value) -> bool {
    v.as_object().is_some_and(|m| {
        m.len() == 1
            && m.keys()
                .next()
                .is_some_and(|k| k == "Ref" || k.starts_with("Fn::") || k == "Condition")
    })
}

fn types_of(prop: &Prop) -> Vec<&str> {
    match &prop.t {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Whether `v` is acceptable where CloudFormation expects JSON type `t` (it converts
/// between scalars: `"7200"` is a fine integer, `7200` a fine string).
fn fits(t: &str, v: &Value) -> bool {
    match t {
        "string" => v.is_string() || v.is_number() || v.is_boolean(),
        "integer" => {
            v.is_i64() || v.is_u64() || v.as_str().is_some_and(|s| s.trim().parse::<i64>().is_ok())
        }
        "number" => v.is_number() || v.as_str().is_some_and(|s| s.trim().parse::<f64>().is_ok()),
        "boolean" => v.is_boolean() || matches!(v.as_str(), Some("true" | "false")),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => true,
    }
}

fn type_words(t: &str) -> &'static str {
    match t {
        "string" => "text",
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "true or false",
        "array" => "a list",
        "object" => "a mapping",
        _ => "another type",
    }
}

fn value_problems(prop: &Prop, v: &Value, pointer: &str, name: &str, out: &mut Vec<Problem>) {
    if v.is_null() || is_intrinsic(v) {
        return;
    }
    let types = types_of(prop);
    if !types.is_empty() && !types.iter().any(|t| fits(t, v)) {
        out.push(Problem {
            pointer: pointer.to_string(),
            at_key: false,
            message: format!(
                "`{name}` takes {}",
                types
                    .iter()
                    .map(|t| type_words(t))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
            help: None,
        });
        return;
    }
    let number = v
        .as_f64()
        .or_else(|| v.as_str().and_then(|s| s.trim().parse::<f64>().ok()));
    if let Some(n) = number.filter(|_| types.iter().any(|t| *t == "integer" || *t == "number")) {
        let below = prop.min.is_some_and(|m| n < m);
        let above = prop.max.is_some_and(|m| n > m);
        if below || above {
            let bound = |b: Option<f64>| b.map_or("…".to_string(), |b| b.to_string());
            out.push(Problem {
                pointer: pointer.to_string(),
                at_key: false,
                message: format!(
                    "`{name}` is between {} and {}",
                    bound(prop.min),
                    bound(prop.max)
                ),
                help: None,
            });
            return;
        }
    }
    if let (Some(allowed), Some(s)) = (&prop.r#enum, v.as_str())
        && !allowed.iter().any(|a| a == s)
    {
        out.push(Problem {
            pointer: pointer.to_string(),
            at_key: false,
            message: format!("`{name}` is one of: {}", allowed.join(", ")),
            help: suggestion(s, allowed).filter(|h| h.starts_with("did you mean")),
        });
        return;
    }
    match v {
        Value::Object(m) => {
            if let Some(props) = &prop.props {
                let known: Vec<String> = props.keys().cloned().collect();
                for (k, child) in m {
                    let p = format!("{pointer}/{}", pointer_segment(k));
                    match props.get(k) {
                        Some(c) => value_problems(c, child, &p, k, out),
                        None if !prop.open => out.push(Problem {
                            pointer: p,
                            at_key: true,
                            message: format!("`{name}` has no property `{k}`"),
                            help: suggestion(k, &known),
                        }),
                        None => {}
                    }
                }
            }
        }
        Value::Array(items) => {
            if let Some(item) = &prop.items {
                for (i, child) in items.iter().enumerate() {
                    value_problems(item, child, &format!("{pointer}/{i}"), name, out);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn problems(kind: &str, written: Value) -> Vec<String> {
        match check(kind, Some(&written), &written, false) {
            Checked::Problems(p) => p
                .into_iter()
                .map(|p| format!("{} {}", p.pointer, p.message))
                .collect(),
            Checked::NoSchema => vec!["no schema".into()],
        }
    }

    #[test]
    fn the_embedded_data_reads_and_names_its_source() {
        let s = schemas();
        assert!(s.source.starts_with("cfn-lint "), "{}", s.source);
        for t in [
            "AWS::Cognito::UserPool",
            "AWS::IAM::Role",
            "AWS::DynamoDB::Table",
        ] {
            assert!(s.types.contains_key(t), "{t}");
        }
    }

    #[test]
    fn names_types_enums_and_read_only_are_checked() {
        assert_eq!(
            problems(
                "AWS::IAM::Role",
                json!({"MaxSessionDuration": 7200, "Tags": [{"Key": "a", "Value": "b"}]})
            ),
            Vec::<String>::new()
        );
        assert_eq!(
            problems("AWS::IAM::Role", json!({"MaxSesionDuration": 7200})),
            vec!["/MaxSesionDuration AWS::IAM::Role has no property `MaxSesionDuration`"]
        );
        assert_eq!(
            problems("AWS::IAM::Role", json!({"MaxSessionDuration": [1]})),
            vec!["/MaxSessionDuration `MaxSessionDuration` takes an integer"]
        );
        assert_eq!(
            problems("AWS::IAM::Role", json!({"Arn": "x"})),
            vec![
                "/Arn `Arn` is read-only: CloudFormation sets it (AWS::IAM::Role returns it with `Fn::GetAtt`)"
            ]
        );
        assert_eq!(
            problems(
                "AWS::Cognito::UserPool",
                json!({"DeletionProtection": {"Ref": "P"}})
            ),
            Vec::<String>::new()
        );
        assert_eq!(
            problems("AWS::IAM::Role", json!({"MaxSessionDuration": 1800})),
            vec!["/MaxSessionDuration `MaxSessionDuration` is between 3600 and 43200"]
        );
        assert_eq!(problems("AWS::Foo::Bar", json!({})), vec!["no schema"]);
    }
}
