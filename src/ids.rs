//! Logical ids derived from names, so a template diff reads like the config diff: renaming a
//! group shows as one group removed and one added, and reordering changes nothing.

/// `my-group` → `MyGroup`, `ADMINS` → `ADMINS`, `web_app` → `WebApp`.
pub fn pascal(name: &str) -> String {
    name.split(['-', '_', ' ', '.'])
        .filter(|s| !s.is_empty())
        .map(|s| {
            let mut chars = s.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect::<String>()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::pascal;

    #[test]
    fn names_become_stable_alphanumeric_ids() {
        assert_eq!(pascal("my-group"), "MyGroup");
        assert_eq!(pascal("ADMINS"), "ADMINS");
        assert_eq!(pascal("web_app"), "WebApp");
        assert_eq!(pascal("Okta"), "Okta");
    }
}
