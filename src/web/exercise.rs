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

/// The picker, next to the examples.
#[derive(Properties, PartialEq)]
pub struct PickerProps {
    pub lang: Lang,
}

#[function_component(ExercisePicker)]
pub fn exercise_picker(p: &PickerProps) -> Html {
    let lang = p.lang;
    let zh = lang == Lang::Zh;
    let onchange = Callback::from(|e: Event| {
        let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
        let id = sel.value();
        if !id.is_empty() {
            open(&id);
        }
        sel.set_value("");
    });
    html! {
        <label class="exercises-picker">
            <span class="visually-hidden">{t(lang, T::Exercises)}</span>
            <select {onchange} aria-label={t(lang, T::Exercises)} data-testid="exercises">
                <option value="" selected=true>{format!("{} …", t(lang, T::Exercises))}</option>
                // The library's titles (the files' own, tests/exercises.rs): no file is fetched
                // until one is opened.
                { for library::EXERCISES.iter().map(|e| html! {
                    <option value={e.id}>{ if zh { e.title_zh } else { e.title } }</option>
                }) }
            </select>
        </label>
    }
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
#[derive(Clone)]
enum File {
    /// The URL names no exercise of the library.
    Unknown,
    Loading,
    /// The file could not be fetched or read: the message.
    Failed(String),
    Ready(Rc<Exercise>),
}

/// The open exercise: its id and its file.
type Open = Option<(String, File)>;

#[function_component(ExercisePanel)]
pub fn exercise_panel(p: &PanelProps) -> Html {
    let lang = p.lang;
    let zh = lang == Lang::Zh;
    let current: UseStateHandle<Open> = use_state(|| None);
    let hints = use_state(|| 0usize);

    // Follow the URL: on load and on every fragment change. The listener reads the latest
    // text and open id through refs (a handle captured at mount would keep its first value).
    let text_ref = use_mut_ref(AttrValue::default);
    *text_ref.borrow_mut() = p.text.clone();
    let open_ref = use_mut_ref(|| None::<String>);
    {
        let current = current.clone();
        let hints = hints.clone();
        let on_load = p.on_load.clone();
        use_effect_with((), move |_| {
            crate::web::share::follow_fragment(move || {
                let id = from_url();
                if id == *open_ref.borrow() {
                    return;
                }
                open_ref.borrow_mut().clone_from(&id);
                hints.set(0);
                match id {
                    None => current.set(None),
                    Some(id) if library::by_id(&id).is_none() => current.set(Some((id, File::Unknown))),
                    Some(id) => {
                        current.set(Some((id.clone(), File::Loading)));
                        let (current, open_ref, text_ref, on_load) =
                            (current.clone(), open_ref.clone(), text_ref.clone(), on_load.clone());
                        yew::platform::spawn_local(async move {
                            let path = library::path(&id);
                            let got = crate::web::share::fetch_text(&path).await;
                            // Another exercise (or none) was opened meanwhile.
                            if open_ref.borrow().as_deref() != Some(id.as_str()) {
                                return;
                            }
                            let file = match got.and_then(|text| exercise::parse(&text).map_err(|d| d.to_string())) {
                                Ok(ex) => {
                                    let saved = storage().and_then(|s| s.get_item(&storage_key(&id)).ok().flatten());
                                    let next = saved.unwrap_or_else(|| ex.start_text());
                                    if next != text_ref.borrow().as_str() {
                                        on_load.emit(next);
                                    }
                                    File::Ready(Rc::new(ex))
                                }
                                Err(e) => File::Failed(format!("{path}: {e}")),
                            };
                            current.set(Some((id, file)));
                        });
                    }
                }
            })
        });
    }

    let open_ex = match &*current {
        Some((id, File::Ready(ex))) => Some((id.clone(), ex.clone())),
        _ => None,
    };
    // Keep the student's work for this exercise.
    {
        let id = open_ex.as_ref().map(|(id, _)| id.clone());
        let text = id.as_ref().map(|_| p.text.clone());
        use_effect_with((id, text), |(id, text)| {
            if let (Some(id), Some(text), Some(s)) = (id, text, storage()) {
                let _ = s.set_item(&storage_key(id), text);
            }
        });
    }
    // Grade on the page's own parse and simulation when they are what the exercise plays.
    let report: Rc<Option<Report>> = {
        let ex = open_ex.as_ref().map(|(_, e)| e.clone());
        use_memo(
            (open_ex.as_ref().map(|(id, _)| id.clone()), ByPtr(p.parsed.clone()), p.timeline.clone(), p.doc_index),
            move |(_, parsed, tl, doc_index)| {
                let ex = ex?;
                let reuse = tl.as_ref().filter(|_| *doc_index == 0 && ex.scenario_matches(&parsed.0.scenario));
                Some(exercise::check_parsed(&ex, &parsed.0, reuse.map(|t| &*t.0)))
            },
        )
    };

    let Some((id, file)) = (*current).clone() else { return html! {} };
    let close = Callback::from(|_| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().set_hash("");
        }
    });
    let not_open = |message: String| {
        html! {
            <section class="exercise" data-testid="exercise" aria-label={t(lang, T::Exercises)}>
                <p class="exercise-unknown">{message}</p>
                <button onclick={close.clone()}>{t(lang, T::ExerciseClose)}</button>
            </section>
        }
    };
    let ex = match file {
        File::Ready(ex) => ex,
        File::Unknown => return not_open(format!("{}: {id}", t(lang, T::ExerciseUnknown))),
        File::Loading => return not_open(t(lang, T::Loading).to_string()),
        File::Failed(e) => return not_open(format!("{} {e}", t(lang, T::LoadFailed))),
    };
    let Some(report) = report.as_ref() else { return html! {} };
    let total = report.goals.len();
    let passed = report.passed_count();
    let reset = {
        let (on_load, ex) = (p.on_load.clone(), ex.clone());
        Callback::from(move |_| on_load.emit(ex.start_text()))
    };
    let hint_list = ex.hints_in(zh);
    let more_hint = {
        let hints = hints.clone();
        Callback::from(move |_| hints.set(*hints + 1))
    };
    let solution = match &ex.solution {
        Some(Solution::Inline(s)) => Some(s.clone()),
        _ => None,
    };
    html! {
        // Keyed by the exercise, so opening another one starts from closed hints and solution.
        <section key={id.clone()} class="exercise" data-testid="exercise" data-exercise={id.clone()} aria-label={t(lang, T::Exercises)}>
            <div class="exercise-head">
                <h2>{ex.title_in(zh).to_string()}</h2>
                <button class="exercise-close" onclick={close} aria-label={t(lang, T::ExerciseClose)} title={t(lang, T::ExerciseClose)}>{"×"}</button>
            </div>
            <details class="exercise-instructions" open=true>
                <summary>{t(lang, T::ExerciseInstructions)}</summary>
                { render_markdown(ex.instructions_in(zh)) }
            </details>
            <h3>{t(lang, T::ExerciseGoals)}</h3>
            <p class={classes!("exercise-verdict", report.passed.then_some("pass"))} data-testid="exercise-verdict"
                data-passed={report.passed.to_string()} aria-live="polite">
                { if report.passed { t(lang, T::ExerciseAllPass).to_string() } else { format!("{passed} / {total} {}", t(lang, T::ExercisePassCount)) } }
            </p>
            { if report.errors.is_empty() { html! {} } else { html! {
                <div class="exercise-errors">
                    <p>{t(lang, T::ExerciseInvalid)}</p>
                    <ul>{ for report.errors.iter().map(|e| html! { <li><code>{format!("{}:{}", e.line, e.col)}</code>{" "}{e.message.clone()}</li> }) }</ul>
                </div>
            } } }
            <ul class="goals" data-testid="goals">
            { for report.goals.iter().map(|g| {
                let seek = g.t_ms.map(|at| {
                    let on_seek = p.on_seek.clone();
                    Callback::from(move |_| on_seek.emit(at))
                });
                html! {
                    <li class={classes!("goal", if g.passed { "pass" } else { "fail" })} data-testid="goal" data-passed={g.passed.to_string()} data-goal={g.goal.clone()}>
                        <span class="goal-mark" aria-hidden="true">{ if g.passed { "✓" } else { "✗" } }</span>
                        <span class="visually-hidden">{ if g.passed { t(lang, T::ExercisePassed) } else { t(lang, T::ExerciseFailed) } }</span>
                        <span class="goal-text">{ if zh { g.description_zh.clone() } else { g.description.clone() } }</span>
                        <span class="goal-detail">{g.detail.clone()}</span>
                        { match seek { Some(cb) => html! { <button class="goal-seek" onclick={cb}>{t(lang, T::ExerciseShowMoment)}</button> }, None => html! {} } }
                    </li>
                }
            }) }
            </ul>
            { for report.notes.iter().map(|n| html! { <p class="exercise-note muted">{n.clone()}</p> }) }
            { if report.valid && !ex.scenario_matches(&p.parsed.scenario) {
                // The timeline plays the editor's scenario; grading always uses the exercise's.
                let (on_load, ex, text) = (p.on_load.clone(), ex.clone(), p.text.clone());
                html! {
                    <p class="exercise-note" data-testid="scenario-differs">
                        {t(lang, T::ExerciseScenarioDiffers)}{" "}
                        <button onclick={Callback::from(move |_| on_load.emit(ex.with_scenario(&text)))} data-testid="restore-scenario">
                            {t(lang, T::ExerciseRestoreScenario)}
                        </button>
                    </p>
                }
            } else { html! {} } }
            <div class="exercise-hints">
                <ol>{ for hint_list.iter().take(*hints).map(|h| html! { <li data-testid="hint">{ inline(h) }</li> }) }</ol>
                { if *hints < hint_list.len() { html! {
                    <button onclick={more_hint} data-testid="more-hint">{format!("{} ({}/{})", t(lang, T::ExerciseHint), *hints + 1, hint_list.len())}</button>
                } } else { html! {} } }
            </div>
            <div class="exercise-actions">
                <button onclick={reset} data-testid="exercise-reset">{t(lang, T::ExerciseReset)}</button>
                { match solution { None => html! {}, Some(sol) => {
                    let on_load = p.on_load.clone();
                    let with = ex.with_scenario(&sol);
                    html! {
                        <details class="exercise-solution">
                            <summary data-testid="show-solution">{t(lang, T::ExerciseSolution)}</summary>
                            <pre data-testid="solution">{sol}</pre>
                            <button onclick={Callback::from(move |_| on_load.emit(with.clone()))}>{t(lang, T::ExerciseUseSolution)}</button>
                        </details>
                    }
                } } }
            </div>
        </section>
    }
}

