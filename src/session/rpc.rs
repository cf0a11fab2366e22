//! The AWS services the session commands call, over HTTPS (rustls): Cognito user pools and
//! identity pools (JSON 1.1 protocol; the calls a signed-out client makes are unsigned) and
//! STS (query protocol, signed).
//!
//! Endpoints as the AWS CLI and SDKs resolve them: `--endpoint-url` for every service, else
//! `AWS_ENDPOINT_URL_<SERVICE>`, else `AWS_ENDPOINT_URL`, else the Region's public endpoint.
//! The environment is read by `cli`, which passes [`Endpoints`].

use std::time::Duration;

use serde_json::Value;

use super::Failure;
use super::sign::{self, Credentials};

/// The services called, with the names their endpoints and targets use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    UserPools,
    IdentityPools,
    Sts,
}

impl Service {
    /// The endpoint prefix (and signing name).
    pub fn prefix(self) -> &'static str {
        match self {
            Service::UserPools => "cognito-idp",
            Service::IdentityPools => "cognito-identity",
            Service::Sts => "sts",
        }
    }

    /// The suffix of `AWS_ENDPOINT_URL_<SERVICE>` (the SDKs' service id, upper snake case).
    pub fn env_suffix(self) -> &'static str {
        match self {
            Service::UserPools => "COGNITO_IDENTITY_PROVIDER",
            Service::IdentityPools => "COGNITO_IDENTITY",
            Service::Sts => "STS",
        }
    }

    fn target_prefix(self) -> &'static str {
        match self {
            Service::UserPools => "AWSCognitoIdentityProviderService",
            Service::IdentityPools => "AWSCognitoIdentityService",
            Service::Sts => "",
        }
    }

    pub const ALL: [Service; 3] = [Service::UserPools, Service::IdentityPools, Service::Sts];
}

/// Where each service is reached.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Endpoints {
    /// `--endpoint-url`: every service.
    pub all: Option<String>,
    /// `AWS_ENDPOINT_URL_<SERVICE>`.
    pub per_service: Vec<(Service, String)>,
    /// `AWS_ENDPOINT_URL`.
    pub default: Option<String>,
}

impl Endpoints {
    pub fn url(&self, service: Service, region: &str) -> String {
        let chosen = self.all.clone().or_else(|| {
            self.per_service
                .iter()
                .find(|(s, _)| *s == service)
                .map(|(_, u)| u.clone())
        });
        match chosen.or_else(|| self.default.clone()) {
            Some(url) => url,
            None => {
                let suffix = if region.starts_with("cn-") {
                    "amazonaws.com.cn"
                } else {
                    "amazonaws.com"
                };
                format!("https://{}.{region}.{suffix}/", service.prefix())
            }
        }
    }
}

/// An error response of a service: its code (`NotAuthorizedException`) and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    pub service: Service,
    pub code: String,
    pub message: String,
    pub status: u16,
}

impl ServiceError {
    pub fn is(&self, code: &str) -> bool {
        self.code == code
    }
}

/// What a call can end in.
#[derive(Debug)]
pub enum CallError {
    /// The service answered with an error.
    Service(ServiceError),
    /// No answer (network, TLS, a non-JSON body).
    Transport(String),
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallError::Service(e) => write!(f, "{} ({})", e.message, e.code),
            CallError::Transport(why) => f.write_str(why),
        }
    }
}

impl CallError {
    pub fn service(&self) -> Option<&ServiceError> {
        match self {
            CallError::Service(e) => Some(e),
            CallError::Transport(_) => None,
        }
    }

    /// As a failure of the command: a service's refusal is the input's (exit 2), the rest is
    /// I/O (exit 4).
    pub fn failure(self, doing: &str) -> Failure {
        match self {
            CallError::Service(e) => Failure::invalid(
                format!("{doing}: {} ({})", e.message, e.code),
                "check the user, the environment and the deployed stack's ids",
            ),
            CallError::Transport(why) => Failure::internal(format!("{doing}: {why}")),
        }
    }
}

/// A raw HTTP answer.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub reason: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// The HTTP client and the endpoints.
pub struct Aws {
    agent: ureq::Agent,
    pub endpoints: Endpoints,
    pub region: String,
}

