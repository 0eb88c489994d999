//! The frame of every panel: a titled region that can be collapsed (keyboard and pointer) and resized
//! (the browser's own resize handle on the panel body).

use yew::prelude::*;

use crate::components::bool_text;
use crate::mode::Panel;

#[derive(Properties)]
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

/// Never equal: a pane renders again whenever the panel holding it does. Its children are whole trees (the
/// editor's is every highlighted token), which yew would otherwise compare node by node on each render only
/// to find them changed; the components inside are still compared by their own props. Comparing nothing
/// also keeps yew's tree comparison out of the wasm.
impl PartialEq for PaneProps {
    fn eq(&self, _other: &Self) -> bool {
        false
    }
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
                    aria-expanded={bool_text(!*collapsed)}
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

/// A [`Pane`]: one out-of-line builder of its props for every panel. `children` is what the panel shows, as
/// the fragment `html! { <>...</> }` that `<Pane>...</Pane>` would have made of them.
#[inline(never)]
pub fn pane(panel: Panel, resizable: bool, actions: Html, children: Html) -> Html {
    html! { <Pane {panel} {resizable} {actions} {children} /> }
}

/// A pane holding only a message (`<p class="empty-state">`), for a panel whose content is not available.
#[inline(never)]
pub fn pane_message(panel: Panel, testid: &'static str, text: AttrValue) -> Html {
    pane(
        panel,
        true,
        Html::default(),
        html! { <><p class="empty-state" data-testid={testid}>{ text }</p></> },
    )
}
