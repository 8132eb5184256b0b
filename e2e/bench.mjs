// Browser benchmark for the built site (dist/): bundle size, first render, re-simulation after
// an edit, and playback frame times of a 10-container pod.
// Usage: node e2e/bench.mjs [--budget] [--enforce] [--size]   (after `trunk build --release`)
//
// The bundle is every wasm, JS and CSS file the playground loads, measured two ways:
// - shipped: the bytes a host sends: the precompressed gzip copies the release build writes
//   (`FILE.gz`, Zopfli: scripts/precompress.mjs), served with `Content-Encoding: gzip` by a host
//   with precompressed files, and by e2e/server.mjs, where the browser part below measures what
//   the browser received. Issue 4's budget (400 KB gzipped) applies to this figure.
// - gzip -9: each file gzipped by node's zlib at level 9, what the best on-the-fly compressing
//   host would send. It guards the code's size apart from the compressor: a ratchet at the size
//   on main, so it can only shrink.
// With --budget it exits 1 when the shipped bundle exceeds BUNDLE_BUDGET.
// With --enforce (what scripts/test runs) it also exits 1 when a file has no valid gzip copy, or
// when the gzip -9 bundle exceeds GZIP9_CEILING.
// With --size it only measures the bundle (no browser, a second): per file, totals, and the
// distance to the budget.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';

// Issue 4's budget, which the shipped bundle has met since 2026-11-27 17:21 (405,082 B; until
// then --enforce held it to a ratchet at the size on main).
const BUNDLE_BUDGET = 400 * 1024;
// The code-size ratchet (see --enforce): the gzip -9 size of the bundle on main plus under 1 KiB
// for toolchain noise. Never raise it to let a change through: make the change smaller, or shrink
// something else; lower it whenever the bundle shrinks.
const GZIP9_CEILING = 427_400;
const here = path.dirname(fileURLToPath(import.meta.url));
// PODLIFE_DIST=DIR measures another build (e.g. for an A/B of two builds of the same code).
const dist = process.env.PODLIFE_DIST ? path.resolve(process.env.PODLIFE_DIST) : path.resolve(here, '..', 'dist');
const results = { date: new Date().toISOString() };

// 1. Bundle size: every wasm, JS and CSS file the playground loads (wasm-bindgen's snippets/
// included). Files only documentation pages load (embed.js, docs/) are reported apart: they are
// not part of the playground's bundle.
let shipped = 0;
let gzip9 = 0;
const missing = [];
results.files = {};
results.docs_only_files = {};
const DOCS_ONLY = new Set(['embed.js']);
function walk(dir, rel) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.name.startsWith('.')) continue; // Trunk's staging directory of a build in progress
    if (e.isDirectory()) {
      if (r !== 'docs') walk(path.join(dir, e.name), r);
      continue;
    }
    if (!/\.(wasm|js|css)$/.test(e.name)) continue;
    const file = path.join(dir, e.name);
    const raw = fs.readFileSync(file);
    const g9 = zlib.gzipSync(raw, { level: 9 }).length;
    // The copy a precompressed host sends, if it is this file's (a stale or damaged copy
    // counts as none). Without one the file is sent as it is; precompress.mjs leaves out only
    // copies that would not be smaller, so a file gzip can shrink must have one.
    let copy = null;
    if (fs.existsSync(file + '.gz')) {
      const gz = fs.readFileSync(file + '.gz');
      let same = false;
      try { same = zlib.gunzipSync(gz).equals(raw); } catch { /* not gzip */ }
      if (same) copy = gz.length;
      else missing.push(`${r} (its .gz is not this file's)`);
    } else if (g9 < raw.length) {
      missing.push(r);
    }
    const entry = { raw: raw.length, shipped: copy ?? raw.length, gzip9: g9 };
    if (DOCS_ONLY.has(r)) {
      results.docs_only_files[r] = entry;
      continue;
    }
    results.files[r] = entry;
    shipped += entry.shipped;
    gzip9 += g9;
  }
}
walk(dist, '');
results.bundle_shipped_bytes = shipped;
results.bundle_gzip9_bytes = gzip9;
function overBudget() {
  const enforce = process.argv.includes('--enforce');
  let fail = false;
  if ((enforce || process.argv.includes('--budget')) && shipped > BUNDLE_BUDGET) {
    console.error(`bundle ${shipped} B as shipped (gzip copies) exceeds the ${BUNDLE_BUDGET} B budget (issue 4) by ${shipped - BUNDLE_BUDGET} B`);
    fail = true;
  }
  if (enforce && missing.length) {
    console.error(`no precompressed gzip copy for ${missing.join(', ')}: the release build (scripts/precompress.mjs) writes one for every file it can shrink`);
    fail = true;
  }
  if (enforce && gzip9 > GZIP9_CEILING) {
    console.error(`bundle ${gzip9} B at gzip -9 exceeds the ${GZIP9_CEILING} B code-size ratchet (e2e/bench.mjs) by ${gzip9 - GZIP9_CEILING} B`);
    fail = true;
  }
  if (fail) process.exit(1);
}
if (process.argv.includes('--size')) {
  const row = (f, e, note = '') => console.log(`${String(e.shipped).padStart(8)} ${String(e.gzip9).padStart(8)} ${String(e.raw).padStart(9)}  ${f}${note}`);
  console.log(' shipped  gzip -9       raw  file');
  for (const [f, e] of Object.entries(results.files)) row(f, e);
  for (const [f, e] of Object.entries(results.docs_only_files)) row(f, e, ' (documentation pages only, not counted)');
  const gap = shipped - BUNDLE_BUDGET;
  console.log(`${String(shipped).padStart(8)} ${String(gzip9).padStart(8)}  total`);
  console.log(`shipped (gzip copies, Zopfli): ${shipped} B = ${(shipped / 1024).toFixed(1)} KB; budget ${BUNDLE_BUDGET} B: ${gap > 0 ? `${gap} B over` : `${-gap} B under`}`);
  console.log(`gzip -9: ${gzip9} B = ${(gzip9 / 1024).toFixed(1)} KB; code-size ratchet ${GZIP9_CEILING} B`);
  if (missing.length) console.log(`no valid gzip copy: ${missing.join(', ')} (counted raw)`);
  overBudget();
  process.exit(0);
}

