//! A small hand-written codec for the scenario file format, in place of serde's derives (whose visitors,
//! monomorphised for every type, were a sixth of the web app's wasm).
//!
//! Decoding reads the tree of [`policy::json::parse_json_container`], which keeps every value's position, so that
//! each error names the line and column of the offending value (the key of an unknown or duplicate member,
//! the object of a missing one) and the path to it (`state.secrets[0].versions[1].created`). The rules are
//! serde's: a missing member is an error unless the type has a default (`Option` is `None`), `null` is only
//! an `Option`'s `None`, integers must be exact and in range, duplicate members are refused, unknown members
//! are refused by the types that list their members ([`Unknown::Deny`]) and ignored by the others; messages
//! use serde's words. Encoding builds a `serde_json::Value` (members in insertion order) that
//! `serde_json::to_string_pretty` writes exactly as serde's derives did.
//!
//! The toolkit is non-generic where it can be ([`ObjectReader`]'s lookups, the error texts); the generic
//! layer is the thin [`Decode`] / [`Encode`] impls per type, declared with [`codec_struct!`] and
//! [`codec_unit_enum!`].

use std::fmt::Write as _;

use policy::json::{JsonKind, JsonMember, JsonValue};
use serde_json::{Map, Value};

/// Why a value cannot be decoded, and where. Boxed: every decoding step returns it, and a pointer is cheaper
/// to pass along than the four members (this codec exists to keep the wasm small).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(Box<ErrorDetail>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct ErrorDetail {
    line: u32,
    column: u32,
    /// The members and indices leading to the value, built from the inside out (`.roles[1].name`).
    path: String,
    message: String,
}

impl DecodeError {
    #[cold]
    #[inline(never)]
    fn at(value: &JsonValue, message: String) -> Self {
        Self::at_position(value.span.start.line, value.span.start.column, message)
    }

    #[cold]
    #[inline(never)]
    fn at_key(member: &JsonMember, message: String) -> Self {
        Self::at_position(member.key_span.start.line, member.key_span.start.column, message)
    }

    fn at_position(line: u32, column: u32, message: String) -> Self {
        Self(Box::new(ErrorDetail {
            line,
            column,
            path: String::new(),
            message,
        }))
    }

    /// The line of the offending value (1-based).
    pub fn line(&self) -> u32 {
        self.0.line
    }

    /// The column of the offending value (1-based, in characters).
    pub fn column(&self) -> u32 {
        self.0.column
    }

    /// The value's path from the decoded root: `account.roles[1].name`, empty for the root.
    pub fn path(&self) -> &str {
        self.0.path.strip_prefix('.').unwrap_or(&self.0.path)
    }

    /// The error seen from the object holding it as member `key`.
    #[cold]
    #[inline(never)]
    pub fn in_member(mut self, key: &str) -> Self {
        self.0.path.insert_str(0, key);
        self.0.path.insert(0, '.');
        self
    }

    /// The error seen from the array holding it at `index`.
    #[cold]
    #[inline(never)]
    pub fn in_index(mut self, index: usize) -> Self {
        self.0.path.insert_str(0, &format!("[{index}]"));
        self
    }

    /// `path: message` (just the message at the root).
    pub fn message_with_path(&self) -> String {
        match self.path() {
            "" => self.0.message.clone(),
            path => format!("{path}: {}", self.0.message),
        }
    }
}

/// A type read from the scenario format.
pub trait Decode: Sized {
    fn decode(value: &JsonValue) -> Result<Self, DecodeError>;

    /// The value of a missing member without a declared default: none (an error), except `Option`'s `None`
    /// (as with serde).
    fn absent() -> Option<Self> {
        None
    }
}

/// A type written in the scenario format.
pub trait Encode {
    fn encode(&self) -> Value;
}

// ---- error texts (serde's wording) ------------------------------------------------------------------------

/// How serde names an unexpected value: `string "x"`, `integer `3``, `floating point `1.5``, `map`, ...
fn unexpected(value: &JsonValue) -> String {
    match &value.kind {
        JsonKind::Null => "null".to_owned(),
        JsonKind::Bool(flag) => format!("boolean `{flag}`"),
        JsonKind::Number(text) if is_integer_text(text) => format!("integer `{text}`"),
        JsonKind::Number(text) => format!("floating point `{text}`"),
        JsonKind::String(text) => format!("string {text:?}"),
        JsonKind::Array(_) => "sequence".to_owned(),
        JsonKind::Object(_) => "map".to_owned(),
    }
}

