"""condition-string, -numeric, -date, -bool, -binary, -ip, -arn, -null, -ifexists."""

from common import *


def allow_if(cond):
    return doc(allow(GET, SECRET, sid="Conditional", cond=cond))


def deny_if(cond):
    return doc(allow(GET, SECRET, sid="Baseline"), deny(GET, SECRET, sid="ConditionalDeny", cond=cond))


def cases_for(link, rows):
    """rows: (name, effect, cond, context, decision, note[, inferred])."""
    out = []
    for row in rows:
        name, effect, cond, context, decision, note = row[:6]
        inferred = len(row) > 6 and row[6]
        identity = allow_if(cond) if effect == "Allow" else deny_if(cond)
        matched = None
        if effect == "Allow" and decision == "allowed":
            matched = [("PolicyInputList.1", "Conditional")]
        elif effect == "Deny" and decision == "explicitDeny":
            matched = [("PolicyInputList.1", "ConditionalDeny")]
        out.append(case(name, link, note, request(identity=[identity], context=context), decision,
                        matched=matched, inferred=inferred))
    return out


def condition_string():
    T = "aws:PrincipalTag/job-category"
    tag = lambda *v: [s(T, *v)]
    return cases_for(OPS_STRING, [
        ("StringEquals: equal value", "Allow", {"StringEquals": {T: "iamuser-admin"}}, tag("iamuser-admin"),
         "allowed", "Doc example: the principal must be tagged with job category iamuser-admin."),
        ("StringEquals: differs only in case", "Allow", {"StringEquals": {T: "iamuser-admin"}}, tag("IAMUser-Admin"),
         "implicitDeny", "StringEquals is an exact, case-sensitive match."),
        ("StringEquals: other value", "Allow", {"StringEquals": {T: "iamuser-admin"}}, tag("developer"),
         "implicitDeny", "Values differ."),
        ("StringEquals: key missing", "Allow", {"StringEquals": {T: "iamuser-admin"}}, [],
         "implicitDeny", "If the key in the condition is not present in the request context, the values do not "
                         "match and the condition is false."),
        ("StringEquals: one of several policy values", "Allow", {"StringEquals": {T: ["developer", "iamuser-admin"]}},
         tag("iamuser-admin"), "allowed", "Multiple values for one key are evaluated with a logical OR."),
        ("StringEquals: none of several policy values", "Allow", {"StringEquals": {T: ["developer", "tester"]}},
         tag("iamuser-admin"), "implicitDeny", "No value matches."),
        ("StringEquals: condition key name is case insensitive", "Allow",
         {"StringEquals": {"AWS:PrincipalTag/job-category": "iamuser-admin"}}, tag("iamuser-admin"), "allowed",
         "Condition key names are not case sensitive."),
        ("StringNotEquals: other value", "Allow", {"StringNotEquals": {T: "contractor"}}, tag("iamuser-admin"),
         "allowed", "Negated matching: the value differs."),
        ("StringNotEquals: equal value", "Allow", {"StringNotEquals": {T: "contractor"}}, tag("contractor"),
         "implicitDeny", "Negated matching: the value is equal so the condition is false."),
        ("StringNotEquals: key missing", "Allow", {"StringNotEquals": {T: "contractor"}}, [],
         "allowed", "If the condition requires that the key is not matched and the key is not present, the "
                    "condition is true."),
        ("StringNotEquals: value equals the second of several", "Allow",
         {"StringNotEquals": {T: ["contractor", "intern"]}}, tag("intern"), "implicitDeny",
         "A negated operator with multiple values is evaluated with a logical NOR."),
        ("StringNotEquals: value equals none of several", "Allow",
         {"StringNotEquals": {T: ["contractor", "intern"]}}, tag("iamuser-admin"), "allowed",
         "NOR of the values: none matches, so the condition is true."),
        ("StringNotEquals deny: key missing denies", "Deny", {"StringNotEquals": {T: "iamuser-admin"}}, [],
         "explicitDeny", "The negated operator is true for a missing key, so the Deny applies."),
        ("StringNotEquals deny: equal value is not denied", "Deny", {"StringNotEquals": {T: "iamuser-admin"}},
         tag("iamuser-admin"), "allowed", "The value equals the policy value, so the Deny does not apply."),
        ("StringEqualsIgnoreCase: differs only in case", "Allow", {"StringEqualsIgnoreCase": {T: "iamuser-admin"}},
         tag("IAMUSER-ADMIN"), "allowed", "Exact matching ignoring case."),
        ("StringEqualsIgnoreCase: other value", "Allow", {"StringEqualsIgnoreCase": {T: "iamuser-admin"}},
         tag("developer"), "implicitDeny", "Values differ beyond case."),
        ("StringEqualsIgnoreCase: key missing", "Allow", {"StringEqualsIgnoreCase": {T: "iamuser-admin"}}, [],
         "implicitDeny", "Missing key: positive operator is false."),
        ("StringNotEqualsIgnoreCase: differs only in case", "Allow",
         {"StringNotEqualsIgnoreCase": {T: "contractor"}}, tag("CONTRACTOR"), "implicitDeny",
         "Negated matching ignoring case: CONTRACTOR equals contractor ignoring case."),
        ("StringNotEqualsIgnoreCase: other value", "Allow", {"StringNotEqualsIgnoreCase": {T: "contractor"}},
         tag("developer"), "allowed", "The value differs."),
        ("StringNotEqualsIgnoreCase: key missing", "Allow", {"StringNotEqualsIgnoreCase": {T: "contractor"}}, [],
         "allowed", "Negated operator with a missing key is true."),
        ("StringLike: trailing wildcard", "Allow", {"StringLike": {T: "iamuser-*"}}, tag("iamuser-admin"),
         "allowed", "The value can include a multi-character wildcard anywhere in the string."),
        ("StringLike: single-character wildcard", "Allow", {"StringLike": {T: "iamuser-admi?"}},
         tag("iamuser-admin"), "allowed", "? matches one character."),
        ("StringLike: single-character wildcard needs exactly one", "Allow", {"StringLike": {T: "iamuser-?"}},
         tag("iamuser-admin"), "implicitDeny", "? matches exactly one character."),
        ("StringLike: wildcard in the middle", "Allow", {"StringLike": {T: "iam*admin"}}, tag("iamuser-admin"),
         "allowed", "Wildcards may appear anywhere."),
        ("StringLike: no wildcard means exact", "Allow", {"StringLike": {T: "iamuser"}}, tag("iamuser-admin"),
         "implicitDeny", "To do a partial match you must specify a wildcard."),
        ("StringLike: case sensitive", "Allow", {"StringLike": {T: "IAMUSER-*"}}, tag("iamuser-admin"),
         "implicitDeny", "StringLike is case sensitive."),
        ("StringLike: key missing", "Allow", {"StringLike": {T: "*"}}, [], "implicitDeny",
         "Even * does not match a missing key."),
        ("StringNotLike: matching pattern", "Allow", {"StringNotLike": {T: "contract*"}}, tag("contractor"),
         "implicitDeny", "Negated case-sensitive match: the value matches the pattern."),
        ("StringNotLike: non-matching pattern", "Allow", {"StringNotLike": {T: "contract*"}}, tag("iamuser-admin"),
         "allowed", "The value does not match the pattern."),
        ("StringNotLike: key missing", "Allow", {"StringNotLike": {T: "contract*"}}, [], "allowed",
         "Doc: if the policy condition requires that the key is not matched, such as StringNotLike, and the key "
         "is not present, the condition is true."),
        ("StringNotLike: value matches one of several patterns", "Allow",
         {"StringNotLike": {T: ["contract*", "intern*"]}}, tag("intern-2026"), "implicitDeny",
         "NOR over the policy values."),
        ("StringNotLike deny: key missing denies", "Deny", {"StringNotLike": {T: "iamuser-*"}}, [],
         "explicitDeny", "The negated operator is true for a missing key."),
        ("two keys under one operator: both match", "Allow",
         {"StringEquals": {T: "iamuser-admin", "aws:PrincipalTag/team": "platform"}},
         [s(T, "iamuser-admin"), s("aws:PrincipalTag/team", "platform")], "allowed",
         "Multiple context keys under one operator are evaluated with a logical AND."),
        ("two keys under one operator: one fails", "Allow",
         {"StringEquals": {T: "iamuser-admin", "aws:PrincipalTag/team": "platform"}},
         [s(T, "iamuser-admin"), s("aws:PrincipalTag/team", "payments")], "implicitDeny",
         "AND: one key does not match."),
        ("two operators: both true", "Allow",
         {"StringEquals": {T: "iamuser-admin"}, "StringLike": {"aws:PrincipalTag/team": "plat*"}},
         [s(T, "iamuser-admin"), s("aws:PrincipalTag/team", "platform")], "allowed",
         "Multiple condition operators are evaluated with a logical AND."),
        ("two operators: one false", "Allow",
         {"StringEquals": {T: "iamuser-admin"}, "StringLike": {"aws:PrincipalTag/team": "plat*"}},
         [s(T, "iamuser-admin")], "implicitDeny", "AND: the second key is missing so StringLike is false."),
    ])


