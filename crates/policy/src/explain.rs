//! Explanations: the same walk as [`crate::decide`], recorded. Says per layer what it amounted to, which
//! statements decided, why every evaluated statement applied or not (element by element, condition by
//! condition, with variables substituted), which context keys the policies wanted but the request lacked,
//! why the request was denied, and what could be changed to allow it.

use std::fmt;

use crate::ast::{Condition, Effect, PrincipalSet, Span, Spanned, Statement};
use crate::condition::{condition_matches, operator_name, substituted_values};
use crate::denial::{Denial, PolicyType};
use crate::evaluate::{walk, Decision, Recorder};
use crate::matching::PrincipalMatch;
use crate::request::{Layer, PolicyLayers, PolicySource, Request, RequestContext, ResourceRule};

/// Why a request was decided as it was.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    pub decision: Decision,
    /// Every layer, in evaluation order (SCP and RCP levels each get an entry).
    pub layers: Vec<LayerOutcome>,
    /// The statements that decided: every applicable Deny for an explicit deny, every applicable Allow (RCPs
    /// aside) when allowed, none for an implicit deny.
    pub deciding: Vec<StatementRef>,
    /// Every statement evaluated, in evaluation order.
    pub statements: Vec<StatementTrace>,
    /// Context keys the policies referenced (condition keys, variables without a default) that the request
    /// did not supply, in first-seen order, without case-insensitive duplicates.
    pub missing_context_values: Vec<String>,
    /// Why it was denied (`None` when allowed).
    pub denial: Option<Denial>,
    /// The request's action and resource, for [`Explanation::suggestions`] and the AccessDenied text.
    pub action: String,
    pub resource: String,
    pub caller_arn: String,
    /// How the resource policy combined with the identity side (tailors the suggestions).
    pub resource_rule: ResourceRule,
}

/// What one layer (or one SCP/RCP level) amounted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayerOutcome {
    pub layer: Layer,
    /// The SCP/RCP level (0 = organization root) for those layers.
    pub level: Option<usize>,
    pub verdict: LayerVerdict,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LayerVerdict {
    /// An applicable Allow, no applicable Deny.
    Allowed,
    /// An applicable Deny.
    ExplicitlyDenied,
    /// Policies exist but none allows.
    NoAllow,
    /// The layer does not exist for this request.
    NotPresent,
    /// The layer exists but does not take part (SCPs for service principals, the identity layer of the root
    /// user or a service, an RCP level without an allow: RCPs only deny).
    NotApplicable,
}

impl LayerVerdict {
    pub fn as_str(self) -> &'static str {
        match self {
            LayerVerdict::Allowed => "allowed",
            LayerVerdict::ExplicitlyDenied => "explicitly denied",
            LayerVerdict::NoAllow => "no allow",
            LayerVerdict::NotPresent => "not present",
            LayerVerdict::NotApplicable => "not applicable",
        }
    }
}

/// Which statement: its policy, its index and sid, effect and place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementRef {
    pub source: PolicySource,
    pub level: Option<usize>,
    pub index: usize,
    pub sid: Option<String>,
    pub effect: Effect,
    pub span: Span,
}

impl StatementRef {
    pub(crate) fn new(source: &PolicySource, level: Option<usize>, statement: &Statement) -> Self {
        Self {
            source: source.clone(),
            level,
            index: statement.index,
            sid: statement.sid.as_ref().map(|sid| sid.value.clone()),
            effect: statement.effect.value,
            span: statement.span,
        }
    }

    /// `Sid` if it has one, else `#index`.
    pub fn label(&self) -> String {
        match &self.sid {
            Some(sid) => format!("`{sid}`"),
            None => format!("#{}", self.index),
        }
    }
}

/// Why one statement applied or not.
#[derive(Debug, Clone, PartialEq)]
pub struct StatementTrace {
    pub statement: StatementRef,
    pub layer: Layer,
    pub action: ElementTrace,
    pub resource: ElementTrace,
    pub principal: PrincipalTrace,
    pub conditions: Vec<ConditionTrace>,
    /// Every element and every condition matched.
    pub applies: bool,
}

