//! `cogform credentials` (the identity pool's temporary AWS credentials of a signed-in user or
//! a guest) and `cogform token` (a fresh id or access token, for Postman or curl).

use std::path::Path;

use clap::{Args, ValueEnum};
use serde_json::json;

use super::cache::Identity;
use super::{SessionArgs, fail, open};
use crate::cli::{Exit, Io};
use crate::session::sign::Credentials;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CredentialsFormat {
    /// Who the credentials are for and until when; no secret (the default).
    Summary,
    /// `export AWS_ACCESS_KEY_ID=…` lines for `eval "$(cogform credentials --format env)"`.
    Env,
    /// One JSON object, with the identity id and the role.
    Json,
    /// The AWS CLI's and SDKs' `credential_process` output (Version 1).
    Process,
}

#[derive(Debug, Args)]
pub struct CredentialsArgs {
    #[command(flatten)]
    pub session: SessionArgs,
    /// A guest's credentials (no sign-in; the identity pool must allow guests).
    #[arg(long, conflicts_with = "user")]
    pub guest: bool,
    /// How to print them. Only env, json and process print the secret key.
    #[arg(long, value_enum, default_value_t = CredentialsFormat::Summary)]
    pub format: CredentialsFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TokenKind {
    /// The id token (Cognito authorizers of `cognito_id_token` routes; the identity pool).
    Id,
    /// The access token (`cognito_access_token` routes; the user pool's own API).
    Access,
}

#[derive(Debug, Args)]
pub struct TokenArgs {
    /// Which token to print.
    #[arg(value_enum, default_value_t = TokenKind::Id)]
    pub kind: TokenKind,
    #[command(flatten)]
    pub session: SessionArgs,
}

pub fn run_credentials(dir: &Path, args: CredentialsArgs, io: &mut Io) -> Exit {
    let ctx = match open(dir, &args.session, io) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let user = if args.guest {
        None
    } else {
        match ctx.user(&args.session) {
            Ok(u) => Some(u),
            Err(e) => return fail(io, e),
        }
    };
    let (identity, credentials) = match ctx.credentials(user.as_deref()) {
        Ok(x) => x,
        Err(e) => return fail(io, e),
    };
    let who = user
        .as_deref()
        .map_or("a guest".to_string(), |u| format!("`{u}`"));
    let role = identity
        .role_arn
        .clone()
        .unwrap_or_else(|| "unknown (STS GetCallerIdentity failed)".to_string());
    let expires = rfc3339(credentials.expiration);
    match args.format {
        CredentialsFormat::Summary => {
            io.print(summary(&who, &identity, &role, &credentials, &expires));
        }
        CredentialsFormat::Env => {
            io.print(env_lines(
                &who,
                &identity,
                &role,
                &credentials,
                &expires,
                &ctx.target.region,
            ));
        }
        CredentialsFormat::Json => {
            let doc = json!({
                "IdentityId": identity.identity_id,
                "Role": identity.role_arn,
                "Region": ctx.target.region,
                "AccessKeyId": credentials.access_key_id,
                "SecretAccessKey": credentials.secret_access_key,
                "SessionToken": credentials.session_token,
                "Expiration": expires,
            });
            io.print(format!(
                "{}\n",
                serde_json::to_string_pretty(&doc).unwrap_or_default()
            ));
        }
        CredentialsFormat::Process => {
            let doc = json!({
                "Version": 1,
                "AccessKeyId": credentials.access_key_id,
                "SecretAccessKey": credentials.secret_access_key,
                "SessionToken": credentials.session_token,
                "Expiration": expires,
            });
            io.print(format!("{doc}\n"));
        }
    }
    Exit::Ok
}

fn summary(who: &str, identity: &Identity, role: &str, c: &Credentials, expires: &str) -> String {
    format!(
        "credentials of {who}\n  identity id:   {}\n  role:          {role}\n  access key id: {}\n  expires:       {expires}\n(the secret key is printed only by --format env, json or process)\n",
        identity.identity_id, c.access_key_id
    )
}

fn env_lines(
    who: &str,
    identity: &Identity,
    role: &str,
    c: &Credentials,
    expires: &str,
    region: &str,
) -> String {
    let q = crate::shell::word;
    format!(
        "# credentials of {who}, identity {}, role {role}, until {expires}\nexport AWS_ACCESS_KEY_ID={}\nexport AWS_SECRET_ACCESS_KEY={}\nexport AWS_SESSION_TOKEN={}\nexport AWS_REGION={}\n",
        identity.identity_id.replace('\n', " "),
        q(&c.access_key_id),
        q(&c.secret_access_key),
        q(&c.session_token),
        q(region),
    )
}

/// Seconds since the epoch as RFC 3339 (what `credential_process` expects).
pub fn rfc3339(seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string())
}

pub fn run_token(dir: &Path, args: TokenArgs, io: &mut Io) -> Exit {
    let ctx = match open(dir, &args.session, io) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let session = match ctx.user(&args.session).and_then(|u| ctx.fresh_session(&u)) {
        Ok(s) => s,
        Err(e) => return fail(io, e),
    };
    io.print(match args.kind {
        TokenKind::Id => session.id_token,
        TokenKind::Access => session.access_token,
    });
    io.print("\n");
    Exit::Ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiration_is_rfc3339() {
        assert_eq!(rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
    }
}
