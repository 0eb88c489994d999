//! Secrets Manager: every operation of the 2017-10-17 API the playground needs, with AWS's input and output
//! shapes, staging-label rules, error codes and exact messages (reference §1–§2), authorised through
//! `policy` and with the KMS leg for values.

use policy::parse::PolicyKind;
use policy::{ContextKeyType, ContextValue, Layer, PrincipalSet, RequestContext};
use serde_json::{Map, Value};

use super::kms::KmsUse;
use super::schedule::Schedule;
use super::{
    access_denied, optional_bool, optional_i64, optional_str, read_tags, required_str, string_list,
    tags_json, unknown_operation, CallScope,
};
use crate::api::{ApiCall, ApiError, ErrorCode, Service};
use crate::auth::{plain_target, secret_target};
use crate::clock::{Timestamp, DAY};
use crate::ids::{StagingLabel, VersionId, AWSCURRENT, AWSPENDING, AWSPREVIOUS};
use crate::json;
use crate::model::{Replica, RotationConfig, Secret, SecretValue, SecretVersion, StoredPolicy, Tag};
use crate::state::Account;

const NOT_FOUND: &str = "Secrets Manager can't find the specified secret.";
const MARKED_FOR_DELETION: &str =
    "You can't perform this operation on the secret because it was marked for deletion.";
const MARKED_DELETED: &str =
    "You tried to perform the operation on a secret that's currently marked deleted.";
const REPLICA_WRITE: &str =
    "Operation not permitted on a replica secret. Call must be made in primary secret's region.";

/// How many versions a secret keeps at most (see `make_room_for_a_version`).
const MAX_VERSIONS: usize = 100;

fn not_found() -> ApiError {
    ApiError::new(ErrorCode::ResourceNotFoundException, NOT_FOUND)
}

fn invalid_request(message: &str) -> ApiError {
    ApiError::new(ErrorCode::InvalidRequestException, message)
}

fn invalid_parameter(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidParameterException, message)
}

impl Account {
    pub(crate) fn secretsmanager_call(
        &mut self,
        scope: &mut CallScope,
        operation: &str,
        input: &Value,
    ) -> Result<Value, ApiError> {
        match operation {
            "CreateSecret" => self.create_secret(scope, input),
            "GetSecretValue" => {
                let secret_id = required_str(input, "SecretId")?;
                self.get_secret_value(
                    scope,
                    secret_id,
                    optional_str(input, "VersionId"),
                    optional_str(input, "VersionStage"),
                )
            }
            "BatchGetSecretValue" => self.batch_get_secret_value(scope, input),
            "PutSecretValue" => self.put_secret_value(scope, input),
            "UpdateSecret" => self.update_secret(scope, input),
            "UpdateSecretVersionStage" => self.update_secret_version_stage(scope, input),
            "DescribeSecret" => self.describe_secret(scope, input),
            "ListSecrets" => self.list_secrets(scope, input),
            "ListSecretVersionIds" => self.list_secret_version_ids(scope, input),
            "DeleteSecret" => self.delete_secret(scope, input),
            "RestoreSecret" => self.restore_secret(scope, input),
            "RotateSecret" => self.rotate_secret(scope, input),
            "CancelRotateSecret" => self.cancel_rotate_secret(scope, input),
            "TagResource" => self.tag_secret(scope, input),
            "UntagResource" => self.untag_secret(scope, input),
            "PutResourcePolicy" => self.put_resource_policy(scope, input),
            "GetResourcePolicy" => self.get_resource_policy(scope, input),
            "DeleteResourcePolicy" => self.delete_resource_policy(scope, input),
            "ValidateResourcePolicy" => self.validate_resource_policy(scope, input),
            "ReplicateSecretToRegions" => self.replicate_secret(scope, input),
            "RemoveRegionsFromReplication" => self.remove_replicas(scope, input),
            "StopReplicationToReplica" => self.stop_replication(scope, input),
            "GetRandomPassword" => self.get_random_password(scope, input),
            _ => Err(unknown_operation(Service::SecretsManager, operation)),
        }
    }

    /// Finds a secret by name (in the caller's account and the call's Region), full ARN or partial ARN.
    pub(crate) fn locate_secret(&self, scope: &CallScope, secret_id: &str) -> Option<usize> {
        if secret_id.starts_with("arn:") {
            if let Some(index) = self.secrets.iter().position(|secret| secret.arn() == secret_id) {
                return Some(index);
            }
            let mut partial = self
                .secrets
                .iter()
                .enumerate()
                .filter(|(_, secret)| secret.partial_arn() == secret_id);
            let first = partial.next()?;
            return partial.next().is_none().then_some(first.0);
        }
        self.secrets.iter().position(|secret| {
            secret.account == scope.identity.account
                && secret.region == scope.region
                && secret.name == secret_id
        })
    }

    /// Authorises `action` on the secret the caller named, then requires that it exists. A secret that does
    /// not exist is authorised against the ARN it would have without a suffix (so an identity policy that
    /// allows it answers ResourceNotFoundException, one that does not answers AccessDeniedException).
    fn authorize_secret(
        &mut self,
        scope: &mut CallScope,
        action: &str,
        secret_id: &str,
        mut extra: RequestContext,
    ) -> Result<usize, ApiError> {
        let index = self.locate_secret(scope, secret_id);
        let authorization = match index.and_then(|index| self.secrets.get(index)) {
            Some(secret) => {
                extra.insert(
                    "secretsmanager:SecretId",
                    ContextValue::single(ContextKeyType::String, &secret.arn()),
                );
                if let Some(primary) = &secret.primary_region {
                    extra.insert_string("secretsmanager:SecretPrimaryRegion", primary);
                }
                if let Some(rotation) = &secret.rotation {
                    extra.insert_string(
                        "secretsmanager:resource/AllowRotationLambdaArn",
                        &rotation.lambda_arn,
                    );
                }
                if secret.account != scope.identity.account
                    && !scope.resource_owners.contains(&secret.account)
                {
                    scope.resource_owners.push(secret.account.clone());
                }
                self.authorize_scope(scope, action, &secret_target(secret, secret_id), &extra)
            }
            None => {
                let arn = if secret_id.starts_with("arn:") {
                    secret_id.to_owned()
                } else {
                    format!(
                        "arn:aws:secretsmanager:{}:{}:secret:{secret_id}",
                        scope.region, scope.identity.account
                    )
                };
                extra.insert(
                    "secretsmanager:SecretId",
                    ContextValue::single(ContextKeyType::String, &arn),
                );
                let account =
                    crate::auth::account_of_arn(&arn).unwrap_or_else(|| scope.identity.account.clone());
                let mut target = plain_target(&arn, &account);
                target.resource_as_given = secret_id.to_owned();
                self.authorize_scope(scope, action, &target, &extra)
            }
        };
        if !authorization.allowed() {
            return Err(access_denied(Service::SecretsManager, &authorization, None));
        }
        index.ok_or_else(not_found)
    }

    fn secret_at(&self, index: usize) -> Result<&Secret, ApiError> {
        self.secrets.get(index).ok_or_else(not_found)
    }

    fn secret_at_mut(&mut self, index: usize) -> Result<&mut Secret, ApiError> {
        self.secrets.get_mut(index).ok_or_else(not_found)
    }

    fn create_secret(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let name = required_str(input, "Name")?.to_owned();
        validate_name(&name)?;
        let value = read_value(input)?;
        let token = self.client_token(input)?;
        let description = optional_str(input, "Description").map(str::to_owned);
        let kms_key_id = optional_str(input, "KmsKeyId")
            .filter(|key| !key.is_empty())
            .map(str::to_owned);
        let tags = read_tags(input, "Tags");
        let suffix = self.ids.secret_suffix();
        let account = scope.identity.account.clone();
        let arn = format!(
            "arn:aws:secretsmanager:{}:{account}:secret:{name}-{suffix}",
            scope.region
        );
        let mut extra = RequestContext::new();
        extra.insert_string("secretsmanager:Name", &name);
        if let Some(description) = &description {
            extra.insert_string("secretsmanager:Description", description);
        }
        if let Some(key_id) = &kms_key_id {
            extra.insert_string("secretsmanager:KmsKeyId", key_id);
            if let Some(key) = self.find_key(key_id, &account, &scope.region) {
                extra.insert_string("secretsmanager:KmsKeyArn", &key.arn());
            }
        }
        add_request_tags(&mut extra, &tags);
        let mut target = plain_target(&arn, &account);
        target.resource_as_given = arn.clone();
        let authorization = self.authorize_scope(scope, "secretsmanager:CreateSecret", &target, &extra);
        if !authorization.allowed() {
            return Err(access_denied(Service::SecretsManager, &authorization, None));
        }
        if !tags.is_empty() {
            let authorization = self.authorize_scope(scope, "secretsmanager:TagResource", &target, &extra);
            if !authorization.allowed() {
                return Err(access_denied(Service::SecretsManager, &authorization, None));
            }
        }
        if let Some(existing) = self
            .secrets
            .iter()
            .find(|secret| secret.account == account && secret.region == scope.region && secret.name == name)
        {
            if existing.is_scheduled_for_deletion() {
                return Err(invalid_request("You can't create this secret because a secret with this name is already scheduled for deletion."));
            }
            if let Some(version) = existing.version(&token) {
                if version.value == value {
                    return Ok(json!({"ARN": existing.arn(), "Name": existing.name, "VersionId": token}));
                }
                return Err(ApiError::new(
                    ErrorCode::ResourceExistsException,
                    format!("You can't use ClientRequestToken {token} because that value is already in use for a version of secret {}.", existing.arn()),
                ));
            }
            return Err(ApiError::new(
                ErrorCode::ResourceExistsException,
                format!("The operation failed because the secret {name} already exists."),
            ));
        }
        if let Some(key_id) = &kms_key_id {
            if self.find_key(key_id, &account, &scope.region).is_none() && !key_id.starts_with("arn:") {
                return Err(invalid_parameter(format!(
                    "Secrets Manager can't find the specified KMS key: {key_id}"
                )));
            }
        }
        let secret = Secret {
            account,
            region: scope.region.clone(),
            name: name.clone(),
            suffix,
            description,
            kms_key_id,
            versions: Vec::new(),
            tags,
            resource_policy: None,
            rotation: None,
            rotation_enabled: None,
            last_rotated: None,
            last_changed: self.now,
            last_accessed: None,
            created: self.now,
            deletion: None,
            replicas: Vec::new(),
            primary_region: None,
            rotation_in_progress: None,
        };
        self.secrets.push(secret);
        let index = self.secrets.len().saturating_sub(1);
        if let Some(value) = value {
            match self.kms_leg(scope, index, KmsUse::GenerateDataKey, &token) {
                Ok(key_arn) => {
                    let now = self.now;
                    let secret = self.secret_at_mut(index)?;
                    add_version(secret, VersionId::new(&token), value, None, now, key_arn);
                }
                Err(error) => {
                    self.secrets.pop();
                    return Err(error);
                }
            }
            let mut response = json!({"ARN": arn, "Name": name, "VersionId": token});
            self.replicate_on_create(scope, input, &arn, &mut response)?;
            return Ok(response);
        }
        let mut response = json!({"ARN": arn, "Name": name});
        self.replicate_on_create(scope, input, &arn, &mut response)?;
        Ok(response)
    }

