//! The scenario file format (version 1): a JSON description of the world — accounts, IAM, EC2, VPC
//! endpoints, KMS, secrets, rotation functions, organization — plus a demonstration script. Import reports
//! errors with their position and never panics; export writes the current world back in the same format, so
//! that importing an export and exporting again gives the same text.

use serde_json::Value;

use policy::json::JsonValue;
use policy::parse::{ParseError, PolicyKind};
use policy::Layer;

use crate::clock::Timestamp;
use crate::codec::{codec_struct, Decode, DecodeError, Encode};
use crate::ids::{AccountId, IdGenerator, InstanceId, StagingLabel, VersionId};
use crate::model::{
    Alias, HttpTokens, InstanceState, Key, KeyState, MetadataOptions, Organization, OrganizationPolicy,
    OrganizationPolicyKind, OrganizationalUnit, RotationConfig, RotationFunction, RotationStep, Secret,
    SecretValue, SecretVersion, StoredPolicy, Tag, VpcEndpoint,
};
use crate::state::{Account, DEFAULT_ACCOUNT, DEFAULT_REGION};

pub const FORMAT_VERSION: u32 = 1;

const FULL_AWS_ACCESS: &str = "FullAWSAccess";
const FULL_AWS_ACCESS_TEXT: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}"#;
const RCP_FULL_AWS_ACCESS: &str = "RCPFullAWSAccess";
const RCP_FULL_AWS_ACCESS_TEXT: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": "*",
      "Action": "*",
      "Resource": "*"
    }
  ]
}"#;

/// A scenario file.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub format_version: u32,
    pub name: String,
    pub description: String,
    pub account: WorldSpec,
    pub script: Option<String>,
    /// The saved run of the world (see [`StateSpec`]); absent in hand-written scenarios.
    pub state: Option<StateSpec>,
}

codec_struct! {
    Scenario, "struct Scenario", Deny {
        format_version: "formatVersion",
        name: "name",
        description: "description" [default String::new()],
        account: "account",
        script: "script" [default None] [skip Option::is_none],
        state: "state" [default None] [skip Option::is_none],
    }
}

/// The whole world as a run left it: every entity with its history (versions, timestamps, deletion windows,
/// instance states), the STS sessions, the audit trail and the clock. A scenario carrying it imports to exactly
/// the world that exported it (the `account` description beside it is then only a summary for readers; the
/// id generator's state is `account.seed`). Added to format version 1 as an optional member, so files without
/// it load as before. The last call's denial (what "explain the last denial" shows) is not carried.
#[derive(Debug, Clone, PartialEq)]
pub struct StateSpec {
    /// When the world's clock started (seconds since the epoch).
    pub start: Timestamp,
    /// The simulated current time (seconds since the epoch).
    pub now: Timestamp,
    pub accounts: Vec<AccountId>,
    pub roles: Vec<crate::model::Role>,
    /// Every managed policy, AWS managed ones included.
    pub policies: Vec<crate::model::ManagedPolicy>,
    pub instance_profiles: Vec<crate::model::InstanceProfile>,
    pub instances: Vec<crate::model::Instance>,
    pub vpc_endpoints: Vec<VpcEndpoint>,
    pub keys: Vec<Key>,
    pub aliases: Vec<Alias>,
    pub secrets: Vec<Secret>,
    pub rotation_functions: Vec<RotationFunction>,
    pub sessions: Vec<crate::model::Session>,
    pub organization: Option<Organization>,
    /// The CloudTrail records, oldest first.
    pub trail: Vec<crate::audit::AuditRecord>,
    /// Sessions whose expiry the clock has already reported.
    pub expired_reported: Vec<usize>,
}

codec_struct! {
    StateSpec, "struct StateSpec", Deny {
        start: "start",
        now: "now",
        accounts: "accounts",
        roles: "roles",
        policies: "policies",
        instance_profiles: "instanceProfiles",
        instances: "instances",
        vpc_endpoints: "vpcEndpoints",
        keys: "keys",
        aliases: "aliases",
        secrets: "secrets",
        rotation_functions: "rotationFunctions",
        sessions: "sessions",
        organization: "organization",
        trail: "trail",
        expired_reported: "expiredReported",
    }
}

/// The world of a scenario.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WorldSpec {
    pub account_id: String,
    pub region: String,
    pub seed: u64,
    /// `YYYY-MM-DDTHH:MM:SSZ`.
    pub clock: Option<String>,
    pub other_accounts: Vec<String>,
    pub policies: Vec<PolicySpec>,
    pub roles: Vec<RoleSpec>,
    pub instance_profiles: Vec<ProfileSpec>,
    pub keys: Vec<KeySpec>,
    pub rotation_functions: Vec<FunctionSpec>,
    pub secrets: Vec<SecretSpec>,
    pub vpc_endpoints: Vec<EndpointSpec>,
    pub instances: Vec<InstanceSpec>,
    pub organization: Option<OrganizationSpec>,
}

codec_struct! {
    WorldSpec, "struct WorldSpec", Deny {
        account_id: "accountId" [default default_account()],
        region: "region" [default default_region()],
        seed: "seed" [default default_seed()],
        clock: "clock" [default None] [skip Option::is_none],
        other_accounts: "otherAccounts" [default Vec::new()] [skip Vec::is_empty],
        policies: "policies" [default Vec::new()] [skip Vec::is_empty],
        roles: "roles" [default Vec::new()] [skip Vec::is_empty],
        instance_profiles: "instanceProfiles" [default Vec::new()] [skip Vec::is_empty],
        keys: "keys" [default Vec::new()] [skip Vec::is_empty],
        rotation_functions: "rotationFunctions" [default Vec::new()] [skip Vec::is_empty],
        secrets: "secrets" [default Vec::new()] [skip Vec::is_empty],
        vpc_endpoints: "vpcEndpoints" [default Vec::new()] [skip Vec::is_empty],
        instances: "instances" [default Vec::new()] [skip Vec::is_empty],
        organization: "organization" [default None] [skip Option::is_none],
    }
}

fn default_account() -> String {
    DEFAULT_ACCOUNT.to_owned()
}
fn default_region() -> String {
    DEFAULT_REGION.to_owned()
}
fn default_seed() -> u64 {
    1
}
fn default_path() -> String {
    "/".to_owned()
}
fn is_root_path(path: &str) -> bool {
    path == "/"
}
fn default_true() -> bool {
    true
}
fn is_true(value: &bool) -> bool {
    *value
}

