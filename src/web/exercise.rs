//! The page's exercise mode: a picker next to the examples, and a panel with the exercise's
//! instructions (rendered from a safe Markdown subset into DOM nodes, never HTML text), its
//! goals graded live on every re-simulation, hints revealed one at a time, and the solution.
//!
//! The open exercise is named by the URL: `#exercise=<id>` (one `&`-separated field of the
//! fragment, so it sits next to share-link fields, which ignore it) or `?exercise=<id>`. The
//! student's text for each exercise is kept in localStorage, so a reload keeps the work.
//!
//! Grading reuses the page's own parse and simulation when the editor's Scenario document is
//! the exercise's (the text the exercise loads carries it), so a keystroke costs one
//! simulation, not two.

use std::rc::Rc;

use yew::prelude::*;

use super::h::{el, frag, text};
use super::i18n::{t, Lang, T};
use super::timeline::Tl;
use crate::exercise::markdown::{self, Block, Inline};
use crate::exercise::{self, library, Exercise, Report, Solution};
use crate::input::Parsed;

/// The fragment / query field that names the open exercise.
const PARAM: &str = "exercise";

fn storage_key(id: &str) -> String {
    format!("podlife.exercise.{id}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// `exercise=<id>` in `part` (a fragment or query without its `#`/`?`).
fn param_in(part: &str) -> Option<String> {
    part.split('&').find_map(|kv| kv.strip_prefix(PARAM)?.strip_prefix('=')).map(str::to_string)
}

/// The exercise the URL names, if any.
fn from_url() -> Option<String> {
    let loc = web_sys::window()?.location();
    let hash = loc.hash().unwrap_or_default();
    let search = loc.search().unwrap_or_default();
    param_in(hash.trim_start_matches('#'))
        .or_else(|| param_in(search.trim_start_matches('?')))
        .filter(|s| !s.is_empty())
}

/// Opens an exercise by naming it in the fragment (the panel follows `hashchange`).
fn open(id: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(&format!("{PARAM}={id}"));
    }
}

/// The picker, next to the examples. A plain function rather than a component: it has no
/// state, and a component type costs its own copy of Yew's lifecycle code in the wasm.
pub fn exercise_picker(lang: Lang) -> Html {
    let zh = lang == Lang::Zh;
    let onchange = Callback::from(|e: Event| {
        let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
        let id = sel.value();
        if !id.is_empty() {
            open(&id);
        }
        sel.set_value("");
    });
    el("label")
        .class("exercises-picker")
        .e(el("span").class("visually-hidden").t(t(lang, T::Exercises)))
        .e(el("select")
            .onchange(onchange)
            .a("aria-label", t(lang, T::Exercises))
            .testid("exercises")
            .e(el("option").a("value", "").a("selected", "selected").ts(format!("{} …", t(lang, T::Exercises))))
            // The library's titles (the files' own, tests/exercises.rs): no file is fetched
            // until one is opened.
            .cs(library::listed()
                .map(|[id, title, title_zh]| el("option").a("value", id).t(if zh { title_zh } else { title }).h())))
        .h()
}

/// Compares an `Rc` by identity (one parse result per text).
#[derive(Clone)]
struct ByPtr(Rc<Parsed>);

impl PartialEq for ByPtr {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.0, &o.0)
    }
}

#[derive(Properties)]
pub struct PanelProps {
    pub lang: Lang,
    /// The editor's text (saved per exercise).
    pub text: AttrValue,
    pub parsed: Rc<Parsed>,
    /// The page's simulation and which pod it is of.
    pub timeline: Option<Tl>,
    pub doc_index: usize,
    /// Replaces the editor's text (the exercise's start, saved work, or the solution).
    pub on_load: Callback<String>,
    /// Moves the playhead to a goal's moment.
    pub on_seek: Callback<i64>,
}

impl PartialEq for PanelProps {
    fn eq(&self, o: &Self) -> bool {
        self.lang == o.lang
            && self.text == o.text
            && Rc::ptr_eq(&self.parsed, &o.parsed)
            && self.timeline == o.timeline
            && self.doc_index == o.doc_index
    }
}

/// The open exercise's file: fetched from the site when the exercise is opened (the files
/// are static files next to the page, not compiled into the wasm).
enum File {
    /// The URL names no exercise of the library.
    Unknown,
    Loading,
    /// The file could not be fetched or read: the message.
    Failed(String),
    Ready(Rc<Exercise>),
}

