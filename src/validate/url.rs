//! Redirect and endpoint URL rules (SEC-23): absolute, no fragment, no wildcard, no user info;
//! `https`, or exactly `http://localhost[:port]`; custom schemes only for native apps.

/// How a URL is used, which decides the schemes it may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlUse {
    /// An OAuth redirect (callback or logout); `native` allows custom schemes.
    Redirect { native: bool },
    /// An endpoint cogform's stack calls (OIDC issuer, SAML metadata): https only.
    Endpoint,
}

const MAX_URL_LENGTH: usize = 1024;

/// Returns why `url` is refused, or `None` when it is acceptable. Never echoes the URL.
pub fn problem(url: &str, usage: UrlUse) -> Option<String> {
    if url.is_empty() {
        return Some("is empty".into());
    }
    if url.len() > MAX_URL_LENGTH {
        return Some(format!("is longer than {MAX_URL_LENGTH} characters"));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("contains white space or control characters".into());
    }
    if url.contains('#') {
        return Some("has a fragment (`#…`), which OAuth redirect URLs may not have".into());
    }
    if url.contains('*') {
        return Some("contains a wildcard; list every URL explicitly".into());
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        // `javascript:alert(1)` has no `//`: name the scheme rather than call it relative.
        if let Some((scheme, _)) = url.split_once(':')
            && let Some(why) = forbidden_scheme(&scheme.to_ascii_lowercase())
        {
            return Some(why);
        }
        return Some("is not an absolute URL (expected `https://host/...`)".into());
    };
    let scheme_ok = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase())
        && scheme
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "+.-".contains(c));
    if !scheme_ok {
        return Some("has an invalid scheme (write it in lowercase, e.g. `https`)".into());
    }
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    if authority.contains('@') {
        return Some(
            "contains user information (`user@host`), which can disguise the real host".into(),
        );
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    if let Some(p) = port
        && !p.parse::<u16>().is_ok_and(|n| n > 0)
    {
        return Some("has an invalid port".into());
    }
    match scheme {
        "https" => {
            if !valid_host(host) {
                return Some("has an invalid host name".into());
            }
            None
        }
        "http" => {
            if host == "localhost" {
                None
            } else {
                Some("uses http; only https is allowed, except exactly `http://localhost[:port]`".into())
            }
        }
        _ if forbidden_scheme(scheme).is_some() => forbidden_scheme(scheme),
        _ => match usage {
            UrlUse::Redirect { native: true } => None,
            UrlUse::Redirect { native: false } => Some(
                "uses a custom scheme; only clients of `kind: native` may redirect to an app scheme".into(),
            ),
            UrlUse::Endpoint => Some("must use https".into()),
        },
    }
}

/// Why a scheme is never a valid redirect, for the schemes that run or embed content.
fn forbidden_scheme(scheme: &str) -> Option<String> {
    matches!(scheme, "javascript" | "data" | "file" | "vbscript" | "blob")
        .then(|| format!("uses the `{scheme}` scheme, which is never a valid redirect"))
}

fn valid_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const WEB: UrlUse = UrlUse::Redirect { native: false };

    #[test]
    fn accepts_https_and_exact_localhost() {
        for ok in [
            "https://mywebsite.com/profile",
            "https://app.example.co.uk:8443/cb?x=1",
            "http://localhost:3000/",
            "http://localhost",
        ] {
            assert_eq!(problem(ok, WEB), None, "{ok}");
        }
        assert_eq!(
            problem("myapp://callback", UrlUse::Redirect { native: true }),
            None
        );
    }

    #[test]
    fn refuses_every_unsafe_form() {
        for bad in [
            "http://example.com/",
            "http://localhost.evil.com/",
            "https://user@evil.com/",
            "https://good.com@evil.com/",
            "https://example.com/#frag",
            "https://*.example.com/",
            "javascript://alert(1)",
            "myapp://callback",
            "/relative/path",
            "https://exa mple.com/",
            "HTTPS://example.com/",
            "https://example.com:0/",
            "https://-bad-.com/",
            "",
        ] {
            assert!(problem(bad, WEB).is_some(), "{bad} should be refused");
        }
        assert!(problem("javascript://x", UrlUse::Redirect { native: true }).is_some());
        for js in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,x",
        ] {
            let why = problem(js, UrlUse::Redirect { native: true }).unwrap();
            assert!(
                why.contains("scheme, which is never a valid redirect"),
                "{js}: {why}"
            );
        }
        assert!(problem("http://localhost/", UrlUse::Endpoint).is_none());
        assert!(problem("ftp://x.com/", UrlUse::Endpoint).is_some());
    }
}
