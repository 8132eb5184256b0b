// Gives the wasm's imports from wasm-bindgen's JS glue short names (`a`, `b`, … `aa`, …) in both
// the release build's wasm and its glue, then rewrites the integrity hashes. wasm-bindgen names
// each import like `__wbg_addEventListener_6b2c0d1e5f3a4b7c`: ~170 such names, each written once
// in the wasm's import section and once in the glue, whose 16-hex-digit hashes gzip cannot
// compress. Short names save ~6.0 KB gzipped of the bundle budget (issue 4; BENCHMARKS.md,
// "The page's bundle, 2026-11-27 13:05 – 15:40"). Only the glue module's imports are renamed (those of the `inline_js`
// snippets are the snippets' own export names and stay). Binaryen's
// `--minify-imports-and-exports` renames only `env` imports, hence this step.
//
// Safety: each renamed name must occur exactly once in the glue, as an object key (`name:`);
// anything else (a name used twice, a name missing) stops the build with an error rather than
// emit a page whose imports do not resolve. The e2e tests run the renamed build.
//
// Run by scripts/postbuild.mjs after wasmopt.mjs and before minify.mjs (the glue is still
// wasm-bindgen's readable output), or by hand: `node scripts/shortnames.mjs [DIR]` (default
// dist/). A build whose names are already short is left as it is. Debug builds are left as they
// are (TRUNK_PROFILE=debug).
import fs from 'node:fs';
import path from 'node:path';
import { rewriteIntegrity } from './integrity.mjs';
import { leb, readLeb } from './wasmbin.mjs';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/// The n-th short name: a … Z, aa … ZZ, aaa …; never a JS keyword (all keywords are lowercase
/// and at least two letters, so two-letter lowercase names that are keywords are skipped).
function shortName(n) {
  let s = '';
  let k = n;
  for (;;) {
    s = ALPHABET[k % ALPHABET.length] + s;
    k = Math.floor(k / ALPHABET.length) - 1;
    if (k < 0) return s;
  }
}
const KEYWORDS = new Set(['do', 'if', 'in', 'as', 'of']);

/// Skips an import's description (function, table, memory, global or tag); returns its end.
function skipImportDesc(buf, at, kind) {
  let i = at;
  const limits = () => {
    const flags = buf[i++];
    [, i] = readLeb(buf, i);
    if (flags & 1) [, i] = readLeb(buf, i);
  };
  switch (kind) {
    case 0: // function: type index
    case 4: // tag: attribute byte, then type index
      if (kind === 4) i += 1;
      [, i] = readLeb(buf, i);
      return i;
    case 1: // table: reference type, limits
      i += 1;
      limits();
      return i;
    case 2: // memory: limits
      limits();
      return i;
    case 3: // global: value type, mutability
      return i + 2;
    default:
      throw new Error(`shortnames.mjs: unknown import kind ${kind}`);
  }
}

/// Renames the imports of `module` in the wasm, and the exports named in `exports` (a Map old ->
/// new, filled in by the caller); returns [new wasm, Map of renamed imports old -> new].
export function renameImports(wasm, module, exports = new Map()) {
  if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error('shortnames.mjs: not a wasm module');
  const parts = [wasm.subarray(0, 8)];
  const names = new Map();
  let next = 0;
  let i = 8;
  while (i < wasm.length) {
    const id = wasm[i];
    const [size, start] = readLeb(wasm, i + 1);
    const end = start + size;
    if (id === 7) {
      let [count, p] = readLeb(wasm, start);
      const body = [leb(count)];
      for (let n = 0; n < count; n += 1) {
        let len;
        [len, p] = readLeb(wasm, p);
        const field = wasm.subarray(p, p + len).toString('utf8');
        p += len;
        const kind = wasm[p];
        const [, descEnd] = readLeb(wasm, p + 1);
        const desc = wasm.subarray(p, descEnd);
        p = descEnd;
        const fieldBytes = Buffer.from(exports.get(field) ?? field, 'utf8');
        body.push(leb(fieldBytes.length), fieldBytes, desc);
      }
      if (p !== end) throw new Error('shortnames.mjs: export section not read to its end');
      const section = Buffer.concat(body);
      parts.push(Buffer.from([7]), leb(section.length), section);
      i = end;
      continue;
    }
    if (id !== 2) {
      parts.push(wasm.subarray(i, end));
      i = end;
      continue;
    }
    let [count, p] = readLeb(wasm, start);
    const body = [leb(count)];
    for (let n = 0; n < count; n += 1) {
      let len;
      [len, p] = readLeb(wasm, p);
      const mod = wasm.subarray(p, p + len);
      p += len;
      [len, p] = readLeb(wasm, p);
      const field = wasm.subarray(p, p + len).toString('utf8');
      p += len;
      const kind = wasm[p];
      const descEnd = skipImportDesc(wasm, p + 1, kind);
      const desc = wasm.subarray(p, descEnd);
      p = descEnd;
      let newField = field;
      if (mod.toString('utf8') === module) {
        if (!names.has(field)) {
          let name;
          do name = shortName(next++);
          while (KEYWORDS.has(name));
          names.set(field, name);
        }
        newField = names.get(field);
      }
      const fieldBytes = Buffer.from(newField, 'utf8');
      body.push(leb(mod.length), mod, leb(fieldBytes.length), fieldBytes, desc);
    }
    if (p !== end) throw new Error('shortnames.mjs: import section not read to its end');
    const section = Buffer.concat(body);
    parts.push(Buffer.from([2]), leb(section.length), section);
    i = end;
  }
  return [Buffer.concat(parts), names];
}

