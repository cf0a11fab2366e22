//! Retaining versions of Amplify Gen 1 build templates: the templates of the auth and storage
//! nested stacks with `DeletionPolicy: Retain` and `UpdateReplacePolicy: Retain` on exactly the
//! resources cogform adopts, so that updating the Amplify stack with them and then retiring it
//! leaves every user, identity and object in place. Nothing else in a template changes.

use serde_json::{Map, Value};

use super::amplify::BACKEND_CONFIG;
use super::{Problem, SourceTree, parse_json};

/// One retaining template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retained {
    /// The build template it came from.
    pub source: String,
    /// Output file name, e.g. `auth-myapp1234-cloudformation-template.json`.
    pub path: String,
    /// Pretty JSON, keys in the source's order, trailing newline.
    pub content: String,
    /// Logical ids that got both policies set to `Retain`.
    pub retained: Vec<String>,
}

/// Resource types cogform adopts, by category of the template that holds them. The storage
/// bucket is the storage stack's; the auth stack's own bucket (custom message links) and
/// Amplify's deployment bucket (root stack) are not adopted.
const ADOPTED: [(&str, &str); 5] = [
    ("auth", "AWS::Cognito::UserPool"),
    ("auth", "AWS::Cognito::UserPoolClient"),
    ("auth", "AWS::Cognito::IdentityPool"),
    ("auth", "AWS::Cognito::UserPoolGroup"),
    ("storage", "AWS::S3::Bucket"),
];

/// Custom resources of Amplify's auth stack whose Lambda deletes what cogform adopts when
/// CloudFormation deletes them (`auth-cognito-stack-builder.ts`): the hosted UI domain
/// (`hostedUILambda.js` calls DeleteUserPoolDomain on Delete) and the social providers
/// (`hostedUIProviderLambda.js`; today's version does nothing on Delete, earlier ones and
/// overridden ones may: retained all the same).
const DELETING_CUSTOM_RESOURCES: [&str; 2] = [
    "HostedUICustomResourceInputs",
    "HostedUIProvidersCustomResourceInputs",
];

/// API calls that, in a custom resource's inline Lambda code, delete an adopted resource.
const DELETING_CALLS: [&str; 2] = ["DeleteUserPoolDomain", "DeleteIdentityProvider"];

/// The build template of a resource: what is deployed (`#current-cloud-backend`) first, else
/// the last build in `backend/`. Storage templates are `cloudformation-template.json` (older
/// projects: `s3-cloudformation-template.json`).
pub fn build_template(tree: &SourceTree, category: &str, name: &str) -> Option<String> {
    candidates(category, name)
        .into_iter()
        .find(|p| tree.contains_key(p))
}

fn candidates(category: &str, name: &str) -> Vec<String> {
    let files = [
        format!("{name}-cloudformation-template.json"),
        "cloudformation-template.json".to_string(),
        "s3-cloudformation-template.json".to_string(),
    ];
    ["amplify/#current-cloud-backend", "amplify/backend"]
        .iter()
        .flat_map(|root| {
            files
                .iter()
                .map(move |f| format!("{root}/{category}/{name}/build/{f}"))
        })
        .collect()
}

/// Reads the auth and storage build templates of every resource of backend-config.json and
/// returns their retaining versions, in path order. All problems are collected.
pub fn retaining_templates(tree: &SourceTree) -> Result<Vec<Retained>, Vec<Problem>> {
    let mut problems = Vec::new();
    let backend = match parse_json(tree, BACKEND_CONFIG) {
        Ok(Some(b)) => b,
        Ok(None) => {
            return Err(vec![Problem::in_file(
                BACKEND_CONFIG,
                "not found: it lists the resources whose templates are retained",
            )]);
        }
        Err(p) => return Err(vec![p]),
    };
    let mut out = Vec::new();
    for category in ["auth", "storage"] {
        let Some(resources) = backend.get(category).and_then(Value::as_object) else {
            continue;
        };
        for (name, r) in resources {
            let service = r.get("service").and_then(Value::as_str).unwrap_or("");
            let adopted = matches!(
                (category, service),
                ("auth", "Cognito") | ("auth", "Cognito-UserPool-Groups") | ("storage", "S3")
            ) && r.get("serviceType").and_then(Value::as_str) != Some("imported");
            if !adopted {
                continue;
            }
            let Some(source) = build_template(tree, category, name) else {
                let wanted = &candidates(category, name)[0];
                problems.push(Problem::in_file(
                    wanted,
                    format!("not found (nor under amplify/backend/{category}/{name}/build/): run `amplify pull` to fetch what is deployed, or `amplify build` for the last build, then import again"),
                ));
                continue;
            };
            let template = match parse_json(tree, &source) {
                Ok(Some(t)) => t,
                Ok(None) => continue,
                Err(p) => {
                    problems.push(p);
                    continue;
                }
            };
            match retain(category, template) {
                Ok((value, retained)) => {
                    let mut content = serde_json::to_string_pretty(&value).unwrap_or_default();
                    content.push('\n');
                    out.push(Retained {
                        path: format!("{category}-{name}-cloudformation-template.json"),
                        source,
                        content,
                        retained,
                    });
                }
                Err(message) => problems.push(Problem::in_file(&source, message)),
            }
        }
    }
    if problems.is_empty() {
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    } else {
        problems.sort();
        Err(problems)
    }
}

