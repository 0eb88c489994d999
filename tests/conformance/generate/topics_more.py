"""Second pass: the subtler corners, appended to the topics of the first pass."""

from common import *

NO_VALUE = VARS + "#policy-vars-no-value"
FED = f"arn:aws:sts::{A}:federated-user/Carol"
CAROL = f"arn:aws:iam::{A}:user/Carol"


def evaluation_logic():
    c = []
    c.append(case(
        "root user has full access by default", EVAL,
        "By default, all requests are implicitly denied with the exception of the AWS account root user, which "
        "has full access.",
        request(identity=[], caller=ROOT_A), "allowed", inferred=True))
    c.append(case(
        "root user is still subject to an explicit deny in a resource policy", EVAL,
        "An explicit deny in any policy overrides any allows, the root user's default access included.",
        request(identity=[], caller=ROOT_A, resource_policy=doc(deny(GET, "*", principal={"AWS": ROOT_A}))),
        "explicitDeny", inferred=True))
    c.append(case(
        "root user of a member account is limited by SCPs", SCP,
        "SCPs affect all users and roles in attached accounts, including the root user.",
        request(identity=[], caller=ROOT_A, scp=[[doc(stmt("Allow", "*", "*")), doc(deny("secretsmanager:*", "*"))]]),
        "explicitDeny"))
    c.append(case(
        "deny naming the account applies to every principal of the account", NOTPRINCIPAL,
        "The NotPrincipal page warns that omitting the account ARN may deny the account and all entities in it: a "
        "Deny naming the account reaches its users.",
        request(identity=[doc(allow(GET, SECRET))], caller=USER,
                resource_policy=doc(deny(GET, "*", principal={"AWS": ROOT_A}))), "explicitDeny", inferred=True))
    c.append(case(
        "role named in the resource policy, identity allows, boundary does not", EVAL,
        "Both paths are limited by the boundary: the identity allow is outside it and the role-ARN grant is "
        "limited by its implicit deny.",
        request(identity=[doc(allow(GET, SECRET))], caller=SESSION, boundary=[doc(allow("s3:*", "*"))],
                resource_policy=doc(allow(GET, "*", principal={"AWS": ROLE}))), "implicitDeny"))
    c.append(case(
        "federated user session named in the resource policy", EVAL,
        "Resource-based policies that grant permissions to a federated user ARN grant permissions directly to the "
        "session; they are not limited by an implicit deny in an identity policy, boundary or session policy.",
        request(identity=[], caller=FED, session_policy=doc(allow("s3:*", "*")),
                resource_policy=doc(allow(GET, "*", principal={"AWS": FED}))), "allowed"))
    c.append(case(
        "explicit deny in one of many policies among many allows", INTERPLAY,
        "An explicit deny anywhere overrides every allow.",
        request(identity=[doc(allow("*", "*")), doc(allow(GET, SECRET)), doc(allow("secretsmanager:*", "*")),
                          doc(deny("secretsmanager:GetSecret*", "*", sid="NoGet"))],
                resource_policy=doc(allow(GET, "*", principal={"AWS": SESSION}))),
        "explicitDeny", matched=[("PolicyInputList.4", "NoGet")]))
    return c


def cross_account():
    c = []
    rp_user = doc(allow(GET, "*", principal={"AWS": B_USER}))
    c.append(case(
        "cross-account: user named, but the user's boundary does not allow", CROSS,
        "The user-ARN exception to boundaries holds only within the same account; across accounts the trusted "
        "account's identity policies and boundary must allow.",
        request(identity=[doc(allow(GET, SECRET))], caller=B_USER, owner=ROOT_A, resource_policy=rp_user,
                boundary=[doc(allow("s3:*", "*"))]), "implicitDeny"))
    c.append(case(
        "cross-account: session named, but the session policy does not allow", CROSS,
        "Permissions granted directly to a session bypass implicit denies only within the same account.",
        request(identity=[doc(allow(GET, SECRET))], caller=B_SESSION, owner=ROOT_A,
                resource_policy=doc(allow(GET, "*", principal={"AWS": B_SESSION})),
                session_policy=doc(allow("s3:*", "*"))), "implicitDeny"))
    c.append(case(
        "cross-account: session named, session policy allows", CROSS,
        "Identity policy, session policy and resource policy all allow.",
        request(identity=[doc(allow(GET, SECRET))], caller=B_SESSION, owner=ROOT_A,
                resource_policy=doc(allow(GET, "*", principal={"AWS": B_SESSION})),
                session_policy=doc(allow(GET, "*"))), "allowed"))
    c.append(case(
        "cross-account: resource owner taken from the secret ARN", CROSS,
        "The secret's ARN names account 111122223333, so a caller from 444455556666 is cross-account even without "
        "ResourceOwner.",
        request(identity=[doc(allow(GET, SECRET))], caller=B_SESSION,
                resource_policy=doc(allow(GET, "*", principal={"AWS": "*"}))), "allowed"))
    c.append(case(
        "cross-account: wildcard principal does not replace the identity allow", CROSS,
        "Without ResourceOwner the secret ARN still places the resource in another account: the caller needs an "
        "identity allow.",
        request(identity=[], caller=B_SESSION, resource_policy=doc(allow(GET, "*", principal={"AWS": "*"}))),
        "implicitDeny"))
    c.append(case(
        "cross-account: VPC endpoint policy of the caller's network also applies", VPCE,
        "The endpoint policy is evaluated in addition to the identity and resource policies.",
        request(identity=[doc(allow(GET, SECRET))], caller=B_SESSION, owner=ROOT_A,
                resource_policy=doc(allow(GET, "*", principal={"AWS": B_ROLE})),
                vpce=doc(stmt("Allow", "secretsmanager:DescribeSecret", "*", principal="*"))), "implicitDeny"))
    return c


