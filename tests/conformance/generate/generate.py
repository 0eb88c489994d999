"""Writes tests/conformance/*.json from the topic scripts: `python3 tests/conformance/generate/generate.py`."""

import topics_cond
import topics_eval
import topics_match
import topics_misc
import topics_org
from common import write

TOPICS = [
    ("evaluation-logic", topics_eval.evaluation_logic),
    ("cross-account", topics_eval.cross_account),
    ("resource-policy-principals", topics_eval.resource_policy_principals),
    ("boundaries", topics_eval.boundaries),
    ("session-policies", topics_eval.session_policies),
    ("scp", topics_org.scp),
    ("rcp", topics_org.rcp),
    ("vpc-endpoint", topics_org.vpc_endpoint),
    ("action-matching", topics_match.action_matching),
    ("resource-matching", topics_match.resource_matching),
    ("notaction", topics_match.notaction),
    ("notresource", topics_match.notresource),
    ("notprincipal", topics_match.notprincipal),
    ("condition-string", topics_cond.condition_string),
    ("condition-numeric", topics_cond.condition_numeric),
    ("condition-date", topics_cond.condition_date),
    ("condition-bool", topics_cond.condition_bool),
    ("condition-binary", topics_cond.condition_binary),
    ("condition-ip", topics_cond.condition_ip),
    ("condition-arn", topics_cond.condition_arn),
    ("condition-null", topics_cond.condition_null),
    ("condition-ifexists", topics_cond.condition_ifexists),
    ("condition-multivalue", topics_misc.condition_multivalue),
    ("variables", topics_misc.variables),
    ("secrets-manager", topics_misc.secrets_manager),
    ("simulate-api", topics_misc.simulate_api),
]

if __name__ == "__main__":
    total = sum(write(name, build()) for name, build in TOPICS)
    print(f"total: {total} cases")
