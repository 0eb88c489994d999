//! The entities of the simulated world: roles and managed policies, instance profiles, instances, VPC
//! endpoints, KMS keys and aliases, secrets with their versions, rotation functions, STS sessions and the
//! organization. Plain data; behaviour lives in the service modules.

use policy::parse::{parse_policy, ParseError, PolicyKind};
use policy::{Layer, Policy, PolicySource};
use serde::{Deserialize, Serialize};

use crate::clock::Timestamp;
use crate::ids::{AccessKeyId, AccountId, InstanceId, StagingLabel, VersionId};

/// A policy document as the user wrote it, together with its parsed form and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPolicy {
    pub text: String,
    pub document: Policy,
    pub source: PolicySource,
    /// The grammar the text was parsed with (read again with it when a saved state is restored).
    pub kind: PolicyKind,
}

impl StoredPolicy {
    /// Parses `text` as a policy of `kind`; `source_id` names it in explanations and denial messages.
    pub fn parse(text: &str, kind: PolicyKind, source_id: &str, layer: Layer) -> Result<Self, ParseError> {
        let document = parse_policy(text, kind)?;
        Ok(Self {
            text: text.to_owned(),
            document,
            source: PolicySource {
                id: source_id.to_owned(),
                layer,
            },
            kind,
        })
    }
}

/// A stored policy in a saved state: its text, the grammar and the source it was parsed with. The parsed form
/// is not saved; it is read again from the text.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SavedPolicy {
    text: String,
    kind: String,
    source: String,
    layer: String,
}

const POLICY_KINDS: [(PolicyKind, &str); 10] = [
    (PolicyKind::IdentityManaged, "identityManaged"),
    (PolicyKind::IdentityInline, "identityInline"),
    (PolicyKind::PermissionsBoundary, "permissionsBoundary"),
    (PolicyKind::Session, "session"),
    (PolicyKind::Trust, "trust"),
    (PolicyKind::SecretResource, "secretResource"),
    (PolicyKind::KeyPolicy, "keyPolicy"),
    (PolicyKind::VpcEndpoint, "vpcEndpoint"),
    (PolicyKind::ServiceControl, "serviceControl"),
    (PolicyKind::ResourceControl, "resourceControl"),
];

const LAYERS: [(Layer, &str); 7] = [
    (Layer::ServiceControl, "serviceControl"),
    (Layer::ResourceControl, "resourceControl"),
    (Layer::VpcEndpoint, "vpcEndpoint"),
    (Layer::Resource, "resource"),
    (Layer::Identity, "identity"),
    (Layer::PermissionsBoundary, "permissionsBoundary"),
    (Layer::Session, "session"),
];

/// A [`PolicySource`] in a saved state: `{"id", "layer"}`.
mod saved_source {
    use policy::PolicySource;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    struct Saved {
        id: String,
        layer: String,
    }

