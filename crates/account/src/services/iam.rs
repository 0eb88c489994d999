//! IAM: roles (trust policy, inline and managed policies, permissions boundary, tags), customer managed
//! policies with versions, instance profiles. Errors use IAM's codes and texts.

use policy::parse::{ParseError, PolicyKind};
use policy::{Layer, RequestContext};
use serde_json::{Map, Value};

use super::{
    access_denied, optional_bool, optional_i64, optional_str, read_tags, required_str, string_list,
    tags_json, unknown_operation, CallScope,
};
use crate::api::{ApiError, ErrorCode, Service};
use crate::auth::plain_target;
use crate::json;
use crate::model::{InstanceProfile, ManagedPolicy, PolicyVersion, Role, StoredPolicy};
use crate::state::Account;

fn no_such_role(name: &str) -> ApiError {
    ApiError::new(
        ErrorCode::NoSuchEntity,
        format!("The role with name {name} cannot be found."),
    )
}

fn no_such_profile(name: &str) -> ApiError {
    ApiError::new(
        ErrorCode::NoSuchEntity,
        format!("Instance Profile {name} cannot be found."),
    )
}

fn no_such_policy(arn: &str) -> ApiError {
    ApiError::new(
        ErrorCode::NoSuchEntity,
        format!("Policy {arn} does not exist or is not attachable."),
    )
}

/// IAM's answer to a rejected document: LimitExceeded for size, MalformedPolicyDocument otherwise.
fn policy_error(error: &ParseError) -> ApiError {
    if error.kind.is_size_limit() {
        ApiError::new(ErrorCode::LimitExceeded, error.message())
    } else {
        ApiError::new(ErrorCode::MalformedPolicyDocument, error.message())
    }
}

