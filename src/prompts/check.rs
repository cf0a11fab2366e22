//! Answers are checked as typed by the very rules `cogform validate` applies: the answer is put
//! into a copy of the project (in memory), and every problem that `validate` would report at
//! that field (schema, plaintext-secret scan, semantic rules) refuses it, with the same message.

use std::rc::Rc;

use serde::Serialize;

use crate::config::{ApiConfig, AuthConfig, FileKind, FunctionConfig, StorageConfig};
use crate::diagnostic::{Diagnostic, field_path};
use crate::load::paths::{PathKind, code_paths};
use crate::load::schema::SchemaSet;
use crate::load::yaml::SpanIndex;
use crate::load::{API_DIR, AUTH_FILE, Category, Document, FUNCTIONS_DIR, Project, STORAGE_DIR};

/// Looks up what is on disk at a path of the project (`load::paths::probe` on the project
/// root). The CLI gives it: the walkthrough itself reads no file.
pub type Probe = Box<dyn Fn(&str) -> PathKind>;

/// The project the answers go into.
pub struct Ctx {
    pub project: Project,
    schemas: SchemaSet,
    probe: Option<Probe>,
}

/// A document without positions (problems are shown at the prompt, not in a file).
fn doc(file: &str) -> Document {
    Document {
        file: file.to_string(),
        spans: SpanIndex::default(),
    }
}

pub fn storage_file(name: &str) -> String {
    format!("{STORAGE_DIR}/{name}.yaml")
}

pub fn api_file(name: &str) -> String {
    format!("{API_DIR}/{name}.yaml")
}

pub fn function_file(name: &str) -> String {
    format!("{FUNCTIONS_DIR}/{name}.yaml")
}

fn schema_problems<T: Serialize>(
    schemas: &SchemaSet,
    kind: FileKind,
    file: &str,
    config: &T,
    out: &mut Vec<Diagnostic>,
) {
    let Ok(value) = serde_json::to_value(config) else {
        return;
    };
    let d = doc(file);
    for f in crate::load::scan::scan(&value) {
        let found = if f.key {
            d.at_key(&f.pointer, f.message)
        } else {
            d.at(&f.pointer, f.message)
        };
        out.push(found.with_help(f.help));
    }
    out.extend(schemas.check(kind, file, &value, &d.spans));
}

/// Why `name` cannot name a new file of a category: its form (it is `part` of resource names),
/// or the file exists (`file`, changed with `cogform update COMMAND NAME`).
pub fn new_name_problem(
    name: &str,
    part: &str,
    exists: bool,
    file: &str,
    command: &str,
) -> Result<(), String> {
    if !crate::load::category_name_ok(name) {
        return Err(format!(
            "1–24 lowercase letters, digits or `-`, starting with a letter{part}"
        ));
    }
    if exists {
        return Err(format!(
            "{file} exists; use `cogform update {command} {name}`"
        ));
    }
    Ok(())
}

/// The files a walkthrough may write (every kind but the optional escape hatch).
fn walkthrough_kinds() -> impl Iterator<Item = FileKind> {
    FileKind::ALL
        .into_iter()
        .filter(|k| *k != FileKind::Overrides)
}

/// `message (help)` of a diagnostic, as one line for a prompt.
pub fn message(d: &Diagnostic) -> String {
    match &d.help {
        Some(h) => format!("{} ({h})", d.message),
        None => d.message.clone(),
    }
}

impl Ctx {
    /// Answers are checked against what the project says is on disk (`Project::local_paths`).
    pub fn new(project: Project) -> Rc<Ctx> {
        Rc::new(Ctx {
            project,
            schemas: SchemaSet::of(walkthrough_kinds()),
            probe: None,
        })
    }

    /// Answers naming a local path (a function's code folder) are looked up with `probe` as
    /// they are typed, so a folder made during the walkthrough counts.
    pub fn with_probe(project: Project, probe: Probe) -> Rc<Ctx> {
        Rc::new(Ctx {
            project,
            schemas: SchemaSet::of(walkthrough_kinds()),
            probe: Some(probe),
        })
    }

    /// Looks up the project's local paths again, when there is a probe.
    fn refresh_paths(&self, project: &mut Project) {
        let Some(probe) = &self.probe else {
            return;
        };
        let paths: Vec<String> = code_paths(&project.apis, &project.functions)
            .into_iter()
            .map(str::to_string)
            .collect();
        for path in paths {
            let kind = probe(&path);
            project.local_paths.insert(path, kind);
        }
    }

