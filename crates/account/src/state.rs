//! The simulated world ([`Account`]): the playground's account and any other accounts of its story, the
//! organization, the clock, the id generator and the audit trail. This file holds the data, the constructors,
//! the read accessors the UI lists from, and the god-mode edits (not API calls, not audited).

use policy::parse::{ParseError, PolicyKind};
use policy::Layer;

use crate::audit::AuditRecord;
use crate::clock::{Timestamp, DEFAULT_START};
use crate::ids::{AccountId, IdGenerator};
use crate::managed;
use crate::model::{
    Alias, Instance, InstanceProfile, Key, ManagedPolicy, Organization, PolicyVersion, Role,
    RotationFunction, Secret, Session, StoredPolicy, Tag, VpcEndpoint,
};

/// The default account id of the playground.
pub const DEFAULT_ACCOUNT: &str = "111122223333";
/// The account id used for cross-account stories.
pub const OTHER_ACCOUNT: &str = "444455556666";
pub const DEFAULT_REGION: &str = "us-east-1";
pub const ADMINISTRATOR_ROLE: &str = "Administrator";

/// The simulated world: the playground's account, any other accounts of its stories, the organization, and
/// the clock, id generator and audit log.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    pub(crate) home: AccountId,
    pub(crate) home_region: String,
    pub(crate) accounts: Vec<AccountId>,
    pub(crate) start: Timestamp,
    pub(crate) now: Timestamp,
    pub(crate) ids: IdGenerator,
    pub(crate) roles: Vec<Role>,
    pub(crate) policies: Vec<ManagedPolicy>,
    pub(crate) instance_profiles: Vec<InstanceProfile>,
    pub(crate) instances: Vec<Instance>,
    pub(crate) vpc_endpoints: Vec<VpcEndpoint>,
    pub(crate) keys: Vec<Key>,
    pub(crate) aliases: Vec<Alias>,
    pub(crate) secrets: Vec<Secret>,
    pub(crate) functions: Vec<RotationFunction>,
    pub(crate) sessions: Vec<Session>,
    pub(crate) organization: Option<Organization>,
    pub(crate) trail: Vec<AuditRecord>,
    /// Sessions whose expiry [`Account::advance`] has already reported.
    pub(crate) expired_reported: Vec<usize>,
    /// The denial of the latest API call (see `last_denial`).
    pub(crate) last_denial: Option<crate::auth::Authorization>,
    pub(crate) scenario_name: String,
    pub(crate) scenario_description: String,
    pub(crate) script: Option<String>,
}

/// Which policy document an edit addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyRef {
    /// A role's trust policy, by role ARN.
    Trust { role_arn: String },
    /// A role's inline policy, by role ARN and policy name (created when missing).
    Inline { role_arn: String, name: String },
    /// A managed policy's default version, by policy ARN.
    Managed { policy_arn: String },
    /// A secret's resource policy, by secret ARN.
    Secret { secret_arn: String },
    /// A KMS key's key policy, by key ARN.
    Key { key_arn: String },
    /// A VPC endpoint's policy, by endpoint id.
    VpcEndpoint { endpoint_id: String },
    /// An SCP or RCP, by policy id.
    Organization { policy_id: String },
}

