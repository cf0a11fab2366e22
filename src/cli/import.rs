//! `cogform import`: a project that adopts what is already deployed, from an Amplify Gen 1
//! project folder or from the AWS CLI's describe JSON, and (`--plan ENV`) the adoption plan.
//! Everything is made in a staging folder inside the project and checked (loaded, validated,
//! rendered) before the first file is moved into place: a failed import writes nothing.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::{Exit, Io};
use crate::import::{FindingKind, Imported, Problem, SourceTree};
use crate::load::PROJECT_FILE;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub source: Option<Source>,
    /// A folder of the AWS CLI's describe JSON of the live resources (README, "Coming from
    /// Amplify", lists the commands and file names).
    #[arg(long, value_name = "DIR")]
    pub from_describe: Option<PathBuf>,
    /// The environment the described resources belong to.
    #[arg(
        long,
        value_name = "ENV",
        default_value = "dev",
        requires = "from_describe"
    )]
    pub env: String,
    /// Also write ENV's adoption plan into build/adopt/ENV/: the resources-to-import file, the
    /// import change set's template and the runbook. With an existing cogform.yaml, only the
    /// plan is written (from the configuration as it is now).
    #[arg(long, value_name = "ENV", global = true)]
    pub plan: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Source {
    /// From an Amplify CLI (Gen 1) project folder: the one holding amplify/ (default: the
    /// current folder). Nothing in it is modified; override.ts is reported, never run.
    Amplify {
        // Its own id: `dir` is the global `-C`'s, which a same-named argument would shadow.
        #[arg(id = "amplify_dir", value_name = "DIR", default_value = ".")]
        dir: PathBuf,
    },
}

/// Source files larger than this are not configuration (and are not read).
const MAX_SOURCE_BYTES: u64 = 5 * 1024 * 1024;

pub fn run(given: Option<&Path>, args: ImportArgs, io: &mut Io) -> Exit {
    let out_dir = given.unwrap_or(Path::new("."));
    // Gen 1's deployed templates, made to retain what is adopted (the plan's first step).
    let mut retaining = Vec::new();
    let (imported, origin, command) = match (&args.source, &args.from_describe) {
        (Some(Source::Amplify { dir }), _) => {
            let tree = match read_amplify(dir) {
                Ok(t) => t,
                Err(code) => return say_problems(io, dir, code),
            };
            if args.plan.is_some() {
                match crate::import::retain::retaining_templates(&tree) {
                    Ok(r) => retaining = r,
                    Err(problems) => return say_problems(io, dir, problems),
                }
            }
            (
                crate::import::amplify::from_amplify(&tree),
                dir.clone(),
                format!("cogform import amplify {}", dir.display()),
            )
        }
        (None, Some(dir)) => {
            let tree = match read_describe(dir) {
                Ok(t) => t,
                Err(code) => return say_problems(io, dir, code),
            };
            (
                crate::import::describe::from_describe(&tree, &args.env),
                dir.clone(),
                format!(
                    "cogform import --from-describe {} --env {}",
                    dir.display(),
                    args.env
                ),
            )
        }
        (None, None) => {
            io.say("error: name what to import: `cogform import amplify [DIR]` (an Amplify Gen 1 project) or `cogform import --from-describe DIR` (the AWS CLI's describe JSON)");
            return Exit::Invalid;
        }
    };
    let imported = match imported {
        Ok(i) => i,
        Err(problems) => return say_problems(io, &origin, problems),
    };
    report_findings(io, &origin, &imported);
    let exists = out_dir.join(PROJECT_FILE).exists();
    if !exists && let Some(root) = enclosing_project(out_dir) {
        io.say(format!(
            "error: {} is inside the cogform project at {}; a project cannot hold another, nothing was written\n  help: import into a folder outside it (`-C DIR`)",
            out_dir.display(),
            root.display()
        ));
        return Exit::Invalid;
    }
    if exists && args.plan.is_none() {
        io.say(format!(
            "error: {} already exists: an import starts a new project, nothing was written\n  help: run it in an empty folder (`-C DIR`), or add `--plan ENV` to write only the adoption plan for the project as it is",
            out_dir.join(PROJECT_FILE).display()
        ));
        return Exit::Invalid;
    }
    stage_and_write(
        out_dir,
        &imported,
        &command,
        args.plan.as_deref().map(|env| (env, retaining.as_slice())),
        exists,
        io,
    )
}

