// Writes a gzip copy next to every text file of a release build (`app.wasm` → `app.wasm.gz`),
// compressed with Zopfli: a slower, exhaustive DEFLATE encoder whose output is ordinary gzip that
// every browser reads, 4–5 % smaller than zlib's level 9. A static host that serves precompressed
// files (nginx `gzip_static on`, Caddy `file_server { precompressed gzip }`, Apache with
// `mod_rewrite`, most CDNs' origin-compression settings) then sends these bytes with
// `Content-Encoding: gzip`; e2e/server.mjs does the same, and the bundle budget (issue 4,
// e2e/bench.mjs) is measured on these files. A host that compresses on the fly sends its own
// gzip instead (bench.mjs reports zlib's level 9 as well).
//
// Each copy is checked: it must decompress to the file's exact bytes, or the build stops.
// Files whose copy would not be smaller (tiny ones) get none.
//
// Run last by scripts/postbuild.mjs (after every step that rewrites a file), or by hand:
// `node scripts/precompress.mjs [DIR]` (default dist/). Debug builds get no copies
// (TRUNK_PROFILE=debug), nor do builds with PODLIFE_PRECOMPRESS=0 (scripts/serve).
// Idempotent: old copies are replaced.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { gzipAsync } from '@gfx/zopfli';

const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR || 'dist';
// Text the site serves. Images other than SVG are compressed already.
const TEXT = /\.(wasm|js|mjs|css|html|svg|json|yaml|txt|md)$/;
// Zopfli's settings, measured on the wasm: 5 iterations find all but ~40 B of what 100 find, in
// a sixth of the time; no cap on the number of DEFLATE blocks (Zopfli's default is 15) saves
// another ~820 B there for twice the time (BENCHMARKS.md).
const OPTIONS = { numiterations: 5, blocksplittingmax: 0 };

async function precompress(root) {
  const files = [];
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const r = path.posix.join(rel, e.name);
      if (e.name.startsWith('.')) continue; // Trunk's staging directory of a build in progress
      if (e.isDirectory()) walk(r);
      else if (TEXT.test(e.name)) files.push(r);
    }
  };
  walk('');
  let raw = 0;
  let gz = 0;
  for (const rel of files) {
    const file = path.join(root, rel);
    const data = fs.readFileSync(file);
    fs.rmSync(file + '.gz', { force: true });
    const out = Buffer.from(await gzipAsync(data, OPTIONS));
    if (!zlib.gunzipSync(out).equals(data)) {
      throw new Error(`precompress.mjs: the gzip copy of ${rel} does not decompress to the file`);
    }
    if (out.length >= data.length) continue;
    fs.writeFileSync(file + '.gz', out);
    raw += data.length;
    gz += out.length;
  }
  return { files: files.length, raw, gz };
}

if (process.env.TRUNK_PROFILE === 'debug') {
  console.log('precompress.mjs: debug build, no gzip copies');
} else if (process.env.PODLIFE_PRECOMPRESS === '0') {
  // scripts/serve: Trunk's own server sends the plain files, so the copies would only add
  // seconds to every rebuild. scripts/test builds again, with them.
  console.log('precompress.mjs: PODLIFE_PRECOMPRESS=0, no gzip copies');
} else {
  const t0 = Date.now();
  const { files, raw, gz } = await precompress(dir);
  console.log(`precompress.mjs: ${files} files, ${raw} B → ${gz} B gzip (Zopfli) in ${Date.now() - t0} ms`);
}