impl Account {
    pub(crate) fn iam_call(
        &mut self,
        scope: &mut CallScope,
        operation: &str,
        input: &Value,
    ) -> Result<Value, ApiError> {
        let action = format!("iam:{operation}");
        let account = scope.identity.account.clone();
        // The resource each operation is authorised on.
        let resource = match operation {
            "CreateRole"
            | "GetRole"
            | "UpdateAssumeRolePolicy"
            | "PutRolePolicy"
            | "DeleteRolePolicy"
            | "GetRolePolicy"
            | "AttachRolePolicy"
            | "DetachRolePolicy"
            | "PutRolePermissionsBoundary"
            | "TagRole"
            | "UntagRole"
            | "DeleteRole"
            | "ListRolePolicies"
            | "ListAttachedRolePolicies"
            | "DeleteRolePermissionsBoundary" => {
                let name = required_str(input, "RoleName")?;
                let path = match operation {
                    "CreateRole" => optional_str(input, "Path").unwrap_or("/").to_owned(),
                    _ => self
                        .role_by_name(&account, name)
                        .map_or_else(|| "/".to_owned(), |role| role.path.clone()),
                };
                format!("arn:aws:iam::{account}:role{path}{name}")
            }
            "CreatePolicy" => {
                let name = required_str(input, "PolicyName")?;
                format!(
                    "arn:aws:iam::{account}:policy{}{name}",
                    optional_str(input, "Path").unwrap_or("/")
                )
            }
            "CreatePolicyVersion"
            | "GetPolicy"
            | "GetPolicyVersion"
            | "DeletePolicy"
            | "SetDefaultPolicyVersion"
            | "DeletePolicyVersion" => required_str(input, "PolicyArn")?.to_owned(),
            "CreateInstanceProfile"
            | "AddRoleToInstanceProfile"
            | "RemoveRoleFromInstanceProfile"
            | "GetInstanceProfile"
            | "DeleteInstanceProfile" => {
                let name = required_str(input, "InstanceProfileName")?;
                format!(
                    "arn:aws:iam::{account}:instance-profile{}{name}",
                    optional_str(input, "Path").unwrap_or("/")
                )
            }
            "ListRoles" | "ListPolicies" | "ListInstanceProfiles" => "*".to_owned(),
            _ => return Err(unknown_operation(Service::Iam, operation)),
        };
        let authorization = self.authorize_scope(
            scope,
            &action,
            &plain_target(&resource, &account),
            &RequestContext::new(),
        );
        if !authorization.allowed() {
            return Err(access_denied(Service::Iam, &authorization, None));
        }
        match operation {
            "CreateRole" => self.iam_create_role(scope, input),
            "GetRole" => {
                let role = self
                    .role_by_name(&account, required_str(input, "RoleName")?)
                    .ok_or_else(|| no_such_role(optional_str(input, "RoleName").unwrap_or_default()))?;
                Ok(json!({ "Role": role_json(role) }))
            }
            "DeleteRole" => {
                let name = required_str(input, "RoleName")?;
                let role = self
                    .role_by_name(&account, name)
                    .ok_or_else(|| no_such_role(name))?;
                if !role.attached_policies.is_empty() {
                    return Err(ApiError::new(
                        ErrorCode::DeleteConflict,
                        "Cannot delete entity, must detach all policies first.",
                    ));
                }
                if !role.inline_policies.is_empty() {
                    return Err(ApiError::new(
                        ErrorCode::DeleteConflict,
                        "Cannot delete entity, must delete policies first.",
                    ));
                }
                if self.instance_profiles.iter().any(|profile| {
                    profile.account == account && profile.roles.iter().any(|role| role == name)
                }) {
                    return Err(ApiError::new(
                        ErrorCode::DeleteConflict,
                        "Cannot delete entity, must remove roles from instance profile first.",
                    ));
                }
                let arn = role.arn();
                self.roles.retain(|role| role.arn() != arn);
                Ok(json!({}))
            }
            "ListRoles" => {
                let roles: Vec<Value> = self
                    .roles
                    .iter()
                    .filter(|role| role.account == account)
                    .map(role_json)
                    .collect();
                Ok(json!({"Roles": roles, "IsTruncated": false}))
            }
            "UpdateAssumeRolePolicy" => {
                let name = required_str(input, "RoleName")?;
                let text = required_str(input, "PolicyDocument")?;
                let arn = self
                    .role_by_name(&account, name)
                    .map(Role::arn)
                    .ok_or_else(|| no_such_role(name))?;
                let parsed = StoredPolicy::parse(text, PolicyKind::Trust, &arn, Layer::Resource)
                    .map_err(|error| policy_error(&error))?;
                self.role_mut(&arn).map_err(|_| no_such_role(name))?.trust_policy = parsed;
                Ok(json!({}))
            }
            "PutRolePolicy" => {
                let name = required_str(input, "RoleName")?;
                let policy_name = required_str(input, "PolicyName")?;
                let text = required_str(input, "PolicyDocument")?;
                let arn = self
                    .role_by_name(&account, name)
                    .map(Role::arn)
                    .ok_or_else(|| no_such_role(name))?;
                // IAM counts the role's inline policies together (reference 6.5): the document alone or with
                // the role's other inline policies (the one being replaced excepted) over 10,240 characters,
                // white space not counted, is `LimitExceeded` naming the role.
                let inline = PolicyKind::IdentityInline;
                let too_large = || {
                    ApiError::new(
                        ErrorCode::LimitExceeded,
                        format!(
                            "Maximum policy size of {} bytes exceeded for role {name}",
                            inline.size_limit()
                        ),
                    )
                };
                let parsed =
                    StoredPolicy::parse(text, inline, policy_name, Layer::Identity).map_err(|error| {
                        if error.kind.is_size_limit() {
                            too_large()
                        } else {
                            policy_error(&error)
                        }
                    })?;
                let role = self.role_mut(&arn).map_err(|_| no_such_role(name))?;
                let others: usize = role
                    .inline_policies
                    .iter()
                    .filter(|(existing, _)| existing != policy_name)
                    .map(|(_, document)| inline.size_of(&document.text))
                    .sum();
                if others.saturating_add(inline.size_of(text)) > inline.size_limit() {
                    return Err(too_large());
                }
                match role
                    .inline_policies
                    .iter_mut()
                    .find(|(existing, _)| existing == policy_name)
                {
                    Some((_, document)) => *document = parsed,
                    None => role.inline_policies.push((policy_name.to_owned(), parsed)),
                }
                Ok(json!({}))
            }
            "GetRolePolicy" => {
                let name = required_str(input, "RoleName")?;
                let policy_name = required_str(input, "PolicyName")?;
                let role = self
                    .role_by_name(&account, name)
                    .ok_or_else(|| no_such_role(name))?;
                let (_, document) = role
                    .inline_policies
                    .iter()
                    .find(|(existing, _)| existing == policy_name)
                    .ok_or_else(|| {
                        ApiError::new(
                            ErrorCode::NoSuchEntity,
                            format!("The role policy with name {policy_name} cannot be found."),
                        )
                    })?;
                Ok(json!({"RoleName": name, "PolicyName": policy_name, "PolicyDocument": document.text}))
            }
            "DeleteRolePolicy" => {
                let name = required_str(input, "RoleName")?;
                let policy_name = required_str(input, "PolicyName")?;
                let arn = self
                    .role_by_name(&account, name)
                    .map(Role::arn)
                    .ok_or_else(|| no_such_role(name))?;
                let role = self.role_mut(&arn).map_err(|_| no_such_role(name))?;
                let before = role.inline_policies.len();
                role.inline_policies
                    .retain(|(existing, _)| existing != policy_name);
                if role.inline_policies.len() == before {
                    return Err(ApiError::new(
                        ErrorCode::NoSuchEntity,
                        format!("The role policy with name {policy_name} cannot be found."),
                    ));
                }
                Ok(json!({}))
            }
            "AttachRolePolicy" | "DetachRolePolicy" | "PutRolePermissionsBoundary" => {
                let name = required_str(input, "RoleName")?;
                let member = if operation == "PutRolePermissionsBoundary" {
                    "PermissionsBoundary"
                } else {
                    "PolicyArn"
                };
                let policy_arn = required_str(input, member)?;
                let arn = self
                    .role_by_name(&account, name)
                    .map(Role::arn)
                    .ok_or_else(|| no_such_role(name))?;
                if self.managed_policy(policy_arn).is_none() {
                    return Err(no_such_policy(policy_arn));
                }
                let role = self.role_mut(&arn).map_err(|_| no_such_role(name))?;
                match operation {
                    "AttachRolePolicy" => {
                        if !role
                            .attached_policies
                            .iter()
                            .any(|existing| existing == policy_arn)
                        {
                            if role.attached_policies.len() >= 10 {
                                return Err(ApiError::new(
                                    ErrorCode::LimitExceeded,
                                    "Cannot exceed quota for PoliciesPerRole: 10",
                                ));
                            }
                            role.attached_policies.push(policy_arn.to_owned());
                        }
                    }
                    "DetachRolePolicy" => {
                        if !role
                            .attached_policies
                            .iter()
                            .any(|existing| existing == policy_arn)
                        {
                            return Err(ApiError::new(
                                ErrorCode::NoSuchEntity,
                                format!("Policy {policy_arn} was not found."),
                            ));
                        }
                        role.attached_policies.retain(|existing| existing != policy_arn);
                    }
                    _ => role.permissions_boundary = Some(policy_arn.to_owned()),
                }
                Ok(json!({}))
            }
            "TagRole" | "UntagRole" => {
                let name = required_str(input, "RoleName")?;
                let arn = self
                    .role_by_name(&account, name)
                    .map(Role::arn)
                    .ok_or_else(|| no_such_role(name))?;
                let role = self.role_mut(&arn).map_err(|_| no_such_role(name))?;
                if operation == "TagRole" {
                    for tag in read_tags(input, "Tags") {
                        match role.tags.iter_mut().find(|existing| existing.key == tag.key) {
                            Some(existing) => existing.value = tag.value,
                            None => role.tags.push(tag),
                        }
                    }
                    if role.tags.len() > 50 {
                        return Err(ApiError::new(
                            ErrorCode::LimitExceeded,
                            "The number of tags has reached the maximum limit.",
                        ));
                    }
                } else {
                    let keys = string_list(input, "TagKeys");
                    role.tags.retain(|tag| !keys.contains(&tag.key));
                }
                Ok(json!({}))
            }
            "CreatePolicy" => {
                let name = required_str(input, "PolicyName")?;
                let path = optional_str(input, "Path").unwrap_or("/");
                let text = required_str(input, "PolicyDocument")?;
                let arn = format!("arn:aws:iam::{account}:policy{path}{name}");
                if self.managed_policy(&arn).is_some() {
                    return Err(ApiError::new(
                        ErrorCode::EntityAlreadyExists,
                        format!("A policy called {name} already exists. Duplicate names are not allowed."),
                    ));
                }
                let parsed = StoredPolicy::parse(text, PolicyKind::IdentityManaged, &arn, Layer::Identity)
                    .map_err(|error| policy_error(&error))?;
                let id = self.ids.unique_id("ANPA", 17);
                let policy = ManagedPolicy {
                    arn: arn.clone(),
                    name: name.to_owned(),
                    path: path.to_owned(),
                    id,
                    description: optional_str(input, "Description").unwrap_or_default().to_owned(),
                    aws_managed: false,
                    versions: vec![PolicyVersion {
                        id: "v1".to_owned(),
                        document: parsed,
                        created: self.now,
                    }],
                    default_version: "v1".to_owned(),
                    boundary_source: policy::PolicySource {
                        id: arn,
                        layer: Layer::PermissionsBoundary,
                    },
                    created: self.now,
                };
                let response = json!({ "Policy": policy_json(&policy, 0) });
                self.policies.push(policy);
                Ok(response)
            }
            "GetPolicy" => {
                let arn = required_str(input, "PolicyArn")?;
                let policy = self.managed_policy(arn).ok_or_else(|| {
                    ApiError::new(ErrorCode::NoSuchEntity, format!("Policy {arn} was not found."))
                })?;
                let count = self
                    .roles
                    .iter()
                    .filter(|role| role.attached_policies.iter().any(|existing| existing == arn))
                    .count();
                Ok(json!({ "Policy": policy_json(policy, count) }))
            }
            "ListPolicies" => {
                let policies: Vec<Value> = self
                    .policies
                    .iter()
                    .filter(|policy| policy.aws_managed || policy.arn.contains(&format!("::{account}:")))
                    .map(|policy| policy_json(policy, 0))
                    .collect();
                Ok(json!({"Policies": policies, "IsTruncated": false}))
            }
            "CreatePolicyVersion" => {
                let arn = required_str(input, "PolicyArn")?;
                let text = required_str(input, "PolicyDocument")?;
                let set_default = optional_bool(input, "SetAsDefault").unwrap_or(false);
                let parsed = StoredPolicy::parse(text, PolicyKind::IdentityManaged, arn, Layer::Identity)
                    .map_err(|error| policy_error(&error))?;
                let now = self.now;
                let policy = self
                    .policies
                    .iter_mut()
                    .find(|policy| policy.arn == arn && !policy.aws_managed)
                    .ok_or_else(|| {
                        ApiError::new(ErrorCode::NoSuchEntity, format!("Policy {arn} was not found."))
                    })?;
                if policy.versions.len() >= 5 {
                    return Err(ApiError::new(
                        ErrorCode::LimitExceeded,
                        "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.",
                    ));
                }
                let next = policy
                    .versions
                    .iter()
                    .filter_map(|version| version.id.trim_start_matches('v').parse::<u32>().ok())
                    .max()
                    .unwrap_or(0)
                    + 1;
                let id = format!("v{next}");
                policy.versions.push(PolicyVersion {
                    id: id.clone(),
                    document: parsed,
                    created: now,
                });
                if set_default {
                    policy.default_version = id.clone();
                }
                Ok(
                    json!({"PolicyVersion": {"VersionId": id, "IsDefaultVersion": set_default, "CreateDate": now.iso()}}),
                )
            }
            "ListRolePolicies" => {
                let name = required_str(input, "RoleName")?;
                let role = self
                    .role_by_name(&account, name)
                    .ok_or_else(|| no_such_role(name))?;
                let names: Vec<&str> = role
                    .inline_policies
                    .iter()
                    .map(|(policy_name, _)| policy_name.as_str())
                    .collect();
                Ok(json!({"PolicyNames": names, "IsTruncated": false}))
            }
            "ListAttachedRolePolicies" => {
                let name = required_str(input, "RoleName")?;
                let role = self
                    .role_by_name(&account, name)
                    .ok_or_else(|| no_such_role(name))?;
                let attached: Vec<Value> = role
                    .attached_policies
                    .iter()
                    .map(|arn| json!({"PolicyName": arn.rsplit('/').next().unwrap_or_default(), "PolicyArn": arn}))
                    .collect();
                Ok(json!({"AttachedPolicies": attached, "IsTruncated": false}))
            }
            "DeleteRolePermissionsBoundary" => {
                let name = required_str(input, "RoleName")?;
                let arn = self
                    .role_by_name(&account, name)
                    .map(Role::arn)
                    .ok_or_else(|| no_such_role(name))?;
                self.role_mut(&arn)
                    .map_err(|_| no_such_role(name))?
                    .permissions_boundary = None;
                Ok(json!({}))
            }
            "GetPolicyVersion" => {
                let arn = required_str(input, "PolicyArn")?;
                let version_id = required_str(input, "VersionId")?;
                let policy = self.managed_policy(arn).ok_or_else(|| {
                    ApiError::new(ErrorCode::NoSuchEntity, format!("Policy {arn} was not found."))
                })?;
                let version = policy
                    .versions
                    .iter()
                    .find(|version| version.id == version_id)
                    .ok_or_else(|| {
                        ApiError::new(
                            ErrorCode::NoSuchEntity,
                            format!("Policy {arn} version {version_id} does not exist or is not attachable."),
                        )
                    })?;
                Ok(json!({"PolicyVersion": {
                    "Document": version.document.text,
                    "VersionId": version.id,
                    "IsDefaultVersion": version.id == policy.default_version,
                    "CreateDate": version.created.iso(),
                }}))
            }
            "SetDefaultPolicyVersion" | "DeletePolicyVersion" => {
                let arn = required_str(input, "PolicyArn")?;
                let version_id = required_str(input, "VersionId")?;
                let policy = self
                    .policies
                    .iter_mut()
                    .find(|policy| policy.arn == arn && !policy.aws_managed)
                    .ok_or_else(|| {
                        ApiError::new(ErrorCode::NoSuchEntity, format!("Policy {arn} was not found."))
                    })?;
                if !policy.versions.iter().any(|version| version.id == version_id) {
                    return Err(ApiError::new(
                        ErrorCode::NoSuchEntity,
                        format!("Policy {arn} version {version_id} does not exist or is not attachable."),
                    ));
                }
                if operation == "SetDefaultPolicyVersion" {
                    policy.default_version = version_id.to_owned();
                } else {
                    if policy.default_version == version_id {
                        return Err(ApiError::new(
                            ErrorCode::DeleteConflict,
                            "Cannot delete the default version of a policy.",
                        ));
                    }
                    policy.versions.retain(|version| version.id != version_id);
                }
                Ok(json!({}))
            }
            "DeletePolicy" => {
                let arn = required_str(input, "PolicyArn")?;
                if self.managed_policy(arn).is_none_or(|policy| policy.aws_managed) {
                    return Err(ApiError::new(
                        ErrorCode::NoSuchEntity,
                        format!("Policy {arn} was not found."),
                    ));
                }
                if self
                    .roles
                    .iter()
                    .any(|role| role.attached_policies.iter().any(|attached| attached == arn))
                {
                    return Err(ApiError::new(
                        ErrorCode::DeleteConflict,
                        "Cannot delete a policy attached to entities.",
                    ));
                }
                self.policies.retain(|policy| policy.arn != arn);
                Ok(json!({}))
            }
            "DeleteInstanceProfile" => {
                let name = required_str(input, "InstanceProfileName")?;
                let profile = self
                    .instance_profile(&account, name)
                    .ok_or_else(|| no_such_profile(name))?;
                if !profile.roles.is_empty() {
                    return Err(ApiError::new(
                        ErrorCode::DeleteConflict,
                        "Cannot delete entity, must remove roles from instance profile first.",
                    ));
                }
                self.instance_profiles
                    .retain(|profile| !(profile.account == account && profile.name == name));
                Ok(json!({}))
            }
            "CreateInstanceProfile" => {
                let name = required_str(input, "InstanceProfileName")?;
                if self.instance_profile(&account, name).is_some() {
                    return Err(ApiError::new(
                        ErrorCode::EntityAlreadyExists,
                        format!("Instance Profile {name} already exists."),
                    ));
                }
                let profile = InstanceProfile {
                    account: account.clone(),
                    name: name.to_owned(),
                    path: optional_str(input, "Path").unwrap_or("/").to_owned(),
                    id: self.ids.unique_id("AIPA", 17),
                    roles: Vec::new(),
                    created: self.now,
                };
                let response = json!({ "InstanceProfile": self.profile_json(&profile) });
                self.instance_profiles.push(profile);
                Ok(response)
            }
            "GetInstanceProfile" => {
                let name = required_str(input, "InstanceProfileName")?;
                let profile = self
                    .instance_profile(&account, name)
                    .ok_or_else(|| no_such_profile(name))?;
                Ok(json!({ "InstanceProfile": self.profile_json(profile) }))
            }
            "ListInstanceProfiles" => {
                let profiles: Vec<Value> = self
                    .instance_profiles
                    .iter()
                    .filter(|profile| profile.account == account)
                    .map(|profile| self.profile_json(profile))
                    .collect();
                Ok(json!({"InstanceProfiles": profiles, "IsTruncated": false}))
            }
            "AddRoleToInstanceProfile" | "RemoveRoleFromInstanceProfile" => {
                let name = required_str(input, "InstanceProfileName")?;
                let role_name = required_str(input, "RoleName")?.to_owned();
                if self.role_by_name(&account, &role_name).is_none() {
                    return Err(no_such_role(&role_name));
                }
                if operation == "AddRoleToInstanceProfile" {
                    // Passing the role to the profile needs iam:PassRole as well.
                    let role_arn = self
                        .role_by_name(&account, &role_name)
                        .map(Role::arn)
                        .unwrap_or_default();
                    let pass = self.authorize_scope(
                        scope,
                        "iam:PassRole",
                        &plain_target(&role_arn, &account),
                        &RequestContext::new(),
                    );
                    if !pass.allowed() {
                        return Err(access_denied(Service::Iam, &pass, None));
                    }
                }
                let profile = self
                    .instance_profiles
                    .iter_mut()
                    .find(|profile| profile.account == account && profile.name == name)
                    .ok_or_else(|| no_such_profile(name))?;
                if operation == "AddRoleToInstanceProfile" {
                    if !profile.roles.is_empty() {
                        return Err(ApiError::new(
                            ErrorCode::LimitExceeded,
                            "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1",
                        ));
                    }
                    profile.roles.push(role_name);
                } else {
                    if !profile.roles.contains(&role_name) {
                        return Err(no_such_role(&role_name));
                    }
                    profile.roles.retain(|existing| existing != &role_name);
                }
                Ok(json!({}))
            }
            _ => Err(unknown_operation(Service::Iam, operation)),
        }
    }

