//! Messages at the top of the screen: a corrupted store kept aside, a damaged share link, a failed import.
//! Errors are announced to screen readers at once (`role="alert"`), the rest politely.

use yew::prelude::*;

use crate::state::{Action, AppState, Notice, NoticeLevel, PlaygroundContext};

/// Reads the state and passes the notices, so that a change that adds or dismisses none does not render
/// [`NoticesView`] again.
pub fn notices(playground: &PlaygroundContext) -> Html {
    html! { <NoticesView notices={playground.notices.clone()} dispatcher={playground.dispatcher()} /> }
}

#[derive(Properties, PartialEq)]
pub struct NoticesViewProps {
    pub notices: Vec<Notice>,
    pub dispatcher: UseReducerDispatcher<AppState>,
}

#[component(NoticesView)]
fn notices_view(props: &NoticesViewProps) -> Html {
    html! {
        <div class="notices" aria-live="polite">
            { for props.notices.iter().map(|notice| {
                let ondismiss = {
                    let dispatcher = props.dispatcher.clone();
                    let id = notice.id;
                    Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::DismissNotice(id)))
                };
                let icon = match notice.level {
                    NoticeLevel::Info => "ℹ",
                    NoticeLevel::Warning => "⚠",
                    NoticeLevel::Error => "✕",
                };
                html! {
                    <div key={notice.id} class={classes!("notice", format!("notice-{}", notice.level.name()))}
                        role={(notice.level == NoticeLevel::Error).then_some("alert")}
                        data-testid="notice" data-level={notice.level.name()}>
                        <span class="notice-icon" aria-hidden="true">{ icon }</span>
                        <span class="notice-text">{ &notice.text }</span>
                        <button class="notice-dismiss" onclick={ondismiss} aria-label="Dismiss">{ "×" }</button>
                    </div>
                }
            }) }
        </div>
    }
}
