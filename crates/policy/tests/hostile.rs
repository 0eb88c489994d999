//! Hostile and malformed inputs for the JSON reader, the policy parser and the formatter: each must end in an
//! error (or a parse, where the input is valid) without panicking, within a generous time bound.

use std::time::{Duration, Instant};

use policy::format::format_policy_text;
use policy::json::{parse_json, JsonErrorKind, MAX_DEPTH};
use policy::{parse_policy, ParseErrorKind, PolicyKind};

/// Generous even for unoptimised builds on a shared machine.
const BOUND: Duration = Duration::from_secs(2);

/// Runs `work` once and checks it finished within [`BOUND`].
fn timed<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let result = work();
    let elapsed = started.elapsed();
    assert!(elapsed < BOUND, "{name} took {elapsed:?}");
    result
}

/// Parses `text` as every kind, formats it and reads it as JSON (up to 1 MB), timing each call; returns how many kinds
/// accepted it.
fn everything(name: &str, text: &str) -> usize {
    let accepted = PolicyKind::ALL
        .iter()
        .filter(|kind| timed(&format!("{name} as {kind:?}"), || parse_policy(text, **kind)).is_ok())
        .count();
    let _ = timed(&format!("{name} formatted"), || format_policy_text(text));
    // The JSON reader on its own is reached through the two calls above, which refuse multi-megabyte texts
    // first; it is timed alone on the largest text the formatter takes.
    if text.len() <= policy::format::MAX_FORMAT_LENGTH {
        let _ = timed(&format!("{name} as JSON"), || parse_json(text));
    }
    accepted
}

const VALID: &str = r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ReadSecret",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111122223333:role/app"},
            "Action": ["secretsmanager:GetSecretValue", "kms:Decrypt"],
            "Resource": "*",
            "Condition": {"StringEquals": {"aws:PrincipalTag/team": "é\u00e9\ud83d\ude00"}, "NumericLessThan": {"aws:MultiFactorAuthAge": 3600}}
        }
    ]
}"#;

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for (open, close) in [("[", "]"), ("{\"a\":", "}"), ("[{\"a\":", "}]")] {
        let text = open.repeat(100_000) + "1" + &close.repeat(100_000);
        assert_eq!(everything("deep nesting", &text), 0);
        let error = parse_json(&text).unwrap_err();
        assert_eq!(error.kind, JsonErrorKind::TooDeep { limit: MAX_DEPTH });
        let unclosed = open.repeat(100_000);
        assert_eq!(everything("deep unclosed nesting", &unclosed), 0);
    }
    // Deep nesting inside an otherwise valid policy, under a kind whose limit lets it through.
    let nested = "[".repeat(1_000) + &"]".repeat(1_000);
    let text = format!(
        r#"{{"Statement": {{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {{"StringEquals": {{"aws:a": {nested}}}}}}}}}"#
    );
    let error = timed("nested condition value", || {
        parse_policy(&text, PolicyKind::KeyPolicy).unwrap_err()
    });
    assert_eq!(
        error.kind,
        ParseErrorKind::Json(JsonErrorKind::TooDeep { limit: MAX_DEPTH })
    );
    assert_eq!(
        error.span.start.column as usize,
        text.find('[').unwrap() + MAX_DEPTH - 4 + 1
    );
}

