//! Who may do what, computed from a rendered template's IAM policies (not from the
//! configuration): a small IAM policy evaluator and the access matrix `cogform access` prints.
//!
//! - [`resolve`]: CloudFormation intrinsics resolved symbolically (fixed partition, region and
//!   account; symbolic bucket names and API ids).
//! - [`policy`]: statements and IAM's evaluation logic (explicit deny, allow, implicit deny;
//!   wildcards, policy variables, conditions), failing closed on anything unknown.
//! - [`model`]: the template's principals (identity-pool and group roles, and the signed-in
//!   user in no group the role mappings decide about) and the statements that apply to each.
//! - [`matrix`]: every principal × storage prefix × action and API route.
//! - [`statements`]: the user-written statements per role with their audience and risk
//!   classes (from the configuration and AWS's action catalogue).

pub mod matrix;
pub mod model;
pub mod policy;
pub mod resolve;
pub mod statements;

pub use matrix::{Matrix, Targets};
pub use model::{Model, Principal};
pub use policy::{Context, Decision, Evaluation, Request};
