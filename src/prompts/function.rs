//! The `add function` / `update function NAME` walkthrough: what calls the function (for
//! `add`), its runtime and code, and what it may do on the user pool and the buckets, each
//! answer checked by `validate`'s own rules with the function wired as answered.

use std::collections::BTreeMap;
use std::rc::Rc;

use clap::Args;

use super::check::Ctx;
use super::flags::{items, not_one_of, refused, twice};
use super::{Check, PromptError, Prompter, Q};
use crate::config::FunctionConfig;
use crate::config::api::{Code, LocalCode};
use crate::config::auth::Triggers;
use crate::config::function::{BucketEvent, FunctionAccess, PoolAction};
use crate::config::storage::Action;
use crate::load::paths::inside_by_form;
use crate::validate::api::RUNTIMES;

/// One flag per question of the walkthrough (`--yes` takes them without asking).
#[derive(Debug, Clone, Default, PartialEq, Eq, Args, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct FunctionFlags {
    /// What calls it: `none`, `api` (an API route you wire in backend/api/), a user pool
    /// trigger (`post_confirmation`, `pre_sign_up`, …) or `upload:BUCKET` / `delete:BUCKET`.
    #[arg(long, value_name = "CALLER")]
    pub called_by: Option<String>,
    /// With `upload:`/`delete:`: only keys starting with this, e.g. `uploads/` (empty: all).
    #[arg(long, value_name = "PREFIX")]
    pub prefix: Option<String>,
    /// The Lambda runtime (default nodejs22.x).
    #[arg(long, value_name = "RUNTIME")]
    pub runtime: Option<String>,
    /// The handler, `FILE.FUNCTION` (default index.handler).
    #[arg(long, value_name = "HANDLER")]
    pub handler: Option<String>,
    /// The folder of its code, relative to the project (default functions/NAME; made with a
    /// handler stub when it does not exist).
    #[arg(long, value_name = "DIR")]
    pub code: Option<String>,
    /// Seconds a call may run (a user pool trigger gets 5 at most from Cognito).
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<u32>,
    /// Megabytes of memory.
    #[arg(long, value_name = "MB")]
    pub memory: Option<u32>,
    /// User pool operations it may perform (comma-separated), e.g. `add_user_to_group`.
    #[arg(long, value_name = "OPERATIONS")]
    pub pool_access: Option<String>,
    /// Bucket access, `BUCKET:PREFIX=ACTIONS` (comma-separated; actions joined by `+`), e.g.
    /// `media:uploads/*=read,media:public/*=write`.
    #[arg(long, value_name = "GRANTS")]
    pub storage_access: Option<String>,
    /// Environment variables, `KEY=VALUE` (comma-separated).
    #[arg(long, value_name = "VARIABLES")]
    pub env: Option<String>,
}

/// What calls a new function; `add function` writes the wiring into the caller's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    Nothing,
    /// An API route, wired by hand or by `add api` / `update api` (a stub that answers it).
    Api,
    /// A user pool trigger (one of `Triggers::NAMES`).
    Pool(String),
    Bucket {
        event: BucketEvent,
        bucket: String,
        prefix: Option<String>,
    },
}

impl Caller {
    /// The `--called-by` value.
    pub fn flag(&self) -> String {
        match self {
            Caller::Nothing => "none".into(),
            Caller::Api => "api".into(),
            Caller::Pool(t) => t.clone(),
            Caller::Bucket { event, bucket, .. } => format!("{}:{bucket}", event_word(*event)),
        }
    }
}

fn event_word(e: BucketEvent) -> &'static str {
    match e {
        BucketEvent::Upload => "upload",
        BucketEvent::Delete => "delete",
    }
}

/// The answers of `add function`: the file, and what calls it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    pub config: FunctionConfig,
    pub caller: Caller,
}

/// The callers that can be chosen in `project`, as `--called-by` values: a trigger that already
/// calls a function is not offered (a trigger calls one function).
fn callers(ctx: &Ctx) -> Vec<String> {
    let mut out = vec!["none".to_string(), "api".to_string()];
    let mut triggers = ctx.project.auth.triggers.clone();
    out.extend(
        Triggers::NAMES
            .iter()
            .filter(|t| triggers.slot_mut(t).is_some_and(|slot| slot.is_none()))
            .map(|t| t.to_string()),
    );
    for s in &ctx.project.storage {
        out.push(format!("upload:{}", s.name));
        out.push(format!("delete:{}", s.name));
    }
    out
}

