//! Browser tests of the playground UI (issue 5): they drive the built page in headless Chromium by its
//! `data-testid` hooks. Each test starts its own browser with a fresh profile (so a fresh local storage).
#![cfg(feature = "browser")]

use std::time::Duration;

use serde_json::Value;
use tests::browser::{testid, Browser};
use tests::ui::{
    cell_css, editor_text, js_string, no_console_errors, open, select_policy, set_editor_text,
    widened_policy, Result, ACCOUNT, CART_POLICY_KEY, CART_ROLE_ARN, SECRET_ARN, STEP,
};

/// An identity policy that allows nothing the secret needs.
fn useless_policy() -> String {
    r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "OnlyListing", "Effect": "Allow", "Action": "secretsmanager:ListSecrets", "Resource": "*"}
  ]
}
"#
    .to_owned()
}

fn decision(browser: &Browser, css: &str) -> Result<String> {
    Ok(browser
        .wait_for(css, STEP)?
        .attribute("data-decision")?
        .unwrap_or_default())
}

/// Saves a screenshot under the test target folder (never committed), for a look at a run.
fn screenshot(browser: &Browser, name: &str) -> Result<()> {
    browser.screenshot(&std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("ui-{name}.png")))
}

fn run_in_terminal(browser: &Browser, command: &str) -> Result<()> {
    let input = browser.wait_for(&testid("terminal-input"), STEP)?;
    input.click()?;
    input.send_keys(command)?;
    input.send_keys("\u{E007}")
}

#[test]
fn an_edit_that_flips_a_cell_highlights_it_and_explains_the_new_decision() -> Result<()> {
    let browser = Browser::start()?;
    open(&browser, "/?scenario=canonical")?;
    let put = cell_css(CART_ROLE_ARN, SECRET_ARN, "secretsmanager:PutSecretValue");
    assert_eq!(decision(&browser, &put)?, "implicitDeny");
    browser.find(&put)?.click()?;
    browser.wait_for(
        "[data-testid=\"explanation\"][data-decision=\"implicitDeny\"]",
        STEP,
    )?;

    select_policy(&browser, CART_POLICY_KEY)?;
    set_editor_text(&browser, &widened_policy())?;
    browser.wait_for(
        &format!("{put}[data-decision=\"allowed\"][data-changed=\"true\"]"),
        STEP,
    )?;
    browser.wait_for("[data-testid=\"explanation\"][data-decision=\"allowed\"]", STEP)?;
    // Only cells that changed are marked.
    let get = cell_css(CART_ROLE_ARN, SECRET_ARN, "secretsmanager:GetSecretValue");
    assert_eq!(browser.find(&get)?.attribute("data-changed")?, None);
    no_console_errors(&browser)
}

#[test]
fn broken_json_shows_a_finding_at_its_line_and_keeps_the_text() -> Result<()> {
    let browser = Browser::start()?;
    open(&browser, "/?scenario=canonical")?;
    select_policy(&browser, CART_POLICY_KEY)?;
    // Line 4 lacks the comma after "Effect": "Allow".
    let broken = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\n    \"Effect\": \"Allow\"\n    \"Action\": \"secretsmanager:*\", \"Resource\": \"*\"\n  }]\n}\n";
    set_editor_text(&browser, broken)?;
    let finding = browser.wait_for("[data-testid=\"finding\"][data-severity=\"error\"]", STEP)?;
    let line: u32 = finding
        .attribute("data-line")?
        .unwrap_or_default()
        .parse()
        .unwrap_or(0);
    assert!(line == 4 || line == 5, "the error is reported at line {line}");
    assert_eq!(editor_text(&browser)?, broken);
    browser.wait_for("[data-testid=\"editor-status\"][data-valid=\"false\"]", STEP)?;
    // The last valid policy stays in effect: the role still reads, and still cannot delete.
    let get = cell_css(CART_ROLE_ARN, SECRET_ARN, "secretsmanager:GetSecretValue");
    let delete = cell_css(CART_ROLE_ARN, SECRET_ARN, "secretsmanager:DeleteSecret");
    assert_eq!(decision(&browser, &get)?, "allowed");
    assert_eq!(decision(&browser, &delete)?, "implicitDeny");
    // Clicking the finding puts the caret on it.
    finding.click()?;
    let caret = browser
        .execute("return document.querySelector('[data-testid=\"policy-editor\"]').selectionStart;")?;
    assert!(caret.as_u64().unwrap_or(0) > 0, "the caret did not move: {caret}");
    no_console_errors(&browser)
}