/// `Action`/`NotAction` or `Resource`/`NotResource` of one statement against the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElementTrace {
    /// The element is written in the statement.
    pub present: bool,
    pub negated: bool,
    /// The element lets the statement apply (for `Not...`: no listed pattern matched).
    pub satisfied: bool,
    /// The first listed pattern that matched the request, as written.
    pub matched_pattern: Option<String>,
}

impl ElementTrace {
    pub(crate) fn absent() -> Self {
        Self {
            present: false,
            negated: false,
            satisfied: true,
            matched_pattern: None,
        }
    }

    pub(crate) fn new(
        negated: bool,
        satisfied: bool,
        matched: Option<usize>,
        patterns: &[Spanned<String>],
    ) -> Self {
        let matched_pattern = matched
            .and_then(|index| patterns.get(index))
            .map(|pattern| pattern.value.clone());
        Self {
            present: true,
            negated,
            satisfied,
            matched_pattern,
        }
    }
}

/// `Principal`/`NotPrincipal` of one statement against the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipalTrace {
    pub present: bool,
    pub negated: bool,
    pub satisfied: bool,
    /// How the principal named the caller (`Principal` only).
    pub named_as: Option<PrincipalMatch>,
    /// The principal values as written (`*` for `"Principal": "*"`).
    pub values: Vec<String>,
}

impl PrincipalTrace {
    pub(crate) fn new(statement: &Statement, outcome: Option<PrincipalMatch>) -> Self {
        let Some(clause) = &statement.principal else {
            return Self {
                present: false,
                negated: false,
                satisfied: outcome.is_some(),
                named_as: None,
                values: Vec::new(),
            };
        };
        let values = match &clause.value.principals {
            PrincipalSet::Everyone => vec!["*".to_owned()],
            PrincipalSet::Keyed(keyed) => keyed
                .iter()
                .flat_map(|(_, values)| values.iter().map(|value| value.value.clone()))
                .collect(),
        };
        Self {
            present: true,
            negated: clause.value.negated,
            satisfied: outcome.is_some(),
            named_as: if clause.value.negated { None } else { outcome },
            values,
        }
    }
}

/// One condition of one statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionTrace {
    /// As written: `ForAnyValue:StringEqualsIfExists`.
    pub operator: String,
    pub key: String,
    /// The policy values as written.
    pub written_values: Vec<String>,
    /// The policy values after variable substitution; `None` where a variable had no value.
    pub policy_values: Vec<Option<String>>,
    /// The request's values for the key; `None` when the request lacks it.
    pub request_values: Option<Vec<String>>,
    pub result: bool,
    pub span: Span,
}

impl ConditionTrace {
    pub(crate) fn new(
        condition: &Condition,
        context: &RequestContext,
        substitutes: bool,
        result: bool,
    ) -> Self {
        Self {
            operator: operator_name(condition.operator.value),
            key: condition.key.value.clone(),
            written_values: condition.values.iter().map(|value| value.value.clone()).collect(),
            policy_values: substituted_values(condition, context, substitutes),
            request_values: context
                .lookup(&condition.key.value)
                .map(|value| value.values.clone()),
            result,
            span: condition.operator.span,
        }
    }
}

/// A change that would move the decision towards Allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Suggestion {
    /// Remove (or stop matching) an applicable Deny statement.
    RemoveDeny { statement: StatementRef },
    /// Add an Allow to a policy of this type. `principal` is set for resource-side policies, which must name
    /// the caller.
    AddAllow {
        policy_type: PolicyType,
        action: String,
        resource: String,
        principal: Option<String>,
    },
    /// An Allow statement matched everything but this condition.
    SatisfyCondition {
        statement: StatementRef,
        operator: String,
        key: String,
    },
    /// An Allow statement matched the action but not the resource.
    WidenResource {
        statement: StatementRef,
        resource: String,
    },
    /// A key policy or trust policy names the account, which delegates to the identity policies: they must
    /// allow too.
    AllowInIdentityPolicy { action: String, resource: String },
    /// The KMS key policy must allow the caller: directly, or by allowing the account (the default "Enable IAM
    /// policies" statement) together with an identity-based Allow.
    KeyPolicyMustAllow { action: String, principal: String },
    /// A policy uses this context key (in a condition, or as a variable without a default) and the request
    /// has no value for it.
    ProvideContextValue { key: String },
}

