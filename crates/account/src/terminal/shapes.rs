//! The AWS CLI's view of each supported operation: its command name, its parameters with their types, which are
//! required, and how it paginates. The member names and types follow the botocore service models; the option
//! names are derived from them exactly as the AWS CLI derives them (`xform_name`).

use crate::api::Service;

/// One operation as the CLI exposes it.
#[derive(Debug)]
pub struct Operation {
    pub service: Service,
    /// The API name, e.g. `GetSecretValue`.
    pub name: &'static str,
    pub members: &'static [Member],
    /// `Some((input token, output token, result key))` when the CLI paginates the operation automatically.
    pub pagination: Option<Pagination>,
}

#[derive(Debug, Clone, Copy)]
pub struct Pagination {
    pub input_token: &'static str,
    pub output_token: &'static str,
    pub limit_key: &'static str,
    pub result_key: &'static str,
}

#[derive(Debug)]
pub struct Member {
    pub name: &'static str,
    pub shape: Shape,
    pub required: bool,
}

#[derive(Debug)]
pub enum Shape {
    String,
    Integer,
    Boolean,
    /// Base64 text on the command line (the AWS CLI v2 default `cli_binary_format`).
    Blob,
    StringList,
    /// A string-to-string map (`k=v,k2=v2` shorthand or JSON).
    StringMap,
    Structure(&'static [Member]),
    StructureList(&'static [Member]),
}

const fn member(name: &'static str, shape: Shape) -> Member {
    Member {
        name,
        shape,
        required: false,
    }
}

const fn required(name: &'static str, shape: Shape) -> Member {
    Member {
        name,
        shape,
        required: true,
    }
}

const TAG: &[Member] = &[member("Key", Shape::String), member("Value", Shape::String)];
const KMS_TAG: &[Member] = &[member("TagKey", Shape::String), member("TagValue", Shape::String)];
const FILTER: &[Member] = &[member("Key", Shape::String), member("Values", Shape::StringList)];
const EC2_FILTER: &[Member] = &[member("Name", Shape::String), member("Values", Shape::StringList)];
const REPLICA_REGION: &[Member] = &[member("Region", Shape::String), member("KmsKeyId", Shape::String)];
const ROTATION_RULES: &[Member] = &[
    member("AutomaticallyAfterDays", Shape::Integer),
    member("Duration", Shape::String),
    member("ScheduleExpression", Shape::String),
];
const PROFILE_SPECIFICATION: &[Member] = &[member("Arn", Shape::String), member("Name", Shape::String)];
const METADATA_OPTIONS: &[Member] = &[
    member("HttpTokens", Shape::String),
    member("HttpPutResponseHopLimit", Shape::Integer),
    member("HttpEndpoint", Shape::String),
    member("InstanceMetadataTags", Shape::String),
];
const TAG_SPECIFICATION: &[Member] = &[
    member("ResourceType", Shape::String),
    member("Tags", Shape::StructureList(TAG)),
];
const POLICY_ARN: &[Member] = &[member("arn", Shape::String)];

const SECRET_ID: Member = required("SecretId", Shape::String);

const fn operation(service: Service, name: &'static str, members: &'static [Member]) -> Operation {
    Operation {
        service,
        name,
        members,
        pagination: None,
    }
}

const fn paginated(
    service: Service,
    name: &'static str,
    members: &'static [Member],
    pagination: Pagination,
) -> Operation {
    Operation {
        service,
        name,
        members,
        pagination: Some(pagination),
    }
}

const SM: Service = Service::SecretsManager;

/// Every operation the terminal understands.
pub static OPERATIONS: &[Operation] = &[
    // Secrets Manager (botocore secretsmanager 2017-10-17)
    paginated(
        SM,
        "BatchGetSecretValue",
        &[
            member("SecretIdList", Shape::StringList),
            member("Filters", Shape::StructureList(FILTER)),
        ],
        Pagination {
            input_token: "NextToken",
            output_token: "NextToken",
            limit_key: "MaxResults",
            result_key: "SecretValues",
        },
    ),
    operation(SM, "CancelRotateSecret", &[SECRET_ID]),
    operation(
        SM,
        "CreateSecret",
        &[
            required("Name", Shape::String),
            member("ClientRequestToken", Shape::String),
            member("Description", Shape::String),
            member("KmsKeyId", Shape::String),
            member("SecretBinary", Shape::Blob),
            member("SecretString", Shape::String),
            member("Tags", Shape::StructureList(TAG)),
            member("AddReplicaRegions", Shape::StructureList(REPLICA_REGION)),
            member("ForceOverwriteReplicaSecret", Shape::Boolean),
            member("Type", Shape::String),
        ],
    ),
    operation(SM, "DeleteResourcePolicy", &[SECRET_ID]),
    operation(
        SM,
        "DeleteSecret",
        &[
            SECRET_ID,
            member("RecoveryWindowInDays", Shape::Integer),
            member("ForceDeleteWithoutRecovery", Shape::Boolean),
        ],
    ),
    operation(SM, "DescribeSecret", &[SECRET_ID]),
    operation(
        SM,
        "GetRandomPassword",
        &[
            member("PasswordLength", Shape::Integer),
            member("ExcludeCharacters", Shape::String),
            member("ExcludeNumbers", Shape::Boolean),
            member("ExcludePunctuation", Shape::Boolean),
            member("ExcludeUppercase", Shape::Boolean),
            member("ExcludeLowercase", Shape::Boolean),
            member("IncludeSpace", Shape::Boolean),
            member("RequireEachIncludedType", Shape::Boolean),
        ],
    ),
    operation(SM, "GetResourcePolicy", &[SECRET_ID]),
    operation(
        SM,
        "GetSecretValue",
        &[
            SECRET_ID,
            member("VersionId", Shape::String),
            member("VersionStage", Shape::String),
        ],
    ),
    paginated(
        SM,
        "ListSecretVersionIds",
        &[SECRET_ID, member("IncludeDeprecated", Shape::Boolean)],
        Pagination {
            input_token: "NextToken",
            output_token: "NextToken",
            limit_key: "MaxResults",
            result_key: "Versions",
        },
    ),
    paginated(
        SM,
        "ListSecrets",
        &[
            member("IncludePlannedDeletion", Shape::Boolean),
            member("Filters", Shape::StructureList(FILTER)),
            member("SortOrder", Shape::String),
            member("SortBy", Shape::String),
        ],
        Pagination {
            input_token: "NextToken",
            output_token: "NextToken",
            limit_key: "MaxResults",
            result_key: "SecretList",
        },
    ),
    operation(
        SM,
        "PutResourcePolicy",
        &[
            SECRET_ID,
            required("ResourcePolicy", Shape::String),
            member("BlockPublicPolicy", Shape::Boolean),
        ],
    ),
    operation(
        SM,
        "PutSecretValue",
        &[
            SECRET_ID,
            member("ClientRequestToken", Shape::String),
            member("SecretBinary", Shape::Blob),
            member("SecretString", Shape::String),
            member("VersionStages", Shape::StringList),
            member("RotationToken", Shape::String),
        ],
    ),
    operation(
        SM,
        "RemoveRegionsFromReplication",
        &[SECRET_ID, required("RemoveReplicaRegions", Shape::StringList)],
    ),
    operation(
        SM,
        "ReplicateSecretToRegions",
        &[
            SECRET_ID,
            required("AddReplicaRegions", Shape::StructureList(REPLICA_REGION)),
            member("ForceOverwriteReplicaSecret", Shape::Boolean),
        ],
    ),
    operation(SM, "RestoreSecret", &[SECRET_ID]),
    operation(
        SM,
        "RotateSecret",
        &[
            SECRET_ID,
            member("ClientRequestToken", Shape::String),
            member("RotationLambdaARN", Shape::String),
            member("RotationRules", Shape::Structure(ROTATION_RULES)),
            member("RotateImmediately", Shape::Boolean),
        ],
    ),
    operation(SM, "StopReplicationToReplica", &[SECRET_ID]),
    operation(
        SM,
        "TagResource",
        &[SECRET_ID, required("Tags", Shape::StructureList(TAG))],
    ),
    operation(
        SM,
        "UntagResource",
        &[SECRET_ID, required("TagKeys", Shape::StringList)],
    ),
    operation(
        SM,
        "UpdateSecret",
        &[
            SECRET_ID,
            member("ClientRequestToken", Shape::String),
            member("Description", Shape::String),
            member("KmsKeyId", Shape::String),
            member("SecretBinary", Shape::Blob),
            member("SecretString", Shape::String),
            member("Type", Shape::String),
        ],
    ),
    operation(
        SM,
        "UpdateSecretVersionStage",
        &[
            SECRET_ID,
            required("VersionStage", Shape::String),
            member("RemoveFromVersionId", Shape::String),
            member("MoveToVersionId", Shape::String),
        ],
    ),
    operation(
        SM,
        "ValidateResourcePolicy",
        &[
            member("SecretId", Shape::String),
            required("ResourcePolicy", Shape::String),
        ],
    ),
    // IAM (botocore iam 2010-05-08)
    operation(
        Service::Iam,
        "CreateRole",
        &[
            member("Path", Shape::String),
            required("RoleName", Shape::String),
            required("AssumeRolePolicyDocument", Shape::String),
            member("Description", Shape::String),
            member("MaxSessionDuration", Shape::Integer),
            member("PermissionsBoundary", Shape::String),
            member("Tags", Shape::StructureList(TAG)),
        ],
    ),
    operation(Service::Iam, "GetRole", &[required("RoleName", Shape::String)]),
    operation(Service::Iam, "ListRoles", &[member("PathPrefix", Shape::String)]),
    operation(
        Service::Iam,
        "UpdateAssumeRolePolicy",
        &[
            required("RoleName", Shape::String),
            required("PolicyDocument", Shape::String),
        ],
    ),
    operation(
        Service::Iam,
        "PutRolePolicy",
        &[
            required("RoleName", Shape::String),
            required("PolicyName", Shape::String),
            required("PolicyDocument", Shape::String),
        ],
    ),
    operation(
        Service::Iam,
        "GetRolePolicy",
        &[
            required("RoleName", Shape::String),
            required("PolicyName", Shape::String),
        ],
    ),
    operation(
        Service::Iam,
        "DeleteRolePolicy",
        &[
            required("RoleName", Shape::String),
            required("PolicyName", Shape::String),
        ],
    ),
    operation(
        Service::Iam,
        "ListRolePolicies",
        &[required("RoleName", Shape::String)],
    ),
    operation(
        Service::Iam,
        "ListAttachedRolePolicies",
        &[required("RoleName", Shape::String)],
    ),
    operation(
        Service::Iam,
        "AttachRolePolicy",
        &[
            required("RoleName", Shape::String),
            required("PolicyArn", Shape::String),
        ],
    ),
    operation(
        Service::Iam,
        "DetachRolePolicy",
        &[
            required("RoleName", Shape::String),
            required("PolicyArn", Shape::String),
        ],
    ),
    operation(
        Service::Iam,
        "CreatePolicy",
        &[
            required("PolicyName", Shape::String),
            member("Path", Shape::String),
            required("PolicyDocument", Shape::String),
            member("Description", Shape::String),
            member("Tags", Shape::StructureList(TAG)),
        ],
    ),
    operation(Service::Iam, "GetPolicy", &[required("PolicyArn", Shape::String)]),
    operation(
        Service::Iam,
        "GetPolicyVersion",
        &[
            required("PolicyArn", Shape::String),
            required("VersionId", Shape::String),
        ],
    ),
    operation(
        Service::Iam,
        "CreatePolicyVersion",
        &[
            required("PolicyArn", Shape::String),
            required("PolicyDocument", Shape::String),
            member("SetAsDefault", Shape::Boolean),
        ],
    ),
    operation(
        Service::Iam,
        "PutRolePermissionsBoundary",
        &[
            required("RoleName", Shape::String),
            required("PermissionsBoundary", Shape::String),
        ],
    ),
    operation(
        Service::Iam,
        "CreateInstanceProfile",
        &[
            required("InstanceProfileName", Shape::String),
            member("Path", Shape::String),
            member("Tags", Shape::StructureList(TAG)),
        ],
    ),
    operation(
        Service::Iam,
        "GetInstanceProfile",
        &[required("InstanceProfileName", Shape::String)],
    ),
    operation(
        Service::Iam,
        "AddRoleToInstanceProfile",
        &[
            required("InstanceProfileName", Shape::String),
            required("RoleName", Shape::String),
        ],
    ),
    operation(
        Service::Iam,
        "RemoveRoleFromInstanceProfile",
        &[
            required("InstanceProfileName", Shape::String),
            required("RoleName", Shape::String),
        ],
    ),
    operation(
        Service::Iam,
        "TagRole",
        &[
            required("RoleName", Shape::String),
            required("Tags", Shape::StructureList(TAG)),
        ],
    ),
    operation(
        Service::Iam,
        "UntagRole",
        &[
            required("RoleName", Shape::String),
            required("TagKeys", Shape::StringList),
        ],
    ),
    // EC2 (botocore ec2 2016-11-15)
    operation(
        Service::Ec2,
        "RunInstances",
        &[
            member("ImageId", Shape::String),
            member("InstanceType", Shape::String),
            required("MinCount", Shape::Integer),
            required("MaxCount", Shape::Integer),
            member("SubnetId", Shape::String),
            member("IamInstanceProfile", Shape::Structure(PROFILE_SPECIFICATION)),
            member("MetadataOptions", Shape::Structure(METADATA_OPTIONS)),
            member("TagSpecifications", Shape::StructureList(TAG_SPECIFICATION)),
            member("DryRun", Shape::Boolean),
        ],
    ),
    operation(
        Service::Ec2,
        "AssociateIamInstanceProfile",
        &[
            required("IamInstanceProfile", Shape::Structure(PROFILE_SPECIFICATION)),
            required("InstanceId", Shape::String),
        ],
    ),
    operation(
        Service::Ec2,
        "ReplaceIamInstanceProfileAssociation",
        &[
            required("IamInstanceProfile", Shape::Structure(PROFILE_SPECIFICATION)),
            required("AssociationId", Shape::String),
        ],
    ),
    operation(
        Service::Ec2,
        "DescribeIamInstanceProfileAssociations",
        &[
            member("AssociationIds", Shape::StringList),
            member("Filters", Shape::StructureList(EC2_FILTER)),
        ],
    ),
    operation(
        Service::Ec2,
        "StartInstances",
        &[
            required("InstanceIds", Shape::StringList),
            member("DryRun", Shape::Boolean),
        ],
    ),
    operation(
        Service::Ec2,
        "StopInstances",
        &[
            required("InstanceIds", Shape::StringList),
            member("DryRun", Shape::Boolean),
        ],
    ),
    operation(
        Service::Ec2,
        "TerminateInstances",
        &[
            required("InstanceIds", Shape::StringList),
            member("DryRun", Shape::Boolean),
        ],
    ),
    operation(
        Service::Ec2,
        "DescribeInstances",
        &[
            member("InstanceIds", Shape::StringList),
            member("Filters", Shape::StructureList(EC2_FILTER)),
            member("DryRun", Shape::Boolean),
        ],
    ),
    operation(
        Service::Ec2,
        "ModifyInstanceMetadataOptions",
        &[
            required("InstanceId", Shape::String),
            member("HttpTokens", Shape::String),
            member("HttpPutResponseHopLimit", Shape::Integer),
            member("HttpEndpoint", Shape::String),
            member("DryRun", Shape::Boolean),
        ],
    ),
    operation(
        Service::Ec2,
        "CreateTags",
        &[
            required("Resources", Shape::StringList),
            required("Tags", Shape::StructureList(TAG)),
            member("DryRun", Shape::Boolean),
        ],
    ),
    operation(
        Service::Ec2,
        "DeleteTags",
        &[
            required("Resources", Shape::StringList),
            member("Tags", Shape::StructureList(TAG)),
            member("DryRun", Shape::Boolean),
        ],
    ),
    // Only the members the simulation honours (interface endpoints in the default VPC); the CLI rejects the
    // others as unknown options rather than ignoring them.
    operation(
        Service::Ec2,
        "CreateVpcEndpoint",
        &[
            required("VpcId", Shape::String),
            required("ServiceName", Shape::String),
            member("VpcEndpointType", Shape::String),
            member("PolicyDocument", Shape::String),
            member("PrivateDnsEnabled", Shape::Boolean),
            member("DryRun", Shape::Boolean),
        ],
    ),
    operation(
        Service::Ec2,
        "DeleteVpcEndpoints",
        &[
            required("VpcEndpointIds", Shape::StringList),
            member("DryRun", Shape::Boolean),
        ],
    ),
    operation(
        Service::Ec2,
        "DescribeVpcEndpoints",
        &[member("DryRun", Shape::Boolean)],
    ),
    // STS (botocore sts 2011-06-15)
    operation(
        Service::Sts,
        "AssumeRole",
        &[
            required("RoleArn", Shape::String),
            required("RoleSessionName", Shape::String),
            member("PolicyArns", Shape::StructureList(POLICY_ARN)),
            member("Policy", Shape::String),
            member("DurationSeconds", Shape::Integer),
            member("Tags", Shape::StructureList(TAG)),
            member("ExternalId", Shape::String),
            member("SourceIdentity", Shape::String),
        ],
    ),
    operation(Service::Sts, "GetCallerIdentity", &[]),
    // KMS (botocore kms 2014-11-01)
    operation(
        Service::Kms,
        "CreateKey",
        &[
            member("Policy", Shape::String),
            member("Description", Shape::String),
            member("KeyUsage", Shape::String),
            member("KeySpec", Shape::String),
            member("Tags", Shape::StructureList(KMS_TAG)),
            member("BypassPolicyLockoutSafetyCheck", Shape::Boolean),
        ],
    ),
    operation(
        Service::Kms,
        "CreateAlias",
        &[
            required("AliasName", Shape::String),
            required("TargetKeyId", Shape::String),
        ],
    ),
    operation(
        Service::Kms,
        "DeleteAlias",
        &[required("AliasName", Shape::String)],
    ),
    operation(Service::Kms, "DescribeKey", &[required("KeyId", Shape::String)]),
    operation(Service::Kms, "ListAliases", &[member("KeyId", Shape::String)]),
    operation(
        Service::Kms,
        "PutKeyPolicy",
        &[
            required("KeyId", Shape::String),
            member("PolicyName", Shape::String),
            required("Policy", Shape::String),
            member("BypassPolicyLockoutSafetyCheck", Shape::Boolean),
        ],
    ),
    operation(
        Service::Kms,
        "GetKeyPolicy",
        &[
            required("KeyId", Shape::String),
            member("PolicyName", Shape::String),
        ],
    ),
    operation(
        Service::Kms,
        "Encrypt",
        &[
            required("KeyId", Shape::String),
            required("Plaintext", Shape::Blob),
            member("EncryptionContext", Shape::StringMap),
        ],
    ),
    operation(
        Service::Kms,
        "Decrypt",
        &[
            required("CiphertextBlob", Shape::Blob),
            member("KeyId", Shape::String),
            member("EncryptionContext", Shape::StringMap),
        ],
    ),
    operation(
        Service::Kms,
        "GenerateDataKey",
        &[
            required("KeyId", Shape::String),
            member("KeySpec", Shape::String),
            member("NumberOfBytes", Shape::Integer),
            member("EncryptionContext", Shape::StringMap),
        ],
    ),
    operation(Service::Kms, "EnableKey", &[required("KeyId", Shape::String)]),
    operation(Service::Kms, "DisableKey", &[required("KeyId", Shape::String)]),
    operation(
        Service::Kms,
        "ScheduleKeyDeletion",
        &[
            required("KeyId", Shape::String),
            member("PendingWindowInDays", Shape::Integer),
        ],
    ),
];

/// The operations of one service, in table order.
pub fn operations_of(service: Service) -> impl Iterator<Item = &'static Operation> {
    OPERATIONS
        .iter()
        .filter(move |operation| operation.service == service)
}

/// Finds an operation by its CLI command name (`get-secret-value`).
pub fn find_operation(service: Service, command: &str) -> Option<&'static Operation> {
    operations_of(service).find(|operation| xform_name(operation.name) == command)
}

