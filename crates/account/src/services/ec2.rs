//! EC2: RunInstances with an instance profile (and the iam:PassRole check it implies), instance profile
//! associations, start/stop/terminate, DescribeInstances and instance metadata options. State transitions
//! complete at once (pending → running is not simulated as a delay).

use policy::{ContextKeyType, ContextValue, RequestContext};
use serde_json::{Map, Value};

use super::{
    access_denied, optional_i64, optional_str, required_str, string_list, tags_json, unknown_operation,
    CallScope,
};
use crate::api::{ApiError, ErrorCode, Service};
use crate::auth::plain_target;
use crate::ids::{AccountId, InstanceId};
use crate::json;
use crate::model::{
    HttpTokens, Instance, InstanceProfile, InstanceState, MetadataOptions, ProfileAssociation, Tag,
};
use crate::state::Account;

/// The VPC and subnet instances launch into unless told otherwise.
pub const DEFAULT_VPC: &str = "vpc-0a1b2c3d4e5f60718";
pub const DEFAULT_SUBNET: &str = "subnet-0f1e2d3c4b5a69788";

fn instance_not_found(id: &str) -> ApiError {
    ApiError::new(
        ErrorCode::InvalidInstanceIdNotFound,
        format!("The instance ID '{id}' does not exist"),
    )
}

fn invalid_profile(name: &str) -> ApiError {
    ApiError::new(
        ErrorCode::InvalidParameterValue,
        format!("Value ({name}) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name"),
    )
}

impl Account {
    pub(crate) fn ec2_call(
        &mut self,
        scope: &mut CallScope,
        operation: &str,
        input: &Value,
    ) -> Result<Value, ApiError> {
        if super::optional_bool(input, "DryRun") == Some(true) {
            return self.ec2_dry_run(scope, operation, input);
        }
        self.ec2_operation(scope, operation, input)
    }

    /// `DryRun`, as the EC2 API reference describes it: "Checks whether you have the required permissions for
    /// the operation, without actually making the request, and provides an error response. If you have the
    /// required permissions, the error response is `DryRunOperation`. Otherwise, it is
    /// `UnauthorizedOperation`." The request is also validated (an unknown instance id is still
    /// `InvalidInstanceID.NotFound`). Modelled by running the call on a copy of the world that is then dropped:
    /// nothing changes and no id is drawn; of what the call added to its scope only the denials are kept, so
    /// that a denied dry run can be explained like any denied call.
    fn ec2_dry_run(
        &mut self,
        scope: &mut CallScope,
        operation: &str,
        input: &Value,
    ) -> Result<Value, ApiError> {
        let mut copy = self.clone();
        let result = copy.ec2_operation(scope, operation, input);
        scope.extra_records.clear();
        scope.deferred_rotations.clear();
        scope.response_for_trail = None;
        scope.resource_owners.clear();
        match result {
            Ok(_) => Err(ApiError::new(
                ErrorCode::DryRunOperation,
                "Request would have succeeded, but DryRun flag is set.",
            )),
            Err(error) => Err(error),
        }
    }

    fn ec2_operation(
        &mut self,
        scope: &mut CallScope,
        operation: &str,
        input: &Value,
    ) -> Result<Value, ApiError> {
        match operation {
            "RunInstances" => self.run_instances(scope, input),
            "DescribeInstances" => self.describe_instances(scope, input),
            "StartInstances" | "StopInstances" | "TerminateInstances" => {
                self.change_instance_state(scope, input, operation)
            }
            "AssociateIamInstanceProfile" => self.associate_profile(scope, input),
            "ReplaceIamInstanceProfileAssociation" => self.replace_profile_association(scope, input),
            "DisassociateIamInstanceProfile" => self.disassociate_profile(scope, input),
            "ModifyInstanceMetadataOptions" => self.modify_metadata_options(scope, input),
            "CreateTags" | "DeleteTags" => self.change_tags(scope, input, operation),
            "CreateVpcEndpoint" => self.create_vpc_endpoint(scope, input),
            "DeleteVpcEndpoints" => self.delete_vpc_endpoints(scope, input),
            "DescribeVpcEndpoints" => self.describe_vpc_endpoints(scope),
            _ => Err(unknown_operation(Service::Ec2, operation)),
        }
    }

