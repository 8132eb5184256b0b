//! The multi-track timeline: one track per container (state, readiness, probe runs, hooks,
//! grace window, signals), pod tracks (kubectl STATUS, phase, each condition) and events,
//! over a zoomable time axis. Drawn as SVG in pixels of the measured width; dense probe runs
//! are aggregated per pixel bucket so a 24-hour run stays a few hundred nodes.
//!
//! The heavy drawing ([`tracks`]) depends only on the timeline, the visible window and the
//! width, so playback (which moves only the playhead overlay) never redraws it.

use std::rc::Rc;

use web_sys::HtmlElement;
use yew::prelude::*;

use super::h::{el, frag};
use super::i18n::{t, Lang, T};
use super::views::{memo, rc_id};
use crate::engine::Timeline;
use crate::float::{fixed, Fixed, Shortest};

/// A shared timeline compared by identity (one simulation per input), for component props.
#[derive(Clone)]
pub struct Tl(pub TlRc);

/// A timeline shared without copying: the page's own run, or a fleet pod's read in place (a copy
/// of a `Timeline` costs the wasm the code of every part's clone).
#[derive(Clone)]
pub struct TlRc(Rc<TlOf>);

#[allow(clippy::large_enum_variant)] // one in an `Rc` per simulation
enum TlOf {
    Own(Timeline),
    /// Pod `i` of a fleet (`i` in range: see [`Tl::fleet_pod`]).
    FleetPod(Rc<crate::fleet::Fleet>, usize),
}

impl Tl {
    /// The timeline of a run.
    pub fn own(t: Timeline) -> Tl {
        Tl(TlRc(Rc::new(TlOf::Own(t))))
    }

    /// The timeline of pod `i` of a fleet, if there is one.
    pub fn fleet_pod(f: &Rc<crate::fleet::Fleet>, i: usize) -> Option<Tl> {
        (i < f.pods.len()).then(|| Tl(TlRc(Rc::new(TlOf::FleetPod(f.clone(), i)))))
    }

    /// Its identity, for [`super::views::memo`]'s deps.
    pub fn id(&self) -> i64 {
        rc_id(&self.0 .0)
    }
}

impl std::ops::Deref for TlRc {
    type Target = Timeline;
    #[inline(never)]
    fn deref(&self) -> &Timeline {
        match &*self.0 {
            TlOf::Own(t) => t,
            TlOf::FleetPod(f, i) => &f.pods[*i].timeline,
        }
    }
}

impl PartialEq for Tl {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.0 .0, &o.0 .0)
    }
}

impl std::ops::Deref for Tl {
    type Target = Timeline;
    fn deref(&self) -> &Timeline {
        &self.0
    }
}

/// Height of one track row, px.
const ROW: f64 = 22.0;
/// Width of the label column, px (narrower on phones).
pub const LABEL_W: f64 = 178.0;
const LABEL_W_NARROW: f64 = 104.0;

/// A container track: its name and role.
#[derive(Clone, Debug, PartialEq)]
pub struct TrackInfo {
    pub name: String,
    /// `init`, `sidecar` or `app`.
    pub role: &'static str,
}

/// `1m30s`, `45s`, `2h`, `1.5s`: short labels for the axis and counters.
pub fn short_time(ms: i64) -> String {
    let neg = if ms < 0 { "-" } else { "" };
    let ms = ms.unsigned_abs();
    if ms < 10_000 && !ms.is_multiple_of(1000) {
        return format!("{neg}{}s", Fixed(ms as f64 / 1000.0, 1));
    }
    use std::fmt::Write as _;
    let s = ms / 1000;
    let mut out = String::from(neg);
    for (n, unit) in [(s / 86_400, 'd'), ((s / 3600) % 24, 'h'), ((s / 60) % 60, 'm')] {
        if n > 0 {
            let _ = write!(out, "{n}{unit}");
        }
    }
    let sec = s % 60;
    if sec > 0 || out.len() == neg.len() {
        let _ = write!(out, "{sec}s");
    }
    out
}

/// A "nice" tick step for a window of `span` ms drawn over `width` px (~1 tick per 90 px).
pub fn tick_step(span: i64, width: f64) -> i64 {
    const STEPS: [i64; 22] = [
        100,
        200,
        500,
        1_000,
        2_000,
        5_000,
        10_000,
        15_000,
        30_000,
        60_000,
        120_000,
        300_000,
        600_000,
        900_000,
        1_800_000,
        3_600_000,
        7_200_000,
        14_400_000,
        21_600_000,
        43_200_000,
        86_400_000,
        172_800_000,
    ];
    let want = (span as f64 / (width / 90.0).max(1.0)).max(1.0);
    STEPS.iter().copied().find(|s| *s as f64 >= want).unwrap_or(*STEPS.last().unwrap_or(&1))
}

/// Maps virtual time to x pixels for a window.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub from: i64,
    pub to: i64,
    /// Width of the plotting area (right of the labels), px.
    pub width: f64,
    /// Width of the label column, px.
    pub label: f64,
}

impl Scale {
    pub fn x(&self, t: i64) -> f64 {
        let span = (self.to - self.from).max(1) as f64;
        crate::float::clamp((t - self.from) as f64 / span * self.width, -10.0, self.width + 10.0)
    }
    pub fn t(&self, x: f64) -> i64 {
        let span = (self.to - self.from).max(1) as f64;
        self.from + (x / self.width.max(1.0) * span).round() as i64
    }
}

