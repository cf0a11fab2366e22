//! Project functions (`backend/functions/<name>.yaml`), black-box: generated projects that
//! wire 1–3 functions as pool triggers, bucket handlers and API routes must build a template
//! whose resources only name resources that exist and never depend on themselves, whose
//! function roles grant exactly what `access` says (nothing on `*`), and whose functions are
//! told exactly the pool and buckets they may use; every wiring mistake is refused (exit 2,
//! located, nothing written); `access` shows functions as principals; unwired functions and
//! slow triggers are warned about.
//!
//! CI runs 48 generated projects (`FUNCTION_CASES`); a longer hunt:
//! `FUNCTION_CASES=1000 cargo test --test cli functions`.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use cogform::config::function::PoolAction;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use serde_json::{Value, json};
use tempfile::TempDir;

use crate::support::{copy_example, project, run, snapshot_tree};

// ---------------------------------------------------------------------------------------
// The reference graph of a template.

/// The logical ids a value refers to: `Ref`, `Fn::GetAtt` (list or `X.Attr`), and `${X}` /
/// `${X.Attr}` in `Fn::Sub` (string or `[string, vars]`; not the vars, not `AWS::` pseudo
/// parameters, not `${!literal}`).
fn references(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) if m.len() == 1 && m.contains_key("Ref") => {
            if let Some(id) = m["Ref"].as_str() {
                if !id.starts_with("AWS::") {
                    out.insert(id.to_string());
                }
            } else {
                references(&m["Ref"], out);
            }
        }
        Value::Object(m) if m.len() == 1 && m.contains_key("Fn::GetAtt") => {
            match &m["Fn::GetAtt"] {
                Value::String(s) => {
                    out.insert(s.split('.').next().unwrap_or_default().to_string());
                }
                Value::Array(a) => {
                    if let Some(id) = a.first().and_then(Value::as_str) {
                        out.insert(id.to_string());
                    }
                    for rest in a.iter().skip(1) {
                        references(rest, out);
                    }
                }
                other => references(other, out),
            }
        }
        Value::Object(m) if m.len() == 1 && m.contains_key("Fn::Sub") => match &m["Fn::Sub"] {
            Value::String(s) => sub_references(s, &BTreeSet::new(), out),
            Value::Array(a) => {
                let vars: BTreeSet<String> = a
                    .get(1)
                    .and_then(Value::as_object)
                    .map(|m| m.keys().cloned().collect())
                    .unwrap_or_default();
                if let Some(s) = a.first().and_then(Value::as_str) {
                    sub_references(s, &vars, out);
                }
                if let Some(m) = a.get(1) {
                    references(m, out);
                }
            }
            other => references(other, out),
        },
        Value::Object(m) => m.values().for_each(|x| references(x, out)),
        Value::Array(a) => a.iter().for_each(|x| references(x, out)),
        _ => {}
    }
}

fn sub_references(s: &str, vars: &BTreeSet<String>, out: &mut BTreeSet<String>) {
    let mut rest = s;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        let inner = &after[..end];
        rest = &after[end + 1..];
        if inner.starts_with('!') || inner.starts_with("AWS::") || vars.contains(inner) {
            continue;
        }
        let id = inner.split('.').next().unwrap_or_default();
        if !vars.contains(id) {
            out.insert(id.to_string());
        }
    }
}

/// Resource id → the ids it depends on (references in `Properties`, and `DependsOn`).
fn dependency_graph(template: &Value) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph = BTreeMap::new();
    for (id, resource) in template["Resources"].as_object().into_iter().flatten() {
        let mut deps = BTreeSet::new();
        if let Some(p) = resource.get("Properties") {
            references(p, &mut deps);
        }
        match resource.get("DependsOn") {
            Some(Value::String(s)) => {
                deps.insert(s.clone());
            }
            Some(Value::Array(a)) => {
                deps.extend(a.iter().filter_map(Value::as_str).map(String::from))
            }
            _ => {}
        }
        graph.insert(id.clone(), deps);
    }
    graph
}

/// `"A -> B"` for each edge to an id that is neither a resource nor a parameter, and for each
/// id an output names that is neither.
fn dangling(template: &Value, graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let known = |id: &str| graph.contains_key(id) || template["Parameters"].get(id).is_some();
    let mut out: Vec<String> = graph
        .iter()
        .flat_map(|(from, to)| to.iter().map(move |t| (from, t)))
        .filter(|(_, t)| !known(t))
        .map(|(from, t)| format!("{from} -> {t}"))
        .collect();
    for (name, output) in template["Outputs"].as_object().into_iter().flatten() {
        let mut ids = BTreeSet::new();
        references(output, &mut ids);
        out.extend(
            ids.into_iter()
                .filter(|t| !known(t))
                .map(|t| format!("output {name} -> {t}")),
        );
    }
    out
}

/// A cycle of the graph as `[A, B, …, A]`, if there is one (depth-first, three colours).
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit<'a>(
        node: &'a str,
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        marks: &mut BTreeMap<&'a str, Mark>,
        path: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        match marks.get(node) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let from = path.iter().position(|n| *n == node).unwrap_or(0);
                let mut cycle: Vec<String> = path[from..].iter().map(|n| n.to_string()).collect();
                cycle.push(node.to_string());
                return Some(cycle);
            }
            None => {}
        }
        marks.insert(node, Mark::Open);
        path.push(node);
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, marks, path) {
                return Some(c);
            }
        }
        path.pop();
        marks.insert(node, Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for node in graph.keys() {
        let mut path = Vec::new();
        if let Some(c) = visit(node, graph, &mut marks, &mut path) {
            return Some(c);
        }
    }
    None
}

fn graph_of(edges: &[(&str, &str)]) -> BTreeMap<String, BTreeSet<String>> {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (a, b) in edges {
        g.entry(a.to_string()).or_default().insert(b.to_string());
        g.entry(b.to_string()).or_default();
    }
    g
}

