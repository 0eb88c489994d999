"""Helpers shared by the topic scripts that write tests/conformance/*.json.

The JSON files are the corpus; these scripts only save typing. Every expected result was written by hand from the
documentation page named in the case's `doc` link, never by running the evaluator.
"""

import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)

# Accounts used throughout: A owns the secret (and is the caller's account unless a case says otherwise); B is another
# account.
A = "111122223333"
B = "444455556666"
REGION = "us-east-1"

SECRET = f"arn:aws:secretsmanager:{REGION}:{A}:secret:prod/cart-service/db-AbCdEf"
OTHER_SECRET = f"arn:aws:secretsmanager:{REGION}:{A}:secret:prod/payments/db-XyZ123"
ROLE = f"arn:aws:iam::{A}:role/CartService"
SESSION = f"arn:aws:sts::{A}:assumed-role/CartService/i-0abc123def4567890"
OTHER_ROLE = f"arn:aws:iam::{A}:role/Reporting"
OTHER_SESSION = f"arn:aws:sts::{A}:assumed-role/Reporting/nightly"
USER = f"arn:aws:iam::{A}:user/Alice"
OTHER_USER = f"arn:aws:iam::{A}:user/Bob"
ROOT_A = f"arn:aws:iam::{A}:root"
ROOT_B = f"arn:aws:iam::{B}:root"
B_ROLE = f"arn:aws:iam::{B}:role/Auditor"
B_SESSION = f"arn:aws:sts::{B}:assumed-role/Auditor/audit-app"
B_USER = f"arn:aws:iam::{B}:user/Bob"
GET = "secretsmanager:GetSecretValue"

IAM = "https://docs.aws.amazon.com/IAM/latest/UserGuide/"
EVAL = IAM + "reference_policies_evaluation-logic_policy-eval-denyallow.html"
BASICS = IAM + "reference_policies_evaluation-logic_policy-eval-basics.html"
INTERPLAY = IAM + "reference_policies_evaluation-logic_AccessPolicyLanguage_Interplay.html"
CROSS = IAM + "reference_policies_evaluation-logic-cross-account.html"
PRINCIPAL = IAM + "reference_policies_elements_principal.html"
NOTPRINCIPAL = IAM + "reference_policies_elements_notprincipal.html"
ACTION = IAM + "reference_policies_elements_action.html"
NOTACTION = IAM + "reference_policies_elements_notaction.html"
RESOURCE = IAM + "reference_policies_elements_resource.html"
NOTRESOURCE = IAM + "reference_policies_elements_notresource.html"
STATEMENT = IAM + "reference_policies_elements_statement.html"
EFFECT = IAM + "reference_policies_elements_effect.html"
CONDITION = IAM + "reference_policies_elements_condition.html"
OPS = IAM + "reference_policies_elements_condition_operators.html"
OPS_STRING = OPS + "#Conditions_String"
OPS_NUMERIC = OPS + "#Conditions_Numeric"
OPS_DATE = OPS + "#Conditions_Date"
OPS_BOOL = OPS + "#Conditions_Boolean"
OPS_BINARY = OPS + "#Conditions_BinaryEquals"
OPS_IP = OPS + "#Conditions_IPAddress"
OPS_ARN = OPS + "#Conditions_ARN"
OPS_IFEXISTS = OPS + "#Conditions_IfExists"
OPS_NULL = OPS + "#Conditions_Null"
MULTI_LOGIC = IAM + "reference_policies_condition-logic-multiple-context-keys-or-values.html"
MV = IAM + "reference_policies_condition-single-vs-multi-valued-context-keys.html"
MVEX = IAM + "reference_policies_condition_examples-multi-valued-context-keys.html"
VARS = IAM + "reference_policies_variables.html"
VERSION = IAM + "reference_policies_elements_version.html"
KEYS = IAM + "reference_policies_condition-keys.html"
BOUND = IAM + "access_policies_boundaries.html"
POLICIES = IAM + "access_policies.html"
SESSION_DOC = IAM + "access_policies.html#policies_session"
SCP = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html"
SCP_EX = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html"
SCP_STRATEGY = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_strategies.html"
RCP = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html"
RCP_ABOUT = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html"
RCP_EX = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_examples.html"
VPCE = "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html"
SM = "https://docs.aws.amazon.com/secretsmanager/latest/userguide/"
SM_VPCE = SM + "vpc-endpoint-overview.html"
SM_EX = SM + "auth-and-access_examples.html"
SM_RP = SM + "auth-and-access_resource-policies.html"
SM_IAM = SM + "auth-and-access_iam-policies.html"
SM_CROSS = SM + "auth-and-access_examples_cross.html"
SM_ABAC = SM + "auth-and-access-abac.html"
SM_REF = SM + "reference_iam-permissions.html"
API_SIM = "https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html"
API_EVAL = "https://docs.aws.amazon.com/IAM/latest/APIReference/API_EvaluationResult.html"
EC2_EX = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ExamplePolicies_EC2.html"

