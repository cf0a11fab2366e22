//! The commands after deploy: `login`, `logout`, `credentials`, `token`, `call`. What they
//! share: where the deployment's ids come from, the token cache, the endpoints, and a signed-in
//! user's fresh tokens and credentials.

mod answers;
pub mod cache;
pub mod call;
pub mod credentials;
pub mod login;

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use clap::Args;
use serde_json::Value;

use super::{Exit, Io};
use crate::load::Project;
use crate::session::identity::{self, Caller};
use crate::session::login::{Pool, refresh};
use crate::session::rpc::{Aws, Endpoints, Service};
use crate::session::sign::Credentials;
use crate::session::target::Target;
use crate::session::{Failure, jwt};
use cache::{Identity, Session, Store};

/// Options every session command takes.
#[derive(Debug, Clone, Args)]
pub struct SessionArgs {
    /// Environment of the deployment (with --stack-outputs: default the one the stack's
    /// description names).
    #[arg(long, value_name = "ENV")]
    pub env: Option<String>,
    /// The user (the name they sign in with). Default: the last user who signed in with
    /// `cogform login` to this pool.
    #[arg(long, value_name = "NAME")]
    pub user: Option<String>,
    /// Read the ids from the JSON of `aws cloudformation describe-stacks` (as `outputs` takes).
    #[arg(long, value_name = "FILE", conflicts_with = "outputs")]
    pub stack_outputs: Option<PathBuf>,
    /// Read the ids from this amplify_outputs.json (default: ./amplify_outputs.json, else the
    /// project's).
    #[arg(long, value_name = "FILE")]
    pub outputs: Option<PathBuf>,
    /// Send every AWS call (Cognito, STS) to this URL instead of the Region's endpoints, as
    /// the AWS CLI's option does (also AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>).
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
}

/// What a session command works with.
pub struct Context {
    pub project: Project,
    pub target: Target,
    /// The environment, when known (named by --env or by the stack).
    pub env: Option<String>,
    pub store: Store,
    pub aws: Aws,
    /// Where the ids were read from, for messages.
    pub source: String,
    /// The environment's final template, when it was rendered to read the stack's outputs.
    pub template: Option<Value>,
}

impl Context {
    pub fn pool(&self) -> Pool<'_> {
        Pool {
            user_pool_id: &self.target.user_pool_id,
            client_id: &self.target.client_id,
        }
    }

    /// `--user`, else the last user who signed in.
    pub fn user(&self, args: &SessionArgs) -> Result<String, Failure> {
        if let Some(u) = &args.user {
            return Ok(u.clone());
        }
        self.store
            .current(&self.target.user_pool_id, &self.target.client_id)
            .ok_or_else(|| {
                Failure::invalid(
                    format!(
                        "no user is signed in to user pool {}",
                        self.target.user_pool_id
                    ),
                    "run `cogform login --user NAME` first (or pass `--user NAME`)",
                )
            })
    }

    /// The user's session with tokens valid for at least a minute (refreshed if needed).
    pub fn fresh_session(&self, user: &str) -> Result<Session, Failure> {
        let pool = self.pool();
        let mut session = self
            .store
            .load(pool.user_pool_id, pool.client_id, user)?
            .ok_or_else(|| {
                Failure::invalid(
                    format!(
                        "`{user}` is not signed in to user pool {}",
                        pool.user_pool_id
                    ),
                    format!("run `cogform login --user {user}`"),
                )
            })?;
        if session.expires_at - 60 > now() {
            return Ok(session);
        }
        let rotating = crate::outputs::app_client(&self.project.auth)
            .is_some_and(|c| c.refresh_token_rotation.is_some());
        match refresh(&self.aws, &pool, user, &session.refresh_token, rotating) {
            Ok(tokens) => {
                session.id_token = tokens.id_token;
                session.access_token = tokens.access_token;
                if let Some(r) = tokens.refresh_token {
                    session.refresh_token = r;
                }
                session.expires_at = now() + tokens.expires_in;
                // New tokens: the credentials are fetched again with them.
                if let Some(identity) = &mut session.identity {
                    identity.credentials = None;
                }
                self.store.save(&session)?;
                Ok(session)
            }
            Err(e) => {
                if !e.internal {
                    // An ended session is useless; forget it so nothing reuses it.
                    let _ = self.store.remove(pool.user_pool_id, pool.client_id, user);
                }
                Err(e)
            }
        }
    }

    fn identity_pool(&self) -> Result<&str, Failure> {
        self.target.identity_pool_id.as_deref().ok_or_else(|| {
            Failure::invalid(
                "this project has no identity pool, so no AWS credentials",
                "enable `identity_pool:` in backend/auth.yaml (signed-in users and guests then get the roles `cogform access` shows)",
            )
        })
    }

    /// The identity and credentials of `user` (or of a guest when `None`).
    pub fn credentials(&self, user: Option<&str>) -> Result<(Identity, Credentials), Failure> {
        let identity_pool = self.identity_pool()?.to_string();
        match user {
            None => {
                if !self.target.guests {
                    return Err(Failure::invalid(
                        "this deployment does not give guests credentials",
                        "set `identity_pool: { guest_access: true }` in backend/auth.yaml and deploy, or sign in (`cogform login`) and drop `--guest`",
                    ));
                }
                let cached = self
                    .store
                    .guest(&identity_pool)?
                    .filter(|i| i.identity_pool_id == identity_pool);
                let (identity, credentials) =
                    self.refresh_identity(cached, &identity_pool, Caller::Guest)?;
                self.store.save_guest(&identity)?;
                Ok((identity, credentials))
            }
            Some(user) => {
                let mut session = self.fresh_session(user)?;
                let cached = session
                    .identity
                    .clone()
                    .filter(|i| i.identity_pool_id == identity_pool);
                let caller = Caller::User {
                    user_pool_id: &self.target.user_pool_id,
                    id_token: &session.id_token,
                };
                let (identity, credentials) =
                    self.refresh_identity(cached, &identity_pool, caller)?;
                session.identity = Some(identity.clone());
                self.store.save(&session)?;
                Ok((identity, credentials))
            }
        }
    }

    /// The cached identity while its credentials last five more minutes, else the identity
    /// (the cached id, or a new one) with fresh credentials.
    fn refresh_identity(
        &self,
        cached: Option<Identity>,
        identity_pool: &str,
        caller: Caller,
    ) -> Result<(Identity, Credentials), Failure> {
        if let Some(i) = &cached
            && let Some(c) = i
                .credentials
                .as_ref()
                .filter(|c| c.expiration - 300 > now())
        {
            return Ok((i.clone(), c.clone()));
        }
        let identity_id = match &cached {
            Some(i) => i.identity_id.clone(),
            None => identity::identity_id(&self.aws, identity_pool, caller)?,
        };
        let credentials = identity::credentials(&self.aws, &identity_id, caller)?;
        // Which role the identity pool chose; informative, so a failure only leaves it unknown.
        let role_arn = self.aws.caller_arn(&credentials).ok();
        let identity = Identity {
            identity_pool_id: identity_pool.to_string(),
            identity_id,
            credentials: Some(credentials.clone()),
            role_arn,
        };
        Ok((identity, credentials))
    }

    /// The groups in `user`'s id token (none when the token cannot be read).
    pub fn groups(session: &Session) -> Vec<String> {
        jwt::claims(&session.id_token)
            .map(|c| c.groups)
            .unwrap_or_default()
    }
}

