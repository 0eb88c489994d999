"""condition-multivalue, variables, secrets-manager, simulate-api."""

from common import *

TK = "aws:TagKeys"


def tags(*keys):
    return [ctx(TK, "stringList", *keys)]


def condition_multivalue():
    out = []

    def deny_case(name, cond, context, decision, note, link=MVEX, inferred=False):
        identity = doc(allow("iam:*", "*"), deny(["iam:Tag*", "iam:UnTag*"], "*", sid="DenyRestrictedTags", cond=cond))
        out.append(case(name, link, note,
                        request(identity=[identity], action="iam:TagRole", resource=ROLE, context=context),
                        decision, matched=[("PolicyInputList.1", "DenyRestrictedTags")] if decision == "explicitDeny"
                        else None, inferred=inferred))

    def allow_case(name, cond, context, decision, note, link=MVEX, inferred=False):
        identity = doc(allow(["iam:TagRole", "iam:UntagRole"], "*", sid="AllowTagging", cond=cond))
        out.append(case(name, link, note,
                        request(identity=[identity], action="iam:TagRole", resource=ROLE, context=context),
                        decision, inferred=inferred))

    one = {"ForAllValues:StringNotLike": {TK: "key1*"}}
    deny_case("deny ForAllValues:StringNotLike key1*: [key1:legal]", one, tags("key1:legal"), "allowed",
              "Doc table: No match - may be allowed by another statement.")
    deny_case("deny ForAllValues:StringNotLike key1*: [key1:hr, key1:personnel]", one,
              tags("key1:hr", "key1:personnel"), "allowed", "Doc table: No match.")
    deny_case("deny ForAllValues:StringNotLike key1*: [key2:audit]", one, tags("key2:audit"), "explicitDeny",
              "Doc table: Match - denied.")
    deny_case("deny ForAllValues:StringNotLike key1*: no aws:TagKeys", one, [], "explicitDeny",
              "Doc table: no aws:TagKeys in the request context - Match. ForAllValues also returns true if there "
              "are no context keys in the request.")
    two = {"ForAllValues:StringNotLike": {TK: ["key1*", "key2*"]}}
    deny_case("deny ForAllValues:StringNotLike key1*,key2*: [key1:legal]", two, tags("key1:legal"), "allowed",
              "Doc table: No match.")
    deny_case("deny ForAllValues:StringNotLike key1*,key2*: [key1:hr, key2:audit]", two,
              tags("key1:hr", "key2:audit"), "allowed", "Doc table: No match.")
    deny_case("deny ForAllValues:StringNotLike key1*,key2*: [key3:legal]", two, tags("key3:legal"), "explicitDeny",
              "Doc table: Match.")
    deny_case("deny ForAllValues:StringNotLike key1*,key2*: no aws:TagKeys", two, [], "explicitDeny",
              "Doc table: Match.")
    deny_case("deny ForAllValues:StringNotLike key1*,key2*: [key1:hr, key3:legal]", two,
              tags("key1:hr", "key3:legal"), "allowed",
              "key1:hr is like key1*, so not every value satisfies StringNotLike: no match.")

    any_eq = {"ForAnyValue:StringEquals": {TK: ["key1", "key2"]}}
    allow_case("allow ForAnyValue:StringEquals: [key1]", any_eq, tags("key1"), "allowed",
               "ForAnyValue: at least one request value matches a policy value.")
    allow_case("allow ForAnyValue:StringEquals: [key1, key3]", any_eq, tags("key1", "key3"), "allowed",
               "One of the values matches.")
    allow_case("allow ForAnyValue:StringEquals: [key3]", any_eq, tags("key3"), "implicitDeny", "No value matches.")
    allow_case("allow ForAnyValue:StringEquals: no aws:TagKeys", any_eq, [], "implicitDeny",
               "ForAnyValue returns false when the key is missing.", link=MV)
    allow_case("allow ForAnyValue:StringEquals: empty aws:TagKeys", any_eq, tags(), "implicitDeny",
               "If the key values in the request resolve to an empty data set, ForAnyValue returns false.", link=MV)

    all_eq = {"ForAllValues:StringEquals": {TK: ["key1", "key2"]}}
    allow_case("allow ForAllValues:StringEquals: [key1, key2]", all_eq, tags("key1", "key2"), "allowed",
               "Every request value is in the policy list.")
    allow_case("allow ForAllValues:StringEquals: [key1]", all_eq, tags("key1"), "allowed",
               "A subset of the policy values.")
    allow_case("allow ForAllValues:StringEquals: [key1, key3]", all_eq, tags("key1", "key3"), "implicitDeny",
               "key3 is not in the policy list.")
    allow_case("allow ForAllValues:StringEquals: no aws:TagKeys", all_eq, [], "allowed",
               "ForAllValues returns true if there are no context keys in the request; be careful using it with "
               "Allow.", link=MV)
    allow_case("allow ForAllValues:StringEquals: empty aws:TagKeys", all_eq, tags(), "allowed",
               "An empty data set makes ForAllValues true.", link=MV)
    guarded = {"ForAllValues:StringEquals": {TK: ["key1", "key2"]}, "Null": {TK: "false"}}
    allow_case("ForAllValues guarded by Null false: no aws:TagKeys", guarded, [], "implicitDeny",
               "Include a Null condition with false to prevent missing context keys from evaluating to true.")
    allow_case("ForAllValues guarded by Null false: [key1]", guarded, tags("key1"), "allowed",
               "The key exists and every value is allowed.")
    allow_case("ForAllValues:StringEquals is case sensitive", all_eq, tags("Key1"), "implicitDeny",
               "StringEquals compares case-sensitively inside the set operator.", link=MV)
    allow_case("ForAllValues:StringEqualsIgnoreCase", {"ForAllValues:StringEqualsIgnoreCase": {TK: ["key1", "key2"]}},
               tags("KEY1", "Key2"), "allowed", "Set operators qualify any string operator.", link=MV)
    allow_case("ForAllValues:StringLike with wildcard", {"ForAllValues:StringLike": {TK: "Created*"}},
               tags("CreatedBy", "CreatedAt"), "allowed", "Every value matches Created*.", link=MV)
    allow_case("ForAnyValue:StringLike with wildcard", {"ForAnyValue:StringLike": {TK: "Cost*"}},
               tags("Owner", "CostCenter"), "allowed", "One value matches Cost*.", link=MV)
    allow_case("ForAnyValue:StringNotEquals: a value differs", {"ForAnyValue:StringNotEquals": {TK: "key1"}},
               tags("key1", "key2"), "allowed",
               "ForAnyValue with a negated operator: true when at least one request value does not match.",
               link=MV, inferred=True)
    allow_case("ForAnyValue:StringNotEquals: every value equal", {"ForAnyValue:StringNotEquals": {TK: "key1"}},
               tags("key1"), "implicitDeny", "No request value differs from key1.", link=MV, inferred=True)
    allow_case("ForAnyValue:StringNotEquals: key missing", {"ForAnyValue:StringNotEquals": {TK: "key1"}}, [],
               "implicitDeny", "ForAnyValue is false when the key is missing, even with a negated operator.",
               link=MV)
    allow_case("ForAllValues:StringNotEquals: no value equal", {"ForAllValues:StringNotEquals": {TK: "key1"}},
               tags("key2", "key3"), "allowed", "Every request value differs from key1.", link=MV, inferred=True)
    allow_case("ForAllValues:StringNotEquals: one value equal", {"ForAllValues:StringNotEquals": {TK: "key1"}},
               tags("key1", "key2"), "implicitDeny", "key1 fails the negated match.", link=MV, inferred=True)
    allow_case("ForAllValues:StringNotEquals: key missing", {"ForAllValues:StringNotEquals": {TK: "key1"}}, [],
               "allowed", "ForAllValues is true when the key is missing.", link=MV)

    org_paths = lambda *v: [ctx("aws:PrincipalOrgPaths", "stringList", *v)]
    op = doc(allow(GET, SECRET, cond={"ForAnyValue:StringLike": {
        "aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/*"]}}))
    out.append(case("aws:PrincipalOrgPaths ForAnyValue:StringLike: inside the OU", KEYS + "#condition-keys-principalorgpaths",
                    "Doc example: ForAnyValue:StringLike on aws:PrincipalOrgPaths with a trailing wildcard.",
                    request(identity=[op], context=org_paths("o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/")),
                    "allowed"))
    out.append(case("aws:PrincipalOrgPaths ForAnyValue:StringLike: other OU", KEYS + "#condition-keys-principalorgpaths",
                    "The principal's path is in another OU.",
                    request(identity=[op], context=org_paths("o-a1b2c3d4e5/r-ab12/ou-ab12-33333333/")), "implicitDeny"))
    cv = doc(allow(GET, SECRET, cond={"ForAnyValue:StringEquals": {"aws:CalledVia": ["cloudformation.amazonaws.com"]}}))
    out.append(case("aws:CalledVia ForAnyValue:StringEquals: called via CloudFormation",
                    KEYS + "#condition-keys-calledvia", "aws:CalledVia is multivalued; ForAnyValue tests membership.",
                    request(identity=[cv], context=[ctx("aws:CalledVia", "stringList", "cloudformation.amazonaws.com")]),
                    "allowed"))
    out.append(case("aws:CalledVia ForAnyValue:StringEquals: direct call", KEYS + "#condition-keys-calledvia",
                    "Direct calls have no aws:CalledVia, so ForAnyValue is false.",
                    request(identity=[cv]), "implicitDeny"))
    regions = lambda *v: [ctx("secretsmanager:AddReplicaRegions", "stringList", *v)]
    rep = doc(allow("secretsmanager:ReplicateSecretToRegions", SECRET,
                    cond={"ForAllValues:StringEquals": {"secretsmanager:AddReplicaRegions": ["eu-west-1", "eu-central-1"]}}))
    out.append(case("AddReplicaRegions ForAllValues: replicas only in allowed regions", SM_REF,
                    "secretsmanager:AddReplicaRegions is ArrayOfString; ForAllValues requires every region to be listed.",
                    request(identity=[rep], action="secretsmanager:ReplicateSecretToRegions",
                            context=regions("eu-west-1", "eu-central-1")), "allowed"))
    out.append(case("AddReplicaRegions ForAllValues: one region not allowed", SM_REF,
                    "us-west-2 is not listed.",
                    request(identity=[rep], action="secretsmanager:ReplicateSecretToRegions",
                            context=regions("eu-west-1", "us-west-2")), "implicitDeny"))
    return out