/// `invalid type: string "x", expected a boolean`.
#[cold]
#[inline(never)]
pub fn invalid_type(value: &JsonValue, expected: &str) -> DecodeError {
    DecodeError::at(
        value,
        format!("invalid type: {}, expected {expected}", unexpected(value)),
    )
}

/// A message of the type's own (serde's `Error::custom`) at `value`.
pub fn custom(value: &JsonValue, message: String) -> DecodeError {
    DecodeError::at(value, message)
}

/// serde's list of expected names: `` `a` ``, `` `a` or `b` ``, `` one of `a`, `b`, `c` ``.
fn one_of(names: &[&str]) -> String {
    match names {
        [] => "nothing".to_owned(),
        [only] => format!("`{only}`"),
        [first, second] => format!("`{first}` or `{second}`"),
        _ => {
            let mut text = "one of ".to_owned();
            for (index, name) in names.iter().enumerate() {
                if index > 0 {
                    text.push_str(", ");
                }
                let _ = write!(text, "`{name}`");
            }
            text
        }
    }
}

fn unknown_field(member: &JsonMember, fields: &[&str]) -> DecodeError {
    let message = if fields.is_empty() {
        format!("unknown field `{}`, there are no fields", member.key)
    } else {
        format!("unknown field `{}`, expected {}", member.key, one_of(fields))
    };
    DecodeError::at_key(member, message)
}

// ---- scalars ----------------------------------------------------------------------------------------------

/// Whether a JSON number's text is an integer (no fraction, no exponent).
fn is_integer_text(text: &str) -> bool {
    !text.contains(['.', 'e', 'E'])
}

/// The exact value of an integer; floats are an invalid type, integers beyond `i128` an invalid value.
fn integer(value: &JsonValue, expected: &str) -> Result<i128, DecodeError> {
    match &value.kind {
        JsonKind::Number(text) if is_integer_text(text) => text
            .parse::<i128>()
            .map_err(|_| invalid_integer(value, text, expected)),
        _ => Err(invalid_type(value, expected)),
    }
}

fn invalid_integer(value: &JsonValue, text: &str, expected: &str) -> DecodeError {
    DecodeError::at(
        value,
        format!("invalid value: integer `{text}`, expected {expected}"),
    )
}

macro_rules! integer_codec {
    ($($type:ty),*) => {$(
        impl Decode for $type {
            fn decode(value: &JsonValue) -> Result<Self, DecodeError> {
                let expected = stringify!($type);
                let number = integer(value, expected)?;
                <$type>::try_from(number).map_err(|_| invalid_integer(value, &number.to_string(), expected))
            }
        }
        impl Encode for $type {
            fn encode(&self) -> Value {
                Value::from(*self)
            }
        }
    )*};
}
integer_codec!(u32, u64, i64, usize);

impl Decode for String {
    fn decode(value: &JsonValue) -> Result<Self, DecodeError> {
        match &value.kind {
            JsonKind::String(text) => Ok(text.clone()),
            _ => Err(invalid_type(value, "a string")),
        }
    }
}

impl Encode for String {
    fn encode(&self) -> Value {
        Value::String(self.clone())
    }
}

impl Decode for bool {
    fn decode(value: &JsonValue) -> Result<Self, DecodeError> {
        match value.kind {
            JsonKind::Bool(flag) => Ok(flag),
            _ => Err(invalid_type(value, "a boolean")),
        }
    }
}

impl Encode for bool {
    fn encode(&self) -> Value {
        Value::Bool(*self)
    }
}

// ---- containers -------------------------------------------------------------------------------------------

impl<T: Decode> Decode for Option<T> {
    fn decode(value: &JsonValue) -> Result<Self, DecodeError> {
        match value.kind {
            JsonKind::Null => Ok(None),
            _ => T::decode(value).map(Some),
        }
    }

    fn absent() -> Option<Self> {
        Some(None)
    }
}

impl<T: Encode> Encode for Option<T> {
    fn encode(&self) -> Value {
        self.as_ref().map_or(Value::Null, Encode::encode)
    }
}