def resource_matching():
    c = []

    def one(name, pattern, resource, decision, note, action=GET, inferred=False):
        c.append(case(name, RESOURCE + "#reference_policies_elements_resource_wildcards", note,
                      request(identity=[doc(allow(action, pattern))], action=action, resource=resource), decision,
                      inferred=inferred))

    one("trailing * in the account segment extends past colons", f"arn:aws:secretsmanager:{REGION}:*:prod/*", SECRET,
        "allowed", "If the * wildcard is the last character of a resource ARN segment, it can expand to match "
                   "beyond the colon boundaries: * covers 111122223333:secret.", inferred=True)
    one("trailing * in the region segment extends past colons", "arn:aws:secretsmanager:*:secret:prod/*", SECRET,
        "allowed", "The region segment is only *, the last character of the segment: it can cover "
                   "us-east-1:111122223333.", inferred=True)
    one("trailing * after a prefix in the resource segment", f"arn:aws:secretsmanager:{REGION}:{A}:secret:prod/cart*",
        SECRET, "allowed", "A trailing * matches the rest of the resource segment.")
    one("wildcards do not change the service segment", "arn:aws:ssm:*:*:*", SECRET, "implicitDeny",
        "You cannot use a wildcard in the service segment; ssm never matches secretsmanager.")
    one("* inside a segment does not reach the next segment", "arn:aws:secretsmanager:us-*3:secret:prod/*", SECRET,
        "implicitDeny", "The * is not the last character of its segment, so it cannot expand past the colon after "
                        "us-east-1.", inferred=True)
    one("several wildcards in one segment", f"arn:aws:secretsmanager:{REGION}:{A}:secret:*/cart-*/db-??????",
        SECRET, "allowed", "You can use multiple * or ? characters in each segment.")
    return c


def condition_string():
    c = []
    T = "aws:PrincipalTag/Team"
    c.append(case(
        "tag key part of a condition key is case insensitive", CONDITION,
        "Condition key names are not case sensitive; this includes the tag key portion of aws:PrincipalTag/...",
        request(identity=[doc(allow(GET, SECRET, cond={"StringEquals": {T: "cart"}}))],
                context=[s("aws:PrincipalTag/team", "cart")]), "allowed", inferred=True))
    c.append(case(
        "condition key value comparison stays case sensitive", CONDITION,
        "The case sensitivity of values depends on the operator; StringEquals is case sensitive.",
        request(identity=[doc(allow(GET, SECRET, cond={"StringEquals": {"aws:PrincipalTag/team": "Cart"}}))],
                context=[s("aws:PrincipalTag/team", "cart")]), "implicitDeny"))
    c.append(case(
        "StringLike with several wildcards", OPS_STRING,
        "Multiple wildcards may appear in one value.",
        request(identity=[doc(allow(GET, SECRET, cond={"StringLike": {"aws:userid": "AROA*:i-*"}}))],
                context=[s("aws:userid", "AROAEXAMPLEID:i-0abc123def4567890")]), "allowed"))
    c.append(case(
        "StringLike: the same condition key twice with different operators", OPS_STRING,
        "Different operators are ANDed even on the same key.",
        request(identity=[doc(allow(GET, SECRET, cond={"StringLike": {"aws:PrincipalTag/team": "c*"},
                                                      "StringNotEquals": {"aws:PrincipalTag/team": "contractors"}}))],
                context=[s("aws:PrincipalTag/team", "contractors")]), "implicitDeny"))
    return c