fn parse_caller(value: &str, prefix: Option<&str>) -> Caller {
    match value.split_once(':') {
        Some((event, bucket)) => Caller::Bucket {
            event: if event == "delete" {
                BucketEvent::Delete
            } else {
                BucketEvent::Upload
            },
            bucket: bucket.to_string(),
            prefix: prefix.filter(|p| !p.is_empty()).map(str::to_string),
        },
        None => match value {
            "none" => Caller::Nothing,
            "api" => Caller::Api,
            t => Caller::Pool(t.to_string()),
        },
    }
}

/// `add_user_to_group,list_users` → the operations, or why not.
pub fn parse_pool_access(text: &str) -> Result<Vec<PoolAction>, String> {
    let words = items(text, ',')?;
    twice(&words)?;
    let names: Vec<String> = PoolAction::ALL.iter().map(|a| a.name()).collect();
    let accepted: Vec<&str> = names.iter().map(String::as_str).collect();
    words
        .iter()
        .map(|w| {
            PoolAction::ALL
                .into_iter()
                .find(|a| a.name() == *w)
                .ok_or_else(|| not_one_of(w, "a user pool operation", &accepted))
        })
        .collect()
}

type StorageGrants = BTreeMap<String, BTreeMap<String, Vec<Action>>>;

/// `media:uploads/*=read+delete,media:public/*=write` → bucket → prefix → actions.
pub fn parse_storage_access(text: &str) -> Result<StorageGrants, String> {
    let mut out: StorageGrants = BTreeMap::new();
    for item in items(text, ',')? {
        let (target, actions) = item
            .split_once('=')
            .ok_or_else(|| format!("`{item}` is not BUCKET:PREFIX=ACTIONS"))?;
        let (bucket, prefix) = target
            .split_once(':')
            .ok_or_else(|| format!("`{target}` is not BUCKET:PREFIX (e.g. media:uploads/*)"))?;
        let mut parsed = Vec::new();
        for a in items(actions, '+')? {
            let action = match a.as_str() {
                "read" => Action::Read,
                "get" => Action::Get,
                "list" => Action::List,
                "write" => Action::Write,
                "delete" => Action::Delete,
                other => {
                    return Err(not_one_of(
                        other,
                        "a storage action",
                        &["read", "get", "list", "write", "delete"],
                    ));
                }
            };
            if parsed.contains(&action) {
                return Err(format!("`{a}` is listed twice for {target}"));
            }
            parsed.push(action);
        }
        if out
            .entry(bucket.to_string())
            .or_default()
            .insert(prefix.to_string(), parsed)
            .is_some()
        {
            return Err(format!("{target} is listed twice"));
        }
    }
    Ok(out)
}

/// `A=1,B=2` → the variables.
pub fn parse_env(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    for item in items(text, ',')? {
        let (k, v) = item
            .split_once('=')
            .ok_or_else(|| format!("`{item}` is not KEY=VALUE"))?;
        if out.insert(k.trim().to_string(), v.to_string()).is_some() {
            return Err(format!("`{k}` is listed twice"));
        }
    }
    Ok(out)
}

/// The `--storage-access` text of `grants`.
pub fn storage_access_text(grants: &StorageGrants) -> String {
    let mut out = Vec::new();
    for (bucket, prefixes) in grants {
        for (prefix, actions) in prefixes {
            let words: Vec<String> = actions
                .iter()
                .map(|a| format!("{a:?}").to_lowercase())
                .collect();
            out.push(format!("{bucket}:{prefix}={}", words.join("+")));
        }
    }
    out.join(",")
}

