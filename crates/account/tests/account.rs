//! Integration tests of the simulated account: the canonical story and each broken variant with AWS's exact
//! error text, the main error cases of the operations, CloudTrail records (snapshots), determinism, scenario
//! import/export, the clock.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use account::imds::ImdsRequest;
use account::{Account, ApiCall, ApiError, Caller, Credentials, ErrorCode, NetworkOrigin, Service};
use expect_test::expect;
use serde_json::{json, Value};

const CART_INSTANCE: &str = "i-0c4a7e1b9d2f36a58";
const SECRET: &str = "prod/cart-service/credentials";
const SECRET_ARN: &str =
    "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/cart-service/credentials-Xk9fQ2";

fn world(name: &str) -> Account {
    Account::builtin(name).unwrap_or_else(|| panic!("built-in scenario {name} imports"))
}

fn call(service: Service, operation: &str, input: Value) -> ApiCall {
    ApiCall {
        service,
        operation: operation.to_owned(),
        input,
        region: None,
    }
}

fn admin() -> Caller {
    Caller {
        credentials: Credentials::Administrator,
        network: NetworkOrigin::default(),
    }
}

fn as_role(arn: &str) -> Caller {
    Caller {
        credentials: Credentials::AsPrincipal(arn.to_owned()),
        network: NetworkOrigin::default(),
    }
}

fn sm(account: &mut Account, caller: &Caller, operation: &str, input: Value) -> Result<Value, ApiError> {
    account.call(caller, &call(Service::SecretsManager, operation, input))
}

/// Fetches role credentials on the instance the way the SDK does (IMDSv2) and returns a caller using them.
fn instance_caller(account: &mut Account, instance: &str) -> Caller {
    let token = account.imds(instance, &ImdsRequest::token(21600));
    assert_eq!(token.status, 200, "token: {}", token.body);
    let role = account.imds(
        instance,
        &ImdsRequest::get("/latest/meta-data/iam/security-credentials/").with_token(&token.body),
    );
    assert_eq!(role.status, 200, "role name: {}", role.body);
    let document = account.imds(
        instance,
        &ImdsRequest::get(&format!(
            "/latest/meta-data/iam/security-credentials/{}",
            role.body
        ))
        .with_token(&token.body),
    );
    let credentials: Value = serde_json::from_str(&document.body).expect("credentials JSON");
    assert_eq!(credentials["Code"], "Success", "{}", document.body);
    let key = credentials["AccessKeyId"]
        .as_str()
        .expect("access key")
        .to_owned();
    let network = account
        .network_for_instance(instance, Service::SecretsManager)
        .expect("instance exists");
    Caller {
        credentials: Credentials::AccessKey(key),
        network,
    }
}

fn denied(result: Result<Value, ApiError>) -> ApiError {
    match result {
        Ok(value) => panic!("expected an error, got {value}"),
        Err(error) => error,
    }
}

