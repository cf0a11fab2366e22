//! Machine-to-machine access: resource servers declare scopes, `kind: machine` clients get
//! client-credentials tokens carrying them, routes require them, and `access` names the
//! machine clients a scoped route admits. Every mismatch is a located error.

use serde_json::json;

use crate::support::{auth_project, built_template, copy_example, replace_in, run, snapshot_tree};

const SERVERS: &str = "\
resource_servers:
  - identifier: orders
    name: Orders API
    scopes:
      - { name: read, description: Read orders }
      - { name: write, description: Change orders }
";
const HOSTED_UI: &str =
    "hosted_ui: { domain_prefix: shop-auth, callback_urls: ['https://shop.example.com/cb'] }\n";

fn refused(auth: &str, expected: &[&str]) {
    let dir = auth_project(auth);
    let before = snapshot_tree(dir.path());
    let r = run(dir.path(), &["build"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    for e in expected {
        assert!(r.stderr.contains(e), "missing {e:?} in:\n{}", r.stderr);
    }
    assert_eq!(snapshot_tree(dir.path()), before, "nothing written");
}

#[test]
fn a_machine_client_gets_client_credentials_with_its_scopes_and_no_identity_pool_access() {
    let dir = auth_project(&format!(
        "{SERVERS}{HOSTED_UI}clients:\n  - {{ name: web }}\n  - {{ name: billing, kind: machine, scopes: [orders/write, orders/read] }}\n"
    ));
    let t = built_template(dir.path(), "dev");
    let billing = &t["Resources"]["UserPoolClientBilling"];
    assert_eq!(
        billing["DependsOn"],
        json!(["UserPoolResourceServerOrders"])
    );
    let p = &billing["Properties"];
    assert_eq!(p["GenerateSecret"], json!(true));
    assert_eq!(p["AllowedOAuthFlows"], json!(["client_credentials"]));
    assert_eq!(
        p["AllowedOAuthScopes"],
        json!(["orders/read", "orders/write"])
    );
    assert_eq!(p["ExplicitAuthFlows"], json!(["ALLOW_REFRESH_TOKEN_AUTH"]));
    assert!(p.get("CallbackURLs").is_none());
    let server = &t["Resources"]["UserPoolResourceServerOrders"]["Properties"];
    assert_eq!(server["Identifier"], json!("orders"));
    assert_eq!(
        server["Scopes"],
        json!([
            { "ScopeName": "read", "ScopeDescription": "Read orders" },
            { "ScopeName": "write", "ScopeDescription": "Change orders" }
        ])
    );
    // A machine has no user, so no identity-pool credentials and no role mapping.
    let providers = &t["Resources"]["IdentityPool"]["Properties"]["CognitoIdentityProviders"];
    assert_eq!(providers.as_array().unwrap().len(), 1);
    assert_eq!(
        providers[0]["ClientId"],
        json!({ "Ref": "UserPoolClientWeb" })
    );
    // The app's configuration still names the web client.
    assert_eq!(run(dir.path(), &["validate"]).code, 0);
}

#[test]
fn access_names_the_machine_clients_a_scoped_route_admits() {
    let dir = copy_example("photo-sharing");
    replace_in(
        dir.path(),
        "backend/auth.yaml",
        "hosted_ui:",
        &format!(
            "{SERVERS}clients:\n  - {{ name: web }}\n  - {{ name: reports, kind: machine, scopes: [orders/read] }}\n  - {{ name: sync, kind: machine, scopes: [orders/write] }}\nhosted_ui:"
        ),
    );
    replace_in(
        dir.path(),
        "backend/api/photos.yaml",
        "scopes: [aws.cognito.signin.user.admin]",
        "scopes: [aws.cognito.signin.user.admin, orders/read]",
    );
    assert_eq!(run(dir.path(), &["build"]).code, 0);
    let r = run(dir.path(), &["access"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "COGNITO_USER_POOLS (scopes: aws.cognito.signin.user.admin orders/read); machine clients: reports"
        ),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout.contains("sync"),
        "sync carries no scope of the route"
    );
    let r = run(dir.path(), &["access", "--format", "json"]);
    assert!(
        r.stdout.contains("\"machine_clients\": [\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn machine_client_mistakes_are_located() {
    refused(
        &format!(
            "{SERVERS}clients:\n  - {{ name: web }}\n  - {{ name: bot, kind: machine, scopes: [orders/raed, openid], auth_flows: [refresh, password], callback_urls: ['https://x.example.com'] }}\n"
        ),
        &[
            "backend/auth.yaml:9:24: clients[1].kind: a machine client gets its tokens from the user pool's OAuth token endpoint, which needs a domain: there is no `hosted_ui`",
            "clients[1].scopes[0]: no resource server declares the scope `orders/raed`",
            "did you mean `orders/read`?",
            "clients[1].scopes[1]: `openid` is a user's scope; a machine client acts as itself",
            "clients[1].auth_flows[1]: a machine client signs in with its secret (client credentials), not with `password`",
            "clients[1]: a machine client has no users to redirect",
        ],
    );
    refused(
        &format!(
            "{HOSTED_UI}clients:\n  - {{ name: bot, kind: machine }}\n  - {{ name: web, scopes: [orders/read] }}\n"
        ),
        &[
            "clients[0]: a machine client needs the `scopes` its tokens carry",
            "clients[1].scopes: `scopes` are for `kind: machine` clients",
        ],
    );
    refused(
        "\
resource_servers:
  - { identifier: 'orders.v1', name: A, scopes: [{ name: read, description: r }, { name: read, description: again }] }
  - { identifier: 'orders-v1', name: B, scopes: [{ name: read, description: r }] }
",
        &[
            "resource_servers[0].scopes[1].name: scope `read` is already declared as scopes[0]",
            "resource_servers[1].identifier: this identifier names the same resource as resource_servers[0]",
        ],
    );
}

#[test]
fn a_route_requires_only_scopes_a_token_can_carry() {
    let dir = copy_example("photo-sharing");
    replace_in(
        dir.path(),
        "backend/api/photos.yaml",
        "scopes: [aws.cognito.signin.user.admin]",
        "scopes: [aws.cognito.signin.user.admni, orders/read]",
    );
    let r = run(dir.path(), &["build"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("backend/api/photos.yaml:19:67: paths./admin/{proxy+}.ANY.scopes[0]: no token carries the scope `aws.cognito.signin.user.admni`"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("did you mean `aws.cognito.signin.user.admin`?"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("paths./admin/{proxy+}.ANY.scopes[1]: no token carries the scope `orders/read`: it is neither a standard scope nor declared by a resource server in backend/auth.yaml"), "{}", r.stderr);
}
