//! Rules for machine-to-machine access: resource servers and their scopes are unique, a
//! `kind: machine` client has a token endpoint (the hosted UI's domain) and only declared
//! custom scopes, and every scope an API route requires is one a token can carry.

use std::collections::BTreeMap;

use crate::config::api::Authorizer;
use crate::config::auth::{AuthConfig, AuthFlow, ClientKind};
use crate::config::machine::STANDARD_SCOPES;
use crate::diagnostic::{Diagnostic, pointer_segment};
use crate::load::schema::suggestion;
use crate::load::{Document, Project};

/// The logical id of a resource server: its identifier's letters and digits, in Pascal case.
pub fn resource_server_id(identifier: &str) -> String {
    let words: String = identifier
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("UserPoolResourceServer{}", crate::ids::pascal(&words))
}

/// Every `<identifier>/<scope>` the pool's resource servers declare.
pub fn declared_scopes(auth: &AuthConfig) -> Vec<String> {
    auth.resource_servers
        .iter()
        .flat_map(|r| {
            r.scopes
                .iter()
                .map(move |s| format!("{}/{}", r.identifier, s.name))
        })
        .collect()
}

pub fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    let auth = &project.auth;
    let doc = &project.auth_doc;
    resource_servers(auth, doc, out);
    clients(auth, doc, out);
    routes(project, out);
}

fn resource_servers(auth: &AuthConfig, doc: &Document, out: &mut Vec<Diagnostic>) {
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    for (i, r) in auth.resource_servers.iter().enumerate() {
        let at = format!("/resource_servers/{i}");
        if let Some(first) = ids.insert(resource_server_id(&r.identifier), i) {
            out.push(doc.at(
                &format!("{at}/identifier"),
                format!("this identifier names the same resource as resource_servers[{first}]; make them differ in letters or digits"),
            ));
        }
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (j, s) in r.scopes.iter().enumerate() {
            if let Some(first) = seen.insert(s.name.as_str(), j) {
                out.push(doc.at(
                    &format!("{at}/scopes/{j}/name"),
                    format!("scope `{}` is already declared as scopes[{first}]", s.name),
                ));
            }
        }
    }
}

fn clients(auth: &AuthConfig, doc: &Document, out: &mut Vec<Diagnostic>) {
    let declared = declared_scopes(auth);
    for (i, c) in auth.clients.iter().enumerate() {
        let at = format!("/clients/{i}");
        if c.kind != ClientKind::Machine {
            if !c.scopes.is_empty() {
                out.push(
                    doc.at(&format!("{at}/scopes"), "`scopes` are for `kind: machine` clients (a user's client gets scopes through the hosted UI)")
                        .with_help("remove `scopes`, or set `kind: machine`"),
                );
            }
            continue;
        }
        if auth.hosted_ui.is_none() {
            out.push(
                doc.at(&format!("{at}/kind"), "a machine client gets its tokens from the user pool's OAuth token endpoint, which needs a domain: there is no `hosted_ui`")
                    .with_help("add `hosted_ui: { domain_prefix: …, callback_urls: [...] }`"),
            );
        }
        if c.scopes.is_empty() {
            out.push(
                doc.at(&at, "a machine client needs the `scopes` its tokens carry")
                    .with_help("list `<resource server identifier>/<scope>` entries declared under `resource_servers`"),
            );
        }
        for (j, scope) in c.scopes.iter().enumerate() {
            if declared.contains(scope) {
                continue;
            }
            let why = if STANDARD_SCOPES.contains(&scope.as_str()) {
                format!(
                    "`{scope}` is a user's scope; a machine client acts as itself and carries only resource-server scopes"
                )
            } else {
                format!("no resource server declares the scope `{scope}`")
            };
            let mut d = doc.at(&format!("{at}/scopes/{j}"), why);
            if let Some(s) = suggestion(scope, &declared) {
                d = d.with_help(s);
            } else if declared.is_empty() {
                d = d.with_help("declare it under `resource_servers: [{ identifier, name, scopes: [{ name, description }] }]`");
            }
            out.push(d);
        }
        if let Some(j) = c
            .auth_flows
            .iter()
            .position(|f| !matches!(f, AuthFlow::Srp | AuthFlow::Refresh))
        {
            out.push(doc.at(
                &format!("{at}/auth_flows/{j}"),
                format!(
                    "a machine client signs in with its secret (client credentials), not with `{}`",
                    serde_json::to_value(c.auth_flows[j])
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default()
                ),
            ));
        }
        if c.callback_urls.is_some() || c.logout_urls.is_some() {
            out.push(doc.at(
                &at,
                "a machine client has no users to redirect: remove its callback and logout URLs",
            ));
        }
    }
}

/// Scopes a `cognito_access_token` route requires must be ones a token can carry.
fn routes(project: &Project, out: &mut Vec<Diagnostic>) {
    let declared = declared_scopes(&project.auth);
    let mut known: Vec<String> = STANDARD_SCOPES.iter().map(|s| s.to_string()).collect();
    known.extend(declared.iter().cloned());
    for api in &project.apis {
        for (path, verbs) in &api.config.paths {
            for (verb, m) in verbs {
                if m.auth != Authorizer::CognitoAccessToken {
                    continue;
                }
                for (i, scope) in m.scopes.iter().enumerate() {
                    if known.contains(scope) || scope.is_empty() {
                        continue;
                    }
                    let at = format!(
                        "/paths/{}/{}/scopes/{i}",
                        pointer_segment(path),
                        verb.as_str()
                    );
                    let mut d = api.doc.at(
                        &at,
                        format!("no token carries the scope `{scope}`: it is neither a standard scope nor declared by a resource server in backend/auth.yaml"),
                    );
                    if let Some(s) = suggestion(scope, &known) {
                        d = d.with_help(s);
                    }
                    out.push(d);
                }
            }
        }
    }
}