def condition_numeric():
    K = "secretsmanager:RecoveryWindowInDays"
    n = lambda v: [ctx(K, "numeric", v)]
    rows = [
        ("NumericEquals: equal", "Allow", {"NumericEquals": {K: "30"}}, n("30"), "allowed", "Equal numbers."),
        ("NumericEquals: different", "Allow", {"NumericEquals": {K: "30"}}, n("7"), "implicitDeny", "7 is not 30."),
        ("NumericEquals: one of several values", "Allow", {"NumericEquals": {K: ["7", "30"]}}, n("7"), "allowed",
         "Multiple values are ORed."),
        ("NumericEquals: key missing", "Allow", {"NumericEquals": {K: "30"}}, [], "implicitDeny",
         "Missing key: positive operator is false."),
        ("NumericNotEquals: different", "Allow", {"NumericNotEquals": {K: "30"}}, n("7"), "allowed", "Negated match."),
        ("NumericNotEquals: equal", "Allow", {"NumericNotEquals": {K: "30"}}, n("30"), "implicitDeny",
         "Negated match of equal numbers is false."),
        ("NumericNotEquals: key missing", "Allow", {"NumericNotEquals": {K: "30"}}, [], "allowed",
         "Negated operator with a missing key is true."),
        ("NumericNotEquals: equals one of several", "Allow", {"NumericNotEquals": {K: ["7", "30"]}}, n("30"),
         "implicitDeny", "Negated operators with several values are a NOR."),
        ("NumericLessThan: less", "Allow", {"NumericLessThan": {K: "30"}}, n("7"), "allowed", "7 < 30."),
        ("NumericLessThan: equal", "Allow", {"NumericLessThan": {K: "30"}}, n("30"), "implicitDeny",
         "30 is not less than 30."),
        ("NumericLessThan: key missing", "Allow", {"NumericLessThan": {K: "30"}}, [], "implicitDeny",
         "Missing key: false."),
        ("NumericLessThanEquals: equal", "Allow", {"NumericLessThanEquals": {K: "30"}}, n("30"), "allowed",
         "30 <= 30."),
        ("NumericLessThanEquals: greater", "Allow", {"NumericLessThanEquals": {K: "30"}}, n("31"), "implicitDeny",
         "31 > 30."),
        ("NumericGreaterThan: greater", "Allow", {"NumericGreaterThan": {K: "7"}}, n("30"), "allowed", "30 > 7."),
        ("NumericGreaterThan: equal", "Allow", {"NumericGreaterThan": {K: "7"}}, n("7"), "implicitDeny",
         "7 is not greater than 7."),
        ("NumericGreaterThanEquals: equal", "Allow", {"NumericGreaterThanEquals": {K: "7"}}, n("7"), "allowed",
         "7 >= 7."),
        ("NumericGreaterThanEquals: less", "Allow", {"NumericGreaterThanEquals": {K: "7"}}, n("6"), "implicitDeny",
         "6 < 7."),
        ("NumericGreaterThanEquals: key missing", "Allow", {"NumericGreaterThanEquals": {K: "7"}}, [],
         "implicitDeny", "Missing key: false."),
        ("numbers compare numerically, not as text", "Allow", {"NumericLessThan": {K: "10"}}, n("9"), "allowed",
         "9 < 10 numerically (as text \"9\" > \"10\")."),
    ]
    out = cases_for(OPS_NUMERIC, rows)
    mk = "s3:max-keys"
    doc_ex = lambda v: request(identity=[doc(allow("s3:ListBucket", "arn:aws:s3:::amzn-s3-demo-bucket",
                                                   cond={"NumericLessThanEquals": {mk: "10"}}))],
                               action="s3:ListBucket", resource="arn:aws:s3:::amzn-s3-demo-bucket",
                               context=[ctx(mk, "numeric", v)])
    out.append(case("doc example: s3:max-keys 10 is allowed", OPS_NUMERIC,
                    "Allows listing up to 10 objects per request (NumericLessThanEquals 10).", doc_ex("10"), "allowed"))
    out.append(case("doc example: s3:max-keys 11 is not allowed", OPS_NUMERIC,
                    "More than 10 keys does not meet the condition.", doc_ex("11"), "implicitDeny"))
    rd = lambda v: request(identity=[doc(allow("*", "*"),
                                         deny("secretsmanager:*", "*", cond={"NumericLessThan": {"ec2:RoleDelivery": "2.0"}}))],
                           context=[ctx("ec2:RoleDelivery", "numeric", v)])
    out.append(case("ec2:RoleDelivery 1.0 is denied by the IMDSv2 policy", EC2_EX,
                    "Require IMDSv2 role credentials: deny when ec2:RoleDelivery is less than 2.0 (decimal values).",
                    rd("1.0"), "explicitDeny"))
    out.append(case("ec2:RoleDelivery 2.0 is not denied", EC2_EX,
                    "2.0 is not less than 2.0.", rd("2.0"), "allowed"))
    return out


