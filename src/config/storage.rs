//! `backend/storage/<name>.yaml`: an S3 bucket with per-audience access by prefix, in the
//! layout the Amplify Storage client expects (`public/`, `protected/{identity_id}/`,
//! `private/{identity_id}/`, `uploads/`) plus custom prefixes in the same rule language.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An S3 bucket and who may do what in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StorageConfig {
    /// The bucket the Amplify client uses when none is named (at most one per project).
    #[serde(default)]
    pub default: bool,
    /// Amplify's access levels; each one present is granted as written.
    #[serde(default)]
    pub levels: Levels,
    /// Custom prefixes, e.g. `media/{identity_id}/*` (`{identity_id}` is the caller's
    /// identity id, so `owner` rules apply to it). Each key ends with `/*`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub paths: BTreeMap<String, Rule>,
    /// Browser access (CORS). Omit for no browser access.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cors: Option<Cors>,
    /// Project functions called when objects are uploaded or deleted (S3 event notifications).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub triggers: Vec<super::function::BucketTrigger>,
    /// Days to keep old object versions (versioning is always on).
    #[serde(default = "default_noncurrent_days")]
    #[schemars(range(min = 1, max = 3650))]
    pub noncurrent_version_days: u32,
}

fn default_noncurrent_days() -> u32 {
    30
}

impl Default for StorageConfig {
    fn default() -> Self {
        StorageConfig {
            default: false,
            levels: Levels::default(),
            paths: BTreeMap::new(),
            cors: None,
            triggers: Vec::new(),
            noncurrent_version_days: default_noncurrent_days(),
        }
    }
}

/// Amplify's access levels (Gen 1 layout).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Levels {
    /// `public/*`: files anyone allowed can reach.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public: Option<Rule>,
    /// `protected/{identity_id}/*`: `owner` writes; `guest`/`authenticated` read others' files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protected: Option<Rule>,
    /// `private/{identity_id}/*`: only the `owner`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private: Option<Rule>,
    /// `uploads/*`: a drop box (write only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uploads: Option<Rule>,
}

impl Levels {
    /// The levels as (path, rule, config key), in the order Amplify documents them.
    pub fn paths(&self) -> Vec<(&'static str, &Rule, &'static str)> {
        [
            ("public/*", &self.public, "public"),
            ("protected/{identity_id}/*", &self.protected, "protected"),
            ("private/{identity_id}/*", &self.private, "private"),
            ("uploads/*", &self.uploads, "uploads"),
        ]
        .into_iter()
        .filter_map(|(p, r, k)| r.as_ref().map(|r| (p, r, k)))
        .collect()
    }
}

/// What each audience may do under a prefix.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Visitors who have not signed in (read-type actions only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub guest: Vec<Action>,
    /// Every signed-in user (and, by inheritance, every group member).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authenticated: Vec<Action>,
    /// The identity whose id fills `{identity_id}` (only on such paths).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owner: Vec<Action>,
    /// Members of the named groups of backend/auth.yaml.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub groups: BTreeMap<String, Vec<Action>>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// `get` + `list`.
    Read,
    /// Download objects (`s3:GetObject`).
    Get,
    /// List keys under the prefix (`s3:ListBucket` with an `s3:prefix` condition).
    List,
    /// Upload objects (`s3:PutObject`, `s3:AbortMultipartUpload`).
    Write,
    /// Delete objects (`s3:DeleteObject`).
    Delete,
}

impl Action {
    /// The primitive actions this one stands for.
    pub fn expand(self) -> &'static [Action] {
        match self {
            Action::Read => &[Action::Get, Action::List],
            Action::Get => &[Action::Get],
            Action::List => &[Action::List],
            Action::Write => &[Action::Write],
            Action::Delete => &[Action::Delete],
        }
    }

    pub fn is_read(self) -> bool {
        matches!(self, Action::Read | Action::Get | Action::List)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cors {
    /// Origins allowed to call the bucket from a browser: https, or `http://localhost[:port]`.
    #[schemars(length(min = 1, max = 100))]
    pub allowed_origins: Vec<String>,
    /// HTTP methods; default GET, HEAD, PUT, POST, DELETE.
    #[serde(default = "default_methods")]
    pub allowed_methods: Vec<CorsMethod>,
    #[serde(default = "default_max_age")]
    #[schemars(range(max = 86400))]
    pub max_age_seconds: u32,
}

fn default_methods() -> Vec<CorsMethod> {
    vec![
        CorsMethod::Get,
        CorsMethod::Head,
        CorsMethod::Put,
        CorsMethod::Post,
        CorsMethod::Delete,
    ]
}

fn default_max_age() -> u32 {
    3000
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "UPPERCASE")]
pub enum CorsMethod {
    Get,
    Head,
    Put,
    Post,
    Delete,
}
