//! Machine-to-machine access in `backend/auth.yaml`: resource servers declare OAuth scopes;
//! `kind: machine` clients get access tokens carrying some of them with the client-credentials
//! flow (no user involved); API routes with `cognito_access_token` require them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An API (or any service) whose access cogform's user pool grants by scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResourceServer {
    /// Unique within the pool, usually the API's URL (`https://api.example.com`) or a short
    /// name (`orders`); a scope is written `<identifier>/<scope>`.
    #[schemars(length(min = 1, max = 256), pattern(r"^[\x21\x23-\x5B\x5D-\x7E]+$"))]
    pub identifier: String,
    /// A name for people.
    #[schemars(length(min = 1, max = 256), pattern(r"^[\w\s+=,.@-]+$"))]
    pub name: String,
    #[schemars(length(min = 1, max = 100))]
    pub scopes: Vec<Scope>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    #[schemars(
        length(min = 1, max = 256),
        pattern(r"^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+$")
    )]
    pub name: String,
    #[schemars(length(min = 1, max = 256))]
    pub description: String,
}

/// The OAuth scopes Cognito itself defines (user tokens); every other scope is
/// `<resource server identifier>/<scope>`.
pub const STANDARD_SCOPES: [&str; 5] = [
    "openid",
    "email",
    "phone",
    "profile",
    "aws.cognito.signin.user.admin",
];
