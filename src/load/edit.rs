//! Writing YAML that people also edit by hand: emitting a new commented document, and editing
//! an existing one in place so that comments, key order and formatting survive everywhere the
//! value does not change.
//!
//! `edit` indexes the text (every node's byte range, block or flow style, the column of its
//! key or dash), reconciles the old value with the new one into the smallest text edits
//! (replace a scalar, add or remove an entry or item, replace a whole node only when nothing
//! smaller fits), applies them, and proves the result reads back (with the hardened reader) as
//! exactly the new value. When it cannot, it says so instead of writing something else.

use saphyr_parser::{Event, Parser, ScalarStyle};
use serde_json::{Map, Value};

use crate::render::emit::quote_if_needed;

/// Widest flow collection written on one line (with its key and indentation).
const WIDTH: usize = 100;

/// A scalar as YAML text, quoted when any reader could take it for something else. In flow
/// context, text with flow indicators is quoted too.
pub fn scalar(value: &Value, in_flow: bool) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            let plain = quote_if_needed(s);
            let flow_unsafe = s.contains([
                ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`',
            ]);
            if (in_flow && flow_unsafe && !plain.starts_with('"')) || looks_numeric(s) {
                serde_json::to_string(s).unwrap_or_default()
            } else {
                plain
            }
        }
        other => flow(other),
    }
}

/// Text a YAML 1.2 reader would take for a number.
fn looks_numeric(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || "+-.".contains(c))
        && s.parse::<f64>().is_ok()
}

fn key_text(key: &str) -> String {
    scalar(&Value::String(key.to_string()), true)
}

/// A key in block context: API paths (`/items/{id}`) stay plain.
fn block_key_text(key: &str) -> String {
    let path_like = key.starts_with('/')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/_.~{}+-".contains(c));
    if path_like {
        key.to_string()
    } else {
        key_text(key)
    }
}

/// A value in flow style (`{ a: 1, b: [x, y] }`).
pub fn flow(value: &Value) -> String {
    match value {
        Value::Object(map) if map.is_empty() => "{}".into(),
        Value::Object(map) => format!(
            "{{ {} }}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", key_text(k), flow(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(flow).collect::<Vec<_>>().join(", ")
        ),
        other => scalar(other, true),
    }
}

fn depth(value: &Value) -> usize {
    match value {
        Value::Object(m) => 1 + m.values().map(depth).max().unwrap_or(0),
        Value::Array(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// Whether `value` reads well on one line after `prefix_len` characters: empty, or holding
/// only scalars and lists of scalars, and short enough.
fn fits_flow(value: &Value, prefix_len: usize) -> bool {
    let empty = matches!(value, Value::Object(m) if m.is_empty())
        || matches!(value, Value::Array(a) if a.is_empty());
    let children_plain = match value {
        Value::Object(m) => m
            .values()
            .all(|v| depth(v) == 0 || (v.is_array() && depth(v) == 1)),
        Value::Array(a) => a.iter().all(|v| depth(v) == 0),
        _ => true,
    };
    empty || (children_plain && prefix_len + flow(value).len() <= WIDTH)
}

/// `key: value` in block context at `indent`, without a final newline.
pub fn block_entry(key: &str, value: &Value, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let k = block_key_text(key);
    if depth(value) == 0 || fits_flow(value, indent + k.len() + 2) {
        return format!("{pad}{k}: {}", flow(value));
    }
    format!("{pad}{k}:\n{}", block(value, indent + 2))
}

/// A collection in block style at `indent`, without a final newline.
pub fn block(value: &Value, indent: usize) -> String {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) if !map.is_empty() => map
            .iter()
            .map(|(k, v)| block_entry(k, v, indent))
            .collect::<Vec<_>>()
            .join("\n"),
        Value::Array(items) if !items.is_empty() => items
            .iter()
            .map(|item| format!("{pad}- {}", item_text(item, indent)))
            .collect::<Vec<_>>()
            .join("\n"),
        other => format!("{pad}{}", flow(other)),
    }
}

/// A sequence item after its `- ` (the dash at `dash_col`).
fn item_text(item: &Value, dash_col: usize) -> String {
    match item {
        Value::Object(map) if !map.is_empty() && !fits_flow(item, dash_col + 2) => {
            block(item, dash_col + 2)[dash_col + 2..].to_string()
        }
        other if depth(other) == 0 || fits_flow(other, dash_col + 2) => flow(other),
        other => format!("\n{}", block(other, dash_col + 2)),
    }
}

/// A whole document: `header` lines, then each top-level entry in block style, preceded by
/// a blank line and its comment (from `comment`, by key).
pub fn document(value: &Value, header: &str, comment: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::from(header);
    if let Value::Object(map) = value {
        for (i, (k, v)) in map.iter().enumerate() {
            if i > 0 || !header.is_empty() {
                out.push('\n');
            }
            if let Some(c) = comment(k) {
                for line in c.lines() {
                    out.push_str(&format!("# {line}\n"));
                }
            }
            out.push_str(&block_entry(k, v, 0));
            out.push('\n');
        }
        if map.is_empty() {
            out.push_str("{}\n");
        }
    }
    out
}

/// Removes from `value` every entry equal to the same entry of `defaults` (recursively in
/// mappings). An entry whose pointer is listed in `keep` stays, even when it equals its
/// default, but what it holds is still pruned: a declared attribute whose settings are all
/// defaults stays as `name: {}` (removing it would undeclare it).
pub fn prune<S: AsRef<str>>(value: &mut Value, defaults: &Value, keep: &[S], at: &str) {
    let (Value::Object(map), Value::Object(def)) = (value, defaults) else {
        return;
    };
    let keys: Vec<String> = map.keys().cloned().collect();
    for k in keys {
        let ptr = format!("{at}/{}", crate::diagnostic::pointer_segment(&k));
        let Some(d) = def.get(&k) else { continue };
        let kept = keep
            .iter()
            .any(|p| p.as_ref() == ptr || p.as_ref().starts_with(&format!("{ptr}/")));
        if map.get(&k) == Some(d) && !kept {
            map.shift_remove(&k);
        } else if let Some(v) = map.get_mut(&k) {
            prune(v, d, keep, &ptr);
        }
    }
}

/// `raw` (a file's value, which leaves defaults out) changed as its typed form changed from
/// `before` to `after` (both serialized, defaults included): entries that did not change stay
/// as written (or absent), changed ones are set, dropped ones removed. New sections leave
/// out what equals `defaults` (the serialized defaults, where known).
pub fn patch(raw: &Value, before: &Value, after: &Value, defaults: &Value) -> Value {
    if before == after {
        return raw.clone();
    }
    match (raw, before, after) {
        (Value::Object(r), Value::Object(b), Value::Object(a)) => {
            let mut out = r.clone();
            for (k, av) in a {
                match (r.get(k), b.get(k)) {
                    (Some(rv), Some(bv)) => {
                        out.insert(k.clone(), patch(rv, bv, av, &defaults[k]));
                    }
                    (None, Some(bv)) if bv == av => {}
                    (None, Some(bv @ Value::Object(_))) if av.is_object() => {
                        // A default section: write only what changed in it.
                        let empty = Value::Object(Map::new());
                        out.insert(k.clone(), patch(&empty, bv, av, &defaults[k]));
                    }
                    (_, _) => {
                        let mut v = av.clone();
                        prune::<&str>(&mut v, &defaults[k], &[], "");
                        out.insert(k.clone(), v);
                    }
                }
            }
            for k in b.keys() {
                if !a.contains_key(k) {
                    out.shift_remove(k);
                }
            }
            Value::Object(out)
        }
        (Value::Array(r), Value::Array(b), Value::Array(a))
            if r.len() == b.len() && b.len() == a.len() =>
        {
            Value::Array(
                r.iter()
                    .zip(b.iter().zip(a.iter()))
                    .map(|(r, (b, a))| patch(r, b, a, &Value::Null))
                    .collect(),
            )
        }
        _ => after.clone(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Scalar,
    Map,
    Seq,
}

#[derive(Debug, Clone)]
struct Node {
    kind: Kind,
    start: usize,
    end: usize,
    flow: bool,
    /// An empty plain scalar (`key:` with nothing after it).
    empty: bool,
    /// Where replacement text goes when the node's own range is not enough (after `key:` or
    /// `-`), and the column of that key or dash.
    slot: usize,
    col: usize,
    entries: Vec<Entry>,
}

#[derive(Debug, Clone)]
struct Entry {
    /// Key text and byte range (mapping entries only).
    key: Option<(String, usize, usize)>,
    node: Node,
}

/// A document's structure with byte positions.
struct Index<'t> {
    text: &'t str,
    root: Node,
}

fn byte_offsets(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    v.push(text.len());
    v
}

fn line_start(text: &str, pos: usize) -> usize {
    text[..pos].rfind('\n').map_or(0, |i| i + 1)
}

/// The position after the newline ending the line that holds `pos` (or the text's end).
fn next_line(text: &str, pos: usize) -> usize {
    text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1)
}

fn column(text: &str, pos: usize) -> usize {
    text[line_start(text, pos)..pos].chars().count()
}

enum Frame {
    Node(Node, Option<(String, usize, usize)>),
}

impl<'t> Index<'t> {
    fn build(text: &'t str) -> Result<Index<'t>, String> {
        let offsets = byte_offsets(text);
        let at = |i: usize| offsets.get(i).copied().unwrap_or(text.len());
        let mut parser = Parser::new_from_str(text);
        // The open collections, each with the key it is the value of.
        let mut stack: Vec<Frame> = Vec::new();
        let mut pending_key: Vec<Option<(String, usize, usize)>> = Vec::new();
        let mut root: Option<Node> = None;
        while let Some(next) = parser.next_event() {
            let (event, span) = next.map_err(|e| format!("invalid YAML: {}", e.info()))?;
            let (start, end) = (at(span.start.index()), at(span.end.index()));
            match event {
                Event::Scalar(value, style, _, _) => {
                    let expecting_key = matches!(stack.last(), Some(Frame::Node(n, _)) if n.kind == Kind::Map)
                        && pending_key.last().is_some_and(Option::is_none);
                    if expecting_key {
                        if let Some(k) = pending_key.last_mut() {
                            *k = Some((value.to_string(), start, end));
                        }
                        continue;
                    }
                    let (mut s, mut e) = (start, end);
                    if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
                        s = text[..start].rfind(['|', '>']).unwrap_or(start);
                        while e > s && text[..e].ends_with('\n') {
                            e -= 1;
                        }
                    }
                    let node = Node {
                        kind: Kind::Scalar,
                        start: s,
                        end: e,
                        flow: false,
                        empty: value.is_empty() && style == ScalarStyle::Plain,
                        slot: s,
                        col: 0,
                        entries: Vec::new(),
                    };
                    Self::attach(text, &mut stack, &mut pending_key, &mut root, node);
                }
                Event::Alias(_) => {
                    let node = Node {
                        kind: Kind::Scalar,
                        start,
                        end,
                        flow: false,
                        empty: false,
                        slot: start,
                        col: 0,
                        entries: Vec::new(),
                    };
                    Self::attach(text, &mut stack, &mut pending_key, &mut root, node);
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let flow = text[start..].starts_with(['{', '[']);
                    let kind = if matches!(event, Event::MappingStart(..)) {
                        Kind::Map
                    } else {
                        Kind::Seq
                    };
                    let key = pending_key.last_mut().and_then(Option::take);
                    stack.push(Frame::Node(
                        Node {
                            kind,
                            start,
                            end: start,
                            flow,
                            empty: false,
                            slot: start,
                            col: column(text, start),
                            entries: Vec::new(),
                        },
                        key,
                    ));
                    pending_key.push(None);
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    pending_key.pop();
                    let Some(Frame::Node(mut node, key)) = stack.pop() else {
                        return Err("unbalanced collection".into());
                    };
                    node.end = if node.flow {
                        end
                    } else {
                        node.entries.last().map_or(node.start, |e| e.node.end)
                    };
                    // Give the key back so `attach` files the node under it.
                    if let Some(k) = pending_key.last_mut() {
                        *k = key;
                    }
                    Self::attach(text, &mut stack, &mut pending_key, &mut root, node);
                }
                _ => {}
            }
        }
        let root = root.ok_or("the file is empty")?;
        Ok(Index { text, root })
    }

    fn attach(
        text: &str,
        stack: &mut [Frame],
        pending_key: &mut [Option<(String, usize, usize)>],
        root: &mut Option<Node>,
        mut node: Node,
    ) {
        let Some(Frame::Node(parent, _)) = stack.last_mut() else {
            *root = Some(node);
            return;
        };
        match parent.kind {
            Kind::Map => {
                let key = pending_key.last_mut().and_then(Option::take);
                if let Some((_, ks, ke)) = &key {
                    let colon = text[*ke..].find(':').map_or(*ke, |i| ke + i + 1);
                    node.slot = colon;
                    node.col = column(text, *ks);
                    if node.empty {
                        // The reader puts `key:`'s empty value at the colon.
                        node.start = colon;
                        node.end = colon;
                    }
                }
                parent.entries.push(Entry { key, node });
            }
            _ => {
                if !parent.flow {
                    let before = text[..node.start].trim_end_matches([' ', '\n', '\r', '\t']);
                    if before.ends_with('-') {
                        node.slot = before.len();
                        node.col = column(text, before.len() - 1);
                    }
                } else {
                    node.slot = node.start;
                }
                parent.entries.push(Entry { key: None, node });
            }
        }
    }
}

/// An in-place edit's result: the new text, and what could not be kept as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edited {
    pub text: String,
    pub notes: Vec<String>,
}

struct Editor<'t> {
    text: &'t str,
    /// (start, end, replacement), in the order they were decided.
    edits: Vec<(usize, usize, String)>,
    notes: Vec<String>,
    comment: &'t dyn Fn(&str) -> Option<String>,
}

fn has_comment(text: &str) -> bool {
    text.lines().any(|l| {
        let t = l.trim_start();
        t.starts_with('#') || l.contains(" #")
    })
}

fn field(pointer: &str) -> String {
    crate::diagnostic::field_path(pointer)
}

impl Editor<'_> {
    fn replace(&mut self, node: &Node, new: &Value, in_flow: bool, at: &str, root: bool) {
        let old_text = &self.text[node.start..node.end];
        if node.kind != Kind::Scalar && !node.flow && has_comment(old_text) {
            self.notes.push(format!(
                "comments inside `{}` are replaced with the new value",
                field(at)
            ));
        }
        if root {
            let body = document(new, "", self.comment);
            let body = body.trim_end_matches('\n').to_string();
            self.edits.push((node.start, node.end, body));
            return;
        }
        if in_flow {
            self.edits.push((node.start, node.end, flow(new)));
            return;
        }
        let simple = depth(new) == 0 || fits_flow(new, node.col + 20);
        let own_range = node.kind == Kind::Scalar && !node.empty || node.flow;
        if simple && own_range && !text_is_block_scalar(old_text) {
            self.edits.push((node.start, node.end, flow(new)));
        } else if simple {
            self.edits
                .push((node.slot, node.end, format!(" {}", flow(new))));
        } else {
            self.edits.push((
                node.slot,
                node.end,
                format!("\n{}", block(new, node.col + 2)),
            ));
        }
    }

    fn reconcile(
        &mut self,
        node: &Node,
        old: &Value,
        new: &Value,
        in_flow: bool,
        at: &str,
        root: bool,
    ) {
        if old == new {
            return;
        }
        match (node.kind, old, new) {
            (Kind::Map, Value::Object(o), Value::Object(n)) if !n.is_empty() => {
                if node.flow && !n.values().all(|v| fits_flow(v, 0)) {
                    return self.replace(node, new, in_flow, at, root);
                }
                if node.flow && o.is_empty() {
                    return self.replace(node, new, in_flow, at, root);
                }
                let survivors = node
                    .entries
                    .iter()
                    .filter(|e| e.key.as_ref().is_some_and(|(k, _, _)| n.contains_key(k)))
                    .count();
                if survivors == 0 {
                    return self.replace(node, new, in_flow, at, root);
                }
                for (i, e) in node.entries.iter().enumerate() {
                    let Some((k, _, _)) = &e.key else { continue };
                    let ptr = format!("{at}/{}", crate::diagnostic::pointer_segment(k));
                    match (o.get(k), n.get(k)) {
                        (Some(ov), Some(nv)) => {
                            self.reconcile(&e.node, ov, nv, in_flow || node.flow, &ptr, false)
                        }
                        (_, None) => self.remove(node, i, &ptr),
                        _ => {}
                    }
                }
                let added: Map<String, Value> = n
                    .iter()
                    .filter(|(k, _)| !o.contains_key(*k))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                if !added.is_empty() {
                    self.insert_entries(node, &added, in_flow || node.flow, root);
                }
            }
            (Kind::Seq, Value::Array(o), Value::Array(n)) if !n.is_empty() && !o.is_empty() => {
                let flowing = in_flow || node.flow;
                if o.len() == n.len() {
                    for (i, e) in node.entries.iter().enumerate() {
                        self.reconcile(&e.node, &o[i], &n[i], flowing, &format!("{at}/{i}"), false);
                    }
                } else if n.len() > o.len() && n[..o.len()] == o[..] {
                    self.append_items(node, &n[o.len()..], flowing);
                } else if let Some(i) = (0..o.len())
                    .find(|i| n.len() + 1 == o.len() && o[..*i] == n[..*i] && o[i + 1..] == n[*i..])
                {
                    self.remove(node, i, &format!("{at}/{i}"));
                } else {
                    self.replace(node, new, in_flow, at, root);
                }
            }
            _ => self.replace(node, new, in_flow, at, root),
        }
    }

    fn remove(&mut self, parent: &Node, i: usize, at: &str) {
        let entries = &parent.entries;
        let e = &entries[i];
        let start = e.key.as_ref().map_or(e.node.start, |(_, s, _)| *s);
        if parent.flow {
            let (s, end) = if i > 0 {
                (entries[i - 1].node.end, e.node.end)
            } else if let Some(next) = entries.get(1) {
                (
                    start,
                    next.key.as_ref().map_or(next.node.start, |(_, s, _)| *s),
                )
            } else {
                (start, e.node.end)
            };
            self.edits.push((s, end, String::new()));
            return;
        }
        // Block: whole lines, with the comment lines right above the entry.
        let dash_or_key = if e.key.is_some() {
            start
        } else {
            e.node.slot.saturating_sub(1)
        };
        let mut s = line_start(self.text, dash_or_key);
        let col = column(self.text, dash_or_key);
        while s > 0 {
            let prev = line_start(self.text, s - 1);
            let line = &self.text[prev..s - 1];
            let t = line.trim_start();
            if t.starts_with('#') && line.len() - t.len() == col {
                s = prev;
            } else {
                break;
            }
        }
        let end = next_line(self.text, e.node.end);
        if has_comment(&self.text[e.node.start..e.node.end]) {
            self.notes.push(format!(
                "`{}` is removed with the comments inside it",
                field(at)
            ));
        }
        self.edits.push((s, end, String::new()));
    }

    fn insert_entries(
        &mut self,
        node: &Node,
        added: &Map<String, Value>,
        in_flow: bool,
        root: bool,
    ) {
        if in_flow {
            let last = node.entries.last().map_or(node.start, |e| e.node.end);
            let text: String = added
                .iter()
                .map(|(k, v)| format!(", {}: {}", key_text(k), flow(v)))
                .collect();
            self.edits.push((last, last, text));
            return;
        }
        let col = node
            .entries
            .first()
            .and_then(|e| e.key.as_ref())
            .map_or(node.col, |(_, s, _)| column(self.text, *s));
        let pos = next_line(self.text, node.end);
        let mut text = String::new();
        if pos == self.text.len() && !self.text.ends_with('\n') {
            text.push('\n');
        }
        for (k, v) in added {
            if root {
                text.push('\n');
                if let Some(c) = (self.comment)(k) {
                    for line in c.lines() {
                        text.push_str(&format!("# {line}\n"));
                    }
                }
            }
            text.push_str(&block_entry(k, v, col));
            text.push('\n');
        }
        self.edits.push((pos, pos, text));
    }

    fn append_items(&mut self, node: &Node, items: &[Value], in_flow: bool) {
        if in_flow {
            let last = node.entries.last().map_or(node.start, |e| e.node.end);
            let text: String = items.iter().map(|v| format!(", {}", flow(v))).collect();
            self.edits.push((last, last, text));
            return;
        }
        let dash = node.entries.first().map_or(node.col, |e| e.node.col);
        let pos = next_line(self.text, node.end);
        let mut text = String::new();
        if pos == self.text.len() && !self.text.ends_with('\n') {
            text.push('\n');
        }
        for v in items {
            text.push_str(&format!("{}- {}\n", " ".repeat(dash), item_text(v, dash)));
        }
        self.edits.push((pos, pos, text));
    }
}

fn text_is_block_scalar(text: &str) -> bool {
    text.starts_with(['|', '>'])
}

/// Edits `text` (whose value is `old`) so that it reads as `new`, keeping every comment and
/// all formatting outside the changed values. New top-level keys get `comment(key)` above
/// them. `Err` says why the text could not be edited in place (the caller rewrites the file
/// instead, and says so).
pub fn edit(
    text: &str,
    old: &Value,
    new: &Value,
    comment: &dyn Fn(&str) -> Option<String>,
) -> Result<Edited, String> {
    let index = Index::build(text)?;
    let mut editor = Editor {
        text: index.text,
        edits: Vec::new(),
        notes: Vec::new(),
        comment,
    };
    editor.reconcile(&index.root, old, new, false, "", true);
    let mut edits: Vec<(usize, (usize, usize, String))> =
        editor.edits.into_iter().enumerate().collect();
    // From the end, so earlier positions stay valid; at one position, the edit decided last
    // (an outer mapping's new keys) goes in first, ending up after the inner one's.
    edits.sort_by(|(ia, a), (ib, b)| b.0.cmp(&a.0).then(ib.cmp(ia)));
    let mut out = text.to_string();
    let mut floor = usize::MAX;
    for (_, (s, e, r)) in edits {
        if e > floor {
            return Err("overlapping edits".into());
        }
        out.replace_range(s..e, &r);
        floor = s;
    }
    let back = super::yaml::parse(&out)
        .map_err(|p| format!("the edited text does not parse: {}", p.message))?;
    if &back.value != new || !back.problems.is_empty() {
        return Err("the edited text does not read back as the new value".into());
    }
    Ok(Edited {
        text: out,
        notes: editor.notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn value(text: &str) -> Value {
        super::super::yaml::parse(text).unwrap().value
    }

    fn edited(text: &str, new: Value) -> String {
        edit(text, &value(text), &new, &|k| Some(format!("about {k}")))
            .unwrap_or_else(|e| panic!("{e}"))
            .text
    }

    const COMMENTED: &str = "\
# yaml-language-server: $schema=../.cogform/schemas/auth.schema.json
# Our auth. Keep this comment.

# How users sign in.
login:
  email: true    # the main way
  phone: false

password: { min_length: 12, require: [lowercase, numbers] }

groups:
  # admins first
  - { name: ADMINS, precedence: 0 }
  - name: EDITORS   # curators
    precedence: 1
identity_pool:
  guest_access: false
";

    #[test]
    fn scalar_changes_keep_everything_else() {
        let mut v = value(COMMENTED);
        v["login"]["phone"] = json!(true);
        v["password"]["min_length"] = json!(14);
        v["groups"][1]["precedence"] = json!(5);
        let out = edited(COMMENTED, v);
        assert_eq!(
            out,
            COMMENTED
                .replace("phone: false", "phone: true")
                .replace("min_length: 12", "min_length: 14")
                .replace("precedence: 1", "precedence: 5")
        );
    }

    #[test]
    fn entries_and_items_are_added_and_removed_in_place() {
        let mut v = value(COMMENTED);
        v["login"].as_object_mut().unwrap().shift_remove("phone");
        v["login"]["username"] = json!(true);
        v["groups"]
            .as_array_mut()
            .unwrap()
            .push(json!({"name": "VIEWERS", "precedence": 2}));
        v["password"]["require"]
            .as_array_mut()
            .unwrap()
            .push(json!("symbols"));
        v["hosted_ui"] =
            json!({"domain_prefix": "shop", "callback_urls": ["https://a.example.com/"]});
        let out = edited(COMMENTED, v.clone());
        assert!(
            out.contains("  email: true    # the main way\n  username: true\n"),
            "{out}"
        );
        assert!(
            out.contains("require: [lowercase, numbers, symbols] }"),
            "{out}"
        );
        assert!(
            out.contains("    precedence: 1\n  - { name: VIEWERS, precedence: 2 }\n"),
            "{out}"
        );
        assert!(out.ends_with("guest_access: false\n\n# about hosted_ui\nhosted_ui: { domain_prefix: shop, callback_urls: [https://a.example.com/] }\n"), "{out}");
        assert!(out.starts_with("# yaml-language-server"));
        assert!(out.contains("  # admins first\n"));
        // And back: removing entries takes their lines (and comment lines right above).
        let mut w = v.clone();
        w["groups"].as_array_mut().unwrap().remove(0);
        w.as_object_mut().unwrap().shift_remove("hosted_ui");
        let back = edited(&out, w);
        assert!(!back.contains("admins first"), "{back}");
        assert!(
            back.contains("groups:\n  - name: EDITORS   # curators\n"),
            "{back}"
        );
        assert!(!back.contains("hosted_ui"), "{back}");
    }

    #[test]
    fn values_become_blocks_or_flows_as_they_fit() {
        let text = "a: 1\nb:\nc: {}\nd: []\n";
        let out = edited(
            text,
            json!({"a": {"x": 1}, "b": [1, 2], "c": {"k": "v"}, "d": ["x"], "e": "t"}),
        );
        assert_eq!(
            out,
            "a: { x: 1 }\nb: [1, 2]\nc: { k: v }\nd: [x]\n\n# about e\ne: t\n"
        );
        let big = json!({"a": {"deep": {"deeper": {"x": 1}}}});
        let out = edited("a: 1 # one\n", big.clone());
        assert_eq!(value(&out), big);
    }

    #[test]
    fn emitted_documents_read_back_exactly() {
        let v = json!({
            "functions": {"photos": {"arn": "arn:aws:lambda:eu-west-1:123456789012:function:p"}},
            "paths": {"/photos/{id}": {"GET": {"function": "photos", "allow": ["guest", "ADMINS"]}}},
            "odd": ["yes", "012", "a, b", "#x", "1.5", "", "null", "x: y"],
            "nested": [{"name": "a", "policies": [{"actions": ["s3:GetObject"], "resources": ["arn:aws:s3:::b/*"]}]}],
        });
        let text = document(&v, "# head\n", &|k| {
            (k == "paths").then(|| "the routes".to_string())
        });
        assert_eq!(value(&text), v, "{text}");
        assert!(text.contains("\n# the routes\npaths:\n"), "{text}");
    }

    #[test]
    fn pruning_drops_defaults_but_keeps_listed_fields() {
        let mut v = json!({"a": {"x": 1, "y": 2}, "b": true, "c": 3});
        prune(
            &mut v,
            &json!({"a": {"x": 1, "y": 0}, "b": true, "c": 3}),
            &["/c"],
            "",
        );
        assert_eq!(v, json!({"a": {"y": 2}, "c": 3}));
    }

    #[test]
    fn what_cannot_be_kept_is_said() {
        // A list replaced by an unrelated one is rewritten whole: its inner comments go.
        let mut v = value(COMMENTED);
        v["groups"] = json!([{ "name": "VIEWERS", "precedence": 4 }]);
        let e = edit(COMMENTED, &value(COMMENTED), &v, &|_| None).unwrap();
        assert_eq!(
            e.notes,
            ["comments inside `groups` are replaced with the new value"]
        );
        assert_eq!(value(&e.text), v);
        assert!(e.text.contains("# Our auth. Keep this comment."));
        // A change that would not read back as the new value is refused, not written.
        assert!(edit("a: 1\n", &json!({"a": 1}), &json!({"a": 2}), &|_| None).is_ok());
        assert!(edit("a: [1, 2\n", &json!({}), &json!({"a": 2}), &|_| None).is_err());
    }
}
