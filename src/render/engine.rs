//! The template engine: Tera 2 with delimiters that cannot collide with CloudFormation's own
//! `{{resolve:…}}`, and escaping on by default. Every interpolated value is written as JSON,
//! which is also valid YAML 1.2 flow syntax, so no user string can break out of its scalar.

use std::io::Write;

use tera::{Context, Delimiters, Filter, Kwargs, State, Tera, Value};

/// Every template, embedded in the binary. A test checks that every file under `templates/`
/// is listed here (and nothing else).
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "auth/user_pool.yaml",
        include_str!("../../templates/auth/user_pool.yaml"),
    ),
    (
        "auth/clients.yaml",
        include_str!("../../templates/auth/clients.yaml"),
    ),
    (
        "auth/identity_providers.yaml",
        include_str!("../../templates/auth/identity_providers.yaml"),
    ),
    (
        "auth/groups.yaml",
        include_str!("../../templates/auth/groups.yaml"),
    ),
    (
        "auth/identity_pool.yaml",
        include_str!("../../templates/auth/identity_pool.yaml"),
    ),
    (
        "auth/outputs.yaml",
        include_str!("../../templates/auth/outputs.yaml"),
    ),
    (
        "storage/bucket.yaml",
        include_str!("../../templates/storage/bucket.yaml"),
    ),
    (
        "api/rest.yaml",
        include_str!("../../templates/api/rest.yaml"),
    ),
    (
        "functions/function.yaml",
        include_str!("../../templates/functions/function.yaml"),
    ),
];

#[derive(Debug, thiserror::Error)]
#[error("template engine: {0}")]
pub struct EngineError(String);

impl EngineError {
    pub fn from_tera(e: &tera::Error) -> Self {
        EngineError(e.to_string())
    }
}

/// Escapes every string that reaches a template without a filter: a JSON string literal
/// (quotes included) is a valid YAML double-quoted scalar holding exactly that string.
fn json_string_escape(input: &str, out: &mut dyn Write) -> std::io::Result<()> {
    let quoted = serde_json::to_string(input).map_err(std::io::Error::other)?;
    out.write_all(quoted.as_bytes())
}

/// `<< value | yaml >>`: any value (number, boolean, list, mapping, string) as JSON flow text.
struct YamlFilter;

impl Filter<Value, String> for YamlFilter {
    fn call(&self, value: Value, _: Kwargs, _: &State) -> String {
        serde_json::to_string(&value).unwrap_or_else(|_| "null".into())
    }

    fn is_safe(&self) -> bool {
        true
    }
}

pub struct Engine {
    tera: Tera,
}

impl Engine {
    pub fn new() -> Result<Self, EngineError> {
        let mut tera = Tera::default();
        tera.set_delimiters(Delimiters {
            block_start: "<%".into(),
            block_end: "%>".into(),
            variable_start: "<<".into(),
            variable_end: ">>".into(),
            comment_start: "<#".into(),
            comment_end: "#>".into(),
        })
        .map_err(|e| EngineError(e.to_string()))?;
        tera.autoescape_on([".yaml"]);
        tera.set_escape_fn(json_string_escape);
        tera.register_filter("yaml", YamlFilter);
        tera.add_raw_templates(TEMPLATES.iter().copied())
            .map_err(|e| EngineError(e.to_string()))?;
        Ok(Engine { tera })
    }

    pub fn render(&self, name: &str, context: &Context) -> Result<String, EngineError> {
        self.tera
            .render(name, context)
            .map_err(|e| EngineError(format!("{name}: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_file_is_registered() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        on_disk.sort();
        // The handler stubs `add function` writes live there too, in their own table.
        let mut registered: Vec<String> = TEMPLATES
            .iter()
            .map(|(n, _)| n.to_string())
            .chain(
                crate::prompts::function::HANDLER_STUBS
                    .iter()
                    .map(|(n, _)| format!("handlers/{n}")),
            )
            .collect();
        registered.sort();
        assert_eq!(on_disk, registered);
    }

    #[test]
    fn templates_never_bypass_escaping() {
        for (name, text) in TEMPLATES {
            assert!(
                !text.contains("| safe") && !text.contains("|safe"),
                "{name} uses `safe`"
            );
            assert!(
                !text.contains("{{"),
                "{name} contains `{{`: CloudFormation syntax belongs in values"
            );
        }
    }

    #[test]
    fn hostile_strings_stay_inside_their_scalar() {
        let engine = Engine::new().unwrap();
        let mut tera = engine.tera.clone();
        tera.add_raw_template("t.yaml", "a: << s >>\nb: << l | yaml >>\n")
            .unwrap();
        let hostile = "x\"\n: !Ref y {{resolve:z}} << w >> '\u{2028}é\\";
        let mut ctx = Context::new();
        ctx.insert("s", hostile);
        ctx.insert("l", &vec![hostile]);
        let text = tera.render("t.yaml", &ctx).unwrap();
        let parsed = crate::load::yaml::parse(&text).unwrap();
        assert!(parsed.problems.is_empty());
        assert_eq!(
            parsed.value,
            serde_json::json!({"a": hostile, "b": [hostile]})
        );
    }
}