/// The open exercise: its id and its file (shared, so a render does not copy it).
type Open = Option<Rc<(String, File)>>;

/// What grading depends on: the open exercise's id, the parse, the simulation, the pod.
type GradeKey = (Option<String>, ByPtr, Option<Tl>, usize);

/// The panel's memory, in one ref (each hook type is its own code in the wasm): a change to
/// `open` or `hints` is drawn by forcing a render.
#[derive(Default)]
struct Live {
    /// The open exercise; `None` when the URL names none.
    open: Open,
    /// How many hints are shown. Hints are shown only once the file is ready, so a state set
    /// while it opens or loads has none.
    hints: usize,
    /// The latest text (the fragment listener reads it).
    text: AttrValue,
    /// The exercise the URL names (what the listener last followed).
    id: Option<String>,
    /// The (exercise, text) last saved to localStorage.
    saved: (Option<String>, Option<AttrValue>),
    /// The last grade and what it was made of.
    report: Option<(GradeKey, Rc<Option<Report>>)>,
}

#[function_component(ExercisePanel)]
pub fn exercise_panel(p: &PanelProps) -> Html {
    let lang = p.lang;
    let zh = lang == Lang::Zh;
    let live = use_mut_ref(Live::default);
    let force = use_force_update();
    live.borrow_mut().text = p.text.clone();
    // Sets the open exercise (and so no hints) and draws it.
    let set = {
        let (live, force) = (live.clone(), force.clone());
        Rc::new(move |open: Open| {
            let mut l = live.borrow_mut();
            l.open = open;
            l.hints = 0;
            drop(l);
            force.force_update();
        })
    };

    // Follow the URL: on load and on every fragment change. The listener reads the latest
    // text and open id through the ref (a value captured at mount would keep its first value).
    {
        let (live, set) = (live.clone(), set.clone());
        let on_load = p.on_load.clone();
        crate::web::share::use_fragment(Rc::new(move || {
            let id = from_url();
            if id == live.borrow().id {
                return;
            }
            live.borrow_mut().id.clone_from(&id);
            match id {
                None => set(None),
                Some(id) if !library::listed().any(|[known, ..]| known == id) => {
                    set(Some(Rc::new((id, File::Unknown))))
                }
                Some(id) => {
                    set(Some(Rc::new((id.clone(), File::Loading))));
                    let (set, live, on_load) = (set.clone(), live.clone(), on_load.clone());
                    yew::platform::spawn_local(async move {
                        let path = library::path(&id);
                        let got = crate::web::share::fetch_text(&path).await;
                        // Another exercise (or none) was opened meanwhile.
                        if live.borrow().id.as_deref() != Some(id.as_str()) {
                            return;
                        }
                        let file = match got.and_then(|text| exercise::parse(&text).map_err(|d| d.to_string())) {
                            Ok(ex) => {
                                let saved = storage().and_then(|s| s.get_item(&storage_key(&id)).ok().flatten());
                                let next = saved.unwrap_or_else(|| ex.start_text());
                                if next != live.borrow().text.as_str() {
                                    on_load.emit(next);
                                }
                                File::Ready(Rc::new(ex))
                            }
                            Err(e) => File::Failed(format!("{path}: {e}")),
                        };
                        set(Some(Rc::new((id, file))));
                    });
                }
            }
        }));
    }

    let (current, hints) = {
        let l = live.borrow();
        (l.open.clone(), l.hints)
    };
    let open_ex = match current.as_deref() {
        Some((id, File::Ready(ex))) => Some((id, ex)),
        _ => None,
    };
    // Keep the student's work for this exercise (when it or the text changes).
    {
        let id = open_ex.map(|(id, _)| id.clone());
        let saved = (id.clone(), id.as_ref().map(|_| p.text.clone()));
        let mut l = live.borrow_mut();
        if l.saved != saved {
            if let (Some(id), Some(s)) = (&id, storage()) {
                let _ = s.set_item(&storage_key(id), &p.text);
            }
            l.saved = saved;
        }
    }
    // Grade on the page's own parse and simulation when they are what the exercise plays
    // (again only when one of them changes).
    let report: Rc<Option<Report>> = {
        let key: GradeKey =
            (open_ex.map(|(id, _)| id.clone()), ByPtr(p.parsed.clone()), p.timeline.clone(), p.doc_index);
        let mut l = live.borrow_mut();
        match &l.report {
            Some((k, r)) if *k == key => r.clone(),
            _ => {
                let r = Rc::new(open_ex.map(|(_, ex)| {
                    let reuse = key.2.as_ref().filter(|_| key.3 == 0 && ex.scenario_matches(&key.1 .0.scenario));
                    exercise::check_parsed(ex, &key.1 .0, reuse.map(|t| &*t.0))
                }));
                l.report = Some((key, r.clone()));
                r
            }
        }
    };

    let Some(current) = current else { return Html::default() };
    let (id, file) = &*current;
    let close = Callback::from(|_| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().set_hash("");
        }
    });
    let section = || el("section").class("exercise").testid("exercise");
    let not_open = |message: String| {
        section()
            .a("aria-label", t(lang, T::Exercises))
            .e(el("p").class("exercise-unknown").ts(message))
            .e(el("button").onclick(close.clone()).t(t(lang, T::ExerciseClose)))
            .h()
    };
    let ex = match file {
        File::Ready(ex) => ex.clone(),
        File::Unknown => return not_open(format!("{}: {id}", t(lang, T::ExerciseUnknown))),
        File::Loading => return not_open(t(lang, T::Loading).to_string()),
        File::Failed(e) => return not_open(format!("{} {e}", t(lang, T::LoadFailed))),
    };
    let Some(report) = report.as_ref() else { return Html::default() };
    let total = report.goals.len();
    let passed = report.passed_count();
    let reset = {
        let (on_load, ex) = (p.on_load.clone(), ex.clone());
        Callback::from(move |_| on_load.emit(ex.start_text()))
    };
    let hint_list = ex.hints_in(zh);
    let more_hint = Callback::from(move |_| {
        live.borrow_mut().hints += 1;
        force.force_update();
    });
    let solution = match &ex.solution {
        Some(Solution::Inline(s)) => Some(s.clone()),
        _ => None,
    };
    // An absent part keeps its place as an empty node (as `html! {}` did), so the parts after
    // it are diffed against themselves, and an open <details> stays open.
    let errors = (!report.errors.is_empty()).then(|| {
        el("div")
            .class("exercise-errors")
            .e(el("p").t(t(lang, T::ExerciseInvalid)))
            .e(el("ul")
                .cs(report.errors.iter().map(|e| {
                    el("li").e(el("code").ts(format!("{}:{}", e.line, e.col))).t(" ").ts(e.message.clone()).h()
                })))
            .h()
    });
    let goals = report.goals.iter().map(|g| {
        let seek = g.t_ms.map(|at| {
            let on_seek = p.on_seek.clone();
            el("button")
                .class("goal-seek")
                .onclick(Callback::from(move |_| on_seek.emit(at)))
                .t(t(lang, T::ExerciseShowMoment))
                .h()
        });
        let (class, mark, said) = if g.passed {
            ("goal pass", "✓", t(lang, T::ExercisePassed))
        } else {
            ("goal fail", "✗", t(lang, T::ExerciseFailed))
        };
        el("li")
            .a("class", class)
            .testid("goal")
            .a("data-passed", if g.passed { "true" } else { "false" })
            .a("data-goal", g.goal)
            .e(el("span").class("goal-mark").a("aria-hidden", "true").t(mark))
            .e(el("span").class("visually-hidden").t(said))
            .e(el("span").class("goal-text").ts(if zh { g.description_zh.clone() } else { g.description.clone() }))
            .e(el("span").class("goal-detail").ts(g.detail.clone()))
            .opt(seek)
            .h()
    });
    // The timeline plays the editor's scenario; grading always uses the exercise's.
    let differs = (report.valid && !ex.scenario_matches(&p.parsed.scenario)).then(|| {
        let (on_load, ex, text) = (p.on_load.clone(), ex.clone(), p.text.clone());
        el("p")
            .class("exercise-note")
            .testid("scenario-differs")
            .t(t(lang, T::ExerciseScenarioDiffers))
            .t(" ")
            .e(el("button")
                .onclick(Callback::from(move |_| on_load.emit(ex.with_scenario(&text))))
                .testid("restore-scenario")
                .t(t(lang, T::ExerciseRestoreScenario)))
            .h()
    });
    let more = (hints < hint_list.len()).then(|| {
        el("button")
            .onclick(more_hint)
            .testid("more-hint")
            .ts(format!("{} ({}/{})", t(lang, T::ExerciseHint), hints + 1, hint_list.len()))
            .h()
    });
    let solution = solution.map(|sol| {
        let on_load = p.on_load.clone();
        let with = ex.with_scenario(&sol);
        el("details")
            .class("exercise-solution")
            .e(el("summary").testid("show-solution").t(t(lang, T::ExerciseSolution)))
            .e(el("pre").testid("solution").ts(sol))
            .e(el("button")
                .onclick(Callback::from(move |_| on_load.emit(with.clone())))
                .t(t(lang, T::ExerciseUseSolution)))
            .h()
    });
    // Keyed by the exercise, so opening another one starts from closed hints and solution.
    section()
        .key(id.clone())
        .at("data-exercise", id.clone())
        .a("aria-label", t(lang, T::Exercises))
        .e(el("div").class("exercise-head").e(el("h2").ts(ex.title_in(zh).to_string())).e(el("button")
            .class("exercise-close")
            .onclick(close)
            .a("aria-label", t(lang, T::ExerciseClose))
            .a("title", t(lang, T::ExerciseClose))
            .t("×")))
        .e(el("details")
            .class("exercise-instructions")
            .a("open", "open")
            .e(el("summary").t(t(lang, T::ExerciseInstructions)))
            .c(render_markdown(ex.instructions_in(zh))))
        .e(el("h3").t(t(lang, T::ExerciseGoals)))
        .e(el("p")
            .a("class", if report.passed { "exercise-verdict pass" } else { "exercise-verdict" })
            .testid("exercise-verdict")
            .a("data-passed", if report.passed { "true" } else { "false" })
            .a("aria-live", "polite")
            .ts(if report.passed {
                t(lang, T::ExerciseAllPass).to_string()
            } else {
                format!("{passed} / {total} {}", t(lang, T::ExercisePassCount))
            }))
        .opt(errors)
        .e(el("ul").class("goals").testid("goals").cs(goals))
        .cs(report.notes.iter().map(|n| el("p").class("exercise-note muted").ts(n.clone()).h()))
        .opt(differs)
        .e(el("div")
            .class("exercise-hints")
            .e(el("ol").cs(hint_list.iter().take(hints).map(|h| el("li").testid("hint").c(inline(h)).h())))
            .opt(more))
        .e(el("div")
            .class("exercise-actions")
            .e(el("button").onclick(reset).testid("exercise-reset").t(t(lang, T::ExerciseReset)))
            .opt(solution))
        .h()
}

