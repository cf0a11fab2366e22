//! The token cache: one file per signed-in user of a user pool's app client, in the user's
//! cache folder (never the project: tokens must not be committed), readable by its owner only
//! (folders 0700, files 0600, written to a temporary file and renamed).
//!
//! Layout under the root (`$COGFORM_CACHE_DIR`, else the platform's cache folder + `cogform`):
//! `sessions/<user pool id>/<client id>/<user>.json` (tokens, and the identity pool's identity
//! id and credentials once fetched), `sessions/<pool>/<client>/current` (the user the other
//! commands default to), `guests/<identity pool id>.json` (the guest identity).

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::session::Failure;
use crate::session::sign::Credentials;

/// The format version of the files; another version is ignored (sign in again).
const VERSION: u32 = 1;

/// A signed-in user's tokens.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub version: u32,
    /// The name the user signed in with.
    pub username: String,
    pub region: String,
    pub user_pool_id: String,
    pub client_id: String,
    pub id_token: String,
    pub access_token: String,
    pub refresh_token: String,
    /// When the id and access tokens expire (seconds since the epoch).
    pub expires_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("username", &self.username)
            .field("user_pool_id", &self.user_pool_id)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// An identity of an identity pool and its last credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub identity_pool_id: String,
    pub identity_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<Credentials>,
    /// The role the credentials act as (STS GetCallerIdentity), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
}

/// The cache folder.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

impl Store {
    pub fn new(root: PathBuf) -> Store {
        Store { root }
    }

    #[cfg(test)]
    fn root(&self) -> &Path {
        &self.root
    }

    fn client_dir(&self, pool: &str, client: &str) -> PathBuf {
        self.root
            .join("sessions")
            .join(file_name(pool))
            .join(file_name(client))
    }

    /// The file of `user`'s session.
    pub fn session_path(&self, pool: &str, client: &str, user: &str) -> PathBuf {
        self.client_dir(pool, client)
            .join(format!("{}.json", file_name(user)))
    }

    pub fn load(&self, pool: &str, client: &str, user: &str) -> Result<Option<Session>, Failure> {
        let path = self.session_path(pool, client, user);
        Ok(read_json::<Session>(&path)?.filter(|s| s.version == VERSION))
    }

    pub fn save(&self, session: &Session) -> Result<PathBuf, Failure> {
        let path = self.session_path(&session.user_pool_id, &session.client_id, &session.username);
        write_private(
            &path,
            &serde_json::to_vec_pretty(session).unwrap_or_default(),
        )?;
        Ok(path)
    }

    /// Forgets `user`'s session; whether there was one.
    pub fn remove(&self, pool: &str, client: &str, user: &str) -> Result<bool, Failure> {
        let path = self.session_path(pool, client, user);
        let existed = path.exists();
        if existed {
            std::fs::remove_file(&path)
                .map_err(|e| Failure::internal(format!("cannot remove {}: {e}", path.display())))?;
        }
        if self.current(pool, client).as_deref() == Some(user) {
            let _ = std::fs::remove_file(self.client_dir(pool, client).join("current"));
        }
        Ok(existed)
    }

    /// The user the commands default to: the last one who signed in.
    pub fn current(&self, pool: &str, client: &str) -> Option<String> {
        std::fs::read_to_string(self.client_dir(pool, client).join("current"))
            .ok()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    }

    pub fn set_current(&self, pool: &str, client: &str, user: &str) -> Result<(), Failure> {
        write_private(
            &self.client_dir(pool, client).join("current"),
            user.as_bytes(),
        )
    }

    fn guest_path(&self, identity_pool: &str) -> PathBuf {
        self.root
            .join("guests")
            .join(format!("{}.json", file_name(identity_pool)))
    }

    pub fn guest(&self, identity_pool: &str) -> Result<Option<Identity>, Failure> {
        read_json(&self.guest_path(identity_pool))
    }