/// A container state's segment class (`seg` and its colour).
fn state_class(state: &str, reason: Option<&str>, exit: Option<i32>) -> &'static str {
    match state {
        "running" => "seg st-running",
        "terminated" if exit == Some(0) => "seg st-done",
        "terminated" => "seg st-failed",
        _ => match reason {
            Some("CrashLoopBackOff") | Some("ImagePullBackOff") | Some("ErrImagePull") => "seg st-backoff",
            Some(r) if r.contains("Error") || r.starts_with("Invalid") => "seg st-failed",
            _ => "seg st-waiting",
        },
    }
}

/// A pod phase's segment class (`seg` and its colour).
fn phase_class(phase: &str) -> &'static str {
    match phase {
        "Running" => "seg st-running",
        "Succeeded" => "seg st-done",
        "Failed" => "seg st-failed",
        "Unknown" => "seg st-backoff",
        _ => "seg st-waiting",
    }
}

/// A coordinate as drawn: one decimal.
#[inline(never)]
pub(super) fn f1(v: f64) -> String {
    fixed(v, 1)
}

/// A bar from `x0` to `x1` (at least `min` px wide) with its tooltip:
/// `<rect class x y width height><title>…</title></rect>`.
#[inline(never)]
fn bar(class: &'static str, x0: f64, x1: f64, min: f64, y: &'static str, height: &'static str, title: String) -> Html {
    bar_av(AttrValue::Static(class), x0, x1, min, y, height, title)
}

/// [`bar`] of a computed class (the Rollout's and the Traffic panel's lanes too).
#[inline(never)]
pub(super) fn bar_av(
    class: AttrValue,
    x0: f64,
    x1: f64,
    min: f64,
    y: &'static str,
    height: &'static str,
    title: String,
) -> Html {
    el("rect")
        .av("class", class)
        .at("x", f1(x0))
        .a("y", y)
        .at("width", f1((x1 - x0).max(min)))
        .a("height", height)
        .e(el("title").ts(title))
        .h()
}

/// A label inside a segment, if there is room (about 7 px per character).
fn seg_label(x0: f64, x1: f64, y: f64, text: &str) -> Html {
    let w = x1 - x0;
    if w < 24.0 {
        return Html::default();
    }
    let max = ((w - 6.0) / 7.0).floor() as usize;
    let shown: String = if text.chars().count() > max {
        text.chars().take(max.saturating_sub(1)).chain(std::iter::once('…')).collect()
    } else {
        text.to_string()
    };
    el("text").at("x", f1(x0 + 3.0)).at("y", f1(y + 15.0)).class("seg-label").ts(shown).h()
}

/// A probe result bucket: how many runs of each result fall in one pixel column.
#[derive(Default, Clone, Copy)]
struct Bucket {
    ok: u32,
    fail: u32,
    timeout: u32,
}

/// Up to this many container tracks are drawn in one SVG with the pod's tracks; a larger pod's
/// container tracks go in a scrolling list ([`track_list`]) that draws only the rows in view
/// (issue 7: a pod of 10,000 containers made 300,000 elements and an 11 s render).
pub const INLINE_TRACKS: usize = 40;
/// Rows visible at once in the scrolling list, and rows drawn beyond each edge of the view.
const LIST_ROWS: usize = 16;
const LIST_MARGIN: usize = 16;
/// The list's drawn range moves in steps of this many rows (a scroll of a few pixels redraws
/// nothing; an even step keeps the rows' alternating background in place).
const LIST_STEP: usize = 8;

/// Where each track's items are in the timeline's series (positions, in order), built once
/// per timeline: a track reads its own items instead of filtering every series by name
/// (10,000 tracks × 30,000 intervals was 300 million name comparisons per draw).
#[derive(Default)]
pub struct TrackIndex {
    intervals: Vec<Vec<u32>>,
    hooks: Vec<Vec<u32>>,
    grace: Vec<Vec<u32>>,
    probes: Vec<Vec<u32>>,
    signals: Vec<Vec<u32>>,
}

impl TrackIndex {
    pub fn new(tl: &Timeline, tracks: &[TrackInfo]) -> TrackIndex {
        // Keyed by `String`, as the core's maps (each key/value type of a map is its own code in
        // the wasm): a name is copied once per track. The first track of a name keeps it.
        let mut by_name: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (i, t) in tracks.iter().enumerate() {
            // `get`, not `contains_key`: one lookup's code in the wasm for both.
            #[allow(clippy::unnecessary_get_then_check)]
            if by_name.get(t.name.as_str()).is_none() {
                by_name.insert(t.name.clone(), i);
            }
        }
        let n = tracks.len();
        fn fill<'a, T: 'a>(
            by_name: &std::collections::HashMap<String, usize>,
            n: usize,
            items: &'a [T],
            name: impl Fn(&'a T) -> &'a str,
        ) -> Vec<Vec<u32>> {
            let mut out = vec![Vec::new(); n];
            for (k, it) in items.iter().enumerate() {
                if let Some(&i) = by_name.get(name(it)) {
                    out[i].push(k as u32);
                }
            }
            out
        }
        TrackIndex {
            intervals: fill(&by_name, n, &tl.containers, |x| x.container.as_str()),
            hooks: fill(&by_name, n, &tl.hooks, |x| x.container.as_str()),
            grace: fill(&by_name, n, &tl.grace, |x| x.container.as_str()),
            probes: fill(&by_name, n, &tl.probes, |x| x.container.as_str()),
            signals: fill(&by_name, n, &tl.signals, |x| x.container.as_str()),
        }
    }
}

/// A shared [`TrackIndex`], compared by identity.
#[derive(Clone)]
pub struct Idx(pub Rc<TrackIndex>);

impl PartialEq for Idx {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.0, &o.0)
    }
}

