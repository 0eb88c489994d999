//! `aws ...`: the AWS CLI v2's argument parsing (global options anywhere, kebab-case operation options,
//! shorthand and JSON values, `--cli-input-json`, `--flag`/`--no-flag` booleans), its credential chain on EC2
//! (IMDSv2 token first, IMDSv1 fallback), automatic pagination, `--query`, `--output`, and its exact error and
//! usage texts and exit codes (252 usage, 253 configuration such as missing credentials, 254 service error).

use serde_json::{Map, Value};

use super::output::{format_response, OutputFormat};
use super::shapes::{find_operation, operations_of, xform_name, Member, Operation, Shape};
use super::{query, CommandOutput, Host, Shell, ShellIdentity};
use crate::api::{ApiCall, Caller, Credentials, NetworkOrigin, Service};
use crate::imds::ImdsRequest;

/// The CLI's version string, used in the user agent that CloudTrail records.
const CLI_VERSION: &str = "2.22.35";

const SERVICES: [Service; 5] = [
    Service::Ec2,
    Service::Iam,
    Service::Kms,
    Service::SecretsManager,
    Service::Sts,
];

const USAGE: &str = "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n\
To see help text, you can run:\n\
\n\
\x20 aws help\n\
\x20 aws <command> help\n\
\x20 aws <command> <subcommand> help\n";

/// Options the CLI accepts anywhere on the line, with whether they take a value.
const GLOBAL_OPTIONS: [(&str, bool); 12] = [
    ("--region", true),
    ("--output", true),
    ("--query", true),
    ("--profile", true),
    ("--endpoint-url", true),
    ("--color", true),
    ("--cli-read-timeout", true),
    ("--cli-connect-timeout", true),
    ("--debug", false),
    ("--no-cli-pager", false),
    ("--no-verify-ssl", false),
    ("--no-sign-request", false),
];

/// Exit codes of the AWS CLI v2 (the "Return codes" page of its user guide).
const EXIT_USAGE: i32 = 252;
const EXIT_CONFIGURATION: i32 = 253;
const EXIT_SERVICE_ERROR: i32 = 254;

