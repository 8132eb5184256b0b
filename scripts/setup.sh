#!/usr/bin/env bash
# Installs what podlife's build and tests need, skipping whatever is already there at the
# right version. Sourced by scripts/serve and scripts/test; safe to run again and again.
# What works on these machines, and why each step looks the way it does:
# ../shared/toolchain.md (if present).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION_PREFIX="0.21."
# Must equal the `wasm-bindgen` pin in Cargo.toml (`=0.2.130`) and Trunk.toml.
WASM_BINDGEN_VERSION="0.2.130"

log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

ensure_wasm_target() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown >&2
  fi
}

# The standard library's sources: the page's release build compiles std itself (below).
ensure_rust_src() {
  if ! rustup component list --installed 2>/dev/null | grep -qx rust-src; then
    log "adding the rust-src component (the page's release build compiles std for size)"
    rustup component add rust-src >&2
  fi
}

# The page's release build (what `trunk build --release` / `trunk serve --release` run cargo
# with; use as `env "${PAGE_BUILD_ENV[@]}" trunk …`). It rebuilds the standard library with
# the page, for size, and makes a panic abort at once: 18.9 KB gzipped less, 43 % of what
# was left to issue 4's 400 KB budget (BENCHMARKS.md, "The page's bundle, 2026-11-27 13:05 –
# 15:40"). These are unstable options of the pinned stable compiler (1.95.0), enabled for
# this one build with RUSTC_BOOTSTRAP=1, as the Linux kernel builds its Rust code; native
# builds, clippy and the native and in-browser tests do not use them; the end-to-end tests
# run the page built with them. A panic then reaches the page as a WebAssembly.RuntimeError
# and the page's script shows the crash panel (src/web/share.rs). ARCHITECTURE.md, "Build",
# says what each does and what to check when the toolchain changes. A RUSTFLAGS variable in
# the caller's environment would replace the wasm target's flags (size only).
PAGE_BUILD_ENV=(
  RUSTC_BOOTSTRAP=1
  CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
  CARGO_UNSTABLE_PANIC_IMMEDIATE_ABORT=true
  CARGO_PROFILE_RELEASE_PANIC=immediate-abort
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS=-Zlocation-detail=none
)

ensure_trunk() {
  if ! trunk --version 2>/dev/null | grep -q "trunk ${TRUNK_VERSION_PREFIX}"; then
    # trunk 0.22 needs a newer rustc than this machine has; 0.21 builds here (~4 min).
    log "installing trunk ~0.21 (a few minutes, once)"
    cargo install trunk --version '~0.21' --locked >&2
  fi
}

ensure_wasm_bindgen() {
  if ! wasm-bindgen --version 2>/dev/null | grep -q "wasm-bindgen ${WASM_BINDGEN_VERSION}"; then
    # Without --locked: the locked set asks for a webpki-roots version the registry no longer serves.
    log "installing wasm-bindgen-cli ${WASM_BINDGEN_VERSION} (a few minutes, once)"
    cargo install wasm-bindgen-cli --version "${WASM_BINDGEN_VERSION}" --force >&2
  fi
}

ensure_node_modules() {
  if [ ! -x "$ROOT/node_modules/.bin/wasm-opt" ] || [ ! -d "$ROOT/node_modules/playwright-core" ] \
    || [ ! -d "$ROOT/node_modules/terser" ] || [ ! -d "$ROOT/node_modules/@gfx/zopfli" ]; then
    log "installing binaryen (wasm-opt), terser, Zopfli and playwright-core from npm"
    (cd "$ROOT" && npm install --no-audit --no-fund >&2)
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    log "installing Debian's chromium and chromium-driver"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver >&2
  fi
}

ensure_build_tools() {
  ensure_wasm_target
  ensure_rust_src
  ensure_trunk
  ensure_wasm_bindgen
  ensure_node_modules
}

ensure_all() {
  ensure_build_tools
  ensure_chromium
}
