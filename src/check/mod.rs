//! Compares what the configuration renders with what is on disk: stale, missing and
//! no-longer-produced files, each with a unified diff where there is something to compare.

use std::collections::BTreeSet;
use std::path::Path;

use similar::TextDiff;

use crate::render::{BUILD_DIR, RenderedFile};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    /// On disk, but its content differs; `diff` is a unified diff from disk to expected.
    Stale { path: String, diff: String },
    /// Expected, but absent from disk.
    Missing { path: String },
    /// On disk under `build/`, but no longer produced by the configuration.
    Orphaned { path: String },
}

impl Drift {
    pub fn path(&self) -> &str {
        match self {
            Drift::Stale { path, .. } | Drift::Missing { path } | Drift::Orphaned { path } => path,
        }
    }
}

/// Unified diff (3 lines of context) between two versions of `path`.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("a/{path} (on disk)"),
            &format!("b/{path} (from config)"),
        )
        .to_string()
}

/// Where `cogform import --plan ENV` writes an environment's adoption plan: beside the
/// templates, but not rendered by `build`, so `check` and `build` leave it alone.
pub const ADOPT_DIR: &str = "build/adopt";

/// Files under `build/` (relative paths with `/`), dotfiles and adoption plans excluded.
pub fn files_on_disk(root: &Path) -> std::io::Result<BTreeSet<String>> {
    let dir = root.join(BUILD_DIR);
    let mut out = BTreeSet::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let plans = root.join(ADOPT_DIR);
    let walk = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.path() != plans);
    for entry in walk {
        let entry = entry.map_err(std::io::Error::other)?;
        if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if let Ok(rel) = entry.path().strip_prefix(root) {
            out.insert(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(out)
}

/// Every difference between the expected files and the disk, in path order.
pub fn compare(root: &Path, expected: &[RenderedFile]) -> std::io::Result<Vec<Drift>> {
    let mut drifts = Vec::new();
    let on_disk = files_on_disk(root)?;
    for file in expected {
        match std::fs::read(root.join(&file.path)) {
            Ok(bytes) => {
                let current = String::from_utf8_lossy(&bytes);
                if current != file.content {
                    drifts.push(Drift::Stale {
                        path: file.path.clone(),
                        diff: unified_diff(&file.path, &current, &file.content),
                    });
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                drifts.push(Drift::Missing {
                    path: file.path.clone(),
                });
            }
            Err(e) => return Err(e),
        }
    }
    let produced: BTreeSet<&str> = expected.iter().map(|f| f.path.as_str()).collect();
    for path in on_disk {
        if !produced.contains(path.as_str()) {
            drifts.push(Drift::Orphaned { path });
        }
    }
    drifts.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(drifts)
}
