//! JSON syntax colouring for the policy editor: splits the text into coloured segments, cut again where
//! validation findings start and end, so that the `<pre>` under the textarea can underline them. Works on
//! any text, valid JSON or not; never panics.

/// The colour class of a piece of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    Plain,
    Punctuation,
    Key,
    String,
    Number,
    Literal,
}

impl Token {
    pub fn class(self) -> &'static str {
        match self {
            Token::Plain => "tok-plain",
            Token::Punctuation => "tok-punct",
            Token::Key => "tok-key",
            Token::String => "tok-string",
            Token::Number => "tok-number",
            Token::Literal => "tok-literal",
        }
    }
}

/// A run of text with one colour and, where a finding covers it, the finding's index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment<'a> {
    pub text: &'a str,
    pub token: Token,
    /// Index into the findings passed to [`segments`] of the most severe finding covering this text.
    pub finding: Option<usize>,
    /// Whether this segment starts a finding (the element that "jump to" scrolls to).
    pub finding_start: bool,
}

/// Splits `text` into JSON tokens (byte ranges, covering the whole text).
pub fn tokens(text: &str) -> Vec<(usize, usize, Token)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        let start = index;
        let token = match byte {
            b'"' => {
                index += 1;
                while let Some(&inner) = bytes.get(index) {
                    index += 1;
                    if inner == b'\\' {
                        index += 1;
                    } else if inner == b'"' || inner == b'\n' {
                        break;
                    }
                }
                index = index.min(bytes.len());
                // A string followed (after blanks) by `:` is an object key.
                let rest = bytes.get(index..).unwrap_or_default();
                let next = rest.iter().find(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'));
                if next == Some(&b':') {
                    Token::Key
                } else {
                    Token::String
                }
            }
            b'{' | b'}' | b'[' | b']' | b':' | b',' => {
                index += 1;
                Token::Punctuation
            }
            b'-' | b'0'..=b'9' => {
                index += 1;
                while matches!(
                    bytes.get(index),
                    Some(b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
                ) {
                    index += 1;
                }
                Token::Number
            }
            b'a'..=b'z' | b'A'..=b'Z' => {
                index += 1;
                while matches!(bytes.get(index), Some(b'a'..=b'z' | b'A'..=b'Z')) {
                    index += 1;
                }
                let word = text.get(start..index).unwrap_or_default();
                if matches!(word, "true" | "false" | "null") {
                    Token::Literal
                } else {
                    Token::Plain
                }
            }
            _ => {
                index += 1;
                while let Some(&next) = bytes.get(index) {
                    if matches!(
                        next,
                        b'"' | b'{' | b'}' | b'[' | b']' | b':' | b',' | b'-' | b'0'..=b'9'
                    ) || next.is_ascii_alphabetic()
                    {
                        break;
                    }
                    index += 1;
                }
                Token::Plain
            }
        };
        // Keep ranges on character boundaries whatever the input.
        while index < bytes.len() && !text.is_char_boundary(index) {
            index += 1;
        }
        out.push((start, index, token));
    }
    out
}

/// Colours `text` and cuts it where the given finding ranges (byte offsets, half-open, with a rank where
/// lower is more severe) start and end.
pub fn segments<'a>(text: &'a str, findings: &[(usize, usize, u8)]) -> Vec<Segment<'a>> {
    let mut cuts: Vec<usize> = Vec::new();
    for &(start, end, _) in findings {
        let end = end.max(start + 1).min(text.len());
        cuts.push(start.min(text.len()));
        cuts.push(end);
    }
    cuts.retain(|cut| text.is_char_boundary(*cut));
    cuts.sort_unstable();
    cuts.dedup();

    let mut out = Vec::new();
    let mut started = vec![false; findings.len()];
    for (start, end, token) in tokens(text) {
        let mut piece_start = start;
        let inner_cuts = cuts.iter().copied().filter(|cut| *cut > start && *cut < end);
        for boundary in inner_cuts.chain(std::iter::once(end)) {
            let piece = text.get(piece_start..boundary).unwrap_or_default();
            let covering = findings
                .iter()
                .enumerate()
                .filter(|(_, (finding_start, finding_end, _))| {
                    let finding_end = (*finding_end).max(finding_start + 1);
                    *finding_start <= piece_start && piece_start < finding_end
                })
                .min_by_key(|(_, (_, _, rank))| *rank)
                .map(|(index, _)| index);
            let mut finding_start = false;
            if let Some(index) = covering {
                if let Some(flag) = started.get_mut(index) {
                    finding_start = !*flag;
                    *flag = true;
                }
            }
            if !piece.is_empty() {
                out.push(Segment {
                    text: piece,
                    token,
                    finding: covering,
                    finding_start,
                });
            }
            piece_start = boundary;
        }
    }
    out
}

/// Converts a byte offset into the UTF-16 index a textarea's selection uses.
pub fn utf16_index(text: &str, byte_offset: usize) -> u32 {
    let mut offset = byte_offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    text.get(..offset)
        .map(|prefix| prefix.encode_utf16().count() as u32)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_keys_strings_and_literals() {
        let text = r#"{"Effect": "Allow", "n": 12, "b": true}"#;
        let kinds: Vec<Token> = tokens(text).into_iter().map(|(_, _, token)| token).collect();
        assert!(kinds.contains(&Token::Key));
        assert!(kinds.contains(&Token::String));
        assert!(kinds.contains(&Token::Number));
        assert!(kinds.contains(&Token::Literal));
        let joined: String = segments(text, &[]).iter().map(|segment| segment.text).collect();
        assert_eq!(joined, text);
    }

    #[test]
    fn survives_broken_and_unicode_text() {
        for text in ["{\"a\": \"é", "\"\\", "{{{", "é\"x\n", "", "-", "\"ab\\"] {
            let joined: String = segments(text, &[(1, 3, 0), (0, 100, 1), (2, 2, 0)])
                .iter()
                .map(|s| s.text)
                .collect();
            assert_eq!(joined, text);
        }
    }

    #[test]
    fn marks_findings() {
        let text = "{\"Effect\": \"Alow\"}";
        let segments = segments(text, &[(11, 17, 0)]);
        let marked: String = segments
            .iter()
            .filter(|s| s.finding == Some(0))
            .map(|s| s.text)
            .collect();
        assert_eq!(marked, "\"Alow\"");
        assert_eq!(segments.iter().filter(|s| s.finding_start).count(), 1);
    }

    #[test]
    fn offsets() {
        assert_eq!(utf16_index("é😀x", 6), 3);
        assert_eq!(utf16_index("é", 1), 0);
    }
}
