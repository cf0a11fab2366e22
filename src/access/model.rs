//! Who gets credentials from a rendered template, and which statements apply to each of them.
//!
//! Principals are read from the template, never from the configuration: the identity pool's
//! role attachment (`authenticated`, `unauthenticated`), each user pool group's `RoleArn`, and,
//! when the attachment maps roles from tokens, the signed-in user in no group, whose token
//! names no role: its `AmbiguousRoleResolution` gives it the authenticated role or nothing.
//! A role's statements are its inline `Policies`, every `AWS::IAM::ManagedPolicy` /
//! `AWS::IAM::Policy` whose `Roles` names it (and `AWS::IAM::RolePolicy`, and managed policies
//! of the template listed in its `ManagedPolicyArns`). Resource-based policies of the template
//! (bucket policies, a REST API's `Policy`) apply to requests on their resource. A role's
//! `PermissionsBoundary`, when it is a managed policy of the template, caps what it allows.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::policy::{self, Context, Decision, Evaluation, Request, Statement};
use super::resolve::{ACCOUNT_ID, PARTITION, REGION, Resolver, property, resource_type, resources};

/// What kind of audience a principal is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Guest,
    Authenticated,
    /// A signed-in user who belongs to no group (only when groups' roles come from tokens).
    NoGroup,
    Group,
    /// A project function's execution role (not an identity-pool role).
    Function,
}

/// The name of the [`Kind::NoGroup`] principal, as the matrix prints it.
pub const NO_GROUP: &str = "signed in, no group";

/// An identity-pool role and the audience that receives it.
#[derive(Debug, Clone, Serialize)]
pub struct Principal {
    /// `guest`, `authenticated`, [`NO_GROUP`], or the group's name.
    pub name: String,
    pub kind: Kind,
    /// The role's logical id; `None` when the audience gets no credentials.
    pub role: Option<String>,
    /// For [`Kind::NoGroup`]: the role mappings' `AmbiguousRoleResolution` that decided it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
    #[serde(skip)]
    pub role_arn: String,
}

/// A resource-based policy and the ARNs it governs (the resource itself, and below it).
#[derive(Debug, Clone)]
struct ResourcePolicy {
    resource: String,
    separator: char,
    statements: Vec<Statement>,
}

impl ResourcePolicy {
    fn covers(&self, arn: &str) -> bool {
        arn == self.resource
            || arn
                .strip_prefix(&self.resource)
                .is_some_and(|rest| rest.starts_with(self.separator))
    }
}

/// The principals of a template and the statements that apply to each.
#[derive(Debug, Clone)]
pub struct Model {
    pub principals: Vec<Principal>,
    /// Role logical id → its identity-based statements.
    identity: BTreeMap<String, Vec<Statement>>,
    /// Role logical id → the statements of its permissions boundary (a managed policy of the
    /// template): the most its identity-based statements can grant.
    boundaries: BTreeMap<String, Vec<Statement>>,
    resource_policies: Vec<ResourcePolicy>,
    /// The identity pool id the roles' sessions carry (`cognito-identity.amazonaws.com:aud`).
    identity_pool: Option<String>,
    /// What the model could not take into account (printed as warnings).
    pub notes: Vec<String>,
}

fn of_type<'t>(template: &'t Value, kinds: &[&str]) -> Vec<(&'t String, &'t Value)> {
    // Resources are a map: iterating it is in key order without `preserve_order`, in
    // document order with it; sort so the result never depends on either.
    let mut out: Vec<(&String, &Value)> = resources(template)
        .filter(|(_, r)| kinds.contains(&resource_type(r)))
        .collect();
    out.sort_by(|a, b| a.0.cmp(b.0));
    out
}

fn list(value: Option<&Value>) -> Vec<&Value> {
    match value {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(other) => vec![other],
        None => Vec::new(),
    }
}

