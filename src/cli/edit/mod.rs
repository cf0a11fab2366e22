//! `cogform add | update | remove`: guided edits of backend/auth.yaml, backend/api/<name>.yaml
//! and backend/storage/<name>.yaml. Every question has a flag; the result is validated (as
//! `cogform validate` would) in a scratch copy of the project before anything is written, and
//! `update` / `remove` show the YAML diff and warn loudly before a change that needs a new user
//! pool or bucket.

mod add;
mod function;
mod remove;
mod update;

use std::path::{Path, PathBuf};
use std::rc::Rc;

use clap::{Args, Subcommand};
use serde_json::Value;

use super::{Exit, Io, fs::write_atomic, report};
use crate::config::FileKind;
use crate::diagnostic::normalize;
use crate::load::{AUTH_FILE, LoadError, PROJECT_FILE, Project};
use crate::prompts::api::ApiFlags;
use crate::prompts::auth::AuthFlags;
use crate::prompts::check::Ctx;
use crate::prompts::flags::Given;
use crate::prompts::function::FunctionFlags;
use crate::prompts::storage::StorageFlags;
use crate::prompts::{Defaults, PromptError, Prompter};
use crate::render::{PROJECT_SCHEMA_DIR, RenderedFile, engine::Engine};

#[derive(Debug, Args)]
pub struct AddArgs {
    #[command(subcommand)]
    pub what: AddWhat,
}

#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per run
pub enum AddWhat {
    /// Create backend/auth.yaml: the defaults, or a walkthrough of every setting.
    Auth {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        flags: AuthFlags,
    },
    /// Create backend/api/<NAME>.yaml: functions, routes, who may call each, CORS.
    Api {
        /// The API's name (the file name; part of resource names).
        name: Option<String>,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        flags: ApiFlags,
    },
    /// Create backend/storage/<NAME>.yaml: a bucket, and who may do what in each access level.
    Storage {
        /// The bucket's name (the file name; part of the bucket name).
        name: Option<String>,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        flags: StorageFlags,
    },
    /// Create backend/functions/<NAME>.yaml: a Lambda function, what calls it (wired into the
    /// caller's file), what it may do, and a handler stub in its code folder.
    Function {
        /// The function's name (the file name; part of the function's name).
        name: Option<String>,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        flags: FunctionFlags,
    },
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    #[command(subcommand)]
    pub what: UpdateWhat,
}

#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per run
pub enum UpdateWhat {
    /// Edit backend/auth.yaml through the walkthrough, pre-filled with its current values.
    Auth {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        flags: AuthFlags,
    },
    /// Edit backend/api/<NAME>.yaml through the walkthrough, pre-filled.
    Api {
        name: String,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        flags: ApiFlags,
    },
    /// Edit backend/storage/<NAME>.yaml through the walkthrough, pre-filled.
    Storage {
        name: String,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        flags: StorageFlags,
    },
    /// Edit backend/functions/<NAME>.yaml through the walkthrough, pre-filled (its callers are
    /// changed in their own files).
    Function {
        name: String,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        flags: FunctionFlags,
    },
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    #[command(subcommand)]
    pub what: RemoveWhat,
}

#[derive(Debug, Subcommand)]
pub enum RemoveWhat {
    /// Not possible: every project has a user pool (explains what to do instead).
    Auth,
    /// Delete backend/api/<NAME>.yaml (asks first).
    Api {
        name: String,
        #[command(flatten)]
        common: Common,
    },
    /// Delete backend/storage/<NAME>.yaml (asks first; the bucket leaves the stack).
    Storage {
        name: String,
        #[command(flatten)]
        common: Common,
    },
    /// Delete backend/functions/<NAME>.yaml (asks first; refused while something calls it;
    /// its code folder is kept).
    Function {
        name: String,
        #[command(flatten)]
        common: Common,
    },
}

/// Flags every guided command has.
#[derive(Debug, Clone, Args)]
pub struct Common {
    /// Take the defaults and the other flags' values without asking; never reads stdin.
    #[arg(short, long)]
    pub yes: bool,
    /// Write even when the change needs a new user pool or bucket (all users or objects lost).
    #[arg(long)]
    pub allow_data_loss: bool,
}

