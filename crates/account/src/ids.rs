//! Identifiers: newtypes for the names and ids of the simulated account, and the seeded generator every
//! random-looking id comes from (secret suffixes, access keys, request ids, instance ids), so that the same
//! scenario always produces the same ids.

use std::fmt;

/// A 12-digit AWS account id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccountId(pub String);

/// A secret version id (the ClientRequestToken that created it).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VersionId(pub String);

/// A staging label such as `AWSCURRENT`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StagingLabel(pub String);

/// An EC2 instance id (`i-...`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InstanceId(pub String);

/// An access key id (`ASIA...`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccessKeyId(pub String);

macro_rules! text_newtype {
    ($($name:ident),*) => {$(
        impl $name {
            pub fn new(text: impl Into<String>) -> Self {
                Self(text.into())
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str(&self.0)
            }
        }
    )*};
}
text_newtype!(AccountId, VersionId, StagingLabel, InstanceId, AccessKeyId);

// Written as their text.
crate::codec::codec_transparent!(
    AccountId(String),
    VersionId(String),
    StagingLabel(String),
    InstanceId(String),
    AccessKeyId(String),
);

impl StagingLabel {
    pub fn current() -> Self {
        Self::new(AWSCURRENT)
    }
    pub fn previous() -> Self {
        Self::new(AWSPREVIOUS)
    }
    pub fn pending() -> Self {
        Self::new(AWSPENDING)
    }
}

pub const AWSCURRENT: &str = "AWSCURRENT";
pub const AWSPREVIOUS: &str = "AWSPREVIOUS";
pub const AWSPENDING: &str = "AWSPENDING";

/// A deterministic generator (SplitMix64). Not cryptographic: it only has to look like AWS's ids and be
/// reproducible from the scenario's seed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdGenerator {
    state: u64,
}

const UPPER_DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const ALPHANUMERIC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX: &[u8] = b"0123456789abcdef";
const BASE64ISH: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

impl IdGenerator {
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    pub(crate) fn state_value(&self) -> u64 {
        self.state
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut mixed = self.state;
        mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        mixed ^ (mixed >> 31)
    }

    /// A number in `0..bound` (`bound` > 0).
    pub fn below(&mut self, bound: u64) -> u64 {
        if bound == 0 {
            return 0;
        }
        self.next_u64() % bound
    }

    fn draw_from(&mut self, alphabet: &[u8], length: usize) -> String {
        let bound = alphabet.len() as u64;
        (0..length)
            .map(|_| {
                let index = usize::try_from(self.below(bound)).unwrap_or(0);
                alphabet.get(index).map_or('A', |byte| char::from(*byte))
            })
            .collect()
    }

    /// A version 4 UUID in its canonical lower-case text form.
    pub fn uuid(&mut self) -> String {
        let high = self.next_u64();
        let low = self.next_u64();
        let hex = format!("{high:016x}{low:016x}");
        let part = |range: std::ops::Range<usize>| hex.get(range).unwrap_or("0").to_owned();
        let variant = ["8", "9", "a", "b"]
            .get(usize::try_from(low >> 62).unwrap_or(0))
            .copied()
            .unwrap_or("8");
        format!(
            "{}-{}-4{}-{}{}-{}",
            part(0..8),
            part(8..12),
            part(13..16),
            variant,
            part(17..20),
            part(20..32)
        )
    }

    /// The six mixed-case alphanumeric characters AWS appends to a secret's ARN.
    pub fn secret_suffix(&mut self) -> String {
        self.draw_from(ALPHANUMERIC, 6)
    }

    /// An IAM unique id with the given four-letter prefix (`AROA`, `AIPA`, `ANPA`, `ASIA`).
    pub fn unique_id(&mut self, prefix: &str, length: usize) -> String {
        format!("{prefix}{}", self.draw_from(UPPER_DIGITS, length))
    }

    /// An EC2-style id: prefix, dash, 17 hex digits (`i-0abc...`).
    pub fn ec2_id(&mut self, prefix: &str) -> String {
        format!("{prefix}-0{}", self.draw_from(HEX, 16))
    }

    /// A 40-character secret access key.
    pub fn secret_access_key(&mut self) -> String {
        self.draw_from(BASE64ISH, 40)
    }

    /// A session token (shortened: real ones are several hundred characters).
    pub fn session_token(&mut self) -> String {
        format!("IQoJb3JpZ2luX2VjE{}", self.draw_from(BASE64ISH, 96))
    }

    /// Random text of `length` characters from `alphabet` (used by GetRandomPassword).
    pub fn text_from(&mut self, alphabet: &[char], length: usize) -> String {
        let bound = alphabet.len() as u64;
        (0..length)
            .filter_map(|_| {
                alphabet
                    .get(usize::try_from(self.below(bound)).unwrap_or(0))
                    .copied()
            })
            .collect()
    }
}

/// A stable 64-bit FNV-1a hash, for ids derived from names rather than drawn from the generator.
pub fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Upper-case base32-ish text derived from a hash (for deterministic access key ids of ad-hoc sessions).
pub fn derived_id(prefix: &str, seed_text: &str, length: usize) -> String {
    let mut generator = IdGenerator::new(stable_hash(seed_text));
    generator.unique_id(prefix, length)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generator_is_deterministic_and_ids_look_like_aws() {
        let mut first = IdGenerator::new(7);
        let mut second = IdGenerator::new(7);
        let uuid = first.uuid();
        assert_eq!(uuid, second.uuid());
        assert_eq!(uuid.len(), 36);
        assert_eq!(uuid.chars().nth(14), Some('4'));
        let suffix = first.secret_suffix();
        assert_eq!(suffix.len(), 6);
        assert!(suffix.chars().all(|character| character.is_ascii_alphanumeric()));
        assert!(first.unique_id("AROA", 17).starts_with("AROA"));
        let instance = first.ec2_id("i");
        assert_eq!(instance.len(), 19);
        assert_ne!(first.next_u64(), IdGenerator::new(8).next_u64());
    }
}
