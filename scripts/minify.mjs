// Minifies the JavaScript a release build loads (wasm-bindgen's glue and its inline_js snippets)
// with terser, and rewrites the Subresource Integrity hashes Trunk put in index.html for those
// files, so the browser still accepts them. Part of the bundle budget (issue 4): the glue is
// ~49 KB of readable JS that Trunk's own minifier leaves as it is.
//
// Run by scripts/postbuild.mjs (Trunk's post_build hook, on $TRUNK_STAGING_DIR before the copy
// to dist/), or by hand: `node scripts/minify.mjs [DIR]` (default dist/). Debug builds are left
// readable (TRUNK_PROFILE=debug). Idempotent: minified code minifies to itself, and the hashes
// are recomputed from the files as they are.
//
// `embed.js` (the drop-in script for documentation pages, which people read) is not touched.
import fs from 'node:fs';
import path from 'node:path';
import { minify } from 'terser';
import { rewriteIntegrity } from './integrity.mjs';

const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR || 'dist';

if (process.env.TRUNK_PROFILE === 'debug') {
  console.log('minify.mjs: debug build, JavaScript left as it is');
} else {
  const files = [];
  for (const name of fs.readdirSync(dir)) {
    if (name.endsWith('.js') && name !== 'embed.js') files.push(name);
  }
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = path.posix.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else if (e.name.endsWith('.js')) files.push(r);
    }
  };
  if (fs.existsSync(path.join(dir, 'snippets'))) walk('snippets');

  let before = 0;
  let after = 0;
  for (const rel of files) {
    const file = path.join(dir, rel);
    const code = fs.readFileSync(file, 'utf8');
    // ES modules (wasm-bindgen's --target web output and its snippets): top-level names are
    // module-scoped, so they may be mangled too; exports keep their names.
    const out = await minify(code, { module: true, compress: { passes: 2 }, mangle: true, format: { comments: false } });
    if (typeof out.code !== 'string') throw new Error(`minify.mjs: terser returned nothing for ${rel}`);
    fs.writeFileSync(file, out.code);
    before += code.length;
    after += out.code.length;
  }

  const fixed = rewriteIntegrity(dir, files);
  console.log(`minify.mjs: ${files.length} file(s), ${before} -> ${after} bytes; ${fixed} integrity hash(es) rewritten`);
}
