//! The browser UI: a thin Yew layer over the core. It only renders what
//! [`crate::input::parse`] and the report functions return; it computes nothing itself.

pub mod editor;

use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::input::{self, Parsed, Severity};
use crate::report;

/// The example loaded on a first visit.
pub const DEFAULT_EXAMPLE: &str = include_str!("../../examples/httpserver.yaml");
/// Where the editor's text survives a reload.
const STORAGE_KEY: &str = "podlife.editor.v1";
/// The Kubernetes version whose semantics podlife models.
pub const K8S_VERSION: &str = "1.34";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn load_text() -> String {
    storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()).unwrap_or_else(|| DEFAULT_EXAMPLE.to_string())
}

fn save_text(text: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(STORAGE_KEY, text);
    }
}

/// Starts the app in `<body>`, with a panic hook that keeps the page usable.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        show_crash_panel(&info.to_string());
    }));
    yew::Renderer::<App>::new().render();
}

/// A panic must never leave a blank page: show what happened, keep the input (it is in
/// localStorage), and offer a reload. Built with text nodes only: no user text as HTML.
fn show_crash_panel(message: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = doc.body() else { return };
    let Ok(panel) = doc.create_element("div") else { return };
    panel.set_id("crash");
    let _ = panel.set_attribute("role", "alert");
    if let Ok(h) = doc.create_element("h2") {
        h.set_text_content(Some("podlife hit an internal error"));
        let _ = panel.append_child(&h);
    }
    if let Ok(p) = doc.create_element("p") {
        p.set_text_content(Some(
            "Your input is kept. Reload to continue; if it happens again, the text below helps us fix it.",
        ));
        let _ = panel.append_child(&p);
    }
    if let Ok(pre) = doc.create_element("pre") {
        pre.set_text_content(Some(message));
        let _ = panel.append_child(&pre);
    }
    if let Ok(b) = doc.create_element("button") {
        b.set_text_content(Some("Reload"));
        let _ = b.set_attribute("onclick", "location.reload()");
        let _ = panel.append_child(&b);
    }
    let _ = body.append_child(&panel);
}

/// Selects a line of the editor, so a click on a diagnostic shows its place.
fn jump_to(line: u32, col: u32) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(el) = doc.get_element_by_id("editor") else { return };
    let Ok(ta) = el.dyn_into::<HtmlTextAreaElement>() else { return };
    let text = ta.value();
    let mut offset = 0usize;
    for (i, l) in text.split('\n').enumerate() {
        if i + 1 == line as usize {
            let start = offset + l.chars().take(col.saturating_sub(1) as usize).count();
            let end = offset + l.chars().count();
            let _ = ta.focus();
            let _ = ta.set_selection_range(start as u32, end as u32);
            // Scroll the line into view: 1.5em per line is the editor's line height.
            let line_px = 21.0;
            ta.set_scroll_top(((line.saturating_sub(3)) as f64 * line_px) as i32);
            return;
        }
        offset += l.chars().count() + 1;
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let text = use_state(load_text);
    let parsed = use_memo((*text).clone(), |t| input::parse(t));

    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            let ta: HtmlTextAreaElement = e.target_unchecked_into();
            let v = ta.value();
            save_text(&v);
            text.set(v);
        })
    };
    let reset = {
        let text = text.clone();
        Callback::from(move |_| {
            save_text(DEFAULT_EXAMPLE);
            text.set(DEFAULT_EXAMPLE.to_string());
        })
    };
    let line_count = text.split('\n').count();
    let gutter: String = (1..=line_count).map(|i| format!("{i}\n")).collect();

    html! {
        <div class="app">
            <header>
                <h1>{"podlife"}</h1>
                <p class="tagline">{"What a kubelet does with your Pod, second by second."}</p>
                <span class="k8s-version" title="podlife models the semantics of this Kubernetes release">{format!("Kubernetes {K8S_VERSION}")}</span>
            </header>
            <main>
                <section class="editor-pane" aria-label="Pod spec editor">
                    <div class="editor-toolbar">
                        <label for="editor">{"Paste a Pod, Deployment, Job, … (YAML or JSON)"}</label>
                        <button onclick={reset} title="Load the httpserver example again">{"Reset example"}</button>
                    </div>
                    <div class="editor-wrap">
                        <pre class="gutter" aria-hidden="true">{gutter}</pre>
                        <textarea id="editor" spellcheck="false" autocomplete="off" value={(*text).clone()} {oninput} aria-describedby="diagnostics" />
                    </div>
                </section>
                <section class="results" aria-label="Results" aria-live="polite">
                    <Diagnostics parsed={parsed.clone()} />
                    <Pods parsed={parsed.clone()} />
                </section>
            </main>
            <footer>
                <p>{"Runs entirely in your browser: nothing you paste leaves this page."}</p>
            </footer>
        </div>
    }
}

