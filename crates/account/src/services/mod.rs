//! The entry point [`Account::call`] and what every operation shares: the per-call scope, input readers,
//! AWS's validation errors, and the CloudTrail record of the call. One module per service holds the
//! operations.

use serde_json::{Map, Value};

use crate::api::{ApiCall, ApiError, Caller, ErrorCode, Service};
use crate::audit::{AuditRecord, AuditResource, EventType};
use crate::auth::{Authorization, Target};
use crate::ids::AccountId;
use crate::json;
use crate::model::{Session, SessionOrigin, Tag};
use crate::state::Account;

pub(crate) mod ec2;
pub(crate) mod iam;
pub(crate) mod kms;
pub(crate) mod schedule;
pub(crate) mod secretsmanager;
pub(crate) mod sts;

/// Everything one API call carries while it runs.
#[derive(Debug, Clone)]
pub(crate) struct CallScope {
    pub caller: Caller,
    pub identity: Session,
    pub region: String,
    pub service: Service,
    /// Records AWS adds (KMS calls made on the caller's behalf, per-secret records of a batch), appended
    /// after the call's own record.
    pub extra_records: Vec<AuditRecord>,
    /// `resources[]` of the call's own record.
    pub resources: Vec<AuditResource>,
    /// What CloudTrail shows as `responseElements` when it differs from the response (sensitive fields).
    pub response_for_trail: Option<Value>,
    /// Rotations to start once the call's own record is written (rotation runs asynchronously in AWS).
    pub deferred_rotations: Vec<DeferredRotation>,
    /// Accounts owning resources the call reached in another account: they get a copy of the record.
    pub resource_owners: Vec<AccountId>,
    /// The authorisations of this call that denied.
    pub denials: Vec<Authorization>,
}

/// A rotation RotateSecret started: a full one, or with `RotateImmediately: false` only a test of the function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DeferredRotation {
    pub secret_arn: String,
    pub token: String,
    pub test_only: bool,
}

impl Account {
    /// Makes one API call: authorises it, changes state only when allowed, and appends the audit record(s).
    /// Returns AWS's response JSON (the output shape of the operation) or AWS's error.
    pub fn call(&mut self, caller: &Caller, call: &ApiCall) -> Result<Value, ApiError> {
        let region = match call.service {
            Service::Iam => crate::state::DEFAULT_REGION.to_owned(),
            _ => call.region.clone().unwrap_or_else(|| self.home_region.clone()),
        };
        let request_id = self.ids.uuid();
        match self.resolve_credentials(&caller.credentials, call.service) {
            Err(error) => {
                let identity_json = self.unresolved_identity(caller);
                let record = self.call_record(
                    caller,
                    call,
                    &region,
                    request_id,
                    identity_json,
                    None,
                    Err(&error),
                    Vec::new(),
                    None,
                );
                self.trail.push(record);
                Err(error)
            }
            Ok(identity) => {
                let mut scope = CallScope {
                    caller: caller.clone(),
                    identity,
                    region: region.clone(),
                    service: call.service,
                    extra_records: Vec::new(),
                    resources: Vec::new(),
                    response_for_trail: None,
                    deferred_rotations: Vec::new(),
                    resource_owners: Vec::new(),
                    denials: Vec::new(),
                };
                let result = self
                    .dispatch(&mut scope, call)
                    .map_err(|error| protocol_error(call.service, error));
                let identity_json = user_identity(&scope.identity, None);
                let resources = std::mem::take(&mut scope.resources);
                let trail_response = scope.response_for_trail.take();
                let username = Some(scope.identity.session_name.clone());
                let mut record = self.call_record(
                    caller,
                    call,
                    &region,
                    request_id,
                    identity_json,
                    username,
                    result.as_ref(),
                    resources,
                    trail_response,
                );
                record.access_key_id = Some(scope.identity.access_key_id.to_string());
                self.last_denial = match &result {
                    Err(_) => scope.denials.pop(),
                    Ok(_) => None,
                };
                let owners = std::mem::take(&mut scope.resource_owners);
                self.deliver(record, &owners);
                for extra in std::mem::take(&mut scope.extra_records) {
                    let owners: Vec<AccountId> = extra
                        .resources
                        .iter()
                        .map(|resource| AccountId::new(&resource.account_id))
                        .collect();
                    self.deliver(extra, &owners);
                }
                for rotation in std::mem::take(&mut scope.deferred_rotations) {
                    if rotation.test_only {
                        self.run_test_rotation(&rotation.secret_arn);
                    } else {
                        self.run_rotation(&rotation.secret_arn, &rotation.token);
                    }
                }
                result
            }
        }
    }

