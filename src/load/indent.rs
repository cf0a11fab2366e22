//! Indentation slips, said as such. A key indented one space too far or too little makes the
//! YAML reader fail with words about "mapping values" or "expected keys", or, worse, parse
//! into something else: a key under the wrong parent, a list item swallowed as more text of
//! the item above. These helpers look at the lines around the problem and, when indentation
//! explains it, say so with the levels the line could line up with.

use serde_json::Value;

use super::yaml::YamlProblem;
use crate::diagnostic::{Pos, pointer_segment};

const HELP: &str = "YAML nests by indentation: line the key up with the keys it belongs with (spaces only, the same number for every key of a mapping)";

/// A line's leading spaces and the text after them.
fn split_indent(line: &str) -> (usize, &str) {
    let rest = line.trim_start_matches(' ');
    (line.len() - rest.len(), rest)
}

fn is_content(rest: &str) -> bool {
    !rest.is_empty() && !rest.starts_with('#')
}

/// How a line is named in a message: its key when it has a plain one.
fn label(rest: &str, line: usize) -> String {
    let item = rest.strip_prefix("- ").map(str::trim_start);
    let body = item.unwrap_or(rest);
    let key = body
        .split_once(':')
        .filter(|(_, after)| after.is_empty() || after.starts_with([' ', '#']))
        .map(|(k, _)| k.trim())
        .filter(|k| {
            (1..=40).contains(&k.len())
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_-./{}+*".contains(c))
        });
    match (key, item.is_some()) {
        (Some(k), false) => format!("`{k}`, line {line}"),
        (Some(k), true) => format!("`{k}` in a list item, line {line}"),
        (None, true) => format!("a list item, line {line}"),
        (None, false) => format!("line {line}"),
    }
}

/// Whether a line opens a block for deeper lines (`key:` or `-` with nothing after it).
fn opens_block(rest: &str) -> bool {
    let text = rest.split(" #").next().unwrap_or(rest).trim_end();
    text.ends_with(':') || text == "-" || text.ends_with(": |") || text.ends_with(": >")
}

/// Turns a fatal YAML error caused by an indentation slip into a message that says so; other
/// problems are returned unchanged (a `: ` inside a value gets a quoting hint).
pub fn explain(text: &str, p: YamlProblem) -> YamlProblem {
    if !p.message.starts_with("invalid YAML:") {
        return p;
    }
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    let Some(here) = p.pos.line.checked_sub(1).and_then(|i| lines.get(i)) else {
        return p;
    };
    let lead = here.len() - here.trim_start_matches([' ', '\t']).len();
    if let Some(tab) = here[..lead].find('\t') {
        return YamlProblem {
            pos: Pos::new(p.pos.line, tab + 1),
            message: "indentation: a tab character; YAML indents with spaces only".into(),
            help: Some("replace the tab with spaces".into()),
            ..p
        };
    }
    let (indent, rest) = split_indent(here);
    if !is_content(rest) {
        return p;
    }
    // The levels open above this line, nearest first: each line indented less than every
    // line between it and here, and the content of a `- ` item.
    let mut levels: Vec<(usize, String)> = Vec::new();
    let mut nearest: Option<(usize, &str)> = None;
    let mut floor = usize::MAX;
    for (i, line) in lines[..p.pos.line - 1].iter().enumerate().rev() {
        let (ind, rest) = split_indent(line);
        if !is_content(rest) || ind >= floor {
            continue;
        }
        if nearest.is_none() {
            nearest = Some((ind, rest));
        }
        if let Some(item) = rest.strip_prefix("- ") {
            let content = ind + 2 + (item.len() - item.trim_start().len());
            if content < floor && is_content(item.trim_start()) {
                levels.push((content, label(rest, i + 1)));
            }
            levels.push((ind, format!("the `-` of line {}", i + 1)));
        } else {
            levels.push((ind, label(rest, i + 1)));
        }
        floor = ind;
        if ind == 0 {
            break;
        }
    }
    let child_of_nearest = nearest.is_some_and(|(ind, rest)| opens_block(rest) && indent > ind);
    if levels.iter().any(|(l, _)| *l == indent) || child_of_nearest || levels.is_empty() {
        if p.message.contains("mapping values are not allowed") {
            return p.with_help(
                "a `: ` inside a value starts a new key: quote the value (\"...\") if it holds one",
            );
        }
        return p;
    }
    levels.dedup_by_key(|(l, _)| *l);
    let listed: Vec<String> = levels
        .iter()
        .map(|(l, what)| format!("{l} ({what})"))
        .collect();
    let listed = match listed.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    };
    YamlProblem {
        pos: Pos::new(p.pos.line, indent + 1),
        message: format!(
            "indentation: this line is indented {indent} space{}, which lines it up with nothing above it; the levels open here are {listed}",
            if indent == 1 { "" } else { "s" }
        ),
        help: Some(HELP.into()),
        ..p
    }
}

/// A `- ` line that YAML read as more text of the plain value starting on `first` (it is
/// indented deeper than the value's item or key): where it is, if there is one.
pub fn swallowed_item(lines: &[&str], first: usize, last: usize) -> Option<Pos> {
    lines
        .iter()
        .enumerate()
        .skip(first)
        .take(last.saturating_sub(first))
        .find_map(|(i, line)| {
            let (ind, rest) = split_indent(line.trim_end_matches('\r'));
            (rest == "-" || rest.starts_with("- ")).then(|| Pos::new(i + 1, ind + 1))
        })
}

