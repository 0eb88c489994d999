//! Policy text → [`Policy`]: the IAM policy grammar on top of [`crate::json`], with IAM's size and character
//! limits, and errors that carry a position and the text the owning AWS service returns.
//!
//! What is modelled, and where from (see also reference sections 6.4 and 6.5):
//! - Grammar: IAM User Guide `reference_policies_grammar` and the element pages. Elements are case-sensitive;
//!   unknown elements, duplicate keys, `X` together with `NotX`, and an `Effect` other than exactly `Allow` or
//!   `Deny` are rejected.
//! - Which documents take a `Principal`: identity, boundary, session policies and SCPs must not; trust,
//!   resource (secret), key and VPC endpoint policies and RCPs must (VPC User Guide: "It must contain a
//!   Principal element"; Organizations RCP syntax shows `"Principal": "*"`).
//! - `Resource`: required except in trust policies, where IAM rejects it (`Has prohibited field Resource`),
//!   and in key policies, where KMS accepts a statement without `Resource` or `Action` and the statement simply
//!   has no effect (KMS API reference, PutKeyPolicy `Policy`).
//! - Sizes and characters: IAM quotas page (whitespace is not counted for IAM policies), VPC endpoint policies
//!   20,480 characters including white space, KMS 32,768 bytes, Organizations 5,120 (all characters count),
//!   Secrets Manager 20,480 (API model), STS 2,048.
//! - Messages: see [`ParseError::message`].

use std::collections::HashSet;
use std::fmt;

use crate::ast::{
    ActionClause, Condition, ConditionOperator, Effect, OperatorBase, Policy, Position, PreparedStatement,
    PrincipalClause, PrincipalKey, PrincipalSet, ResourceClause, SetQualifier, Span, Spanned, Statement,
    Version,
};
use crate::json::{self, JsonErrorKind, JsonKind, JsonMember, JsonValue};

/// The policy documents the playground knows. Each has its own size limit, principal rule and error texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PolicyKind {
    /// A customer managed policy attached to a user or role.
    IdentityManaged,
    /// An inline policy of a role (the 10,240 limit is an aggregate per role; parse checks one document).
    IdentityInline,
    /// A managed policy used as a permissions boundary.
    PermissionsBoundary,
    /// A session policy passed to `AssumeRole`.
    Session,
    /// A role trust policy (`AssumeRolePolicyDocument`).
    Trust,
    /// A Secrets Manager secret's resource policy.
    SecretResource,
    /// A KMS key policy.
    KeyPolicy,
    /// A VPC endpoint policy.
    VpcEndpoint,
    /// An Organizations service control policy.
    ServiceControl,
    /// An Organizations resource control policy.
    ResourceControl,
}

/// How a kind's size limit counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SizeUnit {
    /// Characters, not counting white space outside or inside strings (IAM: "IAM doesn't count white space").
    CharactersWithoutWhitespace,
    /// Every character, white space included.
    Characters,
    /// UTF-8 bytes, white space included.
    Bytes,
}

impl PolicyKind {
    pub const ALL: [PolicyKind; 10] = [
        PolicyKind::IdentityManaged,
        PolicyKind::IdentityInline,
        PolicyKind::PermissionsBoundary,
        PolicyKind::Session,
        PolicyKind::Trust,
        PolicyKind::SecretResource,
        PolicyKind::KeyPolicy,
        PolicyKind::VpcEndpoint,
        PolicyKind::ServiceControl,
        PolicyKind::ResourceControl,
    ];

    /// The largest document this kind accepts, in [`PolicyKind::size_unit`] units.
    pub fn size_limit(self) -> usize {
        match self {
            PolicyKind::IdentityManaged | PolicyKind::PermissionsBoundary => 6_144,
            PolicyKind::IdentityInline => 10_240,
            PolicyKind::Session | PolicyKind::Trust => 2_048,
            PolicyKind::SecretResource | PolicyKind::VpcEndpoint => 20_480,
            PolicyKind::KeyPolicy => 32_768,
            PolicyKind::ServiceControl | PolicyKind::ResourceControl => 5_120,
        }
    }

    /// How [`PolicyKind::size_limit`] is counted.
    pub fn size_unit(self) -> SizeUnit {
        match self {
            PolicyKind::IdentityManaged
            | PolicyKind::IdentityInline
            | PolicyKind::PermissionsBoundary
            | PolicyKind::Trust => SizeUnit::CharactersWithoutWhitespace,
            // STS: "The plaintext ... can't exceed 2,048 characters"; nothing says white space is free, so it counts.
            PolicyKind::Session | PolicyKind::SecretResource | PolicyKind::VpcEndpoint => {
                SizeUnit::Characters
            }
            // KMS: "32 KiB (32768 bytes)"; Organizations: 5,120 bytes, all characters count.
            PolicyKind::KeyPolicy | PolicyKind::ServiceControl | PolicyKind::ResourceControl => {
                SizeUnit::Bytes
            }
        }
    }

    /// The size of `text` as this kind counts it.
    pub fn size_of(self, text: &str) -> usize {
        match self.size_unit() {
            SizeUnit::CharactersWithoutWhitespace => {
                // White space is the bytes below U+0021 other than control characters; those are rejected
                // before sizes are checked, so the exact (slow) count is only needed when one is present.
                let whitespace = if has_control_byte(text.as_bytes()) {
                    text.chars()
                        .filter(|character| matches!(character, ' ' | '\t' | '\n' | '\r'))
                        .count()
                } else {
                    json::count_bytes_below(text.as_bytes(), 0x21)
                };
                text.chars().count().saturating_sub(whitespace)
            }
            SizeUnit::Characters => text.chars().count(),
            SizeUnit::Bytes => text.len(),
        }
    }

    /// The API's own length constraint on the document parameter, in characters white space included, where
    /// it is larger than the quota: IAM's `policyDocumentType` (CreatePolicy, PutRolePolicy, CreateRole) and
    /// KMS's `PolicyType` allow 131,072 characters. It is checked before anything else, so a huge text is
    /// rejected without being scanned.
    pub fn api_length_limit(self) -> Option<usize> {
        match self {
            PolicyKind::IdentityManaged
            | PolicyKind::IdentityInline
            | PolicyKind::PermissionsBoundary
            | PolicyKind::Trust
            | PolicyKind::KeyPolicy => Some(131_072),
            _ => None,
        }
    }

