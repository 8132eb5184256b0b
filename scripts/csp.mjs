// Writes the site's Content-Security-Policy into the built index.html as a
// <meta http-equiv="Content-Security-Policy">, with the SHA-256 of every inline script Trunk
// emitted (its module loader), computed from the built file itself.
//
// Run by Trunk as a post_build hook (Trunk.toml; it works on $TRUNK_STAGING_DIR before the
// copy to dist/), or by hand: `node scripts/csp.mjs [DIR]` (default dist/). Idempotent: a
// policy already there is replaced. Exits 1 if the page has something the policy would block
// that cannot be hashed (an inline event handler attribute, a javascript: URL).
//
// The policy allows only the site's own origin:
//   default-src 'self'                      anything not listed below: own files only
//   script-src 'self' 'wasm-unsafe-eval' 'sha256-…'
//                                            own JS files, compiling the own wasm, Trunk's loader
//   style-src 'self'                        own CSS files; no <style> elements
//   style-src-attr 'unsafe-inline'          Yew writes `style="…"` attributes (the timeline's
//                                            widths/positions, the editor's layers), which CSP
//                                            treats as inline styles; attributes cannot be hashed
//                                            and cannot run code
//   img-src 'self' data: blob:              exports (PNG/SVG as data: or blob: URLs)
//   connect-src 'self'                      fetching the own wasm
//   object-src 'none'; base-uri 'self'; form-action 'self'
// `frame-ancestors` (who may frame the page) is ignored in a <meta> policy; a host that
// wants it must send it as an HTTP header. podlife is meant to be embedded, so it sets none.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR || 'dist';
const file = path.join(dir, 'index.html');
let html = fs.readFileSync(file, 'utf8');

// Replace a policy written by an earlier run.
html = html.replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/i, '');

const hashes = [];
for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
  if (/\bsrc\s*=/i.test(m[1])) continue;
  const digest = crypto.createHash('sha256').update(m[2], 'utf8').digest('base64');
  hashes.push(`'sha256-${digest}'`);
}
const problems = [];
if (/<style\b/i.test(html)) problems.push('an inline <style> element (style-src has no hash for it)');
const handler = html.match(/<[^>]*\son[a-z]+\s*=/i);
if (handler) problems.push(`an inline event handler: ${handler[0]}`);
if (/javascript:/i.test(html)) problems.push('a javascript: URL');
if (problems.length) {
  console.error(`csp.mjs: ${file} has ${problems.join('; ')}`);
  process.exit(1);
}

const policy = [
  "default-src 'self'",
  ["script-src 'self' 'wasm-unsafe-eval'", ...hashes].join(' '),
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
// Right after <meta charset>: before any script, so it covers all of them. (A release build's
// minified HTML writes it without quotes: Trunk.toml `minify`.)
const charset = /<meta charset="?utf-8"?>/i;
if (!charset.test(html)) {
  console.error(`csp.mjs: no <meta charset="utf-8"> in ${file} to place the policy after`);
  process.exit(1);
}
html = html.replace(charset, (m) => `${m}\n  ${meta}`);
fs.writeFileSync(file, html);
console.log(`csp.mjs: ${file}: ${hashes.length} inline script hash(es)\n  ${policy}`);
