//! The individual validation checks over a parsed policy, and the table of issue codes they report.

use std::collections::HashMap;
use std::net::IpAddr;

use crate::ast::{
    ActionClause, Condition, Effect, OperatorBase, Policy, PrincipalClause, PrincipalKey, PrincipalSet,
    ResourceClause, SetQualifier, Span, Spanned, Statement,
};
use crate::condition::{
    allows_variables, decode_base64, operator_name, parse_bool, parse_cidr, parse_date, Decimal,
};
use crate::matching::{action_matches, resource_matches};
use crate::metadata::{self, Action, KeyType};
use crate::parse::PolicyKind;
use crate::variables::has_variables;

use super::{Finding, FindingType, Location};

/// One kind of finding: its issue code, type and where to learn more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Check {
    pub code: &'static str,
    pub finding_type: FindingType,
    /// `None`: the policy check reference's anchor for this code; `Some`: another AWS page (playground checks).
    pub page: Option<&'static str>,
}

const REFERENCE: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html";

impl Check {
    /// The learn-more link: `...access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-<type>-<code>`
    /// (the anchor scheme seen in real `ValidatePolicy` output), or the page a playground check explains itself with.
    pub fn link(self) -> String {
        match self.page {
            Some(page) => page.to_owned(),
            None => format!(
                "{REFERENCE}#access-analyzer-reference-policy-checks-{}-{}",
                self.finding_type.anchor(),
                self.code.to_ascii_lowercase().replace('_', "-")
            ),
        }
    }
}

const fn aa(code: &'static str, finding_type: FindingType) -> Check {
    Check {
        code,
        finding_type,
        page: None,
    }
}

const fn playground(code: &'static str, finding_type: FindingType, page: &'static str) -> Check {
    Check {
        code,
        finding_type,
        page: Some(page),
    }
}

use FindingType::{Error, SecurityWarning, Suggestion, Warning};

// ---- Access Analyzer checks (IAM User Guide, policy validation check reference) ----
pub(super) const JSON_SYNTAX_ERROR: Check = aa("JSON_SYNTAX_ERROR", Error);
pub(super) const DATA_TYPE_MISMATCH: Check = aa("DATA_TYPE_MISMATCH", Error);
pub(super) const INVALID_POLICY_ELEMENT: Check = aa("INVALID_POLICY_ELEMENT", Error);
pub(super) const MISSING_STATEMENT: Check = aa("MISSING_STATEMENT", Error);
pub(super) const INVALID_VERSION: Check = aa("INVALID_VERSION", Error);
/// The kinds that must have `Version` (the parser rejects them without it); same code as the general warning.
pub(super) const MISSING_VERSION_REQUIRED: Check = aa("MISSING_VERSION", Error);
pub(super) const MISSING_VERSION: Check = aa("MISSING_VERSION", Warning);
pub(super) const MISSING_EFFECT: Check = aa("MISSING_EFFECT", Error);
pub(super) const INVALID_EFFECT: Check = aa("INVALID_EFFECT", Error);
pub(super) const UNSUPPORTED_ELEMENT_COMBINATION: Check = aa("UNSUPPORTED_ELEMENT_COMBINATION", Error);
pub(super) const MISSING_ACTION: Check = aa("MISSING_ACTION", Error);
pub(super) const MISSING_RESOURCE: Check = aa("MISSING_RESOURCE", Error);
pub(super) const MISSING_PRINCIPAL: Check = aa("MISSING_PRINCIPAL", Error);
pub(super) const UNSUPPORTED_PRINCIPAL: Check = aa("UNSUPPORTED_PRINCIPAL", Error);
pub(super) const INVALID_PRINCIPAL_KEY: Check = aa("INVALID_PRINCIPAL_KEY", Error);
pub(super) const INVALID_PRINCIPAL_FORMAT: Check = aa("INVALID_PRINCIPAL_FORMAT", Error);
pub(super) const UNSUPPORTED_WILDCARD_IN_PRINCIPAL: Check = aa("UNSUPPORTED_WILDCARD_IN_PRINCIPAL", Error);
pub(super) const INVALID_SERVICE_PRINCIPAL_FORMAT: Check = aa("INVALID_SERVICE_PRINCIPAL_FORMAT", Error);
pub(super) const INVALID_ACTION: Check = aa("INVALID_ACTION", Error);
pub(super) const INVALID_SERVICE_IN_ACTION: Check = aa("INVALID_SERVICE_IN_ACTION", Error);
pub(super) const INVALID_SERVICE: Check = aa("INVALID_SERVICE", Error);
pub(super) const MISSING_ARN_FIELD: Check = aa("MISSING_ARN_FIELD", Error);
pub(super) const INVALID_ARN_PREFIX: Check = aa("INVALID_ARN_PREFIX", Error);
pub(super) const INVALID_ARN_SERVICE_CASE: Check = aa("INVALID_ARN_SERVICE_CASE", Error);
pub(super) const INVALID_ARN_ACCOUNT: Check = aa("INVALID_ARN_ACCOUNT", Error);
pub(super) const INVALID_ARN_RESOURCE: Check = aa("INVALID_ARN_RESOURCE", Error);
pub(super) const MISSING_ARN_REGION: Check = aa("MISSING_ARN_REGION", Error);
pub(super) const ARN_REGION_NOT_ALLOWED: Check = aa("ARN_REGION_NOT_ALLOWED", Error);
pub(super) const INVALID_CONDITION_OPERATOR: Check = aa("INVALID_CONDITION_OPERATOR", Error);
pub(super) const NULL_WITH_IF_EXISTS: Check = aa("NULL_WITH_IF_EXISTS", Error);
pub(super) const INVALID_CONDITION_KEY_FORMAT: Check = aa("INVALID_CONDITION_KEY_FORMAT", Error);
pub(super) const INVALID_GLOBAL_CONDITION_KEY: Check = aa("INVALID_GLOBAL_CONDITION_KEY", Error);
pub(super) const INVALID_SERVICE_CONDITION_KEY: Check = aa("INVALID_SERVICE_CONDITION_KEY", Error);
pub(super) const UNSUPPORTED_GLOBAL_CONDITION_KEY: Check = aa("UNSUPPORTED_GLOBAL_CONDITION_KEY", Error);
pub(super) const MISSING_TAG_KEY_IN_CONDITION: Check = aa("MISSING_TAG_KEY_IN_CONDITION", Error);
pub(super) const DUPLICATE_KEYS_WITH_DIFFERENT_CASE: Check = aa("DUPLICATE_KEYS_WITH_DIFFERENT_CASE", Error);
pub(super) const MISSING_QUALIFIER: Check = aa("MISSING_QUALIFIER", Error);
pub(super) const INVALID_CONDITION_MULTIPLE_BOOLEAN: Check = aa("INVALID_CONDITION_MULTIPLE_BOOLEAN", Error);
pub(super) const INVALID_VARIABLE_FOR_OPERATOR: Check = aa("INVALID_VARIABLE_FOR_OPERATOR", Error);
pub(super) const VARIABLE_UNSUPPORTED_IN_ELEMENT: Check = aa("VARIABLE_UNSUPPORTED_IN_ELEMENT", Error);
pub(super) const VARIABLE_UNSUPPORTED_IN_VERSION: Check = aa("VARIABLE_UNSUPPORTED_IN_VERSION", Error);
pub(super) const UNSUPPORTED_ACTION_IN_POLICY: Check = aa("UNSUPPORTED_ACTION_IN_POLICY", Error);
pub(super) const UNSUPPORTED_RESOURCE_ARN_IN_POLICY: Check = aa("UNSUPPORTED_RESOURCE_ARN_IN_POLICY", Error);
pub(super) const UNSUPPORTED_SID: Check = aa("UNSUPPORTED_SID", Error);
pub(super) const UNIQUE_SIDS_REQUIRED: Check = aa("UNIQUE_SIDS_REQUIRED", Error);
pub(super) const POLICY_SIZE_EXCEEDS_SCP_QUOTA: Check = aa("POLICY_SIZE_EXCEEDS_SCP_QUOTA", Error);
pub(super) const POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA: Check =
    aa("POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", Warning);
