//! SEC-10 and SEC-12…20 (storage and API) checked on every rendered example template. The
//! behaviour of the grants (who may do what) is checked by `access`; this checks their form.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::support::{built_template, copy_example, examples};

fn resources<'a>(t: &'a Value, kind: &str) -> Vec<(&'a String, &'a Value)> {
    t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == kind)
        .collect()
}

fn templates() -> Vec<(String, Value)> {
    examples()
        .into_iter()
        .map(|name| {
            let dir = copy_example(&name);
            let t = built_template(dir.path(), "dev");
            (name, t)
        })
        .collect()
}

fn skip_reason<'a>(r: &'a Value, id: &str) -> Option<&'a str> {
    r["Metadata"]["checkov"]["skip"]
        .as_array()?
        .iter()
        .find(|s| s["id"] == id)
        .and_then(|s| s["comment"].as_str())
}

fn statements(doc: &Value) -> Vec<&Value> {
    match &doc["Statement"] {
        Value::Array(a) => a.iter().collect(),
        v @ Value::Object(_) => vec![v],
        _ => Vec::new(),
    }
}

fn as_list(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    }
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(m) if m.contains_key("Fn::Sub") => text_of(&m["Fn::Sub"]),
        Value::Array(a) if !a.is_empty() => text_of(&a[0]),
        other => other.to_string(),
    }
}

