//! The account explorer: roles, instance profiles, instances, secrets, KMS keys, VPC endpoints and SCPs, each
//! with its policies (a click opens one in the editor); things can be added, renamed and deleted.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::engine::{self, EntityKind};
use crate::state::{use_playground, Action};

/// What the inline form is doing.
#[derive(Debug, Clone, PartialEq)]
enum Editing {
    Adding(EntityKind),
    Renaming(EntityKind, String),
    ConfirmDelete(EntityKind, String),
}

#[component(Explorer)]
pub fn explorer() -> Html {
    let playground = use_playground();
    let editing = use_state(|| None::<Editing>);
    let draft = use_state(String::new);
    let Some(playground) = playground else {
        return html! {};
    };
    let sections = match engine::explorer(&playground.account) {
        Ok(sections) => sections,
        Err(error) => {
            return html! { <p class="empty-state" data-testid="explorer-unavailable">{ format!("The account explorer is {error}") }</p> }
        }
    };
    let readonly = playground.readonly;
    let oncancel = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(None))
    };
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                draft.set(input.value());
            }
        })
    };
    let onsubmit = {
        let playground = playground.clone();
        let editing = editing.clone();
        let draft = draft.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let name = draft.trim().to_owned();
            match (*editing).clone() {
                Some(Editing::Adding(kind)) if !name.is_empty() => {
                    playground.dispatch(Action::AddEntity { kind, name })
                }
                Some(Editing::Renaming(kind, id)) if !name.is_empty() => {
                    playground.dispatch(Action::RenameEntity {
                        kind,
                        id,
                        new_name: name,
                    })
                }
                Some(Editing::ConfirmDelete(kind, id)) => {
                    playground.dispatch(Action::DeleteEntity { kind, id })
                }
                _ => {}
            }
            editing.set(None);
        })
    };
    let start = |next: Editing, initial: String| {
        let editing = editing.clone();
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            draft.set(initial.clone());
            editing.set(Some(next.clone()));
        })
    };
    let add_inline_policy = |role_arn: String, count: usize| {
        let playground = playground.clone();
        Callback::from(move |_: MouseEvent| {
            let policy = engine::PolicyRef {
                kind: engine::PolicyKind::Identity,
                owner: role_arn.clone(),
                name: format!("inline-policy-{}", count + 1),
            };
            playground.dispatch(Action::EditPolicy {
                policy: policy.clone(),
                text: engine::NEW_INLINE_POLICY.to_owned(),
            });
            playground.dispatch(Action::SelectPolicy(policy));
        })
    };
    let name_form = |label: String| {
        html! {
            <form class="inline-form" onsubmit={onsubmit.clone()}>
                <input aria-label={label} value={(*draft).clone()} oninput={oninput.clone()} data-testid="explorer-name" autofocus=true />
                <button type="submit" class="primary">{ "Save" }</button>
                <button type="button" onclick={oncancel.clone()}>{ "Cancel" }</button>
            </form>
        }
    };

    html! {
        <nav class="explorer" aria-label="Account explorer">
            { for sections.iter().map(|section| {
                let kind = section.kind;
                html! {
                    <details class="explorer-section" open=true data-testid={format!("explorer-{}", kind.name())}>
                        <summary>
                            <span>{ kind.title() }</span>
                            <span class="count">{ section.items.len() }</span>
                        </summary>
                        <ul>
                            { for section.items.iter().map(|item| {
                                let renaming = *editing == Some(Editing::Renaming(kind, item.id.clone()));
                                let deleting = *editing == Some(Editing::ConfirmDelete(kind, item.id.clone()));
                                html! {
                                    <li class="explorer-item" data-testid="explorer-item" data-id={item.id.clone()}>
                                        if renaming {
                                            { name_form(format!("New name for {}", item.label)) }
                                        } else {
                                            <div class="item-head">
                                                <span class="item-label" title={item.id.clone()}>{ &item.label }</span>
                                                if !readonly {
                                                    <span class="item-actions">
                                                        if kind.can_rename() {
                                                            <button class="icon" aria-label={format!("Rename {}", item.label)} title="Rename"
                                                                onclick={start(Editing::Renaming(kind, item.id.clone()), item.label.clone())}>{ "✎" }</button>
                                                        }
                                                        if kind.can_delete() {
                                                            <button class="icon" aria-label={format!("Delete {}", item.label)} title="Delete"
                                                                onclick={start(Editing::ConfirmDelete(kind, item.id.clone()), String::new())}>{ "✕" }</button>
                                                        }
                                                    </span>
                                                }
                                            </div>
                                        }
                                        if !item.detail.is_empty() { <div class="item-detail">{ &item.detail }</div> }
                                        if deleting {
                                            <form class="inline-form confirm" onsubmit={onsubmit.clone()}>
                                                <span>{ format!("Delete {}?", item.label) }</span>
                                                <button type="submit" class="danger" data-testid="explorer-confirm-delete">{ "Delete" }</button>
                                                <button type="button" onclick={oncancel.clone()}>{ "Cancel" }</button>
                                            </form>
                                        }
                                        if kind == EntityKind::Role && !readonly {
                                            <button class="add-policy link" data-testid="explorer-add-inline-policy"
                                                onclick={add_inline_policy(item.id.clone(), item.policies.len())}>{ "+ inline policy" }</button>
                                        }
                                        if !item.policies.is_empty() {
                                            <ul class="item-policies">
                                                { for item.policies.iter().map(|policy| {
                                                    let selected = playground.selected_policy.as_ref() == Some(policy);
                                                    let has_draft = playground.drafts.contains_key(policy);
                                                    let onclick = {
                                                        let playground = playground.clone();
                                                        let policy = policy.clone();
                                                        Callback::from(move |_: MouseEvent| playground.dispatch(Action::SelectPolicy(policy.clone())))
                                                    };
                                                    html! {
                                                        <li>
                                                            <button class={classes!("policy-link", selected.then_some("selected"))}
                                                                aria-current={selected.then_some("true")} data-testid="explorer-policy"
                                                                data-policy={policy.key()} {onclick}>
                                                                <span class="policy-kind-badge">{ policy.kind.name() }</span>
                                                                { if policy.name.is_empty() { policy.kind.title().to_owned() } else { policy.name.clone() } }
                                                                if has_draft { <span class="draft-badge" title="Unsaved invalid draft">{ " ● draft" }</span> }
                                                            </button>
                                                        </li>
                                                    }
                                                }) }
                                            </ul>
                                        }
                                    </li>
                                }
                            }) }
                        </ul>
                        if !readonly && kind.can_add() {
                            if *editing == Some(Editing::Adding(kind)) {
                                { name_form(format!("Name of the new {}", kind.name())) }
                            } else {
                                <button class="add" data-testid={format!("explorer-add-{}", kind.name())}
                                    onclick={start(Editing::Adding(kind), String::new())}>{ format!("+ Add {}", kind.name().replace('-', " ")) }</button>
                            }
                        }
                    </details>
                }
            }) }
        </nav>
    }
}
