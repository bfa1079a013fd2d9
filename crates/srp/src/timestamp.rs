//! Cognito's `TIMESTAMP` (spec §6.5): `EEE MMM d HH:mm:ss 'UTC' yyyy`, English names, UTC, the
//! day of the month NOT zero-padded. Built by hand from a Unix time: never from the locale.

use core::fmt;

use crate::error::SrpError;

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The `TIMESTAMP` a `PASSWORD_VERIFIER` answer is signed with, e.g. `Tue Mar 5 07:04:09 UTC 2024`.
///
/// The text is part of the signed message, so it must be byte-exact: English names, UTC, day
/// of the month without a leading zero (pitfall 1 of spec §9, which breaks sign-in on days 1–9
/// only).
///
/// ```
/// use cognito_flow_srp::Timestamp;
///
/// let t = Timestamp::from_unix_seconds(1_709_622_249);
/// assert_eq!(t.as_str(), "Tue Mar 5 07:04:09 UTC 2024");
/// assert_eq!(t.unix_seconds(), 1_709_622_249);
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Timestamp {
    text: String,
    unix: i64,
}

impl Timestamp {
    /// The timestamp of a Unix time (seconds since 1970-01-01T00:00:00Z).
    ///
    /// ```
    /// # use cognito_flow_srp::Timestamp;
    /// assert_eq!(Timestamp::from_unix_seconds(0).as_str(), "Thu Jan 1 00:00:00 UTC 1970");
    /// ```
    pub fn from_unix_seconds(unix: i64) -> Self {
        let days = unix.div_euclid(86_400);
        let secs = unix.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        // 1970-01-01 was a Thursday (index 4 with Sunday = 0).
        let weekday = WEEKDAYS[usize::try_from((days + 4).rem_euclid(7)).unwrap_or(0)];
        let month_name = MONTHS[usize::from(month - 1)];
        let text = format!(
            "{weekday} {month_name} {day} {:02}:{:02}:{:02} UTC {year:04}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        );
        Self { text, unix }
    }

    /// The current time from the system clock (a convenience; every computation in this crate
    /// takes the timestamp as an argument).
    ///
    /// ```
    /// # use cognito_flow_srp::Timestamp;
    /// assert!(Timestamp::now().as_str().contains(" UTC "));
    /// ```
    pub fn now() -> Self {
        let unix = match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
        };
        Self::from_unix_seconds(unix)
    }

    /// Parses a client's `TIMESTAMP` the way the service does (Java's `EEE MMM d HH:mm:ss z yyyy`,
    /// English, zone `UTC` or `GMT`) and returns the **canonical** timestamp of the instant it
    /// names. A server signs and checks the canonical text, so a zero-padded day or a wrong
    /// weekday parses but no longer matches what the client signed — as with Cognito.
    ///
    /// # Errors
    ///
    /// [`SrpError::InvalidTimestamp`] for anything else (wrong field count, unknown month or
    /// zone, out-of-range fields).
    ///
    /// ```
    /// # use cognito_flow_srp::Timestamp;
    /// let t = Timestamp::parse("Tue Mar 05 07:04:09 UTC 2024").unwrap();
    /// assert_eq!(t.as_str(), "Tue Mar 5 07:04:09 UTC 2024");
    /// assert!(Timestamp::parse("Tue Mar 5 07:04:09 +05:30 2024").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Self, SrpError> {
        const BAD: SrpError = SrpError::InvalidTimestamp;
        let mut fields = text.split(' ');
        let mut next = || fields.next().ok_or(BAD);
        let (weekday, month, day, time, zone, year) =
            (next()?, next()?, next()?, next()?, next()?, next()?);
        if fields.next().is_some() {
            return Err(BAD);
        }
        if !WEEKDAYS.iter().any(|w| w.eq_ignore_ascii_case(weekday)) {
            return Err(BAD);
        }
        let month = MONTHS
            .iter()
            .position(|m| m.eq_ignore_ascii_case(month))
            .ok_or(BAD)?;
        let month = u8::try_from(month + 1).map_err(|_| BAD)?;
        if !(zone == "UTC" || zone == "GMT") {
            return Err(BAD);
        }
        let num = |s: &str, max_len: usize| -> Result<i64, SrpError> {
            if s.is_empty() || s.len() > max_len || !s.bytes().all(|c| c.is_ascii_digit()) {
                return Err(BAD);
            }
            s.parse::<i64>().map_err(|_| BAD)
        };
        let day = num(day, 2)?;
        if year.len() != 4 {
            return Err(BAD);
        }
        let year = num(year, 4)?;
        let mut hms = time.split(':');
        let mut part = || hms.next().ok_or(BAD).and_then(|p| num(p, 2));
        let (h, m, s) = (part()?, part()?, part()?);
        if hms.next().is_some() || h > 23 || m > 59 || s > 59 {
            return Err(BAD);
        }
        if day < 1 || day > days_in_month(year, month) {
            return Err(BAD);
        }
        let day = u8::try_from(day).map_err(|_| BAD)?;
        let days = days_from_civil(year, month, day);
        Ok(Self::from_unix_seconds(
            days * 86_400 + h * 3600 + m * 60 + s,
        ))
    }

    /// The text that goes on the wire and into the signature.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The instant, in seconds since the Unix epoch.
    pub fn unix_seconds(&self) -> i64 {
        self.unix
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Timestamp").field(&self.text).finish()
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u8) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 → (year, month 1–12, day 1–31), proleptic Gregorian calendar.
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    // Shift to an era starting on 0000-03-01 so leap days fall at the end of the year.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March = 0
    let day = doy - (153 * mp + 2) / 5 + 1; // [1, 31]
    let month = if mp < 10 { mp + 3 } else { mp - 9 }; // [1, 12]
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        year,
        u8::try_from(month).unwrap_or(1),
        u8::try_from(day).unwrap_or(1),
    )
}