#[test]
fn sec13_14_15_buckets_are_hardened_tls_only_and_cors_scoped() {
    let mut buckets_seen = 0;
    for (name, t) in templates() {
        let policies = resources(&t, "AWS::S3::BucketPolicy");
        for (id, b) in resources(&t, "AWS::S3::Bucket") {
            buckets_seen += 1;
            let p = &b["Properties"];
            let pab = &p["PublicAccessBlockConfiguration"];
            for k in [
                "BlockPublicAcls",
                "BlockPublicPolicy",
                "IgnorePublicAcls",
                "RestrictPublicBuckets",
            ] {
                assert_eq!(pab[k], true, "{name}/{id}: {k}");
            }
            assert_eq!(
                p["OwnershipControls"]["Rules"][0]["ObjectOwnership"], "BucketOwnerEnforced",
                "{name}/{id}"
            );
            assert!(
                p["BucketEncryption"]["ServerSideEncryptionConfiguration"].is_array(),
                "{name}/{id}"
            );
            assert_eq!(
                p["VersioningConfiguration"]["Status"], "Enabled",
                "{name}/{id}"
            );
            assert!(p.get("AccessControl").is_none(), "{name}/{id}: no ACLs");
            assert!(
                p["LoggingConfiguration"].is_object()
                    || skip_reason(b, "CKV_AWS_18").is_some_and(|c| c.len() > 20),
                "{name}/{id}: access logging or a written reason"
            );
            assert_eq!(b["DeletionPolicy"], "Retain", "{name}/{id}");
            assert_eq!(b["UpdateReplacePolicy"], "Retain", "{name}/{id}");
            // SEC-14: a policy on this bucket denies plain HTTP, and nothing allows `*`.
            let own: Vec<&Value> = policies
                .iter()
                .filter(|(_, bp)| bp["Properties"]["Bucket"]["Ref"] == id.as_str())
                .map(|(_, bp)| *bp)
                .collect();
            assert_eq!(own.len(), 1, "{name}/{id}: one bucket policy");
            let sts = statements(&own[0]["Properties"]["PolicyDocument"]);
            assert!(
                sts.iter().any(|s| s["Effect"] == "Deny"
                    && s["Condition"]["Bool"]["aws:SecureTransport"] == "false"),
                "{name}/{id}: TLS only"
            );
            assert!(
                !sts.iter()
                    .any(|s| s["Effect"] == "Allow" && s["Principal"] == "*"),
                "{name}/{id}: no Allow to *"
            );
            // SEC-15: CORS origins are explicit, https or localhost, and expose ETag.
            if let Some(rules) = p["CorsConfiguration"]["CorsRules"].as_array() {
                for r in rules {
                    for o in r["AllowedOrigins"].as_array().unwrap() {
                        let o = o.as_str().unwrap();
                        assert!(o != "*" && o != "null", "{name}/{id}: origin {o}");
                        assert!(
                            o.starts_with("https://") || o.starts_with("http://localhost"),
                            "{name}/{id}: origin {o}"
                        );
                    }
                    assert!(
                        r["ExposedHeaders"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .any(|h| h == "ETag"),
                        "{name}/{id}: ETag exposed"
                    );
                }
            }
        }
    }
    assert!(buckets_seen >= 2, "an example with storage is checked");
}

#[test]
fn sec10_12_identity_grants_are_scoped_without_wildcards() {
    for (name, t) in templates() {
        for (id, p) in resources(&t, "AWS::IAM::ManagedPolicy") {
            for s in statements(&p["Properties"]["PolicyDocument"]) {
                assert!(
                    s.get("NotAction").is_none() && s.get("NotResource").is_none(),
                    "{name}/{id}"
                );
                if s["Effect"] != "Allow" {
                    continue;
                }
                for a in as_list(&s["Action"]) {
                    let a = a.as_str().unwrap();
                    assert!(a != "*" && !a.ends_with(":*"), "{name}/{id}: action {a}");
                    assert!(
                        !a.starts_with("iam:") && !a.starts_with("sts:"),
                        "{name}/{id}: action {a}"
                    );
                }
                for r in as_list(&s["Resource"]) {
                    let r = text_of(r);
                    assert_ne!(r, "*", "{name}/{id}");
                    // SEC-10: a private prefix is only ever the caller's own.
                    if r.contains("/private/") {
                        assert!(
                            r.contains("/private/${!cognito-identity.amazonaws.com:sub}/"),
                            "{name}/{id}: {r}"
                        );
                    }
                }
                // SEC-10: listing is always limited by prefix.
                if as_list(&s["Action"]).iter().any(|a| *a == "s3:ListBucket") {
                    let prefixes = s["Condition"]["StringLike"]["s3:prefix"]
                        .as_array()
                        .expect("ListBucket has an s3:prefix condition");
                    for p in prefixes {
                        let p = text_of(p);
                        if p.starts_with("private") {
                            assert!(
                                p.starts_with("private/${cognito-identity.amazonaws.com:sub}/"),
                                "{name}/{id}: {p}"
                            );
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn sec16_to_20_api_methods_grants_permissions_and_stages() {
    let mut methods_seen = 0;
    for (name, t) in templates() {
        let apis: Vec<&String> = resources(&t, "AWS::ApiGateway::RestApi")
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        for (id, m) in resources(&t, "AWS::ApiGateway::Method") {
            methods_seen += 1;
            let p = &m["Properties"];
            if p["HttpMethod"] == "OPTIONS" {
                assert_eq!(p["Integration"]["Type"], "MOCK", "{name}/{id}");
                continue;
            }
            match p["AuthorizationType"].as_str().unwrap() {
                "AWS_IAM" => {}
                "COGNITO_USER_POOLS" => {
                    // SEC-18: the authorizer trusts only this pool.
                    let auth_id = p["AuthorizerId"]["Ref"].as_str().unwrap();
                    let providers = &t["Resources"][auth_id]["Properties"]["ProviderARNs"];
                    assert_eq!(
                        providers,
                        &serde_json::json!([{"Fn::GetAtt": ["UserPool", "Arn"]}]),
                        "{name}/{id}"
                    );
                }
                "NONE" => assert!(
                    skip_reason(m, "CKV_AWS_59").is_some(),
                    "{name}/{id}: open method without a reason"
                ),
                other => panic!("{name}/{id}: {other}"),
            }
            assert_eq!(p["Integration"]["Type"], "AWS_PROXY", "{name}/{id}");
        }
        // SEC-17: execute-api grants name this API, this stage, the verb and the path.
        for (id, pol) in resources(&t, "AWS::IAM::ManagedPolicy") {
            for s in statements(&pol["Properties"]["PolicyDocument"]) {
                if s["Action"] != "execute-api:Invoke" {
                    continue;
                }
                for r in as_list(&s["Resource"]) {
                    let r = text_of(r);
                    let prefix =
                        "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${";
                    assert!(r.starts_with(prefix), "{name}/{id}: {r}");
                    let rest = &r[prefix.len()..];
                    let (api, route) = rest.split_once("}/").unwrap();
                    assert!(apis.iter().any(|a| a.as_str() == api), "{name}/{id}: {api}");
                    let parts: Vec<&str> = route.splitn(3, '/').collect();
                    assert_eq!(parts[0], "dev", "{name}/{id}: stage");
                    assert!(
                        ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "*"].contains(&parts[1]),
                        "{name}/{id}: verb {}",
                        parts[1]
                    );
                    assert!(
                        !parts[2].ends_with('*') || parts[2].ends_with("/*"),
                        "{name}/{id}: {r}"
                    );
                }
            }
        }
        // SEC-19: each permission is bound to this API.
        for (id, perm) in resources(&t, "AWS::Lambda::Permission") {
            let p = &perm["Properties"];
            if p["Principal"] != "apigateway.amazonaws.com" {
                continue;
            }
            let arn = text_of(&p["SourceArn"]);
            assert!(
                apis.iter()
                    .any(|a| arn.contains(&format!(":${{{a}}}/dev/"))),
                "{name}/{id}: {arn}"
            );
        }
        // SEC-20: stages log JSON with the fields that matter, throttle, and never log bodies.
        for (id, stage) in resources(&t, "AWS::ApiGateway::Stage") {
            let p = &stage["Properties"];
            let format = p["AccessLogSetting"]["Format"].as_str().unwrap();
            let fields: Value = serde_json::from_str(format).expect("JSON access log format");
            for f in ["requestId", "sourceIp", "cognitoIdentityId", "status"] {
                assert!(fields.get(f).is_some(), "{name}/{id}: {f}");
            }
            let settings = &p["MethodSettings"][0];
            assert_eq!(settings["DataTraceEnabled"], false);
            assert!(
                settings["ThrottlingRateLimit"].as_u64().unwrap() > 0
                    && settings["ThrottlingBurstLimit"].as_u64().unwrap() > 0
            );
            let log = p["AccessLogSetting"]["DestinationArn"]["Fn::GetAtt"][0]
                .as_str()
                .unwrap();
            assert!(
                t["Resources"][log]["Properties"]["RetentionInDays"]
                    .as_u64()
                    .unwrap()
                    > 0,
                "{name}/{id}"
            );
        }
    }
    assert!(methods_seen >= 5, "an example with an API is checked");
}

/// What an API file asks of browsers, read from the raw YAML (not cogform's typed model):
/// the REST API's name (`<project>-<api>-<env>`) → (allowed origins, allow_any_origin).
fn api_origins(dir: &Path, env: &str) -> BTreeMap<String, (Vec<String>, bool)> {
    let read = |p: &Path| {
        cogform::load::yaml::parse(&std::fs::read_to_string(p).unwrap())
            .unwrap()
            .value
    };
    let project = read(&dir.join("cogform.yaml"))["project"]
        .as_str()
        .unwrap()
        .to_string();
    let mut out = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir.join("backend/api")) else {
        return out;
    };
    for entry in entries.map(Result::unwrap) {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(api) = file.strip_suffix(".yaml") else {
            continue;
        };
        let cfg = read(&entry.path());
        let origins: Vec<String> = cfg["cors"]["allowed_origins"]
            .as_array()
            .map(|a| a.iter().map(|o| o.as_str().unwrap().to_string()).collect())
            .unwrap_or_default();
        let any = cfg["cors"]["allow_any_origin"] == true;
        out.insert(format!("{project}-{api}-{env}"), (origins, any));
    }
    out
}

/// SEC-15 on API Gateway's own responses. An API whose file lists `cors.allowed_origins` has
/// DEFAULT_4XX and DEFAULT_5XX gateway responses whose `Access-Control-Allow-Origin` is the first
/// listed origin as a literal (`*` only with `allow_any_origin`; never a request value such as
/// the caller's own Origin), and its deployment depends on them (a new snapshot picks them up).
/// An API without CORS has none. Every violation, as text naming the resource.
fn gateway_response_problems(
    t: &Value,
    origins: &BTreeMap<String, (Vec<String>, bool)>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (api_id, api) in resources(t, "AWS::ApiGateway::RestApi") {
        let name = api["Properties"]["Name"].as_str().unwrap_or_default();
        let Some((configured, any)) = origins.get(name) else {
            out.push(format!("{api_id}: no API file for `{name}`"));
            continue;
        };
        let responses: Vec<(&String, &Value)> = resources(t, "AWS::ApiGateway::GatewayResponse")
            .into_iter()
            .filter(|(_, r)| r["Properties"]["RestApiId"]["Ref"] == api_id.as_str())
            .collect();
        if configured.is_empty() {
            if !responses.is_empty() {
                out.push(format!(
                    "{api_id}: gateway responses without configured origins"
                ));
            }
            continue;
        }
        let mut types: Vec<&str> = responses
            .iter()
            .filter_map(|(_, r)| r["Properties"]["ResponseType"].as_str())
            .collect();
        types.sort();
        if types != ["DEFAULT_4XX", "DEFAULT_5XX"] {
            out.push(format!("{api_id}: gateway responses {types:?}"));
        }
        let expected = format!("'{}'", configured[0]);
        for (id, r) in &responses {
            let headers = &r["Properties"]["ResponseParameters"];
            let origin = headers["gatewayresponse.header.Access-Control-Allow-Origin"]
                .as_str()
                .unwrap_or_default();
            if origin == "'*'" && !any {
                out.push(format!("{id}: `*` without allow_any_origin"));
            } else if !origin.starts_with('\'') {
                out.push(format!("{id}: origin from the request ({origin})"));
            } else if origin != expected {
                out.push(format!(
                    "{id}: origin {origin}, expected the first configured one, {expected}"
                ));
            }
        }
        for (dep_id, dep) in resources(t, "AWS::ApiGateway::Deployment") {
            if dep["Properties"]["RestApiId"]["Ref"] != api_id.as_str() {
                continue;
            }
            for (id, _) in &responses {
                let waits = dep["DependsOn"]
                    .as_array()
                    .is_some_and(|d| d.iter().any(|x| x == id.as_str()));
                if !waits {
                    out.push(format!("{dep_id}: does not depend on {id}"));
                }
            }
        }
    }
    out
}

#[test]
fn sec15_gateway_responses_carry_the_configured_origin() {
    let mut checked = 0;
    for name in examples() {
        let dir = copy_example(&name);
        let origins = api_origins(dir.path(), "dev");
        let t = built_template(dir.path(), "dev");
        assert_eq!(
            gateway_response_problems(&t, &origins),
            Vec::<String>::new(),
            "{name}"
        );
        checked += resources(&t, "AWS::ApiGateway::GatewayResponse").len();
    }
    assert!(checked >= 2, "an example with browser origins is checked");
}

#[test]
fn sec15_gateway_response_checker_catches_widened_or_stale_responses() {
    let dir = copy_example("photo-sharing");
    let origins = api_origins(dir.path(), "dev");
    let t = built_template(dir.path(), "dev");
    assert!(gateway_response_problems(&t, &origins).is_empty());
    let (first, others) = origins.values().next().unwrap().0.split_first().unwrap();
    let id = resources(&t, "AWS::ApiGateway::GatewayResponse")[0]
        .0
        .clone();
    let header = "gatewayresponse.header.Access-Control-Allow-Origin";
    let mutated = |change: &dyn Fn(&mut Value)| {
        let mut m = t.clone();
        change(&mut m);
        gateway_response_problems(&m, &origins)
    };
    let with_origin = |value: String| {
        mutated(&|m: &mut Value| {
            m["Resources"][&id]["Properties"]["ResponseParameters"][header] =
                Value::from(value.clone());
        })
    };
    assert!(with_origin("'*'".into())[0].contains("without allow_any_origin"));
    assert!(with_origin("method.request.header.Origin".into())[0].contains("from the request"));
    assert!(with_origin("'https://evil.example.com'".into())[0].contains("expected the first"));
    assert!(with_origin(format!("'{}'", others[0]))[0].contains("expected the first"));
    assert!(with_origin(format!("'{first}'")).is_empty());
    let gone = mutated(&|m: &mut Value| {
        m["Resources"].as_object_mut().unwrap().remove(&id);
    });
    assert!(gone[0].contains("gateway responses [\""), "{gone:?}");
    let not_waiting = mutated(&|m: &mut Value| {
        let deps = m["Resources"]
            .as_object_mut()
            .unwrap()
            .values_mut()
            .find(|r| r["Type"] == "AWS::ApiGateway::Deployment")
            .unwrap();
        deps["DependsOn"]
            .as_array_mut()
            .unwrap()
            .retain(|d| d != id.as_str());
    });
    assert!(
        not_waiting[0].contains("does not depend on"),
        "{not_waiting:?}"
    );
    // An API whose file lists no origin has no gateway response.
    let mut none = origins.clone();
    none.values_mut().for_each(|v| v.0.clear());
    assert!(gateway_response_problems(&t, &none)[0].contains("without configured origins"));
}

/// The managed policies (storage and API grants) attached to a role, by logical id.
fn policies_of<'a>(t: &'a Value, role: &str) -> Vec<&'a String> {
    resources(t, "AWS::IAM::ManagedPolicy")
        .into_iter()
        .filter(|(_, p)| {
            as_list(&p["Properties"]["Roles"])
                .iter()
                .any(|r| r["Ref"] == role)
        })
        .map(|(id, _)| id)
        .collect()
}

/// Every role mapping's `AmbiguousRoleResolution`, and the role attached as `authenticated`.
fn attachment(t: &Value) -> (Vec<String>, String) {
    let (_, a) = resources(t, "AWS::Cognito::IdentityPoolRoleAttachment")
        .into_iter()
        .next()
        .expect("an identity pool role attachment");
    let p = &a["Properties"];
    let resolutions = p["RoleMappings"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(_, m)| {
            m["AmbiguousRoleResolution"]
                .as_str()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    let role = p["Roles"]["authenticated"]["Fn::GetAtt"][0]
        .as_str()
        .unwrap_or("")
        .to_string();
    (resolutions, role)
}

/// SEC-06 (corrected 2026-12-02) seen from storage and API: with group roles chosen from the
/// token, a signed-in user in no group gets the authenticated role (`AuthenticatedRole`), so the
/// storage and API grants written for `authenticated` reach that user too; `Deny` (no
/// credentials) only in a project that asks for it. The access matrix checks the decisions.
#[test]
fn sec06_users_in_no_group_reach_the_authenticated_storage_and_api_grants() {
    let mut mapped = 0;
    for (name, t) in templates() {
        let (resolutions, role) = attachment(&t);
        for r in &resolutions {
            assert_eq!(
                r, "AuthenticatedRole",
                "{name}: users in no group are denied"
            );
        }
        if !resolutions.is_empty() && name == "photo-sharing" {
            mapped += 1;
            // The example grants `authenticated` storage and API access: the role that users
            // in no group get carries both policies.
            assert_eq!(
                policies_of(&t, &role),
                [
                    "ApiPhotosAuthenticatedPolicy",
                    "StorageMediaAuthenticatedPolicy"
                ],
                "{name}"
            );
        }
    }
    assert_eq!(mapped, 1, "photo-sharing has groups with roles and grants");

    // Asked for: `Deny` for every client, and the grants stay on the authenticated role (which
    // group roles inherit) rather than disappearing.
    let dir = copy_example("photo-sharing");
    let auth = std::fs::read_to_string(dir.path().join("backend/auth.yaml")).unwrap();
    std::fs::write(
        dir.path().join("backend/auth.yaml"),
        format!("{auth}  users_without_group: no_credentials\n"),
    )
    .unwrap();
    let t = built_template(dir.path(), "dev");
    let (resolutions, role) = attachment(&t);
    assert_eq!(resolutions, ["Deny"]);
    assert_eq!(policies_of(&t, &role).len(), 2);
}
