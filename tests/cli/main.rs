//! Black-box tests of the `cogform` binary (one test binary: one link on a 2-core machine).
//! Each module covers one concern; `support` holds the shared helpers.

mod access;
mod categories;
mod category_invariants;
mod commands;
mod diff;
mod edit;
mod examples;
mod hostile;
mod invariants;
mod outputs;
mod prompts;
mod quotas;
mod support;
mod users_without_group;
