//! The root component: owns the reducer and provides it, lays the panels out (the full screen, or only the
//! chosen panels in embed mode), and runs the app's side effects: saving to local storage on every change,
//! keeping a corrupted store aside, clearing an opened share link from the address bar, reacting to a pasted
//! share link, global undo/redo keys, and reporting the height to an embedding page.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::audit_log::audit_log;
use crate::components::bench::Bench;
use crate::components::clock::clock;
use crate::components::explanation::explanation_panel;
use crate::components::explorer::explorer;
use crate::components::latest::use_latest;
use crate::components::matrix::AccessMatrix;
use crate::components::notices::notices;
use crate::components::pane::pane as frame;
use crate::components::policy_editor::PolicyEditor;
use crate::components::request_builder::request_builder;
use crate::components::terminal::terminal;
use crate::components::toolbar::toolbar;
use crate::mode::{Mode, Panel};
use crate::persist::{self, CORRUPT_KEY_PREFIX, STORAGE_KEY};
use crate::state::{Action, AppState};

/// What `main` found at start-up, handed to the reducer once.
#[derive(Debug, Default)]
pub struct Boot {
    pub state: Option<AppState>,
    /// The text of a store that could not be read, to keep aside under another key.
    pub corrupt_store: Option<String>,
    /// Whether the address bar holds a share link to clear once it has been read.
    pub opened_share_link: bool,
}

/// The boot record, shared by pointer (props must compare; the boot never changes).
#[derive(Clone, Debug)]
pub struct BootCell(pub Rc<RefCell<Boot>>);

impl PartialEq for BootCell {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub mode: Mode,
    pub boot: BootCell,
}

