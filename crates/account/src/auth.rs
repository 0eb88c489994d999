//! Authorisation: who the caller is (credentials → a role session), the request context AWS would build
//! (global, service and EC2 keys), which policy layers apply, the decision from `policy::decide`, and AWS's
//! AccessDenied text naming the policy type that denied. Also the side-effect-free questions the UI asks:
//! [`Account::evaluate_access`] (the access matrix, in `matrix`, decides each cell the same way).

use policy::{
    decide, ContextKeyType, ContextValue, Decision, Layer, PolicyLayers, Principal, PrincipalKind, Request,
    RequestContext, ResourceRule, SourcedPolicy,
};

use crate::api::{ApiError, Credentials, ErrorCode, NetworkOrigin, Service};
use crate::ids::{derived_id, AccessKeyId, AccountId};
use crate::model::{OrganizationPolicyKind, Session, SessionOrigin, StoredPolicy, Tag, VpcEndpoint};
use crate::state::{Account, ADMINISTRATOR_ROLE};

/// The session name of sessions the playground makes for `as ARN` and the administrator.
pub const PLAYGROUND_SESSION: &str = "playground";

/// What an authorisation is about: the resource, its policy and how that policy combines.
#[derive(Debug, Clone)]
pub struct Target<'a> {
    /// The ARN the policies are matched against (`*` for actions without resource-level permissions).
    pub resource_arn: String,
    /// The resource as the caller named it, for the `on resource:` part of the message.
    pub resource_as_given: String,
    /// The account owning the resource.
    pub resource_account: AccountId,
    pub resource_policy: Option<&'a StoredPolicy>,
    pub rule: ResourceRule,
    /// Tags of the resource (`aws:ResourceTag/*`, and `secretsmanager:ResourceTag/*` for secrets).
    pub resource_tags: &'a [Tag],
    pub tag_prefix: Option<&'static str>,
    /// AWS managed keys are outside RCPs.
    pub skip_resource_control: bool,
}

/// The outcome of one authorisation.
#[derive(Debug, Clone, PartialEq)]
pub struct Authorization {
    pub decision: Decision,
    /// The request that was decided.
    pub request: Request,
    /// AWS's `User: ... is not authorized to perform: ...` text when denied.
    pub message: Option<String>,
    /// Why: per-layer outcomes, deciding statements, condition traces. Computed for denials and for
    /// [`Account::evaluate_access`]; `None` on the fast path of allowed API calls.
    pub explanation: Option<policy::Explanation>,
}

impl Authorization {
    pub fn allowed(&self) -> bool {
        self.decision == Decision::Allowed
    }
}

/// A question for [`Account::evaluate_access`]: may this principal do this action to this resource?
#[derive(Debug, Clone, PartialEq)]
pub struct AccessQuery {
    /// A role ARN (a session named `playground` is assumed) or a role session ARN.
    pub principal: String,
    /// `service:Action`.
    pub action: String,
    /// A secret, key or role ARN, or `*`.
    pub resource: String,
    pub network: NetworkOrigin,
    /// The action reaches KMS through Secrets Manager (`kms:ViaService`, `aws:ViaAWSService`).
    pub via_secrets_manager: bool,
    /// Extra request context keys (request parameters such as `secretsmanager:VersionStage`).
    pub context: Vec<(String, ContextValue)>,
}

impl AccessQuery {
    pub fn new(principal: &str, action: &str, resource: &str) -> Self {
        Self {
            principal: principal.to_owned(),
            action: action.to_owned(),
            resource: resource.to_owned(),
            network: NetworkOrigin::default(),
            via_secrets_manager: false,
            context: Vec::new(),
        }
    }
}

