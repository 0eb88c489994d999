//! Property tests for the evaluator's laws over generated policies and requests: an explicit deny always wins;
//! adding a Deny never grants; removing an Allow never grants; statement and policy order never matter;
//! `decide` and `explain` always agree.

use policy::{
    decide, explain, ActionClause, Condition, ConditionOperator, ContextKeyType, ContextValue, Decision,
    Effect, Layer, OperatorBase, Policy, PolicyLayers, PolicySource, Principal, PrincipalClause,
    PrincipalKey, PrincipalKind, PrincipalSet, Request, RequestContext, ResourceClause, ResourceRule,
    SetQualifier, SourcedPolicy, Span, Spanned, Statement, Version,
};
use proptest::prelude::*;
use proptest::sample::Index;

const ACCOUNT: &str = "111122223333";
const OTHER: &str = "444455556666";
const ROLE: &str = "arn:aws:iam::111122223333:role/App";
const SESSION: &str = "arn:aws:sts::111122223333:assumed-role/App/i-0abc";
const USER: &str = "arn:aws:iam::111122223333:user/alice";
const SECRET: &str = "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf";

const ACTIONS: &[&str] = &[
    "secretsmanager:GetSecretValue",
    "secretsmanager:*",
    "secretsmanager:Get*",
    "*",
    "kms:Decrypt",
    "s3:*",
];
const RESOURCES: &[&str] = &[
    "*",
    SECRET,
    "arn:aws:secretsmanager:*:*:secret:prod/*",
    "arn:aws:secretsmanager:*:*:secret:dev/*",
    "arn:aws:secretsmanager:*:*:secret:${aws:PrincipalTag/team}/*",
    "arn:aws:kms:*:*:key/*",
];
const PRINCIPALS: &[&str] = &[
    "*",
    ACCOUNT,
    "arn:aws:iam::111122223333:root",
    ROLE,
    SESSION,
    USER,
    "arn:aws:iam::444455556666:root",
];
const REQUEST_ACTIONS: &[&str] = &[
    "secretsmanager:GetSecretValue",
    "secretsmanager:DeleteSecret",
    "kms:Decrypt",
];
const REQUEST_RESOURCES: &[&str] = &[
    SECRET,
    "arn:aws:secretsmanager:us-east-1:111122223333:secret:dev/x-1",
    "*",
];

fn spanned<T>(value: T) -> Spanned<T> {
    Spanned {
        value,
        span: Span::default(),
    }
}

fn pick<'a>(items: &[&'a str], index: &Index) -> &'a str {
    items.get(index.index(items.len())).copied().unwrap_or("*")
}

fn condition_strategy() -> impl Strategy<Value = Condition> {
    let plain = |base: OperatorBase| ConditionOperator {
        qualifier: None,
        base,
        if_exists: false,
    };
    let cases = vec![
        (
            plain(OperatorBase::StringEquals),
            "aws:PrincipalTag/team",
            vec!["prod"],
        ),
        (
            plain(OperatorBase::StringNotEquals),
            "aws:PrincipalTag/team",
            vec!["prod", "dev"],
        ),
        (
            plain(OperatorBase::StringLike),
            "aws:ResourceTag/team",
            vec!["${aws:PrincipalTag/team}"],
        ),
        (plain(OperatorBase::Bool), "aws:SecureTransport", vec!["true"]),
        (plain(OperatorBase::IpAddress), "aws:SourceIp", vec!["10.0.0.0/8"]),
        (
            plain(OperatorBase::NotIpAddress),
            "aws:SourceIp",
            vec!["10.0.0.0/8"],
        ),
        (
            ConditionOperator {
                qualifier: None,
                base: OperatorBase::StringEquals,
                if_exists: true,
            },
            "aws:SourceVpce",
            vec!["vpce-1"],
        ),
        (
            ConditionOperator {
                qualifier: Some(SetQualifier::ForAnyValue),
                base: OperatorBase::StringEquals,
                if_exists: false,
            },
            "aws:TagKeys",
            vec!["env"],
        ),
        (
            ConditionOperator {
                qualifier: Some(SetQualifier::ForAllValues),
                base: OperatorBase::StringEquals,
                if_exists: false,
            },
            "aws:TagKeys",
            vec!["env", "team"],
        ),
        (plain(OperatorBase::Null), "aws:SourceVpce", vec!["true"]),
        (
            plain(OperatorBase::NumericLessThan),
            "ec2:RoleDelivery",
            vec!["2.0"],
        ),
        (
            plain(OperatorBase::ArnLike),
            "aws:PrincipalArn",
            vec!["arn:aws:iam::*:role/*"],
        ),
    ];
    prop::sample::select(cases).prop_map(|(operator, key, values)| Condition {
        operator: spanned(operator),
        key: spanned(key.to_owned()),
        values: values
            .into_iter()
            .map(|value| spanned(value.to_owned()))
            .collect(),
    })
}

