//! The build pipeline, as stages that each look only down at the value they are given:
//! render → apply overrides → fit to quotas → check the security invariants → emit → verify.
//! Every command that needs templates (`build`, `check`, `diff`, `access`, `outputs`, the
//! change plan of `update`/`remove`) gets them from here, so each sees the final template.

use serde_json::Value;

use crate::diagnostic::{Diagnostic, normalize};
use crate::invariants::{Intent, Violation};
use crate::load::{OVERRIDES_FILE, Project};
use crate::quota::QuotaError;
use crate::render::engine::Engine;
use crate::render::{RenderError, RenderedFile, schema_files, template_path};

/// What the pipeline produced, and what the user should know about it.
#[derive(Debug, Clone, Default)]
pub struct Built {
    /// The templates (environment-name order), then the editor schemas.
    pub files: Vec<RenderedFile>,
    /// Each environment's final template value, in the same order as its file.
    pub templates: Vec<(String, Value)>,
    /// Located warnings and notes about the overrides (printed, never failing).
    pub warnings: Vec<Diagnostic>,
    pub notes: Vec<String>,
    /// Broken invariants that `backend/overrides.yaml` accepts: printed on every build.
    pub accepted: Vec<Accepted>,
}

/// A risk accepted in writing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Accepted {
    pub environment: String,
    pub violation: Violation,
    pub reason: String,
}

impl std::fmt::Display for Accepted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "accepted risk ({}): {}\n  reason ({OVERRIDES_FILE}): {}",
            self.environment, self.violation, self.reason
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Render(#[from] RenderError),
    /// The template exceeds an AWS quota that splitting policies cannot fix (invalid input).
    #[error(transparent)]
    Quota(#[from] QuotaError),
    /// The overrides are wrong, or the final template breaks an invariant nobody accepted.
    #[error("invalid overrides")]
    Invalid(Vec<Diagnostic>),
    /// The generated template (no overrides involved) breaks an invariant: a cogform bug.
    #[error("internal error: the generated template breaks a security invariant: {0}")]
    Broken(String),
    /// The explain document could not be drawn from the template (a cogform bug).
    #[error("internal error: explain: {0}")]
    Internal(String),
}

/// Every environment's template, then the schema files: what `build` writes and `check` compares.
pub fn run(project: &Project, engine: &Engine) -> Result<Built, PipelineError> {
    let format = project.config.format;
    let mut built = Built::default();
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut used_accepts = vec![
        false;
        project
            .overrides
            .as_ref()
            .map_or(0, |o| o.config.accept.len())
    ];
    for (name, env) in &project.config.environments {
        let mut value = crate::render::render_environment(project, engine, name, env)?;
        let mut touched = Vec::new();
        let mut intent = Intent::of_auth(project);
        if let Some(o) = &project.overrides {
            intent.generated_statements = Some(crate::invariants::policy_statements(&value));
            intent.generated_denies = crate::invariants::deny_statements(&value);
            let applied = crate::overrides::apply(&mut value, o, name);
            built.warnings.extend(applied.warnings);
            built
                .notes
                .extend(applied.notes.iter().map(|d| format!("note: {d}")));
            problems.extend(applied.problems);
            touched = applied.touched;
            name_overrides_in_description(&mut value);
        }
        let path = template_path(name, format);
        // Quotas: oversized policies are split, then what cannot fit is refused, before the
        // read-back proof (which a template over the body limit need not get).
        let quota_problems = crate::quota::fit(&mut value);
        // The intent (which methods the configuration opened) costs an API context per API:
        // it is only worked out when a method without authorization is found.
        let mut violations = crate::invariants::check(&value, &intent);
        if violations.iter().any(|v| v.rule == 16) {
            intent.open_methods = Intent::of(project, name).open_methods;
            violations = crate::invariants::check(&value, &intent);
        }
        for violation in violations {
            let Some(o) = &project.overrides else {
                return Err(PipelineError::Broken(violation.to_string()));
            };
            let id = crate::invariants::id(violation.rule);
            let accepted = o
                .config
                .accept
                .iter()
                .enumerate()
                .find(|(_, a)| a.rule == id && a.resource == violation.resource);
            if let Some((i, a)) = accepted {
                used_accepts[i] = true;
                built.accepted.push(Accepted {
                    environment: name.clone(),
                    violation,
                    reason: a.reason.clone(),
                });
                continue;
            }
            // Located at the override that touched the resource (or at the file's start).
            let at = touched
                .iter()
                .find(|(id, _)| *id == violation.resource)
                .map(|(_, at)| at.as_str())
                .unwrap_or("");
            problems.push(
                o.doc
                    .at_key(at, format!("the final template would break {violation}"))
                    .with_help(format!(
                        "remove the override; if the risk is intended, add `accept: [{{ rule: {id}, resource: {}, reason: \"…\" }}]`",
                        violation.resource
                    )),
            );
        }
        let content = crate::render::emit(&value, format, name, project.overrides.is_some());
        crate::quota::check(&path, quota_problems, content.len())?;
        crate::render::verify(&value, &content, format)?;
        built
            .notes
            .extend(crate::quota::inline_note(&path, content.len()));
        built.files.push(RenderedFile { path, content });
        built.templates.push((name.clone(), value));
    }
    if let Some(o) = &project.overrides
        && problems.is_empty()
    {
        for (i, a) in o.config.accept.iter().enumerate() {
            if !used_accepts[i] {
                problems.push(
                    o.doc
                        .at_key(&format!("/accept/{i}"), format!("accepts {} on `{}`, but no environment's template breaks it there", a.rule, a.resource))
                        .with_help("remove the entry: an acceptance that accepts nothing would hide the next real risk"),
                );
            }
        }
    }
    if !problems.is_empty() {
        normalize(&mut problems);
        return Err(PipelineError::Invalid(problems));
    }
    if let Some(explain) = &project.config.explain {
        built
            .files
            .push(explained(project, explain, &built.templates)?);
    }
    normalize(&mut built.warnings);
    built.notes.dedup();
    built.files.extend(schema_files(
        project.overrides.is_some(),
        !project.functions.is_empty(),
    ));
    Ok(built)
}

/// The files `build` writes (for callers that need nothing else).
pub fn generated_files(
    project: &Project,
    engine: &Engine,
) -> Result<Vec<RenderedFile>, PipelineError> {
    run(project, engine).map(|b| b.files)
}

/// The template's description names every source it was made from.
fn name_overrides_in_description(value: &mut Value) {
    if let Some(Value::String(d)) = value.get_mut("Description") {
        let from = format!(" and {}", crate::load::AUTH_FILE);
        let to = format!(", {} and {OVERRIDES_FILE}", crate::load::AUTH_FILE);
        *d = d.replacen(&from, &to, 1);
    }
}

/// The `cogform explain` document a project keeps (`explain:` in cogform.yaml), drawn from the
/// final template of its environment.
fn explained(
    project: &Project,
    explain: &crate::config::project::Explain,
    templates: &[(String, Value)],
) -> Result<RenderedFile, PipelineError> {
    let env = project.config.explained_environment();
    let template = templates
        .iter()
        .find(|(name, _)| *name == env)
        .map(|(_, t)| t)
        .ok_or_else(|| PipelineError::Internal(format!("environment {env} was not rendered")))?;
    let content =
        crate::explain::document(project, &env, template).map_err(PipelineError::Internal)?;
    Ok(RenderedFile {
        path: explain.output.clone(),
        content,
    })
}
