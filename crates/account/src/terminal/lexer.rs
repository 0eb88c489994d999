//! Shell word splitting for the terminal: POSIX-style single and double quotes, backslash escapes and
//! `$VAR` expansion, so that `--secret-string '{"user":"cart"}'` arrives as one word, as in bash.

use std::collections::BTreeMap;

/// Why a command line could not be split into words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LexError {
    /// A quote opened at this character column (1-based) was never closed.
    UnterminatedQuote { quote: char, column: usize },
    /// The line ends with a lone backslash.
    TrailingBackslash,
}

impl std::fmt::Display for LexError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LexError::UnterminatedQuote { quote, column } => {
                write!(
                    formatter,
                    "unexpected EOF while looking for matching `{quote}` (opened at column {column})"
                )
            }
            LexError::TrailingBackslash => write!(formatter, "unexpected EOF after `\\`"),
        }
    }
}

/// Splits `line` into words, expanding `$NAME` and `${NAME}` from `environment` outside single quotes.
/// A `#` at the start of a word begins a comment that runs to the end of the line.
pub fn split_words(line: &str, environment: &BTreeMap<String, String>) -> Result<Vec<String>, LexError> {
    let characters: Vec<char> = line.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    let mut in_word = false;
    let mut index = 0;
    while let Some(&character) = characters.get(index) {
        match character {
            ' ' | '\t' | '\n' | '\r' => {
                if in_word {
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
                index += 1;
            }
            '#' if !in_word => break,
            '\'' => {
                let opened_at = index;
                index += 1;
                loop {
                    match characters.get(index) {
                        None => {
                            return Err(LexError::UnterminatedQuote {
                                quote: '\'',
                                column: opened_at + 1,
                            })
                        }
                        Some('\'') => break,
                        Some(&inner) => current.push(inner),
                    }
                    index += 1;
                }
                index += 1;
                in_word = true;
            }
            '"' => {
                let opened_at = index;
                index += 1;
                loop {
                    match characters.get(index) {
                        None => {
                            return Err(LexError::UnterminatedQuote {
                                quote: '"',
                                column: opened_at + 1,
                            })
                        }
                        Some('"') => break,
                        Some('\\') => {
                            // Inside double quotes a backslash escapes only $ ` " \ and newline.
                            match characters.get(index + 1) {
                                Some(&next @ ('$' | '`' | '"' | '\\')) => {
                                    current.push(next);
                                    index += 1;
                                }
                                Some('\n') => index += 1,
                                _ => current.push('\\'),
                            }
                        }
                        Some('$') => {
                            let (value, consumed) = expand_variable(&characters, index, environment);
                            current.push_str(&value);
                            index += consumed;
                            continue;
                        }
                        Some(&inner) => current.push(inner),
                    }
                    index += 1;
                }
                index += 1;
                in_word = true;
            }
            '\\' => match characters.get(index + 1) {
                Some(&next) => {
                    current.push(next);
                    index += 2;
                    in_word = true;
                }
                None => return Err(LexError::TrailingBackslash),
            },
            '$' => {
                let (value, consumed) = expand_variable(&characters, index, environment);
                current.push_str(&value);
                index += consumed;
                in_word = true;
            }
            other => {
                current.push(other);
                in_word = true;
                index += 1;
            }
        }
    }
    if in_word {
        words.push(current);
    }
    Ok(words)
}

/// Expands the variable reference starting with `$` at `start`; returns the value and how many characters
/// were consumed. A `$` not followed by a name stays literal.
fn expand_variable(
    characters: &[char],
    start: usize,
    environment: &BTreeMap<String, String>,
) -> (String, usize) {
    let is_name_char = |character: char| character.is_ascii_alphanumeric() || character == '_';
    if characters.get(start + 1) == Some(&'{') {
        let mut end = start + 2;
        while let Some(&character) = characters.get(end) {
            if character == '}' {
                let name: String = characters
                    .get(start + 2..end)
                    .unwrap_or_default()
                    .iter()
                    .collect();
                return (
                    environment.get(&name).cloned().unwrap_or_default(),
                    end - start + 1,
                );
            }
            end += 1;
        }
        return ("$".to_owned(), 1);
    }
    let mut end = start + 1;
    while characters
        .get(end)
        .is_some_and(|&character| is_name_char(character))
    {
        end += 1;
    }
    if end == start + 1 {
        return ("$".to_owned(), 1);
    }
    let name: String = characters
        .get(start + 1..end)
        .unwrap_or_default()
        .iter()
        .collect();
    (environment.get(&name).cloned().unwrap_or_default(), end - start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        let mut environment = BTreeMap::new();
        environment.insert("SECRET".to_owned(), "prod/cart-service/credentials".to_owned());
        split_words(line, &environment).unwrap()
    }

    #[test]
    fn splits_on_whitespace_and_keeps_quoted_words_whole() {
        assert_eq!(
            words(r#"aws secretsmanager put-secret-value --secret-string '{"user": "cart"}'"#),
            [
                "aws",
                "secretsmanager",
                "put-secret-value",
                "--secret-string",
                r#"{"user": "cart"}"#
            ]
        );
        assert_eq!(
            words(r#"echo "a \"b\" \$c" d\ e"#),
            ["echo", r#"a "b" $c"#, "d e"]
        );
    }

    #[test]
    fn expands_variables_outside_single_quotes() {
        assert_eq!(
            words("echo $SECRET '$SECRET' \"${SECRET}x\" $"),
            [
                "echo",
                "prod/cart-service/credentials",
                "$SECRET",
                "prod/cart-service/credentialsx",
                "$"
            ]
        );
    }

    #[test]
    fn comments_and_errors() {
        assert_eq!(words("echo hi # a comment"), ["echo", "hi"]);
        assert_eq!(words("echo a#b"), ["echo", "a#b"]);
        assert_eq!(
            split_words("echo 'open", &BTreeMap::new()),
            Err(LexError::UnterminatedQuote {
                quote: '\'',
                column: 6
            })
        );
        assert_eq!(
            split_words("echo \\", &BTreeMap::new()),
            Err(LexError::TrailingBackslash)
        );
    }
}
