//! JSON Schema validation of a parsed file, with errors mapped back to source positions and
//! rewritten into plain messages. Messages never quote a value the user wrote: a misplaced
//! secret must not end up in a CI log.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use serde_json::Value;

use super::indent::Fits;
use super::yaml::SpanIndex;
use crate::config::FileKind;
use crate::diagnostic::{Diagnostic, field_path, pointer_segment};

/// Unknown keys per file tried one indentation level off (see `indent::relocate`).
const MAX_RELOCATIONS: usize = 8;

/// Compiled validators, one per kind of file, built once per run.
pub struct SchemaSet {
    entries: Vec<(FileKind, Value, Validator)>,
}

impl SchemaSet {
    /// The validators of the files every project reads. `backend/overrides.yaml` and
    /// `backend/functions/` are optional, so their schemas are compiled only when they exist
    /// ([`SchemaSet::of`]): a project without them pays nothing for them.
    pub fn new() -> Self {
        Self::of(
            FileKind::ALL
                .into_iter()
                .filter(|k| !matches!(k, FileKind::Overrides | FileKind::Function)),
        )
    }

    /// The validators of `kinds` only.
    pub fn of(kinds: impl IntoIterator<Item = FileKind>) -> Self {
        let entries = kinds
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
        let mut reported: Vec<String> = Vec::new();
        let mut emptied: Vec<String> = Vec::new();
        let mut tries = 0;
        for error in validator.iter_errors(value) {
            let pointer = error.instance_path().as_str();
            match error.kind() {
                // About the members of a collection, not the collection's own value.
                ValidationErrorKind::AdditionalProperties { unexpected }
                | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                    reported.extend(
                        unexpected
                            .iter()
                            .map(|k| format!("{pointer}/{}", pointer_segment(k))),
                    );
                }
                ValidationErrorKind::Required { .. }
                | ValidationErrorKind::MinItems { .. }
                | ValidationErrorKind::MaxItems { .. }
                | ValidationErrorKind::UniqueItems => {}
                _ => reported.push(pointer.to_string()),
            }
            let first = out.len();
            describe(&error, schema, file, spans, &mut out);
            if let ValidationErrorKind::AdditionalProperties { unexpected } = error.kind() {
                // Each try validates the whole document again: a few are enough to help a
                // person, and a hostile file with thousands of unknown keys stays fast.
                for key in unexpected {
                    if tries == MAX_RELOCATIONS {
                        break;
                    }
                    tries += 1;
                    let fits = |moved: &Value, at: &str| self.fits(kind, moved, at);
                    let Some(fit) = super::indent::relocate(value, pointer, key, &fits) else {
                        continue;
                    };
                    let child = field_path(&format!("{pointer}/{}", pointer_segment(key)));
                    if let Some(d) = out[first..].iter_mut().find(|d| d.field == child) {
                        misplaced(d, key, pointer, &fit, spans);
                    }
                    // `password:` left empty by the slip is the same problem, not a second one.
                    if let Fits::Under { sibling, .. } = &fit {
                        emptied.push(field_path(&format!(
                            "{pointer}/{}",
                            pointer_segment(sibling)
                        )));
                    }
                }
            }
        }
        out.retain(|d| {
            !(emptied.contains(&d.field) && d.message.ends_with("found nothing (null)"))
        });
        // JSON Schema counts `12.0` as an integer, serde does not. No cogform field takes a
        // decimal number (see the test below), so each one left is in an integer field.
        // (Overrides hold CloudFormation's own values, decimals included.)
        let mut decimals = Vec::new();
        if kind != FileKind::Overrides {
            find_decimals(value, String::new(), &mut decimals);
        }
        for pointer in decimals {
            let inside = |r: &String| {
                pointer == *r
                    || pointer
                        .strip_prefix(r.as_str())
                        .is_some_and(|t| t.starts_with('/'))
            };
            if !reported.iter().any(inside) {
                out.push(
                    Diagnostic::new(
                        file,
                        spans.value_pos(&pointer),
                        field_path(&pointer),
                        "expected an integer, found a decimal number",
                    )
                    .with_help("write it without a decimal point or exponent"),
                );
            }
        }
        out
    }
}

