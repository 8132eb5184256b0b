//! The "Rollout" view (issue 6): a Deployment's (or ReplicaSet's) pods over fleet time, in step
//! with the playhead. One lane per pod (created → Ready → terminating → gone, coloured by
//! ReplicaSet), the `kubectl rollout status` transcript, `kubectl get deploy` / `get rs` rows and
//! the Deployment/ReplicaSet events up to the playhead, and the rollout's outcome as a badge.
//! Everything shown is read from [`crate::fleet::Fleet`]; nothing of Kubernetes is computed here.
//!
//! The lanes depend only on the fleet, the visible window and the selection, so playback moves
//! one overlay line instead of redrawing them.

use std::rc::Rc;

use yew::prelude::*;

use super::h::{el, frag, El};
use super::i18n::{tf, Lang, F};
use super::timeline::{bar_av, short_time};
use super::views::{memo, rc_id};
use crate::fleet::{Fleet, FleetPod, Outcome};

/// A shared fleet compared by identity (one simulation per input), for component props.
#[derive(Clone)]
pub struct Fl(pub Rc<Fleet>);

impl PartialEq for Fl {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.0, &o.0)
    }
}

impl std::ops::Deref for Fl {
    type Target = Fleet;
    fn deref(&self) -> &Fleet {
        &self.0
    }
}

/// ReplicaSets are told apart by these many Okabe–Ito colours (then they repeat; the legend and
/// every lane's label name the ReplicaSet too).
pub const PALETTE: usize = 6;
/// At most this many Deployment/ReplicaSet events are listed (the latest ones before the playhead).
const EVENT_ROWS: usize = 100;

/// Every fleet instant worth stepping to: events, transcript lines, each pod's create, Ready,
/// delete and removal.
pub fn fleet_stops(f: &Fleet) -> Vec<i64> {
    // Plain pushes (each iterator chain or `extend` shape is its own code in the wasm).
    let mut v: Vec<i64> = Vec::new();
    for e in &f.events {
        v.push(e.t_ms);
    }
    for (t, _) in f.rollout_status.iter().chain(&f.drain) {
        v.push(*t);
    }
    for p in &f.pods {
        v.push(p.created_ms);
        if let Some(t) = p.ready_ms {
            v.push(t);
        }
        if let Some((t, _)) = p.deleted {
            v.push(t);
        }
        if let Some(t) = p.removed_ms {
            v.push(t);
        }
    }
    v.retain(|t| (0..=f.until_ms).contains(t));
    crate::sort::ints(&mut v);
    v.dedup();
    v
}

/// The Ready=True spans of a pod, in fleet ms (from its own timeline's Ready condition).
fn ready_spans(p: &FleetPod, end: i64) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    let mut since: Option<i64> = None;
    for c in p.timeline.conditions.iter().filter(|c| c.type_ == "Ready") {
        let t = p.created_ms + c.t_ms;
        match (c.status == "True", since) {
            (true, None) => since = Some(t),
            (false, Some(s)) => {
                out.push((s, t));
                since = None;
            }
            _ => {}
        }
    }
    if let Some(s) = since {
        out.push((s, end));
    }
    out
}

/// The pod's life in one sentence (the lane's accessible name and tooltip).
pub fn pod_summary(f: &Fleet, p: &FleetPod, lang: Lang) -> String {
    let rs = f.replica_sets.get(p.replica_set);
    let mut s = format!(
        "{} · {} ({} {}) · {} {} · {} {}",
        p.name,
        rs.map_or("?", |r| r.name.as_str()),
        tf(lang, F::SumRevision),
        rs.map_or(0, |r| r.revision),
        tf(lang, F::SumNode),
        p.node.as_deref().unwrap_or(tf(lang, F::SumUnschedulable)),
        tf(lang, F::Created),
        short_time(p.created_ms)
    );
    use std::fmt::Write as _;
    let _ = match p.ready_ms {
        Some(r) => write!(s, " · Ready {}", short_time(r)),
        None => write!(s, " · {}", tf(lang, F::SumNeverReady)),
    };
    if let Some((d, why)) = p.deleted {
        let _ = write!(s, " · {} {} ({})", tf(lang, F::SumDeleted), short_time(d), why.as_str());
    }
    if let Some(g) = p.removed_ms {
        let _ = write!(s, " · {} {}", tf(lang, F::SumGone), short_time(g));
    }
    s
}

