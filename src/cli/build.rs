//! `cogform build`: write what the configuration renders; touch only files that change, and
//! remove templates that are no longer produced.

use std::path::Path;

use super::{Exit, Io, fs::write_atomic, render_and_compare};
use crate::check::Drift;

pub fn run(dir: &Path, io: &mut Io) -> Exit {
    let (files, drifts) = match render_and_compare(dir, io) {
        Ok(x) => x,
        Err(code) => return code,
    };
    for drift in &drifts {
        let path = dir.join(drift.path());
        let result = match drift {
            Drift::Stale { .. } | Drift::Missing { .. } => {
                let content = files
                    .iter()
                    .find(|f| f.path == drift.path())
                    .map(|f| f.content.as_str())
                    .unwrap_or_default();
                write_atomic(&path, content)
            }
            Drift::Orphaned { .. } => std::fs::remove_file(&path),
        };
        if let Err(e) = result {
            io.say(format!("error: cannot write {}: {e}", drift.path()));
            return Exit::Internal;
        }
        let verb = match drift {
            Drift::Stale { .. } => "updated",
            Drift::Missing { .. } => "created",
            Drift::Orphaned { .. } => "removed",
        };
        io.say(format!("{verb} {}", drift.path()));
    }
    io.say(format!(
        "build: {} file(s) generated, {} changed",
        files.len(),
        drifts.len()
    ));
    Exit::Ok
}