/// The items of an array (`expected` names the type when it is not one).
pub fn items<'a>(value: &'a JsonValue, expected: &str) -> Result<&'a [JsonValue], DecodeError> {
    match &value.kind {
        JsonKind::Array(items) => Ok(items),
        _ => Err(invalid_type(value, expected)),
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(value: &JsonValue) -> Result<Self, DecodeError> {
        let items = items(value, "a sequence")?;
        let mut decoded = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            decoded.push(T::decode(item).map_err(|error| error.in_index(index))?);
        }
        Ok(decoded)
    }
}

impl<T: Encode> Encode for Vec<T> {
    fn encode(&self) -> Value {
        Value::Array(self.iter().map(Encode::encode).collect())
    }
}

/// The two items of a pair.
fn pair(value: &JsonValue) -> Result<(&JsonValue, &JsonValue), DecodeError> {
    match items(value, "a tuple of size 2")? {
        [first, second] => Ok((first, second)),
        other => Err(DecodeError::at(
            value,
            format!("invalid length {}, expected a tuple of size 2", other.len()),
        )),
    }
}

impl<A: Decode, B: Decode> Decode for (A, B) {
    fn decode(value: &JsonValue) -> Result<Self, DecodeError> {
        let (first, second) = pair(value)?;
        Ok((
            A::decode(first).map_err(|error| error.in_index(0))?,
            B::decode(second).map_err(|error| error.in_index(1))?,
        ))
    }
}

impl<A: Encode, B: Encode> Encode for (A, B) {
    fn encode(&self) -> Value {
        Value::Array(vec![self.0.encode(), self.1.encode()])
    }
}

// ---- free JSON --------------------------------------------------------------------------------------------

impl Decode for Value {
    fn decode(value: &JsonValue) -> Result<Self, DecodeError> {
        Ok(match &value.kind {
            JsonKind::Null => Value::Null,
            JsonKind::Bool(flag) => Value::Bool(*flag),
            JsonKind::Number(text) => number(value, text)?,
            JsonKind::String(text) => Value::String(text.clone()),
            JsonKind::Array(_) => Value::Array(Vec::decode(value)?),
            JsonKind::Object(members) => {
                // As serde_json reads a map: a repeated key keeps its first place and its last value.
                let mut map = Map::new();
                for member in members {
                    let item = Value::decode(&member.value).map_err(|error| error.in_member(&member.key))?;
                    map.insert(member.key.clone(), item);
                }
                Value::Object(map)
            }
        })
    }
}

/// A number as serde_json reads it into a `Value` (`u64`, else `i64`, else `f64`; `-0` is `-0.0`).
fn number(value: &JsonValue, text: &str) -> Result<Value, DecodeError> {
    if let Ok(unsigned) = text.parse::<u64>() {
        return Ok(Value::from(unsigned));
    }
    // serde_json's own reading, so that a value saved and read again is the same number.
    serde_json::from_str::<Value>(text)
        .map_err(|_| DecodeError::at(value, format!("number `{text}` out of range")))
}

impl Encode for Value {
    fn encode(&self) -> Value {
        self.clone()
    }
}

// ---- objects ----------------------------------------------------------------------------------------------

/// What an object does with members its type does not list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    /// Ignored (serde's default).
    Ignore,
    /// Refused (`#[serde(deny_unknown_fields)]`).
    Deny,
}

/// The members of an object being decoded into a struct.
#[derive(Debug)]
pub struct ObjectReader<'a> {
    object: &'a JsonValue,
    members: &'a [JsonMember],
}

impl<'a> ObjectReader<'a> {
    /// Checks that `value` is an object whose members are all different and, under [`Unknown::Deny`], all
    /// among `fields`; `expected` names the type in messages (`struct Role`).
    pub fn new(
        value: &'a JsonValue,
        expected: &str,
        fields: &[&str],
        unknown: Unknown,
    ) -> Result<Self, DecodeError> {
        let JsonKind::Object(members) = &value.kind else {
            return Err(invalid_type(value, expected));
        };
        for (index, member) in members.iter().enumerate() {
            if !fields.contains(&member.key.as_str()) {
                if unknown == Unknown::Deny {
                    return Err(unknown_field(member, fields));
                }
            } else if members
                .iter()
                .take(index)
                .any(|earlier| earlier.key == member.key)
            {
                return Err(DecodeError::at_key(
                    member,
                    format!("duplicate field `{}`", member.key),
                ));
            }
        }
        Ok(Self {
            object: value,
            members,
        })
    }

