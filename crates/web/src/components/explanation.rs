//! The explanation panel: why the engine decided what it did for the chosen matrix cell, request or audit
//! record. It walks the layers in IAM's order (SCP, RCP, endpoint, resource, identity, boundary, session,
//! key policy), shows each statement that matched with every condition and its resolved values, marks the
//! deciding statements (a click opens them in the editor), and lists the engine's suggestions.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::bool_text;
use crate::engine::{ExplanationView, Verdict};
use crate::state::{Action, AppState, PlaygroundContext, Subject};

/// Reads the state and passes the explanation and its subject: with nothing explained, or an explanation the
/// change left as it was, [`ExplanationBody`] does not render again.
pub fn explanation_panel(playground: &PlaygroundContext) -> Html {
    html! {
        <ExplanationBody
            explanation={playground.explanation.clone()}
            subject={playground.subject.clone()}
            dispatcher={playground.dispatcher()}
        />
    }
}

#[derive(Properties, PartialEq)]
pub struct ExplanationBodyProps {
    pub explanation: Option<Rc<Result<ExplanationView, String>>>,
    pub subject: Option<Subject>,
    pub dispatcher: UseReducerDispatcher<AppState>,
}

#[component(ExplanationBody)]
fn explanation_body(props: &ExplanationBodyProps) -> Html {
    let dispatcher = &props.dispatcher;
    let Some(explanation) = props.explanation.clone() else {
        return html! {
            <div data-testid="explanation" data-state="empty" class="explanation empty-state">
                <p>{ "Choose a cell of the access matrix, a denied CloudTrail record or build a request to see why AWS decides as it does." }</p>
            </div>
        };
    };
    let onclose = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::CloseExplanation))
    };
    let subject = match &props.subject {
        Some(Subject::Cell(cell)) => format!("{} · {} · {}", cell.principal, cell.action, cell.resource),
        Some(Subject::Request(request)) => format!(
            "{} · {} · {}",
            request.principal, request.action, request.resource
        ),
        Some(Subject::Record(index)) => format!("CloudTrail record #{}", index + 1),
        None => String::new(),
    };
    match explanation.as_ref() {
        Err(error) => html! {
            <div data-testid="explanation" data-state="unavailable" class="explanation">
                <p class="explanation-subject">{ subject }</p>
                <p class="empty-state">{ format!("The explanation is {error}") }</p>
                <button onclick={onclose}>{ "Close" }</button>
            </div>
        },
        Ok(view) => render(dispatcher, view, subject, onclose),
    }
}

fn render(
    dispatcher: &UseReducerDispatcher<AppState>,
    view: &ExplanationView,
    subject: String,
    onclose: Callback<MouseEvent>,
) -> Html {
    html! {
        <div data-testid="explanation" data-state="ready" data-decision={view.verdict.name()} class="explanation">
            <div class={classes!("verdict", view.verdict.name())}>
                <span class="verdict-icon" aria-hidden="true">{ view.verdict.icon() }</span>
                <strong>{ view.verdict.title() }</strong>
                <span class="verdict-title">{ &view.title }</span>
                <button class="close" onclick={onclose} aria-label="Close the explanation">{ "×" }</button>
            </div>
            <p class="explanation-subject">{ subject }</p>
            <p class="explanation-summary">{ &view.summary }</p>
            if let Some(denial) = &view.denial {
                <pre class="denial" data-testid="denial-message">{ denial }</pre>
            }
            <ol class="layers" aria-label="Evaluation path">
                { for view.layers.iter().map(|layer| html! {
                    <li class={classes!("layer", layer.verdict.map(Verdict::name))}>
                        <div class="layer-head">
                            <span class="layer-name">{ &layer.name }</span>
                            <span class="layer-outcome">
                                { layer.verdict.map(|verdict| html! { <span aria-hidden="true">{ verdict.icon() }{ " " }</span> }).unwrap_or_default() }
                                { &layer.outcome }
                            </span>
                        </div>
                        if !layer.statements.is_empty() {
                            <ul class="statements">
                                { for layer.statements.iter().map(|statement| {
                                    let onopen = match (&statement.policy, statement.span) {
                                        (Some(policy), Some((start, end))) => {
                                            let dispatcher = dispatcher.clone();
                                            let policy = policy.clone();
                                            Some(Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::FocusEditor { policy: policy.clone(), start, end })))
                                        }
                                        _ => None,
                                    };
                                    html! {
                                        <li class={classes!("statement", statement.deciding.then_some("deciding"), statement.matched.then_some("matched"))}
                                            data-testid="explanation-statement" data-deciding={bool_text(statement.deciding)}>
                                            if let Some(onopen) = onopen {
                                                <button class="link" onclick={onopen} title="Show in the editor">{ &statement.label }</button>
                                            } else {
                                                <span>{ &statement.label }</span>
                                            }
                                            if statement.deciding { <span class="badge">{ "deciding" }</span> }
                                            if !statement.conditions.is_empty() {
                                                <ul class="conditions">
                                                    { for statement.conditions.iter().map(|condition| html! {
                                                        <li class={if condition.holds { "holds" } else { "fails" }}>
                                                            <span aria-hidden="true">{ if condition.holds { "✓ " } else { "✕ " } }</span>
                                                            <code>{ &condition.text }</code>
                                                            <span class="resolved">{ format!(" → {}", condition.resolved) }</span>
                                                            <span class="visually-hidden">{ if condition.holds { " (holds)" } else { " (does not hold)" } }</span>
                                                        </li>
                                                    }) }
                                                </ul>
                                            }
                                        </li>
                                    }
                                }) }
                            </ul>
                        }
                    </li>
                }) }
            </ol>
            if !view.suggestions.is_empty() {
                <details class="suggestions" open=true data-testid="suggestions">
                    <summary>{ "Why not allowed? What would change it" }</summary>
                    <ul>{ for view.suggestions.iter().map(|suggestion| html! { <li>{ suggestion }</li> }) }</ul>
                </details>
            }
        </div>
    }
}
