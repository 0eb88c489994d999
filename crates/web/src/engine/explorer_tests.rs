//! The explorer's add, rename and delete paths for every kind, and session policies through `PolicyRef`.

use super::*;

const CART_ROLE: &str = "arn:aws:iam::111122223333:role/cart-service-role";
const CART_INSTANCE: &str = "i-0c4a7e1b9d2f36a58";
const SECRET: &str =
    "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/cart-service/credentials-Xk9fQ2";

fn canonical() -> Account {
    load_scenario("canonical").unwrap()
}

fn items(account: &Account, kind: EntityKind) -> Vec<ExplorerItem> {
    explorer(account)
        .unwrap()
        .into_iter()
        .find(|section| section.kind == kind)
        .map(|section| section.items)
        .unwrap_or_default()
}

fn item(account: &Account, kind: EntityKind, label: &str) -> Option<ExplorerItem> {
    items(account, kind).into_iter().find(|item| item.label == label)
}

/// The event names of the records added since `from`.
fn events_since(account: &Account, from: usize) -> Vec<String> {
    account.trail()[from..]
        .iter()
        .map(|record| record.event_name.clone())
        .collect()
}

#[test]
fn every_listed_kind_can_be_added_through_its_api() {
    let mut account = canonical();
    let cases: [(EntityKind, &str, Option<&str>, &[&str]); 6] = [
        (EntityKind::Role, "explorer-role", None, &["CreateRole"]),
        (
            EntityKind::InstanceProfile,
            "explorer-profile",
            Some("explorer-role"),
            &["CreateInstanceProfile", "AddRoleToInstanceProfile"],
        ),
        (
            EntityKind::Instance,
            "explorer-app",
            Some("explorer-profile"),
            &["RunInstances"],
        ),
        (
            EntityKind::Secret,
            "explorer/secret",
            None,
            &["CreateSecret", "GenerateDataKey"],
        ),
        (
            EntityKind::Key,
            "explorer-key",
            None,
            &["CreateKey", "CreateAlias"],
        ),
        (EntityKind::VpcEndpoint, "kms", None, &["CreateVpcEndpoint"]),
    ];
    for (kind, name, parent, expected) in cases {
        let before_items = items(&account, kind).len();
        let before = account.trail().len();
        add_entity_in(&mut account, kind, name, parent).unwrap_or_else(|error| panic!("{kind:?}: {error}"));
        assert_eq!(items(&account, kind).len(), before_items + 1, "{kind:?}");
        let events = events_since(&account, before);
        assert!(
            events.iter().map(String::as_str).eq(expected.iter().copied()),
            "{kind:?}: {events:?}"
        );
    }
    let profile = item(&account, EntityKind::InstanceProfile, "explorer-profile").unwrap();
    assert_eq!(profile.detail, "role explorer-role");
    let instance = item(&account, EntityKind::Instance, "explorer-app").unwrap();
    assert!(
        instance.detail.contains("profile explorer-profile"),
        "{}",
        instance.detail
    );
    assert!(item(&account, EntityKind::Key, "alias/explorer-key").is_some());
    assert!(items(&account, EntityKind::VpcEndpoint)
        .iter()
        .any(|endpoint| endpoint.detail.starts_with("com.amazonaws.us-east-1.kms")));
    // AWS's own errors come back as the notice text.
    let error = add_entity(&mut account, EntityKind::Secret, "explorer/secret").unwrap_err();
    assert!(error.starts_with("ResourceExistsException: "), "{error}");
    let error = add_entity(&mut account, EntityKind::Role, "explorer-role").unwrap_err();
    assert!(error.starts_with("EntityAlreadyExists: "), "{error}");
    let error = add_entity(&mut account, EntityKind::VpcEndpoint, "nothing").unwrap_err();
    assert!(error.starts_with("InvalidServiceName: "), "{error}");
    assert!(add_entity(&mut account, EntityKind::Role, "  ").is_err());
}

#[test]
fn scps_and_sessions_are_added_as_labelled_model_edits() {
    let mut account = load_scenario("scp-guardrail").unwrap();
    let before = account.trail().len();
    add_entity(&mut account, EntityKind::ServiceControlPolicy, "explorer-scp").unwrap();
    assert!(item(&account, EntityKind::ServiceControlPolicy, "explorer-scp").is_some());
    assert_eq!(account.trail().len(), before, "no Organizations API: not logged");
    add_entity_in(
        &mut account,
        EntityKind::ServiceControlPolicy,
        "explorer-rcp",
        Some("rcp"),
    )
    .unwrap();
    let rcp = item(&account, EntityKind::ServiceControlPolicy, "explorer-rcp").unwrap();
    assert_eq!(rcp.policies.first().unwrap().kind, PolicyKind::ResourceControl);
    assert!(rcp.detail.ends_with("not attached"), "{}", rcp.detail);

    let mut account = canonical();
    assert!(
        add_entity(&mut account, EntityKind::Session, "explorer").is_err(),
        "a session needs its role"
    );
    add_entity_in(&mut account, EntityKind::Session, "explorer", Some(CART_ROLE)).unwrap();
    let session = item(&account, EntityKind::Session, "cart-service-role/explorer").unwrap();
    let policy = session.policies.first().unwrap().clone();
    assert_eq!(policy.kind, PolicyKind::Session);
    assert_eq!(
        policy_text(&account, &policy).as_deref(),
        Some(NEW_SESSION_POLICY)
    );
    assert!(session_principals(&account)
        .iter()
        .any(|(arn, _)| arn == "arn:aws:sts::111122223333:assumed-role/cart-service-role/explorer"));
}