impl Aws {
    pub fn new(endpoints: Endpoints, region: &str) -> Aws {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .user_agent(concat!("cogform/", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent();
        Aws {
            agent,
            endpoints,
            region: region.to_string(),
        }
    }

    /// One HTTP request (any method, any URL), the answer whatever its status.
    pub fn send(
        &self,
        method: &str,
        url: &str,
        headers: &[(String, String)],
        body: &[u8],
    ) -> Result<Response, CallError> {
        let mut builder = ureq::http::Request::builder().method(method).uri(url);
        for (k, v) in headers {
            builder = builder.header(k.as_str(), v.as_str());
        }
        let request = builder
            .body(body.to_vec())
            .map_err(|e| CallError::Transport(format!("invalid request: {e}")))?;
        let mut response = self
            .agent
            .run(request)
            .map_err(|e| CallError::Transport(transport_message(url, &e)))?;
        let status = response.status();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = response
            .body_mut()
            .with_config()
            .limit(16 * 1024 * 1024)
            .read_to_vec()
            .map_err(|e| CallError::Transport(format!("reading the answer of {url}: {e}")))?;
        Ok(Response {
            status: status.as_u16(),
            reason: status.canonical_reason().unwrap_or("").to_string(),
            headers,
            body,
        })
    }

    /// A JSON 1.1 call (`X-Amz-Target: <prefix>.<action>`), unsigned: what a client with no
    /// AWS credentials may call (sign-in, GetId, GetCredentialsForIdentity, RevokeToken).
    pub fn json(&self, service: Service, action: &str, input: &Value) -> Result<Value, CallError> {
        let url = self.endpoints.url(service, &self.region);
        let headers = vec![
            (
                "content-type".to_string(),
                "application/x-amz-json-1.1".to_string(),
            ),
            (
                "x-amz-target".to_string(),
                format!("{}.{action}", service.target_prefix()),
            ),
        ];
        let body = serde_json::to_vec(input).unwrap_or_default();
        let response = self.send("POST", &url, &headers, &body)?;
        if (200..300).contains(&response.status) {
            return serde_json::from_slice(&response.body).map_err(|_| {
                CallError::Transport(format!("{action}: the answer of {url} is not JSON"))
            });
        }
        Err(CallError::Service(json_error(service, &response)))
    }

    /// STS GetCallerIdentity with `credentials`: the ARN they act as (for identity pool
    /// credentials, `…:assumed-role/<role>/CognitoIdentityCredentials`).
    pub fn caller_arn(&self, credentials: &Credentials) -> Result<String, CallError> {
        let url = self.endpoints.url(Service::Sts, &self.region);
        let body = b"Action=GetCallerIdentity&Version=2011-06-15".to_vec();
        let mut headers = vec![(
            "content-type".to_string(),
            "application/x-www-form-urlencoded; charset=utf-8".to_string(),
        )];
        headers.extend(
            sign::sign(
                &sign::Request {
                    method: "POST",
                    url: &url,
                    headers: &headers,
                    body: &body,
                },
                credentials,
                &self.region,
                "sts",
                std::time::SystemTime::now(),
            )
            .map_err(CallError::Transport)?,
        );
        let response = self.send("POST", &url, &headers, &body)?;
        let text = String::from_utf8_lossy(&response.body);
        if !(200..300).contains(&response.status) {
            return Err(CallError::Service(ServiceError {
                service: Service::Sts,
                code: xml_field(&text, "Code").unwrap_or_else(|| response.status.to_string()),
                message: xml_field(&text, "Message").unwrap_or_default(),
                status: response.status,
            }));
        }
        xml_field(&text, "Arn").ok_or_else(|| {
            CallError::Transport("GetCallerIdentity: the answer names no Arn".to_string())
        })
    }
}

/// The JSON protocol's error: `__type` (maybe `namespace#Code`) and `message`.
fn json_error(service: Service, response: &Response) -> ServiceError {
    let value: Value = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
    let header = response
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("x-amzn-errortype"))
        .map(|(_, v)| v.clone());
    let raw = value["__type"]
        .as_str()
        .map(String::from)
        .or(header)
        .unwrap_or_else(|| format!("HTTP {}", response.status));
    let code = raw
        .rsplit('#')
        .next()
        .unwrap_or(&raw)
        .split(':')
        .next()
        .unwrap_or("")
        .to_string();
    let message = value["message"]
        .as_str()
        .or(value["Message"].as_str())
        .unwrap_or("")
        .to_string();
    ServiceError {
        service,
        code,
        message,
        status: response.status,
    }
}

/// The text of the first `<name>` element (STS answers are small, fixed documents).
fn xml_field(text: &str, name: &str) -> Option<String> {
    let open = format!("<{name}>");
    let start = text.find(&open)? + open.len();
    let end = text[start..].find(&format!("</{name}>"))? + start;
    Some(
        text[start..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
    )
}

fn transport_message(url: &str, e: &ureq::Error) -> String {
    match e {
        ureq::Error::Io(io) => format!("cannot reach {url}: {io}"),
        ureq::Error::Timeout(_) => format!("{url} did not answer in time"),
        other => format!("cannot reach {url}: {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_resolve_as_the_aws_cli_does() {
        let mut e = Endpoints::default();
        assert_eq!(
            e.url(Service::UserPools, "eu-west-1"),
            "https://cognito-idp.eu-west-1.amazonaws.com/"
        );
        assert_eq!(
            e.url(Service::Sts, "cn-north-1"),
            "https://sts.cn-north-1.amazonaws.com.cn/"
        );
        e.default = Some("http://127.0.0.1:1".into());
        e.per_service = vec![(Service::Sts, "http://127.0.0.1:2".into())];
        assert_eq!(e.url(Service::Sts, "x"), "http://127.0.0.1:2");
        assert_eq!(e.url(Service::IdentityPools, "x"), "http://127.0.0.1:1");
        e.all = Some("http://127.0.0.1:3".into());
        assert_eq!(e.url(Service::Sts, "x"), "http://127.0.0.1:3");
    }

    #[test]
    fn json_errors_are_read_from_type_or_header() {
        let r = Response {
            status: 400,
            reason: String::new(),
            headers: vec![],
            body: br#"{"__type":"com.amazonaws.cognito#NotAuthorizedException","message":"Incorrect username or password."}"#.to_vec(),
        };
        let e = json_error(Service::UserPools, &r);
        assert_eq!(e.code, "NotAuthorizedException");
        assert_eq!(e.message, "Incorrect username or password.");
        let r = Response {
            status: 400,
            reason: String::new(),
            headers: vec![(
                "X-Amzn-ErrorType".into(),
                "UserNotFoundException:http://internal".into(),
            )],
            body: b"{}".to_vec(),
        };
        assert_eq!(
            json_error(Service::UserPools, &r).code,
            "UserNotFoundException"
        );
    }

    #[test]
    fn xml_fields_are_unescaped() {
        let doc = "<R><Arn>arn:aws:sts::1:assumed-role/a&amp;b/C</Arn></R>";
        assert_eq!(
            xml_field(doc, "Arn").as_deref(),
            Some("arn:aws:sts::1:assumed-role/a&b/C")
        );
        assert_eq!(xml_field(doc, "Code"), None);
    }
}
