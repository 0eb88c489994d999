//! The request builder: ask the engine about any principal, action and secret with a chosen request
//! context (through a VPC endpoint or not, source IP, time, MFA, TLS); the decision and explanation open in
//! the explanation panel, with the engine's suggestions under "why not allowed?".

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::matrix::short_action;
use crate::engine::{self, RequestDraft, MATRIX_ACTIONS};
use crate::state::{use_playground, Action, Subject};

#[component(RequestBuilder)]
pub fn request_builder() -> Html {
    let playground = use_playground();
    let draft = use_state(|| RequestDraft {
        source_ip: "10.0.1.25".to_owned(),
        secure_transport: true,
        action: MATRIX_ACTIONS[0].to_owned(),
        ..RequestDraft::default()
    });
    let Some(playground) = playground else { return html! {} };
    let (principals, resources) = match playground.matrix.as_ref() {
        Ok(matrix) => (matrix.principals.clone(), matrix.resources.clone()),
        Err(_) => (Vec::new(), Vec::new()),
    };
    let endpoints = engine::vpc_endpoints(&playground.account);
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

    let update = |apply: fn(&mut RequestDraft, String)| {
        let draft = draft.clone();
        let current = current.clone();
        Callback::from(move |event: Event| {
            let value = if let Some(select) = event.target_dyn_into::<HtmlSelectElement>() {
                select.value()
            } else if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                if input.type_() == "checkbox" {
                    input.checked().to_string()
                } else {
                    input.value()
                }
            } else {
                return;
            };
            let mut next = current.clone();
            apply(&mut next, value);
            draft.set(next);
        })
    };
    let onprincipal = update(|draft, value| draft.principal = value);
    let onaction = update(|draft, value| draft.action = value);
    let onresource = update(|draft, value| draft.resource = value);
    let onendpoint = update(|draft, value| draft.vpc_endpoint = value);
    let onip = update(|draft, value| draft.source_ip = value);
    let ontime = update(|draft, value| draft.time = value);
    let onmfa = update(|draft, value| draft.mfa = value == "true");
    let ontls = update(|draft, value| draft.secure_transport = value == "true");
    let onsubmit = {
        let playground = playground.clone();
        let current = current.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            playground.dispatch(Action::Explain(Subject::Request(current.clone())));
        })
    };

    html! {
        <form class="request-builder" data-testid="request-builder" {onsubmit}>
            <label>{ "Principal" }
                <select data-testid="request-principal" onchange={onprincipal}>
                    { for principals.iter().map(|principal| html! {
                        <option value={principal.arn.clone()} selected={principal.arn == current.principal}>{ &principal.label }</option>
                    }) }
                </select>
            </label>
            <label>{ "Action" }
                <select data-testid="request-action" onchange={onaction}>
                    { for MATRIX_ACTIONS.iter().map(|action| html! {
                        <option value={*action} selected={*action == current.action}>{ format!("{} ({action})", short_action(action)) }</option>
                    }) }
                </select>
            </label>
            <label>{ "Secret" }
                <select data-testid="request-resource" onchange={onresource}>
                    { for resources.iter().map(|resource| html! {
                        <option value={resource.arn.clone()} selected={resource.arn == current.resource}>{ &resource.label }</option>
                    }) }
                </select>
            </label>
            <fieldset>
                <legend>{ "Context" }</legend>
                <label>{ "Network path" }
                    <select data-testid="request-endpoint" onchange={onendpoint}>
                        <option value="" selected={current.vpc_endpoint.is_empty()}>{ "Public endpoint (no VPC endpoint)" }</option>
                        { for endpoints.iter().map(|(id, label)| html! {
                            <option value={id.clone()} selected={*id == current.vpc_endpoint}>{ format!("Through {label}") }</option>
                        }) }
                    </select>
                </label>
                <label>{ "Source IP" }
                    <input data-testid="request-ip" value={current.source_ip.clone()} onchange={onip} inputmode="decimal" />
                </label>
                <label>{ "Time (blank: the simulated clock)" }
                    <input data-testid="request-time" value={current.time.clone()} onchange={ontime} placeholder="2026-01-15T09:30:00Z" />
                </label>
                <label class="checkbox">
                    <input type="checkbox" data-testid="request-mfa" checked={current.mfa} onchange={onmfa} />{ "Signed in with MFA" }
                </label>
                <label class="checkbox">
                    <input type="checkbox" data-testid="request-tls" checked={current.secure_transport} onchange={ontls} />{ "Over TLS (aws:SecureTransport)" }
                </label>
            </fieldset>
            <button type="submit" class="primary" data-testid="request-explain"
                disabled={principals.is_empty() || resources.is_empty()}>{ "Decide and explain" }</button>
        </form>
    }
}