/// The Markdown subset as DOM nodes (text is always text).
fn render_markdown(md: &str) -> Html {
    let with = |tag: &'static str, inl: &[Inline]| el(tag).c(inline_nodes(inl)).h();
    let list = |tag: &'static str, items: &[Vec<Inline>]| el(tag).cs(items.iter().map(|i| with("li", i))).h();
    el("div")
        .class("md")
        .cs(markdown::parse(md).into_iter().map(|b| match b {
            Block::Heading(level, inl) => with(
                match level {
                    1 => "h3",
                    2 => "h4",
                    _ => "h5",
                },
                &inl,
            ),
            Block::Paragraph(inl) => with("p", &inl),
            Block::List { ordered: false, items } => list("ul", &items),
            Block::List { ordered: true, items } => list("ol", &items),
            Block::Code(code) => el("pre").e(el("code").ts(code)).h(),
        }))
        .h()
}

fn inline(text: &str) -> Html {
    inline_nodes(&markdown::inline(text))
}

fn inline_nodes(nodes: &[Inline]) -> Html {
    frag(
        nodes
            .iter()
            .map(|n| match n {
                Inline::Text(s) => text(s.clone()),
                Inline::Code(s) => el("code").ts(s.clone()).h(),
                Inline::Strong(s) => el("strong").ts(s.clone()).h(),
                Inline::Em(s) => el("em").ts(s.clone()).h(),
                Inline::Link(text, url) => {
                    el("span").class("md-link").at("title", url.clone()).ts(format!("{text} ({url})")).h()
                }
            })
            .collect(),
    )
}
