//! The app's one doorway into the engine crates (`policy`, `account`): every question the UI asks of the
//! account, and every change it makes, goes through a function here, so the components never depend on
//! engine internals. The types here are view shapes (what a panel shows), filled from the engine's answers;
//! nothing in this file decides an authorisation itself.

use account::json;
use account::{AccessQuery, Account, NetworkOrigin, Service};

// API calls as an administrator (the explorer's changes) are made by the simulator module.
use crate::simulator::administrator_call;

/// Said by every panel whose engine piece is not in this build.
pub const NOT_AVAILABLE: &str =
    "not available yet: the engine piece behind this panel has not landed in this build";

/// Which policy of the account an editor tab shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PolicyRef {
    pub kind: PolicyKind,
    /// What the policy belongs to: a role name, a secret name, a key id, an endpoint id, an OU or account id.
    pub owner: String,
    /// The policy's own name (inline policy name, managed policy ARN, SCP name); empty when the owner has
    /// only one policy of this kind (trust, boundary, resource, key, endpoint).
    pub name: String,
}

impl PolicyRef {
    /// A short label for tabs and lists.
    pub fn label(&self) -> String {
        if self.name.is_empty() {
            format!("{} · {}", short_name(&self.owner), self.kind.title())
        } else {
            format!("{} · {}", short_name(&self.owner), self.name)
        }
    }

    /// The account's address of this policy (`None` for session policies, which live on sessions: see
    /// [`PolicyRef::session_key`]).
    pub fn account_ref(&self) -> Option<account::PolicyRef> {
        let owner = self.owner.clone();
        Some(match self.kind {
            PolicyKind::Identity if !self.name.is_empty() => account::PolicyRef::Inline {
                role_arn: owner,
                name: self.name.clone(),
            },
            PolicyKind::Identity | PolicyKind::Boundary => account::PolicyRef::Managed { policy_arn: owner },
            PolicyKind::Trust => account::PolicyRef::Trust { role_arn: owner },
            PolicyKind::Resource => account::PolicyRef::Secret { secret_arn: owner },
            PolicyKind::Key => account::PolicyRef::Key { key_arn: owner },
            PolicyKind::Endpoint => account::PolicyRef::VpcEndpoint { endpoint_id: owner },
            PolicyKind::ServiceControl | PolicyKind::ResourceControl => {
                account::PolicyRef::Organization { policy_id: owner }
            }
            PolicyKind::Session => return None,
        })
    }

    /// The access key id of the session whose session policy this is.
    pub fn session_key(&self) -> Option<&str> {
        (self.kind == PolicyKind::Session).then_some(self.name.as_str())
    }

    /// A stable text key (persistence, DOM ids).
    pub fn key(&self) -> String {
        format!("{}|{}|{}", self.kind.name(), self.owner, self.name)
    }

    pub fn from_key(key: &str) -> Option<PolicyRef> {
        let mut parts = key.splitn(3, '|');
        let kind = PolicyKind::from_name(parts.next()?)?;
        let owner = parts.next()?.to_owned();
        let name = parts.next().unwrap_or_default().to_owned();
        Some(PolicyRef { kind, owner, name })
    }
}

/// The kinds of policy document the editor knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PolicyKind {
    Identity,
    Trust,
    Boundary,
    Resource,
    Key,
    Endpoint,
    ServiceControl,
    ResourceControl,
    Session,
}

impl PolicyKind {
    pub const ALL: [PolicyKind; 9] = [
        PolicyKind::Identity,
        PolicyKind::Trust,
        PolicyKind::Boundary,
        PolicyKind::Resource,
        PolicyKind::Key,
        PolicyKind::Endpoint,
        PolicyKind::ServiceControl,
        PolicyKind::ResourceControl,
        PolicyKind::Session,
    ];

    pub fn name(self) -> &'static str {
        match self {
            PolicyKind::Identity => "identity",
            PolicyKind::Trust => "trust",
            PolicyKind::Boundary => "boundary",
            PolicyKind::Resource => "resource",
            PolicyKind::Key => "key",
            PolicyKind::Endpoint => "endpoint",
            PolicyKind::ServiceControl => "scp",
            PolicyKind::ResourceControl => "rcp",
            PolicyKind::Session => "session",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            PolicyKind::Identity => "identity policy",
            PolicyKind::Trust => "trust policy",
            PolicyKind::Boundary => "permissions boundary",
            PolicyKind::Resource => "resource policy",
            PolicyKind::Key => "key policy",
            PolicyKind::Endpoint => "endpoint policy",
            PolicyKind::ServiceControl => "SCP",
            PolicyKind::ResourceControl => "RCP",
            PolicyKind::Session => "session policy",
        }
    }

    pub fn from_name(name: &str) -> Option<PolicyKind> {
        PolicyKind::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

/// How bad a finding is, in Access Analyzer's terms; ordered most severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error,
    SecurityWarning,
    Warning,
    Suggestion,
}

impl Severity {
    /// The `data-severity` value and CSS class suffix.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::SecurityWarning => "security-warning",
            Severity::Warning => "warning",
            Severity::Suggestion => "suggestion",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Severity::Error => "Error",
            Severity::SecurityWarning => "Security warning",
            Severity::Warning => "Warning",
            Severity::Suggestion => "Suggestion",
        }
    }

    pub fn rank(self) -> u8 {
        self as u8
    }
}

/// One validation finding, positioned in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub message: String,
    /// Byte offsets, half-open.
    pub start: usize,
    pub end: usize,
    pub line: u32,
    pub column: u32,
}

impl PolicyKind {
    /// The engine's document kind (size limits, principal rules, error texts).
    pub fn engine_kind(self) -> policy::PolicyKind {
        match self {
            PolicyKind::Identity => policy::PolicyKind::IdentityInline,
            PolicyKind::Trust => policy::PolicyKind::Trust,
            PolicyKind::Boundary => policy::PolicyKind::PermissionsBoundary,
            PolicyKind::Resource => policy::PolicyKind::SecretResource,
            PolicyKind::Key => policy::PolicyKind::KeyPolicy,
            PolicyKind::Endpoint => policy::PolicyKind::VpcEndpoint,
            PolicyKind::ServiceControl => policy::PolicyKind::ServiceControl,
            PolicyKind::ResourceControl => policy::PolicyKind::ResourceControl,
            PolicyKind::Session => policy::PolicyKind::Session,
        }
    }
}

/// Findings for `text` as a policy of `kind`: the parse error if the JSON or the grammar is broken, else
/// Access Analyzer style findings. Sorted by severity, then position.
pub fn validate(text: &str, kind: PolicyKind) -> Vec<Finding> {
    let mut findings: Vec<Finding> = policy::validate::validate_policy(text, kind.engine_kind())
        .into_iter()
        .map(|finding| Finding {
            severity: match finding.finding_type {
                policy::validate::FindingType::Error => Severity::Error,
                policy::validate::FindingType::SecurityWarning => Severity::SecurityWarning,
                policy::validate::FindingType::Warning => Severity::Warning,
                policy::validate::FindingType::Suggestion => Severity::Suggestion,
            },
            message: format!("{}: {}", finding.issue_code, finding.message),
            start: finding.span.start.offset as usize,
            end: finding.span.end.offset as usize,
            line: finding.span.start.line,
            column: finding.span.start.column,
        })
        .collect();
    findings.sort_by_key(|finding| (finding.severity, finding.start));
    findings
}

/// Whether `text` parses as a policy (the account keeps the last text that did).
pub fn parses(text: &str, kind: PolicyKind) -> bool {
    policy::parse_policy(text, kind.engine_kind()).is_ok()
}

/// The editor's Format command. `None` when the text is not JSON (formatting never loses text).
pub fn format(text: &str, kind: PolicyKind) -> Option<String> {
    let _ = kind;
    policy::format::format_policy_text(text).ok()
}

/// A built-in scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioInfo {
    pub name: String,
    pub title: String,
}

pub fn scenarios() -> Vec<ScenarioInfo> {
    // Building the sixteen scenarios to read their descriptions takes milliseconds; the toolbar asks on every
    // render, so the list is made once.
    thread_local! {
        static SCENARIOS: Vec<ScenarioInfo> = builtin_scenarios();
    }
    SCENARIOS.with(Clone::clone)
}

