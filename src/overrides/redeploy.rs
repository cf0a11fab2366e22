//! An API whose methods an override changed is deployed again. API Gateway serves the snapshot
//! taken when an `AWS::ApiGateway::Deployment` is created, and cogform names each deployment
//! after a hash of what it serves; a patched or added method, resource, authorizer or gateway
//! response changes that hash here too, or the stack would update and keep serving the old API.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

/// The resource types a deployment's snapshot is made of.
const SERVED: [&str; 6] = [
    "AWS::ApiGateway::Method",
    "AWS::ApiGateway::Resource",
    "AWS::ApiGateway::Authorizer",
    "AWS::ApiGateway::GatewayResponse",
    "AWS::ApiGateway::Model",
    "AWS::ApiGateway::RequestValidator",
];

fn rest_api(resource: &Value) -> Option<&str> {
    resource
        .get("Properties")?
        .get("RestApiId")?
        .get("Ref")?
        .as_str()
}

/// Renames each deployment whose API has a `touched` (patched or added) part, after a hash
/// of its old id and those parts' final values, and makes it depend on the methods an
/// override added. Every reference to the old id follows.
pub fn redeploy(template: &mut Value, touched: &[(String, String)]) {
    let touched: BTreeSet<&str> = touched.iter().map(|(id, _)| id.as_str()).collect();
    let Some(resources) = template.get("Resources").and_then(Value::as_object) else {
        return;
    };
    let mut renames: Vec<(String, String, Vec<String>)> = Vec::new();
    for (id, deployment) in resources {
        if deployment.get("Type").and_then(Value::as_str) != Some("AWS::ApiGateway::Deployment") {
            continue;
        }
        let Some(api) = rest_api(deployment) else {
            continue;
        };
        let parts: Vec<(&String, &Value)> = resources
            .iter()
            .filter(|(part, r)| {
                touched.contains(part.as_str())
                    && SERVED.contains(&r.get("Type").and_then(Value::as_str).unwrap_or(""))
                    && rest_api(r) == Some(api)
            })
            .collect();
        if parts.is_empty() {
            continue;
        }
        let fingerprint = serde_json::to_string(&(id, &parts)).unwrap_or_default();
        let depends: Vec<String> = parts
            .iter()
            .filter(|(_, r)| r.get("Type").and_then(Value::as_str) == Some(SERVED[0]))
            .map(|(part, _)| (*part).clone())
            .collect();
        renames.push((
            id.clone(),
            crate::ids::deployment_id(api, &fingerprint),
            depends,
        ));
    }
    for (old, new, methods) in renames {
        let Some(Value::Object(resources)) = template.get_mut("Resources") else {
            return;
        };
        let Some(mut deployment) = resources.remove(&old) else {
            continue;
        };
        if let Value::Object(d) = &mut deployment {
            add_depends_on(d, &methods);
        }
        resources.insert(new.clone(), deployment);
        rename(template, &old, &new);
    }
}

fn add_depends_on(deployment: &mut Map<String, Value>, methods: &[String]) {
    let mut list: Vec<Value> = match deployment.remove("DependsOn") {
        Some(Value::Array(a)) => a,
        Some(one @ Value::String(_)) => vec![one],
        _ => Vec::new(),
    };
    for m in methods {
        if !list.iter().any(|v| v.as_str() == Some(m)) {
            list.push(Value::String(m.clone()));
        }
    }
    list.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
    deployment.insert("DependsOn".into(), Value::Array(list));
}

