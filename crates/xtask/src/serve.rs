//! `cargo xtask serve [--port N]`: build `dist/`, then serve it on 127.0.0.1 until Ctrl-C.

use xtask::static_server::StaticServer;

use crate::{build, Error, Result};

const DEFAULT_PORT: u16 = 8000;

/// Builds, serves and blocks.
pub fn run(args: &[String]) -> Result<()> {
    let port = parse_port(args)?;
    let dist = build::run()?;
    let server = StaticServer::start(&dist, &format!("127.0.0.1:{port}"))
        .map_err(|error| Error::Missing(error.to_string()))?;
    println!(
        "\nserving {} at {}/ (Ctrl-C to stop)",
        dist.display(),
        server.url()
    );
    server.wait();
    Ok(())
}

fn parse_port(args: &[String]) -> Result<u16> {
    match args {
        [] => Ok(DEFAULT_PORT),
        [flag, value] if flag == "--port" => value
            .parse()
            .map_err(|_| Error::Usage(format!("`{value}` is not a port number"))),
        [flag] if flag == "--port" => Err(Error::Usage("`--port` needs a number".to_string())),
        [other, ..] => Err(Error::Usage(format!("unknown argument to serve: `{other}`"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_port() {
        assert_eq!(parse_port(&[]).unwrap(), 8000);
        assert_eq!(parse_port(&["--port".into(), "9001".into()]).unwrap(), 9001);
        assert!(parse_port(&["--port".into(), "x".into()]).is_err());
        assert!(parse_port(&["--port".into()]).is_err());
        assert!(parse_port(&["--verbose".into()]).is_err());
    }
}
