//! A lean `json!`: the syntax of `serde_json::json!` (nested objects and arrays, `null`, `true`, `false`,
//! arbitrary expressions as values and keys, trailing commas) and the same [`Value`] it builds, with an
//! expansion that is smaller code. `serde_json::json!` converts each value through the serde `Serialize`
//! machinery (one instantiation per type) and inserts each member inline; here a value goes through
//! [`ToJson`] (plain conversions, shared by all call sites) and each object member is one out-of-line call
//! ([`put`]). In the web app's wasm the difference is a few kilobytes.
//!
//! The member order is the insertion order (serde_json is built with `preserve_order`), a repeated key keeps
//! its first position and takes the last value, as with `serde_json::json!`. Values are converted by
//! reference, as `serde_json::to_value(&value)` does: nothing is moved out of the expressions.

use std::collections::BTreeMap;

pub use serde_json::{Map, Value};

/// Builds a [`Value`] from JSON-like syntax; see the [module documentation](crate::json).
///
/// ```
/// let name = "app";
/// let value = account::json!({"Name": name, "Tags": [{"Key": "env", "Value": null}], "Count": 1});
/// assert_eq!(value.to_string(), r#"{"Name":"app","Tags":[{"Key":"env","Value":null}],"Count":1}"#);
/// ```
#[macro_export]
macro_rules! json {
    ($($json:tt)+) => {
        $crate::__json_internal!($($json)+)
    };
}

