//! One function component per file. `app` is the root: it owns the reducer, provides it, and runs the
//! effects (saving, share links, embed height); every other component reads it through `use_playground()`.
//! A panel whose inputs rarely change is split into an outer component that reads the context and an inner
//! one with plain props, which yew skips when they are equal (see [`latest`]).

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