#[test]
fn the_cycle_finder_reports_a_three_node_cycle_and_accepts_a_dag() {
    let cyclic = graph_of(&[("A", "B"), ("B", "C"), ("C", "A"), ("D", "A")]);
    let cycle = find_cycle(&cyclic).expect("A -> B -> C -> A is a cycle");
    assert_eq!(cycle.first(), cycle.last(), "{cycle:?}");
    assert_eq!(
        cycle[..3].iter().cloned().collect::<BTreeSet<_>>(),
        ["A", "B", "C"].map(String::from).into()
    );
    let dag = graph_of(&[("A", "B"), ("B", "C"), ("A", "C"), ("D", "A")]);
    assert_eq!(find_cycle(&dag), None);
    assert_eq!(
        find_cycle(&graph_of(&[("A", "A")])),
        Some(vec!["A".into(), "A".into()])
    );
}

#[test]
fn the_reference_graph_reads_every_form_of_reference() {
    let template = json!({
        "Parameters": {"Stage": {"Type": "String"}},
        "Resources": {
            "A": {"Type": "T", "Properties": {
                "X": {"Ref": "B"},
                "Y": {"Ref": "AWS::AccountId"},
                "Z": {"Ref": "Stage"},
            }},
            "B": {"Type": "T", "DependsOn": "C", "Properties": {
                "X": {"Fn::GetAtt": "D.Arn"},
            }},
            "C": {"Type": "T", "DependsOn": ["D"], "Properties": {
                "X": {"Fn::Sub": ["${Var}:${E.Arn}:${AWS::Region}:${!Literal}", {"Var": {"Fn::GetAtt": ["F", "Arn"]}}]},
            }},
            "D": {"Type": "T", "Properties": {"X": {"Fn::Sub": "${E}/${Missing.Arn}"}}},
            "E": {"Type": "T", "Properties": {"X": {"Fn::Sub": "${A.Arn}"}}},
            "F": {"Type": "T"},
        },
        "Outputs": {"O": {"Value": {"Ref": "Gone"}}},
    });
    let graph = dependency_graph(&template);
    let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(graph["A"], ids(&["B", "Stage"]));
    assert_eq!(graph["B"], ids(&["C", "D"]));
    assert_eq!(graph["C"], ids(&["D", "E", "F"]));
    assert_eq!(graph["D"], ids(&["E", "Missing"]));
    assert_eq!(
        dangling(&template, &graph),
        ["D -> Missing", "output O -> Gone"]
    );
    // A -> B -> C -> E -> A (and B -> D -> E -> A).
    let cycle = find_cycle(&graph).expect("a cycle through E");
    assert!(cycle.contains(&"E".to_string()), "{cycle:?}");
    // The generated example holds none.
    let example = copy_example("functions");
    let template = crate::support::built_template(example.path(), "dev");
    let graph = dependency_graph(&template);
    assert_eq!(dangling(&template, &graph), Vec::<String>::new());
    assert_eq!(find_cycle(&graph), None);
    assert!(graph["StorageMediaBucket"].contains("StorageMediaCallsPublishUploadPermission"));
    assert!(graph["UserPool"].contains("FunctionAddToGroup"));
}

// ---------------------------------------------------------------------------------------
// Generated projects.

const BUCKETS: [&str; 2] = ["media", "raw-files"];
const LEVELS: [&str; 4] = ["public", "protected", "private", "uploads"];
const FUNCTIONS: [&str; 3] = ["thumbs", "sync-users", "audit-log"];
const POOL_TRIGGERS: [&str; 7] = [
    "pre_sign_up",
    "post_confirmation",
    "pre_authentication",
    "post_authentication",
    "custom_message",
    "pre_token_generation",
    "user_migration",
];
const STORAGE_ACTIONS: [&str; 5] = ["read", "get", "list", "write", "delete"];
const SUFFIXES: [Option<&str>; 3] = [None, Some(".jpg"), Some(".png")];

/// Random choices, interpreted by [`Case::from`] (slots are taken modulo what exists).
#[derive(Debug, Clone)]
struct RawFunction {
    /// 0 none, 1 pool actions, 2 storage grants, 3 both.
    access: u8,
    pool: Vec<PoolAction>,
    /// (bucket slot, level slot, actions bit mask).
    grants: Vec<(usize, usize, u8)>,
    trigger: Option<usize>,
    api: bool,
    env: bool,
}

#[derive(Debug, Clone)]
struct RawHandler {
    bucket: usize,
    upload: bool,
    /// A level's prefix of the bucket; `LEVELS.len()` is the whole bucket.
    prefix: usize,
    suffix: usize,
    function: usize,
}

#[derive(Debug, Clone)]
struct Raw {
    buckets: usize,
    levels: [u8; 2],
    functions: Vec<RawFunction>,
    handlers: Vec<RawHandler>,
}

fn raw() -> impl Strategy<Value = Raw> {
    let function = (
        0u8..4,
        proptest::sample::subsequence(PoolAction::ALL.to_vec(), 1..=3),
        proptest::collection::vec((0usize..2, 0usize..4, 1u8..32), 1..=3),
        proptest::option::weighted(0.4, 0usize..POOL_TRIGGERS.len()),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(access, pool, grants, trigger, api, env)| RawFunction {
            access,
            pool,
            grants,
            trigger,
            api,
            env,
        });
    let handler = (
        0usize..2,
        any::<bool>(),
        0..=LEVELS.len(),
        0usize..3,
        0usize..3,
    )
        .prop_map(|(bucket, upload, prefix, suffix, function)| RawHandler {
            bucket,
            upload,
            prefix,
            suffix,
            function,
        });
    (
        1usize..=2,
        [1u8..16, 1u8..16],
        proptest::collection::vec(function, 1..=3),
        proptest::collection::vec(handler, 0..=4),
    )
        .prop_map(|(buckets, levels, functions, handlers)| Raw {
            buckets,
            levels,
            functions,
            handlers,
        })
}

#[derive(Debug)]
struct Bucket {
    name: &'static str,
    levels: Vec<&'static str>,
    handlers: Vec<Handler>,
}

#[derive(Debug)]
struct Handler {
    upload: bool,
    prefix: Option<String>,
    suffix: Option<&'static str>,
    function: &'static str,
}

#[derive(Debug)]
struct Function {
    name: &'static str,
    pool: BTreeSet<PoolAction>,
    /// bucket → `prefix/*` → actions.
    storage: BTreeMap<&'static str, BTreeMap<String, BTreeSet<&'static str>>>,
    trigger: Option<&'static str>,
    api: bool,
    env: bool,
}

/// A project the validator accepts, except for the one refusal left on purpose: a trigger
/// with pool access that a bucket or an API also calls.
#[derive(Debug)]
struct Case {
    buckets: Vec<Bucket>,
    functions: Vec<Function>,
}