/// The items of track `k` in `items`, in order.
fn of<'a, T>(ix: &'a [Vec<u32>], k: usize, items: &'a [T]) -> impl Iterator<Item = &'a T> + 'a {
    ix.get(k).map_or(&[][..], Vec::as_slice).iter().filter_map(move |&i| items.get(i as usize))
}

/// One row of the drawing: its label, its class (`row …`) and its content.
type Row = (String, &'static str, Html);

/// `<g>` of a segment and its label.
fn pair(seg: Html, label: Html) -> Html {
    el("g").c(seg).c(label).h()
}

/// `<path class d><title>…</title></path>`: a run of marks with one tooltip.
#[inline(never)]
fn path(class: &'static str, d: String, tip: String) -> Html {
    el("path").a("class", class).at("d", d).e(el("title").ts(tip)).h()
}

/// What the drawing of the tracks depends on.
pub struct TracksProps {
    pub timeline: Tl,
    pub tracks: Rc<Vec<TrackInfo>>,
    pub index: Idx,
    pub scale: Scale,
    pub lang: Lang,
}

/// The static part of the timeline (everything but the playhead): one SVG for a pod of at most
/// [`INLINE_TRACKS`] containers; above that the pod's rows, the scrolling [`track_list`], then
/// the events and the axis. Drawn through [`memo`] by [`timeline_view`], again only when its
/// props change (a plain function: each component type costs the wasm a copy of Yew's lifecycle).
fn tracks(props: &TracksProps) -> Html {
    let tl = &props.timeline;
    let sc = props.scale;
    let lang = props.lang;
    let mut rows = pod_rows(tl, sc, lang);
    for (k, track) in props.tracks.iter().enumerate() {
        rows.push(container_row(tl, &props.index.0, k, track, sc, lang));
    }
    rows.push(events_row(tl, sc, lang));
    draw_rows(&rows, sc, "Timeline of the pod and its containers; see the text version below", Some(&axis_ticks(sc)))
}

/// Above [`INLINE_TRACKS`] containers: the pod's rows (`top`), or the events and the axis.
fn tracks_part(props: &TracksProps, top: bool) -> Html {
    let (tl, sc, lang) = (&props.timeline, props.scale, props.lang);
    if top {
        draw_rows(
            &pod_rows(tl, sc, lang),
            sc,
            "Timeline of the pod; the containers' tracks are in the list below",
            None,
        )
    } else {
        let foot = vec![events_row(tl, sc, lang)];
        draw_rows(&foot, sc, "Events of the pod over time, and the time axis", Some(&axis_ticks(sc)))
    }
}

/// The kubectl STATUS, phase and condition rows.
fn pod_rows(tl: &Timeline, sc: Scale, lang: Lang) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new(); // (label, class, content)
    let end = tl.until_ms;

    // kubectl STATUS and phase.
    let mut status_segs = Vec::new();
    let mut phase_segs = Vec::new();
    for (i, s) in tl.status.iter().enumerate() {
        let next = tl.status.get(i + 1).map_or(end, |n| n.t_ms);
        if next < sc.from || s.t_ms > sc.to {
            continue;
        }
        let (x0, x1) = (sc.x(s.t_ms), sc.x(next));
        let label = if s.deleted { "<deleted>".to_string() } else { format!("{} {}", s.status, s.ready) };
        let class = if s.deleted { "seg st-gone" } else { phase_class(&s.phase) };
        let tip = format!(
            "{} · READY {} · RESTARTS {} · phase {} (from {})",
            s.status,
            s.ready,
            s.restarts,
            s.phase,
            short_time(s.t_ms)
        );
        status_segs.push(pair(bar(class, x0, x1, 1.0, "2", "18", tip), seg_label(x0, x1, 0.0, &label)));
        if !s.deleted {
            let tip = format!("phase {}", s.phase);
            let class = phase_class(&s.phase);
            phase_segs.push(pair(bar(class, x0, x1, 1.0, "2", "18", tip), seg_label(x0, x1, 0.0, &s.phase)));
        }
    }
    rows.push(("kubectl STATUS".into(), "row track-pod", frag(status_segs)));
    rows.push((t(lang, T::Phase).into(), "row track-pod", frag(phase_segs)));

    // Conditions: one row each, True filled, False outlined.
    for cond in ["PodScheduled", "PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready"] {
        let changes: Vec<_> = tl.conditions.iter().filter(|c| c.type_ == cond).collect();
        let mut segs = Vec::new();
        for (i, c) in changes.iter().enumerate() {
            let next = changes.get(i + 1).map_or(end, |n| n.t_ms);
            if next < sc.from || c.t_ms > sc.to {
                continue;
            }
            let (x0, x1) = (sc.x(c.t_ms), sc.x(next));
            let class = if c.status == "True" { "seg cond-true" } else { "seg cond-false" };
            let tip = format!(
                "{cond}={} from {}{}",
                c.status,
                short_time(c.t_ms),
                c.reason.as_ref().map(|r| format!(" ({r})")).unwrap_or_default()
            );
            let label = if c.status == "True" {
                Html::default()
            } else {
                seg_label(x0, x1, 0.0, c.reason.as_deref().unwrap_or("False"))
            };
            segs.push(pair(bar(class, x0, x1, 1.0, "5", "12", tip), label));
        }
        rows.push((cond.into(), "row track-cond", frag(segs)));
    }
    rows
}

