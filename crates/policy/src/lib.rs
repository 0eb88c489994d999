//! The IAM policy language: parse policy documents with source positions, validate them the way IAM Access
//! Analyzer does, and evaluate requests against every policy layer exactly as AWS does, with an explanation.
//!
//! The crate is pure: no I/O, no clock, no randomness. It builds natively and for wasm32.
//!
//! Map of the crate:
//! - [`ast`]: what a parsed policy is (every element carries its [`Span`]).
//! - `parse`: text → [`Policy`], or a `ParseError` with IAM's MalformedPolicyDocument text and a position.
//! - [`request`]: what is asked ([`Request`]: principal, action, resource, typed context) and which policies
//!   apply ([`PolicyLayers`]).
//! - [`evaluate`]: [`decide`] (fast, allocation-light) and `explain` (the same walk, recorded).
//! - `validate`: Access Analyzer style findings.
//! - `simulate`: IAM's SimulateCustomPolicy JSON request and response shapes.

pub mod ast;
pub mod condition;
pub mod denial;
pub mod evaluate;
pub mod explain;
pub mod format;
pub mod json;
pub mod matching;
pub mod metadata;
pub mod parse;
pub mod request;
pub mod simulate;
pub mod validate;
pub mod variables;

pub use ast::{
    ActionClause, Condition, ConditionOperator, Effect, OperatorBase, Policy, Position, PrincipalClause,
    PrincipalKey, PrincipalSet, ResourceClause, SetQualifier, Span, Spanned, Statement, Version,
};
pub use denial::{Denial, PolicyType};
pub use evaluate::{decide, Decision};
pub use explain::{explain, Explanation, Suggestion};
pub use parse::{parse_policy, ParseError, ParseErrorKind, PolicyKind};
pub use request::{
    ContextKeyType, ContextValue, Layer, PolicyLayers, PolicySource, Principal, PrincipalKind, Request,
    RequestContext, ResourceRule, SourcedPolicy,
};
pub use validate::{
    findings_json, validate_policy, validate_policy_json, Finding, FindingType, ValidateError,
};