fn builtin_scenarios() -> Vec<ScenarioInfo> {
    account::BUILTIN_NAMES
        .iter()
        .map(|name| ScenarioInfo {
            name: (*name).to_owned(),
            title: account::builtin(name)
                .map(|scenario| first_sentence(&scenario.description))
                .filter(|description| !description.is_empty())
                .map_or_else(
                    || (*name).to_owned(),
                    |description| format!("{name}: {description}"),
                ),
        })
        .collect()
}

fn first_sentence(text: &str) -> String {
    let sentence = text.split(". ").next().unwrap_or(text).trim_end_matches('.');
    if sentence.chars().count() > 90 {
        format!("{}…", sentence.chars().take(88).collect::<String>())
    } else {
        sentence.to_owned()
    }
}

/// The account of a built-in scenario.
pub fn load_scenario(name: &str) -> Result<Account, String> {
    Account::builtin(name).ok_or_else(|| format!("there is no built-in scenario named `{name}`"))
}

/// The default account the app opens with: the canonical story.
pub fn default_account() -> Account {
    load_scenario("canonical").unwrap_or_default()
}

/// The account as a scenario file (JSON text) with its saved state (audit trail, sessions, clock, ids), so
/// that reload, share links and an exported file restore the world exactly.
pub fn export_scenario(account: &Account) -> Result<String, String> {
    Ok(account.export_state().to_json())
}

/// An account from a scenario file (with its saved state, when the file carries one).
pub fn import_scenario(text: &str) -> Result<Account, String> {
    let scenario = account::Scenario::from_json(text).map_err(|error| error.to_string())?;
    Account::from_scenario(&scenario).map_err(|error| error.to_string())
}

/// One thing in the account explorer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExplorerItem {
    pub id: String,
    pub label: String,
    pub detail: String,
    pub policies: Vec<PolicyRef>,
}

/// One kind of thing in the account explorer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExplorerSection {
    pub kind: EntityKind,
    pub items: Vec<ExplorerItem>,
}

/// What the explorer can add, rename and delete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityKind {
    Role,
    InstanceProfile,
    Instance,
    Secret,
    Key,
    VpcEndpoint,
    ServiceControlPolicy,
    /// STS sessions (from AssumeRole in the terminal, or added here as playground sessions).
    Session,
}

impl EntityKind {
    pub fn title(self) -> &'static str {
        match self {
            EntityKind::Role => "Roles",
            EntityKind::InstanceProfile => "Instance profiles",
            EntityKind::Instance => "Instances",
            EntityKind::Secret => "Secrets",
            EntityKind::Key => "KMS keys",
            EntityKind::VpcEndpoint => "VPC endpoints",
            EntityKind::ServiceControlPolicy => "SCPs",
            EntityKind::Session => "STS sessions",
        }
    }

    /// Every kind the explorer lists can be added.
    pub fn can_add(self) -> bool {
        true
    }

    /// Whether a rename is possible (AWS's own way, or a labelled playground edit for roles). For the other
    /// kinds [`EntityKind::rename_note`] says why AWS cannot rename them.
    pub fn can_rename(self) -> bool {
        matches!(
            self,
            EntityKind::Role | EntityKind::Instance | EntityKind::Key | EntityKind::ServiceControlPolicy
        )
    }

    pub fn can_delete(self) -> bool {
        true
    }

    /// What renaming does for this kind, or why AWS cannot rename it.
    pub fn rename_note(self) -> &'static str {
        match self {
            EntityKind::Role => "Playground edit: AWS cannot rename a role (its name is part of its ARN); here the role is renamed in place and instance profiles follow. Not an API call, not logged.",
            EntityKind::Instance => "Renames the instance's Name tag (EC2 CreateTags).",
            EntityKind::Key => "A KMS key has no name, only aliases: this creates the new alias (CreateAlias) and deletes the old one (DeleteAlias).",
            EntityKind::ServiceControlPolicy => "Renames the policy (Organizations UpdatePolicy). Playground edit: the simulation has no Organizations API, so it is not logged.",
            EntityKind::InstanceProfile => "AWS cannot rename an instance profile: create a new one, add the role to it, and delete the old one.",
            EntityKind::Secret => "AWS cannot rename a secret: create a new one with the value and delete the old one.",
            EntityKind::VpcEndpoint => "A VPC endpoint has no name in AWS, only its id (vpce-...), which cannot change.",
            EntityKind::Session => "AWS cannot rename a session: its name is set by AssumeRole's RoleSessionName.",
        }
    }

    /// What the name field of the add form asks for.
    pub fn add_prompt(self) -> &'static str {
        match self {
            EntityKind::Role => "Name of the new role",
            EntityKind::InstanceProfile => "Name of the new instance profile",
            EntityKind::Instance => "Name tag of the new instance",
            EntityKind::Secret => "Name of the new secret",
            EntityKind::Key => "Alias of the new key (alias/...)",
            EntityKind::VpcEndpoint => "Service of the new endpoint (secretsmanager, kms, sts, ec2)",
            EntityKind::ServiceControlPolicy => "Name of the new SCP or RCP",
            EntityKind::Session => "Session name (RoleSessionName)",
        }
    }

    /// The label of the add form's second field (a role, an instance profile), if the kind has one.
    pub fn parent_label(self) -> Option<&'static str> {
        match self {
            EntityKind::InstanceProfile => Some("Role in the profile"),
            EntityKind::Instance => Some("Instance profile"),
            EntityKind::Session => Some("Role to assume"),
            EntityKind::ServiceControlPolicy => Some("Policy type"),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            EntityKind::Role => "role",
            EntityKind::InstanceProfile => "instance-profile",
            EntityKind::Instance => "instance",
            EntityKind::Secret => "secret",
            EntityKind::Key => "key",
            EntityKind::VpcEndpoint => "vpc-endpoint",
            EntityKind::ServiceControlPolicy => "scp",
            EntityKind::Session => "session",
        }
    }
}

