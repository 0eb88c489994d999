//! Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'default'}`, `${*}`): substitution into
//! resource patterns and string/ARN condition values.
//!
//! Modelled (IAM User Guide, `reference_policies_variables`):
//! - Substitution happens only under `"Version": "2012-10-17"`; otherwise `${...}` is literal text.
//! - In `Resource`/`NotResource` only the part after the fifth colon is substituted.
//! - Any single-valued context key may be a variable; key names are case-insensitive. A multivalued key is
//!   treated as having no value.
//! - `${key, 'default'}` uses the default when the key is missing.
//! - `${*}`, `${?}` and `${$}` stand for the literal characters `*`, `?` and `$`.
//! - A variable with no value (and no default) makes the whole value "missing": a `Resource` entry then
//!   matches nothing, a positive string/ARN operator does not match that value, a negated one does.
//! - Substituted text is literal: a `*` inside a tag value is not a wildcard (the guide does not say; treating it
//!   literally keeps a principal from widening its own access by choosing a tag value).
//! - `${` without a closing `}` is literal text.

use crate::matching::{Pattern, Token};
use crate::request::RequestContext;

/// The result of substituting the variables of one policy value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Substituted<'a> {
    /// The value has no variables: use it as written.
    Plain(&'a str),
    /// The value after substitution, as pattern tokens (wildcards only where the policy wrote them).
    Tokens(Vec<Token>),
    /// A variable had no value and no default. Carries the key as written.
    Missing(&'a str),
}

impl Substituted<'_> {
    /// The value as text (wildcard tokens print as `*` and `?`), or `None` when missing.
    pub fn to_text(&self) -> Option<String> {
        match self {
            Substituted::Plain(text) => Some((*text).to_owned()),
            Substituted::Tokens(tokens) => {
                let bytes: Vec<u8> = tokens.iter().map(|token| token.as_byte()).collect();
                Some(String::from_utf8_lossy(&bytes).into_owned())
            }
            Substituted::Missing(_) => None,
        }
    }
}

/// Whether `text` contains anything that looks like a variable.
pub fn has_variables(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0usize;
    while let Some(rest) = bytes.get(from..) {
        let dollar = from + crate::matching::find_either(rest, b'$', b'$');
        match bytes.get(dollar + 1) {
            Some(b'{') => return true,
            Some(_) => from = dollar + 1,
            None => return false,
        }
    }
    false
}

/// Substitutes the variables of a condition value (the whole value).
pub fn substitute<'a>(text: &'a str, context: &'a RequestContext) -> Substituted<'a> {
    substitute_from(text, 0, context)
}

/// Substitutes the variables of a `Resource` pattern: only after the fifth colon.
pub fn substitute_resource<'a>(text: &'a str, context: &'a RequestContext) -> Substituted<'a> {
    substitute_from(text, resource_part_start(text), context)
}

fn substitute_from<'a>(text: &'a str, start: usize, context: &'a RequestContext) -> Substituted<'a> {
    let Some(tail) = text.get(start..) else {
        return Substituted::Plain(text);
    };
    if !has_variables(tail) {
        return Substituted::Plain(text);
    }
    let mut tokens: Vec<Token> = Vec::with_capacity(text.len());
    let outcome = for_each_part(text, start, context, |part| match part {
        Part::Wild(bytes) => tokens.extend(bytes.iter().map(|&byte| wild_token(byte))),
        Part::Literal(bytes) => tokens.extend(bytes.iter().map(|&byte| Token::Literal(byte))),
    });
    match outcome {
        Ok(()) => Substituted::Tokens(tokens),
        Err(key) => Substituted::Missing(key),
    }
}

/// A piece of a value after substitution: policy text (wildcards active) or substituted text (literal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part<'a> {
    Wild(&'a [u8]),
    Literal(&'a [u8]),
}

impl<'a> Part<'a> {
    fn bytes(self) -> &'a [u8] {
        match self {
            Part::Wild(bytes) | Part::Literal(bytes) => bytes,
        }
    }
}

fn wild_token(byte: u8) -> Token {
    match byte {
        b'*' => Token::AnyRun,
        b'?' => Token::AnyOne,
        other => Token::Literal(other),
    }
}

/// The most pieces [`Pieces`] holds without allocating.
const MAX_PIECES: usize = 8;

/// A substituted value as up to eight borrowed pieces: the allocation-free form used by `decide`.
#[derive(Debug, Clone, Copy)]
pub struct Pieces<'a> {
    parts: [Part<'a>; MAX_PIECES],
    count: usize,
    total: usize,
}

impl<'a> Pieces<'a> {
    fn parts(&self) -> impl Iterator<Item = Part<'a>> + '_ {
        self.parts.iter().take(self.count).copied()
    }

    /// The value's bytes, wildcards read literally.
    pub fn bytes(&self) -> impl Iterator<Item = u8> + '_ {
        self.parts().flat_map(|part| part.bytes().iter().copied())
    }
}

