//! SimulateCustomPolicy's `StartPosition`/`EndPosition` for a matched statement, computed from the
//! statement's [`Span`] and the policy text the way IAM reports them.
//!
//! IAM reports the parser's location after the token it had just read: `EndPosition` is the column just past
//! the statement's closing `}`; `StartPosition` is the column just past the token that opened the statement's
//! slot: the statement's own `{` when `Statement` is an object, the `[` or `,` before it when `Statement` is
//! an array. The AWS CLI's `simulate-custom-policy` example shows both: for
//! `{"Version":"2012-10-17","Statement":{"Effect":...}}` it reports `Line 1, Column 38` for the `{` at
//! column 37 and `Column 167` for the `}` at column 166; the AdministratorAccess policy, whose statement
//! opens on line 4 after `"Statement": [` on line 3, is reported from `Line 3`.

use crate::ast::Span;

/// A 1-based line and column as SimulateCustomPolicy reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineColumn {
    pub line: u32,
    pub column: u32,
}

/// `StartPosition` and `EndPosition` of the statement spanning `span` in `text`.
pub fn statement_positions(text: &str, span: Span) -> (LineColumn, LineColumn) {
    let end = LineColumn {
        line: span.end.line,
        column: span.end.column,
    };
    let own_brace = LineColumn {
        line: span.start.line,
        column: span.start.column.saturating_add(1),
    };
    let start_offset = usize::try_from(span.start.offset).unwrap_or(usize::MAX);
    let Some(before) = text.get(..start_offset) else {
        return (own_brace, end);
    };
    let trimmed = before.trim_end_matches([' ', '\t', '\n', '\r']);
    let opener = trimmed.chars().next_back();
    if !matches!(opener, Some('[' | ',')) {
        return (own_brace, end);
    }
    // The opener's line and column: count the line breaks between it and the statement's `{`.
    let between = before.get(trimmed.len()..).unwrap_or_default();
    let breaks = u32::try_from(between.matches('\n').count()).unwrap_or(0);
    let line = span.start.line.saturating_sub(breaks);
    let line_start = trimmed.rfind('\n').map_or(0, |index| index + 1);
    let opener_line = trimmed.get(line_start..).unwrap_or_default();
    let opener_column = u32::try_from(opener_line.chars().count()).unwrap_or(0);
    (
        LineColumn {
            line,
            column: opener_column.saturating_add(1),
        },
        end,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::Position;

    fn span_of(text: &str, start: usize, end: usize) -> Span {
        let position = |offset: usize| {
            let before = &text[..offset];
            let line = before.matches('\n').count() as u32 + 1;
            let line_start = before.rfind('\n').map_or(0, |index| index + 1);
            let column = before[line_start..].chars().count() as u32 + 1;
            Position {
                line,
                column,
                offset: offset as u32,
            }
        };
        Span {
            start: position(start),
            end: position(end),
        }
    }

    #[test]
    fn object_statement_matches_the_aws_cli_example() {
        let text = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}"#;
        let start = text.find("{\"Effect").unwrap();
        let end = text.len() - 1;
        let (start, end) = statement_positions(text, span_of(text, start, end));
        assert_eq!(start, LineColumn { line: 1, column: 38 });
        assert_eq!(end, LineColumn { line: 1, column: 167 });
    }

    #[test]
    fn array_statements_start_after_the_bracket_or_comma() {
        let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"*\",\n      \"Resource\": \"*\"\n    },\n    {\"Effect\": \"Deny\", \"Action\": \"s3:*\", \"Resource\": \"*\"}\n  ]\n}";
        let first = text.find("{\n      \"Effect").unwrap();
        let first_end = text.find("},").unwrap() + 1;
        let (start, end) = statement_positions(text, span_of(text, first, first_end));
        assert_eq!(start, LineColumn { line: 3, column: 17 });
        assert_eq!(end, LineColumn { line: 8, column: 6 });
        let second = text.find("{\"Effect\": \"Deny").unwrap();
        let second_end = text.find("\"*\"}").unwrap() + 4;
        let (start, end) = statement_positions(text, span_of(text, second, second_end));
        assert_eq!(start, LineColumn { line: 8, column: 7 });
        assert_eq!(end, LineColumn { line: 9, column: 58 });
    }
}
