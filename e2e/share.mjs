// End-to-end tests of share links, documentation embeds and exports (issue 5).
// Imported by run.mjs (same harness, same server under a sub-path); or run alone after
// `trunk build --release` and `cargo build --bin podlife`: node e2e/share.mjs
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const ex = (id) => path.join(root, 'examples', `${id}.yaml`);
const read = (id) => fs.readFileSync(ex(id), 'utf8');

// The label of each panel's tab, by its name in links.
const TAB = { pod: 'Pod', events: 'Events (kubectl describe)', watch: 'kubectl get pod -w', effective: 'Effective spec', inferred: 'What podlife inferred' };

function fmtClock(ms) {
  const m = Math.floor(ms / 60000), s = Math.floor(ms / 1000) % 60, r = ms % 1000;
  const frac = String(r).padStart(3, '0');
  return m ? `${m}m${String(s).padStart(2, '0')}.${frac}s` : `${s}.${frac}s`;
}

export async function run({ browser, test, assert, cli, url, artifacts }) {
  async function fresh(page) {
    await page.goto(url);
    await page.evaluate(() => localStorage.clear());
    await page.goto(url);
    await page.locator('.timeline').waitFor();
  }

  // Clicks an export item and returns the downloaded file's name and bytes.
  async function exported(page, testid) {
    const menu = page.locator('[data-testid=export]');
    if (!(await menu.evaluate((d) => d.open))) await menu.locator('summary').click();
    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-testid=${testid}]`).click()]);
    const file = await dl.path();
    return { name: dl.suggestedFilename(), bytes: fs.readFileSync(file) };
  }

  // What a freshly opened page shows: text, seed, clock, tab.
  async function shown(page) {
    return {
      text: await page.locator('#editor').inputValue(),
      seed: await page.locator('[data-testid=seed]').inputValue(),
      clock: await page.locator('[data-testid=clock]').textContent(),
      tab: await page.locator('.tab.active').textContent(),
    };
  }

  // Opens a link in a new page: of a new browser context, or of `shared` (a new document
  // either way; a shared context keeps the compiled wasm in its cache, which is faster).
  async function openLink(link, viewport = { width: 1280, height: 860 }, shared = null) {
    const context = shared || (await browser.newContext({ viewport }));
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const origin = new URL(url).origin;
    page.on('request', (r) => { if (!r.url().startsWith(origin) && !/^(data|blob):/.test(r.url())) errors.push('request to another origin: ' + r.url()); });
    await page.goto(link);
    return { context: shared ? page : context, page, errors };
  }

  // The panel's text at the playhead, as the CLI prints it for the same instant.
  async function checkPanel(page, panel, file, seed, at) {
    if (panel === 'events') {
      const s = await page.locator('[data-testid=describe-events]').textContent();
      const c = cli(['simulate', '-o', 'describe', '--seed', String(seed), '--at', `${at}ms`, file]);
      assert(s === c, `describe at ${at}:\n${s}\n--- CLI ---\n${c}`);
    } else if (panel === 'watch') {
      const s = await page.locator('[data-testid=watch]').textContent();
      const c = cli(['simulate', '-o', 'watch', '--seed', String(seed), '--at', `${at}ms`, file]);
      assert(s === c, `watch at ${at}:\n${s}\n--- CLI ---\n${c}`);
    } else if (panel === 'pod') {
      const row = (await page.locator('[data-testid=kubectl-row]').textContent()).split('\n')[1].trim().split(/\s{2,}/);
      const tl = JSON.parse(cli(['simulate', '-o', 'json', '--seed', String(seed), file]));
      const st = tl.status.filter((r) => r.t_ms <= at && !r.deleted).pop();
      // RESTARTS' "(37s ago)" is measured from the playhead, the CLI's from the change.
      assert(row[1] === st.ready && row[2] === st.status && row[3].split(' ')[0] === st.restarts.split(' ')[0],
        `row at ${at}: ${row} vs ${JSON.stringify(st)}`);
    }
  }

  await test('share links: 36 generated states (examples × seeds × playheads × panels) reopen as the CLI simulates them', async () => {
    const ids = ['httpserver', 'early-traffic', 'startup-probe', 'shell-pid1-sigterm', 'nginx-prestop-quit', 'crashloop',
      'oomkilled', 'failing-init', 'image-pull-backoff', 'missing-configmap', 'sidecar', 'job-completes'];
    const seeds = [1, 7, 4242];
    const panels = ['pod', 'events', 'watch', 'effective', 'inferred'];
    const states = [];
    for (let i = 0; i < 36; i++) {
      const id = ids[i % ids.length];
      const seed = seeds[Math.floor(i / ids.length) % seeds.length];
      const panel = panels[(i * 7 + Math.floor(i / 5)) % panels.length];
      const at = [0, 4_100, 12_345, 45_000, 61_500, 90_000][(i * 5) % 6];
      states.push({ id, seed, panel, at });
    }
    const shared = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    try {
      for (const s of states) {
        const file = ex(s.id);
        const link = cli(['share', file, '--seed', String(s.seed), '--at', `${s.at}ms`, '--tab', s.panel, '--base', url]).trim();
        assert(link.startsWith(url + '#v=1&z='), link);
        const { context, page, errors } = await openLink(link, undefined, shared);
        try {
          await page.locator('.timeline').waitFor({ timeout: 10000 }).catch((e) => { throw new Error(`${s.id} seed ${s.seed}: no timeline: ${e}`); });
          await page.waitForFunction((t) => document.querySelector('[data-testid=clock]').textContent.startsWith(t), fmtClock(s.at), { timeout: 5000 })
            .catch(() => {});
          const got = await shown(page);
          const where = `${s.id} seed ${s.seed} t ${s.at} ${s.panel}`;
          assert(got.text === read(s.id), `${where}: editor text differs`);
          assert(got.seed === String(s.seed), `${where}: seed ${got.seed}`);
          assert(got.clock.startsWith(fmtClock(s.at)), `${where}: clock ${got.clock}`);
          assert(got.tab === TAB[s.panel], `${where}: tab ${got.tab}`);
          await checkPanel(page, s.panel, file, s.seed, s.at);
          const json = (await exported(page, 'export-json')).bytes.toString('utf8');
          const fromCli = cli(['simulate', '-o', 'json', '--seed', String(s.seed), file]);
          assert(json === fromCli, `${where}: exported timeline JSON differs from the CLI's`);
          assert(errors.length === 0, errors.join('; '));
        } finally {
          await context.close();
        }
      }
    } finally {
      await shared.close();
    }
  });

  await test('the share dialog: a link made by the page restores text, seed, playhead, panel and zoom; the CLI reads it', async (page) => {
    for (const [id, seed, at, panel] of [['crashloop', 9, 75_000, 'events'], ['startup-probe', 3, 20_000, 'watch'], ['sidecar', 1, 5_500, 'pod']]) {
      await fresh(page);
      await page.locator('[data-testid=examples]').selectOption(id);
      await page.waitForFunction((t) => document.getElementById('editor').value === t, read(id));
      await page.locator('[data-testid=seed]').fill(String(seed));
      await page.locator('[data-testid=seed]').press('Enter');
      await page.locator('[data-testid=scrubber]').fill(String(at));
      await page.locator('[data-testid=zoom-in]').click();
      await page.locator('.tabs button', { hasText: TAB[panel] }).first().click();
      const before = await shown(page);
      const axis = await page.locator('svg.tracks .axis').textContent();
      const json = (await exported(page, 'export-json')).bytes.toString('utf8');
      await page.locator('[data-testid=share]').click();
      await page.waitForFunction(() => document.querySelector('[data-testid=share-field]').value.includes('#v=1&z='));
      const link = await page.locator('[data-testid=share-field]').inputValue();
      assert(link.startsWith(url + '#'), link);
      assert(link.includes(`&seed=${seed}`) || seed === 1, link);
      // The CLI simulates what the link holds, at the link's moment.
      assert(cli(['simulate', '--link', link, '-o', 'json']) === json, `${id}: CLI --link JSON differs from the page's export`);
      const { context, page: p2, errors } = await openLink(link);
      try {
        await p2.locator('.timeline').waitFor();
        await p2.waitForFunction((t) => document.getElementById('editor').value === t, before.text);
        const after = await shown(p2);
        assert(JSON.stringify(after) === JSON.stringify(before), `restored ${JSON.stringify(after)} vs ${JSON.stringify(before)}`);
        assert((await p2.locator('svg.tracks .axis').textContent()) === axis, 'the zoomed window is restored');
        assert((await exported(p2, 'export-json')).bytes.toString('utf8') === json, 'same timeline JSON');
        await checkPanel(p2, panel, ex(id), seed, at);
        assert(errors.length === 0, errors.join('; '));
        // Editing drops the link from the address bar, so a reload keeps the edit.
        await p2.locator('#editor').press('End');
        await p2.keyboard.type('\n# edited');
        await p2.waitForFunction(() => !location.hash);
      } finally {
        await context.close();
      }
    }
    await page.screenshot({ path: path.join(artifacts, 'share-dialog.png') });
  });

  await test('copy link: the Clipboard API, and without it the link is selected for Ctrl+C', async (page, context) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
    await fresh(page);
    await page.locator('[data-testid=share]').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=share-field]').value.includes('#v=1'));
    const link = await page.locator('[data-testid=share-field]').inputValue();
    await page.locator('[data-testid=copy]').click();
    await page.locator('.share-status', { hasText: 'Copied' }).waitFor();
    assert((await page.evaluate(() => navigator.clipboard.readText())) === link, 'clipboard holds the link');
    // Keyboard: Escape closes the dialog.
    await page.locator('[data-testid=share-field]').press('Escape');
    assert(await page.locator('#share-dialog').count() === 0, 'Escape closes');
    // No clipboard: the fallback selects the field's text.
    await page.evaluate(() => { Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true }); });
    await page.locator('[data-testid=share]').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=share-field]').value.includes('#v=1'));
    await page.locator('[data-testid=copy]').click();
    await page.locator('.share-status', { hasText: 'Ctrl+C' }).waitFor();
    const sel = await page.evaluate(() => { const f = document.querySelector('[data-testid=share-field]'); return [document.activeElement === f, f.selectionStart, f.selectionEnd, f.value.length]; });
    assert(sel[0] && sel[1] === 0 && sel[2] === sel[3], 'field focused and selected: ' + sel);
  });

  await test('too large for a link is said with the limit; malformed, bomb and stale links give a clear error, never a crash', async (page) => {
    await fresh(page);
    // 80 KB of random letters in a comment: ~50 KB compressed and base64url-encoded.
    const noise = Array.from(crypto.randomBytes(80_000), (b) => String.fromCharCode(97 + (b % 26))).join('');
    const ed = page.locator('#editor');
    await ed.fill(read('httpserver') + '# ' + noise + '\n');
    await page.waitForTimeout(400);
    await page.locator('[data-testid=share]').click();
    const err = page.locator('[data-testid=share-error]');
    await err.waitFor();
    const msg = await err.textContent();
    assert(/needs a \d+ KB link/.test(msg) && /32 KB/.test(msg), msg);
    await page.screenshot({ path: path.join(artifacts, 'share-too-large.png') });

    const bomb = zlib.deflateRawSync(Buffer.alloc(16 << 20, 32), { level: 9 }).toString('base64url');
    const cases = [
      ['#v=1&z=***', 'damaged'],
      ['#v=1&z=AAAA', 'damaged'],
      [`#v=1&z=${bomb}`, 'expands to more than 3 MiB'],
      ['#v=1&t=soon', '"t" field'],
      ['#v=9&t=1s', 'another version'],
    ];
    for (const [frag, want] of cases) {
      const { context, page: p, errors } = await openLink(url + frag);
      try {
        const e = p.locator('[data-testid=link-error]');
        await e.waitFor({ timeout: 10000 });
        const text = await e.textContent();
        assert(text.includes('could not be opened') && text.includes(want), `${frag.slice(0, 30)}: ${text}`);
        assert(await p.locator('#crash').count() === 0, 'no crash panel');
        await p.locator('.timeline').waitFor(); // the page still works, with the default example
        assert(errors.length === 0, errors.join('; '));
      } finally {
        await context.close();
      }
    }
  });

  await test('deep links to a moment: #t=42s, #t=1m30s&tab=events (the time shown on the clock)', async (page) => {
    await page.goto(url + '#t=42s');
    await page.locator('.timeline').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid=clock]').textContent.startsWith('42.000s'));
    await page.goto(url + '#t=1m30s&tab=events');
    await page.waitForFunction(() => document.querySelector('[data-testid=clock]').textContent.startsWith('1m30.000s'));
    assert((await page.locator('.tab.active').textContent()) === TAB.events, 'events tab');
    await checkPanel(page, 'events', ex('httpserver'), 1, 90_000);
  });

  await test('exports: SVG (standalone, its tracks), PNG (on-screen size × devicePixelRatio), JSON, describe, watch, YAML', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    try {
      await fresh(page);
      const at = 62_000;
      await page.locator('[data-testid=scrubber]').fill(String(at));
      const onScreen = await page.evaluate(() => {
        const s = document.querySelector('.timeline svg.tracks');
        return { w: Number(s.getAttribute('width')), h: Number(s.getAttribute('height')), rows: s.querySelectorAll('g.row').length,
          labels: [...s.querySelectorAll('.row-label')].map((t) => t.firstChild.textContent) };
      });
      const svg = await exported(page, 'export-svg');
      assert(svg.name.endsWith('-timeline.svg'), svg.name);
      const check = await page.evaluate(async (text) => {
        const d = new DOMParser().parseFromString(text, 'image/svg+xml');
        const r = d.documentElement;
        const run = d.querySelector('rect.st-running');
        const img = new Image();
        img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(text);
        await img.decode();
        return { parseError: !!d.querySelector('parsererror'), root: r.localName, ns: r.namespaceURI, rows: d.querySelectorAll('g.row').length,
          labels: [...d.querySelectorAll('.row-label')].map((t) => t.firstChild.textContent), runFill: run && run.getAttribute('style'),
          playhead: !!d.querySelector('line.playhead'), img: [img.naturalWidth, img.naturalHeight] };
      }, svg.bytes.toString('utf8'));
      assert(!check.parseError && check.root === 'svg' && check.ns === 'http://www.w3.org/2000/svg', JSON.stringify(check));
      assert(check.rows === onScreen.rows && JSON.stringify(check.labels) === JSON.stringify(onScreen.labels), `tracks ${check.labels} vs ${onScreen.labels}`);
      assert(check.labels.includes('kubectl STATUS') && check.labels.some((l) => l.includes('httpserver')), 'expected tracks: ' + check.labels);
      assert(/fill:\s*rgb\(0, 158, 115\)/.test(check.runFill || ''), 'colours inlined: ' + check.runFill);
      assert(check.playhead, 'the playhead is drawn');
      assert(check.img[0] === onScreen.w && check.img[1] === onScreen.h, 'renders standalone at its size: ' + check.img);
      fs.writeFileSync(path.join(artifacts, 'export-timeline.svg'), svg.bytes);

      const png = await exported(page, 'export-png');
      assert(png.bytes.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10])), 'PNG signature');
      const [pw, ph] = [png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)];
      assert(pw === Math.round(onScreen.w * 2) && ph === Math.round(onScreen.h * 2), `PNG ${pw}×${ph}, on screen ${onScreen.w}×${onScreen.h} at 2×`);
      fs.writeFileSync(path.join(artifacts, 'export-timeline.png'), png.bytes);

      const example = read('httpserver');
      const json = await exported(page, 'export-json');
      assert(json.bytes.toString('utf8') === cli(['simulate', '-o', 'json', '-'], example), 'JSON = simulate -o json');
      const describe = await exported(page, 'export-describe');
      assert(describe.bytes.toString('utf8') === cli(['simulate', '-o', 'describe', '--at', `${at}ms`, '-'], example), 'describe = -o describe');
      assert(describe.name.endsWith('-describe-1m2s.txt'), describe.name);
      const watch = await exported(page, 'export-watch');
      assert(watch.bytes.toString('utf8') === cli(['simulate', '-o', 'watch', '--at', `${at}ms`, '-'], example), 'watch = -o watch');

      const yaml = (await exported(page, 'export-yaml')).bytes.toString('utf8');
      await page.locator('.tabs button', { hasText: TAB.effective }).click();
      const view = (await page.locator('[data-testid=effective]').textContent()).split('\n').filter((l) => l.length).map((l) => l.slice(2));
      assert(yaml === view.join('\n') + '\n', 'YAML = the effective view without its markers');
      // It reads back as the same Deployment; the page shows the service-account token
      // volume as a summary (`projected: <service account token, …>`), the one value that does
      // not type-check (the CLI's `defaults -o json` has it in full).
      const v = JSON.parse(cli(['validate', '-o', 'json', '-'], yaml));
      const other = v[0].errors.filter((e) => !/^spec\.template\.spec\.volumes\[\d+\]\.projected$/.test(e.field));
      assert(v.length === 1 && other.length === 0, 'the effective spec reads back: ' + JSON.stringify(v[0].errors));
      assert(errors.length === 0, errors.join('; '));
    } finally {
      await context.close();
    }
  });

  await test('embed mode fits a 600×360 iframe: minimal chrome, read-only, autoplay, start time, light and dark', async () => {
    for (const theme of ['dark', 'light']) {
      const link = cli(['share', ex('httpserver'), '--embed', '--readonly', '--autoplay', '--at', '10s', '--theme', theme, '--base', url]).trim();
      const { context, page, errors } = await openLink(link, { width: 600, height: 360 });
      try {
        await page.locator('.app.embed .timeline').waitFor();
        await page.waitForFunction(() => {
          const t = document.querySelector('[data-testid=clock]').textContent;
          return !t.startsWith('0.') && !t.startsWith('10.000s');
        });
        const layout = await page.evaluate(() => {
          const d = document.documentElement;
          const vis = (sel) => { const e = document.querySelector(sel); return !!e && e.getClientRects().length > 0; };
          return { overflowY: d.scrollHeight - d.clientHeight, overflowX: d.scrollWidth - d.clientWidth, header: vis('header'), editor: vis('#editor'),
            timeline: vis('.timeline'), panel: vis('.tab-panel'), play: vis('[data-testid=play]'), theme: d.getAttribute('data-theme'),
            bg: getComputedStyle(document.body).backgroundColor, ro: document.getElementById('editor').readOnly,
            open: document.querySelector('[data-testid=open-full]').getAttribute('href') };
        });
        assert(layout.overflowY <= 0 && layout.overflowX <= 0, 'no page scrollbars: ' + JSON.stringify(layout));
        assert(!layout.header && !layout.editor && layout.timeline && layout.panel && layout.play, 'minimal chrome: ' + JSON.stringify(layout));
        assert(layout.theme === theme && layout.bg === (theme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)'), 'theme: ' + JSON.stringify(layout));
        assert(layout.ro, 'read-only editor');
        assert(layout.open.includes('#v=1&z=') && !layout.open.includes('embed=1'), 'open in podlife: ' + layout.open);
        assert(errors.length === 0, errors.join('; '));
        await page.screenshot({ path: path.join(artifacts, `embed-600x360-${theme}.png`) });
      } finally {
        await context.close();
      }
    }
    // Editable, with the editor shown.
    const link = cli(['share', ex('httpserver'), '--embed', '--base', url]).trim() + '&editor=1';
    const { context, page } = await openLink(link, { width: 600, height: 360 });
    try {
      await page.locator('.app.embed.with-editor #editor').waitFor();
      assert(!(await page.locator('#editor').evaluate((e) => e.readOnly)), 'editable');
      assert(await page.evaluate(() => document.documentElement.scrollHeight <= document.documentElement.clientHeight), 'still fits');
    } finally {
      await context.close();
    }
  });

  await test('the embed code dialog: an <iframe> snippet of the current state with the chosen options', async (page) => {
    await fresh(page);
    await page.locator('[data-testid=scrubber]').fill('30000');
    await page.locator('[data-testid=embed-code]').click();
    const field = page.locator('[data-testid=share-field]');
    await page.waitForFunction(() => document.querySelector('[data-testid=share-field]').value.startsWith('<iframe'));
    let code = await field.inputValue();
    assert(code.includes('&amp;embed=1&amp;ro=1') && code.includes('&amp;t=30s') && code.includes('width="600" height="360"'), code);
    await page.locator('[data-testid=embed-autoplay]').check();
    await page.locator('[data-testid=embed-ro]').uncheck();
    await page.locator('[data-testid=embed-theme]').selectOption('dark');
    await page.waitForFunction(() => document.querySelector('[data-testid=share-field]').value.includes('theme=dark'));
    code = await field.inputValue();
    assert(code.includes('&amp;autoplay=1') && !code.includes('ro=1'), code);
    const src = code.match(/src="([^"]+)"/)[1].replace(/&amp;/g, '&');
    const { context, page: p2 } = await openLink(src, { width: 600, height: 360 });
    try {
      await p2.locator('.app.embed .timeline').waitFor();
      assert((await p2.locator('html').getAttribute('data-theme')) === 'dark', 'dark');
    } finally {
      await context.close();
    }
  });

  await test('the sample docs page: an iframe snippet and embed.js blocks, loaded lazily, several per page', async () => {
    const { context, page, errors } = await openLink(url + 'docs/', { width: 1000, height: 800 });
    try {
      const snippet = page.frameLocator('#snippet iframe');
      await snippet.locator('.app.embed .timeline').waitFor({ timeout: 15000 });
      // The block near the top became a live playground; the one far below did not yet.
      await page.locator('#pid1 + iframe.podlife-embed').waitFor({ timeout: 10000 });
      assert(await page.locator('#pid1').isHidden(), 'the <pre> gives way to the iframe');
      assert(await page.locator('#fixed + iframe').count() === 0 && (await page.locator('#fixed').getAttribute('data-podlife-state')) === null, 'lazy: not loaded before it is near');
      const pid1 = page.frameLocator('#pid1 + iframe');
      await pid1.locator('[data-testid=describe-events]').waitFor({ timeout: 15000 });
      const preText = await page.locator('#pid1').textContent();
      assert((await pid1.locator('#editor').inputValue()) === preText.replace(/^\n/, ''), 'the block\'s YAML is what the playground runs');
      await page.locator('#fixed').evaluate((e) => e.scrollIntoView());
      await page.mouse.wheel(0, 200);
      await page.locator('#fixed + iframe.podlife-embed').waitFor({ timeout: 10000 });
      const fixed = page.frameLocator('#fixed + iframe');
      await fixed.locator('.app.embed.with-editor #editor').waitFor({ timeout: 15000 });
      assert(!(await fixed.locator('#editor').evaluate((e) => e.readOnly)), 'data-podlife-readonly="false" is editable');
      assert((await page.locator('#fixed + iframe').getAttribute('height')) === '480', 'data-podlife-height');
      assert(await page.locator('iframe').count() === 3, 'three playgrounds on the page');
      assert(errors.length === 0, errors.join('; '));
      await page.screenshot({ path: path.join(artifacts, 'docs-page.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });
}

// Standalone: the same harness as run.mjs, these tests only.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { chromium } = await import('playwright-core');
  const { spawnSync } = await import('node:child_process');
  const { serve } = await import('./server.mjs');
  const artifacts = path.join(here, 'artifacts');
  fs.mkdirSync(artifacts, { recursive: true });
  const PREFIX = '/docs/podlife/';
  const server = await serve(path.join(root, 'dist'), PREFIX);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const results = [];
  const assert = (c, m) => { if (!c) throw new Error(m); };
  const cli = (args, input) => {
    const r = spawnSync(path.join(root, 'target', 'debug', 'podlife'), args, { input, encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0 && r.status !== 1) throw new Error(`podlife ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return r.stdout;
  };
  const only = process.env.ONLY;
  const test = async (name, fn) => {
    if (only && !name.includes(only)) return;
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    const foreign = [];
    page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) foreign.push(r.url()); });
    const t0 = Date.now();
    try {
      await fn(page, context);
      if (foreign.length) throw new Error('requests left for another origin: ' + foreign.join(', '));
      results.push(true);
      console.log(`ok   ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      results.push(false);
      console.log(`FAIL ${name}\n     ${String(e.stack || e).split('\n').join('\n     ')}`);
      await page.screenshot({ path: path.join(artifacts, `FAIL-${name.replace(/\W+/g, '-').slice(0, 80)}.png`) }).catch(() => {});
    }
    await context.close();
  };
  await run({ browser, test, assert, cli, url: origin + PREFIX, origin, artifacts });
  await browser.close();
  server.close();
  const failed = results.filter((r) => !r).length;
  console.log(`\nshare e2e: ${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