pub fn explorer(account: &Account) -> Result<Vec<ExplorerSection>, String> {
    let home = account.account_id().to_owned();
    let in_other_account = |owner: &str| {
        if owner == home {
            String::new()
        } else {
            format!(" (account {owner})")
        }
    };
    let roles = account
        .roles()
        .iter()
        .map(|role| {
            let arn = role.arn();
            let mut policies = vec![PolicyRef {
                kind: PolicyKind::Trust,
                owner: arn.clone(),
                name: String::new(),
            }];
            policies.extend(role.inline_policies.iter().map(|(name, _)| PolicyRef {
                kind: PolicyKind::Identity,
                owner: arn.clone(),
                name: name.clone(),
            }));
            policies.extend(role.attached_policies.iter().map(|policy_arn| PolicyRef {
                kind: PolicyKind::Identity,
                owner: policy_arn.clone(),
                name: String::new(),
            }));
            if let Some(boundary) = &role.permissions_boundary {
                policies.push(PolicyRef {
                    kind: PolicyKind::Boundary,
                    owner: boundary.clone(),
                    name: String::new(),
                });
            }
            ExplorerItem {
                id: arn.clone(),
                label: format!("{}{}", role.name, in_other_account(&role.account.0)),
                detail: arn,
                policies,
            }
        })
        .collect();
    let profiles = account
        .instance_profiles()
        .iter()
        .map(|profile| ExplorerItem {
            id: profile.arn(),
            label: profile.name.clone(),
            detail: match profile.roles.first() {
                Some(role) => format!("role {role}"),
                None => "no role".to_owned(),
            },
            policies: Vec::new(),
        })
        .collect();
    let instances = account
        .instances()
        .iter()
        .map(|instance| ExplorerItem {
            id: instance.id.0.clone(),
            label: if instance.name.is_empty() {
                instance.id.0.clone()
            } else {
                instance.name.clone()
            },
            detail: format!(
                "{} · {} · {}",
                instance.id.0,
                instance.state.name(),
                instance
                    .profile
                    .as_ref()
                    .map_or("no instance profile".to_owned(), |p| format!(
                        "profile {}",
                        p.profile_name
                    ))
            ),
            policies: Vec::new(),
        })
        .collect();
    let secrets = account
        .secrets()
        .iter()
        .map(|secret| {
            let arn = secret.arn();
            ExplorerItem {
                id: arn.clone(),
                label: format!("{}{}", secret.name, in_other_account(&secret.account.0)),
                detail: format!(
                    "{}{}",
                    secret
                        .kms_key_id
                        .clone()
                        .unwrap_or_else(|| "aws/secretsmanager".to_owned()),
                    if secret.is_scheduled_for_deletion() {
                        " · scheduled for deletion"
                    } else {
                        ""
                    }
                ),
                policies: vec![PolicyRef {
                    kind: PolicyKind::Resource,
                    owner: arn,
                    name: String::new(),
                }],
            }
        })
        .collect();
    let keys = account
        .keys()
        .iter()
        .filter(|key| !key.aws_managed)
        .map(|key| {
            let arn = key.arn();
            let aliases: Vec<&str> = account
                .aliases()
                .iter()
                .filter(|alias| alias.key_id == key.id)
                .map(|alias| alias.name.as_str())
                .collect();
            ExplorerItem {
                id: arn.clone(),
                label: aliases
                    .first()
                    .map_or(key.id.clone(), |alias| (*alias).to_owned()),
                detail: format!("{} · {}", key.id, key.state.name()),
                policies: vec![PolicyRef {
                    kind: PolicyKind::Key,
                    owner: arn,
                    name: String::new(),
                }],
            }
        })
        .collect();
    let endpoints = account
        .vpc_endpoints()
        .iter()
        .map(|endpoint| ExplorerItem {
            id: endpoint.id.clone(),
            label: endpoint.id.clone(),
            detail: format!("{} · {}", endpoint.service_name, endpoint.vpc_id),
            policies: vec![PolicyRef {
                kind: PolicyKind::Endpoint,
                owner: endpoint.id.clone(),
                name: String::new(),
            }],
        })
        .collect();
    let organization_policies = account
        .organization()
        .map(|organization| {
            organization
                .policies
                .iter()
                .map(|policy| {
                    let kind = match policy.kind {
                        account::model::OrganizationPolicyKind::ServiceControl => PolicyKind::ServiceControl,
                        account::model::OrganizationPolicyKind::ResourceControl => {
                            PolicyKind::ResourceControl
                        }
                    };
                    ExplorerItem {
                        id: policy.id.clone(),
                        label: policy.name.clone(),
                        detail: if policy.targets.is_empty() {
                            format!("{} · not attached", kind.title())
                        } else {
                            format!("{} · attached to {}", kind.title(), policy.targets.join(", "))
                        },
                        policies: vec![PolicyRef {
                            kind,
                            owner: policy.id.clone(),
                            name: String::new(),
                        }],
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let sessions = account
        .sessions()
        .iter()
        .map(|session| {
            let arn = session.arn();
            let origin = match &session.origin {
                account::model::SessionOrigin::Instance { instance, .. } => format!("from {instance} (IMDS)"),
                _ => "AssumeRole".to_owned(),
            };
            let state = if account.now() >= session.expires {
                "expired".to_owned()
            } else {
                format!("expires {}", session.expires.iso())
            };
            ExplorerItem {
                id: session.access_key_id.to_string(),
                label: format!(
                    "{}/{}{}",
                    session.role_name,
                    session.session_name,
                    in_other_account(&session.account.0)
                ),
                detail: format!("{} · {origin} · {state}", session.access_key_id),
                policies: vec![PolicyRef {
                    kind: PolicyKind::Session,
                    owner: arn,
                    name: session.access_key_id.to_string(),
                }],
            }
        })
        .collect();
    Ok(vec![
        ExplorerSection {
            kind: EntityKind::Role,
            items: roles,
        },
        ExplorerSection {
            kind: EntityKind::InstanceProfile,
            items: profiles,
        },
        ExplorerSection {
            kind: EntityKind::Instance,
            items: instances,
        },
        ExplorerSection {
            kind: EntityKind::Secret,
            items: secrets,
        },
        ExplorerSection {
            kind: EntityKind::Key,
            items: keys,
        },
        ExplorerSection {
            kind: EntityKind::VpcEndpoint,
            items: endpoints,
        },
        ExplorerSection {
            kind: EntityKind::ServiceControlPolicy,
            items: organization_policies,
        },
        ExplorerSection {
            kind: EntityKind::Session,
            items: sessions,
        },
    ])
}

/// The policy the editor opens first: the first inline policy of a role other than the administrator (the
/// application's own permissions), else the first policy of the account.
pub fn first_policy(account: &Account) -> Option<PolicyRef> {
    let sections = explorer(account).ok()?;
    let all = || {
        sections
            .iter()
            .flat_map(|section| section.items.iter())
            .flat_map(|item| item.policies.iter())
    };
    all()
        .find(|policy| {
            policy.kind == PolicyKind::Identity
                && !policy.name.is_empty()
                && !policy.owner.ends_with(":role/Administrator")
        })
        .or_else(|| all().next())
        .cloned()
}

/// The text of an inline policy added in the explorer.
pub const NEW_INLINE_POLICY: &str = r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "DescribeSecrets",
            "Effect": "Allow",
            "Action": "secretsmanager:DescribeSecret",
            "Resource": "*"
        }
    ]
}
"#;

/// The trust policy a role added in the explorer starts with: EC2 may assume it.
const NEW_ROLE_TRUST: &str = r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "ec2.amazonaws.com"},
            "Action": "sts:AssumeRole"
        }
    ]
}
"#;

/// The session policy a playground session starts with: everything the role allows in Secrets Manager and
/// KMS (a session policy only limits, never grants).
pub const NEW_SESSION_POLICY: &str = r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "SessionLimit",
            "Effect": "Allow",
            "Action": ["secretsmanager:*", "kms:*"],
            "Resource": "*"
        }
    ]
}
"#;

/// The document an SCP added in the explorer starts with: FullAWSAccess's, so that attaching it changes nothing
/// until it is edited.
const NEW_SCP: &str = r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "AllowEverything",
            "Effect": "Allow",
            "Action": "*",
            "Resource": "*"
        }
    ]
}
"#;

/// The document an RCP added in the explorer starts with: the documented "enforce TLS" example (RCPs deny only;
/// the AWS managed RCPFullAWSAccess is their one Allow).
const NEW_RCP: &str = r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "EnforceSecureTransport",
            "Effect": "Deny",
            "Principal": "*",
            "Action": ["secretsmanager:*", "kms:*"],
            "Resource": "*",
            "Condition": {
                "BoolIfExists": {"aws:SecureTransport": "false"}
            }
        }
    ]
}
"#;

/// The account id in an ARN (`arn:aws:SERVICE:REGION:ACCOUNT:...`).
fn account_of(arn: &str) -> Option<&str> {
    arn.split(':').nth(4).filter(|account| !account.is_empty())
}

/// The live STS sessions a request can be asked as (their session policies apply), as (session ARN, label).
/// A session ARN names the newest live session of that name.
pub fn session_principals(account: &Account) -> Vec<(String, String)> {
    let mut principals: Vec<(String, String)> = Vec::new();
    for session in account.sessions().iter().rev() {
        let arn = session.arn();
        if account.now() < session.expires && !principals.iter().any(|(existing, _)| *existing == arn) {
            let policy = if session.session_policy.is_some() {
                " (session policy)"
            } else {
                ""
            };
            principals.push((
                arn,
                format!("session {}/{}{policy}", session.role_name, session.session_name),
            ));
        }
    }
    principals.reverse();
    principals
}

