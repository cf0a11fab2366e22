//! `cogform build`: write what the configuration renders; touch only files that change, and
//! remove templates that are no longer produced. Warns (without failing) when the result,
//! compared with the committed build/, would lose users or objects: the user sees it before
//! committing, not only when `check` fails in CI.

use std::path::Path;

use super::diff::{BaseArgs, loss_warning, plans};
use super::{Exit, Io, counted, fs::write_atomic, render_and_compare};
use crate::check::Drift;
use crate::render::RenderedFile;

pub fn run(dir: &Path, io: &mut Io) -> Exit {
    let (built, drifts) = match render_and_compare(dir, io) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let files = &built.files;
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
    warn_of_loss(dir, files, io);
    io.say(format!(
        "build: {}; {} file{} changed",
        counted(files),
        drifts.len(),
        super::plural(drifts.len())
    ));
    Exit::Ok
}

/// The data-loss warning against the default base (HEAD's committed build/), as `check` and
/// `diff` compute it. No base (not a git repository, nothing committed, no committed build/)
/// means nothing to warn about, and never an error: `build` must work anywhere.
fn warn_of_loss(dir: &Path, files: &[RenderedFile], io: &mut Io) {
    let base = BaseArgs {
        base: None,
        base_dir: None,
        allow_replace: Vec::new(),
    };
    let Ok(compared) = plans(dir, &base, files) else {
        return;
    };
    if let Some(warning) = loss_warning(&compared.plans, io.color) {
        io.say(warning);
        if io.format != crate::report::Format::Text {
            for b in super::diff::blocked(&compared.plans, &[]) {
                io.findings.push(b.finding(crate::report::Level::Warning));
            }
        }
        io.say("warning: compared with the build/ committed at HEAD, deploying this loses users or objects; `cogform check` will fail (exit 3)\n  help: restore the old setting and run `cogform build` again; `cogform diff` shows every change and how to go ahead if the loss is intended");
    }
}