    /// Whether every statement must name a `Principal` or `NotPrincipal`.
    pub fn requires_principal(self) -> bool {
        matches!(
            self,
            PolicyKind::Trust
                | PolicyKind::SecretResource
                | PolicyKind::KeyPolicy
                | PolicyKind::VpcEndpoint
                | PolicyKind::ResourceControl
        )
    }

    /// Whether `Principal` and `NotPrincipal` are rejected.
    pub fn forbids_principal(self) -> bool {
        matches!(
            self,
            PolicyKind::IdentityManaged
                | PolicyKind::IdentityInline
                | PolicyKind::PermissionsBoundary
                | PolicyKind::Session
                | PolicyKind::ServiceControl
        )
    }

    /// Whether statements must name a `Resource` or `NotResource`.
    pub fn requires_resource(self) -> bool {
        !matches!(self, PolicyKind::Trust | PolicyKind::KeyPolicy)
    }

    /// Whether `Resource` and `NotResource` are rejected (trust policies: `Has prohibited field Resource`).
    pub fn forbids_resource(self) -> bool {
        matches!(self, PolicyKind::Trust)
    }

    /// Access Analyzer's `policyType` for `ValidatePolicy`. Trust policies are `TRUST_POLICY` here; the real
    /// ValidatePolicy API validates them as `RESOURCE_POLICY` with `validatePolicyResourceType`
    /// `AWS::IAM::AssumeRolePolicyDocument`.
    pub fn access_analyzer_type(self) -> &'static str {
        match self {
            PolicyKind::IdentityManaged
            | PolicyKind::IdentityInline
            | PolicyKind::PermissionsBoundary
            | PolicyKind::Session => "IDENTITY_POLICY",
            PolicyKind::SecretResource | PolicyKind::KeyPolicy | PolicyKind::VpcEndpoint => "RESOURCE_POLICY",
            PolicyKind::Trust => "TRUST_POLICY",
            PolicyKind::ServiceControl => "SERVICE_CONTROL_POLICY",
            PolicyKind::ResourceControl => "RESOURCE_CONTROL_POLICY",
        }
    }

    /// The kind the playground uses for an Access Analyzer `policyType` (the most common document of that type).
    pub fn from_access_analyzer_type(policy_type: &str) -> Option<Self> {
        Some(match policy_type {
            "IDENTITY_POLICY" => PolicyKind::IdentityManaged,
            "RESOURCE_POLICY" => PolicyKind::SecretResource,
            "TRUST_POLICY" => PolicyKind::Trust,
            "SERVICE_CONTROL_POLICY" => PolicyKind::ServiceControl,
            "RESOURCE_CONTROL_POLICY" => PolicyKind::ResourceControl,
            _ => return None,
        })
    }

    /// A short human name (`managed policy`, `trust policy`, ...).
    pub fn name(self) -> &'static str {
        match self {
            PolicyKind::IdentityManaged => "managed policy",
            PolicyKind::IdentityInline => "inline policy",
            PolicyKind::PermissionsBoundary => "permissions boundary",
            PolicyKind::Session => "session policy",
            PolicyKind::Trust => "trust policy",
            PolicyKind::SecretResource => "secret resource policy",
            PolicyKind::KeyPolicy => "key policy",
            PolicyKind::VpcEndpoint => "VPC endpoint policy",
            PolicyKind::ServiceControl => "service control policy",
            PolicyKind::ResourceControl => "resource control policy",
        }
    }

    fn service(self) -> Service {
        match self {
            PolicyKind::IdentityManaged
            | PolicyKind::IdentityInline
            | PolicyKind::PermissionsBoundary
            | PolicyKind::Trust => Service::Iam,
            PolicyKind::Session => Service::Sts,
            PolicyKind::SecretResource => Service::SecretsManager,
            PolicyKind::KeyPolicy => Service::Kms,
            PolicyKind::VpcEndpoint => Service::Ec2,
            PolicyKind::ServiceControl | PolicyKind::ResourceControl => Service::Organizations,
        }
    }

    /// IAM enforces `[0-9A-Za-z]*` statement ids and unique ids in its own documents; other services'
    /// resource policies accept more (the Secrets Manager guide's own example has a hyphen).
    fn checks_sid(self) -> bool {
        self.service() == Service::Iam
    }
}

impl fmt::Display for PolicyKind {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.name())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Service {
    Iam,
    Sts,
    SecretsManager,
    Kms,
    Ec2,
    Organizations,
}

/// Why an action or condition key is malformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameProblem {
    /// No `vendor:` prefix.
    MissingVendor,
    /// More than one colon.
    TooManyColons,
}

/// A policy document that cannot be accepted, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {}, column {}: {kind}", span.start.line, span.start.column)]
pub struct ParseError {
    pub kind: ParseErrorKind,
    pub span: Span,
    /// The document kind that was being parsed (it decides the AWS message text).
    pub policy: PolicyKind,
}

