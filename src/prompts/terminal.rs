//! The real terminal `Prompter`, built on inquire.

use inquire::error::InquireError;
use inquire::validator::Validation;
use inquire::{Confirm, Select, Text};

use super::{Check, PromptError, Prompter};

pub struct InquirePrompter;

fn map_err(e: InquireError) -> PromptError {
    match e {
        InquireError::OperationCanceled | InquireError::OperationInterrupted => {
            PromptError::Cancelled
        }
        other => PromptError::Unavailable(other.to_string()),
    }
}

impl Prompter for InquirePrompter {
    fn text(
        &mut self,
        question: &str,
        help: &str,
        default: &str,
        check: Check,
    ) -> Result<String, PromptError> {
        Text::new(question)
            .with_help_message(help)
            .with_default(default)
            .with_validator(move |s: &str| {
                Ok(match check(s) {
                    Ok(()) => Validation::Valid,
                    Err(m) => Validation::Invalid(m.into()),
                })
            })
            .prompt()
            .map_err(map_err)
    }

    fn confirm(&mut self, question: &str, help: &str, default: bool) -> Result<bool, PromptError> {
        Confirm::new(question)
            .with_help_message(help)
            .with_default(default)
            .prompt()
            .map_err(map_err)
    }

    fn select(
        &mut self,
        question: &str,
        help: &str,
        options: &[&str],
        default: usize,
    ) -> Result<usize, PromptError> {
        Select::new(question, options.to_vec())
            .with_help_message(help)
            .with_starting_cursor(default)
            .raw_prompt()
            .map(|o| o.index)
            .map_err(map_err)
    }
}
