//! The `cogform init` question flow and the starter files it produces.

use super::{Check, PromptError, Prompter, Q};
use crate::render::emit::quote_if_needed;

/// What `init` needs to know. Every field has a flag and a default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitAnswers {
    pub project: String,
    pub sign_in: SignIn,
    pub guest_access: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignIn {
    Email,
    Phone,
    Username,
}

impl SignIn {
    pub const ALL: [SignIn; 3] = [SignIn::Email, SignIn::Phone, SignIn::Username];

    pub fn label(self) -> &'static str {
        match self {
            SignIn::Email => "email",
            SignIn::Phone => "phone",
            SignIn::Username => "username",
        }
    }
}

/// Checks a project name as `cogform.yaml` requires it.
pub fn check_project_name(name: &str) -> Result<(), String> {
    let ok = (2..=32).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && !name.ends_with('-')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(
            "2–32 lowercase letters, digits or `-`, starting with a letter, not ending with `-`"
                .into(),
        )
    }
}

/// A valid project name derived from a directory name (`My App` → `my-app`).
pub fn project_name_from(dir_name: &str) -> String {
    let mut name: String = dir_name
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    name = name.trim_matches('-').to_string();
    while name.contains("--") {
        name = name.replace("--", "-");
    }
    if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        name = format!("app-{name}");
    }
    name.truncate(32);
    let name = name.trim_end_matches('-').to_string();
    if check_project_name(&name).is_ok() {
        name
    } else {
        "app".into()
    }
}

/// Asks what `defaults` does not settle. `defaults` carries the flags' values.
pub fn ask(p: &mut dyn Prompter, defaults: &InitAnswers) -> Result<InitAnswers, PromptError> {
    let project = p.text(
        &Q::new(
            "--name",
            "Project name?",
            "Names the user pool and identity pool; lowercase letters, digits and `-`.",
        ),
        &defaults.project,
        &Check::new(check_project_name),
    )?;
    let labels: Vec<&str> = SignIn::ALL.iter().map(|s| s.label()).collect();
    let default_index = SignIn::ALL
        .iter()
        .position(|s| *s == defaults.sign_in)
        .unwrap_or(0);
    let chosen = p.select(
        &Q::new(
            "--sign-in",
            "How do users sign in?",
            "Cannot be changed once the user pool exists.",
        ),
        &labels,
        default_index,
    )?;
    let guest_access = p.confirm(
        &Q::new(
            "--guest-access",
            "Give guests (visitors not signed in) AWS credentials?",
            "Guests get a read-only role; say no unless the app shows content before sign-in.",
        ),
        defaults.guest_access,
    )?;
    Ok(InitAnswers {
        project,
        sign_in: SignIn::ALL.get(chosen).copied().unwrap_or(SignIn::Email),
        guest_access,
    })
}

/// `cogform.yaml` for the answers.
pub fn project_file(a: &InitAnswers) -> String {
    format!(
        "# yaml-language-server: $schema=.cogform/schemas/cogform.schema.json\n\
         # The cogform project. Run `cogform build` after editing any file.\n\
         project: {}\n\
         # Templates are written to build/<environment>.template.yaml\n\
         format: yaml\n\
         environments:\n  \
           dev: {{}}\n",
        quote_if_needed(&a.project)
    )
}

/// The commented starter `backend/auth.yaml` for the answers.
pub fn auth_file(a: &InitAnswers) -> String {
    let (email, phone, username) = match a.sign_in {
        SignIn::Email => (true, false, false),
        SignIn::Phone => (false, true, false),
        SignIn::Username => (true, false, true),
    };
    let recovery = if phone && !email { "phone" } else { "email" };
    format!(
        "# yaml-language-server: $schema=../.cogform/schemas/auth.schema.json\n\
         # Authentication (Cognito user pool) and AWS credentials (identity pool).\n\
         # Every key is optional; the values below are the defaults unless noted.\n\
         \n\
         # How users sign in. Cannot be changed once the user pool exists.\n\
         login:\n  email: {email}\n  phone: {phone}\n  username: {username}\n\
         \n\
         password:\n  min_length: 12\n  require: [lowercase, uppercase, numbers, symbols]\n\
         \n\
         # off | optional | required; methods: totp, sms\n\
         mfa:\n  mode: optional\n  methods: [totp]\n\
         \n\
         # email | phone | email_then_phone | phone_then_email | admin_only\n\
         recovery: {recovery}\n\
         \n\
         # Groups get their own IAM role (chosen from the id token); precedence: lower wins.\n\
         groups: []\n\
         \n\
         identity_pool:\n  guest_access: {}\n",
        a.guest_access
    )
}

/// Whether `text` is byte for byte a starter `backend/auth.yaml` as `auth_file` writes it,
/// for any answers: a file nobody has edited since `cogform init`.
pub fn is_starter_auth(text: &str) -> bool {
    SignIn::ALL.into_iter().any(|sign_in| {
        [false, true].into_iter().any(|guest_access| {
            text == auth_file(&InitAnswers {
                project: String::new(),
                sign_in,
                guest_access,
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prompts::scripted::{Answer, Scripted};

    fn defaults() -> InitAnswers {
        InitAnswers {
            project: "my-app".into(),
            sign_in: SignIn::Email,
            guest_access: false,
        }
    }

    #[test]
    fn takes_every_answer() {
        let mut p = Scripted::new(vec![
            Answer::Text("shop".into()),
            Answer::Select(2),
            Answer::Confirm(true),
        ]);
        let a = ask(&mut p, &defaults()).unwrap();
        assert_eq!(
            a,
            InitAnswers {
                project: "shop".into(),
                sign_in: SignIn::Username,
                guest_access: true
            }
        );
        assert!(p.finished());
    }

    #[test]
    fn defaults_are_offered() {
        let mut p = Scripted::new(vec![Answer::Default, Answer::Default, Answer::Default]);
        assert_eq!(ask(&mut p, &defaults()).unwrap(), defaults());
    }

    #[test]
    fn invalid_names_are_refused_as_typed_then_retried() {
        let mut p = Scripted::new(vec![
            Answer::Text("Bad Name".into()),
            Answer::Text("good".into()),
            Answer::Default,
            Answer::Default,
        ]);
        let a = ask(&mut p, &defaults()).unwrap();
        assert_eq!(a.project, "good");
        assert_eq!(p.refusals().len(), 1);
    }

    #[test]
    fn cancel_stops_the_flow() {
        let mut p = Scripted::new(vec![Answer::Text("shop".into()), Answer::Cancel]);
        assert_eq!(ask(&mut p, &defaults()), Err(PromptError::Cancelled));
    }

    #[test]
    fn starter_auth_files_are_recognised_byte_for_byte() {
        let phone = auth_file(&InitAnswers {
            sign_in: SignIn::Phone,
            guest_access: true,
            ..defaults()
        });
        assert!(is_starter_auth(&phone));
        assert!(!is_starter_auth(
            &phone.replace("min_length: 12", "min_length: 14")
        ));
        assert!(!is_starter_auth(&format!("{phone}# mine\n")));
        assert!(!is_starter_auth("{}\n"));
    }

    #[test]
    fn directory_names_become_project_names() {
        assert_eq!(project_name_from("My App"), "my-app");
        assert_eq!(project_name_from("123"), "app-123");
        assert_eq!(project_name_from("__"), "app");
        assert!(check_project_name(&project_name_from(&"x".repeat(80))).is_ok());
    }
}