impl Account {
    /// Decides an access question without changing anything and without an audit record.
    pub fn evaluate_access(&self, query: &AccessQuery) -> Result<Authorization, ApiError> {
        let identity = self.resolve_credentials(
            &Credentials::AsPrincipal(query.principal.clone()),
            Service::SecretsManager,
        )?;
        let service = query
            .action
            .split(':')
            .next()
            .and_then(Service::from_prefix)
            .unwrap_or(Service::SecretsManager);
        // The call goes to the resource's Region (a role ARN has none: the playground's Region).
        let region = query
            .resource
            .split(':')
            .nth(3)
            .filter(|region| !region.is_empty())
            .map_or_else(|| self.home_region.clone(), str::to_owned);
        let mut extra = RequestContext::new();
        if service == Service::SecretsManager {
            if let Some(secret) = self.secrets.iter().find(|secret| secret.arn() == query.resource) {
                crate::matrix::add_secret_keys(&mut extra, secret, &query.resource);
            }
        }
        for (key, value) in &query.context {
            extra.insert(key, value.clone());
        }
        let (target, endpoint) = self.target_for_resource(&query.resource, &query.network, service);
        if query.via_secrets_manager {
            add_via_secrets_manager(&mut extra, &region, &identity.account);
        }
        let endpoint = if query.via_secrets_manager { None } else { endpoint };
        let mut authorization = self.authorize(
            &identity,
            &query.network,
            endpoint,
            &region,
            &query.action,
            &target,
            &extra,
        );
        if authorization.explanation.is_none() {
            let layers = self.complete_layers(
                self.identity_layers(&identity),
                endpoint,
                &target,
                &identity.account,
            );
            authorization.explanation = Some(policy::explain(&authorization.request, &layers));
        }
        Ok(authorization)
    }

    /// Resolves a caller's credentials to a role session. Unknown or expired credentials are AWS's errors.
    pub(crate) fn resolve_credentials(
        &self,
        credentials: &Credentials,
        service: Service,
    ) -> Result<Session, ApiError> {
        match credentials {
            Credentials::Administrator => {
                let role_arn = format!("arn:aws:iam::{}:role/{ADMINISTRATOR_ROLE}", self.home);
                self.playground_session(&role_arn, PLAYGROUND_SESSION)
                    .ok_or_else(|| invalid_token(service))
            }
            Credentials::AccessKey(key) => {
                let session = self
                    .sessions
                    .iter()
                    .rev()
                    .find(|session| session.access_key_id.as_str() == key)
                    .ok_or_else(|| invalid_token(service))?;
                if self.now >= session.expires {
                    return Err(expired_token(service));
                }
                Ok(session.clone())
            }
            Credentials::AsPrincipal(arn) => {
                if self.role_by_arn(arn).is_some() {
                    return self
                        .playground_session(arn, PLAYGROUND_SESSION)
                        .ok_or_else(|| invalid_token(service));
                }
                // An instance's IMDS session: the session the instance's software would use now.
                if let Some(session) = self
                    .instance_of_session(arn)
                    .and_then(|instance| self.instance_session(&instance))
                {
                    return Ok(session);
                }
                // A session ARN: `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
                if let Some(stored) = self
                    .sessions
                    .iter()
                    .rev()
                    .find(|session| session.arn() == *arn && self.now < session.expires)
                {
                    return Ok(stored.clone());
                }
                let rest = arn
                    .strip_prefix("arn:aws:sts::")
                    .ok_or_else(|| invalid_token(service))?;
                let (account, rest) = rest.split_once(':').ok_or_else(|| invalid_token(service))?;
                let rest = rest
                    .strip_prefix("assumed-role/")
                    .ok_or_else(|| invalid_token(service))?;
                let (role_name, session_name) = rest.split_once('/').ok_or_else(|| invalid_token(service))?;
                let role = self
                    .role_by_name(&AccountId::new(account), role_name)
                    .ok_or_else(|| invalid_token(service))?;
                self.playground_session(&role.arn(), session_name)
                    .ok_or_else(|| invalid_token(service))
            }
        }
    }

    /// A session the playground makes on demand.
    pub(crate) fn playground_session(&self, role_arn: &str, session_name: &str) -> Option<Session> {
        let role = self.role_by_arn(role_arn)?;
        Some(self.derived_session(role, session_name, crate::clock::HOUR, SessionOrigin::Playground))
    }

