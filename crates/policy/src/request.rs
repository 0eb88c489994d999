//! What is asked of the evaluator: who ([`Principal`]) wants to do what ([`Request::action`]) to which resource,
//! with which request context ([`RequestContext`]), and which policies apply ([`PolicyLayers`]).

use crate::ast::Policy;

/// One authorisation question.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub principal: Principal,
    /// `service:Action`, e.g. `secretsmanager:GetSecretValue`.
    pub action: String,
    /// The resource ARN, or `*` for actions without resource-level permissions.
    pub resource: String,
    pub context: RequestContext,
}

/// The caller, as IAM sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The caller's ARN as AWS reports it: a user ARN, an assumed-role session ARN
    /// (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`), the root ARN, or a service principal name.
    pub arn: String,
    /// The account the principal belongs to (empty for service principals and anonymous callers).
    pub account: String,
    pub kind: PrincipalKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrincipalKind {
    /// The account's root user.
    Root,
    /// An IAM user.
    User,
    /// A role itself (used when a trust policy or a matrix asks about "the role" rather than a session).
    Role,
    /// A session of a role. `role_arn` carries the role's path (`arn:aws:iam::ACCOUNT:role/path/Name`).
    AssumedRole { role_arn: String, session_name: String },
    /// A federated user session (`arn:aws:sts::ACCOUNT:federated-user/NAME`).
    FederatedUser,
    /// An AWS service principal such as `ec2.amazonaws.com`.
    Service,
    /// An unsigned request.
    Anonymous,
}

/// The request context: typed values by key. Keys are matched case-insensitively; entries are kept sorted by
/// the lower-cased name and keep the name as it was given. A vector rather than a map: contexts hold a handful
/// of keys, and the evaluator's lookups (with keys lower-cased when the policy was parsed) then cost a few
/// length comparisons.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RequestContext {
    entries: Vec<ContextEntry>,
}

#[derive(Debug, Clone, PartialEq)]
struct ContextEntry {
    /// The key lower-cased: the sort key and what lookups compare.
    lowered: String,
    /// The key as it was given.
    name: String,
    value: ContextValue,
}

impl RequestContext {
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `key` (any case) to `value`, replacing an earlier value of the same key in any case.
    pub fn insert(&mut self, key: &str, value: ContextValue) {
        let lowered = key.to_ascii_lowercase();
        match self
            .entries
            .binary_search_by(|entry| entry.lowered.as_str().cmp(lowered.as_str()))
        {
            Ok(at) => {
                if let Some(entry) = self.entries.get_mut(at) {
                    entry.name = key.to_owned();
                    entry.value = value;
                }
            }
            Err(at) => self.entries.insert(
                at,
                ContextEntry {
                    lowered,
                    name: key.to_owned(),
                    value,
                },
            ),
        }
    }

    /// Shorthand for a single string value.
    pub fn insert_string(&mut self, key: &str, value: &str) {
        self.insert(key, ContextValue::single(ContextKeyType::String, value));
    }

    /// The value of `key`, matched case-insensitively.
    pub fn get(&self, key: &str) -> Option<&ContextValue> {
        self.lookup(key)
    }

    /// The value of `key`, matched case-insensitively, without allocating.
    pub fn lookup(&self, key: &str) -> Option<&ContextValue> {
        self.position(key)
            .and_then(|at| self.entries.get(at))
            .map(|entry| &entry.value)
    }

    /// The value of a key already lower-cased (condition keys are lower-cased when the policy is parsed): the
    /// evaluator's lookup.
    pub(crate) fn lookup_lowered(&self, lowered: &str) -> Option<&ContextValue> {
        let bytes = lowered.as_bytes();
        if self.entries.len() <= 16 {
            // Most entries differ in length: a scan beats a binary search's string comparisons.
            return self
                .entries
                .iter()
                .find(|entry| crate::prepared::same_bytes(entry.lowered.as_bytes(), bytes))
                .map(|entry| &entry.value);
        }
        self.entries
            .binary_search_by(|entry| entry.lowered.as_bytes().cmp(bytes))
            .ok()
            .and_then(|at| self.entries.get(at))
            .map(|entry| &entry.value)
    }

    /// The index of the entry for `key` (any case).
    fn position(&self, key: &str) -> Option<usize> {
        if self.entries.len() <= 16 {
            return self
                .entries
                .iter()
                .position(|entry| entry.lowered.eq_ignore_ascii_case(key));
        }
        self.entries
            .binary_search_by(|entry| {
                entry
                    .lowered
                    .bytes()
                    .cmp(key.bytes().map(|byte| byte.to_ascii_lowercase()))
            })
            .ok()
    }

    pub fn remove(&mut self, key: &str) -> Option<ContextValue> {
        let at = self.position(key)?;
        (at < self.entries.len()).then(|| self.entries.remove(at).value)
    }

    /// Every entry as (key as given, value), ordered by lower-cased key.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ContextValue)> {
        self.entries
            .iter()
            .map(|entry| (entry.name.as_str(), &entry.value))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The types of IAM's SimulateCustomPolicy `ContextKeyType`. The `...List` types are multivalued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContextKeyType {
    String,
    StringList,
    Numeric,
    NumericList,
    Boolean,
    BooleanList,
    Ip,
    IpList,
    Binary,
    BinaryList,
    Date,
    DateList,
}

