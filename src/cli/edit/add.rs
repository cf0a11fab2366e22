//! `cogform add auth | api [NAME] | storage [NAME]`.

use std::path::Path;
use std::rc::Rc;

use super::{
    AUTH, AddWhat, Common, FromFlags, answers, api_text, auth_text, ensure_schema, keep_answers,
    load_project, storage_text, try_project, walkthrough, write_file,
};
use crate::cli::{Exit, Io};
use crate::config::FileKind;
use crate::load::Project;
use crate::prompts::check::{Ctx, api_file, storage_file};
use crate::prompts::{Check, PromptError, Prompter, Q, api, auth, replay, storage};

pub fn run(dir: &Path, what: AddWhat, io: &mut Io) -> Exit {
    let result = match what {
        AddWhat::Auth { common, flags } => add_auth(dir, &common, &flags, io),
        AddWhat::Api {
            name,
            common,
            flags,
        } => add_api(dir, name, &common, &flags, io),
        AddWhat::Storage {
            name,
            common,
            flags,
        } => add_storage(dir, name, &common, &flags, io),
        AddWhat::Function {
            name,
            common,
            flags,
        } => super::function::add(dir, name, &common, &flags, io),
    };
    result.err().unwrap_or(Exit::Ok)
}

fn add_auth(dir: &Path, common: &Common, flags: &auth::AuthFlags, io: &mut Io) -> Result<(), Exit> {
    // The README's order (`init`, then `add auth`) works: the starter file `init` wrote, or an
    // empty one, holds no choice of the user's and is replaced. Anything else is theirs.
    let mut starter = false;
    if dir.join(AUTH).exists() {
        let text = std::fs::read_to_string(dir.join(AUTH)).unwrap_or_default();
        let why = if text.trim().is_empty() {
            "is empty"
        } else if crate::prompts::init::is_starter_auth(&text) {
            starter = true;
            "is still the starter file `cogform init` wrote"
        } else {
            io.say(format!(
                "error: {AUTH} already exists; nothing was written\n  help: change it with `cogform update auth` (keeps your comments and layout)"
            ));
            return Err(Exit::Invalid);
        };
        io.say(format!("note: {AUTH} {why}: the walkthrough replaces it"));
    }
    if !dir.join(crate::load::PROJECT_FILE).is_file() {
        return load_project(dir, io).map(|_| ());
    }
    // The starter's choices (`init --sign-in phone`, guests) are where the walkthrough starts.
    let base = if starter {
        try_project(dir, &[], false, io)?.auth
    } else {
        auth::default_config()
    };
    let ctx = walkthrough(dir, try_project(dir, &[(AUTH, Some("{}\n"))], false, io)?);
    let from_flags = FromFlags::new(flags, auth::flag_problems(flags));
    let config = answers(io, common.yes, &from_flags, |p| {
        auth::ask(p, &ctx, &base, flags, auth::Mode::Add)
    })?;
    let text = auth_text(&config);
    let replay = |io: &mut Io| keep_answers(io, &["add", "auth"], replay::auth(&config));
    let written = try_project(dir, &[(AUTH, Some(&text))], true, io).inspect_err(|_| replay(io))?;
    same(io, &written.auth, &config).inspect_err(|_| replay(io))?;
    ensure_schema(dir, FileKind::Auth, io)?;
    write_file(dir, AUTH, &text, io)?;
    io.say(format!("created {AUTH}"));
    io.say("next: `cogform build`, then deploy build/<environment>.template.yaml");
    Ok(())
}

/// The file must read back as exactly the answers (the emitter's own proof).
fn same<T: PartialEq>(io: &mut Io, read: T, answered: T) -> Result<(), Exit> {
    if read == answered {
        Ok(())
    } else {
        io.say("internal error: the file written would not read back as the answers; nothing was written");
        Err(Exit::Internal)
    }
}

/// Asks the name of a new file when it was not given.
fn ask_name(
    p: &mut dyn Prompter,
    given: &Option<String>,
    what: &str,
    check: &crate::prompts::Check,
) -> Result<String, crate::prompts::PromptError> {
    match given {
        Some(n) => {
            // Still checked, so a bad NAME is named like any other bad answer.
            p.text(
                &Q::new("NAME", format!("Name of the {what}?"), ""),
                n,
                check,
            )
            .map(|_| n.clone())
        }
        None => p.text(
            &Q::new(
                "NAME",
                format!("Name of the {what}?"),
                "Lowercase letters, digits and `-`; the file name, and part of resource names",
            ),
            "",
            check,
        ),
    }
}

/// The name of a new file: given on the command line (checked; `Err` says why it is refused,
/// so the command can report it with the other answers) or asked.
pub(super) fn name_answer(
    p: &mut dyn Prompter,
    given: &Option<String>,
    what: &str,
    check: &crate::prompts::Check,
) -> Result<Result<String, String>, crate::prompts::PromptError> {
    match given {
        Some(n) => Ok(check.run(n).map(|_| n.clone())),
        None => ask_name(p, given, what, check).map(Ok),
    }
}