    /// A session of `role` issued now for `lifetime` seconds, whose access key is derived from its ARN, so
    /// that the same session is the same key every time it is made.
    pub(crate) fn derived_session(
        &self,
        role: &crate::model::Role,
        session_name: &str,
        lifetime: i64,
        origin: SessionOrigin,
    ) -> Session {
        let arn = format!(
            "arn:aws:sts::{}:assumed-role/{}/{}",
            role.account, role.name, session_name
        );
        Session {
            access_key_id: AccessKeyId::new(derived_id("ASIA", &arn, 16)),
            secret_access_key: String::new(),
            token: String::new(),
            account: role.account.clone(),
            role_arn: role.arn(),
            role_name: role.name.clone(),
            role_id: role.id.clone(),
            session_name: session_name.to_owned(),
            issued: self.now,
            expires: self.now.plus(lifetime),
            tags: Vec::new(),
            session_policy: None,
            origin,
        }
    }

    /// The request context every call of `identity` carries.
    pub(crate) fn base_context(
        &self,
        identity: &Session,
        network: &NetworkOrigin,
        region: &str,
        service: Service,
    ) -> RequestContext {
        let mut context = RequestContext::new();
        context.insert(
            "aws:PrincipalArn",
            ContextValue::single(ContextKeyType::String, &identity.role_arn),
        );
        context.insert_string("aws:PrincipalAccount", identity.account.as_str());
        context.insert_string("aws:PrincipalType", "AssumedRole");
        context.insert_string("aws:userid", &identity.user_id());
        context.insert(
            "aws:PrincipalIsAWSService",
            ContextValue::single(ContextKeyType::Boolean, "false"),
        );
        if let Some(role) = self.role_by_arn(&identity.role_arn) {
            for tag in &role.tags {
                context.insert_string(&format!("aws:PrincipalTag/{}", tag.key), &tag.value);
            }
        }
        for tag in &identity.tags {
            context.insert_string(&format!("aws:PrincipalTag/{}", tag.key), &tag.value);
        }
        if let Some(organization) = &self.organization {
            if self.in_organization(&identity.account) {
                context.insert_string("aws:PrincipalOrgID", &organization.id);
            }
        }
        context.insert(
            "aws:SecureTransport",
            ContextValue::single(ContextKeyType::Boolean, bool_text(network.secure_transport)),
        );
        context.insert(
            "aws:CurrentTime",
            ContextValue::single(ContextKeyType::Date, &self.now.iso()),
        );
        context.insert(
            "aws:EpochTime",
            ContextValue::single(ContextKeyType::Numeric, &self.now.seconds().to_string()),
        );
        context.insert_string("aws:RequestedRegion", region);
        context.insert(
            "aws:TokenIssueTime",
            ContextValue::single(ContextKeyType::Date, &identity.issued.iso()),
        );
        context.insert(
            "aws:ViaAWSService",
            ContextValue::single(ContextKeyType::Boolean, "false"),
        );
        match self.endpoint_for(network, service) {
            Some(endpoint) => {
                context.insert_string("aws:SourceVpce", &endpoint.id);
                context.insert_string("aws:SourceVpc", &endpoint.vpc_id);
                context.insert(
                    "aws:VpcSourceIp",
                    ContextValue::single(ContextKeyType::Ip, &network.source_ip),
                );
            }
            None => context.insert(
                "aws:SourceIp",
                ContextValue::single(ContextKeyType::Ip, &network.source_ip),
            ),
        }
        if let SessionOrigin::Instance {
            instance,
            role_delivery,
            vpc_id,
            private_ip,
            region,
        } = &identity.origin
        {
            let instance_arn = format!("arn:aws:ec2:{region}:{}:instance/{instance}", identity.account);
            context.insert(
                "ec2:SourceInstanceARN",
                ContextValue::single(ContextKeyType::String, &instance_arn),
            );
            context.insert(
                "ec2:RoleDelivery",
                ContextValue::single(ContextKeyType::Numeric, role_delivery.as_str()),
            );
            context.insert_string("aws:Ec2InstanceSourceVpc", vpc_id);
            context.insert(
                "aws:Ec2InstanceSourcePrivateIPv4",
                ContextValue::single(ContextKeyType::Ip, private_ip),
            );
        }
        context
    }

