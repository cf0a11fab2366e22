//! Rules for `cogform.yaml`: environment names, per-environment overrides and adopted
//! resources.

use crate::diagnostic::{Diagnostic, pointer_segment};
use crate::load::Project;

/// Longest environment name; it is appended to globally unique names, which have tight limits.
pub const MAX_ENV_NAME: usize = 12;

pub fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    explain(project, out);
    let doc = &project.project_doc;
    if project.config.environments.is_empty() {
        out.push(doc.at(
            "/environments",
            "at least one environment is needed (for example `dev: {}`)",
        ));
    }
    for (name, env) in &project.config.environments {
        let ptr = format!("/environments/{}", pointer_segment(name));
        let ok = name.len() <= MAX_ENV_NAME
            && name.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        if !ok {
            out.push(doc.at_key(
                &ptr,
                format!("environment names are 1–{MAX_ENV_NAME} lowercase letters or digits, starting with a letter"),
            ));
        }
        let hosted = project.auth.hosted_ui.is_some();
        if !hosted
            && (env.domain_prefix.is_some()
                || env.callback_urls.is_some()
                || env.logout_urls.is_some())
        {
            out.push(doc.at(
                &ptr,
                "overrides hosted UI settings, but backend/auth.yaml has no `hosted_ui`",
            ));
        }
        if let Some(adopt) = &env.adopt {
            adopted(project, &format!("{ptr}/adopt"), adopt, out);
        }
    }
}

/// An adopted resource must be one the project renders, under a name the service accepts.
fn adopted(
    project: &Project,
    ptr: &str,
    adopt: &crate::config::project::Adopt,
    out: &mut Vec<Diagnostic>,
) {
    let doc = &project.project_doc;
    if adopt.identity_pool.is_some() && !project.auth.identity_pool.enabled {
        out.push(
            doc.at(
                &format!("{ptr}/identity_pool"),
                "adopts an identity pool, but backend/auth.yaml turns the identity pool off",
            )
            .with_help(
                "remove the line, or set `identity_pool.enabled: true` in backend/auth.yaml",
            ),
        );
    }
    if let Some(name) = &adopt.user_pool
        && !name
            .chars()
            .all(|c| c.is_alphanumeric() || c.is_whitespace() || "+=,.@-_".contains(c))
    {
        out.push(doc.at(
            &format!("{ptr}/user_pool"),
            "a user pool name has only letters, digits, spaces and + = , . @ - _",
        ));
    }
    let known: Vec<&str> = project.storage.iter().map(|s| s.name.as_str()).collect();
    for (storage, bucket) in &adopt.buckets {
        let at = format!("{ptr}/buckets/{}", pointer_segment(storage));
        if !known.contains(&storage.as_str()) {
            out.push(doc.at_key(
                &at,
                format!(
                    "`{storage}` is not a bucket of this project (backend/storage/{storage}.yaml does not exist)"
                ),
            ));
        }
        if !valid_bucket_name(bucket) {
            out.push(doc.at(
                &at,
                format!("`{bucket}` is not an S3 bucket name (3–63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit)"),
            ));
        }
    }
}

fn valid_bucket_name(name: &str) -> bool {
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    (3..=63).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        && edge(name.chars().next())
        && edge(name.chars().last())
        && !name.contains("..")
}

/// `explain:`: an environment the project has, and a document of its own inside the project
/// (never a generated template's or a configuration file's place).
fn explain(project: &Project, out: &mut Vec<Diagnostic>) {
    let Some(e) = &project.config.explain else {
        return;
    };
    let doc = &project.project_doc;
    if let Some(env) = &e.environment
        && !project.config.environments.contains_key(env)
    {
        out.push(doc.at(
            "/explain/environment",
            format!(
                "`{env}` is not an environment of this project (known: {})",
                project.config.environment_names()
            ),
        ));
    }
    let reserved = ["build/", "backend/", ".cogform/"];
    let escapes = e.output.split('/').any(|part| part == ".." || part == ".");
    if escapes || reserved.iter().any(|r| e.output.starts_with(r)) {
        out.push(
            doc.at(
                "/explain/output",
                format!(
                    "`{}` is not a place for the document: it must stay inside the project, outside build/, backend/ and .cogform/",
                    e.output
                ),
            )
            .with_help("use docs/auth.md"),
        );
    }
}
