//! The identity pool's side: GetId and GetCredentialsForIdentity, with the user pool's id token
//! as the login (the authenticated role, or a group's role chosen from the token) or with none
//! (the guest role).

use serde_json::{Value, json};

use super::Failure;
use super::rpc::{Aws, CallError, Service};
use super::sign::Credentials;

/// Who asks for credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller<'a> {
    Guest,
    /// A signed-in user of `user_pool_id`, with the id token.
    User {
        user_pool_id: &'a str,
        id_token: &'a str,
    },
}

impl Caller<'_> {
    /// The `Logins` map: `cognito-idp.<region>.amazonaws.com/<pool id>` → id token. The key
    /// is the provider's name the identity pool was configured with, never an endpoint.
    fn logins(&self) -> Option<Value> {
        match self {
            Caller::Guest => None,
            Caller::User {
                user_pool_id,
                id_token,
            } => {
                let region = user_pool_id.split('_').next().unwrap_or_default();
                let suffix = if region.starts_with("cn-") {
                    "amazonaws.com.cn"
                } else {
                    "amazonaws.com"
                };
                let key = format!("cognito-idp.{region}.{suffix}/{user_pool_id}");
                Some(json!({ key: id_token }))
            }
        }
    }
}

/// One identity pool call, with the caller's `Logins` added to `input`.
fn ask(aws: &Aws, action: &str, mut input: Value, caller: Caller) -> Result<Value, Failure> {
    if let Some(logins) = caller.logins() {
        input["Logins"] = logins;
    }
    aws.json(Service::IdentityPools, action, &input)
        .map_err(|e| refusal(e, caller))
}

/// GetId: the caller's identity id in `identity_pool_id`.
pub fn identity_id(aws: &Aws, identity_pool_id: &str, caller: Caller) -> Result<String, Failure> {
    let reply = ask(
        aws,
        "GetId",
        json!({ "IdentityPoolId": identity_pool_id }),
        caller,
    )?;
    reply["IdentityId"]
        .as_str()
        .map(String::from)
        .ok_or_else(|| Failure::internal("GetId answered without an IdentityId"))
}

/// GetCredentialsForIdentity: temporary credentials of the role the identity pool chooses.
pub fn credentials(aws: &Aws, identity_id: &str, caller: Caller) -> Result<Credentials, Failure> {
    let reply = ask(
        aws,
        "GetCredentialsForIdentity",
        json!({ "IdentityId": identity_id }),
        caller,
    )?;
    let c = &reply["Credentials"];
    let text = |k: &str| c[k].as_str().map(String::from);
    match (text("AccessKeyId"), text("SecretKey"), text("SessionToken")) {
        (Some(access_key_id), Some(secret_access_key), Some(session_token)) => Ok(Credentials {
            access_key_id,
            secret_access_key,
            session_token,
            // Epoch seconds (JSON number, maybe fractional).
            expiration: c["Expiration"].as_f64().unwrap_or(0.0) as i64,
        }),
        _ => Err(Failure::internal(
            "GetCredentialsForIdentity answered without complete credentials",
        )),
    }
}

fn refusal(e: CallError, caller: Caller) -> Failure {
    let Some(s) = e.service() else {
        return e.failure("asking the identity pool for credentials");
    };
    match (s.code.as_str(), caller) {
        ("NotAuthorizedException", Caller::Guest) => Failure::invalid(
            format!("the identity pool refuses guests: {}", s.message),
            "guests need `identity_pool: { guest_access: true }` in backend/auth.yaml, deployed; or sign in (`cogform login`) and drop `--guest`",
        ),
        ("NotAuthorizedException", Caller::User { .. }) => Failure::invalid(
            format!("the identity pool refuses this user's token: {}", s.message),
            "sign in again (`cogform login`); if it persists, the identity pool may not trust this app client (redeploy the stack)",
        ),
        ("ResourceNotFoundException", _) => Failure::invalid(
            format!("the identity pool does not exist: {}", s.message),
            "check the environment and the stack outputs (or amplify_outputs.json) the command reads",
        ),
        _ => Failure::invalid(
            format!("the identity pool refused: {} ({})", s.message, s.code),
            "check the deployed stack (`cogform access` shows who should get credentials)",
        ),
    }
}
