//! The instance terminal: the account's shell (`aws ...`, `curl` against IMDS) run on a chosen instance,
//! with the output exactly as the AWS CLI prints it, command history (up/down) and tab completion.

use std::collections::BTreeMap;
use std::rc::Rc;

use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::latest::Latest;
use crate::components::pane::{pane, pane_message};
use crate::engine;
use crate::mode::Panel;
use crate::state::{Action, AppState, PlaygroundContext, Simulator, TerminalSession};

/// Reads the state and passes the instances and transcripts (kept by the state until a command runs), so
/// that a policy edit does not render [`TerminalView`] again.
pub fn terminal(playground: &PlaygroundContext, latest: &Latest) -> Html {
    let latest = latest.clone();
    html! {
        <TerminalView
            instances={engine::instances(&playground.account)}
            terminals={Rc::clone(&playground.terminals)}
            waiting={waiting_commands(&playground.simulator)}
            dispatcher={playground.dispatcher()}
            {latest}
        />
    }
}

/// The lines typed while the simulator module loads, as (instance, line): they run once it is there.
fn waiting_commands(simulator: &Simulator) -> Vec<(String, String)> {
    match simulator {
        Simulator::Loading(actions) => actions
            .iter()
            .filter_map(|action| match action {
                Action::RunCommand { instance, line } => Some((instance.clone(), line.clone())),
                _ => None,
            })
            .collect(),
        Simulator::Ready | Simulator::Failed => Vec::new(),
    }
}

#[derive(Properties, PartialEq)]
pub struct TerminalViewProps {
    /// The instances as (id, label).
    pub instances: Vec<(String, String)>,
    pub terminals: Rc<BTreeMap<String, TerminalSession>>,
    /// Lines waiting for the simulator module, as (instance, line).
    pub waiting: Vec<(String, String)>,
    pub dispatcher: UseReducerDispatcher<AppState>,
    /// The account, read for tab completion.
    pub latest: Latest,
}

