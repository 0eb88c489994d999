//! The app's one doorway into the engine crates (`policy`, `account`): every question the UI asks of the
//! account, and every change it makes, goes through a function here, so the components never depend on
//! engine internals. The types here are view shapes (what a panel shows), filled from the engine's answers;
//! nothing in this file decides an authorisation itself.

use account::Account;

/// Said by every panel whose engine piece is not in this build.
pub const NOT_AVAILABLE: &str = "not available yet: the engine piece behind this panel has not landed in this build";

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
            format!("{} · {}", self.owner, self.kind.title())
        } else {
            format!("{} · {}", self.owner, self.name)
        }
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
    let mut findings = Vec::new();
    if let Err(error) = policy::parse_policy(text, kind.engine_kind()) {
        findings.push(Finding {
            severity: Severity::Error,
            message: format!("{} ({})", error.kind, error.message()),
            start: error.span.start.offset as usize,
            end: error.span.end.offset as usize,
            line: error.span.start.line,
            column: error.span.start.column,
        });
    }
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
    Vec::new()
}

/// The account of a built-in scenario.
pub fn load_scenario(name: &str) -> Result<Account, String> {
    Err(format!("no built-in scenario `{name}`: {NOT_AVAILABLE}"))
}

/// The default account the app opens with.
pub fn default_account() -> Account {
    load_scenario("canonical").unwrap_or_default()
}

/// The account as a scenario file (JSON text).
pub fn export_scenario(account: &Account) -> Result<String, String> {
    let _ = account;
    Err(format!("export is {NOT_AVAILABLE}"))
}

/// An account from a scenario file.
pub fn import_scenario(text: &str) -> Result<Account, String> {
    let _ = text;
    Err(format!("import is {NOT_AVAILABLE}"))
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
}

impl EntityKind {
    pub const ALL: [EntityKind; 7] = [
        EntityKind::Role,
        EntityKind::InstanceProfile,
        EntityKind::Instance,
        EntityKind::Secret,
        EntityKind::Key,
        EntityKind::VpcEndpoint,
        EntityKind::ServiceControlPolicy,
    ];

    pub fn title(self) -> &'static str {
        match self {
            EntityKind::Role => "Roles",
            EntityKind::InstanceProfile => "Instance profiles",
            EntityKind::Instance => "Instances",
            EntityKind::Secret => "Secrets",
            EntityKind::Key => "KMS keys",
            EntityKind::VpcEndpoint => "VPC endpoints",
            EntityKind::ServiceControlPolicy => "SCPs",
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
        }
    }
}

pub fn explorer(account: &Account) -> Result<Vec<ExplorerSection>, String> {
    let _ = account;
    Err(NOT_AVAILABLE.to_owned())
}

pub fn add_entity(account: &mut Account, kind: EntityKind, name: &str) -> Result<(), String> {
    let _ = (account, kind, name);
    Err(NOT_AVAILABLE.to_owned())
}

pub fn rename_entity(account: &mut Account, kind: EntityKind, id: &str, new_name: &str) -> Result<(), String> {
    let _ = (account, kind, id, new_name);
    Err(NOT_AVAILABLE.to_owned())
}

pub fn delete_entity(account: &mut Account, kind: EntityKind, id: &str) -> Result<(), String> {
    let _ = (account, kind, id);
    Err(NOT_AVAILABLE.to_owned())
}

/// The text of a policy as the account holds it (the last valid text).
pub fn policy_text(account: &Account, policy: &PolicyRef) -> Option<String> {
    let _ = (account, policy);
    None
}

