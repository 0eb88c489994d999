//! `playground scenarios` and `playground run`: load a built-in or saved scenario, run a terminal script
//! against it (the scenario's own script, `--script FILE` or `-c COMMAND`), and print a transcript (`text`) or
//! one JSON object per command (`jsonl`); `--trail FILE` writes the CloudTrail export and `--state-out FILE`
//! the resulting state as a scenario file.

use std::fmt::Write as _;

use account::terminal::{self, Host, ScriptRun};
use account::{
    Account, ApiCall, ApiError, Caller, ImdsRequest, ImdsResponse, NetworkOrigin, Scenario, Service,
};
use serde_json::{json, Value};

use crate::aws_cli::{exit, load_parameter, Outcome};

const RUN_USAGE: &str = "usage: playground run --scenario NAME|FILE [--script FILE | -c COMMAND] \
[--format text|jsonl] [--trail FILE] [--state-out FILE]";

const RUN_HELP: &str = "\
RUN()

NAME
       run - run a terminal script against a scenario of the simulated account

SYNOPSIS
          playground run --scenario NAME|FILE
          [--script FILE | -c COMMAND]
          [--format text|jsonl]
          [--trail FILE]
          [--state-out FILE]

DESCRIPTION
       Loads a built-in scenario by name (see playground scenarios) or a scenario
       file, then runs a script: one terminal command per line (aws ..., curl,
       echo, export), # comments, and the directives

          as ARN            run as that principal (a role ARN means a session
                            of that role; `as admin` returns to the administrator)
          on INSTANCE       run on that instance with its IMDS credentials
          advance DURATION  move the simulated clock (30m, 7d, 1h30m)

       Without --script or -c the scenario's own script runs. Without a
       directive, commands run as the account's administrator.

