// End-to-end tests: drive the built site (dist/) in headless Chromium as a person would.
// Run by scripts/test after `trunk build --release`. Screenshots go to e2e/artifacts/.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { serve } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const dist = path.join(root, 'dist');
const artifacts = path.join(here, 'artifacts');
fs.mkdirSync(artifacts, { recursive: true });

const PREFIX = '/docs/podlife/';
const server = await serve(dist, PREFIX);
const origin = `http://127.0.0.1:${server.address().port}`;
const url = origin + PREFIX;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
         '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
});

const results = [];
// E2E_ONLY=REGEX runs only the tests whose name matches (for working on one; CI runs all).
const only = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY) : null;
async function test(name, fn) {
  if (only && !only.test(name)) return;
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const foreign = [];
  const errors = [];
  // Page errors a test causes on purpose: each pattern must match at least one error, and only
  // errors no pattern matches fail the test.
  const expected = [];
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) foreign.push(r.url()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  const started = Date.now();
  try {
    await fn(page, context, expected);
    if (foreign.length) throw new Error('requests left for another origin: ' + foreign.join(', '));
    for (const re of expected) if (!errors.some((e) => re.test(e))) throw new Error(`expected a page error like ${re}, got: ${errors.join('; ')}`);
    const unexpected = errors.filter((e) => !expected.some((re) => re.test(e)));
    if (unexpected.length) throw new Error('page errors: ' + unexpected.join('; '));
    results.push({ name, ok: true, ms: Date.now() - started });
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}\n     ${String(e.stack || e).split('\n').join('\n     ')}`);
    await page.screenshot({ path: path.join(artifacts, `FAIL-${name.replace(/\W+/g, '-')}.png`) }).catch(() => {});
  }
  await context.close();
}

function assert(cond, msg) { if (!cond) throw new Error(msg); }

async function setEditor(page, text) {
  const ed = page.locator('#editor');
  await ed.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await ed.fill(text);
}

// The CLI on the same input (exit codes 0 and 1 both carry an answer).
function cli(args, input) {
  const bin = path.join(root, 'target', 'debug', 'podlife');
  const r = spawnSync(bin, args, { input, encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`podlife ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

await test('first visit shows the httpserver example, its pod, QoS and the Kubernetes version', async (page) => {
  await page.goto(url);
  const name = page.locator('.pod-card .pod-name').first();
  await name.waitFor({ timeout: 10000 });
  const podName = await name.textContent();
  assert(/^httpserver-[bcdfghjklmnpqrstvwxz2456789]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/.test(podName), 'pod name: ' + podName);
  assert((await page.locator('.pod-card .qos').first().textContent()) === 'Guaranteed', 'QoS badge');
  assert((await page.locator('.k8s-version').textContent()).includes('1.34'), 'version badge');
  assert((await page.locator('#diagnostics').textContent()).includes('No problems found'), 'no diagnostics');
  assert((await page.locator('.pod-card pre.kubectl').first().textContent()) === 'deployment.apps/httpserver created (server dry run)', 'kubectl text');
  // The same pod name as the CLI computes for the same text.
  const example = fs.readFileSync(path.join(root, 'examples', 'httpserver.yaml'), 'utf8');
  const fromCli = JSON.parse(cli(['qos', '-o', 'json', '-'], example));
  assert(fromCli[0].pod === podName, `CLI pod ${fromCli[0].pod} vs page ${podName}`);
  await page.screenshot({ path: path.join(artifacts, 'first-visit.png'), fullPage: true });
});

const TYPO = `apiVersion: v1
kind: Pod
metadata:
  name: demo
spec:
  containers:
  - name: app
    image: nginx
    livenessProbe:
      initialDelaySecons: 5
      httpGet:
        path: /
        port: 80
`;

await test('a typo is marked at its line with a did-you-mean, and fixing it clears it', async (page) => {
  await page.goto(url);
  await page.locator('.pod-card').first().waitFor();
  await setEditor(page, TYPO);
  const item = page.locator('#diagnostics li').first();
  await item.waitFor();
  const text = await item.textContent();
  assert(text.includes('10:7'), 'position: ' + text);
  assert(text.includes('unknown field "spec.containers[0].livenessProbe.initialDelaySecons"'), 'message: ' + text);
  assert(text.includes('did you mean "initialDelaySeconds"'), 'suggestion: ' + text);
  assert((await page.locator('.verdict').first().textContent()).includes('rejects'), 'verdict');
  await page.screenshot({ path: path.join(artifacts, 'typo.png'), fullPage: true });
  // Clicking the position selects the line in the editor.
  await item.locator('button.pos').click();
  const sel = await page.evaluate(() => { const t = document.getElementById('editor'); return t.value.slice(t.selectionStart, t.selectionEnd); });
  assert(sel.startsWith('initialDelaySecons'), 'selection: ' + sel);
  await setEditor(page, TYPO.replace('Secons', 'Seconds'));
  await page.locator('#diagnostics.ok').waitFor();
});

await test('validation errors read exactly as kubectl prints them, and match the CLI', async (page) => {
  const bad = TYPO.replace('initialDelaySecons: 5', 'successThreshold: 2');
  await page.goto(url);
  await page.locator('.pod-card').first().waitFor();
  await setEditor(page, bad);
  await page.locator('.verdict.invalid').waitFor();
  const shown = await page.locator('.pod-card pre.kubectl').first().textContent();
  assert(shown === 'The Pod "demo" is invalid: spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1', shown);
  const fromCli = JSON.parse(cli(['validate', '-o', 'json', '-'], bad).toString());
  assert(fromCli[0].kubectl === shown, 'CLI: ' + fromCli[0].kubectl);
});

await test('the editor content survives a reload', async (page) => {
  await page.goto(url);
  await page.locator('.pod-card').first().waitFor();
  await setEditor(page, TYPO.replace('demo', 'kept-after-reload'));
  await page.locator('.pod-name', { hasText: 'kept-after-reload' }).waitFor();
  await page.reload();
  await page.locator('.pod-name', { hasText: 'kept-after-reload' }).waitFor();
});

await test('the release wasm has no panic messages: a panic aborts at once (a trap), as ARCHITECTURE.md "Build" says', async () => {
  const wasm = fs.readdirSync(dist).find((n) => n.endsWith('_bg.wasm'));
  const bytes = fs.readFileSync(path.join(dist, wasm)).toString('latin1');
  for (const text of ['panicked at', 'called `Option::unwrap()`', 'index out of bounds', '.rs']) {
    assert(!bytes.includes(text), `${wasm} contains "${text}": was the page built without PAGE_BUILD_ENV (scripts/setup.sh)?`);
  }
});

await test('the browser receives the precompressed gzip copies of the wasm, JS and CSS, and they decode to the files', async (page) => {
  await page.goto(url);
  await page.locator('.timeline svg').waitFor();
  const got = await page.evaluate(() => performance.getEntriesByType('resource')
    .map((e) => [decodeURIComponent(new URL(e.name).pathname), e.encodedBodySize, e.decodedBodySize]));
  let seen = 0;
  for (const [pathname, encoded, decoded] of got) {
    if (!/\.(wasm|js|css)$/.test(pathname)) continue;
    const file = path.join(dist, pathname.slice(PREFIX.length));
    const size = fs.statSync(file).size;
    assert(decoded === size, `${pathname}: decoded to ${decoded} B, the file has ${size} B`);
    if (!fs.existsSync(file + '.gz')) {
      // precompress.mjs leaves out only copies that would not be smaller.
      assert(zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length >= size, `no gzip copy of ${pathname} in dist/ (scripts/precompress.mjs)`);
      assert(encoded === size, `${pathname}: received ${encoded} B, the file has ${size} B`);
    } else {
      assert(encoded === fs.statSync(file + '.gz').size, `${pathname}: received ${encoded} B, its gzip copy has ${fs.statSync(file + '.gz').size} B`);
    }
    seen++;
  }
  // The glue, the wasm, the inline snippet and the two style sheets.
  assert(seen >= 5, `only ${seen} wasm/JS/CSS files seen: ${JSON.stringify(got)}`);
});

// `(module (func (export "t") unreachable))`: calling `t` throws a WebAssembly.RuntimeError.
const TRAP_WASM = [0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 5, 1, 1, 116, 0, 0, 10, 5, 1, 3, 0, 0, 11];

await test('a wasm trap out of a timer shows the crash panel in the page\'s language; the input is kept and a reload goes on', async (page, _context, expected) => {
  await page.goto(url + '#');
  await page.locator('.pod-card').first().waitFor();
  await setEditor(page, TYPO.replace('demo', 'kept-after-crash'));
  await page.locator('.pod-name', { hasText: 'kept-after-crash' }).waitFor();
  // The interface in Chinese: the panel must follow it.
  await page.locator('button.lang').click();
  await page.waitForFunction(() => document.documentElement.lang.startsWith('zh'));
  assert(await page.locator('#crash').count() === 0, 'no crash panel before');
  // What an aborting panic is to the browser: `unreachable` executed, a WebAssembly.RuntimeError
  // thrown out of the callback that called the wasm. Here a one-instruction module (TRAP_WASM)
  // called from a timer (the page's own wasm has no test hook to make it panic).
  expected.push(/RuntimeError: unreachable/);
  await page.evaluate((bytes) => {
    const trap = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(bytes))).exports.t;
    setTimeout(trap);
  }, TRAP_WASM);
  const panel = page.locator('#crash[role=alert]');
  await panel.waitFor();
  assert((await panel.locator('h2').textContent()) === 'podlife 遇到内部错误', await panel.locator('h2').textContent());
  assert((await panel.locator('pre').textContent()).startsWith('RuntimeError'), await panel.locator('pre').textContent());
  assert((await page.locator('#editor').inputValue()).includes('kept-after-crash'), 'the input stays on screen');
  await page.screenshot({ path: path.join(artifacts, 'crash-panel.png') });
  await Promise.all([page.waitForNavigation(), panel.locator('button', { hasText: '重新加载' }).click()]);
  await page.locator('.pod-name', { hasText: 'kept-after-crash' }).waitFor();
  assert(await page.locator('#crash').count() === 0, 'no crash panel after the reload');
  // A rejected promise with a trap shows it too.
  await page.evaluate((bytes) => {
    const trap = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(bytes))).exports.t;
    Promise.resolve().then(trap);
  }, TRAP_WASM);
  await panel.waitFor();
});

