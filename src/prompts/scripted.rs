//! A `Prompter` that replays scripted answers, for tests of the question flows.

use std::collections::VecDeque;

use super::{Check, PromptError, Prompter};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Accept the offered default.
    Default,
    Text(String),
    Confirm(bool),
    Select(usize),
    /// Ctrl-C / Esc.
    Cancel,
}

#[derive(Debug, Default)]
pub struct Scripted {
    answers: VecDeque<Answer>,
    refusals: Vec<String>,
    /// The questions asked, in order.
    pub asked: Vec<String>,
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

    fn next(&mut self, question: &str) -> Result<Answer, PromptError> {
        self.asked.push(question.to_string());
        match self.answers.pop_front() {
            Some(Answer::Cancel) => Err(PromptError::Cancelled),
            Some(a) => Ok(a),
            None => Err(PromptError::Unavailable(format!(
                "no scripted answer for {question:?}"
            ))),
        }
    }
}

impl Prompter for Scripted {
    fn text(
        &mut self,
        question: &str,
        _: &str,
        default: &str,
        check: Check,
    ) -> Result<String, PromptError> {
        loop {
            let answer = match self.next(question)? {
                Answer::Default => default.to_string(),
                Answer::Text(t) => t,
                other => {
                    return Err(PromptError::Unavailable(format!(
                        "expected text, got {other:?}"
                    )));
                }
            };
            match check(&answer) {
                Ok(()) => return Ok(answer),
                Err(message) => self.refusals.push(message),
            }
        }
    }

    fn confirm(&mut self, question: &str, _: &str, default: bool) -> Result<bool, PromptError> {
        match self.next(question)? {
            Answer::Default => Ok(default),
            Answer::Confirm(b) => Ok(b),
            other => Err(PromptError::Unavailable(format!(
                "expected yes/no, got {other:?}"
            ))),
        }
    }

    fn select(
        &mut self,
        question: &str,
        _: &str,
        options: &[&str],
        default: usize,
    ) -> Result<usize, PromptError> {
        match self.next(question)? {
            Answer::Default => Ok(default),
            Answer::Select(i) if i < options.len() => Ok(i),
            other => Err(PromptError::Unavailable(format!(
                "expected an option index, got {other:?}"
            ))),
        }
    }
}
