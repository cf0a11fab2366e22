//! The security guarantees README promises ("What the templates guarantee"), checked on the
//! final template value: after rendering, overrides and quota splitting, before emission.
//! One source of truth for every caller: the pipeline refuses a template that breaks one
//! (unless `backend/overrides.yaml` accepts it in writing), and tests can run the same rules.
//!
//! Each rule reads only the template, plus the little a template cannot say by itself
//! ([`Intent`]: which API methods the configuration opened on purpose). The rules are cheap
//! (one pass over the resources each), so they run on every build.

mod api;
mod documents;
pub mod risk;
mod storage;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::config::sign_in::UserVerification;
use crate::iam::Audience;
use crate::load::Project;

/// An invariant: its number (`SEC-NN` in security-invariants.md) and what it guarantees, in
/// words. Ids are only ever shown next to their words ([`Rule::id`] and [`named`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub number: u8,
    pub title: &'static str,
}

/// The prefix of every rule id.
const PREFIX: &str = "SEC";

impl Rule {
    /// `SEC-03`.
    pub fn id(&self) -> String {
        id(self.number)
    }
}

/// The id of rule `number`.
pub fn id(number: u8) -> String {
    format!("{PREFIX}-{number:02}")
}

/// The rule with id `text` (`SEC-03`), if any.
pub fn parse(text: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id() == text)
}

/// `SEC-03 (the identity pool's classic flow is off)`.
pub fn named(number: u8) -> String {
    format!("{} ({})", id(number), title(number))
}

/// Every rule checked on the final template.
pub const RULES: &[Rule] = &[
    Rule {
        number: 1,
        title: "every identity-pool role trusts only this identity pool (`aud`) and a kind of identity (`amr`)",
    },
    Rule {
        number: 2,
        title: "the guest role trusts only unauthenticated identities, every other identity-pool role only authenticated ones",
    },
    Rule {
        number: 3,
        title: "the identity pool's classic flow is off",
    },
    Rule {
        number: 4,
        title: "guests get credentials only when the identity pool says so, and only read (never write in protected/ or private/)",
    },
    Rule {
        number: 5,
        title: "every user-pool provider of the identity pool checks tokens server-side",
    },
    Rule {
        number: 6,
        title: "group roles are chosen from the token (`Type: Token`); a user in no group gets the authenticated role or, when asked, nothing",
    },
    Rule {
        number: 7,
        title: "no role is chosen by rules over claims a user could write",
    },
    Rule {
        number: 8,
        title: "every app client lists the attributes it may read and write",
    },
    Rule {
        number: 9,
        title: "each group has a role of its own, apart from the authenticated and guest roles",
    },
    Rule {
        number: 10,
        title: "an identity reaches only its own `private/` files, lists only with a prefix, and writes only its own `protected/` files",
    },
    Rule {
        number: 11,
        title: "the explicit Denies cogform generates (narrower child prefixes, TLS) stay in the final template",
    },
    Rule {
        number: 12,
        title: "app users' roles get no wildcard or risky grants",
    },
    Rule {
        number: 13,
        title: "buckets are private, encrypted, versioned, owner-enforced and retained",
    },
    Rule {
        number: 14,
        title: "buckets accept TLS only and allow nothing to everyone",
    },
    Rule {
        number: 15,
        title: "bucket CORS names its origins (never `*` or `null`, `http` only for localhost) and exposes `ETag`",
    },
    Rule {
        number: 16,
        title: "every API method requires IAM or Cognito authorization unless the configuration says `none`",
    },
    Rule {
        number: 17,
        title: "app users' `execute-api:Invoke` grants name this API, one stage, one verb and an exact path",
    },
    Rule {
        number: 18,
        title: "Cognito authorizers trust only this template's user pools",
    },
    Rule {
        number: 19,
        title: "Lambda permissions for a service are bound by `SourceArn` (for API Gateway, to this API and a stage)",
    },
    Rule {
        number: 20,
        title: "every API stage logs access, throttles, and never logs request data",
    },
    Rule {
        number: 21,
        title: "the user pool keeps a password floor of 8, deletion protection, and is retained; its passkeys verify the user unless the configuration says otherwise, and its email codes go through Amazon SES",
    },
    Rule {
        number: 22,
        title: "app clients prevent user-existence errors, revoke tokens, and use only the OAuth `code` flow (a machine client, with a secret, only `client_credentials`)",
    },
    Rule {
        number: 23,
        title: "redirect URLs are absolute, without fragment or wildcard, and `https` (or exactly `http://localhost[:port]`)",
    },
    Rule {
        number: 24,
        title: "no secret value is written in plain text",
    },
    Rule {
        number: 25,
        title: "every policy statement has a `Sid` of its own",
    },
];

