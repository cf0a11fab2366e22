//! IAM policy statements and their evaluation against one request.
//!
//! The semantics are IAM's: a statement applies when its principal (resource policies only),
//! action, resource and every condition match; an applicable `Deny` wins over any `Allow`, an
//! applicable `Allow` grants, and nothing applicable is an implicit deny. Matching is three-
//! valued: what could not be resolved, and condition operators this evaluator does not know,
//! are *unknown*, and an unknown statement never grants (`Allow`) but always counts as denying
//! (`Deny`), so every uncertainty errs towards "denied".

use std::collections::BTreeMap;

use serde_json::Value;

use super::resolve::{ACCOUNT_ID, PARTITION, Resolver};

/// The policy language version with policy variables (`${…}` in resources and conditions).
pub const VERSION_WITH_VARIABLES: &str = "2012-10-17";

/// Three-valued truth, for matches that may depend on what could not be resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tri {
    Yes,
    No,
    Unknown,
}

impl Tri {
    fn from_bool(b: bool) -> Tri {
        if b { Tri::Yes } else { Tri::No }
    }

    fn and(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::No, _) | (_, Tri::No) => Tri::No,
            (Tri::Yes, Tri::Yes) => Tri::Yes,
            _ => Tri::Unknown,
        }
    }

    fn not(self) -> Tri {
        match self {
            Tri::Yes => Tri::No,
            Tri::No => Tri::Yes,
            Tri::Unknown => Tri::Unknown,
        }
    }

    /// Disjunction of many: yes if any is, unknown if none is but one is unknown.
    fn any(items: impl IntoIterator<Item = Tri>) -> Tri {
        let mut out = Tri::No;
        for t in items {
            match t {
                Tri::Yes => return Tri::Yes,
                Tri::Unknown => out = Tri::Unknown,
                Tri::No => {}
            }
        }
        out
    }

    /// Conjunction of many (empty: yes).
    fn all(items: impl IntoIterator<Item = Tri>) -> Tri {
        items.into_iter().fold(Tri::Yes, Tri::and)
    }
}

/// The request context: condition keys (case-insensitive) and their values.
#[derive(Debug, Clone, Default)]
pub struct Context(BTreeMap<String, Vec<String>>);

impl Context {
    pub fn new() -> Self {
        Context::default()
    }

    /// Sets a single-valued key.
    pub fn set(&mut self, key: &str, value: impl Into<String>) -> &mut Self {
        self.0.insert(key.to_ascii_lowercase(), vec![value.into()]);
        self
    }

    /// Sets a multivalued key (for `ForAnyValue:` / `ForAllValues:`).
    pub fn set_many(&mut self, key: &str, values: &[&str]) -> &mut Self {
        self.0.insert(
            key.to_ascii_lowercase(),
            values.iter().map(|v| v.to_string()).collect(),
        );
        self
    }

    /// Sets a key unless the request already has it.
    pub fn default_to(&mut self, key: &str, values: &[&str]) {
        self.0
            .entry(key.to_ascii_lowercase())
            .or_insert_with(|| values.iter().map(|v| v.to_string()).collect());
    }

    pub fn get(&self, key: &str) -> Option<&[String]> {
        self.0.get(&key.to_ascii_lowercase()).map(Vec::as_slice)
    }

    /// The value a policy variable stands for (only single-valued keys substitute).
    fn variable(&self, key: &str) -> Option<&str> {
        match self.get(key) {
            Some([one]) => Some(one),
            _ => None,
        }
    }
}

/// One request: an action on a resource ARN, with its context.
#[derive(Debug, Clone)]
pub struct Request {
    pub action: String,
    pub resource: String,
    pub context: Context,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

/// `Action`/`NotAction`, `Resource`/`NotResource`: values (`None` = unresolved), and whether
/// the element is the negated form. `None` as a whole: the statement has neither (malformed).
#[derive(Debug, Clone)]
pub struct Element {
    pub negated: bool,
    pub values: Vec<Option<String>>,
}

/// Who a resource-based statement is about.
#[derive(Debug, Clone)]
pub enum Principals {
    /// Identity-based statements are about the identity they are attached to.
    Attached,
    /// `Principal`: `*`, or AWS principals (ARNs, account ids), other kinds ignored.
    Listed { any: bool, aws: Vec<Option<String>> },
    /// `NotPrincipal`, or a shape this evaluator does not read.
    Unknown,
}

#[derive(Debug, Clone)]
pub struct Condition {
    pub operator: String,
    pub key: String,
    pub values: Vec<Option<String>>,
}

/// One statement, with intrinsics already resolved.
#[derive(Debug, Clone)]
pub struct Statement {
    /// Where it comes from (the policy's logical id, and the `Sid`).
    pub source: String,
    pub sid: Option<String>,
    pub effect: Effect,
    pub principals: Principals,
    pub action: Option<Element>,
    pub resource: Option<Element>,
    /// `None`: a `Condition` block of a shape IAM would not accept.
    pub conditions: Option<Vec<Condition>>,
    /// Whether `${…}` are policy variables (version 2012-10-17).
    pub variables: bool,
}

impl Statement {
    /// A label for reports: `Source/Sid`, or `Source` when the statement has no `Sid`.
    pub fn label(&self) -> String {
        match &self.sid {
            Some(sid) => format!("{}/{sid}", self.source),
            None => self.source.clone(),
        }
    }

