//! README.md, executed: its set-up command, its quick start, its walkthrough transcript (the
//! real session, replayed key by key in a pseudo-terminal) and its change-safety transcript
//! run as tests, so the README and the behaviour cannot drift apart. AWS CLI lines are shown
//! to the reader but not run (they need an account).

use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;

use clap::Parser;
use cogform::cli::{Cli, Io};
use cogform::prompts::{Check, PromptError, Prompter, Q};
use rexpect::session::PtySession;

use crate::support::{copy_example, git, pty, pty_exit_code, replace_in, repo, run, snapshot_tree};

fn readme() -> String {
    std::fs::read_to_string(repo().join("README.md")).unwrap()
}

/// The fenced code blocks of the README: (info string, body).
fn blocks() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in readme().lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(info)) => current = Some((info.trim().to_string(), String::new())),
            (Some(_), Some(_)) => out.push(current.take().unwrap()),
            (Some((_, body)), None) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, None) => {}
        }
    }
    out
}

/// The block whose first line starts with `first`.
fn block(first: &str) -> String {
    blocks()
        .into_iter()
        .map(|(_, b)| b)
        .find(|b| b.lines().next().is_some_and(|l| l.starts_with(first)))
        .unwrap_or_else(|| panic!("README has no block starting with {first:?}"))
}

/// A transcript's commands: each `$ command` line with the lines shown after it.
fn sessions(transcript: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for line in transcript.lines() {
        match line.strip_prefix("$ ") {
            Some(cmd) => out.push((cmd.to_string(), Vec::new())),
            None => out
                .last_mut()
                .expect("a transcript starts with a `$` line")
                .1
                .push(line.to_string()),
        }
    }
    out
}

/// `cogform …` words of a shell line (the README's lines quote nothing).
fn cogform_args(cmd: &str) -> Vec<String> {
    let words: Vec<String> = cmd
        .split('#')
        .next()
        .unwrap()
        .split_whitespace()
        .map(str::to_string)
        .collect();
    assert_eq!(words[0], "cogform", "{cmd}");
    words[1..].to_vec()
}

// ---------------------------------------------------------------------------------------
// Recording the questions of a transcript in-process, then replaying them in a terminal.

#[derive(Debug, Clone)]
enum Kind {
    Text,
    Confirm,
    Select,
    Multi,
}

/// One question of the transcript: what the walkthrough asked and the answer shown.
#[derive(Debug, Clone)]
struct Asked {
    kind: Kind,
    text: String,
    help: String,
    options: Vec<String>,
    defaults: Vec<usize>,
    default_text: String,
    /// The chosen option indexes (select, multi-select), or the typed text / `y` / `n`.
    chosen: Vec<usize>,
    typed: String,
}

/// Answers from the transcript's `? Question answer` lines, checking that each question is
/// the one the README shows, and records what was asked for the terminal replay.
struct Transcript {
    lines: Vec<String>,
    asked: Vec<Asked>,
}

impl Transcript {
    fn answer(&mut self, q: &Q) -> Result<String, PromptError> {
        if self.lines.is_empty() {
            return Err(PromptError::Unavailable(format!(
                "the README shows no answer to {:?}",
                q.text
            )));
        }
        let line = self.lines.remove(0);
        let prefix = format!("? {}", q.text);
        match line.strip_prefix(&prefix) {
            Some(rest) => Ok(rest.trim().to_string()),
            None => Err(PromptError::Unavailable(format!(
                "the README shows {line:?} where the walkthrough asks {:?}",
                q.text
            ))),
        }
    }

    fn record(&mut self, kind: Kind, q: &Q, options: &[&str], defaults: Vec<usize>) -> usize {
        self.asked.push(Asked {
            kind,
            text: q.text.clone(),
            help: q.help.clone(),
            options: options.iter().map(|s| s.to_string()).collect(),
            defaults,
            default_text: String::new(),
            chosen: Vec::new(),
            typed: String::new(),
        });
        self.asked.len() - 1
    }
}

/// Option labels of a multi-select answer `a, b, c` (labels may hold `, ` themselves).
fn labels_in(answer: &str, options: &[&str]) -> Result<Vec<usize>, PromptError> {
    let mut rest = answer.trim();
    let mut out = Vec::new();
    while !rest.is_empty() {
        let (i, label) = options
            .iter()
            .enumerate()
            .filter(|(_, o)| {
                rest.starts_with(**o)
                    && (rest.len() == o.len() || rest[o.len()..].starts_with(", "))
            })
            .max_by_key(|(_, o)| o.len())
            .ok_or_else(|| {
                PromptError::Unavailable(format!("{rest:?} names no option of {options:?}"))
            })?;
        out.push(i);
        rest = rest[label.len()..].trim_start_matches(", ");
    }
    out.sort_unstable();
    Ok(out)
}

