//! Semantic rules: what a schema cannot say (cross-field, cross-file and AWS-service rules).
//! Every rule reports through `Diagnostic`s located in the user's file; all are collected.

pub mod advice;
pub mod api;
pub mod auth;
pub mod foreign;
pub mod policy;
pub mod project;
pub mod storage;
pub mod url;

use crate::diagnostic::{Diagnostic, normalize};
use crate::load::Project;

/// Every semantic problem of a loaded project, sorted by file and position.
pub fn validate(project: &Project) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    project::check(project, &mut out);
    auth::check(project, &mut out);
    storage::check(project, &mut out);
    api::check(project, &mut out);
    crate::overrides::check(project, &mut out);
    normalize(&mut out);
    out
}

/// What is legal but probably wrong (an API method open to anyone, a statement that reaches
/// another account or a hard-coded API): printed as warnings, never failing a command.
pub fn warnings(project: &Project) -> Vec<Diagnostic> {
    let mut out = api::open_methods(project);
    out.extend(foreign::warnings(project));
    out.extend(advice::client_flows(project));
    normalize(&mut out);
    out
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
