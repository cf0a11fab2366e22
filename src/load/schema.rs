//! JSON Schema validation of a parsed file, with errors mapped back to source positions and
//! rewritten into plain messages. Messages never quote a value the user wrote: a misplaced
//! secret must not end up in a CI log.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use serde_json::Value;

use super::yaml::SpanIndex;
use crate::config::FileKind;
use crate::diagnostic::{Diagnostic, field_path, pointer_segment};

/// Compiled validators, one per kind of file, built once per run.
pub struct SchemaSet {
    entries: Vec<(FileKind, Value, Validator)>,
}

impl SchemaSet {
    pub fn new() -> Self {
        let entries = FileKind::ALL
            .into_iter()
            .filter_map(|kind| {
                let schema = kind.schema();
                // The schemas are generated from our own types; failing to compile one is a bug
                // caught by the unit test below, so skipping is safe at run time.
                jsonschema::validator_for(&schema)
                    .ok()
                    .map(|v| (kind, schema, v))
            })
            .collect();
        SchemaSet { entries }
    }

    /// Every schema problem of `value`, located in `file`.
    pub fn check(
        &self,
        kind: FileKind,
        file: &str,
        value: &Value,
        spans: &SpanIndex,
    ) -> Vec<Diagnostic> {
        let Some((_, schema, validator)) = self.entries.iter().find(|(k, _, _)| *k == kind) else {
            return vec![Diagnostic::new(
                file,
                Default::default(),
                "(document)",
                "internal error: no schema",
            )];
        };
        let mut out = Vec::new();
        for error in validator.iter_errors(value) {
            describe(&error, schema, file, spans, &mut out);
        }
        out
    }
}

impl Default for SchemaSet {
    fn default() -> Self {
        Self::new()
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing (null)",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a decimal number",
        Value::Number(_) => "an integer",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

fn kind_name(kind: &str) -> &'static str {
    match kind {
        "object" => "a mapping",
        "array" => "a list",
        "string" => "text",
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "true or false",
        "null" => "nothing (null)",
        _ => "another type",
    }
}

fn expected_types(kind: &TypeKind) -> String {
    match kind {
        TypeKind::Single(t) => kind_name(&format!("{t:?}").to_lowercase()).to_string(),
        TypeKind::Multiple(ts) => {
            let names: Vec<&str> = ts
                .iter()
                .map(|t| kind_name(&format!("{t:?}").to_lowercase()))
                .filter(|n| *n != "nothing (null)")
                .collect();
            names.join(" or ")
        }
    }
}

fn is_secret_field(pointer: &str) -> bool {
    matches!(
        pointer.rsplit('/').next(),
        Some("client_secret" | "private_key")
    )
}

/// Resolves a schema location (`/$defs/Login/properties/x`) inside the root schema.
fn schema_at<'a>(schema: &'a Value, location: &str) -> Option<&'a Value> {
    let mut node = schema;
    for raw in location.split('/').skip(1) {
        let seg = raw.replace("~1", "/").replace("~0", "~");
        node = match node {
            Value::Object(m) => m.get(&seg)?,
            Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// The property names allowed by the object schema that produced an `additionalProperties` error.
fn allowed_properties(schema: &Value, error_location: &str) -> Vec<String> {
    let parent = error_location.rsplit_once('/').map_or("", |(p, _)| p);
    let mut node = schema_at(schema, parent);
    // Follow a `$ref` at the parent, if the location was recorded before traversing it.
    if let Some(Value::String(r)) = node.and_then(|n| n.get("$ref")) {
        node = r.strip_prefix('#').and_then(|p| schema_at(schema, p));
    }
    node.and_then(|n| n.get("properties"))
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// A did-you-mean suggestion, or the list of what is allowed.
pub fn suggestion(unknown: &str, allowed: &[String]) -> Option<String> {
    let best = allowed
        .iter()
        .map(|a| (strsim::jaro_winkler(unknown, a), a))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, name)) => Some(format!("did you mean `{name}`?")),
        None if !allowed.is_empty() => Some(format!("expected one of: {}", allowed.join(", "))),
        None => None,
    }
}