    /// Whether the statement applies to the request made by `principal_arn`.
    pub fn applies(&self, request: &Request, principal_arn: &str) -> Tri {
        let principal = match &self.principals {
            Principals::Attached => Tri::Yes,
            Principals::Unknown => Tri::Unknown,
            Principals::Listed { any, aws } => {
                let account_root = format!("arn:{PARTITION}:iam::{ACCOUNT_ID}:root");
                Tri::any(
                    std::iter::once(Tri::from_bool(*any)).chain(aws.iter().map(|p| {
                        match p.as_deref() {
                            None => Tri::Unknown,
                            Some("*") => Tri::Yes,
                            Some(p) if p == principal_arn => Tri::Yes,
                            // Naming the account delegates to its identity policies: it grants
                            // nothing by itself, but a deny for the account denies everyone in it.
                            Some(p) if p == ACCOUNT_ID || p == account_root => {
                                Tri::from_bool(self.effect == Effect::Deny)
                            }
                            Some(_) => Tri::No,
                        }
                    })),
                )
            }
        };
        // A part that does not apply decides: the rest (ARN patterns, conditions) is not
        // compiled for statements about other actions, most of a policy for any one request.
        if principal == Tri::No {
            return Tri::No;
        }
        let action = match &self.action {
            None => Tri::Unknown,
            Some(e) => element(e, |p| {
                // Most actions are written out: compare them without compiling a pattern.
                if !p.contains(['*', '?']) {
                    return Tri::from_bool(
                        p.chars().count() == request.action.chars().count()
                            && p.chars()
                                .zip(request.action.chars())
                                .all(|(a, b)| same(a, b, true)),
                    );
                }
                match compile(p, None, true) {
                    Some(tokens) => Tri::from_bool(glob(&tokens, &request.action, true)),
                    None => Tri::No,
                }
            }),
        };
        if action == Tri::No {
            return Tri::No;
        }
        let vars = self.variables.then_some(&request.context);
        let resource = match &self.resource {
            None => Tri::Unknown,
            // A variable without a value in the request matches nothing, as in IAM.
            Some(e) => element(e, |p| match compile(p, vars, true) {
                Some(tokens) => arn_like(&tokens, &request.resource),
                None => Tri::No,
            }),
        };
        if resource == Tri::No {
            return Tri::No;
        }
        let conditions = match &self.conditions {
            None => Tri::Unknown,
            Some(list) => Tri::all(
                list.iter()
                    .map(|c| condition(c, &request.context, self.variables)),
            ),
        };
        principal.and(action).and(resource).and(conditions)
    }
}

/// Matches an element's values (an unresolved value is unknown).
fn element(e: &Element, matches: impl Fn(&str) -> Tri) -> Tri {
    let positive = Tri::any(e.values.iter().map(|v| match v {
        None => Tri::Unknown,
        Some(p) => matches(p),
    }));
    if e.negated { positive.not() } else { positive }
}

/// A pattern character: `Char` is written in the policy (and may be an ARN separator), `Lit`
/// comes from a policy variable's value (always literal, never a wildcard or separator).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Char(char),
    Lit(char),
    Star,
    One,
}

impl Tok {
    fn char(self) -> Option<char> {
        match self {
            Tok::Char(c) | Tok::Lit(c) => Some(c),
            Tok::Star | Tok::One => None,
        }
    }
}

/// Parses a policy string: `*`/`?` as wildcards (when `wildcards`), and, when `vars` is
/// given, `${key}` / `${key, 'default'}` / `${*}` `${?}` `${$}` substituted as literal text.
/// `None` when a variable has no value and no default.
fn compile(pattern: &str, vars: Option<&Context>, wildcards: bool) -> Option<Vec<Tok>> {
    let mut out = Vec::new();
    let mut rest = pattern;
    while let Some(c) = rest.chars().next() {
        if let (Some(ctx), Some(after)) = (vars, rest.strip_prefix("${"))
            && let Some(end) = after.find('}')
        {
            let inner = &after[..end];
            let value: String = match inner {
                "*" | "?" | "$" => inner.to_string(),
                _ => {
                    let (key, default) = match inner.split_once(',') {
                        Some((k, d)) => (k.trim(), Some(d.trim().trim_matches('\''))),
                        None => (inner.trim(), None),
                    };
                    ctx.variable(key).or(default)?.to_string()
                }
            };
            out.extend(value.chars().map(Tok::Lit));
            rest = &after[end + 1..];
            continue;
        }
        out.push(match c {
            '*' if wildcards => Tok::Star,
            '?' if wildcards => Tok::One,
            c => Tok::Char(c),
        });
        rest = &rest[c.len_utf8()..];
    }
    Some(out)
}

