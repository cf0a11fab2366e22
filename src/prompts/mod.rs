//! Interactive question flows. The flows are pure logic over the `Prompter` trait, so they are
//! tested with scripted answers; `terminal::InquirePrompter` asks a real person.

pub mod init;
pub mod scripted;
pub mod terminal;

/// Why a question got no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PromptError {
    /// Ctrl-C or Esc: the user gave up; nothing must be written.
    #[error("cancelled")]
    Cancelled,
    #[error("cannot ask: {0}")]
    Unavailable(String),
}

/// A validator of typed answers: `Err(message)` when the answer is refused.
pub type Check = fn(&str) -> Result<(), String>;

/// Asks questions. Each call returns the answer or why there is none.
pub trait Prompter {
    fn text(
        &mut self,
        question: &str,
        help: &str,
        default: &str,
        check: Check,
    ) -> Result<String, PromptError>;
    fn confirm(&mut self, question: &str, help: &str, default: bool) -> Result<bool, PromptError>;
    /// Returns the index of the chosen option.
    fn select(
        &mut self,
        question: &str,
        help: &str,
        options: &[&str],
        default: usize,
    ) -> Result<usize, PromptError>;
}
