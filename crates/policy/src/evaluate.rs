//! Evaluation: IAM's decision logic over every policy layer. [`decide`] is the fast path used by the access
//! matrix and the account; [`crate::explain::explain`] walks the same logic and records why.
//!
//! Both are one function, `walk`, generic over a `Recorder`: `decide` passes a recorder that records
//! nothing (and lets the walk stop at the first explicit deny), `explain` one that keeps every statement it
//! evaluated. The decision is computed from the same booleans either way, so the two cannot disagree.
//!
//! The logic modelled (IAM User Guide, `reference_policies_evaluation-logic` and
//! `reference_policies_evaluation-logic-cross-account`; reference sections 6.1-6.3):
//! 1. An explicit `Deny` that applies, in any policy of any layer, decides: explicit deny.
//! 2. SCPs (principal's account; not for service principals or anonymous callers): every level, root to
//!    account, must have an applicable `Allow`.
//! 3. RCPs (resource's account): deny-only. Their `Allow`s (`RCPFullAWSAccess`, attached at every level and not
//!    detachable) neither grant nor are required.
//! 4. VPC endpoint policy, when the request went through an endpoint: must allow.
//! 5. The resource policy and the identity side combine per [`ResourceRule`]:
//!    - `Standard`, same account: an allow from either side suffices, where a resource-policy statement naming
//!      the caller's exact ARN (user, role session, federated user), `*`, or a service grants on its own; one
//!      naming the role ARN grants to the role's sessions but stays capped by the permissions boundary and
//!      session policies; one naming the account only delegates to IAM (the identity policy must allow).
//!    - `Standard`, cross account: both the resource policy and the caller's identity side must allow.
//!    - `KeyPolicy` and `TrustPolicy`: the resource policy must allow even within the account ("role trust
//!      policies and KMS key policies are exceptions to this logic, because they must explicitly allow access
//!      for principals"); a statement naming the account (root) delegates to the identity policies, which must
//!      then allow; naming the caller directly follows the table above (STS AssumeRole API reference: "To
//!      allow a user to assume a role in the same account, you can do either of the following: attach a policy
//!      to the user that allows the user to call AssumeRole (as long as the role's trust policy trusts the
//!      account); or add the user as a principal directly in the role's trust policy"), except that a trust
//!      policy naming a user still needs the user's permissions boundary to allow. Across accounts both sides
//!      must allow.
//! 6. The identity side: identity-based policies must allow, the permissions boundary (if any) must allow and
//!    the session policies (if any) must allow. The root user needs no identity allow. Service principals and
//!    anonymous callers have no identity side: only the resource policy can grant to them.

use crate::ast::{Effect, PrincipalSet, Statement};
use crate::condition::{prepared_condition_matches, referenced_keys};
use crate::denial::PolicyType;
use crate::explain::{
    ConditionTrace, ElementTrace, LayerOutcome, LayerVerdict, PrincipalTrace, StatementRef, StatementTrace,
};
use crate::matching::{not_principal_exempts, principal_value_match, resource_matches, PrincipalMatch};
use crate::prepared::{same_bytes, PreparedStatement, ResourcePattern, ResourceShape};
use crate::request::{
    Layer, PolicyLayers, PolicySource, PrincipalKind, Request, ResourceRule, SourcedPolicy,
};
use crate::variables::{substitute_resource, substitute_resource_pieces, variable_keys, Substituted};

pub use crate::explain::explain;

/// The outcome of an authorisation question, named as SimulateCustomPolicy names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Decision {
    Allowed,
    ExplicitDeny,
    ImplicitDeny,
}

impl Decision {
    /// `allowed`, `explicitDeny` or `implicitDeny`.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allowed => "allowed",
            Decision::ExplicitDeny => "explicitDeny",
            Decision::ImplicitDeny => "implicitDeny",
        }
    }
}

/// Decides `request` against `layers`. Never fails; allocates only for `BinaryEquals` and for values with more
/// than eight variables and literal runs.
pub fn decide(request: &Request, layers: &PolicyLayers<'_>) -> Decision {
    walk(request, layers, &mut Silent).decision
}

/// What one walk concluded.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Outcome<'a> {
    pub decision: Decision,
    /// Why it was denied, when it was.
    pub denial: Option<DenialFacts<'a>>,
}

/// The layer a denial is attributed to (the one AWS names in its AccessDenied text).
#[derive(Debug, Clone, Copy)]
pub(crate) struct DenialFacts<'a> {
    pub policy_type: PolicyType,
    pub explicit: bool,
    /// The policy holding the first applicable Deny (explicit denials only).
    pub source: Option<&'a PolicySource>,
}

/// Receives what the walk evaluated. [`Recorder::ACTIVE`] false lets the walk skip building traces and stop
/// early where the result is already certain.
pub(crate) trait Recorder {
    const ACTIVE: bool;
    fn statement(&mut self, trace: StatementTrace);
    fn layer(&mut self, outcome: LayerOutcome);
    fn missing(&mut self, key: &str);
}

/// The recorder of [`decide`]: records nothing.
struct Silent;

impl Recorder for Silent {
    const ACTIVE: bool = false;
    fn statement(&mut self, _trace: StatementTrace) {}
    fn layer(&mut self, _outcome: LayerOutcome) {}
    fn missing(&mut self, _key: &str) {}
}

/// What the walk needs to know about the request throughout.
struct Walker<'r> {
    request: &'r Request,
    /// A boundary is attached (NotPrincipal+Deny then always denies IAM principals, see `principal_element`).
    boundary_attached: bool,
}

/// What the statements of one layer (or one SCP/RCP level) amounted to.
#[derive(Debug, Clone, Copy, Default)]
struct Scan<'a> {
    allowed: bool,
    denied: bool,
    /// The strongest principal match among the applicable Allows (resource and endpoint policies).
    grant: Option<PrincipalMatch>,
    first_deny: Option<&'a PolicySource>,
}

impl Scan<'_> {
    fn verdict(&self) -> LayerVerdict {
        if self.denied {
            LayerVerdict::ExplicitlyDenied
        } else if self.allowed {
            LayerVerdict::Allowed
        } else {
            LayerVerdict::NoAllow
        }
    }
}

