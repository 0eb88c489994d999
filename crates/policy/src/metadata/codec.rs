//! The catalogue's binary form: what `cargo xtask build` writes to `dist/pkg/iam-metadata.bin` (deflated) and
//! [`super::install`] reads, so that the web app can leave the tables out of its first load.
//!
//! Layout (numbers little-endian; `count` is an unsigned LEB128 of at most 32 bits):
//!
//! ```text
//! catalogue  = "IAMCAT" version:u8 source known_service_prefixes:names condition_prefix_aliases:names
//!              alias_services:bytes global_condition_keys:names global_key_types:bytes
//!              service_count:count service*
//! source     = package:string version:string updated_at:string
//! service    = prefix:string name:string actions:names action_access:bytes action_resource_types:runs
//!              action_key_sets:u16s resource_types:names resource_type_arns:names resource_type_keys:runs
//!              condition_keys:names condition_key_types:bytes key_sets:runs
//! string     = length:count utf8-bytes
//! bytes      = count byte*
//! u16s       = count u16*
//! names      = count length:u8{count} utf8-text (the names run together; its length is the sum of the lengths)
//! runs       = count length:u8{count} u16{sum of the lengths}
//! ```
//!
//! It is the in-memory layout ([`Names`], [`Runs`]) minus the `Spans::starts`, which are recomputed. Decoding
//! checks everything the lookups rely on (UTF-8 on name boundaries, parallel lists of equal length, indices in
//! range, sorted lists sorted) before anything is kept, and reports the first problem with its byte offset.

use std::cmp::Ordering;

use super::{cmp_ignore_case, KeyType, SPAN_STRIDE};

/// The first bytes of a catalogue.
const MAGIC: &[u8] = b"IAMCAT";

/// The layout version this code writes and reads.
const VERSION: u8 = 1;

/// Key types by their code in the binary form (the order of [`KeyType`]'s variants).
const KEY_TYPES: [KeyType; 14] = [
    KeyType::String,
    KeyType::Arn,
    KeyType::Bool,
    KeyType::Numeric,
    KeyType::Date,
    KeyType::IpAddress,
    KeyType::Binary,
    KeyType::ArrayOfString,
    KeyType::ArrayOfArn,
    KeyType::ArrayOfBool,
    KeyType::ArrayOfNumeric,
    KeyType::ArrayOfDate,
    KeyType::ArrayOfIpAddress,
    KeyType::ArrayOfBinary,
];

/// Why bytes could not be installed as the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogueError {
    /// The bytes do not start with the catalogue's magic.
    #[error("not an IAM metadata catalogue (no `IAMCAT` at byte 0)")]
    NotACatalogue,
    /// A catalogue of another layout version.
    #[error("IAM metadata catalogue version {found} is not supported (this build reads version {expected})")]
    UnsupportedVersion { found: u8, expected: u8 },
    /// The bytes end before the catalogue does.
    #[error("IAM metadata catalogue truncated at byte {offset}: {what} is missing")]
    Truncated { offset: usize, what: &'static str },
    /// The bytes are a catalogue's shape but something in them is wrong: `problem` with `what` (the list or
    /// field that starts at `offset`). Static texts: the app carries no formatting code for them.
    #[error("invalid IAM metadata catalogue at byte {offset}: {what}: {problem}")]
    Invalid {
        offset: usize,
        what: &'static str,
        problem: &'static str,
    },
    /// Bytes after the end of the catalogue.
    #[error("IAM metadata catalogue has {count} unexpected bytes after its end at byte {offset}")]
    TrailingBytes { offset: usize, count: usize },
}

// ---- encoding ----

