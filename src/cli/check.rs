//! `cogform check`: fail (exit 1) with a readable diff when the committed files are not what
//! the configuration renders, and (exit 3) when the change against the base would replace or
//! remove a stateful resource. Reads only; writes nothing. Its last line always states the
//! outcome that decided the exit code.

use std::path::Path;

use super::diff::{BaseArgs, Compared, blocked, plans};
use super::{Exit, Io, OutputArgs, counted, render_and_compare};
use crate::check::Drift;
use crate::render::RenderedFile;
use crate::report::{Finding, Format, Level};

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub base: BaseArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(dir: &Path, base: BaseArgs, io: &mut Io) -> Exit {
    let (built, drifts) = match render_and_compare(dir, io) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let files = &built.files;
    for drift in &drifts {
        let (line, what) = match drift {
            Drift::Stale { path, .. } => (
                format!("stale: {path}"),
                "is not what the configuration renders",
            ),
            Drift::Missing { path } => (format!("missing: {path}"), "is missing"),
            Drift::Orphaned { path } => (
                format!("no longer produced: {path}"),
                "is no longer produced by the configuration",
            ),
        };
        let finding = Finding::on_file(
            "stale-template",
            Level::Error,
            drift.path(),
            format!(
                "{} {what}; run `cogform build` and commit the result",
                drift.path()
            ),
        );
        io.found(line, finding);
        if let Drift::Stale { diff, .. } = drift {
            // The diff is for people: on stdout in text, on stderr beside a machine report.
            if io.format == Format::Text {
                let colored = io.colored_diff(diff);
                io.print(colored);
            } else {
                io.say(diff.trim_end());
            }
        }
    }
    let stale = match drifts.len() {
        1 => "1 generated file is out of date".to_string(),
        n => format!("{n} generated files are out of date"),
    };
    let (last, exit) = match guard(dir, &base, files, io) {
        Err(Unguarded::Base(why)) => (
            format!("error: cannot compare with the base: {why} (exit 2)"),
            Exit::Invalid,
        ),
        Err(Unguarded::Flags(problems)) => (
            format!("error: {} (exit 2)", problems.join("\nerror: ")),
            Exit::Invalid,
        ),
        // Losing users or objects is the graver finding: 3 wins over 1.
        Ok(true) if drifts.is_empty() => (
            "error: build/ is up to date, but the change loses users or objects (exit 3)".into(),
            Exit::Unsafe,
        ),
        Ok(true) => (
            format!("error: the change loses users or objects, and {stale} (exit 3)"),
            Exit::Unsafe,
        ),
        Ok(false) if drifts.is_empty() => (
            format!("check: up to date ({}){}", counted(files), accepted(&built)),
            Exit::Ok,
        ),
        Ok(false) => (
            format!("error: {stale}; run `cogform build` and commit the result (exit 1)"),
            Exit::Drift,
        ),
    };
    io.say(last);
    exit
}

/// The accepted risks, for the summary line: never silent, even when all is well.
fn accepted(built: &crate::pipeline::Built) -> String {
    if built.accepted.is_empty() {
        return String::new();
    }
    let list: Vec<String> = built
        .accepted
        .iter()
        .map(|a| {
            format!(
                "{} on {} ({})",
                crate::invariants::named(a.violation.rule),
                a.violation.resource,
                a.environment
            )
        })
        .collect();
    format!(
        "; {} accepted risk{}: {}",
        list.len(),
        super::plural(list.len()),
        list.join(", ")
    )
}

/// The change-safety guard against the base: whether the change loses data (each loss
/// printed with its explanation). Outside a git repository, with no `--base`/`--base-dir`,
/// there is no base to compare with: said once, not an error.
/// Why the guard could not decide.
enum Unguarded {
    /// The base could not be read.
    Base(String),
    /// `--allow-replace` values that acknowledge nothing.
    Flags(Vec<String>),
}

fn guard(
    dir: &Path,
    base: &BaseArgs,
    files: &[RenderedFile],
    io: &mut Io,
) -> Result<bool, Unguarded> {
    match plans(dir, base, files) {
        Ok(Compared { plans, note }) => {
            if let Some(note) = note {
                io.say(note);
            }
            let unused = super::diff::unused_allowances(&plans, &base.allow_replace);
            if !unused.is_empty() {
                return Err(Unguarded::Flags(unused));
            }
            let found = blocked(&plans, &base.allow_replace);
            for b in &found {
                io.found(b.text(), b.finding(Level::Error));
            }
            Ok(!found.is_empty())
        }
        Err(e) if base.base.is_none() && base.base_dir.is_none() => {
            io.say(format!("note: no change-safety check: {e}"));
            Ok(false)
        }
        Err(e) => Err(Unguarded::Base(e)),
    }
}
