//! Browser bench: opens the app's `?bench=1` page in headless Chromium, waits for its figures (time to the
//! first interactive render, median edit → re-render time in the `large` scenario) and prints them.
//! `cargo xtask bench` runs it with `--nocapture`; `cargo xtask test` runs it too, as a check that bench mode works.
#![cfg(feature = "browser")]

use std::time::Duration;

use tests::browser::{testid, Browser, BrowserError};

/// The page measures a few dozen edits; generous for a loaded 2-core machine.
const BENCH_TIMEOUT: Duration = Duration::from_secs(180);

#[test]
fn the_bench_page_reports_its_figures() -> Result<(), BrowserError> {
    let browser = Browser::start()?;
    browser.goto("/?bench=1")?;
    let done = format!("{}[data-state=\"done\"]", testid("bench-results"));
    let results = browser.wait_for(&done, BENCH_TIMEOUT)?;
    let text = results.text()?;
    let figures: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("the bench results are not JSON ({error}):\n{text}"));
    println!(
        "browser bench (?bench=1):\n{}",
        serde_json::to_string_pretty(&figures).unwrap_or(text)
    );
    for key in ["interactive_ms", "edit_median_ms"] {
        let value = figures.get(key).and_then(serde_json::Value::as_f64);
        assert!(
            value.is_some_and(|ms| ms > 0.0),
            "`{key}` is not a positive number in {figures}"
        );
    }
    let errors = browser.console_errors()?;
    assert!(
        errors.is_empty(),
        "console errors during the bench:\n{}",
        errors.join("\n")
    );
    Ok(())
}
