//! Generated answer sets, as a user would give them: each set is answered once at the prompts
//! (in-process, as if typed at a terminal) and once as `--yes` flags. Both must exit with the
//! same code (never 4), write byte-identical files that read back as exactly what was asked
//! (never more), and the project must then validate and build. Garbled flag values must be
//! refused (exit 2) naming the flag and the value as typed, with the project unchanged.
//!
//! CI runs a bounded number of cases per property (`GENERATED_CASES`, default 32); a longer
//! hunt: `GENERATED_CASES=2000 cargo test --test cli generated`.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::Path;
use std::rc::Rc;

use clap::Parser;
use cogform::cli::{Cli, Io};
use cogform::prompts::{Check, PromptError, Prompter, Q, replay};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

use crate::support::{project, snapshot_tree};

fn cases() -> u32 {
    std::env::var("GENERATED_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(32)
}

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    })
}

/// One command run in-process: exit code, stderr.
pub(crate) struct Outcome {
    pub(crate) code: i32,
    pub(crate) stderr: String,
}

pub(crate) fn cogform(dir: &Path, args: &[String], prompter: Option<Box<dyn Prompter>>) -> Outcome {
    let mut argv = vec![
        "cogform".to_string(),
        "-C".into(),
        dir.display().to_string(),
    ];
    argv.extend(args.iter().cloned());
    let cli = Cli::try_parse_from(&argv).unwrap_or_else(|e| panic!("{argv:?}: {e}"));
    let (mut io, captured) = Io::in_memory(prompter);
    let code = cogform::cli::run(cli, &mut io) as i32;
    Outcome {
        code,
        stderr: captured.stderr(),
    }
}

// ---------------------------------------------------------------------------------------
// The answerer: types each flag's value into the question that flag answers.

/// Answers questions from the values of flags (`--groups` → "User groups?"), the way a user
/// who knows what they want types it; every other question keeps its default. A refused
/// answer is a failure: the same value given as a flag was accepted before the questions.
#[derive(Default)]
pub(crate) struct Typist {
    values: BTreeMap<String, String>,
    /// Repeatable flags (`--function`, `--route`), in order.
    repeated: BTreeMap<String, Vec<String>>,
}

impl Typist {
    pub(crate) fn from_args(args: &[String]) -> Self {
        let mut t = Typist::default();
        let mut i = 0;
        while i < args.len() {
            let a = &args[i];
            if let Some(flag) = a.strip_prefix("--") {
                let (name, value) = match flag.split_once('=') {
                    Some((n, v)) => (format!("--{n}"), v.to_string()),
                    None if i + 1 < args.len() && !args[i + 1].starts_with("--") => {
                        i += 1;
                        (a.clone(), args[i].clone())
                    }
                    None => (a.clone(), "true".into()),
                };
                if name == "--function" || name == "--route" {
                    t.repeated.entry(name).or_default().push(value);
                } else {
                    t.values.insert(name, value);
                }
            }
            i += 1;
        }
        t
    }

    fn value(&self, flag: &str) -> Option<&str> {
        self.values.get(flag).map(String::as_str)
    }

