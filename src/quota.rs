//! AWS quotas checked at build time: a template that CloudFormation, IAM or Cognito would refuse
//! at deploy time is fixed or refused here, with what to do about it.
//!
//! Policies that would overflow IAM's size limits are split deterministically rather than
//! refused: a managed policy over 6,144 characters becomes `<Id>`, `<Id>Part2`, … (statements
//! kept in order, packed greedily; a statement too large alone is first split by its
//! `Resource` list), and a role whose inline policies exceed 10,240 characters keeps its first
//! statements inline and moves the rest into managed policies `<RoleId><PolicyName>`,
//! `…Part2`, packed the same way. What splitting cannot fix (a statement too large on its own,
//! too many managed policies on a role, too many resources or outputs, a body over 1 MB) is an
//! error naming the limit, the measured number and what to do.
//!
//! Sizes are what IAM counts (the policy JSON without whitespace) *after* CloudFormation has
//! substituted its references, so each `${…}` or `Ref` counts as the longest value it can take
//! (see [`Sizer`]): a policy that fits here fits in every partition, Region and account.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde_json::{Map, Value, json};

// A stage of the pipeline (`crate::pipeline`) that looks only down: it knows templates as
// values and text, never the renderer.
use crate::ids::pascal;

/// Resources in one stack (CloudFormation).
pub const MAX_RESOURCES: usize = 500;
/// Outputs in one stack (CloudFormation).
pub const MAX_OUTPUTS: usize = 200;
/// Template body uploaded through S3: "1 MB", read as 1,000,000 bytes, the smaller reading
/// (cfn-lint's E1002 and CloudFormation's own message use it), so a template cogform accepts
/// is accepted whichever way the megabyte is counted.
pub const MAX_TEMPLATE_BYTES: usize = 1_000_000;
/// Template body passed inline (`--template-body`); larger ones must be uploaded to S3.
pub const MAX_INLINE_TEMPLATE_BYTES: usize = 51_200;
/// Characters of all inline policies of one role together (IAM).
pub const MAX_ROLE_INLINE_CHARS: usize = 10_240;
/// Characters of one managed policy (IAM).
pub const MAX_MANAGED_POLICY_CHARS: usize = 6_144;
/// Managed policies attached to one role (IAM's default quota; it can be raised to 20).
pub const MAX_MANAGED_POLICIES_PER_ROLE: usize = 10;
/// Groups in one user pool (Cognito).
pub const MAX_GROUPS_PER_POOL: usize = 10_000;

const MANAGED_POLICY: &str = "AWS::IAM::ManagedPolicy";
const ROLE: &str = "AWS::IAM::Role";

/// One quota a template exceeds, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub help: String,
}

/// Every quota one template exceeds (the command exits 2: the input asks for too much).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct QuotaError {
    /// The template, as `build/<env>.template.<ext>`.
    pub path: String,
    pub problems: Vec<Problem>,
}

impl fmt::Display for QuotaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "{} would exceed {} AWS quota{}; nothing was written",
            self.path,
            if n == 1 { "an" } else { "these" },
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.problems {
            write!(f, "\n  - {}\n    help: {}", p.message, p.help)?;
        }
        Ok(())
    }
}

/// `12345` → `12,345`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Splits the policies that would overflow IAM's size limits, then checks the count quotas.
/// Returns what splitting cannot fix (empty when the template fits).
pub fn fit(template: &mut Value) -> Vec<Problem> {
    let mut problems = Vec::new();
    let Some(Value::Object(resources)) = template.get_mut("Resources") else {
        return problems;
    };
    let sizer = Sizer::new(resources);
    move_inline_overflow(resources, &sizer, &mut problems);
    split_managed_policies(resources, &sizer, &mut problems);
    count_resources(resources, &mut problems);
    count_managed_policies_per_role(resources, &mut problems);
    count_groups_per_pool(resources, &mut problems);
    if let Some(Value::Object(outputs)) = template.get("Outputs")
        && outputs.len() > MAX_OUTPUTS
    {
        problems.push(Problem {
            message: format!(
                "{} outputs; CloudFormation allows at most {MAX_OUTPUTS} in one stack",
                thousands(outputs.len())
            ),
            help: "each API adds 3 outputs, each bucket and each app client 1: move some \
                   backend/api or backend/storage files into another cogform project (a \
                   second stack)"
                .into(),
        });
    }
    problems
}

