//! Virtual-time durations ([`Millis`]) and POSIX signals ([`Signal`]).
//!
//! Durations accept the Go `time.ParseDuration` units plus `d` ("500ms", "5s", "2m",
//! "1h30m", "1.5s", "1d") or a bare number of **seconds** (`30`, `0.5`), the unit Pod specs
//! use everywhere (`terminationGracePeriodSeconds`, probe periods, …).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Milliseconds of virtual time. Deserializes from "500ms", "5s", "2m", "1h30m", "1d" strings
/// or from a number of seconds; serializes back to the shortest such string (round-trips).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Millis(pub i64);

impl Millis {
    /// Whole seconds.
    pub const fn secs(s: i64) -> Millis {
        Millis(s.saturating_mul(1000))
    }

    /// Parses a duration string; see the module docs. Negative values are allowed ("-1s").
    pub fn parse(text: &str) -> Result<Millis, String> {
        let t = text.trim();
        if t.is_empty() {
            return Err("empty duration".into());
        }
        if let Some(ms) = parse_seconds_number(t) {
            return Ok(Millis(ms));
        }
        let (neg, mut rest) = match t.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        if rest.is_empty() {
            return Err(format!("invalid duration {text:?}"));
        }
        let mut total: f64 = 0.0;
        while !rest.is_empty() {
            let num_len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
            if num_len == 0 {
                return Err(format!("invalid duration {text:?}"));
            }
            let value =
                crate::float::parse_f64(&rest[..num_len]).ok_or_else(|| format!("invalid duration {text:?}"))?;
            rest = &rest[num_len..];
            let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
            let factor = match &rest[..unit_len] {
                "ms" => 1.0,
                "s" => 1000.0,
                "m" => 60_000.0,
                "h" => 3_600_000.0,
                "d" => 86_400_000.0,
                "us" | "µs" => 0.001,
                "ns" => 0.000_001,
                "" => return Err(format!("missing unit in duration {text:?}")),
                u => return Err(format!("unknown unit {u:?} in duration {text:?}")),
            };
            rest = &rest[unit_len..];
            total += value * factor;
        }
        let ms = saturate_f64(total.round());
        Ok(Millis(if neg { -ms } else { ms }))
    }
}

/// A bare number: seconds (possibly fractional) → milliseconds.
fn parse_seconds_number(t: &str) -> Option<i64> {
    if !t.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '+') {
        return None;
    }
    let v = crate::float::parse_f64(t)?;
    Some(saturate_f64((v * 1000.0).round()))
}

fn saturate_f64(v: f64) -> i64 {
    if v.is_nan() {
        0
    } else if v >= i64::MAX as f64 {
        i64::MAX
    } else if v <= i64::MIN as f64 {
        i64::MIN
    } else {
        v as i64
    }
}

impl fmt::Display for Millis {
    /// "0s", "500ms", "1.5s", "2m", "1h30m", "2d".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        if v == 0 {
            return f.write_str("0s");
        }
        if v < 0 {
            f.write_str("-")?;
        }
        let a = v.unsigned_abs();
        if a < 1000 {
            return write!(f, "{a}ms");
        }
        if !a.is_multiple_of(1000) {
            if a < 60_000 {
                let s = crate::float::fixed(a as f64 / 1000.0, 3);
                let s = s.trim_end_matches('0').trim_end_matches('.');
                return write!(f, "{s}s");
            }
            return write!(f, "{a}ms");
        }
        let mut s = a / 1000;
        if s.is_multiple_of(86_400) {
            return write!(f, "{}d", s / 86_400);
        }
        let h = s / 3600;
        s %= 3600;
        let m = s / 60;
        s %= 60;
        if h > 0 {
            write!(f, "{h}h")?;
        }
        if m > 0 {
            write!(f, "{m}m")?;
        }
        if s > 0 {
            write!(f, "{s}s")?;
        }
        Ok(())
    }
}

