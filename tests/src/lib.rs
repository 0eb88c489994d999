//! Shared helpers of the cross-crate tests (scenario corpus, conformance corpus, browser tests).
pub mod conformance;
