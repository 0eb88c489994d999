//! Time: [`Account::advance`] moves the simulated clock, and on the way runs what AWS runs by itself, in time
//! order — scheduled rotations, the ends of secret deletion windows and key deletion waiting periods, and
//! credential expiry — logging each as AWS does. Rotation itself (the simulated Lambda function running
//! createSecret, setSecret, testSecret and finishSecret as its execution role) lives here too.

use policy::{
    decide, Decision, PolicyLayers, Principal, PrincipalKind, Request, RequestContext, SourcedPolicy,
};
use serde_json::Value;

use crate::api::{ApiCall, ApiError, Caller, Credentials, NetworkOrigin, Service};
use crate::clock::Timestamp;
use crate::ids::{AccessKeyId, AWSCURRENT, AWSPENDING};
use crate::json;
use crate::model::{KeyState, RotationStep};
use crate::state::Account;

/// Something that happened while the clock moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LifecycleEvent {
    /// A scheduled rotation ran; `error` is the RotationFailed message.
    Rotation {
        at: Timestamp,
        secret_arn: String,
        error: Option<String>,
    },
    /// A secret's recovery window ended and it was deleted.
    SecretDeleted { at: Timestamp, secret_arn: String },
    /// A KMS key's waiting period ended and it was deleted.
    KeyDeleted { at: Timestamp, key_arn: String },
    /// Temporary credentials expired.
    CredentialsExpired {
        at: Timestamp,
        access_key_id: AccessKeyId,
        session_arn: String,
    },
}

/// What Secrets Manager reports when it may not invoke the rotation function (the function does not exist, or
/// its resource policy does not allow `secretsmanager.amazonaws.com` to call `lambda:InvokeFunction`):
/// RotateSecret answers `AccessDeniedException` with it (the AWS provider for Terraform retries RotateSecret on
/// exactly this error while a new `aws_lambda_permission` propagates); a scheduled rotation logs it in its
/// RotationFailed event.
pub(crate) const CANNOT_INVOKE: &str = "Secrets Manager cannot invoke the specified Lambda function. Ensure that the function policy grants access to the principal secretsmanager.amazonaws.com.";

/// Why a rotation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RotationFailure(String);

const LAMBDA_USER_AGENT: &str = "Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.227 lang/python#3.12.7 exec-env/AWS_Lambda_python3.12";
const LAMBDA_SOURCE_IP: &str = "3.238.11.93";

impl Account {
    /// Moves the clock forward by `seconds`, running every due event in time order (at most 1000 per call, so
    /// that a huge jump cannot run away). Returns what happened.
    pub fn advance(&mut self, seconds: u64) -> Vec<LifecycleEvent> {
        let target = self.now.plus(i64::try_from(seconds).unwrap_or(i64::MAX));
        let mut events = Vec::new();
        let mut guard = 0;
        while let Some((at, due)) = self.next_due(target) {
            guard += 1;
            if guard > 1_000 {
                break;
            }
            self.now = self.now.max(at);
            match due {
                Due::Rotation(secret_arn) => {
                    // A rotation that did not finish is reattempted with its own pending version ("A previous
                    // rotation isn't complete. That rotation will be reattempted."); otherwise a new token.
                    let unfinished = self
                        .secrets
                        .iter()
                        .find(|secret| secret.arn() == secret_arn)
                        .and_then(|secret| {
                            secret.rotation_in_progress.clone().or_else(|| {
                                secret
                                    .version_with_stage(AWSPENDING)
                                    .filter(|version| {
                                        !version.stages.iter().any(|label| label.as_str() == AWSCURRENT)
                                    })
                                    .map(|version| version.id.clone())
                            })
                        });
                    let token = match unfinished {
                        Some(version) => version.as_str().to_owned(),
                        None => self.ids.uuid(),
                    };
                    let error = self.run_rotation(&secret_arn, &token);
                    if error.is_some() {
                        // A failed scheduled rotation is not retried until the next schedule: count it as rotated.
                        if let Some(secret) =
                            self.secrets.iter_mut().find(|secret| secret.arn() == secret_arn)
                        {
                            secret.last_rotated = Some(at);
                        }
                    }
                    events.push(LifecycleEvent::Rotation {
                        at,
                        secret_arn,
                        error,
                    });
                }
                Due::SecretDeletion(secret_arn) => {
                    if let Some(index) = self.secrets.iter().position(|secret| secret.arn() == secret_arn) {
                        let mut records = self.finish_deletion(index);
                        self.trail.append(&mut records);
                    }
                    events.push(LifecycleEvent::SecretDeleted { at, secret_arn });
                }
                Due::KeyDeletion(key_arn) => {
                    self.keys.retain(|key| key.arn() != key_arn);
                    events.push(LifecycleEvent::KeyDeleted { at, key_arn });
                }
                Due::Expiry(index) => {
                    if let Some(session) = self.sessions.get(index) {
                        events.push(LifecycleEvent::CredentialsExpired {
                            at,
                            access_key_id: session.access_key_id.clone(),
                            session_arn: session.arn(),
                        });
                    }
                    self.expired_reported.push(index);
                }
            }
        }
        self.now = target;
        events
    }