/// The muncher behind [`json!`], after `serde_json`'s `json_internal` (MIT OR Apache-2.0): the same rules,
/// except that an object's members are collected as `(key, value)` pairs and handed to one call.
#[macro_export]
#[doc(hidden)]
macro_rules! __json_internal {
    // ---- one object member, in the block the object is built in ----
    (@member value $object:ident, $key:expr, $value:expr) => {
        $crate::json::put(&mut $object, $key, $value)
    };
    (@member expr $object:ident, $key:expr, $value:expr) => {
        $crate::json::ToJson::put_into(&$value, &mut $object, $key)
    };

    // ---- arrays: `@array [elements so far] rest` ----
    (@array [$($elems:expr,)*]) => {
        ::std::vec![$($elems,)*]
    };
    (@array [$($elems:expr),*]) => {
        ::std::vec![$($elems),*]
    };
    (@array [$($elems:expr,)*] null $($rest:tt)*) => {
        $crate::__json_internal!(@array [$($elems,)* $crate::__json_internal!(null)] $($rest)*)
    };
    (@array [$($elems:expr,)*] true $($rest:tt)*) => {
        $crate::__json_internal!(@array [$($elems,)* $crate::__json_internal!(true)] $($rest)*)
    };
    (@array [$($elems:expr,)*] false $($rest:tt)*) => {
        $crate::__json_internal!(@array [$($elems,)* $crate::__json_internal!(false)] $($rest)*)
    };
    (@array [$($elems:expr,)*] [$($array:tt)*] $($rest:tt)*) => {
        $crate::__json_internal!(@array [$($elems,)* $crate::__json_internal!([$($array)*])] $($rest)*)
    };
    (@array [$($elems:expr,)*] {$($map:tt)*} $($rest:tt)*) => {
        $crate::__json_internal!(@array [$($elems,)* $crate::__json_internal!({$($map)*})] $($rest)*)
    };
    (@array [$($elems:expr,)*] $next:expr, $($rest:tt)*) => {
        $crate::__json_internal!(@array [$($elems,)* $crate::__json_internal!($next),] $($rest)*)
    };
    (@array [$($elems:expr,)*] $last:expr) => {
        $crate::__json_internal!(@array [$($elems,)* $crate::__json_internal!($last)])
    };
    (@array [$($elems:expr),*] , $($rest:tt)*) => {
        $crate::__json_internal!(@array [$($elems,)*] $($rest)*)
    };
    (@array [$($elems:expr),*] $unexpected:tt $($rest:tt)*) => {
        $crate::__json_unexpected!($unexpected)
    };

    // ---- objects: `@object [members so far] (key tokens) (rest) (copy of rest)` ----
    // Done: the object, then one call per member.
    // A member is `(key, kind value)`: `value` for a built `Value` (literal, array, object), `expr` for an
    // expression, which converts itself (`ToJson::put_into`: a string is one call).
    (@object [$(($key:expr, $kind:ident $value:expr),)*] () () ()) => {{
        let mut object = $crate::json::object();
        $($crate::__json_internal!(@member $kind object, $key, $value);)*
        object
    }};
    // A member and a comma: record it, go on with the rest.
    (@object [$($members:tt)*] [$($key:tt)+] ($kind:ident $value:expr) , $($rest:tt)*) => {
        $crate::__json_internal!(@object [$($members)* ($crate::json::key(&($($key)+)), $kind $value),] () ($($rest)*) ($($rest)*))
    };
    // A member followed by something that is not a comma.
    (@object [$($members:tt)*] [$($key:tt)+] ($kind:ident $value:expr) $unexpected:tt $($rest:tt)*) => {
        $crate::__json_unexpected!($unexpected)
    };
    // The last member, without a trailing comma.
    (@object [$($members:tt)*] [$($key:tt)+] ($kind:ident $value:expr)) => {
        $crate::__json_internal!(@object [$($members)* ($crate::json::key(&($($key)+)), $kind $value),] () () ())
    };
    (@object $members:tt ($($key:tt)+) (: null $($rest:tt)*) $copy:tt) => {
        $crate::__json_internal!(@object $members [$($key)+] (value $crate::__json_internal!(null)) $($rest)*)
    };
    (@object $members:tt ($($key:tt)+) (: true $($rest:tt)*) $copy:tt) => {
        $crate::__json_internal!(@object $members [$($key)+] (value $crate::__json_internal!(true)) $($rest)*)
    };
    (@object $members:tt ($($key:tt)+) (: false $($rest:tt)*) $copy:tt) => {
        $crate::__json_internal!(@object $members [$($key)+] (value $crate::__json_internal!(false)) $($rest)*)
    };
    (@object $members:tt ($($key:tt)+) (: [$($array:tt)*] $($rest:tt)*) $copy:tt) => {
        $crate::__json_internal!(@object $members [$($key)+] (value $crate::__json_internal!([$($array)*])) $($rest)*)
    };
    (@object $members:tt ($($key:tt)+) (: {$($map:tt)*} $($rest:tt)*) $copy:tt) => {
        $crate::__json_internal!(@object $members [$($key)+] (value $crate::__json_internal!({$($map)*})) $($rest)*)
    };
    (@object $members:tt ($($key:tt)+) (: $value:expr , $($rest:tt)*) $copy:tt) => {
        $crate::__json_internal!(@object $members [$($key)+] (expr $value) , $($rest)*)
    };
    (@object $members:tt ($($key:tt)+) (: $value:expr) $copy:tt) => {
        $crate::__json_internal!(@object $members [$($key)+] (expr $value))
    };
    // A key and a colon without a value: the error names the missing value.
    (@object $members:tt ($($key:tt)+) (:) $copy:tt) => {
        $crate::__json_internal!()
    };
    // A key without a colon.
    (@object $members:tt ($($key:tt)+) () $copy:tt) => {
        $crate::__json_internal!()
    };
    // A colon where a key is expected.
    (@object $members:tt () (: $($rest:tt)*) ($colon:tt $($copy:tt)*)) => {
        $crate::__json_unexpected!($colon)
    };
    // A comma inside a key.
    (@object $members:tt ($($key:tt)*) (, $($rest:tt)*) ($comma:tt $($copy:tt)*)) => {
        $crate::__json_unexpected!($comma)
    };
    // A parenthesised key: taken whole as an expression.
    (@object $members:tt () (($key:expr) : $($rest:tt)*) $copy:tt) => {
        $crate::__json_internal!(@object $members ($key) (: $($rest)*) (: $($rest)*))
    };
    // A value that is not an expression followed by a comma.
    (@object $members:tt ($($key:tt)*) (: $($unexpected:tt)+) $copy:tt) => {
        $crate::__json_expect_expr_comma!($($unexpected)+)
    };
    // One more token of the key.
    (@object $members:tt ($($key:tt)*) ($tt:tt $($rest:tt)*) $copy:tt) => {
        $crate::__json_internal!(@object $members ($($key)* $tt) ($($rest)*) ($($rest)*))
    };

    // ---- values ----
    (null) => {
        $crate::json::Value::Null
    };
    (true) => {
        $crate::json::Value::Bool(true)
    };
    (false) => {
        $crate::json::Value::Bool(false)
    };
    ([]) => {
        $crate::json::Value::Array(::std::vec::Vec::new())
    };
    ([ $($tt:tt)+ ]) => {
        $crate::json::Value::Array($crate::__json_internal!(@array [] $($tt)+))
    };
    ({}) => {
        $crate::json::Value::Object($crate::json::Map::new())
    };
    ({ $($tt:tt)+ }) => {
        $crate::__json_internal!(@object [] () ($($tt)+) ($($tt)+))
    };
    ($other:expr) => {
        $crate::json::ToJson::to_json(&$other)
    };
}