    /// Why the latest API call was denied: its request (with the full context), AWS's message and the
    /// `policy::Explanation`. `None` after a call that succeeded or failed for another reason.
    pub fn last_denial(&self) -> Option<&Authorization> {
        self.last_denial.as_ref()
    }

    fn dispatch(&mut self, scope: &mut CallScope, call: &ApiCall) -> Result<Value, ApiError> {
        let input = if call.input.is_null() {
            Value::Object(Map::new())
        } else {
            call.input.clone()
        };
        if !input.is_object() {
            return Err(ApiError::new(
                ErrorCode::ValidationException,
                "The request body must be a JSON object",
            ));
        }
        match call.service {
            Service::SecretsManager => self.secretsmanager_call(scope, &call.operation, &input),
            Service::Kms => self.kms_call(scope, &call.operation, &input),
            Service::Iam => self.iam_call(scope, &call.operation, &input),
            Service::Sts => self.sts_call(scope, &call.operation, &input),
            Service::Ec2 => self.ec2_call(scope, &call.operation, &input),
        }
    }

    fn unresolved_identity(&self, caller: &Caller) -> Value {
        if let crate::api::Credentials::AccessKey(key) = &caller.credentials {
            if let Some(session) = self
                .sessions
                .iter()
                .rev()
                .find(|session| session.access_key_id.as_str() == key)
            {
                return user_identity(session, None);
            }
            return json!({"type": "Unknown", "accessKeyId": key});
        }
        json!({"type": "Unknown"})
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn call_record(
        &mut self,
        caller: &Caller,
        call: &ApiCall,
        region: &str,
        request_id: String,
        user_identity: Value,
        username: Option<String>,
        result: Result<&Value, &ApiError>,
        resources: Vec<AuditResource>,
        trail_response: Option<Value>,
    ) -> AuditRecord {
        let read_only = is_read_only(call.service, &call.operation);
        let (error_code, error_message, response_elements) = match result {
            Ok(response) => {
                let elements = if read_only {
                    Value::Null
                } else {
                    trail_response.unwrap_or_else(|| trail_shape(response))
                };
                (None, None, elements)
            }
            Err(error) => (
                Some(error.code.as_str().to_owned()),
                Some(error.message.clone()),
                Value::Null,
            ),
        };
        let vpc_endpoint_id = self
            .endpoint_for(&caller.network, call.service)
            .map(|endpoint| endpoint.id.clone());
        let recipient = match &user_identity.get("accountId").and_then(Value::as_str) {
            Some(account) => (*account).to_owned(),
            None => self.home.to_string(),
        };
        AuditRecord {
            event_time: self.now,
            event_source: call.service.event_source().to_owned(),
            event_name: call.operation.clone(),
            aws_region: region.to_owned(),
            source_ip_address: caller.network.source_ip.clone(),
            user_agent: caller.network.user_agent.clone(),
            user_identity,
            username,
            access_key_id: None,
            request_parameters: trail_shape(&call.input),
            response_elements,
            additional_event_data: None,
            error_code,
            error_message,
            request_id,
            event_id: self.ids.uuid(),
            read_only,
            event_type: EventType::AwsApiCall,
            recipient_account_id: recipient,
            shared_event_id: None,
            resources,
            vpc_endpoint_id,
            tls_host: Some(host_header(call.service, region)),
        }
    }

    /// A record AWS writes for a call one service makes on the caller's behalf (`invokedBy`).
    pub(crate) fn invoked_record(
        &mut self,
        scope: &CallScope,
        service: Service,
        event_name: &str,
        request_parameters: Value,
        error: Option<&ApiError>,
        resources: Vec<AuditResource>,
    ) -> AuditRecord {
        let request_id = self.ids.uuid();
        let event_id = self.ids.uuid();
        let recipient = scope.identity.account.to_string();
        AuditRecord {
            event_time: self.now,
            event_source: service.event_source().to_owned(),
            event_name: event_name.to_owned(),
            aws_region: scope.region.clone(),
            source_ip_address: "secretsmanager.amazonaws.com".to_owned(),
            user_agent: "secretsmanager.amazonaws.com".to_owned(),
            user_identity: user_identity(&scope.identity, Some("secretsmanager.amazonaws.com")),
            username: Some(scope.identity.session_name.clone()),
            access_key_id: Some(scope.identity.access_key_id.to_string()),
            request_parameters,
            response_elements: Value::Null,
            additional_event_data: None,
            error_code: error.map(|error| error.code.as_str().to_owned()),
            error_message: error.map(|error| error.message.clone()),
            request_id,
            event_id,
            read_only: true,
            event_type: EventType::AwsApiCall,
            recipient_account_id: recipient,
            shared_event_id: None,
            resources,
            vpc_endpoint_id: None,
            tls_host: None,
        }
    }

    /// A Secrets Manager service event (`AwsServiceEvent`): rotation and deletion progress.
    pub(crate) fn service_event(
        &mut self,
        account: &AccountId,
        region: &str,
        event_name: &str,
        secret_arn: &str,
        error_message: Option<String>,
        request_id: Option<String>,
    ) -> AuditRecord {
        let request_id = request_id.unwrap_or_else(|| self.ids.uuid());
        let event_id = self.ids.uuid();
        let record = AuditRecord {
            event_time: self.now,
            event_source: Service::SecretsManager.event_source().to_owned(),
            event_name: event_name.to_owned(),
            aws_region: region.to_owned(),
            source_ip_address: "secretsmanager.amazonaws.com".to_owned(),
            user_agent: "secretsmanager.amazonaws.com".to_owned(),
            user_identity: json!({"accountId": account.as_str(), "invokedBy": "secretsmanager.amazonaws.com"}),
            username: None,
            access_key_id: None,
            request_parameters: Value::Null,
            response_elements: Value::Null,
            additional_event_data: Some(json!({"SecretId": secret_arn})),
            error_code: None,
            error_message,
            request_id,
            event_id,
            read_only: false,
            event_type: EventType::AwsServiceEvent,
            recipient_account_id: account.to_string(),
            shared_event_id: None,
            resources: Vec::new(),
            vpc_endpoint_id: None,
            tls_host: None,
        };
        record
    }

    /// Authorises `action` for the scope's caller against `target`, through the caller's VPC endpoint.
    /// Denials are remembered in the scope, so that [`Account::last_denial`] can explain the call.
    pub(crate) fn authorize_scope(
        &self,
        scope: &mut CallScope,
        action: &str,
        target: &Target<'_>,
        extra: &policy::RequestContext,
    ) -> Authorization {
        let service = action
            .split(':')
            .next()
            .and_then(Service::from_prefix)
            .unwrap_or(scope.service);
        let endpoint = if service == scope.service {
            self.endpoint_for(&scope.caller.network, service)
        } else {
            None
        };
        let authorization = self.authorize(
            &scope.identity,
            &scope.caller.network,
            endpoint,
            &scope.region,
            action,
            target,
            extra,
        );
        if !authorization.allowed() {
            scope.denials.push(authorization.clone());
        }
        authorization
    }
}

/// Request validation errors in each protocol's words: the JSON protocols' `ValidationException`, IAM's and
/// STS's `ValidationError`, EC2's `MissingParameter` for an absent required member.
fn protocol_error(service: Service, error: ApiError) -> ApiError {
    if error.code != ErrorCode::ValidationException {
        return error;
    }
    match service {
        Service::Iam | Service::Sts => ApiError::new(ErrorCode::ValidationError, error.message),
        Service::Ec2 => {
            let member = error
                .message
                .strip_prefix("1 validation error detected: Value null at '")
                .and_then(|rest| rest.split_once('\''))
                .map(|(member, _)| {
                    let mut characters = member.chars();
                    characters
                        .next()
                        .map(|first| first.to_ascii_uppercase().to_string() + characters.as_str())
                        .unwrap_or_default()
                });
            match member {
                Some(member) => ApiError::new(
                    ErrorCode::MissingParameter,
                    format!("The request must contain the parameter {member}"),
                ),
                None => ApiError::new(ErrorCode::InvalidParameterValue, error.message),
            }
        }
        Service::SecretsManager | Service::Kms => error,
    }
}

/// The `userIdentity` of a role session; `invoked_by` marks calls a service made on the caller's behalf.
pub(crate) fn user_identity(session: &Session, invoked_by: Option<&str>) -> Value {
    let mut attributes = Map::new();
    json::insert(&mut attributes, "creationDate", json!(session.issued.iso()));
    json::insert(&mut attributes, "mfaAuthenticated", json!("false"));
    let mut context = Map::new();
    json::insert(
        &mut context,
        "sessionIssuer",
        json!({
            "type": "Role",
            "principalId": session.role_id,
            "arn": session.role_arn,
            "accountId": session.account.as_str(),
            "userName": session.role_name,
        }),
    );
    json::insert(&mut context, "webIdFederationData", json!({}));
    json::insert(&mut context, "attributes", Value::Object(attributes));
    if let SessionOrigin::Instance { role_delivery, .. } = &session.origin {
        json::insert(&mut context, "ec2RoleDelivery", json!(role_delivery.as_str()));
    }
    let mut identity = Map::new();
    json::insert(&mut identity, "type", json!("AssumedRole"));
    json::insert(&mut identity, "principalId", json!(session.user_id()));
    json::insert(&mut identity, "arn", json!(session.arn()));
    json::insert(&mut identity, "accountId", json!(session.account.as_str()));
    json::insert(
        &mut identity,
        "accessKeyId",
        json!(session.access_key_id.as_str()),
    );
    json::insert(&mut identity, "sessionContext", Value::Object(context));
    if let Some(service) = invoked_by {
        json::insert(&mut identity, "invokedBy", json!(service));
    }
    Value::Object(identity)
}

/// Whether CloudTrail marks the operation `readOnly`.
pub(crate) fn is_read_only(service: Service, operation: &str) -> bool {
    let reading = ["Get", "Describe", "List", "BatchGet", "Lookup", "Validate"]
        .iter()
        .any(|prefix| operation.starts_with(prefix));
    reading
        || matches!(
            (service, operation),
            (Service::Kms, "Decrypt" | "Encrypt" | "GenerateDataKey") | (Service::Sts, "AssumeRole")
        )
}

/// The host header a client uses for the service in the Region.
fn host_header(service: Service, region: &str) -> String {
    match service {
        Service::Iam => "iam.amazonaws.com".to_owned(),
        _ => format!("{}.{region}.amazonaws.com", service.prefix()),
    }
}

/// Members CloudTrail never records.
const SENSITIVE: [&str; 9] = [
    "SecretString",
    "SecretBinary",
    "RotationToken",
    "Plaintext",
    "SecretAccessKey",
    "RandomPassword",
    "SessionToken",
    "CiphertextBlob",
    "Token",
];

/// A request or response in CloudTrail's shape: members camelCased (`SecretId` → `secretId`,
/// `ARN` → `aRN` is avoided: all-caps names become lower case), sensitive members dropped.
pub(crate) fn trail_shape(value: &Value) -> Value {
    match value {
        Value::Object(members) => {
            let mut shaped = Map::new();
            for (key, member) in members {
                if SENSITIVE.contains(&key.as_str()) {
                    continue;
                }
                shaped.insert(camel_case(key), trail_shape(member));
            }
            Value::Object(shaped)
        }
        Value::Array(items) => Value::Array(items.iter().map(trail_shape).collect()),
        other => other.clone(),
    }
}

fn camel_case(key: &str) -> String {
    if key.chars().all(|character| !character.is_ascii_lowercase()) {
        return key.to_ascii_lowercase();
    }
    let mut characters = key.chars();
    match characters.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + characters.as_str(),
        None => String::new(),
    }
}

