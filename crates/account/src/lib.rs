//! The simulated AWS account: IAM roles and policies, EC2 instances with instance profiles and IMDS, STS
//! sessions, Secrets Manager, KMS, an organization with SCPs and RCPs, and a CloudTrail log, driven by a
//! simulated clock and seeded identifiers. Every authorisation goes through the `policy` crate.
//!
//! The one entry point for API calls is [`Account::call`]: it evaluates, changes state only when allowed,
//! and appends exactly one audit record (plus the records AWS itself would add, such as KMS `Decrypt` made by
//! Secrets Manager on the caller's behalf).
//!
//! Map: [`state`] (the world, accessors, god-mode edits), [`auth`] (callers, context keys, layers, denial
//! texts), [`matrix`] (the access matrix and its scoped refresh), [`audit`] (CloudTrail records,
//! LookupEvents), `services` (one module per AWS service), [`imds`] (instance metadata), [`lifecycle`]
//! (clock, rotation, deletion windows), [`scenario`] (the JSON scenario format and the built-in scenarios).

pub mod api;
pub mod audit;
pub mod auth;
pub mod builtin;
pub mod clock;
mod codec;
pub mod ids;
pub mod imds;
pub mod json;
pub mod lifecycle;
mod managed;
pub mod matrix;
pub mod model;
pub mod scenario;
mod services;
pub mod state;
pub mod terminal;

pub use api::{ApiCall, ApiError, Caller, Credentials, ErrorCode, NetworkOrigin, Service};
pub use audit::{AuditRecord, AuditResource, EventType, LookupAttribute, LookupQuery};
pub use auth::{AccessQuery, Authorization};
pub use builtin::{builtin, BUILTIN_NAMES};
pub use clock::Timestamp;
pub use imds::{ImdsRequest, ImdsResponse};
pub use lifecycle::LifecycleEvent;
pub use matrix::{AccessMatrix, MatrixPrincipal, MATRIX_ACTIONS};
pub use scenario::{Scenario, ScenarioError, StateSpec};
pub use services::ec2::{DEFAULT_SUBNET, DEFAULT_VPC};
pub use state::{Account, EditError, PolicyRef, DEFAULT_ACCOUNT, DEFAULT_REGION, OTHER_ACCOUNT};
