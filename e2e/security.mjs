// End-to-end security and responsiveness tests (issue 7), run by e2e/run.mjs:
// - the built page carries a Content-Security-Policy <meta> allowing only its own origin;
// - hostile names and messages (<img onerror>, <script>, javascript: URLs) in every place a
//   user can put text are shown as text: nothing executes, no dialog opens, the page raises no
//   CSP violation of its own, and no request leaves the site's own files;
// - hostile input (a 10 MB paste, an alias bomb) is answered with an error while the page
//   stays responsive (typing and clicking still work within a bound).
import fs from 'node:fs';
import path from 'node:path';

// Installed before any page script: records CSP violations, dialogs and the pwned flag.
function watchPage() {
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample || ''}`);
  });
  for (const name of ['alert', 'confirm', 'prompt']) {
    window[name] = () => { window.__pwned = `dialog:${name}`; };
  }
}

const PWN = 'window.__pwned=1';
const IMG = `<img src=x onerror="${PWN}">`;
const SCRIPT = `<script>${PWN}</script>`;
const JSURL = `javascript:${PWN}`;
const SVG = `<svg onload="${PWN}">`;

// Valid: the pod is simulated, so hostile text reaches events, probes, hooks, logs and the
// Scenario views. Strings are YAML double-quoted (JSON escapes are valid YAML).
const q = (s) => JSON.stringify(s);
const VALID = `apiVersion: v1
kind: Pod
metadata:
  name: hostile
  annotations:
    a: ${q(IMG)}
    b: ${q(SCRIPT)}
    c: ${q(JSURL)}
  labels:
    app: web
spec:
  terminationGracePeriodSeconds: 5
  containers:
  - name: app
    image: ${q(`nginx:1.27`)}
    command: [sh, -c, ${q(`echo ${IMG}; echo ${SCRIPT} >&2; sleep 3600`)}]
    env:
    - {name: X, value: ${q(SVG)}}
    livenessProbe:
      exec: {command: [sh, -c, ${q(`echo ${IMG}; exit 1`)}]}
      periodSeconds: 2
      failureThreshold: 2
    lifecycle:
      preStop: {exec: {command: [sh, -c, ${q(`echo ${SCRIPT}; exit 3`)}]}}
  - name: badimage
    image: ${q(`${SVG}:${JSURL}`)}
---
apiVersion: podlife.dev/v1alpha1
kind: Scenario
spec:
  until: 2m
  delete: {at: 40s}
  images: {${q(`${SVG}:${JSURL}`)}: {pull: 1s}}
  configMaps: [{name: ${q(IMG)}, keys: [${q(SCRIPT)}]}]
  containers:
    app: {health: [{from: 5s, status: 500}]}
`;

// Invalid: hostile text lands in kubectl's error text, diagnostics and "did you mean".
const INVALID = `apiVersion: v1
kind: Pod
metadata:
  name: ${q(IMG)}
  ${q(SCRIPT)}: x
spec:
  containers:
  - name: ${q(SVG)}
    image: nginx
    ports: [{containerPort: 80, name: ${q(JSURL)}}]
  - name: ${q(`a" onmouseover="${PWN}`)}
    image: nginx
    ${q(`<b onclick=${PWN}>`)}: 1