    /// CreateSecret's `AddReplicaRegions`: ReplicateSecretToRegions on the new secret (which needs its own
    /// permission); the statuses join the response as `ReplicationStatus`.
    fn replicate_on_create(
        &mut self,
        scope: &mut CallScope,
        input: &Value,
        arn: &str,
        response: &mut Value,
    ) -> Result<(), ApiError> {
        let Some(regions) = input.get("AddReplicaRegions") else {
            return Ok(());
        };
        let mut request = json!({"SecretId": arn, "AddReplicaRegions": regions});
        if let (Some(force), Some(object)) =
            (input.get("ForceOverwriteReplicaSecret"), request.as_object_mut())
        {
            json::insert(object, "ForceOverwriteReplicaSecret", force.clone());
        }
        match self.replicate_secret(scope, &request) {
            Ok(replicated) => {
                if let (Some(statuses), Some(object)) =
                    (replicated.get("ReplicationStatus"), response.as_object_mut())
                {
                    json::insert(object, "ReplicationStatus", statuses.clone());
                }
                Ok(())
            }
            Err(error) => {
                self.secrets.retain(|secret| secret.arn() != arn);
                Err(error)
            }
        }
    }

    /// GetSecretValue (also used by BatchGetSecretValue and the rotation function).
    pub(crate) fn get_secret_value(
        &mut self,
        scope: &mut CallScope,
        secret_id: &str,
        version_id: Option<&str>,
        version_stage: Option<&str>,
    ) -> Result<Value, ApiError> {
        let mut extra = RequestContext::new();
        if let Some(version_id) = version_id {
            extra.insert_string("secretsmanager:VersionId", version_id);
        }
        if let Some(stage) = version_stage {
            extra.insert_string("secretsmanager:VersionStage", stage);
        }
        let index = self.authorize_secret(scope, "secretsmanager:GetSecretValue", secret_id, extra)?;
        let secret = self.secret_at(index)?;
        if secret.is_scheduled_for_deletion() {
            return Err(invalid_request(MARKED_FOR_DELETION));
        }
        let version = match (version_id, version_stage) {
            (Some(id), stage) => {
                let version = secret.version(id).ok_or_else(|| {
                    ApiError::new(
                        ErrorCode::ResourceNotFoundException,
                        format!("Secrets Manager can't find the specified secret value for VersionId: {id}"),
                    )
                })?;
                if let Some(stage) = stage {
                    if !version.stages.iter().any(|label| label.as_str() == stage) {
                        return Err(invalid_request(
                            "You provided a VersionStage that is not associated to the provided VersionId.",
                        ));
                    }
                }
                version
            }
            (None, stage) => {
                let stage = stage.unwrap_or(AWSCURRENT);
                secret.version_with_stage(stage).ok_or_else(|| {
                    ApiError::new(
                        ErrorCode::ResourceNotFoundException,
                        format!("Secrets Manager can't find the specified secret value for staging label: {stage}"),
                    )
                })?
            }
        };
        let version_id = version.id.clone();
        self.kms_leg(scope, index, KmsUse::Decrypt, version_id.as_str())?;
        let today = self.now.start_of_day();
        let secret = self.secret_at_mut(index)?;
        secret.last_accessed = Some(today);
        let mut response = Map::new();
        json::insert(&mut response, "ARN", json!(secret.arn()));
        json::insert(&mut response, "Name", json!(secret.name));
        let Some(version) = secret
            .versions
            .iter_mut()
            .find(|version| version.id == version_id)
        else {
            return Err(not_found());
        };
        version.last_accessed = Some(today);
        json::insert(&mut response, "VersionId", json!(version.id.as_str()));
        match &version.value {
            Some(SecretValue::String(text)) => json::insert(&mut response, "SecretString", json!(text)),
            Some(SecretValue::Binary(bytes)) => json::insert(&mut response, "SecretBinary", json!(bytes)),
            None => {}
        };
        json::insert(&mut response, "VersionStages", stages_json(&version.stages));
        json::insert(&mut response, "CreatedDate", version.created.epoch_json());
        Ok(Value::Object(response))
    }

    fn batch_get_secret_value(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let ids = input.get("SecretIdList").and_then(Value::as_array);
        let filters = input.get("Filters").and_then(Value::as_array);
        if ids.is_some() == filters.is_some() {
            return Err(invalid_parameter(
                "Either 'SecretIdList' or 'Filters' must be provided, but not both.",
            ));
        }
        if input.get("MaxResults").is_some() && filters.is_none() {
            return Err(invalid_parameter(
                "'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is provided.",
            ));
        }
        let account = scope.identity.account.clone();
        let authorization = self.authorize_scope(
            scope,
            "secretsmanager:BatchGetSecretValue",
            &plain_target("*", &account),
            &RequestContext::new(),
        );
        if !authorization.allowed() {
            return Err(access_denied(Service::SecretsManager, &authorization, None));
        }
        let secret_ids: Vec<String> = match (ids, filters) {
            (Some(ids), _) => {
                if ids.is_empty() || ids.len() > 20 {
                    return Err(invalid_parameter(
                        "SecretIdList must contain between 1 and 20 items.",
                    ));
                }
                ids.iter().filter_map(Value::as_str).map(str::to_owned).collect()
            }
            (None, Some(filters)) => {
                let authorization = self.authorize_scope(
                    scope,
                    "secretsmanager:ListSecrets",
                    &plain_target("*", &account),
                    &RequestContext::new(),
                );
                if !authorization.allowed() {
                    return Err(access_denied(Service::SecretsManager, &authorization, None));
                }
                let filters = parse_filters(filters)?;
                let limit = optional_i64(input, "MaxResults")
                    .and_then(|max| usize::try_from(max).ok())
                    .unwrap_or(20);
                self.secrets
                    .iter()
                    .filter(|secret| {
                        secret.account == account
                            && secret.region == scope.region
                            && !secret.is_scheduled_for_deletion()
                    })
                    .filter(|secret| filters.iter().all(|filter| filter.matches(secret)))
                    .take(limit)
                    .map(Secret::arn)
                    .collect()
            }
            (None, None) => Vec::new(),
        };
        let mut values = Vec::new();
        let mut errors = Vec::new();
        for secret_id in secret_ids {
            let mut inner = scope.clone();
            inner.extra_records.clear();
            let result = self.get_secret_value(&mut inner, &secret_id, None, None);
            let call = ApiCall {
                service: Service::SecretsManager,
                operation: "GetSecretValue".to_owned(),
                input: json!({"SecretId": secret_id}),
                region: Some(scope.region.clone()),
            };
            let request_id = self.ids.uuid();
            let mut record = self.call_record(
                &scope.caller,
                &call,
                &scope.region,
                request_id,
                super::user_identity(&scope.identity, None),
                Some(scope.identity.session_name.clone()),
                result.as_ref(),
                Vec::new(),
                None,
            );
            record.access_key_id = Some(scope.identity.access_key_id.to_string());
            scope.extra_records.push(record);
            scope.extra_records.append(&mut inner.extra_records);
            match result {
                Ok(value) => values.push(value),
                Err(error) => errors.push(json!({"SecretId": secret_id, "ErrorCode": error.code.as_str(), "Message": error.message})),
            }
        }
        Ok(json!({"SecretValues": values, "Errors": errors}))
    }