OPTIONS
       --format text    a transcript (default)
       --format jsonl   one {\"command\", \"caller\", \"exitCode\", \"stdout\",
                        \"stderr\"} object per command
       --trail FILE     write the CloudTrail records as {\"Records\": [...]}
       --state-out FILE write the resulting account as a scenario file with its saved state
                        (audit trail, sessions, clock), which --scenario reads back exactly

EXIT STATUS
       0 when the script ran to its end (commands inside may fail; see their
       exitCode), the command's own exit code with -c, 1 when a directive
       failed, 252 for bad parameters, 255 for unreadable or unwritable files.
";

/// Entry point for both subcommands.
pub fn main(command: &str, arguments: &[String]) -> Outcome {
    match command {
        "scenarios" => scenarios(arguments),
        _ => run(arguments),
    }
}

fn scenarios(arguments: &[String]) -> Outcome {
    if arguments
        .iter()
        .any(|argument| argument == "--help" || argument == "-h")
    {
        return Outcome::text(
            "usage: playground scenarios [--output text|json]\n\nLists the built-in scenarios.\n",
        );
    }
    let as_json = match arguments {
        [] => false,
        [flag, format] if flag == "--output" && format == "json" => true,
        [flag, format] if flag == "--output" && format == "text" => false,
        _ => {
            return Outcome::usage_error(
                "usage: playground scenarios [--output text|json]",
                "unrecognized arguments",
            )
        }
    };
    let entries: Vec<Scenario> = account::BUILTIN_NAMES
        .iter()
        .filter_map(|name| account::builtin(name))
        .collect();
    if as_json {
        let list: Vec<Value> = entries
            .iter()
            .map(|scenario| json!({"Name": scenario.name, "Description": scenario.description}))
            .collect();
        return Outcome::response(&json!({ "Scenarios": list }));
    }
    let width = entries
        .iter()
        .map(|scenario| scenario.name.len())
        .max()
        .unwrap_or(0);
    let mut text = String::new();
    for scenario in &entries {
        let _ = writeln!(text, "{:<width$}  {}", scenario.name, scenario.description);
    }
    Outcome::text(&text)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Jsonl,
}

fn run(arguments: &[String]) -> Outcome {
    let mut scenario_name: Option<String> = None;
    let mut script_file: Option<String> = None;
    let mut command: Option<String> = None;
    let mut format = Format::Text;
    let mut trail_file: Option<String> = None;
    let mut state_file: Option<String> = None;
    let mut index = 0;
    while let Some(argument) = arguments.get(index) {
        index += 1;
        if argument == "--help" || argument == "-h" {
            return Outcome::text(RUN_HELP);
        }
        let takes_value = [
            "--scenario",
            "--script",
            "-c",
            "--format",
            "--trail",
            "--state-out",
        ];
        if !takes_value.contains(&argument.as_str()) {
            return Outcome::usage_error(RUN_USAGE, &format!("unrecognized arguments: {argument}"));
        }
        let Some(value) = arguments.get(index).cloned() else {
            return Outcome::usage_error(RUN_USAGE, &format!("argument {argument}: expected one argument"));
        };
        index += 1;
        match argument.as_str() {
            "--scenario" => scenario_name = Some(value),
            "--script" => script_file = Some(value),
            "-c" => command = Some(value),
            "--format" => match value.as_str() {
                "text" => format = Format::Text,
                "jsonl" => format = Format::Jsonl,
                other => {
                    let detail =
                        format!("argument --format: invalid choice: '{other}' (choose from 'text', 'jsonl')");
                    return Outcome::usage_error(RUN_USAGE, &detail);
                }
            },
            "--trail" => trail_file = Some(value),
            _ => state_file = Some(value),
        }
    }
    let Some(scenario_name) = scenario_name else {
        return Outcome::usage_error(RUN_USAGE, "the following arguments are required: --scenario");
    };
    if script_file.is_some() && command.is_some() {
        return Outcome::usage_error(RUN_USAGE, "argument -c: not allowed with argument --script");
    }
    let scenario = match load_scenario(&scenario_name) {
        Ok(scenario) => scenario,
        Err(outcome) => return outcome,
    };
    let mut world = match Account::from_scenario(&scenario) {
        Ok(world) => world,
        Err(error) => {
            return Outcome::error(&format!("playground run: scenario `{scenario_name}`: {error}"), 1)
        }
    };
    let script = match (&script_file, &command) {
        (Some(path), _) => match load_parameter(&format!("file://{path}")) {
            Ok(text) => text,
            Err(detail) => return Outcome::parameter_error("--script", &detail, exit::GENERAL),
        },
        (None, Some(line)) => line.clone(),
        (None, None) => scenario.script.clone().unwrap_or_default(),
    };
    let mut host = FileHost { account: &mut world };
    let result = terminal::run_script(&mut host, &script);
    let mut outcome = render(&result, format);
    if let Some(error) = &result.error {
        outcome.stderr.push_str(&format!("playground run: {error}\n"));
        outcome.code = 1;
    } else if command.is_some() {
        outcome.code = result.steps.last().map(|step| step.exit_code).unwrap_or(0);
    }
    if let Some(path) = trail_file {
        let mut text = crate::aws_cli::to_aws_json(&world.export_trail());
        if let Err(error) = std::fs::write(&path, std::mem::take(&mut text)) {
            return Outcome::error(
                &format!("playground run: cannot write `{path}`: {error}"),
                exit::GENERAL,
            );
        }
    }
    if let Some(path) = state_file {
        let mut text = world.export_state().to_json();
        text.push('\n');
        if let Err(error) = std::fs::write(&path, text) {
            return Outcome::error(
                &format!("playground run: cannot write `{path}`: {error}"),
                exit::GENERAL,
            );
        }
    }
    outcome
}

/// A built-in name, or a path to a scenario file (anything with a `/` or ending in `.json`).
fn load_scenario(name: &str) -> Result<Scenario, Outcome> {
    if name.contains('/') || name.ends_with(".json") {
        let text = load_parameter(&format!("file://{name}"))
            .map_err(|detail| Outcome::parameter_error("--scenario", &detail, exit::GENERAL))?;
        return Scenario::from_json(&text)
            .map_err(|error| Outcome::error(&format!("playground run: {name}: {error}"), exit::USAGE));
    }
    account::builtin(name).ok_or_else(|| {
        Outcome::usage_error(
            RUN_USAGE,
            &format!(
                "argument --scenario: unknown scenario `{name}` (built-in: {})",
                account::BUILTIN_NAMES.join(", ")
            ),
        )
    })
}

fn render(result: &ScriptRun, format: Format) -> Outcome {
    let mut stdout = String::new();
    for step in &result.steps {
        match format {
            Format::Jsonl => {
                let object = json!({
                    "command": step.command,
                    "caller": step.caller,
                    "exitCode": step.exit_code,
                    "stdout": step.stdout,
                    "stderr": step.stderr,
                });
                stdout.push_str(&object.to_string());
                stdout.push('\n');
            }
            Format::Text => {
                let _ = writeln!(stdout, "[{}] $ {}", step.caller, step.command);
                stdout.push_str(&step.stdout);
                if !step.stdout.is_empty() && !step.stdout.ends_with('\n') {
                    stdout.push('\n');
                }
                stdout.push_str(&step.stderr);
                if step.exit_code != 0 {
                    let _ = writeln!(stdout, "[exit {}]", step.exit_code);
                }
            }
        }
    }
    Outcome {
        stdout,
        stderr: String::new(),
        code: 0,
    }
}

/// The account plus the disk, so that `file://` parameters work from the command line.
struct FileHost<'a> {
    account: &'a mut Account,
}

impl Host for FileHost<'_> {
    fn call(&mut self, caller: &Caller, call: &ApiCall) -> Result<Value, ApiError> {
        Host::call(self.account, caller, call)
    }

    fn imds(&mut self, instance_id: &str, request: &ImdsRequest) -> Option<ImdsResponse> {
        Host::imds(self.account, instance_id, request)
    }

    fn instance_origin(&self, instance_id: &str, service: Service) -> Option<NetworkOrigin> {
        Host::instance_origin(self.account, instance_id, service)
    }

    fn home_region(&self) -> String {
        Host::home_region(self.account)
    }

    fn advance(&mut self, seconds: u64) {
        Host::advance(self.account, seconds);
    }

    fn instance_ids(&self) -> Vec<String> {
        Host::instance_ids(self.account)
    }

    fn resolve_instance(&self, name_or_id: &str) -> Option<String> {
        Host::resolve_instance(self.account, name_or_id)
    }

    fn read_file(&self, path: &str) -> Result<String, String> {
        std::fs::read_to_string(path).map_err(|error| error.to_string())
    }
}