#[test]
fn canonical_app_reads_its_secret_through_the_instance_role() {
    let mut account = world("canonical");
    let caller = instance_caller(&mut account, CART_INSTANCE);
    let identity = account
        .call(&caller, &call(Service::Sts, "GetCallerIdentity", json!({})))
        .expect("identity");
    assert_eq!(
        identity["Arn"],
        format!("arn:aws:sts::111122223333:assumed-role/cart-service-role/{CART_INSTANCE}")
    );
    let value = sm(
        &mut account,
        &caller,
        "GetSecretValue",
        json!({"SecretId": SECRET}),
    )
    .expect("allowed");
    assert_eq!(value["ARN"], SECRET_ARN);
    assert_eq!(value["VersionStages"], json!(["AWSCURRENT"]));
    assert!(value["SecretString"].as_str().unwrap().contains("cart_app"));
    // One record for the call, one KMS Decrypt Secrets Manager made on the caller's behalf.
    let trail = account.trail();
    let names: Vec<&str> = trail.iter().map(|record| record.event_name.as_str()).collect();
    assert_eq!(names, ["GetCallerIdentity", "GetSecretValue", "Decrypt"]);
    let record = trail[1].to_json();
    assert!(
        !record.to_string().contains("cart_app"),
        "no secret values in CloudTrail"
    );
    expect![[r#"
        {
          "eventVersion": "1.11",
          "userIdentity": {
            "type": "AssumedRole",
            "principalId": "AROAQPX3XDEFY2NIPXMIH:i-0c4a7e1b9d2f36a58",
            "arn": "arn:aws:sts::111122223333:assumed-role/cart-service-role/i-0c4a7e1b9d2f36a58",
            "accountId": "111122223333",
            "accessKeyId": "ASIAFTU65V5YIMNB3LEM",
            "sessionContext": {
              "sessionIssuer": {
                "type": "Role",
                "principalId": "AROAQPX3XDEFY2NIPXMIH",
                "arn": "arn:aws:iam::111122223333:role/cart-service-role",
                "accountId": "111122223333",
                "userName": "cart-service-role"
              },
              "webIdFederationData": {},
              "attributes": {
                "creationDate": "2026-01-15T09:00:00Z",
                "mfaAuthenticated": "false"
              },
              "ec2RoleDelivery": "2.0"
            }
          },
          "eventTime": "2026-01-15T09:00:00Z",
          "eventSource": "secretsmanager.amazonaws.com",
          "eventName": "GetSecretValue",
          "awsRegion": "us-east-1",
          "sourceIPAddress": "203.0.113.10",
          "userAgent": "aws-cli/2.22.35 md/awscrt#0.23.4 ua/2.0 os/linux#6.1.119-129.201.amzn2023.x86_64 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#amzn.2023 md/prompt#off",
          "requestParameters": {
            "secretId": "prod/cart-service/credentials"
          },
          "responseElements": null,
          "requestID": "78def293-091e-4666-82a5-d666077d27ce",
          "eventID": "eaa311b7-f05f-4409-ab3b-f5b7773ca277",
          "readOnly": true,
          "eventType": "AwsApiCall",
          "managementEvent": true,
          "recipientAccountId": "111122223333",
          "eventCategory": "Management",
          "tlsDetails": {
            "tlsVersion": "TLSv1.3",
            "cipherSuite": "TLS_AES_128_GCM_SHA256",
            "clientProvidedHostHeader": "secretsmanager.us-east-1.amazonaws.com"
          }
        }"#]]
    .assert_eq(&serde_json::to_string_pretty(&record).unwrap());
}

#[test]
fn the_kms_decrypt_record_is_made_by_secrets_manager_for_the_caller() {
    let mut account = world("canonical");
    let caller = instance_caller(&mut account, CART_INSTANCE);
    sm(
        &mut account,
        &caller,
        "GetSecretValue",
        json!({"SecretId": SECRET}),
    )
    .expect("allowed");
    let decrypt = account.trail().last().unwrap().to_json();
    assert_eq!(
        decrypt["userIdentity"]["invokedBy"],
        "secretsmanager.amazonaws.com"
    );
    assert_eq!(decrypt["sourceIPAddress"], "secretsmanager.amazonaws.com");
    assert_eq!(
        decrypt["requestParameters"]["encryptionContext"]["SecretARN"],
        SECRET_ARN
    );
    assert_eq!(decrypt["resources"][0]["type"], "AWS::KMS::Key");
    assert_eq!(decrypt["readOnly"], true);
}

#[test]
fn no_trust_makes_imds_report_assume_role_unauthorized_access() {
    let mut account = world("no-trust");
    let token = account.imds(CART_INSTANCE, &ImdsRequest::token(60)).body;
    let response = account.imds(
        CART_INSTANCE,
        &ImdsRequest::get("/latest/meta-data/iam/security-credentials/cart-service-role").with_token(&token),
    );
    assert_eq!(response.status, 200);
    let document: Value = serde_json::from_str(&response.body).unwrap();
    assert_eq!(document["Code"], "AssumeRoleUnauthorizedAccess");
    assert_eq!(
        document["Message"],
        "EC2 cannot assume the role cart-service-role.  Please see documentation at http://docs.amazonwebservices.com/IAM/latest/UserGuide/RolesTroubleshooting.html."
    );
    assert!(account.sessions().is_empty());
}

#[test]
fn no_instance_profile_means_no_iam_tree() {
    let mut account = world("no-instance-profile");
    let token = account.imds(CART_INSTANCE, &ImdsRequest::token(60)).body;
    for path in [
        "/latest/meta-data/iam/security-credentials/",
        "/latest/meta-data/iam/info",
    ] {
        let response = account.imds(CART_INSTANCE, &ImdsRequest::get(path).with_token(&token));
        assert_eq!(
            (response.status, response.body.as_str()),
            (404, "404 - Not Found"),
            "{path}"
        );
    }
    let listing = account.imds(
        CART_INSTANCE,
        &ImdsRequest::get("/latest/meta-data/").with_token(&token),
    );
    assert!(!listing.body.contains("iam/"));
}

#[test]
fn missing_suffix_wildcard_is_an_implicit_deny_in_the_identity_policy() {
    let mut account = world("missing-suffix-wildcard");
    let caller = instance_caller(&mut account, CART_INSTANCE);
    let error = denied(sm(
        &mut account,
        &caller,
        "GetSecretValue",
        json!({"SecretId": SECRET}),
    ));
    assert_eq!(error.code, ErrorCode::AccessDeniedException);
    assert_eq!(
        error.message,
        "User: arn:aws:sts::111122223333:assumed-role/cart-service-role/i-0c4a7e1b9d2f36a58 is not authorized to perform: secretsmanager:GetSecretValue on resource: prod/cart-service/credentials because no identity-based policy allows the secretsmanager:GetSecretValue action"
    );
    // The UI can explain the denial: the request as decided and the evaluator's explanation.
    let why = account.last_denial().expect("the call was denied");
    assert_eq!(why.request.action, "secretsmanager:GetSecretValue");
    assert_eq!(why.request.resource, SECRET_ARN);
    assert!(why.request.context.get("ec2:SourceInstanceARN").is_some());
    assert_eq!(
        why.explanation
            .as_ref()
            .and_then(|explanation| explanation.denial.as_ref())
            .map(|denial| denial.explicit),
        Some(false)
    );
    // The resource is echoed as given: a full ARN when called by ARN.
    let error = denied(sm(
        &mut account,
        &caller,
        "GetSecretValue",
        json!({"SecretId": SECRET_ARN}),
    ));
    assert!(
        error
            .message
            .contains(&format!("on resource: {SECRET_ARN} because")),
        "{}",
        error.message
    );
    let record = account.trail().last().unwrap().to_json();
    assert_eq!(record["errorCode"], "AccessDeniedException");
    assert_eq!(record["errorMessage"], error.message);
    // No KMS call when Secrets Manager itself denies.
    assert!(account
        .trail()
        .iter()
        .all(|record| record.event_name != "Decrypt"));
}

#[test]
fn kms_key_policy_that_ignores_the_role_denies_access_to_kms() {
    let mut account = world("kms-key-policy");
    let caller = instance_caller(&mut account, CART_INSTANCE);
    let error = denied(sm(
        &mut account,
        &caller,
        "GetSecretValue",
        json!({"SecretId": SECRET}),
    ));
    assert_eq!(
        (error.code, error.message.as_str()),
        (ErrorCode::AccessDeniedException, "Access to KMS is not allowed")
    );
    assert_eq!(
        account.last_denial().map(|why| why.request.action.as_str()),
        Some("kms:Decrypt")
    );
    let decrypt = account.trail().last().unwrap().to_json();
    assert_eq!(decrypt["eventName"], "Decrypt");
    assert_eq!(decrypt["errorCode"], "AccessDeniedException");
    assert_eq!(
        decrypt["errorMessage"],
        "User: arn:aws:sts::111122223333:assumed-role/cart-service-role/i-0c4a7e1b9d2f36a58 is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:111122223333:key/5f1b7c2e-8d4a-4e9b-a3c6-0e2d9f8b7a61 because no resource-based policy allows the kms:Decrypt action"
    );
}

#[test]
fn explicit_deny_in_the_secret_policy_wins() {
    let mut account = world("explicit-deny");
    let caller = instance_caller(&mut account, CART_INSTANCE);
    let error = denied(sm(
        &mut account,
        &caller,
        "GetSecretValue",
        json!({"SecretId": SECRET}),
    ));
    assert_eq!(
        error.message,
        "User: arn:aws:sts::111122223333:assumed-role/cart-service-role/i-0c4a7e1b9d2f36a58 is not authorized to perform: secretsmanager:GetSecretValue on resource: prod/cart-service/credentials with an explicit deny in a resource-based policy"
    );
    // DescribeSecret is not denied.
    sm(
        &mut account,
        &caller,
        "DescribeSecret",
        json!({"SecretId": SECRET}),
    )
    .expect("describe allowed");
}

#[test]
fn vpc_endpoint_condition_denies_calls_from_outside_the_endpoint() {
    let mut account = world("vpc-endpoint-only");
    let caller = instance_caller(&mut account, CART_INSTANCE);
    assert_eq!(
        caller.network.vpc_endpoint, None,
        "the endpoint is in another VPC"
    );
    let error = denied(sm(
        &mut account,
        &caller,
        "GetSecretValue",
        json!({"SecretId": SECRET}),
    ));
    assert!(
        error
            .message
            .ends_with("with an explicit deny in a resource-based policy"),
        "{}",
        error.message
    );
    // Through the endpoint the same call is allowed, and the record names the endpoint.
    let mut through = caller.clone();
    through.network.vpc_endpoint = Some("vpce-0a1b2c3d4e5f67890".to_owned());
    through.network.source_ip = "10.0.1.10".to_owned();
    sm(
        &mut account,
        &through,
        "GetSecretValue",
        json!({"SecretId": SECRET}),
    )
    .expect("allowed through the endpoint");
    let record = account
        .trail()
        .iter()
        .rev()
        .find(|record| record.event_name == "GetSecretValue")
        .unwrap()
        .to_json();
    assert_eq!(record["vpcEndpointId"], "vpce-0a1b2c3d4e5f67890");
}

#[test]
fn imdsv2_required_answers_401_to_imdsv1() {
    let mut account = world("imdsv2-required");
    let response = account.imds(
        CART_INSTANCE,
        &ImdsRequest::get("/latest/meta-data/iam/security-credentials/cart-service-role"),
    );
    assert_eq!(
        (response.status, response.body.as_str()),
        (401, "401 - Unauthorized")
    );
    let bad_token = account.imds(
        CART_INSTANCE,
        &ImdsRequest::get("/latest/meta-data/instance-id").with_token("forged"),
    );
    assert_eq!(bad_token.status, 401);
    let no_ttl = account.imds(
        CART_INSTANCE,
        &ImdsRequest {
            method: "PUT".into(),
            path: "/latest/api/token".into(),
            headers: vec![],
        },
    );
    assert_eq!(no_ttl.status, 400);
    // With HttpTokens optional, IMDSv1 works and the session records ec2RoleDelivery 1.0.
    let options = account::model::MetadataOptions {
        http_tokens: account::model::HttpTokens::Optional,
        hop_limit: 2,
        endpoint_enabled: true,
    };
    account.set_instance_metadata(CART_INSTANCE, options).unwrap();
    let v1 = account.imds(
        CART_INSTANCE,
        &ImdsRequest::get("/latest/meta-data/iam/security-credentials/cart-service-role"),
    );
    let document: Value = serde_json::from_str(&v1.body).unwrap();
    let caller = Caller {
        credentials: Credentials::AccessKey(document["AccessKeyId"].as_str().unwrap().to_owned()),
        network: NetworkOrigin::default(),
    };
    sm(
        &mut account,
        &caller,
        "GetSecretValue",
        json!({"SecretId": SECRET}),
    )
    .expect("allowed");
    let record = account
        .trail()
        .iter()
        .find(|record| record.event_name == "GetSecretValue")
        .unwrap()
        .to_json();
    assert_eq!(record["userIdentity"]["sessionContext"]["ec2RoleDelivery"], "1.0");
}

#[test]
fn cross_account_needs_the_full_arn_and_all_three_policies() {
    let mut account = world("cross-account");
    let partner = as_role("arn:aws:iam::444455556666:role/partner-reporting-role");
    let by_name = denied(sm(
        &mut account,
        &partner,
        "GetSecretValue",
        json!({"SecretId": SECRET}),
    ));
    assert_eq!(by_name.code, ErrorCode::AccessDeniedException);
    assert!(
        by_name
            .message
            .contains("on resource: prod/cart-service/credentials because no identity-based policy allows"),
        "{}",
        by_name.message
    );
    let value = sm(
        &mut account,
        &partner,
        "GetSecretValue",
        json!({"SecretId": SECRET_ARN}),
    )
    .expect("cross-account read");
    assert_eq!(value["Name"], SECRET);
    // Both accounts receive the GetSecretValue and the KMS Decrypt, tied by sharedEventID.
    let owner_view = account
        .lookup_events_json_in(Some("111122223333"), &json!({}))
        .unwrap();
    let owner_events: Vec<&str> = owner_view["Events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["EventName"].as_str().unwrap())
        .collect();
    assert_eq!(owner_events, ["Decrypt", "GetSecretValue"]);
    let partner_view = account.export_trail_of("444455556666");
    let partner_records = partner_view["Records"].as_array().unwrap();
    assert_eq!(
        partner_records.len(),
        3,
        "the denied attempt by name, the read and its Decrypt"
    );
    let shared = partner_records[1]["sharedEventID"].as_str().unwrap();
    let owner_copy: Value =
        serde_json::from_str(owner_view["Events"][1]["CloudTrailEvent"].as_str().unwrap()).unwrap();
    assert_eq!(owner_copy["sharedEventID"], shared);
    assert_eq!(owner_copy["recipientAccountId"], "111122223333");
    assert_eq!(owner_copy["userIdentity"]["accountId"], "444455556666");
    // Without the secret's resource policy, the resource account denies.
    account
        .remove_policy(&account::PolicyRef::Secret {
            secret_arn: SECRET_ARN.to_owned(),
        })
        .unwrap();
    let error = denied(sm(
        &mut account,
        &partner,
        "GetSecretValue",
        json!({"SecretId": SECRET_ARN}),
    ));
    assert!(
        error
            .message
            .ends_with("because no resource-based policy allows the secretsmanager:GetSecretValue action"),
        "{}",
        error.message
    );
}

#[test]
fn abac_tags_match_principal_and_resource_tags() {
    let mut account = world("abac-tags");
    let cart = as_role("arn:aws:iam::111122223333:role/cart-developer");
    sm(
        &mut account,
        &cart,
        "GetSecretValue",
        json!({"SecretId": "prod/cart-service/credentials"}),
    )
    .expect("own team");
    let error = denied(sm(
        &mut account,
        &cart,
        "GetSecretValue",
        json!({"SecretId": "prod/payments/api-key"}),
    ));
    assert!(
        error.message.contains("because no identity-based policy allows"),
        "{}",
        error.message
    );
}

#[test]
fn scp_guardrail_denies_even_the_administrator() {
    let mut account = world("scp-guardrail");
    sm(
        &mut account,
        &admin(),
        "DescribeSecret",
        json!({"SecretId": SECRET}),
    )
    .expect("describe");
    let error = denied(sm(
        &mut account,
        &admin(),
        "DeleteSecret",
        json!({"SecretId": SECRET}),
    ));
    assert_eq!(
        error.message,
        "User: arn:aws:sts::111122223333:assumed-role/Administrator/playground is not authorized to perform: secretsmanager:DeleteSecret on resource: prod/cart-service/credentials with an explicit deny in a service control policy"
    );
}

#[test]
fn permissions_boundary_caps_the_identity_policy() {
    let mut account = world("permissions-boundary");
    let developer = as_role("arn:aws:iam::111122223333:role/developer");
    sm(
        &mut account,
        &developer,
        "DescribeSecret",
        json!({"SecretId": SECRET}),
    )
    .expect("metadata allowed");
    let error = denied(sm(
        &mut account,
        &developer,
        "GetSecretValue",
        json!({"SecretId": SECRET}),
    ));
    assert!(
        error
            .message
            .ends_with("because no permissions boundary allows the secretsmanager:GetSecretValue action"),
        "{}",
        error.message
    );
}

#[test]
fn rotation_moves_staging_labels_and_logs_service_events() {
    let mut account = world("rotation");
    let before = sm(
        &mut account,
        &admin(),
        "GetSecretValue",
        json!({"SecretId": SECRET}),
    )
    .unwrap();
    let rotated = sm(
        &mut account,
        &admin(),
        "RotateSecret",
        json!({"SecretId": SECRET}),
    )
    .expect("rotation starts");
    let new_version = rotated["VersionId"].as_str().unwrap().to_owned();
    let after = sm(
        &mut account,
        &admin(),
        "GetSecretValue",
        json!({"SecretId": SECRET}),
    )
    .unwrap();
    assert_eq!(after["VersionId"], new_version.as_str());
    assert_eq!(after["VersionStages"], json!(["AWSPENDING", "AWSCURRENT"]));
    assert_ne!(after["SecretString"], before["SecretString"]);
    let previous = sm(
        &mut account,
        &admin(),
        "GetSecretValue",
        json!({"SecretId": SECRET, "VersionStage": "AWSPREVIOUS"}),
    )
    .unwrap();
    assert_eq!(previous["VersionId"], before["VersionId"]);
    let events: Vec<&str> = account
        .trail()
        .iter()
        .map(|record| record.event_name.as_str())
        .collect();
    let started = events
        .iter()
        .position(|name| *name == "RotationStarted")
        .expect("started");
    let succeeded = events
        .iter()
        .position(|name| *name == "RotationSucceeded")
        .expect("succeeded");
    assert!(started < succeeded);
    assert!(events[started..succeeded].contains(&"UpdateSecretVersionStage"));
    // A failing setSecret leaves AWSPENDING on the new version and blocks the next rotation.
    let function = account.rotation_functions()[0].arn();
    account
        .set_rotation_failure(&function, Some(account::model::RotationStep::SetSecret))
        .unwrap();
    sm(
        &mut account,
        &admin(),
        "RotateSecret",
        json!({"SecretId": SECRET}),
    )
    .expect("starts");
    let failed = account
        .trail()
        .iter()
        .rev()
        .find(|record| record.event_name == "RotationFailed")
        .expect("failed");
    assert_eq!(
        failed.error_message.as_deref(),
        Some("Error when executing lambda arn:aws:lambda:us-east-1:111122223333:function:SecretsManagercart-rotation during setSecret step")
    );
    let error = denied(sm(
        &mut account,
        &admin(),
        "RotateSecret",
        json!({"SecretId": SECRET}),
    ));
    assert_eq!(
        (error.code, error.message.as_str()),
        (
            ErrorCode::InvalidRequestException,
            "A previous rotation isn't complete. That rotation will be reattempted."
        )
    );
}

#[test]
fn scheduled_rotation_and_deletion_windows_run_when_time_advances() {
    let mut account = world("rotation");
    let events = account.advance(31 * 86_400);
    assert!(
        events
            .iter()
            .any(|event| matches!(event, account::LifecycleEvent::Rotation { error: None, .. })),
        "{events:?}"
    );
    let deleted = sm(
        &mut account,
        &admin(),
        "DeleteSecret",
        json!({"SecretId": SECRET, "RecoveryWindowInDays": 7}),
    )
    .unwrap();
    assert!(deleted["DeletionDate"].is_number());
    let error = denied(sm(
        &mut account,
        &admin(),
        "GetSecretValue",
        json!({"SecretId": SECRET}),
    ));
    assert_eq!(
        error.message,
        "You can't perform this operation on the secret because it was marked for deletion."
    );
    account.advance(7 * 86_400);
    let error = denied(sm(
        &mut account,
        &admin(),
        "DescribeSecret",
        json!({"SecretId": SECRET}),
    ));
    assert_eq!(
        (error.code, error.message.as_str()),
        (
            ErrorCode::ResourceNotFoundException,
            "Secrets Manager can't find the specified secret."
        )
    );
    assert!(account
        .trail()
        .iter()
        .any(|record| record.event_name == "EndSecretVersionDelete"));
}

#[test]
fn restore_cancels_the_deletion() {
    let mut account = world("canonical");
    sm(
        &mut account,
        &admin(),
        "DeleteSecret",
        json!({"SecretId": SECRET}),
    )
    .unwrap();
    let again = denied(sm(
        &mut account,
        &admin(),
        "DeleteSecret",
        json!({"SecretId": SECRET}),
    ));
    assert_eq!(
        again.message,
        "You tried to perform the operation on a secret that's currently marked deleted."
    );
    let listed = sm(&mut account, &admin(), "ListSecrets", json!({})).unwrap();
    assert_eq!(listed["SecretList"], json!([]));
    sm(
        &mut account,
        &admin(),
        "RestoreSecret",
        json!({"SecretId": SECRET}),
    )
    .unwrap();
    assert!(account
        .trail()
        .iter()
        .any(|record| record.event_name == "CancelSecretVersionDelete"));
    sm(
        &mut account,
        &admin(),
        "GetSecretValue",
        json!({"SecretId": SECRET}),
    )
    .expect("readable again");
}

#[test]
fn expired_credentials_are_refused_per_service() {
    let mut account = world("canonical");
    let caller = instance_caller(&mut account, CART_INSTANCE);
    let events = account.advance(7 * 3600);
    assert!(events
        .iter()
        .any(|event| matches!(event, account::LifecycleEvent::CredentialsExpired { .. })));
    let error = denied(sm(
        &mut account,
        &caller,
        "GetSecretValue",
        json!({"SecretId": SECRET}),
    ));
    assert_eq!(
        (error.code, error.message.as_str()),
        (
            ErrorCode::ExpiredTokenException,
            "The security token included in the request is expired"
        )
    );
    let error = denied(account.call(&caller, &call(Service::Sts, "GetCallerIdentity", json!({}))));
    assert_eq!(error.code, ErrorCode::ExpiredToken);
}

#[test]
fn secrets_manager_error_cases() {
    let mut account = world("canonical");
    let admin = admin();
    let cases: Vec<(&str, Value, ErrorCode, &str)> = vec![
        ("GetSecretValue", json!({"SecretId": "nope"}), ErrorCode::ResourceNotFoundException, "Secrets Manager can't find the specified secret."),
        ("CreateSecret", json!({"Name": SECRET, "SecretString": "x"}), ErrorCode::ResourceExistsException, "The operation failed because the secret prod/cart-service/credentials already exists."),
        ("CreateSecret", json!({"Name": "bad name!?"}), ErrorCode::ValidationException, "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!"),
        ("PutSecretValue", json!({"SecretId": SECRET}), ErrorCode::InvalidRequestException, "You must provide either SecretString or SecretBinary."),
        ("GetSecretValue", json!({"SecretId": SECRET, "VersionId": "00000000-0000-4000-8000-000000000000"}), ErrorCode::ResourceNotFoundException, "Secrets Manager can't find the specified secret value for VersionId: 00000000-0000-4000-8000-000000000000"),
        ("GetSecretValue", json!({"SecretId": SECRET, "VersionStage": "AWSPREVIOUS"}), ErrorCode::ResourceNotFoundException, "Secrets Manager can't find the specified secret value for staging label: AWSPREVIOUS"),
        ("DeleteSecret", json!({"SecretId": SECRET, "RecoveryWindowInDays": 3}), ErrorCode::InvalidParameterException, "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive)."),
        ("DeleteSecret", json!({"SecretId": SECRET, "RecoveryWindowInDays": 7, "ForceDeleteWithoutRecovery": true}), ErrorCode::InvalidParameterException, "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays."),
        ("RotateSecret", json!({"SecretId": SECRET}), ErrorCode::InvalidRequestException, "No Lambda rotation function ARN is associated with this secret."),
        ("PutResourcePolicy", json!({"SecretId": SECRET, "ResourcePolicy": "{not json"}), ErrorCode::MalformedPolicyDocumentException, "This resource policy contains a syntax error."),
        ("GetSecretValue", json!({}), ErrorCode::ValidationException, "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null"),
    ];
    for (operation, input, code, message) in cases {
        let error = denied(sm(&mut account, &admin, operation, input.clone()));
        assert_eq!(
            (error.code, error.message.as_str()),
            (code, message),
            "{operation} {input}"
        );
    }
    // A secret created without a value has no AWSCURRENT version.
    sm(&mut account, &admin, "CreateSecret", json!({"Name": "empty"})).unwrap();
    let error = denied(sm(
        &mut account,
        &admin,
        "GetSecretValue",
        json!({"SecretId": "empty"}),
    ));
    assert_eq!(
        error.message,
        "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT"
    );
}

#[test]
fn put_secret_value_moves_labels_and_is_idempotent_by_token() {
    let mut account = world("canonical");
    let admin = admin();
    let first = sm(
        &mut account,
        &admin,
        "GetSecretValue",
        json!({"SecretId": SECRET}),
    )
    .unwrap()["VersionId"]
        .clone();
    let token = "11111111-2222-4333-8444-555555555555";
    let put = sm(
        &mut account,
        &admin,
        "PutSecretValue",
        json!({"SecretId": SECRET, "SecretString": "v2", "ClientRequestToken": token}),
    )
    .unwrap();
    assert_eq!(put["VersionStages"], json!(["AWSCURRENT"]));
    let again = sm(
        &mut account,
        &admin,
        "PutSecretValue",
        json!({"SecretId": SECRET, "SecretString": "v2", "ClientRequestToken": token}),
    )
    .unwrap();
    assert_eq!(again["VersionId"], token);
    let clash = denied(sm(
        &mut account,
        &admin,
        "PutSecretValue",
        json!({"SecretId": SECRET, "SecretString": "v3", "ClientRequestToken": token}),
    ));
    assert_eq!(clash.message, format!("You can't use ClientRequestToken {token} because that value is already in use for a version of secret {SECRET_ARN}."));
    let described = sm(
        &mut account,
        &admin,
        "DescribeSecret",
        json!({"SecretId": SECRET}),
    )
    .unwrap();
    assert_eq!(
        described["VersionIdsToStages"][first.as_str().unwrap()],
        json!(["AWSPREVIOUS"])
    );
    assert_eq!(described["KmsKeyId"], "alias/cart-service");
    // Moving AWSCURRENT back needs RemoveFromVersionId.
    let error = denied(sm(
        &mut account,
        &admin,
        "UpdateSecretVersionStage",
        json!({"SecretId": SECRET, "VersionStage": "AWSCURRENT", "MoveToVersionId": first}),
    ));
    assert_eq!(error.message, format!("The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently attached to version {token}, so you must explicitly reference that version in RemoveFromVersionId."));
    sm(&mut account, &admin, "UpdateSecretVersionStage", json!({"SecretId": SECRET, "VersionStage": "AWSCURRENT", "MoveToVersionId": first, "RemoveFromVersionId": token})).unwrap();
    let current = sm(
        &mut account,
        &admin,
        "GetSecretValue",
        json!({"SecretId": SECRET}),
    )
    .unwrap();
    assert_eq!(current["VersionId"], first);
    let error = denied(sm(
        &mut account,
        &admin,
        "UpdateSecretVersionStage",
        json!({"SecretId": SECRET, "VersionStage": "AWSCURRENT", "RemoveFromVersionId": first}),
    ));
    assert_eq!(error.message, "You can only move staging label AWSCURRENT to a different secret version. It can’t be completely removed.");
}

#[test]
fn block_public_policy_rejects_broad_access() {
    let mut account = world("canonical");
    let public = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}).to_string();
    let error = denied(sm(
        &mut account,
        &admin(),
        "PutResourcePolicy",
        json!({"SecretId": SECRET, "ResourcePolicy": public, "BlockPublicPolicy": true}),
    ));
    assert_eq!(error.code, ErrorCode::PublicPolicyException);
    let validation = sm(
        &mut account,
        &admin(),
        "ValidateResourcePolicy",
        json!({"ResourcePolicy": public}),
    )
    .unwrap();
    assert_eq!(validation["PolicyValidationPassed"], false);
    sm(
        &mut account,
        &admin(),
        "PutResourcePolicy",
        json!({"SecretId": SECRET, "ResourcePolicy": public}),
    )
    .expect("allowed without the block");
    let policy = sm(
        &mut account,
        &admin(),
        "GetResourcePolicy",
        json!({"SecretId": SECRET}),
    )
    .unwrap();
    assert_eq!(policy["ResourcePolicy"], public);
}

#[test]
fn iam_sts_and_ec2_operations() {
    let mut account = world("empty");
    let admin = admin();
    let trust = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}).to_string();
    let iam = |account: &mut Account, operation: &str, input: Value| {
        account.call(&admin, &call(Service::Iam, operation, input))
    };
    let created = iam(
        &mut account,
        "CreateRole",
        json!({"RoleName": "app", "AssumeRolePolicyDocument": trust}),
    )
    .unwrap();
    assert!(created["Role"]["RoleId"].as_str().unwrap().starts_with("AROA"));
    let exists = denied(iam(
        &mut account,
        "CreateRole",
        json!({"RoleName": "app", "AssumeRolePolicyDocument": trust}),
    ));
    assert_eq!(
        (exists.code, exists.message.as_str()),
        (
            ErrorCode::EntityAlreadyExists,
            "Role with name app already exists."
        )
    );
    let missing = denied(iam(&mut account, "GetRole", json!({"RoleName": "ghost"})));
    assert_eq!(
        (missing.code, missing.message.as_str()),
        (
            ErrorCode::NoSuchEntity,
            "The role with name ghost cannot be found."
        )
    );
    let malformed = denied(iam(
        &mut account,
        "PutRolePolicy",
        json!({"RoleName": "app", "PolicyName": "p", "PolicyDocument": "{"}),
    ));
    assert_eq!(malformed.code, ErrorCode::MalformedPolicyDocument);
    iam(
        &mut account,
        "CreateInstanceProfile",
        json!({"InstanceProfileName": "app-profile"}),
    )
    .unwrap();
    iam(
        &mut account,
        "AddRoleToInstanceProfile",
        json!({"InstanceProfileName": "app-profile", "RoleName": "app"}),
    )
    .unwrap();
    let full = denied(iam(
        &mut account,
        "AddRoleToInstanceProfile",
        json!({"InstanceProfileName": "app-profile", "RoleName": "app"}),
    ));
    assert_eq!(full.code, ErrorCode::LimitExceeded);
    let ec2 = |account: &mut Account, operation: &str, input: Value| {
        account.call(&admin, &call(Service::Ec2, operation, input))
    };
    let unknown = denied(ec2(
        &mut account,
        "RunInstances",
        json!({"ImageId": "ami-1", "IamInstanceProfile": {"Name": "nope"}}),
    ));
    assert_eq!(
        unknown.message,
        "Value (nope) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name"
    );
    let run = ec2(
        &mut account,
        "RunInstances",
        json!({"ImageId": "ami-1", "IamInstanceProfile": {"Name": "app-profile"}}),
    )
    .unwrap();
    let instance = run["Instances"][0]["InstanceId"].as_str().unwrap().to_owned();
    let caller = instance_caller(&mut account, &instance);
    let identity = account
        .call(&caller, &call(Service::Sts, "GetCallerIdentity", json!({})))
        .unwrap();
    assert_eq!(
        identity["Arn"],
        format!("arn:aws:sts::111122223333:assumed-role/app/{instance}")
    );
    // The app role has no permissions: EC2 answers UnauthorizedOperation with an encoded message.
    let error = denied(account.call(&caller, &call(Service::Ec2, "DescribeInstances", json!({}))));
    assert_eq!(error.code, ErrorCode::UnauthorizedOperation);
    assert!(error.message.starts_with(&format!("You are not authorized to perform this operation. User: arn:aws:sts::111122223333:assumed-role/app/{instance} is not authorized to perform: ec2:DescribeInstances because no identity-based policy allows the ec2:DescribeInstances action. Encoded authorization failure message: ")), "{}", error.message);
    let stopped = ec2(&mut account, "StopInstances", json!({"InstanceIds": [instance]})).unwrap();
    assert_eq!(stopped["StoppingInstances"][0]["CurrentState"]["Name"], "stopped");
    assert_eq!(account.imds(&instance, &ImdsRequest::token(60)).status, 503);
    let missing = denied(ec2(&mut account, "RunInstances", json!({})));
    assert_eq!(
        (missing.code, missing.message.as_str()),
        (
            ErrorCode::MissingParameter,
            "The request must contain the parameter ImageId"
        )
    );
    let missing = denied(iam(&mut account, "GetRole", json!({})));
    assert_eq!(missing.code, ErrorCode::ValidationError);
    let gone = denied(ec2(
        &mut account,
        "DescribeInstances",
        json!({"InstanceIds": ["i-0000000000000000"]}),
    ));
    assert_eq!(gone.code, ErrorCode::InvalidInstanceIdNotFound);
    // AssumeRole checks the trust policy: the Administrator is not trusted by an EC2 role.
    let error = denied(account.call(
        &admin,
        &call(
            Service::Sts,
            "AssumeRole",
            json!({"RoleArn": "arn:aws:iam::111122223333:role/app", "RoleSessionName": "me"}),
        ),
    ));
    assert_eq!(error.message, "User: arn:aws:sts::111122223333:assumed-role/Administrator/playground is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/app because no role trust policy allows the sts:AssumeRole action");
    let assumed = account
        .call(
            &admin,
            &call(
                Service::Sts,
                "AssumeRole",
                json!({"RoleArn": "arn:aws:iam::111122223333:role/Administrator", "RoleSessionName": "me"}),
            ),
        )
        .unwrap();
    assert!(assumed["Credentials"]["AccessKeyId"]
        .as_str()
        .unwrap()
        .starts_with("ASIA"));
    let record = account.trail().last().unwrap().to_json();
    assert!(!record
        .to_string()
        .contains(assumed["Credentials"]["SecretAccessKey"].as_str().unwrap()));
}

