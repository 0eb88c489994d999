//! Condition operators: evaluates one (operator, key, values) entry of a `Condition` block against the request
//! context, exactly as the IAM User Guide describes (`reference_policies_elements_condition_operators`,
//! `reference_policies_multi-value-conditions`).
//!
//! Semantics modelled:
//! - Key names are case-insensitive. Values of one key are ORed; for negated operators (`StringNotEquals`,
//!   `StringNotLike`, `ArnNotEquals`, `ArnNotLike`, `NotIpAddress`, `NumericNotEquals`, `DateNotEquals`,
//!   `StringNotEqualsIgnoreCase`) the request value must differ from every policy value (AND).
//! - Missing key (absent, or present with no values): positive operators are false, negated operators are
//!   true, `...IfExists` is true, `ForAllValues:` is true, `ForAnyValue:` is false (true with `IfExists`),
//!   `Null: "true"` is true. For the set operators, values that are all empty strings are an empty data set:
//!   `ForAllValues:` is true, `ForAnyValue:` false (`reference_policies_condition-single-vs-multi-valued-context-keys`).
//! - A plain (non-set) operator against a multivalued key (a `...List` context type or more than one value)
//!   does not match, whether positive or negated (reference 6.7, following the re:Inforce 2025 guidance as
//!   implemented by iam-simulate; the guide itself only says not to do it).
//! - Values that cannot be read by the operator (a number that is not a number, a bad date, a bad CIDR, bad
//!   base64) neither match nor differ: a positive operator is false for that value, and a negated operator
//!   cannot be satisfied by it (so an unreadable policy value makes `NumericNotEquals` false).
//! - Variables are substituted only in String and Arn operators (and never in `Bool`, where the guide
//!   contradicts itself; we follow `reference_policies_variables`, which says no). A value whose variable is
//!   missing does not match a positive operator and does satisfy a negated one.

use std::cmp::Ordering;
use std::net::IpAddr;

use crate::ast::{Condition, ConditionOperator, OperatorBase, SetQualifier, Spanned};
use crate::matching::{arn_pattern_matches, glob_match, Pattern, Token, Wild};
use crate::prepared::{same_bytes, PreparedCondition};
use crate::request::{ContextValue, RequestContext};
use crate::variables::{has_variables, substitute, substitute_pieces, Substituted};

/// Whether `condition` holds for `context`. `substitute` is whether the policy substitutes variables
/// (`Version: 2012-10-17`). Never fails.
pub fn condition_matches(condition: &Condition, context: &RequestContext, substitute: bool) -> bool {
    condition_holds(
        condition,
        context.lookup(&condition.key.value),
        context,
        substitute,
    )
}

/// [`condition_matches`] with the key and values prepared when the policy was parsed: the evaluator's form.
pub(crate) fn prepared_condition_matches(
    condition: &Condition,
    prepared: &PreparedCondition,
    context: &RequestContext,
    substitute: bool,
) -> bool {
    // Without a variable in any value, substitution would leave every value as written.
    let substitute = substitute && prepared.variables;
    condition_holds(
        condition,
        context.lookup_lowered(&prepared.key),
        context,
        substitute,
    )
}

/// `condition` against `entry`, the request's value of its key (if any).
fn condition_holds(
    condition: &Condition,
    entry: Option<&ContextValue>,
    context: &RequestContext,
    substitute: bool,
) -> bool {
    let operator = condition.operator.value;
    // A key with no values is missing.
    let present = entry.filter(|value| !value.values.is_empty());
    if operator.base == OperatorBase::Null {
        let is_null = present.is_none();
        return condition
            .values
            .iter()
            .any(|value| parse_bool(&value.value) == Some(is_null));
    }
    let values = &condition.values;
    let substitute = substitute && allows_variables(operator.base);
    // For the set operators, values that are all empty strings are an empty data set ("if the key values in
    // the request resolve to an empty data set (for example, an empty string), a condition operator modified by
    // ForAllValues returns true").
    let empty_set = |value: &ContextValue| value.values.iter().all(String::is_empty);
    match operator.qualifier {
        None => match present {
            None => operator.if_exists || is_negated(operator.base),
            Some(value) if is_multivalued(value) => false,
            Some(value) => value.values.first().is_some_and(|single| {
                single_value_matches(operator.base, values, single, context, substitute)
            }),
        },
        Some(SetQualifier::ForAllValues) => present.is_none_or(|value| {
            empty_set(value)
                || value
                    .values
                    .iter()
                    .all(|single| single_value_matches(operator.base, values, single, context, substitute))
        }),
        Some(SetQualifier::ForAnyValue) => match present {
            None => operator.if_exists,
            Some(value) => {
                !empty_set(value)
                    && value.values.iter().any(|single| {
                        single_value_matches(operator.base, values, single, context, substitute)
                    })
            }
        },
    }
}

/// Whether the operator is a negated one (missing key → true; several values → must differ from all).
pub fn is_negated(base: OperatorBase) -> bool {
    matches!(
        base,
        OperatorBase::StringNotEquals
            | OperatorBase::StringNotEqualsIgnoreCase
            | OperatorBase::StringNotLike
            | OperatorBase::NumericNotEquals
            | OperatorBase::DateNotEquals
            | OperatorBase::NotIpAddress
            | OperatorBase::ArnNotEquals
            | OperatorBase::ArnNotLike
    )
}

/// Whether policy variables are substituted in the values of this operator.
pub fn allows_variables(base: OperatorBase) -> bool {
    matches!(
        base,
        OperatorBase::StringEquals
            | OperatorBase::StringNotEquals
            | OperatorBase::StringEqualsIgnoreCase
            | OperatorBase::StringNotEqualsIgnoreCase
            | OperatorBase::StringLike
            | OperatorBase::StringNotLike
            | OperatorBase::ArnEquals
            | OperatorBase::ArnLike
            | OperatorBase::ArnNotEquals
            | OperatorBase::ArnNotLike
    )
}