    fn ec2_authorize(
        &mut self,
        scope: &mut CallScope,
        action: &str,
        resource: &str,
        extra: &RequestContext,
    ) -> Result<(), ApiError> {
        let account = scope.identity.account.clone();
        let authorization = self.authorize_scope(scope, action, &plain_target(resource, &account), extra);
        if authorization.allowed() {
            return Ok(());
        }
        let encoded = self.ids.text_from(
            &"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                .chars()
                .collect::<Vec<_>>(),
            96,
        );
        Err(access_denied(Service::Ec2, &authorization, Some(encoded)))
    }

    /// Finds the profile named by `IamInstanceProfile {Arn | Name}` and checks iam:PassRole for its role.
    fn profile_to_pass(
        &mut self,
        scope: &mut CallScope,
        specification: &Value,
        instance_arn: &str,
    ) -> Result<InstanceProfile, ApiError> {
        let account = scope.identity.account.clone();
        let by_name = specification.get("Name").and_then(Value::as_str);
        let by_arn = specification.get("Arn").and_then(Value::as_str);
        let profile = match (by_name, by_arn) {
            (Some(name), _) => self.instance_profile(&account, name).cloned().ok_or_else(|| invalid_profile(name))?,
            (None, Some(arn)) => self
                .instance_profiles
                .iter()
                .find(|profile| profile.arn() == arn)
                .cloned()
                .ok_or_else(|| ApiError::new(ErrorCode::InvalidParameterValue, format!("Value ({arn}) for parameter iamInstanceProfile.arn is invalid. Invalid IAM Instance Profile ARN")))?,
            (None, None) => return Err(ApiError::new(ErrorCode::MissingParameter, "The request must contain the parameter iamInstanceProfile")),
        };
        for role_name in &profile.roles {
            let role_arn = self
                .role_by_name(&profile.account, role_name)
                .map(crate::model::Role::arn)
                .unwrap_or_default();
            let mut extra = RequestContext::new();
            extra.insert_string("iam:PassedToService", "ec2.amazonaws.com");
            extra.insert(
                "iam:AssociatedResourceArn",
                ContextValue::single(ContextKeyType::String, instance_arn),
            );
            let authorization =
                self.authorize_scope(scope, "iam:PassRole", &plain_target(&role_arn, &account), &extra);
            if !authorization.allowed() {
                let encoded = self.ids.text_from(
                    &"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                        .chars()
                        .collect::<Vec<_>>(),
                    96,
                );
                return Err(access_denied(Service::Ec2, &authorization, Some(encoded)));
            }
        }
        Ok(profile)
    }

    fn run_instances(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let image = required_str(input, "ImageId")?.to_owned();
        let count = optional_i64(input, "MaxCount").unwrap_or(1).clamp(1, 20);
        let metadata = read_metadata_options(input.get("MetadataOptions"), MetadataOptions::default())?;
        let mut extra = RequestContext::new();
        extra.insert_string("ec2:MetadataHttpTokens", metadata.http_tokens.name());
        extra.insert(
            "ec2:MetadataHttpPutResponseHopLimit",
            ContextValue::single(ContextKeyType::Numeric, &metadata.hop_limit.to_string()),
        );
        extra.insert_string(
            "ec2:MetadataHttpEndpoint",
            if metadata.endpoint_enabled {
                "enabled"
            } else {
                "disabled"
            },
        );
        let wildcard = format!(
            "arn:aws:ec2:{}:{}:instance/*",
            scope.region, scope.identity.account
        );
        self.ec2_authorize(scope, "ec2:RunInstances", &wildcard, &extra)?;
        let profile = match input.get("IamInstanceProfile") {
            Some(specification) => Some(self.profile_to_pass(scope, specification, &wildcard)?),
            None => None,
        };
        let tags: Vec<Tag> = input
            .get("TagSpecifications")
            .and_then(Value::as_array)
            .map(|specifications| {
                specifications
                    .iter()
                    .flat_map(|specification| super::read_tags(specification, "Tags"))
                    .collect()
            })
            .unwrap_or_default();
        let mut launched = Vec::new();
        for _ in 0..count {
            let instance = self.new_instance(
                &scope.identity.account.clone(),
                &scope.region.clone(),
                &image,
                optional_str(input, "InstanceType").unwrap_or("t3.micro"),
                optional_str(input, "SubnetId").unwrap_or(DEFAULT_SUBNET),
                tags.clone(),
                profile.as_ref().map(|profile| profile.name.clone()),
                metadata,
            );
            launched.push(self.instance_json(&instance));
            self.instances.push(instance);
        }
        let reservation = self.ids.ec2_id("r");
        Ok(
            json!({"ReservationId": reservation, "OwnerId": scope.identity.account.as_str(), "Groups": [], "Instances": launched}),
        )
    }

