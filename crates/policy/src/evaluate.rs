//! Evaluation: IAM's decision logic over every policy layer. [`decide`] is the fast path used by the access
//! matrix and the account; [`explain`] walks the same logic and records why.
//!
//! SKELETON: the evaluation helper replaces this file's bodies. The signatures are the contract.

use crate::request::{PolicyLayers, Request};

/// The outcome of an authorisation question, named as SimulateCustomPolicy names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Decision {
    Allowed,
    ExplicitDeny,
    ImplicitDeny,
}

impl Decision {
    /// `allowed`, `explicitDeny` or `implicitDeny`.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allowed => "allowed",
            Decision::ExplicitDeny => "explicitDeny",
            Decision::ImplicitDeny => "implicitDeny",
        }
    }
}

/// Decides `request` against `layers`. Never fails.
pub fn decide(request: &Request, layers: &PolicyLayers<'_>) -> Decision {
    let _ = (request, layers);
    Decision::ImplicitDeny
}
