//! Command-line interface: clap types and one handler per command. The only module that
//! touches the terminal, the file system and the environment.

mod access;
mod build;
mod check;
mod diff;
mod edit;
mod exit;
mod explain;
mod fs;
mod import;
mod init;
mod io;
mod outputs;
mod root;
mod schema;
mod session;
mod shell;

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

pub use exit::{EXIT_CODES_HELP, Exit};
pub use io::{Captured, Io};

use crate::diagnostic::Diagnostic;
use crate::load::{LoadError, Project};
use crate::pipeline::{Built, PipelineError};
use crate::render::{BUILD_DIR, PROJECT_SCHEMA_DIR, RenderedFile, engine::Engine};
use crate::report::{Finding, Format, Level};

/// Declarative Cognito auth → reviewable, deterministic CloudFormation.
#[derive(Debug, Parser)]
#[command(name = "cogform", version = env!("COGFORM_VERSION"), after_help = EXIT_CODES_HELP)]
pub struct Cli {
    /// Project directory (where cogform.yaml is). Default: the nearest folder at or above the
    /// current one that holds cogform.yaml, up to the root of the git repository.
    #[arg(short = 'C', long = "project-dir", global = true)]
    pub dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

/// How a command reports what it finds.
#[derive(Debug, Clone, clap::Args)]
pub struct OutputArgs {
    /// text: lines for people (stderr); json, sarif (SARIF 2.1.0, for code scanning) or github
    /// (workflow commands, shown on the pull request's lines): a report on stdout, with the
    /// same findings and locations and the same exit code.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create cogform.yaml and a commented starter backend/auth.yaml.
    Init(init::InitArgs),
    /// Check the configuration and report every problem, without writing anything.
    Validate(OutputArgs),
    /// Render the templates into build/ and the editor schemas into .cogform/schemas/ (rewrites
    /// only files whose content changed); warns, without failing, when the result would lose
    /// users or objects compared with HEAD's committed build/.
    Build(OutputArgs),
    /// For CI: exit 1 with a diff when build/ is stale, exit 3 when the change against the
    /// base (default: HEAD's committed build/) would replace or remove a user pool or bucket.
    Check(check::CheckArgs),
    /// What deploying the configuration would do to each resource: add, change in place,
    /// replace, rejected by the service, remove. Exit 3 when it would lose users or objects.
    Diff(diff::DiffArgs),
    /// Print the JSON Schema of a configuration file.
    Schema(schema::SchemaArgs),
    /// Start a project that adopts what is already deployed: from an Amplify Gen 1 project
    /// (`import amplify [DIR]`) or the AWS CLI's describe JSON (`import --from-describe DIR`);
    /// lists every setting not carried over; `--plan ENV` writes the adoption plan. Writes in
    /// the current folder or `-C DIR`, never in a project found above it.
    Import(import::ImportArgs),
    /// Print who may do what (storage prefixes, API routes) per guest, signed-in user and
    /// group, computed from the generated IAM policies, not from the configuration.
    Access(access::AccessArgs),
    /// Add auth, an API or a bucket: a guided walkthrough (a flag for every question) that
    /// writes a valid, commented file.
    Add(edit::AddArgs),
    /// Change auth, an API or a bucket through the walkthrough, pre-filled; edits the file in
    /// place, shows the diff and warns before a change that loses users or objects.
    Update(edit::UpdateArgs),
    /// Remove an API or a bucket (asks first).
    Remove(edit::RemoveArgs),
    /// Write amplify_outputs.json (the file `Amplify.configure` reads) from the configuration
    /// and the deployed stack's outputs (`aws cloudformation describe-stacks`).
    Outputs(outputs::OutputsArgs),
    /// Write the project's picture of authentication and authorization (Mermaid sequence
    /// diagram and flowchart, access matrix, facts for the app) as Markdown, docs/auth.md by
    /// default; `explain:` in cogform.yaml keeps it current with `build` and `check`.
    Explain(explain::ExplainArgs),
    /// After deploy: sign a user in to the deployed user pool (SRP by default; the password is
    /// read from the terminal, standard input or COGFORM_PASSWORD, never a flag) and cache the
    /// tokens in your cache folder (0600).
    Login(session::login::LoginArgs),
    /// Revoke the user's refresh token and remove the cached tokens.
    Logout(session::login::LogoutArgs),
    /// The identity pool's temporary AWS credentials of the signed-in user (or a guest), as a
    /// summary, shell exports, JSON or the AWS CLI's `credential_process` format.
    Credentials(session::credentials::CredentialsArgs),
    /// Print the signed-in user's id or access token (refreshed when it has expired).
    Token(session::credentials::TokenArgs),
    /// Call the deployed REST API as the signed-in user, authorized as the route's
    /// configuration says (SigV4, id token, access token or nothing); explains a 401/403.
    Call(session::call::CallArgs),
    /// Print the shell completion script for bash, zsh, fish, elvish or powershell.
    Completions(shell::CompletionsArgs),
    /// Print the man page (roff): `cogform man > cogform.1`.
    Man,
}

pub fn run(cli: Cli, io: &mut Io) -> Exit {
    let command = match cli.command {
        Command::Init(args) => return init::run(cli.dir.as_deref(), args, io),
        Command::Import(args) => return import::run(cli.dir.as_deref(), args, io),
        Command::Schema(args) => return schema::run(args, io),
        Command::Completions(args) => return shell::completions(args, io),
        Command::Man => return shell::man(io),
        command => command,
    };
    let cwd = match std::env::current_dir() {
        Ok(d) => d,
        Err(e) => {
            io.say(format!("error: cannot read the current folder: {e}"));
            return Exit::Internal;
        }
    };
    let dir = match root::resolve(cli.dir.as_deref(), &cwd) {
        Ok(d) => d,
        Err(why) => {
            io.say(why.to_string());
            return Exit::Invalid;
        }
    };
    let dir = dir.as_path();
    io.format = match &command {
        Command::Validate(o) | Command::Build(o) => o.format,
        Command::Check(c) => c.output.format,
        Command::Diff(d) => d.report_format(),
        _ => Format::Text,
    };
    let code = run_in(dir, command, io);
    if io.format != Format::Text {
        let report = crate::report::render(io.format, &io.findings, &repo_prefix(dir));
        io.print(report);
    }
    code
}

/// Runs a command that needs a project, in `dir`.
fn run_in(dir: &Path, command: Command, io: &mut Io) -> Exit {
    match command {
        Command::Validate(_) => match prepare(dir, io) {
            Ok((project, Built { files, .. })) => {
                let envs = project.config.environments.len();
                let templates = templates(&files);
                io.say(format!(
                    "ok: configuration is valid ({envs} environment{}, {templates} template{} to generate in {BUILD_DIR}/)",
                    plural(envs),
                    plural(templates),
                ));
                Exit::Ok
            }
            Err(code) => code,
        },
        Command::Build(_) => build::run(dir, io),
        Command::Check(args) => check::run(dir, args.base, io),
        Command::Diff(args) => diff::run(dir, args, io),
        Command::Access(args) => access::run(dir, args, io),
        Command::Add(args) => edit::run_add(dir, args, io),
        Command::Update(args) => edit::run_update(dir, args, io),
        Command::Remove(args) => edit::run_remove(dir, args, io),
        Command::Outputs(args) => outputs::run(dir, args, io),
        Command::Explain(args) => explain::run(dir, args, io),
        Command::Login(args) => session::login::run_login(dir, args, io),
        Command::Logout(args) => session::login::run_logout(dir, args, io),
        Command::Credentials(args) => session::credentials::run_credentials(dir, args, io),
        Command::Token(args) => session::credentials::run_token(dir, args, io),
        Command::Call(args) => session::call::run(dir, args, io),
        // Handled above: they need no project.
        Command::Init(_)
        | Command::Import(_)
        | Command::Schema(_)
        | Command::Completions(_)
        | Command::Man => Exit::Internal,
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// How many of the generated files are deployable templates (the rest are editor schemas).
fn templates(files: &[RenderedFile]) -> usize {
    files
        .iter()
        .filter(|f| f.path.starts_with(&format!("{BUILD_DIR}/")))
        .count()
}

/// The generated files, counted by what they are: "2 templates in build/, 4 editor schemas
/// in .cogform/schemas/" (and the explain document, by name, when the project keeps one).
fn counted(files: &[RenderedFile]) -> String {
    let templates = templates(files);
    let schemas = files
        .iter()
        .filter(|f| f.path.starts_with(&format!("{PROJECT_SCHEMA_DIR}/")))
        .count();
    let mut out = format!(
        "{templates} template{} in {BUILD_DIR}/, {schemas} editor schema{} in {PROJECT_SCHEMA_DIR}/",
        plural(templates),
        plural(schemas)
    );
    for f in files.iter().filter(|f| {
        !f.path.starts_with(&format!("{BUILD_DIR}/"))
            && !f.path.starts_with(&format!("{PROJECT_SCHEMA_DIR}/"))
    }) {
        out.push_str(&format!(", {}", f.path));
    }
    out
}

/// Where `dir` is inside its git repository (`""` at its root or outside one), so reports
/// name files as code scanning and pull-request annotations expect.
fn repo_prefix(dir: &Path) -> String {
    let Ok(abs) = dir.canonicalize() else {
        return String::new();
    };
    let Some(root) = root::repository_root(&abs) else {
        return String::new();
    };
    abs.strip_prefix(root)
        .map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        })
        .unwrap_or_default()
}

/// Prints diagnostics, all of them, then a count.
fn report(diagnostics: &[Diagnostic], io: &mut Io) {
    for d in diagnostics {
        io.found(d.to_string(), Finding::from_diagnostic(d, Level::Error));
    }
    io.say(format!(
        "error: {} problem{} found; nothing was written",
        diagnostics.len(),
        plural(diagnostics.len())
    ));
}

/// Renders in memory and compares with disk: where both `build` and `check` start.
fn render_and_compare(dir: &Path, io: &mut Io) -> Result<(Built, Vec<crate::check::Drift>), Exit> {
    let (_, built) = prepare(dir, io)?;
    match crate::check::compare(dir, &built.files) {
        Ok(drifts) => Ok((built, drifts)),
        Err(e) => {
            io.say(format!("error: cannot read the build directory: {e}"));
            Err(Exit::Internal)
        }
    }
}

/// Loads, validates and runs the pipeline; on failure prints why and returns the exit code.
/// Every problem is reported in one run (structural and semantic, every file); warnings,
/// notes and accepted risks are printed here, so every command shows them.
fn prepare(dir: &Path, io: &mut Io) -> Result<(Project, Built), Exit> {
    let project = match crate::validate::load_valid(dir) {
        Ok(p) => p,
        Err(LoadError::Invalid(diagnostics)) => {
            report(&diagnostics, io);
            return Err(Exit::Invalid);
        }
        Err(e @ LoadError::NotAProject(_)) => {
            io.found(
                format!("error: {e}"),
                Finding::unplaced("usage", Level::Error, e.to_string()),
            );
            return Err(Exit::Invalid);
        }
        Err(LoadError::Io(e)) => {
            io.say(format!("error: {e}"));
            return Err(Exit::Internal);
        }
    };
    for warning in crate::validate::warnings(&project) {
        io.found(
            format!("warning: {warning}"),
            Finding::from_diagnostic(&warning, Level::Warning),
        );
    }
    for note in crate::validate::advice::notes(&project) {
        io.found(
            format!("note: {note}"),
            Finding::from_diagnostic(&note, Level::Note),
        );
    }
    let built = render(&project, io)?;
    Ok((project, built))
}

/// The pipeline on a loaded project: its warnings and notes reported, its errors mapped to
/// exit codes.
fn render(project: &Project, io: &mut Io) -> Result<Built, Exit> {
    let engine = Engine::new().map_err(|e| {
        io.say(format!("error: {e}"));
        Exit::Internal
    })?;
    match crate::pipeline::run(project, &engine) {
        Ok(built) => {
            for warning in &built.warnings {
                io.found(
                    format!("warning: {warning}"),
                    Finding::from_diagnostic(warning, Level::Warning),
                );
            }
            for note in &built.notes {
                let text = note.strip_prefix("note: ").unwrap_or(note);
                io.found(note, Finding::unplaced("note", Level::Note, text));
            }
            for accepted in &built.accepted {
                let finding = Finding::on_file(
                    &crate::invariants::id(accepted.violation.rule),
                    Level::Warning,
                    crate::load::OVERRIDES_FILE,
                    accepted.to_string(),
                );
                io.found(format!("warning: {accepted}"), finding);
            }
            Ok(built)
        }
        Err(PipelineError::Invalid(mut diagnostics)) => {
            crate::diagnostic::normalize(&mut diagnostics);
            report(&diagnostics, io);
            Err(Exit::Invalid)
        }
        Err(e @ PipelineError::Quota(_)) => {
            io.found(
                format!("error: {e}"),
                Finding::unplaced("invalid-config", Level::Error, e.to_string()),
            );
            Err(Exit::Invalid)
        }
        Err(e) => {
            io.say(format!("error: {e}"));
            Err(Exit::Internal)
        }
    }
}