pub(super) fn run<H: Host>(host: &mut H, shell: &mut Shell, arguments: &[String]) -> CommandOutput {
    let mut globals = Globals::default();
    let mut positional: Vec<&String> = Vec::new();
    let mut rest: Vec<&String> = Vec::new();
    let mut index = 0;
    while let Some(argument) = arguments.get(index) {
        index += 1;
        let (name, inline_value) = split_option(argument);
        if let Some((_, takes_value)) = GLOBAL_OPTIONS.iter().find(|(option, _)| *option == name) {
            let value = if *takes_value {
                match inline_value.map(str::to_owned).or_else(|| {
                    let next = arguments.get(index).cloned();
                    index += 1;
                    next
                }) {
                    Some(value) => Some(value),
                    None => return usage_error(&format!("argument {name}: expected one argument")),
                }
            } else {
                None
            };
            match (name, value) {
                ("--region", Some(value)) => globals.region = Some(value),
                ("--output", Some(value)) => match OutputFormat::from_name(&value) {
                    Some(format) => globals.output = Some(format),
                    None => {
                        return usage_error(&format!(
                            "argument --output: Invalid choice: '{value}' (choose from 'json', 'text', 'table', 'yaml', 'yaml-stream')"
                        ))
                    }
                },
                ("--query", Some(value)) => globals.query = Some(value),
                _ => {}
            }
            continue;
        }
        if positional.len() < 2 && !argument.starts_with("--") {
            positional.push(argument);
        } else {
            rest.push(argument);
        }
    }
    let Some(service_name) = positional.first() else {
        return usage_error("the following arguments are required: command");
    };
    if service_name.as_str() == "help" {
        return CommandOutput::success(top_level_help());
    }
    if service_name.as_str() == "configure" {
        return match positional.get(1).map(|word| word.as_str()) {
            Some("list") => configure_list(host, shell, &globals),
            _ => usage_error("argument operation: Invalid choice, valid choices are:\n\nlist"),
        };
    }
    let Some(service) = Service::from_prefix(service_name) else {
        let choices: Vec<String> = SERVICES
            .iter()
            .map(|service| service.prefix().to_owned())
            .collect();
        return usage_error(&format!(
            "argument command: Invalid choice, valid choices are:\n\n{}",
            two_columns(&choices)
        ));
    };
    let Some(command) = positional.get(1) else {
        return usage_error("the following arguments are required: operation");
    };
    if command.as_str() == "help" {
        return CommandOutput::success(service_help(service));
    }
    let Some(operation) = find_operation(service, command) else {
        let choices: Vec<String> = operations_of(service)
            .map(|operation| xform_name(operation.name))
            .collect();
        return usage_error(&format!(
            "argument operation: Invalid choice, valid choices are:\n\n{}",
            two_columns(&choices)
        ));
    };
    if rest.first().is_some_and(|word| word.as_str() == "help") {
        return CommandOutput::success(operation_help(operation));
    }
    let parsed = match parse_operation_arguments(host, operation, &rest) {
        Ok(parsed) => parsed,
        Err(failure) => return failure,
    };
    let format = globals
        .output
        .or_else(|| {
            shell
                .environment
                .get("AWS_DEFAULT_OUTPUT")
                .and_then(|name| OutputFormat::from_name(name))
        })
        .unwrap_or(OutputFormat::Json);
    let region = globals
        .region
        .clone()
        .or_else(|| shell.environment.get("AWS_REGION").cloned())
        .or_else(|| shell.environment.get("AWS_DEFAULT_REGION").cloned())
        .unwrap_or_else(|| host.home_region());
    let caller = match resolve_caller(host, shell, service, operation) {
        Ok(caller) => caller,
        Err(failure) => return failure,
    };
    let response = match call_with_pagination(host, &caller, operation, parsed, &region) {
        Ok(response) => response,
        Err(error) => {
            return CommandOutput::failure(
                format!(
                    "\nAn error occurred ({}) when calling the {} operation: {}\n",
                    error.code.as_str(),
                    operation.name,
                    error.message
                ),
                EXIT_SERVICE_ERROR,
            )
        }
    };
    let mut response = response;
    humanise_timestamps(&mut response);
    let shown = match &globals.query {
        Some(expression) => match query::search(expression, &response) {
            Ok(value) => value,
            Err(error) => return usage_error(&error.to_string()),
        },
        None => response,
    };
    if globals.query.is_some() && shown.is_null() && format == OutputFormat::Json {
        return CommandOutput::success("null\n");
    }
    CommandOutput::success(format_response(&shown, format, operation.name))
}

#[derive(Debug, Default)]
struct Globals {
    region: Option<String>,
    output: Option<OutputFormat>,
    query: Option<String>,
}

/// Splits `--name=value` into its parts; other words are returned whole.
fn split_option(argument: &str) -> (&str, Option<&str>) {
    if argument.starts_with("--") {
        if let Some((name, value)) = argument.split_once('=') {
            return (name, Some(value));
        }
    }
    (argument, None)
}

fn usage_error(message: &str) -> CommandOutput {
    CommandOutput::failure(format!("{USAGE}\naws: error: {message}\n"), EXIT_USAGE)
}

fn parse_error(option: &str, message: &str) -> CommandOutput {
    CommandOutput::failure(
        format!("\nError parsing parameter '{option}': {message}\n"),
        EXIT_USAGE,
    )
}

fn two_columns(choices: &[String]) -> String {
    let mut text = String::new();
    for pair in choices.chunks(2) {
        match pair {
            [left, right] => text.push_str(&format!("{left:<40} | {right}\n")),
            [left] => text.push_str(&format!("{left}\n")),
            _ => {}
        }
    }
    text
}

/// Paginated operations also take these CLI-level options.
struct PaginationOptions {
    max_items: Option<usize>,
    page_size: Option<i64>,
    starting_token: Option<String>,
    no_paginate: bool,
}

