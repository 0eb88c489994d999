//! Policy validation in the manner of IAM Access Analyzer's `ValidatePolicy`: findings of four types (error,
//! security warning, warning, suggestion) with Access Analyzer's issue codes, messages and learn-more links, each
//! located in the document by a path and a span.
//!
//! What is modelled, and from where:
//! - Issue codes, finding types and message texts come from the IAM User Guide's "IAM policy validation check
//!   reference" (`access-analyzer-reference-policy-checks`), cross-checked against real `ValidatePolicy` output
//!   published in public repositories (e.g. `INVALID_SERVICE_IN_ACTION`: "The service ssm-sap:GetOperation
//!   specified in the action does not exist.").
//! - Locations follow the `ValidatePolicy` API (`Location`, `PathElement`, `Span`, `Position`): a path of
//!   `{"value": key}` steps into object members, `{"index": n}` into arrays (a single string or a single statement
//!   object has no index step), `{"key": key}` for a finding on a key itself; spans cover the JSON token, quotes
//!   included, `end` exclusive; real output shows `line` 1-based and `column` and `offset` 0-based (a one-line
//!   document reports `column == offset`). [`findings_json`] converts from [`Position`](crate::ast::Position),
//!   whose column is 1-based.
//! - A few checks the playground teaches have no Access Analyzer counterpart (Access Analyzer reports public
//!   access through its analyzers, not through `ValidatePolicy`, and has no secret-specific checks). Their codes
//!   are listed in [`PLAYGROUND_ISSUE_CODES`]; their links point at the AWS page that explains the behaviour.
//!
//! The checks, by what they look at (codes in `validate/checks.rs`):
//! - the document: a parse failure becomes one `ERROR` with the matching code (`JSON_SYNTAX_ERROR`,
//!   `MISSING_EFFECT`, `UNSUPPORTED_PRINCIPAL`, `UNIQUE_SIDS_REQUIRED`, ...); `MISSING_VERSION`;
//!   `UNIQUE_SIDS_RECOMMENDED` and `EMPTY_SID_VALUE`; `REDUNDANT_STATEMENT` (identical, or covered by a statement
//!   with the same effect, principals, wider actions and resources and a subset of its conditions);
//! - actions: `INVALID_SERVICE_IN_ACTION`, `INVALID_ACTION` (with "Did you mean"), `WILDCARD_IN_SERVICE_NAME`,
//!   `REDUNDANT_ACTION`, `UNSUPPORTED_ACTION_IN_POLICY` (secret policies);
//! - resources: `INVALID_ARN_PREFIX`, `MISSING_ARN_FIELD`, `INVALID_SERVICE`, `INVALID_ARN_SERVICE_CASE`,
//!   `INVALID_ARN_ACCOUNT`, `MISSING_ARN_REGION`, `ARN_REGION_NOT_ALLOWED`, `INVALID_ARN_RESOURCE`,
//!   `REDUNDANT_RESOURCE`, `UNSUPPORTED_RESOURCE_ARN_IN_POLICY` (secret policies), and the playground's
//!   `RESOURCE_MISMATCH` (an action none of the resources fit, or a resource none of the actions take) and
//!   `SECRET_ARN_WITHOUT_SUFFIX` / `SECRET_ARN_BROAD_SUFFIX`;
//! - conditions: `INVALID_GLOBAL_CONDITION_KEY`, `UNSUPPORTED_GLOBAL_CONDITION_KEY`, `INVALID_SERVICE_CONDITION_KEY`,
//!   `MISSING_TAG_KEY_IN_CONDITION`, `DUPLICATE_KEYS_WITH_DIFFERENT_CASE`, `TYPE_MISMATCH` (operator family vs key
//!   type), `TYPE_MISMATCH_{DATE,NUMBER,BOOLEAN,IP_RANGE,STRING}` (values the operator cannot read, decided by the
//!   evaluator's own parsers), `INVALID_CONDITION_MULTIPLE_BOOLEAN`, `MISSING_QUALIFIER`,
//!   `FORALLVALUES_WITH_SINGLE_VALUED_KEY`, `NULL_WITH_QUALIFIER`, `WILDCARD_WITHOUT_LIKE_OPERATOR`,
//!   `EMPTY_ARRAY_CONDITION*`, `PRIVATE_IP_ADDRESS*`, `PRIVATE_NOT_IP_ADDRESS*`, `IMPROVE_IP_RANGE`,
//!   `MISSING_PAIRED_CONDITION_KEYS`, and the playground's `UNSUPPORTED_CONDITION_KEY_FOR_ACTION` and
//!   `FORANYVALUE_WITH_SINGLE_VALUED_KEY`;
//! - variables: `VARIABLE_UNSUPPORTED_IN_VERSION` (no `Version` or `2008-10-17`), `VARIABLE_UNSUPPORTED_IN_ELEMENT`,
//!   `INVALID_VARIABLE_FOR_OPERATOR`;
//! - broad access: `ALLOW_WITH_NOT_PRINCIPAL`, and the playground's `ALLOW_WITH_NOT_ACTION`,
//!   `ALLOW_WITH_NOT_RESOURCE`, `GET_SECRET_VALUE_WITH_STAR_IN_RESOURCE` (identity policies; in a secret's own policy
//!   `*` means that secret) and `ALLOW_WITH_PUBLIC_PRINCIPAL` (secret, key and trust policies). Permissions
//!   boundaries, session policies, SCPs and RCPs only cap or guard, so these do not apply to them.
//!
//! Checks are data-driven by [`crate::metadata`]; a service without full metadata there is only checked for
//! existence. While no catalogue is available (the web app before its fetch, see
//! [`crate::metadata::is_available`]) the checks that need one are skipped, never reported as unknown:
//! `INVALID_SERVICE_IN_ACTION`, `INVALID_ACTION`, `INVALID_SERVICE`, the ARN format checks, `RESOURCE_MISMATCH`,
//! `UNSUPPORTED_RESOURCE_ARN_IN_POLICY`, the condition key checks and those that need a key's type. Validation
//! never fails and never panics: a document that does not parse yields one `ERROR` finding at the parse error's
//! position.

