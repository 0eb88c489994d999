//! KMS: keys, aliases and key policies; the AWS managed key `aws/secretsmanager` (created on first use);
//! the KMS leg of Secrets Manager (Decrypt / GenerateDataKey on the caller's behalf, authorised against the
//! key policy with `kms:ViaService`); and the direct KMS operations. Ciphertexts are simulated: a marker, the
//! key id, the encryption context and the plaintext, base64-encoded — not encryption.

use policy::parse::PolicyKind;
use policy::{Layer, RequestContext};
use serde_json::{Map, Value};

use super::{access_denied, optional_i64, optional_str, required_str, unknown_operation, CallScope};
use crate::api::{ApiError, ErrorCode, Service};
use crate::audit::AuditResource;
use crate::auth::{add_via_secrets_manager, key_target, plain_target};
use crate::ids::AccountId;
use crate::json;
use crate::model::{Alias, Key, KeyState, Secret, StoredPolicy};
use crate::state::Account;

pub const SECRETS_MANAGER_ALIAS: &str = "alias/aws/secretsmanager";

/// Which KMS call Secrets Manager makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KmsUse {
    Decrypt,
    GenerateDataKey,
    /// Re-encrypting a version's data key under a new key (UpdateSecret with a new `KmsKeyId`).
    Encrypt,
}

impl KmsUse {
    fn action(self) -> &'static str {
        match self {
            KmsUse::Decrypt => "kms:Decrypt",
            KmsUse::GenerateDataKey => "kms:GenerateDataKey",
            KmsUse::Encrypt => "kms:Encrypt",
        }
    }
    fn event_name(self) -> &'static str {
        match self {
            KmsUse::Decrypt => "Decrypt",
            KmsUse::GenerateDataKey => "GenerateDataKey",
            KmsUse::Encrypt => "Encrypt",
        }
    }
}

/// The default key policy KMS gives a key created without one (KMS Developer Guide, key-policy-default).
pub fn default_key_policy(account: &str) -> String {
    format!(
        "{{\n  \"Version\": \"2012-10-17\",\n  \"Id\": \"key-default-1\",\n  \"Statement\": [\n    {{\n      \"Sid\": \"Enable IAM User Permissions\",\n      \"Effect\": \"Allow\",\n      \"Principal\": {{\"AWS\": \"arn:aws:iam::{account}:root\"}},\n      \"Action\": \"kms:*\",\n      \"Resource\": \"*\"\n    }}\n  ]\n}}"
    )
}

/// The key policy of `aws/secretsmanager` (Secrets Manager User Guide, security-encryption).
fn secrets_manager_key_policy(account: &str, region: &str) -> String {
    format!(
        r#"{{
  "Version": "2012-10-17",
  "Id": "auto-secretsmanager-2",
  "Statement": [
    {{
      "Sid": "Allow access through AWS Secrets Manager for all principals in the account that are authorized to use AWS Secrets Manager",
      "Effect": "Allow",
      "Principal": {{"AWS": "*"}},
      "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"],
      "Resource": "*",
      "Condition": {{
        "StringEquals": {{
          "kms:CallerAccount": "{account}",
          "kms:ViaService": "secretsmanager.{region}.amazonaws.com"
        }}
      }}
    }},
    {{
      "Sid": "Allow direct access to key metadata to the account",
      "Effect": "Allow",
      "Principal": {{"AWS": "arn:aws:iam::{account}:root"}},
      "Action": ["kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant"],
      "Resource": "*"
    }}
  ]
}}"#
    )
}

impl Account {
    /// Finds a key by key id, key ARN, alias name or alias ARN, as seen from `account` in `region`.
    pub(crate) fn find_key(&self, identifier: &str, account: &AccountId, region: &str) -> Option<&Key> {
        if identifier.starts_with("arn:") {
            if let Some(key) = self.keys.iter().find(|key| key.arn() == identifier) {
                return Some(key);
            }
            let alias = self.aliases.iter().find(|alias| alias.arn() == identifier)?;
            return self
                .keys
                .iter()
                .find(|key| key.id == alias.key_id && key.account == alias.account);
        }
        if identifier.starts_with("alias/") {
            let alias = self.aliases.iter().find(|alias| {
                alias.name == identifier && &alias.account == account && alias.region == region
            })?;
            return self
                .keys
                .iter()
                .find(|key| key.id == alias.key_id && &key.account == account);
        }
        self.keys
            .iter()
            .find(|key| key.id == identifier && &key.account == account && key.region == region)
    }

