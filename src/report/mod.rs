//! What a command found, for machines: every error, warning and note that the text output
//! shows (located where the text says), as JSON, SARIF 2.1.0 (code scanning) or GitHub's
//! workflow commands (annotations on the pull request's lines). The text output stays the
//! default and is unchanged; the machine formats go to stdout, the human lines to stderr.

mod github;
mod sarif;

use serde::Serialize;

use crate::diagnostic::Diagnostic;

/// `--format` of `validate`, `build`, `check` and `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Lines for people (stderr), as always.
    #[default]
    Text,
    /// `{ "version": 1, "findings": [...] }` on stdout.
    Json,
    /// A SARIF 2.1.0 log on stdout (GitHub code scanning, IDEs).
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`) on stdout.
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Note,
}

/// One thing found, with the rule it comes from and where, when it has a place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// A stable id of [`rules`].
    pub rule: String,
    pub level: Level,
    /// The file, relative to the project directory.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

/// A rule a finding can come from: its stable id, what it means and what to do.
pub struct Rule {
    pub id: String,
    pub description: String,
    pub help: String,
}

/// The rules that are not security invariants.
const OWN_RULES: [(&str, &str, &str); 6] = [
    (
        "invalid-config",
        "A configuration file breaks its schema or one of cogform's rules",
        "Fix the field named in the message; `cogform validate` lists every problem at once.",
    ),
    (
        "advice",
        "Legal, but weaker or costlier than it looks",
        "Read the message's help; change the setting, or keep it knowingly.",
    ),
    (
        "note",
        "Something worth knowing about the configuration or the generated templates",
        "Nothing to fix.",
    ),
    (
        "stale-template",
        "A committed generated file is not what the configuration renders",
        "Run `cogform build` and commit build/ with the configuration.",
    ),
    (
        "loses-data",
        "Deploying the change would replace or remove a user pool or bucket, or lose users' data",
        "Keep the old setting; `cogform diff` shows why and how to go ahead when the loss is intended.",
    ),
    (
        "usage",
        "The command could not run as asked",
        "See `cogform --help`.",
    ),
];

/// Every rule: cogform's own, then the security invariants (`SEC-NN`).
pub fn rules() -> Vec<Rule> {
    let own = OWN_RULES.iter().map(|(id, description, help)| Rule {
        id: id.to_string(),
        description: description.to_string(),
        help: help.to_string(),
    });
    let invariants = crate::invariants::RULES.iter().map(|r| Rule {
        id: r.id(),
        description: format!("Security invariant: {}", r.title),
        help: "Remove the override that breaks it, or accept the risk in writing in backend/overrides.yaml (`accept`).".to_string(),
    });
    own.chain(invariants).collect()
}

impl Finding {
    /// A finding without a place (e.g. a quota, a missing project).
    pub fn unplaced(rule: &str, level: Level, message: impl Into<String>) -> Finding {
        Finding {
            rule: rule.to_string(),
            level,
            file: None,
            line: None,
            column: None,
            field: None,
            message: message.into(),
            help: None,
        }
    }

    /// A finding on a whole file (e.g. a stale template).
    pub fn on_file(rule: &str, level: Level, file: &str, message: impl Into<String>) -> Finding {
        Finding {
            file: Some(file.to_string()),
            ..Finding::unplaced(rule, level, message)
        }
    }

    /// A located problem, under the invariant it names if it names one.
    pub fn from_diagnostic(d: &Diagnostic, level: Level) -> Finding {
        let default = match level {
            Level::Error => "invalid-config",
            Level::Warning => "advice",
            Level::Note => "note",
        };
        Finding {
            rule: named_invariant(&d.message).unwrap_or_else(|| default.to_string()),
            level,
            file: Some(d.file.clone()),
            line: (d.pos.line > 0).then_some(d.pos.line),
            column: (d.pos.column > 0).then_some(d.pos.column),
            field: Some(d.field.clone()),
            message: d.message.clone(),
            help: d.help.clone(),
        }
    }

    /// `field: message` (and the help), as one text.
    fn text(&self) -> String {
        let mut out = match &self.field {
            Some(f) if !f.is_empty() => format!("{f}: {}", self.message),
            _ => self.message.clone(),
        };
        if let Some(h) = &self.help {
            out.push_str(&format!("\nhelp: {h}"));
        }
        out
    }
}

/// The `SEC-NN` id a message starts its explanation with (`… would break SEC-21 (…)`).
fn named_invariant(message: &str) -> Option<String> {
    crate::invariants::RULES
        .iter()
        .map(|r| r.id())
        .find(|id| message.contains(&format!("{id} (")))
}

/// The report of `findings` in `format` (nothing for `text`, whose lines were printed as
/// they came). `prefix` is the project directory relative to the repository root (`""` at
/// the root), so code scanning and annotations find the files.
pub fn render(format: Format, findings: &[Finding], prefix: &str) -> String {
    match format {
        Format::Text => String::new(),
        Format::Json => {
            let value = serde_json::json!({ "version": 1, "findings": findings });
            format!(
                "{}\n",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            )
        }
        Format::Sarif => sarif::log(findings, prefix),
        Format::Github => github::commands(findings, prefix),
    }
}

/// `prefix` + `file`, with `/` separators.
fn repo_path(prefix: &str, file: &str) -> String {
    if prefix.is_empty() {
        file.to_string()
    } else {
        format!("{}/{file}", prefix.trim_end_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Pos;

    #[test]
    fn a_diagnostic_naming_an_invariant_is_filed_under_it() {
        let d = Diagnostic::new(
            "backend/overrides.yaml",
            Pos::new(3, 3),
            "resources.UserPool",
            format!(
                "the final template would break {}: UserPool: …",
                crate::invariants::named(21)
            ),
        );
        let f = Finding::from_diagnostic(&d, Level::Error);
        assert_eq!(f.rule, crate::invariants::id(21));
        assert_eq!((f.line, f.column), (Some(3), Some(3)));
        let plain = Diagnostic::new("backend/auth.yaml", Pos::new(1, 1), "plan", "no");
        assert_eq!(
            Finding::from_diagnostic(&plain, Level::Warning).rule,
            "advice"
        );
        // Every rule id is unique.
        let ids: Vec<String> = rules().into_iter().map(|r| r.id).collect();
        let mut unique = ids.clone();
        unique.dedup();
        assert_eq!(ids, unique);
    }
}
