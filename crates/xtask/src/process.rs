//! Running programs: echo the command, run it, turn a failure into an [`Error`](crate::Error).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::{Error, Result};

/// Runs `command` with inherited output; fails unless it exits with 0.
pub fn execute(command: &mut Command) -> Result<()> {
    let shown = describe(command);
    eprintln!("$ {shown}");
    let status = command.status().map_err(|source| Error::Spawn {
        program: program_name(command),
        source,
    })?;
    if status.success() {
        Ok(())
    } else {
        Err(Error::Failed {
            what: shown,
            status: status.to_string(),
        })
    }
}

/// Runs `command` quietly and returns its output; fails unless it exits with 0 (the output is then shown).
pub fn run_quiet(command: &mut Command) -> Result<Output> {
    let shown = describe(command);
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|source| Error::Spawn {
            program: program_name(command),
            source,
        })?;
    if output.status.success() {
        Ok(output)
    } else {
        eprintln!("$ {shown}");
        eprint!("{}", String::from_utf8_lossy(&output.stdout));
        eprint!("{}", String::from_utf8_lossy(&output.stderr));
        Err(Error::Failed {
            what: shown,
            status: output.status.to_string(),
        })
    }
}

/// The trimmed standard output of `program args`, or `None` when it cannot run or fails.
pub fn read_output(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// Finds an executable by name on `PATH`.
pub fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|directory| directory.join(program))
        .find(|candidate| is_executable(candidate))
}

/// Whether `path` is a file with an execute bit.
pub fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .map(|metadata| metadata.is_file() && metadata.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

/// The cargo that runs this xtask (the same toolchain as the user's `cargo`).
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

fn program_name(command: &Command) -> String {
    command.get_program().to_string_lossy().into_owned()
}

fn describe(command: &Command) -> String {
    let mut shown = program_name(command);
    for argument in command.get_args() {
        shown.push(' ');
        shown.push_str(&argument.to_string_lossy());
    }
    shown
}