/// The row of container track `k`: states, readiness, hooks, grace windows, probes, signals.
fn container_row(tl: &Timeline, ix: &TrackIndex, k: usize, track: &TrackInfo, sc: Scale, lang: Lang) -> Row {
    let w = sc.width;
    let end = tl.until_ms;
    {
        let name = &track.name;
        let mut content = Vec::new();
        for iv in of(&ix.intervals, k, &tl.containers) {
            let to = iv.to_ms.unwrap_or(end);
            if to < sc.from || iv.from_ms > sc.to {
                continue;
            }
            let (x0, x1) = (sc.x(iv.from_ms), sc.x(to));
            let label = match (&iv.state[..], &iv.reason, iv.exit_code) {
                ("terminated", Some(r), Some(c)) => format!("{r} ({c})"),
                (_, Some(r), _) => r.clone(),
                (s, None, _) => s.to_string(),
            };
            let tip = format!(
                "{name}: {label} from {} to {}{} · restarts {}",
                short_time(iv.from_ms),
                iv.to_ms.map_or_else(|| "the end".to_string(), short_time),
                if iv.ready { " · ready" } else { "" },
                iv.restart_count
            );
            let class = state_class(&iv.state, iv.reason.as_deref(), iv.exit_code);
            let ready =
                if iv.ready { bar("ready-bar", x0, x1, 1.0, "18", "3", "ready".to_string()) } else { Html::default() };
            content.push(
                el("g").c(bar(class, x0, x1, 1.0, "4", "14", tip)).c(seg_label(x0, x1, 0.0, &label)).c(ready).h(),
            );
        }
        // Hooks.
        for h in of(&ix.hooks, k, &tl.hooks) {
            let to = h.to_ms.unwrap_or(h.waited_until_ms);
            if to < sc.from || h.from_ms > sc.to {
                continue;
            }
            let (x0, x1) = (sc.x(h.from_ms), sc.x(to.max(h.from_ms)));
            let tip = format!(
                "{} {} → {}{}",
                h.hook,
                short_time(h.from_ms),
                h.to_ms.map_or_else(|| "killed".to_string(), short_time),
                if h.output.is_empty() { String::new() } else { format!(": {}", h.output) }
            );
            content.push(bar(if h.ok { "hook hook-ok" } else { "hook hook-fail" }, x0, x1, 2.0, "0", "4", tip));
        }
        // Grace windows: from the stop to the SIGKILL deadline.
        for g in of(&ix.grace, k, &tl.grace) {
            if g.kill_ms < sc.from || g.from_ms > sc.to {
                continue;
            }
            let (x0, x1) = (sc.x(g.from_ms), sc.x(g.kill_ms));
            let tip = format!(
                "{} {}s: {} → SIGKILL deadline {}",
                t(lang, T::GraceWindow),
                g.grace_seconds,
                short_time(g.from_ms),
                short_time(g.kill_ms)
            );
            content.push(bar("grace", x0, x1, 1.0, "1", "20", tip));
        }
        // Probe runs, aggregated per 3-px bucket.
        let buckets_n = (w / 3.0).ceil().max(1.0) as usize;
        let mut buckets = vec![Bucket::default(); buckets_n];
        let mut any_probe = false;
        for p in of(&ix.probes, k, &tl.probes).filter(|p| p.t_ms >= sc.from && p.t_ms <= sc.to) {
            any_probe = true;
            let b = ((sc.x(p.t_ms) / 3.0) as usize).min(buckets_n - 1);
            match p.result.as_str() {
                "success" => buckets[b].ok += 1,
                "timeout" => buckets[b].timeout += 1,
                _ => buckets[b].fail += 1,
            }
        }
        if any_probe {
            // One 2-px mark per non-empty bucket, coloured by its worst result. Adjacent marks of
            // the same kind are drawn as one <path> (one subpath per mark, the same pixels), so a
            // track of 1 s probes is a few DOM nodes rather than one per 3 px: the first render
            // of a 10-container pod was dominated by creating thousands of <rect>s.
            let kind = |b: &Bucket| {
                if b.fail > 0 {
                    ("probe probe-fail", 9.0)
                } else if b.timeout > 0 {
                    ("probe probe-timeout", 7.0)
                } else {
                    ("probe probe-ok", 5.0)
                }
            };
            let mut i = 0;
            while i < buckets.len() {
                if buckets[i].ok + buckets[i].fail + buckets[i].timeout == 0 {
                    i += 1;
                    continue;
                }
                let (class, h) = kind(&buckets[i]);
                let (mut d, mut sum) = (String::new(), Bucket::default());
                while let Some(b) = buckets.get(i).filter(|b| b.ok + b.fail + b.timeout > 0 && kind(b).0 == class) {
                    use std::fmt::Write as _;
                    let _ = write!(d, "M{} {}h2v{}h-2z", Fixed(i as f64 * 3.0, 1), Fixed(ROW - h, 1), Fixed(h, 1));
                    sum.ok += b.ok;
                    sum.fail += b.fail;
                    sum.timeout += b.timeout;
                    i += 1;
                }
                let tip = format!("probes: {} ok, {} failed, {} timed out", sum.ok, sum.fail, sum.timeout);
                content.push(path(class, d, tip));
            }
        }
        // Signals.
        for s in of(&ix.signals, k, &tl.signals).filter(|s| s.t_ms >= sc.from && s.t_ms <= sc.to) {
            let x = sc.x(s.t_ms);
            let kill = s.signal == "SIGKILL";
            content.push(
                el("g")
                    .a("class", if kill { "sig sig-kill" } else { "sig sig-term" })
                    .e(el("line").at("x1", f1(x)).at("x2", f1(x)).a("y1", "0").a("y2", "22"))
                    .e(el("text")
                        .at("x", f1(x + 2.0))
                        .a("y", "9")
                        .class("sig-label")
                        .t(if kill { "✕ KILL" } else { "▼ " })
                        .ts(if kill { String::new() } else { s.signal.trim_start_matches("SIG").to_string() }))
                    .e(el("title").ts(format!("{} at {}", s.signal, short_time(s.t_ms))))
                    .h(),
            );
        }
        // `role` is one of `init`, `sidecar`, `app` (TrackInfo).
        let (mark, class) = match track.role {
            "init" => ("⧗", "row track-container role-init"),
            "sidecar" => ("⇄", "row track-container role-sidecar"),
            _ => ("▣", "row track-container role-app"),
        };
        (format!("{mark} {name}"), class, frag(content))
    }
}