fn principal_clause_strategy() -> impl Strategy<Value = PrincipalClause> {
    (
        prop::collection::vec(any::<Index>(), 1..3),
        prop::bool::weighted(0.1),
        prop::bool::weighted(0.2),
    )
        .prop_map(|(indexes, negated, everyone)| {
            let principals = if everyone {
                PrincipalSet::Everyone
            } else {
                let values = indexes
                    .iter()
                    .map(|index| spanned(pick(PRINCIPALS, index).to_owned()))
                    .collect();
                PrincipalSet::Keyed(vec![(spanned(PrincipalKey::Aws), values)])
            };
            PrincipalClause { negated, principals }
        })
}

/// A statement; `principal` is kept only for policies that take one (see [`World::attach`]).
fn statement_strategy() -> impl Strategy<Value = Statement> {
    (
        prop::bool::weighted(0.25),
        prop::collection::vec(any::<Index>(), 1..3),
        prop::bool::weighted(0.1),
        prop::collection::vec(any::<Index>(), 1..3),
        prop::bool::weighted(0.1),
        principal_clause_strategy(),
        prop::collection::vec(condition_strategy(), 0..3),
    )
        .prop_map(
            |(is_deny, actions, not_action, resources, not_resource, principal, conditions)| Statement {
                index: 0,
                sid: None,
                effect: spanned(if is_deny { Effect::Deny } else { Effect::Allow }),
                principal: Some(spanned(principal)),
                action: Some(spanned(ActionClause {
                    negated: not_action,
                    patterns: actions
                        .iter()
                        .map(|index| spanned(pick(ACTIONS, index).to_owned()))
                        .collect(),
                })),
                resource: Some(spanned(ResourceClause {
                    negated: not_resource,
                    patterns: resources
                        .iter()
                        .map(|index| spanned(pick(RESOURCES, index).to_owned()))
                        .collect(),
                })),
                conditions,
                span: Span::default(),
                prepared: Default::default(),
            },
        )
}

fn policy_strategy() -> impl Strategy<Value = Policy> {
    prop::collection::vec(statement_strategy(), 1..4).prop_map(|statements| Policy {
        version: Some(spanned(Version::V2012_10_17)),
        id: None,
        statements,
        span: Span::default(),
    })
}

/// Every policy of one request, owned.
#[derive(Debug, Clone)]
struct World {
    identity: Vec<Policy>,
    boundary: Option<Policy>,
    session: Vec<Policy>,
    scps: Vec<Vec<Policy>>,
    rcps: Vec<Vec<Policy>>,
    endpoint: Option<Policy>,
    resource: Option<Policy>,
    resource_account: Option<String>,
    rule: ResourceRule,
    /// One source per layer, in [`Layer`] order.
    sources: [PolicySource; 7],
}