FULL_ACCESS = {"Effect": "Allow", "Action": "*", "Resource": "*"}


def stmt(effect, action=None, resource=None, sid=None, cond=None, principal=None, notprincipal=None,
         notaction=None, notresource=None):
    """A statement with its elements in the usual order. Pass `resource=False` to leave Resource out."""
    s = {}
    if sid is not None:
        s["Sid"] = sid
    s["Effect"] = effect
    if principal is not None:
        s["Principal"] = principal
    if notprincipal is not None:
        s["NotPrincipal"] = notprincipal
    if action is not None:
        s["Action"] = action
    if notaction is not None:
        s["NotAction"] = notaction
    if resource is not None and resource is not False:
        s["Resource"] = resource
    if notresource is not None:
        s["NotResource"] = notresource
    if cond is not None:
        s["Condition"] = cond
    return s


def allow(action, resource="*", **kw):
    return stmt("Allow", action, resource, **kw)


def deny(action, resource="*", **kw):
    return stmt("Deny", action, resource, **kw)


def doc(*statements, version="2012-10-17", single=False, policy_id=None):
    """A policy document as the string SimulateCustomPolicy takes. `single=True` writes Statement as an object."""
    d = {}
    if version is not None:
        d["Version"] = version
    if policy_id is not None:
        d["Id"] = policy_id
    d["Statement"] = statements[0] if single else list(statements)
    return json.dumps(d, separators=(", ", ": "))


def ctx(key, key_type, *values):
    return {"ContextKeyName": key, "ContextKeyValues": list(values), "ContextKeyType": key_type}


def s(key, *values):
    return ctx(key, "string", *values)


def request(identity=(), action=GET, resource=SECRET, caller=SESSION, resource_policy=None, owner=None,
            context=(), boundary=None, scp=None, rcp=None, session_policy=None, vpce=None, no_resource=False):
    r = {"PolicyInputList": list(identity)}
    if boundary is not None:
        r["PermissionsBoundaryPolicyInputList"] = list(boundary)
    r["ActionNames"] = [action]
    if not no_resource:
        r["ResourceArns"] = [resource]
    if resource_policy is not None:
        r["ResourcePolicy"] = resource_policy
    if owner is not None:
        r["ResourceOwner"] = owner
    if caller is not None:
        r["CallerArn"] = caller
    if context:
        r["ContextEntries"] = list(context)
    if scp is not None:
        r["ServiceControlPolicyInputList"] = scp
    if rcp is not None:
        r["ResourceControlPolicyInputList"] = rcp
    if session_policy is not None:
        r["SessionPolicyInput"] = session_policy
    if vpce is not None:
        r["VpcEndpointPolicyInput"] = vpce
    return r


def case(name, doc_link, note, req, decision, matched=None, missing=None, inferred=False):
    assert decision in ("allowed", "explicitDeny", "implicitDeny"), decision
    expect = {"EvalDecision": decision}
    if matched is not None:
        items = []
        for m in matched:
            if isinstance(m, tuple):
                items.append({"SourcePolicyId": m[0], "Sid": m[1]})
            else:
                items.append({"SourcePolicyId": m})
        expect["MatchedStatements"] = items
    if missing is not None:
        expect["MissingContextValues"] = list(missing)
    c = {"name": name, "doc": doc_link, "note": note}
    if inferred:
        c["confidence"] = "inferred"
    c["request"] = req
    c["expect"] = expect
    return c


def write(topic, cases):
    names = [c["name"] for c in cases]
    dupes = {n for n in names if names.count(n) > 1}
    assert not dupes, f"{topic}: duplicate names {dupes}"
    for c in cases:
        assert c["doc"].startswith("https://docs.aws.amazon.com/"), c["name"]
    path = os.path.join(OUT, f"{topic}.json")
    with open(path, "w") as f:
        json.dump({"cases": cases}, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(f"{topic}.json: {len(cases)} cases")
    return len(cases)