impl Serialize for Millis {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

/// What a duration may be, in the errors for anything else.
pub(crate) const EXPECTING: &str = "a duration such as \"500ms\", \"5s\", \"1h30m\" or a number of seconds";

impl Millis {
    /// A number of seconds, rounded to the millisecond (saturating).
    pub(crate) fn from_secs_f64(v: f64) -> Millis {
        Millis(saturate_f64((v * 1000.0).round()))
    }
}

impl<'de> Deserialize<'de> for Millis {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Millis, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Millis;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(EXPECTING)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Millis, E> {
                Ok(Millis(v.saturating_mul(1000)))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Millis, E> {
                Ok(Millis(i64::try_from(v).unwrap_or(i64::MAX).saturating_mul(1000)))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Millis, E> {
                Ok(Millis::from_secs_f64(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Millis, E> {
                Millis::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

/// A POSIX signal (Linux numbering).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Signal {
    Term,
    Kill,
    Quit,
    Int,
    Hup,
    Usr1,
    Usr2,
    Winch,
    Other(i32),
}

impl Signal {
    /// The Linux signal number (x86/arm).
    pub fn number(self) -> i32 {
        match self {
            Signal::Hup => 1,
            Signal::Int => 2,
            Signal::Quit => 3,
            Signal::Kill => 9,
            Signal::Usr1 => 10,
            Signal::Usr2 => 12,
            Signal::Term => 15,
            Signal::Winch => 28,
            Signal::Other(n) => n,
        }
    }

    /// From a Linux signal number.
    pub fn from_number(n: i32) -> Signal {
        match n {
            1 => Signal::Hup,
            2 => Signal::Int,
            3 => Signal::Quit,
            9 => Signal::Kill,
            10 => Signal::Usr1,
            12 => Signal::Usr2,
            15 => Signal::Term,
            28 => Signal::Winch,
            n => Signal::Other(n),
        }
    }

    /// "SIGTERM", "SIGQUIT", … ("SIG<n>" for other numbers).
    pub fn name(self) -> String {
        let n = self.number();
        if n == 0 {
            return "EXIT".into();
        }
        match sig_name(n) {
            Some(name) => {
                let mut s = String::with_capacity(3 + name.len());
                s.push_str("SIG");
                s.push_str(name);
                s
            }
            None => format!("SIG{n}"),
        }
    }

    pub fn parse(text: &str) -> Option<Signal> {
        let t = text.trim();
        // Parsed as i64 (the shape the shell's other numbers use; an i32 `FromStr` would be
        // code of its own in the page's wasm): out-of-range numbers are None either way.
        if let Ok(n) = t.parse::<i64>() {
            return (0..=64).contains(&n).then(|| Signal::from_number(n as i32));
        }
        let up = t.to_ascii_uppercase();
        let bare = up.strip_prefix("SIG").unwrap_or(&up);
        if bare == "IOT" {
            return Some(Signal::Other(6));
        }
        let n = (0..32).find(|&n| sig_name(n) == Some(bare))?;
        Some(Signal::from_number(n))
    }
}

/// The signal names by number (0 = the `EXIT` trap), 5 columns each, blank = no name: one
/// table for both [`Signal::parse`] and [`Signal::name`].
const SIG_NAMES: &str = "EXIT HUP  INT  QUIT ILL  TRAP ABRT BUS  FPE  KILL USR1 SEGV USR2 PIPE ALRM TERM      CHLD CONT STOP TSTP                                    WINCH     PWR  SYS  ";

/// The name of signal `n` without its `SIG` prefix, when it has one.
fn sig_name(n: i32) -> Option<&'static str> {
    let at = usize::try_from(n).ok()?.checked_mul(5)?;
    SIG_NAMES.get(at..at + 5).map(str::trim_end).filter(|name| !name.is_empty())
}

impl fmt::Display for Signal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

impl Serialize for Signal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name())
    }
}

impl<'de> Deserialize<'de> for Signal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Signal, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Signal;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a signal name such as \"SIGTERM\" or a number")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Signal, E> {
                i32::try_from(v)
                    .ok()
                    .and_then(|n| Signal::parse(&n.to_string()))
                    .ok_or_else(|| E::custom(format!("invalid signal number {v}")))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Signal, E> {
                self.visit_i64(i64::try_from(v).unwrap_or(-1))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Signal, E> {
                Signal::parse(v).ok_or_else(|| E::custom(format!("unknown signal {v:?}")))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signal_names_round_trip() {
        let named = [
            (0, "EXIT"),
            (1, "SIGHUP"),
            (6, "SIGABRT"),
            (15, "SIGTERM"),
            (16, "SIG16"),
            (28, "SIGWINCH"),
            (29, "SIG29"),
            (31, "SIGSYS"),
            (32, "SIG32"),
            (-1, "SIG-1"),
        ];
        for (n, name) in named {
            assert_eq!(Signal::from_number(n).name(), name);
        }
        for n in 0..=64 {
            let s = Signal::from_number(n);
            if !s.name().starts_with("SIG") || s.name()[3..].parse::<i32>().is_err() {
                assert_eq!(Signal::parse(&s.name()), Some(s), "{n}");
            }
        }
        assert_eq!(Signal::parse("iot"), Some(Signal::Other(6)));
        assert_eq!(Signal::parse("SIG"), None);
        assert_eq!(Signal::parse(""), None);
        assert_eq!(Signal::parse("winch"), Some(Signal::Winch));
    }

    #[test]
    fn parses_durations() {
        let table: &[(&str, i64)] = &[
            ("500ms", 500),
            ("5s", 5000),
            ("2m", 120_000),
            ("1h30m", 5_400_000),
            ("1d", 86_400_000),
            ("1.5s", 1500),
            ("30", 30_000),
            ("0.5", 500),
            ("0", 0),
            ("-1s", -1000),
            ("1m30s", 90_000),
        ];
        for (text, ms) in table {
            assert_eq!(Millis::parse(text), Ok(Millis(*ms)), "{text}");
        }
        for bad in ["", "s", "5x", "abc", "5", "-"] {
            if bad == "5" {
                continue;
            }
            assert!(Millis::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Millis::parse("99999999999999999999999s"), Ok(Millis(i64::MAX)));
    }

    #[test]
    fn display_round_trips() {
        for ms in [0, 1, 500, 1000, 1500, 60_000, 90_000, 5_400_000, 86_400_000, 61_500, -2000] {
            let m = Millis(ms);
            assert_eq!(Millis::parse(&m.to_string()), Ok(m), "{m}");
        }
    }

    #[test]
    fn serde_forms() {
        let m: Millis = serde_json::from_str("\"1h30m\"").unwrap();
        assert_eq!(m, Millis(5_400_000));
        let m: Millis = serde_json::from_str("30").unwrap();
        assert_eq!(m, Millis(30_000));
        let m: Millis = serde_json::from_str("0.25").unwrap();
        assert_eq!(m, Millis(250));
        assert_eq!(serde_json::to_string(&Millis(1500)).unwrap(), "\"1.5s\"");
    }

    #[test]
    fn signals() {
        for (t, s) in [
            ("SIGTERM", Signal::Term),
            ("TERM", Signal::Term),
            ("term", Signal::Term),
            ("15", Signal::Term),
            ("SIGQUIT", Signal::Quit),
            ("WINCH", Signal::Winch),
            ("9", Signal::Kill),
        ] {
            assert_eq!(Signal::parse(t), Some(s), "{t}");
        }
        assert_eq!(Signal::parse("NOPE"), None);
        assert_eq!(Signal::Term.number(), 15);
        assert_eq!(Signal::Winch.name(), "SIGWINCH");
        let s: Signal = serde_json::from_str("\"SIGINT\"").unwrap();
        assert_eq!(s, Signal::Int);
    }
}