/// The events row.
fn events_row(tl: &Timeline, sc: Scale, lang: Lang) -> Row {
    // Events: Warning taller and marked, Normal small. A lone event is one mark with its own
    // text; events closer than 3 px (a crash loop's Unhealthy/Killing/BackOff over minutes) are
    // grouped per 3-px column, and adjacent columns of the same type are drawn as one <path>
    // whose title counts the reasons: a few nodes instead of one <rect> + <title> per event
    // (1,650 of them made the first render of a 10-container pod a long task).
    let mut ev = Vec::new();
    let shown: Vec<&crate::engine::timeline::Event> =
        tl.events.iter().filter(|e| e.t_ms >= sc.from && e.t_ms <= sc.to).collect();
    let col = |e: &crate::engine::timeline::Event| (sc.x(e.t_ms).max(0.0) / 3.0) as i64;
    let mut i = 0;
    while i < shown.len() {
        let warn = shown[i].type_ == "Warning";
        // A run: consecutive events of the same type whose columns are at most one apart.
        let mut j = i + 1;
        while j < shown.len() && (shown[j].type_ == "Warning") == warn && col(shown[j]) - col(shown[j - 1]) <= 1 {
            j += 1;
        }
        let (y, h) = if warn { (3, 16) } else { (8, 10) };
        let class = if warn { "ev ev-warn" } else { "ev ev-normal" };
        if j == i + 1 {
            let e = shown[i];
            let tip = format!("{} {} {} {}: {}", short_time(e.t_ms), e.type_, e.reason, e.object, e.message);
            let (ys, hs) = if warn { ("3", "16") } else { ("8", "10") };
            ev.push(
                el("rect")
                    .a("class", class)
                    .at("x", f1(sc.x(e.t_ms) - 1.0))
                    .a("y", ys)
                    .a("width", "3")
                    .a("height", hs)
                    .e(el("title").ts(tip))
                    .h(),
            );
        } else {
            use std::fmt::Write as _;
            let run = &shown[i..j];
            let (mut d, mut last_col) = (String::new(), i64::MIN);
            let mut reasons: Vec<(&str, usize)> = Vec::new();
            for e in run {
                let c = col(e);
                if c != last_col {
                    let _ = write!(d, "M{} {y}h3v{h}h-3z", Fixed(c as f64 * 3.0, 1));
                    last_col = c;
                }
                match reasons.iter_mut().find(|(r, _)| *r == e.reason) {
                    Some((_, n)) => *n += 1,
                    None => reasons.push((&e.reason, 1)),
                }
            }
            // A few events keep their own lines; a dense run is summarised by reason.
            let tip = if run.len() <= 5 {
                let lines: Vec<String> = run
                    .iter()
                    .map(|e| format!("{} {} {} {}: {}", short_time(e.t_ms), e.type_, e.reason, e.object, e.message))
                    .collect();
                lines.join("\n")
            } else {
                let counts: Vec<String> = reasons.iter().map(|(r, n)| format!("{r} ×{n}")).collect();
                format!(
                    "{}–{} {}: {}",
                    short_time(run[0].t_ms),
                    short_time(run[run.len() - 1].t_ms),
                    run[0].type_,
                    counts.join(", ")
                )
            };
            ev.push(path(class, d, tip));
        }
        i = j;
    }
    (t(lang, T::Events).split(' ').next().unwrap_or("Events").to_string(), "row track-events", frag(ev))
}

/// The time axis' ticks.
fn axis_ticks(sc: Scale) -> Vec<Html> {
    let w = sc.width;
    // Axis ticks.
    let step = tick_step(sc.to - sc.from, w);
    let first = (sc.from.max(0) + step - 1) / step * step;
    let mut ticks = Vec::new();
    let mut tt = first;
    while tt <= sc.to && ticks.len() < 200 {
        let x = sc.x(tt);
        ticks.push(
            el("g")
                .class("tick")
                .e(el("line").at("x1", f1(x)).at("x2", f1(x)).a("y1", "0").a("y2", "5"))
                .e(el("text").at("x", f1(x)).a("y", "16").a("text-anchor", "middle").ts(short_time(tt)))
                .h(),
        );
        tt += step;
    }
    ticks
}

/// One SVG of `rows`, then the axis when `ticks` are given.
fn draw_rows(rows: &[Row], sc: Scale, aria: &str, ticks: Option<&[Html]>) -> Html {
    let w = sc.width;
    let height = rows.len() as f64 * ROW + if ticks.is_some() { 22.0 } else { 0.0 };
    let label_w = sc.label;
    let axis = ticks.map(|ticks| {
        el("g")
            .class("axis")
            .at("transform", format!("translate({} {})", Shortest(label_w), Fixed(rows.len() as f64 * ROW, 0)))
            .cs(ticks.iter().cloned())
            .h()
    });
    el("svg")
        .class("tracks")
        .at("width", fixed(w + label_w, 0))
        .at("height", fixed(height, 0))
        .a("role", "img")
        .at("aria-label", aria.to_string())
        .cs(rows.iter().enumerate().map(|(i, row)| row_g(i, row, sc)))
        .c(axis.unwrap_or_default())
        .h()
}