/// Whether two key filters can match one key (nested prefixes and nested suffixes).
fn filters_overlap(a: &Handler, b: &Handler) -> bool {
    let (pa, pb) = (
        a.prefix.as_deref().unwrap_or(""),
        b.prefix.as_deref().unwrap_or(""),
    );
    let (sa, sb) = (a.suffix.unwrap_or(""), b.suffix.unwrap_or(""));
    (pa.starts_with(pb) || pb.starts_with(pa)) && (sa.ends_with(sb) || sb.ends_with(sa))
}

impl From<Raw> for Case {
    fn from(raw: Raw) -> Case {
        let mut buckets: Vec<Bucket> = (0..raw.buckets)
            .map(|i| Bucket {
                name: BUCKETS[i],
                levels: LEVELS
                    .iter()
                    .enumerate()
                    .filter(|(l, _)| raw.levels[i] & (1 << l) != 0)
                    .map(|(_, l)| *l)
                    .collect(),
                handlers: Vec::new(),
            })
            .collect();
        let mut taken_triggers = BTreeSet::new();
        let mut functions: Vec<Function> = raw
            .functions
            .iter()
            .zip(FUNCTIONS)
            .map(|(f, name)| {
                let mut storage: BTreeMap<&str, BTreeMap<String, BTreeSet<&str>>> = BTreeMap::new();
                if f.access & 2 != 0 {
                    for (b, l, mask) in &f.grants {
                        let bucket = &buckets[b % buckets.len()];
                        let level = bucket.levels[l % bucket.levels.len()];
                        let actions = storage
                            .entry(bucket.name)
                            .or_default()
                            .entry(format!("{level}/*"))
                            .or_default();
                        for (i, a) in STORAGE_ACTIONS.iter().enumerate() {
                            if mask & (1 << i) != 0 {
                                actions.insert(*a);
                            }
                        }
                    }
                }
                // One function per pool trigger: a later function keeps its other wiring.
                let trigger = f
                    .trigger
                    .map(|t| POOL_TRIGGERS[t])
                    .filter(|t| taken_triggers.insert(*t));
                Function {
                    name,
                    pool: if f.access & 1 != 0 {
                        f.pool.iter().copied().collect()
                    } else {
                        BTreeSet::new()
                    },
                    storage,
                    trigger,
                    api: f.api,
                    env: f.env,
                }
            })
            .collect();
        for h in &raw.handlers {
            let bucket = &mut buckets[h.bucket % raw.buckets];
            let handler = Handler {
                upload: h.upload,
                prefix: (h.prefix < LEVELS.len())
                    .then(|| format!("{}/", bucket.levels[h.prefix % bucket.levels.len()])),
                suffix: SUFFIXES[h.suffix],
                function: functions[h.function % functions.len()].name,
            };
            // S3 refuses two notifications of one event that can match one key.
            if bucket
                .handlers
                .iter()
                .any(|o| o.upload == handler.upload && filters_overlap(o, &handler))
            {
                continue;
            }
            // An upload handler never writes where its uploads call it: drop that `write`.
            if handler.upload {
                let f = functions
                    .iter_mut()
                    .find(|f| f.name == handler.function)
                    .unwrap();
                let from = handler.prefix.clone().unwrap_or_default();
                for (prefix, actions) in f.storage.get_mut(bucket.name).into_iter().flatten() {
                    let to = prefix.trim_end_matches('*');
                    if to.starts_with(&from) || from.starts_with(to) {
                        actions.remove("write");
                        if actions.is_empty() {
                            actions.insert("read");
                        }
                    }
                }
            }
            bucket.handlers.push(handler);
        }
        Case { buckets, functions }
    }
}

impl Case {
    fn bucket_called(&self, f: &str) -> bool {
        self.buckets
            .iter()
            .any(|b| b.handlers.iter().any(|h| h.function == f))
    }

    /// The functions the validator must refuse: pool access, a trigger, and another caller.
    fn circular(&self) -> Vec<&Function> {
        self.functions
            .iter()
            .filter(|f| {
                !f.pool.is_empty() && f.trigger.is_some() && (f.api || self.bucket_called(f.name))
            })
            .collect()
    }

    fn files(&self) -> Vec<(String, String)> {
        let mut files = vec![];
        let mut auth =
            "login: { email: true }\nidentity_pool: { guest_access: true }\n".to_string();
        let triggers: Vec<String> = self
            .functions
            .iter()
            .filter_map(|f| {
                f.trigger
                    .map(|t| format!("  {t}: {{ function: {} }}\n", f.name))
            })
            .collect();
        if !triggers.is_empty() {
            auth.push_str("triggers:\n");
            auth.push_str(&triggers.concat());
        }
        files.push(("backend/auth.yaml".to_string(), auth));
        for (i, b) in self.buckets.iter().enumerate() {
            let mut text = String::new();
            if i == 0 {
                text.push_str("default: true\n");
            }
            text.push_str("levels:\n");
            for l in &b.levels {
                text.push_str(match *l {
                    "public" => "  public: { guest: [read], authenticated: [read] }\n",
                    "protected" => {
                        "  protected: { owner: [read, write, delete], authenticated: [read] }\n"
                    }
                    "private" => "  private: { owner: [read, write, delete] }\n",
                    _ => "  uploads: { authenticated: [write] }\n",
                });
            }
            if !b.handlers.is_empty() {
                text.push_str("triggers:\n");
                for h in &b.handlers {
                    let mut parts = vec![format!(
                        "on: {}",
                        if h.upload { "upload" } else { "delete" }
                    )];
                    if let Some(p) = &h.prefix {
                        parts.push(format!("prefix: {p}"));
                    }
                    if let Some(s) = h.suffix {
                        parts.push(format!("suffix: {s}"));
                    }
                    parts.push(format!("function: {}", h.function));
                    text.push_str(&format!("  - {{ {} }}\n", parts.join(", ")));
                }
            }
            files.push((format!("backend/storage/{}.yaml", b.name), text));
        }
        let routes: Vec<String> = self
            .functions
            .iter()
            .filter(|f| f.api)
            .map(|f| {
                format!(
                    "  /{0}:\n    GET: {{ function: {0}, auth: iam, allow: [authenticated] }}\n",
                    f.name
                )
            })
            .collect();
        if !routes.is_empty() {
            files.push((
                "backend/api/calls.yaml".into(),
                format!("paths:\n{}", routes.concat()),
            ));
        }
        for f in &self.functions {
            let mut text = format!(
                "runtime: nodejs22.x\nhandler: index.handler\ncode: {{ path: functions/{} }}\ntimeout: 5\n",
                f.name
            );
            if f.env {
                text.push_str("environment: { STAGE_NAME: test }\n");
            }
            if !f.pool.is_empty() || !f.storage.is_empty() {
                text.push_str("access:\n");
            }
            if !f.pool.is_empty() {
                let words: Vec<String> = f.pool.iter().map(|a| a.name()).collect();
                text.push_str(&format!("  auth: [{}]\n", words.join(", ")));
            }
            if !f.storage.is_empty() {
                text.push_str("  storage:\n");
                for (bucket, prefixes) in &f.storage {
                    text.push_str(&format!("    {bucket}:\n"));
                    for (prefix, actions) in prefixes {
                        let actions: Vec<&str> = actions.iter().copied().collect();
                        text.push_str(&format!("      \"{prefix}\": [{}]\n", actions.join(", ")));
                    }
                }
            }
            files.push((format!("backend/functions/{}.yaml", f.name), text));
            files.push((
                format!("functions/{}/index.mjs", f.name),
                "export const handler = async (event) => event;\n".into(),
            ));
        }
        files
    }
}

