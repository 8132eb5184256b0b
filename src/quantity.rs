//! `resource.Quantity`: parsing, comparison and the canonical string.
//!
//! Upstream: `staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go`
//! (`ParseQuantity`, `parseQuantityString`, `CanonicalizeBytes`, `Cmp`, `RoundUp`,
//! `ScaledValue`, `Add`), `suffix.go` (`interpret`, `construct`) and `amount.go`
//! (`AsCanonicalBytes`, `AsCanonicalBase1024Bytes`).
//!
//! Upstream keeps either an `int64` scaled amount or an arbitrary-precision `inf.Dec`.
//! Every parsed value is rounded up (away from zero) to nano precision, so this port keeps
//! the exact value as a signed count of **nano-units** in an `i128`, which covers
//! ±1.7·10²⁹ units. Larger values (e.g. `1e40`) saturate at the `i128` bounds instead of
//! growing without limit; upstream would keep them exactly. Nothing here panics or
//! overflows on any input.
//!
//! The format (`BinarySI`, `DecimalSI`, `DecimalExponent`) is remembered from the suffix,
//! and `Display` prints upstream's canonical form (`1.5Gi` → `1536Mi`, `0.5` → `500m`).

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

/// The regular expression upstream quotes in `ErrFormatWrong` (`splitREString`).
pub const SPLIT_RE: &str = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

/// Nano-units per whole unit.
const NANO: i128 = 1_000_000_000;

/// BinarySI values are capped at `2^63 - 1` units (`maxAllowed` in `quantity.go`).
const MAX_BINARY_NANOS: i128 = (i64::MAX as i128) * NANO;

/// The three serialisation formats of a quantity (`resource.Format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// e.g. `12e6`.
    DecimalExponent,
    /// e.g. `12Mi` (12 · 2²⁰).
    BinarySI,
    /// e.g. `12M` (12 · 10⁶), also plain numbers and `m`/`u`/`n`.
    DecimalSI,
}

impl Format {
    /// The upstream name, e.g. `"BinarySI"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::DecimalExponent => "DecimalExponent",
            Format::BinarySI => "BinarySI",
            Format::DecimalSI => "DecimalSI",
        }
    }
}

/// Why a string is not a quantity (upstream `ErrFormatWrong`, `ErrSuffix`, `ErrNumeric`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuantityError {
    /// `ErrFormatWrong`: the text does not have the shape `<number><suffix>`.
    FormatWrong,
    /// `ErrSuffix`: the suffix is not one upstream knows.
    Suffix,
    /// `ErrNumeric`: the number part has no digits where upstream needs some.
    Numeric,
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QuantityError::FormatWrong => write!(f, "quantities must match the regular expression '{SPLIT_RE}'"),
            QuantityError::Suffix => f.write_str("unable to parse quantity's suffix"),
            QuantityError::Numeric => f.write_str("unable to parse numeric part of quantity"),
        }
    }
}

impl std::error::Error for QuantityError {}

/// An exact quantity: a value in nano-units plus the format it was written in.
///
/// Equality, ordering and hashing look at the value only, so `100m == 0.1` and
/// `1Gi == 1073741824`, as with upstream `Cmp`.
#[derive(Clone, Copy, Debug)]
pub struct Quantity {
    nanos: i128,
    format: Format,
}

/// Parses a quantity exactly as upstream `ParseQuantity` does (no surrounding whitespace).
pub fn parse(s: &str) -> Result<Quantity, QuantityError> {
    Quantity::parse(s)
}

impl Quantity {
    /// Zero in the given format.
    pub const fn zero(format: Format) -> Quantity {
        Quantity { nanos: 0, format }
    }

    /// A whole number of units (upstream `NewQuantity`).
    pub fn from_units(units: i64, format: Format) -> Quantity {
        Quantity { nanos: i128::from(units) * NANO, format }
    }

    /// A number of thousandths (upstream `NewMilliQuantity`).
    pub fn from_millis(millis: i64, format: Format) -> Quantity {
        Quantity { nanos: i128::from(millis) * 1_000_000, format }
    }

