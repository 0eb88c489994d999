//! The AccessDenied message text, exactly as AWS writes it (IAM User Guide, `troubleshoot_access-denied`;
//! reference 4.7):
//!
//! `User: <caller ARN> is not authorized to perform: <action> on resource: <resource> <context>`
//!
//! where `<context>` is `because no <type> allows the <action> action` for an implicit deny and
//! `with an explicit deny in <a/an/the> <type>` for an explicit one. Variant choices, made explicit:
//! - `on resource: <resource>` is left out when the request has no resource (`*`), as in the guide's examples
//!   for resource-less actions (`codecommit:ListRepositories`). The resource is echoed as the caller gave it
//!   (Secrets Manager echoes the `SecretId` as passed: a name stays a name), so callers pass it in.
//! - A denial by an SCP always reads `with an explicit deny in a service control policy`, "even if the denial is
//!   implicit" (the guide's note).
//! - Session policies: the guide writes `no session policy allows` for implicit denials and, in one explicit
//!   example, `a sessions policy`; we write `a session policy`, taking the example's plural as a typo.
//! - Role trust policies: the guide writes `with an explicit deny in the role trust policy`; for the implicit
//!   case its example (`because the role trust policy allows`) drops the `no`, which we restore:
//!   `because no role trust policy allows the sts:AssumeRole action`.
//! - The newer variant that names the policy (observed 2025-26): when the explicit Deny sits in an
//!   identity-based policy or a permissions boundary whose id is a managed policy ARN, the ARN is appended:
//!   `with an explicit deny in an identity-based policy: arn:aws:iam::111122223333:policy/Name`. Inline policy
//!   names are not ARNs and are not appended.
//! - Resource control policies: `a resource control policy` (wording UNCONFIRMED).
//! - Only one policy type is ever named; counts are never given.

use std::fmt;

use crate::request::Layer;

/// The policy types AccessDenied texts name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyType {
    IdentityBased,
    ResourceBased,
    RoleTrust,
    PermissionsBoundary,
    Session,
    ServiceControl,
    ResourceControl,
    VpcEndpoint,
}

impl PolicyType {
    /// The policy type as the implicit form names it (`no <this> allows`).
    pub fn noun(self) -> &'static str {
        match self {
            PolicyType::IdentityBased => "identity-based policy",
            PolicyType::ResourceBased => "resource-based policy",
            PolicyType::RoleTrust => "role trust policy",
            PolicyType::PermissionsBoundary => "permissions boundary",
            PolicyType::Session => "session policy",
            PolicyType::ServiceControl => "service control policy",
            PolicyType::ResourceControl => "resource control policy",
            PolicyType::VpcEndpoint => "VPC endpoint policy",
        }
    }

    /// The policy type with its article as the explicit form names it (`with an explicit deny in <this>`).
    pub fn with_article(self) -> &'static str {
        match self {
            PolicyType::IdentityBased => "an identity-based policy",
            PolicyType::ResourceBased => "a resource-based policy",
            PolicyType::RoleTrust => "the role trust policy",
            PolicyType::PermissionsBoundary => "a permissions boundary",
            PolicyType::Session => "a session policy",
            PolicyType::ServiceControl => "a service control policy",
            PolicyType::ResourceControl => "a resource control policy",
            PolicyType::VpcEndpoint => "a VPC endpoint policy",
        }
    }

    /// The evaluation layer the policy type belongs to.
    pub fn layer(self) -> Layer {
        match self {
            PolicyType::IdentityBased => Layer::Identity,
            PolicyType::ResourceBased | PolicyType::RoleTrust => Layer::Resource,
            PolicyType::PermissionsBoundary => Layer::PermissionsBoundary,
            PolicyType::Session => Layer::Session,
            PolicyType::ServiceControl => Layer::ServiceControl,
            PolicyType::ResourceControl => Layer::ResourceControl,
            PolicyType::VpcEndpoint => Layer::VpcEndpoint,
        }
    }
}

impl fmt::Display for PolicyType {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.noun())
    }
}

/// Why a request was denied: the policy type AWS names, whether the deny was explicit, and (explicit denials)
/// the id of the policy holding the Deny.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denial {
    pub policy_type: PolicyType,
    /// An applicable `Deny` statement decided. False for "no policy allows" (including an SCP level without an
    /// Allow, which AWS nevertheless words as explicit).
    pub explicit: bool,
    /// The [`crate::PolicySource::id`] of the policy with the first applicable Deny.
    pub policy_id: Option<String>,
}

impl Denial {
    /// The layer the denial is attributed to.
    pub fn layer(&self) -> Layer {
        self.policy_type.layer()
    }

    /// The AccessDenied message. `resource_as_given` is the resource as the caller named it (a secret name or
    /// ARN); `*` or empty leaves the `on resource:` part out.
    pub fn message(&self, caller_arn: &str, action: &str, resource_as_given: &str) -> String {
        let mut message = format!("User: {caller_arn} is not authorized to perform: {action}");
        if !resource_as_given.is_empty() && resource_as_given != "*" {
            message.push_str(" on resource: ");
            message.push_str(resource_as_given);
        }
        message.push(' ');
        message.push_str(&self.context(action));
        message
    }

    /// The part after the resource: `because no ... allows the ... action` or `with an explicit deny in ...`.
    pub fn context(&self, action: &str) -> String {
        if self.explicit || self.policy_type == PolicyType::ServiceControl {
            let mut context = format!("with an explicit deny in {}", self.policy_type.with_article());
            let names_policy = matches!(
                self.policy_type,
                PolicyType::IdentityBased | PolicyType::PermissionsBoundary
            );
            if let (true, true, Some(id)) = (self.explicit, names_policy, self.policy_id.as_deref()) {
                if is_managed_policy_arn(id) {
                    context.push_str(": ");
                    context.push_str(id);
                }
            }
            context
        } else {
            format!(
                "because no {} allows the {action} action",
                self.policy_type.noun()
            )
        }
    }
}

