//! Signing a user in to the user pool: InitiateAuth, then RespondToAuthChallenge until the
//! pool returns tokens. USER_SRP_AUTH by default (the password never leaves the machine);
//! USER_PASSWORD_AUTH when asked for. The challenges a real pool sends are answered through
//! [`Answers`] (the terminal, standard input or environment variables, chosen by `cli`):
//! PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED (with the attributes it requires),
//! SOFTWARE_TOKEN_MFA, SMS_MFA, EMAIL_OTP, SMS_OTP and SELECT_MFA_TYPE.

use serde_json::{Map, Value, json};

use super::Failure;
use super::rpc::{Aws, CallError, Service};
use super::srp::{self, Srp};

/// How the password is proved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// USER_SRP_AUTH.
    Srp,
    /// USER_PASSWORD_AUTH: the password is sent (over TLS) to the pool.
    Password,
}

/// What the user is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    Password,
    /// NEW_PASSWORD_REQUIRED: a new password for an administrator-created user.
    NewPassword,
    /// NEW_PASSWORD_REQUIRED: a required attribute the user has no value for.
    Attribute(String),
    /// A one-time code: `SOFTWARE_TOKEN_MFA`, `SMS_MFA`, `EMAIL_OTP` or `SMS_OTP`, and where
    /// the pool sent it.
    Code {
        challenge: String,
        destination: Option<String>,
    },
    /// SELECT_MFA_TYPE: one of these challenge names.
    ChooseMfa(Vec<String>),
}

impl Ask {
    /// The question, as the terminal shows it.
    pub fn question(&self) -> String {
        match self {
            Ask::Password => "Password:".into(),
            Ask::NewPassword => {
                "A new password is required (the user was created by an administrator):".into()
            }
            Ask::Attribute(name) => format!("Value of the required attribute `{name}`:"),
            Ask::Code {
                challenge,
                destination,
            } => {
                let what = match challenge.as_str() {
                    "SOFTWARE_TOKEN_MFA" => "Code from your authenticator app",
                    "SMS_MFA" | "SMS_OTP" => "Code sent by text message",
                    "EMAIL_OTP" => "Code sent by email",
                    _ => "Code",
                };
                match destination {
                    Some(d) => format!("{what} ({d}):"),
                    None => format!("{what}:"),
                }
            }
            Ask::ChooseMfa(_) => "Second factor:".into(),
        }
    }
}

/// Where answers come from.
pub trait Answers {
    fn answer(&mut self, ask: &Ask) -> Result<String, Failure>;
}

/// The tokens of a successful sign-in (or refresh, which returns no new refresh token).
#[derive(Clone, PartialEq, Eq)]
pub struct Tokens {
    pub id_token: String,
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub expires_in: i64,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokens")
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}

/// The pool and its app client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pool<'a> {
    pub user_pool_id: &'a str,
    pub client_id: &'a str,
}

/// At most this many challenges in one sign-in (a pool sends two or three).
const MAX_ROUNDS: usize = 8;