/// What differs between adding a bucket and adding an API; the steps are the same.
struct NewFile<'f, C> {
    /// How the name is asked for (`bucket`, `API`).
    what: &'static str,
    /// The command's word (`storage`, `api`) and the flags that give a configuration again.
    command: &'static str,
    replay: fn(&C) -> Vec<String>,
    kind: FileKind,
    name_check: fn(&Rc<Ctx>) -> Check,
    new_config: fn() -> C,
    path: fn(&str) -> String,
    text: fn(&C) -> String,
    /// The file's config in a loaded project, to prove the written text reads back.
    find: for<'a> fn(&'a Project, &str) -> Option<&'a C>,
    /// The flags given and the problems of their values (read before any question).
    flags: &'f dyn Fn(&Rc<Ctx>, &str, &C) -> FromFlags,
    next: &'static str,
}

/// Asks the name and the answers, validates the result in a scratch copy of the project,
/// proves it reads back, then writes the new file.
fn add_category<C: PartialEq>(
    dir: &Path,
    name: Option<String>,
    common: &Common,
    spec: NewFile<'_, C>,
    ask: impl Fn(&mut dyn Prompter, &Rc<Ctx>, &str, &C) -> Result<C, PromptError>,
    io: &mut Io,
) -> Result<(), Exit> {
    let ctx = walkthrough(dir, load_project(dir, io)?);
    let check = (spec.name_check)(&ctx);
    let shown = name.as_deref().unwrap_or("x");
    let from_flags = (spec.flags)(&ctx, shown, &(spec.new_config)());
    let (name, config) = answers(io, common.yes, &from_flags, |p| {
        let name = match name_answer(p, &name, spec.what, &check)? {
            Ok(n) => n,
            Err(why) => return Ok((Err(why), (spec.new_config)())),
        };
        // A missing name is reported; the other answers are still checked (as `x`).
        let shown = if name.is_empty() { "x" } else { name.as_str() };
        let config = ask(p, &ctx, shown, &(spec.new_config)())?;
        Ok((Ok(name), config))
    })?;
    let name = name.map_err(|why| {
        io.say(format!("error: NAME: {why}; nothing was written"));
        Exit::Invalid
    })?;
    let file = (spec.path)(&name);
    let text = (spec.text)(&config);
    let replay = |io: &mut Io| {
        keep_answers(io, &["add", spec.command, &name], (spec.replay)(&config));
    };
    let written =
        try_project(dir, &[(&file, Some(&text))], true, io).inspect_err(|_| replay(io))?;
    same(io, (spec.find)(&written, &name), Some(&config)).inspect_err(|_| replay(io))?;
    ensure_schema(dir, spec.kind, io)?;
    write_file(dir, &file, &text, io)?;
    io.say(format!("created {file}"));
    io.say(spec.next);
    Ok(())
}

fn add_storage(
    dir: &Path,
    name: Option<String>,
    common: &Common,
    flags: &storage::StorageFlags,
    io: &mut Io,
) -> Result<(), Exit> {
    let spec = NewFile {
        what: "bucket",
        command: "storage",
        replay: replay::storage,
        kind: FileKind::Storage,
        name_check: storage::name_check,
        new_config: storage::new_config,
        path: storage_file,
        text: storage_text,
        find: |p, n| p.storage.iter().find(|s| s.name == n).map(|s| &s.config),
        flags: &|ctx, name, base| {
            FromFlags::new(flags, storage::flag_problems(ctx, name, base, flags))
        },
        next: "next: `cogform build`; `cogform access` shows who may do what",
    };
    add_category(
        dir,
        name,
        common,
        spec,
        |p, ctx, shown, base| storage::ask(p, ctx, shown, base, flags, true),
        io,
    )
}

fn add_api(
    dir: &Path,
    name: Option<String>,
    common: &Common,
    flags: &api::ApiFlags,
    io: &mut Io,
) -> Result<(), Exit> {
    let spec = NewFile {
        what: "API",
        command: "api",
        replay: replay::api,
        kind: FileKind::Api,
        name_check: api::name_check,
        new_config: api::new_config,
        path: api_file,
        text: api_text,
        find: |p, n| p.apis.iter().find(|a| a.name == n).map(|a| &a.config),
        flags: &|ctx, name, base| FromFlags::new(flags, api::flag_problems(ctx, name, base, flags)),
        next: "next: `cogform build`; `cogform access` shows who may call what",
    };
    add_category(
        dir,
        name,
        common,
        spec,
        |p, ctx, shown, base| api::ask(p, ctx, shown, base, flags),
        io,
    )
}
