//! A small JSON parser that keeps source positions: every value, and every object key, carries its [`Span`].
//!
//! Policy documents need more than `serde_json` gives: positions for findings and explanations, object members
//! in source order, duplicate keys reported (IAM rejects them) and numbers kept as written (IAM compares
//! condition values as text). The parser is recursive descent with a hard depth limit ([`MAX_DEPTH`]), so a
//! hostile document of 100 000 nested `[` is an error, not a stack overflow; it runs in linear time.
//!
//! Grammar: RFC 8259. Lines are separated by `\n` only (a `\r` before it is the last character of its line);
//! columns count characters (Unicode scalar values), both 1-based.

use std::collections::BTreeSet;

use crate::ast::{Position, Span};

/// How deeply arrays and objects may nest. A policy needs five levels; anything past this is hostile.
pub const MAX_DEPTH: usize = 64;

/// A JSON value and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonValue {
    pub kind: JsonKind,
    pub span: Span,
}

/// The shape of a JSON value. Strings are unescaped; numbers are kept as their source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonKind {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<JsonValue>),
    Object(Vec<JsonMember>),
}

/// One `"key": value` member of an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonMember {
    pub key: String,
    pub key_span: Span,
    pub value: JsonValue,
}

/// Why a text is not the JSON we accept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JsonErrorKind {
    #[error("the document is empty")]
    Empty,
    #[error("unexpected end of the document, expected {expected}")]
    UnexpectedEnd { expected: &'static str },
    #[error("unexpected character `{found}`, expected {expected}")]
    UnexpectedCharacter { found: char, expected: &'static str },
    #[error("unexpected text after the end of the document")]
    TrailingCharacters,
    #[error("duplicate key `{key}`")]
    DuplicateKey { key: String },
    #[error("invalid escape `{escape}` in a string")]
    InvalidEscape { escape: String },
    #[error(
        "`\\u{code:04x}` is a lone surrogate: a high surrogate must be followed by a low surrogate escape"
    )]
    LoneSurrogate { code: u32 },
    #[error("control character U+{code:04X} must be escaped in a string")]
    ControlCharacter { code: u32 },
    #[error("invalid number `{text}`")]
    InvalidNumber { text: String },
    #[error("invalid literal, expected `true`, `false` or `null`")]
    InvalidLiteral,
    #[error("arrays and objects nest deeper than {limit} levels")]
    TooDeep { limit: usize },
}

/// A JSON error and where it happened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {}, column {}: {kind}", span.start.line, span.start.column)]
pub struct JsonError {
    pub kind: JsonErrorKind,
    pub span: Span,
}

/// Parses `text` as one JSON value, rejecting duplicate keys in any object.
pub fn parse_json(text: &str) -> Result<JsonValue, JsonError> {
    parse_json_with(text, DuplicateKeys::Reject)
}

/// Whether [`parse_json_with`] rejects an object that repeats a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DuplicateKeys {
    Reject,
    /// Keep every member (the formatter must never lose content).
    Keep,
}

/// The nesting limit of [`parse_json_container`]: serde_json's own, so that any JSON the rest of the
/// workspace writes with serde_json (a CloudTrail record's request parameters, say) reads back.
pub const CONTAINER_MAX_DEPTH: usize = 128;

/// Parses `text` as one JSON value.
pub fn parse_json_with(text: &str, duplicate_keys: DuplicateKeys) -> Result<JsonValue, JsonError> {
    parse(text, duplicate_keys, MAX_DEPTH)
}

/// Parses a file that carries other JSON inside it (a scenario file with its saved run): every member kept,
/// nesting up to [`CONTAINER_MAX_DEPTH`].
pub fn parse_json_container(text: &str) -> Result<JsonValue, JsonError> {
    parse(text, DuplicateKeys::Keep, CONTAINER_MAX_DEPTH)
}

