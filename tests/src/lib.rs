//! Shared helpers of the cross-crate tests (scenario corpus, conformance corpus, browser tests).
pub mod conformance;
#[cfg(feature = "browser")]
pub mod browser;
pub mod scenarios;
