//! Where `login` gets the password and the codes: never from a flag (it would show in `ps` and
//! the shell's history), but from standard input with `--password-stdin` (every answer, one
//! per line, in the order the pool asks), else an environment variable, else the terminal.

use std::io::BufRead;

use crate::session::Failure;
use crate::session::login::{Answers, Ask};

/// The environment variable that answers `ask`.
pub fn variable(ask: &Ask) -> String {
    match ask {
        Ask::Password => "COGFORM_PASSWORD".into(),
        Ask::NewPassword => "COGFORM_NEW_PASSWORD".into(),
        Ask::Attribute(name) => format!(
            "COGFORM_ATTRIBUTE_{}",
            name.to_ascii_uppercase()
                .replace(|c: char| !c.is_ascii_alphanumeric(), "_")
        ),
        Ask::Code { .. } => "COGFORM_MFA_CODE".into(),
        Ask::ChooseMfa(_) => "COGFORM_MFA_TYPE".into(),
    }
}

pub struct Sources {
    pub stdin: bool,
    pub terminal: bool,
    /// Lines of standard input not yet used.
    lines: Option<std::io::Lines<std::io::StdinLock<'static>>>,
}

impl Sources {
    pub fn new(stdin: bool, terminal: bool) -> Sources {
        Sources {
            stdin,
            terminal,
            lines: None,
        }
    }

    fn read_stdin(&mut self) -> Option<Result<String, Failure>> {
        if !self.stdin {
            return None;
        }
        let lines = self
            .lines
            .get_or_insert_with(|| std::io::stdin().lock().lines());
        Some(match lines.next() {
            Some(Ok(line)) => Ok(line.trim_end_matches('\r').to_string()),
            Some(Err(e)) => Err(Failure::internal(format!(
                "cannot read standard input: {e}"
            ))),
            None => Err(Failure::invalid(
                "standard input ended before every answer was given",
                "give one line per answer: the password, then each code the pool asks for",
            )),
        })
    }

    fn ask_terminal(&mut self, ask: &Ask) -> Result<String, Failure> {
        let cancelled = |e: inquire::InquireError| match e {
            inquire::InquireError::OperationCanceled
            | inquire::InquireError::OperationInterrupted => {
                Failure::invalid("cancelled", "nothing was signed in")
            }
            other => Failure::internal(format!("cannot ask on the terminal: {other}")),
        };
        let question = ask.question();
        match ask {
            Ask::Password => inquire::Password::new(&question)
                .without_confirmation()
                .with_display_mode(inquire::PasswordDisplayMode::Hidden)
                .prompt()
                .map_err(cancelled),
            Ask::NewPassword => inquire::Password::new(&question)
                .with_display_mode(inquire::PasswordDisplayMode::Hidden)
                .with_custom_confirmation_message("Again:")
                .with_custom_confirmation_error_message("The two entries differ.")
                .prompt()
                .map_err(cancelled),
            Ask::Attribute(_) | Ask::Code { .. } => {
                inquire::Text::new(&question).prompt().map_err(cancelled)
            }
            Ask::ChooseMfa(options) => inquire::Select::new(&question, options.clone())
                .prompt()
                .map_err(cancelled),
        }
    }
}

impl Answers for Sources {
    fn answer(&mut self, ask: &Ask) -> Result<String, Failure> {
        // The flag asked for standard input: every answer comes from there, whatever the
        // environment holds.
        if let Some(line) = self.read_stdin() {
            return line;
        }
        let name = variable(ask);
        if let Some(value) = std::env::var(&name).ok().filter(|v| !v.is_empty()) {
            return Ok(value);
        }
        if self.terminal {
            return self.ask_terminal(ask);
        }
        Err(Failure::invalid(
            format!(
                "`{}` needs an answer and there is no terminal to ask",
                ask.question().trim_end_matches(':')
            ),
            format!(
                "run in a terminal, or give it on standard input with `--password-stdin`, or in the environment variable {name}"
            ),
        ))
    }
}
