//! Turns a project directory into typed configuration: read (bounded) → YAML (hardened) →
//! content scan → JSON Schema → serde. Every problem of every file is collected before
//! anything is returned, and each one carries its file, line and column.

pub mod edit;
pub mod iam;
pub mod paths;
pub mod scan;
pub mod schema;
pub mod source;
pub mod yaml;

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::config::{
    ApiConfig, AuthConfig, FileKind, OverridesConfig, ProjectConfig, StorageConfig,
};
use crate::diagnostic::{Diagnostic, Pos, field_path};
use schema::SchemaSet;
use yaml::SpanIndex;

/// The project file, at the project root.
pub const PROJECT_FILE: &str = "cogform.yaml";
/// The auth category file.
pub const AUTH_FILE: &str = "backend/auth.yaml";
/// The optional escape hatch: patches and additions applied after rendering.
pub const OVERRIDES_FILE: &str = "backend/overrides.yaml";

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

/// Folder of the storage category files (`<name>.yaml` each).
pub const STORAGE_DIR: &str = "backend/storage";
/// Folder of the API category files (`<name>.yaml` each).
pub const API_DIR: &str = "backend/api";

/// One file of a category with several files: its name (the file stem) and content.
#[derive(Debug, Clone)]
pub struct Category<T> {
    pub name: String,
    pub config: T,
    pub doc: Document,
}

/// A loaded, schema-valid project (semantic rules are checked separately by `validate`).
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    pub config: ProjectConfig,
    pub project_doc: Document,
    pub auth: AuthConfig,
    pub auth_doc: Document,
    /// Storage files, in name order.
    pub storage: Vec<Category<StorageConfig>>,
    /// API files, in name order.
    pub apis: Vec<Category<ApiConfig>>,
    /// What is on disk at the local paths the files name (see `paths`).
    pub local_paths: paths::LocalPaths,
    /// `backend/overrides.yaml`, when the project has one.
    pub overrides: Option<Overrides>,
}

/// The loaded `backend/overrides.yaml`.
#[derive(Debug, Clone)]
pub struct Overrides {
    pub config: OverridesConfig,
    pub doc: Document,
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
    let storage = read_category::<StorageConfig>(
        root,
        STORAGE_DIR,
        FileKind::Storage,
        &schemas,
        &mut problems,
    )?;
    let apis = read_category::<ApiConfig>(root, API_DIR, FileKind::Api, &schemas, &mut problems)?;
    // Optional, and its schema is compiled only when it is there.
    let overrides = if root.join(OVERRIDES_FILE).is_file() {
        let schemas = SchemaSet::of([FileKind::Overrides]);
        read_typed::<OverridesConfig>(
            root,
            OVERRIDES_FILE,
            FileKind::Overrides,
            &schemas,
            &mut problems,
        )?
        .map(|(config, doc)| Overrides { config, doc })
    } else {
        None
    };
    match (project, auth) {
        (Some((config, project_doc)), Some((auth, auth_doc))) if problems.is_empty() => {
            Ok(Project {
                root: root.to_path_buf(),
                config,
                project_doc,
                auth,
                auth_doc,
                storage,
                local_paths: paths::collect(root, &apis),
                apis,
                overrides,
            })
        }
        _ => Err(LoadError::Invalid(problems)),
    }
}

/// Category names become parts of resource names and ids: keep them short and plain.
pub fn category_name_ok(name: &str) -> bool {
    (1..=24).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.ends_with('-')
}