/// The choices of the add form's second field for `kind`, as (value, label); the first is the default.
pub fn add_parents(account: &Account, kind: EntityKind) -> Vec<(String, String)> {
    let home = account.account_id().to_owned();
    let roles = || {
        account
            .roles()
            .iter()
            .filter(|role| role.account.0 == home)
            .map(|role| (role.name.clone(), role.name.clone()))
            .collect::<Vec<_>>()
    };
    match kind {
        EntityKind::InstanceProfile => {
            let mut choices = vec![(String::new(), "no role".to_owned())];
            choices.extend(roles());
            choices
        }
        EntityKind::Instance => {
            let mut choices = vec![(String::new(), "no instance profile".to_owned())];
            choices.extend(
                account
                    .instance_profiles()
                    .iter()
                    .filter(|profile| profile.account.0 == home)
                    .map(|profile| (profile.name.clone(), profile.name.clone())),
            );
            choices
        }
        EntityKind::ServiceControlPolicy => vec![
            ("scp".to_owned(), "Service control policy (SCP)".to_owned()),
            ("rcp".to_owned(), "Resource control policy (RCP)".to_owned()),
        ],
        EntityKind::Session => account
            .roles()
            .iter()
            .filter(|role| role.name != "Administrator")
            .chain(account.roles().iter().filter(|role| role.name == "Administrator"))
            .map(|role| (role.arn(), role.name.clone()))
            .collect(),
        _ => Vec::new(),
    }
}

/// Adds an entity with no second field (see [`add_entity_in`]).
pub fn add_entity(account: &mut Account, kind: EntityKind, name: &str) -> Result<(), String> {
    add_entity_in(account, kind, name, None)
}

/// Adds an entity named `name`, through the account's own API as the administrator where AWS has one.
/// `parent` is the add form's second field: the role of an instance profile, the instance profile of an
/// instance, the role ARN of a session.
pub fn add_entity_in(
    account: &mut Account,
    kind: EntityKind,
    name: &str,
    parent: Option<&str>,
) -> Result<(), String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("the name is empty".to_owned());
    }
    let parent = parent.map(str::trim).filter(|parent| !parent.is_empty());
    match kind {
        EntityKind::Role => administrator_call(
            account,
            None,
            Service::Iam,
            "CreateRole",
            json!({"RoleName": name, "AssumeRolePolicyDocument": NEW_ROLE_TRUST}),
        )
        .map(|_| ()),
        EntityKind::InstanceProfile => {
            administrator_call(
                account,
                None,
                Service::Iam,
                "CreateInstanceProfile",
                json!({"InstanceProfileName": name}),
            )?;
            match parent {
                Some(role) => administrator_call(
                    account,
                    None,
                    Service::Iam,
                    "AddRoleToInstanceProfile",
                    json!({"InstanceProfileName": name, "RoleName": role}),
                )
                .map(|_| ()),
                None => Ok(()),
            }
        }
        EntityKind::Instance => {
            let mut input = json!({
                "ImageId": "ami-0abcdef1234567890",
                "InstanceType": "t3.micro",
                "MinCount": 1,
                "MaxCount": 1,
                "SubnetId": account::DEFAULT_SUBNET,
                "TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": name}]}],
                "MetadataOptions": {"HttpTokens": "required", "HttpPutResponseHopLimit": 2, "HttpEndpoint": "enabled"},
            });
            if let (Some(profile), Some(members)) = (parent, input.as_object_mut()) {
                members.insert("IamInstanceProfile".to_owned(), json!({"Name": profile}));
            }
            administrator_call(account, None, Service::Ec2, "RunInstances", input).map(|_| ())
        }
        EntityKind::Secret => administrator_call(
            account,
            None,
            Service::SecretsManager,
            "CreateSecret",
            json!({"Name": name, "SecretString": "{\"username\":\"app\",\"password\":\"change-me\"}"}),
        )
        .map(|_| ()),
        EntityKind::Key => {
            let alias = if name.starts_with("alias/") {
                name.to_owned()
            } else {
                format!("alias/{name}")
            };
            // Check the alias first, so that a bad one does not leave a key without a name behind.
            if !alias.starts_with("alias/aws/")
                && account
                    .aliases()
                    .iter()
                    .any(|existing| existing.name == alias && existing.account.0 == account.account_id())
            {
                return Err(format!("an alias named `{alias}` already exists"));
            }
            let created = administrator_call(
                account,
                None,
                Service::Kms,
                "CreateKey",
                json!({"Description": format!("Created in the explorer as {alias}")}),
            )?;
            let key_id = created
                .pointer("/KeyMetadata/KeyId")
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default()
                .to_owned();
            administrator_call(
                account,
                None,
                Service::Kms,
                "CreateAlias",
                json!({"AliasName": alias, "TargetKeyId": key_id}),
            )
            .map(|_| ())
        }
        EntityKind::VpcEndpoint => {
            let service = name.rsplit('.').next().unwrap_or(name);
            administrator_call(
                account,
                None,
                Service::Ec2,
                "CreateVpcEndpoint",
                json!({
                    "VpcEndpointType": "Interface",
                    "VpcId": account::DEFAULT_VPC,
                    "ServiceName": format!("com.amazonaws.{}.{service}", account.home_region()),
                    "PrivateDnsEnabled": true,
                }),
            )
            .map(|_| ())
        }
        EntityKind::ServiceControlPolicy => {
            let (kind, text) = match parent {
                Some("rcp") => (account::model::OrganizationPolicyKind::ResourceControl, NEW_RCP),
                _ => (account::model::OrganizationPolicyKind::ServiceControl, NEW_SCP),
            };
            account
                .add_organization_policy(name, kind, text)
                .map(|_| ())
                .map_err(|error| error.to_string())
        }
        EntityKind::Session => {
            let role_arn = parent.ok_or("choose the role the session is of")?;
            account
                .add_session(role_arn, name, Some(NEW_SESSION_POLICY))
                .map(|_| ())
                .map_err(|error| error.to_string())
        }
    }
}

pub fn rename_entity(
    account: &mut Account,
    kind: EntityKind,
    id: &str,
    new_name: &str,
) -> Result<(), String> {
    let new_name = new_name.trim();
    if new_name.is_empty() {
        return Err("the name is empty".to_owned());
    }
    match kind {
        // God mode (see `EntityKind::rename_note`).
        EntityKind::Role => account
            .rename_role(id, new_name)
            .map(|_| ())
            .map_err(|error| error.to_string()),
        EntityKind::Instance => administrator_call(
            account,
            None,
            Service::Ec2,
            "CreateTags",
            json!({"Resources": [id], "Tags": [{"Key": "Name", "Value": new_name}]}),
        )
        .map(|_| ()),
        EntityKind::Key => {
            let key = account.key_by_arn(id).ok_or_else(|| format!("no key `{id}`"))?;
            let key_id = key.id.clone();
            let owner = key.account.0.clone();
            let old_aliases: Vec<String> = account
                .aliases()
                .iter()
                .filter(|alias| alias.key_id == key_id)
                .map(|alias| alias.name.clone())
                .collect();
            let alias = if new_name.starts_with("alias/") {
                new_name.to_owned()
            } else {
                format!("alias/{new_name}")
            };
            administrator_call(
                account,
                Some(&owner),
                Service::Kms,
                "CreateAlias",
                json!({"AliasName": alias, "TargetKeyId": key_id}),
            )?;
            for old in old_aliases.iter().take(1) {
                administrator_call(
                    account,
                    Some(&owner),
                    Service::Kms,
                    "DeleteAlias",
                    json!({ "AliasName": old }),
                )?;
            }
            Ok(())
        }
        EntityKind::ServiceControlPolicy => account
            .rename_organization_policy(id, new_name)
            .map_err(|error| error.to_string()),
        other => Err(other.rename_note().to_owned()),
    }
}

