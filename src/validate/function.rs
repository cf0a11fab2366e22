//! Rules for `backend/functions/*.yaml` and for the places that call a project function: a
//! user pool trigger (`triggers.<trigger>: { function: NAME }` of auth.yaml) and a bucket's
//! `triggers` (API routes are checked with the API, `validate::api`).

use std::collections::BTreeSet;

use crate::config::FunctionConfig;
use crate::config::function::{BucketEvent, USER_POOL_VARIABLE, bucket_variable};
use crate::config::storage::{Action, StorageConfig};
use crate::diagnostic::{Diagnostic, pointer_segment};
use crate::load::schema::suggestion;
use crate::load::{Category, FUNCTIONS_DIR, Project};
use crate::render::function::callers;
use crate::render::storage::OWNER_PLACEHOLDER;
use crate::validate::api::{created_function, retention};

/// Seconds Cognito waits for a trigger before failing the sign-up or sign-in.
const COGNITO_TRIGGER_SECONDS: u32 = 5;
/// Seconds API Gateway waits for an integration.
const API_SECONDS: u32 = 29;
/// Lambda's limit on the environment variables' names and values together.
const ENVIRONMENT_BYTES: usize = 4096;

pub fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    for f in &project.functions {
        function(project, f, out);
    }
    triggers(project, out);
    for bucket in &project.storage {
        bucket_triggers(project, bucket, out);
    }
    upload_loops(project, out);
}

/// Warnings: what is legal but cannot work as written.
pub fn warnings(project: &Project) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for f in &project.functions {
        let calls = callers(project, &f.name);
        let doc = &f.doc;
        if calls.pool_trigger && f.config.timeout > COGNITO_TRIGGER_SECONDS {
            out.push(doc.at("/timeout", format!(
                "is {} seconds, and Cognito waits at most {COGNITO_TRIGGER_SECONDS} seconds for a trigger (then fails the sign-up or sign-in)",
                f.config.timeout
            )).with_help(format!("set `timeout: {COGNITO_TRIGGER_SECONDS}` or less")));
        } else if calls.api && f.config.timeout > API_SECONDS {
            out.push(doc.at(
                "/timeout",
                format!(
                    "is {} seconds, and API Gateway answers 504 after {API_SECONDS} seconds",
                    f.config.timeout
                ),
            ));
        }
        if !calls.pool_trigger && !calls.bucket && !calls.api {
            out.push(
                doc.at_key("", "nothing calls this function").with_help(
                    "wire it: `triggers.<trigger>: { function: NAME }` in backend/auth.yaml, a bucket's `triggers`, or an API route's `function`",
                ),
            );
        }
        for key in f.config.environment.keys() {
            let upper = key.to_ascii_uppercase();
            if [
                "SECRET",
                "PASSWORD",
                "TOKEN",
                "PRIVATE_KEY",
                "API_KEY",
                "CREDENTIAL",
            ]
            .iter()
            .any(|w| upper.contains(w))
            {
                out.push(
                    doc.at_key(
                        &format!("/environment/{}", pointer_segment(key)),
                        "looks like a secret: environment variables are readable by anyone who may read the function's configuration",
                    )
                    .with_help("keep the secret in AWS Secrets Manager and put its name here; read it at run time"),
                );
            }
        }
    }
    out
}

fn function(project: &Project, f: &Category<FunctionConfig>, out: &mut Vec<Diagnostic>) {
    let doc = &f.doc;
    let cfg = &f.config;
    created_function(project, &cfg.runtime, &cfg.handler, &cfg.code, doc, "", out);
    let full =
        project.config.project.len() + f.name.len() + project.config.longest_environment_name() + 2;
    if full > 64 {
        out.push(doc.at_key(
            "",
            "the function name `<project>-<function>-<environment>` would exceed Lambda's 64 characters",
        ));
    }
    retention(cfg.log_retention_days, doc, out);
    environment(project, f, out);
    storage_access(project, f, out);
    let calls = callers(project, &f.name);
    if !cfg.access.auth.is_empty() && calls.pool_trigger && (calls.bucket || calls.api) {
        out.push(
            doc.at(
                "/access/auth",
                "this function is a trigger of the user pool and is also called by a bucket or an API: it cannot be told the pool's id (the pool already depends on it, so naming the pool would make a circular dependency), and only its trigger events carry it",
            )
            .with_help("split it in two: one function for the trigger, another for the bucket or API"),
        );
    }
}