    pub fn serialize<S: Serializer>(source: &PolicySource, serializer: S) -> Result<S::Ok, S::Error> {
        Saved {
            id: source.id.clone(),
            layer: super::LAYERS
                .iter()
                .find(|(layer, _)| *layer == source.layer)
                .map(|(_, name)| (*name).to_owned())
                .unwrap_or_default(),
        }
        .serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<PolicySource, D::Error> {
        use serde::de::Error as _;
        let saved = Saved::deserialize(deserializer)?;
        let layer = super::LAYERS
            .iter()
            .find(|(_, name)| *name == saved.layer)
            .map(|(layer, _)| *layer)
            .ok_or_else(|| D::Error::custom(format!("`{}` is not a policy layer", saved.layer)))?;
        Ok(PolicySource { id: saved.id, layer })
    }
}

impl Serialize for StoredPolicy {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let name = |found: Option<&str>| found.unwrap_or_default().to_owned();
        SavedPolicy {
            text: self.text.clone(),
            kind: name(
                POLICY_KINDS
                    .iter()
                    .find(|(kind, _)| *kind == self.kind)
                    .map(|(_, name)| *name),
            ),
            source: self.source.id.clone(),
            layer: name(
                LAYERS
                    .iter()
                    .find(|(layer, _)| *layer == self.source.layer)
                    .map(|(_, name)| *name),
            ),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for StoredPolicy {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let saved = SavedPolicy::deserialize(deserializer)?;
        let kind = POLICY_KINDS
            .iter()
            .find(|(_, name)| *name == saved.kind)
            .map(|(kind, _)| *kind)
            .ok_or_else(|| D::Error::custom(format!("`{}` is not a policy kind", saved.kind)))?;
        let layer = LAYERS
            .iter()
            .find(|(_, name)| *name == saved.layer)
            .map(|(layer, _)| *layer)
            .ok_or_else(|| D::Error::custom(format!("`{}` is not a policy layer", saved.layer)))?;
        StoredPolicy::parse(&saved.text, kind, &saved.source, layer)
            .map_err(|error| D::Error::custom(format!("{}: {}", saved.source, error.message())))
    }
}

/// A resource tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tag {
    pub key: String,
    pub value: String,
}

/// An IAM role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Role {
    pub account: AccountId,
    pub name: String,
    /// `/` or `/a/b/`.
    pub path: String,
    /// The unique id, `AROA...`.
    pub id: String,
    pub description: String,
    pub trust_policy: StoredPolicy,
    /// Inline policies by name, in the order they were put.
    pub inline_policies: Vec<(String, StoredPolicy)>,
    /// ARNs of attached managed policies.
    pub attached_policies: Vec<String>,
    pub permissions_boundary: Option<String>,
    pub tags: Vec<Tag>,
    /// Seconds, 3600..=43200.
    pub max_session_duration: i64,
    pub created: Timestamp,
}

impl Role {
    /// `arn:aws:iam::ACCOUNT:role/PATH/NAME` (with path).
    pub fn arn(&self) -> String {
        format!("arn:aws:iam::{}:role{}{}", self.account, self.path, self.name)
    }
}

/// A managed policy (customer managed or AWS managed) with its versions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManagedPolicy {
    pub arn: String,
    pub name: String,
    pub path: String,
    pub id: String,
    pub description: String,
    pub aws_managed: bool,
    pub versions: Vec<PolicyVersion>,
    pub default_version: String,
    /// The source used when the policy is a permissions boundary rather than an identity policy.
    #[serde(with = "saved_source")]
    pub boundary_source: PolicySource,
    pub created: Timestamp,
}

impl ManagedPolicy {
    pub fn default_document(&self) -> Option<&StoredPolicy> {
        self.versions
            .iter()
            .find(|version| version.id == self.default_version)
            .map(|version| &version.document)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyVersion {
    /// `v1`, `v2`, ...
    pub id: String,
    pub document: StoredPolicy,
    pub created: Timestamp,
}

/// An instance profile: the container that hands one role to EC2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceProfile {
    pub account: AccountId,
    pub name: String,
    pub path: String,
    /// `AIPA...`.
    pub id: String,
    /// At most one role name.
    pub roles: Vec<String>,
    pub created: Timestamp,
}

impl InstanceProfile {
    pub fn arn(&self) -> String {
        format!(
            "arn:aws:iam::{}:instance-profile{}{}",
            self.account, self.path, self.name
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InstanceState {
    Pending,
    Running,
    Stopping,
    Stopped,
    ShuttingDown,
    Terminated,
}

impl InstanceState {
    pub fn name(self) -> &'static str {
        match self {
            InstanceState::Pending => "pending",
            InstanceState::Running => "running",
            InstanceState::Stopping => "stopping",
            InstanceState::Stopped => "stopped",
            InstanceState::ShuttingDown => "shutting-down",
            InstanceState::Terminated => "terminated",
        }
    }

    /// EC2's numeric state code.
    pub fn code(self) -> u32 {
        match self {
            InstanceState::Pending => 0,
            InstanceState::Running => 16,
            InstanceState::ShuttingDown => 32,
            InstanceState::Terminated => 48,
            InstanceState::Stopping => 64,
            InstanceState::Stopped => 80,
        }
    }
}

/// `HttpTokens`: whether IMDSv1 is still allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HttpTokens {
    Optional,
    Required,
}

impl HttpTokens {
    pub fn name(self) -> &'static str {
        match self {
            HttpTokens::Optional => "optional",
            HttpTokens::Required => "required",
        }
    }
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "optional" => Some(HttpTokens::Optional),
            "required" => Some(HttpTokens::Required),
            _ => None,
        }
    }
}

