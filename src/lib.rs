//! cogform: declarative Cognito auth (YAML) → validated → deterministic CloudFormation.
//!
//! The pipeline is `load` (files → typed config, located errors) → `validate` (semantic
//! rules) → `pipeline` (render → overrides → quotas → invariants → emit → verify) → `check`
//! (compare with disk). The `cli` module is the only one that touches the terminal, the file
//! system and the environment; `session` (what the commands after deploy, `login`,
//! `credentials` and `call`, compute) is the only one that talks to AWS.

pub mod access;
pub mod cfn;
pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod explain;
pub mod iam;
pub mod ids;
pub mod import;
pub mod invariants;
pub mod load;
pub mod outputs;
pub mod overrides;
pub mod pipeline;
pub mod prompts;
pub mod quota;
pub mod render;
pub mod report;
pub mod session;
pub mod shell;
pub mod validate;
