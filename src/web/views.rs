//! The views that follow the playhead: the pod card (kubectl row, phase, conditions,
//! containers), the kubectl describe Events table, the `get pod -w` transcript, the "why" of
//! the current transition, what podlife inferred and what it does not simulate.

use std::rc::Rc;

use yew::prelude::*;

use super::h::{el, El};
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
        return Html::default();
    }
    el("p")
        .testid("not-listed")
        .class("not-listed muted")
        .ts(format!("{} {}", t(lang, T::NotListed), total - shown))
        .h()
}

#[derive(Properties)]
pub struct MemoProps {
    deps: Vec<i64>,
    view: Rc<dyn Fn() -> Html>,
}

impl PartialEq for MemoProps {
    fn eq(&self, o: &Self) -> bool {
        self.deps == o.deps
    }
}

/// See [`memo`].
#[function_component(Memo)]
fn memo_view(p: &MemoProps) -> Html {
    (p.view)()
}

/// A view drawn again only when `deps` change (while playing, the app renders every frame).
/// One component type for every memoized view: each component type costs the wasm its own
/// copy of Yew's lifecycle code. `deps` starts with a number naming the view (views of the
/// same place in the page, like the tabs, must differ in it) and holds what the view depends
/// on: small numbers and the identities ([`rc_id`]) of shared values, which `view` must own
/// so that an address is never reused while it is compared.
pub fn memo(deps: Vec<i64>, view: impl Fn() -> Html + 'static) -> Html {
    memo_dyn(deps, Rc::new(view))
}

#[inline(never)]
fn memo_dyn(deps: Vec<i64>, view: Rc<dyn Fn() -> Html>) -> Html {
    yew::virtual_dom::VChild::<Memo>::new(MemoProps { deps, view }, None).into()
}

/// The identity of a shared value, for [`memo`]'s `deps`.
pub fn rc_id<T: ?Sized>(rc: &Rc<T>) -> i64 {
    Rc::as_ptr(rc) as *const () as usize as i64
}

/// A `<li>` of one text.
fn li(s: String) -> Html {
    el("li").ts(s).h()
}

/// `<code>` of one text.
pub(super) fn code(s: String) -> El {
    el("code").ts(s)
}

fn container_state(c: &CState) -> String {
    match &c.state {
        CKind::Waiting { reason, .. } => format!("Waiting: {reason}"),
        CKind::Running { started_at_ms } => format!("Running since {}", short_time(*started_at_ms)),
        CKind::Terminated(term) => format!("Terminated: {} (exit {})", term.reason, term.exit_code),
    }
}

/// The pod at the playhead: the exact kubectl row, then phase, conditions and containers;
/// drawn again when the playhead moves, not on the app's other renders (a run's progress).
pub fn pod_card(timeline: &Tl, at: i64, lang: Lang, qos: &'static str) -> Html {
    let tl = timeline.clone();
    memo(vec![7, tl.id(), at, lang as i64, qos.as_ptr() as usize as i64, qos.len() as i64], move || {
        pod_state(&tl, at, lang, qos)
    })
}

/// The class of a QoS badge (`qos` is one of the API's three QoS class names).
pub(super) fn qos_class(qos: &str) -> &'static str {
    match qos {
        "Guaranteed" => "qos guaranteed",
        "Burstable" => "qos burstable",
        _ => "qos besteffort",
    }
}

