//! SigV4 with the official `aws-sigv4` crate (never hand-written): the headers to add to a
//! request so that API Gateway's AWS_IAM authorizer, STS or S3 accepts it.

use std::time::SystemTime;

use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use serde::{Deserialize, Serialize};

/// Temporary AWS credentials (from the identity pool).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
    /// Seconds since the epoch.
    pub expiration: i64,
}

impl std::fmt::Debug for Credentials {
    // The secret and the session token stay out of logs and panics.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("expiration", &self.expiration)
            .finish_non_exhaustive()
    }
}

/// What is signed.
pub struct Request<'a> {
    pub method: &'a str,
    /// The full URL, its path and query already percent-encoded.
    pub url: &'a str,
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

/// The headers the signature adds (`authorization`, `x-amz-date`, `x-amz-security-token`).
pub fn sign(
    request: &Request,
    credentials: &Credentials,
    region: &str,
    service: &str,
    at: SystemTime,
) -> Result<Vec<(String, String)>, String> {
    let identity = aws_credential_types::Credentials::new(
        &credentials.access_key_id,
        &credentials.secret_access_key,
        Some(credentials.session_token.clone()).filter(|t| !t.is_empty()),
        None,
        "cogform",
    )
    .into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(at)
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| format!("cannot sign the request: {e}"))?
        .into();
    let signable = SignableRequest::new(
        request.method,
        request.url,
        request
            .headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str())),
        SignableBody::Bytes(request.body),
    )
    .map_err(|e| format!("cannot sign the request: {e}"))?;
    let (instructions, _signature) = aws_sigv4::http_request::sign(signable, &params)
        .map_err(|e| format!("cannot sign the request: {e}"))?
        .into_parts();
    let (headers, _query) = instructions.into_parts();
    Ok(headers
        .into_iter()
        .map(|h| (h.name().to_string(), h.value().to_string()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds() -> Credentials {
        Credentials {
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".into(),
            session_token: "token".into(),
            expiration: 0,
        }
    }

    fn signed_at(at: SystemTime) -> Vec<(String, String)> {
        sign(
            &Request {
                method: "GET",
                url: "https://abc.execute-api.eu-west-1.amazonaws.com/dev/photos?b=2&a=1",
                headers: &[],
                body: b"",
            },
            &creds(),
            "eu-west-1",
            "execute-api",
            at,
        )
        .unwrap()
    }

    #[test]
    fn signing_adds_the_authorization_date_and_token_headers() {
        let at = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_440_938_160);
        let headers = signed_at(at);
        let get = |n: &str| {
            headers
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.clone())
                .unwrap()
        };
        assert_eq!(get("x-amz-date"), "20150830T123600Z");
        assert_eq!(get("x-amz-security-token"), "token");
        let auth = get("authorization");
        assert!(
            auth.starts_with(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/execute-api/aws4_request"
            ),
            "{auth}"
        );
        // Same request a second later: another signature (the date is signed).
        assert_ne!(signed_at(at + std::time::Duration::from_secs(1)), headers);
    }

    #[test]
    fn debug_output_hides_the_secret() {
        let shown = format!("{:?}", creds());
        assert!(
            !shown.contains("wJalr") && !shown.contains("token"),
            "{shown}"
        );
    }
}