    fn iam_create_role(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let account = scope.identity.account.clone();
        let name = required_str(input, "RoleName")?;
        let path = optional_str(input, "Path").unwrap_or("/");
        let text = required_str(input, "AssumeRolePolicyDocument")?;
        if name.is_empty()
            || name.len() > 64
            || !name
                .chars()
                .all(|character| character.is_ascii_alphanumeric() || "+=,.@_-".contains(character))
        {
            return Err(ApiError::new(
                ErrorCode::ValidationException,
                format!("1 validation error detected: Value '{name}' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+"),
            ));
        }
        if self.role_by_name(&account, name).is_some() {
            return Err(ApiError::new(
                ErrorCode::EntityAlreadyExists,
                format!("Role with name {name} already exists."),
            ));
        }
        let mut role = self
            .new_role(&account, name, path, text)
            .map_err(|error| policy_error(&error))?;
        role.description = optional_str(input, "Description").unwrap_or_default().to_owned();
        role.tags = read_tags(input, "Tags");
        if let Some(duration) = optional_i64(input, "MaxSessionDuration") {
            if !(3600..=43_200).contains(&duration) {
                return Err(ApiError::new(
                    ErrorCode::ValidationException,
                    format!("1 validation error detected: Value '{duration}' at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200"),
                ));
            }
            role.max_session_duration = duration;
        }
        if let Some(boundary) = optional_str(input, "PermissionsBoundary") {
            if self.managed_policy(boundary).is_none() {
                return Err(no_such_policy(boundary));
            }
            role.permissions_boundary = Some(boundary.to_owned());
        }
        let response = json!({ "Role": role_json(&role) });
        self.roles.push(role);
        Ok(response)
    }

