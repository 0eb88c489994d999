//! Prepared forms: what the evaluator needs from a statement, worked out once when the policy is parsed, so
//! that [`crate::decide`] does no lower-casing, no scanning for wildcards or variables and no allocation per
//! decision (all of which cost far more in wasm, with dlmalloc and no SIMD, than natively).
//!
//! A [`PreparedStatement`] sits next to the statement it was made from ([`crate::ast::Statement::prepared`]);
//! its lists run parallel to the statement's `Action`, `Resource` and `Condition` lists. The walk checks that
//! they still line up and, for a statement built by hand rather than parsed, prepares one on the fly, so the
//! prepared form is only ever an accelerator: every match it answers is the one [`crate::matching`] and
//! [`crate::condition`] give for the text as written (the unit tests below compare the two).
//!
//! The request side needs no preparing: prepared patterns are compared with the request's action as it was
//! given, eight bytes at a time, lower-casing the request's words as they are read ([`same_bytes_folded`]).

use crate::ast::{Condition, Statement};
use crate::matching::{find_either, glob_match, Wild};
use crate::variables::has_variables;

/// The prepared form of one statement. `Default` is the "not prepared" form. It compares equal to every other
/// prepared form: it is derived from the statement, so statements compare by what was written.
#[derive(Debug, Clone, Default)]
pub struct PreparedStatement {
    /// Set by [`PreparedStatement::of`]; a default (unprepared) statement is prepared on the fly by the walk.
    ready: bool,
    /// One per `Action`/`NotAction` pattern, in order.
    pub(crate) actions: Vec<ActionPattern>,
    /// One per `Resource`/`NotResource` pattern, in order.
    pub(crate) resources: Vec<ResourcePattern>,
    /// One per condition entry, in order.
    pub(crate) conditions: Vec<PreparedCondition>,
}

impl PartialEq for PreparedStatement {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl Eq for PreparedStatement {}

impl PreparedStatement {
    /// Prepares `statement` (its own `prepared` field is ignored).
    pub fn of(statement: &Statement) -> Self {
        Self {
            ready: true,
            actions: statement.action.as_ref().map_or_else(Vec::new, |clause| {
                clause
                    .value
                    .patterns
                    .iter()
                    .map(|pattern| ActionPattern::new(&pattern.value))
                    .collect()
            }),
            resources: statement.resource.as_ref().map_or_else(Vec::new, |clause| {
                clause
                    .value
                    .patterns
                    .iter()
                    .map(|pattern| ResourcePattern::new(&pattern.value))
                    .collect()
            }),
            conditions: statement.conditions.iter().map(PreparedCondition::new).collect(),
        }
    }

    /// Whether this was prepared from `statement` (as far as a cheap check can tell: it was prepared, and its
    /// lists are as long as the statement's).
    pub(crate) fn fits(&self, statement: &Statement) -> bool {
        self.ready
            && self.actions.len()
                == statement
                    .action
                    .as_ref()
                    .map_or(0, |clause| clause.value.patterns.len())
            && self.resources.len()
                == statement
                    .resource
                    .as_ref()
                    .map_or(0, |clause| clause.value.patterns.len())
            && self.conditions.len() == statement.conditions.len()
    }
}

/// An `Action`/`NotAction` pattern, lower-cased (actions compare case-insensitively) and split so that a
/// pattern for another service is rejected by comparing the service names only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ActionPattern {
    /// `*`: every action.
    Any,
    /// `service:name` with no wildcard in the service part: the lower-cased service (without the colon) and
    /// the name part.
    Service { service: Box<[u8]>, name: NamePattern },
    /// Anything else (a wildcard in the service part, or no colon): the lower-cased pattern, globbed against
    /// the whole lower-cased action.
    Glob(Box<[u8]>),
}