`;

export async function run({ test, assert, url, origin, setEditor, artifacts, dist }) {
  // Every file the site may load: anything else (e.g. an injected <img src=x>) is a finding.
  const allowed = new Set();
  const walk = (d, rel = '') => {
    for (const f of fs.readdirSync(d, { withFileTypes: true })) {
      if (f.isDirectory()) walk(path.join(d, f.name), rel + f.name + '/');
      else allowed.add(rel + f.name);
    }
  };
  walk(dist);
  const prefix = new URL(url).pathname;

  async function guarded(page, fn) {
    const stray = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.protocol === 'data:' || u.protocol === 'blob:') return;
      const rel = u.pathname.startsWith(prefix) ? u.pathname.slice(prefix.length) : null;
      if (u.origin !== origin || rel === null || !(rel === '' || allowed.has(rel))) stray.push(r.url());
    });
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
    await page.addInitScript(watchPage);
    await fn();
    const state = await page.evaluate(() => ({ pwned: window.__pwned, csp: window.__csp }));
    assert(state.pwned === undefined, 'hostile text executed: ' + state.pwned);
    assert(dialogs.length === 0, 'a dialog opened: ' + dialogs.join(', '));
    assert(state.csp.length === 0, 'CSP violations: ' + state.csp.join(' | '));
    assert(stray.length === 0, 'requests beyond the site\'s own files: ' + stray.join(', '));
  }

  await test('the built page carries a same-origin Content-Security-Policy with the loader\'s hash', async (page) => {
    const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
    const m = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/);
    assert(m, 'no CSP <meta> in dist/index.html (scripts/csp.mjs did not run?)');
    const policy = m[1];
    for (const d of ["default-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "img-src 'self' data: blob:"]) {
      assert(policy.includes(d), `policy lacks ${d}: ${policy}`);
    }
    assert(/script-src 'self' 'wasm-unsafe-eval'( 'sha256-[A-Za-z0-9+/=]+')+/.test(policy), 'script-src: ' + policy);
    assert(!/script-src[^;]*'unsafe-inline'/.test(policy) && !/'unsafe-eval'/.test(policy), 'unsafe script source: ' + policy);
    assert(html.indexOf('Content-Security-Policy') < html.indexOf('<script'), 'the policy must precede the scripts');
    // The policy is enforced and the app still runs under it, with no violation of its own,
    // through the ordinary flows: first render, an example, playback, every tab.
    await guarded(page, async () => {
      await page.goto(url);
      await page.locator('.timeline').waitFor();
      await page.locator('[data-testid=examples]').selectOption('crashloop');
      await page.locator('[data-testid=play]').click();
      await page.waitForTimeout(300);
      await page.locator('[data-testid=play]').click();
      for (const tab of await page.locator('.tabs button').all()) await tab.click();
    });
  });

  await test('hostile names and messages are shown as text: nothing executes, nothing leaves the origin', async (page) => {
    await guarded(page, async () => {
      await page.goto(url);
      await page.locator('.timeline').waitFor();
      await setEditor(page, VALID);
      await page.locator('.pod-name', { hasText: 'hostile' }).first().waitFor();
      // Walk every view at several instants so every rendering of the hostile text is drawn.
      for (const at of [1000, 8000, 41000, 120000]) {
        await page.locator('[data-testid=scrubber]').fill(String(at));
        for (const tab of await page.locator('.tabs button').all()) await tab.click();
      }
      // The hostile text is there, as text.
      const body = await page.locator('body').textContent();
      assert(body.includes('<svg onload='), 'the invalid image name is shown as text');
      assert(await page.locator('.app img, .app script:not([src]), .app svg[onload], .app [onerror], .app [onclick], .app [onmouseover]').count() === 0,
        'hostile markup became elements');
      await page.screenshot({ path: path.join(artifacts, 'hostile-valid.png'), fullPage: true });
      await setEditor(page, INVALID);
      await page.locator('.verdict.invalid').first().waitFor();
      const diag = await page.locator('#diagnostics').textContent();
      assert(diag.includes('<img src=x onerror='), 'the hostile name is quoted in the diagnostics: ' + diag.slice(0, 300));
      assert(await page.locator('.app img, .app [onerror], .app [onclick], .app [onmouseover]').count() === 0, 'hostile markup became elements');
      // Hover and click over everything the diagnostics drew.
      for (const li of (await page.locator('#diagnostics li').all()).slice(0, 8)) await li.hover();
      // A link whose fragment carries hostile values: refused or shown as text.
      await page.goto(url + '#v=1&tab=' + encodeURIComponent(IMG) + '&t=' + encodeURIComponent(JSURL));
      await page.locator('.app').first().waitFor();
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(artifacts, 'hostile-invalid.png'), fullPage: true });
    });
  });

  // Responsiveness: the page answers while hostile input is handled. Bounds are generous (the
  // machine is shared); what they catch is a page frozen for seconds or for good.
  async function responsive(page, label) {
    const t0 = Date.now();
    // The main thread answers…
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
    // …a click works (the language switch, then back)…
    await page.locator('button.lang').click();
    await page.locator('button.lang').click();
    // …and typing reaches the editor.
    const ed = page.locator('#editor');
    await ed.focus();
    await page.keyboard.press('Control+End');
    // One keystroke: with a multi-megabyte text each keystroke costs the browser a layout of
    // the whole textarea (measured in BENCHMARKS.md), so this checks the page answers, not
    // that typing in such a text is fluid.
    await page.keyboard.type('#');
    await page.waitForFunction(() => document.getElementById('editor').value.endsWith('#'), null, { timeout: 15000 });
    const ms = Date.now() - t0;
    assert(ms < 15000, `${label}: the page took ${ms} ms to answer a click and a keystroke`);
    return ms;
  }

  // Over the 3 MiB limit. A 10 MB paste is answered the same way, but the browser's own
  // <textarea> then needs ~20 s to lay the text out on this machine (measured with a bare
  // textarea, no podlife code involved): refusing such a paste before it reaches the textarea
  // (a `paste` handler) is what would keep the page responsive then (BENCHMARKS.md).
  await test('a paste over the 3 MiB limit is refused with the size error and the page stays responsive', async (page) => {
    await guarded(page, async () => {
      await page.goto(url);
      await page.locator('.timeline').waitFor();
      const big = 'apiVersion: v1\nkind: Pod\nmetadata: {name: big}\nspec:\n  containers:\n' +
        '  - {name: a, image: nginx}\n'.repeat(130_000);
      assert(big.length > 3_500_000, 'the paste is over 3.5 MB');
      const t0 = Date.now();
      // As a paste: one input event with the whole text.
      await page.evaluate((text) => {
        const ta = document.getElementById('editor');
        ta.focus();
        ta.value = text;
        ta.dispatchEvent(new Event('input', { bubbles: true }));
      }, big);
      await page.locator('#diagnostics li', { hasText: 'accepts at most 3145728 bytes' }).waitFor({ timeout: 30000 });
      const shown = Date.now() - t0;
      const answered = await responsive(page, '3.6 MB paste');
      console.log(`     3.6 MB paste: error shown after ${shown} ms, click and typing answered in ${answered} ms`);
      assert(await page.locator('#crash').count() === 0, 'no crash panel');
    });
  });

  // A real paste (a ClipboardEvent) over the limit never reaches the textarea: the editor refuses
  // it in its `paste` handler, so the page does not spend seconds laying out megabytes of text.
  await test('a clipboard paste over the 3 MiB limit is refused before it reaches the editor', async (page) => {
    await guarded(page, async () => {
      await page.goto(url);
      await page.locator('.timeline').waitFor();
      const before = await page.locator('#editor').inputValue();
      const t0 = Date.now();
      const prevented = await page.evaluate(() => {
        const big = '  - {name: a, image: nginx}\n'.repeat(130_000);
        const ta = document.getElementById('editor');
        ta.focus();
        ta.setSelectionRange(ta.value.length, ta.value.length);
        const dt = new DataTransfer();
        dt.setData('text/plain', big);
        const ev = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true });
        ta.dispatchEvent(ev);
        return ev.defaultPrevented;
      });
      assert(prevented, 'the paste was not prevented');
      const alert = page.locator('.paste-refused[role=alert]');
      await alert.waitFor({ timeout: 5000 });
      const text = await alert.textContent();
      assert(/3145728 bytes/.test(text) && /\b3[0-9]{6}\b/.test(text), 'the refusal names the limit and the size: ' + text);
      assert(await page.locator('#editor').inputValue() === before, 'the editor text is unchanged');
      const answered = await responsive(page, 'refused paste');
      console.log(`     refused 3.6 MB paste: message after ${Date.now() - t0 - answered} ms, page answered in ${answered} ms`);
      // Typing clears the message.
      await alert.waitFor({ state: 'detached', timeout: 5000 });
      // A small paste still goes through (the browser inserts it; podlife re-simulates).
      await page.evaluate(() => {
        const ta = document.getElementById('editor');
        const dt = new DataTransfer();
        dt.setData('text/plain', '# ok');
        ta.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
      });
      assert(await page.locator('.paste-refused').count() === 0, 'a small paste is not refused');
    });
  });

  await test('an alias bomb is refused with its error and the page stays responsive', async (page) => {
    await guarded(page, async () => {
      await page.goto(url);
      await page.locator('.timeline').waitFor();
      let bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
      let prev = 'a';
      for (const n of 'bcdefghi') {
        bomb += `${n}: &${n} [${Array(9).fill('*' + prev).join(',')}]\n`;
        prev = n;
      }
      const t0 = Date.now();
      await setEditor(page, bomb);
      await page.locator('#diagnostics li', { hasText: 'expands to more than 250000 nodes' }).waitFor({ timeout: 10000 });
      console.log(`     alias bomb: error shown after ${Date.now() - t0} ms`);
      await responsive(page, 'alias bomb');
    });
  });
}
