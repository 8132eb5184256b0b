//! The "Traffic" panel (issue 6): what the clients of a Service see, in step with the
//! playhead. Counters up to the playhead and for the whole run, a per-second chart (served
//! above the line, failures below it on their own scale so that a handful among thousands
//! still shows), the first failure of each kind with its reason (a button that moves the
//! playhead there), and one lane per pod: its endpoint as the EndpointSlice says and as
//! kube-proxy acts on it, with the seconds in which requests to it failed. Everything is read
//! from [`crate::traffic::TrafficReport`]; the SVG is written by hand (no plotting crate).

use std::rc::Rc;

use yew::prelude::*;

use super::h::{el, frag};
use super::i18n::{tf, Lang, F};
use super::rollout::{key_item, lanes_playhead, not_simulated};
use super::timeline::{bar_av, short_time};
use super::views::{details, memo, rc_id};
use crate::float::Fixed as Fx;
use crate::traffic::{EndpointSpan, TrafficReport};

/// A shared report compared by identity.
#[derive(Clone)]
pub struct Tr(pub Rc<TrafficReport>);

impl PartialEq for Tr {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.0, &o.0)
    }
}

impl std::ops::Deref for Tr {
    type Target = TrafficReport;
    fn deref(&self) -> &TrafficReport {
        &self.0
    }
}

/// Counts of the first `done` buckets (served, refused, reset, to terminating): the counters at
/// the playhead, summed at each render (at most `traffic::MAX_BUCKETS` buckets; a memo hook of
/// its own would cost the wasm more than the few microseconds).
pub fn counts_before(r: &TrafficReport, done: usize) -> [u64; 4] {
    let mut acc = [0u64; 4];
    for b in &r.buckets[..done.min(r.buckets.len())] {
        acc[0] += u64::from(b.served);
        acc[1] += u64::from(b.refused);
        acc[2] += u64::from(b.reset);
        acc[3] += u64::from(b.to_terminating);
    }
    acc
}

/// How many buckets are over by `at` (a bucket counts once its whole second has passed).
pub fn buckets_done(r: &TrafficReport, at: i64) -> usize {
    let w = r.bucket_ms.max(1);
    r.buckets.partition_point(|b| b.t_ms.saturating_add(w) <= at)
}

/// At most this many pods' endpoint lanes are drawn (the fleet makes at most 300 pods; bare
/// pods behind the Service can be up to 1,000 more); the note under them says how many more.
const MAX_LANES: usize = 300;
const CHART_W: f64 = 1000.0;
const CHART_H: f64 = 160.0;
/// The baseline between served (above) and failed (below).
const MID: f64 = 100.0;

/// The buckets drawn for a window.
fn shown(r: &TrafficReport, (from, to): (i64, i64)) -> impl Iterator<Item = &crate::traffic::Bucket> {
    let w = r.bucket_ms.max(1);
    r.buckets.iter().filter(move |b| b.t_ms.saturating_add(w) > from && b.t_ms < to)
}

/// The chart's scales for a window: the most served and the most failed requests in a bucket.
fn maxima(r: &TrafficReport, view: (i64, i64)) -> (u32, u32) {
    let (mut served, mut failed) = (0, 0);
    for b in shown(r, view) {
        served = served.max(b.served);
        failed = failed.max(b.refused + b.reset);
    }
    (served, failed)
}

/// The chart's static part for a window: one path per series and the baseline, drawn again
/// only when the report or the window changes (a [`memo`]).
fn chart(report: &Tr, view: (i64, i64)) -> Html {
    let r = report.clone();
    memo(vec![24, rc_id(&report.0), view.0, view.1], move || {
        let d = chart_paths(&r, view);
        let path = |class: &'static str, d: String| el("path").class(class).at("d", d).h();
        let [served, refused, reset, term] = d;
        frag(vec![
            path("bar-served", served),
            path("bar-refused", refused),
            path("bar-reset", reset),
            path("bar-term", term),
            el("line")
                .class("baseline")
                .a("x1", "0")
                // CHART_W and MID
                .a("x2", "1000")
                .a("y1", "100")
                .a("y2", "100")
                .h(),
        ])
    })
}

