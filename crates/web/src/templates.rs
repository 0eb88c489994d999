//! Policy templates offered by the editor, filled with the open account's names (account id, the secret,
//! the VPC endpoint) so that they work as inserted. Text only: the engine validates them like anything typed.

use crate::engine::{PolicyKind, TemplateContext};

/// A named template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub name: &'static str,
    pub text: String,
}

/// The templates that make sense for a policy of `kind`.
pub fn templates(kind: PolicyKind, context: &TemplateContext) -> Vec<Template> {
    let account = &context.account_id;
    let secret = &context.secret_arn;
    let vpce = &context.vpc_endpoint_id;
    let other = &context.other_account_id;
    let role = &context.role_arn;
    let key = &context.key_arn;
    match kind {
        PolicyKind::Identity | PolicyKind::Boundary | PolicyKind::Session => vec![
            Template {
                name: "Read one secret",
                text: format!(
                    r#"{{
  "Version": "2012-10-17",
  "Statement": [
    {{
      "Sid": "ReadOneSecret",
      "Effect": "Allow",
      "Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
      "Resource": "{secret}"
    }}
  ]
}}
"#
                ),
            },
            Template {
                name: "Read secrets by tag",
                text: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadSecretsOfMyTeam",
      "Effect": "Allow",
      "Action": "secretsmanager:GetSecretValue",
      "Resource": "*",
      "Condition": {
        "StringEquals": {"secretsmanager:ResourceTag/team": "${aws:PrincipalTag/team}"}
      }
    }
  ]
}
"#
                .to_owned(),
            },
            Template {
                name: "Decrypt with the secret's key",
                text: format!(
                    r#"{{
  "Version": "2012-10-17",
  "Statement": [
    {{
      "Sid": "DecryptThroughSecretsManager",
      "Effect": "Allow",
      "Action": "kms:Decrypt",
      "Resource": "{key}",
      "Condition": {{
        "StringEquals": {{"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}}
      }}
    }}
  ]
}}
"#
                ),
            },
            Template {
                name: "Deny without MFA",
                text: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyWithoutMfa",
      "Effect": "Deny",
      "Action": "secretsmanager:*",
      "Resource": "*",
      "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
    }
  ]
}
"#
                .to_owned(),
            },
        ],
        PolicyKind::Resource => vec![
            Template {
                name: "Deny unless through the VPC endpoint",
                text: format!(
                    r#"{{
  "Version": "2012-10-17",
  "Statement": [
    {{
      "Sid": "DenyOutsideTheVpcEndpoint",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "secretsmanager:GetSecretValue",
      "Resource": "*",
      "Condition": {{
        "StringNotEquals": {{"aws:SourceVpce": "{vpce}"}}
      }}
    }}
  ]
}}
"#
                ),
            },
            Template {
                name: "Cross-account read",
                text: format!(
                    r#"{{
  "Version": "2012-10-17",
  "Statement": [
    {{
      "Sid": "AllowOtherAccountToRead",
      "Effect": "Allow",
      "Principal": {{"AWS": "arn:aws:iam::{other}:root"}},
      "Action": "secretsmanager:GetSecretValue",
      "Resource": "*"
    }}
  ]
}}
"#
                ),
            },
            Template {
                name: "Allow one role",
                text: format!(
                    r#"{{
  "Version": "2012-10-17",
  "Statement": [
    {{
      "Sid": "AllowTheAppRole",
      "Effect": "Allow",
      "Principal": {{"AWS": "{role}"}},
      "Action": "secretsmanager:GetSecretValue",
      "Resource": "*"
    }}
  ]
}}
"#
                ),
            },
        ],
        PolicyKind::Trust => vec![Template {
            name: "Trust EC2",
            text: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Service": "ec2.amazonaws.com"},
      "Action": "sts:AssumeRole"
    }
  ]
}
"#
            .to_owned(),
        }],
        PolicyKind::Key => vec![Template {
            name: "Key: account root and Secrets Manager use",
            text: format!(
                r#"{{
  "Version": "2012-10-17",
  "Statement": [
    {{
      "Sid": "EnableIamPolicies",
      "Effect": "Allow",
      "Principal": {{"AWS": "arn:aws:iam::{account}:root"}},
      "Action": "kms:*",
      "Resource": "*"
    }},
    {{
      "Sid": "DecryptOnlyThroughSecretsManager",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "kms:Decrypt",
      "Resource": "*",
      "Condition": {{"StringNotEquals": {{"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}}}}
    }}
  ]
}}
"#
            ),
        }],
        PolicyKind::Endpoint => vec![Template {
            name: "Endpoint: only this account's secrets",
            text: format!(
                r#"{{
  "Version": "2012-10-17",
  "Statement": [
    {{
      "Effect": "Allow",
      "Principal": "*",
      "Action": "secretsmanager:*",
      "Resource": "*",
      "Condition": {{"StringEquals": {{"aws:ResourceAccount": "{account}"}}}}
    }}
  ]
}}
"#
            ),
        }],
        PolicyKind::ServiceControl | PolicyKind::ResourceControl => vec![Template {
            name: "Deny secret deletion",
            text: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "NoSecretDeletion",
      "Effect": "Deny",
      "Action": "secretsmanager:DeleteSecret",
      "Resource": "*"
    }
  ]
}
"#
            .to_owned(),
        }],
    }
}