/// A row drawn `i` rows down: background, label (shortened to fit, whole in its tooltip), content.
fn row_g(i: usize, (label, class, content): &Row, sc: Scale) -> Html {
    let w = sc.width;
    let label_w = sc.label;
    let max_chars = ((label_w - 6.0) / 6.6).max(4.0) as usize;
    let fit = |l: &str| -> String {
        if l.chars().count() <= max_chars {
            l.to_string()
        } else {
            l.chars().take(max_chars - 1).chain(std::iter::once('…')).collect()
        }
    };
    let y = i as f64 * ROW;
    el("g")
        .a("class", class)
        .at("transform", format!("translate(0 {})", Fixed(y, 0)))
        .e(el("rect")
            .class("row-bg")
            .at("x", Shortest(label_w).to_string())
            .a("y", "0")
            .at("width", fixed(w, 0))
            .a("height", "22"))
        .e(el("text").class("row-label").a("x", "4").a("y", "15").ts(fit(label)).e(el("title").ts(label.clone())))
        .e(el("g").at("transform", format!("translate({} 0)", Shortest(label_w))).c(content.clone()))
        .h()
}

/// A large pod's container tracks: a scrolling box as tall as [`LIST_ROWS`] rows over a
/// spacer as tall as every track, in which only the rows in view (± [`LIST_MARGIN`]) are drawn,
/// and a filter by name. Keyboard: the box takes focus and scrolls with ↑/↓, Page Up/Down;
/// its label says which tracks are in view, and the text version below the timeline has all.
/// Its state (the first row in view, the filter) is the timeline's ([`Tv`]), whose
/// `set` changes it; drawn through [`memo`], again when it or the drawing's props change.
fn track_list(
    p: &TracksProps,
    first: usize,
    filter: &str,
    set: &UseReducerDispatcher<super::Ui>,
    list_ref: &NodeRef,
) -> Html {
    let lang = p.lang;
    // The tracks the filter keeps (all of them without one), as positions in `p.tracks`.
    // ASCII folding: container names are DNS labels (lowercase ASCII).
    let f = filter.trim().to_ascii_lowercase();
    let mut shown: Vec<usize> = Vec::new();
    for (i, t) in p.tracks.iter().enumerate() {
        if f.is_empty() || t.name.to_ascii_lowercase().contains(&f) {
            shown.push(i);
        }
    }
    let n = shown.len();
    let start = first.saturating_sub(LIST_MARGIN).min(n);
    let stop = (first + LIST_ROWS + LIST_MARGIN).min(n);
    // A scroll within the same row step changes nothing (`Tv::reduce`).
    let onscroll = {
        let (set, filter) = (set.clone(), filter.to_string());
        Callback::from(move |e: Event| {
            let el: web_sys::Element = e.target_unchecked_into();
            let row = (el.scroll_top().max(0) as f64 / ROW) as usize;
            set.dispatch(super::Set::Tv(TvSet::List(row / LIST_STEP * LIST_STEP, filter.clone())));
        })
    };
    let oninput = {
        let (set, list_ref) = (set.clone(), list_ref.clone());
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            set.dispatch(super::Set::Tv(TvSet::List(0, el.value())));
            if let Some(l) = list_ref.cast::<web_sys::Element>() {
                l.set_scroll_top(0);
            }
        })
    };
    // The filter field is not part of the drawing: a click in it must not move the playhead.
    let keep = Callback::from(|e: PointerEvent| e.stop_propagation());
    let sc = p.scale;
    let mut rows: Vec<Row> = Vec::new();
    for &k in &shown[start..stop] {
        if let Some(t) = p.tracks.get(k) {
            rows.push(container_row(&p.timeline, &p.index.0, k, t, sc, lang));
        }
    }
    let in_view =
        if n == 0 { String::new() } else { format!("{}–{}", (first + 1).min(n), (first + LIST_ROWS).min(n)) };
    let label = format!("{} {in_view} / {n}", t(lang, T::ContainerTracks));
    // The names in view, joined with ", ".
    let (mut names, mut sep) = (String::new(), "");
    for &k in &shown[first.min(n)..(first + LIST_ROWS).min(n)] {
        if let Some(t) = p.tracks.get(k) {
            names.push_str(sep);
            names.push_str(&t.name);
            sep = ", ";
        }
    }
    el("div")
        .class("track-list-box")
        .testid("track-list")
        .e(el("div")
            .class("track-filter")
            .on(Rc::new(yew::html::onpointerdown::Wrapper::new(keep)))
            .e(el("label").e(el("span").t(t(lang, T::FilterContainers))).e(el("input")
                .a("type", "search")
                .oninput(oninput)
                .value(filter.to_string())
                .testid("track-filter")))
            .e(el("span").class("muted").a("role", "status").ts(format!(
                "{n} / {} {}",
                p.tracks.len(),
                t(lang, T::ContainersWord)
            ))))
        .e(el("div")
            .class("track-list")
            .node_ref(list_ref.clone())
            .a("tabindex", "0")
            .a("role", "region")
            .at("aria-label", label.clone())
            .on(Rc::new(yew::html::onscroll::Wrapper::new(onscroll)))
            .at("style", format!("max-height:{}px", Fixed(LIST_ROWS as f64 * ROW, 0)))
            .e(el("div").class("track-list-in").at("style", format!("height:{}px", Fixed(n as f64 * ROW, 0))).e(el(
                "svg",
            )
            .class("tracks tracks-list")
            .at("width", fixed(sc.width + sc.label, 0))
            .at("height", fixed(rows.len() as f64 * ROW, 0))
            .at("style", format!("top:{}px", Fixed(start as f64 * ROW, 0)))
            .a("role", "img")
            .at("aria-label", format!("{label}: {names}"))
            .cs(rows.iter().enumerate().map(|(i, row)| row_g(i, row, sc))))))
        .h()
}

