//! Decimal text to `f64` and back, exactly as the standard library does it, without its tables.
//!
//! The standard library's parser (Eisel–Lemire with a 10 KB table of powers of five, plus a
//! decimal slow path) was ~14 KB of the page's gzipped wasm (BENCHMARKS.md) for the handful of
//! numbers podlife reads as floats: YAML floats, durations like `1.5s`, `sleep 0.5`, a
//! percentage. This one takes the exact fast path for the common case (at most 19 significant
//! digits, a value and a power of ten that are both exact in an `f64`, so one IEEE operation
//! rounds correctly) and otherwise computes with exact big integers, rounding half to even
//! with a sticky bit. It accepts the same text as `str::parse::<f64>` (sign, `inf`,
//! `infinity`, `nan` in any case, digits with an optional point, an optional exponent) and
//! returns the same bits; `tests::agrees_with_std` checks both over a million generated inputs.
//!
//! The other way, [`fixed`] / [`Fixed`] print like `{:.N}` and [`Shortest`] like `{}` (the
//! standard library's Grisu and Dragon formatting was ~11 KB of the page's raw wasm): `{:.N}`
//! rounds `v·10^N` half to even in `u128` arithmetic (exact, as `v` is `m·2^e`), and `{}`
//! takes the exact decimal expansion of `v` and, for each length from 1 digit up, the two
//! neighbours of `v` with that many digits; the first length where one of them reads back as
//! `v` (with [`parse_f64`]) gives the shortest text, the nearer neighbour winning (the upper one
//! at a tie, as Dragon4 does). `tests::formatting_agrees_with_std` compares both with
//! `format!` over some 400,000 values.

use std::fmt;
/// Parses `s` like `s.parse::<f64>().ok()`.
pub fn parse_f64(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let (neg, b) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    let v = parse_abs(b)?;
    Some(if neg { -v } else { v })
}

fn parse_abs(b: &[u8]) -> Option<f64> {
    if b.eq_ignore_ascii_case(b"inf") || b.eq_ignore_ascii_case(b"infinity") {
        return Some(f64::INFINITY);
    }
    if b.eq_ignore_ascii_case(b"nan") {
        return Some(f64::NAN);
    }
    // Significant digits (leading zeros dropped), and the power of ten of the last one kept.
    let mut digits: Vec<u8> = Vec::new();
    let mut exp10: i64 = 0;
    let mut any = false;
    let mut sticky = false;
    let mut i = 0;
    let mut seen_point = false;
    while i < b.len() {
        match b[i] {
            c @ b'0'..=b'9' => {
                any = true;
                let d = c - b'0';
                if digits.is_empty() && d == 0 {
                    // A leading zero: only its place after the point counts.
                    if seen_point {
                        exp10 -= 1;
                    }
                } else if digits.len() < MAX_DIGITS {
                    digits.push(d);
                    if seen_point {
                        exp10 -= 1;
                    }
                } else {
                    // Past MAX_DIGITS only "is anything left" matters (the sticky digit below).
                    sticky |= d != 0;
                    if !seen_point {
                        exp10 += 1;
                    }
                }
            }
            b'.' if !seen_point => seen_point = true,
            _ => break,
        }
        i += 1;
    }
    if sticky {
        // A nonzero digit one place below the kept ones: above the truncated value and below
        // the next one, which is all the rounding needs to know.
        digits.push(1);
        exp10 -= 1;
    }
    if !any {
        return None;
    }
    if i < b.len() {
        if b[i] != b'e' && b[i] != b'E' {
            return None;
        }
        i += 1;
        let neg = match b.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        if i >= b.len() {
            return None;
        }
        let mut e: i64 = 0;
        while i < b.len() {
            let c = b[i];
            if !c.is_ascii_digit() {
                return None;
            }
            e = (e * 10 + i64::from(c - b'0')).min(1 << 40);
            i += 1;
        }
        exp10 += if neg { -e } else { e };
    }
    Some(from_digits(&digits, exp10))
}

