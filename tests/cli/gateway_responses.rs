//! Browser-ready SigV4 APIs: API Gateway's own 4XX/5XX responses carry the CORS headers of the
//! API's configured origins (one origin: the first listed), the deployment depends on them,
//! several origins are noted, and `add api --cors-origins` feeds them.

use serde_json::Value;

use crate::support::{built_template, project, run};

const ARN: &str = "arn:aws:lambda:eu-west-1:123456789012:function:shop";

fn api(cors: &str) -> String {
    format!(
        "functions:\n  shop: {{ arn: \"{ARN}\" }}\npaths:\n  /items:\n    GET: {{ function: shop, auth: iam, allow: [authenticated] }}\n{cors}"
    )
}

fn gateway_responses(t: &Value) -> Vec<(&String, &Value)> {
    t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::ApiGateway::GatewayResponse")
        .collect()
}

fn deployment(t: &Value) -> (&String, &Value) {
    t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, r)| r["Type"] == "AWS::ApiGateway::Deployment")
        .unwrap()
}

#[test]
fn default_4xx_and_5xx_name_the_first_origin_and_the_deployment_waits_for_them() {
    let dir = project(&[
        ("backend/auth.yaml", "{}\n"),
        (
            "backend/api/shop.yaml",
            &api("cors:\n  allowed_origins: [https://shop.example.com, http://localhost:5173]\n"),
        ),
    ]);
    let r = run(dir.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !r.stderr.contains("note:"),
        "deployed origin first: {}",
        r.stderr
    );
    let t = built_template(dir.path(), "dev");
    let responses = gateway_responses(&t);
    let mut types: Vec<&str> = responses
        .iter()
        .map(|(_, r)| r["Properties"]["ResponseType"].as_str().unwrap())
        .collect();
    types.sort();
    assert_eq!(types, ["DEFAULT_4XX", "DEFAULT_5XX"]);
    let (_, dep) = deployment(&t);
    for (id, r) in &responses {
        let p = &r["Properties"];
        assert_eq!(p["RestApiId"]["Ref"], "ApiShop", "{id}");
        assert_eq!(
            p["ResponseParameters"],
            serde_json::json!({
                "gatewayresponse.header.Access-Control-Allow-Origin": "'https://shop.example.com'",
                "gatewayresponse.header.Access-Control-Expose-Headers": "'x-amzn-ErrorType,x-amzn-RequestId'",
            }),
            "{id}"
        );
        assert!(
            dep["DependsOn"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d == id.as_str()),
            "the deployment waits for {id}"
        );
    }
}

#[test]
fn a_development_origin_listed_first_is_noted() {
    let dir = project(&[
        ("backend/auth.yaml", "{}\n"),
        (
            "backend/api/shop.yaml",
            &api("cors:\n  allowed_origins: [http://localhost:5173, https://shop.example.com]\n"),
        ),
    ]);
    for command in ["validate", "build"] {
        let r = run(dir.path(), &[command]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(
            r.stderr.starts_with(
                "note: backend/api/shop.yaml:7:20: cors.allowed_origins: API Gateway's own error \
                 responses (bad signature, missing or expired token, access denied, throttled, 5XX) \
                 can name one origin, the first listed: `http://localhost:5173`, a development \
                 origin; a page on `https://shop.example.com` would see a CORS error instead of \
                 their status\n  help: list the deployed origin first"
            ),
            "{command}: {}",
            r.stderr
        );
    }
    let t = built_template(dir.path(), "dev");
    for (id, r) in gateway_responses(&t) {
        assert_eq!(
            r["Properties"]["ResponseParameters"]["gatewayresponse.header.Access-Control-Allow-Origin"],
            "'http://localhost:5173'",
            "{id}: as written, even so"
        );
    }
}

#[test]
fn the_deployment_changes_with_the_error_origin_and_not_without_cors() {
    let dir = project(&[
        ("backend/auth.yaml", "{}\n"),
        (
            "backend/api/shop.yaml",
            &api("cors:\n  allowed_origins: [https://a.example.com]\n"),
        ),
    ]);
    let t = built_template(dir.path(), "dev");
    let first = deployment(&t).0.clone();
    assert_eq!(gateway_responses(&t).len(), 2);
    let r = run(dir.path(), &["validate"]);
    assert_eq!(r.code, 0);
    assert!(!r.stderr.contains("note:"), "one origin: nothing to note");
    // Another origin: new gateway responses, hence a new deployment (a new snapshot).
    crate::support::write(
        dir.path(),
        "backend/api/shop.yaml",
        api("cors:\n  allowed_origins: [https://b.example.com]\n"),
    );
    let t = built_template(dir.path(), "dev");
    assert_ne!(deployment(&t).0, &first);
    // No CORS: no gateway response, and none of the headers anywhere.
    crate::support::write(dir.path(), "backend/api/shop.yaml", api(""));
    let t = built_template(dir.path(), "dev");
    assert!(gateway_responses(&t).is_empty());
    assert!(!t.to_string().contains("Access-Control-Allow-Origin"));
}

#[test]
fn any_origin_only_when_asked_and_a_star_is_refused_otherwise() {
    let dir = project(&[
        ("backend/auth.yaml", "{}\n"),
        (
            "backend/api/shop.yaml",
            &api("cors:\n  allowed_origins: [\"*\"]\n  allow_any_origin: true\n"),
        ),
    ]);
    let t = built_template(dir.path(), "dev");
    for (id, r) in gateway_responses(&t) {
        assert_eq!(
            r["Properties"]["ResponseParameters"]["gatewayresponse.header.Access-Control-Allow-Origin"],
            "'*'",
            "{id}"
        );
    }
    crate::support::write(
        dir.path(),
        "backend/api/shop.yaml",
        api("cors:\n  allowed_origins: [\"*\", \"null\"]\n"),
    );
    let r = run(dir.path(), &["build"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("cors.allowed_origins[0]"), "{}", r.stderr);
    assert!(r.stderr.contains("cors.allowed_origins[1]"), "{}", r.stderr);
}

#[test]
fn add_api_cors_origins_flag_feeds_the_gateway_responses() {
    let dir = project(&[("backend/auth.yaml", "{}\n")]);
    let add = |origins: &str| {
        run(
            dir.path(),
            &[
                "add",
                "api",
                "shop",
                "--yes",
                "--function",
                &format!("shop={ARN}"),
                "--route",
                "GET /items allow=authenticated",
                "--cors-origins",
                origins,
            ],
        )
    };
    // Refused as typed, with validate's message; nothing written.
    let r = add("http://shop.example.com");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("--cors-origins `http://shop.example.com`: origin uses http"),
        "{}",
        r.stderr
    );
    assert!(!dir.path().join("backend/api/shop.yaml").exists());
    let r = add("https://shop.example.com, http://localhost:5173");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(dir.path().join("backend/api/shop.yaml")).unwrap();
    assert!(
        text.contains(
            "cors: { allowed_origins: [https://shop.example.com, http://localhost:5173] }"
        ),
        "{text}"
    );
    let t = built_template(dir.path(), "dev");
    let responses = gateway_responses(&t);
    assert_eq!(responses.len(), 2);
    for (_, r) in responses {
        assert_eq!(
            r["Properties"]["ResponseParameters"]["gatewayresponse.header.Access-Control-Allow-Origin"],
            "'https://shop.example.com'"
        );
    }
}
