// Optimizes the release build's wasm for size with Binaryen's wasm-opt, in place of Trunk's own
// pass (index.html sets `data-wasm-opt="0"`): Trunk can only pass an optimization level, and
// restructuring the control flow first (`--flatten --rereloop`) before two `-Oz` rounds gives a
// wasm about 3 KB smaller gzipped than Trunk's single `-Oz`, and ordering the functions by name
// another 7.0 KB (BENCHMARKS.md, "The page's bundle, 2026-11-27 13:05 – 15:40"). Part of the
// bundle budget (issue 4). Then orders the data segments (wasmbin.mjs) and rewrites the wasm's
// integrity hash.
//
// Run by scripts/postbuild.mjs (Trunk's post_build hook, on $TRUNK_STAGING_DIR), or by hand:
// `node scripts/wasmopt.mjs [DIR]` (default dist/; running it twice optimizes twice, which
// changes little). Debug builds are left as they are (TRUNK_PROFILE=debug).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { rewriteIntegrity } from './integrity.mjs';
import { orderDataSegments } from './wasmbin.mjs';

// The features rustc enables for wasm32-unknown-unknown and the browsers podlife supports have.
const FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals'];
// `--low-memory-unused` lets the optimizer fold a constant added to an address into the load's
// or store's offset (−2.7 KB gz). The two differ only when the address computation wraps below
// 0, i.e. for a pointer into the first KiB minus a constant: Rust's data and heap lie above
// 1 MiB and the stack grows down from 1 MiB, so only a stack that has already overflowed could
// get there, and such an access now traps instead of writing into low memory.
// Then the functions are put in the order of their (mangled Rust) names, so that a module's
// functions, a type's methods and the instances of one generic sit next to each other, where
// gzip's 32 KB window finds what they share: −7.0 KB gz for the same code (BENCHMARKS.md; the
// input from wasm-bindgen still has its name section, the output has none). Last, the `producers`
// and `target_features` custom sections go (the toolchain's names and versions, and the features
// above: nothing reads them at run time; −189 B gz).
const PASSES = ['--low-memory-unused', '--flatten', '--rereloop', '-Oz', '-Oz', '--reorder-functions-by-name', '--strip-producers', '--strip-target-features'];

const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR || 'dist';

if (process.env.TRUNK_PROFILE === 'debug') {
  console.log('wasmopt.mjs: debug build, wasm left as it is');
} else {
  const files = fs.readdirSync(dir).filter((n) => n.endsWith('_bg.wasm'));
  if (files.length === 0) throw new Error(`wasmopt.mjs: no *_bg.wasm in ${dir}`);
  for (const name of files) {
    const file = path.join(dir, name);
    const before = fs.statSync(file).size;
    const out = `${file}.opt`;
    const r = spawnSync('wasm-opt', [...PASSES, ...FEATURES, file, '-o', out], { stdio: 'inherit' });
    if (r.error) throw new Error(`wasmopt.mjs: cannot run wasm-opt (scripts/setup.sh installs it): ${r.error.message}`);
    if (r.status !== 0) throw new Error(`wasmopt.mjs: wasm-opt failed on ${name} (exit ${r.status})`);
    // The data segments in an order gzip compresses better (wasmbin.mjs; −0.7 KB gz).
    fs.writeFileSync(file, orderDataSegments(fs.readFileSync(out)));
    fs.rmSync(out);
    console.log(`wasmopt.mjs: ${name} ${before} -> ${fs.statSync(file).size} bytes (${PASSES.join(' ')}, data segments ordered)`);
  }
  const fixed = rewriteIntegrity(dir, files);
  console.log(`wasmopt.mjs: ${fixed} integrity hash(es) rewritten`);
}