struct ParsedArguments {
    input: Map<String, Value>,
    pagination: PaginationOptions,
}

fn parse_operation_arguments<H: Host>(
    host: &H,
    operation: &Operation,
    words: &[&String],
) -> Result<ParsedArguments, CommandOutput> {
    let mut explicit = Map::new();
    let mut from_json: Option<Map<String, Value>> = None;
    let mut pagination = PaginationOptions {
        max_items: None,
        page_size: None,
        starting_token: None,
        no_paginate: false,
    };
    let mut unknown: Vec<String> = Vec::new();
    let mut index = 0;
    while let Some(word) = words.get(index) {
        index += 1;
        let (name, inline_value) = split_option(word);
        if !name.starts_with("--") {
            unknown.push(name.to_owned());
            continue;
        }
        let take_value = |index: &mut usize| -> Option<String> {
            if let Some(value) = inline_value {
                return Some(value.to_owned());
            }
            let value = words.get(*index).map(|value| (*value).clone());
            *index += 1;
            value
        };
        match name {
            "--cli-input-json" => {
                let Some(text) = take_value(&mut index) else {
                    return Err(usage_error("argument --cli-input-json: expected one argument"));
                };
                let text = read_parameter_file(host, "cli-input-json", &text)?;
                match serde_json::from_str::<Value>(&text) {
                    Ok(Value::Object(object)) => from_json = Some(object),
                    Ok(_) => {
                        return Err(parse_error(
                            "cli-input-json",
                            &format!("Invalid JSON received.\nJSON received: {text}"),
                        ))
                    }
                    Err(error) => {
                        return Err(parse_error(
                            "cli-input-json",
                            &format!("Invalid JSON: {error}\nJSON received: {text}"),
                        ))
                    }
                }
                continue;
            }
            "--no-paginate" if operation.pagination.is_some() => {
                pagination.no_paginate = true;
                continue;
            }
            "--max-items" | "--page-size" if operation.pagination.is_some() => {
                let Some(text) = take_value(&mut index) else {
                    return Err(usage_error(&format!("argument {name}: expected one argument")));
                };
                let Ok(number) = text.parse::<i64>() else {
                    return Err(usage_error(&format!(
                        "argument {name}: invalid int value: '{text}'"
                    )));
                };
                if name == "--max-items" {
                    pagination.max_items = usize::try_from(number).ok();
                } else {
                    pagination.page_size = Some(number);
                }
                continue;
            }
            "--starting-token" if operation.pagination.is_some() => {
                pagination.starting_token = take_value(&mut index);
                continue;
            }
            "--count" if operation.name == "RunInstances" => {
                let Some(text) = take_value(&mut index) else {
                    return Err(usage_error("argument --count: expected one argument"));
                };
                let (minimum, maximum) = text.split_once(':').unwrap_or((text.as_str(), text.as_str()));
                match (minimum.parse::<i64>(), maximum.parse::<i64>()) {
                    (Ok(minimum), Ok(maximum)) => {
                        explicit.insert("MinCount".to_owned(), Value::from(minimum));
                        explicit.insert("MaxCount".to_owned(), Value::from(maximum));
                    }
                    _ => return Err(parse_error("--count", &format!("invalid count `{text}`"))),
                }
                continue;
            }
            _ => {}
        }
        let bare = name.trim_start_matches("--");
        if let Some(member) = operation
            .members
            .iter()
            .find(|member| xform_name(member.name) == bare)
        {
            if matches!(member.shape, Shape::Boolean) {
                explicit.insert(member.name.to_owned(), Value::Bool(true));
                continue;
            }
            let mut values: Vec<String> = Vec::new();
            if let Some(value) = inline_value {
                values.push(value.to_owned());
            }
            let takes_many = matches!(member.shape, Shape::StringList | Shape::StructureList(_));
            while let Some(next) = words.get(index) {
                if next.starts_with("--") || (!values.is_empty() && !takes_many) {
                    break;
                }
                values.push((*next).clone());
                index += 1;
            }
            if values.is_empty() {
                return Err(usage_error(&format!("argument {name}: expected one argument")));
            }
            let value = convert_value(host, member, name, &values)?;
            explicit.insert(member.name.to_owned(), value);
            continue;
        }
        if let Some(negated) = bare.strip_prefix("no-") {
            if let Some(member) = operation
                .members
                .iter()
                .find(|member| matches!(member.shape, Shape::Boolean) && xform_name(member.name) == negated)
            {
                explicit.insert(member.name.to_owned(), Value::Bool(false));
                continue;
            }
        }
        unknown.push(name.to_owned());
    }
    if !unknown.is_empty() {
        return Err(CommandOutput::failure(
            format!("{USAGE}\nUnknown options: {}\n", unknown.join(", ")),
            EXIT_USAGE,
        ));
    }
    let mut input = from_json.unwrap_or_default();
    for (key, value) in explicit {
        input.insert(key, value);
    }
    if operation.name == "RunInstances" {
        input.entry("MinCount").or_insert(Value::from(1));
        input.entry("MaxCount").or_insert(Value::from(1));
    }
    let missing: Vec<String> = operation
        .members
        .iter()
        .filter(|member| member.required && !input.contains_key(member.name))
        .map(|member| format!("--{}", xform_name(member.name)))
        .collect();
    if !missing.is_empty() {
        return Err(usage_error(&format!(
            "the following arguments are required: {}",
            missing.join(", ")
        )));
    }
    Ok(ParsedArguments { input, pagination })
}