/// botocore's `xform_name`: `GetSecretValue` → `get-secret-value`, `RotationLambdaARN` →
/// `rotation-lambda-arn`, `KmsKeyId` → `kms-key-id`.
pub fn xform_name(name: &str) -> String {
    let characters: Vec<char> = name.chars().collect();
    let mut output = String::with_capacity(name.len() + 4);
    for (index, &character) in characters.iter().enumerate() {
        if character.is_ascii_uppercase() && index > 0 {
            let previous = characters.get(index - 1).copied().unwrap_or(' ');
            let next = characters.get(index + 1).copied();
            let starts_word = previous.is_ascii_lowercase()
                || previous.is_ascii_digit()
                || (previous.is_ascii_uppercase() && next.is_some_and(|next| next.is_ascii_lowercase()));
            if starts_word {
                output.push('-');
            }
        }
        output.push(character.to_ascii_lowercase());
    }
    output
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_names_follow_botocore() {
        assert_eq!(xform_name("GetSecretValue"), "get-secret-value");
        assert_eq!(xform_name("RotationLambdaARN"), "rotation-lambda-arn");
        assert_eq!(xform_name("KmsKeyId"), "kms-key-id");
        assert_eq!(xform_name("SecretId"), "secret-id");
        assert_eq!(
            xform_name("HttpPutResponseHopLimit"),
            "http-put-response-hop-limit"
        );
        assert_eq!(
            xform_name("DescribeIamInstanceProfileAssociations"),
            "describe-iam-instance-profile-associations"
        );
        assert_eq!(xform_name("CiphertextBlob"), "ciphertext-blob");
    }

    #[test]
    fn every_operation_is_found_by_its_command_name() {
        for operation in OPERATIONS {
            let found = find_operation(operation.service, &xform_name(operation.name)).unwrap();
            assert_eq!(found.name, operation.name);
        }
    }
}
