//! Share links and documentation embeds on the page: the state ↔ URL fragment codec of
//! [`crate::share`], with the browser's own `CompressionStream('deflate-raw')` doing the
//! compression (no compression code in the wasm); the toolbar with the seed, the share and
//! embed-code dialogs and the export menu; embed mode's "open in podlife" link.

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use super::export::export_menu;
use super::h::{el, text, El};
use super::i18n::{t, Lang, T};
use super::timeline::Tl;
use crate::input::Parsed;
use crate::share::{self, Panel, Presentation, ShareError, State, Theme};

/// The browser-side helpers: compression streams, the clipboard, downloads and the
/// standalone SVG/PNG of the timeline. Shipped as a small ES module next to the wasm (no
/// `eval`, no network: data and blob URLs only).
#[wasm_bindgen(inline_js = r#"
const NS = 'http://www.w3.org/2000/svg';
async function pump(stream, cap) {
  const reader = stream.getReader();
  const parts = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > cap) { reader.cancel().catch(() => {}); return null; }
    parts.push(value);
  }
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}
export function deflateRaw(bytes) {
  return pump(new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw')), Infinity);
}
export function inflateRaw(bytes, cap) {
  return pump(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')), cap);
}
export async function fetchText(path) {
  const r = await fetch(path);
  if (!r.ok) throw new Error('HTTP ' + r.status);
  return await r.text();
}
export async function copyText(text) {
  try { await navigator.clipboard.writeText(text); return true; } catch (_) { return false; }
}
export function forgetHash() {
  try { history.replaceState(history.state, '', location.pathname + location.search); } catch (_) {}
}
export function download(name, mime, data) {
  const url = URL.createObjectURL(new Blob([data], { type: mime }));
  const a = document.createElement('a');
  a.href = url; a.download = name; a.style.display = 'none';
  document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
const PROPS = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'opacity',
  'font-family', 'font-size', 'font-weight', 'text-anchor'];
const SKIP = { 'opacity': '1', 'fill-opacity': '1', 'stroke-opacity': '1', 'stroke-dasharray': 'none', 'font-weight': '400', 'text-anchor': 'start' };
export function timelineSvg() {
  const box = document.querySelector('.timeline');
  const svg = box && box.querySelector('svg.tracks');
  if (!svg) return null;
  const clone = svg.cloneNode(true);
  const src = [svg, ...svg.querySelectorAll('*')];
  const dst = [clone, ...clone.querySelectorAll('*')];
  for (let i = 0; i < src.length; i++) {
    if (src[i].tagName === 'title') continue;
    const cs = getComputedStyle(src[i]);
    let style = '';
    for (const p of PROPS) {
      const v = cs.getPropertyValue(p);
      if (v && SKIP[p] !== v) style += p + ':' + v + ';';
    }
    dst[i].setAttribute('style', style);
  }
  const w = svg.getAttribute('width'), h = svg.getAttribute('height');
  clone.setAttribute('xmlns', NS);
  clone.setAttribute('viewBox', '0 0 ' + w + ' ' + h);
  clone.removeAttribute('role');
  const bg = document.createElementNS(NS, 'rect');
  bg.setAttribute('width', w); bg.setAttribute('height', h);
  bg.setAttribute('fill', getComputedStyle(box).backgroundColor);
  clone.insertBefore(bg, clone.firstChild);
  const ph = box.querySelector('.playhead');
  if (ph) {
    const x = parseFloat(ph.style.left) || 0;
    const line = document.createElementNS(NS, 'line');
    line.setAttribute('class', 'playhead');
    line.setAttribute('x1', x); line.setAttribute('x2', x); line.setAttribute('y1', 0); line.setAttribute('y2', h);
    line.setAttribute('style', 'stroke:' + getComputedStyle(ph).borderLeftColor + ';stroke-width:2');
    clone.appendChild(line);
  }
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(clone) + '\n';
}
// The crash panel. The page's release build aborts at once on a Rust panic (no unwinding, no
// panic hook: see ARCHITECTURE.md, "Build"), which reaches JavaScript as a
// WebAssembly.RuntimeError thrown out of whatever called into the wasm: an event listener, a
// timer, an animation frame or a promise callback. Either way the browser reports it here, and
// the page keeps what it shows (the input is also in localStorage) and offers a reload. Text
// nodes only: no markup from the error. `en` and `zh` are 'title\nbody\nreload'. Not seen
// here: a trap that JavaScript itself catches (an import called with `catch` that calls back
// into the wasm synchronously hands it to Rust as an error).
let crashTexts = null;
function crashed(err) {
  // A trap; or the browser's own stack exhausted by deep recursion in the wasm (Chromium's
  // RangeError, Firefox's InternalError, with wasm frames on the stack).
  const wasmStack = err && /wasm/.test(String(err.stack)) && (err instanceof RangeError || err.name === 'InternalError');
  if (!(err instanceof WebAssembly.RuntimeError || wasmStack) || !crashTexts || document.getElementById('crash')) return;
  const zh = (document.documentElement.lang || '').startsWith('zh');
  const [title, body, reload] = crashTexts[zh ? 1 : 0].split('\n');
  const panel = document.createElement('div');
  panel.id = 'crash';
  panel.setAttribute('role', 'alert');
  for (const [tag, text] of [['h2', title], ['p', body], ['pre', String(err)]]) {
    const e = document.createElement(tag);
    e.textContent = text;
    panel.appendChild(e);
  }
  const b = document.createElement('button');
  b.textContent = reload;
  b.addEventListener('click', () => location.reload());
  panel.appendChild(b);
  document.body.appendChild(panel);
}
export function watchCrashes(en, zh) {
  if (crashTexts) return;
  crashTexts = [en, zh];
  addEventListener('error', (e) => crashed(e.error));
  addEventListener('unhandledrejection', (e) => crashed(e.reason));
}
export async function timelinePng() {
  const text = timelineSvg();
  if (!text) return null;
  const svg = document.querySelector('.timeline svg.tracks');
  const w = Number(svg.getAttribute('width')), h = Number(svg.getAttribute('height'));
  const dpr = window.devicePixelRatio || 1;
  const img = new Image();
  img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(text);
  await img.decode();
  const c = document.createElement('canvas');
  c.width = Math.round(w * dpr); c.height = Math.round(h * dpr);
  c.getContext('2d').drawImage(img, 0, 0, c.width, c.height);
  const blob = await new Promise((r) => c.toBlob(r, 'image/png'));
  return new Uint8Array(await blob.arrayBuffer());
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = deflateRaw)]
    fn deflate_raw(bytes: &[u8]) -> js_sys::Promise;
    #[wasm_bindgen(js_name = inflateRaw)]
    fn inflate_raw(bytes: &[u8], cap: f64) -> js_sys::Promise;
    #[wasm_bindgen(js_name = copyText)]
    fn copy_text(text: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = fetchText)]
    fn fetch_text_js(path: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = forgetHash)]
    fn forget_hash();
    /// Downloads `data` as a file (Blob + object URL + `<a download>`).
    pub fn download(name: &str, mime: &str, data: &[u8]);
    /// The on-screen timeline as a standalone SVG document (computed styles inlined), or null.
    #[wasm_bindgen(js_name = timelineSvg)]
    pub fn timeline_svg() -> Option<String>;
    /// The same drawn on a canvas of the on-screen size × devicePixelRatio: PNG bytes, or null.
    #[wasm_bindgen(js_name = timelinePng)]
    pub fn timeline_png() -> js_sys::Promise;
    /// Shows the crash panel when the wasm traps (a panic aborts at once in the release build):
    /// `en` and `zh` are the panel's title, text and button, one per line.
    #[wasm_bindgen(js_name = watchCrashes)]
    pub fn watch_crashes(en: &str, zh: &str);
}

