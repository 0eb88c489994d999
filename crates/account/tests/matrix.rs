//! Tests of the access matrix: its rows (instance sessions, roles, other accounts' roles), that every cell
//! decides what `evaluate_access` decides for the cell's query (so a cell and its explanation agree), and that
//! a refresh scoped to one edited policy equals a full recompute, for every policy of every built-in scenario.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use account::{Account, MatrixPrincipal, NetworkOrigin, PolicyRef, BUILTIN_NAMES};
use policy::Decision;
use serde_json::Value;

const CART_SESSION: &str = "arn:aws:sts::111122223333:assumed-role/cart-service-role/i-0c4a7e1b9d2f36a58";
const CART_ROLE: &str = "arn:aws:iam::111122223333:role/cart-service-role";
const SECRET_ARN: &str =
    "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/cart-service/credentials-Xk9fQ2";

fn world(name: &str) -> Account {
    Account::builtin(name).unwrap_or_else(|| panic!("built-in scenario {name} imports"))
}

fn cell(account: &Account, principal: &str, secret: &str, action: &str) -> Decision {
    let matrix = account.access_matrix(&NetworkOrigin::default());
    let row = matrix
        .principals
        .iter()
        .position(|arn| arn == principal)
        .unwrap_or_else(|| panic!("no row {principal} in {:?}", matrix.principals));
    let column = matrix.secrets.iter().position(|arn| arn == secret).unwrap();
    let action = matrix.actions.iter().position(|name| name == action).unwrap();
    matrix.get(row, column, action).unwrap()
}

/// Every cell of the matrix (or every `step`th) against `evaluate_access` of its query.
fn assert_cells_agree_with_evaluate_access(name: &str, step: usize) {
    let account = world(name);
    let network = NetworkOrigin::default();
    let matrix = account.access_matrix(&network);
    assert_eq!(
        matrix.cells.len(),
        matrix.principals.len() * matrix.secrets.len() * matrix.actions.len()
    );
    let mut index = 0;
    for principal in &matrix.principals {
        for secret in &matrix.secrets {
            for action in &matrix.actions {
                if index % step == 0 {
                    let decision = matrix.cells[index];
                    let evaluated = match account.matrix_query(principal, secret, action, &network) {
                        Some(query) => {
                            account
                                .evaluate_access(&query)
                                .unwrap_or_else(|error| {
                                    panic!("{name}: {principal} cannot be evaluated: {error}")
                                })
                                .decision
                        }
                        None => Decision::ImplicitDeny,
                    };
                    assert_eq!(
                        decision, evaluated,
                        "{name}: cell {principal} × {secret} × {action} disagrees with evaluate_access"
                    );
                }
                index += 1;
            }
        }
    }
}

#[test]
fn every_cell_decides_what_evaluate_access_decides() {
    for name in BUILTIN_NAMES {
        let step = if name == "large" { 7 } else { 1 };
        assert_cells_agree_with_evaluate_access(name, step);
    }
}

#[test]
fn rows_are_instance_sessions_then_roles_then_other_accounts_roles() {
    let account = world("cross-account");
    let matrix = account.access_matrix(&NetworkOrigin::default());
    assert_eq!(
        matrix.principals,
        [
            CART_SESSION,
            "arn:aws:iam::111122223333:role/Administrator",
            CART_ROLE,
            "arn:aws:iam::444455556666:role/Administrator",
            "arn:aws:iam::444455556666:role/partner-reporting-role",
        ]
    );
    assert_eq!(
        matrix.rows[0],
        MatrixPrincipal::InstanceSession {
            arn: CART_SESSION.to_owned(),
            role_arn: CART_ROLE.to_owned(),
            instance_id: "i-0c4a7e1b9d2f36a58".to_owned(),
        }
    );
    assert!(matches!(matrix.rows[4], MatrixPrincipal::OtherAccountRole { .. }));
    let partner = "arn:aws:iam::444455556666:role/partner-reporting-role";
    assert_eq!(
        cell(&account, partner, SECRET_ARN, "secretsmanager:GetSecretValue"),
        Decision::Allowed
    );
    assert_eq!(
        cell(&account, partner, SECRET_ARN, "kms:Decrypt"),
        Decision::Allowed
    );
}

