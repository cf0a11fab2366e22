//! The one place that reads YAML: a hardened event-driven reader that builds a JSON value plus
//! an index from JSON pointers to source positions.
//!
//! Why not a serde YAML crate: user files are hostile input. Reading the event stream ourselves
//! lets us refuse what a generic deserializer silently accepts (duplicate keys, custom tags,
//! several documents, YAML 1.1 booleans and octals whose meaning differs between readers) and
//! bound what it cannot (nesting depth, alias expansion), while keeping every position.

use std::collections::{BTreeMap, HashMap};

use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use serde_json::{Map, Number, Value};

use crate::diagnostic::{Pos, pointer_segment};

/// Deepest nesting accepted; real cogform files stay under ten levels.
pub const MAX_DEPTH: usize = 64;
/// Most nodes one document may expand to, aliases included (defeats "billion laughs").
pub const MAX_NODES: usize = 100_000;
/// Most bytes of text (keys and scalars) one document may expand to, aliases included: a few
/// aliases of one long string would otherwise cost gigabytes while staying under `MAX_NODES`.
pub const MAX_EXPANDED_BYTES: usize = 16 * 1024 * 1024;

/// The message for a file without a document (empty, or only comments); loaders that know the
/// kind of file replace its generic hint.
pub const EMPTY_FILE: &str = "the file is empty";

/// Where a value (and, for mapping entries, its key) starts in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpanEntry {
    pub key: Option<Pos>,
    pub value: Pos,
}

/// Maps JSON pointers of the parsed document to source positions.
#[derive(Debug, Clone, Default)]
pub struct SpanIndex {
    entries: BTreeMap<String, SpanEntry>,
}

impl SpanIndex {
    /// Position of the value at `pointer`, or of its nearest ancestor that has one (values that
    /// came through an alias, or that a default filled in, have no position of their own).
    pub fn value_pos(&self, pointer: &str) -> Pos {
        self.nearest(pointer)
            .map(|e| e.value)
            .unwrap_or(Pos::new(1, 1))
    }

    /// Position of the key of the entry at `pointer` (falls back to the value's position).
    pub fn key_pos(&self, pointer: &str) -> Pos {
        self.nearest(pointer)
            .map(|e| e.key.unwrap_or(e.value))
            .unwrap_or(Pos::new(1, 1))
    }

    fn nearest(&self, pointer: &str) -> Option<&SpanEntry> {
        let mut p = pointer;
        loop {
            if let Some(e) = self.entries.get(p) {
                return Some(e);
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return None,
            }
        }
    }

    /// Makes the positions recorded at `from` and below it answer for `to` as well, so a key
    /// the reader renamed (IAM's `Action` read as `actions`) is still located where the user
    /// wrote it.
    pub fn alias(&mut self, from: &str, to: &str) {
        let copies: Vec<(String, SpanEntry)> = self
            .entries
            .range(from.to_string()..)
            .take_while(|(k, _)| k.starts_with(from))
            .filter(|(k, _)| k.len() == from.len() || k[from.len()..].starts_with('/'))
            .map(|(k, e)| (format!("{to}{}", &k[from.len()..]), *e))
            .collect();
        for (k, e) in copies {
            self.entries.insert(k, e);
        }
    }

    fn insert(&mut self, pointer: String, entry: SpanEntry) {
        self.entries.entry(pointer).or_insert(entry);
    }

    fn insert_if(&mut self, track: bool, pointer: String, entry: SpanEntry) {
        if track {
            self.insert(pointer, entry);
        }
    }
}

/// A problem found while reading YAML, located by position and JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlProblem {
    pub pos: Pos,
    pub pointer: String,
    pub message: String,
    pub help: Option<String>,
    /// The problem is about the value now at `pointer` (an ambiguous scalar, a tag), so a
    /// schema error there would only repeat it. False for a duplicate key: the value kept is
    /// the first one, which still deserves every check.
    pub about_value: bool,
}

