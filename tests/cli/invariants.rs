//! The security invariants of generated templates (SEC-01…09, SEC-21…25 of
//! `security-invariants.md`), checked on rendered templates.
//!
//! Each `secNN` function inspects one template (as a `serde_json::Value`) and returns every
//! violation it finds, as text naming the resource; an empty list means the template satisfies
//! the invariant. What a template cannot say by itself (did the config ask for guests? which
//! client is native? which statements did a group declare?) comes from [`Expect`], read from the
//! raw `auth.yaml` without cogform's typed model, so the checkers do not trust the code they
//! check.
//!
//! The checkers run on every environment of every example and on a set of inline configs, and
//! each is shown able to fail on a hand-mutated template.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

use serde_json::{Value, json};

use crate::support::{copy_example, examples, project, repo, run};

// ---------------------------------------------------------------------------------------------
// What the config asked for
// ---------------------------------------------------------------------------------------------

/// A statement as declared in the config, reduced to what it grants.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Grant {
    effect: String,
    actions: Vec<String>,
    resources: Vec<String>,
}

/// The parts of `backend/auth.yaml` a template alone cannot tell.
#[derive(Debug, Clone)]
struct Expect {
    identity_pool: bool,
    guest_access: bool,
    /// Groups get roles (identity pool on and `group_roles: token`).
    group_roles: bool,
    /// `identity_pool.users_without_group: no_credentials`: users in no group get no
    /// credentials (SEC-06 renders `Deny` only then; `AuthenticatedRole` otherwise).
    no_credentials_without_group: bool,
    /// `MfaConfiguration` the config asks for.
    mfa: &'static str,
    /// Client name → kind (`web`, `native`, `server`).
    clients: BTreeMap<String, String>,
    /// Group name → the statements declared for that group.
    groups: BTreeMap<String, Vec<Grant>>,
    /// Statement ids the config gives explicitly, per role.
    authenticated_sids: Vec<String>,
    guest_sids: Vec<String>,
}

fn str_or<'a>(v: &'a Value, default: &'a str) -> &'a str {
    v.as_str().unwrap_or(default)
}

fn grants(policies: &Value) -> Vec<Grant> {
    policies
        .as_array()
        .map(|list| {
            list.iter()
                .map(|p| Grant {
                    effect: if str_or(&p["effect"], "allow") == "deny" {
                        "Deny".into()
                    } else {
                        "Allow".into()
                    },
                    actions: strings(&p["actions"]),
                    resources: strings(&p["resources"]),
                })
                .collect()
        })
        .unwrap_or_default()
}

fn sids(policies: &Value) -> Vec<String> {
    policies
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(|p| p["sid"].as_str())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

impl Expect {
    /// Reads the raw auth config (the YAML as a value, defaults applied by hand).
    fn from_auth(auth: &Value) -> Expect {
        let ip = &auth["identity_pool"];
        let identity_pool = ip["enabled"].as_bool().unwrap_or(true);
        let mfa = match str_or(&auth["mfa"]["mode"], "optional") {
            "off" => "OFF",
            "required" => "ON",
            _ => "OPTIONAL",
        };
        let clients = match auth["clients"].as_array() {
            Some(list) => list
                .iter()
                .map(|c| {
                    (
                        str_or(&c["name"], "").to_string(),
                        str_or(&c["kind"], "web").to_string(),
                    )
                })
                .collect(),
            None => BTreeMap::from([("web".to_string(), "web".to_string())]),
        };
        let groups = auth["groups"]
            .as_array()
            .map(|list| {
                list.iter()
                    .map(|g| (str_or(&g["name"], "").to_string(), grants(&g["policies"])))
                    .collect()
            })
            .unwrap_or_default();
        Expect {
            identity_pool,
            guest_access: identity_pool && ip["guest_access"].as_bool().unwrap_or(false),
            group_roles: identity_pool && str_or(&ip["group_roles"], "token") == "token",
            no_credentials_without_group: str_or(&ip["users_without_group"], "authenticated")
                == "no_credentials",
            mfa,
            clients,
            groups,
            authenticated_sids: sids(&ip["authenticated_role"]["policies"]),
            guest_sids: sids(&ip["guest_role"]["policies"]),
        }
    }

    fn from_project(root: &Path) -> Expect {
        let text = std::fs::read_to_string(root.join("backend/auth.yaml")).unwrap();
        let parsed = cogform::load::yaml::parse(&text).expect("auth.yaml parses");
        Expect::from_auth(&parsed.value)
    }

    fn client_kind(&self, name: &str) -> Option<&str> {
        self.clients.get(name).map(String::as_str)
    }
}

// ---------------------------------------------------------------------------------------------
// Reading templates
// ---------------------------------------------------------------------------------------------

/// A string or a list of strings, as a list (IAM and CloudFormation accept both).
fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(list) => list
            .iter()
            .map(|x| x.as_str().map_or_else(|| x.to_string(), String::from))
            .collect(),
        _ => Vec::new(),
    }
}

/// `(logical id, resource)` of every resource of type `kind`, in template order.
fn of_type<'a>(t: &'a Value, kind: &str) -> Vec<(&'a str, &'a Value)> {
    t["Resources"]
        .as_object()
        .map(|m| {
            m.iter()
                .filter(|(_, r)| r["Type"] == kind)
                .map(|(id, r)| (id.as_str(), r))
                .collect()
        })
        .unwrap_or_default()
}

fn resource<'a>(t: &'a Value, id: &str) -> &'a Value {
    &t["Resources"][id]
}

/// `{"Fn::GetAtt": [id, attr]}` → id (also the `"id.attr"` string form).
fn get_att(v: &Value, attr: &str) -> Option<String> {
    match &v["Fn::GetAtt"] {
        Value::Array(a) if a.len() == 2 && a[1] == attr => a[0].as_str().map(String::from),
        Value::String(s) => s.strip_suffix(&format!(".{attr}")).map(String::from),
        _ => None,
    }
}

fn only_id(t: &Value, kind: &str) -> Option<String> {
    let all = of_type(t, kind);
    (all.len() == 1).then(|| all[0].0.to_string())
}

fn statements(doc: &Value) -> Vec<&Value> {
    match &doc["Statement"] {
        Value::Array(list) => list.iter().collect(),
        Value::Object(_) => vec![&doc["Statement"]],
        _ => Vec::new(),
    }
}

/// Every statement of a role's inline policies, in order.
fn role_statements(role: &Value) -> Vec<&Value> {
    role["Properties"]["Policies"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .flat_map(|p| statements(&p["PolicyDocument"]))
                .collect()
        })
        .unwrap_or_default()
}

/// Every policy document of the template: (where, document). Trust policies included.
fn policy_documents(t: &Value) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    for (id, r) in t["Resources"].as_object().into_iter().flatten() {
        let p = &r["Properties"];
        if p["AssumeRolePolicyDocument"].is_object() {
            out.push((format!("{id} trust policy"), &p["AssumeRolePolicyDocument"]));
        }
        if p["PolicyDocument"].is_object() {
            out.push((format!("{id} policy"), &p["PolicyDocument"]));
        }
        for pol in p["Policies"].as_array().into_iter().flatten() {
            if pol["PolicyDocument"].is_object() {
                out.push((
                    format!("{id} policy {}", str_or(&pol["PolicyName"], "?")),
                    &pol["PolicyDocument"],
                ));
            }
        }
    }
    out
}

const IDENTITY: &str = "cognito-identity.amazonaws.com";
const AUD: &str = "cognito-identity.amazonaws.com:aud";
const AMR: &str = "cognito-identity.amazonaws.com:amr";

/// Roles whose trust policy names the Cognito identity service as a principal.
fn identity_roles(t: &Value) -> Vec<(&str, &Value)> {
    of_type(t, "AWS::IAM::Role")
        .into_iter()
        .filter(|(_, r)| {
            statements(&r["Properties"]["AssumeRolePolicyDocument"])
                .iter()
                .any(|s| trusts_identity(s))
        })
        .collect()
}

fn trusts_identity(st: &Value) -> bool {
    let p = &st["Principal"];
    p == IDENTITY || strings(&p["Federated"]).iter().any(|f| f == IDENTITY)
}

/// What each identity role is for, from the role attachment and the groups.
#[derive(Debug, Default)]
struct RoleUse {
    authenticated: Option<String>,
    guest: Option<String>,
    /// (group logical id, group name, role logical id)
    groups: Vec<(String, String, String)>,
}

fn role_use(t: &Value) -> RoleUse {
    let mut u = RoleUse::default();
    for (_, att) in of_type(t, "AWS::Cognito::IdentityPoolRoleAttachment") {
        let roles = &att["Properties"]["Roles"];
        u.authenticated = get_att(&roles["authenticated"], "Arn");
        u.guest = get_att(&roles["unauthenticated"], "Arn");
    }
    for (id, g) in of_type(t, "AWS::Cognito::UserPoolGroup") {
        if let Some(role) = get_att(&g["Properties"]["RoleArn"], "Arn") {
            let name = str_or(&g["Properties"]["GroupName"], "").to_string();
            u.groups.push((id.to_string(), name, role));
        }
    }
    u
}

// ---------------------------------------------------------------------------------------------
// The invariants
// ---------------------------------------------------------------------------------------------

type Check = fn(&Value, &Expect) -> Vec<String>;

const CHECKS: &[(&str, Check)] = &[
    ("SEC-01", sec01),
    ("SEC-02", sec02),
    ("SEC-03", sec03),
    ("SEC-04", sec04),
    ("SEC-05", sec05),
    ("SEC-06", sec06),
    ("SEC-07", sec07),
    ("SEC-08", sec08),
    ("SEC-09", sec09),
    ("SEC-21", sec21),
    ("SEC-22", sec22),
    ("SEC-23", sec23),
    ("SEC-24", sec24),
    ("SEC-25", sec25),
    ("no wildcards", wildcards),
];

/// Every violation of every invariant, prefixed with the invariant's name.
fn all_violations(t: &Value, e: &Expect) -> Vec<String> {
    CHECKS
        .iter()
        .flat_map(|(name, check)| check(t, e).into_iter().map(move |v| format!("{name}: {v}")))
        .collect()
}

