//! Turns a project directory into typed configuration: read (bounded) → YAML (hardened) →
//! content scan → JSON Schema → serde. Every problem of every file is collected before
//! anything is returned, and each one carries its file, line and column.

pub mod edit;
pub mod gaps;
pub mod iam;
mod indent;
mod layout;
pub mod paths;
pub mod scan;
pub mod schema;
pub mod source;
pub mod yaml;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::config::{
    ApiConfig, AuthConfig, FileKind, FunctionConfig, OverridesConfig, ProjectConfig, StorageConfig,
};
use crate::diagnostic::{Diagnostic, Pos, field_path};
pub use gaps::Gaps;
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
/// Folder of the project functions (`<name>.yaml` each).
pub const FUNCTIONS_DIR: &str = "backend/functions";

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
    /// Project functions, in name order.
    pub functions: Vec<Category<FunctionConfig>>,
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

/// Everything read from a project: the parts that loaded, stand-ins for the parts that did
/// not (see [`Gaps`]), and the problems found while reading.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub project: Project,
    /// Which files and top-level sections are stand-ins; semantic rules that read them are
    /// not run (`validate::validate_loaded`).
    pub gaps: Gaps,
    /// Structural problems (reading, YAML, content, schema, file layout), unsorted.
    pub problems: Vec<Diagnostic>,
}

/// Loads every file of the project at `root`; `Invalid` with every structural problem.
pub fn load(root: &Path) -> Result<Project, LoadError> {
    let loaded = load_all(root)?;
    if loaded.problems.is_empty() {
        Ok(loaded.project)
    } else {
        Err(LoadError::Invalid(loaded.problems))
    }
}

/// Loads every file of the project at `root` as far as it goes: a file or top-level section
/// with problems is replaced by a stand-in and named in `gaps`, so the rest can still be
/// checked. `Err` only when `root` is no project or a file cannot be read at all.
pub fn load_all(root: &Path) -> Result<Loaded, LoadError> {
    if !root.join(PROJECT_FILE).is_file() {
        return Err(LoadError::NotAProject(root.to_path_buf()));
    }
    let schemas = SchemaSet::new();
    let mut problems = Vec::new();
    let mut gaps = Gaps::default();
    let project = read_typed::<ProjectConfig>(
        root,
        PROJECT_FILE,
        FileKind::Project,
        &schemas,
        &mut problems,
    )?;
    let (config, project_doc) = project.or_stand_in(PROJECT_FILE, &mut gaps, stand_in_project);
    let auth = read_typed::<AuthConfig>(root, AUTH_FILE, FileKind::Auth, &schemas, &mut problems)?;
    let (auth, auth_doc) = auth.or_stand_in(AUTH_FILE, &mut gaps, AuthConfig::default);
    let storage = read_category::<StorageConfig>(
        root,
        STORAGE_DIR,
        FileKind::Storage,
        &schemas,
        &mut problems,
        &mut gaps,
    )?;
    let apis = read_category::<ApiConfig>(
        root,
        API_DIR,
        FileKind::Api,
        &schemas,
        &mut problems,
        &mut gaps,
    )?;
    // Optional, and their schema is compiled only when they are there.
    let functions = if root.join(FUNCTIONS_DIR).is_dir() {
        read_category::<FunctionConfig>(
            root,
            FUNCTIONS_DIR,
            FileKind::Function,
            &SchemaSet::of([FileKind::Function]),
            &mut problems,
            &mut gaps,
        )?
    } else {
        Vec::new()
    };
    let overrides = if root.join(OVERRIDES_FILE).is_file() {
        let schemas = SchemaSet::of([FileKind::Overrides]);
        match read_typed::<OverridesConfig>(
            root,
            OVERRIDES_FILE,
            FileKind::Overrides,
            &schemas,
            &mut problems,
        )? {
            Outcome::Whole(config, doc) | Outcome::Partial(config, doc, _) => {
                Some(Overrides { config, doc })
            }
            Outcome::Failed(_) => None,
        }
    } else {
        None
    };
    let project = Project {
        root: root.to_path_buf(),
        config,
        project_doc,
        auth,
        auth_doc,
        storage,
        local_paths: paths::collect(root, &apis, &functions),
        apis,
        functions,
        overrides,
    };
    problems.extend(layout::misplaced(root, &project, &gaps));
    Ok(Loaded {
        project,
        gaps,
        problems,
    })
}

