//! `metav1.Time` without a date library: an instant in UTC (seconds and nanoseconds since the
//! Unix epoch), read the way the API server reads it and written the way it writes it.
//!
//! Reading follows `metav1.Time.UnmarshalJSON` (apimachinery `pkg/apis/meta/v1/time.go`):
//! `time.Parse(time.RFC3339, s)`, whose general parser (Go `time/format.go`, layout
//! `2006-01-02T15:04:05Z07:00`) is a little more lenient than RFC 3339: a one-digit hour,
//! a fraction after the seconds introduced by `.` or `,`. The zone is `Z` or `±hh:mm`.
//! Error texts are Go's (`parsing time "…" as "…": cannot parse "…" as "…"`).
//! Writing follows `MarshalJSON`: `t.UTC().Format(time.RFC3339)`, whole seconds.

use std::fmt;

/// Go's `time.RFC3339` layout, quoted in parse errors.
const LAYOUT: &str = "2006-01-02T15:04:05Z07:00";
/// The range of instants podlife represents: from year -9999 to the end of year 9999 (Go's
/// RFC 3339 parser reads years 0000 to 9999).
const MIN_SECOND: i64 = -377_705_023_201;
const MAX_SECOND: i64 = 253_402_300_799;

/// An instant: seconds since 1970-01-01T00:00:00Z and a nanosecond part (0..1e9).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    second: i64,
    nanosecond: u32,
}

/// An instant out of range, or text that is not an RFC 3339 time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeError(pub String);

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TimeError {}

/// A signed span between two instants.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct SignedDuration {
    nanos: i128,
}

impl SignedDuration {
    pub fn from_secs(s: i64) -> Self {
        SignedDuration { nanos: i128::from(s) * 1_000_000_000 }
    }
    pub fn as_millis(&self) -> i128 {
        self.nanos / 1_000_000
    }
    pub fn as_secs(&self) -> i64 {
        i64::try_from(self.nanos / 1_000_000_000).unwrap_or(if self.nanos < 0 { i64::MIN } else { i64::MAX })
    }
}

impl Timestamp {
    pub const UNIX_EPOCH: Timestamp = Timestamp { second: 0, nanosecond: 0 };

    /// The instant `second` seconds (and `nanosecond`) after the epoch, if in range.
    pub fn new(second: i64, nanosecond: u32) -> Result<Timestamp, TimeError> {
        if !(MIN_SECOND..=MAX_SECOND).contains(&second) || nanosecond >= 1_000_000_000 {
            return Err(TimeError(format!("timestamp {second}s {nanosecond}ns is out of range")));
        }
        Ok(Timestamp { second, nanosecond })
    }

    pub fn from_second(second: i64) -> Result<Timestamp, TimeError> {
        Timestamp::new(second, 0)
    }

    pub fn from_millisecond(ms: i64) -> Result<Timestamp, TimeError> {
        Timestamp::new(ms.div_euclid(1000), (ms.rem_euclid(1000) * 1_000_000) as u32)
    }

    pub fn as_second(&self) -> i64 {
        self.second
    }

    pub fn subsec_nanosecond(&self) -> u32 {
        self.nanosecond
    }

    /// `self - earlier`.
    pub fn duration_since(&self, earlier: Timestamp) -> SignedDuration {
        let a = i128::from(self.second) * 1_000_000_000 + i128::from(self.nanosecond);
        let b = i128::from(earlier.second) * 1_000_000_000 + i128::from(earlier.nanosecond);
        SignedDuration { nanos: a - b }
    }

    /// `self + d`, if in range.
    pub fn checked_add(&self, d: SignedDuration) -> Result<Timestamp, TimeError> {
        let n = i128::from(self.second) * 1_000_000_000 + i128::from(self.nanosecond) + d.nanos;
        let second = i64::try_from(n.div_euclid(1_000_000_000)).map_err(|_| TimeError("out of range".into()))?;
        Timestamp::new(second, n.rem_euclid(1_000_000_000) as u32)
    }

    /// `metav1.Time`'s JSON form: RFC 3339 in UTC, whole seconds.
    pub fn to_rfc3339_seconds(&self) -> String {
        let (y, mo, d, h, mi, s) = civil(self.second);
        format!("{}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z", year_text(y))
    }