    fn list(&self, flag: &str) -> Vec<String> {
        self.value(flag)
            .map(|v| {
                v.split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `NAME:A:B` items of a list flag, by name.
    fn items(&self, flag: &str) -> BTreeMap<String, Vec<String>> {
        self.list(flag)
            .into_iter()
            .map(|i| {
                let mut parts = i.split(':').map(str::to_string);
                let name = parts.next().unwrap_or_default();
                (name, parts.collect())
            })
            .collect()
    }

    fn function_spec(&self, name: &str) -> Option<String> {
        self.repeated
            .get("--function")?
            .iter()
            .find_map(|f| f.strip_prefix(&format!("{name}=")).map(str::to_string))
    }

    /// The settings of the `--route` for `route` (`GET /items`).
    fn route(&self, route: &str) -> BTreeMap<String, String> {
        self.repeated
            .get("--route")
            .into_iter()
            .flatten()
            .find(|r| r.split_whitespace().take(2).collect::<Vec<_>>().join(" ") == route)
            .map(|r| {
                r.split_whitespace()
                    .skip(2)
                    .filter_map(|w| w.split_once('='))
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The actions `audience` has in a storage level flag (`guest=read,EDITORS=write`).
    fn level_actions(&self, level: &str, audience: &str) -> Option<Vec<String>> {
        let rule = self.value(&format!("--{level}"))?;
        Some(
            rule.split(',')
                .filter_map(|i| i.split_once('='))
                .find(|(who, _)| *who == audience)
                .map(|(_, a)| a.split('+').map(str::to_string).collect())
                .unwrap_or_default(),
        )
    }
}

/// The text between the first pair of backticks (`Where is the code of `x`?`).
fn quoted(text: &str) -> &str {
    text.split('`').nth(1).unwrap_or_default()
}

fn route_in(text: &str) -> String {
    // "Who can call GET /items?" → "GET /items"
    let t = text.trim_end_matches('?');
    let words: Vec<&str> = t.split_whitespace().collect();
    words[words.len() - 2..].join(" ")
}

fn refused(q: &Q, answer: &str, why: String) -> PromptError {
    PromptError::Unavailable(format!(
        "{} ({}) refused the typed answer {answer:?}: {why}",
        q.text, q.flag
    ))
}

/// The option a user would pick; an answer the question does not offer is refused, as a
/// user would find it missing from the list.
fn index(options: &[&str], label: &str) -> Result<usize, PromptError> {
    options.iter().position(|o| *o == label).ok_or_else(|| {
        PromptError::Refused(format!("`{label}` is not offered (options: {options:?})"))
    })
}

const PRESETS: [(&str, &[&str]); 5] = [
    ("nothing", &[]),
    ("read", &["read"]),
    ("read and write", &["read", "write"]),
    ("read, write and delete", &["read", "write", "delete"]),
    ("write (upload only)", &["write"]),
];

impl Prompter for Typist {
    fn text(&mut self, q: &Q, default: &str, check: &Check) -> Result<String, PromptError> {
        let flag = q.flag.split_whitespace().next().unwrap_or_default();
        let answer = if let Some(name) = q.text.strip_prefix("Precedence of ") {
            let name = name.trim_end_matches('?');
            self.items("--groups")
                .get(name)
                .and_then(|p| p.first().cloned())
                .unwrap_or_else(|| default.to_string())
        } else if flag == "--custom-attributes" || flag == "--groups" {
            // The names in the order given (the walkthrough asks the rest of each next).
            let names: Vec<String> = self
                .list(flag)
                .iter()
                .map(|i| i.split(':').next().unwrap_or_default().to_string())
                .collect();
            names.join(", ")
        } else if q.text.starts_with("Lambda functions") {
            let names: Vec<String> = self
                .repeated
                .get("--function")
                .into_iter()
                .flatten()
                .map(|f| f.split('=').next().unwrap_or_default().to_string())
                .collect();
            names.join(", ")
        } else if q.text.starts_with("Routes?") {
            let routes: Vec<String> = self
                .repeated
                .get("--route")
                .into_iter()
                .flatten()
                .map(|r| r.split_whitespace().take(2).collect::<Vec<_>>().join(" "))
                .collect();
            routes.join(", ")
        } else if q.text.starts_with("ARN of") {
            self.function_spec(quoted(&q.text)).unwrap_or_default()
        } else if q.text.starts_with("Handler of") || q.text.starts_with("Folder of") {
            let spec = self.function_spec(quoted(&q.text)).unwrap_or_default();
            let part = usize::from(q.text.starts_with("Folder of")) + 1;
            spec.splitn(3, ':').nth(part).unwrap_or(default).to_string()
        } else if q.text.starts_with("OAuth scopes") {
            self.route(&route_in(q.text.split(" for ").nth(1).unwrap_or_default()))
                .get("scopes")
                .cloned()
                .unwrap_or_else(|| default.to_string())
        } else {
            self.value(flag).unwrap_or(default).to_string()
        };
        check.run(&answer).map_err(|why| refused(q, &answer, why))?;
        Ok(answer)
    }

    fn confirm(&mut self, q: &Q, default: bool) -> Result<bool, PromptError> {
        if let Some(rest) = q.text.strip_prefix("Can users change custom:") {
            let name = rest.split_whitespace().next().unwrap_or_default();
            let spec = self.items("--custom-attributes");
            return Ok(spec
                .get(name)
                .and_then(|p| p.get(1))
                .map(|m| m != "immutable")
                .unwrap_or(default));
        }
        let flag = q.flag.split_whitespace().next().unwrap_or_default();
        Ok(self.value(flag).map(|v| v == "true").unwrap_or(default))
    }

    fn select(&mut self, q: &Q, options: &[&str], default: usize) -> Result<usize, PromptError> {
        let flag = q.flag.split_whitespace().next().unwrap_or_default();
        if flag == "--manual" {
            return Ok(1);
        }
        if flag == "--users-without-group" {
            // Options are sentences; the flag's words pick them in order.
            return Ok(match self.value(flag) {
                Some("no_credentials") => 1,
                Some(_) => 0,
                None => default,
            });
        }
        if let Some(name) = q.text.strip_prefix("Type of custom:") {
            let name = name.trim_end_matches('?');
            return Ok(self
                .items("--custom-attributes")
                .get(name)
                .and_then(|p| p.first())
                .map(|t| index(options, t))
                .transpose()?
                .unwrap_or(default));
        }
        if q.text.starts_with("Where is the code of") {
            let spec = self.function_spec(quoted(&q.text)).unwrap_or_default();
            return Ok(usize::from(!spec.starts_with("arn:")));
        }
        if q.text.starts_with("Runtime of") {
            let spec = self.function_spec(quoted(&q.text)).unwrap_or_default();
            return index(options, spec.split(':').next().unwrap_or_default());
        }
        if flag == "--called-by" {
            // Options read `VALUE — what it means`.
            let value = self.value(flag).unwrap_or("none");
            return options
                .iter()
                .position(|o| o.split(" — ").next() == Some(value))
                .ok_or_else(|| PromptError::Refused(format!("`{value}` is not offered")));
        }
        if q.text.starts_with("Which function serves") {
            let r = self.route(&route_in(&q.text));
            return Ok(r
                .get("function")
                .map(|f| index(options, f))
                .transpose()?
                .unwrap_or(0));
        }
        if q.text.starts_with("Who can call") {
            let r = self.route(&route_in(&q.text));
            return index(options, r.get("auth").map(String::as_str).unwrap_or("iam"));
        }
        if let Some(level) = ["public", "protected", "private", "uploads"]
            .into_iter()
            .find(|l| flag == format!("--{l}"))
        {
            let audience = if q.text.contains("guests") {
                "guest"
            } else if q.text.contains("signed-in users") {
                "authenticated"
            } else {
                "owner"
            };
            let Some(actions) = self.level_actions(level, audience) else {
                return Ok(default);
            };
            let label = PRESETS
                .iter()
                .find(|(_, a)| a.iter().map(|s| s.to_string()).collect::<Vec<_>>() == actions)
                .map(|(l, _)| *l)
                .unwrap_or_else(|| panic!("{actions:?} is no preset"));
            return index(options, label);
        }
        Ok(self
            .value(flag)
            .map(|v| index(options, v))
            .transpose()?
            .unwrap_or(default))
    }

    fn multi_select(
        &mut self,
        q: &Q,
        options: &[&str],
        defaults: &[usize],
        check: &Check,
    ) -> Result<Vec<usize>, PromptError> {
        let flag = q.flag.split_whitespace().next().unwrap_or_default();
        let sign_in = ["--email", "--phone", "--username"];
        let wanted: Option<Vec<String>> = if flag == "--email/--phone/--username" {
            sign_in
                .iter()
                .any(|f| self.values.contains_key(*f))
                .then(|| {
                    ["email", "phone", "username"]
                        .into_iter()
                        .filter(|m| self.value(&format!("--{m}")).is_some())
                        .map(str::to_string)
                        .collect()
                })
        } else if flag.starts_with("--providers/") {
            Some(match self.value("--providers") {
                Some(list) => list
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
                None => ["google", "facebook", "amazon"]
                    .into_iter()
                    .filter(|p| self.value(&format!("--{p}-client-id")).is_some())
                    .chain(self.value("--apple-services-id").map(|_| "apple"))
                    .chain(self.value("--oidc-name").map(|_| "oidc"))
                    .chain(self.value("--saml-name").map(|_| "saml"))
                    .map(str::to_string)
                    .collect(),
            })
        } else if q.text.starts_with("Which callers may invoke") {
            self.route(&route_in(&q.text))
                .get("allow")
                .map(|a| a.split(',').map(str::to_string).collect())
        } else if let Some(level) = ["public", "uploads"]
            .into_iter()
            .find(|l| flag == format!("--{l}"))
        {
            self.value(&format!("--{level}")).map(|rule| {
                rule.split(',')
                    .filter_map(|i| i.split_once('='))
                    .map(|(who, _)| who.to_string())
                    .filter(|who| options.contains(&who.as_str()))
                    .collect()
            })
        } else if flag == "--attributes" {
            // Required attributes are stored too (the flag adds them).
            let mut all = self.list("--attributes");
            all.extend(self.list("--required-attributes"));
            self.values.get("--attributes").map(|_| all)
        } else {
            self.values.get(flag).map(|_| self.list(flag))
        };
        let chosen: Vec<usize> = match wanted {
            Some(w) => options
                .iter()
                .enumerate()
                .filter(|(_, o)| w.iter().any(|x| x == *o))
                .map(|(i, _)| i)
                .collect(),
            None => defaults.to_vec(),
        };
        let answer = cogform::prompts::joined(options, &chosen);
        check.run(&answer).map_err(|why| refused(q, &answer, why))?;
        Ok(chosen)
    }
}

// ---------------------------------------------------------------------------------------
// Generators of answer sets (as the flags that give them).

fn pick<T: Clone + std::fmt::Debug + 'static>(from: &'static [T]) -> impl Strategy<Value = Vec<T>> {
    proptest::sample::subsequence(from, 0..=from.len())
}

use cogform::config::auth::STANDARD_ATTRIBUTES as STANDARD;
const CUSTOM_NAMES: [&str; 5] = ["plan", "tenant", "score", "verified_at", "team2"];
const CUSTOM_TYPES: [&str; 4] = ["string", "number", "boolean", "datetime"];
const GROUPS: [&str; 4] = ["ADMINS", "EDITORS", "readers", "Ops-Team"];
const CLASSES: [&str; 4] = ["lowercase", "uppercase", "numbers", "symbols"];
const RECOVERY: [&str; 5] = [
    "email",
    "phone",
    "email_then_phone",
    "phone_then_email",
    "admin_only",
];
const PROVIDERS: [&str; 6] = ["google", "facebook", "amazon", "apple", "oidc", "saml"];

prop_compose! {
    /// An `add auth` answer set, as flags. Combinations `validate` refuses are repaired the
    /// way a user would after reading the message (SMS and phone recovery need a phone number).
    fn auth_flags()(
        login in pick(&["email", "phone", "username"]).prop_filter("one sign-in", |l| !l.is_empty()),
        stored in pick(&STANDARD),
        required_mask in proptest::collection::vec(any::<bool>(), 17),
        custom in pick(&CUSTOM_NAMES),
        custom_kinds in proptest::collection::vec((0usize..4, any::<bool>()), 5),
        self_signup in any::<bool>(),
        min_length in 8u32..=99,
        require in pick(&CLASSES),
        mfa in 0usize..3,
        methods in pick(&["totp", "sms"]).prop_filter("a method", |m| !m.is_empty()),
        recovery in 0usize..5,
        groups in pick(&GROUPS),
        providers in pick(&PROVIDERS),
        guests in any::<bool>(),
        group_roles in any::<bool>(),
        no_credentials in any::<bool>(),
        factors in pick(&["email_otp", "sms_otp", "passkey"]),
        email_mfa in any::<bool>(),
        own_relying_party in any::<bool>(),
        managed_login in any::<bool>(),
        plan in proptest::option::of(0usize..3),
        threat in 0usize..3,
    ) -> Vec<String> {
        let mut a: Vec<String> = vec!["add".into(), "auth".into()];
        // Codes go to the address or number users sign in with.
        let mut login = login;
        for (factor, by) in [("email_otp", "email"), ("sms_otp", "phone")] {
            if factors.contains(&factor) && !login.contains(&by) {
                login.push(by);
            }
        }
        for l in &login {
            a.push(format!("--{l}"));
        }
        a.push(format!("--passwordless={}", factors.join(",")));
        let mut stored: Vec<&str> = stored;
        let mut methods = methods;
        if email_mfa && !methods.contains(&"email") {
            methods.push("email");
        }
        // Email MFA sends to the email attribute.
        if mfa > 0 && methods.contains(&"email") && !login.contains(&"email") && !stored.contains(&"email") {
            stored.push("email");
        }
        let sends_email = factors.contains(&"email_otp") || (mfa > 0 && methods.contains(&"email"));
        if sends_email {
            a.push("--ses-from=App <no-reply@app.example.com>".into());
            a.push("--ses-source-arn=arn:aws:ses:eu-west-1:123456789012:identity/app.example.com".into());
        }
        let needs_phone = (mfa > 0 && methods.contains(&"sms")) || RECOVERY[recovery].contains("phone");
        if needs_phone && !login.contains(&"phone") && !stored.contains(&"phone_number") {
            stored.push("phone_number");
        }
        // A required attribute must be writable and set at sign-up; keep sign-in ones out.
        let required: Vec<&str> = stored
            .iter()
            .enumerate()
            .filter(|(i, n)| required_mask[*i] && !["email", "phone_number"].contains(n))
            .map(|(_, n)| *n)
            .collect();
        if !stored.is_empty() {
            a.push(format!("--attributes={}", stored.join(",")));
        }
        if !required.is_empty() {
            a.push(format!("--required-attributes={}", required.join(",")));
        }
        if !custom.is_empty() {
            let items: Vec<String> = custom
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let (k, m) = custom_kinds[i];
                    format!("{n}:{}:{}", CUSTOM_TYPES[k], if m { "mutable" } else { "immutable" })
                })
                .collect();
            a.push(format!("--custom-attributes={}", items.join(",")));
        }
        a.push(format!("--self-signup={self_signup}"));
        a.push(format!("--password-min-length={min_length}"));
        if !require.is_empty() {
            a.push(format!("--password-require={}", require.join(",")));
        }
        a.push(format!("--mfa={}", ["off", "optional", "required"][mfa]));
        if mfa > 0 {
            a.push(format!("--mfa-methods={}", methods.join(",")));
        }
        a.push(format!("--recovery={}", RECOVERY[recovery]));
        if !groups.is_empty() {
            let items: Vec<String> = groups.iter().enumerate().map(|(i, g)| format!("{g}:{}", i * 2)).collect();
            a.push(format!("--groups={}", items.join(",")));
        }
        for p in &providers {
            match *p {
                "apple" => a.extend([
                    "--apple-services-id=com.example.web".into(),
                    "--apple-team-id=ABCDE12345".into(),
                    "--apple-key-id=KEY1234567".into(),
                    "--apple-private-key=app/apple#key".into(),
                ]),
                "oidc" => a.extend([
                    "--oidc-name=Corp".into(),
                    "--oidc-issuer=https://idp.example.com".into(),
                    "--oidc-client-id=corp-client".into(),
                    "--oidc-secret=app/corp#secret".into(),
                ]),
                "saml" => a.extend([
                    "--saml-name=Okta".into(),
                    "--saml-metadata-url=https://okta.example.com/metadata".into(),
                ]),
                social => a.extend([
                    format!("--{social}-client-id={social}-id-123"),
                    format!("--{social}-secret=app/{social}#secret"),
                ]),
            }
        }
        if !providers.is_empty() {
            a.push("--domain-prefix=gen-app".into());
            a.push("--callback-urls=https://app.example.com/,http://localhost:5173/".into());
            a.push("--logout-urls=https://app.example.com/".into());
        }
        let hosted_ui = !providers.is_empty();
        if hosted_ui {
            a.push(format!("--managed-login={managed_login}"));
        }
        // Without a hosted UI, passkeys need their domain named.
        if factors.contains(&"passkey") && (own_relying_party || !hosted_ui) {
            a.push("--passkey-relying-party=app.example.com".into());
        }
        // Lite only where it includes every feature chosen, as the question offers it.
        let needs_more = !factors.is_empty()
            || (mfa > 0 && methods.contains(&"email"))
            || (hosted_ui && managed_login);
        if let Some(p) = plan {
            let p = if needs_more && p == 0 { 1 } else { p };
            a.push(format!("--plan={}", ["lite", "essentials", "plus"][p]));
            if p == 2 {
                a.push(format!("--threat-protection={}", ["off", "audit", "enforced"][threat]));
            }
        }
        a.push(format!("--guest-access={guests}"));
        if !groups.is_empty() {
            a.push(format!("--group-roles={}", if group_roles { "token" } else { "none" }));
            if group_roles {
                let who = if no_credentials { "no_credentials" } else { "authenticated" };
                a.push(format!("--users-without-group={who}"));
            }
        }
        a
    }
}

/// A storage level rule the prompts can express (their presets), as a flag value.
fn level_rule(
    level: &'static str,
    groups: &'static [&'static str],
) -> impl Strategy<Value = String> {
    let presets: &'static [&'static str] = match level {
        "uploads" => &["write"],
        _ => &["read", "read+write", "read+write+delete"],
    };
    let others: &'static [&'static str] = match level {
        "protected" => &["read"],
        _ => presets,
    };
    (
        any::<bool>(),
        proptest::option::of(proptest::sample::select(others)),
        proptest::option::of(proptest::sample::select(
            &["read", "read+write", "read+write+delete"][..],
        )),
        pick(groups),
    )
        .prop_map(move |(guest, auth, owner, gs)| {
            let mut parts: Vec<String> = Vec::new();
            if guest && matches!(level, "public" | "protected") {
                parts.push("guest=read".into());
            }
            if level != "private"
                && let Some(a) = auth
            {
                parts.push(format!("authenticated={a}"));
            }
            if matches!(level, "private" | "protected") {
                parts.push(format!("owner={}", owner.unwrap_or("read")));
            }
            if matches!(level, "public" | "uploads") {
                let best = if level == "uploads" {
                    "write"
                } else {
                    "read+write+delete"
                };
                parts.extend(gs.iter().map(|g| format!("{g}={best}")));
            }
            if parts.is_empty() {
                parts.push(format!("authenticated={}", presets[0]));
            }
            parts.join(",")
        })
}

