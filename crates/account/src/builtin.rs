//! The built-in scenarios, by name: the canonical story (an application on EC2 reads
//! `prod/cart-service/credentials` through its instance role), its broken variants, and the other stories.
//! Each has a description and a short demonstration script (one terminal command per line, `#` comments,
//! directives `as ARN`, `on INSTANCE`, `advance DURATION`).

use serde_json::{json, Value};

use crate::scenario::Scenario;
use crate::state::Account;

/// Every built-in scenario name, in menu order.
pub const BUILTIN_NAMES: [&str; 16] = [
    "canonical",
    "no-trust",
    "no-instance-profile",
    "missing-suffix-wildcard",
    "kms-key-policy",
    "explicit-deny",
    "vpc-endpoint-only",
    "imdsv2-required",
    "cross-account",
    "abac-tags",
    "rotation",
    "scp-guardrail",
    "permissions-boundary",
    "large",
    "empty",
    "other-account-empty",
];

const ACCOUNT: &str = "111122223333";
const PARTNER: &str = "444455556666";
const SECRET_NAME: &str = "prod/cart-service/credentials";
/// The canonical secret's fixed ARN suffix, so that scripts can name its full ARN.
const SECRET_SUFFIX: &str = "Xk9fQ2";
const CART_ROLE: &str = "cart-service-role";
const CART_KEY_ID: &str = "5f1b7c2e-8d4a-4e9b-a3c6-0e2d9f8b7a61";

/// A built-in scenario by name.
pub fn builtin(name: &str) -> Option<Scenario> {
    let value = match name {
        "canonical" => canonical(),
        "no-trust" => no_trust(),
        "no-instance-profile" => no_instance_profile(),
        "missing-suffix-wildcard" => missing_suffix_wildcard(),
        "kms-key-policy" => kms_key_policy(),
        "explicit-deny" => explicit_deny(),
        "vpc-endpoint-only" => vpc_endpoint_only(),
        "imdsv2-required" => imdsv2_required(),
        "cross-account" => cross_account(),
        "abac-tags" => abac_tags(),
        "rotation" => rotation(),
        "scp-guardrail" => scp_guardrail(),
        "permissions-boundary" => permissions_boundary(),
        "large" => large(),
        "empty" => empty(),
        "other-account-empty" => json!({
            "formatVersion": 1,
            "name": "other-account-empty",
            "description": "An empty playground in the partner account 444455556666, for cross-account experiments from the other side.",
            "account": {"accountId": PARTNER}
        }),
        _ => return None,
    };
    // Through the text, as a scenario file is read: one deserializer for scenarios in the binary instead of
    // a second one over `serde_json::Value` (which cost the web app ~100 KB of wasm).
    Scenario::from_json(&value.to_string()).ok()
}

impl Account {
    /// A world built from a built-in scenario.
    pub fn builtin(name: &str) -> Option<Self> {
        builtin(name).and_then(|scenario| Account::from_scenario(&scenario).ok())
    }
}

fn secret_arn() -> String {
    format!("arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:{SECRET_NAME}-{SECRET_SUFFIX}")
}

fn key_arn() -> String {
    format!("arn:aws:kms:us-east-1:{ACCOUNT}:key/{CART_KEY_ID}")
}

fn ec2_trust() -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]
    })
}

fn read_secret_policy(resource: &str) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ReadCartCredentials",
                "Effect": "Allow",
                "Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                "Resource": resource
            }
        ]
    })
}

fn key_policy_allowing_cart() -> Value {
    json!({
        "Version": "2012-10-17",
        "Id": "cart-service-key",
        "Statement": [
            {
                "Sid": "EnableIamPolicies",
                "Effect": "Allow",
                "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")},
                "Action": "kms:*",
                "Resource": "*"
            },
            {
                "Sid": "AllowCartServiceThroughSecretsManager",
                "Effect": "Allow",
                "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:role/{CART_ROLE}")},
                "Action": "kms:Decrypt",
                "Resource": "*",
                "Condition": {"StringEquals": {"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}}
            }
        ]
    })
}