impl fmt::Display for Suggestion {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Suggestion::RemoveDeny { statement } => write!(
                formatter,
                "remove statement {} of policy `{}`, or change it so that it no longer applies: an explicit deny \
                 overrides every allow",
                statement.label(),
                statement.source.id
            ),
            Suggestion::AddAllow { policy_type: PolicyType::ResourceBased, action, principal, .. } => write!(
                formatter,
                "add an Allow for `{action}` naming `{}` to the resource-based policy",
                principal.as_deref().unwrap_or("the caller")
            ),
            Suggestion::AddAllow { policy_type: PolicyType::RoleTrust, action, principal, .. } => write!(
                formatter,
                "the role trust policy must allow `{action}` for `{}`",
                principal.as_deref().unwrap_or("the caller")
            ),
            Suggestion::AddAllow { policy_type, action, resource, .. } => {
                let target = match policy_type {
                    PolicyType::IdentityBased => "an identity-based policy of the caller",
                    PolicyType::PermissionsBoundary => "the permissions boundary",
                    PolicyType::Session => "the session policy",
                    PolicyType::ServiceControl => "the service control policies at every level above the account",
                    PolicyType::VpcEndpoint => "the VPC endpoint policy",
                    PolicyType::ResourceControl => "the resource control policies",
                    PolicyType::ResourceBased | PolicyType::RoleTrust => "the resource-based policy",
                };
                write!(formatter, "add an Allow for `{action}` on `{resource}` to {target}")
            }
            Suggestion::SatisfyCondition { statement, operator, key } => write!(
                formatter,
                "satisfy or remove condition `{operator}` on `{key}` of statement {} in policy `{}`",
                statement.label(),
                statement.source.id
            ),
            Suggestion::WidenResource { statement, resource } => write!(
                formatter,
                "statement {} in policy `{}` allows the action but its Resource does not match `{resource}`",
                statement.label(),
                statement.source.id
            ),
            Suggestion::KeyPolicyMustAllow { action, principal } => write!(
                formatter,
                "the key policy must allow `{action}` for `{principal}`: name the principal, or allow the account \
                 root (which enables IAM policies) and add an Allow to an identity-based policy"
            ),
            Suggestion::ProvideContextValue { key } => write!(
                formatter,
                "the request has no value for `{key}`, which a policy uses (tag the principal or resource, or pass \
                 the parameter)"
            ),
            Suggestion::AllowInIdentityPolicy { action, resource } => write!(
                formatter,
                "the resource policy delegates to IAM by naming the account: add an Allow for `{action}` on \
                 `{resource}` to an identity-based policy of the caller"
            ),
        }
    }
}

impl Explanation {
    /// The AccessDenied text AWS would return, with the resource as the request names it.
    pub fn access_denied_message(&self) -> Option<String> {
        self.denial
            .as_ref()
            .map(|denial| denial.message(&self.caller_arn, &self.action, &self.resource))
    }