/// The one walk of the evaluation logic. See the module docs for the rules.
pub(crate) fn walk<'a, R: Recorder>(
    request: &Request,
    layers: &PolicyLayers<'a>,
    recorder: &mut R,
) -> Outcome<'a> {
    let principal = &request.principal;
    let is_iam_principal = !matches!(principal.kind, PrincipalKind::Service | PrincipalKind::Anonymous);
    let is_root = matches!(principal.kind, PrincipalKind::Root);
    let has_identity_side = is_iam_principal && !is_root;
    let cross_account = is_iam_principal
        && layers
            .resource_account
            .as_deref()
            .is_some_and(|account| !same_bytes(account.as_bytes(), principal.account.as_bytes()));
    let walker = Walker {
        request,
        boundary_attached: layers.permissions_boundary.is_some() && has_identity_side,
    };

    let mut explicit: Option<DenialFacts<'a>> = None;
    let mut note_deny = |scan: &Scan<'a>, policy_type: PolicyType| {
        if scan.denied && explicit.is_none() {
            explicit = Some(DenialFacts {
                policy_type,
                explicit: true,
                source: scan.first_deny,
            });
        }
        scan.denied
    };
    let explicit_deny = |facts: Option<DenialFacts<'a>>| Outcome {
        decision: Decision::ExplicitDeny,
        denial: facts,
    };

    // SCPs: every level must allow. They do not apply to service principals (or anonymous callers).
    let mut scp_missing_allow = false;
    if layers.service_control.is_empty() {
        recorder.layer(LayerOutcome::whole(
            Layer::ServiceControl,
            LayerVerdict::NotPresent,
        ));
    } else if !is_iam_principal {
        recorder.layer(LayerOutcome::whole(
            Layer::ServiceControl,
            LayerVerdict::NotApplicable,
        ));
    } else {
        for (level, policies) in layers.service_control.iter().enumerate() {
            let scan = scan(&walker, policies, Layer::ServiceControl, Some(level), recorder);
            recorder.layer(LayerOutcome {
                layer: Layer::ServiceControl,
                level: Some(level),
                verdict: scan.verdict(),
            });
            if note_deny(&scan, PolicyType::ServiceControl) && !R::ACTIVE {
                return explicit_deny(explicit);
            }
            scp_missing_allow |= !scan.allowed;
        }
    }

    // RCPs: only their Denies count. They apply to every caller, service principals included (the KMS guide's
    // `RCPEnforceConfusedDeputyProtection` example restricts service principals). They do not apply to AWS
    // managed keys or to the management account's resources: callers leave `resource_control` empty there.
    if layers.resource_control.is_empty() {
        recorder.layer(LayerOutcome::whole(
            Layer::ResourceControl,
            LayerVerdict::NotPresent,
        ));
    }
    for (level, policies) in layers.resource_control.iter().enumerate() {
        let scan = scan(&walker, policies, Layer::ResourceControl, Some(level), recorder);
        // An RCP level without an allow does not deny: say "not applicable" rather than "no allow".
        let verdict = match scan.verdict() {
            LayerVerdict::NoAllow => LayerVerdict::NotApplicable,
            verdict => verdict,
        };
        recorder.layer(LayerOutcome {
            layer: Layer::ResourceControl,
            level: Some(level),
            verdict,
        });
        if note_deny(&scan, PolicyType::ResourceControl) && !R::ACTIVE {
            return explicit_deny(explicit);
        }
    }

    // VPC endpoint policy: must allow when present.
    let mut endpoint_missing_allow = false;
    match layers.vpc_endpoint {
        None => recorder.layer(LayerOutcome::whole(Layer::VpcEndpoint, LayerVerdict::NotPresent)),
        Some(policy) => {
            let scan = scan(
                &walker,
                std::slice::from_ref(&policy),
                Layer::VpcEndpoint,
                None,
                recorder,
            );
            recorder.layer(LayerOutcome::whole(Layer::VpcEndpoint, scan.verdict()));
            if note_deny(&scan, PolicyType::VpcEndpoint) && !R::ACTIVE {
                return explicit_deny(explicit);
            }
            endpoint_missing_allow = !scan.allowed;
        }
    }

    // The resource policy.
    let resource_policy_type = if layers.resource_rule == ResourceRule::TrustPolicy {
        PolicyType::RoleTrust
    } else {
        PolicyType::ResourceBased
    };
    let resource_scan = match layers.resource {
        None => {
            recorder.layer(LayerOutcome::whole(Layer::Resource, LayerVerdict::NotPresent));
            Scan::default()
        }
        Some(policy) => {
            let scan = scan(
                &walker,
                std::slice::from_ref(&policy),
                Layer::Resource,
                None,
                recorder,
            );
            recorder.layer(LayerOutcome::whole(Layer::Resource, scan.verdict()));
            if note_deny(&scan, resource_policy_type) && !R::ACTIVE {
                return explicit_deny(explicit);
            }
            scan
        }
    };

    // The identity side.
    let identity_allowed = if !has_identity_side {
        recorder.layer(LayerOutcome::whole(Layer::Identity, LayerVerdict::NotApplicable));
        is_root
    } else if layers.identity.is_empty() {
        recorder.layer(LayerOutcome::whole(Layer::Identity, LayerVerdict::NotPresent));
        false
    } else {
        let scan = scan(&walker, &layers.identity, Layer::Identity, None, recorder);
        recorder.layer(LayerOutcome::whole(Layer::Identity, scan.verdict()));
        if note_deny(&scan, PolicyType::IdentityBased) && !R::ACTIVE {
            return explicit_deny(explicit);
        }
        scan.allowed
    };
    let boundary_allows = match layers.permissions_boundary {
        Some(policy) if has_identity_side => {
            let scan = scan(
                &walker,
                std::slice::from_ref(&policy),
                Layer::PermissionsBoundary,
                None,
                recorder,
            );
            recorder.layer(LayerOutcome::whole(Layer::PermissionsBoundary, scan.verdict()));
            if note_deny(&scan, PolicyType::PermissionsBoundary) && !R::ACTIVE {
                return explicit_deny(explicit);
            }
            scan.allowed
        }
        _ => {
            recorder.layer(LayerOutcome::whole(
                Layer::PermissionsBoundary,
                LayerVerdict::NotPresent,
            ));
            true
        }
    };
    let session_allows = if layers.session.is_empty() || !has_identity_side {
        recorder.layer(LayerOutcome::whole(Layer::Session, LayerVerdict::NotPresent));
        true
    } else {
        let scan = scan(&walker, &layers.session, Layer::Session, None, recorder);
        recorder.layer(LayerOutcome::whole(Layer::Session, scan.verdict()));
        if note_deny(&scan, PolicyType::Session) && !R::ACTIVE {
            return explicit_deny(explicit);
        }
        scan.allowed
    };

    if explicit.is_some() {
        return explicit_deny(explicit);
    }
    let implicit = |policy_type: PolicyType| Outcome {
        decision: Decision::ImplicitDeny,
        denial: Some(DenialFacts {
            policy_type,
            explicit: false,
            source: None,
        }),
    };
    if scp_missing_allow {
        return implicit(PolicyType::ServiceControl);
    }
    if endpoint_missing_allow {
        return implicit(PolicyType::VpcEndpoint);
    }

    let grant = if resource_scan.allowed {
        resource_scan.grant
    } else {
        None
    };
    let capped_allows = boundary_allows && session_allows;
    // The first layer of the caller's side that does not allow (identity, boundary, session), if any.
    let caller_side_gap = if !identity_allowed {
        Some(PolicyType::IdentityBased)
    } else if !boundary_allows {
        Some(PolicyType::PermissionsBoundary)
    } else if !session_allows {
        Some(PolicyType::Session)
    } else {
        None
    };

    let denial_type = if !is_iam_principal {
        // Service principals and anonymous callers: only the resource policy can grant.
        grant.is_none().then_some(resource_policy_type)
    } else if cross_account {
        // Two evaluations, both must allow: the caller's account (identity, boundary, session) and the
        // resource's account (resource policy).
        caller_side_gap.or(grant.is_none().then_some(resource_policy_type))
    } else {
        match layers.resource_rule {
            ResourceRule::Standard => match grant {
                Some(PrincipalMatch::Exact) => None,
                Some(PrincipalMatch::Role) if capped_allows => None,
                Some(PrincipalMatch::Role) => {
                    if boundary_allows {
                        Some(PolicyType::Session)
                    } else {
                        Some(PolicyType::PermissionsBoundary)
                    }
                }
                Some(PrincipalMatch::Account) | None => caller_side_gap,
            },
            ResourceRule::KeyPolicy | ResourceRule::TrustPolicy => match grant {
                None => Some(resource_policy_type),
                // IAM User Guide, id_roles_update-role-trust-policy: "If a user is listed as the principal in a
                // role's trust policy but cannot assume the role, check the user's permissions boundary. If a
                // permissions boundary is set for the user, then it must allow the sts:AssumeRole action."
                Some(PrincipalMatch::Exact)
                    if layers.resource_rule == ResourceRule::TrustPolicy && !boundary_allows =>
                {
                    Some(PolicyType::PermissionsBoundary)
                }
                Some(PrincipalMatch::Exact) => None,
                Some(PrincipalMatch::Role) if capped_allows => None,
                Some(PrincipalMatch::Role) => {
                    if boundary_allows {
                        Some(PolicyType::Session)
                    } else {
                        Some(PolicyType::PermissionsBoundary)
                    }
                }
                Some(PrincipalMatch::Account) => caller_side_gap,
            },
        }
    };
    match denial_type {
        None => Outcome {
            decision: Decision::Allowed,
            denial: None,
        },
        Some(policy_type) => implicit(policy_type),
    }
}

