//! Canonical output: stable key order, stable quoting, `\n` line ends, one trailing newline.
//! The same value always gives the same bytes, whatever the order it was built in.

use serde_json::{Map, Value};

/// Keys that read best first, in this order; all others follow in byte order.
const LEADING_KEYS: &[&str] = &[
    "AWSTemplateFormatVersion",
    "Description",
    "Metadata",
    "Parameters",
    "Conditions",
    "Resources",
    "Outputs",
    "Type",
    "DependsOn",
    "DeletionPolicy",
    "UpdateReplacePolicy",
    "Properties",
    "Version",
    "Sid",
    "Effect",
    "Principal",
    "Action",
    "Resource",
    "Condition",
    "Value",
    "Export",
];

/// Attributes of a resource, in the order CloudFormation documents them.
const RESOURCE_KEYS: &[&str] = &[
    "Type",
    "Condition",
    "DependsOn",
    "DeletionPolicy",
    "UpdateReplacePolicy",
    "Metadata",
    "Properties",
];

fn rank_in<'a>(order: &[&str], key: &'a str) -> (usize, &'a str) {
    (
        order.iter().position(|k| *k == key).unwrap_or(order.len()),
        key,
    )
}

/// The entries of a mapping in canonical order.
fn ordered(map: &Map<String, Value>) -> Vec<(&String, &Value)> {
    // A resource (a mapping with a `Type` string) reads Type first, Properties last.
    let is_resource =
        map.get("Type").is_some_and(Value::is_string) && map.contains_key("Properties");
    let order = if is_resource {
        RESOURCE_KEYS
    } else {
        LEADING_KEYS
    };
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    entries.sort_by_cached_key(|&(k, _)| rank_in(order, k));
    entries
}

/// Rebuilds every mapping with keys in canonical order.
pub fn canonical(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            ordered(map)
                .into_iter()
                .map(|(k, v)| (k.clone(), canonical(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(canonical).collect()),
        other => other.clone(),
    }
}

/// Pretty JSON of a canonical value, with a trailing newline.
pub fn to_json(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(&canonical(value)).unwrap_or_default();
    text.push('\n');
    text
}

/// Block-style YAML of a value, keys in canonical order, with a trailing newline. Written
/// straight from the value (in the order `canonical` gives), without building a copy.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_map(map, 0, &mut out),
        Value::Array(items) if !items.is_empty() => write_seq(items, 0, &mut out),
        other => {
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
    out
}

fn indent(n: usize, out: &mut String) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn is_empty_collection(v: &Value) -> bool {
    matches!(v, Value::Object(m) if m.is_empty()) || matches!(v, Value::Array(a) if a.is_empty())
}

fn write_map(map: &Map<String, Value>, level: usize, out: &mut String) {
    for (k, v) in ordered(map) {
        indent(level, out);
        out.push_str(&string_scalar(k));
        out.push(':');
        write_value_after_key(v, level, out);
    }
}

fn write_value_after_key(v: &Value, level: usize, out: &mut String) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            write_map(m, level + 2, out);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            write_seq(a, level + 2, out);
        }
        _ => {
            out.push(' ');
            out.push_str(&scalar(v));
            out.push('\n');
        }
    }
}

fn write_seq(items: &[Value], level: usize, out: &mut String) {
    for item in items {
        indent(level, out);
        out.push('-');
        match item {
            Value::Object(m) if !m.is_empty() => {
                // The first entry shares the dash's line; the rest align under it.
                let mut first = true;
                for (k, v) in ordered(m) {
                    if first {
                        out.push(' ');
                        first = false;
                    } else {
                        indent(level + 2, out);
                    }
                    out.push_str(&string_scalar(k));
                    out.push(':');
                    write_value_after_key(v, level + 2, out);
                }
            }
            Value::Array(a) if !a.is_empty() => {
                out.push('\n');
                write_seq(a, level + 2, out);
            }
            _ => {
                out.push(' ');
                out.push_str(&scalar(item));
                out.push('\n');
            }
        }
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string_scalar(s),
        _ if is_empty_collection(v) => {
            if v.is_object() {
                "{}".into()
            } else {
                "[]".into()
            }
        }
        _ => "null".into(),
    }
}

/// Words some YAML reader would take for something other than text.
fn reserved_word(s: &str) -> bool {
    matches!(
        s.to_ascii_lowercase().as_str(),
        "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
    )
}

/// A YAML scalar for `s`: plain when unambiguous, quoted otherwise (used for generated files).
pub fn quote_if_needed(s: &str) -> String {
    string_scalar(s)
}

/// A plain scalar only when every YAML reader agrees it is this exact text; otherwise a
/// double-quoted scalar with every non-printable character escaped.
fn string_scalar(s: &str) -> String {
    let plain = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_./:@+=-,() ".contains(c))
        && !s.ends_with([':', ' '])
        && !s.contains(": ")
        && !s.contains(" #")
        && !reserved_word(s);
    if plain {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}') => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn round_trip(v: &Value) {
        let yaml = to_yaml(v);
        let parsed = crate::load::yaml::parse(&yaml).unwrap_or_else(|e| panic!("{e:?}\n{yaml}"));
        assert!(parsed.problems.is_empty(), "{:?}\n{yaml}", parsed.problems);
        assert_eq!(&parsed.value, v, "\n{yaml}");
        let json: Value = serde_json::from_str(&to_json(v)).unwrap();
        assert_eq!(&json, v);
    }

    #[test]
    fn hostile_and_ambiguous_strings_round_trip() {
        round_trip(&json!({
            "plain": "AWS::Cognito::UserPool",
            "yes": "no",
            "ver": "2012-10-17",
            "num": "012",
            "ref": "!Ref X",
            "colon": "a: b",
            "trail": "a:",
            "hash": "a #b",
            "spaces": "Role of guests (read only), here.",
            "space_end": "a ",
            "resolve": "{{resolve:secretsmanager:x:SecretString:y}}",
            "ml": "line1\nline2\u{7f}\u{85}\u{2028}",
            "uni": "héllo 🎉",
            "empty": "",
            "list": [[], {}, [1, [2]], {"a": [{"b": null}]}],
            "n": 1.5,
            "b": true
        }));
    }

    #[test]
    fn key_order_is_canonical_whatever_the_input_order() {
        let a = json!({"Properties": {"b": 1, "a": 2}, "Type": "T"});
        let b = json!({"Type": "T", "Properties": {"a": 2, "b": 1}});
        assert_eq!(to_yaml(&a), to_yaml(&b));
        assert_eq!(to_yaml(&a), "Type: T\nProperties:\n  a: 2\n  b: 1\n");
    }
}