/// The words of a rule.
pub fn title(number: u8) -> &'static str {
    RULES
        .iter()
        .find(|r| r.number == number)
        .map(|r| r.title)
        .unwrap_or("unknown rule")
}

/// Reads the storage levels grant guests, known without AWS's catalogue (which takes a few
/// milliseconds to load).
const GUEST_READS: [&str; 2] = ["s3:GetObject", "s3:ListBucket"];

/// The password length below which no user pool goes (SEC-21).
pub const PASSWORD_FLOOR: u64 = 8;

/// A broken invariant: the rule, the resource that breaks it, and how.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Violation {
    /// The rule's number (see [`id`]).
    pub rule: u8,
    pub resource: String,
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            named(self.rule),
            self.resource,
            self.message
        )
    }
}

/// What the configuration decided that the template cannot tell.
#[derive(Debug, Clone, Default)]
pub struct Intent {
    /// Logical ids of the API methods declared `auth: none`.
    pub open_methods: BTreeSet<String>,
    /// With overrides: every policy statement cogform itself generated (as JSON text). A
    /// statement granted to app users that is not among them was written in overrides.yaml and
    /// is judged by AWS's action catalogue, like statements written in auth.yaml (`iam::judge`).
    pub generated_statements: Option<BTreeSet<String>>,
    /// With overrides: every explicit Deny cogform generated, as (resource, statement JSON
    /// text); each must still be in the final template (SEC-11).
    pub generated_denies: Vec<(String, String)>,
    /// `passwordless.passkeys.user_verification: preferred` was written: a passkey may then
    /// skip verifying the user (SEC-21).
    pub passkeys_without_verification: bool,
}

impl Intent {
    /// The intent of `project` in environment `env`.
    pub fn of(project: &Project, env: &str) -> Intent {
        let mut open_methods = BTreeSet::new();
        for a in &project.apis {
            let api = crate::render::api::build(
                &project.config.project,
                env,
                &a.name,
                &a.doc.file,
                &a.config,
                &[],
            );
            open_methods.extend(api.methods.into_iter().filter(|m| m.open).map(|m| m.id));
        }
        Intent {
            open_methods,
            ..Intent::of_auth(project)
        }
    }

    /// What auth.yaml decided (cheap: no API is rendered), the start of every intent.
    pub fn of_auth(project: &Project) -> Intent {
        let passkeys_without_verification = project
            .auth
            .passwordless
            .as_ref()
            .and_then(|p| p.passkeys.as_ref())
            .is_some_and(|k| k.user_verification == UserVerification::Preferred);
        Intent {
            passkeys_without_verification,
            ..Intent::default()
        }
    }
}

/// Every policy statement of `template` with the resource that holds it.
fn statements_by_resource(template: &Value) -> Vec<(&str, &Value)> {
    let mut out = Vec::new();
    for (id, r) in template
        .get("Resources")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let p = r.get("Properties");
        let documents = p.and_then(|p| p.get("PolicyDocument")).into_iter().chain(
            list(p.and_then(|p| p.get("Policies")))
                .into_iter()
                .filter_map(|x| x.get("PolicyDocument")),
        );
        for d in documents {
            out.extend(statements(Some(d)).into_iter().map(|st| (id.as_str(), st)));
        }
    }
    out
}

/// Every policy statement of `template`, as JSON text (what cogform generated, before overrides).
pub fn policy_statements(template: &Value) -> BTreeSet<String> {
    statements_by_resource(template)
        .into_iter()
        .map(|(_, st)| serde_json::to_string(st).unwrap_or_default())
        .collect()
}

/// Every explicit Deny of `template`, as (resource, statement JSON text).
pub fn deny_statements(template: &Value) -> Vec<(String, String)> {
    statements_by_resource(template)
        .into_iter()
        .filter(|(_, st)| st.get("Effect").and_then(Value::as_str) == Some("Deny"))
        .map(|(id, st)| {
            (
                id.to_string(),
                serde_json::to_string(st).unwrap_or_default(),
            )
        })
        .collect()
}

