//! The shapes of the one entry point: who calls ([`Caller`]), what is called ([`ApiCall`], AWS's own JSON input
//! shape), and how it fails ([`ApiError`], AWS's error code and exact message text).

use serde_json::Value;

/// The AWS services the account simulates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Service {
    SecretsManager,
    Iam,
    Sts,
    Ec2,
    Kms,
}

impl Service {
    /// The CloudTrail `eventSource`, e.g. `secretsmanager.amazonaws.com`.
    pub fn event_source(self) -> &'static str {
        match self {
            Service::SecretsManager => "secretsmanager.amazonaws.com",
            Service::Iam => "iam.amazonaws.com",
            Service::Sts => "sts.amazonaws.com",
            Service::Ec2 => "ec2.amazonaws.com",
            Service::Kms => "kms.amazonaws.com",
        }
    }

    /// The IAM action prefix and AWS CLI command name, e.g. `secretsmanager`.
    pub fn prefix(self) -> &'static str {
        match self {
            Service::SecretsManager => "secretsmanager",
            Service::Iam => "iam",
            Service::Sts => "sts",
            Service::Ec2 => "ec2",
            Service::Kms => "kms",
        }
    }

    pub fn from_prefix(prefix: &str) -> Option<Self> {
        Some(match prefix {
            "secretsmanager" => Service::SecretsManager,
            "iam" => Service::Iam,
            "sts" => Service::Sts,
            "ec2" => Service::Ec2,
            "kms" => Service::Kms,
            _ => return None,
        })
    }
}

/// One API request in AWS's own JSON input shape (PascalCase members, as the AWS JSON protocols and the
/// AWS CLI's `--cli-input-json` use them).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiCall {
    pub service: Service,
    /// The API operation name, e.g. `GetSecretValue`.
    pub operation: String,
    /// The request members, e.g. `{"SecretId": "prod/cart-service/credentials"}`.
    pub input: Value,
    /// The Region the request is sent to; `None` means the account's home Region.
    pub region: Option<String>,
}

/// Who makes a call and from where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub credentials: Credentials,
    pub network: NetworkOrigin,
}

impl Caller {
    /// The administrator, from the default network origin.
    pub fn administrator() -> Self {
        Self {
            credentials: Credentials::Administrator,
            network: NetworkOrigin::default(),
        }
    }

    /// A session of `arn` (a role ARN or a role session ARN), from the default network origin.
    pub fn as_principal(arn: &str) -> Self {
        Self {
            credentials: Credentials::AsPrincipal(arn.to_owned()),
            network: NetworkOrigin::default(),
        }
    }
}

impl ApiCall {
    /// A call in the account's home Region.
    pub fn new(service: Service, operation: &str, input: Value) -> Self {
        Self {
            service,
            operation: operation.to_owned(),
            input,
            region: None,
        }
    }
}

/// The credentials a request is signed with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// The account's administrator: a session of the `Administrator` role that every scenario has.
    Administrator,
    /// Temporary or long-term credentials by access key id (from IMDS, AssumeRole, ...).
    AccessKey(String),
    /// A session of the given role ARN, created on demand (the `as ARN` script directive and the UI's
    /// "call as" menu). A role session ARN (`arn:aws:sts::...:assumed-role/ROLE/SESSION`) names the session.
    AsPrincipal(String),
}

/// Where a request comes from on the network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkOrigin {
    /// The source IP address AWS sees (`aws:SourceIp`, CloudTrail `sourceIPAddress`).
    pub source_ip: String,
    /// The VPC endpoint id the request goes through, if any (`aws:SourceVpce`, CloudTrail `vpcEndpointId`).
    pub vpc_endpoint: Option<String>,
    /// The instance the request is made from, if any.
    pub instance: Option<String>,
    /// The client's user agent (CloudTrail `userAgent`).
    pub user_agent: String,
    /// Whether the request uses TLS (`aws:SecureTransport`).
    pub secure_transport: bool,
}

impl Default for NetworkOrigin {
    fn default() -> Self {
        Self {
            source_ip: "198.51.100.10".to_owned(),
            vpc_endpoint: None,
            instance: None,
            user_agent: "aws-cli/2.22.35 Python/3.12.6 Linux/6.1 exe/x86_64.amzn.2023".to_owned(),
            secure_transport: true,
        }
    }
}

/// An error as AWS returns it: the error code and the exact message text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

