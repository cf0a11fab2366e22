//! A bucket's settings, from its `s3api get-bucket-*` JSON, as `backend/storage/<name>.yaml`.
//! Who may reach its objects lives in IAM policies, not here: that is said.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{BUCKETS_DIR, not_carried};
use crate::config::storage::StorageConfig;
use crate::import::{Finding, strings};

/// A storage name cogform accepts, from the bucket's (`photoshare-storage-1a2b3c-dev` →
/// `storage`), unique among those already taken.
pub fn storage_name(bucket: &str, env: &str, taken: &BTreeMap<String, StorageConfig>) -> String {
    let trimmed = bucket
        .strip_suffix(&format!("-{env}"))
        .unwrap_or(bucket)
        .to_string();
    let parts: Vec<&str> = trimmed.split(['-', '.']).collect();
    // Amplify's names are `<project>-<resource>-<hash>`: the resource is the middle word.
    let word = if parts.len() >= 3 {
        parts[1]
    } else {
        parts.last().copied().unwrap_or("files")
    };
    let mut base: String = word
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .skip_while(|c| c.is_ascii_digit())
        .take(20)
        .collect();
    if base.is_empty() {
        base = "files".into();
    }
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains_key(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}

pub fn storage_config(
    bucket: &str,
    settings: &BTreeMap<String, Value>,
    findings: &mut Vec<Finding>,
) -> StorageConfig {
    let file = |s: &str| format!("{BUCKETS_DIR}{bucket}/{s}.json");
    not_carried(
        findings,
        &format!("{BUCKETS_DIR}{bucket}/"),
        "",
        "who may read and write the bucket lives in IAM policies, not in the bucket: write its `levels` (public/, protected/, private/, uploads/) by hand, or import from the Amplify project",
    );
    let mut config = StorageConfig::default();
    if let Some(rule) = settings
        .get("cors")
        .and_then(|c| c.get("CORSRules"))
        .and_then(Value::as_array)
        .and_then(|r| r.first())
    {
        let cors = json!({
            "allowed_origins": strings(rule, "AllowedOrigins"),
            "allowed_methods": strings(rule, "AllowedMethods").iter().map(|m| m.to_ascii_uppercase()).collect::<Vec<_>>(),
            "max_age_seconds": rule.get("MaxAgeSeconds").and_then(Value::as_u64).unwrap_or(3000),
        });
        let any_origin = strings(rule, "AllowedOrigins")
            .iter()
            .any(|o| o.contains('*'));
        match serde_json::from_value(cors) {
            Ok(_) if any_origin => not_carried(
                findings,
                &file("cors"),
                "CORSRules.0.AllowedOrigins",
                "allows every origin (`*`), which cogform refuses (any site could call with a user's credentials): written without CORS; list your app's origins in `cors.allowed_origins`",
            ),
            Ok(c) => config.cors = Some(c),
            Err(_) => not_carried(
                findings,
                &file("cors"),
                "CORSRules",
                "a CORS rule cogform cannot express: written without CORS",
            ),
        }
    }
    if let Some(days) = settings
        .get("lifecycle")
        .and_then(|l| l.get("Rules"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find_map(|r| {
            r.pointer("/NoncurrentVersionExpiration/NoncurrentDays")
                .and_then(Value::as_u64)
        })
    {
        config.noncurrent_version_days = days as u32;
    }
    for (setting, why) in [
        (
            "notification",
            "bucket notifications are carried over through project functions (`triggers:`) by hand",
        ),
        ("tagging", "tags are not carried over"),
    ] {
        if settings.get(setting).is_some_and(|v| {
            v.as_object().is_some_and(|o| {
                o.values()
                    .any(|x| !x.is_null() && x != &json!([]) && x != &json!({}))
            })
        }) {
            not_carried(findings, &file(setting), "", why);
        }
    }
    config
}