/// Names Lambda reserves, and the ones cogform adds (`USER_POOL_ID` not to a pool trigger,
/// which reads the pool from its event).
fn environment(project: &Project, f: &Category<FunctionConfig>, out: &mut Vec<Diagnostic>) {
    let cfg = &f.config;
    let pool_id = !cfg.access.auth.is_empty() && !callers(project, &f.name).pool_trigger;
    let added: BTreeSet<String> = cfg
        .access
        .storage
        .keys()
        .map(|b| bucket_variable(b))
        .chain(pool_id.then(|| USER_POOL_VARIABLE.to_string()))
        .collect();
    let mut bytes = 0;
    for (key, value) in &cfg.environment {
        bytes += key.len() + value.len();
        let ptr = format!("/environment/{}", pointer_segment(key));
        let form = key.starts_with(|c: char| c.is_ascii_alphabetic())
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !form {
            out.push(f.doc.at_key(
                &ptr,
                "an environment variable name is a letter followed by letters, digits or `_`",
            ));
        } else if key.starts_with("AWS_")
            || ["LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR"].contains(&key.as_str())
        {
            out.push(
                f.doc
                    .at_key(&ptr, "is reserved by Lambda, which sets it itself"),
            );
        } else if added.contains(key) {
            out.push(
                f.doc
                    .at_key(&ptr, "is set by cogform from the function's `access`")
                    .with_help("remove it; the function reads the value cogform sets"),
            );
        }
    }
    if bytes > ENVIRONMENT_BYTES {
        out.push(f.doc.at(
            "/environment",
            format!("holds {bytes} bytes; Lambda allows {ENVIRONMENT_BYTES} for all variables"),
        ));
    }
}

/// The prefixes a bucket defines, as `access` keys (`public/*`, `protected/*`, `albums/*`).
fn bucket_prefixes(bucket: &StorageConfig) -> Vec<String> {
    bucket
        .levels
        .paths()
        .into_iter()
        .map(|(p, _, _)| p.to_string())
        .chain(bucket.paths.keys().cloned())
        .map(|p| match p.split_once(OWNER_PLACEHOLDER) {
            Some((fixed, _)) => format!("{fixed}*"),
            None => p,
        })
        .collect()
}