/// Evaluates every statement of `policies` (one layer, or one SCP/RCP level).
fn scan<'a, R: Recorder>(
    walker: &Walker<'_>,
    policies: &[SourcedPolicy<'a>],
    layer: Layer,
    level: Option<usize>,
    recorder: &mut R,
) -> Scan<'a> {
    let mut scan = Scan::default();
    for sourced in policies {
        for statement in &sourced.policy.statements {
            let Some(grant) = statement_applies(walker, sourced, statement, layer, level, recorder) else {
                continue;
            };
            match statement.effect.value {
                Effect::Deny => {
                    scan.denied = true;
                    if scan.first_deny.is_none() {
                        scan.first_deny = Some(sourced.source);
                    }
                    if !R::ACTIVE {
                        return scan;
                    }
                }
                Effect::Allow => {
                    scan.allowed = true;
                    scan.grant = scan.grant.max(Some(grant));
                }
            }
        }
    }
    scan
}

/// Whether one element (`Action`, `Resource`) lets the statement apply, and which listed pattern matched.
#[derive(Debug, Clone, Copy)]
struct ElementHit {
    satisfied: bool,
    /// The index of the first listed pattern that matched the request.
    matched_pattern: Option<usize>,
}

/// Whether `statement` applies to the request; `Some(how the principal was named)` when it does.
fn statement_applies<R: Recorder>(
    walker: &Walker<'_>,
    sourced: &SourcedPolicy<'_>,
    statement: &Statement,
    layer: Layer,
    level: Option<usize>,
    recorder: &mut R,
) -> Option<PrincipalMatch> {
    let request = walker.request;
    let substitutes = sourced.policy.substitutes_variables();
    // Parsed statements carry their prepared form; one built by hand is prepared here.
    let prepared_here;
    let prepared = if statement.prepared.fits(statement) {
        &statement.prepared
    } else {
        prepared_here = PreparedStatement::of(statement);
        &prepared_here
    };

    let action = match &statement.action {
        None => ElementHit {
            satisfied: false,
            matched_pattern: None,
        },
        Some(clause) => {
            let matched = prepared
                .actions
                .iter()
                .position(|pattern| pattern.matches(&request.action));
            ElementHit {
                satisfied: matched.is_some() != clause.value.negated,
                matched_pattern: matched,
            }
        }
    };
    if !R::ACTIVE && !action.satisfied {
        return None;
    }

    let resource = match &statement.resource {
        // Trust policies have no Resource: the statement is about the role it is attached to.
        None => ElementHit {
            satisfied: true,
            matched_pattern: None,
        },
        Some(clause) => {
            let matched =
                clause
                    .value
                    .patterns
                    .iter()
                    .zip(&prepared.resources)
                    .position(|(pattern, prepared)| {
                        resource_pattern_matches(&pattern.value, prepared, request, substitutes)
                    });
            ElementHit {
                satisfied: matched.is_some() != clause.value.negated,
                matched_pattern: matched,
            }
        }
    };
    if !R::ACTIVE && !resource.satisfied {
        return None;
    }

    let principal = principal_element(walker, statement, layer);
    if !R::ACTIVE && principal.is_none() {
        return None;
    }

    if !R::ACTIVE {
        let all_hold = statement
            .conditions
            .iter()
            .zip(&prepared.conditions)
            .all(|(condition, prepared)| {
                prepared_condition_matches(condition, prepared, &request.context, substitutes)
            });
        return if all_hold { principal } else { None };
    }

    // Recording: evaluate everything and keep the evidence.
    let mut conditions_hold = true;
    let mut condition_traces = Vec::with_capacity(statement.conditions.len());
    for (condition, prepared) in statement.conditions.iter().zip(&prepared.conditions) {
        let holds = prepared_condition_matches(condition, prepared, &request.context, substitutes);
        conditions_hold &= holds;
        // Only statements about this action can need a key for this decision.
        for key in referenced_keys(condition, substitutes).filter(|_| action.satisfied) {
            if request.context.lookup(key).is_none() {
                recorder.missing(key);
            }
        }
        condition_traces.push(ConditionTrace::new(
            condition,
            &request.context,
            substitutes,
            holds,
        ));
    }
    if substitutes && action.satisfied {
        if let Some(clause) = &statement.resource {
            for pattern in &clause.value.patterns {
                for key in variable_keys(&pattern.value) {
                    if request.context.lookup(key).is_none() {
                        recorder.missing(key);
                    }
                }
            }
        }
    }
    let applies = action.satisfied && resource.satisfied && principal.is_some() && conditions_hold;
    recorder.statement(StatementTrace {
        statement: StatementRef::new(sourced.source, level, statement),
        layer,
        action: statement
            .action
            .as_ref()
            .map_or_else(ElementTrace::absent, |clause| {
                ElementTrace::new(
                    clause.value.negated,
                    action.satisfied,
                    action.matched_pattern,
                    &clause.value.patterns,
                )
            }),
        resource: statement
            .resource
            .as_ref()
            .map_or_else(ElementTrace::absent, |clause| {
                ElementTrace::new(
                    clause.value.negated,
                    resource.satisfied,
                    resource.matched_pattern,
                    &clause.value.patterns,
                )
            }),
        principal: PrincipalTrace::new(statement, principal),
        conditions: condition_traces,
        applies,
    });
    if applies {
        principal
    } else {
        None
    }
}

/// One `Resource`/`NotResource` entry (as written, and its prepared shape) against the request's resource, with
/// variables substituted after the fifth colon. An entry whose variable has no value matches nothing.
#[inline]
fn resource_pattern_matches(
    pattern: &str,
    prepared: &ResourcePattern,
    request: &Request,
    substitutes: bool,
) -> bool {
    let resource = request.resource.as_bytes();
    match prepared.shape {
        // `"Resource": "*"`, the most common entry, matches everything.
        ResourceShape::Any => true,
        _ if substitutes && prepared.variables => substituted_resource_matches(pattern, request),
        ResourceShape::Literal => same_bytes(pattern.as_bytes(), resource),
        ResourceShape::Prefix(len) => match (pattern.as_bytes().get(..len), resource.get(..len)) {
            (Some(literal), Some(head)) => same_bytes(literal, head),
            _ => false,
        },
        ResourceShape::General => resource_matches(pattern, &request.resource),
    }
}

/// [`resource_pattern_matches`] for an entry with variables, in a policy that substitutes them.
fn substituted_resource_matches(pattern: &str, request: &Request) -> bool {
    match substitute_resource_pieces(pattern, &request.context) {
        Ok(Some(pieces)) => crate::matching::resource_pattern_matches(&pieces, &request.resource),
        // More pieces than fit on the stack: substitute into a vector.
        Ok(None) => match substitute_resource(pattern, &request.context) {
            Substituted::Plain(plain) => resource_matches(plain, &request.resource),
            Substituted::Tokens(tokens) => {
                crate::matching::resource_pattern_matches(tokens.as_slice(), &request.resource)
            }
            Substituted::Missing(_) => false,
        },
        Err(_) => false,
    }
}

