//! The IAM metadata catalogue (which services, actions, resource types and condition keys exist), kept out of the
//! first load: the app is built without policy's `bundled-metadata`, and fetches `pkg/iam-metadata.bin` (written by
//! `cargo xtask build`: the catalogue's binary form, raw-deflated) once the first render is done. Until it is
//! installed the validator skips the checks that need it; once it is, [`Action::CatalogueLoaded`] makes the editor
//! validate again. A failed fetch or a damaged file is a notice, and the app goes on without those checks.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::UseReducerDispatcher;

use crate::state::{Action, AppState};

/// The catalogue's address, relative to the page (the app and embeds are served from the folder of `index.html`).
const CATALOGUE_URL: &str = "pkg/iam-metadata.bin";

/// More than the inflated catalogue will ever be (about 90 KB today): a bound against a hostile file.
const INFLATED_LIMIT: usize = 8 << 20;

/// Fetches and installs the catalogue in the background, then tells the reducer. Does nothing when a catalogue is
/// already there (native builds compile it in).
pub fn load(dispatcher: UseReducerDispatcher<AppState>) {
    if policy::metadata::is_available() {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let outcome = fetch().await.and_then(|deflated| install(&deflated));
        dispatcher.dispatch(Action::CatalogueLoaded(outcome));
    });
}

/// Inflates and installs the fetched bytes.
fn install(deflated: &[u8]) -> Result<(), String> {
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(deflated, INFLATED_LIMIT)
        .map_err(|error| format!("the file is not deflated data ({:?})", error.status))?;
    policy::metadata::install(&bytes).map_err(|error| error.to_string())
}

/// The bytes of the catalogue file.
async fn fetch() -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(CATALOGUE_URL))
        .await
        .map_err(describe)?
        .dyn_into::<web_sys::Response>()
        .map_err(describe)?;
    if !response.ok() {
        return Err(format!("HTTP {} {}", response.status(), response.status_text()));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(describe)?)
        .await
        .map_err(describe)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// A JavaScript error as text (a network failure is a `TypeError` with a message).
pub(crate) fn describe(error: wasm_bindgen::JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "the request failed".to_owned())
}
