//! `cogform diff`: what deploying the current configuration would do to the stack described by
//! the base templates (committed `build/` at a git revision, or a directory), resource by
//! resource, and exit 3 when it would lose users or objects without being acknowledged.

use std::path::Path;
use std::process::Command;

use clap::Args;
use serde_json::{Value, json};

use super::{Exit, Io, prepare};
use crate::diff::rules::Rules;
use crate::diff::{Action, Effect, ResourceChange, plan, summarize};
use crate::render::{BUILD_DIR, RenderedFile};

#[derive(Debug, Clone, Args)]
pub struct BaseArgs {
    /// Git revision whose committed build/ is the base (default: HEAD).
    #[arg(long, value_name = "GIT_REV", conflicts_with = "base_dir")]
    pub base: Option<String>,
    /// A directory holding the base templates (`<env>.template.yaml`), instead of git.
    #[arg(long, value_name = "DIR")]
    pub base_dir: Option<std::path::PathBuf>,
    /// Acknowledge the replacement or removal of this stateful resource (logical id); repeatable.
    #[arg(long, value_name = "RESOURCE")]
    pub allow_replace: Vec<String>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    #[command(flatten)]
    pub base: BaseArgs,
    /// Compare with the live resources instead: a folder of the AWS CLI's describe JSON (as
    /// `cogform import --from-describe` reads it). Lists, property by property, what deploying
    /// ENV's template would change on each adopted resource.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["base", "base_dir"])]
    pub against_describe: Option<std::path::PathBuf>,
    /// The environment whose template is compared with the live resources (default: the first
    /// environment that adopts resources).
    #[arg(long, value_name = "ENV", requires = "against_describe")]
    pub env: Option<String>,
    /// text: the plan for people; json: the plan as JSON; sarif or github: the findings
    /// (problems and changes that lose data) as `validate --format` reports them.
    #[arg(long, value_parser = ["text", "json", "sarif", "github"], default_value = "text")]
    pub format: String,
}

impl DiffArgs {
    /// The findings report `--format` asks for (`json` is the plan itself, not a report).
    pub fn report_format(&self) -> crate::report::Format {
        match self.format.as_str() {
            "sarif" => crate::report::Format::Sarif,
            "github" => crate::report::Format::Github,
            _ => crate::report::Format::Text,
        }
    }
}

/// The base text of each template (`None`: the base has no such template), and a note when
/// the base is empty for a reason worth telling (a repository with no commit yet).
struct Bases {
    texts: Vec<(String, Option<String>)>,
    note: Option<String>,
}

/// Reads the base templates for `files`. `Err` is a usage problem (no git, unknown revision).
fn bases(dir: &Path, args: &BaseArgs, files: &[RenderedFile]) -> Result<Bases, String> {
    let templates = files
        .iter()
        .filter(|f| f.path.starts_with(&format!("{BUILD_DIR}/")));
    if let Some(base_dir) = &args.base_dir {
        if !base_dir.is_dir() {
            return Err(format!(
                "--base-dir {}: not a directory",
                base_dir.display()
            ));
        }
        let texts = templates
            .map(|f| {
                let name = f.path.trim_start_matches(&format!("{BUILD_DIR}/"));
                (
                    f.path.clone(),
                    std::fs::read_to_string(base_dir.join(name)).ok(),
                )
            })
            .collect();
        return Ok(Bases { texts, note: None });
    }
    let rev = args.base.clone().unwrap_or_else(|| "HEAD".into());
    let git = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .map_err(|e| format!("cannot run git: {e}"))
    };
    let verify = git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        &format!("{rev}^{{commit}}"),
    ])?;
    if !verify.status.success() {
        // `git init` and nothing committed yet: the default base is an empty stack, as the
        // first deploy will be. A revision the user named must exist.
        if args.base.is_none() && git(&["rev-parse", "--git-dir"])?.status.success() {
            return Ok(Bases {
                texts: templates.map(|f| (f.path.clone(), None)).collect(),
                note: Some(
                    "note: nothing is committed yet, so there is no committed build/ to compare with; every resource counts as new"
                        .into(),
                ),
            });
        }
        return Err(format!(
            "`{rev}` is not a commit of a git repository here (use --base-dir DIR outside git)"
        ));
    }
    let mut texts = Vec::new();
    for f in templates {
        let shown = git(&["show", &format!("{rev}:./{}", f.path)])?;
        let text = shown
            .status
            .success()
            .then(|| String::from_utf8_lossy(&shown.stdout).into_owned());
        texts.push((f.path.clone(), text));
    }
    Ok(Bases { texts, note: None })
}

