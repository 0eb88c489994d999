//! Browser test harness: serves `dist/` and drives headless Chromium through chromedriver with a minimal
//! W3C WebDriver client over `std::net::TcpStream` (no async runtime).
//!
//! ```no_run
//! # fn main() -> Result<(), tests::browser::BrowserError> {
//! let browser = tests::browser::Browser::start()?;
//! browser.goto("/")?;
//! let app = browser.wait_for("[data-testid=\"app\"]", std::time::Duration::from_secs(20))?;
//! assert!(!app.text()?.is_empty());
//! assert_eq!(browser.console_errors()?, Vec::<String>::new());
//! # Ok(()) }
//! ```

use std::cell::RefCell;
use std::fmt;
use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use xtask::static_server::StaticServer;

/// The Chromium binary (Debian's package `chromium`).
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// The chromedriver binary (Debian's package `chromium-driver`).
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// How long [`Browser::wait_for`] callers usually wait for the app to render.
pub const RENDER_TIMEOUT: Duration = Duration::from_secs(20);

/// The key W3C WebDriver uses for element references.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";
/// Chromium flags that keep it quiet on a machine without network and without a display.
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--window-size=1280,900",
];

/// Why a browser step failed.
pub enum BrowserError {
    /// `dist/` (or `PLAYGROUND_DIST`) has no built app.
    DistMissing(PathBuf),
    /// A program could not be started.
    Spawn { program: String, source: io::Error },
    /// chromedriver did not answer `/status` as ready in time.
    DriverNotReady(Duration),
    /// Talking to chromedriver failed at the socket level.
    Io { context: String, source: io::Error },
    /// chromedriver answered with something that is not the expected JSON.
    Protocol(String),
    /// chromedriver answered with a WebDriver error.
    WebDriver {
        command: String,
        error: String,
        message: String,
    },
    /// Nothing matched `css` within the time allowed.
    Timeout { css: String, waited: Duration },
    /// The static server could not start.
    Server(String),
}

impl fmt::Display for BrowserError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BrowserError::DistMissing(path) => write!(
                formatter,
                "no built app at `{}` (index.html missing): run `cargo xtask build` or set PLAYGROUND_DIST",
                path.display()
            ),
            BrowserError::Spawn { program, source } => {
                write!(formatter, "cannot start `{program}`: {source}")
            }
            BrowserError::DriverNotReady(waited) => {
                write!(
                    formatter,
                    "chromedriver was not ready after {} ms",
                    waited.as_millis()
                )
            }
            BrowserError::Io { context, source } => write!(formatter, "{context}: {source}"),
            BrowserError::Protocol(message) => write!(formatter, "unexpected chromedriver answer: {message}"),
            BrowserError::WebDriver {
                command,
                error,
                message,
            } => {
                write!(formatter, "webdriver `{command}` failed: {error}: {message}")
            }
            BrowserError::Timeout { css, waited } => {
                write!(
                    formatter,
                    "no element matched `{css}` within {} ms",
                    waited.as_millis()
                )
            }
            BrowserError::Server(message) => write!(formatter, "static server: {message}"),
        }
    }
}

// Test failures print errors with Debug: make that the readable message.
impl fmt::Debug for BrowserError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, formatter)
    }
}

impl std::error::Error for BrowserError {}

/// Shorthand for the harness's results.
pub type Result<T, E = BrowserError> = std::result::Result<T, E>;

/// A headless Chromium session on a page served from `dist/`; dropping it ends the session and the processes.
pub struct Browser {
    server: StaticServer,
    driver: Child,
    driver_port: u16,
    session: String,
    profile: PathBuf,
    /// Browser log entries already read from chromedriver (reading drains them there).
    log: RefCell<Vec<LogEntry>>,
}

impl fmt::Debug for Browser {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Browser")
            .field("site", &self.server.url())
            .field("driver_port", &self.driver_port)
            .field("session", &self.session)
            .finish()
    }
}

/// One line of the browser's console log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    /// `SEVERE`, `WARNING`, `INFO`, ...
    pub level: String,
    /// The text, with chromedriver's source prefix.
    pub message: String,
}