    /// The VPC endpoint a request goes through, when the network origin names one of this service.
    pub(crate) fn endpoint_for(&self, network: &NetworkOrigin, service: Service) -> Option<&VpcEndpoint> {
        let id = network.vpc_endpoint.as_deref()?;
        self.vpc_endpoints.iter().find(|endpoint| {
            endpoint.id == id && endpoint.service_name.ends_with(&format!(".{}", service.prefix()))
        })
    }

    /// The identity-side layers: identity policies, boundary, session policy, SCPs.
    pub(crate) fn identity_layers<'a>(&'a self, identity: &'a Session) -> PolicyLayers<'a> {
        let mut layers = PolicyLayers::default();
        if let Some(role) = self.role_by_arn(&identity.role_arn) {
            for (_, document) in &role.inline_policies {
                layers.identity.push(sourced(document));
            }
            for arn in &role.attached_policies {
                if let Some(document) = self
                    .managed_policy(arn)
                    .and_then(|policy| policy.default_document())
                {
                    layers.identity.push(sourced(document));
                }
            }
            if let Some(policy) = role
                .permissions_boundary
                .as_deref()
                .and_then(|arn| self.managed_policy(arn))
            {
                if let Some(document) = policy.default_document() {
                    layers.permissions_boundary = Some(SourcedPolicy {
                        source: &policy.boundary_source,
                        policy: &document.document,
                    });
                }
            }
        }
        if let Some(document) = &identity.session_policy {
            layers.session.push(sourced(document));
        }
        layers.service_control =
            self.organization_levels(&identity.account, OrganizationPolicyKind::ServiceControl);
        layers
    }