/// The wasm's export names (for `exportsToRename`).
export function exportNames(wasm) {
  const names = [];
  let i = 8;
  while (i < wasm.length) {
    const id = wasm[i];
    const [size, start] = readLeb(wasm, i + 1);
    if (id === 7) {
      let [count, p] = readLeb(wasm, start);
      for (let n = 0; n < count; n += 1) {
        let len;
        [len, p] = readLeb(wasm, p);
        names.push(wasm.subarray(p, p + len).toString('utf8'));
        [, p] = readLeb(wasm, p + len + 1);
      }
    }
    i = start + size;
  }
  return names;
}

/// The exports to rename, old -> new (`_a`, `_b`, …: apart from the imports' names): those with
/// long names that the glue reads only as `wasm.NAME` (wasm-bindgen's closure shims, whose names
/// end in a hash, and its `__wbindgen_*` helpers; a JS function of the same name is another
/// identifier and stays). Others (`memory`, `main`, an export read as another property or named
/// in a string) stay.
export function exportsToRename(js, names) {
  const out = new Map();
  for (const old of names) {
    if (old.length <= 6) continue;
    const escaped = old.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // Uses as `wasm.NAME`, and uses as any other property or string (which would break).
    const asProperty = (js.match(new RegExp(`(?<![\\w$])wasm\\.${escaped}(?![\\w$])`, 'g')) || []).length;
    const quotedOrProperty = (js.match(new RegExp(`[.'"\`]${escaped}(?![\\w$])`, 'g')) || []).length;
    if (asProperty > 0 && quotedOrProperty === asProperty) out.set(old, `_${shortName(out.size)}`);
  }
  return out;
}

/// Renames the keys of the glue's import object, and its `wasm.NAME` uses of the renamed exports;
/// throws unless each import's old name is exactly one key.
export function renameGlue(js, names, exports = new Map()) {
  let out = js;
  for (const [old, name] of exports) {
    const escaped = old.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`(?<![\\w$])wasm\\.${escaped}(?![\\w$])`, 'g'), `wasm.${name}`);
  }
  for (const [old, name] of names) {
    const escaped = old.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const uses = out.match(new RegExp(`(?<![\\w$])${escaped}(?![\\w$])`, 'g')) || [];
    const keys = new RegExp(`(?<=[{,\\s])${escaped}(?=\\s*:)`, 'g');
    const asKey = out.match(keys) || [];
    if (uses.length !== 1 || asKey.length !== 1) {
      throw new Error(`shortnames.mjs: import ${old} occurs ${uses.length} times in the glue (${asKey.length} as a key); expected once, as a key`);
    }
    out = out.replace(keys, name);
  }
  return out;
}

const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR || 'dist';

if (process.env.TRUNK_PROFILE === 'debug') {
  console.log('shortnames.mjs: debug build, import names left as they are');
} else {
  const wasms = fs.readdirSync(dir).filter((n) => n.endsWith('_bg.wasm'));
  if (wasms.length === 0) throw new Error(`shortnames.mjs: no *_bg.wasm in ${dir}`);
  const changed = [];
  for (const name of wasms) {
    // The glue Trunk emitted next to the wasm: same stem without `_bg` (`podlife-web-HASH.js`).
    const glueName = name.replace(/_bg\.wasm$/, '.js');
    const glueFile = path.join(dir, glueName);
    const wasmFile = path.join(dir, name);
    const js = fs.readFileSync(glueFile, 'utf8');
    // The module name the wasm imports its glue under (wasm-bindgen: `./<crate>_bg.js`).
    const module = js.match(/["'](\.\/[^"']*_bg\.js)["']\s*:/)?.[1];
    if (!module) throw new Error(`shortnames.mjs: no import object for a _bg.js module in ${glueName}`);
    const wasm = fs.readFileSync(wasmFile);
    const exports = exportsToRename(js, exportNames(wasm));
    const [renamed, names] = renameImports(wasm, module, exports);
    if ([...names.keys()].every((n) => n.length <= 2)) {
      console.log(`shortnames.mjs: ${name}: import names already short, left as they are`);
      continue;
    }
    fs.writeFileSync(glueFile, renameGlue(js, names, exports));
    fs.writeFileSync(wasmFile, renamed);
    changed.push(name, glueName);
    console.log(`shortnames.mjs: ${name}: ${names.size} imports and ${exports.size} exports renamed, ${wasm.length} -> ${renamed.length} bytes`);
  }
  const fixed = rewriteIntegrity(dir, changed);
  console.log(`shortnames.mjs: ${fixed} integrity hash(es) rewritten`);
}