def condition_numeric():
    c = []
    K = "secretsmanager:RecoveryWindowInDays"
    c.append(case(
        "NumericEquals compares values, not text", OPS_NUMERIC,
        "Numeric operators compare integer or decimal values: 30 and 30.0 are the same number.",
        request(identity=[doc(allow(GET, SECRET, cond={"NumericEquals": {K: "30"}}))],
                context=[ctx(K, "numeric", "30.0")]), "allowed", inferred=True))
    c.append(case(
        "NumericLessThan with a decimal policy value", OPS_NUMERIC,
        "7.5 is greater than 7.",
        request(identity=[doc(allow(GET, SECRET, cond={"NumericLessThan": {K: "7.5"}}))],
                context=[ctx(K, "numeric", "7")]), "allowed"))
    c.append(case(
        "NumericGreaterThan with negative numbers", OPS_NUMERIC,
        "-1 is greater than -5.",
        request(identity=[doc(allow(GET, SECRET, cond={"NumericGreaterThan": {"example:Offset": "-5"}}))],
                context=[ctx("example:Offset", "numeric", "-1")]), "allowed", inferred=True))
    return c


def condition_date():
    c = []
    K = "aws:CurrentTime"
    c.append(case(
        "fractional seconds are part of the instant", OPS_DATE,
        "The W3C profile of ISO 8601 includes fractional seconds; 12:00:00.5Z is after 12:00:00Z.",
        request(identity=[doc(allow(GET, SECRET, cond={"DateGreaterThan": {K: "2026-11-28T12:00:00Z"}}))],
                context=[ctx(K, "date", "2026-11-28T12:00:00.500Z")]), "allowed", inferred=True))
    c.append(case(
        "aws:EpochTime compared with an ISO date", OPS_DATE,
        "Date operators accept epoch values; aws:EpochTime 1764331200 is 2025-11-28T12:00:00Z, after 2020.",
        request(identity=[doc(allow(GET, SECRET, cond={"DateGreaterThan": {"aws:EpochTime": "2020-01-01T00:00:00Z"}}))],
                context=[ctx("aws:EpochTime", "date", "1764331200")]), "allowed", inferred=True))
    c.append(case(
        "time zone offset west of UTC", OPS_DATE,
        "2026-11-28T07:00:00-05:00 is 12:00Z, not earlier than 11:00Z.",
        request(identity=[doc(allow(GET, SECRET, cond={"DateLessThan": {K: "2026-11-28T11:00:00Z"}}))],
                context=[ctx(K, "date", "2026-11-28T07:00:00-05:00")]), "implicitDeny"))
    return c


def condition_multivalue():
    c = []
    d = "aws:PrincipalTag/department"
    c.append(case(
        "ForAllValues on a single-valued key that is missing is overly permissive", MV,
        "Do not use ForAllValues with single-valued context keys: it returns true when the key is missing, so "
        "this Allow grants to untagged principals.",
        request(identity=[doc(allow(GET, SECRET, cond={"ForAllValues:StringEquals": {d: "finance"}}))]), "allowed"))
    c.append(case(
        "ForAllValues on a single-valued key with another value", MV,
        "A present single value is tested like a one-element set.",
        request(identity=[doc(allow(GET, SECRET, cond={"ForAllValues:StringEquals": {d: "finance"}}))],
                context=[s(d, "hr")]), "implicitDeny"))
    c.append(case(
        "ForAnyValue on a single-valued key with the value", MV,
        "A present single value that matches makes ForAnyValue true.",
        request(identity=[doc(allow(GET, SECRET, cond={"ForAnyValue:StringEquals": {d: "finance"}}))],
                context=[s(d, "finance")]), "allowed"))
    deny_any = doc(allow("iam:*", "*"), deny("iam:TagRole", "*", cond={"ForAnyValue:StringEquals": {TK_: ["Owner", "CostCenter"]}}))
    c.append(case(
        "deny ForAnyValue: key missing is not denied", MV,
        "ForAnyValue returns false when the key is missing, so the Deny does not apply.",
        request(identity=[deny_any], action="iam:TagRole", resource=ROLE), "allowed"))
    c.append(case(
        "deny ForAnyValue: protected tag key in the request", MV,
        "One request tag key is in the protected list.",
        request(identity=[deny_any], action="iam:TagRole", resource=ROLE,
                context=[ctx(TK_, "stringList", "Project", "Owner")]), "explicitDeny"))
    deny_all = doc(allow("iam:*", "*"), deny("iam:TagRole", "*", cond={"ForAllValues:StringEquals": {TK_: ["Project"]}}))
    c.append(case(
        "deny ForAllValues: empty request set is denied", MV,
        "An empty data set makes ForAllValues true, so the Deny applies.",
        request(identity=[deny_all], action="iam:TagRole", resource=ROLE, context=[ctx(TK_, "stringList")]),
        "explicitDeny"))
    c.append(case(
        "two set operators on different keys are ANDed", MULTI_LOGIC,
        "Multiple condition operators are evaluated with a logical AND.",
        request(identity=[doc(allow("iam:TagRole", "*", cond={
            "ForAllValues:StringEquals": {TK_: ["Project", "Owner"]},
            "ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/*"]}}))],
            action="iam:TagRole", resource=ROLE,
            context=[ctx(TK_, "stringList", "Project"), ctx("aws:PrincipalOrgPaths", "stringList", "o-zzzzzzzzzz/r-ab12/")]),
        "implicitDeny"))
    c.append(case(
        "deny Null false on a missing key is not denied", OPS_NULL,
        "Null false is false when the key is missing.",
        request(identity=[doc(allow(GET, SECRET), deny(GET, SECRET, cond={"Null": {TK_: "false"}}))]), "allowed"))
    return c