fn parse(path: &str, text: &str) -> Result<Value, String> {
    if path.ends_with(".json") {
        serde_json::from_str(text).map_err(|e| format!("base {path} is not valid JSON: {e}"))
    } else {
        crate::load::yaml::parse(text)
            .map(|p| p.value)
            .map_err(|e| format!("base {path} is not valid YAML: {}", e.message))
    }
}

/// The plan of every template against its base.
pub struct FilePlan {
    pub path: String,
    pub changes: Vec<ResourceChange>,
}

/// The plans against the base `args` names, and the note to show about that base, if any.
pub struct Compared {
    pub plans: Vec<FilePlan>,
    pub note: Option<String>,
}

pub fn plans(dir: &Path, args: &BaseArgs, files: &[RenderedFile]) -> Result<Compared, String> {
    let bases = bases(dir, args, files)?;
    Ok(Compared {
        plans: compare(&bases.texts, files)?,
        note: bases.note,
    })
}

/// The plan of each rendered template against its base text (`None`: not in the base).
pub fn compare(
    bases: &[(String, Option<String>)],
    files: &[RenderedFile],
) -> Result<Vec<FilePlan>, String> {
    let rules = Rules::load().map_err(|e| format!("internal error: change rules: {e}"))?;
    let mut out = Vec::new();
    for (path, base) in bases {
        let Some(file) = files.iter().find(|f| &f.path == path) else {
            continue;
        };
        // The common case (nothing changed since the base) needs no parsing at all.
        let changes = if base.as_deref() == Some(file.content.as_str()) {
            Vec::new()
        } else {
            let base = match base {
                Some(text) => parse(path, text)?,
                None => json!({"Resources": {}}),
            };
            plan(&base, &parse(path, &file.content)?, &rules)
        };
        out.push(FilePlan {
            path: path.clone(),
            changes,
        });
    }
    Ok(out)
}

fn verb(c: &ResourceChange) -> (&'static str, &'static str, &'static str) {
    // (symbol, words, color)
    match c.action {
        Action::Add => ("+", "add", "32"),
        Action::Modify if c.data_lost.is_some() => ("~!", "change in place, losing data", "31"),
        Action::Modify => ("~", "change in place", "33"),
        Action::Replace => ("-/+", "replace", "31"),
        Action::Reject => ("!", "rejected by the service", "31"),
        Action::Remove => ("-", "remove", "31"),
    }
}

fn short(v: &Option<Value>) -> String {
    match v {
        None => "(none)".into(),
        Some(v) => {
            let s = v.to_string();
            if s.chars().count() > 60 {
                format!("{}…", s.chars().take(60).collect::<String>())
            } else {
                s
            }
        }
    }
}