/// Whether policies of `layer` carry a `Principal`.
fn takes_principal(layer: Layer) -> bool {
    matches!(
        layer,
        Layer::Resource | Layer::VpcEndpoint | Layer::ResourceControl
    )
}

fn strip_principals(layer: Layer, mut policy: Policy) -> Policy {
    if !takes_principal(layer) {
        for statement in &mut policy.statements {
            statement.principal = None;
        }
    }
    policy
}

impl World {
    fn source(&self, layer: Layer) -> &PolicySource {
        let [scp, rcp, endpoint, resource, identity, boundary, session] = &self.sources;
        match layer {
            Layer::ServiceControl => scp,
            Layer::ResourceControl => rcp,
            Layer::VpcEndpoint => endpoint,
            Layer::Resource => resource,
            Layer::Identity => identity,
            Layer::PermissionsBoundary => boundary,
            Layer::Session => session,
        }
    }

    fn layers(&self) -> PolicyLayers<'_> {
        fn sourced<'a>(world: &'a World, layer: Layer) -> impl Fn(&'a Policy) -> SourcedPolicy<'a> + 'a {
            move |policy| SourcedPolicy {
                source: world.source(layer),
                policy,
            }
        }
        let sourced = |layer: Layer| sourced(self, layer);
        PolicyLayers {
            identity: self.identity.iter().map(sourced(Layer::Identity)).collect(),
            permissions_boundary: self.boundary.as_ref().map(sourced(Layer::PermissionsBoundary)),
            session: self.session.iter().map(sourced(Layer::Session)).collect(),
            service_control: self
                .scps
                .iter()
                .map(|level| level.iter().map(sourced(Layer::ServiceControl)).collect())
                .collect(),
            resource_control: self
                .rcps
                .iter()
                .map(|level| level.iter().map(sourced(Layer::ResourceControl)).collect())
                .collect(),
            vpc_endpoint: self.endpoint.as_ref().map(sourced(Layer::VpcEndpoint)),
            resource: self.resource.as_ref().map(sourced(Layer::Resource)),
            resource_account: self.resource_account.clone(),
            resource_rule: self.rule,
        }
    }

    /// Every policy with its layer, mutably, in a fixed order.
    fn policies_mut(&mut self) -> Vec<(Layer, &mut Policy)> {
        let mut all: Vec<(Layer, &mut Policy)> = Vec::new();
        all.extend(self.identity.iter_mut().map(|policy| (Layer::Identity, policy)));
        all.extend(
            self.boundary
                .iter_mut()
                .map(|policy| (Layer::PermissionsBoundary, policy)),
        );
        all.extend(self.session.iter_mut().map(|policy| (Layer::Session, policy)));
        all.extend(
            self.scps
                .iter_mut()
                .flatten()
                .map(|policy| (Layer::ServiceControl, policy)),
        );
        all.extend(
            self.rcps
                .iter_mut()
                .flatten()
                .map(|policy| (Layer::ResourceControl, policy)),
        );
        all.extend(
            self.endpoint
                .iter_mut()
                .map(|policy| (Layer::VpcEndpoint, policy)),
        );
        all.extend(self.resource.iter_mut().map(|policy| (Layer::Resource, policy)));
        all
    }

    /// Adds `statement` to the policy chosen by `index` (dropping its principal where the layer has none).
    /// Returns false when there is no policy.
    fn attach(&mut self, index: &Index, mut statement: Statement) -> bool {
        let mut all = self.policies_mut();
        if all.is_empty() {
            return false;
        }
        let chosen = index.index(all.len());
        let Some((layer, policy)) = all.get_mut(chosen) else {
            return false;
        };
        if !takes_principal(*layer) {
            statement.principal = None;
        }
        policy.statements.push(statement);
        true
    }
}

