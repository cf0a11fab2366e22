//! Table-driven tests of [`super::judge`]: statements built from the catalogue for every
//! access level and risk class, for each audience, against the rules as the README states
//! them; then the issue's own examples and the least-privilege statements that must build.

use super::*;
use crate::config::common::{AcceptRisk, ConditionValue, Effect, PolicyStatement, RiskClass};
use crate::iam::catalogue::{self, Action, Level};
use crate::iam::risk;

const AUDIENCES: [Audience; 3] = [Audience::Guest, Audience::Authenticated, Audience::Group];

fn statement(actions: &[&str], resources: &[&str]) -> PolicyStatement {
    PolicyStatement {
        sid: None,
        effect: Effect::Allow,
        actions: actions.iter().map(|s| s.to_string()).collect(),
        resources: resources.iter().map(|s| s.to_string()).collect(),
        conditions: Default::default(),
        accept_risk: None,
    }
}

fn precise(service: &str) -> String {
    format!("arn:${{AWS::Partition}}:{service}:${{AWS::Region}}:${{AWS::AccountId}}:thing/one")
}

fn wildcard(service: &str) -> String {
    format!("arn:${{AWS::Partition}}:{service}:${{AWS::Region}}:${{AWS::AccountId}}:thing/*")
}

fn classes_of(a: &Action) -> Vec<RiskClass> {
    risk::classes_of(a).into_iter().map(|(c, _)| c).collect()
}

/// The rules in words (README, "Writing your own IAM statements"): guests List/Read only, no
/// class, no wildcard resource part for reads; signed-in users and groups no class but data
/// exfiltration, and that only on resources named precisely.
fn expected_refused(audience: Audience, a: &Action, precise: bool) -> bool {
    let classes = classes_of(a);
    match audience {
        Audience::Guest => !a.level.is_read() || !classes.is_empty() || !precise,
        _ => classes
            .iter()
            .any(|c| *c != RiskClass::DataExfiltration || !precise),
    }
}

/// Up to `n` actions per (access level, first class or none), spread over the catalogue.
fn sample(n: usize) -> Vec<&'static Action> {
    let classed: Vec<(&Action, Option<RiskClass>)> = catalogue::get()
        .actions()
        // `action_problem` in validate refuses these services outright, before judging.
        .filter(|a| {
            !matches!(
                a.service,
                "iam" | "sts" | "organizations" | "cognito-identity"
            )
        })
        .map(|a| (a, classes_of(a).first().copied()))
        .collect();
    let mut out = Vec::new();
    for level in Level::ALL {
        for class in RiskClass::ALL.map(Some).into_iter().chain([None]) {
            let pool: Vec<&Action> = classed
                .iter()
                .filter(|(a, c)| a.level == level && *c == class)
                .map(|(a, _)| *a)
                .collect();
            let step = (pool.len() / n).max(1);
            out.extend(pool.iter().step_by(step).take(n));
        }
    }
    out
}

#[test]
fn every_access_level_and_class_for_each_audience() {
    let actions = sample(8);
    let mut cases = 0;
    let mut refused = 0;
    for a in &actions {
        let name = a.to_string();
        for audience in AUDIENCES {
            for is_precise in [true, false] {
                let r = if is_precise {
                    precise(a.service)
                } else {
                    wildcard(a.service)
                };
                let findings = judge(&statement(&[&name], &[&r]), audience);
                let expected = expected_refused(audience, a, is_precise);
                assert_eq!(
                    !findings.is_empty(),
                    expected,
                    "{name} ({}; {:?}) for {audience:?} on {r}: {findings:#?}",
                    a.level,
                    classes_of(a)
                );
                // Every class that refuses is named, and located at the action.
                for f in findings.iter().filter(|f| f.class.is_some()) {
                    assert_eq!(f.at, "/actions/0");
                    let class = f.class.unwrap_or(RiskClass::DataExfiltration);
                    assert!(f.message.contains(risk::name(class)), "{}", f.message);
                    assert!(f.message.contains(audience.holders()), "{}", f.message);
                    assert!(f.help.contains("allow: [ADMINS]"), "{}", f.help);
                }
                cases += 1;
                refused += usize::from(expected);
            }
        }
    }
    eprintln!("{cases} statements judged, {refused} refused");
    // A few hundred statements, and both outcomes well represented.
    assert!(cases >= 300, "{cases}");
    assert!(
        refused > cases / 4 && refused < cases * 9 / 10,
        "{refused} of {cases}"
    );
    // Every level and every class was sampled.
    for level in Level::ALL {
        assert!(actions.iter().any(|a| a.level == level), "{level}");
    }
    for class in RiskClass::ALL {
        assert!(
            actions.iter().any(|a| classes_of(a).contains(&class)),
            "{class:?}"
        );
    }
}

