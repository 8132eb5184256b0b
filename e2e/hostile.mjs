// End-to-end tests of hostile-size input in the page (issue 7), run by e2e/run.mjs:
// - a 10,000-container pod: while the page parses and simulates it, keystrokes reach the editor
//   within a bound and no task blocks the main thread for long (PerformanceObserver 'longtask');
//   the result appears within a few seconds; the DOM stays small (the track list draws only
//   the rows in view) and scrolling or filtering the list shows other containers;
// - 40,000 one-line containers: the page says honestly that it does not simulate them;
// - a drop of a file over 3 MiB is refused like a paste, a small file replaces the text, a
//   file that is not UTF-8 is reported;
// - a grace period of 10^12 s gives a bounded result (the countdown) at once.
// Figures are printed and written to e2e/artifacts/hostile.json (BENCHMARKS.md).
import fs from 'node:fs';
import path from 'node:path';

// The same pod as tests/hostile.rs: containers that crash-loop at different moments.
function manyContainers(n, oneLine = false) {
  let s = `apiVersion: v1\nkind: Pod\nmetadata: {name: many}\nspec:\n  containers:\n`;
  for (let i = 0; i < n; i++) {
    s += oneLine ? `  - {name: c${i}, image: x}\n`
      : `  - {name: c${i}, image: busybox:1.36, command: [sh, -c, 'sleep ${i % 7}; exit 1']}\n`;
  }
  return s;
}

// Installed before the page's scripts: every long task (> 50 ms) with its start and length.
function observeLongTasks() {
  window.__long = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__long.push({ start: Math.round(e.startTime), ms: Math.round(e.duration) });
  }).observe({ type: 'longtask', buffered: true });
}

