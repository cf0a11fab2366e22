//! The S3 guarantees on the final template: bucket hardening (SEC-13), TLS only (SEC-14),
//! scoped CORS (SEC-15), private isolation (SEC-10) and guests' reads only (SEC-04) judged by
//! evaluating the template's policies as `cogform access` does, and the explicit Denies
//! cogform generates kept (SEC-11).

use serde_json::Value;

use super::{Intent, Template, Violation, is_false, is_true, list, push, ref_of, statements};
use crate::access::Model;
use crate::access::matrix::{CALLER, IDENTITY_KEY, OBJECT_NAME, OTHER};
use crate::access::model::Kind;
use crate::access::policy::{Context, Request};
use crate::access::resolve::{PARTITION, Resolver};
use crate::iam::catalogue::glob_match;

/// The condition key that carries the caller's identity id, as an IAM policy variable.
const IDENTITY_VARIABLE: &str = "${cognito-identity.amazonaws.com:sub}";

/// A request of identity [`CALLER`] for `action` on `key` (an object), or a listing of the
/// bucket with `prefix` (`None`: without any prefix, i.e. every key).
fn request(action: &str, bucket: &str, key: Option<&str>, prefix: Option<&str>) -> Request {
    let mut context = Context::new();
    context.set(IDENTITY_KEY, CALLER);
    if let Some(p) = prefix {
        context.set("s3:prefix", p);
    }
    let resource = match key {
        Some(k) => format!("arn:{PARTITION}:s3:::{bucket}/{k}"),
        None => format!("arn:{PARTITION}:s3:::{bucket}"),
    };
    Request {
        action: action.into(),
        resource,
        context,
    }
}

/// What nobody but the owner may do, asked as identity A about identity B's files:
/// (request, what it would mean).
fn foreign_requests(bucket: &str) -> Vec<(Request, &'static str)> {
    let private = format!("private/{OTHER}/{OBJECT_NAME}");
    let protected = format!("protected/{OTHER}/{OBJECT_NAME}");
    let other_prefix = format!("private/{OTHER}/");
    vec![
        (
            request("s3:GetObject", bucket, Some(&private), None),
            "read another identity's private files",
        ),
        (
            request("s3:PutObject", bucket, Some(&private), None),
            "write another identity's private files",
        ),
        (
            request("s3:DeleteObject", bucket, Some(&private), None),
            "delete another identity's private files",
        ),
        (
            request("s3:ListBucket", bucket, None, Some(&other_prefix)),
            "list another identity's private files",
        ),
        (
            request("s3:ListBucket", bucket, None, Some("private/")),
            "list every identity's private folder",
        ),
        (
            request("s3:ListBucket", bucket, None, None),
            "list the whole bucket without a prefix condition",
        ),
        (
            request("s3:PutObject", bucket, Some(&protected), None),
            "write another identity's protected files",
        ),
        (
            request("s3:DeleteObject", bucket, Some(&protected), None),
            "delete another identity's protected files",
        ),
    ]
}

/// What guests may never do, even in their own folders.
fn guest_requests(bucket: &str) -> Vec<(Request, &'static str)> {
    let mut out = Vec::new();
    for level in ["protected", "private"] {
        let key = format!("{level}/{CALLER}/{OBJECT_NAME}");
        out.push((
            request("s3:PutObject", bucket, Some(&key), None),
            "write to protected/ or private/",
        ));
        out.push((
            request("s3:DeleteObject", bucket, Some(&key), None),
            "delete in protected/ or private/",
        ));
    }
    out
}

/// Whether an object ARN that may reach into `private/` of one of `buckets` (their names) is
/// scoped to the caller's identity. Other buckets' layouts are not cogform's.
fn private_scoped(arn: &str, buckets: &[String]) -> bool {
    let Some((_, path)) = arn.split_once(":::") else {
        return true;
    };
    let (bucket, key) = path.split_once('/').unwrap_or((path, ""));
    if !buckets.iter().any(|b| glob_match(bucket, b)) {
        return true;
    }
    if let Some(rest) = key.strip_prefix("private/") {
        return rest.starts_with(&format!("{IDENTITY_VARIABLE}/"));
    }
    // A wildcard before `private/` is complete (`*`, `pri*`) reaches into it.
    let mut pattern = key.chars();
    for wanted in "private/".chars() {
        match pattern.next() {
            Some('*') => return false,
            Some(c) if c == wanted || c == '?' => {}
            _ => return true,
        }
    }
    true
}