const PROJECT_GROUPS: [&str; 2] = ["ADMINS", "EDITORS"];

prop_compose! {
    fn storage_flags()(
        levels in pick(&["public", "protected", "private", "uploads"]).prop_filter("a level", |l| !l.is_empty()),
        public in level_rule("public", &PROJECT_GROUPS),
        protected in level_rule("protected", &PROJECT_GROUPS),
        private in level_rule("private", &PROJECT_GROUPS),
        uploads in level_rule("uploads", &PROJECT_GROUPS),
        default in any::<bool>(),
        cors in pick(&["http://localhost:5173", "https://app.example.com"]),
    ) -> Vec<String> {
        let mut a: Vec<String> = vec!["add".into(), "storage".into(), "media".into()];
        a.push(format!("--default={default}"));
        a.push(format!("--levels={}", levels.join(",")));
        for (l, rule) in [("public", public), ("protected", protected), ("private", private), ("uploads", uploads)] {
            if levels.contains(&l) {
                a.push(format!("--{l}={rule}"));
            }
        }
        a.push(format!("--cors-origins={}", cors.join(",")));
        a
    }
}

const RUNTIME_CHOICES: [&str; 3] = ["nodejs22.x", "python3.12", "nodejs20.x"];
const PATHS: [&str; 5] = [
    "/items",
    "/items/{id}",
    "/me",
    "/admin/{proxy+}",
    "/items-admin",
];
const VERBS: [&str; 5] = ["GET", "POST", "PUT", "DELETE", "ANY"];
const ALLOW: [&str; 4] = ["guest", "authenticated", "ADMINS", "EDITORS"];