mod checks;

use serde_json::{json, Map, Value};

use crate::ast::{Policy, Span};
use crate::json::{parse_json, JsonKind, JsonValue};
use crate::parse::{parse_policy, ParseError, ParseErrorKind, PolicyKind};

/// The impact of a finding, as `ValidatePolicyFinding.findingType` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FindingType {
    /// A part of the policy is not functional.
    Error,
    /// The policy allows access that is overly permissive.
    SecurityWarning,
    /// The policy does not conform to policy-writing best practices.
    Warning,
    /// A stylistic improvement that does not change access.
    Suggestion,
}

impl FindingType {
    /// `ERROR`, `SECURITY_WARNING`, `WARNING` or `SUGGESTION`.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingType::Error => "ERROR",
            FindingType::SecurityWarning => "SECURITY_WARNING",
            FindingType::Warning => "WARNING",
            FindingType::Suggestion => "SUGGESTION",
        }
    }

    /// The anchor fragment the policy check reference uses for this type (`error`, `general-warning`, ...).
    fn anchor(self) -> &'static str {
        match self {
            FindingType::Error => "error",
            FindingType::SecurityWarning => "security-warning",
            FindingType::Warning => "general-warning",
            FindingType::Suggestion => "suggestion",
        }
    }
}

/// One step of a location path (`ValidatePolicy`'s `PathElement` union).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathElement {
    /// An array element.
    Index(usize),
    /// An object key itself.
    Key(String),
    /// The value of an object member.
    Value(String),
    /// A part of a string value.
    Substring { start: usize, length: usize },
}

/// A place in the document: a path and a span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: Vec<PathElement>,
    pub span: Span,
}

/// One validation finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub finding_type: FindingType,
    /// Access Analyzer's issue code (`INVALID_ACTION`, ...) or one of [`PLAYGROUND_ISSUE_CODES`].
    pub issue_code: &'static str,
    /// What is wrong and how to fix it (`findingDetails`).
    pub message: String,
    pub learn_more_link: String,
    /// The main location.
    pub span: Span,
    pub path: Vec<PathElement>,
    /// Further related locations (the other statement of a redundant pair, ...).
    pub other_locations: Vec<Location>,
}

