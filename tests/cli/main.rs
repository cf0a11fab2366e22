//! Black-box tests of the `cogform` binary (one test binary: one link on a 2-core machine).
//! Each module covers one concern; `support` holds the shared helpers.

mod access;
mod cases;
mod categories;
mod category_invariants;
mod client_advice;
mod code_paths;
mod commands;
mod diff;
mod edit;
mod examples;
mod explain;
mod flag_values;
mod functions;
mod gateway_responses;
mod generated;
mod hostile;
mod iam_rules;
mod import;
mod invariants;
mod language;
mod loading;
mod loss;
mod machine;
mod outputs;
mod overrides;
mod prompts;
mod quotas;
mod readme;
mod report;
mod scenarios;
mod session;
mod sign_in;
mod support;
mod users_without_group;
