//! Controls for the common scenario knobs. They never keep state of their own: each change
//! edits the `kind: Scenario` document in the editor's text ([`crate::scenario_doc`]), so
//! the YAML and the controls cannot disagree.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::h::{el, frag, El};
use super::i18n::{t, Lang, T};
use crate::app::behaviour::{HealthRule, MemoryRule, SigtermAction, SigtermRule};
use crate::app::{ContainerBehaviour, Millis};
use crate::engine::scenario::{DeleteScenario, NodeFail, NodeFailMode, ObjectKeys};
use crate::engine::Scenario;
use crate::input::Parsed;

fn secs(m: Option<Millis>) -> String {
    m.map(|m| crate::float::Shortest(m.0 as f64 / 1000.0).to_string()).unwrap_or_default()
}

fn parse_secs(v: &str) -> Option<Millis> {
    crate::float::parse_f64(v.trim())
        .filter(|x| x.is_finite() && *x >= 0.0)
        .map(|x| Millis((x * 1000.0).round() as i64))
}

/// The ConfigMaps a pod's containers read (env, envFrom), with whether the reference is optional.
fn config_maps_of(parsed: &Parsed, index: usize) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let Some(spec) = parsed.pods.get(index).and_then(|d| d.pod.spec.as_ref()) else { return out };
    let mut add = |name: &str, key: Option<&str>| {
        let i = match out.iter().position(|(n, _)| n == name) {
            Some(i) => i,
            None => {
                out.push((name.to_string(), Vec::new()));
                out.len() - 1
            }
        };
        if let Some(k) = key {
            if !out[i].1.iter().any(|x| x == k) {
                out[i].1.push(k.to_string());
            }
        }
    };
    for c in spec.init_containers.iter().flatten().chain(spec.containers.iter()) {
        for e in c.env.iter().flatten() {
            if let Some(r) = e.value_from.as_ref().and_then(|v| v.config_map_key_ref.as_ref()) {
                add(&r.name, Some(&r.key));
            }
        }
        for f in c.env_from.iter().flatten() {
            if let Some(r) = &f.config_map_ref {
                add(&r.name, None);
            }
        }
    }
    for v in spec.volumes.iter().flatten() {
        if let Some(cm) = &v.config_map {
            add(&cm.name, None);
        }
    }
    out
}

