//! The `add storage` / `update storage NAME` walkthrough: which of Amplify's access levels the
//! bucket has, and what each audience may do in each, checked by `validate`'s own rules.
//! Custom `paths` and other settings it does not ask about are kept as they are.

use std::rc::Rc;

use clap::Args;

use super::check::Ctx;
use super::flags::{items, not_one_of, refused, twice};
use super::list::{join, split};
use super::{Check, PromptError, Prompter, Q};
use crate::config::storage::{Action, Cors, Levels, Rule, StorageConfig};

/// One flag per question of the walkthrough (`--yes` takes them without asking).
#[derive(Debug, Clone, Default, PartialEq, Eq, Args, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct StorageFlags {
    /// The bucket the Amplify client uses when none is named.
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true", require_equals = true)]
    pub default: Option<bool>,
    /// Access levels the bucket has (comma-separated).
    #[arg(long, value_name = "LEVELS", value_delimiter = ',', value_parser = LEVELS)]
    pub levels: Option<Vec<String>>,
    /// Who may do what in public/: `AUDIENCE=ACTIONS,…`, e.g. `guest=read,authenticated=read+write+delete,EDITORS=read+write`.
    /// Exactly what is named (an audience left out gets nothing); the other levels keep theirs.
    #[arg(long, value_name = "RULE")]
    pub public: Option<String>,
    /// Who may do what in protected/{identity_id}/ (same form as --public).
    #[arg(long, value_name = "RULE")]
    pub protected: Option<String>,
    /// Who may do what in private/{identity_id}/ (same form as --public).
    #[arg(long, value_name = "RULE")]
    pub private: Option<String>,
    /// Who may write to uploads/ (same form as --public).
    #[arg(long, value_name = "RULE")]
    pub uploads: Option<String>,
    /// Comma-separated origins allowed to call the bucket from a browser (empty: none).
    #[arg(long, value_name = "ORIGINS")]
    pub cors_origins: Option<String>,
}

const LEVELS: [&str; 4] = ["public", "protected", "private", "uploads"];

/// A preset choice of actions for one audience.
struct Preset {
    label: &'static str,
    actions: &'static [Action],
}

const NOTHING: Preset = Preset {
    label: "nothing",
    actions: &[],
};
const READ: Preset = Preset {
    label: "read",
    actions: &[Action::Read],
};
const READ_WRITE: Preset = Preset {
    label: "read and write",
    actions: &[Action::Read, Action::Write],
};
const ALL: Preset = Preset {
    label: "read, write and delete",
    actions: &[Action::Read, Action::Write, Action::Delete],
};
const WRITE: Preset = Preset {
    label: "write (upload only)",
    actions: &[Action::Write],
};

/// What can be offered to `audience` at `level` (validate refuses the rest).
fn presets(level: &str, audience: &str) -> Vec<&'static Preset> {
    match (level, audience) {
        ("private", "owner") | ("protected", "owner") => vec![&NOTHING, &READ, &READ_WRITE, &ALL],
        ("private", _) => vec![],
        ("protected", "guest" | "authenticated") => vec![&NOTHING, &READ],
        (_, "owner") => vec![],
        ("uploads", "guest") => vec![],
        ("uploads", _) => vec![&NOTHING, &WRITE],
        (_, "guest") => vec![&NOTHING, &READ],
        _ => vec![&NOTHING, &READ, &READ_WRITE, &ALL],
    }
}

fn level_text(level: &str) -> &'static str {
    match level {
        "public" => "public/",
        "protected" => "protected/{identity_id}/",
        "private" => "private/{identity_id}/",
        _ => "uploads/",
    }
}

fn level_slot<'a>(levels: &'a mut Levels, level: &str) -> &'a mut Option<Rule> {
    match level {
        "public" => &mut levels.public,
        "protected" => &mut levels.protected,
        "private" => &mut levels.private,
        _ => &mut levels.uploads,
    }
}

/// The rule Amplify's client expects for a level nobody configured yet.
fn level_default(level: &str) -> Rule {
    let all = ALL.actions.to_vec();
    match level {
        "public" => Rule {
            authenticated: all,
            ..Default::default()
        },
        "protected" => Rule {
            authenticated: vec![Action::Read],
            owner: all,
            ..Default::default()
        },
        "private" => Rule {
            owner: all,
            ..Default::default()
        },
        _ => Rule {
            authenticated: vec![Action::Write],
            ..Default::default()
        },
    }
}

