//! Reading a SimulateCustomPolicy request: the JSON members AWS defines plus the playground's extra layers,
//! checked the way the AWS CLI (client side) and IAM (server side) check them, with their messages.

use serde_json::{Map, Value};

use crate::request::{ContextKeyType, ContextValue, Principal, PrincipalKind, RequestContext};

use super::SimulateError;

/// The members IAM's SimulateCustomPolicy accepts, in the order of its API reference.
const AWS_MEMBERS: [&str; 11] = [
    "PolicyInputList",
    "PermissionsBoundaryPolicyInputList",
    "ActionNames",
    "ResourceArns",
    "ResourcePolicy",
    "ResourceOwner",
    "CallerArn",
    "ContextEntries",
    "ResourceHandlingOption",
    "MaxItems",
    "Marker",
];

/// The playground's extra members: the policy layers SimulateCustomPolicy cannot express.
const EXTRA_MEMBERS: [&str; 5] = [
    "ServiceControlPolicyInputList",
    "ResourceControlPolicyInputList",
    "SessionPolicyInput",
    "VpcEndpointPolicyInput",
    "CallerAccount",
];

/// The account used when neither `CallerArn`, `CallerAccount` nor `ResourceOwner` names one: the account
/// ID AWS's own documentation examples use.
pub(crate) const DEFAULT_ACCOUNT: &str = "123456789012";

/// The name of the simulated caller when the request names none. SimulateCustomPolicy then uses the identity
/// that called the API; the playground has no such identity, so it uses an IAM user of this name.
pub(crate) const DEFAULT_CALLER_NAME: &str = "simulated-caller";

/// A request, read but with its policy documents still text.
#[derive(Debug, Clone, Default)]
pub(crate) struct RequestInput {
    pub policy_input_list: Vec<String>,
    pub permissions_boundary_policy_input_list: Vec<String>,
    /// `None` when absent (allowed for the stateful [`super::Simulator`], required for the one-shot API).
    pub action_names: Option<Vec<String>>,
    pub resource_arns: Vec<String>,
    pub resource_policy: Option<String>,
    pub resource_owner: Option<String>,
    pub caller_arn: Option<String>,
    pub context_entries: RequestContext,
    pub service_control_policy_input_list: Vec<Vec<String>>,
    pub resource_control_policy_input_list: Vec<Vec<String>>,
    pub session_policy_input: Option<String>,
    pub vpc_endpoint_policy_input: Option<String>,
    pub caller_account: Option<String>,
}