impl Pattern for Pieces<'_> {
    fn token_count(&self) -> usize {
        self.total
    }

    fn token(&self, index: usize) -> Option<Token> {
        let mut index = index;
        for part in self.parts() {
            let bytes = part.bytes();
            if let Some(&byte) = bytes.get(index) {
                return Some(match part {
                    Part::Wild(_) => wild_token(byte),
                    Part::Literal(_) => Token::Literal(byte),
                });
            }
            index -= bytes.len();
        }
        None
    }
}

/// [`substitute`] without allocating: `Ok(None)` when the value has more pieces than [`Pieces`] holds (use
/// [`substitute`] then), `Err(key)` when a variable has no value.
pub fn substitute_pieces<'a>(
    text: &'a str,
    context: &'a RequestContext,
) -> Result<Option<Pieces<'a>>, &'a str> {
    pieces_from(text, 0, context)
}

/// [`substitute_resource`] without allocating; see [`substitute_pieces`].
pub fn substitute_resource_pieces<'a>(
    text: &'a str,
    context: &'a RequestContext,
) -> Result<Option<Pieces<'a>>, &'a str> {
    pieces_from(text, resource_part_start(text), context)
}

fn pieces_from<'a>(
    text: &'a str,
    start: usize,
    context: &'a RequestContext,
) -> Result<Option<Pieces<'a>>, &'a str> {
    let mut pieces = Pieces {
        parts: [Part::Literal(&[]); MAX_PIECES],
        count: 0,
        total: 0,
    };
    let mut overflow = false;
    for_each_part(text, start, context, |part| {
        if let Some(slot) = pieces.parts.get_mut(pieces.count) {
            *slot = part;
            pieces.count += 1;
            pieces.total += part.bytes().len();
        } else {
            overflow = true;
        }
    })?;
    Ok((!overflow).then_some(pieces))
}

/// Splits `text` into pieces, substituting variables from `start` on. `Err(key)` when a variable has no value.
fn for_each_part<'a>(
    text: &'a str,
    start: usize,
    context: &'a RequestContext,
    mut emit: impl FnMut(Part<'a>),
) -> Result<(), &'a str> {
    let bytes = text.as_bytes();
    let mut run_start = 0usize;
    let mut at = start;
    while let Some(&byte) = bytes.get(at) {
        let opens = byte == b'$' && bytes.get(at + 1) == Some(&b'{');
        let close = if opens {
            text.get(at + 2..).and_then(|rest| rest.find('}'))
        } else {
            None
        };
        let Some(close) = close else {
            at += 1;
            continue;
        };
        if let Some(run) = bytes.get(run_start..at).filter(|run| !run.is_empty()) {
            emit(Part::Wild(run));
        }
        let inner = text.get(at + 2..at + 2 + close).unwrap_or("");
        at += close + 3;
        run_start = at;
        match inner {
            "*" | "?" | "$" => emit(Part::Literal(inner.as_bytes())),
            _ => match resolve(inner, context) {
                Resolution::Context(value) | Resolution::Default(value) => {
                    emit(Part::Literal(value.as_bytes()))
                }
                Resolution::Missing(key) => return Err(key),
            },
        }
    }
    if let Some(run) = bytes.get(run_start..).filter(|run| !run.is_empty()) {
        emit(Part::Wild(run));
    }
    Ok(())
}

/// The byte offset just after the fifth colon (the resource part of an ARN), or the length of `text`.
fn resource_part_start(text: &str) -> usize {
    text.bytes()
        .enumerate()
        .filter(|(_, byte)| *byte == b':')
        .nth(4)
        .map_or(text.len(), |(at, _)| at + 1)
}