fn parse(text: &str, duplicate_keys: DuplicateKeys, max_depth: usize) -> Result<JsonValue, JsonError> {
    let mut parser = Parser {
        max_depth,
        text,
        bytes: text.as_bytes(),
        offset: 0,
        line: 1,
        column: 1,
        duplicate_keys,
    };
    parser.skip_whitespace();
    if parser.peek().is_none() {
        let here = parser.position();
        return Err(JsonError {
            kind: JsonErrorKind::Empty,
            span: Span {
                start: here,
                end: here,
            },
        });
    }
    let value = parser.parse_value(0)?;
    parser.skip_whitespace();
    if parser.peek().is_some() {
        let start = parser.position();
        let end = parser.end_position();
        return Err(JsonError {
            kind: JsonErrorKind::TrailingCharacters,
            span: Span { start, end },
        });
    }
    Ok(value)
}

impl JsonKind {
    /// A short name of the type, for messages (`string`, `array`, ...).
    pub fn type_name(&self) -> &'static str {
        match self {
            JsonKind::Null => "null",
            JsonKind::Bool(_) => "boolean",
            JsonKind::Number(_) => "number",
            JsonKind::String(_) => "string",
            JsonKind::Array(_) => "array",
            JsonKind::Object(_) => "object",
        }
    }
}

impl JsonValue {
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            JsonKind::String(text) => Some(text),
            _ => None,
        }
    }
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    offset: usize,
    line: u32,
    column: u32,
    duplicate_keys: DuplicateKeys,
    max_depth: usize,
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