/// What the timeline shows and does.
pub struct TimelineViewProps {
    pub timeline: Tl,
    pub tracks: Rc<Vec<TrackInfo>>,
    /// Where each track's items are (made with the simulation).
    pub index: Idx,
    /// Visible window.
    pub view: (i64, i64),
    pub playhead: i64,
    pub lang: Lang,
    pub on_seek: Callback<i64>,
    pub on_view: Callback<(i64, i64)>,
}

/// The timeline's state ([`timeline_view`]), in one hook of the page (each hook is its own copy
/// of Yew's hook code): back to [`Tv::default`] whenever the timeline leaves the page.
#[derive(Clone)]
pub struct Tv {
    /// The plotting width and the label column's, measured.
    width: f64,
    label: f64,
    /// A drag is under way.
    dragging: Rc<std::cell::Cell<bool>>,
    /// The track list's first row in view and filter (a pod of more than [`INLINE_TRACKS`]
    /// containers; back to their start whenever the list leaves the page), and a count of their
    /// changes (the list's memo compares it instead of the filter).
    first: usize,
    filter: String,
    changes: u64,
    node: NodeRef,
    list_ref: NodeRef,
}

/// A change to [`Tv`].
pub enum TvSet {
    Width(f64, f64),
    List(usize, String),
    /// The timeline left the page.
    Reset,
}

impl Default for Tv {
    fn default() -> Tv {
        Tv {
            width: 800.0,
            label: LABEL_W,
            dragging: Rc::default(),
            first: 0,
            filter: String::new(),
            changes: 0,
            node: NodeRef::default(),
            list_ref: NodeRef::default(),
        }
    }
}

impl Tv {
    /// Still as [`Tv::default`] made it (nothing measured, scrolled, filtered or dragged).
    pub fn is_new(&self) -> bool {
        self.width == 800.0
            && self.label == LABEL_W
            && self.first == 0
            && self.filter.is_empty()
            && self.changes == 0
            && !self.dragging.get()
    }
}

/// Measures the timeline's width now and whenever the window is resized, while the returned
/// listener lives (the page's effect keeps it while the timeline is on the page).
pub(super) fn watch_width(ui: UseReducerHandle<super::Ui>) -> Option<gloo_events_like::Listener> {
    let node = ui.tv.node.clone();
    let measure = move || {
        if let Some(el) = node.cast::<HtmlElement>() {
            let total = el.client_width() as f64;
            let label = if total < 600.0 { LABEL_W_NARROW } else { LABEL_W };
            let w = (total - label - 8.0).max(160.0);
            if (w - ui.tv.width).abs() > 1.0 || label != ui.tv.label {
                ui.dispatch(super::Set::Tv(TvSet::Width(w, label)));
            }
        }
    };
    measure();
    gloo_events_like::on_resize(measure)
}

impl Reducible for Tv {
    type Action = TvSet;

    fn reduce(self: Rc<Self>, action: TvSet) -> Rc<Self> {
        let mut v = (*self).clone();
        match action {
            TvSet::Width(w, label) => {
                v.width = w;
                v.label = label;
            }
            // Draws again only when it changes (as `use_state_eq` did).
            TvSet::List(first, filter) if first == self.first && filter == self.filter => return self,
            TvSet::List(first, filter) => {
                v.first = first;
                v.filter = filter;
                v.changes += 1;
            }
            TvSet::Reset if self.is_new() => return self,
            TvSet::Reset => return Rc::default(),
        }
        Rc::new(v)
    }
}