/// The signed-in user in no group, when the attachment maps roles from tokens: with unique
/// group precedences every member's token names a role, so only this user is "ambiguous" and
/// gets what the mappings' `AmbiguousRoleResolution` says: the authenticated role, or no
/// credentials (`Deny`). Mappings that disagree are noted; the principal then gets the
/// authenticated role, the most any app client hands out.
fn no_group(
    id: &str,
    attachment: &Value,
    r: &Resolver,
    authenticated: Option<Principal>,
    notes: &mut Vec<String>,
) -> Option<Principal> {
    let mappings = property(attachment, "RoleMappings").and_then(Value::as_object)?;
    let mut resolutions = std::collections::BTreeSet::new();
    for (key, mapping) in mappings {
        if mapping.get("Type").and_then(Value::as_str) != Some("Token") {
            continue;
        }
        match mapping.get("AmbiguousRoleResolution").and_then(|v| r.resolve(v)) {
            Some(v) if v == "AuthenticatedRole" || v == "Deny" => {
                resolutions.insert(v);
            }
            other => notes.push(format!(
                "{id}: mapping {key} has AmbiguousRoleResolution {}; users in no group are not evaluated for it",
                other.as_deref().unwrap_or("(none)")
            )),
        }
    }
    if resolutions.len() > 1 {
        notes.push(format!(
            "{id}: app clients disagree on what users in no group get (AuthenticatedRole and Deny); `{NO_GROUP}` shows the authenticated role"
        ));
    }
    let resolution = if resolutions.contains("AuthenticatedRole") {
        "AuthenticatedRole"
    } else if resolutions.contains("Deny") {
        "Deny"
    } else {
        return None;
    };
    let role = authenticated.filter(|_| resolution == "AuthenticatedRole");
    Some(Principal {
        name: NO_GROUP.into(),
        kind: Kind::NoGroup,
        role_arn: role
            .as_ref()
            .map(|p| p.role_arn.clone())
            .unwrap_or_default(),
        role: role.and_then(|p| p.role),
        resolution: Some(resolution.into()),
    })
}

impl Model {
    /// Adds the function `logical` of the template as the principal `name`, with its
    /// execution role; a function whose role is not in the template is noted and left out.
    pub fn add_function(&mut self, template: &Value, name: &str, logical: &str) {
        let r = Resolver::new(template);
        let role = template
            .get("Resources")
            .and_then(|res| res.get(logical))
            .and_then(|f| property(f, "Role"))
            .and_then(|v| r.resolve(v))
            .and_then(|arn| {
                of_type(template, &["AWS::IAM::Role"])
                    .into_iter()
                    .find(|(id, _)| r.attribute(id, "Arn").as_deref() == Some(arn.as_str()))
                    .map(|(id, _)| id.clone())
            });
        match role {
            Some(role) => self.principals.push(Principal {
                name: name.to_string(),
                kind: Kind::Function,
                role_arn: r.attribute(&role, "Arn").unwrap_or_default(),
                role: Some(role),
                resolution: None,
            }),
            None => self.notes.push(format!(
                "{logical}: its execution role is not in the template; it is not evaluated"
            )),
        }
    }