/// Reads `text` as a SimulateCustomPolicy request. `require_actions` is false for the stateful simulator,
/// which is built before the actions are known.
pub(crate) fn read_request(text: &str, require_actions: bool) -> Result<RequestInput, SimulateError> {
    let value: Value = serde_json::from_str(text).map_err(|error| SimulateError::InvalidJson {
        message: error.to_string(),
    })?;
    let Value::Object(members) = value else {
        return Err(SimulateError::ParameterValidation {
            message: format!(
                "Invalid type for parameter input, value: {}, type: {}, valid types: <class 'dict'>",
                python_repr(&value),
                python_type(&value)
            ),
        });
    };
    let mut problems = Problems::default();
    for key in members.keys() {
        if !AWS_MEMBERS.contains(&key.as_str()) && !EXTRA_MEMBERS.contains(&key.as_str()) {
            let all: Vec<&str> = AWS_MEMBERS.iter().chain(EXTRA_MEMBERS.iter()).copied().collect();
            problems.push(format!(
                "Unknown parameter in input: \"{key}\", must be one of: {}",
                all.join(", ")
            ));
        }
    }
    let mut input = RequestInput::default();
    match members.get("PolicyInputList") {
        None => problems.push("Missing required parameter in input: \"PolicyInputList\"".to_owned()),
        Some(value) => input.policy_input_list = documents(value, "PolicyInputList", &mut problems),
    }
    input.permissions_boundary_policy_input_list = members
        .get("PermissionsBoundaryPolicyInputList")
        .map(|value| documents(value, "PermissionsBoundaryPolicyInputList", &mut problems))
        .unwrap_or_default();
    match members.get("ActionNames") {
        None if require_actions => {
            problems.push("Missing required parameter in input: \"ActionNames\"".to_owned())
        }
        None => {}
        Some(value) => input.action_names = Some(strings(value, "ActionNames", &mut problems)),
    }
    input.resource_arns = members
        .get("ResourceArns")
        .map(|value| strings(value, "ResourceArns", &mut problems))
        .unwrap_or_default();
    input.resource_policy = optional_document(&members, "ResourcePolicy", &mut problems);
    input.resource_owner = optional_string(&members, "ResourceOwner", &mut problems);
    input.caller_arn = optional_string(&members, "CallerArn", &mut problems);
    let _handling = optional_string(&members, "ResourceHandlingOption", &mut problems);
    let _marker = optional_string(&members, "Marker", &mut problems);
    if let Some(max_items) = members.get("MaxItems") {
        if !max_items.is_i64() {
            problems.push(invalid_type("MaxItems", max_items, "<class 'int'>"));
        }
    }
    if let Some(value) = members.get("ContextEntries") {
        input.context_entries = context_entries(value, &mut problems)?;
    }
    input.service_control_policy_input_list = members
        .get("ServiceControlPolicyInputList")
        .map(|value| levels(value, "ServiceControlPolicyInputList", &mut problems))
        .unwrap_or_default();
    input.resource_control_policy_input_list = members
        .get("ResourceControlPolicyInputList")
        .map(|value| levels(value, "ResourceControlPolicyInputList", &mut problems))
        .unwrap_or_default();
    input.session_policy_input = optional_document(&members, "SessionPolicyInput", &mut problems);
    input.vpc_endpoint_policy_input = optional_document(&members, "VpcEndpointPolicyInput", &mut problems);
    input.caller_account = optional_string(&members, "CallerAccount", &mut problems);
    problems.finish()?;
    Ok(input)
}

/// The caller as IAM sees it, from `CallerArn` (an IAM user, an IAM role, an assumed-role session, a
/// federated user or the account root), or a default IAM user in `CallerAccount` when no ARN is given.
pub(crate) fn caller_principal(
    caller_arn: Option<&str>,
    caller_account: Option<&str>,
    fallback_account: Option<&str>,
) -> Result<Principal, SimulateError> {
    if let Some(account) = caller_account {
        if !is_account_id(account) {
            return Err(SimulateError::InvalidInput {
                message: format!("'{account}' is not a valid account ID for CallerAccount."),
            });
        }
    }
    let Some(arn) = caller_arn else {
        let account = caller_account
            .or(fallback_account)
            .unwrap_or(DEFAULT_ACCOUNT)
            .to_owned();
        return Ok(Principal {
            arn: format!("arn:aws:iam::{account}:user/{DEFAULT_CALLER_NAME}"),
            account,
            kind: PrincipalKind::User,
        });
    };
    let invalid = || SimulateError::InvalidInput {
        message: format!("Invalid CallerArn: {arn}."),
    };
    let parts = arn_parts(arn).ok_or_else(invalid)?;
    if !is_account_id(parts.account) || !parts.region.is_empty() {
        return Err(invalid());
    }
    if let Some(account) = caller_account {
        if account != parts.account {
            return Err(SimulateError::InvalidInput {
                message: format!("CallerAccount {account} does not match the account of CallerArn {arn}."),
            });
        }
    }
    let kind = match parts.service {
        "iam" => {
            if parts.resource == "root" {
                PrincipalKind::Root
            } else if parts.resource.strip_prefix("user/").is_some_and(has_name) {
                PrincipalKind::User
            } else if parts.resource.strip_prefix("role/").is_some_and(has_name) {
                PrincipalKind::Role
            } else {
                return Err(invalid());
            }
        }
        "sts" => {
            if let Some(rest) = parts.resource.strip_prefix("assumed-role/") {
                let (role_name, session_name) = rest.split_once('/').ok_or_else(invalid)?;
                if role_name.is_empty() || session_name.is_empty() || session_name.contains('/') {
                    return Err(invalid());
                }
                PrincipalKind::AssumedRole {
                    role_arn: format!("arn:{}:iam::{}:role/{role_name}", parts.partition, parts.account),
                    session_name: session_name.to_owned(),
                }
            } else if parts
                .resource
                .strip_prefix("federated-user/")
                .is_some_and(has_name)
            {
                PrincipalKind::FederatedUser
            } else {
                return Err(invalid());
            }
        }
        _ => return Err(invalid()),
    };
    Ok(Principal {
        arn: arn.to_owned(),
        account: parts.account.to_owned(),
        kind,
    })
}