    /// The key a secret's values are encrypted under (`aws/secretsmanager` when none is configured).
    pub(crate) fn resolve_key_for_secret(&self, secret: &Secret) -> Option<&Key> {
        let identifier = secret.kms_key_id.as_deref().unwrap_or(SECRETS_MANAGER_ALIAS);
        self.find_key(identifier, &secret.account, &secret.region)
    }

    /// Creates `aws/secretsmanager` in the account and Region if it does not exist yet.
    pub(crate) fn ensure_secrets_manager_key(&mut self, account: &AccountId, region: &str) {
        if self.find_key(SECRETS_MANAGER_ALIAS, account, region).is_some() {
            return;
        }
        let text = secrets_manager_key_policy(account.as_str(), region);
        let id = self.ids.uuid();
        let arn = format!("arn:aws:kms:{region}:{account}:key/{id}");
        let Ok(policy) = StoredPolicy::parse(&text, PolicyKind::KeyPolicy, &arn, Layer::Resource) else {
            return;
        };
        self.keys.push(Key {
            account: account.clone(),
            region: region.to_owned(),
            id: id.clone(),
            description: "Default key that protects my Secrets Manager data when no other key is defined"
                .to_owned(),
            policy,
            state: KeyState::Enabled,
            aws_managed: true,
            created: self.now,
        });
        self.aliases.push(Alias {
            account: account.clone(),
            region: region.to_owned(),
            name: SECRETS_MANAGER_ALIAS.to_owned(),
            key_id: id,
        });
    }