    pub fn from_template(template: &Value) -> Model {
        let r = Resolver::new(template);
        let mut notes = Vec::new();

        // Roles by ARN and by name, as `Ref` / `Fn::GetAtt … Arn` resolve them.
        let roles = of_type(template, &["AWS::IAM::Role"]);
        let mut by_arn: BTreeMap<String, String> = BTreeMap::new();
        let mut by_name: BTreeMap<String, String> = BTreeMap::new();
        for (id, _) in &roles {
            if let Some(arn) = r.attribute(id, "Arn") {
                by_arn.insert(arn, (*id).clone());
            }
            if let Some(name) = r.reference(id) {
                by_name.insert(name, (*id).clone());
            }
        }
        let role_of = |value: &Value, what: &str, notes: &mut Vec<String>| {
            let found = r.resolve(value).and_then(|arn| by_arn.get(&arn).cloned());
            if found.is_none() {
                notes.push(format!(
                    "{what} names a role that is not in the template; it is not evaluated"
                ));
            }
            found
        };

        let mut principals = Vec::new();
        let attachments = of_type(template, &["AWS::Cognito::IdentityPoolRoleAttachment"]);
        let mut identity_pool = None;
        if let Some((id, attachment)) = attachments.first() {
            if attachments.len() > 1 {
                notes.push(format!(
                    "the template has {} identity pool role attachments; only {id} is evaluated",
                    attachments.len()
                ));
            }
            identity_pool = property(attachment, "IdentityPoolId").and_then(|v| r.resolve(v));
            let roles = property(attachment, "Roles");
            for (key, name, kind) in [
                ("unauthenticated", "guest", Kind::Guest),
                ("authenticated", "authenticated", Kind::Authenticated),
            ] {
                if let Some(v) = roles.and_then(|m| m.get(key))
                    && let Some(role) = role_of(v, &format!("{id} ({key})"), &mut notes)
                {
                    principals.push(Principal {
                        name: name.into(),
                        kind,
                        role_arn: r.attribute(&role, "Arn").unwrap_or_default(),
                        role: Some(role),
                        resolution: None,
                    });
                }
            }
            if property(attachment, "RoleMappings")
                .and_then(Value::as_object)
                .is_some_and(|m| {
                    m.values()
                        .any(|mapping| mapping.get("Type").and_then(Value::as_str) == Some("Rules"))
                })
            {
                notes.push(format!(
                    "{id} maps roles with rules; only group roles (Token mappings) are evaluated"
                ));
            }
            let authenticated = principals
                .iter()
                .find(|p| p.kind == Kind::Authenticated)
                .cloned();
            if let Some(p) = no_group(id, attachment, &r, authenticated, &mut notes) {
                principals.push(p);
            }
        }
        let mut groups = Vec::new();
        for (id, group) in of_type(template, &["AWS::Cognito::UserPoolGroup"]) {
            let Some(arn) = property(group, "RoleArn") else {
                continue; // members get the authenticated role
            };
            if let Some(role) = role_of(arn, id, &mut notes) {
                let name = property(group, "GroupName")
                    .and_then(|v| r.resolve(v))
                    .unwrap_or_else(|| id.clone());
                groups.push(Principal {
                    name,
                    kind: Kind::Group,
                    role_arn: r.attribute(&role, "Arn").unwrap_or_default(),
                    role: Some(role),
                    resolution: None,
                });
            }
        }
        groups.sort_by(|a, b| a.name.cmp(&b.name));
        principals.extend(groups);

        // Identity-based statements of every role.
        let mut identity: BTreeMap<String, Vec<Statement>> = BTreeMap::new();
        let mut boundaries: BTreeMap<String, Vec<Statement>> = BTreeMap::new();
        let managed = of_type(template, &["AWS::IAM::ManagedPolicy"]);
        for (id, role) in &roles {
            let statements = identity.entry((*id).clone()).or_default();
            for (i, inline) in list(property(role, "Policies")).into_iter().enumerate() {
                let name = inline
                    .get("PolicyName")
                    .and_then(|n| r.resolve(n))
                    .unwrap_or_else(|| i.to_string());
                let source = format!("{id}.Policies.{name}");
                match inline.get("PolicyDocument") {
                    Some(doc) => {
                        statements.extend(policy::parse_document(doc, &source, &r, &mut notes))
                    }
                    None => notes.push(format!("{source} has no PolicyDocument")),
                }
            }
            for arn in list(property(role, "ManagedPolicyArns")) {
                let resolved = r.resolve(arn);
                match managed
                    .iter()
                    .find(|(mid, _)| r.reference(mid).is_some() && r.reference(mid) == resolved)
                {
                    Some((mid, mp)) => {
                        if let Some(doc) = property(mp, "PolicyDocument") {
                            statements.extend(policy::parse_document(doc, mid, &r, &mut notes));
                        }
                    }
                    None => notes.push(format!(
                        "{id} attaches the managed policy {}, which is not in the template; it is not evaluated",
                        resolved.as_deref().unwrap_or("(unresolved)")
                    )),
                }
            }
            if let Some(arn) = property(role, "PermissionsBoundary") {
                let resolved = r.resolve(arn);
                match managed
                    .iter()
                    .find(|(mid, _)| r.reference(mid).is_some() && r.reference(mid) == resolved)
                {
                    Some((mid, mp)) => {
                        let doc = property(mp, "PolicyDocument").unwrap_or(&Value::Null);
                        let source = format!("{mid} (permissions boundary)");
                        boundaries.insert(
                            (*id).clone(),
                            policy::parse_document(doc, &source, &r, &mut notes),
                        );
                    }
                    None => notes.push(format!(
                        "{id} has the permissions boundary {}, which is not in the template; it is not evaluated",
                        resolved.as_deref().unwrap_or("(unresolved)")
                    )),
                }
            }
        }
        let attached = of_type(
            template,
            &[
                "AWS::IAM::ManagedPolicy",
                "AWS::IAM::Policy",
                "AWS::IAM::RolePolicy",
            ],
        );
        for (id, p) in attached {
            let targets: Vec<&Value> = if resource_type(p) == "AWS::IAM::RolePolicy" {
                property(p, "RoleName").into_iter().collect()
            } else {
                list(property(p, "Roles"))
            };
            let Some(doc) = property(p, "PolicyDocument") else {
                continue;
            };
            for target in targets {
                let role = r.resolve(target).and_then(|n| by_name.get(&n));
                match role {
                    Some(role) => identity
                        .entry(role.clone())
                        .or_default()
                        .extend(policy::parse_document(doc, id, &r, &mut notes)),
                    None => notes.push(format!(
                        "{id} is attached to a role that is not in the template"
                    )),
                }
            }
        }

        // Resource-based policies.
        let mut resource_policies = Vec::new();
        for (id, p) in of_type(template, &["AWS::S3::BucketPolicy"]) {
            let (Some(bucket), Some(doc)) = (
                property(p, "Bucket").and_then(|b| r.resolve(b)),
                property(p, "PolicyDocument"),
            ) else {
                notes.push(format!(
                    "{id}: bucket or document unresolved; not evaluated"
                ));
                continue;
            };
            resource_policies.push(ResourcePolicy {
                resource: format!("arn:{PARTITION}:s3:::{bucket}"),
                separator: '/',
                statements: policy::parse_document(doc, id, &r, &mut notes),
            });
        }
        for (id, api) in of_type(template, &["AWS::ApiGateway::RestApi"]) {
            if let (Some(doc), Some(api_id)) = (property(api, "Policy"), r.reference(id)) {
                resource_policies.push(ResourcePolicy {
                    resource: format!("arn:{PARTITION}:execute-api:{REGION}:{ACCOUNT_ID}:{api_id}"),
                    separator: '/',
                    statements: policy::parse_document(doc, id, &r, &mut notes),
                });
            }
        }

        notes.sort();
        notes.dedup();
        Model {
            principals,
            identity,
            boundaries,
            resource_policies,
            identity_pool,
            notes,
        }
    }