def condition_date():
    K = "aws:CurrentTime"
    d = lambda v: [ctx(K, "date", v)]
    rows = [
        ("DateGreaterThan: later", "Allow", {"DateGreaterThan": {K: "2020-04-01T00:00:00Z"}},
         d("2026-11-28T12:00:00Z"), "allowed", "The request time is after the policy date."),
        ("DateGreaterThan: earlier", "Allow", {"DateGreaterThan": {K: "2030-01-01T00:00:00Z"}},
         d("2026-11-28T12:00:00Z"), "implicitDeny", "The request time is before the policy date."),
        ("DateLessThan: earlier", "Allow", {"DateLessThan": {K: "2030-01-01T00:00:00Z"}},
         d("2026-11-28T12:00:00Z"), "allowed", "Before the policy date."),
        ("DateLessThan: equal", "Allow", {"DateLessThan": {K: "2026-11-28T12:00:00Z"}},
         d("2026-11-28T12:00:00Z"), "implicitDeny", "Equal is not less."),
        ("DateLessThanEquals: equal", "Allow", {"DateLessThanEquals": {K: "2026-11-28T12:00:00Z"}},
         d("2026-11-28T12:00:00Z"), "allowed", "Equal satisfies less-than-or-equal."),
        ("DateGreaterThanEquals: equal", "Allow", {"DateGreaterThanEquals": {K: "2026-11-28T12:00:00Z"}},
         d("2026-11-28T12:00:00Z"), "allowed", "Equal satisfies greater-than-or-equal."),
        ("DateGreaterThanEquals: one second earlier", "Allow", {"DateGreaterThanEquals": {K: "2026-11-28T12:00:00Z"}},
         d("2026-11-28T11:59:59Z"), "implicitDeny", "Earlier by one second."),
        ("DateEquals: same instant", "Allow", {"DateEquals": {K: "2026-11-28T12:00:00Z"}},
         d("2026-11-28T12:00:00Z"), "allowed", "Matching a specific date."),
        ("DateEquals: same instant in another time zone", "Allow", {"DateEquals": {K: "2026-11-28T13:00:00+01:00"}},
         d("2026-11-28T12:00:00Z"), "allowed",
         "Dates use the W3C implementation of ISO 8601, which includes time zone offsets; 13:00+01:00 is 12:00Z."),
        ("DateEquals: other instant", "Allow", {"DateEquals": {K: "2026-11-28T12:00:00Z"}},
         d("2026-11-28T12:00:01Z"), "implicitDeny", "One second apart."),
        ("DateNotEquals: other instant", "Allow", {"DateNotEquals": {K: "2026-11-28T12:00:00Z"}},
         d("2026-11-29T12:00:00Z"), "allowed", "Negated matching."),
        ("DateNotEquals: same instant", "Allow", {"DateNotEquals": {K: "2026-11-28T12:00:00Z"}},
         d("2026-11-28T12:00:00Z"), "implicitDeny", "Negated matching of equal dates."),
        ("DateNotEquals: key missing", "Allow", {"DateNotEquals": {"aws:TokenIssueTime": "2026-11-28T12:00:00Z"}},
         [], "allowed", "Negated operator with a missing key is true."),
        ("DateGreaterThan: key missing", "Allow", {"DateGreaterThan": {"aws:TokenIssueTime": "2020-01-01T00:00:00Z"}},
         [], "implicitDeny", "Missing key: positive operator is false."),
        ("date-only policy value", "Allow", {"DateLessThan": {K: "2030-01-01"}}, d("2026-11-28T12:00:00Z"),
         "allowed", "The W3C profile of ISO 8601 allows a date without a time."),
        ("epoch policy value", "Allow", {"DateGreaterThan": {K: "1577836800"}}, d("2026-11-28T12:00:00Z"),
         "allowed", "Date values may be given in epoch (UNIX) time; 1577836800 is 2020-01-01T00:00:00Z."),
        ("epoch policy value in the future", "Allow", {"DateGreaterThan": {K: "1893456000"}},
         d("2026-11-28T12:00:00Z"), "implicitDeny", "1893456000 is 2030-01-01T00:00:00Z."),
    ]
    out = cases_for(OPS_DATE, rows)
    window = doc(allow(GET, SECRET, cond={"DateGreaterThan": {K: "2020-04-01T00:00:00Z"},
                                          "DateLessThan": {K: "2020-06-30T23:59:59Z"}}))
    for when, decision in (("2020-05-15T10:00:00Z", "allowed"), ("2020-07-01T00:00:00Z", "implicitDeny"),
                           ("2020-03-31T23:59:59Z", "implicitDeny")):
        out.append(case(f"time window example at {when}", OPS_DATE,
                        "Access only within a date range: two date operators ANDed.",
                        request(identity=[window], context=d(when)), decision))
    revoke = doc(allow("*", "*"), deny("*", "*", cond={"DateLessThan": {"aws:TokenIssueTime": "2026-11-28T10:00:00Z"}}))
    out.append(case("revoke older sessions: token issued before the cutoff", IAM + "id_roles_use_revoke-sessions.html",
                    "Revoking sessions denies all actions when aws:TokenIssueTime is before the revocation time.",
                    request(identity=[revoke], context=[ctx("aws:TokenIssueTime", "date", "2026-11-28T09:00:00Z")]),
                    "explicitDeny"))
    out.append(case("revoke older sessions: token issued after the cutoff", IAM + "id_roles_use_revoke-sessions.html",
                    "Sessions issued after the revocation time are not denied.",
                    request(identity=[revoke], context=[ctx("aws:TokenIssueTime", "date", "2026-11-28T11:00:00Z")]),
                    "allowed"))
    return out


