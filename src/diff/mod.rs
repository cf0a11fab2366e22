//! Change safety: compares two renders of a template resource by resource and classifies every
//! change by what CloudFormation and the service will do with it: in place, replacement
//! (create-only property, or a resource it depends on is replaced), or rejected by the service
//! (the deploy would fail). Stateful resources that would be replaced, removed or hit a rejected
//! change are what `diff` and `check` refuse (exit 3) unless acknowledged.

pub mod rules;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{Map, Value};

use rules::{Rules, Table};

/// What happens to one property change, in increasing severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    InPlace,
    /// Applied in place, but what users set up with the old value is lost.
    LosesData,
    Replacement,
    Rejected,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Add,
    Modify,
    Replace,
    Reject,
    Remove,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PropertyChange {
    pub path: String,
    pub effect: Effect,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// What users lose with this change, when it is applied in place but loses data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loses: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResourceChange {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub action: Action,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<PropertyChange>,
    /// What is lost when this stateful resource is replaced, removed or its change rejected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_lost: Option<String>,
    /// Why it is replaced when none of its own create-only properties changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

impl ResourceChange {
    /// Whether this change loses data (and so needs acknowledging, or cannot be done at all).
    pub fn is_unsafe(&self) -> bool {
        self.data_lost.is_some()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    pub add: usize,
    pub in_place: usize,
    pub replace: usize,
    pub rejected: usize,
    pub remove: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} to add, {} to change in place, {} to replace, {} rejected, {} to remove",
            self.add, self.in_place, self.replace, self.rejected, self.remove
        )
    }
}

pub fn summarize(changes: &[ResourceChange]) -> Summary {
    let mut s = Summary::default();
    for c in changes {
        match c.action {
            Action::Add => s.add += 1,
            Action::Modify => s.in_place += 1,
            Action::Replace => s.replace += 1,
            Action::Reject => s.rejected += 1,
            Action::Remove => s.remove += 1,
        }
    }
    s
}

fn resources(template: &Value) -> Map<String, Value> {
    template["Resources"]
        .as_object()
        .cloned()
        .unwrap_or_default()
}

/// Every resource change from `base` to `current`, in logical-id order.
pub fn plan(base: &Value, current: &Value, rules: &Rules) -> Vec<ResourceChange> {
    let before = resources(base);
    let after = resources(current);
    let ids: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let mut changes: Vec<ResourceChange> = Vec::new();
    for id in ids {
        let change = match (before.get(id), after.get(id)) {
            (None, Some(new)) => Some(simple(id, new, Action::Add)),
            (Some(old), None) => Some(simple(id, old, Action::Remove)),
            (Some(old), Some(new)) => modified(id, old, new, rules),
            (None, None) => None,
        };
        changes.extend(change);
    }
    cascade_replacements(&mut changes, &after, rules);
    for c in &mut changes {
        if matches!(c.action, Action::Replace | Action::Remove | Action::Reject) {
            c.data_lost = rules
                .get(&c.kind)
                .and_then(|t| t.stateful.as_ref())
                .map(|s| s.loses.clone());
        } else if c.action == Action::Modify {
            c.data_lost = c.properties.iter().find_map(|p| p.loses.clone());
        }
    }
    changes
}

fn kind_of(resource: &Value) -> String {
    resource["Type"].as_str().unwrap_or("?").to_string()
}

fn simple(id: &str, resource: &Value, action: Action) -> ResourceChange {
    ResourceChange {
        id: id.to_string(),
        kind: kind_of(resource),
        action,
        properties: Vec::new(),
        data_lost: None,
        cause: None,
    }
}

