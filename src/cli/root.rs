//! Which project a command works on. `-C DIR` names the project root exactly; without it, the
//! nearest folder at or above the current one that holds `cogform.yaml` (as git finds `.git`
//! and cargo finds `Cargo.toml`), so every command works from `backend/` or any subfolder.
//!
//! The search stops at the root of the git repository it starts in (a folder holding `.git`,
//! searched itself, its parents not): a project never spans repositories, so a `cogform.yaml`
//! above the repository belongs to somebody else's project. Outside git it goes up to the
//! file-system root.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::load::PROJECT_FILE;

/// The spelling people reach for by habit; cogform reads only `cogform.yaml`.
const PROJECT_FILE_YML: &str = "cogform.yml";

/// Why no project root was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoProject {
    /// `-C DIR` is not a folder.
    NoSuchDir(PathBuf),
    /// `-C DIR` has no cogform.yaml, but a folder above it is a project.
    InsideProject { dir: PathBuf, root: PathBuf },
    /// `-C DIR` has no cogform.yaml (and nothing above it is a project).
    NotAProject(PathBuf),
    /// Nothing at or above `start` holds cogform.yaml.
    NotFound {
        start: PathBuf,
        /// The repository root where the search stopped, when it stopped at one.
        repository: Option<PathBuf>,
    },
    /// A `cogform.yml` was found where a `cogform.yaml` was looked for.
    Misspelled(PathBuf),
}

impl fmt::Display for NoProject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoProject::NoSuchDir(dir) => write!(
                f,
                "error: -C {}: no such folder\n  help: pass the folder that holds {PROJECT_FILE}",
                dir.display()
            ),
            NoProject::InsideProject { dir, root } => write!(
                f,
                "error: {} is not a cogform project root: {PROJECT_FILE} not found there\n  help: it is inside the project at {}; pass `-C {}`, or leave out -C (commands find the project from any of its folders)",
                dir.display(),
                root.display(),
                root.display()
            ),
            NoProject::NotAProject(dir) => write!(
                f,
                "error: {} is not a cogform project: {PROJECT_FILE} not found\n  help: `cogform -C {} init` creates one there, or pass the folder that holds {PROJECT_FILE}",
                dir.display(),
                dir.display()
            ),
            NoProject::NotFound { start, repository } => {
                match repository {
                    Some(repo) if repo != start => write!(
                        f,
                        "error: not in a cogform project: no {PROJECT_FILE} in {} or above it, up to the repository root {}",
                        start.display(),
                        repo.display()
                    )?,
                    Some(_) => write!(
                        f,
                        "error: not in a cogform project: no {PROJECT_FILE} in {} (the repository root)",
                        start.display()
                    )?,
                    None => write!(
                        f,
                        "error: not in a cogform project: no {PROJECT_FILE} in {} or any folder above it",
                        start.display()
                    )?,
                }
                write!(
                    f,
                    "\n  help: `cogform init` creates one here, or pass -C DIR"
                )
            }
            NoProject::Misspelled(file) => {
                let fixed = file.with_file_name(PROJECT_FILE);
                write!(
                    f,
                    "error: {} found, but cogform reads {PROJECT_FILE}\n  help: rename it: mv {} {}",
                    file.display(),
                    file.display(),
                    fixed.display()
                )
            }
        }
    }
}

