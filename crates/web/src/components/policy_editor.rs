//! The policy editor: a textarea laid over a highlighted `<pre>` (line numbers, JSON colours, findings
//! underlined at their spans, the deciding statements of the open explanation marked), findings listed by
//! severity below, a Format command and templates. The text typed is never lost: it is kept as a draft while
//! it does not parse, and the last valid policy stays in effect.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::components::bool_text;
use crate::components::findings::findings as findings_list;
use crate::components::pane::{pane, pane_message};
use crate::engine::{self, ExplorerSection, PolicyRef, Severity};
use crate::highlight;
use crate::mode::Panel;
use crate::state::{Action, AppState, PlaygroundContext};
use crate::templates;

/// The editor's line height in CSS pixels (`--code-line` in web/style.css).
const LINE_HEIGHT: f64 = 20.0;

/// The state, passed by the app (which renders on every change, so the editor does too).
#[derive(Properties, PartialEq)]
pub struct PolicyEditorProps {
    pub playground: PlaygroundContext,
}

#[component(PolicyEditor)]
pub fn policy_editor(props: &PolicyEditorProps) -> Html {
    let playground = Some(props.playground.clone());
    let textarea = use_node_ref();
    let scroller = use_node_ref();
    let selected = playground
        .as_ref()
        .and_then(|playground| playground.selected_policy.clone());
    let text = match (&playground, &selected) {
        (Some(playground), Some(policy)) => playground.policy_text(policy).unwrap_or_default(),
        _ => String::new(),
    };
    let kind = selected.as_ref().map(|policy| policy.kind);
    // Validated again when the IAM catalogue arrives (after the first render): it adds the checks that need it.
    let catalogue = playground.as_ref().is_some_and(|playground| playground.catalogue);
    let findings = {
        let text = text.clone();
        use_memo((text, kind, catalogue), |(text, kind, _)| match kind {
            Some(kind) => engine::validate(text, *kind),
            None => Vec::new(),
        })
    };
    let sections = playground
        .as_ref()
        .map(|playground| Rc::clone(&playground.explorer))
        .unwrap_or_default();
    // The templates are filled with names of the account that a policy edit never changes: made again only
    // when the kind of policy or those names change.
    let templates = {
        let context = playground
            .as_ref()
            .map(|playground| engine::template_context(&playground.account));
        use_memo((kind, context), |(kind, context)| {
            Templates(Rc::new(match (kind, context) {
                (Some(kind), Some(context)) => templates::templates(*kind, context),
                _ => Vec::new(),
            }))
        })
    };

    // Jump requests from explanations: put the selection on the range and scroll to it.
    {
        let textarea = textarea.clone();
        let scroller = scroller.clone();
        let focus = playground
            .as_ref()
            .and_then(|playground| playground.editor_focus.clone());
        let text = text.clone();
        let selected = selected.clone();
        use_effect_with(focus, move |focus| {
            if let Some(focus) = focus {
                if Some(&focus.policy) == selected.as_ref() {
                    select_range(&textarea, &scroller, &text, focus.start, focus.end);
                }
            }
        });
    }

    let Some(playground) = playground else {
        return html! {};
    };
    let Some(policy) = selected else {
        return pane_message(
            Panel::Editor,
            "editor-empty",
            AttrValue::Static("Choose a policy in the account explorer to edit it."),
        );
    };

    let readonly = playground.readonly;
    let is_draft = playground.drafts.contains_key(&policy);
    let has_errors = findings.iter().any(|finding| finding.severity == Severity::Error);

    let oninput = {
        let playground = playground.clone();
        let policy = policy.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(textarea) = event.target_dyn_into::<HtmlTextAreaElement>() {
                playground.dispatch(Action::EditPolicy {
                    policy: policy.clone(),
                    text: textarea.value(),
                });
            }
        })
    };
    let onkeydown = {
        let playground = playground.clone();
        let policy = policy.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.alt_key() && event.shift_key() && event.key().eq_ignore_ascii_case("f") {
                event.prevent_default();
                playground.dispatch(Action::FormatPolicy(policy.clone()));
            }
        })
    };
    let onformat = {
        let playground = playground.clone();
        let policy = policy.clone();
        Callback::from(move |_: MouseEvent| playground.dispatch(Action::FormatPolicy(policy.clone())))
    };
    let onjump = {
        let textarea = textarea.clone();
        let scroller = scroller.clone();
        let text = text.clone();
        Callback::from(move |(start, end): (usize, usize)| {
            select_range(&textarea, &scroller, &text, start, end)
        })
    };

    // What to mark in the highlighted copy: findings, then the deciding statements of the explanation.
    let mut marks: Vec<(usize, usize, u8)> = findings
        .iter()
        .map(|finding| (finding.start, finding.end, finding.severity.rank()))
        .collect();
    let finding_count = marks.len();
    if let Some(Ok(explanation)) = playground.explanation.as_deref() {
        for layer in &explanation.layers {
            for statement in &layer.statements {
                if let (true, Some(statement_policy), Some((start, end))) =
                    (statement.deciding, &statement.policy, statement.span)
                {
                    if statement_policy == &policy && !is_draft {
                        marks.push((start, end, 10));
                    }
                }
            }
        }
    }
    let segments = highlight::segments(&text, &marks);
    let line_count = text.split('\n').count().max(1);
    let widest = text
        .split('\n')
        .map(|line| line.chars().count())
        .max()
        .unwrap_or(0);
    // Whether each line (1-based) has an error: a flag per line, no hash set.
    let mut error_lines = vec![false; line_count + 1];
    for finding in findings.iter().filter(|f| f.severity == Severity::Error) {
        if let Some(flag) = usize::try_from(finding.line)
            .ok()
            .and_then(|line| error_lines.get_mut(line))
        {
            *flag = true;
        }
    }

    let status = if is_draft || has_errors {
        html! {
            <p class="editor-status status-invalid" data-testid="editor-status" data-valid="false" role="status">
                <span aria-hidden="true">{ "⚠ " }</span>
                { "Not applied: this text does not parse. The last valid version of the policy stays in effect; your text is kept." }
            </p>
        }
    } else {
        html! {
            <p class="editor-status status-valid" data-testid="editor-status" data-valid="true" role="status">
                <span aria-hidden="true">{ "✓ " }</span>{ "In effect" }
            </p>
        }
    };

    let actions = html! {
        <>
            <Pickers {sections} selected={policy.clone()}
                templates={(!readonly).then(|| (*templates).clone())} dispatcher={playground.dispatcher()} />
            if !readonly {
                <button data-testid="format" onclick={onformat} title="Format (Alt+Shift+F)">{ "Format" }</button>
            }
        </>
    };

    let body = html! {
        <>
            <div class="editor-meta">
                <span class="policy-kind">{ policy.kind.title() }</span>
                <span class="policy-owner">{ policy.label() }</span>
            </div>
            if policy.kind == engine::PolicyKind::Session {
                <p class="form-note" role="note" data-testid="session-policy-note">
                    { "Playground edit: in AWS a session policy is fixed when the role is assumed (AssumeRole's Policy); here it changes the live session " }
                    <code>{ &policy.owner }</code>
                    { if text.is_empty() { ". The session has no session policy: its role's policies alone apply. Type one to add it." } else { "." } }
                </p>
            }
            <div class="code-editor" ref={scroller}>
                <div class="code-gutter" aria-hidden="true">
                    { for (1..=line_count).map(|line| {
                        let has_error = error_lines.get(line).copied().unwrap_or(false);
                        html! { <div class={classes!("gutter-line", has_error.then_some("gutter-error"))}>{ line }</div> }
                    }) }
                </div>
                <div class="code-layer" style={format!("min-width: calc({}ch + 24px)", widest + 2)}>
                    <pre class="code-highlight" aria-hidden="true">
                        { for segments.iter().map(|segment| {
                            let mark = segment.finding.and_then(|index| marks.get(index).map(|mark| (index, mark)));
                            let class = match mark {
                                Some((index, _)) if index >= finding_count => Some("mark-deciding".to_owned()),
                                Some((index, _)) => findings.get(index).map(|f| format!("mark-{}", f.severity.name())),
                                None => None,
                            };
                            html! {
                                <span class={classes!(segment.token.class(), class)}>{ segment.text }</span>
                            }
                        }) }
                        { "\n" }
                    </pre>
                    <textarea
                        ref={textarea}
                        data-testid="policy-editor"
                        class="code-input"
                        aria-label={format!("Policy text: {}", policy.label())}
                        aria-invalid={bool_text(has_errors)}
                        spellcheck="false"
                        autocomplete="off"
                        wrap="off"
                        readonly={readonly}
                        style={format!("height: {}px", line_count as f64 * LINE_HEIGHT + 24.0)}
                        value={text.clone()}
                        {oninput}
                        {onkeydown}
                    />
                </div>
            </div>
            { status }
            { findings_list(&findings, &onjump) }
        </>
    };
    pane(Panel::Editor, true, actions, body)
}