/// Every violation of every rule in `template`, sorted.
pub fn check(template: &Value, intent: &Intent) -> Vec<Violation> {
    let empty = Map::new();
    let resources = template
        .get("Resources")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let t = Template { resources };
    let mut out = Vec::new();
    t.trust(&mut out);
    t.identity_pools(&mut out);
    t.guests(&mut out);
    t.role_mappings(&mut out);
    t.group_roles(&mut out);
    t.identity_grants(intent, &mut out);
    t.function_grants(&mut out);
    t.isolation(template, &mut out);
    if !intent.generated_denies.is_empty() {
        t.kept_denies(intent, &policy_statements(template), &mut out);
    }
    t.buckets(&mut out);
    t.cors(&mut out);
    t.stages(&mut out);
    t.methods(intent, &mut out);
    t.invoke_grants(&mut out);
    t.authorizers(&mut out);
    t.lambda_permissions(&mut out);
    t.user_pools(&mut out);
    t.pool_sign_in(intent, &mut out);
    t.clients(&mut out);
    t.plain_secrets(&mut out);
    t.statement_ids(&mut out);
    out.sort();
    out.dedup();
    out
}

struct Template<'a> {
    resources: &'a Map<String, Value>,
}

fn push(out: &mut Vec<Violation>, rule: u8, resource: &str, message: impl Into<String>) {
    out.push(Violation {
        rule,
        resource: resource.to_string(),
        message: message.into(),
    });
}

/// `{"Ref": id}` → id.
fn ref_of(v: &Value) -> Option<&str> {
    v.get("Ref").and_then(Value::as_str)
}

/// `{"Fn::GetAtt": [id, attr]}` or `"id.attr"` → id.
fn get_att_of(v: &Value) -> Option<&str> {
    match v.get("Fn::GetAtt")? {
        Value::Array(a) => a.first().and_then(Value::as_str),
        Value::String(s) => s.split('.').next(),
        _ => None,
    }
}

fn list(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(other) => vec![other],
        None => Vec::new(),
    }
}

fn statements(document: Option<&Value>) -> Vec<&Value> {
    list(document.and_then(|d| d.get("Statement")))
}

fn trusts_identity_pool(statement: &Value) -> bool {
    list(statement.get("Principal").and_then(|p| p.get("Federated")))
        .iter()
        .any(|f| f.as_str() == Some("cognito-identity.amazonaws.com"))
}

fn is_true(v: Option<&Value>) -> bool {
    matches!(v, Some(Value::Bool(true))) || v.and_then(Value::as_str) == Some("true")
}

fn is_false(v: Option<&Value>) -> bool {
    matches!(v, Some(Value::Bool(false))) || v.and_then(Value::as_str) == Some("false")
}