#[component(TerminalView)]
fn terminal_view(props: &TerminalViewProps) -> Html {
    let chosen = use_state(|| None::<String>);
    let line = use_state(String::new);
    // Position in the history while browsing it with up/down (None: editing a new line).
    let history_index = use_state(|| None::<usize>);
    let completions = use_state(Vec::<String>::new);
    let output_ref = use_node_ref();
    let input_ref = use_node_ref();

    let instances = &props.instances;
    let instance = (*chosen)
        .clone()
        .filter(|id| instances.iter().any(|(candidate, _)| candidate == id))
        .or_else(|| instances.first().map(|(id, _)| id.clone()));
    let entries = instance
        .as_ref()
        .and_then(|id| props.terminals.get(id))
        .map(|session| session.entries.as_slice())
        .unwrap_or_default();

    // Keep the newest output in view.
    {
        let output_ref = output_ref.clone();
        use_effect_with(entries.len(), move |_| {
            if let Some(output) = output_ref.cast::<HtmlElement>() {
                output.set_scroll_top(output.scroll_height());
            }
        });
    }

    let Some(instance) = instance else {
        return pane_message(
            Panel::Terminal,
            "terminal-unavailable",
            AttrValue::Static("This account has no EC2 instance to open a terminal on."),
        );
    };
    let history: Vec<String> = entries.iter().map(|entry| entry.command.clone()).collect();

    let oninstance = {
        let chosen = chosen.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<HtmlSelectElement>() {
                chosen.set(Some(select.value()));
            }
        })
    };
    let oninput = {
        let line = line.clone();
        let history_index = history_index.clone();
        let completions = completions.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                line.set(input.value());
                history_index.set(None);
                completions.set(Vec::new());
            }
        })
    };
    let onkeydown = {
        let dispatcher = props.dispatcher.clone();
        let latest = props.latest.clone();
        let line = line.clone();
        let history_index = history_index.clone();
        let completions = completions.clone();
        let instance = instance.clone();
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "Enter" => {
                event.prevent_default();
                let command = (*line).clone();
                line.set(String::new());
                history_index.set(None);
                completions.set(Vec::new());
                if command.trim() == "clear" {
                    dispatcher.dispatch(Action::ClearTerminal {
                        instance: instance.clone(),
                    });
                } else if !command.trim().is_empty() {
                    dispatcher.dispatch(Action::RunCommand {
                        instance: instance.clone(),
                        line: command,
                    });
                }
            }
            "ArrowUp" | "ArrowDown" if !history.is_empty() => {
                event.prevent_default();
                let up = event.key() == "ArrowUp";
                let next = match (*history_index, up) {
                    (None, true) => Some(history.len() - 1),
                    (None, false) => None,
                    (Some(index), true) => Some(index.saturating_sub(1)),
                    (Some(index), false) => (index + 1 < history.len()).then_some(index + 1),
                };
                history_index.set(next);
                line.set(
                    next.and_then(|index| history.get(index).cloned())
                        .unwrap_or_default(),
                );
            }
            "Tab" if !event.shift_key() => {
                let word_start = line.rfind(' ').map_or(0, |index| index + 1);
                let partial = line.get(word_start..).unwrap_or_default();
                let Some(playground) = latest.get() else { return };
                let mut candidates = engine::complete(&playground.account, &line);
                candidates.retain(|candidate| candidate.starts_with(partial));
                if candidates.is_empty() {
                    return;
                }
                event.prevent_default();
                let prefix = common_prefix(&candidates);
                let head = line.get(..word_start).unwrap_or_default();
                if candidates.len() == 1 {
                    line.set(format!("{head}{prefix} "));
                    completions.set(Vec::new());
                } else {
                    if prefix.len() > line.len().saturating_sub(word_start) {
                        line.set(format!("{head}{prefix}"));
                    }
                    completions.set(candidates);
                }
            }
            _ => {}
        })
    };
    let onfocusinput = {
        let input_ref = input_ref.clone();
        Callback::from(move |_: MouseEvent| {
            let selection_empty = web_sys::window()
                .and_then(|window| window.get_selection().ok().flatten())
                .is_none_or(|selection| selection.is_collapsed());
            if let (true, Some(input)) = (selection_empty, input_ref.cast::<HtmlInputElement>()) {
                let _ = input.focus();
            }
        })
    };
    let onclear = {
        let dispatcher = props.dispatcher.clone();
        let instance = instance.clone();
        Callback::from(move |_: MouseEvent| {
            dispatcher.dispatch(Action::ClearTerminal {
                instance: instance.clone(),
            })
        })
    };
    let prompt = format!("[ec2-user@{instance} ~]$ ");

    let actions = html! {
        <>
            <label class="visually-hidden" for="terminal-instance">{ "Instance" }</label>
            <select id="terminal-instance" data-testid="terminal-instance" onchange={oninstance}>
                { for instances.iter().map(|(id, label)| html! {
                    <option value={id.clone()} selected={*id == instance}>{ label }</option>
                }) }
            </select>
            <button onclick={onclear}>{ "Clear" }</button>
        </>
    };

    let body = html! {
        <>
            <div class="terminal" onclick={onfocusinput}>
                <div class="terminal-output" data-testid="terminal-output" ref={output_ref} role="log"
                    aria-label="Terminal output" aria-live="polite">
                    if entries.is_empty() && props.waiting.is_empty() {
                        <p class="terminal-hint">
                            { "Try " }<code>{ "aws secretsmanager get-secret-value --secret-id prod/cart-service/credentials" }</code>
                            { ", " }<code>{ "aws sts get-caller-identity" }</code>{ " or " }
                            <code>{ "curl http://169.254.169.254/latest/meta-data/iam/security-credentials/" }</code>
                            { ". Tab completes, ↑/↓ browse history." }
                        </p>
                    }
                    { for entries.iter().map(|entry| html! {
                        <div class="terminal-entry">
                            <pre class="terminal-command"><span class="prompt">{ &prompt }</span>{ &entry.command }</pre>
                            if !entry.result.stdout.is_empty() {
                                <pre class="terminal-text">{ &entry.result.stdout }</pre>
                            }
                            if !entry.result.stderr.is_empty() {
                                <pre class="terminal-text terminal-stderr" data-exit-code={entry.result.exit_code.to_string()}>{ &entry.result.stderr }</pre>
                            }
                        </div>
                    }) }
                    { for props.waiting.iter().filter(|(on, _)| *on == instance).map(|(_, command)| html! {
                        <div class="terminal-entry terminal-waiting">
                            <pre class="terminal-command"><span class="prompt">{ &prompt }</span>{ command }</pre>
                            <pre class="terminal-text">{ "(loading the simulator…)" }</pre>
                        </div>
                    }) }
                </div>
                if !completions.is_empty() {
                    <div class="completions" data-testid="terminal-completions">
                        { for completions.iter().map(|candidate| html! { <span>{ candidate }</span> }) }
                    </div>
                }
                <div class="terminal-line">
                    <label for="terminal-input" class="prompt">{ prompt.clone() }</label>
                    <input id="terminal-input" ref={input_ref} data-testid="terminal-input" value={(*line).clone()}
                        autocomplete="off" spellcheck="false" autocapitalize="off" {oninput} {onkeydown} />
                </div>
            </div>
        </>
    };
    pane(Panel::Terminal, true, actions, body)
}

/// The longest common prefix of the candidates.
fn common_prefix(candidates: &[String]) -> String {
    let Some(first) = candidates.first() else {
        return String::new();
    };
    let mut prefix = first.as_str();
    for candidate in candidates {
        while !candidate.starts_with(prefix) {
            let mut cut = prefix.len().saturating_sub(1);
            while !prefix.is_char_boundary(cut) {
                cut -= 1;
            }
            prefix = prefix.get(..cut).unwrap_or_default();
        }
    }
    prefix.to_owned()
}
