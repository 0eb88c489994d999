//! The simulated clock: shows the account's time and advances it by minutes, hours or days, so that
//! rotations, the end of deletion windows and credential expiry happen (and appear in the audit log).

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::engine;
use crate::state::{Action, AppState, PlaygroundContext};

/// Reads the state and passes the time shown, so that a policy edit does not render [`ClockView`] again.
pub fn clock(playground: &PlaygroundContext) -> Html {
    let now = match engine::now(&playground.account) {
        Ok(now) => now,
        Err(error) => {
            return html! { <p class="empty-state" data-testid="clock-unavailable">{ format!("The clock is {error}") }</p> }
        }
    };
    html! { <ClockView {now} dispatcher={playground.dispatcher()} /> }
}

/// The quick advance buttons: test id, seconds, label.
const QUICK_STEPS: [(&str, u64, &str); 5] = [
    ("advance-15m", 15 * 60, "+15 min"),
    ("advance-1h", 3600, "+1 h"),
    ("advance-1d", 86_400, "+1 day"),
    ("advance-7d", 7 * 86_400, "+7 days"),
    ("advance-30d", 30 * 86_400, "+30 days"),
];

#[derive(Properties, PartialEq)]
pub struct ClockViewProps {
    /// The simulated time (ISO 8601).
    pub now: String,
    pub dispatcher: UseReducerDispatcher<AppState>,
}

#[component(ClockView)]
fn clock_view(props: &ClockViewProps) -> Html {
    // `usize`, as other panels' state: one copy of yew's state hook for both.
    let amount = use_state(|| 1_usize);
    let unit = use_state(|| 3600_usize);
    let now = props.now.clone();
    let advance = |seconds: u64| {
        let dispatcher = props.dispatcher.clone();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::Advance { seconds }))
    };
    let onamount = {
        let amount = amount.clone();
        Callback::from(move |event: Event| {
            if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                let value = input.value().trim().parse::<u64>().unwrap_or(1).clamp(1, 10_000);
                amount.set(usize::try_from(value).unwrap_or(1));
            }
        })
    };
    let onunit = {
        let unit = unit.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<HtmlSelectElement>() {
                unit.set(select.value().parse::<usize>().unwrap_or(3600));
            }
        })
    };
    let onsubmit = {
        let dispatcher = props.dispatcher.clone();
        let seconds = (*amount as u64).saturating_mul(*unit as u64);
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            dispatcher.dispatch(Action::Advance { seconds });
        })
    };
    html! {
        <div class="clock">
            <p class="clock-now">
                <time data-testid="clock-now">{ now }</time></p>
            <div class="clock-quick" role="group" aria-label="Advance the clock">
                { for QUICK_STEPS.iter().map(|&(testid, seconds, label)| html! {
                    <button data-testid={testid} onclick={advance(seconds)}>{ label }</button>
                }) }
            </div>
            <form class="clock-custom" {onsubmit}>
                <label>{ "Advance by " }
                    <input type="number" min="1" max="10000" value={amount.to_string()} onchange={onamount} data-testid="advance-amount" />
                </label>
                <select onchange={onunit} aria-label="Unit" data-testid="advance-unit">
                    <option value="60" selected={*unit == 60}>{ "minutes" }</option>
                    <option value="3600" selected={*unit == 3600}>{ "hours" }</option>
                    <option value="86400" selected={*unit == 86_400}>{ "days" }</option>
                </select>
                <button type="submit" data-testid="advance">{ "Advance" }</button>
            </form>
        </div>
    }
}
