//! Applies `backend/overrides.yaml` to a rendered template: a pipeline stage after `render`
//! and before quotas, which sees only the template value and the overrides.
//!
//! The common part first, then the environment's. A patch must name a resource the template
//! has (a typo or a removed group is an error with a did-you-mean, never silently dropped); an
//! added id must not collide with a generated one; every name a patch or an added resource
//! refers to must exist; properties are checked against CloudFormation's resource schemas
//! (`crate::cfn`). Every problem is collected and located in the overrides file.

pub mod keys;
pub mod merge;
mod redeploy;
pub mod refs;

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, pointer_segment};
use crate::load::schema::suggestion;
use crate::load::{Overrides, Project};

/// The attributes of a resource a patch may touch (never `Type`).
pub const PATCHABLE: [&str; 5] = [
    "Properties",
    "DeletionPolicy",
    "UpdateReplacePolicy",
    "DependsOn",
    "Metadata",
];

/// What applying the overrides found that does not stop the build.
#[derive(Debug, Default, Clone)]
pub struct Applied {
    pub warnings: Vec<Diagnostic>,
    pub notes: Vec<Diagnostic>,
    /// Logical id → pointer (in the overrides file) of each patch or addition of it, so a
    /// later refusal (a broken invariant) can point at the override responsible.
    pub touched: Vec<(String, String)>,
    /// What is wrong (the command fails). What could be applied was, so later stages still
    /// report their own problems: every problem at once.
    pub problems: Vec<Diagnostic>,
}

/// One part of the file: its pointer prefix, its patches, its added resources and outputs.
type Part<'a> = (
    String,
    &'a Map<String, Value>,
    &'a Map<String, Value>,
    &'a Map<String, Value>,
);

