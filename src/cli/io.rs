//! Where commands write, and whether they may use color or ask questions. Built from the real
//! process in `main`, and from buffers in tests, so commands never reach for globals.

use std::io::{IsTerminal, Write};

pub struct Io {
    pub out: Box<dyn Write>,
    pub err: Box<dyn Write>,
    /// ANSI color on stdout (only on a terminal, never with NO_COLOR).
    pub color: bool,
    /// Whether questions can be asked (stdin and stderr are terminals).
    pub interactive: bool,
}

impl Io {
    pub fn from_process() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Io {
            out: Box::new(std::io::stdout()),
            err: Box::new(std::io::stderr()),
            color: !no_color && std::io::stdout().is_terminal(),
            interactive: std::io::stdin().is_terminal() && std::io::stderr().is_terminal(),
        }
    }

    /// Writes to stderr; a closed pipe is not worth failing a command for.
    pub fn say(&mut self, text: impl AsRef<str>) {
        let _ = writeln!(self.err, "{}", text.as_ref());
    }

    /// Writes a result to stdout.
    pub fn print(&mut self, text: impl AsRef<str>) {
        let _ = write!(self.out, "{}", text.as_ref());
    }

    /// Colors a unified diff line by line when color is on.
    pub fn colored_diff(&self, diff: &str) -> String {
        if !self.color {
            return diff.to_string();
        }
        diff.lines()
            .map(|line| {
                let code = if line.starts_with("+++") || line.starts_with("---") {
                    "1"
                } else if line.starts_with('+') {
                    "32"
                } else if line.starts_with('-') {
                    "31"
                } else if line.starts_with("@@") {
                    "36"
                } else {
                    return format!("{line}\n");
                };
                format!("\x1b[{code}m{line}\x1b[0m\n")
            })
            .collect()
    }
}