impl Parser<'_> {
    fn position(&self) -> Position {
        Position {
            line: self.line,
            column: self.column,
            offset: to_u32(self.offset),
        }
    }

    /// The position just past the character at the cursor (for one-character spans).
    fn end_position(&self) -> Position {
        let character_length = self.current_char().map_or(0, char::len_utf8);
        Position {
            line: self.line,
            column: self.column.saturating_add(1),
            offset: to_u32(self.offset + character_length),
        }
    }

    fn span_from(&self, start: Position) -> Span {
        Span {
            start,
            end: self.position(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.offset).copied()
    }

    fn current_char(&self) -> Option<char> {
        self.text.get(self.offset..).and_then(|rest| rest.chars().next())
    }

    /// Moves past one byte, keeping line and column right: continuation bytes of a UTF-8 sequence do not
    /// start a new character.
    fn bump(&mut self) {
        if let Some(byte) = self.peek() {
            self.offset += 1;
            if byte == b'\n' {
                self.line = self.line.saturating_add(1);
                self.column = 1;
            } else if byte & 0xC0 != 0x80 {
                self.column = self.column.saturating_add(1);
            }
        }
    }

    /// Moves past one whole character.
    fn bump_char(&mut self) {
        self.bump();
        while self.peek().is_some_and(|byte| byte & 0xC0 == 0x80) {
            self.bump();
        }
    }

    fn skip_whitespace(&mut self) {
        while let Some(byte) = self.peek() {
            if matches!(byte, b' ' | b'\t' | b'\n' | b'\r') {
                self.bump();
            } else {
                break;
            }
        }
    }

    fn error_here(&self, expected: &'static str) -> JsonError {
        let start = self.position();
        match self.current_char() {
            None => JsonError {
                kind: JsonErrorKind::UnexpectedEnd { expected },
                span: Span { start, end: start },
            },
            Some(found) => JsonError {
                kind: JsonErrorKind::UnexpectedCharacter { found, expected },
                span: Span {
                    start,
                    end: self.end_position(),
                },
            },
        }
    }

    fn parse_value(&mut self, depth: usize) -> Result<JsonValue, JsonError> {
        let start = self.position();
        match self.peek() {
            Some(b'{') => self.parse_object(depth),
            Some(b'[') => self.parse_array(depth),
            Some(b'"') => {
                let text = self.parse_string()?;
                Ok(JsonValue {
                    kind: JsonKind::String(text),
                    span: self.span_from(start),
                })
            }
            Some(b'-' | b'0'..=b'9') => self.parse_number(),
            Some(b't') => self.parse_literal("true", JsonKind::Bool(true)),
            Some(b'f') => self.parse_literal("false", JsonKind::Bool(false)),
            Some(b'n') => self.parse_literal("null", JsonKind::Null),
            _ => Err(self.error_here("a value")),
        }
    }

    fn enter(&self, depth: usize) -> Result<usize, JsonError> {
        let next = depth + 1;
        if next > self.max_depth {
            let start = self.position();
            return Err(JsonError {
                kind: JsonErrorKind::TooDeep {
                    limit: self.max_depth,
                },
                span: Span {
                    start,
                    end: self.end_position(),
                },
            });
        }
        Ok(next)
    }

    fn parse_object(&mut self, depth: usize) -> Result<JsonValue, JsonError> {
        let depth = self.enter(depth)?;
        let start = self.position();
        self.bump(); // `{`
        let mut members: Vec<JsonMember> = Vec::new();
        // Policy objects have a handful of members: a linear scan is cheapest (and allocation-free); a set
        // takes over for large objects so that 200 000 keys stay linear.
        let mut seen: Option<BTreeSet<String>> = None;
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.bump();
            return Ok(JsonValue {
                kind: JsonKind::Object(members),
                span: self.span_from(start),
            });
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.error_here("a string key"));
            }
            let key_start = self.position();
            let key = self.parse_string()?;
            let key_span = self.span_from(key_start);
            if self.duplicate_keys == DuplicateKeys::Reject && is_duplicate(&members, &mut seen, &key) {
                return Err(JsonError {
                    kind: JsonErrorKind::DuplicateKey { key },
                    span: key_span,
                });
            }
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(self.error_here("`:`"));
            }
            self.bump();
            self.skip_whitespace();
            let value = self.parse_value(depth)?;
            members.push(JsonMember { key, key_span, value });
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.bump(),
                Some(b'}') => {
                    self.bump();
                    return Ok(JsonValue {
                        kind: JsonKind::Object(members),
                        span: self.span_from(start),
                    });
                }
                _ => return Err(self.error_here("`,` or `}`")),
            }
        }
    }

    fn parse_array(&mut self, depth: usize) -> Result<JsonValue, JsonError> {
        let depth = self.enter(depth)?;
        let start = self.position();
        self.bump(); // `[`
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.bump();
            return Ok(JsonValue {
                kind: JsonKind::Array(items),
                span: self.span_from(start),
            });
        }
        loop {
            self.skip_whitespace();
            items.push(self.parse_value(depth)?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.bump(),
                Some(b']') => {
                    self.bump();
                    return Ok(JsonValue {
                        kind: JsonKind::Array(items),
                        span: self.span_from(start),
                    });
                }
                _ => return Err(self.error_here("`,` or `]`")),
            }
        }
    }

    fn parse_literal(&mut self, word: &'static str, kind: JsonKind) -> Result<JsonValue, JsonError> {
        let start = self.position();
        let matches = self
            .bytes
            .get(self.offset..self.offset + word.len())
            .is_some_and(|slice| slice == word.as_bytes());
        if !matches {
            // Point at the whole run of letters, so `tru` and `nulls` are reported as one word.
            while self.peek().is_some_and(|byte| byte.is_ascii_alphanumeric()) {
                self.bump();
            }
            let end = if self.offset == usize::try_from(start.offset).unwrap_or(usize::MAX) {
                self.end_position()
            } else {
                self.position()
            };
            return Err(JsonError {
                kind: JsonErrorKind::InvalidLiteral,
                span: Span { start, end },
            });
        }
        for _ in 0..word.len() {
            self.bump();
        }
        Ok(JsonValue {
            kind,
            span: self.span_from(start),
        })
    }

    fn parse_number(&mut self) -> Result<JsonValue, JsonError> {
        let start = self.position();
        let start_offset = self.offset;
        // Consume the longest run of characters that can appear in a number, then check its shape, so that the
        // error names the whole token.
        while self
            .peek()
            .is_some_and(|byte| matches!(byte, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
        {
            self.bump();
        }
        let text = self.text.get(start_offset..self.offset).unwrap_or_default();
        let span = self.span_from(start);
        if !is_json_number(text.as_bytes()) {
            return Err(JsonError {
                kind: JsonErrorKind::InvalidNumber {
                    text: truncate_for_message(text),
                },
                span,
            });
        }
        Ok(JsonValue {
            kind: JsonKind::Number(text.to_owned()),
            span,
        })
    }

    /// Parses a string starting at its opening quote; leaves the cursor after the closing quote.
    fn parse_string(&mut self) -> Result<String, JsonError> {
        self.bump(); // opening `"`
        let mut output = String::new();
        loop {
            // Copy a run of plain characters in one go.
            // A run has no line breaks (they are control characters), so only the column moves: by the number
            // of characters, i.e. of bytes that are not UTF-8 continuation bytes.
            let run_start = self.offset;
            let rest = self.bytes.get(run_start..).unwrap_or_default();
            let run_length = rest
                .iter()
                .position(|byte| *byte == b'"' || *byte == b'\\' || *byte < 0x20)
                .unwrap_or(rest.len());
            // The run ends before an ASCII byte, so it is whole characters.
            let characters = self
                .text
                .get(run_start..run_start + run_length)
                .map_or(0, |run| run.chars().count());
            self.offset += run_length;
            self.column = self.column.saturating_add(to_u32(characters));
            if self.offset > run_start {
                output.push_str(self.text.get(run_start..self.offset).unwrap_or_default());
            }
            match self.peek() {
                None => return Err(self.error_here("`\"` closing the string")),
                Some(b'"') => {
                    self.bump();
                    return Ok(output);
                }
                Some(b'\\') => self.parse_escape(&mut output)?,
                Some(byte) => {
                    let start = self.position();
                    return Err(JsonError {
                        kind: JsonErrorKind::ControlCharacter {
                            code: u32::from(byte),
                        },
                        span: Span {
                            start,
                            end: self.end_position(),
                        },
                    });
                }
            }
        }
    }

    fn parse_escape(&mut self, output: &mut String) -> Result<(), JsonError> {
        let start = self.position();
        self.bump(); // `\`
        let Some(letter) = self.peek() else {
            return Err(self.error_here("an escape after `\\`"));
        };
        let simple = match letter {
            b'"' => Some('"'),
            b'\\' => Some('\\'),
            b'/' => Some('/'),
            b'b' => Some('\u{8}'),
            b'f' => Some('\u{c}'),
            b'n' => Some('\n'),
            b'r' => Some('\r'),
            b't' => Some('\t'),
            _ => None,
        };
        if let Some(character) = simple {
            self.bump();
            output.push(character);
            return Ok(());
        }
        if letter != b'u' {
            let escape = match self.current_char() {
                Some(character) if !character.is_control() => format!("\\{character}"),
                _ => "\\".to_owned(),
            };
            self.bump_char();
            return Err(JsonError {
                kind: JsonErrorKind::InvalidEscape { escape },
                span: self.span_from(start),
            });
        }
        self.bump(); // `u`
        let high = self.parse_hex4(start)?;
        if (0xDC00..=0xDFFF).contains(&high) {
            return Err(JsonError {
                kind: JsonErrorKind::LoneSurrogate { code: high },
                span: self.span_from(start),
            });
        }
        if (0xD800..=0xDBFF).contains(&high) {
            let follows_escape = self
                .bytes
                .get(self.offset..self.offset + 2)
                .is_some_and(|pair| pair == b"\\u");
            if !follows_escape {
                return Err(JsonError {
                    kind: JsonErrorKind::LoneSurrogate { code: high },
                    span: self.span_from(start),
                });
            }
            let low_start = self.position();
            self.bump();
            self.bump();
            let low = self.parse_hex4(low_start)?;
            if !(0xDC00..=0xDFFF).contains(&low) {
                return Err(JsonError {
                    kind: JsonErrorKind::LoneSurrogate { code: high },
                    span: self.span_from(start),
                });
            }
            let combined = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
            // Always a valid scalar value: the range is U+10000..=U+10FFFF.
            output.push(char::from_u32(combined).unwrap_or(char::REPLACEMENT_CHARACTER));
            return Ok(());
        }
        output.push(char::from_u32(high).unwrap_or(char::REPLACEMENT_CHARACTER));
        Ok(())
    }

    /// Reads the four hex digits of a `\u` escape that started at `escape_start`.
    fn parse_hex4(&mut self, escape_start: Position) -> Result<u32, JsonError> {
        let mut value = 0u32;
        for _ in 0..4 {
            let digit = self.peek().and_then(|byte| char::from(byte).to_digit(16));
            let Some(digit) = digit else {
                let escape_offset = usize::try_from(escape_start.offset).unwrap_or(usize::MAX);
                let escape = self
                    .text
                    .get(escape_offset..self.offset)
                    .unwrap_or("\\u")
                    .to_owned();
                return Err(JsonError {
                    kind: JsonErrorKind::InvalidEscape { escape },
                    span: self.span_from(escape_start),
                });
            };
            value = value * 16 + digit;
            self.bump();
        }
        Ok(value)
    }
}

/// Whether `key` is already a key of `members`, recording it in `seen` once the object is large.
fn is_duplicate(members: &[JsonMember], seen: &mut Option<BTreeSet<String>>, key: &str) -> bool {
    const LINEAR_LIMIT: usize = 16;
    if members.len() < LINEAR_LIMIT {
        return members.iter().any(|member| member.key == key);
    }
    let set = seen.get_or_insert_with(|| members.iter().map(|member| member.key.clone()).collect());
    !set.insert(key.to_owned())
}

/// Whether `text` is exactly a JSON number: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
fn is_json_number(text: &[u8]) -> bool {
    let mut rest = text;
    if let Some((b'-', tail)) = rest.split_first() {
        rest = tail;
    }
    match rest.split_first() {
        Some((b'0', tail)) => rest = tail,
        Some((b'1'..=b'9', _)) => rest = skip_digits(rest),
        _ => return false,
    }
    if let Some((b'.', tail)) = rest.split_first() {
        let after = skip_digits(tail);
        if after.len() == tail.len() {
            return false;
        }
        rest = after;
    }
    if let Some((b'e' | b'E', tail)) = rest.split_first() {
        let tail = match tail.split_first() {
            Some((b'+' | b'-', signed)) => signed,
            _ => tail,
        };
        let after = skip_digits(tail);
        if after.len() == tail.len() {
            return false;
        }
        rest = after;
    }
    rest.is_empty()
}

fn skip_digits(text: &[u8]) -> &[u8] {
    let count = text.iter().take_while(|byte| byte.is_ascii_digit()).count();
    text.get(count..).unwrap_or_default()
}

/// The [`Position`] of byte `offset` in `text` (clamped to the text and moved back to a character boundary),
/// counted the way the parser counts: lines split at `\n`, columns in characters. Uses only scans that are
/// fast even in unoptimised builds (`rfind`, `chars().count()` and `count_bytes`).
pub fn position_at(text: &str, offset: usize) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset = offset.saturating_sub(1);
    }
    let before = text.get(..offset).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |index| index + 1);
    let lines = count_bytes(before.as_bytes(), b'\n');
    let columns = before.get(line_start..).map_or(0, |line| line.chars().count());
    Position {
        line: to_u32(lines).saturating_add(1),
        column: to_u32(columns).saturating_add(1),
        offset: to_u32(offset),
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const LOW_SEVEN: u64 = 0x7F7F_7F7F_7F7F_7F7F;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Applies `count_word` to each 8-byte little-endian word of `bytes` and `count_byte` to the tail: the SWAR
/// loops below stay quick (tens of milliseconds for 10 MB) even in unoptimised builds.
fn count_words(bytes: &[u8], count_word: impl Fn(u64) -> u32, count_byte: impl Fn(u8) -> bool) -> usize {
    let mut chunks = bytes.chunks_exact(8);
    let mut count = 0usize;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        count += count_word(u64::from_le_bytes(word)) as usize;
    }
    count
        + chunks
            .remainder()
            .iter()
            .filter(|byte| count_byte(**byte))
            .count()
}