    /// The object itself.
    pub fn value(&self) -> &'a JsonValue {
        self.object
    }

    /// The member `key`'s value, if present.
    pub fn member(&self, key: &str) -> Option<&'a JsonValue> {
        self.members
            .iter()
            .find(|member| member.key == key)
            .map(|member| &member.value)
    }

    #[cold]
    #[inline(never)]
    fn missing(&self, key: &str) -> DecodeError {
        DecodeError::at(self.object, format!("missing field `{key}`"))
    }

    /// A member without a declared default: absent is an error, except for an `Option` (`None`).
    pub fn required<T: Decode>(&self, key: &str) -> Result<T, DecodeError> {
        match self.member(key) {
            Some(value) => T::decode(value).map_err(|error| error.in_member(key)),
            None => T::absent().ok_or_else(|| self.missing(key)),
        }
    }

    /// A member with a declared default: `None` when absent.
    pub fn optional<T: Decode>(&self, key: &str) -> Result<Option<T>, DecodeError> {
        self.member(key)
            .map(|value| T::decode(value).map_err(|error| error.in_member(key)))
            .transpose()
    }
}

/// Builds an object member by member, in the order written.
#[derive(Debug, Default)]
pub struct ObjectWriter {
    map: Map<String, Value>,
}

impl ObjectWriter {
    pub fn new() -> Self {
        Self::default()
    }

    #[inline(never)]
    pub fn member(&mut self, key: &str, value: Value) {
        self.map.insert(key.to_owned(), value);
    }

    pub fn finish(self) -> Value {
        Value::Object(self.map)
    }
}

// ---- enums ------------------------------------------------------------------------------------------------

/// An externally tagged enum value (serde's default representation): `"Variant"` or `{"Variant": content}`.
/// Returns the variant's index in `variants` and its content, if written as an object.
pub fn variant<'a>(
    value: &'a JsonValue,
    expected: &str,
    variants: &[&str],
) -> Result<(usize, Option<&'a JsonValue>), DecodeError> {
    let unknown = |name: &str| format!("unknown variant `{name}`, expected {}", one_of(variants));
    match &value.kind {
        JsonKind::String(name) => variants
            .iter()
            .position(|variant| variant == name)
            .map(|index| (index, None))
            .ok_or_else(|| DecodeError::at(value, unknown(name))),
        JsonKind::Object(members) => match members.as_slice() {
            [member] => variants
                .iter()
                .position(|variant| *variant == member.key)
                .map(|index| (index, Some(&member.value)))
                .ok_or_else(|| DecodeError::at_key(member, unknown(&member.key))),
            _ => Err(DecodeError::at(
                value,
                format!(
                    "invalid length {}, expected {expected} as a string or a map with a single key",
                    members.len()
                ),
            )),
        },
        _ => Err(invalid_type(value, expected)),
    }
}

/// A unit variant's content: none (`"Variant"`) or `null` (`{"Variant": null}`).
pub fn unit_content(content: Option<&JsonValue>) -> Result<(), DecodeError> {
    match content {
        None => Ok(()),
        Some(value) if value.kind == JsonKind::Null => Ok(()),
        Some(value) => Err(invalid_type(value, "unit")),
    }
}

/// A newtype or struct variant's content (`{"Variant": content}`); `value` is the enum value.
pub fn variant_content<'a>(
    value: &'a JsonValue,
    content: Option<&'a JsonValue>,
    kind: &str,
) -> Result<&'a JsonValue, DecodeError> {
    content.ok_or_else(|| {
        DecodeError::at(
            value,
            format!("invalid type: unit variant, expected {kind} variant"),
        )
    })
}

/// A newtype or struct variant as serde writes it: `{"Variant": content}`.
pub fn tagged(variant: &str, content: Value) -> Value {
    let mut object = Map::new();
    object.insert(variant.to_owned(), content);
    Value::Object(object)
}