#[cfg(feature = "bundled-metadata")]
pub(super) fn encode(catalogue: &super::Catalogue) -> Vec<u8> {
    use super::{Names, Runs};

    fn count(out: &mut Vec<u8>, mut value: usize) {
        loop {
            let low = (value & 0x7f) as u8;
            value >>= 7;
            if value == 0 {
                out.push(low);
                return;
            }
            out.push(low | 0x80);
        }
    }
    fn string(out: &mut Vec<u8>, text: &str) {
        count(out, text.len());
        out.extend_from_slice(text.as_bytes());
    }
    fn bytes(out: &mut Vec<u8>, values: &[u8]) {
        count(out, values.len());
        out.extend_from_slice(values);
    }
    fn u16s(out: &mut Vec<u8>, values: &[u16]) {
        count(out, values.len());
        values
            .iter()
            .for_each(|value| out.extend_from_slice(&value.to_le_bytes()));
    }
    fn names(out: &mut Vec<u8>, names: Names) {
        bytes(out, names.spans.lengths);
        out.extend_from_slice(names.text.as_bytes());
    }
    fn runs(out: &mut Vec<u8>, runs: Runs) {
        bytes(out, runs.spans.lengths);
        runs.items
            .iter()
            .for_each(|value| out.extend_from_slice(&value.to_le_bytes()));
    }
    fn key_types(out: &mut Vec<u8>, types: &[KeyType]) {
        let codes: Vec<u8> = types
            .iter()
            .map(|key_type| {
                KEY_TYPES
                    .iter()
                    .position(|known| known == key_type)
                    .and_then(|code| u8::try_from(code).ok())
                    .unwrap_or(u8::MAX)
            })
            .collect();
        bytes(out, &codes);
    }

    let mut out = Vec::with_capacity(96 * 1024);
    out.extend_from_slice(MAGIC);
    out.push(VERSION);
    string(&mut out, catalogue.source.package);
    string(&mut out, catalogue.source.version);
    string(&mut out, catalogue.source.updated_at);
    names(&mut out, catalogue.known_service_prefixes);
    names(&mut out, catalogue.condition_prefix_aliases);
    bytes(&mut out, catalogue.condition_prefix_alias_services);
    names(&mut out, catalogue.global_condition_keys);
    key_types(&mut out, catalogue.global_condition_key_types);
    count(&mut out, catalogue.services.len());
    for service in catalogue.services {
        string(&mut out, service.prefix);
        string(&mut out, service.name);
        names(&mut out, service.actions);
        bytes(&mut out, service.action_access);
        runs(&mut out, service.action_resource_types);
        u16s(&mut out, service.action_key_sets);
        names(&mut out, service.resource_types);
        names(&mut out, service.resource_type_arns);
        runs(&mut out, service.resource_type_keys);
        names(&mut out, service.condition_keys);
        key_types(&mut out, service.condition_key_types);
        runs(&mut out, service.key_sets);
    }
    out
}

// ---- decoding ----

/// A decoded, checked catalogue that owns its tables (nothing is leaked until it is installed). With
/// `bundled-metadata` it is only checked, then dropped.
#[derive(Debug)]
#[cfg_attr(all(feature = "bundled-metadata", not(test)), allow(dead_code))]
pub(super) struct Decoded {
    package: String,
    version: String,
    updated_at: String,
    known_service_prefixes: NamesBuf,
    condition_prefix_aliases: NamesBuf,
    condition_prefix_alias_services: Vec<u8>,
    global_condition_keys: NamesBuf,
    global_condition_key_types: Vec<KeyType>,
    services: Vec<ServiceBuf>,
}

#[derive(Debug)]
#[cfg_attr(all(feature = "bundled-metadata", not(test)), allow(dead_code))]
struct ServiceBuf {
    prefix: String,
    name: String,
    actions: NamesBuf,
    action_access: Vec<u8>,
    action_resource_types: RunsBuf,
    action_key_sets: Vec<u16>,
    resource_types: NamesBuf,
    resource_type_arns: NamesBuf,
    resource_type_keys: RunsBuf,
    condition_keys: NamesBuf,
    condition_key_types: Vec<KeyType>,
    key_sets: RunsBuf,
}

/// A decoded list of names: the text, each name's length, and the start of every `SPAN_STRIDE`-th name.
#[derive(Debug)]
#[cfg_attr(all(feature = "bundled-metadata", not(test)), allow(dead_code))]
struct NamesBuf {
    text: String,
    lengths: Vec<u8>,
    starts: Vec<u16>,
}

impl NamesBuf {
    fn len(&self) -> usize {
        self.lengths.len()
    }

    /// The names (their boundaries were checked when decoding).
    fn names(&self) -> impl Iterator<Item = &str> {
        self.lengths.iter().scan(0usize, |start, &length| {
            let begin = *start;
            *start += usize::from(length);
            Some(self.text.get(begin..*start).unwrap_or_default())
        })
    }
}

/// A decoded list of lists of numbers, flattened.
#[derive(Debug)]
#[cfg_attr(all(feature = "bundled-metadata", not(test)), allow(dead_code))]
struct RunsBuf {
    items: Vec<u16>,
    lengths: Vec<u8>,
    starts: Vec<u16>,
}

impl RunsBuf {
    fn len(&self) -> usize {
        self.lengths.len()
    }
}

