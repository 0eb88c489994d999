//! The simulated account for JavaScript: `new Playground("canonical")` (a built-in name or a scenario JSON),
//! then terminal commands, API calls, the clock, the CloudTrail log, the access matrix and the scenario export.
//! Forwards to `account`; every answer is a tagged JSON string (`"type": "ok" | "denied" | "error" |
//! "invalid"`) and nothing throws for a domain outcome.
//!
//! ```js
//! const { Playground } = require("./dist/node/playground_wasm.js");
//! const world = new Playground("kms-key-policy");
//! JSON.parse(world.run("cart-app", "aws secretsmanager get-secret-value --secret-id prod/cart-service/credentials"));
//! // {"type": "ok", "caller": "instance i-...", "exitCode": 254, "stdout": "", "stderr": "\nAn error occurred ..."}
//! ```

use std::collections::BTreeMap;

use account::terminal::{run_line, run_script, Host, Shell, ShellIdentity};
use account::{Account, ApiCall, Caller, ErrorCode, Scenario, Service};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

/// One simulated world and the shells opened on it.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Playground {
    world: Result<Account, String>,
    /// One shell per identity, so that `export`ed variables last between `run` calls.
    shells: BTreeMap<String, Shell>,
}

#[wasm_bindgen]
impl Playground {
    /// `scenario` is a built-in scenario name (see `Playground.scenarios()`) or a scenario file's JSON text.
    #[wasm_bindgen(constructor)]
    pub fn new(scenario: &str) -> Playground {
        let world = if scenario.trim_start().starts_with('{') {
            Scenario::from_json(scenario)
                .and_then(|scenario| Account::from_scenario(&scenario))
                .map_err(|error| error.to_string())
        } else {
            Account::builtin(scenario).ok_or_else(|| {
                format!(
                    "unknown scenario `{scenario}` (built-in: {})",
                    account::BUILTIN_NAMES.join(", ")
                )
            })
        };
        Playground {
            world,
            shells: BTreeMap::new(),
        }
    }

    /// The built-in scenarios: `{"type": "ok", "scenarios": [{"name", "description"}]}`.
    pub fn scenarios() -> String {
        let list: Vec<Value> = account::BUILTIN_NAMES
            .iter()
            .filter_map(|name| account::builtin(name))
            .map(|scenario| json!({"name": scenario.name, "description": scenario.description}))
            .collect();
        json!({"type": "ok", "scenarios": list}).to_string()
    }

    /// `{"type": "ok"}`, or why the scenario could not be loaded.
    pub fn status(&self) -> String {
        match &self.world {
            Ok(_) => json!({"type": "ok"}).to_string(),
            Err(message) => invalid(message),
        }
    }

    /// Runs one terminal line. `on` chooses the shell: `""` for the administrator, an instance id or `Name`
    /// tag for a shell on that instance (credentials from IMDS), or a principal ARN.
    pub fn run(&mut self, on: &str, command: &str) -> String {
        let Ok(world) = &mut self.world else {
            return self.status();
        };
        let identity = if on.is_empty() {
            ShellIdentity::Administrator
        } else if on.starts_with("arn:") {
            ShellIdentity::Principal(on.to_owned())
        } else {
            match Host::resolve_instance(world, on) {
                Some(instance) => ShellIdentity::Instance(instance),
                None => return invalid(&format!("no instance `{on}` in this account")),
            }
        };
        let shell = self
            .shells
            .entry(on.to_owned())
            .or_insert_with(|| Shell::new(identity));
        let caller = shell.describe_identity();
        let output = run_line(world, shell, command);
        json!({"type": "ok", "caller": caller, "exitCode": output.exit_code, "stdout": output.stdout, "stderr": output.stderr})
            .to_string()
    }

    /// Runs a script (one command per line, `#` comments, `as ARN`, `on INSTANCE`, `advance DURATION`):
    /// `{"type": "ok", "steps": [{"line", "command", "caller", "exitCode", "stdout", "stderr"}], "error"?}`.
    pub fn script(&mut self, script: &str) -> String {
        let Ok(world) = &mut self.world else {
            return self.status();
        };
        let run = run_script(world, script);
        let steps: Vec<Value> = run
            .steps
            .iter()
            .map(|step| {
                json!({"line": step.line, "command": step.command, "caller": step.caller,
                       "exitCode": step.exit_code, "stdout": step.stdout, "stderr": step.stderr})
            })
            .collect();
        let mut answer = json!({"type": "ok", "steps": steps});
        if let (Some(error), Some(object)) = (run.error, answer.as_object_mut()) {
            object.insert("error".to_owned(), Value::String(error.to_string()));
        }
        answer.to_string()
    }

    /// One API call in AWS's JSON shapes. `caller` is `""` for the administrator or a principal ARN; `service`
    /// is the CLI's service name (`secretsmanager`, `sts`, `kms`, `iam`, `ec2`); `input` the request JSON.
    /// Answers `{"type": "ok", "response": {...}}`, `{"type": "denied", "code", "message"}` or
    /// `{"type": "error", "code", "message"}`.
    pub fn call(&mut self, caller: &str, service: &str, operation: &str, input: &str) -> String {
        let Ok(world) = &mut self.world else {
            return self.status();
        };
        let Some(service) = Service::from_prefix(service) else {
            return invalid(&format!("unknown service `{service}`"));
        };
        let input: Value = match serde_json::from_str(if input.trim().is_empty() { "{}" } else { input }) {
            Ok(value) => value,
            Err(error) => return invalid(&format!("input is not JSON: {error}")),
        };
        let caller = if caller.is_empty() {
            Caller::administrator()
        } else {
            Caller::as_principal(caller)
        };
        match world.call(&caller, &ApiCall::new(service, operation, input)) {
            Ok(response) => json!({"type": "ok", "response": response}).to_string(),
            Err(error) => {
                let denied = matches!(
                    error.code,
                    ErrorCode::AccessDeniedException
                        | ErrorCode::AccessDenied
                        | ErrorCode::UnauthorizedOperation
                );
                json!({"type": if denied { "denied" } else { "error" }, "code": error.code.as_str(), "message": error.message})
                    .to_string()
            }
        }
    }

