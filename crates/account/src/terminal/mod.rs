//! The terminal: a small shell that runs on an instance (or as the administrator, or as a chosen principal) and
//! understands `aws <service> <command> ...` with the AWS CLI v2's syntax and output, `curl` against the
//! instance metadata service at 169.254.169.254, `aws configure list`, `echo`, `export`, `env` and `help`.
//!
//! The shell talks to the world only through [`Host`], which [`crate::Account`] implements; the command line
//! tool wraps it to add `file://` reads. Output is what the AWS CLI prints: JSON with four-space indentation on
//! success; on failure `An error occurred (CODE) when calling the OPERATION operation: MESSAGE` on stderr with
//! exit code 254, and the CLI's usage errors with exit code 252.

mod aws;
mod curl;
mod host;
mod lexer;
mod output;
mod query;
mod script;
mod shapes;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::api::{ApiCall, ApiError, Caller, NetworkOrigin, Service};
use crate::imds::{ImdsRequest, ImdsResponse};

pub use lexer::{split_words, LexError};
pub use output::{format_json, format_response, OutputFormat};
pub use query::{search as query_search, QueryError};
pub use script::{parse_duration, run_script, ScriptError, ScriptRun, ScriptStep};

/// What the shell needs from the simulated world.
pub trait Host {
    /// One API call through the account's single entry point.
    fn call(&mut self, caller: &Caller, call: &ApiCall) -> Result<Value, ApiError>;
    /// One HTTP request to the metadata service of `instance_id`; `None` when the instance does not exist or
    /// is not running (the connection fails).
    fn imds(&mut self, instance_id: &str, request: &ImdsRequest) -> Option<ImdsResponse>;
    /// Where calls from `instance_id` to `service` come from: its public address, or the VPC endpoint of its
    /// VPC for that service.
    fn instance_origin(&self, instance_id: &str, service: Service) -> Option<NetworkOrigin>;
    /// The account's home Region (the CLI's configured Region on the instance).
    fn home_region(&self) -> String;
    /// Moves the simulated clock forward, running what falls due.
    fn advance(&mut self, seconds: u64);
    /// Instance ids, for completion.
    fn instance_ids(&self) -> Vec<String>;
    /// The id of the instance named `name_or_id` (its id or its `Name` tag), for `on INSTANCE`.
    fn resolve_instance(&self, name_or_id: &str) -> Option<String> {
        self.instance_ids().into_iter().find(|id| id == name_or_id)
    }
    /// Reads a `file://` path. The browser has no files; the command line tool reads the disk.
    fn read_file(&self, path: &str) -> Result<String, String> {
        Err(format!("file:// paths are not available here: `{path}`"))
    }
}

/// Who the shell's commands run as.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ShellIdentity {
    /// The account's administrator.
    #[default]
    Administrator,
    /// On an instance: the AWS CLI finds its credentials through IMDS, as on EC2.
    Instance(String),
    /// A session of this principal (a role ARN means a session of that role).
    Principal(String),
}

/// One shell: who it runs as and its environment variables.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Shell {
    pub identity: ShellIdentity,
    pub environment: BTreeMap<String, String>,
}

impl Shell {
    pub fn new(identity: ShellIdentity) -> Self {
        Self {
            identity,
            environment: BTreeMap::new(),
        }
    }

    /// A short description of who the shell runs as (`administrator`, `instance i-...`, or the ARN).
    pub fn describe_identity(&self) -> String {
        match &self.identity {
            ShellIdentity::Administrator => "administrator".to_owned(),
            ShellIdentity::Instance(instance) => format!("instance {instance}"),
            ShellIdentity::Principal(arn) => arn.clone(),
        }
    }
}

/// What one command printed and how it exited.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CommandOutput {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}

impl CommandOutput {
    fn success(stdout: impl Into<String>) -> Self {
        Self {
            stdout: stdout.into(),
            stderr: String::new(),
            exit_code: 0,
        }
    }

    fn failure(stderr: impl Into<String>, exit_code: i32) -> Self {
        Self {
            stdout: String::new(),
            stderr: stderr.into(),
            exit_code,
        }
    }
}

