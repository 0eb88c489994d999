//! The conformance corpus (`tests/conformance/*.json`): cases written from the AWS documentation, each a
//! SimulateCustomPolicy request and the decision the documentation says AWS reaches. [`check_case`] runs one
//! case through [`policy::simulate::simulate_custom_policy`] and describes every difference.
//!
//! A case is plain JSON so that a JavaScript runner can reuse it through the wasm facade:
//!
//! ```json
//! {"name": "...", "doc": "https://docs.aws.amazon.com/...", "note": "what the doc says",
//!  "confidence": "inferred" (optional),
//!  "request": { SimulateCustomPolicy request, one action and one resource },
//!  "expect": {"EvalDecision": "allowed" | "explicitDeny" | "implicitDeny",
//!             "MatchedStatements": [{"SourcePolicyId": "PolicyInputList.1", "Sid": "Read"}] (optional),
//!             "MissingContextValues": ["aws:PrincipalTag/team"] (optional)}}
//! ```
//!
//! `MatchedStatements` is compared as a multiset of `SourcePolicyId`s. A `Sid` is checked by locating the
//! `"Sid": "<sid>"` text in the source policy and requiring that a matched statement of that policy spans it
//! (`StartPosition` ≤ Sid ≤ `EndPosition`). `MissingContextValues` is compared as a set, ignoring case.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// One corpus file: its topic (the file stem) and its cases.
#[derive(Debug, Clone)]
pub struct CorpusFile {
    pub topic: String,
    pub cases: Vec<Value>,
}

/// The directory holding the corpus files.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("conformance")
}

/// Reads every `*.json` file of the corpus directory, sorted by name.
pub fn load_corpus() -> Result<Vec<CorpusFile>, String> {
    let dir = corpus_dir();
    let entries =
        std::fs::read_dir(&dir).map_err(|error| format!("cannot read `{}`: {error}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|extension| extension == "json"))
        .collect();
    paths.sort();
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let text = std::fs::read_to_string(&path)
            .map_err(|error| format!("cannot read `{}`: {error}", path.display()))?;
        let document: Value = serde_json::from_str(&text)
            .map_err(|error| format!("`{}` is not JSON: {error}", path.display()))?;
        let cases = document
            .get("cases")
            .and_then(Value::as_array)
            .cloned()
            .ok_or_else(|| format!("`{}` has no `cases` array", path.display()))?;
        let topic = path
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        files.push(CorpusFile { topic, cases });
    }
    Ok(files)
}

/// Runs `case` through SimulateCustomPolicy and compares the decision, the matched statements and the missing
/// context values with `expect`. `Err` carries a readable account of every difference.
pub fn check_case(case: &Value) -> Result<(), String> {
    let request = case.get("request").ok_or("the case has no `request`")?;
    let expect = case.get("expect").ok_or("the case has no `expect`")?;
    let request_text = serde_json::to_string(request).map_err(|error| error.to_string())?;
    let response = policy::simulate::simulate_custom_policy(&request_text)
        .map_err(|error| format!("simulate failed: {}: {}", error.code(), error.message()))?;
    let results = response
        .get("EvaluationResults")
        .and_then(Value::as_array)
        .ok_or_else(|| format!("the response has no `EvaluationResults`: {response}"))?;
    let [result] = results.as_slice() else {
        return Err(format!(
            "expected exactly one evaluation result, got {}",
            results.len()
        ));
    };

    let mut differences = Vec::new();
    let expected_decision = expect.get("EvalDecision").and_then(Value::as_str).unwrap_or("");
    let actual_decision = result
        .get("EvalDecision")
        .and_then(Value::as_str)
        .unwrap_or("<none>");
    if expected_decision != actual_decision {
        differences.push(format!(
            "EvalDecision: expected `{expected_decision}`, got `{actual_decision}`"
        ));
    }
    if let Some(expected) = expect.get("MatchedStatements").and_then(Value::as_array) {
        let actual = result
            .get("MatchedStatements")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        differences.extend(compare_matched(request, expected, &actual));
    }
    if let Some(expected) = expect.get("MissingContextValues").and_then(Value::as_array) {
        let actual = result
            .get("MissingContextValues")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut expected_keys: Vec<String> = expected
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_lowercase)
            .collect();
        let mut actual_keys: Vec<String> = actual
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_lowercase)
            .collect();
        expected_keys.sort();
        expected_keys.dedup();
        actual_keys.sort();
        actual_keys.dedup();
        if expected_keys != actual_keys {
            differences.push(format!(
                "MissingContextValues: expected {expected_keys:?}, got {actual_keys:?}"
            ));
        }
    }
    if differences.is_empty() {
        Ok(())
    } else {
        Err(format!("{}{}", differences.join("; "), engine_layers(result)))
    }
}

