//! An Amplify Gen 1 S3 resource (`cli-inputs.json`, the CLI's `S3UserInputs`) →
//! `backend/storage/<name>.yaml`, from the grants the CLI's storage stack builder
//! (`s3-stack-builder.ts`) gives the identity-pool roles.
//!
//! Amplify's permissions are CREATE_AND_UPDATE (`s3:PutObject`), READ (`s3:GetObject`, and
//! `s3:ListBucket` on the level prefixes) and DELETE (`s3:DeleteObject`):
//!
//! | Amplify grant (policy)                                   | cogform level: audience    |
//! |----------------------------------------------------------|----------------------------|
//! | authAccess on `public/*` (S3AuthPublicPolicy)            | public: authenticated      |
//! | authAccess on `protected/{sub}/*` (S3AuthProtectedPolicy)| protected: owner           |
//! | authAccess on `private/{sub}/*` (S3AuthPrivatePolicy)    | private: owner             |
//! | authAccess CREATE on `uploads/*` (S3AuthUploadPolicy)    | uploads: authenticated write |
//! | authAccess READ: Get `protected/*`, List (S3AuthReadPolicy) | protected: authenticated read |
//! | guestAccess on `public/*` (S3GuestPublicPolicy)          | public: guest (reads only) |
//! | guestAccess READ: Get `protected/*`, List (S3GuestReadPolicy) | protected: guest read |
//! | guestAccess CREATE on `uploads/*` (S3GuestUploadPolicy)  | not carried (guests only read in cogform) |
//! | groupAccess on the whole bucket `/*` (`<group>GroupPolicy`) | public: groups.<group>; protected: its reads; uploads: write; private: none (owner only) |
//!
//! READ becomes `read` (get + list), CREATE_AND_UPDATE `write`, DELETE `delete`.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::{Ctx, Obj, category_name, cli_inputs_path};
use crate::config::storage::StorageConfig;

/// Amplify's own state in the storage cli-inputs: dropping it changes nothing deployed.
const BOOKKEEPING: [(&str, &str); 3] = [
    (
        "resourceName",
        "Amplify's name of the resource (the file name carries it)",
    ),
    ("policyUUID", "suffix of Amplify's policy names"),
    (
        "bucketName",
        "the bucket is adopted by its deployed name (amplify-meta.json)",
    ),
];