/// The `d` of the served, refused, reset and to-terminating paths.
fn chart_paths(r: &TrafficReport, (from, to): (i64, i64)) -> [String; 4] {
    use std::fmt::Write as _;
    let span = (to - from).max(1) as f64;
    let x = |t: i64| crate::float::clamp((t - from) as f64 / span * CHART_W, 0.0, CHART_W);
    let w = r.bucket_ms.max(1);
    let (max_served, max_failed) = maxima(r, (from, to));
    let up = (MID - 4.0) / f64::from(max_served.max(1));
    let down = (CHART_H - MID - 4.0) / f64::from(max_failed.max(1));
    let (mut served, mut refused, mut reset, mut term) = (String::new(), String::new(), String::new(), String::new());
    for b in shown(r, (from, to)) {
        let (x0, x1) = (x(b.t_ms), x(b.t_ms.saturating_add(w)));
        let bw = (x1 - x0 - 0.3).max(0.6);
        if b.served > 0 {
            let h = f64::from(b.served) * up;
            let _ = write!(served, "M{} {}h{}v{}h-{}z", Fx(x0, 1), Fx(MID - h, 1), Fx(bw, 1), Fx(h, 1), Fx(bw, 1));
        }
        // Failures hang below the line, refused first then reset, at least 2 units tall each.
        let mut y = MID + 1.0;
        if b.refused > 0 {
            let h = (f64::from(b.refused) * down).max(2.0);
            let _ = write!(refused, "M{} {}h{}v{}h-{}z", Fx(x0, 1), Fx(y, 1), Fx(bw, 1), Fx(h, 1), Fx(bw, 1));
            y += h;
        }
        if b.reset > 0 {
            let h = (f64::from(b.reset) * down).max(2.0);
            let _ = write!(reset, "M{} {}h{}v{}h-{}z", Fx(x0, 1), Fx(y, 1), Fx(bw, 1), Fx(h, 1), Fx(bw, 1));
        }
        if b.to_terminating > 0 {
            let _ = write!(term, "M{} 0h{}v3h-{}z", Fx(x0, 1), Fx(bw, 1), Fx(bw, 1));
        }
    }
    [served, refused, reset, term]
}

fn span_class(s: &EndpointSpan) -> Option<&'static str> {
    let c = s.endpoint?;
    Some(if c.terminating {
        if c.serving {
            "ep-term-serving"
        } else {
            "ep-term"
        }
    } else if c.ready {
        "ep-ready"
    } else {
        "ep-notready"
    })
}

fn span_text(s: &EndpointSpan) -> String {
    match s.endpoint {
        None => "not in the EndpointSlice".to_string(),
        Some(c) => format!("ready={} serving={} terminating={}", c.ready, c.serving, c.terminating),
    }
}

/// One lane per pod behind the Service: the EndpointSlice's conditions (upper bar), kube-proxy's
/// view of them (lower bar), and a mark for each second with failed requests to the pod. Drawn
/// again only when the report, the window or the language changes (a [`memo`], not a component
/// type of its own: each costs the wasm a copy of Yew's lifecycle code).
fn endpoint_lanes(report: &Tr, view: (i64, i64), lang: Lang) -> Html {
    let r = report.clone();
    memo(vec![20, rc_id(&report.0), view.0, view.1, lang as i64], move || lanes_view(&r, view, lang))
}

