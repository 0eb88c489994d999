//! Secrets Manager rotation schedules (`RotationRulesType`): `AutomaticallyAfterDays`, `rate()` and `cron()`
//! expressions, the rotation window (`Duration`), and when the next window opens and closes.
//!
//! Modelled on the Secrets Manager User Guide ("Rotation schedules", rotate-secrets_schedule) and the API
//! reference of `RotationRulesType`:
//! - schedules are in UTC and rotation windows always open on the hour;
//! - `AutomaticallyAfterDays: N` and `rate(N days)`: the window opens at midnight of the day N days after the
//!   last rotation (a new value written by PutSecretValue or UpdateSecret counts as a rotation) and closes at
//!   the end of that day unless `Duration` is shorter;
//! - `rate(N hours)` (N ≥ 4): windows open at midnight and every N hours after it, afresh each day, and close
//!   after one hour by default; the next window is the first one opening at least N hours after the last
//!   rotation (our reading of "the interval between rotations");
//! - `cron(Minutes Hours Day-of-month Month Day-of-week Year)`: minutes must be `0` and year `*`; hours 0–23,
//!   day-of-month 1–31 with `, - * ? / L`, month 1–12 or `JAN`–`DEC` with `, - * /`, day-of-week 1–7 or
//!   `SUN`–`SAT` with `, - * ? / L #`; exactly one of the two day fields is `?`. Increments of hours reset each
//!   day (`4/12` is 04:00 and 16:00). A schedule "in hours" (several openings a day) gets a one-hour window by
//!   default, a schedule "in days" a window to the end of the day;
//! - `Duration` (`1h` to `24h`) must not run into the next UTC day (schedules in days) nor into the next
//!   window (schedules in hours); a secret cannot be rotated more often than every four hours.
//!
//! `NextRotationDate` is the last second of the next window: a real DescribeSecret with
//! `AutomaticallyAfterDays: 30` shows `...T23:59:59` thirty days after the last value change. AWS rotates at
//! some time inside the window; the simulation rotates when the window opens, so runs are deterministic.
//!
//! The exact texts AWS returns for a rejected schedule are not documented: the messages below are ours
//! (UNCONFIRMED), sent as `InvalidParameterException`.

use crate::clock::{Timestamp, DAY, HOUR};

/// A parsed, validated rotation schedule with its window length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Schedule {
    cadence: Cadence,
    /// The window length in hours.
    window_hours: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Cadence {
    /// Every N days, window opening at midnight.
    Days(i64),
    /// Every N hours from midnight, afresh each day.
    Hours(i64),
    Cron(Box<Cron>),
}

/// The schedule of a `cron()` expression (minutes are always 0, years always `*`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Cron {
    hours: [bool; 24],
    days: DaySelector,
    /// Index 1–12.
    months: [bool; 13],
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum DaySelector {
    /// Day-of-month given, day-of-week `?`. Index 1–31; `last` is `L`.
    OfMonth { days: [bool; 32], last: bool },
    /// Day-of-week given, day-of-month `?`. Index 1 (Sunday) – 7 (Saturday); `last` holds the `nL` items
    /// (the last such weekday of the month), `nth` the `d#n` items.
    OfWeek {
        days: [bool; 8],
        last: [bool; 8],
        nth: Vec<(u32, u32)>,
    },
}

const MONTH_NAMES: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAY_NAMES: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

