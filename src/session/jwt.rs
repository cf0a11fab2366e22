//! What a Cognito token says about its user (groups, scopes, expiry), read from its payload.
//! Nothing here trusts a token: the services verify signatures; cogform only reads the claims
//! of tokens it received itself, to explain a refusal and to know when to refresh.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

/// The claims cogform reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Claims {
    /// `cognito:username` (id token) or `username` (access token).
    pub username: Option<String>,
    /// `cognito:groups`, in the token's order (precedence).
    pub groups: Vec<String>,
    /// `scope` (access token), split on spaces.
    pub scopes: Vec<String>,
    /// `exp`, seconds since the epoch.
    pub expires: Option<i64>,
    /// `token_use`: `id` or `access`.
    pub token_use: Option<String>,
}

/// The claims of `token`, or `None` when it is not a JWT.
pub fn claims(token: &str) -> Option<Claims> {
    let payload = token.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let value: Value = serde_json::from_slice(&bytes).ok()?;
    let strings = |v: &Value| -> Vec<String> {
        match v {
            Value::Array(items) => items
                .iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect(),
            Value::String(s) => s.split_whitespace().map(String::from).collect(),
            _ => Vec::new(),
        }
    };
    Some(Claims {
        username: value["cognito:username"]
            .as_str()
            .or(value["username"].as_str())
            .map(String::from),
        groups: strings(&value["cognito:groups"]),
        scopes: strings(&value["scope"]),
        expires: value["exp"].as_i64(),
        token_use: value["token_use"].as_str().map(String::from),
    })
}

#[cfg(test)]
pub(crate) fn fake(payload: &Value) -> String {
    format!(
        "eyJhbGciOiJub25lIn0.{}.sig",
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(payload).unwrap())
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_groups_scopes_and_expiry() {
        let id = fake(
            &json!({"cognito:username": "alice", "cognito:groups": ["ADMINS", "EDITORS"],
            "exp": 1_900_000_000, "token_use": "id"}),
        );
        let c = claims(&id).unwrap();
        assert_eq!(c.username.as_deref(), Some("alice"));
        assert_eq!(c.groups, ["ADMINS", "EDITORS"]);
        assert_eq!(c.expires, Some(1_900_000_000));
        let access = fake(
            &json!({"username": "bob", "scope": "aws.cognito.signin.user.admin openid",
            "token_use": "access"}),
        );
        let c = claims(&access).unwrap();
        assert_eq!(c.scopes, ["aws.cognito.signin.user.admin", "openid"]);
        assert!(c.groups.is_empty());
        assert_eq!(claims("not a token"), None);
        assert_eq!(claims("a.!!!.c"), None);
    }
}
