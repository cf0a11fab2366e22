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

/// A stable 64-bit FNV-1a hash: the same on every run and machine (std's hasher is not).
pub fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The logical id of API `api`'s deployment for a fingerprint of its methods: API Gateway
/// serves a snapshot taken when the deployment is created, so the id (and with it the
/// deployment) changes exactly when what it serves does.
pub fn deployment_id(api: &str, fingerprint: &str) -> String {
    format!("{api}Deployment{:08x}", fnv1a(fingerprint) >> 32)
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
