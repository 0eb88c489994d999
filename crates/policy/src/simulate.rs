//! IAM's SimulateCustomPolicy: the request and response JSON of the AWS API, evaluated by this crate.
//!
//! [`simulate_custom_policy`] takes the request JSON exactly as `aws iam simulate-custom-policy
//! --cli-input-json` does (`PolicyInputList`, `PermissionsBoundaryPolicyInputList`, `ActionNames`,
//! `ResourceArns`, `ResourcePolicy`, `ResourceOwner`, `CallerArn`, `ContextEntries`, `ResourceHandlingOption`,
//! `MaxItems`, `Marker`) plus the layers the AWS API cannot express:
//!
//! | member | shape | `SourcePolicyId` of its statements |
//! |---|---|---|
//! | `ServiceControlPolicyInputList` | one list of documents per level, root first | `ServiceControlPolicyInputList.L.N` |
//! | `ResourceControlPolicyInputList` | same | `ResourceControlPolicyInputList.L.N` |
//! | `SessionPolicyInput` | a document | `SessionPolicyInput` |
//! | `VpcEndpointPolicyInput` | a document | `VpcEndpointPolicyInput` |
//! | `CallerAccount` | a 12-digit account ID, used when there is no `CallerArn` | — |
//!
//! The response is IAM's `{"EvaluationResults": [...], "IsTruncated": false}` with one extra member per
//! result, `Explanation`: the engine's full account of the decision:
//! `{"Decision", "Layers": [{"Layer", "Level"?, "Verdict"}], "DecidingStatements": [...], "Statements":
//! [{"Statement", "Applies", "Action", "Resource", "Principal", "Conditions": [{"Operator", "Key",
//! "PolicyValues", "ResolvedPolicyValues", "RequestValues", "Result", "Span"}]}], "MissingContextValues",
//! "Denial": {"PolicyType", "Explicit", "PolicyId", "Message"} | null, "Suggestions": [...]}`. Spans there are
//! the engine's (1-based line and column, byte offset, end exclusive); `StartPosition`/`EndPosition` in
//! `MatchedStatements` follow IAM's convention (see [`position`]).
//!
//! Where AWS's behaviour is known, the response follows it: `SourcePolicyType` is `IAM Policy`,
//! `Resource Policy` or `Permissions Boundary Policy`; `MatchedStatements` holds only the denying statements
//! of an explicit deny and is empty for an implicit deny; `EvalDecisionDetails` is absent for resource `*`,
//! `{}` within one account and `{"IAM Policy": .., "Resource Policy": ..}` across accounts, and absent when
//! an SCP stops the evaluation; `ResourceSpecificResults` holds the one resource of each result.
//!
//! [`Simulator`] is the stateful form: it reads the request and parses every policy once, then answers any
//! number of (action, resource, context) questions.

mod explanation;
mod input;
pub mod position;
mod response;

use serde_json::Value;

use crate::ast::Policy;
use crate::evaluate::{decide, Decision};
use crate::parse::{parse_policy, PolicyKind};
use crate::request::{Layer, PolicyLayers, PolicySource, Principal, Request, RequestContext, SourcedPolicy};

pub use position::LineColumn;

/// Runs IAM's SimulateCustomPolicy on `request_json` and returns the response JSON.
pub fn simulate_custom_policy(request_json: &str) -> Result<Value, SimulateError> {
    let simulator = Simulator::read(request_json, true)?;
    simulator.simulate()
}

/// The tagged form of an answer for the JavaScript boundary: the response with `"type": "ok"` as its first
/// member, or the error's [`SimulateError::to_json`] (`"type": "invalid"`). Never fails.
pub fn tagged(result: Result<Value, SimulateError>) -> Value {
    match result {
        Ok(Value::Object(members)) => {
            let mut tagged = serde_json::Map::with_capacity(members.len() + 1);
            tagged.insert("type".to_owned(), Value::from("ok"));
            tagged.extend(members);
            Value::Object(tagged)
        }
        Ok(other) => {
            let mut tagged = serde_json::Map::new();
            tagged.insert("type".to_owned(), Value::from("ok"));
            tagged.insert("value".to_owned(), other);
            Value::Object(tagged)
        }
        Err(error) => error.to_json(),
    }
}

