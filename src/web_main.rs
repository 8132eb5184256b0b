//! Entry point of the web playground (built for wasm32 by Trunk). The UI lives in
//! `podlife::web`; natively this binary does nothing.

#[cfg(target_arch = "wasm32")]
fn main() {
    podlife::web::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("podlife-web is the browser build; run scripts/serve to open the playground.");
}
