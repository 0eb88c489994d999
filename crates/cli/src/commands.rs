//! The two AWS-shaped commands: `simulate-custom-policy` (IAM) and `validate-policy` (IAM Access Analyzer).
//! Each reads its parameters as the AWS CLI does, builds the API request JSON and hands it to the engine.

use serde_json::{Map, Value};

use crate::aws_cli::{exit, load_parameter, Outcome};

/// How a parameter takes its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arity {
    /// One value: a string, or a JSON document given as a string.
    One,
    /// One or more values (AWS CLI list parameters).
    Many,
    /// A list of structures: JSON (`'[{...}]'`) or the AWS CLI shorthand, one structure per value
    /// (`ContextKeyName=aws:SourceVpce,ContextKeyValues=vpce-1,ContextKeyType=string`).
    Structures,
}

/// One command-line parameter and the request member it fills.
pub(crate) struct Parameter {
    flag: &'static str,
    member: &'static str,
    arity: Arity,
}

const SIMULATE_PARAMETERS: [Parameter; 8] = [
    Parameter {
        flag: "--policy-input-list",
        member: "PolicyInputList",
        arity: Arity::Many,
    },
    Parameter {
        flag: "--permissions-boundary-policy-input-list",
        member: "PermissionsBoundaryPolicyInputList",
        arity: Arity::Many,
    },
    Parameter {
        flag: "--action-names",
        member: "ActionNames",
        arity: Arity::Many,
    },
    Parameter {
        flag: "--resource-arns",
        member: "ResourceArns",
        arity: Arity::Many,
    },
    Parameter {
        flag: "--resource-policy",
        member: "ResourcePolicy",
        arity: Arity::One,
    },
    Parameter {
        flag: "--resource-owner",
        member: "ResourceOwner",
        arity: Arity::One,
    },
    Parameter {
        flag: "--caller-arn",
        member: "CallerArn",
        arity: Arity::One,
    },
    Parameter {
        flag: "--context-entries",
        member: "ContextEntries",
        arity: Arity::Structures,
    },
];

pub(crate) const VALIDATE_PARAMETERS: [Parameter; 2] = [
    Parameter {
        flag: "--policy-document",
        member: "policyDocument",
        arity: Arity::One,
    },
    Parameter {
        flag: "--policy-type",
        member: "policyType",
        arity: Arity::One,
    },
];

pub const SIMULATE_USAGE: &str = "usage: playground simulate-custom-policy [--cli-input-json <value>] [--policy-input-list <value> [<value> ...]] [--action-names <value> [<value> ...]] [parameters]";

pub const VALIDATE_USAGE: &str =
    "usage: playground validate-policy --policy-type <value> --policy-document <value> [--cli-input-json <value>]";

pub const SIMULATE_HELP: &str = "\
SIMULATE-CUSTOM-POLICY()

NAME
       simulate-custom-policy -

DESCRIPTION
       Simulates how a set of IAM policies, and optionally a resource-based
       policy, decide a list of API actions on a list of resources, exactly as
       IAM's SimulateCustomPolicy does, and prints the response JSON.

       Beyond the AWS API, the request JSON may carry the policy layers that
       SimulateCustomPolicy cannot express: ServiceControlPolicyInputList and
       ResourceControlPolicyInputList (one list of policy documents per
       organization level, root first), SessionPolicyInput,
       VpcEndpointPolicyInput (one document each) and CallerAccount. CallerArn
       may name an IAM user, an IAM role, or a role session
       (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION). Each result carries an
       extra Explanation member: every layer, every statement and why it did or
       did not match.

SYNOPSIS
            simulate-custom-policy
          [--cli-input-json <value>]
          [--policy-input-list <value> [<value> ...]]
          [--permissions-boundary-policy-input-list <value> [<value> ...]]
          [--action-names <value> [<value> ...]]
          [--resource-arns <value> [<value> ...]]
          [--resource-policy <value>]
          [--resource-owner <value>]
          [--caller-arn <value>]
          [--context-entries <value>]

