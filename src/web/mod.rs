//! The browser UI: a thin Yew layer over the core. It renders what [`crate::input::parse`]
//! and [`crate::engine::simulate`] return and computes nothing of Kubernetes itself.
//!
//! State flows one way: the editor's text (debounced) → `Parsed` → `Timeline` → every view,
//! all driven by one playhead.

pub mod controls;
pub mod editor;
pub mod exercise;
pub mod export;
pub mod h;
pub mod i18n;
pub mod rollout;
pub mod share;
pub mod timeline;
pub mod traffic;
pub mod views;

use std::rc::Rc;
use std::time::Duration;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use self::editor::Editor;
use self::h::{el, frag, El};
use self::i18n::{t, Lang, T};
use self::timeline::{clamp_view, short_time, Idx, Tl, TrackIndex, TrackInfo};
use self::views::{memo, rc_id};
use crate::engine::Timeline;
use crate::input::{self, Parsed, PodDoc, Severity};
use crate::report;

/// The example loaded on a first visit.
pub const DEFAULT_EXAMPLE: &str = crate::examples::DEFAULT_YAML;
/// Where the editor's text survives a reload.
const STORAGE_KEY: &str = "podlife.editor.v1";
const LANG_KEY: &str = "podlife.lang";
/// The Kubernetes version whose semantics podlife models.
pub const K8S_VERSION: &str = "1.34";
/// The seed of the kubelet's jitter on the page.
const SEED: u64 = 1;
/// Quiet time after a keystroke before re-simulating.
const DEBOUNCE_MS: u64 = 120;
/// Playback speeds offered.
const SPEEDS: [f64; 9] = [0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0];

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn load(key: &str) -> Option<String> {
    storage().and_then(|s| s.get_item(key).ok().flatten())
}

fn save(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

fn initial_lang() -> Lang {
    if let Some(l) = load(LANG_KEY) {
        return Lang::from_tag(&l);
    }
    let nav = web_sys::window().and_then(|w| w.navigator().language()).unwrap_or_default();
    Lang::from_tag(&nav)
}

/// Milliseconds from the page's time origin (for measurements only; never fed to the core).
fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Sets `data-…` attributes of `.app` for the browser benchmarks: (name, ms, decimals).
fn app_attrs(attrs: &[(&str, f64, u32)]) {
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector(".app").ok().flatten());
    if let Some(root) = root {
        for (name, ms, decimals) in attrs {
            let _ = root.set_attribute(name, &crate::float::fixed(*ms, *decimals));
        }
    }
}

fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Starts the app in `<body>`. A panic must never leave a blank page: the release build aborts
/// at once on a panic (a trap, which JavaScript sees as a `WebAssembly.RuntimeError`), and the
/// page's script then shows the crash panel (`share::watch_crashes`), keeping the input (it is
/// also in localStorage) and offering a reload. Debug builds also log the panic's message.
pub fn start() {
    let texts = |l| format!("{}\n{}\n{}", t(l, T::CrashTitle), t(l, T::CrashBody), t(l, T::Reload));
    share::watch_crashes(&texts(Lang::En), &texts(Lang::Zh));
    // The panel speaks the page's language (`<html lang>`, which the App keeps in step), also
    // when a crash comes before the App's first effect.
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = el.set_attribute("lang", initial_lang().tag());
    }
    #[cfg(debug_assertions)]
    std::panic::set_hook(Box::new(|info| web_sys::console::error_1(&info.to_string().into())));
    yew::Renderer::<App>::new().render();
}

/// The container tracks of a pod, in the order the kubelet starts them.
fn tracks_of(doc: &PodDoc) -> Vec<TrackInfo> {
    let mut out = Vec::new();
    if let Some(spec) = &doc.pod.spec {
        for c in spec.init_containers.iter().flatten() {
            let role = if c.restart_policy.as_deref() == Some("Always") { "sidecar" } else { "init" };
            out.push(TrackInfo { name: c.name.clone(), role });
        }
        for c in &spec.containers {
            out.push(TrackInfo { name: c.name.clone(), role: "app" });
        }
    }
    out
}

/// Every instant worth stepping to: events, status changes, transitions.
fn stops_of(tl: &Timeline) -> Vec<i64> {
    // Plain pushes (an iterator chain is its own code in the wasm).
    let mut v: Vec<i64> = Vec::with_capacity(tl.events.len() + tl.status.len() + tl.transitions.len());
    for e in &tl.events {
        v.push(e.t_ms);
    }
    for s in &tl.status {
        v.push(s.t_ms);
    }
    for x in &tl.transitions {
        v.push(x.t_ms);
    }
    crate::sort::ints(&mut v);
    v.dedup();
    v
}

/// The simulation of one pod of the input, when the API server would accept it.
struct Sim {
    doc_index: usize,
    timeline: Tl,
    tracks: Rc<Vec<TrackInfo>>,
    /// Where each track's items are in the timeline.
    index: Idx,
    stops: Rc<Vec<i64>>,
}

/// The simulation of the current input.
enum Outcome {
    /// No pod, or the API server would reject it.
    Nothing,
    Ready(Rc<Sim>),
    /// Longer than [`SYNC_SIM_MS`]: continued in slices ([`simulate_in_slices`]), this run's id.
    Running(u64),
    /// More containers than [`MAX_PAGE_CONTAINERS`]: not simulated in the page (how many).
    TooBig(usize),
}

/// Simulation time allowed inside the render that needs it; a longer run continues in slices.
const SYNC_SIM_MS: f64 = 30.0;
/// Pods of more containers than this are simulated in slices from the start.
const SYNC_MAX_CONTAINERS: usize = 100;
/// Length of one slice of a longer run; the browser handles input and paints between slices.
const SLICE_MS: f64 = 12.0;
/// Queue events in the first chunk of a slice (then sized to ~1–4 ms, see [`run_slice`]).
const FIRST_CHUNK: u64 = 32;
/// The page simulates pods of at most this many containers (init containers included); the
/// CLI simulates any. Measured in BENCHMARKS.md ("hostile input in the page").
pub const MAX_PAGE_CONTAINERS: usize = 20_000;

fn containers_of(doc: &PodDoc) -> usize {
    doc.pod.spec.as_ref().map_or(0, |s| s.containers.len() + s.init_containers.as_ref().map_or(0, Vec::len))
}

fn make_sim(parsed: &Parsed, doc: &PodDoc, timeline: Timeline) -> Sim {
    let tracks = Rc::new(tracks_of(doc));
    Sim {
        doc_index: parsed.pods.iter().position(|p| std::ptr::eq(p, doc)).unwrap_or(0),
        stops: Rc::new(stops_of(&timeline)),
        index: Idx(Rc::new(TrackIndex::new(&timeline, &tracks))),
        timeline: Tl::own(timeline),
        tracks,
    }
}