/// One of the site's own static files (`path` relative to the page, e.g.
/// `examples/crashloop.yaml`: the examples and exercises are fetched when picked, not compiled
/// into the wasm): its text, or why it could not be read (`HTTP 404`, the browser's network
/// error when offline).
pub async fn fetch_text(path: &str) -> Result<String, String> {
    match JsFuture::from(fetch_text_js(path)).await {
        Ok(v) => v.as_string().ok_or_else(|| "not text".to_string()),
        Err(e) => Err(e.dyn_ref::<js_sys::Error>().map_or_else(|| "failed".to_string(), |e| String::from(e.message()))),
    }
}

/// Compresses the state's text with the browser and writes the fragment (without `#`).
pub async fn make_fragment(state: &State) -> Result<String, ShareError> {
    let deflated = match &state.text {
        None => None,
        Some(text) => {
            let v = JsFuture::from(deflate_raw(text.as_bytes()))
                .await
                .map_err(|_| ShareError::Corrupt("the browser could not compress the text"))?;
            Some(js_sys::Uint8Array::new(&v).to_vec())
        }
    };
    share::to_fragment(state, deflated.as_deref())
}

/// Reads a fragment: `None` when it is not a share link, else the state or why not.
pub async fn read_fragment(fragment: &str) -> Option<Result<State, ShareError>> {
    let pending = match share::parse_fragment(fragment) {
        Ok(p) if !p.is_link => return None,
        Ok(p) => p,
        Err(e) => return Some(Err(e)),
    };
    let inflated = match &pending.deflated {
        None => None,
        Some(z) => {
            let v = match JsFuture::from(inflate_raw(z, (share::MAX_TEXT_BYTES + 1) as f64)).await {
                Ok(v) => v,
                Err(_) => return Some(Err(ShareError::Corrupt("the compressed text is not valid DEFLATE data"))),
            };
            if v.is_null() {
                return Some(Err(ShareError::TextTooLarge));
            }
            Some(js_sys::Uint8Array::new(&v).to_vec())
        }
    };
    Some(share::finish(pending, inflated))
}