def variables():
    out = []
    own_user = doc(allow("iam:*AccessKey*", f"arn:aws:iam::{A}:user/${{aws:username}}", sid="OwnKeys"))
    un = lambda v: [s("aws:username", v)]
    out.append(case("aws:username in Resource: own user", VARS,
                    "IAM substitutes the user name from the request for ${aws:username}.",
                    request(identity=[own_user], action="iam:CreateAccessKey", resource=USER, caller=USER,
                            context=un("Alice")), "allowed", matched=[("PolicyInputList.1", "OwnKeys")]))
    out.append(case("aws:username in Resource: another user", VARS,
                    "Alice cannot manage Bob's keys.",
                    request(identity=[own_user], action="iam:CreateAccessKey", resource=OTHER_USER, caller=USER,
                            context=un("Alice")), "implicitDeny"))
    out.append(case("aws:username in Resource: no user name (role session)", VARS,
                    "aws:username is not present for roles; any attempt to match it fails.",
                    request(identity=[own_user], action="iam:CreateAccessKey", resource=USER), "implicitDeny"))
    out.append(case("Version 2008-10-17 treats variables as literal text", VARS,
                    "Variables were introduced in 2012-10-17; with an earlier version ${aws:username} is a literal "
                    "string, so it does not match user/Alice.",
                    request(identity=[doc(allow("iam:*AccessKey*", f"arn:aws:iam::{A}:user/${{aws:username}}"),
                                          version="2008-10-17")],
                            action="iam:CreateAccessKey", resource=USER, caller=USER, context=un("Alice")),
                    "implicitDeny"))
    out.append(case("Version 2008-10-17: the literal text matches itself", VARS,
                    "As a literal string, the resource matches an ARN that literally contains ${aws:username}.",
                    request(identity=[doc(allow("s3:GetObject", "arn:aws:s3:::bucket/${aws:username}/*"),
                                          version="2008-10-17")],
                            action="s3:GetObject", resource="arn:aws:s3:::bucket/${aws:username}/notes.txt",
                            caller=USER, context=un("Alice")), "allowed", inferred=True))
    out.append(case("missing Version treats variables as literal text", VERSION,
                    "If you do not include a Version element, variables such as ${aws:username} are not recognized "
                    "and are treated as literal strings.",
                    request(identity=[doc(allow("iam:*AccessKey*", f"arn:aws:iam::{A}:user/${{aws:username}}"),
                                          version=None)],
                            action="iam:CreateAccessKey", resource=USER, caller=USER, context=un("Alice")),
                    "implicitDeny"))
    home = doc(allow("s3:ListBucket", "arn:aws:s3:::amzn-s3-demo-bucket",
                     cond={"StringLike": {"s3:prefix": ["${aws:username}/*"]}}))
    out.append(case("variable in a StringLike condition: own prefix", VARS,
                    "Doc example: list only objects under the user's own prefix.",
                    request(identity=[home], action="s3:ListBucket", resource="arn:aws:s3:::amzn-s3-demo-bucket",
                            caller=USER, context=un("Alice") + [s("s3:prefix", "Alice/reports")]), "allowed"))
    out.append(case("variable in a StringLike condition: another prefix", VARS,
                    "Bob's prefix does not match Alice/*.",
                    request(identity=[home], action="s3:ListBucket", resource="arn:aws:s3:::amzn-s3-demo-bucket",
                            caller=USER, context=un("Alice") + [s("s3:prefix", "Bob/reports")]), "implicitDeny"))
    out.append(case("variable key name is case insensitive", VARS,
                    "Key names are case-insensitive: ${AWS:UserName} is ${aws:username}.",
                    request(identity=[doc(allow("iam:GetUser", f"arn:aws:iam::{A}:user/${{AWS:UserName}}"))],
                            action="iam:GetUser", resource=USER, caller=USER, context=un("Alice")), "allowed"))
    tagres = doc(allow(GET, "*", cond={"StringEquals": {"aws:ResourceTag/project": "${aws:PrincipalTag/project}"}}))
    out.append(case("principal tag variable in a condition: equal tags", VARS,
                    "Tags as policy variables: the resource tag must equal the principal's tag.",
                    request(identity=[tagres], context=[s("aws:ResourceTag/project", "cart"),
                                                        s("aws:PrincipalTag/project", "cart")]), "allowed"))
    out.append(case("principal tag variable in a condition: different tags", VARS,
                    "The tags differ.",
                    request(identity=[tagres], context=[s("aws:ResourceTag/project", "payments"),
                                                        s("aws:PrincipalTag/project", "cart")]), "implicitDeny"))
    out.append(case("principal tag variable in a condition: principal untagged", VARS,
                    "The variable has no value, so the positive operator cannot match.",
                    request(identity=[tagres], context=[s("aws:ResourceTag/project", "cart")]), "implicitDeny"))
    dflt = doc(allow("s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/${aws:PrincipalTag/team, 'company-wide'}/*"))
    out.append(case("default value used when the tag is missing", VARS,
                    "Specifying default values: ${aws:PrincipalTag/team, 'company-wide'} becomes company-wide when "
                    "the principal has no team tag.",
                    request(identity=[dflt], action="s3:GetObject",
                            resource="arn:aws:s3:::amzn-s3-demo-bucket/company-wide/handbook.pdf"), "allowed"))
    out.append(case("default value not used when the tag exists", VARS,
                    "With a team tag the variable takes the tag's value.",
                    request(identity=[dflt], action="s3:GetObject",
                            resource="arn:aws:s3:::amzn-s3-demo-bucket/engineering/design.pdf",
                            context=[s("aws:PrincipalTag/team", "engineering")]), "allowed"))
    out.append(case("default value ignored when the tag exists", VARS,
                    "A principal tagged engineering does not get the company-wide folder through this statement.",
                    request(identity=[dflt], action="s3:GetObject",
                            resource="arn:aws:s3:::amzn-s3-demo-bucket/company-wide/handbook.pdf",
                            context=[s("aws:PrincipalTag/team", "engineering")]), "implicitDeny"))
    nodflt = doc(allow("s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/${aws:PrincipalTag/team}/*"))
    out.append(case("variable without default and no tag matches nothing", VARS,
                    "Without a default, a variable with no value cannot match a resource.",
                    request(identity=[nodflt], action="s3:GetObject",
                            resource="arn:aws:s3:::amzn-s3-demo-bucket/company-wide/handbook.pdf"), "implicitDeny"))
    star = doc(allow("s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/${*}"))
    out.append(case("${*} is a literal asterisk: matches the object named *", VARS,
                    "Special characters: ${*} represents the * character.",
                    request(identity=[star], action="s3:GetObject", resource="arn:aws:s3:::amzn-s3-demo-bucket/*"),
                    "allowed"))
    out.append(case("${*} is a literal asterisk: not a wildcard", VARS,
                    "${*} is not a wildcard, so it does not match other objects.",
                    request(identity=[star], action="s3:GetObject", resource="arn:aws:s3:::amzn-s3-demo-bucket/report"),
                    "implicitDeny"))
    q = doc(allow("s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/what${?}"))
    out.append(case("${?} is a literal question mark", VARS, "${?} represents the ? character.",
                    request(identity=[q], action="s3:GetObject", resource="arn:aws:s3:::amzn-s3-demo-bucket/what?"),
                    "allowed"))
    out.append(case("${?} is not a single-character wildcard", VARS, "${?} does not match any other character.",
                    request(identity=[q], action="s3:GetObject", resource="arn:aws:s3:::amzn-s3-demo-bucket/whatX"),
                    "implicitDeny"))
    dollar = doc(allow("s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/${$}{aws:username}"))
    out.append(case("${$} is a literal dollar sign", VARS,
                    "${$} represents the $ character, so ${$}{aws:username} is the literal text ${aws:username}.",
                    request(identity=[dollar], action="s3:GetObject", caller=USER, context=un("Alice"),
                            resource="arn:aws:s3:::amzn-s3-demo-bucket/${aws:username}"), "allowed"))
    out.append(case("${$} escape does not substitute the variable", VARS,
                    "The escaped text is not a variable, so the user's name is not substituted.",
                    request(identity=[dollar], action="s3:GetObject", caller=USER, context=un("Alice"),
                            resource="arn:aws:s3:::amzn-s3-demo-bucket/Alice"), "implicitDeny"))
    cstar = doc(allow(GET, SECRET, cond={"StringLike": {"aws:PrincipalTag/pattern": "${*}"}}))
    out.append(case("${*} in a StringLike condition matches only a literal asterisk", VARS,
                    "The special variables can be used in any string where regular policy variables can.",
                    request(identity=[cstar], context=[s("aws:PrincipalTag/pattern", "anything")]), "implicitDeny"))
    out.append(case("${*} in a StringLike condition: literal asterisk value", VARS,
                    "The tag value is the single character *.",
                    request(identity=[cstar], context=[s("aws:PrincipalTag/pattern", "*")]), "allowed"))
    team = doc(allow(GET, f"arn:aws:secretsmanager:{REGION}:{A}:secret:${{aws:PrincipalTag/team}}/*"))
    out.append(case("principal tag in a secret ARN", VARS,
                    "Variables may be used in the resource part of the ARN (after the fifth colon).",
                    request(identity=[team], resource=f"arn:aws:secretsmanager:{REGION}:{A}:secret:cart/db-AbCdEf",
                            context=[s("aws:PrincipalTag/team", "cart")]), "allowed"))
    out.append(case("principal tag in a secret ARN: other team's secret", VARS,
                    "The cart team cannot read payments secrets.",
                    request(identity=[team], resource=f"arn:aws:secretsmanager:{REGION}:{A}:secret:payments/db-AbCdEf",
                            context=[s("aws:PrincipalTag/team", "cart")]), "implicitDeny"))
    queue = doc(allow("sqs:*", f"arn:aws:sqs:us-east-2:*:${{aws:username}}-queue"))
    out.append(case("doc example: per-user SQS queue", VARS,
                    "Users can use only queues named after themselves.",
                    request(identity=[queue], action="sqs:SendMessage", resource=f"arn:aws:sqs:us-east-2:{A}:Alice-queue",
                            caller=USER, context=un("Alice")), "allowed"))
    out.append(case("doc example: per-user SQS queue, someone else's", VARS,
                    "Bob-queue is not Alice's.",
                    request(identity=[queue], action="sqs:SendMessage", resource=f"arn:aws:sqs:us-east-2:{A}:Bob-queue",
                            caller=USER, context=un("Alice")), "implicitDeny"))
    arnvar = doc(allow(GET, SECRET, cond={"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{A}:user/${{aws:username}}"}}))
    out.append(case("variable in an ARN condition", VARS,
                    "Policy variables can be used with the ARN operators.",
                    request(identity=[arnvar], caller=USER, context=un("Alice") + [s("aws:PrincipalArn", USER)]),
                    "allowed"))
    two = doc(allow("s3:GetObject", "arn:aws:s3:::amzn-s3-demo-bucket/${aws:PrincipalTag/team}/${aws:username}/*"))
    out.append(case("two variables in one resource", VARS,
                    "Each variable is replaced by its value.",
                    request(identity=[two], action="s3:GetObject", caller=USER,
                            resource="arn:aws:s3:::amzn-s3-demo-bucket/cart/Alice/notes.txt",
                            context=un("Alice") + [s("aws:PrincipalTag/team", "cart")]), "allowed"))
    return out