/// Signs `username` in.
pub fn sign_in(
    aws: &Aws,
    pool: &Pool,
    username: &str,
    flow: Flow,
    answers: &mut dyn Answers,
) -> Result<Tokens, Failure> {
    // Asked before anything is sent, as every sign-in form does.
    let password = answers.answer(&Ask::Password)?;
    let mut srp = None;
    let parameters = match flow {
        Flow::Srp => {
            let s = Srp::new(pool.user_pool_id).map_err(|e| Failure::internal(e.to_string()))?;
            let a = s.public_a();
            srp = Some(s);
            json!({ "USERNAME": username, "SRP_A": a })
        }
        Flow::Password => json!({ "USERNAME": username, "PASSWORD": password }),
    };
    let flow_name = match flow {
        Flow::Srp => "USER_SRP_AUTH",
        Flow::Password => "USER_PASSWORD_AUTH",
    };
    let mut reply = aws
        .json(
            Service::UserPools,
            "InitiateAuth",
            &json!({ "AuthFlow": flow_name, "ClientId": pool.client_id, "AuthParameters": parameters }),
        )
        .map_err(|e| refusal(e, username))?;
    // Every challenge response names the user as the pool knows it (after SRP, its id).
    let mut challenge_user = username.to_string();
    for _ in 0..MAX_ROUNDS {
        if let Some(result) = reply.get("AuthenticationResult") {
            return tokens(result);
        }
        let name = reply["ChallengeName"].as_str().unwrap_or("").to_string();
        if name.is_empty() {
            return Err(Failure::internal(
                "the user pool answered with neither tokens nor a challenge",
            ));
        }
        let params = reply["ChallengeParameters"].clone();
        let param = |k: &str| params[k].as_str().map(String::from);
        if let Some(u) = param("USER_ID_FOR_SRP").or_else(|| param("USERNAME")) {
            challenge_user = u;
        }
        let mut responses = Map::new();
        responses.insert("USERNAME".into(), json!(challenge_user));
        match name.as_str() {
            "PASSWORD_VERIFIER" => {
                let srp = srp.as_ref().ok_or_else(|| {
                    Failure::internal("the pool asked for an SRP proof of a password sign-in")
                })?;
                let (b, salt, block) = (param("SRP_B"), param("SALT"), param("SECRET_BLOCK"));
                let (Some(b), Some(salt), Some(block)) = (b, salt, block) else {
                    return Err(Failure::internal(
                        "the SRP challenge lacks SRP_B, SALT or SECRET_BLOCK",
                    ));
                };
                let timestamp = srp::timestamp(time::OffsetDateTime::now_utc());
                let signature = srp
                    .signature(
                        &srp::Challenge {
                            srp_b: &b,
                            salt: &salt,
                            secret_block: &block,
                            user_id: &challenge_user,
                        },
                        &password,
                        &timestamp,
                    )
                    .map_err(|e| Failure::internal(e.to_string()))?;
                responses.insert("PASSWORD_CLAIM_SECRET_BLOCK".into(), json!(block));
                responses.insert("PASSWORD_CLAIM_SIGNATURE".into(), json!(signature));
                responses.insert("TIMESTAMP".into(), json!(timestamp));
            }
            "NEW_PASSWORD_REQUIRED" => {
                responses.insert(
                    "NEW_PASSWORD".into(),
                    json!(answers.answer(&Ask::NewPassword)?),
                );
                for attribute in required_attributes(&params) {
                    let value = answers.answer(&Ask::Attribute(attribute.clone()))?;
                    responses.insert(format!("userAttributes.{attribute}"), json!(value));
                }
            }
            "SOFTWARE_TOKEN_MFA" | "SMS_MFA" | "EMAIL_OTP" | "SMS_OTP" => {
                let code = answers.answer(&Ask::Code {
                    challenge: name.clone(),
                    destination: param("CODE_DELIVERY_DESTINATION"),
                })?;
                responses.insert(format!("{name}_CODE"), json!(code.trim()));
            }
            "SELECT_MFA_TYPE" => {
                let options = string_list(&params["MFAS_CAN_CHOOSE"]);
                let choice = answers.answer(&Ask::ChooseMfa(options.clone()))?;
                if !options.is_empty() && !options.contains(&choice) {
                    return Err(Failure::invalid(
                        format!("`{choice}` is not a second factor this user can choose"),
                        format!("choose one of {}", options.join(", ")),
                    ));
                }
                responses.insert("ANSWER".into(), json!(choice));
            }
            "MFA_SETUP" => {
                return Err(Failure::invalid(
                    format!(
                        "`{username}` must set up a second factor before signing in (the pool requires MFA)"
                    ),
                    "sign in once in the app, which walks the user through MFA setup, then run `cogform login` again",
                ));
            }
            other => {
                return Err(Failure::invalid(
                    format!(
                        "the user pool sent the challenge {other}, which `cogform login` does not answer"
                    ),
                    "sign in with the app for this user, or use a user without custom or device challenges",
                ));
            }
        }
        let mut request = json!({
            "ChallengeName": name,
            "ClientId": pool.client_id,
            "ChallengeResponses": responses,
        });
        if let Some(session) = reply["Session"].as_str() {
            request["Session"] = json!(session);
        }
        reply = aws
            .json(Service::UserPools, "RespondToAuthChallenge", &request)
            .map_err(|e| refusal(e, username))?;
    }
    Err(Failure::internal(format!(
        "the user pool sent more than {MAX_ROUNDS} challenges"
    )))
}