/// The scenario knobs of document `index`. A plain function (the page draws it through
/// `views::memo`, again when the parse, the document or the language change): each component
/// type costs the wasm its own copy of Yew's lifecycle. `on_change` is called with the new
/// scenario; the caller writes it into the text.
pub fn controls(parsed: &Parsed, index: usize, lang: Lang, on_change: &Callback<Scenario>) -> Html {
    let Some(doc) = parsed.pods.get(index) else { return Html::default() };
    // One copy for every knob's callback; a change edits a copy of it.
    let sc = Rc::new(parsed.scenario.clone());
    let containers = doc.pod.spec.as_ref().map_or(&[][..], |s| &s.containers[..]);

    // Each knob: read the control's value (a checkbox's state, an input's or a select's
    // value), apply it to a copy of the scenario, and hand the copy back.
    let edit = {
        let on_change = on_change.clone();
        let sc = sc.clone();
        move |f: Setter| {
            let on_change = on_change.clone();
            let sc = sc.clone();
            Callback::from(move |e: Event| {
                let target = e.target();
                let v = if let Some(el) = target.clone().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                    if el.type_() == "checkbox" {
                        el.checked().to_string()
                    } else {
                        el.value()
                    }
                } else if let Some(el) = target.and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) {
                    el.value()
                } else {
                    return;
                };
                let mut next = Scenario::clone(&sc);
                f(&mut next, v);
                on_change.emit(next);
            })
        }
    };

    let delete_at = secs(sc.delete.as_ref().map(|d| d.at));
    let fail_at = secs(sc.node.fail.as_ref().map(|f| f.at));
    let fail_mode = sc.node.fail.as_ref().map_or("Unreachable", |f| match f.mode {
        NodeFailMode::Unreachable => "Unreachable",
        NodeFailMode::NotReady => "NotReady",
    });
    let cms = config_maps_of(parsed, index);

    let delete = never(
        lang,
        number(
            "1",
            delete_at,
            edit(Rc::new(|s: &mut Scenario, v: String| {
                s.delete = parse_secs(&v).map(|at| DeleteScenario {
                    at,
                    grace_period_seconds: s.delete.as_ref().and_then(|d| d.grace_period_seconds),
                });
            })),
        ),
    )
    .testid("delete-at");
    let node_fail = never(
        lang,
        number(
            "1",
            fail_at,
            edit(Rc::new(|s: &mut Scenario, v: String| {
                let mode = s.node.fail.as_ref().map_or(NodeFailMode::Unreachable, |f| f.mode);
                s.node.fail = parse_secs(&v).map(|at| NodeFail { at, mode });
            })),
        ),
    )
    .testid("node-fail-at");
    let mode = el("select")
        .a("aria-label", "mode")
        .onchange(edit(Rc::new(|s: &mut Scenario, v: String| {
            if let Some(f) = s.node.fail.as_mut() {
                f.mode = if v == "NotReady" { NodeFailMode::NotReady } else { NodeFailMode::Unreachable };
            }
        })))
        .cs(["Unreachable", "NotReady"].into_iter().map(|m| option(m, m == fail_mode, m)));
    let config_maps = cms.iter().map(|(name, keys)| {
        let exists = sc.config_maps.as_ref().is_none_or(|l| l.iter().any(|o| &o.name == name));
        let (name2, keys2) = (name.clone(), keys.clone());
        el("label")
            .e(el("input").a("type", "checkbox").checked(exists).at("data-testid", format!("cm-{name}")).onchange(
                edit(Rc::new(move |s: &mut Scenario, v: String| {
                    let mut list = s.config_maps.clone().unwrap_or_default();
                    list.retain(|o| o.name != name2);
                    if v == "true" {
                        list.push(ObjectKeys { name: name2.clone(), keys: keys2.clone() });
                    }
                    s.config_maps = Some(list);
                })),
            ))
            .e(el("span").t("ConfigMap ").e(el("code").ts(name.clone())).t(" ").t(t(lang, T::ConfigMapExists)))
            .h()
    });
    el("details")
        .class("controls")
        .testid("scenario-controls")
        .e(el("summary").t(t(lang, T::Scenario)))
        .e(el("div")
            .class("knobs")
            .e(knob(lang, t(lang, T::DeleteAt), delete, true))
            .e(knob(lang, t(lang, T::NodeFailAt), node_fail, true).e(mode))
            .cs(config_maps)
            .c(fleet_knobs(lang, parsed, &sc, &edit))
            .cs(containers.iter().take(super::views::LIST_CAP).map(|c| container_knobs(lang, &c.name, &sc, &edit)))
            .c(super::views::not_listed(lang, containers.len(), super::views::LIST_CAP)))
        .h()
}

/// `<input type="number" min="0" step=…>` with its value and change handler.
fn number(step: &'static str, value: String, onchange: Callback<Event>) -> El {
    el("input").a("type", "number").a("min", "0").a("step", step).value(value).onchange(onchange)
}

/// The "never" placeholder of an optional time.
fn never(lang: Lang, input: El) -> El {
    input.a("placeholder", t(lang, T::Never))
}

/// `<label><span>label</span>{input}</label>`, with a "s" unit after the input if `unit`.
fn knob(lang: Lang, label: &'static str, input: El, unit: bool) -> El {
    let l = el("label").e(el("span").t(label)).e(input);
    if unit {
        l.e(el("span").class("unit").t(t(lang, T::Seconds)))
    } else {
        l
    }
}

/// `<option value=…>` of a `<select>`, with `selected` as `html!` writes it.
fn option(value: &'static str, selected: bool, label: &'static str) -> Html {
    let o = el("option").a("value", value);
    let o = if selected { o.a("selected", "selected") } else { o };
    o.t(label).h()
}