thread_local! {
    static RUN_ID: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

fn next_run_id() -> u64 {
    RUN_ID.with(|c| {
        c.set(c.get() + 1);
        c.get()
    })
}

/// Runs `st` until the run is over (true) or the clock passes `deadline` (false), in chunks
/// of queue events whose size adapts so that one chunk takes about 1–4 ms (an event of a
/// 10,000-container pod costs far more than one of a small pod).
fn run_slice(st: &mut crate::engine::Stepper<'_>, chunk: &mut u64, deadline: f64) -> bool {
    loop {
        let t0 = now_ms();
        if st.step(*chunk) {
            return true;
        }
        let t1 = now_ms();
        if t1 - t0 < 1.0 {
            *chunk = (*chunk * 2).min(1 << 16);
        } else if t1 - t0 > 4.0 {
            *chunk = (*chunk / 2).max(1);
        }
        if t1 >= deadline {
            return false;
        }
    }
}

/// The simulation of pod `i` of `parsed` in slices of [`SLICE_MS`], yielding to the browser
/// (a zero timeout) between slices; stops as soon as `cancelled` is set. The result is the same
/// as [`crate::engine::simulate`]'s (the engine's `Stepper` only splits the loop).
async fn simulate_in_slices(
    id: u64,
    parsed: Rc<Parsed>,
    i: usize,
    seed: u64,
    cancelled: Rc<std::cell::Cell<bool>>,
    set: UseReducerDispatcher<Ui>,
) {
    let Some(doc) = parsed.pods.get(i).or_else(|| parsed.pods.first()) else { return };
    let started = now_ms();
    let mut busy = 0.0;
    let mut longest = 0.0f64;
    // Let the browser paint the parse's result (and handle input) before the set-up.
    yew::platform::time::sleep(Duration::ZERO).await;
    if cancelled.get() {
        return;
    }
    let t0 = now_ms();
    let mut st = crate::engine::Stepper::new(&doc.pod, &parsed.scenario, seed);
    let mut chunk = FIRST_CHUNK;
    let mut slice = now_ms() - t0;
    loop {
        busy += slice;
        longest = longest.max(slice);
        yew::platform::time::sleep(Duration::ZERO).await;
        if cancelled.get() {
            return;
        }
        let t0 = now_ms();
        let done = run_slice(&mut st, &mut chunk, t0 + SLICE_MS);
        slice = now_ms() - t0;
        if done {
            break;
        }
        let (now, until) = st.progress();
        set.dispatch(Set::Progress((now.saturating_mul(100) / until.max(1)).clamp(0, 99) as u8));
    }
    let t0 = now_ms();
    let timeline = st.finish();
    let sim = make_sim(&parsed, doc, timeline);
    let finish = now_ms() - t0;
    busy += slice + finish;
    longest = longest.max(slice).max(finish);
    if cancelled.get() {
        return;
    }
    // For the browser benchmark (e2e/hostile.mjs): wall time, time spent simulating, longest slice.
    app_attrs(&[
        ("data-sim-wall-ms", now_ms() - started, 1),
        ("data-sim-busy-ms", busy, 1),
        ("data-sim-longest-ms", longest, 1),
    ]);
    set.dispatch(Set::Sliced(id, Rc::new(sim)));
}

/// What the page shows of a paste's workload and Service (issue 6).
pub struct PageScene {
    pub fleet: Option<rollout::Fl>,
    pub traffic: Option<traffic::Tr>,
    /// The workload's document and its container tracks (for a fleet pod's own views).
    doc_index: usize,
    tracks: Rc<Vec<TrackInfo>>,
}

/// [`crate::scene::simulate`] for the current text and seed, run after the pod's own result is
/// painted (a zero timeout first); the previous scene stays on screen until the new one is
/// ready. Returns the scene to show and whether a newer one is being computed. Sets
/// `data-scene-ms` on `.app` (the computation's time) for the browser benchmark.
/// The last scene computed is `state` (`Ui::scene`, with its run's id), set through `set`; `id`
/// names the run for the current text and seed (`Live::scene_id`).
#[hook]
fn use_scene(
    parsed: Rc<Parsed>,
    id: u64,
    seed: u64,
    state: Option<(u64, Rc<PageScene>)>,
    set: UseReducerDispatcher<Ui>,
) -> (Option<Rc<PageScene>>, bool) {
    let wanted = !parsed.has_errors() && (crate::fleet::workload_doc(&parsed).is_some() || !parsed.services.is_empty());
    {
        share::use_keyed(
            [id as i64, 0],
            Box::new(move || {
                let cancelled = Rc::new(std::cell::Cell::new(false));
                if wanted {
                    let c = cancelled.clone();
                    yew::platform::spawn_local(async move {
                        yew::platform::time::sleep(Duration::ZERO).await;
                        if c.get() {
                            return;
                        }
                        let t0 = now_ms();
                        let sc = crate::scene::simulate(&parsed, seed);
                        let ms = now_ms() - t0;
                        if c.get() {
                            return;
                        }
                        let doc = crate::fleet::workload_doc(&parsed);
                        let page = PageScene {
                            doc_index: doc
                                .and_then(|d| parsed.pods.iter().position(|p| std::ptr::eq(p, d)))
                                .unwrap_or(0),
                            tracks: Rc::new(doc.map(tracks_of).unwrap_or_default()),
                            fleet: sc.fleet.map(|f| rollout::Fl(Rc::new(f))),
                            traffic: sc.traffic.map(|r| traffic::Tr(Rc::new(r))),
                        };
                        app_attrs(&[("data-scene-ms", ms, 2)]);
                        set.dispatch(Set::Scene(id, Rc::new(page)));
                    });
                }
                Box::new(move || cancelled.set(true))
            }),
        );
    }
    if !wanted {
        return (None, false);
    }
    let current = state.as_ref().map(|(_, s)| s.clone());
    (current, state.as_ref().is_none_or(|(i, _)| *i != id))
}

/// The simulation of pod `i` when it ends within [`SYNC_SIM_MS`]; else a run in slices.
fn run_now(parsed: &Rc<Parsed>, i: usize, seed: u64, live: &Rc<std::cell::RefCell<Live>>) -> Outcome {
    let Some(doc) = parsed.pods.get(i).or_else(|| parsed.pods.first()) else { return Outcome::Nothing };
    if parsed.has_errors() {
        return Outcome::Nothing;
    }
    let n = containers_of(doc);
    if n > MAX_PAGE_CONTAINERS {
        return Outcome::TooBig(n);
    }
    // Setting up a run costs ~20–40 µs per container (process inference): a large pod
    // goes to the slices at once instead of being set up twice.
    if n > SYNC_MAX_CONTAINERS {
        return Outcome::Running(next_run_id());
    }
    let start = now_ms();
    let mut st = crate::engine::Stepper::new(&doc.pod, &parsed.scenario, seed);
    let mut chunk = FIRST_CHUNK;
    if !run_slice(&mut st, &mut chunk, start + SYNC_SIM_MS) {
        return Outcome::Running(next_run_id());
    }
    let timeline = st.finish();
    live.borrow_mut().timing.2 = now_ms() - start;
    Outcome::Ready(Rc::new(make_sim(parsed, doc, timeline)))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Pod,
    Events,
    Watch,
    Defaults,
    Inferred,
}

/// The tab a share link's panel names, and back.
fn tab_of(p: crate::share::Panel) -> Tab {
    use crate::share::Panel;
    match p {
        Panel::Pod => Tab::Pod,
        Panel::Events => Tab::Events,
        Panel::Watch => Tab::Watch,
        Panel::Effective => Tab::Defaults,
        Panel::Inferred => Tab::Inferred,
    }
}

#[allow(unreachable_patterns)] // tabs without a panel in links fall back to the pod card
fn panel_of(t: Tab) -> crate::share::Panel {
    use crate::share::Panel;
    match t {
        Tab::Events => Panel::Events,
        Tab::Watch => Panel::Watch,
        Tab::Defaults => Panel::Effective,
        Tab::Inferred => Panel::Inferred,
        _ => Panel::Pod,
    }
}

/// The App's small states, in one hook (see [`app`]).
#[derive(Clone)]
struct Ui {
    lang: Lang,
    /// The editor's text as simulated (set once typing pauses; saved in localStorage).
    text: AttrValue,
    /// The document whose pod is simulated.
    pod_index: usize,
    /// The kubelet jitter seed (a share link carries it; the Scenario's `seed` still wins).
    seed: u64,
    /// The selected fleet pod, by name.
    fleet_pod: Option<String>,
    playhead: i64,
    playing: bool,
    speed: f64,
    /// The zoomed window; `None` shows the default one.
    view: Option<(i64, i64)>,
    /// The place in the editor a diagnostic or a "why" field points at.
    highlight: Option<(u32, u32)>,
    /// A paste refused for its size (the editor's `on_too_large`): the size it would have made.
    too_large: Option<usize>,
    /// A drop refused: its size when over the limit, or `None` for a file that is not text.
    drop_refused: Option<Option<usize>>,
    tab: Tab,
    /// Embed mode, theme and the like, from a share link.
    show: crate::share::Presentation,
    /// An example's file being fetched (its id), or why the last one could not be.
    example_load: Option<Result<String, String>>,
    /// A run in slices ([`simulate_in_slices`]): its result (with the run's id) and how far it got.
    sliced: Option<(u64, Rc<Sim>)>,
    progress: u8,
    /// The last scene computed ([`use_scene`]), with its run's id.
    scene: Option<(u64, Rc<PageScene>)>,
    /// The error of the link the page was opened with, if any.
    link_error: Option<crate::share::ShareError>,
    /// The timeline's state (in this hook: each hook is its own copy of Yew's hook code).
    tv: Rc<timeline::Tv>,
}

impl Ui {
    fn new() -> Ui {
        Ui {
            lang: initial_lang(),
            text: load(STORAGE_KEY).map_or(AttrValue::Static(DEFAULT_EXAMPLE), AttrValue::from),
            pod_index: 0,
            seed: SEED,
            fleet_pod: None,
            playhead: 0,
            playing: false,
            speed: 1.0,
            view: None,
            highlight: None,
            too_large: None,
            drop_refused: None,
            tab: Tab::Pod,
            show: crate::share::Presentation::default(),
            example_load: None,
            sliced: None,
            progress: 0,
            scene: None,
            link_error: None,
            tv: Rc::default(),
        }
    }
}

/// A change to [`Ui`].
enum Set {
    /// The other language (saved for the next visit).
    ToggleLang,
    Text(AttrValue),
    PodIndex(usize),
    Seed(u64),
    /// A fleet pod selected (or none), shown over its own window.
    Pick(Option<String>),
    Playhead(i64),
    Playing(bool),
    Speed(f64),
    View(Option<(i64, i64)>),
    Highlight(Option<(u32, u32)>),
    TooLarge(Option<usize>),
    DropRefused(Option<Option<usize>>),
    Tab(Tab),
    ExampleLoad(Option<Result<String, String>>),
    /// A new text was typed: the refusals go.
    Edited,
    /// A text was loaded (an example: `first_pod`; an exercise): from the start, whole window.
    Loaded {
        first_pod: bool,
    },
    /// A share link's state (its text is set apart).
    Link(Box<crate::share::State>),
    /// Why the page's share link could not be read.
    LinkError(crate::share::ShareError),
    /// A run in slices ended (its id).
    Sliced(u64, Rc<Sim>),
    /// Draw again (a value in [`Live`] changed).
    Redraw,
    Progress(u8),
    Scene(u64, Rc<PageScene>),
    /// A change to the timeline's state (it draws again only when that changes).
    Tv(timeline::TvSet),
}

impl Reducible for Ui {
    type Action = Set;

    fn reduce(self: Rc<Self>, action: Set) -> Rc<Self> {
        let mut u = (*self).clone();
        match action {
            Set::ToggleLang => {
                u.lang = self.lang.other();
                save(LANG_KEY, u.lang.tag());
            }
            Set::Text(t) => u.text = t,
            Set::PodIndex(i) => u.pod_index = i,
            Set::Seed(s) => u.seed = s,
            Set::Pick(p) => {
                u.fleet_pod = p;
                u.view = None;
            }
            Set::Playhead(t) => u.playhead = t,
            Set::Playing(p) => u.playing = p,
            Set::Speed(s) => u.speed = s,
            Set::View(v) => u.view = v,
            Set::Highlight(h) => u.highlight = h,
            // These three re-render only when they change (as `use_state_eq` did).
            Set::TooLarge(n) if n == self.too_large => return self,
            Set::TooLarge(n) => u.too_large = n,
            Set::DropRefused(n) if n == self.drop_refused => return self,
            Set::DropRefused(n) => u.drop_refused = n,
            Set::ExampleLoad(e) if e == self.example_load => return self,
            Set::ExampleLoad(e) => u.example_load = e,
            Set::Tab(t) => u.tab = t,
            Set::Edited if self.too_large.is_none() && self.drop_refused.is_none() => return self,
            Set::Edited => {
                u.too_large = None;
                u.drop_refused = None;
            }
            Set::Loaded { first_pod } => {
                u.playhead = 0;
                u.view = None;
                if first_pod {
                    u.pod_index = 0;
                }
            }
            Set::LinkError(e) => u.link_error = Some(e),
            Set::Redraw => {}
            Set::Sliced(id, sim) => u.sliced = Some((id, sim)),
            Set::Scene(id, sc) => u.scene = Some((id, sc)),
            // Re-renders only when it changes (as `use_state_eq` did).
            Set::Progress(p) if p == self.progress => return self,
            Set::Progress(p) => u.progress = p,
            Set::Tv(a) => {
                let tv = self.tv.clone().reduce(a);
                if Rc::ptr_eq(&tv, &self.tv) {
                    return self;
                }
                u.tv = tv;
            }
            Set::Link(st) => {
                u.link_error = None;
                u.seed = st.seed;
                u.pod_index = st.pod;
                u.playhead = st.at_ms.unwrap_or(0);
                u.tab = st.panel.map_or(Tab::Pod, tab_of);
                u.view = st.view;
                if let Some(l) = st.show.lang {
                    u.lang = if l == crate::share::UiLang::Zh { Lang::Zh } else { Lang::En };
                }
                u.playing = st.show.autoplay;
                u.show = st.show;
            }
        }
        Rc::new(u)
    }
}

/// A value kept with what it was computed from (one of [`Live`]'s memos).
type Memo<K, V> = Option<(K, V)>;
/// A fleet pod's simulation and its creation time (fleet ms).
type Picked = Option<(Rc<Sim>, i64)>;
/// A window of time (ms).
type Window = (i64, i64);

/// What the listeners and the async tasks read of the latest render, and the App's own
/// bookkeeping, in one ref.
#[derive(Default)]
struct Live {
    at: i64,
    speed: f64,
    end: i64,
    stops: Rc<Vec<i64>>,
    playing: bool,
    /// The editor's keystrokes so far (the debounce keeps the last one's text).
    generation: Rc<std::cell::Cell<u64>>,
    /// The last example asked for: a slower earlier fetch must not overwrite it.
    wanted: &'static str,
    /// (start, parse ms, simulate ms) of the last re-computation.
    timing: (f64, f64, f64),
    /// `timing` is new: a text was parsed and its times are not on the page yet.
    timed: bool,
    /// How many texts were parsed: the effect that follows the text compares it instead.
    parses: u64,
    /// The last simulation shown (kept on screen, dimmed, while a run is in progress).
    last_shown: Option<Rc<Sim>>,
    /// The "timeline as text" is open; closed again whenever the pod views leave the page
    /// (their `<details>` is then drawn anew, closed).
    text_open: bool,
    /// The Traffic panel's text version is open; closed again whenever the panel leaves the page.
    traffic_open: bool,
    // The App's memos, each with what it was computed from (as `use_memo` keeps them: every
    // hook instance is its own copy of Yew's hook code in the wasm).
    /// The parse of a text and its diagnostics.
    parsed: Option<(AttrValue, Rc<Parsed>, Rc<Vec<input::Diagnostic>>)>,
    /// The simulation of (text, pod, seed).
    outcome: Option<((AttrValue, usize, u64), Rc<Outcome>)>,
    /// The scene's run id for (text, seed).
    scene_id: Option<(AttrValue, u64, u64)>,
    /// The selected fleet pod's simulation (fleet, pod) and its creation time.
    picked: Memo<(Option<rollout::Fl>, Option<usize>), Picked>,
    /// The stops of (fleet, the pod views' own stops, offset).
    stops_of: Memo<(Option<rollout::Fl>, usize, i64), Rc<Vec<i64>>>,
    /// The usage charts of (timeline, window).
    charts: Memo<(Option<Tl>, Window), Rc<Vec<views::ChartData>>>,
    /// The editor's `on_change`, made once.
    on_change: Option<Callback<String>>,
    /// The lanes' `on_pick`, made once per fleet.
    on_pick: Option<(Option<rollout::Fl>, Callback<Option<usize>>)>,
}

#[function_component(App)]
pub fn app() -> Html {
    // The page's small states in one hook, and the values the listeners read in one ref: every
    // hook costs its own inlined copy of Yew's hook code in the wasm (issue 4).
    let ui_handle = use_reducer(Ui::new);
    // Read once: each read of a reducer's handle is a call into Yew's bookkeeping.
    let ui: &Ui = &ui_handle;
    let set = ui_handle.dispatcher();
    let live = use_mut_ref(Live::default);
    let lang_v = ui.lang;
    // Timings of the last re-computation (`Live::timing`), shown as data attributes for the
    // browser benchmark. The diagnostics are computed with the parse, once per text: the
    // editor and the list compare them by identity.
    // The App's memos are kept in `Live`: each computed again when what it was computed from
    // changes, the old value dropped first (as `use_memo` does).
    let (parsed, diagnostics): (Rc<Parsed>, Rc<Vec<input::Diagnostic>>) = {
        let hit = live.borrow().parsed.as_ref().filter(|m| m.0 == ui.text).map(|m| (m.1.clone(), m.2.clone()));
        match hit {
            Some(m) => m,
            None => {
                live.borrow_mut().parsed = None;
                let start = now_ms();
                let p = Rc::new(input::parse(&ui.text));
                let mut lv = live.borrow_mut();
                lv.timing = (start, now_ms() - start, 0.0);
                lv.timed = true;
                lv.parses += 1;
                let d = Rc::new(p.all_diagnostics());
                lv.parsed = Some((ui.text.clone(), p.clone(), d.clone()));
                (p, d)
            }
        }
    };
    // The simulation: run within this render when it ends within `SYNC_SIM_MS` (every example
    // does), else continued in slices between which the browser handles input (issue 7).
    let outcome: Rc<Outcome> = {
        let key = (ui.text.clone(), ui.pod_index, ui.seed);
        let hit = live.borrow().outcome.as_ref().filter(|m| m.0 == key).map(|m| m.1.clone());
        match hit {
            Some(o) => o,
            None => {
                live.borrow_mut().outcome = None;
                let o = Rc::new(run_now(&parsed, ui.pod_index, ui.seed, &live));
                live.borrow_mut().outcome = Some((key, o.clone()));
                o
            }
        }
    };
    // A run in slices: its result (with the run's id) and how far it got (`Ui::sliced`, `progress`).
    {
        let running = match *outcome {
            Outcome::Running(id) => Some(id),
            _ => None,
        };
        let (parsed, set) = (parsed.clone(), set.clone());
        let (i, seed) = (ui.pod_index, ui.seed);
        share::use_keyed(
            [running.is_some() as i64, running.unwrap_or(0) as i64],
            Box::new(move || {
                let cancelled = Rc::new(std::cell::Cell::new(false));
                if let Some(id) = running {
                    set.dispatch(Set::Progress(0));
                    yew::platform::spawn_local(simulate_in_slices(id, parsed, i, seed, cancelled.clone(), set));
                }
                // A new text (or pod, or seed) drops the run.
                Box::new(move || cancelled.set(true))
            }),
        );
    }
    let fresh: Option<Rc<Sim>> = match &*outcome {
        Outcome::Ready(s) => Some(s.clone()),
        Outcome::Running(id) => ui.sliced.as_ref().filter(|(r, _)| r == id).map(|(_, s)| s.clone()),
        _ => None,
    };
    let running = matches!(*outcome, Outcome::Running(_)) && fresh.is_none();
    // While a run is in progress the previous result (`Live::last_shown`) stays on screen, dimmed.
    if fresh.is_some() || !running {
        live.borrow_mut().last_shown = fresh.clone();
    }
    let sim: Option<Rc<Sim>> = if running { live.borrow().last_shown.clone() } else { fresh };
    // What grades and exports read: nothing stale.
    let live_sim: Option<Rc<Sim>> = if running { None } else { sim.clone() };
    // The workload's pods and the Service's clients (issue 6): computed after the pod's own
    // result is painted, in fleet time; the pod views then show the pod of the paste (fleet
    // time = its time) or a fleet pod the user selects (its time = fleet time − its creation).
    let scene_id = {
        let mut l = live.borrow_mut();
        match &l.scene_id {
            Some((t, seed, id)) if *t == ui.text && *seed == ui.seed => *id,
            _ => {
                let id = next_run_id();
                l.scene_id = Some((ui.text.clone(), ui.seed, id));
                id
            }
        }
    };
    let (scene, scene_pending) = use_scene(parsed.clone(), scene_id, ui.seed, ui.scene.clone(), set.clone());
    // The selected fleet pod (`Ui::fleet_pod`), by name: pod names are stable across most edits.
    let sel_index: Option<usize> = scene.as_ref().and_then(|s| s.fleet.as_ref()).and_then(|f| {
        let name = ui.fleet_pod.as_deref()?;
        f.pods.iter().position(|p| p.name == name)
    });
    let picked: Option<(Rc<Sim>, i64)> = {
        let key = (scene.as_ref().and_then(|s| s.fleet.clone()), sel_index);
        let hit = live.borrow().picked.as_ref().filter(|m| m.0 == key).map(|m| m.1.clone());
        match hit {
            Some(p) => p,
            None => {
                live.borrow_mut().picked = None;
                let tracks = scene.as_ref().map(|s| (s.doc_index, s.tracks.clone()));
                let p = (|| {
                    let (f, i, (doc_index, tracks)) = (key.0.as_ref()?, key.1?, tracks?);
                    let p = f.pods.get(i)?;
                    // The fleet pod's timeline is read in place, not copied.
                    let timeline = Tl::fleet_pod(&f.0, i)?;
                    let index = Idx(Rc::new(TrackIndex::new(&p.timeline, &tracks)));
                    let sim = Sim { doc_index, stops: Rc::new(stops_of(&p.timeline)), timeline, tracks, index };
                    Some((Rc::new(sim), p.created_ms))
                })();
                live.borrow_mut().picked = Some((key, p.clone()));
                p
            }
        }
    };
    let off = picked.as_ref().map_or(0, |p| p.1);
    let view_sim: Option<Rc<Sim>> = picked.as_ref().map(|p| p.0.clone()).or_else(|| sim.clone());
    let fleet_end = scene.as_ref().and_then(|s| s.fleet.as_ref().map(|f| f.until_ms)).unwrap_or(0);
    let end = view_sim.as_deref().map_or(0, |s| s.timeline.until_ms + off).max(fleet_end);
    let stops: Rc<Vec<i64>> = {
        let own = view_sim.as_deref().map(|s| s.stops.clone()).unwrap_or_default();
        let key = (scene.as_ref().and_then(|s| s.fleet.clone()), Rc::as_ptr(&own) as usize, off);
        let hit = live.borrow().stops_of.as_ref().filter(|m| m.0 == key).map(|m| m.1.clone());
        match hit {
            Some(v) => v,
            None => {
                live.borrow_mut().stops_of = None;
                let mut v: Vec<i64> = own.iter().map(|t| t + off).collect();
                if let Some(f) = &key.0 {
                    v.extend(rollout::fleet_stops(f));
                    crate::sort::ints(&mut v);
                    v.dedup();
                }
                let v = Rc::new(v);
                live.borrow_mut().stops_of = Some((key, v.clone()));
                v
            }
        }
    };

    // A share link (the URL's #fragment) restores the whole state; embed mode and theme too.
    {
        let set = set.clone();
        share::use_share_link(Callback::from(
            move |r: Result<crate::share::State, crate::share::ShareError>| match r {
                Ok(mut st) => {
                    if let Some(t) = st.text.take() {
                        set.dispatch(Set::Text(t.into()));
                    }
                    set.dispatch(Set::Link(Box::new(st)));
                }
                Err(e) => set.dispatch(Set::LinkError(e)),
            },
        ));
    }
    let at = ui.playhead.clamp(0, end);
    // The pod views' own time, and their window.
    let pod_at = (at - off).max(0);
    // By default show from creation to shortly after the last thing happens, not the whole
    // (often quiet) simulated span.
    let settled = stops.last().copied().unwrap_or(end);
    let window = ui.view.unwrap_or_else(|| (0, ((settled as f64 * 1.15) as i64 + 5_000).clamp(1000, end.max(1000))));
    // The pod views' window.
    let pod_view = (window.0 - off, window.1 - off);
    // The usage charts' polylines, once per timeline and window (not per frame).
    let charts: Rc<Vec<views::ChartData>> = {
        let key = (view_sim.as_ref().map(|s| s.timeline.clone()), pod_view);
        let hit = live.borrow().charts.as_ref().filter(|m| m.0 == key).map(|m| m.1.clone());
        match hit {
            Some(c) => c,
            None => {
                live.borrow_mut().charts = None;
                let c = Rc::new(views::chart_data(key.0.as_ref(), pod_view));
                live.borrow_mut().charts = Some((key, c.clone()));
                c
            }
        }
    };

    // The timeline's state (`timeline::Tv`), its width measured from when it appears and
    // whenever the window is resized while it is on the page, as a component mounted with it
    // would; back to its start when it leaves.
    let tv: &timeline::Tv = &ui.tv;
    {
        let shown = view_sim.is_some();
        let ui = ui_handle.clone();
        share::use_keyed(
            [shown as i64, 0],
            Box::new(move || {
                let listener = if shown { timeline::watch_width(ui) } else { None };
                Box::new(move || drop(listener))
            }),
        );
        if !shown && !tv.is_new() {
            set.dispatch(Set::Tv(timeline::TvSet::Reset));
        }
    }

    // `Live` mirrors the latest values for the animation loop and the keyboard handler.
    {
        let mut l = live.borrow_mut();
        l.at = at;
        l.speed = ui.speed;
        l.end = end;
        l.stops = stops.clone();
        l.playing = ui.playing;
        if view_sim.is_none() {
            l.text_open = false;
        }
        if view_sim.is_none() || scene.as_ref().is_none_or(|s| s.traffic.is_none()) {
            l.traffic_open = false;
        }
    }

    // Debounced re-simulation: the editor reports every keystroke; the text state (and so
    // the parse and the simulation) follows once typing pauses (`Live::generation`).
    // Made once (the editor compares it by identity); it holds the keystroke counter, not `Live`.
    let on_change = {
        let mut l = live.borrow_mut();
        let generation = l.generation.clone();
        let set = set.clone();
        l.on_change
            .get_or_insert_with(|| {
                Callback::from(move |v: String| {
                    set.dispatch(Set::Edited);
                    save(STORAGE_KEY, &v);
                    share::forget_link();
                    let mine = generation.get() + 1;
                    generation.set(mine);
                    let generation = generation.clone();
                    let set = set.clone();
                    yew::platform::spawn_local(async move {
                        yew::platform::time::sleep(Duration::from_millis(DEBOUNCE_MS)).await;
                        if generation.get() == mine {
                            set.dispatch(Set::Text(v.into()));
                        }
                    });
                })
            })
            .clone()
    };

    // The animation loop: one requestAnimationFrame callback per frame while playing.
    {
        let (set, live) = (set.clone(), live.clone());
        let is_playing = ui.playing;
        share::use_keyed(
            [is_playing as i64, 0],
            Box::new(move || {
                let stop = Rc::new(std::cell::Cell::new(!is_playing));
                if is_playing {
                    run_frames(stop.clone(), prefers_reduced_motion(), move |dt| {
                        let (at, speed, end) = {
                            let l = live.borrow();
                            (l.at, l.speed, l.end)
                        };
                        let next = (at as f64 + dt * speed).round() as i64;
                        if next >= end {
                            set.dispatch(Set::Playhead(end));
                            set.dispatch(Set::Playing(false));
                            false
                        } else {
                            live.borrow_mut().at = next;
                            set.dispatch(Set::Playhead(next));
                            true
                        }
                    });
                }
                Box::new(move || stop.set(true))
            }),
        );
    }

    // Keyboard: Space, ←/→, Home/End, +/−; never while typing in a field.
    {
        let (set, live) = (set.clone(), live.clone());
        share::use_keyed(
            [0, 0],
            Box::new(move || {
                let handler = Closure::<dyn FnMut(KeyboardEvent)>::new(move |e: KeyboardEvent| {
                    // Fields keep their keys; a focused button keeps Space/Enter (it activates).
                    let tag = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).map(|el| el.tag_name());
                    let key = e.key();
                    let field = matches!(tag.as_deref(), Some("TEXTAREA" | "INPUT" | "SELECT"));
                    let button_key = tag.as_deref() == Some("BUTTON") && matches!(key.as_str(), " " | "Enter");
                    if field || button_key || e.ctrl_key() || e.meta_key() || e.alt_key() {
                        return;
                    }
                    let (at, end, playing, speed, stops) = {
                        let l = live.borrow();
                        (l.at, l.end, l.playing, l.speed, l.stops.clone())
                    };
                    match key.as_str() {
                        " " => {
                            e.prevent_default();
                            if !playing && at >= end {
                                set.dispatch(Set::Playhead(0));
                            }
                            set.dispatch(Set::Playing(!playing));
                        }
                        "ArrowRight" => {
                            e.prevent_default();
                            if let Some(n) = stops.iter().find(|s| **s > at) {
                                set.dispatch(Set::Playhead(*n));
                            }
                        }
                        "ArrowLeft" => {
                            e.prevent_default();
                            if let Some(p) = stops.iter().rev().find(|s| **s < at) {
                                set.dispatch(Set::Playhead(*p));
                            }
                        }
                        "Home" => {
                            e.prevent_default();
                            set.dispatch(Set::Playhead(0));
                        }
                        "End" => {
                            e.prevent_default();
                            set.dispatch(Set::Playhead(end));
                        }
                        "+" | "=" => set.dispatch(Set::Speed(step_speed(speed, 1))),
                        "-" | "_" => set.dispatch(Set::Speed(step_speed(speed, -1))),
                        _ => {}
                    }
                });
                let window = web_sys::window();
                if let Some(w) = &window {
                    let _ = w.add_event_listener_with_callback("keydown", handler.as_ref().unchecked_ref());
                }
                Box::new(move || {
                    if let Some(w) = window {
                        let _ = w.remove_event_listener_with_callback("keydown", handler.as_ref().unchecked_ref());
                    }
                })
            }),
        );
    }

    let seek = {
        let set = set.clone();
        Callback::from(move |t: i64| set.dispatch(Set::Playhead(t)))
    };
    let set_view = {
        let set = set.clone();
        Callback::from(move |v: (i64, i64)| set.dispatch(Set::View(Some(v))))
    };
    let show_field = {
        let parsed = parsed.clone();
        let set = set.clone();
        let sim = sim.clone();
        Callback::from(move |pod_path: String| {
            let Some(s) = sim.as_deref() else { return };
            if let Some(doc) = parsed.pods.get(s.doc_index) {
                let p = doc.locate(&doc.doc_path(&pod_path));
                set.dispatch(Set::Highlight(Some((p.line, p.col))));
            }
        })
    };
    // An example's file being fetched (`Ui::example_load`: its id), or why the last one could
    // not be.
    let choose_example = {
        let (set, live) = (set.clone(), live.clone());
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(ex) = crate::examples::find(&sel.value()) {
                let set2 = set.clone();
                let show = move |yaml: String| {
                    save(STORAGE_KEY, &yaml);
                    set2.dispatch(Set::Text(yaml.into()));
                    set2.dispatch(Set::Loaded { first_pod: true });
                };
                // The last example asked for: a slower earlier fetch must not overwrite it.
                live.borrow_mut().wanted = ex.id;
                if ex.id == crate::examples::DEFAULT_ID {
                    set.dispatch(Set::ExampleLoad(None));
                    show(DEFAULT_EXAMPLE.to_string());
                } else {
                    // The other examples are static files next to the page (not in the wasm).
                    set.dispatch(Set::ExampleLoad(Some(Ok(ex.id.to_string()))));
                    let (live, set, path) = (live.clone(), set.clone(), crate::examples::path(ex.id));
                    yew::platform::spawn_local(async move {
                        let got = share::fetch_text(&path).await;
                        let wanted = live.borrow().wanted;
                        if wanted != ex.id {
                            return;
                        }
                        match got {
                            Ok(yaml) => {
                                set.dispatch(Set::ExampleLoad(None));
                                show(yaml);
                            }
                            Err(e) => set.dispatch(Set::ExampleLoad(Some(Err(format!("{path}: {e}"))))),
                        }
                    });
                }
            }
            sel.set_value("");
        })
    };
    let toggle_lang = {
        let set = set.clone();
        Callback::from(move |_| set.dispatch(Set::ToggleLang))
    };
    {
        // One effect (each `use_effect_with` is its own copy of Yew's effect code): the document's
        // language follows the switch (screen readers, fonts); after the DOM reflects a new text
        // (`Live::timed`, set with the timings), record parse, simulate and total (through
        // render) times.
        let live = live.clone();
        // The parse count stands for the text: a new text is parsed again (`Live::parses`).
        let parses = live.borrow().parses;
        let l = lang_v;
        share::use_keyed(
            [l as i64, parses as i64],
            Box::new(move || {
                let doc = web_sys::window().and_then(|w| w.document());
                if let Some(el) = doc.as_ref().and_then(|d| d.document_element()) {
                    let _ = el.set_attribute("lang", l.tag());
                }
                let mut lv = live.borrow_mut();
                if std::mem::take(&mut lv.timed) {
                    let (start, parse, sim) = lv.timing;
                    app_attrs(&[
                        ("data-parse-ms", parse, 2),
                        ("data-sim-ms", sim, 2),
                        ("data-update-ms", now_ms() - start, 2),
                    ]);
                }
                Box::new(|| ())
            }),
        );
    }
    // A `<details>` of the page opened or closed (`Live::text_open`, `Live::traffic_open`): one
    // closure type for both.
    let on_open = |traffic: bool| {
        let (set, live) = (set.clone(), live.clone());
        Callback::from(move |open: bool| {
            {
                let mut l = live.borrow_mut();
                if traffic {
                    l.traffic_open = open;
                } else {
                    l.text_open = open;
                }
            }
            set.dispatch(Set::Redraw);
        })
    };
    // The Rollout view and the Traffic panel, in step with the playhead (fleet time).
    let scene_html = {
        // One callback per fleet (not per frame), so the lanes' props compare equal while playing.
        let on_pick = {
            let fl = scene.as_ref().and_then(|s| s.fleet.clone());
            let mut l = live.borrow_mut();
            match &l.on_pick {
                Some((f, cb)) if *f == fl => cb.clone(),
                _ => {
                    let (set, f) = (set.clone(), fl.clone());
                    let cb = Callback::from(move |i: Option<usize>| {
                        set.dispatch(Set::Pick(i.and_then(|i| f.as_ref()?.pods.get(i)).map(|p| p.name.clone())));
                    });
                    l.on_pick = Some((fl, cb.clone()));
                    cb
                }
            }
        };
        let picked_name = scene
            .as_ref()
            .and_then(|s| s.fleet.as_ref())
            .and_then(|f| sel_index.and_then(|i| f.pods.get(i)))
            .map(|p| p.name.clone());
        let tf = |k: i18n::F| i18n::tf(lang_v, k);
        frag(vec![
            if scene_pending {
                el("p")
                    .a("role", "status")
                    .testid("scene-progress")
                    .class("sim-progress")
                    .e(el("span").t(tf(i18n::F::SimulatingFleet)))
                    .h()
            } else {
                Html::default()
            },
            scene
                .as_ref()
                .and_then(|s| s.fleet.as_ref())
                .map(|f| rollout::rollout_view(f, at, window, lang_v, sel_index, &on_pick))
                .unwrap_or_default(),
            scene
                .as_ref()
                .and_then(|s| s.traffic.as_ref())
                .map(|report| {
                    let open = live.borrow().traffic_open;
                    traffic::traffic_panel(report, at, window, lang_v, open, &seek, &on_open(true))
                })
                .unwrap_or_default(),
            if scene.as_ref().is_some_and(|s| s.fleet.is_some()) {
                el("p")
                    .testid("pod-views-of")
                    .class("pod-views-of")
                    .t(tf(i18n::F::PodViewsOf))
                    .t(": ")
                    .c(match picked_name {
                        Some(n) => frag(vec![
                            views::code(n).h(),
                            h::text(format!(" (t − {})", short_time(off))),
                            h::text(" "),
                            el("button").onclick(on_pick.reform(|_| None)).t(tf(i18n::F::PodAlone)).h(),
                        ]),
                        None => h::text(tf(i18n::F::PodAlone)),
                    })
                    .h()
            } else {
                Html::default()
            },
        ])
    };
    let tx = |k: T| t(lang_v, k);
    let text_av = ui.text.clone();
    let doc_index = sim.as_deref().map_or(0, |s| s.doc_index);
    let header = el("header")
        .e(el("h1").t("podlife"))
        .e(el("p").class("tagline").t(tx(T::Tagline)))
        .e(el("label").class("examples").e(el("span").class("visually-hidden").t(tx(T::Examples))).e(el("select")
            .onchange(choose_example)
            .a("aria-label", tx(T::Examples))
            .testid("examples")
            .e(el("option").a("value", "").a("selected", "selected").ts(format!("{} …", tx(T::Examples))))
            .cs(crate::examples::library().map(|ex| {
                let zh = lang_v == Lang::Zh;
                el("option")
                    .a("title", if zh { ex.lesson_zh } else { ex.lesson })
                    .a("value", ex.id)
                    .t(if zh { ex.title_zh } else { ex.title })
                    .h()
            }))))
        .c(exercise::exercise_picker(lang_v))
        .e(el("button").onclick(toggle_lang).a("aria-label", tx(T::Language)).class("lang").t(lang_v.other().name()))
        .e(el("span")
            .a("title", "podlife models the semantics of this Kubernetes release")
            .class("k8s-version")
            .ts(format!("Kubernetes {K8S_VERSION}")));
    let refused = |class: &'static str, testid: Option<&'static str>, msg: String| {
        let p = el("p").a("role", "alert");
        let p = match testid {
            Some(id) => p.testid(id),
            None => p,
        };
        p.class(class).ts(msg).h()
    };
    let editor_pane = el("section")
        .a("aria-label", tx(T::EditorLabel))
        .class("editor-pane")
        .c(comp::<exercise::ExercisePanel>(exercise::PanelProps {
            lang: lang_v,
            text: text_av.clone(),
            parsed: parsed.clone(),
            timeline: live_sim.as_deref().map(|s| s.timeline.clone()),
            doc_index,
            on_seek: seek.clone(),
            on_load: {
                let set = set.clone();
                Callback::from(move |t: String| {
                    save(STORAGE_KEY, &t);
                    set.dispatch(Set::Text(t.into()));
                    set.dispatch(Set::Loaded { first_pod: false });
                })
            },
        }))
        .e(el("label").a("for", "editor").class("editor-label").t(tx(T::EditorLabel)))
        .c(comp::<Editor>(editor::EditorProps {
            text: text_av.clone(),
            diagnostics: diagnostics.clone(),
            highlight: ui.highlight,
            on_change,
            readonly: ui.show.readonly,
            label: AttrValue::default(),
            on_too_large: {
                let set = set.clone();
                Callback::from(move |n: usize| set.dispatch(Set::TooLarge(Some(n))))
            },
            on_drop_refused: {
                let set = set.clone();
                Callback::from(move |n: Option<usize>| set.dispatch(Set::DropRefused(Some(n))))
            },
        }))
        .c(match &ui.example_load {
            Some(Ok(_)) => el("p").a("role", "status").class("example-loading muted").t(tx(T::Loading)).h(),
            Some(Err(e)) => refused("paste-refused", Some("example-load-failed"), format!("{} {e}", tx(T::LoadFailed))),
            None => Html::default(),
        })
        .c(match ui.too_large {
            Some(n) => refused("paste-refused", None, format!("{} {n}", tx(T::PasteTooLarge))),
            None => Html::default(),
        })
        .c(match ui.drop_refused {
            Some(Some(n)) => refused("paste-refused drop-refused", None, format!("{} {n}", tx(T::DropTooLarge))),
            Some(None) => refused("paste-refused drop-refused", None, tx(T::DropUnreadable).to_string()),
            None => Html::default(),
        })
        .c({
            let highlight = set.clone();
            memo(vec![1, rc_id(&diagnostics), lang_v as i64], move || {
                diagnostics_view(&diagnostics, lang_v, &highlight)
            })
        })
        .c(if parsed.pods.is_empty() {
            Html::default()
        } else {
            let (text, set) = (ui.text.clone(), set.clone());
            let on_change = Callback::from(move |sc: crate::engine::Scenario| {
                let next = crate::scenario_doc::set_scenario(&text, &sc);
                save(STORAGE_KEY, &next);
                set.dispatch(Set::Text(next.into()));
            });
            let parsed = parsed.clone();
            memo(vec![8, rc_id(&parsed), doc_index as i64, lang_v as i64], move || {
                controls::controls(&parsed, doc_index, lang_v, &on_change)
            })
        })
        .c({
            let (parsed, selected) = (parsed.clone(), sim.as_deref().map(|s| s.doc_index));
            let set = set.clone();
            let on_select = Callback::from(move |i: usize| set.dispatch(Set::PodIndex(i)));
            memo(vec![2, rc_id(&parsed), lang_v as i64, selected.map_or(-1, |i| i as i64)], move || {
                pods(&parsed, lang_v, selected, &on_select)
            })
        });
    let sim_body = match (view_sim.as_ref(), &*outcome) {
        (None, Outcome::TooBig(n)) => el("p")
            .a("role", "alert")
            .testid("sim-cap")
            .class("nothing sim-cap")
            .ts(format!("{} {n} (> {MAX_PAGE_CONTAINERS})", tx(T::SimTooBig)))
            .h(),
        (None, Outcome::Running(_)) => Html::default(),
        (None, _) => el("p")
            .testid("no-sim")
            .class("nothing")
            .t(if parsed.pods.is_empty() { tx(T::NothingToSimulate) } else { tx(T::RejectedNothingToRun) })
            .h(),
        (Some(s), _) => {
            let qos = parsed.pods.get(s.doc_index).map(|d| d.qos.as_str()).unwrap_or("");
            let pb = PlaybackProps {
                lang: lang_v,
                at,
                end,
                playing: ui.playing,
                speed: ui.speed,
                stops: &stops,
                on_seek: seek.clone(),
                on_play: {
                    let set = set.clone();
                    Callback::from(move |p: bool| {
                        if p && at >= end {
                            set.dispatch(Set::Playhead(0));
                        }
                        set.dispatch(Set::Playing(p))
                    })
                },
                on_speed: {
                    let set = set.clone();
                    Callback::from(move |v: f64| set.dispatch(Set::Speed(v)))
                },
                on_zoom: {
                    let set = set.clone();
                    Callback::from(move |f: f64| {
                        if f == 0.0 {
                            set.dispatch(Set::View(None));
                            return;
                        }
                        let span = (window.1 - window.0).max(1);
                        let new_span = ((span as f64 * f) as i64).clamp(1000, end.max(1000));
                        set.dispatch(Set::View(Some(clamp_view(at - new_span / 2, new_span, end.max(1000)))));
                    })
                },
            };
            let tabs = [
                (Tab::Pod, T::PodCard),
                (Tab::Events, T::Events),
                (Tab::Watch, T::Watch),
                (Tab::Defaults, T::Effective),
                (Tab::Inferred, T::Inferred),
            ]
            .into_iter()
            .map(|(k, label)| {
                let (set, on) = (set.clone(), ui.tab == k);
                el("button")
                    .onclick(Callback::from(move |_| set.dispatch(Set::Tab(k))))
                    .a("role", "tab")
                    .a("aria-selected", if on { "true" } else { "false" })
                    .class(if on { "tab active" } else { "tab" })
                    .t(tx(label))
                    .h()
            });
            let tl = &s.timeline;
            frag(vec![
                playback(&pb),
                scene_html,
                timeline::timeline_view(
                    &timeline::TimelineViewProps {
                        timeline: tl.clone(),
                        tracks: s.tracks.clone(),
                        index: s.index.clone(),
                        view: pod_view,
                        playhead: pod_at,
                        lang: lang_v,
                        on_seek: seek.reform(move |t: i64| t + off),
                        on_view: set_view.reform(move |(a, b): (i64, i64)| (a + off, b + off)),
                    },
                    tv,
                    &set,
                ),
                memo(vec![9, rc_id(&charts), pod_at, lang_v as i64, pod_view.0, pod_view.1], move || {
                    views::usage_chart(&charts, pod_at, lang_v, pod_view)
                }),
                el("div")
                    .class("why-box")
                    .e(el("h3").t(tx(T::Why)))
                    .c(views::why_view(tl, pod_at, lang_v, &show_field))
                    .h(),
                el("div").a("role", "tablist").class("tabs").cs(tabs).h(),
                el("div")
                    .a("role", "tabpanel")
                    .class("tab-panel")
                    .c(match ui.tab {
                        Tab::Pod => views::pod_card(tl, pod_at, lang_v, qos),
                        Tab::Events => views::events_view(tl, pod_at),
                        Tab::Watch => views::watch_view(tl, pod_at),
                        Tab::Defaults => {
                            let (parsed, index) = (parsed.clone(), s.doc_index);
                            memo(vec![3, rc_id(&parsed), index as i64, lang_v as i64], move || {
                                defaults_view(&parsed, index, lang_v)
                            })
                        }
                        Tab::Inferred => views::inferred_view(tl, lang_v),
                    })
                    .h(),
                {
                    let (tl, open) = (tl.clone(), live.borrow().text_open);
                    let on_toggle = on_open(false);
                    memo(vec![10, tl.id(), pod_at, lang_v as i64, open as i64], move || {
                        views::timeline_text(&tl, pod_at, lang_v, open, &on_toggle)
                    })
                },
            ])
        }
    };
    let share_bar = share::use_share_bar(share::ShareBarProps {
        lang: lang_v,
        text: text_av,
        seed: ui.seed,
        on_seed: {
            let set = set.clone();
            Callback::from(move |v: u64| set.dispatch(Set::Seed(v)))
        },
        pod: ui.pod_index,
        at,
        panel: panel_of(ui.tab),
        view: ui.view,
        show: ui.show,
        link_error: ui.link_error.clone(),
        timeline: live_sim.as_deref().map(|s| s.timeline.clone()),
        parsed: parsed.clone(),
        doc_index,
    });
    let sim_pane = el("section").a("aria-label", "Simulation");
    let sim_pane = if running { sim_pane.a("aria-busy", "true") } else { sim_pane };
    let sim_pane = sim_pane
        .a("class", if running { "sim-pane stale" } else { "sim-pane" })
        .c(share_bar)
        .opt(running.then(|| {
            el("p")
                .a("role", "status")
                .testid("sim-progress")
                .class("sim-progress")
                .e(el("span").t(tx(T::Simulating)))
                .e(el("progress")
                    .a("max", "100")
                    .a("aria-label", tx(T::Simulating))
                    .at("value", ui.progress.to_string()))
                .e(el("span").ts(format!("{}%", ui.progress)))
                .h()
        }))
        .c(sim_body);
    let app_class = match (ui.show.embed, ui.show.embed && ui.show.editor) {
        (false, _) => "app",
        (true, false) => "app embed",
        (true, true) => "app embed with-editor",
    };
    el("div")
        .a("class", app_class)
        .e(header)
        .e(el("main").e(editor_pane).e(sim_pane))
        .e(el("footer").e(el("p").t(tx(T::Footer))))
        .h()
}

