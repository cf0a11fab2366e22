//! Lambda functions the template creates: the project functions of `backend/functions/` and
//! the functions an API file describes with its code. Each gets its own log group, an
//! execution role that may write only those logs, and, for a project function, one policy
//! with exactly what its `access` names.
//!
//! No circular dependency, by construction: a function's grants name the user pool through a
//! separate `AWS::IAM::Policy` the function does not depend on, and name buckets by their
//! known names, never by `Ref`; a trigger of the pool learns the pool's id from its event, not
//! from an environment variable. So the pool and the buckets may depend on the function
//! (`LambdaConfig`, `NotificationConfiguration`) while the function depends only on its role
//! and log group. `tests/cli/functions.rs` checks the graph of generated projects.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::context::USER_POOL_ID;
use super::iam::POLICY_VERSION;
use super::ids::pascal;
use super::storage::{path_label, primitive, statements};
use crate::config::api::Code;
use crate::config::function::{FunctionConfig, USER_POOL_VARIABLE, bucket_variable};
use crate::load::Project;

/// What the template file `functions/function.yaml` needs for one function.
#[derive(Debug, Serialize)]
pub struct FunctionCtx {
    pub id: String,
    pub name: String,
    pub role_id: String,
    pub log_group_id: String,
    pub runtime: String,
    pub handler: String,
    pub code: Value,
    pub memory: u32,
    pub timeout: u32,
    pub retention_days: u32,
    /// The code is a local path for `aws cloudformation package` (cfn-lint warns W3002).
    pub local_code: bool,
    /// `Variables` of the function's environment; `None` without any.
    pub environment: Option<Value>,
    /// The policy with the function's grants (`access`), attached to its role.
    pub access_policy: Option<AccessPolicy>,
    /// A queue for the events of asynchronous callers (bucket notifications) that still fail
    /// after Lambda's retries; `None` for functions only called synchronously.
    pub dead_letters_id: Option<String>,
    /// checkov checks that do not apply, with the reason written into the template.
    pub skips: Vec<Skip>,
}

#[derive(Debug, Serialize)]
pub struct AccessPolicy {
    pub id: String,
    pub description: String,
    pub document: Value,
}

#[derive(Debug, Serialize)]
pub struct Skip {
    pub id: &'static str,
    pub comment: String,
}

/// The logical id of a project function.
pub fn function_id(name: &str) -> String {
    format!("Function{}", pascal(name))
}

/// `Fn::GetAtt` of a project function's ARN (what triggers, buckets and routes call).
pub fn function_arn(name: &str) -> Value {
    json!({"Fn::GetAtt": [function_id(name), "Arn"]})
}

/// The deployed name of a project function.
pub fn function_name(project: &str, name: &str, env: &str) -> String {
    format!("{project}-{name}-{env}")
}

/// Who calls a function, which decides what its checks mean.
#[derive(Debug, Default)]
pub struct Callers {
    pub pool_trigger: bool,
    pub bucket: bool,
    pub api: bool,
}

/// Who calls the project function `name` in `project`.
pub fn callers(project: &Project, name: &str) -> Callers {
    Callers {
        pool_trigger: project
            .auth
            .triggers
            .configured()
            .iter()
            .any(|(_, _, t)| t.function() == Some(name)),
        bucket: project
            .storage
            .iter()
            .any(|s| s.config.triggers.iter().any(|t| t.function == name)),
        api: project.apis.iter().any(|a| {
            !a.config.functions.contains_key(name)
                && a.config
                    .paths
                    .values()
                    .flat_map(|v| v.values())
                    .any(|m| m.function == name)
        }),
    }
}

/// The code as CloudFormation's `Code` property (a local path is replaced by `package`).
pub fn code(code: &Code) -> Value {
    match code {
        Code::S3(s3) => json!({"S3Bucket": s3.s3_bucket, "S3Key": s3.s3_key}),
        Code::Local(l) => Value::String(l.path.clone()),
    }
}