    /// Builds (does not insert) a running instance with the next addresses.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new_instance(
        &mut self,
        account: &AccountId,
        region: &str,
        image: &str,
        instance_type: &str,
        subnet: &str,
        tags: Vec<Tag>,
        profile: Option<String>,
        metadata: MetadataOptions,
    ) -> Instance {
        let number = self.instances.len() + 10;
        let id = InstanceId::new(self.ids.ec2_id("i"));
        let association = profile.map(|profile_name| ProfileAssociation {
            id: self.ids.ec2_id("iip-assoc"),
            profile_name,
        });
        let name = tags
            .iter()
            .find(|tag| tag.key == "Name")
            .map(|tag| tag.value.clone())
            .unwrap_or_default();
        Instance {
            id,
            account: account.clone(),
            region: region.to_owned(),
            name,
            state: InstanceState::Running,
            image_id: image.to_owned(),
            instance_type: instance_type.to_owned(),
            vpc_id: DEFAULT_VPC.to_owned(),
            subnet_id: subnet.to_owned(),
            private_ip: format!("10.0.1.{}", number % 250),
            public_ip: Some(format!("203.0.113.{}", number % 250)),
            tags,
            profile: association,
            metadata,
            launched: self.now,
            tokens: Vec::new(),
        }
    }

    fn describe_instances(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let account = scope.identity.account.clone();
        self.ec2_authorize(scope, "ec2:DescribeInstances", "*", &RequestContext::new())?;
        let ids = string_list(input, "InstanceIds");
        for id in &ids {
            if !self
                .instances
                .iter()
                .any(|instance| instance.id.as_str() == id && instance.account == account)
            {
                return Err(instance_not_found(id));
            }
        }
        let reservations: Vec<Value> = self
            .instances
            .iter()
            .filter(|instance| instance.account == account && instance.region == scope.region)
            .filter(|instance| ids.is_empty() || ids.iter().any(|id| id == instance.id.as_str()))
            .map(|instance| json!({"ReservationId": format!("r-{}", instance.id.as_str().trim_start_matches("i-")), "OwnerId": account.as_str(), "Groups": [], "Instances": [self.instance_json(instance)]}))
            .collect();
        Ok(json!({ "Reservations": reservations }))
    }

    fn instance_index(&self, scope: &CallScope, id: &str) -> Result<usize, ApiError> {
        self.instances
            .iter()
            .position(|instance| instance.id.as_str() == id && instance.account == scope.identity.account)
            .ok_or_else(|| instance_not_found(id))
    }

    fn change_instance_state(
        &mut self,
        scope: &mut CallScope,
        input: &Value,
        operation: &str,
    ) -> Result<Value, ApiError> {
        let ids = string_list(input, "InstanceIds");
        if ids.is_empty() {
            return Err(ApiError::new(
                ErrorCode::MissingParameter,
                "The request must contain the parameter InstanceIds",
            ));
        }
        let action = format!("ec2:{operation}");
        let mut indexes = Vec::new();
        for id in &ids {
            let index = self.instance_index(scope, id)?;
            let arn = self.instances.get(index).map(Instance::arn).unwrap_or_default();
            self.ec2_authorize(scope, &action, &arn, &RequestContext::new())?;
            indexes.push(index);
        }
        let mut changes = Vec::new();
        for index in indexes {
            let Some(instance) = self.instances.get_mut(index) else {
                continue;
            };
            let previous = instance.state;
            let next = match (operation, previous) {
                (_, InstanceState::Terminated) if operation != "TerminateInstances" => {
                    let verb = if operation == "StartInstances" {
                        "started"
                    } else {
                        "stopped"
                    };
                    return Err(ApiError::new(
                        ErrorCode::IncorrectInstanceState,
                        format!(
                            "This instance '{}' is not in a state from which it can be {verb}.",
                            instance.id
                        ),
                    ));
                }
                ("StartInstances", _) => InstanceState::Running,
                ("StopInstances", _) => InstanceState::Stopped,
                _ => InstanceState::Terminated,
            };
            instance.state = next;
            if next != InstanceState::Running {
                instance.tokens.clear();
            }
            if next == InstanceState::Terminated {
                instance.profile = None;
            }
            changes.push(json!({
                "InstanceId": instance.id.as_str(),
                "CurrentState": {"Code": next.code(), "Name": next.name()},
                "PreviousState": {"Code": previous.code(), "Name": previous.name()},
            }));
        }
        let member = match operation {
            "StartInstances" => "StartingInstances",
            "StopInstances" => "StoppingInstances",
            _ => "TerminatingInstances",
        };
        Ok(json!({ member: changes }))
    }

    fn associate_profile(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let id = required_str(input, "InstanceId")?;
        let index = self.instance_index(scope, id)?;
        let arn = self.instances.get(index).map(Instance::arn).unwrap_or_default();
        self.ec2_authorize(
            scope,
            "ec2:AssociateIamInstanceProfile",
            &arn,
            &RequestContext::new(),
        )?;
        let specification = input.get("IamInstanceProfile").cloned().ok_or_else(|| {
            ApiError::new(
                ErrorCode::MissingParameter,
                "The request must contain the parameter IamInstanceProfile",
            )
        })?;
        let profile = self.profile_to_pass(scope, &specification, &arn)?;
        let association_id = self.ids.ec2_id("iip-assoc");
        let Some(instance) = self.instances.get_mut(index) else {
            return Err(instance_not_found(id));
        };
        if instance.profile.is_some() {
            return Err(ApiError::new(
                ErrorCode::IncorrectState,
                format!("There is an existing association for instance {id}"),
            ));
        }
        instance.profile = Some(ProfileAssociation {
            id: association_id.clone(),
            profile_name: profile.name.clone(),
        });
        Ok(json!({"IamInstanceProfileAssociation": {
            "AssociationId": association_id,
            "InstanceId": id,
            "IamInstanceProfile": {"Arn": profile.arn(), "Id": profile.id},
            "State": "associating",
        }}))
    }

    fn association_index(&self, scope: &CallScope, association_id: &str) -> Result<usize, ApiError> {
        self.instances
            .iter()
            .position(|instance| {
                instance.account == scope.identity.account
                    && instance
                        .profile
                        .as_ref()
                        .is_some_and(|association| association.id == association_id)
            })
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::InvalidAssociationIdNotFound,
                    format!("An invalid association-id of '{association_id}' was given"),
                )
            })
    }

    fn replace_profile_association(
        &mut self,
        scope: &mut CallScope,
        input: &Value,
    ) -> Result<Value, ApiError> {
        let association_id = required_str(input, "AssociationId")?;
        let index = self.association_index(scope, association_id)?;
        let arn = self.instances.get(index).map(Instance::arn).unwrap_or_default();
        self.ec2_authorize(
            scope,
            "ec2:ReplaceIamInstanceProfileAssociation",
            &arn,
            &RequestContext::new(),
        )?;
        let specification = input.get("IamInstanceProfile").cloned().ok_or_else(|| {
            ApiError::new(
                ErrorCode::MissingParameter,
                "The request must contain the parameter IamInstanceProfile",
            )
        })?;
        let profile = self.profile_to_pass(scope, &specification, &arn)?;
        let new_id = self.ids.ec2_id("iip-assoc");
        let Some(instance) = self.instances.get_mut(index) else {
            return Err(instance_not_found(&arn));
        };
        instance.profile = Some(ProfileAssociation {
            id: new_id.clone(),
            profile_name: profile.name.clone(),
        });
        Ok(json!({"IamInstanceProfileAssociation": {
            "AssociationId": new_id,
            "InstanceId": instance.id.as_str(),
            "IamInstanceProfile": {"Arn": profile.arn(), "Id": profile.id},
            "State": "associating",
        }}))
    }

    fn disassociate_profile(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let association_id = required_str(input, "AssociationId")?;
        let index = self.association_index(scope, association_id)?;
        let arn = self.instances.get(index).map(Instance::arn).unwrap_or_default();
        self.ec2_authorize(
            scope,
            "ec2:DisassociateIamInstanceProfile",
            &arn,
            &RequestContext::new(),
        )?;
        let Some(instance) = self.instances.get_mut(index) else {
            return Err(instance_not_found(&arn));
        };
        let profile_name = instance
            .profile
            .take()
            .map(|association| association.profile_name)
            .unwrap_or_default();
        let instance_id = instance.id.to_string();
        let account = instance.account.clone();
        let profile = self.instance_profile(&account, &profile_name);
        Ok(json!({"IamInstanceProfileAssociation": {
            "AssociationId": association_id,
            "InstanceId": instance_id,
            "IamInstanceProfile": {"Arn": profile.map(InstanceProfile::arn), "Id": profile.map(|profile| profile.id.clone())},
            "State": "disassociating",
        }}))
    }

    fn modify_metadata_options(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let id = required_str(input, "InstanceId")?;
        let index = self.instance_index(scope, id)?;
        let arn = self.instances.get(index).map(Instance::arn).unwrap_or_default();
        let current = self
            .instances
            .get(index)
            .map(|instance| instance.metadata)
            .unwrap_or_default();
        let options = read_metadata_options(Some(input), current)?;
        let mut extra = RequestContext::new();
        extra.insert_string("ec2:MetadataHttpTokens", options.http_tokens.name());
        self.ec2_authorize(scope, "ec2:ModifyInstanceMetadataOptions", &arn, &extra)?;
        let Some(instance) = self.instances.get_mut(index) else {
            return Err(instance_not_found(id));
        };
        instance.metadata = options;
        Ok(json!({"InstanceId": id, "InstanceMetadataOptions": metadata_json(&options, "pending")}))
    }

    /// The `Instance` shape of RunInstances/DescribeInstances.
    pub(crate) fn instance_json(&self, instance: &Instance) -> Value {
        let mut object = Map::new();
        json::insert(&mut object, "InstanceId", json!(instance.id.as_str()));
        json::insert(&mut object, "ImageId", json!(instance.image_id));
        json::insert(&mut object, "InstanceType", json!(instance.instance_type));
        json::insert(&mut object, "LaunchTime", json!(instance.launched.iso()));
        json::insert(
            &mut object,
            "Placement",
            json!({"AvailabilityZone": format!("{}a", instance.region)}),
        );
        json::insert(&mut object, "PrivateIpAddress", json!(instance.private_ip));
        if let (Some(ip), InstanceState::Running) = (&instance.public_ip, instance.state) {
            json::insert(&mut object, "PublicIpAddress", json!(ip));
        }
        json::insert(
            &mut object,
            "State",
            json!({"Code": instance.state.code(), "Name": instance.state.name()}),
        );
        json::insert(&mut object, "SubnetId", json!(instance.subnet_id));
        json::insert(&mut object, "VpcId", json!(instance.vpc_id));
        if let Some(association) = &instance.profile {
            if let Some(profile) = self.instance_profile(&instance.account, &association.profile_name) {
                json::insert(
                    &mut object,
                    "IamInstanceProfile",
                    json!({"Arn": profile.arn(), "Id": profile.id}),
                );
            }
        }
        if !instance.tags.is_empty() {
            json::insert(&mut object, "Tags", tags_json(&instance.tags));
        }
        json::insert(
            &mut object,
            "MetadataOptions",
            metadata_json(&instance.metadata, "applied"),
        );
        Value::Object(object)
    }
}