/// The Markdown subset as DOM nodes (text is always text).
fn render_markdown(md: &str) -> Html {
    html! {
        <div class="md">
        { for markdown::parse(md).into_iter().map(|b| match b {
            Block::Heading(level, inl) => match level {
                1 => html! { <h3>{ inline_nodes(&inl) }</h3> },
                2 => html! { <h4>{ inline_nodes(&inl) }</h4> },
                _ => html! { <h5>{ inline_nodes(&inl) }</h5> },
            },
            Block::Paragraph(inl) => html! { <p>{ inline_nodes(&inl) }</p> },
            Block::List { ordered: false, items } => html! { <ul>{ for items.iter().map(|i| html! { <li>{ inline_nodes(i) }</li> }) }</ul> },
            Block::List { ordered: true, items } => html! { <ol>{ for items.iter().map(|i| html! { <li>{ inline_nodes(i) }</li> }) }</ol> },
            Block::Code(code) => html! { <pre><code>{code}</code></pre> },
        }) }
        </div>
    }
}

fn inline(text: &str) -> Html {
    inline_nodes(&markdown::inline(text))
}

fn inline_nodes(nodes: &[Inline]) -> Html {
    html! {
        { for nodes.iter().map(|n| match n {
            Inline::Text(s) => html! { {s.clone()} },
            Inline::Code(s) => html! { <code>{s.clone()}</code> },
            Inline::Strong(s) => html! { <strong>{s.clone()}</strong> },
            Inline::Em(s) => html! { <em>{s.clone()}</em> },
            Inline::Link(text, url) => html! { <span class="md-link" title={url.clone()}>{format!("{text} ({url})")}</span> },
        }) }
    }
}