const ACTIONS: [&str; 5] = ["read", "get", "list", "write", "delete"];
const AUDIENCES: [&str; 3] = ["guest", "authenticated", "owner"];

fn parse_actions(text: &str) -> Result<Vec<Action>, String> {
    let names = items(text, '+')?;
    if names.is_empty() {
        return Err(
            "no action after `=` (actions: read, get, list, write, delete, joined with `+`)".into(),
        );
    }
    twice(&names)?;
    names
        .iter()
        .map(|a| {
            serde_json::from_value::<Action>(serde_json::Value::String(a.clone()))
                .map_err(|_| not_one_of(a, "an action", &ACTIONS))
        })
        .collect()
}

/// A level flag `AUDIENCE=ACTIONS,…` (audiences: guest, authenticated, owner, and the names of
/// `groups`), read strictly: every audience and action must be one cogform knows.
pub fn parse_rule(text: &str, groups: &[String]) -> Result<Rule, String> {
    let entries = items(text, ',')?;
    if entries.is_empty() {
        return Err("empty: name who may do what, e.g. `authenticated=read+write` (to leave the level out, leave it out of --levels)".into());
    }
    let mut rule = Rule::default();
    let mut seen: Vec<String> = Vec::new();
    for item in entries {
        let Some((who, actions)) = item.split_once('=') else {
            return Err(format!(
                "`{item}`: write AUDIENCE=ACTIONS, e.g. authenticated=read+write"
            ));
        };
        let who = who.trim();
        if seen.iter().any(|s| s == who) {
            return Err(format!("`{who}` is given twice"));
        }
        seen.push(who.to_string());
        let actions = parse_actions(actions)?;
        match who {
            "guest" => rule.guest = actions,
            "authenticated" => rule.authenticated = actions,
            "owner" => rule.owner = actions,
            group if groups.iter().any(|g| g == group) => {
                rule.groups.insert(group.to_string(), actions);
            }
            other => {
                let mut known: Vec<&str> = AUDIENCES.to_vec();
                known.extend(groups.iter().map(String::as_str));
                return Err(if other.is_empty() {
                    "no audience before `=`".to_string()
                } else {
                    not_one_of(other, "an audience or a group of backend/auth.yaml", &known)
                });
            }
        }
    }
    Ok(rule)
}

/// Every flag value of `add`/`update storage` that is not understood or does not apply,
/// found before any question is asked (the same rules `validate` applies to the file).
pub fn flag_problems(
    ctx: &Rc<Ctx>,
    name: &str,
    base: &StorageConfig,
    f: &StorageFlags,
) -> Vec<String> {
    let mut out = Vec::new();
    let groups = ctx.groups();
    for level in LEVELS {
        let Some(text) = level_flag(f, level) else {
            continue;
        };
        let flag = format!("--{level}");
        let rule = match parse_rule(text, &groups) {
            Ok(r) => r,
            Err(why) => {
                out.push(refused(&flag, text, &why));
                continue;
            }
        };
        if let Some(levels) = &f.levels
            && !levels.iter().any(|l| l == level)
        {
            out.push(refused(
                &flag,
                text,
                &format!("--levels does not list `{level}`, so the bucket would not have it"),
            ));
            continue;
        }
        let mut candidate = base.clone();
        *level_slot(&mut candidate.levels, level) = Some(rule);
        if let Err(why) = ctx.storage(name, &candidate, &format!("/levels/{level}")) {
            out.push(refused(&flag, text, &why));
        }
    }
    out
}

/// Checks a new storage name (the file name, part of the bucket name).
pub fn name_check(ctx: &Rc<Ctx>) -> Check {
    let ctx = ctx.clone();
    Check::new(move |name| {
        super::check::new_name_problem(
            name,
            " (part of the bucket name)",
            ctx.project.storage.iter().any(|s| s.name == name),
            &super::check::storage_file(name),
            "storage",
        )?;
        ctx.storage(name, &new_config(), "")
    })
}

/// The configuration a new bucket starts from (every field has a default).
pub fn new_config() -> StorageConfig {
    StorageConfig {
        default: false,
        levels: Levels::default(),
        paths: Default::default(),
        cors: None,
        triggers: Vec::new(),
        noncurrent_version_days: 30,
    }
}

