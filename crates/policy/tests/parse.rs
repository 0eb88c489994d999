//! Integration tests of `parse_policy` and `format_policy_text`: every grammar rule, the limits of every
//! `PolicyKind`, the AWS message texts, and exact positions on multi-line documents.

// The helpers below are outside `#[test]` functions, where clippy.toml's test allowances do not reach.
#![allow(clippy::panic)]

use policy::ast::{OperatorBase, Position, PrincipalKey, PrincipalSet, SetQualifier, Span, Version};
use policy::format::format_policy_text;
use policy::json::JsonErrorKind;
use policy::parse::{NameProblem, SizeUnit};
use policy::{parse_policy, Effect, ParseError, ParseErrorKind, Policy, PolicyKind};

fn ok(text: &str, kind: PolicyKind) -> Policy {
    match parse_policy(text, kind) {
        Ok(policy) => policy,
        Err(error) => panic!("expected {kind:?} to parse, got {error}\n{text}"),
    }
}

fn err(text: &str, kind: PolicyKind) -> ParseError {
    match parse_policy(text, kind) {
        Ok(_) => panic!("expected {kind:?} to be rejected:\n{text}"),
        Err(error) => error,
    }
}

/// The (line, column) of the `nth` occurrence of `needle`, found by plain search: an oracle independent of
/// the parser's position tracking. Columns count characters.
fn place(text: &str, needle: &str, nth: usize) -> (u32, u32) {
    let offset = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` #{nth} not in text"))
        .0;
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32 + 1;
    let line_start = before.rfind('\n').map_or(0, |index| index + 1);
    let column = before[line_start..].chars().count() as u32 + 1;
    (line, column)
}

fn start(span: Span) -> (u32, u32) {
    (span.start.line, span.start.column)
}

fn end(span: Span) -> (u32, u32) {
    (span.end.line, span.end.column)
}

const IDENTITY: &str = r#"{
    "Version": "2012-10-17",
    "Id": "ReadAppSecrets",
    "Statement": [
        {
            "Sid": "ReadSecret",
            "Effect": "Allow",
            "Action": ["secretsmanager:GetSecretValue", "secretsmanager:Describe*"],
            "Resource": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/db-*",
            "Condition": {
                "StringEquals": {"aws:ResourceTag/team": ["payments", "ops"]},
                "NumericLessThanEquals": {"aws:MultiFactorAuthAge": 3600},
                "ForAnyValue:StringLikeIfExists": {"aws:TagKeys": "env*"},
                "Bool": {"aws:SecureTransport": true}
            }
        },
        {
            "Effect": "Deny",
            "NotAction": "kms:Decrypt",
            "NotResource": ["*"]
        }
    ]
}"#;

#[test]
fn identity_policy_parses_with_exact_spans() {
    let policy = ok(IDENTITY, PolicyKind::IdentityManaged);
    assert_eq!(
        policy.span.start,
        Position {
            line: 1,
            column: 1,
            offset: 0
        }
    );
    assert_eq!(policy.span.end.offset as usize, IDENTITY.len());
    assert_eq!(end(policy.span), (23, 2));

    let version = policy.version.as_ref().unwrap();
    assert_eq!(version.value, Version::V2012_10_17);
    assert_eq!(start(version.span), (2, 16));
    assert_eq!(end(version.span), (2, 28));
    assert!(policy.substitutes_variables());
    let id = policy.id.as_ref().unwrap();
    assert_eq!((id.value.as_str(), start(id.span)), ("ReadAppSecrets", (3, 11)));

    assert_eq!(policy.statements.len(), 2);
    let first = &policy.statements[0];
    assert_eq!(first.index, 0);
    assert_eq!(start(first.span), (5, 9));
    assert_eq!(end(first.span), (16, 10));
    assert_eq!(first.sid.as_ref().unwrap().value, "ReadSecret");
    assert_eq!(start(first.sid.as_ref().unwrap().span), (6, 20));
    assert_eq!(first.effect.value, Effect::Allow);
    assert_eq!(start(first.effect.span), place(IDENTITY, "\"Allow\"", 0));

    let action = first.action.as_ref().unwrap();
    assert!(!action.value.negated);
    assert_eq!(start(action.span), (8, 23));
    let patterns: Vec<_> = action
        .value
        .patterns
        .iter()
        .map(|pattern| (pattern.value.as_str(), start(pattern.span), end(pattern.span)))
        .collect();
    assert_eq!(
        patterns,
        vec![
            ("secretsmanager:GetSecretValue", (8, 24), (8, 55)),
            ("secretsmanager:Describe*", (8, 57), (8, 83))
        ]
    );
    let resource = first.resource.as_ref().unwrap();
    assert_eq!(
        resource.value.patterns[0].value,
        "arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/db-*"
    );
    assert_eq!(start(resource.value.patterns[0].span), (9, 25));

    let conditions: Vec<_> = first
        .conditions
        .iter()
        .map(|condition| {
            (
                condition.operator.value.name(),
                condition.key.value.as_str(),
                condition
                    .values
                    .iter()
                    .map(|value| value.value.as_str())
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    assert_eq!(
        conditions,
        vec![
            (
                "StringEquals".to_owned(),
                "aws:ResourceTag/team",
                vec!["payments", "ops"]
            ),
            (
                "NumericLessThanEquals".to_owned(),
                "aws:MultiFactorAuthAge",
                vec!["3600"]
            ),
            (
                "ForAnyValue:StringLikeIfExists".to_owned(),
                "aws:TagKeys",
                vec!["env*"]
            ),
            ("Bool".to_owned(), "aws:SecureTransport", vec!["true"]),
        ]
    );
    let string_equals = &first.conditions[0];
    assert_eq!(start(string_equals.operator.span), (11, 17));
    assert_eq!(start(string_equals.key.span), (11, 34));
    assert_eq!(start(string_equals.values[0].span), (11, 59));
    assert_eq!(start(string_equals.values[1].span), (11, 71));
    assert_eq!(end(string_equals.values[1].span), (11, 76));
    assert_eq!(
        start(first.conditions[1].values[0].span),
        place(IDENTITY, "3600", 0)
    );
    assert_eq!(end(first.conditions[1].values[0].span), (12, 73));
    assert_eq!(
        start(first.conditions[3].values[0].span),
        place(IDENTITY, "true", 0)
    );
    let set_operator = first.conditions[2].operator.value;
    assert_eq!(set_operator.qualifier, Some(SetQualifier::ForAnyValue));
    assert_eq!(set_operator.base, OperatorBase::StringLike);
    assert!(set_operator.if_exists);

    let second = &policy.statements[1];
    assert_eq!(second.index, 1);
    assert_eq!(second.effect.value, Effect::Deny);
    assert!(second.action.as_ref().unwrap().value.negated);
    assert_eq!(
        start(second.action.as_ref().unwrap().value.patterns[0].span),
        (19, 26)
    );
    assert!(second.resource.as_ref().unwrap().value.negated);
    assert!(second.sid.is_none() && second.principal.is_none() && second.conditions.is_empty());
}

#[test]
fn statement_object_single_strings_and_versions() {
    let text = r#"{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}"#;
    let policy = ok(text, PolicyKind::IdentityInline);
    assert!(policy.version.is_none());
    assert!(!policy.substitutes_variables());
    assert_eq!(policy.statements.len(), 1);
    assert_eq!(policy.statements[0].index, 0);
    assert_eq!(start(policy.statements[0].span), (1, 15));

    let legacy = ok(
        r#"{"Version": "2008-10-17", "Statement": []}"#,
        PolicyKind::IdentityManaged,
    );
    assert_eq!(legacy.version.unwrap().value, Version::V2008_10_17);
    assert!(legacy.statements.is_empty());
}

#[test]
fn bad_versions_fail_legacy_parsing() {
    let text = "{\n  \"Version\": \"2012-10-18\",\n  \"Statement\": []\n}";
    let error = err(text, PolicyKind::IdentityManaged);
    assert_eq!(
        error.kind,
        ParseErrorKind::InvalidVersion {
            value: "2012-10-18".to_owned()
        }
    );
    assert_eq!(start(error.span), (2, 14));
    assert_eq!(error.message(), "The policy failed legacy parsing");
    assert_eq!(
        error.to_string(),
        "line 2, column 14: `Version` must be `2012-10-17` or `2008-10-17`, found `2012-10-18`"
    );

    let error = err(
        r#"{"Version": 2012, "Statement": []}"#,
        PolicyKind::IdentityManaged,
    );
    assert!(
        matches!(error.kind, ParseErrorKind::WrongType { ref element, found: "number", .. } if element == "Version")
    );
    assert_eq!(error.message(), "Syntax errors in policy.");
}

#[test]
fn resource_control_policies_need_the_current_version() {
    let statement = r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}"#;
    ok(
        &format!(r#"{{"Version": "2012-10-17", "Statement": {statement}}}"#),
        PolicyKind::ResourceControl,
    );
    let error = err(
        &format!(r#"{{"Statement": {statement}}}"#),
        PolicyKind::ResourceControl,
    );
    assert_eq!(
        error.kind,
        ParseErrorKind::VersionRequired {
            policy: PolicyKind::ResourceControl
        }
    );
    let error = err(
        &format!(r#"{{"Version": "2008-10-17", "Statement": {statement}}}"#),
        PolicyKind::ResourceControl,
    );
    assert_eq!(start(error.span), (1, 13));
}

#[test]
fn unknown_elements_are_rejected_at_their_key() {
    let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [],\n  \"Condition\": {}\n}";
    let error = err(text, PolicyKind::IdentityManaged);
    assert_eq!(
        error.kind,
        ParseErrorKind::UnknownElement {
            name: "Condition".to_owned()
        }
    );
    assert_eq!(start(error.span), (4, 3));
    assert_eq!(end(error.span), (4, 14));
    assert_eq!(error.message(), "Syntax errors in policy.");

    let text =
        "{\"Statement\": [{\n \"Effect\": \"Allow\",\n \"Actions\": \"s3:*\",\n \"Resource\": \"*\"}]}";
    let error = err(text, PolicyKind::IdentityManaged);
    assert_eq!(
        error.kind,
        ParseErrorKind::UnknownStatementElement {
            name: "Actions".to_owned()
        }
    );
    assert_eq!(start(error.span), (3, 2));
    // Elements are case-sensitive.
    let error = err(r#"{"statement": []}"#, PolicyKind::IdentityManaged);
    assert_eq!(
        error.kind,
        ParseErrorKind::UnknownElement {
            name: "statement".to_owned()
        }
    );
}

#[test]
fn duplicate_keys_are_rejected_with_their_position() {
    let text = "{\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\", \"Effect\": \"Deny\",\n      \"Action\": \"s3:*\", \"Resource\": \"*\"\n    }\n  ]\n}";
    let error = err(text, PolicyKind::IdentityManaged);
    assert_eq!(
        error.kind,
        ParseErrorKind::Json(JsonErrorKind::DuplicateKey {
            key: "Effect".to_owned()
        })
    );
    assert_eq!(start(error.span), (4, 26));
    assert_eq!(error.to_string(), "line 4, column 26: duplicate key `Effect`");
    assert_eq!(error.message(), "Syntax errors in policy.");
}

#[test]
fn x_and_not_x_conflict() {
    for (first, second) in [("Action", "NotAction"), ("Resource", "NotResource")] {
        let text = format!(
            "{{\"Statement\": {{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\",\n  \"{second}\": \"*\"}}}}"
        );
        let text = text.replacen(
            &format!("\"{second}\": \"*\""),
            &format!("\"{second}\": \"s3:x\""),
            1,
        );
        let error = err(&text, PolicyKind::IdentityManaged);
        assert_eq!(
            error.kind,
            ParseErrorKind::ConflictingElements {
                first: leak(first),
                second: leak(second)
            }
        );
        assert_eq!(start(error.span), (2, 3));
        assert_eq!(error.message(), "Syntax errors in policy.");
    }
    let text = r#"{"Statement": {"Effect": "Allow", "NotPrincipal": {"AWS": "111122223333"}, "Principal": "*", "Action": "s3:*", "Resource": "*"}}"#;
    let error = err(text, PolicyKind::SecretResource);
    assert_eq!(
        error.kind,
        ParseErrorKind::ConflictingElements {
            first: "NotPrincipal",
            second: "Principal"
        }
    );
    assert_eq!(start(error.span), place(text, "\"Principal\"", 0));
}

fn leak(text: &str) -> &'static str {
    match text {
        "Action" => "Action",
        "NotAction" => "NotAction",
        "Resource" => "Resource",
        _ => "NotResource",
    }
}

#[test]
fn effect_must_be_exactly_allow_or_deny() {
    for bad in ["allow", "DENY", "Allow ", ""] {
        let text = format!(
            "{{\"Statement\": {{\n\"Effect\": \"{bad}\", \"Action\": \"s3:*\", \"Resource\": \"*\"}}}}"
        );
        let error = err(&text, PolicyKind::IdentityManaged);
        assert_eq!(
            error.kind,
            ParseErrorKind::InvalidEffect {
                value: bad.to_owned()
            }
        );
        assert_eq!(start(error.span), (2, 11));
        assert_eq!(error.message(), "The policy failed legacy parsing");
    }
    let text = "{\"Statement\": [\n  {\"Action\": \"s3:*\", \"Resource\": \"*\"}]}";
    let error = err(text, PolicyKind::IdentityManaged);
    assert_eq!(error.kind, ParseErrorKind::MissingEffect);
    assert_eq!((start(error.span), end(error.span)), ((2, 3), (2, 38)));
    let error = err(
        r#"{"Statement": {"Effect": true, "Action": "s3:*", "Resource": "*"}}"#,
        PolicyKind::IdentityManaged,
    );
    assert!(matches!(
        error.kind,
        ParseErrorKind::WrongType { found: "boolean", .. }
    ));
}

const WITH_PRINCIPAL: &str = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
 "Principal": {"AWS": "arn:aws:iam::111122223333:role/app"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}"#;

#[test]
fn principal_is_forbidden_in_identity_boundary_session_and_scp() {
    for kind in PolicyKind::ALL
        .into_iter()
        .filter(|kind| kind.forbids_principal())
    {
        let error = err(WITH_PRINCIPAL, kind);
        assert_eq!(
            error.kind,
            ParseErrorKind::PrincipalNotAllowed {
                element: "Principal",
                policy: kind
            }
        );
        assert_eq!(start(error.span), (2, 2));
        let expected = if kind == PolicyKind::ServiceControl {
            "The provided policy document does not meet the requirements of the specified policy type."
        } else {
            "Policy document should not specify a principal."
        };
        assert_eq!(error.message(), expected, "{kind:?}");
    }
    assert_eq!(
        PolicyKind::ALL
            .into_iter()
            .filter(|kind| kind.forbids_principal())
            .collect::<Vec<_>>(),
        vec![
            PolicyKind::IdentityManaged,
            PolicyKind::IdentityInline,
            PolicyKind::PermissionsBoundary,
            PolicyKind::Session,
            PolicyKind::ServiceControl
        ]
    );
}

#[test]
fn principal_is_required_in_resource_trust_key_endpoint_and_rcp() {
    let text = "{\"Version\": \"2012-10-17\", \"Statement\": [\n  {\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\", \"Resource\": \"*\"}]}";
    let expected = [
        (PolicyKind::Trust, "Has prohibited field Resource"),
        (
            PolicyKind::SecretResource,
            "This resource policy contains a syntax error.",
        ),
        (
            PolicyKind::KeyPolicy,
            "Policy contains a statement with one or more invalid principals.",
        ),
        (PolicyKind::VpcEndpoint, "Missing required field Principal"),
        (
            PolicyKind::ResourceControl,
            "The provided policy document does not meet the requirements of the specified policy type.",
        ),
    ];
    for (kind, message) in expected {
        assert!(kind.requires_principal());
        let error = err(text, kind);
        assert_eq!(error.message(), message, "{kind:?}");
        if kind != PolicyKind::Trust {
            assert_eq!(error.kind, ParseErrorKind::MissingPrincipal { policy: kind });
            assert_eq!(start(error.span), (2, 3));
        }
    }
    let trust = "{\"Version\": \"2012-10-17\", \"Statement\": [\n  {\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\"}]}";
    let error = err(trust, PolicyKind::Trust);
    assert_eq!(
        error.kind,
        ParseErrorKind::MissingPrincipal {
            policy: PolicyKind::Trust
        }
    );
    assert_eq!(error.message(), "Missing required field Principal");
}

#[test]
fn trust_policies_take_no_resource_and_key_policies_tolerate_missing_elements() {
    let trust = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#;
    let policy = ok(trust, PolicyKind::Trust);
    let statement = &policy.statements[0];
    assert!(statement.resource.is_none());
    let Some(principal) = &statement.principal else {
        panic!("principal")
    };
    let PrincipalSet::Keyed(keyed) = &principal.value.principals else {
        panic!("keyed")
    };
    assert_eq!(keyed[0].0.value, PrincipalKey::Service);
    assert_eq!(keyed[0].1[0].value, "ec2.amazonaws.com");
    assert_eq!(
        start(keyed[0].1[0].span),
        place(trust, "\"ec2.amazonaws.com\"", 0)
    );

    let with_resource = trust.replace("\"sts:AssumeRole\"", "\"sts:AssumeRole\", \"NotResource\": \"*\"");
    let error = err(&with_resource, PolicyKind::Trust);
    assert_eq!(
        error.kind,
        ParseErrorKind::ResourceNotAllowed {
            element: "NotResource"
        }
    );
    assert_eq!(error.message(), "Has prohibited field NotResource");

    // KMS accepts a statement without Action or Resource; the statement has no effect.
    let key = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}}]}"#;
    let policy = ok(key, PolicyKind::KeyPolicy);
    assert!(policy.statements[0].action.is_none() && policy.statements[0].resource.is_none());
}

#[test]
fn actions_and_resources_are_required_and_shaped() {
    let text = "{\"Statement\": [\n  {\"Effect\": \"Allow\", \"Resource\": \"*\"}]}";
    let error = err(text, PolicyKind::IdentityManaged);
    assert_eq!(error.kind, ParseErrorKind::MissingAction);
    assert_eq!(start(error.span), (2, 3));
    assert_eq!(error.message(), "Policy statement must contain actions.");

    let text = "{\"Statement\": [\n  {\"Effect\": \"Allow\", \"Action\": \"s3:*\"}]}";
    let error = err(text, PolicyKind::IdentityManaged);
    assert_eq!(error.kind, ParseErrorKind::MissingResource);
    assert_eq!(error.message(), "Policy statement must contain resources.");

    let text = "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": []}}";
    let error = err(text, PolicyKind::IdentityManaged);
    assert_eq!(error.kind, ParseErrorKind::MissingResource);
    assert_eq!(start(error.span), place(text, "[]", 0));

    let cases = [
        (
            "secretsmanager:Get:SecretValue",
            NameProblem::TooManyColons,
            "Actions/Condition can contain only one colon.",
        ),
        (
            "GetSecretValue",
            NameProblem::MissingVendor,
            "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
        ),
        (
            ":GetSecretValue",
            NameProblem::MissingVendor,
            "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
        ),
    ];
    for (action, problem, message) in cases {
        let text = format!("{{\"Statement\": {{\"Effect\": \"Allow\",\n \"Action\": [\"s3:*\", \"{action}\"], \"Resource\": \"*\"}}}}");
        let error = err(&text, PolicyKind::IdentityManaged);
        assert_eq!(
            error.kind,
            ParseErrorKind::InvalidAction {
                pattern: action.to_owned(),
                problem
            }
        );
        assert_eq!(start(error.span), (2, 21));
        assert_eq!(error.message(), message);
    }
    for fine in ["*", "secretsmanager:*", "s3:Get?bject", "kms:*Decrypt*"] {
        ok(
            &format!(r#"{{"Statement": {{"Effect": "Allow", "Action": "{fine}", "Resource": "*"}}}}"#),
            PolicyKind::IdentityManaged,
        );
    }

    let text = r#"{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": ["*", "vpc-123"]}}"#;
    let error = err(text, PolicyKind::IdentityManaged);
    assert_eq!(
        error.kind,
        ParseErrorKind::InvalidResource {
            pattern: "vpc-123".to_owned()
        }
    );
    assert_eq!(
        error.message(),
        "Resource vpc-123 must be in ARN format or \"*\"."
    );
    assert_eq!(start(error.span), place(text, "\"vpc-123\"", 0));

    let error = err(
        r#"{"Statement": {"Effect": "Allow", "Action": ["s3:*", 3], "Resource": "*"}}"#,
        PolicyKind::IdentityManaged,
    );
    assert!(
        matches!(error.kind, ParseErrorKind::WrongType { ref element, found: "number", .. } if element == "Action")
    );
    let error = err(
        r#"{"Statement": {"Effect": "Allow", "Action": {"a": 1}, "Resource": "*"}}"#,
        PolicyKind::IdentityManaged,
    );
    assert!(matches!(
        error.kind,
        ParseErrorKind::WrongType { found: "object", .. }
    ));
}

fn with_condition(condition: &str) -> String {
    format!("{{\"Statement\": {{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\",\n\"Condition\": {condition}}}}}")
}

#[test]
fn every_condition_operator_is_recognised() {
    for base in OperatorBase::ALL {
        for prefix in ["", "ForAllValues:", "ForAnyValue:"] {
            for suffix in ["", "IfExists"] {
                let name = format!("{prefix}{}{suffix}", base.name());
                let text = with_condition(&format!("{{\"{name}\": {{\"aws:SomeKey\": \"x\"}}}}"));
                if base == OperatorBase::Null && suffix == "IfExists" {
                    let error = err(&text, PolicyKind::IdentityManaged);
                    assert_eq!(error.kind, ParseErrorKind::NullWithIfExists);
                    assert_eq!(start(error.span), (2, 15));
                    continue;
                }
                let policy = ok(&text, PolicyKind::IdentityManaged);
                let operator = policy.statements[0].conditions[0].operator.value;
                assert_eq!(operator.name(), name);
                assert_eq!(operator.base, base);
                assert_eq!(operator.if_exists, suffix == "IfExists");
            }
        }
    }
    for unknown in [
        "StringEqualz",
        "stringEquals",
        "ForAnyValues:StringLike",
        "StringLikeIfexists",
        "IfExists",
    ] {
        let text = with_condition(&format!("{{\"{unknown}\": {{\"aws:SomeKey\": \"x\"}}}}"));
        let error = err(&text, PolicyKind::IdentityManaged);
        assert_eq!(
            error.kind,
            ParseErrorKind::UnknownConditionOperator {
                name: unknown.to_owned()
            }
        );
        assert_eq!(start(error.span), (2, 15));
        assert_eq!(error.message(), format!("Invalid Condition type : {unknown}"));
    }
}

#[test]
fn condition_values_and_keys() {
    let text = with_condition(
        r#"{"NumericLessThan": {"aws:MultiFactorAuthAge": [10.50, -3e2]}, "Bool": {"aws:SecureTransport": [false]}, "StringEquals": {"aws:ResourceTag/aws:cloudformation:stack-name": "app", "aws:PrincipalTag/x": []}}"#,
    );
    let policy = ok(&text, PolicyKind::IdentityManaged);
    let conditions = &policy.statements[0].conditions;
    assert_eq!(conditions.len(), 4);
    assert_eq!(
        conditions[0]
            .values
            .iter()
            .map(|value| value.value.as_str())
            .collect::<Vec<_>>(),
        vec!["10.50", "-3e2"]
    );
    assert_eq!(start(conditions[0].values[1].span), place(&text, "-3e2", 0));
    assert_eq!(conditions[1].values[0].value, "false");
    assert_eq!(
        conditions[2].key.value,
        "aws:ResourceTag/aws:cloudformation:stack-name"
    );
    assert!(conditions[3].values.is_empty());

    for (value, found) in [
        ("null", "null"),
        ("{\"a\": \"b\"}", "object"),
        ("[[\"a\"]]", "array"),
        ("[\"a\", null]", "null"),
    ] {
        let text = with_condition(&format!("{{\"StringEquals\": {{\"aws:username\": {value}}}}}"));
        let error = err(&text, PolicyKind::IdentityManaged);
        assert_eq!(error.kind, ParseErrorKind::InvalidConditionValue { found });
        assert_eq!(error.message(), "Syntax errors in policy.");
    }
    let error = err(&with_condition("[]"), PolicyKind::IdentityManaged);
    assert!(matches!(error.kind, ParseErrorKind::WrongType { ref element, .. } if element == "Condition"));
    let error = err(
        &with_condition("{\"StringEquals\": \"x\"}"),
        PolicyKind::IdentityManaged,
    );
    assert!(matches!(error.kind, ParseErrorKind::WrongType { ref element, .. } if element == "StringEquals"));

    // Condition keys may have more than one colon (KMS encryption context keys).
    let policy = ok(
        &with_condition("{\"StringEquals\": {\"kms:EncryptionContext:SecretARN\": \"arn:aws:secretsmanager:eu-west-1:111122223333:secret:app\"}}"),
        PolicyKind::IdentityManaged,
    );
    assert_eq!(
        policy.statements[0].conditions[0].key.value,
        "kms:EncryptionContext:SecretARN"
    );
    let error = err(
        &with_condition("{\"StringEquals\": {\":SourceIp\": \"x\"}}"),
        PolicyKind::IdentityManaged,
    );
    assert_eq!(start(error.span), (2, 32));
    assert_eq!(
        error.message(),
        "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."
    );
    let error = err(
        &with_condition("{\"IpAddress\": {\"SourceIp\": \"10.0.0.0/8\"}}"),
        PolicyKind::IdentityManaged,
    );
    assert_eq!(
        error.kind,
        ParseErrorKind::InvalidConditionKey {
            key: "SourceIp".to_owned(),
            problem: NameProblem::MissingVendor
        }
    );
}

fn resource_policy(principal: &str) -> String {
    format!(
        "{{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Effect\": \"Allow\",\n\"Principal\": {principal}, \"Action\": \"secretsmanager:GetSecretValue\", \"Resource\": \"*\"}}]}}"
    )
}

#[test]
fn principal_forms() {
    let policy = ok(&resource_policy("\"*\""), PolicyKind::SecretResource);
    assert_eq!(
        policy.statements[0].principal.as_ref().unwrap().value.principals,
        PrincipalSet::Everyone
    );
    assert!(!policy.statements[0].principal.as_ref().unwrap().value.negated);

    let text = resource_policy(
        r#"{"AWS": ["111122223333", "arn:aws:iam::111122223333:role/app", "*"], "Service": "lambda.amazonaws.com", "Federated": "cognito-identity.amazonaws.com", "CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}"#,
    );
    let policy = ok(&text, PolicyKind::SecretResource);
    let PrincipalSet::Keyed(keyed) = &policy.statements[0].principal.as_ref().unwrap().value.principals
    else {
        panic!("keyed")
    };
    let keys: Vec<_> = keyed
        .iter()
        .map(|(key, values)| (key.value, values.len(), start(key.span)))
        .collect();
    assert_eq!(
        keys,
        vec![
            (PrincipalKey::Aws, 3, (2, 15)),
            (PrincipalKey::Service, 1, place(&text, "\"Service\"", 0)),
            (PrincipalKey::Federated, 1, place(&text, "\"Federated\"", 0)),
            (
                PrincipalKey::CanonicalUser,
                1,
                place(&text, "\"CanonicalUser\"", 0)
            ),
        ]
    );
    assert_eq!(
        start(keyed[0].1[1].span),
        place(&text, "\"arn:aws:iam::111122223333:role/app\"", 0)
    );

    let negated = ok(
        &resource_policy("{\"AWS\": \"111122223333\"}").replace("\"Principal\"", "\"NotPrincipal\""),
        PolicyKind::SecretResource,
    );
    assert!(negated.statements[0].principal.as_ref().unwrap().value.negated);
}

#[test]
fn invalid_principals() {
    let text = resource_policy("{\"Aws\": \"111122223333\"}");
    let error = err(&text, PolicyKind::KeyPolicy);
    assert_eq!(
        error.kind,
        ParseErrorKind::InvalidPrincipalKey {
            key: "Aws".to_owned()
        }
    );
    assert_eq!(start(error.span), (2, 15));
    assert_eq!(
        error.message(),
        "Policy contains a statement with one or more invalid principals."
    );
    assert_eq!(
        err(&text, PolicyKind::Trust).message(),
        "Invalid principal in policy"
    );

    for principal in [
        "\"arn:aws:iam::111122223333:root\"",
        "{\"AWS\": \"arn:aws:iam::*:root\"}",
        "{\"AWS\": \"\"}",
        "{\"AWS\": []}",
        "{}",
    ] {
        let error = err(&resource_policy(principal), PolicyKind::Trust);
        assert!(
            matches!(error.kind, ParseErrorKind::InvalidPrincipal { .. }),
            "{principal}: {error}"
        );
        assert_eq!(error.message(), "Invalid principal in policy");
    }
    let error = err(
        &resource_policy("{\"Service\": \"secretsmanager\"}"),
        PolicyKind::SecretResource,
    );
    assert_eq!(
        error.kind,
        ParseErrorKind::InvalidServicePrincipal {
            value: "secretsmanager".to_owned()
        }
    );
    assert_eq!(
        error.message(),
        "This resource policy contains an invalid service principal."
    );
    let error = err(&resource_policy("[\"*\"]"), PolicyKind::SecretResource);
    assert!(
        matches!(error.kind, ParseErrorKind::WrongType { ref element, found: "array", .. } if element == "Principal")
    );
    let error = err(
        &resource_policy("{\"AWS\": 111122223333}"),
        PolicyKind::SecretResource,
    );
    assert!(
        matches!(error.kind, ParseErrorKind::WrongType { ref element, found: "number", .. } if element == "Principal.AWS")
    );
}

#[test]
fn statement_ids() {
    let two = |first: &str, second: &str| {
        format!(
            "{{\"Statement\": [\n{{\"Sid\": \"{first}\", \"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}},\n{{\"Sid\": \"{second}\", \"Effect\": \"Deny\", \"Action\": \"s3:*\", \"Resource\": \"*\"}}]}}"
        )
    };
    ok(&two("A1", "B2"), PolicyKind::IdentityManaged);
    let error = err(&two("Read-Secrets", "B2"), PolicyKind::IdentityManaged);
    assert_eq!(
        error.kind,
        ParseErrorKind::InvalidSid {
            sid: "Read-Secrets".to_owned()
        }
    );
    assert_eq!(start(error.span), (2, 9));
    assert_eq!(
        error.message(),
        "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*"
    );
    let error = err(&two("Same", "Same"), PolicyKind::IdentityInline);
    assert_eq!(
        error.kind,
        ParseErrorKind::DuplicateSid {
            sid: "Same".to_owned()
        }
    );
    assert_eq!(start(error.span), (3, 9));
    assert_eq!(
        error.message(),
        "Statement IDs (SID) in a single policy must be unique."
    );
    // Secrets Manager's own example Sid has a hyphen; service control policies are not IAM documents either.
    let scp = two("Deny-Outside-Vpc", "Deny-Outside-Vpc");
    ok(&scp, PolicyKind::ServiceControl);
}

#[test]
fn document_shape_errors() {
    let error = err("[]", PolicyKind::IdentityManaged);
    assert_eq!(error.kind, ParseErrorKind::NotAnObject { found: "array" });
    let error = err("{\"Version\": \"2012-10-17\"}", PolicyKind::IdentityManaged);
    assert_eq!(error.kind, ParseErrorKind::MissingStatement);
    let error = err("{\"Statement\": \"Allow\"}", PolicyKind::IdentityManaged);
    assert!(matches!(
        error.kind,
        ParseErrorKind::WrongType { found: "string", .. }
    ));
    let error = err(
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"},\n 7]}",
        PolicyKind::IdentityManaged,
    );
    assert!(matches!(
        error.kind,
        ParseErrorKind::WrongType { found: "number", .. }
    ));
    assert_eq!(start(error.span), (2, 2));
    for empty in ["", "   \n\t "] {
        let error = err(empty, PolicyKind::IdentityManaged);
        assert_eq!(error.kind, ParseErrorKind::EmptyDocument);
        assert_eq!(error.message(), "Syntax errors in policy.");
    }
    let error = err("{\"Statement\": []} {}", PolicyKind::IdentityManaged);
    assert_eq!(
        error.kind,
        ParseErrorKind::Json(JsonErrorKind::TrailingCharacters)
    );
    assert_eq!(start(error.span), (1, 19));
}

#[test]
fn characters_outside_the_allowed_range_are_rejected_at_the_first_one() {
    // Latin-1 is fine (U+00E9), escapes are not looked into.
    ok(
        "{\"Id\": \"café\\u4e2d\", \"Statement\": []}",
        PolicyKind::IdentityManaged,
    );
    let text = "{\n  \"Id\": \"café 中文\",\n  \"Statement\": []\n}";
    let error = err(text, PolicyKind::IdentityManaged);
    assert_eq!(error.kind, ParseErrorKind::InvalidCharacter { character: '中' });
    assert_eq!(start(error.span), (2, 15));
    assert_eq!(error.span.start.offset, 17);
    assert_eq!(
        error.message(),
        "1 validation error detected: Value at 'policyDocument' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+"
    );
    assert_eq!(
        error.to_string(),
        "line 2, column 15: character U+4E2D is not allowed in a policy (allowed: tab, line feed, carriage return and U+0020 to U+00FF)"
    );
    let error = err("\u{feff}{\"Statement\": []}", PolicyKind::Trust);
    assert_eq!(
        error.kind,
        ParseErrorKind::InvalidCharacter {
            character: '\u{feff}'
        }
    );
    assert_eq!(start(error.span), (1, 1));
    assert!(error.message().contains("'assumeRolePolicyDocument'"));
    let error = err("{\"Statement\": [\u{7}]}", PolicyKind::IdentityManaged);
    assert_eq!(
        error.kind,
        ParseErrorKind::InvalidCharacter { character: '\u{7}' }
    );
    assert_eq!(start(error.span), (1, 16));
}

/// A document of `kind` whose size as `kind` counts it is exactly `size`.
fn document_of_size(kind: PolicyKind, size: usize) -> String {
    let principal = if kind.requires_principal() {
        "\"Principal\": \"*\", "
    } else {
        ""
    };
    let resource = if kind == PolicyKind::Trust {
        ""
    } else {
        ", \"Resource\": \"*\""
    };
    let build = |padding: usize| {
        format!(
            "{{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Sid\": \"{}\", \"Effect\": \"Deny\", {principal}\"Action\": \"s3:*\"{resource}}}]}}",
            "A".repeat(padding)
        )
    };
    let base = kind.size_of(&build(0));
    assert!(size >= base);
    let text = build(size - base);
    assert_eq!(kind.size_of(&text), size);
    text
}

#[test]
fn every_kind_enforces_its_size_limit() {
    let expected = [
        (PolicyKind::IdentityManaged, 6_144, SizeUnit::CharactersWithoutWhitespace, "Cannot exceed quota for PolicySize: 6144"),
        (PolicyKind::IdentityInline, 10_240, SizeUnit::CharactersWithoutWhitespace, "Maximum policy size of 10240 bytes exceeded"),
        (PolicyKind::PermissionsBoundary, 6_144, SizeUnit::CharactersWithoutWhitespace, "Cannot exceed quota for PolicySize: 6144"),
        (
            PolicyKind::Session,
            2_048,
            SizeUnit::Characters,
            "1 validation error detected: Value at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048",
        ),
        (PolicyKind::Trust, 2_048, SizeUnit::CharactersWithoutWhitespace, "Cannot exceed quota for ACLSizePerRole: 2048"),
        (
            PolicyKind::SecretResource,
            20_480,
            SizeUnit::Characters,
            "1 validation error detected: Value at 'resourcePolicy' failed to satisfy constraint: Member must have length less than or equal to 20480",
        ),
        (
            PolicyKind::KeyPolicy,
            32_768,
            SizeUnit::Bytes,
            "1 validation error detected: Value at 'policy' failed to satisfy constraint: Member must have length less than or equal to 32768",
        ),
        (
            PolicyKind::VpcEndpoint,
            20_480,
            SizeUnit::Characters,
            "1 validation error detected: Value at 'policy' failed to satisfy constraint: Member must have length less than or equal to 20480",
        ),
        (PolicyKind::ServiceControl, 5_120, SizeUnit::Bytes, "You have exceeded the maximum policy size."),
        (PolicyKind::ResourceControl, 5_120, SizeUnit::Bytes, "You have exceeded the maximum policy size."),
    ];
    assert_eq!(expected.len(), PolicyKind::ALL.len());
    for (kind, limit, unit, message) in expected {
        assert_eq!((kind.size_limit(), kind.size_unit()), (limit, unit), "{kind:?}");
        ok(&document_of_size(kind, limit), kind);
        let error = err(&document_of_size(kind, limit + 1), kind);
        assert!(error.kind.is_size_limit(), "{kind:?}: {error}");
        assert_eq!(
            error.kind,
            ParseErrorKind::SizeLimitExceeded {
                policy: kind,
                size: limit + 1,
                limit
            }
        );
        assert_eq!(error.message(), message, "{kind:?}");
        assert_eq!(
            error.span.start,
            Position {
                line: 1,
                column: 1,
                offset: 0
            }
        );
    }
    // IAM does not count white space: a managed policy padded with 25 000 spaces is fine.
    let spaced = document_of_size(PolicyKind::IdentityManaged, 6_000)
        .replace(", ", &format!(",{}", " ".repeat(5_000)));
    assert!(spaced.len() > 20_000);
    ok(&spaced, PolicyKind::IdentityManaged);
    assert!(err(&spaced, PolicyKind::VpcEndpoint).kind.is_size_limit());
    assert!(!ParseErrorKind::MissingAction.is_size_limit());
}

#[test]
fn the_api_length_constraint_comes_before_the_quota() {
    // IAM's policyDocumentType and KMS's PolicyType accept at most 131,072 characters, white space included.
    let limit = 131_072;
    for kind in [
        PolicyKind::IdentityManaged,
        PolicyKind::Trust,
        PolicyKind::KeyPolicy,
    ] {
        assert_eq!(kind.api_length_limit(), Some(limit));
        let text = format!("{}{}", " ".repeat(limit - 17), "{\"Statement\": []}\n");
        assert_eq!(text.chars().count(), limit + 1);
        let error = err(&text, kind);
        assert_eq!(
            error.kind,
            ParseErrorKind::DocumentTooLong {
                length: limit + 1,
                limit
            }
        );
        assert!(!error.kind.is_size_limit());
        assert_eq!(start(error.span), (1, 1));
        let parameter = if kind == PolicyKind::IdentityManaged {
            "policyDocument"
        } else if kind == PolicyKind::Trust {
            "assumeRolePolicyDocument"
        } else {
            "policy"
        };
        assert_eq!(
            error.message(),
            format!("1 validation error detected: Value at '{parameter}' failed to satisfy constraint: Member must have length less than or equal to 131072")
        );
        // One character less and the white space does not count against IAM's quota.
        if kind != PolicyKind::KeyPolicy {
            ok(text.trim_end(), kind);
        }
    }
    assert_eq!(PolicyKind::SecretResource.api_length_limit(), None);
}

#[test]
fn access_analyzer_policy_types() {
    let types: Vec<_> = PolicyKind::ALL
        .iter()
        .map(|kind| kind.access_analyzer_type())
        .collect();
    assert_eq!(
        types,
        vec![
            "IDENTITY_POLICY",
            "IDENTITY_POLICY",
            "IDENTITY_POLICY",
            "IDENTITY_POLICY",
            "TRUST_POLICY",
            "RESOURCE_POLICY",
            "RESOURCE_POLICY",
            "RESOURCE_POLICY",
            "SERVICE_CONTROL_POLICY",
            "RESOURCE_CONTROL_POLICY"
        ]
    );
    assert_eq!(
        PolicyKind::from_access_analyzer_type("RESOURCE_POLICY"),
        Some(PolicyKind::SecretResource)
    );
    assert_eq!(
        PolicyKind::from_access_analyzer_type("IDENTITY_POLICY"),
        Some(PolicyKind::IdentityManaged)
    );
    assert_eq!(
        PolicyKind::from_access_analyzer_type("TRUST_POLICY"),
        Some(PolicyKind::Trust)
    );
    assert_eq!(
        PolicyKind::from_access_analyzer_type("SERVICE_CONTROL_POLICY"),
        Some(PolicyKind::ServiceControl)
    );
    assert_eq!(
        PolicyKind::from_access_analyzer_type("RESOURCE_CONTROL_POLICY"),
        Some(PolicyKind::ResourceControl)
    );
    assert_eq!(PolicyKind::from_access_analyzer_type("resource_policy"), None);
}

#[test]
fn kms_hides_most_messages_and_displays_stay_precise() {
    let error = err("{\"Statement\": [}", PolicyKind::KeyPolicy);
    assert_eq!(error.message(), "");
    assert_eq!(
        error.to_string(),
        "line 1, column 16: unexpected character `}`, expected a value"
    );
}

#[test]
fn positions_count_characters_after_latin1_text() {
    let text = "{\"Id\": \"Ünïcødé\",\n \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\", \"Sid\": \"ä\"}}";
    let error = err(text, PolicyKind::IdentityManaged);
    assert_eq!(error.kind, ParseErrorKind::InvalidSid { sid: "ä".to_owned() });
    assert_eq!(start(error.span), place(text, "\"ä\"", 0));
    let error = err("{\"Id\": \"ÿÿ\", \"Statement\": 1}", PolicyKind::IdentityManaged);
    assert_eq!(start(error.span), (1, 27));
    assert_eq!(error.span.start.offset, 28);
}

#[test]
fn formatting_keeps_content_of_policies_that_fail_policy_rules() {
    let text = r#"{"Version":"2012-10-18","Statement":{"Effect":"allow","Action":"s3:*","Resource":"*","Effect":"x"}}"#;
    assert!(parse_policy(text, PolicyKind::IdentityManaged).is_err());
    let formatted = format_policy_text(text).unwrap();
    assert_eq!(
        formatted,
        "{\n    \"Version\": \"2012-10-18\",\n    \"Statement\": {\n        \"Effect\": \"allow\",\n        \"Action\": \"s3:*\",\n        \"Resource\": \"*\",\n        \"Effect\": \"x\"\n    }\n}\n"
    );
    let formatted_identity = format_policy_text(IDENTITY).unwrap();
    assert_eq!(
        ok(&formatted_identity, PolicyKind::IdentityManaged)
            .statements
            .len(),
        ok(IDENTITY, PolicyKind::IdentityManaged).statements.len()
    );
    assert_eq!(
        format_policy_text(&formatted_identity).unwrap(),
        formatted_identity
    );
    assert!(format_policy_text("{\"a\": }").is_err());
}