/// Seconds since the epoch.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Loads the project and finds the deployment, the cache and the endpoints.
pub fn open(dir: &Path, args: &SessionArgs, io: &mut Io) -> Result<Context, Exit> {
    let project = match crate::validate::load_valid(dir) {
        Ok(p) => p,
        Err(crate::load::LoadError::Invalid(diagnostics)) => {
            super::report(&diagnostics, io);
            return Err(Exit::Invalid);
        }
        Err(e @ crate::load::LoadError::NotAProject(_)) => {
            io.say(format!("error: {e}"));
            return Err(Exit::Invalid);
        }
        Err(crate::load::LoadError::Io(e)) => {
            io.say(format!("error: {e}"));
            return Err(Exit::Internal);
        }
    };
    let found = match &args.stack_outputs {
        Some(file) => from_stack(&project, file, args.env.as_deref(), io)?,
        None => from_outputs_file(dir, args.outputs.as_deref()),
    };
    let (target, env, source, template) = match found {
        Ok(x) => x,
        Err(e) => return Err(fail(io, e)),
    };
    let store = match cache_store(&project) {
        Ok(s) => s,
        Err(e) => return Err(fail(io, e)),
    };
    let endpoints = endpoints(args.endpoint_url.as_deref());
    let aws = Aws::new(endpoints, &target.region);
    Ok(Context {
        project,
        target,
        env,
        store,
        aws,
        source,
        template,
    })
}

/// The deployment, its environment (when known), where it was read from, and the template.
type Found = (Target, Option<String>, String, Option<Value>);

