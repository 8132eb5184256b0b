// Trunk's post_build hook (Trunk.toml). Trunk runs the hooks of one stage concurrently, and all
// steps rewrite index.html, so this one hook runs them in order: first the wasm is optimized, the
// names of its imports from the glue shortened in both, and the JavaScript minified (each
// changes integrity hashes), then the Content-Security-Policy is written, and last every text
// file gets its precompressed gzip copy (`.gz`, Zopfli), which must see the files' final bytes.
await import('./wasmopt.mjs');
await import('./shortnames.mjs');
await import('./minify.mjs');
await import('./csp.mjs');
await import('./precompress.mjs');