/// `arn:<partition>:iam::<account or aws>:policy/<path><name>`.
fn is_managed_policy_arn(id: &str) -> bool {
    id.starts_with("arn:") && id.split(':').nth(2) == Some("iam") && id.contains(":policy/")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SESSION: &str = "arn:aws:sts::111122223333:assumed-role/App/i-0abc";

    fn denial(policy_type: PolicyType, explicit: bool, policy_id: Option<&str>) -> Denial {
        Denial {
            policy_type,
            explicit,
            policy_id: policy_id.map(str::to_owned),
        }
    }

    // Reference 4.7, OBSERVED Secrets Manager message.
    #[test]
    fn implicit_identity_denial_echoes_the_secret_id_as_given() {
        let message = denial(PolicyType::IdentityBased, false, None).message(
            SESSION,
            "secretsmanager:GetSecretValue",
            "prod/db",
        );
        assert_eq!(
            message,
            "User: arn:aws:sts::111122223333:assumed-role/App/i-0abc is not authorized to perform: \
             secretsmanager:GetSecretValue on resource: prod/db because no identity-based policy allows the \
             secretsmanager:GetSecretValue action"
        );
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
    #[test]
    fn explicit_forms_per_type() {
        let resource = "arn:aws:secretsmanager:us-east-1:123456789012:secret:*";
        let user = "arn:aws:iam::123456789012:user/JohnDoe";
        let action = "secretsmanager:GetSecretValue";
        let cases = [
            (
                PolicyType::ResourceBased,
                "with an explicit deny in a resource-based policy",
            ),
            (
                PolicyType::IdentityBased,
                "with an explicit deny in an identity-based policy",
            ),
            (
                PolicyType::PermissionsBoundary,
                "with an explicit deny in a permissions boundary",
            ),
            (PolicyType::Session, "with an explicit deny in a session policy"),
            (
                PolicyType::VpcEndpoint,
                "with an explicit deny in a VPC endpoint policy",
            ),
            (
                PolicyType::ServiceControl,
                "with an explicit deny in a service control policy",
            ),
            (
                PolicyType::RoleTrust,
                "with an explicit deny in the role trust policy",
            ),
            (
                PolicyType::ResourceControl,
                "with an explicit deny in a resource control policy",
            ),
        ];
        for (policy_type, context) in cases {
            assert_eq!(
                denial(policy_type, true, Some("inline")).message(user, action, resource),
                format!(
                    "User: {user} is not authorized to perform: {action} on resource: {resource} {context}"
                )
            );
        }
    }

    #[test]
    fn implicit_forms_and_resource_less_actions() {
        let user = "arn:aws:iam::123456789012:user/JohnDoe";
        assert_eq!(
            denial(PolicyType::VpcEndpoint, false, None).message(user, "codecommit:ListRepositories", "*"),
            "User: arn:aws:iam::123456789012:user/JohnDoe is not authorized to perform: codecommit:ListRepositories \
             because no VPC endpoint policy allows the codecommit:ListRepositories action"
        );
        assert_eq!(
            denial(PolicyType::PermissionsBoundary, false, None).context("codedeploy:ListDeployments"),
            "because no permissions boundary allows the codedeploy:ListDeployments action"
        );
        assert_eq!(
            denial(PolicyType::ResourceBased, false, None).context("secretsmanager:GetSecretValue"),
            "because no resource-based policy allows the secretsmanager:GetSecretValue action"
        );
        assert_eq!(
            denial(PolicyType::RoleTrust, false, None).context("sts:AssumeRole"),
            "because no role trust policy allows the sts:AssumeRole action"
        );
        assert_eq!(
            denial(PolicyType::Session, false, None).context("codecommit:ListRepositories"),
            "because no session policy allows the codecommit:ListRepositories action"
        );
        // SCP: worded as explicit even when implicit.
        assert_eq!(
            denial(PolicyType::ServiceControl, false, None).message(user, "codecommit:ListRepositories", "*"),
            "User: arn:aws:iam::123456789012:user/JohnDoe is not authorized to perform: codecommit:ListRepositories \
             with an explicit deny in a service control policy"
        );
    }

    #[test]
    fn managed_policy_arns_are_named_for_identity_and_boundary_denials() {
        let arn = "arn:aws:iam::111122223333:policy/DenySecrets";
        assert_eq!(
            denial(PolicyType::IdentityBased, true, Some(arn)).context("secretsmanager:GetSecretValue"),
            "with an explicit deny in an identity-based policy: arn:aws:iam::111122223333:policy/DenySecrets"
        );
        assert_eq!(
            denial(PolicyType::PermissionsBoundary, true, Some(arn)).context("x:Y"),
            "with an explicit deny in a permissions boundary: arn:aws:iam::111122223333:policy/DenySecrets"
        );
        // Inline policy names and other layers are not appended.
        assert_eq!(
            denial(PolicyType::IdentityBased, true, Some("ReadSecrets")).context("x:Y"),
            "with an explicit deny in an identity-based policy"
        );
        assert_eq!(
            denial(PolicyType::ResourceBased, true, Some(arn)).context("x:Y"),
            "with an explicit deny in a resource-based policy"
        );
        assert_eq!(
            denial(
                PolicyType::ServiceControl,
                true,
                Some("arn:aws:organizations::1:policy/o-1/service_control_policy/p-1")
            )
            .context("x:Y"),
            "with an explicit deny in a service control policy"
        );
    }
}
