//! The frame of every panel: a titled region that can be collapsed (keyboard and pointer) and resized
//! (the browser's own resize handle on the panel body).

use yew::prelude::*;

use crate::mode::Panel;

#[derive(Properties, PartialEq)]
pub struct PaneProps {
    pub panel: Panel,
    /// Buttons and status shown in the header, right of the title.
    #[prop_or_default]
    pub actions: Html,
    #[prop_or_default]
    pub children: Html,
    /// Whether the body may be resized vertically.
    #[prop_or(true)]
    pub resizable: bool,
}

#[component(Pane)]
pub fn pane(props: &PaneProps) -> Html {
    let collapsed = use_state(|| false);
    let ontoggle = {
        let collapsed = collapsed.clone();
        Callback::from(move |_: MouseEvent| collapsed.set(!*collapsed))
    };
    let name = props.panel.name();
    let body_id = format!("pane-body-{name}");
    let title_id = format!("pane-title-{name}");
    html! {
        <section
            class={classes!("pane", format!("pane-{name}"), (*collapsed).then_some("collapsed"))}
            aria-labelledby={title_id.clone()}
            data-testid={format!("panel-{name}")}
        >
            <header class="pane-header">
                <button
                    class="pane-toggle"
                    aria-expanded={(!*collapsed).to_string()}
                    aria-controls={body_id.clone()}
                    title={if *collapsed { "Expand" } else { "Collapse" }}
                    onclick={ontoggle}
                >
                    <span class="chevron" aria-hidden="true">{ if *collapsed { "▸" } else { "▾" } }</span>
                    <h2 id={title_id}>{ props.panel.title() }</h2>
                </button>
                <div class="pane-actions">{ props.actions.clone() }</div>
            </header>
            if !*collapsed {
                <div id={body_id} class={classes!("pane-body", props.resizable.then_some("resizable"))}>
                    { props.children.clone() }
                </div>
            }
        </section>
    }
}