    fn put_secret_value(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let secret_id = required_str(input, "SecretId")?;
        let index = self.authorize_secret(
            scope,
            "secretsmanager:PutSecretValue",
            secret_id,
            RequestContext::new(),
        )?;
        let value = read_value(input)?
            .ok_or_else(|| invalid_request("You must provide either SecretString or SecretBinary."))?;
        let token = self.client_token(input)?;
        let stages = input
            .get("VersionStages")
            .map(|_| string_list(input, "VersionStages"));
        let secret = self.secret_at(index)?;
        if secret.is_scheduled_for_deletion() {
            return Err(invalid_request(MARKED_FOR_DELETION));
        }
        if secret.primary_region.is_some() {
            return Err(invalid_request(REPLICA_WRITE));
        }
        if let Some(existing) = secret.version(&token) {
            let same = existing.value.as_ref() == Some(&value);
            let stages_now = existing.stages.clone();
            let arn = secret.arn();
            let name = secret.name.clone();
            self.kms_leg(scope, index, KmsUse::Decrypt, &token)?;
            if same {
                return Ok(
                    json!({"ARN": arn, "Name": name, "VersionId": token, "VersionStages": stages_json(&stages_now)}),
                );
            }
            return Err(ApiError::new(
                ErrorCode::ResourceExistsException,
                format!("You can't use ClientRequestToken {token} because that value is already in use for a version of secret {arn}."),
            ));
        }
        self.make_room_for_a_version(index)?;
        let key_arn = self.kms_leg(scope, index, KmsUse::GenerateDataKey, &token)?;
        let now = self.now;
        let secret = self.secret_at_mut(index)?;
        let writes_pending = stages
            .as_ref()
            .is_some_and(|stages| stages.iter().any(|stage| stage == AWSPENDING));
        let abandoned = secret.rotation_in_progress.is_some() && !writes_pending;
        let final_stages = add_version(secret, VersionId::new(&token), value, stages, now, key_arn);
        secret.last_changed = now;
        let (arn, name, account, region) = (
            secret.arn(),
            secret.name.clone(),
            secret.account.clone(),
            secret.region.clone(),
        );
        if abandoned {
            // A new value written mid-rotation abandons the rotation; AWSPENDING is removed.
            secret.rotation_in_progress = None;
            for version in &mut secret.versions {
                version.stages.retain(|label| label.as_str() != AWSPENDING);
            }
            let record = self.service_event(&account, &region, "RotationAbandoned", &arn, None, None);
            scope.extra_records.push(record);
        }
        Ok(json!({"ARN": arn, "Name": name, "VersionId": token, "VersionStages": stages_json(&final_stages)}))
    }

    fn update_secret(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let secret_id = required_str(input, "SecretId")?;
        let mut extra = RequestContext::new();
        if let Some(description) = optional_str(input, "Description") {
            extra.insert_string("secretsmanager:Description", description);
        }
        let new_key = optional_str(input, "KmsKeyId").map(str::to_owned);
        if let Some(key_id) = new_key.as_deref().filter(|key| !key.is_empty()) {
            extra.insert_string("secretsmanager:KmsKeyId", key_id);
            if let Some(key) = self.find_key(key_id, &scope.identity.account, &scope.region) {
                extra.insert_string("secretsmanager:KmsKeyArn", &key.arn());
            }
        }
        let index = self.authorize_secret(scope, "secretsmanager:UpdateSecret", secret_id, extra)?;
        let value = read_value(input)?;
        let secret = self.secret_at(index)?;
        if secret.is_scheduled_for_deletion() {
            return Err(invalid_request(MARKED_FOR_DELETION));
        }
        if secret.primary_region.is_some() {
            return Err(invalid_request(REPLICA_WRITE));
        }
        let old_key = secret.kms_key_id.clone();
        if let Some(key_id) = &new_key {
            if !key_id.is_empty()
                && self
                    .find_key(key_id, &scope.identity.account, &scope.region)
                    .is_none()
                && !key_id.starts_with("arn:")
            {
                return Err(invalid_parameter(format!(
                    "Secrets Manager can't find the specified KMS key: {key_id}"
                )));
            }
            self.secret_at_mut(index)?.kms_key_id = if key_id.is_empty() {
                None
            } else {
                Some(key_id.clone())
            };
        }
        let mut version_created: Option<String> = None;
        if let Some(value) = value {
            let token = self.client_token(input)?;
            let secret = self.secret_at(index)?;
            if let Some(existing) = secret.version(&token) {
                if existing.value.as_ref() != Some(&value) {
                    let arn = secret.arn();
                    self.secret_at_mut(index)?.kms_key_id = old_key;
                    return Err(ApiError::new(
                        ErrorCode::ResourceExistsException,
                        format!("You can't use ClientRequestToken {token} because that value is already in use for a version of secret {arn}."),
                    ));
                }
            } else {
                if let Err(error) = self.make_room_for_a_version(index) {
                    self.secret_at_mut(index)?.kms_key_id = old_key;
                    return Err(error);
                }
                match self.kms_leg(scope, index, KmsUse::GenerateDataKey, &token) {
                    Ok(key_arn) => {
                        let now = self.now;
                        let secret = self.secret_at_mut(index)?;
                        add_version(secret, VersionId::new(&token), value, None, now, key_arn);
                        version_created = Some(token);
                    }
                    Err(error) => {
                        self.secret_at_mut(index)?.kms_key_id = old_key;
                        return Err(error);
                    }
                }
            }
        }
        if new_key.is_some() {
            self.reencrypt_labelled_versions(scope, index, version_created.as_deref())?;
        }
        let now = self.now;
        let secret = self.secret_at_mut(index)?;
        if let Some(description) = optional_str(input, "Description") {
            secret.description = Some(description.to_owned());
        }
        secret.last_changed = now;
        let mut response = json!({"ARN": secret.arn(), "Name": secret.name});
        if let (Some(token), Some(object)) = (version_created, response.as_object_mut()) {
            json::insert(object, "VersionId", json!(token));
        }
        Ok(response)
    }

    /// The versions quota, checked before a write adds a version (PutSecretValue, UpdateSecret with a value,
    /// rotation's createSecret step). SM-UG reference_limits: "Secrets Manager removes unlabeled versions when
    /// there are more than 100, but it does not remove versions created less than 24 hours ago. If you update
    /// the secret value more than once every 10 minutes, you create more versions than Secrets Manager
    /// removes, and you will reach the quota for secret versions." Modelled as: a secret holds at most
    /// [`MAX_VERSIONS`] versions; to make room, the oldest versions without staging labels that are at least
    /// 24 hours old are removed (AWS does this in the background; here it happens at the write, without a
    /// CloudTrail record); when none can go, the write fails with `LimitExceededException`. The message is
    /// ours: AWS documents the code only (reference 1.4, UNCONFIRMED text).
    fn make_room_for_a_version(&mut self, index: usize) -> Result<(), ApiError> {
        let now = self.now;
        let secret = self.secret_at_mut(index)?;
        while secret.versions.len() >= MAX_VERSIONS {
            let removable = secret
                .versions
                .iter()
                .enumerate()
                .filter(|(_, version)| version.stages.is_empty() && version.created.plus(DAY) <= now)
                .min_by_key(|(_, version)| version.created)
                .map(|(position, _)| position);
            match removable {
                Some(position) => {
                    secret.versions.remove(position);
                }
                None => {
                    return Err(ApiError::new(
                        ErrorCode::LimitExceededException,
                        format!("You can't create more than {MAX_VERSIONS} versions of a secret. Secrets Manager removes versions without staging labels only after they are 24 hours old, so update the secret value less often."),
                    ))
                }
            }
        }
        Ok(())
    }

    /// After UpdateSecret changed the secret's key: re-encrypts the versions labelled AWSCURRENT, AWSPENDING
    /// and AWSPREVIOUS under the new key (except `skip`, just written under it). BOTO UpdateSecret `KmsKeyId`:
    /// "If you don't have kms:Encrypt permission to the new key, Secrets Manager does not re-encrypt existing
    /// secret versions with the new key"; modelled as a Decrypt under the version's key and an Encrypt under
    /// the new one, both through Secrets Manager for the caller and logged as KMS records. A version either
    /// call fails for stays under its old key; the UpdateSecret call itself succeeds. Re-encrypted versions
    /// keep their old encryption as well, so either key decrypts them (SM-UG security-encryption).
    fn reencrypt_labelled_versions(
        &mut self,
        scope: &mut CallScope,
        index: usize,
        skip: Option<&str>,
    ) -> Result<(), ApiError> {
        let secret = self.secret_at(index)?;
        if secret.kms_key_id.is_none() {
            let (account, region) = (secret.account.clone(), secret.region.clone());
            self.ensure_secrets_manager_key(&account, &region);
        }
        let secret = self.secret_at(index)?;
        let Some(new_key) = self.resolve_key_for_secret(secret).map(crate::model::Key::arn) else {
            return Ok(());
        };
        let candidates: Vec<String> = secret
            .versions
            .iter()
            .filter(|version| Some(version.id.as_str()) != skip)
            .filter(|version| {
                version
                    .stages
                    .iter()
                    .any(|label| [AWSCURRENT, AWSPENDING, AWSPREVIOUS].contains(&label.as_str()))
            })
            .filter(|version| !version.key_arns().contains(&new_key.as_str()))
            .map(|version| version.id.as_str().to_owned())
            .collect();
        for version_id in candidates {
            let denials = scope.denials.len();
            let reencrypted = self
                .kms_leg(scope, index, KmsUse::Decrypt, &version_id)
                .and_then(|_| self.kms_leg(scope, index, KmsUse::Encrypt, &version_id));
            match reencrypted {
                Ok(key_arn) => {
                    let secret = self.secret_at_mut(index)?;
                    if let Some(version) = secret
                        .versions
                        .iter_mut()
                        .find(|version| version.id.as_str() == version_id)
                    {
                        let old = std::mem::replace(&mut version.key_arn, key_arn);
                        version.earlier_key_arns.push(old);
                    }
                }
                // Not a denial of UpdateSecret: the version simply stays under its old key.
                Err(_) => scope.denials.truncate(denials),
            }
        }
        Ok(())
    }

