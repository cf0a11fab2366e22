//! cogform: declarative Cognito auth (YAML) → validated → deterministic CloudFormation.
//!
//! The pipeline is `load` (files → typed config, located errors) → `validate` (semantic
//! rules) → `render` (templates → canonical text) → `check` (compare with disk). The `cli`
//! module is the only one that touches the terminal, the file system and the environment.

pub mod access;
pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod iam;
pub mod load;
pub mod outputs;
pub mod prompts;
pub mod quota;
pub mod render;
pub mod validate;