/// Reports an unexpected token (no rule matches an empty input).
#[macro_export]
#[doc(hidden)]
macro_rules! __json_unexpected {
    () => {};
}

/// Reports a value that is not an expression followed by a comma.
#[macro_export]
#[doc(hidden)]
macro_rules! __json_expect_expr_comma {
    ($e:expr , $($tt:tt)*) => {};
}

/// An empty object, to [`put`] members in.
#[doc(hidden)]
#[inline(never)]
pub fn object() -> Value {
    Value::Object(Map::new())
}

/// Adds a member to an object made by [`object`] (anything else is left as it is).
#[doc(hidden)]
#[inline(never)]
pub fn put(object: &mut Value, key: &str, value: Value) {
    if let Value::Object(map) = object {
        insert(map, key, value);
    }
}

/// `map.insert(key.to_owned(), value)`, out of line: a repeated key keeps its first position and takes the
/// last value, as `Map::insert` does.
#[inline(never)]
pub fn insert(map: &mut Map<String, Value>, key: &str, value: Value) {
    map.insert(key.to_owned(), value);
}

/// A key as `&str`: keys may be `&str`, `String` or anything else that is `AsRef<str>`.
#[doc(hidden)]
#[inline(always)]
pub fn key<K: AsRef<str> + ?Sized>(key: &K) -> &str {
    key.as_ref()
}

/// The conversion [`json!`](crate::json!) applies to a value expression: the [`Value`] that
/// `serde_json::to_value` gives for it.
pub trait ToJson {
    /// The value as JSON.
    fn to_json(&self) -> Value;

    /// Adds the value as a member of an object made by [`object`]: [`put`] of [`ToJson::to_json`], in one
    /// call for strings.
    #[doc(hidden)]
    #[inline]
    fn put_into(&self, object: &mut Value, key: &str) {
        put(object, key, self.to_json());
    }
}

impl ToJson for Value {
    fn to_json(&self) -> Value {
        self.clone()
    }
}

impl ToJson for Map<String, Value> {
    fn to_json(&self) -> Value {
        Value::Object(self.clone())
    }
}

impl ToJson for str {
    #[inline(never)]
    fn to_json(&self) -> Value {
        Value::String(self.to_owned())
    }

    #[inline(never)]
    fn put_into(&self, object: &mut Value, key: &str) {
        put(object, key, self.to_json());
    }
}

impl ToJson for String {
    #[inline]
    fn to_json(&self) -> Value {
        self.as_str().to_json()
    }

    #[inline]
    fn put_into(&self, object: &mut Value, key: &str) {
        self.as_str().put_into(object, key);
    }
}

impl ToJson for bool {
    #[inline]
    fn to_json(&self) -> Value {
        Value::Bool(*self)
    }
}

/// Unsigned integers: `serde_json` serialises them as `u64`.
macro_rules! unsigned {
    ($($ty:ty),*) => {$(
        impl ToJson for $ty {
            #[inline]
            fn to_json(&self) -> Value {
                unsigned(u64::from(*self))
            }
        }
    )*};
}

