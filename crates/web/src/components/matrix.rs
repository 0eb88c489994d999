//! The live access matrix: every principal (instance role sessions, roles, other-account principals) against
//! every secret and action, decided by the engine and brought up to date on every change. Cells whose decision
//! changed with the last change are marked until the next one; a cell opens its explanation. The table is an
//! ARIA grid: arrow keys move between cells, Enter or Space explains the focused one. Rows are
//! [`MatrixRow`]s, rendered again only when their cells change.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::components::matrix_row::{MatrixRow, RowCell, ShownSecret};
use crate::components::pane::{pane, pane_message};
use crate::engine::{CellKey, Verdict};
use crate::mode::Panel;
use crate::state::{Action, PlaygroundContext, Subject};

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

/// The state, passed by the app (which renders on every change, so the matrix does too).
#[derive(Properties, PartialEq)]
pub struct AccessMatrixProps {
    pub playground: PlaygroundContext,
}

#[component(AccessMatrix)]
pub fn access_matrix(props: &AccessMatrixProps) -> Html {
    let playground = &props.playground;
    let page = use_state(|| 0_usize);

    let matrix = match playground.matrix.as_ref() {
        Ok(matrix) => matrix,
        Err(error) => {
            return pane_message(
                Panel::Matrix,
                "matrix-unavailable",
                format!("The access matrix is {error}").into(),
            )
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
    let changed_cells = Rc::clone(&playground.changed_cells);
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

    // What every row shares (cloning an `AttrValue` is a reference count).
    let shown_secrets: Rc<Vec<ShownSecret>> = Rc::new(
        shown
            .iter()
            .filter_map(|index| matrix.resources.get(*index))
            .map(|resource| ShownSecret {
                arn: AttrValue::from(resource.arn.clone()),
                label: resource.label.clone(),
            })
            .collect(),
    );
    let action_names: Rc<Vec<AttrValue>> = Rc::new(
        matrix
            .actions
            .iter()
            .map(|action| AttrValue::from(action.clone()))
            .collect(),
    );
    let selected_visible = selected.is_some_and(|(_, resource, _)| shown.contains(&resource));
    // The row's cells for the secrets on screen, as plain values, so that a row whose cells did not change is
    // not rendered again.
    let row_cells = |row: usize| -> Vec<RowCell> {
        shown
            .iter()
            .enumerate()
            .flat_map(|(group, resource_index)| {
                (0..matrix.actions.len()).map(move |action_index| (group, *resource_index, action_index))
            })
            .map(|(group, resource_index, action_index)| {
                let selected = selected == Some((row, resource_index, action_index));
                let column = group * matrix.actions.len() + action_index;
                RowCell {
                    verdict: matrix
                        .cell(row, resource_index, action_index)
                        .unwrap_or(Verdict::ImplicitDeny),
                    changed: changed_cells
                        .binary_search(&matrix.index(row, resource_index, action_index))
                        .is_ok(),
                    selected,
                    focusable: selected || (!selected_visible && row == 0 && column == 0),
                }
            })
            .collect()
    };
    // One click handler for the whole grid: the cell's data attributes say which cell it is.
    let onclick = {
        let playground = playground.clone();
        Callback::from(move |event: MouseEvent| explain_clicked_cell(&playground, &event))
    };
    let body = html! {
        <>
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
                            { for matrix.principals.iter().enumerate().map(|(row, principal)| html! {
                                <MatrixRow key={principal.arn.clone()} {row} principal={principal.clone()}
                                    secrets={Rc::clone(&shown_secrets)} actions={Rc::clone(&action_names)}
                                    cells={row_cells(row)} />
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </>
    };
    pane(Panel::Matrix, true, actions, body)
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