/// The instance metadata options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetadataOptions {
    pub http_tokens: HttpTokens,
    pub hop_limit: u32,
    pub endpoint_enabled: bool,
}

impl Default for MetadataOptions {
    fn default() -> Self {
        Self {
            http_tokens: HttpTokens::Required,
            hop_limit: 2,
            endpoint_enabled: true,
        }
    }
}

/// An instance profile association (`iip-assoc-...`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileAssociation {
    pub id: String,
    pub profile_name: String,
}

/// An IMDSv2 session token handed out by `PUT /latest/api/token`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetadataToken {
    pub token: String,
    pub expires: Timestamp,
}

/// An EC2 instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Instance {
    pub id: InstanceId,
    pub account: AccountId,
    pub region: String,
    pub name: String,
    pub state: InstanceState,
    pub image_id: String,
    pub instance_type: String,
    pub vpc_id: String,
    pub subnet_id: String,
    pub private_ip: String,
    pub public_ip: Option<String>,
    pub tags: Vec<Tag>,
    pub profile: Option<ProfileAssociation>,
    pub metadata: MetadataOptions,
    pub launched: Timestamp,
    pub tokens: Vec<MetadataToken>,
}

impl Instance {
    pub fn arn(&self) -> String {
        format!(
            "arn:aws:ec2:{}:{}:instance/{}",
            self.region, self.account, self.id
        )
    }
}

/// An interface VPC endpoint (for Secrets Manager) with its endpoint policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VpcEndpoint {
    pub id: String,
    pub account: AccountId,
    pub region: String,
    pub vpc_id: String,
    /// `com.amazonaws.REGION.secretsmanager`.
    pub service_name: String,
    /// `None` is the default full-access policy.
    pub policy: Option<StoredPolicy>,
    /// Whether private DNS is on, so that the SDK's default endpoint resolves to this endpoint inside the VPC.
    pub private_dns: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeyState {
    Enabled,
    Disabled,
    PendingDeletion(Timestamp),
}

impl KeyState {
    pub fn name(self) -> &'static str {
        match self {
            KeyState::Enabled => "Enabled",
            KeyState::Disabled => "Disabled",
            KeyState::PendingDeletion(_) => "PendingDeletion",
        }
    }
}

/// A KMS key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Key {
    pub account: AccountId,
    pub region: String,
    /// A UUID.
    pub id: String,
    pub description: String,
    pub policy: StoredPolicy,
    pub state: KeyState,
    /// The AWS managed key `aws/secretsmanager` (its policy cannot be changed, RCPs do not apply).
    pub aws_managed: bool,
    pub created: Timestamp,
}

impl Key {
    pub fn arn(&self) -> String {
        format!("arn:aws:kms:{}:{}:key/{}", self.region, self.account, self.id)
    }
}

/// A KMS alias (`alias/NAME`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Alias {
    pub account: AccountId,
    pub region: String,
    pub name: String,
    pub key_id: String,
}

impl Alias {
    pub fn arn(&self) -> String {
        format!("arn:aws:kms:{}:{}:{}", self.region, self.account, self.name)
    }
}

/// A secret value: text or bytes (kept as the base64 text the wire carries).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SecretValue {
    String(String),
    Binary(String),
}

