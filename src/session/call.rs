//! A call to the deployed REST API as a user: the URL (path and query percent-encoded), the
//! authorization each route's configuration asks for (SigV4 for `iam`, the id or access token
//! for the Cognito authorizers, nothing for `none`), and the equivalent curl command.

use std::time::SystemTime;

use crate::config::api::Authorizer;
use crate::shell::word as quote;

use super::Failure;
use super::sign::{self, Credentials};

/// How the request is authorized.
pub enum Authorization<'a> {
    SigV4 {
        credentials: &'a Credentials,
        region: &'a str,
    },
    /// The token as the `Authorization` header's value (what API Gateway's Cognito authorizer
    /// reads).
    Token(&'a str),
    Nothing,
}

/// A request ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// `endpoint` (`https://…/stage`) + `path` (`/photos/ünï?q=café`), percent-encoded; and the
/// path decoded, as the routes are written.
pub fn url(endpoint: &str, path: &str) -> Result<(String, String), Failure> {
    if !path.starts_with('/') {
        return Err(Failure::invalid(
            format!("`{path}` is not a path"),
            "give the route's path with its leading slash, e.g. `/photos/42?tag=cats`",
        ));
    }
    let (raw_path, query) = match path.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path, None),
    };
    let encoded_path: Vec<String> = raw_path
        .split('/')
        .map(|s| encode(s, b"!$&'()*+,;=:@-._~"))
        .collect();
    let mut full = format!(
        "{}{}",
        endpoint.trim_end_matches('/'),
        encoded_path.join("/")
    );
    if let Some(q) = query.filter(|q| !q.is_empty()) {
        let pairs: Vec<String> = q
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|pair| match pair.split_once('=') {
                Some((k, v)) => format!("{}={}", encode(k, b"-._~"), encode(v, b"-._~")),
                None => encode(pair, b"-._~"),
            })
            .collect();
        full.push('?');
        full.push_str(&pairs.join("&"));
    }
    Ok((full, decode(raw_path)))
}

/// Builds the request: the user's headers, a content type for a body that has none, and the
/// authorization.
pub fn prepare(
    method: &str,
    url: &str,
    user_headers: &[(String, String)],
    body: Vec<u8>,
    authorization: &Authorization,
    at: SystemTime,
) -> Result<Prepared, Failure> {
    let mut headers: Vec<(String, String)> = user_headers.to_vec();
    let has = |headers: &[(String, String)], name: &str| {
        headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name))
    };
    if !body.is_empty() && !has(&headers, "content-type") {
        headers.push(("content-type".into(), "application/json".into()));
    }
    match authorization {
        Authorization::SigV4 {
            credentials,
            region,
        } => {
            let signed = sign::sign(
                &sign::Request {
                    method,
                    url,
                    headers: &headers,
                    body: &body,
                },
                credentials,
                region,
                "execute-api",
                at,
            )
            .map_err(Failure::internal)?;
            headers.extend(signed);
        }
        Authorization::Token(token) => {
            headers.retain(|(k, _)| !k.eq_ignore_ascii_case("authorization"));
            headers.push(("authorization".into(), token.to_string()));
        }
        Authorization::Nothing => {}
    }
    Ok(Prepared {
        method: method.to_ascii_uppercase(),
        url: url.to_string(),
        headers,
        body,
    })
}

