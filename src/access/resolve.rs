//! Symbolic resolution of CloudFormation intrinsics, so policy documents can be evaluated
//! before anything is deployed.
//!
//! Pseudo parameters get fixed stand-ins (partition `aws`, region `us-east-1`, account
//! `111122223333`); every resource gets a stable symbolic name derived from its logical id (or
//! from its name property when that resolves), and its ARN is built from that name the way
//! AWS builds it. Two different resources never share a name, so a grant on one never matches
//! a request on another. What cannot be resolved (`Fn::ImportValue`, `Fn::If`, a `Ref` to
//! nothing) is `None`: the evaluator treats it as unknown and fails closed.

use serde_json::{Map, Value};

pub const PARTITION: &str = "aws";
pub const REGION: &str = "us-east-1";
pub const ACCOUNT_ID: &str = "111122223333";
pub const STACK_NAME: &str = "stack";
pub const URL_SUFFIX: &str = "amazonaws.com";

/// How deep references may chain (a `Ref` to a bucket whose name is a `Fn::Sub`…).
const MAX_DEPTH: usize = 16;

/// Resolves intrinsics against one template.
#[derive(Debug, Clone, Copy)]
pub struct Resolver<'a> {
    resources: Option<&'a Map<String, Value>>,
    parameters: Option<&'a Map<String, Value>>,
}

/// The resources of a template (empty when it has none), with their logical ids.
pub fn resources(template: &Value) -> impl Iterator<Item = (&String, &Value)> {
    template
        .get("Resources")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
}

/// A resource's `Type`, or "".
pub fn resource_type(resource: &Value) -> &str {
    resource.get("Type").and_then(Value::as_str).unwrap_or("")
}

/// A resource's `Properties` entry `key`, if any.
pub fn property<'v>(resource: &'v Value, key: &str) -> Option<&'v Value> {
    resource.get("Properties").and_then(|p| p.get(key))
}

impl<'a> Resolver<'a> {
    pub fn new(template: &'a Value) -> Self {
        Resolver {
            resources: template.get("Resources").and_then(Value::as_object),
            parameters: template.get("Parameters").and_then(Value::as_object),
        }
    }

