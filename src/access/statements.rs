//! The user-written statements of backend/auth.yaml per identity-pool role, each with its
//! audience and the risk classes AWS's action catalogue gives it (`crate::iam`), and the
//! risk the config accepts for it: the part of `cogform access` read from the configuration.

use serde_json::{Value, json};

use crate::config::auth::{AuthConfig, GroupRoles};
use crate::config::common::PolicyStatement;
use crate::iam::{self, Audience};

/// One user-written statement as a role holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The `Sid` it renders with.
    pub sid: String,
    pub audience: Audience,
    /// Where it is declared, when the role inherits it (`authenticated_role`).
    pub inherited_from: Option<&'static str>,
    pub actions: Vec<String>,
    pub classes: Vec<&'static str>,
    pub accepted: Option<(&'static str, String)>,
}

/// A role (`GuestRole`, `AuthenticatedRole`, `Group<Name>Role`) and its statements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleStatements {
    pub principal: String,
    pub role: String,
    pub entries: Vec<Entry>,
}

fn entries(
    policies: &[PolicyStatement],
    audience: Audience,
    sid_prefix: &str,
    user_sid_prefix: &str,
    inherited_from: Option<&'static str>,
) -> Vec<Entry> {
    policies
        .iter()
        .enumerate()
        .map(|(i, st)| Entry {
            sid: st.sid.as_ref().map_or_else(
                || format!("{sid_prefix}{i}"),
                |s| format!("{user_sid_prefix}{s}"),
            ),
            audience,
            inherited_from,
            actions: st.actions.clone(),
            classes: iam::classes(st).into_iter().map(|c| c.id()).collect(),
            accepted: st
                .accept_risk
                .as_ref()
                .map(|a| (a.class.id(), a.reason.clone())),
        })
        .collect()
}

/// Every role that holds user-written statements; empty when there are none (the catalogue
/// is then never loaded).
pub fn collect(auth: &AuthConfig) -> Vec<RoleStatements> {
    let ip = &auth.identity_pool;
    if !ip.enabled {
        return Vec::new();
    }
    let mut out = Vec::new();
    let authenticated = &ip.authenticated_role.policies;
    if ip.guest_access && !ip.guest_role.policies.is_empty() {
        out.push(RoleStatements {
            principal: "guest".into(),
            role: "GuestRole".into(),
            entries: entries(&ip.guest_role.policies, Audience::Guest, "Guest", "", None),
        });
    }
    if !authenticated.is_empty() {
        out.push(RoleStatements {
            principal: "authenticated".into(),
            role: "AuthenticatedRole".into(),
            entries: entries(
                authenticated,
                Audience::Authenticated,
                "Authenticated",
                "",
                None,
            ),
        });
    }
    if ip.group_roles == GroupRoles::Token {
        for g in &auth.groups {
            let id = format!("Group{}", crate::render::ids::pascal(&g.name));
            let mut all = entries(
                authenticated,
                Audience::Authenticated,
                "Authenticated",
                "",
                Some("authenticated_role"),
            );
            all.extend(entries(&g.policies, Audience::Group, &id, &id, None));
            if !all.is_empty() {
                out.push(RoleStatements {
                    principal: g.name.clone(),
                    role: format!("{id}Role"),
                    entries: all,
                });
            }
        }
    }
    out
}

fn class_text(e: &Entry) -> String {
    let classes = if e.classes.is_empty() {
        "no risk class".to_string()
    } else {
        e.classes.join(", ")
    };
    match &e.accepted {
        Some((class, reason)) => format!("{classes}; accepted {class}: {reason}"),
        None => classes,
    }
}

/// The text section printed after the access matrices.
pub fn to_text(roles: &[RoleStatements]) -> String {
    let mut out = format!(
        "user-written IAM statements (backend/auth.yaml), classed by AWS's action catalogue ({}):\n",
        iam::catalogue::get().version()
    );
    for r in roles {
        out.push_str(&format!("  {} ({}):\n", r.principal, r.role));
        for e in &r.entries {
            let from = e
                .inherited_from
                .map_or(String::new(), |f| format!(", from {f}"));
            out.push_str(&format!(
                "    {} [{}{from}] {}: {}\n",
                e.sid,
                e.audience.id(),
                e.actions.join(", "),
                class_text(e)
            ));
        }
    }
    out
}

pub fn to_json(roles: &[RoleStatements]) -> Value {
    Value::Array(
        roles
            .iter()
            .map(|r| {
                json!({
                    "principal": r.principal,
                    "role": r.role,
                    "statements": r.entries.iter().map(|e| json!({
                        "sid": e.sid,
                        "audience": e.audience.id(),
                        "inherited_from": e.inherited_from,
                        "actions": e.actions,
                        "classes": e.classes,
                        "accepted_risk": e.accepted.as_ref().map(|(c, r)| json!({"class": c, "reason": r})),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}
