//! The entities of the simulated world: roles and managed policies, instance profiles, instances, VPC
//! endpoints, KMS keys and aliases, secrets with their versions, rotation functions, STS sessions and the
//! organization. Plain data, each type followed by how a saved state writes it (see `codec`); behaviour lives
//! in the service modules.

use policy::json::JsonValue;
use policy::parse::{parse_policy, ParseError, PolicyKind};
use policy::{Layer, Policy, PolicySource};
use serde_json::Value;

use crate::clock::Timestamp;
use crate::codec::{
    self, codec_struct, codec_unit_enum, Decode, DecodeError, Encode, ObjectReader, ObjectWriter, Unknown,
};
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

/// The name of `item` in `table` (empty if it has none, which cannot happen for the tables above).
fn name_in<T: PartialEq>(table: &[(T, &'static str)], item: &T) -> &'static str {
    table
        .iter()
        .find(|(known, _)| known == item)
        .map_or("", |(_, name)| name)
}

/// The item named by the string member `key` of `object`: serde's message for a name not in `table` was
/// "`NAME` is not a policy kind" (`what` = "policy kind").
fn named<T: Copy>(
    table: &[(T, &'static str)],
    object: &ObjectReader<'_>,
    key: &str,
    what: &str,
) -> Result<T, DecodeError> {
    let name: String = object.required(key)?;
    table
        .iter()
        .find(|(_, known)| *known == name)
        .map(|(item, _)| *item)
        .ok_or_else(|| match object.member(key) {
            Some(member) => codec::custom(member, format!("`{name}` is not a {what}")).in_member(key),
            None => codec::custom(object.value(), format!("`{name}` is not a {what}")),
        })
}

/// A stored policy in a saved state: `{"text", "kind", "source", "layer"}`, the grammar and the source it was
/// parsed with. The parsed form is not saved; it is read again from the text.
impl Decode for StoredPolicy {
    fn decode(value: &JsonValue) -> Result<Self, DecodeError> {
        const FIELDS: &[&str] = &["text", "kind", "source", "layer"];
        let object = ObjectReader::new(value, "struct SavedPolicy", FIELDS, Unknown::Ignore)?;
        let text: String = object.required("text")?;
        let _: String = object.required("kind")?;
        let source: String = object.required("source")?;
        let _: String = object.required("layer")?;
        let kind = named(&POLICY_KINDS, &object, "kind", "policy kind")?;
        let layer = named(&LAYERS, &object, "layer", "policy layer")?;
        StoredPolicy::parse(&text, kind, &source, layer).map_err(|error| {
            let message = format!("{source}: {}", error.message());
            match object.member("text") {
                Some(member) => codec::custom(member, message).in_member("text"),
                None => codec::custom(value, message),
            }
        })
    }
}

impl Encode for StoredPolicy {
    fn encode(&self) -> Value {
        let mut object = ObjectWriter::new();
        object.member("text", self.text.encode());
        object.member("kind", Value::from(name_in(&POLICY_KINDS, &self.kind)));
        object.member("source", self.source.id.encode());
        object.member("layer", Value::from(name_in(&LAYERS, &self.source.layer)));
        object.finish()
    }
}

/// A [`PolicySource`] in a saved state: `{"id", "layer"}`.
impl Decode for PolicySource {
    fn decode(value: &JsonValue) -> Result<Self, DecodeError> {
        let object = ObjectReader::new(value, "struct Saved", &["id", "layer"], Unknown::Ignore)?;
        let id: String = object.required("id")?;
        let _: String = object.required("layer")?;
        let layer = named(&LAYERS, &object, "layer", "policy layer")?;
        Ok(PolicySource { id, layer })
    }
}

impl Encode for PolicySource {
    fn encode(&self) -> Value {
        let mut object = ObjectWriter::new();
        object.member("id", self.id.encode());
        object.member("layer", Value::from(name_in(&LAYERS, &self.layer)));
        object.finish()
    }
}

/// A resource tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

codec_struct! {
    Tag, "struct Tag", Ignore {
        key: "key",
        value: "value",
    }
}

/// An IAM role.
#[derive(Debug, Clone, PartialEq)]
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

codec_struct! {
    Role, "struct Role", Ignore {
        account: "account",
        name: "name",
        path: "path",
        id: "id",
        description: "description",
        trust_policy: "trustPolicy",
        inline_policies: "inlinePolicies",
        attached_policies: "attachedPolicies",
        permissions_boundary: "permissionsBoundary",
        tags: "tags",
        max_session_duration: "maxSessionDuration",
        created: "created",
    }
}

impl Role {
    /// `arn:aws:iam::ACCOUNT:role/PATH/NAME` (with path).
    pub fn arn(&self) -> String {
        format!("arn:aws:iam::{}:role{}{}", self.account, self.path, self.name)
    }
}

/// A managed policy (customer managed or AWS managed) with its versions.
#[derive(Debug, Clone, PartialEq)]
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
    pub boundary_source: PolicySource,
    pub created: Timestamp,
}

codec_struct! {
    ManagedPolicy, "struct ManagedPolicy", Ignore {
        arn: "arn",
        name: "name",
        path: "path",
        id: "id",
        description: "description",
        aws_managed: "awsManaged",
        versions: "versions",
        default_version: "defaultVersion",
        boundary_source: "boundarySource",
        created: "created",
    }
}

impl ManagedPolicy {
    pub fn default_document(&self) -> Option<&StoredPolicy> {
        self.versions
            .iter()
            .find(|version| version.id == self.default_version)
            .map(|version| &version.document)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PolicyVersion {
    /// `v1`, `v2`, ...
    pub id: String,
    pub document: StoredPolicy,
    pub created: Timestamp,
}

codec_struct! {
    PolicyVersion, "struct PolicyVersion", Ignore {
        id: "id",
        document: "document",
        created: "created",
    }
}

/// An instance profile: the container that hands one role to EC2.
#[derive(Debug, Clone, PartialEq, Eq)]
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

codec_struct! {
    InstanceProfile, "struct InstanceProfile", Ignore {
        account: "account",
        name: "name",
        path: "path",
        id: "id",
        roles: "roles",
        created: "created",
    }
}

impl InstanceProfile {
    pub fn arn(&self) -> String {
        format!(
            "arn:aws:iam::{}:instance-profile{}{}",
            self.account, self.path, self.name
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstanceState {
    Pending,
    Running,
    Stopping,
    Stopped,
    ShuttingDown,
    Terminated,
}

codec_unit_enum!(InstanceState {
    Pending,
    Running,
    Stopping,
    Stopped,
    ShuttingDown,
    Terminated,
});

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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpTokens {
    Optional,
    Required,
}

codec_unit_enum!(HttpTokens { Optional, Required });

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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MetadataOptions {
    pub http_tokens: HttpTokens,
    pub hop_limit: u32,
    pub endpoint_enabled: bool,
}

codec_struct! {
    MetadataOptions, "struct MetadataOptions", Ignore {
        http_tokens: "httpTokens",
        hop_limit: "hopLimit",
        endpoint_enabled: "endpointEnabled",
    }
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileAssociation {
    pub id: String,
    pub profile_name: String,
}

codec_struct! {
    ProfileAssociation, "struct ProfileAssociation", Ignore {
        id: "id",
        profile_name: "profileName",
    }
}

/// An IMDSv2 session token handed out by `PUT /latest/api/token`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadataToken {
    pub token: String,
    pub expires: Timestamp,
}

codec_struct! {
    MetadataToken, "struct MetadataToken", Ignore {
        token: "token",
        expires: "expires",
    }
}

/// An EC2 instance.
#[derive(Debug, Clone, PartialEq, Eq)]
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

codec_struct! {
    Instance, "struct Instance", Ignore {
        id: "id",
        account: "account",
        region: "region",
        name: "name",
        state: "state",
        image_id: "imageId",
        instance_type: "instanceType",
        vpc_id: "vpcId",
        subnet_id: "subnetId",
        private_ip: "privateIp",
        public_ip: "publicIp",
        tags: "tags",
        profile: "profile",
        metadata: "metadata",
        launched: "launched",
        tokens: "tokens",
    }
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
#[derive(Debug, Clone, PartialEq)]
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

codec_struct! {
    VpcEndpoint, "struct VpcEndpoint", Ignore {
        id: "id",
        account: "account",
        region: "region",
        vpc_id: "vpcId",
        service_name: "serviceName",
        policy: "policy",
        private_dns: "privateDns",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyState {
    Enabled,
    Disabled,
    PendingDeletion(Timestamp),
}

impl Decode for KeyState {
    fn decode(value: &JsonValue) -> Result<Self, DecodeError> {
        const VARIANTS: &[&str] = &["Enabled", "Disabled", "PendingDeletion"];
        match codec::variant(value, "enum KeyState", VARIANTS)? {
            (0, content) => codec::unit_content(content).map(|()| KeyState::Enabled),
            (1, content) => codec::unit_content(content).map(|()| KeyState::Disabled),
            (_, content) => Timestamp::decode(codec::variant_content(value, content, "newtype")?)
                .map(KeyState::PendingDeletion)
                .map_err(|error| error.in_member("PendingDeletion")),
        }
    }
}

impl Encode for KeyState {
    fn encode(&self) -> Value {
        match self {
            KeyState::PendingDeletion(date) => codec::tagged("PendingDeletion", date.encode()),
            KeyState::Enabled | KeyState::Disabled => Value::from(self.name()),
        }
    }
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
#[derive(Debug, Clone, PartialEq)]
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

codec_struct! {
    Key, "struct Key", Ignore {
        account: "account",
        region: "region",
        id: "id",
        description: "description",
        policy: "policy",
        state: "state",
        aws_managed: "awsManaged",
        created: "created",
    }
}

impl Key {
    pub fn arn(&self) -> String {
        format!("arn:aws:kms:{}:{}:key/{}", self.region, self.account, self.id)
    }
}

/// A KMS alias (`alias/NAME`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    pub account: AccountId,
    pub region: String,
    pub name: String,
    pub key_id: String,
}

codec_struct! {
    Alias, "struct Alias", Ignore {
        account: "account",
        region: "region",
        name: "name",
        key_id: "keyId",
    }
}

impl Alias {
    pub fn arn(&self) -> String {
        format!("arn:aws:kms:{}:{}:{}", self.region, self.account, self.name)
    }
}

/// A secret value: text or bytes (kept as the base64 text the wire carries).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretValue {
    String(String),
    Binary(String),
}

impl Decode for SecretValue {
    fn decode(value: &JsonValue) -> Result<Self, DecodeError> {
        let (index, content) = codec::variant(value, "enum SecretValue", &["String", "Binary"])?;
        let text = String::decode(codec::variant_content(value, content, "newtype")?);
        match index {
            0 => text
                .map(SecretValue::String)
                .map_err(|error| error.in_member("String")),
            _ => text
                .map(SecretValue::Binary)
                .map_err(|error| error.in_member("Binary")),
        }
    }
}

impl Encode for SecretValue {
    fn encode(&self) -> Value {
        match self {
            SecretValue::String(text) => codec::tagged("String", text.encode()),
            SecretValue::Binary(text) => codec::tagged("Binary", text.encode()),
        }
    }
}

/// One immutable version of a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
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

codec_struct! {
    SecretVersion, "struct SecretVersion", Ignore {
        id: "id",
        value: "value",
        stages: "stages",
        created: "created",
        last_accessed: "lastAccessed",
        key_arn: "keyArn",
        earlier_key_arns: "earlierKeyArns",
    }
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotationConfig {
    pub lambda_arn: String,
    pub automatically_after_days: Option<i64>,
    pub schedule_expression: Option<String>,
    pub duration: Option<String>,
}

codec_struct! {
    RotationConfig, "struct RotationConfig", Ignore {
        lambda_arn: "lambdaArn",
        automatically_after_days: "automaticallyAfterDays",
        schedule_expression: "scheduleExpression",
        duration: "duration",
    }
}

/// A replica of a secret in another Region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replica {
    pub region: String,
    pub kms_key_id: Option<String>,
    pub status: String,
    pub status_message: String,
}

codec_struct! {
    Replica, "struct Replica", Ignore {
        region: "region",
        kms_key_id: "kmsKeyId",
        status: "status",
        status_message: "statusMessage",
    }
}

/// A secret.
#[derive(Debug, Clone, PartialEq)]
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

codec_struct! {
    Secret, "struct Secret", Ignore {
        account: "account",
        region: "region",
        name: "name",
        suffix: "suffix",
        description: "description",
        kms_key_id: "kmsKeyId",
        versions: "versions",
        tags: "tags",
        resource_policy: "resourcePolicy",
        rotation: "rotation",
        rotation_enabled: "rotationEnabled",
        last_rotated: "lastRotated",
        last_changed: "lastChanged",
        last_accessed: "lastAccessed",
        created: "created",
        deletion: "deletion",
        replicas: "replicas",
        primary_region: "primaryRegion",
        rotation_in_progress: "rotationInProgress",
    }
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RotationStep {
    CreateSecret,
    SetSecret,
    TestSecret,
    FinishSecret,
}

codec_unit_enum!(RotationStep {
    CreateSecret,
    SetSecret,
    TestSecret,
    FinishSecret,
});

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
#[derive(Debug, Clone, PartialEq)]
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

codec_struct! {
    RotationFunction, "struct RotationFunction", Ignore {
        account: "account",
        region: "region",
        name: "name",
        execution_role: "executionRole",
        failing_step: "failingStep",
        policy: "policy",
    }
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
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// Serde's externally tagged form: `"AssumeRole"`, `{"Instance": {"instance", "role_delivery", "vpc_id",
/// "private_ip", "region"}}` (the variant's members keep their Rust names), `"Playground"`.
impl Decode for SessionOrigin {
    fn decode(value: &JsonValue) -> Result<Self, DecodeError> {
        const VARIANTS: &[&str] = &["AssumeRole", "Instance", "Playground"];
        const FIELDS: &[&str] = &["instance", "role_delivery", "vpc_id", "private_ip", "region"];
        match codec::variant(value, "enum SessionOrigin", VARIANTS)? {
            (0, content) => codec::unit_content(content).map(|()| SessionOrigin::AssumeRole),
            (1, content) => {
                let read = || {
                    let content = codec::variant_content(value, content, "struct")?;
                    let object = ObjectReader::new(
                        content,
                        "struct variant SessionOrigin::Instance",
                        FIELDS,
                        Unknown::Ignore,
                    )?;
                    Ok(SessionOrigin::Instance {
                        instance: object.required("instance")?,
                        role_delivery: object.required("role_delivery")?,
                        vpc_id: object.required("vpc_id")?,
                        private_ip: object.required("private_ip")?,
                        region: object.required("region")?,
                    })
                };
                read().map_err(|error: DecodeError| error.in_member("Instance"))
            }
            (_, content) => codec::unit_content(content).map(|()| SessionOrigin::Playground),
        }
    }
}

impl Encode for SessionOrigin {
    fn encode(&self) -> Value {
        match self {
            SessionOrigin::AssumeRole => Value::from("AssumeRole"),
            SessionOrigin::Instance {
                instance,
                role_delivery,
                vpc_id,
                private_ip,
                region,
            } => {
                let mut object = ObjectWriter::new();
                object.member("instance", instance.encode());
                object.member("role_delivery", role_delivery.encode());
                object.member("vpc_id", vpc_id.encode());
                object.member("private_ip", private_ip.encode());
                object.member("region", region.encode());
                codec::tagged("Instance", object.finish())
            }
            SessionOrigin::Playground => Value::from("Playground"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleDelivery {
    V1,
    V2,
}

codec_unit_enum!(RoleDelivery { V1, V2 });

impl RoleDelivery {
    pub fn as_str(self) -> &'static str {
        match self {
            RoleDelivery::V1 => "1.0",
            RoleDelivery::V2 => "2.0",
        }
    }
}

/// A role session with temporary credentials.
#[derive(Debug, Clone, PartialEq)]
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

codec_struct! {
    Session, "struct Session", Ignore {
        access_key_id: "accessKeyId",
        secret_access_key: "secretAccessKey",
        token: "token",
        account: "account",
        role_arn: "roleArn",
        role_name: "roleName",
        role_id: "roleId",
        session_name: "sessionName",
        issued: "issued",
        expires: "expires",
        tags: "tags",
        session_policy: "sessionPolicy",
        origin: "origin",
    }
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
#[derive(Debug, Clone, PartialEq)]
pub struct Organization {
    pub id: String,
    pub management_account: AccountId,
    pub root_id: String,
    pub units: Vec<OrganizationalUnit>,
    /// Which OU (or the root) each member account sits in.
    pub placements: Vec<(AccountId, String)>,
    pub policies: Vec<OrganizationPolicy>,
}

codec_struct! {
    Organization, "struct Organization", Ignore {
        id: "id",
        management_account: "managementAccount",
        root_id: "rootId",
        units: "units",
        placements: "placements",
        policies: "policies",
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationalUnit {
    pub id: String,
    pub name: String,
    pub parent: String,
}

codec_struct! {
    OrganizationalUnit, "struct OrganizationalUnit", Ignore {
        id: "id",
        name: "name",
        parent: "parent",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrganizationPolicyKind {
    ServiceControl,
    ResourceControl,
}

codec_unit_enum!(OrganizationPolicyKind {
    ServiceControl,
    ResourceControl,
});

/// An SCP or RCP and the targets (root, OU or account ids) it is attached to.
#[derive(Debug, Clone, PartialEq)]
pub struct OrganizationPolicy {
    pub id: String,
    pub name: String,
    pub kind: OrganizationPolicyKind,
    pub document: StoredPolicy,
    pub targets: Vec<String>,
}

codec_struct! {
    OrganizationPolicy, "struct OrganizationPolicy", Ignore {
        id: "id",
        name: "name",
        kind: "kind",
        document: "document",
        targets: "targets",
    }
}