/// Every way a policy document can be rejected. `Display` is a precise message for people;
/// [`ParseError::message`] is the text the AWS service returns.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseErrorKind {
    #[error("{0}")]
    Json(JsonErrorKind),
    #[error("the policy document is empty")]
    EmptyDocument,
    #[error("character U+{:04X} is not allowed in a policy (allowed: tab, line feed, carriage return and U+0020 to U+00FF)", u32::from(*character))]
    InvalidCharacter { character: char },
    #[error("the {policy} is {size} {unit} long, more than the limit of {limit}", unit = unit_name(*policy))]
    SizeLimitExceeded {
        policy: PolicyKind,
        size: usize,
        limit: usize,
    },
    #[error("the document is {length} characters long, more than the {limit} accepted")]
    DocumentTooLong { length: usize, limit: usize },
    #[error("the policy document must be a JSON object, found {found}")]
    NotAnObject { found: &'static str },
    #[error("unknown policy element `{name}` (expected `Version`, `Id` or `Statement`)")]
    UnknownElement { name: String },
    #[error("unknown statement element `{name}`")]
    UnknownStatementElement { name: String },
    #[error("the policy has no `Statement`")]
    MissingStatement,
    #[error("`{element}` must be {expected}, found {found}")]
    WrongType {
        element: String,
        expected: &'static str,
        found: &'static str,
    },
    #[error("`Version` must be `2012-10-17` or `2008-10-17`, found `{value}`")]
    InvalidVersion { value: String },
    #[error("a {policy} must have `\"Version\": \"2012-10-17\"`")]
    VersionRequired { policy: PolicyKind },
    #[error("the statement has no `Effect`")]
    MissingEffect,
    #[error("`Effect` must be `Allow` or `Deny` (case-sensitive), found `{value}`")]
    InvalidEffect { value: String },
    #[error("a statement cannot have both `{first}` and `{second}`")]
    ConflictingElements {
        first: &'static str,
        second: &'static str,
    },
    #[error("the statement has no `Action` or `NotAction`")]
    MissingAction,
    #[error("the statement has no `Resource` or `NotResource`")]
    MissingResource,
    #[error("a trust policy cannot have `{element}`")]
    ResourceNotAllowed { element: &'static str },
    #[error("the statement has no `Principal` or `NotPrincipal`, which a {policy} requires")]
    MissingPrincipal { policy: PolicyKind },
    #[error("a {policy} cannot have `{element}`")]
    PrincipalNotAllowed {
        element: &'static str,
        policy: PolicyKind,
    },
    #[error("unknown principal type `{key}` (expected `AWS`, `Service`, `Federated` or `CanonicalUser`)")]
    InvalidPrincipalKey { key: String },
    #[error("invalid principal `{value}`: {reason}")]
    InvalidPrincipal { value: String, reason: &'static str },
    #[error("invalid service principal `{value}`")]
    InvalidServicePrincipal { value: String },
    #[error("action `{pattern}` {}", name_problem_text(*problem))]
    InvalidAction { pattern: String, problem: NameProblem },
    #[error("resource `{pattern}` must be an ARN (`arn:partition:service:region:account:resource`) or `*`")]
    InvalidResource { pattern: String },
    #[error("unknown condition operator `{name}`")]
    UnknownConditionOperator { name: String },
    #[error("`Null` cannot take the `IfExists` suffix")]
    NullWithIfExists,
    #[error("condition key `{key}` {}", name_problem_text(*problem))]
    InvalidConditionKey { key: String, problem: NameProblem },
    #[error("a condition value must be a string, number or boolean, found {found}")]
    InvalidConditionValue { found: &'static str },
    #[error("`Sid` `{sid}` may contain only letters and digits")]
    InvalidSid { sid: String },
    #[error("`Sid` `{sid}` is used by more than one statement")]
    DuplicateSid { sid: String },
}

fn unit_name(policy: PolicyKind) -> &'static str {
    match policy.size_unit() {
        SizeUnit::CharactersWithoutWhitespace => "characters (not counting white space)",
        SizeUnit::Characters => "characters",
        SizeUnit::Bytes => "bytes",
    }
}

fn name_problem_text(problem: NameProblem) -> &'static str {
    match problem {
        NameProblem::MissingVendor => "must start with a service prefix such as `secretsmanager:`",
        NameProblem::TooManyColons => "may contain only one colon",
    }
}

impl ParseErrorKind {
    /// Whether the document was rejected for its size (callers answer `LimitExceeded` or the service's
    /// equivalent rather than a malformed-document error).
    pub fn is_size_limit(&self) -> bool {
        matches!(self, ParseErrorKind::SizeLimitExceeded { .. })
    }
}

const IAM_SYNTAX: &str = "Syntax errors in policy.";
const IAM_LEGACY: &str = "The policy failed legacy parsing";
const IAM_VENDOR: &str = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";
const IAM_COLON: &str = "Actions/Condition can contain only one colon.";
const CHARACTER_PATTERN: &str = "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+";

impl ParseError {
    /// The error text the AWS service that owns this document returns (`MalformedPolicyDocument` and
    /// friends). Sources, by service:
    /// - IAM/STS: `Syntax errors in policy.` (bad JSON), `The policy failed legacy parsing` (bad `Version`,
    ///   lower-case `allow`), `Policy document should not specify a principal.`, `Missing required field
    ///   Principal`, `Has prohibited field Resource`, `Policy statement must contain actions.`/`resources.`,
    ///   `Actions/Condition can contain only one colon.`, `Resource X must be in ARN format or "*".`,
    ///   `Invalid principal in policy` are OBSERVED in public error logs (reference 6.5; terraform and
    ///   CloudFormation issues). `Invalid Condition type : X` and the two `Statement IDs (SID)` texts are
    ///   recalled from IAM output and not confirmed in AWS documentation. The character rule is the API's
    ///   `[\u0009\u000A\u000D\u0020-\u00FF]+` pattern, reported as a validation error.
    /// - Secrets Manager: `This resource policy contains a syntax error.` and `... an invalid service
    ///   principal.` (reference 1.4).
    /// - KMS: `Policy contains a statement with one or more invalid principals.` (OBSERVED); KMS returns other
    ///   malformed-policy errors with an empty message (aws-sdk-ruby issue 1784), so this returns `""`; show
    ///   `Display` to people instead.
    /// - Organizations: `The provided policy document does not meet the requirements of the specified policy
    ///   type.` and `You have exceeded the maximum policy size.` (OBSERVED).
    /// - EC2 (VPC endpoint policies): UNCONFIRMED; IAM's texts are used.
    pub fn message(&self) -> String {
        let service = self.policy.service();
        if let ParseErrorKind::SizeLimitExceeded { limit, .. } = &self.kind {
            return size_message(self.policy, *limit);
        }
        if let ParseErrorKind::DocumentTooLong { limit, .. } = &self.kind {
            return format!(
                "1 validation error detected: Value at '{}' failed to satisfy constraint: Member must have length less than or equal to {limit}",
                parameter_name(self.policy)
            );
        }
        if let ParseErrorKind::InvalidCharacter { .. } = &self.kind {
            return format!(
                "1 validation error detected: Value at '{}' failed to satisfy constraint: Member must satisfy regular expression pattern: {CHARACTER_PATTERN}",
                parameter_name(self.policy)
            );
        }
        match service {
            Service::SecretsManager => match &self.kind {
                ParseErrorKind::InvalidServicePrincipal { .. } => {
                    "This resource policy contains an invalid service principal.".to_owned()
                }
                _ => "This resource policy contains a syntax error.".to_owned(),
            },
            Service::Kms => match &self.kind {
                ParseErrorKind::InvalidPrincipalKey { .. }
                | ParseErrorKind::InvalidPrincipal { .. }
                | ParseErrorKind::InvalidServicePrincipal { .. }
                | ParseErrorKind::MissingPrincipal { .. } => {
                    "Policy contains a statement with one or more invalid principals.".to_owned()
                }
                _ => String::new(),
            },
            Service::Organizations => {
                "The provided policy document does not meet the requirements of the specified policy type."
                    .to_owned()
            }
            Service::Iam | Service::Sts | Service::Ec2 => self.iam_message(),
        }
    }

    fn iam_message(&self) -> String {
        match &self.kind {
            ParseErrorKind::InvalidVersion { .. }
            | ParseErrorKind::VersionRequired { .. }
            | ParseErrorKind::InvalidEffect { .. }
            | ParseErrorKind::MissingEffect => IAM_LEGACY.to_owned(),
            ParseErrorKind::PrincipalNotAllowed { .. } => "Policy document should not specify a principal.".to_owned(),
            ParseErrorKind::MissingPrincipal { .. } => "Missing required field Principal".to_owned(),
            ParseErrorKind::ResourceNotAllowed { element } => format!("Has prohibited field {element}"),
            ParseErrorKind::MissingAction => "Policy statement must contain actions.".to_owned(),
            ParseErrorKind::MissingResource => "Policy statement must contain resources.".to_owned(),
            ParseErrorKind::InvalidAction { problem, .. } | ParseErrorKind::InvalidConditionKey { problem, .. } => {
                match problem {
                    NameProblem::MissingVendor => IAM_VENDOR.to_owned(),
                    NameProblem::TooManyColons => IAM_COLON.to_owned(),
                }
            }
            ParseErrorKind::InvalidResource { pattern } => format!("Resource {pattern} must be in ARN format or \"*\"."),
            ParseErrorKind::InvalidPrincipalKey { .. }
            | ParseErrorKind::InvalidPrincipal { .. }
            | ParseErrorKind::InvalidServicePrincipal { .. } => "Invalid principal in policy".to_owned(),
            ParseErrorKind::UnknownConditionOperator { name } => format!("Invalid Condition type : {name}"),
            ParseErrorKind::NullWithIfExists => "Invalid Condition type : NullIfExists".to_owned(),
            ParseErrorKind::InvalidSid { .. } => {
                "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*"
                    .to_owned()
            }
            ParseErrorKind::DuplicateSid { .. } => "Statement IDs (SID) in a single policy must be unique.".to_owned(),
            ParseErrorKind::Json(_)
            | ParseErrorKind::EmptyDocument
            | ParseErrorKind::NotAnObject { .. }
            | ParseErrorKind::UnknownElement { .. }
            | ParseErrorKind::UnknownStatementElement { .. }
            | ParseErrorKind::MissingStatement
            | ParseErrorKind::WrongType { .. }
            | ParseErrorKind::ConflictingElements { .. }
            | ParseErrorKind::InvalidConditionValue { .. }
            | ParseErrorKind::InvalidCharacter { .. }
            | ParseErrorKind::DocumentTooLong { .. }
            | ParseErrorKind::SizeLimitExceeded { .. } => IAM_SYNTAX.to_owned(),
        }
    }
}

/// The API parameter that carries the document, for validation messages.
fn parameter_name(policy: PolicyKind) -> &'static str {
    match policy {
        PolicyKind::IdentityManaged | PolicyKind::IdentityInline | PolicyKind::PermissionsBoundary => {
            "policyDocument"
        }
        PolicyKind::Trust => "assumeRolePolicyDocument",
        PolicyKind::Session | PolicyKind::KeyPolicy | PolicyKind::VpcEndpoint => "policy",
        PolicyKind::SecretResource => "resourcePolicy",
        PolicyKind::ServiceControl | PolicyKind::ResourceControl => "content",
    }
}