/// The part of an action pattern after the colon, lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NamePattern {
    /// `*`.
    Any,
    /// No wildcard: the name itself.
    Exact(Box<[u8]>),
    /// A literal followed by one `*` ending the pattern (`Describe*`): the literal.
    Prefix(Box<[u8]>),
    /// Wildcards elsewhere.
    Glob(Box<[u8]>),
}

impl ActionPattern {
    fn new(pattern: &str) -> Self {
        if pattern == "*" {
            return ActionPattern::Any;
        }
        let lowered = pattern.to_ascii_lowercase().into_bytes();
        let colon = lowered.iter().position(|&byte| byte == b':');
        let split = colon.and_then(|colon| Some((lowered.get(..colon)?, lowered.get(colon + 1..)?)));
        match split {
            Some((service, name)) if find_either(service, b'*', b'?') == service.len() => {
                ActionPattern::Service {
                    service: service.into(),
                    name: NamePattern::new(name),
                }
            }
            _ => ActionPattern::Glob(lowered.into_boxed_slice()),
        }
    }

    /// Whether the pattern matches `action` (the same answer as [`crate::matching::action_matches`] on the
    /// pattern as written).
    pub(crate) fn matches(&self, action: &str) -> bool {
        let action = action.as_bytes();
        match self {
            ActionPattern::Any => true,
            // The service has no colon, so when the action's bytes after it are a colon, that is the action's
            // first colon: the action's service is this one and the rest is its name.
            ActionPattern::Service { service, name } => {
                action.get(service.len()) == Some(&b':')
                    && action
                        .get(..service.len())
                        .is_some_and(|action_service| same_bytes_folded(service, action_service))
                    && action
                        .get(service.len() + 1..)
                        .is_some_and(|action_name| name.matches(action_name))
            }
            ActionPattern::Glob(pattern) => glob_match(&Wild(pattern), action, true),
        }
    }
}

impl NamePattern {
    fn new(name: &[u8]) -> Self {
        let wildcard = find_either(name, b'*', b'?');
        match name.split_last() {
            _ if wildcard == name.len() => NamePattern::Exact(name.into()),
            Some((b'*', [])) => NamePattern::Any,
            Some((b'*', literal)) if wildcard == literal.len() => NamePattern::Prefix(literal.into()),
            _ => NamePattern::Glob(name.into()),
        }
    }

    /// Whether the pattern matches `name`, the action's name as given (any case).
    fn matches(&self, name: &[u8]) -> bool {
        match self {
            NamePattern::Any => true,
            NamePattern::Exact(exact) => same_bytes_folded(exact, name),
            NamePattern::Prefix(prefix) => name
                .get(..prefix.len())
                .is_some_and(|head| same_bytes_folded(prefix, head)),
            NamePattern::Glob(pattern) => glob_match(&Wild(pattern), name, true),
        }
    }
}

/// A `Resource`/`NotResource` pattern, classified so that the common shapes need no wildcard scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ResourcePattern {
    pub(crate) shape: ResourceShape,
    /// The pattern contains `${`: under `Version: 2012-10-17` it goes through variable substitution first.
    pub(crate) variables: bool,
}

/// The shape of a resource pattern as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResourceShape {
    /// `*`: every resource.
    Any,
    /// No wildcard: the resource must be exactly the pattern.
    Literal,
    /// The first `len` bytes are literal and the pattern ends with its only wildcard, a `*`: the resource
    /// must start with them.
    Prefix(usize),
    /// Wildcards elsewhere: the segment-wise matcher.
    General,
}

impl ResourcePattern {
    fn new(pattern: &str) -> Self {
        let bytes = pattern.as_bytes();
        let wildcard = find_either(bytes, b'*', b'?');
        let shape = if pattern == "*" {
            ResourceShape::Any
        } else if wildcard == bytes.len() {
            ResourceShape::Literal
        } else if wildcard + 1 == bytes.len() && bytes.last() == Some(&b'*') {
            ResourceShape::Prefix(wildcard)
        } else {
            ResourceShape::General
        };
        Self {
            shape,
            variables: has_variables(pattern),
        }
    }
}