/// The operator as written in a policy: `ForAnyValue:StringEqualsIfExists`.
pub fn operator_name(operator: ConditionOperator) -> String {
    operator.name()
}

/// The policy values of `condition` after variable substitution, for explanations: `None` where a variable
/// had no value.
pub fn substituted_values(
    condition: &Condition,
    context: &RequestContext,
    substitutes: bool,
) -> Vec<Option<String>> {
    let substitutes = substitutes && allows_variables(condition.operator.value.base);
    condition
        .values
        .iter()
        .map(|value| {
            if substitutes {
                substitute(&value.value, context).to_text()
            } else {
                Some(value.value.clone())
            }
        })
        .collect()
}

/// The keys a condition needs from the request context: its key, and the keys of variables in its values that
/// have no default.
pub fn referenced_keys<'a>(
    condition: &'a Condition,
    substitutes: bool,
) -> impl Iterator<Item = &'a str> + 'a {
    let substitutes = substitutes && allows_variables(condition.operator.value.base);
    let variables = condition
        .values
        .iter()
        .filter(move |_| substitutes)
        .flat_map(|value| crate::variables::variable_keys(&value.value));
    std::iter::once(condition.key.value.as_str()).chain(variables)
}

fn is_multivalued(value: &ContextValue) -> bool {
    value.key_type.is_multivalued() || value.values.len() > 1
}

/// One request value against all policy values: ORed for positive operators, ANDed (must differ from all)
/// for negated ones.
fn single_value_matches(
    base: OperatorBase,
    policy_values: &[Spanned<String>],
    request_value: &str,
    context: &RequestContext,
    substitutes: bool,
) -> bool {
    let positive = |policy_value: &Spanned<String>| {
        let text = policy_value.value.as_str();
        if substitutes && has_variables(text) {
            match substitute_pieces(text, context) {
                Ok(Some(pieces)) => compare_tokens(base, &pieces, request_value),
                // More pieces than fit on the stack: substitute into a vector.
                Ok(None) => match substitute(text, context) {
                    Substituted::Plain(plain) => compare(base, plain, request_value),
                    Substituted::Tokens(tokens) => compare_tokens(base, tokens.as_slice(), request_value),
                    Substituted::Missing(_) => Some(false),
                },
                // A missing variable never matches; for a negated operator the value then "differs".
                Err(_) => Some(false),
            }
        } else {
            compare(base, text, request_value)
        }
    };
    if is_negated(base) {
        policy_values.iter().all(|value| positive(value) == Some(false))
    } else {
        policy_values.iter().any(|value| positive(value) == Some(true))
    }
}

/// The positive form of `base` for one policy value (as written) and one request value. `None` when either
/// value cannot be read by the operator.
fn compare(base: OperatorBase, policy_value: &str, request_value: &str) -> Option<bool> {
    use OperatorBase as B;
    Some(match base {
        // `same_bytes` rather than `==`: string equality is a byte loop in wasm.
        B::StringEquals | B::StringNotEquals => same_bytes(policy_value.as_bytes(), request_value.as_bytes()),
        B::StringEqualsIgnoreCase | B::StringNotEqualsIgnoreCase => {
            equal_ignoring_case(policy_value, request_value)
        }
        B::StringLike | B::StringNotLike => {
            glob_match(&Wild(policy_value.as_bytes()), request_value.as_bytes(), false)
        }
        B::ArnEquals | B::ArnLike | B::ArnNotEquals | B::ArnNotLike => {
            arn_pattern_matches(&Wild(policy_value.as_bytes()), request_value)
        }
        B::NumericEquals
        | B::NumericNotEquals
        | B::NumericLessThan
        | B::NumericLessThanEquals
        | B::NumericGreaterThan
        | B::NumericGreaterThanEquals => {
            let ordering = Decimal::parse(request_value)?.cmp(&Decimal::parse(policy_value)?);
            ordering_matches(base, ordering)
        }
        B::DateEquals
        | B::DateNotEquals
        | B::DateLessThan
        | B::DateLessThanEquals
        | B::DateGreaterThan
        | B::DateGreaterThanEquals => {
            let ordering = parse_date(request_value)?.cmp(&parse_date(policy_value)?);
            ordering_matches(base, ordering)
        }
        B::Bool => parse_bool(request_value)? == parse_bool(policy_value)?,
        B::BinaryEquals => decode_base64(request_value)? == decode_base64(policy_value)?,
        B::IpAddress | B::NotIpAddress => {
            let (network, prefix) = parse_cidr(policy_value)?;
            let address = parse_request_ip(request_value)?;
            ip_in_network(address, network, prefix)?
        }
        B::Null => return None,
    })
}

/// [`compare`] for a policy value that went through variable substitution (wildcards only where the policy
/// wrote them). Allocates only for `...IgnoreCase` with non-ASCII text.
fn compare_tokens<P: Pattern + ?Sized>(base: OperatorBase, tokens: &P, request_value: &str) -> Option<bool> {
    use OperatorBase as B;
    let literal = || {
        (0..tokens.token_count())
            .filter_map(|index| tokens.token(index))
            .map(Token::as_byte)
    };
    match base {
        B::StringLike | B::StringNotLike => Some(glob_match(tokens, request_value.as_bytes(), false)),
        B::ArnEquals | B::ArnLike | B::ArnNotEquals | B::ArnNotLike => {
            Some(arn_pattern_matches(tokens, request_value))
        }
        B::StringEquals | B::StringNotEquals => Some(literal().eq(request_value.bytes())),
        B::StringEqualsIgnoreCase | B::StringNotEqualsIgnoreCase
            if request_value.is_ascii() && literal().all(|b| b.is_ascii()) =>
        {
            Some(
                literal()
                    .map(|b| b.to_ascii_lowercase())
                    .eq(request_value.bytes().map(|b| b.to_ascii_lowercase())),
            )
        }
        _ => {
            let bytes: Vec<u8> = literal().collect();
            let text = String::from_utf8_lossy(&bytes);
            compare(base, &text, request_value)
        }
    }
}

