//! A `Prompter` that replays scripted answers, for tests of the question flows.

use std::collections::VecDeque;

use super::{Check, PromptError, Prompter, Q, joined};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Accept the offered default.
    Default,
    Text(String),
    Confirm(bool),
    Select(usize),
    /// The chosen option indexes of a multi-select.
    Multi(Vec<usize>),
    /// Ctrl-C / Esc.
    Cancel,
}

/// `Answer::Text` from anything string-like.
pub fn text(s: impl Into<String>) -> Answer {
    Answer::Text(s.into())
}

#[derive(Debug, Default)]
pub struct Scripted {
    answers: VecDeque<Answer>,
    refusals: Vec<String>,
    /// The questions asked, in order.
    pub asked: Vec<String>,
    /// The flags of the questions asked, in order.
    pub flags: Vec<String>,
    /// The options offered by each select and multi-select, in order.
    pub offered: Vec<Vec<String>>,
}

impl Scripted {
    pub fn new(answers: Vec<Answer>) -> Self {
        Scripted {
            answers: answers.into(),
            ..Default::default()
        }
    }

    pub fn finished(&self) -> bool {
        self.answers.is_empty()
    }

    /// Messages of the answers a validator refused (the flow asked again after each).
    pub fn refusals(&self) -> &[String] {
        &self.refusals
    }

    fn next(&mut self, q: &Q) -> Result<Answer, PromptError> {
        self.asked.push(q.text.clone());
        self.flags.push(q.flag.clone());
        match self.answers.pop_front() {
            Some(Answer::Cancel) => Err(PromptError::Cancelled),
            Some(a) => Ok(a),
            None => Err(PromptError::Unavailable(format!(
                "no scripted answer for {:?}",
                q.text
            ))),
        }
    }
}

impl Prompter for Scripted {
    fn text(&mut self, q: &Q, default: &str, check: &Check) -> Result<String, PromptError> {
        loop {
            let answer = match self.next(q)? {
                Answer::Default => default.to_string(),
                Answer::Text(t) => t,
                other => {
                    return Err(PromptError::Unavailable(format!(
                        "{:?}: expected text, got {other:?}",
                        q.text
                    )));
                }
            };
            match check.run(&answer) {
                Ok(()) => return Ok(answer),
                Err(message) => self.refusals.push(message),
            }
        }
    }

    fn confirm(&mut self, q: &Q, default: bool) -> Result<bool, PromptError> {
        match self.next(q)? {
            Answer::Default => Ok(default),
            Answer::Confirm(b) => Ok(b),
            other => Err(PromptError::Unavailable(format!(
                "{:?}: expected yes/no, got {other:?}",
                q.text
            ))),
        }
    }

    fn select(&mut self, q: &Q, options: &[&str], default: usize) -> Result<usize, PromptError> {
        self.offered
            .push(options.iter().map(|s| s.to_string()).collect());
        match self.next(q)? {
            Answer::Default => Ok(default),
            Answer::Select(i) if i < options.len() => Ok(i),
            other => Err(PromptError::Unavailable(format!(
                "{:?}: expected an option index below {}, got {other:?}",
                q.text,
                options.len()
            ))),
        }
    }

    fn multi_select(
        &mut self,
        q: &Q,
        options: &[&str],
        defaults: &[usize],
        check: &Check,
    ) -> Result<Vec<usize>, PromptError> {
        self.offered
            .push(options.iter().map(|s| s.to_string()).collect());
        loop {
            let mut chosen = match self.next(q)? {
                Answer::Default => defaults.to_vec(),
                Answer::Multi(v) if v.iter().all(|i| *i < options.len()) => v,
                other => {
                    return Err(PromptError::Unavailable(format!(
                        "{:?}: expected option indexes, got {other:?}",
                        q.text
                    )));
                }
            };
            chosen.sort_unstable();
            chosen.dedup();
            match check.run(&joined(options, &chosen)) {
                Ok(()) => return Ok(chosen),
                Err(message) => self.refusals.push(message),
            }
        }
    }
}