/// Why a god-mode edit failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    #[error("{}", .0.message())]
    Parse(ParseError),
    #[error("no {kind} `{name}`")]
    NotFound { kind: &'static str, name: String },
    #[error("a {kind} named `{name}` already exists")]
    AlreadyExists { kind: &'static str, name: String },
    #[error("{0}")]
    Invalid(String),
}

impl From<ParseError> for EditError {
    fn from(error: ParseError) -> Self {
        EditError::Parse(error)
    }
}

impl Default for Account {
    fn default() -> Self {
        Self::new(DEFAULT_ACCOUNT, 1)
    }
}

impl Account {
    /// An account with its administrator role and the AWS managed policies, and nothing else.
    pub fn new(account_id: &str, seed: u64) -> Self {
        let mut account = Self {
            home: AccountId::new(account_id),
            home_region: DEFAULT_REGION.to_owned(),
            accounts: vec![AccountId::new(account_id)],
            start: DEFAULT_START,
            now: DEFAULT_START,
            ids: IdGenerator::new(seed),
            roles: Vec::new(),
            policies: Vec::new(),
            instance_profiles: Vec::new(),
            instances: Vec::new(),
            vpc_endpoints: Vec::new(),
            keys: Vec::new(),
            aliases: Vec::new(),
            secrets: Vec::new(),
            functions: Vec::new(),
            sessions: Vec::new(),
            organization: None,
            trail: Vec::new(),
            expired_reported: Vec::new(),
            last_denial: None,
            scenario_name: "empty".to_owned(),
            scenario_description: String::new(),
            script: None,
        };
        account.policies = managed::aws_managed_policies(DEFAULT_START);
        account.ensure_administrator(&AccountId::new(account_id));
        account
    }

    /// Adds another account (with its own administrator) to the world; no-op when it exists.
    pub fn add_account(&mut self, account_id: &str) {
        let id = AccountId::new(account_id);
        if !self.accounts.contains(&id) {
            self.accounts.push(id.clone());
            self.ensure_administrator(&id);
        }
    }

    fn ensure_administrator(&mut self, account: &AccountId) {
        if self.role_by_name(account, ADMINISTRATOR_ROLE).is_some() {
            return;
        }
        let trust = format!(
            "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {{\n      \"Effect\": \"Allow\",\n      \"Principal\": {{\"AWS\": \"arn:aws:iam::{account}:root\"}},\n      \"Action\": \"sts:AssumeRole\"\n    }}\n  ]\n}}"
        );
        if let Ok(role) = self.new_role(account, ADMINISTRATOR_ROLE, "/", &trust) {
            let mut role = role;
            role.description = "The playground's administrator".to_owned();
            role.attached_policies
                .push(managed::ADMINISTRATOR_ACCESS_ARN.to_owned());
            self.roles.push(role);
        }
    }

    /// Builds (does not insert) a role with a fresh unique id.
    pub(crate) fn new_role(
        &mut self,
        account: &AccountId,
        name: &str,
        path: &str,
        trust: &str,
    ) -> Result<Role, ParseError> {
        let arn = format!("arn:aws:iam::{account}:role{path}{name}");
        let trust_policy = StoredPolicy::parse(trust, PolicyKind::Trust, &arn, Layer::Resource)?;
        Ok(Role {
            account: account.clone(),
            name: name.to_owned(),
            path: path.to_owned(),
            id: self.ids.unique_id("AROA", 17),
            description: String::new(),
            trust_policy,
            inline_policies: Vec::new(),
            attached_policies: Vec::new(),
            permissions_boundary: None,
            tags: Vec::new(),
            max_session_duration: 3600,
            created: self.now,
        })
    }

    // ---- read accessors -------------------------------------------------------------------------------------

    /// The playground's own account id.
    pub fn account_id(&self) -> &str {
        self.home.as_str()
    }
    pub fn home_region(&self) -> &str {
        &self.home_region
    }
    /// Every account of the world, the playground's first.
    pub fn accounts(&self) -> Vec<&str> {
        self.accounts.iter().map(AccountId::as_str).collect()
    }
    /// The simulated current time.
    pub fn now(&self) -> Timestamp {
        self.now
    }
    pub fn roles(&self) -> &[Role] {
        &self.roles
    }
    pub fn managed_policies(&self) -> &[ManagedPolicy] {
        &self.policies
    }
    pub fn instance_profiles(&self) -> &[InstanceProfile] {
        &self.instance_profiles
    }
    pub fn instances(&self) -> &[Instance] {
        &self.instances
    }
    pub fn vpc_endpoints(&self) -> &[VpcEndpoint] {
        &self.vpc_endpoints
    }
    pub fn keys(&self) -> &[Key] {
        &self.keys
    }
    pub fn aliases(&self) -> &[Alias] {
        &self.aliases
    }
    pub fn secrets(&self) -> &[Secret] {
        &self.secrets
    }
    pub fn rotation_functions(&self) -> &[RotationFunction] {
        &self.functions
    }
    pub fn sessions(&self) -> &[Session] {
        &self.sessions
    }
    pub fn organization(&self) -> Option<&Organization> {
        self.organization.as_ref()
    }
    /// The audit trail, oldest first.
    pub fn trail(&self) -> &[AuditRecord] {
        &self.trail
    }
    pub fn scenario_name(&self) -> &str {
        &self.scenario_name
    }
    pub fn scenario_description(&self) -> &str {
        &self.scenario_description
    }
    /// The demonstration script of the scenario this world was built from.
    pub fn script(&self) -> Option<&str> {
        self.script.as_deref()
    }

    pub fn role_by_arn(&self, arn: &str) -> Option<&Role> {
        self.roles.iter().find(|role| role.arn() == arn)
    }
    pub fn role_by_name(&self, account: &AccountId, name: &str) -> Option<&Role> {
        self.roles
            .iter()
            .find(|role| &role.account == account && role.name == name)
    }
    pub fn managed_policy(&self, arn: &str) -> Option<&ManagedPolicy> {
        self.policies.iter().find(|policy| policy.arn == arn)
    }
    pub fn instance(&self, id: &str) -> Option<&Instance> {
        self.instances.iter().find(|instance| instance.id.as_str() == id)
    }
    pub fn instance_profile(&self, account: &AccountId, name: &str) -> Option<&InstanceProfile> {
        self.instance_profiles
            .iter()
            .find(|profile| &profile.account == account && profile.name == name)
    }
    pub fn secret_by_arn(&self, arn: &str) -> Option<&Secret> {
        self.secrets.iter().find(|secret| secret.arn() == arn)
    }
    pub fn key_by_arn(&self, arn: &str) -> Option<&Key> {
        self.keys.iter().find(|key| key.arn() == arn)
    }

    // ---- god-mode edits -------------------------------------------------------------------------------------

    /// Replaces a policy document's text (parsed first: a parse error changes nothing). Not audited.
    pub fn set_policy_text(&mut self, target: &PolicyRef, text: &str) -> Result<(), EditError> {
        match target {
            PolicyRef::Trust { role_arn } => {
                let parsed = StoredPolicy::parse(text, PolicyKind::Trust, role_arn, Layer::Resource)?;
                self.role_mut(role_arn)?.trust_policy = parsed;
            }
            PolicyRef::Inline { role_arn, name } => {
                let parsed = StoredPolicy::parse(text, PolicyKind::IdentityInline, name, Layer::Identity)?;
                let role = self.role_mut(role_arn)?;
                match role
                    .inline_policies
                    .iter_mut()
                    .find(|(existing, _)| existing == name)
                {
                    Some((_, document)) => *document = parsed,
                    None => role.inline_policies.push((name.clone(), parsed)),
                }
            }
            PolicyRef::Managed { policy_arn } => {
                let parsed =
                    StoredPolicy::parse(text, PolicyKind::IdentityManaged, policy_arn, Layer::Identity)?;
                let policy = self
                    .policies
                    .iter_mut()
                    .find(|policy| &policy.arn == policy_arn)
                    .ok_or_else(|| not_found("managed policy", policy_arn))?;
                let default = policy.default_version.clone();
                if let Some(version) = policy.versions.iter_mut().find(|version| version.id == default) {
                    version.document = parsed;
                }
            }
            PolicyRef::Secret { secret_arn } => {
                let parsed =
                    StoredPolicy::parse(text, PolicyKind::SecretResource, secret_arn, Layer::Resource)?;
                let secret = self
                    .secrets
                    .iter_mut()
                    .find(|secret| &secret.arn() == secret_arn)
                    .ok_or_else(|| not_found("secret", secret_arn))?;
                secret.resource_policy = Some(parsed);
            }
            PolicyRef::Key { key_arn } => {
                let parsed = StoredPolicy::parse(text, PolicyKind::KeyPolicy, key_arn, Layer::Resource)?;
                let key = self
                    .keys
                    .iter_mut()
                    .find(|key| &key.arn() == key_arn)
                    .ok_or_else(|| not_found("key", key_arn))?;
                key.policy = parsed;
            }
            PolicyRef::VpcEndpoint { endpoint_id } => {
                let parsed =
                    StoredPolicy::parse(text, PolicyKind::VpcEndpoint, endpoint_id, Layer::VpcEndpoint)?;
                let endpoint = self
                    .vpc_endpoints
                    .iter_mut()
                    .find(|endpoint| &endpoint.id == endpoint_id)
                    .ok_or_else(|| not_found("VPC endpoint", endpoint_id))?;
                endpoint.policy = Some(parsed);
            }
            PolicyRef::Organization { policy_id } => {
                let organization = self
                    .organization
                    .as_mut()
                    .ok_or_else(|| not_found("organization", policy_id))?;
                let policy = organization
                    .policies
                    .iter_mut()
                    .find(|policy| &policy.id == policy_id)
                    .ok_or_else(|| not_found("organization policy", policy_id))?;
                let (kind, layer) = match policy.kind {
                    crate::model::OrganizationPolicyKind::ServiceControl => {
                        (PolicyKind::ServiceControl, Layer::ServiceControl)
                    }
                    crate::model::OrganizationPolicyKind::ResourceControl => {
                        (PolicyKind::ResourceControl, Layer::ResourceControl)
                    }
                };
                policy.document = StoredPolicy::parse(text, kind, &policy.name, layer)?;
            }
        }
        Ok(())
    }

    /// The text of a policy document, if it exists.
    pub fn policy_text(&self, target: &PolicyRef) -> Option<&str> {
        match target {
            PolicyRef::Trust { role_arn } => self
                .role_by_arn(role_arn)
                .map(|role| role.trust_policy.text.as_str()),
            PolicyRef::Inline { role_arn, name } => self
                .role_by_arn(role_arn)?
                .inline_policies
                .iter()
                .find(|(existing, _)| existing == name)
                .map(|(_, document)| document.text.as_str()),
            PolicyRef::Managed { policy_arn } => self
                .managed_policy(policy_arn)?
                .default_document()
                .map(|document| document.text.as_str()),
            PolicyRef::Secret { secret_arn } => self
                .secret_by_arn(secret_arn)?
                .resource_policy
                .as_ref()
                .map(|document| document.text.as_str()),
            PolicyRef::Key { key_arn } => self.key_by_arn(key_arn).map(|key| key.policy.text.as_str()),
            PolicyRef::VpcEndpoint { endpoint_id } => self
                .vpc_endpoints
                .iter()
                .find(|endpoint| &endpoint.id == endpoint_id)?
                .policy
                .as_ref()
                .map(|document| document.text.as_str()),
            PolicyRef::Organization { policy_id } => self
                .organization
                .as_ref()?
                .policies
                .iter()
                .find(|policy| &policy.id == policy_id)
                .map(|policy| policy.document.text.as_str()),
        }
    }

    /// Removes an inline policy, a secret's resource policy or an endpoint policy (back to full access).
    pub fn remove_policy(&mut self, target: &PolicyRef) -> Result<(), EditError> {
        match target {
            PolicyRef::Inline { role_arn, name } => {
                let role = self.role_mut(role_arn)?;
                let before = role.inline_policies.len();
                role.inline_policies.retain(|(existing, _)| existing != name);
                if role.inline_policies.len() == before {
                    return Err(not_found("inline policy", name));
                }
            }
            PolicyRef::Secret { secret_arn } => {
                let secret = self.secret_mut(secret_arn)?;
                secret.resource_policy = None;
            }
            PolicyRef::VpcEndpoint { endpoint_id } => {
                let endpoint = self
                    .vpc_endpoints
                    .iter_mut()
                    .find(|endpoint| &endpoint.id == endpoint_id)
                    .ok_or_else(|| not_found("VPC endpoint", endpoint_id))?;
                endpoint.policy = None;
            }
            _ => {
                return Err(EditError::Invalid(
                    "this policy cannot be removed, only edited".to_owned(),
                ))
            }
        }
        Ok(())
    }

    /// Creates a role in the playground's account (god mode).
    pub fn create_role(&mut self, name: &str, trust_policy: &str) -> Result<String, EditError> {
        let home = self.home.clone();
        self.create_role_in(&home, name, "/", trust_policy)
    }

    /// Creates a role in any account of the world (god mode).
    pub fn create_role_in(
        &mut self,
        account: &AccountId,
        name: &str,
        path: &str,
        trust_policy: &str,
    ) -> Result<String, EditError> {
        if self.role_by_name(account, name).is_some() {
            return Err(EditError::AlreadyExists {
                kind: "role",
                name: name.to_owned(),
            });
        }
        let role = self.new_role(account, name, path, trust_policy)?;
        let arn = role.arn();
        self.roles.push(role);
        Ok(arn)
    }

    /// Renames a role (its ARN changes; instance profiles follow by name).
    pub fn rename_role(&mut self, role_arn: &str, new_name: &str) -> Result<String, EditError> {
        let account = self
            .role_by_arn(role_arn)
            .map(|role| role.account.clone())
            .ok_or_else(|| not_found("role", role_arn))?;
        if self.role_by_name(&account, new_name).is_some() {
            return Err(EditError::AlreadyExists {
                kind: "role",
                name: new_name.to_owned(),
            });
        }
        let role = self.role_mut(role_arn)?;
        let old_name = std::mem::replace(&mut role.name, new_name.to_owned());
        let new_arn = role.arn();
        for profile in self
            .instance_profiles
            .iter_mut()
            .filter(|profile| profile.account == account)
        {
            for name in profile.roles.iter_mut().filter(|name| **name == old_name) {
                *name = new_name.to_owned();
            }
        }
        Ok(new_arn)
    }

    /// Deletes a role and removes it from instance profiles.
    pub fn delete_role(&mut self, role_arn: &str) -> Result<(), EditError> {
        let role = self
            .role_by_arn(role_arn)
            .cloned()
            .ok_or_else(|| not_found("role", role_arn))?;
        self.roles.retain(|existing| existing.arn() != role_arn);
        for profile in self
            .instance_profiles
            .iter_mut()
            .filter(|profile| profile.account == role.account)
        {
            profile.roles.retain(|name| name != &role.name);
        }
        Ok(())
    }

    /// Attaches a managed policy to a role (god mode).
    pub fn attach_policy(&mut self, role_arn: &str, policy_arn: &str) -> Result<(), EditError> {
        if self.managed_policy(policy_arn).is_none() {
            return Err(not_found("managed policy", policy_arn));
        }
        let role = self.role_mut(role_arn)?;
        if !role
            .attached_policies
            .iter()
            .any(|existing| existing == policy_arn)
        {
            role.attached_policies.push(policy_arn.to_owned());
        }
        Ok(())
    }

    pub fn detach_policy(&mut self, role_arn: &str, policy_arn: &str) -> Result<(), EditError> {
        let role = self.role_mut(role_arn)?;
        role.attached_policies.retain(|existing| existing != policy_arn);
        Ok(())
    }

    /// Sets or clears a role's permissions boundary (god mode).
    pub fn set_permissions_boundary(
        &mut self,
        role_arn: &str,
        policy_arn: Option<&str>,
    ) -> Result<(), EditError> {
        if let Some(arn) = policy_arn {
            if self.managed_policy(arn).is_none() {
                return Err(not_found("managed policy", arn));
            }
        }
        self.role_mut(role_arn)?.permissions_boundary = policy_arn.map(str::to_owned);
        Ok(())
    }

    /// Replaces a role's tags (god mode).
    pub fn set_role_tags(&mut self, role_arn: &str, tags: Vec<Tag>) -> Result<(), EditError> {
        self.role_mut(role_arn)?.tags = tags;
        Ok(())
    }

    /// Creates a customer managed policy in the playground's account (god mode). Returns its ARN.
    pub fn create_managed_policy(&mut self, name: &str, document: &str) -> Result<String, EditError> {
        let home = self.home.clone();
        self.create_managed_policy_in(&home, name, "/", document)
    }

    pub fn create_managed_policy_in(
        &mut self,
        account: &AccountId,
        name: &str,
        path: &str,
        document: &str,
    ) -> Result<String, EditError> {
        let arn = format!("arn:aws:iam::{account}:policy{path}{name}");
        if self.managed_policy(&arn).is_some() {
            return Err(EditError::AlreadyExists {
                kind: "policy",
                name: name.to_owned(),
            });
        }
        let parsed = StoredPolicy::parse(document, PolicyKind::IdentityManaged, &arn, Layer::Identity)?;
        let id = self.ids.unique_id("ANPA", 17);
        self.policies.push(ManagedPolicy {
            arn: arn.clone(),
            name: name.to_owned(),
            path: path.to_owned(),
            id,
            description: String::new(),
            aws_managed: false,
            versions: vec![PolicyVersion {
                id: "v1".to_owned(),
                document: parsed,
                created: self.now,
            }],
            default_version: "v1".to_owned(),
            boundary_source: policy::PolicySource {
                id: arn.clone(),
                layer: Layer::PermissionsBoundary,
            },
            created: self.now,
        });
        Ok(arn)
    }

    /// Deletes a customer managed policy and detaches it everywhere.
    pub fn delete_managed_policy(&mut self, policy_arn: &str) -> Result<(), EditError> {
        let before = self.policies.len();
        self.policies
            .retain(|policy| policy.arn != policy_arn || policy.aws_managed);
        if self.policies.len() == before {
            return Err(not_found("customer managed policy", policy_arn));
        }
        for role in &mut self.roles {
            role.attached_policies.retain(|arn| arn != policy_arn);
            if role.permissions_boundary.as_deref() == Some(policy_arn) {
                role.permissions_boundary = None;
            }
        }
        Ok(())
    }

    /// Deletes a secret immediately (no deletion window, no audit).
    pub fn delete_secret_now(&mut self, secret_arn: &str) -> Result<(), EditError> {
        let before = self.secrets.len();
        self.secrets.retain(|secret| secret.arn() != secret_arn);
        if self.secrets.len() == before {
            return Err(not_found("secret", secret_arn));
        }
        Ok(())
    }

    /// Sets an instance's metadata options (god mode; the API is ModifyInstanceMetadataOptions).
    pub fn set_instance_metadata(
        &mut self,
        instance_id: &str,
        options: crate::model::MetadataOptions,
    ) -> Result<(), EditError> {
        let instance = self
            .instances
            .iter_mut()
            .find(|instance| instance.id.as_str() == instance_id)
            .ok_or_else(|| not_found("instance", instance_id))?;
        instance.metadata = options;
        Ok(())
    }

    /// Configures which step of a rotation function fails (`None`: all succeed).
    pub fn set_rotation_failure(
        &mut self,
        function_arn: &str,
        step: Option<crate::model::RotationStep>,
    ) -> Result<(), EditError> {
        let function = self
            .functions
            .iter_mut()
            .find(|function| function.arn() == function_arn)
            .ok_or_else(|| not_found("rotation function", function_arn))?;
        function.failing_step = step;
        Ok(())
    }

    /// Sets a rotation function's resource-based policy (`None`: the documented policy letting
    /// `secretsmanager.amazonaws.com` invoke it). The text is read as a resource policy of at most 20,480
    /// characters.
    pub fn set_rotation_function_policy(
        &mut self,
        function_arn: &str,
        text: Option<&str>,
    ) -> Result<(), EditError> {
        let policy = match text {
            Some(text) => Some(crate::model::rotation_function_policy(text, function_arn)?),
            None => None,
        };
        let function = self
            .functions
            .iter_mut()
            .find(|function| function.arn() == function_arn)
            .ok_or_else(|| not_found("rotation function", function_arn))?;
        function.policy = policy;
        Ok(())
    }

    /// Clears the audit trail (the UI's "clear log").
    pub fn clear_trail(&mut self) {
        self.trail.clear();
    }

    pub(crate) fn role_mut(&mut self, arn: &str) -> Result<&mut Role, EditError> {
        self.roles
            .iter_mut()
            .find(|role| role.arn() == arn)
            .ok_or_else(|| not_found("role", arn))
    }

    pub(crate) fn secret_mut(&mut self, arn: &str) -> Result<&mut Secret, EditError> {
        self.secrets
            .iter_mut()
            .find(|secret| secret.arn() == arn)
            .ok_or_else(|| not_found("secret", arn))
    }
}

fn not_found(kind: &'static str, name: &str) -> EditError {
    EditError::NotFound {
        kind,
        name: name.to_owned(),
    }
}

/// God-mode creation of the entities the UI adds directly (not API calls, not audited).
impl Account {
    /// Adds a secret to the playground's account and home Region, encrypted with `aws/secretsmanager`, with an
    /// optional first value (AWSCURRENT). Returns its ARN.
    pub fn add_secret(&mut self, name: &str, value: Option<&str>) -> Result<String, EditError> {
        let home = self.home.clone();
        let region = self.home_region.clone();
        if self
            .secrets
            .iter()
            .any(|secret| secret.account == home && secret.region == region && secret.name == name)
        {
            return Err(EditError::AlreadyExists {
                kind: "secret",
                name: name.to_owned(),
            });
        }
        if name.is_empty()
            || !name
                .chars()
                .all(|character| character.is_ascii_alphanumeric() || "/_+=.@-".contains(character))
        {
            return Err(EditError::Invalid(format!(
                "`{name}` is not a secret name: use letters, digits and /_+=.@-"
            )));
        }
        self.ensure_secrets_manager_key(&home, &region);
        let key_arn = self
            .find_key(crate::services::kms::SECRETS_MANAGER_ALIAS, &home, &region)
            .map(Key::arn)
            .unwrap_or_default();
        let suffix = self.ids.secret_suffix();
        let mut versions = Vec::new();
        if let Some(value) = value {
            versions.push(crate::model::SecretVersion {
                id: crate::ids::VersionId::new(self.ids.uuid()),
                value: Some(crate::model::SecretValue::String(value.to_owned())),
                stages: vec![crate::ids::StagingLabel::current()],
                created: self.now,
                last_accessed: None,
                key_arn,
                earlier_key_arns: Vec::new(),
            });
        }
        let secret = Secret {
            account: home,
            region,
            name: name.to_owned(),
            suffix,
            description: None,
            kms_key_id: None,
            versions,
            tags: Vec::new(),
            resource_policy: None,
            rotation: None,
            rotation_enabled: None,
            last_rotated: None,
            last_changed: self.now,
            last_accessed: None,
            created: self.now,
            deletion: None,
            replicas: Vec::new(),
            primary_region: None,
            rotation_in_progress: None,
        };
        let arn = secret.arn();
        self.secrets.push(secret);
        Ok(arn)
    }

    /// Replaces a secret's tags.
    pub fn set_secret_tags(&mut self, secret_arn: &str, tags: Vec<Tag>) -> Result<(), EditError> {
        self.secret_mut(secret_arn)?.tags = tags;
        Ok(())
    }

    /// Sets a secret's KMS key (`None`: `aws/secretsmanager`). The key must exist in the secret's account.
    pub fn set_secret_key(&mut self, secret_arn: &str, key: Option<&str>) -> Result<(), EditError> {
        let (account, region) = self
            .secret_by_arn(secret_arn)
            .map(|secret| (secret.account.clone(), secret.region.clone()))
            .ok_or_else(|| not_found("secret", secret_arn))?;
        if let Some(identifier) = key {
            if self.find_key(identifier, &account, &region).is_none() {
                return Err(not_found("key", identifier));
            }
        }
        self.secret_mut(secret_arn)?.kms_key_id = key.map(str::to_owned);
        // God mode: every version is now protected by that key alone.
        self.ensure_secrets_manager_key(&account, &region);
        let key_arn = self
            .secret_by_arn(secret_arn)
            .and_then(|secret| self.resolve_key_for_secret(secret))
            .map(crate::model::Key::arn)
            .unwrap_or_default();
        for version in &mut self.secret_mut(secret_arn)?.versions {
            version.key_arn.clone_from(&key_arn);
            version.earlier_key_arns.clear();
        }
        Ok(())
    }

    /// Adds an instance profile (optionally holding a role) to the playground's account. Returns its ARN.
    pub fn add_instance_profile(&mut self, name: &str, role_name: Option<&str>) -> Result<String, EditError> {
        let home = self.home.clone();
        if self.instance_profile(&home, name).is_some() {
            return Err(EditError::AlreadyExists {
                kind: "instance profile",
                name: name.to_owned(),
            });
        }
        if let Some(role) = role_name {
            if self.role_by_name(&home, role).is_none() {
                return Err(not_found("role", role));
            }
        }
        let profile = InstanceProfile {
            account: home,
            name: name.to_owned(),
            path: "/".to_owned(),
            id: self.ids.unique_id("AIPA", 17),
            roles: role_name.iter().map(|role| (*role).to_owned()).collect(),
            created: self.now,
        };
        let arn = profile.arn();
        self.instance_profiles.push(profile);
        Ok(arn)
    }

    /// Launches a running instance named `name` (its `Name` tag) with an optional instance profile. Returns
    /// its id.
    pub fn add_instance(
        &mut self,
        name: &str,
        profile: Option<&str>,
        metadata: crate::model::MetadataOptions,
    ) -> Result<String, EditError> {
        let home = self.home.clone();
        if let Some(profile) = profile {
            if self.instance_profile(&home, profile).is_none() {
                return Err(not_found("instance profile", profile));
            }
        }
        let region = self.home_region.clone();
        let tags = vec![Tag {
            key: "Name".to_owned(),
            value: name.to_owned(),
        }];
        let instance = self.new_instance(
            &home,
            &region,
            "ami-0abcdef1234567890",
            "t3.micro",
            crate::services::ec2::DEFAULT_SUBNET,
            tags,
            profile.map(str::to_owned),
            metadata,
        );
        let id = instance.id.to_string();
        self.instances.push(instance);
        Ok(id)
    }

    /// Removes an instance outright.
    pub fn delete_instance(&mut self, instance_id: &str) -> Result<(), EditError> {
        let before = self.instances.len();
        self.instances
            .retain(|instance| instance.id.as_str() != instance_id);
        if self.instances.len() == before {
            return Err(not_found("instance", instance_id));
        }
        Ok(())
    }

    /// Creates a customer managed KMS key (default key policy when `policy` is `None`), with an optional alias.
    /// Returns its ARN.
    pub fn add_key(&mut self, alias: Option<&str>, policy: Option<&str>) -> Result<String, EditError> {
        let home = self.home.clone();
        let region = self.home_region.clone();
        if let Some(alias) = alias {
            if !alias.starts_with("alias/") || alias.starts_with("alias/aws/") {
                return Err(EditError::Invalid(format!(
                    "`{alias}` is not a customer alias: it starts with `alias/` (not `alias/aws/`)"
                )));
            }
            if self.find_key(alias, &home, &region).is_some() {
                return Err(EditError::AlreadyExists {
                    kind: "alias",
                    name: alias.to_owned(),
                });
            }
        }
        let id = self.ids.uuid();
        let arn = format!("arn:aws:kms:{region}:{home}:key/{id}");
        let text = policy.map_or_else(
            || crate::services::kms::default_key_policy(home.as_str()),
            str::to_owned,
        );
        let parsed = StoredPolicy::parse(&text, PolicyKind::KeyPolicy, &arn, Layer::Resource)?;
        if let Some(alias) = alias {
            self.aliases.push(Alias {
                account: home.clone(),
                region: region.clone(),
                name: alias.to_owned(),
                key_id: id.clone(),
            });
        }
        self.keys.push(Key {
            account: home,
            region,
            id,
            description: String::new(),
            policy: parsed,
            state: crate::model::KeyState::Enabled,
            aws_managed: false,
            created: self.now,
        });
        Ok(arn)
    }

    /// Adds an interface VPC endpoint for `service` (e.g. `secretsmanager`) in `vpc_id`, with the default
    /// full-access policy. Returns its id.
    pub fn add_vpc_endpoint(
        &mut self,
        vpc_id: &str,
        service: &str,
        private_dns: bool,
    ) -> Result<String, EditError> {
        if crate::api::Service::from_prefix(service).is_none() {
            return Err(EditError::Invalid(format!(
                "`{service}` is not a simulated service"
            )));
        }
        let id = self.ids.ec2_id("vpce");
        self.vpc_endpoints.push(VpcEndpoint {
            id: id.clone(),
            account: self.home.clone(),
            region: self.home_region.clone(),
            vpc_id: vpc_id.to_owned(),
            service_name: format!("com.amazonaws.{}.{service}", self.home_region),
            policy: None,
            private_dns,
        });
        Ok(id)
    }

    /// Adds a simulated rotation Lambda function running as `execution_role_arn`. Returns its ARN.
    pub fn add_rotation_function(
        &mut self,
        name: &str,
        execution_role_arn: &str,
    ) -> Result<String, EditError> {
        let role = self
            .role_by_arn(execution_role_arn)
            .ok_or_else(|| not_found("role", execution_role_arn))?;
        let function = RotationFunction {
            account: role.account.clone(),
            region: self.home_region.clone(),
            name: name.to_owned(),
            execution_role: execution_role_arn.to_owned(),
            failing_step: None,
            policy: None,
        };
        if self
            .functions
            .iter()
            .any(|existing| existing.arn() == function.arn())
        {
            return Err(EditError::AlreadyExists {
                kind: "function",
                name: name.to_owned(),
            });
        }
        let arn = function.arn();
        self.functions.push(function);
        Ok(arn)
    }
}

/// God-mode edits of STS sessions and of the organization's policies: the playground's stand-ins for what has
/// no API in this simulation (Organizations) or none at all in AWS (a session's policy is fixed at AssumeRole).
/// Not API calls, not audited.
impl Account {
    /// Adds a session of `role_arn` named `session_name`, as if the role had been assumed with `--policy`
    /// (`policy`: the session policy text; `None`: no session policy). It lasts the role's maximum session
    /// duration. Returns the session's access key id.
    pub fn add_session(
        &mut self,
        role_arn: &str,
        session_name: &str,
        policy: Option<&str>,
    ) -> Result<String, EditError> {
        let valid_name = (2..=64).contains(&session_name.len())
            && session_name
                .chars()
                .all(|character| character.is_ascii_alphanumeric() || "_+=,.@-".contains(character));
        if !valid_name {
            return Err(EditError::Invalid(format!(
                "`{session_name}` is not a session name: 2 to 64 letters, digits and _+=,.@-"
            )));
        }
        let role = self
            .role_by_arn(role_arn)
            .cloned()
            .ok_or_else(|| not_found("role", role_arn))?;
        let session_policy = match policy {
            Some(text) => Some(StoredPolicy::parse(
                text,
                PolicyKind::Session,
                "session policy",
                Layer::Session,
            )?),
            None => None,
        };
        let session = Session {
            access_key_id: crate::ids::AccessKeyId::new(self.ids.unique_id("ASIA", 16)),
            secret_access_key: self.ids.secret_access_key(),
            token: self.ids.session_token(),
            account: role.account.clone(),
            role_arn: role.arn(),
            role_name: role.name.clone(),
            role_id: role.id.clone(),
            session_name: session_name.to_owned(),
            issued: self.now,
            expires: self.now.plus(role.max_session_duration),
            tags: Vec::new(),
            session_policy,
            origin: crate::model::SessionOrigin::AssumeRole,
        };
        let key = session.access_key_id.to_string();
        self.sessions.push(session);
        Ok(key)
    }

    /// The text of a session's session policy, if it has one.
    pub fn session_policy_text(&self, access_key_id: &str) -> Option<&str> {
        self.sessions
            .iter()
            .find(|session| session.access_key_id.as_str() == access_key_id)?
            .session_policy
            .as_ref()
            .map(|document| document.text.as_str())
    }

    /// Replaces (`Some`) or removes (`None`) a session's session policy. A god-mode edit: in AWS a session's
    /// policies are fixed when it is created. The text is parsed first; a parse error changes nothing.
    pub fn set_session_policy(&mut self, access_key_id: &str, text: Option<&str>) -> Result<(), EditError> {
        let parsed = match text {
            Some(text) => Some(StoredPolicy::parse(
                text,
                PolicyKind::Session,
                "session policy",
                Layer::Session,
            )?),
            None => None,
        };
        let session = self
            .sessions
            .iter_mut()
            .find(|session| session.access_key_id.as_str() == access_key_id)
            .ok_or_else(|| not_found("session", access_key_id))?;
        session.session_policy = parsed;
        Ok(())
    }

    /// Forgets a session's credentials (AWS has no API to end one: it lasts until it expires, or until its
    /// role's sessions are revoked with a policy).
    pub fn delete_session(&mut self, access_key_id: &str) -> Result<(), EditError> {
        let index = self
            .sessions
            .iter()
            .position(|session| session.access_key_id.as_str() == access_key_id)
            .ok_or_else(|| not_found("session", access_key_id))?;
        self.sessions.remove(index);
        // `expired_reported` holds session indexes: shift those after the removed one.
        self.expired_reported.retain(|reported| *reported != index);
        for reported in &mut self.expired_reported {
            if *reported > index {
                *reported -= 1;
            }
        }
        Ok(())
    }

    /// Creates an SCP or RCP (Organizations CreatePolicy), not attached anywhere. Returns its id (`p-...`).
    pub fn add_organization_policy(
        &mut self,
        name: &str,
        kind: crate::model::OrganizationPolicyKind,
        text: &str,
    ) -> Result<String, EditError> {
        let valid_name = (1..=128).contains(&name.len()) && !name.chars().any(char::is_control);
        if !valid_name {
            return Err(EditError::Invalid(format!("`{name}` is not a policy name")));
        }
        let (parse_kind, layer) = organization_grammar(kind);
        let document = StoredPolicy::parse(text, parse_kind, name, layer)?;
        let alphabet: Vec<char> = "abcdefghijklmnopqrstuvwxyz0123456789".chars().collect();
        let id = format!("p-{}", self.ids.text_from(&alphabet, 8));
        let organization = self
            .organization
            .as_mut()
            .ok_or_else(|| EditError::Invalid("the account is not in an organization".to_owned()))?;
        if organization
            .policies
            .iter()
            .any(|policy| policy.name == name && policy.kind == kind)
        {
            return Err(EditError::Invalid(
                "DuplicatePolicyException: A policy with the specified name and type already exists."
                    .to_owned(),
            ));
        }
        organization.policies.push(crate::model::OrganizationPolicy {
            id: id.clone(),
            name: name.to_owned(),
            kind,
            document,
            targets: Vec::new(),
        });
        Ok(id)
    }

    /// Renames an SCP or RCP (Organizations UpdatePolicy with `Name`). AWS managed policies cannot change.
    pub fn rename_organization_policy(&mut self, policy_id: &str, new_name: &str) -> Result<(), EditError> {
        let valid_name = (1..=128).contains(&new_name.len()) && !new_name.chars().any(char::is_control);
        if !valid_name {
            return Err(EditError::Invalid(format!("`{new_name}` is not a policy name")));
        }
        let organization = self
            .organization
            .as_mut()
            .ok_or_else(|| not_found("organization policy", policy_id))?;
        let kind = organization
            .policies
            .iter()
            .find(|policy| policy.id == policy_id)
            .map(|policy| policy.kind)
            .ok_or_else(|| not_found("organization policy", policy_id))?;
        if organization
            .policies
            .iter()
            .any(|policy| policy.name == new_name && policy.kind == kind && policy.id != policy_id)
        {
            return Err(EditError::Invalid(
                "DuplicatePolicyException: A policy with the specified name and type already exists."
                    .to_owned(),
            ));
        }
        let policy = organization
            .policies
            .iter_mut()
            .find(|policy| policy.id == policy_id)
            .ok_or_else(|| not_found("organization policy", policy_id))?;
        if is_aws_managed_organization_policy(&policy.name) {
            return Err(EditError::Invalid(format!(
                "AccessDeniedException: {} is an AWS managed policy, which you cannot modify",
                policy.name
            )));
        }
        let (parse_kind, layer) = organization_grammar(kind);
        policy.document = StoredPolicy::parse(&policy.document.text, parse_kind, new_name, layer)?;
        policy.name = new_name.to_owned();
        Ok(())
    }

    /// Deletes an SCP or RCP (Organizations DeletePolicy): it must be detached from every root, OU and account
    /// first, and AWS managed policies cannot be deleted.
    pub fn delete_organization_policy(&mut self, policy_id: &str) -> Result<(), EditError> {
        let organization = self
            .organization
            .as_mut()
            .ok_or_else(|| not_found("organization policy", policy_id))?;
        let policy = organization
            .policies
            .iter()
            .find(|policy| policy.id == policy_id)
            .ok_or_else(|| not_found("organization policy", policy_id))?;
        if is_aws_managed_organization_policy(&policy.name) {
            return Err(EditError::Invalid(format!(
                "AccessDeniedException: {} is an AWS managed policy, which you cannot delete",
                policy.name
            )));
        }
        if !policy.targets.is_empty() {
            return Err(EditError::Invalid(
                "PolicyInUseException: The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.".to_owned(),
            ));
        }
        organization.policies.retain(|policy| policy.id != policy_id);
        Ok(())
    }
}

fn organization_grammar(kind: crate::model::OrganizationPolicyKind) -> (PolicyKind, Layer) {
    match kind {
        crate::model::OrganizationPolicyKind::ServiceControl => {
            (PolicyKind::ServiceControl, Layer::ServiceControl)
        }
        crate::model::OrganizationPolicyKind::ResourceControl => {
            (PolicyKind::ResourceControl, Layer::ResourceControl)
        }
    }
}

/// `FullAWSAccess` and `RCPFullAWSAccess`, the policies Organizations attaches itself.
fn is_aws_managed_organization_policy(name: &str) -> bool {
    matches!(name, "FullAWSAccess" | "RCPFullAWSAccess")
}
