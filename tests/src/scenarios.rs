//! The scenario corpus: every built-in scenario's own script run through the terminal, with its transcript
//! (one `{"command", "caller", "exitCode", "stdout", "stderr"}` object per command, as `playground run
//! --format jsonl` prints it) and its CloudTrail export kept as snapshots under `tests/scenarios/`.

use account::terminal::run_script;
use account::Account;
use serde_json::{json, Value};

/// What one scenario run produced, as text ready to compare with the snapshots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioRun {
    pub transcript: String,
    pub trail: String,
}

/// Runs the built-in scenario `name` with its own script. `Err` says why it could not run.
pub fn run_builtin(name: &str) -> Result<ScenarioRun, String> {
    let scenario = account::builtin(name).ok_or_else(|| format!("no built-in scenario `{name}`"))?;
    let mut world =
        Account::from_scenario(&scenario).map_err(|error| format!("`{name}` does not load: {error}"))?;
    let script = scenario.script.clone().unwrap_or_default();
    let run = run_script(&mut world, &script);
    if let Some(error) = run.error {
        return Err(format!("`{name}`: {error}"));
    }
    let mut transcript = String::new();
    for step in &run.steps {
        let object = json!({
            "command": step.command,
            "caller": step.caller,
            "exitCode": step.exit_code,
            "stdout": step.stdout,
            "stderr": step.stderr,
        });
        transcript.push_str(&object.to_string());
        transcript.push('\n');
    }
    let trail = serde_json::to_string_pretty(&world.export_trail()).unwrap_or_default() + "\n";
    Ok(ScenarioRun { transcript, trail })
}

/// The transcript's steps as JSON values, for assertions on single commands.
pub fn steps(run: &ScenarioRun) -> Vec<Value> {
    run.transcript
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect()
}
