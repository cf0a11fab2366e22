//! Which parts of a project each semantic rule reads, so that a part that did not load (a
//! stand-in, see `load::Gaps`) silences exactly the rules that would judge it or judge
//! something else by it, and no others: a broken `groups` section must not make every group
//! reference in a bucket "unknown", but it must not hide a bad callback URL either.
//!
//! Keep this table in step with the rules: a rule that reports at section X and reads section
//! Y (of its own or another file) needs Y listed for X. The project file is not listed: its
//! stand-in has the shortest names allowed, so the length rules that add them still only
//! report what is too long whatever the names turn out to be.

use crate::diagnostic::Diagnostic;
use crate::load::{API_DIR, AUTH_FILE, FUNCTIONS_DIR, Gaps, PROJECT_FILE, STORAGE_DIR, section_of};

/// Sections of backend/auth.yaml that the rules reporting at `section` (of the same file)
/// read, besides `section` itself; `None`: unknown, so all of them.
fn auth_reads(section: &str) -> Option<&'static [&'static str]> {
    Some(match section {
        "login" | "sign_up" | "password" | "attributes" | "hosted_ui" | "triggers" => &[],
        "mfa" | "recovery" => &["login", "attributes"],
        "groups" => &["identity_pool"],
        // `users_without_group: no_credentials` needs groups to have an effect.
        "identity_pool" => &["groups"],
        "providers" => &["hosted_ui", "login", "attributes"],
        "clients" => &["hosted_ui"],
        _ => return None,
    })
}

/// Whether `d` (a semantic diagnostic) is about loaded parts only, judged by loaded parts
/// only. `false` drops it: it would be about, or caused by, a stand-in.
pub fn trusted(d: &Diagnostic, gaps: &Gaps) -> bool {
    if gaps.is_empty() {
        return true;
    }
    let section = section_of(&d.field);
    if gaps.missing(&d.file, section) {
        return false;
    }
    let auth = |s: &str| !gaps.missing(AUTH_FILE, Some(s));
    let segments: Vec<&str> = d.field.split(['.', '[', ']']).collect();
    let has = |word: &str| segments.contains(&word);
    let category = |dir: &str| {
        d.file
            .strip_prefix(dir)
            .is_some_and(|rest| rest.starts_with('/'))
    };
    // A trigger's or a route's `function` names a file of backend/functions/, and a bucket's
    // triggers are judged with the function they call.
    if (has("function") || (category(STORAGE_DIR) && has("triggers")))
        && gaps.any_under(FUNCTIONS_DIR)
    {
        return false;
    }
    if category(FUNCTIONS_DIR) {
        // `access.storage` names buckets and their prefixes; `access.auth` and the timeout
        // are judged by who calls the function (auth.yaml's triggers, buckets, APIs).
        return !gaps.any_under(STORAGE_DIR) && !gaps.any_under(API_DIR) && auth("triggers");
    }
    // Case-sensitive user names are allowed only where every environment adopts its pool.
    if d.file == AUTH_FILE && has("case_sensitive") && gaps.missing(PROJECT_FILE, None) {
        return false;
    }
    if d.file == AUTH_FILE {
        return match section.and_then(auth_reads) {
            Some(reads) => reads.iter().all(|s| auth(s)),
            None => !gaps.missing(AUTH_FILE, None),
        };
    }
    if d.file == PROJECT_FILE {
        // Adopted buckets name backend/storage/ files, an adopted identity pool needs it on.
        if has("adopt") {
            return !gaps.any_under(STORAGE_DIR) && auth("identity_pool");
        }
        // Environment overrides are checked against auth.yaml's hosted UI.
        return section != Some("environments") || auth("hosted_ui");
    }
    if category(STORAGE_DIR) {
        // Group grants name auth.yaml's groups and need group roles; guest grants need guest
        // access; the bucket as a whole needs the identity pool.
        if has("groups") {
            return auth("groups") && auth("identity_pool");
        }
        if has("guest") || section.is_none() {
            return auth("identity_pool");
        }
        return true;
    }
    if category(API_DIR) {
        // `allow` names guests, signed-in users and auth.yaml's groups.
        if has("allow") {
            return auth("groups") && auth("identity_pool");
        }
        return true;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Pos;

    fn d(file: &str, field: &str) -> Diagnostic {
        Diagnostic::new(file, Pos::new(1, 1), field, "m")
    }

    #[test]
    fn a_missing_section_silences_what_reads_it_only() {
        let mut g = Gaps::default();
        g.sections(AUTH_FILE, ["groups".to_string()].into());
        assert!(!trusted(&d(AUTH_FILE, "groups[0].name"), &g));
        assert!(trusted(&d(AUTH_FILE, "hosted_ui.callback_urls[0]"), &g));
        assert!(trusted(&d(AUTH_FILE, "mfa.methods[0]"), &g));
        assert!(!trusted(
            &d(AUTH_FILE, "identity_pool.users_without_group"),
            &g
        ));
        assert!(!trusted(&d(AUTH_FILE, "(document)"), &g));
        let bucket = "backend/storage/media.yaml";
        assert!(!trusted(&d(bucket, "levels.public.groups.EDITORS"), &g));
        assert!(trusted(&d(bucket, "levels.public.guest"), &g));
        assert!(trusted(&d(bucket, "cors.allowed_origins[0]"), &g));
        let api = "backend/api/photos.yaml";
        assert!(!trusted(&d(api, "paths./photos.GET.allow[0]"), &g));
        assert!(trusted(&d(api, "functions.photos.arn"), &g));
        assert!(trusted(&d(PROJECT_FILE, "environments.prod"), &g));
    }

    #[test]
    fn a_missing_file_silences_itself_and_its_readers() {
        let mut g = Gaps::default();
        g.whole_file(AUTH_FILE);
        g.whole_file("backend/api/a.yaml");
        assert!(!trusted(&d(AUTH_FILE, "login"), &g));
        assert!(!trusted(&d("backend/api/a.yaml", "cors"), &g));
        assert!(!trusted(&d(PROJECT_FILE, "environments.dev"), &g));
        assert!(!trusted(&d("backend/storage/m.yaml", "(document)"), &g));
        assert!(trusted(&d("backend/storage/m.yaml", "paths.x/*"), &g));
        g.sections(PROJECT_FILE, ["environments".to_string()].into());
        assert!(!trusted(&d(PROJECT_FILE, "environments.dev"), &g));
        assert!(trusted(&d(PROJECT_FILE, "format"), &g));
    }
}