    /// The KMS call Secrets Manager makes for the caller: authorised against the caller's policies and the
    /// key policy with `kms:ViaService`, logged as a KMS record `invokedBy` Secrets Manager. Returns the key
    /// ARN. Failures are Secrets Manager's: `Access to KMS is not allowed`, DecryptionFailure,
    /// EncryptionFailure.
    pub(crate) fn kms_leg(
        &mut self,
        scope: &mut CallScope,
        secret_index: usize,
        usage: KmsUse,
        version_id: &str,
    ) -> Result<String, ApiError> {
        let Some(secret) = self.secrets.get(secret_index) else {
            return Err(ApiError::new(
                ErrorCode::ResourceNotFoundException,
                "Secrets Manager can't find the specified secret.",
            ));
        };
        let (secret_account, secret_region, secret_arn) =
            (secret.account.clone(), secret.region.clone(), secret.arn());
        let uses_default_key = secret.kms_key_id.is_none();
        if uses_default_key {
            if secret_account != scope.identity.account {
                return Err(ApiError::new(
                    ErrorCode::InvalidRequestException,
                    "You can't access a secret from a different AWS account if you encrypt the secret with the default KMS service key.",
                ));
            }
            self.ensure_secrets_manager_key(&secret_account, &secret_region);
        }
        // Decrypt uses a key the version is encrypted under: the configured key when the version is (also)
        // under it, else the key it was written with (a version UpdateSecret could not re-encrypt, or an
        // unlabelled version left under the old key). Writes use the configured key.
        let configured = self
            .secrets
            .get(secret_index)
            .and_then(|secret| self.resolve_key_for_secret(secret));
        let version_key = self
            .secrets
            .get(secret_index)
            .and_then(|secret| secret.version(version_id))
            .filter(|_| usage == KmsUse::Decrypt)
            .filter(|version| configured.is_none_or(|key| !version.key_arns().contains(&key.arn().as_str())))
            .and_then(|version| {
                self.keys
                    .iter()
                    .find(|key| key.arn() == version.key_arn && key.region == secret_region)
            });
        let Some(key) = version_key.or(configured) else {
            // Modelled on KMS NotFoundException surfacing through Secrets Manager (exact text UNCONFIRMED).
            let code = if usage == KmsUse::Decrypt {
                ErrorCode::DecryptionFailure
            } else {
                ErrorCode::EncryptionFailure
            };
            return Err(ApiError::new(
                code,
                "Secrets Manager can't find the specified KMS key.",
            ));
        };
        let key_arn = key.arn();
        let key_account = key.account.clone();
        let state = key.state;
        let mut extra = RequestContext::new();
        add_via_secrets_manager(&mut extra, &secret_region, &scope.identity.account);
        extra.insert_string("kms:EncryptionContext:SecretARN", &secret_arn);
        extra.insert_string("kms:EncryptionContext:SecretVersionId", version_id);
        extra.insert(
            "kms:EncryptionContextKeys",
            policy::ContextValue::list(
                policy::ContextKeyType::StringList,
                vec!["SecretARN".to_owned(), "SecretVersionId".to_owned()],
            ),
        );
        let target = key_target(key);
        let authorization = self.authorize(
            &scope.identity,
            &scope.caller.network,
            None,
            &secret_region,
            usage.action(),
            &target,
            &extra,
        );
        let mut parameters = Map::new();
        if usage != KmsUse::Decrypt {
            json::insert(&mut parameters, "keyId", json!(key_arn));
        }
        json::insert(
            &mut parameters,
            "encryptionContext",
            json!({"SecretARN": secret_arn, "SecretVersionId": version_id}),
        );
        if usage == KmsUse::GenerateDataKey {
            json::insert(&mut parameters, "keySpec", json!("AES_256"));
        } else {
            json::insert(&mut parameters, "encryptionAlgorithm", json!("SYMMETRIC_DEFAULT"));
        }
        let resources = vec![AuditResource {
            arn: key_arn.clone(),
            account_id: key_account.to_string(),
            resource_type: "AWS::KMS::Key".to_owned(),
        }];
        let kms_error = if !authorization.allowed() {
            Some(access_denied(Service::Kms, &authorization, None))
        } else {
            match state {
                KeyState::Enabled => None,
                KeyState::Disabled => Some(ApiError::new(
                    ErrorCode::DisabledException,
                    format!("{key_arn} is disabled."),
                )),
                KeyState::PendingDeletion(_) => Some(ApiError::new(
                    ErrorCode::KmsInvalidStateException,
                    format!("{key_arn} is pending deletion."),
                )),
            }
        };
        let record = self.invoked_record(
            scope,
            Service::Kms,
            usage.event_name(),
            Value::Object(parameters),
            kms_error.as_ref(),
            resources,
        );
        scope.extra_records.push(record);
        if !authorization.allowed() {
            scope.denials.push(authorization.clone());
        }
        if !authorization.allowed() {
            return Err(ApiError::new(
                ErrorCode::AccessDeniedException,
                "Access to KMS is not allowed",
            ));
        }
        if let Some(error) = kms_error {
            let request_id = self.ids.uuid();
            let (code, verb) = match usage {
                KmsUse::Decrypt => (ErrorCode::DecryptionFailure, "decrypt"),
                KmsUse::GenerateDataKey | KmsUse::Encrypt => (ErrorCode::EncryptionFailure, "encrypt"),
            };
            // DecryptionFailure text from the Secrets Manager troubleshooting guide; the EncryptionFailure
            // variant mirrors it (UNCONFIRMED).
            return Err(ApiError::new(
                code,
                format!(
                    "Secrets Manager can't {verb} the secret value: {} (Service: AWSKMS; Status Code: 400; Error Code: {}; Request ID: {request_id}; Proxy: null)",
                    error.message,
                    error.code.as_str()
                ),
            ));
        }
        Ok(key_arn)
    }

    pub(crate) fn kms_call(
        &mut self,
        scope: &mut CallScope,
        operation: &str,
        input: &Value,
    ) -> Result<Value, ApiError> {
        match operation {
            "CreateKey" => self.kms_create_key(scope, input),
            "DescribeKey" => self.kms_key_operation(scope, input, "DescribeKey"),
            "CreateAlias" => self.kms_create_alias(scope, input),
            "DeleteAlias" => self.kms_delete_alias(scope, input),
            "PutKeyPolicy"
            | "GetKeyPolicy"
            | "EnableKey"
            | "DisableKey"
            | "ScheduleKeyDeletion"
            | "CancelKeyDeletion"
            | "Encrypt"
            | "GenerateDataKey" => self.kms_key_operation(scope, input, operation),
            "Decrypt" => self.kms_decrypt(scope, input),
            "ListKeys" | "ListAliases" => self.kms_list(scope, operation),
            _ => Err(unknown_operation(Service::Kms, operation)),
        }
    }