fn pascal(name: &str) -> String {
    name.split('-')
        .map(|s| s[..1].to_ascii_uppercase() + &s[1..])
        .collect()
}

fn as_list(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) => a.iter().collect(),
        Value::Null => vec![],
        other => vec![other],
    }
}

/// The statement problems of a function policy: `*` in an action, a `*` resource.
fn broad(statement: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for a in as_list(&statement["Action"]) {
        if a.as_str().is_none_or(|a| a.contains('*')) {
            out.push(format!("action {a}"));
        }
    }
    for r in as_list(&statement["Resource"]) {
        if r == "*" || r.get("Fn::Sub").is_some_and(|s| s == "*") {
            out.push(format!("resource {r}"));
        }
    }
    out
}

/// What a built template must hold for `case`: the graph, each role's grants, each
/// function's environment, the pool's triggers and the buckets' notifications.
fn check_template(case: &Case, template: &Value) -> Result<(), TestCaseError> {
    let graph = dependency_graph(template);
    let missing = dangling(template, &graph);
    prop_assert!(missing.is_empty(), "references to nothing: {:?}", missing);
    if let Some(cycle) = find_cycle(&graph) {
        prop_assert!(false, "circular dependency: {}", cycle.join(" -> "));
    }
    let resources = &template["Resources"];
    let bucket_name = |b: &str| format!("test-app-{b}-dev-${{AWS::AccountId}}");

    for f in &case.functions {
        let id = format!("Function{}", pascal(f.name));
        let function = &resources[&id];
        prop_assert_eq!(&function["Type"], "AWS::Lambda::Function", "{}", id);

        // The environment: exactly the user's, the granted buckets' names and the pool's id
        // (not for a trigger, which the pool depends on).
        let mut expected = BTreeMap::new();
        if f.env {
            expected.insert("STAGE_NAME".to_string(), json!("test"));
        }
        for b in f.storage.keys() {
            let var = format!("BUCKET_{}", b.to_ascii_uppercase().replace('-', "_"));
            let name =
                &resources[format!("Storage{}Bucket", pascal(b))]["Properties"]["BucketName"];
            prop_assert_eq!(name, &json!({"Fn::Sub": bucket_name(b)}));
            expected.insert(var, name.clone());
        }
        if !f.pool.is_empty() && f.trigger.is_none() {
            expected.insert("USER_POOL_ID".into(), json!({"Ref": "UserPool"}));
        }
        let variables: BTreeMap<String, Value> = function["Properties"]["Environment"]["Variables"]
            .as_object()
            .map(|m| m.clone().into_iter().collect())
            .unwrap_or_default();
        prop_assert_eq!(&variables, &expected, "{} environment", id);
        prop_assert_eq!(
            function["Properties"].get("Environment").is_some(),
            !expected.is_empty()
        );

        // The execution role's own statements name no `*` either.
        for p in as_list(&resources[format!("{id}Role")]["Properties"]["Policies"]) {
            for s in as_list(&p["PolicyDocument"]["Statement"]) {
                prop_assert!(broad(s).is_empty(), "{}Role: {:?}", id, broad(s));
            }
        }

        // The access policy: exactly the pool's actions on this pool, the granted prefixes
        // of the granted buckets, nothing on `*`.
        let policy = &resources[format!("{id}AccessPolicy")];
        if f.pool.is_empty() && f.storage.is_empty() {
            prop_assert!(policy.is_null(), "{} has no access but a policy", id);
            continue;
        }
        prop_assert_eq!(&policy["Type"], "AWS::IAM::Policy");
        prop_assert_eq!(
            &policy["Properties"]["Roles"],
            &json!([{"Ref": format!("{id}Role")}])
        );
        let want_pool: BTreeSet<String> = f
            .pool
            .iter()
            .flat_map(|a| a.actions().iter().map(|x| format!("cognito-idp:{x}")))
            .collect();
        let mut got_pool = BTreeSet::new();
        for s in as_list(&policy["Properties"]["PolicyDocument"]["Statement"]) {
            prop_assert!(broad(s).is_empty(), "{}: {:?} in {}", id, broad(s), s);
            prop_assert_eq!(&s["Effect"], "Allow");
            let actions: Vec<&str> = as_list(&s["Action"])
                .into_iter()
                .filter_map(Value::as_str)
                .collect();
            if actions.iter().any(|a| a.starts_with("cognito-idp:")) {
                prop_assert!(
                    actions.iter().all(|a| a.starts_with("cognito-idp:")),
                    "{}",
                    s
                );
                prop_assert_eq!(
                    &s["Resource"],
                    &json!({"Fn::GetAtt": ["UserPool", "Arn"]}),
                    "{}",
                    s
                );
                got_pool.extend(actions.iter().map(|a| a.to_string()));
                continue;
            }
            prop_assert!(actions.iter().all(|a| a.starts_with("s3:")), "{}", s);
            for r in as_list(&s["Resource"]) {
                let arn = r["Fn::Sub"].as_str().unwrap_or_default();
                let rest = arn.strip_prefix("arn:${AWS::Partition}:s3:::");
                prop_assert!(rest.is_some(), "{}: resource {}", id, r);
                let rest = rest.unwrap_or_default();
                let (name, key) = match rest.split_once('/') {
                    Some((n, k)) => (n, Some(k)),
                    None => (rest, None),
                };
                let granted = f.storage.iter().find(|(b, _)| bucket_name(b) == name);
                prop_assert!(granted.is_some(), "{}: bucket not granted: {}", id, r);
                if let (Some(key), Some((_, prefixes))) = (key, granted) {
                    prop_assert!(
                        prefixes.contains_key(key),
                        "{}: prefix not granted: {}",
                        id,
                        r
                    );
                }
            }
        }
        prop_assert_eq!(got_pool, want_pool, "{} pool actions", id);
    }

    // The pool calls exactly its trigger functions.
    let mut lambda_config = BTreeSet::new();
    references(
        &resources["UserPool"]["Properties"]["LambdaConfig"],
        &mut lambda_config,
    );
    let triggers: BTreeSet<String> = case
        .functions
        .iter()
        .filter(|f| f.trigger.is_some())
        .map(|f| format!("Function{}", pascal(f.name)))
        .collect();
    prop_assert_eq!(lambda_config, triggers);

    // Each bucket notifies exactly its handlers, after their permissions exist.
    for b in &case.buckets {
        let id = format!("Storage{}Bucket", pascal(b.name));
        let bucket = &resources[&id];
        let mut got = Vec::new();
        for c in as_list(&bucket["Properties"]["NotificationConfiguration"]["LambdaConfigurations"])
        {
            let rule = |name: &str| {
                as_list(&c["Filter"]["S3Key"]["Rules"])
                    .into_iter()
                    .find(|r| r["Name"] == name)
                    .map(|r| r["Value"].clone())
            };
            got.push((
                c["Event"].clone(),
                rule("prefix"),
                rule("suffix"),
                c["Function"].clone(),
            ));
        }
        let want: Vec<_> = b
            .handlers
            .iter()
            .map(|h| {
                (
                    json!(if h.upload {
                        "s3:ObjectCreated:*"
                    } else {
                        "s3:ObjectRemoved:*"
                    }),
                    h.prefix.as_ref().map(|p| json!(p)),
                    h.suffix.map(|s| json!(s)),
                    json!({"Fn::GetAtt": [format!("Function{}", pascal(h.function)), "Arn"]}),
                )
            })
            .collect();
        prop_assert_eq!(got, want, "{} notifications", id);
        let permissions: BTreeSet<String> = b
            .handlers
            .iter()
            .map(|h| {
                format!(
                    "Storage{}Calls{}Permission",
                    pascal(b.name),
                    pascal(h.function)
                )
            })
            .collect();
        for p in &permissions {
            prop_assert!(graph[&id].contains(p), "{} does not wait for {}", id, p);
        }
    }
    Ok(())
}