pub fn run_add(dir: &Path, args: AddArgs, io: &mut Io) -> Exit {
    add::run(dir, args.what, io)
}

pub fn run_update(dir: &Path, args: UpdateArgs, io: &mut Io) -> Exit {
    update::run(dir, args.what, io)
}

pub fn run_remove(dir: &Path, args: RemoveArgs, io: &mut Io) -> Exit {
    remove::run(dir, args.what, io)
}

/// What the command line said before any question: the flags given (a flag no question takes
/// is refused, never dropped) and the problems of their values, found by reading them strictly.
struct FromFlags {
    given: Vec<Given>,
    problems: Vec<String>,
}

impl FromFlags {
    fn new<T: serde::Serialize>(flags: &T, problems: Vec<String>) -> Self {
        FromFlags {
            given: crate::prompts::flags::given(flags),
            problems,
        }
    }
}

/// After answers that cannot be written: the command that gives them again, so none is lost.
fn keep_answers(io: &mut Io, command: &[&str], flags: Vec<String>) {
    let mut words: Vec<String> = command.iter().map(|w| w.to_string()).collect();
    words.push("--yes".into());
    words.extend(flags);
    io.say(format!(
        "  your answers, as one command (change what is refused above, then run it):\n    {}",
        crate::prompts::replay::command_line(&words)
    ));
}

/// Says every problem of the answers, in one list; always `Err(Exit::Invalid)`.
fn refuse_answers(io: &mut Io, lead: &str, problems: &[String]) -> Exit {
    io.say(lead);
    for p in problems {
        io.say(format!("  {p}"));
    }
    io.say("  help: see --help for what each flag accepts; nothing was written");
    Exit::Invalid
}

/// Runs a question flow the way the command line asks for: with `--yes`, from the flags and
/// defaults only; on a terminal, interactively; otherwise, not at all (naming the flags that
/// are missing). Flag values that are not understood stop it before the first question.
/// `Err` is the exit code, after saying why.
fn answers<T>(
    io: &mut Io,
    yes: bool,
    flags: &FromFlags,
    flow: impl Fn(&mut dyn Prompter) -> Result<T, PromptError>,
) -> Result<T, Exit> {
    if !flags.problems.is_empty() {
        return Err(refuse_answers(
            io,
            "error: some flag values are not understood or do not apply",
            &flags.problems,
        ));
    }
    if yes || !io.interactive {
        let mut d = Defaults::default();
        let result = flow(&mut d);
        let mut problems = d.problems.clone();
        for g in d.unused(&flags.given) {
            problems.push(crate::prompts::flags::refused(
                &g.flag,
                &g.value,
                &crate::prompts::flags::unused_why(&g.flag),
            ));
        }
        if !problems.is_empty() {
            let what = if io.interactive || yes {
                "error: some answers are missing or invalid"
            } else {
                "error: no terminal to ask questions on, and some answers are missing or invalid"
            };
            return Err(refuse_answers(io, what, &problems));
        }
        if !yes {
            io.say("error: no terminal to ask questions on\n  help: pass --yes to write with the defaults and the flags given (see --help); nothing was written");
            return Err(Exit::Invalid);
        }
        return result.map_err(|e| {
            io.say(format!("error: {e}"));
            Exit::Internal
        });
    }
    match flow(io.prompter.as_mut()) {
        Ok(a) => Ok(a),
        Err(PromptError::Cancelled) => {
            io.say("cancelled: nothing was written");
            Err(Exit::Invalid)
        }
        Err(PromptError::Refused(why)) => Err(refuse_answers(
            io,
            "error: some flag values do not apply",
            &[why],
        )),
        Err(e) => {
            io.say(format!("error: {e}"));
            Err(Exit::Internal)
        }
    }
}

/// Asks a yes/no question (on a terminal only). `Err` when the user cancels.
fn confirm(io: &mut Io, question: &str, help: &str, default: bool) -> Result<bool, Exit> {
    let q = crate::prompts::Q::new("--yes", question, help);
    match io.prompter.confirm(&q, default) {
        Ok(b) => Ok(b),
        Err(PromptError::Cancelled) => {
            io.say("cancelled: nothing was written");
            Err(Exit::Invalid)
        }
        Err(e) => {
            io.say(format!("error: {e}"));
            Err(Exit::Internal)
        }
    }
}

