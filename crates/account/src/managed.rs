//! The AWS managed policies the playground needs: `AdministratorAccess`, `SecretsManagerReadWrite` and
//! `ReadOnlyAccess`, with their document texts from the AWS Managed Policy Reference (shortened where noted).

use policy::parse::PolicyKind;
use policy::{Layer, PolicySource};

use crate::clock::Timestamp;
use crate::model::{ManagedPolicy, PolicyVersion, StoredPolicy};

pub const ADMINISTRATOR_ACCESS_ARN: &str = "arn:aws:iam::aws:policy/AdministratorAccess";
#[allow(dead_code)]
pub const SECRETS_MANAGER_READ_WRITE_ARN: &str = "arn:aws:iam::aws:policy/SecretsManagerReadWrite";
#[allow(dead_code)]
pub const READ_ONLY_ACCESS_ARN: &str = "arn:aws:iam::aws:policy/ReadOnlyAccess";

const ADMINISTRATOR_ACCESS: &str = r#"{
  "Version" : "2012-10-17",
  "Statement" : [
    {
      "Effect" : "Allow",
      "Action" : "*",
      "Resource" : "*"
    }
  ]
}"#;

/// Version v5 (2024-02-22). The BasePermissions statement is complete; the Lambda statement is kept; the
/// statements for the Serverless Application Repository and its S3 change sets are left out because nothing in
/// the playground uses those services.
const SECRETS_MANAGER_READ_WRITE: &str = r#"{
  "Version" : "2012-10-17",
  "Statement" : [
    {
      "Sid" : "BasePermissions",
      "Effect" : "Allow",
      "Action" : [
        "secretsmanager:*",
        "cloudformation:CreateChangeSet",
        "cloudformation:DescribeChangeSet",
        "cloudformation:DescribeStackResource",
        "cloudformation:DescribeStacks",
        "cloudformation:ExecuteChangeSet",
        "docdb-elastic:GetCluster",
        "docdb-elastic:ListClusters",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeSubnets",
        "ec2:DescribeVpcs",
        "kms:DescribeKey",
        "kms:ListAliases",
        "kms:ListKeys",
        "lambda:ListFunctions",
        "rds:DescribeDBClusters",
        "rds:DescribeDBInstances",
        "redshift:DescribeClusters",
        "redshift-serverless:ListWorkgroups",
        "redshift-serverless:GetNamespace",
        "tag:GetResources"
      ],
      "Resource" : "*"
    },
    {
      "Sid" : "LambdaPermissions",
      "Effect" : "Allow",
      "Action" : [
        "lambda:AddPermission",
        "lambda:CreateFunction",
        "lambda:GetFunction",
        "lambda:InvokeFunction",
        "lambda:UpdateFunctionConfiguration"
      ],
      "Resource" : "arn:aws:lambda:*:*:function:SecretsManager*"
    }
  ]
}"#;

/// Heavily shortened: the real document lists several thousand read-only actions of every service. This keeps
/// the read-only actions of the five simulated services, which is what ReadOnlyAccess grants for them
/// (notably not `secretsmanager:GetSecretValue` and not `kms:Decrypt`).
const READ_ONLY_ACCESS: &str = r#"{
  "Version" : "2012-10-17",
  "Statement" : [
    {
      "Sid" : "ReadOnlyActions",
      "Effect" : "Allow",
      "Action" : [
        "ec2:Describe*",
        "ec2:Get*",
        "iam:Get*",
        "iam:List*",
        "iam:Generate*",
        "iam:Simulate*",
        "kms:Describe*",
        "kms:Get*",
        "kms:List*",
        "secretsmanager:DescribeSecret",
        "secretsmanager:GetResourcePolicy",
        "secretsmanager:ListSecrets",
        "secretsmanager:ListSecretVersionIds",
        "sts:GetCallerIdentity"
      ],
      "Resource" : "*"
    }
  ]
}"#;

/// The AWS managed policies, parsed. A text that fails to parse (it cannot: they are fixed) is left out.
pub fn aws_managed_policies(now: Timestamp) -> Vec<ManagedPolicy> {
    [
        (
            "AdministratorAccess",
            ADMINISTRATOR_ACCESS,
            "ANPAIWMBCKSKIEE64ZLYK",
            "Provides full access to AWS services and resources.",
        ),
        (
            "SecretsManagerReadWrite",
            SECRETS_MANAGER_READ_WRITE,
            "ANPAJQJ7MYSTQDRYSQKZW",
            "Provides read/write access to AWS Secrets Manager via the AWS Management Console.",
        ),
        (
            "ReadOnlyAccess",
            READ_ONLY_ACCESS,
            "ANPAILL3HVNFSB6DCOWYQ",
            "Provides read-only access to AWS services and resources.",
        ),
    ]
    .into_iter()
    .filter_map(|(name, text, id, description)| {
        let arn = format!("arn:aws:iam::aws:policy/{name}");
        let document = StoredPolicy::parse(text, PolicyKind::IdentityManaged, &arn, Layer::Identity).ok()?;
        Some(ManagedPolicy {
            arn: arn.clone(),
            name: name.to_owned(),
            path: "/".to_owned(),
            id: id.to_owned(),
            description: description.to_owned(),
            aws_managed: true,
            versions: vec![PolicyVersion {
                id: "v1".to_owned(),
                document,
                created: now,
            }],
            default_version: "v1".to_owned(),
            boundary_source: PolicySource {
                id: arn,
                layer: Layer::PermissionsBoundary,
            },
            created: now,
        })
    })
    .collect()
}
