//! `cogform.yaml`: the project's name, its environments and the output format.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The project file, `cogform.yaml`, at the root of a cogform project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectConfig {
    /// Project name: lowercase letters, digits and hyphens. It names the user pool, the
    /// identity pool and, with the environment, the globally unique names.
    #[schemars(length(min = 2, max = 32), pattern(r"^[a-z][a-z0-9-]*[a-z0-9]$"))]
    pub project: String,
    /// Format of the templates written to `build/`.
    #[serde(default)]
    pub format: OutputFormat,
    /// Environments, each rendered to its own template `build/<env>.template.<format>`.
    /// Default: one environment, `dev`.
    #[serde(default = "default_environments")]
    pub environments: BTreeMap<String, Environment>,
    /// Keep `cogform explain`'s document in the repository: `build` writes it beside the
    /// templates and `check` fails when it is stale, like a template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<Explain>,
}

/// Where the project keeps its `cogform explain` document, and which environment it draws.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Explain {
    /// A Markdown file inside the project. Default: `docs/auth.md`.
    #[serde(default = "default_explain_output")]
    #[schemars(
        length(min = 4, max = 255),
        pattern(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*\.md$")
    )]
    pub output: String,
    /// The environment drawn. Default: the first in name order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
}

fn default_explain_output() -> String {
    crate::explain::DEFAULT_PATH.to_string()
}

impl ProjectConfig {
    /// The environment `cogform explain` draws unless told otherwise: the one `explain:`
    /// names, else the first in name order.
    pub fn explained_environment(&self) -> String {
        self.explain
            .as_ref()
            .and_then(|e| e.environment.clone())
            .or_else(|| self.environments.keys().next().cloned())
            .unwrap_or_default()
    }

    /// The environments' names, comma-separated, for messages that list what exists.
    pub fn environment_names(&self) -> String {
        self.environments
            .keys()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Length of the longest environment name: globally unique names append it, so length
    /// limits are checked against the longest one.
    pub fn longest_environment_name(&self) -> usize {
        self.environments.keys().map(String::len).max().unwrap_or(3)
    }
}

fn default_environments() -> BTreeMap<String, Environment> {
    BTreeMap::from([("dev".to_string(), Environment::default())])
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    #[default]
    Yaml,
    Json,
}

impl OutputFormat {
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Yaml => "yaml",
            OutputFormat::Json => "json",
        }
    }
}

/// Per-environment overrides of values in the backend files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    /// Replaces `hosted_ui.domain_prefix` (the environment name is still appended).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain_prefix: Option<String>,
    /// Replaces `hosted_ui.callback_urls` for this environment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_urls: Option<Vec<String>>,
    /// Replaces `hosted_ui.logout_urls` for this environment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logout_urls: Option<Vec<String>>,
    /// Serves this environment's hosted UI (and its OAuth endpoints) on your own domain
    /// instead of `<prefix>-<env>.auth.<region>.amazoncognito.com`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_domain: Option<CustomDomain>,
    /// Live resources this environment adopts instead of creating (written by `cogform
    /// import`): their names, so the template describes them as they are, and every adopted
    /// resource is retained (`DeletionPolicy: Retain`) as CloudFormation's resource import needs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adopt: Option<Adopt>,
}

/// The names of the live resources an environment adopts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Adopt {
    /// The existing user pool's name (`UserPoolName`). Set, the pool is adopted: its clients,
    /// groups, hosted UI domain and identity providers are adopted with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 128))]
    pub user_pool: Option<String>,
    /// The existing identity pool's name (`IdentityPoolName`): adopted, so every identity id,
    /// and with it every `protected/` and `private/` object, is kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 128), pattern(r"^[\w ]+$"))]
    pub identity_pool: Option<String>,
    /// The existing hosted UI domain prefix, rendered as it is (a new one is
    /// `<domain_prefix>-<env>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        length(min = 1, max = 63),
        pattern(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
    )]
    pub domain: Option<String>,
    /// Storage name (`backend/storage/<name>.yaml`) → the existing bucket's name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub buckets: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomDomain {
    /// The host name, e.g. `auth.example.com` (its parent domain needs an A record).
    #[schemars(length(min = 1, max = 63))]
    pub domain: String,
    /// An ACM certificate for it, in us-east-1 (CloudFront serves the domain).
    #[schemars(length(min = 20, max = 2048))]
    pub certificate_arn: String,
}