#[test]
fn the_instance_session_reads_the_secret_in_the_canonical_story() {
    let account = world("canonical");
    for action in ["secretsmanager:GetSecretValue", "kms:Decrypt"] {
        assert_eq!(
            cell(&account, CART_SESSION, SECRET_ARN, action),
            Decision::Allowed
        );
    }
    assert_eq!(
        cell(
            &account,
            CART_SESSION,
            SECRET_ARN,
            "secretsmanager:PutSecretValue"
        ),
        Decision::ImplicitDeny
    );
}

#[test]
fn no_instance_session_where_ec2_cannot_assume_the_role_or_there_is_no_profile() {
    for name in ["no-trust", "no-instance-profile", "large", "empty"] {
        let account = world(name);
        let matrix = account.access_matrix(&NetworkOrigin::default());
        assert!(
            matrix
                .rows
                .iter()
                .all(|row| !matches!(row, MatrixPrincipal::InstanceSession { .. })),
            "{name}: {:?}",
            matrix.principals
        );
    }
}

#[test]
fn the_instance_session_decides_from_the_instances_network() {
    // The scenario's endpoint lives in another VPC: the instance calls over its public IP, so aws:SourceVpce is
    // absent and the resource policy denies it, like any caller outside the endpoint.
    let account = world("vpc-endpoint-only");
    let get = "secretsmanager:GetSecretValue";
    assert_eq!(
        cell(&account, CART_SESSION, SECRET_ARN, get),
        Decision::ExplicitDeny
    );
    assert_eq!(cell(&account, CART_ROLE, SECRET_ARN, get), Decision::ExplicitDeny);

    // Moved into the instance's VPC (private DNS on), the endpoint carries the instance's calls: its session
    // is allowed, while the role called from outside the VPC is still denied.
    let mut scenario: Value = serde_json::from_str(&account.export_scenario().to_json()).unwrap();
    let instance_vpc = account.instances()[0].vpc_id.clone();
    scenario["account"]["vpcEndpoints"][0]["vpc"] = Value::String(instance_vpc);
    let moved =
        Account::from_scenario(&account::Scenario::from_json(&scenario.to_string()).unwrap()).unwrap();
    assert_eq!(cell(&moved, CART_SESSION, SECRET_ARN, get), Decision::Allowed);
    assert_eq!(cell(&moved, CART_ROLE, SECRET_ARN, get), Decision::ExplicitDeny);
    assert_cells_agree(&moved);
}

fn assert_cells_agree(account: &Account) {
    let network = NetworkOrigin::default();
    let matrix = account.access_matrix(&network);
    for (row, principal) in matrix.principals.iter().enumerate() {
        for (column, secret) in matrix.secrets.iter().enumerate() {
            for (index, action) in matrix.actions.iter().enumerate() {
                let query = account.matrix_query(principal, secret, action, &network);
                let evaluated = query.map_or(Decision::ImplicitDeny, |query| {
                    account.evaluate_access(&query).unwrap().decision
                });
                assert_eq!(
                    matrix.get(row, column, index),
                    Some(evaluated),
                    "{principal} {secret} {action}"
                );
            }
        }
    }
}

/// Every policy of the account, as god-mode edit targets.
fn policies(account: &Account) -> Vec<PolicyRef> {
    let mut refs = Vec::new();
    for role in account.roles() {
        refs.push(PolicyRef::Trust { role_arn: role.arn() });
        for (name, _) in &role.inline_policies {
            refs.push(PolicyRef::Inline {
                role_arn: role.arn(),
                name: name.clone(),
            });
        }
    }
    for policy in account.managed_policies() {
        refs.push(PolicyRef::Managed {
            policy_arn: policy.arn.clone(),
        });
    }
    for secret in account.secrets() {
        refs.push(PolicyRef::Secret {
            secret_arn: secret.arn(),
        });
    }
    for key in account.keys() {
        if !key.aws_managed {
            refs.push(PolicyRef::Key { key_arn: key.arn() });
        }
    }
    for endpoint in account.vpc_endpoints() {
        refs.push(PolicyRef::VpcEndpoint {
            endpoint_id: endpoint.id.clone(),
        });
    }
    if let Some(organization) = account.organization() {
        for policy in &organization.policies {
            refs.push(PolicyRef::Organization {
                policy_id: policy.id.clone(),
            });
        }
    }
    refs
}