/// The account in `ResourceOwner`: an ARN naming the account (`arn:aws:iam::123456789012:root`), or, as a
/// playground convenience, the bare 12-digit account ID.
pub(crate) fn resource_owner_account(owner: &str) -> Result<String, SimulateError> {
    if is_account_id(owner) {
        return Ok(owner.to_owned());
    }
    match arn_parts(owner) {
        Some(parts) if is_account_id(parts.account) => Ok(parts.account.to_owned()),
        _ => Err(SimulateError::InvalidInput {
            message: format!("'{owner}' is not a valid as a Resource Owner."),
        }),
    }
}

/// Checks one entry of `ResourceArns`: `*` or an ARN.
pub(crate) fn check_resource_arn(resource: &str) -> Result<(), SimulateError> {
    if resource == "*" || arn_parts(resource).is_some() {
        Ok(())
    } else {
        Err(SimulateError::InvalidInput {
            message: format!("ResourceNames are not in a valid ARN format: {resource}."),
        })
    }
}

/// Checks one entry of `ActionNames`: `service:Action`, without wildcards.
pub(crate) fn check_action_name(action: &str) -> Result<(), SimulateError> {
    let well_formed = action.split_once(':').is_some_and(|(service, name)| {
        !service.is_empty() && !name.is_empty() && !name.contains(':') && (3..=128).contains(&action.len())
    });
    if !well_formed {
        return Err(SimulateError::InvalidInput {
            message: format!("Invalid action name: {action}."),
        });
    }
    if action.contains(['*', '?']) {
        return Err(SimulateError::InvalidInput {
            message: format!("Action names cannot contain wildcards: {action}."),
        });
    }
    Ok(())
}

/// The account of a resource ARN, when the ARN names one (S3 bucket ARNs, for example, do not).
pub(crate) fn resource_account(resource: &str) -> Option<&str> {
    // The fifth colon-separated field, found in one pass over the bytes (this runs once per matrix cell, and
    // `splitn`'s char searcher costs several times more, in wasm especially).
    let rest = resource.strip_prefix("arn:")?;
    let mut colons = rest
        .bytes()
        .enumerate()
        .filter(|(_, byte)| *byte == b':')
        .map(|(at, _)| at);
    let (_partition_end, _service_end) = (colons.next()?, colons.next()?);
    let (region_end, account_end) = (colons.next()?, colons.next()?);
    rest.get(region_end + 1..account_end)
        .filter(|account| !account.is_empty())
}