prop_compose! {
    fn api_flags()(
        functions in proptest::collection::btree_map(
            proptest::sample::select(&["items", "profile", "admin-tools"][..]),
            (any::<bool>(), proptest::sample::select(&RUNTIME_CHOICES[..])),
            1..3,
        ),
        routes in proptest::collection::btree_map(
            (proptest::sample::select(&VERBS[..]), proptest::sample::select(&PATHS[..])),
            (0usize..4, pick(&ALLOW).prop_filter("a caller", |a| !a.is_empty()), 0usize..3),
            1..5,
        ),
        cors in pick(&["http://localhost:5173", "https://app.example.com"]),
    ) -> Vec<String> {
        let mut a: Vec<String> = vec!["add".into(), "api".into(), "shop".into()];
        let names: Vec<&str> = functions.keys().copied().collect();
        for (name, (existing, runtime)) in &functions {
            a.push(format!(
                "--function={name}={}",
                if *existing {
                    format!("arn:aws:lambda:eu-west-1:123456789012:function:{name}")
                } else {
                    format!("{runtime}:index.handler:functions/{name}")
                }
            ));
        }
        let mut used = Vec::new();
        for ((verb, path), (auth, allow, f)) in &routes {
            let function = names[f % names.len()];
            used.push(function);
            let auth_label = ["iam", "cognito_id_token", "cognito_access_token", "none"][*auth];
            let mut route = format!("{verb} {path} function={function} auth={auth_label}");
            match auth_label {
                "iam" => route.push_str(&format!(" allow={}", allow.join(","))),
                "cognito_access_token" => route.push_str(" scopes=aws.cognito.signin.user.admin"),
                _ => {}
            }
            a.push(format!("--route={route}"));
        }
        // Every function serves a route (validate refuses an unused one).
        for name in &names {
            if !used.contains(name) {
                a.push(format!("--route=GET /{name}-extra function={name} auth=iam allow=authenticated"));
            }
        }
        a.push(format!("--cors-origins={}", cors.join(",")));
        a
    }
}

// ---------------------------------------------------------------------------------------
// The properties.

