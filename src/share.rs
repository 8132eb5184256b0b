//! Share links: the page's whole state in a URL fragment, so a link restores exactly what
//! someone saw — no server involved.
//!
//! A link's fragment is a `key=value` list joined by `&` (version 1):
//!
//! | key | value | default |
//! |---|---|---|
//! | `v` | format version, `1` | `1` |
//! | `z` | the editor's text (spec and Scenario), raw DEFLATE (RFC 1951), base64url without padding | none: the link keeps the current text (a deep link such as `#t=42s`) |
//! | `seed` | the kubelet jitter seed, 0 … 2⁶⁴−1 (a `seed` in the Scenario still wins, as in the CLI) | `1` |
//! | `pod` | which pod of the input, 0-based index, ≤ 999 | `0` |
//! | `t` | the playhead: `42s`, `1m30s`, `1h2m3.5s`, `1500ms` or plain seconds `42` | start |
//! | `tab` | the open panel: `pod`, `events`, `watch`, `effective`, `inferred` | `pod` |
//! | `view` | the zoomed time window, `FROM,TO` (times as for `t`) | fitted to the run |
//! | `lang` | `en` or `zh` | the reader's own |
//! | `embed`, `ro`, `autoplay`, `editor` | `1`/`0`: embed mode, read-only editor, play on load, show the editor in embed mode | `0` |
//! | `theme` | `light` or `dark` (else the reader's system setting) | system |
//!
//! Unknown keys are ignored (a newer page may add some); a known key with a bad value, a key
//! given twice, a version other than 1, a broken `z` and anything over the limits below are
//! refused with a [`ShareError`] that says which. Nothing here panics on any input.
//!
//! Limits: a link's fragment is at most [`MAX_FRAGMENT_BYTES`] (32 KiB) — beyond that some
//! browsers, chat tools and servers' logs cut URLs, so the page says the state is too large
//! for a link instead of producing one; the decompressed text is at most [`MAX_TEXT_BYTES`]
//! (3 MiB, the input limit), and a decoder stops inflating past it, so a crafted link cannot
//! expand to gigabytes.
//!
//! Compression is not done here for the page: the browser's own
//! `CompressionStream('deflate-raw')` does it (no compression code in the wasm). Natively
//! (the CLI, tests) [`encode`] and [`decode`] use `miniz_oxide`, byte-compatible with it.

use std::fmt;

/// The link format's version (`v=`).
pub const VERSION: u32 = 1;
/// The longest fragment podlife writes or reads, in bytes (32 KiB).
pub const MAX_FRAGMENT_BYTES: usize = 32 * 1024;
/// The longest text a link may decompress to (the input limit, 3 MiB).
pub const MAX_TEXT_BYTES: usize = crate::source::MAX_INPUT_BYTES;
/// The latest instant a link may point to (30 days, the longest simulation).
pub const MAX_TIME_MS: i64 = 30 * 24 * 3_600_000;
/// The highest pod index a link may select.
pub const MAX_POD_INDEX: usize = 999;
/// At most this many `key=value` pairs are read.
pub const MAX_PARAMS: usize = 32;
/// The seed when a link does not say.
pub const DEFAULT_SEED: u64 = 1;

/// A panel of the page (one tab of the views that follow the playhead).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub enum Panel {
    #[default]
    Pod,
    Events,
    Watch,
    Effective,
    Inferred,
}

impl Panel {
    pub const ALL: [Panel; 5] = [Panel::Pod, Panel::Events, Panel::Watch, Panel::Effective, Panel::Inferred];

    /// Its name in a link (`tab=`).
    pub fn name(self) -> &'static str {
        match self {
            Panel::Pod => "pod",
            Panel::Events => "events",
            Panel::Watch => "watch",
            Panel::Effective => "effective",
            Panel::Inferred => "inferred",
        }
    }

    pub fn from_name(s: &str) -> Option<Panel> {
        Panel::ALL.into_iter().find(|p| p.name() == s)
    }
}

/// A forced colour theme (`theme=`); absent, the page follows the system.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// The interface language a link asks for (`lang=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UiLang {
    En,
    Zh,
}

impl UiLang {
    pub fn name(self) -> &'static str {
        match self {
            UiLang::En => "en",
            UiLang::Zh => "zh",
        }
    }
}