    /// Sets the clock to an absolute time (forwards only), running due events like [`Account::advance`].
    pub fn advance_to(&mut self, time: Timestamp) -> Vec<LifecycleEvent> {
        let seconds = u64::try_from(time.seconds().saturating_sub(self.now.seconds())).unwrap_or(0);
        self.advance(seconds)
    }

    fn next_due(&self, target: Timestamp) -> Option<(Timestamp, Due)> {
        let mut candidates: Vec<(Timestamp, u8, Due)> = Vec::new();
        for secret in &self.secrets {
            if let Some((_, deletion)) = secret.deletion {
                candidates.push((deletion, 0, Due::SecretDeletion(secret.arn())));
            } else if let Some((opens, _)) = self.rotation_window(secret) {
                // AWS rotates at some time inside the window; the simulation rotates when it opens.
                candidates.push((opens, 1, Due::Rotation(secret.arn())));
            }
        }
        for key in &self.keys {
            if let KeyState::PendingDeletion(date) = key.state {
                candidates.push((date, 2, Due::KeyDeletion(key.arn())));
            }
        }
        for (index, session) in self.sessions.iter().enumerate() {
            if !self.expired_reported.contains(&index) {
                candidates.push((session.expires, 3, Due::Expiry(index)));
            }
        }
        candidates
            .into_iter()
            .filter(|(at, _, _)| *at <= target)
            .min_by(|first, second| (first.0, first.1).cmp(&(second.0, second.1)))
            .map(|(at, _, due)| (at, due))
    }

    /// Whether Secrets Manager may invoke `function_arn` to rotate `secret_arn`: the function exists and its
    /// resource policy allows the service principal `secretsmanager.amazonaws.com` to call
    /// `lambda:InvokeFunction` on it. The request carries `aws:SourceAccount` (the secret's account) and
    /// `aws:SourceArn` (the secret's ARN), the confused-deputy keys a function policy may pin.
    pub(crate) fn secrets_manager_may_invoke(&self, function_arn: &str, secret_arn: &str) -> bool {
        let Some(function) = self
            .functions
            .iter()
            .find(|function| function.arn() == function_arn)
        else {
            return false;
        };
        let Some(policy) = &function.policy else {
            return true;
        };
        let mut context = RequestContext::new();
        if let Some(account) = crate::auth::account_of_arn(secret_arn) {
            context.insert_string("aws:SourceAccount", account.as_str());
        }
        context.insert_string("aws:SourceArn", secret_arn);
        let request = Request {
            principal: Principal {
                arn: "secretsmanager.amazonaws.com".to_owned(),
                account: String::new(),
                kind: PrincipalKind::Service,
            },
            action: "lambda:InvokeFunction".to_owned(),
            resource: function_arn.to_owned(),
            context,
        };
        let layers = PolicyLayers {
            resource: Some(SourcedPolicy {
                source: &policy.source,
                policy: &policy.document,
            }),
            resource_account: Some(function.account.as_str().to_owned()),
            ..PolicyLayers::default()
        };
        decide(&request, &layers) == Decision::Allowed
    }