fn modified(id: &str, old: &Value, new: &Value, rules: &Rules) -> Option<ResourceChange> {
    if old == new {
        return None;
    }
    let kind = kind_of(new);
    if kind_of(old) != kind {
        let mut c = simple(id, new, Action::Replace);
        c.cause = Some(format!("its type changes from {} to {kind}", kind_of(old)));
        return Some(c);
    }
    let table = rules.get(&kind);
    let empty = Value::Object(Map::new());
    let old_props = old.get("Properties").unwrap_or(&empty);
    let new_props = new.get("Properties").unwrap_or(&empty);
    let mut props = Vec::new();
    if kind == "AWS::Cognito::UserPool" {
        schema_changes(
            &old_props["Schema"],
            &new_props["Schema"],
            table,
            &mut props,
        );
    }
    let mut leaves = Vec::new();
    leaf_changes("", old_props, new_props, &mut leaves);
    for (path, before, after) in leaves {
        if kind == "AWS::Cognito::UserPool" && path.starts_with("Schema") {
            continue; // classified attribute by attribute above
        }
        props.push(classify(&path, before, after, table));
    }
    // Resource attributes (DependsOn, Metadata, policies) change nothing in the service.
    if props.is_empty() {
        props.push(PropertyChange {
            path: "(resource attributes)".into(),
            effect: Effect::InPlace,
            before: None,
            after: None,
            reason: None,
            source: None,
            loses: None,
        });
    }
    let worst = props
        .iter()
        .map(|p| p.effect)
        .max()
        .unwrap_or(Effect::InPlace);
    let action = match worst {
        Effect::InPlace | Effect::LosesData => Action::Modify,
        Effect::Replacement => Action::Replace,
        Effect::Rejected => Action::Reject,
    };
    Some(ResourceChange {
        id: id.to_string(),
        kind,
        action,
        properties: props,
        data_lost: None,
        cause: None,
    })
}

fn top_property(path: &str) -> &str {
    path.split(['.', '[']).next().unwrap_or(path)
}

fn classify(
    path: &str,
    before: Option<Value>,
    after: Option<Value>,
    table: Option<&Table>,
) -> PropertyChange {
    let mut change = PropertyChange {
        path: path.to_string(),
        effect: Effect::InPlace,
        before,
        after,
        reason: None,
        source: None,
        loses: None,
    };
    let Some(table) = table else {
        return change;
    };
    if let Some(rule) = table.rejected.iter().find(|r| {
        r.when == "changed"
            && (path == r.property
                || path.starts_with(&format!("{}.", r.property))
                || path.starts_with(&format!("{}[", r.property)))
    }) {
        change.effect = Effect::Rejected;
        change.reason = Some(rule.reason.clone());
        change.source = Some(rule.source.clone());
    } else if table
        .create_only
        .properties
        .iter()
        .any(|p| p == top_property(path))
    {
        change.effect = Effect::Replacement;
        change.reason = Some(format!(
            "`{}` is create-only: CloudFormation replaces the resource",
            top_property(path)
        ));
        change.source = Some(table.create_only.source.clone());
    } else if let Some(rule) = table.loses_on_change.iter().find(|r| {
        path == r.property
            || path.starts_with(&format!("{}.", r.property))
            || path.starts_with(&format!("{}[", r.property))
    }) {
        change.effect = Effect::LosesData;
        change.reason = Some(format!("changed in place, which loses {}", rule.loses));
        change.source = Some(rule.source.clone());
        change.loses = Some(rule.loses.clone());
    }
    change
}

/// Leaf-level differences between two property values (`a.b[2]` paths).
fn leaf_changes(
    path: &str,
    old: &Value,
    new: &Value,
    out: &mut Vec<(String, Option<Value>, Option<Value>)>,
) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for k in keys {
                let child = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                match (a.get(k), b.get(k)) {
                    (Some(x), Some(y)) => leaf_changes(&child, x, y, out),
                    (x, y) => out.push((child, x.cloned(), y.cloned())),
                }
            }
        }
        _ if old == new => {}
        _ => out.push((
            path.to_string(),
            Some(old.clone()).filter(|v| !v.is_null()),
            Some(new.clone()).filter(|v| !v.is_null()),
        )),
    }
}