/// The rollout and traffic knobs (issue 6): `rollout.at` for a Deployment (a new rollout is a
/// `restart: true`, like `kubectl rollout restart`; an existing one keeps its image changes), and
/// the client load's `rps`, `requestDuration` and `proxyDelay` when the paste has a Service.
fn fleet_knobs(lang: Lang, parsed: &Parsed, sc: &Scenario, edit: Edit<'_>) -> Html {
    use super::i18n::{tf, F};
    let deployment = crate::fleet::workload_doc(parsed).is_some_and(|d| d.kind == "Deployment");
    let service = !parsed.services.is_empty();
    if !deployment && !service {
        return Html::default();
    }
    let tr = sc.traffic.clone().unwrap_or_default();
    let traffic = |f: fn(&mut crate::traffic::TrafficSpec, String)| -> Setter {
        Rc::new(move |s: &mut Scenario, v: String| {
            let mut t = s.traffic.clone().unwrap_or_default();
            f(&mut t, v);
            s.traffic = if t == crate::traffic::TrafficSpec::default() { None } else { Some(t) };
        })
    };
    // Each optional part keeps its place (an empty node when absent), as `html!` does: Yew
    // matches unkeyed children from the end, so a part that comes and goes would otherwise
    // make it redraw the children before it.
    let mut rollout = Html::default();
    let mut load = Html::default();
    if deployment {
        let at = never(
            lang,
            number(
                "1",
                secs(sc.rollout.as_ref().map(|r| r.at)),
                edit(Rc::new(|s: &mut Scenario, v: String| {
                    s.rollout = parse_secs(&v).map(|at| {
                        let mut r = s.rollout.clone().unwrap_or_else(|| crate::engine::scenario::RolloutScenario {
                            restart: true,
                            ..Default::default()
                        });
                        r.at = at;
                        r
                    });
                })),
            ),
        )
        .testid("rollout-at");
        rollout = knob(lang, tf(lang, F::RolloutAt), at, true).h();
    }
    if service {
        let rps = el("input")
            .a("type", "number")
            .a("min", "0")
            .a("max", "100000")
            .a("step", "10")
            .value(tr.rps.to_string())
            .testid("traffic-rps")
            .onchange(edit(traffic(|t, v| {
                if let Ok(n) = v.trim().parse::<u32>() {
                    t.rps = n.min(100_000)
                }
            })));
        let duration = number(
            "0.1",
            secs(Some(tr.request_duration)),
            edit(traffic(|t, v| {
                if let Some(m) = parse_secs(&v) {
                    t.request_duration = m
                }
            })),
        )
        .testid("traffic-duration");
        let delay = number(
            "0.5",
            secs(Some(tr.proxy_delay)),
            edit(traffic(|t, v| {
                if let Some(m) = parse_secs(&v) {
                    t.proxy_delay = m
                }
            })),
        )
        .testid("traffic-proxy-delay");
        load = frag(vec![
            knob(lang, tf(lang, F::Rps), rps, false).h(),
            knob(lang, tf(lang, F::RequestDuration), duration, true).h(),
            knob(lang, tf(lang, F::ProxyDelay), delay, true).h(),
        ]);
    }
    el("fieldset")
        .class("container-knobs")
        .testid("fleet-knobs")
        .e(el("legend").t(tf(lang, F::TrafficKnobs)))
        .c(rollout)
        .c(load)
        .h()
}

/// Applies a control's new value (as text) to a scenario.
type Setter = Rc<dyn Fn(&mut Scenario, String)>;
type Edit<'a> = &'a dyn Fn(Setter) -> Callback<Event>;