#[test]
fn kms_operations_and_disabled_keys() {
    let mut account = world("canonical");
    let admin = admin();
    let key_arn = "arn:aws:kms:us-east-1:111122223333:key/5f1b7c2e-8d4a-4e9b-a3c6-0e2d9f8b7a61";
    account
        .call(
            &admin,
            &call(Service::Kms, "DisableKey", json!({"KeyId": "alias/cart-service"})),
        )
        .unwrap();
    let error = denied(sm(
        &mut account,
        &admin,
        "GetSecretValue",
        json!({"SecretId": SECRET}),
    ));
    assert_eq!(error.code, ErrorCode::DecryptionFailure);
    assert!(error.message.starts_with(&format!("Secrets Manager can't decrypt the secret value: {key_arn} is disabled. (Service: AWSKMS; Status Code: 400; Error Code: DisabledException; Request ID: ")), "{}", error.message);
    account
        .call(
            &admin,
            &call(Service::Kms, "EnableKey", json!({"KeyId": key_arn})),
        )
        .unwrap();
    let encrypted = account
        .call(
            &admin,
            &call(
                Service::Kms,
                "Encrypt",
                json!({"KeyId": "alias/cart-service", "Plaintext": "aGk="}),
            ),
        )
        .unwrap();
    let decrypted = account
        .call(
            &admin,
            &call(
                Service::Kms,
                "Decrypt",
                json!({"CiphertextBlob": encrypted["CiphertextBlob"]}),
            ),
        )
        .unwrap();
    assert_eq!(decrypted["Plaintext"], "aGk=");
    let missing = denied(account.call(
        &admin,
        &call(Service::Kms, "DescribeKey", json!({"KeyId": "alias/none"})),
    ));
    assert_eq!(missing.code, ErrorCode::NotFoundException);
    let scheduled = account
        .call(
            &admin,
            &call(
                Service::Kms,
                "ScheduleKeyDeletion",
                json!({"KeyId": key_arn, "PendingWindowInDays": 7}),
            ),
        )
        .unwrap();
    assert_eq!(scheduled["KeyState"], "PendingDeletion");
    let events = account.advance(7 * 86_400);
    assert!(events
        .iter()
        .any(|event| matches!(event, account::LifecycleEvent::KeyDeleted { .. })));
}