/// A refusal in the tagged form of the JavaScript boundary, for errors of other operations (ValidatePolicy's
/// `ValidationException`): `{"type": "invalid", "code", "message"}`.
pub fn tagged_error(code: &str, message: &str) -> Value {
    let mut object = serde_json::Map::new();
    object.insert("type".to_owned(), Value::from("invalid"));
    object.insert("code".to_owned(), Value::from(code));
    object.insert("message".to_owned(), Value::from(message));
    Value::Object(object)
}

/// Why a simulation request was refused, with the error code and message AWS uses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SimulateError {
    /// The request is not JSON. The AWS CLI reports this itself, before calling the API.
    #[error("Invalid JSON: {message}")]
    InvalidJson { message: String },
    /// A member is missing, unknown or of the wrong JSON type: the AWS SDKs' client-side validation
    /// (botocore's `ParamValidation`), one problem per line.
    #[error("{message}")]
    ParameterValidation { message: String },
    /// IAM's request validation (`ValidationError`), e.g. an unknown `ContextKeyType`.
    #[error("{message}")]
    Validation { message: String },
    /// IAM's `InvalidInput`: a value IAM does not accept, such as a resource name that is not an ARN.
    #[error("{message}")]
    InvalidInput { message: String },
    /// IAM's `MalformedPolicyDocument`, with the parser's IAM text, the input it came from and where.
    #[error("{message}")]
    MalformedPolicyDocument {
        message: String,
        source_policy_id: String,
        position: Option<LineColumn>,
    },
}

impl SimulateError {
    /// The AWS error code: `InvalidInput`, `MalformedPolicyDocument`, `ValidationError`, or for problems the
    /// AWS CLI catches before sending the request, `ParamValidation` and `InvalidJson`.
    pub fn code(&self) -> &'static str {
        match self {
            SimulateError::InvalidJson { .. } => "InvalidJson",
            SimulateError::ParameterValidation { .. } => "ParamValidation",
            SimulateError::Validation { .. } => "ValidationError",
            SimulateError::InvalidInput { .. } => "InvalidInput",
            SimulateError::MalformedPolicyDocument { .. } => "MalformedPolicyDocument",
        }
    }

    /// The message, as AWS words it.
    pub fn message(&self) -> &str {
        match self {
            SimulateError::InvalidJson { message }
            | SimulateError::ParameterValidation { message }
            | SimulateError::Validation { message }
            | SimulateError::InvalidInput { message }
            | SimulateError::MalformedPolicyDocument { message, .. } => message,
        }
    }

    /// Where in the offending policy document the problem is, for `MalformedPolicyDocument`.
    pub fn position(&self) -> Option<LineColumn> {
        match self {
            SimulateError::MalformedPolicyDocument { position, .. } => *position,
            _ => None,
        }
    }

    /// Whether the AWS CLI would catch this before calling the service (exit code 252 rather than 254).
    pub fn is_client_side(&self) -> bool {
        matches!(
            self,
            SimulateError::InvalidJson { .. } | SimulateError::ParameterValidation { .. }
        )
    }

    /// The tagged JSON form used at the JavaScript boundary:
    /// `{"type": "invalid", "code", "message", "line", "column", "sourcePolicyId"}` (the last three only
    /// for policy errors).
    pub fn to_json(&self) -> Value {
        let mut object = serde_json::Map::new();
        object.insert("type".to_owned(), Value::from("invalid"));
        object.insert("code".to_owned(), Value::from(self.code()));
        object.insert("message".to_owned(), Value::from(self.message()));
        if let SimulateError::MalformedPolicyDocument {
            source_policy_id,
            position,
            ..
        } = self
        {
            if let Some(position) = position {
                object.insert("line".to_owned(), Value::from(position.line));
                object.insert("column".to_owned(), Value::from(position.column));
            }
            object.insert(
                "sourcePolicyId".to_owned(),
                Value::from(source_policy_id.as_str()),
            );
        }
        Value::Object(object)
    }
}

