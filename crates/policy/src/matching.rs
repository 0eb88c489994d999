//! Wildcard matching of actions, resources, ARNs and principals, on bytes and without allocation.
//!
//! Rules modelled (IAM User Guide):
//! - Actions (`reference_policies_elements_action`): `service:Name`, prefix and name case-insensitive, `*` matches
//!   any run of characters and `?` exactly one.
//! - Resources (`reference_policies_elements_resource`): ARNs are compared segment by segment
//!   (`arn:partition:service:region:account:resource`), case-sensitively. In the first five segments a wildcard
//!   stays inside its segment, except that a `*` ending the pattern extends past colons (`arn:aws:s3:*` matches
//!   every S3 ARN). In the resource segment `*` crosses `/` and `:`. `"*"` alone matches everything.
//! - Condition ARN operators (`reference_policies_elements_condition_operators`, ARN operators): the same
//!   segment-wise comparison; `ArnEquals` and `ArnLike` behave identically.
//! - Principals (`reference_policies_elements_principal`): see [`principal_value_match`].

use crate::ast::PrincipalKey;
use crate::prepared::same_bytes;
use crate::request::{Principal, PrincipalKind};

/// One element of a wildcard pattern. Patterns read from a document turn `*` and `?` into wildcards; text that
/// came from a policy variable or an escape (`${*}`) is literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    Literal(u8),
    /// `*`: any run of characters, possibly empty.
    AnyRun,
    /// `?`: exactly one character.
    AnyOne,
}

impl Token {
    /// The byte the token stands for when it is read literally (`*` and `?` for the wildcards).
    pub fn as_byte(self) -> u8 {
        match self {
            Token::Literal(byte) => byte,
            Token::AnyRun => b'*',
            Token::AnyOne => b'?',
        }
    }
}

/// Something that can be read as a sequence of [`Token`]s.
pub trait Pattern {
    fn token_count(&self) -> usize;
    fn token(&self, index: usize) -> Option<Token>;
}

/// Pattern text as written in a policy: `*` and `?` are wildcards.
#[derive(Debug, Clone, Copy)]
pub struct Wild<'a>(pub &'a [u8]);

impl Pattern for Wild<'_> {
    fn token_count(&self) -> usize {
        self.0.len()
    }

    fn token(&self, index: usize) -> Option<Token> {
        self.0.get(index).map(|&byte| match byte {
            b'*' => Token::AnyRun,
            b'?' => Token::AnyOne,
            other => Token::Literal(other),
        })
    }
}

impl Pattern for [Token] {
    fn token_count(&self) -> usize {
        self.len()
    }

    fn token(&self, index: usize) -> Option<Token> {
        self.get(index).copied()
    }
}

/// A sub-range `[start, end)` of another pattern.
#[derive(Debug, Clone, Copy)]
struct Sub<'a, P: ?Sized> {
    pattern: &'a P,
    start: usize,
    end: usize,
}

impl<P: Pattern + ?Sized> Pattern for Sub<'_, P> {
    fn token_count(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    fn token(&self, index: usize) -> Option<Token> {
        let at = self.start.checked_add(index)?;
        if at < self.end {
            self.pattern.token(at)
        } else {
            None
        }
    }
}

/// Glob match of `pattern` against all of `text`. `?` consumes one UTF-8 character. With `fold_case`, ASCII
/// letters compare case-insensitively. Runs in O(|pattern| × |text|) at worst and never allocates.
pub fn glob_match<P: Pattern + ?Sized>(pattern: &P, text: &[u8], fold_case: bool) -> bool {
    let same = |a: u8, b: u8| {
        if fold_case {
            a.eq_ignore_ascii_case(&b)
        } else {
            a == b
        }
    };
    let mut pattern_at = 0usize;
    let mut text_at = 0usize;
    // Where the last `*` was, and the text position it is currently assumed to stop at.
    let mut backtrack: Option<(usize, usize)> = None;
    while let Some(&byte) = text.get(text_at) {
        match pattern.token(pattern_at) {
            Some(Token::AnyRun) => {
                backtrack = Some((pattern_at, text_at));
                pattern_at += 1;
                continue;
            }
            Some(Token::AnyOne) => {
                pattern_at += 1;
                text_at += utf8_width(byte);
                continue;
            }
            Some(Token::Literal(literal)) if same(literal, byte) => {
                pattern_at += 1;
                text_at += 1;
                continue;
            }
            _ => {}
        }
        match backtrack {
            Some((star_at, star_text_at)) => {
                let resume = next_char_boundary(text, star_text_at);
                backtrack = Some((star_at, resume));
                pattern_at = star_at + 1;
                text_at = resume;
            }
            None => return false,
        }
    }
    if text_at > text.len() {
        // A `?` stepped over a truncated character: no match.
        return false;
    }
    while pattern.token(pattern_at) == Some(Token::AnyRun) {
        pattern_at += 1;
    }
    pattern_at == pattern.token_count()
}

