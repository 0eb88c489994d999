//! The simulator's protocol: what the app sends, what it gets back, and that anything else is a failure message,
//! never a panic.

// The helpers below are test code too (clippy allows these only inside `#[test]` functions).
#![allow(clippy::expect_used, clippy::indexing_slicing)]

use account::terminal::{Shell, ShellIdentity};
use account::Account;
use serde_json::{json, Value};

const INSTANCE: &str = "i-0c4a7e1b9d2f36a58";

fn canonical() -> Account {
    Account::builtin("canonical").expect("the canonical scenario")
}

fn request(account: &Account, operation: &str, argument: Value) -> Value {
    let mut request = json!({ "account": account.export_state().to_json() });
    request[operation] = argument;
    let response = simulator::handle(&request.to_string());
    serde_json::from_str(&response).expect("the response is JSON")
}

fn account_of(response: &Value) -> Account {
    let text = response["account"]
        .as_str()
        .expect("the response carries the account");
    Account::from_scenario(&account::Scenario::from_json(text).expect("it reads back")).expect("it loads")
}

#[test]
fn a_terminal_line_through_the_simulator_prints_and_changes_what_running_it_here_does() {
    let line = "aws secretsmanager get-secret-value --secret-id prod/cart-service/credentials";
    let mut here = canonical();
    let mut shell = Shell::new(ShellIdentity::Instance(INSTANCE.to_owned()));
    let expected = account::terminal::run_line(&mut here, &mut shell, line);

    let response = request(
        &canonical(),
        "run",
        json!({ "line": line, "instance": INSTANCE, "environment": {} }),
    );
    assert_eq!(response["stdout"], Value::String(expected.stdout));
    assert_eq!(response["stderr"], Value::String(expected.stderr));
    assert_eq!(response["exitCode"], json!(expected.exit_code));
    // The account that comes back is the account the line left here, audit record and all.
    assert_eq!(
        account_of(&response).export_state().to_json(),
        here.export_state().to_json()
    );
}

#[test]
fn the_shell_environment_goes_in_and_comes_back() {
    let response = request(
        &canonical(),
        "run",
        json!({ "line": "export AWS_DEFAULT_OUTPUT=text", "environment": { "AWS_REGION": "us-east-1" } }),
    );
    assert_eq!(
        response["environment"],
        json!({ "AWS_DEFAULT_OUTPUT": "text", "AWS_REGION": "us-east-1" })
    );
}

#[test]
fn an_administrator_call_answers_as_aws_and_a_refusal_is_aws_text() {
    let created = request(
        &canonical(),
        "call",
        json!({ "service": "secretsmanager", "operation": "CreateSecret", "input": { "Name": "dev/new", "SecretString": "x" } }),
    );
    assert_eq!(created["ok"]["Name"], json!("dev/new"));
    assert!(account_of(&created)
        .secrets()
        .iter()
        .any(|secret| secret.name == "dev/new"));

    let refused = request(
        &account_of(&created),
        "call",
        json!({ "service": "secretsmanager", "operation": "CreateSecret", "input": { "Name": "dev/new", "SecretString": "x" } }),
    );
    let error = refused["error"].as_str().expect("an error");
    assert!(error.starts_with("ResourceExistsException: "), "{error}");
    assert!(refused.get("ok").is_none());
}

#[test]
fn the_clock_moves_and_completion_changes_nothing() {
    let before = canonical();
    let advanced = request(&before, "advance", json!(86_400));
    assert_eq!(account_of(&advanced).now(), before.now().plus(86_400));

    let completed = request(&before, "complete", json!("aws secretsmanager get-secret-v"));
    assert_eq!(completed["completions"], json!(["get-secret-value"]));
    assert!(completed.get("account").is_none());
}

#[test]
fn a_request_that_cannot_be_read_is_a_failure_message() {
    let account = canonical().export_state().to_json();
    for (request, expected) in [
        ("", "the request is not JSON"),
        ("[1, 2", "the request is not JSON"),
        ("{}", "the request has no `account`"),
        (r#"{"account": 7}"#, "the request has no `account`"),
        (
            r#"{"account": "{", "advance": 1}"#,
            "the account does not read back",
        ),
        (
            &format!(r#"{{"account": {}}}"#, json!(account)),
            "the request names no operation",
        ),
        (
            &format!(r#"{{"account": {}, "advance": -1}}"#, json!(account)),
            "`advance` is not a number",
        ),
        (
            &format!(r#"{{"account": {}, "call": {{}}}}"#, json!(account)),
            "`call` has no string `service`",
        ),
        (
            &format!(
                r#"{{"account": {}, "call": {{"service": "s3", "operation": "ListBuckets"}}}}"#,
                json!(account)
            ),
            "no service `s3`",
        ),
        (
            &format!(r#"{{"account": {}, "run": {{}}}}"#, json!(account)),
            "`run` has no `line`",
        ),
        (
            &format!(r#"{{"account": {}, "complete": 3}}"#, json!(account)),
            "`complete` is not a string",
        ),
    ] {
        let response: Value = serde_json::from_str(&simulator::handle(request)).expect("JSON");
        let failure = response["failure"].as_str().unwrap_or_default();
        assert!(failure.starts_with(expected), "{request:.80}: {response}");
    }
}
