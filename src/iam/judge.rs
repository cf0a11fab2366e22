//! The one judgement of a user-written IAM statement for the audience whose browser will hold
//! it: every action (wildcards expanded through AWS's catalogue) by access level and risk
//! class, every resource ARN's partition/region/account, every condition that matches
//! everything, and the statement's `accept_risk`. Returns findings; callers locate them.

use std::collections::BTreeMap;

use super::catalogue::{self, Action, Unknown};
use super::risk;
use crate::config::common::{ConditionValue, Effect, PolicyStatement, RiskClass};

/// Which identity-pool role a statement is granted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Guest,
    Authenticated,
    Group,
}

impl Audience {
    /// Who holds the credentials, for messages.
    pub fn holders(self) -> &'static str {
        match self {
            Audience::Guest => "every visitor, signed in or not",
            Audience::Authenticated => "every signed-in user",
            Audience::Group => "every member of the group",
        }
    }

    /// The word `cogform access` shows.
    pub fn id(self) -> &'static str {
        match self {
            Audience::Guest => "guest",
            Audience::Authenticated => "authenticated",
            Audience::Group => "group",
        }
    }
}

/// One problem of a statement. `at` is a JSON pointer below the statement (`/actions/0`,
/// `/resources/1`, `/conditions/StringLike`, `/accept_risk/class`); `on_key` says whether it
/// points at a key (a condition operator) rather than a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub at: String,
    pub on_key: bool,
    pub class: Option<RiskClass>,
    pub message: String,
    pub help: String,
}

impl Finding {
    fn new(at: String, message: String, help: impl Into<String>) -> Finding {
        Finding {
            at,
            on_key: false,
            class: None,
            message,
            help: help.into(),
        }
    }
}