/// (year, month 1–12, day 1–31) → days since 1970-01-01; inverse of [`civil_from_days`].
fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_examples() {
        assert_eq!(
            Timestamp::from_unix_seconds(1_709_622_249).as_str(),
            "Tue Mar 5 07:04:09 UTC 2024"
        );
        assert_eq!(
            Timestamp::from_unix_seconds(1_672_012_740).as_str(),
            "Sun Dec 25 23:59:00 UTC 2022"
        );
    }

    #[test]
    fn leap_days_and_year_ends() {
        assert_eq!(
            Timestamp::from_unix_seconds(951_782_400).as_str(),
            "Tue Feb 29 00:00:00 UTC 2000"
        );
        assert_eq!(
            Timestamp::from_unix_seconds(1_735_689_599).as_str(),
            "Tue Dec 31 23:59:59 UTC 2024"
        );
        assert_eq!(
            Timestamp::from_unix_seconds(-1).as_str(),
            "Wed Dec 31 23:59:59 UTC 1969"
        );
    }

    #[test]
    fn days_round_trip_over_centuries() {
        for d in (-800_000..800_000).step_by(997) {
            let (y, m, day) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, day), d);
        }
    }

    #[test]
    fn parse_round_trips_and_canonicalises() {
        for unix in (0..4_000_000_000i64).step_by(7_777_777) {
            let t = Timestamp::from_unix_seconds(unix);
            assert_eq!(Timestamp::parse(t.as_str()).as_ref(), Ok(&t));
        }
        let padded = Timestamp::parse("Tue Mar 05 07:04:09 GMT 2024").map(|t| t.text);
        assert_eq!(padded.as_deref(), Ok("Tue Mar 5 07:04:09 UTC 2024"));
        // A wrong weekday parses (Java is lenient) but re-renders with the right one.
        let wrong_day = Timestamp::parse("Mon Mar 5 07:04:09 UTC 2024").map(|t| t.text);
        assert_eq!(wrong_day.as_deref(), Ok("Tue Mar 5 07:04:09 UTC 2024"));
    }

    #[test]
    fn parse_refuses_malformed() {
        for bad in [
            "",
            "Tue Mar 5 07:04:09 +05:30 2024",
            "Tue Mar  5 07:04:09 UTC 2024",
            "Tue Mar 5 07:04 UTC 2024",
            "Tue Mar 5 24:00:00 UTC 2024",
            "Tue Mar 32 07:04:09 UTC 2024",
            "Thu Feb 29 07:04:09 UTC 2023",
            "Tue Foo 5 07:04:09 UTC 2024",
            "Xyz Mar 5 07:04:09 UTC 2024",
            "Tue Mar 5 07:04:09 UTC 2024 extra",
            "Tue Mar -5 07:04:09 UTC 2024",
            "Tue Mar 5 07:04:09 UTC 20245",
        ] {
            assert_eq!(
                Timestamp::parse(bad),
                Err(SrpError::InvalidTimestamp),
                "{bad:?}"
            );
        }
    }
}