/// What deleting the entity does, for the confirm step.
pub fn delete_description(account: &Account, kind: EntityKind, id: &str) -> String {
    match kind {
        EntityKind::Role => "Deletes the role as the IAM console does: its inline policies are deleted and its managed policies detached (DeleteRolePolicy, DetachRolePolicy), then DeleteRole, which AWS refuses while the role is in an instance profile.".to_owned(),
        EntityKind::InstanceProfile => "Removes the role from the instance profile (RemoveRoleFromInstanceProfile), then DeleteInstanceProfile.".to_owned(),
        EntityKind::Instance => "Terminates the instance (TerminateInstances); it stays listed as terminated.".to_owned(),
        EntityKind::Secret => {
            if account
                .secret_by_arn(id)
                .is_some_and(account::model::Secret::is_scheduled_for_deletion)
            {
                "The secret is already scheduled for deletion: this deletes it now, without recovery (DeleteSecret with ForceDeleteWithoutRecovery).".to_owned()
            } else {
                "Schedules the secret for deletion with the default 30-day recovery window (DeleteSecret); delete it again to delete it at once without recovery.".to_owned()
            }
        }
        EntityKind::Key => "Schedules the key for deletion after the default 30-day waiting period (ScheduleKeyDeletion); KMS never deletes a key at once.".to_owned(),
        EntityKind::VpcEndpoint => "Deletes the endpoint (DeleteVpcEndpoints).".to_owned(),
        EntityKind::ServiceControlPolicy => "Deletes the policy (Organizations DeletePolicy), which AWS refuses while it is attached. Playground edit: not logged.".to_owned(),
        EntityKind::Session => "Playground edit: forgets the session's credentials. AWS has no API to end a session; it lasts until it expires.".to_owned(),
    }
}

pub fn delete_entity(account: &mut Account, kind: EntityKind, id: &str) -> Result<(), String> {
    match kind {
        EntityKind::Role => {
            let role = account
                .role_by_arn(id)
                .cloned()
                .ok_or_else(|| format!("no role `{id}`"))?;
            if role.name == "Administrator" {
                return Err("the playground's Administrator role cannot be deleted here: the explorer, the terminal and scripts act as it".to_owned());
            }
            let owner = Some(role.account.0.as_str());
            // As the IAM console does: delete the inline policies and detach the managed ones, then DeleteRole.
            // When DeleteRole fails (DeleteConflict: the role is still in an instance profile) the explorer's
            // change is dropped as a whole, so nothing is left half deleted.
            for (name, _) in &role.inline_policies {
                administrator_call(
                    account,
                    owner,
                    Service::Iam,
                    "DeleteRolePolicy",
                    json!({"RoleName": role.name, "PolicyName": name}),
                )?;
            }
            for policy_arn in &role.attached_policies {
                administrator_call(
                    account,
                    owner,
                    Service::Iam,
                    "DetachRolePolicy",
                    json!({"RoleName": role.name, "PolicyArn": policy_arn}),
                )?;
            }
            administrator_call(
                account,
                owner,
                Service::Iam,
                "DeleteRole",
                json!({"RoleName": role.name}),
            )
            .map(|_| ())
        }
        EntityKind::InstanceProfile => {
            let profile = account
                .instance_profiles()
                .iter()
                .find(|profile| profile.arn() == id)
                .cloned()
                .ok_or_else(|| format!("no instance profile `{id}`"))?;
            let owner = Some(profile.account.0.as_str());
            for role in &profile.roles {
                administrator_call(
                    account,
                    owner,
                    Service::Iam,
                    "RemoveRoleFromInstanceProfile",
                    json!({"InstanceProfileName": profile.name, "RoleName": role}),
                )?;
            }
            administrator_call(
                account,
                owner,
                Service::Iam,
                "DeleteInstanceProfile",
                json!({"InstanceProfileName": profile.name}),
            )
            .map(|_| ())
        }
        EntityKind::Instance => administrator_call(
            account,
            None,
            Service::Ec2,
            "TerminateInstances",
            json!({ "InstanceIds": [id] }),
        )
        .map(|_| ()),
        EntityKind::Secret => {
            let scheduled = account
                .secret_by_arn(id)
                .is_some_and(account::model::Secret::is_scheduled_for_deletion);
            let input = if scheduled {
                json!({"SecretId": id, "ForceDeleteWithoutRecovery": true})
            } else {
                json!({ "SecretId": id })
            };
            administrator_call(
                account,
                account_of(id),
                Service::SecretsManager,
                "DeleteSecret",
                input,
            )
            .map(|_| ())
        }
        EntityKind::Key => administrator_call(
            account,
            account_of(id),
            Service::Kms,
            "ScheduleKeyDeletion",
            json!({"KeyId": id, "PendingWindowInDays": 30}),
        )
        .map(|_| ()),
        EntityKind::VpcEndpoint => {
            let response = administrator_call(
                account,
                None,
                Service::Ec2,
                "DeleteVpcEndpoints",
                json!({ "VpcEndpointIds": [id] }),
            )?;
            match response
                .get("Unsuccessful")
                .and_then(serde_json::Value::as_array)
                .and_then(|failures| failures.first())
            {
                Some(failure) => Err(format!(
                    "{}: {}",
                    failure
                        .pointer("/Error/Code")
                        .and_then(serde_json::Value::as_str)
                        .unwrap_or_default(),
                    failure
                        .pointer("/Error/Message")
                        .and_then(serde_json::Value::as_str)
                        .unwrap_or_default()
                )),
                None => Ok(()),
            }
        }
        EntityKind::ServiceControlPolicy => account
            .delete_organization_policy(id)
            .map_err(|error| error.to_string()),
        EntityKind::Session => account.delete_session(id).map_err(|error| error.to_string()),
    }
}

/// The text of a policy as the account holds it (the last valid text).
pub fn policy_text(account: &Account, policy: &PolicyRef) -> Option<String> {
    if let Some(access_key_id) = policy.session_key() {
        return account.session_policy_text(access_key_id).map(str::to_owned);
    }
    account.policy_text(&policy.account_ref()?).map(str::to_owned)
}

/// Replaces a policy's text ("god mode" edit; not an API call, not logged). The text must parse. A session
/// policy is set on its session (in AWS it is fixed when the session is created; here it can change).
pub fn set_policy_text(account: &mut Account, policy: &PolicyRef, text: &str) -> Result<(), String> {
    if let Some(access_key_id) = policy.session_key() {
        return account
            .set_session_policy(access_key_id, Some(text))
            .map_err(|error| error.to_string());
    }
    let target = policy
        .account_ref()
        .ok_or("this policy has no place in the account")?;
    account
        .set_policy_text(&target, text)
        .map_err(|error| error.to_string())
}

/// The last part of an ARN or id, for labels.
pub fn short_name(arn: &str) -> &str {
    if let Some((_, name)) = arn.split_once(":secret:") {
        return name;
    }
    arn.rsplit(['/', ':'])
        .next()
        .filter(|name| !name.is_empty())
        .unwrap_or(arn)
}

/// A matrix cell's coordinates.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellKey {
    pub principal: String,
    pub resource: String,
    pub action: String,
}

/// The decision shown in a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    Allowed,
    ExplicitDeny,
    ImplicitDeny,
}

impl Verdict {
    pub fn from_decision(decision: policy::Decision) -> Verdict {
        match decision {
            policy::Decision::Allowed => Verdict::Allowed,
            policy::Decision::ExplicitDeny => Verdict::ExplicitDeny,
            policy::Decision::ImplicitDeny => Verdict::ImplicitDeny,
        }
    }