fn location() -> Option<web_sys::Location> {
    web_sys::window().map(|w| w.location())
}

/// The page's own URL without its fragment (a link's base).
fn page_base() -> String {
    let href = location().and_then(|l| l.href().ok()).unwrap_or_default();
    match href.find('#') {
        Some(i) => href[..i].to_string(),
        None => href,
    }
}

/// After the first edit of a text that came from a link, the link no longer describes the
/// page: drop it from the address bar so a reload keeps the edits (from localStorage).
pub fn forget_link() {
    let hash = location().and_then(|l| l.hash().ok()).unwrap_or_default();
    if hash.contains("z=") {
        forget_hash();
    }
}

/// Forces (or releases) the colour theme on `<html data-theme>`.
fn apply_theme(theme: Option<Theme>) {
    let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) else { return };
    let _ = match theme {
        Some(th) => el.set_attribute("data-theme", th.name()),
        None => el.remove_attribute("data-theme"),
    };
}

/// Calls `read` now and on every `hashchange`; the returned closure (a `use_effect`
/// destructor) removes the listener.
fn follow_fragment(read: Rc<dyn Fn()>) -> impl FnOnce() {
    read();
    let on_hash = Closure::<dyn FnMut()>::new(move || read());
    let window = web_sys::window();
    if let Some(w) = &window {
        let _ = w.add_event_listener_with_callback("hashchange", on_hash.as_ref().unchecked_ref());
    }
    move || {
        if let Some(w) = window {
            let _ = w.remove_event_listener_with_callback("hashchange", on_hash.as_ref().unchecked_ref());
        }
    }
}