/// Whether an `Action`/`NotAction` pattern matches `action` (case-insensitive, `*` and `?`).
pub fn action_matches(pattern: &str, action: &str) -> bool {
    let (pattern_bytes, action_bytes) = (pattern.as_bytes(), action.as_bytes());
    // Most patterns name another service or another action: reject on the first or last byte (a pattern that
    // ends in a literal character only matches text ending in it) before anything else.
    let literal_differs = |expected: Option<&u8>, actual: Option<&u8>| match (expected, actual) {
        (Some(b'*' | b'?'), _) => false,
        (Some(expected), Some(actual)) => !expected.eq_ignore_ascii_case(actual),
        _ => false,
    };
    if literal_differs(pattern_bytes.first(), action_bytes.first())
        || literal_differs(pattern_bytes.last(), action_bytes.last())
    {
        return false;
    }
    let literal = literal_prefix(pattern);
    let (Some(head), Some(rest), Some(action_rest)) = (
        action_bytes.get(..literal.len()),
        pattern_bytes.get(literal.len()..),
        action_bytes.get(literal.len()..),
    ) else {
        return false;
    };
    if !head.eq_ignore_ascii_case(literal) {
        return false;
    }
    match rest {
        [] => action_rest.is_empty(),
        b"*" => true,
        _ => glob_match(&Wild(rest), action_rest, true),
    }
}

/// Whether a `Resource`/`NotResource` pattern (as written) matches `resource`. See the module docs.
pub fn resource_matches(pattern: &str, resource: &str) -> bool {
    let (pattern_bytes, resource_bytes) = (pattern.as_bytes(), resource.as_bytes());
    // Before the first wildcard the segment-wise comparison is a byte-for-byte one; a single trailing `*`
    // then matches the rest (it runs past colons and slashes alike). A pattern ending in a literal character
    // only matches text ending in it.
    if let (Some(last), Some(actual)) = (pattern_bytes.last(), resource_bytes.last()) {
        if !matches!(last, b'*' | b'?') && last != actual {
            return false;
        }
    }
    let literal = literal_prefix(pattern);
    if !resource_bytes.starts_with(literal) {
        return false;
    }
    match pattern_bytes.get(literal.len()..) {
        Some([]) => resource_bytes.len() == literal.len(),
        Some(b"*") => true,
        _ => resource_pattern_matches(&Wild(pattern_bytes), resource),
    }
}

/// The bytes of `pattern` before its first wildcard.
fn literal_prefix(pattern: &str) -> &[u8] {
    let bytes = pattern.as_bytes();
    bytes.get(..find_either(bytes, b'*', b'?')).unwrap_or(bytes)
}

/// The index of the first `first` or `second` byte in `haystack`, or its length. Eight bytes at a time (the
/// classic "has a zero byte" word trick), since this runs for every pattern of every statement.
pub fn find_either(haystack: &[u8], first: u8, second: u8) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has = |word: u64, byte: u8| {
        let spread = word ^ (ONES * u64::from(byte));
        spread.wrapping_sub(ONES) & !spread & HIGHS
    };
    let mut at = 0usize;
    while let Some(chunk) = haystack
        .get(at..at + 8)
        .and_then(|chunk| <[u8; 8]>::try_from(chunk).ok())
    {
        let word = u64::from_le_bytes(chunk);
        if has(word, first) | has(word, second) != 0 {
            break;
        }
        at += 8;
    }
    haystack
        .get(at..)
        .and_then(|rest| rest.iter().position(|&byte| byte == first || byte == second))
        .map_or(haystack.len(), |offset| at + offset)
}

/// Segment-wise ARN match for the `Arn*` condition operators: "each of the six colon-delimited components of
/// the ARN is checked separately", so a wildcard never crosses a colon before the resource part (except a `*`
/// ending a pattern that has fewer than six components, which covers the rest).
pub fn arn_pattern_matches<P: Pattern + ?Sized>(pattern: &P, value: &str) -> bool {
    segments_match(pattern, 0, value.as_bytes(), 0, 5, false)
}

