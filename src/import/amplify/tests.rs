//! The fixtures of tests/fixtures/amplify/ imported, checked setting by setting.

use super::*;

/// A fixture project read the way `cogform import amplify` reads a folder: every file under
/// `amplify/` (json, ts, js; no node_modules) and `src/aws-exports.js`.
pub fn fixture(name: &str) -> SourceTree {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/amplify")
        .join(name);
    let mut tree = SourceTree::new();
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let wanted = (rel.starts_with("amplify/")
            && !rel.contains("node_modules/")
            && [".json", ".ts", ".js"].iter().any(|e| rel.ends_with(e)))
            || rel == AWS_EXPORTS;
        if wanted {
            tree.insert(rel, std::fs::read_to_string(entry.path()).unwrap());
        }
    }
    tree
}

/// Writes the import as `cogform import` would and loads and validates it like any project.
fn validate(imported: &Imported) -> Vec<String> {
    let dir = tempfile::TempDir::new().unwrap();
    for f in crate::import::write::files(imported, "cogform import amplify") {
        let path = dir.path().join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, f.content).unwrap();
    }
    match crate::validate::load_valid(dir.path()) {
        Ok(_) => Vec::new(),
        Err(crate::load::LoadError::Invalid(d)) => d.iter().map(|d| d.to_string()).collect(),
        Err(e) => vec![e.to_string()],
    }
}

fn import(name: &str) -> Imported {
    let i = from_amplify(&fixture(name)).unwrap_or_else(|p| panic!("{name}: {p:?}"));
    assert_eq!(
        validate(&i),
        Vec::<String>::new(),
        "{name} does not validate"
    );
    // The configuration round-trips through serde.
    let json = serde_json::to_value(&i.project).unwrap();
    assert_eq!(
        serde_json::from_value::<ProjectConfig>(json).unwrap(),
        i.project
    );
    if let Some(a) = &i.auth {
        let json = serde_json::to_value(a).unwrap();
        assert_eq!(
            &serde_json::from_value::<crate::config::auth::AuthConfig>(json).unwrap(),
            a
        );
    }
    for s in i.storage.values() {
        let json = serde_json::to_value(s).unwrap();
        assert_eq!(
            &serde_json::from_value::<crate::config::storage::StorageConfig>(json).unwrap(),
            s
        );
    }
    for a in i.apis.values() {
        let json = serde_json::to_value(a).unwrap();
        assert_eq!(
            &serde_json::from_value::<crate::config::api::ApiConfig>(json).unwrap(),
            a
        );
    }
    // Sorted, no duplicates.
    let mut sorted = i.findings.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, i.findings);
    i
}

/// (kind, file, key) of every finding.
fn keys(i: &Imported) -> Vec<(FindingKind, String, String)> {
    i.findings
        .iter()
        .map(|f| (f.kind, f.file.clone(), f.key.clone()))
        .collect()
}

fn nc(file: &str, key: &str) -> (FindingKind, String, String) {
    (FindingKind::NotCarried, file.to_string(), key.to_string())
}

fn adopt(i: &Imported, env: &str) -> crate::config::project::Adopt {
    i.project.environments[env].adopt.clone().unwrap()
}

