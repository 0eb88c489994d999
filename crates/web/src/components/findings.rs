//! The validation findings of the open policy, most severe first; each one jumps to its place in the text.

use yew::prelude::*;

use crate::engine::{Finding, Severity};

/// The list of `findings`; `onjump` is called with the byte range of the chosen one. A plain function, not a
/// component: the editor renders it again on every keystroke anyway (its findings and handler are new each
/// time), so a component boundary would only add yew's machinery.
pub fn findings(findings: &[Finding], onjump: &Callback<(usize, usize)>) -> Html {
    if findings.is_empty() {
        return html! {
            <p class="findings-empty" data-testid="findings-empty">
                <span aria-hidden="true">{ "✓ " }</span>{ "No findings" }
            </p>
        };
    }
    let count = |severity: Severity| findings.iter().filter(|f| f.severity == severity).count();
    let summary: Vec<String> = [
        Severity::Error,
        Severity::SecurityWarning,
        Severity::Warning,
        Severity::Suggestion,
    ]
    .into_iter()
    .filter(|severity| count(*severity) > 0)
    .map(|severity| format!("{} {}", count(severity), severity.title().to_lowercase()))
    .collect();
    html! {
        <div class="findings">
            <p class="findings-summary">{ summary.join(" · ") }</p>
            <ul class="findings-list" aria-label="Validation findings">
                { for findings.iter().map(|finding| {
                    let onclick = {
                        let onjump = onjump.clone();
                        let range = (finding.start, finding.end);
                        Callback::from(move |_: MouseEvent| onjump.emit(range))
                    };
                    let icon = match finding.severity {
                        Severity::Error => "✕",
                        Severity::SecurityWarning => "▲",
                        Severity::Warning => "⚠",
                        Severity::Suggestion => "ⓘ",
                    };
                    html! {
                        <li>
                            <button class={classes!("finding", format!("finding-{}", finding.severity.name()))}
                                data-testid="finding" data-severity={finding.severity.name()}
                                data-line={finding.line.to_string()} data-column={finding.column.to_string()}
                                {onclick}>
                                <span class="finding-icon" aria-hidden="true">{ icon }</span>
                                <span class="finding-severity">{ finding.severity.title() }</span>
                                <span class="finding-place">{ format!("line {}, column {}", finding.line, finding.column) }</span>
                                <span class="finding-message">{ &finding.message }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
