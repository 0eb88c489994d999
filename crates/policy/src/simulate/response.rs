//! Building SimulateCustomPolicy's response: one `EvaluationResult` per action and resource, in the member
//! order of IAM's response shape, plus the small JSON inputs of the JavaScript facade.

use serde_json::{Map, Value};

use crate::explain::{explain, LayerOutcome, LayerVerdict, StatementRef};
use crate::request::{Layer, RequestContext};

use super::explanation::explanation_json;
use super::input::{self, Problems};
use super::position::{statement_positions, LineColumn};
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
    let explanation = explain(&request, &layers);
    let decision = explanation.decision.as_str();
    let matched: Vec<Value> = explanation
        .deciding
        .iter()
        .map(|statement| matched_statement(simulator, statement))
        .collect();
    let missing: Vec<Value> = explanation
        .missing_context_values
        .iter()
        .map(|key| Value::from(key.as_str()))
        .collect();
    let organizations = simulator.has_service_control().then(|| {
        let allowed = explanation
            .layers
            .iter()
            .filter(|outcome| outcome.layer == Layer::ServiceControl)
            .all(|outcome| {
                !matches!(
                    outcome.verdict,
                    LayerVerdict::ExplicitlyDenied | LayerVerdict::NoAllow
                )
            });
        single("AllowedByOrganizations", Value::from(allowed))
    });
    let boundary = simulator.has_permissions_boundary().then(|| {
        let allowed = explanation
            .layers
            .iter()
            .filter(|outcome| outcome.layer == Layer::PermissionsBoundary)
            .all(|outcome| {
                matches!(
                    outcome.verdict,
                    LayerVerdict::Allowed | LayerVerdict::NotApplicable
                )
            });
        single("AllowedByPermissionsBoundary", Value::from(allowed))
    });
    let stopped_by_organizations = organizations
        .as_ref()
        .is_some_and(|detail| detail.get("AllowedByOrganizations") == Some(&Value::Bool(false)));
    let decision_details = (resource != "*" && !stopped_by_organizations).then(|| {
        let resource_account = simulator.resource_account(resource);
        if resource_account == simulator.principal().account {
            Value::Object(Map::new())
        } else {
            let mut details = Map::new();
            details.insert(
                "IAM Policy".to_owned(),
                Value::from(identity_side(&explanation.layers)),
            );
            details.insert(
                "Resource Policy".to_owned(),
                Value::from(resource_side(&explanation.layers)),
            );
            Value::Object(details)
        }
    });

    let mut result = Map::new();
    result.insert("EvalActionName".to_owned(), Value::from(action));
    result.insert("EvalResourceName".to_owned(), Value::from(resource));
    result.insert("EvalDecision".to_owned(), Value::from(decision));
    result.insert("MatchedStatements".to_owned(), Value::Array(matched.clone()));
    result.insert("MissingContextValues".to_owned(), Value::Array(missing.clone()));
    if let Some(detail) = &organizations {
        result.insert(
            "OrganizationsDecisionDetail".to_owned(),
            Value::Object(detail.clone()),
        );
    }
    if let Some(detail) = &boundary {
        result.insert(
            "PermissionsBoundaryDecisionDetail".to_owned(),
            Value::Object(detail.clone()),
        );
    }
    if let Some(details) = &decision_details {
        result.insert("EvalDecisionDetails".to_owned(), details.clone());
    }
    if resource != "*" {
        let mut specific = Map::new();
        specific.insert("EvalResourceName".to_owned(), Value::from(resource));
        specific.insert("EvalResourceDecision".to_owned(), Value::from(decision));
        specific.insert("MatchedStatements".to_owned(), Value::Array(matched));
        specific.insert("MissingContextValues".to_owned(), Value::Array(missing));
        if let Some(details) = decision_details {
            specific.insert("EvalDecisionDetails".to_owned(), details);
        }
        if let Some(detail) = boundary {
            specific.insert(
                "PermissionsBoundaryDecisionDetail".to_owned(),
                Value::Object(detail),
            );
        }
        result.insert(
            "ResourceSpecificResults".to_owned(),
            Value::Array(vec![Value::Object(specific)]),
        );
    }
    result.insert("Explanation".to_owned(), explanation_json(&explanation));
    Value::Object(result)
}

/// One `MatchedStatements` entry: the input policy's id and type, and the statement's place as IAM reports it.
fn matched_statement(simulator: &Simulator, statement: &StatementRef) -> Value {
    let mut object = Map::new();
    object.insert(
        "SourcePolicyId".to_owned(),
        Value::from(statement.source.id.as_str()),
    );
    object.insert(
        "SourcePolicyType".to_owned(),
        Value::from(source_policy_type(statement.source.layer)),
    );
    let text = simulator.policy_text(&statement.source.id).unwrap_or_default();
    let (start, end) = statement_positions(text, statement.span);
    object.insert("StartPosition".to_owned(), position_json(start));
    object.insert("EndPosition".to_owned(), position_json(end));
    Value::Object(object)
}