#[test]
fn email_sign_in_with_groups() {
    let i = import("email-groups");
    let a = i.auth.as_ref().unwrap();
    assert_eq!(i.project.project, "emailgroups");
    assert!(a.login.email && !a.login.phone && !a.login.username && !a.login.case_sensitive);
    assert_eq!(a.password.min_length, 8);
    assert_eq!(
        a.password.require,
        [
            crate::config::auth::CharClass::Lowercase,
            crate::config::auth::CharClass::Numbers
        ]
    );
    assert_eq!(a.mfa.mode, crate::config::auth::MfaMode::Off);
    let groups: Vec<(&str, u32)> = a
        .groups
        .iter()
        .map(|g| (g.name.as_str(), g.precedence))
        .collect();
    assert_eq!(groups, [("Admins", 1), ("Editors", 2)]);
    assert!(!a.identity_pool.groups_inherit_authenticated);
    let clients: Vec<(&str, crate::config::auth::ClientKind, u32)> = a
        .clients
        .iter()
        .map(|c| (c.name.as_str(), c.kind, c.refresh_token_days))
        .collect();
    assert_eq!(
        clients,
        [
            (
                "emailg1a2b3c4d_app_clientWeb",
                crate::config::auth::ClientKind::Web,
                90
            ),
            (
                "emailg1a2b3c4d_app_client",
                crate::config::auth::ClientKind::Native,
                90
            ),
        ]
    );
    assert!(a.hosted_ui.is_none());
    let dev = adopt(&i, "dev");
    assert_eq!(
        dev.user_pool.as_deref(),
        Some("emailgroups1a2b3c4d_userpool_1a2b3c4d-dev")
    );
    assert_eq!(
        dev.identity_pool.as_deref(),
        Some("emailgroups1a2b3c4d_identitypool_1a2b3c4d__dev")
    );
    let prod = adopt(&i, "prod");
    assert_eq!(
        prod.user_pool.as_deref(),
        Some("emailgroups1a2b3c4d_userpool_1a2b3c4d-prod")
    );
    assert_eq!(
        prod.identity_pool.as_deref(),
        Some("emailgroups1a2b3c4d_identitypool_1a2b3c4d__prod")
    );
    let live = &i.live["dev"];
    assert_eq!(i.live.keys().collect::<Vec<_>>(), ["dev"]);
    assert_eq!(live.user_pool_id.as_deref(), Some("us-east-1_FAKEgrp01"));
    assert_eq!(
        live.identity_pool_id.as_deref(),
        Some("us-east-1:00000000-0000-4000-8000-00000000e001")
    );
    assert_eq!(live.region.as_deref(), Some("us-east-1"));
    assert_eq!(
        live.clients["emailg1a2b3c4d_app_clientWeb"],
        "1fakewebclient0000000000aa"
    );
    assert_eq!(
        live.clients["emailg1a2b3c4d_app_client"],
        "1fakenativeclient0000000aa"
    );
    let ci = "amplify/backend/auth/emailgroups1a2b3c4d/cli-inputs.json";
    assert_eq!(
        keys(&i),
        [
            nc(ci, "cognitoConfig.emailVerificationMessage"),
            nc(ci, "cognitoConfig.emailVerificationSubject"),
            nc(ci, "cognitoConfig.passwordPolicyMinLength"),
            nc(BACKEND_CONFIG, "hosting.amplifyhosting"),
        ]
    );
    assert_eq!(
        i.sources[AUTH_FILE],
        [ci.to_string(), GROUP_PRECEDENCE.to_string()]
    );
    assert_eq!(
        i.sources[PROJECT_FILE],
        [PROJECT_CONFIG, TEAM_PROVIDER_INFO, AMPLIFY_META]
    );
}

const SECRETS: [&str; 4] = [
    "FAKE-fb-dev-secret-7f3e1d",
    "FAKE-google-dev-secret-9c2b4a",
    "FAKE-fb-prod-secret-5a6b7c",
    "FAKE-google-prod-secret-d4e5f6",
];