await test('garbage and hostile input give a clear error, never a blank page', async (page) => {
  await page.goto(url);
  await page.locator('.pod-card').first().waitFor();
  await setEditor(page, 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n');
  await page.locator('#diagnostics li', { hasText: 'expands to more than' }).waitFor({ timeout: 5000 });
  await setEditor(page, 'kind: [unclosed');
  await page.locator('#diagnostics li', { hasText: 'YAML syntax error' }).waitFor({ timeout: 5000 });
  assert(await page.locator('#crash').count() === 0, 'no crash panel');
});


const EXAMPLE = fs.readFileSync(path.join(root, 'examples', 'httpserver.yaml'), 'utf8');

async function fresh(page) {
  await page.goto(url);
  await page.evaluate(() => localStorage.clear());
  await page.goto(url);
  await page.locator('.timeline').waitFor();
}

async function scrubTo(page, ms) {
  await page.locator('[data-testid=scrubber]').fill(String(ms));
  await page.waitForFunction((ms) => document.querySelector('[data-testid=clock]').textContent.length > 0, ms);
}

async function openTab(page, name) {
  await page.locator('.tabs button', { hasText: name }).first().click();
}

await test('scrubbing: the describe Events table and the get -w transcript equal the CLI at the same instant', async (page) => {
  await fresh(page);
  for (const at of [3000, 45000, 62000, 70000]) {
    await scrubTo(page, at);
    await openTab(page, 'Events');
    const shown = await page.locator('[data-testid=describe-events]').textContent();
    const fromCli = cli(['simulate', '-o', 'describe', '--at', `${at}ms`, '-'], EXAMPLE);
    assert(shown === fromCli, `describe at ${at}:\n${shown}\n--- CLI ---\n${fromCli}`);
    await openTab(page, 'get pod -w');
    const watch = await page.locator('[data-testid=watch]').textContent();
    const watchCli = cli(['simulate', '-o', 'watch', '--at', `${at}ms`, '-'], EXAMPLE);
    assert(watch === watchCli, `watch at ${at}:\n${watch}\n--- CLI ---\n${watchCli}`);
  }
  await page.screenshot({ path: path.join(artifacts, 'events-at-70s.png'), fullPage: true });
});

await test('the kubectl row on the pod card follows the playhead and matches the CLI status list', async (page) => {
  await fresh(page);
  const tl = JSON.parse(cli(['simulate', '-o', 'json', '-'], EXAMPLE));
  await openTab(page, 'Pod');
  for (const row of tl.status.filter((r) => !r.deleted).slice(0, 6)) {
    await scrubTo(page, row.t_ms);
    const text = await page.locator('[data-testid=kubectl-row]').textContent();
    const line = text.split('\n')[1] || '';
    const cells = line.trim().split(/\s{2,}/);
    assert(cells[1] === row.ready && cells[2] === row.status && cells[3] === row.restarts,
      `at ${row.t_ms}: page "${line}" vs CLI ${JSON.stringify(row)}`);
  }
});

await test('play moves the playhead, pause stops it; step and keyboard jump between events', async (page) => {
  await fresh(page);
  const clock = page.locator('[data-testid=clock]');
  await page.locator('[data-testid=speed]').selectOption('10');
  await page.locator('[data-testid=play]').click();
  await page.waitForTimeout(700);
  await page.locator('[data-testid=play]').click();
  const t1 = await clock.textContent();
  assert(!t1.startsWith('0.000s'), 'playhead moved: ' + t1);
  await page.waitForTimeout(300);
  assert((await clock.textContent()) === t1, 'paused');
  const tl = JSON.parse(cli(['simulate', '-o', 'json', '-'], EXAMPLE));
  await page.keyboard.press('Home');
  await page.locator('[data-testid=step-forward]').click();
  const firstStop = Math.min(...tl.events.map((e) => e.t_ms).filter((t) => t > 0), ...tl.status.map((s) => s.t_ms).filter((t) => t > 0));
  const shown = await clock.textContent();
  assert(shown.startsWith(fmtClock(firstStop)), `step → ${shown}, expected ${fmtClock(firstStop)}`);
  await page.keyboard.press('End');
  assert((await clock.textContent()).startsWith('10m00.000s'), 'End');
  await page.keyboard.press('Home');
  assert((await clock.textContent()).startsWith('0.000s'), 'Home');
  await page.keyboard.press('ArrowRight');
  assert((await clock.textContent()).startsWith(fmtClock(firstStop)), 'ArrowRight');
});

function fmtClock(ms) {
  const m = Math.floor(ms / 60000), s = Math.floor(ms / 1000) % 60, r = ms % 1000;
  const frac = String(r).padStart(3, '0');
  return m ? `${m}m${String(s).padStart(2, '0')}.${frac}s` : `${s}.${frac}s`;
}

await test('a scenario control writes back into the YAML and the timeline follows', async (page) => {
  await fresh(page);
  await page.locator('[data-testid=scenario-controls] summary').click();
  await page.locator('[data-testid=delete-at]').fill('20');
  await page.locator('[data-testid=delete-at]').press('Enter');
  await page.locator('[data-testid=delete-at]').blur();
  await page.waitForFunction(() => document.getElementById('editor').value.includes('at: 20s'));
  const text = await page.locator('#editor').inputValue();
  assert(/kind: Scenario[\s\S]*delete:\n    at: 20s/.test(text), 'scenario in YAML:\n' + text.slice(-300));
  const tl = JSON.parse(cli(['simulate', '-o', 'json', '-'], text));
  const term = tl.status.find((s) => s.status === 'Terminating');
  assert(term && term.t_ms === 20000, 'Terminating at 20 s in the CLI: ' + JSON.stringify(term));
  await scrubTo(page, 20500);
  await openTab(page, 'Pod');
  assert((await page.locator('[data-testid=kubectl-row]').textContent()).includes('Terminating'), 'page shows Terminating');
});

await test('the why panel names the responsible field and shows it in the editor', async (page) => {
  await fresh(page);
  await scrubTo(page, 61000);
  const btn = page.locator('.why-current .why-field');
  await btn.waitFor();
  const field = await btn.locator('code').textContent();
  assert(field === 'spec.terminationGracePeriodSeconds', 'field: ' + field);
  await btn.click();
  await page.locator('.ed-line.hl, .hl-line, [data-highlight]').first().waitFor({ timeout: 3000 }).catch(() => {});
  await page.screenshot({ path: path.join(artifacts, 'why-highlight.png'), fullPage: true });
});

await test('the examples menu loads a lesson: CrashLoopBackOff with its back-off schedule', async (page) => {
  await fresh(page);
  await page.locator('[data-testid=examples]').selectOption('crashloop');
  await page.waitForFunction(() => document.getElementById('editor').value.includes('exit 1'));
  await page.keyboard.press('End');
  await openTab(page, 'Events');
  const ev = await page.locator('[data-testid=describe-events]').textContent();
  assert(/BackOff\s+.*Back-off restarting failed container/.test(ev), ev);
  await page.screenshot({ path: path.join(artifacts, 'crashloop.png'), fullPage: true });
});

await test('an example or exercise file the site cannot serve (offline) shows why and keeps the editor', async (page) => {
  // The examples and exercises are static files fetched when picked (not in the wasm).
  await fresh(page);
  await page.route('**/examples/*.yaml', (r) => r.abort('internetdisconnected'));
  await page.route('**/exercises/*.yaml', (r) => r.abort('internetdisconnected'));
  const before = await page.evaluate(() => document.getElementById('editor').value);
  await page.locator('[data-testid=examples]').selectOption('crashloop');
  const msg = await page.locator('[data-testid=example-load-failed]').textContent();
  assert(msg.startsWith('Could not load') && msg.includes('examples/crashloop.yaml'), msg);
  assert((await page.evaluate(() => document.getElementById('editor').value)) === before, 'editor kept after the example failed');
  await page.evaluate(() => { location.hash = 'exercise=graceful-start'; });
  await page.locator('.exercise-unknown', { hasText: 'exercises/graceful-start.yaml' }).waitFor();
  assert((await page.evaluate(() => document.getElementById('editor').value)) === before, 'editor kept after the exercise failed');
  // The default example needs no request.
  await page.locator('[data-testid=examples]').selectOption('httpserver');
  await page.waitForFunction(() => !document.querySelector('[data-testid=example-load-failed]'));
});

await test('the interface switches to Simplified Chinese and back; kubectl text stays as Kubernetes prints it', async (page) => {
  await fresh(page);
  await page.locator('button.lang').click();
  await page.locator('.tagline', { hasText: 'kubelet' }).waitFor();
  assert((await page.locator('html').getAttribute('lang')) === 'zh-CN', 'lang attribute');
  assert((await page.locator('.tagline').textContent()).includes('逐秒'), 'Chinese tagline');
  assert((await page.locator('.pod-card pre.kubectl').first().textContent()).includes('created (server dry run)'), 'kubectl untranslated');
  await page.reload();
  await page.locator('.tagline', { hasText: '逐秒' }).waitFor();
  await page.locator('button.lang').click();
  await page.locator('.tagline', { hasText: 'second by second' }).waitFor();
});

await test('a 360 px wide phone: no horizontal page overflow, the timeline scrolls inside its box', async (page) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await fresh(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert(overflow <= 1, 'page overflows by ' + overflow + ' px');
  await page.screenshot({ path: path.join(artifacts, 'phone-360.png'), fullPage: true });
});

// The exercise mode (e2e/exercises.mjs).
await (await import('./exercises.mjs')).run({ test, assert, url, cli, root, artifacts });

// Security and responsiveness under hostile input (e2e/security.mjs).
await (await import('./security.mjs')).run({ test, assert, url, origin, setEditor, artifacts, dist });

// Hostile-size input in the page: a 10,000-container pod, drops, huge grace (e2e/hostile.mjs).
await (await import('./hostile.mjs')).run({ test, assert, url, artifacts });

// Share links, documentation embeds and exports (e2e/share.mjs).
await (await import('./share.mjs')).run({ browser, test, assert, cli, url, artifacts });

// The Rollout view and the Traffic panel of a Deployment behind a Service (e2e/rollout.mjs).
await (await import('./rollout.mjs')).run({ test, assert, url, cli, artifacts, setEditor });

await browser.close();
server.close();
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`\ne2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
