//! Runs the conformance corpus (`tests/conformance/*.json`, cases written from the AWS documentation) through
//! SimulateCustomPolicy and checks the corpus itself: size, documentation links, unique names.

use std::collections::BTreeSet;

use tests::conformance::{check_case, load_corpus};

#[test]
fn every_conformance_case_matches_the_documentation() {
    let corpus = load_corpus().expect("the corpus loads");
    let mut passed = 0;
    let mut failures = Vec::new();
    let mut per_topic = Vec::new();
    for file in &corpus {
        let mut topic_passed = 0;
        for case in &file.cases {
            let name = case
                .get("name")
                .and_then(|name| name.as_str())
                .unwrap_or("<unnamed>");
            let inferred = case.get("confidence").and_then(|c| c.as_str()) == Some("inferred");
            match check_case(case) {
                Ok(()) => {
                    passed += 1;
                    topic_passed += 1;
                }
                Err(diff) => {
                    let doc = case.get("doc").and_then(|doc| doc.as_str()).unwrap_or("");
                    let marker = if inferred { " [inferred]" } else { "" };
                    failures.push(format!(
                        "{}: {name}{marker}\n    {diff}\n    doc: {doc}",
                        file.topic
                    ));
                }
            }
        }
        per_topic.push(format!("{}: {topic_passed}/{}", file.topic, file.cases.len()));
    }
    println!("{}", per_topic.join("\n"));
    println!("{passed} passed, {} failed", failures.len());
    for failure in &failures {
        println!("FAILED {failure}");
    }
    assert!(
        failures.is_empty(),
        "{passed} passed, {} failed (see the output above)",
        failures.len()
    );
}

#[test]
fn the_corpus_is_large_documented_and_well_formed() {
    let corpus = load_corpus().expect("the corpus loads");
    let mut names = BTreeSet::new();
    let mut problems = Vec::new();
    let mut total = 0;
    for file in &corpus {
        for case in &file.cases {
            total += 1;
            let name = case.get("name").and_then(|name| name.as_str()).unwrap_or("");
            if name.is_empty() {
                problems.push(format!("{}: a case has no name", file.topic));
            }
            if !names.insert(format!("{}/{name}", file.topic)) {
                problems.push(format!("{}: duplicate case name `{name}`", file.topic));
            }
            let doc = case.get("doc").and_then(|doc| doc.as_str()).unwrap_or("");
            if !doc.starts_with("https://docs.aws.amazon.com/") {
                problems.push(format!(
                    "{}: `{name}` has no docs.aws.amazon.com link (`{doc}`)",
                    file.topic
                ));
            }
            if case
                .get("note")
                .and_then(|note| note.as_str())
                .is_none_or(str::is_empty)
            {
                problems.push(format!("{}: `{name}` has no note", file.topic));
            }
            if let Some(confidence) = case.get("confidence") {
                if confidence.as_str() != Some("inferred") {
                    problems.push(format!("{}: `{name}` has confidence {confidence}", file.topic));
                }
            }
            let decision = case
                .pointer("/expect/EvalDecision")
                .and_then(|decision| decision.as_str());
            if !matches!(decision, Some("allowed" | "explicitDeny" | "implicitDeny")) {
                problems.push(format!("{}: `{name}` expects no valid EvalDecision", file.topic));
            }
            let actions = case
                .pointer("/request/ActionNames")
                .and_then(|actions| actions.as_array());
            if actions.map(Vec::len) != Some(1) {
                problems.push(format!(
                    "{}: `{name}` must ask about exactly one action",
                    file.topic
                ));
            }
            let resources = case
                .pointer("/request/ResourceArns")
                .and_then(|resources| resources.as_array());
            if resources.is_some_and(|resources| resources.len() != 1) {
                problems.push(format!(
                    "{}: `{name}` must ask about at most one resource",
                    file.topic
                ));
            }
        }
    }
    assert!(problems.is_empty(), "corpus problems:\n{}", problems.join("\n"));
    assert!(
        total >= 300,
        "the corpus has {total} cases; it must have at least 300"
    );
}
