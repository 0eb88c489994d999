//! The account explorer: roles, instance profiles, instances, secrets, KMS keys, VPC endpoints, SCPs and STS
//! sessions, each with its policies (a click opens one in the editor); everything can be added,
//! renamed (or the explorer says why AWS cannot) and deleted, through the account's own API where AWS has one.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::latest::Latest;
use crate::engine::{self, EntityKind, ExplorerSection, PolicyRef};
use crate::state::{Action, AppState, PlaygroundContext};

/// What the inline form is doing.
#[derive(Debug, Clone, PartialEq)]
enum Editing {
    Adding(EntityKind),
    Renaming(EntityKind, String),
    /// AWS cannot rename this: say why.
    RenameNote(EntityKind, String),
    ConfirmDelete(EntityKind, String),
}

/// Reads the state and passes what the explorer shows: its sections (kept by the state across policy edits),
/// the selected policy and which policies have drafts. A policy text edit leaves them as they were, so
/// [`ExplorerView`] does not render again.
pub fn explorer(playground: &PlaygroundContext, latest: &Latest) -> Html {
    let latest = latest.clone();
    html! {
        <ExplorerView
            sections={Rc::clone(&playground.explorer)}
            readonly={playground.readonly}
            selected={playground.selected_policy.clone()}
            drafts={playground.drafts.keys().cloned().collect::<Vec<_>>()}
            dispatcher={playground.dispatcher()}
            {latest}
        />
    }
}

#[derive(Properties, PartialEq)]
pub struct ExplorerViewProps {
    pub sections: Rc<Vec<ExplorerSection>>,
    pub readonly: bool,
    pub selected: Option<PolicyRef>,
    /// The policies whose editor text is an invalid draft.
    pub drafts: Vec<PolicyRef>,
    pub dispatcher: UseReducerDispatcher<AppState>,
    /// The account, read for the add and delete forms (whose choices and notes change only with the entities,
    /// that is with `sections`).
    pub latest: Latest,
}