impl<'a> Template<'a> {
    fn of_type(&self, kind: &'a str) -> impl Iterator<Item = (&'a str, &'a Value)> + 'a {
        self.resources.iter().filter_map(move |(id, r)| {
            (r.get("Type").and_then(Value::as_str) == Some(kind)).then_some((id.as_str(), r))
        })
    }

    fn props(r: &'a Value) -> &'a Value {
        r.get("Properties").unwrap_or(&Value::Null)
    }

    /// Every policy resource that attaches to roles (`AWS::IAM::Policy`, `ManagedPolicy`,
    /// `RolePolicy`), with its properties.
    fn role_policies(&self) -> impl Iterator<Item = (&'a str, &'a Value)> + '_ {
        [
            "AWS::IAM::Policy",
            "AWS::IAM::ManagedPolicy",
            "AWS::IAM::RolePolicy",
        ]
        .into_iter()
        .flat_map(|kind| self.of_type(kind))
        .map(|(id, policy)| (id, Self::props(policy)))
    }

    /// The roles a policy's properties name (`Roles`, `RoleName`), by logical id.
    fn policy_roles(p: &'a Value) -> impl Iterator<Item = &'a str> {
        list(p.get("Roles"))
            .into_iter()
            .chain(p.get("RoleName"))
            .filter_map(ref_of)
    }

    /// Roles that app users assume through the identity pool.
    fn identity_roles(&self) -> Vec<(&'a str, &'a Value)> {
        self.of_type("AWS::IAM::Role")
            .filter(|(_, r)| {
                statements(Self::props(r).get("AssumeRolePolicyDocument"))
                    .into_iter()
                    .any(trusts_identity_pool)
            })
            .collect()
    }

    /// The roles the role attachments name as unauthenticated (guest) roles.
    fn guest_roles(&self) -> BTreeSet<&'a str> {
        self.of_type("AWS::Cognito::IdentityPoolRoleAttachment")
            .filter_map(|(_, r)| Self::props(r).get("Roles")?.get("unauthenticated"))
            .filter_map(get_att_of)
            .collect()
    }

    /// SEC-01, SEC-02.
    fn trust(&self, out: &mut Vec<Violation>) {
        let pools: BTreeSet<&str> = self
            .of_type("AWS::Cognito::IdentityPool")
            .map(|(id, _)| id)
            .collect();
        let guests = self.guest_roles();
        for (id, role) in self.identity_roles() {
            let expected = if guests.contains(id) {
                "unauthenticated"
            } else {
                "authenticated"
            };
            for st in statements(Self::props(role).get("AssumeRolePolicyDocument")) {
                if !trusts_identity_pool(st) {
                    continue;
                }
                if st.get("Effect").and_then(Value::as_str) != Some("Allow") {
                    continue;
                }
                let actions = list(st.get("Action"));
                if actions.len() != 1
                    || actions[0].as_str() != Some("sts:AssumeRoleWithWebIdentity")
                {
                    push(
                        out,
                        1,
                        id,
                        "its trust policy lets the identity pool do more than `sts:AssumeRoleWithWebIdentity`",
                    );
                }
                let condition = st.get("Condition");
                let aud = condition
                    .and_then(|c| c.get("StringEquals"))
                    .and_then(|c| c.get("cognito-identity.amazonaws.com:aud"));
                if !aud.and_then(ref_of).is_some_and(|p| pools.contains(p)) {
                    push(
                        out,
                        1,
                        id,
                        "its trust policy does not bind `cognito-identity.amazonaws.com:aud` to this template's identity pool: tokens of any identity pool in the account could assume it",
                    );
                }
                let amr = condition
                    .and_then(|c| c.get("ForAnyValue:StringLike"))
                    .and_then(|c| c.get("cognito-identity.amazonaws.com:amr"));
                match amr {
                    None => push(
                        out,
                        1,
                        id,
                        "its trust policy has no `ForAnyValue:StringLike` condition on `cognito-identity.amazonaws.com:amr`: guests and signed-in users could both assume it",
                    ),
                    Some(v) => {
                        let values: Vec<&str> = list(Some(v))
                            .into_iter()
                            .filter_map(Value::as_str)
                            .collect();
                        if values != [expected] {
                            push(
                                out,
                                2,
                                id,
                                format!(
                                    "its trust policy accepts `amr` {values:?}; this role must accept only `{expected}` identities"
                                ),
                            );
                        }
                    }
                }
            }
        }
    }

    /// SEC-06, SEC-07: how the role of a signed-in user is chosen.
    fn role_mappings(&self, out: &mut Vec<Violation>) {
        for (id, attachment) in self.of_type("AWS::Cognito::IdentityPoolRoleAttachment") {
            let mappings = Self::props(attachment).get("RoleMappings");
            for (_, m) in mappings.and_then(Value::as_object).into_iter().flatten() {
                match m.get("Type").and_then(Value::as_str) {
                    Some("Token") => {}
                    Some("Rules") => push(
                        out,
                        7,
                        id,
                        "a role mapping of `Type: Rules` chooses roles from claims, which users may be able to write",
                    ),
                    _ => push(out, 6, id, "a role mapping is not `Type: Token`"),
                }
                let ambiguous = m.get("AmbiguousRoleResolution").and_then(Value::as_str);
                if !matches!(ambiguous, Some("AuthenticatedRole" | "Deny")) {
                    push(
                        out,
                        6,
                        id,
                        "a role mapping has no `AmbiguousRoleResolution` of `AuthenticatedRole` or `Deny`",
                    );
                }
            }
        }
    }

    /// SEC-03, SEC-05.
    fn identity_pools(&self, out: &mut Vec<Violation>) {
        for (id, pool) in self.of_type("AWS::Cognito::IdentityPool") {
            let p = Self::props(pool);
            if !is_false(p.get("AllowClassicFlow")) {
                push(
                    out,
                    3,
                    id,
                    "`AllowClassicFlow` is not written as false: with the classic flow, clients pick roles themselves and bypass the role mappings",
                );
            }
            for provider in list(p.get("CognitoIdentityProviders")) {
                if !is_true(provider.get("ServerSideTokenCheck")) {
                    push(
                        out,
                        5,
                        id,
                        "a user-pool provider has no `ServerSideTokenCheck: true`: tokens of signed-out or deleted users would still get credentials",
                    );
                }
            }
        }
    }

    /// Who holds each identity-pool role's credentials.
    fn audiences(&self) -> BTreeMap<&'a str, Audience> {
        let guests = self.guest_roles();
        let authenticated: BTreeSet<&str> = self
            .of_type("AWS::Cognito::IdentityPoolRoleAttachment")
            .filter_map(|(_, r)| Self::props(r).get("Roles")?.get("authenticated"))
            .filter_map(get_att_of)
            .collect();
        self.identity_roles()
            .into_iter()
            .map(|(id, _)| {
                let who = if guests.contains(id) {
                    Audience::Guest
                } else if authenticated.contains(id) {
                    Audience::Authenticated
                } else {
                    Audience::Group
                };
                (id, who)
            })
            .collect()
    }