    fn profile_json(&self, profile: &InstanceProfile) -> Value {
        let roles: Vec<Value> = profile
            .roles
            .iter()
            .filter_map(|name| self.role_by_name(&profile.account, name))
            .map(role_json)
            .collect();
        json!({
            "Path": profile.path,
            "InstanceProfileName": profile.name,
            "InstanceProfileId": profile.id,
            "Arn": profile.arn(),
            "CreateDate": profile.created.iso(),
            "Roles": roles,
        })
    }
}

/// The `Role` shape of CreateRole/GetRole.
pub(crate) fn role_json(role: &Role) -> Value {
    let mut object = Map::new();
    json::insert(&mut object, "Path", json!(role.path));
    json::insert(&mut object, "RoleName", json!(role.name));
    json::insert(&mut object, "RoleId", json!(role.id));
    json::insert(&mut object, "Arn", json!(role.arn()));
    json::insert(&mut object, "CreateDate", json!(role.created.iso()));
    json::insert(
        &mut object,
        "AssumeRolePolicyDocument",
        json!(role.trust_policy.text),
    );
    if !role.description.is_empty() {
        json::insert(&mut object, "Description", json!(role.description));
    }
    json::insert(
        &mut object,
        "MaxSessionDuration",
        json!(role.max_session_duration),
    );
    if let Some(boundary) = &role.permissions_boundary {
        json::insert(
            &mut object,
            "PermissionsBoundary",
            json!({"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": boundary}),
        );
    }
    if !role.tags.is_empty() {
        json::insert(&mut object, "Tags", tags_json(&role.tags));
    }
    Value::Object(object)
}

fn policy_json(policy: &ManagedPolicy, attachments: usize) -> Value {
    json!({
        "PolicyName": policy.name,
        "PolicyId": policy.id,
        "Arn": policy.arn,
        "Path": policy.path,
        "DefaultVersionId": policy.default_version,
        "AttachmentCount": attachments,
        "PermissionsBoundaryUsageCount": 0,
        "IsAttachable": true,
        "CreateDate": policy.created.iso(),
        "UpdateDate": policy.versions.last().map_or(policy.created, |version| version.created).iso(),
    })
}
