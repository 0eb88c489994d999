//! The yew playground app: one screen to edit any policy of a simulated AWS account and watch the access
//! matrix, explanations, the instance terminal and the CloudTrail log change with it.
//!
//! Start-up (this file) decides what to open: a share link in the URL fragment, else `?scenario=NAME`, else
//! the state saved in local storage, else the default scenario; anything unreadable becomes a notice on the
//! default scenario, never a blank page.

mod catalogue;
mod components;
mod engine;
mod highlight;
mod mode;
mod persist;
mod simulator;
mod state;
mod templates;

use std::cell::RefCell;
use std::rc::Rc;

use components::app::{App, AppProps, Boot, BootCell};
use mode::Mode;
use state::{AppState, NoticeLevel};

fn main() {
    console_error_panic_hook::set_once();
    let mode = Mode::from_location();
    let boot = boot(&mode);
    let props = AppProps {
        mode,
        boot: BootCell(Rc::new(RefCell::new(boot))),
    };
    let root = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id("playground"));
    match root {
        Some(root) => yew::Renderer::<App>::with_root_and_props(root, props).render(),
        None => yew::Renderer::<App>::with_props(props).render(),
    };
}

/// Decides the state the app opens with.
fn boot(mode: &Mode) -> Boot {
    let readonly = mode.readonly;
    let fragment = web_sys::window()
        .and_then(|window| window.location().hash().ok())
        .unwrap_or_default();
    let mut boot = Boot::default();

    if persist::is_share_fragment(&fragment) {
        boot.opened_share_link = true;
        let opened =
            persist::from_share_fragment(&fragment).and_then(|saved| AppState::restored(saved, readonly));
        boot.state = Some(match opened {
            Ok(state) => state.with_notice(NoticeLevel::Info, "Opened the shared playground"),
            Err(error) => AppState::new(engine::default_account(), readonly).with_notice(
                NoticeLevel::Error,
                format!(
                    "The share link could not be opened ({error}). Showing the default scenario instead."
                ),
            ),
        });
        return boot;
    }

    if let Some(name) = &mode.scenario {
        boot.state = Some(match engine::load_scenario(name) {
            Ok(account) => AppState::new(account, readonly),
            Err(error) => AppState::new(engine::default_account(), readonly).with_notice(
                NoticeLevel::Error,
                format!(
                    "Could not open the scenario `{name}` ({error}). Showing the default scenario instead."
                ),
            ),
        });
        return boot;
    }

    if !mode.embed && !mode.bench {
        let stored = web_sys::window()
            .and_then(|window| window.local_storage().ok().flatten())
            .and_then(|storage| storage.get_item(persist::STORAGE_KEY).ok().flatten());
        if let Some(text) = stored {
            match persist::Saved::from_text(&text).and_then(|saved| AppState::restored(saved, readonly)) {
                Ok(state) => {
                    boot.state = Some(state);
                    return boot;
                }
                Err(error) => {
                    boot.corrupt_store = Some(text);
                    boot.state = Some(AppState::new(engine::default_account(), readonly).with_notice(
                        NoticeLevel::Warning,
                        format!(
                            "Your saved playground could not be read ({error}). It was kept aside in local storage under `{}…`, and the default scenario was opened.",
                            persist::CORRUPT_KEY_PREFIX
                        ),
                    ));
                    return boot;
                }
            }
        }
    }

    boot.state = Some(AppState::new(engine::default_account(), readonly));
    boot
}