/// The problem for [`swallowed_item`].
pub fn swallowed_problem(pos: Pos, first: usize, pointer: &str) -> YamlProblem {
    YamlProblem {
        pos,
        pointer: pointer.to_string(),
        message: format!(
            "indentation: this `- ` line is indented deeper than the item or key on line {first}, so YAML reads it as more text of that value, not as a new list item"
        ),
        help: Some("line up the `-` of every item of the list".into()),
        about_value: true,
    }
}

/// Where a key that is unknown where it stands would fit, one indentation level off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fits {
    /// Under the sibling just before it (it was indented too little): that sibling's name,
    /// and whether it is a list whose last item takes the key.
    Under { sibling: String, list: bool },
    /// One level up, next to its parent (it was indented too far): the parent's name.
    Beside { parent: String },
}

/// For a key unknown at `parent` (a JSON pointer), whether it would be known one level
/// deeper (under the sibling before it) or one level up; `fits` tells whether a modified
/// document has no schema problem at the given pointer.
pub fn relocate(
    root: &Value,
    parent: &str,
    key: &str,
    fits: &dyn Fn(&Value, &str) -> bool,
) -> Option<Fits> {
    let map = root.pointer(parent)?.as_object()?;
    let value = map.get(key)?.clone();
    let index = map.keys().position(|k| k == key)?;
    if index > 0 {
        let sibling = map.keys().nth(index - 1)?;
        let mut moved = root.clone();
        let target = moved.pointer_mut(parent)?.as_object_mut()?;
        target.shift_remove(key);
        let slot = target.get_mut(sibling)?;
        let (under, list) = match slot {
            Value::Null => {
                *slot = Value::Object(Default::default());
                (format!("{parent}/{}", pointer_segment(sibling)), false)
            }
            Value::Object(_) => (format!("{parent}/{}", pointer_segment(sibling)), false),
            Value::Array(items) if items.last().is_some_and(Value::is_object) => (
                format!("{parent}/{}/{}", pointer_segment(sibling), items.len() - 1),
                true,
            ),
            _ => (String::new(), false),
        };
        if !under.is_empty()
            && let Some(Value::Object(m)) = moved.pointer_mut(&under)
            && !m.contains_key(key)
        {
            m.insert(key.to_string(), value.clone());
            if fits(&moved, &format!("{under}/{}", pointer_segment(key))) {
                return Some(Fits::Under {
                    sibling: sibling.clone(),
                    list,
                });
            }
        }
    }
    let (grand, own) = parent.rsplit_once('/')?;
    let mut moved = root.clone();
    let up = moved.pointer_mut(grand)?.as_object_mut()?;
    if up.contains_key(key) {
        return None;
    }
    up.insert(key.to_string(), value);
    if let Some(Value::Object(m)) = moved.pointer_mut(parent) {
        m.shift_remove(key);
    }
    fits(&moved, &format!("{grand}/{}", pointer_segment(key))).then(|| Fits::Beside {
        parent: own.replace("~1", "/").replace("~0", "~"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml;

    fn message(text: &str) -> (Pos, String) {
        let p = explain(text, yaml::parse(text).unwrap_err());
        (p.pos, p.message)
    }

    #[test]
    fn a_key_one_space_off_is_an_indentation_problem() {
        let (pos, m) = message("password:\n  min_length: 12\n   require: [lowercase]\n");
        assert_eq!(pos, Pos::new(3, 4));
        assert_eq!(
            m,
            "indentation: this line is indented 3 spaces, which lines it up with nothing above it; the levels open here are 2 (`min_length`, line 2) or 0 (`password`, line 1)"
        );
        let (pos, m) = message("password:\n  min_length: 12\n require: [lowercase]\n");
        assert_eq!(pos, Pos::new(3, 2));
        assert!(
            m.starts_with("indentation: this line is indented 1 space,"),
            "{m}"
        );
        let (pos, m) = message("groups:\n  - name: A\n    precedence: 1\n   description: x\n");
        assert_eq!(pos, Pos::new(4, 4));
        assert!(
            m.ends_with("4 (`precedence`, line 3), 2 (the `-` of line 2) or 0 (`groups`, line 1)"),
            "{m}"
        );
        let (pos, m) = message("groups:\n  - name: A\n     precedence: 1\n");
        assert_eq!(pos, Pos::new(3, 6));
        assert!(
            m.starts_with("indentation: this line is indented 5 spaces"),
            "{m}"
        );
    }

    #[test]
    fn tabs_and_colons_in_values_are_told_apart() {
        let (pos, m) = message("password:\n\tmin_length: 12\n");
        assert_eq!(pos, Pos::new(2, 1));
        assert!(m.starts_with("indentation: a tab character"), "{m}");
        let p = explain(
            "groups:\n  - name: A\n    description: note: x\n",
            yaml::parse("groups:\n  - name: A\n    description: note: x\n").unwrap_err(),
        );
        assert!(p.message.starts_with("invalid YAML"), "{}", p.message);
        assert!(p.help.unwrap().contains("quote the value"));
    }

    #[test]
    fn keys_one_level_off_are_relocated() {
        let fits = |v: &Value, at: &str| {
            at.starts_with("/password/") && v["password"].get("require").is_some() || at == "/mfa"
        };
        let root = serde_json::json!({"password": {"min_length": 12}, "require": []});
        assert_eq!(
            relocate(&root, "", "require", &fits),
            Some(Fits::Under {
                sibling: "password".into(),
                list: false
            })
        );
        let root = serde_json::json!({"password": {"min_length": 12, "mfa": {}}});
        assert_eq!(
            relocate(&root, "/password", "mfa", &fits),
            Some(Fits::Beside {
                parent: "password".into()
            })
        );
        assert_eq!(relocate(&root, "", "password", &fits), None);
    }
}