fn same(a: char, b: char, ignore_case: bool) -> bool {
    if ignore_case {
        a.to_lowercase().eq(b.to_lowercase())
    } else {
        a == b
    }
}

/// `*` matches any run of characters (also `/` and `:`), `?` exactly one.
fn glob_chars(pattern: &[Tok], text: &[char], ignore_case: bool) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut backtrack: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(Tok::Star) => {
                backtrack = Some((p, t));
                p += 1;
            }
            Some(Tok::One) => {
                p += 1;
                t += 1;
            }
            Some(tok) if tok.char().is_some_and(|c| same(c, text[t], ignore_case)) => {
                p += 1;
                t += 1;
            }
            _ => match backtrack {
                Some((bp, bt)) => {
                    p = bp + 1;
                    t = bt + 1;
                    backtrack = Some((bp, bt + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|t| *t == Tok::Star)
}

fn glob(pattern: &[Tok], text: &str, ignore_case: bool) -> bool {
    let chars: Vec<char> = text.chars().collect();
    glob_chars(pattern, &chars, ignore_case)
}

/// ARN matching (`Resource`, `ArnLike`): each of the six colon-separated parts is matched on
/// its own, so a wildcard never spills from one part into the next; `*` alone matches any. A
/// pattern that is not an ARN is malformed (IAM refuses it): unknown.
fn arn_like(pattern: &[Tok], arn: &str) -> Tri {
    if pattern == [Tok::Star] {
        return Tri::Yes;
    }
    let mut parts: Vec<&[Tok]> = Vec::new();
    let mut start = 0;
    for (i, tok) in pattern.iter().enumerate() {
        if parts.len() < 5 && *tok == Tok::Char(':') {
            parts.push(&pattern[start..i]);
            start = i + 1;
        }
    }
    parts.push(&pattern[start..]);
    let text: Vec<&str> = arn.splitn(6, ':').collect();
    if parts.len() != 6 {
        return Tri::Unknown;
    }
    Tri::from_bool(text.len() == 6 && parts.iter().zip(text).all(|(p, t)| glob(p, t, false)))
}

/// How one condition operator compares a request value with a policy value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compare {
    Equals { ignore_case: bool },
    Like,
    Arn,
    Bool,
}

/// Operators this evaluator understands: (comparison, negated).
fn operator(name: &str) -> Option<(Compare, bool)> {
    Some(match name {
        "StringEquals" => (Compare::Equals { ignore_case: false }, false),
        "StringNotEquals" => (Compare::Equals { ignore_case: false }, true),
        "StringEqualsIgnoreCase" => (Compare::Equals { ignore_case: true }, false),
        "StringNotEqualsIgnoreCase" => (Compare::Equals { ignore_case: true }, true),
        "StringLike" => (Compare::Like, false),
        "StringNotLike" => (Compare::Like, true),
        "ArnEquals" | "ArnLike" => (Compare::Arn, false),
        "ArnNotEquals" | "ArnNotLike" => (Compare::Arn, true),
        "Bool" => (Compare::Bool, false),
        _ => return None,
    })
}

fn compare(kind: Compare, policy: &str, value: &str, vars: Option<&Context>) -> Tri {
    let wildcards = matches!(kind, Compare::Like | Compare::Arn);
    let Some(tokens) = compile(policy, vars, wildcards) else {
        return Tri::No; // a variable without a value matches nothing
    };
    match kind {
        Compare::Equals { ignore_case } => {
            let chars: Vec<char> = value.chars().collect();
            Tri::from_bool(
                tokens.len() == chars.len()
                    && tokens
                        .iter()
                        .zip(&chars)
                        .all(|(t, c)| t.char().is_some_and(|p| same(p, *c, ignore_case))),
            )
        }
        Compare::Like => Tri::from_bool(glob(&tokens, value, false)),
        Compare::Arn => arn_like(&tokens, value),
        Compare::Bool => {
            let text: String = tokens.iter().filter_map(|t| t.char()).collect();
            Tri::from_bool(text.eq_ignore_ascii_case(value))
        }
    }
}

/// One condition (operator, key, values) against the request context.
fn condition(c: &Condition, context: &Context, variables: bool) -> Tri {
    let (set, op) = if let Some(op) = c.operator.strip_prefix("ForAnyValue:") {
        (Some(false), op)
    } else if let Some(op) = c.operator.strip_prefix("ForAllValues:") {
        (Some(true), op)
    } else {
        (None, c.operator.as_str())
    };
    let present = context.get(&c.key).filter(|v| !v.is_empty());
    if op == "Null" && set.is_none() {
        // `Null: {key: "true"}`: the key is absent.
        return Tri::any(c.values.iter().map(|v| match v.as_deref() {
            None => Tri::Unknown,
            Some(v) if v.eq_ignore_ascii_case("true") => Tri::from_bool(present.is_none()),
            Some(v) if v.eq_ignore_ascii_case("false") => Tri::from_bool(present.is_some()),
            Some(_) => Tri::Unknown,
        }));
    }
    let (base, if_exists) = match op.strip_suffix("IfExists") {
        Some(base) => (base, true),
        None => (op, false),
    };
    let Some((kind, negated)) = operator(base) else {
        return Tri::Unknown; // fail closed: never grants, always denies
    };
    let vars = variables.then_some(context);
    let Some(values) = present else {
        return Tri::from_bool(match set {
            Some(all) => all, // ForAllValues: vacuously true; ForAnyValue: false
            None => if_exists || negated,
        });
    };
    let one = |value: &String| {
        let positive = Tri::any(c.values.iter().map(|p| match p {
            None => Tri::Unknown,
            Some(p) => compare(kind, p, value, vars),
        }));
        if negated { positive.not() } else { positive }
    };
    match set {
        Some(true) => Tri::all(values.iter().map(one)),
        _ => Tri::any(values.iter().map(one)),
    }
}

/// The statements of a policy document. An unreadable document yields one statement that
/// denies everything (its grants cannot be counted, and it might deny).
pub fn parse_document(
    document: &Value,
    source: &str,
    resolver: &Resolver,
    notes: &mut Vec<String>,
) -> Vec<Statement> {
    let parsed;
    let document = match document {
        Value::String(text) => match serde_json::from_str::<Value>(text) {
            Ok(v) => {
                parsed = v;
                &parsed
            }
            Err(_) => return unreadable(source, notes),
        },
        other => other,
    };
    let variables = document
        .get("Version")
        .and_then(|v| resolver.resolve(v))
        .as_deref()
        == Some(VERSION_WITH_VARIABLES);
    let statements: Vec<&Value> = match document.get("Statement") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => return unreadable(source, notes),
    };
    let parsed: Vec<Statement> = statements
        .into_iter()
        .map(|st| parse_statement(st, source, variables, resolver, notes))
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    for sid in parsed.iter().filter_map(|st| st.sid.as_deref()) {
        if !seen.insert(sid) {
            notes.push(format!(
                "{source}: the Sid `{sid}` appears more than once; IAM refuses such a policy"
            ));
        }
    }
    parsed
}

