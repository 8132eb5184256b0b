//! Share links through the CLI (README: "Share links, embeds and exports"): `podlife share`
//! writes the links the page opens, `podlife simulate --link` reads them, and the sample
//! documentation page's embeds are links that decode to valid input.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Output;

use podlife::share::{self, Panel};

#[path = "support/cli.rs"]
mod support;
use support::podlife;

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const EXAMPLE: &str = "examples/crashloop.yaml";

#[test]
fn share_writes_a_link_that_simulate_link_replays_exactly() {
    let o = podlife(
        &["share", EXAMPLE, "--seed", "7", "--at", "1m30s", "--tab", "events", "--base", "https://x.org/p/"],
        b"",
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let link = out(&o).trim().to_string();
    assert!(link.starts_with("https://x.org/p/#v=1&z="), "{link}");
    let st = share::decode(&link).expect("decodes");
    assert_eq!(st.text.as_deref(), Some(std::fs::read_to_string(EXAMPLE).unwrap().as_str()));
    assert_eq!((st.seed, st.at_ms, st.panel), (7, Some(90_000), Some(Panel::Events)));

    for (from_link, direct) in [
        (vec!["-o", "json"], vec!["--seed", "7", "-o", "json"]),
        (vec!["-o", "describe"], vec!["--seed", "7", "--at", "90s", "-o", "describe"]),
        (vec!["-o", "watch"], vec!["--seed", "7", "--at", "90s", "-o", "watch"]),
    ] {
        let a = podlife(&[&["simulate", "--link", &link][..], &from_link].concat(), b"");
        let b = podlife(&[&["simulate", EXAMPLE][..], &direct].concat(), b"");
        assert_eq!(a.status.code(), Some(0), "{}", err(&a));
        assert_eq!(out(&a), out(&b), "{from_link:?}");
        assert!(!out(&a).is_empty());
    }
    // Explicit options win over the link's.
    let a = podlife(&["simulate", "--link", &link, "--seed", "1", "-o", "json"], b"");
    let b = podlife(&["simulate", EXAMPLE, "-o", "json"], b"");
    assert_eq!(out(&a), out(&b));
}

#[test]
fn share_iframe_gives_the_embed_snippet() {
    let o =
        podlife(&["share", "-", "--embed", "--readonly", "--autoplay", "--theme", "dark", "--iframe"], b"kind: Pod\n");
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let s = out(&o);
    assert!(s.starts_with("<iframe src=\"#v=1&amp;z="), "{s}");
    assert!(s.contains("&amp;embed=1&amp;ro=1&amp;autoplay=1&amp;theme=dark\""), "{s}");
    assert!(s.contains("width=\"600\" height=\"360\""), "{s}");
}

#[test]
fn a_state_too_large_for_a_link_exits_1_with_the_limit() {
    let mut x: u64 = 1;
    let noise: String = (0..60_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (b'a' + (x % 26) as u8) as char
        })
        .collect();
    let o = podlife(&["share", "-"], format!("# {noise}\nkind: Pod\n").as_bytes());
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("more than the 32 KB"), "{}", err(&o));
    let o = podlife(&["share", EXAMPLE, "--at", "soon"], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("--at \"soon\""), "{}", err(&o));
}

#[test]
fn a_damaged_link_exits_2_with_the_reason() {
    for (link, want) in [
        ("#v=1&z=***", "not valid base64url"),
        ("#v=1&z=AAAA", "not valid DEFLATE"),
        ("https://x/#v=3&z=AA", "another version"),
        ("#v=1&t=1s&t=2s", "given twice"),
    ] {
        let o = podlife(&["simulate", "--link", link], b"");
        assert_eq!(o.status.code(), Some(2), "{link}");
        assert!(err(&o).contains(want), "{link}: {}", err(&o));
    }
    let o = podlife(&["simulate"], b"");
    assert_eq!(o.status.code(), Some(2), "FILE or --link is required");
}

/// The sample documentation page (static/docs/index.html) embeds links that decode to
/// valid, simulated input with the embed options it documents.
#[test]
fn the_docs_page_snippet_is_a_valid_embed_link() {
    let page = std::fs::read_to_string("static/docs/index.html").unwrap();
    let src = page.split("<iframe src=\"").nth(1).and_then(|s| s.split('"').next()).expect("an iframe snippet");
    let st = share::decode(&src.replace("&amp;", "&")).expect("the snippet's link decodes");
    assert!(st.show.embed && st.show.readonly, "{st:?}");
    let text = st.text.expect("text");
    let o = podlife(&["simulate", "-", "-o", "json"], text.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(page.contains("<script src=\"../embed.js\" defer></script>"));
    assert_eq!(page.matches("<pre data-podlife").count(), 2);
}