#[test]
fn huge_strings_and_documents() {
    let huge_string = format!(
        "{{\"Id\": \"{}\", \"Statement\": []}}",
        "a".repeat(10 * 1024 * 1024)
    );
    assert_eq!(everything("10 MB string", &huge_string), 0);
    let error = parse_policy(&huge_string, PolicyKind::KeyPolicy).unwrap_err();
    assert!(matches!(
        error.kind,
        ParseErrorKind::DocumentTooLong { limit: 131_072, .. }
    ));
    let error = parse_policy(&huge_string, PolicyKind::ServiceControl).unwrap_err();
    assert!(error.kind.is_size_limit());
    assert!(timed("10 MB string as JSON", || parse_json(&huge_string)).is_ok());
    let refused = timed("10 MB string formatted", || format_policy_text(&huge_string)).unwrap_err();
    assert!(matches!(refused.kind, ParseErrorKind::DocumentTooLong { .. }));
    let near_limit = format!("{{\"Id\": \"{}\", \"Statement\": []}}", "a".repeat(999_000));
    let formatted = timed("1 MB string formatted", || format_policy_text(&near_limit)).unwrap();
    // Two line breaks and two indents inside, a line break before the closing brace and one after it.
    assert_eq!(formatted.len(), near_limit.len() + 11);

    let statement = r#"{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"},"#;
    let count = 10 * 1024 * 1024 / statement.len();
    let many = format!(
        "{{\"Version\": \"2012-10-17\", \"Statement\": [{}{}]}}",
        statement.repeat(count),
        &statement[..statement.len() - 1]
    );
    assert!(many.len() > 10 * 1024 * 1024);
    assert_eq!(everything("10 MB of statements", &many), 0);
    assert!(parse_policy(&many, PolicyKind::VpcEndpoint)
        .unwrap_err()
        .kind
        .is_size_limit());
    let error = format_policy_text(&many).unwrap_err();
    assert!(matches!(
        error.kind,
        ParseErrorKind::DocumentTooLong { limit: 1_000_000, .. }
    ));
    // The JSON reader itself on 1 MB of statements (the largest text the formatter takes).
    let megabyte = format!(
        "{{\"Statement\": [{}{}]}}",
        statement.repeat(1_000_000 / statement.len() - 2),
        &statement[..statement.len() - 1]
    );
    assert!(megabyte.len() < 1_000_000);
    assert!(timed("1 MB of statements as JSON", || parse_json(&megabyte)).is_ok());
    assert!(timed("1 MB of statements formatted", || format_policy_text(&megabyte)).is_ok());

    // Many keys (about 1 MB, the most the formatter takes): distinct ones are fine, repeated ones stop at the
    // second.
    let distinct: Vec<String> = (0..50_000)
        .map(|index| format!("\"k{index}\": {index}"))
        .collect();
    let distinct = format!("{{{}}}", distinct.join(", "));
    assert!(timed("50k distinct keys", || parse_json(&distinct)).is_ok());
    let repeated = format!("{{{}}}", vec!["\"Effect\": 1"; 50_000].join(", "));
    let error = timed("50k repeated keys", || parse_json(&repeated)).unwrap_err();
    assert_eq!(
        error.kind,
        JsonErrorKind::DuplicateKey {
            key: "Effect".to_owned()
        }
    );
    assert_eq!(everything("50k repeated keys", &repeated), 0);
}