pub(super) const UNIQUE_SIDS_RECOMMENDED: Check = aa("UNIQUE_SIDS_RECOMMENDED", Warning);
pub(super) const TYPE_MISMATCH: Check = aa("TYPE_MISMATCH", Warning);
pub(super) const TYPE_MISMATCH_BOOLEAN: Check = aa("TYPE_MISMATCH_BOOLEAN", Warning);
pub(super) const TYPE_MISMATCH_DATE: Check = aa("TYPE_MISMATCH_DATE", Warning);
pub(super) const TYPE_MISMATCH_IP_RANGE: Check = aa("TYPE_MISMATCH_IP_RANGE", Warning);
pub(super) const TYPE_MISMATCH_NUMBER: Check = aa("TYPE_MISMATCH_NUMBER", Warning);
pub(super) const TYPE_MISMATCH_STRING: Check = aa("TYPE_MISMATCH_STRING", Warning);
pub(super) const PRIVATE_IP_ADDRESS: Check = aa("PRIVATE_IP_ADDRESS", Error);
pub(super) const PRIVATE_NOT_IP_ADDRESS: Check = aa("PRIVATE_NOT_IP_ADDRESS", Error);
pub(super) const PRIVATE_IP_ADDRESS_SUBSET: Check = aa("PRIVATE_IP_ADDRESS_SUBSET", Suggestion);
pub(super) const PRIVATE_NOT_IP_ADDRESS_SUBSET: Check = aa("PRIVATE_NOT_IP_ADDRESS_SUBSET", Suggestion);
pub(super) const IMPROVE_IP_RANGE: Check = aa("IMPROVE_IP_RANGE", Suggestion);
pub(super) const MISSING_PAIRED_CONDITION_KEYS: Check = aa("MISSING_PAIRED_CONDITION_KEYS", SecurityWarning);
pub(super) const WILDCARD_WITHOUT_LIKE_OPERATOR: Check = aa("WILDCARD_WITHOUT_LIKE_OPERATOR", Warning);
pub(super) const ALLOW_WITH_NOT_PRINCIPAL: Check = aa("ALLOW_WITH_NOT_PRINCIPAL", SecurityWarning);
pub(super) const FORALLVALUES_WITH_SINGLE_VALUED_KEY: Check =
    aa("FORALLVALUES_WITH_SINGLE_VALUED_KEY", SecurityWarning);
pub(super) const EMPTY_ARRAY_CONDITION: Check = aa("EMPTY_ARRAY_CONDITION", Suggestion);
pub(super) const EMPTY_ARRAY_CONDITION_FORALLVALUES: Check =
    aa("EMPTY_ARRAY_CONDITION_FORALLVALUES", Suggestion);
pub(super) const EMPTY_ARRAY_CONDITION_FORANYVALUE: Check =
    aa("EMPTY_ARRAY_CONDITION_FORANYVALUE", Suggestion);
pub(super) const EMPTY_ARRAY_CONDITION_IFEXISTS: Check = aa("EMPTY_ARRAY_CONDITION_IFEXISTS", Suggestion);
pub(super) const EMPTY_SID_VALUE: Check = aa("EMPTY_SID_VALUE", Suggestion);
pub(super) const NULL_WITH_QUALIFIER: Check = aa("NULL_WITH_QUALIFIER", Suggestion);
pub(super) const REDUNDANT_ACTION: Check = aa("REDUNDANT_ACTION", Suggestion);
pub(super) const REDUNDANT_RESOURCE: Check = aa("REDUNDANT_RESOURCE", Suggestion);
pub(super) const REDUNDANT_STATEMENT: Check = aa("REDUNDANT_STATEMENT", Suggestion);
pub(super) const WILDCARD_IN_SERVICE_NAME: Check = aa("WILDCARD_IN_SERVICE_NAME", Suggestion);

// ---- Playground checks (no ValidatePolicy counterpart) ----
const SAR: &str = "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html";
/// A resource ARN that none of the statement's actions can act on, or an action none of the statement's resources
/// fit (modelled on the service authorization reference's resource types; Parliament calls it RESOURCE_MISMATCH).
pub(super) const RESOURCE_MISMATCH: Check = playground("RESOURCE_MISMATCH", Warning, SAR);
/// A service condition key that none of the statement's actions supports: the key is absent from the request
/// context, so the condition never matches (positive operators) or always matches (negated operators).
pub(super) const UNSUPPORTED_CONDITION_KEY_FOR_ACTION: Check =
    playground("UNSUPPORTED_CONDITION_KEY_FOR_ACTION", Warning, SAR);
/// IAM User Guide, NotAction: Allow with NotAction grants every other action, including future ones.
pub(super) const ALLOW_WITH_NOT_ACTION: Check = playground(
    "ALLOW_WITH_NOT_ACTION",
    SecurityWarning,
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html",
);
/// IAM User Guide, NotResource: Allow with NotResource grants on every other resource, including future ones.
pub(super) const ALLOW_WITH_NOT_RESOURCE: Check = playground(
    "ALLOW_WITH_NOT_RESOURCE",
    SecurityWarning,
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html",
);
/// Reading every secret: modelled on Access Analyzer's PASS_ROLE_WITH_STAR_IN_RESOURCE.
pub(super) const GET_SECRET_VALUE_WITH_STAR_IN_RESOURCE: Check = playground(
    "GET_SECRET_VALUE_WITH_STAR_IN_RESOURCE",
    SecurityWarning,
    "https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html",
);
/// A secret ARN without the six random characters Secrets Manager appends (reference 2.1).
pub(super) const SECRET_ARN_WITHOUT_SUFFIX: Check = playground(
    "SECRET_ARN_WITHOUT_SUFFIX",
    Error,
    "https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html",
);
/// `secret:NAME-*`, which also matches `NAME-other-AbC123` (reference 2.1, Secrets Manager guide "Match secret name").
pub(super) const SECRET_ARN_BROAD_SUFFIX: Check = playground(
    "SECRET_ARN_BROAD_SUFFIX",
    Suggestion,
    "https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html",
);
/// `Principal: "*"` allowed without a restricting condition (reference 2.7; Secrets Manager BlockPublicPolicy).
pub(super) const ALLOW_WITH_PUBLIC_PRINCIPAL: Check = playground(
    "ALLOW_WITH_PUBLIC_PRINCIPAL",
    SecurityWarning,
    "https://docs.aws.amazon.com/secretsmanager/latest/userguide/determine-acccess_examine-iam-policies.html",
);
/// ForAnyValue on a single-valued key (IAM User Guide, multivalued context keys: "don't use set operators with
/// single-valued keys"). Access Analyzer reports only the ForAllValues case.
pub(super) const FORANYVALUE_WITH_SINGLE_VALUED_KEY: Check = playground(
    "FORANYVALUE_WITH_SINGLE_VALUED_KEY",
    Warning,
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html",
);

/// Collects findings; paths are filled in later from the source text.
struct Findings(Vec<Finding>);

impl Findings {
    fn add(&mut self, check: Check, span: Span, message: String) {
        self.add_with(check, span, message, Vec::new());
    }

    fn add_with(&mut self, check: Check, span: Span, message: String, others: Vec<Span>) {
        self.0.push(Finding {
            finding_type: check.finding_type,
            issue_code: check.code,
            message,
            learn_more_link: check.link(),
            span,
            path: Vec::new(),
            other_locations: others
                .into_iter()
                .map(|span| Location {
                    path: Vec::new(),
                    span,
                })
                .collect(),
        });
    }
}

/// Runs every check over a parsed policy.
pub(super) fn check_policy(policy: &Policy, kind: PolicyKind) -> Vec<Finding> {
    let mut findings = Findings(Vec::new());
    if policy.version.is_none() {
        findings.add(
            MISSING_VERSION,
            policy.span,
            "We recommend that you specify the Version element to help you with debugging permission issues. Without it, \
             policy variables such as ${aws:username} are read as literal text."
                .to_owned(),
        );
    }
    check_sids(policy, &mut findings);
    for statement in &policy.statements {
        check_statement(policy, statement, kind, &mut findings);
    }
    check_redundant_statements(policy, &mut findings);
    findings.0
}

// ---- Sid ----

