//! [`Imported`] → the files `cogform import` writes: `cogform.yaml` and `backend/*.yaml`, every
//! value spelled out (an import is reviewed line by line, so nothing is left to a default),
//! each file headed by where it came from and what of its sources was not carried over.

use serde_json::Value;

use super::{Finding, FindingKind, Imported};
use crate::load::{API_DIR, AUTH_FILE, PROJECT_FILE, STORAGE_DIR};

/// One file to write, its path relative to the project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub path: String,
    pub content: String,
}

/// Every file of the imported project, in path order. `command` is what was run (named in
/// each header).
pub fn files(imported: &Imported, command: &str) -> Vec<File> {
    let mut out = vec![file(
        imported,
        PROJECT_FILE,
        "cogform",
        0,
        &to_value(&imported.project),
        command,
    )];
    if let Some(auth) = &imported.auth {
        out.push(file(
            imported,
            AUTH_FILE,
            "auth",
            1,
            &to_value(auth),
            command,
        ));
    }
    for (name, s) in &imported.storage {
        let path = format!("{STORAGE_DIR}/{name}.yaml");
        out.push(file(imported, &path, "storage", 2, &to_value(s), command));
    }
    for (name, a) in &imported.apis {
        let path = format!("{API_DIR}/{name}.yaml");
        out.push(file(imported, &path, "api", 2, &to_value(a), command));
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// The written file each finding belongs to: the one made from its source file (cogform.yaml
/// when none was).
pub fn file_of<'a>(imported: &'a Imported, finding: &Finding) -> &'a str {
    imported
        .sources
        .iter()
        .filter(|(path, _)| path.as_str() != PROJECT_FILE)
        .find(|(_, sources)| {
            sources.iter().any(|s| {
                *s == finding.file || (s.ends_with('/') && finding.file.starts_with(s.as_str()))
            })
        })
        .map_or(PROJECT_FILE, |(path, _)| path.as_str())
}

fn file(
    imported: &Imported,
    path: &str,
    schema: &str,
    depth: usize,
    value: &Value,
    command: &str,
) -> File {
    let mut header = format!(
        "# yaml-language-server: $schema={}.cogform/schemas/{schema}.schema.json\n# Written by `{command}`",
        "../".repeat(depth)
    );
    match imported.sources.get(path) {
        Some(sources) if !sources.is_empty() => {
            header.push_str(&format!(" from {}.\n", sources.join(", ")));
        }
        _ => header.push_str(".\n"),
    }
    header.push_str("# Every value is spelled out: review each against what is deployed.\n");
    let mine: Vec<&Finding> = imported
        .findings
        .iter()
        .filter(|f| file_of(imported, f) == path)
        .collect();
    if !mine.is_empty() {
        header.push_str("#\n# Not carried over, or to act on (also printed by the import):\n");
        for f in mine {
            let key = if f.key.is_empty() {
                String::new()
            } else {
                format!(" `{}`", f.key)
            };
            let line = format!("- {} {}{key}: {}", label(f.kind), f.file, f.message)
                .replace(['\n', '\r'], " ");
            for (i, part) in wrap(&line, 96).iter().enumerate() {
                header.push_str(if i == 0 { "# " } else { "#     " });
                header.push_str(part);
                header.push('\n');
            }
        }
    }
    File {
        path: path.to_string(),
        content: crate::load::edit::document(value, &header, &|_| None),
    }
}

pub fn label(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::Risk => "risk:",
        FindingKind::Code => "code not run:",
        FindingKind::NotCarried => "not carried over:",
    }
}

/// Words of `line` in lines of at most `width` characters (a longer word stays whole).
fn wrap(line: &str, width: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in line.split(' ') {
        if !current.is_empty() && current.len() + 1 + word.len() > width {
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}