/// Reads `file://PATH` parameter values through the host, as the CLI's paramfile handling does.
fn read_parameter_file<H: Host>(host: &H, option: &str, value: &str) -> Result<String, CommandOutput> {
    match value.strip_prefix("file://") {
        Some(path) => host.read_file(path).map_err(|error| {
            CommandOutput::failure(
                format!("\nError parsing parameter '{option}': Unable to load paramfile {value}: {error}\n"),
                255,
            )
        }),
        None => Ok(value.to_owned()),
    }
}

fn convert_value<H: Host>(
    host: &H,
    member: &Member,
    option: &str,
    values: &[String],
) -> Result<Value, CommandOutput> {
    let first = values.first().cloned().unwrap_or_default();
    let first = read_parameter_file(host, option, &first)?;
    match &member.shape {
        Shape::String | Shape::Blob => Ok(Value::String(first)),
        Shape::Integer => first
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| usage_error(&format!("argument {option}: invalid int value: '{first}'"))),
        Shape::Boolean => Ok(Value::Bool(true)),
        Shape::StringList => {
            if first.trim_start().starts_with('[') {
                parse_json_parameter(option, &first)
            } else {
                Ok(Value::Array(values.iter().cloned().map(Value::String).collect()))
            }
        }
        Shape::StringMap | Shape::Structure(_) => {
            if first.trim_start().starts_with('{') {
                parse_json_parameter(option, &first)
            } else {
                let fields = match &member.shape {
                    Shape::Structure(fields) => fields,
                    _ => &[][..],
                };
                parse_shorthand(option, &first, fields).map(Value::Object)
            }
        }
        Shape::StructureList(fields) => {
            if first.trim_start().starts_with('[') {
                parse_json_parameter(option, &first)
            } else {
                let mut items = Vec::new();
                for value in values {
                    let value = read_parameter_file(host, option, value)?;
                    if value.trim_start().starts_with('{') {
                        items.push(parse_json_parameter(option, &value)?);
                    } else {
                        items.push(Value::Object(parse_shorthand(option, &value, fields)?));
                    }
                }
                Ok(Value::Array(items))
            }
        }
    }
}

fn parse_json_parameter(option: &str, text: &str) -> Result<Value, CommandOutput> {
    serde_json::from_str(text)
        .map_err(|error| parse_error(option, &format!("Invalid JSON: {error}\nJSON received: {text}")))
}