impl Prompter for Transcript {
    fn text(&mut self, q: &Q, default: &str, check: &Check) -> Result<String, PromptError> {
        let a = self.answer(q)?;
        let i = self.record(Kind::Text, q, &[], Vec::new());
        self.asked[i].default_text = default.to_string();
        self.asked[i].typed = a.clone();
        check.run(&a).map_err(|why| {
            PromptError::Unavailable(format!("{:?} refused {a:?}: {why}", q.text))
        })?;
        Ok(a)
    }

    fn confirm(&mut self, q: &Q, _default: bool) -> Result<bool, PromptError> {
        let a = self.answer(q)?;
        let i = self.record(Kind::Confirm, q, &[], Vec::new());
        let yes = match a.as_str() {
            "Yes" => true,
            "No" => false,
            other => {
                return Err(PromptError::Unavailable(format!(
                    "{other:?} is no Yes/No answer"
                )));
            }
        };
        self.asked[i].typed = if yes { "y" } else { "n" }.into();
        Ok(yes)
    }

    fn select(&mut self, q: &Q, options: &[&str], default: usize) -> Result<usize, PromptError> {
        let a = self.answer(q)?;
        let i = self.record(Kind::Select, q, options, vec![default]);
        let chosen = options.iter().position(|o| *o == a).ok_or_else(|| {
            PromptError::Unavailable(format!("{a:?} is not an option of {options:?}"))
        })?;
        self.asked[i].chosen = vec![chosen];
        Ok(chosen)
    }

    fn multi_select(
        &mut self,
        q: &Q,
        options: &[&str],
        defaults: &[usize],
        check: &Check,
    ) -> Result<Vec<usize>, PromptError> {
        let a = self.answer(q)?;
        let i = self.record(Kind::Multi, q, options, defaults.to_vec());
        let chosen = labels_in(&a, options)?;
        self.asked[i].chosen = chosen.clone();
        check
            .run(&cogform::prompts::joined(options, &chosen))
            .map_err(|why| {
                PromptError::Unavailable(format!("{:?} refused {a:?}: {why}", q.text))
            })?;
        Ok(chosen)
    }
}

/// Runs `args` in-process on a scratch copy of `dir` with the transcript's answers, returning
/// what was asked (so the README's questions are exactly the walkthrough's, in order).
fn record_questions(dir: &Path, args: &[String], shown: &[String]) -> Vec<Asked> {
    let scratch = tempfile::TempDir::new().unwrap();
    for (rel, bytes) in snapshot_tree(dir) {
        crate::support::write(scratch.path(), &rel, bytes);
    }
    let answers: Vec<String> = shown
        .iter()
        .filter(|l| l.starts_with("? "))
        .cloned()
        .collect();
    let transcript = Rc::new(RefCell::new(Transcript {
        lines: answers,
        asked: Vec::new(),
    }));
    let mut argv = vec![
        "cogform".to_string(),
        "-C".into(),
        scratch.path().display().to_string(),
    ];
    argv.extend(args.iter().cloned());
    let (mut io, captured) = Io::in_memory(Some(Box::new(transcript.clone())));
    let code = cogform::cli::run(Cli::try_parse_from(&argv).unwrap(), &mut io) as i32;
    assert_eq!(
        code,
        0,
        "{args:?} with the README's answers: {}",
        captured.stderr()
    );
    let t = transcript.borrow();
    assert!(
        t.lines.is_empty(),
        "answers the walkthrough never asked: {:?}",
        t.lines
    );
    t.asked.clone()
}

fn keys(p: &mut PtySession, k: &str) {
    p.send(k).unwrap();
    p.flush().unwrap();
}

const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";