def condition_bool():
    ST = "aws:SecureTransport"
    MFA = "aws:MultiFactorAuthPresent"
    b = lambda k, v: [ctx(k, "boolean", v)]
    return cases_for(OPS_BOOL, [
        ("Bool true matches true", "Allow", {"Bool": {ST: "true"}}, b(ST, "true"), "allowed",
         "Boolean matching: the request used TLS."),
        ("Bool true does not match false", "Allow", {"Bool": {ST: "true"}}, b(ST, "false"), "implicitDeny",
         "The value is false."),
        ("Bool true with key missing", "Allow", {"Bool": {MFA: "true"}}, [], "implicitDeny",
         "Missing key: the condition is false."),
        ("Bool false matches false", "Allow", {"Bool": {ST: "false"}}, b(ST, "false"), "allowed",
         "Bool can match false."),
        ("deny Bool false: insecure request denied", "Deny", {"Bool": {ST: "false"}}, b(ST, "false"),
         "explicitDeny", "Deny requests that are not sent over TLS."),
        ("deny Bool false: secure request not denied", "Deny", {"Bool": {ST: "false"}}, b(ST, "true"), "allowed",
         "The deny does not apply to TLS requests."),
        ("deny Bool false: key missing is not denied", "Deny", {"Bool": {MFA: "false"}}, [], "allowed",
         "Without IfExists a missing key makes Bool false, so the deny does not apply (the IfExists doc warns "
         "about exactly this)."),
        ("deny BoolIfExists false: key missing is denied", "Deny", {"BoolIfExists": {MFA: "false"}}, [],
         "explicitDeny", "BoolIfExists treats the missing key as true, so long-term credentials without the key "
                         "are denied."),
        ("deny BoolIfExists false: MFA present is not denied", "Deny", {"BoolIfExists": {MFA: "false"}},
         b(MFA, "true"), "allowed", "The key exists and is true."),
        ("Bool value comparison ignores case of true", "Allow", {"Bool": {ST: "True"}}, b(ST, "true"), "allowed",
         "Boolean values are true or false; the case of the literal is not significant.", True),
    ])