/// One lane per pod of the fleet, as buttons (keyboard: Tab to a lane, Enter selects the pod
/// for the pod views). Each lane's bar: created (outlined), Ready (filled in the ReplicaSet's
/// colour), terminating (striped), then nothing once the pod is gone.
///
/// Drawn again only when the fleet, the window, the selection or the language changes (a
/// [`memo`]: one component type less in the wasm). The callback is the one made for this
/// fleet (made once per fleet in the app), so the fleet's identity stands for it.
fn fleet_lanes(
    fleet: &Fl,
    view: (i64, i64),
    selected: Option<usize>,
    lang: Lang,
    on_select: &Callback<Option<usize>>,
) -> Html {
    let (f, on_select) = (fleet.clone(), on_select.clone());
    let deps = vec![21, rc_id(&fleet.0), view.0, view.1, selected.map_or(-1, |i| i as i64), lang as i64];
    memo(deps, move || lanes_view(&f, view, selected, lang, &on_select))
}

fn lanes_view(
    f: &Fleet,
    view: (i64, i64),
    selected: Option<usize>,
    lang: Lang,
    on_select: &Callback<Option<usize>>,
) -> Html {
    let (from, to) = view;
    let span = (to - from).max(1) as f64;
    let x = |t: i64| crate::float::clamp((t - from) as f64 / span * 1000.0, -1.0, 1001.0);
    let lanes = f.pods.iter().enumerate().map(|(i, pod)| {
        let end = pod.removed_ms.unwrap_or(f.until_ms).min(f.until_ms);
        let rs = pod.replica_set % PALETTE;
        let mut segs: Vec<Html> = Vec::new();
        let seg = |a: i64, b: i64, class: String, title: String| -> Html {
            if b < from || a > to || b < a {
                return Html::default();
            }
            bar_av(class.into(), x(a), x(b), 1.5, "3", "14", title)
        };
        let del = pod.deleted.map(|d| d.0);
        segs.push(seg(
            pod.created_ms,
            end,
            format!("lane-life rev-{rs}"),
            format!("{} {}", tf(lang, F::Created), short_time(pod.created_ms)),
        ));
        for (a, b) in ready_spans(pod, end) {
            segs.push(seg(
                a,
                b.min(end),
                format!("lane-ready rev-{rs}"),
                format!("Ready {} → {}", short_time(a), short_time(b)),
            ));
        }
        if let Some(d) = del {
            segs.push(seg(d, end, "lane-term".to_string(), format!("{} {}", tf(lang, F::Terminating), short_time(d))));
        }
        let selected = selected == Some(i);
        let on_select = on_select.clone();
        let onclick = Callback::from(move |_| on_select.emit(if selected { None } else { Some(i) }));
        let summary = pod_summary(f, pod, lang);
        el("li")
            .e(el("button")
                .a("class", if selected { "lane selected" } else { "lane" })
                .onclick(onclick)
                .a("aria-pressed", if selected { "true" } else { "false" })
                .at("title", summary.clone())
                .at("aria-label", summary)
                .testid("fleet-lane")
                .at("data-pod", pod.name.clone())
                .e(el("span").class("lane-name").e(swatch(format!("swatch rev-{rs}").into())).ts(pod.name.clone()))
                .e(el("svg")
                    .class("lane-bar")
                    .a("viewBox", "0 0 1000 20")
                    .a("preserveAspectRatio", "none")
                    .a("aria-hidden", "true")
                    .a("focusable", "false")
                    .cs(segs)))
            .h()
    });
    el("ol").class("lanes-list").cs(lanes).h()
}

/// A colour key: `<span class="swatch …" aria-hidden="true">`.
fn swatch(class: AttrValue) -> El {
    el("span").av("class", class).a("aria-hidden", "true")
}

/// A legend's entry: a colour key and its text (the Rollout's and the Traffic panel's).
pub(super) fn key_item(class: &'static str, text: &'static str) -> Html {
    el("li").e(swatch(AttrValue::Static(class))).t(text).h()
}