/// The `--env` text of `vars`.
pub fn env_text(vars: &BTreeMap<String, String>) -> String {
    vars.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// A typed whole number of `unit`.
fn number(answer: &str, unit: &str) -> Result<u32, String> {
    answer
        .trim()
        .parse()
        .map_err(|_| format!("`{answer}` is not a number of {unit}"))
}

/// The configuration a new function starts from.
pub fn new_config() -> FunctionConfig {
    FunctionConfig {
        runtime: "nodejs22.x".into(),
        handler: "index.handler".into(),
        code: Code::Local(LocalCode {
            path: String::new(),
        }),
        timeout: 10,
        memory: 256,
        environment: BTreeMap::new(),
        access: FunctionAccess::default(),
        log_retention_days: 365,
    }
}

/// Checks a new function's name (the file name, part of the function's name).
pub fn name_check(ctx: &Rc<Ctx>) -> Check {
    let ctx = ctx.clone();
    Check::new(move |name| {
        super::check::new_name_problem(
            name,
            " (part of the function's name)",
            ctx.project.functions.iter().any(|f| f.name == name),
            &super::check::function_file(name),
            "function",
        )
    })
}

/// Problems of the flag values, read strictly before any question.
pub fn flag_problems(
    ctx: &Ctx,
    name: &str,
    base: &FunctionConfig,
    f: &FunctionFlags,
    adding: bool,
) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(c) = &f.called_by {
        let accepted = callers(ctx);
        let words: Vec<&str> = accepted.iter().map(String::as_str).collect();
        if !adding {
            out.push(refused("--called-by", c, "`update function` keeps the wiring: change the caller's file (backend/auth.yaml `triggers`, a bucket's `triggers`, an API route)"));
        } else if let Caller::Pool(t) = parse_caller(c, None)
            && let Some(current) = ctx
                .project
                .auth
                .clone()
                .triggers
                .slot_mut(&t)
                .and_then(|s| s.clone())
        {
            let what = match current {
                crate::config::auth::TriggerTarget::Arn(a) => format!("`{a}`"),
                crate::config::auth::TriggerTarget::Function(r) => {
                    format!("the function `{}`", r.function)
                }
            };
            out.push(refused("--called-by", c, &format!("backend/auth.yaml's `triggers.{t}` already calls {what}; a trigger calls one function")));
        } else if !words.contains(&c.as_str()) {
            out.push(refused(
                "--called-by",
                c,
                &not_one_of(c, "a caller", &words),
            ));
        }
    }
    if let Some(r) = &f.runtime
        && !RUNTIMES.contains(&r.as_str())
    {
        out.push(refused(
            "--runtime",
            r,
            &not_one_of(r, "a Lambda runtime", &RUNTIMES),
        ));
    }
    for (flag, value, parse) in [
        (
            "--pool-access",
            &f.pool_access,
            parse_pool_access(f.pool_access.as_deref().unwrap_or("")).err(),
        ),
        (
            "--storage-access",
            &f.storage_access,
            parse_storage_access(f.storage_access.as_deref().unwrap_or("")).err(),
        ),
        (
            "--env",
            &f.env,
            parse_env(f.env.as_deref().unwrap_or("")).err(),
        ),
    ] {
        if let (Some(v), Some(why)) = (value, parse) {
            out.push(refused(flag, v, &why));
        }
    }
    if f.prefix.is_some() && !f.called_by.as_deref().is_some_and(|c| c.contains(':')) {
        out.push(refused(
            "--prefix",
            f.prefix.as_deref().unwrap_or_default(),
            "a prefix filters a bucket's events: it goes with --called-by upload:BUCKET or delete:BUCKET",
        ));
    }
    if out.is_empty() {
        out.extend(rule_problems(ctx, name, base, f, adding));
    }
    out
}