/// Reads a list of `{"ContextKeyName", "ContextKeyValues", "ContextKeyType"}` entries.
pub(crate) fn context_entries(
    value: &Value,
    problems: &mut Problems,
) -> Result<RequestContext, SimulateError> {
    let mut context = RequestContext::new();
    let Value::Array(entries) = value else {
        problems.push(invalid_type(
            "ContextEntries",
            value,
            "<class 'list'>, <class 'tuple'>",
        ));
        return Ok(context);
    };
    for (index, entry) in entries.iter().enumerate() {
        let path = format!("ContextEntries[{index}]");
        let Value::Object(members) = entry else {
            problems.push(invalid_type(&path, entry, "<class 'dict'>"));
            continue;
        };
        for key in members.keys() {
            if !["ContextKeyName", "ContextKeyValues", "ContextKeyType"].contains(&key.as_str()) {
                problems.push(format!(
                    "Unknown parameter in {path}: \"{key}\", must be one of: ContextKeyName, ContextKeyValues, \
                     ContextKeyType"
                ));
            }
        }
        let name = match members.get("ContextKeyName") {
            Some(Value::String(name)) => Some(name.clone()),
            Some(other) => {
                problems.push(invalid_type(
                    &format!("{path}.ContextKeyName"),
                    other,
                    "<class 'str'>",
                ));
                None
            }
            None => None,
        };
        let values = members
            .get("ContextKeyValues")
            .map(|values| strings(values, &format!("{path}.ContextKeyValues"), problems))
            .unwrap_or_default();
        let key_type = match members.get("ContextKeyType") {
            None => ContextKeyType::String,
            Some(Value::String(type_name)) => match ContextKeyType::from_name(type_name) {
                Some(key_type) => key_type,
                None => {
                    return Err(SimulateError::Validation {
                        message: format!(
                            "1 validation error detected: Value '{type_name}' at 'contextEntries.{}.member.\
                             contextKeyType' failed to satisfy constraint: Member must satisfy enum value set: \
                             [string, stringList, numeric, numericList, boolean, booleanList, ip, ipList, binary, \
                             binaryList, date, dateList]",
                            index + 1
                        ),
                    })
                }
            },
            Some(other) => {
                problems.push(invalid_type(&format!("{path}.ContextKeyType"), other, "<class 'str'>"));
                ContextKeyType::String
            }
        };
        if let Some(name) = name {
            context.insert(&name, ContextValue::list(key_type, values));
        }
    }
    Ok(context)
}

/// Client-side parameter problems, gathered and reported together as botocore does.
#[derive(Debug, Default)]
pub(crate) struct Problems(Vec<String>);

impl Problems {
    pub(crate) fn push(&mut self, problem: String) {
        self.0.push(problem);
    }

    pub(crate) fn finish(self) -> Result<(), SimulateError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(SimulateError::ParameterValidation {
                message: self.0.join("\n"),
            })
        }
    }
}

/// The six colon-separated parts of an ARN.
struct ArnParts<'a> {
    partition: &'a str,
    service: &'a str,
    region: &'a str,
    account: &'a str,
    resource: &'a str,
}

fn arn_parts(arn: &str) -> Option<ArnParts<'_>> {
    let mut parts = arn.splitn(6, ':');
    if parts.next()? != "arn" {
        return None;
    }
    let partition = parts.next()?;
    let service = parts.next()?;
    let region = parts.next()?;
    let account = parts.next()?;
    let resource = parts.next()?;
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    Some(ArnParts {
        partition,
        service,
        region,
        account,
        resource,
    })
}

fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|byte| byte.is_ascii_digit())
}

/// Whether the part after `user/` or `role/` ends in a non-empty name.
fn has_name(path_and_name: &str) -> bool {
    path_and_name
        .rsplit('/')
        .next()
        .is_some_and(|name| !name.is_empty())
}

/// A policy document: the JSON text as a string (as the AWS API takes it) or, as a playground convenience,
/// the document itself as a JSON object, which is then read as its compact text.
fn document(value: &Value, path: &str, problems: &mut Problems) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Object(_) => Some(value.to_string()),
        other => {
            problems.push(invalid_type(path, other, "<class 'str'>"));
            None
        }
    }
}

fn documents(value: &Value, name: &str, problems: &mut Problems) -> Vec<String> {
    let Value::Array(items) = value else {
        problems.push(invalid_type(name, value, "<class 'list'>, <class 'tuple'>"));
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(index, item)| document(item, &format!("{name}[{index}]"), problems))
        .collect()
}

