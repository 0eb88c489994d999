//! The engine's [`Explanation`] as JSON: the `Explanation` member the playground adds to every
//! SimulateCustomPolicy result. Keys are PascalCase like the rest of the response; SCP/RCP levels are 1-based
//! like the `ServiceControlPolicyInputList.L.N` policy ids.

use serde_json::{Map, Value};

use crate::ast::{Effect, Position, Span};
use crate::explain::{
    ConditionTrace, ElementTrace, Explanation, LayerOutcome, PrincipalTrace, StatementRef, StatementTrace,
};
use crate::matching::PrincipalMatch;
use crate::request::Layer;

/// The `Explanation` member.
pub(crate) fn explanation_json(explanation: &Explanation) -> Value {
    let mut object = Map::new();
    object.insert("Decision".to_owned(), Value::from(explanation.decision.as_str()));
    object.insert(
        "Layers".to_owned(),
        explanation.layers.iter().map(layer_json).collect(),
    );
    object.insert(
        "DecidingStatements".to_owned(),
        explanation.deciding.iter().map(statement_ref_json).collect(),
    );
    object.insert(
        "Statements".to_owned(),
        explanation.statements.iter().map(statement_trace_json).collect(),
    );
    object.insert(
        "MissingContextValues".to_owned(),
        explanation
            .missing_context_values
            .iter()
            .map(|key| Value::from(key.as_str()))
            .collect(),
    );
    let denial = match &explanation.denial {
        None => Value::Null,
        Some(denial) => {
            let mut denial_object = Map::new();
            denial_object.insert("PolicyType".to_owned(), Value::from(denial.policy_type.noun()));
            denial_object.insert("Explicit".to_owned(), Value::from(denial.explicit));
            denial_object.insert(
                "PolicyId".to_owned(),
                denial.policy_id.as_deref().map_or(Value::Null, Value::from),
            );
            denial_object.insert(
                "Message".to_owned(),
                explanation
                    .access_denied_message()
                    .map_or(Value::Null, Value::from),
            );
            Value::Object(denial_object)
        }
    };
    object.insert("Denial".to_owned(), denial);
    object.insert(
        "Suggestions".to_owned(),
        explanation
            .suggestions()
            .iter()
            .map(|suggestion| Value::from(suggestion.to_string()))
            .collect(),
    );
    Value::Object(object)
}

/// The playground's name for a layer in explanations.
pub(crate) fn layer_name(layer: Layer) -> &'static str {
    match layer {
        Layer::ServiceControl => "ServiceControlPolicy",
        Layer::ResourceControl => "ResourceControlPolicy",
        Layer::VpcEndpoint => "VpcEndpointPolicy",
        Layer::Resource => "ResourcePolicy",
        Layer::Identity => "IdentityPolicy",
        Layer::PermissionsBoundary => "PermissionsBoundary",
        Layer::Session => "SessionPolicy",
    }
}

fn layer_json(outcome: &LayerOutcome) -> Value {
    let mut object = Map::new();
    object.insert("Layer".to_owned(), Value::from(layer_name(outcome.layer)));
    if let Some(level) = outcome.level {
        object.insert("Level".to_owned(), Value::from(level.saturating_add(1)));
    }
    object.insert("Verdict".to_owned(), Value::from(outcome.verdict.as_str()));
    Value::Object(object)
}

fn statement_ref_json(statement: &StatementRef) -> Value {
    let mut object = Map::new();
    object.insert(
        "SourcePolicyId".to_owned(),
        Value::from(statement.source.id.as_str()),
    );
    object.insert(
        "Layer".to_owned(),
        Value::from(layer_name(statement.source.layer)),
    );
    if let Some(level) = statement.level {
        object.insert("Level".to_owned(), Value::from(level.saturating_add(1)));
    }
    object.insert("StatementIndex".to_owned(), Value::from(statement.index));
    object.insert(
        "Sid".to_owned(),
        statement.sid.as_deref().map_or(Value::Null, Value::from),
    );
    object.insert(
        "Effect".to_owned(),
        Value::from(match statement.effect {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }),
    );
    object.insert("Span".to_owned(), span_json(statement.span));
    Value::Object(object)
}

fn statement_trace_json(trace: &StatementTrace) -> Value {
    let mut object = Map::new();
    object.insert("Statement".to_owned(), statement_ref_json(&trace.statement));
    object.insert("Applies".to_owned(), Value::from(trace.applies));
    object.insert("Action".to_owned(), element_json(&trace.action));
    object.insert("Resource".to_owned(), element_json(&trace.resource));
    object.insert("Principal".to_owned(), principal_json(&trace.principal));
    object.insert(
        "Conditions".to_owned(),
        trace.conditions.iter().map(condition_json).collect(),
    );
    Value::Object(object)
}

fn element_json(element: &ElementTrace) -> Value {
    let mut object = Map::new();
    object.insert("Present".to_owned(), Value::from(element.present));
    object.insert("Negated".to_owned(), Value::from(element.negated));
    object.insert("Satisfied".to_owned(), Value::from(element.satisfied));
    object.insert(
        "MatchedPattern".to_owned(),
        element
            .matched_pattern
            .as_deref()
            .map_or(Value::Null, Value::from),
    );
    Value::Object(object)
}

fn principal_json(principal: &PrincipalTrace) -> Value {
    let mut object = Map::new();
    object.insert("Present".to_owned(), Value::from(principal.present));
    object.insert("Negated".to_owned(), Value::from(principal.negated));
    object.insert("Satisfied".to_owned(), Value::from(principal.satisfied));
    let named_as = principal.named_as.map(|named_as| match named_as {
        PrincipalMatch::Account => "account",
        PrincipalMatch::Role => "role",
        PrincipalMatch::Exact => "exact",
    });
    object.insert("NamedAs".to_owned(), named_as.map_or(Value::Null, Value::from));
    object.insert(
        "Values".to_owned(),
        principal
            .values
            .iter()
            .map(|value| Value::from(value.as_str()))
            .collect(),
    );
    Value::Object(object)
}

fn condition_json(condition: &ConditionTrace) -> Value {
    let mut object = Map::new();
    object.insert("Operator".to_owned(), Value::from(condition.operator.as_str()));
    object.insert("Key".to_owned(), Value::from(condition.key.as_str()));
    object.insert(
        "PolicyValues".to_owned(),
        condition
            .written_values
            .iter()
            .map(|value| Value::from(value.as_str()))
            .collect(),
    );
    object.insert(
        "ResolvedPolicyValues".to_owned(),
        condition
            .policy_values
            .iter()
            .map(|value| value.as_deref().map_or(Value::Null, Value::from))
            .collect(),
    );
    object.insert(
        "RequestValues".to_owned(),
        condition.request_values.as_ref().map_or(Value::Null, |values| {
            values.iter().map(|value| Value::from(value.as_str())).collect()
        }),
    );
    object.insert("Result".to_owned(), Value::from(condition.result));
    object.insert("Span".to_owned(), span_json(condition.span));
    Value::Object(object)
}

/// A span as the engine keeps it: 1-based lines and columns, 0-based byte offsets, `End` just past the end.
fn span_json(span: Span) -> Value {
    let position = |position: Position| {
        let mut object = Map::new();
        object.insert("Line".to_owned(), Value::from(position.line));
        object.insert("Column".to_owned(), Value::from(position.column));
        object.insert("Offset".to_owned(), Value::from(position.offset));
        Value::Object(object)
    };
    let mut object = Map::new();
    object.insert("Start".to_owned(), position(span.start));
    object.insert("End".to_owned(), position(span.end));
    Value::Object(object)
}