impl YamlProblem {
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// The parsed document, or the problems that stop it from being one.
#[derive(Debug)]
pub struct Parsed {
    pub value: Value,
    pub spans: SpanIndex,
    /// Problems that still left a usable value (duplicate keys, tags, ambiguous scalars).
    pub problems: Vec<YamlProblem>,
}

enum Frame {
    Seq {
        items: Vec<Value>,
        pointer: String,
        anchor: usize,
    },
    Map {
        map: Map<String, Value>,
        pointer: String,
        anchor: usize,
        pending_key: Option<(String, Pos)>,
        key_positions: HashMap<String, Pos>,
    },
}

struct Builder {
    /// Record pointers and positions (user files); off for text cogform generated itself,
    /// where nothing is ever located for a person and only the value and problems matter.
    track: bool,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Value>,
    spans: SpanIndex,
    problems: Vec<YamlProblem>,
    nodes: usize,
    bytes: usize,
    root: Option<Value>,
}

fn pos_of(span: &Span) -> Pos {
    Pos::new(span.start.line(), span.start.col() + 1)
}

fn fatal(pos: Pos, pointer: &str, message: impl Into<String>) -> YamlProblem {
    YamlProblem {
        pos,
        pointer: pointer.to_string(),
        message: message.into(),
        help: None,
        about_value: true,
    }
}

/// Parses one YAML document. `Err` holds a single fatal problem (syntax, structure or limits);
/// `Ok` may still carry non-fatal problems in `Parsed::problems`.
pub fn parse(text: &str) -> Result<Parsed, YamlProblem> {
    parse_with(text, true)
}

/// [`parse`] for text cogform generated (template fragments, emitted templates): the same
/// reader and rules, but no source positions (`spans` stays empty, and problems carry no
/// pointer), which are the larger part of the cost, and no expansion budget (every value
/// cogform interpolates is a quoted scalar or JSON, so the text holds no alias; a large
/// project's text is bounded by the quotas checked on the rendered template instead).
pub fn parse_generated(text: &str) -> Result<Parsed, YamlProblem> {
    parse_with(text, false)
}

fn parse_with(text: &str, track: bool) -> Result<Parsed, YamlProblem> {
    // The source lines, split once and only if a plain value spans several lines (the
    // scalar events below name their own text `text`).
    let source = text;
    let mut lines: Option<Vec<&str>> = None;
    let mut parser = Parser::new_from_str(text);
    let mut b = Builder {
        track,
        stack: Vec::new(),
        anchors: HashMap::new(),
        spans: SpanIndex::default(),
        problems: Vec::new(),
        nodes: 0,
        bytes: 0,
        root: None,
    };
    let mut documents = 0usize;
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| {
            let m = e.marker();
            let pos = Pos::new(m.line(), m.col() + 1);
            // The scanner counts flow nesting (`[[[…`) itself and gives up past 255 levels,
            // before the parser hands us the event that would hit `MAX_DEPTH`.
            if e.info() == "recursion limit exceeded" {
                fatal(pos, "", format!("nesting deeper than {MAX_DEPTH} levels"))
            } else {
                fatal(pos, "", format!("invalid YAML: {}", e.info()))
            }
        })?;
        let pos = pos_of(&span);
        match event {
            Event::StreamStart | Event::Nothing | Event::DocumentEnd => {}
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(fatal(pos, "", "this file holds several YAML documents")
                        .with_help("cogform reads one document per file: remove the `---` separator and what follows it"));
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let pointer = b.child_pointer();
                b.count(1, text.len(), pos, &pointer)?;
                if tag.is_some() {
                    b.problems.push(tag_problem(pos, &pointer));
                }
                if track
                    && style == ScalarStyle::Plain
                    && span.end.line() > span.start.line()
                    && let Some(at) = super::indent::swallowed_item(
                        lines.get_or_insert_with(|| source.split('\n').collect()),
                        span.start.line(),
                        span.end.line(),
                    )
                {
                    b.problems.push(super::indent::swallowed_problem(
                        at,
                        span.start.line(),
                        &pointer,
                    ));
                }
                if b.expecting_key() {
                    if style == ScalarStyle::Plain
                        && !trigger_event_key(&pointer, &text)
                        && let Resolved::Ambiguous(why) = resolve_plain(&text)
                    {
                        let key_pointer = format!("{pointer}/{}", pointer_segment(&text));
                        b.problems
                            .push(ambiguous(pos, &key_pointer, "key", &text, why));
                    }
                    b.set_key(text.into_owned(), pos);
                } else {
                    let value = b.resolve_scalar(&text, style, pos, &pointer);
                    b.complete(value, anchor, pos, pointer);
                }
            }
            Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                let pointer = b.collection_pointer(pos)?;
                b.count(1, 0, pos, &pointer)?;
                if tag.is_some() {
                    b.problems.push(tag_problem(pos, &pointer));
                }
                if b.stack.len() >= MAX_DEPTH {
                    return Err(fatal(
                        pos,
                        &pointer,
                        format!("nesting deeper than {MAX_DEPTH} levels"),
                    ));
                }
                // The value's own position is recorded now; the entry is completed at its end.
                b.spans.insert_if(
                    b.track,
                    pointer.clone(),
                    SpanEntry {
                        key: b.pending_key_pos(),
                        value: pos,
                    },
                );
                let frame = if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq {
                        items: Vec::new(),
                        pointer,
                        anchor,
                    }
                } else {
                    Frame::Map {
                        map: Map::new(),
                        pointer,
                        anchor,
                        pending_key: None,
                        key_positions: HashMap::new(),
                    }
                };
                b.stack.push(frame);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (value, anchor, pointer) = match b.stack.pop() {
                    Some(Frame::Seq {
                        items,
                        pointer,
                        anchor,
                    }) => (Value::Array(items), anchor, pointer),
                    Some(Frame::Map {
                        map,
                        pointer,
                        anchor,
                        ..
                    }) => (Value::Object(map), anchor, pointer),
                    None => return Err(fatal(pos, "", "invalid YAML: unbalanced collection end")),
                };
                let start = b.spans.value_pos(&pointer);
                b.complete(value, anchor, start, pointer);
            }
            Event::Alias(id) => {
                let pointer = b.collection_pointer(pos)?;
                let Some(value) = b.anchors.get(&id).cloned() else {
                    return Err(fatal(pos, &pointer, "alias to an unknown anchor"));
                };
                let (nodes, bytes) = expanded_size(&value);
                b.count(nodes, bytes, pos, &pointer)?;
                b.complete(value, 0, pos, pointer);
            }
        }
    }
    match b.root {
        Some(value) => Ok(Parsed {
            value,
            spans: b.spans,
            problems: b.problems,
        }),
        None => Err(fatal(Pos::new(1, 1), "", EMPTY_FILE)
            .with_help("write at least `{}` to accept every default")),
    }
}