#[test]
fn accept_risk_lifts_exactly_its_class_and_never_for_guests() {
    for a in sample(3) {
        let classes = classes_of(a);
        let [class] = classes[..] else { continue };
        let name = a.to_string();
        let r = wildcard(a.service);
        let mut st = statement(&[&name], &[&r]);
        st.accept_risk = Some(AcceptRisk {
            class,
            reason: "reviewed by the security team".into(),
        });
        for audience in [Audience::Authenticated, Audience::Group] {
            let left: Vec<Finding> = judge(&st, audience);
            assert!(left.iter().all(|f| f.class.is_none()), "{name}: {left:#?}");
        }
        let guest = judge(&st, Audience::Guest);
        assert!(guest.iter().any(|f| f.at == "/accept_risk"), "{name}");
        // Accepting another class accepts nothing, and says the class is absent.
        let other = RiskClass::ALL
            .into_iter()
            .find(|c| *c != class)
            .unwrap_or(class);
        st.accept_risk = Some(AcceptRisk {
            class: other,
            reason: "reviewed by the security team".into(),
        });
        let f = judge(&st, Audience::Authenticated);
        assert!(
            f.iter().any(|f| f.at == "/accept_risk/class"),
            "{name}: {f:#?}"
        );
        if class != RiskClass::DataExfiltration {
            assert!(f.iter().any(|f| f.class == Some(class)), "{name}");
        }
    }
}

fn messages(st: &PolicyStatement, audience: Audience) -> Vec<String> {
    judge(st, audience)
        .into_iter()
        .map(|f| format!("{} {}", f.at, f.message))
        .collect()
}

fn refused_with(st: &PolicyStatement, audience: Audience, at: &str, fragment: &str) {
    let all = messages(st, audience);
    assert!(
        all.iter()
            .any(|m| m.starts_with(at) && m.contains(fragment)),
        "expected `{fragment}` at {at}; got {all:#?}"
    );
}

#[test]
fn the_issue_examples_are_refused() {
    use Audience::*;
    let any_pool = "arn:aws:cognito-idp:*:*:userpool/*";
    let st = statement(&["cognito-idp:AdminAddUserToGroup"], &[any_pool]);
    refused_with(&st, Authenticated, "/actions/0", "privilege escalation");
    refused_with(&st, Authenticated, "/resources/0", "region and account");
    refused_with(&st, Group, "/actions/0", "privilege escalation");
    let secrets = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:*";
    let st = statement(&["secretsmanager:GetSecretValue"], &[secrets]);
    refused_with(&st, Guest, "/actions/0", "data exfiltration");
    refused_with(&st, Guest, "/resources/0", "whole prefixes");
    refused_with(&st, Authenticated, "/actions/0", "not named precisely");
    let every_fn = "arn:aws:lambda:eu-west-1:123456789012:function:*";
    let st = statement(&["lambda:UpdateFunctionCode"], &[every_fn]);
    refused_with(
        &st,
        Authenticated,
        "/actions/0",
        "infrastructure modification",
    );
    let st = statement(&["s3:PutBucketPolicy"], &["arn:aws:s3:::photos"]);
    refused_with(&st, Group, "/actions/0", "resource exposure");
    let st = statement(
        &["ec2:RunInstances"],
        &["arn:aws:ec2:eu-west-1:123456789012:instance/*"],
    );
    refused_with(
        &st,
        Authenticated,
        "/actions/0",
        "infrastructure modification",
    );
    let st = statement(&["kms:Decrypt"], &["arn:aws:kms:*:*:key/*"]);
    refused_with(&st, Authenticated, "/actions/0", "data exfiltration");
    refused_with(&st, Authenticated, "/resources/0", "region and account");
    let st = statement(&["s3:Put*"], &["arn:aws:s3:::photos/*"]);
    refused_with(&st, Authenticated, "/actions/0", "`s3:Put*` (");
    refused_with(&st, Authenticated, "/actions/0", "resource exposure");
    refused_with(&st, Guest, "/actions/0", "List and Read");
    let mut st = statement(&["s3:GetObject"], &["arn:aws:s3:::photos/public/*"]);
    st.conditions.insert(
        "StringLike".into(),
        [("s3:prefix".to_string(), ConditionValue::One("*".into()))].into(),
    );
    refused_with(
        &st,
        Authenticated,
        "/conditions/StringLike/s3:prefix",
        "matches everything",
    );
    let mut st = statement(&["dynamodb:GetItem"], &[&precise("dynamodb")]);
    st.conditions.insert(
        "ForAllValues:StringEquals".into(),
        [(
            "dynamodb:LeadingKeys".to_string(),
            ConditionValue::Many(vec![]),
        )]
        .into(),
    );
    refused_with(
        &st,
        Authenticated,
        "/conditions/ForAllValues:StringEquals",
        "empty set",
    );
}