/// New id and access tokens from the refresh token. A refused one means the session ended.
/// A client with refresh-token rotation refuses REFRESH_TOKEN_AUTH: it is asked with
/// GetTokensFromRefreshToken, which also returns the next refresh token.
pub fn refresh(
    aws: &Aws,
    pool: &Pool,
    username: &str,
    refresh_token: &str,
    rotating: bool,
) -> Result<Tokens, Failure> {
    let (action, input) = if rotating {
        (
            "GetTokensFromRefreshToken",
            json!({ "RefreshToken": refresh_token, "ClientId": pool.client_id }),
        )
    } else {
        (
            "InitiateAuth",
            json!({
                "AuthFlow": "REFRESH_TOKEN_AUTH",
                "ClientId": pool.client_id,
                "AuthParameters": { "REFRESH_TOKEN": refresh_token },
            }),
        )
    };
    let reply = aws
        .json(Service::UserPools, action, &input)
        .map_err(|e| match e.service() {
            Some(s) if s.is("NotAuthorizedException") => {
                Failure::ended(username, "the refresh token was revoked or has expired")
            }
            _ => e.failure("refreshing the tokens"),
        })?;
    match reply.get("AuthenticationResult") {
        Some(result) => tokens(result),
        None => Err(Failure::ended(username, "the pool asked for a new sign-in")),
    }
}

/// Revokes the refresh token (and the tokens issued from it).
pub fn revoke(aws: &Aws, pool: &Pool, refresh_token: &str) -> Result<(), CallError> {
    aws.json(
        Service::UserPools,
        "RevokeToken",
        &json!({ "Token": refresh_token, "ClientId": pool.client_id }),
    )
    .map(|_| ())
}

/// Signs the user out of every device (GlobalSignOut with the access token).
pub fn sign_out_everywhere(aws: &Aws, access_token: &str) -> Result<(), CallError> {
    aws.json(
        Service::UserPools,
        "GlobalSignOut",
        &json!({ "AccessToken": access_token }),
    )
    .map(|_| ())
}

fn tokens(result: &Value) -> Result<Tokens, Failure> {
    let text = |k: &str| result[k].as_str().map(String::from);
    match (text("IdToken"), text("AccessToken")) {
        (Some(id_token), Some(access_token)) => Ok(Tokens {
            id_token,
            access_token,
            refresh_token: text("RefreshToken"),
            expires_in: result["ExpiresIn"].as_i64().unwrap_or(3600),
        }),
        _ => Err(Failure::internal(
            "the user pool's answer lacks the id or access token",
        )),
    }
}

/// A refused sign-in, in the user's terms. Unknown users and wrong passwords get the same
/// words Cognito uses (it does not say which, so that user names cannot be probed).
fn refusal(e: CallError, username: &str) -> Failure {
    let Some(s) = e.service() else {
        return e.failure("signing in");
    };
    let (message, help) = match s.code.as_str() {
        "NotAuthorizedException" | "UserNotFoundException" => (
            format!("cannot sign in as `{username}`: {}", nonempty(&s.message, "incorrect user name or password")),
            "check the user name and password; `--user` is the name the user signs in with".to_string(),
        ),
        "UserNotConfirmedException" => (
            format!("`{username}` has not confirmed the sign-up"),
            "confirm the user (the code sent at sign-up, or `aws cognito-idp admin-confirm-sign-up`)".to_string(),
        ),
        "PasswordResetRequiredException" => (
            format!("`{username}` must reset the password"),
            "reset it in the app (ForgotPassword), then sign in again".to_string(),
        ),
        "CodeMismatchException" | "ExpiredCodeException" => (
            format!("the code was refused: {}", s.message),
            "run `cogform login` again for a new code".to_string(),
        ),
        "InvalidPasswordException" => (
            format!("the new password was refused: {}", s.message),
            "choose a password that meets the pool's policy (`password:` in backend/auth.yaml)".to_string(),
        ),
        "InvalidParameterException" if s.message.contains("USER_PASSWORD_AUTH") || s.message.contains("flow") => (
            format!("the app client refuses this sign-in flow: {}", s.message),
            "add `password` to the client's `auth_flows` in backend/auth.yaml and deploy, or sign in without `--password-auth`".to_string(),
        ),
        "ResourceNotFoundException" => (
            format!("the user pool or its app client does not exist: {}", s.message),
            "check the environment and the stack outputs (or amplify_outputs.json) the command reads".to_string(),
        ),
        _ => (
            format!("cannot sign in as `{username}`: {} ({})", s.message, s.code),
            "check the user and the deployed stack".to_string(),
        ),
    };
    Failure::invalid(message, help)
}

fn nonempty<'a>(text: &'a str, fallback: &'a str) -> &'a str {
    if text.trim().is_empty() {
        fallback
    } else {
        text
    }
}

/// The attributes NEW_PASSWORD_REQUIRED asks for that the user has no value for
/// (`requiredAttributes`: a JSON list of `userAttributes.<name>`).
fn required_attributes(params: &Value) -> Vec<String> {
    let have: Map<String, Value> = params["userAttributes"]
        .as_str()
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default();
    string_list(&params["requiredAttributes"])
        .into_iter()
        .map(|a| a.trim_start_matches("userAttributes.").to_string())
        .filter(|a| !have.contains_key(a))
        .collect()
}