/// Human, plan-like text of the changes.
pub fn text(plans: &[FilePlan], color: bool) -> String {
    let paint = |code: &str, s: &str| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let mut out = String::new();
    for p in plans {
        out.push_str(&format!("{}:\n", p.path));
        if p.changes.is_empty() {
            out.push_str("  no changes\n");
        }
        for c in &p.changes {
            let (sym, words, code) = verb(c);
            out.push_str(&format!(
                "  {} {} ({}): {}",
                paint(code, sym),
                c.id,
                c.kind,
                paint(code, words)
            ));
            if let Some(cause) = &c.cause {
                out.push_str(&format!(", because {cause}"));
            }
            out.push('\n');
            for prop in &c.properties {
                let mark = match prop.effect {
                    Effect::InPlace => "~",
                    Effect::LosesData => "~!",
                    Effect::Replacement => "-/+",
                    Effect::Rejected => "!",
                };
                out.push_str(&format!(
                    "      {mark} {}: {} → {}\n",
                    prop.path,
                    short(&prop.before),
                    short(&prop.after)
                ));
                if let Some(reason) = &prop.reason {
                    out.push_str(&format!("        {reason}\n"));
                }
            }
        }
    }
    let all: Vec<ResourceChange> = plans.iter().flat_map(|p| p.changes.clone()).collect();
    out.push_str(&format!("Plan: {}\n", summarize(&all)));
    out
}

