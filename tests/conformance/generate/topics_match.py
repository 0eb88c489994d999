"""action-matching, resource-matching, notaction, notresource, notprincipal."""

from common import *


def action_matching():
    c = []

    def one(name, pattern, action, decision, note, resource=SECRET, link=ACTION):
        c.append(case(name, link, note,
                      request(identity=[doc(allow(pattern, "*"))], action=action, resource=resource), decision))

    one("exact action name", GET, GET, "allowed", "The action in the policy equals the requested action.")
    one("action name is case insensitive", "secretsmanager:getsecretvalue", GET, "allowed",
        "Action names are not case sensitive.")
    one("service prefix is case insensitive", "SecretsManager:GetSecretValue", GET, "allowed",
        "The service prefix and action name are case insensitive.")
    one("service wildcard", "secretsmanager:*", GET, "allowed",
        "Use * to allow all actions of a service.")
    one("prefix wildcard matches", "secretsmanager:Get*", GET, "allowed",
        "A multi-character wildcard matches all actions that begin with Get.")
    one("prefix wildcard does not match other actions", "secretsmanager:Get*", "secretsmanager:PutSecretValue",
        "implicitDeny", "PutSecretValue does not begin with Get.")
    one("lower-case prefix wildcard matches", "secretsmanager:get*", GET, "allowed",
        "Wildcard matching is case insensitive for actions too.")
    one("star alone matches every action", "*", "kms:Decrypt", "allowed",
        "Action * means all actions of all services.", resource=f"arn:aws:kms:{REGION}:{A}:key/1234abcd-12ab-34cd-56ef-1234567890ab")
    one("infix wildcard", "secretsmanager:*Secret*", "secretsmanager:DescribeSecret", "allowed",
        "Wildcards can appear anywhere in the action name.")
    one("infix wildcard matches ListSecrets", "secretsmanager:*Secret*", "secretsmanager:ListSecrets", "allowed",
        "*Secret* matches ListSecrets.", resource="*")
    one("infix wildcard does not match GetRandomPassword", "secretsmanager:*Secret*",
        "secretsmanager:GetRandomPassword", "implicitDeny", "GetRandomPassword does not contain Secret.", resource="*")
    one("question mark matches one character", "secretsmanager:GetSecretValu?", GET, "allowed",
        "? matches exactly one character.")
    one("question mark inside the name", "secretsmanager:GetSecret?alue", GET, "allowed",
        "? matches exactly one character wherever it is.")
    one("question mark requires a character", "secretsmanager:GetSecretValue?", GET, "implicitDeny",
        "? must match exactly one character; there is none left.")
    one("other service prefix does not match", "kms:GetSecretValue", GET, "implicitDeny",
        "The service prefix must match.")
    one("name without wildcard is not a prefix", "secretsmanager:GetSecret", GET, "implicitDeny",
        "Without a wildcard the name must match entirely.")
    one("IAM example iam:*AccessKey* matches CreateAccessKey", "iam:*AccessKey*", "iam:CreateAccessKey", "allowed",
        "iam:*AccessKey* includes all IAM actions containing AccessKey.", resource=f"arn:aws:iam::{A}:user/Alice")
    one("IAM example iam:*AccessKey* matches ListAccessKeys", "iam:*AccessKey*", "iam:ListAccessKeys", "allowed",
        "ListAccessKeys contains AccessKey.", resource=f"arn:aws:iam::{A}:user/Alice")
    one("IAM example iam:*AccessKey* does not match ListUsers", "iam:*AccessKey*", "iam:ListUsers", "implicitDeny",
        "ListUsers does not contain AccessKey.", resource="*")
    one("s3:* does not match s3-object-lambda actions", "s3:*", "s3-object-lambda:GetObject", "implicitDeny",
        "The prefix is the whole service namespace; s3 is not s3-object-lambda.", resource="*")
    c.append(case(
        "action list: second entry matches", ACTION,
        "Action can be a list; any entry matching is enough.",
        request(identity=[doc(allow(["secretsmanager:DescribeSecret", GET], SECRET))]), "allowed"))
    c.append(case(
        "deny wildcard and allow everything: denied action", ACTION,
        "Deny secretsmanager:Delete* overrides Allow *.",
        request(identity=[doc(allow("*", "*"), deny("secretsmanager:Delete*", "*"))],
                action="secretsmanager:DeleteSecret"), "explicitDeny"))
    c.append(case(
        "deny wildcard and allow everything: other action", ACTION,
        "GetSecretValue does not match secretsmanager:Delete*.",
        request(identity=[doc(allow("*", "*"), deny("secretsmanager:Delete*", "*"))]), "allowed"))
    return c