/// How many bytes of `bytes` equal `target`.
pub(crate) fn count_bytes(bytes: &[u8], target: u8) -> usize {
    let pattern = ONES.wrapping_mul(u64::from(target));
    count_words(
        bytes,
        |word| {
            let difference = word ^ pattern;
            // The high bit of each byte is set exactly when that byte of `difference` is zero.
            (!((difference & LOW_SEVEN).wrapping_add(LOW_SEVEN) | difference | LOW_SEVEN)).count_ones()
        },
        |byte| byte == target,
    )
}

/// How many bytes of `bytes` are below `bound` (which must be at most 0x80).
pub(crate) fn count_bytes_below(bytes: &[u8], bound: u8) -> usize {
    let add = ONES.wrapping_mul(u64::from(0x80u8.saturating_sub(bound)));
    count_words(
        bytes,
        // `(byte & 0x7F) + (0x80 - bound)` reaches the high bit exactly when the low seven bits are at least
        // `bound`; a byte with its own high bit set is never below `bound`. No carry crosses bytes.
        |word| (!((word & LOW_SEVEN).wrapping_add(add) | word) & HIGH_BITS).count_ones(),
        |byte| byte < bound,
    )
}

/// Keeps messages short when a hostile document has a 10 000-character token.
pub(crate) fn truncate_for_message(text: &str) -> String {
    const LIMIT: usize = 40;
    if text.chars().count() <= LIMIT {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(LIMIT).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(text: &str) -> JsonErrorKind {
        parse_json(text).unwrap_err().kind
    }

    #[test]
    fn positions_count_characters_and_lines() {
        let value = parse_json("{\n  \"é\": [1, \"x\"]\n}").unwrap();
        let JsonKind::Object(members) = &value.kind else {
            panic!("object")
        };
        let member = &members[0];
        assert_eq!(
            member.key_span.start,
            Position {
                line: 2,
                column: 3,
                offset: 4
            }
        );
        assert_eq!(
            member.key_span.end,
            Position {
                line: 2,
                column: 6,
                offset: 8
            }
        );
        let JsonKind::Array(items) = &member.value.kind else {
            panic!("array")
        };
        assert_eq!(
            items[1].span.start,
            Position {
                line: 2,
                column: 12,
                offset: 14
            }
        );
        assert_eq!(
            value.span.end,
            Position {
                line: 3,
                column: 2,
                offset: 20
            }
        );
    }

    #[test]
    fn escapes_and_surrogates() {
        let value = parse_json(r#""a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00""#).unwrap();
        assert_eq!(value.as_str(), Some("a\"\\/\u{8}\u{c}\n\r\té😀"));
        assert_eq!(
            kind_of(r#""\ud800""#),
            JsonErrorKind::LoneSurrogate { code: 0xd800 }
        );
        assert_eq!(
            kind_of(r#""\ud800\u0041""#),
            JsonErrorKind::LoneSurrogate { code: 0xd800 }
        );
        assert_eq!(
            kind_of(r#""\udc00""#),
            JsonErrorKind::LoneSurrogate { code: 0xdc00 }
        );
        assert_eq!(
            kind_of(r#""\u12""#),
            JsonErrorKind::InvalidEscape {
                escape: "\\u12".to_owned()
            }
        );
        assert_eq!(
            kind_of(r#""\x""#),
            JsonErrorKind::InvalidEscape {
                escape: "\\x".to_owned()
            }
        );
        assert_eq!(kind_of("\"a\u{1}\""), JsonErrorKind::ControlCharacter { code: 1 });
    }

    #[test]
    fn numbers_are_kept_as_text_and_checked() {
        let value = parse_json("[-0.5e+10, 0, 12]").unwrap();
        let JsonKind::Array(items) = value.kind else {
            panic!("array")
        };
        assert_eq!(items[0].kind, JsonKind::Number("-0.5e+10".to_owned()));
        for bad in ["01", "1.", "-", "1e", ".5", "1.2.3", "+1", "--1"] {
            assert!(
                matches!(
                    kind_of(bad),
                    JsonErrorKind::InvalidNumber { .. } | JsonErrorKind::UnexpectedCharacter { .. }
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn duplicate_keys_are_found_or_kept() {
        let error = parse_json("{\"a\": 1,\n \"a\": 2}").unwrap_err();
        assert_eq!(error.kind, JsonErrorKind::DuplicateKey { key: "a".to_owned() });
        assert_eq!(error.to_string(), "line 2, column 2: duplicate key `a`");
        let kept = parse_json_with("{\"a\": 1, \"a\": 2}", DuplicateKeys::Keep).unwrap();
        assert!(matches!(kept.kind, JsonKind::Object(members) if members.len() == 2));
    }

    #[test]
    fn depth_is_limited() {
        let deep = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse_json(&deep).is_ok());
        let deeper = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert_eq!(kind_of(&deeper), JsonErrorKind::TooDeep { limit: MAX_DEPTH });
    }

    #[test]
    fn word_counts_match_naive_counts() {
        let text = "a\tb c\r\n  \u{e9}x\n\n!~\u{7f} \u{ff}\u{100}end of text, long enough for several words";
        for start in 0..9 {
            let bytes = &text.as_bytes()[start..];
            for target in [b'\n', b' ', b'a', 0xC3, 0] {
                let naive = bytes.iter().filter(|byte| **byte == target).count();
                assert_eq!(count_bytes(bytes, target), naive, "{target}");
            }
            for bound in [0x00, 0x01, 0x0A, 0x21, 0x7F, 0x80] {
                let naive = bytes.iter().filter(|byte| **byte < bound).count();
                assert_eq!(count_bytes_below(bytes, bound), naive, "{bound}");
            }
        }
    }

    #[test]
    fn position_at_matches_the_parser() {
        let text = "{\n  \"é\": [1, \"x\"]\n}";
        assert_eq!(
            position_at(text, 4),
            Position {
                line: 2,
                column: 3,
                offset: 4
            }
        );
        assert_eq!(
            position_at(text, 6),
            Position {
                line: 2,
                column: 4,
                offset: 5
            }
        );
        assert_eq!(
            position_at(text, 1000),
            Position {
                line: 3,
                column: 2,
                offset: 20
            }
        );
        assert_eq!(
            position_at("", 0),
            Position {
                line: 1,
                column: 1,
                offset: 0
            }
        );
    }

    #[test]
    fn structural_errors() {
        assert_eq!(kind_of("  "), JsonErrorKind::Empty);
        assert_eq!(kind_of("{} x"), JsonErrorKind::TrailingCharacters);
        assert_eq!(kind_of("tru"), JsonErrorKind::InvalidLiteral);
        assert_eq!(
            kind_of("[1,]"),
            JsonErrorKind::UnexpectedCharacter {
                found: ']',
                expected: "a value"
            }
        );
        assert_eq!(
            kind_of("{\"a\" 1}"),
            JsonErrorKind::UnexpectedCharacter {
                found: '1',
                expected: "`:`"
            }
        );
        assert_eq!(
            kind_of("[1"),
            JsonErrorKind::UnexpectedEnd {
                expected: "`,` or `]`"
            }
        );
    }
}