/// Applies the common part, then the part of `env`, to `template`.
pub fn apply(template: &mut Value, overrides: &Overrides, env: &str) -> Applied {
    let doc = &overrides.doc;
    let config = &overrides.config;
    let mut applied = Applied::default();
    let mut problems = Vec::new();
    let parameters: BTreeSet<String> = template
        .get("Parameters")
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    let Some(Value::Object(resources)) = template.get_mut("Resources") else {
        applied.problems = vec![doc.at("", "internal error: the template has no resources")];
        return applied;
    };
    let generated: Vec<String> = resources.keys().cloned().collect();
    let mut parts: Vec<Part> = vec![(
        String::new(),
        &config.resources,
        &config.add,
        &config.outputs,
    )];
    if let Some(e) = config.environments.get(env) {
        parts.push((
            format!("/environments/{}", pointer_segment(env)),
            &e.resources,
            &e.add,
            &e.outputs,
        ));
    }
    let outputs: Vec<(String, Value, String)> = parts
        .iter()
        .flat_map(|(base, _, _, outputs)| {
            outputs.iter().map(move |(id, body)| {
                (
                    id.clone(),
                    body.clone(),
                    format!("{base}/outputs/{}", pointer_segment(id)),
                )
            })
        })
        .collect();
    let mut added: Vec<(String, String)> = Vec::new();
    for (base, patches, additions, _) in parts {
        for (id, body) in additions {
            let at = format!("{base}/add/{}", pointer_segment(id));
            if generated.contains(id) {
                problems.push(
                    doc.at_key(&at, format!("`{id}` is a resource cogform generates; an added resource needs an id of its own"))
                        .with_help(format!("rename it, or patch the generated one under `resources: {{ {id}: … }}`")),
                );
                continue;
            }
            if added.iter().any(|(a, _)| a == id) {
                problems.push(
                    doc.at_key(&at, format!("`{id}` is already added by the common part"))
                        .with_help(format!(
                            "patch it under this environment's `resources: {{ {id}: … }}` instead"
                        )),
                );
                continue;
            }
            if !valid_logical_id(id) {
                problems.push(doc.at_key(
                    &at,
                    "a logical id is 1–255 letters and digits (CloudFormation's rule)",
                ));
                continue;
            }
            resources.insert(id.clone(), body.clone());
            added.push((id.clone(), at.clone()));
            applied.touched.push((id.clone(), at));
        }
        for (id, patch) in patches {
            let at = format!("{base}/resources/{}", pointer_segment(id));
            let Some(Value::Object(resource)) = resources.get_mut(id) else {
                let mut known: Vec<String> = generated.clone();
                known.extend(added.iter().map(|(a, _)| a.clone()));
                known.sort();
                let help = match suggestion(id, &known) {
                    Some(s) if s.starts_with("did you mean") => {
                        format!("{s} the template's resources: {}", known.join(", "))
                    }
                    _ => format!("the template's resources: {}", known.join(", ")),
                };
                problems.push(
                    doc.at_key(&at, format!("no resource `{id}` in the template this patches (a typo, or a resource the configuration no longer generates)"))
                        .with_help(help),
                );
                continue;
            };
            let kind = resource
                .get("Type")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            if let Value::Object(patch) = patch {
                for (attr, value) in patch {
                    let target = format!("{at}/{}", pointer_segment(attr));
                    if attr == "Properties" && generated.contains(id) {
                        warn_config_keys(doc, &kind, value, &target, &mut applied.warnings);
                    }
                    match attr.as_str() {
                        "Properties" | "Metadata" if value.is_object() => {
                            let entry = resource
                                .entry(attr.clone())
                                .or_insert_with(|| Value::Object(Map::new()));
                            merge::deep_merge(entry, value);
                        }
                        _ if value.is_null() => {
                            resource.remove(attr);
                        }
                        _ => {
                            resource.insert(attr.clone(), value.clone());
                        }
                    }
                }
            }
            applied.touched.push((id.clone(), at));
        }
    }
    // Names referred to must exist in the final template.
    let names: BTreeSet<String> = resources.keys().cloned().collect();
    let known: Vec<String> = names.iter().cloned().collect();
    for (id, at) in &applied.touched {
        let Some(value) = doc_value(config, at) else {
            continue;
        };
        let mut found = refs::references(value);
        if let Some(depends) = value.get("DependsOn") {
            let list: Vec<&str> = match depends {
                Value::String(s) => vec![s.as_str()],
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            for (i, name) in list.into_iter().enumerate() {
                let pointer = if depends.is_array() {
                    format!("/DependsOn/{i}")
                } else {
                    "/DependsOn".to_string()
                };
                found.push(refs::Reference {
                    name: name.to_string(),
                    pointer,
                    how: "DependsOn",
                });
            }
        }
        for r in found {
            if names.contains(&r.name) || parameters.contains(&r.name) || refs::is_pseudo(&r.name) {
                if r.name == *id && r.how != "Fn::Sub" {
                    problems.push(doc.at(
                        &format!("{at}{}", r.pointer),
                        format!("`{id}` refers to itself ({})", r.how),
                    ));
                }
                continue;
            }
            let mut d = doc.at(
                &format!("{at}{}", r.pointer),
                format!(
                    "{} names `{}`, which is not a resource of the template (nor a parameter)",
                    r.how, r.name
                ),
            );
            if let Some(s) = suggestion(&r.name, &known).filter(|s| s.starts_with("did you mean")) {
                d = d.with_help(s);
            }
            problems.push(d);
        }
    }
    // Properties against CloudFormation's resource schemas.
    for (id, at) in &applied.touched {
        let Some(Value::Object(resource)) = resources.get(id) else {
            continue;
        };
        let kind = resource
            .get("Type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let Some(value) = doc_value(config, at) else {
            continue;
        };
        let written = value.get("Properties").cloned().unwrap_or(Value::Null);
        let is_added = added.iter().any(|(a, _)| a == id);
        match crate::cfn::check(kind, resource.get("Properties"), &written, is_added) {
            crate::cfn::Checked::Problems(found) => {
                for p in found {
                    // About the resource as a whole (a required property missing): at its id.
                    let pointer = if p.pointer.is_empty() {
                        at.clone()
                    } else {
                        format!("{at}/Properties{}", p.pointer)
                    };
                    let mut d = if p.at_key {
                        doc.at_key(&pointer, p.message)
                    } else {
                        doc.at(&pointer, p.message)
                    };
                    if let Some(help) = p.help {
                        d = d.with_help(help);
                    }
                    problems.push(d);
                }
            }
            crate::cfn::Checked::NoSchema => applied.notes.push(doc.at_key(
                at,
                format!("cogform has no embedded schema for {kind}: its properties are not checked here (cfn-lint checks them)"),
            )),
        }
    }
    add_outputs(template, outputs, doc, &known, &parameters, &mut problems);
    applied.problems = problems;
    redeploy::redeploy(template, &applied.touched);
    applied
}

/// Adds the stack outputs of the overrides (common part first, each id once, never one
/// cogform generates) and checks the names their values refer to.
fn add_outputs(
    template: &mut Value,
    outputs: Vec<(String, Value, String)>,
    doc: &crate::load::Document,
    resources: &[String],
    parameters: &BTreeSet<String>,
    problems: &mut Vec<Diagnostic>,
) {
    if outputs.is_empty() {
        return;
    }
    let conditions: Vec<String> = template
        .get("Conditions")
        .and_then(Value::as_object)
        .map(|c| c.keys().cloned().collect())
        .unwrap_or_default();
    let Value::Object(root) = template else {
        return;
    };
    let section = root
        .entry("Outputs")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(section) = section else {
        return;
    };
    let generated: Vec<String> = section.keys().cloned().collect();
    let mut added: Vec<String> = Vec::new();
    for (id, body, at) in outputs {
        if generated.contains(&id) {
            problems.push(
                doc.at_key(&at, format!("`{id}` is an output cogform generates: `cogform outputs` and the front end's configuration read it, so it is not patched"))
                    .with_help("add an output of your own under another id"),
            );
            continue;
        }
        if added.contains(&id) {
            problems.push(doc.at_key(&at, format!("`{id}` is already added by the common part")));
            continue;
        }
        if !valid_logical_id(&id) {
            problems.push(doc.at_key(
                &at,
                "a logical id is 1–255 letters and digits (CloudFormation's rule)",
            ));
            continue;
        }
        for r in refs::references(&body) {
            if resources.contains(&r.name)
                || parameters.contains(&r.name)
                || refs::is_pseudo(&r.name)
            {
                continue;
            }
            let mut d = doc.at(
                &format!("{at}{}", r.pointer),
                format!(
                    "{} names `{}`, which is not a resource of the template (nor a parameter)",
                    r.how, r.name
                ),
            );
            if let Some(s) =
                suggestion(&r.name, resources).filter(|s| s.starts_with("did you mean"))
            {
                d = d.with_help(s);
            }
            problems.push(d);
        }
        if let Some(condition) = body.get("Condition").and_then(Value::as_str)
            && !conditions.iter().any(|c| c == condition)
        {
            problems.push(doc.at(
                &format!("{at}/Condition"),
                format!("no condition `{condition}` in the template"),
            ));
        }
        section.insert(id.clone(), body);
        added.push(id);
    }
}

/// The patch or added resource at `pointer` of the overrides file.
fn doc_value<'a>(config: &'a crate::config::OverridesConfig, pointer: &str) -> Option<&'a Value> {
    let segments: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let (resources, add, rest) = match segments.first().map(String::as_str) {
        Some("environments") => {
            let e = config.environments.get(segments.get(1)?)?;
            (&e.resources, &e.add, &segments[2..])
        }
        _ => (&config.resources, &config.add, &segments[..]),
    };
    match rest {
        [section, id] if section == "resources" => resources.get(id),
        [section, id] if section == "add" => add.get(id),
        _ => None,
    }
}

