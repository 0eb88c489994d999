//! What the browser tests of the UI share: the canonical story's names, and steps every test takes (open
//! the page, pick a policy, type into the editor, find a matrix cell).

use std::time::Duration;

use serde_json::Value;

use crate::browser::{testid, Browser, BrowserError, RENDER_TIMEOUT};

pub type Result<T> = std::result::Result<T, BrowserError>;

/// The playground's own account in the built-in scenarios.
pub const ACCOUNT: &str = "111122223333";
pub const CART_ROLE_ARN: &str = "arn:aws:iam::111122223333:role/cart-service-role";
pub const SECRET_ARN: &str =
    "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/cart-service/credentials-Xk9fQ2";
pub const CART_POLICY_KEY: &str =
    "identity|arn:aws:iam::111122223333:role/cart-service-role|read-cart-credentials";
/// How long one step of a test may take on a loaded machine.
pub const STEP: Duration = Duration::from_secs(10);

/// The identity policy of the canonical role, widened to PutSecretValue.
pub fn widened_policy() -> String {
    r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadAndWriteCartCredentials",
      "Effect": "Allow",
      "Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:PutSecretValue"],
      "Resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/cart-service/credentials-??????"
    }
  ]
}
"#
    .to_owned()
}

/// Opens `path` and waits for the app to render.
pub fn open(browser: &Browser, path: &str) -> Result<()> {
    browser.goto(path)?;
    browser.wait_for(&testid("app"), RENDER_TIMEOUT)?;
    Ok(())
}

/// The CSS selector of one matrix cell.
pub fn cell_css(principal: &str, resource: &str, action: &str) -> String {
    format!(
        "[data-testid=\"matrix-cell\"][data-principal=\"{principal}\"][data-resource=\"{resource}\"][data-action=\"{action}\"]"
    )
}

/// Opens a policy in the editor from the explorer.
pub fn select_policy(browser: &Browser, key: &str) -> Result<()> {
    browser
        .wait_for(
            &format!("[data-testid=\"explorer-policy\"][data-policy=\"{key}\"]"),
            STEP,
        )?
        .click()?;
    browser.wait_until(
        &format!(
            "document.querySelector('[data-testid=\"policy-select\"]').value === {}",
            js_string(key)
        ),
        STEP,
    )
}

/// Replaces the editor's text the way typing does (an `input` event on the textarea).
pub fn set_editor_text(browser: &Browser, text: &str) -> Result<()> {
    browser.execute(&format!(
        "const editor = document.querySelector('[data-testid=\"policy-editor\"]');
         editor.focus();
         editor.value = {};
         editor.dispatchEvent(new InputEvent('input', {{ bubbles: true, inputType: 'insertText' }}));",
        js_string(text)
    ))?;
    Ok(())
}

/// The editor's current text.
pub fn editor_text(browser: &Browser) -> Result<String> {
    Ok(browser
        .by_testid("policy-editor")?
        .property("value")?
        .as_str()
        .unwrap_or_default()
        .to_owned())
}

/// `text` as a JavaScript string literal.
pub fn js_string(text: &str) -> String {
    Value::String(text.to_owned()).to_string()
}

/// Fails the test when the page logged errors.
pub fn no_console_errors(browser: &Browser) -> Result<()> {
    let errors = browser.console_errors()?;
    assert!(errors.is_empty(), "console errors:\n{}", errors.join("\n"));
    Ok(())
}
