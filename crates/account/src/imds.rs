//! The instance metadata service (IMDS) of each instance: IMDSv2 session tokens, the IAM credentials of the
//! instance profile's role (with the trust-policy check EC2 makes when it assumes the role), `iam/info` and
//! the instance identity document. Not an API call and not audited, as on AWS.

use policy::{
    decide, Decision, PolicyLayers, Principal, PrincipalKind, Request, RequestContext, ResourceRule,
    SourcedPolicy,
};

use crate::api::{NetworkOrigin, Service};
use crate::clock::HOUR;
use crate::ids::AccessKeyId;
use crate::model::{HttpTokens, InstanceState, MetadataToken, RoleDelivery, Session, SessionOrigin};
use crate::state::Account;

/// One HTTP request to `http://169.254.169.254`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImdsRequest {
    /// `GET` or `PUT`.
    pub method: String,
    /// e.g. `/latest/meta-data/iam/security-credentials/`.
    pub path: String,
    /// Header names are matched case-insensitively.
    pub headers: Vec<(String, String)>,
}

impl ImdsRequest {
    pub fn get(path: &str) -> Self {
        Self {
            method: "GET".to_owned(),
            path: path.to_owned(),
            headers: Vec::new(),
        }
    }

    /// `PUT /latest/api/token` with the given TTL.
    pub fn token(ttl_seconds: u32) -> Self {
        Self {
            method: "PUT".to_owned(),
            path: "/latest/api/token".to_owned(),
            headers: vec![(TTL_HEADER.to_owned(), ttl_seconds.to_string())],
        }
    }