/// The canonical world; each variant changes one thing.
fn canonical_world() -> Value {
    json!({
        "accountId": ACCOUNT,
        "region": "us-east-1",
        "seed": 20260115,
        "clock": "2026-01-15T09:00:00Z",
        "roles": [{
            "name": CART_ROLE,
            "description": "Instance role of the cart service",
            "trustPolicy": ec2_trust(),
            "inlinePolicies": [{
                "name": "read-cart-credentials",
                "document": read_secret_policy(&format!("arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:{SECRET_NAME}-??????"))
            }],
            "tags": [{"Key": "team", "Value": "cart"}]
        }],
        "instanceProfiles": [{"name": "cart-service-profile", "role": CART_ROLE}],
        "keys": [{
            "alias": "alias/cart-service",
            "id": CART_KEY_ID,
            "description": "Encrypts the cart service's secrets",
            "policy": key_policy_allowing_cart()
        }],
        "secrets": [{
            "name": SECRET_NAME,
            "suffix": SECRET_SUFFIX,
            "description": "Database credentials of the cart service",
            "kmsKey": "alias/cart-service",
            "value": "{\"username\":\"cart_app\",\"password\":\"7hR#q2Lz!vW9\",\"host\":\"cart-db.cluster-c1a2b3.us-east-1.rds.amazonaws.com\",\"port\":5432}",
            "tags": [{"Key": "team", "Value": "cart"}, {"Key": "environment", "Value": "prod"}]
        }],
        "instances": [{"name": "cart-app", "id": "i-0c4a7e1b9d2f36a58", "instanceProfile": "cart-service-profile", "httpTokens": "required"}]
    })
}

const APP_SCRIPT: &str = "# The cart application on EC2 fetches its credentials and reads the secret.\non cart-app\nTOKEN=$(curl -s -X PUT http://169.254.169.254/latest/api/token -H \"X-aws-ec2-metadata-token-ttl-seconds: 21600\")\ncurl -s -H \"X-aws-ec2-metadata-token: $TOKEN\" http://169.254.169.254/latest/meta-data/iam/security-credentials/\naws sts get-caller-identity\naws secretsmanager get-secret-value --secret-id prod/cart-service/credentials\n";

fn scenario(name: &str, description: &str, world: Value, script: &str) -> Value {
    json!({"formatVersion": 1, "name": name, "description": description, "account": world, "script": script})
}

fn canonical() -> Value {
    scenario(
        "canonical",
        "An application on EC2 (cart-app) reads prod/cart-service/credentials through its instance role cart-service-role: IMDSv2 hands it role credentials, the role's identity policy allows the secret, and the customer managed key's policy lets the role decrypt through Secrets Manager.",
        canonical_world(),
        APP_SCRIPT,
    )
}

fn with(mut world: Value, change: impl FnOnce(&mut Value)) -> Value {
    change(&mut world);
    world
}

/// Sets the member at a JSON pointer (`/roles/0/trustPolicy`), creating the last member if needed.
fn set(world: &mut Value, pointer: &str, value: Value) {
    if let Some(slot) = world.pointer_mut(pointer) {
        *slot = value;
        return;
    }
    if let Some((parent, key)) = pointer.rsplit_once('/') {
        if let Some(Value::Object(members)) = world.pointer_mut(parent) {
            members.insert(key.to_owned(), value);
        }
    }
}

/// Appends to the array at a JSON pointer.
fn push(world: &mut Value, pointer: &str, value: Value) {
    if let Some(Value::Array(items)) = world.pointer_mut(pointer) {
        items.push(value);
    }
}