/// Answers one recorded question in the terminal with the keys a person would press.
fn press(p: &mut PtySession, q: &Asked) {
    // The terminal is 80 columns wide: a longer question wraps, so wait for its start.
    let text: String = q.text.chars().take(60).collect();
    p.exp_string(&text)
        .unwrap_or_else(|e| panic!("waiting for {:?}: {e}", q.text));
    // The help line is drawn last: wait for it before pressing keys.
    let help: String = q.help.chars().take(24).collect();
    if !help.is_empty() {
        p.exp_string(&help)
            .unwrap_or_else(|e| panic!("help of {:?}: {e}", q.text));
    }
    match q.kind {
        Kind::Text => {
            let line = if q.typed == q.default_text {
                ""
            } else {
                q.typed.as_str()
            };
            p.send_line(line).unwrap();
        }
        Kind::Confirm => {
            p.send_line(&q.typed).unwrap();
        }
        Kind::Select => {
            let (from, to) = (q.defaults[0] as isize, q.chosen[0] as isize);
            let arrow = if to > from { DOWN } else { UP };
            for _ in 0..(to - from).abs() {
                keys(p, arrow);
            }
            p.send_line("").unwrap();
        }
        Kind::Multi => {
            for i in 0..q.options.len() {
                if q.defaults.contains(&i) != q.chosen.contains(&i) {
                    keys(p, " ");
                }
                if i + 1 < q.options.len() {
                    keys(p, DOWN);
                }
            }
            p.send_line("").unwrap();
        }
    }
}

/// Runs one `$ cogform …` line of a transcript in `dir` and checks it shows what the README
/// shows: interactive sessions in a terminal (each answer keyed in, then every other line
/// of the README in order), scripted ones (`--yes`) byte for byte.
fn replay(dir: &Path, cmd: &str, shown: &[String]) {
    let args = cogform_args(cmd);
    let has_questions = shown.iter().any(|l| l.starts_with("? "));
    let expected: Vec<&String> = shown.iter().filter(|l| !l.starts_with("? ")).collect();
    if !has_questions {
        let r = run(dir, &args.iter().map(String::as_str).collect::<Vec<_>>());
        // Lines compared without trailing blanks: a unified diff's empty context line is one
        // space, which the README (like any editor) does not keep.
        let got: String = format!("{}{}", r.stdout, r.stderr)
            .lines()
            .map(|l| format!("{}\n", l.trim_end()))
            .collect();
        let want: String = expected
            .iter()
            .map(|l| format!("{}\n", l.trim_end()))
            .collect();
        assert_eq!(
            got, want,
            "`{cmd}` (exit {}) shows otherwise than the README",
            r.code
        );
        return;
    }
    let asked = record_questions(dir, &args, shown);
    let mut p = pty(dir, &args, 30_000);
    // Lines the README shows before the first question are printed before it.
    let first = shown.iter().position(|l| l.starts_with("? ")).unwrap_or(0);
    for line in &shown[..first] {
        p.exp_string(line)
            .unwrap_or_else(|e| panic!("`{cmd}` never showed {line:?} first: {e}"));
    }
    for q in &asked {
        press(&mut p, q);
    }
    for line in expected.iter().skip(first) {
        p.exp_string(line)
            .unwrap_or_else(|e| panic!("`{cmd}` never showed {line:?}: {e}"));
    }
    p.exp_eof().unwrap();
    assert_eq!(pty_exit_code(&p), 0, "`{cmd}`");
}

// ---------------------------------------------------------------------------------------
// The tests.

#[test]
fn the_set_up_command_builds_the_bundled_example_as_committed() {
    let set_up = block("cargo run --release --");
    let args: Vec<&str> = set_up
        .split_whitespace()
        .skip_while(|w| *w != "--")
        .skip(1)
        .collect();
    assert_eq!(args, ["-C", "examples/photo-sharing", "build"]);
    let example = copy_example("photo-sharing");
    let before = snapshot_tree(example.path());
    let r = run(example.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        snapshot_tree(example.path()) == before,
        "the committed build/ is stale"
    );
    // The second set-up command is the one CI runs.
    let ci = std::fs::read_to_string(repo().join(".ci/run")).unwrap();
    assert!(
        block("scripts/test.sh").trim() == "scripts/test.sh" && ci.contains("\nscripts/test.sh\n")
    );
}