/// The flag values that read well but break a rule (a grant the bucket lacks, a handler that
/// would call itself…), each checked as its question checks it: with the other flags' values,
/// wired to the caller the flags name, so no question refuses what the flags were allowed.
fn rule_problems(
    ctx: &Ctx,
    name: &str,
    base: &FunctionConfig,
    f: &FunctionFlags,
    adding: bool,
) -> Vec<String> {
    let mut out = Vec::new();
    let caller = match (&f.called_by, adding) {
        (Some(c), true) => parse_caller(c, f.prefix.as_deref()),
        _ => Caller::Nothing,
    };
    if let (Some(p), Caller::Bucket { .. }) = (&f.prefix, &caller)
        && let Err(why) = ctx.caller_problem(name, &caller)
    {
        out.push(refused("--prefix", p, &why));
    }
    let mut c = base.clone();
    if adding {
        let (timeout, pool, grants, env) = implied(ctx, &caller);
        (c.timeout, c.access.auth, c.access.storage, c.environment) = (timeout, pool, grants, env);
    }
    if let Some(t) = f.timeout {
        c.timeout = t;
    }
    if let Some(m) = f.memory {
        c.memory = m;
    }
    if let Some(h) = &f.handler {
        c.handler = h.clone();
    }
    if let Some(v) = &f.pool_access {
        c.access.auth = parse_pool_access(v).unwrap_or_default();
    }
    if let Some(v) = &f.storage_access {
        c.access.storage = parse_storage_access(v).unwrap_or_default();
    }
    if let Some(v) = &f.env {
        c.environment = parse_env(v).unwrap_or_default();
    }
    let given = [
        ("--handler", f.handler.clone(), "/handler"),
        ("--timeout", f.timeout.map(|t| t.to_string()), "/timeout"),
        ("--memory", f.memory.map(|m| m.to_string()), "/memory"),
        ("--pool-access", f.pool_access.clone(), "/access/auth"),
        (
            "--storage-access",
            f.storage_access.clone(),
            "/access/storage",
        ),
        ("--env", f.env.clone(), "/environment"),
    ];
    for (flag, value, pointer) in given {
        if let Some(v) = value
            && let Err(why) = ctx.function(name, &c, &caller, pointer)
        {
            out.push(refused(flag, &v, &why));
        }
    }
    out
}

/// What a caller implies for a new function: timeout, pool access, bucket grants, variables.
fn implied(
    ctx: &Ctx,
    caller: &Caller,
) -> (
    u32,
    Vec<PoolAction>,
    StorageGrants,
    BTreeMap<String, String>,
) {
    match caller {
        Caller::Pool(t) if t == "post_confirmation" => {
            let mut env = BTreeMap::new();
            if let Some(g) = ctx.project.auth.groups.iter().max_by_key(|g| g.precedence) {
                env.insert("DEFAULT_GROUP".into(), g.name.clone());
            }
            (5, vec![PoolAction::AddUserToGroup], BTreeMap::new(), env)
        }
        Caller::Pool(_) => (5, Vec::new(), BTreeMap::new(), BTreeMap::new()),
        Caller::Bucket {
            event: BucketEvent::Upload,
            bucket,
            prefix,
        } => {
            let from = prefix.clone().unwrap_or_default();
            let mut grants: StorageGrants = BTreeMap::new();
            let mut env = BTreeMap::new();
            let public = ctx
                .project
                .storage
                .iter()
                .find(|s| &s.name == bucket)
                .is_some_and(|s| s.config.levels.public.is_some());
            if !from.is_empty() {
                grants
                    .entry(bucket.clone())
                    .or_default()
                    .insert(format!("{from}*"), vec![Action::Read]);
                env.insert("SOURCE_PREFIX".into(), from.clone());
            }
            if public && from != "public/" && !from.is_empty() {
                grants
                    .entry(bucket.clone())
                    .or_default()
                    .insert("public/*".into(), vec![Action::Write]);
                env.insert("TARGET_PREFIX".into(), "public/".into());
            }
            (30, Vec::new(), grants, env)
        }
        Caller::Bucket { .. } => (30, Vec::new(), BTreeMap::new(), BTreeMap::new()),
        Caller::Api | Caller::Nothing => (10, Vec::new(), BTreeMap::new(), BTreeMap::new()),
    }
}