/// Reads the binary form. The first problem is kept (with its offset) and every read after it yields nothing, so
/// that decoding runs to its end without an early return per field (smaller code: no clean-up at every `?`).
struct Reader<'a> {
    bytes: &'a [u8],
    offset: usize,
    error: Option<CatalogueError>,
}

impl<'a> Reader<'a> {
    fn fail(&mut self, error: CatalogueError) {
        if self.error.is_none() {
            self.error = Some(error);
        }
    }

    /// Records `problem` with `what` at `at` unless `ok`.
    fn check(&mut self, ok: bool, at: usize, what: &'static str, problem: &'static str) {
        if !ok {
            self.fail(CatalogueError::Invalid {
                offset: at,
                what,
                problem,
            });
        }
    }

    fn take(&mut self, length: usize, what: &'static str) -> &'a [u8] {
        if self.error.is_some() {
            return &[];
        }
        let taken = self
            .offset
            .checked_add(length)
            .and_then(|end| self.bytes.get(self.offset..end));
        match taken {
            Some(taken) => {
                self.offset += length;
                taken
            }
            None => {
                self.fail(CatalogueError::Truncated {
                    offset: self.offset,
                    what,
                });
                &[]
            }
        }
    }

    /// An unsigned LEB128 of at most 32 bits, of items of at least `item_size` bytes each that must still fit in
    /// the input (no allocation beyond the input's size, whatever the count says).
    fn count(&mut self, item_size: usize, what: &'static str) -> usize {
        let at = self.offset;
        let mut value: u64 = 0;
        let mut ended = false;
        for shift in (0..35).step_by(7) {
            let Some(&byte) = self.take(1, what).first() else {
                return 0;
            };
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                ended = true;
                break;
            }
        }
        let count = usize::try_from(value).unwrap_or(usize::MAX);
        self.check(ended && value <= u64::from(u32::MAX), at, what, "count too large");
        let remaining = self.bytes.len().saturating_sub(self.offset);
        if count.saturating_mul(item_size) > remaining {
            self.fail(CatalogueError::Truncated {
                offset: self.offset,
                what,
            });
        }
        if self.error.is_some() {
            0
        } else {
            count
        }
    }

    fn utf8(&mut self, bytes: &[u8], at: usize, what: &'static str) -> String {
        match std::str::from_utf8(bytes) {
            Ok(text) => text.to_owned(),
            Err(error) => {
                self.check(false, at + error.valid_up_to(), what, "not UTF-8");
                String::new()
            }
        }
    }

    fn string(&mut self, what: &'static str) -> String {
        let length = self.count(1, what);
        let at = self.offset;
        let bytes = self.take(length, what);
        self.utf8(bytes, at, what)
    }

    fn bytes(&mut self, what: &'static str) -> Vec<u8> {
        let length = self.count(1, what);
        self.take(length, what).to_vec()
    }

    fn u16_items(&mut self, count: usize, what: &'static str) -> Vec<u16> {
        self.take(count.saturating_mul(2), what)
            .chunks_exact(2)
            .map(|pair| {
                u16::from(pair.first().copied().unwrap_or(0))
                    | u16::from(pair.get(1).copied().unwrap_or(0)) << 8
            })
            .collect()
    }

    fn u16s(&mut self, what: &'static str) -> Vec<u16> {
        let count = self.count(2, what);
        self.u16_items(count, what)
    }

    fn key_types(&mut self, count: usize, what: &'static str) -> Vec<KeyType> {
        let at = self.offset;
        let codes = self.bytes(what);
        self.check(codes.len() == count, at, what, "not one entry per key");
        let types: Vec<KeyType> = codes
            .iter()
            .filter_map(|&code| KEY_TYPES.get(usize::from(code)).copied())
            .collect();
        self.check(types.len() == codes.len(), at, what, "unknown key type code");
        types
    }

    /// A list of names; `sorted`: strictly increasing by lower-cased name (what the binary searches need).
    fn names(&mut self, sorted: bool, what: &'static str) -> NamesBuf {
        let at = self.offset;
        let lengths = self.bytes(what);
        let total: usize = lengths.iter().map(|&length| usize::from(length)).sum();
        let text_at = self.offset;
        let bytes = self.take(total, what);
        let text = self.utf8(bytes, text_at, what);
        let mut start = 0usize;
        let mut previous: Option<&str> = None;
        let mut well_formed = true;
        let mut in_order = true;
        for &length in &lengths {
            let name = text.get(start..start + usize::from(length));
            well_formed &= length > 0 && name.is_some();
            if let (Some(previous), Some(name)) = (previous, name) {
                in_order &= cmp_ignore_case(previous, name) == Ordering::Less;
            }
            previous = name;
            start += usize::from(length);
        }
        self.check(text.len() == total, at, what, "not UTF-8");
        self.check(
            well_formed,
            at,
            what,
            "an empty name, or one that starts inside a character",
        );
        self.check(in_order || !sorted, at, what, "not sorted by lower-cased name");
        let starts = starts(&lengths);
        self.check(starts.is_some(), at, what, "more than 65535 bytes");
        NamesBuf {
            text,
            lengths,
            starts: starts.unwrap_or_default(),
        }
    }

