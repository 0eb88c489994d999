//! A small std-only HTTP/1.1 static file server for `dist/`, shared by `cargo xtask serve` and the browser tests.

use std::fmt;
use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// A running static server; dropping it stops the accept loop.
#[derive(Debug)]
pub struct StaticServer {
    address: SocketAddr,
    stopping: Arc<AtomicBool>,
    accept_thread: Option<JoinHandle<()>>,
}

/// Why the server could not start.
#[derive(Debug)]
pub enum ServeError {
    /// The folder to serve does not exist or is not a folder.
    MissingRoot(PathBuf),
    /// The listening socket could not be opened.
    Bind { address: String, source: io::Error },
}

impl fmt::Display for ServeError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::MissingRoot(root) => {
                write!(formatter, "cannot serve `{}`: no such folder", root.display())
            }
            ServeError::Bind { address, source } => {
                write!(formatter, "cannot listen on `{address}`: {source}")
            }
        }
    }
}

impl std::error::Error for ServeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ServeError::MissingRoot(_) => None,
            ServeError::Bind { source, .. } => Some(source),
        }
    }
}

impl StaticServer {
    /// Serves `root` on `address` (e.g. `127.0.0.1:0` for a free port) from a background thread.
    pub fn start(root: &Path, address: &str) -> Result<StaticServer, ServeError> {
        if !root.is_dir() {
            return Err(ServeError::MissingRoot(root.to_path_buf()));
        }
        let bind_error = |source| ServeError::Bind {
            address: address.to_string(),
            source,
        };
        let listener = TcpListener::bind(address).map_err(bind_error)?;
        let bound = listener.local_addr().map_err(bind_error)?;
        let stopping = Arc::new(AtomicBool::new(false));
        let root = root.to_path_buf();
        let stop_flag = Arc::clone(&stopping);
        let accept_thread = std::thread::spawn(move || {
            for connection in listener.incoming() {
                if stop_flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = connection else { continue };
                let root = root.clone();
                std::thread::spawn(move || {
                    // A client that hangs up mid-answer is not the server's problem.
                    let _ = answer(&root, stream);
                });
            }
        });
        Ok(StaticServer {
            address: bound,
            stopping,
            accept_thread: Some(accept_thread),
        })
    }

    /// The address actually bound (with the real port when 0 was asked for).
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// `http://127.0.0.1:PORT` without a trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Blocks until the accept loop ends (it only ends when the process is interrupted).
    pub fn wait(mut self) {
        if let Some(thread) = self.accept_thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Wake the blocking accept so the loop sees the flag.
        let _ = TcpStream::connect_timeout(&self.address, Duration::from_secs(1));
        if let Some(thread) = self.accept_thread.take() {
            let _ = thread.join();
        }
    }
}

/// The Content-Type for a file name, by extension.
pub fn mime_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "webp" => "image/webp",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "txt" | "md" => "text/plain; charset=utf-8",
        "ts" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Maps a request target (`/a/b.js?x=1`) to a file under `root`, refusing anything that climbs out.
pub fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path_part = target.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path_part)?;
    let mut resolved = root.to_path_buf();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => resolved.push(part),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    if resolved.is_dir() {
        resolved.push("index.html");
    }
    Some(resolved)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if byte == b'%' {
            let hex = text.get(index + 1..index + 3)?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            decoded.push(byte);
            index += 1;
        }
    }
    String::from_utf8(decoded).ok()
}

fn answer(root: &Path, stream: TcpStream) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain the headers; their content does not change the answer.
    let mut header_bytes = 0usize;
    loop {
        let mut line = String::new();
        let read = reader.read_line(&mut line)?;
        header_bytes += read;
        if read == 0 || line == "\r\n" || line == "\n" || header_bytes > 64 * 1024 {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("");
    let mut stream = stream;
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            b"method not allowed\n",
            true,
        );
    }
    let Some(path) = resolve(root, target) else {
        return respond(
            &mut stream,
            "400 Bad Request",
            "text/plain; charset=utf-8",
            b"bad request\n",
            true,
        );
    };
    match std::fs::read(&path) {
        Ok(body) => respond(&mut stream, "200 OK", mime_type(&path), &body, method == "GET"),
        Err(_) => respond(
            &mut stream,
            "404 Not Found",
            "text/plain; charset=utf-8",
            b"not found\n",
            method == "GET",
        ),
    }
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
    with_body: bool,
) -> io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if with_body {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn get(server: &StaticServer, target: &str) -> String {
        let mut stream = TcpStream::connect(server.address()).unwrap();
        write!(stream, "GET {target} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    }

    #[test]
    fn serves_files_with_mime_types_and_refuses_escapes() {
        let root = std::env::temp_dir().join(format!("xtask-static-{}", std::process::id()));
        std::fs::create_dir_all(root.join("pkg")).unwrap();
        std::fs::write(root.join("index.html"), "<p>hi</p>").unwrap();
        std::fs::write(root.join("pkg/web_bg.wasm"), b"\0asm").unwrap();
        let server = StaticServer::start(&root, "127.0.0.1:0").unwrap();

        let index = get(&server, "/?bench=1");
        assert!(index.starts_with("HTTP/1.1 200 OK"), "{index}");
        assert!(index.contains("Content-Type: text/html; charset=utf-8"));
        assert!(index.ends_with("<p>hi</p>"));

        let wasm = get(&server, "/pkg/web_bg.wasm");
        assert!(wasm.contains("Content-Type: application/wasm"), "{wasm}");
        assert!(wasm.contains("Content-Length: 4"));

        assert!(get(&server, "/missing.js").starts_with("HTTP/1.1 404"));
        assert!(get(&server, "/../etc/passwd").starts_with("HTTP/1.1 400"));
        assert!(get(&server, "/%2e%2e/etc/passwd").starts_with("HTTP/1.1 400"));
        drop(server);
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn missing_root_is_an_error() {
        let error = StaticServer::start(Path::new("/definitely/not/here"), "127.0.0.1:0").unwrap_err();
        assert_eq!(
            error.to_string(),
            "cannot serve `/definitely/not/here`: no such folder"
        );
    }
}
