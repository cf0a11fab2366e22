//! The API Gateway guarantees on the final template: stages (SEC-20), methods (SEC-16),
//! `execute-api:Invoke` grants to app users (SEC-17), Cognito authorizers (SEC-18) and the
//! Lambda permissions API Gateway invokes through (SEC-19).

use std::collections::BTreeSet;

use serde_json::Value;

use super::{Intent, Template, Violation, is_false, list, push};

/// The verbs an invoke grant or an API Gateway ARN may name.
const VERBS: [&str; 7] = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];

/// The text of a `Fn::Sub` (or a plain string).
fn sub_text(v: &Value) -> Option<&str> {
    v.as_str()
        .or_else(|| v.get("Fn::Sub").and_then(Value::as_str))
}

/// What an `execute-api` ARN of this template's APIs names after the API id: `(stage, rest)`.
/// `None` when the ARN is not `arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/…`
/// for an API of the template.
fn this_api<'v>(arn: &'v str, apis: &BTreeSet<&str>) -> Option<(&'v str, &'v str)> {
    let rest =
        arn.strip_prefix("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${")?;
    let (api, rest) = rest.split_once("}/")?;
    if !apis.contains(api) {
        return None;
    }
    let (stage, rest) = rest.split_once('/').unwrap_or((rest, ""));
    Some((stage, rest))
}

/// Whether `route` is `VERB/path` with a real verb and a path whose every segment is a literal
/// or exactly `*` (a parameter): `items*` would also grant `items-admin`.
fn exact_route(route: &str) -> bool {
    let (verb, path) = route.split_once('/').unwrap_or((route, ""));
    VERBS.contains(&verb)
        && (path.is_empty()
            || path
                .split('/')
                .all(|s| s == "*" || (!s.is_empty() && !s.contains('*'))))
}