fn check_sids(policy: &Policy, findings: &mut Findings) {
    let mut seen: HashMap<&str, Span> = HashMap::new();
    for statement in &policy.statements {
        let Some(sid) = &statement.sid else { continue };
        if sid.value.is_empty() {
            findings.add(
                EMPTY_SID_VALUE,
                sid.span,
                "Add a value to the empty string in the Sid element.".to_owned(),
            );
            continue;
        }
        // IAM's own documents fail to parse on duplicates (UNIQUE_SIDS_REQUIRED); other resource policies accept
        // them, and Access Analyzer recommends unique ids.
        match seen.get(sid.value.as_str()) {
            Some(first) => findings.add_with(
                UNIQUE_SIDS_RECOMMENDED,
                sid.span,
                format!(
                    "We recommend that you use statement IDs that are unique to your policy. Update the Sid value `{}`.",
                    sid.value
                ),
                vec![*first],
            ),
            None => {
                seen.insert(sid.value.as_str(), sid.span);
            }
        }
    }
}

// ---- statements ----

fn is_identity_kind(kind: PolicyKind) -> bool {
    matches!(
        kind,
        PolicyKind::IdentityManaged
            | PolicyKind::IdentityInline
            | PolicyKind::PermissionsBoundary
            | PolicyKind::Session
    )
}

fn check_statement(policy: &Policy, statement: &Statement, kind: PolicyKind, findings: &mut Findings) {
    let allow = statement.effect.value == Effect::Allow;
    // Guardrails (SCPs, RCPs) and caps (permissions boundaries, session policies) never grant on their own (IAM
    // User Guide, policy evaluation logic), so "overly permissive Allow" does not apply to them: a boundary allowing
    // `secretsmanager:*` on `*` only sets the maximum.
    let grants = allow
        && !matches!(
            kind,
            PolicyKind::ServiceControl
                | PolicyKind::ResourceControl
                | PolicyKind::PermissionsBoundary
                | PolicyKind::Session
        );
    if let Some(principal) = &statement.principal {
        if allow && principal.value.negated {
            findings.add(
                ALLOW_WITH_NOT_PRINCIPAL,
                principal.span,
                "Using Allow with NotPrincipal can be overly permissive. We recommend that you use Principal instead.".to_owned(),
            );
        }
        check_principal_variables(principal, findings);
    }
    if let Some(action) = &statement.action {
        if grants && action.value.negated {
            findings.add(
                ALLOW_WITH_NOT_ACTION,
                action.span,
                "Using Allow with NotAction allows every action that is not listed, including actions of every other \
                 service and actions AWS adds later. We recommend that you list the allowed actions in Action instead."
                    .to_owned(),
            );
        }
        check_actions(&action.value, findings);
        check_redundant_patterns(&action.value.patterns, true, findings);
    }
    if let Some(resource) = &statement.resource {
        if grants && resource.value.negated {
            findings.add(
                ALLOW_WITH_NOT_RESOURCE,
                resource.span,
                "Using Allow with NotResource allows the actions on every resource that is not listed, including \
                 resources created later and resources in other accounts. We recommend that you list the resources in \
                 Resource instead."
                    .to_owned(),
            );
        }
        for pattern in &resource.value.patterns {
            check_resource(pattern, findings);
        }
        check_redundant_patterns(&resource.value.patterns, false, findings);
    }
    check_variables(policy, statement, findings);
    // Expanding `ec2:*` into hundreds of actions is the costly part: do it once per statement.
    let expanded = statement
        .action
        .as_ref()
        .and_then(|action| expanded_actions(&action.value));
    check_resource_mismatch(statement, expanded.as_deref(), findings);
    check_conditions(statement, expanded.as_deref(), findings);
    if grants && is_identity_kind(kind) {
        check_secret_read_on_star(statement, findings);
    }
    if allow
        && matches!(
            kind,
            PolicyKind::SecretResource | PolicyKind::KeyPolicy | PolicyKind::Trust
        )
    {
        check_public_principal(statement, findings);
    }
    if kind == PolicyKind::SecretResource {
        check_secret_policy_scope(statement, findings);
    }
}

/// A secret's resource policy applies to that secret only: its actions must be Secrets Manager actions and its
/// resources `*` or the secret's ARN. Access Analyzer reports other entries when it validates a policy for a given
/// resource type (`validatePolicyResourceType`); the message follows the observed S3 one ("The resource ARN is not
/// supported for the resource-based policy attached to resource type S3 Bucket.").
fn check_secret_policy_scope(statement: &Statement, findings: &mut Findings) {
    if let Some(action) = &statement.action {
        for pattern in &action.value.patterns {
            let prefix = pattern
                .value
                .split_once(':')
                .map_or(pattern.value.as_str(), |(prefix, _)| prefix);
            if pattern.value != "*"
                && !prefix.eq_ignore_ascii_case("secretsmanager")
                && !prefix.contains(['*', '?'])
            {
                findings.add(
                    UNSUPPORTED_ACTION_IN_POLICY,
                    pattern.span,
                    format!(
                        "The action {} is not supported for the resource-based policy attached to resource type Secrets \
                         Manager Secret.",
                        pattern.value
                    ),
                );
            }
        }
    }
    // Whether an ARN fits the secret's resource type is the catalogue's to say: without it, nothing is reported.
    if let Some(resource) = statement.resource.as_ref().filter(|_| metadata::is_available()) {
        for pattern in &resource.value.patterns {
            let fits = pattern.value == "*"
                || metadata::service("secretsmanager")
                    .and_then(|service| service.resource_type("Secret"))
                    .is_some_and(|secret| secret.fits(&pattern.value));
            if !fits {
                findings.add(
                    UNSUPPORTED_RESOURCE_ARN_IN_POLICY,
                    pattern.span,
                    "The resource ARN is not supported for the resource-based policy attached to resource type Secrets \
                     Manager Secret."
                        .to_owned(),
                );
            }
        }
    }
}

fn check_principal_variables(principal: &Spanned<PrincipalClause>, findings: &mut Findings) {
    if let PrincipalSet::Keyed(entries) = &principal.value.principals {
        for value in entries.iter().flat_map(|(_, values)| values) {
            if has_variables(&value.value) {
                findings.add(
                    VARIABLE_UNSUPPORTED_IN_ELEMENT,
                    value.span,
                    "Policy variables are supported in the Resource and Condition elements. Remove the policy variable \
                     from this element."
                        .to_owned(),
                );
            }
        }
    }
}

// ---- actions ----

fn check_actions(clause: &ActionClause, findings: &mut Findings) {
    for pattern in &clause.patterns {
        let text = pattern.value.as_str();
        if text == "*" {
            continue;
        }
        if has_variables(text) {
            findings.add(
                VARIABLE_UNSUPPORTED_IN_ELEMENT,
                pattern.span,
                "Policy variables are supported in the Resource and Condition elements. Remove the policy variable from \
                 this element."
                    .to_owned(),
            );
            continue;
        }
        let Some((prefix, name)) = text.split_once(':') else {
            continue;
        };
        if prefix.contains(['*', '?']) {
            findings.add(
                WILDCARD_IN_SERVICE_NAME,
                pattern.span,
                "Avoid using wildcards (*, ?) in the service name because it might grant unintended access to other AWS \
                 services with similar names."
                    .to_owned(),
            );
            continue;
        }
        // Which services and actions exist is the catalogue's to say: until it is available (the web app fetches
        // it after its first render), an action is not reported rather than reported unknown.
        if !metadata::is_available() {
            continue;
        }
        if !metadata::is_known_service(prefix) {
            let limit = (prefix.len() / 4).clamp(1, 2);
            let hint = closest(prefix, metadata::known_service_prefixes(), limit)
                .map(|known| format!(" Did you mean {known}?"))
                .unwrap_or_default();
            findings.add(
                INVALID_SERVICE_IN_ACTION,
                pattern.span,
                format!("The service {text} specified in the action does not exist.{hint}"),
            );
            continue;
        }
        let Some(service) = metadata::service(prefix) else {
            continue;
        };
        let exists = if name.contains(['*', '?']) {
            !metadata::actions_matching(text).is_empty()
        } else {
            service.action(name).is_some()
        };
        if !exists {
            let hint = if name.contains(['*', '?']) {
                String::new()
            } else {
                closest(name, service.actions().map(Action::name), 3)
                    .map(|known| format!(" Did you mean {}:{known}?", service.prefix()))
                    .unwrap_or_default()
            };
            findings.add(
                INVALID_ACTION,
                pattern.span,
                format!("The action {text} does not exist.{hint}"),
            );
        }
    }
}

