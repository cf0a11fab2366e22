//! `cogform outputs`: write `amplify_outputs.json` for the app from the configuration and the
//! deployed stack's outputs (`aws cloudformation describe-stacks`).

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use clap::Args;
use serde_json::Value;

use super::{Exit, Io, fs::write_atomic, prepare};
use crate::outputs::{self, OutputsError, StackOutputs};
use crate::render::template_path;

#[derive(Debug, Args)]
pub struct OutputsArgs {
    /// The JSON printed by `aws cloudformation describe-stacks --stack-name NAME` (or by its
    /// `--query 'Stacks[0].Outputs'`); `-` reads standard input. Relative to the current
    /// directory.
    #[arg(long, value_name = "FILE")]
    pub stack_outputs: PathBuf,
    /// Environment the stack was deployed from (default: the one its description names, else
    /// the only environment).
    #[arg(long, value_name = "ENV")]
    pub env: Option<String>,
    /// Where to write the file (`-`: standard output). Relative to the current directory.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "PATH",
        default_value = "amplify_outputs.json"
    )]
    pub output: PathBuf,
}

pub fn run(dir: &Path, args: OutputsArgs, io: &mut Io) -> Exit {
    let (
        project,
        crate::pipeline::Built {
            files, templates, ..
        },
    ) = match prepare(dir, io) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let shown = args.stack_outputs.display().to_string();
    let text = match read_input(&args.stack_outputs) {
        Ok(t) => t,
        Err(message) => {
            io.say(format!("error: cannot read {shown}: {message}"));
            return Exit::Invalid;
        }
    };
    let result = StackOutputs::parse(&text).and_then(|stack| {
        let env = outputs::choose_env(&project, args.env.as_deref(), &stack)?;
        let template = templates
            .iter()
            .find(|(name, _)| *name == env)
            .map(|(_, t)| t);
        let generated = outputs::generate(&project, &env, &stack, template)?;
        Ok((env, stack, generated))
    });
    let (env, stack, generated) = match result {
        Ok(x) => x,
        Err(e) => return fail(io, &shown, e),
    };
    // Outputs of another project's (or a hand-made) stack share no name with the template's.
    let path = template_path(&env, project.config.format);
    let declared = match declared_outputs(&files, &path) {
        Some(d) => d,
        None => {
            io.say(format!("error: internal error: {path} was not rendered"));
            return Exit::Internal;
        }
    };
    let unknown: Vec<&String> = stack
        .values
        .keys()
        .filter(|k| !declared.contains(*k))
        .collect();
    if !unknown.is_empty() && unknown.len() == stack.values.len() {
        io.say(format!(
            "warning: none of the stack's outputs is one {path} declares; is it the right stack?"
        ));
    }
    for w in &generated.warnings {
        io.say(format!("warning: {w}"));
    }
    let content = generated.text();
    if args.output.as_os_str() == "-" {
        io.print(content);
        return Exit::Ok;
    }
    let target = args.output.display().to_string();
    if std::fs::read_to_string(&args.output).is_ok_and(|old| old == content) {
        io.say(format!("{target} is up to date (environment {env})"));
        return Exit::Ok;
    }
    match write_atomic(&args.output, &content) {
        Ok(()) => {
            io.say(format!("wrote {target} (environment {env})"));
            Exit::Ok
        }
        Err(e) => {
            io.say(format!("error: cannot write {target}: {e}"));
            Exit::Internal
        }
    }
}

fn fail(io: &mut Io, file: &str, e: OutputsError) -> Exit {
    let internal = e.internal;
    let mut e = e;
    if !internal {
        e.message = format!("{file}: {}", e.message);
    }
    io.say(e.to_string());
    if internal {
        Exit::Internal
    } else {
        Exit::Invalid
    }
}

/// Reads the stack outputs (bounded, like every file cogform reads).
pub(super) fn read_input(path: &Path) -> Result<String, String> {
    let bytes = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(crate::load::source::MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())?;
        bytes
    } else {
        crate::load::source::read_bounded(path).map_err(|e| e.to_string())?
    };
    crate::load::source::decode(&bytes)
        .map(str::to_string)
        .map_err(|p| p.message)
}

/// The output names of the rendered template at `path`.
fn declared_outputs(files: &[crate::render::RenderedFile], path: &str) -> Option<BTreeSet<String>> {
    let file = files.iter().find(|f| f.path == path)?;
    let value: Value = if path.ends_with(".json") {
        serde_json::from_str(&file.content).ok()?
    } else {
        crate::load::yaml::parse(&file.content).ok()?.value
    };
    Some(value.get("Outputs")?.as_object()?.keys().cloned().collect())
}