fn metadata_json(options: &MetadataOptions, state: &str) -> Value {
    json!({
        "State": state,
        "HttpTokens": options.http_tokens.name(),
        "HttpPutResponseHopLimit": options.hop_limit,
        "HttpEndpoint": if options.endpoint_enabled { "enabled" } else { "disabled" },
        "HttpProtocolIpv6": "disabled",
        "InstanceMetadataTags": "disabled",
    })
}

/// Reads `HttpTokens`, `HttpPutResponseHopLimit`, `HttpEndpoint` over `defaults`.
fn read_metadata_options(
    input: Option<&Value>,
    defaults: MetadataOptions,
) -> Result<MetadataOptions, ApiError> {
    let mut options = defaults;
    let Some(input) = input else { return Ok(options) };
    if let Some(tokens) = optional_str(input, "HttpTokens") {
        options.http_tokens = HttpTokens::from_name(tokens).ok_or_else(|| {
            ApiError::new(ErrorCode::InvalidParameterValue, format!("Value ({tokens}) for parameter HttpTokens is invalid. Valid values are optional, required."))
        })?;
    }
    if let Some(limit) = optional_i64(input, "HttpPutResponseHopLimit") {
        if !(1..=64).contains(&limit) {
            return Err(ApiError::new(ErrorCode::InvalidParameterValue, format!("Value ({limit}) for parameter HttpPutResponseHopLimit is invalid. Valid values are 1-64.")));
        }
        options.hop_limit = u32::try_from(limit).unwrap_or(1);
    }
    if let Some(endpoint) = optional_str(input, "HttpEndpoint") {
        options.endpoint_enabled = match endpoint {
            "enabled" => true,
            "disabled" => false,
            other => {
                return Err(ApiError::new(
                    ErrorCode::InvalidParameterValue,
                    format!("Value ({other}) for parameter HttpEndpoint is invalid."),
                ))
            }
        };
    }
    Ok(options)
}