/// Adds the body-size problem, if any, and fails when there is any problem.
pub fn check(path: &str, mut problems: Vec<Problem>, body_bytes: usize) -> Result<(), QuotaError> {
    if body_bytes > MAX_TEMPLATE_BYTES {
        problems.push(Problem {
            message: format!(
                "the template is {} bytes; CloudFormation accepts at most {} (1 MB, uploaded \
                 through S3)",
                thousands(body_bytes),
                thousands(MAX_TEMPLATE_BYTES)
            ),
            help: "move some backend/api or backend/storage files into another cogform \
                   project (a second stack)"
                .into(),
        });
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(QuotaError {
            path: path.to_string(),
            problems,
        })
    }
}

/// A note (not an error) for a template too large to pass inline with `--template-body`.
pub fn inline_note(path: &str, body_bytes: usize) -> Option<String> {
    (body_bytes > MAX_INLINE_TEMPLATE_BYTES).then(|| {
        format!(
            "note: {path} is {} bytes, over the {} bytes CloudFormation accepts inline \
             (`--template-body`)\n  help: deploy it with `aws cloudformation deploy \
             --s3-bucket BUCKET …`, which uploads it to S3 first (up to 1 MB)",
            thousands(body_bytes),
            thousands(MAX_INLINE_TEMPLATE_BYTES)
        )
    })
}

/// The characters IAM counts for `document` (a policy of `template`), at most.
pub fn policy_chars(template: &Value, document: &Value) -> usize {
    let empty = Map::new();
    let resources = template
        .get("Resources")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    Sizer::new(resources).size(document)
}

/// Upper bound of the characters IAM counts in a policy once CloudFormation has resolved it:
/// compact JSON, where a `Ref`, a `Fn::GetAtt` or a `${…}` of `Fn::Sub` counts as the longest
/// value it can resolve to. `${!…}` (an IAM variable) counts as written.
pub struct Sizer {
    /// Logical id → resource type.
    types: HashMap<String, String>,
}

/// Longest value of a `Ref` to a resource whose type is not listed below.
const UNKNOWN_REF: usize = 255;
/// Longest value of an attribute not listed below (the longest ARN IAM accepts).
const UNKNOWN_ATTRIBUTE: usize = 2048;
/// Longest bucket name (S3).
const BUCKET_NAME: usize = 63;

impl Sizer {
    fn new(resources: &Map<String, Value>) -> Self {
        let types = resources
            .iter()
            .filter_map(|(id, r)| Some((id.clone(), r.get("Type")?.as_str()?.to_string())))
            .collect();
        Sizer { types }
    }

    fn type_of(&self, id: &str) -> Option<&str> {
        self.types.get(id).map(String::as_str)
    }

    /// Longest value of `Ref: name` (pseudo parameter or resource).
    fn reference(&self, name: &str) -> usize {
        match name {
            "AWS::Partition" => "aws-us-gov".len(),
            "AWS::Region" => 16,
            "AWS::AccountId" => 12,
            "AWS::URLSuffix" => "amazonaws.com.cn".len(),
            "AWS::StackName" => 128,
            "AWS::NoValue" => 0,
            _ => match self.type_of(name) {
                Some("AWS::S3::Bucket") => BUCKET_NAME,
                Some("AWS::ApiGateway::RestApi") => 10,
                _ => UNKNOWN_REF,
            },
        }
    }

    /// Longest value of `Fn::GetAtt: [resource, attribute]`.
    fn attribute(&self, resource: &str, attribute: &str) -> usize {
        match (self.type_of(resource), attribute) {
            (Some("AWS::S3::Bucket"), "Arn") => "arn:aws-us-gov:s3:::".len() + BUCKET_NAME,
            _ => UNKNOWN_ATTRIBUTE,
        }
    }