/// Signed integers: `serde_json` serialises them as `i64`.
macro_rules! signed {
    ($($ty:ty),*) => {$(
        impl ToJson for $ty {
            #[inline]
            fn to_json(&self) -> Value {
                signed(i64::from(*self))
            }
        }
    )*};
}

unsigned!(u8, u16, u32, u64);
signed!(i8, i16, i32, i64);

impl ToJson for usize {
    #[inline]
    fn to_json(&self) -> Value {
        // `usize` is at most 64 bits on every target Rust supports; the fallback is never taken.
        u64::try_from(*self).map_or(Value::Null, unsigned)
    }
}

#[inline(never)]
fn unsigned(number: u64) -> Value {
    Value::Number(number.into())
}

#[inline(never)]
fn signed(number: i64) -> Value {
    Value::Number(number.into())
}

impl ToJson for f64 {
    fn to_json(&self) -> Value {
        // A finite number, or `null` for NaN and the infinities, as serde_json's value serialiser does.
        Value::from(*self)
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    #[inline]
    fn to_json(&self) -> Value {
        (**self).to_json()
    }

    #[inline]
    fn put_into(&self, object: &mut Value, key: &str) {
        (**self).put_into(object, key);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToJson::to_json)
    }
}

impl<T: ToJson> ToJson for [T] {
    fn to_json(&self) -> Value {
        Value::Array(self.iter().map(ToJson::to_json).collect())
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    #[inline]
    fn to_json(&self) -> Value {
        self.as_slice().to_json()
    }
}

impl<T: ToJson> ToJson for BTreeMap<String, T> {
    fn to_json(&self) -> Value {
        Value::Object(
            self.iter()
                .map(|(key, value)| (key.clone(), value.to_json()))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::Value;

    /// Every shape the crate uses, compared with `serde_json::json!`.
    #[test]
    fn builds_what_serde_json_builds() {
        let name = String::from("app");
        let missing: Option<&String> = None;
        let present = Some(&name);
        let list = vec![Value::from(1), Value::Null];
        let strings = vec!["a".to_owned(), "b".to_owned()];
        let member = "Dynamic";
        let mut drafts = BTreeMap::new();
        drafts.insert("z".to_owned(), "last".to_owned());
        drafts.insert("a".to_owned(), "first".to_owned());
        let ours = crate::json!({
            "Name": name,
            "Ref": &name,
            "Str": "literal",
            "Missing": missing,
            "Present": present,
            "List": list,
            "Strings": strings,
            "Empty": [],
            "EmptyObject": {},
            "Nested": {"A": [1, -2, 3.5, null, true, false, {"B": f64::NAN}], "C": u64::MAX, "D": i64::MIN},
            member: 7_usize,
            (format!("{member}2")): [name.len(), 0_u8,],
            "Drafts": drafts,
            "Dup": 1,
            "Dup": 2,
        });
        let theirs = serde_json::json!({
            "Name": name,
            "Ref": &name,
            "Str": "literal",
            "Missing": missing,
            "Present": present,
            "List": list,
            "Strings": strings,
            "Empty": [],
            "EmptyObject": {},
            "Nested": {"A": [1, -2, 3.5, null, true, false, {"B": f64::NAN}], "C": u64::MAX, "D": i64::MIN},
            member: 7_usize,
            (format!("{member}2")): [name.len(), 0_u8,],
            "Drafts": drafts,
            "Dup": 1,
            "Dup": 2,
        });
        assert_eq!(ours, theirs);
        assert_eq!(ours.to_string(), theirs.to_string());
        assert_eq!(crate::json!(null), serde_json::json!(null));
        assert_eq!(crate::json!([1, "two", [3]]), serde_json::json!([1, "two", [3]]));
        assert_eq!(crate::json!(name), serde_json::json!(name));
        assert_eq!(crate::json!(0.1_f64 + 0.2), serde_json::json!(0.1_f64 + 0.2));
    }
}