fn tag_problem(pos: Pos, pointer: &str) -> YamlProblem {
    fatal(
        pos,
        pointer,
        "YAML tags (such as `!Ref` or `!!str`) are not allowed in cogform files",
    )
    .with_help("cogform files hold plain data: quote the value if you mean the text")
}

/// Nodes and text bytes (keys and strings) of a value, as counted while reading.
fn expanded_size(value: &Value) -> (usize, usize) {
    match value {
        Value::Array(items) => items
            .iter()
            .map(expanded_size)
            .fold((1, 0), |(n, b), (m, c)| {
                (n.saturating_add(m), b.saturating_add(c))
            }),
        Value::Object(map) => map.iter().fold((1, 0), |(n, b), (k, v)| {
            let (m, c) = expanded_size(v);
            (
                n.saturating_add(m).saturating_add(1),
                b.saturating_add(c).saturating_add(k.len()),
            )
        }),
        Value::String(s) => (1, s.len()),
        _ => (1, 0),
    }
}

/// `on:` of a bucket trigger (`triggers: [{ on: upload, … }]`): the key the documentation and
/// users write, as in CI workflow files. A YAML 1.1 reader would see `true` there, but the
/// only reader of these files is cogform (YAML 1.2: text), and the schema then requires `on`,
/// so a reader that took it for `true` could not mistake the file for another valid one.
fn trigger_event_key(pointer: &str, key: &str) -> bool {
    key == "on"
        && pointer.rsplit_once('/').is_some_and(|(parent, index)| {
            parent.ends_with("/triggers") && index.chars().all(|c| c.is_ascii_digit())
        })
}