#[test]
fn same_scenario_and_calls_give_a_byte_identical_trail() {
    let run = || {
        let mut account = world("canonical");
        let caller = instance_caller(&mut account, CART_INSTANCE);
        sm(
            &mut account,
            &caller,
            "GetSecretValue",
            json!({"SecretId": SECRET}),
        )
        .unwrap();
        sm(
            &mut account,
            &admin(),
            "PutSecretValue",
            json!({"SecretId": SECRET, "SecretString": "{}"}),
        )
        .unwrap();
        let _ = sm(&mut account, &caller, "DeleteSecret", json!({"SecretId": SECRET}));
        account.advance(3600);
        serde_json::to_string(&account.export_trail()).unwrap()
    };
    let first = run();
    assert_eq!(first, run());
    assert!(first.len() > 1000);
}

#[test]
fn every_builtin_imports_and_exports_round_trip() {
    for name in account::BUILTIN_NAMES {
        let scenario = account::builtin(name).unwrap_or_else(|| panic!("{name} parses"));
        assert!(!scenario.description.is_empty(), "{name} has a description");
        let world = Account::from_scenario(&scenario).unwrap_or_else(|error| panic!("{name}: {error}"));
        let exported = world.export_scenario().to_json();
        let reimported = Account::from_scenario(&account::Scenario::from_json(&exported).unwrap())
            .unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(
            reimported.export_scenario().to_json(),
            exported,
            "{name} round-trips"
        );
    }
    let large = world("large");
    assert!(large.roles().len() >= 20 && large.secrets().len() >= 100);
    let empty = world("empty");
    assert_eq!(empty.roles().len(), 1);
    assert!(empty.secrets().is_empty());
}

#[test]
fn bad_scenarios_are_reported_with_positions() {
    let error = account::Scenario::from_json("{\n  \"formatVersion\": 1,\n  \"name\": 3\n}").unwrap_err();
    assert!(
        matches!(error, account::ScenarioError::Json { line: 3, .. }),
        "{error}"
    );
    let error =
        account::Scenario::from_json(r#"{"formatVersion": 2, "name": "x", "account": {}}"#).unwrap_err();
    assert_eq!(
        error.to_string(),
        "unsupported formatVersion 2: this playground reads version 1"
    );
    let text = r#"{"formatVersion": 1, "name": "x", "account": {"roles": [{"name": "r", "trustPolicy": "{\"Statement\": ["}]}}"#;
    let error = Account::from_scenario(&account::Scenario::from_json(text).unwrap()).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("account.roles[0].trustPolicy: line 1, column "),
        "{error}"
    );
    let text = r#"{"formatVersion": 1, "name": "x", "account": {"roles": [{"name": "r", "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}], "rotationFunctions": [{"name": "f", "executionRole": "r"}], "secrets": [{"name": "s", "value": "v", "rotation": {"function": "f", "automaticallyAfterDays": 0}}]}}"#;
    let error = Account::from_scenario(&account::Scenario::from_json(text).unwrap()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "account.secrets[0].rotation.automaticallyAfterDays: must be between 1 and 1000"
    );
    let unknown =
        account::Scenario::from_json(r#"{"formatVersion": 1, "name": "x", "account": {"colour": "red"}}"#)
            .unwrap_err();
    assert!(
        unknown.to_string().contains("unknown field `colour`"),
        "{unknown}"
    );
    for garbage in ["", "[]", "null", "{\"formatVersion\": 1}", "\u{0}"] {
        assert!(account::Scenario::from_json(garbage).is_err());
    }
}

#[test]
fn access_matrix_and_evaluate_access_change_nothing() {
    let account = world("canonical");
    let before = account.trail().len();
    let matrix = account.access_matrix(&NetworkOrigin::default());
    let role = matrix
        .principals
        .iter()
        .position(|arn| arn.ends_with("role/cart-service-role"))
        .unwrap();
    let get = matrix
        .actions
        .iter()
        .position(|action| action == "secretsmanager:GetSecretValue")
        .unwrap();
    let put = matrix
        .actions
        .iter()
        .position(|action| action == "secretsmanager:PutSecretValue")
        .unwrap();
    let decrypt = matrix
        .actions
        .iter()
        .position(|action| action == "kms:Decrypt")
        .unwrap();
    assert_eq!(matrix.get(role, 0, get), Some(policy::Decision::Allowed));
    assert_eq!(matrix.get(role, 0, put), Some(policy::Decision::ImplicitDeny));
    assert_eq!(matrix.get(role, 0, decrypt), Some(policy::Decision::Allowed));
    assert_eq!(matrix.get(99, 0, 0), None);
    let answer = account
        .evaluate_access(&account::AccessQuery::new(
            "arn:aws:iam::111122223333:role/cart-service-role",
            "secretsmanager:DeleteSecret",
            SECRET_ARN,
        ))
        .unwrap();
    assert_eq!(answer.decision, policy::Decision::ImplicitDeny);
    assert!(answer
        .message
        .unwrap()
        .contains("because no identity-based policy allows the secretsmanager:DeleteSecret action"));
    assert_eq!(account.trail().len(), before);
}

#[test]
fn lookup_events_filters() {
    let mut account = world("canonical");
    let caller = instance_caller(&mut account, CART_INSTANCE);
    sm(
        &mut account,
        &caller,
        "GetSecretValue",
        json!({"SecretId": SECRET}),
    )
    .unwrap();
    account.advance(3600);
    sm(
        &mut account,
        &admin(),
        "DescribeSecret",
        json!({"SecretId": SECRET}),
    )
    .unwrap();
    let by_name = account
        .lookup_events_json(
            &json!({"LookupAttributes": [{"AttributeKey": "EventName", "AttributeValue": "GetSecretValue"}]}),
        )
        .unwrap();
    assert_eq!(by_name["Events"].as_array().unwrap().len(), 1);
    let by_user = account
        .lookup_events_json(
            &json!({"LookupAttributes": [{"AttributeKey": "Username", "AttributeValue": CART_INSTANCE}]}),
        )
        .unwrap();
    assert_eq!(
        by_user["Events"].as_array().unwrap().len(),
        2,
        "GetSecretValue and its KMS Decrypt"
    );
    let by_resource = account
        .lookup_events_json(
            &json!({"LookupAttributes": [{"AttributeKey": "ResourceName", "AttributeValue": SECRET}]}),
        )
        .unwrap();
    assert_eq!(by_resource["Events"].as_array().unwrap().len(), 2);
    let later = account
        .lookup_events_json(&json!({"StartTime": "2026-01-15T09:30:00Z"}))
        .unwrap();
    assert_eq!(later["Events"][0]["EventName"], "DescribeSecret");
    assert_eq!(later["Events"].as_array().unwrap().len(), 1);
    let read_only = account
        .lookup_events_json(
            &json!({"LookupAttributes": [{"AttributeKey": "ReadOnly", "AttributeValue": "false"}]}),
        )
        .unwrap();
    assert_eq!(read_only["Events"], json!([]));
    assert!(account
        .lookup_events_json(&json!({"LookupAttributes": [{"AttributeKey": "Bogus", "AttributeValue": "x"}]}))
        .is_err());
    assert_eq!(
        account.export_trail()["Records"].as_array().unwrap().len(),
        account.trail().len()
    );
}

#[test]
fn batch_get_reports_per_secret_errors_and_logs_each_read() {
    let mut account = world("abac-tags");
    let cart = as_role("arn:aws:iam::111122223333:role/cart-developer");
    let error = denied(sm(
        &mut account,
        &cart,
        "BatchGetSecretValue",
        json!({"SecretIdList": ["a"], "Filters": []}),
    ));
    assert_eq!(
        error.message,
        "Either 'SecretIdList' or 'Filters' must be provided, but not both."
    );
    // The ABAC policy does not allow BatchGetSecretValue itself.
    let error = denied(sm(
        &mut account,
        &cart,
        "BatchGetSecretValue",
        json!({"SecretIdList": ["prod/cart-service/credentials"]}),
    ));
    assert!(
        error
            .message
            .contains("secretsmanager:BatchGetSecretValue because no identity-based policy allows"),
        "{}",
        error.message
    );
    let admin = admin();
    let batch = sm(
        &mut account,
        &admin,
        "BatchGetSecretValue",
        json!({"SecretIdList": ["prod/cart-service/credentials", "missing"]}),
    )
    .unwrap();
    assert_eq!(batch["SecretValues"].as_array().unwrap().len(), 1);
    assert_eq!(
        batch["Errors"][0],
        json!({"SecretId": "missing", "ErrorCode": "ResourceNotFoundException", "Message": "Secrets Manager can't find the specified secret."})
    );
    let names: Vec<&str> = account
        .trail()
        .iter()
        .rev()
        .take(4)
        .map(|record| record.event_name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "GetSecretValue",
            "Decrypt",
            "GetSecretValue",
            "BatchGetSecretValue"
        ]
    );
}

