//! Fuzz target: arbitrary bytes → `validate_policy` and `parse_policy` for every `PolicyKind` → `decide`, checking the
//! parser's invariants along the way. Run with `cargo fuzz run parse_validate_evaluate` (see ../README.md).

#![no_main]

use libfuzzer_sys::fuzz_target;
use policy::ast::{Policy, Span};
use policy::format::format_policy_text;
use policy::parse::SizeUnit;
use policy::{
    decide, parse_policy, validate_policy, validate_policy_json, Layer, PolicyKind, PolicyLayers, PolicySource, Principal, PrincipalKind, Request,
    RequestContext, ResourceRule, SourcedPolicy,
};

fuzz_target!(|data: &[u8]| {
    // Policies are text; other bytes are read lossily so that invalid UTF-8 still reaches the parser.
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    let formatted = format_policy_text(text);
    let request = fixed_request();
    for kind in PolicyKind::ALL {
        // Validation (Access Analyzer style) runs on any text: findings must point inside it.
        for finding in validate_policy(text, kind) {
            assert_span_within(text, finding.span);
            for location in &finding.other_locations {
                assert_span_within(text, location.span);
            }
        }
        let _ = validate_policy_json(text, kind.access_analyzer_type());
        match parse_policy(text, kind) {
            Ok(policy) => {
                check_spans(text, &policy);
                // Formatting only changes white space, which IAM's quotas do not count: the formatted
                // document must parse to the same statements.
                if kind.size_unit() == SizeUnit::CharactersWithoutWhitespace {
                    let formatted = formatted.as_ref().expect("a policy that parses is valid JSON");
                    if let Ok(again) = parse_policy(formatted, kind) {
                        assert_eq!(shape(&again), shape(&policy), "formatting changed the policy");
                    } else {
                        // Only the API's length constraint (which counts white space) may reject it.
                        let error = parse_policy(formatted, kind).expect_err("checked above");
                        assert!(matches!(error.kind, policy::ParseErrorKind::DocumentTooLong { .. }), "{error}");
                    }
                }
                let source = PolicySource { id: "fuzzed".to_owned(), layer: layer_of(kind) };
                let sourced = SourcedPolicy { source: &source, policy: &policy };
                let _ = decide(&request, &layers_for(kind, sourced));
            }
            Err(error) => {
                assert_span_within(text, error.span);
                let _ = error.message();
                let _ = error.to_string();
            }
        }
    }
});

/// A role session of account 111122223333 reading a secret.
fn fixed_request() -> Request {
    let mut context = RequestContext::new();
    context.insert_string("aws:SourceIp", "10.1.2.3");
    context.insert_string("aws:PrincipalTag/team", "payments");
    context.insert_string("secretsmanager:ResourceTag/env", "prod");
    Request {
        principal: Principal {
            arn: "arn:aws:sts::111122223333:assumed-role/app/i-0123456789abcdef0".to_owned(),
            account: "111122223333".to_owned(),
            kind: PrincipalKind::AssumedRole {
                role_arn: "arn:aws:iam::111122223333:role/app".to_owned(),
                session_name: "i-0123456789abcdef0".to_owned(),
            },
        },
        action: "secretsmanager:GetSecretValue".to_owned(),
        resource: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/db-AbCdEf".to_owned(),
        context,
    }
}

fn layer_of(kind: PolicyKind) -> Layer {
    match kind {
        PolicyKind::IdentityManaged | PolicyKind::IdentityInline => Layer::Identity,
        PolicyKind::PermissionsBoundary => Layer::PermissionsBoundary,
        PolicyKind::Session => Layer::Session,
        PolicyKind::Trust | PolicyKind::SecretResource | PolicyKind::KeyPolicy => Layer::Resource,
        PolicyKind::VpcEndpoint => Layer::VpcEndpoint,
        PolicyKind::ServiceControl => Layer::ServiceControl,
        PolicyKind::ResourceControl => Layer::ResourceControl,
    }
}