fn size_message(policy: PolicyKind, limit: usize) -> String {
    match policy {
        // IAM LimitExceeded (reference 6.5). The inline text names the role in AWS
        // (`... exceeded for role <RoleName>`); the account appends it when it checks the aggregate.
        PolicyKind::IdentityManaged | PolicyKind::PermissionsBoundary => format!("Cannot exceed quota for PolicySize: {limit}"),
        PolicyKind::IdentityInline => format!("Maximum policy size of {limit} bytes exceeded"),
        PolicyKind::Trust => format!("Cannot exceed quota for ACLSizePerRole: {limit}"),
        PolicyKind::ServiceControl | PolicyKind::ResourceControl => "You have exceeded the maximum policy size.".to_owned(),
        // Model length constraints, in the AWS validation-message pattern.
        PolicyKind::Session | PolicyKind::SecretResource | PolicyKind::KeyPolicy | PolicyKind::VpcEndpoint => format!(
            "1 validation error detected: Value at '{}' failed to satisfy constraint: Member must have length less than or equal to {limit}",
            parameter_name(policy)
        ),
    }
}

/// Parses `text` as a policy document of `kind`.
///
/// Checks run in this order: empty document, the API's length constraint, the kind's size quota, characters,
/// JSON syntax (duplicate keys included), then the policy grammar top-down, so the first problem in reading
/// order is reported. Length checks come first because they are cheap: a 10 MB text is rejected without
/// being scanned character by character.
pub fn parse_policy(text: &str, kind: PolicyKind) -> Result<Policy, ParseError> {
    let fail = |kind_of_error: ParseErrorKind, span: Span| ParseError {
        kind: kind_of_error,
        span,
        policy: kind,
    };
    if text
        .trim_matches(|character| matches!(character, ' ' | '\t' | '\n' | '\r'))
        .is_empty()
    {
        return Err(fail(ParseErrorKind::EmptyDocument, start_span()));
    }
    if let Some(limit) = kind.api_length_limit() {
        // `chars().count()` is one of std's optimised scans: quick even for megabytes in unoptimised builds.
        let length = if text.len() <= limit {
            0
        } else {
            text.chars().count()
        };
        if length > limit {
            return Err(fail(
                ParseErrorKind::DocumentTooLong { length, limit },
                first_character_span(text),
            ));
        }
    }
    // Every unit counts at most one per byte, so a short text needs no counting.
    let size = if text.len() <= kind.size_limit() {
        0
    } else {
        kind.size_of(text)
    };
    if size > kind.size_limit() {
        let span = first_character_span(text);
        return Err(fail(
            ParseErrorKind::SizeLimitExceeded {
                policy: kind,
                size,
                limit: kind.size_limit(),
            },
            span,
        ));
    }
    if let Some((span, character)) = first_invalid_character(text) {
        return Err(fail(ParseErrorKind::InvalidCharacter { character }, span));
    }
    let document =
        json::parse_json(text).map_err(|error| fail(ParseErrorKind::Json(error.kind), error.span))?;
    PolicyReader { kind }
        .read_policy(&document)
        .map_err(|(kind_of_error, span)| fail(kind_of_error, span))
}