/// Issue codes this playground reports that Access Analyzer's `ValidatePolicy` does not have.
pub const PLAYGROUND_ISSUE_CODES: &[&str] = &[
    checks::RESOURCE_MISMATCH.code,
    checks::UNSUPPORTED_CONDITION_KEY_FOR_ACTION.code,
    checks::ALLOW_WITH_NOT_ACTION.code,
    checks::ALLOW_WITH_NOT_RESOURCE.code,
    checks::GET_SECRET_VALUE_WITH_STAR_IN_RESOURCE.code,
    checks::SECRET_ARN_WITHOUT_SUFFIX.code,
    checks::SECRET_ARN_BROAD_SUFFIX.code,
    checks::ALLOW_WITH_PUBLIC_PRINCIPAL.code,
    checks::FORANYVALUE_WITH_SINGLE_VALUED_KEY.code,
];

/// Why [`validate_policy_json`] could not run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidateError {
    /// `policyType` is not one of Access Analyzer's values. `Display` is the `ValidationException` text.
    #[error("1 validation error detected: Value '{value}' at 'policyType' failed to satisfy constraint: Member must satisfy enum value set: [IDENTITY_POLICY, RESOURCE_POLICY, SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY, TRUST_POLICY]")]
    InvalidPolicyType { value: String },
}

impl ValidateError {
    /// The AWS error code (`ValidationException`).
    pub fn code(&self) -> &'static str {
        match self {
            ValidateError::InvalidPolicyType { .. } => "ValidationException",
        }
    }
}

/// Validates `text` as a policy document of `kind`. Findings are ordered by position in the document.
pub fn validate_policy(text: &str, kind: PolicyKind) -> Vec<Finding> {
    let tree = parse_json(text).ok();
    let mut findings = match parse_policy(text, kind) {
        Ok(policy) => checks::check_policy(&policy, kind),
        Err(error) => vec![parse_error_finding(&error)],
    };
    for finding in &mut findings {
        if let Some(tree) = &tree {
            finding.path = path_to(tree, finding.span);
            for location in &mut finding.other_locations {
                location.path = path_to(tree, location.span);
            }
        }
    }
    findings.sort_by_key(|finding| (finding.span.start.offset, finding.span.end.offset));
    findings
}

/// Validates a parsed policy (paths are left empty: they need the source text; see [`validate_policy`]).
pub fn validate_parsed(policy: &Policy, kind: PolicyKind) -> Vec<Finding> {
    checks::check_policy(policy, kind)
}

/// The findings in `ValidatePolicy`'s response shape. Offsets are the byte offsets of [`Span`]; for documents with
/// characters outside ASCII, [`validate_policy_json`] reports character offsets as Access Analyzer does.
pub fn findings_json(findings: &[Finding]) -> Value {
    findings_json_with(findings, None)
}

/// Access Analyzer's `ValidatePolicy`: `policy_type` is its `policyType` (`IDENTITY_POLICY`, `RESOURCE_POLICY`,
/// `SERVICE_CONTROL_POLICY`, `RESOURCE_CONTROL_POLICY`, and here also `TRUST_POLICY`). A resource policy is
/// validated as a Secrets Manager secret policy.
pub fn validate_policy_json(document: &str, policy_type: &str) -> Result<Value, ValidateError> {
    let kind = PolicyKind::from_access_analyzer_type(policy_type).ok_or_else(|| {
        ValidateError::InvalidPolicyType {
            value: policy_type.to_owned(),
        }
    })?;
    Ok(findings_json_with(
        &validate_policy(document, kind),
        Some(document),
    ))
}

