//! The scenario file codec: every built-in scenario, with and without a saved state, goes export → import →
//! export byte-identical and is written exactly as serde_json pretty-prints it; a damaged file is an error
//! carrying the line and column of the offending value and its path, never a panic.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use account::terminal::run_script;
use account::{Account, Scenario, ScenarioError};
use serde_json::Value;

/// Commands that leave every kind of saved entity behind: an STS session with a session policy, an instance
/// session (IMDSv1 and v2), a replica, a key pending deletion, a secret in its deletion window, a binary
/// secret, a stopped instance.
const EXTRA: &str = r#"as arn:aws:iam::111122223333:role/Administrator
aws sts assume-role --role-arn arn:aws:iam::111122223333:role/Administrator --role-session-name saved --policy '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:*","Resource":"*"}]}'
aws secretsmanager get-secret-value --secret-id prod/cart-service/credentials
aws secretsmanager replicate-secret-to-regions --secret-id prod/cart-service/credentials --add-replica-regions Region=eu-west-1
aws ec2 modify-instance-metadata-options --instance-id i-0c4a7e1b9d2f36a58 --http-tokens optional
on cart-app
TOKEN=$(curl -s -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 21600")
curl -s http://169.254.169.254/latest/meta-data/iam/security-credentials/cart-service-role
as arn:aws:iam::111122223333:role/Administrator
advance 2h
aws secretsmanager describe-secret --secret-id prod/cart-service/credentials
aws kms schedule-key-deletion --key-id alias/cart-service --pending-window-in-days 7
aws secretsmanager delete-secret --secret-id prod/cart-service/credentials
aws secretsmanager create-secret --name bin --secret-binary aGVsbG8=
aws ec2 stop-instances --instance-ids i-0c4a7e1b9d2f36a58
"#;

/// A built-in world after its own script and [`EXTRA`].
fn run(name: &str) -> Account {
    let mut account = Account::builtin(name).unwrap();
    let script = account.script().unwrap_or_default().to_owned();
    run_script(&mut account, &format!("{script}\n{EXTRA}"));
    account
}

/// The text as serde_json reads and pretty-prints it (what the serde derives wrote).
fn serde_pretty(text: &str) -> String {
    serde_json::to_string_pretty(&serde_json::from_str::<Value>(text).unwrap()).unwrap()
}

fn assert_round_trip(name: &str, scenario: &Scenario) {
    let text = scenario.to_json();
    assert_eq!(
        serde_pretty(&text),
        text,
        "{name}: written as serde_json writes it"
    );
    let decoded = Scenario::from_json(&text).unwrap_or_else(|error| panic!("{name}: {error}"));
    assert_eq!(&decoded, scenario, "{name}: decodes to what was encoded");
    assert_eq!(decoded.to_json(), text, "{name}: encode → decode → encode");
    let imported = Account::from_scenario(&decoded).unwrap_or_else(|error| panic!("{name}: {error}"));
    let again = if scenario.state.is_some() {
        imported.export_state()
    } else {
        imported.export_scenario()
    };
    assert_eq!(again.to_json(), text, "{name}: export → import → export");
}

#[test]
fn every_builtin_round_trips_with_and_without_its_state() {
    for name in account::BUILTIN_NAMES {
        let fresh = Account::builtin(name).unwrap();
        assert_round_trip(name, &fresh.export_scenario());
        assert_round_trip(name, &fresh.export_state());
        let used = run(name);
        assert!(!used.trail().is_empty(), "{name}: the script made calls");
        assert_round_trip(name, &used.export_scenario());
        assert_round_trip(name, &used.export_state());
    }
}

#[test]
fn every_saved_variant_and_free_json_round_trips() {
    let text = run("rotation").export_state().to_json();
    let mut value: Value = serde_json::from_str(&text).unwrap();
    let state = &mut value["state"];
    state["rotationFunctions"][0]["failingStep"] = serde_json::json!("SetSecret");
    state["secrets"][0]["rotationInProgress"] = serde_json::json!("pending-version");
    state["secrets"][0]["rotationEnabled"] = serde_json::json!(false);
    state["instances"][0]["tokens"] = serde_json::json!([{"token": "t", "expires": 5}]);
    state["sessions"][0]["origin"] = serde_json::json!("Playground");
    state["trail"][0]["additionalEventData"] = serde_json::json!(
        {"a": [1, -2, 3.5, 1e300, -0.0, null, true, {"b": "\u{1}\"\\é\u{1F600}"}], "c": {}, "d": []}
    );
    let text = serde_json::to_string_pretty(&value).unwrap();
    let scenario = Scenario::from_json(&text).unwrap();
    assert_eq!(scenario.to_json(), text);
    for expected in [
        "\"failingStep\": \"SetSecret\"",
        "\"origin\": \"Playground\"",
        "\"PendingDeletion\": ",
        "\"Binary\": \"aGVsbG8=\"",
        "\"role_delivery\": \"V1\"",
        "1e+300",
        "-0.0",
    ] {
        assert!(text.contains(expected), "{expected}");
    }
    // Members the saved entities do not know are ignored, as serde's derive did; a repeated key of free JSON
    // keeps its first place and its last value, as serde_json's map does.
    let edited = text
        .replacen(
            "\"failingStep\": \"SetSecret\"",
            "\"failingStep\": \"SetSecret\", \"later\": 1",
            1,
        )
        .replacen("\"c\": {}", "\"c\": {\"x\": 1, \"y\": 2, \"x\": 3}", 1);
    let scenario = Scenario::from_json(&edited).unwrap();
    let trail = &scenario.state.as_ref().unwrap().trail[0];
    assert_eq!(
        trail.additional_event_data.as_ref().unwrap()["c"].to_string(),
        r#"{"x":3,"y":2}"#
    );
    value["state"]["trail"][0]["additionalEventData"]["c"] = serde_json::json!({"x": 3, "y": 2});
    assert_eq!(scenario.to_json(), serde_json::to_string_pretty(&value).unwrap());
}

/// The 1-based line and column (in characters) of byte `offset`.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |index| index + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The byte offset of `needle` after `from`.
fn find_after(text: &str, from: usize, needle: &str) -> usize {
    from + text[from..]
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` after {from}"))
}

fn json_error(text: &str) -> (usize, usize, String) {
    match Scenario::from_json(text) {
        Err(ScenarioError::Json {
            line,
            column,
            message,
        }) => (line, column, message),
        other => panic!("not a JSON error: {other:?}"),
    }
}

#[test]
fn errors_deep_in_a_saved_state_carry_the_value_position_and_path() {
    let text = run("canonical").export_state().to_json();
    let state = find_after(&text, 0, "\n  \"state\": {");
    let secrets = find_after(&text, state, "\n    \"secrets\": [");
    let versions = find_after(&text, secrets, "\"versions\": [");
    let created = find_after(&text, versions, "\"created\": ") + "\"created\": ".len();
    let end = find_after(&text, created, ",");

    // A wrong type.
    let damaged = format!("{}\"yesterday\"{}", &text[..created], &text[end..]);
    let (line, column, message) = json_error(&damaged);
    assert_eq!((line, column), position(&damaged, created));
    assert_eq!(
        message,
        "state.secrets[0].versions[0].created: invalid type: string \"yesterday\", expected i64"
    );
    let error = Scenario::from_json(&damaged).unwrap_err().to_string();
    assert!(
        error.starts_with(&format!("line {line}, column {column}: state.secrets")),
        "{error}"
    );

    // A float, a negative number and a huge one where an integer is expected.
    for (number, expected) in [
        ("1.5", "invalid type: floating point `1.5`, expected i64"),
        ("1e3", "invalid type: floating point `1e3`, expected i64"),
        (
            "9223372036854775808",
            "invalid value: integer `9223372036854775808`, expected i64",
        ),
        (
            "-99999999999999999999999999999999999999999",
            "invalid value: integer `-99999999999999999999999999999999999999999`, expected i64",
        ),
    ] {
        let damaged = format!("{}{number}{}", &text[..created], &text[end..]);
        let (line, column, message) = json_error(&damaged);
        assert_eq!((line, column), position(&damaged, created), "{number}");
        assert_eq!(
            message,
            format!("state.secrets[0].versions[0].created: {expected}")
        );
    }
    let expired = find_after(&text, state, "\"expiredReported\": [") + "\"expiredReported\": ".len();
    let damaged = format!(
        "{}[-1]{}",
        &text[..expired],
        &text[find_after(&text, expired, "]") + 1..]
    );
    let (line, column, message) = json_error(&damaged);
    assert_eq!((line, column), position(&damaged, expired + 1));
    assert_eq!(
        message,
        "state.expiredReported[0]: invalid value: integer `-1`, expected usize"
    );

    // A missing member: the position of the object that lacks it.
    let version = find_after(&text, versions, "{");
    let key_arn = find_after(&text, version, "\"keyArn\": ");
    let line_start = text[..key_arn].rfind('\n').unwrap();
    let line_end = find_after(&text, key_arn, "\n");
    let damaged = format!("{}{}", &text[..line_start], &text[line_end..]);
    let (line, column, message) = json_error(&damaged);
    assert_eq!((line, column), position(&damaged, version));
    assert_eq!(message, "state.secrets[0].versions[0]: missing field `keyArn`");

    // An unknown variant: the position of the string.
    let stage = find_after(&text, state, "\"state\": \"Stopped\"") + "\"state\": ".len();
    let damaged = text.replacen("\"state\": \"Stopped\"", "\"state\": \"Flying\"", 1);
    let (line, column, message) = json_error(&damaged);
    assert_eq!((line, column), position(&damaged, stage));
    assert!(
        message.ends_with(": unknown variant `Flying`, expected one of `Pending`, `Running`, `Stopping`, `Stopped`, `ShuttingDown`, `Terminated`"),
        "{message}"
    );
    assert!(message.starts_with("state.instances["), "{message}");

    // A policy that no longer parses: the position of its text.
    let trust = find_after(&text, state, "\"trustPolicy\": {");
    let policy_text = find_after(&text, trust, "\"text\": ") + "\"text\": ".len();
    let policy_end = find_after(&text, policy_text, ",\n");
    let damaged = format!(
        "{}\"{{not a policy\"{}",
        &text[..policy_text],
        &text[policy_end..]
    );
    let (line, column, message) = json_error(&damaged);
    assert_eq!((line, column), position(&damaged, policy_text));
    assert!(
        message.starts_with("state.roles[0].trustPolicy.text: arn:aws:iam::"),
        "{message}"
    );
}

#[test]
fn errors_in_a_hand_written_scenario_carry_their_positions() {
    let cases: &[(&str, (usize, usize), &str)] = &[
        (
            "{\n  \"formatVersion\": 1,\n  \"name\": 3\n}",
            (3, 11),
            "name: invalid type: integer `3`, expected a string",
        ),
        (
            "{\"formatVersion\": 1, \"name\": \"x\", \"account\": {\"colour\": \"red\"}}",
            (1, 47),
            "account: unknown field `colour`, expected one of `accountId`, `region`, `seed`, `clock`, `otherAccounts`, `policies`, `roles`, `instanceProfiles`, `keys`, `rotationFunctions`, `secrets`, `vpcEndpoints`, `instances`, `organization`",
        ),
        (
            "{\"formatVersion\": 1, \"name\": \"x\", \"account\": {}, \"name\": \"y\"}",
            (1, 50),
            "duplicate field `name`",
        ),
        (
            "{\"formatVersion\": 1,\n \"name\": \"x\",\n \"account\": {\"roles\": [{\"name\": \"r\"}]}}",
            (3, 24),
            "account.roles[0]: missing field `trustPolicy`",
        ),
        (
            "{\"formatVersion\": 1, \"name\": \"x\", \"account\": {\"roles\": [{\"name\": \"r\", \"trustPolicy\": {}, \"tags\": [{\"Value\": \"v\"}]}]}}",
            (1, 99),
            "account.roles[0].tags[0]: missing field `Key`",
        ),
        (
            "{\"formatVersion\": -1, \"name\": \"x\", \"account\": {}}",
            (1, 19),
            "formatVersion: invalid value: integer `-1`, expected u32",
        ),
        (
            "{\"formatVersion\": 1.0, \"name\": \"x\", \"account\": {}}",
            (1, 19),
            "formatVersion: invalid type: floating point `1.0`, expected u32",
        ),
        (
            "{\"formatVersion\": 4294967297, \"name\": \"x\", \"account\": {}}",
            (1, 19),
            "formatVersion: invalid value: integer `4294967297`, expected u32",
        ),
        (
            "{\"formatVersion\": 1, \"name\": \"x\", \"account\": {\"seed\": 18446744073709551616}}",
            (1, 55),
            "account.seed: invalid value: integer `18446744073709551616`, expected u64",
        ),
        (
            "{\"formatVersion\": 1, \"name\": \"x\", \"account\": {\"keys\": [{\"enabled\": null}]}}",
            (1, 68),
            "account.keys[0].enabled: invalid type: null, expected a boolean",
        ),
        (
            "{\"formatVersion\": 1, \"name\": \"x\", \"account\": {\"roles\": {}}}",
            (1, 56),
            "account.roles: invalid type: map, expected a sequence",
        ),
        ("[]", (1, 1), "invalid type: sequence, expected struct Scenario"),
        ("{\"formatVersion\": 1}", (1, 1), "missing field `name`"),
        ("", (1, 1), "the document is empty"),
        ("{\"formatVersion\": 1,}", (1, 21), "unexpected character `}`, expected a string key"),
    ];
    for (text, expected_position, expected_message) in cases {
        let (line, column, message) = json_error(text);
        assert_eq!(
            (&(line, column), message.as_str()),
            (expected_position, *expected_message),
            "{text}"
        );
    }
    // The format version is checked once the file reads.
    let error = Scenario::from_json(r#"{"formatVersion": 2, "name": "x", "account": {}}"#).unwrap_err();
    assert_eq!(error, ScenarioError::Version { found: 2 });
    // Policy documents written as JSON objects keep their members' order.
    let scenario = Scenario::from_json(
        r#"{"formatVersion": 1, "name": "x", "account": {"roles": [{"name": "r", "trustPolicy": {"Version": "2012-10-17", "Statement": []}}]}}"#,
    )
    .unwrap();
    assert_eq!(
        scenario.account.roles[0].trust_policy.text(),
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}"
    );
}

#[test]
fn damaged_files_are_errors_not_panics() {
    let text = run("cross-account").export_state().to_json();
    // Every cut of the file.
    for end in (0..text.len())
        .step_by(89)
        .filter(|end| text.is_char_boundary(*end))
    {
        assert!(Scenario::from_json(&text[..end]).is_err(), "cut at {end}");
    }
    // Deterministic damage: a character replaced by another at many places.
    let bytes: Vec<char> = text.chars().collect();
    let mut seed = 7_u64;
    for _ in 0..400 {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let at = usize::try_from(seed >> 33).unwrap() % bytes.len();
        for replacement in ['"', '0', '-', '{', ']', 'x', ' ', '1', 'é'] {
            let mut damaged = bytes.clone();
            damaged[at] = replacement;
            let damaged: String = damaged.into_iter().collect();
            let _ = Scenario::from_json(&damaged);
        }
    }
    // Hostile nesting.
    assert!(Scenario::from_json(&"[".repeat(100_000)).is_err());
    let nested = format!(
        "{{\"formatVersion\": 1, \"name\": \"x\", \"account\": {{\"roles\": [{{\"name\": \"r\", \"trustPolicy\": {}{}}}]}}}}",
        "[".repeat(200),
        "]".repeat(200)
    );
    assert!(Scenario::from_json(&nested).is_err());
}

/// JSON the account keeps as it came (a CloudTrail record's request parameters) may nest as deep as
/// serde_json writes it; a saved run holding it reads back.
#[test]
fn deeply_nested_free_json_in_a_saved_run_reads_back() {
    let text = run("canonical").export_state().to_json();
    let mut file: Value = serde_json::from_str(&text).unwrap();
    let mut deep = Value::from("bottom");
    for _ in 0..100 {
        deep = Value::Array(vec![deep]);
    }
    file["state"]["trail"][0]["requestParameters"] = serde_json::json!({ "deep": deep });
    let edited = serde_json::to_string_pretty(&file).unwrap();
    let scenario = Scenario::from_json(&edited).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(scenario.to_json(), edited);
}