fn pod_state(timeline: &Tl, at: i64, lang: Lang, qos: &'static str) -> Html {
    let s: PodState = timeline.state_at(at);
    let row =
        PodRow { name: s.row.name, ready: s.row.ready, status: s.row.status, restarts: s.row.restarts, age: s.row.age };
    let table = format_table(&[row]);
    let total = s.init_containers.len() + s.containers.len();
    let containers =
        s.init_containers.iter().map(|c| (true, c)).chain(s.containers.iter().map(|c| (false, c))).take(LIST_CAP);
    let th = |k: T| el("th").a("scope", "col").t(t(lang, k));
    el("div")
        .a("aria-live", "polite")
        .class("pod-state")
        .e(el("pre").testid("kubectl-row").class("kubectl-row").ts(table))
        .e(el("dl")
            .class("facts")
            .e(el("dt").t(t(lang, T::Phase)))
            .e(el("dd")
                .testid("phase")
                .ts(s.phase.clone())
                .ts(s.reason.as_ref().map(|r| format!(" ({r})")).unwrap_or_default())
                .opt((!qos.is_empty()).then(|| el("span").a("class", qos_class(qos)).t(qos).h())))
            .e(el("dt").t(t(lang, T::Conditions)))
            .e(el("dd").e(el("ul").class("conds").cs(s.conditions.iter().map(|c| {
                let yes = c.status == "True";
                el("li")
                    .class(if yes { "cond yes" } else { "cond no" })
                    .e(el("span").a("aria-hidden", "true").t(if yes { "✔ " } else { "✗ " }))
                    .ts(format!("{}={}", c.type_, c.status))
                    .opt(c.reason.as_ref().map(|r| el("span").class("muted").ts(format!(" {r}")).h()))
                    .h()
            })))))
        .e(el("table")
            .class("containers")
            .e(el("caption").t(t(lang, T::Containers)))
            .e(el("thead").e(el("tr")
                .e(th(T::Container))
                .e(th(T::State))
                .e(th(T::Ready))
                .e(th(T::Restarts))
                .e(th(T::LastState))))
            .e(el("tbody").cs(containers.map(|(init, c)| {
                el("tr")
                    .e(el("td").e(code(if init { format!("{} (init)", c.name) } else { c.name.clone() })))
                    .e(el("td").ts(container_state(c)))
                    .e(el("td").t(if c.ready { "✔" } else { "✗" }))
                    .e(el("td").ts(c.restart_count.to_string()))
                    .e(el("td").ts(c
                        .last_terminated
                        .as_ref()
                        .map(|l| format!("{} (exit {}) at {}", l.reason, l.exit_code, short_time(l.finished_at_ms)))
                        .unwrap_or_default()))
                    .h()
            }))))
        .c(not_listed(lang, total, LIST_CAP))
        .h()
}

/// `kubectl describe pod`'s Events table at the playhead, re-computed only when
/// `Timeline::describe_events_key` changes (a frame that crosses no event and no whole second
/// of any event's age does no work).
pub fn events_view(timeline: &Tl, at: i64) -> Html {
    let mut deps = vec![5, timeline.id()];
    deps.extend(timeline.describe_events_key(at));
    let tl = timeline.clone();
    memo(deps, move || el("pre").testid("describe-events").class("kubectl").ts(tl.describe_events(at)).h())
}

/// The `kubectl get pod -w` transcript up to the playhead, re-printed only when a status row
/// is crossed (`Timeline::watch_key`).
pub fn watch_view(timeline: &Tl, at: i64) -> Html {
    let deps = vec![6, timeline.id(), timeline.watch_key(at) as i64];
    let tl = timeline.clone();
    memo(deps, move || el("pre").testid("watch").class("kubectl").ts(tl.watch_lines(at)).h())
}