#[test]
fn list_secrets_filters_sorts_and_pages() {
    let mut account = world("large");
    let admin = admin();
    let page = sm(&mut account, &admin, "ListSecrets", json!({"MaxResults": 10})).unwrap();
    assert_eq!(page["SecretList"].as_array().unwrap().len(), 10);
    let token = page["NextToken"].as_str().unwrap().to_owned();
    let next = sm(
        &mut account,
        &admin,
        "ListSecrets",
        json!({"MaxResults": 10, "NextToken": token}),
    )
    .unwrap();
    assert_ne!(next["SecretList"][0]["Name"], page["SecretList"][0]["Name"]);
    let payments = sm(
        &mut account,
        &admin,
        "ListSecrets",
        json!({"Filters": [{"Key": "tag-value", "Values": ["payments"]}]}),
    )
    .unwrap();
    assert_eq!(payments["SecretList"].as_array().unwrap().len(), 24);
    let not_cart = sm(
        &mut account,
        &admin,
        "ListSecrets",
        json!({"Filters": [{"Key": "name", "Values": ["!prod/cart"]}], "MaxResults": 100}),
    )
    .unwrap();
    assert!(not_cart["SecretList"]
        .as_array()
        .unwrap()
        .iter()
        .all(|entry| !entry["Name"].as_str().unwrap().starts_with("prod/cart")));
    let by_name = sm(
        &mut account,
        &admin,
        "ListSecrets",
        json!({"SortBy": "name", "SortOrder": "desc", "MaxResults": 1}),
    )
    .unwrap();
    assert_eq!(by_name["SecretList"][0]["Name"], "prod/search/secret-117");
    let error = denied(sm(
        &mut account,
        &admin,
        "ListSecrets",
        json!({"Filters": [{"Key": "colour", "Values": ["x"]}]}),
    ));
    assert_eq!(error.code, ErrorCode::ValidationException);
    let error = denied(sm(
        &mut account,
        &admin,
        "ListSecrets",
        json!({"NextToken": "garbage"}),
    ));
    assert_eq!(error.code, ErrorCode::InvalidNextTokenException);
}

#[test]
fn replication_tags_update_and_random_passwords() {
    let mut account = world("canonical");
    let admin = admin();
    let replicated = sm(
        &mut account,
        &admin,
        "ReplicateSecretToRegions",
        json!({"SecretId": SECRET, "AddReplicaRegions": [{"Region": "eu-west-1"}]}),
    )
    .unwrap();
    assert_eq!(replicated["ReplicationStatus"][0]["Status"], "InSync");
    let replica_arn = SECRET_ARN.replace("us-east-1", "eu-west-1");
    let replica = account
        .call(
            &admin,
            &ApiCall {
                region: Some("eu-west-1".into()),
                ..call(
                    Service::SecretsManager,
                    "DescribeSecret",
                    json!({"SecretId": replica_arn}),
                )
            },
        )
        .unwrap();
    assert_eq!(replica["PrimaryRegion"], "us-east-1");
    let error = denied(sm(
        &mut account,
        &admin,
        "DeleteSecret",
        json!({"SecretId": SECRET}),
    ));
    assert_eq!(
        error.message,
        "You can't delete secret prod/cart-service/credentials that still has replica regions [eu-west-1]"
    );
    sm(
        &mut account,
        &admin,
        "RemoveRegionsFromReplication",
        json!({"SecretId": SECRET, "RemoveReplicaRegions": ["eu-west-1"]}),
    )
    .unwrap();
    sm(
        &mut account,
        &admin,
        "TagResource",
        json!({"SecretId": SECRET, "Tags": [{"Key": "owner", "Value": "cart"}]}),
    )
    .unwrap();
    sm(
        &mut account,
        &admin,
        "UntagResource",
        json!({"SecretId": SECRET, "TagKeys": ["environment", "absent"]}),
    )
    .unwrap();
    let described = sm(
        &mut account,
        &admin,
        "DescribeSecret",
        json!({"SecretId": SECRET}),
    )
    .unwrap();
    assert_eq!(
        described["Tags"],
        json!([{"Key": "team", "Value": "cart"}, {"Key": "owner", "Value": "cart"}])
    );
    let updated = sm(
        &mut account,
        &admin,
        "UpdateSecret",
        json!({"SecretId": SECRET, "Description": "new"}),
    )
    .unwrap();
    assert!(updated.get("VersionId").is_none(), "no version without a value");
    let updated = sm(
        &mut account,
        &admin,
        "UpdateSecret",
        json!({"SecretId": SECRET, "SecretString": "v2"}),
    )
    .unwrap();
    assert!(updated["VersionId"].is_string());
    let first = sm(
        &mut account,
        &admin,
        "GetRandomPassword",
        json!({"PasswordLength": 20, "ExcludePunctuation": true}),
    )
    .unwrap();
    let password = first["RandomPassword"].as_str().unwrap();
    assert_eq!(password.chars().count(), 20);
    assert!(password
        .chars()
        .all(|character| character.is_ascii_alphanumeric()));
    assert!(password.chars().any(|character| character.is_ascii_digit()));
    let record = account.trail().last().unwrap().to_json();
    assert!(
        !record.to_string().contains(password),
        "no password in CloudTrail"
    );
    let error = denied(sm(
        &mut account,
        &admin,
        "GetRandomPassword",
        json!({"PasswordLength": 0}),
    ));
    assert_eq!(error.code, ErrorCode::InvalidParameterException);
}

#[test]
fn cancel_rotate_secret_turns_rotation_off() {
    let mut account = world("rotation");
    let admin = admin();
    let function = account.rotation_functions()[0].arn();
    account
        .set_rotation_failure(&function, Some(account::model::RotationStep::TestSecret))
        .unwrap();
    sm(&mut account, &admin, "RotateSecret", json!({"SecretId": SECRET})).unwrap();
    let cancelled = sm(
        &mut account,
        &admin,
        "CancelRotateSecret",
        json!({"SecretId": SECRET}),
    )
    .unwrap();
    assert!(cancelled["VersionId"].is_string());
    let described = sm(
        &mut account,
        &admin,
        "DescribeSecret",
        json!({"SecretId": SECRET}),
    )
    .unwrap();
    assert_eq!(described["RotationEnabled"], false);
    assert!(described.get("NextRotationDate").is_none());
}

#[test]
fn session_policies_and_managed_policy_versions() {
    let mut account = world("canonical");
    let admin = admin();
    let session_policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:DescribeSecret", "Resource": "*"}]}).to_string();
    let assumed = account
        .call(&admin, &call(Service::Sts, "AssumeRole", json!({"RoleArn": "arn:aws:iam::111122223333:role/Administrator", "RoleSessionName": "narrow", "Policy": session_policy})))
        .unwrap();
    let narrow = Caller {
        credentials: Credentials::AccessKey(
            assumed["Credentials"]["AccessKeyId"].as_str().unwrap().to_owned(),
        ),
        network: NetworkOrigin::default(),
    };
    sm(
        &mut account,
        &narrow,
        "DescribeSecret",
        json!({"SecretId": SECRET}),
    )
    .unwrap();
    let error = denied(sm(
        &mut account,
        &narrow,
        "GetSecretValue",
        json!({"SecretId": SECRET}),
    ));
    assert!(
        error
            .message
            .ends_with("because no session policy allows the secretsmanager:GetSecretValue action"),
        "{}",
        error.message
    );
    let iam = |account: &mut Account, operation: &str, input: Value| {
        account.call(&admin, &call(Service::Iam, operation, input))
    };
    let document = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}).to_string();
    let created = iam(
        &mut account,
        "CreatePolicy",
        json!({"PolicyName": "p", "PolicyDocument": document}),
    )
    .unwrap();
    let arn = created["Policy"]["Arn"].as_str().unwrap().to_owned();
    for _ in 0..4 {
        iam(
            &mut account,
            "CreatePolicyVersion",
            json!({"PolicyArn": arn, "PolicyDocument": document, "SetAsDefault": true}),
        )
        .unwrap();
    }
    let error = denied(iam(
        &mut account,
        "CreatePolicyVersion",
        json!({"PolicyArn": arn, "PolicyDocument": document}),
    ));
    assert_eq!(error.message, "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.");
    assert_eq!(account.managed_policy(&arn).unwrap().default_version, "v5");
    iam(
        &mut account,
        "SetDefaultPolicyVersion",
        json!({"PolicyArn": arn, "VersionId": "v2"}),
    )
    .unwrap();
    iam(
        &mut account,
        "DeletePolicyVersion",
        json!({"PolicyArn": arn, "VersionId": "v5"}),
    )
    .unwrap();
    let version = iam(
        &mut account,
        "GetPolicyVersion",
        json!({"PolicyArn": arn, "VersionId": "v2"}),
    )
    .unwrap();
    assert_eq!(version["PolicyVersion"]["IsDefaultVersion"], true);
    let conflict = denied(iam(
        &mut account,
        "DeletePolicyVersion",
        json!({"PolicyArn": arn, "VersionId": "v2"}),
    ));
    assert_eq!(conflict.code, ErrorCode::DeleteConflict);
    iam(
        &mut account,
        "AttachRolePolicy",
        json!({"RoleName": "cart-service-role", "PolicyArn": arn}),
    )
    .unwrap();
    let attached = iam(
        &mut account,
        "ListAttachedRolePolicies",
        json!({"RoleName": "cart-service-role"}),
    )
    .unwrap();
    assert_eq!(attached["AttachedPolicies"][0]["PolicyName"], "p");
    let inline = iam(
        &mut account,
        "ListRolePolicies",
        json!({"RoleName": "cart-service-role"}),
    )
    .unwrap();
    assert_eq!(inline["PolicyNames"], json!(["read-cart-credentials"]));
    let conflict = denied(iam(&mut account, "DeletePolicy", json!({"PolicyArn": arn})));
    assert_eq!(conflict.message, "Cannot delete a policy attached to entities.");
    let conflict = denied(iam(
        &mut account,
        "DeleteRole",
        json!({"RoleName": "cart-service-role"}),
    ));
    assert_eq!(
        conflict.message,
        "Cannot delete entity, must detach all policies first."
    );
    let aliases = account
        .call(&admin, &call(Service::Kms, "ListAliases", json!({})))
        .unwrap();
    assert!(aliases["Aliases"]
        .as_array()
        .unwrap()
        .iter()
        .any(|alias| alias["AliasName"] == "alias/cart-service"));
}