    /// ListKeys and ListAliases of the caller's account and the call's Region (resource `*`).
    fn kms_list(&mut self, scope: &mut CallScope, operation: &str) -> Result<Value, ApiError> {
        let account = scope.identity.account.clone();
        let authorization = self.authorize_scope(
            scope,
            &format!("kms:{operation}"),
            &plain_target("*", &account),
            &RequestContext::new(),
        );
        if !authorization.allowed() {
            return Err(access_denied(Service::Kms, &authorization, None));
        }
        let region = scope.region.clone();
        if operation == "ListKeys" {
            let keys: Vec<Value> = self
                .keys
                .iter()
                .filter(|key| key.account == account && key.region == region)
                .map(|key| json!({"KeyId": key.id, "KeyArn": key.arn()}))
                .collect();
            return Ok(json!({"Keys": keys, "Truncated": false}));
        }
        let aliases: Vec<Value> = self
            .aliases
            .iter()
            .filter(|alias| alias.account == account && alias.region == region)
            .map(|alias| json!({"AliasName": alias.name, "AliasArn": alias.arn(), "TargetKeyId": alias.key_id}))
            .collect();
        Ok(json!({"Aliases": aliases, "Truncated": false}))
    }

    fn kms_create_key(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let account = scope.identity.account.clone();
        let authorization = self.authorize_scope(
            scope,
            "kms:CreateKey",
            &plain_target("*", &account),
            &RequestContext::new(),
        );
        if !authorization.allowed() {
            return Err(access_denied(Service::Kms, &authorization, None));
        }
        let id = self.ids.uuid();
        let arn = format!("arn:aws:kms:{}:{account}:key/{id}", scope.region);
        let text =
            optional_str(input, "Policy").map_or_else(|| default_key_policy(account.as_str()), str::to_owned);
        let policy = StoredPolicy::parse(&text, PolicyKind::KeyPolicy, &arn, Layer::Resource)
            .map_err(|error| ApiError::new(ErrorCode::MalformedPolicyDocumentException, error.message()))?;
        let key = Key {
            account,
            region: scope.region.clone(),
            id,
            description: optional_str(input, "Description").unwrap_or_default().to_owned(),
            policy,
            state: KeyState::Enabled,
            aws_managed: false,
            created: self.now,
        };
        let metadata = key_metadata(&key);
        self.keys.push(key);
        Ok(json!({ "KeyMetadata": metadata }))
    }

    /// DeleteAlias: the alias goes, its key stays. Modelled with the permission checked on the key the alias
    /// points to (AWS checks kms:DeleteAlias on the alias and on the key; the key policy is what decides here).
    fn kms_delete_alias(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let alias_name = required_str(input, "AliasName")?.to_owned();
        let account = scope.identity.account.clone();
        let region = scope.region.clone();
        let alias_arn = format!("arn:aws:kms:{region}:{account}:{alias_name}");
        let not_found = || {
            ApiError::new(
                ErrorCode::NotFoundException,
                format!("Alias {alias_arn} is not found."),
            )
        };
        let key_id = self
            .aliases
            .iter()
            .find(|alias| alias.name == alias_name && alias.account == account && alias.region == region)
            .map(|alias| alias.key_id.clone())
            .ok_or_else(not_found)?;
        if alias_name.starts_with("alias/aws/") {
            return Err(ApiError::new(
                ErrorCode::ValidationException,
                format!("Cannot delete AWS managed alias {alias_name}"),
            ));
        }
        let Some(key) = self.find_key(&key_id, &account, &region) else {
            return Err(not_found());
        };
        let authorization =
            self.authorize_scope(scope, "kms:DeleteAlias", &key_target(key), &RequestContext::new());
        if !authorization.allowed() {
            return Err(access_denied(Service::Kms, &authorization, None));
        }
        self.aliases.retain(|alias| {
            !(alias.name == alias_name && alias.account == account && alias.region == region)
        });
        Ok(json!({}))
    }