    /// Longest text of an `Fn::Sub` string, JSON-escaped, without quotes.
    fn sub(&self, text: &str) -> usize {
        let mut n = 0;
        let mut rest = text;
        while let Some(i) = rest.find("${") {
            n += escaped_len(&rest[..i]);
            let after = &rest[i + 2..];
            let Some(j) = after.find('}') else {
                rest = &rest[i..];
                break;
            };
            let name = &after[..j];
            n += if name.starts_with('!') {
                escaped_len(name) + 3
            } else if let Some((resource, attribute)) = name.split_once('.') {
                self.attribute(resource, attribute)
            } else {
                self.reference(name)
            };
            rest = &after[j + 1..];
        }
        n + escaped_len(rest)
    }

    fn intrinsic(&self, map: &Map<String, Value>) -> Option<usize> {
        let (key, value) = map.iter().next()?;
        let text = match key.as_str() {
            "Ref" => self.reference(value.as_str()?),
            "Fn::GetAtt" => match value {
                Value::Array(a) => self.attribute(a.first()?.as_str()?, a.get(1)?.as_str()?),
                Value::String(s) => {
                    let (r, a) = s.split_once('.')?;
                    self.attribute(r, a)
                }
                _ => return None,
            },
            "Fn::Sub" => match value {
                Value::String(s) => self.sub(s),
                Value::Array(a) => self.sub(a.first()?.as_str()?) + UNKNOWN_ATTRIBUTE,
                _ => return None,
            },
            _ => return None,
        };
        Some(text + 2)
    }

    /// Characters of `value` as compact JSON, references resolved at their longest.
    pub fn size(&self, value: &Value) -> usize {
        match value {
            Value::Null => 4,
            Value::Bool(true) => 4,
            Value::Bool(false) => 5,
            Value::Number(n) => n.to_string().len(),
            Value::String(s) => escaped_len(s) + 2,
            Value::Array(items) => {
                2 + items.iter().map(|v| self.size(v)).sum::<usize>()
                    + items.len().saturating_sub(1)
            }
            Value::Object(map) => {
                if map.len() == 1
                    && let Some(n) = self.intrinsic(map)
                {
                    return n;
                }
                2 + map
                    .iter()
                    .map(|(k, v)| escaped_len(k) + 3 + self.size(v))
                    .sum::<usize>()
                    + map.len().saturating_sub(1)
            }
        }
    }
}

/// Characters of `s` inside a JSON string (escapes included).
fn escaped_len(s: &str) -> usize {
    s.chars()
        .map(|c| match c {
            '"' | '\\' | '\n' | '\r' | '\t' | '\u{8}' | '\u{c}' => 2,
            c if (c as u32) < 0x20 => 6,
            c => c.len_utf8(),
        })
        .sum()
}

/// The statements of a policy document, as a list.
fn statements_of(document: &Value) -> Vec<Value> {
    match document.get("Statement") {
        Some(Value::Array(items)) => items.clone(),
        Some(one @ Value::Object(_)) => vec![one.clone()],
        _ => Vec::new(),
    }
}

fn with_statements(document: &Value, statements: Vec<Value>) -> Value {
    let mut d = document.clone();
    if let Value::Object(m) = &mut d {
        m.insert("Statement".into(), Value::Array(statements));
    }
    d
}

/// A statement that does not fit in a policy even alone.
struct Oversized {
    sid: Option<String>,
    chars: usize,
}

impl Sizer {
    /// The statement, or the pieces of it (by `Resource`) that each fit in `capacity`.
    fn pieces(&self, statement: Value, capacity: usize) -> Result<Vec<Value>, Oversized> {
        let chars = self.size(&statement);
        if chars <= capacity {
            return Ok(vec![statement]);
        }
        let sid = statement
            .get("Sid")
            .and_then(Value::as_str)
            .map(str::to_string);
        let oversized = Oversized {
            sid: sid.clone(),
            chars,
        };
        let Some(Value::Array(resources)) = statement.get("Resource") else {
            return Err(oversized);
        };
        if resources.len() < 2 {
            return Err(oversized);
        }
        // Allow and Deny both apply per resource: the same statement over each part of the
        // list means exactly the same. The empty shell is measured with the longest Sid a
        // piece can get.
        let mut shell = statement.clone();
        shell["Resource"] = json!([]);
        if let Some(sid) = &sid {
            shell["Sid"] = json!(format!("{sid}Part{}", resources.len()));
        }
        let base = self.size(&shell);
        let mut chunks: Vec<Vec<Value>> = Vec::new();
        let mut used = base;
        for r in resources {
            let n = self.size(r);
            if base + n > capacity {
                return Err(oversized);
            }
            match chunks.last_mut() {
                Some(chunk) if used + n < capacity => {
                    chunk.push(r.clone());
                    used += n + 1;
                }
                _ => {
                    chunks.push(vec![r.clone()]);
                    used = base + n;
                }
            }
        }
        Ok(chunks
            .into_iter()
            .enumerate()
            .map(|(i, chunk)| {
                let mut piece = statement.clone();
                piece["Resource"] = Value::Array(chunk);
                if let (Some(sid), true) = (&sid, i > 0) {
                    piece["Sid"] = json!(format!("{sid}Part{}", i + 1));
                }
                piece
            })
            .collect())
    }

