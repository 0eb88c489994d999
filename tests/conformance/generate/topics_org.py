"""scp, rcp, vpc-endpoint."""

from common import *

FULL = doc(stmt("Allow", "*", "*", sid="FullAWSAccess"))
RCP_FULL = doc(stmt("Allow", "*", "*", sid="RCPFullAWSAccess", principal="*"))


def scp():
    c = []
    id_allow = doc(allow(GET, SECRET))
    c.append(case(
        "FullAWSAccess at every level and an identity allow", SCP,
        "Every level from the root to the account must allow; with FullAWSAccess everywhere the identity policy "
        "decides.",
        request(identity=[id_allow], scp=[[FULL], [FULL], [FULL]]), "allowed"))
    c.append(case(
        "SCPs never grant", SCP,
        "SCPs do not grant permissions; the identity-based policy must still allow.",
        request(identity=[], scp=[[FULL], [FULL], [FULL]]), "implicitDeny"))
    c.append(case(
        "account level allows only EC2", SCP,
        "For a permission to be allowed for an account, every SCP level must explicitly allow it; the account "
        "level allows only ec2:*.",
        request(identity=[id_allow], scp=[[FULL], [FULL], [doc(allow("ec2:*", "*"))]]), "implicitDeny"))
    c.append(case(
        "OU level allow list includes Secrets Manager", SCP,
        "Allow list strategy: the OU allows secretsmanager:*, the root and account allow everything.",
        request(identity=[id_allow], scp=[[FULL], [doc(allow(["secretsmanager:*", "ec2:*"], "*"))], [FULL]]),
        "allowed"))
    c.append(case(
        "OU level allow list omits Secrets Manager", SCP,
        "If any level does not allow the action the request is denied, whatever the levels below allow.",
        request(identity=[id_allow], scp=[[FULL], [doc(allow(["s3:*", "ec2:*"], "*"))], [FULL]]), "implicitDeny"))
    c.append(case(
        "root level without FullAWSAccess and no allow", SCP,
        "The root level has only a deny statement for another service; nothing at the root allows the action.",
        request(identity=[id_allow], scp=[[doc(deny("ec2:*", "*"))], [FULL], [FULL]]), "implicitDeny"))
    deny_delete = doc(deny(["secretsmanager:DeleteSecret"], "*", sid="DenyDeleteSecret"))
    c.append(case(
        "deny list: denied action", SCP,
        "Deny list strategy: FullAWSAccess plus a Deny; the deny overrides the allow.",
        request(identity=[doc(allow("secretsmanager:*", "*"))], action="secretsmanager:DeleteSecret",
                scp=[[FULL, deny_delete], [FULL], [FULL]]), "explicitDeny"))
    c.append(case(
        "deny list: other actions unaffected", SCP,
        "Deny list strategy: actions not denied stay allowed by FullAWSAccess.",
        request(identity=[doc(allow("secretsmanager:*", "*"))], scp=[[FULL, deny_delete], [FULL], [FULL]]),
        "allowed"))
    c.append(case(
        "deny at the account level", SCP,
        "A Deny at any level overrides allows at other levels.",
        request(identity=[id_allow], scp=[[FULL], [FULL], [FULL, doc(deny("secretsmanager:*", "*"))]]),
        "explicitDeny"))
    region_deny = doc(stmt("Deny", notaction=["iam:*", "organizations:*", "sts:*", "support:*"], resource="*",
                           sid="DenyAllOutsideEU",
                           cond={"StringNotEquals": {"aws:RequestedRegion": ["eu-central-1", "eu-west-1"]}}))
    c.append(case(
        "region restriction: request in another region", SCP_EX,
        "Deny access to AWS based on the requested Region: NotAction exempts global services; other actions "
        "outside the listed Regions are denied.",
        request(identity=[id_allow], scp=[[FULL, region_deny]], context=[s("aws:RequestedRegion", "us-east-1")]),
        "explicitDeny"))
    c.append(case(
        "region restriction: request in an allowed region", SCP_EX,
        "Requests in eu-west-1 do not match StringNotEquals, so the deny does not apply.",
        request(identity=[doc(allow(GET, "*"))], resource=SECRET.replace("us-east-1", "eu-west-1"),
                scp=[[FULL, region_deny]], context=[s("aws:RequestedRegion", "eu-west-1")]), "allowed"))
    c.append(case(
        "region restriction: exempted global service", SCP_EX,
        "iam:* is listed in NotAction, so the Region deny never applies to IAM actions.",
        request(identity=[doc(allow("iam:*", "*"))], action="iam:ListRoles", resource="*",
                scp=[[FULL, region_deny]], context=[s("aws:RequestedRegion", "us-east-1")]), "allowed"))
    c.append(case(
        "allow list with a wildcard action prefix: matching action", SCP,
        "SCP statements match actions with wildcards.",
        request(identity=[doc(allow("secretsmanager:*", "*"))], scp=[[FULL], [doc(allow("secretsmanager:Get*", "*"))]]),
        "allowed"))
    c.append(case(
        "allow list with a wildcard action prefix: other action", SCP,
        "PutSecretValue does not match secretsmanager:Get*.",
        request(identity=[doc(allow("secretsmanager:*", "*"))], action="secretsmanager:PutSecretValue",
                scp=[[FULL], [doc(allow("secretsmanager:Get*", "*"))]]), "implicitDeny"))
    c.append(case(
        "SCP of the caller's account applies to a cross-account request", SCP,
        "SCPs apply to principals of member accounts wherever the resource is.",
        request(identity=[doc(allow(GET, SECRET))], caller=B_SESSION, owner=ROOT_A,
                resource_policy=doc(allow(GET, "*", principal={"AWS": B_ROLE})),
                scp=[[FULL, doc(deny("secretsmanager:*", "*"))]]), "explicitDeny"))
    c.append(case(
        "SCP without allow blocks a cross-account request", SCP,
        "Every level must allow for principals of the member account.",
        request(identity=[doc(allow(GET, SECRET))], caller=B_SESSION, owner=ROOT_A,
                resource_policy=doc(allow(GET, "*", principal={"AWS": B_ROLE})),
                scp=[[FULL], [doc(allow("s3:*", "*"))]]), "implicitDeny"))
    c.append(case(
        "SCP deny overrides a same-account resource policy allow", SCP,
        "An explicit deny in an SCP overrides allows in any other policy type.",
        request(identity=[], caller=SESSION, resource_policy=doc(allow(GET, "*", principal={"AWS": ROLE})),
                scp=[[FULL, doc(deny(GET, "*"))]]), "explicitDeny"))
    c.append(case(
        "SCP without allow limits a same-account resource policy grant", EVAL,
        "If the enforcement code does not find any applicable Allow in the SCPs the request is implicitly denied, "
        "before resource-based policies are considered.",
        request(identity=[], caller=USER, resource_policy=doc(allow(GET, "*", principal={"AWS": USER})),
                scp=[[FULL], [doc(allow("ec2:*", "*"))]]), "implicitDeny"))
    protect = doc(deny("secretsmanager:*", "*", sid="OnlyAdminsTouchSecrets",
                       cond={"ArnNotLike": {"aws:PrincipalArn": f"arn:aws:iam::*:role/Admin*"}}))
    c.append(case(
        "SCP deny with ArnNotLike exception: other role", SCP_EX,
        "Deny unless the principal is an admin role: a non-admin role is denied.",
        request(identity=[id_allow], scp=[[FULL, protect]], context=[s("aws:PrincipalArn", ROLE)]), "explicitDeny"))
    c.append(case(
        "SCP deny with ArnNotLike exception: admin role", SCP_EX,
        "The admin role matches the ArnNotLike pattern, so the deny does not apply.",
        request(identity=[id_allow], caller=f"arn:aws:sts::{A}:assumed-role/AdminOps/ops",
                scp=[[FULL, protect]], context=[s("aws:PrincipalArn", f"arn:aws:iam::{A}:role/AdminOps")]),
        "allowed"))
    c.append(case(
        "SCP and boundary and identity all allow", BOUND,
        "If an SCP, a permissions boundary and an identity-based policy apply, all three must allow.",
        request(identity=[id_allow], boundary=[doc(allow("secretsmanager:*", "*"))], scp=[[FULL]]), "allowed"))
    c.append(case(
        "SCP allows but boundary does not", BOUND,
        "All three policy types must allow.",
        request(identity=[id_allow], boundary=[doc(allow("s3:*", "*"))], scp=[[FULL]]), "implicitDeny"))
    return c


