//! Amplify Gen 1 project folder → [`Imported`]: `amplify/team-provider-info.json` gives the
//! environments, `backend/backend-config.json` the resources, each resource's `cli-inputs.json`
//! its settings (auth: [`auth`], storage: [`storage`], REST APIs: [`api`]) and
//! `backend/amplify-meta.json` (or `src/aws-exports.js`) the current environment's live ids.
//! Every `cli-inputs.json` key is either mapped, listed in a bookkeeping table (Amplify's own
//! state, safe to drop) or reported as not carried; secrets are reported, never copied.

mod api;
mod auth;
mod storage;
#[cfg(test)]
pub(crate) mod tests;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::{Finding, FindingKind, Imported, LiveIds, Problem, SourceTree, parse_json};
use crate::config::project::ProjectConfig;
use crate::load::{API_DIR, AUTH_FILE, PROJECT_FILE, STORAGE_DIR};

pub const TEAM_PROVIDER_INFO: &str = "amplify/team-provider-info.json";
pub const PROJECT_CONFIG: &str = "amplify/.config/project-config.json";
pub const LOCAL_ENV_INFO: &str = "amplify/.config/local-env-info.json";
pub const BACKEND_CONFIG: &str = "amplify/backend/backend-config.json";
pub const AMPLIFY_META: &str = "amplify/backend/amplify-meta.json";
pub const AWS_EXPORTS: &str = "src/aws-exports.js";
pub const GROUP_PRECEDENCE: &str =
    "amplify/backend/auth/userPoolGroups/user-pool-group-precedence.json";

/// A resource's `cli-inputs.json`.
pub fn cli_inputs_path(category: &str, name: &str) -> String {
    format!("amplify/backend/{category}/{name}/cli-inputs.json")
}

/// What every category reader shares: the parsed project files and what was found so far.
pub(crate) struct Ctx<'a> {
    pub tree: &'a SourceTree,
    pub project: String,
    /// Environment names, in name order.
    pub envs: Vec<String>,
    /// The environment `amplify-meta.json` describes (the one last pushed from here).
    pub current: Option<String>,
    pub tpi: Value,
    pub meta: Option<Value>,
    pub exports: Option<Value>,
    pub problems: Vec<Problem>,
    pub findings: Vec<Finding>,
    /// The storage resources read so far: (Amplify's name, cogform's name).
    pub storage_names: Vec<(String, String)>,
}

