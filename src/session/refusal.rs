//! Why the API refused a call (401/403), in the project's terms: what the route asks for, who
//! the caller was, and what the generated policies (the `cogform access` matrix) say of that
//! caller, with the step that fixes it.

use crate::access::Matrix;
use crate::access::model::Kind;
use crate::config::api::Authorizer;
use crate::config::auth::AuthConfig;

use super::listed;
use super::route::Route;

/// Who made the call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    Guest,
    User {
        name: String,
        groups: Vec<String>,
        /// The access token's scopes.
        scopes: Vec<String>,
    },
    Anonymous,
}

/// What the refusal is about.
pub struct Refused<'a> {
    pub status: u16,
    pub api: &'a str,
    pub verb: &'a str,
    pub route: &'a Route<'a>,
    pub caller: &'a Caller,
    pub auth: &'a AuthConfig,
    /// The environment's access matrix, when the environment is known.
    pub matrix: Option<&'a Matrix>,
    pub env: Option<&'a str>,
}

/// The explanation: `why:` lines, then `help:` lines.
pub fn explain(r: &Refused) -> Vec<String> {
    let mut lines = Vec::new();
    let place = format!(
        "{} {} (backend/api/{}.yaml)",
        r.route.method, r.route.path, r.api
    );
    match r.route.authorizer() {
        Authorizer::Iam => iam(r, &place, &mut lines),
        Authorizer::CognitoIdToken => {
            lines.push(format!(
                "why: {place} takes the user pool's id token (auth: cognito_id_token)"
            ));
            lines.push(if r.status == 401 {
                "  help: the token was missing or refused (expired, or from another pool): run `cogform login` again".into()
            } else {
                "  help: API Gateway's authorizer accepted no token of this pool; check that the deployed stack is the current build (`cogform check`) and sign in again".into()
            });
        }
        Authorizer::CognitoAccessToken => {
            let needed = &r.route.config.scopes;
            lines.push(format!(
                "why: {place} takes an access token with one of the scopes {} (auth: cognito_access_token)",
                needed.join(", ")
            ));
            if let Caller::User { scopes, .. } = r.caller {
                let carried: Vec<&String> = scopes.iter().filter(|s| needed.contains(s)).collect();
                lines.push(format!(
                    "     the access token carries {}",
                    listed(scopes, "no scope")
                ));
                lines.push(if carried.is_empty() {
                    "  help: a token with one of those scopes comes from a sign-in that asks for them (the hosted UI with the scope, or `aws.cognito.signin.user.admin`, which every SRP and password sign-in carries)".into()
                } else if r.status == 401 {
                    "  help: the token was refused (expired or revoked): run `cogform login` again".into()
                } else {
                    "  help: the token carries a required scope: check that the deployed stack is the current build (`cogform check`)".into()
                });
            }
        }
        Authorizer::None => {
            lines.push(format!("why: {place} has no authorization (auth: none)"));
            lines.push("  help: API Gateway answers 403 for a path or method its deployed stage does not have: deploy the current build, and check the path and method".into());
        }
    }
    lines
}

fn iam(r: &Refused, place: &str, lines: &mut Vec<String>) {
    let allow = &r.route.config.allow;
    lines.push(format!(
        "why: {place} takes a SigV4 signature (auth: iam) and allows {}",
        listed(allow, "nobody")
    ));
    let principal = principal_name(r.caller, r.auth, r.matrix);
    let who = match r.caller {
        Caller::Guest => "a guest".to_string(),
        Caller::User { name, groups, .. } => {
            format!("`{name}` (groups: {})", listed(groups, "none"))
        }
        Caller::Anonymous => "nobody (unsigned)".to_string(),
    };
    lines.push(format!(
        "     the request was signed as {who}, with the role of `{principal}`"
    ));
    let decision = r.matrix.and_then(|m| {
        let index = m.principals.iter().position(|p| p.name == principal)?;
        let table = m.apis.iter().find(|t| t.name == r.api)?;
        let row = table
            .rows
            .iter()
            .find(|row| {
                row.path == r.route.path && row.method == r.route.method && row.verb == r.verb
            })
            .or_else(|| {
                table
                    .rows
                    .iter()
                    .find(|row| row.path == r.route.path && row.verb == r.verb)
            })?;
        row.cells.as_ref()?.get(index).map(|e| e.decision)
    });
    let env = r.env.map(|e| format!(" --env {e}")).unwrap_or_default();
    match decision {
        Some(d) if d.allowed() => {
            lines.push(format!(
                "     the generated policies allow `{principal}` to call it (`cogform access{env}`)"
            ));
            lines.push(if matches!(r.caller, Caller::User { .. }) {
                "  help: the deployed stack may predate the configuration (deploy the current build), or the user's groups changed after sign-in (`cogform login` again for a new token)".into()
            } else {
                "  help: the deployed stack may predate the configuration (deploy the current build)".into()
            });
        }
        Some(d) => {
            lines.push(format!(
                "     the generated policies say `{}` for `{principal}` (`cogform access{env}`)",
                d.word()
            ));
            let groups: Vec<&String> = allow
                .iter()
                .filter(|a| a.as_str() != "guest" && a.as_str() != "authenticated")
                .collect();
            if matches!(r.caller, Caller::Guest) {
                lines.push("  help: sign in (`cogform login`) as a user the route allows, and call without `--guest`".into());
            } else if !groups.is_empty() {
                let group = groups[0];
                lines.push(format!(
                    "  help: add the user to {} (`aws cognito-idp admin-add-user-to-group --group-name {group} …`), then `cogform login` again for a token with the group",
                    groups.iter().map(|g| g.as_str()).collect::<Vec<_>>().join(" or ")
                ));
            } else {
                lines.push(format!(
                    "  help: allow `{principal}` in the route's `allow` list (backend/api/{}.yaml) and deploy",
                    r.api
                ));
            }
        }
        None => {
            lines.push(format!(
                "  help: `cogform access{env}` shows who may call each route; the deployed stack may predate the configuration"
            ));
        }
    }
}

/// The matrix principal whose role the caller gets: a guest; a member of groups gets the
/// role of the group with the lowest precedence that has one; else the no-group principal
/// where there is one, else `authenticated`.
fn principal_name(caller: &Caller, auth: &AuthConfig, matrix: Option<&Matrix>) -> String {
    match caller {
        Caller::Guest | Caller::Anonymous => "guest".into(),
        Caller::User { groups, .. } => {
            let principals = matrix.map(|m| m.principals.as_slice()).unwrap_or_default();
            let mut member: Vec<_> = auth
                .groups
                .iter()
                .filter(|g| groups.contains(&g.name))
                .filter(|g| {
                    principals
                        .iter()
                        .any(|p| p.kind == Kind::Group && p.name == g.name && p.role.is_some())
                })
                .collect();
            member.sort_by_key(|g| g.precedence);
            if let Some(g) = member.first() {
                return g.name.clone();
            }
            principals
                .iter()
                .find(|p| p.kind == Kind::NoGroup)
                .map_or("authenticated".into(), |p| p.name.clone())
        }
    }
}