fn from_stack(
    project: &Project,
    file: &Path,
    env: Option<&str>,
    io: &mut Io,
) -> Result<Result<Found, Failure>, Exit> {
    // The outputs file is made from the configuration and the rendered template, as
    // `cogform outputs` makes it; the build's warnings and notes are `build`'s to print, not
    // this command's (its output may be a credential process's), unless it fails.
    let (mut quiet, captured) = Io::in_memory(None);
    let built = match super::render(project, &mut quiet) {
        Ok(built) => built,
        Err(code) => {
            io.say(captured.stderr().trim_end());
            return Err(code);
        }
    };
    let shown = file.display().to_string();
    let text = match super::outputs::read_input(file) {
        Ok(t) => t,
        Err(why) => {
            return Ok(Err(Failure::invalid(
                format!("cannot read {shown}: {why}"),
                "pass the JSON printed by `aws cloudformation describe-stacks --stack-name NAME`",
            )));
        }
    };
    let made = crate::outputs::StackOutputs::parse(&text).and_then(|stack| {
        let env = crate::outputs::choose_env(project, env, &stack)?;
        let template = built
            .templates
            .iter()
            .find(|(name, _)| *name == env)
            .map(|(_, t)| t);
        crate::outputs::generate(project, &env, &stack, template)
            .map(|g| (env, g.value, template.cloned()))
    });
    Ok(match made {
        Ok((env, doc, template)) => {
            Target::from_outputs(&doc, &shown).map(|t| (t, Some(env), shown.clone(), template))
        }
        Err(e) => Err(Failure {
            message: format!("{shown}: {}", e.message),
            help: e.help,
            internal: e.internal,
        }),
    })
}

fn from_outputs_file(dir: &Path, file: Option<&Path>) -> Result<Found, Failure> {
    let candidates: Vec<PathBuf> = match file {
        Some(f) => vec![f.to_path_buf()],
        None => vec![
            PathBuf::from("amplify_outputs.json"),
            dir.join("amplify_outputs.json"),
        ],
    };
    let Some(path) = candidates.iter().find(|p| p.is_file()) else {
        return Err(Failure::invalid(
            match file {
                Some(f) => format!("{} does not exist", f.display()),
                None => "no amplify_outputs.json here or in the project".to_string(),
            },
            "pass `--stack-outputs FILE` (the JSON of `aws cloudformation describe-stacks`), or write amplify_outputs.json with `cogform outputs`",
        ));
    };
    let shown = path.display().to_string();
    let bytes = crate::load::source::read_bounded(path)
        .map_err(|e| Failure::invalid(format!("cannot read {shown}: {e}"), "check the file"))?;
    let doc: Value = serde_json::from_slice(&bytes).map_err(|e| {
        Failure::invalid(
            format!(
                "{shown} is not JSON (line {}, column {})",
                e.line(),
                e.column()
            ),
            "write it again with `cogform outputs`",
        )
    })?;
    Target::from_outputs(&doc, &shown).map(|t| (t, None, shown, None))
}

/// The cache folder: `COGFORM_CACHE_DIR`, else the platform's cache folder. Refused inside the
/// project's repository, where tokens could be committed.
fn cache_store(project: &Project) -> Result<Store, Failure> {
    let root = match std::env::var_os("COGFORM_CACHE_DIR").filter(|v| !v.is_empty()) {
        Some(dir) => absolute(PathBuf::from(dir)),
        None => dirs::cache_dir()
            .map(|d| d.join("cogform"))
            .ok_or_else(|| {
                Failure::invalid(
                    "this system names no cache folder for the token cache",
                    "set COGFORM_CACHE_DIR to a private folder outside the project",
                )
            })?,
    };
    let project_root = normalize(&absolute(project.root.clone()));
    let repository = super::root::repository_root(&project_root)
        .map(Path::to_path_buf)
        .unwrap_or(project_root);
    if normalize(&root).starts_with(&repository) {
        return Err(Failure::invalid(
            format!(
                "the token cache {} is inside the repository {}, where tokens could be committed",
                root.display(),
                repository.display()
            ),
            "point COGFORM_CACHE_DIR outside the repository (or unset it to use your cache folder)",
        ));
    }
    Ok(Store::new(root))
}

fn absolute(p: PathBuf) -> PathBuf {
    if p.is_absolute() {
        p
    } else {
        std::env::current_dir().map(|d| d.join(&p)).unwrap_or(p)
    }
}

/// `a/./b/../c` → `a/c`, and symbolic links resolved where the path exists.
fn normalize(p: &Path) -> PathBuf {
    if let Ok(real) = p.canonicalize() {
        return real;
    }
    // The part that exists, resolved, then the rest as written.
    let mut existing = p.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for part in rest.iter().rev() {
        if part == ".." {
            out.pop();
        } else if part != "." {
            out.push(part);
        }
    }
    out
}

/// `--endpoint-url`, then the AWS SDKs' environment variables.
fn endpoints(all: Option<&str>) -> Endpoints {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    Endpoints {
        all: all.map(String::from),
        per_service: Service::ALL
            .iter()
            .filter_map(|s| var(&format!("AWS_ENDPOINT_URL_{}", s.env_suffix())).map(|u| (*s, u)))
            .collect(),
        default: var("AWS_ENDPOINT_URL"),
    }
}

/// Prints a failure; its exit code.
pub fn fail(io: &mut Io, e: Failure) -> Exit {
    io.say(e.to_string());
    if e.internal {
        Exit::Internal
    } else {
        Exit::Invalid
    }
}