/// The project a new one would be made inside of, as `init` refuses it.
fn enclosing_project(out_dir: &Path) -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    // `components` drops the `.` of `-C .`, which would make `parent` skip a level.
    let absolute: PathBuf = cwd.join(out_dir).components().collect();
    super::root::enclosing_above(&absolute).ok().flatten()
}

fn say_problems(io: &mut Io, origin: &Path, problems: Vec<Problem>) -> Exit {
    for p in &problems {
        if p.file.is_empty() {
            io.say(format!("error: {}{p}", origin.display()));
        } else {
            io.say(format!("error: {}/{p}", origin.display()));
        }
    }
    io.say(format!(
        "import: {} problem{}, nothing written",
        problems.len(),
        super::plural(problems.len())
    ));
    Exit::Invalid
}

fn report_findings(io: &mut Io, origin: &Path, imported: &Imported) {
    for f in &imported.findings {
        let level = match f.kind {
            FindingKind::Risk => "warning: risk",
            FindingKind::Code => "warning: code not run",
            FindingKind::NotCarried => "note: not carried over",
        };
        let key = if f.key.is_empty() {
            String::new()
        } else {
            format!(" `{}`", f.key)
        };
        io.say(format!(
            "{level}: {}/{}{key}: {}",
            origin.display(),
            f.file,
            f.message
        ));
    }
}

/// Reads a describe folder (its JSON files, up to `buckets/<name>/<setting>.json`).
pub fn read_describe(dir: &Path) -> Result<SourceTree, Vec<Problem>> {
    read_tree(dir, &["json"], 3)
}

/// Reads `<dir>/amplify/` and `<dir>/src/aws-exports.js`.
fn read_amplify(dir: &Path) -> Result<SourceTree, Vec<Problem>> {
    if !dir.join("amplify").is_dir() {
        return Err(vec![Problem::in_file(
            "amplify",
            "missing: this is not an Amplify CLI project folder (it holds no amplify/ folder)",
        )]);
    }
    let mut tree = read_tree(&dir.join("amplify"), &["json", "ts", "js"], 8)?
        .into_iter()
        .map(|(k, v)| (format!("amplify/{k}"), v))
        .collect::<SourceTree>();
    let exports = dir.join("src/aws-exports.js");
    if let Ok(text) = std::fs::read_to_string(&exports) {
        tree.insert("src/aws-exports.js".into(), text);
    }
    Ok(tree)
}

/// The files of `dir` with one of `extensions`, by `/`-separated relative path.
fn read_tree(dir: &Path, extensions: &[&str], depth: usize) -> Result<SourceTree, Vec<Problem>> {
    if !dir.is_dir() {
        return Err(vec![Problem::in_file(
            "",
            "is not a folder (or cannot be read)",
        )]);
    }
    let mut tree = SourceTree::new();
    let mut problems = Vec::new();
    let walk = walkdir::WalkDir::new(dir)
        .max_depth(depth)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            !(e.file_type().is_dir() && (name == "node_modules" || name == ".git"))
        });
    for entry in walk {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        let wanted = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.contains(&e));
        if !entry.file_type().is_file() || !wanted {
            continue;
        }
        let Ok(rel) = path.strip_prefix(dir) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if entry.metadata().is_ok_and(|m| m.len() > MAX_SOURCE_BYTES) {
            continue;
        }
        match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => {
                    tree.insert(rel, text);
                }
                Err(_) => problems.push(Problem::in_file(&rel, "is not UTF-8 text")),
            },
            Err(e) => problems.push(Problem::in_file(&rel, format!("cannot be read: {e}"))),
        }
    }
    if problems.is_empty() {
        Ok(tree)
    } else {
        Err(problems)
    }
}

/// The output folder, made by the import when it did not exist: removed again when the
/// import ends with nothing in it (a failed import leaves no trace).
struct MadeFolder(Option<PathBuf>);

impl MadeFolder {
    fn make(dir: &Path) -> std::io::Result<Self> {
        if dir.exists() {
            return Ok(MadeFolder(None));
        }
        std::fs::create_dir_all(dir)?;
        Ok(MadeFolder(Some(dir.to_path_buf())))
    }
}