fn function_cases() -> u32 {
    std::env::var("FUNCTION_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(48)
}

#[test]
fn generated_projects_build_acyclic_least_privilege_templates() {
    let cases = function_cases();
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(0x00c0_6f04),
        ..Config::default()
    });
    let (built, refused) = (Cell::new(0u32), Cell::new(0u32));
    let started = std::time::Instant::now();
    runner
        .run(&raw(), |raw| {
            let case = Case::from(raw);
            let files = case.files();
            let refs: Vec<(&str, &str)> = files
                .iter()
                .map(|(p, c)| (p.as_str(), c.as_str()))
                .collect();
            let dir = project(&refs);
            let before = snapshot_tree(dir.path());
            let r = run(dir.path(), &["build"]);
            let circular = case.circular();
            if !circular.is_empty() {
                prop_assert_eq!(r.code, 2, "{:#?}\n{}", case, r.stderr);
                for f in &circular {
                    let file = format!("backend/functions/{}.yaml:", f.name);
                    prop_assert!(
                        r.stderr.lines().any(|l| l.starts_with(&file) && l.ends_with(": access.auth: this function is a trigger of the user pool and is also called by a bucket or an API: it cannot be told the pool's id (the pool already depends on it, so naming the pool would make a circular dependency), and only its trigger events carry it")),
                        "{:#?}\n{}", case, r.stderr
                    );
                }
                let n = circular.len();
                let tail = format!(
                    "error: {n} problem{} found; nothing was written\n",
                    if n == 1 { "" } else { "s" }
                );
                prop_assert!(r.stderr.ends_with(&tail), "{:#?}\n{}", case, r.stderr);
                prop_assert!(snapshot_tree(dir.path()) == before, "build wrote files");
                refused.set(refused.get() + 1);
                return Ok(());
            }
            prop_assert_eq!(r.code, 0, "{:#?}\n{}", case, r.stderr);
            let text = std::fs::read_to_string(dir.path().join("build/dev.template.yaml"))
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let template = cogform::load::yaml::parse(&text)
                .map_err(|e| TestCaseError::fail(format!("{e:?}")))?
                .value;
            check_template(&case, &template).map_err(|e| {
                TestCaseError::fail(format!("{e}\n{case:#?}\n{}", files_text(&files)))
            })?;
            built.set(built.get() + 1);
            Ok(())
        })
        .unwrap();
    eprintln!(
        "functions: {cases} generated projects ({} built and checked, {} refused as circular) in {:.1?}",
        built.get(),
        refused.get(),
        started.elapsed()
    );
    assert!(
        built.get() * 2 >= cases,
        "fewer than half the generated projects built: {built:?}"
    );
}