/// A component with its props written out (as `html!` would make it, without the props builder's
/// boxed `Option` per prop and the `unwrap` of each).
fn comp<C: BaseComponent>(props: C::Properties) -> Html {
    yew::virtual_dom::VChild::<C>::new(props, None).into()
}

/// A 16×16 icon drawn from one SVG path (no icon font, no emoji: they may be missing).
fn icon(d: &'static str) -> Html {
    el("svg")
        .a("viewBox", "0 0 16 16")
        .a("width", "16")
        .a("height", "16")
        .a("aria-hidden", "true")
        .a("focusable", "false")
        .class("icon")
        .e(el("path").a("d", d))
        .h()
}

/// The next speed up (`dir` 1) or down (-1) in [`SPEEDS`].
fn step_speed(current: f64, dir: i32) -> f64 {
    let i = SPEEDS.iter().position(|s| (*s - current).abs() < 1e-9).unwrap_or(2) as i32;
    SPEEDS[(i + dir).clamp(0, SPEEDS.len() as i32 - 1) as usize]
}

/// Calls `tick(dt_ms)` once per animation frame until `stop` is set or `tick` returns false.
/// With reduced motion, ticks come in 500 ms steps instead of every frame.
fn run_frames(stop: Rc<std::cell::Cell<bool>>, reduced: bool, mut tick: impl FnMut(f64) -> bool + 'static) {
    type Slot = Rc<std::cell::RefCell<Option<Closure<dyn FnMut(f64)>>>>;
    let slot: Slot = Rc::new(std::cell::RefCell::new(None));
    let again = slot.clone();
    let mut last: Option<f64> = None;
    let mut pending = 0.0;
    *slot.borrow_mut() = Some(Closure::new(move |now: f64| {
        if stop.get() {
            again.borrow_mut().take();
            return;
        }
        let dt = last.map_or(0.0, |l| crate::float::clamp(now - l, 0.0, 250.0));
        last = Some(now);
        pending += dt;
        let go_on = if !reduced || pending >= 500.0 {
            let d = pending;
            pending = 0.0;
            tick(d)
        } else {
            true
        };
        if go_on && !stop.get() {
            if let (Some(w), Some(cb)) = (web_sys::window(), again.borrow().as_ref()) {
                let _ = w.request_animation_frame(cb.as_ref().unchecked_ref());
            }
        } else {
            again.borrow_mut().take();
        }
    }));
    let first = slot.borrow();
    if let (Some(w), Some(cb)) = (web_sys::window(), first.as_ref()) {
        let _ = w.request_animation_frame(cb.as_ref().unchecked_ref());
    }
}

