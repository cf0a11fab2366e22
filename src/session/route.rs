//! Which route of `backend/api/<name>.yaml` a request meets, as API Gateway chooses it (a
//! literal segment before a `{param}`, a `{param}` before a `{proxy+}`; the method before
//! `ANY`), and so how the request must be authorized.

use crate::config::api::{ApiConfig, Authorizer, Method};

/// The route a request meets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route<'a> {
    /// The configured path (`/photos/{id}`).
    pub path: &'a str,
    /// The configured method (`GET`, or `ANY`).
    pub method: &'static str,
    pub config: &'a Method,
}

impl Route<'_> {
    pub fn authorizer(&self) -> Authorizer {
        self.config.auth
    }
}

/// The route of `api` that `method` `path` (no query, not percent-encoded) meets.
pub fn find<'a>(api: &'a ApiConfig, method: &str, path: &str) -> Option<Route<'a>> {
    let method = method.to_ascii_uppercase();
    let wanted = segments(path);
    let mut best: Option<(Vec<u8>, Route<'a>)> = None;
    for (template, methods) in &api.paths {
        let Some(rank) = matches(&segments(template), &wanted) else {
            continue;
        };
        let chosen = methods
            .iter()
            .find(|(m, _)| m.as_str() == method)
            .or_else(|| methods.iter().find(|(m, _)| m.as_str() == "ANY"));
        let Some((m, config)) = chosen else { continue };
        let route = Route {
            path: template,
            method: m.as_str(),
            config,
        };
        // Lower ranks are more specific; ties cannot happen between distinct templates.
        if best.as_ref().is_none_or(|(r, _)| rank < *r) {
            best = Some((rank, route));
        }
    }
    best.map(|(_, r)| r)
}

/// Every `METHOD path` of `api`, for "did you mean" and the error's list.
pub fn all(api: &ApiConfig) -> Vec<String> {
    api.paths
        .iter()
        .flat_map(|(p, ms)| ms.keys().map(move |m| format!("{} {p}", m.as_str())))
        .collect()
}

fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// Whether `template`'s segments match `path`'s, with a rank per segment (0 literal,
/// 1 parameter, 2 greedy) compared lexicographically: the most specific template wins.
fn matches(template: &[&str], path: &[&str]) -> Option<Vec<u8>> {
    let mut rank = Vec::new();
    for (i, t) in template.iter().enumerate() {
        if t.starts_with('{') && t.ends_with("+}") {
            // A greedy parameter takes one segment or more, and is always last.
            return (path.len() > i).then(|| {
                rank.push(2);
                rank
            });
        }
        let p = path.get(i)?;
        if t.starts_with('{') && t.ends_with('}') {
            rank.push(1);
        } else if t == p {
            rank.push(0);
        } else {
            return None;
        }
    }
    (template.len() == path.len()).then_some(rank)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api() -> ApiConfig {
        let yaml = r#"
functions:
  f: { arn: "arn:aws:lambda:eu-west-1:123456789012:function:f" }
paths:
  /photos:
    GET: { function: f, auth: iam, allow: [guest] }
    POST: { function: f, auth: iam, allow: [EDITORS] }
  /photos/{id}:
    GET: { function: f, auth: iam, allow: [guest] }
  /photos/recent:
    GET: { function: f, auth: cognito_id_token }
  /admin/{proxy+}:
    ANY: { function: f, auth: cognito_access_token, scopes: [s] }
  /me:
    GET: { function: f, auth: none }
"#;
        let value = crate::load::yaml::parse(yaml).unwrap().value;
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn the_most_specific_route_and_method_win() {
        let api = api();
        let r = find(&api, "get", "/photos/recent").unwrap();
        assert_eq!((r.path, r.method), ("/photos/recent", "GET"));
        let r = find(&api, "GET", "/photos/42").unwrap();
        assert_eq!(r.path, "/photos/{id}");
        let r = find(&api, "POST", "/photos/").unwrap();
        assert_eq!((r.path, r.authorizer()), ("/photos", Authorizer::Iam));
        let r = find(&api, "DELETE", "/admin/users/7").unwrap();
        assert_eq!((r.path, r.method), ("/admin/{proxy+}", "ANY"));
        assert_eq!(
            find(&api, "GET", "/admin"),
            None,
            "a greedy parameter needs a segment"
        );
        assert_eq!(find(&api, "DELETE", "/photos/1"), None);
        assert_eq!(find(&api, "GET", "/nothing"), None);
        assert_eq!(
            find(&api, "GET", "/me").unwrap().authorizer(),
            Authorizer::None
        );
        assert!(all(&api).contains(&"POST /photos".to_string()));
    }
}