#[test]
fn username_aliases_case_sensitive_sms_mfa_hosted_ui_and_social_providers() {
    let tree = fixture("username-social");
    for s in SECRETS {
        assert!(
            tree[TEAM_PROVIDER_INFO].contains(s),
            "the fixture holds {s}"
        );
    }
    let i = import("username-social");
    let a = i.auth.as_ref().unwrap();
    assert!(a.login.username && a.login.email && a.login.phone && a.login.case_sensitive);
    assert_eq!(a.mfa.mode, crate::config::auth::MfaMode::Optional);
    assert_eq!(
        a.mfa.methods,
        Some(vec![
            crate::config::auth::MfaMethod::Sms,
            crate::config::auth::MfaMethod::Totp
        ])
    );
    assert_eq!(a.password.min_length, 10);
    assert_eq!(a.recovery, crate::config::auth::Recovery::PhoneThenEmail);
    let h = a.hosted_ui.as_ref().unwrap();
    assert_eq!(h.domain_prefix, "usernamesocialab12cd34-ab12cd34");
    assert_eq!(
        h.callback_urls,
        ["https://app.example.com/", "http://localhost:3000/"]
    );
    assert_eq!(
        h.logout_urls,
        ["https://app.example.com/signout/", "http://localhost:3000/"]
    );
    assert_eq!(h.scopes.len(), 5);
    let google = a.providers.google.as_ref().unwrap();
    assert_eq!(
        google.client_id,
        crate::config::common::TextOrSecret::Text(
            "fake-dev-1111.apps.googleusercontent.com".into()
        )
    );
    assert_eq!(google.client_secret.secret, "usernamesocial/google");
    assert_eq!(google.client_secret.key.as_deref(), Some("client_secret"));
    assert_eq!(
        google.scopes,
        Some(vec!["openid".into(), "email".into(), "profile".into()])
    );
    assert_eq!(
        google
            .attributes
            .as_ref()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["email", "given_name"]
    );
    let facebook = a.providers.facebook.as_ref().unwrap();
    assert_eq!(
        facebook.client_id,
        crate::config::common::TextOrSecret::Text("1111111111111111".into())
    );
    assert_eq!(facebook.client_secret.secret, "usernamesocial/facebook");
    assert_eq!(
        facebook.scopes,
        Some(vec!["email".into(), "public_profile".into()])
    );
    assert!(a.providers.amazon.is_none() && a.providers.apple.is_none());
    assert_eq!(
        adopt(&i, "dev").domain.as_deref(),
        Some("usernamesocialab12cd34-ab12cd34-dev")
    );
    assert_eq!(
        adopt(&i, "prod").domain.as_deref(),
        Some("usernamesocialab12cd34-ab12cd34-prod")
    );
    assert_eq!(
        i.live["dev"].domain.as_deref(),
        Some("usernamesocialab12cd34-ab12cd34-dev")
    );
    let ci = "amplify/backend/auth/usernamesocialab12cd34/cli-inputs.json";
    let risk = |k: &str| {
        (
            FindingKind::Risk,
            TEAM_PROVIDER_INFO.to_string(),
            k.to_string(),
        )
    };
    assert_eq!(
        keys(&i),
        [
            risk(
                "dev.categories.auth.usernamesocialab12cd34.hostedUIProviderCreds[0].client_secret"
            ),
            risk(
                "dev.categories.auth.usernamesocialab12cd34.hostedUIProviderCreds[1].client_secret"
            ),
            risk("prod.categories.auth.usernamesocialab12cd34.facebookAppSecretUserPool"),
            risk("prod.categories.auth.usernamesocialab12cd34.googleAppSecretUserPool"),
            (
                FindingKind::Code,
                "amplify/backend/auth/usernamesocialab12cd34/override.ts".into(),
                String::new()
            ),
            nc(ci, ""),
            nc(ci, "cognitoConfig.emailVerificationMessage"),
            nc(ci, "cognitoConfig.emailVerificationSubject"),
            nc(ci, "cognitoConfig.smsAuthenticationMessage"),
            nc(ci, "cognitoConfig.smsVerificationMessage"),
            nc(ci, "cognitoConfig.triggers"),
            nc(BACKEND_CONFIG, "function.usernamesocialab12cd34PreSignup"),
            nc(
                TEAM_PROVIDER_INFO,
                "prod.categories.auth.usernamesocialab12cd34.facebookAppIdUserPool"
            ),
            nc(
                TEAM_PROVIDER_INFO,
                "prod.categories.auth.usernamesocialab12cd34.googleAppIdUserPool"
            ),
        ]
    );
    assert!(i.sources[AUTH_FILE].contains(&TEAM_PROVIDER_INFO.to_string()));
    // No secret's value anywhere: not in the configuration, the findings, the written files.
    let everything = format!(
        "{i:?}{}",
        crate::import::write::files(&i, "cogform import amplify")
            .iter()
            .map(|f| f.content.clone())
            .collect::<String>()
    );
    for s in SECRETS {
        assert!(!everything.contains(s), "{s} leaked");
    }
}