pub fn json_report(plans: &[FilePlan], blocked: &[(String, String)]) -> String {
    let all: Vec<ResourceChange> = plans.iter().flat_map(|p| p.changes.clone()).collect();
    let value = json!({
        "files": plans.iter().map(|p| json!({"path": p.path, "changes": p.changes, "summary": summarize(&p.changes)})).collect::<Vec<_>>(),
        "summary": summarize(&all),
        "blocked": blocked.iter().map(|(file, id)| json!({"file": file, "resource": id})).collect::<Vec<_>>(),
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// What a stateful resource is, in a user's words.
pub fn noun(kind: &str) -> &'static str {
    match kind {
        "AWS::Cognito::UserPool" => "user pool",
        "AWS::Cognito::IdentityPool" => "identity pool",
        "AWS::Cognito::UserPoolDomain" => "hosted UI domain",
        "AWS::S3::Bucket" => "bucket",
        _ => "resource",
    }
}

/// `--allow-replace` values that acknowledge nothing: a typo must not pass unnoticed (the
/// loss it meant to acknowledge would still fail the check, with a puzzling message), and an
/// id that is not replaced or removed does not apply.
pub fn unused_allowances(plans: &[FilePlan], allow: &[String]) -> Vec<String> {
    let losing: Vec<&str> = plans
        .iter()
        .flat_map(|p| &p.changes)
        .filter(|c| {
            matches!(c.action, Action::Replace | Action::Remove)
                || (c.action == Action::Modify && c.is_unsafe())
        })
        .map(|c| c.id.as_str())
        .collect();
    allow
        .iter()
        .filter(|a| !losing.contains(&a.as_str()))
        .map(|a| {
            let why = if losing.is_empty() {
                "does not apply: this change replaces, removes or loses the data of no resource"
                    .to_string()
            } else {
                crate::prompts::flags::not_one_of(
                    a,
                    "a resource this change replaces, removes or loses the data of",
                    &losing,
                )
            };
            crate::prompts::flags::refused("--allow-replace", a, &why)
        })
        .collect()
}

/// An unsafe change nobody acknowledged: where, what is wrong, and what to do.
pub struct Blocked {
    /// The template that makes it.
    pub path: String,
    /// The resource's logical id.
    pub id: String,
    pub problem: String,
    pub help: String,
}

impl Blocked {
    /// The `error: … / help: …` lines the text output prints.
    pub fn text(&self) -> String {
        format!("error: {}\n  help: {}", self.problem, self.help)
    }

    /// The same, as a finding on the template (`--format`).
    pub fn finding(&self, level: crate::report::Level) -> crate::report::Finding {
        crate::report::Finding {
            help: Some(self.help.clone()),
            ..crate::report::Finding::on_file("loses-data", level, &self.path, &self.problem)
        }
    }
}

/// The unsafe changes not acknowledged, each with what explains it.
pub fn blocked(plans: &[FilePlan], allow: &[String]) -> Vec<Blocked> {
    let mut out = Vec::new();
    for p in plans {
        for c in p.changes.iter().filter(|c| c.is_unsafe()) {
            let lost = c.data_lost.clone().unwrap_or_default();
            let noun = noun(&c.kind);
            let message = match c.action {
                Action::Reject => (
                    format!(
                        "{} ({}) in {}: the service refuses this change in place, so the deploy would fail; applying it needs a new {noun}, which loses {lost}",
                        c.id, c.kind, p.path
                    ),
                    "keep the old setting; or create a new user pool (a new environment or project) and move users with a `triggers.user_migration` Lambda, then retire the old pool".to_string(),
                ),
                Action::Replace if !allow.contains(&c.id) => (
                    format!(
                        "{} ({}) in {} would be replaced by a new {noun}{}; replacing it loses {lost}",
                        c.id,
                        c.kind,
                        p.path,
                        c.cause
                            .as_ref()
                            .map(|x| format!(", because {x}"))
                            .unwrap_or_default(),
                    ),
                    format!(
                        "keep the old value; if the replacement is intended, re-run with --allow-replace {}",
                        c.id
                    ),
                ),
                Action::Modify if !allow.contains(&c.id) => (
                    format!(
                        "{} ({}) in {}: {} changes in place, and users lose {lost}",
                        c.id,
                        c.kind,
                        p.path,
                        c.properties
                            .iter()
                            .filter(|x| x.effect == Effect::LosesData)
                            .map(|x| format!("`{}`", x.path))
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                    format!(
                        "keep the old value; if the loss is intended, re-run with --allow-replace {}",
                        c.id
                    ),
                ),
                Action::Remove if !allow.contains(&c.id) => (
                    format!(
                        "{} ({}) in {} would be removed from the stack; the app loses {lost}",
                        c.id, c.kind, p.path
                    ),
                    format!(
                        "restore it in the configuration; if the removal is intended, re-run with --allow-replace {}",
                        c.id
                    ),
                ),
                _ => continue,
            };
            let (problem, help) = message;
            out.push(Blocked {
                path: p.path.clone(),
                id: c.id.clone(),
                problem,
                help,
            });
        }
    }
    out
}

/// The loud warning `build`, `update` and `remove` show before a change that loses users or
/// objects: each stateful resource affected, why, and what is lost. `None` when nothing is.
pub fn loss_warning(plans: &[FilePlan], color: bool) -> Option<String> {
    let lost: Vec<(&str, &ResourceChange)> = plans
        .iter()
        .flat_map(|p| {
            p.changes
                .iter()
                .filter(|c| c.is_unsafe())
                .map(|c| (p.path.as_str(), c))
        })
        .collect();
    if lost.is_empty() {
        return None;
    }
    let mut text = if color {
        "\x1b[1;31mWARNING: THIS CHANGE LOSES DATA\x1b[0m\n".to_string()
    } else {
        "WARNING: THIS CHANGE LOSES DATA\n".to_string()
    };
    for (path, c) in lost {
        let what = match c.action {
            Action::Reject => "cannot be changed in place (the service rejects it)",
            Action::Remove => "leaves the stack",
            Action::Modify => "changes in place",
            Action::Add | Action::Replace => "would be replaced by a new one",
        };
        text.push_str(&format!("  {} ({}) in {path} {what}:\n", c.id, c.kind));
        for p in c.properties.iter().filter(|p| p.effect != Effect::InPlace) {
            text.push_str(&format!("    ! {}", p.path));
            if let Some(r) = &p.reason {
                text.push_str(&format!(": {r}"));
            }
            text.push('\n');
        }
        if let Some(cause) = &c.cause {
            text.push_str(&format!("    because {cause}\n"));
        }
        let lost = c.data_lost.as_deref().unwrap_or_default();
        let noun = noun(&c.kind);
        text.push_str(&match c.action {
            Action::Reject => format!(
                "    the deploy would fail; applying it needs a NEW {noun}, which loses {lost}\n"
            ),
            Action::Remove => format!("    once this is deployed, the app loses {lost}\n"),
            Action::Modify => format!("    once this is deployed, users lose {lost}\n"),
            _ => format!("    deploying it creates a NEW {noun}, which loses {lost}\n"),
        });
    }
    Some(text.trim_end().to_string())
}

pub fn run(dir: &Path, args: DiffArgs, io: &mut Io) -> Exit {
    let (
        project,
        crate::pipeline::Built {
            files, templates, ..
        },
    ) = match prepare(dir, io) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let compared = match &args.against_describe {
        Some(describe) => against_describe(&project, &templates, describe, args.env.as_deref()),
        None => plans(dir, &args.base, &files),
    };
    let Compared { plans, note } = match compared {
        Ok(p) => p,
        Err(e) => {
            io.say(format!("error: {e}"));
            return Exit::Invalid;
        }
    };
    if let Some(note) = note {
        io.say(note);
    }
    let unused = unused_allowances(&plans, &args.base.allow_replace);
    if !unused.is_empty() {
        for u in unused {
            io.say(format!("error: {u}"));
        }
        return Exit::Invalid;
    }
    let blocked = blocked(&plans, &args.base.allow_replace);
    if args.format == "json" {
        let ids: Vec<(String, String)> = blocked
            .iter()
            .map(|b| (b.path.clone(), b.id.clone()))
            .collect();
        io.print(json_report(&plans, &ids));
    } else if io.format == crate::report::Format::Text {
        let t = text(&plans, io.color);
        io.print(t);
    } else {
        // Beside a machine report on stdout, the plan is still there for people.
        let t = text(&plans, false);
        io.say(t.trim_end());
    }
    for b in &blocked {
        io.found(b.text(), b.finding(crate::report::Level::Error));
    }
    if blocked.is_empty() {
        Exit::Ok
    } else {
        Exit::Unsafe
    }
}

/// The plan of `env`'s template against the live resources a describe folder holds.
fn against_describe(
    project: &crate::load::Project,
    templates: &[(String, Value)],
    describe: &Path,
    env: Option<&str>,
) -> Result<Compared, String> {
    let adopting = |name: &str| {
        project
            .config
            .environments
            .get(name)
            .is_some_and(|e| e.adopt.is_some())
    };
    let env = match env {
        Some(e) => e.to_string(),
        None => project
            .config
            .environments
            .keys()
            .find(|n| adopting(n))
            .cloned()
            .ok_or("no environment adopts live resources (`adopt:` in cogform.yaml): there is nothing to compare with")?,
    };
    let Some(env_config) = project.config.environments.get(&env) else {
        return Err(format!(
            "`{env}` is not an environment of this project (known: {})",
            project.config.environment_names()
        ));
    };
    if env_config.adopt.is_none() {
        return Err(format!(
            "environment `{env}` adopts nothing (`environments.{env}.adopt` in cogform.yaml)"
        ));
    }
    // Each problem on its own `error:` line, located in the describe folder.
    let located = |problems: Vec<crate::import::Problem>| {
        problems
            .iter()
            .map(|p| format!("{}/{p}", describe.display()))
            .collect::<Vec<_>>()
            .join("\nerror: ")
    };
    let tree = super::import::read_describe(describe).map_err(located)?;
    let described = crate::import::describe::read(&tree).map_err(located)?;
    let template = templates
        .iter()
        .find(|(n, _)| *n == env)
        .map(|(_, t)| t)
        .ok_or_else(|| format!("internal error: environment {env} was not rendered"))?;
    let live = crate::import::live::compare(&described, template, env_config);
    let rules = Rules::load().map_err(|e| format!("internal error: change rules: {e}"))?;
    let changes = plan(&live.live, &live.rendered, &rules);
    let mut note = format!(
        "compared with the live resources in {} (environment {env}): only the adopted resources; what the template adds is created by the deploy",
        describe.display()
    );
    for u in &live.unmatched {
        note.push_str(&format!(
            "\nnote: live {u} is not in the template: it stays as it is, outside the stack"
        ));
    }
    Ok(Compared {
        plans: vec![FilePlan {
            path: crate::render::template_path(&env, project.config.format),
            changes,
        }],
        note: Some(note),
    })
}