    /// Evaluates a request made with `principal`'s credentials. The context gets what an
    /// identity-pool session carries (unless the request sets it): TLS, the role's ARN, the
    /// account, the pool (`aud`) and the kind of identity (`amr`).
    pub fn evaluate(&self, principal: &Principal, request: &Request) -> Evaluation {
        let Some(role) = &principal.role else {
            return Evaluation {
                decision: Decision::NoCredentials,
                by: principal
                    .resolution
                    .iter()
                    .map(|r| format!("AmbiguousRoleResolution: {r}"))
                    .collect(),
            };
        };
        let mut request = request.clone();
        let ctx: &mut Context = &mut request.context;
        ctx.default_to("aws:SecureTransport", &["true"]);
        ctx.default_to("aws:PrincipalArn", &[&principal.role_arn]);
        ctx.default_to("aws:PrincipalAccount", &[ACCOUNT_ID]);
        // Only identity-pool sessions carry Cognito's keys; a function's role has none.
        if principal.kind != Kind::Function {
            ctx.default_to(
                "cognito-identity.amazonaws.com:amr",
                &[if principal.kind == Kind::Guest {
                    "unauthenticated"
                } else {
                    "authenticated"
                }],
            );
            if let Some(pool) = &self.identity_pool {
                ctx.default_to("cognito-identity.amazonaws.com:aud", &[pool]);
            }
        }
        let identity = self
            .identity
            .get(role)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let resource = self
            .resource_policies
            .iter()
            .filter(|p| p.covers(&request.resource))
            .flat_map(|p| &p.statements);
        let evaluation = policy::evaluate(
            identity.iter().chain(resource),
            &request,
            &principal.role_arn,
        );
        // A permissions boundary caps what the role's own policies allow: an allow stands only
        // where the boundary allows too (a simplification that also caps resource-policy grants,
        // which only makes the matrix stricter).
        match self.boundaries.get(role) {
            Some(boundary) if evaluation.decision == Decision::Allow => {
                let capped = policy::evaluate(boundary.iter(), &request, &principal.role_arn);
                if capped.decision == Decision::Allow {
                    evaluation
                } else {
                    let mut by = capped.by;
                    if by.is_empty() {
                        by.push(format!("{role}: outside its permissions boundary"));
                    }
                    Evaluation {
                        decision: capped.decision,
                        by,
                    }
                }
            }
            _ => evaluation,
        }
    }