/// `SourcePolicyType` as SimulateCustomPolicy reports it for its inputs (`IAM Policy`, `Resource Policy`,
/// `Permissions Boundary Policy`), and in the same style for the playground's extra layers.
pub(crate) fn source_policy_type(layer: Layer) -> &'static str {
    match layer {
        Layer::Identity => "IAM Policy",
        Layer::Resource => "Resource Policy",
        Layer::PermissionsBoundary => "Permissions Boundary Policy",
        Layer::ServiceControl => "Service Control Policy",
        Layer::ResourceControl => "Resource Control Policy",
        Layer::Session => "Session Policy",
        Layer::VpcEndpoint => "VPC Endpoint Policy",
    }
}

fn position_json(position: LineColumn) -> Value {
    let mut object = Map::new();
    object.insert("Line".to_owned(), Value::from(position.line));
    object.insert("Column".to_owned(), Value::from(position.column));
    Value::Object(object)
}

fn single(key: &str, value: Value) -> Map<String, Value> {
    let mut object = Map::new();
    object.insert(key.to_owned(), value);
    object
}

/// The caller's side of a cross-account request: identity policies, boundary and session policies.
fn identity_side(layers: &[LayerOutcome]) -> &'static str {
    let side = || {
        layers.iter().filter(|outcome| {
            matches!(
                outcome.layer,
                Layer::Identity | Layer::PermissionsBoundary | Layer::Session
            )
        })
    };
    if side().any(|outcome| outcome.verdict == LayerVerdict::ExplicitlyDenied) {
        "explicitDeny"
    } else if side().all(|outcome| {
        matches!(
            outcome.verdict,
            LayerVerdict::Allowed | LayerVerdict::NotPresent | LayerVerdict::NotApplicable
        )
    }) && side()
        .any(|outcome| outcome.layer == Layer::Identity && outcome.verdict == LayerVerdict::Allowed)
    {
        "allowed"
    } else {
        "implicitDeny"
    }
}

/// The resource owner's side of a cross-account request: the resource-based policy.
fn resource_side(layers: &[LayerOutcome]) -> &'static str {
    let verdict = layers
        .iter()
        .find(|outcome| outcome.layer == Layer::Resource)
        .map(|outcome| outcome.verdict);
    match verdict {
        Some(LayerVerdict::ExplicitlyDenied) => "explicitDeny",
        Some(LayerVerdict::Allowed) => "allowed",
        _ => "implicitDeny",
    }
}

/// The cells of a matrix request.
#[derive(Debug)]
pub(crate) enum Cells {
    /// Every action on every resource, action-major.
    Product {
        actions: Vec<String>,
        resources: Vec<String>,
    },
    /// Explicit (action, resource) pairs.
    List(Vec<(String, String)>),
}

impl Cells {
    /// Checks every action and resource once (AWS's `InvalidInput` texts).
    pub(crate) fn check(&self) -> Result<(), SimulateError> {
        match self {
            Cells::Product { actions, resources } => {
                actions
                    .iter()
                    .try_for_each(|action| input::check_action_name(action))?;
                resources
                    .iter()
                    .try_for_each(|resource| input::check_resource_arn(resource))
            }
            Cells::List(cells) => cells.iter().try_for_each(|(action, resource)| {
                input::check_action_name(action)?;
                input::check_resource_arn(resource)
            }),
        }
    }

    /// The cells in order, borrowed.
    pub(crate) fn pairs(&self) -> Box<dyn Iterator<Item = (&str, &str)> + '_> {
        match self {
            Cells::Product { actions, resources } => Box::new(actions.iter().flat_map(move |action| {
                resources
                    .iter()
                    .map(move |resource| (action.as_str(), resource.as_str()))
            })),
            Cells::List(cells) => Box::new(
                cells
                    .iter()
                    .map(|(action, resource)| (action.as_str(), resource.as_str())),
            ),
        }
    }
}

/// Reads the matrix input: `{"ActionNames": [...], "ResourceArns": [...]}` or a list of
/// `{"ActionName", "ResourceArn"}` cells.
pub(crate) fn read_cells(text: &str) -> Result<Cells, SimulateError> {
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
            Cells::Product { actions, resources }
        }
        Value::Array(items) => Cells::List(
            items
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
        ),
        _ => {
            problems.push(
                "Invalid type for parameter input, valid types: <class 'dict'>, <class 'list'>".to_owned(),
            );
            Cells::List(Vec::new())
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