    /// A list of lists of numbers, each below `limit` once `mask` is applied.
    fn runs(&mut self, mask: u16, limit: usize, what: &'static str) -> RunsBuf {
        let at = self.offset;
        let lengths = self.bytes(what);
        let total: usize = lengths.iter().map(|&length| usize::from(length)).sum();
        let items = self.u16_items(total, what);
        self.check_indices(&items, mask, limit, at, what);
        let starts = starts(&lengths);
        self.check(starts.is_some(), at, what, "more than 65535 items");
        RunsBuf {
            items,
            lengths,
            starts: starts.unwrap_or_default(),
        }
    }

    fn check_indices(&mut self, values: &[u16], mask: u16, limit: usize, at: usize, what: &'static str) {
        let in_range = values.iter().all(|&value| usize::from(value & mask) < limit);
        self.check(in_range, at, what, "an index out of range");
    }
}

/// The start of every `SPAN_STRIDE`-th item, if each fits in a `u16` (as in the generated tables).
fn starts(lengths: &[u8]) -> Option<Vec<u16>> {
    let mut starts = Vec::with_capacity(lengths.len() / SPAN_STRIDE + 1);
    let mut start = 0usize;
    for (index, &length) in lengths.iter().enumerate() {
        if index % SPAN_STRIDE == 0 {
            starts.push(u16::try_from(start).ok()?);
        }
        start += usize::from(length);
    }
    Some(starts)
}

/// Decodes and checks a catalogue.
pub(super) fn decode(bytes: &[u8]) -> Result<Decoded, CatalogueError> {
    if !bytes.starts_with(MAGIC) {
        return Err(CatalogueError::NotACatalogue);
    }
    let mut reader = Reader {
        bytes,
        offset: MAGIC.len(),
        error: None,
    };
    let version = reader.take(1, "the version").first().copied().unwrap_or(VERSION);
    if version != VERSION {
        return Err(CatalogueError::UnsupportedVersion {
            found: version,
            expected: VERSION,
        });
    }
    let package = reader.string("the source package");
    let source_version = reader.string("the source version");
    let updated_at = reader.string("the source date");

    let known_service_prefixes = reader.names(true, "the service prefixes");
    let aliases_at = reader.offset;
    let condition_prefix_aliases = reader.names(false, "the condition-key prefix aliases");
    let condition_prefix_alias_services = reader.bytes("the services of the aliases");
    reader.check(
        condition_prefix_alias_services.len() == condition_prefix_aliases.len(),
        aliases_at,
        "the services of the aliases",
        "not one entry per alias",
    );
    let global_condition_keys = reader.names(true, "the global condition keys");
    let global_condition_key_types =
        reader.key_types(global_condition_keys.len(), "the global condition key types");

    // A service takes at least 20 bytes (two strings and ten empty lists).
    let service_count = reader.count(20, "the services");
    let mut services = Vec::with_capacity(service_count);
    while services.len() < service_count && reader.error.is_none() {
        services.push(decode_service(&mut reader, &known_service_prefixes));
    }
    let owners_in_range = condition_prefix_alias_services
        .iter()
        .all(|&owner| usize::from(owner) < services.len());
    reader.check(
        owners_in_range,
        aliases_at,
        "the services of the aliases",
        "an index out of range",
    );
    if reader.offset != bytes.len() {
        reader.fail(CatalogueError::TrailingBytes {
            offset: reader.offset,
            count: bytes.len() - reader.offset,
        });
    }
    match reader.error {
        Some(error) => Err(error),
        None => Ok(Decoded {
            package,
            version: source_version,
            updated_at,
            known_service_prefixes,
            condition_prefix_aliases,
            condition_prefix_alias_services,
            global_condition_keys,
            global_condition_key_types,
            services,
        }),
    }
}

