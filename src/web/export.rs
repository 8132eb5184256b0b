//! The export menu: the timeline as SVG and PNG (what is on screen), the timeline JSON (the
//! CLI's `simulate -o json`), the `kubectl describe` Events and `kubectl get pod -w`
//! transcripts at the playhead (`-o describe` / `-o watch --at`), and the effective spec as
//! YAML. Every file is made in the page and saved through a Blob URL: nothing is uploaded.
//!
//! The PNG has the on-screen size of the timeline's SVG × `devicePixelRatio` pixels (a
//! 900×330 timeline on a 2× screen gives 1800×660).

use std::rc::Rc;

use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use super::h::el;
use super::i18n::{t, Lang, T};
use super::share::{download, timeline_png, timeline_svg, BarSet};
use super::timeline::Tl;
use crate::input::Parsed;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Svg,
    Png,
    Json,
    Describe,
    Watch,
    Yaml,
}

/// The effective spec as YAML text (the effective view without its markers).
pub fn effective_yaml(parsed: &Parsed, index: usize) -> Option<String> {
    let doc = parsed.pods.get(index)?;
    let mut out = String::new();
    for l in crate::effective::effective_lines(doc) {
        out.push_str(&l.text);
        out.push('\n');
    }
    Some(out)
}

/// A file-name-safe form of the pod's name.
fn stem(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '.' { c } else { '_' })
        .take(80)
        .collect();
    if s.is_empty() {
        "pod".into()
    } else {
        s
    }
}

/// A menu of downloads; items that need a simulation are disabled without one. A plain
/// function drawn by the share bar, which keeps `failed` ("that file could not be made").
pub(super) fn export_menu(
    lang: Lang,
    timeline: &Option<Tl>,
    parsed: &Rc<Parsed>,
    index: usize,
    at: i64,
    failed: bool,
    set: &super::share::Set,
) -> Html {
    let item = |kind: Kind, label: T, testid: &'static str| {
        let tl = timeline.clone();
        let parsed = parsed.clone();
        let set = set.clone();
        let disabled = match kind {
            Kind::Yaml => parsed.pods.get(index).is_none(),
            _ => tl.is_none(),
        };
        let onclick = Callback::from(move |_| {
            let name = stem(&tl.as_ref().map_or_else(
                || parsed.pods.get(index).map(|d| d.pod_name().to_string()).unwrap_or_default(),
                |t| t.pod.clone(),
            ));
            set.dispatch(BarSet::ExportFailed(false));
            // (file name after the pod's, MIME type, contents); None: nothing to save.
            let file: Option<(String, &str, String)> = match kind {
                Kind::Png => {
                    let set = set.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        match JsFuture::from(timeline_png()).await {
                            Ok(v) if !v.is_null() => {
                                let bytes = js_sys::Uint8Array::new(&v).to_vec();
                                download(&format!("{name}-timeline.png"), "image/png", &bytes);
                            }
                            _ => set.dispatch(BarSet::ExportFailed(true)),
                        }
                    });
                    return;
                }
                Kind::Svg => timeline_svg().map(|svg| ("timeline.svg".to_string(), "image/svg+xml", svg)),
                Kind::Yaml => {
                    effective_yaml(&parsed, index).map(|y| ("effective.yaml".to_string(), "application/yaml", y))
                }
                // Exactly `podlife simulate -o json` (pretty JSON and a newline).
                Kind::Json => tl.as_ref().map(|tl| {
                    ("timeline.json".to_string(), "application/json", crate::report::timeline_json(&tl.0) + "\n")
                }),
                Kind::Describe | Kind::Watch => tl.as_ref().map(|tl| {
                    let at_s = crate::share::format_time(at);
                    if kind == Kind::Describe {
                        (format!("describe-{at_s}.txt"), "text/plain;charset=utf-8", tl.describe_events(at))
                    } else {
                        (format!("watch-{at_s}.txt"), "text/plain;charset=utf-8", tl.watch_lines(at))
                    }
                }),
            };
            match file {
                Some((file, mime, data)) => download(&format!("{name}-{file}"), mime, data.as_bytes()),
                // The SVG and the YAML say when they could not be made (the others' buttons are
                // disabled without a simulation).
                None if matches!(kind, Kind::Svg | Kind::Yaml) => set.dispatch(BarSet::ExportFailed(true)),
                None => {}
            }
        });
        let button = el("button").a("role", "menuitem").onclick(onclick);
        let button = if disabled { button.a("disabled", "disabled") } else { button };
        el("li").a("role", "none").e(button.testid(testid).t(t(lang, label))).h()
    };
    el("details")
        .class("export-menu")
        .testid("export")
        .e(el("summary").t(t(lang, T::Export)))
        .e(el("ul")
            .a("role", "menu")
            .a("aria-label", t(lang, T::Export))
            .c(item(Kind::Svg, T::ExportSvg, "export-svg"))
            .c(item(Kind::Png, T::ExportPng, "export-png"))
            .c(item(Kind::Json, T::ExportJson, "export-json"))
            .c(item(Kind::Describe, T::ExportDescribe, "export-describe"))
            .c(item(Kind::Watch, T::ExportWatch, "export-watch"))
            .c(item(Kind::Yaml, T::ExportYaml, "export-yaml")))
        .c(if failed {
            el("p").class("share-error").a("role", "alert").t(t(lang, T::ExportFailed)).h()
        } else {
            Html::default()
        })
        .h()
}