/// A project with two groups and guest access, where `add api` / `add storage` can be run.
fn base_project() -> tempfile::TempDir {
    let dir = project(&[(
        "backend/auth.yaml",
        "groups:\n  - { name: ADMINS, precedence: 0 }\n  - { name: EDITORS, precedence: 1 }\nidentity_pool: { guest_access: true }\n",
    )]);
    for f in ["items", "profile", "admin-tools"] {
        crate::support::write(
            dir.path(),
            &format!("functions/{f}/index.js"),
            "exports.handler = async () => ({ statusCode: 200 });\n",
        );
    }
    dir
}

/// The file `args` wrote (the last path on the `created` line).
fn written(dir: &Path, args: &[String]) -> String {
    let rel = match args[1].as_str() {
        "auth" => "backend/auth.yaml".to_string(),
        "storage" => format!("backend/storage/{}.yaml", args[2]),
        // A function, the files wired to it and its stub.
        "function" => {
            return [
                format!("backend/functions/{}.yaml", args[2]),
                "backend/auth.yaml".into(),
                "backend/storage/media.yaml".into(),
                format!("functions/{}/index.mjs", args[2]),
            ]
            .iter()
            .map(|rel| std::fs::read_to_string(dir.join(rel)).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n---\n");
        }
        _ => format!("backend/api/{}.yaml", args[2]),
    };
    std::fs::read_to_string(dir.join(rel)).unwrap_or_default()
}

/// Runs the answer set at the prompts and as flags, in two copies of `fresh()`, and checks
/// they agree and never exit 4. `Ok(None)`: both refused the set (exit 2) before writing,
/// the flags naming what is wrong; `Ok(Some(..))`: both wrote the same file, which validates
/// and builds.
fn prompts_and_flags_agree(
    args: &[String],
    fresh: &dyn Fn() -> tempfile::TempDir,
) -> Result<Option<(tempfile::TempDir, String)>, TestCaseError> {
    let typed = fresh();
    let typist = Rc::new(RefCell::new(Typist::from_args(&args[2..])));
    let cmd: Vec<String> = args[..if args[1] == "auth" { 2 } else { 3 }].to_vec();
    let at_prompts = cogform(typed.path(), &cmd, Some(Box::new(typist)));

    let flagged = fresh();
    let before = snapshot_tree(flagged.path());
    let mut with_yes = args.to_vec();
    with_yes.insert(2, "--yes".into());
    let as_flags = cogform(flagged.path(), &with_yes, None);

    prop_assert_ne!(as_flags.code, 4, "flags: {}", as_flags.stderr);
    prop_assert_ne!(at_prompts.code, 4, "prompts: {}", at_prompts.stderr);
    prop_assert_eq!(
        as_flags.code,
        at_prompts.code,
        "{:?}\nflags: {}\nprompts: {}",
        args,
        as_flags.stderr,
        at_prompts.stderr
    );
    if as_flags.code == 2 {
        // Refused before anything was written, naming a flag.
        prop_assert!(as_flags.stderr.contains("  --"), "{}", as_flags.stderr);
        prop_assert!(snapshot_tree(flagged.path()) == before);
        return Ok(None);
    }
    prop_assert_eq!(
        as_flags.code,
        0,
        "flags {:?}: {}",
        with_yes,
        as_flags.stderr
    );
    let text = written(flagged.path(), args);
    prop_assert_eq!(
        &written(typed.path(), args),
        &text,
        "prompts and flags wrote different files"
    );
    for step in ["validate", "build"] {
        let r = cogform(flagged.path(), &[step.to_string()], None);
        prop_assert_eq!(
            r.code,
            0,
            "{} after {:?}: {}\n{}",
            step,
            args,
            r.stderr,
            text
        );
    }
    Ok(Some((flagged, text)))
}

/// Counts the answer sets that were written, so a generator that only produces refused sets
/// fails instead of passing vacuously.
struct Written(std::cell::Cell<u32>);

impl Written {
    fn new() -> Self {
        Written(std::cell::Cell::new(0))
    }

    fn add(&self) {
        self.0.set(self.0.get() + 1);
    }

    fn at_least_half(&self) {
        let n = self.0.get();
        assert!(
            n * 2 >= cases(),
            "only {n} of {} answer sets were written",
            cases()
        );
    }
}

/// The flags that `replay` gives for what was written must write the same file again: the
/// line printed when answers cannot be written really gives them back.
fn replay_writes_the_same(
    command: &[&str],
    flags: Vec<String>,
    fresh: &dyn Fn() -> tempfile::TempDir,
    text: &str,
) -> Result<(), TestCaseError> {
    let dir = fresh();
    let mut args: Vec<String> = command.iter().map(|w| w.to_string()).collect();
    args.push("--yes".into());
    args.extend(flags);
    let r = cogform(dir.path(), &args, None);
    prop_assert_eq!(r.code, 0, "{:?}: {}", args, r.stderr);
    prop_assert_eq!(written(dir.path(), &args), text, "{:?}", args);
    Ok(())
}

/// Runs `check` on every generated answer set that both the prompts and the flags wrote (in
/// the flags' project, with the written text); fails when fewer than half were written.
fn each_written_set(
    sets: impl Strategy<Value = Vec<String>>,
    fresh: &dyn Fn() -> tempfile::TempDir,
    check: impl Fn(&[String], &Path, &str) -> Result<(), TestCaseError>,
) {
    let written = Written::new();
    runner()
        .run(&sets, |args| {
            let Some((dir, text)) = prompts_and_flags_agree(&args, fresh)? else {
                return Ok(());
            };
            written.add();
            check(&args, dir.path(), &text)
        })
        .unwrap();
    written.at_least_half();
}

fn loaded(dir: &Path) -> cogform::load::Project {
    cogform::load::load(dir).unwrap_or_else(|_| panic!("the written project loads"))
}

#[test]
fn every_auth_answer_set_round_trips_through_prompts_and_flags() {
    let fresh = || project(&[]);
    each_written_set(auth_flags(), &fresh, |args, dir, text| {
        let auth = loaded(dir).auth;
        replay_writes_the_same(&["add", "auth"], replay::auth(&auth), &fresh, text)?;
        let typist = Typist::from_args(&args[2..]);
        // Reads back as the answers: exactly the attributes, groups and settings asked.
        let mut stored: Vec<String> = typist.list("--attributes");
        stored.sort();
        let mut got: Vec<String> = auth
            .attributes
            .standard()
            .iter()
            .map(|(n, _)| n.to_string())
            .collect();
        got.sort();
        prop_assert_eq!(got, stored, "{}", text);
        let custom: Vec<String> = typist
            .items("--custom-attributes")
            .keys()
            .cloned()
            .collect();
        let got: Vec<String> = auth.attributes.custom.keys().cloned().collect();
        prop_assert_eq!(got, custom);
        for (name, spec) in typist.items("--custom-attributes") {
            prop_assert_eq!(auth.attributes.custom[&name].mutable, spec[1] == "mutable");
        }
        let groups: BTreeMap<String, u32> = typist
            .items("--groups")
            .into_iter()
            .map(|(n, p)| (n, p[0].parse().unwrap()))
            .collect();
        let got: BTreeMap<String, u32> = auth
            .groups
            .iter()
            .map(|g| (g.name.clone(), g.precedence))
            .collect();
        prop_assert_eq!(got, groups);
        prop_assert_eq!(
            auth.identity_pool.guest_access,
            typist.value("--guest-access") == Some("true")
        );
        prop_assert_eq!(
            auth.password.min_length.to_string(),
            typist.value("--password-min-length").unwrap()
        );
        // Exactly the sign-in factors and the plan asked.
        let p = auth.passwordless.clone().unwrap_or_default();
        let got: Vec<String> = [
            (p.email_otp, "email_otp"),
            (p.sms_otp, "sms_otp"),
            (p.passkeys.is_some(), "passkey"),
        ]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, f)| f.to_string())
        .collect();
        prop_assert_eq!(got, typist.list("--passwordless"));
        let plan = auth.plan.map(|p| p.as_str()).unwrap_or("essentials");
        prop_assert_eq!(plan, typist.value("--plan").unwrap_or("essentials"));
        Ok(())
    });
}

