//! The adoption plan of one environment (`cogform import … --plan ENV`): the
//! resources-to-import file for `aws cloudformation create-change-set --change-set-type
//! IMPORT`, the template that change set takes (only the adopted resources: an import change
//! set may create nothing), and the runbook in the order that never leaves a resource
//! unretained.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::{LiveIds, Problem};
use crate::config::project::Environment;

pub const RESOURCES_FILE: &str = "resources-to-import.json";
pub const RUNBOOK_FILE: &str = "RUNBOOK.md";

/// One resource the import change set adopts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adopted {
    pub id: String,
    pub kind: String,
    /// CloudFormation's primary identifier of the type, with the live values.
    pub identifier: BTreeMap<String, String>,
}

/// The plan of one environment.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub adopted: Vec<Adopted>,
    /// Template resources with an adoptable type that the live side does not have: created by
    /// the update that follows the import.
    pub created_later: Vec<String>,
    /// The template of the import change set.
    pub import_template: Value,
}

/// The primary identifier of an adoptable resource, from its template properties and the live
/// ids (`None`: the live side has no such resource).
fn identifier(kind: &str, props: &Value, live: &LiveIds) -> Option<BTreeMap<String, String>> {
    let prop = |k: &str| props.get(k).and_then(Value::as_str).map(str::to_string);
    let pool = || live.user_pool_id.clone();
    let pairs: Vec<(&str, Option<String>)> = match kind {
        "AWS::Cognito::UserPool" => vec![("UserPoolId", pool())],
        "AWS::Cognito::UserPoolClient" => vec![
            ("UserPoolId", pool()),
            (
                "ClientId",
                prop("ClientName").and_then(|n| live.clients.get(&n).cloned()),
            ),
        ],
        "AWS::Cognito::UserPoolGroup" => {
            vec![("UserPoolId", pool()), ("GroupName", prop("GroupName"))]
        }
        "AWS::Cognito::UserPoolDomain" => vec![
            ("UserPoolId", pool()),
            (
                "Domain",
                prop("Domain").filter(|d| live.domain.as_ref() == Some(d)),
            ),
        ],
        "AWS::Cognito::UserPoolIdentityProvider" => {
            vec![
                ("UserPoolId", pool()),
                ("ProviderName", prop("ProviderName")),
            ]
        }
        "AWS::Cognito::IdentityPool" => vec![("Id", live.identity_pool_id.clone())],
        "AWS::S3::Bucket" => vec![(
            "BucketName",
            prop("BucketName").filter(|b| live.buckets.values().any(|l| l == b)),
        )],
        _ => return None,
    };
    pairs
        .into_iter()
        .map(|(k, v)| v.map(|v| (k.to_string(), v)))
        .collect()
}

