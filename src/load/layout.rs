//! Files in the wrong place. cogform reads `cogform.yaml`, `backend/auth.yaml`,
//! `backend/storage/<name>.yaml`, `backend/api/<name>.yaml` and `backend/functions/<name>.yaml`;
//! anything else under `backend/`
//! (a `.yml` spelling, `backend/storage.yaml`, a stray file or folder) would be silently
//! ignored, so each one is an error naming the path cogform expects.
//!
//! Hidden files (`.DS_Store`, editor swap and lock files) and editor backups (`auth.yaml~`)
//! are ignored: editors and file browsers leave them behind, and nobody means them as
//! configuration.

use std::path::Path;

use super::{API_DIR, AUTH_FILE, FUNCTIONS_DIR, Gaps, PROJECT_FILE, Project, STORAGE_DIR};
use crate::diagnostic::{Diagnostic, Pos};

/// Names never read nor reported: hidden files and editor backups.
pub fn ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~')
}

fn problem(file: &str, message: impl Into<String>, help: impl Into<String>) -> Diagnostic {
    Diagnostic::new(file, Pos::new(1, 1), "(document)", message).with_help(help)
}

/// The entries of `dir` (relative to `root`) that are not ignored, in name order, with
/// whether each is a folder.
fn entries(root: &Path, dir: &str) -> Vec<(String, bool)> {
    let Ok(read) = std::fs::read_dir(root.join(dir)) else {
        return Vec::new();
    };
    let mut out: Vec<(String, bool)> = read
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                e.path().is_dir(),
            )
        })
        .filter(|(name, _)| !ignored(name))
        .collect();
    out.sort();
    out
}

/// "rename it" when the right name is free, "merge it" when it is taken.
fn rename_help(root: &Path, from: &str, to: &str) -> String {
    if root.join(to).exists() {
        format!("{to} exists too: merge what {from} holds into it, then delete {from}")
    } else {
        format!("rename it: mv {from} {to}")
    }
}

/// Every misplaced file or folder of the project at `root`.
pub fn misplaced(root: &Path, project: &Project, gaps: &Gaps) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if root.join("cogform.yml").exists() {
        out.push(problem(
            "cogform.yml",
            format!("cogform reads {PROJECT_FILE}, never this file"),
            format!("merge what it holds into {PROJECT_FILE}, then delete it"),
        ));
    }
    let backend = root.join("backend");
    if backend.exists() && !backend.is_dir() {
        out.push(problem(
            "backend",
            "a file where cogform expects the backend/ folder",
            format!(
                "cogform reads {AUTH_FILE}, {STORAGE_DIR}/<name>.yaml and {API_DIR}/<name>.yaml"
            ),
        ));
        return out;
    }
    // Folders a function's code lives in may sit under backend/. While an API or function file
    // does not load, its code folders are unknown: folders are then not judged at all.
    let code: Vec<String> = super::paths::code_paths(&project.apis, &project.functions)
        .into_iter()
        .map(|p| p.trim_start_matches("./").to_string())
        .collect();
    let code_known = !gaps.any_under(API_DIR) && !gaps.any_under(FUNCTIONS_DIR);
    for (name, is_dir) in entries(root, "backend") {
        let rel = format!("backend/{name}");
        let stem = name
            .strip_suffix(".yaml")
            .or_else(|| name.strip_suffix(".yml"));
        match (name.as_str(), is_dir) {
            ("auth.yaml" | "overrides.yaml", _) | ("storage" | "api" | "functions", true) => {}
            ("overrides.yml", false) => out.push(problem(
                &rel,
                "cogform reads backend/overrides.yaml, never this file",
                rename_help(root, &rel, "backend/overrides.yaml"),
            )),
            ("storage" | "api" | "functions", false) => out.push(problem(
                &rel,
                format!("a file where cogform expects the folder {rel}/ (one <name>.yaml per {})", match name.as_str() { "api" => "API", "functions" => "function", _ => "bucket" }),
                format!("move it to {rel}/{name}.yaml"),
            )),
            ("auth.yml", false) => out.push(problem(
                &rel,
                format!("cogform reads {AUTH_FILE}, never this file"),
                rename_help(root, &rel, AUTH_FILE),
            )),
            ("storage.yaml" | "storage.yml", false) => out.push(problem(
                &rel,
                format!("a bucket lives in {STORAGE_DIR}/<name>.yaml (the file name names the bucket); this file is not read"),
                format!("move it to {STORAGE_DIR}/storage.yaml, or to {STORAGE_DIR}/<name>.yaml under the bucket's name"),
            )),
            ("api.yaml" | "api.yml", false) => out.push(problem(
                &rel,
                format!("an API lives in {API_DIR}/<name>.yaml (the file name names the API); this file is not read"),
                format!("move it to {API_DIR}/api.yaml, or to {API_DIR}/<name>.yaml under the API's name"),
            )),
            (_, false) => out.push(problem(
                &rel,
                format!("cogform does not read this file: it reads {AUTH_FILE}, {STORAGE_DIR}/<name>.yaml and {API_DIR}/<name>.yaml"),
                match stem {
                    Some(stem) => format!("a bucket goes to {STORAGE_DIR}/{stem}.yaml, an API to {API_DIR}/{stem}.yaml; anything else out of backend/"),
                    None => "move it out of backend/".to_string(),
                },
            )),
            (_, true) => {
                let holds_code = code
                    .iter()
                    .any(|p| p == &rel || p.starts_with(&format!("{rel}/")));
                if code_known && !holds_code {
                    out.push(problem(
                        &format!("{rel}/"),
                        format!("cogform does not read this folder: it reads {AUTH_FILE}, {STORAGE_DIR}/, {API_DIR}/ and {FUNCTIONS_DIR}/"),
                        "move it out of backend/ (an API's Lambda code may live anywhere in the project, `code.path` names it)",
                    ));
                }
            }
        }
    }
    for (dir, what) in [
        (STORAGE_DIR, "bucket"),
        (API_DIR, "API"),
        (FUNCTIONS_DIR, "function"),
    ] {
        for (name, is_dir) in entries(root, dir) {
            let rel = format!("{dir}/{name}");
            let holds_code = code
                .iter()
                .any(|p| p == &rel || p.starts_with(&format!("{rel}/")));
            if is_dir && dir == FUNCTIONS_DIR && (holds_code || !code_known) {
                // A function's code may sit beside its file: backend/functions/NAME/.
                continue;
            }
            if is_dir {
                out.push(problem(
                    &format!("{rel}/"),
                    format!("folders under {dir}/ are not read: each {what} is one file, {dir}/<name>.yaml"),
                    format!("move its files up to {dir}/"),
                ));
            } else if let Some(stem) = name.strip_suffix(".yml") {
                out.push(problem(
                    &rel,
                    "cogform reads `.yaml` files only; this file is not read",
                    rename_help(root, &rel, &format!("{dir}/{stem}.yaml")),
                ));
            } else if !name.ends_with(".yaml") {
                out.push(problem(
                    &rel,
                    format!("cogform reads only `<name>.yaml` files here (one per {what}); this file is not read"),
                    format!("move it out of {dir}/"),
                ));
            }
        }
    }
    out
}