fn decode_service(reader: &mut Reader<'_>, known: &NamesBuf) -> ServiceBuf {
    let at = reader.offset;
    let prefix = reader.string("a service prefix");
    let is_known = known.names().any(|name| name.eq_ignore_ascii_case(&prefix));
    reader.check(
        is_known,
        at,
        "a service prefix",
        "not one of the known service prefixes",
    );
    let name = reader.string("a service name");

    let actions = reader.names(true, "the actions");
    let count = actions.len();
    let access_at = reader.offset;
    let action_access = reader.bytes("the access levels");
    let access_known =
        action_access.len() == count && action_access.iter().all(|&bits| bits != 0 && bits < 32);
    reader.check(
        access_known,
        access_at,
        "the access levels",
        "not one known access level per action",
    );
    // Resource-type references are checked once the resource types are read.
    let references_at = reader.offset;
    let action_resource_types = reader.runs(0, 1, "the actions' resource types");
    reader.check(
        action_resource_types.len() == count,
        references_at,
        "the actions' resource types",
        "not one entry per action",
    );
    let sets_at = reader.offset;
    let action_key_sets = reader.u16s("the actions' key sets");
    reader.check(
        action_key_sets.len() == count,
        sets_at,
        "the actions' key sets",
        "not one entry per action",
    );

    let resource_types = reader.names(false, "the resource types");
    let type_count = resource_types.len();
    reader.check_indices(
        &action_resource_types.items,
        0x7fff,
        type_count,
        references_at,
        "the actions' resource types",
    );
    let arns_at = reader.offset;
    let resource_type_arns = reader.names(false, "the ARN formats");
    reader.check(
        resource_type_arns.len() == type_count,
        arns_at,
        "the ARN formats",
        "not one per resource type",
    );
    let type_keys_at = reader.offset;
    // Key indices are checked once the keys are read.
    let resource_type_keys = reader.runs(0, 1, "the resource types' keys");
    reader.check(
        resource_type_keys.len() == type_count,
        type_keys_at,
        "the resource types' keys",
        "not one entry per resource type",
    );

    let condition_keys = reader.names(true, "the condition keys");
    let key_count = condition_keys.len();
    let condition_key_types = reader.key_types(key_count, "the condition key types");
    reader.check_indices(
        &resource_type_keys.items,
        u16::MAX,
        key_count,
        type_keys_at,
        "the resource types' keys",
    );
    let key_sets = reader.runs(u16::MAX, key_count, "the key sets");
    reader.check_indices(
        &action_key_sets,
        u16::MAX,
        key_sets.len(),
        sets_at,
        "the actions' key sets",
    );
    ServiceBuf {
        prefix,
        name,
        actions,
        action_access,
        action_resource_types,
        action_key_sets,
        resource_types,
        resource_type_arns,
        resource_type_keys,
        condition_keys,
        condition_key_types,
        key_sets,
    }
}

// ---- installing ----

#[cfg(any(test, not(feature = "bundled-metadata")))]
fn leak_str(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

#[cfg(any(test, not(feature = "bundled-metadata")))]
fn leak_slice<T>(items: Vec<T>) -> &'static [T] {
    Box::leak(items.into_boxed_slice())
}

#[cfg(any(test, not(feature = "bundled-metadata")))]
impl NamesBuf {
    fn leak(self) -> super::Names {
        super::Names {
            text: leak_str(self.text),
            spans: super::Spans {
                lengths: leak_slice(self.lengths),
                starts: leak_slice(self.starts),
            },
        }
    }
}

#[cfg(any(test, not(feature = "bundled-metadata")))]
impl RunsBuf {
    fn leak(self) -> super::Runs {
        super::Runs {
            items: leak_slice(self.items),
            spans: super::Spans {
                lengths: leak_slice(self.lengths),
                starts: leak_slice(self.starts),
            },
        }
    }
}

