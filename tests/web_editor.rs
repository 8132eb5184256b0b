//! The code editor in a real browser (wasm-bindgen-test, headless Chromium): markers land on
//! the right lines, typing reaches the parent, the coloured layer holds exactly the
//! textarea's text and lies exactly under it, and the keyboard commands edit as promised.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use podlife::input::{Diagnostic, Severity};
use podlife::source::Pos;
use podlife::web::editor::{highlight_yaml, Editor, EditorProps, Tok};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

const STYLE: &str = concat!(include_str!("../static/style.css"), include_str!("../static/editor.css"));

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("document")
}

/// The page's stylesheets, once (the alignment checks need the real CSS).
fn install_css() {
    let doc = document();
    if doc.get_element_by_id("test-style").is_some() {
        return;
    }
    let style = doc.create_element("style").expect("style");
    style.set_id("test-style");
    style.set_text_content(Some(STYLE));
    doc.head().expect("head").append_child(&style).expect("append");
}

fn diag(severity: Severity, line: u32, col: u32, message: &str) -> Diagnostic {
    Diagnostic { severity, pos: Pos { line, col }, path: None, message: message.to_string() }
}

struct Mounted {
    root: Element,
    handle: yew::AppHandle<Editor>,
    changes: Rc<RefCell<Vec<String>>>,
    /// Sizes reported through `on_too_large` (refused pastes).
    too_large: Rc<RefCell<Vec<usize>>>,
}

impl Mounted {
    fn props(&self, text: &str, diagnostics: Vec<Diagnostic>, highlight: Option<(u32, u32)>) -> EditorProps {
        let changes = self.changes.clone();
        let too_large = self.too_large.clone();
        EditorProps {
            text: AttrValue::from(text.to_string()),
            diagnostics: Rc::new(diagnostics),
            highlight,
            on_change: Callback::from(move |s: String| changes.borrow_mut().push(s)),
            readonly: false,
            label: "Pod spec".into(),
            on_too_large: Callback::from(move |n: usize| too_large.borrow_mut().push(n)),
            on_drop_refused: Callback::noop(),
        }
    }
    fn q(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).expect("selector")
    }
    /// An element of this editor by id (ids are unique per editor instance).
    fn by_id(&self, id: &str) -> Option<Element> {
        self.q(&format!("[id='{id}']")).filter(|e| e.id() == id)
    }
    fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).expect("selector");
        (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into::<Element>().ok()).collect()
    }
    fn ta(&self) -> HtmlTextAreaElement {
        self.q("#editor").expect("textarea").dyn_into().expect("a textarea")
    }
    fn pre(&self) -> HtmlElement {
        self.q("pre.ed-hl").expect("pre").dyn_into().expect("an element")
    }
    fn gutter(&self) -> HtmlElement {
        self.q(".ed-gutter").expect("gutter").dyn_into().expect("an element")
    }
    fn last_change(&self) -> Option<String> {
        self.changes.borrow().last().cloned()
    }
    /// Types: sets the textarea's value and fires `input`, as a keystroke does.
    fn type_text(&self, value: &str) {
        let ta = self.ta();
        ta.set_value(value);
        let f = js_sys::Function::new_with_args("el", "el.dispatchEvent(new InputEvent('input', {bubbles: true}));");
        f.call1(&JsValue::NULL, &ta).expect("dispatch");
    }
    /// Presses a key on the textarea; false when the editor cancelled the default action.
    fn key(&self, key: &str, shift: bool, ctrl: bool) -> bool {
        let f = js_sys::Function::new_with_args(
            "el, key, shift, ctrl",
            "return el.dispatchEvent(new KeyboardEvent('keydown', \
             {key: key, shiftKey: shift, ctrlKey: ctrl, bubbles: true, cancelable: true}));",
        );
        let args = js_sys::Array::of4(&self.ta(), &key.into(), &shift.into(), &ctrl.into());
        f.apply(&JsValue::NULL, &args).expect("dispatch").as_bool().expect("bool")
    }
}

async fn tick() {
    yew::platform::time::sleep(Duration::from_millis(30)).await;
}