/// A simulation request read once, with every policy parsed once, ready to answer many questions.
#[derive(Debug, Clone)]
pub struct Simulator {
    /// A request by the caller with the request's context, reused for single decisions so that they
    /// allocate nothing but their layers.
    scratch: Scratch,
    principal: Principal,
    context: RequestContext,
    action_names: Vec<String>,
    resource_arns: Vec<String>,
    /// The account of `ResourceOwner`, for resources whose ARN names no account.
    resource_owner: Option<String>,
    policies: Vec<LoadedPolicy>,
    identity: Vec<usize>,
    permissions_boundary: Option<usize>,
    session: Vec<usize>,
    service_control: Vec<Vec<usize>>,
    resource_control: Vec<Vec<usize>>,
    vpc_endpoint: Option<usize>,
    resource: Option<usize>,
}

/// One input policy: where it came from, its text (for positions) and its parsed form.
#[derive(Debug, Clone)]
pub(crate) struct LoadedPolicy {
    pub source: PolicySource,
    pub text: String,
    pub policy: Policy,
}

impl Simulator {
    /// Reads a SimulateCustomPolicy request. `ActionNames` may be absent: the simulator is then asked with
    /// [`Simulator::evaluate`] or [`Simulator::decide_json`].
    pub fn new(request_json: &str) -> Result<Self, SimulateError> {
        Self::read(request_json, false)
    }