fn ordering_matches(base: OperatorBase, ordering: Ordering) -> bool {
    use OperatorBase as B;
    match base {
        B::NumericEquals | B::NumericNotEquals | B::DateEquals | B::DateNotEquals => {
            ordering == Ordering::Equal
        }
        B::NumericLessThan | B::DateLessThan => ordering == Ordering::Less,
        B::NumericLessThanEquals | B::DateLessThanEquals => ordering != Ordering::Greater,
        B::NumericGreaterThan | B::DateGreaterThan => ordering == Ordering::Greater,
        B::NumericGreaterThanEquals | B::DateGreaterThanEquals => ordering != Ordering::Less,
        _ => false,
    }
}

/// Case-insensitive equality without allocating (Unicode lower-casing, character by character).
fn equal_ignoring_case(left: &str, right: &str) -> bool {
    if left.is_ascii() && right.is_ascii() {
        return left.eq_ignore_ascii_case(right);
    }
    left.chars()
        .flat_map(char::to_lowercase)
        .eq(right.chars().flat_map(char::to_lowercase))
}

/// `true`/`false`, case-insensitive (as IAM reads JSON booleans and strings alike).
pub fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// An exact decimal number (`-12`, `3.50`, `.5`, `+7`), compared without floating point.
#[derive(Debug, Clone, Copy)]
pub struct Decimal<'a> {
    negative: bool,
    /// Integer digits without leading zeros.
    integer: &'a [u8],
    /// Fraction digits without trailing zeros.
    fraction: &'a [u8],
}

impl<'a> Decimal<'a> {
    pub fn parse(text: &'a str) -> Option<Self> {
        let text = text.trim();
        let (negative, digits) = match text.as_bytes() {
            [b'-', rest @ ..] => (true, rest),
            [b'+', rest @ ..] => (false, rest),
            all => (false, all),
        };
        let (integer, fraction) = match digits.iter().position(|&byte| byte == b'.') {
            Some(dot) => (digits.get(..dot)?, digits.get(dot + 1..)?),
            None => (digits, &[][..]),
        };
        if integer.is_empty() && fraction.is_empty() {
            return None;
        }
        if !integer.iter().chain(fraction).all(u8::is_ascii_digit) {
            return None;
        }
        let leading = integer.iter().take_while(|&&byte| byte == b'0').count();
        let trailing = fraction.iter().rev().take_while(|&&byte| byte == b'0').count();
        let integer = integer.get(leading..)?;
        let fraction = fraction.get(..fraction.len() - trailing)?;
        let is_zero = integer.is_empty() && fraction.is_empty();
        Some(Self {
            negative: negative && !is_zero,
            integer,
            fraction,
        })
    }

    fn magnitude_cmp(&self, other: &Self) -> Ordering {
        self.integer
            .len()
            .cmp(&other.integer.len())
            .then_with(|| self.integer.cmp(other.integer))
            .then_with(|| self.fraction.cmp(other.fraction))
    }
}

impl PartialEq for Decimal<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Decimal<'_> {}

impl PartialOrd for Decimal<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.magnitude_cmp(other),
            (true, true) => other.magnitude_cmp(self),
        }
    }
}

/// A date as nanoseconds since the Unix epoch.
///
/// Accepted (IAM User Guide, date condition operators: "ISO 8601 W3C profile" or epoch/UNIX time):
/// `YYYY-MM`, `YYYY-MM-DD`, `YYYY-MM-DDThh:mm[:ss[.fraction]]` followed by `Z` or `±hh:mm` (or nothing, read as
/// UTC), and epoch seconds (digits, optionally with a fraction). A bare `YYYY` is read as epoch seconds: IAM
/// documents epoch values as plain numbers, and a year alone is not a useful date bound.
pub fn parse_date(text: &str) -> Option<i128> {
    let text = text.trim();
    let bytes = text.as_bytes();
    if !bytes.is_empty() && bytes.iter().all(|&byte| byte.is_ascii_digit() || byte == b'.') {
        let decimal = Decimal::parse(text)?;
        let seconds: i128 = digits_value(decimal.integer)?;
        let mut nanos: i128 = 0;
        for (index, digit) in decimal.fraction.iter().take(9).enumerate() {
            let weight = 10i128.checked_pow(8u32.checked_sub(u32::try_from(index).ok()?)?)?;
            nanos += i128::from(digit - b'0') * weight;
        }
        return seconds.checked_mul(1_000_000_000)?.checked_add(nanos);
    }
    let mut cursor = Cursor { bytes, at: 0 };
    let year = cursor.number(4)?;
    cursor.require(b'-')?;
    let month = cursor.number(2)?;
    let day = if cursor.peek() == Some(b'-') {
        cursor.require(b'-')?;
        cursor.number(2)?
    } else {
        1
    };
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) * 86_400;
    let mut nanos: i128 = 0;
    if cursor.peek().is_some() {
        if !matches!(cursor.peek(), Some(b'T' | b't')) {
            return None;
        }
        cursor.at += 1;
        let hour = cursor.number(2)?;
        cursor.require(b':')?;
        let minute = cursor.number(2)?;
        let mut second = 0;
        if cursor.peek() == Some(b':') {
            cursor.at += 1;
            second = cursor.number(2)?;
            if cursor.peek() == Some(b'.') {
                cursor.at += 1;
                let start = cursor.at;
                while cursor.peek().is_some_and(|byte| byte.is_ascii_digit()) {
                    cursor.at += 1;
                }
                let fraction = bytes.get(start..cursor.at)?;
                if fraction.is_empty() {
                    return None;
                }
                for (index, digit) in fraction.iter().take(9).enumerate() {
                    let weight = 10i128.checked_pow(8u32.checked_sub(u32::try_from(index).ok()?)?)?;
                    nanos += i128::from(digit - b'0') * weight;
                }
            }
        }
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        seconds += hour * 3600 + minute * 60 + second;
        match cursor.peek() {
            None => {}
            Some(b'Z' | b'z') => cursor.at += 1,
            Some(sign @ (b'+' | b'-')) => {
                cursor.at += 1;
                let offset_hours = cursor.number(2)?;
                cursor.require(b':')?;
                let offset_minutes = cursor.number(2)?;
                if offset_hours > 23 || offset_minutes > 59 {
                    return None;
                }
                let offset = offset_hours * 3600 + offset_minutes * 60;
                // Local time = UTC + offset, so UTC = local − offset.
                if sign == b'+' {
                    seconds -= offset;
                } else {
                    seconds += offset;
                }
            }
            Some(_) => return None,
        }
        if cursor.peek().is_some() {
            return None;
        }
    }
    Some(i128::from(seconds) * 1_000_000_000 + nanos)
}

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn require(&mut self, byte: u8) -> Option<()> {
        (self.peek() == Some(byte)).then(|| self.at += 1)
    }

    fn number(&mut self, width: usize) -> Option<i64> {
        let digits = self.bytes.get(self.at..self.at + width)?;
        let value = digits_value(digits)?;
        self.at += width;
        Some(value)
    }
}