/// Runs one command line.
pub fn run_line<H: Host>(host: &mut H, shell: &mut Shell, line: &str) -> CommandOutput {
    run_line_at_depth(host, shell, line, 0)
}

/// How deeply `$(...)` may nest before the shell refuses, so that no input can recurse without bound.
const MAX_SUBSTITUTION_DEPTH: usize = 8;

fn run_line_at_depth<H: Host>(host: &mut H, shell: &mut Shell, line: &str, depth: usize) -> CommandOutput {
    let line = match substitute_commands(host, shell, line, depth) {
        Ok(line) => line,
        Err(message) => return CommandOutput::failure(format!("bash: {message}\n"), 2),
    };
    let line = line.as_str();
    let words = match split_words(line, &shell.environment) {
        Ok(words) => words,
        Err(error) => return CommandOutput::failure(format!("bash: {error}\n"), 2),
    };
    let Some((program, arguments)) = words.split_first() else {
        return CommandOutput::default();
    };
    if let Some((name, value)) = assignment(program) {
        if arguments.is_empty() {
            shell.environment.insert(name.to_owned(), value.to_owned());
            return CommandOutput::default();
        }
    }
    match program.as_str() {
        "aws" => aws::run(host, shell, arguments),
        "curl" => curl::run(host, shell, arguments),
        "echo" => echo(arguments),
        "export" => export(shell, arguments),
        "unset" => {
            for name in arguments {
                shell.environment.remove(name);
            }
            CommandOutput::default()
        }
        "env" => CommandOutput::success(
            shell
                .environment
                .iter()
                .map(|(name, value)| format!("{name}={value}\n"))
                .collect::<String>(),
        ),
        "whoami" => CommandOutput::success(format!("{}\n", shell.describe_identity())),
        "help" => CommandOutput::success(help_text()),
        other => CommandOutput::failure(format!("bash: {other}: command not found\n"), 127),
    }
}

/// Completions for the last word of `line`: whole replacement words, sorted.
pub fn complete<H: Host>(host: &H, line: &str) -> Vec<String> {
    let words = split_words(line, &BTreeMap::new()).unwrap_or_default();
    let ends_with_space = line.ends_with(' ');
    let (done, partial): (&[String], &str) = if ends_with_space {
        (&words, "")
    } else {
        match words.split_last() {
            Some((last, rest)) => (rest, last.as_str()),
            None => (&[], ""),
        }
    };
    let candidates: Vec<String> = match done {
        [] => ["aws", "curl", "echo", "export", "env", "help", "unset", "whoami"]
            .iter()
            .map(|word| (*word).to_owned())
            .collect(),
        [program, rest @ ..] if program == "aws" => aws::completions(rest),
        [program, ..] if program == "curl" => {
            let mut urls: Vec<String> = [
                "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                "http://169.254.169.254/latest/meta-data/iam/info",
                "http://169.254.169.254/latest/api/token",
                "http://169.254.169.254/latest/dynamic/instance-identity/document",
            ]
            .iter()
            .map(|url| (*url).to_owned())
            .collect();
            urls.extend(
                ["-X", "PUT", "-H", "-s", "-i", "-f"]
                    .iter()
                    .map(|word| (*word).to_owned()),
            );
            urls
        }
        _ => Vec::new(),
    };
    let _ = host;
    let mut matches: Vec<String> = candidates
        .into_iter()
        .filter(|candidate| candidate.starts_with(partial))
        .collect();
    matches.sort();
    matches.dedup();
    matches
}

/// `NAME=value` as a whole word: a shell variable assignment.
fn assignment(word: &str) -> Option<(&str, &str)> {
    let (name, value) = word.split_once('=')?;
    let valid_name = name
        .chars()
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && name
            .chars()
            .all(|character| character.is_ascii_alphanumeric() || character == '_');
    valid_name.then_some((name, value))
}