/// Digits beyond this many cannot change the rounding of an `f64` except through "is the rest
/// zero", which the one sticky digit after them records (767 significant digits decide every
/// halfway case; dec2flt keeps 768).
const MAX_DIGITS: usize = 800;

/// The value of `digits × 10^exp10` (digits without leading zeros), correctly rounded.
fn from_digits(digits: &[u8], exp10: i64) -> f64 {
    // Trailing zeros only move the exponent.
    let mut n = digits.len();
    let mut exp10 = exp10;
    while n > 0 && digits[n - 1] == 0 {
        n -= 1;
        exp10 += 1;
    }
    let digits = &digits[..n];
    if digits.is_empty() {
        return 0.0;
    }
    let top = digits.len() as i64 + exp10; // the value is below 10^top and at least 10^(top-1)
    if top > 310 {
        return f64::INFINITY;
    }
    if top < -330 {
        return 0.0;
    }
    if digits.len() <= 19 {
        let w = digits.iter().fold(0u64, |a, d| a * 10 + u64::from(*d));
        if w <= 1 << 53 && (-22..=22).contains(&exp10) {
            let p = POW10[exp10.unsigned_abs() as usize];
            return if exp10 < 0 { w as f64 / p } else { w as f64 * p };
        }
    }
    // Exact: D × 10^exp10 as a big integer (exp10 ≥ 0) or a quotient D / 10^-exp10.
    let mut d = Big::from_digits(digits);
    if exp10 >= 0 {
        d.mul_pow10(exp10 as u32);
        let (m, e2, sticky) = d.top64();
        round(m, e2, sticky)
    } else {
        let mut p = Big::one();
        p.mul_pow10(exp10.unsigned_abs() as u32);
        // Scale numerator or denominator by a power of two so that the quotient has 66 or 67
        // bits: value = q × 2^-shift.
        let shift = i64::from(p.bits()) + 66 - i64::from(d.bits());
        if shift >= 0 {
            d.shl(shift as u32);
        } else {
            p.shl((-shift) as u32);
        }
        let (q, rem_zero) = d.div_small_quotient(&p);
        let lead = 127 - q.leading_zeros() as i64;
        let (m, lost) = if lead > 63 {
            let s = lead - 63;
            ((q >> s) as u64, q & ((1u128 << s) - 1) != 0)
        } else {
            ((q << (63 - lead)) as u64, false)
        };
        let e2 = lead - 63 - shift;
        round(m, e2, lost || !rem_zero)
    }
}

const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
];

/// `m × 2^e2 (+ a little more when sticky)`, `m` with its top bit set, rounded half to even
/// into an `f64` (subnormals and overflow included).
fn round(m: u64, e2: i64, sticky: bool) -> f64 {
    debug_assert!(m >> 63 == 1);
    // The exponent of the leading bit.
    let lead = e2 + 63;
    if lead > 1023 {
        return f64::INFINITY;
    }
    // How many bits the result keeps: 53 for a normal number, fewer below 2^-1022.
    let keep: i64 = if lead >= -1022 { 53 } else { 53 - (-1022 - lead) };
    if keep < 0 {
        return 0.0;
    }
    let drop = (64 - keep) as u32; // 11..=64
    let (mut kept, rest_half, rest_low) = if drop >= 64 {
        (0u64, m >> 63 == 1, (m << 1) != 0 || sticky)
    } else {
        let kept = m >> drop;
        let half = 1u64 << (drop - 1);
        let rest = m & ((1u64 << drop) - 1);
        (kept, rest & half != 0, (rest & (half - 1)) != 0 || sticky)
    };
    if rest_half && (rest_low || kept & 1 == 1) {
        kept += 1;
    }
    // kept × 2^(lead - keep + 1)
    let mut exp = lead - keep + 1;
    if keep == 53 && kept == 1 << 53 {
        kept >>= 1;
        exp += 1;
        if exp + 52 > 1023 {
            return f64::INFINITY;
        }
    }
    if kept == 0 {
        return 0.0;
    }
    // Assemble: a normal number has its leading bit at 2^52 of `kept`.
    if kept >= 1 << 52 {
        let biased = (exp + 52 + 1023) as u64;
        f64::from_bits((biased << 52) | (kept & ((1 << 52) - 1)))
    } else {
        // Subnormal (exp == -1074), or rounded up into the smallest normal.
        f64::from_bits(kept)
    }
}