/// An SCP level: random policies, usually alongside `FullAWSAccess` (as in real organizations).
fn scp_level_strategy() -> impl Strategy<Value = Vec<Policy>> {
    (
        prop::collection::vec(policy_strategy(), 1..3),
        prop::bool::weighted(0.8),
    )
        .prop_map(|(mut level, full_access)| {
            if full_access {
                let mut allow_all = deny_everything();
                allow_all.effect = spanned(Effect::Allow);
                allow_all.principal = None;
                level.push(Policy {
                    version: Some(spanned(Version::V2012_10_17)),
                    id: None,
                    statements: vec![allow_all],
                    span: Span::default(),
                });
            }
            level
        })
}

fn world_strategy() -> impl Strategy<Value = World> {
    let optional = |weight: f64| prop::option::weighted(weight, policy_strategy());
    (
        prop::collection::vec(policy_strategy(), 0..3),
        optional(0.3),
        prop::collection::vec(policy_strategy(), 0..2),
        prop::collection::vec(scp_level_strategy(), 0..3),
        prop::collection::vec(prop::collection::vec(policy_strategy(), 1..2), 0..2),
        optional(0.2),
        optional(0.6),
        prop::sample::select(vec![None, Some(ACCOUNT.to_owned()), Some(OTHER.to_owned())]),
        prop::sample::select(vec![
            ResourceRule::Standard,
            ResourceRule::KeyPolicy,
            ResourceRule::TrustPolicy,
        ]),
    )
        .prop_map(
            |(identity, boundary, session, scps, rcps, endpoint, resource, resource_account, rule)| World {
                identity: identity
                    .into_iter()
                    .map(|policy| strip_principals(Layer::Identity, policy))
                    .collect(),
                boundary: boundary.map(|policy| strip_principals(Layer::PermissionsBoundary, policy)),
                session: session
                    .into_iter()
                    .map(|policy| strip_principals(Layer::Session, policy))
                    .collect(),
                scps: scps
                    .into_iter()
                    .map(|level| {
                        level
                            .into_iter()
                            .map(|policy| strip_principals(Layer::ServiceControl, policy))
                            .collect()
                    })
                    .collect(),
                rcps,
                endpoint,
                resource,
                resource_account,
                rule,
                sources: [
                    Layer::ServiceControl,
                    Layer::ResourceControl,
                    Layer::VpcEndpoint,
                    Layer::Resource,
                    Layer::Identity,
                    Layer::PermissionsBoundary,
                    Layer::Session,
                ]
                .map(|layer| PolicySource {
                    id: format!("{layer:?}"),
                    layer,
                }),
            },
        )
}

fn principal_strategy() -> impl Strategy<Value = Principal> {
    prop::sample::select(vec![
        Principal {
            arn: SESSION.into(),
            account: ACCOUNT.into(),
            kind: PrincipalKind::AssumedRole {
                role_arn: ROLE.into(),
                session_name: "i-0abc".into(),
            },
        },
        Principal {
            arn: USER.into(),
            account: ACCOUNT.into(),
            kind: PrincipalKind::User,
        },
        Principal {
            arn: format!("arn:aws:iam::{ACCOUNT}:root"),
            account: ACCOUNT.into(),
            kind: PrincipalKind::Root,
        },
        Principal {
            arn: "lambda.amazonaws.com".into(),
            account: String::new(),
            kind: PrincipalKind::Service,
        },
        Principal {
            arn: "arn:aws:sts::444455556666:assumed-role/Ext/s".into(),
            account: OTHER.into(),
            kind: PrincipalKind::AssumedRole {
                role_arn: "arn:aws:iam::444455556666:role/Ext".into(),
                session_name: "s".into(),
            },
        },
    ])
}