#[test]
fn unknown_actions_get_a_suggestion_from_the_catalogue_even_in_a_deny() {
    let mut st = statement(&["dynamodb:GetItm", "dynamodbb:Query", "s3:Frob*"], &["*"]);
    st.effect = Effect::Deny;
    let f = judge(&st, Audience::Authenticated);
    assert_eq!(f.len(), 3, "{f:#?}");
    assert_eq!(f[0].help, "did you mean `dynamodb:GetItem`?");
    assert_eq!(f[1].help, "did you mean `dynamodb:Query`?");
    assert!(
        f[2].message.contains("matches no action"),
        "{}",
        f[2].message
    );
    // A Deny is never judged for risk: it only takes rights away.
    let mut deny = statement(&["s3:PutBucketPolicy", "kms:Decrypt"], &["arn:aws:s3:::*"]);
    deny.effect = Effect::Deny;
    assert_eq!(judge(&deny, Audience::Guest), []);
}

#[test]
fn least_privilege_statements_still_build() {
    let table = "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/Photos";
    let mut owner = statement(
        &[
            "dynamodb:GetItem",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
            "dynamodb:Query",
        ],
        &[table],
    );
    owner.conditions.insert(
        "ForAllValues:StringEquals".into(),
        [(
            "dynamodb:LeadingKeys".to_string(),
            ConditionValue::Many(vec!["${cognito-identity.amazonaws.com:sub}".into()]),
        )]
        .into(),
    );
    assert_eq!(
        messages(&owner, Audience::Authenticated),
        Vec::<String>::new()
    );
    assert_eq!(messages(&owner, Audience::Group), Vec::<String>::new());
    let guest_read = statement(
        &[
            "dynamodb:GetItem",
            "dynamodb:Query",
            "dynamodb:BatchGetItem",
        ],
        &[table],
    );
    assert_eq!(messages(&guest_read, Audience::Guest), Vec::<String>::new());
    let pool = "arn:${AWS::Partition}:cognito-idp:${AWS::Region}:${AWS::AccountId}:userpool/eu-west-1_AbCdEf123";
    let admins = statement(
        &["cognito-idp:ListUsers", "cognito-idp:ListUsersInGroup"],
        &[pool],
    );
    assert_eq!(messages(&admins, Audience::Group), Vec::<String>::new());
    let stream = "arn:${AWS::Partition}:kinesis:${AWS::Region}:${AWS::AccountId}:stream/clicks";
    let put = statement(&["kinesis:PutRecord", "kinesis:PutRecords"], &[stream]);
    assert_eq!(
        messages(&put, Audience::Authenticated),
        Vec::<String>::new()
    );
    let secret = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/public-config-AbCdEf";
    let one_secret = statement(&["secretsmanager:GetSecretValue"], &[secret]);
    assert_eq!(messages(&one_secret, Audience::Group), Vec::<String>::new());
    let mut scoped = statement(&["s3:ListBucket"], &["arn:aws:s3:::assets"]);
    scoped.conditions.insert(
        "StringLike".into(),
        [(
            "s3:prefix".to_string(),
            ConditionValue::One("public/*".into()),
        )]
        .into(),
    );
    assert_eq!(
        messages(&scoped, Audience::Authenticated),
        Vec::<String>::new()
    );
    // Calling an API is a Write in AWS's catalogue: guests get routes through the API's
    // `allow: [guest]`, never through a statement.
    let invoke =
        "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:abc123/dev/GET/items";
    let call = statement(&["execute-api:Invoke"], &[invoke]);
    assert_eq!(
        messages(&call, Audience::Authenticated),
        Vec::<String>::new()
    );
    assert_eq!(messages(&call, Audience::Guest).len(), 1);
}