#[component(App)]
pub fn app(props: &AppProps) -> Html {
    let mode = props.mode.clone();
    let boot = props.boot.clone();
    let bench = mode.bench;
    let state = use_reducer(move || {
        let mut state = boot
            .0
            .borrow_mut()
            .state
            .take()
            .unwrap_or_else(|| AppState::new(Default::default(), true));
        // The bench measures the full cost of an edit: evaluation included, never deferred.
        state.defer_big_matrices = !bench;
        state
    });

    // A big matrix deferred while typing is recomputed once typing pauses for 150 ms.
    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.matrix_pending, move |pending| {
            let timeout = pending.map(|serial| {
                gloo::timers::callback::Timeout::new(150, move || {
                    dispatcher.dispatch(Action::RefreshMatrix(serial))
                })
            });
            move || drop(timeout)
        });
    }

    // The IAM metadata catalogue, fetched once the first render is done (out of the first load).
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| crate::catalogue::load(dispatcher));
    }
    // The simulator module (the account's services, the clock and the terminal), out of the first load: loaded
    // once the first render is done when a panel that changes the account through it is shown, else (an embed
    // of the editor and the matrix, say) only when an action needs it. The actions that need it wait for it.
    {
        let dispatcher = state.dispatcher();
        let wanted = [Panel::Explorer, Panel::Terminal, Panel::Clock]
            .into_iter()
            .any(|panel| mode.shows(panel))
            || matches!(&state.simulator, crate::state::Simulator::Loading(waiting) if !waiting.is_empty());
        use_effect_with(wanted, move |wanted| {
            if *wanted {
                crate::simulator::load(dispatcher);
            }
        });
    }

    // Keep a corrupted store aside (never deleted), and clear an opened share link from the address bar so
    // that a reload shows the saved state rather than the link again.
    {
        let boot = props.boot.clone();
        let embed = mode.embed;
        use_effect_with((), move |_| {
            let mut boot = boot.0.borrow_mut();
            if let Some(text) = boot.corrupt_store.take() {
                if let Some(storage) = local_storage() {
                    let key = format!("{CORRUPT_KEY_PREFIX}{}", js_sys::Date::now() as u64);
                    if storage.set_item(&key, &text).is_ok() && !embed {
                        let _ = storage.remove_item(STORAGE_KEY);
                    }
                }
            }
            if boot.opened_share_link {
                if let Some(window) = web_sys::window() {
                    let location = window.location();
                    let url = format!(
                        "{}{}",
                        location.pathname().unwrap_or_default(),
                        location.search().unwrap_or_default()
                    );
                    if let Ok(history) = window.history() {
                        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
                    }
                }
            }
        });
    }

    // Save on every change (not in embed, bench or read-only mode: an embedded copy never overwrites the
    // visitor's own playground).
    {
        let saves = !mode.embed && !mode.bench && !mode.readonly;
        let state = state.clone();
        use_effect_with(state.revision, move |_| {
            if saves {
                if let (Some(saved), Some(storage)) = (state.saved(), local_storage()) {
                    if storage.set_item(STORAGE_KEY, &saved.to_text()).is_err() {
                        state.dispatch(Action::Notify {
                            level: crate::state::NoticeLevel::Warning,
                            text: "The browser refused to save the playground (storage full or disabled)"
                                .into(),
                        });
                    }
                }
            }
        });
    }

    // A share link pasted into the address bar of an open playground.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "hashchange", move |_| {
                    let hash = web_sys::window()
                        .and_then(|w| w.location().hash().ok())
                        .unwrap_or_default();
                    if persist::is_share_fragment(&hash) {
                        match persist::from_share_fragment(&hash) {
                            Ok(saved) => dispatcher.dispatch(Action::Restore(saved)),
                            Err(error) => dispatcher.dispatch(Action::Notify {
                                level: crate::state::NoticeLevel::Error,
                                text: format!("{error}. The playground is unchanged."),
                            }),
                        }
                    }
                })
            });
            move || drop(listener)
        });
    }

    // Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z (or Ctrl+Y) anywhere but in a one-line input.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window()
                .and_then(|window| window.document())
                .map(|document| {
                    // Not passive: the keys must not also reach the browser's own undo in the editor.
                    EventListener::new_with_options(
                        &document,
                        "keydown",
                        EventListenerOptions::enable_prevent_default(),
                        move |event| {
                            let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                                return;
                            };
                            if !(event.ctrl_key() || event.meta_key()) {
                                return;
                            }
                            let in_input = event
                                .target()
                                .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                                .is_some_and(|element| element.tag_name().eq_ignore_ascii_case("input"));
                            if in_input {
                                return;
                            }
                            let key = event.key().to_ascii_lowercase();
                            let action = match (key.as_str(), event.shift_key()) {
                                ("z", false) => Action::Undo,
                                ("z", true) | ("y", _) => Action::Redo,
                                _ => return,
                            };
                            event.prevent_default();
                            dispatcher.dispatch(action);
                        },
                    )
                });
            move || drop(listener)
        });
    }

    // Embed mode: report the content height to the parent page after every render.
    {
        let embed = mode.embed;
        let frame_id = mode.frame_id.clone();
        let last_height = use_mut_ref(|| 0_i32);
        use_effect(move || {
            if embed {
                post_height(&last_height, frame_id.as_deref());
            }
        });
    }
    {
        let embed = mode.embed;
        let frame_id = mode.frame_id.clone();
        use_effect_with((), move |_| {
            let listener = embed.then(web_sys::window).flatten().map(|window| {
                let last_height = Rc::new(RefCell::new(0));
                EventListener::new(&window, "resize", move |_| {
                    post_height(&last_height, frame_id.as_deref())
                })
            });
            move || drop(listener)
        });
    }

    // The outer halves of the memoised panels are plain functions of the state, run here: the app renders on
    // every change anyway, as a component reading the context would. One `Latest` serves them all.
    let latest = use_latest(Some(&state));
    let shows = |panel: Panel| mode.shows(panel);
    let pane = |panel: Panel| -> Html {
        if !shows(panel) {
            return html! {};
        }
        match panel {
            Panel::Explorer => frame(
                panel,
                false,
                Html::default(),
                html! { <>{ explorer(&state, &latest) }</> },
            ),
            Panel::Editor => html! { <PolicyEditor playground={state.clone()} /> },
            Panel::Matrix => html! { <AccessMatrix playground={state.clone()} /> },
            Panel::Explanation => frame(
                panel,
                true,
                Html::default(),
                html! { <>{ explanation_panel(&state) }</> },
            ),
            Panel::Request => frame(
                panel,
                true,
                Html::default(),
                html! { <>{ request_builder(&state) }</> },
            ),
            Panel::Terminal => terminal(&state, &latest),
            Panel::Audit => audit_log(&state, &latest),
            Panel::Clock => frame(panel, false, Html::default(), html! { <>{ clock(&state) }</> }),
        }
    };

    let body = if mode.embed {
        let panels = mode
            .panels
            .clone()
            .unwrap_or_else(|| vec![Panel::Editor, Panel::Matrix, Panel::Explanation]);
        html! { <main class="embed-stack">{ for panels.into_iter().map(pane) }</main> }
    } else {
        html! {
            <main class="workspace">
                <div class="column column-left">{ pane(Panel::Explorer) }{ pane(Panel::Clock) }</div>
                <div class="column column-center">{ pane(Panel::Editor) }{ pane(Panel::Matrix) }</div>
                <div class="column column-right">{ pane(Panel::Explanation) }{ pane(Panel::Request) }</div>
                <div class="row-bottom">{ pane(Panel::Terminal) }{ pane(Panel::Audit) }</div>
            </main>
        }
    };

    html! {
        <div
            data-testid="app"
            class={classes!("app", mode.embed.then_some("embed"), mode.readonly.then_some("readonly"))}
        >
            if !mode.embed { { toolbar(&state, &latest) } }
            { notices(&state) }
            { body }
            if mode.bench { <Bench playground={state.clone()} /> }
        </div>
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|window| window.local_storage().ok().flatten())
}

/// Posts `{type: "secrets-playground:height", height, id}` to the parent when the height changed.
fn post_height(last_height: &RefCell<i32>, frame_id: Option<&str>) {
    let Some(window) = web_sys::window() else { return };
    let element = window
        .document()
        .and_then(|document| document.query_selector(".app").ok().flatten());
    let Some(element) = element.and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok()) else {
        return;
    };
    let height = element.offset_height();
    if *last_height.borrow() == height {
        return;
    }
    *last_height.borrow_mut() = height;
    let Ok(Some(parent)) = window.parent() else { return };
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &"secrets-playground:height".into());
    let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
    if let Some(id) = frame_id {
        let _ = js_sys::Reflect::set(&message, &"id".into(), &id.into());
    }
    let _ = parent.post_message(&message, "*");
}
