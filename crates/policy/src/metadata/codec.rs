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
    /// The bytes are a catalogue's shape but something in them is wrong.
    #[error("invalid IAM metadata catalogue at byte {offset}: {problem}")]
    Invalid { offset: usize, problem: String },
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

/// Reads the binary form, keeping the offset for error messages.
struct Reader<'a> {
    bytes: &'a [u8],
    offset: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, length: usize, what: &'static str) -> Result<&'a [u8], CatalogueError> {
        let taken = self
            .offset
            .checked_add(length)
            .and_then(|end| self.bytes.get(self.offset..end))
            .ok_or(CatalogueError::Truncated {
                offset: self.offset,
                what,
            })?;
        self.offset += length;
        Ok(taken)
    }

    fn byte(&mut self, what: &'static str) -> Result<u8, CatalogueError> {
        self.take(1, what)
            .map(|bytes| bytes.first().copied().unwrap_or(0))
    }

    /// An unsigned LEB128 of at most 32 bits.
    fn count(&mut self, what: &'static str) -> Result<usize, CatalogueError> {
        let at = self.offset;
        let mut value: u64 = 0;
        for shift in (0..35).step_by(7) {
            let byte = self.byte(what)?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return usize::try_from(
                    u32::try_from(value).map_err(|_| invalid(at, format!("{what}: count too large")))?,
                )
                .map_err(|_| invalid(at, format!("{what}: count too large")));
            }
        }
        Err(invalid(at, format!("{what}: count too large")))
    }

    /// A count of items of at least `item_size` bytes each that must still fit in the input (no allocation beyond
    /// the input's size, whatever the count says).
    fn bounded_count(&mut self, item_size: usize, what: &'static str) -> Result<usize, CatalogueError> {
        let count = self.count(what)?;
        let remaining = self.bytes.len().saturating_sub(self.offset);
        if count.saturating_mul(item_size) > remaining {
            return Err(CatalogueError::Truncated {
                offset: self.offset,
                what,
            });
        }
        Ok(count)
    }

    fn string(&mut self, what: &'static str) -> Result<String, CatalogueError> {
        let length = self.bounded_count(1, what)?;
        let at = self.offset;
        let bytes = self.take(length, what)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| invalid(at, format!("{what} is not UTF-8")))
    }

    fn bytes(&mut self, what: &'static str) -> Result<Vec<u8>, CatalogueError> {
        let length = self.bounded_count(1, what)?;
        self.take(length, what).map(<[u8]>::to_vec)
    }

    fn u16_items(&mut self, count: usize, what: &'static str) -> Result<Vec<u16>, CatalogueError> {
        let length = count.checked_mul(2).ok_or(CatalogueError::Truncated {
            offset: self.offset,
            what,
        })?;
        let bytes = self.take(length, what)?;
        Ok(bytes
            .chunks_exact(2)
            .map(|pair| {
                u16::from_le_bytes([
                    pair.first().copied().unwrap_or(0),
                    pair.get(1).copied().unwrap_or(0),
                ])
            })
            .collect())
    }

    fn u16s(&mut self, what: &'static str) -> Result<Vec<u16>, CatalogueError> {
        let count = self.bounded_count(2, what)?;
        self.u16_items(count, what)
    }

    fn key_types(&mut self, what: &'static str) -> Result<Vec<KeyType>, CatalogueError> {
        let at = self.offset;
        let codes = self.bytes(what)?;
        codes
            .iter()
            .enumerate()
            .map(|(index, &code)| {
                KEY_TYPES.get(usize::from(code)).copied().ok_or_else(|| {
                    invalid(at, format!("{what}: unknown key type code {code} (item {index})"))
                })
            })
            .collect()
    }

    fn names(&mut self, what: &'static str) -> Result<NamesBuf, CatalogueError> {
        let at = self.offset;
        let lengths = self.bytes(what)?;
        let total: usize = lengths.iter().map(|&length| usize::from(length)).sum();
        let text_at = self.offset;
        let text = self.take(total, what)?;
        let text = String::from_utf8(text.to_vec()).map_err(|error| {
            invalid(
                text_at + error.utf8_error().valid_up_to(),
                format!("{what}: not UTF-8"),
            )
        })?;
        let mut start = 0usize;
        for (index, &length) in lengths.iter().enumerate() {
            if !text.is_char_boundary(start) {
                return Err(invalid(
                    text_at + start,
                    format!("{what}: name {index} starts inside a character"),
                ));
            }
            if length == 0 {
                return Err(invalid(at, format!("{what}: name {index} is empty")));
            }
            start += usize::from(length);
        }
        let starts = starts(&lengths).ok_or_else(|| invalid(at, format!("{what}: more than 65535 bytes")))?;
        Ok(NamesBuf {
            text,
            lengths,
            starts,
        })
    }

    fn runs(&mut self, what: &'static str) -> Result<RunsBuf, CatalogueError> {
        let at = self.offset;
        let lengths = self.bytes(what)?;
        let total: usize = lengths.iter().map(|&length| usize::from(length)).sum();
        let items = self.u16_items(total, what)?;
        let starts = starts(&lengths).ok_or_else(|| invalid(at, format!("{what}: more than 65535 items")))?;
        Ok(RunsBuf {
            items,
            lengths,
            starts,
        })
    }
}