/// The walkthrough for the function `name`, starting from `base` (the current file for
/// `update`, [`new_config`] for `add`). `adding`: also asks what calls it.
pub fn ask(
    p: &mut dyn Prompter,
    ctx: &Rc<Ctx>,
    name: &str,
    base: &FunctionConfig,
    f: &FunctionFlags,
    adding: bool,
) -> Result<Answers, PromptError> {
    let mut c = base.clone();
    let caller = if adding {
        ask_caller(p, ctx, name, f)?
    } else {
        Caller::Nothing
    };
    let (timeout, pool, grants, env) = if adding {
        implied(ctx, &caller)
    } else {
        (
            c.timeout,
            c.access.auth.clone(),
            c.access.storage.clone(),
            c.environment.clone(),
        )
    };
    // Each answer is checked in the function as answered so far (`base`), wired to `caller`.
    let check = |base: &FunctionConfig,
                 pointer: &'static str,
                 caller: Caller,
                 make: fn(&mut FunctionConfig, &str) -> Result<(), String>| {
        let ctx = ctx.clone();
        let name = name.to_string();
        let base = base.clone();
        Check::new(move |answer| {
            let mut candidate = base.clone();
            make(&mut candidate, answer)?;
            ctx.function(&name, &candidate, &caller, pointer)
        })
    };

    let current = RUNTIMES
        .iter()
        .position(|r| *r == f.runtime.as_deref().unwrap_or(&c.runtime))
        .unwrap_or(0);
    let i = p.select(
        &Q::new(
            "--runtime",
            "Which runtime?",
            "cogform writes a handler stub for Node.js runtimes",
        ),
        &RUNTIMES,
        current,
    )?;
    c.runtime = RUNTIMES[i].to_string();
    c.handler = p.text(
        &Q::new(
            "--handler",
            "Handler?",
            "FILE.FUNCTION: index.handler calls `handler` of index.mjs",
        ),
        f.handler.as_deref().unwrap_or(&c.handler),
        &check(&c, "/handler", caller.clone(), |c, a| {
            c.handler = a.to_string();
            Ok(())
        }),
    )?;
    let code_default = match &c.code {
        Code::Local(l) if !l.path.is_empty() => l.path.clone(),
        _ => format!("functions/{name}"),
    };
    let code = p.text(
        &Q::new(
            "--code",
            "Folder of its code?",
            "Relative to the project; made with a handler stub when it does not exist",
        ),
        f.code.as_deref().unwrap_or(&code_default),
        &Check::new(|a| {
            if inside_by_form(a) {
                Ok(())
            } else {
                Err("a relative path inside the project, without `..`".into())
            }
        }),
    )?;
    c.code = Code::Local(LocalCode { path: code });
    let timeout_text = p.text(
        &Q::new(
            "--timeout",
            "Timeout in seconds?",
            "1–900; Cognito gives a trigger 5 seconds, API Gateway a route 29",
        ),
        &f.timeout.unwrap_or(timeout).to_string(),
        &check(&c, "/timeout", caller.clone(), |c, a| {
            c.timeout = number(a, "seconds")?;
            Ok(())
        }),
    )?;
    c.timeout = timeout_text.trim().parse().unwrap_or(timeout);
    let memory_text = p.text(
        &Q::new("--memory", "Memory in MB?", "128–10240 (CPU grows with it)"),
        &f.memory.unwrap_or(c.memory).to_string(),
        &check(&c, "/memory", caller.clone(), |c, a| {
            c.memory = number(a, "megabytes")?;
            Ok(())
        }),
    )?;
    c.memory = memory_text.trim().parse().unwrap_or(c.memory);

    let names: Vec<String> = PoolAction::ALL.iter().map(|a| a.name()).collect();
    let options: Vec<&str> = names.iter().map(String::as_str).collect();
    let wanted = match &f.pool_access {
        Some(text) => parse_pool_access(text).unwrap_or_default(),
        None => pool,
    };
    let defaults: Vec<usize> = PoolAction::ALL
        .iter()
        .enumerate()
        .filter(|(_, a)| wanted.contains(a))
        .map(|(i, _)| i)
        .collect();
    let chosen = p.multi_select(
        &Q::new(
            "--pool-access",
            "What may it do on the user pool?",
            "Each operation is the exact cognito-idp action(s) on this project's pool only",
        ),
        &options,
        &defaults,
        &check(&c, "/access/auth", caller.clone(), |c, a| {
            c.access.auth = parse_pool_access(a)?;
            Ok(())
        }),
    )?;
    c.access.auth = chosen.iter().map(|i| PoolAction::ALL[*i]).collect();
    let storage = p.text(
        &Q::new("--storage-access", "What may it do in the buckets?", "BUCKET:PREFIX=ACTIONS, comma-separated, e.g. media:uploads/*=read,media:public/*=write (empty: nothing)"),
        &f.storage_access.clone().unwrap_or_else(|| storage_access_text(&grants)),
        &check(&c, "/access/storage", caller.clone(), |c, a| {
            c.access.storage = parse_storage_access(a)?;
            Ok(())
        }),
    )?;
    c.access.storage = parse_storage_access(&storage).unwrap_or_default();
    let variables = p.text(
        &Q::new("--env", "Environment variables?", "KEY=VALUE, comma-separated: names and settings, never secrets (cogform adds BUCKET_<NAME> and USER_POOL_ID itself)"),
        &f.env.clone().unwrap_or_else(|| env_text(&env)),
        &check(&c, "/environment", caller.clone(), |c, a| {
            c.environment = parse_env(a)?;
            Ok(())
        }),
    )?;
    c.environment = parse_env(&variables).unwrap_or_default();
    Ok(Answers { config: c, caller })
}

