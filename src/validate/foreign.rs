//! Warnings for user statements whose resources reach outside this stack: an ARN naming a
//! fixed AWS account (not `${AWS::AccountId}`), or a hard-coded API Gateway id instead of one
//! of this project's APIs. Both are legal IAM, so they warn rather than fail; both usually come
//! from a statement pasted from another account or an earlier deploy, and break in every
//! other environment.

use crate::config::common::PolicyStatement;
use crate::diagnostic::Diagnostic;
use crate::load::{API_DIR, Document, Project};

/// Whose role a list of statements belongs to.
struct Role<'a> {
    /// "the authenticated role", "group `ADMINS`"…
    name: String,
    /// What an API route's `allow:` lists to reach the same callers.
    audience: &'a str,
    pointer: String,
    statements: &'a [PolicyStatement],
}

/// Every warning about statements that reach another account or a hard-coded API.
pub fn warnings(project: &Project) -> Vec<Diagnostic> {
    let ip = &project.auth.identity_pool;
    let mut roles = vec![
        Role {
            name: "the authenticated role".into(),
            audience: "authenticated",
            pointer: "/identity_pool/authenticated_role/policies".into(),
            statements: &ip.authenticated_role.policies,
        },
        Role {
            name: "the guest role".into(),
            audience: "guest",
            pointer: "/identity_pool/guest_role/policies".into(),
            statements: &ip.guest_role.policies,
        },
    ];
    for (i, g) in project.auth.groups.iter().enumerate() {
        roles.push(Role {
            name: format!("group `{}`", g.name),
            audience: &g.name,
            pointer: format!("/groups/{i}/policies"),
            statements: &g.policies,
        });
    }
    let apis: Vec<&str> = project.apis.iter().map(|a| a.name.as_str()).collect();
    let mut out = Vec::new();
    for role in &roles {
        for (i, st) in role.statements.iter().enumerate() {
            let statement = match &st.sid {
                Some(sid) => format!("statement `{sid}`"),
                None => format!("policy statement {} of {}", i + 1, role.name),
            };
            for (j, resource) in st.resources.iter().enumerate() {
                let at = format!("{}/{i}/resources/{j}", role.pointer);
                if let Some(d) = check(
                    resource,
                    &statement,
                    role.audience,
                    &apis,
                    &project.auth_doc,
                    &at,
                ) {
                    out.push(d);
                }
            }
        }
    }
    out
}

fn check(
    resource: &str,
    statement: &str,
    audience: &str,
    apis: &[&str],
    doc: &Document,
    at: &str,
) -> Option<Diagnostic> {
    let parts = arn_parts(resource)?;
    if parts[2] == "execute-api" {
        let api_id = parts[5].split('/').next().unwrap_or_default();
        if !api_id.is_empty() && !api_id.contains(['*', '$']) {
            let help = match apis {
                [] => format!(
                    "to call an API of this project, describe it in {API_DIR}/<name>.yaml and add `{audience}` to the route's `allow:` (cogform then writes the exact ARN); keep the id only for an API that lives outside this project"
                ),
                _ => format!(
                    "to call this project's API, remove the statement and add `{audience}` to the route's `allow:` in {} (cogform then writes the exact ARN); keep the id only for an API that lives outside this project",
                    apis.iter()
                        .map(|a| format!("{API_DIR}/{a}.yaml"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            };
            return Some(
                doc.at(
                    at,
                    format!(
                        "{statement} hard-codes API Gateway id `{api_id}`: it is not one of this project's APIs, and an API's id changes whenever it is created again (another environment, a new stack)"
                    ),
                )
                .with_help(help),
            );
        }
    }
    let account = parts[4];
    if account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) {
        let mut fixed = parts.clone();
        fixed[4] = "${AWS::AccountId}";
        return Some(
            doc.at(
                at,
                format!(
                    "{statement} names AWS account {account}, not the account the stack is deployed to"
                ),
            )
            .with_help(format!(
                "write `{}` for this stack's own account; keep {account} only if the resource really lives in that account and its owner grants this role access",
                fixed.join(":")
            )),
        );
    }
    None
}

/// The six `:`-separated parts of an ARN (the last one keeps its own `:`s), with each
/// `${…}` placeholder kept whole although it contains `:` itself. `None` if not an ARN.
fn arn_parts(arn: &str) -> Option<Vec<&str>> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut in_placeholder = false;
    let bytes = arn.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'{' if i > 0 && bytes[i - 1] == b'$' => in_placeholder = true,
            b'}' => in_placeholder = false,
            b':' if !in_placeholder && parts.len() < 5 => {
                parts.push(&arn[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&arn[start..]);
    (parts.len() == 6 && parts[0] == "arn").then_some(parts)
}

#[cfg(test)]
mod tests {
    use super::arn_parts;

    #[test]
    fn arn_parts_keep_placeholders_whole() {
        assert_eq!(
            arn_parts("arn:${AWS::Partition}:dynamodb:${AWS::Region}:123456789012:table/T"),
            Some(vec![
                "arn",
                "${AWS::Partition}",
                "dynamodb",
                "${AWS::Region}",
                "123456789012",
                "table/T"
            ])
        );
        assert_eq!(
            arn_parts("arn:aws:execute-api:eu-west-1:${AWS::AccountId}:abc/prod/GET/a:b"),
            Some(vec![
                "arn",
                "aws",
                "execute-api",
                "eu-west-1",
                "${AWS::AccountId}",
                "abc/prod/GET/a:b"
            ])
        );
        assert_eq!(arn_parts("*"), None);
        assert_eq!(arn_parts("arn:aws:s3"), None);
    }
}