fn lanes_view(r: &TrafficReport, view: (i64, i64), lang: Lang) -> Html {
    let (from, to) = view;
    let span = (to - from).max(1) as f64;
    let x = |t: i64| crate::float::clamp((t - from) as f64 / span * 1000.0, -1.0, 1001.0);
    let w = r.bucket_ms.max(1);
    let bar = |spans: &[EndpointSpan], y: &'static str| -> Html {
        frag(
            spans
                .iter()
                .filter_map(|s| {
                    let class = span_class(s)?;
                    let a = s.from_ms.max(r.from_ms.min(from));
                    let b = s.to_ms.unwrap_or(r.until_ms);
                    if b < from || a > to {
                        return None;
                    }
                    let (x0, x1) = (x(a), x(b));
                    let title = format!(
                        "{} → {}: {}",
                        short_time(a),
                        s.to_ms.map_or_else(|| "the end".to_string(), short_time),
                        span_text(s)
                    );
                    Some(bar_av(AttrValue::Static(class), x0, x1, 1.0, y, "7", title))
                })
                .collect(),
        )
    };
    let lanes = r.pods.iter().take(MAX_LANES).map(|pod| {
        let mut fails = String::new();
        let mut failed = 0u64;
        for (i, n) in pod.failed.iter().enumerate() {
            if *n == 0 {
                continue;
            }
            failed += u64::from(*n);
            if let Some(b) = r.buckets.get(i) {
                if b.t_ms.saturating_add(w) > from && b.t_ms < to {
                    use std::fmt::Write as _;
                    let x0 = x(b.t_ms);
                    let _ = write!(
                        fails,
                        "M{} 16h{}v4h-{}z",
                        Fx(x0, 1),
                        Fx((x(b.t_ms + w) - x0).max(2.0), 1),
                        Fx((x(b.t_ms + w) - x0).max(2.0), 1)
                    );
                }
            }
        }
        let served: u64 = pod.served.iter().map(|n| u64::from(*n)).sum();
        let label = format!("{}: {} {}, {} {}", pod.name, served, tf(lang, F::Served), failed, tf(lang, F::FailedKey));
        el("li")
            .class("ep-lane")
            .testid("endpoint-lane")
            .at("data-pod", pod.name.clone())
            .e(el("span").class("lane-name").at("title", label.clone()).ts(pod.name.clone()))
            .e(el("svg")
                .class("lane-bar")
                .a("viewBox", "0 0 1000 20")
                .a("preserveAspectRatio", "none")
                .a("role", "img")
                .at("aria-label", label)
                .c(bar(&pod.endpoint, "0"))
                .c(bar(&pod.proxy, "8"))
                .opt((!fails.is_empty()).then(|| el("path").class("ep-failed").at("d", fails).h())))
            .h()
    });
    frag(vec![
        el("ol").class("lanes-list ep-lanes").cs(lanes).h(),
        if r.pods.len() > MAX_LANES {
            el("p")
                .class("not-listed muted")
                .ts(format!("{} {}", tf(lang, F::LanesNotShown), r.pods.len() - MAX_LANES))
                .h()
        } else {
            frag(Vec::new())
        },
    ])
}

/// The whole Traffic panel at fleet time `at` over the visible window `view` (fleet ms). `open`:
/// its text version is open (kept by the page: `on_open` reports the `<details>`' new state,
/// and the page closes it whenever the panel leaves the page). A plain function drawn through
/// [`memo`] (each component type costs the wasm its own copy of Yew's lifecycle), again when one
/// of these changes; `on_seek` and `on_open` only dispatch to the page's reducer.
pub fn traffic_panel(
    report: &Tr,
    at: i64,
    view: (i64, i64),
    lang: Lang,
    open: bool,
    on_seek: &Callback<i64>,
    on_open: &Callback<bool>,
) -> Html {
    let (r, on_seek, on_open) = (report.clone(), on_seek.clone(), on_open.clone());
    let deps = vec![25, rc_id(&report.0), at, view.0, view.1, lang as i64, open as i64];
    memo(deps, move || panel(&r, at, view, lang, open, &on_seek, &on_open))
}

