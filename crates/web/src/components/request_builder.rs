//! The request builder: ask the engine about any principal, action and secret with a chosen request
//! context (through a VPC endpoint or not, source IP, time, MFA, TLS); the decision and explanation open in
//! the explanation panel, with the engine's suggestions under "why not allowed?".

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::matrix::short_action;
use crate::engine::{self, MatrixPrincipal, MatrixResource, RequestDraft, MATRIX_ACTIONS};
use crate::state::{Action, AppState, PlaygroundContext, Subject};

/// Reads the state and passes the builder's choices as values: a policy edit that leaves the principals,
/// secrets, endpoints and sessions as they were does not render [`RequestBuilderView`] again.
pub fn request_builder(playground: &PlaygroundContext) -> Html {
    let (principals, resources) = match playground.matrix.as_ref() {
        Ok(matrix) => (matrix.principals.clone(), matrix.resources.clone()),
        Err(_) => (Vec::new(), Vec::new()),
    };
    html! {
        <RequestBuilderView
            {principals}
            {resources}
            endpoints={engine::vpc_endpoints(&playground.account)}
            sessions={engine::session_principals(&playground.account)}
            dispatcher={playground.dispatcher()}
        />
    }
}

#[derive(Properties, PartialEq)]
pub struct RequestBuilderViewProps {
    pub principals: Vec<MatrixPrincipal>,
    pub resources: Vec<MatrixResource>,
    /// VPC endpoints as (id, label).
    pub endpoints: Vec<(String, String)>,
    /// Live STS sessions as (ARN, label).
    pub sessions: Vec<(String, String)>,
    pub dispatcher: UseReducerDispatcher<AppState>,
}

#[component(RequestBuilderView)]
fn request_builder_view(props: &RequestBuilderViewProps) -> Html {
    let draft = use_state(|| RequestDraft {
        source_ip: "10.0.1.25".to_owned(),
        secure_transport: true,
        action: MATRIX_ACTIONS[0].to_owned(),
        ..RequestDraft::default()
    });
    let principals = &props.principals;
    let resources = &props.resources;
    let endpoints = &props.endpoints;
    let sessions = &props.sessions;
    // Default to the first principal and secret once the account has them.
    let mut current = (*draft).clone();
    if current.principal.is_empty() {
        current.principal = principals
            .iter()
            .find(|principal| !principal.arn.ends_with(":role/Administrator"))
            .or_else(|| principals.first())
            .map(|principal| principal.arn.clone())
            .unwrap_or_default();
    }
    if current.resource.is_empty() {
        current.resource = resources.first().map(|r| r.arn.clone()).unwrap_or_default();
    }

    // The form is read when submitted (its fields are the draft), so quick successive changes never race.
    let onsubmit = {
        let dispatcher = props.dispatcher.clone();
        let draft = draft.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(form) = event.target_dyn_into::<web_sys::HtmlFormElement>() else {
                return;
            };
            let field = |id: &str| {
                form.query_selector(&format!("[data-testid=\"{id}\"]"))
                    .ok()
                    .flatten()
            };
            let value = |id: &str| {
                let element = field(id);
                element
                    .clone()
                    .and_then(|element| element.dyn_into::<HtmlSelectElement>().ok())
                    .map(|select| select.value())
                    .or_else(|| {
                        element
                            .and_then(|element| element.dyn_into::<HtmlInputElement>().ok())
                            .map(|input| input.value())
                    })
                    .unwrap_or_default()
            };
            let checked = |id: &str| {
                field(id)
                    .and_then(|element| element.dyn_into::<HtmlInputElement>().ok())
                    .is_some_and(|input| input.checked())
            };
            let request = RequestDraft {
                principal: value("request-principal"),
                action: value("request-action"),
                resource: value("request-resource"),
                vpc_endpoint: value("request-endpoint"),
                source_ip: value("request-ip"),
                time: value("request-time"),
                mfa: checked("request-mfa"),
                secure_transport: checked("request-tls"),
            };
            draft.set(request.clone());
            dispatcher.dispatch(Action::Explain(Subject::Request(request)));
        })
    };

    html! {
        <form class="request-builder" data-testid="request-builder" {onsubmit}>
            <label>{ "Principal" }
                <select data-testid="request-principal">
                    { for principals.iter().map(|principal| html! {
                        <option value={principal.arn.clone()} selected={principal.arn == current.principal}>{ &principal.label }</option>
                    }) }
                    if !sessions.is_empty() {
                        <optgroup label="STS sessions">
                            { for sessions.iter().map(|(arn, label)| html! {
                                <option value={arn.clone()} selected={*arn == current.principal}>{ label }</option>
                            }) }
                        </optgroup>
                    }
                </select>
            </label>
            <label>{ "Action" }
                <select data-testid="request-action">
                    { for MATRIX_ACTIONS.iter().map(|action| html! {
                        <option value={*action} selected={*action == current.action}>{ format!("{} ({action})", short_action(action)) }</option>
                    }) }
                </select>
            </label>
            <label>{ "Secret" }
                <select data-testid="request-resource">
                    { for resources.iter().map(|resource| html! {
                        <option value={resource.arn.clone()} selected={resource.arn == current.resource}>{ &resource.label }</option>
                    }) }
                </select>
            </label>
            <fieldset>
                <legend>{ "Context" }</legend>
                <label>{ "Network path" }
                    <select data-testid="request-endpoint">
                        <option value="" selected={current.vpc_endpoint.is_empty()}>{ "Public endpoint (no VPC endpoint)" }</option>
                        { for endpoints.iter().map(|(id, label)| html! {
                            <option value={id.clone()} selected={*id == current.vpc_endpoint}>{ format!("Through {label}") }</option>
                        }) }
                    </select>
                </label>
                <label>{ "Source IP" }
                    <input data-testid="request-ip" value={current.source_ip.clone()} inputmode="decimal" />
                </label>
                <label>{ "Time (blank: the simulated clock)" }
                    <input data-testid="request-time" value={current.time.clone()} placeholder="2026-01-15T09:30:00Z" />
                </label>
                <label class="checkbox">
                    <input type="checkbox" data-testid="request-mfa" checked={current.mfa} />{ "Signed in with MFA" }
                </label>
                <label class="checkbox">
                    <input type="checkbox" data-testid="request-tls" checked={current.secure_transport} />{ "Over TLS (aws:SecureTransport)" }
                </label>
            </fieldset>
            <button type="submit" class="primary" data-testid="request-explain"
                disabled={principals.is_empty() || resources.is_empty()}>{ "Decide and explain" }</button>
        </form>
    }
}
