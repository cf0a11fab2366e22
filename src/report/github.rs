//! GitHub Actions workflow commands: one `::error|warning|notice file=…,line=…,col=…,title=…::…`
//! line per finding, which the runner shows as an annotation on the file's line.

use super::{Finding, Level, repo_path};

/// The data part of a command: `%`, CR and LF escaped (GitHub's own escaping).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: the data escaping, plus `:` and `,`, which separate properties.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn commands(findings: &[Finding], prefix: &str) -> String {
    let mut out = String::new();
    for f in findings {
        let command = match f.level {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "notice",
        };
        let mut properties = Vec::new();
        if let Some(file) = &f.file {
            properties.push(format!(
                "file={}",
                escape_property(&repo_path(prefix, file))
            ));
        }
        if let Some(line) = f.line {
            properties.push(format!("line={line}"));
        }
        if let Some(col) = f.column {
            properties.push(format!("col={col}"));
        }
        properties.push(format!(
            "title={}",
            escape_property(&format!("cogform {}", f.rule))
        ));
        out.push_str(&format!(
            "::{command} {}::{}\n",
            properties.join(","),
            escape_data(&f.text())
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_and_data_are_escaped_so_a_message_cannot_end_the_command() {
        let f = Finding {
            rule: "invalid-config".into(),
            level: Level::Error,
            file: Some("backend/a,b:c.yaml".into()),
            line: Some(2),
            column: Some(7),
            field: Some("groups[0].name".into()),
            message: "100% wrong\n::error::forged".into(),
            help: None,
        };
        assert_eq!(
            commands(&[f], "app"),
            "::error file=app/backend/a%2Cb%3Ac.yaml,line=2,col=7,title=cogform invalid-config::groups[0].name: 100%25 wrong%0A::error::forged\n"
        );
    }
}