fn findings_json_with(findings: &[Finding], text: Option<&str>) -> Value {
    let findings: Vec<Value> = findings
        .iter()
        .map(|finding| {
            let mut locations = vec![location_json(&finding.path, finding.span, text)];
            locations.extend(
                finding
                    .other_locations
                    .iter()
                    .map(|location| location_json(&location.path, location.span, text)),
            );
            let mut object = Map::new();
            object.insert("findingDetails".into(), Value::String(finding.message.clone()));
            object.insert(
                "findingType".into(),
                Value::String(finding.finding_type.as_str().into()),
            );
            object.insert("issueCode".into(), Value::String(finding.issue_code.into()));
            object.insert(
                "learnMoreLink".into(),
                Value::String(finding.learn_more_link.clone()),
            );
            object.insert("locations".into(), Value::Array(locations));
            Value::Object(object)
        })
        .collect();
    json!({ "findings": findings })
}

fn location_json(path: &[PathElement], span: Span, text: Option<&str>) -> Value {
    let path: Vec<Value> = path
        .iter()
        .map(|element| match element {
            PathElement::Index(index) => json!({ "index": index }),
            PathElement::Key(key) => json!({ "key": key }),
            PathElement::Value(value) => json!({ "value": value }),
            PathElement::Substring { start, length } => {
                json!({ "substring": { "start": start, "length": length } })
            }
        })
        .collect();
    let position = |position: crate::ast::Position| {
        let offset = match text {
            Some(text) => text
                .get(..position.offset as usize)
                .map_or(position.offset as usize, |head| head.chars().count()),
            None => position.offset as usize,
        };
        json!({ "line": position.line, "column": position.column.saturating_sub(1), "offset": offset })
    };
    json!({ "path": path, "span": { "start": position(span.start), "end": position(span.end) } })
}

/// The `ValidatePolicy` path to the JSON element whose span is `span`: `{"value": k}` into members,
/// `{"index": i}` into arrays, `{"key": k}` when `span` is a member's key.
fn path_to(root: &JsonValue, span: Span) -> Vec<PathElement> {
    let mut path = Vec::new();
    let mut node = root;
    let contains = |outer: Span, inner: Span| {
        outer.start.offset <= inner.start.offset && inner.end.offset <= outer.end.offset
    };
    // Each step descends one level; the depth is bounded by the JSON parser's nesting limit.
    loop {
        if node.span == span {
            return path;
        }
        let next = match &node.kind {
            JsonKind::Object(members) => {
                let mut next = None;
                for member in members {
                    if member.key_span == span {
                        path.push(PathElement::Key(member.key.clone()));
                        return path;
                    }
                    if contains(member.value.span, span) {
                        path.push(PathElement::Value(member.key.clone()));
                        next = Some(&member.value);
                        break;
                    }
                }
                next
            }
            JsonKind::Array(items) => items
                .iter()
                .enumerate()
                .find(|(_, item)| contains(item.span, span))
                .map(|(index, item)| {
                    path.push(PathElement::Index(index));
                    item
                }),
            _ => None,
        };
        match next {
            Some(next) => node = next,
            None => return path,
        }
    }
}