impl<'a> Template<'a> {
    /// SEC-10 (and SEC-04 for guests): the grants, read as text and evaluated as IAM does.
    pub(super) fn isolation(&self, template: &Value, out: &mut Vec<Violation>) {
        let buckets: Vec<&str> = self.of_type("AWS::S3::Bucket").map(|(id, _)| id).collect();
        if buckets.is_empty() {
            return;
        }
        let resolver = Resolver::new(template);
        let names: Vec<String> = buckets
            .iter()
            .filter_map(|b| resolver.reference(b))
            .collect();
        for (id, st) in self.grants_to_app_users() {
            if st.get("Effect").and_then(Value::as_str) != Some("Allow") {
                continue;
            }
            let actions: Vec<&str> = list(st.get("Action"))
                .into_iter()
                .filter_map(Value::as_str)
                .collect();
            let on_s3 = actions
                .iter()
                .any(|a| a.to_ascii_lowercase().starts_with("s3:"));
            if !on_s3 {
                continue;
            }
            let arns: Vec<String> = list(st.get("Resource"))
                .into_iter()
                .filter_map(|r| resolver.resolve(r))
                .collect();
            if arns.iter().any(|a| !private_scoped(a, &names)) {
                push(
                    out,
                    10,
                    id,
                    format!(
                        "a statement granted to app users reaches into `private/` without `private/{IDENTITY_VARIABLE}/`: one identity could reach another's files"
                    ),
                );
            }
            let lists = actions
                .iter()
                .any(|a| a.eq_ignore_ascii_case("s3:ListBucket"));
            let prefixed = st
                .get("Condition")
                .and_then(Value::as_object)
                .is_some_and(|c| c.values().any(|op| op.get("s3:prefix").is_some()));
            let on_ours = arns.iter().any(|a| {
                let bucket = a.split_once(":::").map_or("", |(_, p)| p);
                names
                    .iter()
                    .any(|n| glob_match(bucket.split('/').next().unwrap_or(""), n))
            });
            if lists && !prefixed && on_ours {
                push(
                    out,
                    10,
                    id,
                    "grants app users `s3:ListBucket` without an `s3:prefix` condition: they could list every key, other identities' included",
                );
            }
        }
        let model = Model::from_template(template);
        for bucket_id in buckets {
            let Some(bucket) = resolver.reference(bucket_id) else {
                continue;
            };
            for principal in model.principals.iter().filter(|p| p.role.is_some()) {
                let mut asked = foreign_requests(&bucket);
                if principal.kind == Kind::Guest {
                    asked.extend(guest_requests(&bucket));
                }
                for (request, meaning) in asked {
                    let evaluation = model.evaluate(principal, &request);
                    if !evaluation.decision.allowed() {
                        continue;
                    }
                    let rule = if principal.kind == Kind::Guest
                        && meaning.contains("protected/ or private/")
                    {
                        4
                    } else {
                        10
                    };
                    push(
                        out,
                        rule,
                        bucket_id,
                        format!(
                            "{} may {meaning} (allowed by {})",
                            principal_words(&principal.name, principal.kind),
                            evaluation.by.join(", ")
                        ),
                    );
                }
            }
        }
    }

    /// SEC-11: every explicit Deny cogform generated is still in the final template (they
    /// keep narrower child prefixes narrow, and TLS required).
    pub(super) fn kept_denies(
        &self,
        intent: &Intent,
        final_statements: &std::collections::BTreeSet<String>,
        out: &mut Vec<Violation>,
    ) {
        for (id, statement) in &intent.generated_denies {
            if !final_statements.contains(statement) {
                let sid = serde_json::from_str::<Value>(statement)
                    .ok()
                    .and_then(|v| v.get("Sid").and_then(Value::as_str).map(str::to_string))
                    .unwrap_or_default();
                push(
                    out,
                    11,
                    id,
                    format!(
                        "the generated Deny `{sid}` is removed or changed: what it keeps out would be allowed"
                    ),
                );
            }
        }
    }

    /// SEC-15: bucket CORS names origins (never `*` or `null`, `http` only for localhost) and
    /// exposes `ETag` (multipart uploads of the Amplify client need it).
    pub(super) fn cors(&self, out: &mut Vec<Violation>) {
        for (id, bucket) in self.of_type("AWS::S3::Bucket") {
            let rules = list(
                Self::props(bucket)
                    .get("CorsConfiguration")
                    .and_then(|c| c.get("CorsRules")),
            );
            for rule in rules {
                for origin in list(rule.get("AllowedOrigins"))
                    .into_iter()
                    .filter_map(Value::as_str)
                {
                    let why = if origin == "*" || origin == "null" {
                        Some("lets any site use the bucket with a user's credentials".to_string())
                    } else {
                        crate::validate::url::problem(
                            origin,
                            crate::validate::url::UrlUse::Redirect { native: false },
                        )
                    };
                    if let Some(why) = why {
                        push(out, 15, id, format!("the CORS origin `{origin}` {why}"));
                    }
                }
                let etag = list(rule.get("ExposedHeaders"))
                    .into_iter()
                    .filter_map(Value::as_str)
                    .any(|h| h.eq_ignore_ascii_case("ETag"));
                if !etag {
                    push(
                        out,
                        15,
                        id,
                        "a CORS rule does not expose `ETag`: the Amplify client's multipart uploads would fail",
                    );
                }
            }
        }
    }

