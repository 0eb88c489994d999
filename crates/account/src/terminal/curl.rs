//! `curl` as far as the instance metadata service needs it: `-X`/`--request`, `-H`/`--header`, `-s`, `-S`,
//! `-f`, `-i`, combined short flags, and curl's own error lines and exit codes (6 cannot resolve, 7 cannot
//! connect, 22 HTTP error with `--fail`). Only 169.254.169.254 answers, and only from an instance.

use super::{CommandOutput, Host, Shell, ShellIdentity};
use crate::imds::ImdsRequest;

const IMDS_HOSTS: [&str; 2] = ["169.254.169.254", "[fd00:ec2::254]"];

pub(super) fn run<H: Host>(host: &mut H, shell: &Shell, arguments: &[String]) -> CommandOutput {
    let mut method: Option<String> = None;
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut silent = false;
    let mut show_errors = false;
    let mut fail = false;
    let mut include = false;
    let mut url: Option<String> = None;
    let mut index = 0;
    while let Some(argument) = arguments.get(index) {
        index += 1;
        let value_for = |index: &mut usize| {
            let value = arguments.get(*index).cloned();
            *index += 1;
            value
        };
        match argument.as_str() {
            "-X" | "--request" => match value_for(&mut index) {
                Some(value) => method = Some(value),
                None => return option_needs_argument(argument),
            },
            "-H" | "--header" => match value_for(&mut index) {
                Some(value) => {
                    if let Some((name, header_value)) = value.split_once(':') {
                        headers.push((name.trim().to_owned(), header_value.trim().to_owned()));
                    }
                }
                None => return option_needs_argument(argument),
            },
            "-w" | "--write-out" | "-o" | "--output" | "-m" | "--max-time" | "--connect-timeout"
            | "--retry" => {
                if value_for(&mut index).is_none() {
                    return option_needs_argument(argument);
                }
            }
            "--silent" => silent = true,
            "--show-error" => show_errors = true,
            "--fail" => fail = true,
            "--include" => include = true,
            "--location" | "--verbose" => {}
            flags if flags.starts_with('-') && !flags.starts_with("--") && flags.len() > 1 => {
                for flag in flags.chars().skip(1) {
                    match flag {
                        's' => silent = true,
                        'S' => show_errors = true,
                        'f' => fail = true,
                        'i' => include = true,
                        'L' | 'v' => {}
                        other => {
                            return CommandOutput::failure(
                                format!("curl: option -{other}: is unknown\ncurl: try 'curl --help' for more information\n"),
                                2,
                            )
                        }
                    }
                }
            }
            other if other.starts_with("--") => {
                return CommandOutput::failure(
                    format!(
                        "curl: option {other}: is unknown\ncurl: try 'curl --help' for more information\n"
                    ),
                    2,
                )
            }
            other => url = Some(other.to_owned()),
        }
    }
    let Some(url) = url else {
        return CommandOutput::failure(
            "curl: no URL specified\ncurl: try 'curl --help' for more information\n",
            2,
        );
    };
    let quiet_error = |message: String, code: i32| {
        if silent && !show_errors {
            CommandOutput::failure(String::new(), code)
        } else {
            CommandOutput::failure(message, code)
        }
    };
    let without_scheme = url.strip_prefix("http://").unwrap_or(&url);
    let (host_part, path) = match without_scheme.find('/') {
        Some(position) => (
            without_scheme.get(..position).unwrap_or(""),
            without_scheme.get(position..).unwrap_or("/"),
        ),
        None => (without_scheme, "/"),
    };
    let host_name = host_part.split(':').next().unwrap_or(host_part);
    if !IMDS_HOSTS.contains(&host_name) {
        return quiet_error(format!("curl: (6) Could not resolve host: {host_name}\n"), 6);
    }
    let ShellIdentity::Instance(instance) = &shell.identity else {
        return quiet_error(
            format!(
                "curl: (7) Failed to connect to {host_name} port 80 after 0 ms: Couldn't connect to server\n"
            ),
            7,
        );
    };
    let request = ImdsRequest {
        method: method.unwrap_or_else(|| "GET".to_owned()),
        path: path.to_owned(),
        headers,
    };
    let Some(response) = host.imds(instance, &request) else {
        return quiet_error(
            format!(
                "curl: (7) Failed to connect to {host_name} port 80 after 0 ms: Couldn't connect to server\n"
            ),
            7,
        );
    };
    if fail && response.status >= 400 {
        return quiet_error(
            format!(
                "curl: (22) The requested URL returned error: {}\n",
                response.status
            ),
            22,
        );
    }
    let mut stdout = String::new();
    if include {
        stdout.push_str(&format!(
            "HTTP/1.1 {} {}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nServer: EC2ws\r\n\r\n",
            response.status,
            reason_phrase(response.status),
            response.body.len()
        ));
    }
    stdout.push_str(&response.body);
    CommandOutput::success(stdout)
}

fn option_needs_argument(option: &str) -> CommandOutput {
    CommandOutput::failure(
        format!("curl: option {option}: requires parameter\ncurl: try 'curl --help' for more information\n"),
        2,
    )
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "",
    }
}