/// The lanes' playhead, at `frac` of the lanes' width (the Rollout's and the Traffic panel's).
pub(super) fn lanes_playhead(frac: f64) -> Html {
    el("div")
        .class("lanes-playhead")
        .a("aria-hidden", "true")
        .at(
            "style",
            format!("left:calc(var(--lane-label) + (100% - var(--lane-label)) * {})", crate::float::Fixed(frac, 4)),
        )
        .h()
}

/// What the fleet (or the traffic) does not simulate, when anything (the Rollout's and the
/// Traffic panel's); else an empty placeholder.
pub(super) fn not_simulated(list: &[String], lang: Lang) -> Html {
    if list.is_empty() {
        return Html::default();
    }
    el("details")
        .class("fleet-not-simulated")
        .e(el("summary").t(tf(lang, F::NotSimulatedFleet)))
        .e(el("ul").cs(list.iter().map(|n| el("li").ts(n.clone()).h())))
        .h()
}

/// The outcome at the playhead: (class, text).
fn outcome_badge(f: &Fleet, at: i64, lang: Lang) -> (&'static str, String) {
    match f.outcome {
        Outcome::Complete(t) if at >= t => ("badge ok", format!("{} {}", tf(lang, F::RolledOut), short_time(t))),
        Outcome::DeadlineExceeded(t) if at >= t => ("badge err", format!("ProgressDeadlineExceeded {}", short_time(t))),
        _ if f.rollout_ms.is_some_and(|r| at < r) => ("badge", tf(lang, F::BeforeRollout).to_string()),
        _ => ("badge warn", tf(lang, F::RollingOut).to_string()),
    }
}

/// The whole Rollout view at fleet time `at` over the visible window `view` (fleet ms);
/// `selected`: the fleet pod the pod views show (None: the pod of the paste, simulated alone).
/// Drawn again only when one of these changes (a [`memo`] rather than a component type: each
/// costs the wasm a copy of Yew's lifecycle code); `on_select` is made once per fleet.
pub fn rollout_view(
    fleet: &Fl,
    at: i64,
    view: (i64, i64),
    lang: Lang,
    selected: Option<usize>,
    on_select: &Callback<Option<usize>>,
) -> Html {
    let (f, on_select) = (fleet.clone(), on_select.clone());
    let deps = vec![23, rc_id(&fleet.0), at, view.0, view.1, selected.map_or(-1, |i| i as i64), lang as i64];
    memo(deps, move || rollout_body(&f, at, view, lang, selected, &on_select))
}