    /// Every statement that reaches app users: in an identity-pool role's inline policies, or
    /// in a policy of the template attached to one (by `Roles` or `ManagedPolicyArns`), as
    /// (resource holding it, statement, who holds its credentials).
    fn grants(&self) -> Vec<(&'a str, &'a Value, Vec<Audience>)> {
        let roles: Vec<(&str, &Value)> = self.identity_roles();
        let role_ids: BTreeSet<&str> = roles.iter().map(|(id, _)| *id).collect();
        let audiences = self.audiences();
        let mut out: Vec<(&str, &Value, Vec<Audience>)> = Vec::new();
        for (id, role) in &roles {
            let who: Vec<Audience> = audiences.get(id).copied().into_iter().collect();
            for policy in list(Self::props(role).get("Policies")) {
                for st in statements(policy.get("PolicyDocument")) {
                    out.push((id, st, who.clone()));
                }
            }
        }
        for (id, p) in self.role_policies() {
            let mut who: Vec<Audience> = Self::policy_roles(p)
                .filter(|r| role_ids.contains(r))
                .filter_map(|r| audiences.get(r).copied())
                .collect();
            who.extend(
                roles
                    .iter()
                    .filter(|(_, role)| {
                        list(Self::props(role).get("ManagedPolicyArns"))
                            .into_iter()
                            .filter_map(ref_of)
                            .any(|r| r == id)
                    })
                    .filter_map(|(r, _)| audiences.get(r).copied()),
            );
            if !who.is_empty() {
                for st in statements(p.get("PolicyDocument")) {
                    out.push((id, st, who.clone()));
                }
            }
        }
        out
    }

    /// The statements app users hold, with the resource that holds each.
    fn grants_to_app_users(&self) -> impl Iterator<Item = (&'a str, &'a Value)> {
        self.grants().into_iter().map(|(id, st, _)| (id, st))
    }

    /// SEC-12: what the identity-pool roles are granted.
    fn identity_grants(&self, intent: &Intent, out: &mut Vec<Violation>) {
        for (id, role) in self.identity_roles() {
            for arn in list(Self::props(role).get("ManagedPolicyArns")) {
                let inside = ref_of(arn).and_then(|r| self.resources.get(r)).is_some();
                if !inside {
                    push(
                        out,
                        12,
                        id,
                        "attaches a managed policy that is not in this template, so its grants to app users cannot be checked",
                    );
                }
            }
        }
        for (id, st, who) in self.grants() {
            let written_in_overrides = intent
                .generated_statements
                .as_ref()
                .is_some_and(|g| !g.contains(&serde_json::to_string(st).unwrap_or_default()));
            let mut risks = risk::judge(st);
            if written_in_overrides {
                risks.extend(risk::judge_with_catalogue(st, &who));
            }
            for r in risks {
                push(
                    out,
                    12,
                    id,
                    format!("a statement granted to app users {}", r.what),
                );
            }
        }
    }

    /// SEC-12 for the execution roles of Lambda functions: a function may be handed any event
    /// (an upload's key, a sign-up's attributes), so its role holds no wildcard either.
    fn function_grants(&self, out: &mut Vec<Violation>) {
        let roles: BTreeSet<&str> = self
            .of_type("AWS::IAM::Role")
            .filter(|(_, r)| {
                statements(Self::props(r).get("AssumeRolePolicyDocument"))
                    .into_iter()
                    .any(|st| {
                        list(st.get("Principal").and_then(|p| p.get("Service")))
                            .into_iter()
                            .any(|s| s.as_str() == Some("lambda.amazonaws.com"))
                    })
            })
            .map(|(id, _)| id)
            .collect();
        let mut held: Vec<(&str, &Value)> = Vec::new();
        for (id, role) in self.of_type("AWS::IAM::Role") {
            if roles.contains(id) {
                for policy in list(Self::props(role).get("Policies")) {
                    held.extend(
                        statements(policy.get("PolicyDocument"))
                            .into_iter()
                            .map(|st| (id, st)),
                    );
                }
            }
        }
        for (id, p) in self.role_policies() {
            if Self::policy_roles(p).any(|r| roles.contains(r)) {
                held.extend(
                    statements(p.get("PolicyDocument"))
                        .into_iter()
                        .map(|st| (id, st)),
                );
            }
        }
        for (id, st) in held {
            for r in risk::judge(st) {
                push(
                    out,
                    12,
                    id,
                    format!("a statement granted to a function's role {}", r.what),
                );
            }
        }
    }