    /// Packs statements, in order, greedily into documents of at most `limit` characters.
    fn pack(
        &self,
        document: &Value,
        statements: Vec<Value>,
        limit: usize,
    ) -> Result<Vec<Value>, Oversized> {
        let overhead = self.size(&with_statements(document, Vec::new()));
        let capacity = limit.saturating_sub(overhead);
        let mut parts: Vec<Vec<Value>> = Vec::new();
        let mut used = 0;
        for statement in statements {
            for piece in self.pieces(statement, capacity)? {
                let n = self.size(&piece);
                match parts.last_mut() {
                    Some(part) if used + n < capacity => {
                        part.push(piece);
                        used += 1 + n;
                    }
                    _ => {
                        parts.push(vec![piece]);
                        used = n;
                    }
                }
            }
        }
        Ok(parts
            .into_iter()
            .map(|p| with_statements(document, p))
            .collect())
    }
}

fn oversized_problem(policy: &str, o: &Oversized, limit: usize) -> Problem {
    let which = match &o.sid {
        Some(sid) => format!("statement `{sid}` of `{policy}`"),
        None => format!("a statement of `{policy}`"),
    };
    Problem {
        message: format!(
            "{which} is {} characters on its own; an IAM managed policy holds at most {}, so \
             splitting cannot help",
            thousands(o.chars),
            thousands(limit)
        ),
        help: "write it as several smaller statements (fewer actions, resources or \
               conditions each)"
            .into(),
    }
}

fn part_id(id: &str, index: usize) -> String {
    if index == 0 {
        id.to_string()
    } else {
        format!("{id}Part{}", index + 1)
    }
}

fn collision(id: &str) -> Problem {
    Problem {
        message: format!(
            "a split policy would be named `{id}`, which another resource already uses"
        ),
        help: "rename the group, bucket or API whose name produces that id".into(),
    }
}

