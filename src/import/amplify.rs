//! Amplify Gen 1 project folder → [`Imported`].

use super::{Imported, Problem, SourceTree};

/// Reads `amplify/` (paths in `tree` are relative to the Amplify project's root).
pub fn from_amplify(tree: &SourceTree) -> Result<Imported, Vec<Problem>> {
    let _ = tree;
    Err(vec![Problem::in_file("amplify", "not implemented yet")])
}