/// The user pool's schema compared attribute by attribute (by `Name`), with Cognito's rules:
/// removing, changing or adding a required attribute is refused; adding an optional one is fine.
fn schema_changes(old: &Value, new: &Value, table: Option<&Table>, out: &mut Vec<PropertyChange>) {
    let by_name = |v: &Value| -> BTreeMap<String, Value> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e["Name"].as_str().map(|n| (n.to_string(), e.clone())))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (a, b) = (by_name(old), by_name(new));
    let rule = |when: &str| {
        table.and_then(|t| {
            t.rejected
                .iter()
                .find(|r| r.property == "Schema" && r.when == when)
        })
    };
    let names: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    for name in names {
        let path = format!("Schema[{name}]");
        let (effect, when) = match (a.get(name), b.get(name)) {
            (Some(x), Some(y)) if x == y => continue,
            (Some(_), Some(_)) => (Effect::Rejected, Some("attribute changed")),
            (Some(_), None) => (Effect::Rejected, Some("attribute removed")),
            (None, Some(y)) if y["Required"] == true => {
                (Effect::Rejected, Some("required attribute added"))
            }
            (None, Some(_)) => (Effect::InPlace, None),
            (None, None) => continue,
        };
        let r = when.and_then(rule);
        out.push(PropertyChange {
            path,
            effect,
            before: a.get(name).cloned(),
            after: b.get(name).cloned(),
            reason: r.map(|r| r.reason.clone()),
            source: r.map(|r| r.source.clone()),
            loses: None,
        });
    }
}