/// Reads every `*.yaml` of a category folder (absent folder: none), in file-name order.
fn read_category<T: DeserializeOwned>(
    root: &Path,
    dir: &str,
    kind: FileKind,
    schemas: &SchemaSet,
    problems: &mut Vec<Diagnostic>,
) -> Result<Vec<Category<T>>, LoadError> {
    let folder = root.join(dir);
    if !folder.is_dir() {
        return Ok(Vec::new());
    }
    let mut names: Vec<String> = Vec::new();
    let entries = std::fs::read_dir(&folder).map_err(|e| source::ReadError {
        path: dir.to_string(),
        source: e,
    })?;
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_file() && !file_name.starts_with('.') {
            names.push(file_name);
        }
    }
    names.sort();
    let mut out = Vec::new();
    for file_name in names {
        let rel = format!("{dir}/{file_name}");
        let Some(stem) = file_name.strip_suffix(".yaml") else {
            problems.push(
                Diagnostic::new(
                    &rel,
                    Pos::new(1, 1),
                    "(document)",
                    "unexpected file: category files end in `.yaml`",
                )
                .with_help("rename it to `<name>.yaml`, or move it out of this folder"),
            );
            continue;
        };
        if !category_name_ok(stem) {
            problems.push(Diagnostic::new(
                &rel,
                Pos::new(1, 1),
                "(document)",
                "file names are 1–24 lowercase letters, digits or `-` (the name is part of resource names)",
            ));
            continue;
        }
        if let Some((config, doc)) = read_typed::<T>(root, &rel, kind, schemas, problems)? {
            out.push(Category {
                name: stem.to_string(),
                config,
                doc,
            });
        }
    }
    Ok(out)
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
    let mut parsed = match yaml::parse(text) {
        Ok(p) => p,
        Err(p) => {
            let mut d = Diagnostic::new(name, p.pos, field_path(&p.pointer), p.message);
            d.help = p.help;
            problems.push(d);
            return Ok(None);
        }
    };
    // IAM's spelling in policy statements, read as cogform's (located where it was written).
    let spelling = iam::normalize(kind, &mut parsed.value);
    for (from, to) in &spelling.renamed {
        parsed.spans.alias(from, to);
    }
    let doc = Document {
        file: name.to_string(),
        spans: parsed.spans,
    };
    for refused in spelling.refused {
        problems.push(
            doc.at_key(&refused.pointer, refused.message)
                .with_help(refused.help),
        );
    }
    let mut flagged: Vec<String> = Vec::new();
    for p in parsed.problems {
        if p.about_value {
            flagged.push(p.pointer.clone());
        }
        let mut d = Diagnostic::new(name, p.pos, field_path(&p.pointer), p.message);
        d.help = p.help;
        problems.push(d);
    }
    // Overrides are CloudFormation: `${…}` (Fn::Sub) and dynamic references are its own.
    let findings = if kind == FileKind::Overrides {
        scan::scan_cloudformation(&parsed.value)
    } else {
        scan::scan(&parsed.value)
    };
    for f in findings {
        flagged.push(f.pointer.clone());
        let d = if f.key {
            doc.at_key(&f.pointer, f.message)
        } else {
            doc.at(&f.pointer, f.message)
        };
        problems.push(d.with_help(f.help));
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
        Err(_) => {
            // The schema is generated from the same types, so this is unexpected; still a
            // message rather than a panic, and not serde's, which quotes the offending value.
            problems.push(Diagnostic::new(
                name,
                Pos::new(1, 1),
                "(document)",
                "a value does not have the expected type (value not shown)",
            ));
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duplicate_key_does_not_hide_a_problem_of_the_value_kept() {
        let dir = tempfile::TempDir::new().unwrap();
        std::fs::create_dir_all(dir.path().join("backend")).unwrap();
        std::fs::write(dir.path().join(PROJECT_FILE), "project: test-app\n").unwrap();
        std::fs::write(
            dir.path().join(AUTH_FILE),
            "password:\n  min_length: 6\n  min_length: 10\nmfa: { mode: on }\n",
        )
        .unwrap();
        let Err(LoadError::Invalid(found)) = load(dir.path()) else {
            panic!("accepted");
        };
        let found: Vec<String> = found.iter().map(|d| d.message.clone()).collect();
        // The kept value (6) is still checked; `on` is reported once, not again by the schema.
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].starts_with("duplicate key `min_length`"));
        assert!(found[1].starts_with("ambiguous value `on`"));
        assert_eq!(found[2], "must be at least 8");
    }
}