def resource_matching():
    c = []

    def one(name, pattern, resource, decision, note, action=GET, link=RESOURCE, inferred=False):
        c.append(case(name, link, note,
                      request(identity=[doc(allow(action, pattern))], action=action, resource=resource), decision,
                      inferred=inferred))

    one("exact ARN", SECRET, SECRET, "allowed", "The resource ARN equals the requested ARN.")
    one("star alone matches every resource", "*", SECRET, "allowed", "Resource * means all resources.")
    one("trailing wildcard", f"arn:aws:secretsmanager:{REGION}:{A}:secret:prod/cart-service/db-*", SECRET, "allowed",
        "A multi-character wildcard at the end of the resource matches the rest.")
    one("resource matching is case sensitive", f"arn:aws:secretsmanager:{REGION}:{A}:secret:Prod/*", SECRET,
        "implicitDeny", "Resource ARNs are case sensitive: Prod is not prod.")
    one("region wildcard", f"arn:aws:secretsmanager:*:{A}:secret:prod/*", SECRET, "allowed",
        "Wildcards can be used in the region segment.")
    one("account wildcard", f"arn:aws:secretsmanager:{REGION}:*:secret:prod/*", SECRET, "allowed",
        "Wildcards can be used in the account segment.")
    one("other region does not match", f"arn:aws:secretsmanager:us-west-2:{A}:secret:prod/*", SECRET, "implicitDeny",
        "The region segment must match.")
    one("other account does not match", f"arn:aws:secretsmanager:{REGION}:{B}:secret:prod/*", SECRET, "implicitDeny",
        "The account segment must match.")
    one("other partition does not match", f"arn:aws-cn:secretsmanager:{REGION}:{A}:secret:prod/*", SECRET,
        "implicitDeny", "The partition segment must match.")
    one("wildcard crosses slashes", "arn:aws:s3:::mybucket/*", "arn:aws:s3:::mybucket/a/b/c.txt", "allowed",
        "In the resource segment * matches any characters including /.", action="s3:GetObject")
    one("object wildcard does not match the bucket itself", "arn:aws:s3:::mybucket/*", "arn:aws:s3:::mybucket",
        "implicitDeny", "arn:aws:s3:::mybucket/* requires the slash.", action="s3:ListBucket")
    one("question mark in resource", f"arn:aws:secretsmanager:{REGION}:{A}:secret:prod/cart-service/db-AbCdE?",
        SECRET, "allowed", "? matches exactly one character.")
    one("IAM user name in Resource is case sensitive", f"arn:aws:iam::{A}:user/Alice", f"arn:aws:iam::{A}:user/alice",
        "implicitDeny", "IAM user names in resource ARNs are case sensitive.", action="iam:GetUser")
    one("path wildcard for IAM users", f"arn:aws:iam::{A}:user/division_abc/subdivision_xyz/*",
        f"arn:aws:iam::{A}:user/division_abc/subdivision_xyz/Bob", "allowed",
        "The doc example: all users whose path is /division_abc/subdivision_xyz/.", action="iam:GetUser")
    one("path wildcard does not match another path", f"arn:aws:iam::{A}:user/division_abc/subdivision_xyz/*",
        f"arn:aws:iam::{A}:user/division_abc/subdivision_efg/Bob", "implicitDeny",
        "Another path does not match.", action="iam:GetUser")
    one("fully wildcarded secret ARN", "arn:aws:secretsmanager:*:*:secret:*", SECRET, "allowed",
        "Wildcards in every segment but the service.")
    one("name prefix wildcard matches", f"arn:aws:secretsmanager:{REGION}:{A}:secret:prod/*", SECRET, "allowed",
        "prod/* matches every secret whose name starts with prod/.")
    one("name prefix wildcard does not match another prefix", f"arn:aws:secretsmanager:{REGION}:{A}:secret:dev/*",
        SECRET, "implicitDeny", "dev/* does not match prod/...")
    one("resource of another service does not match", f"arn:aws:ssm:{REGION}:{A}:parameter/prod/*", SECRET,
        "implicitDeny", "The service segment must match.")
    one("DynamoDB table wildcard", f"arn:aws:dynamodb:us-east-2:{A}:table/*",
        f"arn:aws:dynamodb:us-east-2:{A}:table/Books", "allowed", "All tables in the account and region.",
        action="dynamodb:GetItem")
    c.append(case(
        "resource list: second entry matches", RESOURCE,
        "Resource can be a list of ARNs; any entry matching is enough.",
        request(identity=[doc(allow(GET, [OTHER_SECRET, SECRET]))]), "allowed"))
    c.append(case(
        "deny one resource and allow all: the denied resource", RESOURCE,
        "The Deny for the specific secret overrides Allow on *.",
        request(identity=[doc(allow(GET, "*"), deny(GET, SECRET))]), "explicitDeny"))
    c.append(case(
        "deny one resource and allow all: another resource", RESOURCE,
        "The Deny names another secret.",
        request(identity=[doc(allow(GET, "*"), deny(GET, OTHER_SECRET))]), "allowed"))
    c.append(case(
        "action without resource-level permissions needs Resource *", SM_REF,
        "ListSecrets does not support resource-level permissions; the request resource is *, which a "
        "secret ARN does not match.",
        request(identity=[doc(allow("secretsmanager:ListSecrets", SECRET))], action="secretsmanager:ListSecrets",
                resource="*"), "implicitDeny"))
    c.append(case(
        "action without resource-level permissions with Resource *", SM_REF,
        "ListSecrets is allowed with Resource *.",
        request(identity=[doc(allow("secretsmanager:ListSecrets", "*"))], action="secretsmanager:ListSecrets",
                resource="*"), "allowed"))
    return c