    /// Adds the resource-side layers to `layers`.
    pub(crate) fn complete_layers<'a>(
        &'a self,
        mut layers: PolicyLayers<'a>,
        endpoint: Option<&'a VpcEndpoint>,
        target: &Target<'a>,
        principal_account: &AccountId,
    ) -> PolicyLayers<'a> {
        layers.vpc_endpoint = endpoint
            .and_then(|endpoint| endpoint.policy.as_ref())
            .map(sourced);
        layers.resource = target.resource_policy.map(sourced);
        layers.resource_rule = target.rule;
        layers.resource_account = if &target.resource_account == principal_account {
            None
        } else {
            Some(target.resource_account.to_string())
        };
        if !target.skip_resource_control {
            layers.resource_control =
                self.organization_levels(&target.resource_account, OrganizationPolicyKind::ResourceControl);
        }
        layers
    }

    /// SCP or RCP levels of an account: root, each OU down to the account, the account. The management
    /// account and accounts outside the organization have none. A node without an attached policy is treated
    /// as having the default full-access policy AWS attaches (so it is left out).
    fn organization_levels(
        &self,
        account: &AccountId,
        kind: OrganizationPolicyKind,
    ) -> Vec<Vec<SourcedPolicy<'_>>> {
        let Some(organization) = &self.organization else {
            return Vec::new();
        };
        if &organization.management_account == account {
            return Vec::new();
        }
        let Some((_, parent)) = organization
            .placements
            .iter()
            .find(|(member, _)| member == account)
        else {
            return Vec::new();
        };
        let mut chain = vec![account.to_string()];
        let mut node = parent.clone();
        for _ in 0..16 {
            chain.push(node.clone());
            match organization.units.iter().find(|unit| unit.id == node) {
                Some(unit) => node = unit.parent.clone(),
                None => break,
            }
        }
        chain.reverse();
        chain
            .iter()
            .map(|node| {
                organization
                    .policies
                    .iter()
                    .filter(|policy| {
                        policy.kind == kind && policy.targets.iter().any(|target| target == node)
                    })
                    .map(|policy| sourced(&policy.document))
                    .collect::<Vec<_>>()
            })
            .filter(|level| !level.is_empty())
            .collect()
    }

    pub(crate) fn in_organization(&self, account: &AccountId) -> bool {
        self.organization.as_ref().is_some_and(|organization| {
            &organization.management_account == account
                || organization
                    .placements
                    .iter()
                    .any(|(member, _)| member == account)
        })
    }

    /// Authorises one action: builds the request, decides, and phrases the denial as AWS does.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn authorize(
        &self,
        identity: &Session,
        network: &NetworkOrigin,
        endpoint: Option<&VpcEndpoint>,
        region: &str,
        action: &str,
        target: &Target<'_>,
        extra: &RequestContext,
    ) -> Authorization {
        let service = action
            .split(':')
            .next()
            .and_then(Service::from_prefix)
            .unwrap_or(Service::SecretsManager);
        let mut context = self.base_context(identity, network, region, service);
        if endpoint.is_none()
            && network.vpc_endpoint.is_some()
            && self.endpoint_for(network, service).is_some()
        {
            // The call reaches this service from another service: no endpoint keys.
            context.remove("aws:SourceVpce");
            context.remove("aws:SourceVpc");
            context.remove("aws:VpcSourceIp");
        }
        add_resource_tags(&mut context, target.resource_tags, target.tag_prefix);
        for (key, value) in extra.iter() {
            context.insert(key, value.clone());
        }
        let request = Request {
            principal: principal_of(identity),
            action: action.to_owned(),
            resource: target.resource_arn.clone(),
            context,
        };
        let layers = self.complete_layers(
            self.identity_layers(identity),
            endpoint,
            target,
            &identity.account,
        );
        let decision = decide(&request, &layers);
        if decision == Decision::Allowed {
            return Authorization {
                decision,
                request,
                message: None,
                explanation: None,
            };
        }
        let explanation = policy::explain(&request, &layers);
        let message = match &explanation.denial {
            Some(denial) => denial.message(&identity.arn(), action, &target.resource_as_given),
            None => denial_message(&request, &layers, decision, target, &identity.arn()),
        };
        Authorization {
            decision,
            request,
            message: Some(message),
            explanation: Some(explanation),
        }
    }

    /// The authorisation target of an ARN (secret, key, role) for [`Account::evaluate_access`].
    fn target_for_resource<'a>(
        &'a self,
        resource: &str,
        network: &NetworkOrigin,
        service: Service,
    ) -> (Target<'a>, Option<&'a VpcEndpoint>) {
        if let Some(secret) = self.secrets.iter().find(|secret| secret.arn() == resource) {
            return (
                secret_target(secret, resource),
                self.endpoint_for(network, service),
            );
        }
        if let Some(key) = self.keys.iter().find(|key| key.arn() == resource) {
            return (key_target(key), self.endpoint_for(network, service));
        }
        if let Some(role) = self.role_by_arn(resource) {
            if service == Service::Sts {
                return (
                    Target {
                        resource_arn: resource.to_owned(),
                        resource_as_given: resource.to_owned(),
                        resource_account: role.account.clone(),
                        resource_policy: Some(&role.trust_policy),
                        rule: ResourceRule::TrustPolicy,
                        resource_tags: &role.tags,
                        tag_prefix: Some("iam"),
                        skip_resource_control: false,
                    },
                    None,
                );
            }
        }
        (
            Target {
                resource_arn: resource.to_owned(),
                resource_as_given: resource.to_owned(),
                resource_account: account_of_arn(resource).unwrap_or_else(|| self.home.clone()),
                resource_policy: None,
                rule: ResourceRule::Standard,
                resource_tags: &[],
                tag_prefix: None,
                skip_resource_control: false,
            },
            self.endpoint_for(network, service),
        )
    }
}

/// The authorisation target of a secret addressed as `as_given`.
pub(crate) fn secret_target<'a>(secret: &'a crate::model::Secret, as_given: &str) -> Target<'a> {
    Target {
        resource_arn: secret.arn(),
        resource_as_given: as_given.to_owned(),
        resource_account: secret.account.clone(),
        resource_policy: secret.resource_policy.as_ref(),
        rule: ResourceRule::Standard,
        resource_tags: &secret.tags,
        tag_prefix: Some("secretsmanager"),
        skip_resource_control: false,
    }
}

/// The authorisation target of a KMS key (its key policy must allow).
pub(crate) fn key_target(key: &crate::model::Key) -> Target<'_> {
    Target {
        resource_arn: key.arn(),
        resource_as_given: key.arn(),
        resource_account: key.account.clone(),
        resource_policy: Some(&key.policy),
        rule: ResourceRule::KeyPolicy,
        resource_tags: &[],
        tag_prefix: None,
        skip_resource_control: key.aws_managed,
    }
}