OPTIONS
       --cli-input-json (string) The whole request as JSON, inline or as
       file://PATH. Options given on the command line override its members.

       --policy-input-list (list) Identity-based policy documents.

       --permissions-boundary-policy-input-list (list) At most one permissions
       boundary document.

       --action-names (list) Actions to simulate, such as
       secretsmanager:GetSecretValue. Required.

       --resource-arns (list) Resource ARNs; * when omitted.

       --resource-policy (string) The resource-based policy. Requires
       --caller-arn.

       --resource-owner (string) The account that owns resources whose ARN
       names none, as arn:aws:iam::ACCOUNT:root.

       --caller-arn (string) The simulated caller.

       --context-entries (list) Context keys, as a JSON list of
       {\"ContextKeyName\", \"ContextKeyValues\", \"ContextKeyType\"} or in the
       AWS CLI shorthand, one entry per value:
       ContextKeyName=aws:SourceVpce,ContextKeyValues=vpce-1a2b,ContextKeyType=string

       Every value may be given as file://PATH.

RETURN CODES
       0 success; 252 bad command line or parameters; 254 the simulation was
       refused (InvalidInput, MalformedPolicyDocument); 255 a parameter file
       cannot be read.
";

pub const VALIDATE_HELP: &str = "\
VALIDATE-POLICY()

NAME
       validate-policy -

DESCRIPTION
       Checks a policy document the way IAM Access Analyzer's ValidatePolicy
       does and prints its findings (errors, security warnings, warnings and
       suggestions) in ValidatePolicy's response shape.

SYNOPSIS
            validate-policy
          --policy-type <value>
          --policy-document <value>
          [--cli-input-json <value>]

OPTIONS
       --policy-type (string) One of IDENTITY_POLICY, RESOURCE_POLICY,
       SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY, TRUST_POLICY.

       --policy-document (string) The policy document, inline or as
       file://PATH.

       --cli-input-json (string) {\"policyDocument\": ..., \"policyType\": ...}
       inline or as file://PATH.

RETURN CODES
       0 success; 252 bad command line or parameters; 254 the service refused
       the request; 255 a parameter file cannot be read.
";

/// `playground simulate-custom-policy ...`
pub fn simulate_custom_policy(arguments: &[String]) -> Outcome {
    if wants_help(arguments) {
        return Outcome::text(SIMULATE_HELP);
    }
    let request = match read_request(arguments, &SIMULATE_PARAMETERS, SIMULATE_USAGE) {
        Ok(request) => request,
        Err(outcome) => return outcome,
    };
    match policy::simulate::simulate_custom_policy(&Value::Object(request).to_string()) {
        Ok(response) => Outcome::response(&response),
        Err(error) => match error {
            policy::simulate::SimulateError::InvalidJson { .. } => {
                Outcome::parameter_error("--cli-input-json", &error.to_string(), exit::USAGE)
            }
            policy::simulate::SimulateError::ParameterValidation { .. } => {
                Outcome::parameter_validation(error.message())
            }
            _ => Outcome::service_error("SimulateCustomPolicy", error.code(), error.message()),
        },
    }
}

/// `playground validate-policy ...`
pub fn validate_policy(arguments: &[String]) -> Outcome {
    if wants_help(arguments) {
        return Outcome::text(VALIDATE_HELP);
    }
    let request = match read_request(arguments, &VALIDATE_PARAMETERS, VALIDATE_USAGE) {
        Ok(request) => request,
        Err(outcome) => return outcome,
    };
    let mut missing = Vec::new();
    for member in ["policyDocument", "policyType"] {
        if !request.contains_key(member) {
            missing.push(format!("Missing required parameter in input: \"{member}\""));
        }
    }
    if !missing.is_empty() {
        return Outcome::parameter_validation(&missing.join("\n"));
    }
    let (Some(Value::String(document)), Some(Value::String(policy_type))) =
        (request.get("policyDocument"), request.get("policyType"))
    else {
        return Outcome::parameter_validation(
            "Invalid type for parameter policyDocument or policyType, valid types: <class 'str'>",
        );
    };
    match policy::validate::validate_policy_json(document, policy_type) {
        Ok(response) => Outcome::response(&response),
        Err(error) => Outcome::service_error("ValidatePolicy", error.code(), &error.to_string()),
    }
}

pub(crate) fn wants_help(arguments: &[String]) -> bool {
    arguments
        .iter()
        .any(|argument| argument == "--help" || argument == "help" || argument == "-h")
}

/// Builds the request object from `--cli-input-json` and the individual options (which win).
fn read_request(
    arguments: &[String],
    parameters: &[Parameter],
    usage: &str,
) -> Result<Map<String, Value>, Outcome> {
    let mut request = Map::new();
    let mut overrides = Vec::new();
    let mut unknown = Vec::new();
    let mut index = 0;
    while let Some(argument) = arguments.get(index) {
        index += 1;
        let mut values = Vec::new();
        while let Some(value) = arguments.get(index).filter(|value| !value.starts_with("--")) {
            values.push(value.clone());
            index += 1;
        }
        if argument == "--cli-input-json" {
            let [value] = values.as_slice() else {
                return Err(Outcome::usage_error(
                    usage,
                    "argument --cli-input-json: expected one argument",
                ));
            };
            let text = load_parameter(value)
                .map_err(|detail| Outcome::parameter_error("--cli-input-json", &detail, exit::GENERAL))?;
            match serde_json::from_str::<Value>(&text) {
                Ok(Value::Object(members)) => request.extend(members),
                Ok(_) => {
                    return Err(Outcome::parameter_error(
                        "--cli-input-json",
                        "Invalid JSON received: the input must be a JSON object",
                        exit::USAGE,
                    ))
                }
                Err(error) => {
                    return Err(Outcome::parameter_error(
                        "--cli-input-json",
                        &format!("Invalid JSON: {error}\nJSON received: {text}"),
                        exit::USAGE,
                    ))
                }
            }
            continue;
        }
        let Some(parameter) = parameters.iter().find(|parameter| parameter.flag == argument) else {
            unknown.push(argument.clone());
            unknown.extend(values);
            continue;
        };
        if values.is_empty() {
            let expected = if parameter.arity != Arity::One {
                "at least one argument"
            } else {
                "one argument"
            };
            return Err(Outcome::usage_error(
                usage,
                &format!("argument {}: expected {expected}", parameter.flag),
            ));
        }
        if parameter.arity == Arity::One && values.len() > 1 {
            unknown.extend(values.iter().skip(1).cloned());
        }
        let mut loaded = Vec::new();
        for value in &values {
            loaded.push(
                load_parameter(value)
                    .map_err(|detail| Outcome::parameter_error(parameter.flag, &detail, exit::GENERAL))?,
            );
        }
        let member = match parameter.arity {
            Arity::Many => Value::Array(loaded.into_iter().map(Value::String).collect()),
            Arity::One => Value::String(loaded.into_iter().next().unwrap_or_default()),
            Arity::Structures => {
                let mut structures = Vec::new();
                for text in loaded {
                    let trimmed = text.trim_start();
                    if trimmed.starts_with('[') || trimmed.starts_with('{') {
                        match serde_json::from_str(&text) {
                            Ok(Value::Array(items)) => structures.extend(items),
                            Ok(item) => structures.push(item),
                            Err(error) => {
                                return Err(Outcome::parameter_error(
                                    parameter.flag,
                                    &format!("Invalid JSON: {error}\nJSON received: {text}"),
                                    exit::USAGE,
                                ))
                            }
                        }
                    } else {
                        structures.push(shorthand(&text));
                    }
                }
                Value::Array(structures)
            }
        };
        overrides.push((parameter.member, member));
    }
    if !unknown.is_empty() {
        return Err(Outcome::usage_error(
            usage,
            &format!("Unknown options: {}", unknown.join(", ")),
        ));
    }
    for (member, value) in overrides {
        request.insert(member.to_owned(), value);
    }
    Ok(request)
}

/// The AWS CLI's shorthand for one structure: `Key=value,Key=value1,value2`, values optionally quoted with
/// `'` or `"`. A comma-separated item without `=` adds a value to the key before it, which then becomes a
/// list (as `ContextKeyValues` is); single values of list members become one-item lists.
fn shorthand(text: &str) -> Value {
    const LIST_MEMBERS: [&str; 1] = ["ContextKeyValues"];
    let mut object = Map::new();
    let mut current: Option<String> = None;
    for item in split_outside_quotes(text) {
        let (key, value) = match item.split_once('=') {
            Some((key, value)) if !key.contains(['\'', '"']) => (Some(key.trim().to_owned()), value),
            _ => (None, item.as_str()),
        };
        let value = Value::String(unquote(value.trim()));
        match key {
            Some(key) => {
                let entry = if LIST_MEMBERS.contains(&key.as_str()) {
                    Value::Array(vec![value])
                } else {
                    value
                };
                object.insert(key.clone(), entry);
                current = Some(key);
            }
            None => {
                if let Some(existing) = current.as_ref().and_then(|key| object.get_mut(key)) {
                    match existing {
                        Value::Array(values) => values.push(value),
                        single => *single = Value::Array(vec![single.clone(), value]),
                    }
                }
            }
        }
    }
    Value::Object(object)
}

fn split_outside_quotes(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut item = String::new();
    let mut quote: Option<char> = None;
    for character in text.chars() {
        match (quote, character) {
            (None, ',') => items.push(std::mem::take(&mut item)),
            (None, '\'' | '"') => {
                quote = Some(character);
                item.push(character);
            }
            (Some(open), _) if character == open => {
                quote = None;
                item.push(character);
            }
            _ => item.push(character),
        }
    }
    items.push(item);
    items
}

fn unquote(value: &str) -> String {
    for quote in ['\'', '"'] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
        {
            return inner.to_owned();
        }
    }
    value.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorthand_reads_the_aws_cli_example() {
        assert_eq!(
            shorthand("ContextKeyName='aws:CurrentTime',ContextKeyValues='2019-04-25T11:00:00Z',ContextKeyType=date"),
            serde_json::json!({
                "ContextKeyName": "aws:CurrentTime",
                "ContextKeyValues": ["2019-04-25T11:00:00Z"],
                "ContextKeyType": "date"
            })
        );
        assert_eq!(
            shorthand(
                "ContextKeyName=aws:TagKeys,ContextKeyValues=team,\"cost,center\",ContextKeyType=stringList"
            ),
            serde_json::json!({
                "ContextKeyName": "aws:TagKeys",
                "ContextKeyValues": ["team", "cost,center"],
                "ContextKeyType": "stringList"
            })
        );
    }
}