fn unreadable(source: &str, notes: &mut Vec<String>) -> Vec<Statement> {
    notes.push(format!(
        "{source}: the policy document cannot be read; counted as denying everything"
    ));
    vec![Statement {
        source: source.to_string(),
        sid: None,
        effect: Effect::Deny,
        principals: Principals::Unknown,
        action: None,
        resource: None,
        conditions: None,
        variables: false,
    }]
}

fn parse_element(st: &Value, key: &str, resolver: &Resolver) -> Option<Element> {
    let not_key = format!("Not{key}");
    match (st.get(key), st.get(&not_key)) {
        (Some(v), None) => Some(Element {
            negated: false,
            values: resolver.resolve_list(v),
        }),
        (None, Some(v)) => Some(Element {
            negated: true,
            values: resolver.resolve_list(v),
        }),
        _ => None,
    }
}

fn parse_principals(st: &Value, resolver: &Resolver) -> Principals {
    match (st.get("Principal"), st.get("NotPrincipal")) {
        (None, None) => Principals::Attached,
        (Some(Value::String(s)), None) if s == "*" => Principals::Listed {
            any: true,
            aws: Vec::new(),
        },
        (Some(Value::Object(kinds)), None) => Principals::Listed {
            any: false,
            // Service, Federated and CanonicalUser principals are never an identity-pool role.
            aws: kinds
                .get("AWS")
                .map(|v| resolver.resolve_list(v))
                .unwrap_or_default(),
        },
        _ => Principals::Unknown,
    }
}

fn parse_conditions(st: &Value, resolver: &Resolver) -> Option<Vec<Condition>> {
    let Some(block) = st.get("Condition") else {
        return Some(Vec::new());
    };
    let mut out = Vec::new();
    for (operator, keys) in block.as_object()? {
        for (key, values) in keys.as_object()? {
            out.push(Condition {
                operator: operator.clone(),
                key: key.clone(),
                values: resolver.resolve_list(values),
            });
        }
    }
    Some(out)
}