// ---- tags and VPC endpoints -------------------------------------------------------------------------------

/// The VPCs of the simulated Region: the default VPC only.
const KNOWN_VPCS: [&str; 1] = [DEFAULT_VPC];

impl Account {
    /// CreateTags / DeleteTags on instances (the instance's `Name` tag is its name in the console).
    fn change_tags(
        &mut self,
        scope: &mut CallScope,
        input: &Value,
        operation: &str,
    ) -> Result<Value, ApiError> {
        let ids = string_list(input, "Resources");
        if ids.is_empty() {
            return Err(ApiError::new(
                ErrorCode::MissingParameter,
                "The request must contain the parameter ResourceId",
            ));
        }
        let tags = super::read_tags(input, "Tags");
        let action = format!("ec2:{operation}");
        let mut indexes = Vec::new();
        for id in &ids {
            let index = self.instance_index(scope, id)?;
            let arn = self.instances.get(index).map(Instance::arn).unwrap_or_default();
            self.ec2_authorize(scope, &action, &arn, &RequestContext::new())?;
            indexes.push(index);
        }
        for index in indexes {
            let Some(instance) = self.instances.get_mut(index) else {
                continue;
            };
            for tag in &tags {
                if operation == "CreateTags" {
                    match instance.tags.iter_mut().find(|existing| existing.key == tag.key) {
                        Some(existing) => existing.value.clone_from(&tag.value),
                        None => instance.tags.push(tag.clone()),
                    }
                } else {
                    // DeleteTags: a tag given with a value is deleted only when the value matches.
                    instance.tags.retain(|existing| {
                        existing.key != tag.key || (!tag.value.is_empty() && existing.value != tag.value)
                    });
                }
            }
            instance.name = instance
                .tags
                .iter()
                .find(|tag| tag.key == "Name")
                .map(|tag| tag.value.clone())
                .unwrap_or_default();
        }
        Ok(json!({}))
    }