    fn update_secret_version_stage(
        &mut self,
        scope: &mut CallScope,
        input: &Value,
    ) -> Result<Value, ApiError> {
        let secret_id = required_str(input, "SecretId")?;
        let stage = required_str(input, "VersionStage")?.to_owned();
        let mut extra = RequestContext::new();
        extra.insert_string("secretsmanager:VersionStage", &stage);
        let index =
            self.authorize_secret(scope, "secretsmanager:UpdateSecretVersionStage", secret_id, extra)?;
        let move_to = optional_str(input, "MoveToVersionId").map(str::to_owned);
        let remove_from = optional_str(input, "RemoveFromVersionId").map(str::to_owned);
        let secret = self.secret_at(index)?;
        if secret.is_scheduled_for_deletion() {
            return Err(invalid_request(MARKED_FOR_DELETION));
        }
        if secret.primary_region.is_some() {
            return Err(invalid_request(REPLICA_WRITE));
        }
        for id in [&move_to, &remove_from].into_iter().flatten() {
            if secret.version(id).is_none() {
                return Err(invalid_parameter(format!(
                    "Secrets Manager can't find the specified secret version: {id}"
                )));
            }
        }
        let holder = secret
            .version_with_stage(&stage)
            .map(|version| version.id.as_str().to_owned());
        match (&move_to, &holder) {
            (Some(target), Some(current))
                if target != current && remove_from.as_deref() != Some(current.as_str()) =>
            {
                if stage == AWSCURRENT && remove_from.is_none() {
                    return Err(invalid_parameter(format!(
                        "The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently attached to version {current}, so you must explicitly reference that version in RemoveFromVersionId."
                    )));
                }
                return Err(invalid_parameter(format!(
                    "The parameter RemoveFromVersionId doesn't match. Staging label {stage} is currently attached to version {current}, so you must explicitly reference that version in RemoveFromVersionId."
                )));
            }
            (None, _) if stage == AWSCURRENT => {
                return Err(invalid_parameter("You can only move staging label AWSCURRENT to a different secret version. It can’t be completely removed."));
            }
            _ => {}
        }
        let now = self.now;
        let secret = self.secret_at_mut(index)?;
        match move_to {
            Some(target) => move_label(secret, &stage, &VersionId::new(target)),
            None => {
                if let Some(version) = remove_from.and_then(|id| {
                    secret
                        .versions
                        .iter_mut()
                        .find(|version| version.id.as_str() == id)
                }) {
                    version.stages.retain(|label| label.as_str() != stage);
                }
            }
        }
        secret.last_changed = now;
        Ok(json!({"ARN": secret.arn(), "Name": secret.name}))
    }

    fn describe_secret(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let secret_id = required_str(input, "SecretId")?;
        let index = self.authorize_secret(
            scope,
            "secretsmanager:DescribeSecret",
            secret_id,
            RequestContext::new(),
        )?;
        let secret = self.secret_at(index)?;
        Ok(describe(secret, self.next_rotation(secret)))
    }

    fn list_secrets(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let account = scope.identity.account.clone();
        let authorization = self.authorize_scope(
            scope,
            "secretsmanager:ListSecrets",
            &plain_target("*", &account),
            &RequestContext::new(),
        );
        if !authorization.allowed() {
            return Err(access_denied(Service::SecretsManager, &authorization, None));
        }
        let filters = match input.get("Filters").and_then(Value::as_array) {
            Some(filters) => parse_filters(filters)?,
            None => Vec::new(),
        };
        let include_deleted = optional_bool(input, "IncludePlannedDeletion").unwrap_or(false);
        let max = optional_i64(input, "MaxResults").unwrap_or(100);
        if !(1..=100).contains(&max) {
            return Err(invalid_parameter("MaxResults must be between 1 and 100."));
        }
        let start = match optional_str(input, "NextToken") {
            Some(token) => token.parse::<usize>().map_err(|_| {
                ApiError::new(
                    ErrorCode::InvalidNextTokenException,
                    "The NextToken value is invalid.",
                )
            })?,
            None => 0,
        };
        let mut matching: Vec<&Secret> = self
            .secrets
            .iter()
            .filter(|secret| secret.account == account && secret.region == scope.region)
            .filter(|secret| include_deleted || !secret.is_scheduled_for_deletion())
            .filter(|secret| filters.iter().all(|filter| filter.matches(secret)))
            .collect();
        match optional_str(input, "SortBy").unwrap_or("created-date") {
            "name" => matching.sort_by(|first, second| first.name.cmp(&second.name)),
            "last-changed-date" => matching.sort_by_key(|secret| secret.last_changed),
            "last-accessed-date" => matching.sort_by_key(|secret| secret.last_accessed),
            _ => matching.sort_by_key(|secret| secret.created),
        }
        if optional_str(input, "SortOrder") == Some("desc") {
            matching.reverse();
        }
        let page_size = usize::try_from(max).unwrap_or(100);
        let entries: Vec<Value> = matching
            .iter()
            .skip(start)
            .take(page_size)
            .map(|secret| list_entry(secret, self.next_rotation(secret)))
            .collect();
        let mut response = json!({ "SecretList": entries });
        if start.saturating_add(page_size) < matching.len() {
            if let Some(object) = response.as_object_mut() {
                json::insert(object, "NextToken", json!((start + page_size).to_string()));
            }
        }
        Ok(response)
    }

    fn list_secret_version_ids(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let secret_id = required_str(input, "SecretId")?;
        let index = self.authorize_secret(
            scope,
            "secretsmanager:ListSecretVersionIds",
            secret_id,
            RequestContext::new(),
        )?;
        let include_deprecated = optional_bool(input, "IncludeDeprecated").unwrap_or(false);
        let secret = self.secret_at(index)?;
        let versions: Vec<Value> = secret
            .versions
            .iter()
            .filter(|version| include_deprecated || !version.stages.is_empty())
            .map(|version| {
                let mut entry = Map::new();
                json::insert(&mut entry, "VersionId", json!(version.id.as_str()));
                if !version.stages.is_empty() {
                    json::insert(&mut entry, "VersionStages", stages_json(&version.stages));
                }
                if let Some(accessed) = version.last_accessed {
                    json::insert(&mut entry, "LastAccessedDate", accessed.epoch_json());
                }
                json::insert(&mut entry, "CreatedDate", version.created.epoch_json());
                json::insert(&mut entry, "KmsKeyIds", json!(version.key_arns()));
                Value::Object(entry)
            })
            .collect();
        Ok(json!({"Versions": versions, "ARN": secret.arn(), "Name": secret.name}))
    }

    fn delete_secret(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let secret_id = required_str(input, "SecretId")?;
        let force = optional_bool(input, "ForceDeleteWithoutRecovery").unwrap_or(false);
        let window = optional_i64(input, "RecoveryWindowInDays");
        let mut extra = RequestContext::new();
        extra.insert(
            "secretsmanager:ForceDeleteWithoutRecovery",
            ContextValue::single(ContextKeyType::Boolean, if force { "true" } else { "false" }),
        );
        if let Some(days) = window {
            extra.insert(
                "secretsmanager:RecoveryWindowInDays",
                ContextValue::single(ContextKeyType::Numeric, &days.to_string()),
            );
        }
        if force && window.is_some() {
            return Err(invalid_parameter(
                "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
            ));
        }
        let days = window.unwrap_or(30);
        if !(7..=30).contains(&days) {
            return Err(invalid_parameter(
                "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).",
            ));
        }
        let index = match self.authorize_secret(scope, "secretsmanager:DeleteSecret", secret_id, extra) {
            Ok(index) => index,
            // Force-deleting a secret that does not exist is not an error (DeleteSecret API reference).
            Err(error) if force && error.code == ErrorCode::ResourceNotFoundException => {
                return Ok(
                    json!({"ARN": secret_id, "Name": secret_id, "DeletionDate": self.now.epoch_json()}),
                );
            }
            Err(error) => return Err(error),
        };
        let secret = self.secret_at(index)?;
        if secret.is_scheduled_for_deletion() && !force {
            return Err(invalid_request(MARKED_DELETED));
        }
        if !secret.replicas.is_empty() {
            let regions: Vec<&str> = secret
                .replicas
                .iter()
                .map(|replica| replica.region.as_str())
                .collect();
            return Err(invalid_parameter(format!(
                "You can't delete secret {secret_id} that still has replica regions [{}]",
                regions.join(",")
            )));
        }
        let (arn, name) = (secret.arn(), secret.name.clone());
        let now = self.now;
        if force {
            let mut records = self.finish_deletion(index);
            scope.extra_records.append(&mut records);
            return Ok(json!({"ARN": arn, "Name": name, "DeletionDate": now.epoch_json()}));
        }
        let deletion_date = now.plus(days * DAY);
        self.secret_at_mut(index)?.deletion = Some((now, deletion_date));
        Ok(json!({"ARN": arn, "Name": name, "DeletionDate": deletion_date.epoch_json()}))
    }

    /// Deletes a secret for good: StartSecretVersionDelete and EndSecretVersionDelete per version.
    pub(crate) fn finish_deletion(&mut self, index: usize) -> Vec<crate::audit::AuditRecord> {
        let Some(secret) = self.secrets.get(index).cloned() else {
            return Vec::new();
        };
        let arn = secret.arn();
        let mut records = Vec::new();
        for event in ["StartSecretVersionDelete", "EndSecretVersionDelete"] {
            for _ in &secret.versions {
                records.push(self.service_event(&secret.account, &secret.region, event, &arn, None, None));
            }
        }
        self.secrets.remove(index);
        records
    }

    fn restore_secret(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let secret_id = required_str(input, "SecretId")?;
        let index = self.authorize_secret(
            scope,
            "secretsmanager:RestoreSecret",
            secret_id,
            RequestContext::new(),
        )?;
        let secret = self.secret_at_mut(index)?;
        let was_deleted = secret.deletion.take().is_some();
        let (arn, name, account, region, versions) = (
            secret.arn(),
            secret.name.clone(),
            secret.account.clone(),
            secret.region.clone(),
            secret.versions.len(),
        );
        if was_deleted {
            for _ in 0..versions {
                let record =
                    self.service_event(&account, &region, "CancelSecretVersionDelete", &arn, None, None);
                scope.extra_records.push(record);
            }
        }
        Ok(json!({"ARN": arn, "Name": name}))
    }