impl Ctx<'_> {
    pub fn note(&mut self, kind: FindingKind, file: &str, key: &str, message: impl Into<String>) {
        self.findings.push(Finding {
            kind,
            file: file.to_string(),
            key: key.to_string(),
            message: message.into(),
        });
    }

    /// Whether the cli-inputs `version` is one this reader knows (else a problem naming the
    /// known ones); every top-level key besides `version` and `body` is reported as not carried.
    pub fn known_inputs(
        &mut self,
        file: &str,
        inputs: &Value,
        what: &str,
        versions: &[&str],
        body: &str,
    ) -> bool {
        let version = inputs.get("version");
        let spelled = match version {
            Some(Value::String(v)) => Some(v.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        if !spelled.is_some_and(|v| versions.contains(&v.as_str())) {
            self.problems.push(crate::import::Problem::at_key(
                file,
                "version",
                format!(
                    "{}: this cogform reads {what} cli-inputs version {}",
                    version.map_or("no version".to_string(), |v| format!("unknown version {v}")),
                    versions.join(", ")
                ),
            ));
            return false;
        }
        for k in inputs.as_object().into_iter().flat_map(|o| o.keys()) {
            if k != "version" && k != body {
                self.not_carried(
                    file,
                    k,
                    format!("`{k}` has no cogform setting: not carried over"),
                );
            }
        }
        true
    }

    pub fn not_carried(&mut self, file: &str, key: &str, message: impl Into<String>) {
        self.note(FindingKind::NotCarried, file, key, message);
    }

    /// Parses a JSON file; a syntax error becomes a problem (and `None`).
    pub fn json(&mut self, path: &str) -> Option<Value> {
        match parse_json(self.tree, path) {
            Ok(v) => v,
            Err(p) => {
                self.problems.push(p);
                None
            }
        }
    }

    /// `amplify-meta.json`'s `<category>.<name>.output.<key>`.
    pub fn output(&self, category: &str, name: &str, key: &str) -> Option<String> {
        self.meta
            .as_ref()?
            .get(category)?
            .get(name)?
            .get("output")?
            .get(key)?
            .as_str()
            .map(str::to_string)
    }

    /// team-provider-info.json's `<env>.categories.<category>.<name>` (env-specific parameters).
    pub fn env_params(&self, env: &str, category: &str, name: &str) -> Option<&Map<String, Value>> {
        self.tpi
            .get(env)?
            .get("categories")?
            .get(category)?
            .get(name)?
            .as_object()
    }

    /// The region and account of an environment, from its Amplify roles.
    pub fn region_account(&self, env: &str) -> (Option<String>, Option<String>) {
        let cf = self.tpi.get(env).and_then(|e| e.get("awscloudformation"));
        let region = cf
            .and_then(|c| c.get("Region"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let account = cf
            .and_then(|c| c.get("AuthRoleArn"))
            .and_then(Value::as_str)
            .and_then(|a| a.split(':').nth(4))
            .filter(|a| a.len() == 12 && a.chars().all(|c| c.is_ascii_digit()))
            .map(str::to_string);
        (region, account)
    }

    /// The environments other than the current one (all of them when none is known).
    pub fn other_envs(&self) -> Vec<String> {
        self.envs
            .iter()
            .filter(|e| Some(*e) != self.current.as_ref())
            .cloned()
            .collect()
    }
}

/// One JSON object of a source file, read key by key: every key read is marked, so the keys
/// nobody read can be reported ([`Obj::unread`]). Wrong types are problems naming the key.
pub(crate) struct Obj<'a> {
    pub file: String,
    /// Dotted prefix of the keys in messages (`cognitoConfig.`).
    pub prefix: String,
    map: Map<String, Value>,
    seen: RefCell<BTreeSet<String>>,
    _life: std::marker::PhantomData<&'a ()>,
}

impl Obj<'_> {
    pub fn new(file: &str, prefix: &str, value: &Value) -> Option<Self> {
        Some(Obj {
            file: file.to_string(),
            prefix: prefix.to_string(),
            map: value.as_object()?.clone(),
            seen: RefCell::new(BTreeSet::new()),
            _life: std::marker::PhantomData,
        })
    }

    pub fn key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    /// The value (`null` counts as absent), marked read.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.seen.borrow_mut().insert(key.to_string());
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// Marks a key read without using it (its use is elsewhere, or it is reported already).
    pub fn mark(&self, key: &str) {
        self.seen.borrow_mut().insert(key.to_string());
    }

    /// Marks a key read when it holds nothing (`[]`, `{}`, `""`, `"[]"`, `false`, `"NONE"`):
    /// an empty setting carries nothing; a set one stays unread and is reported.
    pub fn mark_if_empty(&self, key: &str) {
        let empty = match self.map.get(key) {
            None | Some(Value::Null) | Some(Value::Bool(false)) => true,
            Some(Value::Array(a)) => a.is_empty(),
            Some(Value::Object(o)) => o.is_empty(),
            Some(Value::String(s)) => matches!(s.trim(), "" | "[]" | "{}" | "NONE"),
            _ => false,
        };
        if empty {
            self.mark(key);
        }
    }

    fn wrong(&self, key: &str, what: &str, problems: &mut Vec<Problem>) {
        problems.push(Problem::at_key(
            &self.file,
            &self.key(key),
            format!("must be {what}"),
        ));
    }

    pub fn str(&self, key: &str, problems: &mut Vec<Problem>) -> Option<String> {
        match self.get(key)? {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.wrong(key, "a string", problems);
                None
            }
        }
    }

    /// A boolean; Amplify writes some as `"true"`/`"false"`.
    pub fn bool(&self, key: &str, problems: &mut Vec<Problem>) -> Option<bool> {
        match self.get(key)? {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s == "true" || s == "false" => Some(s == "true"),
            _ => {
                self.wrong(key, "true or false", problems);
                None
            }
        }
    }

    /// A whole number; Amplify writes some as strings (`"30"`).
    pub fn number(&self, key: &str, problems: &mut Vec<Problem>) -> Option<u64> {
        match self.get(key)? {
            Value::Number(n) if n.as_u64().is_some() => n.as_u64(),
            Value::String(s) if s.trim().parse::<u64>().is_ok() => s.trim().parse().ok(),
            _ => {
                self.wrong(key, "a whole number", problems);
                None
            }
        }
    }

    pub fn strings(&self, key: &str, problems: &mut Vec<Problem>) -> Vec<String> {
        match self.get(key) {
            None => Vec::new(),
            Some(Value::Array(a)) if a.iter().all(Value::is_string) => a
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            Some(_) => {
                self.wrong(key, "a list of strings", problems);
                Vec::new()
            }
        }
    }

    /// A JSON document held in a string (Amplify keeps `oAuthMetadata` and
    /// `hostedUIProviderMeta` so), or the JSON itself.
    pub fn embedded(&self, key: &str, problems: &mut Vec<Problem>) -> Option<Value> {
        match self.get(key)? {
            Value::String(s) if s.trim().is_empty() => None,
            Value::String(s) => match serde_json::from_str(s) {
                Ok(v) => Some(v),
                Err(e) => {
                    problems.push(Problem::at_key(
                        &self.file,
                        &self.key(key),
                        format!("holds text that is not valid JSON ({e})"),
                    ));
                    None
                }
            },
            v => Some(v.clone()),
        }
    }

    /// Keys nobody read and no table lists as bookkeeping, in name order.
    pub fn unread(&self, bookkeeping: &[&str]) -> Vec<String> {
        let seen = self.seen.borrow();
        self.map
            .keys()
            .filter(|k| !seen.contains(*k) && !bookkeeping.contains(&k.as_str()))
            .cloned()
            .collect()
    }

    /// Reports every unread key as not carried.
    pub fn report_unread(&self, bookkeeping: &[&str], ctx: &mut Ctx) {
        for k in self.unread(bookkeeping) {
            let key = self.key(&k);
            ctx.not_carried(
                &self.file,
                &key,
                format!("`{k}` has no cogform setting: not carried over"),
            );
        }
    }
}