    /// Parses like `time.Parse(time.RFC3339, s)`.
    pub fn parse_rfc3339(s: &str) -> Result<Timestamp, TimeError> {
        parse(s)
    }
}

impl std::ops::Sub<SignedDuration> for Timestamp {
    type Output = Timestamp;
    fn sub(self, d: SignedDuration) -> Timestamp {
        self.checked_add(SignedDuration { nanos: -d.nanos }).unwrap_or(self)
    }
}

impl std::ops::Add<SignedDuration> for Timestamp {
    type Output = Timestamp;
    fn add(self, d: SignedDuration) -> Timestamp {
        self.checked_add(d).unwrap_or(self)
    }
}

/// RFC 3339 in UTC, with the fraction of a second when there is one (trailing zeros dropped).
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, mo, d, h, mi, s) = civil(self.second);
        write!(f, "{}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}", year_text(y))?;
        if self.nanosecond != 0 {
            let frac = format!("{:09}", self.nanosecond);
            write!(f, ".{}", frac.trim_end_matches('0'))?;
        }
        f.write_str("Z")
    }
}

impl std::str::FromStr for Timestamp {
    type Err = TimeError;
    fn from_str(s: &str) -> Result<Timestamp, TimeError> {
        parse(s)
    }
}

fn year_text(y: i64) -> String {
    if y < 0 {
        format!("-{:04}", -y)
    } else {
        format!("{y:04}")
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month, day, hour, minute, second) of seconds since the epoch, in UTC.
fn civil(second: i64) -> (i64, u32, u32, u32, u32, u32) {
    let days = second.div_euclid(86_400);
    let sod = second.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d, (sod / 3600) as u32, (sod % 3600 / 60) as u32, (sod % 60) as u32)
}