fn storage_access(project: &Project, f: &Category<FunctionConfig>, out: &mut Vec<Diagnostic>) {
    let doc = &f.doc;
    for (bucket, prefixes) in &f.config.access.storage {
        let ptr = format!("/access/storage/{}", pointer_segment(bucket));
        let Some(storage) = project.storage.iter().find(|s| &s.name == bucket) else {
            let known: Vec<String> = project.storage.iter().map(|s| s.name.clone()).collect();
            let mut d = doc.at_key(&ptr, format!("no bucket `{bucket}` in backend/storage/"));
            d = d.with_help(
                suggestion(bucket, &known)
                    .unwrap_or_else(|| format!("add it with `cogform add storage {bucket}`")),
            );
            out.push(d);
            continue;
        };
        if prefixes.is_empty() {
            out.push(doc.at(&ptr, "grants nothing: name prefixes and actions"));
        }
        let known = bucket_prefixes(&storage.config);
        for (prefix, actions) in prefixes {
            let pptr = format!("{ptr}/{}", pointer_segment(prefix));
            if actions.is_empty() {
                out.push(doc.at(
                    &pptr,
                    "grants nothing: list `read`, `get`, `list`, `write` or `delete`",
                ));
            }
            let inside = prefix.ends_with("/*")
                && !prefix.contains(['{', '}', '?'])
                && prefix.matches('*').count() == 1
                && known
                    .iter()
                    .any(|k| prefix.starts_with(k.trim_end_matches('*')));
            if !inside {
                let mut d = doc.at_key(
                    &pptr,
                    format!(
                        "is not a prefix of the bucket `{bucket}`, which has {}",
                        known
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
                if let Some(h) = suggestion(prefix, &known) {
                    d = d.with_help(h);
                }
                out.push(d);
            }
        }
    }
}

/// A function name that must be one of backend/functions/.
fn unknown_function(project: &Project, name: &str) -> Option<String> {
    if project.functions.iter().any(|f| f.name == name) {
        return None;
    }
    let known: Vec<String> = project.functions.iter().map(|f| f.name.clone()).collect();
    Some(suggestion(name, &known).unwrap_or_else(|| {
        format!("create it with `cogform add function {name}` ({FUNCTIONS_DIR}/{name}.yaml)")
    }))
}

fn triggers(project: &Project, out: &mut Vec<Diagnostic>) {
    for (trigger, _, target) in project.auth.triggers.configured() {
        let Some(name) = target.function() else {
            continue;
        };
        if let Some(help) = unknown_function(project, name) {
            out.push(
                project
                    .auth_doc
                    .at(
                        &format!("/triggers/{trigger}/function"),
                        format!("no function `{name}` in {FUNCTIONS_DIR}/"),
                    )
                    .with_help(help),
            );
        }
    }
}

fn bucket_triggers(project: &Project, bucket: &Category<StorageConfig>, out: &mut Vec<Diagnostic>) {
    let doc = &bucket.doc;
    let triggers = &bucket.config.triggers;
    for (i, t) in triggers.iter().enumerate() {
        let ptr = format!("/triggers/{i}");
        if let Some(help) = unknown_function(project, &t.function) {
            out.push(
                doc.at(
                    &format!("{ptr}/function"),
                    format!("no function `{}` in {FUNCTIONS_DIR}/", t.function),
                )
                .with_help(help),
            );
        }
        for (key, value) in [("prefix", &t.prefix), ("suffix", &t.suffix)] {
            if let Some(v) = value
                && (v.is_empty() || v.len() > 1024 || v.contains('*'))
            {
                out.push(doc.at(
                    &format!("{ptr}/{key}"),
                    "is matched literally (no `*`): 1–1024 characters, or leave it out",
                ));
            }
        }
        if t.prefix.as_deref().is_some_and(|p| p.starts_with('/')) {
            out.push(doc.at(
                &format!("{ptr}/prefix"),
                "object keys do not start with `/`: write `uploads/`, not `/uploads/`",
            ));
        }
        // S3 refuses two configurations of one event whose filters can match the same key.
        for (j, other) in triggers.iter().enumerate().take(i) {
            if other.on == t.on && overlap(other, t) {
                out.push(doc.at(
                    &ptr,
                    format!("matches the same {} keys as `triggers[{j}]`; S3 refuses overlapping notifications of one event", event_word(t.on)),
                ).with_help("make the prefixes or suffixes exclusive, or call one function that does both"));
            }
        }
    }
}

/// Where `prefix` of a bucket is, in words: `` `uploads/` `` or "every key".
fn keys_word(prefix: &str) -> String {
    if prefix.is_empty() {
        "every key".to_string()
    } else {
        format!("`{prefix}`")
    }
}

/// An upload handler's write that starts another upload event: (writer, the prefix it writes
/// and its bucket, the handler called, the trigger's prefix). Suffixes are not compared: a
/// handler may name its objects as it likes.
struct Hop<'p> {
    writer: &'p Category<FunctionConfig>,
    bucket: &'p Category<StorageConfig>,
    written: &'p str,
    called: &'p str,
    watched: &'p str,
}

/// Every hop of the project: each `write` grant of a function that overlaps the prefix of an
/// upload trigger of the same bucket.
fn hops(project: &Project) -> Vec<Hop<'_>> {
    let mut out = Vec::new();
    for bucket in &project.storage {
        for t in bucket
            .config
            .triggers
            .iter()
            .filter(|t| t.on == BucketEvent::Upload)
        {
            let watched = t.prefix.as_deref().unwrap_or("");
            for writer in &project.functions {
                let Some(prefixes) = writer.config.access.storage.get(&bucket.name) else {
                    continue;
                };
                for (written, actions) in prefixes {
                    let to = written.trim_end_matches('*');
                    if actions.contains(&Action::Write)
                        && (to.starts_with(watched) || watched.starts_with(to))
                    {
                        out.push(Hop {
                            writer,
                            bucket,
                            written,
                            called: &t.function,
                            watched,
                        });
                    }
                }
            }
        }
    }
    out
}