/// Moves what exceeds a role's inline budget into managed policies.
fn move_inline_overflow(
    resources: &mut Map<String, Value>,
    sizer: &Sizer,
    problems: &mut Vec<Problem>,
) {
    let roles: Vec<String> = resources
        .iter()
        .filter(|(_, r)| r.get("Type").and_then(Value::as_str) == Some(ROLE))
        .map(|(id, _)| id.clone())
        .collect();
    for role_id in roles {
        let Some(Value::Array(policies)) = resources[&role_id]
            .get("Properties")
            .and_then(|p| p.get("Policies"))
            .cloned()
        else {
            continue;
        };
        let documents: Vec<&Value> = policies
            .iter()
            .filter_map(|p| p.get("PolicyDocument"))
            .collect();
        let total: usize = documents.iter().map(|d| sizer.size(d)).sum();
        if total <= MAX_ROLE_INLINE_CHARS {
            continue;
        }
        // The first statements, in order, stay inline while they fit; the rest move.
        let mut budget = MAX_ROLE_INLINE_CHARS;
        let mut overflowing = false;
        let mut kept_policies: Vec<Value> = Vec::new();
        let mut moved: Vec<(String, Value, Vec<Value>)> = Vec::new();
        for policy in &policies {
            let Some(document) = policy.get("PolicyDocument") else {
                kept_policies.push(policy.clone());
                continue;
            };
            let name = policy
                .get("PolicyName")
                .and_then(Value::as_str)
                .unwrap_or("Policy")
                .to_string();
            let mut used = sizer.size(&with_statements(document, Vec::new()));
            let mut keep = Vec::new();
            let mut rest = Vec::new();
            for statement in statements_of(document) {
                let n = sizer.size(&statement) + usize::from(!keep.is_empty());
                if !overflowing && used + n <= budget {
                    used += n;
                    keep.push(statement);
                } else {
                    overflowing = true;
                    rest.push(statement);
                }
            }
            if !keep.is_empty() {
                budget -= used;
                let mut p = policy.clone();
                p["PolicyDocument"] = with_statements(document, keep);
                kept_policies.push(p);
            }
            if !rest.is_empty() {
                moved.push((name, document.clone(), rest));
            }
        }
        let mut created: Vec<(String, Value)> = Vec::new();
        for (name, document, rest) in moved {
            let base = format!("{role_id}{}", pascal(&name));
            let parts = match sizer.pack(&document, rest, MAX_MANAGED_POLICY_CHARS) {
                Ok(parts) => parts,
                Err(o) => {
                    problems.push(oversized_problem(
                        &format!("{role_id}` inline policy `{name}"),
                        &o,
                        MAX_MANAGED_POLICY_CHARS,
                    ));
                    continue;
                }
            };
            let n = parts.len();
            for (i, part) in parts.into_iter().enumerate() {
                let id = part_id(&base, i);
                let description = format!(
                    "Statements of {role_id}'s inline policy {name} beyond IAM's {} characters \
                     of inline policy per role (part {} of {n}).",
                    thousands(MAX_ROLE_INLINE_CHARS),
                    i + 1
                );
                created.push((
                    id,
                    json!({
                        "Type": MANAGED_POLICY,
                        "Properties": {
                            "Description": description,
                            "Roles": [{"Ref": role_id}],
                            "PolicyDocument": part,
                        }
                    }),
                ));
            }
        }
        let props = &mut resources[&role_id]["Properties"];
        if kept_policies.is_empty() {
            if let Value::Object(m) = props {
                m.remove("Policies");
            }
        } else {
            props["Policies"] = Value::Array(kept_policies);
        }
        for (id, resource) in created {
            if resources.contains_key(&id) {
                problems.push(collision(&id));
            } else {
                resources.insert(id, resource);
            }
        }
    }
}

/// Splits each managed policy over the limit into `<Id>`, `<Id>Part2`, ….
fn split_managed_policies(
    resources: &mut Map<String, Value>,
    sizer: &Sizer,
    problems: &mut Vec<Problem>,
) {
    let ids: Vec<String> = resources
        .iter()
        .filter(|(_, r)| r.get("Type").and_then(Value::as_str) == Some(MANAGED_POLICY))
        .map(|(id, _)| id.clone())
        .collect();
    for id in ids {
        let Some(document) = resources[&id]
            .get("Properties")
            .and_then(|p| p.get("PolicyDocument"))
            .cloned()
        else {
            continue;
        };
        if sizer.size(&document) <= MAX_MANAGED_POLICY_CHARS {
            continue;
        }
        let parts = match sizer.pack(
            &document,
            statements_of(&document),
            MAX_MANAGED_POLICY_CHARS,
        ) {
            Ok(parts) => parts,
            Err(o) => {
                problems.push(oversized_problem(&id, &o, MAX_MANAGED_POLICY_CHARS));
                continue;
            }
        };
        let n = parts.len();
        let original = resources[&id].clone();
        for (i, part) in parts.into_iter().enumerate() {
            let mut resource = original.clone();
            resource["Properties"]["PolicyDocument"] = part;
            if let Some(Value::String(d)) = resource["Properties"].get_mut("Description") {
                d.push_str(&format!(" (part {} of {n})", i + 1));
            }
            let pid = part_id(&id, i);
            if i > 0 && resources.contains_key(&pid) {
                problems.push(collision(&pid));
                continue;
            }
            resources.insert(pid, resource);
        }
    }
}

