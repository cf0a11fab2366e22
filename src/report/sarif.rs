//! A SARIF 2.1.0 log: one run of the tool `cogform` with every rule it can report (stable
//! ids, a short description, a help text), and one result per finding located at the same
//! line and column the text output gives.

use serde_json::{Value, json};

use super::{Finding, Level, repo_path, rules};

/// The schema a log names (OASIS SARIF 2.1.0, errata 01); tests validate against the pinned
/// copy in data/sarif/.
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn level(l: Level) -> &'static str {
    match l {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "note",
    }
}

pub fn log(findings: &[Finding], prefix: &str) -> String {
    let rules = rules();
    let descriptors: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "shortDescription": { "text": r.description },
                "help": { "text": r.help },
            })
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.level),
                "message": { "text": f.text() },
            });
            if let Some(i) = rules.iter().position(|r| r.id == f.rule) {
                result["ruleIndex"] = json!(i);
            }
            if let Some(file) = &f.file {
                let mut physical = json!({
                    "artifactLocation": { "uri": repo_path(prefix, file), "uriBaseId": "%SRCROOT%" },
                });
                if let Some(line) = f.line {
                    let mut region = json!({ "startLine": line });
                    if let Some(col) = f.column {
                        region["startColumn"] = json!(col);
                    }
                    physical["region"] = region;
                }
                result["locations"] = json!([{ "physicalLocation": physical }]);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "cogform",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": descriptors,
            } },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&log).unwrap_or_default()
    )
}
