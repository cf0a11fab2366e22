//! `cogform check`: fail (exit 1) with a readable diff when the committed files are not what
//! the configuration renders, and (exit 3) when the change against the base would replace or
//! remove a stateful resource. Reads only; writes nothing.

use std::path::Path;

use super::diff::{BaseArgs, blocked, plans};
use super::{Exit, Io, render_and_compare};
use crate::check::Drift;
use crate::render::RenderedFile;

pub fn run(dir: &Path, base: BaseArgs, io: &mut Io) -> Exit {
    let (files, drifts) = match render_and_compare(dir, io) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let guard = guard(dir, &base, &files, io);
    if drifts.is_empty() {
        io.say(format!(
            "check: {} generated file(s) up to date",
            files.len()
        ));
        return guard;
    }
    for drift in &drifts {
        match drift {
            Drift::Stale { path, diff } => {
                io.say(format!("stale: {path}"));
                let colored = io.colored_diff(diff);
                io.print(colored);
            }
            Drift::Missing { path } => io.say(format!("missing: {path}")),
            Drift::Orphaned { path } => io.say(format!("no longer produced: {path}")),
        }
    }
    io.say(format!(
        "error: {} generated file(s) out of date\n  help: run `cogform build` and commit the result",
        drifts.len()
    ));
    // Losing users or objects is the graver finding; drift alone is 1.
    if guard == Exit::Ok {
        Exit::Drift
    } else {
        guard
    }
}

/// The change-safety guard against the base. Outside a git repository, with no `--base-dir`,
/// there is no base to compare with: said once, not an error.
fn guard(dir: &Path, base: &BaseArgs, files: &[RenderedFile], io: &mut Io) -> Exit {
    match plans(dir, base, files) {
        Ok(plans) => {
            let found = blocked(&plans, &base.allow_replace);
            for (_, _, message) in &found {
                io.say(message);
            }
            if found.is_empty() {
                Exit::Ok
            } else {
                Exit::Unsafe
            }
        }
        Err(e) if base.base.is_none() && base.base_dir.is_none() => {
            io.say(format!("note: no change-safety check: {e}"));
            Exit::Ok
        }
        Err(e) => {
            io.say(format!("error: {e}"));
            Exit::Invalid
        }
    }
}
