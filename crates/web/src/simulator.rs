//! The bridge to the simulator module (`crates/simulator`): every change that goes through the account's
//! services (API calls as an administrator, the clock, the terminal and its completion) is made there, so that the
//! app's first load carries neither the services nor the AWS CLI emulation (about 90 KB gzip of 475).
//!
//! In the browser the module (`pkg/simulator.js`, `pkg/simulator_bg.wasm`) is loaded once the first render is done
//! ([`load`]); until it is there the reducer keeps the actions that need it and runs them when
//! [`Action::SimulatorLoaded`] arrives. Natively (the app's tests) the bridge calls the simulator's Rust function
//! directly, through the same JSON protocol. Each request carries the whole account as its scenario file with saved
//! state and gets the account back the same way, which restores it exactly (the app's reload, share links and
//! exports rely on the same property).

use account::terminal::{CommandOutput, Shell, ShellIdentity};
use account::{Account, Service};
use serde_json::{Map, Value};

use crate::state::AppState;

/// The simulator module's address, relative to the page (the app and embeds are served from `index.html`'s folder).
#[cfg(target_arch = "wasm32")]
const MODULE_URL: &str = "pkg/simulator.js";

#[cfg(target_arch = "wasm32")]
mod js {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(inline_js = "
        let simulator = null;
        export function load_simulator(url) {
            return import(new URL(url, document.baseURI).href).then(async (module) => {
                await module.default();
                simulator = module;
            });
        }
        export function simulator_loaded() { return simulator !== null; }
        export function simulate(request) {
            if (simulator === null) { throw new Error('the simulator is not loaded'); }
            return simulator.simulate(request);
        }")]
    extern "C" {
        pub fn load_simulator(url: &str) -> js_sys::Promise;
        pub fn simulator_loaded() -> bool;
        #[wasm_bindgen(catch)]
        pub fn simulate(request: &str) -> Result<String, JsValue>;
    }
}

/// Whether requests can be made now (always natively).
pub fn is_loaded() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        js::simulator_loaded()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        true
    }
}

/// Loads the simulator module in the background, then tells the reducer. Does nothing when it is there (always
/// natively).
pub fn load(dispatcher: yew::UseReducerDispatcher<AppState>) {
    if is_loaded() {
        return;
    }
    #[cfg(not(target_arch = "wasm32"))]
    drop(dispatcher);
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_futures::spawn_local(async move {
        let outcome = wasm_bindgen_futures::JsFuture::from(js::load_simulator(MODULE_URL))
            .await
            .map(|_| ())
            .map_err(crate::catalogue::describe);
        dispatcher.dispatch(crate::state::Action::SimulatorLoaded(outcome));
    });
}

/// One request and its response, as JSON objects; a failure of the protocol itself is `Err`.
fn exchange(account: &Account, operation: &str, argument: Value) -> Result<Map<String, Value>, String> {
    let mut request = Map::new();
    request.insert(
        "account".to_owned(),
        Value::String(account.export_state().to_json()),
    );
    request.insert(operation.to_owned(), argument);
    let request = Value::Object(request).to_string();
    #[cfg(target_arch = "wasm32")]
    // Throws "the simulator is not loaded" before it is, and a `RuntimeError` if the module trapped.
    let response = js::simulate(&request).map_err(crate::catalogue::describe)?;
    #[cfg(not(target_arch = "wasm32"))]
    let response = simulator::handle(&request);
    let response = match serde_json::from_str::<Value>(&response) {
        Ok(Value::Object(response)) => response,
        _ => return Err("the simulator's answer is not a JSON object".to_owned()),
    };
    match response.get("failure").and_then(Value::as_str) {
        Some(failure) => Err(format!("the simulator could not run the request: {failure}")),
        None => Ok(response),
    }
}

/// Takes the account the simulator returned.
fn take_account(account: &mut Account, response: &Map<String, Value>) -> Result<(), String> {
    let text = response
        .get("account")
        .and_then(Value::as_str)
        .ok_or("the simulator's answer has no account")?;
    *account = crate::engine::import_scenario(text)?;
    Ok(())
}

/// An API call as the administrator of `account_id` (the playground's own account when `None`). Errors read
/// `Code: message`, AWS's text.
pub fn administrator_call(
    account: &mut Account,
    account_id: Option<&str>,
    service: Service,
    operation: &str,
    input: Value,
) -> Result<Value, String> {
    let mut call = Map::new();
    if let Some(id) = account_id {
        call.insert("accountId".to_owned(), Value::String(id.to_owned()));
    }
    call.insert("service".to_owned(), Value::String(service.prefix().to_owned()));
    call.insert("operation".to_owned(), Value::String(operation.to_owned()));
    call.insert("input".to_owned(), input);
    let mut response = exchange(account, "call", Value::Object(call))?;
    take_account(account, &response)?;
    match (response.remove("ok"), response.remove("error")) {
        (Some(value), _) => Ok(value),
        (None, Some(Value::String(error))) => Err(error),
        _ => Err("the simulator's answer has neither `ok` nor `error`".to_owned()),
    }
}

/// Moves the clock forward: rotations, deletion windows and credential expiry happen on the way.
pub fn advance(account: &mut Account, seconds: u64) -> Result<(), String> {
    let response = exchange(account, "advance", Value::from(seconds))?;
    take_account(account, &response)
}

/// Runs one terminal line in `shell` (its environment variables persist between lines).
pub fn run_line(account: &mut Account, shell: &mut Shell, line: &str) -> Result<CommandOutput, String> {
    let mut run = Map::new();
    run.insert("line".to_owned(), Value::String(line.to_owned()));
    match &shell.identity {
        ShellIdentity::Administrator => {}
        ShellIdentity::Instance(instance) => {
            run.insert("instance".to_owned(), Value::String(instance.clone()));
        }
        ShellIdentity::Principal(principal) => {
            run.insert("principal".to_owned(), Value::String(principal.clone()));
        }
    }
    let environment = shell
        .environment
        .iter()
        .map(|(name, value)| (name.clone(), Value::String(value.clone())))
        .collect();
    run.insert("environment".to_owned(), Value::Object(environment));
    let response = exchange(account, "run", Value::Object(run))?;
    take_account(account, &response)?;
    if let Some(environment) = response.get("environment").and_then(Value::as_object) {
        shell.environment = environment
            .iter()
            .filter_map(|(name, value)| Some((name.clone(), value.as_str()?.to_owned())))
            .collect();
    }
    let text = |member: &str| {
        response
            .get(member)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    Ok(CommandOutput {
        stdout: text("stdout"),
        stderr: text("stderr"),
        exit_code: response
            .get("exitCode")
            .and_then(Value::as_i64)
            .and_then(|code| i32::try_from(code).ok())
            .unwrap_or(1),
    })
}

/// Tab completion of a terminal line: whole replacement words for its last word (none while the simulator loads).
pub fn complete(account: &Account, line: &str) -> Vec<String> {
    exchange(account, "complete", Value::String(line.to_owned()))
        .ok()
        .and_then(|response| {
            response
                .get("completions")
                .and_then(Value::as_array)
                .map(|words| {
                    words
                        .iter()
                        .filter_map(|word| word.as_str().map(str::to_owned))
                        .collect()
                })
        })
        .unwrap_or_default()
}