/// What the playback bar shows and does.
struct PlaybackProps<'a> {
    lang: Lang,
    at: i64,
    end: i64,
    playing: bool,
    speed: f64,
    stops: &'a [i64],
    on_seek: Callback<i64>,
    on_play: Callback<bool>,
    on_speed: Callback<f64>,
    /// Zoom by a factor (<1 in, >1 out); 0 shows everything.
    on_zoom: Callback<f64>,
}

/// A toolbar button showing an icon, named by `label` (its title and accessible name).
fn tool_button(onclick: Callback<MouseEvent>, label: &'static str, d: &'static str) -> El {
    el("button").onclick(onclick).a("title", label).a("aria-label", label).c(icon(d))
}

/// `disabled` when `off`.
fn disabled(e: El, off: bool) -> El {
    if off {
        e.a("disabled", "disabled")
    } else {
        e
    }
}

/// Play/pause, step, speed, zoom and a scrubber. A plain function, not a component: its
/// props (the playhead, new callbacks) change with every render of the app anyway.
fn playback(p: &PlaybackProps) -> Html {
    let lang = p.lang;
    let at = p.at;
    let prev = p.stops.iter().rev().find(|s| **s < at).copied();
    let next = p.stops.iter().find(|s| **s > at).copied();
    let seek_to = |t: Option<i64>| {
        let on_seek = p.on_seek.clone();
        Callback::from(move |_| {
            if let Some(t) = t {
                on_seek.emit(t)
            }
        })
    };
    let on_range = {
        let on_seek = p.on_seek.clone();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(v) = crate::float::parse_f64(&el.value()) {
                on_seek.emit(v as i64);
            }
        })
    };
    let on_speed = {
        let cb = p.on_speed.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(v) = crate::float::parse_f64(&el.value()) {
                cb.emit(v);
            }
        })
    };
    let zoom = |f: f64| p.on_zoom.reform(move |_| f);
    let play = {
        let playing = p.playing;
        p.on_play.reform(move |_| !playing)
    };
    let tx = |k: T| t(lang, k);
    el("div")
        .a("role", "toolbar")
        .a("aria-label", "Playback")
        .class("playback")
        .e(tool_button(seek_to(Some(0)), tx(T::ToStart), "M4 3h2v10H4zM13 3v10L6 8z"))
        .e(disabled(tool_button(seek_to(prev), tx(T::StepBack), "M12 3v10L5 8z").testid("step-back"), prev.is_none()))
        .e(el("button")
            .onclick(play)
            .testid("play")
            .a("aria-label", if p.playing { tx(T::Pause) } else { tx(T::Play) })
            .a("aria-pressed", if p.playing { "true" } else { "false" })
            .class("play")
            .c(if p.playing { icon("M4 3h3v10H4zM9 3h3v10H9z") } else { icon("M4 2v12l10-6z") }))
        .e(disabled(
            tool_button(seek_to(next), tx(T::StepForward), "M4 3v10l7-5z").testid("step-forward"),
            next.is_none(),
        ))
        .e(tool_button(seek_to(Some(p.end)), tx(T::ToEnd), "M3 3v10l7-5zM10 3h2v10h-2z"))
        .e(el("input")
            .oninput(on_range)
            .a("type", "range")
            .a("min", "0")
            .at("max", p.end.to_string())
            .a("step", "100")
            .a("aria-label", tx(T::Time))
            .at("aria-valuetext", short_time(at))
            .testid("scrubber")
            .class("scrubber")
            .value(at.to_string()))
        .e(el("output").testid("clock").class("clock").ts(format!(
            "{} / {}",
            crate::engine::text::clock(at),
            short_time(p.end)
        )))
        .e(el("label").class("speed").e(el("span").t(tx(T::Speed))).e(el("select")
            .onchange(on_speed)
            .testid("speed")
            .cs(SPEEDS.iter().map(|s| {
                let o = el("option").at("value", crate::float::Shortest(*s).to_string());
                let o = if (*s - p.speed).abs() < 1e-9 { o.a("selected", "selected") } else { o };
                o.ts(format!("{}×", crate::float::Shortest(*s))).h()
            }))))
        .e(el("span")
            .class("zoom")
            .e(tool_button(zoom(0.5), tx(T::ZoomIn), "M7 3h2v4h4v2H9v4H7V9H3V7h4z").testid("zoom-in"))
            .e(tool_button(zoom(2.0), tx(T::ZoomOut), "M3 7h10v2H3z").testid("zoom-out"))
            .e(tool_button(
                zoom(0.0),
                tx(T::ZoomReset),
                "M2 2h5v2H4v3H2zM9 2h5v5h-2V4H9zM2 9h2v3h3v2H2zM12 9h2v5H9v-2h3z",
            )
            .testid("zoom-reset")))
        .e(el("p").class("keys muted").t(tx(T::KeyboardHelp)))
        .h()
}

