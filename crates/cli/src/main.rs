//! The `playground` command line: IAM's SimulateCustomPolicy and Access Analyzer's ValidatePolicy in AWS's own
//! JSON shapes, and the simulated account's scenarios and terminal scripts.
//!
//! Output, error texts and exit codes follow the AWS CLI: JSON with four-space indentation on stdout;
//! `An error occurred (CODE) when calling the OPERATION operation: MESSAGE` on stderr with exit code 254;
//! command-line and parameter problems with exit code 252; unreadable `file://` parameters with 255.

mod aws_cli;
mod commands;
mod run;

use std::io::Write as _;

use aws_cli::Outcome;

const USAGE: &str = "usage: playground [options] <command> [parameters]";

const COMMANDS: [&str; 4] = ["simulate-custom-policy", "validate-policy", "scenarios", "run"];

const HELP: &str = "\
PLAYGROUND()

NAME
       playground - the Secrets Playground's policy engine on the command line

SYNOPSIS
          playground <command> [parameters]

DESCRIPTION
       Evaluates AWS IAM policies the way AWS does, with AWS's request and
       response shapes, error texts and AWS CLI exit codes.

COMMANDS
       o simulate-custom-policy  IAM SimulateCustomPolicy: decide actions on
                                 resources for a set of policies

       o validate-policy         IAM Access Analyzer ValidatePolicy: findings
                                 for one policy document

       o scenarios               list the simulated account's scenarios

       o run                     run a terminal script against a scenario

       Run playground <command> --help for a command's parameters.
";

fn main() {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let outcome = dispatch(&arguments);
    let _ = std::io::stdout().write_all(outcome.stdout.as_bytes());
    let _ = std::io::stderr().write_all(outcome.stderr.as_bytes());
    std::process::exit(outcome.code);
}

/// Runs the command named by the first argument.
fn dispatch(arguments: &[String]) -> Outcome {
    let Some((command, rest)) = arguments.split_first() else {
        return Outcome::usage_error(USAGE, "the following arguments are required: command");
    };
    match command.as_str() {
        "simulate-custom-policy" => commands::simulate_custom_policy(rest),
        "validate-policy" => commands::validate_policy(rest),
        "scenarios" | "run" => run::main(command, rest),
        "--help" | "-h" | "help" => Outcome::text(HELP),
        _ => Outcome::usage_error(
            USAGE,
            &format!(
                "argument command: Invalid choice, valid choices are:\n\n{}",
                COMMANDS.join(" | ")
            ),
        ),
    }
}