    /// Every problem `validate` reports for `project` (typed files, so no YAML problems).
    pub fn problems(&self, project: &Project) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        schema_problems(
            &self.schemas,
            FileKind::Auth,
            AUTH_FILE,
            &project.auth,
            &mut out,
        );
        for s in &project.storage {
            schema_problems(
                &self.schemas,
                FileKind::Storage,
                &s.doc.file,
                &s.config,
                &mut out,
            );
        }
        for a in &project.apis {
            schema_problems(
                &self.schemas,
                FileKind::Api,
                &a.doc.file,
                &a.config,
                &mut out,
            );
        }
        for f in &project.functions {
            schema_problems(
                &self.schemas,
                FileKind::Function,
                &f.doc.file,
                &f.config,
                &mut out,
            );
        }
        out.extend(crate::validate::validate(project));
        out
    }

    /// The first problem of `file` at `pointer` or below (`""`: the whole file).
    fn first_at(&self, mut project: Project, file: &str, pointer: &str) -> Result<(), String> {
        self.refresh_paths(&mut project);
        let field = field_path(pointer);
        let found = self.problems(&project).into_iter().find(|d| {
            d.file == file
                && (pointer.is_empty()
                    || d.field == field
                    || d.field.starts_with(&format!("{field}."))
                    || d.field.starts_with(&format!("{field}[")))
        });
        match found {
            Some(d) => Err(message(&d)),
            None => Ok(()),
        }
    }

    /// Checks `auth` as the project's auth.yaml, at `pointer`.
    pub fn auth(&self, auth: &AuthConfig, pointer: &str) -> Result<(), String> {
        let mut p = self.project.clone();
        p.auth = auth.clone();
        self.first_at(p, AUTH_FILE, pointer)
    }

    /// Checks `config` as backend/storage/<name>.yaml (added or replacing the current one).
    pub fn storage(&self, name: &str, config: &StorageConfig, pointer: &str) -> Result<(), String> {
        let mut p = self.project.clone();
        let file = storage_file(name);
        p.storage.retain(|s| s.name != name);
        p.storage.push(Category {
            name: name.to_string(),
            config: config.clone(),
            doc: doc(&file),
        });
        p.storage.sort_by(|a, b| a.name.cmp(&b.name));
        self.first_at(p, &file, pointer)
    }

    /// Checks `config` as backend/api/<name>.yaml (added or replacing the current one).
    pub fn api(&self, name: &str, config: &ApiConfig, pointer: &str) -> Result<(), String> {
        let mut p = self.project.clone();
        let file = api_file(name);
        p.apis.retain(|s| s.name != name);
        p.apis.push(Category {
            name: name.to_string(),
            config: config.clone(),
            doc: doc(&file),
        });
        p.apis.sort_by(|a, b| a.name.cmp(&b.name));
        self.first_at(p, &file, pointer)
    }

    /// The project with the function `name` (`config`) added or replaced, wired to `caller`;
    /// its code folder counts as there (`add function` makes it).
    fn with_function(
        &self,
        name: &str,
        config: &FunctionConfig,
        caller: &super::function::Caller,
    ) -> Project {
        use super::function::Caller;
        let mut p = self.project.clone();
        p.functions.retain(|f| f.name != name);
        p.functions.push(Category {
            name: name.to_string(),
            config: config.clone(),
            doc: doc(&function_file(name)),
        });
        p.functions.sort_by(|a, b| a.name.cmp(&b.name));
        match caller {
            Caller::Pool(t) => {
                if let Some(slot) = p.auth.triggers.slot_mut(t) {
                    *slot = Some(crate::config::auth::TriggerTarget::Function(
                        crate::config::auth::FunctionRef {
                            function: name.to_string(),
                        },
                    ));
                }
            }
            Caller::Bucket {
                event,
                bucket,
                prefix,
            } => {
                if let Some(s) = p.storage.iter_mut().find(|s| &s.name == bucket) {
                    s.config
                        .triggers
                        .push(crate::config::function::BucketTrigger {
                            on: *event,
                            prefix: prefix.clone(),
                            suffix: None,
                            function: name.to_string(),
                        });
                }
            }
            Caller::Api | Caller::Nothing => {}
        }
        p
    }

    /// Checks `config` as backend/functions/<name>.yaml wired to `caller`, at `pointer`.
    pub fn function(
        &self,
        name: &str,
        config: &FunctionConfig,
        caller: &super::function::Caller,
        pointer: &str,
    ) -> Result<(), String> {
        let p = self.with_function(name, config, caller);
        self.first_at(p, &function_file(name), pointer)
    }

    /// Checks the wiring of a new function `name` in its caller's file.
    pub fn caller_problem(
        &self,
        name: &str,
        caller: &super::function::Caller,
    ) -> Result<(), String> {
        use super::function::Caller;
        let mut config = super::function::new_config();
        config.code = crate::config::api::Code::Local(crate::config::api::LocalCode {
            path: format!("functions/{name}"),
        });
        let p = self.with_function(name, &config, caller);
        match caller {
            Caller::Pool(t) => self.first_at(p, AUTH_FILE, &format!("/triggers/{t}")),
            Caller::Bucket { bucket, .. } => self.first_at(p, &storage_file(bucket), "/triggers"),
            Caller::Api | Caller::Nothing => Ok(()),
        }
    }

    /// Group names of auth.yaml, in file order.
    pub fn groups(&self) -> Vec<String> {
        self.project
            .auth
            .groups
            .iter()
            .map(|g| g.name.clone())
            .collect()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::config::ProjectConfig;

    /// A valid in-memory project named `test-app` with this auth configuration.
    pub fn project_with(auth: AuthConfig) -> Project {
        Project {
            root: std::path::PathBuf::from("."),
            config: serde_json::from_str::<ProjectConfig>(r#"{"project":"test-app"}"#).unwrap(),
            project_doc: doc("cogform.yaml"),
            auth,
            auth_doc: doc(AUTH_FILE),
            storage: Vec::new(),
            apis: Vec::new(),
            functions: Vec::new(),
            local_paths: Default::default(),
            overrides: None,
        }
    }

    pub fn default_auth() -> AuthConfig {
        serde_json::from_str("{}").unwrap()
    }

    #[test]
    fn answers_are_refused_with_validate_messages() {
        let ctx = Ctx::new(project_with(default_auth()));
        let mut a = default_auth();
        assert_eq!(ctx.auth(&a, ""), Ok(()));
        a.password.min_length = 6;
        let why = ctx.auth(&a, "/password/min_length").unwrap_err();
        assert!(why.contains("at least 8"), "{why}");
        // A problem elsewhere does not refuse this field.
        assert_eq!(ctx.auth(&a, "/login"), Ok(()));
        a.login.email = false;
        assert!(
            ctx.auth(&a, "/login")
                .unwrap_err()
                .contains("no sign-in method")
        );
    }
}