/// Sets both policies to `Retain` on the adopted resources of one template.
fn retain(category: &str, mut template: Value) -> Result<(Value, Vec<String>), String> {
    let Some(resources) = template.get_mut("Resources").and_then(Value::as_object_mut) else {
        return Err("has no `Resources` object: not a CloudFormation template".into());
    };
    let deleting = deleting_functions(resources);
    let mut retained = Vec::new();
    for (id, r) in resources.iter_mut() {
        let kind = r.get("Type").and_then(Value::as_str).unwrap_or("");
        let custom = kind.starts_with("Custom::") || kind == "AWS::CloudFormation::CustomResource";
        let keep = ADOPTED.contains(&(category, kind))
            || (category == "auth"
                && custom
                && (DELETING_CUSTOM_RESOURCES.contains(&id.as_str())
                    || service_function(r).is_some_and(|f| deleting.contains(&f))));
        if !keep {
            continue;
        }
        let Some(obj) = r.as_object_mut() else {
            continue;
        };
        obj.insert("DeletionPolicy".into(), Value::String("Retain".into()));
        obj.insert("UpdateReplacePolicy".into(), Value::String("Retain".into()));
        retained.push(id.clone());
    }
    Ok((template, retained))
}

/// Lambda functions of the template whose inline code deletes an adopted resource.
fn deleting_functions(resources: &Map<String, Value>) -> Vec<String> {
    resources
        .iter()
        .filter(|(_, r)| {
            r.get("Type").and_then(Value::as_str) == Some("AWS::Lambda::Function")
                && r.pointer("/Properties/Code/ZipFile")
                    .and_then(Value::as_str)
                    .is_some_and(|code| DELETING_CALLS.iter().any(|c| code.contains(c)))
        })
        .map(|(id, _)| id.clone())
        .collect()
}