fn days_in(month: i64, year: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Go's `ParseError` texts.
fn cannot(value: &str, rest: &str, elem: &str) -> TimeError {
    TimeError(format!("parsing time {value:?} as {LAYOUT:?}: cannot parse {rest:?} as {elem:?}"))
}

fn out_of_range(value: &str, what: &str) -> TimeError {
    TimeError(format!("parsing time {value:?}: {what} out of range"))
}

/// Go's `getnum`: one or two digits (exactly two when `fixed`).
fn getnum(s: &str, fixed: bool) -> Option<(i64, &str)> {
    let b = s.as_bytes();
    let digit = |i: usize| b.get(i).filter(|c| c.is_ascii_digit()).map(|c| i64::from(c - b'0'));
    let first = digit(0)?;
    match digit(1) {
        Some(second) => Some((first * 10 + second, &s[2..])),
        None if fixed => None,
        None => Some((first, &s[1..])),
    }
}

/// The general parser of Go's `time.Parse`, specialised to the RFC 3339 layout.
fn parse(value: &str) -> Result<Timestamp, TimeError> {
    let mut rest = value;
    // "2006": exactly four characters, the first a digit, all digits.
    let b = rest.as_bytes();
    if b.len() < 4 || !b[..4].iter().all(u8::is_ascii_digit) {
        return Err(cannot(value, rest, "2006"));
    }
    let year = b[..4].iter().fold(0i64, |y, d| y * 10 + i64::from(d - b'0'));
    rest = &rest[4..];
    // "-01-02T15:04:05": each element after its literal, with its range (Go checks each one
    // as it reads it; the day against its month at the end). One loop over a table: the
    // error texts are built in two places instead of eleven.
    #[rustfmt::skip]
    const STEPS: [(&str, &str, bool, i64, i64, &str); 5] = [
        ("-", "01", true, 1, 12, "month"),
        ("-", "02", true, 0, 99, "day"),
        ("T", "15", false, 0, 23, "hour"),
        (":", "04", true, 0, 59, "minute"),
        (":", "05", true, 0, 59, "second"),
    ];
    let mut nums = [0i64; 5];
    for (slot, &(lit, elem, fixed, lo, hi, what)) in nums.iter_mut().zip(STEPS.iter()) {
        let Some(r) = rest.strip_prefix(lit) else { return Err(cannot(value, rest, lit)) };
        rest = r;
        let Some((n, r)) = getnum(rest, fixed) else { return Err(cannot(value, rest, elem)) };
        if n < lo || n > hi {
            return Err(out_of_range(value, what));
        }
        *slot = n;
        rest = r;
    }
    let [month, day, hour, minute, second] = nums;
    // A fraction of a second, though the layout has none (Go accepts it after seconds).
    let mut nanos: i64 = 0;
    let rb = rest.as_bytes();
    if rb.len() >= 2 && (rb[0] == b'.' || rb[0] == b',') && rb[1].is_ascii_digit() {
        let n = 1 + rb[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        let digits = &rest[1..n];
        for (i, c) in digits.bytes().take(9).enumerate() {
            nanos += i64::from(c - b'0') * 10i64.pow(8 - i as u32);
        }
        rest = &rest[n..];
    }
    // "Z07:00".
    let offset = if let Some(r) = rest.strip_prefix('Z') {
        rest = r;
        0
    } else {
        let zb = rest.as_bytes();
        if zb.len() < 6 || zb[3] != b':' || !(zb[0] == b'+' || zb[0] == b'-') {
            return Err(cannot(value, rest, "Z07:00"));
        }
        let (Some((hh, "")), Some((mm, ""))) = (getnum(&rest[1..3], true), getnum(&rest[4..6], true)) else {
            return Err(cannot(value, rest, "Z07:00"));
        };
        if hh > 24 {
            return Err(out_of_range(value, "time zone offset hour"));
        }
        if mm > 60 {
            return Err(out_of_range(value, "time zone offset minute"));
        }
        let off = (hh * 60 + mm) * 60;
        let sign = if zb[0] == b'-' { -1 } else { 1 };
        rest = &rest[6..];
        sign * off
    };
    if !rest.is_empty() {
        return Err(TimeError(format!("parsing time {value:?}: extra text: {rest:?}")));
    }
    if day < 1 || day > days_in(month, year) {
        return Err(out_of_range(value, "day"));
    }
    let secs = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset;
    Timestamp::new(secs, nanos as u32)
}

/// `metav1.Time`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time(pub Timestamp);

impl From<Timestamp> for Time {
    fn from(t: Timestamp) -> Time {
        Time(t)
    }
}

impl<'de> serde::Deserialize<'de> for Time {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Time, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Time;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("Time")
            }
            fn visit_newtype_struct<D: serde::Deserializer<'de>>(self, d: D) -> Result<Time, D::Error> {
                d.deserialize_str(S).map(Time)
            }
        }
        struct S;
        impl serde::de::Visitor<'_> for S {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a timestamp string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Timestamp, E> {
                parse(v).map_err(E::custom)
            }
        }
        d.deserialize_newtype_struct("Time", V)
    }
}

