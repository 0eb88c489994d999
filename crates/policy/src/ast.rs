//! What a parsed policy document is. Every element keeps the [`Span`] of the JSON text it came from, so that
//! findings, explanations and SimulateCustomPolicy's `StartPosition`/`EndPosition` can point at it.
//!
//! These types are produced only by [`crate::parse`]; they are plain data with a few naming helpers
//! (operator names) and no evaluation behaviour, apart from each statement's [`PreparedStatement`], the
//! evaluator's precomputed form of it.

pub use crate::prepared::PreparedStatement;

/// A place in the source text. `line` and `column` are 1-based; `column` counts Unicode scalar values
/// (characters) from the start of the line; `offset` is the 0-based byte offset into the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    pub line: u32,
    pub column: u32,
    pub offset: u32,
}

/// A half-open range of the source text: `start` is the first character, `end` is just past the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub start: Position,
    pub end: Position,
}

/// A value together with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// The policy language version. Variables (`${...}`) are substituted only under [`Version::V2012_10_17`];
/// under the legacy version, or when `Version` is absent, they are literal text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Version {
    V2012_10_17,
    V2008_10_17,
}

/// A whole policy document.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub version: Option<Spanned<Version>>,
    pub id: Option<Spanned<String>>,
    pub statements: Vec<Statement>,
    /// The span of the whole document (the outermost JSON object).
    pub span: Span,
}

impl Policy {
    /// Whether policy variables are substituted in this document.
    pub fn substitutes_variables(&self) -> bool {
        matches!(
            self.version.as_ref().map(|version| version.value),
            Some(Version::V2012_10_17)
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Effect {
    Allow,
    Deny,
}

/// One statement. `index` is its 0-based position in the `Statement` array (0 when `Statement` is an object).
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub index: usize,
    pub sid: Option<Spanned<String>>,
    pub effect: Spanned<Effect>,
    /// `Principal` or `NotPrincipal` (only in resource, trust, key and endpoint policies).
    pub principal: Option<Spanned<PrincipalClause>>,
    /// `Action` or `NotAction`.
    pub action: Option<Spanned<ActionClause>>,
    /// `Resource` or `NotResource` (trust policies omit it).
    pub resource: Option<Spanned<ResourceClause>>,
    /// The `Condition` block flattened to one entry per (operator, key) pair, in source order.
    pub conditions: Vec<Condition>,
    /// The span of the statement object.
    pub span: Span,
    /// What the evaluator needs from this statement, worked out by the parser (see [`PreparedStatement`]).
    /// Derived data: it does not take part in comparisons, and a statement built by hand may leave it at
    /// `PreparedStatement::default()` (the evaluator then prepares it on the fly, more slowly). Code that
    /// changes the `Action`, `Resource` or `Condition` of a parsed statement must set it again with
    /// [`PreparedStatement::of`].
    pub prepared: PreparedStatement,
}

/// `Principal` (negated = false) or `NotPrincipal` (negated = true).
#[derive(Debug, Clone, PartialEq)]
pub struct PrincipalClause {
    pub negated: bool,
    pub principals: PrincipalSet,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PrincipalSet {
    /// `"Principal": "*"`, which is the same as `{"AWS": "*"}`.
    Everyone,
    /// `{"AWS": [...], "Service": [...], ...}` in source order.
    Keyed(Vec<(Spanned<PrincipalKey>, Vec<Spanned<String>>)>),
}

/// The keys of a principal map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PrincipalKey {
    Aws,
    Service,
    Federated,
    CanonicalUser,
}

/// `Action` (negated = false) or `NotAction` (negated = true). Patterns are as written (`service:Name`, `*`).
#[derive(Debug, Clone, PartialEq)]
pub struct ActionClause {
    pub negated: bool,
    pub patterns: Vec<Spanned<String>>,
}

/// `Resource` (negated = false) or `NotResource` (negated = true). Patterns are as written.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceClause {
    pub negated: bool,
    pub patterns: Vec<Spanned<String>>,
}

/// One (operator, key) entry of a `Condition` block. Values are kept as text: JSON numbers and booleans are
/// converted to their text (IAM compares them as strings and parses them per operator).
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub operator: Spanned<ConditionOperator>,
    /// The key as written (names are matched case-insensitively).
    pub key: Spanned<String>,
    pub values: Vec<Spanned<String>>,
}

