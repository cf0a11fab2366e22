//! Rules for `backend/storage/*.yaml`, including what they need from backend/auth.yaml.

use super::url::{self, UrlUse};
use crate::config::auth::GroupRoles;
use crate::config::storage::{Action, Rule, StorageConfig};
use crate::diagnostic::{Diagnostic, pointer_segment};
use crate::load::{Category, Document, Project};
use crate::render::storage::{MAX_BUCKET_BASE, OWNER_PLACEHOLDER};

const LEVEL_PREFIXES: [&str; 4] = ["public/", "protected/", "private/", "uploads/"];

pub fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    let defaults: Vec<&Category<StorageConfig>> = project
        .storage
        .iter()
        .filter(|s| s.config.default)
        .collect();
    for extra in defaults.iter().skip(1) {
        out.push(extra.doc.at(
            "/default",
            format!(
                "only one bucket can be the default; {} is one already",
                defaults[0].doc.file
            ),
        ));
    }
    let longest_env = project.config.longest_environment_name();
    for s in &project.storage {
        let doc = &s.doc;
        if !project.auth.identity_pool.enabled {
            out.push(doc.at("", "storage access is granted to identity-pool roles; backend/auth.yaml has `identity_pool.enabled: false`"));
        }
        let base = project.config.project.len() + 1 + s.name.len() + 1 + longest_env;
        if base > MAX_BUCKET_BASE {
            out.push(doc.at("", format!(
                "the bucket name `<project>-{}-<environment>-logs-<account>` would exceed S3's 63 characters; shorten the file name or the project name (at most {MAX_BUCKET_BASE} for `<project>-<name>-<environment>`)",
                s.name
            )));
        }
        for (path, rule, key) in s.config.levels.paths() {
            let ptr = format!("/levels/{key}");
            level_rules(key, rule, doc, &ptr, out);
            rule_checks(project, path, rule, doc, &ptr, out);
        }
        for (path, rule) in &s.config.paths {
            let ptr = format!("/paths/{}", pointer_segment(path));
            if let Some(why) = path_problem(path) {
                out.push(doc.at_key(&ptr, why));
            }
            rule_checks(project, path, rule, doc, &ptr, out);
        }
        nesting(&s.config, doc, out);
        if let Some(cors) = &s.config.cors {
            origins(&cors.allowed_origins, doc, "/cors/allowed_origins", out);
        }
    }
}

fn level_rules(level: &str, rule: &Rule, doc: &Document, ptr: &str, out: &mut Vec<Diagnostic>) {
    let writes = |actions: &[Action]| actions.iter().any(|a| !a.is_read());
    match level {
        "private"
            if !rule.guest.is_empty()
                || !rule.authenticated.is_empty()
                || !rule.groups.is_empty() =>
        {
            out.push(doc.at(ptr, "private files are for their owner only: use `owner` (or a custom path for shared access)"));
        }
        "protected" if writes(&rule.authenticated) => {
            out.push(doc.at(
                &format!("{ptr}/authenticated"),
                "others' protected files are read-only; writes belong to `owner`",
            ));
        }
        "protected" if rule.groups.values().any(|a| writes(a)) => {
            out.push(doc.at(
                &format!("{ptr}/groups"),
                "others' protected files are read-only, for groups too; writes belong to `owner` (or a custom path for shared access)",
            ));
        }
        "uploads" => {
            if !rule.owner.is_empty() {
                out.push(doc.at(
                    &format!("{ptr}/owner"),
                    "uploads/ has no owner folder; use `authenticated` or `groups`",
                ));
            }
            let reads = rule
                .authenticated
                .iter()
                .chain(rule.groups.values().flatten())
                .any(|a| *a != Action::Write);
            if reads {
                out.push(doc.at(ptr, "uploads/ is a drop box: only `write` is allowed"));
            }
        }
        _ => {}
    }
}

