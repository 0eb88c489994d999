//! Messages at the top of the screen: a corrupted store kept aside, a damaged share link, a failed import.
//! Errors are announced to screen readers at once (`role="alert"`), the rest politely.

use yew::prelude::*;

use crate::state::{Action, NoticeLevel, PlaygroundContext};

/// The notices. Not memoised: there are seldom any, and a component would cost its own copy of yew's
/// lifecycle.
pub fn notices(playground: &PlaygroundContext) -> Html {
    let dispatcher = playground.dispatcher();
    html! {
        <div class="notices" aria-live="polite">
            { for playground.notices.iter().map(|notice| {
                let ondismiss = {
                    let dispatcher = dispatcher.clone();
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