/// Asks the walkthrough for the bucket `name` (the name is asked by the caller, for `add`).
pub fn ask(
    p: &mut dyn Prompter,
    ctx: &Rc<Ctx>,
    name: &str,
    base: &StorageConfig,
    f: &StorageFlags,
    adding: bool,
) -> Result<StorageConfig, PromptError> {
    let mut s = base.clone();
    let other_default = ctx
        .project
        .storage
        .iter()
        .any(|o| o.name != name && o.config.default);
    let default_default = if adding { !other_default } else { s.default };
    s.default = if other_default {
        false
    } else {
        p.confirm(
            &Q::new(
                "--default",
                "Is this the default bucket?",
                "The bucket the Amplify Storage client uses when none is named",
            ),
            f.default.unwrap_or(default_default),
        )?
    };
    // A level flag adds its level to the ones the bucket has (the defaults for a new bucket,
    // the current ones for an update): it changes only what it names.
    let wanted: Vec<&str> = match &f.levels {
        Some(v) => v.iter().map(String::as_str).collect(),
        None => LEVELS
            .iter()
            .copied()
            .filter(|l| {
                level_flag(f, l).is_some()
                    || if adding {
                        *l != "uploads"
                    } else {
                        level_slot(&mut s.levels.clone(), l).is_some()
                    }
            })
            .collect(),
    };
    let defaults: Vec<usize> = LEVELS
        .iter()
        .enumerate()
        .filter(|(_, l)| wanted.contains(l))
        .map(|(i, _)| i)
        .collect();
    let chosen = p.multi_select(
        &Q::new(
            "--levels",
            "Which access levels does the bucket have?",
            "public/: shared files; protected/ and private/: a folder per user; uploads/: a drop box",
        ),
        &LEVELS,
        &defaults,
        &Check::any(),
    )?;
    for (i, level) in LEVELS.iter().enumerate() {
        if !chosen.contains(&i) {
            *level_slot(&mut s.levels, level) = None;
            continue;
        }
        // Flag values were read strictly before the walkthrough (`flag_problems`).
        let flagged = level_flag(f, level).and_then(|t| parse_rule(t, &ctx.groups()).ok());
        let start = match flagged {
            Some(r) => r,
            None => level_slot(&mut s.levels, level)
                .clone()
                .unwrap_or_else(|| level_default(level)),
        };
        let rule = ask_level(p, ctx, level, start)?;
        *level_slot(&mut s.levels, level) = Some(rule);
    }
    cors(p, ctx, name, &mut s, f)?;
    Ok(s)
}

fn level_flag<'a>(f: &'a StorageFlags, level: &str) -> Option<&'a str> {
    match level {
        "public" => &f.public,
        "protected" => &f.protected,
        "private" => &f.private,
        _ => &f.uploads,
    }
    .as_deref()
}

fn audience_text(audience: &str) -> &'static str {
    match audience {
        "guest" => "guests (not signed in)",
        "authenticated" => "signed-in users",
        _ => "the owner",
    }
}

