//! Browser tests of issue 5's features one by one (items 5–11): the instance terminal, the audit log, the
//! clock, undo/redo by keyboard, import/export and built-in scenarios, accessibility and a keyboard-only
//! path. Each test starts its own headless Chromium with a fresh profile; expected terminal output comes
//! from the same engine run natively, so the page must show the account's bytes exactly.
#![cfg(feature = "browser")]

use std::collections::BTreeSet;

use account::terminal::{run_line, Shell, ShellIdentity};
use account::{builtin, Account, BUILTIN_NAMES};
use serde_json::Value;
use tests::browser::{keys, testid, Browser};
use tests::ui::{
    cell_css, editor_text, js_string, no_console_errors, open, select_policy, set_editor_text,
    widened_policy, Result, CART_POLICY_KEY, CART_ROLE_ARN, SECRET_ARN, STEP,
};

const INSTANCE: &str = "i-0c4a7e1b9d2f36a58";
const GET_SECRET: &str = "aws secretsmanager get-secret-value --secret-id prod/cart-service/credentials";

// ---------------------------------------------------------------------------------------------------------
// Helpers

fn input_value(browser: &Browser, id: &str) -> Result<String> {
    Ok(browser
        .by_testid(id)?
        .property("value")?
        .as_str()
        .unwrap_or_default()
        .to_owned())
}

/// Sets a `<select>` or `<input>` by test id and fires `change`, as choosing a value does.
fn choose(browser: &Browser, id: &str, value: &str) -> Result<()> {
    browser.execute(&format!(
        "const element = document.querySelector('[data-testid=\"{id}\"]');
         element.value = {};
         element.dispatchEvent(new Event('change', {{ bubbles: true }}));",
        js_string(value)
    ))?;
    Ok(())
}

/// What one terminal command printed, as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Printed {
    stdout: String,
    stderr: String,
    exit_code: i32,
}

fn terminal_entries(browser: &Browser) -> Result<u64> {
    Ok(browser
        .execute(
            "return document.querySelectorAll('[data-testid=\"terminal-output\"] .terminal-entry').length;",
        )?
        .as_u64()
        .unwrap_or(0))
}

/// Types `command` into the terminal, presses Enter and reads what the new entry printed.
fn run(browser: &Browser, command: &str) -> Result<Printed> {
    let before = terminal_entries(browser)?;
    let input = browser.wait_for(&testid("terminal-input"), STEP)?;
    input.click()?;
    input.send_keys(command)?;
    input.send_keys(&keys::ENTER.to_string())?;
    browser.wait_until(
        &format!(
            "document.querySelectorAll('[data-testid=\"terminal-output\"] .terminal-entry').length > {before}"
        ),
        STEP,
    )?;
    last_entry(browser)
}

fn last_entry(browser: &Browser) -> Result<Printed> {
    let entry = browser.execute(
        "const entries = document.querySelectorAll('[data-testid=\"terminal-output\"] .terminal-entry');
         const entry = entries[entries.length - 1];
         const stdout = entry.querySelector('.terminal-text:not(.terminal-stderr)');
         const stderr = entry.querySelector('.terminal-stderr');
         return [stdout ? stdout.textContent : '', stderr ? stderr.textContent : '',
                 stderr ? Number(stderr.dataset.exitCode) : 0];",
    )?;
    Ok(Printed {
        stdout: entry[0].as_str().unwrap_or_default().to_owned(),
        stderr: entry[1].as_str().unwrap_or_default().to_owned(),
        exit_code: entry[2].as_i64().unwrap_or(-1) as i32,
    })
}

/// The same scenario run natively: a shell on its instance, to compare the page's output with.
struct Native {
    account: Account,
    shell: Shell,
}

impl Native {
    fn new(scenario: &str) -> Native {
        let scenario = builtin(scenario).expect("a built-in scenario");
        Native {
            account: Account::from_scenario(&scenario).expect("the scenario loads"),
            shell: Shell::new(ShellIdentity::Instance(INSTANCE.to_owned())),
        }
    }

    fn run(&mut self, command: &str) -> Printed {
        let output = run_line(&mut self.account, &mut self.shell, command);
        Printed {
            stdout: output.stdout,
            stderr: output.stderr,
            exit_code: output.exit_code,
        }
    }
}

/// Records shown in the audit log, top to bottom: (event name, error code, read-only, principal, time).
fn shown_records(browser: &Browser) -> Result<Vec<[String; 5]>> {
    let rows = browser.execute(
        "return [...document.querySelectorAll('[data-testid=\"audit-record\"]')].map(r => [
           r.dataset.eventName, r.dataset.errorCode, r.dataset.readOnly,
           r.querySelector('.audit-principal').textContent, r.querySelector('.audit-time').textContent]);",
    )?;
    Ok(rows
        .as_array()
        .into_iter()
        .flatten()
        .map(|row| std::array::from_fn(|index| row[index].as_str().unwrap_or_default().to_owned()))
        .collect())
}

/// The ids of the elements focus lands on, recorded from now on by a `focusin` listener.
fn record_focus(browser: &Browser) -> Result<()> {
    browser.execute(
        "window.__focus = [];
         document.addEventListener('focusin', (event) => {
           const target = event.target;
           const panel = target.closest('[data-testid^=\"panel-\"]');
           window.__focus.push([target.dataset.testid || target.tagName.toLowerCase(), panel ? panel.dataset.testid : '']);
         });",
    )?;
    Ok(())
}