    /// Upstream `ParseQuantity`.
    pub fn parse(s: &str) -> Result<Quantity, QuantityError> {
        if s.is_empty() {
            return Err(QuantityError::FormatWrong);
        }
        if s == "0" {
            return Ok(Quantity::zero(Format::DecimalSI));
        }
        let parts = split_quantity(s)?;
        let (base, exponent, mut format) = interpret_suffix(parts.suffix)?;

        let had_digits = parts.had_digits;
        let (dec_exp, bin_exp) = if base == 10 { (exponent, 0) } else { (0, exponent) };
        // Upstream takes a slow path through inf.Dec for decimal values finer than nano;
        // inf.Dec cannot read a number without digits (such as "."), which is ErrNumeric.
        if !had_digits && base == 10 && i64::from(dec_exp) - (parts.denom.len() as i64) < -9 {
            return Err(QuantityError::Numeric);
        }

        let magnitude = exact_nanos(parts.num, parts.denom, dec_exp, bin_exp);
        let mut magnitude = i128::try_from(magnitude).unwrap_or(i128::MAX);
        if format == Format::BinarySI {
            magnitude = magnitude.min(MAX_BINARY_NANOS);
            if magnitude > 0 && magnitude < NANO {
                // Upstream: a BinarySI value strictly between 0 and 1 becomes DecimalSI.
                format = Format::DecimalSI;
            }
        }
        let nanos = if parts.positive { magnitude } else { -magnitude };
        Ok(Quantity { nanos, format })
    }

    /// Converts a k8s-openapi quantity. Like upstream `UnmarshalJSON`, surrounding
    /// whitespace is trimmed first.
    pub fn from_k8s(q: &crate::model::Quantity) -> Result<Quantity, QuantityError> {
        Quantity::parse(q.0.trim())
    }

    /// The canonical string wrapped as a k8s-openapi quantity.
    pub fn to_k8s(&self) -> crate::model::Quantity {
        crate::model::Quantity(self.to_string())
    }

    /// The format remembered from the suffix.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The exact value in nano-units (10⁻⁹).
    pub fn nanos(&self) -> i128 {
        self.nanos
    }

    /// Upstream `IsZero`.
    pub fn is_zero(&self) -> bool {
        self.nanos == 0
    }

    /// Upstream `Sign`: -1, 0 or 1.
    pub fn sign(&self) -> i32 {
        match self.nanos.cmp(&0) {
            Ordering::Less => -1,
            Ordering::Equal => 0,
            Ordering::Greater => 1,
        }
    }

    /// Upstream `Value()`: whole units, rounded away from zero (`1.1` → 2, `-1.1` → -2),
    /// saturating at the `i64` bounds.
    pub fn value_ceil(&self) -> i64 {
        saturate_i64(div_away(self.nanos, NANO))
    }

    /// Upstream `MilliValue()`: thousandths, rounded away from zero, saturating.
    pub fn milli_value_ceil(&self) -> i64 {
        saturate_i64(div_away(self.nanos, 1_000_000))
    }

    /// Upstream `RoundUp(scale)`: rounds away from zero to a multiple of `10^scale`
    /// (scale -3 is milli). Returns the rounded quantity and whether it was already exact.
    pub fn round_up(&self, scale: i32) -> (Quantity, bool) {
        if scale <= -9 {
            return (*self, true);
        }
        let digits = scale.saturating_add(9).clamp(0, 38) as u32;
        let unit = 10i128.pow(digits);
        let rounded = div_away(self.nanos, unit).saturating_mul(unit);
        let q = Quantity { nanos: rounded, format: self.format };
        (q, rounded == self.nanos)
    }

    /// Rounds up (away from zero) to milli precision, as API defaulting does for every
    /// quantity in a resource list (`0.0001` → `1m`).
    pub fn round_up_milli(&self) -> Quantity {
        self.round_up(-3).0
    }

    /// Upstream `Add`: the sum, saturating. A zero receiver takes the other's format.
    pub fn add(&self, other: &Quantity) -> Quantity {
        let format = if self.is_zero() { other.format } else { self.format };
        Quantity { nanos: self.nanos.saturating_add(other.nanos), format }
    }

    /// The value with its sign flipped (upstream `Neg`).
    pub fn neg(&self) -> Quantity {
        Quantity { nanos: self.nanos.saturating_neg(), format: self.format }
    }

    /// Same value, different format (upstream assigns `q.Format` directly).
    pub fn with_format(&self, format: Format) -> Quantity {
        Quantity { nanos: self.nanos, format }
    }
}

impl PartialEq for Quantity {
    fn eq(&self, other: &Self) -> bool {
        self.nanos == other.nanos
    }
}

impl Eq for Quantity {}

impl PartialOrd for Quantity {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Quantity {
    fn cmp(&self, other: &Self) -> Ordering {
        self.nanos.cmp(&other.nanos)
    }
}

impl Hash for Quantity {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.nanos.hash(state);
    }
}

impl FromStr for Quantity {
    type Err = QuantityError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Quantity::parse(s)
    }
}