/// Loads the project as it is on disk; on failure says why.
fn load_project(dir: &Path, io: &mut Io) -> Result<Project, Exit> {
    if !dir.join(PROJECT_FILE).is_file() {
        io.say(format!(
            "error: {} is not a cogform project: {PROJECT_FILE} not found\n  help: pass -C DIR naming the folder that holds {PROJECT_FILE}",
            dir.display()
        ));
        return Err(Exit::Invalid);
    }
    match crate::load::load(dir) {
        Ok(p) => Ok(p),
        Err(LoadError::Invalid(mut d)) => {
            normalize(&mut d);
            for x in &d {
                io.say(x.to_string());
            }
            io.say("error: the project has problems; fix them first (`cogform validate`); nothing was written");
            Err(Exit::Invalid)
        }
        Err(e) => {
            io.say(format!("error: {e}"));
            Err(Exit::Internal)
        }
    }
}

/// A scratch copy of the project's configuration (cogform.yaml and backend/), with `changes`
/// applied (`None` deletes the file), loaded and (with `validate`) validated exactly as
/// `cogform validate` does. `Err` after printing every problem.
fn try_project(
    dir: &Path,
    changes: &[(&str, Option<&str>)],
    validate: bool,
    io: &mut Io,
) -> Result<Project, Exit> {
    let scratch = tempfile::TempDir::new().map_err(|e| {
        io.say(format!("error: cannot create a scratch directory: {e}"));
        Exit::Internal
    })?;
    let copy = |rel: &Path| -> std::io::Result<()> {
        let dest = scratch.path().join(rel);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(dir.join(rel), dest).map(|_| ())
    };
    let mut result = copy(Path::new(PROJECT_FILE));
    let backend = dir.join("backend");
    if result.is_ok() && backend.is_dir() {
        for entry in walkdir::WalkDir::new(&backend).max_depth(3) {
            let Ok(entry) = entry else { continue };
            if entry.file_type().is_file()
                && let Ok(rel) = entry.path().strip_prefix(dir)
            {
                result = result.and(copy(rel));
            }
        }
    }
    for (path, content) in changes {
        let target = scratch.path().join(path);
        result = result.and(match content {
            Some(text) => std::fs::create_dir_all(target.parent().unwrap_or(scratch.path()))
                .and_then(|_| std::fs::write(&target, text)),
            None => std::fs::remove_file(&target),
        });
    }
    if let Err(e) = result {
        io.say(format!(
            "error: cannot copy the project to a scratch directory: {e}"
        ));
        return Err(Exit::Internal);
    }
    let mut project = match crate::load::load(scratch.path()) {
        Ok(p) => p,
        Err(LoadError::Invalid(mut d)) => {
            normalize(&mut d);
            report(&d, io);
            return Err(Exit::Invalid);
        }
        Err(e) => {
            io.say(format!("error: {e}"));
            return Err(Exit::Internal);
        }
    };
    // Only the YAML files were copied: local paths (code folders) are the project's own.
    project.local_paths = crate::load::paths::collect(dir, &project.apis, &project.functions);
    let problems = crate::validate::validate(&project);
    if validate && !problems.is_empty() {
        report(&problems, io);
        return Err(Exit::Invalid);
    }
    project.root = dir.to_path_buf();
    Ok(project)
}

/// The walkthrough's context: answers naming a local path (a function's code folder) are
/// looked up below `dir` as they are typed.
fn walkthrough(dir: &Path, project: Project) -> Rc<Ctx> {
    let root = dir.to_path_buf();
    Ctx::with_probe(
        project,
        Box::new(move |path| crate::load::paths::probe(&root, path)),
    )
}