/// Reads `amplify/` (paths in `tree` are relative to the Amplify project's root).
pub fn from_amplify(tree: &SourceTree) -> Result<Imported, Vec<Problem>> {
    if !tree.keys().any(|k| k.starts_with("amplify/")) {
        return Err(vec![Problem::in_file(
            "amplify/",
            "not found: give the folder of an Amplify CLI (Gen 1) project, the one holding `amplify/`",
        )]);
    }
    let mut ctx = Ctx {
        tree,
        project: String::new(),
        envs: Vec::new(),
        current: None,
        tpi: Value::Null,
        meta: None,
        exports: None,
        problems: Vec::new(),
        findings: Vec::new(),
        storage_names: Vec::new(),
    };
    for (file, what) in [
        (TEAM_PROVIDER_INFO, "its environments"),
        (BACKEND_CONFIG, "its resources"),
        (PROJECT_CONFIG, "its name"),
    ] {
        if !tree.contains_key(file) {
            ctx.problems.push(Problem::in_file(
                file,
                format!("not found: it holds {what} (restore it from the repository, or run `amplify pull`)"),
            ));
        }
    }
    let tpi = ctx.json(TEAM_PROVIDER_INFO);
    let backend = ctx.json(BACKEND_CONFIG);
    let project_config = ctx.json(PROJECT_CONFIG);
    ctx.meta = ctx.json(AMPLIFY_META);
    let local = ctx.json(LOCAL_ENV_INFO);
    ctx.exports = tree.get(AWS_EXPORTS).and_then(|t| exports(t));
    if let Some(t) = &tpi {
        match t.as_object() {
            Some(envs) if !envs.is_empty() => ctx.envs = envs.keys().cloned().collect(),
            _ => ctx.problems.push(Problem::in_file(
                TEAM_PROVIDER_INFO,
                "must be an object with one entry per environment",
            )),
        }
    }
    ctx.tpi = tpi.unwrap_or(Value::Null);
    ctx.envs.sort();
    ctx.project = project_name(
        project_config
            .as_ref()
            .and_then(|p| p.get("projectName"))
            .and_then(Value::as_str)
            .unwrap_or(""),
    );
    ctx.current = current_env(&ctx, local.as_ref());
    for env in ctx.envs.clone() {
        let categories = ctx
            .tpi
            .get(&env)
            .and_then(|e| e.get("categories"))
            .cloned()
            .unwrap_or(Value::Null);
        scan_secrets(
            &mut ctx,
            TEAM_PROVIDER_INFO,
            &format!("{env}.categories"),
            &categories,
        );
    }
    for path in tree.keys() {
        if path.starts_with("amplify/backend/") && path.ends_with("/override.ts") {
            ctx.note(
                FindingKind::Code,
                path,
                "",
                "an override changes what Amplify deploys with code: it was not run, so what it changes is not in the import; read it and carry its effect over by hand",
            );
        }
    }
    let Some(backend) = backend else {
        return Err(finish_problems(ctx.problems));
    };
    let Some(categories) = backend.as_object() else {
        ctx.problems.push(Problem::in_file(
            BACKEND_CONFIG,
            "must be an object of categories",
        ));
        return Err(finish_problems(ctx.problems));
    };
    let mut auth_name: Option<String> = None;
    let mut groups_resource = false;
    let mut storage_names: Vec<String> = Vec::new();
    let mut rest_names: Vec<String> = Vec::new();
    let mut functions: Vec<String> = Vec::new();
    for (category, resources) in categories {
        let Some(resources) = resources.as_object() else {
            continue;
        };
        for (name, r) in resources {
            let service = r.get("service").and_then(Value::as_str).unwrap_or("");
            let key = format!("{category}.{name}");
            match (category.as_str(), service) {
                ("auth", "Cognito") if r.get("serviceType").and_then(Value::as_str) == Some("imported") => {
                    ctx.not_carried(BACKEND_CONFIG, &key, "an auth resource Amplify imported (`amplify import auth`) has no cli-inputs.json: run `cogform import --from-describe` on the pool");
                }
                ("auth", "Cognito") if auth_name.is_none() => auth_name = Some(name.clone()),
                ("auth", "Cognito-UserPool-Groups") => groups_resource = true,
                ("storage", "S3") => storage_names.push(name.clone()),
                ("api", "API Gateway") => rest_names.push(name.clone()),
                ("function", _) => functions.push(name.clone()),
                _ => ctx.not_carried(
                    BACKEND_CONFIG,
                    &key,
                    format!("the {category} resource `{name}` ({}) has no cogform counterpart: not carried over", if service.is_empty() { "no service" } else { service }),
                ),
            }
        }
    }
    let mut sources: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut project_sources = vec![PROJECT_CONFIG.to_string(), TEAM_PROVIDER_INFO.to_string()];
    if ctx.meta.is_some() {
        project_sources.push(AMPLIFY_META.to_string());
    }
    let auth = auth_name
        .as_ref()
        .and_then(|name| auth::read(&mut ctx, name, groups_resource));
    if let (Some(name), Some(a)) = (&auth_name, &auth) {
        let mut files = vec![cli_inputs_path("auth", name)];
        if tree.contains_key(GROUP_PRECEDENCE) {
            files.push(GROUP_PRECEDENCE.to_string());
        }
        if a.uses_env_params {
            files.push(TEAM_PROVIDER_INFO.to_string());
        }
        sources.insert(AUTH_FILE.to_string(), files);
    }
    let mut storage = BTreeMap::new();
    let mut buckets: BTreeMap<String, String> = BTreeMap::new();
    for name in &storage_names {
        if let Some((n, config, bucket)) = storage::read(&mut ctx, name) {
            sources.insert(
                format!("{STORAGE_DIR}/{n}.yaml"),
                vec![cli_inputs_path("storage", name)],
            );
            if let Some(b) = bucket {
                buckets.insert(n.clone(), b);
            }
            storage.insert(n, config);
        }
    }
    if storage.len() == 1 {
        for s in storage.values_mut() {
            s.default = true;
        }
    }
    let mut apis = BTreeMap::new();
    let mut called: BTreeSet<String> = BTreeSet::new();
    for name in &rest_names {
        if let Some((n, config, fns)) = api::read(&mut ctx, name) {
            sources.insert(
                format!("{API_DIR}/{n}.yaml"),
                vec![cli_inputs_path("api", name)],
            );
            called.extend(fns);
            apis.insert(n, config);
        }
    }
    for f in &functions {
        let why = if called.contains(f) {
            "a REST API path calls it by its deployed ARN; its code and stack stay Amplify's (retiring the Amplify stack deletes it: move it to backend/functions/ first)"
        } else {
            "Lambda functions are not carried over (move it to backend/functions/ by hand)"
        };
        ctx.not_carried(
            BACKEND_CONFIG,
            &format!("function.{f}"),
            format!("the function `{f}`: {why}"),
        );
    }
    let environments = environments(&mut ctx, auth.as_ref(), &buckets);
    sources.insert(PROJECT_FILE.to_string(), project_sources);
    let live = live_ids(&ctx, auth.as_ref(), &buckets);
    let project: Result<ProjectConfig, _> = serde_json::from_value(json!({
        "project": ctx.project,
        "environments": environments,
    }));
    let project = match project {
        Ok(p) => p,
        Err(e) => {
            ctx.problems.push(Problem::in_file(
                PROJECT_FILE,
                format!("internal error: the imported project does not fit cogform.yaml: {e}"),
            ));
            return Err(finish_problems(ctx.problems));
        }
    };
    if !ctx.problems.is_empty() {
        return Err(finish_problems(ctx.problems));
    }
    let mut findings = ctx.findings;
    findings.sort();
    findings.dedup();
    Ok(Imported {
        project,
        auth: auth.map(|a| a.config),
        storage,
        apis,
        sources,
        findings,
        live,
    })
}