/// The closest candidate to `wanted` by edit distance (case-insensitive), if within `limit`.
fn closest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>, limit: usize) -> Option<&'a str> {
    let wanted = wanted.to_ascii_lowercase();
    candidates
        .map(|candidate| (edit_distance(&wanted, &candidate.to_ascii_lowercase()), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

fn edit_distance(left: &str, right: &str) -> usize {
    let right: Vec<char> = right.chars().collect();
    let mut previous: Vec<usize> = (0..=right.len()).collect();
    for (i, left_char) in left.chars().enumerate() {
        let mut current = vec![i + 1; right.len() + 1];
        for (j, right_char) in right.iter().enumerate() {
            let substitution = previous
                .get(j)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(usize::from(left_char != *right_char));
            let deletion = previous
                .get(j + 1)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(1);
            let insertion = current.get(j).copied().unwrap_or(usize::MAX).saturating_add(1);
            if let Some(cell) = current.get_mut(j + 1) {
                *cell = substitution.min(deletion).min(insertion);
            }
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

// ---- resources ----

/// The six fields of a resource ARN pattern; a pattern that ends early with `*` (`arn:aws:s3:*`) gets `*` fields.
fn arn_fields(arn: &str) -> Option<[&str; 6]> {
    let mut fields = ["*"; 6];
    let mut rest = arn;
    for (index, field) in fields.iter_mut().enumerate() {
        if index == 5 {
            *field = rest;
            break;
        }
        match rest.split_once(':') {
            Some((head, tail)) => {
                *field = head;
                rest = tail;
            }
            None if rest.ends_with('*') && index > 0 => {
                *field = rest;
                break;
            }
            None => return None,
        }
    }
    Some(fields)
}

fn check_resource(pattern: &Spanned<String>, findings: &mut Findings) {
    let text = pattern.value.as_str();
    if text == "*" {
        return;
    }
    if !text.starts_with("arn:") {
        findings.add(
            INVALID_ARN_PREFIX,
            pattern.span,
            "Add the required prefix (arn) to the resource ARN.".to_owned(),
        );
        return;
    }
    let Some([_, _, service, region, account, resource]) = arn_fields(text) else {
        findings.add(
            MISSING_ARN_FIELD,
            pattern.span,
            "Resource ARNs must include at least 6 fields in the following structure: arn:partition:service:region:account:resource"
                .to_owned(),
        );
        return;
    };
    if service.contains(['*', '?']) {
        findings.add(
            WILDCARD_IN_SERVICE_NAME,
            pattern.span,
            "Avoid using wildcards (*, ?) in the service name because it might grant unintended access to other AWS services \
             with similar names."
                .to_owned(),
        );
        return;
    }
    if service.bytes().any(|byte| byte.is_ascii_uppercase()) {
        findings.add(
            INVALID_ARN_SERVICE_CASE,
            pattern.span,
            "Update the service name in the resource ARN to use all lowercase letters.".to_owned(),
        );
        return;
    }
    // Without the catalogue the service is not reported unknown; the checks below that need no catalogue still run,
    // and those that do find no resource type (`candidates` is empty).
    if metadata::is_available() && !metadata::is_known_service(service) {
        findings.add(
            INVALID_SERVICE,
            pattern.span,
            format!("The service {service} does not exist. Use a valid service name."),
        );
        return;
    }
    let literal_account = !account.contains(['*', '?']) && !has_variables(account);
    if literal_account
        && !account.is_empty()
        && account != "aws"
        && !(account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()))
    {
        findings.add(
            INVALID_ARN_ACCOUNT,
            pattern.span,
            "The resource ARN account ID is not valid. Provide a 12-digit account ID.".to_owned(),
        );
        return;
    }
    if service == "secretsmanager" && resource.starts_with("secret:") {
        check_secret_suffix(pattern, resource, findings);
    }
    // Resource types (of every service with full metadata) whose ARNs name this service.
    let candidates: Vec<metadata::ResourceType> = metadata::services()
        .flat_map(metadata::Service::resource_types)
        .filter(|resource_type| resource_type.arn_service() == service)
        .collect();
    if candidates.is_empty() {
        return;
    }
    let region_is_literal = !region.contains(['*', '?']) && !has_variables(region);
    let template_regions: Vec<bool> = candidates
        .iter()
        .map(|resource_type| {
            arn_fields(resource_type.arn_pattern())
                .is_some_and(|fields| !fields.get(3).is_some_and(|r| r.is_empty()))
        })
        .collect();
    if region_is_literal && !region.is_empty() && template_regions.iter().all(|has_region| !has_region) {
        findings.add(
            ARN_REGION_NOT_ALLOWED,
            pattern.span,
            format!("The service {service} does not support specifying a Region in the resource ARN."),
        );
        return;
    }
    if region.is_empty() && template_regions.iter().all(|has_region| *has_region) {
        findings.add(
            MISSING_ARN_REGION,
            pattern.span,
            "Add a Region to the resource ARN.".to_owned(),
        );
        return;
    }
    if !candidates.iter().any(|resource_type| resource_type.fits(text)) {
        let formats: Vec<&str> = candidates
            .iter()
            .map(|resource_type| resource_type.arn_pattern())
            .take(4)
            .collect();
        findings.add(
            INVALID_ARN_RESOURCE,
            pattern.span,
            format!(
                "Resource ARN does not match the expected ARN format. Update the resource portion of the ARN. Expected a \
                 format such as {}.",
                formats.join(", ")
            ),
        );
    }
}

/// Secrets Manager appends `-` and six random characters to every secret's name in its ARN (reference 2.1), so a
/// pattern without a wildcard must end with them (`-??????` stands for any suffix).
fn check_secret_suffix(pattern: &Spanned<String>, resource: &str, findings: &mut Findings) {
    let name = resource.trim_start_matches("secret:");
    if let Some(base) = name.strip_suffix("-*") {
        if !base.is_empty() && !base.contains(['*', '?']) && !has_variables(base) {
            findings.add(
                SECRET_ARN_BROAD_SUFFIX,
                pattern.span,
                format!(
                    "The pattern `{name}` matches the secret `{base}` but also every other secret whose name starts with \
                     `{base}-` (such as `{base}-old`). Use `{base}-??????` to match exactly the secret `{base}` and its \
                     re-creations."
                ),
            );
        }
        return;
    }
    if name.contains('*') || has_variables(name) || name.is_empty() {
        return;
    }
    let tail: Vec<char> = name.chars().rev().take(7).collect();
    let has_suffix = tail.len() == 7
        && tail
            .iter()
            .take(6)
            .all(|character| character.is_ascii_alphanumeric() || *character == '?')
        && tail
            .get(6)
            .is_some_and(|character| matches!(character, '-' | '?'));
    if !has_suffix {
        findings.add(
            SECRET_ARN_WITHOUT_SUFFIX,
            pattern.span,
            format!(
                "The secret ARN {} has no random suffix, so it can never match a secret: Secrets Manager ends every secret \
                 ARN with a hyphen and six random characters (`{name}-AbC123`). Use `{}-??????` to match the secret and any \
                 re-creation of it, or the full ARN.",
                pattern.value, pattern.value
            ),
        );
    }
}

/// Whether one pattern covers another: every string the second matches, the first matches too. Sound but not
/// complete: `*`, equal patterns, a literal matched by the first, or a trailing-`*` prefix of the second.
fn pattern_covers(wide: &str, narrow: &str, actions: bool) -> bool {
    if wide == "*" {
        return true;
    }
    let equal = if actions {
        wide.eq_ignore_ascii_case(narrow)
    } else {
        wide == narrow
    };
    if equal {
        return true;
    }
    if !narrow.contains(['*', '?']) && !has_variables(narrow) {
        return if actions {
            action_matches(wide, narrow)
        } else {
            resource_matches(wide, narrow)
        };
    }
    match wide.strip_suffix('*') {
        Some(prefix) if !prefix.contains(['*', '?']) && !has_variables(wide) => {
            let head = narrow.get(..prefix.len());
            head.is_some_and(|head| {
                if actions {
                    head.eq_ignore_ascii_case(prefix)
                } else {
                    head == prefix
                }
            })
        }
        _ => false,
    }
}

fn check_redundant_patterns(patterns: &[Spanned<String>], actions: bool, findings: &mut Findings) {
    if patterns.len() > 200 {
        return;
    }
    for (index, narrow) in patterns.iter().enumerate() {
        let covering = patterns.iter().enumerate().find(|(other, wide)| {
            *other != index
                && pattern_covers(&wide.value, &narrow.value, actions)
                // Of two equal patterns, report only the later one.
                && (!pattern_covers(&narrow.value, &wide.value, actions) || *other < index)
        });
        let Some((_, wide)) = covering else { continue };
        if actions {
            findings.add_with(
                REDUNDANT_ACTION,
                narrow.span,
                format!(
                    "The action(s) are redundant because they provide similar permissions. Update the policy to remove the \
                     redundant action such as: {} (already allowed by {}).",
                    narrow.value, wide.value
                ),
                vec![wide.span],
            );
        } else {
            findings.add_with(
                REDUNDANT_RESOURCE,
                narrow.span,
                format!(
                    "The 2 resource ARN(s) are redundant because they reference the same resource. Review the use of \
                     wildcards (*), or remove the resource {} to remove the redundancy.",
                    narrow.value
                ),
                vec![wide.span],
            );
        }
    }
}

/// The actions an `Action` clause names, if every pattern can be expanded from the metadata (`None` when a pattern
/// is `*`, names a service without full metadata, or the clause is `NotAction`).
fn expanded_actions(clause: &ActionClause) -> Option<Vec<(usize, Vec<Action>)>> {
    if clause.negated {
        return None;
    }
    let mut expanded = Vec::with_capacity(clause.patterns.len());
    for (index, pattern) in clause.patterns.iter().enumerate() {
        let (prefix, _) = pattern.value.split_once(':')?;
        metadata::service(prefix)?;
        let actions = metadata::actions_matching(&pattern.value);
        if actions.is_empty() {
            // Reported as INVALID_ACTION.
            return None;
        }
        expanded.push((index, actions));
    }
    Some(expanded)
}

fn check_resource_mismatch(
    statement: &Statement,
    expanded: Option<&[(usize, Vec<Action>)]>,
    findings: &mut Findings,
) {
    let (Some(action), Some(resource)) = (&statement.action, &statement.resource) else {
        return;
    };
    // `*` fits every action; NotResource names everything else.
    if resource.value.negated || resource.value.patterns.iter().any(|pattern| pattern.value == "*") {
        return;
    }
    let Some(expanded) = expanded else {
        return;
    };
    let patterns = &resource.value.patterns;
    // Distinct resource types per action pattern: `ec2:*` expands to hundreds of actions but few resource types.
    let per_pattern: Vec<(usize, &Vec<Action>, Vec<metadata::ResourceType>)> = expanded
        .iter()
        .map(|(index, actions)| (*index, actions, metadata::resource_types_of(actions)))
        .collect();
    let split: Vec<metadata::ArnPattern<'_>> = patterns
        .iter()
        .map(|pattern| metadata::ArnPattern::new(&pattern.value))
        .collect();
    for (index, actions, types) in &per_pattern {
        let Some(pattern) = action.value.patterns.get(*index) else {
            continue;
        };
        let fits = types
            .iter()
            .any(|resource_type| split.iter().any(|resource| resource_type.fits_pattern(resource)));
        if !fits {
            let supported = describe_resource_types(actions);
            findings.add(
                RESOURCE_MISMATCH,
                pattern.span,
                format!(
                    "The action {} cannot be allowed or denied by this statement: none of its resources is a resource type \
                     the action supports ({supported}).",
                    pattern.value
                ),
            );
        }
    }
    for (resource, split) in patterns.iter().zip(&split) {
        let fits = per_pattern
            .iter()
            .flat_map(|(_, _, types)| types)
            .any(|resource_type| resource_type.fits_pattern(split));
        if !fits {
            findings.add(
                RESOURCE_MISMATCH,
                resource.span,
                format!(
                    "The resource {} does not match any resource type of the statement's actions, so it has no effect. Check \
                     the service, the resource type and the ARN format.",
                    resource.value
                ),
            );
        }
    }
}

fn describe_resource_types(actions: &[Action]) -> String {
    let mut names: Vec<String> = Vec::new();
    for action in actions {
        if action.supports_only_star_resource() {
            names.push("only \"*\"".to_owned());
        }
        for entry in action.resource_types() {
            names.push(entry.resource_type.arn_pattern().to_owned());
        }
    }
    names.sort();
    names.dedup();
    names.truncate(3);
    names.join(", ")
}

// ---- variables ----

fn check_variables(policy: &Policy, statement: &Statement, findings: &mut Findings) {
    let substitutes = policy.substitutes_variables();
    let mut values: Vec<&Spanned<String>> = Vec::new();
    if let Some(resource) = &statement.resource {
        values.extend(resource.value.patterns.iter());
    }
    for condition in &statement.conditions {
        for value in &condition.values {
            if !has_variables(&value.value) {
                continue;
            }
            if substitutes && !allows_variables(condition.operator.value.base) {
                findings.add(
                    INVALID_VARIABLE_FOR_OPERATOR,
                    value.span,
                    format!(
                        "Policy variables can only be used with String and ARN operators, not with {}.",
                        operator_name(condition.operator.value)
                    ),
                );
            }
            values.push(value);
        }
    }
    if substitutes {
        return;
    }
    for value in values.into_iter().filter(|value| has_variables(&value.value)) {
        findings.add(
            VARIABLE_UNSUPPORTED_IN_VERSION,
            value.span,
            "To include variables in your policy, use the policy version 2012-10-17 or later. Without it the variable is \
             read as literal text."
                .to_owned(),
        );
    }
}

// ---- conditions ----

/// The operator family a key type wants, for messages.
fn family_name(base: OperatorBase) -> &'static str {
    match base {
        OperatorBase::StringEquals
        | OperatorBase::StringNotEquals
        | OperatorBase::StringEqualsIgnoreCase
        | OperatorBase::StringNotEqualsIgnoreCase
        | OperatorBase::StringLike
        | OperatorBase::StringNotLike => "String",
        OperatorBase::NumericEquals
        | OperatorBase::NumericNotEquals
        | OperatorBase::NumericLessThan
        | OperatorBase::NumericLessThanEquals
        | OperatorBase::NumericGreaterThan
        | OperatorBase::NumericGreaterThanEquals => "Numeric",
        OperatorBase::DateEquals
        | OperatorBase::DateNotEquals
        | OperatorBase::DateLessThan
        | OperatorBase::DateLessThanEquals
        | OperatorBase::DateGreaterThan
        | OperatorBase::DateGreaterThanEquals => "Date",
        OperatorBase::Bool => "Bool",
        OperatorBase::BinaryEquals => "Binary",
        OperatorBase::IpAddress | OperatorBase::NotIpAddress => "IpAddress",
        OperatorBase::ArnEquals
        | OperatorBase::ArnLike
        | OperatorBase::ArnNotEquals
        | OperatorBase::ArnNotLike => "Arn",
        OperatorBase::Null => "Null",
    }
}

/// The operator families a key of `key_type` may be used with (IAM User Guide, condition operators; the Service
/// Authorization Reference types). ARN-typed keys take ARN and String operators.
fn families_for(key_type: KeyType, key: &str) -> &'static [&'static str] {
    match key_type.element() {
        KeyType::String => &["String"],
        KeyType::Arn => &["Arn", "String"],
        KeyType::Bool => &["Bool"],
        KeyType::Numeric => &["Numeric"],
        // `aws:EpochTime` takes date and numeric operators (IAM User Guide, global condition keys: "Data type:
        // Date, Numeric"); the data lists it as Date only.
        KeyType::Date if key.eq_ignore_ascii_case("aws:EpochTime") => &["Date", "Numeric"],
        KeyType::Date => &["Date"],
        KeyType::IpAddress => &["IpAddress"],
        KeyType::Binary => &["Binary"],
        _ => &[],
    }
}

fn check_conditions(
    statement: &Statement,
    expanded: Option<&[(usize, Vec<Action>)]>,
    findings: &mut Findings,
) {
    // DUPLICATE_KEYS_WITH_DIFFERENT_CASE: the same key twice in one operator block, spelled differently.
    for (index, condition) in statement.conditions.iter().enumerate() {
        let duplicate = statement.conditions.iter().take(index).find(|earlier| {
            earlier.operator.span == condition.operator.span
                && earlier.key.value.eq_ignore_ascii_case(&condition.key.value)
                && earlier.key.value != condition.key.value
        });
        if let Some(earlier) = duplicate {
            findings.add_with(
                DUPLICATE_KEYS_WITH_DIFFERENT_CASE,
                condition.key.span,
                format!(
                    "The condition key {} appears more than once with different capitalization in the same condition block. \
                     Remove the duplicate condition keys.",
                    condition.key.value
                ),
                vec![earlier.key.span],
            );
        }
    }
    for condition in &statement.conditions {
        check_condition(condition, expanded, findings);
    }
    check_paired_keys(statement, findings);
}

fn check_condition(condition: &Condition, actions: Option<&[(usize, Vec<Action>)]>, findings: &mut Findings) {
    let operator = condition.operator.value;
    let key = condition.key.value.as_str();
    check_empty_values(condition, findings);
    check_values(condition, findings);
    check_private_source_ip(condition, findings);
    check_ip_ranges(condition, findings);
    if operator.base == OperatorBase::Null && operator.qualifier.is_some() {
        findings.add(
            NULL_WITH_QUALIFIER,
            condition.operator.span,
            "Avoid using the Null condition operator with the ForAllValues or ForAnyValue qualifiers because they always \
             return a true or false respectively."
                .to_owned(),
        );
    }
    let Some(key_type) = resolve_key(condition, actions, findings) else {
        return;
    };
    if operator.base != OperatorBase::Null {
        let families = families_for(key_type, key);
        let family = family_name(operator.base);
        if !families.is_empty() && !families.contains(&family) {
            findings.add(
                TYPE_MISMATCH,
                condition.operator.span,
                format!(
                    "Use the operator type {} instead of operator {} for the condition key {key}.",
                    families.join(" or "),
                    operator_name(operator)
                ),
            );
        }
    }
    match (operator.qualifier, key_type.is_multivalued()) {
        (Some(SetQualifier::ForAllValues), false) => findings.add(
            FORALLVALUES_WITH_SINGLE_VALUED_KEY,
            condition.operator.span,
            format!(
                "Using ForAllValues qualifier with the single-valued condition key {key} can be overly permissive: it also \
                 matches when the key is missing. We recommend that you remove ForAllValues:."
            ),
        ),
        (Some(SetQualifier::ForAnyValue), false) => findings.add(
            FORANYVALUE_WITH_SINGLE_VALUED_KEY,
            condition.operator.span,
            format!(
                "The condition key {key} has a single value; set operators are for multivalued keys. We recommend that you \
                 remove ForAnyValue:."
            ),
        ),
        (None, true) if operator.base != OperatorBase::Null => findings.add(
            MISSING_QUALIFIER,
            condition.operator.span,
            format!(
                "The request context key {key} has multiple values. Use the ForAllValues or ForAnyValue condition key \
                 qualifiers in your policy."
            ),
        ),
        _ => {}
    }
}

/// Finds the key's type, reporting unknown keys and keys no action of the statement supports.
fn resolve_key(
    condition: &Condition,
    actions: Option<&[(usize, Vec<Action>)]>,
    findings: &mut Findings,
) -> Option<KeyType> {
    let key = condition.key.value.as_str();
    let span = condition.key.span;
    let (prefix, rest) = key.split_once(':')?;
    for tag_key in ["aws:RequestTag", "aws:ResourceTag", "aws:PrincipalTag"] {
        let bare = key.eq_ignore_ascii_case(tag_key);
        let empty = key.len() == tag_key.len() + 1
            && key
                .get(..tag_key.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(tag_key))
            && key.ends_with('/');
        if bare || empty {
            findings.add(
                MISSING_TAG_KEY_IN_CONDITION,
                span,
                format!(
                    "The condition key {key} must include a tag key to control access based on tags. Use the format \
                     {tag_key}/tag-key and specify a key name for tag-key."
                ),
            );
            return None;
        }
    }
    if let Some(global) = metadata::global_condition_key(key) {
        return Some(global.key_type);
    }
    if prefix.eq_ignore_ascii_case("aws") {
        if rest.eq_ignore_ascii_case("ARN") {
            findings.add(
                UNSUPPORTED_GLOBAL_CONDITION_KEY,
                span,
                "The condition key aws:ARN is not supported. Use aws:PrincipalArn or aws:SourceArn instead."
                    .to_owned(),
            );
        } else if metadata::is_available() {
            findings.add(
                INVALID_GLOBAL_CONDITION_KEY,
                span,
                format!("The condition key {key} does not exist. Use a valid condition key."),
            );
        }
        return None;
    }
    // Without the catalogue no key is known: nothing is reported unknown, and the checks that need the key's type
    // (operator family, qualifiers) are skipped.
    if !metadata::is_available() {
        return None;
    }
    if !metadata::is_known_condition_key_prefix(prefix) {
        findings.add(
            INVALID_SERVICE,
            span,
            format!("The service {prefix} does not exist. Use a valid service name."),
        );
        return None;
    }
    let service = metadata::condition_key_service(prefix)?;
    let Some(service_key) = service.condition_key(key) else {
        findings.add(
            INVALID_SERVICE_CONDITION_KEY,
            span,
            format!(
                "The condition key {key} does not exist in the service {}. Use a valid condition key.",
                service.prefix()
            ),
        );
        return None;
    };
    if let Some(actions) = actions {
        let supported = actions
            .iter()
            .flat_map(|(_, actions)| actions)
            .any(|action| action.supports_condition_key(key));
        if !supported && !actions.is_empty() {
            findings.add(
                UNSUPPORTED_CONDITION_KEY_FOR_ACTION,
                span,
                format!(
                    "None of the statement's actions supports the condition key {key}: it is never in their request \
                     context, so the condition is {} for them. Move the key to a statement whose actions support it.",
                    if crate::condition::is_negated(condition.operator.value.base) || condition.operator.value.if_exists {
                        "always true (a missing key satisfies negated and ...IfExists operators)"
                    } else {
                        "never true"
                    }
                ),
            );
        }
    }
    Some(service_key.key_type)
}

fn check_empty_values(condition: &Condition, findings: &mut Findings) {
    if !condition.values.is_empty() {
        return;
    }
    let operator = condition.operator.value;
    let (check, message) = match (operator.qualifier, operator.if_exists) {
        (Some(SetQualifier::ForAllValues), _) => (
            EMPTY_ARRAY_CONDITION_FORALLVALUES,
            "The ForAllValues prefix with an empty condition key matches only if the key is missing from the request context. \
             To determine if the request context is empty, we recommend that you use the Null condition operator with the \
             value of true instead.",
        ),
        (Some(SetQualifier::ForAnyValue), _) => (
            EMPTY_ARRAY_CONDITION_FORANYVALUE,
            "The ForAnyValue prefix with an empty condition key never matches the request context and it does not affect the \
             policy. Specify conditions.",
        ),
        (None, true) => (
            EMPTY_ARRAY_CONDITION_IFEXISTS,
            "The IfExists suffix with an empty condition key matches only if the key is missing from the request context. To \
             determine if the request context is empty, we recommend that you use the Null condition operator with the value \
             of true instead.",
        ),
        (None, false) => (
            EMPTY_ARRAY_CONDITION,
            "There are no values for the condition key and it does not affect the policy. Specify conditions.",
        ),
    };
    findings.add(check, condition.key.span, message.to_owned());
}

/// Values that the operator cannot read (the evaluator's own parsers decide, so what is flagged here is exactly what
/// evaluation cannot use).
fn check_values(condition: &Condition, findings: &mut Findings) {
    let base = condition.operator.value.base;
    if base == OperatorBase::Bool && condition.values.len() > 1 {
        findings.add(
            INVALID_CONDITION_MULTIPLE_BOOLEAN,
            condition.key.span,
            "The condition key does not support multiple Boolean values. Use a single Boolean value."
                .to_owned(),
        );
    }
    for value in &condition.values {
        let text = value.value.as_str();
        if has_variables(text) {
            continue;
        }
        let problem = match family_name(base) {
            "Numeric" if Decimal::parse(text).is_none() => {
                Some((TYPE_MISMATCH_NUMBER, format!("Add a valid numeric value for the condition operator (`{text}` is not a number).")))
            }
            "Date" if parse_date(text).is_none() => Some((
                TYPE_MISMATCH_DATE,
                format!(
                    "The date condition operator is used with an invalid value `{text}`. Specify a valid date using YYYY-MM-DD \
                     or other ISO 8601 date/time format."
                ),
            )),
            "Bool" | "Null" if parse_bool(text).is_none() => Some((
                TYPE_MISMATCH_BOOLEAN,
                format!("Add a valid Boolean value (true or false) for the condition operator (found `{text}`)."),
            )),
            "IpAddress" if parse_cidr(text).is_none() => Some((
                TYPE_MISMATCH_IP_RANGE,
                format!(
                    "The condition operator is used with an invalid IP range value `{text}`. Specify the IP range in standard \
                     CIDR format."
                ),
            )),
            "Binary" if decode_base64(text).is_none() => Some((
                TYPE_MISMATCH_STRING,
                format!("Add a valid base64-encoded string value for the condition operator (found `{text}`)."),
            )),
            _ => None,
        };
        if let Some((check, message)) = problem {
            findings.add(check, value.span, message);
            continue;
        }
        let exact_string = matches!(
            base,
            OperatorBase::StringEquals
                | OperatorBase::StringNotEquals
                | OperatorBase::StringEqualsIgnoreCase
                | OperatorBase::StringNotEqualsIgnoreCase
        );
        if exact_string && text.contains(['*', '?']) {
            findings.add(
                WILDCARD_WITHOUT_LIKE_OPERATOR,
                value.span,
                "Your condition value includes a * or ? character. If you meant to use a wildcard (*, ?), update the condition \
                 operator to include Like."
                    .to_owned(),
            );
        }
    }
}

/// Whether a CIDR lies inside the private address space (RFC 1918 for IPv4, unique local `fc00::/7` for IPv6).
/// `aws:SourceIp` is the public address a request comes from, so such ranges never match it (IAM User Guide,
/// `aws:SourceIp`; reference 3.3: behind a VPC endpoint the key is absent, use `aws:VpcSourceIp`).
fn is_private_range(address: IpAddr, prefix: u8) -> bool {
    match address {
        IpAddr::V4(v4) => {
            let bits = u32::from(v4);
            [(0x0a00_0000u32, 8u8), (0xac10_0000, 12), (0xc0a8_0000, 16)]
                .iter()
                .any(|&(block, length)| {
                    let mask = u32::MAX.checked_shl(32 - u32::from(length)).unwrap_or(0);
                    prefix >= length && bits & mask == block
                })
        }
        IpAddr::V6(v6) => prefix >= 7 && v6.octets().first().is_some_and(|first| first & 0xfe == 0xfc),
    }
}

fn check_private_source_ip(condition: &Condition, findings: &mut Findings) {
    let base = condition.operator.value.base;
    if !condition.key.value.eq_ignore_ascii_case("aws:SourceIp")
        || !matches!(base, OperatorBase::IpAddress | OperatorBase::NotIpAddress)
    {
        return;
    }
    let ranges: Vec<bool> = condition
        .values
        .iter()
        .filter_map(|value| parse_cidr(&value.value))
        .map(|(address, prefix)| is_private_range(address, prefix))
        .collect();
    let private = ranges.iter().filter(|private| **private).count();
    if private == 0 {
        return;
    }
    let all = private == ranges.len();
    let (check, message) = match (base == OperatorBase::IpAddress, all) {
        (true, true) => (
            PRIVATE_IP_ADDRESS,
            "aws:SourceIp works only for public IP address ranges. The values for condition key aws:SourceIp include only \
             private IP addresses and will not have the desired effect. Update the value to include only public IP addresses.",
        ),
        (false, true) => (
            PRIVATE_NOT_IP_ADDRESS,
            "The values for condition key aws:SourceIp include only private IP addresses and has no effect. aws:SourceIp works \
             only for public IP address ranges. Update the value to include only public IP addresses.",
        ),
        (true, false) => (
            PRIVATE_IP_ADDRESS_SUBSET,
            "The values for condition key aws:SourceIp include a mix of private and public IP addresses. The private addresses \
             will not have the desired effect. aws:SourceIp works only for public IP address ranges. To define permissions for \
             private IP ranges, use aws:VpcSourceIp.",
        ),
        (false, false) => (
            PRIVATE_NOT_IP_ADDRESS_SUBSET,
            "The values for condition key aws:SourceIp include a mix of private and public IP addresses. The private addresses \
             have no effect. aws:SourceIp works only for public IP address ranges. To define permissions for private IP ranges, \
             use aws:VpcSourceIp.",
        ),
    };
    findings.add(check, condition.key.span, message.to_owned());
}

/// `IpAddress`/`NotIpAddress` values with bits set past the prefix (`10.0.0.1/8`): the extra bits are ignored.
fn check_ip_ranges(condition: &Condition, findings: &mut Findings) {
    if !matches!(
        condition.operator.value.base,
        OperatorBase::IpAddress | OperatorBase::NotIpAddress
    ) {
        return;
    }
    for value in &condition.values {
        let Some((address, prefix)) = parse_cidr(&value.value) else {
            continue;
        };
        let network = match address {
            IpAddr::V4(v4) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
                IpAddr::V4((u32::from(v4) & mask).into())
            }
            IpAddr::V6(v6) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
                IpAddr::V6((u128::from(v6) & mask).into())
            }
        };
        if network != address {
            findings.add(
                IMPROVE_IP_RANGE,
                value.span,
                format!(
                    "The non-zero bits in the IP address after the masked bits are ignored. Replace {} with {network}/{prefix}.",
                    value.value
                ),
            );
        }
    }
}