/// Every `Ref`, `Fn::GetAtt`, `DependsOn` and `${…}` of `Fn::Sub` naming `old` names `new`.
fn rename(value: &mut Value, old: &str, new: &str) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match (key.as_str(), &mut *v) {
                    ("Ref", Value::String(s)) | ("DependsOn", Value::String(s)) if s == old => {
                        *s = new.to_string();
                    }
                    ("Fn::GetAtt", Value::Array(parts)) => {
                        if let Some(Value::String(s)) = parts.first_mut()
                            && s == old
                        {
                            *s = new.to_string();
                        }
                    }
                    ("Fn::GetAtt", Value::String(s)) => {
                        if let Some(attr) = s.strip_prefix(&format!("{old}.")) {
                            *s = format!("{new}.{attr}");
                        }
                    }
                    ("Fn::Sub", Value::String(s)) => {
                        *s = s.replace(&format!("${{{old}}}"), &format!("${{{new}}}"));
                        *s = s.replace(&format!("${{{old}."), &format!("${{{new}."));
                    }
                    ("Fn::Sub", Value::Array(parts)) => {
                        if let Some(Value::String(s)) = parts.first_mut() {
                            *s = s.replace(&format!("${{{old}}}"), &format!("${{{new}}}"));
                            *s = s.replace(&format!("${{{old}."), &format!("${{{new}."));
                        }
                        for p in parts.iter_mut().skip(1) {
                            rename(p, old, new);
                        }
                    }
                    ("DependsOn", Value::Array(items)) => {
                        for item in items.iter_mut() {
                            if item.as_str() == Some(old) {
                                *item = Value::String(new.to_string());
                            }
                        }
                    }
                    _ => rename(v, old, new),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                rename(item, old, new);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn template() -> Value {
        json!({
            "Resources": {
                "ApiA": { "Type": "AWS::ApiGateway::RestApi" },
                "ApiAGet": { "Type": "AWS::ApiGateway::Method", "Properties": { "RestApiId": { "Ref": "ApiA" }, "AuthorizationType": "AWS_IAM" } },
                "ApiADeployment00000001": { "Type": "AWS::ApiGateway::Deployment", "DependsOn": ["ApiAGet"], "Properties": { "RestApiId": { "Ref": "ApiA" } } },
                "ApiAStage": { "Type": "AWS::ApiGateway::Stage", "Properties": { "DeploymentId": { "Ref": "ApiADeployment00000001" } } }
            },
            "Outputs": { "D": { "Value": { "Fn::Sub": "${ApiADeployment00000001}" } } }
        })
    }

    fn deployment_ids(t: &Value) -> Vec<String> {
        t["Resources"]
            .as_object()
            .unwrap()
            .keys()
            .filter(|k| k.contains("Deployment"))
            .cloned()
            .collect()
    }

    #[test]
    fn an_untouched_api_keeps_its_deployment() {
        let mut t = template();
        redeploy(&mut t, &[("UserPool".into(), "/resources/UserPool".into())]);
        assert_eq!(t, template());
    }

    #[test]
    fn a_patched_method_renames_the_deployment_and_every_reference() {
        let mut t = template();
        t["Resources"]["ApiAGet"]["Properties"]["AuthorizationScopes"] = json!(["a"]);
        let touched = [("ApiAGet".to_string(), "/resources/ApiAGet".to_string())];
        redeploy(&mut t, &touched);
        let ids = deployment_ids(&t);
        assert_eq!(ids.len(), 1);
        assert_ne!(ids[0], "ApiADeployment00000001");
        assert_eq!(
            t["Resources"]["ApiAStage"]["Properties"]["DeploymentId"]["Ref"],
            ids[0]
        );
        assert_eq!(
            t["Outputs"]["D"]["Value"]["Fn::Sub"],
            format!("${{{}}}", ids[0])
        );
        // Another value of the same patch is another deployment; the same one, the same.
        let mut again = template();
        again["Resources"]["ApiAGet"]["Properties"]["AuthorizationScopes"] = json!(["a"]);
        redeploy(&mut again, &touched);
        assert_eq!(deployment_ids(&again), ids);
        let mut other = template();
        other["Resources"]["ApiAGet"]["Properties"]["AuthorizationScopes"] = json!(["b"]);
        redeploy(&mut other, &touched);
        assert_ne!(deployment_ids(&other), ids);
    }

    #[test]
    fn an_added_method_is_waited_for() {
        let mut t = template();
        t["Resources"]["ApiAPost"] = json!({ "Type": "AWS::ApiGateway::Method", "Properties": { "RestApiId": { "Ref": "ApiA" } } });
        redeploy(&mut t, &[("ApiAPost".into(), "/add/ApiAPost".into())]);
        let id = &deployment_ids(&t)[0];
        assert_eq!(
            t["Resources"][id]["DependsOn"],
            json!(["ApiAGet", "ApiAPost"])
        );
    }
}