fn finish_problems(mut problems: Vec<Problem>) -> Vec<Problem> {
    problems.sort();
    problems.dedup();
    problems
}

/// cogform's project name from Amplify's (`My_App` → `myapp`): lowercase letters, digits and
/// `-`, starting with a letter, 2–32 characters.
pub fn project_name(amplify: &str) -> String {
    let kept: String = amplify
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .map(|c| c.to_ascii_lowercase())
        .skip_while(|c| !c.is_ascii_lowercase())
        .take(32)
        .collect();
    let name = kept.trim_end_matches('-').to_string();
    if name.len() < 2 {
        "imported".to_string()
    } else {
        name
    }
}

/// A category name cogform accepts (`userFiles` → `userfiles`): 1–24 lowercase letters,
/// digits and `-`, starting with a letter.
pub fn category_name(amplify: &str, fallback: &str) -> String {
    let kept: String = amplify
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .map(|c| c.to_ascii_lowercase())
        .skip_while(|c| !c.is_ascii_lowercase())
        .take(24)
        .collect();
    let name = kept.trim_end_matches('-').to_string();
    if name.is_empty() {
        fallback.to_string()
    } else {
        name
    }
}

/// The environment the deployed ids belong to: local-env-info.json's, else the one whose
/// stack amplify-meta.json names.
fn current_env(ctx: &Ctx, local: Option<&Value>) -> Option<String> {
    if let Some(env) = local
        .and_then(|l| l.get("envName"))
        .and_then(Value::as_str)
        .filter(|e| ctx.envs.iter().any(|x| x == e))
    {
        return Some(env.to_string());
    }
    let stack = ctx
        .meta
        .as_ref()?
        .pointer("/providers/awscloudformation/StackName")?
        .as_str()?;
    ctx.envs
        .iter()
        .find(|e| {
            ctx.tpi
                .get(e.as_str())
                .and_then(|v| v.pointer("/awscloudformation/StackName"))
                .and_then(Value::as_str)
                == Some(stack)
        })
        .cloned()
}

