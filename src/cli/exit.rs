//! Exit codes, the contract CI scripts rely on (documented in README and `--help`).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(i32)]
pub enum Exit {
    /// Success.
    Ok = 0,
    /// `check`: the committed templates differ from what the configuration renders.
    Drift = 1,
    /// Invalid input or usage (configuration errors, bad flags).
    Invalid = 2,
    /// A change would replace or delete a stateful resource.
    Unsafe = 3,
    /// Internal or I/O error.
    Internal = 4,
}

pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  success
  1  check: the committed templates are stale (run `cogform build`)
  2  invalid input or usage
  3  a change would replace or delete a stateful resource (user pool, bucket…)
  4  internal or I/O error";