    pub fn save_guest(&self, identity: &Identity) -> Result<(), Failure> {
        write_private(
            &self.guest_path(&identity.identity_pool_id),
            &serde_json::to_vec_pretty(identity).unwrap_or_default(),
        )
    }
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Option<T>, Failure> {
    match std::fs::read(path) {
        // A file of another shape (an older cogform) is as good as none: sign in again.
        Ok(bytes) => Ok(serde_json::from_slice(&bytes).ok()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Failure::internal(format!(
            "cannot read {}: {e}",
            path.display()
        ))),
    }
}

/// Writes `bytes` to `path` readable by the owner only, through a temporary file renamed into
/// place, so a reader never sees half a file.
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let dir = path
        .parent()
        .ok_or_else(|| Failure::internal(format!("{} has no folder", path.display())))?;
    create_private_dir(dir)?;
    let fail =
        |e: std::io::Error| Failure::internal(format!("cannot write {}: {e}", path.display()));
    // tempfile creates the file with mode 0600 on Unix.
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> Result<(), Failure> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| Failure::internal(format!("cannot create {}: {e}", dir.display())))?;
    // A folder that existed with wider rights is narrowed: it holds tokens.
    let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    Ok(())
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> Result<(), Failure> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::internal(format!("cannot create {}: {e}", dir.display())))
}

/// What a file name keeps as is: letters, digits and `_@+-.`.
const KEPT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'_')
    .remove(b'@')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.');

/// A name safe as one path segment on every system: the rest percent-encoded, and a leading
/// `.` too (so `a/b`, `.` or `..` cannot leave the folder or hide a file).
fn file_name(name: &str) -> String {
    let encoded = percent_encoding::utf8_percent_encode(name, KEPT).to_string();
    match encoded.strip_prefix('.') {
        Some(rest) => format!("%2E{rest}"),
        None => encoded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(user: &str) -> Session {
        Session {
            version: VERSION,
            username: user.into(),
            region: "eu-west-1".into(),
            user_pool_id: "eu-west-1_Abc".into(),
            client_id: "client1".into(),
            id_token: "id".into(),
            access_token: "access".into(),
            refresh_token: "refresh".into(),
            expires_at: 1,
            identity: None,
        }
    }

    #[test]
    fn sessions_round_trip_privately_and_names_cannot_escape() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("cache"));
        for user in [
            "alice@example.com",
            "../../etc/passwd",
            "ünï cødé",
            ".hidden",
        ] {
            let path = store.save(&session(user)).unwrap();
            assert!(path.starts_with(store.root().join("sessions")), "{path:?}");
            assert_eq!(
                path.parent().unwrap(),
                store.client_dir("eu-west-1_Abc", "client1")
            );
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
                assert_eq!(mode, 0o600, "{path:?}");
                let dir_mode = std::fs::metadata(path.parent().unwrap())
                    .unwrap()
                    .permissions()
                    .mode()
                    & 0o777;
                assert_eq!(dir_mode, 0o700);
            }
            let back = store
                .load("eu-west-1_Abc", "client1", user)
                .unwrap()
                .unwrap();
            assert_eq!(back, session(user));
        }
        let files = std::fs::read_dir(store.client_dir("eu-west-1_Abc", "client1"))
            .unwrap()
            .count();
        assert_eq!(files, 4, "one file per user, all in the client's folder");
        store
            .set_current("eu-west-1_Abc", "client1", "alice@example.com")
            .unwrap();
        assert_eq!(
            store.current("eu-west-1_Abc", "client1").as_deref(),
            Some("alice@example.com")
        );
        assert!(
            store
                .remove("eu-west-1_Abc", "client1", "alice@example.com")
                .unwrap()
        );
        assert_eq!(store.current("eu-west-1_Abc", "client1"), None);
        assert!(
            !store
                .remove("eu-west-1_Abc", "client1", "alice@example.com")
                .unwrap()
        );
        assert_eq!(
            store
                .load("eu-west-1_Abc", "client1", "alice@example.com")
                .unwrap(),
            None
        );
    }

    #[test]
    fn a_file_of_another_version_is_no_session() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().to_path_buf());
        let mut s = session("a");
        s.version = 99;
        store.save(&s).unwrap();
        assert_eq!(store.load("eu-west-1_Abc", "client1", "a").unwrap(), None);
    }

    #[test]
    fn debug_output_hides_tokens() {
        let shown = format!("{:?}", session("a"));
        assert!(
            !shown.contains("refresh") && !shown.contains("\"id\""),
            "{shown}"
        );
    }
}