fn ask_level(
    p: &mut dyn Prompter,
    ctx: &Rc<Ctx>,
    level: &str,
    start: Rule,
) -> Result<Rule, PromptError> {
    let mut rule = start;
    let guests = ctx.project.auth.identity_pool.guest_access;
    let flag = format!("--{level}");
    for audience in ["guest", "authenticated", "owner"] {
        let mut offered = presets(level, audience);
        if audience == "guest" && !guests {
            offered.clear();
        }
        let slot = match audience {
            "guest" => &mut rule.guest,
            "authenticated" => &mut rule.authenticated,
            _ => &mut rule.owner,
        };
        if offered.is_empty() {
            slot.clear();
            continue;
        }
        let mut labels: Vec<String> = offered.iter().map(|o| o.label.to_string()).collect();
        let current = offered.iter().position(|o| o.actions == slot.as_slice());
        let default = match current {
            Some(i) => i,
            None => {
                // Keep what the file says when it is not one of the presets.
                labels.push(format!(
                    "keep: {}",
                    slot.iter()
                        .map(|a| format!("{a:?}").to_lowercase())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
                labels.len() - 1
            }
        };
        let options: Vec<&str> = labels.iter().map(String::as_str).collect();
        let i = p.select(
            &Q::new(
                flag.clone(),
                format!(
                    "What may {} do in {}?",
                    audience_text(audience),
                    level_text(level)
                ),
                if level == "protected" && audience != "owner" {
                    "Others' protected files are read-only"
                } else {
                    "read: download and list; write: upload; delete: remove"
                },
            ),
            &options,
            default,
        )?;
        if let Some(preset) = offered.get(i) {
            *slot = preset.actions.to_vec();
        }
    }
    let groups = ctx.groups();
    if !groups.is_empty() && matches!(level, "public" | "uploads") {
        let best: &[Action] = if level == "uploads" {
            WRITE.actions
        } else {
            ALL.actions
        };
        let options: Vec<&str> = groups.iter().map(String::as_str).collect();
        let defaults: Vec<usize> = groups
            .iter()
            .enumerate()
            .filter(|(_, g)| rule.groups.contains_key(*g))
            .map(|(i, _)| i)
            .collect();
        let chosen = p.multi_select(
            &Q::new(
                flag.clone(),
                format!(
                    "Which groups may {} in {}?",
                    if level == "uploads" {
                        "write"
                    } else {
                        "read, write and delete"
                    },
                    level_text(level)
                ),
                "On top of what every signed-in user may do",
            ),
            &options,
            &defaults,
            &Check::any(),
        )?;
        let kept = std::mem::take(&mut rule.groups);
        for i in chosen {
            let g = groups[i].clone();
            let actions = kept.get(&g).cloned().unwrap_or_else(|| best.to_vec());
            rule.groups.insert(g, actions);
        }
        // Groups the file names that auth.yaml does not have stay for validate to report.
        for (g, a) in kept {
            if !groups.contains(&g) {
                rule.groups.insert(g, a);
            }
        }
    }
    Ok(rule)
}

fn cors(
    p: &mut dyn Prompter,
    ctx: &Rc<Ctx>,
    name: &str,
    s: &mut StorageConfig,
    f: &StorageFlags,
) -> Result<(), PromptError> {
    let current = s
        .cors
        .as_ref()
        .map(|c| join(&c.allowed_origins))
        .unwrap_or_default();
    let default = f.cors_origins.clone().unwrap_or(current);
    let (ctx2, base, name2) = (ctx.clone(), s.clone(), name.to_string());
    let check = Check::new(move |answer| {
        let mut c = base.clone();
        items(answer, ',')?;
        set_cors(&mut c, answer);
        ctx2.storage(&name2, &c, "/cors")
    });
    let answer = p.text(
        &Q::new(
            "--cors-origins",
            "Which web origins may use the bucket from a browser? (comma-separated; empty for none)",
            "https://app.example.com, or exactly http://localhost[:port]; no path",
        ),
        &default,
        &check,
    )?;
    set_cors(s, &answer);
    Ok(())
}

fn set_cors(s: &mut StorageConfig, answer: &str) {
    let origins = split(answer);
    s.cors = if origins.is_empty() {
        None
    } else {
        Some(match s.cors.clone() {
            Some(c) => Cors {
                allowed_origins: origins,
                ..c
            },
            None => serde_json::from_value(serde_json::json!({ "allowed_origins": origins }))
                .unwrap_or_else(|_| unreachable!("only allowed_origins is required")),
        })
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prompts::Defaults;
    use crate::prompts::check::tests::{default_auth, project_with};
    use crate::prompts::scripted::{Answer::*, Scripted, text};

    fn ctx(guests: bool, groups: &[&str]) -> Rc<Ctx> {
        let mut auth = default_auth();
        auth.identity_pool.guest_access = guests;
        auth.groups = groups
            .iter()
            .enumerate()
            .map(|(i, g)| crate::config::auth::Group {
                name: g.to_string(),
                precedence: i as u32,
                description: None,
                policies: Vec::new(),
            })
            .collect();
        Ctx::new(project_with(auth))
    }

    #[test]
    fn defaults_give_amplifys_three_levels() {
        let mut p = Scripted::new(vec![Default; 7]);
        let s = ask(
            &mut p,
            &ctx(false, &[]),
            "media",
            &new_config(),
            &StorageFlags::default(),
            true,
        )
        .unwrap();
        assert!(p.finished(), "{:#?}", p.asked);
        assert!(s.default);
        assert_eq!(s.levels.public.unwrap().authenticated, ALL.actions);
        assert_eq!(s.levels.private.unwrap().owner, ALL.actions);
        assert!(s.levels.uploads.is_none() && s.cors.is_none());
        // No guest question without guest access.
        assert!(!p.asked.iter().any(|q| q.contains("guests")));
    }

    #[test]
    fn every_audience_and_group_is_asked_per_level() {
        let c = ctx(true, &["ADMINS", "EDITORS"]);
        let mut p = Scripted::new(vec![
            Confirm(false),                  // not the default bucket
            Multi(vec![0, 1, 3]),            // public, protected, uploads
            Select(1),                       // public: guests read
            Select(2),                       // public: signed-in read and write
            Multi(vec![1]),                  // public: EDITORS everything
            Select(1),                       // protected: guests read
            Select(1),                       // protected: signed-in read
            Select(3),                       // protected: owner everything
            Select(1),                       // uploads: signed-in write
            Multi(vec![0]),                  // uploads: ADMINS
            text("https://a.example.com/x"), // refused: an origin has no path
            text("https://a.example.com"),
        ]);
        let s = ask(
            &mut p,
            &c,
            "media",
            &new_config(),
            &StorageFlags::default(),
            true,
        )
        .unwrap();
        assert!(p.finished(), "{:#?}", p.asked);
        assert_eq!(p.refusals().len(), 1);
        let public = s.levels.public.as_ref().unwrap();
        assert_eq!(public.guest, [Action::Read]);
        assert_eq!(public.groups["EDITORS"], ALL.actions);
        assert_eq!(
            s.levels.uploads.as_ref().unwrap().groups["ADMINS"],
            [Action::Write]
        );
        assert!(s.levels.private.is_none());
        assert_eq!(c.storage("media", &s, ""), Ok(()));
        // Protected offers others reading only.
        assert_eq!(p.offered[5], ["nothing", "read"]);
    }

    #[test]
    fn update_keeps_rules_that_are_not_presets() {
        let base: StorageConfig = serde_json::from_str(
            r#"{"levels":{"public":{"authenticated":["get"]}},"paths":{"albums/*":{"authenticated":["read"]}}}"#,
        )
        .unwrap();
        let mut p = Scripted::new(vec![Default; 4]);
        let s = ask(
            &mut p,
            &ctx(false, &[]),
            "media",
            &base,
            &StorageFlags::default(),
            false,
        )
        .unwrap();
        assert_eq!(s, base);
        assert_eq!(p.offered[1].last().unwrap(), "keep: get");
    }

    #[test]
    fn flags_set_levels_and_bad_names_are_refused() {
        let flags = StorageFlags {
            public: Some("authenticated=read+write,EDITORS=read+write+delete".into()),
            cors_origins: Some("http://localhost:5173".into()),
            ..StorageFlags::default()
        };
        let c = ctx(false, &["EDITORS"]);
        let mut d = Defaults::default();
        let s = ask(&mut d, &c, "media", &new_config(), &flags, true).unwrap();
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        let public = s.levels.public.as_ref().unwrap();
        assert_eq!(public.authenticated, [Action::Read, Action::Write]);
        assert!(public.groups.contains_key("EDITORS"));
        // A level flag changes only its level: the others keep a new bucket's defaults.
        assert_eq!(s.levels.private.as_ref().unwrap().owner, ALL.actions);
        assert!(s.levels.uploads.is_none());
        let groups = vec!["EDITORS".to_string()];
        assert!(parse_rule("nobody", &groups).is_err());
        assert_eq!(
            parse_rule("guest=fly", &groups).unwrap_err(),
            "`fly` is not an action (accepted: read, get, list, write, delete)"
        );
        assert!(
            parse_rule("EDITOR=read", &groups)
                .unwrap_err()
                .contains("did you mean `EDITORS`?")
        );
        assert!(
            parse_rule("authenticated=read,", &groups)
                .unwrap_err()
                .contains("empty item")
        );
        assert!(parse_rule("authenticated=read,authenticated=write", &groups).is_err());
        let check = name_check(&c);
        assert!(check.run("Media").is_err());
        assert!(check.run(&"m".repeat(30)).is_err());
        assert_eq!(check.run("media"), Ok(()));
    }
}
