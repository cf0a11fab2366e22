//! `cogform add auth | api [NAME] | storage [NAME]`.

use std::path::Path;

use super::{
    AUTH, AddWhat, Common, answers, api_text, auth_text, ensure_schema, load_project, storage_text,
    try_project, write_file,
};
use crate::cli::{Exit, Io};
use crate::config::FileKind;
use crate::prompts::check::{Ctx, api_file, storage_file};
use crate::prompts::{Prompter, Q, api, auth, storage};

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
    };
    result.err().unwrap_or(Exit::Ok)
}

fn add_auth(dir: &Path, common: &Common, flags: &auth::AuthFlags, io: &mut Io) -> Result<(), Exit> {
    if dir.join(AUTH).exists() {
        io.say(format!(
            "error: {AUTH} already exists; nothing was written\n  help: change it with `cogform update auth` (keeps your comments and layout)"
        ));
        return Err(Exit::Invalid);
    }
    if !dir.join(crate::load::PROJECT_FILE).is_file() {
        return load_project(dir, io).map(|_| ());
    }
    let ctx = Ctx::new(try_project(dir, &[(AUTH, Some("{}\n"))], false, io)?);
    let base = auth::default_config();
    let config = answers(io, common.yes, |p| {
        auth::ask(p, &ctx, &base, flags, auth::Mode::Add)
    })?;
    let text = auth_text(&config);
    let written = try_project(dir, &[(AUTH, Some(&text))], true, io)?;
    same(io, &written.auth, &config)?;
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

fn add_storage(
    dir: &Path,
    name: Option<String>,
    common: &Common,
    flags: &storage::StorageFlags,
    io: &mut Io,
) -> Result<(), Exit> {
    let ctx = Ctx::new(load_project(dir, io)?);
    let check = storage::name_check(&ctx);
    let (name, config) = answers(io, common.yes, |p| {
        let name = match &name {
            Some(n) => {
                if let Err(why) = check.run(n) {
                    return Ok((Err(why), storage::new_config()));
                }
                n.clone()
            }
            None => ask_name(p, &name, "bucket", &check)?,
        };
        // A missing name is reported; the other answers are still checked (as bucket `x`).
        let shown = if name.is_empty() { "x" } else { name.as_str() };
        let config = storage::ask(p, &ctx, shown, &storage::new_config(), flags, true)?;
        Ok((Ok(name), config))
    })?;
    let name = name.map_err(|why| {
        io.say(format!("error: NAME: {why}; nothing was written"));
        Exit::Invalid
    })?;
    let file = storage_file(&name);
    let text = storage_text(&config);
    let written = try_project(dir, &[(&file, Some(&text))], true, io)?;
    let back = written
        .storage
        .iter()
        .find(|s| s.name == name)
        .map(|s| &s.config);
    same(io, back, Some(&config))?;
    ensure_schema(dir, FileKind::Storage, io)?;
    write_file(dir, &file, &text, io)?;
    io.say(format!("created {file}"));
    io.say("next: `cogform build`; `cogform access` shows who may do what");
    Ok(())
}

fn add_api(
    dir: &Path,
    name: Option<String>,
    common: &Common,
    flags: &api::ApiFlags,
    io: &mut Io,
) -> Result<(), Exit> {
    let ctx = Ctx::new(load_project(dir, io)?);
    let check = api::name_check(&ctx);
    let (name, config) = answers(io, common.yes, |p| {
        let name = match &name {
            Some(n) => {
                if let Err(why) = check.run(n) {
                    return Ok((Err(why), api::new_config()));
                }
                n.clone()
            }
            None => ask_name(p, &name, "API", &check)?,
        };
        let shown = if name.is_empty() { "x" } else { name.as_str() };
        let config = api::ask(p, &ctx, shown, &api::new_config(), flags)?;
        Ok((Ok(name), config))
    })?;
    let name = name.map_err(|why| {
        io.say(format!("error: NAME: {why}; nothing was written"));
        Exit::Invalid
    })?;
    let file = api_file(&name);
    let text = api_text(&config);
    let written = try_project(dir, &[(&file, Some(&text))], true, io)?;
    let back = written
        .apis
        .iter()
        .find(|s| s.name == name)
        .map(|s| &s.config);
    same(io, back, Some(&config))?;
    ensure_schema(dir, FileKind::Api, io)?;
    write_file(dir, &file, &text, io)?;
    io.say(format!("created {file}"));
    io.say("next: `cogform build`; `cogform access` shows who may call what");
    Ok(())
}