/// How the page presents itself (documentation embeds).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub struct Presentation {
    /// Minimal chrome: timeline, playback and one view.
    pub embed: bool,
    /// The editor cannot be changed.
    pub readonly: bool,
    /// Start playing once loaded.
    pub autoplay: bool,
    /// In embed mode, show the editor too.
    pub editor: bool,
    pub theme: Option<Theme>,
    pub lang: Option<UiLang>,
}

/// Everything a link carries.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct State {
    /// The editor's text; `None` keeps whatever the page has (a deep link to a moment).
    pub text: Option<String>,
    pub seed: u64,
    pub pod: usize,
    /// The playhead, ms of virtual time.
    pub at_ms: Option<i64>,
    pub panel: Option<Panel>,
    /// The zoomed window `(from, to)`, ms.
    pub view: Option<(i64, i64)>,
    pub show: Presentation,
}

impl State {
    /// A state with `text` and every other field at its default.
    pub fn with_text(text: &str) -> State {
        State { text: Some(text.to_string()), seed: DEFAULT_SEED, ..State::default() }
    }
}

/// Why a link could not be made or read. `Display` gives the English message; the page
/// words each kind in its own languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// The link would be (or is) longer than [`MAX_FRAGMENT_BYTES`].
    TooLong { bytes: usize },
    /// The text decompresses to more than [`MAX_TEXT_BYTES`].
    TextTooLarge,
    /// Made by a newer (or unknown) format version.
    Version(String),
    /// A field with a bad value: the key and what is wrong.
    Field { key: String, problem: &'static str },
    /// The compressed text is damaged (bad base64, bad DEFLATE data, not UTF-8).
    Corrupt(&'static str),
    /// More than [`MAX_PARAMS`] fields.
    TooManyFields,
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::TooLong { bytes } => write!(
                f,
                "this state needs a {} KB link, more than the {} KB a podlife link may hold; download the YAML and share the file instead",
                bytes.div_ceil(1024),
                MAX_FRAGMENT_BYTES / 1024
            ),
            ShareError::TextTooLarge => {
                write!(f, "the link's text expands to more than {} MiB, the input limit", MAX_TEXT_BYTES >> 20)
            }
            ShareError::Version(v) => {
                write!(f, "the link was made by another version of podlife (format {v:?}; this page reads {VERSION})")
            }
            ShareError::Field { key, problem } => write!(f, "the link's {key:?} field {problem}"),
            ShareError::Corrupt(what) => write!(f, "the link is damaged: {what}"),
            ShareError::TooManyFields => write!(f, "the link has more than {MAX_PARAMS} fields"),
        }
    }
}

impl std::error::Error for ShareError {}

/// The fragment of a URL (after `#`), or the whole text when it has no `#`.
pub fn fragment_of(url: &str) -> &str {
    match url.find('#') {
        Some(i) => &url[i + 1..],
        None => url,
    }
}

/// Writes the fragment (without `#`) for `state`, whose text the caller has already
/// compressed to `deflated` (raw DEFLATE), or `None` when the state has no text.
pub fn to_fragment(state: &State, deflated: Option<&[u8]>) -> Result<String, ShareError> {
    let mut out = format!("v={VERSION}");
    if let Some(z) = deflated {
        out.push_str("&z=");
        base64url_encode_into(z, &mut out);
    }
    if state.seed != DEFAULT_SEED {
        out.push_str(&format!("&seed={}", state.seed));
    }
    if state.pod != 0 {
        out.push_str(&format!("&pod={}", state.pod.min(MAX_POD_INDEX)));
    }
    if let Some(t) = state.at_ms {
        out.push_str("&t=");
        out.push_str(&format_time(t));
    }
    if let Some(p) = state.panel {
        out.push_str("&tab=");
        out.push_str(p.name());
    }
    if let Some((a, b)) = state.view {
        out.push_str(&format!("&view={},{}", format_time(a), format_time(b)));
    }
    let s = &state.show;
    if let Some(l) = s.lang {
        out.push_str("&lang=");
        out.push_str(l.name());
    }
    for (on, key) in [(s.embed, "embed"), (s.readonly, "ro"), (s.autoplay, "autoplay"), (s.editor, "editor")] {
        if on {
            out.push_str(&format!("&{key}=1"));
        }
    }
    if let Some(th) = s.theme {
        out.push_str("&theme=");
        out.push_str(th.name());
    }
    if out.len() > MAX_FRAGMENT_BYTES {
        return Err(ShareError::TooLong { bytes: out.len() });
    }
    Ok(out)
}

