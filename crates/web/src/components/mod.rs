//! One panel per file. `app` is the root component: it owns the reducer and runs the effects (saving, share
//! links, embed height); it renders on every change and passes the state down as props (the editor, the
//! matrix and the bench take it whole: no context provider, whose machinery would only add wasm). A panel
//! whose inputs rarely change is split into an outer half, a plain function of the state that the app calls
//! on every render, and an inner component with plain props, which yew skips when they are equal (see
//! [`latest`]). Parts that never memoise (the findings, a pane's frame) are plain functions too: each
//! component costs its own copy of yew's lifecycle in the wasm.

pub mod app;
pub mod audit_log;
pub mod audit_record;
pub mod bench;
pub mod clock;
pub mod explanation;
pub mod explorer;
pub mod findings;
pub mod latest;
pub mod matrix;
pub mod matrix_row;
pub mod notices;
pub mod pane;
pub mod policy_editor;
pub mod request_builder;
pub mod terminal;
pub mod toolbar;

/// `"true"` or `"false"`, for boolean attributes written as text (`aria-expanded`): a static string, where
/// `bool::to_string` would allocate one on every render.
pub fn bool_text(value: bool) -> &'static str {
    if value {
        "true"
    } else {
        "false"
    }
}
