//! The fixtures of tests/fixtures/amplify/ imported, checked setting by setting.

use super::*;

/// A fixture project read the way `cogform import amplify` reads a folder: every file under
/// `amplify/` (json, ts, js; no node_modules) and `src/aws-exports.js`.
pub fn fixture(name: &str) -> SourceTree {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/amplify")
        .join(name);
    let mut tree = SourceTree::new();
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let wanted = (rel.starts_with("amplify/")
            && !rel.contains("node_modules/")
            && [".json", ".ts", ".js"].iter().any(|e| rel.ends_with(e)))
            || rel == AWS_EXPORTS;
        if wanted {
            tree.insert(rel, std::fs::read_to_string(entry.path()).unwrap());
        }
    }
    tree
}

#[test]
fn dump() {
    for name in [
        "email-groups",
        "username-social",
        "storage-access",
        "rest-api",
    ] {
        let i = from_amplify(&fixture(name));
        eprintln!("==== {name}\n{i:#?}");
    }
}

/// Writes the import as `cogform import` would and loads and validates it like any project.
fn validate(imported: &Imported) -> Vec<String> {
    let dir = tempfile::TempDir::new().unwrap();
    for f in crate::import::write::files(imported, "cogform import amplify") {
        let path = dir.path().join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, f.content).unwrap();
    }
    match crate::validate::load_valid(dir.path()) {
        Ok(_) => Vec::new(),
        Err(crate::load::LoadError::Invalid(d)) => d.iter().map(|d| d.to_string()).collect(),
        Err(e) => vec![e.to_string()],
    }
}

#[test]
fn dump2() {
    for name in [
        "email-groups",
        "username-social",
        "storage-access",
        "rest-api",
    ] {
        let i = from_amplify(&fixture(name)).unwrap();
        eprintln!("==== {name}");
        for f in &i.findings {
            eprintln!("{:?} {} {} :: {}", f.kind, f.file, f.key, f.message);
        }
        eprintln!("{:#?}\n{:#?}", i.storage, i.apis);
        eprintln!("problems: {:#?}", validate(&i));
    }
}