fn no_trust() -> Value {
    let world = with(canonical_world(), |world| {
        set(
            world,
            "/roles/0/trustPolicy",
            json!({
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]
            }),
        );
    });
    scenario(
        "no-trust",
        "The role's trust policy trusts lambda.amazonaws.com, not ec2.amazonaws.com: EC2 cannot assume it, so the instance's credentials document reports AssumeRoleUnauthorizedAccess and the application has no credentials.",
        world,
        "# EC2 cannot assume a role that does not trust ec2.amazonaws.com.\non cart-app\nTOKEN=$(curl -s -X PUT http://169.254.169.254/latest/api/token -H \"X-aws-ec2-metadata-token-ttl-seconds: 21600\")\ncurl -s -H \"X-aws-ec2-metadata-token: $TOKEN\" http://169.254.169.254/latest/meta-data/iam/security-credentials/cart-service-role\n",
    )
}

fn no_instance_profile() -> Value {
    let world = with(canonical_world(), |world| {
        if let Some(instance) = world["instances"].get_mut(0).and_then(Value::as_object_mut) {
            instance.remove("instanceProfile");
        }
    });
    scenario(
        "no-instance-profile",
        "The instance was launched without an instance profile: IMDS has no iam/ tree (404) and the SDK finds no credentials.",
        world,
        "# No instance profile: no role credentials in IMDS.\non cart-app\nTOKEN=$(curl -s -X PUT http://169.254.169.254/latest/api/token -H \"X-aws-ec2-metadata-token-ttl-seconds: 21600\")\ncurl -s -H \"X-aws-ec2-metadata-token: $TOKEN\" http://169.254.169.254/latest/meta-data/iam/security-credentials/\n# Fix: attach the profile\nas arn:aws:iam::111122223333:role/Administrator\naws ec2 associate-iam-instance-profile --instance-id i-0c4a7e1b9d2f36a58 --iam-instance-profile Name=cart-service-profile\n",
    )
}

fn missing_suffix_wildcard() -> Value {
    let world = with(canonical_world(), |world| {
        set(
            world,
            "/roles/0/inlinePolicies/0/document",
            read_secret_policy(&format!(
                "arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:{SECRET_NAME}"
            )),
        );
    });
    scenario(
        "missing-suffix-wildcard",
        "The identity policy names the secret's ARN without the random 6-character suffix (`-??????`), so it matches no secret: GetSecretValue is denied because no identity-based policy allows it.",
        world,
        APP_SCRIPT,
    )
}

fn kms_key_policy() -> Value {
    let world = with(canonical_world(), |world| {
        set(
            world,
            "/keys/0/policy",
            json!({
                "Version": "2012-10-17",
                "Id": "cart-service-key",
                "Statement": [{
                    "Sid": "KeyAdministratorsOnly",
                    "Effect": "Allow",
                    "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:role/Administrator")},
                    "Action": "kms:*",
                    "Resource": "*"
                }]
            }),
        );
        push(
            world,
            "/roles/0/inlinePolicies/0/document/Statement",
            json!({"Sid": "DecryptCartKey", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": key_arn()}),
        );
    });
    scenario(
        "kms-key-policy",
        "The secret is encrypted with a customer managed key whose key policy neither names the role nor enables IAM policies for the account: the role's own kms:Decrypt allow has no effect, and Secrets Manager answers `Access to KMS is not allowed`.",
        world,
        APP_SCRIPT,
    )
}

fn explicit_deny() -> Value {
    let world = with(canonical_world(), |world| {
        set(
            world,
            "/secrets/0/resourcePolicy",
            json!({
                "Version": "2012-10-17",
                "Statement": [{
                    "Sid": "DenyCartRole",
                    "Effect": "Deny",
                    "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:role/{CART_ROLE}")},
                    "Action": "secretsmanager:GetSecretValue",
                    "Resource": "*"
                }]
            }),
        );
    });
    scenario(
        "explicit-deny",
        "The secret's resource policy explicitly denies GetSecretValue to cart-service-role. An explicit deny beats every allow.",
        world,
        APP_SCRIPT,
    )
}