fn request_strategy() -> impl Strategy<Value = Request> {
    (
        principal_strategy(),
        any::<Index>(),
        any::<Index>(),
        prop::option::of(prop::sample::select(vec!["prod", "dev"])),
        prop::option::of(prop::sample::select(vec!["10.1.2.3", "203.0.113.9"])),
        prop::option::of(prop::sample::select(vec![
            vec![],
            vec!["env"],
            vec!["env", "cost"],
        ])),
        any::<bool>(),
        prop::option::of(Just("vpce-1")),
    )
        .prop_map(
            |(principal, action, resource, team, source_ip, tag_keys, secure, vpce)| {
                let mut context = RequestContext::new();
                if let Some(team) = team {
                    context.insert_string("aws:PrincipalTag/team", team);
                    context.insert_string("aws:ResourceTag/team", "prod");
                }
                if let Some(address) = source_ip {
                    context.insert("aws:SourceIp", ContextValue::single(ContextKeyType::Ip, address));
                }
                if let Some(keys) = tag_keys {
                    let keys = keys.into_iter().map(str::to_owned).collect();
                    context.insert(
                        "aws:TagKeys",
                        ContextValue::list(ContextKeyType::StringList, keys),
                    );
                }
                let secure = if secure { "true" } else { "false" };
                context.insert(
                    "aws:SecureTransport",
                    ContextValue::single(ContextKeyType::Boolean, secure),
                );
                if let Some(vpce) = vpce {
                    context.insert_string("aws:SourceVpce", vpce);
                }
                context.insert_string("aws:PrincipalArn", &principal.arn);
                Request {
                    principal,
                    action: pick(REQUEST_ACTIONS, &action).to_owned(),
                    resource: pick(REQUEST_RESOURCES, &resource).to_owned(),
                    context,
                }
            },
        )
}

/// Allowed > implicit deny > explicit deny.
fn permissiveness(decision: Decision) -> u8 {
    match decision {
        Decision::Allowed => 2,
        Decision::ImplicitDeny => 1,
        Decision::ExplicitDeny => 0,
    }
}

/// A Deny of everything for everyone.
fn deny_everything() -> Statement {
    Statement {
        index: 0,
        sid: Some(spanned("DenyAll".to_owned())),
        effect: spanned(Effect::Deny),
        principal: Some(spanned(PrincipalClause {
            negated: false,
            principals: PrincipalSet::Everyone,
        })),
        action: Some(spanned(ActionClause {
            negated: false,
            patterns: vec![spanned("*".to_owned())],
        })),
        resource: Some(spanned(ResourceClause {
            negated: false,
            patterns: vec![spanned("*".to_owned())],
        })),
        conditions: Vec::new(),
        span: Span::default(),
        prepared: Default::default(),
    }
}