#[test]
fn the_terminal_reads_the_secret_then_prints_access_denied_and_both_calls_are_logged() -> Result<()> {
    let browser = Browser::start()?;
    open(&browser, "/?scenario=canonical")?;
    let command = "aws secretsmanager get-secret-value --secret-id prod/cart-service/credentials";
    run_in_terminal(&browser, command)?;
    browser.wait_until(
        "document.querySelector('[data-testid=\"terminal-output\"]').textContent.includes('\"SecretString\"')",
        STEP,
    )?;
    browser.wait_for(
        "[data-testid=\"audit-record\"][data-event-name=\"GetSecretValue\"][data-error-code=\"\"]",
        STEP,
    )?;

    select_policy(&browser, CART_POLICY_KEY)?;
    set_editor_text(&browser, &useless_policy())?;
    run_in_terminal(&browser, command)?;
    browser.wait_until(
        "document.querySelector('[data-testid=\"terminal-output\"]').textContent.includes('An error occurred (AccessDeniedException) when calling the GetSecretValue operation: User: arn:aws:sts::111122223333:assumed-role/cart-service-role/')",
        STEP,
    )?;
    let denied = browser.wait_for(
        "[data-testid=\"audit-record\"][data-event-name=\"GetSecretValue\"]:not([data-error-code=\"\"])",
        STEP,
    )?;
    assert!(denied
        .attribute("data-error-code")?
        .unwrap_or_default()
        .contains("AccessDenied"));
    // Its CloudTrail JSON expands on demand.
    denied.find(".audit-toggle")?.click()?;
    let json = browser.wait_for(&testid("audit-json"), STEP)?.text()?;
    assert!(
        json.contains("\"errorCode\"") && json.contains("\"eventName\": \"GetSecretValue\""),
        "record JSON: {json}"
    );
    // The denied record links to its explanation.
    denied.find(&testid("audit-explain"))?.click()?;
    browser.wait_for(
        "[data-testid=\"explanation\"][data-decision=\"implicitDeny\"]",
        STEP,
    )?;
    browser.execute("document.querySelector('[data-testid=\"explanation\"]').scrollIntoView();")?;
    screenshot(&browser, "denied-record-explained")?;
    no_console_errors(&browser)
}

#[test]
fn a_reload_restores_the_state_including_an_invalid_draft() -> Result<()> {
    let browser = Browser::start()?;
    open(&browser, "/")?;
    select_policy(&browser, CART_POLICY_KEY)?;
    set_editor_text(&browser, &widened_policy())?;
    let put = cell_css(CART_ROLE_ARN, SECRET_ARN, "secretsmanager:PutSecretValue");
    browser.wait_for(&format!("{put}[data-decision=\"allowed\"]"), STEP)?;
    let draft = "{ \"Version\": \"2012-10-17\", \"Statement\": [ unfinished";
    set_editor_text(&browser, draft)?;
    browser.wait_until(
        "localStorage.getItem('secrets-playground/state').includes('unfinished')",
        STEP,
    )?;

    open(&browser, "/")?;
    browser.wait_for(&format!("{put}[data-decision=\"allowed\"]"), STEP)?;
    browser.wait_until(
        "document.querySelector('[data-testid=\"policy-editor\"]').value.includes('unfinished')",
        STEP,
    )?;
    assert_eq!(editor_text(&browser)?, draft);
    no_console_errors(&browser)
}