impl Schedule {
    /// Reads `AutomaticallyAfterDays` or `ScheduleExpression` with an optional `Duration`. `None` when the
    /// rules name no schedule. The error is the InvalidParameterException message.
    pub(crate) fn from_rules(
        after_days: Option<i64>,
        expression: Option<&str>,
        duration: Option<&str>,
    ) -> Result<Option<Self>, String> {
        let cadence = match (after_days, expression) {
            (Some(_), Some(_)) => {
                return Err(
                    "You can set the rotation schedule with AutomaticallyAfterDays or ScheduleExpression, but not both."
                        .to_owned(),
                )
            }
            (Some(days), None) => {
                if !(1..=1000).contains(&days) {
                    return Err("RotationRules.AutomaticallyAfterDays must be between 1 and 1000.".to_owned());
                }
                Cadence::Days(days)
            }
            (None, Some(expression)) => parse_expression(expression)
                .ok_or_else(|| format!("Invalid ScheduleExpression: {expression}"))?,
            (None, None) => return Ok(None),
        };
        let openings = cadence.openings_per_day();
        let (Some(&first), Some(&last)) = (openings.first(), openings.last()) else {
            return Err(format!(
                "Invalid ScheduleExpression: {}",
                expression.unwrap_or_default()
            ));
        };
        // The smallest gap between two windows of the same day (24 h when there is one window a day).
        let smallest_gap = openings
            .windows(2)
            .filter_map(|pair| match pair {
                [earlier, later] => Some(later - earlier),
                _ => None,
            })
            .min()
            .unwrap_or(24);
        if smallest_gap < 4 {
            return Err(format!(
                "Invalid ScheduleExpression: {}. You can rotate a secret at most every four hours.",
                expression.unwrap_or_default()
            ));
        }
        let in_hours = openings.len() > 1;
        let window_hours = match duration {
            None if in_hours => 1,
            None => 24 - first,
            Some(text) => {
                let hours = parse_duration(text)
                    .ok_or_else(|| format!("Invalid Duration: {text}. Specify a duration from 1h to 24h."))?;
                let fits = if in_hours {
                    hours <= smallest_gap && last + hours <= 24
                } else {
                    first + hours <= 24
                };
                if !fits {
                    return Err(format!(
                        "The rotation window of {text} extends into the next rotation window or the next UTC day."
                    ));
                }
                hours
            }
        };
        Ok(Some(Self {
            cadence,
            window_hours,
        }))
    }

    /// The next rotation window `(opens, closes)` for a secret last rotated (or given a new value) at `base`.
    /// `closes` is the window's last second, as `NextRotationDate` shows it.
    pub(crate) fn next_window(&self, base: Timestamp) -> Option<(Timestamp, Timestamp)> {
        let opens = match &self.cadence {
            Cadence::Days(days) => Timestamp(
                base.start_of_day()
                    .seconds()
                    .checked_add(days.checked_mul(DAY)?)?,
            ),
            Cadence::Hours(hours) => {
                let earliest = base.plus(hours.checked_mul(HOUR)?);
                let day = earliest.start_of_day().seconds();
                let into_day = earliest.seconds() - day;
                let step = hours.checked_mul(HOUR)?;
                let next = (into_day + step - 1) / step * step;
                if next < DAY {
                    Timestamp(day + next)
                } else {
                    Timestamp(day + DAY)
                }
            }
            Cadence::Cron(cron) => cron.next_after(base)?,
        };
        Some((opens, opens.plus(self.window_hours * HOUR - 1)))
    }
}

impl Cadence {
    /// The hours of a matching day at which windows open, ascending.
    fn openings_per_day(&self) -> Vec<i64> {
        match self {
            Cadence::Days(_) => vec![0],
            Cadence::Hours(hours) => (0..24)
                .step_by(usize::try_from(*hours).unwrap_or(24).max(1))
                .collect(),
            Cadence::Cron(cron) => (0..24)
                .filter(|hour| cron.hours.get(usize::try_from(*hour).unwrap_or(24)) == Some(&true))
                .collect(),
        }
    }
}

impl Cron {
    /// The first window opening strictly after `after`, searching five years ahead (29 February included).
    fn next_after(&self, after: Timestamp) -> Option<Timestamp> {
        let first_day = after.seconds().div_euclid(DAY);
        for day in first_day..first_day + 5 * 366 {
            if !self.matches_day(day) {
                continue;
            }
            for (hour, on) in (0_i64..).zip(self.hours.iter()) {
                let opens = Timestamp(day * DAY + hour * HOUR);
                if *on && opens > after {
                    return Some(opens);
                }
            }
        }
        None
    }