    /// SEC-04: guests are let in only when the identity pool says so in writing, and what the
    /// guest role holds only reads (AWS's own access level of each action).
    fn guests(&self, out: &mut Vec<Violation>) {
        for (id, pool) in self.of_type("AWS::Cognito::IdentityPool") {
            if Self::props(pool)
                .get("AllowUnauthenticatedIdentities")
                .is_none()
            {
                push(
                    out,
                    4,
                    id,
                    "`AllowUnauthenticatedIdentities` is not written: whether guests get credentials must be explicit",
                );
            }
        }
        for (id, st, who) in self.grants() {
            if !who.contains(&Audience::Guest)
                || st.get("Effect").and_then(Value::as_str) != Some("Allow")
            {
                continue;
            }
            for action in list(st.get("Action")).into_iter().filter_map(Value::as_str) {
                // `execute-api:Invoke` is a route's own decision (a route may let guests
                // post); reads cogform generates need no catalogue; an action the catalogue
                // does not know is SEC-12's to report.
                let writes = !GUEST_READS.contains(&action)
                    && !action.eq_ignore_ascii_case("execute-api:Invoke")
                    && crate::iam::catalogue::get()
                        .expand(action)
                        .map(|all| all.iter().any(|a| !a.level.is_read()))
                        .unwrap_or(false);
                if writes {
                    push(
                        out,
                        4,
                        id,
                        format!(
                            "grants guests `{action}`, which is not a read: visitors who never signed in may only read"
                        ),
                    );
                }
            }
        }
    }

    /// SEC-09: each group has a role of its own, distinct from the authenticated and guest
    /// roles, so a group's grants reach only its members (trust is SEC-01/02's, as for every
    /// identity-pool role).
    fn group_roles(&self, out: &mut Vec<Violation>) {
        let attached: BTreeSet<&str> = self
            .of_type("AWS::Cognito::IdentityPoolRoleAttachment")
            .filter_map(|(_, r)| Self::props(r).get("Roles")?.as_object())
            .flat_map(|roles| roles.values())
            .filter_map(get_att_of)
            .collect();
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for (id, group) in self.of_type("AWS::Cognito::UserPoolGroup") {
            let Some(role) = Self::props(group).get("RoleArn").and_then(get_att_of) else {
                continue;
            };
            if attached.contains(role) {
                push(
                    out,
                    9,
                    id,
                    format!(
                        "the group's role `{role}` is also the identity pool's authenticated or guest role: its grants would reach users outside the group"
                    ),
                );
            }
            if let Some(other) = seen.insert(role, id) {
                push(
                    out,
                    9,
                    id,
                    format!(
                        "the group shares its role `{role}` with `{other}`: each group's grants would reach the other's members"
                    ),
                );
            }
        }
    }

    /// SEC-21.
    fn user_pools(&self, out: &mut Vec<Violation>) {
        for (id, pool) in self.of_type("AWS::Cognito::UserPool") {
            let p = Self::props(pool);
            let length = p
                .get("Policies")
                .and_then(|x| x.get("PasswordPolicy"))
                .and_then(|x| x.get("MinimumLength"))
                .and_then(Value::as_u64);
            if length.is_none_or(|n| n < PASSWORD_FLOOR) {
                push(
                    out,
                    21,
                    id,
                    format!(
                        "the password policy's `MinimumLength` is not at least {PASSWORD_FLOOR}"
                    ),
                );
            }
            if p.get("DeletionProtection").and_then(Value::as_str) != Some("ACTIVE") {
                push(
                    out,
                    21,
                    id,
                    "`DeletionProtection` is not `ACTIVE`: one call could delete every user",
                );
            }
            for attr in ["DeletionPolicy", "UpdateReplacePolicy"] {
                if pool.get(attr).and_then(Value::as_str) != Some("Retain") {
                    push(
                        out,
                        21,
                        id,
                        format!(
                            "`{attr}` is not `Retain`: deleting or replacing the stack would delete every user"
                        ),
                    );
                }
            }
        }
    }