fn start_span() -> Span {
    let start = Position {
        line: 1,
        column: 1,
        offset: 0,
    };
    Span { start, end: start }
}

/// The first character outside U+0009, U+000A, U+000D, U+0020–U+00FF, with its one-character span. Works on
/// bytes: in UTF-8 the allowed characters are the bytes 09, 0A, 0D, 20–7F and the two-byte sequences led by
/// C2 or C3, so a control byte or a lead byte from C4 up marks the first character outside the set.
fn first_invalid_character(text: &str) -> Option<(Span, char)> {
    let bytes = text.as_bytes();
    // Fast path, quick even unoptimised: `chars().count()` and `contains` on bytes are std's optimised scans.
    // A text with as many characters as bytes is ASCII, so only control bytes can be outside the set.
    let ascii = text.chars().count() == bytes.len();
    let suspect_lead = !ascii && (0xC4..=0xF4u8).any(|byte| bytes.contains(&byte));
    if !suspect_lead && !has_control_byte(bytes) {
        return None;
    }
    let offset = bytes
        .iter()
        .position(|byte| *byte >= 0xC4 || (*byte < 0x20 && !matches!(*byte, b'\t' | b'\n' | b'\r')))?;
    let character = text.get(offset..)?.chars().next()?;
    let start = json::position_at(text, offset);
    let end = Position {
        line: start.line,
        column: start.column.saturating_add(1),
        offset: to_u32(offset + character.len_utf8()),
    };
    Some((Span { start, end }, character))
}

/// Whether `bytes` has a control byte other than tab, line feed and carriage return.
fn has_control_byte(bytes: &[u8]) -> bool {
    (0u8..0x20).any(|byte| !matches!(byte, b'\t' | b'\n' | b'\r') && bytes.contains(&byte))
}