#[test]
fn a_share_link_restores_the_same_state_in_a_fresh_profile() -> Result<()> {
    let author = Browser::start()?;
    open(&author, "/?scenario=canonical")?;
    select_policy(&author, CART_POLICY_KEY)?;
    set_editor_text(&author, &widened_policy())?;
    let put = cell_css(CART_ROLE_ARN, SECRET_ARN, "secretsmanager:PutSecretValue");
    author.wait_for(&format!("{put}[data-decision=\"allowed\"]"), STEP)?;
    author.by_testid("share")?.click()?;
    let link = author.wait_for(&testid("share-link"), STEP)?.property("value")?;
    let link = link.as_str().unwrap_or_default().to_owned();
    let fragment = link
        .split_once('#')
        .map(|(_, fragment)| format!("#{fragment}"))
        .unwrap_or_default();
    assert!(fragment.starts_with("#state="), "not a share link: {link}");
    let cells = |browser: &Browser| {
        browser.execute(
            "return [...document.querySelectorAll('[data-testid=\"matrix-cell\"]')].map(c => [c.dataset.principal, c.dataset.resource, c.dataset.action, c.dataset.decision].join(' '));",
        )
    };
    let author_cells = cells(&author)?;
    let author_text = editor_text(&author)?;
    drop(author);

    let reader = Browser::start()?;
    open(&reader, &format!("/{fragment}"))?;
    reader.wait_for(&format!("{put}[data-decision=\"allowed\"]"), STEP)?;
    assert_eq!(cells(&reader)?, author_cells);
    assert_eq!(editor_text(&reader)?, author_text);
    no_console_errors(&reader)
}

#[test]
fn a_malformed_share_link_and_a_corrupted_store_give_a_message_not_a_blank_page() -> Result<()> {
    let browser = Browser::start()?;
    open(&browser, "/#state=this-is-not-a-share-link!!")?;
    browser.wait_for("[data-testid=\"notice\"][data-level=\"error\"]", STEP)?;
    browser.wait_for(&testid("matrix-cell"), STEP)?;

    browser.execute(
        "localStorage.setItem('secrets-playground/state', '{\"schema\": 2, \"scenario\": {broken');",
    )?;
    open(&browser, "/")?;
    browser.wait_for("[data-testid=\"notice\"][data-level=\"warning\"]", STEP)?;
    browser.wait_for(&testid("matrix-cell"), STEP)?;
    // The corrupted text is kept aside, never deleted.
    let kept = browser.execute(
        "return Object.keys(localStorage).filter(k => k.startsWith('secrets-playground/corrupt/')).map(k => localStorage.getItem(k));",
    )?;
    assert!(
        kept.to_string().contains("broken"),
        "the corrupted store was not kept: {kept}"
    );
    no_console_errors(&browser)
}

#[test]
fn embed_mode_shows_only_the_chosen_panels() -> Result<()> {
    let browser = Browser::start()?;
    open(
        &browser,
        "/?embed=1&scenario=canonical&panels=editor,matrix&readonly=1",
    )?;
    browser.wait_for(&testid("panel-editor"), STEP)?;
    browser.wait_for(&testid("matrix-cell"), STEP)?;
    for absent in [
        "panel-terminal",
        "panel-audit",
        "panel-explorer",
        "panel-request",
        "share",
    ] {
        assert!(
            browser.find_all(&testid(absent))?.is_empty(),
            "`{absent}` is shown in embed mode"
        );
    }
    assert!(
        browser.find_all(".toolbar")?.is_empty(),
        "the page chrome is shown in embed mode"
    );
    let readonly = browser.by_testid("policy-editor")?.property("readOnly")?;
    assert_eq!(readonly, Value::Bool(true));
    no_console_errors(&browser)
}