    pub fn principal(&self, name: &str) -> Option<&Principal> {
        self.principals.iter().find(|p| p.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::policy::Decision;
    use serde_json::json;

    fn template() -> Value {
        json!({"Resources": {
            "Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "b"}},
            "BucketPolicy": {"Type": "AWS::S3::BucketPolicy", "Properties": {
                "Bucket": {"Ref": "Bucket"},
                "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                    {"Effect": "Deny", "Principal": "*", "Action": "s3:*",
                     "Resource": [{"Fn::GetAtt": ["Bucket", "Arn"]}, {"Fn::Sub": "${Bucket.Arn}/*"}],
                     "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
                    {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "s3:DeleteObject",
                     "Resource": {"Fn::Sub": "${Bucket.Arn}/locked/*"}}
                ]}}},
            "AuthRole": {"Type": "AWS::IAM::Role", "Properties": {
                "Policies": [{"PolicyName": "Inline", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                    {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject",
                     "Resource": {"Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}/*"}}
                ]}}]}},
            "GuestRole": {"Type": "AWS::IAM::Role"},
            "AdminRole": {"Type": "AWS::IAM::Role"},
            "Pool": {"Type": "AWS::Cognito::IdentityPool"},
            "Attachment": {"Type": "AWS::Cognito::IdentityPoolRoleAttachment", "Properties": {
                "IdentityPoolId": {"Ref": "Pool"},
                "Roles": {
                    "authenticated": {"Fn::GetAtt": ["AuthRole", "Arn"]},
                    "unauthenticated": {"Fn::GetAtt": ["GuestRole", "Arn"]}
                }}},
            "Admins": {"Type": "AWS::Cognito::UserPoolGroup", "Properties": {
                "GroupName": "ADMINS", "RoleArn": {"Fn::GetAtt": ["AdminRole", "Arn"]}}},
            "Plain": {"Type": "AWS::Cognito::UserPoolGroup", "Properties": {"GroupName": "PLAIN"}},
            "AdminPolicy": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {
                "Roles": [{"Ref": "AdminRole"}],
                "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:DeleteObject"],
                     "Resource": {"Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}/*"}}
                ]}}},
            "GuestPolicy": {"Type": "AWS::IAM::Policy", "Properties": {
                "PolicyName": "g", "Roles": [{"Ref": "GuestRole"}],
                "PolicyDocument": {"Version": "2012-10-17", "Statement": {
                    "Effect": "Allow", "Action": "s3:GetObject",
                    "Resource": "arn:aws:s3:::b/public/*",
                    "Condition": {"ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "unauthenticated"}}
                }}}}
        }})
    }

    fn request(action: &str, resource: &str) -> Request {
        Request {
            action: action.into(),
            resource: resource.into(),
            context: Context::new(),
        }
    }

    #[test]
    fn principals_come_from_the_attachment_and_groups() {
        let m = Model::from_template(&template());
        let names: Vec<(&str, &str)> = m
            .principals
            .iter()
            .map(|p| (p.name.as_str(), p.role.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            names,
            [
                ("guest", "GuestRole"),
                ("authenticated", "AuthRole"),
                ("ADMINS", "AdminRole")
            ]
        );
        assert!(m.notes.is_empty(), "{:?}", m.notes);
    }

    #[test]
    fn inline_managed_and_resource_policies_all_count() {
        let m = Model::from_template(&template());
        let (guest, auth, admins) = (
            m.principal("guest").unwrap(),
            m.principal("authenticated").unwrap(),
            m.principal("ADMINS").unwrap(),
        );
        let get = request("s3:GetObject", "arn:aws:s3:::b/x");
        assert!(m.evaluate(auth, &get).decision.allowed(), "inline");
        assert!(m.evaluate(admins, &get).decision.allowed(), "managed");
        assert!(!m.evaluate(guest, &get).decision.allowed());
        let public = request("s3:GetObject", "arn:aws:s3:::b/public/x");
        assert!(
            m.evaluate(guest, &public).decision.allowed(),
            "AWS::IAM::Policy + amr"
        );
        let delete = request("s3:DeleteObject", "arn:aws:s3:::b/x");
        assert!(m.evaluate(admins, &delete).decision.allowed());
        assert!(!m.evaluate(auth, &delete).decision.allowed());
        // The bucket policy's deny covers its bucket only, and TLS is on.
        let locked = request("s3:DeleteObject", "arn:aws:s3:::b/locked/x");
        assert_eq!(m.evaluate(admins, &locked).decision, Decision::ExplicitDeny);
        let mut plain = get.clone();
        plain.context.set("aws:SecureTransport", "false");
        assert_eq!(m.evaluate(auth, &plain).decision, Decision::ExplicitDeny);
    }

    /// `template()` with a Token mapping per client, each resolving ambiguity as given.
    fn mapped(resolutions: &[Value]) -> Value {
        let mut t = template();
        let mappings: serde_json::Map<String, Value> = resolutions
            .iter()
            .enumerate()
            .map(|(i, r)| {
                (
                    format!("Client{i}"),
                    json!({"Type": "Token", "AmbiguousRoleResolution": r,
                           "IdentityProvider": format!("idp:client{i}")}),
                )
            })
            .collect();
        t["Resources"]["Attachment"]["Properties"]["RoleMappings"] = Value::Object(mappings);
        t
    }

    #[test]
    fn users_in_no_group_follow_the_ambiguous_role_resolution() {
        // No token mapping: nobody is told apart by group, so there is no such principal.
        assert!(
            Model::from_template(&template())
                .principal(NO_GROUP)
                .is_none()
        );

        let m = Model::from_template(&mapped(&[json!("AuthenticatedRole")]));
        let names: Vec<&str> = m.principals.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["guest", "authenticated", NO_GROUP, "ADMINS"]);
        let none = m.principal(NO_GROUP).unwrap();
        assert_eq!(none.role.as_deref(), Some("AuthRole"));
        let get = request("s3:GetObject", "arn:aws:s3:::b/x");
        assert_eq!(m.evaluate(none, &get).decision, Decision::Allow);
        let delete = request("s3:DeleteObject", "arn:aws:s3:::b/x");
        assert_eq!(m.evaluate(none, &delete).decision, Decision::ImplicitDeny);
        assert!(m.notes.is_empty(), "{:?}", m.notes);

        let m = Model::from_template(&mapped(&[json!("Deny")]));
        let none = m.principal(NO_GROUP).unwrap();
        assert_eq!(none.role, None);
        let e = m.evaluate(none, &get);
        assert_eq!(e.decision, Decision::NoCredentials);
        assert_eq!(e.decision.word(), "no credentials");
        assert_eq!(e.by, ["AmbiguousRoleResolution: Deny"]);
        // Group members and the role itself are unaffected.
        assert!(
            m.evaluate(m.principal("ADMINS").unwrap(), &get)
                .decision
                .allowed()
        );
        assert!(
            m.evaluate(m.principal("authenticated").unwrap(), &get)
                .decision
                .allowed()
        );
    }

    #[test]
    fn disagreeing_or_unknown_resolutions_are_noted() {
        let m = Model::from_template(&mapped(&[json!("Deny"), json!("AuthenticatedRole")]));
        assert_eq!(
            m.principal(NO_GROUP).unwrap().role.as_deref(),
            Some("AuthRole"),
            "the most any client hands out"
        );
        assert!(
            m.notes.iter().any(|n| n.contains("disagree")),
            "{:?}",
            m.notes
        );

        let m = Model::from_template(&mapped(&[json!({"Fn::If": ["C", "Deny", "x"]})]));
        assert!(m.principal(NO_GROUP).is_none());
        assert!(
            m.notes
                .iter()
                .any(|n| n.contains("AmbiguousRoleResolution (none)")),
            "{:?}",
            m.notes
        );
    }

    #[test]
    fn roles_outside_the_template_are_reported() {
        let mut t = template();
        t["Resources"]["Admins"]["Properties"]["RoleArn"] = json!("arn:aws:iam::1:role/x");
        t["Resources"]["AuthRole"]["Properties"]["ManagedPolicyArns"] =
            json!(["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
        let m = Model::from_template(&t);
        assert!(m.principal("ADMINS").is_none());
        assert_eq!(m.notes.len(), 2, "{:?}", m.notes);
    }
}