/// The CLI's shorthand syntax: `Key=team,Value=cart`, with list members continuing over commas
/// (`Key=name,Values=a,b`).
fn parse_shorthand(option: &str, text: &str, fields: &[Member]) -> Result<Map<String, Value>, CommandOutput> {
    let mut object = Map::new();
    let mut last_key: Option<String> = None;
    for piece in text.split(',') {
        match piece.split_once('=') {
            Some((key, value)) if !key.is_empty() && !key.contains(' ') => {
                let key = key.trim().to_owned();
                let field = fields.iter().find(|field| field.name == key);
                let converted = match field.map(|field| &field.shape) {
                    Some(Shape::Integer) => match value.parse::<i64>() {
                        Ok(number) => Value::from(number),
                        Err(_) => {
                            return Err(parse_error(
                                option,
                                &format!("invalid integer `{value}` for {key}"),
                            ))
                        }
                    },
                    Some(Shape::Boolean) => Value::Bool(value.eq_ignore_ascii_case("true")),
                    Some(Shape::StringList) => Value::Array(vec![Value::String(value.to_owned())]),
                    _ => Value::String(value.to_owned()),
                };
                object.insert(key.clone(), converted);
                last_key = Some(key);
            }
            _ => {
                let Some(key) = &last_key else {
                    return Err(parse_error(
                        option,
                        &format!(
                            "Expected: '=', received: 'EOF' for input:\n{text}\n{}^",
                            " ".repeat(text.len())
                        ),
                    ));
                };
                match object.get_mut(key) {
                    Some(Value::Array(items)) => items.push(Value::String(piece.to_owned())),
                    Some(Value::String(existing)) => {
                        existing.push(',');
                        existing.push_str(piece);
                    }
                    _ => {}
                }
            }
        }
    }
    Ok(object)
}

/// The CLI's credential chain. On an instance: IMDSv2 token first, IMDSv1 fallback when the token request
/// is refused with 403/404/405 (botocore `InstanceMetadataFetcher`), then the role name and its credentials.
fn resolve_caller<H: Host>(
    host: &mut H,
    shell: &Shell,
    service: Service,
    operation: &Operation,
) -> Result<Caller, CommandOutput> {
    let user_agent = format!(
        "aws-cli/{CLI_VERSION} md/awscrt#0.23.8 ua/2.1 os/linux#6.1.119-129.201.amzn2023.x86_64 md/arch#x86_64 \
         lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#amzn.2023 \
         md/prompt#off md/command#{}.{}",
        service.prefix(),
        xform_name(operation.name)
    );
    if let Some(access_key) = shell.environment.get("AWS_ACCESS_KEY_ID") {
        let network = match &shell.identity {
            ShellIdentity::Instance(instance) => host.instance_origin(instance, service).unwrap_or_default(),
            _ => NetworkOrigin::default(),
        };
        return Ok(Caller {
            credentials: Credentials::AccessKey(access_key.clone()),
            network: NetworkOrigin {
                user_agent,
                ..network
            },
        });
    }
    match &shell.identity {
        ShellIdentity::Administrator => Ok(Caller {
            credentials: Credentials::Administrator,
            network: NetworkOrigin {
                user_agent,
                ..NetworkOrigin::default()
            },
        }),
        ShellIdentity::Principal(arn) => Ok(Caller {
            credentials: Credentials::AsPrincipal(arn.clone()),
            network: NetworkOrigin {
                user_agent,
                ..NetworkOrigin::default()
            },
        }),
        ShellIdentity::Instance(instance) => {
            let Some(credentials) = instance_credentials(host, instance) else {
                return Err(CommandOutput::failure(
                    "\nUnable to locate credentials. You can configure credentials by running \"aws configure\".\n",
                    EXIT_CONFIGURATION,
                ));
            };
            let network = host.instance_origin(instance, service).unwrap_or_default();
            Ok(Caller {
                credentials: Credentials::AccessKey(credentials.access_key_id),
                network: NetworkOrigin {
                    user_agent,
                    instance: Some(instance.clone()),
                    ..network
                },
            })
        }
    }
}

