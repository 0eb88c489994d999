//! The built-in scenarios, by name: the canonical story (an application on EC2 reads
//! `prod/cart-service/credentials` through its instance role), its broken variants, and the other stories.
//! Each has a description and a short demonstration script (one terminal command per line, `#` comments,
//! directives `as ARN`, `on INSTANCE`, `advance DURATION`).
//!
//! They are scenario files (`crates/account/scenarios/NAME.json`), read like any file a person imports. The
//! broken variants are the canonical file with one change each (its description says which). Kept as text
//! rather than built in code: the text compresses to a quarter of the code that built it (the web app's
//! first load has a budget).

use crate::scenario::Scenario;
use crate::state::Account;

/// Every built-in scenario: its name and its file, in menu order.
const BUILTINS: [(&str, &str); 16] = [
    ("canonical", include_str!("../scenarios/canonical.json")),
    ("no-trust", include_str!("../scenarios/no-trust.json")),
    (
        "no-instance-profile",
        include_str!("../scenarios/no-instance-profile.json"),
    ),
    (
        "missing-suffix-wildcard",
        include_str!("../scenarios/missing-suffix-wildcard.json"),
    ),
    ("kms-key-policy", include_str!("../scenarios/kms-key-policy.json")),
    ("explicit-deny", include_str!("../scenarios/explicit-deny.json")),
    (
        "vpc-endpoint-only",
        include_str!("../scenarios/vpc-endpoint-only.json"),
    ),
    (
        "imdsv2-required",
        include_str!("../scenarios/imdsv2-required.json"),
    ),
    ("cross-account", include_str!("../scenarios/cross-account.json")),
    ("abac-tags", include_str!("../scenarios/abac-tags.json")),
    ("rotation", include_str!("../scenarios/rotation.json")),
    ("scp-guardrail", include_str!("../scenarios/scp-guardrail.json")),
    (
        "permissions-boundary",
        include_str!("../scenarios/permissions-boundary.json"),
    ),
    ("large", include_str!("../scenarios/large.json")),
    ("empty", include_str!("../scenarios/empty.json")),
    (
        "other-account-empty",
        include_str!("../scenarios/other-account-empty.json"),
    ),
];

/// Every built-in scenario name, in menu order.
// Evaluated at compile time: an index out of bounds would fail the build, never a run.
#[allow(clippy::indexing_slicing)]
pub const BUILTIN_NAMES: [&str; 16] = {
    let mut names = [""; 16];
    let mut index = 0;
    while index < BUILTINS.len() {
        names[index] = BUILTINS[index].0;
        index += 1;
    }
    names
};

/// The file of a built-in scenario, by name.
pub fn builtin_text(name: &str) -> Option<&'static str> {
    BUILTINS
        .iter()
        .find(|(builtin, _)| *builtin == name)
        .map(|(_, text)| *text)
}

/// A built-in scenario by name.
pub fn builtin(name: &str) -> Option<Scenario> {
    builtin_text(name).and_then(|text| Scenario::from_json(text).ok())
}

impl Account {
    /// A world built from a built-in scenario.
    pub fn builtin(name: &str) -> Option<Self> {
        builtin(name).and_then(|scenario| Account::from_scenario(&scenario).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_file_reads_and_is_named_as_listed() {
        for name in BUILTIN_NAMES {
            let text = builtin_text(name).unwrap_or_default();
            let scenario = Scenario::from_json(text).unwrap_or_else(|error| panic!("{name}: {error}"));
            assert_eq!(scenario.name, name);
            assert!(
                Account::from_scenario(&scenario).is_ok(),
                "{name} does not build a world"
            );
        }
        assert!(builtin("no-such-scenario").is_none());
    }
}