    fn rotate_secret(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let secret_id = required_str(input, "SecretId")?;
        let lambda = optional_str(input, "RotationLambdaARN").map(str::to_owned);
        let rules = input.get("RotationRules");
        let immediately = optional_bool(input, "RotateImmediately").unwrap_or(true);
        let mut extra = RequestContext::new();
        if let Some(lambda) = &lambda {
            extra.insert_string("secretsmanager:RotationLambdaARN", lambda);
        }
        extra.insert(
            "secretsmanager:RotateImmediately",
            ContextValue::single(
                ContextKeyType::Boolean,
                if immediately { "true" } else { "false" },
            ),
        );
        extra.insert(
            "secretsmanager:ModifyRotationRules",
            ContextValue::single(
                ContextKeyType::Boolean,
                if rules.is_some() { "true" } else { "false" },
            ),
        );
        let index = self.authorize_secret(scope, "secretsmanager:RotateSecret", secret_id, extra)?;
        let token = self.client_token(input)?;
        let secret = self.secret_at(index)?;
        if secret.is_scheduled_for_deletion() {
            return Err(invalid_request(MARKED_DELETED));
        }
        if secret.primary_region.is_some() {
            return Err(invalid_request(REPLICA_WRITE));
        }
        let function_arn = match (&lambda, &secret.rotation) {
            (Some(arn), _) => arn.clone(),
            (None, Some(config)) => config.lambda_arn.clone(),
            (None, None) => {
                return Err(invalid_request(
                    "No Lambda rotation function ARN is associated with this secret.",
                ))
            }
        };
        let pending_elsewhere = secret
            .version_with_stage(AWSPENDING)
            .is_some_and(|version| !version.stages.iter().any(|label| label.as_str() == AWSCURRENT));
        if pending_elsewhere {
            return Err(invalid_request(
                "A previous rotation isn't complete. That rotation will be reattempted.",
            ));
        }
        let (after_days, schedule, duration) = match rules {
            Some(rules) => {
                let days = rules.get("AutomaticallyAfterDays").and_then(Value::as_i64);
                let schedule = rules
                    .get("ScheduleExpression")
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                let duration = rules.get("Duration").and_then(Value::as_str).map(str::to_owned);
                // Validates the schedule and the window (see `schedule`).
                Schedule::from_rules(days, schedule.as_deref(), duration.as_deref())
                    .map_err(invalid_parameter)?;
                (days, schedule, duration)
            }
            None => match &secret.rotation {
                Some(config) => (
                    config.automatically_after_days,
                    config.schedule_expression.clone(),
                    config.duration.clone(),
                ),
                None => (None, None, None),
            },
        };
        // The caller must be allowed to invoke the function (lambda:InvokeFunction).
        let account = scope.identity.account.clone();
        let invoke = self.authorize_scope(
            scope,
            "lambda:InvokeFunction",
            &plain_target(&function_arn, &account),
            &RequestContext::new(),
        );
        if !invoke.allowed() {
            return Err(access_denied(Service::SecretsManager, &invoke, None));
        }
        // Secrets Manager itself must be allowed to invoke the function by the function's resource policy; if
        // not, RotateSecret fails and the rotation settings are left as they were.
        let secret_arn = self.secret_at(index)?.arn();
        if !self.secrets_manager_may_invoke(&function_arn, &secret_arn) {
            return Err(ApiError::new(
                ErrorCode::AccessDeniedException,
                crate::lifecycle::CANNOT_INVOKE,
            ));
        }
        let secret = self.secret_at_mut(index)?;
        secret.rotation = Some(RotationConfig {
            lambda_arn: function_arn,
            automatically_after_days: after_days,
            schedule_expression: schedule,
            duration,
        });
        secret.rotation_enabled = Some(true);
        let (arn, name) = (secret.arn(), secret.name.clone());
        scope.deferred_rotations.push(super::DeferredRotation {
            secret_arn: arn.clone(),
            token: token.clone(),
            test_only: !immediately,
        });
        Ok(json!({"ARN": arn, "Name": name, "VersionId": token}))
    }

    fn cancel_rotate_secret(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let secret_id = required_str(input, "SecretId")?;
        let index = self.authorize_secret(
            scope,
            "secretsmanager:CancelRotateSecret",
            secret_id,
            RequestContext::new(),
        )?;
        let secret = self.secret_at_mut(index)?;
        if secret.is_scheduled_for_deletion() {
            return Err(invalid_request(MARKED_DELETED));
        }
        if secret.rotation.is_none() {
            return Err(invalid_request("Secret does not have rotation enabled."));
        }
        // Turns automatic rotation off; AWSPENDING is left where it is (CancelRotateSecret reference).
        secret.rotation_enabled = Some(false);
        let mut response = json!({"ARN": secret.arn(), "Name": secret.name});
        if let (Some(version), Some(object)) = (secret.rotation_in_progress.take(), response.as_object_mut())
        {
            json::insert(object, "VersionId", json!(version.as_str()));
        }
        Ok(response)
    }

    fn tag_secret(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let secret_id = required_str(input, "SecretId")?;
        if input.get("Tags").is_none() {
            return Err(super::missing("Tags"));
        }
        let tags = read_tags(input, "Tags");
        let mut extra = RequestContext::new();
        add_request_tags(&mut extra, &tags);
        let index = self.authorize_secret(scope, "secretsmanager:TagResource", secret_id, extra)?;
        if let Some(tag) = tags.iter().find(|tag| tag.key.starts_with("aws:")) {
            return Err(invalid_parameter(format!(
                "Invalid tag key: {}. Tag keys can't start with aws:",
                tag.key
            )));
        }
        let secret = self.secret_at_mut(index)?;
        for tag in tags {
            match secret.tags.iter_mut().find(|existing| existing.key == tag.key) {
                Some(existing) => existing.value = tag.value,
                None => secret.tags.push(tag),
            }
        }
        Ok(json!({}))
    }

    fn untag_secret(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let secret_id = required_str(input, "SecretId")?;
        if input.get("TagKeys").is_none() {
            return Err(super::missing("TagKeys"));
        }
        let keys = string_list(input, "TagKeys");
        let mut extra = RequestContext::new();
        extra.insert(
            "aws:TagKeys",
            ContextValue::list(ContextKeyType::StringList, keys.clone()),
        );
        let index = self.authorize_secret(scope, "secretsmanager:UntagResource", secret_id, extra)?;
        let secret = self.secret_at_mut(index)?;
        secret.tags.retain(|tag| !keys.contains(&tag.key));
        Ok(json!({}))
    }

    fn put_resource_policy(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let secret_id = required_str(input, "SecretId")?;
        let text = required_str(input, "ResourcePolicy")?;
        let block = optional_bool(input, "BlockPublicPolicy").unwrap_or(false);
        let mut extra = RequestContext::new();
        extra.insert(
            "secretsmanager:BlockPublicPolicy",
            ContextValue::single(ContextKeyType::Boolean, if block { "true" } else { "false" }),
        );
        let index = self.authorize_secret(scope, "secretsmanager:PutResourcePolicy", secret_id, extra)?;
        let secret = self.secret_at(index)?;
        if secret.is_scheduled_for_deletion() {
            return Err(invalid_request(MARKED_FOR_DELETION));
        }
        let arn = secret.arn();
        let policy = parse_secret_policy(text, &arn)?;
        if let Some(problem) = self.unsupported_principal(&policy) {
            return Err(ApiError::new(
                ErrorCode::MalformedPolicyDocumentException,
                problem,
            ));
        }
        if block && grants_broad_access(&policy) {
            return Err(ApiError::new(
                ErrorCode::PublicPolicyException,
                "You can't attach a resource-based policy that allows broad access to the secret.",
            ));
        }
        let secret = self.secret_at_mut(index)?;
        secret.resource_policy = Some(policy);
        Ok(json!({"ARN": arn, "Name": secret.name}))
    }

    fn get_resource_policy(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let secret_id = required_str(input, "SecretId")?;
        let index = self.authorize_secret(
            scope,
            "secretsmanager:GetResourcePolicy",
            secret_id,
            RequestContext::new(),
        )?;
        let secret = self.secret_at(index)?;
        let mut response = json!({"ARN": secret.arn(), "Name": secret.name});
        if let (Some(policy), Some(object)) = (&secret.resource_policy, response.as_object_mut()) {
            json::insert(object, "ResourcePolicy", json!(policy.text));
        }
        Ok(response)
    }

    fn delete_resource_policy(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let secret_id = required_str(input, "SecretId")?;
        let index = self.authorize_secret(
            scope,
            "secretsmanager:DeleteResourcePolicy",
            secret_id,
            RequestContext::new(),
        )?;
        let secret = self.secret_at_mut(index)?;
        if secret.is_scheduled_for_deletion() {
            return Err(invalid_request(MARKED_FOR_DELETION));
        }
        secret.resource_policy = None;
        Ok(json!({"ARN": secret.arn(), "Name": secret.name}))
    }