/// Logical ids a value refers to (`Ref`, `Fn::GetAtt`, `${Id}` / `${Id.Attr}` in `Fn::Sub`).
fn references(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("Ref") {
                out.insert(r.clone());
            }
            if let Some(Value::Array(a)) = m.get("Fn::GetAtt")
                && let Some(Value::String(r)) = a.first()
            {
                out.insert(r.clone());
            }
            let sub = match m.get("Fn::Sub") {
                Some(Value::String(s)) => Some(s.as_str()),
                Some(Value::Array(a)) => a.first().and_then(Value::as_str),
                _ => None,
            };
            if let Some(s) = sub {
                for part in s.split("${").skip(1) {
                    let name = part.split(['}', '.']).next().unwrap_or("");
                    if !name.starts_with('!') && !name.contains("::") {
                        out.insert(name.to_string());
                    }
                }
            }
            for v in m.values() {
                references(v, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

/// A resource whose create-only property refers to a replaced resource is replaced too (its
/// value — the new physical id — changes). Repeats until nothing more is replaced.
fn cascade_replacements(
    changes: &mut Vec<ResourceChange>,
    after: &Map<String, Value>,
    rules: &Rules,
) {
    loop {
        let replaced: BTreeSet<String> = changes
            .iter()
            .filter(|c| c.action == Action::Replace)
            .map(|c| c.id.clone())
            .collect();
        let mut added = false;
        for (id, resource) in after {
            let kind = kind_of(resource);
            let Some(table) = rules.get(&kind) else {
                continue;
            };
            let existing = changes.iter().position(|c| &c.id == id);
            if existing.is_some_and(|i| {
                matches!(
                    changes[i].action,
                    Action::Replace | Action::Add | Action::Reject
                )
            }) {
                continue;
            }
            let mut refs = BTreeSet::new();
            for p in &table.create_only.properties {
                if let Some(v) = resource["Properties"].get(p) {
                    references(v, &mut refs);
                }
            }
            if let Some(cause) = refs.iter().find(|r| replaced.contains(*r)) {
                let change = ResourceChange {
                    id: id.clone(),
                    kind,
                    action: Action::Replace,
                    properties: existing
                        .map(|i| changes[i].properties.clone())
                        .unwrap_or_default(),
                    data_lost: None,
                    cause: Some(format!("it refers to {cause}, which is replaced")),
                };
                match existing {
                    Some(i) => changes[i] = change,
                    None => changes.push(change),
                }
                added = true;
            }
        }
        if !added {
            break;
        }
    }
    changes.sort_by(|a, b| a.id.cmp(&b.id));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pool(props: Value) -> Value {
        json!({"Resources": {
            "UserPool": {"Type": "AWS::Cognito::UserPool", "Properties": props},
            "Client": {"Type": "AWS::Cognito::UserPoolClient", "Properties": {"UserPoolId": {"Ref": "UserPool"}, "GenerateSecret": false}},
            "Domain": {"Type": "AWS::Cognito::UserPoolDomain", "Properties": {"UserPoolId": {"Ref": "UserPool"}, "Domain": "app-dev"}}
        }})
    }

    fn actions(base: &Value, current: &Value) -> Vec<(String, Action)> {
        plan(base, current, &Rules::load().unwrap())
            .into_iter()
            .map(|c| (c.id, c.action))
            .collect()
    }

    #[test]
    fn identical_templates_have_no_changes() {
        let t = pool(json!({"UsernameAttributes": ["email"]}));
        assert!(actions(&t, &t).is_empty());
    }

    #[test]
    fn sign_in_attributes_are_rejected_and_flagged_stateful() {
        let a = pool(json!({"UsernameAttributes": ["email"]}));
        let b = pool(json!({"UsernameAttributes": ["email", "phone_number"]}));
        let p = plan(&a, &b, &Rules::load().unwrap());
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].action, Action::Reject);
        assert!(p[0].data_lost.as_deref().unwrap().contains("every user"));
    }

    #[test]
    fn schema_rules() {
        let email = json!({"Name": "email", "AttributeDataType": "String", "Required": true, "Mutable": true});
        let tenant = json!({"Name": "tenant", "AttributeDataType": "String", "Required": false, "Mutable": false});
        let base = pool(json!({"Schema": [email, tenant]}));
        let removed = pool(json!({"Schema": [email]}));
        let retyped = pool(
            json!({"Schema": [email, {"Name": "tenant", "AttributeDataType": "Number", "Required": false, "Mutable": false}]}),
        );
        let added_optional = pool(
            json!({"Schema": [email, tenant, {"Name": "x", "AttributeDataType": "Boolean", "Required": false, "Mutable": true}]}),
        );
        let added_required = pool(
            json!({"Schema": [email, tenant, {"Name": "phone_number", "AttributeDataType": "String", "Required": true, "Mutable": true}]}),
        );
        assert_eq!(
            actions(&base, &removed),
            vec![("UserPool".into(), Action::Reject)]
        );
        assert_eq!(
            actions(&base, &retyped),
            vec![("UserPool".into(), Action::Reject)]
        );
        assert_eq!(
            actions(&base, &added_optional),
            vec![("UserPool".into(), Action::Modify)]
        );
        assert_eq!(
            actions(&base, &added_required),
            vec![("UserPool".into(), Action::Reject)]
        );
    }

    #[test]
    fn create_only_changes_replace_and_cascade() {
        let mut b = pool(json!({}));
        b["Resources"]["Domain"]["Properties"]["Domain"] = json!("app2-dev");
        assert_eq!(
            actions(&pool(json!({})), &b),
            vec![("Domain".into(), Action::Replace)]
        );
        let mut c = pool(json!({}));
        c["Resources"]["Client"]["Properties"]["GenerateSecret"] = json!(true);
        let p = plan(&pool(json!({})), &c, &Rules::load().unwrap());
        assert_eq!(p[0].action, Action::Replace);
        assert!(p[0].data_lost.is_none(), "a client is not stateful");
    }

    #[test]
    fn in_place_changes_stay_in_place() {
        let a = pool(
            json!({"Policies": {"PasswordPolicy": {"MinimumLength": 12}}, "MfaConfiguration": "OFF"}),
        );
        let b = pool(
            json!({"Policies": {"PasswordPolicy": {"MinimumLength": 14}}, "MfaConfiguration": "OPTIONAL"}),
        );
        let p = plan(&a, &b, &Rules::load().unwrap());
        assert_eq!(p[0].action, Action::Modify);
        assert_eq!(p[0].properties.len(), 2);
        assert_eq!(
            p[0].properties[1].path,
            "Policies.PasswordPolicy.MinimumLength"
        );
        assert!(p[0].data_lost.is_none());
    }

    #[test]
    fn a_removed_pool_is_stateful_removal() {
        let a = pool(json!({}));
        let mut b = a.clone();
        b["Resources"].as_object_mut().unwrap().remove("UserPool");
        let p = plan(&a, &b, &Rules::load().unwrap());
        assert_eq!(p[0].id, "UserPool");
        assert_eq!(p[0].action, Action::Remove);
        assert!(p[0].is_unsafe());
    }
}
