//! `backend/overrides.yaml`: the escape hatch for what cogform does not model. Patches of
//! generated resources (by logical id), resources cogform does not generate, the same two per
//! environment, and the security risks a team accepts in writing.
//!
//! Values are CloudFormation's own (property names, intrinsic functions): this file describes
//! the shape only; `crate::overrides` checks the content against the rendered template.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// Patches and additions applied to every environment's template after rendering.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OverridesConfig {
    /// Patches of resources cogform generates, by logical id (see `build/`). Maps merge
    /// deeply, lists and scalars replace, `null` removes a key.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    #[schemars(with = "BTreeMap<String, Patch>")]
    pub resources: Map<String, Value>,
    /// Resources cogform does not generate, by logical id (must not collide with a generated one).
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    #[schemars(with = "BTreeMap<String, Added>")]
    pub add: Map<String, Value>,
    /// Stack outputs cogform does not generate, by logical id. The generated ones cannot be
    /// patched: `cogform outputs` and the front end's configuration read them.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    #[schemars(with = "BTreeMap<String, AddedOutput>")]
    pub outputs: Map<String, Value>,
    /// Per environment (a name from cogform.yaml): applied after the common part.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub environments: BTreeMap<String, EnvironmentOverrides>,
    /// Security invariants the final template may break, each on purpose and in writing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accept: Vec<Accept>,
}

/// The part of the overrides that applies to one environment only.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentOverrides {
    /// Patches of generated resources, applied after the common ones.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    #[schemars(with = "BTreeMap<String, Patch>")]
    pub resources: Map<String, Value>,
    /// Resources added in this environment only.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    #[schemars(with = "BTreeMap<String, Added>")]
    pub add: Map<String, Value>,
    /// Stack outputs added in this environment only.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    #[schemars(with = "BTreeMap<String, AddedOutput>")]
    pub outputs: Map<String, Value>,
}

/// A patch of one generated resource. `Type` cannot be patched: a different type is a
/// different resource (add one instead).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Patch {
    /// Merged into the resource's properties (`null` removes one).
    #[serde(rename = "Properties", default, deserialize_with = "present")]
    #[schemars(with = "Option<Map<String, Value>>")]
    pub properties: Option<Value>,
    #[serde(rename = "DeletionPolicy", default, deserialize_with = "present")]
    #[schemars(with = "Option<DeletionPolicy>")]
    pub deletion_policy: Option<Value>,
    #[serde(rename = "UpdateReplacePolicy", default, deserialize_with = "present")]
    #[schemars(with = "Option<UpdateReplacePolicy>")]
    pub update_replace_policy: Option<Value>,
    /// Replaces the resource's `DependsOn` (a logical id or a list of them).
    #[serde(rename = "DependsOn", default, deserialize_with = "present")]
    #[schemars(with = "Option<DependsOn>")]
    pub depends_on: Option<Value>,
    /// Merged into the resource's metadata.
    #[serde(rename = "Metadata", default, deserialize_with = "present")]
    #[schemars(with = "Option<Map<String, Value>>")]
    pub metadata: Option<Value>,
}

/// A resource cogform does not generate, written as in a CloudFormation template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Added {
    /// The resource type, e.g. `AWS::DynamoDB::Table`.
    #[serde(rename = "Type")]
    #[schemars(pattern(r"^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+(::[A-Za-z0-9]+)?$"))]
    pub kind: String,
    #[serde(
        rename = "Properties",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub properties: Option<Map<String, Value>>,
    #[serde(
        rename = "DeletionPolicy",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub deletion_policy: Option<DeletionPolicy>,
    #[serde(
        rename = "UpdateReplacePolicy",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub update_replace_policy: Option<UpdateReplacePolicy>,
    #[serde(rename = "DependsOn", default, skip_serializing_if = "Option::is_none")]
    pub depends_on: Option<DependsOn>,
    #[serde(rename = "Metadata", default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
}

/// A stack output cogform does not generate, written as in a CloudFormation template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddedOutput {
    /// A string, or an intrinsic function (`Ref`, `Fn::GetAtt`, `Fn::Sub`…) giving one.
    #[serde(rename = "Value")]
    pub value: Value,
    #[serde(
        rename = "Description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(length(max = 1024))]
    pub description: Option<String>,
    /// Makes the value importable by other stacks of the account and region (`Fn::ImportValue`).
    #[serde(rename = "Export", default, skip_serializing_if = "Option::is_none")]
    pub export: Option<OutputExport>,
    /// The name of a condition of the template.
    #[serde(rename = "Condition", default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutputExport {
    /// Unique among the exports of the account and region.
    #[serde(rename = "Name")]
    pub name: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum DeletionPolicy {
    Delete,
    Retain,
    RetainExceptOnDelete,
    Snapshot,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum UpdateReplacePolicy {
    Delete,
    Retain,
    Snapshot,
}

/// One logical id or a list of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum DependsOn {
    One(String),
    Many(Vec<String>),
}

/// A security invariant broken on purpose: printed by every `build` and listed by `check`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Accept {
    /// The invariant's id, as the refusal names it (three capitals, a dash, two digits).
    #[schemars(pattern(r"^[A-Z]{3}-[0-9]{2}$"))]
    pub rule: String,
    /// The logical id of the resource that breaks it.
    #[schemars(length(min = 1, max = 255))]
    pub resource: String,
    /// Why, in words a reviewer accepts.
    #[schemars(length(min = 10, max = 500))]
    pub reason: String,
}

/// A key that is present deserializes to `Some`, even when its value is `null` (a removal).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn null_is_a_removal_and_absence_is_nothing() {
        let p: Patch = serde_json::from_value(json!({"DeletionPolicy": null})).unwrap();
        assert_eq!(p.deletion_policy, Some(Value::Null));
        assert_eq!(p.properties, None);
    }
}
