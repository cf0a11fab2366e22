//! `cogform add | update | remove function`. Adding a function also writes what calls it into
//! the caller's file (a trigger of backend/auth.yaml, a bucket's `triggers`), edited in place,
//! and a handler stub into its code folder when that folder does not exist yet; all of it is
//! validated together in a scratch copy before anything is written.

use std::path::Path;

use super::update::{edited_text, finish};
use super::{
    AUTH, Common, FromFlags, answers, auth_text, ensure_schema, function_text, keep_answers,
    load_project, report, storage_text, try_project, walkthrough, write_file,
};
use crate::cli::{Exit, Io};
use crate::config::FileKind;
use crate::config::api::Code;
use crate::config::auth::{FunctionRef, TriggerTarget};
use crate::config::function::BucketTrigger;
use crate::load::Project;
use crate::load::paths::PathKind;
use crate::prompts::check::{function_file, storage_file};
use crate::prompts::function::{self, Caller, FunctionFlags};

pub fn add(
    dir: &Path,
    name: Option<String>,
    common: &Common,
    flags: &FunctionFlags,
    io: &mut Io,
) -> Result<(), Exit> {
    let project = load_project(dir, io)?;
    let ctx = walkthrough(dir, project.clone());
    let check = function::name_check(&ctx);
    let shown = name.as_deref().unwrap_or("x");
    let from_flags = FromFlags::new(
        flags,
        function::flag_problems(&ctx, shown, &function::new_config(), flags, true),
    );
    let (name, answers) = answers(io, common.yes, &from_flags, |p| {
        let name = match super::add::name_answer(p, &name, "function", &check)? {
            Ok(n) => n,
            Err(why) => return Ok((Err(why), None)),
        };
        let shown = if name.is_empty() { "x" } else { name.as_str() };
        let a = function::ask(p, &ctx, shown, &function::new_config(), flags, true)?;
        Ok((Ok(name), Some(a)))
    })?;
    let name = name.map_err(|why| {
        io.say(format!("error: NAME: {why}; nothing was written"));
        Exit::Invalid
    })?;
    let Some(answers) = answers else {
        return Err(Exit::Invalid);
    };
    let again = |io: &mut Io| {
        keep_answers(
            io,
            &["add", "function", &name],
            function::replay(&answers, true),
        )
    };
    let file = function_file(&name);
    let text = function_text(&answers.config);
    let wiring = wiring(dir, &project, &name, &answers.caller, io)?;
    let mut changes: Vec<(&str, Option<&str>)> = vec![(&file, Some(&text))];
    if let Some((rel, new_text)) = &wiring {
        changes.push((rel, Some(new_text)));
    }
    let code = match &answers.config.code {
        Code::Local(l) => Some(
            l.path
                .trim_start_matches("./")
                .trim_end_matches('/')
                .to_string(),
        ),
        Code::S3(_) => None,
    };
    let make_code = code
        .as_ref()
        .filter(|c| crate::load::paths::probe(dir, c) == PathKind::Missing);
    // The scratch copy holds the YAML only; the code folder this command makes counts as there.
    let mut scratch = try_project(dir, &changes, false, io).inspect_err(|_| again(io))?;
    if let Some(c) = make_code {
        scratch.local_paths.insert(c.clone(), PathKind::Dir);
    }
    let problems = crate::validate::validate(&scratch);
    if !problems.is_empty() {
        report(&problems, io);
        again(io);
        return Err(Exit::Invalid);
    }
    let written = scratch.functions.iter().find(|f| f.name == name);
    if written.map(|f| &f.config) != Some(&answers.config) {
        io.say("internal error: the file written would not read back as the answers; nothing was written");
        return Err(Exit::Internal);
    }
    ensure_schema(dir, FileKind::Function, io)?;
    if let Some(c) = make_code {
        match function::stub(&answers.config, &answers.caller) {
            Some((file_name, content)) => {
                let rel = format!("{c}/{file_name}");
                write_file(dir, &rel, &content, io)?;
                io.say(format!("created {rel} (a handler stub: yours to edit)"));
            }
            None => {
                std::fs::create_dir_all(dir.join(c)).map_err(|e| {
                    io.say(format!("error: cannot create {c}/: {e}"));
                    Exit::Internal
                })?;
                io.say(format!(
                    "created {c}/ (no stub for {}: write the handler `{}` there)",
                    answers.config.runtime, answers.config.handler
                ));
            }
        }
    }
    write_file(dir, &file, &text, io)?;
    io.say(format!("created {file}"));
    if let Some((rel, new_text)) = &wiring {
        write_file(dir, rel, new_text, io)?;
        io.say(format!("updated {rel} ({})", wired_words(&answers.caller)));
    }
    if answers.caller == Caller::Api {
        io.say(format!(
            "note: name it in a route of backend/api/<api>.yaml: `GET: {{ function: {name}, auth: iam, allow: [authenticated] }}`"
        ));
    }
    io.say("next: `cogform build`; `cogform access` shows what the function may do");
    Ok(())
}