impl SchemaSet {
    /// Whether `value` has no schema problem at or under `at`, nor an unknown key `at`.
    fn fits(&self, kind: FileKind, value: &Value, at: &str) -> bool {
        let Some((_, _, validator)) = self.entries.iter().find(|(k, _, _)| *k == kind) else {
            return false;
        };
        let Some((parent, key)) = at.rsplit_once('/') else {
            return false;
        };
        let inside = format!("{at}/");
        !validator.iter_errors(value).any(|e| {
            let p = e.instance_path().as_str();
            p == at
                || p.starts_with(&inside)
                || (p == parent
                    && matches!(e.kind(), ValidationErrorKind::AdditionalProperties { unexpected }
                        if unexpected.iter().any(|k| pointer_segment(k) == key)))
        })
    }
}

/// Rewrites an "unknown field" that is a known field one indentation level off.
fn misplaced(d: &mut Diagnostic, key: &str, parent: &str, fit: &Fits, spans: &SpanIndex) {
    let line = |name: &str, at: &str| {
        let pos = spans.key_pos(&format!("{at}/{}", pointer_segment(name)));
        pos.line
    };
    let (message, help) = match fit {
        Fits::Under { sibling, list } => {
            let n = line(sibling, parent);
            if *list {
                (
                    format!(
                        "unknown field `{key}` at this indentation: it is a field of the items of `{sibling}` (line {n})"
                    ),
                    format!("indent it like the other fields of the last item of `{sibling}`"),
                )
            } else {
                (
                    format!(
                        "unknown field `{key}` at this indentation: it is a field of `{sibling}` (line {n})"
                    ),
                    format!("indent it like the other fields of `{sibling}`"),
                )
            }
        }
        Fits::Beside { parent: up } => {
            let grand = parent.rsplit_once('/').map_or("", |(g, _)| g);
            let n = line(up, grand);
            (
                format!(
                    "unknown field `{key}` at this indentation: it belongs one level up, next to `{up}` (line {n})"
                ),
                format!("unindent it to line up with `{up}`"),
            )
        }
    };
    d.message = message;
    d.help = Some(help);
}

impl Default for SchemaSet {
    fn default() -> Self {
        Self::new()
    }
}

/// Pointers of every non-integer number in `value`.
fn find_decimals(value: &Value, pointer: String, out: &mut Vec<String>) {
    match value {
        Value::Number(n) if n.is_f64() => out.push(pointer),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                find_decimals(item, format!("{pointer}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                find_decimals(v, format!("{pointer}/{}", pointer_segment(k)), out);
            }
        }
        _ => {}
    }
}