    /// SEC-13, SEC-14.
    pub(super) fn buckets(&self, out: &mut Vec<Violation>) {
        let policies: Vec<(&str, &Value)> = self.of_type("AWS::S3::BucketPolicy").collect();
        for (id, bucket) in self.of_type("AWS::S3::Bucket") {
            let p = Self::props(bucket);
            let block = p.get("PublicAccessBlockConfiguration");
            let all_four = [
                "BlockPublicAcls",
                "BlockPublicPolicy",
                "IgnorePublicAcls",
                "RestrictPublicBuckets",
            ]
            .iter()
            .all(|k| is_true(block.and_then(|b| b.get(*k))));
            if !all_four {
                push(
                    out,
                    13,
                    id,
                    "the public access block is not on (all four settings true)",
                );
            }
            if p.get("BucketEncryption").is_none() {
                push(out, 13, id, "has no `BucketEncryption`");
            }
            if p.get("AccessControl").is_some() {
                push(out, 13, id, "sets an ACL (`AccessControl`)");
            }
            let owner_enforced = list(p.get("OwnershipControls").and_then(|o| o.get("Rules")))
                .iter()
                .any(|r| {
                    r.get("ObjectOwnership").and_then(Value::as_str) == Some("BucketOwnerEnforced")
                });
            if !owner_enforced {
                push(
                    out,
                    13,
                    id,
                    "object ownership is not `BucketOwnerEnforced` (ACLs would apply)",
                );
            }
            let versioned = p
                .get("VersioningConfiguration")
                .and_then(|v| v.get("Status"))
                .and_then(Value::as_str)
                == Some("Enabled");
            if !versioned {
                push(out, 13, id, "versioning is not enabled");
            }
            for attr in ["DeletionPolicy", "UpdateReplacePolicy"] {
                if bucket.get(attr).and_then(Value::as_str) != Some("Retain") {
                    push(
                        out,
                        13,
                        id,
                        format!(
                            "`{attr}` is not `Retain`: deleting or replacing the stack would delete the objects"
                        ),
                    );
                }
            }
            let own: Vec<&Value> = policies
                .iter()
                .filter(|(_, bp)| Self::props(bp).get("Bucket").and_then(ref_of) == Some(id))
                .flat_map(|(_, bp)| statements(Self::props(bp).get("PolicyDocument")))
                .collect();
            let tls_only = own.iter().any(|st| {
                st.get("Effect").and_then(Value::as_str) == Some("Deny")
                    && is_false(
                        st.get("Condition")
                            .and_then(|c| c.get("Bool"))
                            .and_then(|c| c.get("aws:SecureTransport")),
                    )
            });
            if !tls_only {
                push(
                    out,
                    14,
                    id,
                    "no bucket policy denies requests without TLS (`aws:SecureTransport` false)",
                );
            }
            for st in own {
                let principal = st.get("Principal");
                let everyone = principal.and_then(Value::as_str) == Some("*")
                    || list(principal.and_then(|p| p.get("AWS")))
                        .iter()
                        .any(|a| a.as_str() == Some("*"));
                if st.get("Effect").and_then(Value::as_str) == Some("Allow") && everyone {
                    push(
                        out,
                        14,
                        id,
                        "its bucket policy allows something to everyone (`Principal: *`)",
                    );
                }
            }
        }
    }
}

/// `guests`, `signed-in users`, `members of EDITORS`.
fn principal_words(name: &str, kind: Kind) -> String {
    match kind {
        Kind::Guest => "guests".into(),
        Kind::Authenticated => "signed-in users".into(),
        Kind::NoGroup => "signed-in users in no group".into(),
        Kind::Group => format!("members of {name}"),
        Kind::Function => format!(
            "the function {}",
            crate::access::matrix::principal_function(name)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::private_scoped;

    #[test]
    fn private_is_reached_only_through_the_callers_identity() {
        let ours = ["b".to_string()];
        let own = "arn:aws:s3:::b/private/${cognito-identity.amazonaws.com:sub}/*";
        assert!(private_scoped(own, &ours));
        assert!(private_scoped("arn:aws:s3:::b/public/*", &ours));
        assert!(private_scoped("arn:aws:s3:::b", &ours));
        assert!(private_scoped("arn:aws:s3:::elsewhere/private/*", &ours));
        for bad in [
            "arn:aws:s3:::b/private/*",
            "arn:aws:s3:::b/private/*/photos/*",
            "arn:aws:s3:::b/*",
            "arn:aws:s3:::b/pri*",
            "arn:aws:s3:::b/private/${aws:username}/*",
            "arn:aws:s3:::*/private/*",
        ] {
            assert!(!private_scoped(bad, &ours), "{bad}");
        }
    }
}
