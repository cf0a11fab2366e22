//! `cogform remove api NAME | storage NAME` (and why not `remove auth`).

use std::path::Path;

use super::{Common, RemoveWhat, accept_loss, confirm, data_loss, load_project, try_project};
use crate::cli::{Exit, Io};
use crate::prompts::check::{api_file, storage_file};

pub fn run(dir: &Path, what: RemoveWhat, io: &mut Io) -> Exit {
    let result = match what {
        RemoveWhat::Auth => {
            io.say("error: backend/auth.yaml cannot be removed: every cogform project has a user pool, and the identity pool, storage and API grants hang off it; nothing was written\n  help: to stop using sign-in, remove the app's use of it; to start over, `cogform update auth`; to delete the project's AWS resources, delete its CloudFormation stack");
            Err(Exit::Invalid)
        }
        RemoveWhat::Api { name, common } => {
            remove(dir, &api_file(&name), "api", &name, &common, io)
        }
        RemoveWhat::Storage { name, common } => {
            remove(dir, &storage_file(&name), "storage", &name, &common, io)
        }
        RemoveWhat::Function { name, common } => super::function::remove(dir, &name, &common, io),
    };
    result.err().unwrap_or(Exit::Ok)
}

pub(super) fn remove(
    dir: &Path,
    rel: &str,
    kind: &str,
    name: &str,
    common: &Common,
    io: &mut Io,
) -> Result<(), Exit> {
    let before = load_project(dir, io)?;
    if !dir.join(rel).is_file() {
        io.say(format!(
            "error: there is no {rel}; nothing was removed\n  help: `cogform add {kind} {name}` creates one"
        ));
        return Err(Exit::Invalid);
    }
    let after = try_project(dir, &[(rel, None)], true, io)?;
    let loses = data_loss(&before, &after, io)?;
    if !common.yes && !io.interactive {
        io.say(format!(
            "error: no terminal to confirm on\n  help: pass --yes to remove {rel}; nothing was removed"
        ));
        return Err(Exit::Invalid);
    }
    if loses {
        accept_loss(io, common, Some(rel))?;
    } else if !common.yes
        && !confirm(
            io,
            &format!("Remove {rel}?"),
            "Its resources leave the stack at the next deploy",
            false,
        )?
    {
        io.say("cancelled: nothing was removed");
        return Err(Exit::Invalid);
    }
    std::fs::remove_file(dir.join(rel)).map_err(|e| {
        io.say(format!("error: cannot remove {rel}: {e}"));
        Exit::Internal
    })?;
    io.say(format!("removed {rel}"));
    io.say("next: `cogform build`");
    Ok(())
}
