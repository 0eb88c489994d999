"""Writes tests/conformance/*.json from the topic scripts: `python3 tests/conformance/generate/generate.py`."""

import topics_cond
import topics_eval
import topics_match
import topics_misc
import topics_more
import topics_org
from common import write

TOPICS = [
    ("evaluation-logic", lambda: topics_eval.evaluation_logic() + topics_more.evaluation_logic()),
    ("cross-account", lambda: topics_eval.cross_account() + topics_more.cross_account()),
    ("resource-policy-principals", lambda: topics_eval.resource_policy_principals() + topics_more.resource_policy_principals()),
    ("boundaries", topics_eval.boundaries),
    ("session-policies", topics_eval.session_policies),
    ("scp", topics_org.scp),
    ("rcp", topics_org.rcp),
    ("vpc-endpoint", topics_org.vpc_endpoint),
    ("action-matching", topics_match.action_matching),
    ("resource-matching", lambda: topics_match.resource_matching() + topics_more.resource_matching() + topics_more.resource_matching_more()),
    ("notaction", topics_match.notaction),
    ("notresource", topics_match.notresource),
    ("notprincipal", topics_match.notprincipal),
    ("condition-string", lambda: topics_cond.condition_string() + topics_more.condition_string()),
    ("condition-numeric", lambda: topics_cond.condition_numeric() + topics_more.condition_numeric()),
    ("condition-date", lambda: topics_cond.condition_date() + topics_more.condition_date() + topics_more.condition_date_more()),
    ("condition-bool", topics_cond.condition_bool),
    ("condition-binary", topics_cond.condition_binary),
    ("condition-ip", lambda: topics_cond.condition_ip() + topics_more.condition_ip_more()),
    ("condition-arn", lambda: topics_cond.condition_arn() + topics_more.condition_arn_more()),
    ("condition-null", topics_cond.condition_null),
    ("condition-ifexists", topics_cond.condition_ifexists),
    ("condition-multivalue", lambda: topics_misc.condition_multivalue() + topics_more.condition_multivalue() + topics_more.condition_multivalue_more()),
    ("variables", lambda: topics_misc.variables() + topics_more.variables()),
    ("secrets-manager", lambda: topics_misc.secrets_manager() + topics_more.secrets_manager()),
    ("simulate-api", lambda: topics_misc.simulate_api() + topics_more.simulate_api()),
    ("grammar", topics_more.grammar),
]

if __name__ == "__main__":
    total = sum(write(name, build()) for name, build in TOPICS)
    print(f"total: {total} cases")