    /// Runs one rotation of `secret_arn` with the pending version `token`: RotationStarted, the four steps as
    /// the function's execution role (each a real, audited API call), then RotationSucceeded or RotationFailed.
    /// Returns the failure message.
    pub(crate) fn run_rotation(&mut self, secret_arn: &str, token: &str) -> Option<String> {
        let secret = self.secrets.iter().find(|secret| secret.arn() == secret_arn)?;
        let (account, region) = (secret.account.clone(), secret.region.clone());
        let function_arn = secret
            .rotation
            .as_ref()
            .map(|config| config.lambda_arn.clone())
            .unwrap_or_default();
        let request_id = format!("Rotation-{secret_arn}-{}", self.ids.uuid());
        let started = self.service_event(
            &account,
            &region,
            "RotationStarted",
            secret_arn,
            None,
            Some(request_id.clone()),
        );
        self.trail.push(started);
        let outcome = self.rotation_steps(secret_arn, token, &function_arn);
        let now = self.now;
        match outcome {
            Ok(()) => {
                if let Some(secret) = self.secrets.iter_mut().find(|secret| secret.arn() == secret_arn) {
                    secret.last_rotated = Some(now);
                    secret.rotation_in_progress = None;
                }
                let record = self.service_event(
                    &account,
                    &region,
                    "RotationSucceeded",
                    secret_arn,
                    None,
                    Some(request_id),
                );
                self.trail.push(record);
                None
            }
            Err(RotationFailure(message)) => {
                let record = self.service_event(
                    &account,
                    &region,
                    "RotationFailed",
                    secret_arn,
                    Some(message.clone()),
                    Some(request_id),
                );
                self.trail.push(record);
                Some(message)
            }
        }
    }

    /// RotateSecret with `RotateImmediately: false`: only the function's testSecret step runs, against the
    /// current value (simplified: AWS stores a temporary AWSPENDING version and removes it), framed by
    /// TestRotationStarted and TestRotationSucceeded or TestRotationFailed.
    pub(crate) fn run_test_rotation(&mut self, secret_arn: &str) -> Option<String> {
        let secret = self.secrets.iter().find(|secret| secret.arn() == secret_arn)?;
        let (account, region) = (secret.account.clone(), secret.region.clone());
        let function_arn = secret
            .rotation
            .as_ref()
            .map(|config| config.lambda_arn.clone())
            .unwrap_or_default();
        let request_id = format!("Rotation-{secret_arn}-{}", self.ids.uuid());
        let started = self.service_event(
            &account,
            &region,
            "TestRotationStarted",
            secret_arn,
            None,
            Some(request_id.clone()),
        );
        self.trail.push(started);
        let function = self
            .functions
            .iter()
            .find(|function| function.arn() == function_arn)
            .cloned();
        let failure = match function {
            _ if !self.secrets_manager_may_invoke(&function_arn, secret_arn) => {
                Some(CANNOT_INVOKE.to_owned())
            }
            None => Some(CANNOT_INVOKE.to_owned()),
            Some(function) => {
                let session = self.role_by_arn(&function.execution_role).map(|role| {
                    format!(
                        "arn:aws:sts::{}:assumed-role/{}/{}",
                        role.account, role.name, function.name
                    )
                });
                let read = session.map(|session| {
                    let caller = Caller {
                        credentials: Credentials::AsPrincipal(session),
                        network: NetworkOrigin {
                            source_ip: LAMBDA_SOURCE_IP.to_owned(),
                            user_agent: LAMBDA_USER_AGENT.to_owned(),
                            ..NetworkOrigin::default()
                        },
                    };
                    let call = ApiCall {
                        service: Service::SecretsManager,
                        operation: "GetSecretValue".to_owned(),
                        input: json!({"SecretId": secret_arn}),
                        region: Some(region.clone()),
                    };
                    self.call(&caller, &call).is_ok()
                });
                (read != Some(true) || function.failing_step == Some(RotationStep::TestSecret))
                    .then(|| format!("Error when executing lambda {function_arn} during testSecret step"))
            }
        };
        let name = if failure.is_some() {
            "TestRotationFailed"
        } else {
            "TestRotationSucceeded"
        };
        let record = self.service_event(
            &account,
            &region,
            name,
            secret_arn,
            failure.clone(),
            Some(request_id),
        );
        self.trail.push(record);
        failure
    }