TK_ = "aws:TagKeys"


def variables():
    c = []
    c.append(case(
        "variable with no value in StringNotEquals matches", NO_VALUE,
        "A policy variable with no value is effectively null: there is no equal or like value, so a negated "
        "operator such as StringNotEquals matches.",
        request(identity=[doc(allow(GET, SECRET, cond={"StringNotEquals": {"aws:ResourceTag/owner": "${aws:username}"}}))],
                context=[s("aws:ResourceTag/owner", "Alice")]), "allowed"))
    c.append(case(
        "variable with no value in StringNotLike matches", NO_VALUE,
        "Negated operators match a variable that has no value.",
        request(identity=[doc(allow(GET, SECRET, cond={"StringNotLike": {"aws:ResourceTag/owner": "${aws:PrincipalTag/owner}*"}}))],
                context=[s("aws:ResourceTag/owner", "Alice")]), "allowed"))
    c.append(case(
        "variable with no value in StringEquals does not match", NO_VALUE,
        "Positive operators never match a variable with no value.",
        request(identity=[doc(allow(GET, SECRET, cond={"StringEquals": {"aws:ResourceTag/owner": "${aws:username}"}}))],
                context=[s("aws:ResourceTag/owner", "Alice")]), "implicitDeny"))
    c.append(case(
        "deny unless owner: role session without a user name is denied", NO_VALUE,
        "Deny StringNotEquals aws:ResourceTag/owner ${aws:username}: for a role session aws:username has no "
        "value, the negated operator matches, and the deny applies.",
        request(identity=[doc(allow(GET, SECRET), deny(GET, SECRET, cond={"StringNotEquals": {"aws:ResourceTag/owner": "${aws:username}"}}))],
                context=[s("aws:ResourceTag/owner", "Alice")]), "explicitDeny"))
    c.append(case(
        "deny unless owner: the owner is not denied", NO_VALUE,
        "The user name equals the owner tag.",
        request(identity=[doc(allow(GET, SECRET), deny(GET, SECRET, cond={"StringNotEquals": {"aws:ResourceTag/owner": "${aws:username}"}}))],
                caller=USER, context=[s("aws:ResourceTag/owner", "Alice"), s("aws:username", "Alice")]), "allowed"))
    c.append(case(
        "variable with no value in NotResource excludes nothing", NO_VALUE,
        "A NotResource entry whose variable has no value matches no resource, so the statement applies to every "
        "resource.",
        request(identity=[doc(stmt("Allow", GET, notresource=f"arn:aws:secretsmanager:*:*:secret:${{aws:username}}-*"))]),
        "allowed", inferred=True))
    c.append(case(
        "variable with no value in ArnEquals does not match", NO_VALUE,
        "ARN operators behave like string operators for variables with no value.",
        request(identity=[doc(allow(GET, SECRET, cond={"ArnEquals": {"aws:SourceArn": f"arn:aws:iam::{A}:user/${{aws:username}}"}}))],
                context=[s("aws:SourceArn", USER)]), "implicitDeny"))
    c.append(case(
        "variable in a condition key's value with IfExists and no key", OPS_IFEXISTS,
        "The condition key itself is missing, so StringEqualsIfExists is true whatever the variable.",
        request(identity=[doc(allow(GET, SECRET, cond={"StringEqualsIfExists": {"aws:ResourceTag/owner": "${aws:username}"}}))]),
        "allowed"))
    c.append(case(
        "default value in a condition", VARS + "#policy-vars-default-values",
        "Default values work in conditions too: an untagged principal is compared with 'none'.",
        request(identity=[doc(allow(GET, SECRET, cond={"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team, 'none'}"}}))],
                context=[s("aws:ResourceTag/team", "none")]), "allowed"))
    return c