/// Upload handlers that call themselves, or each other in a ring, through what they write:
/// each write starts another upload event, without end.
fn upload_loops(project: &Project, out: &mut Vec<Diagnostic>) {
    let hops = hops(project);
    let at = |h: &Hop| {
        format!(
            "/access/storage/{}/{}",
            pointer_segment(&h.bucket.name),
            pointer_segment(h.written)
        )
    };
    for h in hops.iter().filter(|h| h.writer.name == h.called) {
        out.push(h.writer.doc.at_key(
            &at(h),
            format!("lets `{}` write where its uploads call it ({} of {}): each write would call it again, without end", h.writer.name, keys_word(h.watched), h.bucket.doc.file),
        ).with_help("write to a prefix the trigger does not watch, or narrow the trigger's `prefix`"));
    }
    // Rings of two or more handlers: each found once, reported at its first function's write.
    let mut reported: BTreeSet<Vec<&str>> = BTreeSet::new();
    for start in hops.iter().filter(|h| h.writer.name != h.called) {
        let mut path: Vec<&Hop> = vec![start];
        if let Some(ring) = ring_from(&hops, &mut path)
            && reported.insert({
                let mut names: Vec<&str> = ring.iter().map(|h| h.writer.name.as_str()).collect();
                names.sort();
                names
            })
        {
            let steps: Vec<String> = ring
                .iter()
                .map(|h| {
                    format!(
                        "`{}` writes `{}` where uploads call `{}`",
                        h.writer.name, h.written, h.called
                    )
                })
                .collect();
            let first = ring[0];
            out.push(
                first
                    .writer
                    .doc
                    .at_key(
                        &at(first),
                        format!(
                            "upload handlers call each other without end: {}",
                            steps.join(", ")
                        ),
                    )
                    .with_help(
                        "break the ring: one of them must write where no upload trigger watches",
                    ),
            );
        }
    }
}

/// Follows hops from the last of `path` until it comes back to the first writer.
fn ring_from<'a, 'p>(hops: &'a [Hop<'p>], path: &mut Vec<&'a Hop<'p>>) -> Option<Vec<&'a Hop<'p>>> {
    let last = path.last()?;
    let first = path[0].writer.name.as_str();
    if last.called == first {
        return Some(path.clone());
    }
    if path.len() > hops.len() {
        return None;
    }
    for next in hops
        .iter()
        .filter(|h| h.writer.name == last.called && h.writer.name != h.called)
    {
        if path.iter().any(|p| p.writer.name == next.writer.name) {
            continue;
        }
        path.push(next);
        if let Some(ring) = ring_from(hops, path) {
            return Some(ring);
        }
        path.pop();
    }
    None
}

fn event_word(e: BucketEvent) -> &'static str {
    match e {
        BucketEvent::Upload => "upload",
        BucketEvent::Delete => "delete",
    }
}

/// Whether some key matches both triggers' filters.
fn overlap(
    a: &crate::config::function::BucketTrigger,
    b: &crate::config::function::BucketTrigger,
) -> bool {
    let (pa, pb) = (
        a.prefix.as_deref().unwrap_or(""),
        b.prefix.as_deref().unwrap_or(""),
    );
    let (sa, sb) = (
        a.suffix.as_deref().unwrap_or(""),
        b.suffix.as_deref().unwrap_or(""),
    );
    (pa.starts_with(pb) || pb.starts_with(pa)) && (sa.ends_with(sb) || sb.ends_with(sa))
}

/// Who calls `name` (for the commands that refuse to remove a wired function).
pub fn uses(project: &Project, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (trigger, _, target) in project.auth.triggers.configured() {
        if target.function() == Some(name) {
            out.push(format!("{}: triggers.{trigger}", project.auth_doc.file));
        }
    }
    for s in &project.storage {
        for (i, t) in s.config.triggers.iter().enumerate() {
            if t.function == name {
                out.push(format!("{}: triggers[{i}]", s.doc.file));
            }
        }
    }
    for a in &project.apis {
        if a.config.functions.contains_key(name) {
            continue;
        }
        for (path, verbs) in &a.config.paths {
            for (verb, m) in verbs {
                if m.function == name {
                    out.push(format!("{}: paths.{path}.{}", a.doc.file, verb.as_str()));
                }
            }
        }
    }
    out
}