/// The rule behind the latest transition at or before the playhead, and the field responsible
/// (`on_field` shows a pod field path in the editor). A plain function, not a component: its
/// input changes with every frame of playback anyway.
pub fn why_view(timeline: &Tl, at: i64, lang: Lang, on_field: &Callback<String>) -> Html {
    let tr = &timeline.transitions;
    let i = tr.partition_point(|x| x.t_ms <= at);
    let recent: Vec<_> = tr[..i].iter().rev().take(4).collect();
    if recent.is_empty() {
        return el("p").class("why muted").t(t(lang, T::WhyNone)).h();
    }
    el("ol")
        .a("reversed", "reversed")
        .class("why")
        .cs(recent.iter().enumerate().map(|(k, x)| {
            let field = x.field.clone();
            el("li")
                .class(if k == 0 { "why-current" } else { "why-past" })
                .e(el("span").class("why-time").ts(short_time(x.t_ms)))
                .t(" ")
                .e(el("span").class("why-rule").ts(x.rule.clone()))
                .opt((!field.is_empty()).then(|| {
                    let on_field = on_field.clone();
                    let f = field.clone();
                    el("button")
                        .onclick(Callback::from(move |_| on_field.emit(f.clone())))
                        .a("title", t(lang, T::ShowInEditor))
                        .class("why-field")
                        .t(t(lang, T::FieldResponsible))
                        .t(": ")
                        .e(code(field))
                        .h()
                }))
                .h()
        }))
        .h()
}

/// What podlife inferred about each container's process, and what it does not simulate.
pub fn inferred_view(timeline: &Tl, lang: Lang) -> Html {
    let tl = timeline.clone();
    memo(vec![4, tl.id(), lang as i64], move || inferred(&tl, lang))
}

fn inferred(tl: &Tl, lang: Lang) -> Html {
    let not_simulated = tl.not_simulated.len() + tl.inferred.values().map(|i| i.not_simulated.len()).sum::<usize>();
    el("div")
        .class("inferred")
        .cs(tl.inferred.iter().take(LIST_CAP).map(|(name, inf)| {
            el("section")
                .e(el("h4").e(code(name.clone())))
                .e(el("p").ts(inf.summary.clone()))
                .e(el("ul").cs(inf.details.iter().map(|d| li(d.clone()))))
                .h()
        }))
        .c(not_listed(lang, tl.inferred.len(), LIST_CAP))
        .opt(tl.truncated.then(|| el("p").class("warn").t(t(lang, T::Truncated)).h()))
        .e(el("h4").t(t(lang, T::NotSimulated)))
        .e(el("ul").testid("not-simulated").class("not-simulated").cs(tl
            .not_simulated
            .iter()
            .chain(tl.inferred.values().flat_map(|i| i.not_simulated.iter()))
            .take(LIST_CAP)
            .map(|n| li(n.clone()))))
        .c(not_listed(lang, not_simulated, LIST_CAP))
        .h()
}

/// The timeline as text (status changes and events), for screen readers and copying.
/// Rendered only while open (`open`, kept by the page; `on_toggle` reports the `<details>`'s
/// new state), so playback does not rebuild it every frame. A plain function drawn through
/// [`memo`]: each component type costs the wasm its own copy of Yew's lifecycle.
pub fn timeline_text(timeline: &Tl, at: i64, lang: Lang, open: bool, on_toggle: &Callback<bool>) -> Html {
    details(on_toggle)
        .class("timeline-text")
        .e(el("summary").t(t(lang, T::TimelineText)))
        .opt(open.then(|| el("pre").testid("timeline-text").ts(crate::engine::text::render(timeline, at)).h()))
        .h()
}

/// A `<details>` whose toggles `on_toggle` hears (its new `open`): the page keeps whether it is
/// open, to draw its content only then.
pub fn details(on_toggle: &Callback<bool>) -> El {
    el("details").ontoggle(on_toggle.reform(|e: Event| e.target_unchecked_into::<web_sys::HtmlDetailsElement>().open()))
}

