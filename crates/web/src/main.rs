//! The yew playground app: one screen to edit any policy and watch decisions, explanations and the audit log.

use yew::prelude::*;

#[function_component(App)]
fn app() -> Html {
    html! { <main data-testid="app">{ "Secrets Playground" }</main> }
}

fn main() {
    console_error_panic_hook::set_once();
    yew::Renderer::<App>::new().render();
}