/// A fragment read, its text still compressed (the page inflates it asynchronously).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Pending {
    /// The state, `text` still `None`.
    pub state: State,
    /// The `z` field, base64-decoded: raw DEFLATE data.
    pub deflated: Option<Vec<u8>>,
    /// Whether any field podlife knows was present (an empty or foreign fragment is not a
    /// share link and leaves the page alone).
    pub is_link: bool,
}

/// Reads a fragment (with or without its leading `#`). Every field is validated; the text
/// is returned still compressed.
pub fn parse_fragment(fragment: &str) -> Result<Pending, ShareError> {
    let f = fragment.strip_prefix('#').unwrap_or(fragment);
    if f.len() > MAX_FRAGMENT_BYTES {
        return Err(ShareError::TooLong { bytes: f.len() });
    }
    let mut p = Pending { state: State { seed: DEFAULT_SEED, ..State::default() }, ..Pending::default() };
    let mut seen = 0u16; // a bit per KNOWN key
    for (n, pair) in f.split('&').filter(|s| !s.is_empty()).enumerate() {
        if n >= MAX_PARAMS {
            return Err(ShareError::TooManyFields);
        }
        let (key, raw) = pair.split_once('=').unwrap_or((pair, ""));
        const KNOWN: [&str; 13] =
            ["v", "z", "seed", "pod", "t", "tab", "view", "lang", "embed", "ro", "autoplay", "editor", "theme"];
        // Matched once, then dispatched on its index (not compared again by name).
        let Some(ki) = KNOWN.iter().position(|k| *k == key) else { continue };
        let key = KNOWN[ki];
        if seen & 1 << ki != 0 {
            return Err(field(key, "is given twice"));
        }
        seen |= 1 << ki;
        p.is_link = true;
        let value = percent_decode(raw).ok_or_else(|| field(key, "has a broken %-escape"))?;
        let v = value.as_str();
        let s = &mut p.state;
        match ki {
            0 => {
                if v != "1" {
                    return Err(ShareError::Version(v.chars().take(16).collect()));
                }
            }
            1 => p.deflated = Some(base64url_decode(v).ok_or(ShareError::Corrupt("the text is not valid base64url"))?),
            2 => s.seed = parse_uint(v).ok_or_else(|| field(key, "is not a number from 0 to 18446744073709551615"))?,
            3 => {
                s.pod = parse_uint(v)
                    .filter(|n| *n <= MAX_POD_INDEX as u64)
                    .ok_or_else(|| field(key, "is not a pod index from 0 to 999"))? as usize
            }
            4 => s.at_ms = Some(parse_time(v).ok_or_else(|| field(key, TIME_PROBLEM))?),
            5 => {
                s.panel = Some(
                    Panel::from_name(v)
                        .ok_or_else(|| field(key, "is not one of pod, events, watch, effective, inferred"))?,
                )
            }
            6 => {
                let (a, b) = v.split_once(',').ok_or_else(|| field(key, "is not FROM,TO"))?;
                let (a, b) = (parse_time(a), parse_time(b));
                match (a, b) {
                    (Some(a), Some(b)) if a < b => s.view = Some((a, b)),
                    _ => return Err(field(key, "is not FROM,TO with FROM before TO, both within 30 days")),
                }
            }
            7 => {
                s.show.lang = Some(match v {
                    "en" => UiLang::En,
                    "zh" => UiLang::Zh,
                    _ => return Err(field(key, "is not en or zh")),
                })
            }
            12 => {
                s.show.theme = Some(match v {
                    "light" => Theme::Light,
                    "dark" => Theme::Dark,
                    _ => return Err(field(key, "is not light or dark")),
                })
            }
            _ => {
                let on = match v {
                    "1" | "" | "true" => true,
                    "0" | "false" => false,
                    _ => return Err(field(key, "is not 1 or 0")),
                };
                match ki {
                    8 => s.show.embed = on,
                    9 => s.show.readonly = on,
                    10 => s.show.autoplay = on,
                    _ => s.show.editor = on,
                }
            }
        }
    }
    Ok(p)
}

const TIME_PROBLEM: &str = "is not a time such as 42s, 1m30s or 1500ms within 30 days";