/// The finding for a document that does not parse: one `ERROR` at the parse error's position.
fn parse_error_finding(error: &ParseError) -> Finding {
    use checks::*;
    let detail = error.kind.to_string();
    let (check, message) = match &error.kind {
        ParseErrorKind::Json(_) | ParseErrorKind::EmptyDocument | ParseErrorKind::InvalidCharacter { .. } => (
            JSON_SYNTAX_ERROR,
            format!(
                "Fix the JSON syntax error at index {} line {} column {}: {detail}.",
                error.span.start.offset,
                error.span.start.line,
                error.span.start.column.saturating_sub(1)
            ),
        ),
        ParseErrorKind::SizeLimitExceeded { .. } => match error.policy {
            PolicyKind::ServiceControl | PolicyKind::ResourceControl => (
                POLICY_SIZE_EXCEEDS_SCP_QUOTA,
                "The characters in the service control policy (SCP) exceed the character maximum for SCPs. We recommend that you use multiple granular policies.".to_owned(),
            ),
            _ => (
                POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA,
                format!("The characters in the policy exceed the character maximum for this policy type ({detail}). We recommend that you use multiple granular policies."),
            ),
        },
        ParseErrorKind::NotAnObject { .. } | ParseErrorKind::WrongType { .. } | ParseErrorKind::InvalidConditionValue { .. } => {
            (DATA_TYPE_MISMATCH, format!("The text does not match the expected JSON data type: {detail}."))
        }
        ParseErrorKind::UnknownElement { .. }
        | ParseErrorKind::UnknownStatementElement { .. }
        | ParseErrorKind::ResourceNotAllowed { .. } => (INVALID_POLICY_ELEMENT, format!("The policy element is not valid: {detail}.")),
        ParseErrorKind::MissingStatement => (MISSING_STATEMENT, "Add a statement to the policy".to_owned()),
        ParseErrorKind::InvalidVersion { .. } => {
            (INVALID_VERSION, "The version is not valid. Use one of the following versions: 2012-10-17, 2008-10-17".to_owned())
        }
        ParseErrorKind::VersionRequired { .. } => (MISSING_VERSION_REQUIRED, format!("Add the Version element to the policy: {detail}.")),
        ParseErrorKind::MissingEffect => (MISSING_EFFECT, "Add an Effect element to the policy statement with a value of Allow or Deny.".to_owned()),
        ParseErrorKind::InvalidEffect { .. } => (INVALID_EFFECT, "The effect is not valid. Use Allow or Deny.".to_owned()),
        ParseErrorKind::ConflictingElements { first, second } => (
            UNSUPPORTED_ELEMENT_COMBINATION,
            format!("The policy elements {first} and {second} can not be used in the same statement. Remove one of these elements."),
        ),
        ParseErrorKind::MissingAction => (MISSING_ACTION, "Add an Action or NotAction element to the policy statement.".to_owned()),
        ParseErrorKind::MissingResource => (MISSING_RESOURCE, "Add a Resource or NotResource element to the policy statement.".to_owned()),
        ParseErrorKind::MissingPrincipal { .. } => (MISSING_PRINCIPAL, "Add a Principal element to the policy statement.".to_owned()),
        ParseErrorKind::PrincipalNotAllowed { .. } => {
            (UNSUPPORTED_PRINCIPAL, "The policy type does not support the Principal element. Remove the Principal element.".to_owned())
        }
        ParseErrorKind::InvalidPrincipalKey { .. } => (INVALID_PRINCIPAL_KEY, format!("The principal key is not valid: {detail}.")),
        ParseErrorKind::InvalidPrincipal { reason, .. } if reason.contains("wildcard") => (
            UNSUPPORTED_WILDCARD_IN_PRINCIPAL,
            "Wildcards (*, ?) are not supported with the principal key. Replace the wildcard with a valid principal value.".to_owned(),
        ),
        ParseErrorKind::InvalidPrincipal { .. } => (
            INVALID_PRINCIPAL_FORMAT,
            format!("The Principal element contents are not valid ({detail}). Specify a key-value pair in the Principal element."),
        ),
        ParseErrorKind::InvalidServicePrincipal { .. } => (
            INVALID_SERVICE_PRINCIPAL_FORMAT,
            format!("The service principal does not match the expected format ({detail}). Use the format service-name.amazonaws.com."),
        ),
        ParseErrorKind::InvalidAction { pattern, .. } => (INVALID_ACTION, format!("The action {pattern} does not exist: {detail}.")),
        ParseErrorKind::InvalidResource { pattern } if pattern.starts_with("arn:") => (
            MISSING_ARN_FIELD,
            "Resource ARNs must include at least 6 fields in the following structure: arn:partition:service:region:account:resource".to_owned(),
        ),
        ParseErrorKind::InvalidResource { .. } => (INVALID_ARN_PREFIX, "Add the required prefix (arn) to the resource ARN.".to_owned()),
        ParseErrorKind::UnknownConditionOperator { .. } => {
            (INVALID_CONDITION_OPERATOR, format!("The condition operator is not valid: {detail}. Use a valid condition operator."))
        }
        ParseErrorKind::NullWithIfExists => (
            NULL_WITH_IF_EXISTS,
            "The Null condition operator cannot be used with the IfExists suffix. Update the operator or the suffix.".to_owned(),
        ),
        ParseErrorKind::InvalidConditionKey { .. } => {
            (INVALID_CONDITION_KEY_FORMAT, format!("The condition key format is not valid: {detail}. Use the format service:keyname."))
        }
        ParseErrorKind::InvalidSid { .. } => (
            UNSUPPORTED_SID,
            "Update the characters in the Sid element to use one of the following character types: [a-z, A-Z, 0-9]".to_owned(),
        ),
        ParseErrorKind::DuplicateSid { .. } => {
            (UNIQUE_SIDS_REQUIRED, "Duplicate statement IDs are not supported for this policy type. Update the Sid value.".to_owned())
        }
        #[allow(unreachable_patterns)]
        _ => (JSON_SYNTAX_ERROR, format!("Fix the policy: {detail}.")),
    };
    // Whatever the check's usual type, a document that cannot be read is not functional at all.
    Finding {
        finding_type: FindingType::Error,
        issue_code: check.code,
        message,
        learn_more_link: check.link(),
        span: error.span,
        path: Vec::new(),
        other_locations: Vec::new(),
    }
}

