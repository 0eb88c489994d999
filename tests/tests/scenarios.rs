//! The scenario corpus: each built-in scenario's script, run twice (byte-identical), compared with its snapshot
//! transcript and CloudTrail export, and the broken variants checked for AWS's exact error texts.
//! Regenerate the snapshots after an intended change with `UPDATE_EXPECT=1 cargo test -p tests --test scenarios`.

use expect_test::expect_file;
use tests::scenarios::{run_builtin, steps};

#[test]
fn every_builtin_scenario_matches_its_snapshots_and_is_deterministic() {
    for name in account::BUILTIN_NAMES {
        let first = run_builtin(name).unwrap();
        let second = run_builtin(name).unwrap();
        assert_eq!(first, second, "`{name}` is not deterministic");
        expect_file![format!("../scenarios/{name}.transcript.jsonl")].assert_eq(&first.transcript);
        expect_file![format!("../scenarios/{name}.trail.json")].assert_eq(&first.trail);
    }
}

/// The last command of a scenario's script, which demonstrates its story.
fn last_step(name: &str) -> serde_json::Value {
    let run = run_builtin(name).unwrap();
    steps(&run)
        .pop()
        .unwrap_or_else(|| panic!("`{name}` ran no command"))
}

#[test]
fn the_canonical_application_reads_its_secret() {
    let step = last_step("canonical");
    assert_eq!(step["exitCode"], 0, "{step}");
    let response: serde_json::Value = serde_json::from_str(step["stdout"].as_str().unwrap()).unwrap();
    assert_eq!(response["Name"], "prod/cart-service/credentials");
    assert_eq!(response["VersionStages"], serde_json::json!(["AWSCURRENT"]));
}

#[test]
fn broken_variants_fail_with_aws_texts() {
    let session = "arn:aws:sts::111122223333:assumed-role/cart-service-role/i-0c4a7e1b9d2f36a58";
    let kms = last_step("kms-key-policy");
    assert_eq!(kms["exitCode"], 254);
    assert_eq!(
        kms["stderr"],
        "\nAn error occurred (AccessDeniedException) when calling the GetSecretValue operation: Access to KMS is not allowed\n"
    );
    let deny = last_step("explicit-deny");
    assert_eq!(deny["exitCode"], 254);
    assert_eq!(
        deny["stderr"],
        format!(
            "\nAn error occurred (AccessDeniedException) when calling the GetSecretValue operation: User: {session} is not authorized to perform: secretsmanager:GetSecretValue on resource: prod/cart-service/credentials with an explicit deny in a resource-based policy\n"
        )
    );
    let suffix = last_step("missing-suffix-wildcard");
    assert_eq!(
        suffix["stderr"],
        format!(
            "\nAn error occurred (AccessDeniedException) when calling the GetSecretValue operation: User: {session} is not authorized to perform: secretsmanager:GetSecretValue on resource: prod/cart-service/credentials because no identity-based policy allows the secretsmanager:GetSecretValue action\n"
        )
    );
    let trust = run_builtin("no-trust").unwrap();
    assert!(
        trust.transcript.contains("AssumeRoleUnauthorizedAccess"),
        "{}",
        trust.transcript
    );
    let imds = run_builtin("imdsv2-required").unwrap();
    assert!(
        steps(&imds)[0]["stdout"].as_str().unwrap().contains("401"),
        "{}",
        imds.transcript
    );
}
