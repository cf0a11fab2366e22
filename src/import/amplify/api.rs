//! An Amplify Gen 1 REST API (`cli-inputs.json` version 1: `paths`) → `backend/api/<name>.yaml`,
//! from what the category's stack builder (`apigw-stack-builder.ts`, `apigw-stack-transform.ts`)
//! deploys: each path is `ANY` on `<path>` and `<path>/{proxy+}`, a Lambda proxy integration,
//! SigV4 (IAM) unless the path is `open`; who may call which method is IAM policies on the
//! identity-pool roles:
//!
//! | Amplify                          | cogform                                        |
//! |----------------------------------|------------------------------------------------|
//! | `setting: private`               | `auth: iam`, `allow`: authenticated and groups |
//! | `setting: protected`             | `auth: iam`, `allow`: also guest               |
//! | `setting: open`                  | `ANY` with `auth: none`                        |
//! | crud `create`/`read`/`update`/`delete` | POST / GET / PUT and PATCH / DELETE      |
//! | `auth` / `guest` / `groups.<g>`  | `allow`: authenticated / guest / `<g>`         |
//!
//! A method nobody may call is left out (Amplify answers it with 403 after SigV4; cogform's
//! API does not have it). The function is the deployed one, by ARN.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::{Ctx, Obj, category_name, cli_inputs_path};
use crate::config::api::ApiConfig;

/// The REST cli-inputs versions this reader knows.
pub const VERSIONS: [&str; 1] = ["1"];

/// Crud operation → the methods its policy grants (`convertCrudOperationsToCfnPermissions`).
const CRUD: [(&str, &[&str]); 4] = [
    ("create", &["POST"]),
    ("read", &["GET"]),
    ("update", &["PUT", "PATCH"]),
    ("delete", &["DELETE"]),
];