fn ask_caller(
    p: &mut dyn Prompter,
    ctx: &Rc<Ctx>,
    name: &str,
    f: &FunctionFlags,
) -> Result<Caller, PromptError> {
    let values = callers(ctx);
    // Each option starts with its `--called-by` value, so the flag is learnt by choosing.
    let labels: Vec<String> = values
        .iter()
        .map(|v| {
            let what = match parse_caller(v, None) {
                Caller::Nothing => "nothing yet (wire it later)".to_string(),
                Caller::Api => "an API route (name it in backend/api/<api>.yaml)".to_string(),
                Caller::Pool(t) => format!("the user pool's {} trigger", t.replace('_', " ")),
                Caller::Bucket { event, bucket, .. } => {
                    format!("the bucket {bucket}, on {}", event_word(event))
                }
            };
            format!("{v} — {what}")
        })
        .collect();
    let options: Vec<&str> = labels.iter().map(String::as_str).collect();
    let default = f
        .called_by
        .as_deref()
        .and_then(|c| values.iter().position(|v| v == c))
        .unwrap_or(0);
    let i = p.select(
        &Q::new("--called-by", "What calls the function?", "cogform writes the wiring into the caller's file and a handler stub that does what it implies"),
        &options,
        default,
    )?;
    let caller = parse_caller(&values[i], None);
    let Caller::Bucket { event, bucket, .. } = caller else {
        return Ok(caller);
    };
    let has_uploads = ctx
        .project
        .storage
        .iter()
        .find(|s| s.name == bucket)
        .is_some_and(|s| s.config.levels.uploads.is_some());
    let default_prefix = if event == BucketEvent::Upload && has_uploads {
        "uploads/"
    } else {
        ""
    };
    let ctx2 = ctx.clone();
    let (name2, bucket2) = (name.to_string(), bucket.clone());
    let prefix = p.text(
        &Q::new(
            "--prefix",
            "Only for keys starting with?",
            "e.g. uploads/ (empty: every key of the bucket)",
        ),
        f.prefix.as_deref().unwrap_or(default_prefix),
        &Check::new(move |a| {
            let caller = Caller::Bucket {
                event,
                bucket: bucket2.clone(),
                prefix: (!a.is_empty()).then(|| a.to_string()),
            };
            ctx2.caller_problem(&name2, &caller)
        }),
    )?;
    Ok(Caller::Bucket {
        event,
        bucket,
        prefix: (!prefix.is_empty()).then_some(prefix),
    })
}

/// The flags of `add function NAME --yes` that give these answers again.
pub fn replay(a: &Answers, adding: bool) -> Vec<String> {
    let c = &a.config;
    let mut out = Vec::new();
    if adding {
        out.push(format!("--called-by={}", a.caller.flag()));
        if let Caller::Bucket { prefix, .. } = &a.caller {
            out.push(format!("--prefix={}", prefix.as_deref().unwrap_or("")));
        }
    }
    out.push(format!("--runtime={}", c.runtime));
    out.push(format!("--handler={}", c.handler));
    if let Code::Local(l) = &c.code {
        out.push(format!("--code={}", l.path));
    }
    out.push(format!("--timeout={}", c.timeout));
    out.push(format!("--memory={}", c.memory));
    let pool: Vec<String> = c.access.auth.iter().map(|a| a.name()).collect();
    out.push(format!("--pool-access={}", pool.join(",")));
    out.push(format!(
        "--storage-access={}",
        storage_access_text(&c.access.storage)
    ));
    out.push(format!("--env={}", env_text(&c.environment)));
    out
}

/// The handler stubs `add function` writes, by file under templates/handlers/ (registered
/// here and checked against the folder like the CloudFormation templates).
pub const HANDLER_STUBS: &[(&str, &str)] = &[
    (
        "post_confirmation.mjs",
        include_str!("../../templates/handlers/post_confirmation.mjs"),
    ),
    (
        "upload.mjs",
        include_str!("../../templates/handlers/upload.mjs"),
    ),
    ("api.mjs", include_str!("../../templates/handlers/api.mjs")),
    (
        "blank.mjs",
        include_str!("../../templates/handlers/blank.mjs"),
    ),
];