/// The templates a project renders (for the change plan).
fn templates(project: &Project, io: &mut Io) -> Result<Vec<RenderedFile>, Exit> {
    let engine = Engine::new().map_err(|e| {
        io.say(format!("error: {e}"));
        Exit::Internal
    })?;
    match crate::pipeline::generated_files(project, &engine) {
        Ok(files) => Ok(files
            .into_iter()
            .filter(|f| {
                f.path
                    .starts_with(&format!("{}/", crate::render::BUILD_DIR))
            })
            .collect()),
        // A removal that orphans a patch of backend/overrides.yaml: every patch named.
        Err(crate::pipeline::PipelineError::Invalid(found)) => {
            for d in &found {
                io.say(format!("error: {d}"));
            }
            io.say("error: backend/overrides.yaml no longer fits the configuration; nothing was written\n  help: remove or rename the patches named above, then run the command again");
            Err(Exit::Invalid)
        }
        Err(e) => {
            io.say(format!("error: {e}"));
            Err(Exit::Invalid)
        }
    }
}

/// What deploying `after` instead of `before` would lose. Prints a loud warning (and the
/// changes behind it) and returns whether there is any loss.
fn data_loss(before: &Project, after: &Project, io: &mut Io) -> Result<bool, Exit> {
    let old = templates(before, io)?;
    let new = templates(after, io)?;
    // Every template `after` renders, against what `before` rendered at the same path.
    let bases: Vec<(String, Option<String>)> = new
        .iter()
        .map(|f| {
            let base = old.iter().find(|o| o.path == f.path);
            (f.path.clone(), base.map(|o| o.content.clone()))
        })
        .collect();
    let plans = super::diff::compare(&bases, &new).map_err(|e| {
        io.say(format!("error: {e}"));
        Exit::Internal
    })?;
    match super::diff::loss_warning(&plans, io.color) {
        Some(warning) => {
            io.say(warning);
            Ok(true)
        }
        None => Ok(false),
    }
}

/// Asks (or, without a terminal, requires `--allow-data-loss`) before a change that loses
/// data. `removing` names the file `remove` would delete (`None`: `update` writes an edit).
/// `Ok(())` to go on.
fn accept_loss(io: &mut Io, common: &Common, removing: Option<&str>) -> Result<(), Exit> {
    let (verb, undone, keep) = match removing {
        None => ("writing", "nothing was written", "keep the old setting"),
        Some(_) => ("removing", "nothing was removed", "keep the file"),
    };
    if common.allow_data_loss {
        io.say(format!("--allow-data-loss: {verb} anyway"));
        return Ok(());
    }
    if common.yes || !io.interactive {
        io.say(format!("error: this change loses users or objects; {undone}\n  help: {keep}, or re-run with --allow-data-loss if losing them is intended"));
        return Err(Exit::Unsafe);
    }
    let question = match removing {
        None => "This change loses data (see the warning above). Write it anyway?".to_string(),
        Some(rel) => {
            format!("This change loses data (see the warning above). Remove {rel} anyway?")
        }
    };
    if confirm(io, &question, "No keeps every file as it is", false)? {
        Ok(())
    } else {
        io.say(undone);
        Err(Exit::Unsafe)
    }
}

/// Writes the JSON Schema an `add`ed file's `$schema` line points to, when it is missing.
fn ensure_schema(dir: &Path, kind: FileKind, io: &mut Io) -> Result<(), Exit> {
    let rel = format!("{PROJECT_SCHEMA_DIR}/{}.schema.json", kind.name());
    let path: PathBuf = dir.join(&rel);
    if path.exists() {
        return Ok(());
    }
    write_file(dir, &rel, &kind.schema_text(), io)?;
    io.say(format!("created {rel}"));
    Ok(())
}

fn write_file(dir: &Path, rel: &str, content: &str, io: &mut Io) -> Result<(), Exit> {
    write_atomic(&dir.join(rel), content).map_err(|e| {
        io.say(format!("error: cannot write {rel}: {e}"));
        Exit::Internal
    })
}

/// A unified diff of one file, colored on a terminal.
fn show_diff(io: &mut Io, path: &str, old: &str, new: &str) {
    let diff = similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string();
    let shown = io.colored_diff(&diff);
    io.say(shown.trim_end());
}

/// The `$schema` line and the first comment lines of a file written by `add`.
fn header(kind: FileKind, depth: usize, what: &str) -> String {
    format!(
        "# yaml-language-server: $schema={}.cogform/schemas/{}.schema.json\n# {what}\n# Written by `cogform add`; edit freely (`cogform update` keeps comments and layout).\n",
        "../".repeat(depth),
        kind.name()
    )
}