/// Whether the statement's `Principal`/`NotPrincipal` names the caller. `None`: the statement does not apply.
///
/// Statements without a principal element (identity policies, boundaries, session policies, SCPs) apply to the
/// caller; in a resource policy a statement must name a principal, so one without applies to nobody.
fn principal_element(walker: &Walker<'_>, statement: &Statement, layer: Layer) -> Option<PrincipalMatch> {
    let principal = &walker.request.principal;
    let Some(clause) = &statement.principal else {
        return (layer != Layer::Resource).then_some(PrincipalMatch::Exact);
    };
    let clause = &clause.value;
    if clause.negated {
        // IAM User Guide, access_policies_boundaries: "The NotPrincipal element with a Deny effect will always
        // deny any IAM principal that has a permissions boundary policy attached, regardless of the values
        // specified in the NotPrincipal element."
        if statement.effect.value == Effect::Deny && walker.boundary_attached {
            return Some(PrincipalMatch::Exact);
        }
        let exempt = match &clause.principals {
            PrincipalSet::Everyone => true,
            PrincipalSet::Keyed(keyed) => not_principal_exempts(
                keyed.iter().flat_map(|(key, values)| {
                    values.iter().map(move |value| (key.value, value.value.as_str()))
                }),
                principal,
                statement.effect.value == Effect::Deny,
            ),
        };
        return (!exempt).then_some(PrincipalMatch::Exact);
    }
    match &clause.principals {
        PrincipalSet::Everyone => Some(PrincipalMatch::Exact),
        PrincipalSet::Keyed(keyed) => keyed
            .iter()
            .flat_map(|(key, values)| {
                values
                    .iter()
                    .filter_map(move |value| principal_value_match(key.value, &value.value, principal))
            })
            .max(),
    }
}

