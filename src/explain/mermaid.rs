//! Mermaid text that no name can break: every label goes through [`label`], which keeps
//! letters, digits and a few plain characters and writes everything else as Mermaid's entity
//! code (`#123;`), which both flowcharts and sequence diagrams decode. Node and participant ids
//! are generated (`n3`, `p2`), never taken from the configuration.

/// `text` as a Mermaid label: safe inside `["…"]`, after `as` and after a message's `:`.
pub fn label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() || " .,_-/()+*'".contains(c) {
            out.push(c);
        } else if c.is_whitespace() {
            out.push(' ');
        } else {
            out.push_str(&format!("#{};", c as u32));
        }
    }
    // Leading or trailing spaces are trimmed by Mermaid anyway; an empty label is a parse error.
    let trimmed = out.trim();
    if trimmed.is_empty() {
        "#8203;".to_string()
    } else {
        trimmed.to_string()
    }
}

/// A sequence diagram, built line by line.
#[derive(Default)]
pub struct Sequence {
    lines: Vec<String>,
    depth: usize,
}

impl Sequence {
    pub fn raw(&mut self, line: impl Into<String>) {
        self.lines
            .push(format!("{}{}", "  ".repeat(self.depth + 1), line.into()));
    }

    pub fn participant(&mut self, id: &str, name: &str, actor: bool) {
        let kind = if actor { "actor" } else { "participant" };
        self.raw(format!("{kind} {id} as {}", label(name)));
    }

    /// `from ->> to: text` (a request) or `from -->> to: text` (a response).
    pub fn message(&mut self, from: &str, to: &str, text: &str, response: bool) {
        let arrow = if response { "-->>" } else { "->>" };
        self.raw(format!("{from}{arrow}{to}: {}", label(text)));
    }

    pub fn note(&mut self, over: &str, text: &str) {
        self.raw(format!("Note over {over}: {}", label(text)));
    }

    /// Opens `alt`, `opt`, `loop` or `rect`… with its label; [`Sequence::end`] closes it.
    pub fn open(&mut self, keyword: &str, text: &str) {
        self.raw(format!("{keyword} {}", label(text)));
        self.depth += 1;
    }

    /// `else` of an `alt`.
    pub fn otherwise(&mut self, text: &str) {
        self.depth -= 1;
        self.raw(format!("else {}", label(text)));
        self.depth += 1;
    }

    pub fn end(&mut self) {
        self.depth -= 1;
        self.raw("end");
    }

    pub fn finish(self) -> String {
        format!("sequenceDiagram\n  autonumber\n{}\n", self.lines.join("\n"))
    }
}

/// A left-to-right flowchart whose nodes are named by their labels, optionally grouped in
/// labelled subgraphs (a bucket's prefixes, an API's routes).
#[derive(Default)]
pub struct Flowchart {
    /// (id, label, shape, group).
    nodes: Vec<(String, String, &'static str, Option<String>)>,
    edges: Vec<String>,
}

impl Flowchart {
    /// The id of the node labelled `text` (created on first use, with `shape`: `box`, `round`
    /// or `db`).
    pub fn node(&mut self, text: &str, shape: &'static str) -> String {
        self.add(text, shape, None)
    }

    /// The same, inside the subgraph labelled `group`.
    pub fn node_in(&mut self, group: &str, text: &str, shape: &'static str) -> String {
        self.add(text, shape, Some(group))
    }

    fn add(&mut self, text: &str, shape: &'static str, group: Option<&str>) -> String {
        let group = group.map(str::to_string);
        if let Some((id, ..)) = self
            .nodes
            .iter()
            .find(|(_, t, _, g)| t == text && *g == group)
        {
            return id.clone();
        }
        let id = format!("n{}", self.nodes.len() + 1);
        self.nodes
            .push((id.clone(), text.to_string(), shape, group));
        id
    }

    pub fn edge(&mut self, from: &str, to: &str, text: &str) {
        let edge = if text.is_empty() {
            format!("{from} --> {to}")
        } else {
            format!("{from} -->|\"{}\"| {to}", label(text))
        };
        if !self.edges.contains(&edge) {
            self.edges.push(edge);
        }
    }

    pub fn finish(self) -> String {
        let mut out = String::from("flowchart LR\n");
        let shaped = |id: &str, text: &str, shape: &str| {
            let text = label(text);
            match shape {
                "round" => format!("{id}(\"{text}\")"),
                "db" => format!("{id}[(\"{text}\")]"),
                _ => format!("{id}[\"{text}\"]"),
            }
        };
        for (id, text, shape, _) in self.nodes.iter().filter(|n| n.3.is_none()) {
            out.push_str(&format!("  {}\n", shaped(id, text, shape)));
        }
        let mut groups: Vec<&String> = Vec::new();
        for g in self.nodes.iter().filter_map(|n| n.3.as_ref()) {
            if !groups.contains(&g) {
                groups.push(g);
            }
        }
        for (i, g) in groups.iter().enumerate() {
            out.push_str(&format!("  subgraph g{}[\"{}\"]\n", i + 1, label(g)));
            for (id, text, shape, _) in self.nodes.iter().filter(|n| n.3.as_ref() == Some(*g)) {
                out.push_str(&format!("    {}\n", shaped(id, text, shape)));
            }
            out.push_str("  end\n");
        }
        for e in &self.edges {
            out.push_str(&format!("  {e}\n"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_labels_become_entity_codes() {
        assert_eq!(label("GET /items/{id}"), "GET /items/#123;id#125;");
        assert_eq!(label("a\"b;c#d"), "a#34;b#59;c#35;d");
        assert_eq!(label("end\n-->x"), "end --#62;x");
        assert_eq!(label("Ünïcødé é"), "Ünïcødé é");
        assert_eq!(label("   "), "#8203;");
        assert_eq!(label("%%{init}%%"), "#37;#37;#123;init#125;#37;#37;");
    }

    #[test]
    fn blocks_nest_and_close() {
        let mut s = Sequence::default();
        s.participant("p1", "User", true);
        s.open("alt", "a");
        s.message("p1", "p1", "x", false);
        s.otherwise("b");
        s.end();
        assert_eq!(
            s.finish(),
            "sequenceDiagram\n  autonumber\n  actor p1 as User\n  alt a\n    p1->>p1: x\n  else b\n  end\n"
        );
    }
}
