//! Non-fatal findings on a valid project, printed by `validate` and `build` (exit 0):
//! warnings name a risk the configuration takes on knowingly, notes say what to know or do
//! next. Each is located in the user's file like an error.

use crate::config::auth::{AuthFlow, ClientKind};
use crate::diagnostic::{Diagnostic, normalize};
use crate::load::Project;
use crate::render::api::error_origin;
use crate::render::ids::pascal;

/// What to know: where a confidential client's secret is, and a development origin named by
/// API Gateway's own error responses ahead of a deployed one.
pub fn notes(project: &Project) -> Vec<Diagnostic> {
    let mut out = client_secrets(project);
    out.extend(error_origins(project));
    out.extend(super::sign_in::notes(project));
    normalize(&mut out);
    out
}

/// Clients whose flows send the password itself rather than an SRP proof.
pub fn client_flows(project: &Project) -> Vec<Diagnostic> {
    let doc = &project.auth_doc;
    let mut out = Vec::new();
    for (i, c) in project.auth.clients.iter().enumerate() {
        for (j, flow) in c.auth_flows.iter().enumerate() {
            let at = format!("/clients/{i}/auth_flows/{j}");
            match flow {
                AuthFlow::Password => out.push(
                    doc.at(
                        &at,
                        format!(
                            "client `{}` allows `password` (USER_PASSWORD_AUTH): the app sends the \
                             user's password itself to Cognito instead of proving it with SRP, so \
                             anything that sees the request (a proxy, a log, a script injected into \
                             the page) sees the password",
                            c.name
                        ),
                    )
                    .with_help(
                        "prefer `srp` (the Amplify libraries' default); keep `password` only \
                         while a `user_migration` trigger or a scripted sign-in without SRP \
                         (`cogform login --password-auth`) needs it",
                    ),
                ),
                AuthFlow::AdminPassword => out.push(
                    doc.at(
                        &at,
                        format!(
                            "client `{}` allows `admin_password` (ADMIN_USER_PASSWORD_AUTH): your \
                             server receives the user's password and sends it to Cognito rather \
                             than proving it with SRP, and signing in needs AWS administrator \
                             credentials (`cognito-idp:AdminInitiateAuth`) on that server",
                            c.name
                        ),
                    )
                    .with_help(
                        "prefer `srp`; otherwise keep those credentials on the server only and \
                         never log the request",
                    ),
                ),
                _ => {}
            }
        }
    }
    out
}

fn client_secrets(project: &Project) -> Vec<Diagnostic> {
    let doc = &project.auth_doc;
    project
        .auth
        .clients
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind == ClientKind::Server)
        .map(|(i, c)| {
            // The stack outputs that hold the two ids (templates/auth/outputs.yaml).
            let output = format!("UserPoolClient{}Id", pascal(&c.name));
            doc.at(
                &format!("/clients/{i}/kind"),
                format!(
                    "client `{}` is confidential: Cognito generates its secret, which is never a \
                     stack output (outputs are readable by anyone who may describe the stack)",
                    c.name
                ),
            )
            .with_help(format!(
                "after deploying, read it with `aws cognito-idp describe-user-pool-client \
                 --user-pool-id <UserPoolId output> --client-id <{output} output> --query \
                 UserPoolClient.ClientSecret --output text` and keep it in your server's secret store"
            ))
        })
        .collect()
}

/// Whether `origin` is a development origin (`http://localhost[:port]`, the only `http` one
/// validation lets through).
fn local(origin: &str) -> bool {
    origin.starts_with("http://localhost")
}

/// Gateway responses name the first origin listed (`render::api::error_origin`). Listing a
/// development origin first, ahead of a deployed one, is most likely an accident: the deployed
/// site's users would get opaque CORS errors instead of the real 401/403/429. Any other order is
/// a choice the README explains, so it is not repeated on every build.
fn error_origins(project: &Project) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for api in &project.apis {
        let Some(cors) = &api.config.cors else {
            continue;
        };
        let Some(named) = error_origin(cors).filter(|o| local(o)) else {
            continue;
        };
        let deployed: Vec<String> = cors
            .allowed_origins
            .iter()
            .filter(|o| !local(o))
            .map(|o| format!("`{o}`"))
            .collect();
        if deployed.is_empty() {
            continue;
        }
        out.push(
            api.doc
                .at(
                    "/cors/allowed_origins",
                    format!(
                        "API Gateway's own error responses (bad signature, missing or expired \
                         token, access denied, throttled, 5XX) can name one origin, the first \
                         listed: `{named}`, a development origin; a page on {} would see a CORS \
                         error instead of their status",
                        deployed.join(", ")
                    ),
                )
                .with_help(
                    "list the deployed origin first; the others are still answered by the \
                     preflight and by the function's own responses",
                ),
        );
    }
    out
}
