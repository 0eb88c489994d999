//! The AWS CLI's conventions, reproduced: parameter files (`file://`), JSON output with four-space
//! indentation, error texts on stderr and the documented return codes.

use std::fmt::Write as _;

use serde_json::Value;

/// What a command produced: text for stdout and stderr, and the process exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

/// The AWS CLI's return codes (`aws help return-codes`).
pub mod exit {
    /// The command succeeded.
    pub const SUCCESS: i32 = 0;
    /// The command line could not be parsed, or a parameter value was wrong.
    pub const USAGE: i32 = 252;
    /// The request was sent and the service returned an error.
    pub const SERVICE_ERROR: i32 = 254;
    /// Any other failure, such as a parameter file that cannot be read.
    pub const GENERAL: i32 = 255;
}

impl Outcome {
    /// A successful response, printed as the AWS CLI prints JSON: four-space indentation, then a newline.
    pub fn response(value: &Value) -> Self {
        Outcome {
            stdout: to_aws_json(value),
            stderr: String::new(),
            code: exit::SUCCESS,
        }
    }

    /// Plain text on stdout (help).
    pub fn text(text: &str) -> Self {
        Outcome {
            stdout: text.to_owned(),
            stderr: String::new(),
            code: exit::SUCCESS,
        }
    }

    /// A service error: `An error occurred (CODE) when calling the OPERATION operation: MESSAGE`, exit 254.
    pub fn service_error(operation: &str, code: &str, message: &str) -> Self {
        Self::error(
            &format!("An error occurred ({code}) when calling the {operation} operation: {message}"),
            exit::SERVICE_ERROR,
        )
    }

    /// botocore's client-side validation failure, exit 252.
    pub fn parameter_validation(problems: &str) -> Self {
        Self::error(&format!("Parameter validation failed:\n{problems}"), exit::USAGE)
    }

    /// `Error parsing parameter '--NAME': DETAIL`, with the given exit code.
    pub fn parameter_error(parameter: &str, detail: &str, code: i32) -> Self {
        Self::error(&format!("Error parsing parameter '{parameter}': {detail}"), code)
    }

    /// An error as the AWS CLI writes exceptions: a blank line, the text, a newline.
    pub fn error(text: &str, code: i32) -> Self {
        Outcome {
            stdout: String::new(),
            stderr: format!("\n{text}\n"),
            code,
        }
    }

    /// An argparse usage error, exit 252.
    pub fn usage_error(usage: &str, detail: &str) -> Self {
        let mut stderr = String::new();
        let _ = write!(
            stderr,
            "{usage}\nTo see help text, you can run:\n\n  playground --help\n  playground <command> --help\n\nplayground: error: {detail}\n"
        );
        Outcome {
            stdout: String::new(),
            stderr,
            code: exit::USAGE,
        }
    }
}

/// JSON as the AWS CLI prints it (`json.dumps(indent=4, ensure_ascii=False)` plus a newline); the terminal's
/// formatter, so that the command line and the in-browser terminal print alike.
pub fn to_aws_json(value: &Value) -> String {
    account::terminal::format_json(value)
}

/// Reads a parameter value as the AWS CLI does: `file://PATH` is the content of the file at PATH (relative
/// to the working directory), anything else is the value itself. The error is the AWS CLI's detail text.
pub fn load_parameter(value: &str) -> Result<String, String> {
    let Some(path) = value.strip_prefix("file://") else {
        return Ok(value.to_owned());
    };
    std::fs::read_to_string(path).map_err(|error| {
        let detail = match error.kind() {
            std::io::ErrorKind::NotFound => format!("[Errno 2] No such file or directory: '{path}'"),
            std::io::ErrorKind::PermissionDenied => format!("[Errno 13] Permission denied: '{path}'"),
            _ => format!("{error}: '{path}'"),
        };
        format!("Unable to load paramfile {value}: {detail}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_indented_by_four_spaces() {
        let value =
            serde_json::json!({"EvaluationResults": [{"EvalDecision": "allowed", "MatchedStatements": []}]});
        assert_eq!(
            to_aws_json(&value),
            "{\n    \"EvaluationResults\": [\n        {\n            \"EvalDecision\": \"allowed\",\n            \"MatchedStatements\": []\n        }\n    ]\n}\n"
        );
    }

    #[test]
    fn missing_parameter_files_use_the_cli_text() {
        assert_eq!(load_parameter("inline").unwrap(), "inline");
        assert_eq!(
            load_parameter("file://does/not/exist.json").unwrap_err(),
            "Unable to load paramfile file://does/not/exist.json: [Errno 2] No such file or directory: 'does/not/exist.json'"
        );
    }
}