/// cogform name, configuration, and the Amplify functions the paths call.
pub fn read(ctx: &mut Ctx, name: &str) -> Option<(String, ApiConfig, Vec<String>)> {
    let file = cli_inputs_path("api", name);
    let Some(inputs) = ctx.json(&file) else {
        if !ctx.tree.contains_key(&file) {
            ctx.problems.push(crate::import::Problem::in_file(
                &file,
                format!("not found: backend-config.json lists the REST API `{name}`; projects made before Amplify CLI 7 keep api-params.json instead: run `amplify api update` once with a current CLI to write it"),
            ));
        }
        return None;
    };
    if !ctx.known_inputs(&file, &inputs, "REST API", &VERSIONS, "paths") {
        return None;
    }
    let Some(paths) = inputs.get("paths").and_then(Value::as_object) else {
        ctx.problems.push(crate::import::Problem::at_key(
            &file,
            "paths",
            "must be an object of paths",
        ));
        return None;
    };
    let mut p = Vec::new();
    let mut functions = Map::new();
    let mut called = Vec::new();
    let mut out_paths = Map::new();
    let current = ctx
        .current
        .clone()
        .or_else(|| ctx.envs.first().cloned())
        .unwrap_or_default();
    for (path, v) in paths {
        let prefix = format!("paths.{path}.");
        let Some(entry) = Obj::new(&file, &prefix, v) else {
            p.push(crate::import::Problem::at_key(
                &file,
                &format!("paths.{path}"),
                "must be an object",
            ));
            continue;
        };
        entry.mark("name");
        let Some(lambda) = entry.str("lambdaFunction", &mut p) else {
            p.push(crate::import::Problem::at_key(
                &file,
                &entry.key("lambdaFunction"),
                "missing: the function the path calls",
            ));
            continue;
        };
        let fn_name = category_name(&lambda, "handler");
        if !functions.contains_key(&fn_name) {
            match function_arn(ctx, &lambda, &current) {
                Some(arn) => {
                    functions.insert(fn_name.clone(), json!({"arn": arn}));
                }
                None => {
                    ctx.not_carried(&file, &entry.key("lambdaFunction"), format!("the ARN of `{lambda}` is not in the project (no amplify-meta.json output, no account in team-provider-info.json): the path is left out"));
                    continue;
                }
            }
            for env in ctx.other_envs() {
                ctx.not_carried(&file, &entry.key("lambdaFunction"), format!("`{env}` calls its own `{lambda}` (`{lambda}-{env}`); cogform's `arn` is one for every environment: the import names `{current}`'s"));
            }
            called.push(lambda.clone());
        }
        let perms = entry.get("permissions").cloned().unwrap_or(Value::Null);
        let Some(perm) = Obj::new(&file, &format!("{prefix}permissions."), &perms) else {
            p.push(crate::import::Problem::at_key(
                &file,
                &entry.key("permissions"),
                "must be an object",
            ));
            continue;
        };
        entry.report_unread(&["permissions"], ctx);
        let setting = perm.str("setting", &mut p).unwrap_or_default();
        let mut methods: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
        let mut grant = |who: &str, ops: &[String]| {
            for op in ops {
                for m in CRUD
                    .iter()
                    .find(|(o, _)| o == op)
                    .map(|(_, m)| *m)
                    .unwrap_or(&[])
                {
                    methods.entry(m).or_default().insert(who.to_string());
                }
            }
        };
        let auth_ops = perm.strings("auth", &mut p);
        let guest_ops = perm.strings("guest", &mut p);
        for op in auth_ops.iter().chain(&guest_ops) {
            if !CRUD.iter().any(|(o, _)| o == op) {
                p.push(crate::import::Problem::at_key(
                    &file,
                    &perm.key("auth"),
                    format!("`{op}` is not one of create, read, update, delete"),
                ));
            }
        }
        grant("authenticated", &auth_ops);
        if setting == "protected" {
            grant("guest", &guest_ops);
        } else if !guest_ops.is_empty() {
            ctx.not_carried(&file, &perm.key("guest"), "guest operations of a path that is not `protected` are not granted by Amplify either: left out");
        }
        match perm.get("groups") {
            None => {}
            Some(Value::Object(g)) => {
                for (group, ops) in g {
                    let ops: Vec<String> = ops
                        .as_array()
                        .map(|a| {
                            a.iter()
                                .filter_map(Value::as_str)
                                .map(str::to_string)
                                .collect()
                        })
                        .unwrap_or_default();
                    grant(group, &ops);
                }
            }
            Some(_) => p.push(crate::import::Problem::at_key(
                &file,
                &perm.key("groups"),
                "must be an object of group → operations",
            )),
        }
        perm.report_unread(&[], ctx);
        let mut verbs = Map::new();
        match setting.as_str() {
            "open" => {
                verbs.insert("ANY".into(), json!({"function": fn_name, "auth": "none"}));
            }
            "private" | "protected" => {
                for (m, who) in &methods {
                    // guest, authenticated, then groups in name order.
                    let mut allow: Vec<String> = Vec::new();
                    for first in ["guest", "authenticated"] {
                        if who.contains(first) {
                            allow.push(first.to_string());
                        }
                    }
                    allow.extend(
                        who.iter()
                            .filter(|w| *w != "guest" && *w != "authenticated")
                            .cloned(),
                    );
                    verbs.insert(
                        (*m).to_string(),
                        json!({"function": fn_name, "auth": "iam", "allow": allow}),
                    );
                }
            }
            other => p.push(crate::import::Problem::at_key(
                &file,
                &perm.key("setting"),
                format!("`{other}` is not one of private, protected, open"),
            )),
        }
        if verbs.is_empty() {
            ctx.not_carried(
                &file,
                &perm.key("setting"),
                format!("nobody may call `{path}`: left out"),
            );
            continue;
        }
        out_paths.insert(path.clone(), Value::Object(verbs.clone()));
        out_paths.insert(format!("{path}/{{proxy+}}"), Value::Object(verbs));
    }
    ctx.not_carried(&file, "", "Amplify's API has no stage throttling (the account's limits apply); cogform's throttles at 100 requests per second, burst 200: raise `throttling` if the API needs more");
    ctx.problems.extend(p);
    if out_paths.is_empty() {
        return None;
    }
    let value = json!({
        "functions": functions,
        "paths": out_paths,
        // Amplify's OPTIONS methods answer every origin.
        "cors": {"allowed_origins": ["*"], "allow_any_origin": true},
    });
    match serde_json::from_value(value) {
        Ok(a) => Some((category_name(name, "api"), a, called)),
        Err(e) => {
            ctx.problems.push(crate::import::Problem::in_file(
                &file,
                format!("internal error: the imported settings do not fit an API file: {e}"),
            ));
            None
        }
    }
}

/// The deployed function's ARN: amplify-meta.json's output, else built from the account and
/// region of the environment and Amplify's naming (`<function>-<env>`).
fn function_arn(ctx: &Ctx, lambda: &str, env: &str) -> Option<String> {
    if let Some(arn) = ctx.output("function", lambda, "Arn") {
        return Some(arn);
    }
    let (region, account) = ctx.region_account(env);
    Some(format!(
        "arn:aws:lambda:{}:{}:function:{lambda}-{env}",
        region?, account?
    ))
}