/// Every problem, clickable to its place in the editor (`highlight` marks it there).
fn diagnostics_view(all: &[input::Diagnostic], lang: Lang, highlight: &UseReducerDispatcher<Ui>) -> Html {
    if all.is_empty() {
        return el("div").a("id", "diagnostics").class("diagnostics ok").t(t(lang, T::NoProblems)).h();
    }
    el("div")
        .a("id", "diagnostics")
        .class("diagnostics")
        .e(el("h2").ts(format!("{} {}", all.len(), t(lang, T::Problems))))
        // The first 500 (the count above says how many in all): 40,000 duplicate-name
        // errors as list items would freeze the page (issue 7).
        .e(el("ul").cs(all.iter().take(500).map(|d| {
            let (line, col) = (d.pos.line, d.pos.col);
            let error = d.severity == Severity::Error;
            let set = highlight.clone();
            let onclick = Callback::from(move |_| {
                set.dispatch(Set::Highlight(Some((line, col))));
                jump_to(line, col);
            });
            el("li")
                .class(if error { "diag error" } else { "diag warning" })
                .e(el("button")
                    .onclick(onclick)
                    .a("title", t(lang, T::ShowInEditor))
                    .class("pos")
                    .ts(format!("{line}:{col}")))
                .e(el("span").a("aria-hidden", "true").class("sev").t(if error { "✖" } else { "▲" }))
                .e(el("span").class("msg").ts(d.message.clone()))
                .h()
        })))
        .h()
}

