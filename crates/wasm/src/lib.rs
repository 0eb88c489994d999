//! Thin wasm-bindgen facade for JavaScript users (documentation pages, Node): the policy engine without the UI.
//! No logic of its own: every function forwards to `policy` and returns its JSON as a string.
//!
//! Every function answers with a JSON string and never throws for a domain outcome:
//! - success: the AWS response JSON (the same members `playground` prints) with `"type": "ok"` first;
//! - refusal: `{"type": "invalid", "code", "message"}`, plus `"line"`, `"column"` and `"sourcePolicyId"` when a
//!   policy document is malformed. `code` is the AWS error code (`InvalidInput`, `MalformedPolicyDocument`, ...).
//!
//! ```js
//! const { simulateCustomPolicy, Engine } = require("./dist/node/playground_wasm.js");
//! const answer = JSON.parse(simulateCustomPolicy(JSON.stringify({ PolicyInputList: [doc], ActionNames: [a] })));
//! const engine = new Engine(JSON.stringify({ PolicyInputList: [doc], CallerArn: arn }));
//! engine.decide("secretsmanager:GetSecretValue", secretArn, "[]"); // "allowed" | "explicitDeny" | "implicitDeny"
//! ```

use policy::simulate::{self, SimulateError, Simulator};
use wasm_bindgen::prelude::*;

/// IAM's SimulateCustomPolicy: `request` is the request JSON (AWS members plus the playground's extra layers).
#[wasm_bindgen(js_name = simulateCustomPolicy)]
pub fn simulate_custom_policy(request: &str) -> String {
    simulate::tagged(simulate::simulate_custom_policy(request)).to_string()
}

/// A simulation request read and parsed once (`new Engine(requestJsonWithoutActions)`), then asked many
/// questions. A request that cannot be read gives an engine whose every answer is that refusal.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Engine {
    simulator: Result<Simulator, SimulateError>,
}

#[wasm_bindgen]
impl Engine {
    /// Reads `request` (SimulateCustomPolicy's request JSON; `ActionNames` may be left out).
    #[wasm_bindgen(constructor)]
    pub fn new(request: &str) -> Engine {
        Engine {
            simulator: Simulator::new(request),
        }
    }

    /// `{"type": "ok"}`, or the refusal of the request the engine was built from.
    pub fn status(&self) -> String {
        simulate::tagged(
            self.simulator
                .as_ref()
                .map(|_| serde_json::json!({}))
                .map_err(Clone::clone),
        )
        .to_string()
    }

    /// The decision for `action` on `resource`: `allowed`, `explicitDeny` or `implicitDeny`. `context` is a
    /// `ContextEntries` JSON list overriding the request's entries (`""` or `"[]"` for none). A refusal is
    /// returned as its tagged JSON (which starts with `{`).
    pub fn decide(&self, action: &str, resource: &str, context: &str) -> String {
        match self
            .simulator
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|simulator| simulator.decide_json(action, resource, context))
        {
            Ok(decision) => decision.as_str().to_owned(),
            Err(error) => error.to_json().to_string(),
        }
    }

    /// Many decisions: `cells` is `{"ActionNames": [...], "ResourceArns": [...]}` (every action on every
    /// resource, action-major) or a list of `{"ActionName", "ResourceArn"}`. Answers
    /// `{"type": "ok", "Decisions": [...]}` in that order.
    pub fn matrix(&self, cells: &str) -> String {
        match &self.simulator {
            Ok(simulator) => simulator.matrix_tagged_text(cells),
            Err(error) => error.to_json().to_string(),
        }
    }

    /// The full SimulateCustomPolicy response, with explanations, for `{"ActionNames", "ResourceArns"?,
    /// "ContextEntries"?}` asked of this engine's policies and caller.
    pub fn simulate(&self, questions: &str) -> String {
        let result = self
            .simulator
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|simulator| simulator.simulate_json(questions));
        simulate::tagged(result).to_string()
    }
}