/// A condition entry's key lower-cased (context keys compare case-insensitively), and whether any of its
/// values may hold a variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PreparedCondition {
    pub(crate) key: Box<str>,
    pub(crate) variables: bool,
}

impl PreparedCondition {
    fn new(condition: &Condition) -> Self {
        Self {
            key: condition.key.value.to_ascii_lowercase().into_boxed_str(),
            variables: condition.values.iter().any(|value| has_variables(&value.value)),
        }
    }
}

/// `to_ascii_lowercase` of eight bytes at once: adds 0x20 to each byte in `A..=Z`.
fn lower_word(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // Each byte's low seven bits: adding to them never carries into the next byte.
    let low = word & !HIGHS;
    let at_least_a = low + ONES * u64::from(0x80 - b'A');
    let above_z = low + ONES * u64::from(0x7f - b'Z');
    let upper = at_least_a & !above_z & !word & HIGHS;
    word | (upper >> 2)
}

/// Byte equality, eight bytes at a time (`==` on slices is a byte loop in wasm): whole words from the start,
/// then the last eight bytes as one (overlapping) word.
pub(crate) fn same_bytes(left: &[u8], right: &[u8]) -> bool {
    let len = left.len();
    if len != right.len() {
        return false;
    }
    if len < 8 {
        return left.iter().zip(right).all(|(left, right)| left == right);
    }
    let mut at = 0;
    while at + 8 < len {
        if word_at(left, at) != word_at(right, at) {
            return false;
        }
        at += 8;
    }
    word_at(left, len - 8) == word_at(right, len - 8)
}

/// Whether `text` lower-cased (ASCII letters only, as IAM compares actions) is `lowered`; eight bytes at a time
/// like [`same_bytes`].
pub(crate) fn same_bytes_folded(lowered: &[u8], text: &[u8]) -> bool {
    let len = lowered.len();
    if len != text.len() {
        return false;
    }
    if len < 8 {
        return lowered
            .iter()
            .zip(text)
            .all(|(lowered, text)| *lowered == text.to_ascii_lowercase());
    }
    let mut at = 0;
    while at + 8 < len {
        if word_at(lowered, at) != lower_word(word_at(text, at)) {
            return false;
        }
        at += 8;
    }
    word_at(lowered, len - 8) == lower_word(word_at(text, len - 8))
}