impl Drop for MadeFolder {
    fn drop(&mut self) {
        if let Some(dir) = &self.0 {
            // Fails, as it should, when the import wrote files into it.
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// Makes every file in a staging folder, checks the result, then moves the files into place.
fn stage_and_write(
    out_dir: &Path,
    imported: &Imported,
    command: &str,
    plan: Option<(&str, &[crate::import::retain::Retained])>,
    plan_only: bool,
    io: &mut Io,
) -> Exit {
    let _made = match MadeFolder::make(out_dir) {
        Ok(m) => m,
        Err(e) => {
            io.say(format!("error: cannot create {}: {e}", out_dir.display()));
            return Exit::Internal;
        }
    };
    let staging = match tempfile::Builder::new()
        .prefix(".cogform-import-")
        .tempdir_in(out_dir)
    {
        Ok(t) => t,
        Err(e) => {
            io.say(format!("error: cannot write in {}: {e}", out_dir.display()));
            return Exit::Internal;
        }
    };
    let mut written: Vec<String> = Vec::new();
    if !plan_only {
        for f in crate::import::write::files(imported, command) {
            if out_dir.join(&f.path).exists() {
                io.say(format!(
                    "error: {} already exists: an import starts a new project, nothing was written",
                    out_dir.join(&f.path).display()
                ));
                return Exit::Invalid;
            }
            if let Err(e) = super::fs::write_atomic(&staging.path().join(&f.path), &f.content) {
                io.say(format!("error: cannot write {}: {e}", f.path));
                return Exit::Internal;
            }
            written.push(f.path);
        }
    }
    let project_dir = if plan_only { out_dir } else { staging.path() };
    let project = match crate::validate::load_valid(project_dir) {
        Ok(p) => p,
        Err(crate::load::LoadError::Invalid(diagnostics)) => {
            super::report(&diagnostics, io);
            io.say(if plan_only {
                "import: the project is not valid; fix it first, nothing written".to_string()
            } else {
                "import: the imported configuration is not valid (a setting outside what cogform accepts, listed above), nothing written".to_string()
            });
            return Exit::Invalid;
        }
        Err(e) => {
            io.say(format!("error: {e}"));
            return Exit::Internal;
        }
    };
    if let Some((env, retaining)) = plan {
        match plan_files(&project, imported, env, retaining) {
            Ok(files) => {
                for (path, content) in files {
                    if let Err(e) = super::fs::write_atomic(&staging.path().join(&path), &content) {
                        io.say(format!("error: cannot write {path}: {e}"));
                        return Exit::Internal;
                    }
                    written.push(path);
                }
            }
            Err(problems) => {
                for p in &problems {
                    io.say(format!("error: {p}"));
                }
                io.say("import: no adoption plan, nothing written");
                return Exit::Invalid;
            }
        }
    }
    for path in &written {
        let target = out_dir.join(path);
        let moved = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::rename(staging.path().join(path), &target));
        if let Err(e) = moved {
            io.say(format!("error: cannot write {}: {e}", target.display()));
            return Exit::Internal;
        }
        io.say(format!("created {path}"));
    }
    let findings = imported.findings.len();
    io.say(format!(
        "import: {} file{} written; {findings} thing{} to review (above, and at the top of the written files){}",
        written.len(),
        super::plural(written.len()),
        super::plural(findings),
        match (plan, plan_only) {
            (_, true) => String::new(),
            (Some((env, _)), false) => format!(
                "\n  next: `cogform build`, review the templates, then follow {}/{env}/{}",
                crate::check::ADOPT_DIR,
                crate::import::plan::RUNBOOK_FILE
            ),
            (None, false) => "\n  next: `cogform build`, review the templates, then write the adoption plan (`--plan ENV`)".into(),
        }
    ));
    Exit::Ok
}

/// The plan files of `env`: (path relative to the project, content).
fn plan_files(
    project: &crate::load::Project,
    imported: &Imported,
    env: &str,
    retaining: &[crate::import::retain::Retained],
) -> Result<Vec<(String, String)>, Vec<Problem>> {
    let Some(live) = imported.live.get(env) else {
        return Err(vec![Problem::in_file(
            PROJECT_FILE,
            format!(
                "the source holds no ids of the live resources of `{env}` (it describes: {}): describe that environment's resources and run `cogform import --from-describe DIR --env {env} --plan {env}`",
                imported.live.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
        )]);
    };
    // What the source says this environment adopts, as the lines to add to cogform.yaml.
    let to_add = || {
        imported
            .project
            .environments
            .get(env)
            .and_then(|e| e.adopt.as_ref())
            .and_then(|a| serde_json::to_value(a).ok())
            .map(|a| {
                format!(
                    "; the source names these, add them under `environments:` in cogform.yaml:\n    {env}:\n      adopt: {}",
                    crate::load::edit::flow(&a)
                )
            })
            .unwrap_or_default()
    };
    let Some(env_config) = project.config.environments.get(env) else {
        return Err(vec![Problem::in_file(
            PROJECT_FILE,
            format!(
                "`{env}` is not an environment of this project (known: {}){}",
                project.config.environment_names(),
                to_add()
            ),
        )]);
    };
    if env_config.adopt.is_none() {
        return Err(vec![Problem::at_key(
            PROJECT_FILE,
            &format!("environments.{env}"),
            format!("adopts nothing, so there is no plan to make{}", to_add()),
        )]);
    }
    let theirs = imported
        .project
        .environments
        .get(env)
        .and_then(|e| e.adopt.clone())
        .unwrap_or_default();
    if let Some(mine) = &env_config.adopt {
        let mut problems = Vec::new();
        for (what, a, b) in [
            ("user_pool", &mine.user_pool, &theirs.user_pool),
            ("identity_pool", &mine.identity_pool, &theirs.identity_pool),
        ] {
            if a.is_some() && b.is_some() && a != b {
                problems.push(Problem::at_key(
                    PROJECT_FILE,
                    &format!("environments.{env}.adopt.{what}"),
                    format!(
                        "is `{}` but the live one is named `{}`: the plan would adopt another resource",
                        a.as_deref().unwrap_or(""),
                        b.as_deref().unwrap_or("")
                    ),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
    }
    let engine = crate::render::engine::Engine::new()
        .map_err(|e| vec![Problem::in_file("", format!("internal error: {e}"))])?;
    let built = crate::pipeline::run(project, &engine).map_err(|e| {
        vec![Problem::in_file(
            PROJECT_FILE,
            format!("cannot render: {e}"),
        )]
    })?;
    let template = built
        .templates
        .iter()
        .find(|(n, _)| n == env)
        .map(|(_, t)| t.clone())
        .unwrap_or_default();
    let groups = imported.auth.as_ref().map(|a| {
        a.groups
            .iter()
            .map(|g| g.name.clone())
            .collect::<std::collections::BTreeSet<_>>()
    });
    let plan = crate::import::plan::plan(env, env_config, &template, live, groups.as_ref(), None)?;
    let format = project.config.format;
    let dir = format!("{}/{env}", crate::check::ADOPT_DIR);
    let import_path = format!("{dir}/import.template.{}", format.extension());
    let template_path = crate::render::template_path(env, format);
    let retain_dir = format!("{dir}/amplify-retain");
    let listed: Vec<(String, String, Vec<String>)> = retaining
        .iter()
        .map(|r| {
            (
                format!("{retain_dir}/{}", r.path),
                r.source.clone(),
                r.retained.clone(),
            )
        })
        .collect();
    let runbook = crate::import::plan::runbook(
        &plan,
        &crate::import::plan::RunbookInput {
            env,
            template_path: &template_path,
            import_template_path: &import_path,
            region: live.region.as_deref(),
            retaining: &listed,
            old_stack: live.old_stack.as_deref(),
        },
    );
    let mut files: Vec<(String, String)> = retaining
        .iter()
        .map(|r| (format!("{retain_dir}/{}", r.path), r.content.clone()))
        .collect();
    files.extend([
        (
            format!("{dir}/{}", crate::import::plan::RESOURCES_FILE),
            crate::import::plan::resources_file(&plan),
        ),
        (
            import_path,
            crate::render::emit(&plan.import_template, format, env, false),
        ),
        (
            format!("{dir}/{}", crate::import::plan::RUNBOOK_FILE),
            runbook,
        ),
    ]);
    Ok(files)
}