const server = await serve(dist, '/');
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

function median(xs) { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }

// 2. First render: navigation start → the app's first frame (header, editor, results) and →
// the simulated timeline drawn (fresh context each time, so nothing is cached).
const firsts = [];
const timelines = [];
for (let i = 0; i < 7; i++) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.querySelector('.app') && !window.__app) window.__app = performance.now();
      if (document.querySelector('.timeline svg') && !window.__tl) { window.__tl = performance.now(); obs.disconnect(); }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(url);
  await page.locator('.timeline svg').waitFor();
  const t = await page.evaluate(() => [window.__app, window.__tl]);
  if (i === 0) {
    // What the browser received for the bundle's files (Resource Timing: the body bytes as sent,
    // before decoding), next to what the files on disk say.
    const got = await page.evaluate(() => performance.getEntriesByType('resource')
      .filter((e) => /\.(wasm|js|css)$/.test(new URL(e.name).pathname))
      .map((e) => [new URL(e.name).pathname.slice(1), e.encodedBodySize, e.decodedBodySize]));
    results.received = Object.fromEntries(got.map(([f, enc, dec]) => [f, { received: enc, decoded: dec }]));
    results.bundle_received_bytes = got.filter(([f]) => f in results.files).reduce((n, [, enc]) => n + enc, 0);
  }
  firsts.push(t[0]);
  timelines.push(t[1]);
  await ctx.close();
}
results.first_render_ms = { median: median(firsts), all: firsts };
results.timeline_drawn_ms = { median: median(timelines), all: timelines };

// 3. Re-simulation after an edit of the default example: parse + simulate + render.
{
  const page = await browser.newPage();
  await page.goto(url);
  await page.locator('.timeline').waitFor();
  const updates = [];
  for (let i = 0; i < 12; i++) {
    // Cleared first, so the wait below sees this edit's figure even if it equals the last one.
    await page.locator('.app').evaluate((a) => a.removeAttribute('data-update-ms'));
    await page.locator('#editor').press('End');
    // The first probe period alternates 11, 12, 11, … (every edit changes the text: a regex
    // that only matched the original value re-measured one update twelve times).
    const changed = await page.locator('#editor').evaluate((ta, i) => {
      const old = ta.value;
      ta.value = ta.value.replace(/periodSeconds: 1[012]\n/, `periodSeconds: ${11 + (i % 2)}\n`);
      ta.dispatchEvent(new Event('input', { bubbles: true }));
      return ta.value !== old;
    }, i);
    if (!changed) throw new Error('bench.mjs: the edit did not change the default example');
    await page.waitForFunction(() => document.querySelector('.app').hasAttribute('data-update-ms'), null, { timeout: 5000 });
    const a = await page.locator('.app');
    updates.push({ parse: +(await a.getAttribute('data-parse-ms')), sim: +(await a.getAttribute('data-sim-ms')), total: +(await a.getAttribute('data-update-ms')) });
  }
  const steady = updates.slice(2);
  results.edit_update_ms = { median_total: median(steady.map((u) => u.total)), median_parse: median(steady.map((u) => u.parse)), median_simulate: median(steady.map((u) => u.sim)), max_total: Math.max(...steady.map((u) => u.total)) };
  await page.close();
}