/// Problems of one identity role's trust policy (SEC-01), with the `amr` values it allows.
fn trust_problems(t: &Value, id: &str) -> (Vec<String>, Vec<String>) {
    let mut out = Vec::new();
    let pool = only_id(t, "AWS::Cognito::IdentityPool");
    let doc = &resource(t, id)["Properties"]["AssumeRolePolicyDocument"];
    let trusting: Vec<&Value> = statements(doc)
        .into_iter()
        .filter(|s| trusts_identity(s))
        .collect();
    if trusting.len() != 1 {
        out.push(format!(
            "{id}: {} statements trust {IDENTITY}; exactly one is allowed",
            trusting.len()
        ));
    }
    let mut amr = Vec::new();
    for st in trusting {
        if st["Effect"] != "Allow" {
            out.push(format!("{id}: the trust statement is not an Allow"));
        }
        if strings(&st["Action"]) != ["sts:AssumeRoleWithWebIdentity"] {
            out.push(format!(
                "{id}: the trust statement allows {:?}, not only sts:AssumeRoleWithWebIdentity",
                strings(&st["Action"])
            ));
        }
        if st["Principal"] != json!({"Federated": IDENTITY}) {
            out.push(format!("{id}: the trust principal is not only {IDENTITY}"));
        }
        let cond = &st["Condition"];
        match (&pool, &cond["StringEquals"][AUD]) {
            (_, Value::Null) => out.push(format!(
                "{id}: no StringEquals `{AUD}` condition: any identity pool's tokens may assume it"
            )),
            (Some(pool), aud) if *aud == json!({"Ref": pool}) => {}
            (_, aud) => out.push(format!(
                "{id}: `{AUD}` is {aud}, not a Ref to this template's identity pool"
            )),
        }
        amr = strings(&cond["ForAnyValue:StringLike"][AMR]);
        if amr.is_empty() {
            out.push(format!("{id}: no ForAnyValue:StringLike `{AMR}` condition"));
        }
        for (op, keys) in cond.as_object().into_iter().flatten() {
            if op != "StringEquals" && op != "ForAnyValue:StringLike" {
                out.push(format!("{id}: unexpected trust condition operator {op}"));
            }
            if op == "StringEquals" && keys.as_object().is_some_and(|k| k.len() != 1) {
                out.push(format!(
                    "{id}: StringEquals holds more than the aud condition"
                ));
            }
        }
    }
    (out, amr)
}

/// SEC-01: every role trusting the identity service has exactly one Allow
/// `sts:AssumeRoleWithWebIdentity` statement, conditioned on `aud` = this pool and on `amr`.
fn sec01(t: &Value, _: &Expect) -> Vec<String> {
    identity_roles(t)
        .into_iter()
        .flat_map(|(id, _)| trust_problems(t, id).0)
        .collect()
}

/// SEC-02: guest role `amr` = `unauthenticated` only; authenticated and group roles
/// `authenticated` only; no identity role serves an unknown purpose.
fn sec02(t: &Value, _: &Expect) -> Vec<String> {
    let mut out = Vec::new();
    let u = role_use(t);
    let mut expected: BTreeMap<String, &str> = BTreeMap::new();
    if let Some(r) = &u.authenticated {
        expected.insert(r.clone(), "authenticated");
    }
    for (_, _, r) in &u.groups {
        expected.insert(r.clone(), "authenticated");
    }
    if let Some(r) = &u.guest {
        if expected.contains_key(r) {
            out.push(format!("{r} serves both guests and signed-in users"));
        }
        expected.insert(r.clone(), "unauthenticated");
    }
    for (id, _) in identity_roles(t) {
        let (_, amr) = trust_problems(t, id);
        match expected.get(id) {
            None => out.push(format!(
                "{id} trusts {IDENTITY} but is neither an attached nor a group role"
            )),
            Some(want) if amr != [*want] => out.push(format!(
                "{id}: amr allows {amr:?}; it must allow only `{want}`"
            )),
            Some(_) => {}
        }
    }
    for id in expected.keys() {
        if resource(t, id)["Type"] != "AWS::IAM::Role" {
            out.push(format!(
                "{id} is referenced as a role but is not an AWS::IAM::Role"
            ));
        }
    }
    out
}

/// SEC-03: `AllowClassicFlow: false`, written explicitly.
fn sec03(t: &Value, _: &Expect) -> Vec<String> {
    of_type(t, "AWS::Cognito::IdentityPool")
        .into_iter()
        .filter(|(_, p)| p["Properties"]["AllowClassicFlow"] != false)
        .map(|(id, p)| {
            format!(
                "{id}: AllowClassicFlow is {} (must be explicitly false)",
                p["Properties"]["AllowClassicFlow"]
            )
        })
        .collect()
}

/// Actions that only read (the guest role may hold nothing else).
fn read_only(action: &str) -> bool {
    const READ: [&str; 8] = [
        "Get", "List", "Describe", "Query", "Scan", "BatchGet", "Select", "Search",
    ];
    action
        .split_once(':')
        .is_some_and(|(_, verb)| !verb.contains('*') && READ.iter().any(|r| verb.starts_with(r)))
}

/// SEC-04: `AllowUnauthenticatedIdentities` present and equal to `guest_access`; a guest role
/// exists exactly when guests are allowed, and allows only read actions.
fn sec04(t: &Value, e: &Expect) -> Vec<String> {
    let mut out = Vec::new();
    let pools = of_type(t, "AWS::Cognito::IdentityPool");
    if pools.is_empty() && e.identity_pool {
        out.push("the config enables the identity pool but the template has none".into());
    }
    if !pools.is_empty() && !e.identity_pool {
        out.push("the config disables the identity pool but the template has one".into());
    }
    for (id, p) in pools {
        match &p["Properties"]["AllowUnauthenticatedIdentities"] {
            Value::Bool(b) if *b == e.guest_access => {}
            Value::Bool(b) => out.push(format!(
                "{id}: AllowUnauthenticatedIdentities is {b}, the config's guest_access is {}",
                e.guest_access
            )),
            other => out.push(format!(
                "{id}: AllowUnauthenticatedIdentities must be written (found {other})"
            )),
        }
    }
    let u = role_use(t);
    match (&u.guest, e.guest_access) {
        (Some(r), false) => out.push(format!("guests are off but {r} is attached for them")),
        (None, true) => out.push("guests are on but no role is attached for them".into()),
        _ => {}
    }
    if let Some(guest) = &u.guest {
        for st in role_statements(resource(t, guest)) {
            if st["Effect"] != "Allow" {
                continue;
            }
            for a in strings(&st["Action"]) {
                if !read_only(&a) {
                    out.push(format!(
                        "{guest}: guests are granted `{a}`, not a read action"
                    ));
                }
            }
            if !st["NotAction"].is_null() {
                out.push(format!("{guest}: guests are granted NotAction"));
            }
        }
    }
    out
}

