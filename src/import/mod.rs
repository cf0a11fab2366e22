//! `cogform import`: adopting what is already deployed. Each source (an Amplify Gen 1 project
//! folder, the AWS CLI's describe JSON) is read into the same [`Imported`] value: the typed
//! configuration that renders the same settings, every setting that could not be carried over
//! (with the file and key it came from), and what the adoption plan needs to name each live
//! resource. Sources arrive as a [`SourceTree`] read by `cli`, so nothing here touches the disk.

pub mod amplify;
pub mod describe;
pub mod live;
pub mod plan;
pub mod retain;
pub mod write;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::api::ApiConfig;
use crate::config::auth::AuthConfig;
use crate::config::project::ProjectConfig;
use crate::config::storage::StorageConfig;

/// Source files by path relative to the folder given on the command line, `/`-separated.
pub type SourceTree = BTreeMap<String, String>;

/// What an import produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// `cogform.yaml`: the project's name and its environments, each with the names of the
    /// live resources it adopts (`environments.<env>.adopt`).
    pub project: ProjectConfig,
    /// `backend/auth.yaml` (none when the source has no user pool).
    pub auth: Option<AuthConfig>,
    /// `backend/storage/<name>.yaml`.
    pub storage: BTreeMap<String, StorageConfig>,
    /// `backend/api/<name>.yaml`.
    pub apis: BTreeMap<String, ApiConfig>,
    /// Which source file each written file was made from (written file → source paths), for
    /// the header of each file.
    pub sources: BTreeMap<String, Vec<String>>,
    /// Everything the user must know: settings not carried over, risks, code not run.
    pub findings: Vec<Finding>,
    /// Per environment: the identifiers of the live resources (for the resources-to-import
    /// file). An environment whose identifiers the source does not hold is absent.
    pub live: BTreeMap<String, LiveIds>,
}

/// The identifiers CloudFormation's resource import needs, of one environment's resources.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LiveIds {
    pub region: Option<String>,
    pub user_pool_id: Option<String>,
    /// App client name (as in auth.yaml's `clients[].name`) → client id.
    pub clients: BTreeMap<String, String>,
    pub identity_pool_id: Option<String>,
    /// Hosted UI domain prefix (or custom domain) as deployed.
    pub domain: Option<String>,
    /// Storage name (as in backend/storage/<name>.yaml) → bucket name.
    pub buckets: BTreeMap<String, String>,
    /// The stack that made these resources (Amplify's root stack), when the source names it.
    pub old_stack: Option<String>,
}

/// One thing the user must know about the import.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    /// The source file, relative to the imported folder.
    pub file: String,
    /// Where in it: a dotted key (`cognitoConfig.mfaTypes`), or empty for the whole file.
    pub key: String,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A risk found in the source (a secret in a committed file…): reported, never copied.
    Risk,
    /// Code that may change what is deployed (`override.ts`, custom resources): reported,
    /// never executed.
    Code,
    /// A setting cogform does not carry over: the user decides what to do with it.
    NotCarried,
}

/// Bad input: the import stops, writes nothing and exits 2.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub file: String,
    /// 1-based, where the source's parser knows it.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The dotted key the problem is about, when there is one.
    pub key: Option<String>,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        if let Some(key) = &self.key {
            write!(f, ": `{key}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl Problem {
    pub fn in_file(file: &str, message: impl Into<String>) -> Self {
        Problem {
            file: file.to_string(),
            line: None,
            column: None,
            key: None,
            message: message.into(),
        }
    }

    pub fn at_key(file: &str, key: &str, message: impl Into<String>) -> Self {
        Problem {
            key: Some(key.to_string()),
            ..Problem::in_file(file, message)
        }
    }
}

/// auth.yaml's `login` from a pool's user-name attributes (`email`, `phone_number`: they are
/// the user name) or, without them, its alias attributes (a user name, with these as aliases).
pub fn login(usernames: &[String], aliases: &[String], case_sensitive: bool) -> serde_json::Value {
    let (list, username) = if usernames.is_empty() {
        (aliases, true)
    } else {
        (usernames, false)
    };
    serde_json::json!({
        "email": list.iter().any(|a| a == "email"),
        "phone": list.iter().any(|a| a == "phone_number"),
        "username": username,
        "case_sensitive": case_sensitive,
    })
}

/// The strings of a JSON list at `key` (none when absent or not a list).
pub fn strings(v: &serde_json::Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(serde_json::Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(serde_json::Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Parses one JSON source file, locating a syntax error by line and column.
pub fn parse_json(tree: &SourceTree, path: &str) -> Result<Option<serde_json::Value>, Problem> {
    let Some(text) = tree.get(path) else {
        return Ok(None);
    };
    serde_json::from_str(text).map(Some).map_err(|e| Problem {
        file: path.to_string(),
        line: Some(e.line()),
        column: Some(e.column().max(1)),
        key: None,
        message: format!("not valid JSON: {e}"),
    })
}