#[cfg(any(test, not(feature = "bundled-metadata")))]
impl Decoded {
    /// The catalogue over these tables, which live from now on for the rest of the program.
    pub(super) fn leak(self) -> super::Catalogue {
        let services: Vec<super::ServiceData> = self
            .services
            .into_iter()
            .map(|service| super::ServiceData {
                prefix: leak_str(service.prefix),
                name: leak_str(service.name),
                actions: service.actions.leak(),
                action_access: leak_slice(service.action_access),
                action_resource_types: service.action_resource_types.leak(),
                action_key_sets: leak_slice(service.action_key_sets),
                resource_types: service.resource_types.leak(),
                resource_type_arns: service.resource_type_arns.leak(),
                resource_type_keys: service.resource_type_keys.leak(),
                condition_keys: service.condition_keys.leak(),
                condition_key_types: leak_slice(service.condition_key_types),
                key_sets: service.key_sets.leak(),
            })
            .collect();
        super::Catalogue {
            source: super::DataSource {
                package: leak_str(self.package),
                version: leak_str(self.version),
                updated_at: leak_str(self.updated_at),
            },
            known_service_prefixes: self.known_service_prefixes.leak(),
            condition_prefix_aliases: self.condition_prefix_aliases.leak(),
            condition_prefix_alias_services: leak_slice(self.condition_prefix_alias_services),
            global_condition_keys: self.global_condition_keys.leak(),
            global_condition_key_types: leak_slice(self.global_condition_key_types),
            services: leak_slice(services),
        }
    }
}

#[cfg(all(test, feature = "bundled-metadata"))]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn catalogue_bytes() -> Vec<u8> {
        super::super::encode_catalogue()
    }

    #[test]
    fn the_catalogue_is_small() {
        let bytes = catalogue_bytes();
        assert!(bytes.starts_with(MAGIC));
        assert!(bytes.len() < 200_000, "{}", bytes.len());
        assert!(decode(&bytes).is_ok());
    }

    #[test]
    fn foreign_and_damaged_bytes_are_refused_with_where() {
        let bytes = catalogue_bytes();
        assert_eq!(decode(b"").unwrap_err(), CatalogueError::NotACatalogue);
        assert_eq!(
            decode(b"<!doctype html>").unwrap_err(),
            CatalogueError::NotACatalogue
        );
        let mut version = bytes.clone();
        version[MAGIC.len()] = 9;
        assert_eq!(
            decode(&version).unwrap_err(),
            CatalogueError::UnsupportedVersion {
                found: 9,
                expected: 1
            }
        );
        let mut trailing = bytes.clone();
        trailing.extend_from_slice(b"xyz");
        assert_eq!(
            decode(&trailing).unwrap_err(),
            CatalogueError::TrailingBytes {
                offset: bytes.len(),
                count: 3
            }
        );
        let mut huge = MAGIC.to_vec();
        huge.extend_from_slice(&[VERSION, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
        assert!(
            matches!(
                decode(&huge).unwrap_err(),
                CatalogueError::Invalid {
                    offset: 7,
                    problem: "count too large",
                    ..
                }
            ),
            "{:?}",
            decode(&huge)
        );
        let truncated = decode(&bytes[..bytes.len() / 2]).unwrap_err();
        assert!(
            matches!(truncated, CatalogueError::Truncated { .. }),
            "{truncated:?}"
        );
        assert!(truncated.to_string().contains("truncated at byte"), "{truncated}");
        // The service prefixes are the first names: swapping the first two breaks their order.
        let mut unsorted = bytes.clone();
        let text = bytes.windows(6).position(|window| window == b"a2ca4b").unwrap();
        unsorted[text..text + 6].copy_from_slice(b"a4ba2c");
        let error = decode(&unsorted).unwrap_err();
        assert!(
            matches!(&error, CatalogueError::Invalid { problem, .. } if problem.contains("not sorted")),
            "{error:?}"
        );
        assert!(
            error
                .to_string()
                .starts_with("invalid IAM metadata catalogue at byte "),
            "{error}"
        );
    }

    #[test]
    fn every_truncation_is_refused() {
        let bytes = catalogue_bytes();
        let ends = (0..bytes.len())
            .step_by(89)
            .chain(bytes.len().saturating_sub(64)..bytes.len());
        for end in ends {
            assert!(decode(&bytes[..end]).is_err(), "{end}");
        }
    }

    #[test]
    fn flipped_bits_never_panic() {
        let bytes = catalogue_bytes();
        let mut damaged = bytes.clone();
        for index in (0..bytes.len()).step_by(61) {
            for bit in 0..8 {
                damaged[index] ^= 1 << bit;
                let _ = decode(&damaged);
                damaged[index] ^= 1 << bit;
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn arbitrary_bytes_after_the_header_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..512)) {
            let mut bytes = MAGIC.to_vec();
            bytes.push(VERSION);
            bytes.extend(tail);
            let _ = decode(&bytes);
        }

        #[test]
        fn overwritten_catalogue_bytes_never_panic(
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)
        ) {
            let mut bytes = catalogue_bytes();
            for (index, value) in edits {
                let at = index.index(bytes.len());
                bytes[at] = value;
            }
            let _ = decode(&bytes);
        }
    }
}
