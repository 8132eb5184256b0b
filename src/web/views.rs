//! The views that follow the playhead: the pod card (kubectl row, phase, conditions,
//! containers), the kubectl describe Events table, the `get pod -w` transcript, the "why" of
//! the current transition, what podlife inferred and what it does not simulate.

use yew::prelude::*;

use super::i18n::{t, Lang, T};
use super::timeline::{short_time, Tl};
use crate::engine::timeline::{CKind, CState, PodState};
use crate::printer::{format_table, PodRow};

/// Per-container lists (the pod card's table, what was inferred, the usage charts) show at
/// most this many entries and say how many more there are: a pod of 10,000 containers would
/// otherwise put tens of thousands of elements on the page (issue 7). The timeline's track
/// list and the text version have every container.
pub const LIST_CAP: usize = 50;

/// "Not listed here: N", when `total` is over `shown`.
pub fn not_listed(lang: Lang, total: usize, shown: usize) -> Html {
    if total <= shown {
        return html! {};
    }
    html! { <p class="not-listed muted" data-testid="not-listed">{format!("{} {}", t(lang, T::NotListed), total - shown)}</p> }
}

#[derive(Properties, PartialEq)]
pub struct AtProps {
    pub timeline: Tl,
    pub at: i64,
    pub lang: Lang,
    #[prop_or_default]
    pub qos: AttrValue,
}

fn container_state(c: &CState) -> String {
    match &c.state {
        CKind::Waiting { reason, .. } => format!("Waiting: {reason}"),
        CKind::Running { started_at_ms } => format!("Running since {}", short_time(*started_at_ms)),
        CKind::Terminated(term) => format!("Terminated: {} (exit {})", term.reason, term.exit_code),
    }
}

/// The pod at the playhead: the exact kubectl row, then phase, conditions and containers.
#[function_component(PodCard)]
pub fn pod_card(props: &AtProps) -> Html {
    let lang = props.lang;
    let s: PodState = props.timeline.state_at(props.at);
    let row = PodRow {
        name: s.row.name.clone(),
        ready: s.row.ready.clone(),
        status: s.row.status.clone(),
        restarts: s.row.restarts.clone(),
        age: s.row.age.clone(),
    };
    let table = format_table(&[row]);
    let total = s.init_containers.len() + s.containers.len();
    let containers =
        s.init_containers.iter().map(|c| (true, c)).chain(s.containers.iter().map(|c| (false, c))).take(LIST_CAP);
    html! {
        <div class="pod-state" aria-live="polite">
            <pre class="kubectl-row" data-testid="kubectl-row">{table}</pre>
            <dl class="facts">
                <dt>{t(lang, T::Phase)}</dt>
                <dd data-testid="phase">{s.phase.clone()}{ s.reason.as_ref().map(|r| format!(" ({r})")).unwrap_or_default() }
                    { if !props.qos.is_empty() { html!{ <span class={classes!("qos", props.qos.to_lowercase())}>{props.qos.clone()}</span> } } else { html!{} } }
                </dd>
                <dt>{t(lang, T::Conditions)}</dt>
                <dd>
                    <ul class="conds">
                    { for s.conditions.iter().map(|c| html! {
                        <li class={if c.status == "True" { "cond yes" } else { "cond no" }}>
                            <span aria-hidden="true">{ if c.status == "True" { "✔ " } else { "✗ " } }</span>
                            {format!("{}={}", c.type_, c.status)}
                            { c.reason.as_ref().map(|r| html!{ <span class="muted">{format!(" {r}")}</span> }).unwrap_or_default() }
                        </li>
                    }) }
                    </ul>
                </dd>
            </dl>
            <table class="containers">
                <caption>{t(lang, T::Containers)}</caption>
                <thead><tr>
                    <th scope="col">{t(lang, T::Container)}</th><th scope="col">{t(lang, T::State)}</th>
                    <th scope="col">{t(lang, T::Ready)}</th><th scope="col">{t(lang, T::Restarts)}</th>
                    <th scope="col">{t(lang, T::LastState)}</th>
                </tr></thead>
                <tbody>
                { for containers.map(|(init, c)| html! {
                    <tr>
                        <td><code>{ if init { format!("{} (init)", c.name) } else { c.name.clone() } }</code></td>
                        <td>{container_state(c)}</td>
                        <td>{ if c.ready { "✔" } else { "✗" } }</td>
                        <td>{c.restart_count}</td>
                        <td>{ c.last_terminated.as_ref().map(|l| format!("{} (exit {}) at {}", l.reason, l.exit_code, short_time(l.finished_at_ms))).unwrap_or_default() }</td>
                    </tr>
                }) }
                </tbody>
            </table>
            { not_listed(lang, total, LIST_CAP) }
        </div>
    }
}