enum Resolution<'a> {
    Context(&'a str),
    Default(&'a str),
    Missing(&'a str),
}

/// Resolves the inside of `${...}`: `key` or `key, 'default'`.
fn resolve<'a>(inner: &'a str, context: &'a RequestContext) -> Resolution<'a> {
    let (key, default) = match inner.split_once(',') {
        Some((key, rest)) => {
            let rest = rest.trim();
            let default = rest.strip_prefix('\'').and_then(|rest| rest.strip_suffix('\''));
            (key.trim(), default)
        }
        None => (inner.trim(), None),
    };
    let value = context.lookup(key).and_then(|value| {
        if value.key_type.is_multivalued() {
            return None;
        }
        match value.values.as_slice() {
            [single] => Some(single.as_str()),
            _ => None,
        }
    });
    match (value, default) {
        (Some(value), _) => Resolution::Context(value),
        (None, Some(default)) => Resolution::Default(default),
        (None, None) => Resolution::Missing(key),
    }
}

/// The context keys named by the variables of `text` that have no default (the keys a request must supply;
/// for `missing_context_values`).
pub fn variable_keys(text: &str) -> impl Iterator<Item = &str> {
    text.split("${").skip(1).filter_map(|part| {
        let inner = part.split_once('}')?.0;
        if inner.contains(',') {
            return None;
        }
        let key = inner.trim();
        (!matches!(key, "*" | "?" | "$") && !key.is_empty()).then_some(key)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{ContextKeyType, ContextValue};

    fn context() -> RequestContext {
        let mut context = RequestContext::new();
        context.insert_string("aws:username", "alice");
        context.insert_string("aws:PrincipalTag/team", "blue");
        context.insert(
            "aws:TagKeys",
            ContextValue::list(ContextKeyType::StringList, vec!["a".into(), "b".into()]),
        );
        context
    }

    fn text(substituted: Substituted<'_>) -> Option<String> {
        substituted.to_text()
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
    #[test]
    fn substitutes_single_valued_keys_case_insensitively() {
        let context = context();
        assert_eq!(
            text(substitute("home/${aws:username}/*", &context)).as_deref(),
            Some("home/alice/*")
        );
        assert_eq!(
            text(substitute("${AWS:UserName}", &context)).as_deref(),
            Some("alice")
        );
        assert_eq!(
            text(substitute("${aws:principaltag/TEAM}", &context)).as_deref(),
            Some("blue")
        );
        assert_eq!(substitute("plain", &context), Substituted::Plain("plain"));
    }

    #[test]
    fn defaults_escapes_and_missing() {
        let context = context();
        assert_eq!(
            text(substitute("${aws:PrincipalTag/dept, 'company-wide'}", &context)).as_deref(),
            Some("company-wide")
        );
        assert_eq!(
            text(substitute("${aws:PrincipalTag/team, 'x'}", &context)).as_deref(),
            Some("blue")
        );
        assert_eq!(
            substitute("a-${aws:PrincipalTag/dept}", &context),
            Substituted::Missing("aws:PrincipalTag/dept")
        );
        // Multivalued keys cannot be variables.
        assert_eq!(
            substitute("${aws:TagKeys}", &context),
            Substituted::Missing("aws:TagKeys")
        );
        // Unterminated: literal.
        assert_eq!(
            text(substitute("a${aws:username", &context)).as_deref(),
            Some("a${aws:username")
        );
        // Escapes are literal tokens, raw wildcards stay wildcards.
        let Substituted::Tokens(tokens) = substitute("${*}x*${?}${$}", &context) else {
            panic!("expected tokens");
        };
        assert_eq!(
            tokens,
            vec![
                Token::Literal(b'*'),
                Token::Literal(b'x'),
                Token::AnyRun,
                Token::Literal(b'?'),
                Token::Literal(b'$')
            ]
        );
    }

    #[test]
    fn substituted_values_are_literal() {
        let mut context = RequestContext::new();
        context.insert_string("aws:PrincipalTag/team", "a*");
        let Substituted::Tokens(tokens) = substitute("${aws:PrincipalTag/team}", &context) else {
            panic!("expected tokens");
        };
        assert_eq!(tokens, vec![Token::Literal(b'a'), Token::Literal(b'*')]);
    }

    #[test]
    fn resources_substitute_only_after_the_fifth_colon() {
        let context = context();
        let pattern = "arn:aws:s3:::${aws:username}/${aws:username}";
        // `arn:aws:s3:::` has five colons: the resource part is substituted.
        assert_eq!(
            text(substitute_resource(pattern, &context)).as_deref(),
            Some("arn:aws:s3:::alice/alice")
        );
        let early = "arn:aws:iam::${aws:username}:user/x";
        assert_eq!(substitute_resource(early, &context), Substituted::Plain(early));
    }

    #[test]
    fn lists_variable_keys() {
        let keys: Vec<&str> = variable_keys("${aws:username}/${*}/${aws:PrincipalTag/x, 'd'}").collect();
        assert_eq!(keys, vec!["aws:username"]);
    }

    #[test]
    fn pieces_agree_with_tokens() {
        let context = context();
        for text in [
            "home/${aws:username}/*",
            "${*}x*${?}${$}",
            "${aws:PrincipalTag/dept, 'company-wide'}",
            "a${aws:username",
            "plain*text",
            "${aws:username}${aws:username}",
        ] {
            let pieces = substitute_pieces(text, &context)
                .expect("resolves")
                .expect("fits");
            let from_pieces: Vec<Token> = (0..pieces.token_count())
                .filter_map(|index| pieces.token(index))
                .collect();
            let expected = match substitute(text, &context) {
                Substituted::Tokens(tokens) => tokens,
                Substituted::Plain(plain) => plain.bytes().map(wild_token).collect(),
                Substituted::Missing(key) => panic!("{key} missing"),
            };
            assert_eq!(from_pieces, expected, "{text}");
            assert_eq!(pieces.token(pieces.token_count()), None);
        }
        assert_eq!(
            substitute_pieces("x${aws:PrincipalTag/dept}", &context).err(),
            Some("aws:PrincipalTag/dept")
        );
        let many = "${aws:username}-".repeat(5);
        assert!(
            substitute_pieces(&many, &context).expect("resolves").is_none(),
            "ten pieces do not fit in eight"
        );
        let resource = substitute_resource_pieces("arn:aws:s3:::${aws:username}/*", &context)
            .expect("resolves")
            .expect("fits");
        let text: Vec<u8> = resource.bytes().collect();
        assert_eq!(text, b"arn:aws:s3:::alice/*".to_vec());
        assert_eq!(resource.token(text.len() - 1), Some(Token::AnyRun));
    }
}
