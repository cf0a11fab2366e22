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

pub fn run(dir: &Path, args: InitArgs, io: &mut Io) -> Exit {
    if dir.join(PROJECT_FILE).exists() {
        io.say(format!(
            "error: {} already exists\n  help: edit it, or run `cogform validate`",
            dir.join(PROJECT_FILE).display()
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
    files.extend(schema_files(false).into_iter().map(|f| (f.path, f.content)));
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
    io.say("next: edit backend/auth.yaml, then run `cogform build`");
    Exit::Ok
}
