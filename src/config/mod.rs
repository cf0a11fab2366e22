//! The typed model of a project's YAML files. These types are the single source of truth: the
//! JSON Schemas under `schemas/` are generated from them (see `schema_json`), so editor
//! completion, `cogform validate` and the renderer can never disagree about a field.

pub mod api;
pub mod auth;
pub mod common;
pub mod function;
pub mod machine;
pub mod overrides;
pub mod project;
pub mod sign_in;
pub mod storage;

pub use api::ApiConfig;
pub use auth::AuthConfig;
pub use function::FunctionConfig;
pub use overrides::OverridesConfig;
pub use project::ProjectConfig;
pub use storage::StorageConfig;

use std::sync::OnceLock;

use schemars::{JsonSchema, generate::SchemaSettings};

/// The kinds of file cogform reads, with the schema each one follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Project,
    Auth,
    Storage,
    Api,
    Function,
    Overrides,
}

impl FileKind {
    pub const ALL: [FileKind; 6] = [
        FileKind::Project,
        FileKind::Auth,
        FileKind::Storage,
        FileKind::Api,
        FileKind::Function,
        FileKind::Overrides,
    ];

    /// Short name used by `cogform schema NAME` and in `schemas/NAME.schema.json`.
    pub fn name(self) -> &'static str {
        match self {
            FileKind::Project => "cogform",
            FileKind::Auth => "auth",
            FileKind::Storage => "storage",
            FileKind::Api => "api",
            FileKind::Function => "function",
            FileKind::Overrides => "overrides",
        }
    }

    pub fn from_name(name: &str) -> Option<FileKind> {
        FileKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The JSON Schema (draft 2020-12) of this kind of file, generated from the Rust types.
    pub fn schema(self) -> serde_json::Value {
        self.generated_schema().clone()
    }

    /// The schema, generated once per run: loading compiles it and `build` writes it.
    fn generated_schema(self) -> &'static serde_json::Value {
        static SCHEMAS: [OnceLock<serde_json::Value>; 6] = [const { OnceLock::new() }; 6];
        SCHEMAS[self as usize].get_or_init(|| match self {
            FileKind::Project => schema_of::<ProjectConfig>(),
            FileKind::Auth => schema_of::<AuthConfig>(),
            FileKind::Storage => schema_of::<StorageConfig>(),
            FileKind::Api => schema_of::<ApiConfig>(),
            FileKind::Function => schema_of::<FunctionConfig>(),
            FileKind::Overrides => schema_of::<OverridesConfig>(),
        })
    }

    /// The schema as committed under `schemas/`: pretty JSON with a trailing newline.
    pub fn schema_text(self) -> String {
        let mut text = serde_json::to_string_pretty(self.generated_schema())
            .unwrap_or_else(|_| String::from("{}"));
        text.push('\n');
        text
    }
}

fn schema_of<T: JsonSchema>() -> serde_json::Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let schema = generator.into_root_schema_for::<T>();
    schema.to_value()
}