/// Replacement texts for a policy: allow everything, deny everything, allow nothing.
fn replacements(target: &PolicyRef) -> Vec<String> {
    let principal = match target {
        PolicyRef::Trust { .. }
        | PolicyRef::Secret { .. }
        | PolicyRef::Key { .. }
        | PolicyRef::VpcEndpoint { .. } => r#""Principal": "*", "#,
        _ => "",
    };
    let statement = |effect: &str, action: &str| {
        format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "{effect}", {principal}"Action": "{action}", "Resource": "*"}}]}}"#
        )
    };
    vec![
        statement("Allow", "*"),
        statement("Deny", "*"),
        statement("Allow", "secretsmanager:ListSecrets"),
        statement("Deny", "kms:Decrypt"),
    ]
}

#[test]
fn a_refresh_scoped_to_an_edit_equals_a_full_recompute() {
    let network = NetworkOrigin::default();
    let mut edits = 0;
    for name in BUILTIN_NAMES {
        let original = world(name);
        let before = original.access_matrix(&network);
        // `large` has 170 policies of a few shapes; a sample of each shape keeps the test quick.
        let sample = if name == "large" { 23 } else { 1 };
        for target in policies(&original).into_iter().step_by(sample) {
            for text in replacements(&target) {
                let mut edited = original.clone();
                if edited.set_policy_text(&target, &text).is_err() {
                    // AWS managed policies and some kinds refuse some texts; the edit did not happen.
                    continue;
                }
                edits += 1;
                let mut refreshed = before.clone();
                refreshed.refresh_after_edit(&edited, &target);
                let full = edited.access_matrix(&network);
                assert_eq!(
                    refreshed, full,
                    "{name}: refreshing after an edit of {target:?} to {text} differs from a full recompute"
                );
            }
        }
    }
    assert!(edits > 100, "only {edits} edits were tried");
}

#[test]
fn refreshing_after_an_edit_of_the_cart_role_flips_its_session_and_role_rows() {
    let network = NetworkOrigin::default();
    let mut account = world("canonical");
    let mut matrix = account.access_matrix(&network);
    let target = PolicyRef::Inline {
        role_arn: CART_ROLE.to_owned(),
        name: "read-cart-credentials".to_owned(),
    };
    account
        .set_policy_text(
            &target,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:DescribeSecret", "Resource": "*"}]}"#,
        )
        .unwrap();
    matrix.refresh_after_edit(&account, &target);
    for principal in [CART_SESSION, CART_ROLE] {
        let row = matrix.principals.iter().position(|arn| arn == principal).unwrap();
        assert_eq!(matrix.get(row, 0, 0), Some(Decision::ImplicitDeny), "{principal}");
        assert_eq!(matrix.get(row, 0, 1), Some(Decision::Allowed), "{principal}");
    }
    assert_eq!(matrix, account.access_matrix(&network));
}

#[test]
fn a_trust_edit_that_removes_the_instance_session_reshapes_the_matrix() {
    let network = NetworkOrigin::default();
    let mut account = world("canonical");
    let mut matrix = account.access_matrix(&network);
    assert_eq!(matrix.principals[0], CART_SESSION);
    let target = PolicyRef::Trust {
        role_arn: CART_ROLE.to_owned(),
    };
    account
        .set_policy_text(
            &target,
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#,
        )
        .unwrap();
    matrix.refresh_after_edit(&account, &target);
    assert!(!matrix.principals.iter().any(|arn| arn == CART_SESSION));
    assert_eq!(matrix, account.access_matrix(&network));
}