#[test]
fn editing_a_session_policy_changes_the_sessions_decisions() {
    let mut account = canonical();
    add_entity_in(&mut account, EntityKind::Session, "explorer", Some(CART_ROLE)).unwrap();
    let session = item(&account, EntityKind::Session, "cart-service-role/explorer").unwrap();
    let policy = session.policies.first().unwrap().clone();
    let request = RequestDraft {
        principal: "arn:aws:sts::111122223333:assumed-role/cart-service-role/explorer".to_owned(),
        action: "secretsmanager:GetSecretValue".to_owned(),
        resource: SECRET.to_owned(),
        secure_transport: true,
        ..RequestDraft::default()
    };
    assert_eq!(
        explain_request(&account, &request).unwrap().verdict,
        Verdict::Allowed
    );
    let describe_only = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:DescribeSecret", "Resource": "*"}]}"#;
    set_policy_text(&mut account, &policy, describe_only).unwrap();
    assert_eq!(policy_text(&account, &policy).as_deref(), Some(describe_only));
    let explanation = explain_request(&account, &request).unwrap();
    assert_ne!(explanation.verdict, Verdict::Allowed, "{explanation:?}");
    assert!(set_policy_text(&mut account, &policy, "{").is_err());
    // The session and its edited policy survive a save and restore.
    let restored = import_scenario(&export_scenario(&account).unwrap()).unwrap();
    assert_eq!(policy_text(&restored, &policy).as_deref(), Some(describe_only));
}

#[test]
fn renames_follow_what_aws_allows() {
    let mut account = canonical();
    // A role: the labelled playground edit.
    rename_entity(&mut account, EntityKind::Role, CART_ROLE, "cart-role").unwrap();
    assert!(item(&account, EntityKind::Role, "cart-role").is_some());
    // An instance: its Name tag, with CreateTags.
    let before = account.trail().len();
    rename_entity(&mut account, EntityKind::Instance, CART_INSTANCE, "cart-app-2").unwrap();
    assert_eq!(events_since(&account, before), ["CreateTags"]);
    assert!(item(&account, EntityKind::Instance, "cart-app-2").is_some());
    // A key: a new alias, the old one deleted.
    add_entity(&mut account, EntityKind::Key, "old-name").unwrap();
    let key = item(&account, EntityKind::Key, "alias/old-name").unwrap();
    let before = account.trail().len();
    rename_entity(&mut account, EntityKind::Key, &key.id, "new-name").unwrap();
    assert_eq!(events_since(&account, before), ["CreateAlias", "DeleteAlias"]);
    assert!(item(&account, EntityKind::Key, "alias/new-name").is_some());
    // What AWS cannot rename says so.
    for kind in [
        EntityKind::Secret,
        EntityKind::InstanceProfile,
        EntityKind::VpcEndpoint,
        EntityKind::Session,
    ] {
        assert!(!kind.can_rename());
        let error = rename_entity(&mut account, kind, "x", "y").unwrap_err();
        assert!(
            error.starts_with("AWS cannot rename") || error.starts_with("A VPC endpoint has no name"),
            "{error}"
        );
    }
    let mut organization = load_scenario("scp-guardrail").unwrap();
    add_entity(
        &mut organization,
        EntityKind::ServiceControlPolicy,
        "explorer-scp",
    )
    .unwrap();
    let scp = item(&organization, EntityKind::ServiceControlPolicy, "explorer-scp").unwrap();
    rename_entity(
        &mut organization,
        EntityKind::ServiceControlPolicy,
        &scp.id,
        "renamed",
    )
    .unwrap();
    assert!(item(&organization, EntityKind::ServiceControlPolicy, "renamed").is_some());
}