/// Keys that are overly permissive alone (policy check reference, "Missing paired condition keys": compare
/// `aws:VpcSourceIp` together with `aws:SourceVpc`, since private addresses repeat across VPCs).
fn check_paired_keys(statement: &Statement, findings: &mut Findings) {
    let has = |key: &str| {
        statement
            .conditions
            .iter()
            .any(|condition| condition.key.value.eq_ignore_ascii_case(key))
    };
    if has("aws:SourceVpc") {
        return;
    }
    for condition in &statement.conditions {
        if condition.key.value.eq_ignore_ascii_case("aws:VpcSourceIp")
            && condition.operator.value.base == OperatorBase::IpAddress
        {
            findings.add(
                MISSING_PAIRED_CONDITION_KEYS,
                condition.key.span,
                "Using the condition key aws:VpcSourceIp can be overly permissive without also using the following condition \
                 keys: aws:SourceVpc. Condition keys like this one are more secure when paired with a related key. We recommend \
                 that you add the related condition keys to the same condition block."
                    .to_owned(),
            );
        }
    }
}

// ---- security checks ----

/// Condition keys that scope a statement to particular secrets, so that `*` is no longer "every secret".
fn scopes_secrets(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    lower.starts_with("aws:resourcetag/")
        || lower.starts_with("secretsmanager:resourcetag/")
        || lower == "secretsmanager:secretid"
}