/// A policy document: its text, or (when written by hand) a JSON object, which is stored as its pretty text.
#[derive(Debug, Clone, PartialEq)]
pub enum DocumentSpec {
    Text(String),
    Json(Value),
}

/// Untagged: a string is the text, anything else the JSON document.
impl Decode for DocumentSpec {
    fn decode(value: &JsonValue) -> Result<Self, DecodeError> {
        match value.as_str() {
            Some(text) => Ok(DocumentSpec::Text(text.to_owned())),
            None => Value::decode(value).map(DocumentSpec::Json),
        }
    }
}

impl Encode for DocumentSpec {
    fn encode(&self) -> Value {
        match self {
            DocumentSpec::Text(text) => Value::String(text.clone()),
            DocumentSpec::Json(value) => value.clone(),
        }
    }
}

impl DocumentSpec {
    pub fn text(&self) -> String {
        match self {
            DocumentSpec::Text(text) => text.clone(),
            DocumentSpec::Json(value) => serde_json::to_string_pretty(value).unwrap_or_default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagSpec {
    pub key: String,
    pub value: String,
}

codec_struct! {
    TagSpec, "struct TagSpec", Deny {
        key: "Key",
        value: "Value" [default String::new()],
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PolicySpec {
    pub name: String,
    pub path: String,
    pub account: Option<String>,
    pub description: String,
    pub id: Option<String>,
    pub document: DocumentSpec,
}

codec_struct! {
    PolicySpec, "struct PolicySpec", Deny {
        name: "name",
        path: "path" [default default_path()] [skip is_root_path],
        account: "account" [default None] [skip Option::is_none],
        description: "description" [default String::new()] [skip String::is_empty],
        id: "id" [default None] [skip Option::is_none],
        document: "document",
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct InlinePolicySpec {
    pub name: String,
    pub document: DocumentSpec,
}

codec_struct! {
    InlinePolicySpec, "struct InlinePolicySpec", Deny {
        name: "name",
        document: "document",
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RoleSpec {
    pub name: String,
    pub path: String,
    pub account: Option<String>,
    pub id: Option<String>,
    pub description: String,
    pub trust_policy: DocumentSpec,
    pub inline_policies: Vec<InlinePolicySpec>,
    pub managed_policies: Vec<String>,
    pub permissions_boundary: Option<String>,
    pub tags: Vec<TagSpec>,
    pub max_session_duration: Option<i64>,
}

codec_struct! {
    RoleSpec, "struct RoleSpec", Deny {
        name: "name",
        path: "path" [default default_path()] [skip is_root_path],
        account: "account" [default None] [skip Option::is_none],
        id: "id" [default None] [skip Option::is_none],
        description: "description" [default String::new()] [skip String::is_empty],
        trust_policy: "trustPolicy",
        inline_policies: "inlinePolicies" [default Vec::new()] [skip Vec::is_empty],
        managed_policies: "managedPolicies" [default Vec::new()] [skip Vec::is_empty],
        permissions_boundary: "permissionsBoundary" [default None] [skip Option::is_none],
        tags: "tags" [default Vec::new()] [skip Vec::is_empty],
        max_session_duration: "maxSessionDuration" [default None] [skip Option::is_none],
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProfileSpec {
    pub name: String,
    pub account: Option<String>,
    pub id: Option<String>,
    pub role: Option<String>,
}

codec_struct! {
    ProfileSpec, "struct ProfileSpec", Deny {
        name: "name",
        account: "account" [default None] [skip Option::is_none],
        id: "id" [default None] [skip Option::is_none],
        role: "role" [default None] [skip Option::is_none],
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct KeySpec {
    /// `alias/NAME`.
    pub alias: Option<String>,
    pub account: Option<String>,
    pub id: Option<String>,
    pub description: String,
    /// Absent: KMS's default key policy (the account root may use IAM policies).
    pub policy: Option<DocumentSpec>,
    pub enabled: bool,
}

codec_struct! {
    KeySpec, "struct KeySpec", Deny {
        alias: "alias" [default None] [skip Option::is_none],
        account: "account" [default None] [skip Option::is_none],
        id: "id" [default None] [skip Option::is_none],
        description: "description" [default String::new()] [skip String::is_empty],
        policy: "policy" [default None] [skip Option::is_none],
        enabled: "enabled" [default default_true()] [skip is_true],
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct FunctionSpec {
    pub name: String,
    pub account: Option<String>,
    /// The execution role's name (in the function's account).
    pub execution_role: String,
    /// `createSecret`, `setSecret`, `testSecret` or `finishSecret`.
    pub failing_step: Option<String>,
    /// The function's resource-based policy; absent means the documented policy letting
    /// `secretsmanager.amazonaws.com` invoke the function.
    pub policy: Option<DocumentSpec>,
}

codec_struct! {
    FunctionSpec, "struct FunctionSpec", Deny {
        name: "name",
        account: "account" [default None] [skip Option::is_none],
        execution_role: "executionRole",
        failing_step: "failingStep" [default None] [skip Option::is_none],
        policy: "policy" [default None] [skip Option::is_none],
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct VersionSpec {
    pub id: String,
    pub value: Option<String>,
    pub binary: Option<String>,
    pub stages: Vec<String>,
}

codec_struct! {
    VersionSpec, "struct VersionSpec", Deny {
        id: "id",
        value: "value" [default None] [skip Option::is_none],
        binary: "binary" [default None] [skip Option::is_none],
        stages: "stages" [default Vec::new()] [skip Vec::is_empty],
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RotationSpec {
    /// The rotation function's name.
    pub function: String,
    pub automatically_after_days: Option<i64>,
    pub schedule_expression: Option<String>,
    /// The rotation window, `1h` to `24h`.
    pub duration: Option<String>,
    pub enabled: bool,
}

codec_struct! {
    RotationSpec, "struct RotationSpec", Deny {
        function: "function",
        automatically_after_days: "automaticallyAfterDays" [default None] [skip Option::is_none],
        schedule_expression: "scheduleExpression" [default None] [skip Option::is_none],
        duration: "duration" [default None] [skip Option::is_none],
        enabled: "enabled" [default default_true()] [skip is_true],
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SecretSpec {
    pub name: String,
    pub account: Option<String>,
    /// The 6-character ARN suffix; drawn from the seed when absent.
    pub suffix: Option<String>,
    pub description: Option<String>,
    /// Key id, ARN or alias; absent: `aws/secretsmanager`.
    pub kms_key: Option<String>,
    /// The value of a single AWSCURRENT version (shorthand for `versions`).
    pub value: Option<String>,
    pub versions: Vec<VersionSpec>,
    pub tags: Vec<TagSpec>,
    pub resource_policy: Option<DocumentSpec>,
    pub rotation: Option<RotationSpec>,
}

codec_struct! {
    SecretSpec, "struct SecretSpec", Deny {
        name: "name",
        account: "account" [default None] [skip Option::is_none],
        suffix: "suffix" [default None] [skip Option::is_none],
        description: "description" [default None] [skip Option::is_none],
        kms_key: "kmsKey" [default None] [skip Option::is_none],
        value: "value" [default None] [skip Option::is_none],
        versions: "versions" [default Vec::new()] [skip Vec::is_empty],
        tags: "tags" [default Vec::new()] [skip Vec::is_empty],
        resource_policy: "resourcePolicy" [default None] [skip Option::is_none],
        rotation: "rotation" [default None] [skip Option::is_none],
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EndpointSpec {
    pub id: Option<String>,
    /// The service, e.g. `secretsmanager`.
    pub service: String,
    pub vpc: Option<String>,
    pub private_dns: bool,
    pub policy: Option<DocumentSpec>,
}

codec_struct! {
    EndpointSpec, "struct EndpointSpec", Deny {
        id: "id" [default None] [skip Option::is_none],
        service: "service",
        vpc: "vpc" [default None] [skip Option::is_none],
        private_dns: "privateDns" [default default_true()] [skip is_true],
        policy: "policy" [default None] [skip Option::is_none],
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct InstanceSpec {
    /// The `Name` tag (what `on NAME` refers to).
    pub name: String,
    pub id: Option<String>,
    pub instance_profile: Option<String>,
    /// `optional` or `required` (default `required`).
    pub http_tokens: Option<String>,
    pub hop_limit: Option<u32>,
    pub metadata_endpoint: bool,
    pub state: Option<String>,
}

codec_struct! {
    InstanceSpec, "struct InstanceSpec", Deny {
        name: "name",
        id: "id" [default None] [skip Option::is_none],
        instance_profile: "instanceProfile" [default None] [skip Option::is_none],
        http_tokens: "httpTokens" [default None] [skip Option::is_none],
        hop_limit: "hopLimit" [default None] [skip Option::is_none],
        metadata_endpoint: "metadataEndpoint" [default default_true()] [skip is_true],
        state: "state" [default None] [skip Option::is_none],
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct OrganizationSpec {
    pub management_account: String,
    pub units: Vec<UnitSpec>,
    /// Member accounts and the OU (by name) they sit in; absent unit: the root.
    pub members: Vec<MemberSpec>,
    pub service_control_policies: Vec<OrganizationPolicySpec>,
    pub resource_control_policies: Vec<OrganizationPolicySpec>,
}

codec_struct! {
    OrganizationSpec, "struct OrganizationSpec", Deny {
        management_account: "managementAccount",
        units: "units" [default Vec::new()] [skip Vec::is_empty],
        members: "members" [default Vec::new()] [skip Vec::is_empty],
        service_control_policies: "serviceControlPolicies" [default Vec::new()] [skip Vec::is_empty],
        resource_control_policies: "resourceControlPolicies" [default Vec::new()] [skip Vec::is_empty],
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnitSpec {
    pub name: String,
    /// The parent OU's name; absent: the root.
    pub parent: Option<String>,
}

codec_struct! {
    UnitSpec, "struct UnitSpec", Deny {
        name: "name",
        parent: "parent" [default None] [skip Option::is_none],
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MemberSpec {
    pub account: String,
    pub unit: Option<String>,
}

codec_struct! {
    MemberSpec, "struct MemberSpec", Deny {
        account: "account",
        unit: "unit" [default None] [skip Option::is_none],
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct OrganizationPolicySpec {
    pub name: String,
    pub document: DocumentSpec,
    /// `root`, an OU name, or an account id.
    pub targets: Vec<String>,
}

codec_struct! {
    OrganizationPolicySpec, "struct OrganizationPolicySpec", Deny {
        name: "name",
        document: "document",
        targets: "targets",
    }
}

/// Why a scenario cannot be imported.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScenarioError {
    #[error("line {line}, column {column}: {message}")]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("unsupported formatVersion {found}: this playground reads version {FORMAT_VERSION}")]
    Version { found: u32 },
    /// A policy document of the scenario is rejected; the error carries the line and column inside the
    /// document's text.
    #[error("{path}: {error}")]
    Policy { path: String, error: ParseError },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

fn invalid(path: String, message: impl Into<String>) -> ScenarioError {
    ScenarioError::Invalid {
        path,
        message: message.into(),
    }
}

impl Scenario {
    /// Parses a scenario file. JSON errors carry their line and column.
    pub fn from_json(text: &str) -> Result<Self, ScenarioError> {
        let scenario: Scenario = crate::codec::decode_text(text).map_err(|error| ScenarioError::Json {
            line: usize::try_from(error.line()).unwrap_or(usize::MAX),
            column: usize::try_from(error.column()).unwrap_or(usize::MAX),
            message: error.message_with_path(),
        })?;
        if scenario.format_version != FORMAT_VERSION {
            return Err(ScenarioError::Version {
                found: scenario.format_version,
            });
        }
        Ok(scenario)
    }

    /// The scenario as pretty JSON text.
    pub fn to_json(&self) -> String {
        crate::codec::encode_text(self)
    }
}

impl Account {
    /// Builds a world from a scenario. Not audited.
    pub fn from_scenario(scenario: &Scenario) -> Result<Self, ScenarioError> {
        if scenario.format_version != FORMAT_VERSION {
            return Err(ScenarioError::Version {
                found: scenario.format_version,
            });
        }
        let spec = &scenario.account;
        if let Some(state) = &scenario.state {
            let restored = Account::from_state(scenario, state)?;
            // The `state` is the saved run of exactly the world `account` describes. A file whose `account` was
            // edited by hand after export no longer matches it: say so rather than silently drop the edit.
            if restored.export_scenario().account != *spec {
                return Err(invalid(
                    "state".to_owned(),
                    "the file's `account` was changed after it was exported and no longer matches its saved \
                     `state` (audit trail, sessions, clock); remove the `state` member to load the edited \
                     `account` as a new scenario",
                ));
            }
            return Ok(restored);
        }
        // Ids drawn while building come from a stream derived from the seed; afterwards the generator
        // state is the seed itself, so that exporting (which writes the state) and importing again is exact.
        let mut account = Account::new(
            &spec.account_id,
            crate::ids::stable_hash(&format!("import-{}", spec.seed)),
        );
        account.home_region = spec.region.clone();
        if let Some(clock) = &spec.clock {
            let time = Timestamp::parse(clock).ok_or_else(|| {
                invalid(
                    "account.clock".to_owned(),
                    format!("`{clock}` is not a time like 2026-01-15T09:00:00Z"),
                )
            })?;
            account.start = time;
            account.now = time;
        }
        account.scenario_name = scenario.name.clone();
        account.scenario_description = scenario.description.clone();
        account.script = scenario.script.clone();
        for other in &spec.other_accounts {
            check_account_id(other, "account.otherAccounts")?;
            account.add_account(other);
        }
        let home = account.home.clone();
        let owner = |given: &Option<String>| given.as_ref().map_or_else(|| home.clone(), AccountId::new);
        for (index, policy) in spec.policies.iter().enumerate() {
            let path = format!("account.policies[{index}]");
            let owner_id = owner(&policy.account);
            let arn = account
                .create_managed_policy_in(&owner_id, &policy.name, &policy.path, &policy.document.text())
                .map_err(|error| edit_error(&path, error))?;
            if let Some(managed) = account.policies.iter_mut().find(|managed| managed.arn == arn) {
                managed.description = policy.description.clone();
                if let Some(id) = &policy.id {
                    managed.id = id.clone();
                }
            }
        }
        for (index, role_spec) in spec.roles.iter().enumerate() {
            let path = format!("account.roles[{index}]");
            let owner_id = owner(&role_spec.account);
            if !account.accounts.contains(&owner_id) {
                return Err(invalid(
                    format!("{path}.account"),
                    format!("account `{owner_id}` is not in otherAccounts"),
                ));
            }
            let existing = account
                .role_by_name(&owner_id, &role_spec.name)
                .map(crate::model::Role::arn);
            let arn = match existing {
                // The administrator exists already: the scenario may restate it.
                Some(arn) => {
                    account
                        .set_policy_text(
                            &crate::state::PolicyRef::Trust {
                                role_arn: arn.clone(),
                            },
                            &role_spec.trust_policy.text(),
                        )
                        .map_err(|error| edit_error(&format!("{path}.trustPolicy"), error))?;
                    arn
                }
                None => account
                    .create_role_in(
                        &owner_id,
                        &role_spec.name,
                        &role_spec.path,
                        &role_spec.trust_policy.text(),
                    )
                    .map_err(|error| edit_error(&format!("{path}.trustPolicy"), error))?,
            };
            for (policy_index, inline) in role_spec.inline_policies.iter().enumerate() {
                let target = crate::state::PolicyRef::Inline {
                    role_arn: arn.clone(),
                    name: inline.name.clone(),
                };
                account
                    .set_policy_text(&target, &inline.document.text())
                    .map_err(|error| edit_error(&format!("{path}.inlinePolicies[{policy_index}]"), error))?;
            }
            let role = account.role_mut(&arn).map_err(|error| edit_error(&path, error))?;
            role.description = role_spec.description.clone();
            role.tags = role_spec.tags.iter().map(tag_of).collect();
            if let Some(id) = &role_spec.id {
                role.id = id.clone();
            }
            if let Some(duration) = role_spec.max_session_duration {
                role.max_session_duration = duration;
            }
            role.attached_policies.clear();
            for (policy_index, policy_arn) in role_spec.managed_policies.iter().enumerate() {
                account
                    .attach_policy(&arn, policy_arn)
                    .map_err(|error| edit_error(&format!("{path}.managedPolicies[{policy_index}]"), error))?;
            }
            if let Some(boundary) = &role_spec.permissions_boundary {
                account
                    .set_permissions_boundary(&arn, Some(boundary))
                    .map_err(|error| edit_error(&format!("{path}.permissionsBoundary"), error))?;
            }
        }
        for (index, profile) in spec.instance_profiles.iter().enumerate() {
            let path = format!("account.instanceProfiles[{index}]");
            let owner_id = owner(&profile.account);
            if let Some(role) = &profile.role {
                if account.role_by_name(&owner_id, role).is_none() {
                    return Err(invalid(format!("{path}.role"), format!("no role `{role}`")));
                }
            }
            let id = profile
                .id
                .clone()
                .unwrap_or_else(|| account.ids.unique_id("AIPA", 17));
            account.instance_profiles.push(crate::model::InstanceProfile {
                account: owner_id,
                name: profile.name.clone(),
                path: "/".to_owned(),
                id,
                roles: profile.role.iter().cloned().collect(),
                created: account.now,
            });
        }
        for (index, key_spec) in spec.keys.iter().enumerate() {
            let path = format!("account.keys[{index}]");
            let owner_id = owner(&key_spec.account);
            let id = key_spec.id.clone().unwrap_or_else(|| account.ids.uuid());
            let arn = format!("arn:aws:kms:{}:{owner_id}:key/{id}", account.home_region);
            let text = key_spec.policy.as_ref().map_or_else(
                || crate::services::kms::default_key_policy(owner_id.as_str()),
                DocumentSpec::text,
            );
            let policy = StoredPolicy::parse(&text, PolicyKind::KeyPolicy, &arn, Layer::Resource).map_err(
                |error| ScenarioError::Policy {
                    path: format!("{path}.policy"),
                    error,
                },
            )?;
            if let Some(alias) = &key_spec.alias {
                if !alias.starts_with("alias/") {
                    return Err(invalid(format!("{path}.alias"), "an alias starts with `alias/`"));
                }
                account.aliases.push(Alias {
                    account: owner_id.clone(),
                    region: account.home_region.clone(),
                    name: alias.clone(),
                    key_id: id.clone(),
                });
            }
            account.keys.push(Key {
                account: owner_id,
                region: account.home_region.clone(),
                id,
                description: key_spec.description.clone(),
                policy,
                state: if key_spec.enabled {
                    KeyState::Enabled
                } else {
                    KeyState::Disabled
                },
                aws_managed: false,
                created: account.now,
            });
        }
        for (index, function) in spec.rotation_functions.iter().enumerate() {
            let path = format!("account.rotationFunctions[{index}]");
            let owner_id = owner(&function.account);
            let role = account
                .role_by_name(&owner_id, &function.execution_role)
                .ok_or_else(|| {
                    invalid(
                        format!("{path}.executionRole"),
                        format!("no role `{}`", function.execution_role),
                    )
                })?;
            let failing_step = match &function.failing_step {
                Some(step) => Some(RotationStep::from_name(step).ok_or_else(|| {
                    invalid(
                        format!("{path}.failingStep"),
                        format!("`{step}` is not createSecret, setSecret, testSecret or finishSecret"),
                    )
                })?),
                None => None,
            };
            let execution_role = role.arn();
            let mut rotation_function = RotationFunction {
                account: owner_id,
                region: account.home_region.clone(),
                name: function.name.clone(),
                execution_role,
                failing_step,
                policy: None,
            };
            if let Some(document) = &function.policy {
                rotation_function.policy = Some(
                    crate::model::rotation_function_policy(&document.text(), &rotation_function.arn())
                        .map_err(|error| ScenarioError::Policy {
                            path: format!("{path}.policy"),
                            error,
                        })?,
                );
            }
            account.functions.push(rotation_function);
        }
        for (index, secret_spec) in spec.secrets.iter().enumerate() {
            account.import_secret(secret_spec, &format!("account.secrets[{index}]"))?;
        }
        for (index, endpoint) in spec.vpc_endpoints.iter().enumerate() {
            let path = format!("account.vpcEndpoints[{index}]");
            let id = endpoint.id.clone().unwrap_or_else(|| account.ids.ec2_id("vpce"));
            let policy = match &endpoint.policy {
                Some(document) => Some(
                    StoredPolicy::parse(&document.text(), PolicyKind::VpcEndpoint, &id, Layer::VpcEndpoint)
                        .map_err(|error| ScenarioError::Policy {
                        path: format!("{path}.policy"),
                        error,
                    })?,
                ),
                None => None,
            };
            account.vpc_endpoints.push(VpcEndpoint {
                id,
                account: home.clone(),
                region: account.home_region.clone(),
                vpc_id: endpoint
                    .vpc
                    .clone()
                    .unwrap_or_else(|| crate::services::ec2::DEFAULT_VPC.to_owned()),
                service_name: format!("com.amazonaws.{}.{}", account.home_region, endpoint.service),
                policy,
                private_dns: endpoint.private_dns,
            });
        }
        for (index, instance_spec) in spec.instances.iter().enumerate() {
            let path = format!("account.instances[{index}]");
            if let Some(profile) = &instance_spec.instance_profile {
                if account.instance_profile(&home, profile).is_none() {
                    return Err(invalid(
                        format!("{path}.instanceProfile"),
                        format!("no instance profile `{profile}`"),
                    ));
                }
            }
            let http_tokens = match &instance_spec.http_tokens {
                Some(tokens) => HttpTokens::from_name(tokens).ok_or_else(|| {
                    invalid(format!("{path}.httpTokens"), "expected `optional` or `required`")
                })?,
                None => HttpTokens::Required,
            };
            let metadata = MetadataOptions {
                http_tokens,
                hop_limit: instance_spec.hop_limit.unwrap_or(2),
                endpoint_enabled: instance_spec.metadata_endpoint,
            };
            let tags = vec![Tag {
                key: "Name".to_owned(),
                value: instance_spec.name.clone(),
            }];
            let region = account.home_region.clone();
            let mut instance = account.new_instance(
                &home,
                &region,
                "ami-0abcdef1234567890",
                "t3.micro",
                crate::services::ec2::DEFAULT_SUBNET,
                tags,
                instance_spec.instance_profile.clone(),
                metadata,
            );
            if let Some(id) = &instance_spec.id {
                instance.id = InstanceId::new(id);
            }
            instance.state = match instance_spec.state.as_deref() {
                None | Some("running") => InstanceState::Running,
                Some("stopped") => InstanceState::Stopped,
                Some(other) => {
                    return Err(invalid(
                        format!("{path}.state"),
                        format!("`{other}` is not `running` or `stopped`"),
                    ))
                }
            };
            account.instances.push(instance);
        }
        if let Some(organization) = &spec.organization {
            account.organization = Some(account.import_organization(organization)?);
        }
        account.ids = IdGenerator::new(spec.seed);
        Ok(account)
    }

    fn import_secret(&mut self, spec: &SecretSpec, path: &str) -> Result<(), ScenarioError> {
        let owner = spec
            .account
            .as_ref()
            .map_or_else(|| self.home.clone(), AccountId::new);
        if !self.accounts.contains(&owner) {
            return Err(invalid(
                format!("{path}.account"),
                format!("account `{owner}` is not in otherAccounts"),
            ));
        }
        let suffix = match &spec.suffix {
            Some(suffix)
                if suffix.len() == 6 && suffix.chars().all(|character| character.is_ascii_alphanumeric()) =>
            {
                suffix.clone()
            }
            Some(_) => {
                return Err(invalid(
                    format!("{path}.suffix"),
                    "a suffix is six letters or digits",
                ))
            }
            None => self.ids.secret_suffix(),
        };
        let region = self.home_region.clone();
        let key_arn = match &spec.kms_key {
            Some(identifier) => self
                .find_key(identifier, &owner, &region)
                .map(Key::arn)
                .ok_or_else(|| invalid(format!("{path}.kmsKey"), format!("no key `{identifier}`")))?,
            None => {
                self.ensure_secrets_manager_key(&owner, &region);
                self.find_key(crate::services::kms::SECRETS_MANAGER_ALIAS, &owner, &region)
                    .map(Key::arn)
                    .unwrap_or_default()
            }
        };
        let mut versions = Vec::new();
        if let Some(value) = &spec.value {
            versions.push(SecretVersion {
                id: VersionId::new(self.ids.uuid()),
                value: Some(SecretValue::String(value.clone())),
                stages: vec![StagingLabel::current()],
                created: self.now,
                last_accessed: None,
                key_arn: key_arn.clone(),
                earlier_key_arns: Vec::new(),
            });
        }
        for version in &spec.versions {
            let value = match (&version.value, &version.binary) {
                (Some(text), _) => Some(SecretValue::String(text.clone())),
                (None, Some(bytes)) => Some(SecretValue::Binary(bytes.clone())),
                (None, None) => None,
            };
            versions.push(SecretVersion {
                id: VersionId::new(&version.id),
                value,
                stages: version.stages.iter().map(StagingLabel::new).collect(),
                created: self.now,
                last_accessed: None,
                key_arn: key_arn.clone(),
                earlier_key_arns: Vec::new(),
            });
        }
        let arn = format!(
            "arn:aws:secretsmanager:{region}:{owner}:secret:{}-{suffix}",
            spec.name
        );
        let resource_policy = match &spec.resource_policy {
            Some(document) => Some(
                StoredPolicy::parse(
                    &document.text(),
                    PolicyKind::SecretResource,
                    &arn,
                    Layer::Resource,
                )
                .map_err(|error| ScenarioError::Policy {
                    path: format!("{path}.resourcePolicy"),
                    error,
                })?,
            ),
            None => None,
        };
        let (rotation, rotation_enabled) = match &spec.rotation {
            Some(rotation) => {
                if let Some(days) = rotation.automatically_after_days {
                    if !(1..=1000).contains(&days) {
                        return Err(invalid(
                            format!("{path}.rotation.automaticallyAfterDays"),
                            "must be between 1 and 1000",
                        ));
                    }
                }
                crate::services::schedule::Schedule::from_rules(
                    rotation.automatically_after_days,
                    rotation.schedule_expression.as_deref(),
                    rotation.duration.as_deref(),
                )
                .map_err(|message| invalid(format!("{path}.rotation"), message))?;
                let function = self
                    .functions
                    .iter()
                    .find(|function| function.name == rotation.function && function.account == owner)
                    .ok_or_else(|| {
                        invalid(
                            format!("{path}.rotation.function"),
                            format!("no rotation function `{}`", rotation.function),
                        )
                    })?;
                (
                    Some(RotationConfig {
                        lambda_arn: function.arn(),
                        automatically_after_days: rotation.automatically_after_days,
                        schedule_expression: rotation.schedule_expression.clone(),
                        duration: rotation.duration.clone(),
                    }),
                    Some(rotation.enabled),
                )
            }
            None => (None, None),
        };
        self.secrets.push(Secret {
            account: owner,
            region,
            name: spec.name.clone(),
            suffix,
            description: spec.description.clone(),
            kms_key_id: spec.kms_key.clone(),
            versions,
            tags: spec.tags.iter().map(tag_of).collect(),
            resource_policy,
            rotation,
            rotation_enabled,
            last_rotated: None,
            last_changed: self.now,
            last_accessed: None,
            created: self.now,
            deletion: None,
            replicas: Vec::new(),
            primary_region: None,
            rotation_in_progress: None,
        });
        Ok(())
    }

    fn import_organization(&mut self, spec: &OrganizationSpec) -> Result<Organization, ScenarioError> {
        check_account_id(&spec.management_account, "account.organization.managementAccount")?;
        let id = format!(
            "o-{}",
            self.ids.text_from(
                &"abcdefghijklmnopqrstuvwxyz0123456789".chars().collect::<Vec<_>>(),
                10
            )
        );
        let root_id = format!(
            "r-{}",
            self.ids.text_from(
                &"abcdefghijklmnopqrstuvwxyz0123456789".chars().collect::<Vec<_>>(),
                4
            )
        );
        let mut units: Vec<OrganizationalUnit> = Vec::new();
        for (index, unit) in spec.units.iter().enumerate() {
            let parent = match &unit.parent {
                Some(name) => units
                    .iter()
                    .find(|existing| &existing.name == name)
                    .map(|existing| existing.id.clone())
                    .ok_or_else(|| {
                        invalid(
                            format!("account.organization.units[{index}].parent"),
                            format!("no earlier OU `{name}`"),
                        )
                    })?,
                None => root_id.clone(),
            };
            let unit_id = format!(
                "ou-{}-{}",
                root_id.trim_start_matches("r-"),
                self.ids.text_from(
                    &"abcdefghijklmnopqrstuvwxyz0123456789".chars().collect::<Vec<_>>(),
                    8
                )
            );
            units.push(OrganizationalUnit {
                id: unit_id,
                name: unit.name.clone(),
                parent,
            });
        }
        let mut placements = Vec::new();
        for (index, member) in spec.members.iter().enumerate() {
            check_account_id(
                &member.account,
                &format!("account.organization.members[{index}].account"),
            )?;
            let parent = match &member.unit {
                Some(name) => units
                    .iter()
                    .find(|unit| &unit.name == name)
                    .map(|unit| unit.id.clone())
                    .ok_or_else(|| {
                        invalid(
                            format!("account.organization.members[{index}].unit"),
                            format!("no OU `{name}`"),
                        )
                    })?,
                None => root_id.clone(),
            };
            placements.push((AccountId::new(&member.account), parent));
        }
        // AWS attaches FullAWSAccess (SCP) and RCPFullAWSAccess (RCP) to the root, every OU and every account
        // when the policy types are enabled; scenarios list only the policies they add.
        let mut every_node: Vec<String> = vec![root_id.clone()];
        every_node.extend(units.iter().map(|unit| unit.id.clone()));
        every_node.extend(placements.iter().map(|(account, _)| account.to_string()));
        let mut policies = Vec::new();
        for (name, kind, policy_kind, layer, text) in [
            (
                FULL_AWS_ACCESS,
                OrganizationPolicyKind::ServiceControl,
                PolicyKind::ServiceControl,
                Layer::ServiceControl,
                FULL_AWS_ACCESS_TEXT,
            ),
            (
                RCP_FULL_AWS_ACCESS,
                OrganizationPolicyKind::ResourceControl,
                PolicyKind::ResourceControl,
                Layer::ResourceControl,
                RCP_FULL_AWS_ACCESS_TEXT,
            ),
        ] {
            let document = StoredPolicy::parse(text, policy_kind, name, layer).map_err(|error| {
                ScenarioError::Policy {
                    path: format!("account.organization ({name})"),
                    error,
                }
            })?;
            let id = if kind == OrganizationPolicyKind::ServiceControl {
                "p-FullAWSAccess"
            } else {
                "p-RCPFullAWSAccess"
            };
            policies.push(OrganizationPolicy {
                id: id.to_owned(),
                name: name.to_owned(),
                kind,
                document,
                targets: every_node.clone(),
            });
        }
        for (kind, list, member) in [
            (
                OrganizationPolicyKind::ServiceControl,
                &spec.service_control_policies,
                "serviceControlPolicies",
            ),
            (
                OrganizationPolicyKind::ResourceControl,
                &spec.resource_control_policies,
                "resourceControlPolicies",
            ),
        ] {
            for (index, policy) in list.iter().enumerate() {
                let path = format!("account.organization.{member}[{index}]");
                let (policy_kind, layer) = match kind {
                    OrganizationPolicyKind::ServiceControl => {
                        (PolicyKind::ServiceControl, Layer::ServiceControl)
                    }
                    OrganizationPolicyKind::ResourceControl => {
                        (PolicyKind::ResourceControl, Layer::ResourceControl)
                    }
                };
                let document = StoredPolicy::parse(&policy.document.text(), policy_kind, &policy.name, layer)
                    .map_err(|error| ScenarioError::Policy {
                        path: format!("{path}.document"),
                        error,
                    })?;
                let mut targets = Vec::new();
                for target in &policy.targets {
                    let resolved = if target == "root" {
                        root_id.clone()
                    } else if let Some(unit) = units.iter().find(|unit| &unit.name == target) {
                        unit.id.clone()
                    } else if placements.iter().any(|(account, _)| account.as_str() == target) {
                        target.clone()
                    } else {
                        return Err(invalid(
                            format!("{path}.targets"),
                            format!("`{target}` is not `root`, an OU name or a member account"),
                        ));
                    };
                    targets.push(resolved);
                }
                let id = format!(
                    "p-{}",
                    self.ids.text_from(
                        &"abcdefghijklmnopqrstuvwxyz0123456789".chars().collect::<Vec<_>>(),
                        8
                    )
                );
                policies.push(OrganizationPolicy {
                    id,
                    name: policy.name.clone(),
                    kind,
                    document,
                    targets,
                });
            }
        }
        Ok(Organization {
            id,
            management_account: AccountId::new(&spec.management_account),
            root_id,
            units,
            placements,
            policies,
        })
    }

    /// The world restored from a saved state (the `account` description is not read, only its ids).
    fn from_state(scenario: &Scenario, state: &StateSpec) -> Result<Self, ScenarioError> {
        let spec = &scenario.account;
        check_account_id(&spec.account_id, "account.accountId")?;
        let mut account = Account::new(&spec.account_id, spec.seed);
        account.home_region = spec.region.clone();
        account.scenario_name = scenario.name.clone();
        account.scenario_description = scenario.description.clone();
        account.script = scenario.script.clone();
        account.start = state.start;
        account.now = state.now;
        account.accounts = state.accounts.clone();
        account.roles = state.roles.clone();
        account.policies = state.policies.clone();
        account.instance_profiles = state.instance_profiles.clone();
        account.instances = state.instances.clone();
        account.vpc_endpoints = state.vpc_endpoints.clone();
        account.keys = state.keys.clone();
        account.aliases = state.aliases.clone();
        account.secrets = state.secrets.clone();
        account.functions = state.rotation_functions.clone();
        account.sessions = state.sessions.clone();
        account.organization = state.organization.clone();
        account.trail = state.trail.clone();
        account.expired_reported = state.expired_reported.clone();
        account.ids = IdGenerator::new(spec.seed);
        Ok(account)
    }

    /// The world as a scenario with its saved state: importing it gives this world back exactly (audit trail,
    /// sessions, clock and id generator included), and exporting that again gives the same text.
    pub fn export_state(&self) -> Scenario {
        let mut scenario = self.export_scenario();
        scenario.state = Some(StateSpec {
            start: self.start,
            now: self.now,
            accounts: self.accounts.clone(),
            roles: self.roles.clone(),
            policies: self.policies.clone(),
            instance_profiles: self.instance_profiles.clone(),
            instances: self.instances.clone(),
            vpc_endpoints: self.vpc_endpoints.clone(),
            keys: self.keys.clone(),
            aliases: self.aliases.clone(),
            secrets: self.secrets.clone(),
            rotation_functions: self.functions.clone(),
            sessions: self.sessions.clone(),
            organization: self.organization.clone(),
            trail: self.trail.clone(),
            expired_reported: self.expired_reported.clone(),
        });
        scenario
    }

    /// The world as a scenario (the audit trail and sessions are not part of it; see [`Account::export_state`]).
    pub fn export_scenario(&self) -> Scenario {
        let home = &self.home;
        let owner = |account: &AccountId| (account != home).then(|| account.to_string());
        let policies = self
            .policies
            .iter()
            .filter(|policy| !policy.aws_managed)
            .map(|policy| PolicySpec {
                name: policy.name.clone(),
                path: policy.path.clone(),
                account: crate::auth::account_of_arn(&policy.arn).and_then(|account| owner(&account)),
                description: policy.description.clone(),
                id: Some(policy.id.clone()),
                document: DocumentSpec::Text(
                    policy
                        .default_document()
                        .map(|document| document.text.clone())
                        .unwrap_or_default(),
                ),
            })
            .collect();
        let roles = self
            .roles
            .iter()
            .map(|role| RoleSpec {
                name: role.name.clone(),
                path: role.path.clone(),
                account: owner(&role.account),
                id: Some(role.id.clone()),
                description: role.description.clone(),
                trust_policy: DocumentSpec::Text(role.trust_policy.text.clone()),
                inline_policies: role
                    .inline_policies
                    .iter()
                    .map(|(name, document)| InlinePolicySpec {
                        name: name.clone(),
                        document: DocumentSpec::Text(document.text.clone()),
                    })
                    .collect(),
                managed_policies: role.attached_policies.clone(),
                permissions_boundary: role.permissions_boundary.clone(),
                tags: role.tags.iter().map(tag_spec).collect(),
                max_session_duration: (role.max_session_duration != 3600)
                    .then_some(role.max_session_duration),
            })
            .collect();
        let instance_profiles = self
            .instance_profiles
            .iter()
            .map(|profile| ProfileSpec {
                name: profile.name.clone(),
                account: owner(&profile.account),
                id: Some(profile.id.clone()),
                role: profile.roles.first().cloned(),
            })
            .collect();
        let keys = self
            .keys
            .iter()
            .filter(|key| !key.aws_managed)
            .map(|key| KeySpec {
                alias: self
                    .aliases
                    .iter()
                    .find(|alias| alias.key_id == key.id)
                    .map(|alias| alias.name.clone()),
                account: owner(&key.account),
                id: Some(key.id.clone()),
                description: key.description.clone(),
                policy: Some(DocumentSpec::Text(key.policy.text.clone())),
                enabled: key.state == KeyState::Enabled,
            })
            .collect();
        let rotation_functions = self
            .functions
            .iter()
            .map(|function| FunctionSpec {
                name: function.name.clone(),
                account: owner(&function.account),
                execution_role: self
                    .role_by_arn(&function.execution_role)
                    .map(|role| role.name.clone())
                    .unwrap_or_default(),
                failing_step: function.failing_step.map(|step| step.name().to_owned()),
                policy: function
                    .policy
                    .as_ref()
                    .map(|document| DocumentSpec::Text(document.text.clone())),
            })
            .collect();
        let secrets = self
            .secrets
            .iter()
            .filter(|secret| secret.primary_region.is_none() && secret.region == self.home_region)
            .map(|secret| SecretSpec {
                name: secret.name.clone(),
                account: owner(&secret.account),
                suffix: Some(secret.suffix.clone()),
                description: secret.description.clone(),
                kms_key: secret.kms_key_id.clone(),
                value: None,
                versions: secret
                    .versions
                    .iter()
                    .map(|version| VersionSpec {
                        id: version.id.to_string(),
                        value: match &version.value {
                            Some(SecretValue::String(text)) => Some(text.clone()),
                            _ => None,
                        },
                        binary: match &version.value {
                            Some(SecretValue::Binary(bytes)) => Some(bytes.clone()),
                            _ => None,
                        },
                        stages: version.stages.iter().map(|label| label.to_string()).collect(),
                    })
                    .collect(),
                tags: secret.tags.iter().map(tag_spec).collect(),
                resource_policy: secret
                    .resource_policy
                    .as_ref()
                    .map(|document| DocumentSpec::Text(document.text.clone())),
                rotation: secret.rotation.as_ref().map(|rotation| RotationSpec {
                    function: self
                        .functions
                        .iter()
                        .find(|function| function.arn() == rotation.lambda_arn)
                        .map(|function| function.name.clone())
                        .unwrap_or_default(),
                    automatically_after_days: rotation.automatically_after_days,
                    schedule_expression: rotation.schedule_expression.clone(),
                    duration: rotation.duration.clone(),
                    enabled: secret.rotation_enabled.unwrap_or(true),
                }),
            })
            .collect();
        let vpc_endpoints = self
            .vpc_endpoints
            .iter()
            .map(|endpoint| EndpointSpec {
                id: Some(endpoint.id.clone()),
                service: endpoint
                    .service_name
                    .rsplit('.')
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
                vpc: Some(endpoint.vpc_id.clone()),
                private_dns: endpoint.private_dns,
                policy: endpoint
                    .policy
                    .as_ref()
                    .map(|document| DocumentSpec::Text(document.text.clone())),
            })
            .collect();
        let instances = self
            .instances
            .iter()
            .filter(|instance| instance.state != InstanceState::Terminated)
            .map(|instance| InstanceSpec {
                name: instance.name.clone(),
                id: Some(instance.id.to_string()),
                instance_profile: instance
                    .profile
                    .as_ref()
                    .map(|association| association.profile_name.clone()),
                http_tokens: Some(instance.metadata.http_tokens.name().to_owned()),
                hop_limit: Some(instance.metadata.hop_limit),
                metadata_endpoint: instance.metadata.endpoint_enabled,
                state: (instance.state != InstanceState::Running).then(|| "stopped".to_owned()),
            })
            .collect();
        let organization = self.organization.as_ref().map(|organization| {
            let unit_name = |id: &str| {
                organization
                    .units
                    .iter()
                    .find(|unit| unit.id == id)
                    .map(|unit| unit.name.clone())
            };
            let policies = |kind: OrganizationPolicyKind| {
                organization
                    .policies
                    .iter()
                    .filter(|policy| {
                        policy.kind == kind
                            && policy.name != FULL_AWS_ACCESS
                            && policy.name != RCP_FULL_AWS_ACCESS
                    })
                    .map(|policy| OrganizationPolicySpec {
                        name: policy.name.clone(),
                        document: DocumentSpec::Text(policy.document.text.clone()),
                        targets: policy
                            .targets
                            .iter()
                            .map(|target| {
                                if *target == organization.root_id {
                                    "root".to_owned()
                                } else {
                                    unit_name(target).unwrap_or_else(|| target.clone())
                                }
                            })
                            .collect(),
                    })
                    .collect()
            };
            OrganizationSpec {
                management_account: organization.management_account.to_string(),
                units: organization
                    .units
                    .iter()
                    .map(|unit| UnitSpec {
                        name: unit.name.clone(),
                        parent: unit_name(&unit.parent),
                    })
                    .collect(),
                members: organization
                    .placements
                    .iter()
                    .map(|(account, parent)| MemberSpec {
                        account: account.to_string(),
                        unit: unit_name(parent),
                    })
                    .collect(),
                service_control_policies: policies(OrganizationPolicyKind::ServiceControl),
                resource_control_policies: policies(OrganizationPolicyKind::ResourceControl),
            }
        });
        Scenario {
            format_version: FORMAT_VERSION,
            name: self.scenario_name.clone(),
            description: self.scenario_description.clone(),
            account: WorldSpec {
                account_id: self.home.to_string(),
                region: self.home_region.clone(),
                seed: self.ids.state(),
                clock: Some(self.now.iso()),
                other_accounts: self
                    .accounts
                    .iter()
                    .filter(|account| *account != home)
                    .map(AccountId::to_string)
                    .collect(),
                policies,
                roles,
                instance_profiles,
                keys,
                rotation_functions,
                secrets,
                vpc_endpoints,
                instances,
                organization,
            },
            script: self.script.clone(),
            state: None,
        }
    }

    /// Finds an instance by id or by its `Name` tag.
    pub fn instance_by_name(&self, name_or_id: &str) -> Option<&crate::model::Instance> {
        self.instances
            .iter()
            .find(|instance| instance.id.as_str() == name_or_id)
            .or_else(|| {
                self.instances.iter().find(|instance| {
                    instance.name == name_or_id && instance.state != InstanceState::Terminated
                })
            })
    }
}

impl IdGenerator {
    /// The generator's state, which seeds an identical generator.
    pub fn state(&self) -> u64 {
        self.state_value()
    }
}

fn check_account_id(account: &str, path: &str) -> Result<(), ScenarioError> {
    if account.len() == 12 && account.bytes().all(|byte| byte.is_ascii_digit()) {
        Ok(())
    } else {
        Err(invalid(
            path.to_owned(),
            format!("`{account}` is not a 12-digit account id"),
        ))
    }
}

fn tag_of(spec: &TagSpec) -> Tag {
    Tag {
        key: spec.key.clone(),
        value: spec.value.clone(),
    }
}

fn tag_spec(tag: &Tag) -> TagSpec {
    TagSpec {
        key: tag.key.clone(),
        value: tag.value.clone(),
    }
}

fn edit_error(path: &str, error: crate::state::EditError) -> ScenarioError {
    match error {
        crate::state::EditError::Parse(error) => ScenarioError::Policy {
            path: path.to_owned(),
            error,
        },
        other => invalid(path.to_owned(), other.to_string()),
    }
}