/// A target without a resource policy (IAM, EC2, STS actions on `*` or on an ARN).
pub(crate) fn plain_target(resource: &str, account: &AccountId) -> Target<'static> {
    Target {
        resource_arn: resource.to_owned(),
        resource_as_given: resource.to_owned(),
        resource_account: account.clone(),
        resource_policy: None,
        rule: ResourceRule::Standard,
        resource_tags: &[],
        tag_prefix: None,
        skip_resource_control: false,
    }
}

/// The context keys of a KMS call Secrets Manager makes on the caller's behalf.
pub(crate) fn add_via_secrets_manager(
    context: &mut RequestContext,
    region: &str,
    caller_account: &AccountId,
) {
    context.insert_string(
        "kms:ViaService",
        &format!("secretsmanager.{region}.amazonaws.com"),
    );
    context.insert(
        "aws:ViaAWSService",
        ContextValue::single(ContextKeyType::Boolean, "true"),
    );
    context.insert_string("kms:CallerAccount", caller_account.as_str());
    context.remove("aws:SourceVpce");
    context.remove("aws:SourceVpc");
    context.remove("aws:VpcSourceIp");
    context.remove("aws:SourceIp");
}

pub(crate) fn add_resource_tags(context: &mut RequestContext, tags: &[Tag], prefix: Option<&str>) {
    for tag in tags {
        context.insert_string(&format!("aws:ResourceTag/{}", tag.key), &tag.value);
        if let Some(prefix) = prefix {
            context.insert_string(&format!("{prefix}:ResourceTag/{}", tag.key), &tag.value);
        }
    }
}

pub(crate) fn principal_of(identity: &Session) -> Principal {
    Principal {
        arn: identity.arn(),
        account: identity.account.to_string(),
        kind: PrincipalKind::AssumedRole {
            role_arn: identity.role_arn.clone(),
            session_name: identity.session_name.clone(),
        },
    }
}

pub(crate) fn sourced(document: &StoredPolicy) -> SourcedPolicy<'_> {
    SourcedPolicy {
        source: &document.source,
        policy: &document.document,
    }
}

fn bool_text(value: bool) -> &'static str {
    if value {
        "true"
    } else {
        "false"
    }
}

pub(crate) fn account_of_arn(arn: &str) -> Option<AccountId> {
    let account = arn.split(':').nth(4)?;
    (account.len() == 12 && account.bytes().all(|byte| byte.is_ascii_digit()))
        .then(|| AccountId::new(account))
}

fn invalid_token(service: Service) -> ApiError {
    match service {
        Service::SecretsManager | Service::Kms => ApiError::new(
            ErrorCode::UnrecognizedClientException,
            "The security token included in the request is invalid.",
        ),
        Service::Ec2 => ApiError::new(
            ErrorCode::AuthFailure,
            "AWS was not able to validate the provided access credentials",
        ),
        Service::Iam | Service::Sts => ApiError::new(
            ErrorCode::InvalidClientTokenId,
            "The security token included in the request is invalid.",
        ),
    }
}

fn expired_token(service: Service) -> ApiError {
    match service {
        Service::SecretsManager | Service::Kms => ApiError::new(
            ErrorCode::ExpiredTokenException,
            "The security token included in the request is expired",
        ),
        Service::Ec2 => ApiError::new(ErrorCode::RequestExpired, "Request has expired."),
        Service::Iam | Service::Sts => ApiError::new(
            ErrorCode::ExpiredToken,
            "The security token included in the request is expired",
        ),
    }
}

/// The policy type AWS names in an AccessDenied message.
fn phrase(layer: Layer) -> &'static str {
    match layer {
        Layer::ServiceControl => "service control policy",
        Layer::ResourceControl => "resource control policy",
        Layer::VpcEndpoint => "VPC endpoint policy",
        Layer::Resource => "resource-based policy",
        Layer::Identity => "identity-based policy",
        Layer::PermissionsBoundary => "permissions boundary",
        Layer::Session => "session policy",
    }
}

