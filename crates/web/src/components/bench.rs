//! `?bench=1`: measures the time from navigation to the first interactive render, then the median time of
//! an edit in the `large` scenario (dispatch → engine re-evaluation → re-render), and prints both as JSON
//! into `data-testid="bench-results"`. The edit is what typing does: a valid change of a role's identity
//! policy, applied to the account, after which the matrix decides again every cell that policy can change
//! (the role's row: 120 secrets × 8 actions) and the page re-renders. Beside them: where an edit's time goes, and
//! what a terminal command costs in the same account through the simulator module.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::state::{Action, PlaygroundContext};

/// Edits measured (after two warm-up edits).
const SAMPLES: usize = 31;
const WARM_UP: usize = 2;
const BENCH_SCENARIO: &str = "large";

#[derive(Debug, Default)]
struct Run {
    interactive_ms: Option<f64>,
    loaded_large: bool,
    base_text: Option<String>,
    last_revision: u64,
    started_at: f64,
    samples: Vec<f64>,
    result: Option<String>,
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or(0.0, |performance| performance.now())
}

/// The state, passed by the app (which renders on every change, so the bench does too).
#[derive(Properties, PartialEq)]
pub struct BenchProps {
    pub playground: PlaygroundContext,
}

#[component(Bench)]
pub fn bench(props: &BenchProps) -> Html {
    let playground = props.playground.clone();
    let run = use_mut_ref(Run::default);
    let result = use_state(|| None::<String>);
    {
        let run = Rc::clone(&run);
        let result = result.clone();
        let playground = playground.clone();
        use_effect(move || step(&run, &result, &playground));
    }
    html! {
        <section class="bench" aria-label="Benchmark">
            <pre data-testid="bench-results" data-state={if result.is_some() { "done" } else { "running" }}>
                { (*result).clone().unwrap_or_else(|| "running…".to_owned()) }
            </pre>
        </section>
    }
}

fn step(run: &Rc<RefCell<Run>>, result: &UseStateHandle<Option<String>>, playground: &PlaygroundContext) {
    let mut run = run.borrow_mut();
    if run.result.is_some() {
        return;
    }
    if run.interactive_ms.is_none() {
        run.interactive_ms = Some(now());
    }
    let finish = |run: &mut Run, edit: Option<(f64, f64)>, note: &str| {
        // Where an edit's time goes, each part timed alone: the whole matrix (what a load or an SCP edit
        // costs), the refresh an identity-policy edit costs, and a copy of the account.
        let timed = |work: &dyn Fn()| {
            let mut samples: Vec<f64> = (0..5)
                .map(|_| {
                    let started = now();
                    work();
                    now() - started
                })
                .collect();
            samples.sort_by(f64::total_cmp);
            samples.get(2).copied().unwrap_or(0.0)
        };
        let account = std::rc::Rc::clone(&playground.account);
        let matrix_ms = timed(&|| drop(crate::engine::matrix(&account)));
        let clone_ms = timed(&|| drop((*account).clone()));
        let refresh_ms = match (playground.matrix.as_ref(), playground.selected_policy.as_ref()) {
            (Ok(matrix), Some(policy)) => Some(timed(&|| {
                drop(crate::engine::refresh_matrix(matrix, &account, policy))
            })),
            _ => None,
        };
        // A terminal command's round trip through the simulator module (the account exported, imported there,
        // the command run, the account exported back and imported here), on a copy; `null` while it loads.
        let command_ms = crate::simulator::is_loaded().then(|| {
            timed(&|| {
                let mut copy = (*account).clone();
                let mut shell = account::terminal::Shell::default();
                drop(crate::simulator::run_line(
                    &mut copy,
                    &mut shell,
                    "aws sts get-caller-identity",
                ));
            })
        });
        let cells = crate::engine::matrix(&account)
            .map(|matrix| matrix.cells.len())
            .unwrap_or(0);
        let json = serde_json::json!({
            "engine_matrix_ms": matrix_ms,
            "engine_refresh_ms": refresh_ms,
            "matrix_cells": cells,
            "account_clone_ms": clone_ms,
            "simulator_command_ms": command_ms,
            "interactive_ms": run.interactive_ms,
            "edit_median_ms": edit.map(|(median, _)| median),
            "edit_p90_ms": edit.map(|(_, p90)| p90),
            "edit_samples": run.samples.len().saturating_sub(WARM_UP),
            "scenario": BENCH_SCENARIO,
            "note": note,
        });
        let text = serde_json::to_string_pretty(&json).unwrap_or_default();
        run.result = Some(text.clone());
        result.set(Some(text));
    };
    if !run.loaded_large {
        run.loaded_large = true;
        run.last_revision = playground.revision;
        playground.dispatch(Action::LoadScenario(BENCH_SCENARIO.to_owned()));
        return;
    }
    let Some(policy) = playground.selected_policy.clone() else {
        finish(&mut run, None, "no policy to edit: the scenario did not load");
        return;
    };
    if run.base_text.is_none() {
        run.base_text = playground.policy_text(&policy);
        if run.base_text.is_none() {
            finish(&mut run, None, "the selected policy has no text");
            return;
        }
    } else if playground.revision != run.last_revision {
        let elapsed = now() - run.started_at;
        run.samples.push(elapsed);
    } else {
        return;
    }
    if run.samples.len() >= SAMPLES + WARM_UP {
        let mut measured: Vec<f64> = run.samples.iter().skip(WARM_UP).copied().collect();
        measured.sort_by(f64::total_cmp);
        let median = measured.get(measured.len() / 2).copied().unwrap_or(0.0);
        let p90 = measured.get(measured.len() * 9 / 10).copied().unwrap_or(0.0);
        finish(
            &mut run,
            Some((median, p90)),
            "edit = dispatch of a valid policy edit until the re-rendered tree's effects run",
        );
        return;
    }
    let base = run.base_text.clone().unwrap_or_default();
    // Alternate between the policy and the policy with a trailing space: both valid, so every edit is applied
    // to the account and the cells the policy can change (its role's row) are decided again.
    let text = if run.samples.len() % 2 == 0 {
        format!("{base} ")
    } else {
        base
    };
    run.last_revision = playground.revision;
    run.started_at = now();
    drop(run);
    playground.dispatch(Action::EditPolicy { policy, text });
}