/// AWS error codes used by the simulated services.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    // Secrets Manager and KMS (JSON protocols)
    AccessDeniedException,
    ResourceNotFoundException,
    ResourceExistsException,
    InvalidRequestException,
    InvalidParameterException,
    InvalidNextTokenException,
    LimitExceededException,
    MalformedPolicyDocumentException,
    PreconditionNotMetException,
    PublicPolicyException,
    DecryptionFailure,
    EncryptionFailure,
    ValidationException,
    NotFoundException,
    DisabledException,
    KmsInvalidStateException,
    AlreadyExistsException,
    InvalidArnException,
    UnrecognizedClientException,
    ExpiredTokenException,
    UnknownOperationException,
    // IAM and STS (query protocols)
    AccessDenied,
    NoSuchEntity,
    EntityAlreadyExists,
    MalformedPolicyDocument,
    LimitExceeded,
    InvalidInput,
    DeleteConflict,
    ExpiredToken,
    InvalidClientTokenId,
    // EC2
    UnauthorizedOperation,
    InvalidInstanceIdNotFound,
    InvalidParameterValue,
    IncorrectInstanceState,
    InvalidAssociationIdNotFound,
    MissingParameter,
    AuthFailure,
    RequestExpired,
    InvalidAction,
    InvalidParameterCombination,
    IncorrectState,
    InvalidServiceName,
    InvalidVpcIdNotFound,
    /// EC2's answer to a `DryRun` request the caller is allowed to make.
    DryRunOperation,
    /// IAM's and STS's request validation error.
    ValidationError,
}

impl ErrorCode {
    /// The code exactly as AWS spells it on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::AccessDeniedException => "AccessDeniedException",
            ErrorCode::ResourceNotFoundException => "ResourceNotFoundException",
            ErrorCode::ResourceExistsException => "ResourceExistsException",
            ErrorCode::InvalidRequestException => "InvalidRequestException",
            ErrorCode::InvalidParameterException => "InvalidParameterException",
            ErrorCode::InvalidNextTokenException => "InvalidNextTokenException",
            ErrorCode::LimitExceededException => "LimitExceededException",
            ErrorCode::MalformedPolicyDocumentException => "MalformedPolicyDocumentException",
            ErrorCode::PreconditionNotMetException => "PreconditionNotMetException",
            ErrorCode::PublicPolicyException => "PublicPolicyException",
            ErrorCode::DecryptionFailure => "DecryptionFailure",
            ErrorCode::EncryptionFailure => "EncryptionFailure",
            ErrorCode::ValidationException => "ValidationException",
            ErrorCode::NotFoundException => "NotFoundException",
            ErrorCode::DisabledException => "DisabledException",
            ErrorCode::KmsInvalidStateException => "KMSInvalidStateException",
            ErrorCode::AlreadyExistsException => "AlreadyExistsException",
            ErrorCode::InvalidArnException => "InvalidArnException",
            ErrorCode::UnrecognizedClientException => "UnrecognizedClientException",
            ErrorCode::ExpiredTokenException => "ExpiredTokenException",
            ErrorCode::UnknownOperationException => "UnknownOperationException",
            ErrorCode::AccessDenied => "AccessDenied",
            ErrorCode::NoSuchEntity => "NoSuchEntity",
            ErrorCode::EntityAlreadyExists => "EntityAlreadyExists",
            ErrorCode::MalformedPolicyDocument => "MalformedPolicyDocument",
            ErrorCode::LimitExceeded => "LimitExceeded",
            ErrorCode::InvalidInput => "InvalidInput",
            ErrorCode::DeleteConflict => "DeleteConflict",
            ErrorCode::ExpiredToken => "ExpiredToken",
            ErrorCode::InvalidClientTokenId => "InvalidClientTokenId",
            ErrorCode::UnauthorizedOperation => "UnauthorizedOperation",
            ErrorCode::InvalidInstanceIdNotFound => "InvalidInstanceID.NotFound",
            ErrorCode::InvalidParameterValue => "InvalidParameterValue",
            ErrorCode::IncorrectInstanceState => "IncorrectInstanceState",
            ErrorCode::InvalidAssociationIdNotFound => "InvalidAssociationID.NotFound",
            ErrorCode::MissingParameter => "MissingParameter",
            ErrorCode::AuthFailure => "AuthFailure",
            ErrorCode::RequestExpired => "RequestExpired",
            ErrorCode::InvalidAction => "InvalidAction",
            ErrorCode::InvalidParameterCombination => "InvalidParameterCombination",
            ErrorCode::IncorrectState => "IncorrectState",
            ErrorCode::InvalidServiceName => "InvalidServiceName",
            ErrorCode::InvalidVpcIdNotFound => "InvalidVpcID.NotFound",
            ErrorCode::DryRunOperation => "DryRunOperation",
            ErrorCode::ValidationError => "ValidationError",
        }
    }
}