/// A plain scalar that YAML readers disagree on. Only the fixed YAML 1.1 words are echoed:
/// other text might be a pasted secret.
fn ambiguous(pos: Pos, pointer: &str, what: &str, text: &str, why: &str) -> YamlProblem {
    let message = if is_yaml11_bool(text) {
        format!("ambiguous {what} `{text}`: {why}")
    } else {
        format!("ambiguous {what}: {why}")
    };
    fatal(pos, pointer, message)
        .with_help("quote it (\"...\") if you mean the text, or write the value unambiguously")
}

impl Builder {
    fn expecting_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame::Map {
                pending_key: None,
                ..
            })
        )
    }

    fn pending_key_pos(&self) -> Option<Pos> {
        match self.stack.last() {
            Some(Frame::Map {
                pending_key: Some((_, p)),
                ..
            }) => Some(*p),
            _ => None,
        }
    }

    /// The pointer the next node will have (empty when positions are not tracked).
    fn child_pointer(&self) -> String {
        if !self.track {
            return String::new();
        }
        match self.stack.last() {
            None => String::new(),
            Some(Frame::Seq { items, pointer, .. }) => format!("{pointer}/{}", items.len()),
            Some(Frame::Map {
                pending_key: Some((k, _)),
                pointer,
                ..
            }) => format!("{pointer}/{}", pointer_segment(k)),
            // A key is being read: it is named by its parent.
            Some(Frame::Map { pointer, .. }) => pointer.clone(),
        }
    }

    /// The pointer of a collection or alias about to start; refuses one in key position.
    fn collection_pointer(&self, pos: Pos) -> Result<String, YamlProblem> {
        let pointer = self.child_pointer();
        if self.expecting_key() {
            return Err(fatal(
                pos,
                &pointer,
                "mapping keys must be plain text, not lists, mappings or aliases",
            ));
        }
        Ok(pointer)
    }

    fn count(
        &mut self,
        nodes: usize,
        bytes: usize,
        pos: Pos,
        pointer: &str,
    ) -> Result<(), YamlProblem> {
        self.nodes = self.nodes.saturating_add(nodes);
        self.bytes = self.bytes.saturating_add(bytes);
        if !self.track {
            // Generated text: its size is the project's, bounded by the quotas checked on the
            // rendered template, and it holds no alias to expand.
            return Ok(());
        }
        if self.nodes > MAX_NODES {
            return Err(fatal(
                pos,
                pointer,
                format!("the document expands to more than {MAX_NODES} values (alias bomb?)"),
            ));
        }
        if self.bytes > MAX_EXPANDED_BYTES {
            return Err(fatal(
                pos,
                pointer,
                format!(
                    "the document expands to more than {} MiB of text (alias bomb?)",
                    MAX_EXPANDED_BYTES / (1024 * 1024)
                ),
            ));
        }
        Ok(())
    }

    fn set_key(&mut self, key: String, pos: Pos) {
        if let Some(Frame::Map { pending_key, .. }) = self.stack.last_mut() {
            *pending_key = Some((key, pos));
        }
    }

    /// Attaches a finished value to its parent (or makes it the document root).
    fn complete(&mut self, value: Value, anchor: usize, pos: Pos, pointer: String) {
        if anchor != 0 {
            self.anchors.insert(anchor, value.clone());
        }
        match self.stack.last_mut() {
            None => {
                self.spans.insert_if(
                    self.track,
                    pointer,
                    SpanEntry {
                        key: None,
                        value: pos,
                    },
                );
                self.root = Some(value);
            }
            Some(Frame::Seq { items, .. }) => {
                self.spans.insert_if(
                    self.track,
                    pointer,
                    SpanEntry {
                        key: None,
                        value: pos,
                    },
                );
                items.push(value);
            }
            Some(Frame::Map {
                map,
                pending_key,
                key_positions,
                ..
            }) => {
                let Some((key, key_pos)) = pending_key.take() else {
                    return;
                };
                let first = if self.track {
                    key_positions.get(&key).copied()
                } else {
                    // Positions are not kept: the mapping itself tells a repeated key.
                    map.contains_key(&key).then_some(key_pos)
                };
                if let Some(first) = first {
                    // Keys are echoed, except one that looks like a pasted secret.
                    let shown = if super::scan::looks_like_secret(&key) {
                        String::new()
                    } else {
                        format!(" `{key}`")
                    };
                    let message = format!(
                        "duplicate key{shown} (first defined at line {}, column {})",
                        first.line, first.column
                    );
                    let mut problem = fatal(key_pos, &pointer, message).with_help(
                        "remove one of the two entries: YAML readers disagree on which one wins",
                    );
                    problem.about_value = false;
                    self.problems.push(problem);
                    return;
                }
                if self.track {
                    key_positions.insert(key.clone(), key_pos);
                }
                self.spans.insert_if(
                    self.track,
                    pointer,
                    SpanEntry {
                        key: Some(key_pos),
                        value: pos,
                    },
                );
                map.insert(key, value);
            }
        }
    }

    /// YAML 1.2 core-schema resolution, refusing plain scalars that YAML 1.1 readers (and many
    /// tools in a team's pipeline) would read differently.
    fn resolve_scalar(&mut self, text: &str, style: ScalarStyle, pos: Pos, pointer: &str) -> Value {
        if style != ScalarStyle::Plain {
            return Value::String(text.to_string());
        }
        match resolve_plain(text) {
            Resolved::Value(v) => v,
            Resolved::Ambiguous(why) => {
                self.problems
                    .push(ambiguous(pos, pointer, "value", text, why));
                Value::String(text.to_string())
            }
        }
    }
}

