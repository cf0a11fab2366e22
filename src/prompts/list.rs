//! Comma-separated answers (`ADMINS, EDITORS:5`), the form list questions and list flags share.

/// The non-empty items of a comma-separated answer, trimmed.
pub fn split(answer: &str) -> Vec<String> {
    answer
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// An item `NAME[:A[:B…]]` as its name and the rest.
pub fn parts(item: &str) -> (String, Vec<String>) {
    let mut it = item.split(':').map(|s| s.trim().to_string());
    let name = it.next().unwrap_or_default();
    (name, it.collect())
}

/// Items joined for display as a default answer.
pub fn join<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|s| s.as_ref())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The first name that appears twice, ignoring case.
pub fn duplicate<S: AsRef<str>>(names: &[S]) -> Option<String> {
    let mut seen: Vec<String> = Vec::new();
    for n in names {
        let lower = n.as_ref().to_lowercase();
        if seen.contains(&lower) {
            return Some(n.as_ref().to_string());
        }
        seen.push(lower);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_and_parts() {
        assert_eq!(split(" a, ,b:1 ,"), vec!["a", "b:1"]);
        assert_eq!(parts("b:1:x"), ("b".into(), vec!["1".into(), "x".into()]));
        assert_eq!(join(&["a", "b"]), "a, b");
        assert_eq!(duplicate(&["A", "b", "a"]), Some("a".into()));
    }
}