/// Whether a resource pattern names every secret: `*`, or an ARN whose resource is `*`/`secret:*`.
fn names_every_secret(pattern: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    match arn_fields(pattern) {
        Some([_, _, service, _, _, resource]) => {
            (service == "secretsmanager" || service == "*")
                && matches!(resource, "*" | "secret:*" | "secret*")
        }
        None => false,
    }
}

fn check_secret_read_on_star(statement: &Statement, findings: &mut Findings) {
    const READ: &str = "secretsmanager:GetSecretValue";
    let (Some(action), Some(resource)) = (&statement.action, &statement.resource) else {
        return;
    };
    if resource.value.negated
        || statement
            .conditions
            .iter()
            .any(|condition| scopes_secrets(&condition.key.value))
    {
        return;
    }
    let Some(star) = resource
        .value
        .patterns
        .iter()
        .find(|pattern| names_every_secret(&pattern.value))
    else {
        return;
    };
    let via = if action.value.negated {
        if action
            .value
            .patterns
            .iter()
            .any(|pattern| action_matches(&pattern.value, READ))
        {
            return;
        }
        "NotAction".to_owned()
    } else {
        match action
            .value
            .patterns
            .iter()
            .find(|pattern| action_matches(&pattern.value, READ))
        {
            Some(pattern) => pattern.value.clone(),
            None => return,
        }
    };
    findings.add(
        GET_SECRET_VALUE_WITH_STAR_IN_RESOURCE,
        star.span,
        format!(
            "Allowing {READ}{} with the resource {} lets the principal read the value of every secret in the account, \
             including secrets created later. We recommend that you specify secret ARNs (for example \
             arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-??????) or add a secretsmanager:ResourceTag/tag-key condition.",
            if via.eq_ignore_ascii_case(READ) { String::new() } else { format!(" (through {via})") },
            star.value
        ),
    );
}