fn vpc_endpoint_only() -> Value {
    let world = with(canonical_world(), |world| {
        set(
            world,
            "/secrets/0/resourcePolicy",
            json!({
                "Version": "2012-10-17",
                "Statement": [{
                    "Sid": "OnlyThroughTheVpcEndpoint",
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "secretsmanager:GetSecretValue",
                    "Resource": "*",
                    "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-0a1b2c3d4e5f67890"}}
                }]
            }),
        );
        set(
            world,
            "/vpcEndpoints",
            json!([{"id": "vpce-0a1b2c3d4e5f67890", "service": "secretsmanager", "vpc": "vpc-0ffee1234abcd5678"}]),
        );
    });
    scenario(
        "vpc-endpoint-only",
        "The secret may only be read through the VPC endpoint vpce-0a1b2c3d4e5f67890, which lives in another VPC. The instance reaches Secrets Manager over its public IP, so aws:SourceVpce is absent and the resource policy denies.",
        world,
        APP_SCRIPT,
    )
}

fn imdsv2_required() -> Value {
    scenario(
        "imdsv2-required",
        "The instance requires IMDSv2 (HttpTokens=required) but the application still uses IMDSv1 (plain GET without a token): IMDS answers 401 Unauthorized.",
        canonical_world(),
        "# An IMDSv1 request on an instance that requires IMDSv2.\non cart-app\ncurl -s http://169.254.169.254/latest/meta-data/iam/security-credentials/cart-service-role\n# Fix: use a session token\nTOKEN=$(curl -s -X PUT http://169.254.169.254/latest/api/token -H \"X-aws-ec2-metadata-token-ttl-seconds: 21600\")\ncurl -s -H \"X-aws-ec2-metadata-token: $TOKEN\" http://169.254.169.254/latest/meta-data/iam/security-credentials/cart-service-role\n",
    )
}

fn cross_account() -> Value {
    let partner_role = format!("arn:aws:iam::{PARTNER}:role/partner-reporting-role");
    let world = with(canonical_world(), |world| {
        set(world, "/otherAccounts", json!([PARTNER]));
        push(
            world,
            "/roles",
            json!({
                "name": "partner-reporting-role",
                "account": PARTNER,
                "trustPolicy": {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{PARTNER}:root")}, "Action": "sts:AssumeRole"}]
                },
                "inlinePolicies": [{
                    "name": "read-partner-secret",
                    "document": {
                        "Version": "2012-10-17",
                        "Statement": [
                            {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": secret_arn()},
                            {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": key_arn()}
                        ]
                    }
                }]
            }),
        );
        set(
            world,
            "/secrets/0/resourcePolicy",
            json!({
                "Version": "2012-10-17",
                "Statement": [{
                    "Sid": "PartnerReads",
                    "Effect": "Allow",
                    "Principal": {"AWS": partner_role},
                    "Action": "secretsmanager:GetSecretValue",
                    "Resource": "*"
                }]
            }),
        );
        push(
            world,
            "/keys/0/policy/Statement",
            json!({
                "Sid": "PartnerDecryptsThroughSecretsManager",
                "Effect": "Allow",
                "Principal": {"AWS": partner_role},
                "Action": ["kms:Decrypt", "kms:DescribeKey"],
                "Resource": "*"
            }),
        );
    });
    scenario(
        "cross-account",
        "A role in the partner account 444455556666 reads the secret of 111122223333. Three policies must agree: the secret's resource policy, the partner role's identity policy, and the customer managed key's key policy. The caller must use the full ARN.",
        world,
        &format!("# Cross-account read: full ARN, resource policy, key policy and identity policy.\nas {partner_role}\naws secretsmanager get-secret-value --secret-id {SECRET_NAME}\naws secretsmanager get-secret-value --secret-id {}\n", secret_arn()),
    )
}

fn abac_tags() -> Value {
    let abac = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "ReadOwnTeamsSecrets",
            "Effect": "Allow",
            "Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
            "Resource": "*",
            "Condition": {"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}
        }]
    });
    let role = |name: &str, team: &str| {
        json!({
            "name": name,
            "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")}, "Action": "sts:AssumeRole"}]},
            "managedPolicies": [format!("arn:aws:iam::{ACCOUNT}:policy/team-secrets-abac")],
            "tags": [{"Key": "team", "Value": team}]
        })
    };
    let world = json!({
        "accountId": ACCOUNT,
        "seed": 7,
        "clock": "2026-01-15T09:00:00Z",
        "policies": [{"name": "team-secrets-abac", "document": abac}],
        "roles": [role("cart-developer", "cart"), role("payments-developer", "payments")],
        "secrets": [
            {"name": "prod/cart-service/credentials", "value": "{\"password\":\"cart\"}", "tags": [{"Key": "team", "Value": "cart"}]},
            {"name": "prod/payments/api-key", "value": "{\"apiKey\":\"pay\"}", "tags": [{"Key": "team", "Value": "payments"}]}
        ]
    });
    scenario(
        "abac-tags",
        "Attribute-based access control: one policy lets each developer role read the secrets whose `team` tag equals the role's own `team` tag.",
        world,
        &format!("# Same policy, different tags.\nas arn:aws:iam::{ACCOUNT}:role/cart-developer\naws secretsmanager get-secret-value --secret-id prod/cart-service/credentials\naws secretsmanager get-secret-value --secret-id prod/payments/api-key\nas arn:aws:iam::{ACCOUNT}:role/payments-developer\naws secretsmanager get-secret-value --secret-id prod/payments/api-key\n"),
    )
}

