//! The account as the terminal's [`Host`]: API calls through [`Account::call`], IMDS through
//! [`Account::imds`], and the network origin of calls made from an instance.

use serde_json::Value;

use super::Host;
use crate::api::{ApiCall, ApiError, Caller, NetworkOrigin, Service};
use crate::imds::{ImdsRequest, ImdsResponse};
use crate::model::InstanceState;
use crate::state::Account;

impl Host for Account {
    fn call(&mut self, caller: &Caller, call: &ApiCall) -> Result<Value, ApiError> {
        Account::call(self, caller, call)
    }

    /// A stopped or terminated instance runs no shell, so nothing answers; a running one gets IMDS's answer.
    fn imds(&mut self, instance_id: &str, request: &ImdsRequest) -> Option<ImdsResponse> {
        let running = self
            .instance(instance_id)
            .is_some_and(|instance| instance.state == InstanceState::Running);
        running.then(|| Account::imds(self, instance_id, request))
    }

    /// The account decides: through the VPC's interface endpoint when it has one with private DNS, otherwise
    /// from the instance's public address ([`Account::network_for_instance`]).
    fn instance_origin(&self, instance_id: &str, service: Service) -> Option<NetworkOrigin> {
        self.network_for_instance(instance_id, service)
    }

    fn home_region(&self) -> String {
        Account::home_region(self).to_owned()
    }

    fn advance(&mut self, seconds: u64) {
        Account::advance(self, seconds);
    }

    fn instance_ids(&self) -> Vec<String> {
        self.instances()
            .iter()
            .map(|instance| instance.id.as_str().to_owned())
            .collect()
    }

    fn resolve_instance(&self, name_or_id: &str) -> Option<String> {
        self.instance_by_name(name_or_id)
            .map(|instance| instance.id.as_str().to_owned())
    }
}