    /// The same request carrying an IMDSv2 token.
    pub fn with_token(mut self, token: &str) -> Self {
        self.headers.push((TOKEN_HEADER.to_owned(), token.to_owned()));
        self
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// The HTTP answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImdsResponse {
    pub status: u16,
    pub body: String,
}

pub const TOKEN_HEADER: &str = "X-aws-ec2-metadata-token";
pub const TTL_HEADER: &str = "X-aws-ec2-metadata-token-ttl-seconds";

/// How long EC2's role credentials last, and how often IMDS hands out a fresh set (EC2 User Guide: new
/// credentials at least five minutes before expiry; observed lifetime about six hours, refreshed hourly).
const CREDENTIAL_LIFETIME: i64 = 6 * HOUR;
const CREDENTIAL_REFRESH: i64 = HOUR;

fn respond(status: u16, body: impl Into<String>) -> ImdsResponse {
    ImdsResponse {
        status,
        body: body.into(),
    }
}

fn not_found() -> ImdsResponse {
    respond(404, "404 - Not Found")
}

impl Account {
    /// Serves one IMDS request on `instance_id`.
    pub fn imds(&mut self, instance_id: &str, request: &ImdsRequest) -> ImdsResponse {
        let Some(index) = self
            .instances
            .iter()
            .position(|instance| instance.id.as_str() == instance_id)
        else {
            return not_found();
        };
        let now = self.now;
        let Some(instance) = self.instances.get_mut(index) else {
            return not_found();
        };
        if instance.state != InstanceState::Running {
            return respond(503, "503 - Service Unavailable");
        }
        if !instance.metadata.endpoint_enabled {
            return respond(403, "403 - Forbidden");
        }
        instance.tokens.retain(|token| token.expires > now);
        if request.method.eq_ignore_ascii_case("PUT") {
            if request.path != "/latest/api/token" {
                return respond(403, "403 - Forbidden");
            }
            if request.header("X-Forwarded-For").is_some() {
                return respond(403, "403 - Forbidden");
            }
            let ttl = request
                .header(TTL_HEADER)
                .and_then(|value| value.trim().parse::<i64>().ok());
            let Some(ttl) = ttl.filter(|ttl| (1..=21_600).contains(ttl)) else {
                return respond(400, "400 - Missing or Invalid Parameters");
            };
            let token = format!("AQAEA{}", self.ids.secret_access_key());
            if let Some(instance) = self.instances.get_mut(index) {
                instance.tokens.push(MetadataToken {
                    token: token.clone(),
                    expires: now.plus(ttl),
                });
            }
            return respond(200, token);
        }
        if !request.method.eq_ignore_ascii_case("GET") {
            return respond(405, "405 - Method Not Allowed");
        }
        let delivery = match request.header(TOKEN_HEADER) {
            Some(given) => {
                if !instance.tokens.iter().any(|token| token.token == given) {
                    return respond(401, "401 - Unauthorized");
                }
                RoleDelivery::V2
            }
            None if instance.metadata.http_tokens == HttpTokens::Required => {
                return respond(401, "401 - Unauthorized")
            }
            None => RoleDelivery::V1,
        };
        let instance = instance.clone();
        let profile = instance
            .profile
            .as_ref()
            .and_then(|association| self.instance_profile(&instance.account, &association.profile_name))
            .cloned();
        let role_name = profile
            .as_ref()
            .and_then(|profile| profile.roles.first().cloned());
        let path = request.path.as_str();
        match path {
            "/latest/meta-data" | "/latest/meta-data/" => {
                let mut items = vec![
                    "ami-id",
                    "hostname",
                    "instance-id",
                    "instance-type",
                    "local-ipv4",
                    "placement/",
                ];
                if profile.is_some() {
                    items.push("iam/");
                }
                if instance.public_ip.is_some() {
                    items.push("public-ipv4");
                }
                items.sort_unstable();
                respond(200, items.join("\n"))
            }
            "/latest/meta-data/ami-id" => respond(200, instance.image_id.clone()),
            "/latest/meta-data/instance-id" => respond(200, instance.id.to_string()),
            "/latest/meta-data/instance-type" => respond(200, instance.instance_type.clone()),
            "/latest/meta-data/local-ipv4" => respond(200, instance.private_ip.clone()),
            "/latest/meta-data/hostname" => respond(
                200,
                format!("ip-{}.ec2.internal", instance.private_ip.replace('.', "-")),
            ),
            "/latest/meta-data/public-ipv4" => instance
                .public_ip
                .clone()
                .map_or_else(not_found, |ip| respond(200, ip)),
            "/latest/meta-data/placement/region" => respond(200, instance.region.clone()),
            "/latest/meta-data/placement/availability-zone" => respond(200, format!("{}a", instance.region)),
            "/latest/dynamic/instance-identity/document" => {
                let document = format!(
                    "{{\n  \"accountId\" : \"{}\",\n  \"architecture\" : \"x86_64\",\n  \"availabilityZone\" : \"{}a\",\n  \"billingProducts\" : null,\n  \"devpayProductCodes\" : null,\n  \"marketplaceProductCodes\" : null,\n  \"imageId\" : \"{}\",\n  \"instanceId\" : \"{}\",\n  \"instanceType\" : \"{}\",\n  \"kernelId\" : null,\n  \"pendingTime\" : \"{}\",\n  \"privateIp\" : \"{}\",\n  \"ramdiskId\" : null,\n  \"region\" : \"{}\",\n  \"version\" : \"2017-09-30\"\n}}",
                    instance.account, instance.region, instance.image_id, instance.id, instance.instance_type, instance.launched.iso(), instance.private_ip, instance.region
                );
                respond(200, document)
            }
            _ => {
                let Some(profile) = profile else {
                    return not_found();
                };
                match path {
                    "/latest/meta-data/iam" | "/latest/meta-data/iam/" => {
                        respond(200, "info\nsecurity-credentials/")
                    }
                    "/latest/meta-data/iam/info" => {
                        let body = match &role_name {
                            Some(_) => format!(
                                "{{\n  \"Code\" : \"Success\",\n  \"LastUpdated\" : \"{}\",\n  \"InstanceProfileArn\" : \"{}\",\n  \"InstanceProfileId\" : \"{}\"\n}}",
                                now.iso(),
                                profile.arn(),
                                profile.id
                            ),
                            None => format!(
                                "{{\n  \"Code\" : \"Success\",\n  \"Message\" : \"Instance Profile does not contain a role.\",\n  \"LastUpdated\" : \"{}\"\n}}",
                                now.iso()
                            ),
                        };
                        respond(200, body)
                    }
                    "/latest/meta-data/iam/security-credentials"
                    | "/latest/meta-data/iam/security-credentials/" => {
                        role_name.map_or_else(not_found, |name| respond(200, name))
                    }
                    _ => {
                        let Some(requested) =
                            path.strip_prefix("/latest/meta-data/iam/security-credentials/")
                        else {
                            return not_found();
                        };
                        match role_name {
                            Some(name) if name == requested => {
                                self.instance_credentials(&instance.id.to_string(), &name, delivery)
                            }
                            _ => not_found(),
                        }
                    }
                }
            }
        }
    }