/// A little-endian unsigned big integer, base 2^32.
struct Big(Vec<u32>);

impl Big {
    fn one() -> Big {
        Big(vec![1])
    }

    fn from_digits(digits: &[u8]) -> Big {
        let mut b = Big(vec![0]);
        for chunk in digits.chunks(9) {
            let mut v = 0u32;
            for d in chunk {
                v = v * 10 + u32::from(*d);
            }
            b.mul_add(10u32.pow(chunk.len() as u32), v);
        }
        b
    }

    fn mul_add(&mut self, m: u32, a: u32) {
        let mut carry = u64::from(a);
        for x in &mut self.0 {
            let v = u64::from(*x) * u64::from(m) + carry;
            *x = v as u32;
            carry = v >> 32;
        }
        if carry != 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_pow10(&mut self, mut e: u32) {
        while e >= 9 {
            self.mul_add(1_000_000_000, 0);
            e -= 9;
        }
        if e > 0 {
            self.mul_add(10u32.pow(e), 0);
        }
    }

    fn trim(&mut self) {
        while self.0.len() > 1 && self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn bits(&self) -> u32 {
        let n = self.0.len();
        let top = self.0[n - 1];
        (n as u32 - 1) * 32 + (32 - top.leading_zeros())
    }

    fn bit(&self, i: u32) -> bool {
        self.0.get((i / 32) as usize).is_some_and(|w| (w >> (i % 32)) & 1 == 1)
    }

    fn shl(&mut self, s: u32) {
        let (words, bits) = ((s / 32) as usize, s % 32);
        if bits > 0 {
            let mut carry = 0u32;
            for x in &mut self.0 {
                let v = (*x << bits) | carry;
                carry = *x >> (32 - bits);
                *x = v;
            }
            if carry != 0 {
                self.0.push(carry);
            }
        }
        if words > 0 {
            self.0.splice(0..0, std::iter::repeat_n(0, words));
        }
    }

    /// The top 64 bits (leading bit set), the power of two of their lowest, and whether any
    /// lower bit is set. `self` is not zero.
    fn top64(&self) -> (u64, i64, bool) {
        let bits = self.bits();
        let mut m = 0u64;
        for k in 0..64u32 {
            let i = bits as i64 - 1 - i64::from(k);
            m <<= 1;
            if i >= 0 && self.bit(i as u32) {
                m |= 1;
            }
        }
        let low = bits as i64 - 64;
        let sticky = low > 0 && (0..low as u32).any(|i| self.bit(i));
        (m, low, sticky)
    }

    /// `self >= other` (either may carry high zero words).
    fn ge(&self, other: &Big) -> bool {
        let (a, b) = (&self.0, &other.0);
        let n = a.len().max(b.len());
        for i in (0..n).rev() {
            let (x, y) = (a.get(i).copied().unwrap_or(0), b.get(i).copied().unwrap_or(0));
            if x != y {
                return x > y;
            }
        }
        true
    }

    fn sub(&mut self, other: &Big) {
        let mut borrow = 0i64;
        for i in 0..self.0.len() {
            let v = i64::from(self.0[i]) - i64::from(other.0.get(i).copied().unwrap_or(0)) - borrow;
            borrow = i64::from(v < 0);
            self.0[i] = (v + (borrow << 32)) as u32;
        }
        self.trim();
    }

    /// `self >> s`.
    fn shr(&self, s: u32) -> Big {
        let (words, bits) = ((s / 32) as usize, s % 32);
        let w = &self.0;
        let mut out: Vec<u32> = (words..w.len())
            .map(|i| {
                let lo = w[i] >> bits;
                let hi = if bits > 0 { w.get(i + 1).map_or(0, |h| h << (32 - bits)) } else { 0 };
                lo | hi
            })
            .collect();
        if out.is_empty() {
            out.push(0);
        }
        let mut b = Big(out);
        b.trim();
        b
    }

    /// `self / p` when the quotient is below 2^67 (the caller scales for that), and whether the
    /// remainder is zero. The bits above the lowest 67 are the first remainder as they are
    /// (they are below `p`), so long division runs over 67 bits only.
    fn div_small_quotient(&self, p: &Big) -> (u128, bool) {
        const QBITS: u32 = 67;
        let mut rem = self.shr(QBITS);
        let mut q = 0u128;
        for i in (0..QBITS).rev() {
            rem.shl(1);
            rem.trim();
            if self.bit(i) {
                rem.0[0] |= 1;
            }
            q <<= 1;
            if rem.ge(p) {
                rem.sub(p);
                q |= 1;
            }
        }
        (q, rem.0.iter().all(|w| *w == 0))
    }
}

/// `v` as `format!("{v:.prec$}")` prints it (`prec` ≤ 22).
pub fn fixed(v: f64, prec: u32) -> String {
    let mut out = String::new();
    if sign_or_special(&mut out, v) {
        return out;
    }
    let (m, e) = decode(v);
    // v·10^prec = n·2^e, rounded half to even to an integer, in decimal.
    let n = u128::from(m) * 10u128.pow(prec);
    let mut s = if e < 0 {
        let sh = e.unsigned_abs();
        let q = if sh >= 128 { 0 } else { n >> sh };
        // Below 2^126, n is below half of 2^sh when sh ≥ 128: the quotient stays 0.
        if sh < 128 {
            let r = n - (q << sh);
            let half = 1u128 << (sh - 1);
            dec(q + u128::from(r > half || (r == half && q & 1 == 1)))
        } else {
            dec(q)
        }
    } else if e.unsigned_abs() <= n.leading_zeros() {
        dec(n << e)
    } else {
        // An integer of more than 97 bits: its exact digits, then the zeros.
        let (mut d, point) = digits(m, e);
        d.resize(point as usize + prec as usize, b'0');
        d
    };
    let prec = prec as usize;
    while s.len() <= prec {
        s.insert(0, b'0');
    }
    let int = s.len() - prec;
    push_ascii(&mut out, &s[..int]);
    if prec > 0 {
        out.push('.');
        push_ascii(&mut out, &s[int..]);
    }
    out
}

/// Prints its `f64` as `{:.N}` does with N = the second field ([`fixed`]).
pub struct Fixed(pub f64, pub u32);

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&fixed(self.0, self.1))
    }
}

