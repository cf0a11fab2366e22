//! Prints a Markdown document whose two Mermaid diagrams are made of hostile labels, through
//! the same builders `cogform explain` uses, for scripts/render-mermaid.sh to render: quotes,
//! statement separators, comment and directive markers, arrows, HTML, braces, Mermaid keywords
//! and non-ASCII text must all come out as text, never as syntax.
//! Usage: cargo run --example mermaid-hostile > hostile.md

use cogform::explain::mermaid::{Flowchart, Sequence};

const HOSTILE: [&str; 14] = [
    "a\"b",
    "x;y#z",
    "%%{init: {'theme':'dark'}}%%",
    "-->|edge|",
    "<b>bold</b><script>alert(1)</script>",
    "GET /items/{id}/{proxy+}",
    "end",
    "alt else opt loop",
    "participant X as Y",
    "Note over A: injected",
    "subgraph classDef click style",
    "Ünïcødé 名前 😀",
    "line\nbreak",
    "back`tick` [link](x) | pipe",
];

fn main() {
    let mut s = Sequence::default();
    s.participant("U", HOSTILE[0], true);
    s.participant("P", HOSTILE[8], false);
    for (i, h) in HOSTILE.iter().enumerate() {
        s.message("U", "P", h, i % 2 == 1);
    }
    s.open("alt", HOSTILE[6]);
    s.note("P", HOSTILE[9]);
    s.otherwise(HOSTILE[2]);
    s.message("P", "U", HOSTILE[3], true);
    s.end();
    s.open("opt", HOSTILE[4]);
    s.message("U", "P", HOSTILE[11], false);
    s.end();
    let mut f = Flowchart::default();
    let mut last = f.node("start", "db");
    for (i, h) in HOSTILE.iter().enumerate() {
        let shape = ["box", "round", "db"][i % 3];
        let n = if i % 2 == 0 {
            f.node(h, shape)
        } else {
            f.node_in(HOSTILE[(i + 3) % HOSTILE.len()], h, shape)
        };
        f.edge(&last, &n, HOSTILE[(i + 5) % HOSTILE.len()]);
        last = n;
    }
    print!(
        "# Hostile labels\n\n```mermaid\n{}```\n\n```mermaid\n{}```\n",
        s.finish(),
        f.finish()
    );
}