    /// The `data-decision` value.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Allowed => "allowed",
            Verdict::ExplicitDeny => "explicitDeny",
            Verdict::ImplicitDeny => "implicitDeny",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Verdict::Allowed => "Allowed",
            Verdict::ExplicitDeny => "Explicit deny",
            Verdict::ImplicitDeny => "Implicit deny",
        }
    }

    pub fn icon(self) -> &'static str {
        match self {
            Verdict::Allowed => "✓",
            Verdict::ExplicitDeny => "✕",
            Verdict::ImplicitDeny => "–",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixPrincipal {
    pub arn: String,
    pub label: String,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixResource {
    pub arn: String,
    pub label: String,
}

/// The access matrix: principals × secrets × actions, decided by the engine.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Matrix {
    pub principals: Vec<MatrixPrincipal>,
    pub resources: Vec<MatrixResource>,
    pub actions: Vec<String>,
    /// Row-major: principal, then resource, then action.
    pub cells: Vec<Verdict>,
    /// The engine's matrix behind the view, refreshed in place after an edit.
    access: Option<account::AccessMatrix>,
}

impl Matrix {
    /// The flat index into [`Matrix::cells`] of a cell.
    pub fn index(&self, principal: usize, resource: usize, action: usize) -> usize {
        (principal * self.resources.len() + resource) * self.actions.len() + action
    }

    pub fn cell(&self, principal: usize, resource: usize, action: usize) -> Option<Verdict> {
        self.cells.get(self.index(principal, resource, action)).copied()
    }

    /// The (principal, resource, action) indexes of a cell given by its key.
    pub fn position(&self, key: &CellKey) -> Option<(usize, usize, usize)> {
        let principal = self.principals.iter().position(|p| p.arn == key.principal)?;
        let resource = self.resources.iter().position(|r| r.arn == key.resource)?;
        let action = self.actions.iter().position(|a| *a == key.action)?;
        Some((principal, resource, action))
    }

    /// Flat indexes (ascending) of the cells of this matrix whose decision differs from `before`. Cells new in
    /// this matrix are not changes. Same shape: compared index by index, without building keys.
    pub fn changed_since(&self, before: &Matrix) -> Vec<usize> {
        if before.principals == self.principals
            && before.resources == self.resources
            && before.actions == self.actions
        {
            return self
                .cells
                .iter()
                .zip(&before.cells)
                .enumerate()
                .filter(|(_, (now, then))| now != then)
                .map(|(index, _)| index)
                .collect();
        }
        let mut changed = Vec::new();
        for (row, principal) in self.principals.iter().enumerate() {
            let Some(then_row) = before.principals.iter().position(|p| p.arn == principal.arn) else {
                continue;
            };
            for (column, resource) in self.resources.iter().enumerate() {
                let Some(then_column) = before.resources.iter().position(|r| r.arn == resource.arn) else {
                    continue;
                };
                for (action_index, action) in self.actions.iter().enumerate() {
                    let Some(then_action) = before.actions.iter().position(|a| a == action) else {
                        continue;
                    };
                    let now = self.cell(row, column, action_index);
                    if now.is_some() && now != before.cell(then_row, then_column, then_action) {
                        changed.push(self.index(row, column, action_index));
                    }
                }
            }
        }
        changed
    }
}

/// Where the matrix's role rows call from (instance sessions call from their instance).
fn matrix_network() -> NetworkOrigin {
    NetworkOrigin::default()
}

/// The whole matrix, decided for every cell.
pub fn matrix(account: &Account) -> Result<Matrix, String> {
    Ok(matrix_view(
        account,
        account.access_matrix(&matrix_network()),
        None,
    ))
}

/// The matrix after a god-mode edit of `edited` (and nothing else) of the account `previous` was computed
/// for: only the cells the edit can change are decided again.
pub fn refresh_matrix(previous: &Matrix, account: &Account, edited: &PolicyRef) -> Result<Matrix, String> {
    let (Some(access), Some(target)) = (previous.access.as_ref(), edited.account_ref()) else {
        return matrix(account);
    };
    let mut access = access.clone();
    access.refresh_after_edit(account, &target);
    Ok(matrix_view(account, access, Some(previous)))
}

/// The view of the engine's matrix, reusing the labels of `previous` when its rows and secrets are the same.
fn matrix_view(account: &Account, access: account::AccessMatrix, previous: Option<&Matrix>) -> Matrix {
    let cells = access.cells.iter().copied().map(Verdict::from_decision).collect();
    let same_shape = previous.and_then(|previous| {
        let old = previous.access.as_ref()?;
        (old.principals == access.principals
            && old.secrets == access.secrets
            && old.actions == access.actions)
            .then_some(previous)
    });
    if let Some(previous) = same_shape {
        return Matrix {
            principals: previous.principals.clone(),
            resources: previous.resources.clone(),
            actions: previous.actions.clone(),
            cells,
            access: Some(access),
        };
    }
    let principals = access
        .rows
        .iter()
        .map(|row| matrix_principal(account, row))
        .collect();
    let resources = access
        .secrets
        .iter()
        .map(|arn| MatrixResource {
            arn: arn.clone(),
            label: account
                .secret_by_arn(arn)
                .map_or_else(|| short_name(arn).to_owned(), |secret| secret.name.clone()),
        })
        .collect();
    Matrix {
        principals,
        resources,
        actions: access.actions.clone(),
        cells,
        access: Some(access),
    }
}

fn matrix_principal(account: &Account, row: &account::MatrixPrincipal) -> MatrixPrincipal {
    let role_arn = row.role_arn();
    let role = account.role_by_arn(role_arn);
    let detail = match row {
        account::MatrixPrincipal::InstanceSession { instance_id, .. } => {
            let name = account
                .instance(instance_id)
                .map(|instance| instance.name.clone())
                .filter(|name| !name.is_empty())
                .unwrap_or_else(|| instance_id.clone());
            format!("instance session · {name} ({instance_id})")
        }
        account::MatrixPrincipal::OtherAccountRole { .. } => {
            let account_id = role.map(|role| role.account.0.clone()).unwrap_or_default();
            format!("other account {account_id}")
        }
        account::MatrixPrincipal::Role { .. } => {
            let profiles: Vec<String> = role
                .map(|role| {
                    account
                        .instance_profiles()
                        .iter()
                        .filter(|profile| profile.roles.contains(&role.name))
                        .map(|profile| profile.name.clone())
                        .collect()
                })
                .unwrap_or_default();
            if profiles.is_empty() {
                "role".to_owned()
            } else {
                format!("role · instance profile {}", profiles.join(", "))
            }
        }
    };
    MatrixPrincipal {
        arn: row.arn().to_owned(),
        label: short_name(role_arn).to_owned(),
        detail,
    }
}

/// An explanation as the explanation panel shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExplanationView {
    pub title: String,
    pub verdict: Verdict,
    pub summary: String,
    pub layers: Vec<LayerView>,
    pub suggestions: Vec<String>,
    /// AWS's AccessDenied text, when denied.
    pub denial: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerView {
    pub name: String,
    /// `allows`, `denies`, `no match`, `not present`, ...
    pub outcome: String,
    pub verdict: Option<Verdict>,
    pub statements: Vec<StatementView>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementView {
    pub label: String,
    pub policy: Option<PolicyRef>,
    /// Byte range of the statement in the policy text.
    pub span: Option<(usize, usize)>,
    pub deciding: bool,
    pub matched: bool,
    pub conditions: Vec<ConditionView>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionView {
    pub text: String,
    pub resolved: String,
    pub holds: bool,
}

pub fn explain_cell(account: &Account, cell: &CellKey) -> Result<ExplanationView, String> {
    // The very question the matrix decided for this cell: the row's principal from its network (an instance
    // session from its instance), and for kms:Decrypt the secret's key as Secrets Manager uses it.
    let query = account
        .matrix_query(&cell.principal, &cell.resource, &cell.action, &matrix_network())
        .ok_or("the secret or its KMS key does not exist")?;
    decision_view(account, &query)
}

/// The engine's decision for a query, with its explanation: the path through the layers, the statements it
/// evaluated (deciding ones marked, each condition with the values it was resolved against), AWS's denial
/// text and the engine's suggestions.
fn decision_view(account: &Account, query: &AccessQuery) -> Result<ExplanationView, String> {
    let authorization = account.evaluate_access(query).map_err(|error| {
        format!(
            "could not be evaluated: {}: {}",
            error.code.as_str(),
            error.message
        )
    })?;
    let verdict = Verdict::from_decision(authorization.decision);
    let mut summary = match verdict {
        Verdict::Allowed => {
            "Allowed: every layer that must allow has an applicable Allow, and no Deny applies.".to_owned()
        }
        Verdict::ExplicitDeny => {
            "Denied: a Deny statement applies, and an explicit deny always wins.".to_owned()
        }
        Verdict::ImplicitDeny => {
            "Denied by default: no Deny applies, but a layer that must allow has no applicable Allow."
                .to_owned()
        }
    };
    let Some(explanation) = authorization.explanation else {
        return Ok(ExplanationView {
            title: format!("{} on {}", query.action, short_name(&query.resource)),
            verdict,
            summary,
            layers: Vec::new(),
            suggestions: Vec::new(),
            denial: authorization.message,
        });
    };
    if !explanation.missing_context_values.is_empty() {
        summary.push_str(&format!(
            " The request has no value for {}.",
            explanation
                .missing_context_values
                .iter()
                .map(|key| format!("`{key}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let role_arn = principal_role_arn(account, &query.principal);
    let is_key = explanation.resource_rule == policy::ResourceRule::KeyPolicy;
    let layers = explanation
        .layers
        .iter()
        .map(|outcome| {
            let name = match (outcome.layer, outcome.level) {
                (policy::Layer::ServiceControl, Some(level)) => {
                    format!("Service control policies (level {level})")
                }
                (policy::Layer::ServiceControl, None) => "Service control policies".to_owned(),
                (policy::Layer::ResourceControl, Some(level)) => {
                    format!("Resource control policies (level {level})")
                }
                (policy::Layer::ResourceControl, None) => "Resource control policies".to_owned(),
                (policy::Layer::VpcEndpoint, _) => "VPC endpoint policy".to_owned(),
                (policy::Layer::Resource, _) if is_key => "KMS key policy".to_owned(),
                (policy::Layer::Resource, _) => match explanation.resource_rule {
                    policy::ResourceRule::TrustPolicy => "Role trust policy".to_owned(),
                    _ => "Resource-based policy".to_owned(),
                },
                (policy::Layer::Identity, _) => "Identity-based policies".to_owned(),
                (policy::Layer::PermissionsBoundary, _) => "Permissions boundary".to_owned(),
                (policy::Layer::Session, _) => "Session policies".to_owned(),
            };
            let layer_verdict = match outcome.verdict {
                policy::explain::LayerVerdict::Allowed => Some(Verdict::Allowed),
                policy::explain::LayerVerdict::ExplicitlyDenied => Some(Verdict::ExplicitDeny),
                policy::explain::LayerVerdict::NoAllow => Some(Verdict::ImplicitDeny),
                _ => None,
            };
            let statements = explanation
                .statements
                .iter()
                .filter(|trace| trace.layer == outcome.layer && trace.statement.level == outcome.level)
                .map(|trace| {
                    let statement = &trace.statement;
                    let deciding = explanation.deciding.iter().any(|deciding| deciding == statement);
                    let effect = match statement.effect {
                        policy::Effect::Allow => "Allow",
                        policy::Effect::Deny => "Deny",
                    };
                    let mut parts = Vec::new();
                    let mark = |ok: bool| if ok { "✓" } else { "✕" };
                    if trace.principal.present {
                        parts.push(format!("principal {}", mark(trace.principal.satisfied)));
                    }
                    if trace.action.present {
                        parts.push(format!("action {}", mark(trace.action.satisfied)));
                    }
                    if trace.resource.present {
                        parts.push(format!("resource {}", mark(trace.resource.satisfied)));
                    }
                    let policy = policy_of_source(
                        account,
                        outcome.layer,
                        &statement.source.id,
                        role_arn.as_deref(),
                        is_key,
                    );
                    StatementView {
                        label: format!(
                            "{effect} {} in {} — {}{}",
                            statement.label(),
                            short_name(&statement.source.id),
                            parts.join(", "),
                            if trace.applies {
                                " → applies"
                            } else {
                                " → does not apply"
                            }
                        ),
                        span: Some((
                            statement.span.start.offset as usize,
                            statement.span.end.offset as usize,
                        )),
                        policy,
                        deciding,
                        matched: trace.applies,
                        conditions: trace
                            .conditions
                            .iter()
                            .map(|condition| ConditionView {
                                text: format!(
                                    "{} {} {:?}",
                                    condition.operator, condition.key, condition.written_values
                                ),
                                resolved: match &condition.request_values {
                                    Some(values) => format!("request has {values:?}"),
                                    None => "the request has no value for this key".to_owned(),
                                },
                                holds: condition.result,
                            })
                            .collect(),
                    }
                })
                .collect();
            LayerView {
                name,
                outcome: outcome.verdict.as_str().to_owned(),
                verdict: layer_verdict,
                statements,
            }
        })
        .collect();
    let suggestions = if verdict == Verdict::Allowed {
        Vec::new()
    } else {
        explanation
            .suggestions()
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    Ok(ExplanationView {
        title: format!("{} on {}", query.action, short_name(&query.resource)),
        verdict,
        summary,
        layers,
        suggestions,
        denial: authorization.message,
    })
}

/// The ARN of the KMS key a secret is encrypted with (its `KmsKeyId` may be an alias, an id or an ARN;
/// none means the AWS managed key `aws/secretsmanager`).
fn secret_key_arn(account: &Account, secret_arn: &str) -> Option<String> {
    let secret = account.secret_by_arn(secret_arn)?;
    let key_id = secret
        .kms_key_id
        .clone()
        .unwrap_or_else(|| "alias/aws/secretsmanager".to_owned());
    let key_id = match key_id
        .strip_prefix("arn:aws:kms:")
        .and_then(|rest| rest.split_once(":alias/"))
    {
        Some((_, alias)) => format!("alias/{alias}"),
        None => key_id,
    };
    let id = if key_id.starts_with("alias/") {
        account
            .aliases()
            .iter()
            .find(|alias| alias.name == key_id && alias.account == secret.account)?
            .key_id
            .clone()
    } else {
        key_id
    };
    account
        .keys()
        .iter()
        .find(|key| key.id == id || key.arn() == id)
        .map(|key| key.arn())
}

/// The role behind a principal ARN (a role ARN, or an assumed-role session ARN).
fn principal_role_arn(account: &Account, principal: &str) -> Option<String> {
    if account.role_by_arn(principal).is_some() {
        return Some(principal.to_owned());
    }
    let rest = principal.strip_prefix("arn:aws:sts::")?;
    let (account_id, rest) = rest.split_once(':')?;
    let role_name = rest.strip_prefix("assumed-role/")?.split('/').next()?;
    account
        .roles()
        .iter()
        .find(|role| role.account.0 == account_id && role.name == role_name)
        .map(|role| role.arn())
}

/// The editor's address of the policy an explanation names by its source id.
fn policy_of_source(
    account: &Account,
    layer: policy::Layer,
    id: &str,
    role_arn: Option<&str>,
    is_key: bool,
) -> Option<PolicyRef> {
    let simple = |kind: PolicyKind| {
        Some(PolicyRef {
            kind,
            owner: id.to_owned(),
            name: String::new(),
        })
    };
    match layer {
        policy::Layer::Identity if id.starts_with("arn:") => simple(PolicyKind::Identity),
        policy::Layer::Identity => {
            let owner = role_arn.map(str::to_owned).or_else(|| {
                account
                    .roles()
                    .iter()
                    .find(|role| role.inline_policies.iter().any(|(name, _)| name == id))
                    .map(|role| role.arn())
            })?;
            Some(PolicyRef {
                kind: PolicyKind::Identity,
                owner,
                name: id.to_owned(),
            })
        }
        policy::Layer::PermissionsBoundary => simple(PolicyKind::Boundary),
        policy::Layer::Resource if is_key => simple(PolicyKind::Key),
        policy::Layer::Resource if account.role_by_arn(id).is_some() => simple(PolicyKind::Trust),
        policy::Layer::Resource if account.key_by_arn(id).is_some() => simple(PolicyKind::Key),
        policy::Layer::Resource => simple(PolicyKind::Resource),
        policy::Layer::VpcEndpoint => simple(PolicyKind::Endpoint),
        policy::Layer::ServiceControl | policy::Layer::ResourceControl => {
            let organization = account.organization()?;
            let found = organization
                .policies
                .iter()
                .find(|policy| policy.name == id || policy.id == id)?;
            let kind = if layer == policy::Layer::ServiceControl {
                PolicyKind::ServiceControl
            } else {
                PolicyKind::ResourceControl
            };
            Some(PolicyRef {
                kind,
                owner: found.id.clone(),
                name: String::new(),
            })
        }
        policy::Layer::Session => None,
    }
}

/// A question asked in the request builder.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestDraft {
    pub principal: String,
    pub action: String,
    pub resource: String,
    /// The VPC endpoint id the request goes through, empty for none.
    pub vpc_endpoint: String,
    pub source_ip: String,
    /// ISO 8601 time; empty for the account's clock.
    pub time: String,
    pub mfa: bool,
    pub secure_transport: bool,
}

pub fn explain_request(account: &Account, request: &RequestDraft) -> Result<ExplanationView, String> {
    let mut query = AccessQuery::new(&request.principal, &request.action, &request.resource);
    query.network.source_ip = if request.source_ip.trim().is_empty() {
        query.network.source_ip
    } else {
        request.source_ip.trim().to_owned()
    };
    query.network.vpc_endpoint = (!request.vpc_endpoint.is_empty()).then(|| request.vpc_endpoint.clone());
    query.network.secure_transport = request.secure_transport;
    query.context.push((
        "aws:MultiFactorAuthPresent".to_owned(),
        policy::ContextValue::single(
            policy::ContextKeyType::Boolean,
            if request.mfa { "true" } else { "false" },
        ),
    ));
    if !request.time.trim().is_empty() {
        query.context.push((
            "aws:CurrentTime".to_owned(),
            policy::ContextValue::single(policy::ContextKeyType::Date, request.time.trim()),
        ));
    }
    if request.action == "kms:Decrypt" {
        query.resource =
            secret_key_arn(account, &request.resource).ok_or("the secret's KMS key does not exist")?;
        query.via_secrets_manager = true;
    }
    decision_view(account, &query)
}

/// The actions of the matrix and the request builder: the account's matrix columns.
pub use account::MATRIX_ACTIONS;

/// The VPC endpoints a request can go through, as (id, label).
pub fn vpc_endpoints(account: &Account) -> Vec<(String, String)> {
    account
        .vpc_endpoints()
        .iter()
        .map(|endpoint| {
            (
                endpoint.id.clone(),
                format!("{} ({})", endpoint.id, short_name(&endpoint.service_name)),
            )
        })
        .collect()
}

/// One CloudTrail record, as the audit log shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub index: usize,
    pub event_time: String,
    pub event_name: String,
    pub event_source: String,
    pub principal: String,
    pub error_code: String,
    pub error_message: String,
    pub read_only: bool,
}

/// One record as CloudTrail's JSON, pretty-printed (made only when a record is expanded).
pub fn audit_record_json(account: &Account, index: usize) -> Option<String> {
    account
        .trail()
        .get(index)
        .and_then(|record| serde_json::to_string_pretty(&record.to_json()).ok())
}

/// The audit trail, oldest first.
pub fn audit(account: &Account) -> Result<Vec<AuditRow>, String> {
    Ok(account
        .trail()
        .iter()
        .enumerate()
        .map(|(index, record)| {
            let principal = record
                .user_identity
                .get("arn")
                .and_then(|arn| arn.as_str())
                .or_else(|| record.user_identity.get("invokedBy").and_then(|by| by.as_str()))
                .unwrap_or_default()
                .to_owned();
            AuditRow {
                index,
                event_time: record.event_time.iso(),
                event_name: record.event_name.clone(),
                event_source: record.event_source.clone(),
                principal,
                error_code: record.error_code.clone().unwrap_or_default(),
                error_message: record.error_message.clone().unwrap_or_default(),
                read_only: record.read_only,
            }
        })
        .collect())
}

/// The whole trail as a CloudTrail log file (`{"Records": [...]}`).
pub fn audit_file(account: &Account) -> Result<String, String> {
    serde_json::to_string_pretty(&account.export_trail()).map_err(|error| error.to_string())
}

/// The explanation of a record's request, decided against the account as it is now.
pub fn explain_record(account: &Account, index: usize) -> Result<ExplanationView, String> {
    let record = account
        .trail()
        .get(index)
        .ok_or("the record is no longer in the log")?;
    let principal = record
        .user_identity
        .get("arn")
        .and_then(|arn| arn.as_str())
        .ok_or("the record has no caller ARN")?;
    let prefix = record.event_source.split('.').next().unwrap_or_default();
    let action = format!("{prefix}:{}", record.event_name);
    let resource = record
        .resources
        .first()
        .map(|resource| resource.arn.clone())
        .or_else(|| {
            let secret_id = record
                .request_parameters
                .get("secretId")
                .and_then(|id| id.as_str())?;
            account
                .secrets()
                .iter()
                .find(|secret| secret.name == secret_id || secret.arn() == secret_id)
                .map(|secret| secret.arn())
                .or_else(|| Some(secret_id.to_owned()))
        })
        .unwrap_or_else(|| "*".to_owned());
    let mut query = AccessQuery::new(principal, &action, &resource);
    query.network.source_ip = record.source_ip_address.clone();
    query.network.vpc_endpoint = record.vpc_endpoint_id.clone();
    let mut view = decision_view(account, &query)?;
    view.summary = format!(
        "{} (Decided again against the account as it is now.)",
        view.summary
    );
    Ok(view)
}

/// The simulated clock's current time (ISO 8601).
pub fn now(account: &Account) -> Result<String, String> {
    Ok(account.now().iso())
}

pub fn advance(account: &mut Account, seconds: u64) -> Result<(), String> {
    crate::simulator::advance(account, seconds)
}

/// The instances a terminal can be opened on, as (id, label).
pub fn instances(account: &Account) -> Vec<(String, String)> {
    account
        .instances()
        .iter()
        .map(|instance| {
            let label = if instance.name.is_empty() {
                instance.id.0.clone()
            } else {
                format!("{} ({})", instance.name, instance.id.0)
            };
            (instance.id.0.clone(), label)
        })
        .collect()
}

/// What one terminal command printed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CommandResult {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}

/// A shell on an instance (its environment variables persist between commands).
pub fn new_shell(instance: &str) -> account::terminal::Shell {
    account::terminal::Shell::new(account::terminal::ShellIdentity::Instance(instance.to_owned()))
}

/// Runs one terminal line in `shell`; the output is exactly what the AWS CLI (or curl) prints.
pub fn run_command(account: &mut Account, shell: &mut account::terminal::Shell, line: &str) -> CommandResult {
    match crate::simulator::run_line(account, shell, line) {
        Ok(output) => CommandResult {
            stdout: output.stdout,
            stderr: output.stderr,
            exit_code: output.exit_code,
        },
        // Not the AWS CLI's: the playground could not run the line at all.
        Err(error) => CommandResult {
            stdout: String::new(),
            stderr: format!("{error}\n"),
            exit_code: 255,
        },
    }
}

/// Tab completion of a terminal line: whole replacement words for its last word.
pub fn complete(account: &Account, line: &str) -> Vec<String> {
    crate::simulator::complete(account, line)
}

/// The names templates are filled with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateContext {
    pub account_id: String,
    pub other_account_id: String,
    pub secret_arn: String,
    pub key_arn: String,
    pub vpc_endpoint_id: String,
    pub role_arn: String,
}

pub fn template_context(account: &Account) -> TemplateContext {
    let account_id = account.account_id().to_owned();
    let other_account_id = account
        .accounts()
        .into_iter()
        .find(|other| *other != account_id)
        .unwrap_or(account::OTHER_ACCOUNT)
        .to_owned();
    let secret = account.secrets().first();
    TemplateContext {
        secret_arn: secret.map_or_else(
            || {
                format!(
                    "arn:aws:secretsmanager:{}:{account_id}:secret:prod/cart-service/credentials-*",
                    account.home_region()
                )
            },
            |secret| secret.arn(),
        ),
        key_arn: account.keys().iter().find(|key| !key.aws_managed).map_or_else(
            || format!("arn:aws:kms:{}:{account_id}:key/*", account.home_region()),
            |key| key.arn(),
        ),
        vpc_endpoint_id: account
            .vpc_endpoints()
            .first()
            .map_or("vpce-0123456789abcdef0".to_owned(), |e| e.id.clone()),
        role_arn: account
            .roles()
            .iter()
            .find(|role| role.name != "Administrator")
            .map_or_else(
                || format!("arn:aws:iam::{account_id}:role/cart-service-role"),
                |role| role.arn(),
            ),
        account_id,
        other_account_id,
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod explorer_tests;