/// `kubectl describe pod`'s Events table at the playhead, re-computed only when
/// `Timeline::describe_events_key` changes (a frame that crosses no event and no whole second
/// of any event's age does no work).
#[function_component(EventsView)]
pub fn events_view(props: &AtProps) -> Html {
    let at = props.at;
    let key = props.timeline.describe_events_key(at);
    let text = use_memo((props.timeline.clone(), key), move |(tl, _)| AttrValue::from(tl.describe_events(at)));
    html! { <pre class="kubectl" data-testid="describe-events">{(*text).clone()}</pre> }
}

/// The `kubectl get pod -w` transcript up to the playhead, re-printed only when a status row
/// is crossed (`Timeline::watch_key`).
#[function_component(WatchView)]
pub fn watch_view(props: &AtProps) -> Html {
    let at = props.at;
    let key = props.timeline.watch_key(at);
    let text = use_memo((props.timeline.clone(), key), move |(tl, _)| AttrValue::from(tl.watch_lines(at)));
    html! { <pre class="kubectl" data-testid="watch">{(*text).clone()}</pre> }
}

#[derive(Properties, PartialEq)]
pub struct WhyProps {
    pub timeline: Tl,
    pub at: i64,
    pub lang: Lang,
    /// Shows a pod field path in the editor.
    pub on_field: Callback<String>,
}

/// The rule behind the latest transition at or before the playhead, and the field responsible.
#[function_component(WhyView)]
pub fn why_view(props: &WhyProps) -> Html {
    let lang = props.lang;
    let tr = &props.timeline.transitions;
    let i = tr.partition_point(|x| x.t_ms <= props.at);
    let recent: Vec<_> = tr[..i].iter().rev().take(4).collect();
    if recent.is_empty() {
        return html! { <p class="why muted">{t(lang, T::WhyNone)}</p> };
    }
    html! {
        <ol class="why" reversed=true>
        { for recent.iter().enumerate().map(|(k, x)| {
            let field = x.field.clone();
            let on_field = props.on_field.clone();
            let click = {
                let field = field.clone();
                Callback::from(move |_| on_field.emit(field.clone()))
            };
            html! {
                <li class={if k == 0 { "why-current" } else { "why-past" }}>
                    <span class="why-time">{short_time(x.t_ms)}</span>{" "}
                    <span class="why-rule">{x.rule.clone()}</span>
                    { if field.is_empty() { html!{} } else { html! {
                        <button class="why-field" onclick={click} title={t(lang, T::ShowInEditor)}>
                            {t(lang, T::FieldResponsible)}{": "}<code>{field}</code>
                        </button>
                    } } }
                </li>
            }
        }) }
        </ol>
    }
}

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub timeline: Tl,
    pub lang: Lang,
}

/// What podlife inferred about each container's process, and what it does not simulate.
#[function_component(InferredView)]
pub fn inferred_view(props: &TimelineProps) -> Html {
    let lang = props.lang;
    let tl = &props.timeline;
    html! {
        <div class="inferred">
            { for tl.inferred.iter().take(LIST_CAP).map(|(name, inf)| html! {
                <section>
                    <h4><code>{name.clone()}</code></h4>
                    <p>{inf.summary.clone()}</p>
                    <ul>{ for inf.details.iter().map(|d| html!{ <li>{d.clone()}</li> }) }</ul>
                </section>
            }) }
            { not_listed(lang, tl.inferred.len(), LIST_CAP) }
            { if tl.truncated { html!{ <p class="warn">{t(lang, T::Truncated)}</p> } } else { html!{} } }
            <h4>{t(lang, T::NotSimulated)}</h4>
            <ul class="not-simulated" data-testid="not-simulated">
                { for tl.not_simulated.iter().chain(tl.inferred.values().flat_map(|i| i.not_simulated.iter())).take(LIST_CAP).map(|n| html!{ <li>{n.clone()}</li> }) }
            </ul>
            { not_listed(lang, tl.not_simulated.len() + tl.inferred.values().map(|i| i.not_simulated.len()).sum::<usize>(), LIST_CAP) }
        </div>
    }
}

/// The timeline as text (status changes and events), for screen readers and copying.
/// Rendered only while open, so playback does not rebuild it every frame.
#[function_component(TimelineText)]
pub fn timeline_text(props: &AtProps) -> Html {
    let open = use_state(|| false);
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlDetailsElement = e.target_unchecked_into();
            open.set(el.open());
        })
    };
    html! {
        <details class="timeline-text" {ontoggle}>
            <summary>{t(props.lang, T::TimelineText)}</summary>
            { if *open { html! { <pre data-testid="timeline-text">{crate::engine::text::render(&props.timeline, props.at)}</pre> } } else { html! {} } }
        </details>
    }
}

#[derive(Properties, PartialEq)]
pub struct ChartProps {
    pub timeline: Tl,
    pub at: i64,
    pub lang: Lang,
    /// Visible window (the timeline's), so the chart lines up with the tracks above.
    pub view: (i64, i64),
}

