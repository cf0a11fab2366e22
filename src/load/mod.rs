//! Turns a project directory into typed configuration: read (bounded) → YAML (hardened) →
//! content scan → JSON Schema → serde. Every problem of every file is collected before
//! anything is returned, and each one carries its file, line and column.

pub mod scan;
pub mod schema;
pub mod source;
pub mod yaml;

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::config::{AuthConfig, FileKind, ProjectConfig};
use crate::diagnostic::{Diagnostic, Pos, field_path};
use schema::SchemaSet;
use yaml::SpanIndex;

/// The project file, at the project root.
pub const PROJECT_FILE: &str = "cogform.yaml";
/// The auth category file.
pub const AUTH_FILE: &str = "backend/auth.yaml";

/// A parsed file: its name as shown to users and where each value came from.
#[derive(Debug, Clone)]
pub struct Document {
    pub file: String,
    pub spans: SpanIndex,
}

impl Document {
    /// A diagnostic at the value found at `pointer` in this file.
    pub fn at(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(
            &self.file,
            self.spans.value_pos(pointer),
            field_path(pointer),
            message,
        )
    }

    /// A diagnostic at the key of the entry at `pointer` (for "this entry should not be here").
    pub fn at_key(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(
            &self.file,
            self.spans.key_pos(pointer),
            field_path(pointer),
            message,
        )
    }
}

/// A loaded, schema-valid project (semantic rules are checked separately by `validate`).
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    pub config: ProjectConfig,
    pub project_doc: Document,
    pub auth: AuthConfig,
    pub auth_doc: Document,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{} is not a cogform project: {PROJECT_FILE} not found", .0.display())]
    NotAProject(PathBuf),
    #[error("invalid configuration")]
    Invalid(Vec<Diagnostic>),
    #[error(transparent)]
    Io(#[from] source::ReadError),
}

/// Loads every file of the project at `root`.
pub fn load(root: &Path) -> Result<Project, LoadError> {
    if !root.join(PROJECT_FILE).is_file() {
        return Err(LoadError::NotAProject(root.to_path_buf()));
    }
    let schemas = SchemaSet::new();
    let mut problems = Vec::new();
    let project = read_typed::<ProjectConfig>(
        root,
        PROJECT_FILE,
        FileKind::Project,
        &schemas,
        &mut problems,
    )?;
    let auth = read_typed::<AuthConfig>(root, AUTH_FILE, FileKind::Auth, &schemas, &mut problems)?;
    match (project, auth) {
        (Some((config, project_doc)), Some((auth, auth_doc))) if problems.is_empty() => {
            Ok(Project {
                root: root.to_path_buf(),
                config,
                project_doc,
                auth,
                auth_doc,
            })
        }
        _ => Err(LoadError::Invalid(problems)),
    }
}

/// Reads one file through every stage; `None` when it has problems (pushed to `problems`).
fn read_typed<T: DeserializeOwned>(
    root: &Path,
    name: &str,
    kind: FileKind,
    schemas: &SchemaSet,
    problems: &mut Vec<Diagnostic>,
) -> Result<Option<(T, Document)>, LoadError> {
    let path = root.join(name);
    let bytes = match source::read_bounded(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            problems.push(
                Diagnostic::new(name, Pos::new(1, 1), "(document)", "file not found")
                    .with_help("run `cogform init` to create a starter project"),
            );
            return Ok(None);
        }
        Err(e) => {
            return Err(LoadError::Io(source::ReadError {
                path: name.to_string(),
                source: e,
            }));
        }
    };
    let before = problems.len();
    let text = match source::decode(&bytes) {
        Ok(t) => t,
        Err(p) => {
            let mut d = Diagnostic::new(name, p.pos, "(document)", p.message);
            d.help = p.help;
            problems.push(d);
            return Ok(None);
        }
    };
    let parsed = match yaml::parse(text) {
        Ok(p) => p,
        Err(p) => {
            let mut d = Diagnostic::new(name, p.pos, field_path(&p.pointer), p.message);
            d.help = p.help;
            problems.push(d);
            return Ok(None);
        }
    };
    let doc = Document {
        file: name.to_string(),
        spans: parsed.spans,
    };
    let mut flagged: Vec<String> = Vec::new();
    for p in parsed.problems {
        flagged.push(p.pointer.clone());
        let mut d = Diagnostic::new(name, p.pos, field_path(&p.pointer), p.message);
        d.help = p.help;
        problems.push(d);
    }
    for f in scan::scan(&parsed.value) {
        flagged.push(f.pointer.clone());
        problems.push(doc.at(&f.pointer, f.message).with_help(f.help));
    }
    // A value already reported above would only get a second, vaguer message from the schema.
    for d in schemas.check(kind, name, &parsed.value, &doc.spans) {
        if !flagged.iter().any(|p| field_path(p) == d.field) {
            problems.push(d);
        }
    }
    if problems.len() > before {
        return Ok(None);
    }
    match serde_json::from_value::<T>(parsed.value) {
        Ok(typed) => Ok(Some((typed, doc))),
        Err(e) => {
            // The schema is generated from the same types, so this is unexpected; still a
            // located, value-free message rather than a panic.
            let msg = e.to_string();
            let msg = msg
                .split(" at line")
                .next()
                .unwrap_or("invalid value")
                .to_string();
            problems.push(Diagnostic::new(name, Pos::new(1, 1), "(document)", msg));
            Ok(None)
        }
    }
}