/// Upstream `String()` / `CanonicalizeBytes`.
///
/// * Zero prints `0`.
/// * BinarySI prints as DecimalSI when the value is within (-1024, 1024) or not a whole
///   number; otherwise it uses the largest power of 1024 that divides it (`1536Mi`).
/// * DecimalSI and DecimalExponent strip trailing zeros into the exponent, then lower the
///   exponent to a multiple of 3 (`1080m`, `300M`, `80e-3`).
/// * Where no SI suffix exists (beyond `E` or beyond `Ei`) the exponent is written as
///   `e<n>`, as newer upstream does (`1000E` → `1e21`); v1.34 dropped the suffix there.
impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.nanos == 0 {
            return f.write_str("0");
        }
        let mut format = self.format;
        if format == Format::BinarySI && (self.nanos.unsigned_abs() < 1024 * NANO as u128 || self.nanos % NANO != 0) {
            format = Format::DecimalSI;
        }
        if format == Format::BinarySI {
            let mut amount = self.nanos / NANO;
            let mut exp = 0;
            while amount % 1024 == 0 && amount.unsigned_abs() >= 1024 {
                amount /= 1024;
                exp += 1;
            }
            let suffix = match exp {
                0 => Some(""),
                1 => Some("Ki"),
                2 => Some("Mi"),
                3 => Some("Gi"),
                4 => Some("Ti"),
                5 => Some("Pi"),
                6 => Some("Ei"),
                _ => None,
            };
            if let Some(suffix) = suffix {
                write_i128(f, amount)?;
                return f.write_str(suffix);
            }
            // Past Ei: fall back to the exact decimal form.
            format = Format::DecimalSI;
        }
        let (mantissa, exponent) = decimal_canonical(self.nanos);
        let si = match exponent {
            -9 => Some("n"),
            -6 => Some("u"),
            -3 => Some("m"),
            0 => Some(""),
            3 => Some("k"),
            6 => Some("M"),
            9 => Some("G"),
            12 => Some("T"),
            15 => Some("P"),
            18 => Some("E"),
            _ => None,
        };
        write_i128(f, mantissa)?;
        match (format, si) {
            (Format::DecimalSI, Some(suffix)) => f.write_str(suffix),
            (_, _) if exponent == 0 => Ok(()),
            _ => write!(f, "e{exponent}"),
        }
    }
}

/// `v` in decimal, as `{v}` writes it, without core's `i128` formatter (the page has no other
/// use for it), through float.rs's digit loop.
fn write_i128(f: &mut fmt::Formatter<'_>, v: i128) -> fmt::Result {
    let mut s = String::new();
    if v < 0 {
        s.push('-');
    }
    crate::float::push_dec(&mut s, v.unsigned_abs());
    f.write_str(&s)
}

/// The pieces `parseQuantityString` splits a quantity into.
struct Parts<'a> {
    positive: bool,
    /// Integer digits with leading zeros stripped (may be empty).
    num: &'a str,
    /// Fraction digits (may be empty).
    denom: &'a str,
    suffix: &'a str,
    /// Whether any digit (even a stripped zero) appeared before the suffix.
    had_digits: bool,
}

/// Upstream `parseQuantityString`: sign, digits, optional `.digits`, then a suffix made of
/// `[eEinumkKMGTP]*`, an optional sign and digits. Anything else is `ErrFormatWrong`.
fn split_quantity(s: &str) -> Result<Parts<'_>, QuantityError> {
    let b = s.as_bytes();
    let end = b.len();
    let mut pos = 0;
    let mut positive = true;
    match b.first() {
        Some(b'-') => {
            positive = false;
            pos = 1;
        }
        Some(b'+') => pos = 1,
        _ => {}
    }
    let digits_start = pos;
    while pos < end && b[pos] == b'0' {
        pos += 1;
    }
    let num_start = pos;
    while pos < end && b[pos].is_ascii_digit() {
        pos += 1;
    }
    let num = &s[num_start..pos];
    let mut denom = "";
    if pos < end && b[pos] == b'.' {
        pos += 1;
        let denom_start = pos;
        while pos < end && b[pos].is_ascii_digit() {
            pos += 1;
        }
        denom = &s[denom_start..pos];
    }
    let had_digits = num_start > digits_start || !num.is_empty() || !denom.is_empty();
    let suffix_start = pos;
    while pos < end && b"eEinumkKMGTP".contains(&b[pos]) {
        pos += 1;
    }
    if pos < end && (b[pos] == b'-' || b[pos] == b'+') {
        pos += 1;
    }
    while pos < end && b[pos].is_ascii_digit() {
        pos += 1;
    }
    if pos != end {
        return Err(QuantityError::FormatWrong);
    }
    Ok(Parts { positive, num, denom, suffix: &s[suffix_start..end], had_digits })
}