    fn validate_resource_policy(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let text = required_str(input, "ResourcePolicy")?;
        let target_arn = match optional_str(input, "SecretId") {
            Some(secret_id) => {
                // ValidateResourcePolicy needs both permissions (API reference).
                let index = self.authorize_secret(
                    scope,
                    "secretsmanager:ValidateResourcePolicy",
                    secret_id,
                    RequestContext::new(),
                )?;
                self.authorize_secret(
                    scope,
                    "secretsmanager:PutResourcePolicy",
                    secret_id,
                    RequestContext::new(),
                )?;
                self.secret_at(index)?.arn()
            }
            None => {
                let account = scope.identity.account.clone();
                let authorization = self.authorize_scope(
                    scope,
                    "secretsmanager:ValidateResourcePolicy",
                    &plain_target("*", &account),
                    &RequestContext::new(),
                );
                if !authorization.allowed() {
                    return Err(access_denied(Service::SecretsManager, &authorization, None));
                }
                "*".to_owned()
            }
        };
        let policy = parse_secret_policy(text, &target_arn)?;
        let mut errors = Vec::new();
        if grants_broad_access(&policy) {
            errors.push(json!({"CheckName": "BROAD_ACCESS_CHECK", "ErrorMessage": "This resource policy grants broad access to your secret."}));
        }
        if let Some(problem) = self.unsupported_principal(&policy) {
            errors.push(json!({"CheckName": "PRINCIPAL_CHECK", "ErrorMessage": problem}));
        }
        Ok(json!({"PolicyValidationPassed": errors.is_empty(), "ValidationErrors": errors}))
    }

    fn replicate_secret(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let secret_id = required_str(input, "SecretId")?;
        let regions = input
            .get("AddReplicaRegions")
            .and_then(Value::as_array)
            .ok_or_else(|| super::missing("AddReplicaRegions"))?
            .clone();
        let force = optional_bool(input, "ForceOverwriteReplicaSecret").unwrap_or(false);
        let names: Vec<String> = regions
            .iter()
            .filter_map(|entry| entry.get("Region").and_then(Value::as_str))
            .map(str::to_owned)
            .collect();
        let mut extra = RequestContext::new();
        extra.insert(
            "secretsmanager:AddReplicaRegions",
            ContextValue::list(ContextKeyType::StringList, names),
        );
        extra.insert(
            "secretsmanager:ForceOverwriteReplicaSecret",
            ContextValue::single(ContextKeyType::Boolean, if force { "true" } else { "false" }),
        );
        let index =
            self.authorize_secret(scope, "secretsmanager:ReplicateSecretToRegions", secret_id, extra)?;
        let primary = self.secret_at(index)?.clone();
        if primary.primary_region.is_some() {
            return Err(invalid_request(REPLICA_WRITE));
        }
        let mut statuses = Vec::new();
        for entry in &regions {
            let Some(region) = entry.get("Region").and_then(Value::as_str) else {
                continue;
            };
            if !valid_region(region) || region == primary.region {
                return Err(invalid_parameter(format!("Invalid replica region: {region}")));
            }
            let kms = entry.get("KmsKeyId").and_then(Value::as_str).map(str::to_owned);
            let clash = self.secrets.iter().position(|secret| {
                secret.account == primary.account && secret.region == region && secret.name == primary.name
            });
            let (status, message) = match clash {
                Some(_) if !force => (
                    "Failed",
                    format!("Replication failed: Secret name already exists in region {region}."),
                ),
                Some(existing) => {
                    self.secrets.remove(existing);
                    ("InSync", "Replication succeeded".to_owned())
                }
                None => ("InSync", "Replication succeeded".to_owned()),
            };
            if status == "InSync" {
                if kms.is_none() {
                    self.ensure_secrets_manager_key(&primary.account, region);
                }
                let mut replica = primary.clone();
                replica.region = region.to_owned();
                replica.kms_key_id = kms.clone();
                replica.replicas = Vec::new();
                replica.primary_region = Some(primary.region.clone());
                replica.rotation = None;
                replica.rotation_enabled = None;
                self.secrets.push(replica);
            }
            let replica = Replica {
                region: region.to_owned(),
                kms_key_id: kms,
                status: status.to_owned(),
                status_message: message,
            };
            statuses.push(replica_json(&replica));
            if let Some(primary_secret) = self
                .secrets
                .iter_mut()
                .find(|secret| secret.arn() == primary.arn())
            {
                primary_secret
                    .replicas
                    .retain(|existing| existing.region != replica.region);
                primary_secret.replicas.push(replica);
            }
        }
        Ok(json!({"ARN": primary.arn(), "ReplicationStatus": statuses}))
    }

    fn remove_replicas(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let secret_id = required_str(input, "SecretId")?;
        let regions = string_list(input, "RemoveReplicaRegions");
        if input.get("RemoveReplicaRegions").is_none() {
            return Err(super::missing("RemoveReplicaRegions"));
        }
        let index = self.authorize_secret(
            scope,
            "secretsmanager:RemoveRegionsFromReplication",
            secret_id,
            RequestContext::new(),
        )?;
        let primary = self.secret_at(index)?.clone();
        for region in &regions {
            if !primary.replicas.iter().any(|replica| &replica.region == region) {
                return Err(invalid_parameter(format!("Invalid replica region: {region}")));
            }
        }
        // Replicas are deleted immediately.
        self.secrets.retain(|secret| {
            !(secret.name == primary.name
                && secret.account == primary.account
                && regions.contains(&secret.region)
                && secret.primary_region.is_some())
        });
        let Some(primary_secret) = self
            .secrets
            .iter_mut()
            .find(|secret| secret.arn() == primary.arn())
        else {
            return Err(not_found());
        };
        primary_secret
            .replicas
            .retain(|replica| !regions.contains(&replica.region));
        let statuses: Vec<Value> = primary_secret.replicas.iter().map(replica_json).collect();
        Ok(json!({"ARN": primary.arn(), "ReplicationStatus": statuses}))
    }

    fn stop_replication(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let secret_id = required_str(input, "SecretId")?;
        let index = self.authorize_secret(
            scope,
            "secretsmanager:StopReplicationToReplica",
            secret_id,
            RequestContext::new(),
        )?;
        let replica = self.secret_at(index)?.clone();
        let Some(primary_region) = replica.primary_region.clone() else {
            return Err(invalid_request(
                "This operation can only be performed on a replica secret.",
            ));
        };
        if let Some(primary) = self.secrets.iter_mut().find(|secret| {
            secret.account == replica.account
                && secret.region == primary_region
                && secret.name == replica.name
        }) {
            primary
                .replicas
                .retain(|existing| existing.region != replica.region);
        }
        let secret = self.secret_at_mut(index)?;
        secret.primary_region = None;
        Ok(json!({"ARN": secret.arn()}))
    }

    fn get_random_password(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let account = scope.identity.account.clone();
        let authorization = self.authorize_scope(
            scope,
            "secretsmanager:GetRandomPassword",
            &plain_target("*", &account),
            &RequestContext::new(),
        );
        if !authorization.allowed() {
            return Err(access_denied(Service::SecretsManager, &authorization, None));
        }
        let length = optional_i64(input, "PasswordLength").unwrap_or(32);
        if !(1..=4096).contains(&length) {
            return Err(invalid_parameter("Password length must be between 1 and 4096."));
        }
        let options = PasswordOptions {
            exclude: optional_str(input, "ExcludeCharacters")
                .unwrap_or_default()
                .chars()
                .collect(),
            numbers: !optional_bool(input, "ExcludeNumbers").unwrap_or(false),
            punctuation: !optional_bool(input, "ExcludePunctuation").unwrap_or(false),
            uppercase: !optional_bool(input, "ExcludeUppercase").unwrap_or(false),
            lowercase: !optional_bool(input, "ExcludeLowercase").unwrap_or(false),
            space: optional_bool(input, "IncludeSpace").unwrap_or(false),
            require_each: optional_bool(input, "RequireEachIncludedType").unwrap_or(true),
        };
        let password = self.random_password(usize::try_from(length).unwrap_or(32), &options)?;
        scope.response_for_trail = Some(Value::Null);
        Ok(json!({ "RandomPassword": password }))
    }

