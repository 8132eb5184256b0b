//! The "Traffic" panel (issue 6): what the clients of a Service see, in step with the
//! playhead. Counters up to the playhead and for the whole run, a per-second chart (served
//! above the line, failures below it on their own scale so that a handful among thousands
//! still shows), the first failure of each kind with its reason (a button that moves the
//! playhead there), and one lane per pod: its endpoint as the EndpointSlice says and as
//! kube-proxy acts on it, with the seconds in which requests to it failed. Everything is read
//! from [`crate::traffic::TrafficReport`]; the SVG is written by hand (no plotting crate).

use std::rc::Rc;

use yew::prelude::*;

use super::i18n::{tf, Lang, F};
use super::timeline::short_time;
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

/// Counts of the buckets before index `i` (served, refused, reset, to terminating): prefix
/// sums, so a counter at the playhead is one look-up.
pub fn prefix_sums(r: &TrafficReport) -> Vec<[u64; 4]> {
    let mut out = Vec::with_capacity(r.buckets.len() + 1);
    let mut acc = [0u64; 4];
    out.push(acc);
    for b in &r.buckets {
        acc[0] += u64::from(b.served);
        acc[1] += u64::from(b.refused);
        acc[2] += u64::from(b.reset);
        acc[3] += u64::from(b.to_terminating);
        out.push(acc);
    }
    out
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

/// The chart's static part for a window: one path per series, the scales, and the summary.
#[derive(PartialEq)]
struct Chart {
    served: AttrValue,
    refused: AttrValue,
    reset: AttrValue,
    terminating: AttrValue,
    max_served: u32,
    max_failed: u32,
}

fn chart(r: &TrafficReport, (from, to): (i64, i64)) -> Chart {
    use std::fmt::Write as _;
    let span = (to - from).max(1) as f64;
    let x = |t: i64| ((t - from) as f64 / span * CHART_W).clamp(0.0, CHART_W);
    let w = r.bucket_ms.max(1);
    let shown: Vec<&crate::traffic::Bucket> =
        r.buckets.iter().filter(|b| b.t_ms.saturating_add(w) > from && b.t_ms < to).collect();
    let max_served = shown.iter().map(|b| b.served).max().unwrap_or(0);
    let max_failed = shown.iter().map(|b| b.refused + b.reset).max().unwrap_or(0);
    let up = (MID - 4.0) / f64::from(max_served.max(1));
    let down = (CHART_H - MID - 4.0) / f64::from(max_failed.max(1));
    let (mut served, mut refused, mut reset, mut term) = (String::new(), String::new(), String::new(), String::new());
    for b in shown {
        let (x0, x1) = (x(b.t_ms), x(b.t_ms.saturating_add(w)));
        let bw = (x1 - x0 - 0.3).max(0.6);
        if b.served > 0 {
            let h = f64::from(b.served) * up;
            let _ = write!(served, "M{x0:.1} {:.1}h{bw:.1}v{h:.1}h-{bw:.1}z", MID - h);
        }
        // Failures hang below the line, refused first then reset, at least 2 units tall each.
        let mut y = MID + 1.0;
        if b.refused > 0 {
            let h = (f64::from(b.refused) * down).max(2.0);
            let _ = write!(refused, "M{x0:.1} {y:.1}h{bw:.1}v{h:.1}h-{bw:.1}z");
            y += h;
        }
        if b.reset > 0 {
            let h = (f64::from(b.reset) * down).max(2.0);
            let _ = write!(reset, "M{x0:.1} {y:.1}h{bw:.1}v{h:.1}h-{bw:.1}z");
        }
        if b.to_terminating > 0 {
            let _ = write!(term, "M{x0:.1} 0h{bw:.1}v3h-{bw:.1}z");
        }
    }
    Chart {
        served: served.into(),
        refused: refused.into(),
        reset: reset.into(),
        terminating: term.into(),
        max_served,
        max_failed,
    }
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

#[derive(Properties, PartialEq)]
pub struct PodLanesProps {
    pub report: Tr,
    pub view: (i64, i64),
    pub lang: Lang,
}

/// One lane per pod behind the Service: the EndpointSlice's conditions (upper bar), kube-proxy's
/// view of them (lower bar), and a mark for each second with failed requests to the pod.
#[function_component(EndpointLanes)]
pub fn endpoint_lanes(p: &PodLanesProps) -> Html {
    let r = &p.report;
    let (from, to) = p.view;
    let span = (to - from).max(1) as f64;
    let x = |t: i64| ((t - from) as f64 / span * 1000.0).clamp(-1.0, 1001.0);
    let w = r.bucket_ms.max(1);
    let bar = |spans: &[EndpointSpan], y: f64| -> Html {
        html! { <>{ for spans.iter().filter_map(|s| {
            let class = span_class(s)?;
            let a = s.from_ms.max(r.from_ms.min(from));
            let b = s.to_ms.unwrap_or(r.until_ms);
            if b < from || a > to {
                return None;
            }
            let (x0, x1) = (x(a), x(b));
            Some(html! { <rect class={class} x={format!("{x0:.1}")} y={format!("{y}")} width={format!("{:.1}", (x1 - x0).max(1.0))} height="7">
                <title>{format!("{} → {}: {}", short_time(a), s.to_ms.map_or_else(|| "the end".to_string(), short_time), span_text(s))}</title></rect> })
        }) }</> }
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
                        "M{x0:.1} 16h{:.1}v4h-{:.1}z",
                        (x(b.t_ms + w) - x0).max(2.0),
                        (x(b.t_ms + w) - x0).max(2.0)
                    );
                }
            }
        }
        let served: u64 = pod.served.iter().map(|n| u64::from(*n)).sum();
        let label =
            format!("{}: {} {}, {} {}", pod.name, served, tf(p.lang, F::Served), failed, tf(p.lang, F::FailedKey));
        html! {
            <li class="ep-lane" data-testid="endpoint-lane" data-pod={pod.name.clone()}>
                <span class="lane-name" title={label.clone()}>{pod.name.clone()}</span>
                <svg class="lane-bar" viewBox="0 0 1000 20" preserveAspectRatio="none" role="img" aria-label={label}>
                    { bar(&pod.endpoint, 0.0) }
                    { bar(&pod.proxy, 8.0) }
                    { if fails.is_empty() { html! {} } else { html! { <path class="ep-failed" d={fails} /> } } }
                </svg>
            </li>
        }
    });
    html! { <><ol class="lanes-list ep-lanes">{ for lanes }</ol>{ if r.pods.len() > MAX_LANES { html! { <p class="not-listed muted">{format!("{} {}", tf(p.lang, F::LanesNotShown), r.pods.len() - MAX_LANES)}</p> } } else { html! {} } }</> }
}