    /// The credentials document: a cached session while it is fresh, else a new one if EC2 may assume the role.
    fn instance_credentials(
        &mut self,
        instance_id: &str,
        role_name: &str,
        delivery: RoleDelivery,
    ) -> ImdsResponse {
        let now = self.now;
        let Some(instance) = self.instance(instance_id).cloned() else {
            return not_found();
        };
        let Some(role) = self.role_by_name(&instance.account, role_name).cloned() else {
            return not_found();
        };
        let cached = self.sessions.iter().rev().find(|session| {
            session.role_arn == role.arn()
                && now < session.issued.plus(CREDENTIAL_REFRESH)
                && matches!(&session.origin, SessionOrigin::Instance { instance, role_delivery, .. } if instance.as_str() == instance_id && *role_delivery == delivery)
        });
        let session = match cached {
            Some(session) => session.clone(),
            None => {
                if !ec2_may_assume(&role) {
                    // What EC2 reports when the trust policy does not trust ec2.amazonaws.com (IAM User Guide,
                    // troubleshoot_iam-ec2: code AssumeRoleUnauthorizedAccess; message text as observed).
                    return respond(
                        200,
                        format!(
                            "{{\n  \"Code\" : \"AssumeRoleUnauthorizedAccess\",\n  \"Message\" : \"EC2 cannot assume the role {role_name}.  Please see documentation at http://docs.amazonwebservices.com/IAM/latest/UserGuide/RolesTroubleshooting.html.\",\n  \"LastUpdated\" : \"{}\"\n}}",
                            now.iso()
                        ),
                    );
                }
                let session = Session {
                    access_key_id: AccessKeyId::new(self.ids.unique_id("ASIA", 16)),
                    secret_access_key: self.ids.secret_access_key(),
                    token: self.ids.session_token(),
                    account: role.account.clone(),
                    role_arn: role.arn(),
                    role_name: role.name.clone(),
                    role_id: role.id.clone(),
                    session_name: instance_id.to_owned(),
                    issued: now,
                    expires: now.plus(CREDENTIAL_LIFETIME),
                    tags: Vec::new(),
                    session_policy: None,
                    origin: SessionOrigin::Instance {
                        instance: instance.id.clone(),
                        role_delivery: delivery,
                        vpc_id: instance.vpc_id.clone(),
                        private_ip: instance.private_ip.clone(),
                        region: instance.region.clone(),
                    },
                };
                self.sessions.push(session.clone());
                session
            }
        };
        respond(
            200,
            format!(
                "{{\n  \"Code\" : \"Success\",\n  \"LastUpdated\" : \"{}\",\n  \"Type\" : \"AWS-HMAC\",\n  \"AccessKeyId\" : \"{}\",\n  \"SecretAccessKey\" : \"{}\",\n  \"Token\" : \"{}\",\n  \"Expiration\" : \"{}\"\n}}",
                session.issued.iso(),
                session.access_key_id,
                session.secret_access_key,
                session.token,
                session.expires.iso()
            ),
        )
    }

    /// Where a call made from an instance comes from, for `service`: through a Secrets Manager interface
    /// endpoint with private DNS in the instance's VPC (source = private IP), else from its public IP.
    pub fn network_for_instance(&self, instance_id: &str, service: Service) -> Option<NetworkOrigin> {
        let instance = self.instance(instance_id)?;
        let endpoint = self.vpc_endpoints.iter().find(|endpoint| {
            endpoint.vpc_id == instance.vpc_id
                && endpoint.private_dns
                && endpoint.service_name == format!("com.amazonaws.{}.{}", instance.region, service.prefix())
        });
        let user_agent = "aws-cli/2.22.35 md/awscrt#0.23.4 ua/2.0 os/linux#6.1.119-129.201.amzn2023.x86_64 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#amzn.2023 md/prompt#off".to_owned();
        Some(match endpoint {
            Some(endpoint) => NetworkOrigin {
                source_ip: instance.private_ip.clone(),
                vpc_endpoint: Some(endpoint.id.clone()),
                instance: Some(instance_id.to_owned()),
                user_agent,
                secure_transport: true,
            },
            None => NetworkOrigin {
                source_ip: instance
                    .public_ip
                    .clone()
                    .unwrap_or_else(|| instance.private_ip.clone()),
                vpc_endpoint: None,
                instance: Some(instance_id.to_owned()),
                user_agent,
                secure_transport: true,
            },
        })
    }
}

/// Whether the role's trust policy lets `ec2.amazonaws.com` call `sts:AssumeRole`.
pub(crate) fn ec2_may_assume(role: &crate::model::Role) -> bool {
    let request = Request {
        principal: Principal {
            arn: "ec2.amazonaws.com".to_owned(),
            account: String::new(),
            kind: PrincipalKind::Service,
        },
        action: "sts:AssumeRole".to_owned(),
        resource: role.arn(),
        context: RequestContext::new(),
    };
    let layers = PolicyLayers {
        resource: Some(SourcedPolicy {
            source: &role.trust_policy.source,
            policy: &role.trust_policy.document,
        }),
        resource_rule: ResourceRule::TrustPolicy,
        ..PolicyLayers::default()
    };
    decide(&request, &layers) == Decision::Allowed
}