#[derive(Properties)]
pub struct ParsedProps {
    pub parsed: std::rc::Rc<Parsed>,
}

impl PartialEq for ParsedProps {
    /// One parse result per text: the same `Rc` means the same content.
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.parsed, &other.parsed)
    }
}

#[function_component(Diagnostics)]
pub fn diagnostics(props: &ParsedProps) -> Html {
    let all = props.parsed.all_diagnostics();
    if all.is_empty() {
        return html! { <div id="diagnostics" class="diagnostics ok">{"No problems found."}</div> };
    }
    html! {
        <div id="diagnostics" class="diagnostics">
            <h2>{format!("{} problem(s)", all.len())}</h2>
            <ul>
            { for all.iter().map(|d| {
                let (line, col) = (d.pos.line, d.pos.col);
                let class = if d.severity == Severity::Error { "diag error" } else { "diag warning" };
                let onclick = Callback::from(move |_| jump_to(line, col));
                html! {
                    <li class={class}>
                        <button class="pos" {onclick} title="Show in the editor">{format!("{line}:{col}")}</button>
                        <span class="msg">{d.message.clone()}</span>
                    </li>
                }
            }) }
            </ul>
        </div>
    }
}

#[function_component(Pods)]
pub fn pods(props: &ParsedProps) -> Html {
    let parsed = &props.parsed;
    let validate = report::validate(parsed);
    html! {
        <div class="pods">
        { for parsed.pods.iter().map(|p| {
            let v = validate.iter().find(|v| v.pos == p.root.pos && !v.kind.is_empty());
            let valid = p.is_valid();
            html! {
                <article class="pod-card" data-pod={p.pod_name().to_string()}>
                    <h2>
                        <span class="pod-name">{p.pod_name().to_string()}</span>
                        <span class={classes!("qos", p.qos.as_str().to_lowercase())} title="QoS class">{p.qos.as_str()}</span>
                    </h2>
                    <p class="owner">{ if p.kind == "Pod" { "a Pod".to_string() } else { format!("created by {} {:?}", p.kind, p.name) } }</p>
                    <p class={if valid { "verdict valid" } else { "verdict invalid" }}>
                        { if valid { "The API server accepts it." } else { "The API server rejects it:" } }
                    </p>
                    <pre class="kubectl">{ v.map(|v| v.kubectl.clone()).unwrap_or_default() }</pre>
                    <details>
                        <summary>{format!("{} field(s) defaulted by the API server", p.defaulted.len())}</summary>
                        <ul class="defaulted">
                        { for p.defaulted.iter().map(|d| html!{ <li><code>{d.path.clone()}</code>{": "}<code>{d.value.clone()}</code></li> }) }
                        </ul>
                    </details>
                </article>
            }
        }) }
        { for parsed.ignored.iter().map(|(pos, kind)| html!{
            <p class="ignored">{format!("line {}: a {kind} carries no pod; podlife shows it but does not simulate it (not simulated).", pos.line)}</p>
        }) }
        </div>
    }
}