/// Where a size error points: the first character of the document (the whole text is too long; finding its
/// last line and column would cost another pass over a possibly huge text).
fn first_character_span(text: &str) -> Span {
    let start = start_span().start;
    let length = text.chars().next().map_or(0, char::len_utf8);
    Span {
        start,
        end: Position {
            line: 1,
            column: if length == 0 { 1 } else { 2 },
            offset: to_u32(length),
        },
    }
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

type ReadResult<T> = Result<T, (ParseErrorKind, Span)>;

struct PolicyReader {
    kind: PolicyKind,
}

impl PolicyReader {
    fn read_policy(&self, document: &JsonValue) -> ReadResult<Policy> {
        let JsonKind::Object(members) = &document.kind else {
            return Err((
                ParseErrorKind::NotAnObject {
                    found: document.kind.type_name(),
                },
                document.span,
            ));
        };
        let mut version = None;
        let mut id = None;
        let mut statement_value = None;
        for member in members {
            match member.key.as_str() {
                "Version" => {
                    let text = expect_string(member, "Version")?;
                    let value = match text {
                        "2012-10-17" => Version::V2012_10_17,
                        "2008-10-17" => Version::V2008_10_17,
                        other => {
                            return Err((
                                ParseErrorKind::InvalidVersion {
                                    value: json::truncate_for_message(other),
                                },
                                member.value.span,
                            ))
                        }
                    };
                    version = Some(Spanned {
                        value,
                        span: member.value.span,
                    });
                }
                "Id" => {
                    let text = expect_string(member, "Id")?;
                    id = Some(Spanned {
                        value: text.to_owned(),
                        span: member.value.span,
                    });
                }
                "Statement" => statement_value = Some(&member.value),
                other => {
                    return Err((
                        ParseErrorKind::UnknownElement {
                            name: json::truncate_for_message(other),
                        },
                        member.key_span,
                    ))
                }
            }
        }
        // Organizations: "Every RCP must include a Version element with value 2012-10-17".
        if self.kind == PolicyKind::ResourceControl
            && version.as_ref().map(|version| version.value) != Some(Version::V2012_10_17)
        {
            let span = version.as_ref().map_or(document.span, |version| version.span);
            return Err((ParseErrorKind::VersionRequired { policy: self.kind }, span));
        }
        let Some(statement_value) = statement_value else {
            return Err((ParseErrorKind::MissingStatement, document.span));
        };
        let statement_objects: Vec<&JsonValue> = match &statement_value.kind {
            JsonKind::Object(_) => vec![statement_value],
            JsonKind::Array(items) => items.iter().collect(),
            other => {
                return Err((
                    ParseErrorKind::WrongType {
                        element: "Statement".to_owned(),
                        expected: "an object or an array of objects",
                        found: other.type_name(),
                    },
                    statement_value.span,
                ))
            }
        };
        let mut statements = Vec::with_capacity(statement_objects.len());
        let mut sids: HashSet<&str> = HashSet::new();
        for (index, value) in statement_objects.into_iter().enumerate() {
            let statement = self.read_statement(index, value)?;
            if self.kind.checks_sid() {
                if let Some(sid) = &statement.sid {
                    if !sids.insert(sid_text(value)) {
                        return Err((
                            ParseErrorKind::DuplicateSid {
                                sid: json::truncate_for_message(&sid.value),
                            },
                            sid.span,
                        ));
                    }
                }
            }
            statements.push(statement);
        }
        Ok(Policy {
            version,
            id,
            statements,
            span: document.span,
        })
    }

    fn read_statement(&self, index: usize, value: &JsonValue) -> ReadResult<Statement> {
        let JsonKind::Object(members) = &value.kind else {
            return Err((
                ParseErrorKind::WrongType {
                    element: "Statement".to_owned(),
                    expected: "an object or an array of objects",
                    found: value.kind.type_name(),
                },
                value.span,
            ));
        };
        let mut sid = None;
        let mut effect = None;
        let mut principal: Option<(&'static str, Spanned<PrincipalClause>)> = None;
        let mut action: Option<(&'static str, Spanned<ActionClause>)> = None;
        let mut resource: Option<(&'static str, Spanned<ResourceClause>)> = None;
        let mut conditions = Vec::new();
        for member in members {
            match member.key.as_str() {
                "Sid" => {
                    let text = expect_string(member, "Sid")?;
                    if self.kind.checks_sid()
                        && !text.chars().all(|character| character.is_ascii_alphanumeric())
                    {
                        return Err((
                            ParseErrorKind::InvalidSid {
                                sid: json::truncate_for_message(text),
                            },
                            member.value.span,
                        ));
                    }
                    sid = Some(Spanned {
                        value: text.to_owned(),
                        span: member.value.span,
                    });
                }
                "Effect" => {
                    let text = expect_string(member, "Effect")?;
                    let parsed = match text {
                        "Allow" => Effect::Allow,
                        "Deny" => Effect::Deny,
                        other => {
                            return Err((
                                ParseErrorKind::InvalidEffect {
                                    value: json::truncate_for_message(other),
                                },
                                member.value.span,
                            ))
                        }
                    };
                    effect = Some(Spanned {
                        value: parsed,
                        span: member.value.span,
                    });
                }
                name @ ("Principal" | "NotPrincipal") => {
                    let name: &'static str = if name == "Principal" {
                        "Principal"
                    } else {
                        "NotPrincipal"
                    };
                    if self.kind.forbids_principal() {
                        return Err((
                            ParseErrorKind::PrincipalNotAllowed {
                                element: name,
                                policy: self.kind,
                            },
                            member.key_span,
                        ));
                    }
                    if let Some((first, _)) = principal {
                        return Err((
                            ParseErrorKind::ConflictingElements { first, second: name },
                            member.key_span,
                        ));
                    }
                    let principals = self.read_principal(&member.value)?;
                    let clause = PrincipalClause {
                        negated: name == "NotPrincipal",
                        principals,
                    };
                    principal = Some((
                        name,
                        Spanned {
                            value: clause,
                            span: member.value.span,
                        },
                    ));
                }
                name @ ("Action" | "NotAction") => {
                    let name: &'static str = if name == "Action" { "Action" } else { "NotAction" };
                    if let Some((first, _)) = action {
                        return Err((
                            ParseErrorKind::ConflictingElements { first, second: name },
                            member.key_span,
                        ));
                    }
                    let patterns = string_list(member, name)?;
                    if patterns.is_empty() {
                        if self.kind == PolicyKind::KeyPolicy {
                            continue;
                        }
                        return Err((ParseErrorKind::MissingAction, member.value.span));
                    }
                    for pattern in &patterns {
                        check_action(pattern)?;
                    }
                    let clause = ActionClause {
                        negated: name == "NotAction",
                        patterns,
                    };
                    action = Some((
                        name,
                        Spanned {
                            value: clause,
                            span: member.value.span,
                        },
                    ));
                }
                name @ ("Resource" | "NotResource") => {
                    let name: &'static str = if name == "Resource" {
                        "Resource"
                    } else {
                        "NotResource"
                    };
                    if self.kind.forbids_resource() {
                        return Err((
                            ParseErrorKind::ResourceNotAllowed { element: name },
                            member.key_span,
                        ));
                    }
                    if let Some((first, _)) = resource {
                        return Err((
                            ParseErrorKind::ConflictingElements { first, second: name },
                            member.key_span,
                        ));
                    }
                    let patterns = string_list(member, name)?;
                    if patterns.is_empty() {
                        if !self.kind.requires_resource() {
                            continue;
                        }
                        return Err((ParseErrorKind::MissingResource, member.value.span));
                    }
                    for pattern in &patterns {
                        check_resource(pattern)?;
                    }
                    let clause = ResourceClause {
                        negated: name == "NotResource",
                        patterns,
                    };
                    resource = Some((
                        name,
                        Spanned {
                            value: clause,
                            span: member.value.span,
                        },
                    ));
                }
                "Condition" => conditions = read_conditions(&member.value)?,
                other => {
                    return Err((
                        ParseErrorKind::UnknownStatementElement {
                            name: json::truncate_for_message(other),
                        },
                        member.key_span,
                    ))
                }
            }
        }
        let Some(effect) = effect else {
            return Err((ParseErrorKind::MissingEffect, value.span));
        };
        if principal.is_none() && self.kind.requires_principal() {
            return Err((ParseErrorKind::MissingPrincipal { policy: self.kind }, value.span));
        }
        if action.is_none() && self.kind != PolicyKind::KeyPolicy {
            return Err((ParseErrorKind::MissingAction, value.span));
        }
        if resource.is_none() && self.kind.requires_resource() {
            return Err((ParseErrorKind::MissingResource, value.span));
        }
        let mut statement = Statement {
            index,
            sid,
            effect,
            principal: principal.map(|(_, clause)| clause),
            action: action.map(|(_, clause)| clause),
            resource: resource.map(|(_, clause)| clause),
            conditions,
            span: value.span,
            prepared: PreparedStatement::default(),
        };
        statement.prepared = PreparedStatement::of(&statement);
        Ok(statement)
    }

    fn read_principal(&self, value: &JsonValue) -> ReadResult<PrincipalSet> {
        match &value.kind {
            JsonKind::String(text) if text == "*" => Ok(PrincipalSet::Everyone),
            JsonKind::String(text) => Err((
                ParseErrorKind::InvalidPrincipal {
                    value: json::truncate_for_message(text),
                    reason:
                        "a bare string principal must be `*`; use `{\"AWS\": ...}` or `{\"Service\": ...}`",
                },
                value.span,
            )),
            JsonKind::Object(members) => {
                if members.is_empty() {
                    return Err((
                        ParseErrorKind::InvalidPrincipal {
                            value: "{}".to_owned(),
                            reason: "it names no principal",
                        },
                        value.span,
                    ));
                }
                let mut keyed = Vec::with_capacity(members.len());
                for member in members {
                    let key = match member.key.as_str() {
                        "AWS" => PrincipalKey::Aws,
                        "Service" => PrincipalKey::Service,
                        "Federated" => PrincipalKey::Federated,
                        "CanonicalUser" => PrincipalKey::CanonicalUser,
                        other => {
                            return Err((
                                ParseErrorKind::InvalidPrincipalKey {
                                    key: json::truncate_for_message(other),
                                },
                                member.key_span,
                            ))
                        }
                    };
                    let element = format!("Principal.{}", member.key);
                    let values = string_list_named(&member.value, &element)?;
                    if values.is_empty() {
                        return Err((
                            ParseErrorKind::InvalidPrincipal {
                                value: "[]".to_owned(),
                                reason: "it names no principal",
                            },
                            member.value.span,
                        ));
                    }
                    for principal in &values {
                        check_principal(key, principal)?;
                    }
                    keyed.push((
                        Spanned {
                            value: key,
                            span: member.key_span,
                        },
                        values,
                    ));
                }
                Ok(PrincipalSet::Keyed(keyed))
            }
            other => Err((
                ParseErrorKind::WrongType {
                    element: "Principal".to_owned(),
                    expected: "`*` or an object",
                    found: other.type_name(),
                },
                value.span,
            )),
        }
    }
}

/// The raw `Sid` of a statement object (for duplicate detection without cloning).
fn sid_text(statement: &JsonValue) -> &str {
    match &statement.kind {
        JsonKind::Object(members) => members
            .iter()
            .find(|member| member.key == "Sid")
            .and_then(|member| member.value.as_str())
            .unwrap_or_default(),
        _ => "",
    }
}

fn expect_string<'a>(member: &'a JsonMember, element: &str) -> ReadResult<&'a str> {
    member.value.as_str().ok_or_else(|| {
        (
            ParseErrorKind::WrongType {
                element: element.to_owned(),
                expected: "a string",
                found: member.value.kind.type_name(),
            },
            member.value.span,
        )
    })
}

