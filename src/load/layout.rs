//! Files in the wrong place.
use std::path::Path;

use super::{Gaps, Project};
use crate::diagnostic::Diagnostic;

pub fn misplaced(_root: &Path, _project: &Project, _gaps: &Gaps) -> Vec<Diagnostic> {
    Vec::new()
}
