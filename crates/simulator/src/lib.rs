//! The web app's simulator: what changes the account through its services (API calls as an administrator, the
//! clock with its rotations and expiries, the instance terminal and its completion), as a module of its own.
//!
//! The app's first load has a budget (400 KB gzip), and the services, the AWS CLI emulation and the CloudTrail
//! shapes are about a fifth of the app's wasm. The app (`crates/web`) is built without them: it renders,
//! edits policies, evaluates the matrix and explains decisions on its own, and hands every other change to this
//! module, which `cargo xtask build` writes to `dist/pkg/simulator.js` and `simulator_bg.wasm`, and the app loads
//! once its first render is done. Natively (the app's tests) the app calls [`handle`] directly: one protocol for
//! both.
//!
//! The protocol is JSON text both ways. A request carries the whole account as its scenario file with saved state
//! (`"account"`, the text `Account::export_state` writes, which restores the world exactly) and one operation;
//! the response carries the account after it (except for `complete`, which changes nothing) and the outcome:
//!
//! | request member | value | response members |
//! | --- | --- | --- |
//! | `call` | `{"accountId"?, "service", "operation", "input"}` | `ok` (the response) or `error` (`Code: message`) |
//! | `advance` | seconds | — |
//! | `run` | `{"line", "instance"?, "principal"?, "environment"}` | `stdout`, `stderr`, `exitCode`, `environment` |
//! | `complete` | the line | `completions` |
//!
//! A request that cannot be read gets `{"failure": message}`.

use std::collections::BTreeMap;

use account::terminal::{Shell, ShellIdentity};
use account::{Account, ApiCall, Caller, Credentials, NetworkOrigin, Scenario, Service};
use serde_json::{Map, Value};
use wasm_bindgen::prelude::wasm_bindgen;

/// The module's one export: a request as JSON text in, the response as JSON text out.
#[wasm_bindgen]
pub fn simulate(request: &str) -> String {
    handle(request)
}

/// Runs one request (see the module documentation); never panics.
pub fn handle(request: &str) -> String {
    let response = serde_json::from_str::<Value>(request)
        .map_err(|error| format!("the request is not JSON: {error}"))
        .and_then(|request| respond(&request))
        .unwrap_or_else(|failure| {
            let mut response = Map::new();
            response.insert("failure".to_owned(), Value::String(failure));
            response
        });
    Value::Object(response).to_string()
}

fn respond(request: &Value) -> Result<Map<String, Value>, String> {
    let text = request
        .get("account")
        .and_then(Value::as_str)
        .ok_or("the request has no `account`")?;
    let scenario =
        Scenario::from_json(text).map_err(|error| format!("the account does not read back: {error}"))?;
    let mut account = Account::from_scenario(&scenario)
        .map_err(|error| format!("the account does not read back: {error}"))?;
    let mut response = Map::new();
    if let Some(line) = request.get("complete") {
        let line = line.as_str().ok_or("`complete` is not a string")?;
        let completions = account::terminal::complete(&account, line);
        response.insert(
            "completions".to_owned(),
            Value::Array(completions.into_iter().map(Value::String).collect()),
        );
        return Ok(response);
    }
    if let Some(call) = request.get("call") {
        match administrator_call(&mut account, call)? {
            Ok(value) => response.insert("ok".to_owned(), value),
            Err(error) => response.insert("error".to_owned(), Value::String(error)),
        };
    } else if let Some(seconds) = request.get("advance") {
        let seconds = seconds.as_u64().ok_or("`advance` is not a number of seconds")?;
        account.advance(seconds);
    } else if let Some(run) = request.get("run") {
        run_line(&mut account, run, &mut response)?;
    } else {
        return Err("the request names no operation (`call`, `advance`, `run` or `complete`)".to_owned());
    }
    response.insert(
        "account".to_owned(),
        Value::String(account.export_state().to_json()),
    );
    Ok(response)
}

/// An API call as the administrator of `accountId` (the playground's own account when absent), so that it
/// shows in CloudTrail as it would in AWS. The inner error is AWS's, as `Code: message`.
fn administrator_call(account: &mut Account, call: &Value) -> Result<Result<Value, String>, String> {
    let text = |member: &str| {
        call.get(member)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("`call` has no string `{member}`"))
    };
    let service = text("service")?;
    let service = Service::from_prefix(service).ok_or_else(|| format!("no service `{service}`"))?;
    let credentials = match call.get("accountId").and_then(Value::as_str) {
        Some(id) if id != account.account_id() => {
            Credentials::AsPrincipal(format!("arn:aws:iam::{id}:role/Administrator"))
        }
        _ => Credentials::Administrator,
    };
    let caller = Caller {
        credentials,
        network: NetworkOrigin::default(),
    };
    let call = ApiCall {
        service,
        operation: text("operation")?.to_owned(),
        input: call.get("input").cloned().unwrap_or(Value::Null),
        region: None,
    };
    Ok(account
        .call(&caller, &call)
        .map_err(|error| format!("{}: {}", error.code.as_str(), error.message)))
}

/// One terminal line in a shell on an instance (`instance`), as a principal (`principal`), or as the
/// administrator; the shell's environment goes in and comes back.
fn run_line(account: &mut Account, run: &Value, response: &mut Map<String, Value>) -> Result<(), String> {
    let line = run
        .get("line")
        .and_then(Value::as_str)
        .ok_or("`run` has no `line`")?;
    let identity = match (
        run.get("instance").and_then(Value::as_str),
        run.get("principal").and_then(Value::as_str),
    ) {
        (Some(instance), _) => ShellIdentity::Instance(instance.to_owned()),
        (None, Some(principal)) => ShellIdentity::Principal(principal.to_owned()),
        (None, None) => ShellIdentity::Administrator,
    };
    let mut shell = Shell::new(identity);
    shell.environment = environment(run.get("environment"));
    let output = account::terminal::run_line(account, &mut shell, line);
    response.insert("stdout".to_owned(), Value::String(output.stdout));
    response.insert("stderr".to_owned(), Value::String(output.stderr));
    response.insert("exitCode".to_owned(), Value::from(output.exit_code));
    response.insert(
        "environment".to_owned(),
        Value::Object(
            shell
                .environment
                .into_iter()
                .map(|(name, value)| (name, Value::String(value)))
                .collect(),
        ),
    );
    Ok(())
}

fn environment(value: Option<&Value>) -> BTreeMap<String, String> {
    value
        .and_then(Value::as_object)
        .map(|variables| {
            variables
                .iter()
                .filter_map(|(name, value)| Some((name.clone(), value.as_str()?.to_owned())))
                .collect()
        })
        .unwrap_or_default()
}