fn rotation() -> Value {
    let world = with(canonical_world(), |world| {
        push(
            world,
            "/roles",
            json!({
                "name": "cart-rotation-lambda-role",
                "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
                "inlinePolicies": [{
                    "name": "rotate-cart-secret",
                    "document": {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Action": ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"],
                                "Resource": format!("arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:{SECRET_NAME}-??????")
                            },
                            {"Effect": "Allow", "Action": "secretsmanager:GetRandomPassword", "Resource": "*"},
                            {"Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": key_arn()}
                        ]
                    }
                }]
            }),
        );
        set(
            world,
            "/rotationFunctions",
            json!([{"name": "SecretsManagercart-rotation", "executionRole": "cart-rotation-lambda-role"}]),
        );
        set(
            world,
            "/secrets/0/rotation",
            json!({"function": "SecretsManagercart-rotation", "automaticallyAfterDays": 30}),
        );
    });
    scenario(
        "rotation",
        "The secret rotates every 30 days with a Lambda function: createSecret stores a new AWSPENDING version, setSecret and testSecret use it, finishSecret moves AWSCURRENT to it and the old version becomes AWSPREVIOUS.",
        world,
        &format!("# Rotate now and watch the staging labels move.\nas arn:aws:iam::{ACCOUNT}:role/Administrator\naws secretsmanager list-secret-version-ids --secret-id {SECRET_NAME}\naws secretsmanager rotate-secret --secret-id {SECRET_NAME}\naws secretsmanager list-secret-version-ids --secret-id {SECRET_NAME}\naws secretsmanager get-secret-value --secret-id {SECRET_NAME} --version-stage AWSPREVIOUS\n# The schedule rotates again after 30 days\nadvance 30d\naws secretsmanager describe-secret --secret-id {SECRET_NAME}\n"),
    )
}

