//! The `cogform` binary: parse arguments, run, exit with the documented code.

use clap::Parser;

fn main() {
    let cli = cogform::cli::Cli::parse();
    let code = cogform::cli::run(cli, &mut cogform::cli::Io::from_process());
    std::process::exit(code as i32);
}
