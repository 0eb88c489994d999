"""evaluation-logic, cross-account, resource-policy-principals, boundaries, session-policies."""

from common import *


def evaluation_logic():
    c = []
    c.append(case(
        "no policies at all is an implicit deny", INTERPLAY,
        "By default all requests are implicitly denied (root user excepted).",
        request(identity=[]), "implicitDeny", matched=[]))
    c.append(case(
        "identity allow for the action and resource allows", EVAL,
        "Any statement in any applicable identity-based policy that allows the request lets the code continue; "
        "with nothing else applying the request is allowed.",
        request(identity=[doc(allow(GET, SECRET, sid="ReadCartSecret"))]), "allowed",
        matched=[("PolicyInputList.1", "ReadCartSecret")]))
    c.append(case(
        "identity allow for another action does not apply", EVAL,
        "No statement allows the requested action: implicit deny.",
        request(identity=[doc(allow("secretsmanager:DescribeSecret", SECRET))]), "implicitDeny", matched=[]))
    c.append(case(
        "identity allow for another resource does not apply", EVAL,
        "No statement allows the requested resource: implicit deny.",
        request(identity=[doc(allow(GET, OTHER_SECRET))]), "implicitDeny", matched=[]))
    c.append(case(
        "explicit deny in the same policy overrides allow", INTERPLAY,
        "An explicit deny in any policy overrides any allows.",
        request(identity=[doc(allow("secretsmanager:*", "*", sid="AllowAll"),
                              deny(GET, SECRET, sid="DenyRead"))]),
        "explicitDeny", matched=[("PolicyInputList.1", "DenyRead")]))
    c.append(case(
        "explicit deny in a second policy overrides allow in the first", INTERPLAY,
        "If multiple policies apply, a Deny in any of them overrides the allow.",
        request(identity=[doc(allow("secretsmanager:*", "*")), doc(deny(GET, "*", sid="NoReads"))]),
        "explicitDeny", matched=[("PolicyInputList.2", "NoReads")]))
    c.append(case(
        "deny alone is an explicit deny", INTERPLAY,
        "A matching Deny statement gives an explicit deny even when nothing allows.",
        request(identity=[doc(deny(GET, "*", sid="NoReads"))]), "explicitDeny",
        matched=[("PolicyInputList.1", "NoReads")]))
    c.append(case(
        "deny of another action leaves the allow in force", INTERPLAY,
        "A Deny that does not match the request has no effect.",
        request(identity=[doc(allow(GET, SECRET, sid="Read"), deny("secretsmanager:DeleteSecret", "*"))]),
        "allowed", matched=[("PolicyInputList.1", "Read")]))
    c.append(case(
        "allow in the second of two identity policies", POLICIES,
        "AWS applies a logical OR across all policies that apply to a request.",
        request(identity=[doc(allow("s3:GetObject", "*")), doc(allow(GET, SECRET, sid="Read"))]), "allowed",
        matched=[("PolicyInputList.2", "Read")]))
    c.append(case(
        "allow in the second statement of one policy", POLICIES,
        "AWS applies a logical OR across the statements of a policy.",
        request(identity=[doc(allow("s3:GetObject", "*", sid="First"), allow(GET, SECRET, sid="Second"))]),
        "allowed", matched=[("PolicyInputList.1", "Second")]))
    c.append(case(
        "Statement given as a single object", STATEMENT,
        "The Statement element can contain a single statement object or an array of statements.",
        request(identity=[doc(allow(GET, SECRET, sid="Only"), single=True)]), "allowed",
        matched=[("PolicyInputList.1", "Only")]))
    c.append(case(
        "Action and Resource given as arrays", ACTION,
        "Action and Resource may each be a string or an array of strings.",
        request(identity=[doc(allow([GET, "secretsmanager:DescribeSecret"], [OTHER_SECRET, SECRET]))]),
        "allowed"))
    c.append(case(
        "allow whose condition is false does not apply", CONDITION,
        "A statement with a Condition is only in effect when the Condition evaluates to true.",
        request(identity=[doc(allow(GET, SECRET, cond={"StringEquals": {"aws:PrincipalTag/team": "cart"}}))],
                context=[s("aws:PrincipalTag/team", "payments")]), "implicitDeny", matched=[]))
    c.append(case(
        "deny whose condition is false does not apply", CONDITION,
        "A Deny with a false Condition does not deny; the allow stands.",
        request(identity=[doc(allow(GET, SECRET, sid="Read"),
                              deny(GET, SECRET, cond={"StringEquals": {"aws:PrincipalTag/team": "contractors"}}))],
                context=[s("aws:PrincipalTag/team", "cart")]), "allowed", matched=[("PolicyInputList.1", "Read")]))
    c.append(case(
        "deny whose condition is true denies", CONDITION,
        "A Deny whose Condition evaluates to true is an explicit deny.",
        request(identity=[doc(allow(GET, SECRET),
                              deny(GET, SECRET, sid="NoContractors",
                                   cond={"StringEquals": {"aws:PrincipalTag/team": "contractors"}}))],
                context=[s("aws:PrincipalTag/team", "contractors")]), "explicitDeny",
        matched=[("PolicyInputList.1", "NoContractors")]))
    c.append(case(
        "same account: resource policy alone allows an IAM user", BASICS,
        "If either the identity-based policy or the resource-based policy within the same account allows the "
        "request and the other doesn't, the request is still allowed.",
        request(identity=[], caller=USER,
                resource_policy=doc(allow(GET, "*", sid="AliceReads", principal={"AWS": USER}))),
        "allowed", matched=[("ResourcePolicy", "AliceReads")]))
    c.append(case(
        "same account: identity policy alone allows although a resource policy exists", BASICS,
        "Either an identity-based or a resource-based Allow suffices within one account.",
        request(identity=[doc(allow(GET, SECRET, sid="Read"))], caller=USER,
                resource_policy=doc(allow(GET, "*", principal={"AWS": OTHER_USER}))),
        "allowed", matched=[("PolicyInputList.1", "Read")]))
    c.append(case(
        "same account: resource policy deny overrides identity allow", INTERPLAY,
        "An explicit deny in any policy, including a resource-based policy, overrides any allows.",
        request(identity=[doc(allow(GET, SECRET))], caller=USER,
                resource_policy=doc(deny(GET, "*", sid="DenyAlice", principal={"AWS": USER}))),
        "explicitDeny", matched=[("ResourcePolicy", "DenyAlice")]))
    c.append(case(
        "same account: identity deny overrides resource policy allow", INTERPLAY,
        "An explicit deny in the identity-based policy overrides the resource-based allow.",
        request(identity=[doc(deny(GET, "*", sid="NoSecrets"))], caller=USER,
                resource_policy=doc(allow(GET, "*", principal={"AWS": USER}))),
        "explicitDeny", matched=[("PolicyInputList.1", "NoSecrets")]))
    c.append(case(
        "same account: resource policy naming another user does not grant", BASICS,
        "The resource-based policy grants only to the principal it names.",
        request(identity=[], caller=USER, resource_policy=doc(allow(GET, "*", principal={"AWS": OTHER_USER}))),
        "implicitDeny", matched=[]))
    c.append(case(
        "same account: resource policy for another action does not grant", BASICS,
        "The resource-based Allow must match the requested action.",
        request(identity=[], caller=USER,
                resource_policy=doc(allow("secretsmanager:DescribeSecret", "*", principal={"AWS": USER}))),
        "implicitDeny", matched=[]))
    c.append(case(
        "permissions boundary explicit deny overrides identity allow", BOUND,
        "An explicit deny in either the identity-based policy or the boundary overrides the allow.",
        request(identity=[doc(allow(GET, SECRET))],
                boundary=[doc(allow("*", "*"), deny(GET, "*", sid="BoundaryDeny"))]),
        "explicitDeny", matched=[("PermissionsBoundaryPolicyInputList.1", "BoundaryDeny")]))
    c.append(case(
        "Resource * in a resource policy means the secret it is attached to", SM_EX,
        "In a policy attached to a secret, * means the policy applies to this secret.",
        request(identity=[], caller=SESSION,
                resource_policy=doc(allow(GET, "*", principal={"AWS": ROLE}))), "allowed"))
    c.append(case(
        "Version 2008-10-17 policy without variables evaluates normally", VERSION,
        "The older version is still accepted; only policy variables behave differently.",
        request(identity=[doc(allow(GET, SECRET), version="2008-10-17")]), "allowed"))
    c.append(case(
        "NotAction and Action deny in the same evaluation: the deny wins", INTERPLAY,
        "An explicit deny overrides an allow granted through NotAction.",
        request(identity=[doc(stmt("Allow", notaction="iam:*", resource="*"), deny("secretsmanager:Get*", "*"))]),
        "explicitDeny"))
    return c