enum Resolved {
    Value(Value),
    Ambiguous(&'static str),
}

fn resolve_plain(text: &str) -> Resolved {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Value(Value::Null),
        "true" | "True" | "TRUE" => return Resolved::Value(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Resolved::Value(Value::Bool(false)),
        _ if is_yaml11_bool(text) => {
            return Resolved::Ambiguous(
                "YAML 1.1 reads it as a boolean, YAML 1.2 as text; write true or false",
            );
        }
        _ => {}
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let radix_digits = |prefix: &str, ok: fn(&u8) -> bool| {
        unsigned
            .strip_prefix(prefix)
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| ok(&b)))
    };
    // Only real numbers of another base: `0oa1b2` (an Okta client id) is text.
    if radix_digits("0x", u8::is_ascii_hexdigit)
        || radix_digits("0o", |b| (b'0'..=b'7').contains(b))
        || radix_digits("0b", |b| *b == b'0' || *b == b'1')
    {
        return Resolved::Ambiguous(
            "hexadecimal, octal and binary numbers are not accepted; write it in decimal",
        );
    }
    if !unsigned.is_empty() && unsigned.bytes().all(|c| c.is_ascii_digit()) {
        if unsigned.len() > 1 && unsigned.starts_with('0') {
            return Resolved::Ambiguous(
                "YAML 1.1 reads a leading zero as octal, YAML 1.2 as decimal; drop the leading zero",
            );
        }
        return match text.parse::<i64>() {
            Ok(n) => Resolved::Value(Value::Number(n.into())),
            Err(_) => Resolved::Ambiguous("the number is too large"),
        };
    }
    if is_sexagesimal(unsigned) {
        return Resolved::Ambiguous("YAML 1.1 reads `a:b` digits as a base-60 number");
    }
    if matches!(
        unsigned,
        ".inf" | ".Inf" | ".INF" | ".nan" | ".NaN" | ".NAN"
    ) {
        return Resolved::Ambiguous("infinity and NaN are not accepted");
    }
    if looks_like_float(unsigned) {
        if let Some(n) = text.parse::<f64>().ok().and_then(Number::from_f64) {
            return Resolved::Value(Value::Number(n));
        }
        return Resolved::Ambiguous("the number is out of range");
    }
    Resolved::Value(Value::String(text.to_string()))
}

