//! A created function's `code.path` must be a folder or file inside the project: a located
//! error at `validate` and `build` otherwise, and refused as typed by `add api`.

use crate::support::{project, run, snapshot_tree, write};

fn api(path: &str) -> String {
    format!(
        "functions:\n  shop:\n    runtime: nodejs22.x\n    handler: index.handler\n    code: {{ path: \"{path}\" }}\npaths:\n  /items:\n    GET: {{ function: shop, auth: cognito_id_token }}\n"
    )
}

fn shop(path: &str) -> tempfile::TempDir {
    project(&[
        ("backend/auth.yaml", "{}\n"),
        ("backend/api/shop.yaml", &api(path)),
    ])
}

#[test]
fn a_missing_code_folder_is_a_located_error_and_nothing_is_written() {
    let dir = shop("functions/shop");
    let before = snapshot_tree(dir.path());
    for command in ["validate", "build"] {
        let r = run(dir.path(), &[command]);
        assert_eq!(r.code, 2, "{command}: {}", r.stderr);
        assert_eq!(
            r.stderr,
            "backend/api/shop.yaml:5:19: functions.shop.code.path: `functions/shop` does not exist \
             (paths are relative to the project root, where cogform.yaml is)\n  help: create the \
             folder holding the function's code, which `aws cloudformation package` uploads, or fix \
             the path\nerror: 1 problem found; nothing was written\n",
            "{command}"
        );
    }
    assert_eq!(snapshot_tree(dir.path()), before);
}

#[test]
fn an_existing_folder_or_file_is_accepted() {
    let dir = shop("functions/shop");
    write(
        dir.path(),
        "functions/shop/index.mjs",
        "export const handler = async () => ({ statusCode: 204 });\n",
    );
    let r = run(dir.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let dir = shop("dist/shop.zip");
    write(dir.path(), "dist/shop.zip", "PK");
    let r = run(dir.path(), &["validate"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Relative to the project root, not to the working directory of the command.
    let dir = shop("functions/shop");
    write(dir.path(), "functions/shop/index.mjs", "");
    let elsewhere = tempfile::TempDir::new().unwrap();
    let r = run(
        elsewhere.path(),
        &["-C", dir.path().to_str().unwrap(), "validate"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn paths_escaping_the_project_are_refused() {
    for path in ["../shop", "functions/../../shop", "/srv/shop"] {
        let dir = shop(path);
        let r = run(dir.path(), &["validate"]);
        assert_eq!(r.code, 2, "{path}: {}", r.stderr);
        assert!(
            r.stderr.contains(
                "functions.shop.code.path: a relative path inside the project, without `..`"
            ),
            "{path}: {}",
            r.stderr
        );
    }
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_the_project_is_refused() {
    let outside = tempfile::TempDir::new().unwrap();
    write(outside.path(), "index.mjs", "");
    let dir = shop("functions/shop");
    std::fs::create_dir_all(dir.path().join("functions")).unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("functions/shop")).unwrap();
    let r = run(dir.path(), &["validate"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "functions.shop.code.path: `functions/shop` leads outside the project through a symbolic link"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn add_api_refuses_a_code_folder_that_does_not_exist() {
    let dir = project(&[("backend/auth.yaml", "{}\n")]);
    let add = || {
        run(
            dir.path(),
            &[
                "add",
                "api",
                "shop",
                "--yes",
                "--function",
                "shop=nodejs22.x:index.handler:functions/shop",
                "--route",
                "GET /items auth=cognito_id_token",
            ],
        )
    };
    let before = snapshot_tree(dir.path());
    let r = add();
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("--function `shop=nodejs22.x:index.handler:functions/shop`: `functions/shop` does not exist"),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot_tree(dir.path()), before, "nothing written");
    // The same answer once the folder exists (the walkthrough looks at the disk as it asks).
    write(dir.path(), "functions/shop/index.mjs", "");
    let r = add();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(dir.path().join("backend/api/shop.yaml").is_file());
    // A path leaving the project is refused too.
    let r = run(
        dir.path(),
        &[
            "add",
            "api",
            "other",
            "--yes",
            "--function",
            "other=nodejs22.x:index.handler:../other",
            "--route",
            "GET /x auth=cognito_id_token",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("a relative path inside the project, without `..`"),
        "{}",
        r.stderr
    );
}