    /// CreateVpcEndpoint: an interface endpoint for a simulated service in a known VPC, with the default
    /// full-access policy unless `PolicyDocument` is given, private DNS on unless `PrivateDnsEnabled` is false
    /// (the API's default for interface endpoints). The endpoint is `available` at once.
    fn create_vpc_endpoint(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let vpc_id = required_str(input, "VpcId")?.to_owned();
        let service_name = required_str(input, "ServiceName")?.to_owned();
        let account = scope.identity.account.clone();
        let wildcard = format!("arn:aws:ec2:{}:{account}:vpc-endpoint/*", scope.region);
        self.ec2_authorize(scope, "ec2:CreateVpcEndpoint", &wildcard, &RequestContext::new())?;
        if !KNOWN_VPCS.contains(&vpc_id.as_str()) {
            return Err(ApiError::new(
                ErrorCode::InvalidVpcIdNotFound,
                format!("The vpc ID '{vpc_id}' does not exist"),
            ));
        }
        let prefix = format!("com.amazonaws.{}.", scope.region);
        let simulated = service_name
            .strip_prefix(&prefix)
            .and_then(crate::api::Service::from_prefix)
            .is_some_and(|service| service != crate::api::Service::Iam);
        if !simulated {
            return Err(ApiError::new(
                ErrorCode::InvalidServiceName,
                format!("The Vpc Endpoint Service '{service_name}' does not exist"),
            ));
        }
        // The EC2 API's default type is `Gateway`, which only S3 and DynamoDB offer; every simulated service is
        // reached through interface endpoints, so an absent type means `Interface` here (a deviation, kept so
        // that the short command works) and another type is refused rather than silently changed.
        if let Some(kind) = optional_str(input, "VpcEndpointType").filter(|kind| *kind != "Interface") {
            return Err(ApiError::new(
                ErrorCode::InvalidParameterValue,
                format!("VpcEndpointType {kind} is not simulated: the playground's endpoints are interface endpoints (--vpc-endpoint-type Interface)"),
            ));
        }
        let id = self.ids.ec2_id("vpce");
        let policy = match optional_str(input, "PolicyDocument") {
            Some(text) => Some(
                crate::model::StoredPolicy::parse(
                    text,
                    policy::parse::PolicyKind::VpcEndpoint,
                    &id,
                    policy::Layer::VpcEndpoint,
                )
                .map_err(|error| {
                    ApiError::new(
                        ErrorCode::InvalidParameterValue,
                        format!("Invalid policy document: {}", error.message()),
                    )
                })?,
            ),
            None => None,
        };
        let endpoint = crate::model::VpcEndpoint {
            id,
            account,
            region: scope.region.clone(),
            vpc_id,
            service_name,
            policy,
            private_dns: super::optional_bool(input, "PrivateDnsEnabled").unwrap_or(true),
        };
        let response = json!({ "VpcEndpoint": self.vpc_endpoint_json(&endpoint) });
        self.vpc_endpoints.push(endpoint);
        Ok(response)
    }

