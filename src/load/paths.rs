//! What exists at the local paths a configuration names (a created function's `code.path`),
//! looked up while loading and carried in the `Project`.
//!
//! Why here and not in `validate`: the rules stay a pure function of the `Project`, so they
//! run the same on a project read from disk, on the walkthrough's in-memory copy (whose
//! answers the CLI probes through the same [`probe`]) and in unit tests, which state the facts
//! instead of making folders. Reading the disk is loading's job; `validate` only judges.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::api::{Code, Function};
use crate::config::{ApiConfig, FunctionConfig};

use super::Category;

/// What a relative path of the configuration is on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    Dir,
    File,
    /// Nothing there.
    Missing,
    /// It leads outside the project: `..`, absolute, or through a symbolic link.
    Outside,
    /// Something else (a socket, a device) or a path that cannot be read.
    Unusable,
}

/// The paths looked up, by the text the configuration gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LocalPaths(BTreeMap<String, PathKind>);

impl LocalPaths {
    /// What `path` is; `None` when it was never looked up.
    pub fn get(&self, path: &str) -> Option<PathKind> {
        self.0.get(path).copied()
    }

    pub fn insert(&mut self, path: impl Into<String>, kind: PathKind) {
        self.0.insert(path.into(), kind);
    }

    /// Whether `path` was looked up.
    pub fn contains(&self, path: &str) -> bool {
        self.0.contains_key(path)
    }
}

/// Whether `path` is written as a path inside the project: relative, no `..`, no Windows
/// separators or drive letters.
pub fn inside_by_form(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.split('/').any(|s| s == "..")
        && !path.contains(['\\', ':'])
}

/// What is at `path` below `root`. A path that leaves the project by its form is not looked
/// at; one that leaves it through a symbolic link is `Outside`.
pub fn probe(root: &Path, path: &str) -> PathKind {
    if !inside_by_form(path) {
        return PathKind::Outside;
    }
    let full = root.join(path);
    let meta = match std::fs::metadata(&full) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return PathKind::Missing,
        Err(_) => return PathKind::Unusable,
    };
    match (full.canonicalize(), root.canonicalize()) {
        (Ok(real), Ok(base)) if !real.starts_with(&base) => return PathKind::Outside,
        (Ok(_), Ok(_)) => {}
        _ => return PathKind::Unusable,
    }
    if meta.is_dir() {
        PathKind::Dir
    } else if meta.is_file() {
        PathKind::File
    } else {
        PathKind::Unusable
    }
}

/// The local code paths of every created function of `apis` and of every project function.
pub fn code_paths<'a>(
    apis: &'a [Category<ApiConfig>],
    functions: &'a [Category<FunctionConfig>],
) -> Vec<&'a str> {
    let local = |code: &'a Code| match code {
        Code::Local(l) => Some(l.path.as_str()),
        Code::S3(_) => None,
    };
    apis.iter()
        .flat_map(|a| a.config.functions.values())
        .filter_map(|f| match f {
            Function::Created(c) => local(&c.code),
            Function::Existing(_) => None,
        })
        .chain(functions.iter().filter_map(|f| local(&f.config.code)))
        .collect()
}

/// Looks up every path the APIs and functions name, below `root`.
pub fn collect(
    root: &Path,
    apis: &[Category<ApiConfig>],
    functions: &[Category<FunctionConfig>],
) -> LocalPaths {
    let mut found = LocalPaths::default();
    for path in code_paths(apis, functions) {
        found.insert(path, probe(root, path));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_of_paths() {
        let dir = tempfile::TempDir::new().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("functions/a")).unwrap();
        std::fs::write(root.join("functions/b.zip"), b"zip").unwrap();
        assert_eq!(probe(root, "functions/a"), PathKind::Dir);
        assert_eq!(probe(root, "./functions/a/"), PathKind::Dir);
        assert_eq!(probe(root, "functions/b.zip"), PathKind::File);
        assert_eq!(probe(root, "functions/c"), PathKind::Missing);
        for outside in ["../x", "functions/../../x", "/etc", "C:\\x", ""] {
            assert_eq!(probe(root, outside), PathKind::Outside, "{outside}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_out_of_the_project_is_outside() {
        let outside = tempfile::TempDir::new().unwrap();
        let dir = tempfile::TempDir::new().unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("link")).unwrap();
        std::fs::create_dir_all(dir.path().join("real")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("real"), dir.path().join("inner")).unwrap();
        assert_eq!(probe(dir.path(), "link"), PathKind::Outside);
        assert_eq!(probe(dir.path(), "inner"), PathKind::Dir);
    }
}