/// The serialized form of a configuration value.
fn to_value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// The auth.yaml path, re-exported for the submodules.
const AUTH: &str = AUTH_FILE;

/// The short comment above a top-level key of a file of `kind`.
fn comment(kind: FileKind, key: &str) -> Option<String> {
    let text = match (kind, key) {
        (FileKind::Auth, "login") => "How users sign in. Fixed once the user pool exists.",
        (FileKind::Auth, "sign_up") => "false: only administrators create users.",
        (FileKind::Auth, "password") => {
            "Password policy (min_length 8-99; classes every password contains)."
        }
        (FileKind::Auth, "mfa") => {
            "Multi-factor authentication: off | optional | required; methods: totp, sms."
        }
        (FileKind::Auth, "recovery") => {
            "Forgotten passwords: email | phone | email_then_phone | phone_then_email | admin_only."
        }
        (FileKind::Auth, "attributes") => {
            "What the pool stores. Required attributes and custom attribute types are fixed\nonce the pool exists; custom ones are custom:<name> in tokens."
        }
        (FileKind::Auth, "groups") => {
            "Groups get their own IAM role (chosen from the id token); precedence: lower wins."
        }
        (FileKind::Auth, "providers") => {
            "Sign-in with other identity providers, through the hosted UI. Secrets stay in\nAWS Secrets Manager: only references ({ secret, key }) are written here."
        }
        (FileKind::Auth, "hosted_ui") => {
            "Cognito's sign-in pages: <domain_prefix>-<environment>.auth.<region>.amazoncognito.com"
        }
        (FileKind::Auth, "clients") => "App clients (default: one public `web` client).",
        (FileKind::Auth, "identity_pool") => {
            "AWS credentials for signed-in users (and guests, read-only) through the identity pool."
        }
        (FileKind::Auth, "triggers") => {
            "Lambda triggers: a function of backend/functions/ ({ function: NAME }) or an ARN."
        }
        (FileKind::Auth, "plan") => {
            "Cognito's feature plan: lite | essentials (Cognito's default) | plus."
        }
        (FileKind::Auth, "passwordless") => {
            "Sign-in besides a password: email_otp, sms_otp, passkeys (bound to a domain:\nchanging it later makes every registered passkey useless)."
        }
        (FileKind::Auth, "email") => {
            "Email through your Amazon SES identity (needed for email codes and email MFA)."
        }
        (FileKind::Auth, "threat_protection") => {
            "Risk-based sign-in protection (plan plus): audit logs each sign-in's risk, enforced acts on it."
        }
        (FileKind::Storage, "default") => {
            "The bucket the Amplify Storage client uses when none is named."
        }
        (FileKind::Storage, "levels") => {
            "Amplify's access levels; actions: read (get + list), get, list, write, delete.\nAudiences: guest, authenticated, owner (the {identity_id} folder's user), groups."
        }
        (FileKind::Storage, "paths") => "Custom prefixes, in the same rule language.",
        (FileKind::Storage, "cors") => "Web origins that may use the bucket from a browser.",
        (FileKind::Api, "functions") => {
            "Lambda functions the routes call: an existing one by ARN, or code in this project."
        }
        (FileKind::Api, "paths") => {
            "Routes: path -> method -> function and authorization (iam: `allow` lists guest,\nauthenticated and groups; cognito_access_token: required `scopes`)."
        }
        (FileKind::Api, "cors") => "Web origins that may call the API from a browser.",
        (FileKind::Storage, "triggers") => {
            "Project functions called when objects are uploaded or deleted."
        }
        (FileKind::Function, "access") => {
            "What it may do: `auth` operations on this project's user pool; `storage`:\nbucket -> prefix -> read, get, list, write, delete."
        }
        (FileKind::Function, "environment") => {
            "Names and settings (never secrets); cogform adds BUCKET_<NAME> and USER_POOL_ID."
        }
        _ => return None,
    };
    Some(text.to_string())
}