    fn read(request_json: &str, require_actions: bool) -> Result<Self, SimulateError> {
        let request = input::read_request(request_json, require_actions)?;
        let action_names = request.action_names.unwrap_or_default();
        for action in &action_names {
            input::check_action_name(action)?;
        }
        let resource_arns = if request.resource_arns.is_empty() {
            vec!["*".to_owned()]
        } else {
            request.resource_arns
        };
        for resource in &resource_arns {
            input::check_resource_arn(resource)?;
        }
        let resource_owner = request
            .resource_owner
            .as_deref()
            .map(input::resource_owner_account)
            .transpose()?;
        if request.resource_policy.is_some() && request.caller_arn.is_none() {
            return Err(SimulateError::InvalidInput {
                message: "CallerArn is required if you include a ResourcePolicy.".to_owned(),
            });
        }
        if request.permissions_boundary_policy_input_list.len() > 1 {
            return Err(SimulateError::InvalidInput {
                message: "The list of Permissions Boundary policies cannot exceed 1 items.".to_owned(),
            });
        }
        let principal = input::caller_principal(
            request.caller_arn.as_deref(),
            request.caller_account.as_deref(),
            resource_owner.as_deref(),
        )?;

        let mut loader = Loader::default();
        let identity = request
            .policy_input_list
            .into_iter()
            .enumerate()
            .map(|(index, text)| {
                loader.load(
                    text,
                    format!("PolicyInputList.{}", index + 1),
                    Layer::Identity,
                    PolicyKind::IdentityManaged,
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        let permissions_boundary = request
            .permissions_boundary_policy_input_list
            .into_iter()
            .next()
            .map(|text| {
                loader.load(
                    text,
                    "PermissionsBoundaryPolicyInputList.1".to_owned(),
                    Layer::PermissionsBoundary,
                    PolicyKind::PermissionsBoundary,
                )
            })
            .transpose()?;
        let resource = request
            .resource_policy
            .map(|text| {
                loader.load(
                    text,
                    "ResourcePolicy".to_owned(),
                    Layer::Resource,
                    PolicyKind::SecretResource,
                )
            })
            .transpose()?;
        let session = request
            .session_policy_input
            .map(|text| {
                loader.load(
                    text,
                    "SessionPolicyInput".to_owned(),
                    Layer::Session,
                    PolicyKind::Session,
                )
            })
            .transpose()?
            .into_iter()
            .collect();
        let vpc_endpoint = request
            .vpc_endpoint_policy_input
            .map(|text| {
                loader.load(
                    text,
                    "VpcEndpointPolicyInput".to_owned(),
                    Layer::VpcEndpoint,
                    PolicyKind::VpcEndpoint,
                )
            })
            .transpose()?;
        let service_control = loader.load_levels(
            request.service_control_policy_input_list,
            "ServiceControlPolicyInputList",
            Layer::ServiceControl,
            PolicyKind::ServiceControl,
        )?;
        let resource_control = loader.load_levels(
            request.resource_control_policy_input_list,
            "ResourceControlPolicyInputList",
            Layer::ResourceControl,
            PolicyKind::ResourceControl,
        )?;
        let scratch = Scratch::new(Request {
            principal: principal.clone(),
            action: String::new(),
            resource: String::new(),
            context: request.context_entries.clone(),
        });
        Ok(Simulator {
            scratch,
            principal,
            context: request.context_entries,
            action_names,
            resource_arns,
            resource_owner,
            policies: loader.policies,
            identity,
            permissions_boundary,
            session,
            service_control,
            resource_control,
            vpc_endpoint,
            resource,
        })
    }

    /// The simulated caller.
    pub fn principal(&self) -> &Principal {
        &self.principal
    }

    /// The request context from `ContextEntries`.
    pub fn context(&self) -> &RequestContext {
        &self.context
    }

    /// The account that owns `resource`: the account in its ARN, else `ResourceOwner`, else the caller's.
    pub fn resource_account<'a>(&'a self, resource: &'a str) -> &'a str {
        input::resource_account(resource)
            .or(self.resource_owner.as_deref())
            .unwrap_or(self.principal.account.as_str())
    }

    /// The policy layers for a request on `resource`. The layers borrow the simulator; build them once and
    /// reuse them for every request on resources of the same account.
    pub fn layers(&self, resource: &str) -> PolicyLayers<'_> {
        let sourced = |index: &usize| {
            self.policies.get(*index).map(|loaded| SourcedPolicy {
                source: &loaded.source,
                policy: &loaded.policy,
            })
        };
        let resource_account = self.resource_account(resource);
        PolicyLayers {
            identity: self.identity.iter().filter_map(sourced).collect(),
            permissions_boundary: self.permissions_boundary.as_ref().and_then(sourced),
            session: self.session.iter().filter_map(sourced).collect(),
            service_control: self
                .service_control
                .iter()
                .map(|level| level.iter().filter_map(sourced).collect())
                .collect(),
            resource_control: self
                .resource_control
                .iter()
                .map(|level| level.iter().filter_map(sourced).collect())
                .collect(),
            vpc_endpoint: self.vpc_endpoint.as_ref().and_then(sourced),
            resource: self.resource.as_ref().and_then(sourced),
            resource_account: (resource_account != self.principal.account)
                .then(|| resource_account.to_owned()),
            resource_rule: crate::request::ResourceRule::Standard,
        }
    }

    /// The request for `action` on `resource` by the simulated caller, with `context`.
    pub fn request(&self, action: &str, resource: &str, context: RequestContext) -> Request {
        Request {
            principal: self.principal.clone(),
            action: action.to_owned(),
            resource: resource.to_owned(),
            context,
        }
    }

    /// Decides `action` on `resource` with exactly `context` (start from [`Simulator::context`] to keep the
    /// request's `ContextEntries`).
    pub fn evaluate(&self, action: &str, resource: &str, context: &RequestContext) -> Decision {
        if std::ptr::eq(context, &self.context) {
            return self.decide_with_request_context(action, resource);
        }
        let request = self.request(action, resource, context.clone());
        decide(&request, &self.layers(resource))
    }

    /// Decides every (action, resource) cell with the request's own context, reusing one request and one
    /// set of layers: the fast path for access matrices. Decisions come in the order of `cells`.
    pub fn decide_cells<'c>(&self, cells: impl IntoIterator<Item = (&'c str, &'c str)>) -> Vec<Decision> {
        let mut request = self.request("", "", self.context.clone());
        let mut layers = self.layers("*");
        let home_account = self.principal.account.clone();
        cells
            .into_iter()
            .map(|(action, resource)| {
                request.action.clear();
                request.action.push_str(action);
                request.resource.clear();
                request.resource.push_str(resource);
                let account = self.resource_account(resource);
                if account == home_account {
                    layers.resource_account = None;
                } else if layers.resource_account.as_deref() != Some(account) {
                    layers.resource_account = Some(account.to_owned());
                }
                decide(&request, &layers)
            })
            .collect()
    }

    /// The SimulateCustomPolicy response for the request's own `ActionNames` × `ResourceArns`.
    pub fn simulate(&self) -> Result<Value, SimulateError> {
        Ok(response::simulate(
            self,
            &self.action_names,
            &self.resource_arns,
            &self.context,
        ))
    }

    /// One decision as JSON text input and output, for the JavaScript facade: `context_json` is a
    /// `ContextEntries` list (or empty text for none) whose entries override the request's.
    pub fn decide_json(
        &self,
        action: &str,
        resource: &str,
        context_json: &str,
    ) -> Result<Decision, SimulateError> {
        input::check_action_name(action)?;
        input::check_resource_arn(resource)?;
        let trimmed = context_json.trim();
        if trimmed.is_empty() || trimmed == "[]" {
            return Ok(self.decide_with_request_context(action, resource));
        }
        let context = self.context_with(context_json)?;
        Ok(self.evaluate(action, resource, &context))
    }

    /// Decides `action` on `resource` with the request's own `ContextEntries`, reusing the scratch request.
    pub fn decide_with_request_context(&self, action: &str, resource: &str) -> Decision {
        let layers = self.layers(resource);
        match self.scratch.0.try_lock() {
            Ok(mut request) => {
                request.action.clear();
                request.action.push_str(action);
                request.resource.clear();
                request.resource.push_str(resource);
                decide(&request, &layers)
            }
            // Another thread holds the scratch request (or a panic poisoned it): build a fresh one.
            Err(_) => decide(&self.request(action, resource, self.context.clone()), &layers),
        }
    }

    /// Many decisions at once. `cells_json` is either `{"ActionNames": [...], "ResourceArns": [...]}` (every
    /// action on every resource, action-major, as SimulateCustomPolicy orders its results) or a list of
    /// `{"ActionName", "ResourceArn"}` cells. The answer is `{"Decisions": ["allowed", ...]}` in that order.
    pub fn matrix_json(&self, cells_json: &str) -> Result<Value, SimulateError> {
        let decisions = self.matrix(cells_json)?;
        let names: Vec<Value> = decisions
            .into_iter()
            .map(|decision| Value::from(decision.as_str()))
            .collect();
        let mut object = serde_json::Map::new();
        object.insert("Decisions".to_owned(), Value::Array(names));
        Ok(Value::Object(object))
    }

    /// [`Simulator::matrix_json`] as tagged JSON text (`{"type":"ok","Decisions":[...]}` or the refusal),
    /// written directly: the JavaScript facade's matrix call.
    pub fn matrix_tagged_text(&self, cells_json: &str) -> String {
        match self.matrix(cells_json) {
            Ok(decisions) => {
                let mut text = String::with_capacity(32 + decisions.len() * 15);
                text.push_str(r#"{"type":"ok","Decisions":["#);
                for (index, decision) in decisions.iter().enumerate() {
                    if index > 0 {
                        text.push(',');
                    }
                    text.push('"');
                    text.push_str(decision.as_str());
                    text.push('"');
                }
                text.push_str("]}");
                text
            }
            Err(error) => error.to_json().to_string(),
        }
    }

    fn matrix(&self, cells_json: &str) -> Result<Vec<Decision>, SimulateError> {
        let cells = response::read_cells(cells_json)?;
        cells.check()?;
        Ok(self.decide_cells(cells.pairs()))
    }

    /// The full SimulateCustomPolicy response for `actions` × `resources` with the request's context, for
    /// the JavaScript facade: `request_json` holds `ActionNames`, `ResourceArns` and optionally
    /// `ContextEntries` (which override the request's).
    pub fn simulate_json(&self, request_json: &str) -> Result<Value, SimulateError> {
        let (actions, resources, context_entries) = response::read_questions(request_json)?;
        for action in &actions {
            input::check_action_name(action)?;
        }
        let resources = if resources.is_empty() {
            vec!["*".to_owned()]
        } else {
            resources
        };
        for resource in &resources {
            input::check_resource_arn(resource)?;
        }
        let mut context = self.context.clone();
        for (key, value) in context_entries.iter() {
            context.insert(key, value.clone());
        }
        Ok(response::simulate(self, &actions, &resources, &context))
    }

    fn context_with(&self, context_json: &str) -> Result<RequestContext, SimulateError> {
        let mut context = self.context.clone();
        if context_json.trim().is_empty() {
            return Ok(context);
        }
        let value: Value =
            serde_json::from_str(context_json).map_err(|error| SimulateError::InvalidJson {
                message: error.to_string(),
            })?;
        let mut problems = input::Problems::default();
        let overrides = input::context_entries(&value, &mut problems)?;
        problems.finish()?;
        for (key, value) in overrides.iter() {
            context.insert(key, value.clone());
        }
        Ok(context)
    }

    pub(crate) fn has_service_control(&self) -> bool {
        !self.service_control.is_empty()
    }

    pub(crate) fn has_permissions_boundary(&self) -> bool {
        self.permissions_boundary.is_some()
    }

    /// The text of the input policy named `source_policy_id` (`PolicyInputList.1`, `ResourcePolicy`, ...).
    pub fn policy_text(&self, source_policy_id: &str) -> Option<&str> {
        self.policies
            .iter()
            .find(|loaded| loaded.source.id == source_policy_id)
            .map(|loaded| loaded.text.as_str())
    }
}

/// The reusable request of [`Simulator::decide_with_request_context`]. A mutex keeps the simulator `Sync`; it
/// is never contended in the playground (single-threaded) and costs a few nanoseconds natively.
#[derive(Debug)]
struct Scratch(std::sync::Mutex<Request>);

impl Scratch {
    fn new(request: Request) -> Self {
        Scratch(std::sync::Mutex::new(request))
    }
}

impl Clone for Scratch {
    fn clone(&self) -> Self {
        match self.0.lock() {
            Ok(request) => Scratch::new(request.clone()),
            Err(poisoned) => Scratch::new(poisoned.into_inner().clone()),
        }
    }
}

/// Parses the input policies in order, keeping their sources and texts.
#[derive(Default)]
struct Loader {
    policies: Vec<LoadedPolicy>,
}

impl Loader {
    fn load(
        &mut self,
        text: String,
        id: String,
        layer: Layer,
        kind: PolicyKind,
    ) -> Result<usize, SimulateError> {
        match parse_policy(&text, kind) {
            Ok(policy) => {
                self.policies.push(LoadedPolicy {
                    source: PolicySource { id, layer },
                    text,
                    policy,
                });
                Ok(self.policies.len() - 1)
            }
            Err(error) => Err(SimulateError::MalformedPolicyDocument {
                message: error.message(),
                source_policy_id: id,
                position: Some(LineColumn {
                    line: error.span.start.line,
                    column: error.span.start.column,
                }),
            }),
        }
    }

    fn load_levels(
        &mut self,
        levels: Vec<Vec<String>>,
        name: &str,
        layer: Layer,
        kind: PolicyKind,
    ) -> Result<Vec<Vec<usize>>, SimulateError> {
        levels
            .into_iter()
            .enumerate()
            .map(|(level_index, level)| {
                level
                    .into_iter()
                    .enumerate()
                    .map(|(index, text)| {
                        self.load(
                            text,
                            format!("{name}.{}.{}", level_index + 1, index + 1),
                            layer,
                            kind,
                        )
                    })
                    .collect()
            })
            .collect()
    }
}
