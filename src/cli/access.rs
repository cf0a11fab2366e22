//! `cogform access`: the access matrix computed from the generated policies. The templates are
//! rendered in memory (exactly what `build` would write); build/ is never read.

use std::path::Path;

use clap::Args;
use serde_json::{Value, json};

use super::{Exit, Io, prepare};
use crate::access::{Targets, matrix, statements};
use crate::render::template_path;

#[derive(Debug, Args)]
pub struct AccessArgs {
    /// Environment to analyse (default: every environment, in name order).
    #[arg(long, value_name = "ENV")]
    pub env: Option<String>,
    /// Output format.
    #[arg(long, value_parser = ["text", "json"], default_value = "text")]
    pub format: String,
}

pub fn run(dir: &Path, args: AccessArgs, io: &mut Io) -> Exit {
    let (project, crate::pipeline::Built { files, .. }) = match prepare(dir, io) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let envs: Vec<&String> = project.config.environments.keys().collect();
    let selected: Vec<&String> = match &args.env {
        Some(name) => match envs.iter().find(|e| **e == name) {
            Some(e) => vec![*e],
            None => {
                io.say(format!(
                    "error: no environment `{name}` in cogform.yaml; known: {}",
                    project.config.environment_names()
                ));
                return Exit::Invalid;
            }
        },
        None => envs,
    };
    let targets = Targets::from_project(&project);
    let mut matrices = Vec::new();
    for env in selected {
        let path = template_path(env, project.config.format);
        let Some(file) = files.iter().find(|f| f.path == path) else {
            io.say(format!("error: internal error: {path} was not rendered"));
            return Exit::Internal;
        };
        let parsed: Result<Value, String> = if path.ends_with(".json") {
            serde_json::from_str(&file.content).map_err(|e| e.to_string())
        } else {
            crate::load::yaml::parse(&file.content)
                .map(|p| p.value)
                .map_err(|e| e.message)
        };
        let template = match parsed {
            Ok(t) => t,
            Err(e) => {
                io.say(format!("error: internal error: {path} does not parse: {e}"));
                return Exit::Internal;
            }
        };
        match matrix::build(env, &template, &targets) {
            Ok(m) => matrices.push(m),
            Err(e) => {
                io.say(format!("error: internal error: {e}"));
                return Exit::Internal;
            }
        }
    }
    for m in &matrices {
        for note in &m.notes {
            io.say(format!("warning: {}: {note}", m.environment));
        }
    }
    let user = statements::collect(&project.auth);
    if args.format == "json" {
        let environments: Vec<Value> = matrices.iter().map(|m| m.to_json()).collect();
        let mut doc = json!({ "environments": environments });
        if !user.is_empty() {
            doc["user_statements"] = statements::to_json(&user);
        }
        let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
        io.print(text + "\n");
    } else {
        let mut text: Vec<String> = matrices.iter().map(|m| m.to_text()).collect();
        if !user.is_empty() {
            text.push(statements::to_text(&user));
        }
        io.print(text.join("\n"));
    }
    Exit::Ok
}