fn field(key: &str, problem: &'static str) -> ShareError {
    ShareError::Field { key: key.to_string(), problem }
}

/// Completes a [`Pending`] with its inflated text (as the page's decompressor returned it,
/// already capped at [`MAX_TEXT_BYTES`] + 1 bytes, `None` when the link had no text).
pub fn finish(p: Pending, inflated: Option<Vec<u8>>) -> Result<State, ShareError> {
    let mut state = p.state;
    if let Some(bytes) = inflated {
        if bytes.len() > MAX_TEXT_BYTES {
            return Err(ShareError::TextTooLarge);
        }
        state.text = Some(String::from_utf8(bytes).map_err(|_| ShareError::Corrupt("the text is not UTF-8"))?);
    }
    Ok(state)
}

/// The link (`base` + `#` + fragment) for `state`, compressed natively (CLI, tests).
#[cfg(not(target_arch = "wasm32"))]
pub fn encode(state: &State) -> Result<String, ShareError> {
    let deflated = state.text.as_ref().map(|t| miniz_oxide::deflate::compress_to_vec(t.as_bytes(), 9));
    to_fragment(state, deflated.as_deref())
}

/// Reads a link or fragment completely, natively (CLI, tests, fuzzing).
#[cfg(not(target_arch = "wasm32"))]
pub fn decode(url_or_fragment: &str) -> Result<State, ShareError> {
    let p = parse_fragment(fragment_of(url_or_fragment))?;
    let inflated = match &p.deflated {
        None => None,
        Some(z) => Some(inflate_capped(z)?),
    };
    finish(p, inflated)
}

/// Raw DEFLATE decompression that stops past [`MAX_TEXT_BYTES`].
#[cfg(not(target_arch = "wasm32"))]
pub fn inflate_capped(z: &[u8]) -> Result<Vec<u8>, ShareError> {
    use miniz_oxide::inflate::{decompress_to_vec_with_limit, TINFLStatus};
    match decompress_to_vec_with_limit(z, MAX_TEXT_BYTES) {
        Ok(v) => Ok(v),
        Err(e) if e.status == TINFLStatus::HasMoreOutput => Err(ShareError::TextTooLarge),
        Err(_) => Err(ShareError::Corrupt("the compressed text is not valid DEFLATE data")),
    }
}

/// The `<iframe>` code that embeds the playground at `url` (the page's "embed code" dialog
/// and `podlife share --iframe` give the same). The URL is escaped for an HTML attribute.
pub fn iframe_snippet(url: &str, width: u32, height: u32) -> String {
    format!(
        "<iframe src=\"{}\" width=\"{width}\" height=\"{height}\" title=\"podlife: Pod lifecycle playground\" \
         loading=\"lazy\" style=\"border:1px solid #d0d7de;border-radius:8px;max-width:100%\" \
         sandbox=\"allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox\"></iframe>",
        html_attr(url)
    )
}

/// Text escaped for a double-quoted HTML attribute.
pub fn html_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Reads a link time: `42` (seconds), `42s`, `1m30s`, `1h2m3.5s`, `1500ms`, `1s500ms`. Units
/// in decreasing order, each once; at most 3 decimals on seconds; at most [`MAX_TIME_MS`].
pub fn parse_time(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 40 {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return parse_uint(s).and_then(|n| i64::try_from(n).ok()?.checked_mul(1000)).filter(|t| *t <= MAX_TIME_MS);
    }
    let b = s.as_bytes();
    let mut i = 0;
    let mut total: i64 = 0;
    let mut last_rank = 0u8; // h=4, m=3, s=2, ms=1
    while i < b.len() {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start || i - start > 10 {
            return None;
        }
        let whole: i64 = s[start..i].parse().ok()?;
        let mut frac_ms: i64 = 0;
        if i < b.len() && b[i] == b'.' {
            i += 1;
            let fs = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let digits = &s[fs..i];
            if digits.is_empty() || digits.len() > 3 || b.get(i) != Some(&b's') || b.get(i + 1) == Some(&b's') {
                return None; // decimals only on seconds (`1.5s`), at most ms precision
            }
            // `5` is 500 ms, `05` 50 ms (1 to 3 ASCII digits, checked above).
            for k in 0..3 {
                frac_ms = frac_ms * 10 + digits.as_bytes().get(k).map_or(0, |d| i64::from(d - b'0'));
            }
        }
        let (rank, unit_ms, len) = match (b.get(i), b.get(i + 1)) {
            (Some(b'h'), _) => (4, 3_600_000, 1),
            (Some(b'm'), Some(b's')) => (1, 1, 2),
            (Some(b'm'), _) => (3, 60_000, 1),
            (Some(b's'), _) => (2, 1000, 1),
            _ => return None,
        };
        if last_rank != 0 && rank >= last_rank {
            return None;
        }
        last_rank = rank;
        i += len;
        total = total.checked_add(whole.checked_mul(unit_ms)?.checked_add(frac_ms)?)?;
        if total > MAX_TIME_MS {
            return None;
        }
    }
    Some(total)
}