// 4. Playback of a 10-container pod at 10×: frame intervals and long tasks.
{
  let yaml = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: ten\nspec:\n  containers:\n';
  for (let i = 0; i < 10; i++) {
    yaml += `  - name: c${i}\n    image: nginx:1.27\n    ports: [{containerPort: ${8000 + i}}]\n    readinessProbe: {httpGet: {path: /, port: ${8000 + i}}, periodSeconds: 1}\n    livenessProbe: {httpGet: {path: /, port: ${8000 + i}}, periodSeconds: 2}\n`;
  }
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(url);
  await page.evaluate(() => localStorage.clear());
  await page.locator('.timeline').waitFor();
  await page.locator('#editor').evaluate((ta, yaml) => { ta.value = yaml; ta.dispatchEvent(new Event('input', { bubbles: true })); }, yaml);
  // Wait for the re-simulated timeline itself (its c9 track), then two frames, so the edit's
  // debounced re-simulation and first render (measured in section 3) fall before the window:
  // "c9" in the editor shows up before that, and the playback figure used to include it.
  await page.waitForFunction(() => [...document.querySelectorAll('.timeline .row-label title')].some((t) => t.textContent.endsWith(' c9')));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.evaluate(() => {
    window.__frames = []; window.__long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask', buffered: false });
    let last = performance.now();
    const f = (t) => { window.__frames.push(t - last); last = t; if (window.__frames.length < 400) requestAnimationFrame(f); };
    requestAnimationFrame(f);
  });
  await page.locator('[data-testid=speed]').selectOption('10');
  await page.locator('[data-testid=play]').click();
  await page.waitForTimeout(4000);
  await page.locator('[data-testid=play]').click();
  const { frames, long } = await page.evaluate(() => ({ frames: window.__frames.slice(5), long: window.__long }));
  const fps = 1000 / median(frames);
  results.playback_10_containers = { median_frame_ms: median(frames), p95_frame_ms: [...frames].sort((a, b) => a - b)[Math.floor(frames.length * 0.95)], fps, long_tasks: long.length, longest_task_ms: long.length ? Math.max(...long) : 0 };
  await page.close();
}

// 5. Issue 6's budget case: a Deployment of 10 replicas rolled over 10 virtual minutes behind a
// Service under 1000 requests per second. `data-scene-ms` is the page's own performance.now()
// around scene::simulate (fleet + traffic); `panel` is from the edit's input event to the
// Traffic panel showing the new total (includes the 120 ms typing debounce and the render).
{
  const dep = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 10\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n        resources: {requests: {cpu: 100m, memory: 64Mi}}\n        readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 2}\n        livenessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 10}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec:\n  until: 10m\n  rollout: {at: 1m, image: {app: "nginx:1.28"}}\n  nodes:\n  - {name: a, zone: z1}\n  - {name: b, zone: z2}\n  - {name: c, zone: z3}\n  traffic: {rps: RPS}\n';
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(url);
  await page.evaluate(() => localStorage.clear());
  await page.locator('.timeline').waitFor();
  const runs = [];
  for (let i = 0; i < 9; i++) {
    const rps = 1000 + (i % 2);
    const total = rps * 600;
    const t = await page.locator('#editor').evaluate((ta, yaml) => {
      const t0 = performance.now();
      ta.value = yaml;
      ta.dispatchEvent(new Event('input', { bubbles: true }));
      return t0;
    }, dep.replace('RPS', String(rps)));
    await page.waitForFunction((n) => document.querySelector('[data-testid=all-requests]')?.textContent === String(n), total, { timeout: 20000 });
    const done = await page.evaluate(() => performance.now());
    runs.push({ scene: +(await page.locator('.app').getAttribute('data-scene-ms')), panel: done - t });
  }
  const steady = runs.slice(1);
  results.rollout_10x10min_1000rps = { median_scene_ms: median(steady.map((r) => r.scene)), max_scene_ms: Math.max(...steady.map((r) => r.scene)), median_edit_to_panel_ms: median(steady.map((r) => r.panel)), all: steady };
  await page.close();
}

await browser.close();
server.close();
console.log(JSON.stringify(results, null, 2));
fs.mkdirSync(path.join(here, 'artifacts'), { recursive: true });
fs.writeFileSync(path.join(here, 'artifacts', 'bench.json'), JSON.stringify(results, null, 2));
overBudget();