    fn matches_day(&self, day: i64) -> bool {
        let (year, month, day_of_month) = crate::clock::civil_from_days(day);
        if self.months.get(usize::try_from(month).unwrap_or(0)) != Some(&true) {
            return false;
        }
        let length = month_length(year, month);
        match &self.days {
            DaySelector::OfMonth { days, last } => {
                (*last && day_of_month == length)
                    || days.get(usize::try_from(day_of_month).unwrap_or(0)) == Some(&true)
            }
            DaySelector::OfWeek { days, last, nth } => {
                // 1970-01-01 was a Thursday (5 in cron's 1 = Sunday numbering).
                let weekday = (day + 4).rem_euclid(7) + 1;
                let index = usize::try_from(weekday).unwrap_or(0);
                let occurrence = (day_of_month - 1) / 7 + 1;
                days.get(index) == Some(&true)
                    || (last.get(index) == Some(&true) && day_of_month + 7 > length)
                    || nth.iter().any(|(wanted_day, wanted_occurrence)| {
                        i64::from(*wanted_day) == weekday && i64::from(*wanted_occurrence) == occurrence
                    })
            }
        }
    }
}

/// `Nh`, 1 to 24 hours (the API's pattern is `[0-9]+h`, two or three characters).
fn parse_duration(text: &str) -> Option<i64> {
    let digits = text.strip_suffix('h')?;
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let hours: i64 = digits.parse().ok()?;
    (1..=24).contains(&hours).then_some(hours)
}

fn parse_expression(expression: &str) -> Option<Cadence> {
    if let Some(inner) = expression
        .strip_prefix("rate(")
        .and_then(|rest| rest.strip_suffix(')'))
    {
        let (number, unit) = inner.trim().split_once(' ')?;
        let number: i64 = number.parse().ok()?;
        // A rate of whole days in hours (`rate(48 hours)`) is read as days (UNCONFIRMED); the longest period
        // is 999 days.
        return match unit.trim() {
            "hour" | "hours" if (4..24).contains(&number) => Some(Cadence::Hours(number)),
            "hour" | "hours" if number % 24 == 0 && (24..=999 * 24).contains(&number) => {
                Some(Cadence::Days(number / 24))
            }
            "day" | "days" if (1..=999).contains(&number) => Some(Cadence::Days(number)),
            _ => None,
        };
    }
    let inner = expression.strip_prefix("cron(")?.strip_suffix(')')?;
    let fields: Vec<&str> = inner.split_whitespace().collect();
    let [minutes, hours, day_of_month, month, day_of_week, year] = fields.as_slice() else {
        return None;
    };
    if *minutes != "0" || *year != "*" {
        return None;
    }
    let mut hour_set = [false; 24];
    for hour in numbers(hours, 0, 23, &[])? {
        *hour_set.get_mut(usize::try_from(hour).ok()?)? = true;
    }
    let mut month_set = [false; 13];
    for month in numbers(month, 1, 12, &MONTH_NAMES)? {
        *month_set.get_mut(usize::try_from(month).ok()?)? = true;
    }
    let days = match (*day_of_month, *day_of_week) {
        ("?", "?") => return None,
        (field, "?") => {
            let mut days = [false; 32];
            let mut last = false;
            for item in field.split(',') {
                if item == "L" {
                    last = true;
                    continue;
                }
                for day in numbers(item, 1, 31, &[])? {
                    *days.get_mut(usize::try_from(day).ok()?)? = true;
                }
            }
            DaySelector::OfMonth { days, last }
        }
        ("?", field) => {
            let mut days = [false; 8];
            let mut last = [false; 8];
            let mut nth = Vec::new();
            for item in field.split(',') {
                if item == "L" {
                    // `L` alone in day-of-week is the last day of the week, Saturday.
                    *days.get_mut(7)? = true;
                } else if let Some(weekday) = item.strip_suffix('L') {
                    let weekday = single(weekday, 1, 7, &DAY_NAMES)?;
                    *last.get_mut(usize::try_from(weekday).ok()?)? = true;
                } else if let Some((weekday, occurrence)) = item.split_once('#') {
                    let weekday = single(weekday, 1, 7, &DAY_NAMES)?;
                    let occurrence = single(occurrence, 1, 5, &[])?;
                    nth.push((weekday, occurrence));
                } else {
                    for weekday in numbers(item, 1, 7, &DAY_NAMES)? {
                        *days.get_mut(usize::try_from(weekday).ok()?)? = true;
                    }
                }
            }
            DaySelector::OfWeek { days, last, nth }
        }
        _ => return None,
    };
    Some(Cadence::Cron(Box::new(Cron {
        hours: hour_set,
        days,
        months: month_set,
    })))
}