impl ContextKeyType {
    /// The name used by SimulateCustomPolicy (`string`, `stringList`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ContextKeyType::String => "string",
            ContextKeyType::StringList => "stringList",
            ContextKeyType::Numeric => "numeric",
            ContextKeyType::NumericList => "numericList",
            ContextKeyType::Boolean => "boolean",
            ContextKeyType::BooleanList => "booleanList",
            ContextKeyType::Ip => "ip",
            ContextKeyType::IpList => "ipList",
            ContextKeyType::Binary => "binary",
            ContextKeyType::BinaryList => "binaryList",
            ContextKeyType::Date => "date",
            ContextKeyType::DateList => "dateList",
        }
    }

    /// Parses a SimulateCustomPolicy type name (case-sensitive, as the API is).
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "string" => ContextKeyType::String,
            "stringList" => ContextKeyType::StringList,
            "numeric" => ContextKeyType::Numeric,
            "numericList" => ContextKeyType::NumericList,
            "boolean" => ContextKeyType::Boolean,
            "booleanList" => ContextKeyType::BooleanList,
            "ip" => ContextKeyType::Ip,
            "ipList" => ContextKeyType::IpList,
            "binary" => ContextKeyType::Binary,
            "binaryList" => ContextKeyType::BinaryList,
            "date" => ContextKeyType::Date,
            "dateList" => ContextKeyType::DateList,
            _ => return None,
        })
    }

    /// Whether the key holds a set of values (and so wants `ForAllValues`/`ForAnyValue`).
    pub fn is_multivalued(self) -> bool {
        matches!(
            self,
            ContextKeyType::StringList
                | ContextKeyType::NumericList
                | ContextKeyType::BooleanList
                | ContextKeyType::IpList
                | ContextKeyType::BinaryList
                | ContextKeyType::DateList
        )
    }
}

/// A typed context value. Values are kept as text and parsed by each condition operator, as IAM does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextValue {
    pub key_type: ContextKeyType,
    pub values: Vec<String>,
}

impl ContextValue {
    pub fn single(key_type: ContextKeyType, value: &str) -> Self {
        Self {
            key_type,
            values: vec![value.to_owned()],
        }
    }

    pub fn list(key_type: ContextKeyType, values: Vec<String>) -> Self {
        Self { key_type, values }
    }
}

/// Where a policy came from, for explanations, AccessDenied texts and SimulateCustomPolicy's
/// `SourcePolicyId`/`SourcePolicyType`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicySource {
    /// A name a person recognises: an inline policy name, a managed policy ARN, `PolicyInputList.1`, ...
    pub id: String,
    pub layer: Layer,
}

/// The policy layers of IAM's evaluation logic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    ServiceControl,
    ResourceControl,
    VpcEndpoint,
    Resource,
    Identity,
    PermissionsBoundary,
    Session,
}

/// A parsed policy together with where it came from.
#[derive(Debug, Clone, Copy)]
pub struct SourcedPolicy<'a> {
    pub source: &'a PolicySource,
    pub policy: &'a Policy,
}

/// How the resource-based policy combines with the identity-based policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ResourceRule {
    /// The general rule (IAM User Guide, evaluation logic): in the same account an Allow in either the identity
    /// or the resource policy suffices, subject to the principal-type table; across accounts both must allow.
    #[default]
    Standard,
    /// A KMS key policy: the key policy must allow, either directly or by allowing the account (root
    /// principal), in which case IAM policies then decide.
    KeyPolicy,
    /// A role trust policy: it must allow `sts:AssumeRole` (or the other assume actions) for the principal.
    TrustPolicy,
}

/// Every policy that applies to one request. An empty vector or `None` means the layer does not exist
/// (no organization, no boundary, ...), which is different from a layer whose policies allow nothing.
#[derive(Debug, Clone, Default)]
pub struct PolicyLayers<'a> {
    /// Identity-based policies: inline and attached managed policies of the user or role.
    pub identity: Vec<SourcedPolicy<'a>>,
    pub permissions_boundary: Option<SourcedPolicy<'a>>,
    /// Session policies passed to AssumeRole (inline and managed); empty when the session has none.
    pub session: Vec<SourcedPolicy<'a>>,
    /// SCPs of the principal's account, one entry per level from the root down to the account. Empty when
    /// the account is not in an organization (or is its management account).
    pub service_control: Vec<Vec<SourcedPolicy<'a>>>,
    /// RCPs of the resource's account, same shape.
    pub resource_control: Vec<Vec<SourcedPolicy<'a>>>,
    /// The policy of the VPC endpoint the request went through, if it went through one.
    pub vpc_endpoint: Option<SourcedPolicy<'a>>,
    /// The resource-based policy (secret policy, key policy, trust policy).
    pub resource: Option<SourcedPolicy<'a>>,
    /// The account that owns the resource; `None` means the principal's own account.
    pub resource_account: Option<String>,
    pub resource_rule: ResourceRule,
}