/// Reverses, then rotates, every order that should not matter.
fn reorder(world: &mut World, rotation: usize) {
    for (_, policy) in world.policies_mut() {
        policy.statements.reverse();
        let length = policy.statements.len();
        if length > 0 {
            policy.statements.rotate_left(rotation % length);
        }
    }
    world.identity.reverse();
    world.session.reverse();
    world.scps.reverse();
    for level in &mut world.scps {
        level.reverse();
    }
    world.rcps.reverse();
    for level in &mut world.rcps {
        level.reverse();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn decide_and_explain_agree(world in world_strategy(), request in request_strategy()) {
        let layers = world.layers();
        let explanation = explain(&request, &layers);
        prop_assert_eq!(decide(&request, &layers), explanation.decision);
        prop_assert_eq!(explanation.denial.is_some(), explanation.decision != Decision::Allowed);
        if explanation.decision == Decision::ExplicitDeny {
            prop_assert!(!explanation.deciding.is_empty());
            prop_assert!(explanation.denial.as_ref().is_some_and(|denial| denial.explicit));
        }
    }

    #[test]
    fn an_explicit_deny_always_wins(world in world_strategy(), request in request_strategy(), index in any::<Index>()) {
        // A deny-everything RCP applies to every caller...
        let mut with_rcp = world.clone();
        with_rcp.rcps.push(vec![Policy {
            version: Some(spanned(Version::V2012_10_17)),
            id: None,
            statements: vec![deny_everything()],
            span: Span::default(),
        }]);
        prop_assert_eq!(decide(&request, &with_rcp.layers()), Decision::ExplicitDeny);
        // ...and so does one added to the resource policy, or to an identity policy of an IAM user or role.
        let mut with_resource = world.clone();
        if let Some(resource) = with_resource.resource.as_mut() {
            let at = index.index(resource.statements.len() + 1);
            resource.statements.insert(at, deny_everything());
            prop_assert_eq!(decide(&request, &with_resource.layers()), Decision::ExplicitDeny);
        }
        let is_user_or_role = matches!(request.principal.kind, PrincipalKind::User | PrincipalKind::AssumedRole { .. });
        let mut with_identity = world;
        if let (true, Some(identity)) = (is_user_or_role, with_identity.identity.first_mut()) {
            let mut statement = deny_everything();
            statement.principal = None;
            identity.statements.push(statement);
            prop_assert_eq!(decide(&request, &with_identity.layers()), Decision::ExplicitDeny);
        }
    }

    #[test]
    fn adding_a_deny_never_grants(
        world in world_strategy(),
        request in request_strategy(),
        statement in statement_strategy(),
        index in any::<Index>(),
    ) {
        let before = decide(&request, &world.layers());
        let mut after_world = world;
        let mut deny = statement;
        deny.effect = spanned(Effect::Deny);
        if after_world.attach(&index, deny) {
            let after = decide(&request, &after_world.layers());
            prop_assert!(permissiveness(after) <= permissiveness(before), "{:?} became {:?}", before, after);
        }
    }

    #[test]
    fn removing_an_allow_never_grants(world in world_strategy(), request in request_strategy(), index in any::<Index>()) {
        let before = decide(&request, &world.layers());
        let mut after_world = world;
        let mut allows: Vec<(usize, usize)> = Vec::new();
        for (policy_index, (_, policy)) in after_world.policies_mut().into_iter().enumerate() {
            for (statement_index, statement) in policy.statements.iter().enumerate() {
                if statement.effect.value == Effect::Allow {
                    allows.push((policy_index, statement_index));
                }
            }
        }
        if !allows.is_empty() {
            let (policy_index, statement_index) = allows[index.index(allows.len())];
            let mut policies = after_world.policies_mut();
            let (_, policy) = &mut policies[policy_index];
            policy.statements.remove(statement_index);
            drop(policies);
            let after = decide(&request, &after_world.layers());
            prop_assert!(
                permissiveness(after) <= permissiveness(before),
                "removing an Allow turned {:?} into {:?}", before, after
            );
            if before != Decision::Allowed {
                prop_assert_eq!(after, before, "removing an Allow changed a denial");
            }
        }
    }

    #[test]
    fn order_never_matters(world in world_strategy(), request in request_strategy(), rotation in 0usize..4) {
        let before = decide(&request, &world.layers());
        let mut reordered = world;
        reorder(&mut reordered, rotation);
        prop_assert_eq!(decide(&request, &reordered.layers()), before);
        prop_assert_eq!(explain(&request, &reordered.layers()).decision, before);
    }
}

/// The laws above are only as strong as the generated worlds: they must reach every decision, and often.
#[test]
fn generated_worlds_reach_every_decision() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, TestRng, TestRunner};

    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(Config::default().rng_algorithm),
    );
    let mut counts = [0usize; 3];
    for _ in 0..2000 {
        let world = world_strategy().new_tree(&mut runner).expect("world").current();
        let request = request_strategy()
            .new_tree(&mut runner)
            .expect("request")
            .current();
        counts[usize::from(permissiveness(decide(&request, &world.layers())))] += 1;
    }
    let [explicit, implicit, allowed] = counts;
    eprintln!("explicit {explicit}, implicit {implicit}, allowed {allowed}");
    assert!(
        explicit >= 100 && implicit >= 100 && allowed >= 100,
        "explicit {explicit}, implicit {implicit}, allowed {allowed}"
    );
}