#[test]
fn the_quick_start_runs_as_written() {
    let quick = block("cargo install --path .");
    let top = tempfile::TempDir::new().unwrap();
    let mut here = top.path().to_path_buf();
    let mut ran = Vec::new();
    for line in quick.lines() {
        let cmd = line.split('#').next().unwrap().trim();
        if cmd.starts_with("cargo install") || cmd.starts_with("$EDITOR") {
            continue; // the binary under test is used; the editor is the reader's
        }
        if let Some(rest) = cmd.strip_prefix("mkdir ") {
            let (name, cd) = rest.split_once("&&").unwrap();
            here = here.join(name.trim());
            std::fs::create_dir(&here).unwrap();
            assert_eq!(cd.trim(), format!("cd {}", name.trim()));
        } else if cmd.starts_with("git add") {
            git(&here, &["init", "-q"]);
            git(&here, &["add", "."]);
            git(&here, &["commit", "-qm", "auth"]);
        } else if cmd == "cogform init" {
            // "asks 3 questions": answered with their defaults, in a terminal.
            let mut p = pty(&here, &["init"], 30_000);
            let comment = line.split('#').nth(1).unwrap_or_default();
            let n: usize = comment
                .split_whitespace()
                .find_map(|w| w.parse().ok())
                .expect("the comment says how many questions");
            for q in ["Project name?", "How do users sign in?", "Give guests"]
                .iter()
                .take(n)
            {
                p.exp_string(q).unwrap();
                std::thread::sleep(std::time::Duration::from_millis(150));
                p.send_line("").unwrap();
            }
            p.exp_string("created backend/auth.yaml").unwrap();
            p.exp_eof().unwrap();
            assert_eq!(pty_exit_code(&p), 0);
        } else {
            let args = cogform_args(cmd);
            let r = run(&here, &args.iter().map(String::as_str).collect::<Vec<_>>());
            assert_eq!(r.code, 0, "`{cmd}`: {}", r.stderr);
        }
        ran.push(cmd.to_string());
    }
    assert_eq!(
        ran,
        [
            "mkdir photoshare && cd photoshare",
            "cogform init",
            "cogform build",
            "git add . && git commit -m \"auth\"",
            "cogform check"
        ]
    );
    assert!(here.join("build/dev.template.yaml").is_file());
}

#[test]
fn the_walkthrough_transcript_is_a_real_terminal_session() {
    let transcript = block("$ cogform add auth");
    let dir = tempfile::TempDir::new().unwrap();
    // Where the quick start leaves a reader: `cogform init`, nothing edited yet.
    let r = run(dir.path(), &["init", "--yes"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let steps = sessions(&transcript);
    assert!(steps.len() >= 4, "{steps:?}");
    for (cmd, shown) in &steps {
        replay(dir.path(), cmd, shown);
    }
    assert_eq!(run(dir.path(), &["validate"]).code, 0);
}

#[test]
fn the_change_safety_transcript_is_what_diff_prints() {
    let transcript = block("$ sed -i");
    let steps = sessions(&transcript);
    let dir = copy_example("minimal");
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "base"]);
    for (cmd, shown) in &steps {
        if let Some(sed) = cmd.strip_prefix("sed -i ") {
            // `sed -i 's/A/B/' FILE   # comment`
            let expr = sed.split('\'').nth(1).unwrap();
            let file = sed
                .split('\'')
                .nth(2)
                .unwrap()
                .split('#')
                .next()
                .unwrap()
                .trim();
            let parts: Vec<&str> = expr.split('/').collect();
            replace_in(dir.path(), file, parts[1], parts[2]);
            assert!(shown.is_empty());
        } else {
            replay(dir.path(), cmd, shown);
        }
    }
}

#[test]
fn the_strict_flags_transcript_is_what_add_prints() {
    let transcript = block("$ cogform add storage media --yes --levels public");
    let dir = tempfile::TempDir::new().unwrap();
    assert_eq!(run(dir.path(), &["init", "--yes"]).code, 0);
    let before = snapshot_tree(dir.path());
    for (cmd, shown) in sessions(&transcript) {
        replay(dir.path(), &cmd, &shown);
    }
    assert!(
        snapshot_tree(dir.path()) == before,
        "a refused flag wrote something"
    );
}

#[test]
fn the_add_function_transcript_is_what_add_and_remove_print() {
    let transcript = block("$ cogform add function add-to-group --yes");
    let dir = copy_example("functions");
    std::fs::remove_dir_all(dir.path().join("backend/functions")).unwrap();
    std::fs::remove_dir_all(dir.path().join("functions")).unwrap();
    std::fs::remove_file(dir.path().join("backend/api/gallery.yaml")).unwrap();
    replace_in(
        dir.path(),
        "backend/auth.yaml",
        "triggers:\n  post_confirmation: { function: add-to-group }\n",
        "",
    );
    replace_in(
        dir.path(),
        "backend/storage/media.yaml",
        "triggers:\n  - { on: upload, prefix: uploads/, function: publish-upload }\n",
        "",
    );
    for (cmd, shown) in sessions(&transcript) {
        replay(dir.path(), &cmd, &shown);
    }
    assert!(
        dir.path()
            .join("backend/functions/add-to-group.yaml")
            .is_file()
    );
    assert_eq!(run(dir.path(), &["build"]).code, 0);
}