fn is_yaml11_bool(text: &str) -> bool {
    matches!(
        text,
        "y" | "Y"
            | "yes"
            | "Yes"
            | "YES"
            | "n"
            | "N"
            | "no"
            | "No"
            | "NO"
            | "on"
            | "On"
            | "ON"
            | "off"
            | "Off"
            | "OFF"
    )
}

fn is_sexagesimal(s: &str) -> bool {
    let mut parts = s.split(':');
    let first_ok = parts
        .next()
        .is_some_and(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()));
    let mut rest = 0;
    for p in parts {
        if p.is_empty() || p.len() > 2 || !p.bytes().all(|c| c.is_ascii_digit()) {
            return false;
        }
        rest += 1;
    }
    first_ok && rest > 0
}

/// `1.5`, `.5`, `1.`, `1e3`, `1.5E-3` (YAML 1.2 core float without sign).
fn looks_like_float(s: &str) -> bool {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mut parts = mantissa.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    let digits = |p: &str| p.bytes().all(|c| c.is_ascii_digit());
    let mantissa_ok = match frac {
        Some(f) => digits(int) && digits(f) && !(int.is_empty() && f.is_empty()),
        None => !int.is_empty() && digits(int) && exponent.is_some(),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok(text: &str) -> Parsed {
        parse(text).expect("parses")
    }

    fn messages(text: &str) -> Vec<String> {
        ok(text).problems.into_iter().map(|p| p.message).collect()
    }

    #[test]
    fn reads_core_schema_values_and_positions() {
        let p = ok("a: 1\nb: [true, x, 2.5, ~]\nc:\n  d: 'on'\n");
        assert_eq!(
            p.value,
            json!({"a": 1, "b": [true, "x", 2.5, null], "c": {"d": "on"}})
        );
        assert!(p.problems.is_empty());
        assert_eq!(p.spans.value_pos("/b/1"), Pos::new(2, 11));
        assert_eq!(p.spans.key_pos("/c/d"), Pos::new(4, 3));
        assert_eq!(p.spans.value_pos("/c/d"), Pos::new(4, 6));
        // Unknown pointers fall back to the nearest ancestor.
        assert_eq!(p.spans.value_pos("/c/d/zzz"), Pos::new(4, 6));
    }

    #[test]
    fn refuses_yaml_1_1_surprises_but_keeps_going() {
        let msgs = messages("a: on\nb: NO\nc: 012\nd: 1:30\ne: 0x1F\nf: \"on\"\n");
        assert_eq!(msgs.len(), 5, "{msgs:?}");
        assert!(msgs[0].contains("ambiguous value `on`"));
        assert!(msgs[2].contains("octal"));
        assert!(msgs[3].contains("base-60"));
    }

    #[test]
    fn duplicate_keys_name_both_places() {
        let p = ok("a: 1\nb: 2\na: 3\n");
        assert_eq!(p.value, json!({"a": 1, "b": 2}));
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].pos, Pos::new(3, 1));
        assert!(
            p.problems[0]
                .message
                .contains("first defined at line 1, column 1")
        );
    }

    #[test]
    fn tags_are_refused() {
        let msgs = messages("a: !Ref Foo\nb: !!str 12\n");
        assert_eq!(msgs.len(), 2);
        assert!(msgs[0].contains("tags"));
    }

    #[test]
    fn several_documents_and_empty_files_are_fatal() {
        assert!(
            parse("a: 1\n---\nb: 2\n")
                .unwrap_err()
                .message
                .contains("several")
        );
        assert!(parse("").unwrap_err().message.contains("empty"));
        assert!(
            parse("# only a comment\n")
                .unwrap_err()
                .message
                .contains("empty")
        );
    }

    #[test]
    fn alias_bombs_are_bounded() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        let err = parse(&text).unwrap_err();
        assert!(err.message.contains("alias bomb"), "{}", err.message);
    }

    #[test]
    fn aliases_of_long_text_are_bounded_by_bytes() {
        // Few nodes, but each alias copies 600 kB: gigabytes without a byte budget.
        let text = format!(
            "a: &a \"{}\"\nb: [{}]\n",
            "x".repeat(600_000),
            vec!["*a"; 1_000].join(",")
        );
        let err = parse(&text).unwrap_err();
        assert!(err.message.contains("MiB of text"), "{}", err.message);
        assert_eq!(err.pointer, "/b/26");
    }

    #[test]
    fn ambiguous_plain_keys_are_refused() {
        let p = ok("environments:\n  on: {}\n  'no': {}\n  012: {}\n  prod: {}\n");
        let found: Vec<(Pos, String, String)> = p
            .problems
            .into_iter()
            .map(|p| (p.pos, p.pointer, p.message))
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, Pos::new(2, 3));
        assert_eq!(found[0].1, "/environments/on");
        assert!(found[0].2.starts_with("ambiguous key `on`"));
        assert_eq!(found[1].1, "/environments/012");
        assert!(found[1].2.starts_with("ambiguous key: "));
    }

    #[test]
    fn duplicate_secret_looking_keys_are_not_echoed() {
        let p = ok("GOCSPX-abcdef: 1\nGOCSPX-abcdef: 2\n");
        assert_eq!(p.problems.len(), 1);
        assert!(!p.problems[0].message.contains("GOCSPX"));
        assert!(p.problems[0].message.starts_with("duplicate key (first"));
    }

    #[test]
    fn small_aliases_work() {
        let p = ok("base: &u [a, b]\nother: *u\n");
        assert_eq!(p.value, json!({"base": ["a", "b"], "other": ["a", "b"]}));
    }

    #[test]
    fn deep_nesting_is_fatal_not_a_stack_overflow() {
        let text = "[".repeat(100_000);
        let err = parse(&text).unwrap_err();
        // Our depth limit, or the scanner's own (for flow collections), reported as ours.
        assert!(err.message.contains("nesting deeper"), "{}", err.message);
        let text = format!("{}a: 1", "x:\n ".repeat(0) + &"- ".repeat(100));
        assert!(parse(&text).unwrap_err().message.contains("nesting deeper"));
        let text = format!("{}1{}", "[".repeat(40), "]".repeat(40));
        assert!(parse(&text).is_ok());
    }

    #[test]
    fn complex_keys_and_syntax_errors_are_fatal() {
        assert!(parse("? [a]\n: 1\n").unwrap_err().message.contains("keys"));
        let err = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(err.message.starts_with("invalid YAML"));
        assert!(err.pos.line >= 1);
    }

    #[test]
    fn floats_and_strings_resolve_like_yaml_1_2() {
        let p = ok("a: 1e3\nb: .5\nc: 1.2.3\nd: -7\ne: 12abc\nf: 0oa1b2c3\ng: 0xZZ\n");
        assert_eq!(
            p.value,
            json!({"a": 1000.0, "b": 0.5, "c": "1.2.3", "d": -7, "e": "12abc", "f": "0oa1b2c3", "g": "0xZZ"})
        );
        assert!(p.problems.is_empty());
        assert_eq!(messages("a: 0x1F\nb: 0o17\nc: 0b101\n").len(), 3);
    }
}