#[test]
fn bad_escapes_and_surrogates() {
    let cases: [(&str, JsonErrorKind); 8] = [
        (r#""\ud800""#, JsonErrorKind::LoneSurrogate { code: 0xd800 }),
        (r#""\udfff""#, JsonErrorKind::LoneSurrogate { code: 0xdfff }),
        (r#""\ud800\udbff""#, JsonErrorKind::LoneSurrogate { code: 0xd800 }),
        (r#""\ud800\n""#, JsonErrorKind::LoneSurrogate { code: 0xd800 }),
        (
            r#""\u12""#,
            JsonErrorKind::InvalidEscape {
                escape: "\\u12".to_owned(),
            },
        ),
        (
            r#""\u12"#,
            JsonErrorKind::InvalidEscape {
                escape: "\\u12".to_owned(),
            },
        ),
        (
            r#""\x41""#,
            JsonErrorKind::InvalidEscape {
                escape: "\\x".to_owned(),
            },
        ),
        (
            r#""\U0041""#,
            JsonErrorKind::InvalidEscape {
                escape: "\\U".to_owned(),
            },
        ),
    ];
    for (string, expected) in cases {
        let text = format!("{{\"Statement\": [], \"Id\": {string}}}");
        assert_eq!(everything(string, &text), 0);
        let error = parse_policy(&text, PolicyKind::IdentityManaged).unwrap_err();
        assert_eq!(error.kind, ParseErrorKind::Json(expected), "{string}");
        assert_eq!(error.span.start.column, 26, "{string}");
        assert_eq!(error.message(), "Syntax errors in policy.");
    }
    // An escape at the very end, a backslash before a multi-byte character.
    for text in [
        "\"\\",
        "\"\\é\"",
        "{\"a\\",
        "\"\\u",
        "\"\\ud83d\\u",
        "\"\\ud83d\\",
    ] {
        assert_eq!(everything(text, text), 0);
    }
    // Escaped NUL and surrogate pairs are fine JSON; the character rule looks at the raw text only.
    let text = "{\"Id\": \"\\u0000\\ud83d\\ude00\", \"Statement\": []}";
    assert_eq!(
        parse_policy(text, PolicyKind::IdentityManaged)
            .unwrap()
            .id
            .unwrap()
            .value,
        "\u{0}😀"
    );
}

#[test]
fn raw_control_characters_nul_and_bom() {
    for raw in [
        "\u{0}", "\u{1}", "\u{8}", "\u{b}", "\u{c}", "\u{1f}", "\u{7f}", "\u{85}", "\u{2028}", "\u{feff}",
    ] {
        for text in [
            format!("{raw}{{\"Statement\": []}}"),
            format!("{{\"Statement\": []}}{raw}"),
            format!("{{\"Id\": \"a{raw}b\", \"Statement\": []}}"),
            format!("{{\"Statement\"{raw}: []}}"),
        ] {
            let accepted = everything("control character", &text);
            // U+007F and U+0085 are inside U+0020–U+00FF and legal inside a JSON string.
            // Every kind but ResourceControl (which needs a Version) accepts a policy without statements.
            let legal_in_string = text.contains("a\u{7f}b") || text.contains("a\u{85}b");
            assert_eq!(
                accepted,
                if legal_in_string {
                    PolicyKind::ALL.len() - 1
                } else {
                    0
                },
                "{text:?}"
            );
        }
    }
    let error = parse_policy("\u{feff}{\"Statement\": []}", PolicyKind::IdentityManaged).unwrap_err();
    assert_eq!(
        error.kind,
        ParseErrorKind::InvalidCharacter {
            character: '\u{feff}'
        }
    );
    let error = parse_policy(
        "{\"Statement\": [],\n \"Id\": \"\u{0}\"}",
        PolicyKind::IdentityManaged,
    )
    .unwrap_err();
    assert_eq!(
        error.kind,
        ParseErrorKind::InvalidCharacter { character: '\u{0}' }
    );
    assert_eq!((error.span.start.line, error.span.start.column), (2, 9));
    // Without the character rule (the formatter), a raw control character inside a string is a JSON error.
    let error = format_policy_text("{\"Id\": \"a\u{1}b\"}").unwrap_err();
    assert_eq!(
        error.kind,
        ParseErrorKind::Json(JsonErrorKind::ControlCharacter { code: 1 })
    );
}

#[test]
fn numbers_and_literals() {
    let long_digits = "9".repeat(10_000);
    let text = format!(
        r#"{{"Statement": {{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {{"NumericLessThan": {{"s3:max-keys": -{long_digits}.{long_digits}e-{long_digits}}}}}}}}}"#
    );
    let policy = timed("30k-digit number", || parse_policy(&text, PolicyKind::KeyPolicy)).unwrap();
    assert_eq!(
        policy.statements[0].conditions[0].values[0].value.len(),
        3 * 10_000 + 4
    );
    // Only the key policy: the others need no Principal, forbid Resource, need a Version or are smaller.
    assert_eq!(everything("30k-digit number", &text), 1);

    let bad = [
        "01",
        "-",
        "1.",
        ".5",
        "1e",
        "1e+",
        "--1",
        "+1",
        "0x10",
        "1.2.3",
        "NaN",
        "Infinity",
        "-Infinity",
        "1_000",
        "١",
    ];
    for number in bad {
        let text = format!("{{\"Statement\": [], \"Id\": {number}}}");
        assert_eq!(everything(number, &text), 0);
        assert!(parse_json(&format!("[{number}]")).is_err(), "{number}");
    }
    for literal in ["tru", "nul", "falsey", "True", "NULL", "t", "truefalse"] {
        assert!(parse_json(literal).is_err(), "{literal}");
        assert_eq!(everything(literal, &format!("{{\"Statement\": {literal}}}")), 0);
    }
    let huge_exponent = parse_json("[1e999999999, -0, 0.000]").unwrap();
    assert!(matches!(huge_exponent.kind, policy::json::JsonKind::Array(ref items) if items.len() == 3));
}

#[test]
fn trailing_garbage_and_structure() {
    for text in [
        "{\"Statement\": []} x",
        "{\"Statement\": []}}",
        "{\"Statement\": []},",
        "{\"Statement\": []}{\"Statement\": []}",
        "{\"Statement\": [],}",
        "{\"Statement\": [,]}",
        "{\"Statement\" []}",
        "{\"Statement\": []",
        "{Statement: []}",
        "{'Statement': []}",
        "{\"Statement\": [] /* comment */}",
        "{\"Statement\": [\"\"\"]}",
        "\"Statement\"",
        "null",
        "[]",
        "}",
        ":",
        "\u{a0}",
    ] {
        assert_eq!(everything(text, text), 0, "{text}");
    }
}

#[test]
fn every_truncation_prefix_of_a_valid_policy_is_an_error() {
    // SecretResource, KeyPolicy, VpcEndpoint and ResourceControl; a trust policy cannot have Resource.
    assert_eq!(everything("valid", VALID), 4);
    let boundaries: Vec<usize> = VALID.char_indices().map(|(index, _)| index).collect();
    for &end in &boundaries {
        let prefix = &VALID[..end];
        assert_eq!(everything("prefix", prefix), 0, "{prefix:?}");
        assert!(format_policy_text(prefix).is_err());
    }
    // Every suffix, and every single-character substitution with a structural character.
    for &start in boundaries.iter().skip(1) {
        assert_eq!(everything("suffix", &VALID[start..]), 0);
    }
    for (index, character) in VALID.char_indices() {
        for replacement in ['"', '{', ']', '\\', ',', '\u{0}', 'é'] {
            let mutated = format!(
                "{}{replacement}{}",
                &VALID[..index],
                &VALID[index + character.len_utf8()..]
            );
            timed("substitution", || {
                for kind in PolicyKind::ALL {
                    let _ = parse_policy(&mutated, kind);
                }
            });
        }
    }
}
