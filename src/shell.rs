//! POSIX shell words, for the commands cogform prints for people to run: the walkthrough's
//! "your answers as one command" line, `call --print-curl`, `credentials --format env`.

/// A word the shell reads back as exactly `text`: as is when it holds only characters the
/// shell gives no meaning to (a `#` only after the first character, where it starts no
/// comment), else in single quotes.
pub fn word(text: &str) -> String {
    let plain = !text.is_empty()
        && !text.starts_with('#')
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_=.,:/@+#%".contains(&b));
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::word;

    #[test]
    fn words_stand_for_exactly_their_text() {
        assert_eq!(word("--env=dev"), "--env=dev");
        assert_eq!(word("a#b"), "a#b");
        assert_eq!(word("#comment"), "'#comment'");
        assert_eq!(word(""), "''");
        assert_eq!(word("it's $HOME"), r"'it'\''s $HOME'");
        assert_eq!(word("a b"), "'a b'");
    }
}