fn rule_checks(
    project: &Project,
    path: &str,
    rule: &Rule,
    doc: &Document,
    ptr: &str,
    out: &mut Vec<Diagnostic>,
) {
    let ip = &project.auth.identity_pool;
    if rule.guest.is_empty()
        && rule.authenticated.is_empty()
        && rule.owner.is_empty()
        && rule.groups.is_empty()
    {
        out.push(doc.at(
            ptr,
            "grants nothing to anyone; remove it or name an audience",
        ));
    }
    for (i, a) in rule.guest.iter().enumerate() {
        if !a.is_read() {
            out.push(doc.at(
                &format!("{ptr}/guest/{i}"),
                "guests (not signed in) may only read",
            ));
        }
    }
    if !rule.guest.is_empty() && !ip.guest_access {
        out.push(doc.at(
            &format!("{ptr}/guest"),
            "grants guests access, but backend/auth.yaml has `identity_pool.guest_access: false`",
        ));
    }
    if !rule.owner.is_empty() && !path.contains(OWNER_PLACEHOLDER) {
        out.push(doc.at(
            &format!("{ptr}/owner"),
            "`owner` applies to paths with an `{identity_id}` segment only",
        ));
    }
    let groups_have_roles = ip.enabled && ip.group_roles == GroupRoles::Token;
    for name in rule.groups.keys() {
        let at = format!("{ptr}/groups/{}", pointer_segment(name));
        if !project.auth.groups.iter().any(|g| &g.name == name) {
            let known: Vec<String> = project.auth.groups.iter().map(|g| g.name.clone()).collect();
            let mut d = doc.at_key(&at, format!("no group `{name}` in backend/auth.yaml"));
            if let Some(h) = crate::load::schema::suggestion(name, &known) {
                d = d.with_help(h);
            }
            out.push(d);
        } else if !groups_have_roles {
            out.push(doc.at_key(
                &at,
                "group grants need group roles (`identity_pool.group_roles: token`)",
            ));
        }
    }
    for (who, actions) in [
        ("guest", &rule.guest),
        ("authenticated", &rule.authenticated),
        ("owner", &rule.owner),
    ] {
        let mut seen = Vec::new();
        for (i, a) in actions.iter().enumerate() {
            if seen.contains(a) {
                out.push(doc.at(&format!("{ptr}/{who}/{i}"), "listed twice"));
            }
            seen.push(*a);
        }
    }
}

/// Nested custom paths: one level at most, and never with an `{identity_id}` path, because IAM
/// cannot deny a parent's grant on other identities' folders while keeping the owner's own.
fn nesting(config: &StorageConfig, doc: &Document, out: &mut Vec<Diagnostic>) {
    let prefixes: Vec<&str> = config
        .paths
        .keys()
        .map(|p| p.trim_end_matches('*'))
        .collect();
    for (child, key) in prefixes.iter().zip(config.paths.keys()) {
        let parents: Vec<&&str> = prefixes
            .iter()
            .filter(|p| *p != child && child.starts_with(**p))
            .collect();
        let ptr = format!("/paths/{}", pointer_segment(key));
        if let Some(parent) = parents.first() {
            if child.contains(OWNER_PLACEHOLDER) || parent.contains(OWNER_PLACEHOLDER) {
                out.push(doc.at_key(&ptr, format!(
                    "a path with `{{identity_id}}` cannot be nested with another path (here under `{parent}*`): IAM could not keep the owner's access while narrowing the parent's"
                )));
            } else if parents.len() > 1 {
                out.push(doc.at_key(
                    &ptr,
                    "paths nest one level at most (a path under a path, not deeper)",
                ));
            }
        }
    }
}

/// Why a custom storage path is refused, if it is.
pub fn path_problem(path: &str) -> Option<String> {
    let Some(prefix) = path.strip_suffix("/*") else {
        return Some("a path is a prefix ending with `/*`, e.g. `media/*`".into());
    };
    if prefix.is_empty() || prefix.starts_with('/') {
        return Some("a path starts with a folder name, not `/`".into());
    }
    if LEVEL_PREFIXES.iter().any(|l| path.starts_with(l)) {
        return Some("public/, protected/, private/ and uploads/ are set under `levels`".into());
    }
    let segments: Vec<&str> = prefix.split('/').collect();
    if segments.iter().filter(|s| **s == OWNER_PLACEHOLDER).count() > 1 {
        return Some("`{identity_id}` may appear once".into());
    }
    for s in segments {
        let plain = !s.is_empty()
            && s != "."
            && s != ".."
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
        if !plain && s != OWNER_PLACEHOLDER {
            return Some(
                "folders are letters, digits, `-`, `_` or `.`, or exactly `{identity_id}`".into(),
            );
        }
    }
    if prefix.len() > 512 {
        return Some("is too long".into());
    }
    None
}

/// CORS origins: https or exactly http://localhost[:port]; no path, no `*`, no `null`.
pub fn origins(list: &[String], doc: &Document, ptr: &str, out: &mut Vec<Diagnostic>) {
    for (i, o) in list.iter().enumerate() {
        let at = format!("{ptr}/{i}");
        if o == "*" || o == "null" {
            out.push(doc.at(
                &at,
                format!(
                    "`{o}` would let any site call with the user's credentials; list the origins"
                ),
            ));
            continue;
        }
        if let Some(why) = url::problem(o, UrlUse::Redirect { native: false }) {
            out.push(doc.at(&at, format!("origin {why}")));
            continue;
        }
        let after_scheme = o.split_once("://").map_or("", |(_, r)| r);
        if after_scheme.contains(['/', '?']) {
            out.push(doc.at(&at, "an origin is `scheme://host[:port]`, without a path"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::path_problem;

    #[test]
    fn custom_paths() {
        assert_eq!(path_problem("media/*"), None);
        assert_eq!(path_problem("media/{identity_id}/*"), None);
        for bad in [
            "media",
            "/media/*",
            "public/x/*",
            "a/../b/*",
            "a/{id}/*",
            "a/*/b/*",
            "{identity_id}/{identity_id}/*",
            "*",
        ] {
            assert!(path_problem(bad).is_some(), "{bad}");
        }
    }
}