/// Key names that hold secrets in Amplify's files (compared lowercase, without `_`).
const SECRET_WORDS: [&str; 3] = ["secret", "privatekey", "password"];

/// Reports every plain-text secret under `value` as a risk (file and dotted key, never the
/// value). Strings holding JSON (`hostedUIProviderCreds`) are searched too.
pub(crate) fn scan_secrets(ctx: &mut Ctx, file: &str, key: &str, value: &Value) {
    match value {
        Value::Object(m) => {
            for (k, v) in m {
                let plain: String = k.to_ascii_lowercase().replace(['_', '-'], "");
                let secret_key = SECRET_WORDS.iter().any(|w| plain.contains(w));
                let dotted = if key.is_empty() {
                    k.clone()
                } else {
                    format!("{key}.{k}")
                };
                match v {
                    Value::String(s) if secret_key && !s.trim().is_empty() => ctx.note(
                        FindingKind::Risk,
                        file,
                        &dotted,
                        "a secret in plain text in a project file: not copied; store it in AWS Secrets Manager (the import refers to it there), delete it here and rotate it (it has been shared with everyone who has the repository)",
                    ),
                    Value::String(s) if s.trim_start().starts_with(['[', '{']) => {
                        if let Ok(inner) = serde_json::from_str::<Value>(s) {
                            scan_secrets(ctx, file, &dotted, &inner);
                        }
                    }
                    _ => scan_secrets(ctx, file, &dotted, v),
                }
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                scan_secrets(ctx, file, &format!("{key}[{i}]"), v);
            }
        }
        _ => {}
    }
}

