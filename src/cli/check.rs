//! `cogform check`: fail (exit 1) with a readable diff when the committed files are not what
//! the configuration renders. Reads only; writes nothing.

use std::path::Path;

use super::{Exit, Io, prepare};
use crate::check::{Drift, compare};

pub fn run(dir: &Path, io: &mut Io) -> Exit {
    let (_, files) = match prepare(dir, io) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let drifts = match compare(dir, &files) {
        Ok(d) => d,
        Err(e) => {
            io.say(format!("error: cannot read the build directory: {e}"));
            return Exit::Internal;
        }
    };
    if drifts.is_empty() {
        io.say(format!(
            "check: {} generated file(s) up to date",
            files.len()
        ));
        return Exit::Ok;
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
    Exit::Drift
}
