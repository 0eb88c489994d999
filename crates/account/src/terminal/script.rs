//! Scripts: one terminal command per line, `#` comments, and the directives `as ARN` (run as that principal;
//! a role ARN means a session of that role; `as admin` goes back to the administrator), `on INSTANCE` (run on
//! that instance with its IMDS credentials) and `advance DURATION` (`30m`, `7d`, `1h30m`).

use super::{run_line, Host, Shell, ShellIdentity};

/// One executed line of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptStep {
    /// 1-based line number in the script.
    pub line: usize,
    pub command: String,
    /// Who ran it (`administrator`, `instance i-...`, or the principal's ARN).
    pub caller: String,
    pub exit_code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A directive that could not be carried out; the script stops there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScriptError {
    UnknownInstance { line: usize, instance: String },
    BadDuration { line: usize, text: String },
    MissingArgument { line: usize, directive: String },
}

impl std::fmt::Display for ScriptError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScriptError::UnknownInstance { line, instance } => {
                write!(formatter, "line {line}: no instance `{instance}` in this account")
            }
            ScriptError::BadDuration { line, text } => write!(
                formatter,
                "line {line}: `{text}` is not a duration (use a number and a unit: s, m, h, d or w, e.g. `30m` or `1h30m`)"
            ),
            ScriptError::MissingArgument { line, directive } => {
                write!(formatter, "line {line}: `{directive}` needs an argument")
            }
        }
    }
}

/// The steps that ran and, if a directive failed, why the script stopped.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScriptRun {
    pub steps: Vec<ScriptStep>,
    pub error: Option<ScriptError>,
}

/// Runs `script` line by line in one shell that starts as the administrator.
pub fn run_script<H: Host>(host: &mut H, script: &str) -> ScriptRun {
    let mut shell = Shell::new(ShellIdentity::Administrator);
    let mut run = ScriptRun::default();
    for (index, raw) in script.lines().enumerate() {
        let line = index + 1;
        let text = raw.trim();
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        let (word, argument) = match text.split_once(char::is_whitespace) {
            Some((word, argument)) => (word, argument.trim()),
            None => (text, ""),
        };
        match word {
            "as" | "on" | "advance" if argument.is_empty() => {
                run.error = Some(ScriptError::MissingArgument {
                    line,
                    directive: word.to_owned(),
                });
                return run;
            }
            "as" => {
                shell.identity = if matches!(argument, "admin" | "administrator") {
                    ShellIdentity::Administrator
                } else {
                    ShellIdentity::Principal(argument.to_owned())
                };
            }
            "on" => {
                let Some(instance) = host.resolve_instance(argument) else {
                    run.error = Some(ScriptError::UnknownInstance {
                        line,
                        instance: argument.to_owned(),
                    });
                    return run;
                };
                shell.identity = ShellIdentity::Instance(instance);
            }
            "advance" => match parse_duration(argument) {
                Some(seconds) => host.advance(seconds),
                None => {
                    run.error = Some(ScriptError::BadDuration {
                        line,
                        text: argument.to_owned(),
                    });
                    return run;
                }
            },
            _ => {
                let caller = shell.describe_identity();
                let output = run_line(host, &mut shell, text);
                run.steps.push(ScriptStep {
                    line,
                    command: text.to_owned(),
                    caller,
                    exit_code: output.exit_code,
                    stdout: output.stdout,
                    stderr: output.stderr,
                });
            }
        }
    }
    run
}

/// Parses `90s`, `30m`, `7d`, `2w`, `1h30m` into seconds. `None` for anything else (or an overflow).
pub fn parse_duration(text: &str) -> Option<u64> {
    let mut total: u64 = 0;
    let mut number = String::new();
    let mut saw_unit = false;
    for character in text.trim().chars() {
        if character.is_ascii_digit() {
            number.push(character);
            continue;
        }
        let unit = match character {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            'w' => 604_800,
            _ => return None,
        };
        let value: u64 = number.parse().ok()?;
        total = total.checked_add(value.checked_mul(unit)?)?;
        number.clear();
        saw_unit = true;
    }
    if !number.is_empty() || !saw_unit {
        return None;
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30m"), Some(1800));
        assert_eq!(parse_duration("7d"), Some(604_800));
        assert_eq!(parse_duration("1h30m"), Some(5400));
        assert_eq!(parse_duration("90"), None);
        assert_eq!(parse_duration("5y"), None);
        assert_eq!(parse_duration(""), None);
        assert_eq!(parse_duration("99999999999999999999s"), None);
    }
}