impl LayerOutcome {
    fn whole(layer: Layer, verdict: LayerVerdict) -> Self {
        Self {
            layer,
            level: None,
            verdict,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::Policy;
    use crate::denial::Denial;
    use crate::explain::{explain, Suggestion};
    use crate::parse::{parse_policy, PolicyKind};
    use crate::request::{ContextKeyType, ContextValue, Principal, RequestContext};

    const ACCOUNT: &str = "111122223333";
    const OTHER: &str = "444455556666";
    const ROLE: &str = "arn:aws:iam::111122223333:role/App";
    const SESSION: &str = "arn:aws:sts::111122223333:assumed-role/App/i-0abc";
    const USER: &str = "arn:aws:iam::111122223333:user/alice";
    const SECRET: &str = "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf";
    const GET: &str = "secretsmanager:GetSecretValue";

    type Owned = (PolicySource, Policy);

    fn owned(layer: Layer, id: &str, kind: PolicyKind, text: &str) -> Owned {
        let policy = parse_policy(text, kind).unwrap_or_else(|error| panic!("{id}: {error}"));
        (
            PolicySource {
                id: id.to_owned(),
                layer,
            },
            policy,
        )
    }

    fn sourced(owned: &Owned) -> SourcedPolicy<'_> {
        SourcedPolicy {
            source: &owned.0,
            policy: &owned.1,
        }
    }

    fn allow(action: &str, resource: &str) -> String {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"{action}","Resource":"{resource}"}}]}}"#
        )
    }

    fn deny(action: &str, resource: &str) -> String {
        allow(action, resource).replace("\"Allow\"", "\"Deny\"")
    }

    fn grant(effect: &str, principal: &str, action: &str) -> String {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"{effect}","Principal":{principal},"Action":"{action}","Resource":"*"}}]}}"#
        )
    }

    fn deny_from_bad_endpoint() -> String {
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*",
            "Condition":{"StringEquals":{"aws:SourceVpce":"vpce-bad"}}}}"#
            .to_owned()
    }

    #[derive(Default)]
    struct Setup {
        identity: Vec<Owned>,
        boundary: Option<Owned>,
        session: Vec<Owned>,
        scps: Vec<Vec<Owned>>,
        rcps: Vec<Vec<Owned>>,
        endpoint: Option<Owned>,
        resource: Option<Owned>,
        resource_account: Option<String>,
        rule: ResourceRule,
    }

    impl Setup {
        fn identity(mut self, text: &str) -> Self {
            let id = format!("identity-{}", self.identity.len());
            self.identity
                .push(owned(Layer::Identity, &id, PolicyKind::IdentityInline, text));
            self
        }

        fn managed(mut self, arn: &str, text: &str) -> Self {
            self.identity
                .push(owned(Layer::Identity, arn, PolicyKind::IdentityManaged, text));
            self
        }

        fn boundary(mut self, text: &str) -> Self {
            self.boundary = Some(owned(
                Layer::PermissionsBoundary,
                "boundary",
                PolicyKind::PermissionsBoundary,
                text,
            ));
            self
        }

        fn session_policy(mut self, text: &str) -> Self {
            self.session
                .push(owned(Layer::Session, "session", PolicyKind::Session, text));
            self
        }

        fn scp_level(mut self, texts: &[&str]) -> Self {
            let level = texts
                .iter()
                .enumerate()
                .map(|(index, text)| {
                    owned(
                        Layer::ServiceControl,
                        &format!("scp-{index}"),
                        PolicyKind::ServiceControl,
                        text,
                    )
                })
                .collect();
            self.scps.push(level);
            self
        }

        fn rcp_level(mut self, texts: &[&str]) -> Self {
            let level = texts
                .iter()
                .map(|text| owned(Layer::ResourceControl, "rcp", PolicyKind::ResourceControl, text))
                .collect();
            self.rcps.push(level);
            self
        }

        fn endpoint(mut self, text: &str) -> Self {
            self.endpoint = Some(owned(Layer::VpcEndpoint, "vpce", PolicyKind::VpcEndpoint, text));
            self
        }

        fn resource(mut self, text: &str) -> Self {
            self.resource = Some(owned(
                Layer::Resource,
                "secret-policy",
                PolicyKind::SecretResource,
                text,
            ));
            self
        }

        fn key_policy(mut self, text: &str) -> Self {
            self.resource = Some(owned(Layer::Resource, "key-policy", PolicyKind::KeyPolicy, text));
            self.rule = ResourceRule::KeyPolicy;
            self
        }

        fn trust_policy(mut self, text: &str) -> Self {
            self.resource = Some(owned(Layer::Resource, "trust-policy", PolicyKind::Trust, text));
            self.rule = ResourceRule::TrustPolicy;
            self
        }

        fn owned_by(mut self, account: &str) -> Self {
            self.resource_account = Some(account.to_owned());
            self
        }

        fn layers(&self) -> PolicyLayers<'_> {
            PolicyLayers {
                identity: self.identity.iter().map(sourced).collect(),
                permissions_boundary: self.boundary.as_ref().map(sourced),
                session: self.session.iter().map(sourced).collect(),
                service_control: self
                    .scps
                    .iter()
                    .map(|level| level.iter().map(sourced).collect())
                    .collect(),
                resource_control: self
                    .rcps
                    .iter()
                    .map(|level| level.iter().map(sourced).collect())
                    .collect(),
                vpc_endpoint: self.endpoint.as_ref().map(sourced),
                resource: self.resource.as_ref().map(sourced),
                resource_account: self.resource_account.clone(),
                resource_rule: self.rule,
            }
        }

        /// Decides, and checks that `explain` agrees.
        fn decide(&self, request: &Request) -> Decision {
            let layers = self.layers();
            let decision = decide(request, &layers);
            assert_eq!(
                explain(request, &layers).decision,
                decision,
                "decide and explain disagree"
            );
            decision
        }
    }

    fn session_principal() -> Principal {
        Principal {
            arn: SESSION.into(),
            account: ACCOUNT.into(),
            kind: PrincipalKind::AssumedRole {
                role_arn: ROLE.into(),
                session_name: "i-0abc".into(),
            },
        }
    }

    fn request(principal: Principal, action: &str, resource: &str) -> Request {
        Request {
            principal,
            action: action.into(),
            resource: resource.into(),
            context: RequestContext::new(),
        }
    }

    fn get_secret() -> Request {
        request(session_principal(), GET, SECRET)
    }

    fn user_request() -> Request {
        request(
            Principal {
                arn: USER.into(),
                account: ACCOUNT.into(),
                kind: PrincipalKind::User,
            },
            GET,
            SECRET,
        )
    }

    fn external_session() -> Request {
        request(
            Principal {
                arn: "arn:aws:sts::444455556666:assumed-role/Ext/s".into(),
                account: OTHER.into(),
                kind: PrincipalKind::AssumedRole {
                    role_arn: "arn:aws:iam::444455556666:role/Ext".into(),
                    session_name: "s".into(),
                },
            },
            GET,
            SECRET,
        )
    }

    use Decision::{Allowed, ExplicitDeny, ImplicitDeny};

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
    #[test]
    fn identity_policies() {
        assert_eq!(Setup::default().decide(&get_secret()), ImplicitDeny);
        assert_eq!(
            Setup::default()
                .identity(&allow(GET, SECRET))
                .decide(&get_secret()),
            Allowed
        );
        assert_eq!(
            Setup::default()
                .identity(&allow("secretsmanager:*", "*"))
                .decide(&get_secret()),
            Allowed
        );
        assert_eq!(
            Setup::default()
                .identity(&allow("secretsmanager:List*", "*"))
                .decide(&get_secret()),
            ImplicitDeny
        );
        let allow_and_deny = Setup::default()
            .identity(&allow("*", "*"))
            .identity(&deny(GET, SECRET));
        assert_eq!(allow_and_deny.decide(&get_secret()), ExplicitDeny);
        // NotAction with Allow grants everything else; NotResource likewise.
        let not_action =
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}"#;
        assert_eq!(
            Setup::default().identity(not_action).decide(&get_secret()),
            Allowed
        );
        let not_action_deny = r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotAction":"secretsmanager:Get*","Resource":"*"}}"#;
        let setup = Setup::default()
            .identity(&allow("*", "*"))
            .identity(not_action_deny);
        assert_eq!(setup.decide(&get_secret()), Allowed);
        assert_eq!(
            setup.decide(&request(
                session_principal(),
                "secretsmanager:DeleteSecret",
                SECRET
            )),
            ExplicitDeny
        );
        let not_resource = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","NotResource":"arn:aws:secretsmanager:*:*:secret:prod/*"}}"#;
        assert_eq!(
            Setup::default().identity(not_resource).decide(&get_secret()),
            ImplicitDeny
        );
    }

    #[test]
    fn conditions_gate_statements() {
        let text = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*",
            "Condition":{"StringEquals":{"aws:ResourceTag/project":"${aws:PrincipalTag/project}"}}}}"#;
        let setup = Setup::default().identity(text);
        let mut matching = get_secret();
        matching
            .context
            .insert_string("aws:ResourceTag/project", "apollo");
        matching
            .context
            .insert_string("aws:PrincipalTag/project", "apollo");
        assert_eq!(setup.decide(&matching), Allowed);
        let mut other = matching.clone();
        other.context.insert_string("aws:ResourceTag/project", "gemini");
        assert_eq!(setup.decide(&other), ImplicitDeny);
        // Version 2008-10-17: the variable is literal text.
        let legacy = Setup::default().identity(&text.replace("2012-10-17", "2008-10-17"));
        assert_eq!(legacy.decide(&matching), ImplicitDeny);
    }

    // Resource variables: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
    #[test]
    fn resource_variables() {
        let text = allow(
            GET,
            "arn:aws:secretsmanager:*:*:secret:${aws:PrincipalTag/team}/*",
        );
        let setup = Setup::default().identity(&text);
        let mut request = get_secret();
        assert_eq!(
            setup.decide(&request),
            ImplicitDeny,
            "missing variable: the entry matches nothing"
        );
        request.context.insert_string("aws:PrincipalTag/team", "prod");
        assert_eq!(setup.decide(&request), Allowed);
        request.context.insert_string("aws:PrincipalTag/team", "dev");
        assert_eq!(setup.decide(&request), ImplicitDeny);
        // NotResource with a missing variable excludes nothing.
        let not_resource = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","NotResource":"arn:aws:secretsmanager:*:*:secret:${aws:PrincipalTag/x}*"}}"#;
        assert_eq!(
            Setup::default().identity(not_resource).decide(&get_secret()),
            Allowed
        );
    }

    // Reference 6.2: same-account resource-policy allows by principal type.
    #[test]
    fn same_account_resource_policy_by_principal_type() {
        let names = |principal: &str| grant("Allow", principal, GET);
        let boundary_without_secrets = allow("s3:*", "*");
        let session_without_secrets = allow("s3:*", "*");

        // Role ARN: no identity policy needed, but capped by boundary and session policy.
        let by_role = names(&format!(r#"{{"AWS":"{ROLE}"}}"#));
        assert_eq!(Setup::default().resource(&by_role).decide(&get_secret()), Allowed);
        assert_eq!(
            Setup::default()
                .resource(&by_role)
                .boundary(&boundary_without_secrets)
                .decide(&get_secret()),
            ImplicitDeny
        );
        assert_eq!(
            Setup::default()
                .resource(&by_role)
                .session_policy(&session_without_secrets)
                .decide(&get_secret()),
            ImplicitDeny
        );

        // Session ARN: not capped by boundary or session policy.
        let by_session = names(&format!(r#"{{"AWS":"{SESSION}"}}"#));
        assert_eq!(
            Setup::default().resource(&by_session).decide(&get_secret()),
            Allowed
        );
        assert_eq!(
            Setup::default()
                .resource(&by_session)
                .boundary(&boundary_without_secrets)
                .session_policy(&session_without_secrets)
                .decide(&get_secret()),
            Allowed
        );

        // Account: delegates to IAM, the identity policy is still required.
        for account in [
            format!(r#"{{"AWS":"{ACCOUNT}"}}"#),
            format!(r#"{{"AWS":"arn:aws:iam::{ACCOUNT}:root"}}"#),
        ] {
            assert_eq!(
                Setup::default().resource(&names(&account)).decide(&get_secret()),
                ImplicitDeny
            );
            assert_eq!(
                Setup::default()
                    .resource(&names(&account))
                    .identity(&allow(GET, "*"))
                    .decide(&get_secret()),
                Allowed
            );
        }

        // `*`: not capped either.
        assert_eq!(
            Setup::default()
                .resource(&names("\"*\""))
                .boundary(&boundary_without_secrets)
                .decide(&get_secret()),
            Allowed
        );

        // User ARN: stands alone, not capped by the boundary.
        let by_user = names(&format!(r#"{{"AWS":"{USER}"}}"#));
        assert_eq!(
            Setup::default()
                .resource(&by_user)
                .boundary(&boundary_without_secrets)
                .decide(&user_request()),
            Allowed
        );
        // Naming someone else grants nothing.
        assert_eq!(
            Setup::default().resource(&by_user).decide(&get_secret()),
            ImplicitDeny
        );

        // Identity allow alone (no resource policy) is capped by the boundary.
        assert_eq!(
            Setup::default()
                .identity(&allow(GET, "*"))
                .boundary(&boundary_without_secrets)
                .decide(&get_secret()),
            ImplicitDeny
        );
        assert_eq!(
            Setup::default()
                .identity(&allow(GET, "*"))
                .boundary(&allow("secretsmanager:*", "*"))
                .decide(&get_secret()),
            Allowed
        );

        // An explicit Deny naming the role also blocks its sessions.
        let deny_role = grant("Deny", &format!(r#"{{"AWS":"{ROLE}"}}"#), GET);
        assert_eq!(
            Setup::default()
                .resource(&deny_role)
                .identity(&allow("*", "*"))
                .decide(&get_secret()),
            ExplicitDeny
        );
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
    #[test]
    fn cross_account_needs_both_sides() {
        let resource = grant("Allow", &format!(r#"{{"AWS":"arn:aws:iam::{OTHER}:root"}}"#), GET);
        let base = || Setup::default().owned_by(ACCOUNT);
        assert_eq!(
            base().resource(&resource).decide(&external_session()),
            ImplicitDeny
        );
        assert_eq!(
            base().identity(&allow(GET, "*")).decide(&external_session()),
            ImplicitDeny
        );
        assert_eq!(
            base()
                .resource(&resource)
                .identity(&allow(GET, "*"))
                .decide(&external_session()),
            Allowed
        );
        // Even a resource policy naming the exact session still needs the caller's identity policy.
        let by_session = grant(
            "Allow",
            r#"{"AWS":"arn:aws:sts::444455556666:assumed-role/Ext/s"}"#,
            GET,
        );
        assert_eq!(
            base().resource(&by_session).decide(&external_session()),
            ImplicitDeny
        );
        assert_eq!(
            base()
                .resource(&by_session)
                .identity(&allow(GET, "*"))
                .decide(&external_session()),
            Allowed
        );
        // Naming our own account does not name theirs.
        let ours = grant("Allow", &format!(r#"{{"AWS":"{ACCOUNT}"}}"#), GET);
        assert_eq!(
            base()
                .resource(&ours)
                .identity(&allow(GET, "*"))
                .decide(&external_session()),
            ImplicitDeny
        );
        let explanation = explain(&external_session(), &base().identity(&allow(GET, "*")).layers());
        assert_eq!(
            explanation.denial.map(|denial| denial.policy_type),
            Some(PolicyType::ResourceBased)
        );
    }

    // KMS-DG key-policies: the key policy must allow; the root statement enables IAM policies.
    #[test]
    fn key_policies() {
        let decrypt = request(
            session_principal(),
            "kms:Decrypt",
            "arn:aws:kms:us-east-1:111122223333:key/k-1",
        );
        let enable_iam = grant(
            "Allow",
            &format!(r#"{{"AWS":"arn:aws:iam::{ACCOUNT}:root"}}"#),
            "kms:*",
        );
        assert_eq!(
            Setup::default().key_policy(&enable_iam).decide(&decrypt),
            ImplicitDeny
        );
        assert_eq!(
            Setup::default()
                .key_policy(&enable_iam)
                .identity(&allow("kms:Decrypt", "*"))
                .decide(&decrypt),
            Allowed
        );
        // Without the root statement, IAM policies have no effect...
        let only_admin = grant(
            "Allow",
            r#"{"AWS":"arn:aws:iam::111122223333:role/Admin"}"#,
            "kms:*",
        );
        assert_eq!(
            Setup::default()
                .key_policy(&only_admin)
                .identity(&allow("*", "*"))
                .decide(&decrypt),
            ImplicitDeny
        );
        // ...but IAM denies still apply.
        let by_role = grant("Allow", &format!(r#"{{"AWS":"{ROLE}"}}"#), "kms:Decrypt");
        assert_eq!(Setup::default().key_policy(&by_role).decide(&decrypt), Allowed);
        assert_eq!(
            Setup::default()
                .key_policy(&by_role)
                .identity(&deny("kms:*", "*"))
                .decide(&decrypt),
            ExplicitDeny
        );
        // No key policy at all: denied.
        let mut no_policy = Setup::default().identity(&allow("*", "*"));
        no_policy.rule = ResourceRule::KeyPolicy;
        assert_eq!(no_policy.decide(&decrypt), ImplicitDeny);
        let explanation = explain(
            &decrypt,
            &Setup::default()
                .key_policy(&only_admin)
                .identity(&allow("*", "*"))
                .layers(),
        );
        assert_eq!(
            explanation.denial.as_ref().map(|denial| denial.policy_type),
            Some(PolicyType::ResourceBased)
        );
        assert_eq!(
            explanation.suggestions(),
            vec![Suggestion::KeyPolicyMustAllow {
                action: "kms:Decrypt".into(),
                principal: SESSION.into()
            }]
        );
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user.html, evaluation logic:
    // "Role trust policies and KMS key policies are exceptions ... they must explicitly allow access".
    #[test]
    fn trust_policies() {
        let assume = request(
            Principal {
                arn: USER.into(),
                account: ACCOUNT.into(),
                kind: PrincipalKind::User,
            },
            "sts:AssumeRole",
            "arn:aws:iam::111122223333:role/Target",
        );
        let trust = |principal: &str| {
            format!(
                r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Principal":{principal},"Action":"sts:AssumeRole"}}}}"#
            )
        };
        // Same account, trust names the user: the trust policy suffices.
        assert_eq!(
            Setup::default()
                .trust_policy(&trust(&format!(r#"{{"AWS":"{USER}"}}"#)))
                .decide(&assume),
            Allowed
        );
        // Trust names the account: the user's identity policy must allow sts:AssumeRole.
        let account = trust(&format!(r#"{{"AWS":"{ACCOUNT}"}}"#));
        assert_eq!(
            Setup::default().trust_policy(&account).decide(&assume),
            ImplicitDeny
        );
        assert_eq!(
            Setup::default()
                .trust_policy(&account)
                .identity(&allow("sts:AssumeRole", "*"))
                .decide(&assume),
            Allowed
        );
        // Identity policy alone is not enough.
        let ec2_only = trust(r#"{"Service":"ec2.amazonaws.com"}"#);
        let setup = Setup::default()
            .trust_policy(&ec2_only)
            .identity(&allow("sts:AssumeRole", "*"));
        assert_eq!(setup.decide(&assume), ImplicitDeny);
        let explanation = explain(&assume, &setup.layers());
        assert_eq!(
            explanation.access_denied_message().as_deref(),
            Some(
                "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: sts:AssumeRole on resource: \
                 arn:aws:iam::111122223333:role/Target because no role trust policy allows the sts:AssumeRole action"
            )
        );
        // EC2 assumes the role through its service principal; no SCPs apply to it.
        let ec2 = request(
            Principal {
                arn: "ec2.amazonaws.com".into(),
                account: String::new(),
                kind: PrincipalKind::Service,
            },
            "sts:AssumeRole",
            "arn:aws:iam::111122223333:role/Target",
        );
        let with_scp = Setup::default()
            .trust_policy(&ec2_only)
            .scp_level(&[&deny("*", "*")]);
        assert_eq!(with_scp.decide(&ec2), Allowed);
        // Cross-account: trust policy and the caller's identity policy.
        let external = request(
            Principal {
                arn: "arn:aws:iam::444455556666:user/bob".into(),
                account: OTHER.into(),
                kind: PrincipalKind::User,
            },
            "sts:AssumeRole",
            "arn:aws:iam::111122223333:role/Target",
        );
        let trusts_bob = trust(r#"{"AWS":"arn:aws:iam::444455556666:user/bob"}"#);
        assert_eq!(
            Setup::default()
                .owned_by(ACCOUNT)
                .trust_policy(&trusts_bob)
                .decide(&external),
            ImplicitDeny
        );
        assert_eq!(
            Setup::default()
                .owned_by(ACCOUNT)
                .trust_policy(&trusts_bob)
                .identity(&allow("sts:AssumeRole", "*"))
                .decide(&external),
            Allowed
        );
    }

    // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
    #[test]
    fn service_control_policies_need_an_allow_at_every_level() {
        let full = allow("*", "*");
        let secrets = allow("secretsmanager:*", "*");
        let base = || Setup::default().identity(&allow("*", "*"));
        assert_eq!(
            base()
                .scp_level(&[&full])
                .scp_level(&[&secrets])
                .decide(&get_secret()),
            Allowed
        );
        assert_eq!(
            base()
                .scp_level(&[&full])
                .scp_level(&[&allow("s3:*", "*")])
                .decide(&get_secret()),
            ImplicitDeny
        );
        assert_eq!(
            base()
                .scp_level(&[&full])
                .scp_level(&[&allow("s3:*", "*"), &secrets])
                .decide(&get_secret()),
            Allowed
        );
        assert_eq!(
            base().scp_level(&[&full, &deny(GET, "*")]).decide(&get_secret()),
            ExplicitDeny
        );
        // SCPs never grant.
        assert_eq!(
            Setup::default().scp_level(&[&full]).decide(&get_secret()),
            ImplicitDeny
        );
        // An SCP without an allow is reported as an explicit deny in the message, but decided as implicit.
        let setup = base().scp_level(&[&allow("s3:*", "*")]);
        let explanation = explain(&get_secret(), &setup.layers());
        assert_eq!(explanation.decision, ImplicitDeny);
        assert!(explanation
            .access_denied_message()
            .is_some_and(|message| message.ends_with("with an explicit deny in a service control policy")));
        // The root user is subject to SCPs but needs no identity policy.
        let root = request(
            Principal {
                arn: format!("arn:aws:iam::{ACCOUNT}:root"),
                account: ACCOUNT.into(),
                kind: PrincipalKind::Root,
            },
            GET,
            SECRET,
        );
        assert_eq!(Setup::default().decide(&root), Allowed);
        assert_eq!(
            Setup::default().scp_level(&[&allow("s3:*", "*")]).decide(&root),
            ImplicitDeny
        );
    }

    // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
    #[test]
    fn resource_control_policies_only_deny() {
        let full = grant("Allow", "\"*\"", "*");
        let base = || Setup::default().identity(&allow("*", "*"));
        assert_eq!(base().rcp_level(&[&full]).decide(&get_secret()), Allowed);
        // RCPs never grant, and a level without an allow does not deny.
        assert_eq!(
            Setup::default().rcp_level(&[&full]).decide(&get_secret()),
            ImplicitDeny
        );
        assert_eq!(base().rcp_level(&[]).decide(&get_secret()), Allowed);
        let external_deny = r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"secretsmanager:*","Resource":"*",
            "Condition":{"StringNotEqualsIfExists":{"aws:PrincipalAccount":"111122223333"}}}}"#;
        let mut ours = get_secret();
        ours.context.insert_string("aws:PrincipalAccount", ACCOUNT);
        assert_eq!(base().rcp_level(&[&full, external_deny]).decide(&ours), Allowed);
        let mut theirs = get_secret();
        theirs.context.insert_string("aws:PrincipalAccount", OTHER);
        assert_eq!(
            base().rcp_level(&[&full, external_deny]).decide(&theirs),
            ExplicitDeny
        );
    }

    #[test]
    fn vpc_endpoint_policy_must_allow() {
        let base = || Setup::default().identity(&allow("*", "*"));
        assert_eq!(
            base()
                .endpoint(&grant("Allow", "\"*\"", GET))
                .decide(&get_secret()),
            Allowed
        );
        assert_eq!(
            base()
                .endpoint(&grant("Allow", "\"*\"", "secretsmanager:List*"))
                .decide(&get_secret()),
            ImplicitDeny
        );
        let explanation = explain(
            &get_secret(),
            &base().endpoint(&grant("Allow", "\"*\"", "s3:*")).layers(),
        );
        assert_eq!(
            explanation.denial.map(|denial| denial.policy_type),
            Some(PolicyType::VpcEndpoint)
        );
        // The endpoint policy never grants by itself.
        assert_eq!(
            Setup::default()
                .endpoint(&grant("Allow", "\"*\"", "*"))
                .decide(&get_secret()),
            ImplicitDeny
        );
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
    #[test]
    fn not_principal_deny() {
        let identity = allow("*", "*");
        let exempting = format!(
            r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Deny","NotPrincipal":{{"AWS":["{SESSION}","{ROLE}","arn:aws:iam::{ACCOUNT}:root"]}},"Action":"*","Resource":"*"}}}}"#
        );
        assert_eq!(
            Setup::default()
                .identity(&identity)
                .resource(&exempting)
                .decide(&get_secret()),
            Allowed
        );
        // Naming only the session is not enough: the role and account levels are denied.
        let session_only = format!(
            r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Deny","NotPrincipal":{{"AWS":"{SESSION}"}},"Action":"*","Resource":"*"}}}}"#
        );
        assert_eq!(
            Setup::default()
                .identity(&identity)
                .resource(&session_only)
                .decide(&get_secret()),
            ExplicitDeny
        );
        // With a permissions boundary attached, NotPrincipal + Deny always denies.
        assert_eq!(
            Setup::default()
                .identity(&identity)
                .boundary(&identity)
                .resource(&exempting)
                .decide(&get_secret()),
            ExplicitDeny
        );
        // Everyone else is denied.
        assert_eq!(
            Setup::default()
                .identity(&identity)
                .resource(&exempting)
                .decide(&user_request()),
            ExplicitDeny
        );
        // NotPrincipal with Allow grants to everyone but those named, at any level.
        let allow_all_but = |named: &str| {
            format!(
                r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","NotPrincipal":{{"AWS":"{named}"}},"Action":"*","Resource":"*"}}}}"#
            )
        };
        assert_eq!(
            Setup::default()
                .resource(&allow_all_but(USER))
                .decide(&user_request()),
            ImplicitDeny
        );
        assert_eq!(
            Setup::default()
                .resource(&allow_all_but(USER))
                .decide(&get_secret()),
            Allowed
        );
        assert_eq!(
            Setup::default()
                .resource(&allow_all_but(ROLE))
                .decide(&get_secret()),
            ImplicitDeny
        );
    }

    #[test]
    fn service_principals_need_the_resource_policy() {
        let lambda = request(
            Principal {
                arn: "lambda.amazonaws.com".into(),
                account: String::new(),
                kind: PrincipalKind::Service,
            },
            GET,
            SECRET,
        );
        assert_eq!(Setup::default().decide(&lambda), ImplicitDeny);
        let by_service = grant("Allow", r#"{"Service":"lambda.amazonaws.com"}"#, GET);
        assert_eq!(Setup::default().resource(&by_service).decide(&lambda), Allowed);
        let by_account = grant("Allow", &format!(r#"{{"AWS":"{ACCOUNT}"}}"#), GET);
        assert_eq!(
            Setup::default().resource(&by_account).decide(&lambda),
            ImplicitDeny
        );
    }

    #[test]
    fn explanation_records_every_statement_and_missing_keys() {
        let conditional = r#"{"Version":"2012-10-17","Statement":[
            {"Sid":"ReadWithTag","Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*",
             "Condition":{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"},"Bool":{"aws:SecureTransport":"true"}}},
            {"Sid":"Other","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;
        let setup = Setup::default().identity(conditional);
        let mut request = get_secret();
        request.context.insert(
            "aws:SecureTransport",
            ContextValue::single(ContextKeyType::Boolean, "true"),
        );
        request.context.insert_string("aws:ResourceTag/team", "blue");
        let explanation = explain(&request, &setup.layers());
        assert_eq!(explanation.decision, ImplicitDeny);
        assert_eq!(explanation.statements.len(), 2);
        let first = &explanation.statements[0];
        assert_eq!(first.statement.sid.as_deref(), Some("ReadWithTag"));
        assert!(first.action.satisfied && first.resource.satisfied && !first.applies);
        assert_eq!(
            first.action.matched_pattern.as_deref(),
            Some("secretsmanager:GetSecretValue")
        );
        assert_eq!(first.conditions.len(), 2);
        assert_eq!(first.conditions[0].operator, "StringEquals");
        assert_eq!(first.conditions[0].policy_values, vec![None]);
        assert_eq!(first.conditions[0].request_values, Some(vec!["blue".to_owned()]));
        assert!(!first.conditions[0].result);
        assert!(first.conditions[1].result);
        assert!(!explanation.statements[1].action.satisfied);
        assert_eq!(
            explanation.missing_context_values,
            vec!["aws:PrincipalTag/team".to_owned()]
        );
        let denial = explanation.denial.clone().expect("denied");
        assert_eq!(
            (denial.policy_type, denial.explicit),
            (PolicyType::IdentityBased, false)
        );
        let suggestions: Vec<String> = explanation
            .suggestions()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            suggestions,
            vec![
                "satisfy or remove condition `StringEquals` on `aws:ResourceTag/team` of statement `ReadWithTag` in \
                 policy `identity-0`"
                    .to_owned(),
                format!("add an Allow for `{GET}` on `{SECRET}` to an identity-based policy of the caller"),
                "the request has no value for `aws:PrincipalTag/team`, which a policy uses (tag the principal or \
                 resource, or pass the parameter)"
                    .to_owned(),
            ]
        );

        let layer_of = |layer: Layer| {
            explanation
                .layers
                .iter()
                .find(|outcome| outcome.layer == layer)
                .map(|o| o.verdict)
        };
        assert_eq!(layer_of(Layer::Identity), Some(LayerVerdict::NoAllow));
        assert_eq!(layer_of(Layer::Resource), Some(LayerVerdict::NotPresent));
        assert_eq!(layer_of(Layer::ServiceControl), Some(LayerVerdict::NotPresent));
        // A key only a Deny uses is not worth supplying.
        let guarded = Setup::default().identity(&deny_from_bad_endpoint());
        let guarded = explain(&get_secret(), &guarded.layers());
        assert_eq!(guarded.decision, ImplicitDeny);
        assert_eq!(guarded.missing_context_values, vec!["aws:SourceVpce".to_owned()]);
        assert!(!guarded
            .suggestions()
            .iter()
            .any(|s| matches!(s, Suggestion::ProvideContextValue { .. })));
    }

    #[test]
    fn missing_context_values_come_from_statements_about_the_action() {
        let text = r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"s3:prefix":"home/"}}},
            {"Effect":"Allow","Action":"secretsmanager:*","Resource":"*","Condition":{"StringEquals":{"secretsmanager:VersionStage":"AWSCURRENT"}}},
            {"Effect":"Allow","Action":"secretsmanager:*","Resource":"arn:aws:secretsmanager:*:*:secret:${aws:PrincipalTag/team}-*"}]}"#;
        let explanation = explain(&get_secret(), &Setup::default().identity(text).layers());
        assert_eq!(
            explanation.missing_context_values,
            vec![
                "secretsmanager:VersionStage".to_owned(),
                "aws:PrincipalTag/team".to_owned()
            ]
        );
    }

    #[test]
    fn explanation_names_the_deciding_deny_and_its_managed_policy() {
        let arn = "arn:aws:iam::111122223333:policy/DenyProd";
        let setup = Setup::default()
            .identity(&allow("*", "*"))
            .managed(arn, &deny("secretsmanager:*", "*"));
        let explanation = explain(&get_secret(), &setup.layers());
        assert_eq!(explanation.decision, ExplicitDeny);
        assert_eq!(explanation.deciding.len(), 1);
        assert_eq!(explanation.deciding[0].source.id, arn);
        assert_eq!(explanation.deciding[0].effect, Effect::Deny);
        assert_eq!(
            explanation.access_denied_message().as_deref(),
            Some(
                "User: arn:aws:sts::111122223333:assumed-role/App/i-0abc is not authorized to perform: \
                 secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf \
                 with an explicit deny in an identity-based policy: arn:aws:iam::111122223333:policy/DenyProd"
            )
        );
        assert!(matches!(
            explanation.suggestions().as_slice(),
            [Suggestion::RemoveDeny { .. }]
        ));
        // Allowed: the deciding statements are the applicable Allows.
        let allowed = explain(
            &get_secret(),
            &Setup::default().identity(&allow(GET, "*")).layers(),
        );
        assert_eq!(allowed.decision, Allowed);
        assert_eq!(allowed.deciding.len(), 1);
        assert!(allowed.denial.is_none() && allowed.suggestions().is_empty());
    }

    #[test]
    fn boundary_and_session_denials_are_named() {
        let setup = Setup::default()
            .identity(&allow("*", "*"))
            .boundary(&allow("s3:*", "*"));
        let explanation = explain(&get_secret(), &setup.layers());
        assert_eq!(
            explanation.denial.map(|denial| denial.policy_type),
            Some(PolicyType::PermissionsBoundary)
        );
        let setup = Setup::default()
            .identity(&allow("*", "*"))
            .session_policy(&allow("s3:*", "*"));
        let explanation = explain(&get_secret(), &setup.layers());
        assert_eq!(
            explanation.denial.map(|denial| denial.policy_type),
            Some(PolicyType::Session)
        );
        let setup = Setup::default()
            .identity(&allow("*", "*"))
            .session_policy(&deny("*", "*"));
        let explanation = explain(&get_secret(), &setup.layers());
        assert_eq!(
            explanation.denial,
            Some(Denial {
                policy_type: PolicyType::Session,
                explicit: true,
                policy_id: Some("session".into())
            })
        );
    }

    #[test]
    fn explanation_report() {
        let identity = r#"{"Version":"2012-10-17","Statement":[
            {"Sid":"ReadTeamSecrets","Effect":"Allow","Action":"secretsmanager:GetSecretValue",
             "Resource":"arn:aws:secretsmanager:*:*:secret:${aws:PrincipalTag/team}/*"},
            {"Sid":"OnlyFromTheVpc","Effect":"Deny","Action":"*","Resource":"*",
             "Condition":{"StringNotEqualsIfExists":{"aws:SourceVpce":["vpce-1","vpce-2"]}}}]}"#;
        let resource = format!(
            r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{ACCOUNT}:root"}},"Action":"secretsmanager:*","Resource":"*"}}}}"#
        );
        let setup = Setup::default().identity(identity).resource(&resource);
        let mut request = get_secret();
        request.context.insert_string("aws:SourceVpce", "vpce-1");
        let explanation = explain(&request, &setup.layers());
        expect_test::expect![[r#"
            decision: implicitDeny
            message: User: arn:aws:sts::111122223333:assumed-role/App/i-0abc is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf because no identity-based policy allows the secretsmanager:GetSecretValue action
            layers:
              service control policies: not present
              resource control policies: not present
              VPC endpoint policy: not present
              resource-based policy: allowed
              identity-based policies: no allow
              permissions boundary: not present
              session policies: not present
            statements:
              Allow #0 in `secret-policy`: applies
                action: ok (`secretsmanager:*` matches)
                resource: ok (`*` matches)
                principal: ok [`arn:aws:iam::111122223333:root`] (names the account: delegates to IAM policies)
              Allow `ReadTeamSecrets` in `identity-0`: does not apply
                action: ok (`secretsmanager:GetSecretValue` matches)
                resource: no (nothing listed matches)
              Deny `OnlyFromTheVpc` in `identity-0`: does not apply
                action: ok (`*` matches)
                resource: ok (`*` matches)
                condition StringNotEqualsIfExists `aws:SourceVpce` [`vpce-1`, `vpce-2`] against [`vpce-1`]: false
            missing context values: [`aws:PrincipalTag/team`]
            suggestions:
              - statement `ReadTeamSecrets` in policy `identity-0` allows the action but its Resource does not match `arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf`
              - the resource policy delegates to IAM by naming the account: add an Allow for `secretsmanager:GetSecretValue` on `arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf` to an identity-based policy of the caller
              - the request has no value for `aws:PrincipalTag/team`, which a policy uses (tag the principal or resource, or pass the parameter)
        "#]].assert_eq(&explanation.to_string());
    }
}