fn string_list(member: &JsonMember, element: &str) -> ReadResult<Vec<Spanned<String>>> {
    string_list_named(&member.value, element)
}

/// A string or an array of strings, each with its span.
fn string_list_named(value: &JsonValue, element: &str) -> ReadResult<Vec<Spanned<String>>> {
    let wrong = |found: &JsonValue| {
        (
            ParseErrorKind::WrongType {
                element: element.to_owned(),
                expected: "a string or an array of strings",
                found: found.kind.type_name(),
            },
            found.span,
        )
    };
    match &value.kind {
        JsonKind::String(text) => Ok(vec![Spanned {
            value: text.clone(),
            span: value.span,
        }]),
        JsonKind::Array(items) => items
            .iter()
            .map(|item| match &item.kind {
                JsonKind::String(text) => Ok(Spanned {
                    value: text.clone(),
                    span: item.span,
                }),
                _ => Err(wrong(item)),
            })
            .collect(),
        _ => Err(wrong(value)),
    }
}

/// `*`, or `vendor:name` with a non-empty vendor and one colon (IAM's two observed messages).
fn check_action(pattern: &Spanned<String>) -> ReadResult<()> {
    let text = pattern.value.as_str();
    if text == "*" {
        return Ok(());
    }
    let problem = name_problem(text);
    match problem {
        None => Ok(()),
        Some(problem) => Err((
            ParseErrorKind::InvalidAction {
                pattern: json::truncate_for_message(text),
                problem,
            },
            pattern.span,
        )),
    }
}

fn name_problem(text: &str) -> Option<NameProblem> {
    match text.split_once(':') {
        None => Some(NameProblem::MissingVendor),
        Some(("", _)) => Some(NameProblem::MissingVendor),
        Some((_, rest)) if rest.contains(':') => Some(NameProblem::TooManyColons),
        Some(_) => None,
    }
}

/// `*`, or an ARN with its six parts (`arn:partition:service:region:account:resource`). IAM answers
/// `Resource X must be in ARN format or "*".` otherwise. Wildcards and variables inside parts are left to the
/// validator.
fn check_resource(pattern: &Spanned<String>) -> ReadResult<()> {
    let text = pattern.value.as_str();
    if text == "*" || (text.starts_with("arn:") && text.matches(':').count() >= 5) {
        return Ok(());
    }
    Err((
        ParseErrorKind::InvalidResource {
            pattern: json::truncate_for_message(text),
        },
        pattern.span,
    ))
}