fn panel(
    report: &Tr,
    at: i64,
    view: (i64, i64),
    lang: Lang,
    text_open: bool,
    on_seek: &Callback<i64>,
    on_open: &Callback<bool>,
) -> Html {
    let r = report;
    let done = buckets_done(r, at);
    let now = counts_before(r, done);
    let (max_served, max_failed) = maxima(r, view);
    let t = &r.totals;
    let (from, to) = view;
    let px = crate::float::clamp((at - from) as f64 / (to - from).max(1) as f64 * CHART_W, 0.0, CHART_W);
    let in_view = at >= from && at <= to;
    let row = |key: F, class: &'static str, now: u64, all: u64, id: &'static str| {
        el("tr")
            .class(class)
            .e(el("th").a("scope", "row").t(tf(lang, key)))
            .e(el("td").at("data-testid", format!("now-{id}")).ts(now.to_string()))
            .e(el("td").at("data-testid", format!("all-{id}")).ts(all.to_string()))
            .h()
    };
    let failed_now = now[1] + now[2];
    let summary = format!(
        "{}: {} {}, {} {}, {} {}, {} {}; {} {} {}",
        tf(lang, F::ChartLabel),
        t.requests,
        tf(lang, F::Requests),
        t.served,
        tf(lang, F::Served),
        t.refused,
        tf(lang, F::Refused),
        t.reset,
        tf(lang, F::Reset),
        max_served,
        "/s max,",
        r.first_failures.first().map_or(String::new(), |f| format!("first failure at {}", short_time(f.t_ms)))
    );
    let key = |class: &'static str, label: String| el("span").class(class).ts(label);
    let swatch = |class: &'static str, k: F| key_item(class, tf(lang, k));
    let heading = el("h3")
        .t(tf(lang, F::Traffic))
        .t(" ")
        .e(el("code").ts(format!("service/{}:{} → {}", r.service, r.port, r.target_port)))
        .t(" ")
        .e(el("span")
            .class(if r.failed() > 0 { "badge err" } else { "badge ok" })
            .testid("traffic-badge")
            .ts(format!("{} / {} {}", r.failed(), t.requests, tf(lang, F::FailedKey))));
    let counters = el("table")
        .class("counters")
        .testid("traffic-counters")
        .e(el("thead").e(el("tr")
            .e(el("th"))
            .e(el("th").a("scope", "col").ts(format!(
                "{} ({})",
                tf(lang, F::AtPlayhead),
                short_time(r.buckets.get(done.saturating_sub(1)).map_or(r.from_ms.max(0), |b| b.t_ms + r.bucket_ms))
            )))
            .e(el("th").a("scope", "col").t(tf(lang, F::WholeRun)))))
        .e(el("tbody")
            .c(row(F::Requests, "", now[0] + now[1] + now[2], t.requests, "requests"))
            .c(row(F::Served, "c-served", now[0], t.served, "served"))
            .c(row(F::Refused, if now[1] > 0 { "c-refused bad" } else { "c-refused" }, now[1], t.refused, "refused"))
            .c(row(F::Reset, if now[2] > 0 { "c-reset bad" } else { "c-reset" }, now[2], t.reset, "reset"))
            .c(row(F::ToTerminating, "c-term", now[3], t.to_terminating, "terminating")));
    let chart_svg = el("svg")
        .a("viewBox", "0 0 1000 160") // CHART_W × CHART_H
        .a("preserveAspectRatio", "none")
        .a("role", "img")
        .at("aria-label", summary)
        .testid("traffic-chart")
        .c(chart(r, view))
        .opt(in_view.then(|| {
            el("line")
                .class("now")
                .at("x1", crate::float::fixed(px, 1))
                .at("x2", crate::float::fixed(px, 1))
                .a("y1", "0")
                .a("y2", "160") // CHART_H
                .h()
        }));
    let failures = if r.first_failures.is_empty() {
        el("p").class("ok").testid("no-failures").t(tf(lang, F::NoFailures))
    } else {
        el("ul").class("first-failures").cs(r.first_failures.iter().map(|f| {
            let (on_seek, t) = (on_seek.clone(), f.t_ms);
            el("li")
                .e(el("button")
                    .class("first-failure")
                    .onclick(Callback::from(move |_| on_seek.emit(t)))
                    .testid("first-failure")
                    .at("data-t", t.to_string())
                    .e(el("span").class("why-time").ts(short_time(f.t_ms)))
                    .t(" ")
                    .e(el("strong").ts(f.kind.clone()))
                    .t(" ")
                    .e(el("span").ts(f.why.clone())))
                .h()
        }))
    };
    let lanes = el("div").class("lanes").e(el("div")
        .class("lanes-in")
        .c(endpoint_lanes(report, view, lang))
        .opt(in_view.then(|| lanes_playhead(px / CHART_W))));
    el("section")
        .class("traffic")
        .a("aria-label", tf(lang, F::Traffic))
        .testid("traffic")
        .e(heading)
        .e(el("p").class("muted").ts(format!(
            "{} rps · {} {} · proxyDelay {} · {} → {}",
            r.rps,
            tf(lang, F::RequestDuration),
            short_time(r.request_duration_ms),
            short_time(r.proxy_delay_ms),
            short_time(r.from_ms.max(0)),
            short_time(r.until_ms)
        )))
        .opt(r.truncated.then(|| el("p").class("warn").t(tf(lang, F::Truncated)).h()))
        .e(counters)
        .e(el("p")
            .class("muted")
            .ts(format!("{} {}: {}", tf(lang, F::Refused), tf(lang, F::NoEndpoint), t.refused_no_endpoint))
            .opt(
                (failed_now > 0)
                    .then(|| el("strong").class("bad").ts(format!(" · {failed_now} {}", tf(lang, F::FailedKey))).h()),
            ))
        .opt(r.connections.as_ref().map(|c| {
            el("p")
                .testid("connections")
                .ts(format!(
                    "{}: {} · {} {} · {} {} · {} {} · {} {} · {} {}",
                    tf(lang, F::Connections),
                    c.connections,
                    tf(lang, F::ConnOpened),
                    c.opened,
                    tf(lang, F::Refused),
                    c.refused,
                    tf(lang, F::Reset),
                    c.reset,
                    tf(lang, F::ConnClosed),
                    c.closed,
                    tf(lang, F::ConnOpenAtEnd),
                    c.open_at_end
                ))
                .h()
        }))
        .e(el("figure").class("traffic-chart").e(chart_svg).e(el("figcaption")
            .e(key("key k-served", format!("{} (↑ max {}/s)", tf(lang, F::Served), max_served)))
            .e(el("span").class("key k-refused").t(tf(lang, F::Refused)))
            .e(el("span").class("key k-reset").t(tf(lang, F::Reset)))
            .e(key("muted", format!("(↓ max {}/s)", max_failed)))
            .e(el("span").class("key k-term").t(tf(lang, F::ToTerminating)))))
        .e(details(on_open).class("traffic-text").e(el("summary").t(tf(lang, F::ChartText))).opt(text_open.then(
            || {
                // The text depends on the report only: not made again at every frame.
                let r = r.clone();
                memo(vec![26, rc_id(&r.0)], move || el("pre").testid("traffic-text").ts(bucket_text(&r)).h())
            },
        )))
        .e(el("h4").t(tf(lang, F::FirstFailures)))
        .e(failures)
        .e(el("h4").t(tf(lang, F::EndpointLanes)))
        .e(el("ul")
            .class("legend")
            .c(swatch("swatch ep-ready", F::EpReady))
            .c(swatch("swatch ep-notready", F::EpNotReady))
            .c(swatch("swatch ep-term-serving", F::EpTermServing))
            .c(swatch("swatch ep-term", F::EpTerm))
            .c(swatch("swatch ep-failed", F::FailedKey))
            .e(el("li").class("muted").ts(format!(
                "{} ↑ · {} ↓ ({})",
                tf(lang, F::EndpointKey),
                tf(lang, F::ProxyKey),
                short_time(r.proxy_delay_ms)
            ))))
        .e(lanes)
        .c(not_simulated(&r.not_simulated, lang))
        .h()
}

/// The per-second counts as text: every bucket with a failure or a request to a terminating
/// pod (at most 600 lines), for screen readers and copying.
fn bucket_text(r: &TrafficReport) -> String {
    let mut out = String::from("TIME      SERVED  REFUSED  RESET  TO-TERMINATING\n");
    let mut n = 0;
    for b in &r.buckets {
        if b.refused + b.reset + b.to_terminating == 0 {
            continue;
        }
        n += 1;
        if n > 600 {
            out.push_str("…\n");
            break;
        }
        out.push_str(&format!(
            "{:<9} {:>6}  {:>7}  {:>5}  {:>14}\n",
            crate::traffic::secs(b.t_ms),
            b.served,
            b.refused,
            b.reset,
            b.to_terminating
        ));
    }
    if n == 0 {
        out.push_str("(no second with a failure or a request to a terminating pod)\n");
    }
    out
}