fn valid_logical_id(id: &str) -> bool {
    (1..=255).contains(&id.len()) && id.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Warns about each property of the patch that a configuration key already sets.
fn warn_config_keys(
    doc: &crate::load::Document,
    kind: &str,
    properties: &Value,
    at: &str,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for (path, pointer) in merge::leaves(properties) {
        if let Some(key) = keys::config_key(kind, &path)
            && seen.insert(key)
        {
            let (key, file) = key.split_once(" in ").unwrap_or((key, "the configuration"));
            out.push(
                doc.at(
                    &format!("{at}{pointer}"),
                    format!("`{path}` is set by `{key}` in {file}: the override wins, and the configuration no longer says what is deployed"),
                )
                .with_help("set the configuration key instead, and remove this patch"),
            );
        }
    }
}

/// What can be checked without rendering: the environments named exist, and each accepted
/// risk names a rule that exists.
pub fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    let Some(o) = &project.overrides else {
        return;
    };
    let envs: Vec<String> = project.config.environments.keys().cloned().collect();
    for name in o.config.environments.keys() {
        if !envs.contains(name) {
            let mut d = o.doc.at_key(
                &format!("/environments/{}", pointer_segment(name)),
                format!("no environment `{name}` in cogform.yaml"),
            );
            if let Some(s) = suggestion(name, &envs) {
                d = d.with_help(s);
            }
            out.push(d);
        }
    }
    for (i, a) in o.config.accept.iter().enumerate() {
        if crate::invariants::parse(&a.rule).is_none() {
            let mut d = o.doc.at(
                &format!("/accept/{i}/rule"),
                format!("no invariant `{}` is checked on the final template", a.rule),
            );
            d = d.with_help(format!(
                "the invariants checked: {}",
                crate::invariants::RULES
                    .iter()
                    .map(|r| crate::invariants::named(r.number))
                    .collect::<Vec<_>>()
                    .join("; ")
            ));
            out.push(d);
        }
    }
}