/// Keys that pin a public statement to known callers (reference 2.7: Access Analyzer and Secrets Manager's
/// BlockPublicPolicy treat these as restricting when set to fixed values).
const RESTRICTING_KEYS: &[&str] = &[
    "aws:principalarn",
    "aws:principalaccount",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:sourcearn",
    "aws:sourceaccount",
    "aws:sourceowner",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceip",
    "aws:userid",
    "kms:calleraccount",
];

fn restricts(condition: &Condition) -> bool {
    let operator = condition.operator.value;
    let positive = matches!(
        operator.base,
        OperatorBase::StringEquals
            | OperatorBase::StringEqualsIgnoreCase
            | OperatorBase::StringLike
            | OperatorBase::ArnEquals
            | OperatorBase::ArnLike
            | OperatorBase::IpAddress
    );
    positive
        && !operator.if_exists
        && operator.qualifier != Some(SetQualifier::ForAllValues)
        && RESTRICTING_KEYS.contains(&condition.key.value.to_ascii_lowercase().as_str())
        && !condition.values.is_empty()
        && condition
            .values
            .iter()
            .all(|value| !value.value.chars().all(|character| character == '*') && value.value != "0.0.0.0/0")
}

fn check_public_principal(statement: &Statement, findings: &mut Findings) {
    let Some(principal) = &statement.principal else {
        return;
    };
    if principal.value.negated {
        return;
    }
    let public = match &principal.value.principals {
        PrincipalSet::Everyone => true,
        PrincipalSet::Keyed(entries) => entries.iter().any(|(key, values)| {
            key.value == PrincipalKey::Aws && values.iter().any(|value| value.value == "*")
        }),
    };
    if !public || statement.conditions.iter().any(restricts) {
        return;
    }
    findings.add(
        ALLOW_WITH_PUBLIC_PRINCIPAL,
        principal.span,
        "The statement allows everyone (Principal \"*\"), including anonymous callers and every other AWS account, and no \
         condition restricts it to fixed values of aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceVpce, aws:SourceIp or \
         a similar key. Secrets Manager's BlockPublicPolicy rejects such a policy. Name the principals, or add a restricting \
         condition."
            .to_owned(),
    );
}