    fn kms_create_alias(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let alias_name = required_str(input, "AliasName")?.to_owned();
        let target = required_str(input, "TargetKeyId")?;
        let account = scope.identity.account.clone();
        let Some(key) = self.find_key(target, &account, &scope.region) else {
            return Err(ApiError::new(
                ErrorCode::NotFoundException,
                format!("Key '{target}' does not exist"),
            ));
        };
        let key_id = key.id.clone();
        let authorization =
            self.authorize_scope(scope, "kms:CreateAlias", &key_target(key), &RequestContext::new());
        if !authorization.allowed() {
            return Err(access_denied(Service::Kms, &authorization, None));
        }
        if !alias_name.starts_with("alias/") || alias_name.starts_with("alias/aws/") {
            return Err(ApiError::new(ErrorCode::ValidationException, "Alias must start with the prefix \"alias/\". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html"));
        }
        if self
            .aliases
            .iter()
            .any(|alias| alias.name == alias_name && alias.account == account && alias.region == scope.region)
        {
            let arn = format!("arn:aws:kms:{}:{account}:{alias_name}", scope.region);
            return Err(ApiError::new(
                ErrorCode::AlreadyExistsException,
                format!("An alias with the name {arn} already exists"),
            ));
        }
        self.aliases.push(Alias {
            account,
            region: scope.region.clone(),
            name: alias_name,
            key_id,
        });
        Ok(json!({}))
    }