def condition_binary():
    K = "example:BinaryKey"
    v = "QmluYXJ5VmFsdWVJbkJhc2U2NA=="
    bn = lambda x: [ctx(K, "binary", x)]
    return cases_for(OPS_BINARY, [
        ("BinaryEquals: equal value", "Allow", {"BinaryEquals": {K: v}}, bn(v), "allowed",
         "BinaryEquals tests key values in binary format; the policy value is base64."),
        ("BinaryEquals: different value", "Allow", {"BinaryEquals": {K: v}}, bn("T3RoZXJWYWx1ZQ=="), "implicitDeny",
         "Different bytes."),
        ("BinaryEquals: key missing", "Allow", {"BinaryEquals": {K: v}}, [], "implicitDeny",
         "Missing key: false."),
        ("BinaryEquals: one of several values", "Allow", {"BinaryEquals": {K: ["T3RoZXJWYWx1ZQ==", v]}}, bn(v),
         "allowed", "Multiple values are ORed."),
        ("BinaryEqualsIfExists: key missing", "Allow", {"BinaryEqualsIfExists": {K: v}}, [], "allowed",
         "IfExists: a missing key evaluates to true."),
        ("BinaryEqualsIfExists: present and different", "Allow", {"BinaryEqualsIfExists": {K: v}},
         bn("T3RoZXJWYWx1ZQ=="), "implicitDeny", "IfExists: a present key is compared normally."),
    ])