/// The values a cron field (or one item of it) selects: `*`, `a`, `a-b`, `*/n`, `a/n`, `a-b/n`, and lists of
/// those. `names` are the three-letter names of the values from `min` on.
fn numbers(field: &str, min: u32, max: u32, names: &[&str]) -> Option<Vec<u32>> {
    let mut values = Vec::new();
    for item in field.split(',') {
        let (range, step) = match item.split_once('/') {
            Some((range, step)) => (range, single(step, 1, max, &[])?),
            None => (item, 1),
        };
        let (start, end) = match range {
            "*" => (min, max),
            _ => match range.split_once('-') {
                Some((start, end)) => (single(start, min, max, names)?, single(end, min, max, names)?),
                // `a/n` runs from `a` to the end of the field.
                None if item.contains('/') => (single(range, min, max, names)?, max),
                None => {
                    let value = single(range, min, max, names)?;
                    (value, value)
                }
            },
        };
        if start > end {
            return None;
        }
        values.extend((start..=end).step_by(usize::try_from(step).ok()?));
    }
    Some(values)
}

fn single(text: &str, min: u32, max: u32, names: &[&str]) -> Option<u32> {
    let value = match text.parse::<u32>() {
        Ok(value) => value,
        Err(_) => {
            let position = names.iter().position(|name| name.eq_ignore_ascii_case(text))?;
            min + u32::try_from(position).ok()?
        }
    };
    (min..=max).contains(&value).then_some(value)
}