#[test]
fn storage_levels_follow_amplifys_grants() {
    use crate::config::storage::Action::{Delete, Read, Write};
    let i = import("storage-access");
    let a = i.auth.as_ref().unwrap();
    assert!(a.identity_pool.guest_access);
    assert_eq!(i.storage.keys().collect::<Vec<_>>(), ["userfiles"]);
    let s = &i.storage["userfiles"];
    assert!(s.default);
    let l = &s.levels;
    let public = l.public.as_ref().unwrap();
    assert_eq!(
        (
            public.guest.as_slice(),
            public.authenticated.as_slice(),
            public.owner.as_slice()
        ),
        (&[Read][..], &[Read, Write, Delete][..], &[][..])
    );
    let protected = l.protected.as_ref().unwrap();
    assert_eq!(
        (
            protected.guest.as_slice(),
            protected.authenticated.as_slice(),
            protected.owner.as_slice()
        ),
        (&[Read][..], &[Read][..], &[Read, Write, Delete][..])
    );
    let private = l.private.as_ref().unwrap();
    assert_eq!(
        (
            private.guest.as_slice(),
            private.authenticated.as_slice(),
            private.owner.as_slice()
        ),
        (&[][..], &[][..], &[Read, Write, Delete][..])
    );
    let uploads = l.uploads.as_ref().unwrap();
    assert_eq!(
        (uploads.guest.as_slice(), uploads.authenticated.as_slice()),
        (&[][..], &[Write][..])
    );
    // A group keeps its rights on public/, reads others' protected/ files, and never reaches
    // anyone's private/ files (Gen 1 granted it the whole bucket: said in a finding).
    assert_eq!(public.groups["Admins"], [Read, Write, Delete]);
    assert_eq!(protected.groups["Admins"], [Read]);
    assert!(private.groups.is_empty());
    assert_eq!(uploads.groups["Admins"], [Write]);
    assert_eq!(
        adopt(&i, "dev").buckets,
        BTreeMap::from([(
            "userfiles".to_string(),
            "storageaccessuserfiles3f1c2a104512-dev".to_string()
        )])
    );
    assert!(adopt(&i, "prod").buckets.is_empty());
    assert_eq!(
        i.live["dev"].buckets["userfiles"],
        "storageaccessuserfiles3f1c2a104512-dev"
    );
    let ci = "amplify/backend/auth/storageaccess5e6f7a8b/cli-inputs.json";
    let st = "amplify/backend/storage/userFiles/cli-inputs.json";
    assert_eq!(
        keys(&i),
        [
            nc(
                "amplify/#current-cloud-backend/storage/userFiles/build/cloudformation-template.json",
                "Resources.S3Bucket.Properties.CorsConfiguration"
            ),
            nc(AMPLIFY_META, "storage.userFiles.output.BucketName"),
            nc(ci, "cognitoConfig.emailVerificationMessage"),
            nc(ci, "cognitoConfig.emailVerificationSubject"),
            nc(st, "groupAccess.Admins"),
        ]
    );
    assert!(i.findings[1].message.contains("`prod`"));
    assert_eq!(i.sources["backend/storage/userfiles.yaml"], [st]);
}

#[test]
fn rest_paths_and_permissions_follow_amplifys_policies() {
    use crate::config::api::{Authorizer, HttpMethod as M};
    let i = import("rest-api");
    let api = &i.apis["itemsapi"];
    let arn = |f: &str| match &api.functions[f] {
        crate::config::api::Function::Existing(e) => e.arn.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        arn("itemshandler"),
        "arn:aws:lambda:us-east-1:123456789012:function:itemsHandler-dev"
    );
    assert_eq!(
        arn("ordershandler"),
        "arn:aws:lambda:us-east-1:123456789012:function:ordersHandler-dev"
    );
    assert_eq!(
        api.paths.keys().collect::<Vec<_>>(),
        ["/items", "/items/{proxy+}", "/orders", "/orders/{proxy+}"]
    );
    let allow = |path: &str| -> Vec<(M, Vec<String>)> {
        api.paths[path]
            .iter()
            .map(|(m, x)| {
                assert_eq!(x.auth, Authorizer::Iam);
                (*m, x.allow.clone())
            })
            .collect()
    };
    let who = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let items = who(&["authenticated", "Managers"]);
    assert_eq!(
        allow("/items"),
        [
            (M::Get, items.clone()),
            (M::Post, items.clone()),
            (M::Put, items.clone()),
            (M::Patch, items.clone()),
            (M::Delete, items)
        ]
    );
    assert_eq!(
        allow("/orders"),
        [
            (M::Get, who(&["guest", "authenticated", "Managers"])),
            (M::Post, who(&["authenticated"])),
            (M::Delete, who(&["Managers"]))
        ]
    );
    assert_eq!(api.paths["/orders"], api.paths["/orders/{proxy+}"]);
    let ai = "amplify/backend/api/itemsApi/cli-inputs.json";
    let ci = "amplify/backend/auth/restapi9d8c7b6a/cli-inputs.json";
    assert_eq!(
        keys(&i),
        [
            nc(ai, ""),
            nc(ai, "paths./items.lambdaFunction"),
            nc(ai, "paths./orders.lambdaFunction"),
            nc(ci, "cognitoConfig.emailVerificationMessage"),
            nc(ci, "cognitoConfig.emailVerificationSubject"),
            nc(BACKEND_CONFIG, "function.itemsHandler"),
            nc(BACKEND_CONFIG, "function.ordersHandler"),
        ]
    );
}

