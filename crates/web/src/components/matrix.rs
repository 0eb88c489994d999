//! The live access matrix: every principal (instance role sessions, roles, other-account principals) against
//! every secret and action, decided by the engine and recomputed on every change. Cells whose decision changed
//! with the last change are marked until the next one; a cell opens its explanation. The table is an ARIA
//! grid: arrow keys move between cells, Enter or Space explains the focused one.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::components::pane::Pane;
use crate::engine::{CellKey, Verdict};
use crate::mode::Panel;
use crate::state::PlaygroundContext;
use crate::state::{use_playground, Action, Subject};

/// How many secrets are shown side by side (each has one column per action).
const SECRETS_PER_PAGE: usize = 4;

/// A short column title for an action.
pub fn short_action(action: &str) -> &str {
    match action {
        "secretsmanager:GetSecretValue" => "Get value",
        "secretsmanager:DescribeSecret" => "Describe",
        "secretsmanager:PutSecretValue" => "Put value",
        "secretsmanager:UpdateSecret" => "Update",
        "secretsmanager:DeleteSecret" => "Delete",
        "secretsmanager:RotateSecret" => "Rotate",
        "secretsmanager:GetResourcePolicy" => "Get policy",
        "kms:Decrypt" => "KMS Decrypt",
        other => other.rsplit(':').next().unwrap_or(other),
    }
}

