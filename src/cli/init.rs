//! `cogform init`: create a project (cogform.yaml, a commented backend/auth.yaml, schemas).
//! Asks on a terminal; with `--yes` or flags it never waits on input.

use std::path::Path;

use clap::Args;

use super::{Exit, Io, fs::write_atomic};
use crate::load::{AUTH_FILE, PROJECT_FILE};
use crate::prompts::PromptError;
use crate::prompts::init::{
    InitAnswers, SignIn, ask, auth_file, check_project_name, project_file, project_name_from,
};
use crate::render::schema_files;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Accept the defaults (and the values of other flags) without asking.
    #[arg(short, long)]
    pub yes: bool,
    /// Project name (default: from the directory name).
    #[arg(long)]
    pub name: Option<String>,
    /// How users sign in.
    #[arg(long, value_parser = ["email", "phone", "username"], default_value = "email")]
    pub sign_in: String,
    /// Give guests (not signed in) read-only AWS credentials.
    #[arg(long)]
    pub guest_access: bool,
}

/// `init` works in `-C DIR` or the current folder, never in a folder found above it; it
/// refuses to start a project inside another one.
pub fn run(given: Option<&Path>, args: InitArgs, io: &mut Io) -> Exit {
    let dir = given.unwrap_or(Path::new("."));
    if dir.join(PROJECT_FILE).exists() {
        io.say(format!(
            "error: {} already exists\n  help: edit it, or run `cogform validate`",
            dir.join(PROJECT_FILE).display()
        ));
        return Exit::Invalid;
    }
    let absolute = match std::env::current_dir() {
        // `components` drops the `.` of `-C .`, which would make `parent` skip a level.
        Ok(cwd) => cwd.join(dir).components().collect::<std::path::PathBuf>(),
        Err(e) => {
            io.say(format!("error: cannot read the current folder: {e}"));
            return Exit::Internal;
        }
    };
    match super::root::enclosing_above(&absolute) {
        Ok(Some(root)) => {
            io.say(format!(
                "error: {} is inside the cogform project at {}; a project cannot hold another, nothing was written\n  help: every command works from any folder of that project (`cogform validate`, `cogform add storage NAME`); start a separate project outside {}",
                absolute.display(),
                root.display(),
                root.display()
            ));
            return Exit::Invalid;
        }
        Err(why) => {
            io.say(why.to_string());
            return Exit::Invalid;
        }
        Ok(None) => {}
    }
    if dir.join("cogform.yml").exists() {
        io.say(format!(
            "error: {} exists: this is a project whose file is misspelled; nothing was written\n  help: rename it to {PROJECT_FILE}",
            dir.join("cogform.yml").display()
        ));
        return Exit::Invalid;
    }
    let dir_name = std::fs::canonicalize(dir)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let defaults = InitAnswers {
        project: args
            .name
            .clone()
            .unwrap_or_else(|| project_name_from(&dir_name)),
        sign_in: SignIn::ALL
            .into_iter()
            .find(|s| s.label() == args.sign_in)
            .unwrap_or(SignIn::Email),
        guest_access: args.guest_access,
    };
    let answers = if args.yes {
        defaults
    } else if io.interactive {
        match ask(io.prompter.as_mut(), &defaults) {
            Ok(a) => a,
            Err(PromptError::Cancelled) => {
                io.say("cancelled: nothing was written");
                return Exit::Invalid;
            }
            Err(e) => {
                io.say(format!("error: {e}"));
                return Exit::Internal;
            }
        }
    } else {
        io.say("error: no terminal to ask questions on\n  help: pass --yes to accept the defaults (with --name, --sign-in, --guest-access to change them)");
        return Exit::Invalid;
    };
    if let Err(why) = check_project_name(&answers.project) {
        io.say(format!("error: --name: {why}"));
        return Exit::Invalid;
    }
    let mut files = vec![
        (PROJECT_FILE.to_string(), project_file(&answers)),
        (AUTH_FILE.to_string(), auth_file(&answers)),
    ];
    files.extend(
        schema_files(false, false)
            .into_iter()
            .map(|f| (f.path, f.content)),
    );
    if let Some((path, _)) = files.iter().find(|(p, _)| dir.join(p).exists()) {
        io.say(format!("error: {path} already exists; nothing was written"));
        return Exit::Invalid;
    }
    for (path, content) in &files {
        if let Err(e) = write_atomic(&dir.join(path), content) {
            io.say(format!("error: cannot write {path}: {e}"));
            return Exit::Internal;
        }
        io.say(format!("created {path}"));
    }
    io.say("next: edit backend/auth.yaml (or `cogform add auth`: a walkthrough that replaces it), then `cogform build`");
    Exit::Ok
}