/// A condition operator: an optional set qualifier, the base operator and the `IfExists` suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConditionOperator {
    pub qualifier: Option<SetQualifier>,
    pub base: OperatorBase,
    pub if_exists: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SetQualifier {
    ForAllValues,
    ForAnyValue,
}

/// Every base condition operator of the IAM policy language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OperatorBase {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

impl OperatorBase {
    pub const ALL: [OperatorBase; 27] = [
        OperatorBase::StringEquals,
        OperatorBase::StringNotEquals,
        OperatorBase::StringEqualsIgnoreCase,
        OperatorBase::StringNotEqualsIgnoreCase,
        OperatorBase::StringLike,
        OperatorBase::StringNotLike,
        OperatorBase::NumericEquals,
        OperatorBase::NumericNotEquals,
        OperatorBase::NumericLessThan,
        OperatorBase::NumericLessThanEquals,
        OperatorBase::NumericGreaterThan,
        OperatorBase::NumericGreaterThanEquals,
        OperatorBase::DateEquals,
        OperatorBase::DateNotEquals,
        OperatorBase::DateLessThan,
        OperatorBase::DateLessThanEquals,
        OperatorBase::DateGreaterThan,
        OperatorBase::DateGreaterThanEquals,
        OperatorBase::Bool,
        OperatorBase::BinaryEquals,
        OperatorBase::IpAddress,
        OperatorBase::NotIpAddress,
        OperatorBase::ArnEquals,
        OperatorBase::ArnLike,
        OperatorBase::ArnNotEquals,
        OperatorBase::ArnNotLike,
        OperatorBase::Null,
    ];

    /// The operator's name as written in policies.
    pub fn name(self) -> &'static str {
        match self {
            OperatorBase::StringEquals => "StringEquals",
            OperatorBase::StringNotEquals => "StringNotEquals",
            OperatorBase::StringEqualsIgnoreCase => "StringEqualsIgnoreCase",
            OperatorBase::StringNotEqualsIgnoreCase => "StringNotEqualsIgnoreCase",
            OperatorBase::StringLike => "StringLike",
            OperatorBase::StringNotLike => "StringNotLike",
            OperatorBase::NumericEquals => "NumericEquals",
            OperatorBase::NumericNotEquals => "NumericNotEquals",
            OperatorBase::NumericLessThan => "NumericLessThan",
            OperatorBase::NumericLessThanEquals => "NumericLessThanEquals",
            OperatorBase::NumericGreaterThan => "NumericGreaterThan",
            OperatorBase::NumericGreaterThanEquals => "NumericGreaterThanEquals",
            OperatorBase::DateEquals => "DateEquals",
            OperatorBase::DateNotEquals => "DateNotEquals",
            OperatorBase::DateLessThan => "DateLessThan",
            OperatorBase::DateLessThanEquals => "DateLessThanEquals",
            OperatorBase::DateGreaterThan => "DateGreaterThan",
            OperatorBase::DateGreaterThanEquals => "DateGreaterThanEquals",
            OperatorBase::Bool => "Bool",
            OperatorBase::BinaryEquals => "BinaryEquals",
            OperatorBase::IpAddress => "IpAddress",
            OperatorBase::NotIpAddress => "NotIpAddress",
            OperatorBase::ArnEquals => "ArnEquals",
            OperatorBase::ArnLike => "ArnLike",
            OperatorBase::ArnNotEquals => "ArnNotEquals",
            OperatorBase::ArnNotLike => "ArnNotLike",
            OperatorBase::Null => "Null",
        }
    }

    /// The operator with this exact name.
    pub fn from_name(name: &str) -> Option<Self> {
        OperatorBase::ALL
            .into_iter()
            .find(|operator| operator.name() == name)
    }
}

impl ConditionOperator {
    /// The operator as written: `ForAnyValue:StringLikeIfExists`.
    pub fn name(&self) -> String {
        let prefix = match self.qualifier {
            Some(SetQualifier::ForAllValues) => "ForAllValues:",
            Some(SetQualifier::ForAnyValue) => "ForAnyValue:",
            None => "",
        };
        let suffix = if self.if_exists { "IfExists" } else { "" };
        format!("{prefix}{}{suffix}", self.base.name())
    }
}