/// The text of a new file of `kind` for `value` (defaults left out, except `keep`).
fn new_text<S: AsRef<str>>(
    kind: FileKind,
    value: &Value,
    defaults: &Value,
    keep: &[S],
    what: &str,
) -> String {
    let mut v = value.clone();
    crate::load::edit::prune(&mut v, defaults, keep, "");
    let depth = if kind == FileKind::Auth { 1 } else { 2 };
    crate::load::edit::document(&v, &header(kind, depth, what), &|k| comment(kind, k))
}

const AUTH_KEEP: [&str; 10] = [
    "/login/email",
    "/login/phone",
    "/login/username",
    "/password/min_length",
    "/password/require",
    "/mfa/mode",
    "/mfa/methods",
    "/recovery",
    "/groups",
    "/identity_pool/guest_access",
];

/// What a file of `kind` need not say (the defaults, as the serialized form spells them).
fn defaults(kind: FileKind, config: &Value) -> Value {
    match kind {
        FileKind::Auth => {
            let mut d = to_value(
                &serde_json::from_str::<crate::config::AuthConfig>("{}").unwrap_or_default(),
            );
            d["hosted_ui"] = serde_json::json!({ "scopes": ["openid", "email", "profile"] });
            // Attribute settings at their defaults go without saying (`{}` declares one).
            if let Some(attrs) = d["attributes"].as_object_mut() {
                for name in crate::config::auth::STANDARD_ATTRIBUTES {
                    attrs.insert(
                        name.into(),
                        serde_json::json!({ "required": false, "mutable": true }),
                    );
                }
                let custom: serde_json::Map<String, Value> = config["attributes"]["custom"]
                    .as_object()
                    .map(|m| {
                        m.keys()
                            .map(|k| (k.clone(), serde_json::json!({ "mutable": true })))
                            .collect()
                    })
                    .unwrap_or_default();
                attrs.insert("custom".into(), Value::Object(custom));
            }
            d
        }
        FileKind::Storage => {
            let mut d = to_value(&crate::prompts::storage::new_config());
            d["cors"] = serde_json::json!({
                "allowed_methods": ["GET", "HEAD", "PUT", "POST", "DELETE"],
                "max_age_seconds": 3000
            });
            d
        }
        FileKind::Function => to_value(&crate::prompts::function::new_config()),
        _ => {
            let mut d = to_value(&crate::prompts::api::new_config());
            d["cors"] = serde_json::json!({ "allow_any_origin": false });
            d
        }
    }
}

fn function_text(f: &crate::config::FunctionConfig) -> String {
    let v = to_value(f);
    new_text(
        FileKind::Function,
        &v,
        &defaults(FileKind::Function, &v),
        &["/runtime", "/handler", "/code", "/timeout"],
        "A Lambda function of this project: its code, what calls it and what it may do.",
    )
}

fn auth_text(a: &crate::config::AuthConfig) -> String {
    let v = to_value(a);
    // A declared attribute stays declared even when every setting of it is a default.
    let mut keep: Vec<String> = AUTH_KEEP.iter().map(|s| s.to_string()).collect();
    let declared = |m: &Value, at: &str| -> Vec<String> {
        m.as_object()
            .map(|o| {
                o.keys()
                    .filter(|k| *k != "custom")
                    .map(|k| format!("{at}/{}", crate::diagnostic::pointer_segment(k)))
                    .collect()
            })
            .unwrap_or_default()
    };
    keep.extend(declared(&v["attributes"], "/attributes"));
    keep.extend(declared(&v["attributes"]["custom"], "/attributes/custom"));
    new_text(
        FileKind::Auth,
        &v,
        &defaults(FileKind::Auth, &v),
        &keep,
        "Authentication (Cognito user pool) and AWS credentials (identity pool).",
    )
}

fn storage_text(s: &crate::config::StorageConfig) -> String {
    let v = to_value(s);
    new_text(
        FileKind::Storage,
        &v,
        &defaults(FileKind::Storage, &v),
        &["/default", "/levels"],
        "An S3 bucket (hardened, versioned, logged) and who may do what in it.",
    )
}

fn api_text(a: &crate::config::ApiConfig) -> String {
    let v = to_value(a);
    new_text(
        FileKind::Api,
        &v,
        &defaults(FileKind::Api, &v),
        &["/functions", "/paths"],
        "A REST API (API Gateway) whose routes call Lambda functions.",
    )
}