/// Writes a time as links do: `0s`, `42s`, `1m30s`, `1h2m3.5s`, `0.061s` (exact to the ms;
/// [`parse_time`] reads it back). Negative times are written as `0s`.
pub fn format_time(ms: i64) -> String {
    let ms = ms.max(0);
    let (h, m, s, r) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    use std::fmt::Write as _;
    let mut out = String::new();
    if h > 0 {
        let _ = write!(out, "{h}h");
    }
    if m > 0 {
        let _ = write!(out, "{m}m");
    }
    if r > 0 || s > 0 || out.is_empty() {
        let _ = write!(out, "{s}");
        if r > 0 {
            // The milliseconds as three digits, trailing zeros dropped.
            out.push('.');
            let digits = [r / 100, r / 10 % 10, r % 10];
            let n = if digits[2] != 0 {
                3
            } else if digits[1] != 0 {
                2
            } else {
                1
            };
            for d in &digits[..n] {
                out.push(char::from(b'0' + *d as u8));
            }
        }
        out.push('s');
    }
    out
}

fn parse_uint(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 20 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `%XX` escapes decoded (some tools escape fragments); `None` on a broken escape or a
/// result that is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_string());
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url (RFC 4648 §5) without padding.
pub fn base64url_encode(data: &[u8]) -> String {
    let mut s = String::with_capacity(data.len().div_ceil(3) * 4);
    base64url_encode_into(data, &mut s);
    s
}

fn base64url_encode_into(data: &[u8], out: &mut String) {
    for chunk in data.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        let chars = chunk.len() + 1;
        for k in 0..chars {
            out.push(B64[((n >> (18 - 6 * k)) & 63) as usize] as char);
        }
    }
}