fn count_resources(resources: &Map<String, Value>, problems: &mut Vec<Problem>) {
    if resources.len() <= MAX_RESOURCES {
        return;
    }
    let mut by_type: BTreeMap<&str, usize> = BTreeMap::new();
    for r in resources.values() {
        *by_type
            .entry(r.get("Type").and_then(Value::as_str).unwrap_or("?"))
            .or_default() += 1;
    }
    let mut largest: Vec<(&str, usize)> = by_type.into_iter().collect();
    largest.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let largest: Vec<String> = largest
        .iter()
        .take(3)
        .map(|(t, n)| format!("{} {t}", thousands(*n)))
        .collect();
    problems.push(Problem {
        message: format!(
            "{} resources; CloudFormation allows at most {MAX_RESOURCES} in one stack (most \
             numerous: {})",
            thousands(resources.len()),
            largest.join(", ")
        ),
        help: "move some backend/api or backend/storage files into another cogform project \
               (a second stack); each bucket adds 4 resources plus a policy per role, each \
               API about 3 per route"
            .into(),
    });
}

fn ref_target(v: &Value) -> Option<&str> {
    v.get("Ref").and_then(Value::as_str)
}

fn count_managed_policies_per_role(resources: &Map<String, Value>, problems: &mut Vec<Problem>) {
    let mut per_role: BTreeMap<&str, usize> = BTreeMap::new();
    for (id, r) in resources {
        let props = r.get("Properties");
        match r.get("Type").and_then(Value::as_str) {
            Some(MANAGED_POLICY) => {
                for role in props
                    .and_then(|p| p.get("Roles"))
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(ref_target)
                {
                    *per_role.entry(role).or_default() += 1;
                }
            }
            Some(ROLE) => {
                let arns = props
                    .and_then(|p| p.get("ManagedPolicyArns"))
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len);
                *per_role.entry(id.as_str()).or_default() += arns;
            }
            _ => {}
        }
    }
    let mut over: Vec<(&str, usize)> = per_role
        .into_iter()
        .filter(|(_, n)| *n > MAX_MANAGED_POLICIES_PER_ROLE)
        .collect();
    if over.is_empty() {
        return;
    }
    over.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let shown: Vec<String> = over
        .iter()
        .take(5)
        .map(|(role, n)| format!("`{role}` {n}"))
        .collect();
    let more = if over.len() > shown.len() {
        format!(" and {} more", over.len() - shown.len())
    } else {
        String::new()
    };
    problems.push(Problem {
        message: format!(
            "{} role{} would have more than {MAX_MANAGED_POLICIES_PER_ROLE} managed policies \
             attached, IAM's default quota per role: {}{more}",
            over.len(),
            if over.len() == 1 { "" } else { "s" },
            shown.join(", ")
        ),
        help: "each storage or API file that grants a role access adds one managed policy to \
               it (more when one exceeds 6,144 characters): grant fewer files to that role, \
               merge buckets or APIs, or move some files into another cogform project"
            .into(),
    });
}