    /// Best-effort answers to "why not allowed?": what to change, where the engine can tell.
    pub fn suggestions(&self) -> Vec<Suggestion> {
        let Some(denial) = &self.denial else {
            return Vec::new();
        };
        let mut suggestions = Vec::new();
        if self.decision == Decision::ExplicitDeny {
            suggestions.extend(
                self.deciding
                    .iter()
                    .cloned()
                    .map(|statement| Suggestion::RemoveDeny { statement }),
            );
            return suggestions;
        }
        let layer = denial.layer();
        // Allow statements of the denying layer that nearly applied.
        for trace in self.statements.iter().filter(|trace| {
            trace.layer == layer
                && trace.statement.effect == Effect::Allow
                && trace.action.satisfied
                && !trace.applies
        }) {
            if !trace.resource.satisfied {
                suggestions.push(Suggestion::WidenResource {
                    statement: trace.statement.clone(),
                    resource: self.resource.clone(),
                });
            } else if trace.principal.satisfied {
                suggestions.extend(trace.conditions.iter().filter(|condition| !condition.result).map(
                    |condition| Suggestion::SatisfyCondition {
                        statement: trace.statement.clone(),
                        operator: condition.operator.clone(),
                        key: condition.key.clone(),
                    },
                ));
            }
        }
        let resource_names_account = self.statements.iter().any(|trace| {
            trace.layer == Layer::Resource
                && trace.applies
                && trace.statement.effect == Effect::Allow
                && trace.principal.named_as == Some(PrincipalMatch::Account)
        });
        let principal = matches!(
            denial.policy_type,
            PolicyType::ResourceBased | PolicyType::RoleTrust
        )
        .then(|| self.caller_arn.clone());
        let key_policy =
            denial.policy_type == PolicyType::ResourceBased && self.resource_rule == ResourceRule::KeyPolicy;
        if key_policy {
            suggestions.push(Suggestion::KeyPolicyMustAllow {
                action: self.action.clone(),
                principal: self.caller_arn.clone(),
            });
        } else if denial.policy_type == PolicyType::IdentityBased && resource_names_account {
            suggestions.push(Suggestion::AllowInIdentityPolicy {
                action: self.action.clone(),
                resource: self.resource.clone(),
            });
        } else {
            suggestions.push(Suggestion::AddAllow {
                policy_type: denial.policy_type,
                action: self.action.clone(),
                resource: self.resource.clone(),
                principal,
            });
        }
        // Missing keys matter for Allows; a key only Deny statements use (`...IfExists` guards) is best left out.
        let used_by = |effect: Effect, key: &str| {
            self.statements.iter().any(|trace| {
                trace.statement.effect == effect
                    && trace
                        .conditions
                        .iter()
                        .any(|condition| condition.key.eq_ignore_ascii_case(key))
            })
        };
        suggestions.extend(
            self.missing_context_values
                .iter()
                .filter(|key| used_by(Effect::Allow, key) || !used_by(Effect::Deny, key))
                .map(|key| Suggestion::ProvideContextValue { key: key.clone() }),
        );
        suggestions
    }
}

fn layer_name(layer: Layer) -> &'static str {
    match layer {
        Layer::ServiceControl => "service control policies",
        Layer::ResourceControl => "resource control policies",
        Layer::VpcEndpoint => "VPC endpoint policy",
        Layer::Resource => "resource-based policy",
        Layer::Identity => "identity-based policies",
        Layer::PermissionsBoundary => "permissions boundary",
        Layer::Session => "session policies",
    }
}

fn quoted_list(values: impl IntoIterator<Item = String>) -> String {
    let quoted: Vec<String> = values.into_iter().map(|value| format!("`{value}`")).collect();
    format!("[{}]", quoted.join(", "))
}

/// A plain-text report: decision, AccessDenied text, layers, every statement with its evidence, missing
/// context values and suggestions. Used by the CLI and snapshot tests.
impl fmt::Display for Explanation {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(formatter, "decision: {}", self.decision.as_str())?;
        if let Some(message) = self.access_denied_message() {
            writeln!(formatter, "message: {message}")?;
        }
        writeln!(formatter, "layers:")?;
        for outcome in &self.layers {
            let level = outcome
                .level
                .map(|level| format!(" (level {level})"))
                .unwrap_or_default();
            writeln!(
                formatter,
                "  {}{level}: {}",
                layer_name(outcome.layer),
                outcome.verdict.as_str()
            )?;
        }
        writeln!(formatter, "statements:")?;
        for trace in &self.statements {
            let statement = &trace.statement;
            let effect = match statement.effect {
                Effect::Allow => "Allow",
                Effect::Deny => "Deny",
            };
            let deciding = if self.deciding.contains(statement) {
                " (deciding)"
            } else {
                ""
            };
            writeln!(
                formatter,
                "  {} {} in `{}`: {}{deciding}",
                effect,
                statement.label(),
                statement.source.id,
                if trace.applies {
                    "applies"
                } else {
                    "does not apply"
                }
            )?;
            for (name, element) in [("action", &trace.action), ("resource", &trace.resource)] {
                if !element.present {
                    continue;
                }
                let name = if element.negated {
                    format!("not{name}")
                } else {
                    name.to_owned()
                };
                let verdict = if element.satisfied { "ok" } else { "no" };
                match &element.matched_pattern {
                    Some(pattern) => writeln!(formatter, "    {name}: {verdict} (`{pattern}` matches)")?,
                    None => writeln!(formatter, "    {name}: {verdict} (nothing listed matches)")?,
                }
            }
            if trace.principal.present {
                let name = if trace.principal.negated {
                    "notprincipal"
                } else {
                    "principal"
                };
                let verdict = if trace.principal.satisfied { "ok" } else { "no" };
                let how = match trace.principal.named_as {
                    Some(PrincipalMatch::Account) => " (names the account: delegates to IAM policies)",
                    Some(PrincipalMatch::Role) => {
                        " (names the role: capped by boundary and session policies)"
                    }
                    Some(PrincipalMatch::Exact) => " (names the caller)",
                    None => "",
                };
                writeln!(
                    formatter,
                    "    {name}: {verdict} {}{how}",
                    quoted_list(trace.principal.values.clone())
                )?;
            }
            for condition in &trace.conditions {
                let policy_values = condition.written_values.iter().zip(&condition.policy_values).map(
                    |(written, resolved)| match resolved {
                        Some(resolved) if resolved == written => written.clone(),
                        Some(resolved) => format!("{written} -> {resolved}"),
                        None => format!("{written} -> (no value)"),
                    },
                );
                let request_values = match &condition.request_values {
                    Some(values) => quoted_list(values.iter().cloned()),
                    None => "(missing)".to_owned(),
                };
                writeln!(
                    formatter,
                    "    condition {} `{}` {} against {request_values}: {}",
                    condition.operator,
                    condition.key,
                    quoted_list(policy_values),
                    condition.result
                )?;
            }
        }
        if !self.missing_context_values.is_empty() {
            writeln!(
                formatter,
                "missing context values: {}",
                quoted_list(self.missing_context_values.iter().cloned())
            )?;
        }
        let suggestions = self.suggestions();
        if !suggestions.is_empty() {
            writeln!(formatter, "suggestions:")?;
            for suggestion in suggestions {
                writeln!(formatter, "  - {suggestion}")?;
            }
        }
        Ok(())
    }
}