/// base64url decoding; padding `=` is accepted and ignored, any other character refused.
pub fn base64url_decode(s: &str) -> Option<Vec<u8>> {
    let s = s.trim_end_matches('=');
    if s.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(s.len() / 4 * 3 + 2);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::engine::rng::Rng;

    fn full_state(text: &str) -> State {
        State {
            text: Some(text.to_string()),
            seed: 42,
            pod: 2,
            at_ms: Some(90_500),
            panel: Some(Panel::Watch),
            view: Some((10_000, 70_000)),
            show: Presentation {
                embed: true,
                readonly: true,
                autoplay: true,
                editor: true,
                theme: Some(Theme::Dark),
                lang: Some(UiLang::Zh),
            },
        }
    }

    #[test]
    fn every_field_round_trips() {
        let text = include_str!("../examples/httpserver.yaml");
        for s in [State::with_text(text), full_state(text), full_state("ünïcødé: 中文\n")] {
            let link = encode(&s).unwrap();
            assert_eq!(decode(&link).unwrap(), s, "{link}");
            assert_eq!(decode(&format!("https://example.org/docs/podlife/#{link}")).unwrap(), s);
        }
        let link = encode(&State::with_text(text)).unwrap();
        assert!(link.starts_with("v=1&z="), "{link}");
        assert!(!link.contains("seed="), "the default seed is not written: {link}");
    }

    #[test]
    fn many_generated_states_round_trip() {
        let mut rng = Rng::new(7);
        for _ in 0..500 {
            let len = rng.below(400) as usize;
            let text: String = (0..len).map(|_| char::from_u32(rng.below(0x3000) as u32 + 9).unwrap_or('x')).collect();
            let t = rng.below(MAX_TIME_MS + 1);
            let panel = Panel::ALL[rng.below(5) as usize];
            let from = rng.below(MAX_TIME_MS);
            let s = State {
                text: if rng.below(5) == 0 { None } else { Some(text) },
                seed: rng.next_u64(),
                pod: rng.below(MAX_POD_INDEX as i64 + 1) as usize,
                at_ms: Some(t),
                panel: Some(panel),
                view: Some((from, from + 1 + rng.below(MAX_TIME_MS - from))),
                show: Presentation { embed: rng.below(2) == 1, readonly: rng.below(2) == 1, ..Presentation::default() },
            };
            let link = encode(&s).unwrap();
            assert_eq!(decode(&link).unwrap(), s, "{link}");
        }
    }

    #[test]
    fn deep_links_to_a_moment() {
        assert_eq!(decode("#t=42s").unwrap().at_ms, Some(42_000));
        assert_eq!(decode("#t=1m30s").unwrap().at_ms, Some(90_000));
        assert_eq!(decode("#t=90").unwrap().at_ms, Some(90_000));
        let s = decode("https://x/#t=1h2m3.25s&tab=events").unwrap();
        assert_eq!((s.text, s.at_ms, s.panel), (None, Some(3_723_250), Some(Panel::Events)));
        assert!(parse_fragment("#t=42s").unwrap().is_link);
        // A foreign fragment (an anchor) is not a link and is left alone.
        let p = parse_fragment("#section-2").unwrap();
        assert!(!p.is_link);
        assert!(!parse_fragment("").unwrap().is_link);
        // %-escaped by a chat tool.
        assert_eq!(decode("#t%3D5s").map(|s| s.at_ms), Ok(None));
        assert_eq!(decode("#view=0s%2C1m").unwrap().view, Some((0, 60_000)));
    }

    #[test]
    fn times_parse_and_print_exactly() {
        for (s, ms) in [
            ("0s", 0),
            ("42s", 42_000),
            ("1m30s", 90_000),
            ("1m", 60_000),
            ("2h", 7_200_000),
            ("1h0m5s", 3_605_000),
            ("1500ms", 1_500),
            ("1s500ms", 1_500),
            ("1.5s", 1_500),
            ("0.061s", 61),
            ("720h", MAX_TIME_MS),
        ] {
            assert_eq!(parse_time(s), Some(ms), "{s}");
        }
        for bad in [
            "",
            "s",
            "1x",
            "1.5m",
            "1.2345s",
            "30s1m",
            "1s1s",
            "-5s",
            "721h",
            "99999999999",
            "1.s",
            "1.5ms",
            "1h ",
            "１s",
        ] {
            assert_eq!(parse_time(bad), None, "{bad:?}");
        }
        assert_eq!(format_time(90_500), "1m30.5s");
        assert_eq!(format_time(3_600_000), "1h");
        assert_eq!(format_time(61), "0.061s");
        assert_eq!(format_time(0), "0s");
        assert_eq!(format_time(120), "0.12s");
        assert_eq!(format_time(3_600_050), "1h0.05s");
        assert_eq!(format_time(-5), "0s");
        assert_eq!(parse_time("2.05s"), Some(2_050));
        assert_eq!(parse_time("2.5s"), Some(2_500));
        let mut rng = Rng::new(3);
        for _ in 0..5000 {
            let ms = rng.below(MAX_TIME_MS + 1);
            assert_eq!(parse_time(&format_time(ms)), Some(ms), "{ms} → {}", format_time(ms));
        }
    }

    #[test]
    fn a_state_too_large_for_a_link_is_refused_with_its_size() {
        // Incompressible text: ~40 KB of pseudo-random letters.
        let mut rng = Rng::new(1);
        let text: String = (0..40_000).map(|_| (b'a' + rng.below(26) as u8) as char).collect();
        match encode(&State::with_text(&text)) {
            Err(ShareError::TooLong { bytes }) => assert!(bytes > MAX_FRAGMENT_BYTES, "{bytes}"),
            other => panic!("{other:?}"),
        }
        let msg = ShareError::TooLong { bytes: 40_000 }.to_string();
        assert!(msg.contains("40 KB") && msg.contains("32 KB"), "{msg}");
        // Highly repetitive text of 1 MiB still fits.
        let big = "- name: app\n".repeat(90_000);
        assert!(encode(&State::with_text(&big)).is_ok());
        // Reading a fragment over the limit is refused before any work.
        assert!(matches!(
            decode(&format!("t=1s&x={}", "a".repeat(MAX_FRAGMENT_BYTES))),
            Err(ShareError::TooLong { .. })
        ));
    }

    #[test]
    fn a_decompression_bomb_stops_at_the_limit() {
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; 16 << 20], 9);
        let link = to_fragment(&State::default(), Some(&bomb)).unwrap();
        assert!(link.len() < MAX_FRAGMENT_BYTES, "{}", link.len());
        assert_eq!(decode(&link), Err(ShareError::TextTooLarge));
        // Exactly the limit is fine; one byte more is not.
        let at_limit = miniz_oxide::deflate::compress_to_vec(&vec![b'a'; MAX_TEXT_BYTES], 9);
        assert_eq!(inflate_capped(&at_limit).map(|v| v.len()), Ok(MAX_TEXT_BYTES));
        let over = miniz_oxide::deflate::compress_to_vec(&vec![b'a'; MAX_TEXT_BYTES + 1], 9);
        assert_eq!(inflate_capped(&over), Err(ShareError::TextTooLarge));
        assert_eq!(finish(Pending::default(), Some(vec![b'a'; MAX_TEXT_BYTES + 1])), Err(ShareError::TextTooLarge));
    }

    #[test]
    fn malformed_links_are_refused_with_a_reason() {
        let z = base64url_encode(&miniz_oxide::deflate::compress_to_vec(&[0xff, 0xfe], 9));
        let cases: Vec<(String, &str)> = vec![
            ("v=2&t=1s".into(), "another version"),
            ("t=soon".into(), "\"t\" field"),
            ("tab=logs".into(), "\"tab\" field"),
            ("pod=1000".into(), "\"pod\" field"),
            ("pod=-1".into(), "\"pod\" field"),
            ("seed=18446744073709551616".into(), "\"seed\" field"),
            ("seed=0x10".into(), "\"seed\" field"),
            ("view=1m,10s".into(), "\"view\" field"),
            ("view=10s".into(), "\"view\" field"),
            ("theme=blue".into(), "\"theme\" field"),
            ("lang=fr".into(), "\"lang\" field"),
            ("embed=yes".into(), "\"embed\" field"),
            ("t=1s&t=2s".into(), "given twice"),
            ("t=%zz".into(), "%-escape"),
            ("z=abc*".into(), "base64url"),
            ("z=a".into(), "base64url"),
            ("z=AAAA".into(), "DEFLATE"),
            (format!("z={z}"), "UTF-8"),
            ("a&".repeat(40), "more than 32 fields"),
        ];
        for (frag, want) in cases {
            match decode(&frag) {
                Err(e) => assert!(e.to_string().contains(want), "{frag}: {e}"),
                Ok(s) => panic!("{frag} accepted: {s:?}"),
            }
        }
    }

    #[test]
    fn the_iframe_snippet_escapes_the_url() {
        let s = iframe_snippet("https://x/p/?a=1&b=\"<x>#v=1", 600, 360);
        assert!(
            s.starts_with("<iframe src=\"https://x/p/?a=1&amp;b=&quot;&lt;x&gt;#v=1\" width=\"600\" height=\"360\""),
            "{s}"
        );
        assert!(s.ends_with("></iframe>"));
    }

    #[test]
    fn base64url_round_trips_and_refuses_other_alphabets() {
        let mut rng = Rng::new(9);
        for len in 0..200 {
            let data: Vec<u8> = (0..len).map(|_| rng.below(256) as u8).collect();
            let s = base64url_encode(&data);
            assert!(s.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
            assert_eq!(base64url_decode(&s), Some(data.clone()));
        }
        assert_eq!(base64url_decode("aGk="), Some(b"hi".to_vec()));
        assert_eq!(base64url_decode("a+b/"), None);
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        let mut rng = Rng::new(11);
        let alphabet = b"vzseedpodtabviewlangembedroautoplayeditortheme=&%,.0123456789hmsAZaz-_#";
        for _ in 0..20_000 {
            let len = rng.below(60) as usize;
            let s: String = (0..len).map(|_| alphabet[rng.below(alphabet.len() as i64) as usize] as char).collect();
            let _ = decode(&s);
            let bytes: Vec<u8> = (0..len).map(|_| rng.below(256) as u8).collect();
            let _ = decode(&format!("z={}", base64url_encode(&bytes)));
        }
    }
}
