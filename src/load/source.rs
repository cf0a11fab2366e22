//! Reads a user's file as bounded, clean UTF-8 text: size limit, no byte-order mark, no NUL,
//! and a located message for invalid UTF-8. Nothing here trusts the bytes it is given.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::diagnostic::Pos;

/// Largest configuration file read; real files are a few kilobytes, and reading stops here so
/// a huge file costs no more memory than this.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Why a file could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceProblem {
    pub pos: Pos,
    pub message: String,
    pub help: Option<String>,
}

/// Errors opening or reading the file itself (not its content).
#[derive(Debug, thiserror::Error)]
#[error("cannot read {path}: {source}")]
pub struct ReadError {
    pub path: String,
    #[source]
    pub source: std::io::Error,
}

/// Reads at most `MAX_FILE_BYTES + 1` bytes, so an oversized file is detected without loading it.
pub fn read_bounded(path: &Path) -> Result<Vec<u8>, std::io::Error> {
    let file = File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Checks the bytes of a configuration file and returns its text.
pub fn decode(bytes: &[u8]) -> Result<&str, SourceProblem> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(SourceProblem {
            pos: Pos::new(1, 1),
            message: format!(
                "the file is larger than {} KiB; cogform configuration files are small",
                MAX_FILE_BYTES / 1024
            ),
            help: Some("split it, or check that the right file is in place".into()),
        });
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Err(SourceProblem {
            pos: Pos::new(1, 1),
            message: "the file starts with a byte-order mark".into(),
            help: Some("save it as UTF-8 without BOM".into()),
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| SourceProblem {
        pos: pos_at(bytes, e.valid_up_to()),
        message: "the file is not valid UTF-8".into(),
        help: Some("save it as UTF-8".into()),
    })?;
    if let Some(i) = text.find('\0') {
        return Err(SourceProblem {
            pos: pos_at(bytes, i),
            message: "the file contains a NUL character".into(),
            help: Some("remove it: configuration files are plain text".into()),
        });
    }
    Ok(text)
}

/// 1-based line and character column of byte `offset` (the bytes before it are valid UTF-8).
fn pos_at(bytes: &[u8], offset: usize) -> Pos {
    let before = String::from_utf8_lossy(&bytes[..offset]);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Pos::new(line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_bom_nul_and_bad_utf8_with_positions() {
        assert!(
            decode(b"\xEF\xBB\xBFa: 1")
                .unwrap_err()
                .message
                .contains("byte-order")
        );
        let e = decode(b"a: 1\nb: x\0").unwrap_err();
        assert_eq!(e.pos, Pos::new(2, 5));
        let e = decode(b"a: 1\nbb: \xff").unwrap_err();
        assert_eq!(e.pos, Pos::new(2, 5));
        assert!(e.message.contains("UTF-8"));
        assert_eq!(decode(b"a: 1").unwrap(), "a: 1");
    }

    #[test]
    fn refuses_oversized_input() {
        let big = vec![b'#'; MAX_FILE_BYTES as usize + 1];
        assert!(decode(&big).unwrap_err().message.contains("larger than"));
    }
}