/// The simulator module (the services, clock and terminal) is not part of the first load: the full app loads it
/// after its first render; an embed of the editor and the matrix, which never needs it, does not load it at all.
#[test]
fn the_simulator_module_loads_after_the_first_render_and_only_where_needed() -> Result<()> {
    let loaded = "performance.getEntriesByType('resource').some(entry => entry.name.includes('pkg/simulator_bg.wasm'))";
    let browser = Browser::start()?;
    open(&browser, "/?scenario=canonical")?;
    browser.wait_for(&testid("matrix-cell"), STEP)?;
    browser.wait_until(loaded, STEP)?;
    let app_first = browser.execute(
        "const start = (part) => performance.getEntriesByType('resource').find(entry => entry.name.includes(part)).startTime;
         return start('pkg/web_bg.wasm') < start('pkg/simulator_bg.wasm');",
    )?;
    assert_eq!(
        app_first,
        Value::Bool(true),
        "the simulator was requested before the app's wasm"
    );

    open(
        &browser,
        "/?embed=1&scenario=canonical&panels=editor,matrix&readonly=1",
    )?;
    browser.wait_for(&testid("matrix-cell"), STEP)?;
    std::thread::sleep(Duration::from_secs(1));
    let requested = browser.execute(&format!("return {loaded};"))?;
    assert_eq!(
        requested,
        Value::Bool(false),
        "an embed without the terminal, clock or explorer loaded the simulator"
    );
    no_console_errors(&browser)
}

#[test]
fn no_request_leaves_the_pages_origin() -> Result<()> {
    let browser = Browser::start()?;
    open(&browser, "/?scenario=canonical")?;
    browser.wait_for(&testid("matrix-cell"), STEP)?;
    run_in_terminal(&browser, "aws sts get-caller-identity")?;
    browser.wait_for(
        "[data-testid=\"audit-record\"][data-event-name=\"GetCallerIdentity\"]",
        STEP,
    )?;
    let origin = browser.site_url();
    let requests = browser.execute(
        "return [location.href, ...performance.getEntriesByType('resource').map(entry => entry.name)];",
    )?;
    let requests: Vec<String> = requests
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|url| url.as_str().map(str::to_owned))
        .collect();
    assert!(requests.len() > 1, "no resources were recorded: {requests:?}");
    for url in &requests {
        assert!(
            url.starts_with(&origin),
            "a request left the page's origin {origin}: {url}"
        );
    }
    no_console_errors(&browser)
}

#[test]
fn the_bench_mode_reports_its_figures() -> Result<()> {
    let browser = Browser::start()?;
    open(&browser, "/?bench=1")?;
    browser.wait_for(
        "[data-testid=\"bench-results\"][data-state=\"done\"]",
        Duration::from_secs(60),
    )?;
    let text = browser.by_testid("bench-results")?.text()?;
    println!("bench figures: {text}");
    let figures: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    assert!(
        figures["interactive_ms"].as_f64().is_some(),
        "no interactive figure: {text}"
    );
    assert!(
        figures["edit_median_ms"].as_f64().is_some(),
        "no edit figure: {text}"
    );
    no_console_errors(&browser)
}

#[test]
fn the_embed_script_makes_frames_that_size_themselves_to_their_content() -> Result<()> {
    let browser = Browser::start()?;
    browser.goto("/web/embed-example.html")?;
    browser.wait_for("iframe[data-secrets-playground-frame]", STEP)?;
    // The first frame renders the chosen panels and reports its height, which the script applies.
    browser.wait_until(
        "(() => { const frame = document.querySelector('iframe[data-secrets-playground-frame]');
                  const doc = frame.contentDocument;
                  return doc && doc.querySelector('[data-testid=\"matrix-cell\"]')
                      && !doc.querySelector('[data-testid=\"panel-terminal\"]')
                      && frame.style.height !== '480px'; })()",
        Duration::from_secs(30),
    )?;
    let heights = browser.execute(
        "return [...document.querySelectorAll('iframe')].map(f => [f.style.height, f.contentDocument.querySelector('.app').offsetHeight]);",
    )?;
    let first = &heights[0];
    let frame_height: f64 = first[0]
        .as_str()
        .unwrap_or_default()
        .trim_end_matches("px")
        .parse()
        .unwrap_or(0.0);
    let content_height = first[1].as_f64().unwrap_or(0.0);
    assert!(
        (frame_height - content_height).abs() <= 2.0,
        "frame and content heights differ: {heights}"
    );
    no_console_errors(&browser)
}