fn files_text(files: &[(String, String)]) -> String {
    files
        .iter()
        .filter(|(p, _)| p.ends_with(".yaml"))
        .map(|(p, c)| format!("--- {p}\n{c}"))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Refusals: exit 2, every problem located, nothing written.

const AUTH: &str = "login: { email: true }\nidentity_pool: { guest_access: true }\n";

const WORKER: &str = "runtime: nodejs22.x
handler: index.handler
code: { path: functions/worker }
";

/// A project with one bucket (`public/*`, `uploads/*`) and the function `worker` (and its
/// code folder); `files` are added or replace these.
fn base(files: &[(&str, &str)]) -> TempDir {
    let mut all: BTreeMap<&str, &str> = BTreeMap::from([
        ("backend/auth.yaml", AUTH),
        (
            "backend/storage/media.yaml",
            "default: true
levels:
  public: { guest: [read], authenticated: [read] }
  uploads: { authenticated: [write] }
",
        ),
        ("backend/functions/worker.yaml", WORKER),
        (
            "functions/worker/index.mjs",
            "export const handler = async (event) => event;\n",
        ),
    ]);
    all.extend(files.iter().copied());
    let files: Vec<(&str, &str)> = all.into_iter().collect();
    project(&files)
}

fn refused(dir: &Path, expected: &str) {
    let before = snapshot_tree(dir);
    let r = run(dir, &["build"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(r.stderr, expected);
    assert!(snapshot_tree(dir) == before, "build wrote files");
}

const ROUTE: &str = "paths:
  /items:
    GET: { function: worker, auth: iam, allow: [authenticated] }
";

#[test]
fn a_pool_trigger_naming_an_unknown_function_is_refused_with_a_suggestion() {
    let auth = format!("{AUTH}triggers:\n  post_confirmation: {{ function: workr }}\n");
    let dir = base(&[("backend/auth.yaml", &auth)]);
    refused(
        dir.path(),
        "backend/auth.yaml:4:34: triggers.post_confirmation.function: no function `workr` in backend/functions/
  help: did you mean `worker`?
error: 1 problem found; nothing was written
",
    );
}

#[test]
fn a_bucket_trigger_naming_an_unknown_function_is_refused() {
    let dir = base(&[(
        "backend/storage/media.yaml",
        "levels:
  uploads: { authenticated: [write] }
triggers:
  - { on: upload, prefix: uploads/, function: nope }
",
    )]);
    refused(
        dir.path(),
        "backend/storage/media.yaml:4:47: triggers[0].function: no function `nope` in backend/functions/
  help: expected one of: worker
error: 1 problem found; nothing was written
",
    );
}

#[test]
fn an_api_route_naming_an_unknown_function_is_refused_with_a_suggestion() {
    let dir = base(&[("backend/api/shop.yaml", &ROUTE.replace("worker", "wroker"))]);
    refused(
        dir.path(),
        "backend/api/shop.yaml:3:22: paths./items.GET.function: no function `wroker` in `functions`, nor in backend/functions/
  help: did you mean `worker`?
error: 1 problem found; nothing was written
",
    );
}

#[test]
fn a_route_function_of_both_the_api_file_and_backend_functions_is_refused() {
    let api = format!(
        "functions:\n  worker: {{ arn: \"arn:aws:lambda:us-east-1:123456789012:function:worker\" }}\n{ROUTE}"
    );
    let dir = base(&[("backend/api/shop.yaml", &api)]);
    refused(
        dir.path(),
        "backend/api/shop.yaml:5:22: paths./items.GET.function: `worker` is both a function of this file and backend/functions/worker.yaml
  help: rename one of them, so every route names one function
error: 1 problem found; nothing was written
",
    );
}

#[test]
fn access_to_an_unknown_bucket_is_refused_with_a_suggestion() {
    let f = format!("{WORKER}access:\n  storage: {{ mdia: {{ \"public/*\": [read] }} }}\n");
    let dir = base(&[
        ("backend/functions/worker.yaml", &f),
        ("backend/api/shop.yaml", ROUTE),
    ]);
    refused(
        dir.path(),
        "backend/functions/worker.yaml:5:14: access.storage.mdia: no bucket `mdia` in backend/storage/
  help: did you mean `media`?
error: 1 problem found; nothing was written
",
    );
}

#[test]
fn access_to_a_prefix_the_bucket_lacks_is_refused() {
    let f = format!(
        "{WORKER}access:\n  storage:\n    media:\n      \"albms/*\": [read]\n      \"public/{{identity_id}}/*\": [read]\n"
    );
    let dir = base(&[
        (
            "backend/storage/media.yaml",
            "levels:
  public: { guest: [read], authenticated: [read] }
  uploads: { authenticated: [write] }
paths:
  \"albums/*\": { authenticated: [read] }
",
        ),
        ("backend/functions/worker.yaml", &f),
        ("backend/api/shop.yaml", ROUTE),
    ]);
    refused(
        dir.path(),
        "backend/functions/worker.yaml:7:7: access.storage.media.albms/*: is not a prefix of the bucket `media`, which has `public/*`, `uploads/*`, `albums/*`
  help: did you mean `albums/*`?
backend/functions/worker.yaml:8:7: access.storage.media.public/{identity_id}/*: is not a prefix of the bucket `media`, which has `public/*`, `uploads/*`, `albums/*`
  help: did you mean `public/*`?
error: 2 problems found; nothing was written
",
    );
}

#[test]
fn an_unknown_pool_action_is_a_schema_error_with_a_suggestion() {
    let f = format!("{WORKER}access:\n  auth: [list_users, add_user_to_grop]\n");
    let dir = base(&[
        ("backend/functions/worker.yaml", &f),
        ("backend/api/shop.yaml", ROUTE),
    ]);
    let words: Vec<String> = PoolAction::ALL.iter().map(|a| a.name()).collect();
    refused(
        dir.path(),
        &format!(
            "backend/functions/worker.yaml:5:22: access.auth[1]: expected one of: {}
  help: did you mean `add_user_to_group`?
error: 1 problem found; nothing was written
",
            words.join(", ")
        ),
    );
}

#[test]
fn an_environment_variable_lambda_reserves_is_refused() {
    let f = format!("{WORKER}environment: {{ STAGE: dev, AWS_REGION: us-east-1 }}\n");
    let dir = base(&[
        ("backend/functions/worker.yaml", &f),
        ("backend/api/shop.yaml", ROUTE),
    ]);
    refused(
        dir.path(),
        "backend/functions/worker.yaml:4:28: environment.AWS_REGION: is reserved by Lambda, which sets it itself
error: 1 problem found; nothing was written
",
    );
}

#[test]
fn an_environment_variable_cogform_sets_is_refused() {
    let f = format!(
        "{WORKER}environment: {{ BUCKET_MEDIA: xyz, USER_POOL_ID: abc }}\naccess:\n  auth: [get_user]\n  storage: {{ media: {{ \"public/*\": [read] }} }}\n"
    );
    let dir = base(&[
        ("backend/functions/worker.yaml", &f),
        ("backend/api/shop.yaml", ROUTE),
    ]);
    refused(
        dir.path(),
        "backend/functions/worker.yaml:4:16: environment.BUCKET_MEDIA: is set by cogform from the function's `access`
  help: remove it; the function reads the value cogform sets
backend/functions/worker.yaml:4:35: environment.USER_POOL_ID: is set by cogform from the function's `access`
  help: remove it; the function reads the value cogform sets
error: 2 problems found; nothing was written
",
    );
    // Without pool access, USER_POOL_ID is the user's own.
    let f = format!(
        "{WORKER}environment: {{ USER_POOL_ID: abc }}\naccess:\n  storage: {{ media: {{ \"public/*\": [read] }} }}\n"
    );
    let dir = base(&[
        ("backend/functions/worker.yaml", &f),
        ("backend/api/shop.yaml", ROUTE),
    ]);
    let r = run(dir.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

const CIRCULAR: &str = "backend/functions/worker.yaml:6:9: access.auth: this function is a trigger of the user pool and is also called by a bucket or an API: it cannot be told the pool's id (the pool already depends on it, so naming the pool would make a circular dependency), and only its trigger events carry it
  help: split it in two: one function for the trigger, another for the bucket or API
error: 1 problem found; nothing was written
";

#[test]
fn a_trigger_with_pool_access_also_called_by_a_bucket_or_an_api_is_refused() {
    let f = format!("{WORKER}timeout: 5\naccess:\n  auth: [add_user_to_group]\n");
    let auth = &format!("{AUTH}triggers:\n  post_confirmation: {{ function: worker }}\n");
    let bucket = "levels:
  uploads: { authenticated: [write] }
triggers:
  - { on: upload, prefix: uploads/, function: worker }
";
    let dir = base(&[
        ("backend/functions/worker.yaml", &f),
        ("backend/auth.yaml", auth),
        ("backend/storage/media.yaml", bucket),
    ]);
    refused(dir.path(), CIRCULAR);
    let dir = base(&[
        ("backend/functions/worker.yaml", &f),
        ("backend/auth.yaml", auth),
        ("backend/api/shop.yaml", ROUTE),
    ]);
    refused(dir.path(), CIRCULAR);
    // The trigger alone builds, and is not told the pool's id.
    let dir = base(&[
        ("backend/functions/worker.yaml", &f),
        ("backend/auth.yaml", auth),
    ]);
    let t = crate::support::built_template(dir.path(), "dev");
    assert!(t["Resources"]["FunctionWorker"]["Properties"]["Environment"].is_null());
}

#[test]
fn an_upload_handler_writing_where_its_uploads_call_it_is_refused() {
    let f =
        format!("{WORKER}access:\n  storage:\n    media:\n      \"uploads/*\": [read, write]\n");
    let dir = base(&[
        ("backend/functions/worker.yaml", &f),
        (
            "backend/storage/media.yaml",
            "levels:
  uploads: { authenticated: [write] }
triggers:
  - { on: upload, prefix: uploads/, function: worker }
",
        ),
    ]);
    refused(
        dir.path(),
        "backend/functions/worker.yaml:7:7: access.storage.media.uploads/*: lets `worker` write where its uploads call it (`uploads/` of backend/storage/media.yaml): each write would call it again, without end
  help: write to a prefix the trigger does not watch, or narrow the trigger's `prefix`
error: 1 problem found; nothing was written
",
    );
}

#[test]
fn two_overlapping_upload_triggers_are_refused() {
    let hook = WORKER.replace("worker", "hook");
    let dir = base(&[
        ("backend/functions/hook.yaml", &hook),
        (
            "functions/hook/index.mjs",
            "export const handler = async () => {};\n",
        ),
        (
            "backend/storage/media.yaml",
            "levels:
  uploads: { authenticated: [write] }
triggers:
  - { on: upload, prefix: uploads/, function: worker }
  - { on: delete, prefix: uploads/, function: worker }
  - { on: upload, prefix: uploads/photos/, suffix: .jpg, function: hook }
",
        ),
    ]);
    refused(
        dir.path(),
        "backend/storage/media.yaml:6:5: triggers[2]: matches the same upload keys as `triggers[0]`; S3 refuses overlapping notifications of one event
  help: make the prefixes or suffixes exclusive, or call one function that does both
error: 1 problem found; nothing was written
",
    );
}

#[test]
fn a_missing_code_folder_is_refused() {
    let dir = project(&[
        ("backend/functions/worker.yaml", WORKER),
        (
            "backend/auth.yaml",
            "login: { email: true }\ntriggers:\n  pre_sign_up: { function: worker }\n",
        ),
    ]);
    refused(
        dir.path(),
        "backend/functions/worker.yaml:3:15: code.path: `functions/worker` does not exist (paths are relative to the project root, where cogform.yaml is)
  help: create the folder holding the function's code, which `aws cloudformation package` uploads, or fix the path
error: 1 problem found; nothing was written
",
    );
}

#[test]
fn a_function_file_with_a_bad_name_is_refused() {
    let dir = base(&[
        ("backend/functions/Bad_Name.yaml", WORKER),
        ("backend/api/shop.yaml", ROUTE),
    ]);
    refused(
        dir.path(),
        "backend/functions/Bad_Name.yaml:1:1: (document): file names are 1–24 lowercase letters, digits or `-` (the name is part of resource names)
error: 1 problem found; nothing was written
",
    );
}

// ---------------------------------------------------------------------------------------
// The access matrix and the warnings.

#[test]
fn the_access_matrix_shows_each_function_with_exactly_its_grants() {
    let dir = copy_example("functions");
    let r = run(dir.path(), &["access", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let env = &v["environments"][0];
    assert_eq!(env["name"], "dev");
    let functions: Vec<(&str, &str)> = env["principals"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"] == "function")
        .map(|p| (p["name"].as_str().unwrap(), p["role"].as_str().unwrap()))
        .collect();
    assert_eq!(
        functions,
        [
            ("fn add-to-group", "FunctionAddToGroupRole"),
            ("fn list-photos", "FunctionListPhotosRole"),
            ("fn publish-upload", "FunctionPublishUploadRole"),
        ]
    );

    // The pool: add_user_to_group for add-to-group only; nothing else for anyone.
    let rows = env["user_pool"]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), PoolAction::ALL.len());
    for row in rows {
        let allowed: Vec<&str> = row["access"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(_, a)| *a == "allow")
            .map(|(p, _)| p.as_str())
            .collect();
        let expected: &[&str] = if row["operation"] == "add_user_to_group" {
            &["fn add-to-group"]
        } else {
            &[]
        };
        assert_eq!(allowed, expected, "{}", row["operation"]);
    }

    // The bucket: publish-upload reads uploads/ and writes public/, never uploads/.
    let storage = &env["storage"][0];
    assert_eq!(storage["name"], "media");
    let cell = |prefix: &str, action: &str, who: &str| -> String {
        let rows = storage["rows"].as_array().unwrap();
        let row = rows
            .iter()
            .find(|r| r["prefix"] == prefix && r["action"] == action)
            .unwrap_or_else(|| panic!("no row {prefix} {action}"));
        row["access"][who].as_str().unwrap().to_string()
    };
    assert_eq!(cell("public/", "put", "fn publish-upload"), "allow");
    assert_eq!(cell("uploads/", "get", "fn publish-upload"), "allow");
    assert_eq!(cell("uploads/", "put", "fn publish-upload"), "deny");
    assert_eq!(cell("uploads/", "delete", "fn publish-upload"), "deny");
    assert_eq!(cell("public/", "get", "fn publish-upload"), "deny");
    assert_eq!(cell("public/", "list", "fn list-photos"), "allow");
    assert_eq!(cell("public/", "put", "fn list-photos"), "deny");
    for action in ["get", "put", "delete", "list"] {
        for prefix in ["public/", "uploads/"] {
            assert_eq!(cell(prefix, action, "fn add-to-group"), "deny");
        }
    }
}

#[test]
fn a_function_nothing_calls_is_warned_about() {
    let dir = base(&[]);
    let r = run(dir.path(), &["validate"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "warning: backend/functions/worker.yaml:1:1: (document): nothing calls this function
  help: wire it: `triggers.<trigger>: { function: NAME }` in backend/auth.yaml, a bucket's `triggers`, or an API route's `function`
"
        ),
        "{}",
        r.stderr
    );
    // Wired, it is not.
    let dir = base(&[("backend/api/shop.yaml", ROUTE)]);
    let r = run(dir.path(), &["validate"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("nothing calls"), "{}", r.stderr);
}

#[test]
fn a_trigger_longer_than_cognito_waits_is_warned_about() {
    let auth = &format!("{AUTH}triggers:\n  post_confirmation: {{ function: worker }}\n");
    let dir = base(&[
        ("backend/auth.yaml", auth),
        (
            "backend/functions/worker.yaml",
            &format!("{WORKER}timeout: 10\n"),
        ),
    ]);
    let r = run(dir.path(), &["validate"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "warning: backend/functions/worker.yaml:4:10: timeout: is 10 seconds, and Cognito waits at most 5 seconds for a trigger (then fails the sign-up or sign-in)
  help: set `timeout: 5` or less
"
        ),
        "{}",
        r.stderr
    );
    let dir = base(&[
        ("backend/auth.yaml", auth),
        (
            "backend/functions/worker.yaml",
            &format!("{WORKER}timeout: 5\n"),
        ),
    ]);
    let r = run(dir.path(), &["validate"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
}

#[test]
fn upload_handlers_calling_each_other_in_a_ring_are_refused() {
    let worker = format!("{WORKER}access:\n  storage:\n    media:\n      \"public/*\": [write]\n");
    let hook = format!(
        "{}access:\n  storage:\n    media:\n      \"uploads/*\": [write]\n",
        WORKER.replace("worker", "hook")
    );
    let dir = base(&[
        ("backend/functions/worker.yaml", &worker),
        ("backend/functions/hook.yaml", &hook),
        (
            "functions/hook/index.mjs",
            "export const handler = async () => {};\n",
        ),
        (
            "backend/storage/media.yaml",
            "levels:
  public: { authenticated: [read] }
  uploads: { authenticated: [write] }
triggers:
  - { on: upload, prefix: uploads/, function: worker }
  - { on: upload, prefix: public/, function: hook }
",
        ),
    ]);
    refused(
        dir.path(),
        "backend/functions/hook.yaml:7:7: access.storage.media.uploads/*: upload handlers call each other without end: `hook` writes `uploads/*` where uploads call `worker`, `worker` writes `public/*` where uploads call `hook`
  help: break the ring: one of them must write where no upload trigger watches
error: 1 problem found; nothing was written
",
    );
}

#[test]
fn a_handler_watching_every_key_that_writes_anywhere_calls_itself() {
    let worker = format!("{WORKER}access:\n  storage:\n    media:\n      \"public/*\": [write]\n");
    let dir = base(&[
        ("backend/functions/worker.yaml", &worker),
        (
            "backend/storage/media.yaml",
            "levels:
  public: { authenticated: [read] }
triggers:
  - { on: upload, suffix: .jpg, function: worker }
",
        ),
    ]);
    refused(
        dir.path(),
        "backend/functions/worker.yaml:7:7: access.storage.media.public/*: lets `worker` write where its uploads call it (every key of backend/storage/media.yaml): each write would call it again, without end
  help: write to a prefix the trigger does not watch, or narrow the trigger's `prefix`
error: 1 problem found; nothing was written
",
    );
}

#[test]
fn a_trigger_may_set_its_own_user_pool_id_variable() {
    // cogform gives a trigger no USER_POOL_ID (its event carries the pool's id), so the name
    // is the user's to set; a function that is not a trigger gets it from cogform.
    let worker = format!(
        "{WORKER}environment: {{ USER_POOL_ID: from-the-event }}\naccess:\n  auth: [add_user_to_group]\n"
    );
    let auth = format!("{AUTH}triggers:\n  post_confirmation: {{ function: worker }}\n");
    let dir = base(&[
        ("backend/functions/worker.yaml", &worker),
        ("backend/auth.yaml", &auth),
    ]);
    let r = run(dir.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let dir = base(&[("backend/functions/worker.yaml", &worker)]);
    let r = run(dir.path(), &["validate"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("environment.USER_POOL_ID: is set by cogform from the function's `access`"),
        "{}",
        r.stderr
    );
}