#[test]
fn god_mode_edits_change_state_without_audit() {
    let mut account = world("empty");
    let role = account.create_role("app", r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#).unwrap();
    let bad = account.set_policy_text(
        &account::PolicyRef::Inline {
            role_arn: role.clone(),
            name: "p".into(),
        },
        "{\"Statement\": [",
    );
    assert!(matches!(bad, Err(account::EditError::Parse(_))));
    assert!(
        account.role_by_arn(&role).unwrap().inline_policies.is_empty(),
        "a parse error changes nothing"
    );
    account
        .set_policy_text(&account::PolicyRef::Inline { role_arn: role.clone(), name: "p".into() }, r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}"#)
        .unwrap();
    let secret = account.add_secret("demo", Some("hello")).unwrap();
    account.add_instance_profile("app-profile", Some("app")).unwrap();
    let instance = account
        .add_instance(
            "demo-app",
            Some("app-profile"),
            account::model::MetadataOptions::default(),
        )
        .unwrap();
    assert!(account.trail().is_empty(), "god-mode edits are not audited");
    let caller = instance_caller(&mut account, &instance);
    let value = sm(
        &mut account,
        &caller,
        "GetSecretValue",
        json!({"SecretId": secret}),
    )
    .unwrap();
    assert_eq!(value["SecretString"], "hello");
    let renamed = account.rename_role(&role, "app2").unwrap();
    assert_eq!(account.instance_profiles()[0].roles, ["app2"]);
    account.delete_role(&renamed).unwrap();
    assert!(account.instance_profiles()[0].roles.is_empty());
    assert!(matches!(
        account.add_secret("demo", None),
        Err(account::EditError::AlreadyExists { .. })
    ));
}

#[test]
fn large_access_matrix_covers_every_cell() {
    let account = world("large");
    let matrix = account.access_matrix(&NetworkOrigin::default());
    assert_eq!(
        matrix.cells.len(),
        matrix.principals.len() * matrix.secrets.len() * matrix.actions.len()
    );
    let allowed = matrix
        .cells
        .iter()
        .filter(|decision| **decision == policy::Decision::Allowed)
        .count();
    // The administrator may do everything; each team role reads (Get + Describe) its team's 24 secrets; and
    // `aws/secretsmanager` lets every principal of the account decrypt through Secrets Manager.
    assert_eq!(allowed, 120 * 8 + 24 * 24 * 2 + 24 * 120);
}

#[test]
fn no_operation_panics_on_odd_input_and_every_call_is_audited_once() {
    let operations: [(Service, &[&str]); 5] = [
        (
            Service::SecretsManager,
            &[
                "CreateSecret",
                "GetSecretValue",
                "BatchGetSecretValue",
                "PutSecretValue",
                "UpdateSecret",
                "UpdateSecretVersionStage",
                "DescribeSecret",
                "ListSecrets",
                "ListSecretVersionIds",
                "DeleteSecret",
                "RestoreSecret",
                "RotateSecret",
                "CancelRotateSecret",
                "TagResource",
                "UntagResource",
                "PutResourcePolicy",
                "GetResourcePolicy",
                "DeleteResourcePolicy",
                "ValidateResourcePolicy",
                "ReplicateSecretToRegions",
                "RemoveRegionsFromReplication",
                "StopReplicationToReplica",
                "GetRandomPassword",
                "NoSuchOperation",
            ],
        ),
        (
            Service::Iam,
            &[
                "CreateRole",
                "GetRole",
                "DeleteRole",
                "UpdateAssumeRolePolicy",
                "PutRolePolicy",
                "DeleteRolePolicy",
                "AttachRolePolicy",
                "DetachRolePolicy",
                "CreatePolicy",
                "CreatePolicyVersion",
                "PutRolePermissionsBoundary",
                "CreateInstanceProfile",
                "AddRoleToInstanceProfile",
                "RemoveRoleFromInstanceProfile",
                "TagRole",
                "UntagRole",
                "NoSuchOperation",
            ],
        ),
        (
            Service::Ec2,
            &[
                "RunInstances",
                "DescribeInstances",
                "StartInstances",
                "StopInstances",
                "TerminateInstances",
                "AssociateIamInstanceProfile",
                "ReplaceIamInstanceProfileAssociation",
                "DisassociateIamInstanceProfile",
                "ModifyInstanceMetadataOptions",
            ],
        ),
        (Service::Sts, &["AssumeRole", "GetCallerIdentity"]),
        (
            Service::Kms,
            &[
                "CreateKey",
                "DescribeKey",
                "CreateAlias",
                "PutKeyPolicy",
                "GetKeyPolicy",
                "Encrypt",
                "Decrypt",
                "GenerateDataKey",
                "EnableKey",
                "DisableKey",
                "ScheduleKeyDeletion",
                "CancelKeyDeletion",
            ],
        ),
    ];
    let long = "x".repeat(70_000);
    let inputs = [
        Value::Null,
        json!([]),
        json!(42),
        json!({}),
        json!({"SecretId": 7, "Name": [], "RoleName": {}, "KeyId": null, "InstanceIds": "i-1", "Tags": "x", "Filters": [{"Key": 1}]}),
        json!({"SecretId": SECRET, "Name": long, "VersionStage": "", "VersionId": "", "RoleName": "cart-service-role", "PolicyDocument": "{", "ResourcePolicy": "", "KeyId": "alias/cart-service", "InstanceId": CART_INSTANCE, "CiphertextBlob": "!!", "RecoveryWindowInDays": -1, "PasswordLength": 9_999_999, "MaxResults": 0}),
        json!({"SecretId": "arn:aws:secretsmanager:us-east-1:111122223333:secret:", "AddReplicaRegions": [{"Region": "mars-1"}], "RemoveReplicaRegions": ["nowhere"], "ImageId": "ami", "MaxCount": 1000, "IamInstanceProfile": {}, "RoleArn": "arn:aws:iam::111122223333:role/none", "RoleSessionName": "a b"}),
    ];
    let mut account = world("canonical");
    let callers = [
        admin(),
        as_role("arn:aws:iam::111122223333:role/cart-service-role"),
        Caller {
            credentials: Credentials::AccessKey("ASIANOPE".into()),
            network: NetworkOrigin::default(),
        },
    ];
    for (service, names) in operations {
        for operation in names {
            for input in &inputs {
                for caller in &callers {
                    let before = account.trail().len();
                    let _ = account.call(caller, &call(service, operation, input.clone()));
                    let own_records = account.trail()[before..]
                        .iter()
                        .filter(|record| {
                            record.event_source == service.event_source() && record.event_name == *operation
                        })
                        .count();
                    assert_eq!(own_records, 1, "{operation} {input} is audited once");
                }
            }
        }
    }
    for path in [
        "",
        "/",
        "//",
        "/latest/meta-data/iam/security-credentials/../../",
        "\u{0}",
        &long,
    ] {
        for method in ["GET", "PUT", "DELETE", ""] {
            let _ = account.imds(
                CART_INSTANCE,
                &ImdsRequest {
                    method: method.into(),
                    path: path.into(),
                    headers: vec![("X-aws-ec2-metadata-token-ttl-seconds".into(), "-5".into())],
                },
            );
        }
    }
    account.advance(u64::MAX);
}

#[test]
fn rotate_without_immediately_only_tests_and_create_can_replicate() {
    let mut account = world("rotation");
    let admin = admin();
    let before = sm(
        &mut account,
        &admin,
        "GetSecretValue",
        json!({"SecretId": SECRET}),
    )
    .unwrap();
    sm(
        &mut account,
        &admin,
        "RotateSecret",
        json!({"SecretId": SECRET, "RotateImmediately": false}),
    )
    .unwrap();
    let names: Vec<&str> = account
        .trail()
        .iter()
        .map(|record| record.event_name.as_str())
        .collect();
    assert!(
        names.contains(&"TestRotationStarted") && names.contains(&"TestRotationSucceeded"),
        "{names:?}"
    );
    assert!(!names.contains(&"RotationStarted"));
    let after = sm(
        &mut account,
        &admin,
        "GetSecretValue",
        json!({"SecretId": SECRET}),
    )
    .unwrap();
    assert_eq!(after["VersionId"], before["VersionId"]);
    let created = sm(
        &mut account,
        &admin,
        "CreateSecret",
        json!({"Name": "global", "SecretString": "x", "AddReplicaRegions": [{"Region": "eu-central-1"}]}),
    )
    .unwrap();
    assert_eq!(created["ReplicationStatus"][0]["Region"], "eu-central-1");
    assert_eq!(
        account
            .secrets()
            .iter()
            .filter(|secret| secret.name == "global")
            .count(),
        2
    );
}

#[test]
fn snapshots_of_a_denied_call_and_a_service_event() {
    let mut account = world("missing-suffix-wildcard");
    let caller = instance_caller(&mut account, CART_INSTANCE);
    let _ = sm(
        &mut account,
        &caller,
        "GetSecretValue",
        json!({"SecretId": SECRET, "VersionStage": "AWSCURRENT"}),
    );
    let mut record = account.trail().last().unwrap().to_json();
    record["userIdentity"] = json!("(as in the canonical snapshot)");
    expect![[r#"
        {
          "eventVersion": "1.11",
          "userIdentity": "(as in the canonical snapshot)",
          "eventTime": "2026-01-15T09:00:00Z",
          "eventSource": "secretsmanager.amazonaws.com",
          "eventName": "GetSecretValue",
          "awsRegion": "us-east-1",
          "sourceIPAddress": "203.0.113.10",
          "userAgent": "aws-cli/2.22.35 md/awscrt#0.23.4 ua/2.0 os/linux#6.1.119-129.201.amzn2023.x86_64 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#amzn.2023 md/prompt#off",
          "errorCode": "AccessDeniedException",
          "errorMessage": "User: arn:aws:sts::111122223333:assumed-role/cart-service-role/i-0c4a7e1b9d2f36a58 is not authorized to perform: secretsmanager:GetSecretValue on resource: prod/cart-service/credentials because no identity-based policy allows the secretsmanager:GetSecretValue action",
          "requestParameters": {
            "secretId": "prod/cart-service/credentials",
            "versionStage": "AWSCURRENT"
          },
          "responseElements": null,
          "requestID": "602b7935-f1fd-42fb-b36b-812f76aee80b",
          "eventID": "5e42d3dd-9302-4eff-a8a9-a69beb72b428",
          "readOnly": true,
          "eventType": "AwsApiCall",
          "managementEvent": true,
          "recipientAccountId": "111122223333",
          "eventCategory": "Management",
          "tlsDetails": {
            "tlsVersion": "TLSv1.3",
            "cipherSuite": "TLS_AES_128_GCM_SHA256",
            "clientProvidedHostHeader": "secretsmanager.us-east-1.amazonaws.com"
          }
        }"#]].assert_eq(&serde_json::to_string_pretty(&record).unwrap());

    let mut account = world("rotation");
    let function = account.rotation_functions()[0].arn();
    account
        .set_rotation_failure(&function, Some(account::model::RotationStep::CreateSecret))
        .unwrap();
    account.advance(30 * 86_400);
    let failed = account
        .trail()
        .iter()
        .find(|record| record.event_name == "RotationFailed")
        .unwrap()
        .to_json();
    expect![[r#"
        {
          "eventVersion": "1.11",
          "userIdentity": {
            "accountId": "111122223333",
            "invokedBy": "secretsmanager.amazonaws.com"
          },
          "eventTime": "2026-02-14T00:00:00Z",
          "eventSource": "secretsmanager.amazonaws.com",
          "eventName": "RotationFailed",
          "awsRegion": "us-east-1",
          "sourceIPAddress": "secretsmanager.amazonaws.com",
          "userAgent": "secretsmanager.amazonaws.com",
          "errorMessage": "Error when executing lambda arn:aws:lambda:us-east-1:111122223333:function:SecretsManagercart-rotation during createSecret step",
          "requestParameters": null,
          "responseElements": null,
          "additionalEventData": {
            "SecretId": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/cart-service/credentials-Xk9fQ2"
          },
          "requestID": "Rotation-arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/cart-service/credentials-Xk9fQ2-e915603f-5e65-4c63-b3fb-a4923676a5a3",
          "eventID": "50470dbe-e102-4719-aba8-229e550a96f9",
          "readOnly": false,
          "eventType": "AwsServiceEvent",
          "managementEvent": true,
          "recipientAccountId": "111122223333",
          "eventCategory": "Management"
        }"#]].assert_eq(&serde_json::to_string_pretty(&failed).unwrap());
}

/// An identity policy whose size as IAM counts it (white space not counted) is exactly `size`, laid out with
/// plenty of white space so that a whole-text count would be larger.
fn identity_policy_of_size(size: usize) -> String {
    let make = |sid: &str| {
        format!(
            "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {{\n      \"Sid\": \"{sid}\",\n      \"Effect\": \"Allow\",\n      \"Action\": \"s3:ListBucket\",\n      \"Resource\": \"*\"\n    }}\n  ]\n}}\n"
        )
    };
    let base = policy::parse::PolicyKind::IdentityInline.size_of(&make("A"));
    let text = make(&"A".repeat(size + 1 - base));
    assert_eq!(policy::parse::PolicyKind::IdentityInline.size_of(&text), size);
    text
}

fn trust_policy_of_size(size: usize) -> String {
    let make = |sid: &str| {
        format!(
            "{{ \"Version\": \"2012-10-17\", \"Statement\": [ {{ \"Sid\": \"{sid}\", \"Effect\": \"Allow\", \"Principal\": {{\"Service\": \"ec2.amazonaws.com\"}}, \"Action\": \"sts:AssumeRole\" }} ] }}"
        )
    };
    let base = policy::parse::PolicyKind::Trust.size_of(&make("A"));
    let text = make(&"A".repeat(size + 1 - base));
    assert_eq!(policy::parse::PolicyKind::Trust.size_of(&text), size);
    text
}

#[test]
fn iam_size_and_count_quotas_use_aws_texts() {
    let mut account = world("empty");
    let admin = admin();
    let iam = |account: &mut Account, operation: &str, input: Value| {
        account.call(&admin, &call(Service::Iam, operation, input))
    };
    // Trust policy: 2,048 characters without white space (ACLSizePerRole).
    iam(
        &mut account,
        "CreateRole",
        json!({"RoleName": "app", "AssumeRolePolicyDocument": trust_policy_of_size(2048)}),
    )
    .unwrap();
    let trust = denied(iam(
        &mut account,
        "CreateRole",
        json!({"RoleName": "other", "AssumeRolePolicyDocument": trust_policy_of_size(2049)}),
    ));
    assert_eq!(
        (trust.code, trust.message.as_str()),
        (
            ErrorCode::LimitExceeded,
            "Cannot exceed quota for ACLSizePerRole: 2048"
        )
    );
    let update = denied(iam(
        &mut account,
        "UpdateAssumeRolePolicy",
        json!({"RoleName": "app", "PolicyDocument": trust_policy_of_size(2049)}),
    ));
    assert_eq!(update.message, "Cannot exceed quota for ACLSizePerRole: 2048");

    // Inline policies: 10,240 characters for all of a role's inline policies together.
    let too_large = "Maximum policy size of 10240 bytes exceeded for role app";
    let alone = denied(iam(
        &mut account,
        "PutRolePolicy",
        json!({"RoleName": "app", "PolicyName": "big", "PolicyDocument": identity_policy_of_size(10_241)}),
    ));
    assert_eq!(
        (alone.code, alone.message.as_str()),
        (ErrorCode::LimitExceeded, too_large)
    );
    iam(
        &mut account,
        "PutRolePolicy",
        json!({"RoleName": "app", "PolicyName": "one", "PolicyDocument": identity_policy_of_size(6_000)}),
    )
    .unwrap();
    iam(
        &mut account,
        "PutRolePolicy",
        json!({"RoleName": "app", "PolicyName": "two", "PolicyDocument": identity_policy_of_size(4_240)}),
    )
    .unwrap();
    let aggregate = denied(iam(
        &mut account,
        "PutRolePolicy",
        json!({"RoleName": "app", "PolicyName": "three", "PolicyDocument": identity_policy_of_size(200)}),
    ));
    assert_eq!(
        (aggregate.code, aggregate.message.as_str()),
        (ErrorCode::LimitExceeded, too_large)
    );
    // Replacing a policy counts its new text, not the old one as well.
    iam(
        &mut account,
        "PutRolePolicy",
        json!({"RoleName": "app", "PolicyName": "two", "PolicyDocument": identity_policy_of_size(4_240)}),
    )
    .unwrap();
    let listed = iam(&mut account, "ListRolePolicies", json!({"RoleName": "app"})).unwrap();
    assert_eq!(listed["PolicyNames"], json!(["one", "two"]));

    // Customer managed policies: 6,144 characters (PolicySize), on CreatePolicy and CreatePolicyVersion.
    let managed = denied(iam(
        &mut account,
        "CreatePolicy",
        json!({"PolicyName": "big", "PolicyDocument": identity_policy_of_size(6_145)}),
    ));
    assert_eq!(
        (managed.code, managed.message.as_str()),
        (
            ErrorCode::LimitExceeded,
            "Cannot exceed quota for PolicySize: 6144"
        )
    );
    let created = iam(
        &mut account,
        "CreatePolicy",
        json!({"PolicyName": "fits", "PolicyDocument": identity_policy_of_size(6_144)}),
    )
    .unwrap();
    let fits = created["Policy"]["Arn"].as_str().unwrap().to_owned();
    let version = denied(iam(
        &mut account,
        "CreatePolicyVersion",
        json!({"PolicyArn": fits, "PolicyDocument": identity_policy_of_size(6_145)}),
    ));
    assert_eq!(version.message, "Cannot exceed quota for PolicySize: 6144");

    // At most 10 managed policies attached to a role (PoliciesPerRole); attaching one again is a no-op.
    for index in 0..11 {
        let created = iam(
            &mut account,
            "CreatePolicy",
            json!({"PolicyName": format!("p{index}"), "PolicyDocument": identity_policy_of_size(200)}),
        )
        .unwrap();
        let arn = created["Policy"]["Arn"].as_str().unwrap().to_owned();
        let attached = iam(
            &mut account,
            "AttachRolePolicy",
            json!({"RoleName": "app", "PolicyArn": arn}),
        );
        if index < 10 {
            attached.unwrap();
            iam(
                &mut account,
                "AttachRolePolicy",
                json!({"RoleName": "app", "PolicyArn": arn}),
            )
            .unwrap();
        } else {
            let error = denied(attached);
            assert_eq!(
                (error.code, error.message.as_str()),
                (
                    ErrorCode::LimitExceeded,
                    "Cannot exceed quota for PoliciesPerRole: 10"
                )
            );
        }
    }
    let attached = iam(
        &mut account,
        "ListAttachedRolePolicies",
        json!({"RoleName": "app"}),
    )
    .unwrap();
    assert_eq!(attached["AttachedPolicies"].as_array().unwrap().len(), 10);
}

fn iso(value: &Value) -> String {
    account::Timestamp(value.as_i64().unwrap()).iso()
}

#[test]
fn cron_schedules_open_windows_and_rotation_runs_when_the_window_opens() {
    let mut account = world("rotation");
    assert_eq!(account.now().iso(), "2026-01-15T09:00:00Z");
    // AutomaticallyAfterDays: the window is the whole UTC day, NextRotationDate its last second.
    let described = sm(
        &mut account,
        &admin(),
        "DescribeSecret",
        json!({"SecretId": SECRET}),
    )
    .unwrap();
    assert_eq!(described["RotationRules"], json!({"AutomaticallyAfterDays": 30}));
    let rotated = described["LastRotatedDate"].as_i64().map(account::Timestamp);
    let base = rotated.unwrap_or(account::Timestamp(described["CreatedDate"].as_i64().unwrap()));
    let next = iso(&described["NextRotationDate"]);
    assert!(next.ends_with("T23:59:59Z"), "{next} after {base}");

    // A manual new value counts as a rotation: the next window follows it.
    account.advance(86_400);
    sm(
        &mut account,
        &admin(),
        "PutSecretValue",
        json!({"SecretId": SECRET, "SecretString": "{\"password\":\"manual\"}"}),
    )
    .unwrap();
    sm(
        &mut account,
        &admin(),
        "RotateSecret",
        json!({"SecretId": SECRET, "RotateImmediately": false,
               "RotationRules": {"ScheduleExpression": "rate(10 days)"}}),
    )
    .unwrap();
    let described = sm(
        &mut account,
        &admin(),
        "DescribeSecret",
        json!({"SecretId": SECRET}),
    )
    .unwrap();
    assert_eq!(iso(&described["NextRotationDate"]), "2026-01-26T23:59:59Z");

    // Every Monday at 06:00 with a 3-hour window, without rotating now.
    sm(
        &mut account,
        &admin(),
        "RotateSecret",
        json!({"SecretId": SECRET, "RotateImmediately": false,
               "RotationRules": {"ScheduleExpression": "cron(0 6 ? * MON *)", "Duration": "3h"}}),
    )
    .unwrap();
    let described = sm(
        &mut account,
        &admin(),
        "DescribeSecret",
        json!({"SecretId": SECRET}),
    )
    .unwrap();
    assert_eq!(
        described["RotationRules"],
        json!({"ScheduleExpression": "cron(0 6 ? * MON *)", "Duration": "3h"})
    );
    // 2026-01-15 is a Thursday: the next window is Monday 19 January, 06:00 to 09:00.
    assert_eq!(iso(&described["NextRotationDate"]), "2026-01-19T08:59:59Z");
    let events = account.advance(4 * 86_400);
    let rotations: Vec<_> = events
        .iter()
        .filter_map(|event| match event {
            account::LifecycleEvent::Rotation { at, error, .. } => Some((at.iso(), error.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(rotations, vec![("2026-01-19T06:00:00Z".to_owned(), None)]);
    let described = sm(
        &mut account,
        &admin(),
        "DescribeSecret",
        json!({"SecretId": SECRET}),
    )
    .unwrap();
    assert_eq!(iso(&described["LastRotatedDate"]), "2026-01-19T06:00:00Z");
    assert_eq!(iso(&described["NextRotationDate"]), "2026-01-26T08:59:59Z");

    // Schedules AWS refuses, as InvalidParameterException.
    for (rules, message) in [
        (
            json!({"ScheduleExpression": "cron(30 6 ? * MON *)"}),
            "Invalid ScheduleExpression: cron(30 6 ? * MON *)",
        ),
        (
            json!({"ScheduleExpression": "cron(0 */2 * * ? *)"}),
            "Invalid ScheduleExpression: cron(0 */2 * * ? *). You can rotate a secret at most every four hours.",
        ),
        (
            json!({"ScheduleExpression": "cron(0 22 * * ? *)", "Duration": "4h"}),
            "The rotation window of 4h extends into the next rotation window or the next UTC day.",
        ),
        (
            json!({"ScheduleExpression": "rate(2 days)", "Duration": "3 hours"}),
            "Invalid Duration: 3 hours. Specify a duration from 1h to 24h.",
        ),
        (
            json!({"AutomaticallyAfterDays": 7, "ScheduleExpression": "rate(7 days)"}),
            "You can set the rotation schedule with AutomaticallyAfterDays or ScheduleExpression, but not both.",
        ),
    ] {
        let error = denied(sm(
            &mut account,
            &admin(),
            "RotateSecret",
            json!({"SecretId": SECRET, "RotateImmediately": false, "RotationRules": rules}),
        ));
        assert_eq!(
            (error.code, error.message.as_str()),
            (ErrorCode::InvalidParameterException, message)
        );
    }
}

#[test]
fn a_failed_rotation_leaves_awspending_and_the_next_window_reattempts_it() {
    let mut account = world("rotation");
    let function = account.rotation_functions()[0].arn();
    account
        .set_rotation_failure(&function, Some(account::model::RotationStep::TestSecret))
        .unwrap();
    let started = sm(
        &mut account,
        &admin(),
        "RotateSecret",
        json!({"SecretId": SECRET}),
    )
    .unwrap();
    let pending = started["VersionId"].as_str().unwrap().to_owned();
    let versions = sm(
        &mut account,
        &admin(),
        "ListSecretVersionIds",
        json!({"SecretId": SECRET}),
    )
    .unwrap();
    let stages_of = |versions: &Value, id: &str| {
        versions["Versions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|version| version["VersionId"] == id)
            .map(|version| version["VersionStages"].clone())
    };
    assert_eq!(stages_of(&versions, &pending), Some(json!(["AWSPENDING"])));
    let error = denied(sm(
        &mut account,
        &admin(),
        "RotateSecret",
        json!({"SecretId": SECRET}),
    ));
    assert_eq!(
        (error.code, error.message.as_str()),
        (
            ErrorCode::InvalidRequestException,
            "A previous rotation isn't complete. That rotation will be reattempted."
        )
    );
    // Fixed function: the next scheduled window finishes the same pending version.
    account.set_rotation_failure(&function, None).unwrap();
    let events = account.advance(31 * 86_400);
    assert!(
        events
            .iter()
            .any(|event| matches!(event, account::LifecycleEvent::Rotation { error: None, .. })),
        "{events:?}"
    );
    let current = sm(
        &mut account,
        &admin(),
        "GetSecretValue",
        json!({"SecretId": SECRET}),
    )
    .unwrap();
    assert_eq!(current["VersionId"], pending.as_str());
}

#[test]
fn the_function_policy_must_let_secrets_manager_invoke_the_function() {
    let mut account = world("rotation");
    let function = account.rotation_functions()[0].arn();
    let cannot_invoke = "Secrets Manager cannot invoke the specified Lambda function. Ensure that the function policy grants access to the principal secretsmanager.amazonaws.com.";
    // A policy for another service only.
    let other_service = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Service": "events.amazonaws.com"}, "Action": "lambda:InvokeFunction", "Resource": function}]})
    .to_string();
    account
        .set_rotation_function_policy(&function, Some(&other_service))
        .unwrap();
    let before = sm(
        &mut account,
        &admin(),
        "DescribeSecret",
        json!({"SecretId": SECRET}),
    )
    .unwrap();
    let error = denied(sm(
        &mut account,
        &admin(),
        "RotateSecret",
        json!({"SecretId": SECRET, "RotationRules": {"AutomaticallyAfterDays": 7}}),
    ));
    assert_eq!(
        (error.code, error.message.as_str()),
        (ErrorCode::AccessDeniedException, cannot_invoke)
    );
    let after = sm(
        &mut account,
        &admin(),
        "DescribeSecret",
        json!({"SecretId": SECRET}),
    )
    .unwrap();
    assert_eq!(
        after["RotationRules"], before["RotationRules"],
        "settings unchanged"
    );
    // A scheduled rotation logs the same error in RotationFailed.
    let events = account.advance(31 * 86_400);
    let errors: Vec<_> = events
        .iter()
        .filter_map(|event| match event {
            account::LifecycleEvent::Rotation { error, .. } => error.clone(),
            _ => None,
        })
        .collect();
    assert_eq!(errors.first().map(String::as_str), Some(cannot_invoke));
    let failed = account
        .trail()
        .iter()
        .rev()
        .find(|record| record.event_name == "RotationFailed")
        .expect("failed");
    assert_eq!(failed.error_message.as_deref(), Some(cannot_invoke));
    // The documented policy, pinned to the secret's account: rotation works again.
    let documented = json!({"Version": "2012-10-17", "Statement": [{"Sid": "SecretsManagerAccess", "Effect": "Allow",
        "Principal": {"Service": "secretsmanager.amazonaws.com"}, "Action": "lambda:InvokeFunction", "Resource": function,
        "Condition": {"StringEquals": {"AWS:SourceAccount": "111122223333"}}}]})
    .to_string();
    account
        .set_rotation_function_policy(&function, Some(&documented))
        .unwrap();
    sm(
        &mut account,
        &admin(),
        "RotateSecret",
        json!({"SecretId": SECRET}),
    )
    .unwrap();
    assert_eq!(
        account.trail().last().map(|record| record.event_name.as_str()),
        Some("RotationSucceeded")
    );
    // The policy survives export and import.
    let exported = account.export_scenario();
    let text = exported.to_json();
    assert!(text.contains("SecretsManagerAccess"), "{text}");
    let imported = Account::from_scenario(&account::Scenario::from_json(&text).unwrap()).unwrap();
    assert_eq!(imported.rotation_functions(), account.rotation_functions());
}

fn key_ids(versions: &Value, id: &str) -> Value {
    versions["Versions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|version| version["VersionId"] == id)
        .map(|version| version["KmsKeyIds"].clone())
        .unwrap_or(Value::Null)
}

#[test]
fn update_secret_with_a_new_key_reencrypts_the_labelled_versions() {
    let mut account = world("canonical");
    let old_key = account.secrets()[0].versions[0].key_arn.clone();
    let new_key = account.add_key(Some("alias/cart-service-2026"), None).unwrap();
    let first = account.secrets()[0].versions[0].id.as_str().to_owned();
    let put = |account: &mut Account, value: &str| {
        sm(
            account,
            &admin(),
            "PutSecretValue",
            json!({"SecretId": SECRET, "SecretString": value}),
        )
        .unwrap()["VersionId"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let previous = put(&mut account, "{\"password\":\"two\"}");
    let current = put(&mut account, "{\"password\":\"three\"}");
    account.clear_trail();
    sm(
        &mut account,
        &admin(),
        "UpdateSecret",
        json!({"SecretId": SECRET, "KmsKeyId": "alias/cart-service-2026"}),
    )
    .unwrap();
    // Two labelled versions: a Decrypt under the old key and an Encrypt under the new one each.
    let kms: Vec<(String, String)> = account
        .trail()
        .iter()
        .filter(|record| record.event_source == "kms.amazonaws.com")
        .map(|record| (record.event_name.clone(), record.resources[0].arn.clone()))
        .collect();
    assert_eq!(
        kms,
        vec![
            ("Decrypt".to_owned(), old_key.clone()),
            ("Encrypt".to_owned(), new_key.clone()),
            ("Decrypt".to_owned(), old_key.clone()),
            ("Encrypt".to_owned(), new_key.clone()),
        ]
    );
    let versions = sm(
        &mut account,
        &admin(),
        "ListSecretVersionIds",
        json!({"SecretId": SECRET, "IncludeDeprecated": true}),
    )
    .unwrap();
    assert_eq!(key_ids(&versions, &current), json!([new_key, old_key]));
    assert_eq!(key_ids(&versions, &previous), json!([new_key, old_key]));
    // The unlabelled first version stays under the old key, and still decrypts with it.
    assert_eq!(key_ids(&versions, &first), json!([old_key]));
    account.clear_trail();
    sm(
        &mut account,
        &admin(),
        "GetSecretValue",
        json!({"SecretId": SECRET, "VersionId": first}),
    )
    .unwrap();
    let decrypt = account
        .trail()
        .iter()
        .find(|record| record.event_name == "Decrypt")
        .expect("decrypt");
    assert_eq!(decrypt.resources[0].arn, old_key);
    account.clear_trail();
    sm(
        &mut account,
        &admin(),
        "GetSecretValue",
        json!({"SecretId": SECRET}),
    )
    .unwrap();
    let decrypt = account
        .trail()
        .iter()
        .find(|record| record.event_name == "Decrypt")
        .expect("decrypt");
    assert_eq!(decrypt.resources[0].arn, new_key);
}

#[test]
fn without_kms_encrypt_on_the_new_key_the_versions_stay_under_the_old_key() {
    let mut account = world("canonical");
    let old_key = account.secrets()[0].versions[0].key_arn.clone();
    let current = account.secrets()[0].versions[0].id.as_str().to_owned();
    // A key whose policy lets only the administrator use it.
    let admin_only = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:role/Administrator"}, "Action": "kms:*", "Resource": "*"}]})
    .to_string();
    let new_key = account.add_key(Some("alias/locked"), Some(&admin_only)).unwrap();
    let trust = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}).to_string();
    let operator = account.create_role("secret-operator", &trust).unwrap();
    let permissions = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["secretsmanager:UpdateSecret", "secretsmanager:GetSecretValue", "secretsmanager:ListSecretVersionIds"], "Resource": "*"},
        {"Effect": "Allow", "Action": ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], "Resource": "*"}]})
    .to_string();
    account
        .set_policy_text(
            &account::PolicyRef::Inline {
                role_arn: operator.clone(),
                name: "operate".to_owned(),
            },
            &permissions,
        )
        .unwrap();
    let caller = as_role(&operator);
    account.clear_trail();
    sm(
        &mut account,
        &caller,
        "UpdateSecret",
        json!({"SecretId": SECRET, "KmsKeyId": new_key}),
    )
    .expect("the update itself succeeds");
    assert!(account.last_denial().is_none());
    let encrypt = account
        .trail()
        .iter()
        .find(|record| record.event_name == "Encrypt")
        .expect("the Encrypt attempt is logged");
    assert_eq!(encrypt.error_code.as_deref(), Some("AccessDeniedException"));
    let versions = sm(
        &mut account,
        &caller,
        "ListSecretVersionIds",
        json!({"SecretId": SECRET}),
    )
    .unwrap();
    assert_eq!(key_ids(&versions, &current), json!([old_key]));
    // The secret now names the new key, yet its value still decrypts under the old one.
    let value = sm(
        &mut account,
        &caller,
        "GetSecretValue",
        json!({"SecretId": SECRET}),
    );
    assert!(value.is_ok(), "{value:?}");
}

#[test]
fn versions_quota_keeps_young_unlabelled_versions_and_refuses_the_101st() {
    let mut account = world("canonical");
    assert_eq!(account.secrets()[0].versions.len(), 1);
    let first = account.secrets()[0].versions[0].id.as_str().to_owned();
    for index in 0..99 {
        account.advance(60);
        sm(
            &mut account,
            &admin(),
            "PutSecretValue",
            json!({"SecretId": SECRET, "SecretString": format!("value {index}")}),
        )
        .unwrap();
    }
    let quota = "You can't create more than 100 versions of a secret. Secrets Manager removes versions without staging labels only after they are 24 hours old, so update the secret value less often.";
    let error = denied(sm(
        &mut account,
        &admin(),
        "PutSecretValue",
        json!({"SecretId": SECRET, "SecretString": "one too many"}),
    ));
    assert_eq!(
        (error.code, error.message.as_str()),
        (ErrorCode::LimitExceededException, quota)
    );
    let error = denied(sm(
        &mut account,
        &admin(),
        "UpdateSecret",
        json!({"SecretId": SECRET, "SecretString": "one too many", "Description": "unchanged on failure"}),
    ));
    assert_eq!(error.message, quota);
    let described = sm(
        &mut account,
        &admin(),
        "DescribeSecret",
        json!({"SecretId": SECRET}),
    )
    .unwrap();
    assert_ne!(described["Description"], "unchanged on failure");
    // A day after the first writes, the oldest unlabelled version can go and the write succeeds.
    account.advance(86_400);
    sm(
        &mut account,
        &admin(),
        "PutSecretValue",
        json!({"SecretId": SECRET, "SecretString": "next day"}),
    )
    .unwrap();
    let versions = sm(
        &mut account,
        &admin(),
        "ListSecretVersionIds",
        json!({"SecretId": SECRET, "IncludeDeprecated": true, "MaxResults": 100}),
    )
    .unwrap();
    let ids: Vec<&str> = versions["Versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|version| version["VersionId"].as_str().unwrap())
        .collect();
    assert_eq!(account.secrets()[0].versions.len(), 100);
    assert!(
        !ids.contains(&first.as_str()),
        "the oldest unlabelled version was removed"
    );
}