fn scp_guardrail() -> Value {
    let world = with(canonical_world(), |world| {
        set(
            world,
            "/organization",
            json!({
                "managementAccount": "999988887777",
                "units": [{"name": "Production"}],
                "members": [{"account": ACCOUNT, "unit": "Production"}],
                "serviceControlPolicies": [{
                    "name": "protect-production-secrets",
                    "document": {
                        "Version": "2012-10-17",
                        "Statement": [{
                            "Sid": "NoSecretDeletionOrPolicyChanges",
                            "Effect": "Deny",
                            "Action": ["secretsmanager:DeleteSecret", "secretsmanager:PutResourcePolicy", "secretsmanager:DeleteResourcePolicy"],
                            "Resource": "*"
                        }]
                    },
                    "targets": ["Production"]
                }]
            }),
        );
    });
    scenario(
        "scp-guardrail",
        "The account sits in the Production OU of an organization whose service control policy forbids deleting secrets or changing their policies. Even the account's Administrator is denied, with an explicit deny in a service control policy.",
        world,
        &format!("# SCPs limit everyone in the member account, administrators included.\nas arn:aws:iam::{ACCOUNT}:role/Administrator\naws secretsmanager describe-secret --secret-id {SECRET_NAME}\naws secretsmanager delete-secret --secret-id {SECRET_NAME}\n"),
    )
}

fn permissions_boundary() -> Value {
    let world = with(canonical_world(), |world| {
        set(
            world,
            "/policies",
            json!([{
                "name": "developer-boundary",
                "description": "Developers may look at secrets' metadata, never their values",
                "document": {
                    "Version": "2012-10-17",
                    "Statement": [{
                        "Effect": "Allow",
                        "Action": ["secretsmanager:DescribeSecret", "secretsmanager:ListSecrets", "secretsmanager:ListSecretVersionIds", "sts:GetCallerIdentity"],
                        "Resource": "*"
                    }]
                }
            }]),
        );
        push(
            world,
            "/roles",
            json!({
                "name": "developer",
                "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")}, "Action": "sts:AssumeRole"}]},
                "managedPolicies": ["arn:aws:iam::aws:policy/SecretsManagerReadWrite"],
                "permissionsBoundary": format!("arn:aws:iam::{ACCOUNT}:policy/developer-boundary")
            }),
        );
    });
    scenario(
        "permissions-boundary",
        "The developer role has SecretsManagerReadWrite attached, but its permissions boundary only allows metadata reads: DescribeSecret works, GetSecretValue is denied because no permissions boundary allows it.",
        world,
        &format!("# The boundary caps what the identity policy grants.\nas arn:aws:iam::{ACCOUNT}:role/developer\naws secretsmanager describe-secret --secret-id {SECRET_NAME}\naws secretsmanager get-secret-value --secret-id {SECRET_NAME}\n"),
    )
}

fn large() -> Value {
    let teams = ["cart", "payments", "search", "catalog", "checkout"];
    let mut roles = Vec::new();
    for index in 0..24 {
        let team = teams.get(index % teams.len()).copied().unwrap_or("cart");
        roles.push(json!({
            "name": format!("{team}-service-{index:02}"),
            "trustPolicy": ec2_trust(),
            "inlinePolicies": [{
                "name": "read-team-secrets",
                "document": read_secret_policy(&format!("arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:prod/{team}/*"))
            }],
            "tags": [{"Key": "team", "Value": team}]
        }));
    }
    let mut secrets = Vec::new();
    for index in 0..120 {
        let team = teams.get(index % teams.len()).copied().unwrap_or("cart");
        secrets.push(json!({
            "name": format!("prod/{team}/secret-{index:03}"),
            "value": format!("{{\"password\":\"value-{index:03}\"}}"),
            "tags": [{"Key": "team", "Value": team}]
        }));
    }
    let world = json!({"accountId": ACCOUNT, "seed": 99, "clock": "2026-01-15T09:00:00Z", "roles": roles, "secrets": secrets});
    scenario(
        "large",
        "A busy account: 24 service roles across five teams and 120 secrets, for the access matrix and list performance.",
        world,
        "# A big account.\nas arn:aws:iam::111122223333:role/Administrator\naws secretsmanager list-secrets --max-items 10 --query \"SecretList[].Name\" --output text\n",
    )
}

fn empty() -> Value {
    json!({
        "formatVersion": 1,
        "name": "empty",
        "description": "One account with its Administrator role and nothing else.",
        "account": {"accountId": ACCOUNT}
    })
}