#[component(AccessMatrix)]
pub fn access_matrix() -> Html {
    let playground = use_playground();
    let page = use_state(|| 0_usize);
    let Some(playground) = playground else {
        return html! {};
    };

    let matrix = match playground.matrix.as_ref() {
        Ok(matrix) => matrix,
        Err(error) => {
            return html! {
                <Pane panel={Panel::Matrix}>
                    <p class="empty-state" data-testid="matrix-unavailable">{ format!("The access matrix is {error}") }</p>
                </Pane>
            }
        }
    };
    let pages = matrix.resources.len().div_ceil(SECRETS_PER_PAGE).max(1);
    let current_page = (*page).min(pages - 1);
    let first = current_page * SECRETS_PER_PAGE;
    let shown: Vec<usize> = (first..matrix.resources.len()).take(SECRETS_PER_PAGE).collect();
    // The selected cell as indexes, so that each cell compares numbers rather than strings.
    let selected = match &playground.subject {
        Some(Subject::Cell(cell)) => matrix.position(cell),
        _ => None,
    };
    let changed_cells = std::rc::Rc::clone(&playground.changed_cells);
    let changed = changed_cells.len();

    let onprevious = {
        let page = page.clone();
        Callback::from(move |_: MouseEvent| page.set(current_page.saturating_sub(1)))
    };
    let onnext = {
        let page = page.clone();
        Callback::from(move |_: MouseEvent| page.set((current_page + 1).min(pages - 1)))
    };
    let onkeydown = Callback::from(move |event: KeyboardEvent| {
        let Some(cell) = event.target_dyn_into::<HtmlElement>() else {
            return;
        };
        let (Some(row), Some(column)) = (cell.get_attribute("data-row"), cell.get_attribute("data-col"))
        else {
            return;
        };
        let (Ok(row), Ok(column)) = (row.parse::<i64>(), column.parse::<i64>()) else {
            return;
        };
        let (row, column) = match event.key().as_str() {
            "ArrowUp" => (row - 1, column),
            "ArrowDown" => (row + 1, column),
            "ArrowLeft" => (row, column - 1),
            "ArrowRight" => (row, column + 1),
            "Home" => (row, 0),
            "End" => (row, 10_000),
            "Enter" | " " => {
                event.prevent_default();
                cell.click();
                return;
            }
            _ => return,
        };
        event.prevent_default();
        let Some(grid) = cell.closest("[role=grid]").ok().flatten() else {
            return;
        };
        let target = grid
            .query_selector(&format!("[data-row=\"{row}\"][data-col=\"{column}\"]"))
            .ok()
            .flatten()
            .or_else(|| {
                if column >= 10_000 {
                    let cells = grid.query_selector_all(&format!("[data-row=\"{row}\"]")).ok()?;
                    cells
                        .item(cells.length().checked_sub(1)?)?
                        .dyn_into::<web_sys::Element>()
                        .ok()
                } else {
                    None
                }
            });
        if let Some(target) = target.and_then(|target| target.dyn_into::<HtmlElement>().ok()) {
            let _ = target.focus();
        }
    });

    let actions = html! {
        <>
            if playground.matrix_pending.is_some() {
                <span class="matrix-updating" role="status" data-testid="matrix-updating">{ "updating…" }</span>
            }
            <span class="matrix-legend" aria-hidden="true">
                <span class="legend allowed">{ "✓ allowed" }</span>
                <span class="legend explicitDeny">{ "✕ explicit deny" }</span>
                <span class="legend implicitDeny">{ "– implicit deny" }</span>
            </span>
            if pages > 1 {
                <span class="pager">
                    <button onclick={onprevious} disabled={current_page == 0} aria-label="Previous secrets">{ "‹" }</button>
                    <span>{ format!("secrets {}–{} of {}", first + 1, first + shown.len(), matrix.resources.len()) }</span>
                    <button onclick={onnext} disabled={current_page + 1 >= pages} aria-label="Next secrets">{ "›" }</button>
                </span>
            }
        </>
    };

    // Attribute values shared by every row (cloning an `AttrValue` is a reference count).
    let resource_arns: Vec<AttrValue> = shown
        .iter()
        .filter_map(|index| matrix.resources.get(*index))
        .map(|resource| AttrValue::from(resource.arn.clone()))
        .collect();
    let action_names: Vec<AttrValue> = matrix
        .actions
        .iter()
        .map(|action| AttrValue::from(action.clone()))
        .collect();
    let selected_visible = selected.is_some_and(|(_, resource, _)| shown.contains(&resource));
    // One click handler for the whole grid: the cell's data attributes say which cell it is.
    let onclick = {
        let playground = playground.clone();
        Callback::from(move |event: MouseEvent| explain_clicked_cell(&playground, &event))
    };
    html! {
        <Pane panel={Panel::Matrix} {actions}>
            <p class="visually-hidden" aria-live="polite">
                { if changed > 0 { format!("{changed} decisions changed with the last edit") } else { String::new() } }
            </p>
            if matrix.principals.is_empty() || matrix.resources.is_empty() {
                <p class="empty-state">{ "No principals or secrets in this account yet." }</p>
            } else {
                <div class="matrix-scroll">
                    <table class="matrix" role="grid" aria-label="Access matrix: principals by secret and action"
                        aria-rowcount={(matrix.principals.len() + 2).to_string()} {onkeydown} {onclick}>
                        <thead>
                            <tr role="row">
                                <th role="columnheader" rowspan="2" class="corner">{ "Principal" }</th>
                                { for shown.iter().filter_map(|index| matrix.resources.get(*index)).map(|resource| html! {
                                    <th role="columnheader" colspan={matrix.actions.len().to_string()} class="secret-header" title={resource.arn.clone()}>
                                        { &resource.label }
                                    </th>
                                }) }
                            </tr>
                            <tr role="row">
                                { for shown.iter().flat_map(|_| matrix.actions.iter()).map(|action| html! {
                                    <th role="columnheader" class="action-header" title={action.clone()}>
                                        <span>{ short_action(action) }</span>
                                    </th>
                                }) }
                            </tr>
                        </thead>
                        <tbody>
                            { for matrix.principals.iter().enumerate().map(|(row, principal)| {
                                let principal_arn = AttrValue::from(principal.arn.clone());
                                html! {
                                <tr role="row" key={principal.arn.clone()}>
                                    <th role="rowheader" class="principal-header" title={principal_arn.clone()}>
                                        <span class="principal-label">{ &principal.label }</span>
                                        <span class="principal-detail">{ &principal.detail }</span>
                                    </th>
                                    { for shown.iter().enumerate().flat_map(|(group, resource_index)| {
                                        matrix.actions.iter().enumerate().map(move |(action_index, action)| (group, *resource_index, action_index, action))
                                    }).map(|(group, resource_index, action_index, action)| {
                                        let (Some(resource), Some(resource_arn)) = (matrix.resources.get(resource_index), resource_arns.get(group)) else { return html! {} };
                                        let verdict = matrix.cell(row, resource_index, action_index).unwrap_or(Verdict::ImplicitDeny);
                                        let is_changed = changed_cells.binary_search(&matrix.index(row, resource_index, action_index)).is_ok();
                                        let is_selected = selected == Some((row, resource_index, action_index));
                                        let column = group * matrix.actions.len() + action_index;
                                        let focusable = is_selected || (!selected_visible && row == 0 && column == 0);
                                        let label = format!("{}: {} on {}: {}{}", principal.label, action, resource.label,
                                            verdict.title(), if is_changed { " (changed)" } else { "" });
                                        html! {
                                            <td role="gridcell"
                                                class={classes!("cell", verdict.name(), is_changed.then_some("changed"), is_selected.then_some("selected"), (action_index == 0).then_some("group-start"))}
                                                data-testid="matrix-cell"
                                                data-principal={principal_arn.clone()}
                                                data-resource={resource_arn.clone()}
                                                data-action={action_names.get(action_index).cloned()}
                                                data-decision={verdict.name()}
                                                data-changed={is_changed.then_some("true")}
                                                data-row={row.to_string()}
                                                data-col={column.to_string()}
                                                aria-selected={is_selected.to_string()}
                                                aria-label={label.clone()}
                                                title={label}
                                                tabindex={if focusable { "0" } else { "-1" }}
                                            >
                                                <span aria-hidden="true" class="cell-icon">{ verdict.icon() }</span>
                                            </td>
                                        }
                                    }) }
                                </tr>
                            }}) }
                        </tbody>
                    </table>
                </div>
            }
        </Pane>
    }
}

/// Explains the matrix cell a click landed in (on the cell or its icon).
fn explain_clicked_cell(playground: &PlaygroundContext, event: &MouseEvent) {
    let Some(target) = event.target_dyn_into::<web_sys::Element>() else {
        return;
    };
    let Some(cell) = target.closest("[data-testid=\"matrix-cell\"]").ok().flatten() else {
        return;
    };
    let attribute = |name: &str| cell.get_attribute(name);
    let (Some(principal), Some(resource), Some(action)) = (
        attribute("data-principal"),
        attribute("data-resource"),
        attribute("data-action"),
    ) else {
        return;
    };
    playground.dispatch(Action::Explain(Subject::Cell(CellKey {
        principal,
        resource,
        action,
    })));
}
