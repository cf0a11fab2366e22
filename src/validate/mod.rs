//! Semantic rules: what a schema cannot say (cross-field, cross-file and AWS-service rules).
//! Every rule reports through `Diagnostic`s located in the user's file; all are collected.

pub mod auth;
pub mod policy;
pub mod project;
pub mod url;

use crate::diagnostic::{Diagnostic, normalize};
use crate::load::Project;

/// Every semantic problem of a loaded project, sorted by file and position.
pub fn validate(project: &Project) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    project::check(project, &mut out);
    auth::check(project, &mut out);
    normalize(&mut out);
    out
}