    /// Moves the simulated clock forward; rotations, deletion windows and credential expiry happen on the way.
    pub fn advance(&mut self, seconds: f64) -> String {
        let Ok(world) = &mut self.world else {
            return self.status();
        };
        if !(seconds.is_finite() && seconds >= 0.0) {
            return invalid("seconds must be a finite, non-negative number");
        }
        let events = world.advance(seconds as u64);
        json!({"type": "ok", "events": events.len(), "now": world.now().to_string()}).to_string()
    }

    /// The CloudTrail log as `{"type": "ok", "Records": [...]}`.
    pub fn trail(&self) -> String {
        let Ok(world) = &self.world else {
            return self.status();
        };
        let mut export = world.export_trail();
        if let Some(object) = export.as_object_mut() {
            object.insert("type".to_owned(), Value::String("ok".to_owned()));
        }
        export.to_string()
    }

    /// The access matrix (each instance's role session, each role, each other account's role × every secret ×
    /// the eight actions) as
    /// `{"type": "ok", "principals", "secrets", "actions", "cells": [["allowed", ...], ...]}` with one row per
    /// (principal, secret) pair, principal-major.
    pub fn matrix(&self) -> String {
        let Ok(world) = &self.world else {
            return self.status();
        };
        let matrix = world.access_matrix(&account::NetworkOrigin::default());
        let rows: Vec<Value> = matrix
            .cells
            .chunks(matrix.actions.len().max(1))
            .map(|row| {
                Value::Array(
                    row.iter()
                        .map(|decision| Value::from(decision.as_str()))
                        .collect(),
                )
            })
            .collect();
        json!({"type": "ok", "principals": matrix.principals, "secrets": matrix.secrets, "actions": matrix.actions, "cells": rows})
            .to_string()
    }

    /// The current state as a scenario file (`{"type": "ok", "scenario": {...}}`), which `new Playground()`
    /// reads back.
    #[wasm_bindgen(js_name = exportScenario)]
    pub fn export_scenario(&self) -> String {
        let Ok(world) = &self.world else {
            return self.status();
        };
        let scenario: Value = serde_json::from_str(&world.export_state().to_json()).unwrap_or(Value::Null);
        json!({"type": "ok", "scenario": scenario}).to_string()
    }
}

fn invalid(message: &str) -> String {
    json!({"type": "invalid", "code": "InvalidInput", "message": message}).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn the_canonical_story_through_the_facade() {
        let mut playground = Playground::new("kms-key-policy");
        assert_eq!(parse(&playground.status())["type"], "ok");
        let answer = parse(&playground.run(
            "cart-app",
            "aws secretsmanager get-secret-value --secret-id prod/cart-service/credentials",
        ));
        assert_eq!(answer["exitCode"], 254);
        assert_eq!(
            answer["stderr"],
            "\nAn error occurred (AccessDeniedException) when calling the GetSecretValue operation: Access to KMS is not allowed\n"
        );
        let trail = parse(&playground.trail());
        assert!(trail["Records"]
            .as_array()
            .unwrap()
            .iter()
            .any(|record| record["eventName"] == "GetSecretValue"));
    }

    #[test]
    fn calls_are_tagged_and_bad_input_is_invalid() {
        let mut playground = Playground::new("canonical");
        let denied = parse(&playground.call(
            "arn:aws:iam::111122223333:role/cart-service-role",
            "secretsmanager",
            "DeleteSecret",
            r#"{"SecretId": "prod/cart-service/credentials"}"#,
        ));
        assert_eq!(denied["type"], "denied");
        assert_eq!(denied["code"], "AccessDeniedException");
        let missing =
            parse(&playground.call("", "secretsmanager", "DescribeSecret", r#"{"SecretId": "nope"}"#));
        assert_eq!(
            (missing["type"].as_str(), missing["code"].as_str()),
            (Some("error"), Some("ResourceNotFoundException"))
        );
        assert_eq!(
            parse(&playground.call("", "s3", "ListBuckets", "{}"))["type"],
            "invalid"
        );
        assert_eq!(
            parse(&playground.call("", "secretsmanager", "ListSecrets", "{oops"))["type"],
            "invalid"
        );
        assert_eq!(parse(&Playground::new("no-such").status())["type"], "invalid");
        assert_eq!(
            parse(&Playground::new("{\"formatVersion\": 9}").status())["type"],
            "invalid"
        );
    }

    #[test]
    fn export_reads_back_and_the_matrix_has_every_cell() {
        let playground = Playground::new("canonical");
        let exported = parse(&playground.export_scenario());
        let again = Playground::new(&exported["scenario"].to_string());
        assert_eq!(parse(&again.status())["type"], "ok");
        let matrix = parse(&playground.matrix());
        let rows = matrix["cells"].as_array().unwrap().len();
        assert_eq!(
            rows,
            matrix["principals"].as_array().unwrap().len() * matrix["secrets"].as_array().unwrap().len()
        );
        assert_eq!(
            parse(&Playground::scenarios())["scenarios"]
                .as_array()
                .unwrap()
                .len(),
            account::BUILTIN_NAMES.len()
        );
    }
}