def rcp():
    c = []
    id_allow = doc(allow(GET, SECRET))
    c.append(case(
        "RCPFullAWSAccess and identity allow", RCP,
        "RCPFullAWSAccess allows everything at every level; the other policies decide.",
        request(identity=[id_allow], rcp=[[RCP_FULL], [RCP_FULL]]), "allowed"))
    c.append(case(
        "RCPs never grant", RCP_ABOUT,
        "RCPs alone are not sufficient to grant permissions; they define the maximum available permissions.",
        request(identity=[], rcp=[[RCP_FULL]]), "implicitDeny"))
    perimeter = doc(stmt("Deny", "secretsmanager:*", "*", sid="EnforceOrgIdentities", principal="*",
                         cond={"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"},
                               "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}))
    rp_b = doc(allow(GET, "*", principal={"AWS": B_ROLE}))
    c.append(case(
        "identity perimeter RCP denies a principal from another organization", RCP_EX,
        "The RCP denies access to principals whose aws:PrincipalOrgID is not the organization's.",
        request(identity=[id_allow], caller=B_SESSION, owner=ROOT_A, resource_policy=rp_b,
                rcp=[[RCP_FULL, perimeter]],
                context=[s("aws:PrincipalOrgID", "o-zzzzzzzzzz"), ctx("aws:PrincipalIsAWSService", "boolean", "false")]),
        "explicitDeny"))
    c.append(case(
        "identity perimeter RCP lets organization principals through", RCP_EX,
        "A principal of the organization does not match StringNotEqualsIfExists, so the deny does not apply.",
        request(identity=[id_allow], caller=B_SESSION, owner=ROOT_A, resource_policy=rp_b,
                rcp=[[RCP_FULL, perimeter]],
                context=[s("aws:PrincipalOrgID", "o-a1b2c3d4e5"), ctx("aws:PrincipalIsAWSService", "boolean", "false")]),
        "allowed"))
    c.append(case(
        "identity perimeter RCP denies a principal outside any organization", OPS_IFEXISTS,
        "aws:PrincipalOrgID is absent for accounts outside an organization; ...IfExists makes the missing key "
        "evaluate to true, so both conditions hold and the deny applies.",
        request(identity=[id_allow], caller=B_SESSION, owner=ROOT_A, resource_policy=rp_b,
                rcp=[[RCP_FULL, perimeter]], context=[ctx("aws:PrincipalIsAWSService", "boolean", "false")]),
        "explicitDeny"))
    tls = doc(stmt("Deny", "secretsmanager:*", "*", sid="EnforceSecureTransport", principal="*",
                   cond={"BoolIfExists": {"aws:SecureTransport": "false"}}))
    c.append(case(
        "RCP enforcing secure transport denies plain HTTP", RCP_EX,
        "Deny when aws:SecureTransport is false.",
        request(identity=[id_allow], rcp=[[RCP_FULL, tls]], context=[ctx("aws:SecureTransport", "boolean", "false")]),
        "explicitDeny"))
    c.append(case(
        "RCP enforcing secure transport lets HTTPS through", RCP_EX,
        "aws:SecureTransport true does not match the deny.",
        request(identity=[id_allow], rcp=[[RCP_FULL, tls]], context=[ctx("aws:SecureTransport", "boolean", "true")]),
        "allowed"))
    c.append(case(
        "RCP deny applies to same-account principals too", RCP,
        "RCPs restrict the resources of member accounts whoever the principal is.",
        request(identity=[id_allow], rcp=[[RCP_FULL, doc(stmt("Deny", GET, "*", principal="*"))]]), "explicitDeny"))
    c.append(case(
        "RCP deny at an OU level", RCP,
        "A deny at any level of the hierarchy applies.",
        request(identity=[id_allow], rcp=[[RCP_FULL], [RCP_FULL, doc(stmt("Deny", "secretsmanager:*", "*", principal="*"))]]),
        "explicitDeny"))
    c.append(case(
        "RCP full access with a cross-account grant", RCP,
        "With only RCPFullAWSAccess the cross-account rules decide.",
        request(identity=[id_allow], caller=B_SESSION, owner=ROOT_A, resource_policy=rp_b, rcp=[[RCP_FULL]]),
        "allowed"))
    c.append(case(
        "RCP deny for another service does not apply", RCP,
        "The RCP denies only S3 actions.",
        request(identity=[id_allow], rcp=[[RCP_FULL, doc(stmt("Deny", "s3:*", "*", principal="*"))]]), "allowed"))
    c.append(case(
        "RCP deny overrides a same-account resource policy allow", RCP,
        "An explicit deny in an RCP overrides allows in any other policy.",
        request(identity=[], caller=USER, resource_policy=doc(allow(GET, "*", principal={"AWS": USER})),
                rcp=[[RCP_FULL, doc(stmt("Deny", GET, "*", principal="*"))]]), "explicitDeny"))
    return c


def vpc_endpoint():
    c = []
    id_allow = doc(allow(GET, SECRET))
    default_policy = doc(stmt("Allow", "*", "*", principal="*"))
    only_cart = doc(stmt("Allow", GET, SECRET, principal="*"))
    c.append(case(
        "default endpoint policy allows full access", VPCE,
        "The default endpoint policy allows full access through the endpoint; identity policies still apply.",
        request(identity=[id_allow], vpce=default_policy, context=[s("aws:SourceVpce", "vpce-1234a5678b9012c")]),
        "allowed"))
    c.append(case(
        "endpoint policy does not grant", VPCE,
        "An endpoint policy does not override or replace identity-based or resource-based policies.",
        request(identity=[], vpce=default_policy), "implicitDeny"))
    c.append(case(
        "endpoint policy allows the action on the secret", SM_VPCE,
        "Secrets Manager endpoint policy example: allow GetSecretValue on one secret for all principals.",
        request(identity=[doc(allow("secretsmanager:*", "*"))], vpce=only_cart), "allowed"))
    c.append(case(
        "endpoint policy does not allow another action", SM_VPCE,
        "DescribeSecret is not allowed by the endpoint policy.",
        request(identity=[doc(allow("secretsmanager:*", "*"))], action="secretsmanager:DescribeSecret", vpce=only_cart),
        "implicitDeny"))
    c.append(case(
        "endpoint policy does not allow another secret", SM_VPCE,
        "The endpoint policy allows only the cart-service secret.",
        request(identity=[doc(allow("secretsmanager:*", "*"))], resource=OTHER_SECRET, vpce=only_cart), "implicitDeny"))
    c.append(case(
        "endpoint policy deny", VPCE,
        "An explicit deny in the endpoint policy denies the request.",
        request(identity=[id_allow], vpce=doc(stmt("Allow", "*", "*", principal="*"),
                                              stmt("Deny", GET, "*", principal="*"))), "explicitDeny"))
    role_only = doc(stmt("Allow", GET, "*", principal={"AWS": ROLE}))
    c.append(case(
        "endpoint policy naming the role: session of that role", VPCE,
        "The endpoint policy can restrict which principals may use the endpoint.",
        request(identity=[id_allow], vpce=role_only), "allowed"))
    c.append(case(
        "endpoint policy naming the role: another role", VPCE,
        "A principal the endpoint policy does not name is not allowed through the endpoint.",
        request(identity=[id_allow], caller=OTHER_SESSION, vpce=role_only), "implicitDeny"))
    c.append(case(
        "endpoint policy with a condition on the principal account", VPCE,
        "Endpoint policies support conditions; only principals of the account may use the endpoint.",
        request(identity=[id_allow], vpce=doc(stmt("Allow", "*", "*", principal="*",
                                                    cond={"StringEquals": {"aws:PrincipalAccount": A}})),
                context=[s("aws:PrincipalAccount", A)]), "allowed"))
    c.append(case(
        "endpoint policy with a condition on the principal account: other account", VPCE,
        "A principal of another account does not meet the condition.",
        request(identity=[id_allow], caller=B_SESSION, owner=ROOT_A,
                resource_policy=doc(allow(GET, "*", principal={"AWS": B_ROLE})),
                vpce=doc(stmt("Allow", "*", "*", principal="*", cond={"StringEquals": {"aws:PrincipalAccount": A}})),
                context=[s("aws:PrincipalAccount", B)]), "implicitDeny"))
    return c