async fn mount(text: &str, diagnostics: Vec<Diagnostic>, highlight: Option<(u32, u32)>) -> Mounted {
    install_css();
    let doc = document();
    let root = doc.create_element("div").expect("div");
    root.set_attribute("style", "width: 600px").expect("style");
    doc.body().expect("body").append_child(&root).expect("append");
    let changes = Rc::new(RefCell::new(Vec::new()));
    let c2 = changes.clone();
    let too_large = Rc::new(RefCell::new(Vec::new()));
    let t2 = too_large.clone();
    let props = EditorProps {
        text: AttrValue::from(text.to_string()),
        diagnostics: Rc::new(diagnostics),
        highlight,
        on_change: Callback::from(move |s: String| c2.borrow_mut().push(s)),
        readonly: false,
        label: "Pod spec".into(),
        on_too_large: Callback::from(move |n: usize| t2.borrow_mut().push(n)),
        on_drop_refused: Callback::noop(),
    };
    let handle = yew::Renderer::<Editor>::with_root_and_props(root.clone(), props).render();
    tick().await;
    Mounted { root, handle, changes, too_large }
}

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web # the name\nspec:\n  containerz: []\n";

#[wasm_bindgen_test]
async fn markers_sit_on_the_diagnostics_lines_with_their_messages() {
    let m = mount(
        POD,
        vec![
            diag(Severity::Error, 6, 3, "strict decoding error: unknown field \"spec.containerz\""),
            diag(Severity::Warning, 4, 9, "a warning about the name"),
        ],
        None,
    )
    .await;
    let err = m.q(".ed-mark-err").expect("an error marker");
    assert_eq!(err.get_attribute("data-line").as_deref(), Some("6"));
    let title = err.get_attribute("title").unwrap_or_default();
    assert!(title.contains("unknown field \"spec.containerz\""), "{title}");
    assert!(title.starts_with("error"), "{title}");
    assert_eq!(err.text_content().as_deref(), Some("✖"), "a shape, not only a colour");
    let warn = m.q(".ed-mark-warn").expect("a warning marker");
    assert_eq!(warn.get_attribute("data-line").as_deref(), Some("4"));
    assert!(warn.get_attribute("title").unwrap_or_default().contains("a warning about the name"));
    // The marker is drawn at its line's height.
    let lh = 21;
    let top = warn.dyn_ref::<HtmlElement>().expect("element").offset_top();
    assert_eq!(top, 8 + 3 * lh);

    // Squiggles run from the column to the end of the token.
    let sq = m.q(".ed-sq-err").expect("an error squiggle");
    assert_eq!(sq.text_content().as_deref(), Some("containerz"));
    assert_eq!(m.q(".ed-sq-warn").and_then(|e| e.text_content()).as_deref(), Some("web"));

    // Accessibility: invalid, described by a count of the problems, labelled.
    let ta = m.ta();
    assert_eq!(ta.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(ta.get_attribute("aria-label").as_deref(), Some("Pod spec"));
    let described = ta.get_attribute("aria-describedby").unwrap_or_default();
    let ids: Vec<&str> = described.split_whitespace().collect();
    let texts: Vec<String> = ids.iter().filter_map(|id| m.by_id(id)).filter_map(|e| e.text_content()).collect();
    assert_eq!(texts.len(), 2, "{described}");
    assert!(texts.iter().any(|t| t.contains("2 problems") && t.contains("1 error")), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("Escape, then Tab")), "{texts:?}");
}

