// End-to-end tests: drive the built site (dist/) in headless Chromium as a person would.
// Run by scripts/test after `trunk build --release`. Screenshots go to e2e/artifacts/.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
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
async function test(name, fn) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const foreign = [];
  const errors = [];
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) foreign.push(r.url()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  const started = Date.now();
  try {
    await fn(page, context);
    if (foreign.length) throw new Error('requests left for another origin: ' + foreign.join(', '));
    if (errors.length) throw new Error('page errors: ' + errors.join('; '));
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

await test('garbage and hostile input give a clear error, never a blank page', async (page) => {
  await page.goto(url);
  await page.locator('.pod-card').first().waitFor();
  await setEditor(page, 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n');
  await page.locator('#diagnostics li', { hasText: 'expands to more than' }).waitFor({ timeout: 5000 });
  await setEditor(page, 'kind: [unclosed');
  await page.locator('#diagnostics li', { hasText: 'YAML syntax error' }).waitFor({ timeout: 5000 });
  assert(await page.locator('#crash').count() === 0, 'no crash panel');
});

await browser.close();
server.close();
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`\ne2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
