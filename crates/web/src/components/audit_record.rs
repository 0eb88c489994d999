//! One CloudTrail record in the audit log: time, event, principal and outcome on one line, the record's JSON
//! on demand, and for a denied call a link to the explanation of the decision.

use yew::prelude::*;

use crate::components::bool_text;
use crate::components::latest::Latest;
use crate::engine::AuditRow;

/// The record and what it needs from the log, never the state itself: a record renders again only when it
/// changes or is expanded, not on every change of the playground.
#[derive(Properties, PartialEq)]
pub struct AuditRecordProps {
    pub record: AuditRow,
    /// Explains the record of this index.
    pub onexplain: Callback<usize>,
    /// Where the record's JSON is read from when it is expanded.
    pub latest: Latest,
}

#[component(AuditRecord)]
pub fn audit_record(props: &AuditRecordProps) -> Html {
    let expanded = use_state(|| false);
    let record = &props.record;
    let denied = !record.error_code.is_empty();
    let ontoggle = {
        let expanded = expanded.clone();
        Callback::from(move |_: MouseEvent| expanded.set(!*expanded))
    };
    let onexplain = {
        let onexplain = props.onexplain.clone();
        let index = record.index;
        Callback::from(move |_: MouseEvent| onexplain.emit(index))
    };
    let json = if *expanded {
        props
            .latest
            .get()
            .and_then(|playground| crate::engine::audit_record_json(&playground.account, record.index))
    } else {
        None
    };
    let access_denied =
        record.error_code.contains("AccessDenied") || record.error_code == "UnauthorizedOperation";
    html! {
        <li class={classes!("audit-record", denied.then_some("denied"))}
            data-testid="audit-record" data-event-name={record.event_name.clone()}
            data-error-code={record.error_code.clone()} data-read-only={bool_text(record.read_only)}>
            <div class="audit-line">
                <button class="audit-toggle" aria-expanded={bool_text(*expanded)} onclick={ontoggle}
                    aria-label={format!("{} record details", record.event_name)}>
                    <span aria-hidden="true">{ if *expanded { "▾" } else { "▸" } }</span>
                </button>
                <time class="audit-time">{ &record.event_time }</time>
                <span class="audit-event">{ &record.event_name }</span>
                <span class="audit-source">{ record.event_source.split('.').next().unwrap_or_default() }</span>
                <span class="audit-principal" title={record.principal.clone()}>{ &record.principal }</span>
                if denied {
                    <span class="audit-outcome outcome-denied"><span aria-hidden="true">{ "✕ " }</span>{ &record.error_code }</span>
                    if access_denied {
                        <button class="link" data-testid="audit-explain" onclick={onexplain}>{ "Why?" }</button>
                    }
                } else {
                    <span class="audit-outcome outcome-ok"><span aria-hidden="true">{ "✓ " }</span>{ "OK" }</span>
                }
            </div>
            if *expanded {
                if denied && !record.error_message.is_empty() {
                    <p class="audit-message">{ &record.error_message }</p>
                }
                <pre class="audit-json" data-testid="audit-json">{ json.unwrap_or_default() }</pre>
            }
        </li>
    }
}
