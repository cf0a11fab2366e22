//! `cogform completions SHELL` and `cogform man`: what a shell or `man` needs, generated from
//! the same clap definitions that parse the arguments, so they never drift from `--help`.

use clap::CommandFactory;

use super::{Cli, Exit, Io};

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete in; e.g. `cogform completions bash > ~/.local/share/bash-completion/completions/cogform`.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn completions(args: CompletionsArgs, io: &mut Io) -> Exit {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "cogform", &mut out);
    io.print(String::from_utf8_lossy(&out));
    Exit::Ok
}

pub fn man(io: &mut Io) -> Exit {
    let mut out = Vec::new();
    match clap_mangen::Man::new(Cli::command()).render(&mut out) {
        Ok(()) => {
            io.print(String::from_utf8_lossy(&out));
            Exit::Ok
        }
        Err(e) => {
            io.say(format!("error: cannot write the man page: {e}"));
            Exit::Internal
        }
    }
}