fn digits_value<T: From<u8> + std::ops::Mul<Output = T> + std::ops::Add<Output = T> + Copy>(
    digits: &[u8],
) -> Option<T> {
    if digits.len() > 30 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let ten = T::from(10);
    Some(
        digits
            .iter()
            .fold(T::from(0), |value, digit| value * ten + T::from(digit - b'0')),
    )
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = if year >= 0 { year } else { year - 399 } / 400;
    let year_of_era = year - era * 400;
    let month_index = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// A policy CIDR (`203.0.113.0/24`, `2001:db8::/32`); a bare address is `/32` or `/128`.
pub fn parse_cidr(text: &str) -> Option<(IpAddr, u8)> {
    let text = text.trim();
    let (address, prefix) = match text.split_once('/') {
        Some((address, prefix)) => (address, Some(prefix)),
        None => (text, None),
    };
    let address: IpAddr = address.parse().ok()?;
    let maximum = if address.is_ipv4() { 32 } else { 128 };
    let prefix = match prefix {
        Some(prefix) => prefix.parse::<u8>().ok().filter(|&prefix| prefix <= maximum)?,
        None => maximum,
    };
    Some((address, prefix))
}

/// A request address; a CIDR-looking value is read as its address.
fn parse_request_ip(text: &str) -> Option<IpAddr> {
    let text = text.trim();
    text.split_once('/')
        .map_or(text, |(address, _)| address)
        .parse()
        .ok()
}

/// Whether `address` lies in `network/prefix`. IPv4 and IPv6 never match each other.
fn ip_in_network(address: IpAddr, network: IpAddr, prefix: u8) -> Option<bool> {
    Some(match (address, network) {
        (IpAddr::V4(address), IpAddr::V4(network)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
            u32::from(address) & mask == u32::from(network) & mask
        }
        (IpAddr::V6(address), IpAddr::V6(network)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
            u128::from(address) & mask == u128::from(network) & mask
        }
        _ => false,
    })
}

/// Standard base64 with optional padding; whitespace ignored.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let mut output = Vec::with_capacity(text.len() / 4 * 3);
    let mut buffer: u32 = 0;
    let mut bits = 0u32;
    let mut padding = 0usize;
    for byte in text.bytes().filter(|byte| !byte.is_ascii_whitespace()) {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                padding += 1;
                continue;
            }
            _ => return None,
        };
        if padding > 0 {
            return None;
        }
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            output.push(((buffer >> bits) & 0xFF) as u8);
        }
    }
    if padding > 2 || bits >= 6 {
        return None;
    }
    Some(output)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::Span;
    use crate::request::ContextKeyType;

    fn spanned(value: &str) -> Spanned<String> {
        Spanned {
            value: value.to_owned(),
            span: Span::default(),
        }
    }

    /// Parses `Qualifier:BaseIfExists` the way a policy spells it (test helper; the parser owns the real one).
    fn operator(name: &str) -> ConditionOperator {
        let (qualifier, rest) = match name.split_once(':') {
            Some(("ForAllValues", rest)) => (Some(SetQualifier::ForAllValues), rest),
            Some(("ForAnyValue", rest)) => (Some(SetQualifier::ForAnyValue), rest),
            _ => (None, name),
        };
        let (base_text, if_exists) = match rest.strip_suffix("IfExists") {
            Some(base) => (base, true),
            None => (rest, false),
        };
        let base = OperatorBase::from_name(base_text).expect("known operator");
        ConditionOperator {
            qualifier,
            base,
            if_exists,
        }
    }

    fn condition(op: &str, key: &str, values: &[&str]) -> Condition {
        Condition {
            operator: Spanned {
                value: operator(op),
                span: Span::default(),
            },
            key: spanned(key),
            values: values.iter().map(|value| spanned(value)).collect(),
        }
    }

    fn holds(op: &str, key: &str, values: &[&str], context: &RequestContext) -> bool {
        condition_matches(&condition(op, key, values), context, true)
    }

    fn single(key: &str, key_type: ContextKeyType, value: &str) -> RequestContext {
        let mut context = RequestContext::new();
        context.insert(key, ContextValue::single(key_type, value));
        context
    }

    fn list(key: &str, key_type: ContextKeyType, values: &[&str]) -> RequestContext {
        let mut context = RequestContext::new();
        context.insert(
            key,
            ContextValue::list(key_type, values.iter().map(|v| (*v).to_owned()).collect()),
        );
        context
    }

    #[test]
    fn operator_names_round_trip() {
        for name in [
            "StringEquals",
            "ForAnyValue:StringLikeIfExists",
            "ForAllValues:ArnNotLike",
            "Null",
        ] {
            assert_eq!(operator_name(operator(name)), name);
        }
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
    #[test]
    fn string_operators() {
        let context = single("aws:PrincipalTag/team", ContextKeyType::String, "Blue");
        assert!(holds(
            "StringEquals",
            "aws:principaltag/TEAM",
            &["Red", "Blue"],
            &context
        ));
        assert!(!holds(
            "StringEquals",
            "aws:PrincipalTag/team",
            &["blue"],
            &context
        ));
        assert!(holds(
            "StringEqualsIgnoreCase",
            "aws:PrincipalTag/team",
            &["BLUE"],
            &context
        ));
        assert!(!holds(
            "StringNotEqualsIgnoreCase",
            "aws:PrincipalTag/team",
            &["bLuE"],
            &context
        ));
        assert!(holds(
            "StringNotEquals",
            "aws:PrincipalTag/team",
            &["blue"],
            &context
        ));
        // Negated operators with several values: must differ from all of them.
        assert!(!holds(
            "StringNotEquals",
            "aws:PrincipalTag/team",
            &["Red", "Blue"],
            &context
        ));
        assert!(holds("StringLike", "aws:PrincipalTag/team", &["B*"], &context));
        assert!(holds("StringLike", "aws:PrincipalTag/team", &["Bl?e"], &context));
        assert!(!holds("StringLike", "aws:PrincipalTag/team", &["b*"], &context));
        assert!(holds(
            "StringNotLike",
            "aws:PrincipalTag/team",
            &["R*", "G*"],
            &context
        ));
        assert!(!holds(
            "StringNotLike",
            "aws:PrincipalTag/team",
            &["R*", "B*"],
            &context
        ));
        // StringEquals does not treat `*` as a wildcard.
        assert!(!holds("StringEquals", "aws:PrincipalTag/team", &["*"], &context));
        let unicode = single("k", ContextKeyType::String, "ÄBC");
        assert!(holds("StringEqualsIgnoreCase", "k", &["äbc"], &unicode));
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists
    #[test]
    fn missing_keys() {
        let empty = RequestContext::new();
        assert!(!holds("StringEquals", "aws:SourceVpce", &["vpce-1"], &empty));
        assert!(holds("StringNotEquals", "aws:SourceVpce", &["vpce-1"], &empty));
        assert!(holds(
            "StringEqualsIfExists",
            "aws:SourceVpce",
            &["vpce-1"],
            &empty
        ));
        assert!(holds(
            "StringNotEqualsIfExists",
            "aws:SourceVpce",
            &["vpce-1"],
            &empty
        ));
        assert!(!holds("StringLike", "k", &["*"], &empty));
        assert!(holds("StringNotLike", "k", &["*"], &empty));
        assert!(!holds("ArnLike", "aws:PrincipalArn", &["*"], &empty));
        assert!(holds("ArnNotLike", "aws:PrincipalArn", &["*"], &empty));
        assert!(!holds("NumericLessThan", "k", &["5"], &empty));
        assert!(holds("NumericNotEquals", "k", &["5"], &empty));
        assert!(holds("NumericLessThanIfExists", "k", &["5"], &empty));
        assert!(!holds(
            "DateGreaterThan",
            "aws:CurrentTime",
            &["2020-01-01"],
            &empty
        ));
        assert!(holds("DateNotEquals", "aws:CurrentTime", &["2020-01-01"], &empty));
        assert!(!holds("Bool", "aws:SecureTransport", &["false"], &empty));
        assert!(holds("BoolIfExists", "aws:SecureTransport", &["false"], &empty));
        assert!(!holds("IpAddress", "aws:SourceIp", &["10.0.0.0/8"], &empty));
        assert!(holds("NotIpAddress", "aws:SourceIp", &["10.0.0.0/8"], &empty));
        assert!(!holds("BinaryEquals", "k", &["QUJD"], &empty));
        // IfExists present: evaluated normally.
        let context = single("aws:SourceVpce", ContextKeyType::String, "vpce-2");
        assert!(!holds(
            "StringEqualsIfExists",
            "aws:SourceVpce",
            &["vpce-1"],
            &context
        ));
        assert!(holds(
            "StringNotEqualsIfExists",
            "aws:SourceVpce",
            &["vpce-1"],
            &context
        ));
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null
    #[test]
    fn null_operator() {
        let empty = RequestContext::new();
        assert!(holds("Null", "aws:PrincipalTag/team", &["true"], &empty));
        assert!(!holds("Null", "aws:PrincipalTag/team", &["false"], &empty));
        let context = single("aws:PrincipalTag/team", ContextKeyType::String, "blue");
        assert!(!holds("Null", "aws:PrincipalTag/team", &["true"], &context));
        assert!(holds("Null", "AWS:PRINCIPALTAG/TEAM", &["false"], &context));
        assert!(holds("Null", "k", &["TRUE"], &empty));
        let empty_list = list("aws:TagKeys", ContextKeyType::StringList, &[]);
        assert!(holds("Null", "aws:TagKeys", &["true"], &empty_list));
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
    #[test]
    fn set_operators() {
        let tags = list("aws:TagKeys", ContextKeyType::StringList, &["env", "team"]);
        assert!(holds(
            "ForAllValues:StringEquals",
            "aws:TagKeys",
            &["env", "team", "cost"],
            &tags
        ));
        assert!(!holds(
            "ForAllValues:StringEquals",
            "aws:TagKeys",
            &["env"],
            &tags
        ));
        assert!(holds("ForAnyValue:StringEquals", "aws:TagKeys", &["env"], &tags));
        assert!(!holds(
            "ForAnyValue:StringEquals",
            "aws:TagKeys",
            &["cost"],
            &tags
        ));
        // Negated base operators per value.
        assert!(holds(
            "ForAllValues:StringNotEquals",
            "aws:TagKeys",
            &["cost"],
            &tags
        ));
        assert!(!holds(
            "ForAllValues:StringNotEquals",
            "aws:TagKeys",
            &["env"],
            &tags
        ));
        assert!(holds(
            "ForAnyValue:StringNotEquals",
            "aws:TagKeys",
            &["env"],
            &tags
        ));
        assert!(!holds(
            "ForAnyValue:StringNotEquals",
            "aws:TagKeys",
            &["env", "team"],
            &tags
        ));
        // Missing or empty keys.
        let empty = RequestContext::new();
        assert!(holds(
            "ForAllValues:StringEquals",
            "aws:TagKeys",
            &["env"],
            &empty
        ));
        assert!(!holds(
            "ForAnyValue:StringEquals",
            "aws:TagKeys",
            &["env"],
            &empty
        ));
        assert!(!holds(
            "ForAnyValue:StringNotEquals",
            "aws:TagKeys",
            &["env"],
            &empty
        ));
        assert!(holds(
            "ForAnyValue:StringEqualsIfExists",
            "aws:TagKeys",
            &["env"],
            &empty
        ));
        let empty_list = list("aws:TagKeys", ContextKeyType::StringList, &[]);
        assert!(holds(
            "ForAllValues:StringEquals",
            "aws:TagKeys",
            &["env"],
            &empty_list
        ));
        assert!(!holds(
            "ForAnyValue:StringEquals",
            "aws:TagKeys",
            &["env"],
            &empty_list
        ));
        // An empty string is an empty data set for the set operators.
        let empty_string = list("aws:TagKeys", ContextKeyType::StringList, &[""]);
        assert!(holds(
            "ForAllValues:StringEquals",
            "aws:TagKeys",
            &["env"],
            &empty_string
        ));
        assert!(!holds(
            "ForAnyValue:StringEquals",
            "aws:TagKeys",
            &["env"],
            &empty_string
        ));
        assert!(!holds(
            "ForAnyValue:StringEqualsIfExists",
            "aws:TagKeys",
            &["env"],
            &empty_string
        ));
        // A plain operator against a multivalued key does not match, positive or negated.
        assert!(!holds("StringEquals", "aws:TagKeys", &["env"], &tags));
        assert!(!holds("StringNotEquals", "aws:TagKeys", &["other"], &tags));
        let one_item_list = list(
            "aws:CalledVia",
            ContextKeyType::StringList,
            &["athena.amazonaws.com"],
        );
        assert!(!holds(
            "StringEquals",
            "aws:CalledVia",
            &["athena.amazonaws.com"],
            &one_item_list
        ));
        assert!(holds(
            "ForAnyValue:StringEquals",
            "aws:CalledVia",
            &["athena.amazonaws.com"],
            &one_item_list
        ));
        // Set operators on a single-valued key treat it as a one-element set.
        let single_value = single("k", ContextKeyType::String, "a");
        assert!(holds("ForAnyValue:StringEquals", "k", &["a"], &single_value));
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric
    #[test]
    fn numeric_operators() {
        let context = single("ec2:RoleDelivery", ContextKeyType::Numeric, "1.0");
        assert!(holds("NumericLessThan", "ec2:RoleDelivery", &["2.0"], &context));
        assert!(holds("NumericEquals", "ec2:RoleDelivery", &["1"], &context));
        assert!(holds("NumericEquals", "ec2:RoleDelivery", &["01.000"], &context));
        assert!(!holds("NumericNotEquals", "ec2:RoleDelivery", &["1"], &context));
        assert!(holds("NumericNotEquals", "ec2:RoleDelivery", &["2"], &context));
        assert!(holds(
            "NumericLessThanEquals",
            "ec2:RoleDelivery",
            &["1"],
            &context
        ));
        assert!(!holds("NumericGreaterThan", "ec2:RoleDelivery", &["1"], &context));
        assert!(holds(
            "NumericGreaterThanEquals",
            "ec2:RoleDelivery",
            &["1"],
            &context
        ));
        assert!(holds(
            "NumericGreaterThan",
            "ec2:RoleDelivery",
            &["-3.5"],
            &context
        ));
        // Unreadable values neither match nor differ.
        assert!(!holds("NumericEquals", "ec2:RoleDelivery", &["one"], &context));
        assert!(!holds("NumericNotEquals", "ec2:RoleDelivery", &["one"], &context));
        let days = single(
            "secretsmanager:RecoveryWindowInDays",
            ContextKeyType::Numeric,
            "7",
        );
        assert!(holds(
            "NumericLessThan",
            "secretsmanager:RecoveryWindowInDays",
            &["30"],
            &days
        ));
        assert!(!holds(
            "NumericLessThan",
            "secretsmanager:RecoveryWindowInDays",
            &["7"],
            &days
        ));
    }

    #[test]
    fn decimals_compare_exactly() {
        let cmp = |a: &str, b: &str| Decimal::parse(a).expect("a").cmp(&Decimal::parse(b).expect("b"));
        assert_eq!(cmp("0.5", "0.55"), Ordering::Less);
        assert_eq!(cmp("0.6", "0.55"), Ordering::Greater);
        assert_eq!(cmp("-0", "0.000"), Ordering::Equal);
        assert_eq!(cmp("-2", "-10"), Ordering::Greater);
        assert_eq!(cmp("100", "99.999"), Ordering::Greater);
        assert_eq!(cmp(".5", "0.5"), Ordering::Equal);
        assert_eq!(
            cmp("12345678901234567890123", "12345678901234567890122"),
            Ordering::Greater
        );
        assert!(Decimal::parse("1e3").is_none());
        assert!(Decimal::parse("").is_none());
        assert!(Decimal::parse("-").is_none());
        assert!(Decimal::parse(".").is_none());
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date
    #[test]
    fn dates() {
        let second = 1_000_000_000i128;
        assert_eq!(parse_date("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_date("2026-01-01"), Some(1_767_225_600 * second));
        assert_eq!(parse_date("2026-01-01T00:00:00Z"), Some(1_767_225_600 * second));
        assert_eq!(
            parse_date("2026-01-01T01:00:00+01:00"),
            Some(1_767_225_600 * second)
        );
        assert_eq!(
            parse_date("2025-12-31T19:00:00-05:00"),
            Some(1_767_225_600 * second)
        );
        assert_eq!(
            parse_date("2026-01-01T00:00:00.5Z"),
            Some(1_767_225_600 * second + 500_000_000)
        );
        assert_eq!(parse_date("2026-01-01T00:00Z"), Some(1_767_225_600 * second));
        assert_eq!(parse_date("2026-01"), Some(1_767_225_600 * second));
        assert_eq!(parse_date("1767225600"), Some(1_767_225_600 * second));
        assert_eq!(
            parse_date("1767225600.25"),
            Some(1_767_225_600 * second + 250_000_000)
        );
        assert_eq!(
            parse_date("2024-02-29"),
            parse_date("2024-03-01").map(|v| v - 86_400 * second)
        );
        assert_eq!(parse_date("2025-02-29"), None);
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(parse_date("2026-01-01T24:00:00Z"), None);
        assert_eq!(parse_date("2026-01-01T00:00:00Q"), None);
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_date("1969-12-31T23:59:59Z"), Some(-second));

        let now = single("aws:CurrentTime", ContextKeyType::Date, "2026-06-01T12:00:00Z");
        assert!(holds(
            "DateGreaterThan",
            "aws:CurrentTime",
            &["2026-01-01T00:00:00Z"],
            &now
        ));
        assert!(holds("DateLessThan", "aws:CurrentTime", &["2027-01-01"], &now));
        assert!(holds(
            "DateEquals",
            "aws:CurrentTime",
            &["2026-06-01T14:00:00+02:00"],
            &now
        ));
        assert!(holds(
            "DateLessThanEquals",
            "aws:CurrentTime",
            &["1780315200"],
            &now
        ));
        assert!(!holds(
            "DateNotEquals",
            "aws:CurrentTime",
            &["2026-06-01T12:00:00.000Z"],
            &now
        ));
        assert!(holds(
            "DateGreaterThanEquals",
            "aws:CurrentTime",
            &["2026-06-01T12:00:00Z"],
            &now
        ));
        let epoch = single("aws:EpochTime", ContextKeyType::Date, "1780315200");
        assert!(holds(
            "DateEquals",
            "aws:EpochTime",
            &["2026-06-01T12:00:00Z"],
            &epoch
        ));
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Boolean
    #[test]
    fn bool_operator() {
        let secure = single("aws:SecureTransport", ContextKeyType::Boolean, "true");
        assert!(holds("Bool", "aws:SecureTransport", &["true"], &secure));
        assert!(holds("Bool", "aws:SecureTransport", &["TRUE"], &secure));
        assert!(!holds("Bool", "aws:SecureTransport", &["false"], &secure));
        assert!(!holds("Bool", "aws:SecureTransport", &["yes"], &secure));
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_BinaryEquals
    #[test]
    fn binary_equals() {
        assert_eq!(
            decode_base64("QmluYXJ5VmFsdWVJbkJhc2U2NA=="),
            Some(b"BinaryValueInBase64".to_vec())
        );
        assert_eq!(decode_base64("QUJD"), Some(b"ABC".to_vec()));
        assert_eq!(decode_base64("QUI="), Some(b"AB".to_vec()));
        assert_eq!(decode_base64("Q!=="), None);
        let context = single("k", ContextKeyType::Binary, "QUJD");
        assert!(holds("BinaryEquals", "k", &["QUJD"], &context));
        assert!(holds("BinaryEquals", "k", &["QU JD"], &context));
        assert!(!holds("BinaryEquals", "k", &["QUI="], &context));
        assert!(!holds("BinaryEquals", "k", &["not base64!"], &context));
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress
    #[test]
    fn ip_addresses() {
        let v4 = single("aws:SourceIp", ContextKeyType::Ip, "203.0.113.7");
        assert!(holds("IpAddress", "aws:SourceIp", &["203.0.113.0/24"], &v4));
        assert!(holds("IpAddress", "aws:SourceIp", &["203.0.113.7"], &v4));
        assert!(!holds("IpAddress", "aws:SourceIp", &["203.0.113.8"], &v4));
        assert!(holds("IpAddress", "aws:SourceIp", &["0.0.0.0/0"], &v4));
        assert!(!holds(
            "IpAddress",
            "aws:SourceIp",
            &["10.0.0.0/8", "192.168.0.0/16"],
            &v4
        ));
        assert!(holds(
            "NotIpAddress",
            "aws:SourceIp",
            &["10.0.0.0/8", "192.168.0.0/16"],
            &v4
        ));
        assert!(!holds(
            "NotIpAddress",
            "aws:SourceIp",
            &["10.0.0.0/8", "203.0.113.0/25"],
            &v4
        ));
        assert!(!holds("IpAddress", "aws:SourceIp", &["2001:db8::/32"], &v4));
        assert!(!holds("IpAddress", "aws:SourceIp", &["203.0.113.0/33"], &v4));
        let v6 = single("aws:SourceIp", ContextKeyType::Ip, "2001:db8:1::5");
        assert!(holds("IpAddress", "aws:SourceIp", &["2001:db8::/32"], &v6));
        assert!(!holds("IpAddress", "aws:SourceIp", &["2001:db9::/32"], &v6));
        assert!(holds("IpAddress", "aws:SourceIp", &["2001:db8:1::5"], &v6));
        assert!(holds("IpAddress", "aws:SourceIp", &["::/0"], &v6));
        assert!(!holds("IpAddress", "aws:SourceIp", &["2001:db8:1::6"], &v6));
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
    #[test]
    fn arn_operators() {
        let context = single(
            "aws:PrincipalArn",
            ContextKeyType::String,
            "arn:aws:iam::111122223333:role/team/App",
        );
        assert!(holds(
            "ArnEquals",
            "aws:PrincipalArn",
            &["arn:aws:iam::111122223333:role/team/App"],
            &context
        ));
        assert!(holds(
            "ArnLike",
            "aws:PrincipalArn",
            &["arn:aws:iam::*:role/team/*"],
            &context
        ));
        assert!(holds(
            "ArnEquals",
            "aws:PrincipalArn",
            &["arn:aws:iam::*:role/*"],
            &context
        ));
        assert!(!holds(
            "ArnLike",
            "aws:PrincipalArn",
            &["arn:aws:iam::*:role/other/*"],
            &context
        ));
        assert!(!holds(
            "ArnLike",
            "aws:PrincipalArn",
            &["arn:aws:iam::111122223333:ROLE/*"],
            &context
        ));
        assert!(holds(
            "ArnNotLike",
            "aws:PrincipalArn",
            &["arn:aws:iam::*:user/*"],
            &context
        ));
        assert!(!holds(
            "ArnNotEquals",
            "aws:PrincipalArn",
            &["arn:aws:iam::*:user/*", "arn:aws:iam::*:role/*"],
            &context
        ));
        // A `*` inside a segment does not cross a colon.
        assert!(!holds(
            "ArnLike",
            "aws:PrincipalArn",
            &["arn:*:111122223333:role/*"],
            &context
        ));
        let not_arn = single("aws:PrincipalArn", ContextKeyType::String, "not-an-arn");
        assert!(!holds(
            "ArnLike",
            "aws:PrincipalArn",
            &["arn:aws:iam::*:role/*"],
            &not_arn
        ));
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
    #[test]
    fn variables_in_conditions() {
        let mut context = RequestContext::new();
        context.insert_string("aws:PrincipalTag/project", "apollo");
        context.insert_string("aws:ResourceTag/project", "apollo");
        context.insert_string("secretsmanager:ResourceTag/owner", "alice*");
        assert!(holds(
            "StringEquals",
            "aws:ResourceTag/project",
            &["${aws:PrincipalTag/project}"],
            &context
        ));
        assert!(holds(
            "StringLike",
            "aws:ResourceTag/project",
            &["${aws:PrincipalTag/project}*"],
            &context
        ));
        assert!(!holds(
            "StringNotEquals",
            "aws:ResourceTag/project",
            &["${aws:PrincipalTag/project}"],
            &context
        ));
        // Missing variable: positive operators do not match, negated ones do.
        assert!(!holds(
            "StringEquals",
            "aws:ResourceTag/project",
            &["${aws:PrincipalTag/missing}"],
            &context
        ));
        assert!(holds(
            "StringNotEquals",
            "aws:ResourceTag/project",
            &["${aws:PrincipalTag/missing}"],
            &context
        ));
        assert!(holds(
            "StringNotLike",
            "aws:ResourceTag/project",
            &["${aws:PrincipalTag/missing}"],
            &context
        ));
        assert!(holds(
            "StringEquals",
            "aws:ResourceTag/project",
            &["${aws:PrincipalTag/missing, 'apollo'}"],
            &context
        ));
        // `${*}` is a literal asterisk even under StringLike.
        assert!(holds(
            "StringLike",
            "secretsmanager:ResourceTag/owner",
            &["alice${*}"],
            &context
        ));
        assert!(!holds(
            "StringLike",
            "aws:ResourceTag/project",
            &["apo${*}"],
            &context
        ));
        // Without Version 2012-10-17, `${...}` is literal.
        let literal = condition(
            "StringEquals",
            "aws:ResourceTag/project",
            &["${aws:PrincipalTag/project}"],
        );
        assert!(!condition_matches(&literal, &context, false));
        // Numeric operators do not substitute.
        let mut numbers = RequestContext::new();
        numbers.insert_string("n", "5");
        numbers.insert_string("m", "5");
        assert!(!holds("NumericEquals", "n", &["${m}"], &numbers));
    }

    #[test]
    fn referenced_keys_skip_defaults() {
        let with_variables = condition(
            "StringEquals",
            "aws:ResourceTag/project",
            &["${aws:PrincipalTag/project}", "${aws:PrincipalTag/x, 'd'}"],
        );
        let keys: Vec<&str> = referenced_keys(&with_variables, true).collect();
        assert_eq!(keys, vec!["aws:ResourceTag/project", "aws:PrincipalTag/project"]);
        let keys: Vec<&str> = referenced_keys(&with_variables, false).collect();
        assert_eq!(keys, vec!["aws:ResourceTag/project"]);
    }
}
