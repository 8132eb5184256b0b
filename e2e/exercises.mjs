// End-to-end tests of the exercise mode (src/web/exercise.rs), run from e2e/run.mjs with its
// helpers: open an exercise from the URL, see its goals fail as the CLI says, paste the
// solution through the clipboard like a person, see every goal pass, and compare each goal
// with `podlife exercise check` on the editor's exact text.
import fs from 'node:fs';
import path from 'node:path';

export async function run({ test, assert, url, cli, root, artifacts }) {
  const ids = fs.readdirSync(path.join(root, 'exercises')).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5));

  const editorText = (page) => page.evaluate(() => document.getElementById('editor').value);
  const verdict = (page) => page.locator('[data-testid=exercise-verdict]');
  async function waitVerdict(page, passed) {
    await page.waitForFunction((p) => {
      const v = document.querySelector('[data-testid=exercise-verdict]');
      return v && v.dataset.passed === String(p);
    }, passed, { timeout: 15000 });
  }
  // The page's goals against the CLI's report for the text now in the editor.
  async function sameAsCli(page, id) {
    // Let the debounced re-simulation catch up with the last keystroke.
    await page.waitForTimeout(400);
    const text = await editorText(page);
    const report = JSON.parse(cli(['exercise', 'check', id, '-', '-o', 'json'], text));
    const goals = await page.locator('[data-testid=goal]').evaluateAll((els) => els.map((e) => ({
      passed: e.dataset.passed === 'true', goal: e.dataset.goal,
      detail: e.querySelector('.goal-detail').textContent,
    })));
    assert(goals.length === report.goals.length, `${goals.length} goals on the page, ${report.goals.length} from the CLI`);
    report.goals.forEach((g, i) => {
      assert(goals[i].goal === g.goal && goals[i].passed === g.passed && goals[i].detail === g.detail,
        `goal ${i} of ${id}: page ${JSON.stringify(goals[i])} vs CLI ${JSON.stringify(g)}`);
    });
    assert((await verdict(page).getAttribute('data-passed')) === String(report.passed), 'verdict vs CLI');
    return report;
  }

  await test('exercise: open from the URL, goals fail like the CLI says, paste the solution, every goal passes', async (page, context) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(url + '#exercise=graceful-start');
    await page.locator('[data-testid=exercise]').waitFor();
    await waitVerdict(page, false);
    // The instructions are rendered from Markdown into elements, not shown as raw markup.
    assert((await page.locator('.exercise .md strong').first().textContent()) === '15 s', 'bold from **15 s**');
    assert(!(await page.locator('.exercise .md').textContent()).includes('**'), 'no raw Markdown');
    // The editor holds the starting spec plus the exercise's Scenario document.
    const start = await editorText(page);
    assert(start === cli(['exercise', 'show', 'graceful-start', '--start'], ''), 'the editor holds the start');
    const before = await sameAsCli(page, 'graceful-start');
    assert(!before.passed && before.goals[0].detail.startsWith('Ready at '), 'the early-traffic goal fails with what was seen');
    await page.screenshot({ path: path.join(artifacts, 'exercise-start.png'), fullPage: true });

    // Hints come one at a time.
    await page.locator('[data-testid=more-hint]').click();
    assert((await page.locator('[data-testid=hint]').count()) === 1, 'one hint');
    await page.locator('[data-testid=more-hint]').click();
    assert((await page.locator('[data-testid=hint]').count()) === 2, 'two hints');

    // Paste the reference solution over everything, through the clipboard.
    const solution = cli(['exercise', 'show', 'graceful-start', '--solution'], '');
    await page.evaluate((s) => navigator.clipboard.writeText(s), solution);
    await page.locator('#editor').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+V');
    await page.waitForFunction((s) => document.getElementById('editor').value === s, solution, { timeout: 5000 });
    await waitVerdict(page, true);
    // Without a Scenario document the timeline plays the default one: the page says so, and
    // puts the exercise's back on request. The grade does not change.
    await page.locator('[data-testid=scenario-differs]').waitFor();
    await sameAsCli(page, 'graceful-start');
    await page.locator('[data-testid=restore-scenario]').click();
    await page.locator('[data-testid=scenario-differs]').waitFor({ state: 'detached' });
    await waitVerdict(page, true);
    const after = await sameAsCli(page, 'graceful-start');
    assert(after.passed && after.goals.every((g) => g.passed), 'the CLI passes the same text');
    assert((await page.locator('[data-testid=goal][data-passed=true]').count()) === after.goals.length, 'every goal ✓');
    await page.screenshot({ path: path.join(artifacts, 'exercise-solved.png'), fullPage: true });

    // A reload keeps the work on this exercise.
    await page.reload();
    await page.locator('[data-testid=exercise]').waitFor();
    await waitVerdict(page, true);
    assert((await editorText(page)).startsWith(solution), 'the solved text survives a reload');
  });

  await test('exercise: the picker opens one, goals speak Chinese, a goal seeks the playhead, and the panel closes', async (page) => {
    await page.goto(url);
    await page.locator('.pod-card').first().waitFor();
    await page.locator('[data-testid=exercises]').selectOption('sigterm-trap');
    await page.locator('[data-testid=exercise][data-exercise=sigterm-trap]').waitFor();
    assert(page.url().endsWith('#exercise=sigterm-trap'), 'the URL names it: ' + page.url());
    await waitVerdict(page, false);
    await sameAsCli(page, 'sigterm-trap');
    // The failing goal's moment: the SIGKILL at 90 s.
    await page.locator('[data-testid=goal] .goal-seek').first().click();
    const clock = await page.locator('[data-testid=clock]').textContent();
    assert(clock.startsWith('1m30.'), 'playhead at the SIGKILL: ' + clock);
    await page.locator('button.lang').click();
    assert((await page.locator('[data-testid=goal] .goal-text').first().textContent()).includes('删除后'), 'Chinese goal');
    assert((await page.locator('.exercise-head h2').textContent()).includes('PID 1'), 'Chinese title');
    await page.locator('button.lang').click();
    await page.locator('.exercise-close').click();
    await page.locator('[data-testid=exercise]').waitFor({ state: 'detached' });
  });

  await test('exercise: in the page, every starting spec fails and every solution passes', async (page) => {
    await page.goto(url);
    await page.locator('.pod-card').first().waitFor();
    for (const id of ids) {
      await page.evaluate((i) => { location.hash = 'exercise=' + i; }, id);
      await page.locator(`[data-testid=exercise][data-exercise="${id}"]`).waitFor();
      await waitVerdict(page, false);
      await page.locator('[data-testid=show-solution]').click();
      await page.locator('.exercise-solution button').click();
      await waitVerdict(page, true);
      const text = await editorText(page);
      const r = JSON.parse(cli(['exercise', 'check', id, '-', '-o', 'json'], text));
      assert(r.passed, `${id}: the CLI fails the page's solution text`);
    }
  });
}