/// Selects a place in the editor's textarea and focuses it (a click on a diagnostic).
fn jump_to(line: u32, col: u32) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(el) = doc.get_element_by_id("editor") else { return };
    let Ok(ta) = el.dyn_into::<web_sys::HtmlTextAreaElement>() else { return };
    let text = ta.value();
    let mut offset = 0usize; // UTF-16 units, as the DOM counts
    for (i, l) in text.split('\n').enumerate() {
        if i + 1 == line as usize {
            let start = offset + l.chars().take(col.saturating_sub(1) as usize).map(char::len_utf16).sum::<usize>();
            let end = offset + l.encode_utf16().count();
            let _ = ta.focus();
            let _ = ta.set_selection_range(start as u32, end as u32);
            return;
        }
        offset += l.encode_utf16().count() + 1;
    }
}

/// One card per pod-bearing document: name, QoS, what the API server says.
fn pods(parsed: &Parsed, lang: Lang, selected: Option<usize>, on_select: &Callback<usize>) -> Html {
    el("div")
        .class("pods")
        // The first `LIST_CAP` documents' cards (10,000 pods in one text would be 10,000 cards).
        .cs(parsed.pods.iter().enumerate().take(views::LIST_CAP).map(|(i, p)| {
            let valid = p.is_valid();
            // What `podlife validate` says of this document (`report::validate`'s `kubectl`).
            let kubectl = if p.kind.is_empty() {
                String::new()
            } else if valid {
                format!("{} created (server dry run)", report::kubectl_ref(&p.kind, &p.name))
            } else {
                p.kubectl_errors()
            };
            let on_select = on_select.clone();
            let selected = selected == Some(i);
            let qos = p.qos.as_str();
            let name = p.pod_name().to_string();
            el("article")
                .at("data-pod", name.clone())
                .a("class", if selected { "pod-card selected" } else { "pod-card" })
                .e(el("h2")
                    .e(el("span").class("pod-name").ts(name))
                    .e(el("span").a("title", "QoS class").a("class", views::qos_class(qos)).t(qos))
                    .opt(
                        (parsed.pods.len() > 1 && !selected)
                            .then(|| el("button").onclick(on_select.reform(move |_| i)).class("select-pod").t("▶").h()),
                    ))
                .e(el("p").class("owner").ts(if p.kind == "Pod" {
                    t(lang, T::APod).to_string()
                } else {
                    format!("{} {} {:?}", t(lang, T::CreatedBy), p.kind, p.name)
                }))
                .e(el("p").class(if valid { "verdict valid" } else { "verdict invalid" }).t(if valid {
                    t(lang, T::Accepted)
                } else {
                    t(lang, T::Rejected)
                }))
                .e(el("pre").class("kubectl").ts(kubectl))
                .h()
        }))
        .c(views::not_listed(lang, parsed.pods.len(), views::LIST_CAP))
        // Services are simulated (the Traffic panel), so they are not listed here.
        .cs(parsed.ignored.iter().take(views::LIST_CAP).map(|(pos, kind)| {
            el("p")
                .class("ignored")
                .ts(format!(
                    "line {}: a {kind} carries no pod; podlife does not simulate it (not simulated).",
                    pos.line
                ))
                .h()
        }))
        .h()
}

