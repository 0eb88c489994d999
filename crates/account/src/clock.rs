//! The simulated clock: seconds since the Unix epoch, formatted and parsed as the UTC ISO-8601 text AWS uses
//! (`2026-01-15T09:00:00Z`). Nothing here reads the wall clock.

use std::fmt;

/// A point in simulated time, in whole seconds since 1970-01-01T00:00:00Z.
/// Written as the number of seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(pub i64);

crate::codec::codec_transparent!(Timestamp(i64));

/// The time every new scenario starts at unless it says otherwise.
pub const DEFAULT_START: Timestamp = Timestamp(1_768_467_600); // 2026-01-15T09:00:00Z

pub const MINUTE: i64 = 60;
pub const HOUR: i64 = 3600;
pub const DAY: i64 = 86_400;

impl Timestamp {
    pub fn seconds(self) -> i64 {
        self.0
    }

    pub fn plus(self, seconds: i64) -> Self {
        Self(self.0.saturating_add(seconds))
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn iso(self) -> String {
        let days = self.0.div_euclid(DAY);
        let within = self.0.rem_euclid(DAY);
        let (year, month, day) = civil_from_days(days);
        format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            within / HOUR,
            (within % HOUR) / MINUTE,
            within % MINUTE
        )
    }

    /// Midnight UTC of this timestamp's day (Secrets Manager's `LastAccessedDate` has date resolution).
    pub fn start_of_day(self) -> Self {
        Self(self.0.div_euclid(DAY) * DAY)
    }

    /// The JSON protocols' timestamp form: epoch seconds as a number.
    pub fn epoch_json(self) -> serde_json::Value {
        serde_json::Value::from(self.0)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SSZ` (also accepts fractional seconds and `+00:00`), or plain epoch seconds.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if let Ok(epoch) = text.parse::<i64>() {
            return Some(Self(epoch));
        }
        let bytes = text.as_bytes();
        let number = |range: std::ops::Range<usize>| -> Option<i64> { text.get(range)?.parse().ok() };
        if bytes.len() < 19 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
            return None;
        }
        if !matches!(bytes.get(10), Some(b'T' | b't' | b' ')) {
            return None;
        }
        let year = number(0..4)?;
        let month = number(5..7)?;
        let day = number(8..10)?;
        let hour = number(11..13)?;
        let minute = number(14..16)?;
        let second = number(17..19)?;
        let rest = text.get(19..)?;
        let rest = match rest.strip_prefix('.') {
            Some(fraction) => fraction.trim_start_matches(|character: char| character.is_ascii_digit()),
            None => rest,
        };
        if !matches!(rest, "Z" | "z" | "+00:00" | "") {
            return None;
        }
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        Some(Self(
            days_from_civil(year, month, day) * DAY + hour * HOUR + minute * MINUTE + second,
        ))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.iso())
    }
}

/// Howard Hinnant's days-from-civil algorithm.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

pub(crate) fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_round_trip() {
        assert_eq!(DEFAULT_START.iso(), "2026-01-15T09:00:00Z");
        assert_eq!(Timestamp(0).iso(), "1970-01-01T00:00:00Z");
        assert_eq!(Timestamp::parse("2026-01-15T09:00:00Z"), Some(DEFAULT_START));
        assert_eq!(
            Timestamp::parse("2024-02-29T23:59:59.123Z").map(Timestamp::iso),
            Some("2024-02-29T23:59:59Z".to_owned())
        );
        assert_eq!(Timestamp::parse("2026-13-01T00:00:00Z"), None);
        assert_eq!(Timestamp::parse("nonsense"), None);
        assert_eq!(
            DEFAULT_START.plus(3 * HOUR).start_of_day().iso(),
            "2026-01-15T00:00:00Z"
        );
    }
}
