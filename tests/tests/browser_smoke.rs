//! Browser smoke test: the built page in `dist/` loads in headless Chromium, the yew app renders, reacts to
//! clicks, and logs no console error (a Rust panic shows up there through console_error_panic_hook).
#![cfg(feature = "browser")]

use std::path::PathBuf;

use tests::browser::{testid, Browser, BrowserError, RENDER_TIMEOUT};

/// Where screenshots of the runs go (inside target/, so never committed).
fn screenshot_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}.png"))
}

/// Fails with the console errors (if any) listed, after saving a screenshot for a look.
fn assert_no_console_errors(browser: &Browser, name: &str) -> Result<(), BrowserError> {
    let errors = browser.console_errors()?;
    let path = screenshot_path(name);
    browser.screenshot(&path)?;
    assert!(
        errors.is_empty(),
        "console errors on the page (screenshot: {}):\n{}",
        path.display(),
        errors.join("\n")
    );
    Ok(())
}

/// Opens `/` and waits for the app; when it does not render, fails with what the console said.
fn open_app(browser: &Browser) -> Result<(), BrowserError> {
    browser.goto("/")?;
    match browser.wait_for(&testid("app"), RENDER_TIMEOUT) {
        Ok(_) => Ok(()),
        Err(BrowserError::Timeout { css, waited }) => {
            let errors = browser.console_errors()?;
            panic!(
                "`{css}` did not render within {} ms; console errors:\n{}",
                waited.as_millis(),
                errors.join("\n")
            )
        }
        Err(other) => Err(other),
    }
}

#[test]
fn the_app_renders_without_console_errors() -> Result<(), BrowserError> {
    let browser = Browser::start()?;
    open_app(&browser)?;
    let app = browser.by_testid("app")?;
    assert!(!app.text()?.trim().is_empty(), "the app rendered no text");
    assert!(!browser.title()?.is_empty(), "the page has no title");
    // The module really ran: wasm-bindgen's glue exports `default` (init) and the app mounted inside <body>.
    let mounted =
        browser.execute("return document.body.contains(document.querySelector('[data-testid=\"app\"]'));")?;
    assert_eq!(mounted, serde_json::Value::Bool(true));
    assert_no_console_errors(&browser, "smoke-render")
}

#[test]
fn clicking_the_apps_buttons_changes_the_page_without_errors() -> Result<(), BrowserError> {
    let browser = Browser::start()?;
    open_app(&browser)?;
    let buttons_css = "[data-testid=\"app\"] button:not([disabled])";
    let button_count = browser.find_all(buttons_css)?.len();
    assert!(
        button_count > 0,
        "the app offers no enabled button to interact with"
    );

    let page_html = "return document.querySelector('[data-testid=\"app\"]').innerHTML;";
    let mut clicks = 0;
    let mut changes = 0;
    for index in 0..button_count.min(8) {
        // Find again each time: a click may re-render and make earlier references stale.
        let buttons = browser.find_all(buttons_css)?;
        let Some(button) = buttons.get(index) else { break };
        let before = browser.execute(page_html)?;
        match button.click() {
            Ok(()) => clicks += 1,
            // Hidden, covered or re-rendered buttons are not this test's concern.
            Err(BrowserError::WebDriver { error, .. })
                if matches!(
                    error.as_str(),
                    "element click intercepted" | "element not interactable" | "stale element reference"
                ) =>
            {
                continue
            }
            Err(other) => return Err(other),
        }
        browser.wait_for(&testid("app"), RENDER_TIMEOUT)?;
        if browser.execute(page_html)? != before {
            changes += 1;
        }
        let errors = browser.console_errors()?;
        assert!(
            errors.is_empty(),
            "console errors after clicking button {index}:\n{}",
            errors.join("\n")
        );
    }
    assert!(clicks > 0, "none of the {button_count} buttons could be clicked");
    assert!(changes > 0, "{clicks} clicks changed nothing on the page");
    assert_no_console_errors(&browser, "smoke-clicks")
}

#[test]
fn the_harness_sees_console_errors() -> Result<(), BrowserError> {
    // Guards the guard: if the log stopped reaching us, the tests above would pass on a broken page.
    let browser = Browser::start()?;
    open_app(&browser)?;
    browser.execute("console.error('harness check: deliberate error');")?;
    let errors = browser.console_errors()?;
    assert!(
        errors
            .iter()
            .any(|message| message.contains("harness check: deliberate error")),
        "a deliberate console.error was not reported: {errors:?}"
    );
    Ok(())
}