fn month_length(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap_or_default()
    }

    fn window(expression: &str, duration: Option<&str>, base: &str) -> (String, String) {
        let schedule = Schedule::from_rules(None, Some(expression), duration)
            .ok()
            .flatten()
            .unwrap_or_else(|| panic!("{expression} parses"));
        let (opens, closes) = schedule.next_window(at(base)).unwrap_or_default();
        (opens.iso(), closes.iso())
    }

    #[test]
    fn days_open_at_midnight_and_close_at_the_end_of_the_day() {
        let schedule = Schedule::from_rules(Some(30), None, None).ok().flatten();
        let (opens, closes) = schedule
            .and_then(|schedule| schedule.next_window(at("2026-02-03T17:34:02Z")))
            .unwrap_or_default();
        assert_eq!(opens.iso(), "2026-03-05T00:00:00Z");
        assert_eq!(closes.iso(), "2026-03-05T23:59:59Z");
        assert_eq!(
            window("rate(10 days)", Some("3h"), "2026-01-15T09:00:00Z"),
            (
                "2026-01-25T00:00:00Z".to_owned(),
                "2026-01-25T02:59:59Z".to_owned()
            )
        );
    }

    #[test]
    fn hours_open_from_midnight_each_day() {
        assert_eq!(
            window("rate(4 hours)", None, "2026-01-15T09:30:00Z"),
            (
                "2026-01-15T16:00:00Z".to_owned(),
                "2026-01-15T16:59:59Z".to_owned()
            )
        );
        assert_eq!(
            window("rate(5 hours)", None, "2026-01-15T18:00:00Z"),
            (
                "2026-01-16T00:00:00Z".to_owned(),
                "2026-01-16T00:59:59Z".to_owned()
            )
        );
    }

    #[test]
    fn cron_fields() {
        // Every day at 08:00: the window runs to the end of the day.
        assert_eq!(
            window("cron(0 8 * * ? *)", None, "2026-01-15T09:00:00Z"),
            (
                "2026-01-16T08:00:00Z".to_owned(),
                "2026-01-16T23:59:59Z".to_owned()
            )
        );
        // Increments of hours reset each day; schedules in hours get a one-hour window.
        assert_eq!(
            window("cron(0 4/12 * * ? *)", None, "2026-01-15T17:00:00Z"),
            (
                "2026-01-16T04:00:00Z".to_owned(),
                "2026-01-16T04:59:59Z".to_owned()
            )
        );
        // Last day of the month, 16:00.
        assert_eq!(
            window("cron(0 16 L * ? *)", Some("2h"), "2026-02-01T00:00:00Z"),
            (
                "2026-02-28T16:00:00Z".to_owned(),
                "2026-02-28T17:59:59Z".to_owned()
            )
        );
        // First Sunday of the month; 2026-02-01 is a Sunday.
        assert_eq!(
            window("cron(0 0 ? * SUN#1 *)", None, "2026-01-15T09:00:00Z").0,
            "2026-02-01T00:00:00Z"
        );
        // Last Friday of the month; 2026-01-30 is a Friday.
        assert_eq!(
            window("cron(0 10 ? * 6L *)", None, "2026-01-15T09:00:00Z").0,
            "2026-01-30T10:00:00Z"
        );
        // Lists, ranges and names: Mondays to Wednesdays in March and June.
        assert_eq!(
            window("cron(0 1 ? MAR,JUN MON-WED *)", None, "2026-01-15T09:00:00Z").0,
            "2026-03-02T01:00:00Z"
        );
        // Every 7 days from the 1st.
        assert_eq!(
            window("cron(0 8 1/7 * ? *)", None, "2026-01-15T09:00:00Z").0,
            "2026-01-22T08:00:00Z"
        );
        // 29 February, years ahead.
        assert_eq!(
            window("cron(0 0 29 2 ? *)", None, "2026-01-15T09:00:00Z").0,
            "2028-02-29T00:00:00Z"
        );
    }

    #[test]
    fn rejected_schedules() {
        for expression in [
            "cron(15 8 * * ? *)",
            "cron(0 8 * * ? 2027)",
            "cron(0 8 * * * *)",
            "cron(0 8 ? * ? *)",
            "cron(0 24 * * ? *)",
            "cron(0 8 * *)",
            "cron(0 8 ? * FUNDAY *)",
            "cron(0 5-2 * * ? *)",
            "rate(3 hours)",
            "rate(0 days)",
            "rate(1 week)",
            "every day",
        ] {
            assert!(
                Schedule::from_rules(None, Some(expression), None).is_err(),
                "{expression}"
            );
        }
        assert_eq!(
            Schedule::from_rules(None, Some("cron(0 */2 * * ? *)"), None),
            Err("Invalid ScheduleExpression: cron(0 */2 * * ? *). You can rotate a secret at most every four hours.".to_owned())
        );
        assert_eq!(
            Schedule::from_rules(None, Some("cron(0 20 * * ? *)"), Some("5h")),
            Err(
                "The rotation window of 5h extends into the next rotation window or the next UTC day."
                    .to_owned()
            )
        );
        assert_eq!(
            Schedule::from_rules(None, Some("rate(6 hours)"), Some("7h")),
            Err(
                "The rotation window of 7h extends into the next rotation window or the next UTC day."
                    .to_owned()
            )
        );
        assert_eq!(
            Schedule::from_rules(None, Some("rate(1 day)"), Some("25h")),
            Err("Invalid Duration: 25h. Specify a duration from 1h to 24h.".to_owned())
        );
        assert_eq!(
            Schedule::from_rules(Some(1), Some("rate(1 day)"), None),
            Err("You can set the rotation schedule with AutomaticallyAfterDays or ScheduleExpression, but not both.".to_owned())
        );
        assert!(Schedule::from_rules(None, None, Some("3h")) == Ok(None));
    }
}
