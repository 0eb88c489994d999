//! One principal's row of the access matrix. Its props are the row's decisions for the secrets on screen, so
//! an edit re-renders only the rows whose decisions, marks or selection changed.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::bool_text;
use crate::engine::{MatrixPrincipal, Verdict};

/// A secret on screen: its ARN (for `data-resource`) and its label.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownSecret {
    pub arn: AttrValue,
    pub label: String,
}

/// One cell of the row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowCell {
    pub verdict: Verdict,
    pub changed: bool,
    pub selected: bool,
    /// Whether the cell is the grid's tab stop.
    pub focusable: bool,
}

#[derive(Properties, PartialEq)]
pub struct MatrixRowProps {
    pub row: usize,
    pub principal: MatrixPrincipal,
    pub secrets: Rc<Vec<ShownSecret>>,
    pub actions: Rc<Vec<AttrValue>>,
    /// Secret-major: `cells[secret * actions + action]` for the secrets on screen.
    pub cells: Vec<RowCell>,
}

#[component(MatrixRow)]
pub fn matrix_row(props: &MatrixRowProps) -> Html {
    let principal = &props.principal;
    let principal_arn = AttrValue::from(principal.arn.clone());
    let actions = props.actions.len().max(1);
    let row = props.row;
    html! {
        <tr role="row">
            <th role="rowheader" class="principal-header" title={principal_arn.clone()}>
                <span class="principal-label">{ &principal.label }</span>
                <span class="principal-detail">{ &principal.detail }</span>
            </th>
            { for props.cells.iter().enumerate().map(|(column, cell)| {
                let group = column / actions;
                let action_index = column % actions;
                let (Some(secret), Some(action)) = (props.secrets.get(group), props.actions.get(action_index)) else {
                    return html! {};
                };
                let verdict = cell.verdict;
                let label = format!("{}: {} on {}: {}{}", principal.label, action, secret.label,
                    verdict.title(), if cell.changed { " (changed)" } else { "" });
                html! {
                    <td role="gridcell"
                        class={classes!("cell", verdict.name(), cell.changed.then_some("changed"), cell.selected.then_some("selected"), (action_index == 0).then_some("group-start"))}
                        data-testid="matrix-cell"
                        data-principal={principal_arn.clone()}
                        data-resource={secret.arn.clone()}
                        data-action={action.clone()}
                        data-decision={verdict.name()}
                        data-changed={cell.changed.then_some("true")}
                        data-row={row.to_string()}
                        data-col={column.to_string()}
                        aria-selected={bool_text(cell.selected)}
                        aria-label={label.clone()}
                        title={label}
                        tabindex={if cell.focusable { "0" } else { "-1" }}
                    >
                        <span aria-hidden="true" class="cell-icon">{ verdict.icon() }</span>
                    </td>
                }
            }) }
        </tr>
    }
}