    /// SEC-21, for sign-in without a password: a passkey stands for two factors only when the
    /// device verifies the user, and Cognito sends sign-in and MFA codes by email only through
    /// the pool's own SES identity ('Email MFA' and 'Passwordless sign-in' in the Cognito
    /// Developer Guide: both need `EmailSendingAccount: DEVELOPER`).
    fn pool_sign_in(&self, intent: &Intent, out: &mut Vec<Violation>) {
        for (id, pool) in self.of_type("AWS::Cognito::UserPool") {
            let p = Self::props(pool);
            let factors: Vec<&str> = list(
                p.get("Policies")
                    .and_then(|x| x.get("SignInPolicy"))
                    .and_then(|x| x.get("AllowedFirstAuthFactors")),
            )
            .into_iter()
            .filter_map(Value::as_str)
            .collect();
            let passkeys =
                factors.contains(&"WEB_AUTHN") || p.get("WebAuthnRelyingPartyID").is_some();
            let verification = p.get("WebAuthnUserVerification").and_then(Value::as_str);
            if passkeys && verification != Some("required") && !intent.passkeys_without_verification
            {
                push(
                    out,
                    21,
                    id,
                    "`WebAuthnUserVerification` is not `required`: a passkey would sign users in without verifying them (PIN, biometrics), and the configuration does not say `user_verification: preferred`",
                );
            }
            let email_mfa = list(p.get("EnabledMfas"))
                .into_iter()
                .any(|m| m.as_str() == Some("EMAIL_OTP"));
            let sender = p
                .get("EmailConfiguration")
                .and_then(|e| e.get("EmailSendingAccount"))
                .and_then(Value::as_str);
            if (factors.contains(&"EMAIL_OTP") || email_mfa) && sender != Some("DEVELOPER") {
                push(
                    out,
                    21,
                    id,
                    "sends sign-in or MFA codes by email without the pool's own Amazon SES identity (`EmailConfiguration.EmailSendingAccount: DEVELOPER`), which Cognito requires",
                );
            }
        }
    }

