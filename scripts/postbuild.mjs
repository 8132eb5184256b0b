// Trunk's post_build hook (Trunk.toml). Trunk runs the hooks of one stage concurrently, and both
// steps rewrite index.html, so this one hook runs them in order: first the JavaScript is
// minified (which changes its integrity hashes), then the Content-Security-Policy is written.
await import('./minify.mjs');
await import('./csp.mjs');