/// An equivalent curl command that prints no secret: credentials and tokens come from the
/// shell (`eval "$(cogform credentials --format env)"`, `$(cogform token id)`), and curl signs
/// with its own `--aws-sigv4`.
pub fn curl(
    method: &str,
    url: &str,
    user_headers: &[(String, String)],
    body: &[u8],
    authorizer: Authorizer,
    region: &str,
    cogform: &Invocation,
) -> String {
    let Invocation { program, options } = cogform;
    let mut lines = Vec::new();
    if authorizer == Authorizer::Iam {
        lines.push(format!(
            "eval \"$({program} credentials{options} --format env)\""
        ));
    }
    let mut parts = vec![
        "curl".to_string(),
        "--request".into(),
        method.to_ascii_uppercase(),
        quote(url),
    ];
    match authorizer {
        Authorizer::Iam => {
            parts.push("--aws-sigv4".into());
            parts.push(quote(&format!("aws:amz:{region}:execute-api")));
            parts.push("--user".into());
            parts.push("\"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\"".into());
            parts.push("--header".into());
            parts.push("\"x-amz-security-token: $AWS_SESSION_TOKEN\"".into());
        }
        Authorizer::CognitoIdToken | Authorizer::CognitoAccessToken => {
            let which = if authorizer == Authorizer::CognitoIdToken {
                "id"
            } else {
                "access"
            };
            parts.push("--header".into());
            parts.push(format!(
                "\"Authorization: $({program} token {which}{options})\""
            ));
        }
        Authorizer::None => {}
    }
    for (k, v) in user_headers {
        parts.push("--header".into());
        parts.push(quote(&format!("{k}: {v}")));
    }
    if !body.is_empty() {
        if !user_headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        {
            parts.push("--header".into());
            parts.push(quote("content-type: application/json"));
        }
        parts.push("--data-binary".into());
        parts.push(quote(&String::from_utf8_lossy(body)));
    }
    lines.push(parts.join(" "));
    lines.join("\n") + "\n"
}

/// How the printed commands run cogform again: `cogform -C DIR` and the options that pick the
/// same deployment and user (` --env dev --user alice`).
pub struct Invocation {
    pub program: String,
    pub options: String,
}

/// Percent-encodes every byte but the unreserved ones and `keep`; an existing `%XX` is kept
/// (the user encoded it already).
fn encode(text: &str, keep: &[u8]) -> String {
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let escaped = b == b'%'
            && bytes.len() > i + 2
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit();
        if b.is_ascii_alphanumeric() || keep.contains(&b) || escaped {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
        i += 1;
    }
    out
}

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_encoded_once_and_routes_see_the_decoded_path() {
        let (url, path) = url(
            "https://x.execute-api.eu-west-1.amazonaws.com/dev/",
            "/photos/ünï code?tag=café&b=a b&flag",
        )
        .unwrap();
        assert_eq!(
            url,
            "https://x.execute-api.eu-west-1.amazonaws.com/dev/photos/%C3%BCn%C3%AF%20code?tag=caf%C3%A9&b=a%20b&flag"
        );
        assert_eq!(path, "/photos/ünï code");
        let (url, path) = super::url("https://h/dev", "/a%20b").unwrap();
        assert_eq!(url, "https://h/dev/a%20b");
        assert_eq!(path, "/a b");
        assert!(super::url("https://h/dev", "photos").is_err());
    }

    #[test]
    fn curl_commands_quote_everything_and_print_no_secret() {
        let text = curl(
            "post",
            "https://h/dev/photos?q=it's",
            &[("x-note".into(), "a \"b\" $HOME".into())],
            b"{\"t\":\"it's\"}",
            Authorizer::Iam,
            "eu-west-1",
            &Invocation {
                program: "cogform -C app".into(),
                options: " --env dev".into(),
            },
        );
        assert!(
            text.starts_with("eval \"$(cogform -C app credentials --env dev --format env)\"\n"),
            "{text}"
        );
        assert!(
            text.contains("--aws-sigv4 aws:amz:eu-west-1:execute-api "),
            "{text}"
        );
        assert!(text.contains("'https://h/dev/photos?q=it'\\''s'"), "{text}");
        assert!(text.contains("--header 'x-note: a \"b\" $HOME'"), "{text}");
        assert!(
            text.contains("--data-binary '{\"t\":\"it'\\''s\"}'"),
            "{text}"
        );
        let token = curl(
            "GET",
            "https://h/dev/me",
            &[],
            b"",
            Authorizer::CognitoIdToken,
            "r",
            &Invocation {
                program: "cogform".into(),
                options: String::new(),
            },
        );
        assert!(
            token.contains("\"Authorization: $(cogform token id)\""),
            "{token}"
        );
    }

    #[test]
    fn token_authorization_replaces_a_user_authorization_header() {
        let p = prepare(
            "get",
            "https://h/dev/me",
            &[("Authorization".into(), "mine".into())],
            Vec::new(),
            &Authorization::Token("tok"),
            SystemTime::now(),
        )
        .unwrap();
        assert_eq!(
            p.headers,
            vec![("authorization".to_string(), "tok".to_string())]
        );
        assert_eq!(p.method, "GET");
    }
}
