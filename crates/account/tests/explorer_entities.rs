//! The operations the account explorer goes through: EC2 CreateTags, CreateVpcEndpoint, DeleteVpcEndpoints,
//! KMS DeleteAlias, with AWS's shapes, errors and CloudTrail records; and the god-mode edits for what has no
//! API here (playground sessions and their session policies, SCP create/rename/delete).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use account::model::OrganizationPolicyKind;
use account::{AccessQuery, Account, ApiCall, ApiError, Caller, ErrorCode, Service};
use serde_json::{json, Value};

const CART_INSTANCE: &str = "i-0c4a7e1b9d2f36a58";
const CART_ROLE: &str = "arn:aws:iam::111122223333:role/cart-service-role";
const SECRET_ARN: &str =
    "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/cart-service/credentials-Xk9fQ2";

fn admin(account: &mut Account, service: Service, operation: &str, input: Value) -> Result<Value, ApiError> {
    account.call(&Caller::administrator(), &ApiCall::new(service, operation, input))
}

fn last_event(account: &Account) -> (String, Option<String>) {
    let record = account.trail().last().unwrap();
    (record.event_name.clone(), record.error_code.clone())
}

#[test]
fn create_tags_renames_an_instance_and_is_logged() {
    let mut account = Account::builtin("canonical").unwrap();
    admin(
        &mut account,
        Service::Ec2,
        "CreateTags",
        json!({"Resources": [CART_INSTANCE], "Tags": [{"Key": "Name", "Value": "cart-app-2"}]}),
    )
    .unwrap();
    assert_eq!(account.instance(CART_INSTANCE).unwrap().name, "cart-app-2");
    assert_eq!(last_event(&account), ("CreateTags".to_owned(), None));
    let error = admin(
        &mut account,
        Service::Ec2,
        "CreateTags",
        json!({"Resources": ["i-0000000000000000f"], "Tags": [{"Key": "Name", "Value": "x"}]}),
    )
    .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInstanceIdNotFound);
    assert_eq!(
        error.message,
        "The instance ID 'i-0000000000000000f' does not exist"
    );
    admin(
        &mut account,
        Service::Ec2,
        "DeleteTags",
        json!({"Resources": [CART_INSTANCE], "Tags": [{"Key": "Name"}]}),
    )
    .unwrap();
    assert_eq!(account.instance(CART_INSTANCE).unwrap().name, "");
}

#[test]
fn vpc_endpoints_are_created_and_deleted_with_ec2_shapes() {
    let mut account = Account::builtin("canonical").unwrap();
    let before = account.vpc_endpoints().len();
    let created = admin(
        &mut account,
        Service::Ec2,
        "CreateVpcEndpoint",
        json!({"VpcEndpointType": "Interface", "VpcId": account::DEFAULT_VPC, "ServiceName": "com.amazonaws.us-east-1.secretsmanager"}),
    )
    .unwrap();
    let id = created["VpcEndpoint"]["VpcEndpointId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(id.starts_with("vpce-"), "{created}");
    assert_eq!(created["VpcEndpoint"]["PrivateDnsEnabled"], json!(true));
    assert_eq!(account.vpc_endpoints().len(), before + 1);
    assert_eq!(last_event(&account), ("CreateVpcEndpoint".to_owned(), None));

    let error = admin(
        &mut account,
        Service::Ec2,
        "CreateVpcEndpoint",
        json!({"VpcId": account::DEFAULT_VPC, "ServiceName": "com.amazonaws.us-east-1.nothing"}),
    )
    .unwrap_err();
    assert_eq!(error.code.as_str(), "InvalidServiceName");
    assert_eq!(
        error.message,
        "The Vpc Endpoint Service 'com.amazonaws.us-east-1.nothing' does not exist"
    );
    let error = admin(
        &mut account,
        Service::Ec2,
        "CreateVpcEndpoint",
        json!({"VpcId": "vpc-99999999", "ServiceName": "com.amazonaws.us-east-1.kms"}),
    )
    .unwrap_err();
    assert_eq!(error.code.as_str(), "InvalidVpcID.NotFound");

    let deleted = admin(
        &mut account,
        Service::Ec2,
        "DeleteVpcEndpoints",
        json!({"VpcEndpointIds": [id.clone()]}),
    )
    .unwrap();
    assert_eq!(deleted, json!({"Unsuccessful": []}));
    assert_eq!(account.vpc_endpoints().len(), before);
    // A second delete reports the id in Unsuccessful (EC2 answers this way, not with an error).
    let again = admin(
        &mut account,
        Service::Ec2,
        "DeleteVpcEndpoints",
        json!({"VpcEndpointIds": [id.clone()]}),
    )
    .unwrap();
    assert_eq!(
        again["Unsuccessful"][0]["Error"]["Code"],
        json!("InvalidVpcEndpoint.NotFound")
    );
    assert_eq!(again["Unsuccessful"][0]["ResourceId"], json!(id));
}

#[test]
fn delete_alias_removes_only_the_alias() {
    let mut account = Account::builtin("canonical").unwrap();
    let created = admin(&mut account, Service::Kms, "CreateKey", json!({})).unwrap();
    let key_id = created["KeyMetadata"]["KeyId"].as_str().unwrap().to_owned();
    admin(
        &mut account,
        Service::Kms,
        "CreateAlias",
        json!({"AliasName": "alias/explorer", "TargetKeyId": key_id}),
    )
    .unwrap();
    admin(
        &mut account,
        Service::Kms,
        "DeleteAlias",
        json!({"AliasName": "alias/explorer"}),
    )
    .unwrap();
    assert!(!account
        .aliases()
        .iter()
        .any(|alias| alias.name == "alias/explorer"));
    assert!(account.keys().iter().any(|key| key.id == key_id));
    assert_eq!(last_event(&account), ("DeleteAlias".to_owned(), None));
    let error = admin(
        &mut account,
        Service::Kms,
        "DeleteAlias",
        json!({"AliasName": "alias/explorer"}),
    )
    .unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFoundException);
    assert_eq!(
        error.message,
        "Alias arn:aws:kms:us-east-1:111122223333:alias/explorer is not found."
    );
}