def condition_ip():
    K = "aws:SourceIp"
    ip = lambda v: [ctx(K, "ip", v)]
    return cases_for(OPS_IP, [
        ("IpAddress: inside the range", "Allow", {"IpAddress": {K: "203.0.113.0/24"}}, ip("203.0.113.17"), "allowed",
         "The IP address is in the CIDR range."),
        ("IpAddress: outside the range", "Allow", {"IpAddress": {K: "203.0.113.0/24"}}, ip("203.0.114.1"),
         "implicitDeny", "Outside the range."),
        ("IpAddress: key missing", "Allow", {"IpAddress": {K: "203.0.113.0/24"}}, [], "implicitDeny",
         "Missing key (for example a request through a VPC endpoint): false."),
        ("IpAddress: bare address is /32", "Allow", {"IpAddress": {K: "203.0.113.17"}}, ip("203.0.113.17"),
         "allowed", "An address without a prefix length is treated as /32.", True),
        ("IpAddress: bare address does not match a neighbour", "Allow", {"IpAddress": {K: "203.0.113.17"}},
         ip("203.0.113.18"), "implicitDeny", "A /32 matches one address.", True),
        ("IpAddress: one of several ranges", "Allow", {"IpAddress": {K: ["192.0.2.0/24", "203.0.113.0/24"]}},
         ip("192.0.2.44"), "allowed", "Multiple ranges are ORed."),
        ("IpAddress: IPv6 range", "Allow", {"IpAddress": {K: "2001:DB8:1234:5678::/64"}},
         ip("2001:db8:1234:5678::1"), "allowed", "IPv6 ranges are supported (doc example 2001:DB8:1234:5678::/64)."),
        ("IpAddress: IPv6 outside the range", "Allow", {"IpAddress": {K: "2001:DB8:1234:5678::/64"}},
         ip("2001:db8:1234:5679::1"), "implicitDeny", "Another /64."),
        ("IpAddress: mixed IPv4 and IPv6 ranges", "Allow",
         {"IpAddress": {K: ["203.0.113.0/24", "2001:DB8:1234:5678::/64"]}}, ip("2001:db8:1234:5678:ffff::9"),
         "allowed", "The doc example lists IPv4 and IPv6 ranges together."),
        ("NotIpAddress: outside the range", "Allow", {"NotIpAddress": {K: "203.0.113.0/24"}}, ip("198.51.100.7"),
         "allowed", "Negated matching."),
        ("NotIpAddress: inside the range", "Allow", {"NotIpAddress": {K: "203.0.113.0/24"}}, ip("203.0.113.7"),
         "implicitDeny", "Inside the range."),
        ("NotIpAddress: key missing", "Allow", {"NotIpAddress": {K: "203.0.113.0/24"}}, [], "allowed",
         "Negated operator with a missing key is true."),
        ("deny NotIpAddress: outside the corporate ranges", "Deny",
         {"NotIpAddress": {K: ["192.0.2.0/24", "203.0.113.0/24"]}}, ip("198.51.100.7"), "explicitDeny",
         "Deny requests from outside the listed ranges."),
        ("deny NotIpAddress: inside one corporate range", "Deny",
         {"NotIpAddress": {K: ["192.0.2.0/24", "203.0.113.0/24"]}}, ip("203.0.113.9"), "allowed",
         "Inside one listed range: NOR over the ranges is false."),
        ("deny NotIpAddress: key missing denies", "Deny", {"NotIpAddress": {K: "203.0.113.0/24"}}, [],
         "explicitDeny", "A request without aws:SourceIp (e.g. through a VPC endpoint) is denied."),
        ("IpAddressIfExists: key missing", "Allow", {"IpAddressIfExists": {K: "203.0.113.0/24"}}, [], "allowed",
         "IfExists: missing key is true."),
        ("NotIpAddressIfExists deny: key missing denies", "Deny", {"NotIpAddressIfExists": {K: "203.0.113.0/24"}},
         [], "explicitDeny", "IfExists: missing key is true; the deny applies."),
    ])