#[test]
fn the_request_builder_explains_with_suggestions_and_undo_and_the_clock_work() -> Result<()> {
    let browser = Browser::start()?;
    open(&browser, "/?scenario=canonical")?;
    // Request builder: the cart role may not put a value; "why not allowed?" lists the engine's suggestions.
    browser.execute(&format!(
        "const set = (id, value) => {{ const el = document.querySelector(`[data-testid=\"${{id}}\"]`); el.value = value;
           el.dispatchEvent(new Event('change', {{ bubbles: true }})); }};
         set('request-principal', {}); set('request-action', 'secretsmanager:PutSecretValue'); set('request-resource', {});",
        js_string(CART_ROLE_ARN),
        js_string(SECRET_ARN)
    ))?;
    browser.by_testid("request-explain")?.click()?;
    browser.wait_for(
        "[data-testid=\"explanation\"][data-decision=\"implicitDeny\"]",
        STEP,
    )?;
    let suggestions = browser.wait_for(&testid("suggestions"), STEP)?.text()?;
    assert!(
        suggestions.contains("secretsmanager:PutSecretValue"),
        "suggestions: {suggestions}"
    );

    // Undo brings the previous policy back, redo the edit.
    select_policy(&browser, CART_POLICY_KEY)?;
    let original = editor_text(&browser)?;
    set_editor_text(&browser, &widened_policy())?;
    let put = cell_css(CART_ROLE_ARN, SECRET_ARN, "secretsmanager:PutSecretValue");
    browser.wait_for(&format!("{put}[data-decision=\"allowed\"]"), STEP)?;
    browser.by_testid("undo")?.click()?;
    browser.wait_for(&format!("{put}[data-decision=\"implicitDeny\"]"), STEP)?;
    assert_eq!(editor_text(&browser)?, original);
    browser.by_testid("redo")?.click()?;
    browser.wait_for(&format!("{put}[data-decision=\"allowed\"]"), STEP)?;

    // The clock moves by a day.
    let before = browser.by_testid("clock-now")?.text()?;
    browser.by_testid("advance-1d")?.click()?;
    browser.wait_until(
        &format!(
            "document.querySelector('[data-testid=\"clock-now\"]').textContent !== {}",
            js_string(&before)
        ),
        STEP,
    )?;
    assert!(
        browser.by_testid("clock-now")?.text()?.starts_with("2026-01-16"),
        "the clock did not move a day"
    );
    no_console_errors(&browser)
}

const CART_SESSION_ARN: &str = "arn:aws:sts::111122223333:assumed-role/cart-service-role/i-0c4a7e1b9d2f36a58";

#[test]
fn the_instance_session_has_a_row_and_an_edit_that_removes_get_secret_value_flips_and_highlights_it(
) -> Result<()> {
    let browser = Browser::start()?;
    open(&browser, "/?scenario=canonical")?;
    let get = cell_css(CART_SESSION_ARN, SECRET_ARN, "secretsmanager:GetSecretValue");
    assert_eq!(decision(&browser, &get)?, "allowed");
    // The instance session is the first row, before the roles.
    let first = browser.find("[data-testid=\"matrix-cell\"][data-row=\"0\"]")?;
    assert_eq!(
        first.attribute("data-principal")?.as_deref(),
        Some(CART_SESSION_ARN)
    );

    select_policy(&browser, CART_POLICY_KEY)?;
    set_editor_text(&browser, &useless_policy())?;
    browser.wait_for(
        &format!("{get}[data-decision=\"implicitDeny\"][data-changed=\"true\"]"),
        STEP,
    )?;
    // The cell explains the session's own decision.
    browser.find(&get)?.click()?;
    browser.wait_for(
        "[data-testid=\"explanation\"][data-decision=\"implicitDeny\"]",
        STEP,
    )?;
    // The next edit clears the highlight of cells it does not change.
    set_editor_text(&browser, &format!("{} ", useless_policy()))?;
    browser.wait_for(
        &format!("{get}[data-decision=\"implicitDeny\"]:not([data-changed])"),
        STEP,
    )?;
    no_console_errors(&browser)
}