    fn resource(&self, logical: &str) -> Option<&'a Value> {
        self.resources.and_then(|r| r.get(logical))
    }

    /// A scalar value as a string: literals as written, intrinsics resolved.
    pub fn resolve(&self, value: &Value) -> Option<String> {
        self.scalar(value, 0)
    }

    /// A string or a list of strings (a policy's `Action`, `Resource`, condition values).
    pub fn resolve_list(&self, value: &Value) -> Vec<Option<String>> {
        match value {
            Value::Array(items) => items.iter().map(|v| self.resolve(v)).collect(),
            other => vec![self.resolve(other)],
        }
    }

    /// What `Ref` of a logical id (or pseudo parameter) returns.
    pub fn reference(&self, name: &str) -> Option<String> {
        self.reference_at(name, 0)
    }

    /// What `Fn::GetAtt` of a resource's attribute returns.
    pub fn attribute(&self, logical: &str, attr: &str) -> Option<String> {
        self.attribute_at(logical, attr, 0)
    }

    fn scalar(&self, value: &Value, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        match value {
            Value::String(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Number(n) => Some(n.to_string()),
            Value::Object(map) if map.len() == 1 => {
                let (function, arg) = map.iter().next()?;
                self.intrinsic(function, arg, depth + 1)
            }
            _ => None,
        }
    }

    fn intrinsic(&self, function: &str, arg: &Value, depth: usize) -> Option<String> {
        match function {
            "Ref" => self.reference_at(arg.as_str()?, depth),
            "Fn::GetAtt" => {
                let (logical, attr) = match arg {
                    Value::Array(parts) if parts.len() == 2 => (
                        parts[0].as_str()?.to_string(),
                        self.scalar(&parts[1], depth)?,
                    ),
                    Value::String(dotted) => {
                        let (l, a) = dotted.split_once('.')?;
                        (l.to_string(), a.to_string())
                    }
                    _ => return None,
                };
                self.attribute_at(&logical, &attr, depth)
            }
            "Fn::Sub" => match arg {
                Value::String(text) => self.sub(text, None, depth),
                Value::Array(parts) if parts.len() == 2 => {
                    self.sub(parts[0].as_str()?, parts[1].as_object(), depth)
                }
                _ => None,
            },
            "Fn::Join" => {
                let parts = arg.as_array().filter(|p| p.len() == 2)?;
                let delimiter = parts[0].as_str()?;
                let items = parts[1].as_array()?;
                let resolved: Option<Vec<String>> =
                    items.iter().map(|i| self.scalar(i, depth)).collect();
                Some(resolved?.join(delimiter))
            }
            "Fn::Select" => {
                let parts = arg.as_array().filter(|p| p.len() == 2)?;
                let index: usize = self.scalar(&parts[0], depth)?.parse().ok()?;
                self.scalar(parts[1].as_array()?.get(index)?, depth)
            }
            _ => None,
        }
    }

    /// `Fn::Sub`: `${AWS::…}`, `${Logical}`, `${Logical.Attr}`, `${var}` from the map, and
    /// `${!text}` → the literal `${text}` (an IAM policy variable, left for IAM).
    fn sub(&self, text: &str, vars: Option<&Map<String, Value>>, depth: usize) -> Option<String> {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[start..]);
                return Some(out);
            };
            let name = &after[..end];
            if let Some(literal) = name.strip_prefix('!') {
                out.push_str("${");
                out.push_str(literal);
                out.push('}');
            } else if let Some(v) = vars.and_then(|m| m.get(name)) {
                out.push_str(&self.scalar(v, depth)?);
            } else if let Some((logical, attr)) =
                name.split_once('.').filter(|_| !name.starts_with("AWS::"))
            {
                out.push_str(&self.attribute_at(logical, attr, depth)?);
            } else {
                out.push_str(&self.reference_at(name, depth)?);
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Some(out)
    }

    fn reference_at(&self, name: &str, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        match name {
            "AWS::Partition" => return Some(PARTITION.into()),
            "AWS::Region" => return Some(REGION.into()),
            "AWS::AccountId" => return Some(ACCOUNT_ID.into()),
            "AWS::StackName" => return Some(STACK_NAME.into()),
            "AWS::URLSuffix" => return Some(URL_SUFFIX.into()),
            "AWS::StackId" => {
                return Some(format!(
                    "arn:{PARTITION}:cloudformation:{REGION}:{ACCOUNT_ID}:stack/{STACK_NAME}/id"
                ));
            }
            _ => {}
        }
        if let Some(p) = self.parameters.and_then(|p| p.get(name)) {
            return self.scalar(p.get("Default")?, depth + 1);
        }
        let resource = self.resource(name)?;
        let named = |key: &str| {
            property(resource, key)
                .and_then(|v| self.scalar(v, depth + 1))
                .unwrap_or_else(|| format!("{STACK_NAME}-{name}"))
        };
        Some(match resource_type(resource) {
            "AWS::S3::Bucket" => property(resource, "BucketName")
                .and_then(|v| self.scalar(v, depth + 1))
                .unwrap_or_else(|| format!("{STACK_NAME}-{}", name.to_lowercase())),
            "AWS::IAM::Role" => named("RoleName"),
            "AWS::IAM::ManagedPolicy" => format!(
                "arn:{PARTITION}:iam::{ACCOUNT_ID}:policy/{}",
                named("ManagedPolicyName")
            ),
            "AWS::Lambda::Function" => named("FunctionName"),
            "AWS::ApiGateway::RestApi" => format!("api{}", name.to_lowercase()),
            "AWS::Cognito::IdentityPool" => format!("{REGION}:{}", name.to_lowercase()),
            "AWS::Cognito::UserPool" => format!("{REGION}_{name}"),
            _ => name.to_string(),
        })
    }

    fn attribute_at(&self, logical: &str, attr: &str, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        let resource = self.resource(logical)?;
        let kind = resource_type(resource);
        let reference = || self.reference_at(logical, depth + 1);
        let value = match (kind, attr) {
            ("AWS::S3::Bucket", "Arn") => format!("arn:{PARTITION}:s3:::{}", reference()?),
            ("AWS::S3::Bucket", "DomainName") => format!("{}.s3.{URL_SUFFIX}", reference()?),
            ("AWS::IAM::Role", "Arn") => {
                format!("arn:{PARTITION}:iam::{ACCOUNT_ID}:role/{}", reference()?)
            }
            ("AWS::Lambda::Function", "Arn") => format!(
                "arn:{PARTITION}:lambda:{REGION}:{ACCOUNT_ID}:function:{}",
                reference()?
            ),
            ("AWS::Cognito::UserPool", "Arn") => format!(
                "arn:{PARTITION}:cognito-idp:{REGION}:{ACCOUNT_ID}:userpool/{}",
                reference()?
            ),
            ("AWS::Cognito::UserPool", "ProviderName") => {
                format!("cognito-idp.{REGION}.{URL_SUFFIX}/{}", reference()?)
            }
            ("AWS::Logs::LogGroup", "Arn") => format!(
                "arn:{PARTITION}:logs:{REGION}:{ACCOUNT_ID}:log-group:{}:*",
                property(resource, "LogGroupName")
                    .and_then(|v| self.scalar(v, depth + 1))
                    .unwrap_or_else(|| format!("{STACK_NAME}-{logical}"))
            ),
            (_, "Arn") => {
                // `AWS::DynamoDB::Table` → service `dynamodb`: distinct from every other
                // resource, which is all the evaluator needs.
                let service = kind.split("::").nth(1).unwrap_or("unknown").to_lowercase();
                format!("arn:{PARTITION}:{service}:{REGION}:{ACCOUNT_ID}:{STACK_NAME}/{logical}")
            }
            _ => format!("{logical}.{attr}"),
        };
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn template() -> Value {
        json!({
            "Parameters": {"Stage": {"Type": "String", "Default": "dev"}, "Bare": {"Type": "String"}},
            "Resources": {
                "Bucket": {"Type": "AWS::S3::Bucket", "Properties": {
                    "BucketName": {"Fn::Sub": "photos-${AWS::AccountId}"}}},
                "Unnamed": {"Type": "AWS::S3::Bucket"},
                "Api": {"Type": "AWS::ApiGateway::RestApi"},
                "Role": {"Type": "AWS::IAM::Role"},
                "Table": {"Type": "AWS::DynamoDB::Table"}
            }
        })
    }

    #[test]
    fn pseudo_parameters_and_references_get_stand_ins() {
        let t = template();
        let r = Resolver::new(&t);
        assert_eq!(
            r.resolve(&json!({"Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}/x/*"})),
            Some("arn:aws:s3:::photos-111122223333/x/*".into())
        );
        assert_eq!(
            r.resolve(&json!({"Fn::Sub": "${Bucket.Arn}/*"})),
            Some("arn:aws:s3:::photos-111122223333/*".into())
        );
        assert_eq!(
            r.resolve(&json!({"Fn::GetAtt": ["Unnamed", "Arn"]})),
            Some("arn:aws:s3:::stack-unnamed".into())
        );
        assert_eq!(
            r.resolve(&json!({"Fn::Sub": "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/dev/GET/x"})),
            Some("arn:aws:execute-api:us-east-1:111122223333:apiapi/dev/GET/x".into())
        );
        assert_eq!(
            r.resolve(&json!({"Fn::GetAtt": "Role.Arn"})),
            Some("arn:aws:iam::111122223333:role/stack-Role".into())
        );
        assert_eq!(r.resolve(&json!({"Ref": "Stage"})), Some("dev".into()));
        assert_eq!(
            r.resolve(&json!({"Fn::GetAtt": ["Table", "Arn"]})),
            Some("arn:aws:dynamodb:us-east-1:111122223333:stack/Table".into())
        );
    }

    #[test]
    fn escaped_variables_stay_literal_for_iam() {
        let t = template();
        let r = Resolver::new(&t);
        assert_eq!(
            r.resolve(
                &json!({"Fn::Sub": "${Bucket}/private/${!cognito-identity.amazonaws.com:sub}/*"})
            ),
            Some("photos-111122223333/private/${cognito-identity.amazonaws.com:sub}/*".into())
        );
        assert_eq!(
            r.resolve(&json!({"Fn::Sub": ["${A}-${B}", {"A": "x", "B": {"Ref": "AWS::Region"}}]})),
            Some("x-us-east-1".into())
        );
        assert_eq!(
            r.resolve(&json!({"Fn::Join": ["/", ["a", {"Ref": "AWS::AccountId"}]]})),
            Some("a/111122223333".into())
        );
    }

    #[test]
    fn what_cannot_be_known_is_none() {
        let t = template();
        let r = Resolver::new(&t);
        assert_eq!(r.resolve(&json!({"Fn::ImportValue": "x"})), None);
        assert_eq!(r.resolve(&json!({"Ref": "Missing"})), None);
        assert_eq!(r.resolve(&json!({"Ref": "Bare"})), None);
        assert_eq!(r.resolve(&json!({"Fn::Sub": "${Missing}/x"})), None);
        assert_eq!(r.resolve(&json!({"Fn::GetAtt": ["Missing", "Arn"]})), None);
        assert_eq!(
            r.resolve_list(&json!(["a", {"Fn::If": ["C", "x", "y"]}])),
            vec![Some("a".into()), None]
        );
    }
}