/// The timeline with its playhead, click/drag to scrub, Ctrl+wheel to zoom, Shift+wheel to pan.
/// A plain function of the page (each component type costs the wasm a copy of Yew's lifecycle),
/// over its state `tv` (changed through `set`), whose width [`watch_width`] keeps measured.
pub(super) fn timeline_view(props: &TimelineViewProps, tv: &Tv, set: &UseReducerDispatcher<super::Ui>) -> Html {
    let node = tv.node.clone();
    let sc = Scale { from: props.view.0, to: props.view.1, width: tv.width, label: tv.label };
    let index = props.index.clone();
    let dragging = tv.dragging.clone();
    let big = props.tracks.len() > INLINE_TRACKS;
    // The list left the page (a pod of fewer containers): it comes back from its start.
    if !big && (tv.first != 0 || !tv.filter.is_empty()) {
        set.dispatch(super::Set::Tv(TvSet::List(0, String::new())));
    }

    // Down starts a drag and seeks, a move while dragging seeks, up and leave end it: one
    // callback for the four (a closure type each cost its own code).
    let pointer = {
        let on_seek = props.on_seek.clone();
        Callback::from(move |e: PointerEvent| {
            let kind = e.type_();
            let down = kind == "pointerdown";
            if down || kind == "pointermove" {
                if down {
                    dragging.set(true);
                }
                let x = e.offset_x() as f64 - sc.label;
                if dragging.get() && x >= 0.0 {
                    on_seek.emit(sc.t(x).clamp(0, i64::MAX));
                }
            } else {
                dragging.set(false);
            }
        })
    };
    let onwheel = {
        let on_view = props.on_view.clone();
        let end = props.timeline.until_ms.max(1000);
        Callback::from(move |e: WheelEvent| {
            let span = (sc.to - sc.from).max(1);
            if e.ctrl_key() || e.meta_key() {
                e.prevent_default();
                let x = e.offset_x() as f64 - sc.label;
                let at = sc.t(x.max(0.0));
                let factor = if e.delta_y() > 0.0 { 1.25 } else { 0.8 };
                let new_span = ((span as f64 * factor) as i64).clamp(1000, end);
                let left = at - ((at - sc.from) as f64 * new_span as f64 / span as f64) as i64;
                on_view.emit(clamp_view(left, new_span, end));
            } else if e.shift_key() || e.delta_x().abs() > e.delta_y().abs() {
                e.prevent_default();
                let d = if e.delta_x().abs() > 0.0 { e.delta_x() } else { e.delta_y() };
                let shift = (d / sc.width.max(1.0) * span as f64) as i64;
                on_view.emit(clamp_view(sc.from + shift, span, end));
            }
        })
    };
    let px = sc.x(props.playhead) + sc.label;
    let in_view = props.playhead >= sc.from && props.playhead <= sc.to;
    // The grace countdown, when the playhead is inside a grace window.
    let countdown = props
        .timeline
        .grace
        .iter()
        .find(|g| props.playhead >= g.from_ms && props.playhead < g.kill_ms)
        .map(|g| format!("{}: SIGKILL in {}", g.container, short_time(g.kill_ms - props.playhead)));
    let playhead = in_view.then(|| {
        el("div")
            .class("playhead")
            .at("style", format!("left:{}px", Fixed(px, 1)))
            .a("aria-hidden", "true")
            .e(el("span").class("playhead-time").ts(short_time(props.playhead)))
            .h()
    });
    el("div")
        .class("timeline")
        .node_ref(node)
        .on(Rc::new(yew::html::onpointerdown::Wrapper::new(pointer.clone())))
        .on(Rc::new(yew::html::onpointermove::Wrapper::new(pointer.clone())))
        .on(Rc::new(yew::html::onpointerup::Wrapper::new(pointer.clone())))
        .on(Rc::new(yew::html::onpointerleave::Wrapper::new(pointer)))
        .on(Rc::new(yew::html::onwheel::Wrapper::new(onwheel)))
        .c({
            // The drawing, again only when its props change: one SVG; above `INLINE_TRACKS`
            // containers the pod's rows, the scrolling list (again when it scrolls a row step or
            // is filtered) and the events with the axis.
            let lang = props.lang;
            let index_id = rc_id(&index.0);
            let deps = |view: i64| {
                vec![
                    view,
                    props.timeline.id(),
                    rc_id(&props.tracks),
                    index_id,
                    sc.from,
                    sc.to,
                    sc.width.to_bits() as i64,
                    sc.label.to_bits() as i64,
                    lang as i64,
                ]
            };
            let p = Rc::new(TracksProps {
                timeline: props.timeline.clone(),
                tracks: props.tracks.clone(),
                index,
                scale: sc,
                lang,
            });
            if big {
                let (p1, p2, p3) = (p.clone(), p.clone(), p);
                let mut list = deps(13);
                list.extend([tv.first as i64, tv.changes as i64]);
                let (first, filter, list_ref, set) = (tv.first, tv.filter.clone(), tv.list_ref.clone(), set.clone());
                frag(vec![
                    memo(deps(14), move || tracks_part(&p1, true)),
                    memo(list, move || track_list(&p2, first, &filter, &set, &list_ref)),
                    memo(deps(15), move || tracks_part(&p3, false)),
                ])
            } else {
                memo(deps(11), move || tracks(&p))
            }
        })
        .c(playhead.unwrap_or_default())
        .c(countdown.map(|c| el("div").class("countdown").a("role", "status").ts(c).h()).unwrap_or_default())
        .h()
}

/// A window of `span` starting near `left`, kept inside [0, end].
pub fn clamp_view(left: i64, span: i64, end: i64) -> (i64, i64) {
    let span = span.clamp(1, end.max(1));
    let left = left.clamp(0, (end - span).max(0));
    (left, left + span)
}

/// A tiny resize-listener helper (no extra crate).
pub(super) mod gloo_events_like {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    pub struct Listener {
        closure: Closure<dyn FnMut()>,
    }

    impl Drop for Listener {
        fn drop(&mut self) {
            if let Some(w) = web_sys::window() {
                let _ = w.remove_event_listener_with_callback("resize", self.closure.as_ref().unchecked_ref());
            }
        }
    }

    pub fn on_resize(f: impl FnMut() + 'static) -> Option<Listener> {
        let closure = Closure::<dyn FnMut()>::new(f);
        let w = web_sys::window()?;
        w.add_event_listener_with_callback("resize", closure.as_ref().unchecked_ref()).ok()?;
        Some(Listener { closure })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_times() {
        assert_eq!(short_time(0), "0s");
        assert_eq!(short_time(1500), "1.5s");
        assert_eq!(short_time(90_000), "1m30s");
        assert_eq!(short_time(3_600_000), "1h");
        assert_eq!(short_time(86_400_000 + 60_000), "1d1m");
    }

    #[test]
    fn ticks_and_views() {
        assert_eq!(tick_step(600_000, 900.0), 60_000);
        assert_eq!(tick_step(10_000, 900.0), 1_000);
        assert_eq!(clamp_view(-5, 100, 1000), (0, 100));
        assert_eq!(clamp_view(950, 100, 1000), (900, 1000));
        let s = Scale { from: 0, to: 1000, width: 100.0, label: LABEL_W };
        assert_eq!(s.x(500), 50.0);
        assert_eq!(s.t(25.0), 250);
    }
}