/// Prints its `f64` as `{}` does: the shortest digits that read back as the same value, in
/// positional notation (no exponent).
pub struct Shortest(pub f64);

impl fmt::Display for Shortest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&shortest_text(self.0, false))
    }
}

/// Prints its `f64` as `{:?}` does: like [`Shortest`] with at least one decimal (`1.0`), or
/// with an exponent (`1e16`, `1.5e-5`) below 1e-4 and from 1e16 up.
pub struct Repr(pub f64);

impl fmt::Display for Repr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&shortest_text(self.0, true))
    }
}

/// `v.clamp(lo, hi)` without its check of `lo <= hi`, whose panic message formats floats
/// (and so keeps the standard library's float formatting in the wasm). NaN stays NaN.
pub fn clamp(v: f64, lo: f64, hi: f64) -> f64 {
    if v < lo {
        lo
    } else if v > hi {
        hi
    } else {
        v
    }
}

fn shortest_text(v: f64, debug: bool) -> String {
    let mut out = String::new();
    if sign_or_special(&mut out, v) {
        return out;
    }
    // Whole numbers below 1e15 (the common case: pixel sizes, counts) are their digits.
    let a = v.abs();
    if a.fract() == 0.0 && a < 1e15 {
        out.push_str(&(a as u64).to_string());
        if debug {
            out.push_str(".0");
        }
        return out;
    }
    let (m, e) = decode(v);
    let (d, point) = shortest(a, m, e);
    if debug && !(1e-4..1e16).contains(&a) {
        push_ascii(&mut out, &d[..1]);
        if d.len() > 1 {
            out.push('.');
            push_ascii(&mut out, &d[1..]);
        }
        out.push('e');
        out.push_str(&(point - 1).to_string());
        return out;
    }
    let point = point as isize;
    if point <= 0 {
        out.push_str("0.");
        for _ in point..0 {
            out.push('0');
        }
        push_ascii(&mut out, &d);
    } else {
        let int = (point as usize).min(d.len());
        push_ascii(&mut out, &d[..int]);
        for _ in d.len()..point as usize {
            out.push('0');
        }
        if int < d.len() {
            out.push('.');
            push_ascii(&mut out, &d[int..]);
        } else if debug {
            out.push_str(".0");
        }
    }
    out
}