fn invalid(offset: usize, problem: String) -> CatalogueError {
    CatalogueError::Invalid { offset, problem }
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

/// Checks that `names` is strictly increasing by lower-cased name (what the binary searches need).
fn check_sorted(names: &NamesBuf, at: usize, what: &str) -> Result<(), CatalogueError> {
    let mut previous: Option<&str> = None;
    for (index, name) in names.names().enumerate() {
        if let Some(previous) = previous {
            if cmp_ignore_case(previous, name) != Ordering::Less {
                return Err(invalid(
                    at,
                    format!("{what}: `{name}` (item {index}) is out of order"),
                ));
            }
        }
        previous = Some(name);
    }
    Ok(())
}

fn check_length(found: usize, expected: usize, at: usize, what: &str) -> Result<(), CatalogueError> {
    if found == expected {
        Ok(())
    } else {
        Err(invalid(
            at,
            format!("{what}: {found} entries where {expected} were expected"),
        ))
    }
}

fn check_indices(
    values: &[u16],
    mask: u16,
    limit: usize,
    at: usize,
    what: &str,
) -> Result<(), CatalogueError> {
    match values.iter().find(|&&value| usize::from(value & mask) >= limit) {
        Some(value) => Err(invalid(
            at,
            format!("{what}: index {} out of range (there are {limit})", value & mask),
        )),
        None => Ok(()),
    }
}

/// Decodes and checks a catalogue.
pub(super) fn decode(bytes: &[u8]) -> Result<Decoded, CatalogueError> {
    let mut reader = Reader { bytes, offset: 0 };
    if reader.take(MAGIC.len(), "the magic").ok() != Some(MAGIC) {
        return Err(CatalogueError::NotACatalogue);
    }
    let version = reader.byte("the version")?;
    if version != VERSION {
        return Err(CatalogueError::UnsupportedVersion {
            found: version,
            expected: VERSION,
        });
    }
    let package = reader.string("the source package")?;
    let source_version = reader.string("the source version")?;
    let updated_at = reader.string("the source date")?;

    let at = reader.offset;
    let known_service_prefixes = reader.names("the service prefixes")?;
    check_sorted(&known_service_prefixes, at, "the service prefixes")?;
    let aliases_at = reader.offset;
    let condition_prefix_aliases = reader.names("the condition-key prefix aliases")?;
    let condition_prefix_alias_services = reader.bytes("the services of the aliases")?;
    check_length(
        condition_prefix_alias_services.len(),
        condition_prefix_aliases.len(),
        aliases_at,
        "the services of the aliases",
    )?;
    let at = reader.offset;
    let global_condition_keys = reader.names("the global condition keys")?;
    check_sorted(&global_condition_keys, at, "the global condition keys")?;
    let global_condition_key_types = reader.key_types("the global condition key types")?;
    check_length(
        global_condition_key_types.len(),
        global_condition_keys.len(),
        at,
        "the global condition key types",
    )?;

    // A service takes at least 20 bytes (two strings and ten empty lists).
    let service_count = reader.bounded_count(20, "the services")?;
    let mut services = Vec::with_capacity(service_count);
    for _ in 0..service_count {
        services.push(decode_service(&mut reader, &known_service_prefixes)?);
    }
    if let Some(&owner) = condition_prefix_alias_services
        .iter()
        .find(|&&owner| usize::from(owner) >= services.len())
    {
        return Err(invalid(
            aliases_at,
            format!("the services of the aliases: service {owner} out of range"),
        ));
    }
    if reader.offset != bytes.len() {
        return Err(CatalogueError::TrailingBytes {
            offset: reader.offset,
            count: bytes.len() - reader.offset,
        });
    }
    Ok(Decoded {
        package,
        version: source_version,
        updated_at,
        known_service_prefixes,
        condition_prefix_aliases,
        condition_prefix_alias_services,
        global_condition_keys,
        global_condition_key_types,
        services,
    })
}

fn decode_service(reader: &mut Reader<'_>, known: &NamesBuf) -> Result<ServiceBuf, CatalogueError> {
    let at = reader.offset;
    let prefix = reader.string("a service prefix")?;
    if !known.names().any(|name| name.eq_ignore_ascii_case(&prefix)) {
        return Err(invalid(
            at,
            format!("the service `{prefix}` is not a known service prefix"),
        ));
    }
    let name = reader.string("a service name")?;

    let at = reader.offset;
    let actions = reader.names("the actions")?;
    check_sorted(&actions, at, "the actions")?;
    let count = actions.len();
    let access_at = reader.offset;
    let action_access = reader.bytes("the access levels")?;
    check_length(action_access.len(), count, access_at, "the access levels")?;
    if action_access.iter().any(|&bits| bits == 0 || bits >= 32) {
        return Err(invalid(
            access_at,
            "the access levels: unknown access level bits".to_owned(),
        ));
    }
    let runs_at = reader.offset;
    let action_resource_types = reader.runs("the actions' resource types")?;
    check_length(
        action_resource_types.len(),
        count,
        runs_at,
        "the actions' resource types",
    )?;
    let sets_at = reader.offset;
    let action_key_sets = reader.u16s("the actions' key sets")?;
    check_length(action_key_sets.len(), count, sets_at, "the actions' key sets")?;

    let resource_types = reader.names("the resource types")?;
    let resource_type_count = resource_types.len();
    let arns_at = reader.offset;
    let resource_type_arns = reader.names("the ARN formats")?;
    check_length(
        resource_type_arns.len(),
        resource_type_count,
        arns_at,
        "the ARN formats",
    )?;
    let keys_of_types_at = reader.offset;
    let resource_type_keys = reader.runs("the resource types' keys")?;
    check_length(
        resource_type_keys.len(),
        resource_type_count,
        keys_of_types_at,
        "the resource types' keys",
    )?;
    check_indices(
        &action_resource_types.items,
        0x7fff,
        resource_type_count,
        runs_at,
        "the actions' resource types",
    )?;

    let keys_at = reader.offset;
    let condition_keys = reader.names("the condition keys")?;
    check_sorted(&condition_keys, keys_at, "the condition keys")?;
    let key_count = condition_keys.len();
    let key_types_at = reader.offset;
    let condition_key_types = reader.key_types("the condition key types")?;
    check_length(
        condition_key_types.len(),
        key_count,
        key_types_at,
        "the condition key types",
    )?;
    let key_sets_at = reader.offset;
    let key_sets = reader.runs("the key sets")?;
    check_indices(
        &resource_type_keys.items,
        u16::MAX,
        key_count,
        keys_of_types_at,
        "the resource types' keys",
    )?;
    check_indices(&key_sets.items, u16::MAX, key_count, key_sets_at, "the key sets")?;
    check_indices(
        &action_key_sets,
        u16::MAX,
        key_sets.len(),
        sets_at,
        "the actions' key sets",
    )?;
    Ok(ServiceBuf {
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
    })
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
            matches!(&error, CatalogueError::Invalid { problem, .. } if problem.contains("out of order")),
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