fn rollout_body(
    fl: &Fl,
    at: i64,
    view: (i64, i64),
    lang: Lang,
    selected: Option<usize>,
    on_select: &Callback<Option<usize>>,
) -> Html {
    let f: &Fleet = fl;
    let (from, to) = view;
    let frac = crate::float::clamp((at - from) as f64 / (to - from).max(1) as f64, 0.0, 1.0);
    let in_view = at >= from && at <= to;
    let (badge_class, badge) = outcome_badge(f, at, lang);
    let end_text = match f.outcome {
        Outcome::Complete(t) => format!("{} {}", tf(lang, F::EndsComplete), short_time(t)),
        Outcome::DeadlineExceeded(t) => format!("{} {}", tf(lang, F::EndsDeadline), short_time(t)),
        Outcome::Waiting => tf(lang, F::EndsWaiting).to_string(),
    };
    let lines_n = f.rollout_status.partition_point(|(t, _)| *t <= at);
    let drain_n = f.drain.partition_point(|(t, _)| *t <= at);
    let events_n = f.events.partition_point(|e| e.t_ms <= at);
    let first_event = events_n.saturating_sub(EVENT_ROWS);
    let strategy = f.strategy_text();
    // An absent part keeps its place as an empty node (as `html! {}` did), so the parts after
    // it are diffed against themselves.
    let kind_name = format!("{}/{}", f.kind.to_ascii_lowercase(), f.name);
    let legend = f.replica_sets.iter().enumerate().map(|(i, r)| {
        el("li")
            .e(swatch(format!("swatch rev-{}", i % PALETTE).into()))
            .e(el("code").ts(r.name.clone()))
            .ts(format!(" revision {} · {}", r.revision, r.change))
            .h()
    });
    let key = |class: &'static str, label: F| key_item(class, tf(lang, label));
    let playhead = in_view.then(|| lanes_playhead(frac));
    let events = if events_n == 0 {
        el("p").class("muted").t(tf(lang, F::NoEventsYet)).h()
    } else {
        let th = |s: &'static str| el("th").a("scope", "col").t(s).h();
        let td = |s: String| el("td").ts(s).h();
        el("div")
            .class("table-scroll")
            .e(el("table")
                .class("fleet-events")
                .testid("fleet-events")
                .e(el("thead").e(el("tr").cs(["TIME", "TYPE", "REASON", "OBJECT", "MESSAGE"].map(th))))
                .e(el("tbody").cs(f.events[first_event..events_n].iter().map(|e| {
                    let tr = el("tr");
                    let tr = if e.type_ == "Warning" { tr.class("warn") } else { tr };
                    tr.c(td(Fleet::clock(e.t_ms)))
                        .c(td(e.type_.clone()))
                        .c(td(e.reason.clone()))
                        .c(td(e.object.clone()))
                        .c(td(e.message.clone()))
                        .h()
                }))))
            .h()
    };
    let earlier = (first_event > 0)
        .then(|| el("p").class("muted").ts(format!("{} {first_event}", tf(lang, F::EarlierEvents))).h());
    el("section")
        .class("rollout")
        .a("aria-label", tf(lang, F::Rollout))
        .testid("rollout")
        .e(el("h3").t(tf(lang, F::Rollout)).t(" ").e(el("code").ts(kind_name)).t(" ").e(el("span")
            .a("class", badge_class)
            .a("role", "status")
            .testid("rollout-outcome")
            .ts(badge)))
        .e(el("p")
            .class("muted rollout-summary")
            .ts(format!(
                "{} {} · {strategy} · minReadySeconds {} · progressDeadlineSeconds {} · ",
                f.replicas,
                tf(lang, F::Replicas),
                f.min_ready_seconds,
                f.progress_deadline_seconds.map_or("-".to_string(), |s| s.to_string())
            ))
            .ts(end_text))
        .e(el("ul")
            .class("legend")
            .a("aria-label", tf(lang, F::Legend))
            .cs(legend)
            .c(key("swatch lane-key-start", F::KeyStarting))
            .c(key("swatch lane-key-term", F::Terminating)))
        .e(el("p").class("muted lanes-help").t(tf(lang, F::LanesHelp)))
        .e(el("div").class("lanes").a("role", "group").a("aria-label", tf(lang, F::PodLanes)).e(el("div")
            .class("lanes-in")
            .c(fleet_lanes(fl, view, selected, lang, on_select))
            .c(playhead.unwrap_or_default())))
        .c(texts(fl, at, lines_n, drain_n))
        .e(el("h4").t(tf(lang, F::FleetEvents)))
        .c(events)
        .c(earlier.unwrap_or_default())
        .c(not_simulated(&f.not_simulated, lang))
        .h()
}

/// The `kubectl rollout status` transcript (and the drain's) and `kubectl get deploy` / `get rs`
/// at the playhead, made again only when a line or a whole second is crossed.
fn texts(fleet: &Fl, at: i64, lines_n: usize, drain_n: usize) -> Html {
    let f = fleet.clone();
    memo(vec![22, rc_id(&fleet.0), lines_n as i64, drain_n as i64, at.div_euclid(1000)], move || {
        let mut status = format!("$ kubectl rollout status {}/{}\n", f.kind.to_ascii_lowercase(), f.name);
        for (_, l) in &f.rollout_status[..lines_n] {
            status.push_str(l);
            status.push('\n');
        }
        if drain_n > 0 {
            status.push_str("\n$ kubectl drain\n");
            for (_, l) in &f.drain[..drain_n] {
                status.push_str(l);
                status.push('\n');
            }
        }
        let kubectl = |id: &'static str, s: String| el("pre").class("kubectl").testid(id).ts(s).h();
        let get_deploy = (f.kind == "Deployment")
            .then(|| f.get_deploy(at))
            .filter(|d| !d.is_empty())
            .map(|d| frag(vec![el("h4").ts(format!("kubectl get deploy {}", f.name)).h(), kubectl("get-deploy", d)]));
        el("div")
            .class("rollout-texts")
            .e(el("div").e(el("h4").t("kubectl rollout status")).c(kubectl("rollout-status", status)))
            .e(el("div").opt(get_deploy).e(el("h4").t("kubectl get rs")).c(kubectl("get-rs", f.get_rs(at))))
            .h()
    })
}