fn wired_words(caller: &Caller) -> String {
    match caller {
        Caller::Pool(t) => format!("triggers.{t} calls the function"),
        Caller::Bucket { event, .. } => format!(
            "the bucket calls the function on {}",
            match event {
                crate::config::function::BucketEvent::Upload => "upload",
                crate::config::function::BucketEvent::Delete => "delete",
            }
        ),
        Caller::Api | Caller::Nothing => String::new(),
    }
}

/// The caller's file with the new function wired in, edited in place (comments kept).
fn wiring(
    dir: &Path,
    project: &Project,
    name: &str,
    caller: &Caller,
    io: &mut Io,
) -> Result<Option<(String, String)>, Exit> {
    let read = |rel: &str, io: &mut Io| {
        std::fs::read_to_string(dir.join(rel)).map_err(|e| {
            io.say(format!("error: cannot read {rel}: {e}"));
            Exit::Internal
        })
    };
    match caller {
        Caller::Pool(t) => {
            let mut new = project.auth.clone();
            if let Some(slot) = new.triggers.slot_mut(t) {
                *slot = Some(TriggerTarget::Function(FunctionRef {
                    function: name.to_string(),
                }));
            }
            let old_text = read(AUTH, io)?;
            let (text, _) = edited_text(
                FileKind::Auth,
                &old_text,
                &project.auth,
                &new,
                auth_text(&new),
            );
            Ok(Some((AUTH.to_string(), text)))
        }
        Caller::Bucket {
            event,
            bucket,
            prefix,
        } => {
            let Some(current) = project.storage.iter().find(|s| &s.name == bucket) else {
                return Ok(None);
            };
            let mut new = current.config.clone();
            new.triggers.push(BucketTrigger {
                on: *event,
                prefix: prefix.clone(),
                suffix: None,
                function: name.to_string(),
            });
            let rel = storage_file(bucket);
            let old_text = read(&rel, io)?;
            let (text, _) = edited_text(
                FileKind::Storage,
                &old_text,
                &current.config,
                &new,
                storage_text(&new),
            );
            Ok(Some((rel, text)))
        }
        Caller::Api | Caller::Nothing => Ok(None),
    }
}

pub fn update(
    dir: &Path,
    name: &str,
    common: &Common,
    flags: &FunctionFlags,
    io: &mut Io,
) -> Result<(), Exit> {
    let project = load_project(dir, io)?;
    let Some(current) = project.functions.iter().find(|f| f.name == name) else {
        io.say(format!(
            "error: there is no {}\n  help: create it with `cogform add function {name}`",
            function_file(name)
        ));
        return Err(Exit::Invalid);
    };
    let current = current.config.clone();
    let ctx = walkthrough(dir, project.clone());
    let from_flags = FromFlags::new(
        flags,
        function::flag_problems(&ctx, name, &current, flags, false),
    );
    let new = answers(io, common.yes, &from_flags, |p| {
        function::ask(p, &ctx, name, &current, flags, false)
    })?;
    let full = function_text(&new.config);
    finish(
        dir,
        io,
        common,
        &project,
        FileKind::Function,
        &function_file(name),
        &current,
        &new.config,
        full,
        &|io| {
            keep_answers(
                io,
                &["update", "function", name],
                function::replay(&new, false),
            )
        },
    )
}

pub fn remove(dir: &Path, name: &str, common: &Common, io: &mut Io) -> Result<(), Exit> {
    let project = load_project(dir, io)?;
    let uses = crate::validate::function::uses(&project, name);
    if !uses.is_empty() {
        io.say(format!(
            "error: the function `{name}` is still called; nothing was removed"
        ));
        for u in &uses {
            io.say(format!("  called by {u}"));
        }
        io.say(
            "  help: remove those calls first (or point them at another function), then remove it",
        );
        return Err(Exit::Invalid);
    }
    super::remove::remove(dir, &function_file(name), "function", name, common, io)
}