/// Upstream `suffixer.interpret`: `(base, exponent, format)`.
///
/// The `e<n>`/`E<n>` exponent must fit an `int32`; newer upstream rejects anything else
/// (v1.34 silently truncated it).
fn interpret_suffix(suffix: &str) -> Result<(u32, i32, Format), QuantityError> {
    if let Some(&(_, base, exp)) = SUFFIXES.iter().find(|(s, _, _)| *s == suffix) {
        let format = if base == 10 { Format::DecimalSI } else { Format::BinarySI };
        return Ok((base, exp, format));
    }
    let rest = suffix.strip_prefix('e').or_else(|| suffix.strip_prefix('E')).ok_or(QuantityError::Suffix)?;
    let exp: i64 = rest.parse().map_err(|_| QuantityError::Suffix)?;
    if exp.unsigned_abs() > i32::MAX as u64 {
        return Err(QuantityError::Suffix);
    }
    Ok((10, exp as i32, Format::DecimalExponent))
}

/// The SI and binary suffixes: `(suffix, base, exponent)`. A table, not a `match` on the
/// strings (smaller code; `defaults::qty` reads it too).
pub(crate) const SUFFIXES: [(&str, u32, i32); 16] = [
    ("", 10, 0),
    ("n", 10, -9),
    ("u", 10, -6),
    ("m", 10, -3),
    ("k", 10, 3),
    ("M", 10, 6),
    ("G", 10, 9),
    ("T", 10, 12),
    ("P", 10, 15),
    ("E", 10, 18),
    ("Ki", 2, 10),
    ("Mi", 2, 20),
    ("Gi", 2, 30),
    ("Ti", 2, 40),
    ("Pi", 2, 50),
    ("Ei", 2, 60),
];

/// `ceil_away(digits(num ++ denom) · 2^bin_exp · 10^(dec_exp − len(denom) + 9))`, i.e. the
/// exact magnitude in nano-units rounded away from zero, saturating at `u128::MAX`.
fn exact_nanos(num: &str, denom: &str, dec_exp: i32, bin_exp: i32) -> u128 {
    let digits: Vec<u8> = num.bytes().chain(denom.bytes()).skip_while(|&d| d == b'0').map(|d| d - b'0').collect();
    if digits.is_empty() {
        return 0;
    }
    let pow2 = 1u128 << bin_exp.clamp(0, 60);
    let shift = 9 + i64::from(dec_exp) - denom.len() as i64;
    if shift >= 0 {
        let whole = digits_to_u128(&digits);
        return whole.saturating_mul(pow2).saturating_mul(pow10_saturating(shift));
    }
    // Divide by 10^k: the first len-k digits are the integer part, the rest a fraction
    // (with k-len implicit leading zeros when len < k) multiplied by 2^bin_exp digit by
    // digit from the right, remembering whether anything non-zero was dropped.
    let k = shift.unsigned_abs();
    let split = (digits.len() as u64).saturating_sub(k) as usize;
    let (whole, frac) = digits.split_at(split);
    let mut carry: u128 = 0;
    let mut sticky = false;
    for &d in frac.iter().rev() {
        let t = u128::from(d) * pow2 + carry;
        sticky |= !t.is_multiple_of(10);
        carry = t / 10;
    }
    let mut leading_zeros = k.saturating_sub(frac.len() as u64);
    while carry > 0 && leading_zeros > 0 {
        sticky |= !carry.is_multiple_of(10);
        carry /= 10;
        leading_zeros -= 1;
    }
    digits_to_u128(whole).saturating_mul(pow2).saturating_add(carry).saturating_add(u128::from(sticky))
}

fn digits_to_u128(digits: &[u8]) -> u128 {
    digits.iter().fold(0u128, |acc, &d| acc.saturating_mul(10).saturating_add(u128::from(d)))
}

fn pow10_saturating(exp: i64) -> u128 {
    if exp > 38 {
        u128::MAX
    } else {
        10u128.pow(exp as u32)
    }
}

/// Mantissa and base-10 exponent with trailing zeros removed and the exponent lowered to
/// a multiple of 3 (upstream `AsCanonicalBytes`).
fn decimal_canonical(nanos: i128) -> (i128, i32) {
    let mut mantissa = nanos;
    let mut exponent: i32 = -9;
    while mantissa != 0 && mantissa % 10 == 0 {
        mantissa /= 10;
        exponent += 1;
    }
    let r = exponent.rem_euclid(3);
    // Cannot overflow: this multiplies back at most the factors removed above.
    mantissa *= 10i128.pow(r as u32);
    (mantissa, exponent - r)
}

/// `n / d` rounded away from zero (`d > 0`).
fn div_away(n: i128, d: i128) -> i128 {
    let q = n / d;
    if n % d != 0 {
        q + n.signum()
    } else {
        q
    }
}

