//! `backend/functions/<name>.yaml`: a Lambda function of the project, with the code it runs and
//! what it may do on this project's user pool and buckets. The same function can be a user pool
//! trigger (`triggers.<trigger>: { function: NAME }` in auth.yaml), an upload or delete handler
//! of a bucket (`triggers:` of a storage file) and the target of API routes.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::api::Code;
use super::storage::Action;

/// A Lambda function the template creates from the project's code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FunctionConfig {
    /// A current Lambda runtime, e.g. `nodejs22.x`, `python3.13`.
    pub runtime: String,
    /// e.g. `index.handler`.
    pub handler: String,
    /// A folder of the project (`{ path: functions/NAME }`), packaged by
    /// `aws cloudformation package`, or a zip already in S3.
    pub code: Code,
    /// Seconds a call may run. User pool triggers are given 5 seconds by Cognito, API routes
    /// 29 by API Gateway, whatever this says.
    #[serde(default = "default_timeout")]
    #[schemars(range(min = 1, max = 900))]
    pub timeout: u32,
    /// Megabytes of memory (CPU grows with it).
    #[serde(default = "default_memory")]
    #[schemars(range(min = 128, max = 10240))]
    pub memory: u32,
    /// Environment variables of your own (names and settings, never secrets). cogform adds
    /// `BUCKET_<NAME>` for each bucket in `access.storage` and `USER_POOL_ID` with
    /// `access.auth` (a user pool trigger reads `event.userPoolId` instead).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub environment: BTreeMap<String, String>,
    /// What the function may do; nothing beyond writing its own logs otherwise.
    #[serde(default)]
    pub access: FunctionAccess,
    /// Days to keep the function's logs.
    #[serde(default = "default_retention")]
    pub log_retention_days: u32,
}

fn default_timeout() -> u32 {
    10
}
fn default_memory() -> u32 {
    256
}
fn default_retention() -> u32 {
    365
}

/// A function's grants on this project's resources.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FunctionAccess {
    /// Operations on this project's user pool (and no other pool).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub auth: Vec<PoolAction>,
    /// Bucket (a file of backend/storage/) → prefix of that bucket (`uploads/*`, `public/*`,
    /// `albums/*`) → the storage actions allowed there.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub storage: BTreeMap<String, BTreeMap<String, Vec<Action>>>,
}

/// A user pool operation a function may perform, named after what it does. Each maps to the
/// exact `cognito-idp` actions it needs, on this project's pool only.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PoolAction {
    /// Put a user in a group (`AdminAddUserToGroup`).
    AddUserToGroup,
    /// Take a user out of a group (`AdminRemoveUserFromGroup`).
    RemoveUserFromGroup,
    /// The groups a user belongs to (`AdminListGroupsForUser`).
    ListGroupsForUser,
    /// The members of a group (`ListUsersInGroup`).
    ListUsersInGroup,
    /// The pool's groups (`ListGroups`, `GetGroup`).
    ListGroups,
    /// Search and page through users (`ListUsers`).
    ListUsers,
    /// One user's attributes and status (`AdminGetUser`).
    GetUser,
    /// Create a user, with an invitation (`AdminCreateUser`).
    CreateUser,
    /// Delete a user (`AdminDeleteUser`).
    DeleteUser,
    /// Block a user's sign-in (`AdminDisableUser`).
    DisableUser,
    /// Allow a disabled user to sign in again (`AdminEnableUser`).
    EnableUser,
    /// Change or remove a user's attributes (`AdminUpdateUserAttributes`,
    /// `AdminDeleteUserAttributes`).
    UpdateUserAttributes,
    /// Confirm a user's sign-up without a code (`AdminConfirmSignUp`).
    ConfirmSignUp,
    /// Make a user choose a new password at next sign-in (`AdminResetUserPassword`).
    ResetUserPassword,
    /// Set a user's password (`AdminSetUserPassword`).
    SetUserPassword,
    /// Sign a user out of every device (`AdminUserGlobalSignOut`).
    SignOutUser,
}

impl PoolAction {
    pub const ALL: [PoolAction; 16] = [
        PoolAction::AddUserToGroup,
        PoolAction::RemoveUserFromGroup,
        PoolAction::ListGroupsForUser,
        PoolAction::ListUsersInGroup,
        PoolAction::ListGroups,
        PoolAction::ListUsers,
        PoolAction::GetUser,
        PoolAction::CreateUser,
        PoolAction::DeleteUser,
        PoolAction::DisableUser,
        PoolAction::EnableUser,
        PoolAction::UpdateUserAttributes,
        PoolAction::ConfirmSignUp,
        PoolAction::ResetUserPassword,
        PoolAction::SetUserPassword,
        PoolAction::SignOutUser,
    ];

    /// The `cognito-idp` actions (without the service prefix) this operation needs.
    pub fn actions(self) -> &'static [&'static str] {
        match self {
            PoolAction::AddUserToGroup => &["AdminAddUserToGroup"],
            PoolAction::RemoveUserFromGroup => &["AdminRemoveUserFromGroup"],
            PoolAction::ListGroupsForUser => &["AdminListGroupsForUser"],
            PoolAction::ListUsersInGroup => &["ListUsersInGroup"],
            PoolAction::ListGroups => &["GetGroup", "ListGroups"],
            PoolAction::ListUsers => &["ListUsers"],
            PoolAction::GetUser => &["AdminGetUser"],
            PoolAction::CreateUser => &["AdminCreateUser"],
            PoolAction::DeleteUser => &["AdminDeleteUser"],
            PoolAction::DisableUser => &["AdminDisableUser"],
            PoolAction::EnableUser => &["AdminEnableUser"],
            PoolAction::UpdateUserAttributes => {
                &["AdminDeleteUserAttributes", "AdminUpdateUserAttributes"]
            }
            PoolAction::ConfirmSignUp => &["AdminConfirmSignUp"],
            PoolAction::ResetUserPassword => &["AdminResetUserPassword"],
            PoolAction::SetUserPassword => &["AdminSetUserPassword"],
            PoolAction::SignOutUser => &["AdminUserGlobalSignOut"],
        }
    }

    /// The word used in the configuration.
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

/// What starts a bucket's handler.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum BucketEvent {
    /// An object was created (put, post, copy, multipart upload completed).
    Upload,
    /// An object was deleted (or a delete marker was added, the bucket being versioned).
    Delete,
}

impl BucketEvent {
    /// The S3 event type of the notification.
    pub fn s3_event(self) -> &'static str {
        match self {
            BucketEvent::Upload => "s3:ObjectCreated:*",
            BucketEvent::Delete => "s3:ObjectRemoved:*",
        }
    }
}

/// A bucket's handler: a project function called for each matching object event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BucketTrigger {
    pub on: BucketEvent,
    /// Only keys starting with this (e.g. `uploads/`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// Only keys ending with this (e.g. `.jpg`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
    /// A function of backend/functions/.
    pub function: String,
}

/// The environment variable holding a bucket's name.
pub fn bucket_variable(bucket: &str) -> String {
    let name: String = bucket
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("BUCKET_{name}")
}

/// The environment variable holding the user pool's id.
pub const USER_POOL_VARIABLE: &str = "USER_POOL_ID";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pool_action_has_admin_actions_and_a_name() {
        for a in PoolAction::ALL {
            assert!(!a.actions().is_empty());
            assert!(!a.name().is_empty());
        }
        assert_eq!(PoolAction::AddUserToGroup.name(), "add_user_to_group");
        assert_eq!(bucket_variable("media-2"), "BUCKET_MEDIA_2");
    }
}