/// A project with groups, guests and the bucket `media` (public/, uploads/), where `add
/// function` can wire a trigger or a bucket.
fn function_project() -> tempfile::TempDir {
    let dir = base_project();
    crate::support::write(
        dir.path(),
        "backend/storage/media.yaml",
        "levels:\n  public: { authenticated: [read] }\n  uploads: { authenticated: [write] }\n",
    );
    dir
}

/// `add function` answer sets: a caller (nothing, an API, a trigger, a bucket's events with a
/// prefix), a runtime, maybe a timeout and memory, pool operations, grants and variables.
fn function_flags() -> impl Strategy<Value = Vec<String>> {
    const CALLERS: [&str; 7] = [
        "none",
        "api",
        "post_confirmation",
        "pre_sign_up",
        "custom_message",
        "upload:media",
        "delete:media",
    ];
    const POOL: [&str; 5] = [
        "add_user_to_group",
        "get_user",
        "list_users",
        "disable_user",
        "update_user_attributes",
    ];
    const GRANTS: [&str; 3] = [
        "media:uploads/*=read",
        "media:public/*=write",
        "media:public/*=list",
    ];
    (
        proptest::sample::select(&CALLERS[..]),
        proptest::sample::select(&["uploads/", "public/", ""][..]),
        proptest::sample::select(&["nodejs22.x", "nodejs20.x", "python3.13"][..]),
        proptest::option::of(1u32..=60),
        proptest::option::of(128u32..=2048),
        pick(&POOL),
        proptest::sample::subsequence(&GRANTS[..2], 0..=2),
        any::<bool>(),
        pick(&["STAGE=dev", "DEFAULT_GROUP=EDITORS"]),
    )
        .prop_map(
            |(caller, prefix, runtime, timeout, memory, pool, grants, list, env)| {
                let mut args: Vec<String> = ["add", "function", "worker"].map(String::from).into();
                args.push(format!("--called-by={caller}"));
                if caller.contains(':') {
                    args.push(format!("--prefix={prefix}"));
                }
                args.push(format!("--runtime={runtime}"));
                if let Some(t) = timeout {
                    args.push(format!("--timeout={t}"));
                }
                if let Some(m) = memory {
                    args.push(format!("--memory={m}"));
                }
                args.push(format!("--pool-access={}", pool.join(",")));
                let mut grants: Vec<&str> = grants;
                // An upload handler never writes where its uploads call it (refused, as a
                // flag and at the prompt: `functions.rs` pins that refusal).
                if caller == "upload:media" && prefix != "uploads/" {
                    grants.retain(|g| !g.ends_with("=write"));
                }
                if list && !grants.iter().any(|g| g.starts_with("media:public/")) {
                    grants.push(GRANTS[2]);
                }
                args.push(format!("--storage-access={}", grants.join(",")));
                args.push(format!("--env={}", env.join(",")));
                args
            },
        )
}

#[test]
fn every_function_answer_set_wires_and_grants_exactly_what_was_asked() {
    each_written_set(function_flags(), &function_project, |args, dir, text| {
        let project = loaded(dir);
        let f = &project.functions[0];
        let typist = Typist::from_args(&args[3..]);
        // In the walkthrough's order of operations, whatever the order given.
        let mut pool: Vec<String> = f.config.access.auth.iter().map(|a| a.name()).collect();
        pool.sort();
        let mut asked = typist.list("--pool-access");
        asked.sort();
        prop_assert_eq!(pool, asked, "{}", text);
        prop_assert_eq!(
            cogform::prompts::function::storage_access_text(&f.config.access.storage),
            {
                let mut g = typist.list("--storage-access");
                g.sort();
                g.join(",")
            }
        );
        prop_assert_eq!(
            f.config.runtime.as_str(),
            typist.value("--runtime").unwrap()
        );
        // Wired exactly where asked.
        let caller = typist.value("--called-by").unwrap();
        let triggers = project.auth.triggers.configured();
        let bucket = &project.storage[0].config.triggers;
        match caller.split_once(':') {
            Some((event, _)) => {
                prop_assert_eq!(bucket.len(), 1);
                prop_assert_eq!(serde_json::to_value(bucket[0].on).unwrap(), event);
                prop_assert_eq!(
                    bucket[0].prefix.clone().unwrap_or_default(),
                    typist.value("--prefix").unwrap()
                );
                prop_assert!(triggers.is_empty());
            }
            None => {
                prop_assert!(bucket.is_empty());
                let wired: Vec<&str> = triggers.iter().map(|(t, _, _)| *t).collect();
                let expected: Vec<&str> = if ["none", "api"].contains(&caller) {
                    vec![]
                } else {
                    vec![caller]
                };
                prop_assert_eq!(wired, expected);
            }
        }
        // A Node.js function gets its stub; another runtime an empty folder.
        let stub = dir.join("functions/worker/index.mjs");
        prop_assert_eq!(stub.is_file(), f.config.runtime.starts_with("nodejs"));
        Ok(())
    });
}