def cross_account():
    c = []
    rp_role = doc(allow(GET, "*", sid="AuditorReads", principal={"AWS": B_ROLE}))
    id_allow = doc(allow(GET, SECRET, sid="ReadPartnerSecret"))
    c.append(case(
        "resource policy and identity policy both allow", CROSS,
        "For cross-account access the identity-based policy in the trusted account AND the resource-based policy "
        "in the trusting account must both allow.",
        request(identity=[id_allow], caller=B_SESSION, owner=ROOT_A, resource_policy=rp_role), "allowed"))
    c.append(case(
        "resource policy allows but caller has no identity allow", CROSS,
        "The trusted account's identity-based policy must also allow; without it the request is denied.",
        request(identity=[], caller=B_SESSION, owner=ROOT_A, resource_policy=rp_role), "implicitDeny"))
    c.append(case(
        "identity allows but there is no resource policy", CROSS,
        "Without a resource-based policy in the trusting account that allows, cross-account access is denied.",
        request(identity=[id_allow], caller=B_SESSION, owner=ROOT_A), "implicitDeny"))
    c.append(case(
        "identity allows but the resource policy names another account", CROSS,
        "The resource-based policy must allow the requesting principal.",
        request(identity=[id_allow], caller=B_SESSION, owner=ROOT_A,
                resource_policy=doc(allow(GET, "*", principal={"AWS": "999988887777"})),
                ), "implicitDeny"))
    c.append(case(
        "resource policy names the account by 12-digit id", PRINCIPAL,
        "The account ARN and the shortened account ID behave the same way; both delegate to the account, whose "
        "administrator grants access through identity policies.",
        request(identity=[id_allow], caller=B_SESSION, owner=ROOT_A,
                resource_policy=doc(allow(GET, "*", principal={"AWS": B}))), "allowed"))
    c.append(case(
        "resource policy names the account root ARN", PRINCIPAL,
        "Using the account ARN in the Principal element does not limit permissions to only the root user.",
        request(identity=[id_allow], caller=B_SESSION, owner=ROOT_A,
                resource_policy=doc(allow(GET, "*", principal={"AWS": ROOT_B}))), "allowed"))
    c.append(case(
        "resource policy names the account but no identity policy allows", PRINCIPAL,
        "Naming an account delegates authority; an administrator in that account must then grant access.",
        request(identity=[], caller=B_SESSION, owner=ROOT_A,
                resource_policy=doc(allow(GET, "*", principal={"AWS": ROOT_B}))), "implicitDeny"))
    c.append(case(
        "wildcard principal and identity allow", PRINCIPAL,
        "With Principal *, principals in other accounts must also have identity-based permissions.",
        request(identity=[id_allow], caller=B_SESSION, owner=ROOT_A,
                resource_policy=doc(allow(GET, "*", principal="*"))), "allowed"))
    c.append(case(
        "wildcard principal without identity allow", PRINCIPAL,
        "For principals in other accounts, they must also have identity-based permissions in their account.",
        request(identity=[], caller=B_SESSION, owner=ROOT_A,
                resource_policy=doc(allow(GET, "*", principal="*"))), "implicitDeny"))
    c.append(case(
        "resource policy deny overrides both allows", CROSS,
        "An explicit deny in either account's policies denies the request.",
        request(identity=[id_allow], caller=B_SESSION, owner=ROOT_A,
                resource_policy=doc(allow(GET, "*", principal={"AWS": B_ROLE}),
                                    deny(GET, "*", sid="NoAuditor", principal={"AWS": B_ROLE}))),
        "explicitDeny", matched=[("ResourcePolicy", "NoAuditor")]))
    c.append(case(
        "identity deny in the trusted account overrides the resource allow", CROSS,
        "An explicit deny in the trusted account's identity policy denies the request.",
        request(identity=[doc(allow(GET, SECRET), deny("secretsmanager:*", "*", sid="NoSecrets"))],
                caller=B_SESSION, owner=ROOT_A, resource_policy=rp_role),
        "explicitDeny", matched=[("PolicyInputList.1", "NoSecrets")]))
    c.append(case(
        "IAM user in another account named in the resource policy", CROSS,
        "The resource-based policy can name a user in the trusted account; the user's own policy must also allow.",
        request(identity=[id_allow], caller=B_USER, owner=ROOT_A,
                resource_policy=doc(allow(GET, "*", principal={"AWS": B_USER}))), "allowed"))
    c.append(case(
        "user name in Principal is case sensitive", PRINCIPAL,
        "In a Principal element, the user name part of the ARN is case sensitive.",
        request(identity=[id_allow], caller=f"arn:aws:iam::{B}:user/bob", owner=ROOT_A,
                resource_policy=doc(allow(GET, "*", principal={"AWS": B_USER}))), "implicitDeny"))
    c.append(case(
        "role session named in the resource policy", PRINCIPAL,
        "An assumed-role session ARN can be named as principal; the identity policy must still allow cross-account.",
        request(identity=[id_allow], caller=B_SESSION, owner=ROOT_A,
                resource_policy=doc(allow(GET, "*", principal={"AWS": B_SESSION}))), "allowed"))
    c.append(case(
        "resource policy names another role of the same account", CROSS,
        "A session of role Auditor is not the role DataScience.",
        request(identity=[id_allow], caller=B_SESSION, owner=ROOT_A,
                resource_policy=doc(allow(GET, "*", principal={"AWS": f"arn:aws:iam::{B}:role/DataScience"}))),
        "implicitDeny"))
    c.append(case(
        "permissions boundary in the trusted account limits the cross-account request", CROSS,
        "The trusted account evaluates its identity policies together with its permissions boundary.",
        request(identity=[id_allow], caller=B_SESSION, owner=ROOT_A, resource_policy=rp_role,
                boundary=[doc(allow("s3:*", "*"))]), "implicitDeny"))
    c.append(case(
        "identity policy allows a different account's secret ARN", CROSS,
        "The identity policy must allow the exact resource in the trusting account.",
        request(identity=[doc(allow(GET, f"arn:aws:secretsmanager:{REGION}:999988887777:secret:*"))],
                caller=B_SESSION, owner=ROOT_A, resource_policy=rp_role), "implicitDeny"))
    c.append(case(
        "cross-account identity policy with Resource * is enough on the identity side", CROSS,
        "An identity policy with Resource * applies to resources in other accounts too; the resource policy "
        "still has to allow.",
        request(identity=[doc(allow(GET, "*"))], caller=B_SESSION, owner=ROOT_A, resource_policy=rp_role),
        "allowed"))
    c.append(case(
        "resource policy with aws:PrincipalOrgID condition met", KEYS + "#condition-keys-principalorgid",
        "aws:PrincipalOrgID compares the requester's organization id with the policy value.",
        request(identity=[id_allow], caller=B_SESSION, owner=ROOT_A,
                resource_policy=doc(allow(GET, "*", principal="*",
                                          cond={"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}})),
                context=[s("aws:PrincipalOrgID", "o-a1b2c3d4e5")]), "allowed"))
    c.append(case(
        "resource policy with aws:PrincipalOrgID condition not met", KEYS + "#condition-keys-principalorgid",
        "A caller from another organization does not match.",
        request(identity=[id_allow], caller=B_SESSION, owner=ROOT_A,
                resource_policy=doc(allow(GET, "*", principal="*",
                                          cond={"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}})),
                context=[s("aws:PrincipalOrgID", "o-zzzzzzzzzz")]), "implicitDeny"))
    c.append(case(
        "Secrets Manager cross-account example: role in another account", SM_CROSS,
        "The secret's resource policy allows the role in the other account and the role's identity policy "
        "allows GetSecretValue on the secret ARN.",
        request(identity=[doc(allow(GET, SECRET))], caller=B_SESSION, owner=ROOT_A,
                resource_policy=doc(allow(GET, "*", principal={"AWS": B_ROLE}))), "allowed"))
    return c


def resource_policy_principals():
    c = []
    no_boundary_for_secrets = [doc(allow("s3:*", "*"))]
    c.append(case(
        "IAM user named: allowed without identity policy even with a boundary", EVAL,
        "Resource-based policies that grant permissions to an IAM user ARN are not limited by an implicit deny in "
        "an identity-based policy or permissions boundary.",
        request(identity=[], caller=USER, boundary=no_boundary_for_secrets,
                resource_policy=doc(allow(GET, "*", sid="AliceReads", principal={"AWS": USER}))),
        "allowed", matched=[("ResourcePolicy", "AliceReads")]))
    c.append(case(
        "IAM user named: allowed with no identity policy and no boundary", EVAL,
        "Within the same account, an allow in the resource-based policy for the user suffices.",
        request(identity=[], caller=USER, resource_policy=doc(allow(GET, "*", principal={"AWS": USER}))),
        "allowed"))
    c.append(case(
        "IAM user named: boundary explicit deny still wins", EVAL,
        "An explicit deny in any policy overrides the resource-based allow.",
        request(identity=[], caller=USER, boundary=[doc(deny(GET, "*"))],
                resource_policy=doc(allow(GET, "*", principal={"AWS": USER}))), "explicitDeny"))
    c.append(case(
        "role named: session allowed without identity policy", EVAL,
        "Same account, no boundary and no session policy: the resource-based Allow for the role is enough.",
        request(identity=[], caller=SESSION,
                resource_policy=doc(allow(GET, "*", sid="CartReads", principal={"AWS": ROLE}))),
        "allowed", matched=[("ResourcePolicy", "CartReads")]))
    c.append(case(
        "role named: boundary implicit deny limits the grant", EVAL,
        "Resource-based policies that grant permissions to an IAM role ARN are limited by an implicit deny in a "
        "permissions boundary or session policy.",
        request(identity=[], caller=SESSION, boundary=no_boundary_for_secrets,
                resource_policy=doc(allow(GET, "*", principal={"AWS": ROLE}))), "implicitDeny"))
    c.append(case(
        "role named: boundary allows, no identity policy", EVAL,
        "The boundary allows the action, so it does not limit the resource-based grant to the role.",
        request(identity=[], caller=SESSION, boundary=[doc(allow("secretsmanager:*", "*"))],
                resource_policy=doc(allow(GET, "*", principal={"AWS": ROLE}))), "allowed"))
    c.append(case(
        "role named: session policy implicit deny limits the grant", EVAL,
        "Resource-based policies that grant permissions to an IAM role ARN are limited by an implicit deny in a "
        "session policy.",
        request(identity=[], caller=SESSION, session_policy=doc(allow("s3:*", "*")),
                resource_policy=doc(allow(GET, "*", principal={"AWS": ROLE}))), "implicitDeny"))
    c.append(case(
        "role named: session policy allows, no identity policy", SESSION_DOC,
        "The session's permissions are the intersection of the session policies and either the resource-based "
        "policy or the identity-based policy.",
        request(identity=[], caller=SESSION, session_policy=doc(allow("secretsmanager:*", "*")),
                resource_policy=doc(allow(GET, "*", principal={"AWS": ROLE}))), "allowed"))
    c.append(case(
        "session named: boundary implicit deny does not limit", EVAL,
        "Resource-based policies that grant permissions to an IAM role session ARN grant permissions directly to "
        "the session; they are not limited by an implicit deny in an identity policy, boundary or session policy.",
        request(identity=[], caller=SESSION, boundary=no_boundary_for_secrets,
                resource_policy=doc(allow(GET, "*", principal={"AWS": SESSION}))), "allowed"))
    c.append(case(
        "session named: session policy implicit deny does not limit", SESSION_DOC,
        "When the resource-based policy names the session ARN, its permissions are added after the session is "
        "created and are not limited by the session policy.",
        request(identity=[], caller=SESSION, session_policy=doc(allow("s3:*", "*")),
                resource_policy=doc(allow(GET, "*", principal={"AWS": SESSION}))), "allowed"))
    c.append(case(
        "session named: boundary and session policy both silent", EVAL,
        "Permissions granted directly to a session are not limited by implicit denies in other policy types.",
        request(identity=[], caller=SESSION, boundary=no_boundary_for_secrets,
                session_policy=doc(allow("s3:*", "*")),
                resource_policy=doc(allow(GET, "*", principal={"AWS": SESSION}))), "allowed"))
    c.append(case(
        "session named: session policy explicit deny still wins", EVAL,
        "Only implicit denies are bypassed; an explicit deny in the session policy overrides the allow.",
        request(identity=[], caller=SESSION, session_policy=doc(deny(GET, "*")),
                resource_policy=doc(allow(GET, "*", principal={"AWS": SESSION}))), "explicitDeny"))
    c.append(case(
        "another session name of the same role is not the named session", PRINCIPAL,
        "Principals must always name a specific session; another session of the role does not match.",
        request(identity=[], caller=f"arn:aws:sts::{A}:assumed-role/CartService/other-session",
                resource_policy=doc(allow(GET, "*", principal={"AWS": SESSION}))), "implicitDeny"))
    c.append(case(
        "account principal in the same account needs an identity allow", POLICIES,
        "A resource policy that grants to the account delegates to it; individual users must still be granted "
        "permissions by identity policies.",
        request(identity=[], caller=USER, resource_policy=doc(allow(GET, "*", principal={"AWS": ROOT_A}))),
        "implicitDeny"))
    c.append(case(
        "account principal (short form) plus identity allow", PRINCIPAL,
        "With the account delegated and the identity policy allowing, the request is allowed.",
        request(identity=[doc(allow(GET, SECRET))], caller=USER,
                resource_policy=doc(allow(GET, "*", principal={"AWS": A}))), "allowed"))
    c.append(case(
        "wildcard principal grants to a user of the account without identity policy", PRINCIPAL,
        "Principal * with Allow: for IAM users and role principals within your account, no other permissions "
        "are required.",
        request(identity=[], caller=USER, resource_policy=doc(allow(GET, "*", principal="*"))), "allowed"))
    c.append(case(
        "wildcard principal written as {AWS: *}", PRINCIPAL,
        "\"Principal\": \"*\" and \"Principal\": {\"AWS\": \"*\"} are equivalent.",
        request(identity=[], caller=SESSION, resource_policy=doc(allow(GET, "*", principal={"AWS": "*"}))),
        "allowed"))
    c.append(case(
        "wildcard principal with aws:PrincipalArn is not limited by a boundary", PRINCIPAL,
        "Permissions boundaries and session policies do not limit permissions granted using aws:PrincipalArn "
        "with a wildcard in the Principal element, unless they contain an explicit deny.",
        request(identity=[], caller=SESSION, boundary=no_boundary_for_secrets,
                resource_policy=doc(allow(GET, "*", principal="*", cond={"ArnEquals": {"aws:PrincipalArn": ROLE}})),
                context=[s("aws:PrincipalArn", ROLE)]), "allowed"))
    c.append(case(
        "wildcard principal with aws:PrincipalArn is not limited by a session policy", PRINCIPAL,
        "Session policies do not limit permissions granted through Principal * and aws:PrincipalArn.",
        request(identity=[], caller=SESSION, session_policy=doc(allow("s3:*", "*")),
                resource_policy=doc(allow(GET, "*", principal="*", cond={"ArnEquals": {"aws:PrincipalArn": ROLE}})),
                context=[s("aws:PrincipalArn", ROLE)]), "allowed"))
    c.append(case(
        "wildcard principal with aws:PrincipalArn: explicit boundary deny wins", PRINCIPAL,
        "... unless the identity-based policies contain an explicit deny.",
        request(identity=[], caller=SESSION, boundary=[doc(allow("*", "*"), deny(GET, "*"))],
                resource_policy=doc(allow(GET, "*", principal="*", cond={"ArnEquals": {"aws:PrincipalArn": ROLE}})),
                context=[s("aws:PrincipalArn", ROLE)]), "explicitDeny"))
    c.append(case(
        "wildcard principal with aws:PrincipalArn of another role", PRINCIPAL,
        "The condition restricts the wildcard grant to the named role; another role gets nothing.",
        request(identity=[], caller=OTHER_SESSION,
                resource_policy=doc(allow(GET, "*", principal="*", cond={"ArnEquals": {"aws:PrincipalArn": ROLE}})),
                context=[s("aws:PrincipalArn", OTHER_ROLE)]), "implicitDeny"))
    c.append(case(
        "array of principals is a logical OR", PRINCIPAL,
        "When you specify more than one principal you grant permissions to each principal (logical OR).",
        request(identity=[], caller=USER,
                resource_policy=doc(allow(GET, "*", principal={"AWS": [OTHER_USER, USER]}))), "allowed"))
    c.append(case(
        "service principal does not match a role session", PRINCIPAL,
        "A service principal identifies a service, not a role session calling the secret.",
        request(identity=[], caller=SESSION,
                resource_policy=doc(allow(GET, "*", principal={"Service": "ec2.amazonaws.com"}))), "implicitDeny"))
    c.append(case(
        "wildcard principal deny denies everyone", PRINCIPAL,
        "A Deny with Principal * applies to every caller.",
        request(identity=[doc(allow(GET, SECRET))], caller=USER,
                resource_policy=doc(deny(GET, "*", sid="NoOne", principal="*"))),
        "explicitDeny", matched=[("ResourcePolicy", "NoOne")]))
    c.append(case(
        "resource policy naming the role also denies its sessions", EVAL,
        "When a role session makes a request, a Deny naming the role ARN applies to it (role principals cover "
        "the sessions of that role).",
        request(identity=[doc(allow(GET, SECRET))], caller=SESSION,
                resource_policy=doc(deny(GET, "*", principal={"AWS": ROLE}))), "explicitDeny", inferred=True))
    return c


def boundaries():
    c = []
    c.append(case(
        "identity and boundary both allow", BOUND,
        "The entity can perform only the actions allowed by both its identity-based policies and its boundary.",
        request(identity=[doc(allow(GET, SECRET))], boundary=[doc(allow("secretsmanager:*", "*"))]), "allowed"))
    c.append(case(
        "boundary does not cover the service", BOUND,
        "Actions outside the boundary are denied even if an identity-based policy allows them.",
        request(identity=[doc(allow(GET, SECRET))], boundary=[doc(allow(["s3:*", "cloudwatch:*", "ec2:*"], "*"))]),
        "implicitDeny"))
    c.append(case(
        "boundary alone grants nothing", BOUND,
        "A permissions boundary limits the user's permissions but does not provide permissions on its own.",
        request(identity=[], boundary=[doc(allow("*", "*"))]), "implicitDeny"))
    c.append(case(
        "boundary deny is an explicit deny", BOUND,
        "An explicit deny in either of these policies overrides the allow.",
        request(identity=[doc(allow("*", "*"))], boundary=[doc(allow("*", "*"), deny(GET, SECRET, sid="DenyCart"))]),
        "explicitDeny", matched=[("PermissionsBoundaryPolicyInputList.1", "DenyCart")]))
    shirley_boundary = doc(allow(["s3:*", "cloudwatch:*", "ec2:*"], "*"))
    c.append(case(
        "ShirleyRodriguez example: iam:CreateUser outside the boundary", BOUND,
        "Shirley's policy allows iam:CreateUser but the boundary (S3, CloudWatch, EC2) does not; the operation "
        "fails.",
        request(identity=[doc(allow("iam:CreateUser", "*"), single=True)], action="iam:CreateUser",
                resource=f"arn:aws:iam::{A}:user/NewHire", caller=f"arn:aws:iam::{A}:user/ShirleyRodriguez",
                boundary=[shirley_boundary]), "implicitDeny"))
    c.append(case(
        "ShirleyRodriguez example: EC2 inside the boundary", BOUND,
        "A permissions policy with actions in Amazon EC2 is inside the boundary, so it takes effect.",
        request(identity=[doc(allow("ec2:*", "*"))], action="ec2:DescribeInstances", resource="*",
                caller=f"arn:aws:iam::{A}:user/ShirleyRodriguez", boundary=[shirley_boundary]), "allowed"))
    xcompany = doc(
        allow(["s3:*", "cloudwatch:*", "ec2:*", "dynamodb:*"], "*", sid="ServiceBoundaries"),
        deny("s3:*", ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"], sid="DenyS3Logs"),
        deny("ec2:*", "arn:aws:ec2:*:*:instance/i-1234567890abcdef0", sid="DenyEC2Production"))
    c.append(case(
        "XCompanyBoundaries: DenyS3Logs denies the logs bucket", BOUND,
        "The DenyS3Logs statement explicitly denies access to the logs bucket.",
        request(identity=[doc(allow("s3:*", "*"))], action="s3:GetObject", resource="arn:aws:s3:::logs/app.log",
                caller=USER, boundary=[xcompany]),
        "explicitDeny", matched=[("PermissionsBoundaryPolicyInputList.1", "DenyS3Logs")]))
    c.append(case(
        "XCompanyBoundaries: other buckets allowed", BOUND,
        "The ServiceBoundaries statement allows S3; only the logs bucket is denied.",
        request(identity=[doc(allow("s3:*", "*"))], action="s3:GetObject", resource="arn:aws:s3:::reports/q1.csv",
                caller=USER, boundary=[xcompany]), "allowed"))
    c.append(case(
        "XCompanyBoundaries: DenyEC2Production denies the instance in any region", BOUND,
        "The DenyEC2Production statement explicitly denies the i-1234567890abcdef0 instance.",
        request(identity=[doc(allow("ec2:*", "*"))], action="ec2:TerminateInstances",
                resource=f"arn:aws:ec2:eu-west-1:{A}:instance/i-1234567890abcdef0", caller=USER,
                boundary=[xcompany]), "explicitDeny"))
    c.append(case(
        "XCompanyBoundaries: IAM is outside the boundary", BOUND,
        "Users cannot use IAM to create users even with a permissions policy that allows it.",
        request(identity=[doc(allow("iam:*", "*"))], action="iam:CreateUser", resource=f"arn:aws:iam::{A}:user/x",
                caller=USER, boundary=[xcompany]), "implicitDeny"))
    delegated = doc(
        allow(["iam:CreateUser", "iam:DeleteUserPolicy", "iam:AttachUserPolicy", "iam:DetachUserPolicy",
               "iam:PutUserPermissionsBoundary"], "*", sid="CreateOrChangeOnlyWithBoundary",
              cond={"StringEquals": {"iam:PermissionsBoundary": f"arn:aws:iam::{A}:policy/XCompanyBoundaries"}}),
        allow(["cloudwatch:*", "iam:GetUser", "iam:ListUsers", "iam:DeleteUser"], "*", sid="CloudWatchAndOtherIAMTasks"),
        deny("iam:DeleteUserPermissionsBoundary", "*", sid="NoBoundaryUserDelete"))
    zhang = f"arn:aws:iam::{A}:user/Zhang"
    zhang_perms = doc(allow("iam:*", "*", sid="IAM"))
    c.append(case(
        "DelegatedUserBoundary: CreateUser with the required boundary", BOUND,
        "CreateOrChangeOnlyWithBoundary allows Zhang to create users only if he sets the XCompanyBoundaries "
        "permissions boundary.",
        request(identity=[zhang_perms], action="iam:CreateUser", resource=f"arn:aws:iam::{A}:user/NewHire",
                caller=zhang, boundary=[delegated],
                context=[s("iam:PermissionsBoundary", f"arn:aws:iam::{A}:policy/XCompanyBoundaries")]), "allowed"))
    c.append(case(
        "DelegatedUserBoundary: CreateUser with another boundary", BOUND,
        "The condition requires the XCompanyBoundaries policy; any other boundary is outside the boundary.",
        request(identity=[zhang_perms], action="iam:CreateUser", resource=f"arn:aws:iam::{A}:user/NewHire",
                caller=zhang, boundary=[delegated],
                context=[s("iam:PermissionsBoundary", f"arn:aws:iam::{A}:policy/AdministratorAccess")]),
        "implicitDeny"))
    c.append(case(
        "DelegatedUserBoundary: CreateUser without any boundary", BOUND,
        "Without the iam:PermissionsBoundary key the StringEquals condition is false.",
        request(identity=[zhang_perms], action="iam:CreateUser", resource=f"arn:aws:iam::{A}:user/NewHire",
                caller=zhang, boundary=[delegated]), "implicitDeny"))
    c.append(case(
        "DelegatedUserBoundary: NoBoundaryUserDelete", BOUND,
        "The NoBoundaryUserDelete statement denies Zhang deleting the permissions boundary of any user.",
        request(identity=[zhang_perms], action="iam:DeleteUserPermissionsBoundary",
                resource=f"arn:aws:iam::{A}:user/NewHire", caller=zhang, boundary=[delegated]),
        "explicitDeny", matched=[("PermissionsBoundaryPolicyInputList.1", "NoBoundaryUserDelete")]))
    c.append(case(
        "DelegatedUserBoundary: ListUsers allowed by both", BOUND,
        "CloudWatchAndOtherIAMTasks allows iam:ListUsers within the boundary and the permissions policy allows "
        "iam:*.",
        request(identity=[zhang_perms], action="iam:ListUsers", resource="*", caller=zhang, boundary=[delegated]),
        "allowed"))
    c.append(case(
        "boundary allows a wildcard action prefix", BOUND,
        "Boundary statements match actions with wildcards like any policy.",
        request(identity=[doc(allow(GET, SECRET))], boundary=[doc(allow("secretsmanager:Get*", "*"))]), "allowed"))
    c.append(case(
        "boundary allows only another resource", BOUND,
        "The boundary allows the action only on another secret, so this request is outside the boundary.",
        request(identity=[doc(allow(GET, "*"))], boundary=[doc(allow(GET, OTHER_SECRET))]), "implicitDeny"))
    c.append(case(
        "boundary whose condition is false", BOUND,
        "A boundary statement whose condition is false does not allow, so the action is outside the boundary.",
        request(identity=[doc(allow(GET, SECRET))],
                boundary=[doc(allow(GET, "*", cond={"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}))],
                context=[s("aws:RequestedRegion", "us-east-1")]), "implicitDeny"))
    c.append(case(
        "boundary with Allow NotAction iam:* allows secrets", BOUND + "#access_policies_boundaries-eval-logic",
        "A boundary written with NotAction allows everything except IAM; GetSecretValue is inside it.",
        request(identity=[doc(allow(GET, SECRET))], boundary=[doc(stmt("Allow", notaction="iam:*", resource="*"))]),
        "allowed"))
    c.append(case(
        "boundary with Allow NotAction iam:* leaves IAM outside", BOUND + "#access_policies_boundaries-eval-logic",
        "IAM actions are excluded from the boundary, so identity allows for IAM have no effect.",
        request(identity=[doc(allow("iam:*", "*"))], action="iam:CreateRole", resource=f"arn:aws:iam::{A}:role/x",
                boundary=[doc(stmt("Allow", notaction="iam:*", resource="*"))]), "implicitDeny"))
    c.append(case(
        "resource policy names the user: boundary does not limit it", BOUND,
        "Within an account, permissions boundaries do not reduce permissions granted to a user by a "
        "resource-based policy that names the user.",
        request(identity=[doc(allow(GET, SECRET))], caller=USER, boundary=[doc(allow("s3:*", "*"))],
                resource_policy=doc(allow(GET, "*", principal={"AWS": USER}))), "allowed"))
    c.append(case(
        "two identity policies, one inside the boundary", BOUND,
        "Only the intersection counts: the allow inside the boundary takes effect.",
        request(identity=[doc(allow("s3:*", "*")), doc(allow(GET, SECRET))],
                boundary=[doc(allow("secretsmanager:*", "*"))]), "allowed"))
    return c


def session_policies():
    c = []
    c.append(case(
        "identity and session policy both allow", SESSION_DOC,
        "The session's permissions are the intersection of the identity-based policies and the session policies.",
        request(identity=[doc(allow(GET, SECRET))], session_policy=doc(allow("secretsmanager:GetSecretValue", "*"))),
        "allowed"))
    c.append(case(
        "session policy allows another action only", SESSION_DOC,
        "The action is outside the intersection.",
        request(identity=[doc(allow("secretsmanager:*", "*"))],
                session_policy=doc(allow("secretsmanager:DescribeSecret", "*"))), "implicitDeny"))
    c.append(case(
        "session policy cannot grant by itself", SESSION_DOC,
        "You cannot use session policies to grant more permissions than those allowed by the identity-based "
        "policy of the role.",
        request(identity=[], session_policy=doc(allow("*", "*"))), "implicitDeny"))
    c.append(case(
        "session policy deny", SESSION_DOC,
        "An explicit deny in any of these policies overrides the allow.",
        request(identity=[doc(allow(GET, SECRET))], session_policy=doc(allow("*", "*"), deny(GET, "*"))),
        "explicitDeny"))
    c.append(case(
        "session policy, boundary and identity all allow", SESSION_DOC,
        "With a permissions boundary, the session's permissions are the intersection of the session policy, the "
        "boundary and the identity-based policy.",
        request(identity=[doc(allow(GET, SECRET))], session_policy=doc(allow("secretsmanager:*", "*")),
                boundary=[doc(allow("secretsmanager:Get*", "*"))]), "allowed"))
    c.append(case(
        "session policy allows but boundary does not", SESSION_DOC,
        "The boundary is part of the intersection.",
        request(identity=[doc(allow(GET, SECRET))], session_policy=doc(allow("secretsmanager:*", "*")),
                boundary=[doc(allow("s3:*", "*"))]), "implicitDeny"))
    c.append(case(
        "session policy narrower resource", SESSION_DOC,
        "The session policy allows only another secret, so this secret is outside the intersection.",
        request(identity=[doc(allow(GET, "*"))], session_policy=doc(allow(GET, OTHER_SECRET))), "implicitDeny"))
    c.append(case(
        "resource policy names the role and the session policy allows", SESSION_DOC,
        "The resulting session's permissions are the intersection of the session policies and either the "
        "resource-based policy or the identity-based policy.",
        request(identity=[], session_policy=doc(allow(GET, "*")),
                resource_policy=doc(allow(GET, "*", principal={"AWS": ROLE}))), "allowed"))
    c.append(case(
        "resource policy names the role and the session policy does not allow", SESSION_DOC,
        "The session policy limits the total permissions granted by the resource-based and identity-based "
        "policies when the role ARN is the principal.",
        request(identity=[doc(allow(GET, SECRET))], session_policy=doc(allow("s3:*", "*")),
                resource_policy=doc(allow(GET, "*", principal={"AWS": ROLE}))), "implicitDeny"))
    c.append(case(
        "resource policy names the session and the session policy does not allow", SESSION_DOC,
        "The resulting session has all the permissions of the resource-based policy plus the intersection of "
        "the identity-based policy and the session policy.",
        request(identity=[], session_policy=doc(allow("s3:*", "*")),
                resource_policy=doc(allow(GET, "*", principal={"AWS": SESSION}))), "allowed"))
    c.append(case(
        "session policy with full access and identity allow", SESSION_DOC,
        "A session policy that allows everything leaves the identity policy's permissions unchanged.",
        request(identity=[doc(allow(GET, SECRET))], session_policy=doc(allow("*", "*"))), "allowed"))
    c.append(case(
        "session policy full access does not widen the identity policy", SESSION_DOC,
        "The identity policy allows another secret only.",
        request(identity=[doc(allow(GET, OTHER_SECRET))], session_policy=doc(allow("*", "*"))), "implicitDeny"))
    c.append(case(
        "session policy with a condition that is false", SESSION_DOC,
        "A session policy statement whose condition is false does not allow.",
        request(identity=[doc(allow(GET, SECRET))],
                session_policy=doc(allow(GET, "*", cond={"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}})),
                context=[ctx("aws:SourceIp", "ip", "198.51.100.7")]), "implicitDeny"))
    return c