/// One usage chart's drawing, which depends on the timeline and the visible window only.
#[derive(PartialEq)]
struct ChartData {
    name: String,
    kind: &'static str,
    label: T,
    limit: Option<u64>,
    max_v: u64,
    /// The y of the limit line.
    limit_y: Option<AttrValue>,
    points: AttrValue,
    /// (t_ms, value) of each sample, for the value at the playhead.
    samples: Vec<(i64, u64)>,
}

const CHART_W: f64 = 600.0;
const CHART_H: f64 = 90.0;

/// The charts' static part: the polylines, limits and scales for a timeline and window.
fn chart_data(tl: &crate::engine::Timeline, (from, to): (i64, i64)) -> Vec<ChartData> {
    // Samples grouped by container in order of first appearance, in one pass (a search per
    // sample was quadratic in the number of containers).
    let mut names: Vec<&str> = Vec::new();
    let mut groups: Vec<Vec<&crate::engine::timeline::UsageSample>> = Vec::new();
    let mut at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for u in &tl.usage {
        let k = *at.entry(u.container.as_str()).or_insert_with(|| {
            names.push(&u.container);
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[k].push(u);
    }
    let (w, h) = (CHART_W, CHART_H);
    let span = (to - from).max(1) as f64;
    let x = |t: i64| ((t - from) as f64 / span * w).clamp(0.0, w);
    let mut charts = Vec::new();
    for (name, samples) in names.into_iter().zip(groups) {
        for (kind, label) in [("memory", T::Memory), ("disk", T::Disk)] {
            let value =
                |u: &crate::engine::timeline::UsageSample| if kind == "memory" { u.memory_bytes } else { u.disk_bytes };
            let limit = samples.iter().find_map(|u| if kind == "memory" { u.memory_limit } else { u.disk_limit });
            let max_v = samples.iter().map(|u| value(u)).max().unwrap_or(0);
            if max_v == 0 {
                continue;
            }
            let top = (limit.unwrap_or(0).max(max_v) as f64 * 1.1).max(1.0);
            let y = |v: u64| h - (v as f64 / top * h);
            let points: String = samples.iter().map(|u| format!("{:.1},{:.1} ", x(u.t_ms), y(value(u)))).collect();
            charts.push(ChartData {
                name: name.to_string(),
                kind,
                label,
                limit,
                max_v,
                limit_y: limit.map(|l| AttrValue::from(format!("{:.1}", y(l)))),
                points: AttrValue::from(points),
                samples: samples.iter().map(|u| (u.t_ms, value(u))).collect(),
            });
        }
    }
    charts
}

/// Memory against its limit and disk (emptyDir / ephemeral storage) against its limit, per
/// container, over the visible window; hidden when the model knows no usage. The polylines are
/// computed once per timeline and window; a playback frame only moves the "now" line.
#[function_component(UsageChart)]
pub fn usage_chart(props: &ChartProps) -> Html {
    let lang = props.lang;
    let data = use_memo((props.timeline.clone(), props.view), |(tl, view)| chart_data(tl, *view));
    if data.is_empty() {
        return html! {};
    }
    let (from, to) = props.view;
    let span = (to - from).max(1) as f64;
    let now_x = format!("{:.1}", ((props.at - from) as f64 / span * CHART_W).clamp(0.0, CHART_W));
    let mib = |b: u64| format!("{:.1} MiB", b as f64 / 1_048_576.0);
    let charts = data.iter().take(LIST_CAP).map(|c| {
        let now = c.samples.iter().rev().find(|(t, _)| *t <= props.at).map(|(_, v)| *v).unwrap_or(0);
        html! {
            <figure class="usage">
                <figcaption>
                    <code>{c.name.clone()}</code>{" "}{t(lang, c.label)}{": "}{mib(now)}
                    { c.limit.map(|l| format!(" / {} {}", t(lang, T::Limit), mib(l))).unwrap_or_default() }
                </figcaption>
                <svg viewBox={format!("0 0 {CHART_W} {CHART_H}")} preserveAspectRatio="none" role="img"
                    aria-label={format!("{} {} over time, up to {}", c.name, c.kind, mib(c.max_v))}>
                    { c.limit_y.clone().map(|ly| html!{ <line class="limit" x1="0" x2={CHART_W.to_string()} y1={ly.clone()} y2={ly} /> }).unwrap_or_default() }
                    <polyline class="use" points={c.points.clone()} />
                    <line class="now" x1={now_x.clone()} x2={now_x.clone()} y1="0" y2={CHART_H.to_string()} />
                </svg>
            </figure>
        }
    });
    html! { <div class="charts" data-testid="usage-charts">{ for charts }{ not_listed(lang, data.len(), LIST_CAP) }</div> }
}
