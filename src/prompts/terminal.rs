//! The real terminal `Prompter`, built on inquire.

use inquire::error::InquireError;
use inquire::validator::Validation;
use inquire::{Confirm, MultiSelect, Select, Text};

use super::{Check, PromptError, Prompter, Q};

pub struct InquirePrompter;

fn map_err(e: InquireError) -> PromptError {
    match e {
        InquireError::OperationCanceled | InquireError::OperationInterrupted => {
            PromptError::Cancelled
        }
        other => PromptError::Unavailable(other.to_string()),
    }
}

/// Lists show every option at once (up to this many) so nothing hides below the fold.
const PAGE: usize = 18;

impl Prompter for InquirePrompter {
    fn text(&mut self, q: &Q, default: &str, check: &Check) -> Result<String, PromptError> {
        let check = check.clone();
        let mut prompt = Text::new(&q.text)
            .with_help_message(&q.help)
            .with_validator(move |s: &str| {
                Ok(match check.run(s) {
                    Ok(()) => Validation::Valid,
                    Err(m) => Validation::Invalid(m.into()),
                })
            });
        if !default.is_empty() {
            prompt = prompt.with_default(default);
        }
        prompt.prompt().map_err(map_err)
    }

    fn confirm(&mut self, q: &Q, default: bool) -> Result<bool, PromptError> {
        Confirm::new(&q.text)
            .with_help_message(&q.help)
            .with_default(default)
            .prompt()
            .map_err(map_err)
    }

    fn select(&mut self, q: &Q, options: &[&str], default: usize) -> Result<usize, PromptError> {
        Select::new(&q.text, options.to_vec())
            .with_help_message(&q.help)
            .with_page_size(PAGE)
            .with_starting_cursor(default.min(options.len().saturating_sub(1)))
            .raw_prompt()
            .map(|o| o.index)
            .map_err(map_err)
    }

    fn multi_select(
        &mut self,
        q: &Q,
        options: &[&str],
        defaults: &[usize],
        check: &Check,
    ) -> Result<Vec<usize>, PromptError> {
        let check = check.clone();
        let help = format!("{} (space: toggle, enter: confirm)", q.help);
        MultiSelect::new(&q.text, options.to_vec())
            .with_help_message(&help)
            .with_page_size(PAGE)
            .with_default(defaults)
            .with_validator(move |chosen: &[inquire::list_option::ListOption<&&str>]| {
                let labels: Vec<&str> = chosen.iter().map(|o| *o.value).collect();
                Ok(match check.run(&labels.join(",")) {
                    Ok(()) => Validation::Valid,
                    Err(m) => Validation::Invalid(m.into()),
                })
            })
            .raw_prompt()
            .map(|v| v.into_iter().map(|o| o.index).collect())
            .map_err(map_err)
    }
}