#[component(ExplorerView)]
fn explorer_view(props: &ExplorerViewProps) -> Html {
    let editing = use_state(|| None::<Editing>);
    let draft = use_state(String::new);
    let parent = use_state(String::new);
    // The first field of the open form (name input, confirm button) takes the focus when the form opens.
    let focus = use_node_ref();
    {
        let focus = focus.clone();
        use_effect_with((*editing).clone(), move |editing| {
            if editing.is_some() {
                if let Some(element) = focus.cast::<web_sys::HtmlElement>() {
                    let _ = element.focus();
                }
            }
        });
    }
    let Some(playground) = props.latest.get() else {
        return html! {};
    };
    let dispatcher = &props.dispatcher;
    let sections = Rc::clone(&props.sections);
    let readonly = props.readonly;
    let oncancel = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(None))
    };
    // Escape closes any open form.
    let onkeydown = {
        let editing = editing.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                event.prevent_default();
                editing.set(None);
            }
        })
    };
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                draft.set(input.value());
            }
        })
    };
    let onparent = {
        let parent = parent.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<HtmlSelectElement>() {
                parent.set(select.value());
            }
        })
    };
    let onsubmit = {
        let dispatcher = dispatcher.clone();
        let editing = editing.clone();
        let draft = draft.clone();
        let parent = parent.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let name = draft.trim().to_owned();
            match (*editing).clone() {
                Some(Editing::Adding(kind)) if !name.is_empty() => {
                    if kind.parent_label().is_some() {
                        let parent = (!parent.is_empty()).then(|| (*parent).clone());
                        dispatcher.dispatch(Action::AddEntityIn { kind, name, parent })
                    } else {
                        dispatcher.dispatch(Action::AddEntity { kind, name })
                    }
                }
                Some(Editing::Renaming(kind, id)) if !name.is_empty() => {
                    dispatcher.dispatch(Action::RenameEntity {
                        kind,
                        id,
                        new_name: name,
                    })
                }
                Some(Editing::ConfirmDelete(kind, id)) => {
                    dispatcher.dispatch(Action::DeleteEntity { kind, id })
                }
                _ => {}
            }
            editing.set(None);
        })
    };
    let start = |next: Editing, initial: String, initial_parent: String| {
        let editing = editing.clone();
        let draft = draft.clone();
        let parent = parent.clone();
        Callback::from(move |_: MouseEvent| {
            draft.set(initial.clone());
            parent.set(initial_parent.clone());
            editing.set(Some(next.clone()));
        })
    };
    let add_inline_policy = |role_arn: String, count: usize| {
        let dispatcher = dispatcher.clone();
        Callback::from(move |_: MouseEvent| {
            let policy = engine::PolicyRef {
                kind: engine::PolicyKind::Identity,
                owner: role_arn.clone(),
                name: format!("inline-policy-{}", count + 1),
            };
            dispatcher.dispatch(Action::EditPolicy {
                policy: policy.clone(),
                text: engine::NEW_INLINE_POLICY.to_owned(),
            });
            dispatcher.dispatch(Action::SelectPolicy(policy));
        })
    };
    let name_form = |label: String,
                     note: Option<&'static str>,
                     parents: Vec<(String, String)>,
                     parent_label: Option<&'static str>| {
        html! {
            <form class="inline-form" onsubmit={onsubmit.clone()} onkeydown={onkeydown.clone()}>
                if let Some(note) = note { <p class="form-note" role="note" data-testid="explorer-note">{ note }</p> }
                <input aria-label={label.clone()} placeholder={label} value={(*draft).clone()} oninput={oninput.clone()}
                    data-testid="explorer-name" ref={focus.clone()} />
                if let Some(parent_label) = parent_label {
                    <select aria-label={parent_label} title={parent_label} data-testid="explorer-parent" onchange={onparent.clone()}>
                        { for parents.iter().map(|(value, text)| html! {
                            <option value={value.clone()} selected={*parent == *value}>{ text }</option>
                        }) }
                    </select>
                }
                <button type="submit" class="primary" data-testid="explorer-save">{ "Save" }</button>
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
                                let noting = *editing == Some(Editing::RenameNote(kind, item.id.clone()));
                                html! {
                                    <li class="explorer-item" data-testid="explorer-item" data-id={item.id.clone()}>
                                        if renaming {
                                            { name_form(format!("New name for {}", item.label), Some(kind.rename_note()), Vec::new(), None) }
                                        } else {
                                            <div class="item-head">
                                                <span class="item-label" title={item.id.clone()}>{ &item.label }</span>
                                                if !readonly {
                                                    <span class="item-actions">
                                                        <button class="icon" aria-label={format!("Rename {}", item.label)} title="Rename"
                                                            data-testid="explorer-rename" data-kind={kind.name()}
                                                            onclick={if kind.can_rename() {
                                                                start(Editing::Renaming(kind, item.id.clone()), rename_initial(kind, &item.label), String::new())
                                                            } else {
                                                                start(Editing::RenameNote(kind, item.id.clone()), String::new(), String::new())
                                                            }}>{ "✎" }</button>
                                                        if kind.can_delete() {
                                                            <button class="icon" aria-label={format!("Delete {}", item.label)} title="Delete"
                                                                data-testid="explorer-delete" data-kind={kind.name()}
                                                                onclick={start(Editing::ConfirmDelete(kind, item.id.clone()), String::new(), String::new())}>{ "✕" }</button>
                                                        }
                                                    </span>
                                                }
                                            </div>
                                        }
                                        if !item.detail.is_empty() { <div class="item-detail">{ &item.detail }</div> }
                                        if noting {
                                            <div class="inline-form" onkeydown={onkeydown.clone()}>
                                                <p class="form-note" role="note" data-testid="explorer-note">{ kind.rename_note() }</p>
                                                <button type="button" onclick={oncancel.clone()} ref={focus.clone()}>{ "Close" }</button>
                                            </div>
                                        }
                                        if deleting {
                                            <form class="inline-form confirm" onsubmit={onsubmit.clone()} onkeydown={onkeydown.clone()}>
                                                <span>{ format!("Delete {}?", item.label) }</span>
                                                <p class="form-note" role="note" data-testid="explorer-note">{ engine::delete_description(&playground.account, kind, &item.id) }</p>
                                                <button type="submit" class="danger" data-testid="explorer-confirm-delete" ref={focus.clone()}>{ "Delete" }</button>
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
                                                    let selected = props.selected.as_ref() == Some(policy);
                                                    let has_draft = props.drafts.contains(policy);
                                                    let onclick = {
                                                        let dispatcher = dispatcher.clone();
                                                        let policy = policy.clone();
                                                        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::SelectPolicy(policy.clone())))
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
                                { name_form(kind.add_prompt().to_owned(), add_note(kind), engine::add_parents(&playground.account, kind), kind.parent_label()) }
                            } else {
                                <button class="add" data-testid="explorer-add" data-kind={kind.name()}
                                    onclick={start(Editing::Adding(kind), String::new(), engine::add_parents(&playground.account, kind).first().map(|(value, _)| value.clone()).unwrap_or_default())}>
                                    <span data-testid={format!("explorer-add-{}", kind.name())}>{ format!("+ Add {}", kind.name().replace('-', " ")) }</span>
                                </button>
                            }
                        }
                    </details>
                }
            }) }
        </nav>
    }
}

/// What the rename field starts with: the label, without a key's `alias/` prefix.
fn rename_initial(kind: EntityKind, label: &str) -> String {
    match kind {
        EntityKind::Key => label.strip_prefix("alias/").unwrap_or(label).to_owned(),
        _ => label.to_owned(),
    }
}

/// What adding does, where it is not a plain API call.
fn add_note(kind: EntityKind) -> Option<&'static str> {
    match kind {
        EntityKind::Session => Some("Playground session: a session of the role with a session policy, as if the role had been assumed with --policy (a model edit, not logged). Edit its session policy in the editor."),
        EntityKind::ServiceControlPolicy => Some("Organizations CreatePolicy (an SCP or an RCP), not attached anywhere. Playground edit: the simulation has no Organizations API, so it is not logged."),
        EntityKind::Key => Some("KMS CreateKey with the default key policy, then CreateAlias."),
        EntityKind::VpcEndpoint => Some("EC2 CreateVpcEndpoint: an interface endpoint in the default VPC with private DNS and the default full-access policy."),
        _ => None,
    }
}
