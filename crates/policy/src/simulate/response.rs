//! Building SimulateCustomPolicy's response: one `EvaluationResult` per action and resource, in the member
//! order of IAM's response shape, plus the small JSON inputs of the JavaScript facade.

use serde_json::{Map, Value};

use crate::evaluate::{decide, Decision};
use crate::request::RequestContext;

use super::input::{self, Problems};
use super::{SimulateError, Simulator};

/// The response for every action on every resource, action-major as IAM orders them.
pub(crate) fn simulate(
    simulator: &Simulator,
    actions: &[String],
    resources: &[String],
    context: &RequestContext,
) -> Value {
    let mut results = Vec::with_capacity(actions.len().saturating_mul(resources.len()));
    for action in actions {
        for resource in resources {
            results.push(evaluation_result(simulator, action, resource, context));
        }
    }
    let mut response = Map::new();
    response.insert("EvaluationResults".to_owned(), Value::Array(results));
    response.insert("IsTruncated".to_owned(), Value::Bool(false));
    Value::Object(response)
}

fn evaluation_result(simulator: &Simulator, action: &str, resource: &str, context: &RequestContext) -> Value {
    let request = simulator.request(action, resource, context.clone());
    let layers = simulator.layers(resource);
    let decision = decide(&request, &layers);
    let mut result = Map::new();
    result.insert("EvalActionName".to_owned(), Value::from(action));
    result.insert("EvalResourceName".to_owned(), Value::from(resource));
    result.insert("EvalDecision".to_owned(), Value::from(decision.as_str()));
    if resource != "*" {
        let mut specific = Map::new();
        specific.insert("EvalResourceName".to_owned(), Value::from(resource));
        specific.insert("EvalResourceDecision".to_owned(), Value::from(decision.as_str()));
        result.insert(
            "ResourceSpecificResults".to_owned(),
            Value::Array(vec![Value::Object(specific)]),
        );
    }
    let _ = Decision::Allowed;
    Value::Object(result)
}

/// Reads the matrix input: `{"ActionNames": [...], "ResourceArns": [...]}` or a list of
/// `{"ActionName", "ResourceArn"}` cells.
pub(crate) fn read_cells(text: &str) -> Result<Vec<(String, String)>, SimulateError> {
    let value: Value = serde_json::from_str(text).map_err(|error| SimulateError::InvalidJson {
        message: error.to_string(),
    })?;
    let mut problems = Problems::default();
    let cells = match &value {
        Value::Object(members) => {
            let actions = member_strings(members, "ActionNames", &mut problems);
            let resources = member_strings(members, "ResourceArns", &mut problems);
            let resources = if resources.is_empty() {
                vec!["*".to_owned()]
            } else {
                resources
            };
            let mut cells = Vec::with_capacity(actions.len().saturating_mul(resources.len()));
            for action in &actions {
                for resource in &resources {
                    cells.push((action.clone(), resource.clone()));
                }
            }
            cells
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .filter_map(|(index, item)| {
                let action = item.get("ActionName").and_then(Value::as_str);
                let resource = item.get("ResourceArn").and_then(Value::as_str).unwrap_or("*");
                match action {
                    Some(action) => Some((action.to_owned(), resource.to_owned())),
                    None => {
                        problems.push(format!(
                            "Missing required parameter in input[{index}]: \"ActionName\""
                        ));
                        None
                    }
                }
            })
            .collect(),
        _ => {
            problems.push(
                "Invalid type for parameter input, valid types: <class 'dict'>, <class 'list'>".to_owned(),
            );
            Vec::new()
        }
    };
    problems.finish()?;
    Ok(cells)
}

/// Reads `{"ActionNames", "ResourceArns"?, "ContextEntries"?}` for [`Simulator::simulate_json`].
pub(crate) fn read_questions(
    text: &str,
) -> Result<(Vec<String>, Vec<String>, RequestContext), SimulateError> {
    let value: Value = serde_json::from_str(text).map_err(|error| SimulateError::InvalidJson {
        message: error.to_string(),
    })?;
    let mut problems = Problems::default();
    let Value::Object(members) = &value else {
        problems.push("Invalid type for parameter input, valid types: <class 'dict'>".to_owned());
        problems.finish()?;
        return Ok((Vec::new(), Vec::new(), RequestContext::new()));
    };
    if !members.contains_key("ActionNames") {
        problems.push("Missing required parameter in input: \"ActionNames\"".to_owned());
    }
    let actions = member_strings(members, "ActionNames", &mut problems);
    let resources = member_strings(members, "ResourceArns", &mut problems);
    let context = match members.get("ContextEntries") {
        Some(entries) => input::context_entries(entries, &mut problems)?,
        None => RequestContext::new(),
    };
    problems.finish()?;
    Ok((actions, resources, context))
}

fn member_strings(members: &Map<String, Value>, name: &str, problems: &mut Problems) -> Vec<String> {
    match members.get(name) {
        None => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|item| {
                let text = item.as_str();
                if text.is_none() {
                    problems.push(format!(
                        "Invalid type for parameter {name}, valid types: <class 'str'>"
                    ));
                }
                text.map(str::to_owned)
            })
            .collect(),
        Some(_) => {
            problems.push(format!(
                "Invalid type for parameter {name}, valid types: <class 'list'>, <class 'tuple'>"
            ));
            Vec::new()
        }
    }
}