/// Replaces each `$(command)` outside single quotes with the command's output (trailing newlines removed,
/// as bash does), quoted so that it stays one word inside double quotes and is not re-interpreted.
fn substitute_commands<H: Host>(
    host: &mut H,
    shell: &mut Shell,
    line: &str,
    depth: usize,
) -> Result<String, String> {
    if !line.contains("$(") {
        return Ok(line.to_owned());
    }
    if depth >= MAX_SUBSTITUTION_DEPTH {
        return Err("command substitution nested too deeply".to_owned());
    }
    let characters: Vec<char> = line.chars().collect();
    let mut output = String::with_capacity(line.len());
    let mut in_single = false;
    let mut in_double = false;
    let mut index = 0;
    while let Some(&character) = characters.get(index) {
        match character {
            '\\' if !in_single => {
                output.push(character);
                if let Some(&next) = characters.get(index + 1) {
                    output.push(next);
                }
                index += 2;
                continue;
            }
            '\'' if !in_double => in_single = !in_single,
            '"' if !in_single => in_double = !in_double,
            '$' if !in_single && characters.get(index + 1) == Some(&'(') => {
                let mut level = 1;
                let mut end = index + 2;
                while let Some(&inner) = characters.get(end) {
                    match inner {
                        '(' => level += 1,
                        ')' => {
                            level -= 1;
                            if level == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    end += 1;
                }
                if level != 0 {
                    return Err("unexpected EOF while looking for matching `)'".to_owned());
                }
                let inner: String = characters
                    .get(index + 2..end)
                    .unwrap_or_default()
                    .iter()
                    .collect();
                let result = run_line_at_depth(host, shell, &inner, depth + 1);
                let text = result.stdout.trim_end_matches('\n');
                if in_double {
                    for character in text.chars() {
                        if matches!(character, '"' | '\\' | '$' | '`') {
                            output.push('\\');
                        }
                        output.push(character);
                    }
                } else {
                    output.push('\'');
                    output.push_str(&text.replace('\'', "'\\''"));
                    output.push('\'');
                }
                index = end + 1;
                continue;
            }
            _ => {}
        }
        output.push(character);
        index += 1;
    }
    Ok(output)
}

fn echo(arguments: &[String]) -> CommandOutput {
    let (newline, words) = match arguments.split_first() {
        Some((flag, rest)) if flag == "-n" => (false, rest),
        _ => (true, arguments),
    };
    let mut text = words.join(" ");
    if newline {
        text.push('\n');
    }
    CommandOutput::success(text)
}

fn export(shell: &mut Shell, arguments: &[String]) -> CommandOutput {
    for argument in arguments {
        match argument.split_once('=') {
            Some((name, value)) if !name.is_empty() => {
                shell.environment.insert(name.to_owned(), value.to_owned());
            }
            _ => {
                return CommandOutput::failure(
                    format!("bash: export: `{argument}': not a valid identifier\n"),
                    1,
                )
            }
        }
    }
    CommandOutput::default()
}

fn help_text() -> String {
    "Commands:\n\
     \x20 aws <service> <command> [options]   secretsmanager, sts, kms, iam, ec2 (try `aws secretsmanager help`)\n\
     \x20 aws configure list                  where the CLI finds its credentials and Region\n\
     \x20 curl [-s] [-i] [-f] [-X PUT] [-H 'Name: value'] http://169.254.169.254/latest/...\n\
     \x20                                     the instance metadata service (IMDSv1 and IMDSv2)\n\
     \x20 echo, export NAME=value, unset NAME, env, whoami, help\n\
     Global options: --region, --output json|text|table, --query EXPRESSION, --cli-input-json JSON\n"
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Credentials, ErrorCode, Service};
    use serde_json::json;

    /// A host that records calls and answers from a script of responses, to test the shell on its own.
    #[derive(Default)]
    struct RecordingHost {
        calls: Vec<(Caller, ApiCall)>,
        responses: Vec<Result<Value, ApiError>>,
        imds_log: Vec<ImdsRequest>,
        imds_requires_token: bool,
        advanced: u64,
    }

    impl Host for RecordingHost {
        fn call(&mut self, caller: &Caller, call: &ApiCall) -> Result<Value, ApiError> {
            self.calls.push((caller.clone(), call.clone()));
            if self.responses.is_empty() {
                Ok(json!({}))
            } else {
                self.responses.remove(0)
            }
        }

        fn imds(&mut self, instance_id: &str, request: &ImdsRequest) -> Option<ImdsResponse> {
            self.imds_log.push(request.clone());
            if instance_id != "i-0123456789abcdef0" {
                return None;
            }
            let has_token = request
                .headers
                .iter()
                .any(|(name, _)| name.eq_ignore_ascii_case("x-aws-ec2-metadata-token"));
            let (status, body) = match (request.method.as_str(), request.path.as_str()) {
                ("PUT", "/latest/api/token") => (200, "TOKEN".to_owned()),
                _ if self.imds_requires_token && !has_token => (401, String::new()),
                ("GET", "/latest/meta-data/iam/security-credentials/") => {
                    (200, "cart-service-role".to_owned())
                }
                ("GET", "/latest/meta-data/iam/security-credentials/cart-service-role") => (
                    200,
                    json!({"Code": "Success", "AccessKeyId": "ASIAEXAMPLE"}).to_string(),
                ),
                _ => (404, String::new()),
            };
            Some(ImdsResponse { status, body })
        }

        fn instance_origin(&self, instance_id: &str, _service: Service) -> Option<NetworkOrigin> {
            Some(NetworkOrigin {
                source_ip: "10.0.1.25".to_owned(),
                vpc_endpoint: Some("vpce-0abc".to_owned()),
                instance: Some(instance_id.to_owned()),
                ..NetworkOrigin::default()
            })
        }

        fn home_region(&self) -> String {
            "us-east-1".to_owned()
        }

        fn advance(&mut self, seconds: u64) {
            self.advanced += seconds;
        }

        fn instance_ids(&self) -> Vec<String> {
            vec!["i-0123456789abcdef0".to_owned()]
        }
    }

    fn run(host: &mut RecordingHost, shell: &mut Shell, line: &str) -> CommandOutput {
        run_line(host, shell, line)
    }

    #[test]
    fn options_become_the_api_input_and_json_prints_with_four_spaces() {
        let mut host = RecordingHost {
            responses: vec![Ok(
                json!({"ARN": "arn", "Name": "prod/cart-service/credentials", "CreatedDate": 0.0}),
            )],
            ..RecordingHost::default()
        };
        let mut shell = Shell::default();
        let output = run(
            &mut host,
            &mut shell,
            "aws secretsmanager get-secret-value --secret-id prod/cart-service/credentials --version-stage=AWSPREVIOUS",
        );
        assert_eq!(output.exit_code, 0, "{output:?}");
        let (caller, call) = &host.calls[0];
        assert_eq!(caller.credentials, Credentials::Administrator);
        assert_eq!(call.operation, "GetSecretValue");
        assert_eq!(
            call.input,
            json!({"SecretId": "prod/cart-service/credentials", "VersionStage": "AWSPREVIOUS"})
        );
        assert_eq!(
            output.stdout,
            "{\n    \"ARN\": \"arn\",\n    \"Name\": \"prod/cart-service/credentials\",\n    \"CreatedDate\": \"1970-01-01T00:00:00+00:00\"\n}\n"
        );
    }

    #[test]
    fn service_errors_print_the_cli_line_and_exit_254() {
        let mut host = RecordingHost {
            responses: vec![Err(ApiError::new(
                ErrorCode::ResourceNotFoundException,
                "Secrets Manager can't find the specified secret.",
            ))],
            ..RecordingHost::default()
        };
        let output = run(
            &mut host,
            &mut Shell::default(),
            "aws secretsmanager describe-secret --secret-id nope",
        );
        assert_eq!(output.exit_code, 254);
        assert_eq!(
            output.stderr,
            "\nAn error occurred (ResourceNotFoundException) when calling the DescribeSecret operation: Secrets Manager can't find the specified secret.\n"
        );
    }

    #[test]
    fn usage_errors_exit_252() {
        let mut host = RecordingHost::default();
        let mut shell = Shell::default();
        let missing = run(&mut host, &mut shell, "aws secretsmanager get-secret-value");
        assert_eq!(missing.exit_code, 252);
        assert!(missing
            .stderr
            .ends_with("aws: error: the following arguments are required: --secret-id\n"));
        let unknown = run(
            &mut host,
            &mut shell,
            "aws secretsmanager get-secret-value --secret-id x --bogus 1",
        );
        assert_eq!(unknown.exit_code, 252);
        assert!(
            unknown.stderr.ends_with("Unknown options: --bogus, 1\n"),
            "{}",
            unknown.stderr
        );
        let bad_operation = run(&mut host, &mut shell, "aws secretsmanager get-secret");
        assert_eq!(bad_operation.exit_code, 252);
        assert!(bad_operation.stderr.contains("get-secret-value"));
        assert!(host.calls.is_empty());
    }

    #[test]
    fn shorthand_booleans_lists_and_cli_input_json() {
        let mut host = RecordingHost::default();
        let mut shell = Shell::default();
        run(
            &mut host,
            &mut shell,
            "aws secretsmanager create-secret --name n --secret-string '{\"a\":1}' --tags Key=team,Value=cart Key=env,Value=prod --force-overwrite-replica-secret",
        );
        assert_eq!(
            host.calls[0].1.input,
            json!({"Name": "n", "SecretString": "{\"a\":1}", "Tags": [{"Key": "team", "Value": "cart"}, {"Key": "env", "Value": "prod"}], "ForceOverwriteReplicaSecret": true})
        );
        run(&mut host, &mut shell, "aws secretsmanager delete-secret --secret-id n --no-force-delete-without-recovery --recovery-window-in-days 7");
        assert_eq!(
            host.calls[1].1.input,
            json!({"SecretId": "n", "ForceDeleteWithoutRecovery": false, "RecoveryWindowInDays": 7})
        );
        run(
            &mut host,
            &mut shell,
            r#"aws secretsmanager get-secret-value --cli-input-json '{"SecretId": "a", "VersionStage": "AWSCURRENT"}' --secret-id b"#,
        );
        assert_eq!(
            host.calls[2].1.input,
            json!({"SecretId": "b", "VersionStage": "AWSCURRENT"})
        );
        let bad = run(
            &mut host,
            &mut shell,
            "aws secretsmanager get-secret-value --cli-input-json '{oops'",
        );
        assert_eq!(bad.exit_code, 252);
        assert!(bad
            .stderr
            .contains("Error parsing parameter 'cli-input-json': Invalid JSON"));
    }

    #[test]
    fn on_an_instance_the_cli_fetches_credentials_through_imdsv2() {
        let mut host = RecordingHost {
            imds_requires_token: true,
            ..RecordingHost::default()
        };
        let mut shell = Shell::new(ShellIdentity::Instance("i-0123456789abcdef0".to_owned()));
        let output = run(&mut host, &mut shell, "aws sts get-caller-identity");
        assert_eq!(output.exit_code, 0, "{output:?}");
        let (caller, _) = &host.calls[0];
        assert_eq!(
            caller.credentials,
            Credentials::AccessKey("ASIAEXAMPLE".to_owned())
        );
        assert_eq!(caller.network.vpc_endpoint.as_deref(), Some("vpce-0abc"));
        assert_eq!(host.imds_log[0].method, "PUT");
        assert!(host.imds_log[1]
            .headers
            .iter()
            .any(|(name, value)| name == "X-aws-ec2-metadata-token" && value == "TOKEN"));
    }

    #[test]
    fn curl_without_a_token_gets_401_when_imdsv2_is_required() {
        let mut host = RecordingHost {
            imds_requires_token: true,
            ..RecordingHost::default()
        };
        let mut shell = Shell::new(ShellIdentity::Instance("i-0123456789abcdef0".to_owned()));
        let output = run(
            &mut host,
            &mut shell,
            "curl -sf http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        );
        assert_eq!((output.exit_code, output.stderr.as_str()), (22, ""));
        let token = run(&mut host, &mut shell, "curl -s -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 21600' http://169.254.169.254/latest/api/token");
        assert_eq!(token.stdout, "TOKEN");
        let admin = run(
            &mut host,
            &mut Shell::default(),
            "curl http://169.254.169.254/latest/meta-data/",
        );
        assert_eq!(admin.exit_code, 7);
    }

    #[test]
    fn query_and_text_output() {
        let mut host = RecordingHost {
            responses: vec![Ok(json!({"SecretString": "{\"password\":\"x\"}", "Name": "n"}))],
            ..RecordingHost::default()
        };
        let output = run(
            &mut host,
            &mut Shell::default(),
            "aws secretsmanager get-secret-value --secret-id n --query SecretString --output text",
        );
        assert_eq!(output.stdout, "{\"password\":\"x\"}\n");
    }

    #[test]
    fn pagination_merges_pages() {
        let mut host = RecordingHost {
            responses: vec![
                Ok(json!({"SecretList": [{"Name": "a"}], "NextToken": "t1"})),
                Ok(json!({"SecretList": [{"Name": "b"}]})),
            ],
            ..RecordingHost::default()
        };
        let output = run(
            &mut host,
            &mut Shell::default(),
            "aws secretsmanager list-secrets --query 'SecretList[].Name' --output text",
        );
        assert_eq!(output.stdout, "a\tb\n");
        assert_eq!(host.calls[1].1.input, json!({"NextToken": "t1"}));
    }

    #[test]
    fn scripts_run_directives_in_order() {
        let mut host = RecordingHost::default();
        let run = run_script(
            &mut host,
            "# demo\naws sts get-caller-identity\nas arn:aws:iam::111122223333:role/cart-service-role\naws sts get-caller-identity\nadvance 1h30m\non i-0123456789abcdef0\necho done\non i-missing\necho never",
        );
        assert_eq!(run.steps.len(), 3);
        assert_eq!(
            run.steps[1].caller,
            "arn:aws:iam::111122223333:role/cart-service-role"
        );
        assert_eq!(
            host.calls[1].0.credentials,
            Credentials::AsPrincipal("arn:aws:iam::111122223333:role/cart-service-role".to_owned())
        );
        assert_eq!(host.advanced, 5400);
        assert_eq!(run.steps[2].caller, "instance i-0123456789abcdef0");
        assert_eq!(
            run.error,
            Some(ScriptError::UnknownInstance {
                line: 8,
                instance: "i-missing".to_owned()
            })
        );
    }

    #[test]
    fn command_substitution_and_assignments_like_the_imdsv2_docs() {
        let mut host = RecordingHost {
            imds_requires_token: true,
            ..RecordingHost::default()
        };
        let mut shell = Shell::new(ShellIdentity::Instance("i-0123456789abcdef0".to_owned()));
        let set = run(
            &mut host,
            &mut shell,
            r#"TOKEN=$(curl -s -X PUT "http://169.254.169.254/latest/api/token" -H "X-aws-ec2-metadata-token-ttl-seconds: 21600")"#,
        );
        assert_eq!(set.exit_code, 0);
        assert_eq!(shell.environment.get("TOKEN").map(String::as_str), Some("TOKEN"));
        let listing = run(
            &mut host,
            &mut shell,
            r#"curl -s -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/iam/security-credentials/"#,
        );
        assert_eq!(listing.stdout, "cart-service-role");
        assert_eq!(
            run(&mut host, &mut shell, "echo \"[$(echo a 'b')]\" '$(echo no)'").stdout,
            "[a b] $(echo no)\n"
        );
        assert_eq!(
            run(&mut host, &mut shell, "echo $(echo $(echo nested))").stdout,
            "nested\n"
        );
        assert_eq!(run(&mut host, &mut shell, "echo $(echo open").exit_code, 2);
    }

    #[test]
    fn completion_offers_services_commands_and_options() {
        let host = RecordingHost::default();
        assert_eq!(
            complete(&host, "aws secretsmanager get-secret-v"),
            ["get-secret-value"]
        );
        assert!(complete(&host, "aws secretsmanager get-secret-value --").contains(&"--secret-id".to_owned()));
        assert_eq!(complete(&host, "cu"), ["curl"]);
        assert_eq!(complete(&host, "aws s"), ["secretsmanager", "sts"]);
    }
}
