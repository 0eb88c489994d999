//! Saved state: a world exported with its state (`Account::export_state`) imports to exactly the same world —
//! audit trail, STS sessions, clock and id generator included — and exporting that again is byte-identical.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use account::terminal::run_script;
use account::{Account, Scenario};

/// A built-in scenario's script followed by an AssumeRole with a session policy, a secret read and a clock
/// advance.
fn run(name: &str) -> Account {
    let mut account = Account::builtin(name).unwrap();
    let script = account.script().unwrap_or_default().to_owned();
    let extra = "as admin\naws sts assume-role --role-arn arn:aws:iam::111122223333:role/Administrator --role-session-name saved --policy '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"secretsmanager:*\",\"Resource\":\"*\"}]}'\naws secretsmanager get-secret-value --secret-id prod/cart-service/credentials\nadvance 2h\naws secretsmanager describe-secret --secret-id prod/cart-service/credentials\n";
    let run = run_script(&mut account, &format!("{script}\n{extra}"));
    assert!(run.error.is_none(), "{:?}", run.error);
    account
}

fn round_trip(account: &Account) -> (String, Account) {
    let text = account.export_state().to_json();
    let scenario = Scenario::from_json(&text).unwrap();
    (text, Account::from_scenario(&scenario).unwrap())
}

#[test]
fn export_import_export_is_byte_identical_and_restores_the_world() {
    for name in ["canonical", "rotation", "cross-account", "scp-guardrail"] {
        let account = run(name);
        assert!(
            !account.sessions().is_empty(),
            "{name}: the AssumeRole made a session"
        );
        assert!(account.trail().len() > 3, "{name}");
        let (first, imported) = round_trip(&account);
        let (second, _) = round_trip(&imported);
        assert_eq!(first, second, "{name}: export → import → export differs");
        assert_eq!(imported.trail(), account.trail(), "{name}: trail");
        assert_eq!(imported.sessions(), account.sessions(), "{name}: sessions");
        assert_eq!(imported.now(), account.now(), "{name}: clock");
        assert_eq!(imported.secrets(), account.secrets(), "{name}: secrets");
        assert_eq!(imported.instances(), account.instances(), "{name}: instances");
        assert_eq!(imported.keys(), account.keys(), "{name}: keys");
        assert_eq!(imported.roles(), account.roles(), "{name}: roles");
        assert_eq!(
            imported.organization(),
            account.organization(),
            "{name}: organization"
        );
        // The id generator continues where it stopped: the next calls give the same ids and records.
        let (mut before, mut after) = (account.clone(), imported.clone());
        let more = "aws secretsmanager create-secret --name later --secret-string x\naws sts assume-role --role-arn arn:aws:iam::111122223333:role/Administrator --role-session-name later\n";
        run_script(&mut before, more);
        run_script(&mut after, more);
        assert_eq!(after.trail(), before.trail(), "{name}: the runs continue alike");
        assert_eq!(after.sessions(), before.sessions(), "{name}");
    }
}

#[test]
fn scenarios_without_state_load_as_before() {
    let account = Account::builtin("canonical").unwrap();
    let plain = account.export_scenario();
    assert!(plain.state.is_none());
    assert!(!plain.to_json().contains("\"state\""));
    let imported = Account::from_scenario(&Scenario::from_json(&plain.to_json()).unwrap()).unwrap();
    assert_eq!(imported.export_scenario().to_json(), plain.to_json());
}

#[test]
fn a_damaged_state_is_an_error_not_a_panic() {
    let account = run("canonical");
    let text = account.export_state().to_json();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value["state"]["roles"][0]["trustPolicy"]["text"] = serde_json::json!("{not a policy");
    assert!(Scenario::from_json(&value.to_string()).is_err());
    value["state"] = serde_json::json!({"start": 1});
    assert!(Scenario::from_json(&value.to_string()).is_err());
}

#[test]
fn an_account_edited_after_export_is_refused_while_the_state_is_there() {
    let account = run("canonical");
    let mut value: serde_json::Value = serde_json::from_str(&account.export_state().to_json()).unwrap();
    value["account"]["secrets"][0]["description"] = serde_json::json!("edited by hand");
    let scenario = Scenario::from_json(&value.to_string()).unwrap();
    let error = Account::from_scenario(&scenario).unwrap_err().to_string();
    assert!(
        error.starts_with("state: the file's `account` was changed"),
        "{error}"
    );
    // Without its state, the edited account loads as a new scenario.
    value.as_object_mut().unwrap().remove("state");
    let edited = Account::from_scenario(&Scenario::from_json(&value.to_string()).unwrap()).unwrap();
    assert_eq!(edited.secrets()[0].description.as_deref(), Some("edited by hand"));
}
