//! STS: AssumeRole (trust policy, session name, duration, session policy, session tags) and
//! GetCallerIdentity. Sessions get `ASIA` access keys from the seeded generator.

use policy::parse::PolicyKind;
use policy::{ContextKeyType, ContextValue, Layer, RequestContext, ResourceRule};
use serde_json::Value;

use super::{
    access_denied, optional_i64, optional_str, read_tags, required_str, unknown_operation, CallScope,
};
use crate::api::{ApiError, ErrorCode, Service};
use crate::audit::AuditResource;
use crate::auth::Target;
use crate::ids::AccessKeyId;
use crate::json;
use crate::model::{Session, SessionOrigin, StoredPolicy};
use crate::state::Account;

impl Account {
    pub(crate) fn sts_call(
        &mut self,
        scope: &mut CallScope,
        operation: &str,
        input: &Value,
    ) -> Result<Value, ApiError> {
        match operation {
            "AssumeRole" => self.assume_role(scope, input),
            // GetCallerIdentity needs no permission (an explicit deny cannot block it).
            "GetCallerIdentity" => Ok(json!({
                "UserId": scope.identity.user_id(),
                "Account": scope.identity.account.as_str(),
                "Arn": scope.identity.arn(),
            })),
            _ => Err(unknown_operation(Service::Sts, operation)),
        }
    }

    fn assume_role(&mut self, scope: &mut CallScope, input: &Value) -> Result<Value, ApiError> {
        let role_arn = required_str(input, "RoleArn")?.to_owned();
        let session_name = required_str(input, "RoleSessionName")?.to_owned();
        let valid_name = (2..=64).contains(&session_name.len())
            && session_name
                .chars()
                .all(|character| character.is_ascii_alphanumeric() || "_+=,.@-".contains(character));
        if !valid_name {
            return Err(ApiError::new(
                ErrorCode::ValidationException,
                format!("1 validation error detected: Value '{session_name}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*"),
            ));
        }
        let duration = optional_i64(input, "DurationSeconds").unwrap_or(3600);
        if !(900..=43_200).contains(&duration) {
            return Err(ApiError::new(
                ErrorCode::ValidationException,
                format!("1 validation error detected: Value '{duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"),
            ));
        }
        let tags = read_tags(input, "Tags");
        let mut extra = RequestContext::new();
        extra.insert_string("sts:RoleSessionName", &session_name);
        for tag in &tags {
            extra.insert_string(&format!("aws:RequestTag/{}", tag.key), &tag.value);
        }
        if !tags.is_empty() {
            extra.insert(
                "aws:TagKeys",
                ContextValue::list(
                    ContextKeyType::StringList,
                    tags.iter().map(|tag| tag.key.clone()).collect(),
                ),
            );
        }
        let Some(role) = self.role_by_arn(&role_arn) else {
            // STS answers an unknown role like a forbidden one.
            let message = format!(
                "User: {} is not authorized to perform: sts:AssumeRole on resource: {role_arn}",
                scope.identity.arn()
            );
            return Err(ApiError::new(ErrorCode::AccessDenied, message));
        };
        scope.resources.push(AuditResource {
            arn: role_arn.clone(),
            account_id: role.account.to_string(),
            resource_type: "AWS::IAM::Role".to_owned(),
        });
        let target = Target {
            resource_arn: role_arn.clone(),
            resource_as_given: role_arn.clone(),
            resource_account: role.account.clone(),
            resource_policy: Some(&role.trust_policy),
            rule: ResourceRule::TrustPolicy,
            resource_tags: &role.tags,
            tag_prefix: Some("iam"),
            skip_resource_control: false,
        };
        let authorization = self.authorize_scope(scope, "sts:AssumeRole", &target, &extra);
        if !authorization.allowed() {
            return Err(access_denied(Service::Sts, &authorization, None));
        }
        if !tags.is_empty() {
            let authorization = self.authorize_scope(scope, "sts:TagSession", &target, &extra);
            if !authorization.allowed() {
                return Err(access_denied(Service::Sts, &authorization, None));
            }
        }
        if duration > role.max_session_duration {
            return Err(ApiError::new(
                ErrorCode::ValidationException,
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
            ));
        }
        let session_policy = match optional_str(input, "Policy") {
            Some(text) => Some(
                StoredPolicy::parse(text, PolicyKind::Session, "session policy", Layer::Session)
                    .map_err(|error| ApiError::new(ErrorCode::MalformedPolicyDocument, error.message()))?,
            ),
            None => None,
        };
        let (account, role_name, role_id) = (role.account.clone(), role.name.clone(), role.id.clone());
        let session = Session {
            access_key_id: AccessKeyId::new(self.ids.unique_id("ASIA", 16)),
            secret_access_key: self.ids.secret_access_key(),
            token: self.ids.session_token(),
            account,
            role_arn,
            role_name,
            role_id,
            session_name,
            issued: self.now,
            expires: self.now.plus(duration),
            tags,
            session_policy,
            origin: SessionOrigin::AssumeRole,
        };
        let response = json!({
            "Credentials": {
                "AccessKeyId": session.access_key_id.as_str(),
                "SecretAccessKey": session.secret_access_key,
                "SessionToken": session.token,
                "Expiration": session.expires.iso(),
            },
            "AssumedRoleUser": {"AssumedRoleId": session.user_id(), "Arn": session.arn()},
        });
        scope.response_for_trail = Some(json!({
            "credentials": {"accessKeyId": session.access_key_id.as_str(), "expiration": session.expires.iso()},
            "assumedRoleUser": {"assumedRoleId": session.user_id(), "arn": session.arn()},
        }));
        self.sessions.push(session);
        Ok(response)
    }
}