// Sets the editor's text as a paste does (one input event with the whole text).
async function putText(page, text) {
  await page.evaluate((t) => {
    const ta = document.getElementById('editor');
    ta.focus();
    ta.value = t;
    ta.setSelectionRange(t.length, t.length);
    ta.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
}

const elements = (page) => page.evaluate(() => document.getElementsByTagName('*').length);

export async function run({ test, assert, url, artifacts }) {
  const figures = {};

  async function bigPod(page, n, until) {
    await page.addInitScript(observeLongTasks);
    await page.goto(url);
    await page.locator('.timeline').waitFor();
    const yaml = manyContainers(n) + (until ? `---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec: {until: ${until}}\n` : '');
    // Keystroke latency inside the page: from the browser's timestamp of the key event to the
    // moment the page handles it (the time it waited for the main thread).
    await page.evaluate(() => {
      window.__keys = [];
      document.getElementById('editor').addEventListener('keydown', (e) => {
        window.__keys.push(performance.now() - e.timeStamp);
      }, { capture: true });
    });
    const t0 = Date.now();
    const mark = await page.evaluate(() => performance.now());
    await putText(page, yaml);
    // While the pod is parsed and simulated: type a comment, one key every 40 ms (faster than
    // the 120 ms debounce, so the text changes once at the end and the run restarts once).
    await page.locator('[data-testid=sim-progress]').waitFor({ timeout: 10000 });
    const typed = '# still typing';
    await page.keyboard.press('Enter');
    const roundTrips = [];
    for (const ch of typed) {
      const k0 = Date.now();
      await page.keyboard.type(ch);
      roundTrips.push(Date.now() - k0);
      await page.waitForTimeout(40);
    }
    await page.waitForFunction((s) => document.getElementById('editor').value.endsWith(s), typed, { timeout: 2000 });
    const typedAt = Date.now() - t0;
    // The result for the final text: the last container's track is reachable and the progress
    // line is gone.
    await page.locator('[data-testid=track-list]').waitFor({ timeout: 60000 });
    await page.locator('[data-testid=sim-progress]').waitFor({ state: 'detached', timeout: 60000 });
    const resultAt = Date.now() - t0;
    const state = await page.evaluate((mark) => ({
      keys: window.__keys,
      long: window.__long.filter((l) => l.start >= mark),
      data: { ...document.querySelector('.app').dataset },
    }), mark);
    return { yaml, typed, roundTrips, typedAt, resultAt, ...state };
  }

  await test('a 10,000-container pod: typing stays responsive, the result comes in seconds, the DOM stays small', async (page) => {
    const r = await bigPod(page, 10_000, null);
    const worstKey = Math.max(...r.keys);
    const worstTrip = Math.max(...r.roundTrips);
    const longest = Math.max(0, ...r.long.map((l) => l.ms));
    const nodes = await elements(page);
    Object.assign(figures, {
      containers: 10_000, bytes: r.yaml.length, resultMs: r.resultAt, typedMs: r.typedAt,
      keyLatencyMs: r.keys.map(Math.round), keyRoundTripMs: r.roundTrips, longTasks: r.long, longestTaskMs: longest,
      elements: nodes, parseMs: Number(r.data.parseMs), simWallMs: Number(r.data.simWallMs),
      simBusyMs: Number(r.data.simBusyMs), simLongestSliceMs: Number(r.data.simLongestMs),
    });
    console.log(`     10,000 containers (${(r.yaml.length / 1e6).toFixed(2)} MB): result after ${r.resultAt} ms; ` +
      `keys waited ≤ ${Math.round(worstKey)} ms (round trips ≤ ${worstTrip} ms); long tasks ${JSON.stringify(r.long.map((l) => l.ms))}; ` +
      `${nodes} elements; parse ${r.data.parseMs} ms, simulation ${r.data.simWallMs} ms wall / ${r.data.simBusyMs} ms busy, longest slice ${r.data.simLongestMs} ms`);
    // Keystrokes typed during the run are handled at once. At low load every one waits under
    // 200 ms (BENCHMARKS.md); the bounds here leave room for a machine shared with builds
    // (2 cores, load 5–10 seen), where the OS deschedules the browser too. What they catch is
    // the page before slicing: the tab frozen for 6 s and more.
    assert(r.keys.length >= r.typed.length, `keystrokes seen: ${r.keys.length}`);
    const sorted = [...r.keys].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    assert(median < 100, `keystrokes waited ${Math.round(median)} ms (median) for the main thread: ${r.keys.map(Math.round)}`);
    assert(worstKey < 500, `a keystroke waited ${Math.round(worstKey)} ms for the main thread: ${r.keys.map(Math.round)}`);
    assert(worstTrip < 1000, `a keystroke round trip took ${worstTrip} ms: ${r.roundTrips}`);
    // No task over 1 s. The simulation's slices are ~12 ms, but some steps are not sliced:
    // parsing the 0.77 MB text (~110 ms with the fast YAML path, ~240 ms since the page reads
    // with the general reader only), the first sync of the pod worker that starts
    // 10,000 containers (one queue event, ~70 ms natively), the post-processing into the
    // timeline, and drawing the result and the parse's views (BENCHMARKS.md has each).
    assert(longest < 1000, `a task blocked the page for ${longest} ms: ${JSON.stringify(r.long)}`);
    assert(r.resultAt < 20000, `the result took ${r.resultAt} ms`);
    assert(nodes < 20000, `${nodes} elements on the page`);
    // The pod card and the tracks say there are more containers than they show.
    assert(await page.locator('[data-testid=not-listed]').count() >= 1, 'the pod card says how many containers it does not list');
    await page.screenshot({ path: path.join(artifacts, 'hostile-10k-containers.png') });
    // Scrolling the track list shows other containers (and draws no more rows than before).
    const list = page.locator('.track-list');
    assert(await list.getAttribute('aria-label').then((l) => /1–16 \/ 10000/.test(l)), 'the list names the tracks in view');
    await list.evaluate((el) => { el.scrollTop = 5000 * 22; el.dispatchEvent(new Event('scroll')); });
    await page.locator('.track-list svg[aria-label*="c5000,"]').waitFor({ timeout: 5000 });
    // (Each row's label carries the whole name in its <title>.)
    assert(await page.locator('.track-list .row-label title', { hasText: /^▣ c5003$/ }).count() === 1, 'container c5003 is drawn after the scroll');
    assert(await page.locator('.track-list .row-label title', { hasText: /^▣ c3$/ }).count() === 0, 'container c3 is no longer drawn');
    assert(await elements(page) < 20000, 'the DOM stays small after scrolling');
    // The filter finds one container among 10,000.
    await page.locator('[data-testid=track-filter]').fill('c9999');
    await page.locator('.track-list .row-label title', { hasText: /^▣ c9999$/ }).waitFor({ state: 'attached', timeout: 5000 });
    assert(/1 \/ 10000/.test(await page.locator('.track-filter [role=status]').textContent()), 'the filter counts what it keeps');
    // Every tab stays small too (the effective spec is 90,000 lines long).
    for (const tab of await page.locator('.tabs button').all()) {
      await tab.click();
      const n = await elements(page);
      assert(n < 20000, `${n} elements with the tab ${await tab.textContent()}`);
    }
    assert(await page.locator('[data-testid=effective-more]').count() === 0 || /\d/.test(await page.locator('[data-testid=effective-more]').textContent()), 'the effective spec says how many lines it does not show');
    // Playback still runs and the keyboard still steps.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('End');
    await page.screenshot({ path: path.join(artifacts, 'hostile-10k-filtered.png') });
  });

  await test('40,000 one-line containers (1.1 MB): the page says it does not simulate them, and stays responsive', async (page) => {
    await page.addInitScript(observeLongTasks);
    await page.goto(url);
    await page.locator('.timeline').waitFor();
    const yaml = manyContainers(40_000, true);
    const mark = await page.evaluate(() => performance.now());
    const t0 = Date.now();
    await putText(page, yaml);
    const cap = page.locator('[data-testid=sim-cap]');
    await cap.waitFor({ timeout: 20000 });
    const shown = Date.now() - t0;
    assert(/40000/.test(await cap.textContent()), 'the message gives the number of containers');
    // A keystroke after the message is handled at once (measured inside the page: the time the
    // key event waited for the main thread; the re-parse it causes 120 ms later is the one
    // long step, reported below).
    await page.evaluate(() => {
      window.__keys = [];
      document.getElementById('editor').addEventListener('keydown', (e) => window.__keys.push(performance.now() - e.timeStamp), { capture: true });
    });
    await page.keyboard.type('#');
    await page.waitForFunction(() => document.getElementById('editor').value.endsWith('#'), null, { timeout: 5000 });
    const key = Math.round(Math.max(...await page.evaluate(() => window.__keys)));
    const long = await page.evaluate((m) => window.__long.filter((l) => l.start >= m), mark);
    const nodes = await elements(page);
    figures.cap40k = { bytes: yaml.length, messageMs: shown, keyMs: key, longTasks: long, elements: nodes };
    console.log(`     40,000 containers (${(yaml.length / 1e6).toFixed(2)} MB): "not simulated" after ${shown} ms, keystroke ${key} ms, long tasks ${JSON.stringify(long.map((l) => l.ms))}, ${nodes} elements`);
    assert(key < 200, `the keystroke waited ${key} ms`);
    assert(nodes < 20000, `${nodes} elements on the page`);
    await page.screenshot({ path: path.join(artifacts, 'hostile-40k-cap.png') });
  });

  await test('drag and drop: a file over 3 MiB is refused like a paste, a small file replaces the text, a binary file is reported', async (page) => {
    await page.goto(url);
    await page.locator('.timeline').waitFor();
    const before = await page.locator('#editor').inputValue();
    const drop = (kind) => page.evaluate((kind) => {
      const ta = document.getElementById('editor');
      const dt = new DataTransfer();
      if (kind === 'big') dt.items.add(new File(['  - {name: a, image: nginx}\n'.repeat(130_000)], 'big.yaml', { type: 'application/yaml' }));
      if (kind === 'small') dt.items.add(new File(['apiVersion: v1\nkind: Pod\nmetadata: {name: dropped}\nspec:\n  containers:\n  - {name: a, image: nginx}\n'], 'pod.yaml'));
      if (kind === 'binary') dt.items.add(new File([new Uint8Array([0xff, 0xfe, 0x00, 0xc3, 0x28])], 'x.bin'));
      if (kind === 'text') dt.setData('text/plain', 'x'.repeat(3_200_000));
      const ev = new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true });
      ta.dispatchEvent(ev);
      return ev.defaultPrevented;
    }, kind);
    assert(await drop('big'), 'the big drop was not prevented');
    const alert = page.locator('.drop-refused[role=alert]');
    await alert.waitFor({ timeout: 5000 });
    assert(/3145728 bytes/.test(await alert.textContent()) && /\b3[0-9]{6}\b/.test(await alert.textContent()), 'the refusal names the limit and the size');
    assert(await page.locator('#editor').inputValue() === before, 'the editor text is unchanged');
    await page.screenshot({ path: path.join(artifacts, 'hostile-drop-refused.png') });
    // Dropped text over the limit is refused too.
    assert(await drop('text'), 'the big text drop was not prevented');
    assert(await page.locator('#editor').inputValue() === before, 'the editor text is unchanged after a text drop');
    // A file that is not UTF-8 text.
    await drop('binary');
    await page.locator('.drop-refused', { hasText: 'UTF-8' }).waitFor({ timeout: 5000 });
    assert(await page.locator('#editor').inputValue() === before, 'the editor text is unchanged after a binary drop');
    // A small file replaces the text and is simulated.
    await drop('small');
    await page.locator('.pod-name', { hasText: 'dropped' }).waitFor({ timeout: 5000 });
    assert((await page.locator('#editor').inputValue()).includes('name: dropped'), 'the dropped file is in the editor');
    assert(await page.locator('.drop-refused').count() === 0, 'the message is gone once the text changed');
  });

  await test('a grace period of 10^12 s gives a bounded result at once, with its countdown', async (page) => {
    await page.goto(url);
    await page.locator('.timeline').waitFor();
    const t0 = Date.now();
    await putText(page, "apiVersion: v1\nkind: Pod\nmetadata: {name: g}\nspec:\n  terminationGracePeriodSeconds: 1000000000000\n  containers:\n  - {name: a, image: busybox:1.36, command: [sh, -c, \"trap '' TERM; sleep 100000\"]}\n---\napiVersion: podlife.dev/v1alpha1\nkind: Scenario\nspec: {delete: {at: 10s}, until: 1h}\n");
    await page.locator('.pod-name', { hasText: /^g$/ }).waitFor({ timeout: 5000 });
    await page.locator('[data-testid=scrubber]').fill('60000');
    const countdown = await page.locator('.countdown').textContent({ timeout: 5000 });
    const ms = Date.now() - t0;
    assert(/SIGKILL in \d+d/.test(countdown), 'the countdown: ' + countdown);
    figures.grace = { answeredMs: ms };
    console.log(`     grace 10^12 s: answered in ${ms} ms (${countdown})`);
    assert(ms < 5000, `took ${ms} ms`);
  });

  fs.writeFileSync(path.join(artifacts, 'hostile.json'), JSON.stringify(figures, null, 2) + '\n');
}