def secrets_manager():
    out = []
    exact6 = f"arn:aws:secretsmanager:{REGION}:{A}:secret:prod/cart-service/db-??????"
    lookalike = f"arn:aws:secretsmanager:{REGION}:{A}:secret:prod/cart-service/db-old-QwErTy"
    out.append(case("suffix wildcard -?????? matches the secret", SM_REF,
                    "Secret ARNs end in a hyphen and six random characters; -?????? matches exactly that suffix.",
                    request(identity=[doc(allow(GET, exact6))]), "allowed"))
    out.append(case("suffix wildcard -?????? does not match a longer name", SM_REF,
                    "A secret named prod/cart-service/db-old has ARN ...db-old-QwErTy; six ? cannot match it, "
                    "which is why the docs prefer ?????? to *.",
                    request(identity=[doc(allow(GET, exact6))], resource=lookalike), "implicitDeny"))
    out.append(case("suffix wildcard -* also matches a longer name", SM_REF,
                    "With -* the policy also grants secrets whose names merely start with the same text.",
                    request(identity=[doc(allow(GET, f"arn:aws:secretsmanager:{REGION}:{A}:secret:prod/cart-service/db-*"))],
                            resource=lookalike), "allowed"))
    out.append(case("ARN without the random suffix does not match", SM_REF,
                    "The resource in the policy must match the full secret ARN; the name alone is not a prefix.",
                    request(identity=[doc(allow(GET, f"arn:aws:secretsmanager:{REGION}:{A}:secret:prod/cart-service/db"))]),
                    "implicitDeny"))
    out.append(case("name-prefix wildcard covers a path of secrets", SM_EX,
                    "A wildcard after a name prefix matches all secrets under it.",
                    request(identity=[doc(allow(GET, f"arn:aws:secretsmanager:{REGION}:{A}:secret:prod/*"))]), "allowed"))
    abac = doc(allow(["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], "*", sid="AbacAccessProject",
                     cond={"StringEquals": {"aws:ResourceTag/AccessProject": "${aws:PrincipalTag/AccessProject}"}}))
    out.append(case("ABAC: tags match", SM_ABAC,
                    "Allow access when the secret's AccessProject tag equals the principal's AccessProject tag.",
                    request(identity=[abac], context=[s("aws:ResourceTag/AccessProject", "cart"),
                                                      s("aws:PrincipalTag/AccessProject", "cart")]), "allowed",
                    matched=[("PolicyInputList.1", "AbacAccessProject")]))
    out.append(case("ABAC: tags differ", SM_ABAC, "Different projects.",
                    request(identity=[abac], context=[s("aws:ResourceTag/AccessProject", "payments"),
                                                      s("aws:PrincipalTag/AccessProject", "cart")]), "implicitDeny"))
    out.append(case("ABAC: secret untagged", SM_ABAC, "A secret without the tag does not match.",
                    request(identity=[abac], context=[s("aws:PrincipalTag/AccessProject", "cart")]), "implicitDeny"))
    out.append(case("ABAC: principal untagged", SM_ABAC, "A principal without the tag does not match.",
                    request(identity=[abac], context=[s("aws:ResourceTag/AccessProject", "cart")]), "implicitDeny"))
    srv = doc(allow(GET, "*", cond={"StringEquals": {"secretsmanager:ResourceTag/ServerName": "ServerABC"}}))
    out.append(case("secretsmanager:ResourceTag condition: tag matches", SM_EX,
                    "Allow reading secrets tagged with the given ServerName.",
                    request(identity=[srv], context=[s("secretsmanager:ResourceTag/ServerName", "ServerABC")]), "allowed"))
    out.append(case("secretsmanager:ResourceTag condition: other server", SM_EX, "Tag value differs.",
                    request(identity=[srv], context=[s("secretsmanager:ResourceTag/ServerName", "ServerXYZ")]),
                    "implicitDeny"))
    stage = doc(allow(GET, SECRET, cond={"StringEquals": {"secretsmanager:VersionStage": "AWSCURRENT"}}))
    out.append(case("VersionStage condition without the parameter", SM_REF,
                    "Request-parameter keys exist only when the caller passes the parameter; StringEquals on a "
                    "missing key is false.",
                    request(identity=[stage]), "implicitDeny"))
    out.append(case("VersionStage condition with the parameter", SM_REF, "VersionStage AWSCURRENT matches.",
                    request(identity=[stage], context=[s("secretsmanager:VersionStage", "AWSCURRENT")]), "allowed"))
    stage_ie = doc(allow(GET, SECRET, cond={"StringEqualsIfExists": {"secretsmanager:VersionStage": "AWSCURRENT"}}))
    out.append(case("VersionStage IfExists without the parameter", SM_REF,
                    "The IfExists form allows calls that do not pass VersionStage.",
                    request(identity=[stage_ie]), "allowed"))
    out.append(case("VersionStage IfExists asking for AWSPREVIOUS", SM_REF, "A present value is compared normally.",
                    request(identity=[stage_ie], context=[s("secretsmanager:VersionStage", "AWSPREVIOUS")]),
                    "implicitDeny"))
    rp_role = doc(stmt("Allow", GET, "*", principal={"AWS": f"arn:aws:iam::{A}:role/EC2RoleToAccessSecrets"}))
    out.append(case("resource policy example: EC2 role reads the secret", SM_EX,
                    "Doc example: a secret policy granting GetSecretValue to the role EC2RoleToAccessSecrets.",
                    request(identity=[], caller=f"arn:aws:sts::{A}:assumed-role/EC2RoleToAccessSecrets/i-0123456789abcdef0",
                            resource_policy=rp_role), "allowed"))
    out.append(case("resource policy example: another role", SM_EX, "Only the named role is granted.",
                    request(identity=[], caller=OTHER_SESSION, resource_policy=rp_role), "implicitDeny"))
    vpce_rp = doc(allow("secretsmanager:*", "*", principal={"AWS": ROLE}),
                  stmt("Deny", "secretsmanager:*", "*", sid="RestrictToVpce", principal="*",
                       cond={"StringNotEquals": {"aws:sourceVpce": "vpce-1234a5678b9012c"}}))
    out.append(case("VPC endpoint restriction: through the endpoint", SM_RP,
                    "Deny unless the request comes through the named VPC endpoint; key names are case-insensitive "
                    "(aws:sourceVpce in the policy, aws:SourceVpce in the request).",
                    request(identity=[], resource_policy=vpce_rp, context=[s("aws:SourceVpce", "vpce-1234a5678b9012c")]),
                    "allowed"))
    out.append(case("VPC endpoint restriction: another endpoint", SM_RP, "Another endpoint is denied.",
                    request(identity=[], resource_policy=vpce_rp, context=[s("aws:SourceVpce", "vpce-9999")]),
                    "explicitDeny", matched=[("ResourcePolicy", "RestrictToVpce")]))
    out.append(case("VPC endpoint restriction: from the internet", SM_RP,
                    "Outside a VPC endpoint aws:SourceVpce is absent; StringNotEquals is then true and the deny "
                    "applies.",
                    request(identity=[doc(allow(GET, SECRET))], resource_policy=vpce_rp,
                            context=[ctx("aws:SourceIp", "ip", "198.51.100.7")]), "explicitDeny"))
    vpc_rp = doc(stmt("Deny", "secretsmanager:*", "*", principal="*",
                      cond={"StringNotEquals": {"aws:SourceVpc": "vpc-12345678"}}))
    out.append(case("VPC restriction: from the VPC", SM_RP, "aws:SourceVpc equals the allowed VPC.",
                    request(identity=[doc(allow(GET, SECRET))], resource_policy=vpc_rp,
                            context=[s("aws:SourceVpc", "vpc-12345678")]), "allowed"))
    out.append(case("VPC restriction: another VPC", SM_RP, "Another VPC is denied.",
                    request(identity=[doc(allow(GET, SECRET))], resource_policy=vpc_rp,
                            context=[s("aws:SourceVpc", "vpc-87654321")]), "explicitDeny"))
    name = doc(allow("secretsmanager:CreateSecret", "*", cond={"StringLike": {"secretsmanager:Name": "cart-service/*"}}))
    out.append(case("CreateSecret limited by secretsmanager:Name", SM_REF,
                    "secretsmanager:Name filters on the name in the CreateSecret request.",
                    request(identity=[name], action="secretsmanager:CreateSecret",
                            resource=f"arn:aws:secretsmanager:{REGION}:{A}:secret:cart-service/api-key-*",
                            context=[s("secretsmanager:Name", "cart-service/api-key")]), "allowed"))
    out.append(case("CreateSecret with another name", SM_REF, "The name is outside cart-service/.",
                    request(identity=[name], action="secretsmanager:CreateSecret",
                            resource=f"arn:aws:secretsmanager:{REGION}:{A}:secret:payments/api-key-*",
                            context=[s("secretsmanager:Name", "payments/api-key")]), "implicitDeny"))
    recov = doc(allow("secretsmanager:DeleteSecret", "*"),
                deny("secretsmanager:DeleteSecret", "*", cond={"Bool": {"secretsmanager:ForceDeleteWithoutRecovery": "true"}}),
                deny("secretsmanager:DeleteSecret", "*",
                     cond={"NumericLessThan": {"secretsmanager:RecoveryWindowInDays": "7"}}))
    out.append(case("DeleteSecret with force delete is denied", SM_REF,
                    "secretsmanager:ForceDeleteWithoutRecovery is a Bool key of DeleteSecret.",
                    request(identity=[recov], action="secretsmanager:DeleteSecret",
                            context=[ctx("secretsmanager:ForceDeleteWithoutRecovery", "boolean", "true")]),
                    "explicitDeny"))
    out.append(case("DeleteSecret with a short recovery window is denied", SM_REF,
                    "secretsmanager:RecoveryWindowInDays is numeric; 3 < 7.",
                    request(identity=[recov], action="secretsmanager:DeleteSecret",
                            context=[ctx("secretsmanager:RecoveryWindowInDays", "numeric", "3")]), "explicitDeny"))
    out.append(case("DeleteSecret with a 30-day window is allowed", SM_REF, "30 >= 7 and no force delete.",
                    request(identity=[recov], action="secretsmanager:DeleteSecret",
                            context=[ctx("secretsmanager:RecoveryWindowInDays", "numeric", "30"),
                                     ctx("secretsmanager:ForceDeleteWithoutRecovery", "boolean", "false")]), "allowed"))
    secid = doc(allow("secretsmanager:DescribeSecret", "*", cond={"ArnEquals": {"secretsmanager:SecretId": SECRET}}))
    out.append(case("secretsmanager:SecretId ARN condition", SM_REF, "secretsmanager:SecretId is ARN-typed.",
                    request(identity=[secid], action="secretsmanager:DescribeSecret", context=[s("secretsmanager:SecretId", SECRET)]),
                    "allowed"))
    out.append(case("GetRandomPassword needs Resource *", SM_REF,
                    "GetRandomPassword has no resource type; it is allowed with Resource *.",
                    request(identity=[doc(allow("secretsmanager:GetRandomPassword", "*"))],
                            action="secretsmanager:GetRandomPassword", resource="*"), "allowed"))

    # The canonical story: the cart-service EC2 instance role reads its database secret.
    cart_identity = doc(allow([GET, "secretsmanager:DescribeSecret"], exact6, sid="ReadCartDbSecret"))
    cart_rp = doc(stmt("Deny", "secretsmanager:*", "*", sid="OnlyCartService", principal="*",
                       cond={"ArnNotEquals": {"aws:PrincipalArn": [ROLE, f"arn:aws:iam::{A}:role/SecretsAdmin"]}}))
    story = lambda **kw: request(**kw)
    out.append(case("cart-service story: the instance role reads its secret", SM_EX,
                    "The role's identity policy allows GetSecretValue on prod/cart-service/db-??????, and the "
                    "secret policy's deny does not apply to the CartService role.",
                    story(identity=[cart_identity], resource_policy=cart_rp, context=[s("aws:PrincipalArn", ROLE)]),
                    "allowed", matched=[("PolicyInputList.1", "ReadCartDbSecret")]))
    out.append(case("cart-service story: the role cannot read the payments secret", SM_EX,
                    "The identity policy names only the cart-service secret.",
                    story(identity=[cart_identity], resource=OTHER_SECRET, context=[s("aws:PrincipalArn", ROLE)]),
                    "implicitDeny"))
    out.append(case("cart-service story: a developer with broad IAM access is denied by the secret policy", SM_RP,
                    "An explicit deny in the resource policy overrides the developer's secretsmanager:* allow.",
                    story(identity=[doc(allow("secretsmanager:*", "*"))], caller=USER, resource_policy=cart_rp,
                          context=[s("aws:PrincipalArn", USER)]),
                    "explicitDeny", matched=[("ResourcePolicy", "OnlyCartService")]))
    out.append(case("cart-service story: the role may not delete its secret", SM_EX,
                    "DeleteSecret is not in the identity policy.",
                    story(identity=[cart_identity], action="secretsmanager:DeleteSecret", resource_policy=cart_rp,
                          context=[s("aws:PrincipalArn", ROLE)]), "implicitDeny"))
    imds = doc(stmt("Deny", "*", "*", sid="RequireImdsV2", cond={"NumericLessThan": {"ec2:RoleDelivery": "2.0"}}))
    out.append(case("cart-service story: credentials from IMDSv1 are denied", EC2_EX,
                    "A policy denying ec2:RoleDelivery < 2.0 blocks role credentials delivered by IMDSv1.",
                    story(identity=[cart_identity, imds], context=[ctx("ec2:RoleDelivery", "numeric", "1.0")]),
                    "explicitDeny", matched=[("PolicyInputList.2", "RequireImdsV2")]))
    out.append(case("cart-service story: credentials from IMDSv2 are allowed", EC2_EX,
                    "ec2:RoleDelivery 2.0 is not less than 2.0.",
                    story(identity=[cart_identity, imds], context=[ctx("ec2:RoleDelivery", "numeric", "2.0")]),
                    "allowed"))
    out.append(case("cart-service story: another account's role cannot read without a grant", SM_CROSS,
                    "Cross-account access needs the secret's resource policy to allow the external principal.",
                    story(identity=[doc(allow(GET, "*"))], caller=B_SESSION, owner=ROOT_A, resource_policy=cart_rp,
                          context=[s("aws:PrincipalArn", B_ROLE)]), "explicitDeny"))
    return out


def simulate_api():
    out = []
    out.append(case("MissingContextValues lists a key the policy needs", API_EVAL,
                    "MissingContextValues: context keys required by the input policies but not provided; used when "
                    "the simulated resource is *.",
                    request(identity=[doc(allow("secretsmanager:ListSecrets", "*",
                                                cond={"StringEquals": {"aws:PrincipalTag/team": "cart"}}))],
                            action="secretsmanager:ListSecrets", no_resource=True),
                    "implicitDeny", missing=["aws:PrincipalTag/team"]))
    out.append(case("MissingContextValues is empty when the key is provided", API_EVAL,
                    "The key is supplied in ContextEntries, so nothing is missing.",
                    request(identity=[doc(allow("secretsmanager:ListSecrets", "*",
                                                cond={"StringEquals": {"aws:PrincipalTag/team": "cart"}}))],
                            action="secretsmanager:ListSecrets", no_resource=True,
                            context=[s("aws:PrincipalTag/team", "cart")]),
                    "allowed", missing=[]))
    out.append(case("no ResourceArns simulates Resource *", API_SIM,
                    "If you do not specify ResourceArns, the default is * (all resources).",
                    request(identity=[doc(allow("secretsmanager:ListSecrets", "*"))], action="secretsmanager:ListSecrets",
                            no_resource=True), "allowed"))
    out.append(case("explicit deny reports only the deny statement", API_EVAL,
                    "Even if multiple statements allow the operation, if one statement denies it, the deny "
                    "statement is the only entry included in MatchedStatements.",
                    request(identity=[doc(allow(GET, "*", sid="AllowA")), doc(deny(GET, "*", sid="DenyB"))]),
                    "explicitDeny", matched=[("PolicyInputList.2", "DenyB")]))
    out.append(case("implicit deny matches no statement", API_EVAL,
                    "No statement determines an implicit deny.",
                    request(identity=[doc(allow("s3:*", "*"))]), "implicitDeny", matched=[]))
    return out
