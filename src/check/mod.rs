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

/// Files under `build/` (relative paths with `/`), dotfiles excluded.
pub fn files_on_disk(root: &Path) -> std::io::Result<BTreeSet<String>> {
    let dir = root.join(BUILD_DIR);
    let mut out = BTreeSet::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
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