/// Every finding of `st` for `audience`; empty when the statement may be granted as written.
pub fn judge(st: &PolicyStatement, audience: Audience) -> Vec<Finding> {
    let allow = st.effect == Effect::Allow;
    let accepted = st.accept_risk.as_ref().map(|a| a.class);
    let precise = st.resources.iter().all(|r| resource_is_precise(r));
    let mut out = Vec::new();
    let mut present: Vec<RiskClass> = Vec::new();
    let mut reads_anything = false;
    for (j, pattern) in st.actions.iter().enumerate() {
        let at = format!("/actions/{j}");
        let Some(actions) = expand(pattern, &at, allow, &mut out) else {
            continue;
        };
        if !allow {
            continue;
        }
        reads_anything |= actions.iter().any(|a| a.level.is_read());
        if audience == Audience::Guest {
            let writes: Vec<&&Action> = actions.iter().filter(|a| !a.level.is_read()).collect();
            if !writes.is_empty() {
                out.push(Finding::new(
                    at.clone(),
                    format!(
                        "guests (visitors who never signed in) may only be granted List and Read actions, not {}",
                        describe(pattern, &actions, &writes, |a| a.level.name().to_string())
                    ),
                    "grant writes to signed-in users or a group; for public uploads, use a storage level (`uploads: { authenticated: [write] }`) or an API route",
                ));
            }
        }
        let mut by_class: BTreeMap<RiskClass, Vec<(&Action, &'static str)>> = BTreeMap::new();
        for a in &actions {
            for (class, reason) in risk::classes_of(a) {
                by_class.entry(class).or_default().push((a, reason));
            }
        }
        for (class, hits) in by_class {
            if !present.contains(&class) {
                present.push(class);
            }
            let refused = match audience {
                Audience::Guest => true,
                _ => class != RiskClass::DataExfiltration || !precise,
            };
            if !refused || (audience != Audience::Guest && accepted == Some(class)) {
                continue;
            }
            let named: Vec<&&Action> = actions
                .iter()
                .filter(|a| hits.iter().any(|(h, _)| std::ptr::eq(*h, **a)))
                .collect();
            let reason = hits[0].1;
            let extra = if class == RiskClass::DataExfiltration && audience != Audience::Guest {
                " on resources not named precisely (a `*` or `?` in the resource part of an ARN)"
            } else {
                ""
            };
            let mut f = Finding::new(
                at.clone(),
                format!(
                    "{} is {}{extra}, granted to {}: {reason}",
                    describe(pattern, &actions, &named, |_| String::new()),
                    risk::name(class),
                    audience.holders(),
                ),
                help(class, audience),
            );
            f.class = Some(class);
            out.push(f);
        }
    }
    if allow {
        resources(st, audience, reads_anything, &mut out);
        conditions(st, &mut out);
    }
    if let Some(acc) = &st.accept_risk {
        if audience == Audience::Guest {
            out.push(Finding::new(
                "/accept_risk".into(),
                "guests' statements cannot accept a risk: guests are anonymous visitors".into(),
                "move the statement to a group or the authenticated role, or serve it through an API route",
            ));
        } else if !present.contains(&acc.class) {
            let has = if present.is_empty() {
                "none".to_string()
            } else {
                present
                    .iter()
                    .map(|c| c.id())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            out.push(Finding::new(
                "/accept_risk/class".into(),
                format!(
                    "the statement has no {} risk to accept (its classes: {has})",
                    risk::name(acc.class)
                ),
                "remove `accept_risk`, or name the class `cogform validate` reports for the statement",
            ));
        }
    }
    out
}

/// The risk classes of a statement's allowed actions (for `cogform access`).
pub fn classes(st: &PolicyStatement) -> Vec<RiskClass> {
    let mut out = Vec::new();
    if st.effect != Effect::Allow {
        return out;
    }
    let cat = catalogue::get();
    for pattern in &st.actions {
        for a in cat.expand(pattern).unwrap_or_default() {
            for (c, _) in risk::classes_of(a) {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
    }
    out.sort();
    out
}

/// The actions `pattern` names, or a finding when it names none.
fn expand(
    pattern: &str,
    at: &str,
    allow: bool,
    out: &mut Vec<Finding>,
) -> Option<Vec<&'static Action>> {
    if pattern == "*" {
        if allow {
            out.push(Finding::new(
                at.into(),
                "`*` allows every action of every service".into(),
                "list the actions needed",
            ));
        }
        return None;
    }
    let Some((service, name)) = pattern.split_once(':') else {
        out.push(Finding::new(
            at.into(),
            "must have the form `service:Action`".into(),
            "as in AWS's documentation: `dynamodb:GetItem`, `s3:GetObject`",
        ));
        return None;
    };
    if allow && !name.is_empty() && name.chars().all(|c| c == '*') {
        out.push(Finding::new(
            at.into(),
            format!("`{service}:*` allows every action of the service"),
            "list the actions needed",
        ));
        return None;
    }
    match catalogue::get().expand(pattern) {
        Ok(found) => Some(found),
        Err(unknown) => {
            let (what, suggestion) = match unknown {
                Unknown::Service { suggestion } => (
                    format!("unknown service `{service}`"),
                    suggestion.map(|s| format!("{s}:{name}")),
                ),
                Unknown::Action { suggestion } if name.contains(['*', '?']) => (
                    format!("`{pattern}` matches no action of `{service}`"),
                    suggestion,
                ),
                Unknown::Action { suggestion } => {
                    (format!("unknown action `{pattern}`"), suggestion)
                }
            };
            out.push(Finding::new(
                at.into(),
                format!("{what} in AWS's IAM catalogue"),
                match suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!(
                        "action names are those of the AWS Service Authorization Reference ({})",
                        catalogue::get().version()
                    ),
                },
            ));
            None
        }
    }
}

/// `s3:PutBucketPolicy`, or `s3:Put* (41 actions; 3 of them: s3:PutBucketAcl, …)`.
fn describe(
    pattern: &str,
    all: &[&Action],
    hits: &[&&Action],
    detail: impl Fn(&Action) -> String,
) -> String {
    let one = |a: &Action| {
        let d = detail(a);
        if d.is_empty() {
            format!("`{a}`")
        } else {
            format!("`{a}` ({d})")
        }
    };
    if all.len() == 1 && !pattern.contains(['*', '?']) {
        return one(all[0]);
    }
    let shown: Vec<String> = hits.iter().take(3).map(|a| one(a)).collect();
    let more = if hits.len() > 3 { ", …" } else { "" };
    format!(
        "`{pattern}` ({} actions; {} of them: {}{more})",
        all.len(),
        hits.len(),
        shown.join(", ")
    )
}

fn help(class: RiskClass, audience: Audience) -> String {
    let t = risk::table();
    let mut help = format!("{}; {}", risk::why(class), t.instead);
    if audience != Audience::Guest {
        help.push_str("; ");
        help.push_str(&t.accept.replace("<class>", class.id()));
    }
    help
}

/// An ARN's six parts with every `${…}` placeholder as one opaque token, or `None` when the
/// text is not an ARN of six parts (validate reports that).
fn arn_parts(resource: &str) -> Option<Vec<String>> {
    let mut flat = String::new();
    let mut rest = resource;
    while let Some(start) = rest.find("${") {
        flat.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find('}')?;
        flat.push('\u{1}');
        rest = &after[end + 1..];
    }
    flat.push_str(rest);
    let parts: Vec<String> = flat.splitn(6, ':').map(str::to_string).collect();
    (parts.len() == 6 && parts[0] == "arn").then_some(parts)
}

fn wild(text: &str) -> bool {
    text.contains(['*', '?'])
}

/// Whether a resource names one thing: no wildcard in its resource part.
fn resource_is_precise(resource: &str) -> bool {
    arn_parts(resource).is_some_and(|p| !wild(&p[5]))
}

fn resources(st: &PolicyStatement, audience: Audience, reads: bool, out: &mut Vec<Finding>) {
    for (k, resource) in st.resources.iter().enumerate() {
        let at = format!("/resources/{k}");
        let Some(parts) = arn_parts(resource) else {
            continue;
        };
        let wild_parts: Vec<&str> = [(1, "partition"), (3, "region"), (4, "account")]
            .into_iter()
            .filter(|(i, _)| wild(&parts[*i]))
            .map(|(_, n)| n)
            .collect();
        if !wild_parts.is_empty() {
            out.push(Finding::new(
                at.clone(),
                format!(
                    "a wildcard in the ARN's {} reaches other {}",
                    wild_parts.join(" and "),
                    if wild_parts.contains(&"account") {
                        "accounts and Regions"
                    } else {
                        "partitions and Regions"
                    }
                ),
                "write this stack's own: `arn:${AWS::Partition}:<service>:${AWS::Region}:${AWS::AccountId}:…` (or a literal Region and account id)",
            ));
        }
        if audience == Audience::Guest && reads && wild(&parts[5]) {
            out.push(Finding::new(
                at,
                "guests may not read whole prefixes or collections: the resource part has a wildcard".into(),
                "name the resources precisely (one table, one object); for files guests may read, use a storage level (`public: { guest: [read] }` in backend/storage/<name>.yaml)",
            ));
        }
    }
}

/// Operators whose values are patterns (`*` and `?` are wildcards).
fn is_pattern_operator(base: &str) -> bool {
    matches!(base, "StringLike" | "ArnLike" | "ArnEquals")
}

fn conditions(st: &PolicyStatement, out: &mut Vec<Finding>) {
    for (op, keys) in &st.conditions {
        let set = if op.starts_with("ForAllValues:") {
            "all"
        } else {
            ""
        };
        let base = op
            .strip_prefix("ForAnyValue:")
            .or_else(|| op.strip_prefix("ForAllValues:"))
            .unwrap_or(op);
        let base = base.strip_suffix("IfExists").unwrap_or(base);
        for (key, value) in keys {
            let at = format!(
                "/conditions/{}/{}",
                crate::diagnostic::pointer_segment(op),
                crate::diagnostic::pointer_segment(key)
            );
            let values: Vec<&String> = match value {
                ConditionValue::One(v) => vec![v],
                ConditionValue::Many(v) => v.iter().collect(),
            };
            if set == "all" && values.is_empty() {
                let mut f = Finding::new(
                    at.clone(),
                    format!(
                        "`{op}` with an empty set is true for every request: it is no condition at all"
                    ),
                    "list the values allowed, or remove the condition",
                );
                f.on_key = true;
                out.push(f);
            }
            if is_pattern_operator(base)
                && values
                    .iter()
                    .any(|v| !v.is_empty() && v.chars().all(|c| c == '*'))
            {
                let mut f = Finding::new(
                    at,
                    format!(
                        "the pattern `*` under `{op}` matches everything: it is no condition at all"
                    ),
                    "match the values meant (`${cognito-identity.amazonaws.com:sub}/*`, a prefix, an exact ARN), or remove the condition",
                );
                f.on_key = true;
                out.push(f);
            }
        }
    }
}

#[cfg(test)]
#[path = "judge_tests.rs"]
mod tests;
