//! The scale project: one user pool with `n` groups, `n` REST APIs and `n` buckets, every name
//! valid at n = 1000 (category file names ≤ 24 characters, unique group precedences, bucket
//! names within S3's 63 characters). Shared by the criterion benches, the `scale-project`
//! example (used by bench/run.sh) and the quota tests.
//!
//! Group roles do not inherit the signed-in grants here (`groups_inherit_authenticated:
//! false`): with inheritance every group role carries every bucket's and API's grants, so the
//! template itself grows as n², and the benches would measure the size of the answer rather
//! than the tool. Each bucket and API names one group instead, so the output grows as n.

use std::fmt::Write as _;
use std::path::Path;

/// Zero-padded index: `group-0007`.
fn id(i: usize) -> String {
    format!("{i:04}")
}

/// The files of the scale project of size `n`, as (relative path, content).
pub fn files(n: usize) -> Vec<(String, String)> {
    let mut out = Vec::new();
    out.push((
        "cogform.yaml".to_string(),
        "project: scale\nformat: yaml\nenvironments:\n  dev: {}\n".to_string(),
    ));
    let mut auth = String::from(
        "login: { email: true }\nmfa: { mode: optional, methods: [totp] }\n\
         attributes:\n  email: { required: true }\n  preferred_username: {}\n\
         identity_pool:\n  guest_access: true\n  groups_inherit_authenticated: false\n\
         groups:\n",
    );
    for i in 0..n {
        let _ = writeln!(
            auth,
            "  - name: group-{i}\n    precedence: {p}\n    description: Group {i}\n    \
             policies:\n      - effect: allow\n        actions: [dynamodb:GetItem, dynamodb:Query]\n        \
             resources: [\"arn:${{AWS::Partition}}:dynamodb:${{AWS::Region}}:${{AWS::AccountId}}:table/items-{i}\"]",
            i = id(i),
            p = i
        );
    }
    if n == 0 {
        auth.push_str("  []\n");
    }
    out.push(("backend/auth.yaml".to_string(), auth));
    for i in 0..n {
        let i = id(i);
        out.push((
            format!("backend/storage/bucket-{i}.yaml"),
            format!(
                "levels:\n  public: {{ guest: [read], authenticated: [read, write, delete] }}\n  \
                 protected: {{ guest: [read], authenticated: [read], owner: [read, write, delete] }}\n  \
                 private: {{ owner: [read, write, delete] }}\n\
                 paths:\n  shared/*:\n    authenticated: [read]\n    groups: {{ group-{i}: [read, write] }}\n\
                 cors:\n  allowed_origins: [https://app.example.com]\n"
            ),
        ));
        out.push((
            format!("backend/api/api-{i}.yaml"),
            format!(
                "functions:\n  items: {{ arn: \"arn:aws:lambda:eu-west-1:123456789012:function:items-{i}\" }}\n\
                 paths:\n  /items:\n    GET: {{ function: items, auth: iam, allow: [guest, authenticated] }}\n    \
                 POST: {{ function: items, auth: iam, allow: [group-{i}] }}\n  \
                 /items/{{id}}:\n    GET: {{ function: items, auth: iam, allow: [authenticated] }}\n    \
                 DELETE: {{ function: items, auth: cognito_id_token }}\n"
            ),
        ));
    }
    out
}

/// Writes the scale project of size `n` under `root` (which should be empty).
pub fn write(root: &Path, n: usize) -> std::io::Result<()> {
    for (path, content) in files(n) {
        let full = root.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(full, content)?;
    }
    Ok(())
}