// ---- explorer add/delete, session policies, reload keeps the run (issue 5) ----------------------------------

/// Opens the explorer's add form for `kind`, types `name` and submits it with Enter (the keyboard path).
fn explorer_add(browser: &Browser, kind: &str, name: &str) -> Result<()> {
    browser
        .wait_for(
            &format!("[data-testid=\"explorer-add\"][data-kind=\"{kind}\"]"),
            STEP,
        )?
        .click()?;
    let input = browser.wait_for(&testid("explorer-name"), STEP)?;
    input.send_keys(name)?;
    input.send_keys("\u{E007}")
}

/// Deletes the explorer item whose id starts with `id_prefix`, through the confirm step.
fn explorer_delete(browser: &Browser, id_prefix: &str) -> Result<()> {
    browser
        .wait_for(
            &format!(
                "[data-testid=\"explorer-item\"][data-id^=\"{id_prefix}\"] [data-testid=\"explorer-delete\"]"
            ),
            STEP,
        )?
        .click()?;
    browser
        .wait_for(&testid("explorer-confirm-delete"), STEP)?
        .click()?;
    browser.wait_until(
        "!document.querySelector('[data-testid=\"explorer-confirm-delete\"]')",
        STEP,
    )
}

#[test]
fn the_explorer_adds_and_deletes_a_secret_through_its_api() -> Result<()> {
    let browser = Browser::start()?;
    open(&browser, "/?scenario=canonical")?;
    let prefix = format!("arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:explorer/new-secret-");
    let column = format!("[data-testid=\"matrix-cell\"][data-resource^=\"{prefix}\"]");
    explorer_add(&browser, "secret", "explorer/new-secret")?;
    browser.wait_for(&column, STEP)?;
    browser.wait_for(
        "[data-testid=\"audit-record\"][data-event-name=\"CreateSecret\"][data-error-code=\"\"]",
        STEP,
    )?;
    // The first delete schedules the deletion (30-day recovery window), the second deletes without recovery.
    explorer_delete(&browser, &prefix)?;
    browser.wait_for(
        "[data-testid=\"audit-record\"][data-event-name=\"DeleteSecret\"][data-error-code=\"\"]",
        STEP,
    )?;
    explorer_delete(&browser, &prefix)?;
    browser.wait_until(
        &format!("document.querySelectorAll({}).length === 0", js_string(&column)),
        STEP,
    )?;
    let deletes = browser.execute(
        "return document.querySelectorAll('[data-testid=\"audit-record\"][data-event-name=\"DeleteSecret\"]').length;",
    )?;
    assert_eq!(deletes, Value::from(2));
    // What AWS cannot rename says so.
    browser
        .wait_for(
            &format!(
                "[data-testid=\"explorer-item\"][data-id=\"{SECRET_ARN}\"] [data-testid=\"explorer-rename\"]"
            ),
            STEP,
        )?
        .click()?;
    let note = browser.wait_for(&testid("explorer-note"), STEP)?.text()?;
    assert!(note.contains("AWS cannot rename a secret"), "note: {note}");
    no_console_errors(&browser)
}

