//! The simulated AWS account: IAM roles and policies, EC2 instances with instance profiles and IMDS, STS
//! sessions, Secrets Manager, KMS, an organization with SCPs and RCPs, and a CloudTrail log, driven by a
//! simulated clock and seeded identifiers. Every authorisation goes through the `policy` crate.
//!
//! The one entry point for API calls is [`Account::call`]: it evaluates, changes state only when allowed,
//! and appends exactly one audit record (plus the records AWS itself would add, such as KMS `Decrypt` made by
//! Secrets Manager on the caller's behalf).

pub mod api;
mod state;

pub use api::{ApiCall, ApiError, Caller, Credentials, ErrorCode, NetworkOrigin, Service};
pub use state::Account;