    /// A password from the seeded generator. With `require_each`, one character of each included type is
    /// placed first and the rest is drawn from the whole set (then the whole is shuffled).
    pub(crate) fn random_password(
        &mut self,
        length: usize,
        options: &PasswordOptions,
    ) -> Result<String, ApiError> {
        let mut classes: Vec<Vec<char>> = Vec::new();
        let keep = |characters: &str| -> Vec<char> {
            characters
                .chars()
                .filter(|character| !options.exclude.contains(character))
                .collect()
        };
        if options.uppercase {
            classes.push(keep("ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
        }
        if options.lowercase {
            classes.push(keep("abcdefghijklmnopqrstuvwxyz"));
        }
        if options.numbers {
            classes.push(keep("0123456789"));
        }
        if options.punctuation {
            classes.push(keep("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"));
        }
        if options.space {
            classes.push(keep(" "));
        }
        classes.retain(|class| !class.is_empty());
        let all: Vec<char> = classes.iter().flatten().copied().collect();
        if all.is_empty() || (options.require_each && classes.len() > length) {
            return Err(invalid_parameter(
                "The password length is too short to include one of each required character type.",
            ));
        }
        let mut password: Vec<char> = Vec::with_capacity(length);
        if options.require_each {
            for class in &classes {
                password.extend(self.ids.text_from(class, 1).chars());
            }
        }
        let rest = length.saturating_sub(password.len());
        password.extend(self.ids.text_from(&all, rest).chars());
        for position in (1..password.len()).rev() {
            let other = usize::try_from(self.ids.below(position as u64 + 1)).unwrap_or(0);
            password.swap(position, other);
        }
        Ok(password.into_iter().collect())
    }

    /// The ClientRequestToken of a request, or a fresh UUID (the SDKs always fill one in).
    fn client_token(&mut self, input: &Value) -> Result<String, ApiError> {
        match optional_str(input, "ClientRequestToken") {
            Some(token) if !(32..=64).contains(&token.len()) => Err(invalid_parameter(
                "ClientRequestToken must be 32-64 characters long.",
            )),
            Some(token) => Ok(token.to_owned()),
            None => Ok(self.ids.uuid()),
        }
    }

    /// The next rotation window `(opens, closes)` of a secret with rotation enabled (see `schedule`). The
    /// window follows the last rotation or the last new value, whichever is later: AWS counts a value written
    /// by PutSecretValue or UpdateSecret as a rotation (RotationRulesType).
    pub(crate) fn rotation_window(&self, secret: &Secret) -> Option<(Timestamp, Timestamp)> {
        if secret.rotation_enabled != Some(true) {
            return None;
        }
        let config = secret.rotation.as_ref()?;
        let schedule = Schedule::from_rules(
            config.automatically_after_days,
            config.schedule_expression.as_deref(),
            config.duration.as_deref(),
        )
        .ok()??;
        let base = [
            Some(secret.created),
            secret.last_rotated,
            secret
                .version_with_stage(AWSCURRENT)
                .map(|version| version.created),
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(secret.created);
        schedule.next_window(base)
    }

    /// `NextRotationDate`: the last second of the next rotation window.
    pub(crate) fn next_rotation(&self, secret: &Secret) -> Option<Timestamp> {
        self.rotation_window(secret).map(|(_, closes)| closes)
    }

    /// A resource policy naming an account outside the world or a role that does not exist is rejected, as
    /// Secrets Manager rejects principals it cannot resolve.
    fn unsupported_principal(&self, policy: &StoredPolicy) -> Option<String> {
        for statement in &policy.document.statements {
            let Some(clause) = &statement.principal else {
                continue;
            };
            let PrincipalSet::Keyed(entries) = &clause.value.principals else {
                continue;
            };
            for (key, values) in entries {
                for value in values {
                    let value = value.value.as_str();
                    let unsupported = match key.value {
                        policy::PrincipalKey::Aws => {
                            value.contains(":role/") && self.role_by_arn(value).is_none()
                        }
                        _ => false,
                    };
                    if unsupported {
                        return Some("This resource policy contains an unsupported principal.".to_owned());
                    }
                    if key.value == policy::PrincipalKey::Service && !value.ends_with(".amazonaws.com") {
                        return Some(
                            "This resource policy contains an invalid service principal.".to_owned(),
                        );
                    }
                }
            }
        }
        None
    }
}

/// Options of GetRandomPassword.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PasswordOptions {
    pub exclude: Vec<char>,
    pub numbers: bool,
    pub punctuation: bool,
    pub uppercase: bool,
    pub lowercase: bool,
    pub space: bool,
    pub require_each: bool,
}

impl Default for PasswordOptions {
    fn default() -> Self {
        Self {
            exclude: Vec::new(),
            numbers: true,
            punctuation: true,
            uppercase: true,
            lowercase: true,
            space: false,
            require_each: true,
        }
    }
}

fn parse_secret_policy(text: &str, arn: &str) -> Result<StoredPolicy, ApiError> {
    StoredPolicy::parse(text, PolicyKind::SecretResource, arn, Layer::Resource).map_err(|_| {
        ApiError::new(
            ErrorCode::MalformedPolicyDocumentException,
            "This resource policy contains a syntax error.",
        )
    })
}

/// Approximates Zelkova's "broad access": an Allow statement whose principal is everyone and whose conditions
/// do not pin one of the keys that make a grant non-public (reference §2.7).
pub(crate) fn grants_broad_access(policy: &StoredPolicy) -> bool {
    const RESTRICTING: [&str; 9] = [
        "aws:sourcearn",
        "aws:sourcevpc",
        "aws:sourcevpce",
        "aws:sourceaccount",
        "aws:principalarn",
        "aws:principalorgid",
        "aws:principalaccount",
        "aws:sourceip",
        "aws:userid",
    ];
    policy.document.statements.iter().any(|statement| {
        if statement.effect.value != policy::Effect::Allow {
            return false;
        }
        let Some(clause) = &statement.principal else {
            return false;
        };
        let everyone = match &clause.value.principals {
            PrincipalSet::Everyone => true,
            PrincipalSet::Keyed(entries) => entries.iter().any(|(key, values)| {
                key.value == policy::PrincipalKey::Aws && values.iter().any(|value| value.value == "*")
            }),
        };
        let restricted = statement.conditions.iter().any(|condition| {
            RESTRICTING.contains(&condition.key.value.to_ascii_lowercase().as_str())
                && !condition.values.iter().any(|value| value.value.contains('*'))
        });
        (everyone || clause.value.negated) && !restricted
    })
}

fn add_request_tags(context: &mut RequestContext, tags: &[Tag]) {
    for tag in tags {
        context.insert_string(&format!("aws:RequestTag/{}", tag.key), &tag.value);
    }
    if !tags.is_empty() {
        context.insert(
            "aws:TagKeys",
            ContextValue::list(
                ContextKeyType::StringList,
                tags.iter().map(|tag| tag.key.clone()).collect(),
            ),
        );
    }
}

fn validate_name(name: &str) -> Result<(), ApiError> {
    let valid = !name.is_empty()
        && name.len() <= 512
        && name
            .chars()
            .all(|character| character.is_ascii_alphanumeric() || "/_+=.@-!".contains(character));
    if valid {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::ValidationException,
            "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!",
        ))
    }
}

fn valid_region(region: &str) -> bool {
    let mut parts = region.rsplitn(2, '-');
    let number = parts.next().unwrap_or_default();
    let words = parts.next().unwrap_or_default();
    !number.is_empty()
        && number.chars().all(|character| character.is_ascii_digit())
        && !words.is_empty()
        && words
            .split('-')
            .all(|word| !word.is_empty() && word.chars().all(|character| character.is_ascii_lowercase()))
}

/// The value of a write request: at most one of `SecretString` and `SecretBinary`.
fn read_value(input: &Value) -> Result<Option<SecretValue>, ApiError> {
    match (
        optional_str(input, "SecretString"),
        optional_str(input, "SecretBinary"),
    ) {
        (Some(_), Some(_)) => Err(invalid_parameter(
            "You can't specify both a binary secret value and a string secret value in the same secret.",
        )),
        (Some(text), None) => Ok(Some(SecretValue::String(text.to_owned()))),
        (None, Some(bytes)) => Ok(Some(SecretValue::Binary(bytes.to_owned()))),
        (None, None) => Ok(None),
    }
}

/// Moves `label` onto `target`. Moving AWSCURRENT gives the version it left AWSPREVIOUS (taken from wherever
/// it was); any other label simply leaves the version that had it.
pub(crate) fn move_label(secret: &mut Secret, label: &str, target: &VersionId) {
    if label == AWSCURRENT {
        let old = secret
            .version_with_stage(AWSCURRENT)
            .map(|version| version.id.clone());
        if old.as_ref() != Some(target) {
            for version in &mut secret.versions {
                version.stages.retain(|existing| existing.as_str() != AWSPREVIOUS);
            }
            if let Some(old) = old {
                if let Some(version) = secret.versions.iter_mut().find(|version| version.id == old) {
                    version.stages.retain(|existing| existing.as_str() != AWSCURRENT);
                    version.stages.push(StagingLabel::previous());
                }
            }
        }
    } else {
        for version in secret.versions.iter_mut().filter(|version| &version.id != target) {
            version.stages.retain(|existing| existing.as_str() != label);
        }
    }
    if let Some(version) = secret.versions.iter_mut().find(|version| &version.id == target) {
        if !version.stages.iter().any(|existing| existing.as_str() == label) {
            version.stages.push(StagingLabel::new(label));
        }
    }
}

/// Adds a version with `stages` (default `[AWSCURRENT]`; the first version always gets AWSCURRENT). Returns
/// the new version's labels.
pub(crate) fn add_version(
    secret: &mut Secret,
    id: VersionId,
    value: SecretValue,
    stages: Option<Vec<String>>,
    now: Timestamp,
    key_arn: String,
) -> Vec<StagingLabel> {
    let mut stages = stages.unwrap_or_else(|| vec![AWSCURRENT.to_owned()]);
    if secret.version_with_stage(AWSCURRENT).is_none() && !stages.iter().any(|stage| stage == AWSCURRENT) {
        stages.push(AWSCURRENT.to_owned());
    }
    secret.versions.push(SecretVersion {
        id: id.clone(),
        value: Some(value),
        stages: Vec::new(),
        created: now,
        last_accessed: None,
        key_arn,
        earlier_key_arns: Vec::new(),
    });
    for stage in &stages {
        move_label(secret, stage, &id);
    }
    secret
        .version(id.as_str())
        .map(|version| version.stages.clone())
        .unwrap_or_default()
}

fn stages_json(stages: &[StagingLabel]) -> Value {
    Value::Array(stages.iter().map(|label| json!(label.as_str())).collect())
}

fn replica_json(replica: &Replica) -> Value {
    let mut entry = Map::new();
    json::insert(&mut entry, "Region", json!(replica.region));
    if let Some(key) = &replica.kms_key_id {
        json::insert(&mut entry, "KmsKeyId", json!(key));
    }
    json::insert(&mut entry, "Status", json!(replica.status));
    json::insert(&mut entry, "StatusMessage", json!(replica.status_message));
    Value::Object(entry)
}