// ---- redundant statements ----

fn normalized_conditions(statement: &Statement) -> Vec<(String, String, Vec<String>)> {
    let mut conditions: Vec<(String, String, Vec<String>)> = statement
        .conditions
        .iter()
        .map(|condition| {
            let mut values: Vec<String> = condition.values.iter().map(|value| value.value.clone()).collect();
            values.sort();
            (
                operator_name(condition.operator.value),
                condition.key.value.to_ascii_lowercase(),
                values,
            )
        })
        .collect();
    conditions.sort();
    conditions
}

/// `"*"` and `{"AWS": "*"}` are the same principal (IAM User Guide, Principal element).
fn everyone_principal() -> Vec<(String, Vec<String>)> {
    vec![(format!("{:?}", PrincipalKey::Aws), vec!["*".to_owned()])]
}

fn normalized_principal(clause: &PrincipalClause) -> (bool, Vec<(String, Vec<String>)>) {
    let entries = match &clause.principals {
        PrincipalSet::Everyone => everyone_principal(),
        PrincipalSet::Keyed(entries) => {
            let mut entries: Vec<(String, Vec<String>)> = entries
                .iter()
                .map(|(key, values)| {
                    let mut values: Vec<String> = values.iter().map(|value| value.value.clone()).collect();
                    values.sort();
                    (format!("{:?}", key.value), values)
                })
                .collect();
            entries.sort();
            entries
        }
    };
    (clause.negated, entries)
}

fn clause_covers(
    wide: &[Spanned<String>],
    narrow: &[Spanned<String>],
    wide_negated: bool,
    narrow_negated: bool,
    actions: bool,
) -> bool {
    match (wide_negated, narrow_negated) {
        (false, false) => narrow.iter().all(|narrow| {
            wide.iter()
                .any(|wide| pattern_covers(&wide.value, &narrow.value, actions))
        }),
        // NotX [a] covers NotX [b] when every excluded pattern of the wide clause is also excluded by the narrow one.
        (true, true) => wide.iter().all(|wide| {
            narrow
                .iter()
                .any(|narrow| pattern_covers(&narrow.value, &wide.value, actions))
        }),
        _ => false,
    }
}

/// Whether `wide` has the same effect and applies to at least every request `narrow` applies to.
fn statement_covers(wide: &Statement, narrow: &Statement) -> bool {
    if wide.effect.value != narrow.effect.value {
        return false;
    }
    let principals = match (&wide.principal, &narrow.principal) {
        (None, None) => true,
        (Some(wide), Some(narrow)) => {
            let wide = normalized_principal(&wide.value);
            (!wide.0 && wide.1 == everyone_principal() && !narrow.value.negated)
                || wide == normalized_principal(&narrow.value)
        }
        _ => false,
    };
    let actions = match (&wide.action, &narrow.action) {
        (Some(wide), Some(narrow)) => clause_covers(
            &wide.value.patterns,
            &narrow.value.patterns,
            wide.value.negated,
            narrow.value.negated,
            true,
        ),
        (None, None) => true,
        _ => false,
    };
    let resources = match (&wide.resource, &narrow.resource) {
        (Some(wide), Some(narrow)) => resource_clause_covers(&wide.value, &narrow.value),
        (None, None) => true,
        _ => false,
    };
    let wide_conditions = normalized_conditions(wide);
    let narrow_conditions = normalized_conditions(narrow);
    let conditions = wide_conditions
        .iter()
        .all(|condition| narrow_conditions.contains(condition));
    principals && actions && resources && conditions
}

fn resource_clause_covers(wide: &ResourceClause, narrow: &ResourceClause) -> bool {
    clause_covers(
        &wide.patterns,
        &narrow.patterns,
        wide.negated,
        narrow.negated,
        false,
    )
}

fn check_redundant_statements(policy: &Policy, findings: &mut Findings) {
    let statements = &policy.statements;
    if statements.len() > 200 {
        return;
    }
    for (index, narrow) in statements.iter().enumerate() {
        let covering = statements.iter().enumerate().find(|(other, wide)| {
            *other != index
                && statement_covers(wide, narrow)
                && (!statement_covers(narrow, wide) || *other < index)
        });
        let Some((other, wide)) = covering else { continue };
        let identical = statement_covers(narrow, wide);
        let message = if identical {
            "The statements are redundant because they provide identical permissions. Update the policy to remove the \
             redundant statement."
                .to_owned()
        } else {
            let verb = if narrow.effect.value == Effect::Allow {
                "allows"
            } else {
                "denies"
            };
            format!(
                "The statement is redundant because statement {other} already {verb} everything it {verb}. Update the policy \
                 to remove the redundant statement."
            )
        };
        findings.add_with(REDUNDANT_STATEMENT, narrow.span, message, vec![wide.span]);
    }
}