#[test]
fn every_storage_answer_set_grants_exactly_what_was_asked() {
    each_written_set(storage_flags(), &base_project, |args, dir, text| {
        let bucket = loaded(dir).storage.into_iter().next().unwrap().config;
        let typist = Typist::from_args(&args[3..]);
        let levels = serde_json::to_value(&bucket.levels).unwrap();
        for level in ["public", "protected", "private", "uploads"] {
            let expected = typist.value(&format!("--{level}")).map(|rule| {
                let mut m = serde_json::Map::new();
                let mut groups = serde_json::Map::new();
                for (who, actions) in rule.split(',').filter_map(|i| i.split_once('=')) {
                    let list: Vec<serde_json::Value> =
                        actions.split('+').map(|a| a.into()).collect();
                    if ["guest", "authenticated", "owner"].contains(&who) {
                        m.insert(who.into(), list.into());
                    } else {
                        groups.insert(who.into(), list.into());
                    }
                }
                if !groups.is_empty() {
                    m.insert("groups".into(), groups.into());
                }
                serde_json::Value::Object(m)
            });
            prop_assert_eq!(
                levels.get(level),
                expected.as_ref(),
                "{} of {:?} in\n{}",
                level,
                args,
                text
            );
        }
        Ok(())
    });
}

#[test]
fn every_api_answer_set_writes_exactly_its_routes() {
    each_written_set(api_flags(), &base_project, |args, dir, text| {
        let api = loaded(dir).apis.into_iter().next().unwrap().config;
        replay_writes_the_same(
            &["add", "api", "shop"],
            replay::api(&api),
            &base_project,
            text,
        )?;
        let typist = Typist::from_args(&args[3..]);
        let mut expected: Vec<String> = typist.repeated["--route"].clone();
        expected.sort();
        let mut got: Vec<String> = Vec::new();
        for (path, verbs) in &api.paths {
            for (verb, m) in verbs {
                let mut r = format!(
                    "{} {path} function={} auth={}",
                    verb.as_str(),
                    m.function,
                    serde_json::to_value(m.auth).unwrap().as_str().unwrap()
                );
                if !m.allow.is_empty() {
                    r.push_str(&format!(" allow={}", m.allow.join(",")));
                }
                if !m.scopes.is_empty() {
                    r.push_str(&format!(" scopes={}", m.scopes.join(",")));
                }
                got.push(r);
            }
        }
        got.sort();
        prop_assert_eq!(got, expected, "{}", text);
        Ok(())
    });
}

/// `update` to answer set `b` from a file written by answer set `a` means exactly what adding
/// `b` means (the same templates), at the prompts and with `--yes` (the same files), for every
/// question the walkthrough asks. `b` is given in full (every asked value, as `replay` spells it), since
/// `update` keeps what is not given.
fn update_reads_back_as_adding<C>(
    command: &[&str],
    a: &[String],
    b: &[String],
    fresh: &dyn Fn() -> tempfile::TempDir,
    config: &dyn Fn(&Path) -> C,
    full: &dyn Fn(&C) -> Vec<String>,
) -> Result<bool, TestCaseError> {
    let yes = |dir: &Path, verb: &str, flags: &[String]| {
        let mut args: Vec<String> = vec![verb.to_string()];
        args.extend(command.iter().map(|w| w.to_string()));
        args.push("--yes".into());
        args.extend(flags.iter().cloned());
        cogform(dir, &args, None)
    };
    let target = fresh();
    if yes(target.path(), "add", b).code != 0 {
        return Ok(false); // a set `add` refuses is the other properties' business
    }
    let want = config(target.path());
    let templates = |dir: &Path| {
        let r = cogform(dir, &["build".to_string()], None);
        assert_eq!(r.code, 0, "{}", r.stderr);
        std::fs::read_to_string(dir.join("build/dev.template.yaml")).unwrap()
    };
    let b_full: Vec<String> = full(&want);
    let mut outcomes = Vec::new();
    for at_prompts in [false, true] {
        let dir = fresh();
        if yes(dir.path(), "add", a).code != 0 {
            return Ok(false);
        }
        let r = if at_prompts {
            let mut args: Vec<String> = vec!["update".into()];
            args.extend(command.iter().map(|w| w.to_string()));
            args.push("--allow-data-loss".into());
            let typist = Typist::from_args(&b_full);
            cogform(dir.path(), &args, Some(Box::new(typist)))
        } else {
            let mut flags = b_full.clone();
            flags.push("--allow-data-loss".into());
            yes(dir.path(), "update", &flags)
        };
        prop_assert_ne!(r.code, 4, "{}", r.stderr);
        prop_assert_eq!(
            r.code,
            0,
            "update {:?} → {:?} (prompts: {}): {}",
            a,
            b_full,
            at_prompts,
            r.stderr
        );
        // The same meaning: the same deployable templates (a setting at its default may be
        // written or left out, e.g. `mfa.methods: [totp]`).
        let (got, want) = (templates(dir.path()), templates(target.path()));
        if got != want {
            let diff = similar::TextDiff::from_lines(&want, &got)
                .unified_diff()
                .context_radius(2)
                .to_string();
            prop_assert!(
                false,
                "update from {:?} to {:?} (prompts: {}) renders otherwise than adding it:\n{}",
                a,
                b_full,
                at_prompts,
                diff
            );
        }
        outcomes.push(snapshot_tree(dir.path()));
    }
    prop_assert!(
        outcomes[0] == outcomes[1],
        "prompts and flags updated differently"
    );
    Ok(true)
}

#[test]
fn updating_any_storage_answer_set_to_another_reads_back_as_adding_it() {
    let written = Written::new();
    runner()
        .run(&(storage_flags(), storage_flags()), |(a, b)| {
            let config = |d: &Path| loaded(d).storage.into_iter().next().unwrap().config;
            if update_reads_back_as_adding(
                &["storage", "media"],
                &a[3..],
                &b[3..],
                &base_project,
                &config,
                &replay::storage,
            )? {
                written.add();
            }
            Ok(())
        })
        .unwrap();
    written.at_least_half();
}

#[test]
fn updating_any_api_answer_set_to_another_reads_back_as_adding_it() {
    let written = Written::new();
    runner()
        .run(&(api_flags(), api_flags()), |(a, b)| {
            let config = |d: &Path| loaded(d).apis.into_iter().next().unwrap().config;
            if update_reads_back_as_adding(
                &["api", "shop"],
                &a[3..],
                &b[3..],
                &base_project,
                &config,
                &replay::api,
            )? {
                written.add();
            }
            Ok(())
        })
        .unwrap();
    written.at_least_half();
}