/// One immutable version of a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretVersion {
    pub id: VersionId,
    pub value: Option<SecretValue>,
    pub stages: Vec<StagingLabel>,
    pub created: Timestamp,
    pub last_accessed: Option<Timestamp>,
    /// The ARN of the key the version's data key was generated under (the newest, after re-encryption).
    pub key_arn: String,
    /// Keys the version was encrypted under before UpdateSecret re-encrypted it with `key_arn`; Secrets
    /// Manager keeps those encryptions too, so either key decrypts the version (reference 1.5).
    pub earlier_key_arns: Vec<String>,
}

impl SecretVersion {
    /// Every key the version is encrypted under, newest first (ListSecretVersionIds `KmsKeyIds`).
    pub fn key_arns(&self) -> Vec<&str> {
        std::iter::once(self.key_arn.as_str())
            .chain(self.earlier_key_arns.iter().rev().map(String::as_str))
            .collect()
    }
}

/// A secret's rotation settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RotationConfig {
    pub lambda_arn: String,
    pub automatically_after_days: Option<i64>,
    pub schedule_expression: Option<String>,
    pub duration: Option<String>,
}

/// A replica of a secret in another Region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Replica {
    pub region: String,
    pub kms_key_id: Option<String>,
    pub status: String,
    pub status_message: String,
}

/// A secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Secret {
    pub account: AccountId,
    pub region: String,
    pub name: String,
    /// The random 6-character ARN suffix.
    pub suffix: String,
    pub description: Option<String>,
    /// The key as configured (id, ARN or alias); `None` means `aws/secretsmanager`.
    pub kms_key_id: Option<String>,
    pub versions: Vec<SecretVersion>,
    pub tags: Vec<Tag>,
    pub resource_policy: Option<StoredPolicy>,
    pub rotation: Option<RotationConfig>,
    /// `None` until rotation is first configured.
    pub rotation_enabled: Option<bool>,
    pub last_rotated: Option<Timestamp>,
    pub last_changed: Timestamp,
    pub last_accessed: Option<Timestamp>,
    pub created: Timestamp,
    /// Set while the secret is scheduled for deletion: (deleted date, deletion date).
    pub deletion: Option<(Timestamp, Timestamp)>,
    pub replicas: Vec<Replica>,
    /// For a replica: the primary's Region.
    pub primary_region: Option<String>,
    /// A rotation that has started and not finished: the pending version id.
    pub rotation_in_progress: Option<VersionId>,
}

impl Secret {
    pub fn arn(&self) -> String {
        format!(
            "arn:aws:secretsmanager:{}:{}:secret:{}-{}",
            self.region, self.account, self.name, self.suffix
        )
    }

    /// The ARN without its random suffix (a "partial ARN").
    pub fn partial_arn(&self) -> String {
        format!(
            "arn:aws:secretsmanager:{}:{}:secret:{}",
            self.region, self.account, self.name
        )
    }

    pub fn version_with_stage(&self, stage: &str) -> Option<&SecretVersion> {
        self.versions
            .iter()
            .find(|version| version.stages.iter().any(|label| label.as_str() == stage))
    }

    pub fn version(&self, id: &str) -> Option<&SecretVersion> {
        self.versions.iter().find(|version| version.id.as_str() == id)
    }

    pub fn is_scheduled_for_deletion(&self) -> bool {
        self.deletion.is_some()
    }
}

/// A rotation step of the Lambda rotation protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RotationStep {
    CreateSecret,
    SetSecret,
    TestSecret,
    FinishSecret,
}

impl RotationStep {
    pub const ALL: [RotationStep; 4] = [
        RotationStep::CreateSecret,
        RotationStep::SetSecret,
        RotationStep::TestSecret,
        RotationStep::FinishSecret,
    ];