#[cfg(all(test, feature = "bundled-metadata"))]
mod tests {
    use super::*;

    fn codes(text: &str, kind: PolicyKind) -> Vec<&'static str> {
        let mut codes: Vec<&'static str> = validate_policy(text, kind)
            .iter()
            .map(|finding| finding.issue_code)
            .collect();
        codes.sort_unstable();
        codes
    }

    /// What the web app shows before its catalogue is fetched: no finding that only the catalogue could make,
    /// every other finding as usual.
    #[test]
    fn without_the_catalogue_only_the_checks_that_need_it_are_skipped() {
        let identity = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
            "Action": ["secretsmanager:GetSecretValu", "secretmanager:GetSecretValue", "secretsmanager:GetSecretValue"],
            "Resource": ["arn:aws:secretmanager:us-east-1:111122223333:secret:x", "arn:aws:secretsmanager:us-east-1:1234:secret:x-AbCdEf"],
            "Condition": {"StringEquals": {"aws:SourceIpp": "x", "secretsmanager:Nope": "y", "nosuchservice:Key": "z",
                "aws:ARN": "arn:aws:iam::111122223333:role/r", "aws:PrincipalTag/": "t"}}}]}"#;
        let with = codes(identity, PolicyKind::IdentityManaged);
        for expected in [
            "INVALID_ACTION",
            "INVALID_SERVICE_IN_ACTION",
            "INVALID_SERVICE",
            "INVALID_GLOBAL_CONDITION_KEY",
            "INVALID_SERVICE_CONDITION_KEY",
        ] {
            assert!(with.contains(&expected), "{expected} missing from {with:?}");
        }
        let without = crate::metadata::without_catalogue(|| codes(identity, PolicyKind::IdentityManaged));
        assert_eq!(
            without,
            vec![
                "INVALID_ARN_ACCOUNT",
                "MISSING_TAG_KEY_IN_CONDITION",
                "UNSUPPORTED_GLOBAL_CONDITION_KEY"
            ],
        );
        assert!(
            without.iter().all(|code| with.contains(code)),
            "{with:?} / {without:?}"
        );

        let secret = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
            "Action": ["kms:Decrypt", "secretsmanager:GetSecretValue"], "Resource": "arn:aws:kms:us-east-1:111122223333:key/k"}]}"#;
        let with = codes(secret, PolicyKind::SecretResource);
        assert!(with.contains(&"UNSUPPORTED_RESOURCE_ARN_IN_POLICY"), "{with:?}");
        let without = crate::metadata::without_catalogue(|| codes(secret, PolicyKind::SecretResource));
        assert!(
            !without.contains(&"UNSUPPORTED_RESOURCE_ARN_IN_POLICY"),
            "{without:?}"
        );
        assert!(without.contains(&"UNSUPPORTED_ACTION_IN_POLICY"), "{without:?}");
    }
}