#[test]
fn updating_any_auth_answer_set_to_another_reads_back_as_adding_it() {
    let written = Written::new();
    let fresh = || project(&[]);
    runner()
        .run(&(auth_flags(), auth_flags()), |(a, b)| {
            let config = |d: &Path| loaded(d).auth;
            if update_reads_back_as_adding(
                &["auth"],
                &a[2..],
                &b[2..],
                &fresh,
                &config,
                &replay::auth,
            )? {
                written.add();
            }
            Ok(())
        })
        .unwrap();
    written.at_least_half();
}

// ---------------------------------------------------------------------------------------
// Garbled flag values: refused, named as typed, nothing written.

#[derive(Debug, Clone)]
enum Garble {
    /// Swap two neighbouring letters of one word (`write` → `wrtie`).
    Typo(usize),
    /// An empty part (`read++write`, `a=read,,b=write`, `allow=`).
    Empty(usize),
    /// An unknown word where a key or audience stands.
    Unknown(usize),
}

fn garble() -> impl Strategy<Value = Garble> {
    prop_oneof![
        (0usize..64).prop_map(Garble::Typo),
        (0usize..64).prop_map(Garble::Empty),
        (0usize..64).prop_map(Garble::Unknown),
    ]
}

/// A spot in a composite value: the words between separators.
fn words(value: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in value.char_indices() {
        let word = c.is_ascii_alphanumeric() || c == '_';
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, value.len()));
    }
    out
}

/// `value` garbled, or None when the garble would leave it meaning the same.
fn apply(value: &str, g: &Garble, known_words: &[&str]) -> Option<String> {
    // Only the words that carry meaning (actions, audiences, keys, auth kinds).
    let spots: Vec<(usize, usize)> = words(value)
        .into_iter()
        .filter(|(s, e)| known_words.contains(&&value[*s..*e]))
        .collect();
    if spots.is_empty() {
        return None;
    }
    let out = match g {
        Garble::Typo(i) => {
            let (s, e) = spots[i % spots.len()];
            let w: Vec<char> = value[s..e].chars().collect();
            if w.len() < 3 {
                return None;
            }
            let mut t = w.clone();
            t.swap(1, 2);
            if t == w {
                return None;
            }
            format!(
                "{}{}{}",
                &value[..s],
                t.iter().collect::<String>(),
                &value[e..]
            )
        }
        Garble::Empty(i) => {
            let (s, e) = spots[i % spots.len()];
            format!("{}{}", &value[..s], &value[e..])
        }
        Garble::Unknown(i) => {
            let (s, e) = spots[i % spots.len()];
            format!("{}zorp{}", &value[..s], &value[e..])
        }
    };
    (out != value).then_some(out)
}

const STORAGE_WORDS: [&str; 10] = [
    "guest",
    "authenticated",
    "owner",
    "read",
    "get",
    "list",
    "write",
    "delete",
    "ADMINS",
    "EDITORS",
];
const API_WORDS: [&str; 14] = [
    "function",
    "auth",
    "allow",
    "scopes",
    "iam",
    "cognito_id_token",
    "cognito_access_token",
    "none",
    "guest",
    "authenticated",
    "ADMINS",
    "EDITORS",
    "GET",
    "POST",
];

fn garbled_is_refused(
    args: &[String],
    skip: usize,
    flags: &[&str],
    known: &[&str],
    g: &Garble,
) -> Result<bool, TestCaseError> {
    // Garble the first composite flag value that has a spot for it.
    let mut args = args.to_vec();
    let mut garbled = None;
    for (i, a) in args.iter().enumerate().skip(skip) {
        let Some((flag, value)) = a.split_once('=') else {
            continue;
        };
        if !flags.contains(&flag) {
            continue;
        }
        // Every known word garbled (misspelt, emptied, replaced) breaks the value: none of
        // them is a prefix or variant of another accepted word.
        if let Some(v) = apply(value, g, known) {
            garbled = Some((i, flag.to_string(), v));
            break;
        }
    }
    let Some((i, flag, value)) = garbled else {
        return Ok(false);
    };
    args[i] = format!("{flag}={value}");
    let dir = base_project();
    let before = snapshot_tree(dir.path());
    let mut with_yes = args.clone();
    with_yes.insert(2, "--yes".into());
    let r = cogform(dir.path(), &with_yes, None);
    prop_assert_eq!(r.code, 2, "{:?} was accepted:\n{}", with_yes, r.stderr);
    prop_assert!(
        r.stderr.contains(&format!("{flag} `{value}`")),
        "the message does not name {} `{}`:\n{}",
        flag,
        value,
        r.stderr
    );
    prop_assert!(
        snapshot_tree(dir.path()) == before,
        "{:?} changed the project",
        with_yes
    );
    Ok(true)
}

#[test]
fn garbled_storage_flag_values_are_refused_naming_the_value() {
    let refused = std::cell::Cell::new(0u32);
    runner()
        .run(&(storage_flags(), garble()), |(args, g)| {
            if garbled_is_refused(
                &args,
                3,
                &["--public", "--protected", "--private", "--uploads"],
                &STORAGE_WORDS,
                &g,
            )? {
                refused.set(refused.get() + 1);
            }
            Ok(())
        })
        .unwrap();
    let refused = refused.get();
    assert!(refused > cases() / 3, "only {refused} garbled cases ran");
}

#[test]
fn garbled_api_flag_values_are_refused_naming_the_value() {
    let refused = std::cell::Cell::new(0u32);
    runner()
        .run(&(api_flags(), garble()), |(args, g)| {
            if garbled_is_refused(&args, 3, &["--route"], &API_WORDS, &g)? {
                refused.set(refused.get() + 1);
            }
            Ok(())
        })
        .unwrap();
    let refused = refused.get();
    assert!(refused > cases() / 3, "only {refused} garbled cases ran");
}

#[test]
fn garbled_function_flag_values_are_refused_naming_the_value() {
    const WORDS: [&str; 8] = [
        "add_user_to_group",
        "get_user",
        "list_users",
        "disable_user",
        "update_user_attributes",
        "read",
        "write",
        "list",
    ];
    let refused = std::cell::Cell::new(0u32);
    runner()
        .run(&(function_flags(), garble()), |(args, g)| {
            // An emptied sole operation is `--pool-access=`: no operation, a valid answer.
            let single_operation = args
                .iter()
                .any(|a| a.starts_with("--pool-access=") && !a.contains(','));
            if matches!(g, Garble::Empty(_)) && single_operation {
                return Ok(());
            }
            if garbled_is_refused(&args, 3, &["--pool-access", "--storage-access"], &WORDS, &g)? {
                refused.set(refused.get() + 1);
            }
            Ok(())
        })
        .unwrap();
    let refused = refused.get();
    assert!(refused > cases() / 3, "only {refused} garbled cases ran");
}