    /// DeleteVpcEndpoints: unknown ids are reported in `Unsuccessful`, not as an error (as EC2 does).
    fn delete_vpc_endpoints(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let ids = string_list(input, "VpcEndpointIds");
        if ids.is_empty() {
            return Err(ApiError::new(
                ErrorCode::MissingParameter,
                "The request must contain the parameter VpcEndpointId",
            ));
        }
        let account = scope.identity.account.clone();
        let mut unsuccessful = Vec::new();
        for id in &ids {
            let arn = format!("arn:aws:ec2:{}:{account}:vpc-endpoint/{id}", scope.region);
            self.ec2_authorize(scope, "ec2:DeleteVpcEndpoints", &arn, &RequestContext::new())?;
            let before = self.vpc_endpoints.len();
            self.vpc_endpoints
                .retain(|endpoint| !(endpoint.id == *id && endpoint.account == account));
            if self.vpc_endpoints.len() == before {
                unsuccessful.push(json!({
                    "Error": {
                        "Code": "InvalidVpcEndpoint.NotFound",
                        "Message": format!("The VpcEndpoint Id '{id}' does not exist"),
                    },
                    "ResourceId": id,
                }));
            }
        }
        Ok(json!({ "Unsuccessful": unsuccessful }))
    }

    fn describe_vpc_endpoints(&mut self, scope: &mut CallScope) -> Result<Value, ApiError> {
        let account = scope.identity.account.clone();
        self.ec2_authorize(scope, "ec2:DescribeVpcEndpoints", "*", &RequestContext::new())?;
        let endpoints: Vec<Value> = self
            .vpc_endpoints
            .iter()
            .filter(|endpoint| endpoint.account == account)
            .map(|endpoint| self.vpc_endpoint_json(endpoint))
            .collect();
        Ok(json!({ "VpcEndpoints": endpoints }))
    }

    fn vpc_endpoint_json(&self, endpoint: &crate::model::VpcEndpoint) -> Value {
        let policy = endpoint.policy.as_ref().map_or_else(
            || "{\"Statement\":[{\"Action\":\"*\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Resource\":\"*\"}]}".to_owned(),
            |policy| policy.text.clone(),
        );
        json!({
            "VpcEndpointId": endpoint.id,
            "VpcEndpointType": "Interface",
            "VpcId": endpoint.vpc_id,
            "ServiceName": endpoint.service_name,
            "State": "available",
            "PolicyDocument": policy,
            "PrivateDnsEnabled": endpoint.private_dns,
            "OwnerId": endpoint.account.as_str(),
        })
    }
}
