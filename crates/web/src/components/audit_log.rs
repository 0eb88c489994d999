//! The CloudTrail panel: the account's audit records newest first, filtered by event name, principal, error
//! code and read-only, each expandable to its JSON; a denied record links to its explanation. The whole
//! trail downloads as a CloudTrail log file.

use std::collections::BTreeSet;
use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::components::audit_record::AuditRecord;
use crate::components::latest::Latest;
use crate::components::pane::{pane, pane_message};
use crate::components::toolbar::download;
use crate::engine;
use crate::mode::Panel;
use crate::state::{Action, AppState, NoticeLevel, PlaygroundContext, Subject};

/// The filters of the log (empty: any).
#[derive(Debug, Clone, PartialEq, Default)]
struct Filters {
    event_name: String,
    principal: String,
    error_code: String,
    /// `read`, `write` or empty.
    read_only: String,
}

/// How many records are rendered at most (the newest); the download always has all.
const SHOWN_RECORDS: usize = 200;

/// Reads the state and passes the log's rows (kept by the state across policy edits, which log nothing), so
/// that [`AuditLogView`] and its records render again only when the trail changes.
pub fn audit_log(playground: &PlaygroundContext, latest: &Latest) -> Html {
    let latest = latest.clone();
    html! {
        <AuditLogView records={Rc::clone(&playground.audit)} dispatcher={playground.dispatcher()} {latest} />
    }
}

#[derive(Properties, PartialEq)]
pub struct AuditLogViewProps {
    pub records: Rc<Result<Vec<engine::AuditRow>, String>>,
    pub dispatcher: UseReducerDispatcher<AppState>,
    pub latest: Latest,
}

#[component(AuditLogView)]
fn audit_log_view(props: &AuditLogViewProps) -> Html {
    let filters = use_state(Filters::default);
    let onexplain = {
        let dispatcher = props.dispatcher.clone();
        use_callback(dispatcher, |index: usize, dispatcher| {
            dispatcher.dispatch(Action::Explain(Subject::Record(index)))
        })
    };
    let records = match props.records.as_ref() {
        Ok(records) => records,
        Err(error) => {
            return pane_message(
                Panel::Audit,
                "audit-unavailable",
                format!("The audit log is {error}").into(),
            )
        }
    };
    let options = |pick: fn(&engine::AuditRow) -> &str| -> Vec<String> {
        records
            .iter()
            .map(pick)
            .filter(|value| !value.is_empty())
            .map(str::to_owned)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    let event_names = options(|row| &row.event_name);
    let principals = options(|row| &row.principal);
    let error_codes = options(|row| &row.error_code);

    let current = (*filters).clone();
    let matching: Vec<&engine::AuditRow> = records
        .iter()
        .rev()
        .filter(|row| current.event_name.is_empty() || row.event_name == current.event_name)
        .filter(|row| current.principal.is_empty() || row.principal == current.principal)
        .filter(|row| match current.error_code.as_str() {
            "" => true,
            "(none)" => row.error_code.is_empty(),
            code => row.error_code == code,
        })
        .filter(|row| match current.read_only.as_str() {
            "read" => row.read_only,
            "write" => !row.read_only,
            _ => true,
        })
        .collect();

    let set = |apply: fn(&mut Filters, String)| {
        let filters = filters.clone();
        let current = current.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<HtmlSelectElement>() {
                let mut next = current.clone();
                apply(&mut next, select.value());
                filters.set(next);
            }
        })
    };
    let ondownload = {
        let latest = props.latest.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(playground) = latest.get() else { return };
            match engine::audit_file(&playground.account) {
                Ok(text) => download("cloudtrail.json", &text),
                Err(error) => playground.dispatch(Action::Notify {
                    level: NoticeLevel::Error,
                    text: format!("Could not download the log: {error}"),
                }),
            }
        })
    };
    let select = |id: &'static str,
                  label: &'static str,
                  values: &[String],
                  value: &str,
                  any: &'static str,
                  onchange: Callback<Event>,
                  extra: Html| {
        html! {
            <label class="filter">
                <span class="visually-hidden">{ label }</span>
                <select data-testid={id} {onchange} aria-label={label}>
                    <option value="" selected={value.is_empty()}>{ any }</option>
                    { extra }
                    { for values.iter().map(|candidate| html! {
                        <option value={candidate.clone()} selected={candidate == value}>{ candidate }</option>
                    }) }
                </select>
            </label>
        }
    };
    let actions = html! {
        <>
            { select("audit-filter-event", "Event name", &event_names, &current.event_name, "All events", set(|f, v| f.event_name = v), html! {}) }
            { select("audit-filter-principal", "Principal", &principals, &current.principal, "All principals", set(|f, v| f.principal = v), html! {}) }
            { select("audit-filter-error", "Error code", &error_codes, &current.error_code, "Any outcome", set(|f, v| f.error_code = v),
                html! { <option value="(none)" selected={current.error_code == "(none)"}>{ "Succeeded" }</option> }) }
            { select("audit-filter-readonly", "Read-only", &[], &current.read_only, "Reads and writes", set(|f, v| f.read_only = v),
                html! { <>
                    <option value="read" selected={current.read_only == "read"}>{ "Read-only" }</option>
                    <option value="write" selected={current.read_only == "write"}>{ "Writes" }</option>
                </> }) }
            <button data-testid="audit-download" onclick={ondownload} title="Download as a CloudTrail JSON file">{ "Download" }</button>
        </>
    };

    let body = html! {
        <>
            <p class="audit-count">{ format!("{} of {} records, newest first", matching.len(), records.len()) }</p>
            if records.is_empty() {
                <p class="empty-state">{ "No API calls yet. Run a command in the terminal: every call is logged here, allowed or denied." }</p>
            }
            // The log role on a wrapper: on the list itself it would take the records' listitem role away.
            <div role="log" aria-label="CloudTrail log" data-testid="audit-records">
                <ol class="audit-records" aria-label="CloudTrail records, newest first">
                    { for matching.into_iter().take(SHOWN_RECORDS).map(|row| html! {
                        <AuditRecord key={row.index} record={row.clone()} onexplain={onexplain.clone()} latest={props.latest.clone()} />
                    }) }
                </ol>
            </div>
        </>
    };
    pane(Panel::Audit, true, actions, body)
}