    /// SEC-22.
    fn clients(&self, out: &mut Vec<Violation>) {
        for (id, client) in self.of_type("AWS::Cognito::UserPoolClient") {
            let p = Self::props(client);
            for key in ["ReadAttributes", "WriteAttributes"] {
                if p.get(key).is_none() {
                    push(
                        out,
                        8,
                        id,
                        format!("`{key}` is not listed: the client would get every attribute"),
                    );
                }
            }
            let flows = list(p.get("AllowedOAuthFlows"));
            let confidential = p.get("GenerateSecret") == Some(&Value::Bool(true));
            // A machine client (a secret, client credentials and nothing else) acts as itself;
            // every other client may only use the code flow.
            let machine = confidential
                && !flows.is_empty()
                && flows
                    .iter()
                    .all(|f| f.as_str() == Some("client_credentials"));
            if !machine && flows.iter().any(|f| f.as_str() != Some("code")) {
                push(
                    out,
                    22,
                    id,
                    "an OAuth flow other than `code` is allowed (`implicit` hands tokens to the URL; `client_credentials` only on a confidential client that has no other flow)",
                );
            }
            // SEC-23. A native app's custom scheme cannot be told from the template, so
            // custom schemes pass here; validate refuses them on other clients.
            for key in ["CallbackURLs", "LogoutURLs"] {
                for url in list(p.get(key)).into_iter().filter_map(Value::as_str) {
                    let usage = crate::validate::url::UrlUse::Redirect { native: true };
                    if let Some(why) = crate::validate::url::problem(url, usage) {
                        push(out, 23, id, format!("a URL of `{key}` {why}"));
                    }
                }
            }
            if p.get("PreventUserExistenceErrors").and_then(Value::as_str) != Some("ENABLED") {
                push(
                    out,
                    22,
                    id,
                    "`PreventUserExistenceErrors` is not `ENABLED`: sign-in errors would tell who has an account",
                );
            }
            if !is_true(p.get("EnableTokenRevocation")) {
                push(
                    out,
                    22,
                    id,
                    "`EnableTokenRevocation` is not true: signed-out refresh tokens would keep working",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn attachment(mapping: Value) -> Value {
        json!({ "Resources": { "IdentityPoolRoleAttachment": {
            "Type": "AWS::Cognito::IdentityPoolRoleAttachment",
            "Properties": { "RoleMappings": { "web": mapping } }
        } } })
    }

    fn rules_broken(t: &Value) -> Vec<u8> {
        check(t, &Intent::default())
            .iter()
            .map(|v| v.rule)
            .collect()
    }

    #[test]
    fn roles_come_from_the_token_and_never_from_rules_over_claims() {
        for resolution in ["AuthenticatedRole", "Deny"] {
            let ok = attachment(json!({ "Type": "Token", "AmbiguousRoleResolution": resolution }));
            assert!(rules_broken(&ok).is_empty(), "{resolution}");
        }
        let rules = attachment(json!({ "Type": "Rules", "AmbiguousRoleResolution": "Deny" }));
        assert_eq!(rules_broken(&rules), [7]);
        let unresolved = attachment(json!({ "Type": "Token" }));
        assert_eq!(rules_broken(&unresolved), [6]);
    }

    fn one(kind: &str, props: Value) -> Value {
        json!({ "Resources": { "X": { "Type": kind, "Properties": props } } })
    }

    fn pool(props: Value) -> Value {
        let mut p = json!({
            "Policies": { "PasswordPolicy": { "MinimumLength": 12 } },
            "DeletionProtection": "ACTIVE",
        });
        p.as_object_mut()
            .unwrap()
            .extend(props.as_object().unwrap().clone());
        json!({ "Resources": { "UserPool": {
            "Type": "AWS::Cognito::UserPool",
            "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain",
            "Properties": p,
        } } })
    }

    #[test]
    fn passkeys_verify_users_and_email_codes_go_through_ses() {
        let factors = |f: Value| json!({ "PasswordPolicy": { "MinimumLength": 12 }, "SignInPolicy": { "AllowedFirstAuthFactors": f } });
        let ses = json!({ "EmailSendingAccount": "DEVELOPER", "From": "a@example.com" });
        let good = pool(json!({
            "Policies": factors(json!(["PASSWORD", "WEB_AUTHN", "EMAIL_OTP"])),
            "WebAuthnRelyingPartyID": "auth.example.com",
            "WebAuthnUserVerification": "required",
            "EnabledMfas": ["EMAIL_OTP"],
            "EmailConfiguration": ses,
        }));
        assert!(
            rules_broken(&good).is_empty(),
            "{:?}",
            check(&good, &Intent::default())
        );
        // An override that relaxes verification, or drops SES, breaks SEC-21.
        let relaxed = pool(json!({
            "Policies": factors(json!(["PASSWORD", "WEB_AUTHN"])),
            "WebAuthnUserVerification": "preferred",
        }));
        assert_eq!(rules_broken(&relaxed), [21]);
        let allowed = Intent {
            passkeys_without_verification: true,
            ..Intent::default()
        };
        assert!(check(&relaxed, &allowed).is_empty());
        let unset = pool(json!({ "WebAuthnRelyingPartyID": "auth.example.com" }));
        assert_eq!(rules_broken(&unset), [21]);
        let cognito_sender = pool(json!({
            "Policies": factors(json!(["PASSWORD", "EMAIL_OTP"])),
            "EmailConfiguration": { "EmailSendingAccount": "COGNITO_DEFAULT" },
        }));
        assert_eq!(rules_broken(&cognito_sender), [21]);
        let mfa_without_ses = pool(json!({ "EnabledMfas": ["SOFTWARE_TOKEN_MFA", "EMAIL_OTP"] }));
        assert_eq!(rules_broken(&mfa_without_ses), [21]);
    }

    #[test]
    fn clients_list_attributes_use_the_code_flow_and_https_redirects() {
        let good = json!({
            "PreventUserExistenceErrors": "ENABLED", "EnableTokenRevocation": true,
            "ReadAttributes": ["email"], "WriteAttributes": ["email"],
            "AllowedOAuthFlows": ["code"],
            "CallbackURLs": ["https://app.example.com/", "http://localhost:5173/"]
        });
        assert!(rules_broken(&one("AWS::Cognito::UserPoolClient", good.clone())).is_empty());
        let mut bad = good;
        bad.as_object_mut().unwrap().remove("WriteAttributes");
        bad["AllowedOAuthFlows"] = json!(["code", "implicit"]);
        bad["CallbackURLs"] = json!(["http://app.example.com/"]);
        assert_eq!(
            rules_broken(&one("AWS::Cognito::UserPoolClient", bad)),
            [8, 22, 23]
        );
    }
}