#[test]
fn a_playground_session_policy_limits_the_session_and_can_be_edited() {
    let mut account = Account::builtin("canonical").unwrap();
    let allow_all =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
    let key = account
        .add_session(CART_ROLE, "explorer", Some(allow_all))
        .unwrap();
    let session = account.sessions().last().unwrap().clone();
    assert_eq!(session.access_key_id.as_str(), key);
    assert_eq!(account.session_policy_text(&key), Some(allow_all));
    let query = AccessQuery::new(&session.arn(), "secretsmanager:GetSecretValue", SECRET_ARN);
    assert!(account.evaluate_access(&query).unwrap().allowed());

    let deny_reads = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:DescribeSecret","Resource":"*"}]}"#;
    account.set_session_policy(&key, Some(deny_reads)).unwrap();
    assert!(
        !account.evaluate_access(&query).unwrap().allowed(),
        "the session policy no longer allows the read"
    );
    // A malformed policy changes nothing.
    assert!(account.set_session_policy(&key, Some("{")).is_err());
    assert_eq!(account.session_policy_text(&key), Some(deny_reads));

    assert!(
        account.add_session(CART_ROLE, "x", None).is_err(),
        "session names are 2 to 64 characters"
    );
    assert!(account
        .add_session("arn:aws:iam::111122223333:role/none", "name", None)
        .is_err());
    account.delete_session(&key).unwrap();
    assert!(account
        .sessions()
        .iter()
        .all(|session| session.access_key_id.as_str() != key));
    assert!(account.delete_session(&key).is_err());
}

#[test]
fn scps_are_created_renamed_and_deleted_by_aws_rules() {
    let mut account = Account::builtin("scp-guardrail").unwrap();
    let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
    let id = account
        .add_organization_policy("explorer-scp", OrganizationPolicyKind::ServiceControl, text)
        .unwrap();
    assert!(id.starts_with("p-") && id.len() == 10, "{id}");
    let duplicate = account
        .add_organization_policy("explorer-scp", OrganizationPolicyKind::ServiceControl, text)
        .unwrap_err();
    assert!(
        duplicate.to_string().starts_with("DuplicatePolicyException"),
        "{duplicate}"
    );
    account.rename_organization_policy(&id, "renamed-scp").unwrap();
    let organization = account.organization().unwrap();
    let policy = organization
        .policies
        .iter()
        .find(|policy| policy.id == id)
        .unwrap();
    assert_eq!(policy.name, "renamed-scp");
    assert_eq!(policy.document.source.id, "renamed-scp");

    // An attached policy must be detached first; FullAWSAccess is AWS managed.
    let attached = organization
        .policies
        .iter()
        .find(|policy| !policy.targets.is_empty() && !policy.name.contains("FullAWSAccess"))
        .unwrap()
        .id
        .clone();
    let full = organization
        .policies
        .iter()
        .find(|policy| policy.name == "FullAWSAccess")
        .unwrap()
        .id
        .clone();
    let in_use = account.delete_organization_policy(&attached).unwrap_err();
    assert!(
        in_use
            .to_string()
            .starts_with("PolicyInUseException: The policy is attached"),
        "{in_use}"
    );
    assert!(account.rename_organization_policy(&full, "mine").is_err());
    assert!(account.delete_organization_policy(&full).is_err());
    account.delete_organization_policy(&id).unwrap();
    assert!(account
        .organization()
        .unwrap()
        .policies
        .iter()
        .all(|policy| policy.id != id));
}