/// Several diagnostics on one line share its marker (an error if any is; the messages in
/// their order, one a line) and each keeps its squiggle; the lines are given out of order.
#[wasm_bindgen_test]
async fn diagnostics_on_one_line_share_a_marker() {
    let m = mount(
        POD,
        vec![
            diag(Severity::Warning, 4, 3, "first: about name"),
            diag(Severity::Error, 6, 3, "an error on line 6"),
            diag(Severity::Error, 4, 9, "second: about web"),
            diag(Severity::Warning, 2, 1, "about kind"),
        ],
        Some((6, 3)),
    )
    .await;
    let marks = m.all(".ed-mark");
    let lines: Vec<String> = marks.iter().filter_map(|e| e.get_attribute("data-line")).collect();
    assert_eq!(lines, ["2", "4", "6"]);
    let four = &marks[1];
    assert_eq!(four.get_attribute("class").as_deref(), Some("ed-mark ed-mark-err"), "an error wins");
    assert_eq!(
        four.get_attribute("title").as_deref(),
        Some("warning (4:3): first: about name\nerror (4:9): second: about web")
    );
    assert_eq!(marks[0].get_attribute("class").as_deref(), Some("ed-mark ed-mark-warn"));
    // Line 4 has both squiggles and the error's line class; line 6 is also the target.
    let l4 = m.all(".ed-l")[3].clone();
    assert_eq!(l4.get_attribute("class").as_deref(), Some("ed-l ed-l-err"));
    let sq: Vec<(String, String)> = m.all(".ed-l")[3]
        .query_selector_all("span[class*=ed-sq]")
        .map(|l| {
            (0..l.length())
                .filter_map(|i| l.item(i).and_then(|n| n.dyn_into::<Element>().ok()))
                .map(|e| (e.get_attribute("class").unwrap_or_default(), e.text_content().unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        sq,
        [("t-key ed-sq-warn".to_string(), "name".to_string()), ("t-str ed-sq-err".to_string(), "web".to_string())]
    );
    assert_eq!(m.all(".ed-l")[5].get_attribute("class").as_deref(), Some("ed-l ed-l-err ed-l-target"));
    assert_eq!(m.all(".ed-l")[1].get_attribute("class").as_deref(), Some("ed-l ed-l-warn"));
}

#[wasm_bindgen_test]
async fn no_problems_no_markers() {
    let m = mount(POD, vec![], None).await;
    assert!(m.q(".ed-mark").is_none());
    assert_eq!(m.ta().get_attribute("aria-invalid").as_deref(), Some("false"));
    let id = m.ta().get_attribute("aria-describedby").unwrap_or_default();
    let id = id.split_whitespace().next().unwrap_or_default().to_string();
    assert!(id.starts_with("editor-problems"), "{id}");
    let t = m.by_id(&id).and_then(|e| e.text_content()).unwrap_or_default();
    assert!(t.contains("No problems"), "{t}");
}

#[wasm_bindgen_test]
async fn the_coloured_layer_holds_exactly_the_textarea_text() {
    let text = "# c\n---\nkey: \"a # b\"\t# tab\nlist:\n- é 😀 中文\n- |\n  block\n\n  text\n{\"json\": [1, null]}\n\n";
    let m = mount(text, vec![], None).await;
    assert_eq!(m.ta().value(), text);
    assert_eq!(m.pre().text_content().unwrap_or_default(), text);
    assert_eq!(m.all(".ed-l").len(), text.split('\n').count());
    let nums = m.q(".ed-nums").and_then(|e| e.text_content()).unwrap_or_default();
    assert_eq!(nums.split('\n').count(), text.split('\n').count());
    // Colours are there.
    assert!(m.q(".t-key").is_some() && m.q(".t-comment").is_some() && m.q(".t-doc").is_some());
}

#[wasm_bindgen_test]
async fn typing_calls_on_change_and_recolours_at_once() {
    let m = mount("a: 1\n", vec![], None).await;
    m.type_text("a: 1\nb: true\n");
    assert_eq!(m.last_change().as_deref(), Some("a: 1\nb: true\n"));
    tick().await;
    // The parent has not answered yet (it debounces), but the layer follows the textarea.
    assert_eq!(m.pre().text_content().unwrap_or_default(), "a: 1\nb: true\n");
    assert!(m.all(".t-bool").iter().any(|e| e.text_content().as_deref() == Some("true")));
}

#[wasm_bindgen_test]
async fn the_layers_are_aligned_and_scroll_together() {
    let long: String = (1..=120).map(|i| format!("key{i}: {}\n", "x".repeat(i % 7 * 30))).collect();
    let m = mount(&long, vec![diag(Severity::Error, 100, 1, "far down")], None).await;
    let lines = m.all(".ed-l");
    for (i, l) in lines.iter().enumerate().take(5) {
        let l = l.dyn_ref::<HtmlElement>().expect("element");
        assert_eq!(l.offset_top(), 8 + 21 * i as i32, "line {i}");
        assert_eq!(l.offset_height(), 21, "line {i}");
    }
    // The empty last line has a height too.
    let last = lines.last().and_then(|l| l.dyn_ref::<HtmlElement>().map(|e| e.offset_height()));
    assert_eq!(last, Some(21));
    let ta = m.ta();
    let pre = m.pre();
    assert!(pre.scroll_height() >= ta.scroll_height(), "{} < {}", pre.scroll_height(), ta.scroll_height());
    assert!(pre.scroll_width() >= ta.scroll_width(), "{} < {}", pre.scroll_width(), ta.scroll_width());
    // Scroll to the far bottom-right: both layers and the gutter follow.
    ta.set_scroll_top(100_000);
    ta.set_scroll_left(100_000);
    ta.dispatch_event(&web_sys::Event::new("scroll").expect("event")).expect("dispatch");
    assert!(ta.scroll_top() > 0);
    assert_eq!(pre.scroll_top(), ta.scroll_top());
    assert_eq!(pre.scroll_left(), ta.scroll_left());
    assert_eq!(m.gutter().scroll_top(), ta.scroll_top());
    // No page overflow: the editor is as wide as its container.
    let ed = m.q(".ed").and_then(|e| e.dyn_into::<HtmlElement>().ok()).expect("editor");
    assert!(ed.offset_width() <= 600, "{}", ed.offset_width());
}

#[wasm_bindgen_test]
async fn tab_indents_shift_tab_outdents_and_escape_tab_leaves() {
    let m = mount("a:\n  b: 1\n", vec![], None).await;
    let ta = m.ta();
    ta.focus().expect("focus");
    ta.set_selection_range(3, 3).expect("select");
    assert!(!m.key("Tab", false, false), "Tab is taken by the editor");
    assert_eq!(ta.value(), "a:\n    b: 1\n");
    assert_eq!(m.last_change().as_deref(), Some("a:\n    b: 1\n"));
    assert_eq!((ta.selection_start().ok().flatten(), ta.selection_end().ok().flatten()), (Some(5), Some(5)));
    assert!(!m.key("Tab", true, false));
    assert_eq!(ta.value(), "a:\n  b: 1\n");
    assert_eq!(m.last_change().as_deref(), Some("a:\n  b: 1\n"));
    // Escape, then Tab: the browser's own Tab (leaving the editor) is not prevented.
    let before = m.changes.borrow().len();
    assert!(m.key("Escape", false, false));
    assert!(m.key("Shift", false, false), "a modifier does not cancel the escape");
    assert!(m.key("Tab", true, false), "Shift+Tab after Escape leaves the editor");
    assert_eq!(ta.value(), "a:\n  b: 1\n");
    assert_eq!(m.changes.borrow().len(), before);
    // The escape is spent: Tab indents again.
    assert!(!m.key("Tab", false, false));
    tick().await;
    assert_eq!(m.pre().text_content().unwrap_or_default(), ta.value());
}

#[wasm_bindgen_test]
async fn ctrl_slash_toggles_comments_on_the_selected_lines() {
    let m = mount("a: 1\nb:\n  c: 2\n", vec![], None).await;
    let ta = m.ta();
    ta.focus().expect("focus");
    ta.set_selection_range(6, 12).expect("select");
    assert!(!m.key("/", false, true));
    assert_eq!(ta.value(), "a: 1\n# b:\n#   c: 2\n");
    assert_eq!(m.last_change().as_deref(), Some("a: 1\n# b:\n#   c: 2\n"));
    assert!(!m.key("/", false, true));
    assert_eq!(ta.value(), "a: 1\nb:\n  c: 2\n");
    tick().await;
    assert_eq!(m.pre().text_content().unwrap_or_default(), ta.value());
}

#[wasm_bindgen_test]
async fn diagnostics_follow_their_lines_until_the_parent_catches_up() {
    let mut m = mount(POD, vec![diag(Severity::Error, 6, 3, "bad field")], None).await;
    // A line added at the top: the marker moves down with its line.
    let typed = format!("# new\n{POD}");
    m.type_text(&typed);
    tick().await;
    let err = m.q(".ed-mark-err").expect("marker");
    assert_eq!(err.get_attribute("data-line").as_deref(), Some("7"));
    assert_eq!(m.q(".ed-sq-err").and_then(|e| e.text_content()).as_deref(), Some("containerz"));
    // The edited line itself loses its stale marker.
    let edited = typed.replace("containerz: []", "containers: []");
    m.type_text(&edited);
    tick().await;
    assert!(m.q(".ed-mark-err").is_none());
    // The parent answers with the new text and its diagnostics.
    let props = m.props(&edited, vec![diag(Severity::Warning, 2, 1, "w")], None);
    m.handle.update(props);
    tick().await;
    assert_eq!(m.q(".ed-mark-warn").and_then(|e| e.get_attribute("data-line")).as_deref(), Some("2"));
    assert_eq!(m.ta().value(), edited);
}

#[wasm_bindgen_test]
async fn a_new_text_replaces_but_an_echo_does_not_clobber_typing() {
    let mut m = mount("a: 1", vec![], None).await;
    m.type_text("a: 12");
    m.type_text("a: 123");
    tick().await;
    // The parent's debounce echoes an older value: the newer typing stays.
    let props = m.props("a: 12", vec![], None);
    m.handle.update(props);
    tick().await;
    assert_eq!(m.ta().value(), "a: 123");
    assert_eq!(m.pre().text_content().unwrap_or_default(), "a: 123");
    // A text the editor never emitted (e.g. "Reset example") replaces it.
    let props = m.props("kind: Pod", vec![], None);
    m.handle.update(props);
    tick().await;
    assert_eq!(m.ta().value(), "kind: Pod");
    assert_eq!(m.pre().text_content().unwrap_or_default(), "kind: Pod");
}

#[wasm_bindgen_test]
async fn highlight_selects_the_token_and_scrolls_it_into_view() {
    let text: String = (1..=200).map(|i| format!("  field{i}: value{i}\n")).collect();
    let mut m = mount(&text, vec![], None).await;
    let props = m.props(&text, vec![], Some((150, 13)));
    m.handle.update(props);
    tick().await;
    let target = m.q(".ed-target").expect("the shown token");
    assert_eq!(target.text_content().as_deref(), Some("value150"));
    assert!(m.q(".ed-l-target").is_some());
    let ta = m.ta();
    let start: usize = text.split('\n').take(149).map(|l| l.chars().count() + 1).sum::<usize>() + 12;
    assert_eq!(ta.selection_start().ok().flatten(), Some(start as u32));
    assert_eq!(ta.selection_end().ok().flatten(), Some(start as u32 + 8));
    let line_top = 8 + 149 * 21;
    assert!(ta.scroll_top() <= line_top && line_top < ta.scroll_top() + ta.client_height(), "{}", ta.scroll_top());
    assert_eq!(m.pre().scroll_top(), ta.scroll_top());
}

/// Counts the DOM mutations under `el` from now until [`mutations`] is called.
fn observe(el: &web_sys::Node) -> JsValue {
    let f = js_sys::Function::new_with_args(
        "el",
        "const o = new MutationObserver(rs => { o.n += rs.length; }); o.n = 0; \
         o.observe(el, {childList: true, subtree: true, characterData: true, attributes: true}); return o;",
    );
    f.call1(&JsValue::NULL, el).expect("observer")
}

/// The mutations an [`observe`]r saw (it stops observing).
fn mutations(o: &JsValue) -> u32 {
    let f = js_sys::Function::new_with_args("o", "const n = o.n + o.takeRecords().length; o.disconnect(); return n;");
    f.call1(&JsValue::NULL, o).expect("count").as_f64().expect("number") as u32
}

/// A 2,000-line paste renders once, and a keystroke afterwards touches only the line it
/// changes (lines are memoized by content), so the work per keystroke does not grow with
/// the document. Deterministic: the time taken is printed as a measurement, not asserted
/// (the page's speed figures come from `e2e/bench.mjs`).
#[wasm_bindgen_test]
async fn a_large_paste_stays_responsive() {
    let m = mount("a: 1", vec![], None).await;
    // 2,000 distinct lines (a line's key is its content and occurrence, so an edit to a line
    // that repeats moves its later copies).
    let big: String = (0..400)
        .map(|i| format!("- name: web{i}\n  image: nginx:1.{i} # pinned\n  ports: [{{containerPort: {i}}}]\n  args: | # {i}\n    a{i}\n"))
        .collect();
    let now = js_sys::Date::now;
    let changes_before = m.changes.borrow().len();
    let t0 = now();
    m.type_text(&big);
    let mut waited = 0;
    while m.all(".ed-l").len() < 2001 && waited < 2000 {
        yew::platform::time::sleep(Duration::from_millis(5)).await;
        waited += 1;
    }
    let paste_ms = now() - t0;
    assert_eq!(m.all(".ed-l").len(), 2001);
    assert_eq!(m.pre().text_content().unwrap_or_default(), big);
    assert_eq!(m.changes.borrow().len(), changes_before + 1, "one change for the paste");
    // A keystroke in the middle afterwards.
    let mut typed = big.clone();
    typed.insert(big.len() / 2, 'x');
    let seen = observe(&m.pre());
    let t1 = now();
    m.type_text(&typed);
    waited = 0;
    while m.pre().text_content().unwrap_or_default() != typed && waited < 2000 {
        yew::platform::time::sleep(Duration::from_millis(1)).await;
        waited += 1;
    }
    let key_ms = now() - t1;
    let n = mutations(&seen);
    assert_eq!(m.pre().text_content().unwrap_or_default(), typed);
    assert_eq!(m.changes.borrow().len(), changes_before + 2, "one change for the keystroke");
    assert_eq!(m.all(".ed-l").len(), 2001);
    // Re-rendering every line would be thousands of mutations; replacing the edited line
    // (a new key: its content changed) is one line's elements and text (20 here).
    assert!(n <= 40, "a keystroke in a 2,000-line document made {n} DOM mutations");
    console_log!(
        "paste of 2,000 lines: {paste_ms} ms; keystroke after: {key_ms} ms, {n} DOM mutations (measured, not asserted)"
    );
}

#[wasm_bindgen_test]
fn the_highlighter_runs_in_wasm_too() {
    let h = highlight_yaml("a: yes # c\n");
    let kinds: Vec<Tok> = h[0].iter().map(|s| s.tok).filter(|t| *t != Tok::Plain).collect();
    assert_eq!(kinds, vec![Tok::Key, Tok::Punct, Tok::Bool, Tok::Comment]);
    assert_eq!(h[1], vec![]);
}

/// Dispatches a paste of `text` at the end of the textarea; whether the editor prevented it.
fn paste(ta: &HtmlTextAreaElement, text: &str) -> bool {
    let end = ta.value().encode_utf16().count() as u32;
    ta.set_selection_range(end, end).expect("select");
    let data = web_sys::DataTransfer::new().expect("DataTransfer");
    data.set_data("text/plain", text).expect("set data");
    let init = web_sys::ClipboardEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_clipboard_data(Some(&data));
    let ev = web_sys::ClipboardEvent::new_with_event_init_dict("paste", &init).expect("ClipboardEvent");
    ta.dispatch_event(&ev).expect("dispatch");
    ev.default_prevented()
}

#[wasm_bindgen_test]
async fn a_paste_over_the_input_limit_is_refused_before_it_reaches_the_textarea() {
    let m = mount("a: 1\n", vec![], None).await;
    let ta: HtmlTextAreaElement = m.q("textarea").expect("textarea").dyn_into().expect("textarea");
    // Exactly at the limit with the existing 5 bytes: accepted (the browser would insert it).
    let fits = "x".repeat(podlife::source::MAX_INPUT_BYTES - 5);
    assert!(!paste(&ta, &fits), "a paste that fits is let through");
    assert!(m.too_large.borrow().is_empty());
    // One byte more: refused, reported with the size the text would have had, text unchanged.
    let over = "x".repeat(podlife::source::MAX_INPUT_BYTES - 4);
    assert!(paste(&ta, &over), "a paste over the limit is prevented");
    assert_eq!(*m.too_large.borrow(), vec![podlife::source::MAX_INPUT_BYTES + 1]);
    assert_eq!(ta.value(), "a: 1\n");
    assert!(m.changes.borrow().is_empty(), "nothing reached the parent");
}
