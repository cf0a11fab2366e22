//! The developer's loop after deploy: sign a user in to the deployed user pool (`login`),
//! exchange the tokens for the identity pool's temporary AWS credentials (`credentials`), and
//! call the project's REST API as that user, authorized the way each route's configuration
//! says (`call`).
//!
//! The one module that talks to AWS: HTTPS to the services (`rpc`, signed by `sign`). The
//! token cache is the CLI's (`cli/session/cache.rs`: files are `cli`'s). The rest is pure:
//! Cognito's SRP (`srp`), the challenge loop (`login`, behind an [`login::Answers`] trait),
//! token claims (`jwt`), which route a request meets and what it needs (`route`), why it was
//! refused (`refusal`), and the ids of the deployment (`target`). Nothing here runs for
//! `build`, `check` or the other generator commands.

pub mod call;
pub mod identity;
pub mod jwt;
pub mod login;
pub mod refusal;
pub mod route;
pub mod rpc;
pub mod sign;
pub mod srp;
pub mod target;

/// Why a session command cannot go on: a message, what to do, and whose fault it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub message: String,
    pub help: Option<String>,
    /// The network, the file system or a bug (exit 4) rather than the inputs or the user's
    /// account (exit 2).
    pub internal: bool,
}

impl Failure {
    pub fn invalid(message: impl Into<String>, help: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            help: Some(help.into()),
            internal: false,
        }
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            help: None,
            internal: true,
        }
    }

    /// The session of `user` cannot be renewed: the refresh token expired or was revoked.
    pub fn ended(user: &str, why: &str) -> Self {
        Failure::invalid(
            format!("the session of `{user}` has ended ({why})"),
            format!("run `cogform login --user {user}` again"),
        )
    }
}

/// `a, b, c`, or `empty` when there is nothing to list.
pub fn listed(items: &[String], empty: &str) -> String {
    if items.is_empty() {
        empty.to_string()
    } else {
        items.join(", ")
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "error: {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}
