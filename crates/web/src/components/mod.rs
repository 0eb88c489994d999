//! One function component per file. `app` is the root: it owns the reducer, provides it, and runs the
//! effects (saving, share links, embed height); every other component reads it through `use_playground()`.

pub mod app;
pub mod audit_log;
pub mod audit_record;
pub mod bench;
pub mod clock;
pub mod explanation;
pub mod explorer;
pub mod findings;
pub mod matrix;
pub mod matrix_row;
pub mod notices;
pub mod pane;
pub mod policy_editor;
pub mod request_builder;
pub mod terminal;
pub mod toolbar;