/// One usage chart's drawing, which depends on the timeline and the visible window only.
pub struct ChartData {
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
/// [`CHART_W`] and [`CHART_H`] as written in the SVG (no float formatting per chart).
const CHART_W_TEXT: &str = "600";
const CHART_H_TEXT: &str = "90";
const CHART_VIEW_BOX: &str = "0 0 600 90";

/// The charts' static part: the polylines, limits and scales for a timeline (none: no charts)
/// and window. The page computes it once per timeline and window ([`usage_chart`]).
pub fn chart_data(tl: Option<&Tl>, (from, to): (i64, i64)) -> Vec<ChartData> {
    let Some(tl) = tl else { return Vec::new() };
    // Samples grouped by container in order of first appearance, in one pass (a search per
    // sample was quadratic in the number of containers).
    // (A map keyed by `String`, as the core's: each key/value type of a map is its own code in
    // the wasm; a key is copied once per container.)
    let mut names: Vec<&str> = Vec::new();
    let mut groups: Vec<Vec<&crate::engine::timeline::UsageSample>> = Vec::new();
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for u in &tl.usage {
        let k = match at.get(u.container.as_str()) {
            Some(&k) => k,
            None => {
                names.push(&u.container);
                groups.push(Vec::new());
                at.insert(u.container.clone(), groups.len() - 1);
                groups.len() - 1
            }
        };
        groups[k].push(u);
    }
    let (w, h) = (CHART_W, CHART_H);
    let span = (to - from).max(1) as f64;
    let x = |t: i64| crate::float::clamp((t - from) as f64 / span * w, 0.0, w);
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
            let points: String = samples
                .iter()
                .map(|u| format!("{},{} ", crate::float::Fixed(x(u.t_ms), 1), crate::float::Fixed(y(value(u)), 1)))
                .collect();
            charts.push(ChartData {
                name: name.to_string(),
                kind,
                label,
                limit,
                max_v,
                limit_y: limit.map(|l| AttrValue::from(crate::float::fixed(y(l), 1))),
                points: AttrValue::from(points),
                samples: samples.iter().map(|u| (u.t_ms, value(u))).collect(),
            });
        }
    }
    charts
}

/// Memory against its limit and disk (emptyDir / ephemeral storage) against its limit, per
/// container, over the visible window `view` (the timeline's, so the charts line up with the
/// tracks above); hidden when the model knows no usage. The polylines (`data`, from
/// [`chart_data`]) are computed once per timeline and window; a playback frame only moves the
/// "now" line. The page draws it through [`memo`], when the data, `at` or the language change.
pub fn usage_chart(data: &[ChartData], at: i64, lang: Lang, view: (i64, i64)) -> Html {
    if data.is_empty() {
        return Html::default();
    }
    let (from, to) = view;
    let span = (to - from).max(1) as f64;
    let now_x = crate::float::fixed(crate::float::clamp((at - from) as f64 / span * CHART_W, 0.0, CHART_W), 1);
    let mib = |b: u64| format!("{} MiB", crate::float::Fixed(b as f64 / 1_048_576.0, 1));
    let charts = data.iter().take(LIST_CAP).map(|c| {
        let now = c.samples.iter().rev().find(|(t, _)| *t <= at).map(|(_, v)| *v).unwrap_or(0);
        el("figure")
            .class("usage")
            .e(el("figcaption")
                .e(code(c.name.clone()))
                .t(" ")
                .t(t(lang, c.label))
                .t(": ")
                .ts(mib(now))
                .ts(c.limit.map(|l| format!(" / {} {}", t(lang, T::Limit), mib(l))).unwrap_or_default()))
            .e(el("svg")
                .a("viewBox", CHART_VIEW_BOX)
                .a("preserveAspectRatio", "none")
                .a("role", "img")
                .at("aria-label", format!("{} {} over time, up to {}", c.name, c.kind, mib(c.max_v)))
                .opt(c.limit_y.clone().map(|ly| {
                    el("line").a("x1", "0").a("x2", CHART_W_TEXT).av("y1", ly.clone()).av("y2", ly).class("limit").h()
                }))
                .e(el("polyline").av("points", c.points.clone()).class("use"))
                .e(el("line")
                    .at("x1", now_x.clone())
                    .at("x2", now_x.clone())
                    .a("y1", "0")
                    .a("y2", CHART_H_TEXT)
                    .class("now")))
            .h()
    });
    el("div").testid("usage-charts").class("charts").cs(charts).c(not_listed(lang, data.len(), LIST_CAP)).h()
}