/// Selects a byte range of the text in the textarea, focuses it and scrolls the range into view.
fn select_range(textarea: &NodeRef, scroller: &NodeRef, text: &str, start: usize, end: usize) {
    if let Some(textarea) = textarea.cast::<HtmlTextAreaElement>() {
        let _ = textarea.focus();
        let start_index = highlight::utf16_index(text, start);
        let end_index = highlight::utf16_index(text, end.max(start));
        let _ = textarea.set_selection_range(start_index, end_index);
    }
    if let Some(scroller) = scroller.cast::<HtmlElement>() {
        let line = text
            .get(..start.min(text.len()))
            .map_or(0, |prefix| prefix.matches('\n').count());
        let top = (line as f64 - 3.0).max(0.0) * LINE_HEIGHT;
        if let Ok(element) = scroller.dyn_into::<web_sys::Element>() {
            element.set_scroll_top(top as i32);
        }
    }
}

#[derive(Properties, PartialEq)]
struct PickersProps {
    sections: Rc<Vec<ExplorerSection>>,
    selected: PolicyRef,
    /// The templates; none when read-only (no template picker then).
    templates: Option<Templates>,
    dispatcher: UseReducerDispatcher<AppState>,
}

/// The policy picker and, unless read-only, the template picker: one component, rendered again only when the
/// policies, the selection or the templates change (not on every keystroke in the editor).
#[component(Pickers)]
fn pickers(props: &PickersProps) -> Html {
    html! {
        <>
            { policy_select(props) }
            if let Some(templates) = &props.templates {
                { template_select(templates, &props.selected, &props.dispatcher) }
            }
        </>
    }
}