/// Segment-wise match for the `Resource` element, where in addition "if the `*` wildcard is the last character
/// of a resource ARN segment, it can expand to match beyond the colon boundaries" (IAM User Guide,
/// `reference_policies_elements_resource`, current text): `arn:aws:secretsmanager:*:secret:x` matches
/// `arn:aws:secretsmanager:us-east-1:111122223333:secret:x`.
pub fn resource_pattern_matches<P: Pattern + ?Sized>(pattern: &P, resource: &str) -> bool {
    segments_match(pattern, 0, resource.as_bytes(), 0, 5, true)
}

/// Matches the pattern from `pattern_at` against the text from `text_at`, with `segments_left` colon-delimited
/// segments before the resource part. Backtracks over the text colons a trailing `*` may cover (at most five
/// levels deep, so the work stays small).
fn segments_match<P: Pattern + ?Sized>(
    pattern: &P,
    pattern_at: usize,
    text: &[u8],
    text_at: usize,
    segments_left: usize,
    star_extends: bool,
) -> bool {
    let count = pattern.token_count();
    if pattern_at == 0 && count == 1 && pattern.token(0) == Some(Token::AnyRun) {
        return true;
    }
    let Some(text_rest) = text.get(text_at..) else {
        return false;
    };
    let colon = if segments_left == 0 {
        None
    } else {
        (pattern_at..count).find(|&at| pattern.token(at) == Some(Token::Literal(b':')))
    };
    let Some(pattern_colon) = colon else {
        // The resource part, or the last segment of a short pattern: its wildcards cover everything left.
        return glob_match(
            &Sub {
                pattern,
                start: pattern_at,
                end: count,
            },
            text_rest,
            false,
        );
    };
    let segment = Sub {
        pattern,
        start: pattern_at,
        end: pattern_colon,
    };
    let ends_with_star =
        star_extends && pattern_colon > pattern_at && pattern.token(pattern_colon - 1) == Some(Token::AnyRun);
    for (offset, _) in text_rest.iter().enumerate().filter(|(_, &byte)| byte == b':') {
        let text_colon = text_at + offset;
        let Some(text_segment) = text.get(text_at..text_colon) else {
            return false;
        };
        if glob_match(&segment, text_segment, false)
            && segments_match(
                pattern,
                pattern_colon + 1,
                text,
                text_colon + 1,
                segments_left - 1,
                star_extends,
            )
        {
            return true;
        }
        if !ends_with_star {
            return false;
        }
    }
    false
}

/// How a `Principal` value named the caller. The order is the strength of a resource-policy grant made by it
/// (IAM User Guide, policy evaluation logic, "resource-based policies" table; reference 6.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PrincipalMatch {
    /// The account (`"123456789012"` or `arn:aws:iam::123456789012:root`): delegates to the account's IAM
    /// policies, so an identity-based Allow is still required.
    Account,
    /// The role ARN, and the caller is a session of that role (or the role itself): the grant stands without an
    /// identity-based Allow but is still capped by the permissions boundary and session policies.
    Role,
    /// `*`, or the caller's exact ARN (user, role session, federated user, service principal): the grant stands
    /// on its own.
    Exact,
}

