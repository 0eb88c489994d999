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

use crate::matching::Token;
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
    text.as_bytes().contains(&b'$') && text.contains("${")
}

/// Substitutes the variables of a condition value (the whole value).
pub fn substitute<'a>(text: &'a str, context: &RequestContext) -> Substituted<'a> {
    substitute_from(text, 0, context)
}

/// Substitutes the variables of a `Resource` pattern: only after the fifth colon.
pub fn substitute_resource<'a>(text: &'a str, context: &RequestContext) -> Substituted<'a> {
    let mut colons = 0usize;
    let mut start = text.len();
    for (at, byte) in text.bytes().enumerate() {
        if byte == b':' {
            colons += 1;
            if colons == 5 {
                start = at + 1;
                break;
            }
        }
    }
    substitute_from(text, start, context)
}

fn substitute_from<'a>(text: &'a str, start: usize, context: &RequestContext) -> Substituted<'a> {
    let Some(tail) = text.get(start..) else {
        return Substituted::Plain(text);
    };
    if !has_variables(tail) {
        return Substituted::Plain(text);
    }
    let bytes = text.as_bytes();
    let mut tokens: Vec<Token> = Vec::with_capacity(text.len());
    let wild = |byte: u8| match byte {
        b'*' => Token::AnyRun,
        b'?' => Token::AnyOne,
        other => Token::Literal(other),
    };
    tokens.extend(bytes.iter().take(start).map(|&byte| wild(byte)));
    let mut at = start;
    while let Some(&byte) = bytes.get(at) {
        let opens = byte == b'$' && bytes.get(at + 1) == Some(&b'{');
        let close = if opens { text.get(at + 2..).and_then(|rest| rest.find('}')) } else { None };
        let (Some(close), true) = (close, opens) else {
            tokens.push(wild(byte));
            at += 1;
            continue;
        };
        let inner = text.get(at + 2..at + 2 + close).unwrap_or("");
        at += close + 3;
        match inner {
            "*" | "?" | "$" => tokens.extend(inner.bytes().map(Token::Literal)),
            _ => match resolve(inner, context) {
                Resolution::Context(value) => tokens.extend(value.bytes().map(Token::Literal)),
                Resolution::Default(value) => tokens.extend(value.bytes().map(Token::Literal)),
                Resolution::Missing(key) => return Substituted::Missing(key),
            },
        }
    }
    Substituted::Tokens(tokens)
}

enum Resolution<'text, 'context> {
    Context(&'context str),
    Default(&'text str),
    Missing(&'text str),
}

/// Resolves the inside of `${...}`: `key` or `key, 'default'`.
fn resolve<'text, 'context>(inner: &'text str, context: &'context RequestContext) -> Resolution<'text, 'context> {
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
        assert_eq!(text(substitute("home/${aws:username}/*", &context)).as_deref(), Some("home/alice/*"));
        assert_eq!(text(substitute("${AWS:UserName}", &context)).as_deref(), Some("alice"));
        assert_eq!(text(substitute("${aws:principaltag/TEAM}", &context)).as_deref(), Some("blue"));
        assert_eq!(substitute("plain", &context), Substituted::Plain("plain"));
    }

    #[test]
    fn defaults_escapes_and_missing() {
        let context = context();
        assert_eq!(text(substitute("${aws:PrincipalTag/dept, 'company-wide'}", &context)).as_deref(), Some("company-wide"));
        assert_eq!(text(substitute("${aws:PrincipalTag/team, 'x'}", &context)).as_deref(), Some("blue"));
        assert_eq!(substitute("a-${aws:PrincipalTag/dept}", &context), Substituted::Missing("aws:PrincipalTag/dept"));
        // Multivalued keys cannot be variables.
        assert_eq!(substitute("${aws:TagKeys}", &context), Substituted::Missing("aws:TagKeys"));
        // Unterminated: literal.
        assert_eq!(text(substitute("a${aws:username", &context)).as_deref(), Some("a${aws:username"));
        // Escapes are literal tokens, raw wildcards stay wildcards.
        let Substituted::Tokens(tokens) = substitute("${*}x*${?}${$}", &context) else {
            panic!("expected tokens");
        };
        assert_eq!(
            tokens,
            vec![Token::Literal(b'*'), Token::Literal(b'x'), Token::AnyRun, Token::Literal(b'?'), Token::Literal(b'$')]
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
        assert_eq!(text(substitute_resource(pattern, &context)).as_deref(), Some("arn:aws:s3:::alice/alice"));
        let early = "arn:aws:iam::${aws:username}:user/x";
        assert_eq!(substitute_resource(early, &context), Substituted::Plain(early));
    }

    #[test]
    fn lists_variable_keys() {
        let keys: Vec<&str> = variable_keys("${aws:username}/${*}/${aws:PrincipalTag/x, 'd'}").collect();
        assert_eq!(keys, vec!["aws:username"]);
    }
}