/// An element found on the page.
#[derive(Debug)]
pub struct Element<'browser> {
    browser: &'browser Browser,
    id: String,
}

/// The folder the browser tests serve: `PLAYGROUND_DIST`, else `<repo>/dist`.
pub fn dist_folder() -> PathBuf {
    match std::env::var_os("PLAYGROUND_DIST") {
        Some(folder) => PathBuf::from(folder),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("dist"),
    }
}

impl Browser {
    /// Serves [`dist_folder`] and opens a fresh headless Chromium; fails when `dist/` was not built.
    pub fn start() -> Result<Browser> {
        Browser::start_serving(&dist_folder())
    }

    /// Serves `dist` and opens a fresh headless Chromium.
    pub fn start_serving(dist: &Path) -> Result<Browser> {
        if !dist.join("index.html").is_file() {
            return Err(BrowserError::DistMissing(dist.to_path_buf()));
        }
        let server = StaticServer::start(dist, "127.0.0.1:0")
            .map_err(|error| BrowserError::Server(error.to_string()))?;
        let profile = fresh_profile_folder()?;
        let driver_port = free_port()?;
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={driver_port}"))
            .arg(format!(
                "--log-path={}",
                profile.join("chromedriver.log").display()
            ))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, so that Drop can end chromedriver and every Chromium process it started.
            .process_group(0)
            .spawn()
            .map_err(|source| BrowserError::Spawn {
                program: CHROMEDRIVER.to_string(),
                source,
            })?;
        let mut browser = Browser {
            server,
            driver,
            driver_port,
            session: String::new(),
            profile,
            log: RefCell::new(Vec::new()),
        };
        browser.wait_until_driver_ready(Duration::from_secs(20))?;
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|flag| flag.to_string()).collect();
        args.push(format!(
            "--user-data-dir={}",
            browser.profile.join("chromium").display()
        ));
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": { "binary": CHROMIUM, "args": args },
                    "goog:loggingPrefs": { "browser": "ALL" },
                    "timeouts": { "pageLoad": 30000, "script": 30000 }
                }
            }
        });
        let answer = browser.request("POST", "/session", Some(&capabilities))?;
        browser.session = answer
            .get("sessionId")
            .and_then(Value::as_str)
            .ok_or_else(|| BrowserError::Protocol(format!("no sessionId in {answer}")))?
            .to_string();
        Ok(browser)
    }

    /// The served site's base URL, `http://127.0.0.1:PORT`.
    pub fn site_url(&self) -> String {
        self.server.url()
    }

    /// Opens `path` (e.g. `/` or `/?bench=1`) on the served site and waits for the load event.
    pub fn goto(&self, path: &str) -> Result<()> {
        let url = format!("{}{}", self.server.url(), path);
        self.session_command("POST", "url", json!({ "url": url }))
            .map(drop)
    }

    /// The first element matching `css`, now.
    pub fn find(&self, css: &str) -> Result<Element<'_>> {
        let answer = self.session_command(
            "POST",
            "element",
            json!({ "using": "css selector", "value": css }),
        )?;
        self.element_from(&answer)
    }

    /// Every element matching `css`, now (possibly none).
    pub fn find_all(&self, css: &str) -> Result<Vec<Element<'_>>> {
        let answer = self.session_command(
            "POST",
            "elements",
            json!({ "using": "css selector", "value": css }),
        )?;
        let items = answer
            .as_array()
            .ok_or_else(|| BrowserError::Protocol(format!("elements answer {answer}")))?;
        items.iter().map(|item| self.element_from(item)).collect()
    }

    /// The element with `data-testid="id"`, now.
    pub fn by_testid(&self, id: &str) -> Result<Element<'_>> {
        self.find(&testid(id))
    }

    /// Polls for `css` every 50 ms until it matches or `timeout` passes.
    pub fn wait_for(&self, css: &str, timeout: Duration) -> Result<Element<'_>> {
        let started = Instant::now();
        loop {
            match self.find(css) {
                Ok(element) => return Ok(element),
                Err(BrowserError::WebDriver { ref error, .. }) if error == "no such element" => {}
                Err(other) => return Err(other),
            }
            if started.elapsed() >= timeout {
                return Err(BrowserError::Timeout {
                    css: css.to_string(),
                    waited: started.elapsed(),
                });
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Polls `condition` (a JavaScript expression) every 50 ms until it is truthy or `timeout` passes.
    pub fn wait_until(&self, condition: &str, timeout: Duration) -> Result<()> {
        let started = Instant::now();
        let script = format!("return !!({condition});");
        loop {
            if self.execute(&script)?.as_bool() == Some(true) {
                return Ok(());
            }
            if started.elapsed() >= timeout {
                return Err(BrowserError::Timeout {
                    css: condition.to_string(),
                    waited: started.elapsed(),
                });
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Runs `script` (a function body; use `return` for a value) in the page and returns its JSON value.
    pub fn execute(&self, script: &str) -> Result<Value> {
        self.session_command("POST", "execute/sync", json!({ "script": script, "args": [] }))
    }

    /// Presses `keys` on whatever has focus, through WebDriver key actions: each character is pressed and
    /// released in turn, except the modifiers (the WebDriver codes of Shift, Control, Alt and Meta), which
    /// stay down until they come again or the sequence ends. Keys are the WebDriver codes (`keys::TAB`, ...).
    pub fn press_keys(&self, keys: &str) -> Result<()> {
        let mut steps = Vec::new();
        let mut held: Vec<char> = Vec::new();
        for key in keys.chars() {
            if keys::MODIFIERS.contains(&key) {
                if let Some(position) = held.iter().position(|down| *down == key) {
                    held.remove(position);
                    steps.push(json!({ "type": "keyUp", "value": key.to_string() }));
                } else {
                    held.push(key);
                    steps.push(json!({ "type": "keyDown", "value": key.to_string() }));
                }
            } else {
                steps.push(json!({ "type": "keyDown", "value": key.to_string() }));
                steps.push(json!({ "type": "keyUp", "value": key.to_string() }));
            }
        }
        for key in held.into_iter().rev() {
            steps.push(json!({ "type": "keyUp", "value": key.to_string() }));
        }
        let actions = json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": steps }] });
        self.session_command("POST", "actions", actions)?;
        self.session_command("DELETE", "actions", Value::Null).map(drop)
    }

    /// Runs a Chrome DevTools Protocol command through chromedriver (`goog/cdp/execute`).
    pub fn cdp(&self, command: &str, params: Value) -> Result<Value> {
        self.session_command(
            "POST",
            "goog/cdp/execute",
            json!({ "cmd": command, "params": params }),
        )
    }

    /// Emulates the system's colour scheme (`"light"` or `"dark"`) for `prefers-color-scheme`.
    pub fn emulate_color_scheme(&self, scheme: &str) -> Result<()> {
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
        )
        .map(drop)
    }

    /// From now on (until the next page load), file downloads the page offers through an anchor with a
    /// `download` attribute and a blob URL are caught instead of saved; [`Browser::downloads`] reads them.
    pub fn capture_downloads(&self) -> Result<()> {
        self.execute(CAPTURE_DOWNLOADS).map(drop)
    }

    /// The downloads caught since [`Browser::capture_downloads`], as (file name, text), once there are at
    /// least `count` of them and all have been read, or an error after `timeout`.
    pub fn downloads(&self, count: usize, timeout: Duration) -> Result<Vec<(String, String)>> {
        self.wait_until(
            &format!(
                "window.__downloads && window.__downloads.length >= {count} && window.__downloads.every(d => d.text !== null)"
            ),
            timeout,
        )?;
        let caught = self.execute("return window.__downloads.map(d => [d.name, d.text]);")?;
        Ok(caught
            .as_array()
            .into_iter()
            .flatten()
            .map(|pair| {
                let text = |index: usize| {
                    pair.get(index)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string()
                };
                (text(0), text(1))
            })
            .collect())
    }

    /// The page's title.
    pub fn title(&self) -> Result<String> {
        let answer = self.session_command("GET", "title", Value::Null)?;
        Ok(answer.as_str().unwrap_or_default().to_string())
    }

    /// A PNG screenshot of the viewport, written to `path`.
    pub fn screenshot(&self, path: &Path) -> Result<()> {
        let answer = self.session_command("GET", "screenshot", Value::Null)?;
        let encoded = answer
            .as_str()
            .ok_or_else(|| BrowserError::Protocol("screenshot is not a string".into()))?;
        let png = decode_base64(encoded)
            .ok_or_else(|| BrowserError::Protocol("screenshot is not base64".into()))?;
        std::fs::write(path, png).map_err(|source| BrowserError::Io {
            context: format!("writing `{}`", path.display()),
            source,
        })
    }

    /// Every console entry the page logged so far (all levels), oldest first.
    pub fn console_log(&self) -> Result<Vec<LogEntry>> {
        let answer = self.session_command("POST", "se/log", json!({ "type": "browser" }))?;
        let fresh = answer.as_array().cloned().unwrap_or_default();
        let mut log = self.log.borrow_mut();
        for entry in fresh {
            let text = |key: &str| {
                entry
                    .get(key)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            log.push(LogEntry {
                level: text("level"),
                message: text("message"),
            });
        }
        Ok(log.clone())
    }

    /// The console errors (level `SEVERE`: `console.error`, uncaught exceptions, panics, failed loads) so far.
    pub fn console_errors(&self) -> Result<Vec<String>> {
        Ok(self
            .console_log()?
            .into_iter()
            .filter(|entry| entry.level == "SEVERE")
            .map(|entry| entry.message)
            .collect())
    }

    fn element_from(&self, answer: &Value) -> Result<Element<'_>> {
        let id = answer
            .get(ELEMENT_KEY)
            .and_then(Value::as_str)
            .ok_or_else(|| BrowserError::Protocol(format!("no element reference in {answer}")))?;
        Ok(Element {
            browser: self,
            id: id.to_string(),
        })
    }

    fn session_command(&self, method: &str, command: &str, body: Value) -> Result<Value> {
        let path = format!("/session/{}/{command}", self.session);
        let body = if method == "POST" { Some(&body) } else { None };
        self.request(method, &path, body)
    }

    fn wait_until_driver_ready(&mut self, timeout: Duration) -> Result<()> {
        let started = Instant::now();
        while started.elapsed() < timeout {
            if let Ok(Some(status)) = self.driver.try_wait() {
                return Err(BrowserError::Spawn {
                    program: CHROMEDRIVER.to_string(),
                    source: io::Error::other(format!("exited at start with {status}")),
                });
            }
            let ready = self.request("GET", "/status", None);
            if ready.is_ok_and(|status| status.get("ready").and_then(Value::as_bool) == Some(true)) {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err(BrowserError::DriverNotReady(started.elapsed()))
    }

    /// One HTTP/1.1 exchange with chromedriver; returns the answer's `value`.
    fn request(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
        let command = format!("{method} {path}");
        let io_error = |context: &str| {
            let context = format!("{context} ({command})");
            move |source| BrowserError::Io { context, source }
        };
        let mut stream = TcpStream::connect(("127.0.0.1", self.driver_port))
            .map_err(io_error("connecting to chromedriver"))?;
        // /status answers at once when chromedriver is up; anything else may wait for a slow page.
        let timeout = if path == "/status" {
            Duration::from_secs(2)
        } else {
            Duration::from_secs(120)
        };
        stream
            .set_read_timeout(Some(timeout))
            .map_err(io_error("setting a timeout"))?;
        let payload = body.map(Value::to_string).unwrap_or_default();
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            self.driver_port,
            payload.len()
        );
        stream
            .write_all(head.as_bytes())
            .map_err(io_error("sending to chromedriver"))?;
        stream
            .write_all(payload.as_bytes())
            .map_err(io_error("sending to chromedriver"))?;
        // chromedriver keeps connections open whatever the request says: read exactly one answer.
        let mut raw = Vec::new();
        let mut chunk = [0u8; 16 * 1024];
        while !answer_complete(&raw) {
            let read = stream
                .read(&mut chunk)
                .map_err(io_error("reading from chromedriver"))?;
            if read == 0 {
                break;
            }
            raw.extend_from_slice(chunk.get(..read).unwrap_or_default());
        }
        let body = http_body(&raw)
            .ok_or_else(|| BrowserError::Protocol(format!("malformed HTTP answer to {command}")))?;
        let answer: Value = serde_json::from_slice(&body)
            .map_err(|error| BrowserError::Protocol(format!("{command}: {error}")))?;
        let value = answer.get("value").cloned().unwrap_or(Value::Null);
        if let Some(error) = value.get("error").and_then(Value::as_str) {
            let message = value.get("message").and_then(Value::as_str).unwrap_or_default();
            let first_line = message.lines().next().unwrap_or_default().to_string();
            return Err(BrowserError::WebDriver {
                command,
                error: error.to_string(),
                message: first_line,
            });
        }
        Ok(value)
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            // Closes Chromium cleanly; the process-group kill below covers the case where this fails.
            let _ = self.request("DELETE", &format!("/session/{}", self.session), None);
        }
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

impl Element<'_> {
    /// Clicks the element (scrolling it into view first, as WebDriver does).
    pub fn click(&self) -> Result<()> {
        self.command("POST", "click", json!({})).map(drop)
    }

    /// Types `text` into the element.
    pub fn send_keys(&self, text: &str) -> Result<()> {
        self.command("POST", "value", json!({ "text": text })).map(drop)
    }

    /// Empties an input or textarea.
    pub fn clear(&self) -> Result<()> {
        self.command("POST", "clear", json!({})).map(drop)
    }

    /// The rendered text.
    pub fn text(&self) -> Result<String> {
        Ok(self
            .command("GET", "text", Value::Null)?
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    /// An attribute's value, `None` when absent.
    pub fn attribute(&self, name: &str) -> Result<Option<String>> {
        Ok(self
            .command("GET", &format!("attribute/{name}"), Value::Null)?
            .as_str()
            .map(str::to_string))
    }

    /// A DOM property's value (e.g. `value` of an input), as JSON.
    pub fn property(&self, name: &str) -> Result<Value> {
        self.command("GET", &format!("property/{name}"), Value::Null)
    }

    /// The role the browser computed for the element (WebDriver's Get Computed Role), e.g. `grid`.
    pub fn computed_role(&self) -> Result<String> {
        Ok(self
            .command("GET", "computedrole", Value::Null)?
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    /// The first descendant matching `css`.
    pub fn find(&self, css: &str) -> Result<Element<'_>> {
        let answer = self.command(
            "POST",
            "element",
            json!({ "using": "css selector", "value": css }),
        )?;
        self.browser.element_from(&answer)
    }

    fn command(&self, method: &str, command: &str, body: Value) -> Result<Value> {
        self.browser
            .session_command(method, &format!("element/{}/{command}", self.id), body)
    }
}

/// WebDriver key codes for [`Browser::press_keys`] and [`Element::send_keys`].
pub mod keys {
    pub const TAB: char = '\u{E004}';
    pub const ENTER: char = '\u{E007}';
    pub const SHIFT: char = '\u{E008}';
    pub const CONTROL: char = '\u{E009}';
    pub const ALT: char = '\u{E00A}';
    pub const ESCAPE: char = '\u{E00C}';
    pub const ARROW_LEFT: char = '\u{E012}';
    pub const ARROW_UP: char = '\u{E013}';
    pub const ARROW_RIGHT: char = '\u{E014}';
    pub const ARROW_DOWN: char = '\u{E015}';
    pub const META: char = '\u{E03D}';
    /// The keys [`super::Browser::press_keys`] holds down rather than presses.
    pub const MODIFIERS: [char; 4] = [SHIFT, CONTROL, ALT, META];
}

/// Catches downloads: remembers each blob handed to `URL.createObjectURL`, and turns the click on an anchor
/// with a `download` attribute into an entry `{name, text}` of `window.__downloads` (read asynchronously).
const CAPTURE_DOWNLOADS: &str = "
    window.__downloads = [];
    const blobs = new Map();
    const createObjectURL = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (object) => { const url = createObjectURL(object); blobs.set(url, object); return url; };
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function () {
        const blob = blobs.get(this.href);
        if (this.hasAttribute('download') && blob) {
            const entry = { name: this.getAttribute('download'), text: null };
            window.__downloads.push(entry);
            blob.text().then((text) => { entry.text = text; });
            return;
        }
        return click.call(this);
    };
";

/// The CSS selector for `data-testid="id"`.
pub fn testid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|source| BrowserError::Io {
        context: "finding a free port".to_string(),
        source,
    })?;
    listener
        .local_addr()
        .map(|address| address.port())
        .map_err(|source| BrowserError::Io {
            context: "finding a free port".to_string(),
            source,
        })
}

fn fresh_profile_folder() -> Result<PathBuf> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let folder = std::env::temp_dir().join(format!(
        "playground-browser-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).map_err(|source| BrowserError::Io {
        context: format!("creating `{}`", folder.display()),
        source,
    })?;
    Ok(folder)
}

/// Whether `raw` holds a whole HTTP/1.1 answer (head, then Content-Length bytes or a last chunk).
fn answer_complete(raw: &[u8]) -> bool {
    let Some(split) = raw.windows(4).position(|window| window == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(raw.get(..split).unwrap_or_default()).to_ascii_lowercase();
    let body_length = raw.len() - (split + 4);
    if head.contains("transfer-encoding: chunked") {
        return raw.ends_with(b"\r\n0\r\n\r\n") || (body_length == 5 && raw.ends_with(b"0\r\n\r\n"));
    }
    let declared = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse::<usize>().ok());
    // Without a length the answer ends when the connection closes (read returns 0).
    declared.is_some_and(|length| body_length >= length)
}

/// The body of a raw HTTP/1.1 answer (Content-Length or chunked).
fn http_body(raw: &[u8]) -> Option<Vec<u8>> {
    let split = raw.windows(4).position(|window| window == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(raw.get(..split)?).to_ascii_lowercase();
    let rest = raw.get(split + 4..)?;
    if !head.contains("transfer-encoding: chunked") {
        return Some(rest.to_vec());
    }
    let mut body = Vec::new();
    let mut remaining = rest;
    loop {
        let line_end = remaining.windows(2).position(|window| window == b"\r\n")?;
        let size_text = String::from_utf8_lossy(remaining.get(..line_end)?).to_string();
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        if size == 0 {
            return Some(body);
        }
        body.extend_from_slice(remaining.get(line_end + 2..line_end + 2 + size)?);
        remaining = remaining.get(line_end + 2 + size + 2..)?;
    }
}

/// Standard base64 (with padding) to bytes.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let mut bytes = Vec::with_capacity(text.len() / 4 * 3);
    let mut buffer = 0u32;
    let mut bits = 0;
    for character in text.bytes().filter(|byte| !byte.is_ascii_whitespace()) {
        let value = match character {
            b'A'..=b'Z' => character - b'A',
            b'a'..=b'z' => character - b'a' + 26,
            b'0'..=b'9' => character - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push((buffer >> bits) as u8);
        }
    }
    Some(bytes)
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn decodes_base64() {
        assert_eq!(decode_base64("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(decode_base64("aGk=").unwrap(), b"hi");
        assert_eq!(decode_base64("YWJj").unwrap(), b"abc");
        assert!(decode_base64("a*b").is_none());
    }

    #[test]
    fn reads_plain_and_chunked_bodies() {
        assert_eq!(
            http_body(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}").unwrap(),
            b"{}"
        );
        let chunked =
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{\"a\r\n4\r\n\":1}\r\n0\r\n\r\n";
        assert_eq!(http_body(chunked).unwrap(), b"{\"a\":1}");
        assert!(http_body(b"garbage").is_none());
        assert!(answer_complete(b"HTTP/1.1 200 OK\r\nContent-Length:2\r\n\r\n{}"));
        assert!(!answer_complete(
            b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n{}"
        ));
        assert!(!answer_complete(b"HTTP/1.1 200 OK\r\nContent-Len"));
        assert!(answer_complete(chunked));
        assert!(!answer_complete(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{\"a\r\n"
        ));
    }

    #[test]
    fn missing_dist_is_an_error_not_a_skip() {
        let error = Browser::start_serving(Path::new("/definitely/not/a/dist")).unwrap_err();
        assert!(matches!(error, BrowserError::DistMissing(_)), "{error}");
        assert!(error.to_string().contains("cargo xtask build"));
    }
}
