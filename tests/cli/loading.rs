//! Issue 10 §3, the loading side: every problem in one run, indentation said as such, the
//! project found from any subfolder, hints that lead somewhere, files in the wrong place.

use std::path::Path;

use crate::support::{project, run, snapshot_tree, write};

/// `validate` in `dir`: exit 2, nothing written, and exactly `expected` on stderr.
fn refused_with(dir: &Path, expected: &str) {
    let before = snapshot_tree(dir);
    let r = run(dir, &["validate"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(r.stderr, expected);
    assert_eq!(snapshot_tree(dir), before);
}

const API: &str = "functions:
  photos: { arn: \"arn:aws:lambda:eu-west-1:123456789012:function:photos\" }
paths:
  /photos:
    GET: { function: photos, auth: iam, allow: [EDITOR] }
cors:
  allowed_origins: [\"*\"]
";

// ---------------------------------------------------------------------------------------------
// 1. One pass

#[test]
fn one_run_reports_structural_and_semantic_problems_of_every_file() {
    let dir = project(&[
        ("cogform.yaml", "project: shop\n"),
        (
            "backend/auth.yaml",
            "groups:\n  - { name: EDITORS, precedence: 1 }\nhosted_ui:\n  domain_prefix: shop-auth\n  callback_urls: [http://shop.example.com/]\n",
        ),
        (
            "backend/storage/media.yaml",
            "default: true\nlevls:\n  public: { authenticated: [read] }\n",
        ),
        ("backend/api/photos.yaml", API),
    ]);
    refused_with(
        dir.path(),
        "backend/api/photos.yaml:5:49: paths./photos.GET.allow[0]: `EDITOR` is neither guest, authenticated nor a group of backend/auth.yaml
  help: did you mean `EDITORS`?
backend/api/photos.yaml:7:21: cors.allowed_origins[0]: `*` would let any site call with the user's credentials; list the origins
backend/auth.yaml:5:19: hosted_ui.callback_urls[0]: URL uses http; only https is allowed, except exactly `http://localhost[:port]`
backend/storage/media.yaml:2:1: levls: unknown field `levls`
  help: did you mean `levels`?
error: 4 problems found; nothing was written
",
    );
}

#[test]
fn what_did_not_load_causes_no_follow_on_errors_and_hides_nothing_else() {
    let storage = "levels:\n  public: { groups: { EDITOR: [read] } }\ncors:\n  allowed_origins: [http://shop.example.com]\n";
    let origin = "backend/storage/media.yaml:4:21: cors.allowed_origins[0]: origin uses http; only https is allowed, except exactly `http://localhost[:port]`\n";
    let star = "backend/api/photos.yaml:7:21: cors.allowed_origins[0]: `*` would let any site call with the user's credentials; list the origins\n";
    // auth.yaml does not parse: no "unknown group" in the bucket or the API, but their own
    // problems are reported.
    let dir = project(&[
        ("cogform.yaml", "project: shop\n"),
        (
            "backend/auth.yaml",
            "groups: [ { name: EDITORS, precedence: 1 }\nhosted_ui:\n  domain_prefix: shop-auth\n",
        ),
        ("backend/storage/media.yaml", storage),
        ("backend/api/photos.yaml", API),
    ]);
    refused_with(
        dir.path(),
        &format!(
            "{star}backend/auth.yaml:2:1: (document): invalid YAML: invalid indentation in flow construct\n{origin}error: 3 problems found; nothing was written\n"
        ),
    );
    // Only `groups` is broken: the rules reading groups stay silent, the others run (SMS MFA
    // needs a phone number, in another section of the same file).
    write(
        dir.path(),
        "backend/auth.yaml",
        "groups:\n  - { name: EDITORS, precedence: one }\nmfa: { mode: optional, methods: [sms] }\n",
    );
    refused_with(
        dir.path(),
        &format!(
            "{star}backend/auth.yaml:2:34: groups[0].precedence: expected an integer, found text
backend/auth.yaml:3:34: mfa.methods[0]: SMS MFA needs the `phone_number` attribute
  help: declare `attributes.phone_number`, or sign in with `login.phone: true`
{origin}error: 4 problems found; nothing was written\n"
        ),
    );
    // A broken section elsewhere in auth.yaml: group references are judged again.
    write(
        dir.path(),
        "backend/auth.yaml",
        "groups:\n  - { name: EDITORS, precedence: 1 }\nmfa: { mode: sometimes }\n",
    );
    refused_with(
        dir.path(),
        &format!(
            "backend/api/photos.yaml:5:49: paths./photos.GET.allow[0]: `EDITOR` is neither guest, authenticated nor a group of backend/auth.yaml
  help: did you mean `EDITORS`?
{star}backend/auth.yaml:3:14: mfa.mode: expected one of: off, optional, required
backend/storage/media.yaml:2:23: levels.public.groups.EDITOR: no group `EDITOR` in backend/auth.yaml
  help: did you mean `EDITORS`?
{origin}error: 5 problems found; nothing was written\n"
        ),
    );
    // cogform.yaml does not load: everything else is still checked.
    write(dir.path(), "cogform.yaml", "projet: shop\n");
    let r = run(dir.path(), &["validate"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(
            "cogform.yaml:1:1: projet: unknown field `projet`\n  help: did you mean `project`?\n"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(origin), "{}", r.stderr);
    assert!(r.stderr.contains(star), "{}", r.stderr);
    assert!(
        r.stderr
            .ends_with("error: 7 problems found; nothing was written\n"),
        "{}",
        r.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// 2. Indentation

#[test]
fn indentation_slips_say_indentation_with_line_and_column() {
    let help = "  help: YAML nests by indentation: line the key up with the keys it belongs with (spaces only, the same number for every key of a mapping)\n";
    let cases: [(&str, String); 6] = [
        (
            "password:\n  min_length: 12\n   require: [lowercase]\n",
            format!("backend/auth.yaml:3:4: (document): indentation: this line is indented 3 spaces, which lines it up with nothing above it; the levels open here are 2 (`min_length`, line 2) or 0 (`password`, line 1)\n{help}"),
        ),
        (
            "login:\n  email: true\n mfa:\n  mode: optional\n",
            format!("backend/auth.yaml:3:2: (document): indentation: this line is indented 1 space, which lines it up with nothing above it; the levels open here are 2 (`email`, line 2) or 0 (`login`, line 1)\n{help}"),
        ),
        (
            "groups:\n  - name: A\n    precedence: 1\n   description: x\n",
            format!("backend/auth.yaml:4:4: (document): indentation: this line is indented 3 spaces, which lines it up with nothing above it; the levels open here are 4 (`precedence`, line 3), 2 (the `-` of line 2) or 0 (`groups`, line 1)\n{help}"),
        ),
        (
            "password:\n  min_length: 12\nrequire: [lowercase]\n",
            "backend/auth.yaml:3:1: require: unknown field `require` at this indentation: it is a field of `password` (line 1)\n  help: indent it like the other fields of `password`\n".to_string(),
        ),
        (
            "password:\n  min_length: 12\n  recovery: email\n",
            "backend/auth.yaml:3:3: password.recovery: unknown field `recovery` at this indentation: it belongs one level up, next to `password` (line 1)\n  help: unindent it to line up with `password`\n".to_string(),
        ),
        (
            "hosted_ui:\n  domain_prefix: shop\n  callback_urls:\n  - https://a.example.com/\n   - https://b.example.com/\n",
            "backend/auth.yaml:5:4: hosted_ui.callback_urls[0]: indentation: this `- ` line is indented deeper than the item or key on line 4, so YAML reads it as more text of that value, not as a new list item\n  help: line up the `-` of every item of the list\n".to_string(),
        ),
    ];
    for (auth, expected) in cases {
        let dir = project(&[("backend/auth.yaml", auth)]);
        refused_with(
            dir.path(),
            &format!("{expected}error: 1 problem found; nothing was written\n"),
        );
    }
    let dir = project(&[("backend/auth.yaml", "password:\n\tmin_length: 12\n")]);
    refused_with(
        dir.path(),
        "backend/auth.yaml:2:1: (document): indentation: a tab character; YAML indents with spaces only\n  help: replace the tab with spaces\nerror: 1 problem found; nothing was written\n",
    );
}

// ---------------------------------------------------------------------------------------------
// 3. Project root

fn git(root: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .current_dir(root)
        .args(["-c", "user.email=ci@example.com", "-c", "user.name=CI"])
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_command_finds_the_project_from_any_subfolder() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path();
    assert_eq!(run(root, &["init", "--yes", "--name", "shop"]).code, 0);
    let backend = root.join("backend");
    let r = run(&backend, &["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(root.join("build/dev.template.yaml").is_file());
    assert!(!backend.join("build").exists());
    git(root, &["init", "-q"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-qm", "base"]);
    let r = run(
        &backend,
        &[
            "add",
            "storage",
            "media",
            "--yes",
            "--public",
            "authenticated=read",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(root.join("backend/storage/media.yaml").is_file());
    let storage = root.join("backend/storage");
    for args in [
        &["validate"][..],
        &["build"],
        &["check"],
        &["diff"],
        &["access", "--format", "json"],
        &[
            "update",
            "storage",
            "media",
            "--yes",
            "--public",
            "authenticated=read+write",
        ],
        &["update", "auth", "--yes", "--groups", "EDITORS"],
    ] {
        let r = run(&storage, args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    }
    assert!(
        std::fs::read_to_string(root.join("backend/auth.yaml"))
            .unwrap()
            .contains("EDITORS")
    );
    let r = run(
        &storage,
        &["remove", "storage", "media", "--yes", "--allow-data-loss"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!storage.join("media.yaml").exists());
    // outputs: the stack file and -o are relative to the current folder, not the root.
    write(
        root,
        "stack.json",
        r#"[{"OutputKey":"Region","OutputValue":"eu-west-1"}]"#,
    );
    let r = run(
        &backend,
        &["outputs", "--stack-outputs", "../stack.json", "-o", "-"],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .starts_with("error: ../stack.json: the stack has no output `UserPoolId`"),
        "{}",
        r.stderr
    );
    // -C wins, and names the root exactly.
    let r = run(&storage, &["-C", root.to_str().unwrap(), "validate"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(root, &["-C", "backend", "validate"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "error: backend is not a cogform project root: cogform.yaml not found there\n  help: it is inside the project at {0}; pass `-C {0}`, or leave out -C (commands find the project from any of its folders)\n",
            root.display()
        )
    );
}

#[test]
fn init_never_nests_a_project_and_the_search_stops_at_the_repository_root() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path();
    assert_eq!(run(root, &["init", "--yes", "--name", "shop"]).code, 0);
    let web = root.join("web/src");
    std::fs::create_dir_all(&web).unwrap();
    let before = snapshot_tree(root);
    let r = run(&web, &["init", "--yes"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "error: {0}/web/src is inside the cogform project at {0}; a project cannot hold another, nothing was written\n  help: every command works from any folder of that project (`cogform validate`, `cogform add storage NAME`); start a separate project outside {0}\n",
            root.display()
        )
    );
    let r = run(root, &["-C", "web", "init", "--yes"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("is inside the cogform project at"),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot_tree(root), before);
    // A git repository inside the project is a boundary: its own project may start there.
    std::fs::create_dir_all(root.join("web/.git")).unwrap();
    let r = run(&web, &["validate"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "error: not in a cogform project: no cogform.yaml in {0}/web/src or above it, up to the repository root {0}/web\n  help: `cogform init` creates one here, or pass -C DIR\n",
            root.display()
        )
    );
    let r = run(&root.join("web"), &["init", "--yes", "--name", "web"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A misspelled project file is named, not passed by.
    let other = tempfile::TempDir::new().unwrap();
    write(other.path(), "cogform.yml", "project: shop\n");
    std::fs::create_dir_all(other.path().join("backend")).unwrap();
    let r = run(&other.path().join("backend"), &["validate"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "error: {0}/cogform.yml found, but cogform reads cogform.yaml\n  help: rename it: mv {0}/cogform.yml {0}/cogform.yaml\n",
            other.path().display()
        )
    );
}

// ---------------------------------------------------------------------------------------------
// 4. Hints

#[test]
fn empty_and_missing_files_get_a_hint_for_their_kind() {
    let dir = project(&[
        ("cogform.yaml", ""),
        ("backend/auth.yaml", "# nothing yet\n"),
        ("backend/storage/media.yaml", ""),
        ("backend/api/photos.yaml", "\n"),
    ]);
    refused_with(
        dir.path(),
        "backend/api/photos.yaml:1:1: (document): the file is empty
  help: an API needs `functions` and `paths`: write them (see `cogform schema api`), or delete the file and run `cogform add api photos` for a walkthrough that writes it
backend/auth.yaml:1:1: (document): the file is empty
  help: write `{}` to accept every default (email sign-in), or run `cogform add auth` for a walkthrough that writes it
backend/storage/media.yaml:1:1: (document): the file is empty
  help: write the bucket's `levels` (see `cogform schema storage`), or delete the file and run `cogform add storage media` for a walkthrough that writes it
cogform.yaml:1:1: (document): the file is empty
  help: write at least `project: NAME` (2–32 lowercase letters, digits or `-`; it names the pools); `cogform schema cogform` lists every key
error: 4 problems found; nothing was written
",
    );
    let dir = project(&[]);
    refused_with(
        dir.path(),
        "backend/auth.yaml:1:1: (document): file not found
  help: run `cogform add auth` (a walkthrough that writes it), or create it holding `{}` for the defaults (email sign-in)
error: 1 problem found; nothing was written
",
    );
    // The hint is right: `add auth` then works.
    let r = run(dir.path(), &["add", "auth", "--yes"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(run(dir.path(), &["validate"]).code, 0);
}

#[test]
fn the_readme_order_init_then_add_auth_works() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path();
    let r = run(
        root,
        &["init", "--yes", "--name", "shop", "--sign-in", "phone"],
    );
    assert_eq!(r.code, 0);
    assert!(r.stderr.ends_with("next: edit backend/auth.yaml (or `cogform add auth`: a walkthrough that replaces it), then `cogform build`\n"), "{}", r.stderr);
    let r = run(root, &["add", "auth", "--yes", "--groups", "ADMINS"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "note: backend/auth.yaml is still the starter file `cogform init` wrote: the walkthrough replaces it
created backend/auth.yaml
next: `cogform build`, then deploy build/<environment>.template.yaml
"
    );
    assert!(
        std::fs::read_to_string(root.join("backend/auth.yaml"))
            .unwrap()
            .contains("ADMINS")
    );
    // Now it is the user's: refused, pointing to update.
    let before = snapshot_tree(root);
    let r = run(root, &["add", "auth", "--yes"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: backend/auth.yaml already exists; nothing was written\n  help: change it with `cogform update auth` (keeps your comments and layout)\n"
    );
    // One edited byte of the starter makes it the user's too.
    let dir = tempfile::TempDir::new().unwrap();
    assert_eq!(run(dir.path(), &["init", "--yes"]).code, 0);
    let auth = dir.path().join("backend/auth.yaml");
    let text = std::fs::read_to_string(&auth).unwrap();
    std::fs::write(&auth, text.replace("min_length: 12", "min_length: 14")).unwrap();
    assert_eq!(run(dir.path(), &["add", "auth", "--yes"]).code, 2);
    assert_eq!(snapshot_tree(root), before);
}

#[test]
fn no_hint_suggests_init_inside_a_project() {
    // A broken cogform.yaml, an empty one, a missing auth.yaml, a subfolder: never `init`.
    for (files, cwd) in [
        (&[("cogform.yaml", "project: [\n")][..], "."),
        (&[("cogform.yaml", "")][..], "backend"),
        (&[("backend/storage/x.yaml", "{}\n")][..], "backend/storage"),
    ] {
        let dir = project(files);
        std::fs::create_dir_all(dir.path().join(cwd)).unwrap();
        for args in [&["validate"][..], &["build"], &["init", "--yes"]] {
            let cmd = args[0];
            let r = run(&dir.path().join(cwd), args);
            assert_eq!(r.code, 2, "{cmd} in {cwd}: {}", r.stderr);
            assert!(
                !r.stderr.contains("cogform init") && !r.stderr.contains("-C DIR init"),
                "{cmd} in {cwd}: {}",
                r.stderr
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 5. Files in the wrong place

#[test]
fn files_in_the_wrong_place_are_errors_naming_the_expected_path() {
    let dir = project(&[
        ("backend/auth.yaml", "{}\n"),
        ("cogform.yml", "project: shop\n"),
        ("backend/storage.yaml", "{}\n"),
        ("backend/api.yml", "{}\n"),
        ("backend/auth.yml", "{}\n"),
        ("backend/notes.md", "hello\n"),
        ("backend/buckets/media.yaml", "{}\n"),
        ("backend/storage/media.yml", "{}\n"),
        ("backend/storage/old/x.yaml", "{}\n"),
        ("backend/api/readme.txt", "hello\n"),
        // Hidden files and editor backups are ignored.
        ("backend/.DS_Store", ""),
        ("backend/storage/.media.yaml.swp", ""),
        ("backend/auth.yaml~", ""),
    ]);
    refused_with(
        dir.path(),
        "backend/api.yml:1:1: (document): an API lives in backend/api/<name>.yaml (the file name names the API); this file is not read
  help: move it to backend/api/api.yaml, or to backend/api/<name>.yaml under the API's name
backend/api/readme.txt:1:1: (document): cogform reads only `<name>.yaml` files here (one per API); this file is not read
  help: move it out of backend/api/
backend/auth.yml:1:1: (document): cogform reads backend/auth.yaml, never this file
  help: backend/auth.yaml exists too: merge what backend/auth.yml holds into it, then delete backend/auth.yml
backend/buckets/:1:1: (document): cogform does not read this folder: it reads backend/auth.yaml, backend/storage/, backend/api/ and backend/functions/
  help: move it out of backend/ (an API's Lambda code may live anywhere in the project, `code.path` names it)
backend/notes.md:1:1: (document): cogform does not read this file: it reads backend/auth.yaml, backend/storage/<name>.yaml and backend/api/<name>.yaml
  help: move it out of backend/
backend/storage.yaml:1:1: (document): a bucket lives in backend/storage/<name>.yaml (the file name names the bucket); this file is not read
  help: move it to backend/storage/storage.yaml, or to backend/storage/<name>.yaml under the bucket's name
backend/storage/media.yml:1:1: (document): cogform reads `.yaml` files only; this file is not read
  help: rename it: mv backend/storage/media.yml backend/storage/media.yaml
backend/storage/old/:1:1: (document): folders under backend/storage/ are not read: each bucket is one file, backend/storage/<name>.yaml
  help: move its files up to backend/storage/
cogform.yml:1:1: (document): cogform reads cogform.yaml, never this file
  help: merge what it holds into cogform.yaml, then delete it
error: 9 problems found; nothing was written
",
    );
}

#[test]
fn a_folder_holding_lambda_code_may_sit_under_backend() {
    let api = "functions:
  photos: { runtime: nodejs22.x, handler: index.handler, code: { path: backend/functions/photos } }
paths:
  /photos:
    GET: { function: photos, auth: iam, allow: [authenticated] }
";
    let dir = project(&[
        ("backend/auth.yaml", "{}\n"),
        ("backend/api/photos.yaml", api),
        (
            "backend/functions/photos/index.mjs",
            "export const handler = async () => ({});\n",
        ),
    ]);
    let r = run(dir.path(), &["validate"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // While the API does not load, its code folder is not judged (no follow-on error).
    write(
        dir.path(),
        "backend/api/photos.yaml",
        api.replace("iam", "iam2"),
    );
    let r = run(dir.path(), &["validate"]);
    assert_eq!(r.code, 2);
    assert!(!r.stderr.contains("backend/functions"), "{}", r.stderr);
}