/// The shortest digits `d` (ASCII, no trailing zeros) and point `p` with `0.d × 10^p` reading
/// back as `a` = `m·2^e` (finite, positive); the nearer of the two candidates of a length.
fn shortest(a: f64, m: u64, e: i32) -> (Vec<u8>, i32) {
    let (d, point) = digits(m, e);
    for p in 1..d.len() {
        let mut low = d[..p].to_vec();
        while low.last() == Some(&b'0') {
            low.pop();
        }
        let mut high = d[..p].to_vec();
        let mut high_point = point;
        while high.last() == Some(&b'9') {
            high.pop();
        }
        match high.last_mut() {
            Some(x) => *x += 1,
            None => {
                high.push(b'1');
                high_point += 1;
            }
        }
        let reads_back = |d: &[u8], point: i32| {
            let mut s = String::from("0.");
            push_ascii(&mut s, d);
            s.push('e');
            s.push_str(&point.to_string());
            parse_f64(&s) == Some(a)
        };
        let (low_ok, high_ok) = (reads_back(&low, point), reads_back(&high, high_point));
        if high_ok && (!low_ok || d[p] >= b'5') {
            return (high, high_point);
        }
        if low_ok {
            return (low, point);
        }
    }
    (d, point)
}

/// Pushes `-` for a negative `v` (also -0.0) and returns false, or prints NaN and the
/// infinities whole and returns true.
fn sign_or_special(out: &mut String, v: f64) -> bool {
    if v.is_nan() {
        out.push_str("NaN");
        return true;
    }
    if v.is_sign_negative() {
        out.push('-');
    }
    if v.is_infinite() {
        out.push_str("inf");
        return true;
    }
    false
}

/// `|v|` = `m·2^e` (`m` is 0 for zeros).
fn decode(v: f64) -> (u64, i32) {
    let bits = v.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    if biased == 0 {
        (frac, -1074)
    } else {
        (frac | 1 << 52, biased - 1075)
    }
}

/// The decimal digits of `q` (ASCII).
fn dec(mut q: u128) -> Vec<u8> {
    let mut d = Vec::new();
    loop {
        d.push(b'0' + (q % 10) as u8);
        q /= 10;
        if q == 0 {
            break;
        }
    }
    d.reverse();
    d
}

/// The exact decimal expansion of `m·2^e` (`m` > 0): digits `d` (ASCII, no leading or trailing
/// zeros) and point `p` with the value `0.d × 10^p`. With `e < 0` it is `m·5^-e / 10^-e`.
fn digits(m: u64, e: i32) -> (Vec<u8>, i32) {
    let (mul, mut k) = if e >= 0 { (2, e.unsigned_abs()) } else { (5, e.unsigned_abs()) };
    let mut x = u128::from(m);
    while k > 0 && x < 1 << 120 {
        x *= mul;
        k -= 1;
    }
    // Little-endian digit values, multiplied by 2 or 5 k more times.
    let mut d: Vec<u8> = dec(x).iter().rev().map(|c| c - b'0').collect();
    for _ in 0..k {
        let mut carry = 0;
        for x in d.iter_mut() {
            let y = *x * mul as u8 + carry;
            *x = y % 10;
            carry = y / 10;
        }
        if carry > 0 {
            d.push(carry);
        }
    }
    let point = d.len() as i32 + e.min(0);
    let zeros = d.iter().take_while(|x| **x == 0).count();
    let d = d[zeros..].iter().rev().map(|x| x + b'0').collect();
    (d, point)
}