impl serde::Serialize for Time {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_rfc3339_seconds())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: &str) -> Result<(i64, u32), String> {
        parse(s).map(|t| (t.second, t.nanosecond)).map_err(|e| e.0)
    }

    /// Cases from Go's `time.Parse(time.RFC3339, …)` (format_test.go, parseTests and the
    /// RFC 3339 tests), with their results.
    #[test]
    fn parse_table() {
        let ok: &[(&str, i64, u32)] = &[
            ("1970-01-01T00:00:00Z", 0, 0),
            ("2025-01-01T00:00:00Z", 1_735_689_600, 0),
            ("2024-02-29T12:30:45Z", 1_709_209_845, 0),
            ("2006-01-02T15:04:05-07:00", 1_136_239_445, 0),
            ("2006-01-02T15:04:05+07:00", 1_136_189_045, 0),
            ("2006-01-02T15:04:05.999999999Z", 1_136_214_245, 999_999_999),
            ("2006-01-02T15:04:05.5Z", 1_136_214_245, 500_000_000),
            ("2006-01-02T15:04:05,5Z", 1_136_214_245, 500_000_000),
            ("2006-01-02T15:04:05.1234567891Z", 1_136_214_245, 123_456_789),
            ("2006-01-02T5:04:05Z", 1_136_178_245, 0),
            ("1969-12-31T23:59:59Z", -1, 0),
            ("0000-01-01T00:00:00Z", -62_167_219_200, 0),
            ("0001-01-01T00:00:00Z", -62_135_596_800, 0),
            ("9999-12-31T23:59:59Z", 253_402_300_799, 0),
            ("2006-01-02T15:04:05+24:00", 1_136_127_845, 0),
        ];
        for (text, s, n) in ok {
            assert_eq!(secs(text), Ok((*s, *n)), "{text}");
        }
        let bad: &[(&str, &str)] = &[
            ("", r#"parsing time "" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "2006""#),
            ("2006-01-02", r#"parsing time "2006-01-02" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T""#),
            (
                "2006-01-02 15:04:05Z",
                r#"parsing time "2006-01-02 15:04:05Z" as "2006-01-02T15:04:05Z07:00": cannot parse " 15:04:05Z" as "T""#,
            ),
            (
                "2006-01-02t15:04:05Z",
                r#"parsing time "2006-01-02t15:04:05Z" as "2006-01-02T15:04:05Z07:00": cannot parse "t15:04:05Z" as "T""#,
            ),
            (
                "2006-01-02T15:04:05",
                r#"parsing time "2006-01-02T15:04:05" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00""#,
            ),
            (
                "2006-01-02T15:04:05z",
                r#"parsing time "2006-01-02T15:04:05z" as "2006-01-02T15:04:05Z07:00": cannot parse "z" as "Z07:00""#,
            ),
            (
                "2006-1-02T15:04:05Z",
                r#"parsing time "2006-1-02T15:04:05Z" as "2006-01-02T15:04:05Z07:00": cannot parse "1-02T15:04:05Z" as "01""#,
            ),
            ("2006-13-02T15:04:05Z", r#"parsing time "2006-13-02T15:04:05Z": month out of range"#),
            ("2006-02-30T15:04:05Z", r#"parsing time "2006-02-30T15:04:05Z": day out of range"#),
            ("2006-01-02T24:00:00Z", r#"parsing time "2006-01-02T24:00:00Z": hour out of range"#),
            ("2006-01-02T15:60:00Z", r#"parsing time "2006-01-02T15:60:00Z": minute out of range"#),
            ("2006-01-02T15:04:60Z", r#"parsing time "2006-01-02T15:04:60Z": second out of range"#),
            ("2006-01-02T15:04:05Zjunk", r#"parsing time "2006-01-02T15:04:05Zjunk": extra text: "junk""#),
            (
                "2006-01-02T15:04:05+0700",
                r#"parsing time "2006-01-02T15:04:05+0700" as "2006-01-02T15:04:05Z07:00": cannot parse "+0700" as "Z07:00""#,
            ),
            (
                "2006-01-02T15:04:05+25:00",
                r#"parsing time "2006-01-02T15:04:05+25:00": time zone offset hour out of range"#,
            ),
            ("2006-01-02T15:04:05Z[UTC]", r#"parsing time "2006-01-02T15:04:05Z[UTC]": extra text: "[UTC]""#),
        ];
        for (text, message) in bad {
            assert_eq!(secs(text), Err(message.to_string()), "{text}");
        }
    }

    #[test]
    fn format_round_trips_whole_seconds() {
        for s in [0, 1_735_689_600, -62_135_596_800, 253_402_300_799, -1, 951_782_400] {
            let t = Timestamp::from_second(s).expect("in range");
            let text = t.to_rfc3339_seconds();
            assert_eq!(parse(&text).map(|t| t.second), Ok(s), "{text}");
        }
        assert_eq!(Timestamp::from_second(1_735_689_600).expect("ok").to_rfc3339_seconds(), "2025-01-01T00:00:00Z");
        assert_eq!(Timestamp::from_millisecond(1_500).expect("ok").to_string(), "1970-01-01T00:00:01.5Z");
        assert_eq!(Timestamp::from_millisecond(-1).expect("ok").to_rfc3339_seconds(), "1969-12-31T23:59:59Z");
        assert!(Timestamp::from_second(MAX_SECOND + 1).is_err());
    }
}
