//! Strict reading of flag values. A value cogform does not understand is refused before any
//! question is asked, with a message naming the flag, the value as typed, what is accepted
//! there and the nearest accepted word: a default never stands in for a typo (a typo in a
//! storage action once fell back to the level's default and granted write and delete).

use serde::Serialize;

/// A flag given on the command line, with its value as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Given {
    pub flag: String,
    pub value: String,
}

/// The flags a flag struct holds a value for, from its serialized form: every field that is
/// not absent, `false` or empty. The struct serializes each field under its flag's name.
pub fn given<T: Serialize>(flags: &T) -> Vec<Given> {
    let Ok(serde_json::Value::Object(map)) = serde_json::to_value(flags) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, value) in map {
        let flag = format!("--{name}");
        match value {
            serde_json::Value::Null | serde_json::Value::Bool(false) => {}
            serde_json::Value::Array(items) => {
                let texts: Vec<String> = items.iter().map(scalar).collect();
                if texts.is_empty() {
                    continue;
                }
                if name == "function" || name == "route" {
                    // Repeatable flags: one entry a value.
                    out.extend(texts.into_iter().map(|value| Given {
                        flag: flag.clone(),
                        value,
                    }));
                } else {
                    out.push(Given {
                        flag,
                        value: texts.join(","),
                    });
                }
            }
            other => out.push(Given {
                flag,
                value: scalar(&other),
            }),
        }
    }
    out
}

fn scalar(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Why a flag that no question took does not apply, in the user's terms.
pub fn unused_why(flag: &str) -> String {
    let when = match flag {
        "--mfa-methods" => "second factors apply only when MFA is on (--mfa optional or required)",
        "--required-attributes" => {
            "required attributes are chosen only among the stored ones (--attributes)"
        }
        "--google-secret" => "it goes with --google-client-id",
        "--facebook-secret" => "it goes with --facebook-client-id",
        "--amazon-secret" => "it goes with --amazon-client-id",
        "--apple-team-id" | "--apple-key-id" | "--apple-private-key" => {
            "it goes with --apple-services-id"
        }
        "--oidc-issuer" | "--oidc-client-id" | "--oidc-secret" => "it goes with --oidc-name",
        "--saml-metadata-url" => "it goes with --saml-name",
        "--domain-prefix" | "--callback-urls" | "--logout-urls" => {
            "the hosted UI is off (--hosted-ui=false, or no provider needs it)"
        }
        "--group-roles" => {
            "group roles apply only when there are groups (--groups) and an identity pool"
        }
        "--users-without-group" => {
            "it applies only when groups have their own roles (--groups and --group-roles token)"
        }
        "--ses-from" | "--ses-source-arn" => {
            "the pool has no email addresses to send to (--email, or the email attribute)"
        }
        "--passkey-relying-party" => "it applies only to passkeys (--passwordless passkey)",
        "--managed-login" => "managed login needs the hosted UI (--hosted-ui)",
        "--threat-protection" => "threat protection comes with the plus plan only (--plan plus)",
        "--default" => "another bucket of the project is already the default",
        _ => "no question of this walkthrough takes it with the other answers given",
    };
    format!("does not apply: {when}; its value would be dropped")
}

/// `--flag `value`: why` — how every refused flag value is reported.
pub fn refused(flag: &str, value: &str, why: &str) -> String {
    format!("{flag} `{value}`: {why}")
}

/// The accepted word nearest to `typed` (ignoring case), if one is near enough to be a typo:
/// a few edits away (swapped neighbours count as one, `GTE` → `GET`) or alike by Jaro-Winkler.
pub fn nearest<'a>(typed: &str, accepted: &[&'a str]) -> Option<&'a str> {
    let typed = typed.to_lowercase();
    let allowed_edits = if typed.chars().count() <= 4 { 1 } else { 2 };
    accepted
        .iter()
        .map(|a| {
            let a_low = a.to_lowercase();
            let edits = strsim::damerau_levenshtein(&typed, &a_low);
            (edits, strsim::jaro_winkler(&typed, &a_low), *a)
        })
        .filter(|(edits, jw, _)| *edits <= allowed_edits || *jw >= 0.8)
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)))
        .map(|(_, _, a)| a)
}

/// Why `typed` is not one of `accepted` (a `what`, e.g. "an action"), with a did-you-mean.
pub fn not_one_of(typed: &str, what: &str, accepted: &[&str]) -> String {
    let list = if accepted.is_empty() {
        "none here".to_string()
    } else {
        accepted.join(", ")
    };
    match nearest(typed, accepted) {
        Some(n) => format!("`{typed}` is not {what}; did you mean `{n}`? (accepted: {list})"),
        None => format!("`{typed}` is not {what} (accepted: {list})"),
    }
}

/// The items of a comma-separated value, trimmed; an empty item (`a,,b`, a trailing comma) is
/// refused rather than skipped. An empty value is no items.
pub fn items(value: &str, sep: char) -> Result<Vec<String>, String> {
    if value.trim().is_empty() {
        return Ok(Vec::new());
    }
    value
        .split(sep)
        .map(|s| {
            let s = s.trim();
            if s.is_empty() {
                Err(format!(
                    "an empty item (two `{sep}` in a row, or one at an end)"
                ))
            } else {
                Ok(s.to_string())
            }
        })
        .collect()
}

/// The first item listed twice (exactly), as a refusal.
pub fn twice(list: &[String]) -> Result<(), String> {
    for (i, x) in list.iter().enumerate() {
        if list[..i].contains(x) {
            return Err(format!("`{x}` is listed twice"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_get_the_nearest_word_and_the_list() {
        let actions = ["read", "get", "list", "write", "delete"];
        assert_eq!(nearest("rwite", &actions), Some("write"));
        assert_eq!(nearest("Delete", &actions), Some("delete"));
        assert_eq!(nearest("zzz", &actions), None);
        assert_eq!(nearest("GTE", &["GET", "PUT"]), Some("GET"));
        assert_eq!(nearest("EDITOR", &["ADMINS", "EDITORS"]), Some("EDITORS"));
        assert_eq!(
            not_one_of("rwite", "an action", &actions),
            "`rwite` is not an action; did you mean `write`? (accepted: read, get, list, write, delete)"
        );
    }

    #[test]
    fn empty_items_are_refused_not_skipped() {
        assert_eq!(items("a, b", ',').unwrap(), ["a", "b"]);
        assert!(items("", ',').unwrap().is_empty());
        assert!(items("a,,b", ',').is_err());
        assert!(items("a,", ',').is_err());
        assert!(items("read++write", '+').is_err());
        assert!(twice(&["a".into(), "a".into()]).is_err());
    }
}