/// The function a custom resource calls (`ServiceToken: !GetAtt <fn>.Arn`).
fn service_function(r: &Value) -> Option<String> {
    let token = r.pointer("/Properties/ServiceToken")?;
    token
        .get("Fn::GetAtt")
        .and_then(|g| g.get(0))
        .and_then(Value::as_str)
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::amplify::tests::fixture;

    /// For each fixture: the retaining template differs from its source only by the two
    /// policies on the listed ids, and those are exactly the adopted types and the deleting
    /// custom resources.
    #[test]
    fn retaining_templates_add_retain_to_exactly_the_adopted_resources() {
        type Files<'a> = &'a [(&'a str, &'a [&'a str])];
        let expect: [(&str, Files); 4] = [
            (
                "email-groups",
                &[
                    (
                        "auth-emailgroups1a2b3c4d-cloudformation-template.json",
                        &[
                            "UserPool",
                            "UserPoolClientWeb",
                            "UserPoolClient",
                            "IdentityPool",
                        ],
                    ),
                    (
                        "auth-userPoolGroups-cloudformation-template.json",
                        &["AdminsGroup", "EditorsGroup"],
                    ),
                ],
            ),
            (
                "username-social",
                &[(
                    "auth-usernamesocialab12cd34-cloudformation-template.json",
                    &[
                        "UserPool",
                        "UserPoolClientWeb",
                        "UserPoolClient",
                        "HostedUICustomResourceInputs",
                        "HostedUIProvidersCustomResourceInputs",
                        "IdentityPool",
                    ],
                )],
            ),
            (
                "storage-access",
                &[
                    (
                        "auth-storageaccess5e6f7a8b-cloudformation-template.json",
                        &[
                            "UserPool",
                            "UserPoolClientWeb",
                            "UserPoolClient",
                            "IdentityPool",
                        ],
                    ),
                    (
                        "auth-userPoolGroups-cloudformation-template.json",
                        &["AdminsGroup"],
                    ),
                    (
                        "storage-userFiles-cloudformation-template.json",
                        &["S3Bucket"],
                    ),
                ],
            ),
            (
                "rest-api",
                &[
                    (
                        "auth-restapi9d8c7b6a-cloudformation-template.json",
                        &[
                            "UserPool",
                            "UserPoolClientWeb",
                            "UserPoolClient",
                            "IdentityPool",
                        ],
                    ),
                    (
                        "auth-userPoolGroups-cloudformation-template.json",
                        &["ManagersGroup"],
                    ),
                ],
            ),
        ];
        for (name, files) in expect {
            let tree = fixture(name);
            let out = retaining_templates(&tree).unwrap_or_else(|p| panic!("{name}: {p:?}"));
            let got: Vec<(&str, Vec<&str>)> = out
                .iter()
                .map(|r| {
                    (
                        r.path.as_str(),
                        r.retained.iter().map(String::as_str).collect(),
                    )
                })
                .collect();
            let want: Vec<(&str, Vec<&str>)> =
                files.iter().map(|(p, ids)| (*p, ids.to_vec())).collect();
            assert_eq!(got, want, "{name}");
            for r in &out {
                assert!(
                    r.source.starts_with("amplify/#current-cloud-backend/"),
                    "{}",
                    r.source
                );
                assert!(r.content.ends_with("}\n"));
                let after: Value = serde_json::from_str(&r.content).unwrap();
                let before: Value = serde_json::from_str(&tree[&r.source]).unwrap();
                let mut expected = before.clone();
                for id in &r.retained {
                    let res = expected["Resources"][id].as_object_mut().unwrap();
                    res.insert("DeletionPolicy".into(), "Retain".into());
                    res.insert("UpdateReplacePolicy".into(), "Retain".into());
                }
                assert_eq!(after, expected, "{name}: {}", r.path);
                // Key order is the source's.
                let keys = |v: &Value| {
                    v["Resources"]
                        .as_object()
                        .unwrap()
                        .keys()
                        .cloned()
                        .collect::<Vec<_>>()
                };
                assert_eq!(keys(&after), keys(&before));
            }
        }
    }

    #[test]
    fn a_custom_resource_whose_code_deletes_the_domain_is_retained_by_its_code() {
        let template = serde_json::json!({"Resources": {
            "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Code": {"ZipFile": "await c.send(new DeleteUserPoolDomainCommand(p))"}}},
            "Other": {"Type": "Custom::LambdaCallout", "Properties": {"ServiceToken": {"Fn::GetAtt": ["Fn", "Arn"]}}},
            "Unrelated": {"Type": "Custom::LambdaCallout", "Properties": {"ServiceToken": "arn:x"}},
            "Role": {"Type": "AWS::IAM::Role"},
        }});
        let (_, ids) = retain("auth", template).unwrap();
        assert_eq!(ids, ["Other"]);
    }

    #[test]
    fn missing_or_broken_templates_are_problems_naming_the_fix() {
        let mut tree = fixture("storage-access");
        tree.retain(|k, _| !k.contains("/storage/userFiles/build/"));
        let auth = "amplify/#current-cloud-backend/auth/storageaccess5e6f7a8b/build/storageaccess5e6f7a8b-cloudformation-template.json";
        tree.insert(auth.into(), "{\n  \"Resources\": {,\n}".into());
        let problems = retaining_templates(&tree).unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[0].file, auth);
        assert_eq!((problems[0].line, problems[0].column), (Some(2), Some(17)));
        assert_eq!(
            problems[1].file,
            "amplify/#current-cloud-backend/storage/userFiles/build/userFiles-cloudformation-template.json"
        );
        assert!(
            problems[1].message.contains("amplify pull"),
            "{}",
            problems[1].message
        );
    }

    /// A build of `backend/` stands in when nothing was pulled.
    #[test]
    fn the_backend_build_is_used_when_nothing_is_deployed_here() {
        let tree = fixture("storage-access");
        let moved: SourceTree = tree
            .into_iter()
            .map(|(k, v)| {
                (
                    k.replace(
                        "amplify/#current-cloud-backend/storage/",
                        "amplify/backend/storage/",
                    ),
                    v,
                )
            })
            .collect();
        let out = retaining_templates(&moved).unwrap();
        let storage = out.iter().find(|r| r.path.starts_with("storage-")).unwrap();
        assert_eq!(
            storage.source,
            "amplify/backend/storage/userFiles/build/cloudformation-template.json"
        );
    }
}