/// Whether one value of a `Principal` map names `principal`, and how.
///
/// Modelled (IAM User Guide, `reference_policies_elements_principal`): `"*"` names everyone, anonymous callers
/// included; an account id or root ARN names every principal of that account; a role ARN names the role's
/// sessions; a session ARN names exactly that session (no wildcards); user ARNs compare case-sensitively;
/// service principals are matched by name under the `Service` key. Partial wildcards are not supported in
/// principals, so values compare literally. Unique ids (`AROA...`) cannot be resolved here and match nothing.
pub fn principal_value_match(
    key: PrincipalKey,
    value: &str,
    principal: &Principal,
) -> Option<PrincipalMatch> {
    let is_iam_principal = !matches!(principal.kind, PrincipalKind::Service | PrincipalKind::Anonymous);
    match key {
        PrincipalKey::Aws => {
            if value == "*" {
                return Some(PrincipalMatch::Exact);
            }
            if !is_iam_principal {
                return None;
            }
            // `same_bytes` rather than `==`: string equality is a byte loop in wasm.
            if let Some(account) = account_principal(value) {
                return same_bytes(account.as_bytes(), principal.account.as_bytes())
                    .then_some(PrincipalMatch::Account);
            }
            match &principal.kind {
                PrincipalKind::AssumedRole { role_arn, .. }
                    if same_bytes(role_arn.as_bytes(), value.as_bytes()) =>
                {
                    return Some(PrincipalMatch::Role)
                }
                PrincipalKind::Role if same_bytes(principal.arn.as_bytes(), value.as_bytes()) => {
                    return Some(PrincipalMatch::Role)
                }
                _ => {}
            }
            same_bytes(principal.arn.as_bytes(), value.as_bytes()).then_some(PrincipalMatch::Exact)
        }
        PrincipalKey::Service => (matches!(principal.kind, PrincipalKind::Service)
            && same_bytes(principal.arn.as_bytes(), value.as_bytes()))
        .then_some(PrincipalMatch::Exact),
        PrincipalKey::Federated => {
            same_bytes(principal.arn.as_bytes(), value.as_bytes()).then_some(PrincipalMatch::Exact)
        }
        PrincipalKey::CanonicalUser => None,
    }
}

/// Whether a `NotPrincipal` list exempts `principal` from the statement.
///
/// Modelled (IAM User Guide, `reference_policies_elements_notprincipal`): "AWS might validate the account first,
/// then the role, and then the assumed-role user", so authors are told to list the account ARN, the role ARN
/// and the session ARN. Where the guide says "might", we take the reading that never grants more:
/// - `Deny` (`every_level` true): an IAM principal is exempt only when its account and its own ARN are listed,
///   and for a role session also its role ARN; otherwise some level is denied, and so is the caller.
/// - `Allow` (`every_level` false; the guide says NotPrincipal+Allow is unsupported and grants to everyone
///   except those named): the caller is left out when any of its levels is named.
///
/// `"*"` names every level.
pub fn not_principal_exempts<'a>(
    entries: impl Iterator<Item = (PrincipalKey, &'a str)> + Clone,
    principal: &Principal,
    every_level: bool,
) -> bool {
    let named = |wanted: PrincipalMatch| {
        entries
            .clone()
            .any(|(key, value)| principal_value_match(key, value, principal) == Some(wanted))
    };
    let wildcard = entries
        .clone()
        .any(|(key, value)| key == PrincipalKey::Aws && value == "*");
    if wildcard {
        return true;
    }
    let levels: &[PrincipalMatch] = match &principal.kind {
        PrincipalKind::Service | PrincipalKind::Anonymous => &[PrincipalMatch::Exact],
        PrincipalKind::Root => &[PrincipalMatch::Account],
        PrincipalKind::Role => &[PrincipalMatch::Account, PrincipalMatch::Role],
        PrincipalKind::AssumedRole { .. } => &[
            PrincipalMatch::Account,
            PrincipalMatch::Role,
            PrincipalMatch::Exact,
        ],
        PrincipalKind::User | PrincipalKind::FederatedUser => {
            &[PrincipalMatch::Account, PrincipalMatch::Exact]
        }
    };
    if every_level {
        levels.iter().all(|&level| named(level))
    } else {
        levels.iter().any(|&level| named(level))
    }
}

/// The account id named by an account principal (`123456789012` or `arn:PARTITION:iam::123456789012:root`).
pub fn account_principal(value: &str) -> Option<&str> {
    if value.len() != 12 && !value.ends_with(":root") {
        return None;
    }
    if value.len() == 12 && value.bytes().all(|byte| byte.is_ascii_digit()) {
        return Some(value);
    }
    let rest = value.strip_prefix("arn:")?;
    let (_partition, rest) = rest.split_once(':')?;
    let rest = rest.strip_prefix("iam::")?;
    let account = rest.strip_suffix(":root")?;
    (!account.is_empty() && !account.contains(':')).then_some(account)
}