/// The project root for a command: `-C DIR` when given, else found from `cwd` upward. A
/// found root is returned relative to `cwd` (`.`, `..`, `../..`), so paths in messages stay
/// short.
pub fn resolve(given: Option<&Path>, cwd: &Path) -> Result<PathBuf, NoProject> {
    if let Some(dir) = given {
        if !dir.is_dir() {
            return Err(NoProject::NoSuchDir(dir.to_path_buf()));
        }
        if dir.join(PROJECT_FILE).is_file() {
            return Ok(dir.to_path_buf());
        }
        if dir.join(PROJECT_FILE_YML).is_file() {
            return Err(NoProject::Misspelled(dir.join(PROJECT_FILE_YML)));
        }
        let absolute: PathBuf = cwd.join(dir).components().collect();
        return match enclosing_above(&absolute).ok().flatten() {
            Some(root) => Err(NoProject::InsideProject {
                dir: dir.to_path_buf(),
                root,
            }),
            None => Err(NoProject::NotAProject(dir.to_path_buf())),
        };
    }
    match enclosing(cwd)? {
        Some(root) => {
            let up = cwd.ancestors().position(|a| a == root).unwrap_or(0);
            Ok(if up == 0 {
                PathBuf::from(".")
            } else {
                [".."].repeat(up).iter().collect()
            })
        }
        None => Err(NoProject::NotFound {
            start: cwd.to_path_buf(),
            repository: repository_root(cwd).map(Path::to_path_buf),
        }),
    }
}

/// The root of the git repository holding `dir` (a folder with `.git`, a directory or, in a
/// worktree, a file), if any.
pub fn repository_root(dir: &Path) -> Option<&Path> {
    dir.ancestors().find(|a| a.join(".git").exists())
}

/// The nearest project root strictly above `dir` (absolute), within the search boundary: none
/// when `dir` is itself a repository root.
pub fn enclosing_above(dir: &Path) -> Result<Option<PathBuf>, NoProject> {
    if dir.join(".git").exists() {
        return Ok(None);
    }
    dir.parent().map_or(Ok(None), enclosing)
}

/// The nearest project root at or above `start` (absolute), within the search boundary;
/// `Err` when a misspelled `cogform.yml` is met first.
pub fn enclosing(start: &Path) -> Result<Option<PathBuf>, NoProject> {
    for dir in start.ancestors() {
        if dir.join(PROJECT_FILE).is_file() {
            return Ok(Some(dir.to_path_buf()));
        }
        if dir.join(PROJECT_FILE_YML).is_file() {
            return Err(NoProject::Misspelled(dir.join(PROJECT_FILE_YML)));
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::TempDir::new().unwrap();
        for f in files {
            let path = dir.path().join(f);
            if f.ends_with('/') {
                std::fs::create_dir_all(path).unwrap();
            } else {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, "").unwrap();
            }
        }
        dir
    }

    #[test]
    fn finds_the_nearest_root_upward_as_a_relative_path() {
        let t = tree(&["p/cogform.yaml", "p/backend/storage/x.yaml"]);
        let p = t.path().join("p");
        assert_eq!(resolve(None, &p), Ok(PathBuf::from(".")));
        assert_eq!(resolve(None, &p.join("backend")), Ok(PathBuf::from("..")));
        assert_eq!(
            resolve(None, &p.join("backend/storage")),
            Ok(PathBuf::from("../.."))
        );
    }

    #[test]
    fn stops_at_the_repository_root() {
        let t = tree(&["cogform.yaml", "repo/.git/", "repo/src/"]);
        let start = t.path().join("repo/src");
        assert_eq!(
            resolve(None, &start),
            Err(NoProject::NotFound {
                start: start.clone(),
                repository: Some(t.path().join("repo"))
            })
        );
        // The repository root itself is searched.
        std::fs::write(t.path().join("repo/cogform.yaml"), "").unwrap();
        assert_eq!(resolve(None, &start), Ok(PathBuf::from("..")));
    }

    #[test]
    fn dash_c_names_the_root_exactly() {
        let t = tree(&["p/cogform.yaml", "p/backend/", "q/cogform.yml"]);
        let p = t.path().join("p");
        assert_eq!(resolve(Some(&p), t.path()), Ok(p.clone()));
        assert_eq!(
            resolve(Some(&p.join("backend")), t.path()),
            Err(NoProject::InsideProject {
                dir: p.join("backend"),
                root: p.clone()
            })
        );
        assert_eq!(
            resolve(Some(&t.path().join("q")), t.path()),
            Err(NoProject::Misspelled(t.path().join("q/cogform.yml")))
        );
        assert_eq!(
            resolve(Some(&t.path().join("none")), t.path()),
            Err(NoProject::NoSuchDir(t.path().join("none")))
        );
    }
}