#[test]
fn deletes_follow_aws_rules() {
    let mut account = canonical();
    // The cart role is in the cart instance profile: AWS's DeleteConflict, nothing changes.
    // (The app applies a change to a copy and keeps it only when it succeeds, as here.)
    let mut attempt = account.clone();
    let error = delete_entity(&mut attempt, EntityKind::Role, CART_ROLE).unwrap_err();
    assert_eq!(
        error,
        "DeleteConflict: Cannot delete entity, must remove roles from instance profile first."
    );
    assert!(item(&account, EntityKind::Role, "cart-service-role").is_some());
    let administrator = "arn:aws:iam::111122223333:role/Administrator";
    assert!(delete_entity(&mut account, EntityKind::Role, administrator).is_err());

    // The profile goes (its role removed first); then the role goes, its policies deleted first.
    let profile = items(&account, EntityKind::InstanceProfile)
        .first()
        .unwrap()
        .clone();
    let before = account.trail().len();
    delete_entity(&mut account, EntityKind::InstanceProfile, &profile.id).unwrap();
    assert_eq!(
        events_since(&account, before),
        ["RemoveRoleFromInstanceProfile", "DeleteInstanceProfile"]
    );
    let before = account.trail().len();
    delete_entity(&mut account, EntityKind::Role, CART_ROLE).unwrap();
    let events = events_since(&account, before);
    assert_eq!(
        events.last().map(String::as_str),
        Some("DeleteRole"),
        "{events:?}"
    );
    assert!(
        events.iter().any(|event| event == "DeleteRolePolicy"),
        "{events:?}"
    );
    assert!(item(&account, EntityKind::Role, "cart-service-role").is_none());

    // An instance is terminated and stays listed as terminated.
    delete_entity(&mut account, EntityKind::Instance, CART_INSTANCE).unwrap();
    let instance = items(&account, EntityKind::Instance)
        .into_iter()
        .find(|instance| instance.id == CART_INSTANCE)
        .unwrap();
    assert!(instance.detail.contains("terminated"), "{}", instance.detail);

    // A secret: first scheduled (30-day recovery window), then deleted without recovery.
    assert!(delete_description(&account, EntityKind::Secret, SECRET).starts_with("Schedules"));
    delete_entity(&mut account, EntityKind::Secret, SECRET).unwrap();
    assert!(account.secret_by_arn(SECRET).unwrap().is_scheduled_for_deletion());
    assert!(delete_description(&account, EntityKind::Secret, SECRET).contains("ForceDeleteWithoutRecovery"));
    delete_entity(&mut account, EntityKind::Secret, SECRET).unwrap();
    assert!(account.secret_by_arn(SECRET).is_none());

    // A key is scheduled for deletion; a second schedule is KMS's error.
    add_entity(&mut account, EntityKind::Key, "doomed").unwrap();
    let key = item(&account, EntityKind::Key, "alias/doomed").unwrap();
    delete_entity(&mut account, EntityKind::Key, &key.id).unwrap();
    assert!(item(&account, EntityKind::Key, "alias/doomed")
        .unwrap()
        .detail
        .ends_with("PendingDeletion"));
    let error = delete_entity(&mut account, EntityKind::Key, &key.id).unwrap_err();
    assert!(error.starts_with("KMSInvalidStateException: "), "{error}");

    // An endpoint.
    add_entity(&mut account, EntityKind::VpcEndpoint, "secretsmanager").unwrap();
    let endpoint = items(&account, EntityKind::VpcEndpoint).last().unwrap().clone();
    delete_entity(&mut account, EntityKind::VpcEndpoint, &endpoint.id).unwrap();
    assert!(items(&account, EntityKind::VpcEndpoint)
        .iter()
        .all(|item| item.id != endpoint.id));
    let error = delete_entity(&mut account, EntityKind::VpcEndpoint, &endpoint.id).unwrap_err();
    assert!(error.starts_with("InvalidVpcEndpoint.NotFound: "), "{error}");

    // A session.
    add_entity_in(&mut account, EntityKind::Session, "gone", Some(administrator)).unwrap();
    let session = item(&account, EntityKind::Session, "Administrator/gone").unwrap();
    delete_entity(&mut account, EntityKind::Session, &session.id).unwrap();
    assert!(item(&account, EntityKind::Session, "Administrator/gone").is_none());

    // SCPs: attached ones must be detached first.
    let mut organization = load_scenario("scp-guardrail").unwrap();
    let attached = items(&organization, EntityKind::ServiceControlPolicy)
        .into_iter()
        .find(|policy| !policy.label.contains("FullAWSAccess") && !policy.detail.ends_with("not attached"))
        .unwrap();
    let error = delete_entity(&mut organization, EntityKind::ServiceControlPolicy, &attached.id).unwrap_err();
    assert!(error.starts_with("PolicyInUseException"), "{error}");
    add_entity(&mut organization, EntityKind::ServiceControlPolicy, "loose").unwrap();
    let loose = item(&organization, EntityKind::ServiceControlPolicy, "loose").unwrap();
    delete_entity(&mut organization, EntityKind::ServiceControlPolicy, &loose.id).unwrap();
    assert!(item(&organization, EntityKind::ServiceControlPolicy, "loose").is_none());
}