    fn rotation_steps(
        &mut self,
        secret_arn: &str,
        token: &str,
        function_arn: &str,
    ) -> Result<(), RotationFailure> {
        let Some(function) = self
            .functions
            .iter()
            .find(|function| function.arn() == function_arn)
            .cloned()
        else {
            return Err(RotationFailure(CANNOT_INVOKE.to_owned()));
        };
        if !self.secrets_manager_may_invoke(function_arn, secret_arn) {
            return Err(RotationFailure(CANNOT_INVOKE.to_owned()));
        }
        let Some(role) = self.role_by_arn(&function.execution_role) else {
            return Err(RotationFailure(format!(
                "The role defined for the function {function_arn} cannot be assumed by Lambda."
            )));
        };
        let session_arn = format!(
            "arn:aws:sts::{}:assumed-role/{}/{}",
            role.account, role.name, function.name
        );
        let caller = Caller {
            credentials: Credentials::AsPrincipal(session_arn),
            network: NetworkOrigin {
                source_ip: LAMBDA_SOURCE_IP.to_owned(),
                user_agent: LAMBDA_USER_AGENT.to_owned(),
                ..NetworkOrigin::default()
            },
        };
        let region = self
            .secrets
            .iter()
            .find(|secret| secret.arn() == secret_arn)
            .map(|secret| secret.region.clone());
        let failed = |step: RotationStep| {
            RotationFailure(format!(
                "Error when executing lambda {function_arn} during {} step",
                step.name()
            ))
        };
        if let Some(secret) = self.secrets.iter_mut().find(|secret| secret.arn() == secret_arn) {
            secret.rotation_in_progress = Some(crate::ids::VersionId::new(token));
        }
        let sm = |account: &mut Account, operation: &str, input: Value| -> Result<Value, ApiError> {
            let call = ApiCall {
                service: Service::SecretsManager,
                operation: operation.to_owned(),
                input,
                region: region.clone(),
            };
            account.call(&caller, &call)
        };
        // createSecret: read the current value, make a new password, store it as AWSPENDING.
        let step = RotationStep::CreateSecret;
        sm(self, "DescribeSecret", json!({"SecretId": secret_arn})).map_err(|_| failed(step))?;
        let current = sm(
            self,
            "GetSecretValue",
            json!({"SecretId": secret_arn, "VersionStage": AWSCURRENT}),
        )
        .map_err(|_| failed(step))?;
        let pending = sm(
            self,
            "GetSecretValue",
            json!({"SecretId": secret_arn, "VersionId": token, "VersionStage": AWSPENDING}),
        );
        if pending.is_err() {
            let password = sm(self, "GetRandomPassword", json!({"ExcludeCharacters": "/@\"'\\"}))
                .map_err(|_| failed(step))?;
            let password = password
                .get("RandomPassword")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            let current_text = current
                .get("SecretString")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let new_value = match serde_json::from_str::<Value>(current_text) {
                Ok(Value::Object(mut members)) => {
                    json::insert(&mut members, "password", json!(password));
                    Value::Object(members).to_string()
                }
                _ => password,
            };
            if function.failing_step == Some(step) {
                return Err(failed(step));
            }
            sm(
                self,
                "PutSecretValue",
                json!({"SecretId": secret_arn, "ClientRequestToken": token, "SecretString": new_value, "VersionStages": [AWSPENDING]}),
            )
            .map_err(|_| failed(step))?;
        }
        // setSecret: the function would set the password in the database; nothing to call here.
        if function.failing_step == Some(RotationStep::SetSecret) {
            return Err(failed(RotationStep::SetSecret));
        }
        // testSecret: log in with the pending value.
        let step = RotationStep::TestSecret;
        sm(
            self,
            "GetSecretValue",
            json!({"SecretId": secret_arn, "VersionId": token, "VersionStage": AWSPENDING}),
        )
        .map_err(|_| failed(step))?;
        if function.failing_step == Some(step) {
            return Err(failed(step));
        }
        // finishSecret: move AWSCURRENT to the new version.
        let step = RotationStep::FinishSecret;
        let description =
            sm(self, "DescribeSecret", json!({"SecretId": secret_arn})).map_err(|_| failed(step))?;
        let current_version = description
            .get("VersionIdsToStages")
            .and_then(Value::as_object)
            .and_then(|stages| {
                stages
                    .iter()
                    .find(|(_, labels)| {
                        labels
                            .as_array()
                            .is_some_and(|labels| labels.iter().any(|label| label == AWSCURRENT))
                    })
                    .map(|(id, _)| id.clone())
            })
            .unwrap_or_default();
        if function.failing_step == Some(step) {
            return Err(failed(step));
        }
        if current_version != token {
            sm(
                self,
                "UpdateSecretVersionStage",
                json!({"SecretId": secret_arn, "VersionStage": AWSCURRENT, "MoveToVersionId": token, "RemoveFromVersionId": current_version}),
            )
            .map_err(|_| failed(step))?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Due {
    Rotation(String),
    SecretDeletion(String),
    KeyDeletion(String),
    Expiry(usize),
}
