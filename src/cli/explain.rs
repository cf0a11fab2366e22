//! `cogform explain`: writes the project's picture of authentication and authorization
//! (`explain::document`) for one environment, to `docs/auth.md` by default or to stdout.

use std::path::{Path, PathBuf};

use clap::Args;

use super::{Exit, Io, fs::write_atomic, prepare};

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Environment to draw (default: the one `explain:` in cogform.yaml names, else the first).
    #[arg(long, value_name = "ENV")]
    pub env: Option<String>,
    /// Where to write, relative to the project directory (`-`: standard output). Default: the
    /// `explain.output` of cogform.yaml, else docs/auth.md.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(dir: &Path, args: ExplainArgs, io: &mut Io) -> Exit {
    let (project, built) = match prepare(dir, io) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let kept = project.config.explain.as_ref();
    let env = args
        .env
        .unwrap_or_else(|| project.config.explained_environment());
    let Some((_, template)) = built.templates.iter().find(|(name, _)| *name == env) else {
        io.say(format!(
            "error: no environment `{env}` in cogform.yaml; known: {}",
            project.config.environment_names()
        ));
        return Exit::Invalid;
    };
    // A project that keeps the document had it drawn by the pipeline already.
    let drawn = kept
        .filter(|_| env == project.config.explained_environment())
        .and_then(|k| built.files.iter().find(|f| f.path == k.output))
        .map(|f| f.content.clone());
    let text = match drawn.map_or_else(|| crate::explain::document(&project, &env, template), Ok) {
        Ok(t) => t,
        Err(e) => {
            io.say(format!("error: internal error: {e}"));
            return Exit::Internal;
        }
    };
    let output = args.output.unwrap_or_else(|| {
        PathBuf::from(
            kept.map(|e| e.output.as_str())
                .unwrap_or(crate::explain::DEFAULT_PATH),
        )
    });
    if output.as_os_str() == "-" {
        io.print(text);
        return Exit::Ok;
    }
    let path = dir.join(&output);
    if let Err(e) = write_atomic(&path, &text) {
        io.say(format!("error: cannot write {}: {e}", output.display()));
        return Exit::Internal;
    }
    io.say(format!(
        "explain: wrote {} (environment {env})",
        output.display()
    ));
    Exit::Ok
}
