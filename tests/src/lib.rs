//! Shared helpers of the cross-crate tests (scenario corpus, conformance corpus, browser tests).
#[cfg(feature = "browser")]
pub mod browser;
pub mod conformance;
pub mod scenarios;
#[cfg(feature = "browser")]
pub mod ui;
