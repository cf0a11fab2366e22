//! `cogform login` and `cogform logout`.

use std::path::Path;

use clap::Args;

use super::answers::Sources;
use super::cache::Session;
use super::{Context, SessionArgs, fail, now, open};
use crate::cli::{Exit, Io};
use crate::config::auth::AuthFlow;
use crate::session::Failure;
use crate::session::login::{self, Flow};

#[derive(Debug, Args)]
pub struct LoginArgs {
    #[command(flatten)]
    pub session: SessionArgs,
    /// Send the password to the pool (USER_PASSWORD_AUTH) instead of proving it with SRP; only
    /// when the app client's `auth_flows` include `password`.
    #[arg(long)]
    pub password_auth: bool,
    /// Read the password, then every code or new password the pool asks for, from standard
    /// input (one line each). Without it: COGFORM_PASSWORD, COGFORM_NEW_PASSWORD,
    /// COGFORM_MFA_CODE, COGFORM_MFA_TYPE, COGFORM_ATTRIBUTE_<NAME>, else the terminal. Never
    /// a flag: it would show in `ps`.
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Debug, Args)]
pub struct LogoutArgs {
    #[command(flatten)]
    pub session: SessionArgs,
    /// Sign the user out of every device (GlobalSignOut), not only this session.
    #[arg(long)]
    pub everywhere: bool,
}

pub fn run_login(dir: &Path, args: LoginArgs, io: &mut Io) -> Exit {
    let ctx = match open(dir, &args.session, io) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match login(&ctx, &args, io) {
        Ok(()) => Exit::Ok,
        Err(e) => fail(io, e),
    }
}

fn login(ctx: &Context, args: &LoginArgs, io: &mut Io) -> Result<(), Failure> {
    let flow = if args.password_auth {
        check_password_flow(ctx)?;
        Flow::Password
    } else {
        Flow::Srp
    };
    let username = match &args.session.user {
        Some(u) => u.clone(),
        None if io.interactive => inquire::Text::new("User name:")
            .prompt()
            .map_err(|_| Failure::invalid("cancelled", "nothing was signed in"))?,
        None => {
            return Err(Failure::invalid(
                "which user signs in?",
                "pass `--user NAME` (the name, email or phone number the user signs in with)",
            ));
        }
    };
    if username.trim().is_empty() {
        return Err(Failure::invalid(
            "the user name is empty",
            "pass `--user NAME` (the name, email or phone number the user signs in with)",
        ));
    }
    let mut answers = Sources::new(args.password_stdin, io.interactive);
    let tokens = login::sign_in(&ctx.aws, &ctx.pool(), &username, flow, &mut answers)?;
    let refresh_token = tokens.refresh_token.ok_or_else(|| {
        Failure::internal("the user pool signed the user in without a refresh token")
    })?;
    let session = Session {
        version: 1,
        username: username.clone(),
        region: ctx.target.region.clone(),
        user_pool_id: ctx.target.user_pool_id.clone(),
        client_id: ctx.target.client_id.clone(),
        id_token: tokens.id_token,
        access_token: tokens.access_token,
        refresh_token,
        expires_at: now() + tokens.expires_in,
        identity: None,
    };
    let path = ctx.store.save(&session)?;
    ctx.store
        .set_current(&session.user_pool_id, &session.client_id, &username)?;
    let groups = Context::groups(&session);
    let flow_name = match flow {
        Flow::Srp => "USER_SRP_AUTH",
        Flow::Password => "USER_PASSWORD_AUTH",
    };
    io.say(format!(
        "signed in as `{username}` ({flow_name}) to user pool {}{}",
        session.user_pool_id,
        ctx.env
            .as_ref()
            .map(|e| format!(", environment {e}"))
            .unwrap_or_default()
    ));
    io.say(format!(
        "groups: {}",
        crate::session::listed(&groups, "none")
    ));
    io.say(format!(
        "tokens cached in {} (readable by you only; `cogform logout` removes them)",
        path.display()
    ));
    Ok(())
}

/// USER_PASSWORD_AUTH only where the app client allows it: refused here, before the password
/// is sent, rather than by the pool after.
fn check_password_flow(ctx: &Context) -> Result<(), Failure> {
    let Some(client) = crate::outputs::app_client(&ctx.project.auth) else {
        return Ok(());
    };
    if client.auth_flows.contains(&AuthFlow::Password) {
        return Ok(());
    }
    Err(Failure::invalid(
        format!(
            "app client `{}` does not allow USER_PASSWORD_AUTH (its auth_flows: {})",
            client.name,
            client
                .auth_flows
                .iter()
                .map(|f| format!("{f:?}").to_lowercase())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        "sign in without `--password-auth` (SRP: the password never leaves this machine), or add `password` to the client's `auth_flows` in backend/auth.yaml and deploy",
    ))
}

pub fn run_logout(dir: &Path, args: LogoutArgs, io: &mut Io) -> Exit {
    let ctx = match open(dir, &args.session, io) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let user = match ctx.user(&args.session) {
        Ok(u) => u,
        Err(e) => return fail(io, e),
    };
    let pool = ctx.pool();
    let session = match ctx.store.load(pool.user_pool_id, pool.client_id, &user) {
        Ok(Some(s)) => s,
        Ok(None) => {
            io.say(format!("`{user}` has no session here; nothing to do"));
            return Exit::Ok;
        }
        Err(e) => return fail(io, e),
    };
    // Revoke first, then forget: the local tokens go whatever the pool says.
    let revoked = if args.everywhere {
        login::sign_out_everywhere(&ctx.aws, &session.access_token)
    } else {
        login::revoke(&ctx.aws, &pool, &session.refresh_token)
    };
    if let Err(e) = ctx.store.remove(pool.user_pool_id, pool.client_id, &user) {
        return fail(io, e);
    }
    let what = if args.everywhere {
        "signed out of every device (GlobalSignOut)"
    } else {
        "refresh token revoked"
    };
    match revoked {
        Ok(()) => {
            io.say(format!("`{user}` signed out: {what}, local tokens removed"));
            Exit::Ok
        }
        Err(e) => {
            let why = e.to_string();
            io.say(format!("local tokens of `{user}` removed"));
            io.say(format!(
                "warning: the pool did not confirm the sign-out: {why}; the refresh token stays valid until it expires (`refresh_token_days`)"
            ));
            io.say("  help: an administrator can end every session of the user with `aws cognito-idp admin-user-global-sign-out`");
            Exit::Internal
        }
    }
}