/// The plan for `env` from its final template, or what keeps it from being made.
pub fn plan(
    env_name: &str,
    env: &Environment,
    template: &Value,
    live: &LiveIds,
    live_groups: Option<&BTreeSet<String>>,
    live_providers: Option<&BTreeSet<String>>,
) -> Result<Plan, Vec<Problem>> {
    let adoptable = crate::render::adopt::adopted(template, env);
    if adoptable.is_empty() {
        return Err(vec![Problem::at_key(
            crate::load::PROJECT_FILE,
            &format!("environments.{env_name}.adopt"),
            format!("environment `{env_name}` adopts nothing: there is no plan to make"),
        )]);
    }
    let resources = template
        .get("Resources")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut adopted = Vec::new();
    let mut created_later = Vec::new();
    let mut problems = Vec::new();
    for (id, kind) in adoptable {
        let props = resources
            .get(&id)
            .and_then(|r| r.get("Properties"))
            .cloned()
            .unwrap_or(json!({}));
        // Groups and providers: the live lists say which exist, when the source has them.
        let known = |set: Option<&BTreeSet<String>>, key: &str| {
            set.is_none_or(|s| {
                props
                    .get(key)
                    .and_then(Value::as_str)
                    .is_some_and(|n| s.contains(n))
            })
        };
        let exists = match kind.as_str() {
            "AWS::Cognito::UserPoolGroup" => known(live_groups, "GroupName"),
            "AWS::Cognito::UserPoolIdentityProvider" => known(live_providers, "ProviderName"),
            _ => true,
        };
        match identifier(&kind, &props, live).filter(|_| exists) {
            Some(identifier) => adopted.push(Adopted {
                id,
                kind,
                identifier,
            }),
            None if matches!(
                kind.as_str(),
                "AWS::Cognito::UserPool" | "AWS::Cognito::IdentityPool"
            ) =>
            {
                problems.push(Problem::in_file(
                    crate::load::PROJECT_FILE,
                    format!(
                        "environment `{env_name}` adopts the {}, but the source holds no id for it in this environment: import from this environment's describe JSON (`--from-describe`)",
                        if kind.ends_with("UserPool") { "user pool" } else { "identity pool" }
                    ),
                ));
            }
            None if kind == "AWS::S3::Bucket" => problems.push(Problem::in_file(
                crate::load::PROJECT_FILE,
                format!("environment `{env_name}` adopts the bucket `{}`, but the source does not name it as a live bucket of this environment", props.get("BucketName").and_then(Value::as_str).unwrap_or("?")),
            )),
            None => created_later.push(id),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let ids: BTreeSet<&str> = adopted.iter().map(|a| a.id.as_str()).collect();
    let import_template = import_template(template, &ids);
    Ok(Plan {
        adopted,
        created_later,
        import_template,
    })
}

/// The final template cut down to the adopted resources; a property that names a resource
/// created later is left out (the update after the import sets it).
fn import_template(template: &Value, ids: &BTreeSet<&str>) -> Value {
    let mut out = Map::new();
    out.insert("AWSTemplateFormatVersion".into(), json!("2010-09-09"));
    out.insert(
        "Description".into(),
        json!("Resource import: the live resources this stack adopts, retained, nothing created. @generated by cogform import --plan; the next update deploys the full template."),
    );
    let mut resources = Map::new();
    if let Some(all) = template.get("Resources").and_then(Value::as_object) {
        for (id, r) in all {
            if !ids.contains(id.as_str()) {
                continue;
            }
            let mut r = r.clone();
            let mut left_out = Vec::new();
            if let Some(Value::Object(props)) = r.get_mut("Properties") {
                props.retain(|k, v| {
                    let keep = names_only(v, ids);
                    if !keep {
                        left_out.push(k.clone());
                    }
                    keep
                });
            }
            if let Value::Object(m) = &mut r {
                m.remove("DependsOn");
            }
            if left_out.iter().any(|k| k == "LoggingConfiguration") {
                skip_checkov(
                    &mut r,
                    "CKV_AWS_18",
                    "An import change set may create nothing: the access-log bucket and this bucket's logging come with the update that follows the import (runbook, step 6).",
                );
            }
            resources.insert(id.clone(), r);
        }
    }
    out.insert("Resources".into(), Value::Object(resources));
    Value::Object(out)
}

/// Adds a checkov skip with its reason to a resource's metadata.
fn skip_checkov(resource: &mut Value, id: &str, comment: &str) {
    let Value::Object(r) = resource else {
        return;
    };
    let metadata = r.entry("Metadata").or_insert_with(|| json!({}));
    if !metadata["checkov"]["skip"].is_array() {
        metadata["checkov"] = json!({"skip": []});
    }
    if let Some(list) = metadata["checkov"]["skip"].as_array_mut() {
        list.push(json!({"id": id, "comment": comment}));
    }
}

/// Whether every resource `v` names (`Ref`, `Fn::GetAtt`, `${Id}` in `Fn::Sub`) is in `ids`
/// or a pseudo parameter.
fn names_only(v: &Value, ids: &BTreeSet<&str>) -> bool {
    let ok = |name: &str| {
        name.starts_with("AWS::") || ids.contains(name.split('.').next().unwrap_or(name))
    };
    match v {
        Value::Object(m) => m.iter().all(|(k, x)| match (k.as_str(), x) {
            ("Ref", Value::String(name)) => ok(name),
            ("Fn::GetAtt", Value::Array(a)) => a.first().and_then(Value::as_str).is_some_and(ok),
            ("Fn::Sub", Value::String(text)) => sub_names(text).iter().all(|n| ok(n)),
            _ => names_only(x, ids),
        }),
        Value::Array(a) => a.iter().all(|x| names_only(x, ids)),
        _ => true,
    }
}

/// The names `${…}` in a `Fn::Sub` text refers to (`${!Literal}` is not one).
fn sub_names(text: &str) -> Vec<&str> {
    text.split("${")
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .filter(|name| !name.starts_with('!'))
        .collect()
}

/// The resources-to-import file, as `create-change-set --resources-to-import` reads it.
pub fn resources_file(plan: &Plan) -> String {
    let list: Vec<Value> = plan
        .adopted
        .iter()
        .map(|a| {
            json!({
                "ResourceType": a.kind,
                "LogicalResourceId": a.id,
                "ResourceIdentifier": a.identifier,
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&list).unwrap_or_default();
    text.push('\n');
    text
}

/// What the runbook needs besides the plan.
pub struct RunbookInput<'a> {
    pub env: &'a str,
    /// `build/<env>.template.yaml`.
    pub template_path: &'a str,
    /// `build/adopt/<env>/import.template.yaml`.
    pub import_template_path: &'a str,
    pub region: Option<&'a str>,
    /// Gen 1: the retaining templates written (path, source, retained ids); empty otherwise.
    pub retaining: &'a [(String, String, Vec<String>)],
    /// The Gen 1 root stack's name, when known.
    pub old_stack: Option<&'a str>,
}

pub fn runbook(plan: &Plan, input: &RunbookInput) -> String {
    let env = input.env;
    let stack = format!("STACK-{env}");
    let region = input
        .region
        .map(|r| format!(" --region {r}"))
        .unwrap_or_default();
    let mut out = format!(
        "# Adopting the live resources of `{env}` into cogform's stack\n\n\
         Written by `cogform import --plan {env}`. Each step says what it changes; nothing here\n\
         deletes a user, an identity id or an object. `{stack}` stands for the name you give the\n\
         new stack.\n\n## What is adopted (and kept as it is)\n\n"
    );
    for a in &plan.adopted {
        let ids: Vec<String> = a
            .identifier
            .iter()
            .map(|(k, v)| format!("{k} `{v}`"))
            .collect();
        out.push_str(&format!("- `{}` ({}): {}\n", a.id, a.kind, ids.join(", ")));
    }
    out.push_str(
        "\nThe identity pool is adopted, never replaced: every identity id, and with it every\n\
         `protected/` and `private/` object, is kept.\n\n## What is created new\n\n\
         The IAM roles (authenticated, guest, one per group), their policies and the identity\n\
         pool's role attachment are created new by step 6: the old roles' grants are not copied\n\
         (the import report lists them). Access logs buckets, bucket policies and API resources\n\
         are new too.\n",
    );
    if !plan.created_later.is_empty() {
        out.push_str(&format!(
            "Not live, so created by step 6 rather than adopted: {}.\n",
            plan.created_later
                .iter()
                .map(|i| format!("`{i}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    out.push_str("\n## Steps\n\n");
    out.push_str(&format!(
        "1. **Check first.** Describe the live resources (README, \"Coming from Amplify\") into a\n   \
         folder and run `cogform build`, then `cogform diff --against-describe <folder> --env {env}`.\n   \
         It must exit 0: it lists each property the full template will change (cogform's\n   \
         hardening, such as deletion protection), and exits 3 on a change that would replace an\n   \
         adopted resource or that the service refuses — fix the configuration until it is gone.\n"
    ));
    let mut n = 2;
    if input.retaining.is_empty() {
        out.push_str(&format!(
            "{n}. **Make the old stack retain what is adopted.** In the stack (or tool) that made these\n   \
             resources, set `DeletionPolicy: Retain` and `UpdateReplacePolicy: Retain` on each resource\n   \
             listed above (and on any custom resource that would delete the hosted UI domain or an\n   \
             identity provider), and deploy that change. Check with `aws cloudformation\n   \
             get-template` that every one carries it.\n"
        ));
    } else {
        out.push_str(&format!(
            "{n}. **Make the Amplify stacks retain what is adopted.** cogform wrote retaining versions of\n   \
             the deployed Gen 1 templates (only `DeletionPolicy`/`UpdateReplacePolicy: Retain` added):\n\n"
        ));
        for (path, source, ids) in input.retaining {
            out.push_str(&format!(
                "   - `{path}` (from `{source}`): {}\n",
                ids.iter()
                    .map(|i| format!("`{i}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        out.push_str(
            "\n   Update each nested stack with its retaining version (`aws cloudformation update-stack\n   \
             --stack-name <nested stack> --template-body file://<file> --parameters\n   \
             ParameterKey=<each>,UsePreviousValue=true … --capabilities CAPABILITY_IAM\n   \
             CAPABILITY_NAMED_IAM`), then confirm with `get-template` that each listed resource carries `DeletionPolicy: Retain`.\n",
        );
    }
    n += 1;
    let old = input
        .old_stack
        .map(|s| format!("`{s}`"))
        .unwrap_or_else(|| "the old stack".into());
    out.push_str(&format!(
        "{n}. **Retire the old stack.** Delete {old} (for Amplify: `amplify env remove {env}` from another\n   \
         environment, or `aws cloudformation delete-stack`). The retained resources stay; the old\n   \
         roles go, so from here until step 6 signed-in users get no AWS credentials (sign-in itself\n   \
         keeps working): do steps 3–6 together, in a quiet hour.\n"
    ));
    n += 1;
    out.push_str(&format!(
        "{n}. **Import.** With `{import}` (the adopted resources only; an import change set may\n   \
         create nothing else) and `{file}` beside it:\n\n   \
         ```sh\n   \
         aws cloudformation create-change-set --stack-name {stack}{region} \\\n     \
         --change-set-name adopt --change-set-type IMPORT \\\n     \
         --resources-to-import file://build/adopt/{env}/{file} \\\n     \
         --template-body file://{import} --capabilities CAPABILITY_IAM\n   \
         aws cloudformation describe-change-set --stack-name {stack}{region} --change-set-name adopt\n   \
         aws cloudformation execute-change-set --stack-name {stack}{region} --change-set-name adopt\n   \
         ```\n\n   \
         The change set must show only `Import` actions, one per resource listed above.\n",
        import = input.import_template_path,
        file = RESOURCES_FILE,
    ));
    n += 1;
    out.push_str(&format!(
        "{n}. **Check again.** Describe the live resources once more and run `cogform diff\n   \
         --against-describe <folder> --env {env}`: still exit 0, the same list as in step 1.\n"
    ));
    n += 1;
    out.push_str(&format!(
        "{n}. **Deploy the full template.** `aws cloudformation deploy --stack-name {stack}{region}\n   \
         --template-file {tpl} --capabilities CAPABILITY_IAM` — this creates the roles and the\n   \
         role attachment and applies the listed in-place changes. Then commit the project and let CI\n   \
         run `cogform check`: from now on `cogform diff` compares with this committed build.\n",
        tpl = input.template_path,
    ));
    out.push_str(
        "\n## What is not preserved\n\n\
         - The old IAM roles and their policies (new roles are attached in step 6).\n\
         - Anything the import report lists as not carried over (it is also at the top of each\n  \
         written file): triggers, override.ts changes, settings cogform has no key for.\n\
         - Provider secrets: stored in Secrets Manager under the names auth.yaml references,\n  \
         before step 6.\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_names_skip_literals() {
        assert_eq!(
            sub_names("arn:${AWS::Partition}:s3:::${Bucket}/${!Literal}"),
            vec!["AWS::Partition", "Bucket"]
        );
    }

    #[test]
    fn properties_naming_new_resources_are_left_out() {
        let ids = BTreeSet::from(["UserPool"]);
        assert!(names_only(&json!({"Ref": "UserPool"}), &ids));
        assert!(names_only(
            &json!({"Fn::GetAtt": ["UserPool", "Arn"]}),
            &ids
        ));
        assert!(!names_only(
            &json!({"Fn::GetAtt": ["SmsRole", "Arn"]}),
            &ids
        ));
        assert!(!names_only(&json!([{"Fn::Sub": "${Fn.Arn}"}]), &ids));
        assert!(names_only(&json!({"Fn::Sub": "${AWS::AccountId}"}), &ids));
    }
}