/// Declares how a struct is written in the format, member by member in the struct's order (which is the
/// order of the written members): `field: "jsonName"`, optionally `[default EXPR]` (the value when the member
/// is absent, serde's `#[serde(default)]`) and `[skip PREDICATE]` (not written when `PREDICATE(&field)`,
/// serde's `skip_serializing_if`). `Deny` refuses unknown members, `Ignore` skips them.
macro_rules! codec_struct {
    (
        $type:ty, $expected:literal, $unknown:ident {
            $( $field:ident : $json:literal $( [default $default:expr] )? $( [skip $skip:expr] )? ),* $(,)?
        }
    ) => {
        impl $crate::codec::Decode for $type {
            fn decode(value: &::policy::json::JsonValue) -> Result<Self, $crate::codec::DecodeError> {
                let object = $crate::codec::ObjectReader::new(
                    value,
                    $expected,
                    &[$($json),*],
                    $crate::codec::Unknown::$unknown,
                )?;
                Ok(Self {
                    $( $field: $crate::codec::codec_struct!(@read object, $json $(, $default)?), )*
                })
            }
        }

        impl $crate::codec::Encode for $type {
            fn encode(&self) -> ::serde_json::Value {
                let mut object = $crate::codec::ObjectWriter::new();
                $( $crate::codec::codec_struct!(@write object, self.$field, $json $(, $skip)?); )*
                object.finish()
            }
        }
    };
    (@read $object:ident, $json:literal) => {
        $object.required($json)?
    };
    (@read $object:ident, $json:literal, $default:expr) => {
        $object.optional($json)?.unwrap_or_else(|| $default)
    };
    (@write $object:ident, $value:expr, $json:literal) => {
        $object.member($json, $crate::codec::Encode::encode(&$value))
    };
    (@write $object:ident, $value:expr, $json:literal, $skip:expr) => {
        if !$skip(&$value) {
            $object.member($json, $crate::codec::Encode::encode(&$value));
        }
    };
}
pub(crate) use codec_struct;

/// Declares an enum of unit variants written as their names (`"Running"`), like serde's default.
macro_rules! codec_unit_enum {
    ($type:ident { $($variant:ident),* $(,)? }) => {
        impl $crate::codec::Decode for $type {
            fn decode(value: &::policy::json::JsonValue) -> Result<Self, $crate::codec::DecodeError> {
                const ALL: &[$type] = &[$($type::$variant),*];
                let (index, content) = $crate::codec::variant(
                    value,
                    concat!("enum ", stringify!($type)),
                    &[$(stringify!($variant)),*],
                )?;
                $crate::codec::unit_content(content)?;
                ALL.get(index).copied().ok_or_else(|| {
                    $crate::codec::custom(value, concat!("not a ", stringify!($type)).to_owned())
                })
            }
        }

        impl $crate::codec::Encode for $type {
            fn encode(&self) -> ::serde_json::Value {
                ::serde_json::Value::from(match self {
                    $($type::$variant => stringify!($variant),)*
                })
            }
        }
    };
}
pub(crate) use codec_unit_enum;

/// Declares a newtype over a string or a number, written as its content (serde's `transparent`).
macro_rules! codec_transparent {
    ($($type:ident($inner:ty)),* $(,)?) => {$(
        impl $crate::codec::Decode for $type {
            fn decode(value: &::policy::json::JsonValue) -> Result<Self, $crate::codec::DecodeError> {
                <$inner as $crate::codec::Decode>::decode(value).map($type)
            }
        }

        impl $crate::codec::Encode for $type {
            fn encode(&self) -> ::serde_json::Value {
                $crate::codec::Encode::encode(&self.0)
            }
        }
    )*};
}
pub(crate) use codec_transparent;

/// Decodes a whole text: JSON syntax errors and decoding errors alike come back with their position.
pub fn decode_text<T: Decode>(text: &str) -> Result<T, DecodeError> {
    let value = policy::json::parse_json_container(text).map_err(|error| {
        DecodeError::at_position(
            error.span.start.line,
            error.span.start.column,
            error.kind.to_string(),
        )
    })?;
    T::decode(&value)
}

/// Writes a value as pretty JSON text (two-space indentation), as serde_json's `to_string_pretty`.
pub fn encode_text<T: Encode>(value: &T) -> String {
    serde_json::to_string_pretty(&value.encode()).unwrap_or_default()
}