    /// Operations on one key identified by `KeyId`, authorised against its key policy.
    fn kms_key_operation(
        &mut self,
        scope: &mut CallScope,
        input: &Value,
        operation: &str,
    ) -> Result<Value, ApiError> {
        let key_id = required_str(input, "KeyId")?;
        let account = scope.identity.account.clone();
        let Some(key) = self.find_key(key_id, &account, &scope.region) else {
            let shown = if key_id.starts_with("arn:") {
                key_id.to_owned()
            } else {
                format!("arn:aws:kms:{}:{account}:key/{key_id}", scope.region)
            };
            return Err(ApiError::new(
                ErrorCode::NotFoundException,
                format!("Key '{shown}' does not exist"),
            ));
        };
        let key_arn = key.arn();
        let action = format!("kms:{operation}");
        let mut extra = RequestContext::new();
        extra.insert_string("kms:CallerAccount", account.as_str());
        let authorization = self.authorize_scope(scope, &action, &key_target(key), &extra);
        scope.resources.push(AuditResource {
            arn: key_arn.clone(),
            account_id: key.account.to_string(),
            resource_type: "AWS::KMS::Key".to_owned(),
        });
        if key.account != account {
            scope.resource_owners.push(key.account.clone());
        }
        if !authorization.allowed() {
            return Err(access_denied(Service::Kms, &authorization, None));
        }
        let Some(index) = self.keys.iter().position(|candidate| candidate.arn() == key_arn) else {
            return Err(ApiError::new(
                ErrorCode::NotFoundException,
                format!("Key '{key_arn}' does not exist"),
            ));
        };
        let now = self.now;
        let key = self
            .keys
            .get_mut(index)
            .ok_or_else(|| ApiError::new(ErrorCode::NotFoundException, "Key does not exist"))?;
        let usable = |key: &Key| -> Result<(), ApiError> {
            match key.state {
                KeyState::Enabled => Ok(()),
                KeyState::Disabled => Err(ApiError::new(
                    ErrorCode::DisabledException,
                    format!("{} is disabled.", key.arn()),
                )),
                KeyState::PendingDeletion(_) => Err(ApiError::new(
                    ErrorCode::KmsInvalidStateException,
                    format!("{} is pending deletion.", key.arn()),
                )),
            }
        };
        match operation {
            "DescribeKey" => Ok(json!({ "KeyMetadata": key_metadata(key) })),
            "GetKeyPolicy" => Ok(json!({ "Policy": key.policy.text, "PolicyName": "default" })),
            "PutKeyPolicy" => {
                if key.aws_managed {
                    return Err(access_denied_managed_key(
                        &scope.identity.arn(),
                        "kms:PutKeyPolicy",
                        &key_arn,
                    ));
                }
                let text = required_str(input, "Policy")?;
                key.policy = StoredPolicy::parse(text, PolicyKind::KeyPolicy, &key_arn, Layer::Resource)
                    .map_err(|error| {
                        ApiError::new(ErrorCode::MalformedPolicyDocumentException, error.message())
                    })?;
                Ok(json!({}))
            }
            "EnableKey" | "DisableKey" => {
                if key.aws_managed {
                    return Err(access_denied_managed_key(
                        &scope.identity.arn(),
                        &action,
                        &key_arn,
                    ));
                }
                if let KeyState::PendingDeletion(_) = key.state {
                    return Err(ApiError::new(
                        ErrorCode::KmsInvalidStateException,
                        format!("{key_arn} is pending deletion."),
                    ));
                }
                key.state = if operation == "EnableKey" {
                    KeyState::Enabled
                } else {
                    KeyState::Disabled
                };
                Ok(json!({}))
            }
            "ScheduleKeyDeletion" => {
                if key.aws_managed {
                    return Err(access_denied_managed_key(
                        &scope.identity.arn(),
                        &action,
                        &key_arn,
                    ));
                }
                let days = optional_i64(input, "PendingWindowInDays").unwrap_or(30);
                if !(7..=30).contains(&days) {
                    return Err(ApiError::new(
                        ErrorCode::ValidationException,
                        format!("1 validation error detected: Value '{days}' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value less than or equal to 30"),
                    ));
                }
                if let KeyState::PendingDeletion(_) = key.state {
                    return Err(ApiError::new(
                        ErrorCode::KmsInvalidStateException,
                        format!("{key_arn} is pending deletion."),
                    ));
                }
                let date = now.plus(days * crate::clock::DAY);
                key.state = KeyState::PendingDeletion(date);
                Ok(
                    json!({"KeyId": key_arn, "DeletionDate": date.epoch_json(), "KeyState": "PendingDeletion", "PendingWindowInDays": days}),
                )
            }
            "CancelKeyDeletion" => {
                if let KeyState::PendingDeletion(_) = key.state {
                    key.state = KeyState::Disabled;
                }
                Ok(json!({"KeyId": key_arn}))
            }
            "Encrypt" => {
                usable(key)?;
                let plaintext = required_str(input, "Plaintext")?;
                let context = input.get("EncryptionContext").cloned().unwrap_or(Value::Null);
                let blob = simulated_ciphertext(&key.id, &context, plaintext);
                scope.response_for_trail = Some(Value::Null);
                Ok(
                    json!({"CiphertextBlob": blob, "KeyId": key_arn, "EncryptionAlgorithm": "SYMMETRIC_DEFAULT"}),
                )
            }
            "GenerateDataKey" => {
                usable(key)?;
                let context = input.get("EncryptionContext").cloned().unwrap_or(Value::Null);
                let plaintext = base64_encode(format!("data-key-{}", key.id).as_bytes());
                let blob = simulated_ciphertext(&key.id, &context, &plaintext);
                Ok(json!({"CiphertextBlob": blob, "Plaintext": plaintext, "KeyId": key_arn}))
            }
            _ => Err(unknown_operation(Service::Kms, operation)),
        }
    }

    fn kms_decrypt(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let blob = required_str(input, "CiphertextBlob")?;
        let invalid = || ApiError::new(ErrorCode::InvalidRequestException, "InvalidCiphertextException");
        let decoded = base64_decode(blob).ok_or_else(invalid)?;
        let text = String::from_utf8(decoded).map_err(|_| invalid())?;
        let mut parts = text.splitn(4, '\u{1f}');
        let (Some("SIMKMS1"), Some(key_id), Some(context), Some(plaintext)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid());
        };
        let given_context = input
            .get("EncryptionContext")
            .cloned()
            .unwrap_or(Value::Null)
            .to_string();
        if given_context != context {
            return Err(ApiError::new(
                ErrorCode::InvalidRequestException,
                "InvalidCiphertextException",
            ));
        }
        let Some(key) = self.keys.iter().find(|key| key.id == key_id) else {
            return Err(invalid());
        };
        let key_arn = key.arn();
        let authorization =
            self.authorize_scope(scope, "kms:Decrypt", &key_target(key), &RequestContext::new());
        scope.resources.push(AuditResource {
            arn: key_arn.clone(),
            account_id: key.account.to_string(),
            resource_type: "AWS::KMS::Key".to_owned(),
        });
        if !authorization.allowed() {
            return Err(access_denied(Service::Kms, &authorization, None));
        }
        match key.state {
            KeyState::Enabled => Ok(
                json!({"KeyId": key_arn, "Plaintext": plaintext, "EncryptionAlgorithm": "SYMMETRIC_DEFAULT"}),
            ),
            KeyState::Disabled => Err(ApiError::new(
                ErrorCode::DisabledException,
                format!("{key_arn} is disabled."),
            )),
            KeyState::PendingDeletion(_) => Err(ApiError::new(
                ErrorCode::KmsInvalidStateException,
                format!("{key_arn} is pending deletion."),
            )),
        }
    }
}