/// Appends the decimal digits of `q` (the one digit loop: quantities and paths print through it).
pub(crate) fn push_dec(out: &mut String, q: u128) {
    push_ascii(out, &dec(q));
}

fn push_ascii(out: &mut String, d: &[u8]) {
    out.extend(d.iter().map(|c| char::from(*c)));
}

#[cfg(test)]
mod tests {
    use super::{clamp, fixed, parse_f64, Repr, Shortest};

    fn check(s: &str) {
        let want = s.parse::<f64>().ok();
        let got = parse_f64(s);
        match (want, got) {
            (Some(a), Some(b)) => {
                assert!(a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()), "{s:?}: std {a:e}, ours {b:e}")
            }
            (None, None) => {}
            _ => panic!("{s:?}: std {want:?}, ours {got:?}"),
        }
    }

    #[test]
    fn edge_cases_agree_with_std() {
        for s in [
            "",
            "+",
            "-",
            ".",
            "e",
            "1e",
            "1e+",
            "e5",
            ".e1",
            "1.",
            ".5",
            "-.5",
            "+1",
            "0",
            "-0",
            "00",
            "0.0",
            "1_0",
            "1e5",
            "1E5",
            "1e-5",
            "1.5e+3",
            "inf",
            "-INF",
            "Infinity",
            "nan",
            "NaN",
            "-nan",
            "infin",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "2e308",
            "4.9e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "2.2250738585072011e-308",
            "2.2250738585072014e-308",
            "1e-400",
            "1e400",
            "0.1",
            "0.2",
            "0.3",
            "9007199254740993",
            "9007199254740992.5",
            "123456789012345678901234567890",
            "1e22",
            "1e23",
            "8.98846567431158e307",
            "0.000000000000000000000000000000000000000000001",
            "1 ",
            " 1",
            "1.5s",
            "0x10",
            "1e0000000000000000001",
            "1e-99999999999999999999",
            "0e99999999999",
            "7.2057594037927933e16",
            "1.00000000000000011102230246251565404236316680908203125",
            "1.00000000000000011102230246251565404236316680908203124",
            "1.00000000000000011102230246251565404236316680908203126",
        ] {
            check(s);
        }
        // A halfway case decided only by a digit far beyond the first 767.
        let mut long = String::from("1.00000000000000011102230246251565404236316680908203125");
        long.push_str(&"0".repeat(900));
        check(&long);
        long.push('1');
        check(&long);
        check(&format!("0.{}1", "0".repeat(1000)));
        check(&format!("{}e-900", "9".repeat(1000)));
    }

    #[test]
    fn agrees_with_std() {
        // The engine's portable generator (SplitMix64), so the cases are the same everywhere.
        let mut rng = crate::engine::rng::Rng::new(0x9E37_79B9_7F4A_7C15);
        let mut next = move || rng.next_u64();
        for _ in 0..1_000_000 {
            let r = next();
            let mut s = String::new();
            if r & 1 == 1 {
                s.push('-');
            }
            let int_len = (r >> 1) % 25;
            let frac_len = (r >> 6) % 25;
            for _ in 0..int_len {
                s.push(char::from(b'0' + (next() % 10) as u8));
            }
            if r >> 11 & 1 == 1 || int_len == 0 {
                s.push('.');
                for _ in 0..frac_len {
                    s.push(char::from(b'0' + (next() % 10) as u8));
                }
            }
            if r >> 12 & 3 == 0 {
                let e = (next() % 700) as i64 - 350;
                s.push_str(&format!("e{e}"));
            }
            check(&s);
        }
        // Values near every power of two and their halfway points, written out exactly.
        for _ in 0..200_000 {
            let bits = next() & 0x7FFF_FFFF_FFFF_FFFF;
            let v = f64::from_bits(bits);
            if !v.is_finite() {
                continue;
            }
            check(&format!("{v:e}"));
            check(&format!("{v:.20e}"));
            check(&format!("{v}"));
        }
    }

    /// `fixed` for precisions 0 to 4 and `Shortest` against `format!`.
    fn check_fmt(v: f64) {
        for p in 0..5 {
            assert_eq!(fixed(v, p), format!("{v:.*}", p as usize), "{v:e} at .{p}");
        }
        assert_eq!(Shortest(v).to_string(), format!("{v}"), "{v:e}");
        assert_eq!(Repr(v).to_string(), format!("{v:?}"), "{v:e}");
        for (lo, hi) in [(0.0, 600.0), (-10.0, 1001.0), (-0.0, 0.0)] {
            let (a, b) = (clamp(v, lo, hi), v.clamp(lo, hi));
            assert!(a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()), "{v:e}");
        }
    }

    #[test]
    fn formatting_edge_cases_agree_with_std() {
        for v in [
            0.0,
            -0.0,
            0.5,
            1.5,
            2.5,
            -2.5,
            0.25,
            0.125,
            0.375,
            0.35,
            0.05,
            9.95,
            9.5,
            99.95,
            999.9999,
            -0.01,
            -0.00001,
            1e-7,
            1e-4,
            0.00009999999999999999,
            9999999999999998.0,
            1.5e-5,
            123.0,
            1e15,
            1e16,
            1e22,
            1e23,
            1e300,
            -1e300,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            -5e-324,
            (1u64 << 50) as f64 + 0.25,
            (1u64 << 50) as f64 + 0.75,
            9007199254740993.0,
            1.0 / 3.0,
            2.0 / 3.0,
            0.1 + 0.2,
            i64::MAX as f64 / 1000.0,
            i64::MIN as f64 / 1000.0,
            u64::MAX as f64 / 1_048_576.0,
            f64::NAN,
            -f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            check_fmt(v);
        }
        for p in [5, 9, 17, 22] {
            for v in [0.5, 1.0 / 3.0, 1e-9, 123.456, 1e30, 2.5e-5] {
                assert_eq!(fixed(v, p), format!("{v:.*}", p as usize));
            }
        }
        // Powers of two and their neighbours (the lower rounding interval is half as wide): all
        // of them near 1, every 7th beyond (those expand to hundreds of digits, slowly).
        for e in (-1074..1024).filter(|e: &i32| e.abs() < 160 || e % 7 == 0) {
            let v = f64::from_bits(if e < -1022 { 1 << (e + 1074) } else { ((e + 1023) as u64) << 52 });
            check_fmt(v);
            check_fmt(f64::from_bits(v.to_bits() + 1));
            check_fmt(f64::from_bits(v.to_bits() - 1));
        }
    }

    #[test]
    fn formatting_agrees_with_std() {
        // The engine's portable generator (SplitMix64), so the cases are the same everywhere.
        let mut rng = crate::engine::rng::Rng::new(0x2545_F491_4F6C_DD1D);
        let mut next = move || rng.next_u64();
        // Values of the kind the page prints: milliseconds as seconds, pixels, bytes as MiB,
        // percentages, and exact ties of every precision.
        for _ in 0..50_000 {
            let r = next();
            let k = (next() >> (r % 64)) as i64 * if r & 64 == 0 { 1 } else { -1 };
            check_fmt(k as f64 / 1000.0);
            check_fmt(k as f64 / 1_048_576.0);
            check_fmt((k % 1_000_000) as f64 * 0.1);
            check_fmt((k % 100_000) as f64 / (r % 997 + 1) as f64 * 600.0);
            check_fmt((k % 100_000) as f64 + [0.5, 0.05, 0.005, 0.0005, 0.25, 0.125][(r >> 8) as usize % 6]);
            let a = (k % 1_000_000).unsigned_abs();
            check_fmt(a as f64 * 100.0 / ((r >> 12) % 2_000_000 + 1) as f64);
        }
        // Any bits near the middle of the range, and a few over all of it (slow to expand).
        for i in 0..100_000 {
            let r = next();
            let bits =
                if i % 250 == 0 { r } else { (r & 0x800F_FFFF_FFFF_FFFF) | ((1023 - 80 + (r >> 52) % 160) << 52) };
            check_fmt(f64::from_bits(bits));
        }
    }
}
