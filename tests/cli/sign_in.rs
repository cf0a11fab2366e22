//! Today's Cognito in `backend/auth.yaml`: the feature plan, passwordless sign-in and passkeys,
//! email MFA, SES and the messages. Each feature renders what CloudFormation expects, and each
//! mismatch (a plan without the feature, a missing attribute or sender, a bad relying party,
//! a message without its placeholder) is a located error: exit 2, nothing written.

use serde_json::{Value, json};

use crate::support::{auth_project, built_template, run, snapshot_tree};

const SES: &str = "\
email:
  ses:
    from: \"Shop <no-reply@shop.example.com>\"
    source_arn: arn:aws:ses:us-east-1:123456789012:identity/shop.example.com
";

fn user_pool(t: &Value) -> &Value {
    &t["Resources"]["UserPool"]["Properties"]
}

/// `auth.yaml` must be refused with every `expected` line, and nothing written.
fn refused(auth: &str, expected: &[&str]) {
    let dir = auth_project(auth);
    let before = snapshot_tree(dir.path());
    let r = run(dir.path(), &["build"]);
    assert_eq!(r.code, 2, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    for e in expected {
        assert!(r.stderr.contains(e), "missing {e:?} in:\n{}", r.stderr);
    }
    assert_eq!(snapshot_tree(dir.path()), before, "nothing written");
}

#[test]
fn passwordless_factors_passkeys_and_plan_render_as_cognito_expects() {
    let dir = auth_project(&format!(
        "\
plan: essentials
login: {{ email: true, phone: true }}
passwordless:
  email_otp: true
  sms_otp: true
  passkeys: {{ relying_party: auth.example.com, user_verification: preferred }}
  preferred: email_otp
{SES}"
    ));
    let t = built_template(dir.path(), "dev");
    let p = user_pool(&t);
    assert_eq!(p["UserPoolTier"], json!("ESSENTIALS"));
    assert_eq!(
        p["Policies"]["SignInPolicy"]["AllowedFirstAuthFactors"],
        json!(["PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"])
    );
    assert_eq!(p["WebAuthnRelyingPartyID"], json!("auth.example.com"));
    assert_eq!(p["WebAuthnUserVerification"], json!("preferred"));
    assert_eq!(
        p["EmailConfiguration"],
        json!({
            "EmailSendingAccount": "DEVELOPER",
            "From": "Shop <no-reply@shop.example.com>",
            "SourceArn": "arn:aws:ses:us-east-1:123456789012:identity/shop.example.com",
        })
    );
    // Codes by text message need the SMS role, as SMS MFA does.
    assert!(p["SmsConfiguration"]["SnsCallerArn"].is_object());
    let flows = &t["Resources"]["UserPoolClientWeb"]["Properties"]["ExplicitAuthFlows"];
    assert_eq!(
        flows,
        &json!([
            "ALLOW_REFRESH_TOKEN_AUTH",
            "ALLOW_USER_AUTH",
            "ALLOW_USER_SRP_AUTH"
        ])
    );
    // Legal, but said: a passkey without user verification is one factor.
    let r = run(dir.path(), &["validate"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("backend/auth.yaml:6:67: passwordless.passkeys.user_verification: a passkey whose device does not verify the user"),
        "{}",
        r.stderr
    );
}

#[test]
fn passkeys_default_to_the_hosted_ui_domain_of_each_environment_and_to_required() {
    let dir = crate::support::project(&[
        (
            "cogform.yaml",
            "project: shop\nenvironments:\n  dev: {}\n  prod: { domain_prefix: shop-live }\n",
        ),
        (
            "backend/auth.yaml",
            "\
passwordless: { passkeys: {} }
hosted_ui: { domain_prefix: shop-auth, callback_urls: ['https://shop.example.com/cb'] }
",
        ),
    ]);
    let dev = built_template(dir.path(), "dev");
    let prod = built_template(dir.path(), "prod");
    assert_eq!(
        user_pool(&dev)["WebAuthnRelyingPartyID"],
        json!({ "Fn::Sub": "shop-auth-dev.auth.${AWS::Region}.amazoncognito.com" })
    );
    assert_eq!(
        user_pool(&prod)["WebAuthnRelyingPartyID"],
        json!({ "Fn::Sub": "shop-live-prod.auth.${AWS::Region}.amazoncognito.com" })
    );
    assert_eq!(
        user_pool(&dev)["WebAuthnUserVerification"],
        json!("required")
    );
    // No plan written: the template names Cognito's default for new pools, so what the pool
    // gets is in the reviewed template.
    assert_eq!(user_pool(&dev)["UserPoolTier"], json!("ESSENTIALS"));
}

#[test]
fn email_mfa_and_own_messages_render_with_ses() {
    let dir = auth_project(&format!(
        "\
mfa: {{ mode: optional, methods: [totp, email] }}
attributes: {{ phone_number: {{}} }}
recovery: email_then_phone
{SES}    reply_to: help@shop.example.com
    configuration_set: auth-mail
  verification: {{ style: code, subject: Confirm, body: 'Code: {{####}}' }}
  invitation: {{ subject: Welcome, body: 'User {{username}}, password {{####}}' }}
  one_time_code: {{ subject: Sign-in code, body: 'Your code: {{####}}' }}
"
    ));
    let t = built_template(dir.path(), "dev");
    let p = user_pool(&t);
    assert_eq!(p["EnabledMfas"], json!(["EMAIL_OTP", "SOFTWARE_TOKEN_MFA"]));
    assert_eq!(p["EmailAuthenticationMessage"], json!("Your code: {####}"));
    assert_eq!(p["EmailAuthenticationSubject"], json!("Sign-in code"));
    assert_eq!(
        p["VerificationMessageTemplate"],
        json!({ "DefaultEmailOption": "CONFIRM_WITH_CODE", "EmailSubject": "Confirm", "EmailMessage": "Code: {####}" })
    );
    assert_eq!(
        p["AdminCreateUserConfig"]["InviteMessageTemplate"],
        json!({ "EmailSubject": "Welcome", "EmailMessage": "User {username}, password {####}" })
    );
    assert_eq!(
        p["EmailConfiguration"]["ReplyToEmailAddress"],
        json!("help@shop.example.com")
    );
    assert_eq!(
        p["EmailConfiguration"]["ConfigurationSet"],
        json!("auth-mail")
    );
}

#[test]
fn every_plan_and_feature_mismatch_is_located_and_names_both() {
    refused(
        &format!(
            "\
plan: lite
passwordless:
  email_otp: true
  passkeys: {{ relying_party: auth.example.com }}
mfa: {{ mode: optional, methods: [email] }}
recovery: admin_only
hosted_ui:
  domain_prefix: shop-auth
  callback_urls: [https://shop.example.com/callback]
  managed_login: true
triggers:
  pre_token_generation: arn:aws:lambda:us-east-1:123456789012:function:claims
  pre_token_generation_version: v3
{SES}"
        ),
        &[
            "backend/auth.yaml:3:14: passwordless.email_otp: sign-in with an email code needs the `essentials` or `plus` plan, and `plan: lite` (line 1) does not include it",
            "backend/auth.yaml:4:13: passwordless.passkeys: passkeys needs the `essentials` or `plus` plan",
            "backend/auth.yaml:5:34: mfa.methods[0]: email MFA needs the `essentials` or `plus` plan",
            "backend/auth.yaml:10:18: hosted_ui.managed_login: managed login needs the `essentials` or `plus` plan",
            "backend/auth.yaml:13:33: triggers.pre_token_generation_version: access-token customization needs the `essentials` or `plus` plan",
            "help: set `plan: essentials`, or remove the feature",
            "5 problems found",
        ],
    );
}

#[test]
fn access_token_customization_selects_the_trigger_event_version() {
    let trigger = "arn:aws:lambda:us-east-1:123456789012:function:claims";
    let t = built_template(
        auth_project(&format!(
            "triggers:\n  pre_token_generation: {trigger}\n  pre_token_generation_version: v2\n"
        ))
        .path(),
        "dev",
    );
    assert_eq!(
        user_pool(&t)["LambdaConfig"],
        json!({
            "PreTokenGenerationConfig": { "LambdaArn": trigger, "LambdaVersion": "V2_0" },
        })
    );
    // Version 1, the default, is the classic trigger: the id token only. The ARN is never
    // under the legacy `PreTokenGeneration` key, which secret scanners take for a leaked token.
    let t = built_template(
        auth_project(&format!("triggers:\n  pre_token_generation: {trigger}\n")).path(),
        "dev",
    );
    assert_eq!(
        user_pool(&t)["LambdaConfig"],
        json!({ "PreTokenGenerationConfig": { "LambdaArn": trigger, "LambdaVersion": "V1_0" } })
    );
    refused(
        "triggers:\n  pre_token_generation_version: v2\n",
        &[
            "backend/auth.yaml:2:33: triggers.pre_token_generation_version: names the event version of a pre-token-generation trigger, and there is none",
            "help: add `triggers.pre_token_generation: { function: NAME }` (or an ARN), or remove the version",
        ],
    );
}

#[test]
fn each_passwordless_factor_needs_its_sign_in_attribute_sender_and_domain() {
    refused(
        "\
login: { email: false, username: true }
passwordless:
  email_otp: true
  sms_otp: true
  passkeys: {}
  preferred: password
",
        &[
            "backend/auth.yaml:3:14: passwordless.email_otp: a code by email signs users in by their email address, which is not a sign-in attribute",
            "backend/auth.yaml:3:14: passwordless.email_otp: sign-in codes by email need the pool to send email through Amazon SES",
            "backend/auth.yaml:4:12: passwordless.sms_otp: a code by text message signs users in by their phone number",
            "backend/auth.yaml:5:13: passwordless.passkeys: passkeys are bound to a domain, and there is neither `relying_party` nor a hosted UI",
        ],
    );
    refused(
        "passwordless: { email_otp: false }\n",
        &["backend/auth.yaml:1:15: passwordless: no passwordless factor is on"],
    );
    refused(
        "passwordless: { passkeys: { relying_party: auth.example.com }, preferred: email_otp }\n",
        &["passwordless.preferred: `email_otp` is preferred but not turned on"],
    );
}

#[test]
fn a_relying_party_is_a_bare_host_name() {
    for (rp, why) in [
        ("https://auth.example.com", "it has a scheme"),
        ("auth.example.com:443", "it has a port, path or query"),
        ("Auth.Example.com", "a host name is dot-separated labels"),
        ("{{ rp }}", "a host name is dot-separated labels"),
    ] {
        refused(
            &format!("passwordless: {{ passkeys: {{ relying_party: '{rp}' }} }}\n"),
            &[&format!(
                "passwordless.passkeys.relying_party: `{rp}` is not a relying party: {why}"
            )],
        );
    }
}

#[test]
fn email_mfa_needs_ses_and_messages_need_their_placeholders() {
    refused(
        "mfa: { mode: required, methods: [email] }\n",
        &[
            "backend/auth.yaml:1:34: mfa.methods[0]: email MFA needs the pool to send email through Amazon SES, as Cognito requires",
        ],
    );
    refused(
        &format!(
            "\
{SES}  verification: {{ subject: Confirm, body: 'Welcome aboard' }}
  invitation: {{ subject: Hi, body: 'Password {{####}}' }}
  one_time_code: {{ subject: Code, body: 'Your code is 1234' }}
"
        ),
        &[
            "email.verification.body: the message must contain `{####}` (the code)",
            "email.invitation.body: the message must contain `{username}` (the user name)",
            "email.one_time_code.body: the message must contain `{####}` (the code)",
            "3 problems found",
        ],
    );
    refused(
        &format!(
            "{SES}  verification: {{ style: link, subject: Confirm, body: 'Click {{####}}' }}\n"
        ),
        &[
            "email.verification.body: a verification link must appear in the body as `{##link text##}`",
            "email.verification.style: a verification link points at the user pool's domain, and there is no hosted UI",
        ],
    );
    refused(
        "email: { one_time_code: { subject: Code, body: 'Code {####}' } }\n",
        &[
            "email.one_time_code: Cognito's default sender sends its own texts: a message of your own needs `email.ses`",
        ],
    );
    refused(
        "\
email:
  ses:
    from: no-reply
    source_arn: arn:aws:ses:us-east-1:1234:identity/shop.example.com
    reply_to: 'Help <help@shop.example.com'
",
        &[
            "backend/auth.yaml:3:11: email.ses.from: `no-reply` is not an email address",
            "email.ses.reply_to: `Help <help@shop.example.com` is neither `address` nor `Name <address>`",
            "email.ses.source_arn: `arn:aws:ses:us-east-1:1234:identity/shop.example.com` is not the ARN of an SES identity",
        ],
    );
}

#[test]
fn hostile_messages_reach_the_template_as_written() {
    let body = "Code {####}: \"quoted\" {{ tera }} !Ref UserPool\nline two — ünïcode ✓";
    let dir = auth_project(&format!(
        "mfa: {{ mode: optional, methods: [email] }}\nrecovery: admin_only\n{SES}  one_time_code: {{ subject: \"a: b\", body: {} }}\n",
        serde_json::to_string(body).unwrap()
    ));
    let t = built_template(dir.path(), "dev");
    assert_eq!(user_pool(&t)["EmailAuthenticationMessage"], json!(body));
    assert_eq!(user_pool(&t)["EmailAuthenticationSubject"], json!("a: b"));
}

#[test]
fn email_mfa_with_email_as_the_only_recovery_is_said() {
    let dir = auth_project(&format!(
        "mfa: {{ mode: optional, methods: [email] }}\n{SES}"
    ));
    let r = run(dir.path(), &["validate"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("backend/auth.yaml:1:34: mfa.methods[0]: a user who turns on email MFA can no longer recover the account by email"),
        "{}",
        r.stderr
    );
}

#[test]
fn threat_protection_renders_add_ons_and_an_activity_log_and_needs_plus() {
    let dir = auth_project(
        "plan: plus\nthreat_protection: { mode: enforced, custom_auth: audit, activity_log_days: 90 }\n",
    );
    let t = built_template(dir.path(), "dev");
    assert_eq!(
        user_pool(&t)["UserPoolAddOns"],
        json!({ "AdvancedSecurityMode": "ENFORCED", "AdvancedSecurityAdditionalFlows": { "CustomAuthMode": "AUDIT" } })
    );
    let logs = &t["Resources"]["UserPoolActivityLogs"];
    assert_eq!(logs["Properties"]["RetentionInDays"], json!(90));
    assert_eq!(
        logs["Properties"]["LogGroupName"],
        json!("/aws/vendedlogs/cognito/test-app-dev/user-activity")
    );
    let delivery = &t["Resources"]["UserPoolActivityLogDelivery"]["Properties"];
    assert_eq!(delivery["UserPoolId"], json!({ "Ref": "UserPool" }));
    assert_eq!(
        delivery["LogConfigurations"][0]["CloudWatchLogsConfiguration"]["LogGroupArn"],
        json!({ "Fn::GetAtt": ["UserPoolActivityLogs", "Arn"] })
    );

    refused(
        "threat_protection: { mode: audit }\n",
        &[
            "backend/auth.yaml:1:1: threat_protection: threat protection needs the `plus` plan, and the default plan (`essentials`) does not include it",
        ],
    );
    refused(
        "plan: essentials\nthreat_protection: { mode: audit, activity_log_days: 10 }\n",
        &[
            "threat_protection: threat protection needs the `plus` plan, and `plan: essentials` does not include it",
            "backend/auth.yaml:2:54: threat_protection.activity_log_days: CloudWatch Logs keeps logs for one of [1, 3, 5",
        ],
    );
    // A plus plan without threat protection is legal, and said.
    let dir = auth_project("plan: plus\n");
    let r = run(dir.path(), &["validate"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "backend/auth.yaml:1:7: plan: the `plus` plan includes threat protection, which is off"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn refresh_token_rotation_replaces_the_refresh_flow() {
    let dir = auth_project(
        "clients:\n  - { name: web, auth_flows: [srp], refresh_token_rotation: { retry_grace_seconds: 10 } }\n",
    );
    let t = built_template(dir.path(), "dev");
    let p = &t["Resources"]["UserPoolClientWeb"]["Properties"];
    assert_eq!(
        p["RefreshTokenRotation"],
        json!({ "Feature": "ENABLED", "RetryGracePeriodSeconds": 10 })
    );
    assert_eq!(p["ExplicitAuthFlows"], json!(["ALLOW_USER_SRP_AUTH"]));
    refused(
        "clients:\n  - { name: web, refresh_token_rotation: {} }\n",
        &[
            "backend/auth.yaml:2:5: clients[0].auth_flows[1]: with refresh token rotation, Cognito refuses REFRESH_TOKEN_AUTH",
        ],
    );
    refused(
        "clients:\n  - { name: web, auth_flows: [srp] }\n",
        &["clients[0].auth_flows: must include `refresh`"],
    );
}

#[test]
fn a_custom_domain_serves_the_hosted_ui_with_managed_login_and_passkeys() {
    let dir = crate::support::project(&[
        (
            "cogform.yaml",
            "project: shop\nenvironments:\n  dev: {}\n  prod:\n    custom_domain: { domain: auth.shop.example.com, certificate_arn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' }\n",
        ),
        (
            "backend/auth.yaml",
            "passwordless: { passkeys: {} }\nhosted_ui: { domain_prefix: shop-auth, callback_urls: ['https://shop.example.com/cb'], managed_login: true }\n",
        ),
    ]);
    let prod = built_template(dir.path(), "prod");
    let domain = &prod["Resources"]["UserPoolDomain"]["Properties"];
    assert_eq!(domain["Domain"], json!("auth.shop.example.com"));
    assert_eq!(
        domain["CustomDomainConfig"],
        json!({ "CertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/abc" })
    );
    assert_eq!(domain["ManagedLoginVersion"], json!(2));
    assert_eq!(
        user_pool(&prod)["WebAuthnRelyingPartyID"],
        json!("auth.shop.example.com")
    );
    assert_eq!(
        prod["Outputs"]["HostedUiDomain"]["Value"],
        json!("auth.shop.example.com")
    );
    assert_eq!(
        prod["Outputs"]["HostedUiCloudFrontDomain"]["Value"],
        json!({ "Fn::GetAtt": ["UserPoolDomain", "CloudFrontDistribution"] })
    );
    let branding = &prod["Resources"]["ManagedLoginBrandingUserPoolClientWeb"]["Properties"];
    assert_eq!(branding["UseCognitoProvidedValues"], json!(true));
    assert_eq!(branding["ClientId"], json!({ "Ref": "UserPoolClientWeb" }));
    let dev = built_template(dir.path(), "dev");
    assert_eq!(
        dev["Resources"]["UserPoolDomain"]["Properties"]["Domain"],
        json!("shop-auth-dev")
    );

    let bad = crate::support::project(&[
        (
            "cogform.yaml",
            "project: shop\nenvironments:\n  prod:\n    custom_domain: { domain: 'https://auth.shop.example.com', certificate_arn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' }\n  test:\n    custom_domain: { domain: auth.test.example.com, certificate_arn: 'arn:aws:iam::123456789012:role/x' }\n",
        ),
        ("backend/auth.yaml", "{}\n"),
    ]);
    let r = run(bad.path(), &["build"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    for expected in [
        "cogform.yaml:4:5: environments.prod.custom_domain: a custom domain serves the hosted UI, and backend/auth.yaml has no `hosted_ui`",
        "environments.prod.custom_domain.domain: `https://auth.shop.example.com` is not a domain: it has a scheme",
        "environments.prod.custom_domain.certificate_arn: the certificate is in eu-west-1, and a Cognito custom domain needs one in us-east-1",
        "environments.test.custom_domain.certificate_arn: `arn:aws:iam::123456789012:role/x` is not the ARN of an ACM certificate",
    ] {
        assert!(
            r.stderr.contains(expected),
            "missing {expected:?} in\n{}",
            r.stderr
        );
    }
    // A relying party other than the custom domain would fail every passkey on its pages.
    let foreign = crate::support::project(&[
        (
            "cogform.yaml",
            "project: shop\nenvironments:\n  dev: {}\n  prod:\n    custom_domain: { domain: auth.shop.example.com, certificate_arn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' }\n",
        ),
        (
            "backend/auth.yaml",
            "passwordless: { passkeys: { relying_party: shop.example.com } }\nhosted_ui: { domain_prefix: shop-auth, callback_urls: ['https://shop.example.com/cb'], managed_login: true }\n",
        ),
    ]);
    let r = run(foreign.path(), &["build"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("backend/auth.yaml:1:44: passwordless.passkeys.relying_party: environment `prod` serves the hosted UI on its custom domain `auth.shop.example.com`, and Cognito then requires passkeys' relying party to be that domain, not `shop.example.com`"),
        "{}",
        r.stderr
    );
}