/// Calls `read` on mount and on every `hashchange` while the component is mounted. The share
/// link and the exercise panel each follow their own fragment keys this way, through this one
/// hook: each effect's closure type is its own copy of Yew's effect code in the wasm.
#[hook]
pub fn use_fragment(read: Rc<dyn Fn()>) {
    use_keyed([0, 0], Box::new(move || Box::new(follow_fragment(read))));
}

/// Runs `f` after this render, as `use_effect` does; one effect type for every component that
/// calls it (each effect's closure type is its own copy of Yew's effect code in the wasm).
#[hook]
pub fn use_after(f: Box<dyn FnOnce()>) {
    // A key never seen before: the effect runs after every render.
    thread_local!(static RENDERS: std::cell::Cell<i64> = const { std::cell::Cell::new(0) });
    let n = RENDERS.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    use_keyed(
        [n, 0],
        Box::new(move || {
            f();
            Box::new(|| ())
        }),
    );
}

/// Runs `f` after the first render and after each render whose `key` differs from the previous
/// one (as `use_effect_with` does), the destructor it returns before its next run and on unmount.
/// The page's one effect type: each `use_effect_with` closure type is its own copy of Yew's
/// effect code in the wasm.
#[hook]
pub fn use_keyed(key: [i64; 2], f: Box<dyn FnOnce() -> Box<dyn FnOnce()>>) {
    use_effect_with(key, move |_| f());
}

/// Reads the page's share link on load and whenever the fragment changes, and hands each
/// state (its theme applied), or why the link could not be read, to `apply`.
pub fn use_share_link(apply: Callback<Result<State, ShareError>>) -> impl yew::functional::Hook<Output = ()> {
    use_fragment(Rc::new(move || {
        let hash = location().and_then(|l| l.hash().ok()).unwrap_or_default();
        let apply = apply.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(r) = read_fragment(&hash).await {
                if let Ok(state) = &r {
                    apply_theme(state.show.theme);
                }
                apply.emit(r);
            }
        });
    }))
}

/// A link error in the reader's language.
pub fn error_text(lang: Lang, e: &ShareError) -> String {
    match (lang, e) {
        (Lang::En, _) => e.to_string(),
        (Lang::Zh, ShareError::TooLong { bytes }) => format!(
            "{}（{} KB，上限 {} KB）",
            t(lang, T::ShareTooLarge),
            bytes.div_ceil(1024),
            share::MAX_FRAGMENT_BYTES / 1024
        ),
        (Lang::Zh, ShareError::TextTooLarge) => {
            format!("链接中的文本解压后超过 {} MiB 的输入上限", share::MAX_TEXT_BYTES >> 20)
        }
        (Lang::Zh, ShareError::Version(v)) => format!("该链接由其他版本的 podlife 生成（格式 {v:?}）"),
        (Lang::Zh, ShareError::Field { key, .. }) => format!("链接中的 “{key}” 字段无效"),
        (Lang::Zh, ShareError::Corrupt(_)) => "链接已损坏，无法解压其中的文本".to_string(),
        (Lang::Zh, ShareError::TooManyFields) => format!("链接的字段超过 {} 个", share::MAX_PARAMS),
    }
}

/// What the share bar shows (see [`use_share_bar`]).
pub struct ShareBarProps {
    pub lang: Lang,
    /// The editor's current text.
    pub text: AttrValue,
    pub seed: u64,
    pub on_seed: Callback<u64>,
    pub pod: usize,
    pub at: i64,
    pub panel: Panel,
    pub view: Option<(i64, i64)>,
    pub show: Presentation,
    /// The error of the link the page was opened with, if any.
    pub link_error: Option<ShareError>,
    pub timeline: Option<Tl>,
    pub parsed: Rc<Parsed>,
    pub doc_index: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Dialog {
    None,
    Link,
    Embed,
}

/// Embed options chosen in the "embed code" dialog.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct EmbedChoice {
    readonly: bool,
    autoplay: bool,
    at: bool,
    editor: bool,
    theme: Option<Theme>,
}

