//! The page header: the product name, the scenario picker, undo and redo, import and export of scenario
//! files, and the share link (the whole state compressed into the URL fragment; no server involved).

use gloo::file::callbacks::FileReader;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::latest::Latest;
use crate::engine;
use crate::persist;
use crate::state::{Action, AppState, NoticeLevel, PlaygroundContext};

/// Reads the state and passes what the toolbar shows (whether undo and redo are possible), so that most
/// changes do not render [`ToolbarView`] again.
pub fn toolbar(playground: &PlaygroundContext, latest: &Latest) -> Html {
    let latest = latest.clone();
    html! {
        <ToolbarView
            can_undo={playground.can_undo()}
            can_redo={playground.can_redo()}
            dispatcher={playground.dispatcher()}
            {latest}
        />
    }
}

#[derive(Properties, PartialEq)]
pub struct ToolbarViewProps {
    pub can_undo: bool,
    pub can_redo: bool,
    pub dispatcher: UseReducerDispatcher<AppState>,
    /// The state, read when exporting or sharing it.
    pub latest: Latest,
}

#[component(ToolbarView)]
fn toolbar_view(props: &ToolbarViewProps) -> Html {
    let share_link = use_state(|| None::<String>);
    let reader = use_mut_ref(|| None::<FileReader>);
    let scenarios = use_memo((), |_| engine::scenarios());
    let onscenario = {
        let dispatcher = props.dispatcher.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<HtmlSelectElement>() {
                let name = select.value();
                if !name.is_empty() {
                    dispatcher.dispatch(Action::LoadScenario(name));
                }
                select.set_value("");
            }
        })
    };
    let onundo = {
        let dispatcher = props.dispatcher.clone();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::Undo))
    };
    let onredo = {
        let dispatcher = props.dispatcher.clone();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::Redo))
    };
    let onimport = {
        let dispatcher = props.dispatcher.clone();
        Callback::from(move |event: Event| {
            let Some(input) = event.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            let file = gloo::file::File::from(file);
            let file_name = file.name();
            let dispatcher = dispatcher.clone();
            let task = gloo::file::callbacks::read_as_text(&file, move |result| match result {
                Ok(text) => dispatcher.dispatch(Action::Import { file_name, text }),
                Err(error) => dispatcher.dispatch(Action::Notify {
                    level: NoticeLevel::Error,
                    text: format!("Could not read `{file_name}`: {error}"),
                }),
            });
            *reader.borrow_mut() = Some(task);
            input.set_value("");
        })
    };
    let onexport = {
        let latest = props.latest.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(playground) = latest.get() else { return };
            match engine::export_scenario(&playground.account) {
                Ok(text) => download("secrets-playground-scenario.json", &text),
                Err(error) => playground.dispatch(Action::Notify {
                    level: NoticeLevel::Error,
                    text: format!("Could not export: {error}"),
                }),
            }
        })
    };
    let onshare = {
        let latest = props.latest.clone();
        let share_link = share_link.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(playground) = latest.get() else { return };
            let Some(saved) = playground.saved() else {
                playground.dispatch(Action::Notify {
                    level: NoticeLevel::Error,
                    text: format!("Could not make a share link: export is {}", engine::NOT_AVAILABLE),
                });
                return;
            };
            let Some(window) = web_sys::window() else { return };
            let location = window.location();
            let link = format!(
                "{}{}{}",
                location.origin().unwrap_or_default(),
                location.pathname().unwrap_or_default(),
                persist::share_fragment(&saved)
            );
            let _ = window.navigator().clipboard().write_text(&link);
            share_link.set(Some(link));
        })
    };
    let onshareclose = {
        let share_link = share_link.clone();
        Callback::from(move |_: MouseEvent| share_link.set(None))
    };
    let onsharefocus = Callback::from(|event: FocusEvent| {
        if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
            input.select();
        }
    });

    html! {
        <header class="toolbar" role="banner">
            <div class="brand">
                <img src="web/icon.svg" alt="" width="24" height="24" />
                <span class="brand-name">{ "Secrets Playground" }</span>
                <span class="brand-tagline">{ "who may read a secret, and why" }</span>
            </div>
            <div class="toolbar-group" role="toolbar" aria-label="Playground">
                <label class="visually-hidden" for="scenario-picker">{ "Open a scenario" }</label>
                <select id="scenario-picker" data-testid="scenario-picker" onchange={onscenario}
                    disabled={scenarios.is_empty()}>
                    <option value="" selected=true>
                        { if scenarios.is_empty() { "Scenarios: not available yet" } else { "Open a scenario…" } }
                    </option>
                    { for scenarios.iter().map(|scenario| html! {
                        <option value={scenario.name.clone()}>{ &scenario.title }</option>
                    }) }
                </select>
                <button data-testid="undo" onclick={onundo} disabled={!props.can_undo}
                    title="Undo (Ctrl+Z)">{ "↶ Undo" }</button>
                <button data-testid="redo" onclick={onredo} disabled={!props.can_redo}
                    title="Redo (Ctrl+Shift+Z)">{ "↷ Redo" }</button>
                <label class="button" title="Import a scenario file">
                    { "Import" }
                    <input type="file" accept=".json,application/json" class="visually-hidden"
                        data-testid="import" onchange={onimport} />
                </label>
                <button data-testid="export" onclick={onexport} title="Download the scenario file">{ "Export" }</button>
                <button data-testid="share" class="primary" onclick={onshare}
                    title="Copy a link that carries the whole playground">{ "Share link" }</button>
            </div>
            if let Some(link) = (*share_link).clone() {
                <div class="share-popover" role="dialog" aria-label="Share link">
                    <p>{ "Link copied. It holds the whole playground, compressed; nothing is uploaded." }</p>
                    <input data-testid="share-link" readonly=true value={link} onfocus={onsharefocus} />
                    <button onclick={onshareclose}>{ "Close" }</button>
                </div>
            }
        </header>
    }
}

/// Offers `text` as a file download.
pub fn download(file_name: &str, text: &str) {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(anchor) = document
        .create_element("a")
        .ok()
        .and_then(|element| element.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        anchor.set_href(&url);
        anchor.set_download(file_name);
        anchor.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