fn utf8_width(lead: u8) -> usize {
    match lead {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// The first character boundary strictly after `at`.
fn next_char_boundary(text: &[u8], at: usize) -> usize {
    let mut next = at + 1;
    while text.get(next).is_some_and(|&byte| byte & 0xC0 == 0x80) {
        next += 1;
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> Principal {
        Principal {
            arn: "arn:aws:sts::111122223333:assumed-role/App/i-0abc".into(),
            account: "111122223333".into(),
            kind: PrincipalKind::AssumedRole {
                role_arn: "arn:aws:iam::111122223333:role/team/App".into(),
                session_name: "i-0abc".into(),
            },
        }
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
    #[test]
    fn actions_are_case_insensitive_globs() {
        assert!(action_matches(
            "secretsmanager:GetSecretValue",
            "secretsmanager:GetSecretValue"
        ));
        assert!(action_matches(
            "SecretsManager:getsecretvalue",
            "secretsmanager:GetSecretValue"
        ));
        assert!(action_matches(
            "secretsmanager:Get*",
            "secretsmanager:GetSecretValue"
        ));
        assert!(action_matches("*", "kms:Decrypt"));
        assert!(action_matches("kms:?ecrypt", "kms:Decrypt"));
        assert!(!action_matches("kms:?ecrypt", "kms:ReDecrypt"));
        assert!(!action_matches(
            "secretsmanager:Get*",
            "secretsmanager:PutSecretValue"
        ));
        assert!(!action_matches(
            "secretsmanager:GetSecret",
            "secretsmanager:GetSecretValue"
        ));
        assert!(action_matches("*:Describe*", "kms:DescribeKey"));
    }

    #[test]
    fn glob_backtracks_and_counts_characters() {
        assert!(glob_match(&Wild(b"a*b*c"), b"aXbYbZc", false));
        assert!(!glob_match(&Wild(b"a*b*c"), b"aXbYbZ", false));
        assert!(glob_match(&Wild(b"**"), b"", false));
        assert!(!glob_match(&Wild(b"?"), b"", false));
        assert!(glob_match(&Wild("?".as_bytes()), "é".as_bytes(), false));
        assert!(!glob_match(&Wild("??".as_bytes()), "é".as_bytes(), false));
        assert!(glob_match(&Wild("*?x".as_bytes()), "éx".as_bytes(), false));
        assert!(!glob_match(&Wild(b"ABC"), b"abc", false));
        assert!(glob_match(&Wild(b"ABC"), b"abc", true));
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
    #[test]
    fn resources_match_segment_by_segment() {
        let secret = "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db/password-AbCdEf";
        assert!(resource_matches("*", secret));
        assert!(resource_matches(secret, secret));
        assert!(resource_matches("arn:aws:secretsmanager:*:*:secret:*", secret));
        assert!(resource_matches(
            "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/*",
            secret
        ));
        assert!(resource_matches(
            "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db/password-??????",
            secret
        ));
        assert!(!resource_matches(
            "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db/password-?????",
            secret
        ));
        // Case-sensitive.
        assert!(!resource_matches(
            "arn:aws:secretsmanager:us-east-1:111122223333:secret:Prod/*",
            secret
        ));
        assert!(!resource_matches("ARN:aws:secretsmanager:*:*:secret:*", secret));
        // A `*` ending a segment may run past colons (current IAM User Guide text)...
        assert!(resource_matches("arn:aws:*:111122223333:secret:*", secret));
        assert!(resource_matches("arn:aws:secretsmanager:*:secret:prod/*", secret));
        assert!(resource_matches(
            "arn:aws:secretsmanager:us-east-1:*:prod/*",
            secret
        ));
        // ...one inside a segment does not.
        assert!(!resource_matches(
            "arn:aws:secrets*manager:111122223333:secret:*",
            secret
        ));
        assert!(!resource_matches(
            "arn:aws:secretsmanager:*-1:secret:prod/*",
            secret
        ));
        // ...and neither does a `?`.
        assert!(!resource_matches(
            "arn:aws:secretsmanager:us-east-?:secret:prod/*",
            secret
        ));
        // A `*` ending the pattern covers the rest.
        assert!(resource_matches("arn:aws:secretsmanager:*", secret));
        assert!(resource_matches("arn:*", secret));
        // The resource part: `*` crosses `/` and `:`.
        assert!(resource_matches(
            "arn:aws:secretsmanager:us-east-1:111122223333:*",
            secret
        ));
        assert!(resource_matches(
            "arn:aws:ssm:us-east-1:1:parameter*",
            "arn:aws:ssm:us-east-1:1:parameter/a:b"
        ));
        // A resource-less request (`*`) only matches `*`.
        assert!(!resource_matches("arn:aws:secretsmanager:*:*:secret:*", "*"));
        assert!(resource_matches("*", "*"));
        assert!(!resource_matches(
            "arn:aws:iam::111122223333:user/Bob",
            "arn:aws:iam::111122223333:user/bob"
        ));
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
    #[test]
    fn principals_by_kind() {
        let caller = session();
        let aws = PrincipalKey::Aws;
        assert_eq!(
            principal_value_match(aws, "*", &caller),
            Some(PrincipalMatch::Exact)
        );
        assert_eq!(
            principal_value_match(aws, "111122223333", &caller),
            Some(PrincipalMatch::Account)
        );
        assert_eq!(
            principal_value_match(aws, "arn:aws:iam::111122223333:root", &caller),
            Some(PrincipalMatch::Account)
        );
        assert_eq!(
            principal_value_match(aws, "arn:aws:iam::444455556666:root", &caller),
            None
        );
        assert_eq!(
            principal_value_match(aws, "arn:aws:iam::111122223333:role/team/App", &caller),
            Some(PrincipalMatch::Role)
        );
        assert_eq!(
            principal_value_match(aws, "arn:aws:iam::111122223333:role/App", &caller),
            None
        );
        assert_eq!(
            principal_value_match(aws, "arn:aws:sts::111122223333:assumed-role/App/i-0abc", &caller),
            Some(PrincipalMatch::Exact)
        );
        assert_eq!(
            principal_value_match(aws, "arn:aws:sts::111122223333:assumed-role/App/i-other", &caller),
            None
        );
        assert_eq!(
            principal_value_match(PrincipalKey::Service, "ec2.amazonaws.com", &caller),
            None
        );
        let ec2 = Principal {
            arn: "ec2.amazonaws.com".into(),
            account: String::new(),
            kind: PrincipalKind::Service,
        };
        assert_eq!(
            principal_value_match(PrincipalKey::Service, "ec2.amazonaws.com", &ec2),
            Some(PrincipalMatch::Exact)
        );
        assert_eq!(
            principal_value_match(aws, "arn:aws:iam::111122223333:root", &ec2),
            None
        );
        assert_eq!(principal_value_match(aws, "*", &ec2), Some(PrincipalMatch::Exact));
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
    #[test]
    fn not_principal_needs_every_level() {
        let caller = session();
        let all = [
            (
                PrincipalKey::Aws,
                "arn:aws:sts::111122223333:assumed-role/App/i-0abc",
            ),
            (PrincipalKey::Aws, "arn:aws:iam::111122223333:role/team/App"),
            (PrincipalKey::Aws, "arn:aws:iam::111122223333:root"),
        ];
        assert!(not_principal_exempts(all.iter().copied(), &caller, true));
        let (first_two, _) = all.split_at(2);
        assert!(!not_principal_exempts(first_two.iter().copied(), &caller, true));
        assert!(!not_principal_exempts(all.iter().skip(1).copied(), &caller, true));
        assert!(not_principal_exempts(
            [(PrincipalKey::Aws, "*")].into_iter(),
            &caller,
            true
        ));
        // For an Allow, naming any level leaves the caller out of the grant.
        assert!(not_principal_exempts(first_two.iter().copied(), &caller, false));
        assert!(not_principal_exempts(all.iter().skip(2).copied(), &caller, false));
        let stranger = [(PrincipalKey::Aws, "arn:aws:iam::444455556666:root")];
        assert!(!not_principal_exempts(stranger.iter().copied(), &caller, false));
    }

    #[test]
    fn find_either_scans_words_and_tails() {
        for text in [
            "",
            "a",
            "abcdefgh",
            "abcdefgh*",
            "abc?defghijklmnop",
            "abcdefghijklmnopqrstuvwx*yz",
            "*",
        ] {
            let expected = text.find(['*', '?']).unwrap_or(text.len());
            assert_eq!(find_either(text.as_bytes(), b'*', b'?'), expected, "{text}");
        }
        // Bytes above 0x80 next to the needle do not confuse the word trick.
        let text = "ééééé*";
        assert_eq!(find_either(text.as_bytes(), b'*', b'?'), text.len() - 1);
    }

    #[test]
    fn account_principals() {
        assert_eq!(account_principal("111122223333"), Some("111122223333"));
        assert_eq!(
            account_principal("arn:aws:iam::111122223333:root"),
            Some("111122223333")
        );
        assert_eq!(
            account_principal("arn:aws-cn:iam::111122223333:root"),
            Some("111122223333")
        );
        assert_eq!(account_principal("arn:aws:iam::111122223333:user/root"), None);
        assert_eq!(account_principal("11112222333"), None);
    }
}