fn describe(
    error: &ValidationError<'_>,
    schema: &Value,
    file: &str,
    spans: &SpanIndex,
    out: &mut Vec<Diagnostic>,
) {
    let pointer = error.instance_path().as_str().to_string();
    let at = |message: String| {
        Diagnostic::new(
            file,
            spans.value_pos(&pointer),
            field_path(&pointer),
            message,
        )
    };
    let instance = error.instance();
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            let allowed = allowed_properties(schema, error.schema_path().as_str());
            for key in unexpected {
                let child = format!("{pointer}/{}", pointer_segment(key));
                let mut d = Diagnostic::new(
                    file,
                    spans.key_pos(&child),
                    field_path(&child),
                    format!("unknown field `{key}`"),
                );
                if let Some(help) = suggestion(key, &allowed) {
                    d = d.with_help(help);
                }
                out.push(d);
            }
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or("?");
            out.push(at(format!("missing required field `{name}`")));
        }
        ValidationErrorKind::Type { kind } => {
            let mut d = at(format!(
                "expected {}, found {}",
                expected_types(kind),
                type_name(instance)
            ));
            if is_secret_field(&pointer) && instance.is_string() {
                d = Diagnostic::new(
                    file,
                    spans.value_pos(&pointer),
                    field_path(&pointer),
                    "plaintext secrets are refused (value not shown)",
                )
                .with_help("store it in AWS Secrets Manager and write `{ secret: NAME }` (optionally `key: JSON_KEY`)");
            }
            out.push(d);
        }
        ValidationErrorKind::Enum { options } => {
            let names: Vec<String> = options
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|o| o.as_str().map_or_else(|| o.to_string(), str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            let mut d = at(format!("expected one of: {}", names.join(", ")));
            if let Some(s) = instance.as_str()
                && let Some(Some(hint)) =
                    suggestion(s, &names).map(|h| h.starts_with("did").then_some(h))
            {
                d = d.with_help(hint);
            }
            out.push(d);
        }
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit } => {
            out.push(at(format!("must be at least {limit}")));
        }
        ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => {
            out.push(at(format!("must be at most {limit}")));
        }
        ValidationErrorKind::MinLength { limit } => {
            out.push(at(format!("must be at least {limit} characters long")));
        }
        ValidationErrorKind::MaxLength { limit } => {
            out.push(at(format!("must be at most {limit} characters long")));
        }
        ValidationErrorKind::MinItems { limit } => {
            out.push(at(format!("must list at least {limit} item(s)")));
        }
        ValidationErrorKind::MaxItems { limit } => {
            out.push(at(format!("must list at most {limit} items")));
        }
        ValidationErrorKind::Pattern { pattern } => {
            out.push(at(format!(
                "has an invalid form (expected to match `{pattern}`)"
            )));
        }
        ValidationErrorKind::UniqueItems => out.push(at("lists an item twice".to_string())),
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            // Report the alternative that fits the value's type (e.g. a secret reference with a
            // typo in a key), not a vague "matches no alternative".
            let fitting: Vec<&Vec<ValidationError<'static>>> = context
                .iter()
                .filter(|errs| {
                    !errs.iter().any(|e| {
                        matches!(e.kind(), ValidationErrorKind::Type { .. })
                            && e.instance_path().as_str() == pointer
                    })
                })
                .collect();
            if let [only] = fitting.as_slice() {
                for e in only.iter() {
                    describe(e, schema, file, spans, out);
                }
            } else if is_secret_field(&pointer) || pointer.ends_with("/client_id") {
                out.push(at(
                    "expected text or a secret reference `{ secret: NAME }` (value not shown)"
                        .into(),
                ));
            } else {
                out.push(at(format!(
                    "{} is not an accepted form here",
                    type_name(instance)
                )));
            }
        }
        other => out.push(at(format!("is invalid ({})", keyword_of(other)))),
    }
}

fn keyword_of(kind: &ValidationErrorKind) -> String {
    format!("{kind:?}")
        .split([' ', '{', '('])
        .next()
        .unwrap_or("")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml;

    fn errors(kind: FileKind, text: &str) -> Vec<String> {
        let parsed = yaml::parse(text).unwrap();
        SchemaSet::new()
            .check(kind, "f.yaml", &parsed.value, &parsed.spans)
            .into_iter()
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn every_schema_compiles() {
        assert_eq!(SchemaSet::new().entries.len(), FileKind::ALL.len());
    }

    #[test]
    fn unknown_keys_get_did_you_mean_at_the_key() {
        let e = errors(FileKind::Auth, "login:\n  emial: true\n");
        assert_eq!(
            e,
            vec!["f.yaml:2:3: login.emial: unknown field `emial`\n  help: did you mean `email`?"]
        );
    }

    #[test]
    fn enum_and_range_errors_are_plain() {
        let e = errors(
            FileKind::Auth,
            "mfa: { mode: sometimes }\npassword: { min_length: 6 }\n",
        );
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(
            e[0].contains("mfa.mode: expected one of: off, optional, required"),
            "{e:?}"
        );
        assert!(
            e[1].contains("password.min_length: must be at least 8"),
            "{e:?}"
        );
    }

    #[test]
    fn plaintext_secret_is_refused_without_echo() {
        let e = errors(
            FileKind::Auth,
            "providers:\n  google:\n    client_id: abc.apps\n    client_secret: hunter2-SECRET\n",
        );
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].starts_with(
            "f.yaml:4:20: providers.google.client_secret: plaintext secrets are refused"
        ));
        assert!(!e[0].contains("hunter2"));
    }

    #[test]
    fn typo_inside_a_secret_reference_is_reported_precisely() {
        let e = errors(
            FileKind::Auth,
            "providers:\n  google:\n    client_id: { secrt: X }\n    client_secret: { secret: Y }\n",
        );
        assert!(
            e.iter().any(|m| m.contains("unknown field `secrt`")),
            "{e:?}"
        );
    }
}