fn container_knobs(lang: Lang, name: &str, sc: &Scenario, edit: Edit<'_>) -> Html {
    // Read in place (a container without behaviours reads as the defaults), not cloned.
    let none;
    let b = match sc.containers.get(name) {
        Some(b) => b,
        None => {
            none = ContainerBehaviour::default();
            &none
        }
    };
    let health_from = b
        .health
        .as_ref()
        .and_then(|h| h.iter().find(|r| r.fail == Some(true) || r.status.is_some_and(|s| s >= 400)))
        .and_then(|r| r.from);
    let sigterm = b.sigterm.as_ref().map_or("default", |s| match s.action {
        SigtermAction::Exit => "exit",
        SigtermAction::Drain => "drain",
        SigtermAction::Ignore => "ignore",
    });
    let drain = secs(b.sigterm.as_ref().and_then(|s| s.drain));
    let mem = b.memory.as_ref().and_then(|m| m.per_second.clone()).unwrap_or_default();
    let with = |f: fn(&mut ContainerBehaviour, String)| -> Setter {
        let name = name.to_string();
        Rc::new(move |s: &mut Scenario, v: String| {
            let entry = s.containers.entry(name.clone()).or_default();
            f(entry, v);
            if *entry == ContainerBehaviour::default() {
                s.containers.remove(&name);
            }
        })
    };
    let startup = number("0.5", secs(b.startup), edit(with(|b, v| b.startup = parse_secs(&v))))
        .at("data-testid", format!("startup-{name}"));
    let health = never(
        lang,
        number(
            "1",
            secs(health_from),
            edit(with(|b, v| {
                b.health = parse_secs(&v).map(|from| {
                    vec![HealthRule {
                        from: Some(from),
                        until: None,
                        path: None,
                        port: None,
                        status: Some(500),
                        fail: Some(true),
                        latency: None,
                    }]
                });
            })),
        ),
    )
    .at("data-testid", format!("health-{name}"));
    let handling = el("select")
        .at("data-testid", format!("sigterm-{name}"))
        .onchange(edit(with(|b, v| {
            let drain = b.sigterm.as_ref().and_then(|s| s.drain);
            b.sigterm = match v.as_str() {
                "exit" => Some(SigtermRule { action: SigtermAction::Exit, drain: None, exit_code: None }),
                "drain" => Some(SigtermRule {
                    action: SigtermAction::Drain,
                    drain: drain.or(Some(Millis(5_000))),
                    exit_code: None,
                }),
                "ignore" => Some(SigtermRule { action: SigtermAction::Ignore, drain: None, exit_code: None }),
                _ => None,
            };
        })))
        .cs([
            ("default", T::SigtermDefault),
            ("exit", T::SigtermExit),
            ("drain", T::SigtermDrain),
            ("ignore", T::SigtermIgnore),
        ]
        .into_iter()
        .map(|(v, l)| option(v, v == sigterm, t(lang, l))));
    let mut drain_knob = Html::default();
    if sigterm == "drain" {
        let drain = number(
            "1",
            drain,
            edit(with(|b, v| {
                if let Some(s) = b.sigterm.as_mut() {
                    s.drain = parse_secs(&v);
                }
            })),
        )
        .a("aria-label", "drain seconds");
        drain_knob = frag(vec![drain.h(), el("span").class("unit").t(t(lang, T::Seconds)).h()]);
    }
    let memory = el("input")
        .a("type", "text")
        .a("placeholder", "10Mi")
        .value(mem)
        .a("size", "6")
        .at("data-testid", format!("memory-{name}"))
        .onchange(edit(with(|b, v| {
            let v = v.trim().to_string();
            b.memory = if v.is_empty() {
                None
            } else {
                Some(MemoryRule {
                    start: b.memory.as_ref().and_then(|m| m.start.clone()),
                    per_second: Some(v),
                    max: None,
                })
            };
        })));
    el("fieldset")
        .class("container-knobs")
        .e(el("legend").t(t(lang, T::Container)).t(" ").e(el("code").ts(name.to_string())))
        .e(knob(lang, t(lang, T::StartupTime), startup, true))
        .e(knob(lang, t(lang, T::HealthFailFrom), health, true))
        .e(knob(lang, t(lang, T::SigtermHandling), handling, false).c(drain_knob))
        .e(knob(lang, t(lang, T::MemoryGrowth), memory, false))
        .h()
}