/// The checkov skips every created function carries, for the reasons its callers give.
pub fn skips(callers: &Callers, has_environment: bool) -> Vec<Skip> {
    let mut bounded = Vec::new();
    if callers.api {
        bounded.push("the API stage's throttling");
    }
    if callers.pool_trigger {
        bounded.push("the user pool's request quotas");
    }
    if callers.bucket {
        bounded.push("the bucket's object events");
    }
    let mut out = vec![Skip {
        id: "CKV_AWS_115",
        comment: format!(
            "Concurrency is bounded by {}; a reserved limit per function is a deployment choice.",
            if bounded.is_empty() {
                "its callers".to_string()
            } else {
                bounded.join(" and ")
            }
        ),
    }];
    if !callers.bucket {
        let mut synchronous = Vec::new();
        if callers.api {
            synchronous.push("API Gateway");
        }
        if callers.pool_trigger {
            synchronous.push("Cognito");
        }
        out.push(Skip {
            id: "CKV_AWS_116",
            comment: if synchronous.is_empty() {
                "Nothing in this template calls the function yet; a dead-letter queue only applies to asynchronous invocations (cogform adds one when a bucket calls it).".into()
            } else {
                format!(
                    "Invoked synchronously by {}, which returns errors to the caller; a dead-letter queue only applies to asynchronous invocations.",
                    synchronous.join(" and ")
                )
            },
        });
    }
    out.push(Skip {
        id: "CKV_AWS_117",
        comment: "The function calls only public AWS endpoints; no VPC resources to reach.".into(),
    });
    out.push(Skip {
        id: "CKV_AWS_173",
        comment: if has_environment {
            "The environment holds resource names and settings, never secrets (cogform warns about names that look like secrets); Lambda encrypts it at rest with an AWS managed key.".into()
        } else {
            "The function has no environment variables.".into()
        },
    });
    out
}

/// The context of one project function for an environment.
pub fn build(project: &Project, env: &str, name: &str, config: &FunctionConfig) -> FunctionCtx {
    let id = function_id(name);
    let callers = callers(project, name);
    let bucket_names: BTreeMap<&str, String> = project
        .storage
        .iter()
        .map(|s| {
            (
                s.name.as_str(),
                super::storage::bucket_name(&project.config, env, &s.name),
            )
        })
        .collect();

    let mut variables = Map::new();
    for (k, v) in &config.environment {
        variables.insert(k.clone(), Value::String(v.clone()));
    }
    for bucket in config.access.storage.keys() {
        if let Some(bucket_name) = bucket_names.get(bucket.as_str()) {
            variables.insert(
                bucket_variable(bucket),
                super::storage::sub_or_literal(bucket_name),
            );
        }
    }
    // A trigger of the pool gets the pool's id in its event; naming the pool here would make
    // the function depend on the pool that depends on it.
    if !config.access.auth.is_empty() && !callers.pool_trigger {
        variables.insert(USER_POOL_VARIABLE.into(), json!({"Ref": USER_POOL_ID}));
    }

    let mut statement = Vec::new();
    if !config.access.auth.is_empty() {
        let actions: BTreeSet<String> = config
            .access
            .auth
            .iter()
            .flat_map(|a| a.actions().iter().map(|x| format!("cognito-idp:{x}")))
            .collect();
        statement.push(json!({
            "Sid": "UserPool",
            "Effect": "Allow",
            "Action": actions,
            "Resource": {"Fn::GetAtt": [USER_POOL_ID, "Arn"]},
        }));
    }
    for (bucket, prefixes) in &config.access.storage {
        let Some(bucket_name) = bucket_names.get(bucket.as_str()) else {
            continue;
        };
        for (prefix, actions) in prefixes {
            let key_prefix = prefix.trim_end_matches('*');
            let sid = format!("Storage{}{}", pascal(bucket), path_label(prefix));
            statement.extend(statements(
                "Allow",
                &sid,
                bucket_name,
                key_prefix,
                key_prefix,
                &primitive(actions),
            ));
        }
    }
    let dead_letters_id = callers.bucket.then(|| format!("{id}DeadLetters"));
    let access_policy = (!statement.is_empty()).then(|| AccessPolicy {
        id: format!("{id}AccessPolicy"),
        description: format!(
            "What the function {name} may do (backend/functions/{name}.yaml `access`)."
        ),
        document: json!({"Version": POLICY_VERSION, "Statement": statement}),
    });
    let environment = (!variables.is_empty()).then(|| Value::Object(variables));
    FunctionCtx {
        name: function_name(&project.config.project, name, env),
        role_id: format!("{id}Role"),
        log_group_id: format!("{id}LogGroup"),
        runtime: config.runtime.clone(),
        handler: config.handler.clone(),
        code: code(&config.code),
        memory: config.memory,
        timeout: config.timeout,
        retention_days: config.log_retention_days,
        local_code: matches!(config.code, Code::Local(_)),
        skips: skips(&callers, environment.is_some()),
        environment,
        access_policy,
        dead_letters_id,
        id,
    }
}
