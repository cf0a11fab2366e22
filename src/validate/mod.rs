//! Semantic rules: what a schema cannot say (cross-field, cross-file and AWS-service rules).
//! Every rule reports through `Diagnostic`s located in the user's file; all are collected.

pub mod advice;
pub mod api;
pub mod auth;
pub mod foreign;
pub mod function;
pub mod machine;
pub mod policy;
pub mod project;
pub mod reads;
pub mod sign_in;
pub mod storage;
pub mod url;

use std::path::Path;

use crate::diagnostic::{Diagnostic, normalize};
use crate::load::{LoadError, Loaded, Project};

/// Every semantic problem of a loaded project, sorted by file and position.
pub fn validate(project: &Project) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    project::check(project, &mut out);
    auth::check(project, &mut out);
    sign_in::check(project, &mut out);
    machine::check(project, &mut out);
    storage::check(project, &mut out);
    api::check(project, &mut out);
    function::check(project, &mut out);
    crate::overrides::check(project, &mut out);
    normalize(&mut out);
    out
}

/// Every problem of a project in one pass: the structural problems of every file, and the
/// semantic problems of every file and section that loaded (rules that would judge a part
/// that did not load, or judge by it, are left out: see `reads`). Sorted by file and position.
pub fn validate_loaded(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut out = loaded.problems.clone();
    out.extend(
        validate(&loaded.project)
            .into_iter()
            .filter(|d| reads::trusted(d, &loaded.gaps)),
    );
    normalize(&mut out);
    out
}

/// What is legal but probably wrong (an API method open to anyone, a statement that reaches
/// another account or a hard-coded API): printed as warnings, never failing a command.
pub fn warnings(project: &Project) -> Vec<Diagnostic> {
    let mut out = api::open_methods(project);
    out.extend(foreign::warnings(project));
    out.extend(advice::client_flows(project));
    out.extend(sign_in::warnings(project));
    out.extend(function::warnings(project));
    normalize(&mut out);
    out
}

/// Loads and validates the project at `root`; `Invalid` with every problem (see
/// [`validate_loaded`]).
pub fn load_valid(root: &Path) -> Result<Project, LoadError> {
    let loaded = crate::load::load_all(root)?;
    let problems = validate_loaded(&loaded);
    if problems.is_empty() {
        Ok(loaded.project)
    } else {
        Err(LoadError::Invalid(problems))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::load::{AUTH_FILE, PROJECT_FILE, load};

    /// Every semantic problem (without hints) of a project made of these two files.
    pub fn problems(project: &str, auth: &str) -> Vec<String> {
        let dir = tempfile::TempDir::new().unwrap();
        std::fs::create_dir_all(dir.path().join("backend")).unwrap();
        std::fs::write(dir.path().join(PROJECT_FILE), project).unwrap();
        std::fs::write(dir.path().join(AUTH_FILE), auth).unwrap();
        let loaded = load(dir.path()).unwrap_or_else(|e| panic!("{e:?}"));
        super::validate(&loaded)
            .into_iter()
            .map(|mut d| {
                d.help = None;
                d.to_string()
            })
            .collect()
    }
}
