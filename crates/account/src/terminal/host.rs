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
        let running = self.instance(instance_id).is_some_and(|instance| instance.state == InstanceState::Running);
        running.then(|| Account::imds(self, instance_id, request))
    }

    /// Inside a VPC that has an interface endpoint for the service with private DNS, the SDK's default
    /// endpoint name resolves to the endpoint, so the call arrives through it from the instance's private
    /// address (`aws:SourceVpce`, `aws:SourceVpc`, `aws:VpcSourceIp`). Otherwise it leaves through the
    /// instance's public address. (An instance without a public address would leave through a NAT gateway
    /// whose address the simulation does not model; its private address stands in.)
    fn instance_origin(&self, instance_id: &str, service: Service) -> Option<NetworkOrigin> {
        let instance = self.instance(instance_id)?;
        let service_name = format!("com.amazonaws.{}.{}", instance.region, service.prefix());
        let endpoint = self.vpc_endpoints().iter().find(|endpoint| {
            endpoint.vpc_id == instance.vpc_id && endpoint.service_name == service_name && endpoint.private_dns
        });
        Some(match endpoint {
            Some(endpoint) => NetworkOrigin {
                source_ip: instance.private_ip.clone(),
                vpc_endpoint: Some(endpoint.id.clone()),
                instance: Some(instance_id.to_owned()),
                ..NetworkOrigin::default()
            },
            None => NetworkOrigin {
                source_ip: instance.public_ip.clone().unwrap_or_else(|| instance.private_ip.clone()),
                vpc_endpoint: None,
                instance: Some(instance_id.to_owned()),
                ..NetworkOrigin::default()
            },
        })
    }

    fn home_region(&self) -> String {
        Account::home_region(self).to_owned()
    }

    fn advance(&mut self, seconds: u64) {
        Account::advance(self, seconds);
    }

    fn instance_ids(&self) -> Vec<String> {
        self.instances().iter().map(|instance| instance.id.as_str().to_owned()).collect()
    }

    fn resolve_instance(&self, name_or_id: &str) -> Option<String> {
        self.instance_by_name(name_or_id).map(|instance| instance.id.as_str().to_owned())
    }
}