/// The project file's stand-in: the shortest names allowed, so length rules elsewhere that
/// add the project and environment names report only what is too long whatever they are.
fn stand_in_project() -> ProjectConfig {
    ProjectConfig {
        project: "xx".into(),
        format: Default::default(),
        environments: [("a".to_string(), Default::default())].into(),
        explain: None,
    }
}

/// A required or length-bearing top-level value of a partly loaded file, replaced by the
/// same short stand-in as [`stand_in_project`].
fn stand_in_section(kind: FileKind, section: &str) -> Option<Value> {
    match (kind, section) {
        (FileKind::Project, "project") => Some(Value::from("xx")),
        (FileKind::Project, "environments") => Some(serde_json::json!({ "a": {} })),
        _ => None,
    }
}

/// How far one file loaded.
enum Outcome<T> {
    /// Every part.
    Whole(T, Document),
    /// All but these top-level sections, which are stand-ins (their problems are reported).
    Partial(T, Document, BTreeSet<String>),
    /// Nothing usable (missing, unreadable as YAML, or problems at its top level).
    Failed(String),
}

impl<T> Outcome<T> {
    /// The value, or a stand-in recorded in `gaps`.
    fn or_stand_in(
        self,
        file: &str,
        gaps: &mut Gaps,
        stand_in: impl FnOnce() -> T,
    ) -> (T, Document) {
        match self {
            Outcome::Whole(t, doc) => (t, doc),
            Outcome::Partial(t, doc, sections) => {
                gaps.sections(file, sections);
                (t, doc)
            }
            Outcome::Failed(file) => {
                gaps.whole_file(&file);
                let doc = Document {
                    file,
                    spans: SpanIndex::default(),
                };
                (stand_in(), doc)
            }
        }
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
    gaps: &mut Gaps,
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
    // Anything else in the folder is reported by `layout`.
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_file() && !layout::ignored(&file_name) && file_name.ends_with(".yaml") {
            names.push(file_name);
        }
    }
    names.sort();
    let mut out = Vec::new();
    for file_name in names {
        let rel = format!("{dir}/{file_name}");
        let stem = file_name.strip_suffix(".yaml").unwrap_or(&file_name);
        if !category_name_ok(stem) {
            problems.push(Diagnostic::new(
                &rel,
                Pos::new(1, 1),
                "(document)",
                "file names are 1–24 lowercase letters, digits or `-` (the name is part of resource names)",
            ));
            gaps.whole_file(&rel);
            continue;
        }
        // A file that did not load entirely is left out and named in `gaps`: rules that refer
        // to it by name (a function's bucket, a trigger's function) ask `gaps` before
        // calling the name unknown.
        match read_typed::<T>(root, &rel, kind, schemas, problems)? {
            Outcome::Whole(config, doc) => out.push(Category {
                name: stem.to_string(),
                config,
                doc,
            }),
            _ => gaps.whole_file(&rel),
        }
    }
    Ok(out)
}