/// SEC-05: server-side token check on every Cognito provider of the identity pool, each
/// naming this template's user pool; every app client is listed.
fn sec05(t: &Value, _: &Expect) -> Vec<String> {
    let mut out = Vec::new();
    let pool = only_id(t, "AWS::Cognito::UserPool");
    for (id, p) in of_type(t, "AWS::Cognito::IdentityPool") {
        let providers = p["Properties"]["CognitoIdentityProviders"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let mut listed = BTreeSet::new();
        for (i, entry) in providers.iter().enumerate() {
            if entry["ServerSideTokenCheck"] != true {
                out.push(format!(
                    "{id}: CognitoIdentityProviders[{i}] has ServerSideTokenCheck {}",
                    entry["ServerSideTokenCheck"]
                ));
            }
            if get_att(&entry["ProviderName"], "ProviderName") != pool {
                out.push(format!(
                    "{id}: CognitoIdentityProviders[{i}] does not name this template's user pool"
                ));
            }
            if let Some(c) = entry["ClientId"]["Ref"].as_str() {
                listed.insert(c.to_string());
            }
        }
        for (client, c) in of_type(t, "AWS::Cognito::UserPoolClient") {
            // A machine client (client credentials) has no user to give credentials to.
            let machine = strings(&c["Properties"]["AllowedOAuthFlows"]) == ["client_credentials"];
            if machine && listed.contains(client) {
                out.push(format!("{id}: machine client {client} is a provider"));
            }
            if !machine && !listed.contains(client) {
                out.push(format!("{id}: app client {client} is not a provider"));
            }
        }
    }
    out
}

/// SEC-06 (as corrected on 2026-12-02): when groups have roles, a `Token` mapping for every
/// client, keyed `${UserPool.ProviderName}:${Client}`, whose `AmbiguousRoleResolution` (what a
/// user in no group gets) is `AuthenticatedRole`, or `Deny` only when the config asks
/// (`users_without_group: no_credentials`); group precedences set and unique.
fn sec06(t: &Value, e: &Expect) -> Vec<String> {
    let mut out = Vec::new();
    let resolution = if e.no_credentials_without_group {
        "Deny"
    } else {
        "AuthenticatedRole"
    };
    let pool = only_id(t, "AWS::Cognito::UserPool").unwrap_or_default();
    let clients: BTreeSet<String> = of_type(t, "AWS::Cognito::UserPoolClient")
        .into_iter()
        .map(|(id, _)| id.to_string())
        .collect();
    let groups_have_roles = !role_use(t).groups.is_empty();
    for (id, att) in of_type(t, "AWS::Cognito::IdentityPoolRoleAttachment") {
        let mappings = att["Properties"]["RoleMappings"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        let mut mapped = BTreeSet::new();
        for (key, m) in &mappings {
            if m["Type"] != "Token" {
                out.push(format!(
                    "{id}: mapping {key} has Type {}, not Token",
                    m["Type"]
                ));
            }
            if m["AmbiguousRoleResolution"] != resolution {
                out.push(format!(
                    "{id}: mapping {key} resolves ambiguity (users in no group) with {}, not {resolution}",
                    m["AmbiguousRoleResolution"]
                ));
            }
            let provider = m["IdentityProvider"]["Fn::Sub"].as_str().unwrap_or("");
            match provider
                .strip_prefix(&format!("${{{pool}.ProviderName}}:${{"))
                .and_then(|rest| rest.strip_suffix('}'))
            {
                Some(client) if clients.contains(client) => {
                    if !mapped.insert(client.to_string()) {
                        out.push(format!("{id}: client {client} is mapped twice"));
                    }
                }
                _ => out.push(format!(
                    "{id}: mapping {key} is keyed {}, not `${{{pool}.ProviderName}}:${{<client>}}`",
                    m["IdentityProvider"]
                )),
            }
        }
        if groups_have_roles {
            for c in clients.difference(&mapped) {
                out.push(format!(
                    "{id}: groups have roles but client {c} has no Token role mapping"
                ));
            }
        }
    }
    let mut precedences: BTreeMap<u64, String> = BTreeMap::new();
    for (id, g) in of_type(t, "AWS::Cognito::UserPoolGroup") {
        match g["Properties"]["Precedence"].as_u64() {
            None => out.push(format!("{id}: no Precedence")),
            Some(p) => {
                if let Some(other) = precedences.insert(p, id.to_string()) {
                    out.push(format!("{id}: precedence {p} is also {other}'s"));
                }
            }
        }
    }
    out
}

/// SEC-07: no rules-based mapping at all, so no role comes from a claim users can write.
fn sec07(t: &Value, _: &Expect) -> Vec<String> {
    let mut out = Vec::new();
    for (id, att) in of_type(t, "AWS::Cognito::IdentityPoolRoleAttachment") {
        for (key, m) in att["Properties"]["RoleMappings"]
            .as_object()
            .into_iter()
            .flatten()
        {
            if m["Type"] == "Rules" || !m["RulesConfiguration"].is_null() {
                out.push(format!(
                    "{id}: mapping {key} maps roles from rules on claims ({})",
                    m["RulesConfiguration"]
                ));
            }
        }
    }
    out
}

/// Standard attribute names (a `Schema` entry with another name is a custom attribute).
const STANDARD: [&str; 17] = [
    "address",
    "birthdate",
    "email",
    "family_name",
    "gender",
    "given_name",
    "locale",
    "middle_name",
    "name",
    "nickname",
    "phone_number",
    "picture",
    "preferred_username",
    "profile",
    "updated_at",
    "website",
    "zoneinfo",
];

/// SEC-08: every client lists `ReadAttributes` and `WriteAttributes`; writes ⊆ reads; no
/// immutable attribute and no `*_verified` flag is writable.
fn sec08(t: &Value, _: &Expect) -> Vec<String> {
    let mut out = Vec::new();
    let mut immutable = BTreeSet::new();
    for (_, pool) in of_type(t, "AWS::Cognito::UserPool") {
        for a in pool["Properties"]["Schema"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let name = str_or(&a["Name"], "");
            let full = if STANDARD.contains(&name) {
                name.to_string()
            } else {
                format!("custom:{name}")
            };
            if a["Mutable"] == false {
                immutable.insert(full);
            }
        }
    }
    for (id, c) in of_type(t, "AWS::Cognito::UserPoolClient") {
        let p = &c["Properties"];
        if !p["ReadAttributes"].is_array() {
            out.push(format!(
                "{id}: no ReadAttributes (default: every attribute)"
            ));
        }
        if !p["WriteAttributes"].is_array() {
            out.push(format!(
                "{id}: no WriteAttributes (default: every attribute)"
            ));
        }
        let reads: BTreeSet<String> = strings(&p["ReadAttributes"]).into_iter().collect();
        for w in strings(&p["WriteAttributes"]) {
            if !reads.contains(&w) {
                out.push(format!("{id}: writes `{w}` but does not read it"));
            }
            if immutable.contains(&w) {
                out.push(format!("{id}: `{w}` is immutable but writable"));
            }
            if w.ends_with("_verified") {
                out.push(format!("{id}: users could set `{w}` themselves"));
            }
        }
    }
    out
}

/// A statement reduced to what it grants; `Fn::Sub` resources un-escaped as the config wrote
/// them.
fn grant_of(st: &Value) -> Grant {
    let resources = match &st["Resource"] {
        Value::Array(list) => list.clone(),
        other => vec![other.clone()],
    };
    Grant {
        effect: str_or(&st["Effect"], "").to_string(),
        actions: strings(&st["Action"]),
        resources: resources
            .iter()
            .map(|r| match r {
                Value::String(s) => s.clone(),
                other => str_or(&other["Fn::Sub"], "?").replace("${!", "${"),
            })
            .collect(),
    }
}

/// SEC-09: each group role passes SEC-01/02 and holds exactly the authenticated role's
/// statements followed by that group's own (Sids prefixed with the group's logical id).
fn sec09(t: &Value, e: &Expect) -> Vec<String> {
    let mut out = Vec::new();
    let u = role_use(t);
    let auth: Vec<&Value> = u
        .authenticated
        .as_deref()
        .map(|a| role_statements(resource(t, a)))
        .unwrap_or_default();
    for (gid, g) in of_type(t, "AWS::Cognito::UserPoolGroup") {
        if e.group_roles && g["Properties"]["RoleArn"].is_null() {
            out.push(format!(
                "{gid}: groups have roles in the config but this one has none"
            ));
        }
        if !e.group_roles && !g["Properties"]["RoleArn"].is_null() {
            out.push(format!(
                "{gid}: group roles are off in the config but it has a role"
            ));
        }
    }
    for (gid, name, role) in &u.groups {
        let (trust, amr) = trust_problems(t, role);
        out.extend(trust);
        if amr != ["authenticated"] {
            out.push(format!("{role}: amr {amr:?}, not only `authenticated`"));
        }
        let stmts = role_statements(resource(t, role));
        if stmts.len() < auth.len() || stmts[..auth.len()] != auth[..] {
            out.push(format!(
                "{role}: does not start with the authenticated role's statements, unchanged"
            ));
            continue;
        }
        let own = &stmts[auth.len()..];
        let Some(declared) = e.groups.get(name) else {
            out.push(format!("{gid}: group `{name}` is not in the config"));
            continue;
        };
        if own.len() != declared.len() {
            out.push(format!(
                "{role}: {} statements of its own, the config declares {} for `{name}`",
                own.len(),
                declared.len()
            ));
        }
        for st in own {
            let sid = str_or(&st["Sid"], "");
            if !sid.starts_with(gid.as_str()) {
                out.push(format!(
                    "{role}: statement `{sid}` is not prefixed with {gid}"
                ));
            }
            if !declared.contains(&grant_of(st)) {
                out.push(format!(
                    "{role}: statement `{sid}` grants what group `{name}` does not declare"
                ));
            }
        }
    }
    out
}

/// SEC-21: password floor, deletion protection, case-insensitive user names, Retain on delete
/// and replacement, verified-attribute updates, MFA as configured.
fn sec21(t: &Value, e: &Expect) -> Vec<String> {
    let mut out = Vec::new();
    let pools = of_type(t, "AWS::Cognito::UserPool");
    if pools.len() != 1 {
        out.push(format!("{} user pools, expected one", pools.len()));
    }
    for (id, pool) in pools {
        let p = &pool["Properties"];
        match p["Policies"]["PasswordPolicy"]["MinimumLength"].as_u64() {
            Some(n) if (8..=99).contains(&n) => {}
            other => out.push(format!(
                "{id}: MinimumLength {other:?} is below 8 (or unset)"
            )),
        }
        if p["DeletionProtection"] != "ACTIVE" {
            out.push(format!(
                "{id}: DeletionProtection is {}",
                p["DeletionProtection"]
            ));
        }
        if p["UsernameConfiguration"]["CaseSensitive"] != false {
            out.push(format!(
                "{id}: UsernameConfiguration.CaseSensitive is {}",
                p["UsernameConfiguration"]["CaseSensitive"]
            ));
        }
        for policy in ["DeletionPolicy", "UpdateReplacePolicy"] {
            if pool[policy] != "Retain" {
                out.push(format!("{id}: {policy} is {}, not Retain", pool[policy]));
            }
        }
        let guarded: BTreeSet<String> =
            strings(&p["UserAttributeUpdateSettings"]["AttributesRequireVerificationBeforeUpdate"])
                .into_iter()
                .collect();
        for a in strings(&p["AutoVerifiedAttributes"]) {
            if !guarded.contains(&a) {
                out.push(format!(
                    "{id}: `{a}` is verified but can be changed without re-verification"
                ));
            }
        }
        if p["MfaConfiguration"] != e.mfa {
            out.push(format!(
                "{id}: MfaConfiguration {}, the config asks for {}",
                p["MfaConfiguration"], e.mfa
            ));
        }
        let mfas = strings(&p["EnabledMfas"]);
        if e.mfa != "OFF" && mfas.is_empty() {
            out.push(format!("{id}: MFA is {} but no method is enabled", e.mfa));
        }
        if mfas.iter().any(|m| m == "SMS_MFA") && p["SmsConfiguration"].is_null() {
            out.push(format!("{id}: SMS MFA without SmsConfiguration"));
        }
    }
    out
}

/// Every explicit auth flow cogform may render.
const AUTH_FLOWS: [&str; 6] = [
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_CUSTOM_AUTH",
    "ALLOW_USER_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
];

fn minutes(value: &Value, unit: &Value) -> Option<u64> {
    let n = value.as_u64()?;
    match unit.as_str()? {
        "seconds" => Some(n / 60),
        "minutes" => Some(n),
        "hours" => Some(n * 60),
        "days" => Some(n * 24 * 60),
        _ => None,
    }
}

/// SEC-22: user existence errors hidden, revocation on, validities within AWS bounds with
/// units, auth flows from the allow-list (refresh included), `code` only, secret only for
/// server clients.
fn sec22(t: &Value, e: &Expect) -> Vec<String> {
    let mut out = Vec::new();
    const DAY: u64 = 24 * 60;
    for (id, c) in of_type(t, "AWS::Cognito::UserPoolClient") {
        let p = &c["Properties"];
        let kind = e.client_kind(str_or(&p["ClientName"], ""));
        if kind.is_none() {
            out.push(format!(
                "{id}: client {} is not in the config",
                p["ClientName"]
            ));
        }
        if p["PreventUserExistenceErrors"] != "ENABLED" {
            out.push(format!(
                "{id}: PreventUserExistenceErrors is {}",
                p["PreventUserExistenceErrors"]
            ));
        }
        if p["EnableTokenRevocation"] != true {
            out.push(format!(
                "{id}: EnableTokenRevocation is {}",
                p["EnableTokenRevocation"]
            ));
        }
        let units = &p["TokenValidityUnits"];
        for (prop, unit, lo, hi) in [
            ("AccessTokenValidity", "AccessToken", 5, DAY),
            ("IdTokenValidity", "IdToken", 5, DAY),
            ("RefreshTokenValidity", "RefreshToken", 60, 3650 * DAY),
        ] {
            if units[unit].is_null() {
                out.push(format!("{id}: TokenValidityUnits.{unit} is not set"));
            }
            match minutes(&p[prop], &units[unit]) {
                Some(m) if (lo..=hi).contains(&m) => {}
                _ => out.push(format!(
                    "{id}: {prop} {} {} is outside AWS bounds",
                    p[prop], units[unit]
                )),
            }
        }
        if let Some(s) = p["AuthSessionValidity"].as_u64()
            && !(3..=15).contains(&s)
        {
            out.push(format!(
                "{id}: AuthSessionValidity {s} is outside 3–15 minutes"
            ));
        }
        let flows = strings(&p["ExplicitAuthFlows"]);
        for f in &flows {
            if !AUTH_FLOWS.contains(&f.as_str()) {
                out.push(format!("{id}: auth flow {f} is not on the allow-list"));
            }
        }
        // A rotating client refreshes with GetTokensFromRefreshToken instead (Cognito refuses
        // REFRESH_TOKEN_AUTH there).
        let rotating = p["RefreshTokenRotation"]["Feature"] == "ENABLED";
        if rotating == flows.iter().any(|f| f == "ALLOW_REFRESH_TOKEN_AUTH") {
            out.push(format!(
                "{id}: ExplicitAuthFlows and RefreshTokenRotation disagree about ALLOW_REFRESH_TOKEN_AUTH"
            ));
        }
        if flows.iter().any(|f| f == "ALLOW_ADMIN_USER_PASSWORD_AUTH") && kind != Some("server") {
            out.push(format!(
                "{id}: admin password sign-in on a client that is not a server"
            ));
        }
        // Users' clients: the code flow only; a machine client: client credentials only.
        let allowed_flow = if kind == Some("machine") {
            "client_credentials"
        } else {
            "code"
        };
        if !p["AllowedOAuthFlows"].is_null() && strings(&p["AllowedOAuthFlows"]) != [allowed_flow] {
            out.push(format!(
                "{id}: AllowedOAuthFlows {} (only {allowed_flow})",
                p["AllowedOAuthFlows"]
            ));
        }
        if p["AllowedOAuthFlowsUserPoolClient"] == true && p["AllowedOAuthFlows"].is_null() {
            out.push(format!("{id}: OAuth on without AllowedOAuthFlows"));
        }
        // A secret exactly for server (confidential) clients; an unknown client is reported
        // above.
        match (p["GenerateSecret"].as_bool(), kind) {
            (Some(secret), Some(k)) if secret == (k == "server" || k == "machine") => {}
            (Some(false), None) => {}
            (secret, k) => out.push(format!(
                "{id}: GenerateSecret {secret:?} for a {} client",
                k.unwrap_or("unknown")
            )),
        }
    }
    out
}

/// Why a redirect URL is unsafe for a client of `kind`, if it is.
fn redirect_problem(url: &str, kind: Option<&str>) -> Option<&'static str> {
    if url.contains('#') {
        return Some("has a fragment");
    }
    if url.contains('*') {
        return Some("has a wildcard");
    }
    if url.len() > 1024 || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("is too long or has white space");
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        return Some("is not an absolute URL");
    };
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    match scheme {
        "https" => {
            let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h);
            if host.is_empty() || authority.contains('@') {
                Some("has no host, or user information")
            } else {
                None
            }
        }
        "http" => {
            let ok = authority == "localhost"
                || authority
                    .strip_prefix("localhost:")
                    .is_some_and(|p| !p.is_empty() && p.parse::<u16>().is_ok());
            (!ok).then_some("uses http to a host other than exactly localhost[:port]")
        }
        "javascript" | "data" | "file" | "vbscript" => Some("uses a dangerous scheme"),
        _ if kind == Some("native") => None,
        _ => Some("uses a custom scheme on a client that is not native"),
    }
}