/// Decides `request` against `layers` and says why. Same walk as [`crate::decide`]: `explain(..).decision` is
/// always `decide(..)`.
pub fn explain(request: &Request, layers: &PolicyLayers<'_>) -> Explanation {
    let mut transcript = Transcript::default();
    let outcome = walk(request, layers, &mut transcript);
    let deciding = match outcome.decision {
        Decision::ExplicitDeny => transcript
            .statements
            .iter()
            .filter(|trace| trace.applies && trace.statement.effect == Effect::Deny)
            .map(|trace| trace.statement.clone())
            .collect(),
        Decision::Allowed => transcript
            .statements
            .iter()
            .filter(|trace| {
                trace.applies
                    && trace.statement.effect == Effect::Allow
                    && trace.layer != Layer::ResourceControl
            })
            .map(|trace| trace.statement.clone())
            .collect(),
        Decision::ImplicitDeny => Vec::new(),
    };
    let denial = outcome.denial.map(|facts| Denial {
        policy_type: facts.policy_type,
        explicit: facts.explicit,
        policy_id: facts.source.map(|source| source.id.clone()),
    });
    Explanation {
        decision: outcome.decision,
        layers: transcript.layers,
        deciding,
        statements: transcript.statements,
        missing_context_values: transcript.missing,
        denial,
        action: request.action.clone(),
        resource: request.resource.clone(),
        caller_arn: request.principal.arn.clone(),
        resource_rule: layers.resource_rule,
    }
}

/// The recorder of [`explain`].
#[derive(Debug, Default)]
struct Transcript {
    statements: Vec<StatementTrace>,
    layers: Vec<LayerOutcome>,
    missing: Vec<String>,
}

impl Recorder for Transcript {
    const ACTIVE: bool = true;

    fn statement(&mut self, trace: StatementTrace) {
        self.statements.push(trace);
    }

    fn layer(&mut self, outcome: LayerOutcome) {
        self.layers.push(outcome);
    }

    fn missing(&mut self, key: &str) {
        if !self.missing.iter().any(|known| known.eq_ignore_ascii_case(key)) {
            self.missing.push(key.to_owned());
        }
    }
}

/// Re-evaluates one condition (for callers that show a single condition, e.g. an editor hover).
pub fn trace_condition(condition: &Condition, context: &RequestContext, substitutes: bool) -> ConditionTrace {
    let result = condition_matches(condition, context, substitutes);
    ConditionTrace::new(condition, context, substitutes, result)
}