/// The effective spec: the document as the API server stores it, defaulted lines marked.
fn defaults_view(parsed: &Parsed, index: usize, lang: Lang) -> Html {
    let Some(doc) = parsed.pods.get(index) else { return Html::default() };
    let lines = crate::effective::effective_lines(doc);
    el("div")
        .class("effective")
        .e(el("p").class("muted").ts(format!("{} {}", doc.defaulted.len(), "field(s) defaulted (marked +)")))
        // The first `EFFECTIVE_LINES` (three elements a line: a 10,000-container pod's
        // effective spec would be 400,000 elements); the export has the whole document.
        .e(el("pre").testid("effective").class("effective-yaml").cs(lines.iter().take(EFFECTIVE_LINES).map(|l| {
            let d = l.defaulted;
            el("span")
                .class(if d { "eff-line defaulted" } else { "eff-line" })
                .e(el("span").a("aria-label", if d { "defaulted" } else { "" }).class("eff-mark").t(if d {
                    "+ "
                } else {
                    "  "
                }))
                .ts(l.text.clone())
                .t("\n")
                .h()
        })))
        .opt((lines.len() > EFFECTIVE_LINES).then(|| {
            el("p")
                .testid("effective-more")
                .class("not-listed muted")
                .ts(format!("{} {}", t(lang, T::LinesNotShown), lines.len() - EFFECTIVE_LINES))
                .h()
        }))
        .h()
}

/// Lines of the effective spec drawn on the page.
const EFFECTIVE_LINES: usize = 2_000;
