//! Located problems in user input: `file:line:column: field: message`, with an optional hint.
//!
//! Every stage (reading, YAML, schema, semantic rules) reports through this one type so the
//! CLI can print all problems at once, sorted, in one format.

use std::fmt;

/// A 1-based line and column in a source file (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    pub fn new(line: usize, column: usize) -> Self {
        Pos { line, column }
    }
}

/// One problem found in a user's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Path of the file as the user named it (relative to the project root).
    pub file: String,
    pub pos: Pos,
    /// Dotted field path such as `groups[1].name`; `(document)` for the whole file.
    pub field: String,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(
        file: impl Into<String>,
        pos: Pos,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.into(),
            pos,
            field: field.into(),
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    fn sort_key(&self) -> (&str, Pos, &str, &str) {
        (&self.file, self.pos, &self.field, &self.message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.file, self.pos.line, self.pos.column, self.field, self.message
        )?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Sorts by file and position and drops exact duplicates, so output is stable.
pub fn normalize(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
}

/// Turns a JSON pointer (`/groups/1/name`) into the field path users read (`groups[1].name`).
pub fn field_path(pointer: &str) -> String {
    if pointer.is_empty() {
        return "(document)".to_string();
    }
    let mut out = String::new();
    for raw in pointer.split('/').skip(1) {
        let segment = raw.replace("~1", "/").replace("~0", "~");
        if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
            out.push('[');
            out.push_str(&segment);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&segment);
        }
    }
    out
}

/// Escapes one JSON-pointer segment (RFC 6901).
pub fn pointer_segment(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_paths_read_like_code() {
        assert_eq!(field_path(""), "(document)");
        assert_eq!(field_path("/groups/1/name"), "groups[1].name");
        assert_eq!(field_path("/a~1b/c~0d"), "a/b.c~d");
        assert_eq!(field_path("/0"), "[0]");
    }

    #[test]
    fn display_is_file_line_column_field_message() {
        let d = Diagnostic::new("backend/auth.yaml", Pos::new(3, 5), "mfa.mode", "bad")
            .with_help("use off");
        assert_eq!(
            d.to_string(),
            "backend/auth.yaml:3:5: mfa.mode: bad\n  help: use off"
        );
    }
}
