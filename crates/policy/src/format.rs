//! The editor's "format" command: re-indents a JSON document with four spaces, keeping key order, duplicate
//! keys and every string and number exactly as written (escapes included), so formatting changes white space
//! only. It needs valid JSON, not a valid policy.

use crate::json::{self, DuplicateKeys, JsonKind, JsonValue};
use crate::parse::{ParseError, ParseErrorKind, PolicyKind};

/// The longest text, in characters, that [`format_policy_text`] formats.
pub const MAX_FORMAT_LENGTH: usize = 1_000_000;

/// Pretty-prints `text` with 4-space indentation in source order.
///
/// A JSON syntax error is returned as a [`ParseError`] whose `policy` is [`PolicyKind::IdentityManaged`]
/// (formatting is not tied to a document kind; its `message()` is IAM's `Syntax errors in policy.`).
pub fn format_policy_text(text: &str) -> Result<String, ParseError> {
    // No policy the playground stores is longer than the largest API constraint (IAM and KMS: 131,072
    // characters; Organizations: 1,000,000), so longer texts are refused rather than formatted slowly.
    let length = if text.len() <= MAX_FORMAT_LENGTH {
        0
    } else {
        text.chars().count()
    };
    if length > MAX_FORMAT_LENGTH {
        let start = crate::ast::Position {
            line: 1,
            column: 1,
            offset: 0,
        };
        return Err(ParseError {
            kind: ParseErrorKind::DocumentTooLong {
                length,
                limit: MAX_FORMAT_LENGTH,
            },
            span: crate::ast::Span { start, end: start },
            policy: PolicyKind::IdentityManaged,
        });
    }
    let document = json::parse_json_with(text, DuplicateKeys::Keep).map_err(|error| ParseError {
        kind: ParseErrorKind::Json(error.kind),
        span: error.span,
        policy: PolicyKind::IdentityManaged,
    })?;
    let mut output = String::with_capacity(text.len() + text.len() / 4);
    write_value(text, &document, 0, &mut output);
    output.push('\n');
    Ok(output)
}

const INDENT: &str = "    ";

fn write_indent(depth: usize, output: &mut String) {
    for _ in 0..depth {
        output.push_str(INDENT);
    }
}

/// The source text of a scalar, so escapes and number spellings survive. The parser's spans always fall on
/// character boundaries; the fallback re-renders the value.
fn source_text<'a>(text: &'a str, value: &JsonValue) -> Option<&'a str> {
    let start = usize::try_from(value.span.start.offset).ok()?;
    let end = usize::try_from(value.span.end.offset).ok()?;
    text.get(start..end)
}

fn write_value(text: &str, value: &JsonValue, depth: usize, output: &mut String) {
    match &value.kind {
        JsonKind::Null => output.push_str("null"),
        JsonKind::Bool(flag) => output.push_str(if *flag { "true" } else { "false" }),
        JsonKind::Number(number) => output.push_str(source_text(text, value).unwrap_or(number)),
        JsonKind::String(string) => match source_text(text, value) {
            Some(raw) => output.push_str(raw),
            None => write_escaped(string, output),
        },
        JsonKind::Array(items) => {
            if items.is_empty() {
                output.push_str("[]");
                return;
            }
            output.push_str("[\n");
            for (index, item) in items.iter().enumerate() {
                write_indent(depth + 1, output);
                write_value(text, item, depth + 1, output);
                if index + 1 < items.len() {
                    output.push(',');
                }
                output.push('\n');
            }
            write_indent(depth, output);
            output.push(']');
        }
        JsonKind::Object(members) => {
            if members.is_empty() {
                output.push_str("{}");
                return;
            }
            output.push_str("{\n");
            for (index, member) in members.iter().enumerate() {
                write_indent(depth + 1, output);
                let key_start = usize::try_from(member.key_span.start.offset).ok();
                let key_end = usize::try_from(member.key_span.end.offset).ok();
                match key_start
                    .zip(key_end)
                    .and_then(|(start, end)| text.get(start..end))
                {
                    Some(raw) => output.push_str(raw),
                    None => write_escaped(&member.key, output),
                }
                output.push_str(": ");
                write_value(text, &member.value, depth + 1, output);
                if index + 1 < members.len() {
                    output.push(',');
                }
                output.push('\n');
            }
            write_indent(depth, output);
            output.push('}');
        }
    }
}

fn write_escaped(string: &str, output: &mut String) {
    output.push('"');
    for character in string.chars() {
        match character {
            '"' => output.push_str("\\\""),
            '\\' => output.push_str("\\\\"),
            '\n' => output.push_str("\\n"),
            '\r' => output.push_str("\\r"),
            '\t' => output.push_str("\\t"),
            control if u32::from(control) < 0x20 => {
                output.push_str(&format!("\\u{:04x}", u32::from(control)))
            }
            other => output.push(other),
        }
    }
    output.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_four_spaces_in_source_order() {
        let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","kms:Decrypt"],"Resource":"*","Condition":{}}],"Empty":[]}"#;
        let expected = r#"{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "s3:Get*",
                "kms:Decrypt"
            ],
            "Resource": "*",
            "Condition": {}
        }
    ],
    "Empty": []
}
"#;
        assert_eq!(format_policy_text(text).unwrap(), expected);
        assert_eq!(format_policy_text(expected).unwrap(), expected);
    }

    #[test]
    fn keeps_escapes_numbers_and_duplicate_keys() {
        let text = "{\"a\\u00e9\": [1.50E+3, -0, true, null, \"x\\n\\\"\"], \"a\\u00e9\": 2}";
        let formatted = format_policy_text(text).unwrap();
        assert_eq!(
            formatted,
            "{\n    \"a\\u00e9\": [\n        1.50E+3,\n        -0,\n        true,\n        null,\n        \"x\\n\\\"\"\n    ],\n    \"a\\u00e9\": 2\n}\n"
        );
        // Same content: parsing both gives equal values apart from positions.
        let strip = |text: &str| {
            json::parse_json_with(text, DuplicateKeys::Keep).map(|value| format!("{:?}", shape(&value)))
        };
        assert_eq!(strip(text), strip(&formatted));
    }

    #[test]
    fn refuses_texts_longer_than_any_policy() {
        let text = format!("[{}]", "1,".repeat(MAX_FORMAT_LENGTH / 2) + "1");
        let error = format_policy_text(&text).unwrap_err();
        assert_eq!(
            error.kind,
            ParseErrorKind::DocumentTooLong {
                length: MAX_FORMAT_LENGTH + 3,
                limit: MAX_FORMAT_LENGTH
            }
        );
        let longest = format!("[\"{}\"]", "a".repeat(MAX_FORMAT_LENGTH - 4));
        assert_eq!(longest.chars().count(), MAX_FORMAT_LENGTH);
        assert!(format_policy_text(&longest).is_ok());
    }

    #[test]
    fn rejects_invalid_json_with_position() {
        let error = format_policy_text("{\n  \"a\": [1,]\n}").unwrap_err();
        assert_eq!((error.span.start.line, error.span.start.column), (2, 11));
        assert_eq!(error.message(), "Syntax errors in policy.");
    }

    /// The value without spans.
    fn shape(value: &JsonValue) -> String {
        match &value.kind {
            JsonKind::Array(items) => format!("[{}]", items.iter().map(shape).collect::<Vec<_>>().join(",")),
            JsonKind::Object(members) => format!(
                "{{{}}}",
                members
                    .iter()
                    .map(|member| format!("{:?}:{}", member.key, shape(&member.value)))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            other => format!("{other:?}"),
        }
    }
}