struct InstanceCredentials {
    access_key_id: String,
}

fn instance_credentials<H: Host>(host: &mut H, instance: &str) -> Option<InstanceCredentials> {
    let token_request = ImdsRequest {
        method: "PUT".to_owned(),
        path: "/latest/api/token".to_owned(),
        headers: vec![(
            "X-aws-ec2-metadata-token-ttl-seconds".to_owned(),
            "21600".to_owned(),
        )],
    };
    let token_response = host.imds(instance, &token_request)?;
    let token = match token_response.status {
        200 => Some(token_response.body),
        403..=405 => None,
        _ => return None,
    };
    let headers: Vec<(String, String)> = token
        .map(|token| vec![("X-aws-ec2-metadata-token".to_owned(), token)])
        .unwrap_or_default();
    let listing = host.imds(
        instance,
        &ImdsRequest {
            method: "GET".to_owned(),
            path: "/latest/meta-data/iam/security-credentials/".to_owned(),
            headers: headers.clone(),
        },
    )?;
    if listing.status != 200 {
        return None;
    }
    let role_name = listing.body.lines().next()?.trim().to_owned();
    if role_name.is_empty() {
        return None;
    }
    let document = host.imds(
        instance,
        &ImdsRequest {
            method: "GET".to_owned(),
            path: format!("/latest/meta-data/iam/security-credentials/{role_name}"),
            headers,
        },
    )?;
    if document.status != 200 {
        return None;
    }
    let parsed: Value = serde_json::from_str(&document.body).ok()?;
    if parsed.get("Code").and_then(Value::as_str) != Some("Success") {
        return None;
    }
    let access_key_id = parsed.get("AccessKeyId")?.as_str()?.to_owned();
    Some(InstanceCredentials { access_key_id })
}

fn call_with_pagination<H: Host>(
    host: &mut H,
    caller: &Caller,
    operation: &Operation,
    parsed: ParsedArguments,
    region: &str,
) -> Result<Value, crate::api::ApiError> {
    let ParsedArguments {
        mut input,
        pagination,
    } = parsed;
    let make_call = |input: &Map<String, Value>| ApiCall {
        service: operation.service,
        operation: operation.name.to_owned(),
        input: Value::Object(input.clone()),
        region: Some(region.to_owned()),
    };
    let Some(keys) = operation.pagination else {
        return host.call(caller, &make_call(&input));
    };
    if let Some(size) = pagination.page_size {
        input.insert(keys.limit_key.to_owned(), Value::from(size));
    }
    if let Some(token) = &pagination.starting_token {
        input.insert(keys.input_token.to_owned(), Value::String(token.clone()));
    }
    if pagination.no_paginate {
        return host.call(caller, &make_call(&input));
    }
    let mut merged: Option<Map<String, Value>> = None;
    let mut collected: Vec<Value> = Vec::new();
    // Bounded: a misbehaving service cannot loop the shell forever.
    for _ in 0..1000 {
        let response = host.call(caller, &make_call(&input))?;
        let Value::Object(mut page) = response else {
            return Ok(response);
        };
        if let Some(Value::Array(items)) = page.remove(keys.result_key) {
            collected.extend(items);
        }
        let next = page.remove(keys.output_token);
        if merged.is_none() {
            merged = Some(page);
        }
        let reached_limit = pagination.max_items.is_some_and(|limit| collected.len() >= limit);
        match next {
            Some(Value::String(token)) if !reached_limit => {
                input.insert(keys.input_token.to_owned(), Value::String(token));
            }
            Some(Value::String(token)) => {
                if let Some(limit) = pagination.max_items {
                    collected.truncate(limit);
                }
                let mut output = merged.unwrap_or_default();
                output.insert(keys.result_key.to_owned(), Value::Array(collected));
                output.insert("NextToken".to_owned(), Value::String(token));
                return Ok(Value::Object(output));
            }
            _ => break,
        }
    }
    if let Some(limit) = pagination.max_items {
        collected.truncate(limit);
    }
    let mut output = merged.unwrap_or_default();
    output.insert(keys.result_key.to_owned(), Value::Array(collected));
    Ok(Value::Object(output))
}

