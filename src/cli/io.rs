//! Where commands write, and whether they may use color or ask questions. Built from the real
//! process in `main`, and from buffers in tests, so commands never reach for globals.

use std::cell::RefCell;
use std::io::{IsTerminal, Write};
use std::rc::Rc;

use crate::prompts::Prompter;
use crate::prompts::terminal::InquirePrompter;
use crate::report::{Finding, Format};

pub struct Io {
    pub out: Box<dyn Write>,
    pub err: Box<dyn Write>,
    /// ANSI color on stdout (only on a terminal, never with NO_COLOR).
    pub color: bool,
    /// Whether questions can be asked (stdin and stderr are terminals).
    pub interactive: bool,
    /// Who answers the questions when `interactive`: a person at the terminal, or (in tests
    /// that drive whole commands in-process) a scripted answerer.
    pub prompter: Box<dyn Prompter>,
    /// How findings are reported: as text lines when they come, or collected for a report.
    pub format: Format,
    /// The findings collected for a machine format.
    pub findings: Vec<Finding>,
}

/// What a command wrote to an in-memory `Io`.
#[derive(Clone, Default)]
pub struct Captured {
    pub out: Rc<RefCell<Vec<u8>>>,
    pub err: Rc<RefCell<Vec<u8>>>,
}

impl Captured {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.borrow()).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.err.borrow()).into_owned()
    }
}

struct Shared(Rc<RefCell<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Io {
    pub fn from_process() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Io {
            out: Box::new(std::io::stdout()),
            err: Box::new(std::io::stderr()),
            color: !no_color && std::io::stdout().is_terminal(),
            interactive: std::io::stdin().is_terminal() && std::io::stderr().is_terminal(),
            prompter: Box::new(InquirePrompter),
            format: Format::Text,
            findings: Vec::new(),
        }
    }

    /// An `Io` writing to memory, without color, whose questions (if `prompter` is given)
    /// are answered by it as if at a terminal.
    pub fn in_memory(prompter: Option<Box<dyn Prompter>>) -> (Self, Captured) {
        let captured = Captured::default();
        let io = Io {
            out: Box::new(Shared(captured.out.clone())),
            err: Box::new(Shared(captured.err.clone())),
            color: false,
            interactive: prompter.is_some(),
            prompter: prompter.unwrap_or_else(|| Box::new(InquirePrompter)),
            format: Format::Text,
            findings: Vec::new(),
        };
        (io, captured)
    }

    /// Writes to stderr; a closed pipe is not worth failing a command for.
    pub fn say(&mut self, text: impl AsRef<str>) {
        let _ = writeln!(self.err, "{}", text.as_ref());
    }

    /// A finding: its `text` line now (text format), or kept for the report.
    pub fn found(&mut self, text: impl AsRef<str>, finding: Finding) {
        if self.format == Format::Text {
            self.say(text);
        } else {
            self.findings.push(finding);
        }
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
