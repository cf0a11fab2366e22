//! `cogform schema NAME`: print the JSON Schema generated from the configuration types.

use clap::Args;

use super::{Exit, Io};
use crate::config::FileKind;

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file's schema: `cogform`, `auth`, `storage` (backend/storage/*.yaml), `api` (backend/api/*.yaml) or `overrides` (backend/overrides.yaml).
    #[arg(value_parser = ["cogform", "auth", "storage", "api", "function", "overrides"])]
    pub name: String,
}

pub fn run(args: SchemaArgs, io: &mut Io) -> Exit {
    match FileKind::from_name(&args.name) {
        Some(kind) => {
            io.print(kind.schema_text());
            Exit::Ok
        }
        None => {
            io.say(format!("error: unknown schema `{}`", args.name));
            Exit::Invalid
        }
    }
}
