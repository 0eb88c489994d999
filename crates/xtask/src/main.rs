//! `cargo xtask`: bootstrap, build, serve, test and bench; the scripts behind the README's two commands.

mod bench;
mod bootstrap;
mod build;
mod metadata;
mod process;
mod serve;
mod test;
mod toolchain;

use std::fmt;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  bootstrap         install what the build and the tests need (Debian packages, wasm-bindgen, wasm-opt)
  build             build the web app and the JavaScript engine into dist/ and print their sizes
  serve [--port N]  build, then serve dist/ on http://127.0.0.1:N (default 8000) until Ctrl-C
  test              bootstrap, fmt, clippy (native and wasm32), tests, dist, browser tests, Node smoke
  bench             policy benches, Node benches and the browser bench page, where they exist
  metadata          generate the AWS metadata tables";

/// Everything that can stop an xtask command.
#[derive(Debug)]
pub enum Error {
    /// The command line was not understood.
    Usage(String),
    /// A program could not be started at all.
    Spawn { program: String, source: std::io::Error },
    /// A program ran and failed.
    Failed { what: String, status: String },
    /// A file system operation failed.
    Io { context: String, source: std::io::Error },
    /// Something the command needs is not there.
    Missing(String),
    /// A test run finished with failing phases.
    PhasesFailed(Vec<String>),
    /// The metadata generator reported a failure.
    Metadata(String),
}

impl fmt::Display for Error {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(message) => write!(formatter, "{message}\n\n{USAGE}"),
            Error::Spawn { program, source } => write!(formatter, "cannot run `{program}`: {source}"),
            Error::Failed { what, status } => write!(formatter, "`{what}` failed ({status})"),
            Error::Io { context, source } => write!(formatter, "{context}: {source}"),
            Error::Missing(message) => write!(formatter, "{message}"),
            Error::PhasesFailed(phases) => write!(formatter, "failed phases: {}", phases.join(", ")),
            Error::Metadata(message) => write!(formatter, "metadata: {message}"),
        }
    }
}

impl std::error::Error for Error {}

/// Shorthand for the crate's results.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Wraps an I/O error with what was being done.
pub fn io_context(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> Error {
    let context = context.into();
    move |source| Error::Io { context, source }
}

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = arguments.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let outcome = match command.as_str() {
        "bootstrap" => bootstrap::run(),
        "build" => build::run().map(|_| ()),
        "serve" => serve::run(rest),
        "test" => test::run(),
        "bench" => bench::run(),
        "metadata" => metadata::run(rest).map_err(Error::Metadata),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(Error::Usage(format!("unknown command `{other}`"))),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error}");
            ExitCode::FAILURE
        }
    }
}