fn count_groups_per_pool(resources: &Map<String, Value>, problems: &mut Vec<Problem>) {
    let mut per_pool: BTreeMap<&str, usize> = BTreeMap::new();
    for r in resources.values() {
        if r.get("Type").and_then(Value::as_str) == Some("AWS::Cognito::UserPoolGroup")
            && let Some(pool) = r
                .get("Properties")
                .and_then(|p| p.get("UserPoolId"))
                .and_then(ref_target)
        {
            *per_pool.entry(pool).or_default() += 1;
        }
    }
    for (pool, n) in per_pool {
        if n > MAX_GROUPS_PER_POOL {
            problems.push(Problem {
                message: format!(
                    "{} groups in user pool `{pool}`; Cognito allows at most {} per pool",
                    thousands(n),
                    thousands(MAX_GROUPS_PER_POOL)
                ),
                help: "remove groups from backend/auth.yaml (a group per user or per tenant \
                       does not scale: keep such data in a custom attribute)"
                    .into(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statement(sid: &str, resources: usize) -> Value {
        let list: Vec<Value> = (0..resources)
            .map(|i| json!({"Fn::Sub": format!("arn:${{AWS::Partition}}:s3:::${{B}}/k{i:04}/*")}))
            .collect();
        json!({"Sid": sid, "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": list})
    }

    fn template(resources: Value) -> Value {
        json!({"Resources": resources})
    }

    #[test]
    fn sizes_count_references_at_their_longest() {
        let t = template(json!({"B": {"Type": "AWS::S3::Bucket", "Properties": {}}}));
        let sizer = Sizer::new(t["Resources"].as_object().unwrap());
        // "arn:aws-us-gov:s3:::" + 63-character bucket, quoted.
        assert_eq!(
            sizer.size(&json!({"Fn::Sub": "arn:${AWS::Partition}:s3:::${B}"})),
            2 + 4 + 10 + 6 + 63
        );
        assert_eq!(sizer.size(&json!({"Ref": "B"})), 65);
        assert_eq!(sizer.size(&json!({"Fn::GetAtt": ["B", "Arn"]})), 2 + 83);
        // IAM variables count as written; plain JSON counts as compact JSON.
        assert_eq!(sizer.size(&json!("${!aws:username}")), 18);
        let plain = json!({"a": [1, true, null, "x\"y"]});
        assert_eq!(
            sizer.size(&plain),
            serde_json::to_string(&plain).unwrap().len()
        );
    }

    #[test]
    fn oversized_managed_policies_split_in_order() {
        let statements: Vec<Value> = (0..40).map(|i| statement(&format!("S{i}"), 2)).collect();
        let mut t = template(json!({
            "B": {"Type": "AWS::S3::Bucket", "Properties": {}},
            "R": {"Type": "AWS::IAM::Role", "Properties": {}},
            "P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {
                "Description": "d", "Roles": [{"Ref": "R"}],
                "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}}}
        }));
        assert!(fit(&mut t).is_empty());
        let r = t["Resources"].as_object().unwrap();
        assert!(r.contains_key("PPart2"));
        let mut sids = Vec::new();
        for id in ["P", "PPart2", "PPart3"] {
            let Some(p) = r.get(id) else { continue };
            let doc = &p["Properties"]["PolicyDocument"];
            assert!(policy_chars(&t, doc) <= MAX_MANAGED_POLICY_CHARS);
            sids.extend(
                doc["Statement"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s["Sid"].as_str().unwrap().to_string()),
            );
        }
        let expected: Vec<String> = (0..40).map(|i| format!("S{i}")).collect();
        assert_eq!(sids, expected);
    }

    #[test]
    fn a_statement_too_large_alone_is_split_by_resource_or_refused() {
        let mut t = template(json!({
            "B": {"Type": "AWS::S3::Bucket", "Properties": {}},
            "P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {
                "PolicyDocument": {"Version": "2012-10-17", "Statement": [statement("Big", 100)]}}}
        }));
        assert!(fit(&mut t).is_empty());
        let r = t["Resources"].as_object().unwrap();
        assert_eq!(
            r["PPart2"]["Properties"]["PolicyDocument"]["Statement"][0]["Sid"],
            "BigPart2"
        );
        let huge = json!({"Sid": "Huge", "Effect": "Allow", "Action": "s3:GetObject",
            "Resource": format!("arn:aws:s3:::b/{}", "k".repeat(7000))});
        let mut t = template(json!({
            "P": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {
                "PolicyDocument": {"Version": "2012-10-17", "Statement": [huge]}}}
        }));
        let problems = fit(&mut t);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .message
                .starts_with("statement `Huge` of `P` is 7,"),
            "{problems:?}"
        );
    }

    #[test]
    fn groups_per_pool_and_outputs_are_counted() {
        let mut resources = Map::new();
        resources.insert(
            "UserPool".into(),
            json!({"Type": "AWS::Cognito::UserPool", "Properties": {}}),
        );
        for i in 0..=MAX_GROUPS_PER_POOL {
            resources.insert(
                format!("Group{i}"),
                json!({"Type": "AWS::Cognito::UserPoolGroup",
                    "Properties": {"UserPoolId": {"Ref": "UserPool"}}}),
            );
        }
        let outputs: Map<String, Value> = (0..=MAX_OUTPUTS)
            .map(|i| (format!("O{i}"), json!({"Value": "x"})))
            .collect();
        let mut t = json!({"Resources": resources, "Outputs": outputs});
        let messages: Vec<String> = fit(&mut t).into_iter().map(|p| p.message).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].starts_with("10,002 resources;"), "{messages:?}");
        assert_eq!(
            messages[1],
            "10,001 groups in user pool `UserPool`; Cognito allows at most 10,000 per pool"
        );
        assert_eq!(
            messages[2],
            "201 outputs; CloudFormation allows at most 200 in one stack"
        );
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_048_576), "1,048,576");
    }
}