/// The fuzzed policy in its layer, with an allow-everything identity policy absent on purpose: the walk must
/// cope with every layer being the only one present.
fn layers_for<'a>(kind: PolicyKind, policy: SourcedPolicy<'a>) -> PolicyLayers<'a> {
    let mut layers = PolicyLayers::default();
    match kind {
        PolicyKind::IdentityManaged | PolicyKind::IdentityInline => layers.identity.push(policy),
        PolicyKind::PermissionsBoundary => layers.permissions_boundary = Some(policy),
        PolicyKind::Session => layers.session.push(policy),
        PolicyKind::Trust => {
            layers.resource = Some(policy);
            layers.resource_rule = ResourceRule::TrustPolicy;
        }
        PolicyKind::SecretResource => layers.resource = Some(policy),
        PolicyKind::KeyPolicy => {
            layers.resource = Some(policy);
            layers.resource_rule = ResourceRule::KeyPolicy;
        }
        PolicyKind::VpcEndpoint => layers.vpc_endpoint = Some(policy),
        PolicyKind::ServiceControl => layers.service_control.push(vec![policy]),
        PolicyKind::ResourceControl => layers.resource_control.push(vec![policy]),
    }
    layers
}

fn assert_span_within(text: &str, span: Span) {
    assert!(span.start.offset <= span.end.offset, "{span:?}");
    assert!(span.end.offset as usize <= text.len(), "{span:?} past {}", text.len());
    assert!(text.is_char_boundary(span.start.offset as usize) && text.is_char_boundary(span.end.offset as usize));
    assert!(span.start.line >= 1 && span.start.column >= 1);
}

/// Every span lies in the text, and every string element's span is a JSON string in the source.
fn check_spans(text: &str, policy: &Policy) {
    assert_span_within(text, policy.span);
    for statement in &policy.statements {
        assert_span_within(text, statement.span);
        assert!(text[statement.span.start.offset as usize..].starts_with('{'));
        let mut strings = Vec::new();
        if let Some(action) = &statement.action {
            strings.extend(action.value.patterns.iter().map(|pattern| pattern.span));
        }
        if let Some(resource) = &statement.resource {
            strings.extend(resource.value.patterns.iter().map(|pattern| pattern.span));
        }
        for condition in &statement.conditions {
            strings.push(condition.key.span);
            strings.push(condition.operator.span);
            for value in &condition.values {
                assert_span_within(text, value.span);
            }
        }
        for span in strings {
            assert_span_within(text, span);
            let source = &text[span.start.offset as usize..span.end.offset as usize];
            assert!(source.starts_with('"') && source.ends_with('"') && source.len() >= 2, "{source:?}");
        }
    }
}

/// The policy without positions, for comparing a document with its formatted self.
fn shape(policy: &Policy) -> String {
    let mut parts = vec![format!("{:?} {:?}", policy.version.as_ref().map(|v| v.value), policy.id.as_ref().map(|id| &id.value))];
    for statement in &policy.statements {
        parts.push(format!(
            "{:?} {:?} {:?} {:?} {:?} {}",
            statement.sid.as_ref().map(|sid| &sid.value),
            statement.effect.value,
            statement.action.as_ref().map(|a| (a.value.negated, a.value.patterns.iter().map(|p| &p.value).collect::<Vec<_>>())),
            statement.resource.as_ref().map(|r| (r.value.negated, r.value.patterns.iter().map(|p| &p.value).collect::<Vec<_>>())),
            statement.principal.as_ref().map(|p| p.value.negated),
            statement
                .conditions
                .iter()
                .map(|c| format!("{}|{}|{:?}", c.operator.value.name(), c.key.value, c.values.iter().map(|v| &v.value).collect::<Vec<_>>()))
                .collect::<Vec<_>>()
                .join(";"),
        ));
    }
    parts.join("\n")
}