/// cogform name, configuration and the current environment's bucket name.
pub fn read(ctx: &mut Ctx, name: &str) -> Option<(String, StorageConfig, Option<String>)> {
    let file = cli_inputs_path("storage", name);
    let Some(inputs) = ctx.json(&file) else {
        if !ctx.tree.contains_key(&file) {
            ctx.problems.push(crate::import::Problem::in_file(
                &file,
                format!("not found: backend-config.json lists the storage resource `{name}`; projects made before Amplify CLI 7 keep parameters.json instead: run `amplify storage update` once with a current CLI to write it"),
            ));
        }
        return None;
    };
    let Some(c) = Obj::new(&file, "", &inputs) else {
        ctx.problems
            .push(crate::import::Problem::in_file(&file, "must be an object"));
        return None;
    };
    let mut p = Vec::new();
    let n = category_name(name, "files");
    let access = c.str("storageAccess", &mut p).unwrap_or_default();
    let auth = c.strings("authAccess", &mut p);
    let mut guest = c.strings("guestAccess", &mut p);
    if access == "auth" && !guest.is_empty() {
        // `auth` (signed-in users only): the guest answers are not granted.
        guest.clear();
    }
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    match c.get("groupAccess") {
        None => {}
        Some(Value::Object(m)) => {
            for (g, perms) in m {
                match perms.as_array().filter(|a| a.iter().all(Value::is_string)) {
                    Some(a) => {
                        groups.insert(
                            g.clone(),
                            a.iter()
                                .filter_map(Value::as_str)
                                .map(str::to_string)
                                .collect(),
                        );
                    }
                    None => p.push(crate::import::Problem::at_key(
                        &file,
                        &format!("groupAccess.{g}"),
                        "must be a list of permissions",
                    )),
                }
            }
        }
        Some(_) => p.push(crate::import::Problem::at_key(
            &file,
            "groupAccess",
            "must be an object of group → permissions",
        )),
    }
    for (key, list) in [("authAccess", &auth), ("guestAccess", &guest)]
        .into_iter()
        .chain(groups.iter().map(|(g, l)| (g.as_str(), l)))
    {
        for perm in list {
            if !matches!(perm.as_str(), "CREATE_AND_UPDATE" | "READ" | "DELETE") {
                p.push(crate::import::Problem::at_key(
                    &file,
                    key,
                    format!("`{perm}` is not one of CREATE_AND_UPDATE, READ, DELETE"),
                ));
            }
        }
    }
    let actions = |perms: &[String]| -> Vec<&'static str> {
        let mut out = Vec::new();
        if perms.iter().any(|x| x == "READ") {
            out.push("read");
        }
        if perms.iter().any(|x| x == "CREATE_AND_UPDATE") {
            out.push("write");
        }
        if perms.iter().any(|x| x == "DELETE") {
            out.push("delete");
        }
        out
    };
    let reads = |perms: &[String]| perms.iter().any(|x| x == "READ");
    let writes = |perms: &[String]| perms.iter().any(|x| x == "CREATE_AND_UPDATE");
    let mut levels = Map::new();
    let mut rule = |level: &str, audience: &str, acts: Vec<&str>| {
        if acts.is_empty() {
            return;
        }
        let entry = levels.entry(level.to_string()).or_insert_with(|| json!({}));
        entry[audience] = json!(acts);
    };
    rule("public", "authenticated", actions(&auth));
    rule("protected", "owner", actions(&auth));
    rule("private", "owner", actions(&auth));
    rule(
        "uploads",
        "authenticated",
        if writes(&auth) { vec!["write"] } else { vec![] },
    );
    rule(
        "protected",
        "authenticated",
        if reads(&auth) { vec!["read"] } else { vec![] },
    );
    let guest_reads = if reads(&guest) { vec!["read"] } else { vec![] };
    rule("public", "guest", guest_reads.clone());
    rule("protected", "guest", guest_reads);
    if guest.iter().any(|x| x != "READ") {
        ctx.not_carried(&file, "guestAccess", "guests may upload or delete in Amplify (public/ and uploads/); cogform lets guests only read: the update takes those rights away");
    }
    for (g, perms) in &groups {
        let acts = actions(perms);
        // Another user's protected files are read-only and private files their owner's alone
        // (the storage invariants): a group keeps all its rights on public/ only.
        let reads_only: Vec<&str> = acts.iter().copied().filter(|a| *a == "read").collect();
        for (level, granted) in [("public", &acts), ("protected", &reads_only)] {
            if !granted.is_empty() {
                let entry = levels.entry(level.to_string()).or_insert_with(|| json!({}));
                entry["groups"][g] = json!(granted);
            }
        }
        if writes(perms) {
            let entry = levels
                .entry("uploads".to_string())
                .or_insert_with(|| json!({}));
            entry["groups"][g] = json!(["write"]);
        }
        if !acts.is_empty() {
            ctx.not_carried(&file, &format!("groupAccess.{g}"), format!("Amplify grants `{g}` its rights on every key of the bucket, other users' protected/ and private/ files included; cogform grants them on public/ (and uploads/), reads on protected/, and nothing on anyone's private/ files: the update takes the rest away (a custom `paths` entry can share a prefix)"));
        }
    }
    match c.str("triggerFunction", &mut p).as_deref() {
        None | Some("NONE") => {}
        Some(f) => ctx.not_carried(&file, "triggerFunction", format!("the trigger function `{f}` is not carried over: list a project function under `triggers`")),
    }
    c.mark_if_empty("adminTriggerFunction");
    c.mark_if_empty("additionalTriggerFunctions");
    let bookkeeping: Vec<&str> = BOOKKEEPING.iter().map(|(k, _)| *k).collect();
    c.report_unread(&bookkeeping, ctx);
    let template = crate::import::retain::build_template(ctx.tree, "storage", name)
        .unwrap_or_else(|| file.clone());
    ctx.not_carried(&template, "Resources.S3Bucket.Properties.CorsConfiguration", "Amplify's bucket answers browsers of every origin (`*`); cogform names the origins: add `cors.allowed_origins`, or the update removes browser access");
    ctx.problems.extend(p);
    let config: StorageConfig = match serde_json::from_value(json!({"levels": levels})) {
        Ok(s) => s,
        Err(e) => {
            ctx.problems.push(crate::import::Problem::in_file(
                &file,
                format!("internal error: the imported settings do not fit a storage file: {e}"),
            ));
            return None;
        }
    };
    let bucket = ctx.output("storage", name, "BucketName");
    ctx.storage_names.push((name.to_string(), n.clone()));
    Some((n, config, bucket))
}