/// A challenge parameter that is a list, sent as a JSON array in a string (or as an array).
fn string_list(v: &Value) -> Vec<String> {
    let parsed;
    let list = match v {
        Value::String(s) => {
            parsed = serde_json::from_str::<Value>(s).unwrap_or(Value::Null);
            &parsed
        }
        other => other,
    };
    list.as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_attributes_skip_the_ones_the_user_has() {
        let params = json!({
            "requiredAttributes": "[\"userAttributes.name\",\"userAttributes.email\"]",
            "userAttributes": "{\"email\":\"a@example.com\"}",
        });
        assert_eq!(required_attributes(&params), ["name"]);
        assert!(required_attributes(&json!({})).is_empty());
    }

    #[test]
    fn mfa_choices_are_read_from_a_json_string_or_a_list() {
        assert_eq!(
            string_list(&json!("[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]")),
            ["SMS_MFA", "SOFTWARE_TOKEN_MFA"]
        );
        assert_eq!(string_list(&json!(["EMAIL_OTP"])), ["EMAIL_OTP"]);
        assert!(string_list(&json!(3)).is_empty());
    }

    /// A scripted user pool on 127.0.0.1: answers each request with the next reply and records
    /// what was sent (target and body). It ends after the last reply.
    fn scripted_pool(
        replies: Vec<Value>,
    ) -> (String, std::thread::JoinHandle<Vec<(String, Value)>>) {
        use std::io::{BufRead, BufReader, Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let handle = std::thread::spawn(move || {
            let mut seen = Vec::new();
            for reply in replies {
                let (stream, _) = listener.accept().unwrap();
                let mut reader = BufReader::new(stream);
                let (mut target, mut length) = (String::new(), 0usize);
                loop {
                    let mut line = String::new();
                    reader.read_line(&mut line).unwrap();
                    let lower = line.to_ascii_lowercase();
                    if let Some(v) = lower.strip_prefix("x-amz-target:") {
                        target = v.trim().to_string();
                    }
                    if let Some(v) = lower.strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap();
                    }
                    if line == "\r\n" {
                        break;
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                seen.push((target, serde_json::from_slice(&body).unwrap()));
                let text = reply.to_string();
                let status = if reply.get("__type").is_some() {
                    "400 Bad Request"
                } else {
                    "200 OK"
                };
                let mut stream = reader.into_inner();
                write!(
                    stream,
                    "HTTP/1.1 {status}\r\ncontent-type: application/x-amz-json-1.1\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{text}",
                    text.len()
                )
                .unwrap();
            }
            seen
        });
        (url, handle)
    }

    struct Canned(Vec<(Ask, String)>);

    impl Answers for Canned {
        fn answer(&mut self, ask: &Ask) -> Result<String, Failure> {
            let i = self
                .0
                .iter()
                .position(|(a, _)| a == ask)
                .unwrap_or_else(|| panic!("unexpected question {ask:?}"));
            Ok(self.0.remove(i).1)
        }
    }

    fn aws(url: &str) -> Aws {
        Aws::new(
            crate::session::rpc::Endpoints {
                all: Some(url.to_string()),
                ..Default::default()
            },
            "eu-west-1",
        )
    }

    const POOL: Pool<'static> = Pool {
        user_pool_id: "eu-west-1_Test",
        client_id: "client",
    };

    #[test]
    fn challenges_moto_cannot_send_are_answered_as_cognito_expects() {
        let tokens = json!({"AuthenticationResult": {"IdToken": "i", "AccessToken": "a",
            "RefreshToken": "r", "ExpiresIn": 3600}});
        let (url, pool) = scripted_pool(vec![
            json!({"ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": "s1",
                "ChallengeParameters": {"USERNAME": "sub-1",
                    "requiredAttributes": "[\"userAttributes.name\",\"userAttributes.email\"]",
                    "userAttributes": "{\"email\":\"a@example.com\"}"}}),
            json!({"ChallengeName": "SELECT_MFA_TYPE", "Session": "s2",
                "ChallengeParameters": {"MFAS_CAN_CHOOSE": "[\"SMS_MFA\",\"EMAIL_OTP\"]"}}),
            json!({"ChallengeName": "EMAIL_OTP", "Session": "s3",
                "ChallengeParameters": {"CODE_DELIVERY_DESTINATION": "a***@e***"}}),
            tokens,
        ]);
        let mut answers = Canned(vec![
            (Ask::Password, "Temp-Pw-1!".into()),
            (Ask::NewPassword, "New-Pw-2!".into()),
            (Ask::Attribute("name".into()), "Alice".into()),
            (
                Ask::ChooseMfa(vec!["SMS_MFA".into(), "EMAIL_OTP".into()]),
                "EMAIL_OTP".into(),
            ),
            (
                Ask::Code {
                    challenge: "EMAIL_OTP".into(),
                    destination: Some("a***@e***".into()),
                },
                " 123456 ".into(),
            ),
        ]);
        let got = sign_in(&aws(&url), &POOL, "alice", Flow::Password, &mut answers).unwrap();
        assert_eq!(
            (got.id_token.as_str(), got.refresh_token.as_deref()),
            ("i", Some("r"))
        );
        assert!(answers.0.is_empty(), "not asked: {:?}", answers.0);
        let seen = pool.join().unwrap();
        let targets: Vec<&str> = seen.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            targets,
            [
                "awscognitoidentityproviderservice.initiateauth",
                "awscognitoidentityproviderservice.respondtoauthchallenge",
                "awscognitoidentityproviderservice.respondtoauthchallenge",
                "awscognitoidentityproviderservice.respondtoauthchallenge",
            ]
        );
        assert_eq!(seen[0].1["AuthFlow"], "USER_PASSWORD_AUTH");
        assert_eq!(seen[0].1["AuthParameters"]["PASSWORD"], "Temp-Pw-1!");
        assert_eq!(seen[1].1["Session"], "s1");
        assert_eq!(
            seen[1].1["ChallengeResponses"],
            json!({"USERNAME": "sub-1",
            "NEW_PASSWORD": "New-Pw-2!", "userAttributes.name": "Alice"})
        );
        assert_eq!(
            seen[2].1["ChallengeResponses"],
            json!({"USERNAME": "sub-1", "ANSWER": "EMAIL_OTP"})
        );
        assert_eq!(seen[3].1["ChallengeName"], "EMAIL_OTP");
        assert_eq!(
            seen[3].1["ChallengeResponses"],
            json!({"USERNAME": "sub-1", "EMAIL_OTP_CODE": "123456"})
        );
    }

    #[test]
    fn refusals_and_ended_sessions_are_told_in_the_users_terms() {
        let (url, pool) = scripted_pool(vec![
            json!({"__type": "UserNotConfirmedException", "message": "User is not confirmed."}),
            json!({"__type": "NotAuthorizedException", "message": "Refresh Token has been revoked"}),
            json!({"ChallengeName": "MFA_SETUP", "Session": "s", "ChallengeParameters": {}}),
        ]);
        let aws = aws(&url);
        let mut answers = Canned(vec![
            (Ask::Password, "pw".into()),
            (Ask::Password, "pw".into()),
        ]);
        let e = sign_in(&aws, &POOL, "bob", Flow::Password, &mut answers).unwrap_err();
        assert!(
            !e.internal && e.message.contains("`bob` has not confirmed"),
            "{e}"
        );
        let e = refresh(&aws, &POOL, "bob", "r", false).unwrap_err();
        assert!(e.message.contains("the session of `bob` has ended"), "{e}");
        assert_eq!(
            e.help.as_deref(),
            Some("run `cogform login --user bob` again")
        );
        let e = sign_in(&aws, &POOL, "bob", Flow::Password, &mut answers).unwrap_err();
        assert!(e.message.contains("must set up a second factor"), "{e}");
        pool.join().unwrap();
    }

    #[test]
    fn a_rotating_client_refreshes_with_get_tokens_from_refresh_token() {
        let (url, pool) = scripted_pool(vec![json!({"AuthenticationResult": {
            "IdToken": "i2", "AccessToken": "a2", "RefreshToken": "r2", "ExpiresIn": 300}})]);
        let got = refresh(&aws(&url), &POOL, "bob", "r1", true).unwrap();
        assert_eq!(got.refresh_token.as_deref(), Some("r2"));
        let seen = pool.join().unwrap();
        assert_eq!(
            seen[0].0,
            "awscognitoidentityproviderservice.gettokensfromrefreshtoken"
        );
        assert_eq!(
            seen[0].1,
            json!({"RefreshToken": "r1", "ClientId": "client"})
        );
    }

    #[test]
    fn questions_say_where_the_code_went() {
        let q = Ask::Code {
            challenge: "SMS_MFA".into(),
            destination: Some("+*******1234".into()),
        }
        .question();
        assert_eq!(q, "Code sent by text message (+*******1234):");
    }
}