fn parse_statement(
    st: &Value,
    source: &str,
    variables: bool,
    resolver: &Resolver,
    notes: &mut Vec<String>,
) -> Statement {
    let sid = st.get("Sid").and_then(|s| resolver.resolve(s));
    let effect = match st.get("Effect").and_then(Value::as_str) {
        Some("Allow") => Effect::Allow,
        Some("Deny") => Effect::Deny,
        other => {
            notes.push(format!(
                "{source}: a statement has Effect {other:?}; counted as Deny"
            ));
            Effect::Deny
        }
    };
    Statement {
        source: source.to_string(),
        sid,
        effect,
        principals: parse_principals(st, resolver),
        action: parse_element(st, "Action", resolver),
        resource: parse_element(st, "Resource", resolver),
        conditions: parse_conditions(st, resolver),
        variables,
    }
}

/// The outcome of evaluating a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// An applicable `Deny` statement (or one that might apply).
    ExplicitDeny,
    /// No statement allows.
    ImplicitDeny,
    /// The audience gets no AWS credentials at all, so it cannot even sign a request.
    NoCredentials,
}

impl Decision {
    pub fn allowed(self) -> bool {
        self == Decision::Allow
    }

    /// `allow`, `deny` or `no credentials`, as the matrix prints it.
    pub fn word(self) -> &'static str {
        match self {
            Decision::Allow => "allow",
            Decision::ExplicitDeny | Decision::ImplicitDeny => "deny",
            Decision::NoCredentials => "no credentials",
        }
    }
}

/// A decision and the statements that made it (the denying ones, else the allowing ones).
#[derive(Debug, Clone)]
pub struct Evaluation {
    pub decision: Decision,
    pub by: Vec<String>,
}