    pub fn name(self) -> &'static str {
        match self {
            RotationStep::CreateSecret => "createSecret",
            RotationStep::SetSecret => "setSecret",
            RotationStep::TestSecret => "testSecret",
            RotationStep::FinishSecret => "finishSecret",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|step| step.name() == name)
    }
}

/// A simulated rotation Lambda function: it runs the four steps as its execution role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RotationFunction {
    pub account: AccountId,
    pub region: String,
    pub name: String,
    pub execution_role: String,
    /// A step configured to fail (the setSecret step failing models "the database rejected the password").
    pub failing_step: Option<RotationStep>,
    /// The function's resource-based policy. `None` is the policy the Secrets Manager User Guide has you add
    /// (`aws lambda add-permission --principal secretsmanager.amazonaws.com --action lambda:InvokeFunction`):
    /// Secrets Manager may invoke the function.
    pub policy: Option<StoredPolicy>,
}

/// Parses a Lambda function's resource-based policy. The policy crate has no Lambda kind; a VPC endpoint
/// policy has the same grammar (a resource policy with `Principal`) and the same 20,480-character quota
/// (Lambda quotas: "Function resource-based policy: 20 KB").
pub(crate) fn rotation_function_policy(text: &str, function_arn: &str) -> Result<StoredPolicy, ParseError> {
    StoredPolicy::parse(text, PolicyKind::VpcEndpoint, function_arn, Layer::Resource)
}

impl RotationFunction {
    pub fn arn(&self) -> String {
        format!(
            "arn:aws:lambda:{}:{}:function:{}",
            self.region, self.account, self.name
        )
    }
}

/// How an STS session came to be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SessionOrigin {
    /// STS AssumeRole.
    AssumeRole,
    /// Delivered to an instance by IMDS (`ec2RoleDelivery` 1.0 or 2.0).
    Instance {
        instance: InstanceId,
        role_delivery: RoleDelivery,
        vpc_id: String,
        private_ip: String,
        region: String,
    },
    /// Made by the playground for `as ARN` and the administrator.
    Playground,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RoleDelivery {
    V1,
    V2,
}

impl RoleDelivery {
    pub fn as_str(self) -> &'static str {
        match self {
            RoleDelivery::V1 => "1.0",
            RoleDelivery::V2 => "2.0",
        }
    }
}

/// A role session with temporary credentials.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    pub access_key_id: AccessKeyId,
    pub secret_access_key: String,
    pub token: String,
    pub account: AccountId,
    /// The role's ARN with its path.
    pub role_arn: String,
    pub role_name: String,
    pub role_id: String,
    pub session_name: String,
    pub issued: Timestamp,
    pub expires: Timestamp,
    pub tags: Vec<Tag>,
    pub session_policy: Option<StoredPolicy>,
    pub origin: SessionOrigin,
}

impl Session {
    /// `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION` (role name only, no path).
    pub fn arn(&self) -> String {
        format!(
            "arn:aws:sts::{}:assumed-role/{}/{}",
            self.account, self.role_name, self.session_name
        )
    }

    /// `AROA...:SESSION`.
    pub fn user_id(&self) -> String {
        format!("{}:{}", self.role_id, self.session_name)
    }
}

/// An AWS Organizations organization: OUs, SCPs and RCPs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    pub id: String,
    pub management_account: AccountId,
    pub root_id: String,
    pub units: Vec<OrganizationalUnit>,
    /// Which OU (or the root) each member account sits in.
    pub placements: Vec<(AccountId, String)>,
    pub policies: Vec<OrganizationPolicy>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationalUnit {
    pub id: String,
    pub name: String,
    pub parent: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrganizationPolicyKind {
    ServiceControl,
    ResourceControl,
}

/// An SCP or RCP and the targets (root, OU or account ids) it is attached to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationPolicy {
    pub id: String,
    pub name: String,
    pub kind: OrganizationPolicyKind,
    pub document: StoredPolicy,
    pub targets: Vec<String>,
}