impl<'a> Template<'a> {
    fn rest_apis(&self) -> BTreeSet<&'a str> {
        self.of_type("AWS::ApiGateway::RestApi")
            .map(|(id, _)| id)
            .collect()
    }

    /// SEC-17: what app users may invoke names this API, a stage, a verb and a path.
    pub(super) fn invoke_grants(&self, out: &mut Vec<Violation>) {
        let apis = self.rest_apis();
        for (id, st) in self.grants_to_app_users() {
            if st.get("Effect").and_then(Value::as_str) != Some("Allow") {
                continue;
            }
            let invokes = list(st.get("Action"))
                .iter()
                .filter_map(|a| a.as_str())
                .any(|a| a.eq_ignore_ascii_case("execute-api:Invoke"));
            if !invokes {
                continue;
            }
            // An API outside the template is the author's to name (validate warns when its
            // id is hard-coded); this template's APIs are granted exactly.
            for resource in list(st.get("Resource")) {
                let Some(text) = sub_text(resource) else {
                    continue;
                };
                let names_this_api = apis.iter().any(|a| text.contains(&format!("${{{a}}}")));
                let exact = this_api(text, &apis).is_some_and(|(stage, route)| {
                    !stage.is_empty() && !stage.contains('*') && exact_route(route)
                });
                if names_this_api && !exact {
                    push(
                        out,
                        17,
                        id,
                        "an `execute-api:Invoke` grant to app users does not name this template's API, one stage, one verb and an exact path (a `*` stands only for a whole path parameter)",
                    );
                }
            }
        }
    }

    /// SEC-18: a Cognito authorizer trusts only this template's user pools.
    pub(super) fn authorizers(&self, out: &mut Vec<Violation>) {
        let pools: BTreeSet<&str> = self
            .of_type("AWS::Cognito::UserPool")
            .map(|(id, _)| id)
            .collect();
        for (id, authorizer) in self.of_type("AWS::ApiGateway::Authorizer") {
            let p = Self::props(authorizer);
            if p.get("Type").and_then(Value::as_str) != Some("COGNITO_USER_POOLS") {
                continue;
            }
            let providers = list(p.get("ProviderARNs"));
            let own = |v: &&Value| super::get_att_of(v).is_some_and(|pool| pools.contains(pool));
            if providers.is_empty() || !providers.iter().all(own) {
                push(
                    out,
                    18,
                    id,
                    "the Cognito authorizer trusts a user pool that is not this template's: its users' tokens would be accepted",
                );
            }
        }
    }

    /// SEC-19: a Lambda permission for a service is bound to its caller by `SourceArn`; for
    /// API Gateway, to this template's API and a stage.
    pub(super) fn lambda_permissions(&self, out: &mut Vec<Violation>) {
        let apis = self.rest_apis();
        for (id, permission) in self.of_type("AWS::Lambda::Permission") {
            let p = Self::props(permission);
            let principal = p.get("Principal").and_then(Value::as_str).unwrap_or("");
            let source = p.get("SourceArn");
            if principal == "apigateway.amazonaws.com" {
                let bound = source
                    .and_then(sub_text)
                    .and_then(|arn| this_api(arn, &apis))
                    .is_some_and(|(stage, _)| !stage.is_empty() && !stage.contains('*'));
                if !bound {
                    push(
                        out,
                        19,
                        id,
                        "lets API Gateway invoke the function without binding `SourceArn` to this template's API and a stage: any API in the account could call it",
                    );
                }
            } else if principal.ends_with(".amazonaws.com") && source.is_none() {
                push(
                    out,
                    19,
                    id,
                    format!(
                        "lets `{principal}` invoke the function without a `SourceArn`: any resource of that service could call it"
                    ),
                );
            }
        }
    }

    /// SEC-20: what every API stage records and limits.
    pub(super) fn stages(&self, out: &mut Vec<Violation>) {
        for (id, stage) in self.of_type("AWS::ApiGateway::Stage") {
            let p = Self::props(stage);
            if p.get("AccessLogSetting")
                .and_then(|a| a.get("DestinationArn"))
                .is_none()
            {
                push(
                    out,
                    20,
                    id,
                    "no access log (`AccessLogSetting.DestinationArn`)",
                );
            }
            let settings = list(p.get("MethodSettings"));
            if settings
                .iter()
                .any(|s| !is_false(s.get("DataTraceEnabled")))
                || settings.is_empty()
            {
                push(
                    out,
                    20,
                    id,
                    "`DataTraceEnabled` is not false on every method setting: request and response bodies (tokens, personal data) would be logged",
                );
            }
            if !settings.iter().any(|s| {
                s.get("ThrottlingRateLimit").is_some() && s.get("ThrottlingBurstLimit").is_some()
            }) {
                push(
                    out,
                    20,
                    id,
                    "no throttling (`ThrottlingRateLimit` and `ThrottlingBurstLimit`)",
                );
            }
        }
    }
    /// SEC-16.
    pub(super) fn methods(&self, intent: &Intent, out: &mut Vec<Violation>) {
        for (id, method) in self.of_type("AWS::ApiGateway::Method") {
            let p = Self::props(method);
            let verb = p
                .get("HttpMethod")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let auth = p
                .get("AuthorizationType")
                .and_then(Value::as_str)
                .unwrap_or("NONE");
            if verb == "OPTIONS" {
                let mock = p
                    .get("Integration")
                    .and_then(|i| i.get("Type"))
                    .and_then(Value::as_str)
                    == Some("MOCK");
                if !mock && auth == "NONE" {
                    push(
                        out,
                        16,
                        id,
                        "an OPTIONS method without authorization must be a MOCK integration (it would reach the function unauthenticated)",
                    );
                }
                continue;
            }
            let ok = match auth {
                "AWS_IAM" => true,
                "COGNITO_USER_POOLS" | "CUSTOM" => p.get("AuthorizerId").is_some(),
                _ => intent.open_methods.contains(id),
            };
            if !ok {
                push(
                    out,
                    16,
                    id,
                    format!(
                        "`AuthorizationType: {auth}` lets anyone call it, and the configuration does not declare the route `auth: none`"
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Intent, check};
    use serde_json::{Value, json};

    fn one(kind: &str, props: Value) -> Value {
        json!({ "Resources": { "X": { "Type": kind, "Properties": props } } })
    }

    fn rules_broken(t: &Value) -> Vec<u8> {
        check(t, &Intent::default())
            .iter()
            .map(|v| v.rule)
            .collect()
    }

    #[test]
    fn stages_log_access_throttle_and_never_trace_data() {
        let good = json!({
            "AccessLogSetting": { "DestinationArn": { "Fn::GetAtt": ["Logs", "Arn"] } },
            "MethodSettings": [{ "DataTraceEnabled": false, "ThrottlingRateLimit": 100, "ThrottlingBurstLimit": 200 }]
        });
        assert!(rules_broken(&one("AWS::ApiGateway::Stage", good)).is_empty());
        let traced = json!({ "MethodSettings": [{ "DataTraceEnabled": true }] });
        let broken = check(&one("AWS::ApiGateway::Stage", traced), &Intent::default());
        assert_eq!(broken.len(), 3, "{broken:?}");
        assert!(broken.iter().all(|v| v.rule == 20));
    }
    #[test]
    fn routes_are_exact() {
        for good in ["GET/", "GET/items", "DELETE/items/*", "POST/a/*/b"] {
            assert!(super::exact_route(good), "{good}");
        }
        for bad in [
            "*/items",
            "GET/items*",
            "GET/*items",
            "GET//x",
            "FETCH/items",
            "GET/items/",
        ] {
            assert!(!super::exact_route(bad), "{bad}");
        }
    }
}