#[test]
fn a_key_nobody_maps_is_reported_with_its_dotted_key() {
    let mut tree = fixture("email-groups");
    let ci = "amplify/backend/auth/emailgroups1a2b3c4d/cli-inputs.json";
    let mut v: Value = serde_json::from_str(&tree[ci]).unwrap();
    v["cognitoConfig"]["brandNewAmplifyKey"] = json!(true);
    tree.insert(ci.into(), v.to_string());
    let i = from_amplify(&tree).unwrap();
    assert!(keys(&i).contains(&nc(ci, "cognitoConfig.brandNewAmplifyKey")));
}

#[test]
fn bad_input_is_reported_with_every_problem_and_its_place() {
    // Unknown cli-inputs version, a wrong type and bad JSON, all in one run.
    let mut tree = fixture("rest-api");
    let ci = "amplify/backend/auth/restapi9d8c7b6a/cli-inputs.json";
    tree.insert(
        ci.into(),
        tree[ci].replacen("\"version\": \"1\"", "\"version\": \"2\"", 1),
    );
    let ai = "amplify/backend/api/itemsApi/cli-inputs.json";
    tree.insert(
        ai.into(),
        "{\n  \"version\": 1,\n  \"paths\": {\n    \"/items\": {,\n  }\n}\n".into(),
    );
    let problems = from_amplify(&tree).unwrap_err();
    type Place<'a> = (&'a str, Option<usize>, Option<usize>, Option<&'a str>);
    let got: Vec<Place> = problems
        .iter()
        .map(|p| (p.file.as_str(), p.line, p.column, p.key.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (ai, Some(4), Some(16), None),
            (ci, None, None, Some("version"))
        ]
    );
    assert!(
        problems[1].message.contains("version 1"),
        "{}",
        problems[1].message
    );
    assert!(
        problems[1].message.contains("\"2\""),
        "{}",
        problems[1].message
    );

    let mut tree = fixture("email-groups");
    let ci = "amplify/backend/auth/emailgroups1a2b3c4d/cli-inputs.json";
    let mut v: Value = serde_json::from_str(&tree[ci]).unwrap();
    v["cognitoConfig"]["mfaConfiguration"] = json!(3);
    v["cognitoConfig"]["requiredAttributes"] = json!("email");
    tree.insert(ci.into(), v.to_string());
    let problems = from_amplify(&tree).unwrap_err();
    let keys: Vec<Option<&str>> = problems.iter().map(|p| p.key.as_deref()).collect();
    assert_eq!(
        keys,
        [
            Some("cognitoConfig.mfaConfiguration"),
            Some("cognitoConfig.requiredAttributes")
        ]
    );
}

#[test]
fn missing_files_are_problems_naming_them() {
    let mut tree = fixture("email-groups");
    tree.remove(TEAM_PROVIDER_INFO);
    tree.remove("amplify/backend/auth/emailgroups1a2b3c4d/cli-inputs.json");
    let problems = from_amplify(&tree).unwrap_err();
    let files: Vec<&str> = problems.iter().map(|p| p.file.as_str()).collect();
    assert_eq!(
        files,
        [
            "amplify/backend/auth/emailgroups1a2b3c4d/cli-inputs.json",
            TEAM_PROVIDER_INFO
        ]
    );
    assert!(problems[1].message.contains("not found"));

    let problems = from_amplify(&SourceTree::from([(
        "src/aws-exports.js".to_string(),
        "{}".to_string(),
    )]))
    .unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].file, "amplify/");
}

#[test]
fn names_follow_cogforms_rules() {
    assert_eq!(project_name("My_App2"), "myapp2");
    assert_eq!(project_name("2go"), "go");
    assert_eq!(project_name("x"), "imported");
    assert_eq!(category_name("userFiles", "files"), "userfiles");
    assert_eq!(category_name("s3-3f1c", "files"), "s3-3f1c");
    assert_eq!(category_name("__", "files"), "files");
}
