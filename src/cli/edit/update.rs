//! `cogform update auth | api NAME | storage NAME`: the walkthrough pre-filled with the current
//! values, then an in-place edit of the file (comments, key order and layout kept wherever the
//! value does not change), the YAML diff, a loud warning before a change that needs a new user
//! pool or bucket, and a confirmation.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::{
    AUTH, Common, FromFlags, UpdateWhat, accept_loss, answers, api_text, auth_text, comment,
    confirm, data_loss, keep_answers, load_project, show_diff, storage_text, to_value, try_project,
    walkthrough, write_file,
};
use crate::cli::{Exit, Io};
use crate::config::FileKind;
use crate::load::{Project, edit};
use crate::prompts::check::{api_file, storage_file};
use crate::prompts::{api, auth, replay, storage};

pub fn run(dir: &Path, what: UpdateWhat, io: &mut Io) -> Exit {
    let result = match what {
        UpdateWhat::Auth { common, flags } => (|| {
            let project = load_project(dir, io)?;
            let ctx = walkthrough(dir, project.clone());
            let from_flags = FromFlags::new(&flags, auth::flag_problems(&flags));
            let new = answers(io, common.yes, &from_flags, |p| {
                auth::ask(p, &ctx, &project.auth, &flags, auth::Mode::Update)
            })?;
            let full = auth_text(&new);
            finish(
                dir,
                io,
                &common,
                &project,
                FileKind::Auth,
                AUTH,
                &project.auth,
                &new,
                full,
                &|io| keep_answers(io, &["update", "auth"], replay::auth(&new)),
            )
        })(),
        UpdateWhat::Storage {
            name,
            common,
            flags,
        } => {
            (|| {
                let project = load_project(dir, io)?;
                let Some(current) = project.storage.iter().find(|s| s.name == name) else {
                    io.say(format!("error: there is no {}\n  help: create it with `cogform add storage {name}`", storage_file(&name)));
                    return Err(Exit::Invalid);
                };
                let current = current.config.clone();
                let ctx = walkthrough(dir, project.clone());
                let problems = storage::flag_problems(&ctx, &name, &current, &flags);
                let from_flags = FromFlags::new(&flags, problems);
                let new = answers(io, common.yes, &from_flags, |p| {
                    storage::ask(p, &ctx, &name, &current, &flags, false)
                })?;
                let full = storage_text(&new);
                let file = storage_file(&name);
                finish(
                    dir,
                    io,
                    &common,
                    &project,
                    FileKind::Storage,
                    &file,
                    &current,
                    &new,
                    full,
                    &|io| keep_answers(io, &["update", "storage", &name], replay::storage(&new)),
                )
            })()
        }
        UpdateWhat::Api {
            name,
            common,
            flags,
        } => (|| {
            let project = load_project(dir, io)?;
            let Some(current) = project.apis.iter().find(|s| s.name == name) else {
                io.say(format!(
                    "error: there is no {}\n  help: create it with `cogform add api {name}`",
                    api_file(&name)
                ));
                return Err(Exit::Invalid);
            };
            let current = current.config.clone();
            let ctx = walkthrough(dir, project.clone());
            let problems = api::flag_problems(&ctx, &name, &current, &flags);
            let from_flags = FromFlags::new(&flags, problems);
            let new = answers(io, common.yes, &from_flags, |p| {
                api::ask(p, &ctx, &name, &current, &flags)
            })?;
            let full = api_text(&new);
            let file = api_file(&name);
            finish(
                dir,
                io,
                &common,
                &project,
                FileKind::Api,
                &file,
                &current,
                &new,
                full,
                &|io| keep_answers(io, &["update", "api", &name], replay::api(&new)),
            )
        })(),
        UpdateWhat::Function {
            name,
            common,
            flags,
        } => super::function::update(dir, &name, &common, &flags, io),
    };
    result.err().unwrap_or(Exit::Ok)
}

/// The new text of `rel`: the current text edited in place, or (when that is impossible)
/// `full`, with notes on what was not kept.
pub fn edited_text<T: serde::Serialize + DeserializeOwned + PartialEq>(
    kind: FileKind,
    old_text: &str,
    old: &T,
    new: &T,
    full: String,
) -> (String, Vec<String>) {
    let attempt = || -> Result<edit::Edited, String> {
        let old_raw = crate::load::yaml::parse(old_text)
            .map_err(|p| p.message)?
            .value;
        let new_value = to_value(new);
        let defaults = super::defaults(kind, &new_value);
        let new_raw = edit::patch(&old_raw, &to_value(old), &new_value, &defaults);
        // Statements kept as written may use IAM's spelling, which `load` reads the same way.
        let mut typed = new_raw.clone();
        crate::load::iam::normalize(kind, &mut typed);
        match serde_json::from_value::<T>(typed) {
            Ok(back) if &back == new => {}
            _ => return Err("the change could not be mapped onto the file".into()),
        }
        edit::edit(old_text, &old_raw, &new_raw, &|k| comment(kind, k))
    };
    match attempt() {
        Ok(e) => (e.text, e.notes),
        Err(why) => (
            full,
            vec![format!(
                "the file could not be edited in place ({why}); it is rewritten from the answers, so its comments and layout are lost"
            )],
        ),
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn finish<T: serde::Serialize + DeserializeOwned + PartialEq>(
    dir: &Path,
    io: &mut Io,
    common: &Common,
    before: &Project,
    kind: FileKind,
    rel: &str,
    old: &T,
    new: &T,
    full: String,
    again: &dyn Fn(&mut Io),
) -> Result<(), Exit> {
    let old_text = std::fs::read_to_string(dir.join(rel)).map_err(|e| {
        io.say(format!("error: cannot read {rel}: {e}"));
        Exit::Internal
    })?;
    let (text, notes) = if old == new {
        (old_text.clone(), Vec::new())
    } else {
        edited_text(kind, &old_text, old, new, full)
    };
    if text == old_text {
        io.say(format!("no changes to {rel}: nothing was written"));
        return Ok(());
    }
    let after = try_project(dir, &[(rel, Some(&text))], true, io).inspect_err(|_| again(io))?;
    show_diff(io, rel, &old_text, &text);
    for n in &notes {
        io.say(format!("note: {n}"));
    }
    if data_loss(before, &after, io)? {
        accept_loss(io, common, None)?;
    } else if !common.yes
        && io.interactive
        && !confirm(
            io,
            &format!("Write {rel}?"),
            "No keeps the file as it is",
            true,
        )?
    {
        io.say("cancelled: nothing was written");
        return Err(Exit::Invalid);
    }
    write_file(dir, rel, &text, io)?;
    io.say(format!("updated {rel}"));
    io.say("next: `cogform build`");
    Ok(())
}