/// The policy picker: one option per policy of the account.
fn policy_select(props: &PickersProps) -> Html {
    let onselectpolicy = {
        let dispatcher = props.dispatcher.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<HtmlSelectElement>() {
                if let Some(policy) = PolicyRef::from_key(&select.value()) {
                    dispatcher.dispatch(Action::SelectPolicy(policy));
                }
            }
        })
    };
    let policy = &props.selected;
    html! {
        <>
            <label class="visually-hidden" for="policy-select">{ "Policy" }</label>
            <select id="policy-select" data-testid="policy-select" onchange={onselectpolicy}>
                { for props.sections.iter().filter(|section| section.items.iter().any(|item| !item.policies.is_empty())).map(|section| html! {
                    <optgroup label={section.kind.title()}>
                        { for section.items.iter().flat_map(|item| item.policies.iter()).map(|candidate| html! {
                            <option value={candidate.key()} selected={candidate == policy}>{ candidate.label() }</option>
                        }) }
                    </optgroup>
                }) }
            </select>
        </>
    }
}

/// The templates for a kind of policy, compared by pointer: they are made again only when the kind or the
/// names they are filled with change.
#[derive(Clone)]
struct Templates(Rc<Vec<templates::Template>>);

impl PartialEq for Templates {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The template picker.
fn template_select(
    templates: &Templates,
    policy: &PolicyRef,
    dispatcher: &UseReducerDispatcher<AppState>,
) -> Html {
    let ontemplate = {
        let dispatcher = dispatcher.clone();
        let policy = policy.clone();
        let template_list = templates.0.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<HtmlSelectElement>() {
                let chosen = template_list
                    .iter()
                    .find(|template| template.name == select.value());
                if let Some(template) = chosen {
                    dispatcher.dispatch(Action::EditPolicy {
                        policy: policy.clone(),
                        text: template.text.clone(),
                    });
                }
                select.set_value("");
            }
        })
    };
    html! {
        <>
            <label class="visually-hidden" for="template-select">{ "Insert a template" }</label>
            <select id="template-select" data-testid="template-select" onchange={ontemplate}>
                <option value="" selected=true>{ "Templates…" }</option>
                { for templates.0.iter().map(|template| html! {
                    <option value={template.name}>{ template.name }</option>
                }) }
            </select>
        </>
    }
}
