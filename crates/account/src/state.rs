//! SKELETON: the account core helper replaces this file. The public signatures below are the contract that
//! the terminal, the CLI, the wasm facade and the web app code against.

use serde_json::Value;

use crate::api::{ApiCall, ApiError, Caller};

/// The simulated world: the playground's account, any other accounts of its stories, the organization, and
/// the clock, id generator and audit log.
#[derive(Debug, Clone, Default)]
pub struct Account {}

impl Account {
    /// Makes one API call: authorises it, changes state only when allowed, and appends the audit record(s).
    /// Returns AWS's response JSON (the output shape of the operation) or AWS's error.
    pub fn call(&mut self, caller: &Caller, call: &ApiCall) -> Result<Value, ApiError> {
        let _ = (caller, call);
        Err(ApiError::new(crate::api::ErrorCode::InvalidRequestException, "not built yet"))
    }
}