/// No partial wildcards (IAM: "You cannot use a wildcard to match part of a principal name or ARN"), no empty
/// or blank names, service principals look like `name.amazonaws.com`-style DNS names.
fn check_principal(key: PrincipalKey, principal: &Spanned<String>) -> ReadResult<()> {
    let text = principal.value.as_str();
    let invalid = |reason: &'static str| {
        Err((
            ParseErrorKind::InvalidPrincipal {
                value: json::truncate_for_message(text),
                reason,
            },
            principal.span,
        ))
    };
    if text.is_empty() || text.chars().any(char::is_whitespace) {
        return invalid("it is empty or contains white space");
    }
    if text != "*" && text.contains('*') {
        return invalid("a principal cannot contain a partial wildcard");
    }
    if key == PrincipalKey::Service {
        let looks_like_dns = text.contains('.')
            && text
                .chars()
                .all(|character| character.is_ascii_alphanumeric() || matches!(character, '.' | '-'));
        if !looks_like_dns && text != "*" {
            return Err((
                ParseErrorKind::InvalidServicePrincipal {
                    value: json::truncate_for_message(text),
                },
                principal.span,
            ));
        }
    }
    Ok(())
}

fn read_conditions(value: &JsonValue) -> ReadResult<Vec<Condition>> {
    let JsonKind::Object(operators) = &value.kind else {
        return Err((
            ParseErrorKind::WrongType {
                element: "Condition".to_owned(),
                expected: "an object",
                found: value.kind.type_name(),
            },
            value.span,
        ));
    };
    let mut conditions = Vec::new();
    for operator_member in operators {
        let operator =
            parse_operator(&operator_member.key).map_err(|kind| (kind, operator_member.key_span))?;
        let JsonKind::Object(keys) = &operator_member.value.kind else {
            return Err((
                ParseErrorKind::WrongType {
                    element: operator_member.key.clone(),
                    expected: "an object of condition keys",
                    found: operator_member.value.kind.type_name(),
                },
                operator_member.value.span,
            ));
        };
        for key_member in keys {
            if let Some(problem) = condition_key_problem(&key_member.key) {
                return Err((
                    ParseErrorKind::InvalidConditionKey {
                        key: json::truncate_for_message(&key_member.key),
                        problem,
                    },
                    key_member.key_span,
                ));
            }
            let values = condition_values(&key_member.value)?;
            conditions.push(Condition {
                operator: Spanned {
                    value: operator,
                    span: operator_member.key_span,
                },
                key: Spanned {
                    value: key_member.key.clone(),
                    span: key_member.key_span,
                },
                values,
            });
        }
    }
    Ok(conditions)
}

/// Condition keys need a vendor prefix (`aws:`, `secretsmanager:`). Unlike actions they may hold more colons:
/// `kms:EncryptionContext:SecretARN` (which Secrets Manager's KMS calls carry) and tag keys such as
/// `aws:ResourceTag/aws:cloudformation:stack-name` are valid.
fn condition_key_problem(key: &str) -> Option<NameProblem> {
    match key.split_once(':') {
        None | Some(("", _)) => Some(NameProblem::MissingVendor),
        Some(_) => None,
    }
}

fn condition_values(value: &JsonValue) -> ReadResult<Vec<Spanned<String>>> {
    let single = |item: &JsonValue| -> ReadResult<Spanned<String>> {
        let text = match &item.kind {
            JsonKind::String(text) => text.clone(),
            JsonKind::Number(text) => text.clone(),
            JsonKind::Bool(flag) => flag.to_string(),
            other => {
                return Err((
                    ParseErrorKind::InvalidConditionValue {
                        found: other.type_name(),
                    },
                    item.span,
                ))
            }
        };
        Ok(Spanned {
            value: text,
            span: item.span,
        })
    };
    match &value.kind {
        JsonKind::Array(items) => items.iter().map(single).collect(),
        _ => Ok(vec![single(value)?]),
    }
}

/// Parses `ForAnyValue:StringLikeIfExists` and friends. Names are case-sensitive, as IAM documents them.
pub fn parse_operator(name: &str) -> Result<ConditionOperator, ParseErrorKind> {
    let unknown = || ParseErrorKind::UnknownConditionOperator {
        name: json::truncate_for_message(name),
    };
    let (qualifier, rest) = if let Some(rest) = name.strip_prefix("ForAllValues:") {
        (Some(SetQualifier::ForAllValues), rest)
    } else if let Some(rest) = name.strip_prefix("ForAnyValue:") {
        (Some(SetQualifier::ForAnyValue), rest)
    } else {
        (None, name)
    };
    let (base_name, if_exists) = match rest.strip_suffix("IfExists") {
        Some(base) => (base, true),
        None => (rest, false),
    };
    let base = OperatorBase::from_name(base_name).ok_or_else(unknown)?;
    if base == OperatorBase::Null && if_exists {
        return Err(ParseErrorKind::NullWithIfExists);
    }
    Ok(ConditionOperator {
        qualifier,
        base,
        if_exists,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_round_trip() {
        for base in OperatorBase::ALL {
            assert_eq!(OperatorBase::from_name(base.name()), Some(base));
            let operator = parse_operator(&format!("ForAnyValue:{}", base.name())).unwrap();
            assert_eq!(operator.name(), format!("ForAnyValue:{}", base.name()));
        }
        assert_eq!(
            parse_operator("NullIfExists"),
            Err(ParseErrorKind::NullWithIfExists)
        );
        assert!(parse_operator("stringequals").is_err());
        assert!(parse_operator("ForAllValues:").is_err());
        assert!(parse_operator("IfExists").is_err());
    }

    #[test]
    fn access_analyzer_types_map_back() {
        for kind in PolicyKind::ALL {
            let back = PolicyKind::from_access_analyzer_type(kind.access_analyzer_type()).unwrap();
            assert_eq!(back.access_analyzer_type(), kind.access_analyzer_type());
            assert!(!(kind.requires_principal() && kind.forbids_principal()));
        }
        assert_eq!(PolicyKind::from_access_analyzer_type("identity_policy"), None);
    }

    #[test]
    fn sizes_count_as_each_service_does() {
        let text = "{ \"a\": \"é\" }";
        assert_eq!(PolicyKind::IdentityManaged.size_of(text), 9);
        assert_eq!(PolicyKind::Session.size_of(text), 12);
        assert_eq!(PolicyKind::KeyPolicy.size_of(text), 13);
    }
}