def secrets_manager():
    c = []
    c.append(case(
        "ListSecrets is not limited by a secret's resource policy deny", SM_REF,
        "ListSecrets uses Resource *; the secret's resource policy is not consulted for it.",
        request(identity=[doc(allow("secretsmanager:ListSecrets", "*"))], action="secretsmanager:ListSecrets",
                resource="*"), "allowed"))
    c.append(case(
        "resource policy with Principal * and aws:PrincipalAccount", SM_RP,
        "Grant every principal of the account through the secret policy with a condition on the account.",
        request(identity=[], caller=USER,
                resource_policy=doc(allow(GET, "*", principal={"AWS": "*"}, cond={"StringEquals": {"aws:PrincipalAccount": A}})),
                context=[s("aws:PrincipalAccount", A)]), "allowed"))
    c.append(case(
        "rotation Lambda blocked by a SourceIp condition", SM_REF,
        "An IP-restricted resource policy also blocks services calling on your behalf, because their calls come "
        "from AWS addresses.",
        request(identity=[doc(allow("secretsmanager:*", "*"))],
                resource_policy=doc(stmt("Deny", "secretsmanager:*", "*", principal="*",
                                         cond={"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}})),
                context=[ctx("aws:SourceIp", "ip", "52.94.0.10")], action="secretsmanager:PutSecretValue"),
        "explicitDeny"))
    return c


GRAMMAR = IAM + "reference_policies_grammar.html"


def raw(text):
    """A policy document written by hand (for element order and JSON value types)."""
    return text


def grammar():
    c = []
    c.append(case(
        "condition value given as a JSON number", GRAMMAR,
        "condition_value = (\"string\" | \"number\" | \"Boolean\"): NumericLessThanEquals with the number 10.",
        request(identity=[raw('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", '
                              '"Resource": "arn:aws:s3:::amzn-s3-demo-bucket", '
                              '"Condition": {"NumericLessThanEquals": {"s3:max-keys": 10}}}]}')],
                action="s3:ListBucket", resource="arn:aws:s3:::amzn-s3-demo-bucket",
                context=[ctx("s3:max-keys", "numeric", "10")]), "allowed"))
    c.append(case(
        "condition value given as a JSON number: too many keys", GRAMMAR,
        "The number 10 is compared numerically with 11.",
        request(identity=[raw('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", '
                              '"Resource": "arn:aws:s3:::amzn-s3-demo-bucket", '
                              '"Condition": {"NumericLessThanEquals": {"s3:max-keys": 10}}}]}')],
                action="s3:ListBucket", resource="arn:aws:s3:::amzn-s3-demo-bucket",
                context=[ctx("s3:max-keys", "numeric", "11")]), "implicitDeny"))
    c.append(case(
        "condition value given as a JSON boolean", GRAMMAR,
        "Bool with the JSON literal true.",
        request(identity=[raw('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", '
                              '"Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": true}}}]}')],
                context=[ctx("aws:SecureTransport", "boolean", "true")]), "allowed"))
    c.append(case(
        "condition value given as a JSON boolean false", GRAMMAR,
        "Bool with the JSON literal false does not match a true request value.",
        request(identity=[raw('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", '
                              '"Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": false}}}]}')],
                context=[ctx("aws:SecureTransport", "boolean", "true")]), "implicitDeny"))
    c.append(case(
        "string operator with a JSON number value", GRAMMAR,
        "The string version of the condition value is compared: 5 equals the tag value \"5\".",
        request(identity=[raw('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", '
                              '"Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/level": 5}}}]}')],
                context=[s("aws:PrincipalTag/level", "5")]), "allowed"))
    c.append(case(
        "blocks in any order", GRAMMAR,
        "Blocks can appear in any order: Statement before Version, Condition before Effect, Resource before Action.",
        request(identity=[raw('{"Statement": [{"Condition": {"StringEquals": {"aws:PrincipalTag/team": "cart"}}, '
                              '"Resource": "*", "Action": "secretsmanager:GetSecretValue", "Effect": "Allow", "Sid": "Late"}], '
                              '"Version": "2012-10-17"}')],
                context=[s("aws:PrincipalTag/team", "cart")]), "allowed",
        matched=[("PolicyInputList.1", "Late")]))
    c.append(case(
        "Version after Statement still enables policy variables", GRAMMAR,
        "The version_block can follow the statement block; variables are still substituted.",
        request(identity=[raw('{"Statement": [{"Effect": "Allow", "Action": "iam:GetUser", '
                              '"Resource": "arn:aws:iam::111122223333:user/${aws:username}"}], "Version": "2012-10-17"}')],
                action="iam:GetUser", resource=USER, caller=USER, context=[s("aws:username", "Alice")]), "allowed"))
    c.append(case(
        "Id element in a resource policy", GRAMMAR,
        "The id_block is optional in resource-based policies and does not change evaluation.",
        request(identity=[], caller=USER,
                resource_policy=doc(allow(GET, "*", principal={"AWS": USER}), policy_id="SecretPolicy-1")), "allowed"))
    c.append(case(
        "numeric Sid", GRAMMAR,
        "\"Sid\": \"1\" is a valid statement id.",
        request(identity=[doc(allow(GET, SECRET, sid="1"))]), "allowed", matched=[("PolicyInputList.1", "1")]))
    c.append(case(
        "single values without brackets everywhere", GRAMMAR,
        "If an element takes an array but only one value is included, the brackets are optional.",
        request(identity=[], caller=USER,
                resource_policy=raw('{"Version": "2012-10-17", "Statement": {"Effect": "Allow", '
                                    '"Principal": {"AWS": "arn:aws:iam::111122223333:user/Alice"}, '
                                    '"Action": "secretsmanager:GetSecretValue", "Resource": "*", '
                                    '"Condition": {"StringEquals": {"aws:PrincipalAccount": "111122223333"}}}}'),
                context=[s("aws:PrincipalAccount", A)]), "allowed"))
    c.append(case(
        "JSON number in an Allow with a decimal numeric condition", GRAMMAR,
        "Numbers may be decimals: ec2:RoleDelivery 2.0.",
        request(identity=[raw('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, '
                              '{"Effect": "Deny", "Action": "*", "Resource": "*", '
                              '"Condition": {"NumericLessThan": {"ec2:RoleDelivery": 2.0}}}]}')],
                context=[ctx("ec2:RoleDelivery", "numeric", "1.0")]), "explicitDeny"))
    return c


def condition_forms():
    """More value forms for dates, IP addresses and ARNs (appended to their operator topics)."""
    date, ip, arn = [], [], []
    K = "aws:CurrentTime"
    now = [ctx(K, "date", "2026-11-28T12:00:00Z")]
    date.append(case("W3C date-time without seconds", OPS_DATE,
                     "The W3C profile of ISO 8601 allows hh:mm without seconds: 12:00Z equals 12:00:00Z.",
                     request(identity=[doc(allow(GET, SECRET, cond={"DateEquals": {K: "2026-11-28T12:00Z"}}))], context=now),
                     "allowed", inferred=True))
    date.append(case("W3C year-month date", OPS_DATE,
                     "The W3C profile allows YYYY-MM; 2026-11-28 is before 2026-12.",
                     request(identity=[doc(allow(GET, SECRET, cond={"DateLessThan": {K: "2026-12"}}))], context=now),
                     "allowed", inferred=True))
    date.append(case("DateGreaterThan with the context in epoch seconds", OPS_DATE,
                     "Request values may also be epoch seconds; 1795867200 is 2026-11-28T12:00:00Z.",
                     request(identity=[doc(allow(GET, SECRET, cond={"DateGreaterThan": {K: "2026-11-28T11:00:00Z"}}))],
                             context=[ctx(K, "date", "1795867200")]), "allowed", inferred=True))
    src = "aws:SourceIp"
    ipc = lambda v: [ctx(src, "ip", v)]
    ip.append(case("IpAddress /8 range upper bound", OPS_IP, "10.255.255.255 is inside 10.0.0.0/8.",
                   request(identity=[doc(allow(GET, SECRET, cond={"IpAddress": {src: "10.0.0.0/8"}}))],
                           context=ipc("10.255.255.255")), "allowed"))
    ip.append(case("IpAddress 0.0.0.0/0 matches every IPv4 address", OPS_IP, "A /0 prefix covers all IPv4 addresses.",
                   request(identity=[doc(allow(GET, SECRET, cond={"IpAddress": {src: "0.0.0.0/0"}}))],
                           context=ipc("198.51.100.200")), "allowed"))
    ip.append(case("IPv6 address against an IPv4 range", OPS_IP, "An IPv6 request address is not in an IPv4 range.",
                   request(identity=[doc(allow(GET, SECRET, cond={"IpAddress": {src: "203.0.113.0/24"}}))],
                           context=ipc("2001:db8::1")), "implicitDeny"))
    ip.append(case("IPv6 range written in compressed form", OPS_IP,
                   "2001:db8:1234:5678:0:0:0:1 is the same address as 2001:db8:1234:5678::1.",
                   request(identity=[doc(allow(GET, SECRET, cond={"IpAddress": {src: "2001:DB8:1234:5678::/64"}}))],
                           context=ipc("2001:db8:1234:5678:0:0:0:1")), "allowed"))
    ip.append(case("IpAddress /32 CIDR", OPS_IP, "A /32 range is exactly one address.",
                   request(identity=[doc(allow(GET, SECRET, cond={"IpAddress": {src: "203.0.113.17/32"}}))],
                           context=ipc("203.0.113.17")), "allowed"))
    sa = "aws:SourceArn"
    arn.append(case("ArnLike on an S3 ARN with empty region and account", OPS_ARN,
                    "S3 bucket ARNs leave region and account empty; the segments still line up.",
                    request(identity=[doc(allow(GET, SECRET, cond={"ArnLike": {sa: "arn:aws:s3:::amzn-s3-demo-bucket*"}}))],
                            context=[s(sa, "arn:aws:s3:::amzn-s3-demo-bucket")]), "allowed"))
    arn.append(case("ArnLike object pattern does not match the bucket", OPS_ARN,
                    "arn:aws:s3:::amzn-s3-demo-bucket/* requires an object key.",
                    request(identity=[doc(allow(GET, SECRET, cond={"ArnLike": {sa: "arn:aws:s3:::amzn-s3-demo-bucket/*"}}))],
                            context=[s(sa, "arn:aws:s3:::amzn-s3-demo-bucket")]), "implicitDeny"))
    arn.append(case("ArnEquals with a value that is not an ARN", OPS_ARN,
                    "A value that is not an ARN cannot match an ARN pattern.",
                    request(identity=[doc(allow(GET, SECRET, cond={"ArnLike": {sa: "arn:aws:sns:*:*:*"}}))],
                            context=[s(sa, "not-an-arn")]), "implicitDeny"))
    arn.append(case("ArnLike: the service segment must match", OPS_ARN,
                    "Each of the six components is compared separately.",
                    request(identity=[doc(allow(GET, SECRET, cond={"ArnLike": {sa: f"arn:aws:sqs:{REGION}:{A}:*"}}))],
                            context=[s(sa, f"arn:aws:sns:{REGION}:{A}:TOPIC-ID")]), "implicitDeny"))
    return date, ip, arn


def condition_date_more():
    return condition_forms()[0]


def condition_ip_more():
    return condition_forms()[1]


def condition_arn_more():
    return condition_forms()[2]


def resource_policy_principals():
    c = []
    c.append(case(
        "statements naming the role and the session: the session grant is not capped", EVAL,
        "One statement names the role (capped by the session policy), another the session (not capped): the "
        "session's direct grant decides.",
        request(identity=[], session_policy=doc(allow("s3:*", "*")),
                resource_policy=doc(allow(GET, "*", principal={"AWS": ROLE}), allow(GET, "*", principal={"AWS": SESSION}))),
        "allowed"))
    c.append(case(
        "account named, identity allows, boundary does not", BOUND,
        "Naming the account delegates to IAM, so the identity side with its boundary must allow.",
        request(identity=[doc(allow(GET, SECRET))], caller=USER, boundary=[doc(allow("s3:*", "*"))],
                resource_policy=doc(allow(GET, "*", principal={"AWS": ROOT_A}))), "implicitDeny"))
    c.append(case(
        "user named, identity allows, SCP level without allow", SCP,
        "SCPs limit every principal of the member account, whatever the resource policy grants.",
        request(identity=[doc(allow(GET, SECRET))], caller=USER, scp=[[doc(stmt("Allow", "ec2:*", "*"))]],
                resource_policy=doc(allow(GET, "*", principal={"AWS": USER}))), "implicitDeny"))
    return c


def resource_matching_more():
    c = []
    c.append(case(
        "wildcard in the partition segment", RESOURCE + "#reference_policies_elements_resource_wildcards",
        "Wildcards may be used in any segment except the service.",
        request(identity=[doc(allow(GET, f"arn:*:secretsmanager:{REGION}:{A}:secret:prod/*"))]), "allowed"))
    c.append(case(
        "Deny with NotAction and NotResource together", NOTRESOURCE,
        "Deny everything except Describe* actions, on every resource except the cart secret: GetSecretValue on "
        "another secret is denied.",
        request(identity=[doc(allow("*", "*"), stmt("Deny", notaction="secretsmanager:Describe*", notresource=SECRET))],
                resource=OTHER_SECRET), "explicitDeny"))
    c.append(case(
        "Deny with NotAction and NotResource together: the excluded resource", NOTRESOURCE,
        "The cart secret is excluded by NotResource, so the deny does not apply to it.",
        request(identity=[doc(allow("*", "*"), stmt("Deny", notaction="secretsmanager:Describe*", notresource=SECRET))]),
        "allowed"))
    return c


def condition_multivalue_more():
    c = []
    c.append(case(
        "ForAllValues with an empty-string value is true", MV,
        "ForAllValues also returns true if the context key value resolves to a null dataset, such as an empty "
        "string (the 2023 page: 'If the key values in the request resolve to an empty data set (for example, an "
        "empty string), a condition operator modified by ForAllValues returns true').",
        request(identity=[doc(allow("iam:TagRole", "*", cond={"ForAllValues:StringEquals": {TK_: ["Project"]}}))],
                action="iam:TagRole", resource=ROLE, context=[ctx(TK_, "stringList", "")]), "allowed"))
    c.append(case(
        "ForAnyValue with an empty-string value is false", MV,
        "ForAnyValue returns false when the key values resolve to an empty data set.",
        request(identity=[doc(allow("iam:TagRole", "*", cond={"ForAnyValue:StringEquals": {TK_: ["Project"]}}))],
                action="iam:TagRole", resource=ROLE, context=[ctx(TK_, "stringList", "")]), "implicitDeny"))
    return c


def simulate_api():
    from topics_org import FULL, RCP_FULL
    c = []
    c.append(case(
        "explicit deny in an SCP is the matched statement", API_EVAL,
        "The deny statement is the only entry in MatchedStatements; SCP statements are identified as "
        "ServiceControlPolicyInputList.<level>.<n>.",
        request(identity=[doc(allow(GET, "*"))], scp=[[FULL], [FULL, doc(deny(GET, "*", sid="NoSecretsHere"))]]),
        "explicitDeny", matched=[("ServiceControlPolicyInputList.2.2", "NoSecretsHere")]))
    c.append(case(
        "explicit deny in an RCP is the matched statement", API_EVAL,
        "RCP statements are identified as ResourceControlPolicyInputList.<level>.<n>.",
        request(identity=[doc(allow(GET, "*"))],
                rcp=[[RCP_FULL, doc(stmt("Deny", GET, "*", sid="NoReads", principal="*"))]]),
        "explicitDeny", matched=[("ResourceControlPolicyInputList.1.2", "NoReads")]))
    c.append(case(
        "explicit deny in the session policy is the matched statement", API_EVAL,
        "The session policy's statements are identified as SessionPolicyInput.",
        request(identity=[doc(allow(GET, "*"))], session_policy=doc(allow("*", "*"), deny(GET, "*", sid="SessionDeny"))),
        "explicitDeny", matched=[("SessionPolicyInput", "SessionDeny")]))
    c.append(case(
        "explicit deny in the endpoint policy is the matched statement", API_EVAL,
        "The endpoint policy's statements are identified as VpcEndpointPolicyInput.",
        request(identity=[doc(allow(GET, "*"))],
                vpce=doc(stmt("Allow", "*", "*", principal="*"), stmt("Deny", GET, "*", sid="EndpointDeny", principal="*"))),
        "explicitDeny", matched=[("VpcEndpointPolicyInput", "EndpointDeny")]))
    c.append(case(
        "the Sid check finds the second statement of a multi-line policy", API_EVAL,
        "StartPosition and EndPosition locate the deciding statement in the policy text.",
        request(identity=['{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Sid": "First",\n      "Effect": "Allow",\n'
                          '      "Action": "s3:*",\n      "Resource": "*"\n    },\n    {\n      "Sid": "Second",\n'
                          '      "Effect": "Deny",\n      "Action": "secretsmanager:*",\n      "Resource": "*"\n    }\n  ]\n}']),
        "explicitDeny", matched=[("PolicyInputList.1", "Second")]))
    return c