/// The metadata DescribeSecret and ListSecrets share; absent fields are left out, as AWS does.
fn metadata(secret: &Secret, next_rotation: Option<Timestamp>, versions_member: &str) -> Map<String, Value> {
    let mut response = Map::new();
    json::insert(&mut response, "ARN", json!(secret.arn()));
    json::insert(&mut response, "Name", json!(secret.name));
    if let Some(description) = &secret.description {
        json::insert(&mut response, "Description", json!(description));
    }
    if let Some(key) = &secret.kms_key_id {
        json::insert(&mut response, "KmsKeyId", json!(key));
    }
    if let Some(enabled) = secret.rotation_enabled {
        json::insert(&mut response, "RotationEnabled", json!(enabled));
    }
    if let Some(rotation) = &secret.rotation {
        json::insert(&mut response, "RotationLambdaARN", json!(rotation.lambda_arn));
        let mut rules = Map::new();
        if let Some(days) = rotation.automatically_after_days {
            json::insert(&mut rules, "AutomaticallyAfterDays", json!(days));
        }
        if let Some(expression) = &rotation.schedule_expression {
            json::insert(&mut rules, "ScheduleExpression", json!(expression));
        }
        if let Some(duration) = &rotation.duration {
            json::insert(&mut rules, "Duration", json!(duration));
        }
        json::insert(&mut response, "RotationRules", Value::Object(rules));
    }
    if let Some(rotated) = secret.last_rotated {
        json::insert(&mut response, "LastRotatedDate", rotated.epoch_json());
    }
    json::insert(&mut response, "LastChangedDate", secret.last_changed.epoch_json());
    if let Some(accessed) = secret.last_accessed {
        json::insert(&mut response, "LastAccessedDate", accessed.epoch_json());
    }
    if let Some((deleted, _)) = secret.deletion {
        json::insert(&mut response, "DeletedDate", deleted.epoch_json());
    }
    if let Some(next) = next_rotation {
        json::insert(&mut response, "NextRotationDate", next.epoch_json());
    }
    if !secret.tags.is_empty() {
        json::insert(&mut response, "Tags", tags_json(&secret.tags));
    }
    let mut stages = Map::new();
    for version in secret
        .versions
        .iter()
        .filter(|version| !version.stages.is_empty())
    {
        stages.insert(version.id.to_string(), stages_json(&version.stages));
    }
    if !stages.is_empty() {
        response.insert(versions_member.into(), Value::Object(stages));
    }
    json::insert(&mut response, "CreatedDate", secret.created.epoch_json());
    if let Some(primary) = &secret.primary_region {
        json::insert(&mut response, "PrimaryRegion", json!(primary));
    } else if !secret.replicas.is_empty() {
        json::insert(&mut response, "PrimaryRegion", json!(secret.region));
    }
    if !secret.replicas.is_empty() {
        json::insert(
            &mut response,
            "ReplicationStatus",
            Value::Array(secret.replicas.iter().map(replica_json).collect()),
        );
    }
    response
}

pub(crate) fn describe(secret: &Secret, next_rotation: Option<Timestamp>) -> Value {
    Value::Object(metadata(secret, next_rotation, "VersionIdsToStages"))
}

fn list_entry(secret: &Secret, next_rotation: Option<Timestamp>) -> Value {
    Value::Object(metadata(secret, next_rotation, "SecretVersionsToStages"))
}

/// One ListSecrets / BatchGetSecretValue filter: key, values (ORed), each possibly negated with `!`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Filter {
    key: String,
    values: Vec<String>,
}

fn parse_filters(filters: &[Value]) -> Result<Vec<Filter>, ApiError> {
    if filters.len() > 10 {
        return Err(invalid_parameter("You can specify a maximum of 10 filters."));
    }
    filters
        .iter()
        .map(|filter| {
            let key = filter.get("Key").and_then(Value::as_str).unwrap_or_default();
            if !["description", "name", "tag-key", "tag-value", "primary-region", "owning-service", "all"].contains(&key) {
                return Err(ApiError::new(
                    ErrorCode::ValidationException,
                    format!("1 validation error detected: Value '{key}' at 'filters.1.member.key' failed to satisfy constraint: Member must satisfy enum value set: [all, name, tag-key, description, tag-value, primary-region, owning-service]"),
                ));
            }
            Ok(Filter { key: key.to_owned(), values: string_list(filter, "Values") })
        })
        .collect()
}

impl Filter {
    /// Multiple values OR together; a value starting with `!` negates (moto's reading of the API docs).
    fn matches(&self, secret: &Secret) -> bool {
        self.values.iter().any(|value| {
            let (negated, value) = match value.strip_prefix('!') {
                Some(rest) => (true, rest),
                None => (false, value.as_str()),
            };
            let lower = value.to_lowercase();
            let hit = match self.key.as_str() {
                "name" => secret.name.starts_with(value),
                "description" => secret
                    .description
                    .as_deref()
                    .is_some_and(|text| text.to_lowercase().starts_with(&lower)),
                "tag-key" => secret.tags.iter().any(|tag| tag.key.starts_with(value)),
                "tag-value" => secret.tags.iter().any(|tag| tag.value.starts_with(value)),
                "primary-region" => secret
                    .primary_region
                    .as_deref()
                    .unwrap_or(&secret.region)
                    .starts_with(value),
                "owning-service" => false,
                _ => {
                    let words: Vec<&str> = lower.split_whitespace().collect();
                    let haystack = format!(
                        "{} {} {}",
                        secret.name.to_lowercase(),
                        secret.description.as_deref().unwrap_or_default().to_lowercase(),
                        secret
                            .tags
                            .iter()
                            .map(|tag| format!("{} {}", tag.key, tag.value))
                            .collect::<Vec<_>>()
                            .join(" ")
                            .to_lowercase()
                    );
                    words.iter().all(|word| haystack.contains(word))
                }
            };
            hit != negated
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::AccountId;

    fn secret() -> Secret {
        Secret {
            account: AccountId::new("111122223333"),
            region: "us-east-1".to_owned(),
            name: "s".to_owned(),
            suffix: "AbCdEf".to_owned(),
            description: Some("Database password".to_owned()),
            kms_key_id: None,
            versions: Vec::new(),
            tags: vec![Tag {
                key: "team".to_owned(),
                value: "cart".to_owned(),
            }],
            resource_policy: None,
            rotation: None,
            rotation_enabled: None,
            last_rotated: None,
            last_changed: Timestamp(0),
            last_accessed: None,
            created: Timestamp(0),
            deletion: None,
            replicas: Vec::new(),
            primary_region: None,
            rotation_in_progress: None,
        }
    }

    fn labels(secret: &Secret, id: &str) -> Vec<String> {
        secret
            .version(id)
            .map(|version| version.stages.iter().map(|label| label.to_string()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn new_values_push_current_to_previous() {
        let mut secret = secret();
        let value = || SecretValue::String("v".to_owned());
        add_version(
            &mut secret,
            VersionId::new("one"),
            value(),
            None,
            Timestamp(0),
            String::new(),
        );
        add_version(
            &mut secret,
            VersionId::new("two"),
            value(),
            None,
            Timestamp(1),
            String::new(),
        );
        add_version(
            &mut secret,
            VersionId::new("three"),
            value(),
            None,
            Timestamp(2),
            String::new(),
        );
        assert_eq!(labels(&secret, "one"), Vec::<String>::new(), "deprecated");
        assert_eq!(labels(&secret, "two"), ["AWSPREVIOUS"]);
        assert_eq!(labels(&secret, "three"), ["AWSCURRENT"]);
        // A pending version leaves AWSCURRENT alone; promoting it keeps AWSPENDING on it.
        add_version(
            &mut secret,
            VersionId::new("four"),
            value(),
            Some(vec![AWSPENDING.to_owned()]),
            Timestamp(3),
            String::new(),
        );
        assert_eq!(labels(&secret, "four"), ["AWSPENDING"]);
        move_label(&mut secret, AWSCURRENT, &VersionId::new("four"));
        assert_eq!(labels(&secret, "four"), ["AWSPENDING", "AWSCURRENT"]);
        assert_eq!(labels(&secret, "three"), ["AWSPREVIOUS"]);
        assert_eq!(labels(&secret, "two"), Vec::<String>::new());
    }

    #[test]
    fn the_first_version_is_always_current() {
        let mut secret = secret();
        let stages = add_version(
            &mut secret,
            VersionId::new("one"),
            SecretValue::String("v".to_owned()),
            Some(vec!["CUSTOM".to_owned()]),
            Timestamp(0),
            String::new(),
        );
        assert_eq!(
            stages.iter().map(|label| label.as_str()).collect::<Vec<_>>(),
            ["CUSTOM", "AWSCURRENT"]
        );
    }

    #[test]
    fn rates_regions_names_and_filters() {
        assert!(valid_region("eu-west-1") && valid_region("us-gov-west-1"));
        assert!(!valid_region("mars") && !valid_region("EU-1") && !valid_region("-1"));
        assert!(validate_name("prod/cart-service/credentials").is_ok());
        assert!(validate_name("").is_err() && validate_name("a b").is_err());
        let filter = |key: &str, value: &str| Filter {
            key: key.to_owned(),
            values: vec![value.to_owned()],
        };
        let secret = secret();
        assert!(
            filter("description", "database").matches(&secret),
            "description is case-insensitive"
        );
        assert!(!filter("name", "S").matches(&secret), "name is case-sensitive");
        assert!(filter("tag-key", "!owner").matches(&secret));
        assert!(filter("all", "cart password").matches(&secret));
    }

    #[test]
    fn broad_access_needs_everyone_without_a_pinning_condition() {
        let parse = |text: &str| {
            parse_secret_policy(
                text,
                "arn:aws:secretsmanager:us-east-1:111122223333:secret:s-AbCdEf",
            )
            .unwrap()
        };
        let open = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}"#;
        assert!(grants_broad_access(&parse(open)));
        let pinned = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"secretsmanager:GetSecretValue","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1"}}}]}"#;
        assert!(!grants_broad_access(&parse(pinned)));
        let deny = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}"#;
        assert!(!grants_broad_access(&parse(deny)));
    }
}