fn characters(n: u64) -> String {
    if n == 1 {
        "1 character".into()
    } else {
        format!("{n} characters")
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
            out.push(one_of(at, &names, instance));
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
            out.push(at(format!("must be at least {} long", characters(*limit))));
        }
        ValidationErrorKind::MaxLength { limit } => {
            out.push(at(format!("must be at most {} long", characters(*limit))));
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
        // A field that may be spelled two ways (`actions` or IAM's `Action`), in neither.
        ValidationErrorKind::AnyOf { context }
            if let Some(names) = required_alternatives(context) =>
        {
            let others: Vec<String> = names[1..].iter().map(|n| format!("`{n}`")).collect();
            out.push(at(format!(
                "missing required field `{}` (or {})",
                names[0],
                others.join(", ")
            )));
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context }
            if let Some(words) = accepted_words(context, &pointer) =>
        {
            out.push(one_of(at, &words, instance));
        }
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

/// "expected one of: …" for a closed list of words, with a did-you-mean hint when one is close.
fn one_of(at: impl Fn(String) -> Diagnostic, words: &[String], instance: &Value) -> Diagnostic {
    let d = at(format!("expected one of: {}", words.join(", ")));
    match instance.as_str().and_then(|s| suggestion(s, words)) {
        Some(hint) if hint.starts_with("did") => d.with_help(hint),
        _ => d,
    }
}

/// The accepted words when every alternative is a fixed text (how schemars writes an enum
/// whose variants are documented: a `oneOf` of `const`s, or of an `enum` and `const`s).
fn accepted_words(context: &[Vec<ValidationError<'static>>], pointer: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    for alternative in context {
        let mut fixed = false;
        for e in alternative {
            if e.instance_path().as_str() != pointer {
                return None;
            }
            match e.kind() {
                ValidationErrorKind::Constant { expected_value } => {
                    words.push(expected_value.as_str()?.to_string());
                    fixed = true;
                }
                ValidationErrorKind::Enum { options } => {
                    for o in options.as_array()? {
                        words.push(o.as_str()?.to_string());
                    }
                    fixed = true;
                }
                ValidationErrorKind::Type { .. } => {}
                _ => return None,
            }
        }
        if !fixed {
            return None;
        }
    }
    (!words.is_empty()).then_some(words)
}

/// The property names when every alternative only requires one (at least two alternatives).
fn required_alternatives(context: &[Vec<ValidationError<'static>>]) -> Option<Vec<String>> {
    let mut names = Vec::new();
    for alternative in context {
        let [e] = alternative.as_slice() else {
            return None;
        };
        let ValidationErrorKind::Required { property } = e.kind() else {
            return None;
        };
        names.push(property.as_str()?.to_string());
    }
    (names.len() >= 2).then_some(names)
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
        assert_eq!(
            SchemaSet::of(FileKind::ALL).entries.len(),
            FileKind::ALL.len()
        );
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
    fn documented_enums_list_their_words() {
        let e = errors(
            FileKind::Auth,
            "identity_pool: { group_roles: rules }\nrecovery: emial\nclients: [{ name: w, kind: 3 }]\n",
        );
        assert_eq!(
            e,
            vec![
                "f.yaml:1:31: identity_pool.group_roles: expected one of: token, none",
                "f.yaml:2:11: recovery: expected one of: email, phone, email_then_phone, phone_then_email, admin_only\n  help: did you mean `email`?",
                "f.yaml:3:28: clients[0].kind: expected one of: web, native, server, machine",
            ]
        );
    }

    #[test]
    fn decimals_in_integer_fields_are_located() {
        let e = errors(
            FileKind::Auth,
            "password: { min_length: 12.0 }\ngroups: [{ name: a, precedence: 1e3, description: 1.5 }]\n",
        );
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(e.contains(&"f.yaml:1:25: password.min_length: expected an integer, found a decimal number\n  help: write it without a decimal point or exponent".to_string()), "{e:?}");
        assert!(
            e.iter()
                .any(|m| m.starts_with("f.yaml:2:33: groups[0].precedence: expected an integer")),
            "{e:?}"
        );
        // A decimal where text is expected gets the type error only.
        assert!(
            e.iter().any(|m| m.starts_with(
                "f.yaml:2:51: groups[0].description: expected text, found a decimal number"
            )),
            "{e:?}"
        );
    }

    #[test]
    fn no_field_takes_a_decimal_number() {
        // `SchemaSet::check` relies on this to report decimals in integer fields.
        fn takes_number(v: &Value) -> bool {
            match v {
                Value::Object(m) => m.iter().any(|(k, v)| {
                    (k == "type"
                        && (v == "number"
                            || v.as_array().is_some_and(|a| a.contains(&"number".into()))))
                        || takes_number(v)
                }),
                Value::Array(a) => a.iter().any(takes_number),
                _ => false,
            }
        }
        for kind in FileKind::ALL {
            assert!(!takes_number(&kind.schema()), "{}", kind.name());
        }
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