/// Replaces a policy's text ("god mode" edit; not an API call, not logged). The text must parse.
pub fn set_policy_text(account: &mut Account, policy: &PolicyRef, text: &str) -> Result<(), String> {
    let _ = (account, policy, text);
    Err(NOT_AVAILABLE.to_owned())
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
            Verdict::ExplicitDeny => "⛔",
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
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Matrix {
    pub principals: Vec<MatrixPrincipal>,
    pub resources: Vec<MatrixResource>,
    pub actions: Vec<String>,
    /// Row-major: principal, then resource, then action.
    pub cells: Vec<Verdict>,
}

impl Matrix {
    pub fn cell(&self, principal: usize, resource: usize, action: usize) -> Option<Verdict> {
        let index = (principal * self.resources.len() + resource) * self.actions.len() + action;
        self.cells.get(index).copied()
    }

    /// The key of the cell at a flat index of [`Matrix::cells`].
    pub fn key_at(&self, index: usize) -> Option<CellKey> {
        let actions = self.actions.len().max(1);
        let per_principal = (self.resources.len() * actions).max(1);
        let principal = self.principals.get(index / per_principal)?;
        let resource = self.resources.get(index % per_principal / actions)?;
        let action = self.actions.get(index % actions)?;
        Some(CellKey { principal: principal.arn.clone(), resource: resource.arn.clone(), action: action.clone() })
    }

    /// Every cell with its key.
    pub fn entries(&self) -> impl Iterator<Item = (CellKey, Verdict)> + '_ {
        self.principals.iter().enumerate().flat_map(move |(row, principal)| {
            self.resources.iter().enumerate().flat_map(move |(column, resource)| {
                self.actions.iter().enumerate().filter_map(move |(action_index, action)| {
                    let verdict = self.cell(row, column, action_index)?;
                    let key = CellKey {
                        principal: principal.arn.clone(),
                        resource: resource.arn.clone(),
                        action: action.clone(),
                    };
                    Some((key, verdict))
                })
            })
        })
    }
}

pub fn matrix(account: &Account) -> Result<Matrix, String> {
    let _ = account;
    Err(NOT_AVAILABLE.to_owned())
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
    let _ = (account, cell);
    Err(NOT_AVAILABLE.to_owned())
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
    let _ = (account, request);
    Err(NOT_AVAILABLE.to_owned())
}

/// The actions of the matrix and the request builder.
pub const MATRIX_ACTIONS: [&str; 8] = [
    "secretsmanager:GetSecretValue",
    "secretsmanager:DescribeSecret",
    "secretsmanager:PutSecretValue",
    "secretsmanager:UpdateSecret",
    "secretsmanager:DeleteSecret",
    "secretsmanager:RotateSecret",
    "secretsmanager:GetResourcePolicy",
    "kms:Decrypt",
];

/// The VPC endpoints a request can go through, as (id, label).
pub fn vpc_endpoints(account: &Account) -> Vec<(String, String)> {
    let _ = account;
    Vec::new()
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
    pub json: String,
}

/// The audit trail, oldest first.
pub fn audit(account: &Account) -> Result<Vec<AuditRow>, String> {
    let _ = account;
    Err(NOT_AVAILABLE.to_owned())
}

/// The whole trail as a CloudTrail log file (`{"Records": [...]}`).
pub fn audit_file(account: &Account) -> Result<String, String> {
    let _ = account;
    Err(NOT_AVAILABLE.to_owned())
}

/// The explanation of a denied record's request.
pub fn explain_record(account: &Account, index: usize) -> Result<ExplanationView, String> {
    let _ = (account, index);
    Err(NOT_AVAILABLE.to_owned())
}

/// The simulated clock's current time (ISO 8601).
pub fn now(account: &Account) -> Result<String, String> {
    let _ = account;
    Err(NOT_AVAILABLE.to_owned())
}

pub fn advance(account: &mut Account, seconds: u64) -> Result<(), String> {
    let _ = (account, seconds);
    Err(NOT_AVAILABLE.to_owned())
}

/// The instances a terminal can be opened on, as (id, label).
pub fn instances(account: &Account) -> Vec<(String, String)> {
    let _ = account;
    Vec::new()
}

/// Runs one terminal line on an instance; returns what the shell prints.
pub fn run_command(account: &mut Account, instance: &str, line: &str) -> Result<String, String> {
    let _ = (account, instance, line);
    Err(NOT_AVAILABLE.to_owned())
}

/// Tab completion of a terminal line: the candidates for the word under the cursor (at the end).
pub fn complete(account: &Account, instance: &str, line: &str) -> Vec<String> {
    let _ = (account, instance, line);
    Vec::new()
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
    let _ = account;
    TemplateContext {
        account_id: "111122223333".to_owned(),
        other_account_id: "444455556666".to_owned(),
        secret_arn: "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/cart-service/credentials-*"
            .to_owned(),
        key_arn: "arn:aws:kms:us-east-1:111122223333:key/*".to_owned(),
        vpc_endpoint_id: "vpce-0123456789abcdef0".to_owned(),
        role_arn: "arn:aws:iam::111122223333:role/cart-service-role".to_owned(),
    }
}
