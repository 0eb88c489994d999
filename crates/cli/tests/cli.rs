//! The `playground` binary as a user runs it: stdout, stderr and exit codes, snapshotted.

use std::path::PathBuf;
use std::process::Command;

use expect_test::{expect, Expect};

const EXAMPLE_POLICY: &str = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}"#;

/// Runs `playground ARGS` and renders what it did: exit code, stdout, stderr.
fn run(arguments: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_playground"))
        .args(arguments)
        .output()
        .unwrap();
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn check(arguments: &[&str], expected: Expect) {
    expected.assert_eq(&run(arguments));
}

/// A file in a fresh directory of the system temporary directory, for `file://` parameters.
fn temp_file(name: &str, contents: &str) -> PathBuf {
    let directory = std::env::temp_dir().join(format!("playground-cli-test-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&directory).unwrap();
    let path = directory.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

#[test]
fn simulate_prints_the_response_with_four_space_indentation() {
    let request = serde_json::json!({
        "PolicyInputList": [EXAMPLE_POLICY],
        "ActionNames": ["dynamodb:CreateBackup"],
        "ContextEntries": [{"ContextKeyName": "aws:CurrentTime", "ContextKeyValues": ["2019-04-25T11:00:00Z"], "ContextKeyType": "date"}]
    });
    let path = temp_file("request.json", &request.to_string());
    let output = run(&[
        "simulate-custom-policy",
        "--cli-input-json",
        &format!("file://{}", path.display()),
    ]);
    let head: String = output.lines().take(24).map(|line| format!("{line}\n")).collect();
    expect![[r#"
        exit: 0
        --- stdout
        {
            "EvaluationResults": [
                {
                    "EvalActionName": "dynamodb:CreateBackup",
                    "EvalResourceName": "*",
                    "EvalDecision": "allowed",
                    "MatchedStatements": [
                        {
                            "SourcePolicyId": "PolicyInputList.1",
                            "SourcePolicyType": "IAM Policy",
                            "StartPosition": {
                                "Line": 1,
                                "Column": 38
                            },
                            "EndPosition": {
                                "Line": 1,
                                "Column": 167
                            }
                        }
                    ],
                    "MissingContextValues": [],
                    "Explanation": {
    "#]]
    .assert_eq(&head);
    assert!(
        output.ends_with("    \"IsTruncated\": false\n}\n--- stderr\n"),
        "{output}"
    );
}

#[test]
fn command_line_options_build_the_request_and_override_the_input_json() {
    let output = run(&[
        "simulate-custom-policy",
        "--cli-input-json",
        r#"{"PolicyInputList": [], "ActionNames": ["s3:GetObject"]}"#,
        "--policy-input-list",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}"#,
        "--action-names",
        "secretsmanager:GetSecretValue",
        "secretsmanager:DeleteSecret",
        "--caller-arn",
        "arn:aws:sts::111122223333:assumed-role/cart-service-role/i-0123",
    ]);
    let decisions: Vec<&str> = output
        .lines()
        .filter(|line| line.trim_start().starts_with("\"EvalDecision\""))
        .map(str::trim)
        .collect();
    assert_eq!(
        decisions,
        [
            "\"EvalDecision\": \"allowed\",",
            "\"EvalDecision\": \"implicitDeny\","
        ],
        "{output}"
    );
}

#[test]
fn a_malformed_policy_is_a_service_error() {
    check(
        &[
            "simulate-custom-policy",
            "--policy-input-list",
            r#"{"Statement": [}"#,
            "--action-names",
            "s3:GetObject",
        ],
        expect![[r#"
            exit: 254
            --- stdout
            --- stderr

            An error occurred (MalformedPolicyDocument) when calling the SimulateCustomPolicy operation: Syntax errors in policy.
        "#]],
    );
    check(
        &[
            "simulate-custom-policy",
            "--policy-input-list",
            EXAMPLE_POLICY,
            "--action-names",
            "s3:GetObject",
            "--resource-arns",
            "bucket",
        ],
        expect![[r#"
            exit: 254
            --- stdout
            --- stderr

            An error occurred (InvalidInput) when calling the SimulateCustomPolicy operation: ResourceNames are not in a valid ARN format: bucket.
        "#]],
    );
}

#[test]
fn parameter_problems_exit_252() {
    check(
        &[
            "simulate-custom-policy",
            "--cli-input-json",
            r#"{"ActionNames": ["s3:GetObject"], "Bogus": 1}"#,
        ],
        expect![[r#"
            exit: 252
            --- stdout
            --- stderr

            Parameter validation failed:
            Unknown parameter in input: "Bogus", must be one of: PolicyInputList, PermissionsBoundaryPolicyInputList, ActionNames, ResourceArns, ResourcePolicy, ResourceOwner, CallerArn, ContextEntries, ResourceHandlingOption, MaxItems, Marker, ServiceControlPolicyInputList, ResourceControlPolicyInputList, SessionPolicyInput, VpcEndpointPolicyInput, CallerAccount
            Missing required parameter in input: "PolicyInputList"
        "#]],
    );
    check(
        &["simulate-custom-policy", "--cli-input-json", "{not json"],
        expect![[r#"
            exit: 252
            --- stdout
            --- stderr

            Error parsing parameter '--cli-input-json': Invalid JSON: key must be a string at line 1 column 2
            JSON received: {not json
        "#]],
    );
    check(
        &[
            "simulate-custom-policy",
            "--action-names",
            "s3:GetObject",
            "--colour",
            "red",
        ],
        expect![[r#"
            exit: 252
            --- stdout
            --- stderr
            usage: playground simulate-custom-policy [--cli-input-json <value>] [--policy-input-list <value> [<value> ...]] [--action-names <value> [<value> ...]] [parameters]
            To see help text, you can run:

              playground --help
              playground <command> --help

            playground: error: Unknown options: --colour, red
        "#]],
    );
}

#[test]
fn a_missing_parameter_file_exits_255() {
    check(
        &[
            "simulate-custom-policy",
            "--cli-input-json",
            "file://does/not/exist.json",
        ],
        expect![[r#"
            exit: 255
            --- stdout
            --- stderr

            Error parsing parameter '--cli-input-json': Unable to load paramfile file://does/not/exist.json: [Errno 2] No such file or directory: 'does/not/exist.json'
        "#]],
    );
}

#[test]
fn validate_policy_prints_findings() {
    let path = temp_file(
        "policy.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}"#,
    );
    // The findings themselves are the validator's (snapshotted in its own tests): here, the CLI's framing.
    let output = run(&[
        "validate-policy",
        "--policy-type",
        "IDENTITY_POLICY",
        "--policy-document",
        &format!("file://{}", path.display()),
    ]);
    assert!(
        output.starts_with("exit: 0\n--- stdout\n{\n    \"findings\": [\n        {\n"),
        "{output}"
    );
    assert!(
        output.contains("\"issueCode\": \"GET_SECRET_VALUE_WITH_STAR_IN_RESOURCE\""),
        "{output}"
    );
    assert!(output.ends_with("}\n--- stderr\n"), "{output}");
    check(
        &[
            "validate-policy",
            "--policy-type",
            "GROUP_POLICY",
            "--policy-document",
            "{}",
        ],
        expect![[r#"
            exit: 254
            --- stdout
            --- stderr

            An error occurred (ValidationException) when calling the ValidatePolicy operation: 1 validation error detected: Value 'GROUP_POLICY' at 'policyType' failed to satisfy constraint: Member must satisfy enum value set: [IDENTITY_POLICY, RESOURCE_POLICY, SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY, TRUST_POLICY]
        "#]],
    );
    check(
        &["validate-policy", "--policy-document", "{}"],
        expect![[r#"
            exit: 252
            --- stdout
            --- stderr

            Parameter validation failed:
            Missing required parameter in input: "policyType"
        "#]],
    );
}

#[test]
fn commands_and_help() {
    check(
        &["describe-secret"],
        expect![[r#"
            exit: 252
            --- stdout
            --- stderr
            usage: playground [options] <command> [parameters]
            To see help text, you can run:

              playground --help
              playground <command> --help

            playground: error: argument command: Invalid choice, valid choices are:

            simulate-custom-policy | validate-policy | scenarios | run
        "#]],
    );
    let help = run(&["--help"]);
    assert!(help.starts_with("exit: 0\n--- stdout\nPLAYGROUND()"), "{help}");
    assert!(help.contains("simulate-custom-policy") && help.contains("validate-policy"));
    assert!(run(&["simulate-custom-policy", "--help"]).contains("--cli-input-json (string)"));
    assert!(run(&["validate-policy", "--help"]).contains("--policy-type (string)"));
    assert!(run(&[]).starts_with("exit: 252\n"));
}

#[test]
fn the_aws_cli_documentation_example_runs_verbatim() {
    // `aws iam simulate-custom-policy` examples, with shorthand context entries; the second is the
    // documented implicit deny (the date is before the policy's).
    for (date, decision) in [
        ("2019-04-25T11:00:00Z", "allowed"),
        ("2014-04-25T11:00:00Z", "implicitDeny"),
    ] {
        let output = run(&[
            "simulate-custom-policy",
            "--policy-input-list",
            EXAMPLE_POLICY,
            "--action-names",
            "dynamodb:CreateBackup",
            "--context-entries",
            &format!("ContextKeyName='aws:CurrentTime',ContextKeyValues='{date}',ContextKeyType=date"),
        ]);
        assert!(output.starts_with("exit: 0\n"), "{output}");
        assert!(
            output.contains(&format!("            \"EvalDecision\": \"{decision}\",\n")),
            "{output}"
        );
    }
}