/// SEC-23: every redirect URL is https or exactly `http://localhost[:port]`, without fragment
/// or wildcard; custom schemes only on native clients; at most 100 per list.
fn sec23(t: &Value, e: &Expect) -> Vec<String> {
    let mut out = Vec::new();
    for (id, c) in of_type(t, "AWS::Cognito::UserPoolClient") {
        let p = &c["Properties"];
        let kind = e.client_kind(str_or(&p["ClientName"], ""));
        for prop in ["CallbackURLs", "LogoutURLs"] {
            let urls = strings(&p[prop]);
            if urls.len() > 100 {
                out.push(format!("{id}: {} {prop} (at most 100)", urls.len()));
            }
            for u in urls {
                if let Some(why) = redirect_problem(&u, kind) {
                    out.push(format!("{id}: {prop} entry {u:?} {why}"));
                }
            }
        }
        if let Some(d) = p["DefaultRedirectURI"].as_str()
            && !strings(&p["CallbackURLs"]).iter().any(|u| u == d)
        {
            out.push(format!("{id}: DefaultRedirectURI is not a callback URL"));
        }
    }
    out
}

/// Text that only a secret value contains.
fn secret_marker(s: &str) -> Option<&'static str> {
    const MARKERS: [&str; 7] = [
        "-----BEGIN",
        "PRIVATE KEY",
        "aws_secret_access_key",
        "sk_live_",
        "xoxb-",
        "ghp_",
        "github_pat_",
    ];
    if let Some(m) = MARKERS.iter().find(|m| s.contains(*m)) {
        return Some(m);
    }
    // An AWS access key id: AKIA/ASIA followed by 16 upper-case letters or digits.
    let b = s.as_bytes();
    (0..b.len().saturating_sub(19))
        .any(|i| {
            (&b[i..i + 4] == b"AKIA" || &b[i..i + 4] == b"ASIA")
                && b[i + 4..i + 20]
                    .iter()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
        .then_some("an AWS access key id")
}

/// Every string of `v` with its path.
fn all_strings<'a>(v: &'a Value, path: &mut Vec<String>, out: &mut Vec<(Vec<String>, &'a str)>) {
    match v {
        Value::String(s) => out.push((path.clone(), s)),
        Value::Array(list) => {
            for (i, x) in list.iter().enumerate() {
                path.push(i.to_string());
                all_strings(x, path, out);
                path.pop();
            }
        }
        Value::Object(m) => {
            for (k, x) in m {
                path.push(k.clone());
                // Keys are text too (a mapping key could smuggle a value).
                out.push((path.clone(), k));
                all_strings(x, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn dynamic_secret_reference(s: &str) -> bool {
    s.strip_prefix("{{resolve:secretsmanager:")
        .and_then(|r| r.strip_suffix("}}"))
        .is_some_and(|r| {
            !r.is_empty()
                && r.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "/_+=.@:-".contains(c))
        })
}

/// SEC-24: provider secrets are Secrets Manager dynamic references; no secret marker anywhere;
/// `{{resolve:` only in provider details, `${` only inside `Fn::Sub` or IAM policy documents.
fn sec24(t: &Value, _: &Expect) -> Vec<String> {
    let mut out = Vec::new();
    for (id, idp) in of_type(t, "AWS::Cognito::UserPoolIdentityProvider") {
        let p = &idp["Properties"];
        let details = &p["ProviderDetails"];
        let required: &[&str] = match str_or(&p["ProviderType"], "") {
            "Google" | "Facebook" | "LoginWithAmazon" | "OIDC" => &["client_secret"],
            "SignInWithApple" => &["private_key"],
            _ => &[],
        };
        for key in required {
            if details[key].is_null() {
                out.push(format!("{id}: ProviderDetails.{key} is missing"));
            }
        }
        for (key, v) in details.as_object().into_iter().flatten() {
            let lower = key.to_ascii_lowercase();
            if (lower.contains("secret") || lower.contains("private_key"))
                && !v.as_str().is_some_and(dynamic_secret_reference)
            {
                out.push(format!(
                    "{id}: ProviderDetails.{key} is not a {{{{resolve:secretsmanager:…}}}} reference"
                ));
            }
        }
    }
    let mut strs = Vec::new();
    all_strings(t, &mut Vec::new(), &mut strs);
    for (path, s) in strs {
        let at = path.join(".");
        if let Some(m) = secret_marker(s) {
            out.push(format!("{at}: contains a secret marker ({m})"));
        }
        let in_details = path.len() == 5
            && path[0] == "Resources"
            && path[2] == "Properties"
            && path[3] == "ProviderDetails"
            && resource(t, &path[1])["Type"] == "AWS::Cognito::UserPoolIdentityProvider";
        if s.contains("{{resolve:") && !(in_details && dynamic_secret_reference(s)) {
            out.push(format!(
                "{at}: a dynamic reference outside provider secrets"
            ));
        }
        let in_sub = path.iter().any(|p| p == "Fn::Sub");
        let in_policy = path
            .iter()
            .any(|p| p == "PolicyDocument" || p == "AssumeRolePolicyDocument");
        if s.contains("${") && !in_sub && !in_policy {
            out.push(format!("{at}: `${{…}}` in text that is not a substitution"));
        }
    }
    out
}

fn alphanumeric(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric())
}

/// SEC-25 (static part): every policy statement has a Sid, alphanumeric and unique in its
/// document; the Sids of the authenticated and guest roles' own statements are the config's or
/// `<Role><index>`.
fn sec25(t: &Value, e: &Expect) -> Vec<String> {
    let mut out = Vec::new();
    for (at, doc) in policy_documents(t) {
        let mut seen = BTreeSet::new();
        for (i, st) in statements(doc).into_iter().enumerate() {
            match st["Sid"].as_str() {
                None => out.push(format!("{at}: statement {i} has no Sid")),
                Some(s) if !alphanumeric(s) => {
                    out.push(format!("{at}: Sid {s:?} is not alphanumeric"));
                }
                Some(s) => {
                    if !seen.insert(s.to_string()) {
                        out.push(format!("{at}: Sid {s} is repeated"));
                    }
                }
            }
        }
    }
    let u = role_use(t);
    for (role, prefix, declared) in [
        (&u.authenticated, "Authenticated", &e.authenticated_sids),
        (&u.guest, "Guest", &e.guest_sids),
    ] {
        let Some(role) = role else { continue };
        for st in role_statements(resource(t, role)) {
            let sid = str_or(&st["Sid"], "");
            let generated = sid
                .strip_prefix(prefix)
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
            if !generated && !declared.iter().any(|d| d == sid) {
                out.push(format!("{role}: Sid `{sid}` does not trace to the config"));
            }
        }
    }
    out
}

/// The one documented exception: the SMS role must publish to phone numbers, which have no ARN.
fn sms_exception(role: &Value, st: &Value) -> bool {
    let skipped = role["Metadata"]["checkov"]["skip"]
        .as_array()
        .is_some_and(|l| l.iter().any(|s| s["id"] == "CKV_AWS_111"));
    skipped && strings(&st["Action"]) == ["sns:Publish"] && strings(&st["Resource"]) == ["*"]
}

/// No Allow statement anywhere has Action `*` or `svc:*`, Resource `*`, or NotAction /
/// NotResource (except the SMS role's `sns:Publish` on `*`, documented with a checkov skip).
fn wildcards(t: &Value, _: &Expect) -> Vec<String> {
    let mut out = Vec::new();
    for (at, doc) in policy_documents(t) {
        let id = at.split(' ').next().unwrap_or("");
        let owner = resource(t, id);
        for st in statements(doc) {
            if st["Effect"] != "Allow" {
                continue;
            }
            let sid = str_or(&st["Sid"], "?");
            for key in ["NotAction", "NotResource", "NotPrincipal"] {
                if !st[key].is_null() {
                    out.push(format!("{at}: statement {sid} uses {key}"));
                }
            }
            for a in strings(&st["Action"]) {
                if a == "*" || a.ends_with(":*") {
                    out.push(format!("{at}: statement {sid} allows action `{a}`"));
                }
            }
            if strings(&st["Resource"]).iter().any(|r| r == "*") && !sms_exception(owner, st) {
                out.push(format!("{at}: statement {sid} allows on resource `*`"));
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Running the checks
// ---------------------------------------------------------------------------------------------

/// Builds the project and returns every environment's template, by environment name.
fn build_all(dir: &Path) -> Vec<(String, Value)> {
    let r = run(dir, &["build"]);
    assert_eq!(r.code, 0, "build failed: {}", r.stderr);
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir.join("build"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let (env, value) = if let Some(env) = name.strip_suffix(".template.yaml") {
            let parsed = cogform::load::yaml::parse(&text).expect("template parses");
            assert!(parsed.problems.is_empty(), "{name}: {:?}", parsed.problems);
            (env, parsed.value)
        } else if let Some(env) = name.strip_suffix(".template.json") {
            (env, serde_json::from_str(&text).expect("template parses"))
        } else {
            continue;
        };
        out.push((env.to_string(), value));
    }
    assert!(!out.is_empty(), "build wrote no template");
    out
}

fn assert_clean(label: &str, dir: &Path) {
    let expect = Expect::from_project(dir);
    let mut failures = Vec::new();
    for (env, t) in build_all(dir) {
        for v in all_violations(&t, &expect) {
            failures.push(format!("{label} [{env}] {v}"));
        }
    }
    assert!(failures.is_empty(), "violations:\n{}", failures.join("\n"));
}

#[test]
fn every_example_and_environment_satisfies_every_invariant() {
    let names = examples();
    assert!(names.len() >= 2, "examples: {names:?}");
    for name in names {
        let dir = copy_example(&name);
        assert_clean(&format!("examples/{name}"), dir.path());
    }
}

const LAMBDA: &str = "arn:aws:lambda:eu-west-1:123456789012:function";

/// Varied auth configs (each valid), covering every option that changes the identity pool,
/// roles, clients, providers or pool settings.
fn config_cases() -> Vec<(&'static str, String)> {
    let table = "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table";
    // The authenticated role and every group declare a statement with the same Sid: each
    // group role holds both.
    let mut many_groups = format!(
        r#"identity_pool:
  authenticated_role:
    policies:
      - sid: ReadItems
        actions: [dynamodb:GetItem]
        resources: ["{table}/Items"]
      - actions: [dynamodb:Query]
        resources: ["{table}/Items"]
groups:
  - {{ name: Team_0b, precedence: 7 }}
  - {{ name: readers, precedence: 2147483647 }}
"#
    );
    for i in 0..12 {
        many_groups.push_str(&format!(
            r#"  - name: team-{i}
    precedence: {p}
    description: Team {i}
    policies:
      - sid: ReadItems
        actions: [dynamodb:PutItem]
        resources: ["{table}/Team{i}"]
      - actions: [dynamodb:DeleteItem, dynamodb:UpdateItem]
        resources: ["{table}/Team{i}"]
        conditions:
          ForAllValues:StringEquals:
            dynamodb:LeadingKeys: ["${{cognito-identity.amazonaws.com:sub}}"]
"#,
            p = 100 - i * 3,
        ));
    }
    let mut triggers = String::from("triggers:\n");
    for t in [
        "pre_sign_up",
        "post_confirmation",
        "pre_authentication",
        "post_authentication",
        "pre_token_generation",
        "custom_message",
        "define_auth_challenge",
        "create_auth_challenge",
        "verify_auth_challenge_response",
        "user_migration",
    ] {
        triggers.push_str(&format!("  {t}: {LAMBDA}:app-{}\n", t.replace('_', "-")));
    }
    triggers.push_str(
        "clients:\n  - { name: web, auth_flows: [srp, refresh, custom, password] }\n  - { name: migrator, kind: server, auth_flows: [admin_password, refresh] }\n",
    );
    let cases: Vec<(&'static str, String)> = vec![
        ("defaults", "{}\n".into()),
        (
            "guest access with read-only guest grants",
            format!(
                r#"identity_pool:
  guest_access: true
  authenticated_role:
    policies:
      - actions: [dynamodb:GetItem, dynamodb:PutItem]
        resources: ["{table}/Notes"]
        conditions:
          ForAllValues:StringEquals:
            dynamodb:LeadingKeys: ["${{cognito-identity.amazonaws.com:sub}}"]
  guest_role:
    policies:
      - sid: ReadPublic
        actions: [dynamodb:GetItem, dynamodb:Query, dynamodb:BatchGetItem]
        resources: ["{table}/Public"]
      - actions: [s3:ListBucket]
        resources: ["arn:${{AWS::Partition}}:s3:::public-bucket"]
      - effect: deny
        actions: [s3:*]
        resources: ["arn:${{AWS::Partition}}:s3:::private-bucket/*"]
groups:
  - {{ name: admins, precedence: 0 }}
"#
            ),
        ),
        (
            "identity pool off",
            "identity_pool: { enabled: false }\ngroups:\n  - { name: admins, precedence: 0 }\n  - { name: staff, precedence: 1 }\n".into(),
        ),
        (
            "group roles none",
            format!(
                "identity_pool:\n  group_roles: none\n  authenticated_role:\n    policies:\n      - {{ actions: [dynamodb:GetItem], resources: [\"{table}/A\"] }}\ngroups:\n  - {{ name: admins, precedence: 0 }}\n  - {{ name: staff, precedence: 5 }}\n"
            ),
        ),
        (
            "no groups, token roles",
            format!(
                "groups: []\nidentity_pool:\n  group_roles: token\n  authenticated_role:\n    policies:\n      - {{ sid: Own, actions: [dynamodb:Query], resources: [\"{table}/A\"] }}\n"
            ),
        ),
        ("many groups", many_groups),
        (
            "users in no group get no credentials",
            "identity_pool:\n  guest_access: true\n  users_without_group: no_credentials\ngroups:\n  - { name: admins, precedence: 0 }\n  - { name: staff, precedence: 1 }\nclients:\n  - { name: web }\n  - { name: ios, kind: native }\n".into(),
        ),
        (
            "username sign-in with aliases",
            r#"login: { username: true, email: true, phone: true }
attributes:
  preferred_username: { mutable: true }
  name: { required: true }
  phone_number: { mutable: true }
mfa: { mode: optional, methods: [totp] }
recovery: phone_then_email
"#
            .into(),
        ),
        (
            "phone sign-in with SMS MFA",
            "login: { email: false, phone: true }\nmfa: { mode: required, methods: [sms] }\nrecovery: phone\n".into(),
        ),
        (
            "admin-only recovery, no self sign-up, no MFA",
            "recovery: admin_only\nsign_up: { self_service: false }\nmfa: { mode: \"off\" }\npassword: { min_length: 8, require: [], temporary_validity_days: 1 }\n".into(),
        ),
        (
            "server and native clients",
            r#"hosted_ui:
  domain_prefix: clients-app
  callback_urls: ["https://app.example.com/callback", "http://localhost:8080/cb", "http://localhost"]
  logout_urls: ["https://app.example.com/"]
  scopes: [openid, email, phone, profile, aws.cognito.signin.user.admin]
clients:
  - { name: web, access_token_minutes: 5, id_token_minutes: 1440, refresh_token_days: 1 }
  - name: mobile-app
    kind: native
    auth_flows: [srp, refresh, user_auth]
    refresh_token_days: 3650
    callback_urls: ["com.example.app://callback", "https://app.example.com/native"]
    logout_urls: ["com.example.app://signout"]
  - name: backend_service
    kind: server
    auth_flows: [admin_password, password, refresh]
    hosted_ui: false
groups:
  - { name: admins, precedence: 0 }
"#
            .into(),
        ),
        (
            "every provider type",
            r#"attributes:
  email: { required: true }
  given_name: {}
  custom:
    department: { type: string }
providers:
  google:
    client_id: { secret: app/google, key: client_id }
    client_secret: { secret: app/google, key: client_secret }
    attributes: { email: email, given_name: given_name }
  facebook:
    client_id: "1234567890"
    client_secret: { secret: app/facebook }
  amazon:
    client_id: amzn1.application-oa2-client.abc
    client_secret: { secret: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/amazon-AbCdEf", key: secret }
  apple:
    client_id: com.example.signin
    team_id: ABCDE12345
    key_id: KEY1234567
    private_key: { secret: app/apple, key: private_key }
    scopes: [email]
  oidc:
    - name: Okta
      issuer: https://example.okta.com
      client_id: okta-client
      client_secret: { secret: app/okta, key: client_secret }
      request_method: POST
      attributes: { email: email, "custom:department": dept }
    - name: Auth0-Corp
      issuer: https://corp.eu.auth0.com
      client_id: { secret: app/auth0, key: id }
      client_secret: { secret: app/auth0, key: secret }
      scopes: [openid, email, profile]
  saml:
    - { name: Corp, metadata_url: "https://idp.example.com/metadata" }
    - { name: Partner, metadata_url: "https://partner.example.com/saml/metadata.xml", sign_out: true }
hosted_ui:
  domain_prefix: every-provider
  callback_urls: ["https://app.example.com/"]
"#
            .into(),
        ),
        ("every trigger", triggers),
        (
            "attributes of every kind",
            r#"attributes:
  email: { required: true, mutable: true }
  birthdate: { mutable: false }
  family_name: { required: true, mutable: true }
  updated_at: {}
  phone_number: { mutable: true }
  custom:
    tenant: { type: string, min_length: 1, max_length: 64, mutable: false }
    role: { type: string, mutable: false }
    level: { type: number, min: 0, max: 10, mutable: false }
    beta: { type: boolean }
    joined: { type: datetime, mutable: false }
mfa: { mode: optional, methods: [totp, sms] }
recovery: email_then_phone
"#
            .into(),
        ),
    ];
    cases
}

/// With `COGFORM_KEEP_INVARIANT_BUILDS=<dir>`, the inline configs' templates are also copied to
/// `<dir>/<case>.<env>.template.yaml`, to run `scripts/validate-templates.sh` on them.
#[test]
fn varied_configs_satisfy_every_invariant() {
    let keep = std::env::var_os("COGFORM_KEEP_INVARIANT_BUILDS").map(std::path::PathBuf::from);
    let cases = config_cases();
    assert!(cases.len() >= 12);
    for (label, auth) in cases {
        let dir = project(&[("backend/auth.yaml", &auth)]);
        let r = run(dir.path(), &["validate"]);
        assert_eq!(r.code, 0, "{label}: config refused:\n{}", r.stderr);
        assert_clean(label, dir.path());
        if let Some(keep) = &keep {
            std::fs::create_dir_all(keep).unwrap();
            for (file, bytes) in build_files(dir.path()) {
                let name = format!("{}.{file}", label.replace([' ', ','], "-"));
                std::fs::write(keep.join(name), bytes).unwrap();
            }
        }
    }
}

#[test]
fn environments_and_json_output_satisfy_every_invariant() {
    let auth = r#"hosted_ui:
  domain_prefix: multi
  callback_urls: ["http://localhost:3000/"]
  logout_urls: ["http://localhost:3000/"]
providers:
  google:
    client_id: g-client
    client_secret: { secret: multi/google, key: secret }
groups:
  - { name: admins, precedence: 1 }
identity_pool: { guest_access: true }
"#;
    let envs = r#"
environments:
  dev: {}
  staging:
    callback_urls: ["https://staging.example.com/"]
  prod:
    domain_prefix: multi-web
    callback_urls: ["https://example.com/", "https://www.example.com/"]
    logout_urls: ["https://example.com/"]
"#;
    for format in ["yaml", "json"] {
        let cfg = format!("project: multi-env\nformat: {format}\n{envs}");
        let dir = project(&[("cogform.yaml", &cfg), ("backend/auth.yaml", auth)]);
        let built = build_all(dir.path());
        assert_eq!(
            built.len(),
            3,
            "{format}: {:?}",
            built.iter().map(|b| &b.0).collect::<Vec<_>>()
        );
        assert_clean(&format!("environments ({format})"), dir.path());
    }
}

// ---------------------------------------------------------------------------------------------
// SEC-25: determinism
// ---------------------------------------------------------------------------------------------

fn build_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let r = run(dir, &["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    std::fs::read_dir(dir.join("build"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn rendering_twice_is_byte_identical() {
    for name in examples() {
        let a = copy_example(&name);
        let b = copy_example(&name);
        std::fs::remove_dir_all(b.path().join("build")).unwrap();
        let first = build_files(a.path());
        let again = build_files(a.path());
        let elsewhere = build_files(b.path());
        assert_eq!(first, again, "{name}: a second build changed the output");
        assert_eq!(first, elsewhere, "{name}: a fresh build differs");
    }
    for (label, auth) in config_cases() {
        let dir = project(&[("backend/auth.yaml", &auth)]);
        assert_eq!(build_files(dir.path()), build_files(dir.path()), "{label}");
    }
}

#[test]
fn reordering_unordered_config_lists_changes_nothing() {
    let one = r#"attributes:
  given_name: {}
  email: { required: true }
  custom: { b: { type: string }, a: { type: number } }
groups:
  - { name: alpha, precedence: 1 }
  - { name: beta, precedence: 2 }
providers:
  oidc:
    - { name: Okta, issuer: "https://a.example.com", client_id: a, client_secret: { secret: s/a } }
    - { name: Corp, issuer: "https://b.example.com", client_id: b, client_secret: { secret: s/b } }
  google: { client_id: g, client_secret: { secret: s/g } }
hosted_ui:
  domain_prefix: reorder
  callback_urls: ["https://b.example.com/", "https://a.example.com/"]
  scopes: [profile, openid, email]
clients:
  - { name: web, auth_flows: [srp, refresh] }
  - { name: app, kind: native, auth_flows: [refresh, srp] }
"#;
    let two = r#"hosted_ui:
  scopes: [email, openid, profile]
  callback_urls: ["https://a.example.com/", "https://b.example.com/"]
  domain_prefix: reorder
clients:
  - { name: app, kind: native, auth_flows: [srp, refresh] }
  - { name: web, auth_flows: [refresh, srp] }
providers:
  google: { client_id: g, client_secret: { secret: s/g } }
  oidc:
    - { name: Corp, issuer: "https://b.example.com", client_id: b, client_secret: { secret: s/b } }
    - { name: Okta, issuer: "https://a.example.com", client_id: a, client_secret: { secret: s/a } }
groups:
  - { name: beta, precedence: 2 }
  - { name: alpha, precedence: 1 }
attributes:
  custom: { a: { type: number }, b: { type: string } }
  email: { required: true }
  given_name: {}
"#;
    let a = project(&[("backend/auth.yaml", one)]);
    let b = project(&[("backend/auth.yaml", two)]);
    assert_eq!(build_files(a.path()), build_files(b.path()));
}

// ---------------------------------------------------------------------------------------------
// Negative tests: every checker can fail
// ---------------------------------------------------------------------------------------------

/// The social example's prod template (the richest one) and what its config asked for.
fn base() -> &'static (Value, Expect) {
    static BASE: OnceLock<(Value, Expect)> = OnceLock::new();
    BASE.get_or_init(|| {
        let dir = copy_example("social");
        let t = crate::support::built_template(dir.path(), "prod");
        (t, Expect::from_project(dir.path()))
    })
}

fn props<'a>(t: &'a mut Value, id: &str) -> &'a mut Value {
    let p = &mut t["Resources"][id]["Properties"];
    assert!(p.is_object(), "no resource {id}");
    p
}

fn remove(v: &mut Value, key: &str) {
    assert!(
        v.as_object_mut().unwrap().remove(key).is_some(),
        "no {key} to remove"
    );
}

/// The (only) trust statement of a role.
fn trust<'a>(t: &'a mut Value, role: &str) -> &'a mut Value {
    &mut props(t, role)["AssumeRolePolicyDocument"]["Statement"][0]
}

fn first_policy<'a>(t: &'a mut Value, role: &str) -> &'a mut Value {
    let st = &mut props(t, role)["Policies"][0]["PolicyDocument"]["Statement"];
    assert!(st.is_array(), "{role} has no inline policy");
    st
}

type Mutation = fn(&mut Value, &mut Expect);

/// (what, checker, mutation, text the violation must contain)
fn mutations() -> Vec<(&'static str, Check, Mutation, &'static str)> {
    vec![
        // SEC-01
        (
            "aud removed",
            sec01,
            |t, _| {
                let c = &mut trust(t, "AuthenticatedRole")["Condition"];
                remove(c, "StringEquals");
            },
            "no StringEquals",
        ),
        (
            "aud of another pool",
            sec01,
            |t, _| {
                trust(t, "GuestRole")["Condition"]["StringEquals"][AUD] =
                    json!("eu-west-1:00000000-0000-0000-0000-000000000000");
            },
            "not a Ref to this template's identity pool",
        ),
        (
            "amr removed",
            sec01,
            |t, _| {
                remove(
                    &mut trust(t, "GroupADMINSRole")["Condition"],
                    "ForAnyValue:StringLike",
                );
            },
            "no ForAnyValue:StringLike",
        ),
        (
            "second trust statement",
            sec01,
            |t, _| {
                let sts =
                    &mut props(t, "AuthenticatedRole")["AssumeRolePolicyDocument"]["Statement"];
                let mut extra = sts[0].clone();
                extra["Sid"] = json!("Extra");
                remove(&mut extra, "Condition");
                sts.as_array_mut().unwrap().push(extra);
            },
            "exactly one is allowed",
        ),
        (
            "trust action widened",
            sec01,
            |t, _| {
                trust(t, "AuthenticatedRole")["Action"] =
                    json!(["sts:AssumeRoleWithWebIdentity", "sts:TagSession"]);
            },
            "not only sts:AssumeRoleWithWebIdentity",
        ),
        // SEC-02
        (
            "guest role for signed-in users",
            sec02,
            |t, _| {
                trust(t, "GuestRole")["Condition"]["ForAnyValue:StringLike"][AMR] =
                    json!("authenticated");
            },
            "GuestRole: amr",
        ),
        (
            "authenticated role for guests too",
            sec02,
            |t, _| {
                trust(t, "AuthenticatedRole")["Condition"]["ForAnyValue:StringLike"][AMR] =
                    json!(["authenticated", "unauthenticated"]);
            },
            "AuthenticatedRole: amr",
        ),
        (
            "group role for guests",
            sec02,
            |t, _| {
                trust(t, "GroupEDITORSRole")["Condition"]["ForAnyValue:StringLike"][AMR] =
                    json!("unauthenticated");
            },
            "GroupEDITORSRole: amr",
        ),
        (
            "stray identity role",
            sec02,
            |t, _| {
                let role = t["Resources"]["GuestRole"].clone();
                t["Resources"]["StrayRole"] = role;
            },
            "neither an attached nor a group role",
        ),
        // SEC-03
        (
            "classic flow on",
            sec03,
            |t, _| {
                props(t, "IdentityPool")["AllowClassicFlow"] = json!(true);
            },
            "AllowClassicFlow is true",
        ),
        (
            "classic flow omitted",
            sec03,
            |t, _| remove(props(t, "IdentityPool"), "AllowClassicFlow"),
            "explicitly false",
        ),
        // SEC-04
        (
            "unauthenticated flag omitted",
            sec04,
            |t, _| remove(props(t, "IdentityPool"), "AllowUnauthenticatedIdentities"),
            "must be written",
        ),
        (
            "guests on against the config",
            sec04,
            |_, e| e.guest_access = false,
            "AllowUnauthenticatedIdentities is true",
        ),
        (
            "guest write",
            sec04,
            |t, _| {
                first_policy(t, "GuestRole")[0]["Action"] =
                    json!(["dynamodb:GetItem", "dynamodb:PutItem"]);
            },
            "`dynamodb:PutItem`, not a read action",
        ),
        (
            "guest wildcard read",
            sec04,
            |t, _| {
                first_policy(t, "GuestRole")[0]["Action"] = json!("s3:Get*");
            },
            "not a read action",
        ),
        // SEC-05
        (
            "token check off",
            sec05,
            |t, _| {
                props(t, "IdentityPool")["CognitoIdentityProviders"][1]["ServerSideTokenCheck"] =
                    json!(false);
            },
            "ServerSideTokenCheck false",
        ),
        (
            "token check omitted",
            sec05,
            |t, _| {
                remove(
                    &mut props(t, "IdentityPool")["CognitoIdentityProviders"][0],
                    "ServerSideTokenCheck",
                );
            },
            "ServerSideTokenCheck null",
        ),
        (
            "provider of another pool",
            sec05,
            |t, _| {
                props(t, "IdentityPool")["CognitoIdentityProviders"][0]["ProviderName"] =
                    json!("cognito-idp.eu-west-1.amazonaws.com/eu-west-1_other");
            },
            "does not name this template's user pool",
        ),
        // SEC-06
        (
            "users in no group denied credentials by default",
            sec06,
            |t, _| {
                props(t, "IdentityPoolRoleAttachment")["RoleMappings"]["UserPoolClientWeb"]["AmbiguousRoleResolution"] =
                    json!("Deny");
            },
            "with \"Deny\", not AuthenticatedRole",
        ),
        (
            "users in no group get the authenticated role against no_credentials",
            sec06,
            |_, e| e.no_credentials_without_group = true,
            "with \"AuthenticatedRole\", not Deny",
        ),
        (
            "ambiguity resolution omitted",
            sec06,
            |t, _| {
                remove(
                    &mut props(t, "IdentityPoolRoleAttachment")["RoleMappings"]["UserPoolClientIos"],
                    "AmbiguousRoleResolution",
                );
            },
            "with null, not AuthenticatedRole",
        ),
        (
            "client without mapping",
            sec06,
            |t, _| {
                remove(
                    &mut props(t, "IdentityPoolRoleAttachment")["RoleMappings"],
                    "UserPoolClientIos",
                );
            },
            "UserPoolClientIos has no Token role mapping",
        ),
        (
            "mapping keyed by another provider",
            sec06,
            |t, _| {
                props(t, "IdentityPoolRoleAttachment")["RoleMappings"]["UserPoolClientWeb"]["IdentityProvider"] =
                    json!("graph.facebook.com");
            },
            "is keyed",
        ),
        (
            "duplicate precedence",
            sec06,
            |t, _| {
                props(t, "GroupEDITORS")["Precedence"] = json!(0);
            },
            "precedence 0 is also",
        ),
        // SEC-07
        (
            "rules on a writable claim",
            sec07,
            |t, _| {
                let m = &mut props(t, "IdentityPoolRoleAttachment")["RoleMappings"]["UserPoolClientWeb"];
                m["Type"] = json!("Rules");
                m["RulesConfiguration"] = json!({"Rules": [{"Claim": "custom:role", "MatchType": "Equals", "Value": "admin", "RoleArn": {"Fn::GetAtt": ["GroupADMINSRole", "Arn"]}}]});
            },
            "maps roles from rules",
        ),
        // SEC-08
        (
            "client without ReadAttributes",
            sec08,
            |t, _| remove(props(t, "UserPoolClientWeb"), "ReadAttributes"),
            "no ReadAttributes",
        ),
        (
            "client without WriteAttributes",
            sec08,
            |t, _| remove(props(t, "UserPoolClientIos"), "WriteAttributes"),
            "no WriteAttributes",
        ),
        (
            "immutable attribute writable",
            sec08,
            |t, _| {
                props(t, "UserPoolClientWeb")["WriteAttributes"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!("custom:tenant"));
            },
            "`custom:tenant` is immutable",
        ),
        (
            "verified flag writable",
            sec08,
            |t, _| {
                props(t, "UserPoolClientWeb")["WriteAttributes"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!("email_verified"));
            },
            "`email_verified` themselves",
        ),
        (
            "write not read",
            sec08,
            |t, _| {
                props(t, "UserPoolClientWeb")["WriteAttributes"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!("website"));
            },
            "does not read it",
        ),
        // SEC-09
        (
            "another group's grant",
            sec09,
            |t, _| {
                let admin = first_policy(t, "GroupADMINSRole")[1].clone();
                first_policy(t, "GroupEDITORSRole")
                    .as_array_mut()
                    .unwrap()
                    .push(admin);
            },
            "GroupEDITORSRole: 1 statements of its own",
        ),
        (
            "authenticated grants dropped",
            sec09,
            |t, _| {
                first_policy(t, "GroupADMINSRole")
                    .as_array_mut()
                    .unwrap()
                    .remove(0);
            },
            "does not start with the authenticated role's statements",
        ),
        (
            "own statement unprefixed",
            sec09,
            |t, _| {
                first_policy(t, "GroupADMINSRole")[1]["Sid"] = json!("Admin");
            },
            "not prefixed with GroupADMINS",
        ),
        (
            "own statement widened",
            sec09,
            |t, _| {
                first_policy(t, "GroupADMINSRole")[1]["Action"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!("dynamodb:Scan"));
            },
            "does not declare",
        ),
        (
            "group role trust without aud",
            sec09,
            |t, _| {
                remove(
                    &mut trust(t, "GroupEDITORSRole")["Condition"],
                    "StringEquals",
                );
            },
            "no StringEquals",
        ),
        (
            "group without role",
            sec09,
            |t, _| remove(props(t, "GroupEDITORS"), "RoleArn"),
            "has none",
        ),
        // SEC-21
        (
            "short passwords",
            sec21,
            |t, _| {
                props(t, "UserPool")["Policies"]["PasswordPolicy"]["MinimumLength"] = json!(6);
            },
            "MinimumLength Some(6)",
        ),
        (
            "deletion protection off",
            sec21,
            |t, _| {
                props(t, "UserPool")["DeletionProtection"] = json!("INACTIVE");
            },
            "DeletionProtection is \"INACTIVE\"",
        ),
        (
            "case-sensitive user names",
            sec21,
            |t, _| {
                props(t, "UserPool")["UsernameConfiguration"]["CaseSensitive"] = json!(true);
            },
            "CaseSensitive is true",
        ),
        (
            "pool deleted with the stack",
            sec21,
            |t, _| remove(&mut t["Resources"]["UserPool"], "DeletionPolicy"),
            "DeletionPolicy is null",
        ),
        (
            "pool replaced",
            sec21,
            |t, _| {
                t["Resources"]["UserPool"]["UpdateReplacePolicy"] = json!("Delete");
            },
            "UpdateReplacePolicy is \"Delete\"",
        ),
        (
            "verified phone changed unverified",
            sec21,
            |t, _| {
                props(t, "UserPool")["UserAttributeUpdateSettings"]["AttributesRequireVerificationBeforeUpdate"] =
                    json!(["email"]);
            },
            "`phone_number` is verified",
        ),
        (
            "MFA not as configured",
            sec21,
            |t, _| {
                props(t, "UserPool")["MfaConfiguration"] = json!("OFF");
            },
            "the config asks for OPTIONAL",
        ),
        // SEC-22
        (
            "user existence errors leak",
            sec22,
            |t, _| {
                props(t, "UserPoolClientWeb")["PreventUserExistenceErrors"] = json!("LEGACY");
            },
            "PreventUserExistenceErrors is \"LEGACY\"",
        ),
        (
            "revocation off",
            sec22,
            |t, _| {
                props(t, "UserPoolClientIos")["EnableTokenRevocation"] = json!(false);
            },
            "EnableTokenRevocation is false",
        ),
        (
            "access token too short",
            sec22,
            |t, _| {
                props(t, "UserPoolClientWeb")["AccessTokenValidity"] = json!(2);
            },
            "AccessTokenValidity 2",
        ),
        (
            "refresh token too long",
            sec22,
            |t, _| {
                props(t, "UserPoolClientWeb")["RefreshTokenValidity"] = json!(3651);
            },
            "RefreshTokenValidity 3651",
        ),
        (
            "units missing",
            sec22,
            |t, _| remove(props(t, "UserPoolClientWeb"), "TokenValidityUnits"),
            "TokenValidityUnits.AccessToken is not set",
        ),
        (
            "legacy auth flow",
            sec22,
            |t, _| {
                props(t, "UserPoolClientWeb")["ExplicitAuthFlows"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!("ADMIN_NO_SRP_AUTH"));
            },
            "ADMIN_NO_SRP_AUTH is not on the allow-list",
        ),
        (
            "no refresh flow",
            sec22,
            |t, _| {
                props(t, "UserPoolClientWeb")["ExplicitAuthFlows"] = json!(["ALLOW_USER_SRP_AUTH"]);
            },
            "ExplicitAuthFlows and RefreshTokenRotation disagree about ALLOW_REFRESH_TOKEN_AUTH",
        ),
        (
            "refresh flow on a rotating client",
            sec22,
            |t, _| {
                props(t, "UserPoolClientWeb")["RefreshTokenRotation"] =
                    json!({ "Feature": "ENABLED", "RetryGracePeriodSeconds": 10 });
            },
            "ExplicitAuthFlows and RefreshTokenRotation disagree about ALLOW_REFRESH_TOKEN_AUTH",
        ),
        (
            "admin flow on a public client",
            sec22,
            |t, _| {
                props(t, "UserPoolClientIos")["ExplicitAuthFlows"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!("ALLOW_ADMIN_USER_PASSWORD_AUTH"));
            },
            "not a server",
        ),
        (
            "implicit grant",
            sec22,
            |t, _| {
                props(t, "UserPoolClientWeb")["AllowedOAuthFlows"] = json!(["code", "implicit"]);
            },
            "(only code)",
        ),
        (
            "secret on a public client",
            sec22,
            |t, _| {
                props(t, "UserPoolClientWeb")["GenerateSecret"] = json!(true);
            },
            "GenerateSecret Some(true) for a web client",
        ),
        // SEC-23
        (
            "http to a remote host",
            sec23,
            |t, _| {
                props(t, "UserPoolClientWeb")["CallbackURLs"] = json!(["http://example.com/cb"]);
            },
            "uses http",
        ),
        (
            "localhost look-alike",
            sec23,
            |t, _| {
                props(t, "UserPoolClientWeb")["CallbackURLs"] =
                    json!(["http://localhost.evil.com/"]);
            },
            "uses http",
        ),
        (
            "localhost with user info",
            sec23,
            |t, _| {
                props(t, "UserPoolClientWeb")["LogoutURLs"] = json!(["http://localhost@evil.com/"]);
            },
            "uses http",
        ),
        (
            "fragment",
            sec23,
            |t, _| {
                props(t, "UserPoolClientWeb")["CallbackURLs"] =
                    json!(["https://example.com/#token"]);
            },
            "has a fragment",
        ),
        (
            "wildcard",
            sec23,
            |t, _| {
                props(t, "UserPoolClientWeb")["CallbackURLs"] = json!(["https://*.example.com/"]);
            },
            "has a wildcard",
        ),
        (
            "custom scheme on a web client",
            sec23,
            |t, _| {
                props(t, "UserPoolClientWeb")["CallbackURLs"] = json!(["myapp://callback"]);
            },
            "not native",
        ),
        (
            "javascript on a native client",
            sec23,
            |t, _| {
                props(t, "UserPoolClientIos")["CallbackURLs"] = json!(["javascript://alert(1)"]);
            },
            "dangerous scheme",
        ),
        (
            "relative URL",
            sec23,
            |t, _| {
                props(t, "UserPoolClientWeb")["LogoutURLs"] = json!(["/signout"]);
            },
            "not an absolute URL",
        ),
        (
            "too many URLs",
            sec23,
            |t, _| {
                let urls: Vec<String> = (0..101)
                    .map(|i| format!("https://e{i}.example.com/"))
                    .collect();
                props(t, "UserPoolClientWeb")["CallbackURLs"] = json!(urls);
            },
            "101 CallbackURLs",
        ),
        // SEC-24
        (
            "plaintext client secret",
            sec24,
            |t, _| {
                props(t, "IdentityProviderGoogle")["ProviderDetails"]["client_secret"] =
                    json!("GOCSPX-abcdefghijklmnop");
            },
            "ProviderDetails.client_secret is not a",
        ),
        (
            "plaintext Apple key",
            sec24,
            |t, _| {
                props(t, "IdentityProviderSignInWithApple")["ProviderDetails"]["private_key"] =
                    json!("-----BEGIN PRIVATE KEY-----\nMIGT\n-----END PRIVATE KEY-----");
            },
            "secret marker",
        ),
        (
            "secret missing",
            sec24,
            |t, _| {
                remove(
                    &mut props(t, "IdentityProviderOkta")["ProviderDetails"],
                    "client_secret",
                );
            },
            "client_secret is missing",
        ),
        (
            "access key in free text",
            sec24,
            |t, _| {
                props(t, "GroupEDITORS")["Description"] = json!("key AKIAABCDEFGHIJKLMNOP");
            },
            "an AWS access key id",
        ),
        (
            "dynamic reference in free text",
            sec24,
            |t, _| {
                props(t, "UserPoolClientWeb")["ClientName"] = json!("{{resolve:ssm:/x}}");
            },
            "a dynamic reference outside provider secrets",
        ),
        (
            "SSM reference as secret",
            sec24,
            |t, _| {
                props(t, "IdentityProviderFacebook")["ProviderDetails"]["client_secret"] =
                    json!("{{resolve:ssm-secure:/fb}}");
            },
            "client_secret is not a",
        ),
        (
            "substitution in free text",
            sec24,
            |t, _| {
                props(t, "GroupADMINS")["Description"] = json!("${AWS::AccountId}");
            },
            "not a substitution",
        ),
        // SEC-25
        (
            "statement without Sid",
            sec25,
            |t, _| {
                remove(&mut first_policy(t, "GroupADMINSRole")[1], "Sid");
            },
            "has no Sid",
        ),
        (
            "repeated Sid",
            sec25,
            |t, _| {
                first_policy(t, "GroupADMINSRole")[1]["Sid"] = json!("ReadPhotoIndex");
            },
            "Sid ReadPhotoIndex is repeated",
        ),
        (
            "untraceable Sid",
            sec25,
            |t, _| {
                first_policy(t, "GuestRole")[0]["Sid"] = json!("Whatever");
            },
            "does not trace to the config",
        ),
        (
            "trust statement without Sid",
            sec25,
            |t, _| {
                remove(trust(t, "UserPoolSmsRole"), "Sid");
            },
            "UserPoolSmsRole trust policy: statement 0 has no Sid",
        ),
        // Wildcards
        (
            "action *",
            wildcards,
            |t, _| {
                first_policy(t, "AuthenticatedRole")[0]["Action"] = json!("*");
            },
            "allows action `*`",
        ),
        (
            "service wildcard",
            wildcards,
            |t, _| {
                first_policy(t, "GroupADMINSRole")[1]["Action"] = json!(["s3:*"]);
            },
            "allows action `s3:*`",
        ),
        (
            "resource *",
            wildcards,
            |t, _| {
                first_policy(t, "AuthenticatedRole")[0]["Resource"] = json!(["*"]);
            },
            "allows on resource `*`",
        ),
        (
            "NotAction",
            wildcards,
            |t, _| {
                let st = &mut first_policy(t, "GuestRole")[0];
                st["NotAction"] = st["Action"].take();
                remove(st, "Action");
            },
            "uses NotAction",
        ),
        (
            "SMS exception without its documented skip",
            wildcards,
            |t, _| {
                remove(&mut t["Resources"]["UserPoolSmsRole"], "Metadata");
            },
            "UserPoolSmsRole policy SendSms: statement PublishTextMessages allows on resource `*`",
        ),
        (
            "SMS role publishing more than SMS",
            wildcards,
            |t, _| {
                first_policy(t, "UserPoolSmsRole")[0]["Action"] =
                    json!(["sns:Publish", "sns:CreateTopic"]);
            },
            "allows on resource `*`",
        ),
    ]
}

#[test]
fn every_checker_passes_the_unmutated_base() {
    let (t, e) = base();
    for (name, check) in CHECKS {
        let v = check(t, e);
        assert!(v.is_empty(), "{name} on the social example: {v:?}");
    }
}

#[test]
fn every_checker_reports_a_mutated_template() {
    let (t, e) = base();
    let muts = mutations();
    let mut failures = Vec::new();
    let mut covered = BTreeSet::new();
    for (what, check, mutate, needle) in &muts {
        assert!(check(t, e).is_empty(), "{what}: the base already fails");
        let (mut t2, mut e2) = (t.clone(), e.clone());
        mutate(&mut t2, &mut e2);
        let v = check(&t2, &e2);
        if !v.iter().any(|x| x.contains(needle)) {
            failures.push(format!(
                "{what}: expected a violation containing {needle:?}, got {v:?}"
            ));
        }
        covered.insert(*check as usize);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for (name, check) in CHECKS {
        assert!(
            covered.contains(&(*check as usize)),
            "{name} has no negative test"
        );
    }
}

/// What depends on a client's kind: a secret only (and always) for server clients; custom
/// redirect schemes only for native ones.
#[test]
fn sec22_and_sec23_follow_the_client_kind() {
    let (_, auth) = config_cases()
        .into_iter()
        .find(|(label, _)| *label == "server and native clients")
        .unwrap();
    let dir = project(&[("backend/auth.yaml", &auth)]);
    let t = crate::support::built_template(dir.path(), "dev");
    let e = Expect::from_project(dir.path());
    assert!(sec22(&t, &e).is_empty() && sec23(&t, &e).is_empty());
    let native = "UserPoolClientMobileApp";
    let server = "UserPoolClientBackendService";
    assert_eq!(t["Resources"][server]["Properties"]["GenerateSecret"], true);

    let mut t2 = t.clone();
    props(&mut t2, server)["GenerateSecret"] = json!(false);
    props(&mut t2, native)["GenerateSecret"] = json!(true);
    let v = sec22(&t2, &e);
    assert!(
        v.iter()
            .any(|x| x.contains("Some(false) for a server client")),
        "{v:?}"
    );
    assert!(
        v.iter()
            .any(|x| x.contains("Some(true) for a native client")),
        "{v:?}"
    );

    let mut t3 = t.clone();
    let custom = t["Resources"][native]["Properties"]["CallbackURLs"].clone();
    assert!(
        strings(&custom)
            .iter()
            .any(|u| u.starts_with("com.example.app://"))
    );
    props(&mut t3, "UserPoolClientWeb")["CallbackURLs"] = custom;
    let v = sec23(&t3, &e);
    assert!(
        v.iter()
            .any(|x| x.contains("UserPoolClientWeb") && x.contains("not native")),
        "{v:?}"
    );

    let mut e2 = e.clone();
    e2.clients.remove("backend_service");
    let v = sec22(&t, &e2);
    assert!(v.iter().any(|x| x.contains("not in the config")), "{v:?}");
}

#[test]
fn sec04_reports_a_guest_role_when_guests_are_off() {
    let dir = copy_example("minimal");
    let t = crate::support::built_template(dir.path(), "dev");
    let mut e = Expect::from_project(dir.path());
    assert!(sec04(&t, &e).is_empty());
    e.guest_access = true;
    let v = sec04(&t, &e);
    assert!(
        v.iter().any(|x| x.contains("no role is attached for them")),
        "{v:?}"
    );
    let (base_t, base_e) = base();
    let mut t2 = base_t.clone();
    remove(
        &mut props(&mut t2, "IdentityPoolRoleAttachment")["Roles"],
        "unauthenticated",
    );
    let v = sec04(&t2, base_e);
    assert!(v.iter().any(|x| x.contains("no role is attached")), "{v:?}");
}

#[test]
fn sec04_and_sec06_report_a_missing_identity_pool_and_mappings() {
    let (t, e) = base();
    let mut t2 = t.clone();
    t2["Resources"]
        .as_object_mut()
        .unwrap()
        .retain(|_, r| r["Type"] != "AWS::Cognito::IdentityPool");
    assert!(
        sec04(&t2, e)
            .iter()
            .any(|x| x.contains("enables the identity pool"))
    );
    let mut t3 = t.clone();
    remove(props(&mut t3, "IdentityPoolRoleAttachment"), "RoleMappings");
    let v = sec06(&t3, e);
    assert_eq!(v.len(), 2, "{v:?}");
}

/// Every `AmbiguousRoleResolution` of a template's role mappings.
fn resolutions(t: &Value) -> Vec<String> {
    of_type(t, "AWS::Cognito::IdentityPoolRoleAttachment")
        .into_iter()
        .flat_map(|(_, a)| {
            a["Properties"]["RoleMappings"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(_, m)| m["AmbiguousRoleResolution"].to_string())
        })
        .collect()
}

/// SEC-06 as corrected: users in no group get the authenticated role unless the config asks
/// for `no_credentials`, and then (only then) `Deny`. Each template is also checked against
/// the other setting's expectation, so a checker that accepted either value would fail here.
#[test]
fn sec06_users_in_no_group_get_the_authenticated_role_unless_asked_otherwise() {
    let groups = "groups:\n  - { name: admins, precedence: 0 }\n  - { name: staff, precedence: 1 }\nclients:\n  - { name: web }\n  - { name: ios, kind: native }\n";
    for (setting, expected) in [
        ("", "\"AuthenticatedRole\""),
        (
            "identity_pool: { users_without_group: authenticated }\n",
            "\"AuthenticatedRole\"",
        ),
        (
            "identity_pool: { users_without_group: no_credentials }\n",
            "\"Deny\"",
        ),
    ] {
        let dir = project(&[("backend/auth.yaml", &format!("{setting}{groups}"))]);
        let t = crate::support::built_template(dir.path(), "dev");
        assert_eq!(resolutions(&t), [expected, expected], "{setting:?}");
        let mut e = Expect::from_project(dir.path());
        assert_eq!(sec06(&t, &e), Vec::<String>::new(), "{setting:?}");
        e.no_credentials_without_group = !e.no_credentials_without_group;
        let v = sec06(&t, &e);
        assert_eq!(v.len(), 2, "{setting:?}: one violation per client: {v:?}");
    }
    // Groups without roles: no mapping at all, so nobody is "ambiguous".
    let dir = project(&[(
        "backend/auth.yaml",
        &format!("identity_pool: {{ group_roles: none }}\n{groups}"),
    )]);
    let t = crate::support::built_template(dir.path(), "dev");
    assert!(resolutions(&t).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Static review of the template sources
// ---------------------------------------------------------------------------------------------

/// Wildcards written directly in the template files (not through the config) would reach every
/// project: the only `Resource: "*"` is the SMS role's, next to its checkov skip.
#[test]
fn auth_template_sources_write_no_wildcard_grant() {
    let dir = repo().join("templates/auth");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .collect();
    files.sort_by_key(|f| f.path());
    assert!(!files.is_empty());
    for f in files {
        let name = f.file_name().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(f.path()).unwrap();
        for (n, line) in text.lines().enumerate() {
            let l = line.trim();
            if let Some(action) = l.strip_prefix("Action:") {
                let a = action.trim().trim_matches(['"', '\'']);
                assert!(
                    a != "*" && !a.ends_with(":*"),
                    "{name}:{}: wildcard action: {line}",
                    n + 1
                );
            }
            assert!(
                l != "- \"*\"" && l != "- '*'",
                "{name}:{}: a `*` list item: {line}",
                n + 1
            );
            assert!(
                !l.contains("NotAction") && !l.contains("NotResource"),
                "{name}:{}: {line}",
                n + 1
            );
            if l == "Resource: \"*\"" || l == "Resource: '*'" {
                assert_eq!(name, "user_pool.yaml", "{name}:{}: Resource `*`", n + 1);
                assert!(
                    text.contains("CKV_AWS_111"),
                    "the SMS role's `*` must carry its checkov skip"
                );
                let before: Vec<&str> = text.lines().take(n).collect();
                assert!(
                    before
                        .iter()
                        .rev()
                        .take(3)
                        .any(|p| p.trim() == "Action: sns:Publish"),
                    "{name}:{}: Resource `*` for something other than sns:Publish",
                    n + 1
                );
            }
        }
    }
    // And on rendered output: a config needing the SMS role keeps exactly one `*`, documented.
    let d = project(&[(
        "backend/auth.yaml",
        "login: { phone: true }\nmfa: { mode: required, methods: [sms] }\n",
    )]);
    for (env, t) in build_all(d.path()) {
        let e = Expect::from_project(d.path());
        assert!(wildcards(&t, &e).is_empty(), "{env}");
        let stars: usize = policy_documents(&t)
            .iter()
            .flat_map(|(_, doc)| statements(doc))
            .filter(|s| strings(&s["Resource"]).iter().any(|r| r == "*"))
            .count();
        assert_eq!(stars, 1, "{env}");
    }
}

/// A user `sid` equal to one cogform generates for another statement of the same policy
/// (`Authenticated<n>`, `Guest<n>`, `Group<Name><n>`) repeats a Sid, which IAM refuses at
/// deploy time. Either `validate` refuses such a sid, or the rendered Sids stay unique.
#[test]
fn a_user_sid_never_repeats_a_generated_one() {
    let t = "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/X";
    let cases = [
        format!(
            "identity_pool:\n  authenticated_role:\n    policies:\n      - {{ sid: Authenticated1, actions: [dynamodb:GetItem], resources: [\"{t}\"] }}\n      - {{ actions: [dynamodb:Query], resources: [\"{t}\"] }}\n"
        ),
        format!(
            "identity_pool:\n  authenticated_role:\n    policies:\n      - {{ sid: GroupAdmins0, actions: [dynamodb:GetItem], resources: [\"{t}\"] }}\ngroups:\n  - name: admins\n    precedence: 0\n    policies:\n      - {{ actions: [dynamodb:Query], resources: [\"{t}\"] }}\n"
        ),
        format!(
            "groups:\n  - name: admins\n    precedence: 0\n    policies:\n      - {{ actions: [dynamodb:Query], resources: [\"{t}\"] }}\n      - {{ sid: \"0\", actions: [dynamodb:GetItem], resources: [\"{t}\"] }}\n"
        ),
    ];
    for auth in cases {
        let dir = project(&[("backend/auth.yaml", &auth)]);
        let r = run(dir.path(), &["validate"]);
        if r.code != 0 {
            assert!(
                r.stderr.contains("sid"),
                "refused for another reason: {}",
                r.stderr
            );
            continue;
        }
        assert_clean("generated-looking sid", dir.path());
    }
}
