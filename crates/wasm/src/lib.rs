//! Thin wasm-bindgen facade for JavaScript users (documentation pages, Node): the policy engine and the
//! simulated account ([`Playground`]) without the UI.
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

mod playground;

pub use playground::Playground;
use policy::simulate::{self, SimulateError, Simulator};
use wasm_bindgen::prelude::*;

/// IAM's SimulateCustomPolicy: `request` is the request JSON (AWS members plus the playground's extra layers).
#[wasm_bindgen(js_name = simulateCustomPolicy)]
pub fn simulate_custom_policy(request: &str) -> String {
    simulate::tagged(simulate::simulate_custom_policy(request)).to_string()
}

/// Access Analyzer's ValidatePolicy: `{"type": "ok", "findings": [...]}` for `document` checked as
/// `policy_type` (`IDENTITY_POLICY`, `RESOURCE_POLICY`, `SERVICE_CONTROL_POLICY`, `RESOURCE_CONTROL_POLICY`,
/// `TRUST_POLICY`), or `{"type": "invalid", "code": "ValidationException", ...}` for an unknown type.
#[wasm_bindgen(js_name = validatePolicy)]
pub fn validate_policy(document: &str, policy_type: &str) -> String {
    match policy::validate::validate_policy_json(document, policy_type) {
        Ok(response) => simulate::tagged(Ok(response)).to_string(),
        Err(error) => simulate::tagged_error(error.code(), &error.to_string()).to_string(),
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}"#;

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn simulate_answers_are_tagged_aws_responses() {
        let answer = parse(&simulate_custom_policy(
            &json!({"PolicyInputList": [POLICY], "ActionNames": ["secretsmanager:GetSecretValue"]})
                .to_string(),
        ));
        assert_eq!(answer["type"], "ok");
        assert_eq!(answer["EvaluationResults"][0]["EvalDecision"], "allowed");
        let refusal = parse(&simulate_custom_policy(
            &json!({"PolicyInputList": ["{"], "ActionNames": ["s3:GetObject"]}).to_string(),
        ));
        assert_eq!(
            (
                refusal["type"].as_str(),
                refusal["code"].as_str(),
                refusal["line"].as_u64()
            ),
            (Some("invalid"), Some("MalformedPolicyDocument"), Some(1))
        );
    }

    #[test]
    fn validate_answers_are_tagged() {
        let answer = parse(&validate_policy(POLICY, "IDENTITY_POLICY"));
        assert_eq!(answer["type"], "ok");
        assert!(answer["findings"].is_array());
        let refusal = parse(&validate_policy(POLICY, "GROUP_POLICY"));
        assert_eq!(
            (refusal["type"].as_str(), refusal["code"].as_str()),
            (Some("invalid"), Some("ValidationException"))
        );
    }

    #[test]
    fn the_engine_decides_and_reports_a_bad_request_on_every_call() {
        let engine = Engine::new(
            &json!({"PolicyInputList": [POLICY], "CallerArn": "arn:aws:iam::111122223333:user/alice"})
                .to_string(),
        );
        assert_eq!(engine.status(), r#"{"type":"ok"}"#);
        assert_eq!(engine.decide("secretsmanager:GetSecretValue", "*", ""), "allowed");
        assert_eq!(engine.decide("s3:GetObject", "*", "[]"), "implicitDeny");
        assert_eq!(
            engine.matrix(r#"{"ActionNames": ["secretsmanager:GetSecretValue", "s3:GetObject"]}"#),
            r#"{"type":"ok","Decisions":["allowed","implicitDeny"]}"#
        );
        let simulated = parse(&engine.simulate(r#"{"ActionNames": ["secretsmanager:GetSecretValue"]}"#));
        assert_eq!(simulated["EvaluationResults"][0]["EvalDecision"], "allowed");
        assert_eq!(
            parse(&engine.decide("s3:GetObject", "bucket", ""))["code"],
            "InvalidInput"
        );

        let broken = Engine::new(r#"{"PolicyInputList": ["{"]}"#);
        for answer in [
            broken.status(),
            broken.decide("s3:GetObject", "*", ""),
            broken.matrix("[]"),
            broken.simulate("{}"),
        ] {
            assert_eq!(parse(&answer)["code"], "MalformedPolicyDocument");
        }
    }
}