/// The share bar's small states, in one ref (each hook type is its own code in the wasm):
/// changed through [`Set`], which draws the bar again.
pub(super) struct Bar {
    dialog: Dialog,
    /// The link starts at the playhead.
    with_time: bool,
    embed: EmbedChoice,
    /// Whether the last copy reached the clipboard.
    copied: Option<bool>,
    /// The export menu's "that file could not be made" (the menu is drawn by this component).
    export_failed: bool,
    /// The text compressed by the browser, with the text it was made from (only while a
    /// dialog is open, or in embed mode for the "open in podlife" link).
    deflated: Option<Deflated>,
    /// The dialog and the (text, link needed) the bar's effect last saw.
    seen: Option<(Dialog, AttrValue, bool)>,
}

/// A text and its compressed bytes, or why the browser could not compress it.
type Deflated = (AttrValue, Result<Rc<Vec<u8>>, ShareError>);

/// A change to [`Bar`].
pub(super) enum BarSet {
    /// Opens a dialog, or closes it when it is the open one.
    Toggle(Dialog),
    Close,
    WithTime(bool),
    /// One of the embed options' checkboxes.
    Embed(fn(&mut EmbedChoice, bool), bool),
    Theme(Option<Theme>),
    Copied(Option<bool>),
    ExportFailed(bool),
    Deflated(AttrValue, Result<Rc<Vec<u8>>, ShareError>),
}

/// Changes the bar's state and draws it again (as a reducer's dispatcher would).
#[derive(Clone)]
pub(super) struct Set(Rc<std::cell::RefCell<Bar>>, UseForceUpdateHandle);

impl Set {
    pub(super) fn dispatch(&self, action: BarSet) {
        {
            let b = &mut *self.0.borrow_mut();
            match action {
                BarSet::Toggle(d) => b.dialog = if b.dialog == d { Dialog::None } else { d },
                BarSet::Close => b.dialog = Dialog::None,
                BarSet::WithTime(v) => b.with_time = v,
                BarSet::Embed(f, v) => f(&mut b.embed, v),
                BarSet::Theme(th) => b.embed.theme = th,
                BarSet::Copied(c) => b.copied = c,
                BarSet::ExportFailed(f) => b.export_failed = f,
                BarSet::Deflated(text, z) => b.deflated = Some((text, z)),
            }
        }
        self.1.force_update();
    }
}