/// `src/aws-exports.js`'s object (`const awsmobile = {…}`), which Amplify writes as JSON.
fn exports(text: &str) -> Option<Value> {
    let start = text.find('{')?;
    let end = text.rfind('}')?;
    serde_json::from_str(text.get(start..=end)?).ok()
}

fn environments(
    ctx: &mut Ctx,
    auth: Option<&auth::Auth>,
    buckets: &BTreeMap<String, String>,
) -> Value {
    let mut out = Map::new();
    for env in ctx.envs.clone() {
        let mut adopt = Map::new();
        if let Some(a) = auth {
            if let Some(pool) = &a.user_pool_name {
                adopt.insert("user_pool".into(), json!(format!("{pool}-{env}")));
            }
            if let Some(ip) = &a.identity_pool_name {
                adopt.insert("identity_pool".into(), json!(format!("{ip}__{env}")));
            }
            if let Some(prefix) = &a.domain_prefix {
                adopt.insert("domain".into(), json!(format!("{prefix}-{env}")));
            }
        }
        if Some(&env) == ctx.current.as_ref() && !buckets.is_empty() {
            adopt.insert("buckets".into(), json!(buckets));
        }
        out.insert(env, json!({"adopt": adopt}));
    }
    for (amplify, name) in ctx.storage_names.clone() {
        for env in ctx.envs.clone() {
            if Some(&env) == ctx.current.as_ref() && buckets.contains_key(&name) {
                continue;
            }
            ctx.not_carried(
                AMPLIFY_META,
                &format!("storage.{amplify}.output.BucketName"),
                format!("the bucket name of `{env}` is not in the project (Amplify's bucket names hold a stack id): run `cogform import --from-describe` for `{env}`, or set `environments.{env}.adopt.buckets.{name}` by hand"),
            );
        }
    }
    Value::Object(out)
}

fn live_ids(
    ctx: &Ctx,
    auth: Option<&auth::Auth>,
    buckets: &BTreeMap<String, String>,
) -> BTreeMap<String, LiveIds> {
    let Some(env) = ctx.current.clone() else {
        return BTreeMap::new();
    };
    let ex = |k: &str| {
        ctx.exports
            .as_ref()
            .and_then(|e| e.get(k))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let mut live = LiveIds {
        region: ctx
            .meta
            .as_ref()
            .and_then(|m| m.pointer("/providers/awscloudformation/Region"))
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| ex("aws_project_region")),
        buckets: buckets.clone(),
        old_stack: ctx
            .tpi
            .get(env.as_str())
            .and_then(|v| v.pointer("/awscloudformation/StackName"))
            .and_then(Value::as_str)
            .map(str::to_string),
        ..LiveIds::default()
    };
    if let Some(a) = auth {
        let out = |k: &str| ctx.output("auth", &a.resource, k);
        live.user_pool_id = out("UserPoolId").or_else(|| ex("aws_user_pools_id"));
        live.identity_pool_id =
            out("IdentityPoolId").or_else(|| ex("aws_cognito_identity_pool_id"));
        if let Some(id) = out("AppClientIDWeb").or_else(|| ex("aws_user_pools_web_client_id")) {
            live.clients.insert(a.web_client.clone(), id);
        }
        if let Some(id) = out("AppClientID") {
            live.clients.insert(a.native_client.clone(), id);
        }
        live.domain = out("HostedUIDomain").or_else(|| {
            ctx.exports
                .as_ref()
                .and_then(|e| e.pointer("/oauth/domain"))
                .and_then(Value::as_str)
                .and_then(|d| d.split(".auth.").next())
                .map(str::to_string)
        });
        if a.domain_prefix.is_none() {
            live.domain = None;
        }
    }
    if live.buckets.is_empty()
        && let (Some(b), Some(name)) = (
            ex("aws_user_files_s3_bucket"),
            ctx.storage_names.first().map(|(_, n)| n),
        )
    {
        live.buckets.insert(name.clone(), b);
    }
    BTreeMap::from([(env, live)])
}