/// The placeholder of the API stub for the environment variable naming its bucket.
const BUCKET_PLACEHOLDER: &str = "__BUCKET_VAR__";

/// The handler stub for a new function (file name in its code folder, content): one that does
/// what its caller implies. `None` for a runtime without stubs (anything but Node.js) or a
/// handler that is not `FILE.FUNCTION` of an `.mjs` module.
pub fn stub(config: &FunctionConfig, caller: &Caller) -> Option<(String, String)> {
    if !config.runtime.starts_with("nodejs") {
        return None;
    }
    let (file, export) = config.handler.rsplit_once('.')?;
    if file.is_empty() || file.contains('/') || export != "handler" {
        return None;
    }
    let bucket = config.access.storage.keys().next();
    let which = match caller {
        Caller::Pool(t) if t == "post_confirmation" => "post_confirmation.mjs",
        Caller::Bucket {
            event: BucketEvent::Upload,
            ..
        } => "upload.mjs",
        Caller::Api if bucket.is_some() => "api.mjs",
        _ => "blank.mjs",
    };
    let text = HANDLER_STUBS.iter().find(|(n, _)| *n == which)?.1;
    let text = match bucket {
        Some(b) => text.replace(
            BUCKET_PLACEHOLDER,
            &crate::config::function::bucket_variable(b),
        ),
        None => text.to_string(),
    };
    Some((format!("{file}.mjs"), text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Category, Document};
    use crate::prompts::check::tests::{default_auth, project_with};
    use crate::prompts::scripted::{Answer::*, Scripted, text};

    /// A project with groups ADMINS (0) and READERS (1) and a bucket `media` with public and
    /// uploads levels.
    fn ctx() -> Rc<Ctx> {
        let mut auth = default_auth();
        auth.groups = ["ADMINS", "READERS"]
            .iter()
            .enumerate()
            .map(|(i, g)| crate::config::auth::Group {
                name: g.to_string(),
                precedence: i as u32,
                description: None,
                policies: Vec::new(),
            })
            .collect();
        let mut project = project_with(auth);
        let media: crate::config::StorageConfig = serde_json::from_value(serde_json::json!({
            "levels": {"public": {"authenticated": ["read"]}, "uploads": {"authenticated": ["write"]}}
        }))
        .unwrap();
        project.storage.push(Category {
            name: "media".into(),
            config: media,
            doc: Document {
                file: "backend/storage/media.yaml".into(),
                spans: std::default::Default::default(),
            },
        });
        Ctx::new(project)
    }

    #[test]
    fn a_post_confirmation_trigger_gets_group_access_its_group_and_5_seconds() {
        let flags = FunctionFlags {
            called_by: Some("post_confirmation".into()),
            ..std::default::Default::default()
        };
        let mut p = crate::prompts::Defaults::default();
        let a = ask(&mut p, &ctx(), "add-to-group", &new_config(), &flags, true).unwrap();
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(a.caller, Caller::Pool("post_confirmation".into()));
        assert_eq!(a.config.access.auth, vec![PoolAction::AddUserToGroup]);
        assert_eq!(a.config.timeout, 5);
        // The group with the highest precedence number: the least privileged one.
        assert_eq!(a.config.environment["DEFAULT_GROUP"], "READERS");
        let (file, stub) = stub(&a.config, &a.caller).unwrap();
        assert_eq!(file, "index.mjs");
        assert_eq!(stub, HANDLER_STUBS[0].1);
    }

    #[test]
    fn an_upload_handler_reads_its_prefix_and_writes_public() {
        let mut p = Scripted::new(vec![
            Select(12),                    // the bucket media: on upload
            text("uploads/"),              // prefix
            Default,                       // runtime
            Default,                       // handler
            Default,                       // code
            Default,                       // timeout
            Default,                       // memory
            Default,                       // pool access
            text("media:uploads/*=write"), // refused: it would call itself
            Default,                       // storage access as implied
            Default,                       // env
        ]);
        let a = ask(
            &mut p,
            &ctx(),
            "publish",
            &new_config(),
            &FunctionFlags::default(),
            true,
        )
        .unwrap();
        assert!(p.finished(), "{:#?}", p.asked);
        assert_eq!(
            a.caller,
            Caller::Bucket {
                event: BucketEvent::Upload,
                bucket: "media".into(),
                prefix: Some("uploads/".into())
            }
        );
        assert_eq!(
            storage_access_text(&a.config.access.storage),
            "media:public/*=write,media:uploads/*=read"
        );
        assert_eq!(
            env_text(&a.config.environment),
            "SOURCE_PREFIX=uploads/,TARGET_PREFIX=public/"
        );
        assert_eq!(a.config.timeout, 30);
        assert_eq!(stub(&a.config, &a.caller).unwrap().1, HANDLER_STUBS[1].1);
    }

    #[test]
    fn flag_values_are_read_strictly() {
        let flags = FunctionFlags {
            called_by: Some("upload:medai".into()),
            pool_access: Some("add_user_to_grup".into()),
            storage_access: Some("media:public/*=wirte".into()),
            env: Some("A".into()),
            prefix: None,
            runtime: Some("nodejs12.x".into()),
            ..std::default::Default::default()
        };
        let problems = flag_problems(&ctx(), "f", &new_config(), &flags, true);
        assert_eq!(problems.len(), 5, "{problems:#?}");
        assert!(
            problems[0].contains("did you mean `upload:media`?"),
            "{}",
            problems[0]
        );
        assert!(problems[2].contains("did you mean `add_user_to_group`?"));
        assert!(problems[3].contains("did you mean `write`?"));
        assert!(problems[4].contains("`A` is not KEY=VALUE"));
        let update = flag_problems(
            &ctx(),
            "f",
            &new_config(),
            &FunctionFlags {
                called_by: Some("none".into()),
                ..std::default::Default::default()
            },
            false,
        );
        assert_eq!(update.len(), 1);
        assert!(update[0].contains("keeps the wiring"));
    }

    #[test]
    fn a_trigger_that_calls_a_function_already_is_neither_offered_nor_taken() {
        let mut project = ctx().project.clone();
        *project.auth.triggers.slot_mut("post_confirmation").unwrap() =
            Some(crate::config::auth::TriggerTarget::Arn(
                "arn:aws:lambda:eu-west-1:123456789012:function:f".into(),
            ));
        let ctx = Ctx::new(project);
        assert!(!callers(&ctx).contains(&"post_confirmation".to_string()));
        assert!(callers(&ctx).contains(&"pre_sign_up".to_string()));
        let flags = FunctionFlags {
            called_by: Some("post_confirmation".into()),
            ..std::default::Default::default()
        };
        let problems = flag_problems(&ctx, "f", &new_config(), &flags, true);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .contains("already calls `arn:aws:lambda:eu-west-1:123456789012:function:f`"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn stubs_follow_the_runtime_the_handler_and_the_bucket() {
        let mut c = new_config();
        c.access.storage = parse_storage_access("media-2:public/*=list").unwrap();
        let (_, api) = stub(&c, &Caller::Api).unwrap();
        assert!(!api.contains(BUCKET_PLACEHOLDER));
        assert_eq!(
            api,
            HANDLER_STUBS[2]
                .1
                .replace(BUCKET_PLACEHOLDER, "BUCKET_MEDIA_2")
        );
        assert_eq!(stub(&c, &Caller::Nothing).unwrap().1, HANDLER_STUBS[3].1);
        c.handler = "main.handler".into();
        assert_eq!(stub(&c, &Caller::Nothing).unwrap().0, "main.mjs");
        c.runtime = "python3.13".into();
        assert_eq!(stub(&c, &Caller::Nothing), None);
    }

    #[test]
    fn replay_gives_the_answers_again() {
        let flags = FunctionFlags {
            called_by: Some("upload:media".into()),
            prefix: Some("uploads/".into()),
            ..std::default::Default::default()
        };
        let mut p = crate::prompts::Defaults::default();
        let a = ask(&mut p, &ctx(), "f", &new_config(), &flags, true).unwrap();
        let words = replay(&a, true);
        assert_eq!(words[0], "--called-by=upload:media");
        assert_eq!(words[1], "--prefix=uploads/");
        assert!(
            words.contains(
                &"--storage-access=media:public/*=write,media:uploads/*=read".to_string()
            )
        );
    }
}