/// The toolbar above the timeline: seed, "share link", "embed code" and the export menu; in
/// embed mode only "open in podlife". A hook of the App drawn with each of its renders, not a
/// component: each component type costs the wasm its own copy of Yew's lifecycle code, and the
/// bar's props (the playhead among them) changed with nearly every render of the App anyway.
#[hook]
pub fn use_share_bar(p: ShareBarProps) -> Html {
    let p = &p;
    let lang = p.lang;
    let cell = use_mut_ref(|| Bar {
        dialog: Dialog::None,
        with_time: true,
        embed: EmbedChoice { readonly: true, autoplay: false, at: true, editor: false, theme: None },
        copied: None,
        export_failed: false,
        deflated: None,
        seen: None,
    });
    let set = Set(cell.clone(), use_force_update());
    // Read in place (not cloned) while drawing: the bar's state changes only in its callbacks
    // and effects, which run after this function has returned.
    let bar = set.0.borrow();
    let dialog = bar.dialog;
    let embed = bar.embed;
    let field_ref = use_node_ref();
    let needed = dialog != Dialog::None || p.show.embed;
    {
        // One effect (each is its own code in the wasm), doing what two `use_effect_with`
        // would: on a new dialog, keyboard users land in its field (Escape closes it); on a
        // new text or need of a link, the text is compressed again.
        let (field_ref, set) = (field_ref.clone(), set.clone());
        let have = bar.deflated.as_ref().map(|(t, _)| t.clone());
        let text = p.text.clone();
        use_after(Box::new(move || {
            let seen = cell.borrow_mut().seen.replace((dialog, text.clone(), needed));
            let (new_dialog, new_text) = match &seen {
                None => (true, true),
                Some((d, t, n)) => (*d != dialog, *t != text || *n != needed),
            };
            if new_dialog && dialog != Dialog::None {
                if let Some(el) = field_ref.cast::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
            if new_text {
                // Only when it changes: each dispatch draws the whole App again.
                if cell.borrow().copied.is_some() {
                    set.dispatch(BarSet::Copied(None));
                }
                if needed && have.as_ref() != Some(&text) {
                    wasm_bindgen_futures::spawn_local(async move {
                        let r = JsFuture::from(deflate_raw(text.as_bytes()))
                            .await
                            .map(|v| Rc::new(js_sys::Uint8Array::new(&v).to_vec()))
                            .map_err(|_| ShareError::Corrupt("the browser could not compress the text"));
                        set.dispatch(BarSet::Deflated(text, r));
                    });
                }
            }
        }));
    }
    // The link for a state, once its text is compressed: Some(Ok(url)), Some(Err(too large…)).
    let link_for = |st: &State| -> Option<Result<String, ShareError>> {
        let (t, z) = bar.deflated.as_ref()?;
        if *t != p.text {
            return None;
        }
        Some(match z {
            Ok(z) => share::to_fragment(st, Some(z)).map(|f| format!("{}#{f}", page_base())),
            Err(e) => Err(e.clone()),
        })
    };
    let mut state = State {
        text: Some(String::new()), // the text travels compressed (see `link_for`)
        seed: p.seed,
        pod: p.pod,
        at_ms: Some(p.at),
        panel: (p.panel != Panel::Pod).then_some(p.panel),
        view: p.view,
        show: Presentation::default(),
    };

    if p.show.embed {
        // Embed mode: a way out to the full playground with the same state.
        state.view = None;
        let href = link_for(&state).and_then(Result::ok).unwrap_or_else(|| "./".to_string());
        return el("div")
            .class("share-bar embed-bar")
            .e(el("span").class("embed-brand").t("podlife").e(el("span").class("muted").t(" · Kubernetes 1.34")))
            .e(el("a")
                .at("href", href)
                .class("open-full")
                .a("target", "_blank")
                .a("rel", "noopener")
                .testid("open-full")
                .t(t(lang, T::OpenInPodlife))
                .t(" ↗"))
            .h();
    }
    match dialog {
        Dialog::Link => state.at_ms = bar.with_time.then_some(p.at),
        Dialog::Embed => {
            state.at_ms = embed.at.then_some(p.at);
            state.view = None;
            state.show = Presentation {
                embed: true,
                readonly: embed.readonly,
                autoplay: embed.autoplay,
                editor: embed.editor,
                theme: embed.theme,
                lang: Some(if lang == Lang::Zh { share::UiLang::Zh } else { share::UiLang::En }),
            };
        }
        Dialog::None => {}
    }
    let result = if dialog == Dialog::None { None } else { link_for(&state) };
    let export = export_menu(lang, &p.timeline, &p.parsed, p.doc_index, p.at, bar.export_failed, &set);
    let seed =
        el("label").class("seed").a("title", t(lang, T::SeedHelp)).e(el("span").t(t(lang, T::Seed))).e(el("input")
            .a("type", "number")
            .a("min", "0")
            .a("step", "1")
            .value(p.seed.to_string())
            .onchange({
                let cb = p.on_seed.clone();
                Callback::from(move |e: Event| {
                    let el: web_sys::HtmlInputElement = e.target_unchecked_into();
                    if let Ok(v) = el.value().trim().parse::<u64>() {
                        cb.emit(v);
                    }
                })
            })
            .testid("seed")
            .a("aria-label", t(lang, T::Seed)));
    // The two buttons that open (or close) a dialog.
    let opener = |d: Dialog, label: T, testid: &'static str| {
        let set = set.clone();
        let expanded = if dialog == d { "true" } else { "false" };
        el("button")
            .onclick(Callback::from(move |_| set.dispatch(BarSet::Toggle(d))))
            .a("aria-expanded", expanded)
            .a("aria-controls", "share-dialog")
            .testid(testid)
            .t(t(lang, label))
    };
    let bar_el = el("div")
        .class("share-bar")
        .testid("share-bar")
        .c(p.link_error.as_ref().map_or_else(Html::default, |e| {
            el("p")
                .class("link-error")
                .a("role", "alert")
                .testid("link-error")
                .ts(format!("{}: {}", t(lang, T::LinkError), error_text(lang, e)))
                .h()
        }))
        .e(seed)
        .e(opener(Dialog::Link, T::Share, "share"))
        .e(opener(Dialog::Embed, T::EmbedCode, "embed-code"))
        .c(export);
    if dialog == Dialog::None {
        // The dialog's place stays (an empty node), as `html!` keeps it: Yew matches unkeyed
        // children from the end, so a child appended here would make it redraw the others
        // (and close the open export menu).
        return bar_el.c(Html::default()).h();
    }

    let on_key = {
        let set = set.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                set.dispatch(BarSet::Close);
            }
        })
    };
    // What goes in the dialog's field: the link, or the iframe code around it.
    let shown = match (&result, dialog) {
        (Some(Ok(url)), Dialog::Embed) => Some(share::iframe_snippet(url, 600, 360)),
        (Some(Ok(url)), _) => Some(url.clone()),
        _ => None,
    };
    let copy = {
        let set = set.clone();
        let shown = shown.clone();
        let field_ref = field_ref.clone();
        Callback::from(move |_| {
            let Some(text) = shown.clone() else { return };
            let set = set.clone();
            let field_ref = field_ref.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let ok = JsFuture::from(copy_text(&text)).await.map(|v| v.as_bool() == Some(true)).unwrap_or(false);
                if !ok {
                    // No clipboard access: select the text so Ctrl+C / ⌘C copies it.
                    select_field(&field_ref);
                }
                set.dispatch(BarSet::Copied(Some(ok)));
            });
        })
    };
    let select_all = {
        let field_ref = field_ref.clone();
        Callback::from(move |_: FocusEvent| select_field(&field_ref))
    };
    let status = |class: &'static str| el("p").class(class).a("role", "status");
    let status = match (&result, bar.copied) {
        (None, _) => status("share-status muted").t(t(lang, T::MakingLink)),
        (Some(Err(e)), _) => {
            el("p").class("share-status share-error").a("role", "alert").testid("share-error").ts(error_text(lang, e))
        }
        (Some(Ok(_)), Some(true)) => status("share-status ok").t(t(lang, T::Copied)),
        (Some(Ok(_)), Some(false)) => status("share-status").t(t(lang, T::CopyFallback)),
        (Some(Ok(url)), None) => status("share-status muted").ts(format!(
            "{} · {} / {} KB",
            t(lang, T::LinkPrivate),
            (url.len() - url.find('#').unwrap_or(0)).div_ceil(1024),
            share::MAX_FRAGMENT_BYTES / 1024
        )),
    };
    let set_embed = |f: fn(&mut EmbedChoice, bool)| -> Rc<dyn Fn(bool)> {
        let set = set.clone();
        Rc::new(move |v| set.dispatch(BarSet::Embed(f, v)))
    };
    let time_label = AttrValue::from(format!("{} ({})", t(lang, T::StartAtPlayhead), share::format_time(p.at)));
    let options = el("div").class("share-options");
    let (title, body, field, copy_label) = if dialog == Dialog::Embed {
        let l = |k: T| AttrValue::Static(t(lang, k));
        let on_theme = {
            let set = set.clone();
            Callback::from(move |e: Event| {
                let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
                set.dispatch(BarSet::Theme(match el.value().as_str() {
                    "light" => Some(Theme::Light),
                    "dark" => Some(Theme::Dark),
                    _ => None,
                }));
            })
        };
        let option = |value: &'static str, theme: Option<Theme>, label: T| {
            flag(el("option").a("value", value), "selected", embed.theme == theme).t(t(lang, label))
        };
        let body = options
            .c(check(l(T::EmbedReadonly), embed.readonly, set_embed(|c, v| c.readonly = v), "embed-ro"))
            .c(check(l(T::EmbedAutoplay), embed.autoplay, set_embed(|c, v| c.autoplay = v), "embed-autoplay"))
            .c(check(l(T::EmbedEditor), embed.editor, set_embed(|c, v| c.editor = v), "embed-editor"))
            .c(check(time_label, embed.at, set_embed(|c, v| c.at = v), "embed-at"))
            .e(el("label").class("share-opt").t(t(lang, T::Theme)).e(el("select")
                .testid("embed-theme")
                .onchange(on_theme)
                .e(option("", None, T::ThemeSystem))
                .e(option("light", Some(Theme::Light), T::ThemeLight))
                .e(option("dark", Some(Theme::Dark), T::ThemeDark))));
        (t(lang, T::EmbedTitle), body, el("textarea").a("rows", "4"), T::CopyCode)
    } else {
        let w = set.clone();
        let body = options.c(check(
            time_label,
            bar.with_time,
            Rc::new(move |v| w.dispatch(BarSet::WithTime(v))),
            "share-with-time",
        ));
        (t(lang, T::ShareTitle), body, el("input").a("type", "text"), T::CopyLink)
    };
    let field = field
        .node_ref(field_ref.clone())
        .class("share-field")
        .a("readonly", "readonly")
        .value(shown.clone().unwrap_or_default())
        .on(Rc::new(yew::html::onfocus::Wrapper::new(select_all)))
        .a("aria-label", title)
        .testid("share-field");
    let close = {
        let set = set.clone();
        Callback::from(move |_| set.dispatch(BarSet::Close))
    };
    bar_el
        .e(el("div")
            .a("id", "share-dialog")
            .class("share-dialog")
            .a("role", "dialog")
            .a("aria-labelledby", "share-dialog-title")
            .onkeydown(on_key)
            .e(el("h3").a("id", "share-dialog-title").t(title))
            .e(body)
            .e(field)
            .e(el("div")
                .class("share-actions")
                .e(flag(el("button").onclick(copy), "disabled", shown.is_none()).testid("copy").t(t(lang, copy_label)))
                .e(el("button").onclick(close).t(t(lang, T::Close))))
            .e(status))
        .h()
}

/// A boolean attribute (`disabled`, `selected`, …) as `html!` writes it: `key="key"` when on,
/// absent when off.
fn flag(e: El, key: &'static str, on: bool) -> El {
    if on {
        e.a(key, key)
    } else {
        e
    }
}

/// One of the dialogs' checkboxes.
fn check(label: AttrValue, value: bool, set: Rc<dyn Fn(bool)>, testid: &'static str) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let el: web_sys::HtmlInputElement = e.target_unchecked_into();
        set(el.checked());
    });
    el("label")
        .class("share-opt")
        .e(el("input").a("type", "checkbox").checked(value).onchange(onchange).testid(testid))
        .c(text(label))
        .h()
}

/// Focuses and selects the dialog's field (the copy fallback).
fn select_field(r: &NodeRef) {
    if let Some(el) = r.cast::<web_sys::HtmlInputElement>() {
        let _ = el.focus();
        el.select();
    } else if let Some(el) = r.cast::<web_sys::HtmlTextAreaElement>() {
        let _ = el.focus();
        el.select();
    }
}