/// The engine's per-layer verdicts from the response's `Explanation`, for the failure message.
fn engine_layers(result: &Value) -> String {
    let Some(layers) = result.pointer("/Explanation/Layers").and_then(Value::as_array) else {
        return String::new();
    };
    let verdicts: Vec<String> = layers
        .iter()
        .filter_map(|layer| {
            let name = layer.get("Layer").and_then(Value::as_str)?;
            let verdict = layer.get("Verdict").and_then(Value::as_str)?;
            (verdict != "not present").then(|| format!("{name}: {verdict}"))
        })
        .collect();
    format!("\n    engine layers: {}", verdicts.join(", "))
}

/// The differences between the expected and the actual matched statements.
fn compare_matched(request: &Value, expected: &[Value], actual: &[Value]) -> Vec<String> {
    let source_id = |statement: &Value| {
        statement
            .get("SourcePolicyId")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let mut expected_ids: Vec<String> = expected.iter().map(source_id).collect();
    let mut actual_ids: Vec<String> = actual.iter().map(source_id).collect();
    expected_ids.sort();
    actual_ids.sort();
    let mut differences = Vec::new();
    if expected_ids != actual_ids {
        differences.push(format!(
            "MatchedStatements: expected {expected_ids:?}, got {actual_ids:?}"
        ));
        return differences;
    }
    for statement in expected {
        let Some(sid) = statement.get("Sid").and_then(Value::as_str) else {
            continue;
        };
        let id = source_id(statement);
        let Some(text) = policy_text(request, &id) else {
            differences.push(format!("MatchedStatements: the request has no policy `{id}`"));
            continue;
        };
        let Some(sid_at) = sid_position(text, sid) else {
            differences.push(format!(
                "MatchedStatements: policy `{id}` has no statement with Sid `{sid}`"
            ));
            continue;
        };
        let spans_sid = actual
            .iter()
            .filter(|matched| source_id(matched) == id)
            .any(|matched| {
                match (
                    position(matched.get("StartPosition")),
                    position(matched.get("EndPosition")),
                ) {
                    (Some(start), Some(end)) => start <= sid_at && sid_at <= end,
                    _ => false,
                }
            });
        if !spans_sid {
            let spans: Vec<String> = actual
                .iter()
                .filter(|matched| source_id(matched) == id)
                .map(|matched| {
                    format!(
                        "{:?}..{:?}",
                        position(matched.get("StartPosition")),
                        position(matched.get("EndPosition"))
                    )
                })
                .collect();
            differences.push(format!(
                "MatchedStatements: expected the statement with Sid `{sid}` of `{id}` (Sid at {sid_at:?}), got \
                 statements at {spans:?}"
            ));
        }
    }
    differences
}

/// The text of the request's policy with `SourcePolicyId` `id`.
fn policy_text<'a>(request: &'a Value, id: &str) -> Option<&'a str> {
    let nth = |member: &str, index: &str| {
        let index: usize = index.parse().ok()?;
        request
            .get(member)?
            .as_array()?
            .get(index.checked_sub(1)?)?
            .as_str()
    };
    let parts: Vec<&str> = id.split('.').collect();
    match parts.as_slice() {
        ["ResourcePolicy"] | ["SessionPolicyInput"] | ["VpcEndpointPolicyInput"] => request.get(id)?.as_str(),
        [member, index] => nth(member, index),
        [member, level, index] => {
            let level: usize = level.parse().ok()?;
            let index: usize = index.parse().ok()?;
            request
                .get(*member)?
                .as_array()?
                .get(level.checked_sub(1)?)?
                .as_array()?
                .get(index.checked_sub(1)?)?
                .as_str()
        }
        _ => None,
    }
}

/// (line, column), both 1-based, of the `"Sid"` member whose value is `sid`.
fn sid_position(text: &str, sid: &str) -> Option<(u64, u64)> {
    let needle = format!("\"{sid}\"");
    let mut search_from = 0;
    while let Some(found) = text.get(search_from..)?.find(&needle) {
        let value_at = search_from + found;
        let before = text.get(..value_at)?.trim_end();
        if let Some(before_colon) = before.strip_suffix(':') {
            let before_colon = before_colon.trim_end();
            if before_colon.ends_with("\"Sid\"") {
                let key_at = before_colon.len() - "\"Sid\"".len();
                return Some(line_column(text, key_at));
            }
        }
        search_from = value_at + needle.len();
    }
    None
}

fn line_column(text: &str, byte_offset: usize) -> (u64, u64) {
    let before = &text[..byte_offset];
    let line = before.matches('\n').count() as u64 + 1;
    let column = before.rsplit('\n').next().map_or(0, |tail| tail.chars().count()) as u64 + 1;
    (line, column)
}

fn position(value: Option<&Value>) -> Option<(u64, u64)> {
    let value = value?;
    Some((value.get("Line")?.as_u64()?, value.get("Column")?.as_u64()?))
}