/// The eight bytes from `at` as a word (0 past the end, which callers never ask for).
fn word_at(bytes: &[u8], at: usize) -> u64 {
    bytes
        .get(at..at + 8)
        .and_then(|word| <[u8; 8]>::try_from(word).ok())
        .map_or(0, u64::from_ne_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::{action_matches, resource_matches};

    #[test]
    fn lower_word_is_to_ascii_lowercase() {
        for base in (0u16..256).step_by(8) {
            let bytes: Vec<u8> = (base..base + 8).map(|byte| byte as u8).collect();
            let word = u64::from_ne_bytes(bytes.clone().try_into().unwrap());
            assert_eq!(
                lower_word(word).to_ne_bytes().to_vec(),
                bytes.to_ascii_lowercase()
            );
        }
    }

    #[test]
    fn same_bytes_folded_is_equality_ignoring_ascii_case() {
        let texts = [
            "",
            "a",
            "A",
            "getsecretvalue",
            "GetSecretValue",
            "GetSecretValuf",
            "getsecret",
            "GETSECRETVALUE",
            "GétSecretValue",
            "secretsmanager:DescribeSecret",
        ];
        for lowered in texts.map(str::to_ascii_lowercase) {
            for text in texts {
                assert_eq!(
                    same_bytes_folded(lowered.as_bytes(), text.as_bytes()),
                    lowered.eq_ignore_ascii_case(text),
                    "{lowered} {text}"
                );
            }
        }
    }

    #[test]
    fn same_bytes_is_equality() {
        let texts = [
            "",
            "a",
            "abcdefgh",
            "abcdefgi",
            "abcdefghijklmnopq",
            "abcdefghijklmnopr",
            "abcdefgh1",
        ];
        for left in texts {
            for right in texts {
                assert_eq!(
                    same_bytes(left.as_bytes(), right.as_bytes()),
                    left == right,
                    "{left} {right}"
                );
            }
        }
    }

    const ACTION_PATTERNS: &[&str] = &[
        "*",
        "**",
        "secretsmanager:GetSecretValue",
        "SecretsManager:getsecretvalue",
        "secretsmanager:*",
        "secretsmanager:Get*",
        "secretsmanager:*Secret*",
        "secretsmanager:Get?ecretValue",
        "secretsmanager:",
        "secrets*:GetSecretValue",
        "*:GetSecretValue",
        "?ecretsmanager:Get*",
        "s3:GetObject",
        "secretsmanager",
        "secretsmanager:Get*:*",
        "kms:Decrypt",
        "secretsmanager:Describe*",
    ];

    const ACTIONS: &[&str] = &[
        "secretsmanager:GetSecretValue",
        "SECRETSMANAGER:GETSECRETVALUE",
        "secretsmanager:DescribeSecret",
        "secretsmanager:",
        "secretsmanager",
        "secretsmanager:Get:More",
        "s3:GetObject",
        "kms:Decrypt",
        "",
        "*",
        "secretsmanager:GetSecretValueAndMoreAndMoreAndMoreAndMoreAndMoreAndMoreAndMoreAndMoreAndMoreAndMoreAndMoreAndMoreAndMoreAndMore",
        "secretsmanager:GétSecretValue",
    ];

    #[test]
    fn prepared_actions_answer_as_written_patterns_do() {
        for pattern in ACTION_PATTERNS {
            let prepared = ActionPattern::new(pattern);
            for action in ACTIONS {
                assert_eq!(
                    prepared.matches(action),
                    action_matches(pattern, action),
                    "{pattern} against {action} ({prepared:?})"
                );
            }
        }
        assert_eq!(
            ActionPattern::new("SecretsManager:Describe*"),
            ActionPattern::Service {
                service: b"secretsmanager".as_slice().into(),
                name: NamePattern::Prefix(b"describe".as_slice().into())
            }
        );
    }

    #[test]
    fn resource_shapes() {
        let shape = |pattern: &str| ResourcePattern::new(pattern).shape;
        assert_eq!(shape("*"), ResourceShape::Any);
        assert_eq!(shape("arn:aws:s3:::bucket"), ResourceShape::Literal);
        assert_eq!(shape("arn:aws:s3:::bucket/*"), ResourceShape::Prefix(20));
        assert_eq!(shape("arn:aws:s3:::bucket/*/x"), ResourceShape::General);
        assert_eq!(shape("arn:aws:s3:::bucket?*"), ResourceShape::General);
        assert_eq!(shape("**"), ResourceShape::General);
        assert!(ResourcePattern::new("arn:aws:s3:::${aws:username}").variables);
        // Every shape answers as the matcher on the text as written does.
        let resources = [
            "arn:aws:s3:::bucket",
            "arn:aws:s3:::bucket/",
            "arn:aws:s3:::bucket/a/x",
            "arn:aws:s3:::bucketx",
            "*",
        ];
        for pattern in [
            "*",
            "arn:aws:s3:::bucket",
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:::bucket*",
            "**",
        ] {
            let prepared = ResourcePattern::new(pattern);
            for resource in resources {
                let fast = match prepared.shape {
                    ResourceShape::Any => true,
                    ResourceShape::Literal => pattern == resource,
                    ResourceShape::Prefix(len) => resource.as_bytes().starts_with(&pattern.as_bytes()[..len]),
                    ResourceShape::General => resource_matches(pattern, resource),
                };
                assert_eq!(
                    fast,
                    resource_matches(pattern, resource),
                    "{pattern} against {resource}"
                );
            }
        }
    }
}
