// The two test corpora again, through the wasm facade under Node (`cargo xtask test` runs this with
// PLAYGROUND_NODE=dist/node): every conformance case through simulateCustomPolicy, and every built-in
// scenario's script through Playground, compared with the native transcript snapshots byte for byte.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const engine = require(resolve(process.env.PLAYGROUND_NODE ?? join(root, "dist", "node"), "playground_wasm.js"));

const sortedLower = (values) => [...new Set((values ?? []).map((value) => String(value).toLowerCase()))].sort();

test("the conformance corpus passes through simulateCustomPolicy", () => {
  const folder = join(root, "tests", "conformance");
  const failures = [];
  let count = 0;
  for (const file of readdirSync(folder).filter((name) => name.endsWith(".json")).sort()) {
    for (const testCase of JSON.parse(readFileSync(join(folder, file), "utf8")).cases) {
      count += 1;
      const answer = JSON.parse(engine.simulateCustomPolicy(JSON.stringify(testCase.request)));
      if (answer.type !== "ok") {
        failures.push(`${file} / ${testCase.name}: ${answer.code}: ${answer.message}`);
        continue;
      }
      const [result] = answer.EvaluationResults;
      const expect = testCase.expect;
      if (result.EvalDecision !== expect.EvalDecision) {
        failures.push(`${file} / ${testCase.name}: expected ${expect.EvalDecision}, got ${result.EvalDecision}`);
      }
      if (expect.MatchedStatements) {
        const ids = (statements) => (statements ?? []).map((statement) => statement.SourcePolicyId).sort();
        assert.deepEqual(ids(result.MatchedStatements), ids(expect.MatchedStatements), `${file} / ${testCase.name}`);
      }
      if (expect.MissingContextValues) {
        assert.deepEqual(
          sortedLower(result.MissingContextValues),
          sortedLower(expect.MissingContextValues),
          `${file} / ${testCase.name}`,
        );
      }
    }
  }
  assert.ok(count >= 300, `only ${count} cases`);
  assert.deepEqual(failures, []);
  console.log(`conformance through wasm: ${count} passed, 0 failed`);
});

test("every built-in scenario's script gives the native transcript", () => {
  const scenarios = JSON.parse(engine.Playground.scenarios()).scenarios;
  assert.ok(scenarios.length >= 15);
  for (const { name } of scenarios) {
    const playground = new engine.Playground(name);
    const answer = JSON.parse(playground.script(JSON.parse(playground.exportScenario()).scenario.script ?? ""));
    assert.equal(answer.type, "ok", name);
    assert.equal(answer.error, undefined, name);
    const transcript = answer.steps
      .map(({ command, caller, exitCode, stdout, stderr }) => JSON.stringify({ command, caller, exitCode, stdout, stderr }) + "\n")
      .join("");
    // expect-test writes no file for an empty snapshot (a scenario without a script).
    const snapshot = join(root, "tests", "scenarios", `${name}.transcript.jsonl`);
    const expected = existsSync(snapshot) ? readFileSync(snapshot, "utf8") : "";
    assert.equal(transcript, expected, `${name}: the wasm transcript differs from the native snapshot`);
    playground.free();
  }
});

test("answers are tagged and bad input never throws", () => {
  assert.equal(JSON.parse(engine.simulateCustomPolicy("{not json")).type, "invalid");
  assert.equal(JSON.parse(engine.validatePolicy("{}", "NOT_A_TYPE")).type, "invalid");
  const playground = new engine.Playground("no-such-scenario");
  assert.equal(JSON.parse(playground.status()).type, "invalid");
  assert.equal(JSON.parse(playground.run("", "aws sts get-caller-identity")).type, "invalid");
});
