// Node benchmark of the wasm facade: the canonical GetSecretValue decision (ns/decision), the 10,000-cell access
// matrix (25 principals x 50 secrets x 8 actions, ms), and one SimulateCustomPolicy JSON round trip (us).
// The scenario is the native benchmark's (crates/policy/benches/canonical.json and the same matrix generator), so
// the figures compare with `cargo bench -p policy --bench engine`.
//
// Usage: node crates/wasm/bench/bench.mjs [DIR]   (DIR holds the `wasm-bindgen --target nodejs` output;
// default $PLAYGROUND_NODE, as `cargo xtask bench` sets it, else dist/node at the repository root)

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../../..");
const directory = resolve(process.argv[2] ?? process.env.PLAYGROUND_NODE ?? resolve(root, "dist/node"));
const require = createRequire(import.meta.url);
const { simulateCustomPolicy, Engine } = require(resolve(directory, "playground_wasm.js"));

const canonicalText = readFileSync(resolve(root, "crates/policy/benches/canonical.json"), "utf8");
const canonical = JSON.parse(canonicalText);
const secret = canonical.ResourceArns[0];

function check(answer, expected, what) {
  if (answer !== expected) {
    throw new Error(`${what}: expected ${expected}, got ${answer}`);
  }
}

/// Median of `rounds` timings of `body` (which runs `iterations` times), in nanoseconds per iteration.
function measure(rounds, iterations, body) {
  const timings = [];
  for (let round = 0; round < rounds; round += 1) {
    const start = process.hrtime.bigint();
    for (let iteration = 0; iteration < iterations; iteration += 1) {
      body();
    }
    timings.push(Number(process.hrtime.bigint() - start) / iterations);
  }
  timings.sort((a, b) => a - b);
  return timings[Math.floor(timings.length / 2)];
}

// The canonical decision, through a stateful engine: policies parsed once.
const engine = new Engine(canonicalText);
check(engine.status(), '{"type":"ok"}', "engine status");
check(engine.decide("secretsmanager:GetSecretValue", secret, ""), "allowed", "canonical decision");
measure(3, 20000, () => engine.decide("secretsmanager:GetSecretValue", secret, ""));
const decisionNs = measure(15, 20000, () => engine.decide("secretsmanager:GetSecretValue", secret, ""));

// The matrix: 25 service roles, 50 secrets, 8 actions, as the native benchmark builds it.
const actions = [
  "secretsmanager:GetSecretValue",
  "secretsmanager:DescribeSecret",
  "secretsmanager:PutSecretValue",
  "secretsmanager:UpdateSecret",
  "secretsmanager:DeleteSecret",
  "secretsmanager:RotateSecret",
  "secretsmanager:GetResourcePolicy",
  "secretsmanager:ListSecretVersionIds",
];
const services = Array.from({ length: 25 }, (_, index) => `service-${String(index).padStart(2, "0")}`);
const secrets = Array.from({ length: 50 }, (_, index) => {
  const service = services[index % services.length];
  const number = String(index).padStart(2, "0");
  return `arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/${service}/secret-${number}-AbCdEf`;
});
const engines = services.map(
  (service) =>
    new Engine(
      JSON.stringify({
        PolicyInputList: [
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Action: ["secretsmanager:GetSecretValue", "secretsmanager:Describe*"],
                Resource: `arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/${service}/*`,
              },
              {
                Effect: "Deny",
                Action: "secretsmanager:DeleteSecret",
                Resource: "*",
                Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } },
              },
            ],
          }),
        ],
        ResourcePolicy: canonical.ResourcePolicy,
        CallerArn: `arn:aws:sts::111122223333:assumed-role/${service}-role/i-0123456789abcdef0`,
        ContextEntries: [
          { ContextKeyName: "aws:SourceVpce", ContextKeyValues: ["vpce-0a1b2c3d"], ContextKeyType: "string" },
        ],
      }),
    ),
);
const cells = JSON.stringify({ ActionNames: actions, ResourceArns: secrets });
let allowed = 0;
for (const matrixEngine of engines) {
  const answer = JSON.parse(matrixEngine.matrix(cells));
  check(answer.type, "ok", "matrix answer");
  check(answer.Decisions.length, 400, "cells per principal");
  allowed += answer.Decisions.filter((decision) => decision === "allowed").length;
}
// Warm up as for the single decision (and as criterion does natively) so that the rounds measured run the
// optimising tier's code, not V8's baseline compilation of the functions only the matrix uses.
const matrixRound = () => {
  for (const matrixEngine of engines) {
    matrixEngine.matrix(cells);
  }
};
measure(5, 1, matrixRound);
const matrixNs = measure(15, 1, matrixRound);

// One full SimulateCustomPolicy round trip: parse the request and policies, evaluate, explain, serialise.
check(JSON.parse(simulateCustomPolicy(canonicalText)).EvaluationResults[0].EvalDecision, "allowed", "simulate");
const simulateNs = measure(9, 200, () => simulateCustomPolicy(canonicalText));

console.log(`wasm module: ${directory}`);
console.log(`canonical decision (Engine.decide):        ${decisionNs.toFixed(0)} ns/decision`);
console.log(`10,000-cell matrix (25 x Engine.matrix):   ${(matrixNs / 1e6).toFixed(2)} ms (${(matrixNs / 10000).toFixed(0)} ns/cell, ${allowed} allowed)`);
console.log(`SimulateCustomPolicy JSON round trip:      ${(simulateNs / 1000).toFixed(1)} us`);