fn saturate_i64(v: i128) -> i64 {
    i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Quantity {
        parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    /// `decQuantity(m, e, f)` from quantity_test.go: m · 10^e.
    fn dec(m: i128, e: i32, format: Format) -> Quantity {
        let nanos = if e + 9 >= 0 { m * 10i128.pow((e + 9) as u32) } else { m / 10i128.pow((-(e + 9)) as u32) };
        Quantity { nanos, format }
    }

    use Format::{BinarySI as B, DecimalExponent as X, DecimalSI as D};

    /// Port of `TestQuantityParse`'s table (value and format), plus the negative and
    /// explicit `+` variants it also checks.
    #[test]
    fn parse_table() {
        let table: &[(&str, Quantity)] = &[
            ("0", dec(0, 0, D)),
            ("0n", dec(0, 0, D)),
            ("0u", dec(0, 0, D)),
            ("0m", dec(0, 0, D)),
            ("0Ki", dec(0, 0, B)),
            ("0k", dec(0, 0, D)),
            ("0Mi", dec(0, 0, B)),
            ("0M", dec(0, 0, D)),
            ("0Gi", dec(0, 0, B)),
            ("0G", dec(0, 0, D)),
            ("0Ti", dec(0, 0, B)),
            ("0T", dec(0, 0, D)),
            ("1", dec(1, 0, D)),
            ("1Ki", dec(1024, 0, B)),
            ("8Ki", dec(8 * 1024, 0, B)),
            ("7Mi", dec(7 << 20, 0, B)),
            ("6Gi", dec(6 << 30, 0, B)),
            ("5Ti", dec(5 << 40, 0, B)),
            ("4Pi", dec(4 << 50, 0, B)),
            ("3Ei", dec(3 << 60, 0, B)),
            ("10Ti", dec(10 << 40, 0, B)),
            ("100Ti", dec(100 << 40, 0, B)),
            ("5n", dec(5, -9, D)),
            ("4u", dec(4, -6, D)),
            ("3m", dec(3, -3, D)),
            ("9", dec(9, 0, D)),
            ("8k", dec(8, 3, D)),
            ("50k", dec(5, 4, D)),
            ("7M", dec(7, 6, D)),
            ("6G", dec(6, 9, D)),
            ("5T", dec(5, 12, D)),
            ("40T", dec(4, 13, D)),
            ("300T", dec(3, 14, D)),
            ("2P", dec(2, 15, D)),
            ("1E", dec(1, 18, D)),
            ("1E-3", dec(1, -3, X)),
            ("1e3", dec(1, 3, X)),
            ("1E6", dec(1, 6, X)),
            ("1e9", dec(1, 9, X)),
            ("1E12", dec(1, 12, X)),
            ("1e15", dec(1, 15, X)),
            ("1E18", dec(1, 18, X)),
            ("1e14", dec(1, 14, X)),
            ("1e13", dec(1, 13, X)),
            ("100.035k", dec(100035, 0, D)),
            ("0.001", dec(1, -3, D)),
            ("0.0005k", dec(5, -1, D)),
            ("0.005", dec(5, -3, D)),
            ("0.05", dec(5, -2, D)),
            ("0.5", dec(5, -1, D)),
            ("0.00050k", dec(5, -1, D)),
            ("0.00500", dec(5, -3, D)),
            ("0.05000", dec(5, -2, D)),
            ("0.50000", dec(5, -1, D)),
            ("0.5e0", dec(5, -1, X)),
            ("0.5e-1", dec(5, -2, X)),
            ("0.5e-2", dec(5, -3, X)),
            ("10.035M", dec(10035, 3, D)),
            ("1.2e3", dec(12, 2, X)),
            ("1.3E+6", dec(13, 5, X)),
            ("1.40e9", dec(14, 8, X)),
            ("1.53E12", dec(153, 10, X)),
            ("1.6e15", dec(16, 14, X)),
            ("1.7E18", dec(17, 17, X)),
            ("9.01", dec(901, -2, D)),
            ("8.1k", dec(81, 2, D)),
            ("7.123456M", dec(7123456, 0, D)),
            ("6.987654321G", dec(6987654321, 0, D)),
            ("5.444T", dec(5444, 9, D)),
            ("40.1T", dec(401, 11, D)),
            ("300.2T", dec(3002, 11, D)),
            ("2.5P", dec(25, 14, D)),
            ("1.01E", dec(101, 16, D)),
            ("3.001n", dec(4, -9, D)),
            ("1.1E-9", dec(2, -9, X)),
            ("0.0000000001", dec(1, -9, D)),
            ("0.0000000005", dec(1, -9, D)),
            ("0.00000000050", dec(1, -9, D)),
            ("0.5e-9", dec(1, -9, X)),
            ("0.9n", dec(1, -9, D)),
            ("0.00000012345", dec(124, -9, D)),
            ("0.00000012354", dec(124, -9, D)),
            ("9Ei", dec(i64::MAX as i128, 0, B)),
            ("9223372036854775807Ki", dec(i64::MAX as i128, 0, B)),
            ("12E", dec(12, 18, D)),
            ("100.035Ki", dec(10243584, -2, B)),
            ("0.5Mi", dec(512 * 1024, 0, B)),
            ("0.05Gi", dec(536870912, -1, B)),
            ("0.025Ti", dec(274877906944, -1, B)),
            ("0.000000000001Ki", dec(2, -9, D)),
            (".001", dec(1, -3, D)),
            (".0001k", dec(100, -3, D)),
            ("1.", dec(1, 0, D)),
            ("1.G", dec(1, 9, D)),
        ];
        for (input, want) in table {
            for (prefix, sign) in [("", 1), ("-", -1), ("+", 1)] {
                let text = format!("{prefix}{input}");
                let got = q(&text);
                assert_eq!(got.nanos, sign * want.nanos, "{text}");
                assert_eq!(got.format, want.format, "{text}");
            }
        }
    }

    /// The invalid list of `TestQuantityParse`, with the error kind upstream returns.
    #[test]
    fn parse_invalid() {
        use QuantityError::*;
        let table = [
            ("", FormatWrong),
            ("1.1.M", FormatWrong),
            ("1+1.0M", FormatWrong),
            ("0.1mi", Suffix),
            ("0.1am", FormatWrong),
            ("aoeu", FormatWrong),
            (".5i", Suffix),
            ("1i", Suffix),
            ("-3.01i", Suffix),
            ("-3.01e-", Suffix),
            ("1e4294967297", Suffix),
            (" 1", FormatWrong),
            ("1 ", FormatWrong),
            ("1ki", Suffix),
            ("1e", Suffix),
            ("100MB", FormatWrong),
            ("1Mi5", Suffix),
            ("1e3.5", FormatWrong),
            ("½", FormatWrong),
        ];
        for (input, want) in table {
            assert_eq!(parse(input), Err(want), "{input:?}");
        }
        assert_eq!(
            QuantityError::FormatWrong.to_string(),
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
        );
        assert_eq!(QuantityError::Suffix.to_string(), "unable to parse quantity's suffix");
    }

    /// `TestParseQuantityString` oddities: "." and "-." are zero.
    #[test]
    fn bare_dots_are_zero() {
        assert!(q(".").is_zero());
        assert!(q("-.").is_zero());
        assert!(q("+").is_zero());
        assert_eq!(q("1E-3"), dec(1, -3, X));
    }

    /// `TestInterpretExponentInt32Bounds`.
    #[test]
    fn exponent_bounds() {
        assert_eq!(interpret_suffix("e14"), Ok((10, 14, X)));
        assert_eq!(interpret_suffix("E2147483647"), Ok((10, i32::MAX, X)));
        assert_eq!(interpret_suffix("E-2147483647"), Ok((10, -i32::MAX, X)));
        for bad in [
            "E2147483648",
            "E-2147483648",
            "E4294967297",
            "E8589934592",
            "E9223372036854775807",
            "E9223372036854775808",
            "E6024865272343",
        ] {
            assert_eq!(interpret_suffix(bad), Err(QuantityError::Suffix), "{bad}");
        }
    }

    /// Huge and tiny inputs never panic; they saturate or round to one nano.
    #[test]
    fn extremes_saturate() {
        assert_eq!(q("1e2147483647").nanos(), i128::MAX);
        assert_eq!(q("-1e2147483647").nanos(), -i128::MAX);
        assert_eq!(q("1e-2147483647").nanos(), 1);
        assert_eq!(q("0e-2147483647").nanos(), 0);
        assert_eq!(q(&"9".repeat(200)).nanos(), i128::MAX);
        assert_eq!(q(&format!("0.{}1", "0".repeat(500))).nanos(), 1);
        assert_eq!(q(&format!("{}Ei", "9".repeat(60))), dec(i64::MAX as i128, 0, B));
        assert_eq!(q(&format!("0.{}1Ei", "0".repeat(300))).nanos(), 1);
        assert_eq!(parse(".e-10"), Err(QuantityError::Numeric));
        let big = q("1e30");
        assert!(!big.to_string().is_empty());
        assert_eq!(big.value_ceil(), i64::MAX);
        assert_eq!(big.neg().value_ceil(), i64::MIN);
    }

    /// Port of `TestQuantityString` (canonical form, its alternates, and negation).
    #[test]
    fn canonical_string_table() {
        let table: &[(Quantity, &str, &str)] = &[
            (dec(1 << 30, 0, B), "1Gi", "1024Mi"),
            (dec(300 << 20, 0, B), "300Mi", "307200Ki"),
            (dec(6 * 1024, 0, B), "6Ki", ""),
            (dec(1001 << 30, 0, B), "1001Gi", "1025024Mi"),
            (dec(1 << 40, 0, B), "1Ti", "1024Gi"),
            (dec(5, 0, B), "5", "5000m"),
            (dec(500, -3, B), "500m", "0.5"),
            (dec(1, 9, D), "1G", "1000M"),
            (dec(1000, 6, D), "1G", "0.001T"),
            (dec(1000000, 3, D), "1G", ""),
            (dec(1000000000, 0, D), "1G", ""),
            (dec(1, -3, D), "1m", "1000u"),
            (dec(80, -3, D), "80m", ""),
            (dec(1080, -3, D), "1080m", "1.08"),
            (dec(108, -2, D), "1080m", "1080000000n"),
            (dec(10800, -4, D), "1080m", ""),
            (dec(300, 6, D), "300M", ""),
            (dec(1, 12, D), "1T", ""),
            (dec(1, 18, D), "1E", ""),
            (dec(1, 21, D), "1e21", "1000E"),
            (dec(5, 21, D), "5e21", "5000E"),
            (dec(1, 24, D), "1e24", "1000000E"),
            (dec(1234567, 6, D), "1234567M", ""),
            (dec(1234567, -3, B), "1234567m", ""),
            (dec(3, 3, D), "3k", ""),
            (dec(1025, 0, B), "1025", ""),
            (dec(0, 0, D), "0", ""),
            (dec(0, 0, B), "0", ""),
            (dec(1, 9, X), "1e9", ".001e12"),
            (dec(1, -3, X), "1e-3", "0.001e0"),
            (dec(1, -9, X), "1e-9", "1000e-12"),
            (dec(80, -3, X), "80e-3", ""),
            (dec(300, 6, X), "300e6", ""),
            (dec(1, 12, X), "1e12", ""),
            (dec(1, 3, X), "1e3", ""),
            (dec(3, 3, X), "3e3", ""),
            (dec(3, 3, D), "3k", ""),
            (dec(0, 0, X), "0", "00"),
            (dec(1, -9, D), "1n", ""),
            (dec(80, -9, D), "80n", ""),
            (dec(1080, -9, D), "1080n", ""),
            (dec(108, -8, D), "1080n", ""),
            (dec(10800, -10, D), "1080n", ""),
            (dec(1, -6, D), "1u", ""),
            (dec(80, -6, D), "80u", ""),
            (dec(1080, -6, D), "1080u", ""),
        ];
        for (value, expect, alternate) in table {
            assert_eq!(value.to_string(), *expect, "{value:?}");
            assert_eq!(q(expect).to_string(), *expect, "reparse {expect}");
            assert_eq!(q(expect), *value, "value of {expect}");
            if !alternate.is_empty() {
                assert_eq!(q(alternate).to_string(), *expect, "alternate {alternate}");
            }
            if !value.is_zero() {
                assert_eq!(value.neg().to_string(), format!("-{expect}"));
            }
        }
    }

    /// `TestBinarySIZeroExponentString`: BinarySI with no 1024 factor prints plainly.
    #[test]
    fn binary_without_suffix() {
        assert_eq!(dec(2000, 0, B).to_string(), "2000");
        assert_eq!(dec(-2000, 0, B).to_string(), "-2000");
        assert_eq!(dec(2000, 0, D).to_string(), "2k");
    }

    /// 2^70 in BinarySI has no binary suffix (TestBinarySIPastEiArithmeticRoundTrip).
    #[test]
    fn binary_past_exa_falls_back_to_decimal() {
        let mut v = q("1Ei");
        for _ in 0..1023 {
            v = v.add(&q("1Ei"));
        }
        assert_eq!(v.to_string(), "1180591620717411303424");
        assert_eq!(q(&v.to_string()), v);
    }

    /// Port of `TestQuantityParseEmit`, positive and negative.
    #[test]
    fn parse_emit() {
        let table = [
            ("1Ki", "1Ki"),
            ("1Mi", "1Mi"),
            ("1Gi", "1Gi"),
            ("1024Mi", "1Gi"),
            ("1000M", "1G"),
            (".001Ki", "1024m"),
            (".000001Ki", "1024u"),
            (".000000001Ki", "1024n"),
            (".000000000001Ki", "2n"),
        ];
        for (input, want) in table {
            assert_eq!(q(input).to_string(), want, "{input}");
            assert_eq!(q(&format!("-{input}")).to_string(), format!("-{want}"));
        }
    }

    /// The brief's examples: `0.5`, `1000Mi`, `1024Mi`, `1.5Gi`, `100m`, `1.5Ki`, `512Mi`.
    #[test]
    fn common_container_values() {
        let table = [
            ("0.5", "500m"),
            ("1000Mi", "1000Mi"),
            ("1024Mi", "1Gi"),
            ("1.5Gi", "1536Mi"),
            ("100m", "100m"),
            ("1.5Ki", "1536"),
            ("512Mi", "512Mi"),
            ("2", "2"),
            ("1E", "1E"),
            ("-1", "-1"),
            ("1e3", "1e3"),
            ("1000", "1k"),
            ("0.1", "100m"),
            ("250m", "250m"),
            ("1.5", "1500m"),
        ];
        for (input, want) in table {
            assert_eq!(q(input).to_string(), want, "{input}");
        }
        assert_eq!(q("100m"), q("0.1"));
        assert_eq!(q("1Gi"), q("1073741824"));
        assert!(q("1Gi") > q("1G"));
    }

    /// Port of `TestQuantityCmp` (string part).
    #[test]
    fn compare() {
        assert_eq!(q("0").cmp(&q("0")), Ordering::Equal);
        assert_eq!(q("100m").cmp(&q("50m")), Ordering::Greater);
        assert_eq!(q("50m").cmp(&q("100m")), Ordering::Less);
        assert_eq!(q("10000T").cmp(&q("100Gi")), Ordering::Greater);
    }

    /// Port of `TestQuantityRoundUp`.
    #[test]
    fn round_up_table() {
        let table = [
            ("9.01", -3, dec(901, -2, D), true),
            ("9.01", -2, dec(901, -2, D), true),
            ("9.01", -1, dec(91, -1, D), false),
            ("9.01", 0, dec(10, 0, D), false),
            ("9.01", 1, dec(10, 0, D), false),
            ("9.01", 2, dec(100, 0, D), false),
            ("-9.01", -3, dec(-901, -2, D), true),
            ("-9.01", -2, dec(-901, -2, D), true),
            ("-9.01", -1, dec(-91, -1, D), false),
            ("-9.01", 0, dec(-10, 0, D), false),
            ("-9.01", 1, dec(-10, 0, D), false),
            ("-9.01", 2, dec(-100, 0, D), false),
        ];
        for (input, scale, want, exact) in table {
            let (got, ok) = q(input).round_up(scale);
            assert_eq!(got, want, "{input} {scale}");
            assert_eq!(ok, exact, "{input} {scale}");
        }
        assert_eq!(q("0.0001").round_up_milli().to_string(), "1m");
        assert_eq!(q("1.0001Ki").round_up_milli().to_string(), "1024103m");
        assert_eq!(q("100m").round_up_milli().to_string(), "100m");
        assert_eq!(q("1n").round_up(-40), (q("1n"), true));
        assert_eq!(q("1n").round_up(i32::MAX).0.nanos(), 10i128.pow(38));
    }

    /// Port of `TestQuantityNeg` and the zero-preserves-suffix add tests.
    #[test]
    fn neg_and_add() {
        assert_eq!(q("9.01").neg().to_string(), "-9010m");
        for value in ["100m", "1Gi"] {
            let zero = q("0");
            assert_eq!(q(value).add(&zero).to_string(), value);
            assert_eq!(zero.add(&q(value)).to_string(), value);
        }
        assert_eq!(q("1Gi").add(&q("512Mi")).to_string(), "1536Mi");
        assert_eq!(q("100m").add(&q("900m")).to_string(), "1");
    }

    /// Upstream `Value()` / `MilliValue()` round away from zero.
    #[test]
    fn values_round_up() {
        assert_eq!(q("1.1").value_ceil(), 2);
        assert_eq!(q("-1.1").value_ceil(), -2);
        assert_eq!(q("1Gi").value_ceil(), 1 << 30);
        assert_eq!(q("100m").milli_value_ceil(), 100);
        assert_eq!(q("1n").milli_value_ceil(), 1);
        assert_eq!(q("0.5").value_ceil(), 1);
        assert_eq!(q("0").sign(), 0);
        assert_eq!(q("-1m").sign(), -1);
        assert_eq!(q("1m").sign(), 1);
    }

    #[test]
    fn k8s_conversion_trims_whitespace() {
        use crate::model::Quantity as K;
        let got = Quantity::from_k8s(&K(" 1.5Gi ".into())).map(|v| v.to_string());
        assert_eq!(got, Ok("1536Mi".to_string()));
        assert_eq!(q("0.5").to_k8s(), K("500m".into()));
    }
}