fn focus_log(browser: &Browser) -> Result<Vec<(String, String)>> {
    let log = browser.execute("return window.__focus;")?;
    Ok(log
        .as_array()
        .into_iter()
        .flatten()
        .map(|pair| {
            (
                pair[0].as_str().unwrap_or_default().to_owned(),
                pair[1].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect())
}

fn active_testid(browser: &Browser) -> Result<String> {
    Ok(browser
        .execute("return document.activeElement ? (document.activeElement.dataset.testid || '') : '';")?
        .as_str()
        .unwrap_or_default()
        .to_owned())
}

/// An element's box in the viewport, rounded: `[left, top, width, height]`.
fn rect(browser: &Browser, css: &str) -> Result<Value> {
    browser.execute(&format!(
        "const r = document.querySelector({}).getBoundingClientRect();
         return [Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)];",
        js_string(css)
    ))
}

// ---------------------------------------------------------------------------------------------------------
// 5. The instance terminal

#[test]
fn the_terminal_completes_with_tab_recalls_history_and_prints_as_the_aws_cli() -> Result<()> {
    let browser = Browser::start()?;
    open(&browser, "/?scenario=canonical")?;
    let input = browser.wait_for(&testid("terminal-input"), STEP)?;
    let tab = keys::TAB.to_string();

    // Tab completes the service, then the operation, then an option; each unique completion ends in a space.
    input.click()?;
    input.send_keys("aws secretsm")?;
    input.send_keys(&tab)?;
    browser.wait_until(
        "document.querySelector('[data-testid=\"terminal-input\"]').value === 'aws secretsmanager '",
        STEP,
    )?;
    input.send_keys("get-secret-v")?;
    input.send_keys(&tab)?;
    browser.wait_until(
        "document.querySelector('[data-testid=\"terminal-input\"]').value === 'aws secretsmanager get-secret-value '",
        STEP,
    )?;
    input.send_keys("--secret-i")?;
    input.send_keys(&tab)?;
    browser.wait_until(
        "document.querySelector('[data-testid=\"terminal-input\"]').value === 'aws secretsmanager get-secret-value --secret-id '",
        STEP,
    )?;
    assert_eq!(
        active_testid(&browser)?,
        "terminal-input",
        "Tab left the terminal"
    );
    // Several candidates: the list is shown and the line keeps their common prefix.
    input.clear()?;
    input.send_keys("aws secretsmanager get-")?;
    input.send_keys(&tab)?;
    let listed = browser.wait_for(&testid("terminal-completions"), STEP)?.text()?;
    for candidate in ["get-random-password", "get-resource-policy", "get-secret-value"] {
        assert!(listed.contains(candidate), "completions: {listed}");
    }
    assert_eq!(
        input_value(&browser, "terminal-input")?,
        "aws secretsmanager get-"
    );
    input.clear()?;

    // Output exactly as the engine's AWS CLI prints it, byte for byte.
    let mut native = Native::new("canonical");
    let commands = [
        "aws sts get-caller-identity",
        "aws sts get-caller-identity --output text",
        &format!("{GET_SECRET} --query SecretString --output text"),
        "aws secretsmanager frobnicate",
    ];
    let mut printed = Vec::new();
    for command in commands {
        let shown = run(&browser, command)?;
        assert_eq!(shown, native.run(command), "`{command}` printed differently");
        printed.push(shown);
    }
    let identity: Value = serde_json::from_str(&printed[0].stdout).unwrap_or(Value::Null);
    assert!(
        printed[0].stdout.starts_with("{\n    \"UserId\": \"AROA"),
        "not the CLI's JSON: {}",
        printed[0].stdout
    );
    assert_eq!(identity["Account"], "111122223333");
    assert_eq!(
        identity["Arn"],
        format!("arn:aws:sts::111122223333:assumed-role/cart-service-role/{INSTANCE}")
    );
    assert_eq!(
        printed[1].stdout,
        format!(
            "111122223333\tarn:aws:sts::111122223333:assumed-role/cart-service-role/{INSTANCE}\t{}\n",
            identity["UserId"].as_str().unwrap_or_default()
        )
    );
    assert!(
        printed[2].stdout.starts_with("{\"username\":\"cart_app\""),
        "--query SecretString --output text prints the raw string: {}",
        printed[2].stdout
    );
    assert_eq!(printed[3].exit_code, 252);
    assert!(
        printed[3]
            .stderr
            .starts_with("usage: aws [options] <command> <subcommand>")
            && printed[3]
                .stderr
                .contains("aws: error: argument operation: Invalid choice, valid choices are:")
            && printed[3].stderr.contains("get-secret-value"),
        "not the CLI's usage error: {}",
        printed[3].stderr
    );

    // Up and down walk the history, newest first; down past the newest gives an empty line.
    let up = keys::ARROW_UP.to_string();
    let down = keys::ARROW_DOWN.to_string();
    let expect_line = |line: &str| {
        browser.wait_until(
            &format!(
                "document.querySelector('[data-testid=\"terminal-input\"]').value === {}",
                js_string(line)
            ),
            STEP,
        )
    };
    input.click()?;
    input.send_keys(&up)?;
    expect_line(commands[3])?;
    input.send_keys(&up)?;
    expect_line(commands[2])?;
    input.send_keys(&up)?;
    input.send_keys(&up)?;
    expect_line(commands[0])?;
    input.send_keys(&up)?;
    expect_line(commands[0])?;
    input.send_keys(&down)?;
    expect_line(commands[1])?;
    input.send_keys(&down)?;
    input.send_keys(&down)?;
    expect_line(commands[3])?;
    input.send_keys(&down)?;
    expect_line("")?;
    // A recalled command runs again.
    input.send_keys(&up)?;
    input.send_keys(&up)?;
    input.send_keys(&up)?;
    input.send_keys(&up)?;
    expect_line(commands[0])?;
    input.send_keys(&keys::ENTER.to_string())?;
    browser.wait_until(
        "document.querySelectorAll('[data-testid=\"terminal-output\"] .terminal-entry').length === 5",
        STEP,
    )?;
    assert_eq!(last_entry(&browser)?, native.run(commands[0]));
    no_console_errors(&browser)
}

// ---------------------------------------------------------------------------------------------------------
// 6. The audit log

#[test]
fn the_audit_log_is_newest_first_filters_expands_explains_and_downloads() -> Result<()> {
    let browser = Browser::start()?;
    open(&browser, "/?scenario=rotation")?;
    run(&browser, "aws sts get-caller-identity")?;
    run(
        &browser,
        "aws secretsmanager describe-secret --secret-id prod/cart-service/credentials",
    )?;
    browser.wait_for(
        "[data-testid=\"audit-record\"][data-event-name=\"DescribeSecret\"]",
        STEP,
    )?;
    let records = shown_records(&browser)?;
    assert_eq!(
        records
            .iter()
            .map(|record| record[0].as_str())
            .collect::<Vec<_>>(),
        ["DescribeSecret", "GetCallerIdentity"],
        "not newest first"
    );

    // A denied call, and the rotation the schedule runs (the Lambda role and Secrets Manager log calls too).
    let denied = run(
        &browser,
        "aws secretsmanager delete-secret --secret-id prod/cart-service/credentials",
    )?;
    assert_eq!(denied.exit_code, 254, "{denied:?}");
    browser.by_testid("advance-30d")?.click()?;
    browser.wait_for(
        "[data-testid=\"audit-record\"][data-event-name=\"RotationSucceeded\"]",
        STEP,
    )?;
    let all = shown_records(&browser)?;
    let total = all.len();
    assert_eq!(all[0][0], "RotationSucceeded", "the newest record is not first");
    let times: Vec<&str> = all.iter().map(|record| record[4].as_str()).collect();
    let mut sorted = times.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(times, sorted, "records are not newest first by time");
    let count_text = browser.find(".audit-count")?.text()?;
    assert!(
        count_text.starts_with(&format!("{total} of {total} records")),
        "{count_text}"
    );

    // Each filter narrows the records to those that match it; choosing "any" again shows them all.
    let filters: [(&str, &str, usize); 4] = [
        ("audit-filter-event", "GetCallerIdentity", 0),
        ("audit-filter-principal", CART_ROLE_ARN, 3),
        ("audit-filter-error", "AccessDeniedException", 1),
        ("audit-filter-readonly", "write", 2),
    ];
    for (filter, _, _) in filters {
        let options = browser.execute(&format!(
            "return [...document.querySelectorAll('[data-testid=\"{filter}\"] option')].map(o => o.value);"
        ))?;
        assert!(
            options.as_array().is_some_and(|options| options.len() > 2),
            "`{filter}` offers too few choices: {options}"
        );
    }
    let principals: BTreeSet<String> = all.iter().map(|record| record[3].clone()).collect();
    assert!(principals.len() >= 2, "one principal only: {principals:?}");
    let cart_principal = principals
        .iter()
        .find(|principal| principal.contains("cart-service-role"))
        .cloned()
        .unwrap_or_default();
    for (filter, value, column) in filters {
        let value = if filter == "audit-filter-principal" {
            cart_principal.as_str()
        } else {
            value
        };
        choose(&browser, filter, value)?;
        browser.wait_until(
            &format!("document.querySelectorAll('[data-testid=\"audit-record\"]').length < {total}"),
            STEP,
        )?;
        let narrowed = shown_records(&browser)?;
        assert!(!narrowed.is_empty(), "`{filter}` = `{value}` hides everything");
        for record in &narrowed {
            let expected = if filter == "audit-filter-readonly" {
                "false"
            } else {
                value
            };
            assert_eq!(
                record[column], expected,
                "`{filter}` = `{value}` shows {record:?}"
            );
        }
        let expected = all
            .iter()
            .filter(|record| {
                record[column]
                    == if filter == "audit-filter-readonly" {
                        "false"
                    } else {
                        value
                    }
            })
            .count();
        assert_eq!(narrowed.len(), expected, "`{filter}` = `{value}`");
        choose(&browser, filter, "")?;
        browser.wait_until(
            &format!("document.querySelectorAll('[data-testid=\"audit-record\"]').length === {total}"),
            STEP,
        )?;
    }
    choose(&browser, "audit-filter-readonly", "read")?;
    browser.wait_until(
        &format!("document.querySelectorAll('[data-testid=\"audit-record\"]').length < {total}"),
        STEP,
    )?;
    assert!(shown_records(&browser)?.iter().all(|record| record[2] == "true"));
    choose(&browser, "audit-filter-error", "(none)")?;
    browser.wait_until(
        "document.querySelectorAll('[data-testid=\"audit-record\"]').length > 0",
        STEP,
    )?;
    assert!(shown_records(&browser)?
        .iter()
        .all(|record| record[1].is_empty() && record[2] == "true"));
    choose(&browser, "audit-filter-error", "")?;
    choose(&browser, "audit-filter-readonly", "")?;
    browser.wait_until(
        &format!("document.querySelectorAll('[data-testid=\"audit-record\"]').length === {total}"),
        STEP,
    )?;

    // The newest GetCallerIdentity record expands to its CloudTrail JSON.
    let identity_record =
        browser.find("[data-testid=\"audit-record\"][data-event-name=\"GetCallerIdentity\"]")?;
    identity_record.find(".audit-toggle")?.click()?;
    let parsed = browser.execute(
        "const pre = document.querySelector('[data-testid=\"audit-record\"][data-event-name=\"GetCallerIdentity\"] [data-testid=\"audit-json\"]');
         return pre ? JSON.parse(pre.textContent) : null;",
    )?;
    assert_eq!(parsed["eventName"], "GetCallerIdentity", "{parsed}");
    assert_eq!(parsed["eventSource"], "sts.amazonaws.com");
    assert!(parsed["eventVersion"].as_str().is_some(), "{parsed}");
    assert!(
        parsed["userIdentity"]["arn"]
            .as_str()
            .is_some_and(|arn| arn.starts_with("arn:aws:sts::111122223333:assumed-role/cart-service-role/")),
        "{parsed}"
    );
    assert_eq!(
        identity_record
            .find(".audit-toggle")?
            .attribute("aria-expanded")?,
        Some("true".to_owned())
    );
    identity_record.find(".audit-toggle")?.click()?;
    browser.wait_until(
        "!document.querySelector('[data-testid=\"audit-record\"][data-event-name=\"GetCallerIdentity\"] [data-testid=\"audit-json\"]')",
        STEP,
    )?;

    // The denied record's link opens its explanation: a deny.
    let denied_record = browser.find(
        "[data-testid=\"audit-record\"][data-event-name=\"DeleteSecret\"][data-error-code=\"AccessDeniedException\"]",
    )?;
    denied_record.find(&testid("audit-explain"))?.click()?;
    let explanation = browser.wait_for("[data-testid=\"explanation\"][data-state=\"ready\"]", STEP)?;
    let verdict = explanation.attribute("data-decision")?.unwrap_or_default();
    assert!(
        verdict == "implicitDeny" || verdict == "explicitDeny",
        "the denied record is explained as `{verdict}`"
    );
    assert!(explanation.text()?.contains("DeleteSecret") || explanation.text()?.contains("record"));

    // The download is a CloudTrail file with every record.
    browser.capture_downloads()?;
    browser.by_testid("audit-download")?.click()?;
    let downloads = browser.downloads(1, STEP)?;
    let (name, text) = &downloads[0];
    assert!(name.ends_with(".json"), "downloaded as `{name}`");
    let file: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    let file_records = file["Records"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        file_records.len(),
        total,
        "the file has not every record: {text:.400}"
    );
    let mut file_names: Vec<String> = file_records
        .iter()
        .map(|record| record["eventName"].as_str().unwrap_or_default().to_owned())
        .collect();
    let mut shown_names: Vec<String> = all.iter().map(|record| record[0].clone()).collect();
    file_names.sort();
    shown_names.sort();
    assert_eq!(file_names, shown_names);
    assert!(file_records
        .iter()
        .all(|record| record["eventVersion"].is_string() && record["eventSource"].is_string()));
    no_console_errors(&browser)
}

// ---------------------------------------------------------------------------------------------------------
// 7. The clock

#[test]
fn advancing_the_clock_runs_the_scheduled_rotation_and_expires_exported_credentials() -> Result<()> {
    let browser = Browser::start()?;
    open(&browser, "/?scenario=rotation")?;
    assert!(
        browser
            .by_testid("clock-now")?
            .text()?
            .starts_with("2026-01-15T09:00"),
        "the scenario's clock"
    );
    // Minutes: +15 min.
    browser.by_testid("advance-15m")?.click()?;
    browser.wait_until(
        "document.querySelector('[data-testid=\"clock-now\"]').textContent.startsWith('2026-01-15T09:15')",
        STEP,
    )?;
    assert!(
        browser
            .find_all("[data-testid=\"audit-record\"][data-event-name=\"RotationStarted\"]")?
            .is_empty(),
        "rotated before it was due"
    );
    // Days through the form: 30 days later the schedule rotates the secret.
    choose(&browser, "advance-amount", "30")?;
    choose(&browser, "advance-unit", "86400")?;
    browser.by_testid("advance")?.click()?;
    browser.wait_until(
        "document.querySelector('[data-testid=\"clock-now\"]').textContent.startsWith('2026-02-14T09:15')",
        STEP,
    )?;
    for event in [
        "RotationStarted",
        "PutSecretValue",
        "UpdateSecretVersionStage",
        "RotationSucceeded",
    ] {
        browser.wait_for(
            &format!("[data-testid=\"audit-record\"][data-event-name=\"{event}\"]"),
            STEP,
        )?;
    }
    let service_records = shown_records(&browser)?;
    assert!(
        service_records
            .iter()
            .any(|record| record[3].contains("cart-rotation-lambda-role")),
        "the rotation function's calls are not logged: {service_records:?}"
    );

    // Hours: credentials taken from IMDS and exported expire six hours later; the CLI then says so.
    let token = run(
        &browser,
        "TOKEN=$(curl -s -X PUT http://169.254.169.254/latest/api/token -H \"X-aws-ec2-metadata-token-ttl-seconds: 21600\")",
    )?;
    assert_eq!(token.exit_code, 0, "{token:?}");
    let document = run(
        &browser,
        "curl -s -H \"X-aws-ec2-metadata-token: $TOKEN\" http://169.254.169.254/latest/meta-data/iam/security-credentials/cart-service-role",
    )?;
    let credentials: Value = serde_json::from_str(&document.stdout).unwrap_or(Value::Null);
    let field = |name: &str| credentials[name].as_str().unwrap_or_default().to_owned();
    assert!(field("AccessKeyId").starts_with("ASIA"), "{document:?}");
    run(
        &browser,
        &format!(
            "export AWS_ACCESS_KEY_ID={} AWS_SECRET_ACCESS_KEY={} AWS_SESSION_TOKEN={}",
            field("AccessKeyId"),
            field("SecretAccessKey"),
            field("Token")
        ),
    )?;
    let fresh = run(&browser, "aws sts get-caller-identity --query Arn --output text")?;
    assert_eq!(
        fresh.stdout,
        format!("arn:aws:sts::111122223333:assumed-role/cart-service-role/{INSTANCE}\n")
    );
    choose(&browser, "advance-amount", "7")?;
    choose(&browser, "advance-unit", "3600")?;
    browser.by_testid("advance")?.click()?;
    browser.wait_until(
        "document.querySelector('[data-testid=\"clock-now\"]').textContent.startsWith('2026-02-14T16:15')",
        STEP,
    )?;
    let expired = run(&browser, "aws sts get-caller-identity")?;
    assert_eq!(
        expired,
        Printed {
            stdout: String::new(),
            stderr: "\nAn error occurred (ExpiredToken) when calling the GetCallerIdentity operation: The security token included in the request is expired\n".to_owned(),
            exit_code: 254,
        }
    );
    let expired_secret = run(&browser, GET_SECRET)?;
    assert!(
        expired_secret.stderr.contains("An error occurred (ExpiredTokenException) when calling the GetSecretValue operation: The security token included in the request is expired"),
        "{expired_secret:?}"
    );
    browser.wait_for(
        "[data-testid=\"audit-record\"][data-event-name=\"GetCallerIdentity\"][data-error-code=\"ExpiredToken\"]",
        STEP,
    )?;
    browser.wait_for(
        "[data-testid=\"audit-record\"][data-event-name=\"GetSecretValue\"][data-error-code=\"ExpiredTokenException\"]",
        STEP,
    )?;
    // Without the exported keys the CLI takes fresh credentials from IMDS again.
    run(
        &browser,
        "unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN",
    )?;
    let renewed = run(
        &browser,
        "aws sts get-caller-identity --query Account --output text",
    )?;
    assert_eq!(renewed.stdout, "111122223333\n", "{renewed:?}");
    no_console_errors(&browser)
}

// ---------------------------------------------------------------------------------------------------------
// 8. State: undo/redo keys, import/export, built-in scenarios by URL

#[test]
fn ctrl_z_and_ctrl_shift_z_undo_and_redo_the_policy_text_and_the_matrix() -> Result<()> {
    let browser = Browser::start()?;
    open(&browser, "/?scenario=canonical")?;
    select_policy(&browser, CART_POLICY_KEY)?;
    let original = editor_text(&browser)?;
    let put = cell_css(CART_ROLE_ARN, SECRET_ARN, "secretsmanager:PutSecretValue");
    browser.wait_for(&format!("{put}[data-decision=\"implicitDeny\"]"), STEP)?;
    set_editor_text(&browser, &widened_policy())?;
    browser.wait_for(&format!("{put}[data-decision=\"allowed\"]"), STEP)?;

    // In the editor (focused after typing).
    assert_eq!(active_testid(&browser)?, "policy-editor");
    let undo = format!("{}z", keys::CONTROL);
    let redo = format!("{}{}z", keys::CONTROL, keys::SHIFT);
    browser.press_keys(&undo)?;
    browser.wait_for(&format!("{put}[data-decision=\"implicitDeny\"]"), STEP)?;
    assert_eq!(editor_text(&browser)?, original);
    browser.press_keys(&redo)?;
    browser.wait_for(&format!("{put}[data-decision=\"allowed\"]"), STEP)?;
    assert_eq!(editor_text(&browser)?, widened_policy());

    // Elsewhere on the page (focus on the matrix): the same keys, and Ctrl+Y redoes too.
    browser.find(&put)?.click()?;
    browser.execute(&format!("document.querySelector({}).focus();", js_string(&put)))?;
    browser.press_keys(&undo)?;
    browser.wait_for(&format!("{put}[data-decision=\"implicitDeny\"]"), STEP)?;
    assert_eq!(editor_text(&browser)?, original);
    browser.press_keys(&format!("{}y", keys::CONTROL))?;
    browser.wait_for(&format!("{put}[data-decision=\"allowed\"]"), STEP)?;
    assert_eq!(editor_text(&browser)?, widened_policy());
    // The toolbar's buttons tell what the keys are.
    assert!(browser
        .by_testid("undo")?
        .attribute("title")?
        .unwrap_or_default()
        .contains("Ctrl+Z"));
    no_console_errors(&browser)
}

#[test]
fn an_exported_scenario_imports_back_and_the_terminal_switches_instances() -> Result<()> {
    let browser = Browser::start()?;
    open(&browser, "/?scenario=canonical")?;
    select_policy(&browser, CART_POLICY_KEY)?;
    set_editor_text(&browser, &widened_policy())?;
    let put = cell_css(CART_ROLE_ARN, SECRET_ARN, "secretsmanager:PutSecretValue");
    browser.wait_for(&format!("{put}[data-decision=\"allowed\"]"), STEP)?;
    run(&browser, "aws sts get-caller-identity")?;
    browser.wait_for(
        "[data-testid=\"audit-record\"][data-event-name=\"GetCallerIdentity\"]",
        STEP,
    )?;
    let clock = browser.by_testid("clock-now")?.text()?;

    browser.capture_downloads()?;
    browser.by_testid("export")?.click()?;
    let (name, text) = browser.downloads(1, STEP)?.remove(0);
    assert!(name.ends_with(".json"), "exported as `{name}`");
    let mut scenario: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    assert!(
        scenario["account"]["roles"].is_array(),
        "not a scenario file: {text:.400}"
    );
    assert!(
        text.contains("secretsmanager:PutSecretValue"),
        "the export lacks the edit"
    );

    // Open another scenario, then import the file as it is: the edit and the audit trail are back.
    let import = |file: &str| {
        browser.execute(&format!(
            "const input = document.querySelector('[data-testid=\"import\"]');
             const transfer = new DataTransfer();
             transfer.items.add(new File([{}], 'imported.json', {{ type: 'application/json' }}));
             input.files = transfer.files;
             input.dispatchEvent(new Event('change', {{ bubbles: true }}));",
            js_string(file)
        ))
    };
    open(&browser, "/?scenario=explicit-deny")?;
    browser.wait_for(&format!("{put}:not([data-decision=\"allowed\"])"), STEP)?;
    import(&text)?;
    browser.wait_for(&format!("{put}[data-decision=\"allowed\"]"), STEP)?;
    browser.wait_for(
        "[data-testid=\"audit-record\"][data-event-name=\"GetCallerIdentity\"]",
        STEP,
    )?;
    assert_eq!(browser.by_testid("clock-now")?.text()?, clock);
    select_policy(&browser, CART_POLICY_KEY)?;
    assert_eq!(editor_text(&browser)?, widened_policy());

    // The file edited by hand: a second instance with the same profile, to switch the terminal to. (A file
    // with a saved `state` restores that state and does not read `account`, so the edit drops the state.)
    if let Some(file) = scenario.as_object_mut() {
        file.remove("state");
    }
    let mut second = scenario["account"]["instances"][0].clone();
    second["name"] = Value::from("batch-worker");
    second["id"] = Value::from("i-0123456789abcdef0");
    if let Some(instances) = scenario["account"]["instances"].as_array_mut() {
        instances.push(second);
    }
    open(&browser, "/?scenario=explicit-deny")?;
    browser.wait_for(&format!("{put}:not([data-decision=\"allowed\"])"), STEP)?;
    import(&scenario.to_string())?;
    browser.wait_for(&format!("{put}[data-decision=\"allowed\"]"), STEP)?;
    browser.wait_until(
        "document.querySelectorAll('[data-testid=\"terminal-instance\"] option').length === 2",
        STEP,
    )?;

    // The terminal runs on the chosen instance, each with its own output.
    let on_first = run(&browser, "aws sts get-caller-identity --query Arn --output text")?;
    assert!(
        on_first.stdout.ends_with(&format!("/{INSTANCE}\n")),
        "{on_first:?}"
    );
    choose(&browser, "terminal-instance", "i-0123456789abcdef0")?;
    browser.wait_until(
        "document.querySelector('[data-testid=\"terminal-input\"]').labels[0].textContent.includes('i-0123456789abcdef0')",
        STEP,
    )?;
    assert_eq!(
        terminal_entries(&browser)?,
        0,
        "the second instance shows the first one's output"
    );
    let on_second = run(&browser, "aws sts get-caller-identity --query Arn --output text")?;
    assert_eq!(
        on_second.stdout,
        "arn:aws:sts::111122223333:assumed-role/cart-service-role/i-0123456789abcdef0\n"
    );
    choose(&browser, "terminal-instance", INSTANCE)?;
    browser.wait_until(
        &format!(
            "document.querySelector('[data-testid=\"terminal-input\"]').labels[0].textContent.includes('{INSTANCE}')"
        ),
        STEP,
    )?;
    assert_eq!(terminal_entries(&browser)?, 1);
    assert_eq!(last_entry(&browser)?, on_first);
    no_console_errors(&browser)
}

#[test]
fn every_built_in_scenario_opens_by_url_with_its_own_matrix() -> Result<()> {
    let browser = Browser::start()?;
    for name in BUILTIN_NAMES {
        let scenario = builtin(name).expect("a built-in scenario");
        let account = Account::from_scenario(&scenario).expect("the scenario loads");
        let secrets: BTreeSet<String> = account.secrets().iter().map(|secret| secret.arn()).collect();
        open(&browser, &format!("/?scenario={name}"))?;
        if secrets.is_empty() {
            browser.wait_for(&testid("panel-matrix"), STEP)?;
            assert!(
                browser.find_all(&testid("matrix-cell"))?.is_empty(),
                "`{name}` has no secret but shows cells"
            );
        } else {
            browser.wait_for(&testid("matrix-cell"), STEP)?;
            let shown = browser.execute(
                "return [...new Set([...document.querySelectorAll('[data-testid=\"matrix-cell\"]')].map(c => c.dataset.resource))];",
            )?;
            let shown: BTreeSet<String> = shown
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|arn| arn.as_str().map(str::to_owned))
                .collect();
            assert!(!shown.is_empty());
            assert!(
                shown.is_subset(&secrets),
                "`{name}` shows secrets of another scenario: {shown:?} (its own: {secrets:?})"
            );
            assert_eq!(shown.len(), secrets.len().min(4), "`{name}`'s first page");
        }
        assert!(
            browser
                .find_all("[data-testid=\"notice\"][data-level=\"error\"]")?
                .is_empty(),
            "`{name}` opened with an error notice"
        );
        let errors = browser.console_errors()?;
        assert!(
            errors.is_empty(),
            "`{name}`: console errors:\n{}",
            errors.join("\n")
        );
    }
    // An unknown name is a notice on the default scenario, not a blank page.
    open(&browser, "/?scenario=no-such-scenario")?;
    browser.wait_for("[data-testid=\"notice\"][data-level=\"error\"]", STEP)?;
    browser.wait_for(&testid("matrix-cell"), STEP)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------
// 10. Accessibility and polish

#[test]
fn the_matrix_is_a_grid_navigable_by_arrow_keys_and_never_colour_alone() -> Result<()> {
    let browser = Browser::start()?;
    open(&browser, "/?scenario=canonical")?;
    let grid = browser.wait_for(".matrix", STEP)?;
    assert_eq!(grid.computed_role()?, "grid");
    let roles = browser.execute(
        "const grid = document.querySelector('[role=grid]');
         return [grid.querySelectorAll('[role=row]').length, grid.querySelectorAll('[role=gridcell]').length,
                 grid.querySelectorAll('[role=columnheader]').length, grid.querySelectorAll('[role=rowheader]').length,
                 document.querySelectorAll('[data-testid=\"matrix-cell\"]').length];",
    )?;
    assert!(roles[0].as_u64().unwrap_or(0) >= 3, "rows: {roles}");
    assert_eq!(roles[1], roles[4], "every matrix cell is a gridcell: {roles}");
    assert!(
        roles[2].as_u64().unwrap_or(0) > 0 && roles[3].as_u64().unwrap_or(0) > 0,
        "{roles}"
    );
    assert_eq!(browser.find(&testid("matrix-cell"))?.computed_role()?, "gridcell");

    // Every cell says its decision in words and shows an icon, whatever the colour.
    let cells = browser.execute(
        "return [...document.querySelectorAll('[data-testid=\"matrix-cell\"]')].map(c => [c.dataset.decision, c.getAttribute('aria-label') || '', c.textContent.trim()]);",
    )?;
    let mut decisions = BTreeSet::new();
    let mut icons = BTreeSet::new();
    for cell in cells.as_array().into_iter().flatten() {
        let decision = cell[0].as_str().unwrap_or_default();
        let label = cell[1].as_str().unwrap_or_default().to_lowercase();
        let icon = cell[2].as_str().unwrap_or_default();
        let words = match decision {
            "allowed" => "allowed",
            "explicitDeny" => "explicit",
            _ => "implicit",
        };
        assert!(
            label.contains(words) || label.contains("denied") && words != "allowed",
            "cell {cell}"
        );
        assert!(!icon.is_empty(), "cell without an icon: {cell}");
        decisions.insert(decision.to_owned());
        icons.insert((decision.to_owned(), icon.to_owned()));
    }
    assert!(decisions.len() >= 2, "{decisions:?}");
    assert_eq!(icons.len(), decisions.len(), "one icon per decision: {icons:?}");

    // One tab stop; arrows move between cells; Enter explains the focused cell.
    assert_eq!(
        browser
            .find_all("[data-testid=\"matrix-cell\"][tabindex=\"0\"]")?
            .len(),
        1
    );
    browser.execute("document.querySelector('[data-testid=\"matrix-cell\"][tabindex=\"0\"]').focus();")?;
    let position = |browser: &Browser| -> Result<(String, String)> {
        let at = browser.execute(
            "const e = document.activeElement; return [e.dataset.row || '', e.dataset.col || ''];",
        )?;
        Ok((
            at[0].as_str().unwrap_or_default().to_owned(),
            at[1].as_str().unwrap_or_default().to_owned(),
        ))
    };
    assert_eq!(position(&browser)?, ("0".to_owned(), "0".to_owned()));
    browser.press_keys(&keys::ARROW_RIGHT.to_string())?;
    assert_eq!(position(&browser)?, ("0".to_owned(), "1".to_owned()));
    browser.press_keys(&keys::ARROW_RIGHT.to_string())?;
    browser.press_keys(&keys::ARROW_DOWN.to_string())?;
    assert_eq!(position(&browser)?, ("1".to_owned(), "2".to_owned()));
    browser.press_keys(&keys::ARROW_LEFT.to_string())?;
    browser.press_keys(&keys::ARROW_UP.to_string())?;
    assert_eq!(position(&browser)?, ("0".to_owned(), "1".to_owned()));
    let focused = browser.execute(
        "const e = document.activeElement; return [e.dataset.principal, e.dataset.action, e.dataset.decision];",
    )?;
    browser.press_keys(&keys::ENTER.to_string())?;
    let explanation = browser.wait_for(
        &format!(
            "[data-testid=\"explanation\"][data-decision=\"{}\"]",
            focused[2].as_str().unwrap_or_default()
        ),
        STEP,
    )?;
    let subject = explanation.find(".explanation-subject")?.text()?;
    assert!(
        subject.contains(focused[0].as_str().unwrap_or_default())
            && subject.contains(focused[1].as_str().unwrap_or_default()),
        "explained `{subject}`, focused {focused}"
    );
    // The explained cell keeps the grid's one tab stop.
    let selected = browser.find("[data-testid=\"matrix-cell\"][aria-selected=\"true\"]")?;
    assert_eq!(selected.attribute("tabindex")?, Some("0".to_owned()));
    assert_eq!(selected.attribute("data-col")?, Some("1".to_owned()));
    no_console_errors(&browser)
}

#[test]
fn the_audit_log_and_terminal_have_their_roles_and_outcomes_in_words() -> Result<()> {
    let browser = Browser::start()?;
    open(&browser, "/?scenario=canonical")?;
    run(&browser, "aws sts get-caller-identity")?;
    run(
        &browser,
        "aws secretsmanager delete-secret --secret-id prod/cart-service/credentials",
    )?;
    browser.wait_for(
        "[data-testid=\"audit-record\"][data-event-name=\"DeleteSecret\"]",
        STEP,
    )?;
    // A log (live region) holding a list whose items are the records.
    let log = browser.by_testid("audit-records")?;
    assert_eq!(log.computed_role()?, "log");
    assert!(
        log.attribute("aria-label")?
            .is_some_and(|label| !label.is_empty()),
        "the audit log has no accessible name"
    );
    assert_eq!(browser.find(".audit-records")?.computed_role()?, "list");
    assert_eq!(
        browser.by_testid("audit-record")?.computed_role()?,
        "listitem",
        "the records lost their list item role"
    );
    // Outcomes in words, not only colour.
    let outcomes = browser.execute(
        "return [...document.querySelectorAll('[data-testid=\"audit-record\"]')].map(r => [r.dataset.errorCode, r.querySelector('.audit-outcome').textContent]);",
    )?;
    for outcome in outcomes.as_array().into_iter().flatten() {
        let code = outcome[0].as_str().unwrap_or_default();
        let text = outcome[1].as_str().unwrap_or_default();
        if code.is_empty() {
            assert!(text.contains("OK"), "{outcome}");
        } else {
            assert!(text.contains(code), "{outcome}");
        }
    }
    // The toggle is a named button; the terminal output is a log with a name; the input has a label.
    let toggle = browser.find(".audit-toggle")?;
    assert_eq!(toggle.computed_role()?, "button");
    assert!(toggle.attribute("aria-label")?.is_some());
    let output = browser.by_testid("terminal-output")?;
    assert_eq!(output.computed_role()?, "log");
    let labelled = browser
        .execute("return document.querySelector('[data-testid=\"terminal-input\"]').labels.length;")?;
    assert_eq!(labelled, 1);
    no_console_errors(&browser)
}

#[test]
fn the_theme_follows_the_systems_colour_scheme() -> Result<()> {
    let browser = Browser::start()?;
    let colours = |browser: &Browser| -> Result<Value> {
        browser.execute(
            "const style = (e) => getComputedStyle(e);
             const rgb = (text) => (text.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
             const luminance = ([r, g, b]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;
             const body = style(document.body);
             const cell = document.querySelector('[data-testid=\"matrix-cell\"][data-decision=\"allowed\"]');
             return {
               dark: matchMedia('(prefers-color-scheme: dark)').matches,
               background: luminance(rgb(body.backgroundColor)),
               text: luminance(rgb(body.color)),
               editor: luminance(rgb(style(document.querySelector('.code-editor')).backgroundColor)),
               allowed: cell ? style(cell).backgroundColor : '',
               icon: cell ? cell.textContent.trim() : ''
             };",
        )
    };
    browser.emulate_color_scheme("light")?;
    open(&browser, "/?scenario=canonical")?;
    browser.wait_for(&testid("matrix-cell"), STEP)?;
    browser.wait_until("document.getAnimations().length === 0", STEP)?;
    let light = colours(&browser)?;
    browser.emulate_color_scheme("dark")?;
    browser.wait_until("matchMedia('(prefers-color-scheme: dark)').matches", STEP)?;
    // The cells fade their background (a short transition): wait for it to end.
    browser.wait_until(
        &format!(
            "getComputedStyle(document.querySelector('[data-testid=\"matrix-cell\"][data-decision=\"allowed\"]')).backgroundColor !== {}",
            light["allowed"]
        ),
        STEP,
    )?;
    browser.wait_until("document.getAnimations().length === 0", STEP)?;
    let dark = colours(&browser)?;
    assert_eq!(light["dark"], false);
    assert_eq!(dark["dark"], true);
    let number = |value: &Value| value.as_f64().unwrap_or(f64::NAN);
    assert!(
        number(&light["background"]) > 180.0 && number(&light["text"]) < 100.0,
        "light theme: {light}"
    );
    assert!(
        number(&dark["background"]) < 60.0 && number(&dark["text"]) > 150.0,
        "dark theme: {dark}"
    );
    assert!(
        number(&dark["editor"]) < 80.0,
        "the editor stays light in the dark theme: {dark}"
    );
    assert_ne!(
        light["allowed"], dark["allowed"],
        "the allowed colour is not themed"
    );
    assert_eq!(light["icon"], dark["icon"]);
    // And back, without a reload.
    browser.emulate_color_scheme("light")?;
    browser.wait_until("!matchMedia('(prefers-color-scheme: dark)').matches", STEP)?;
    browser.wait_until("document.getAnimations().length === 0", STEP)?;
    assert_eq!(colours(&browser)?["background"], light["background"]);
    no_console_errors(&browser)
}

#[test]
fn typing_in_the_editor_moves_no_panel_even_when_it_shows_a_finding() -> Result<()> {
    let browser = Browser::start()?;
    open(&browser, "/?scenario=canonical")?;
    select_policy(&browser, CART_POLICY_KEY)?;
    browser.wait_for(&testid("matrix-cell"), STEP)?;
    // The editor's box (the textarea inside it grows with the text and scrolls), the panels around it.
    let watched = [
        ".code-editor".to_owned(),
        testid("panel-editor"),
        testid("panel-matrix"),
        testid("panel-terminal"),
    ];
    let measure =
        |browser: &Browser| -> Result<Vec<Value>> { watched.iter().map(|css| rect(browser, css)).collect() };
    let editor = browser.by_testid("policy-editor")?;
    editor.click()?;
    let before = measure(&browser)?;
    // Real keystrokes at the end: first a valid edit, then one that breaks the JSON (a finding appears).
    browser.execute(
        "const e = document.querySelector('[data-testid=\"policy-editor\"]'); e.setSelectionRange(e.value.length, e.value.length);",
    )?;
    editor.send_keys(" \n")?;
    browser.wait_for("[data-testid=\"editor-status\"][data-valid=\"true\"]", STEP)?;
    assert_eq!(measure(&browser)?, before, "a valid keystroke moved a panel");
    // The caret, now at the start of a line, is not hidden under the sticky line-number gutter.
    let caret = browser.execute(
        "const scroller = document.querySelector('.code-editor');
         const gutter = document.querySelector('.code-gutter').getBoundingClientRect();
         const text = document.querySelector('[data-testid=\"policy-editor\"]').getBoundingClientRect();
         const padding = parseFloat(getComputedStyle(document.querySelector('[data-testid=\"policy-editor\"]')).paddingLeft);
         return [text.left + padding - gutter.right, scroller.scrollLeft];",
    )?;
    assert!(
        caret[0].as_f64().unwrap_or(-1.0) >= 0.0,
        "the caret at column 0 is under the gutter: [offset from the gutter, scrollLeft] = {caret}"
    );
    editor.send_keys("{ oops")?;
    browser.wait_for("[data-testid=\"editor-status\"][data-valid=\"false\"]", STEP)?;
    browser.wait_for("[data-testid=\"finding\"][data-severity=\"error\"]", STEP)?;
    assert_eq!(measure(&browser)?, before, "the finding moved a panel");
    for _ in 0..6 {
        editor.send_keys("x")?;
    }
    assert_eq!(measure(&browser)?, before, "typing with a finding moved a panel");
    // Fixing it again hides the finding without a jump either.
    let fixed = editor_text(&browser)?.replace("{ oopsxxxxxx", "");
    set_editor_text(&browser, &fixed)?;
    browser.wait_for("[data-testid=\"editor-status\"][data-valid=\"true\"]", STEP)?;
    assert_eq!(measure(&browser)?, before, "fixing the text moved a panel");
    no_console_errors(&browser)
}

// ---------------------------------------------------------------------------------------------------------
// 10. Keyboard alone

#[test]
fn tab_from_the_start_of_the_page_reaches_explorer_editor_matrix_and_terminal() -> Result<()> {
    let browser = Browser::start()?;
    open(&browser, "/?scenario=canonical")?;
    browser.wait_for(&testid("matrix-cell"), STEP)?;
    browser.wait_for(&testid("terminal-input"), STEP)?;
    browser.execute("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);")?;
    record_focus(&browser)?;
    let tabs: String = std::iter::repeat_n(keys::TAB, 150).collect();
    browser.press_keys(&tabs)?;
    let visited = focus_log(&browser)?;
    let reached = |wanted: &dyn Fn(&(String, String)) -> bool| visited.iter().position(wanted);
    let explorer = reached(&|(_, panel)| panel == "panel-explorer");
    let editor = reached(&|(id, _)| id == "policy-editor");
    let matrix = reached(&|(id, _)| id == "matrix-cell");
    let terminal = reached(&|(id, _)| id == "terminal-input");
    let summary = visited
        .iter()
        .map(|(id, panel)| format!("{id}@{panel}"))
        .collect::<Vec<_>>()
        .join(", ");
    assert!(explorer.is_some(), "Tab never reached the explorer: {summary}");
    assert!(editor.is_some(), "Tab never reached the editor: {summary}");
    assert!(matrix.is_some(), "Tab never reached the matrix: {summary}");
    assert!(terminal.is_some(), "Tab never reached the terminal: {summary}");
    // In the page's reading order, and the matrix is one tab stop, not one per cell.
    assert!(explorer < editor && editor < matrix, "order: {summary}");
    let cells_visited = visited.iter().filter(|(id, _)| id == "matrix-cell").count();
    let cells = browser.find_all(&testid("matrix-cell"))?.len();
    assert!(cells_visited < cells, "every cell is a tab stop: {summary}");

    // Shift+Tab from the terminal goes back, and Enter in the terminal runs a command typed by keyboard.
    browser.execute("document.querySelector('[data-testid=\"terminal-input\"]').focus();")?;
    browser.press_keys("aws sts get-caller-identity --query Account --output text\u{E007}")?;
    browser.wait_until(
        "document.querySelector('[data-testid=\"terminal-output\"]').textContent.includes('111122223333')",
        STEP,
    )?;
    browser.press_keys(&format!("{}{}", keys::SHIFT, keys::TAB))?;
    assert_ne!(
        active_testid(&browser)?,
        "terminal-input",
        "Shift+Tab is trapped in the terminal"
    );
    no_console_errors(&browser)
}