/// The CLI prints timestamps (epoch seconds on the wire of the JSON protocols) as ISO 8601 in the local zone,
/// which on these hosts is UTC: `2026-11-28T11:43:39.123000+00:00` (Python's `datetime.isoformat()`).
fn humanise_timestamps(value: &mut Value) {
    match value {
        Value::Object(object) => {
            for (key, inner) in object.iter_mut() {
                let is_timestamp = key.ends_with("Date") || key.ends_with("Time") || key == "Expiration";
                if is_timestamp {
                    if let Some(seconds) = inner.as_f64() {
                        *inner = Value::String(iso_timestamp(seconds));
                        continue;
                    }
                }
                humanise_timestamps(inner);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(humanise_timestamps),
        _ => {}
    }
}

/// Formats epoch seconds as Python's `datetime.isoformat()` with a `+00:00` offset.
pub(super) fn iso_timestamp(seconds: f64) -> String {
    let whole = seconds.floor();
    let micros = ((seconds - whole) * 1_000_000.0).round() as i64;
    let (whole, micros) = if micros >= 1_000_000 {
        (whole as i64 + 1, 0)
    } else {
        (whole as i64, micros)
    };
    let days = whole.div_euclid(86_400);
    let second_of_day = whole.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let base = format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        second_of_day / 3600,
        (second_of_day % 3600) / 60,
        second_of_day % 60
    );
    if micros == 0 {
        format!("{base}+00:00")
    } else {
        format!("{base}.{micros:06}+00:00")
    }
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `aws configure list`, in the CLI's `%10s %24s %16s    %s` layout.
fn configure_list<H: Host>(host: &mut H, shell: &Shell, globals: &Globals) -> CommandOutput {
    let row = |name: &str, value: &str, kind: &str, location: &str| {
        format!("{name:>10} {value:>24} {kind:>16}    {location}\n")
    };
    let mut text = row("Name", "Value", "Type", "Location");
    text.push_str(&row("----", "-----", "----", "--------"));
    text.push_str(&row("profile", "<not set>", "None", "None"));
    let masked = |key: &str| {
        format!(
            "{}{}",
            "*".repeat(16),
            key.get(key.len().saturating_sub(4)..).unwrap_or("")
        )
    };
    let (access, secret, kind, location) = if let Some(key) = shell.environment.get("AWS_ACCESS_KEY_ID") {
        let secret_key = shell
            .environment
            .get("AWS_SECRET_ACCESS_KEY")
            .cloned()
            .unwrap_or_default();
        (masked(key), masked(&secret_key), "env", "")
    } else {
        match &shell.identity {
            ShellIdentity::Instance(instance) => match instance_credentials(host, instance) {
                Some(credentials) => (
                    masked(&credentials.access_key_id),
                    "****************".to_owned(),
                    "iam-role",
                    "",
                ),
                None => ("<not set>".to_owned(), "<not set>".to_owned(), "None", "None"),
            },
            // The administrator's shell uses a documented example key pair from its credentials file.
            ShellIdentity::Administrator => (
                masked("AKIAIOSFODNN7EXAMPLE"),
                masked("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
                "shared-credentials-file",
                "",
            ),
            ShellIdentity::Principal(_) => (
                masked("ASIAIOSFODNN7EXAMPLE"),
                masked("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
                "assume-role",
                "",
            ),
        }
    };
    text.push_str(&row("access_key", &access, kind, location));
    text.push_str(&row("secret_key", &secret, kind, location));
    let (region, region_kind, region_location) = if let Some(region) = &globals.region {
        (region.clone(), "parameter", "--region")
    } else if let Some(region) = shell.environment.get("AWS_REGION") {
        (region.clone(), "env", "AWS_REGION")
    } else if let Some(region) = shell.environment.get("AWS_DEFAULT_REGION") {
        (region.clone(), "env", "AWS_DEFAULT_REGION")
    } else if matches!(shell.identity, ShellIdentity::Instance(_)) {
        (host.home_region(), "imds", "")
    } else {
        (host.home_region(), "config-file", "~/.aws/config")
    };
    text.push_str(&row("region", &region, region_kind, region_location));
    CommandOutput::success(text)
}

fn top_level_help() -> String {
    let mut text = String::from("aws <command> <subcommand> [parameters]\n\nAvailable services:\n\n");
    for service in SERVICES {
        text.push_str(&format!("  o {}\n", service.prefix()));
    }
    text.push_str("  o configure (list)\n\nRun `aws <command> help` to list a service's commands.\n");
    text
}

fn service_help(service: Service) -> String {
    let mut text = format!("{}\n\nAvailable commands:\n\n", service.prefix());
    for operation in operations_of(service) {
        text.push_str(&format!("  o {}\n", xform_name(operation.name)));
    }
    text
}

fn operation_help(operation: &Operation) -> String {
    let mut text = format!(
        "{}\n\nSYNOPSIS\n\n  {}\n",
        operation.name,
        xform_name(operation.name)
    );
    for member in operation.members {
        let name = xform_name(member.name);
        let option = match member.shape {
            Shape::Boolean => format!("[--{name} | --no-{name}]"),
            _ if member.required => format!("--{name} <value>"),
            _ => format!("[--{name} <value>]"),
        };
        text.push_str(&format!("  {option}\n"));
    }
    text.push_str("  [--cli-input-json <value>]\n");
    if operation.pagination.is_some() {
        text.push_str("  [--starting-token <value>]\n  [--page-size <value>]\n  [--max-items <value>]\n");
    }
    text
}

/// Completion candidates after `aws` given the words already typed.
pub(super) fn completions(typed: &[String]) -> Vec<String> {
    let positional: Vec<&String> = typed.iter().filter(|word| !word.starts_with("--")).collect();
    match positional.as_slice() {
        [] => {
            let mut words: Vec<String> = SERVICES
                .iter()
                .map(|service| service.prefix().to_owned())
                .collect();
            words.push("configure".to_owned());
            words.push("help".to_owned());
            words
        }
        [service] => match Service::from_prefix(service) {
            Some(service) => operations_of(service)
                .map(|operation| xform_name(operation.name))
                .collect(),
            None if service.as_str() == "configure" => vec!["list".to_owned()],
            None => Vec::new(),
        },
        [service, command, ..] => {
            let Some(operation) =
                Service::from_prefix(service).and_then(|service| find_operation(service, command))
            else {
                return Vec::new();
            };
            let mut words: Vec<String> = operation
                .members
                .iter()
                .map(|member| format!("--{}", xform_name(member.name)))
                .collect();
            words.extend(GLOBAL_OPTIONS.iter().map(|(option, _)| (*option).to_owned()));
            words.push("--cli-input-json".to_owned());
            words.retain(|word| !typed.contains(word));
            words
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_print_like_python_isoformat() {
        assert_eq!(iso_timestamp(0.0), "1970-01-01T00:00:00+00:00");
        assert_eq!(iso_timestamp(1_764_330_219.5), "2025-11-28T11:43:39.500000+00:00");
        assert_eq!(iso_timestamp(951_782_400.0), "2000-02-29T00:00:00+00:00");
    }

    #[test]
    fn shorthand_lists_continue_over_commas() {
        let fields = &[
            Member {
                name: "Key",
                shape: Shape::String,
                required: false,
            },
            Member {
                name: "Values",
                shape: Shape::StringList,
                required: false,
            },
        ];
        let parsed = parse_shorthand("--filters", "Key=name,Values=prod/,dev/", fields).unwrap();
        assert_eq!(
            Value::Object(parsed),
            serde_json::json!({"Key": "name", "Values": ["prod/", "dev/"]})
        );
    }
}