/// Organization policies: one list of documents per level, root first. A level given as a single document
/// is a level with that one policy.
fn levels(value: &Value, name: &str, problems: &mut Problems) -> Vec<Vec<String>> {
    let Value::Array(items) = value else {
        problems.push(invalid_type(name, value, "<class 'list'>, <class 'tuple'>"));
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .map(|(index, level)| match level {
            Value::Array(_) => documents(level, &format!("{name}[{index}]"), problems),
            single => document(single, &format!("{name}[{index}]"), problems)
                .into_iter()
                .collect(),
        })
        .collect()
}

fn optional_document(members: &Map<String, Value>, name: &str, problems: &mut Problems) -> Option<String> {
    members
        .get(name)
        .and_then(|value| document(value, name, problems))
}

fn optional_string(members: &Map<String, Value>, name: &str, problems: &mut Problems) -> Option<String> {
    match members.get(name) {
        None => None,
        Some(Value::String(text)) => Some(text.clone()),
        Some(other) => {
            problems.push(invalid_type(name, other, "<class 'str'>"));
            None
        }
    }
}

fn strings(value: &Value, name: &str, problems: &mut Problems) -> Vec<String> {
    let Value::Array(items) = value else {
        problems.push(invalid_type(name, value, "<class 'list'>, <class 'tuple'>"));
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(index, item)| match item {
            Value::String(text) => Some(text.clone()),
            other => {
                problems.push(invalid_type(&format!("{name}[{index}]"), other, "<class 'str'>"));
                None
            }
        })
        .collect()
}

/// botocore's text for a member of the wrong JSON type.
fn invalid_type(path: &str, value: &Value, valid: &str) -> String {
    format!(
        "Invalid type for parameter {path}, value: {}, type: {}, valid types: {valid}",
        python_repr(value),
        python_type(value)
    )
}

/// How Python prints a JSON value (botocore's messages show values that way).
fn python_repr(value: &Value) -> String {
    match value {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn python_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "<class 'NoneType'>",
        Value::Bool(_) => "<class 'bool'>",
        Value::Number(number) if number.is_f64() => "<class 'float'>",
        Value::Number(_) => "<class 'int'>",
        Value::String(_) => "<class 'str'>",
        Value::Array(_) => "<class 'list'>",
        Value::Object(_) => "<class 'dict'>",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caller_arns_become_principals() {
        let session = caller_principal(
            Some("arn:aws:sts::111122223333:assumed-role/cart-service-role/i-0abc"),
            None,
            None,
        )
        .unwrap();
        assert_eq!(session.account, "111122223333");
        assert_eq!(
            session.kind,
            PrincipalKind::AssumedRole {
                role_arn: "arn:aws:iam::111122223333:role/cart-service-role".to_owned(),
                session_name: "i-0abc".to_owned()
            }
        );
        let role = caller_principal(
            Some("arn:aws:iam::111122223333:role/app/cart-service-role"),
            None,
            None,
        )
        .unwrap();
        assert_eq!(role.kind, PrincipalKind::Role);
        let user = caller_principal(Some("arn:aws:iam::111122223333:user/alice"), None, None).unwrap();
        assert_eq!(user.kind, PrincipalKind::User);
        let root = caller_principal(Some("arn:aws:iam::111122223333:root"), None, None).unwrap();
        assert_eq!(root.kind, PrincipalKind::Root);
        let default = caller_principal(None, Some("444455556666"), None).unwrap();
        assert_eq!(default.arn, "arn:aws:iam::444455556666:user/simulated-caller");
        assert_eq!(
            caller_principal(None, None, None).unwrap().account,
            DEFAULT_ACCOUNT
        );
    }

    #[test]
    fn bad_caller_arns_are_invalid_input() {
        for arn in [
            "arn:aws:iam::111122223333:group/admins",
            "arn:aws:sts::111122223333:assumed-role/only-role",
            "arn:aws:iam::1111:user/alice",
            "not-an-arn",
            "arn:aws:s3:::bucket",
        ] {
            let error = caller_principal(Some(arn), None, None).unwrap_err();
            assert_eq!(error.code(), "InvalidInput", "{arn}");
        }
        let mismatch = caller_principal(
            Some("arn:aws:iam::111122223333:user/alice"),
            Some("444455556666"),
            None,
        )
        .unwrap_err();
        assert_eq!(mismatch.code(), "InvalidInput");
    }

    #[test]
    fn resource_owner_takes_an_account_arn_or_id() {
        assert_eq!(
            resource_owner_account("arn:aws:iam::444455556666:root").unwrap(),
            "444455556666"
        );
        assert_eq!(resource_owner_account("444455556666").unwrap(), "444455556666");
        assert_eq!(
            resource_owner_account("acme").unwrap_err().message(),
            "'acme' is not a valid as a Resource Owner."
        );
    }

    #[test]
    fn actions_and_resources_are_checked() {
        assert!(check_action_name("secretsmanager:GetSecretValue").is_ok());
        assert_eq!(
            check_action_name("secretsmanager:*").unwrap_err().code(),
            "InvalidInput"
        );
        assert_eq!(
            check_action_name("GetSecretValue").unwrap_err().code(),
            "InvalidInput"
        );
        assert!(check_resource_arn("*").is_ok());
        assert!(check_resource_arn("arn:aws:s3:::bucket/key").is_ok());
        assert_eq!(
            check_resource_arn("14a050d4").unwrap_err().message(),
            "ResourceNames are not in a valid ARN format: 14a050d4."
        );
        assert_eq!(resource_account("arn:aws:s3:::bucket"), None);
        assert_eq!(
            resource_account("arn:aws:kms:us-east-1:444455556666:key/k"),
            Some("444455556666")
        );
    }

    #[test]
    fn parameter_problems_are_gathered_like_botocore() {
        let error = read_request(r#"{"PolicyInputList": "x", "Bogus": 1}"#, true).unwrap_err();
        assert_eq!(error.code(), "ParamValidation");
        assert_eq!(
            error.message(),
            "Unknown parameter in input: \"Bogus\", must be one of: PolicyInputList, \
             PermissionsBoundaryPolicyInputList, ActionNames, ResourceArns, ResourcePolicy, ResourceOwner, \
             CallerArn, ContextEntries, ResourceHandlingOption, MaxItems, Marker, ServiceControlPolicyInputList, \
             ResourceControlPolicyInputList, SessionPolicyInput, VpcEndpointPolicyInput, CallerAccount\n\
             Invalid type for parameter PolicyInputList, value: x, type: <class 'str'>, valid types: <class \
             'list'>, <class 'tuple'>\n\
             Missing required parameter in input: \"ActionNames\""
        );
        assert_eq!(read_request("{", true).unwrap_err().code(), "InvalidJson");
        assert!(read_request(r#"{"PolicyInputList": []}"#, false).is_ok());
    }

    #[test]
    fn context_entries_are_typed() {
        let request = read_request(
            r#"{"PolicyInputList": [], "ActionNames": ["s3:GetObject"], "ContextEntries": [
                {"ContextKeyName": "aws:SourceVpce", "ContextKeyValues": ["vpce-1"], "ContextKeyType": "string"},
                {"ContextKeyName": "aws:TagKeys", "ContextKeyValues": ["a", "b"], "ContextKeyType": "stringList"}
            ]}"#,
            true,
        )
        .unwrap();
        assert_eq!(
            request.context_entries.get("aws:sourcevpce"),
            Some(&ContextValue::single(ContextKeyType::String, "vpce-1"))
        );
        assert_eq!(
            request.context_entries.get("AWS:TagKeys").unwrap().values,
            vec!["a", "b"]
        );
        let error = read_request(
            r#"{"PolicyInputList": [], "ActionNames": [], "ContextEntries": [
                {"ContextKeyName": "k", "ContextKeyValues": ["v"], "ContextKeyType": "text"}]}"#,
            true,
        )
        .unwrap_err();
        assert_eq!(error.code(), "ValidationError");
        assert!(error
            .message()
            .contains("Value 'text' at 'contextEntries.1.member.contextKeyType'"));
    }

    #[test]
    fn organization_levels_accept_lists_and_single_documents() {
        let request = read_request(
            r#"{"PolicyInputList": [], "ServiceControlPolicyInputList": [["a", "b"], "c", {"Version": "2012-10-17"}]}"#,
            false,
        )
        .unwrap();
        assert_eq!(
            request.service_control_policy_input_list,
            vec![
                vec!["a".to_owned(), "b".to_owned()],
                vec!["c".to_owned()],
                vec![r#"{"Version":"2012-10-17"}"#.to_owned()]
            ]
        );
    }
}