/// Reads one file through every stage, pushing its problems to `problems`.
fn read_typed<T: DeserializeOwned>(
    root: &Path,
    name: &str,
    kind: FileKind,
    schemas: &SchemaSet,
    problems: &mut Vec<Diagnostic>,
) -> Result<Outcome<T>, LoadError> {
    let failed = || Ok(Outcome::Failed(name.to_string()));
    let path = root.join(name);
    if path.is_dir() {
        problems.push(Diagnostic::new(
            name,
            Pos::new(1, 1),
            "(document)",
            "is a folder; cogform expects a file here",
        ));
        return failed();
    }
    let bytes = match source::read_bounded(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            problems.push(
                Diagnostic::new(name, Pos::new(1, 1), "(document)", "file not found")
                    .with_help(missing_help(kind)),
            );
            return failed();
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
            return failed();
        }
    };
    let mut parsed = match yaml::parse(text) {
        Ok(p) => p,
        Err(p) => {
            let p = indent::explain(text, p);
            let mut d = Diagnostic::new(name, p.pos, field_path(&p.pointer), p.message);
            d.help = p.help;
            if d.message == yaml::EMPTY_FILE {
                d.help = Some(empty_help(kind, name));
            }
            problems.push(d);
            return failed();
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
    if problems.len() == before {
        return match serde_json::from_value::<T>(parsed.value) {
            Ok(typed) => Ok(Outcome::Whole(typed, doc)),
            Err(_) => {
                // The schema is generated from the same types, so this is unexpected; still a
                // message rather than a panic, and not serde's, which quotes the offending value.
                problems.push(Diagnostic::new(
                    name,
                    Pos::new(1, 1),
                    "(document)",
                    "a value does not have the expected type (value not shown)",
                ));
                failed()
            }
        };
    }
    // Problems confined to known top-level sections leave the rest usable: those sections are
    // replaced by their defaults (or a stand-in) and named as gaps. A problem at the top level
    // itself (a missing required key, an unknown top-level key, which may be a misspelled
    // section) leaves nothing to trust.
    let known = top_level_keys(kind);
    let mut sections = BTreeSet::new();
    for d in &problems[before..] {
        match section_of(&d.field) {
            Some(s) if known.iter().any(|k| k == s) => {
                sections.insert(s.to_string());
            }
            _ => return failed(),
        }
    }
    let Value::Object(mut map) = parsed.value else {
        return failed();
    };
    for s in &sections {
        map.shift_remove(s);
        if let Some(v) = stand_in_section(kind, s) {
            map.insert(s.clone(), v);
        }
    }
    match serde_json::from_value::<T>(Value::Object(map)) {
        Ok(typed) => Ok(Outcome::Partial(typed, doc, sections)),
        Err(_) => failed(),
    }
}

/// The top-level section a diagnostic's field is in (`hosted_ui` for
/// `hosted_ui.callback_urls[0]`); `None` for the document itself.
pub fn section_of(field: &str) -> Option<&str> {
    if field == "(document)" {
        return None;
    }
    field.split(['.', '[']).next().filter(|s| !s.is_empty())
}

/// The top-level keys a file of `kind` may have.
fn top_level_keys(kind: FileKind) -> Vec<String> {
    kind.schema()["properties"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// What to do about a missing file (only auth.yaml can be missing: the project file is how a
/// project is found, and category files are found by listing their folder).
fn missing_help(kind: FileKind) -> String {
    match kind {
        FileKind::Auth => "run `cogform add auth` (a walkthrough that writes it), or create it holding `{}` for the defaults (email sign-in)".into(),
        _ => format!("create it (`cogform schema {}` lists every key)", kind.name()),
    }
}

/// What to write in an empty file, for each kind: `{}` is only enough for some.
fn empty_help(kind: FileKind, name: &str) -> String {
    let stem = Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match kind {
        FileKind::Project => "write at least `project: NAME` (2–32 lowercase letters, digits or `-`; it names the pools); `cogform schema cogform` lists every key".into(),
        FileKind::Auth => "write `{}` to accept every default (email sign-in), or run `cogform add auth` for a walkthrough that writes it".into(),
        FileKind::Storage => format!("write the bucket's `levels` (see `cogform schema storage`), or delete the file and run `cogform add storage {stem}` for a walkthrough that writes it"),
        FileKind::Api => format!("an API needs `functions` and `paths`: write them (see `cogform schema api`), or delete the file and run `cogform add api {stem}` for a walkthrough that writes it"),
        FileKind::Function => format!("a function needs `runtime`, `handler` and `code`: write them (see `cogform schema function`), or delete the file and run `cogform add function {stem}` for a walkthrough that writes it"),
        FileKind::Overrides => "write `resources:` (patches by logical id) or `add:` (new resources), see `cogform schema overrides`; or delete the file: it is optional".into(),
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
