// End-to-end tests of the Rollout view and the Traffic panel (issue 6), run from e2e/run.mjs
// with its helpers. Acting as a person: paste a Deployment + Service + Scenario with a rollout
// and a client load, scrub and play, and compare what the page shows at chosen instants with
// `podlife fleet -o json` and `podlife traffic -o json` on the editor's exact text; click a
// first failure to move the playhead there; select a pod's lane for the pod views.
// Screenshots go to e2e/artifacts/rollout-*.png.
import path from 'node:path';

export const ROLLOUT_YAML = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: app
        image: nginx:1.27
        ports: [{name: http, containerPort: 80}]
        readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 2}
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: podlife.dev/v1alpha1
kind: Scenario
spec:
  until: 3m
  rollout: {at: 1m, image: {app: "nginx:1.28"}}
  traffic: {rps: 100, proxyDelay: 1s}
`;

export async function run({ test, assert, url, cli, artifacts, setEditor }) {
  async function open(page, yaml) {
    await page.goto(url);
    await page.evaluate(() => localStorage.clear());
    await page.goto(url);
    await page.locator('.timeline').waitFor();
    await setEditor(page, yaml);
    await page.locator('[data-testid=rollout]').waitFor({ timeout: 15000 });
    await page.locator('[data-testid=traffic]').waitFor({ timeout: 15000 });
    // The previous scene may stay on screen while the new one is computed.
    await page.locator('[data-testid=scene-progress]').waitFor({ state: 'detached', timeout: 15000 });
    return page.evaluate(() => document.getElementById('editor').value);
  }
  async function scrubTo(page, ms) {
    await page.locator('[data-testid=scrubber]').fill(String(ms));
    await page.waitForFunction((ms) => +document.querySelector('[data-testid=scrubber]').value === ms, ms);
  }
  const text = (page, id) => page.locator(`[data-testid=${id}]`).textContent();

  await test('rollout: transcript, outcome, lanes and traffic counters follow the playhead and equal the CLI', async (page) => {
    const yaml = await open(page, ROLLOUT_YAML);
    const fleet = JSON.parse(cli(['fleet', '-o', 'json', '-'], yaml));
    const traffic = JSON.parse(cli(['traffic', '-o', 'json', '-'], yaml));
    // One lane per pod, in the CLI's order.
    const lanes = await page.locator('[data-testid=fleet-lane]').evaluateAll((els) => els.map((e) => e.dataset.pod));
    assert(JSON.stringify(lanes) === JSON.stringify(fleet.pods.map((p) => p.name)), `lanes ${lanes} vs CLI ${fleet.pods.map((p) => p.name)}`);
    const epLanes = await page.locator('[data-testid=endpoint-lane]').count();
    assert(epLanes === traffic.pods.length, `${epLanes} endpoint lanes, CLI ${traffic.pods.length} pods`);
    // Whole-run counters.
    for (const [id, v] of [['requests', traffic.totals.requests], ['served', traffic.totals.served], ['refused', traffic.totals.refused], ['reset', traffic.totals.reset], ['terminating', traffic.totals.toTerminating]]) {
      const shown = +(await text(page, `all-${id}`));
      assert(shown === v, `whole run ${id}: page ${shown}, CLI ${v}`);
    }
    assert(traffic.totals.refused + traffic.totals.reset > 0, 'this rollout loses requests (no preStop)');
    const done = fleet.rolloutStatus[fleet.rolloutStatus.length - 1].t_ms;
    const times = [30000, 60000, 62800, 66500, done + 100 - (done % 100), 120000, 180000];
    for (const t of times) {
      await scrubTo(page, t);
      // The transcript: the CLI's lines printed by t.
      const want = fleet.rolloutStatus.filter((l) => l.t_ms <= t).map((l) => l.line);
      const got = (await text(page, 'rollout-status')).split('\n').slice(1).filter((l) => l.length);
      assert(JSON.stringify(got) === JSON.stringify(want), `at ${t}: transcript ${JSON.stringify(got)} vs CLI ${JSON.stringify(want)}`);
      // The counters: every second that is over by t.
      const over = traffic.buckets.filter((b) => b.t_ms + traffic.bucket_ms <= t);
      const sum = (k) => over.reduce((a, b) => a + b[k], 0);
      for (const [id, k] of [['served', 'served'], ['refused', 'refused'], ['reset', 'reset'], ['terminating', 'toTerminating']]) {
        const shown = +(await text(page, `now-${id}`));
        assert(shown === sum(k), `at ${t}: ${id} page ${shown}, CLI ${sum(k)}`);
      }
      // The outcome badge.
      const badge = await text(page, 'rollout-outcome');
      if (t >= done) assert(badge.includes('successfully rolled out'), `at ${t}: badge ${badge}`);
      else assert(!badge.includes('successfully'), `at ${t}: badge ${badge}`);
      // kubectl get rs lists every ReplicaSet.
      const rs = await text(page, 'get-rs');
      for (const r of fleet.replicaSets) assert(rs.includes(r.name) === (r.created_ms <= t), `get rs at ${t}: ${rs}`);
      if (t === 66500) await page.screenshot({ path: path.join(artifacts, 'rollout-mid.png'), fullPage: true });
    }
    await page.screenshot({ path: path.join(artifacts, 'rollout-end.png'), fullPage: true });
  });

  await test('rollout: a first failure moves the playhead to it; a lane selects its pod for the pod views', async (page) => {
    const yaml = await open(page, ROLLOUT_YAML);
    const traffic = JSON.parse(cli(['traffic', '-o', 'json', '-'], yaml));
    const fleet = JSON.parse(cli(['fleet', '-o', 'json', '-'], yaml));
    const ff = page.locator('[data-testid=first-failure]');
    assert(await ff.count() === traffic.firstFailures.length, 'one button per first failure');
    const last = traffic.firstFailures[traffic.firstFailures.length - 1];
    assert((await ff.last().textContent()).includes(last.why), 'the why sentence is the CLI\'s');
    await ff.last().click();
    await page.waitForFunction((t) => +document.querySelector('[data-testid=scrubber]').value === Math.round(t / 100) * 100 || document.querySelector('[data-testid=scrubber]').value === String(t), last.t_ms);
    const clock = await text(page, 'clock');
    const m = Math.floor(last.t_ms / 60000), s = Math.floor(last.t_ms / 1000) % 60, ms = last.t_ms % 1000;
    const want = m ? `${m}m${String(s).padStart(2, '0')}.${String(ms).padStart(3, '0')}s` : `${s}.${String(ms).padStart(3, '0')}s`;
    assert(clock.startsWith(want), `clock ${clock}, want ${want}`);
    // Select the deleted old pod's lane with the keyboard: its own timeline is shown.
    const old = fleet.pods.find((p) => p.deleted_ms !== null);
    const lane = page.locator(`[data-testid=fleet-lane][data-pod="${old.name}"]`);
    await lane.focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=pod-views-of] code', { hasText: old.name }).waitFor();
    assert(await lane.getAttribute('aria-pressed') === 'true', 'the lane is pressed');
    // Just after the old pod's deletion its kubectl row is the one its own timeline (pod time:
    // fleet time − its creation) has in the CLI's JSON.
    const at = Math.ceil((old.deleted_ms + 1) / 100) * 100;
    await page.locator('[data-testid=scrubber]').fill(String(at));
    await page.locator('.tabs button', { hasText: 'Pod' }).first().click();
    const rows = old.timeline.status.filter((r) => r.t_ms <= at - old.created_ms);
    const wantRow = rows[rows.length - 1];
    const row = await text(page, 'kubectl-row');
    assert(row.includes(old.name) && row.includes(wantRow.status) && row.includes(wantRow.ready), `kubectl row ${row} vs CLI ${JSON.stringify(wantRow)}`);
    assert(wantRow.status === "Terminating", "the CLI says Terminating just after the DELETE: " + wantRow.status);
    await page.screenshot({ path: path.join(artifacts, 'rollout-selected-pod.png'), fullPage: true });
  });

  await test('rollout: the rollout and traffic controls write into the Scenario, and the panels follow the CLI', async (page) => {
    await open(page, ROLLOUT_YAML);
    await page.locator('[data-testid=scenario-controls] summary').click();
    const editorText = () => page.evaluate(() => document.getElementById('editor').value);
    await page.locator('[data-testid=rollout-at]').fill('90');
    await page.locator('[data-testid=rollout-at]').press('Enter');
    await page.waitForFunction(() => /rollout:[\s\S]*at: 1m30s/.test(document.getElementById('editor').value), null, { timeout: 5000 });
    await page.locator('[data-testid=traffic-rps]').fill('40');
    await page.locator('[data-testid=traffic-rps]').press('Enter');
    await page.waitForFunction(() => /rps: 40/.test(document.getElementById('editor').value), null, { timeout: 5000 });
    // The text still reads back as the same controls (they never disagree).
    assert(await page.locator('[data-testid=rollout-at]').inputValue() === '90', 'rollout-at reads back');
    assert(await page.locator('[data-testid=traffic-rps]').inputValue() === '40', 'rps reads back');
    const yaml = await editorText();
    const fleet = JSON.parse(cli(['fleet', '-o', 'json', '-'], yaml));
    const traffic = JSON.parse(cli(['traffic', '-o', 'json', '-'], yaml));
    assert(fleet.rollout_ms === 90000 && traffic.rps === 40, `CLI: rollout ${fleet.rollout_ms}, rps ${traffic.rps}`);
    await page.waitForFunction((n) => document.querySelector('[data-testid=all-requests]')?.textContent === String(n), traffic.totals.requests, { timeout: 10000 });
    assert(+(await text(page, 'all-refused')) === traffic.totals.refused, 'refused equals the CLI');
    const first = fleet.rolloutStatus[0];
    await scrubTo(page, 90000);
    assert((await text(page, 'rollout-status')).includes(first.line), 'the transcript starts at the new rollout time');
  });

  await test('rollout: the examples menu — a quota deadlock ends in ProgressDeadlineExceeded, a rolling update under traffic counts like the CLI', async (page) => {
    await page.goto(url);
    await page.evaluate(() => localStorage.clear());
    await page.goto(url);
    await page.locator('.timeline').waitFor();
    for (const id of ['quota-deadlock', 'rolling-update-traffic']) {
      const before = await page.evaluate(() => document.getElementById('editor').value);
      await page.locator('[data-testid=examples]').selectOption(id);
      // The example is fetched: wait for its text, then for its scene.
      await page.waitForFunction((before) => document.getElementById('editor').value !== before, before, { timeout: 15000 });
      await page.waitForFunction(() => document.querySelector('[data-testid=rollout]') && !document.querySelector('[data-testid=scene-progress]'), null, { timeout: 15000 });
      const yaml = await page.evaluate(() => document.getElementById('editor').value);
      const fleet = JSON.parse(cli(['fleet', '-o', 'json', '-'], yaml));
      await page.waitForFunction((n) => document.querySelector('[data-testid=all-requests]')?.textContent === String(n), fleet.traffic.totals.requests, { timeout: 10000 });
      assert(+(await text(page, 'all-refused')) === fleet.traffic.totals.refused, `${id}: refused`);
      const max = await page.locator('[data-testid=scrubber]').evaluate((el) => el.max);
      assert(+max === fleet.until_ms, `${id}: the playhead runs to the fleet's end ${fleet.until_ms}, not ${max}`);
      await scrubTo(page, +max);
      const badge = await text(page, 'rollout-outcome');
      if (fleet.outcome.result === 'ProgressDeadlineExceeded') assert(badge.includes('ProgressDeadlineExceeded'), `${id}: badge ${badge}`);
      else assert(badge.includes('successfully rolled out'), `${id}: badge ${badge}`);
      const lines = (await text(page, 'rollout-status')).split('\n').slice(1).filter((l) => l.length);
      assert(JSON.stringify(lines) === JSON.stringify(fleet.rolloutStatus.map((l) => l.line)), `${id}: transcript at the end ${JSON.stringify(lines)}`);
      await page.screenshot({ path: path.join(artifacts, `rollout-example-${id}.png`), fullPage: true });
    }
  });

  await test('rollout: Chinese, dark and 360 px wide stay usable', async (page, context) => {
    await page.setViewportSize({ width: 360, height: 800 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await open(page, ROLLOUT_YAML);
    await page.locator('button.lang').click();
    await page.locator('[data-testid=rollout] h3', { hasText: '滚动发布' }).waitFor();
    await page.locator('[data-testid=traffic] h3', { hasText: '流量' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert(overflow <= 0, `page overflows by ${overflow}px at 360 px`);
    await page.screenshot({ path: path.join(artifacts, 'rollout-360-dark-zh.png'), fullPage: true });
  });
}