#[test]
fn editing_a_session_policy_changes_the_sessions_decision() -> Result<()> {
    let browser = Browser::start()?;
    open(&browser, "/?scenario=canonical")?;
    // A playground session of the cart role (the form's role defaults to the first non-administrator role).
    explorer_add(&browser, "session", "explorer")?;
    let session_arn = format!("arn:aws:sts::{ACCOUNT}:assumed-role/cart-service-role/explorer");
    let policy = browser.wait_for(
        &format!("[data-testid=\"explorer-policy\"][data-policy^=\"session|{session_arn}|\"]"),
        STEP,
    )?;
    let key = policy.attribute("data-policy")?.unwrap_or_default();
    select_policy(&browser, &key)?;
    browser.wait_for(&testid("session-policy-note"), STEP)?;

    browser.execute(&format!(
        "const set = (id, value) => {{ const el = document.querySelector(`[data-testid=\"${{id}}\"]`); el.value = value;
           el.dispatchEvent(new Event('change', {{ bubbles: true }})); }};
         set('request-principal', {}); set('request-action', 'secretsmanager:GetSecretValue'); set('request-resource', {});",
        js_string(&session_arn),
        js_string(SECRET_ARN)
    ))?;
    browser.by_testid("request-explain")?.click()?;
    browser.wait_for("[data-testid=\"explanation\"][data-decision=\"allowed\"]", STEP)?;

    set_editor_text(
        &browser,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:DescribeSecret", "Resource": "*"}]}"#,
    )?;
    browser.wait_for(
        "[data-testid=\"explanation\"][data-decision=\"implicitDeny\"]",
        STEP,
    )?;
    no_console_errors(&browser)
}

#[test]
fn a_reload_keeps_the_audit_trail_and_the_sessions() -> Result<()> {
    let browser = Browser::start()?;
    open(&browser, "/")?;
    run_in_terminal(
        &browser,
        "aws secretsmanager get-secret-value --secret-id prod/cart-service/credentials",
    )?;
    browser.wait_for(
        "[data-testid=\"audit-record\"][data-event-name=\"GetSecretValue\"][data-error-code=\"\"]",
        STEP,
    )?;
    explorer_add(&browser, "session", "kept")?;
    browser.wait_for(
        "[data-testid=\"explorer-item\"] [data-policy*=\"assumed-role/cart-service-role/kept|\"]",
        STEP,
    )?;
    browser.wait_until(
        "localStorage.getItem('secrets-playground/state').includes('GetSecretValue')
         && localStorage.getItem('secrets-playground/state').includes('\"kept\"')",
        STEP,
    )?;
    let records = |browser: &Browser| {
        browser.execute(
            "return [...document.querySelectorAll('[data-testid=\"audit-record\"]')].map(r => r.dataset.eventName + ' ' + r.dataset.errorCode);",
        )
    };
    let before = records(&browser)?;

    open(&browser, "/")?;
    browser.wait_for(
        "[data-testid=\"audit-record\"][data-event-name=\"GetSecretValue\"][data-error-code=\"\"]",
        STEP,
    )?;
    browser.wait_for(
        "[data-testid=\"explorer-item\"] [data-policy*=\"assumed-role/cart-service-role/kept|\"]",
        STEP,
    )?;
    assert_eq!(records(&browser)?, before);
    no_console_errors(&browser)
}

#[test]
fn an_unknown_action_is_reported_once_the_iam_catalogue_arrives_after_the_first_render() -> Result<()> {
    let browser = Browser::start()?;
    open(&browser, "/?scenario=canonical")?;
    select_policy(&browser, CART_POLICY_KEY)?;
    let typo = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValu", "Resource": "*"}]}"#;
    set_editor_text(&browser, typo)?;
    // The finding needs the catalogue (pkg/iam-metadata.bin, fetched once the app has rendered): wait for it.
    browser.wait_until(
        "[...document.querySelectorAll('[data-testid=\"finding\"]')].some(finding => finding.textContent.includes(
            'The action secretsmanager:GetSecretValu does not exist. Did you mean secretsmanager:GetSecretValue?'))",
        STEP,
    )?;
    assert_eq!(
        browser.execute("return document.querySelectorAll('[data-testid=\"notice\"]').length;")?,
        0
    );
    no_console_errors(&browser)
}
