//! Interactive question flows. The flows are pure logic over the `Prompter` trait, so they are
//! tested with scripted answers; `terminal::InquirePrompter` asks a real person, and
//! `Defaults` answers every question with its default (flags pre-fill the defaults) for
//! scripts, recording the flags that are missing or invalid instead of waiting on stdin.

pub mod api;
pub mod auth;
pub mod check;
pub mod flags;
pub mod function;
pub mod init;
pub mod list;
pub mod replay;
pub mod scripted;
pub mod sign_in;
pub mod storage;
pub mod terminal;

use std::rc::Rc;

/// Why a question got no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PromptError {
    /// Ctrl-C or Esc: the user gave up; nothing must be written.
    #[error("cancelled")]
    Cancelled,
    #[error("cannot ask: {0}")]
    Unavailable(String),
    /// A flag's value that the flow cannot use with the other answers (`refused` says why).
    #[error("{0}")]
    Refused(String),
}

/// A validator of typed answers: `Err(message)` when the answer is refused. Multi-select
/// answers are checked as their labels joined with `,`.
#[derive(Clone)]
pub struct Check(Rc<CheckFn>);

type CheckFn = dyn Fn(&str) -> Result<(), String>;

impl Check {
    pub fn new(f: impl Fn(&str) -> Result<(), String> + 'static) -> Self {
        Check(Rc::new(f))
    }

    /// Accepts every answer.
    pub fn any() -> Self {
        Check::new(|_| Ok(()))
    }

    pub fn run(&self, answer: &str) -> Result<(), String> {
        (self.0)(answer)
    }
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Check")
    }
}

/// One question: the flag that answers it without a terminal, the question and its help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Q {
    pub flag: String,
    pub text: String,
    pub help: String,
}

impl Q {
    pub fn new(flag: impl Into<String>, text: impl Into<String>, help: impl Into<String>) -> Self {
        Q {
            flag: flag.into(),
            text: text.into(),
            help: help.into(),
        }
    }
}

/// Asks questions. Each call returns the answer or why there is none.
pub trait Prompter {
    fn text(&mut self, q: &Q, default: &str, check: &Check) -> Result<String, PromptError>;
    fn confirm(&mut self, q: &Q, default: bool) -> Result<bool, PromptError>;
    /// Returns the index of the chosen option.
    fn select(&mut self, q: &Q, options: &[&str], default: usize) -> Result<usize, PromptError>;
    /// Returns the indexes of the chosen options, in option order.
    fn multi_select(
        &mut self,
        q: &Q,
        options: &[&str],
        defaults: &[usize],
        check: &Check,
    ) -> Result<Vec<usize>, PromptError>;
    /// `q` is answered by the other answers without being asked (its flag, if given, is used).
    fn took(&mut self, _q: &Q) {}
    /// A flag value `q` cannot take with the other answers: it stops the flow, except where
    /// every problem is collected for one report (`Defaults`).
    fn refuse(&mut self, q: &Q, value: &str, why: &str) -> Result<(), PromptError> {
        Err(PromptError::Refused(flags::refused(
            q.flag.split_whitespace().next().unwrap_or_default(),
            value,
            why,
        )))
    }
}

/// Labels of the chosen options joined with `,` (what a multi-select `Check` receives).
pub fn joined(options: &[&str], chosen: &[usize]) -> String {
    chosen
        .iter()
        .filter_map(|i| options.get(*i).copied())
        .collect::<Vec<_>>()
        .join(",")
}

/// Answers every question with its default, never reading input. A default that its check
/// refuses is recorded (with the question's flag) and the flow goes on, so one run names
/// every missing or invalid flag.
#[derive(Debug, Default)]
pub struct Defaults {
    pub problems: Vec<String>,
    /// The flags of the questions the flow asked (`--a/--b` counts for both).
    pub asked: Vec<String>,
}

impl Defaults {
    fn record(&mut self, q: &Q, default: &str, why: String) {
        let line = if default.is_empty() {
            format!("{} is required ({})", q.flag, q.text.trim_end_matches('?'))
        } else {
            flags::refused(&q.flag, default, &why)
        };
        if !self.problems.contains(&line) {
            self.problems.push(line);
        }
    }

    fn ask(&mut self, q: &Q) {
        let first = q.flag.split_whitespace().next().unwrap_or_default();
        for flag in first.split('/').filter(|f| f.starts_with("--")) {
            if !self.asked.iter().any(|a| a == flag) {
                self.asked.push(flag.to_string());
            }
        }
    }

    /// The flags given that no question of the flow took: their values would be dropped.
    pub fn unused<'a>(&self, given: &'a [flags::Given]) -> Vec<&'a flags::Given> {
        given
            .iter()
            .filter(|g| !self.asked.contains(&g.flag))
            .collect()
    }
}

impl Prompter for Defaults {
    fn took(&mut self, q: &Q) {
        self.ask(q);
    }

    fn refuse(&mut self, q: &Q, value: &str, why: &str) -> Result<(), PromptError> {
        self.record(q, value, why.to_string());
        Ok(())
    }

    fn text(&mut self, q: &Q, default: &str, check: &Check) -> Result<String, PromptError> {
        self.ask(q);
        if let Err(why) = check.run(default) {
            self.record(q, default, why);
        }
        Ok(default.to_string())
    }

    fn confirm(&mut self, q: &Q, default: bool) -> Result<bool, PromptError> {
        self.ask(q);
        Ok(default)
    }

    fn select(&mut self, q: &Q, _: &[&str], default: usize) -> Result<usize, PromptError> {
        self.ask(q);
        Ok(default)
    }

    fn multi_select(
        &mut self,
        q: &Q,
        options: &[&str],
        defaults: &[usize],
        check: &Check,
    ) -> Result<Vec<usize>, PromptError> {
        self.ask(q);
        let answer = joined(options, defaults);
        if let Err(why) = check.run(&answer) {
            self.record(q, &answer, why);
        }
        Ok(defaults.to_vec())
    }
}

/// A shared prompter, so a test can hand one to a command and read what it was asked after.
impl<P: Prompter> Prompter for std::rc::Rc<std::cell::RefCell<P>> {
    fn text(&mut self, q: &Q, default: &str, check: &Check) -> Result<String, PromptError> {
        self.borrow_mut().text(q, default, check)
    }

    fn confirm(&mut self, q: &Q, default: bool) -> Result<bool, PromptError> {
        self.borrow_mut().confirm(q, default)
    }

    fn select(&mut self, q: &Q, options: &[&str], default: usize) -> Result<usize, PromptError> {
        self.borrow_mut().select(q, options, default)
    }

    fn multi_select(
        &mut self,
        q: &Q,
        options: &[&str],
        defaults: &[usize],
        check: &Check,
    ) -> Result<Vec<usize>, PromptError> {
        self.borrow_mut().multi_select(q, options, defaults, check)
    }

    fn refuse(&mut self, q: &Q, value: &str, why: &str) -> Result<(), PromptError> {
        self.borrow_mut().refuse(q, value, why)
    }

    fn took(&mut self, q: &Q) {
        self.borrow_mut().took(q)
    }
}