def condition_arn():
    K = "aws:SourceArn"
    a = lambda v: [s(K, v)]
    topic = f"arn:aws:sns:{REGION}:{A}:TOPIC-ID"
    return cases_for(OPS_ARN, [
        ("ArnEquals: exact", "Allow", {"ArnEquals": {K: topic}}, a(topic), "allowed", "Case-sensitive ARN match."),
        ("ArnEquals: wildcard in the resource part", "Allow", {"ArnEquals": {K: f"arn:aws:sns:{REGION}:{A}:TOPIC-*"}},
         a(topic), "allowed", "Each of the six colon-delimited components is checked separately and each can "
                              "include wildcards; this applies to ArnEquals as well as ArnLike."),
        ("ArnLike: region wildcard", "Allow", {"ArnLike": {K: f"arn:aws:sns:*:{A}:TOPIC-ID"}}, a(topic), "allowed",
         "Wildcard in the region component."),
        ("ArnLike: account does not match", "Allow", {"ArnLike": {K: f"arn:aws:sns:*:{B}:TOPIC-ID"}}, a(topic),
         "implicitDeny", "The account component differs."),
        ("ArnLike: case sensitive", "Allow", {"ArnLike": {K: f"arn:aws:sns:{REGION}:{A}:topic-id"}}, a(topic),
         "implicitDeny", "ARN matching is case sensitive."),
        ("ArnLike: single-character wildcard", "Allow", {"ArnLike": {K: f"arn:aws:sns:{REGION}:{A}:TOPIC-I?"}},
         a(topic), "allowed", "? matches one character."),
        ("ArnLike: key missing", "Allow", {"ArnLike": {K: "arn:aws:sns:*:*:*"}}, [], "implicitDeny",
         "Missing key: false."),
        ("ArnLike: role pattern", "Allow", {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/Cart*"}},
         [s("aws:PrincipalArn", ROLE)], "allowed", "Wildcards in account and resource components."),
        ("ArnNotEquals: other ARN", "Allow", {"ArnNotEquals": {K: topic}}, a(f"arn:aws:sns:{REGION}:{A}:OTHER"),
         "allowed", "Negated matching."),
        ("ArnNotEquals: same ARN", "Allow", {"ArnNotEquals": {K: topic}}, a(topic), "implicitDeny",
         "Negated matching of equal ARNs."),
        ("ArnNotEquals: key missing", "Allow", {"ArnNotEquals": {K: topic}}, [], "allowed",
         "Negated operator with a missing key is true."),
        ("ArnNotLike: key missing", "Allow", {"ArnNotLike": {K: "arn:aws:sns:*:*:*"}}, [], "allowed",
         "Doc names ArnNotLike: if the key is not present, the condition is true."),
        ("ArnNotLike: matching pattern", "Allow", {"ArnNotLike": {K: "arn:aws:sns:*:*:*"}}, a(topic),
         "implicitDeny", "The ARN matches the pattern."),
        ("deny ArnNotEquals principal: the named user is not denied", "Deny",
         {"ArnNotEquals": {"aws:PrincipalArn": USER}}, [s("aws:PrincipalArn", USER)], "allowed",
         "Principal-doc alternative to NotPrincipal: deny all principals except the one in ArnNotEquals."),
        ("deny ArnNotEquals principal: another user is denied", "Deny",
         {"ArnNotEquals": {"aws:PrincipalArn": USER}}, [s("aws:PrincipalArn", OTHER_USER)], "explicitDeny",
         "Any other principal ARN is denied."),
        ("ArnLikeIfExists: key missing", "Allow", {"ArnLikeIfExists": {K: topic}}, [], "allowed",
         "IfExists: a missing key is true."),
        ("ArnEqualsIfExists: present and different", "Allow", {"ArnEqualsIfExists": {K: topic}},
         a(f"arn:aws:sns:{REGION}:{A}:OTHER"), "implicitDeny", "IfExists: present keys are compared normally."),
    ])


def condition_null():
    rows = [
        ("Null true: key missing", "Allow", {"Null": {"aws:TokenIssueTime": "true"}}, [], "allowed",
         "Null true means the key is not present (for example long-term credentials without aws:TokenIssueTime)."),
        ("Null true: key present", "Allow", {"Null": {"aws:TokenIssueTime": "true"}},
         [ctx("aws:TokenIssueTime", "date", "2026-11-28T09:00:00Z")], "implicitDeny",
         "The key exists, so Null true is false."),
        ("Null false: key present", "Allow", {"Null": {"aws:TokenIssueTime": "false"}},
         [ctx("aws:TokenIssueTime", "date", "2026-11-28T09:00:00Z")], "allowed",
         "Null false means the key exists and its value is not null (temporary credentials)."),
        ("Null false: key missing", "Allow", {"Null": {"aws:TokenIssueTime": "false"}}, [], "implicitDeny",
         "The key is missing."),
        ("deny Null true on a request tag: tag missing", "Deny", {"Null": {"aws:RequestTag/CostCenter": "true"}},
         [], "explicitDeny", "Deny when the request does not carry the tag."),
        ("deny Null true on a request tag: tag present", "Deny", {"Null": {"aws:RequestTag/CostCenter": "true"}},
         [s("aws:RequestTag/CostCenter", "1234")], "allowed", "The tag is present so the deny does not apply."),
        ("Null and StringEquals together: both hold", "Allow",
         {"Null": {"aws:PrincipalTag/team": "false"}, "StringEquals": {"aws:PrincipalTag/team": "cart"}},
         [s("aws:PrincipalTag/team", "cart")], "allowed", "Different operators are ANDed."),
        ("Null key name is case insensitive", "Allow", {"Null": {"AWS:TOKENISSUETIME": "true"}},
         [ctx("aws:TokenIssueTime", "date", "2026-11-28T09:00:00Z")], "implicitDeny",
         "Key names are case insensitive, so the present aws:TokenIssueTime is found."),
    ]
    return cases_for(OPS_NULL, rows)


def condition_ifexists():
    IT = "ec2:InstanceType"
    ex = doc(allow("ec2:*", "*", sid="AllowSpecificInstanceTypes",
                   cond={"StringLikeIfExists": {IT: ["t1.*", "t2.*", "m3.*"]}}))
    out = []
    for name, context, decision, note in [
        ("doc example: instance type matches", [s(IT, "t2.micro")], "allowed",
         "If the key is present, it is processed as specified in the policy."),
        ("doc example: instance type does not match", [s(IT, "c5.large")], "implicitDeny",
         "The key is present and does not match."),
        ("doc example: action without an instance type", [], "allowed",
         "If the key is not present, the condition element evaluates to true."),
    ]:
        out.append(case(name, OPS_IFEXISTS, note,
                        request(identity=[ex], action="ec2:RunInstances",
                                resource=f"arn:aws:ec2:{REGION}:{A}:instance/*", context=context), decision))
    rows = [
        ("StringEqualsIfExists: missing", "Allow", {"StringEqualsIfExists": {"aws:PrincipalTag/team": "cart"}}, [],
         "allowed", "IfExists: missing key is true."),
        ("StringEqualsIfExists: present and different", "Allow",
         {"StringEqualsIfExists": {"aws:PrincipalTag/team": "cart"}}, [s("aws:PrincipalTag/team", "payments")],
         "implicitDeny", "A present key is evaluated normally."),
        ("StringEqualsIgnoreCaseIfExists: present, case differs", "Allow",
         {"StringEqualsIgnoreCaseIfExists": {"aws:PrincipalTag/team": "cart"}}, [s("aws:PrincipalTag/team", "CART")],
         "allowed", "A present key is evaluated with the base operator."),
        ("StringLikeIfExists: missing", "Allow", {"StringLikeIfExists": {"aws:PrincipalTag/team": "c*"}}, [],
         "allowed", "IfExists: missing key is true."),
        ("StringNotEqualsIfExists: missing", "Allow",
         {"StringNotEqualsIfExists": {"aws:PrincipalTag/team": "contractors"}}, [], "allowed",
         "IfExists: missing key is true."),
        ("StringNotEqualsIfExists: present and equal", "Allow",
         {"StringNotEqualsIfExists": {"aws:PrincipalTag/team": "contractors"}},
         [s("aws:PrincipalTag/team", "contractors")], "implicitDeny", "Present and equal: the negated match is false."),
        ("deny StringNotEqualsIfExists: missing key denies", "Deny",
         {"StringNotEqualsIfExists": {"aws:SourceVpce": "vpce-1234a5678b9012c"}}, [], "explicitDeny",
         "With Deny, StringNotEqualsIfExists on a missing key is true, so the request is denied."),
        ("deny StringNotEqualsIfExists: matching endpoint", "Deny",
         {"StringNotEqualsIfExists": {"aws:SourceVpce": "vpce-1234a5678b9012c"}},
         [s("aws:SourceVpce", "vpce-1234a5678b9012c")], "allowed", "Present and equal: not denied."),
        ("deny StringNotLikeIfExists: present, other value", "Deny",
         {"StringNotLikeIfExists": {"aws:SourceVpce": "vpce-1234*"}}, [s("aws:SourceVpce", "vpce-9999")],
         "explicitDeny", "Present and not like the pattern: denied."),
        ("NumericLessThanIfExists: missing", "Allow",
         {"NumericLessThanIfExists": {"secretsmanager:RecoveryWindowInDays": "30"}}, [], "allowed",
         "IfExists works with numeric operators."),
        ("NumericLessThanIfExists: present and too large", "Allow",
         {"NumericLessThanIfExists": {"secretsmanager:RecoveryWindowInDays": "30"}},
         [ctx("secretsmanager:RecoveryWindowInDays", "numeric", "30")], "implicitDeny", "30 is not less than 30."),
        ("DateGreaterThanIfExists: missing", "Allow",
         {"DateGreaterThanIfExists": {"aws:TokenIssueTime": "2026-01-01T00:00:00Z"}}, [], "allowed",
         "IfExists works with date operators."),
        ("DateGreaterThanIfExists: present and earlier", "Allow",
         {"DateGreaterThanIfExists": {"aws:TokenIssueTime": "2026-01-01T00:00:00Z"}},
         [ctx("aws:TokenIssueTime", "date", "2025-06-01T00:00:00Z")], "implicitDeny", "Present: compared normally."),
        ("BoolIfExists: missing", "Allow", {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}, [], "allowed",
         "IfExists works with Bool."),
        ("BoolIfExists: present false", "Allow", {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}},
         [ctx("aws:MultiFactorAuthPresent", "boolean", "false")], "implicitDeny", "Present: compared normally."),
        ("IpAddressIfExists: present outside", "Allow", {"IpAddressIfExists": {"aws:SourceIp": "203.0.113.0/24"}},
         [ctx("aws:SourceIp", "ip", "198.51.100.1")], "implicitDeny", "Present: compared normally."),
        ("ArnNotLikeIfExists: missing", "Allow", {"ArnNotLikeIfExists": {"aws:SourceArn": "arn:aws:sns:*:*:*"}},
         [], "allowed", "IfExists works with ARN operators."),
        ("DateNotEqualsIfExists: present and equal", "Allow",
         {"DateNotEqualsIfExists": {"aws:CurrentTime": "2026-11-28T12:00:00Z"}},
         [ctx("aws:CurrentTime", "date", "2026-11-28T12:00:00Z")], "implicitDeny", "Present: compared normally."),
        ("NumericNotEqualsIfExists: missing", "Allow",
         {"NumericNotEqualsIfExists": {"secretsmanager:RecoveryWindowInDays": "7"}}, [], "allowed",
         "IfExists on a negated numeric operator with a missing key is true."),
    ]
    out += cases_for(OPS_IFEXISTS, rows)
    return out