fn article(text: &str) -> &'static str {
    if text.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn without_layer<'a>(layers: &PolicyLayers<'a>, layer: Layer) -> PolicyLayers<'a> {
    let mut probe = layers.clone();
    match layer {
        Layer::ServiceControl => probe.service_control.clear(),
        Layer::ResourceControl => probe.resource_control.clear(),
        Layer::VpcEndpoint => probe.vpc_endpoint = None,
        Layer::Resource => probe.resource = None,
        Layer::Identity => probe.identity.clear(),
        Layer::PermissionsBoundary => probe.permissions_boundary = None,
        Layer::Session => probe.session.clear(),
    }
    probe
}

/// Which policy type denied, found by probing with `decide` alone: for an explicit deny, the first layer
/// whose removal lifts the explicit deny; for an implicit deny, the first restricting layer (SCP, VPC endpoint,
/// boundary, session) whose removal allows, else the resource-based policy where it must allow on its own
/// (key policies, trust policies, cross-account) and does not, else the identity-based policies.
fn denying_layer(request: &Request, layers: &PolicyLayers<'_>, decision: Decision) -> Layer {
    const ORDER: [Layer; 7] = [
        Layer::ServiceControl,
        Layer::ResourceControl,
        Layer::VpcEndpoint,
        Layer::Resource,
        Layer::Identity,
        Layer::PermissionsBoundary,
        Layer::Session,
    ];
    if decision == Decision::ExplicitDeny {
        return ORDER
            .into_iter()
            .find(|layer| decide(request, &without_layer(layers, *layer)) != Decision::ExplicitDeny)
            .unwrap_or(Layer::Identity);
    }
    for layer in [
        Layer::ServiceControl,
        Layer::VpcEndpoint,
        Layer::PermissionsBoundary,
        Layer::Session,
    ] {
        let present = match layer {
            Layer::ServiceControl => !layers.service_control.is_empty(),
            Layer::VpcEndpoint => layers.vpc_endpoint.is_some(),
            Layer::PermissionsBoundary => layers.permissions_boundary.is_some(),
            _ => !layers.session.is_empty(),
        };
        if present && decide(request, &without_layer(layers, layer)) == Decision::Allowed {
            return layer;
        }
    }
    let resource_must_allow =
        layers.resource_rule != ResourceRule::Standard || layers.resource_account.is_some();
    if resource_must_allow && layers.resource.is_some() {
        // Does the resource policy allow this principal at all? Ask it alone, as if identity allowed.
        let allows_on_its_own = layers.resource.is_some_and(|resource| {
            let mut probe = PolicyLayers {
                resource: Some(resource),
                resource_rule: layers.resource_rule,
                ..PolicyLayers::default()
            };
            probe.resource_account = layers.resource_account.clone();
            probe.identity = layers.identity.clone();
            decide(request, &probe) == Decision::Allowed
        });
        if !allows_on_its_own
            && (layers.resource_account.is_some() || layers.resource_rule != ResourceRule::Standard)
        {
            let identity_only = PolicyLayers {
                identity: layers.identity.clone(),
                ..PolicyLayers::default()
            };
            if decide(request, &identity_only) == Decision::Allowed {
                return Layer::Resource;
            }
        }
    } else if resource_must_allow {
        return Layer::Resource;
    }
    Layer::Identity
}

/// The fallback when `policy::explain` names no denial: `User: ARN is not authorized to perform: ACTION on
/// resource: RES because no TYPE allows the ACTION action` or `... with an explicit deny in a TYPE` (IAM User
/// Guide, troubleshoot access denied). The resource is echoed as the caller named it.
fn denial_message(
    request: &Request,
    layers: &PolicyLayers<'_>,
    decision: Decision,
    target: &Target<'_>,
    caller_arn: &str,
) -> String {
    let action = &request.action;
    let head = format!(
        "User: {caller_arn} is not authorized to perform: {action} on resource: {}",
        target.resource_as_given
    );
    if target.rule == ResourceRule::TrustPolicy {
        return head;
    }
    let layer = denying_layer(request, layers, decision);
    let kind = phrase(layer);
    match decision {
        Decision::ExplicitDeny => format!("{head} with an explicit deny in {} {kind}", article(kind)),
        _ => format!("{head} because no {kind} allows the {action} action"),
    }
}