// ---- input readers and validation errors ----------------------------------------------------------------

/// AWS's request validation error for a missing required member.
pub(crate) fn missing(member: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ValidationException,
        format!("1 validation error detected: Value null at '{}' failed to satisfy constraint: Member must not be null", camel_case(member)),
    )
}

pub(crate) fn required_str<'a>(input: &'a Value, member: &str) -> Result<&'a str, ApiError> {
    input
        .get(member)
        .and_then(Value::as_str)
        .ok_or_else(|| missing(member))
}

pub(crate) fn optional_str<'a>(input: &'a Value, member: &str) -> Option<&'a str> {
    input.get(member).and_then(Value::as_str)
}

pub(crate) fn optional_bool(input: &Value, member: &str) -> Option<bool> {
    input.get(member).and_then(Value::as_bool)
}

pub(crate) fn optional_i64(input: &Value, member: &str) -> Option<i64> {
    input.get(member).and_then(|value| {
        value
            .as_i64()
            .or_else(|| value.as_str().and_then(|text| text.parse().ok()))
    })
}

/// `[{"Key": ..., "Value": ...}]`.
pub(crate) fn read_tags(input: &Value, member: &str) -> Vec<Tag> {
    input
        .get(member)
        .and_then(Value::as_array)
        .map(|tags| {
            tags.iter()
                .filter_map(|tag| {
                    Some(Tag {
                        key: tag.get("Key")?.as_str()?.to_owned(),
                        value: tag
                            .get("Value")
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_owned(),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

pub(crate) fn tags_json(tags: &[Tag]) -> Value {
    Value::Array(
        tags.iter()
            .map(|tag| json!({"Key": tag.key, "Value": tag.value}))
            .collect(),
    )
}

/// Strings of a member that is a string or a list of strings.
pub(crate) fn string_list(input: &Value, member: &str) -> Vec<String> {
    match input.get(member) {
        Some(Value::String(text)) => vec![text.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

pub(crate) fn unknown_operation(service: Service, operation: &str) -> ApiError {
    match service {
        Service::Iam | Service::Sts | Service::Ec2 => ApiError::new(
            ErrorCode::InvalidAction,
            format!("The action {operation} is not valid for this web service."),
        ),
        Service::SecretsManager | Service::Kms => ApiError::new(ErrorCode::UnknownOperationException, ""),
    }
}

/// The AccessDenied error of a service for an authorisation's message.
pub(crate) fn access_denied(
    service: Service,
    authorization: &Authorization,
    encoded: Option<String>,
) -> ApiError {
    let message = authorization.message.clone().unwrap_or_default();
    match service {
        Service::SecretsManager | Service::Kms => ApiError::new(ErrorCode::AccessDeniedException, message),
        Service::Iam | Service::Sts => ApiError::new(ErrorCode::AccessDenied, message),
        Service::Ec2 => ApiError::new(
            ErrorCode::UnauthorizedOperation,
            format!(
                "You are not authorized to perform this operation. {message}. Encoded authorization failure message: {}",
                encoded.unwrap_or_default()
            ),
        ),
    }
}