/// IAM's evaluation logic over every statement that may apply to `principal_arn`.
pub fn evaluate<'s>(
    statements: impl IntoIterator<Item = &'s Statement>,
    request: &Request,
    principal_arn: &str,
) -> Evaluation {
    let mut allows = Vec::new();
    let mut denies = Vec::new();
    for st in statements {
        match (st.effect, st.applies(request, principal_arn)) {
            (Effect::Deny, Tri::Yes | Tri::Unknown) => denies.push(st.label()),
            (Effect::Allow, Tri::Yes) => allows.push(st.label()),
            _ => {}
        }
    }
    if !denies.is_empty() {
        Evaluation {
            decision: Decision::ExplicitDeny,
            by: denies,
        }
    } else if !allows.is_empty() {
        Evaluation {
            decision: Decision::Allow,
            by: allows,
        }
    } else {
        Evaluation {
            decision: Decision::ImplicitDeny,
            by: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ROLE: &str = "arn:aws:iam::111122223333:role/r";

    fn statements(doc: Value) -> Vec<Statement> {
        let t = json!({});
        let mut notes = Vec::new();
        parse_document(&doc, "P", &Resolver::new(&t), &mut notes)
    }

    fn doc(statements: Value) -> Value {
        json!({"Version": "2012-10-17", "Statement": statements})
    }

    fn request(action: &str, resource: &str) -> Request {
        let mut context = Context::new();
        context.set("cognito-identity.amazonaws.com:sub", "us-east-1:A");
        Request {
            action: action.into(),
            resource: resource.into(),
            context,
        }
    }

    fn decide(policy: &[Statement], req: &Request) -> Decision {
        evaluate(policy, req, ROLE).decision
    }

    #[test]
    fn glob_wildcards() {
        let t = |p: &str| compile(p, None, true).unwrap();
        assert!(glob(&t("a*c"), "abbbc", false));
        assert!(glob(&t("a*c"), "ac", false));
        assert!(glob(&t("a?c"), "abc", false));
        assert!(!glob(&t("a?c"), "ac", false));
        assert!(glob(&t("*/x/*"), "a/b/x/c/d", false));
        assert!(!glob(&t("a*c"), "abcd", false));
        assert!(!glob(&t("ABC"), "abc", false));
        assert!(glob(&t("s3:get*"), "s3:GetObject", true));
        // Without wildcards, `*` is a character like any other.
        assert!(!glob(&compile("a*", None, false).unwrap(), "ab", false));
    }

    #[test]
    fn arn_parts_match_separately() {
        let m = |p: &str, arn: &str| arn_like(&compile(p, None, true).unwrap(), arn);
        assert_eq!(m("arn:aws:s3:::b/*", "arn:aws:s3:::b/x:y/z"), Tri::Yes);
        assert_eq!(m("*", "arn:aws:s3:::b"), Tri::Yes);
        assert_eq!(
            m(
                "arn:aws:execute-api:*:*:api/dev/GET/*",
                "arn:aws:execute-api:us-east-1:111122223333:api/dev/GET/a/b"
            ),
            Tri::Yes
        );
        // A wildcard in the account does not spill into the resource part.
        assert_eq!(
            m("arn:aws:iam::*:role/x", "arn:aws:iam::1:2:role/x"),
            Tri::No
        );
        assert_eq!(
            m("arn:aws:iam::*:role/x", "arn:aws:iam::1:role/x"),
            Tri::Yes
        );
        assert_eq!(m("arn:aws:s3:::b/*", "arn:aws:s3:::bb/x"), Tri::No);
        // Not an ARN (five parts): malformed, so unknown rather than a loose match.
        assert_eq!(
            m(
                "arn:aws:execute-api:us-*:api/dev/GET/x",
                "arn:aws:execute-api:us-east-1:111122223333:api/dev/GET/x"
            ),
            Tri::Unknown
        );
    }

    #[test]
    fn explicit_deny_wins_and_nothing_is_implicit_deny() {
        let p = statements(doc(json!([
            {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"},
            {"Sid": "No", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::b/keep/*"}
        ])));
        assert_eq!(
            decide(&p, &request("s3:GetObject", "arn:aws:s3:::b/keep/x")),
            Decision::Allow
        );
        let e = evaluate(
            &p,
            &request("s3:DeleteObject", "arn:aws:s3:::b/keep/x"),
            ROLE,
        );
        assert_eq!(e.decision, Decision::ExplicitDeny);
        assert_eq!(e.by, vec!["P/No".to_string()]);
        assert_eq!(
            decide(&p, &request("s3:DeleteObject", "arn:aws:s3:::b/other")),
            Decision::Allow
        );
        assert_eq!(
            decide(&p, &request("s3:GetObject", "arn:aws:s3:::c/x")),
            Decision::ImplicitDeny
        );
        assert_eq!(
            decide(&[], &request("s3:GetObject", "arn:aws:s3:::b/x")),
            Decision::ImplicitDeny
        );
    }

    #[test]
    fn actions_are_case_insensitive_resources_are_not() {
        let p = statements(doc(json!([
            {"Effect": "Allow", "Action": ["S3:getobject"], "Resource": "arn:aws:s3:::b/Photos/*"}
        ])));
        assert!(decide(&p, &request("s3:GetObject", "arn:aws:s3:::b/Photos/x")).allowed());
        assert!(!decide(&p, &request("s3:GetObject", "arn:aws:s3:::b/photos/x")).allowed());
        assert!(!decide(&p, &request("s3:GetObjectAcl", "arn:aws:s3:::b/Photos/x")).allowed());
    }

    #[test]
    fn policy_variables_are_substituted_literally() {
        let p = statements(doc(json!([{
            "Effect": "Allow", "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::b/private/${cognito-identity.amazonaws.com:sub}/*"
        }])));
        assert!(
            decide(
                &p,
                &request("s3:GetObject", "arn:aws:s3:::b/private/us-east-1:A/f")
            )
            .allowed()
        );
        assert!(
            !decide(
                &p,
                &request("s3:GetObject", "arn:aws:s3:::b/private/us-east-1:B/f")
            )
            .allowed()
        );
        // The caller's id is literal text: `*` in it is not a wildcard.
        let mut star = request("s3:GetObject", "arn:aws:s3:::b/private/us-east-1:B/f");
        star.context
            .set("cognito-identity.amazonaws.com:sub", "us-east-1:*");
        assert!(!decide(&p, &star).allowed());
        // No value for the variable: the pattern matches nothing.
        let mut none = request("s3:GetObject", "arn:aws:s3:::b/private/us-east-1:A/f");
        none.context = Context::new();
        assert!(!decide(&p, &none).allowed());
        // In the 2008 language, `${…}` is plain text.
        let old = statements(json!({"Version": "2008-10-17", "Statement": [{
            "Effect": "Allow", "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::b/private/${cognito-identity.amazonaws.com:sub}/*"
        }]}));
        assert!(
            !decide(
                &old,
                &request("s3:GetObject", "arn:aws:s3:::b/private/us-east-1:A/f")
            )
            .allowed()
        );
    }

    #[test]
    fn variable_defaults_and_escapes() {
        let p = statements(doc(json!([{
            "Effect": "Allow", "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::b/${aws:username, 'nobody'}/${*}"
        }])));
        assert!(decide(&p, &request("s3:GetObject", "arn:aws:s3:::b/nobody/*")).allowed());
        assert!(!decide(&p, &request("s3:GetObject", "arn:aws:s3:::b/nobody/x")).allowed());
    }

    #[test]
    fn not_action_and_not_resource() {
        let p = statements(doc(json!([
            {"Effect": "Allow", "NotAction": "s3:DeleteObject", "Resource": "arn:aws:s3:::b/*"},
            {"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::b/*"}
        ])));
        assert!(decide(&p, &request("s3:GetObject", "arn:aws:s3:::b/x")).allowed());
        assert!(!decide(&p, &request("s3:DeleteObject", "arn:aws:s3:::b/x")).allowed());
        assert_eq!(
            decide(&p, &request("s3:GetObject", "arn:aws:s3:::c/x")),
            Decision::ExplicitDeny
        );
    }

    fn list_request(prefix: Option<&str>) -> Request {
        let mut r = request("s3:ListBucket", "arn:aws:s3:::b");
        if let Some(p) = prefix {
            r.context.set("s3:prefix", p);
        }
        r
    }

    #[test]
    fn string_like_and_string_equals_conditions() {
        let p = statements(doc(json!([{
            "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b",
            "Condition": {"StringLike": {"s3:prefix": [
                "private/${cognito-identity.amazonaws.com:sub}/",
                "private/${cognito-identity.amazonaws.com:sub}/*"
            ]}}
        }])));
        assert!(decide(&p, &list_request(Some("private/us-east-1:A/"))).allowed());
        assert!(decide(&p, &list_request(Some("private/us-east-1:A/x/"))).allowed());
        assert!(!decide(&p, &list_request(Some("private/us-east-1:B/"))).allowed());
        assert!(!decide(&p, &list_request(Some("private/"))).allowed());
        assert!(!decide(&p, &list_request(None)).allowed(), "key absent");

        let eq = statements(doc(json!([{
            "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b",
            "Condition": {"StringEquals": {"s3:prefix": "public/*"}}
        }])));
        assert!(decide(&eq, &list_request(Some("public/*"))).allowed());
        assert!(
            !decide(&eq, &list_request(Some("public/x"))).allowed(),
            "no wildcard"
        );
    }

    #[test]
    fn negated_operators_and_if_exists_on_a_missing_key() {
        let p = |op: &str| {
            statements(doc(json!([{
                "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b",
                "Condition": {op: {"s3:prefix": "secret/*"}}
            }])))
        };
        assert!(decide(&p("StringNotLike"), &list_request(None)).allowed());
        assert!(decide(&p("StringNotLike"), &list_request(Some("public/"))).allowed());
        assert!(!decide(&p("StringNotLike"), &list_request(Some("secret/x"))).allowed());
        assert!(decide(&p("StringLikeIfExists"), &list_request(None)).allowed());
        assert!(!decide(&p("StringLikeIfExists"), &list_request(Some("public/"))).allowed());
    }

    #[test]
    fn bool_and_arn_like_conditions() {
        let p = statements(doc(json!([
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
             "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/r"}}},
            {"Effect": "Deny", "Action": "s3:*", "Resource": "*",
             "Condition": {"Bool": {"aws:SecureTransport": false}}}
        ])));
        let mut r = request("s3:GetObject", "arn:aws:s3:::b/x");
        r.context
            .set("aws:PrincipalArn", ROLE)
            .set("aws:SecureTransport", "true");
        assert!(decide(&p, &r).allowed());
        r.context.set("aws:SecureTransport", "FALSE");
        assert_eq!(decide(&p, &r), Decision::ExplicitDeny);
        r.context
            .set("aws:SecureTransport", "true")
            .set("aws:PrincipalArn", "arn:aws:iam::111122223333:role/other");
        assert_eq!(decide(&p, &r), Decision::ImplicitDeny);
    }

    #[test]
    fn set_operators() {
        let p = |op: &str| {
            statements(doc(json!([{
                "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                "Condition": {op: {"cognito-identity.amazonaws.com:amr": ["authenticated", "cognito-idp*"]}}
            }])))
        };
        let mut r = request("s3:GetObject", "arn:aws:s3:::b/x");
        r.context.set_many(
            "cognito-identity.amazonaws.com:amr",
            &["authenticated", "graph.facebook.com"],
        );
        assert!(decide(&p("ForAnyValue:StringLike"), &r).allowed());
        assert!(!decide(&p("ForAllValues:StringLike"), &r).allowed());
        r.context.set_many(
            "cognito-identity.amazonaws.com:amr",
            &["authenticated", "cognito-idp.us-east-1.amazonaws.com/pool"],
        );
        assert!(decide(&p("ForAllValues:StringLike"), &r).allowed());
        r.context
            .set_many("cognito-identity.amazonaws.com:amr", &["unauthenticated"]);
        assert!(!decide(&p("ForAnyValue:StringLike"), &r).allowed());
        // An absent key: ForAnyValue is false, ForAllValues vacuously true.
        r.context = Context::new();
        assert!(!decide(&p("ForAnyValue:StringLike"), &r).allowed());
        assert!(decide(&p("ForAllValues:StringLike"), &r).allowed());
    }

    #[test]
    fn unknown_operators_fail_closed() {
        let p = statements(doc(json!([
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
             "Condition": {"NumericLessThan": {"s3:max-keys": "10"}}},
            {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"},
            {"Effect": "Deny", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/locked/*",
             "Condition": {"StringEqualsWhatever": {"aws:userid": "x"}}}
        ])));
        // The Allow with an unknown operator grants nothing…
        assert_eq!(
            decide(&p, &request("s3:GetObject", "arn:aws:s3:::b/x")),
            Decision::ImplicitDeny
        );
        // …the Deny with one still denies, where its action and resource match…
        assert_eq!(
            decide(&p, &request("s3:PutObject", "arn:aws:s3:::b/locked/x")),
            Decision::ExplicitDeny
        );
        // …and only there.
        assert!(decide(&p, &request("s3:PutObject", "arn:aws:s3:::b/open/x")).allowed());
    }

    #[test]
    fn unresolved_values_never_grant_but_may_deny() {
        let t = json!({});
        let r = Resolver::new(&t);
        let mut notes = Vec::new();
        let p = parse_document(
            &doc(json!([
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": {"Fn::ImportValue": "x"}},
                {"Effect": "Deny", "Action": "s3:PutObject", "Resource": [{"Fn::ImportValue": "x"}]}
            ])),
            "P",
            &r,
            &mut notes,
        );
        assert_eq!(
            decide(&p, &request("s3:GetObject", "arn:aws:s3:::b/x")),
            Decision::ImplicitDeny
        );
        assert_eq!(
            decide(&p, &request("s3:PutObject", "arn:aws:s3:::b/x")),
            Decision::ExplicitDeny
        );
        // A resolved value that matches settles it either way.
        let q = parse_document(
            &doc(json!([{"Effect": "Allow", "Action": "s3:GetObject",
                         "Resource": [{"Fn::ImportValue": "x"}, "arn:aws:s3:::b/*"]}])),
            "Q",
            &r,
            &mut notes,
        );
        assert!(decide(&q, &request("s3:GetObject", "arn:aws:s3:::b/x")).allowed());
    }

    #[test]
    fn malformed_statements_fail_closed() {
        let p = statements(doc(json!([
            {"Effect": "Allow", "Action": "s3:GetObject"},
            {"Effect": "allow", "Action": "s3:PutObject", "Resource": "*"}
        ])));
        assert_eq!(
            decide(&p, &request("s3:GetObject", "arn:aws:s3:::b/x")),
            Decision::ImplicitDeny
        );
        assert_eq!(
            decide(&p, &request("s3:PutObject", "arn:aws:s3:::b/x")),
            Decision::ExplicitDeny
        );
        let mut notes = Vec::new();
        let t = json!({});
        let u = parse_document(
            &json!({"Statement": 3}),
            "U",
            &Resolver::new(&t),
            &mut notes,
        );
        assert_eq!(notes.len(), 1);
        assert_eq!(
            decide(&u, &request("s3:GetObject", "arn:aws:s3:::b/x")),
            Decision::ExplicitDeny
        );
    }

    #[test]
    fn repeated_sids_are_reported() {
        let t = json!({});
        let mut notes = Vec::new();
        parse_document(
            &doc(json!([
                {"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
                {"Sid": "A", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}
            ])),
            "P",
            &Resolver::new(&t),
            &mut notes,
        );
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("`A`"), "{notes:?}");
    }

    #[test]
    fn resource_policy_principals() {
        let p = statements(doc(json!([
            {"Effect": "Allow", "Principal": {"AWS": ROLE}, "Action": "s3:GetObject", "Resource": "*"},
            {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:PutObject", "Resource": "*"},
            {"Effect": "Deny", "Principal": {"Service": "logging.s3.amazonaws.com"}, "Action": "s3:*", "Resource": "*"},
            {"Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject", "Resource": "*"}
        ])));
        assert!(decide(&p, &request("s3:GetObject", "arn:aws:s3:::b/x")).allowed());
        // Naming the account grants nothing by itself.
        assert_eq!(
            decide(&p, &request("s3:PutObject", "arn:aws:s3:::b/x")),
            Decision::ImplicitDeny
        );
        assert_eq!(
            decide(&p, &request("s3:DeleteObject", "arn:aws:s3:::b/x")),
            Decision::ExplicitDeny
        );
        assert_eq!(
            evaluate(
                &p,
                &request("s3:GetObject", "arn:aws:s3:::b/x"),
                "arn:aws:iam::111122223333:role/x"
            )
            .decision,
            Decision::ImplicitDeny
        );
    }
}