#[derive(Properties, PartialEq)]
pub struct TrafficProps {
    pub report: Tr,
    /// Fleet ms.
    pub at: i64,
    pub view: (i64, i64),
    pub lang: Lang,
    pub on_seek: Callback<i64>,
}

/// The whole Traffic panel.
#[function_component(TrafficPanel)]
pub fn traffic_panel(p: &TrafficProps) -> Html {
    let lang = p.lang;
    let r = &p.report;
    let sums = use_memo(p.report.clone(), |r| prefix_sums(r));
    let data = use_memo((p.report.clone(), p.view), |(r, v)| chart(r, *v));
    let text_open = use_state(|| false);
    let done = buckets_done(r, p.at);
    let now = sums.get(done).copied().unwrap_or_default();
    let t = &r.totals;
    let (from, to) = p.view;
    let px = ((p.at - from) as f64 / (to - from).max(1) as f64 * CHART_W).clamp(0.0, CHART_W);
    let in_view = p.at >= from && p.at <= to;
    let row = |key: F, class: &'static str, now: u64, all: u64, id: &'static str| {
        html! {
            <tr class={class}>
                <th scope="row">{tf(lang, key)}</th>
                <td data-testid={format!("now-{id}")}>{now}</td>
                <td data-testid={format!("all-{id}")}>{all}</td>
            </tr>
        }
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
        data.max_served,
        "/s max,",
        r.first_failures.first().map_or(String::new(), |f| format!("first failure at {}", short_time(f.t_ms)))
    );
    let ontoggle = {
        let open = text_open.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlDetailsElement = e.target_unchecked_into();
            open.set(el.open());
        })
    };
    html! {
        <section class="traffic" aria-label={tf(lang, F::Traffic)} data-testid="traffic">
            <h3>{tf(lang, F::Traffic)}{" "}
                <code>{format!("service/{}:{} → {}", r.service, r.port, r.target_port)}</code>{" "}
                <span class={if r.failed() > 0 { "badge err" } else { "badge ok" }} data-testid="traffic-badge">
                    {format!("{} / {} {}", r.failed(), t.requests, tf(lang, F::FailedKey))}
                </span>
            </h3>
            <p class="muted">{format!("{} rps · {} {} · proxyDelay {} · {} → {}", r.rps, tf(lang, F::RequestDuration), short_time(r.request_duration_ms),
                short_time(r.proxy_delay_ms), short_time(r.from_ms.max(0)), short_time(r.until_ms))}</p>
            { if r.truncated { html! { <p class="warn">{tf(lang, F::Truncated)}</p> } } else { html! {} } }
            <table class="counters" data-testid="traffic-counters">
                <thead><tr><th></th>
                    <th scope="col">{format!("{} ({})", tf(lang, F::AtPlayhead), short_time(r.buckets.get(done.saturating_sub(1)).map_or(r.from_ms.max(0), |b| b.t_ms + r.bucket_ms)))}</th>
                    <th scope="col">{tf(lang, F::WholeRun)}</th></tr></thead>
                <tbody>
                    { row(F::Requests, "", now[0] + now[1] + now[2], t.requests, "requests") }
                    { row(F::Served, "c-served", now[0], t.served, "served") }
                    { row(F::Refused, if now[1] > 0 { "c-refused bad" } else { "c-refused" }, now[1], t.refused, "refused") }
                    { row(F::Reset, if now[2] > 0 { "c-reset bad" } else { "c-reset" }, now[2], t.reset, "reset") }
                    { row(F::ToTerminating, "c-term", now[3], t.to_terminating, "terminating") }
                </tbody>
            </table>
            <p class="muted">{format!("{} {}: {}", tf(lang, F::Refused), tf(lang, F::NoEndpoint), t.refused_no_endpoint)}
                { if failed_now > 0 { html! { <strong class="bad">{format!(" · {failed_now} {}", tf(lang, F::FailedKey))}</strong> } } else { html! {} } }</p>
            { match &r.connections { Some(c) => html! {
                <p data-testid="connections">{format!("{}: {} · {} {} · {} {} · {} {} · {} {} · {} {}", tf(lang, F::Connections), c.connections, tf(lang, F::ConnOpened), c.opened,
                    tf(lang, F::Refused), c.refused, tf(lang, F::Reset), c.reset, tf(lang, F::ConnClosed), c.closed, tf(lang, F::ConnOpenAtEnd), c.open_at_end)}</p>
            }, None => html! {} } }
            <figure class="traffic-chart">
                <svg viewBox={format!("0 0 {CHART_W} {CHART_H}")} preserveAspectRatio="none" role="img" aria-label={summary} data-testid="traffic-chart">
                    <path class="bar-served" d={data.served.clone()} />
                    <path class="bar-refused" d={data.refused.clone()} />
                    <path class="bar-reset" d={data.reset.clone()} />
                    <path class="bar-term" d={data.terminating.clone()} />
                    <line class="baseline" x1="0" x2={CHART_W.to_string()} y1={MID.to_string()} y2={MID.to_string()} />
                    { if in_view { html! { <line class="now" x1={format!("{px:.1}")} x2={format!("{px:.1}")} y1="0" y2={CHART_H.to_string()} /> } } else { html! {} } }
                </svg>
                <figcaption>
                    <span class="key k-served">{format!("{} (↑ max {}/s)", tf(lang, F::Served), data.max_served)}</span>
                    <span class="key k-refused">{tf(lang, F::Refused)}</span>
                    <span class="key k-reset">{tf(lang, F::Reset)}</span>
                    <span class="muted">{format!("(↓ max {}/s)", data.max_failed)}</span>
                    <span class="key k-term">{tf(lang, F::ToTerminating)}</span>
                </figcaption>
            </figure>
            <details class="traffic-text" {ontoggle}>
                <summary>{tf(lang, F::ChartText)}</summary>
                { if *text_open { html! { <pre data-testid="traffic-text">{ bucket_text(r) }</pre> } } else { html! {} } }
            </details>
            <h4>{tf(lang, F::FirstFailures)}</h4>
            { if r.first_failures.is_empty() { html! { <p class="ok" data-testid="no-failures">{tf(lang, F::NoFailures)}</p> } } else { html! {
                <ul class="first-failures">
                { for r.first_failures.iter().map(|f| {
                    let (on_seek, t) = (p.on_seek.clone(), f.t_ms);
                    html! { <li>
                        <button class="first-failure" onclick={Callback::from(move |_| on_seek.emit(t))} data-testid="first-failure" data-t={t.to_string()}>
                            <span class="why-time">{short_time(f.t_ms)}</span>{" "}<strong>{f.kind.clone()}</strong>{" "}
                            <span>{f.why.clone()}</span>
                        </button>
                    </li> }
                }) }
                </ul>
            } } }
            <h4>{tf(lang, F::EndpointLanes)}</h4>
            <ul class="legend">
                <li><span class="swatch ep-ready" aria-hidden="true"></span>{tf(lang, F::EpReady)}</li>
                <li><span class="swatch ep-notready" aria-hidden="true"></span>{tf(lang, F::EpNotReady)}</li>
                <li><span class="swatch ep-term-serving" aria-hidden="true"></span>{tf(lang, F::EpTermServing)}</li>
                <li><span class="swatch ep-term" aria-hidden="true"></span>{tf(lang, F::EpTerm)}</li>
                <li><span class="swatch ep-failed" aria-hidden="true"></span>{tf(lang, F::FailedKey)}</li>
                <li class="muted">{format!("{} ↑ · {} ↓ ({})", tf(lang, F::EndpointKey), tf(lang, F::ProxyKey), short_time(r.proxy_delay_ms))}</li>
            </ul>
            <div class="lanes">
                <div class="lanes-in">
                    <EndpointLanes report={p.report.clone()} view={p.view} {lang} />
                    { if in_view { html! {
                        <div class="lanes-playhead" aria-hidden="true" style={format!("left:calc(var(--lane-label) + (100% - var(--lane-label)) * {:.4})", px / CHART_W)}></div>
                    } } else { html! {} } }
                </div>
            </div>
            { if r.not_simulated.is_empty() { html! {} } else { html! {
                <details class="fleet-not-simulated">
                    <summary>{tf(lang, F::NotSimulatedFleet)}</summary>
                    <ul>{ for r.not_simulated.iter().map(|n| html! { <li>{n.clone()}</li> }) }</ul>
                </details>
            } } }
        </section>
    }
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