def notaction():
    c = []
    not_iam = doc(stmt("Allow", notaction="iam:*", resource="*"))
    c.append(case(
        "Allow NotAction iam:* allows other services", NOTACTION,
        "Allow with NotAction allows all actions except those listed.",
        request(identity=[not_iam]), "allowed"))
    c.append(case(
        "Allow NotAction iam:* does not allow IAM", NOTACTION,
        "The listed actions are not allowed by the statement.",
        request(identity=[not_iam], action="iam:CreateUser", resource=f"arn:aws:iam::{A}:user/x"), "implicitDeny"))
    c.append(case(
        "NotAction matching is case insensitive", NOTACTION,
        "Action names in NotAction are matched case-insensitively like in Action.",
        request(identity=[doc(stmt("Allow", notaction="IAM:*", resource="*"))], action="iam:CreateUser",
                resource=f"arn:aws:iam::{A}:user/x"), "implicitDeny"))
    no_delete = doc(stmt("Allow", notaction="s3:DeleteBucket", resource="arn:aws:s3:::*"))
    c.append(case(
        "doc example: NotAction s3:DeleteBucket allows other S3 actions", NOTACTION,
        "Allows all S3 actions except DeleteBucket on resources matching arn:aws:s3:::*.",
        request(identity=[no_delete], action="s3:GetObject", resource="arn:aws:s3:::mybucket/key"), "allowed"))
    c.append(case(
        "doc example: NotAction s3:DeleteBucket excludes DeleteBucket", NOTACTION,
        "DeleteBucket is excluded.",
        request(identity=[no_delete], action="s3:DeleteBucket", resource="arn:aws:s3:::mybucket"), "implicitDeny"))
    c.append(case(
        "doc example: NotAction with S3 resource does not allow other services", NOTACTION,
        "The statement does not allow actions in other services because the Resource element matches only S3 "
        "resources.",
        request(identity=[no_delete]), "implicitDeny"))
    mfa = doc(allow("*", "*"),
              stmt("Deny", notaction="iam:*", resource="*", sid="DenyAllUsersNotUsingMFA",
                   cond={"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}))
    c.append(case(
        "Deny NotAction with MFA: non-IAM action without MFA key", NOTACTION,
        "Deny everything except IAM when MFA is not present; BoolIfExists makes a missing key count as true.",
        request(identity=[mfa], caller=USER), "explicitDeny"))
    c.append(case(
        "Deny NotAction with MFA: non-IAM action with MFA false", NOTACTION,
        "aws:MultiFactorAuthPresent false matches.",
        request(identity=[mfa], caller=USER, context=[ctx("aws:MultiFactorAuthPresent", "boolean", "false")]),
        "explicitDeny"))
    c.append(case(
        "Deny NotAction with MFA: with MFA", NOTACTION,
        "With MFA the deny does not apply.",
        request(identity=[mfa], caller=USER, context=[ctx("aws:MultiFactorAuthPresent", "boolean", "true")]),
        "allowed"))
    c.append(case(
        "Deny NotAction with MFA: IAM action is exempt", NOTACTION,
        "IAM actions are listed in NotAction so the deny does not apply to them.",
        request(identity=[mfa], caller=USER, action="iam:ChangePassword", resource=USER), "allowed"))
    describe_only = doc(allow("*", "*"), stmt("Deny", notaction="secretsmanager:Describe*", resource="*"))
    c.append(case(
        "Deny NotAction with wildcard: unlisted action denied", NOTACTION,
        "Deny with NotAction denies every action except those listed.",
        request(identity=[describe_only]), "explicitDeny"))
    c.append(case(
        "Deny NotAction with wildcard: listed action not denied", NOTACTION,
        "DescribeSecret matches secretsmanager:Describe*, so it is exempt from the deny.",
        request(identity=[describe_only], action="secretsmanager:DescribeSecret"), "allowed"))
    c.append(case(
        "Allow NotAction list", NOTACTION,
        "NotAction may be a list; an action not in the list is allowed.",
        request(identity=[doc(stmt("Allow", notaction=["iam:*", "organizations:*"], resource="*"))]), "allowed"))
    c.append(case(
        "Allow NotAction list: listed service", NOTACTION,
        "organizations:* is in the list.",
        request(identity=[doc(stmt("Allow", notaction=["iam:*", "organizations:*"], resource="*"))],
                action="organizations:ListAccounts", resource="*"), "implicitDeny"))
    c.append(case(
        "Allow NotAction secretsmanager:* allows KMS", NOTACTION,
        "Every action except Secrets Manager actions is allowed.",
        request(identity=[doc(stmt("Allow", notaction="secretsmanager:*", resource="*"))], action="kms:Decrypt",
                resource=f"arn:aws:kms:{REGION}:{A}:key/1234abcd-12ab-34cd-56ef-1234567890ab"), "allowed"))
    return c


def notresource():
    c = []
    allow_except = doc(stmt("Allow", "secretsmanager:*", notresource=SECRET))
    c.append(case(
        "Allow NotResource: another resource is allowed", NOTRESOURCE,
        "Allow with NotResource allows every resource except the ones listed.",
        request(identity=[allow_except], resource=OTHER_SECRET), "allowed"))
    c.append(case(
        "Allow NotResource: the listed resource is not allowed", NOTRESOURCE,
        "The listed resource is excluded.",
        request(identity=[allow_except]), "implicitDeny"))
    hr = doc(allow("s3:*", "*"),
             stmt("Deny", "s3:*", notresource=["arn:aws:s3:::HRBucket/Payroll", "arn:aws:s3:::HRBucket/Payroll/*"]))
    c.append(case(
        "doc example: deny everything but the Payroll folder: inside", NOTRESOURCE,
        "Deny s3:* on every resource except HRBucket/Payroll and its contents.",
        request(identity=[hr], action="s3:GetObject", resource="arn:aws:s3:::HRBucket/Payroll/2024.csv"), "allowed"))
    c.append(case(
        "doc example: deny everything but the Payroll folder: outside", NOTRESOURCE,
        "Any other S3 resource is explicitly denied.",
        request(identity=[hr], action="s3:GetObject", resource="arn:aws:s3:::OtherBucket/file"), "explicitDeny"))
    c.append(case(
        "doc example: deny everything but the Payroll folder: sibling folder", NOTRESOURCE,
        "HRBucket/Benefits is not in the NotResource list.",
        request(identity=[hr], action="s3:GetObject", resource="arn:aws:s3:::HRBucket/Benefits/x"), "explicitDeny"))
    c.append(case(
        "NotResource with wildcard", NOTRESOURCE,
        "NotResource entries may use wildcards.",
        request(identity=[doc(stmt("Allow", GET, notresource=f"arn:aws:secretsmanager:*:*:secret:prod/*"))]),
        "implicitDeny"))
    c.append(case(
        "NotResource with wildcard: non-matching resource", NOTRESOURCE,
        "A dev secret is not excluded.",
        request(identity=[doc(stmt("Allow", GET, notresource=f"arn:aws:secretsmanager:*:*:secret:prod/*"))],
                resource=f"arn:aws:secretsmanager:{REGION}:{A}:secret:dev/cart-AbCdEf"), "allowed"))
    c.append(case(
        "NotResource is case sensitive", NOTRESOURCE,
        "Resource matching is case sensitive, so user/alice is not the excluded user/Alice.",
        request(identity=[doc(stmt("Allow", "iam:GetUser", notresource=f"arn:aws:iam::{A}:user/Alice"))],
                action="iam:GetUser", resource=f"arn:aws:iam::{A}:user/alice"), "allowed"))
    c.append(case(
        "NotResource statement still needs the action to match", NOTRESOURCE,
        "The statement only applies to the listed actions.",
        request(identity=[doc(stmt("Allow", "s3:*", notresource=SECRET))], resource=OTHER_SECRET), "implicitDeny"))
    c.append(case(
        "Deny NotResource protects everything outside the list", NOTRESOURCE,
        "Deny with NotResource denies every resource except the ones listed.",
        request(identity=[doc(allow(GET, "*"), stmt("Deny", GET, notresource=OTHER_SECRET))]), "explicitDeny"))
    return c


def notprincipal():
    c = []
    bob_np = doc(allow(GET, "*", principal={"AWS": [B_USER, f"arn:aws:iam::{B}:user/Carol"]}),
                 stmt("Deny", "secretsmanager:*", "*", notprincipal={"AWS": [B_USER, ROOT_B]}))
    c.append(case(
        "Deny NotPrincipal: the exempted user", NOTPRINCIPAL,
        "All principals except Bob (named with his account) are denied; Bob is allowed by another statement.",
        request(identity=[doc(allow(GET, SECRET))], caller=B_USER, owner=ROOT_A, resource_policy=bob_np),
        "allowed"))
    c.append(case(
        "Deny NotPrincipal: any other user is denied", NOTPRINCIPAL,
        "Carol is not named in NotPrincipal, so the Deny applies to her.",
        request(identity=[doc(allow(GET, SECRET))], caller=f"arn:aws:iam::{B}:user/Carol", owner=ROOT_A,
                resource_policy=bob_np), "explicitDeny"))
    audit = doc(allow(GET, "*", principal={"AWS": ROOT_B}),
                stmt("Deny", "secretsmanager:*", "*",
                     notprincipal={"AWS": [B_SESSION, B_ROLE, ROOT_B]}))
    c.append(case(
        "Deny NotPrincipal: the exempted role session", NOTPRINCIPAL,
        "NotPrincipal names the session, the role and the account, so the session is not denied.",
        request(identity=[doc(allow(GET, SECRET))], caller=B_SESSION, owner=ROOT_A, resource_policy=audit),
        "allowed"))
    c.append(case(
        "Deny NotPrincipal: another role of that account", NOTPRINCIPAL,
        "A session of another role is not named and is denied.",
        request(identity=[doc(allow(GET, SECRET))], caller=f"arn:aws:sts::{B}:assumed-role/DataScience/s1",
                owner=ROOT_A, resource_policy=audit), "explicitDeny"))
    allow_np = doc(stmt("Allow", GET, "*", notprincipal={"AWS": OTHER_USER}))
    c.append(case(
        "Allow NotPrincipal grants to everyone else", NOTPRINCIPAL,
        "NotPrincipal with Allow allows all principals except the one named.",
        request(identity=[], caller=USER, resource_policy=allow_np), "allowed"))
    c.append(case(
        "Allow NotPrincipal does not grant to the named principal", NOTPRINCIPAL,
        "The named principal is excluded from the grant.",
        request(identity=[], caller=OTHER_USER, resource_policy=allow_np), "implicitDeny"))
    same_acct = doc(stmt("Deny", "secretsmanager:*", "*", notprincipal={"AWS": [SESSION, ROLE, ROOT_A]}))
    c.append(case(
        "Deny NotPrincipal exempting the role: no boundary", NOTPRINCIPAL,
        "The session, its role and the account are named, so the Deny does not apply; the identity policy allows.",
        request(identity=[doc(allow(GET, SECRET))], resource_policy=same_acct), "allowed"))
    c.append(case(
        "Deny NotPrincipal always denies a principal with a permissions boundary", BOUND,
        "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a permissions "
        "boundary policy attached, regardless of the values specified in the NotPrincipal element.",
        request(identity=[doc(allow(GET, SECRET))], boundary=[doc(allow("*", "*"))], resource_policy=same_acct),
        "explicitDeny"))
    c.append(case(
        "Deny NotPrincipal with a boundary: user named with its account", BOUND,
        "The documented rule applies to users too: an IAM user with a boundary is always denied by Deny with "
        "NotPrincipal.",
        request(identity=[doc(allow(GET, SECRET))], caller=USER, boundary=[doc(allow("*", "*"))],
                resource_policy=doc(stmt("Deny", "secretsmanager:*", "*", notprincipal={"AWS": [USER, ROOT_A]}))),
        "explicitDeny"))
    c.append(case(
        "recommended replacement: Deny with ArnNotEquals aws:PrincipalArn and a boundary", PRINCIPAL,
        "Use Principal * with ArnNotEquals on aws:PrincipalArn instead of NotPrincipal; the named principal is "
        "not denied even with a boundary.",
        request(identity=[doc(allow(GET, SECRET))], boundary=[doc(allow("*", "*"))],
                resource_policy=doc(stmt("Deny", "secretsmanager:*", "*", principal="*",
                                         cond={"ArnNotEquals": {"aws:PrincipalArn": ROLE}})),
                context=[s("aws:PrincipalArn", ROLE)]), "allowed"))
    c.append(case(
        "recommended replacement: another principal is denied", PRINCIPAL,
        "Any other principal ARN matches ArnNotEquals and is denied.",
        request(identity=[doc(allow(GET, SECRET))], caller=OTHER_SESSION,
                resource_policy=doc(stmt("Deny", "secretsmanager:*", "*", principal="*",
                                         cond={"ArnNotEquals": {"aws:PrincipalArn": ROLE}})),
                context=[s("aws:PrincipalArn", OTHER_ROLE)]), "explicitDeny"))
    return c