fn access_denied_managed_key(caller: &str, action: &str, key_arn: &str) -> ApiError {
    ApiError::new(
        ErrorCode::AccessDeniedException,
        format!("User: {caller} is not authorized to perform: {action} on resource: {key_arn} because the key is an AWS managed key"),
    )
}

/// `KeyMetadata` of DescribeKey/CreateKey.
pub(crate) fn key_metadata(key: &Key) -> Value {
    let mut metadata = Map::new();
    json::insert(&mut metadata, "AWSAccountId", json!(key.account.as_str()));
    json::insert(&mut metadata, "KeyId", json!(key.id));
    json::insert(&mut metadata, "Arn", json!(key.arn()));
    json::insert(&mut metadata, "CreationDate", key.created.epoch_json());
    json::insert(&mut metadata, "Enabled", json!(key.state == KeyState::Enabled));
    json::insert(&mut metadata, "Description", json!(key.description));
    json::insert(&mut metadata, "KeyUsage", json!("ENCRYPT_DECRYPT"));
    json::insert(&mut metadata, "KeyState", json!(key.state.name()));
    if let KeyState::PendingDeletion(date) = key.state {
        json::insert(&mut metadata, "DeletionDate", date.epoch_json());
    }
    json::insert(&mut metadata, "Origin", json!("AWS_KMS"));
    json::insert(
        &mut metadata,
        "KeyManager",
        json!(if key.aws_managed { "AWS" } else { "CUSTOMER" }),
    );
    json::insert(&mut metadata, "KeySpec", json!("SYMMETRIC_DEFAULT"));
    json::insert(
        &mut metadata,
        "EncryptionAlgorithms",
        json!(["SYMMETRIC_DEFAULT"]),
    );
    json::insert(&mut metadata, "MultiRegion", json!(false));
    Value::Object(metadata)
}

fn simulated_ciphertext(key_id: &str, context: &Value, plaintext: &str) -> String {
    base64_encode(format!("SIMKMS1\u{1f}{key_id}\u{1f}{context}\u{1f}{plaintext}").as_bytes())
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub(crate) fn base64_encode(bytes: &[u8]) -> String {
    let mut text = String::new();
    for chunk in bytes.chunks(3) {
        let first = chunk.first().copied().unwrap_or(0);
        let second = chunk.get(1).copied().unwrap_or(0);
        let third = chunk.get(2).copied().unwrap_or(0);
        let group = (u32::from(first) << 16) | (u32::from(second) << 8) | u32::from(third);
        for index in 0..4 {
            if index <= chunk.len() {
                let sextet = usize::try_from((group >> (18 - 6 * index)) & 63).unwrap_or(0);
                text.push(BASE64.get(sextet).map_or('A', |byte| char::from(*byte)));
            } else {
                text.push('=');
            }
        }
    }
    text
}

pub(crate) fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut buffer = 0u32;
    let mut bits = 0;
    for character in text.bytes().filter(|byte| *byte != b'=') {
        let value = u32::try_from(BASE64.iter().position(|candidate| *candidate == character)?).ok()?;
        buffer = (buffer << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push(u8::try_from((buffer >> bits) & 0xFF).ok()?);
        }
    }
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips() {
        for text in ["", "a", "ab", "abc", "hello world", "\u{1f}é"] {
            let encoded = base64_encode(text.as_bytes());
            assert_eq!(base64_decode(&encoded).unwrap(), text.as_bytes());
        }
        assert_eq!(base64_encode(b"hello"), "aGVsbG8=");
        assert!(base64_decode("!!").is_none());
    }
}
