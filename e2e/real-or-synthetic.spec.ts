import type {} from '../src/app/debug-hook-types'; // window.kneeStudio
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { APP_PATH } from '../playwright.config';
import { RESULTS_HEADER } from '../src/real-or-synthetic/results-csv';
import { defaultManifest, defaultWeightsSha256, waitForFrame } from './helpers';
import { buildCopy, FIXTURE_LICENSE, type FixtureImage } from './real-set-fixture';
import { startSwappableServer, type SwappableServer } from './static-server';

// The "Real or synthetic?" mode on a copy of the build with a fixture real set (and one without),
// served from the same sub-path as the other tests.
const dist = resolve(import.meta.dirname, '..', process.env.E2E_DIST ?? 'dist');
let withSet: { dir: string; images: FixtureImage[] };
let withoutSet: { dir: string };
let server: SwappableServer;
let files: string;
const WEIGHTS = defaultWeightsSha256();

test.beforeAll(async () => {
  withSet = buildCopy(dist, true);
  withoutSet = buildCopy(dist, false);
  files = mkdtempSync(join(tmpdir(), 'knee-oa-studio-results-'));
  server = await startSwappableServer(APP_PATH, withSet.dir);
});

test.afterAll(async () => {
  await server?.close();
  for (const dir of [withSet?.dir, withoutSet?.dir])
    if (dir) rmSync(resolve(dir, '..'), { recursive: true, force: true });
  if (files) rmSync(files, { recursive: true, force: true });
});

const knee = (page: Page, n: number) =>
  page.getByRole('img', { name: `Knee radiograph ${n} of 20, real or synthetic?` });
const feedback = (page: Page) => page.getByRole('status').filter({ hasText: /this knee is/ });

/** WCAG 2.1 A/AA problems axe-core finds, one line each (as e2e/accessibility.spec.ts checks). */
async function axe(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary}`));
}

/** Presses `key` on the element, reached by focus: no mouse anywhere. */
async function pressOn(page: Page, name: string, key = 'Enter') {
  const button = page.getByRole('button', { name, exact: true });
  // A disabled button takes no focus, so the key would land elsewhere (seen: Start round right
  // after an offline reload, before the real set had loaded).
  await expect(button).toBeEnabled({ timeout: 60_000 });
  await button.focus();
  await page.keyboard.press(key);
}

/** What the page shows of itself, with the numbers (knee 7 of 20, answer counts) taken out. */
function snapshot(page: Page) {
  return page.evaluate(() => ({
    html: document.body.innerHTML.replace(/\d+/g, '#'),
    labels: Array.from(document.querySelectorAll('[aria-label]')).map((e) =>
      e.getAttribute('aria-label')!.replace(/\d+/g, '#'),
    ),
    url: location.href,
    canvases: Array.from(document.querySelectorAll('canvas')).map((c) => `${c.width}x${c.height}`),
  }));
}

test.describe.serial('Real or synthetic?', () => {
  test('a 20-knee round by keyboard only: the truth is hidden until answered; results; CSV export; offline', async ({
    page,
    context,
  }) => {
    test.setTimeout(240_000);
    await page.goto(server.url);
    await waitForFrame(page);
    await pressOn(page, 'Real or synthetic?');
    await expect(page.getByText(`Licence: ${FIXTURE_LICENSE}`)).toBeVisible();
    await page.getByRole('textbox', { name: 'Participant code' }).focus();
    await page.keyboard.type('P1');
    await page.keyboard.press('Tab'); // the code is kept on change
    await pressOn(page, 'Start round');
    await expect(knee(page, 1)).toBeVisible({ timeout: 90_000 });
    await expect(page.getByRole('button', { name: 'Real', exact: true })).toBeFocused();
    expect(await axe(page)).toEqual([]);
    const url = page.url();

    const shown: {
      truth: string;
      grade: number;
      said: string;
      confidence: string;
      before: Awaited<ReturnType<typeof snapshot>>;
    }[] = [];
    for (let n = 1; n <= 20; n++) {
      await expect(knee(page, n)).toBeVisible();
      await expect(feedback(page)).toHaveCount(0);
      const before = await snapshot(page);
      const confidence = n % 3 === 0 ? '' : String((n % 3) + 1);
      if (confidence) await page.keyboard.press(confidence);
      const said = n % 2 ? 'real' : 'synthetic';
      await page.keyboard.press(said === 'real' ? 'r' : 's');
      const text = (await feedback(page).textContent())!;
      const [, right, truth, grade] = /^\s*(Right|Wrong): this knee is\s+(real|synthetic).*KL (\d)/s.exec(text)!;
      expect(right === 'Right').toBe(truth === said);
      shown.push({ truth, grade: Number(grade), said, confidence, before });
      const next = page.getByRole('button', { name: n === 20 ? 'See round results' : 'Next knee' });
      await expect(next).toBeFocused(); // keyboard flow: R/S, then Enter
      await page.keyboard.press('Enter');
    }

    // Before its answer, a real knee and a generated one leave the page, its accessible names and
    // the URL exactly alike (only the knee's number differs), on canvases of one size.
    const real = shown.filter((s) => s.truth === 'real');
    const synthetic = shown.filter((s) => s.truth === 'synthetic');
    expect([real.length, synthetic.length]).toEqual([10, 10]);
    expect(real.map((s) => s.grade).sort()).toEqual(synthetic.map((s) => s.grade).sort());
    const first = shown[0].before;
    for (const { before } of shown) expect(before).toEqual(first);
    expect(first.url).toBe(url);
    const [size] = defaultManifest().resolution;
    expect(first.canvases).toEqual([`${size}x${size}`]);
    expect(first.labels).toContain('Knee radiograph # of #, real or synthetic?');
    expect(first.html).not.toMatch(/data-(truth|kind|grade|real|synthetic)/i);
    expect(page.url()).toBe(url);

    const correct = shown.filter((s) => s.said === s.truth).length;
    await expect(page.getByRole('heading', { name: 'Round results' })).toBeVisible();
    await expect(page.getByTestId('round-accuracy')).toHaveText(`${Math.round(5 * correct)}% (${correct} of 20)`);
    await expect(page.getByRole('table', { name: 'Accuracy per grade' })).toContainText('This round');
    expect(await axe(page)).toEqual([]);

    // Export: one row per answer, in the order answered, with every column.
    const downloading = page.waitForEvent('download');
    await pressOn(page, 'Export results (CSV)');
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^knee-oa-studio_real-or-synthetic_results_P1_\d{4}-\d\d-\d\d\.csv$/);
    const csvPath = join(files, 'device-1.csv');
    await download.saveAs(csvPath);
    const [header, ...rows] = readFileSync(csvPath, 'utf8').trimEnd().split('\r\n');
    expect(header.split(',')).toEqual(RESULTS_HEADER);
    expect(rows).toHaveLength(20);
    const realIds = new Set(withSet.images.map((i) => i.id));
    rows.forEach((row, i) => {
      const [participant, imageId, truth, grade, answer, confidence, ms, model, weights, time] = row.split(',');
      expect([participant, truth, Number(grade), answer, confidence]).toEqual([
        'P1',
        shown[i].truth,
        shown[i].grade,
        shown[i].said,
        shown[i].confidence,
      ]);
      if (truth === 'real') expect(realIds.has(imageId)).toBe(true);
      else expect(imageId).toMatch(/^seed-\d+$/);
      expect(Number(ms)).toBeGreaterThanOrEqual(0);
      expect([model, weights]).toEqual([defaultManifest().id, WEIGHTS]);
      expect(Date.parse(time)).not.toBeNaN();
    });

    // Offline: a new round from the service worker's copy of the real set and the cached model.
    await expect(page.getByTestId('offline')).toHaveText('Available offline', { timeout: 60_000 });
    await context.setOffline(true);
    await page.reload();
    await waitForFrame(page);
    await pressOn(page, 'Real or synthetic?');
    await pressOn(page, 'Start round');
    await expect(knee(page, 1)).toBeVisible({ timeout: 90_000 });
    await page.keyboard.press('s');
    await expect(feedback(page)).toBeVisible();
    expect(await axe(page)).toEqual([]);
    await context.setOffline(false);
  });

  test('results files from two devices pool into one table; other files are refused, duplicates counted once', async ({
    page,
  }) => {
    // Device 2: a second participant's file written here, with one damaged row.
    const time = (s: number) => new Date(Date.UTC(2026, 10, 25, 9, 0, s)).toISOString();
    const rows = Array.from({ length: 20 }, (_, i) => {
      const truth = i % 2 ? 'real' : 'synthetic';
      const answer = i < 15 ? truth : truth === 'real' ? 'synthetic' : 'real'; // 15 of 20 right
      return `B2,${truth === 'real' ? 'r00' + ((i % 9) + 1) : `seed-${i}`},${truth},${i % 5},${answer},,1200,knee-cpu128,${WEIGHTS},${time(i)}`;
    });
    writeFileSync(join(files, 'device-2.csv'), [RESULTS_HEADER.join(','), ...rows, 'B2,r001,real,9,real'].join('\r\n'));
    writeFileSync(join(files, 'cases.json'), '{"format":"knee-oa-studio/cases@1","cases":[]}');

    await page.goto(server.url);
    await pressOn(page, 'Real or synthetic?');
    const chooser = page.locator('input[type=file][aria-label="Results files to import"]');
    const message = page.getByTestId('study-message');
    await chooser.setInputFiles(join(files, 'cases.json'));
    await expect(message).toContainText('cases.json was not imported: it is not a Real-or-synthetic results file');
    await expect(page.getByRole('table', { name: 'Pooled results' })).toHaveCount(0);

    await chooser.setInputFiles([join(files, 'device-1.csv'), join(files, 'device-2.csv')]);
    await expect(message).toContainText('Imported 20 answers from device-1.csv.');
    await expect(message).toContainText('Imported 20 answers from device-2.csv: 1 bad row skipped');
    const table = page.getByRole('table', { name: 'Pooled results' });
    await expect(table.getByRole('row')).toHaveCount(4); // header, B2, P1, all
    await expect(table.getByRole('row', { name: /^B2 20 75%/ })).toBeVisible();
    await expect(table.getByRole('row', { name: /^P1 20 / })).toBeVisible();
    await expect(table.getByRole('row', { name: /^All participants 40 / })).toBeVisible();
    // B2: 8 of 10 synthetic and 7 of 10 real knees right; d′ = z(8.5/11) − z(3.5/11) = 1.2206 (log-linear).
    await expect(table.getByRole('row', { name: /^B2 / }).getByRole('cell')).toHaveText([
      '20',
      '75%',
      '80%',
      '70%',
      '1.22',
      '75%',
      '75%',
      '75%',
      '75%',
      '75%',
    ]);

    // The same file again adds nothing.
    await chooser.setInputFiles(join(files, 'device-2.csv'));
    await expect(message).toContainText('Imported 0 answers from device-2.csv: 1 bad row skipped');
    await expect(message).toContainText('20 answers already imported, not counted again');
    await expect(table.getByRole('row', { name: /^All participants 40 / })).toBeVisible();
  });

  test('a build without a real set says so and offers nothing broken', async ({ page }) => {
    server.serve(withoutSet.dir);
    await page.goto(server.url);
    await pressOn(page, 'Real or synthetic?');
    await expect(page.getByRole('alert')).toContainText('This build has no real images');
    await expect(page.getByRole('alert')).toContainText('knee_gan.real_set');
    await expect(page.getByRole('button', { name: 'Start round' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Import results…' })).toBeEnabled();
    expect(await axe(page)).toEqual([]);
    await pressOn(page, 'Editor');
    await waitForFrame(page);
  });
});

test('screenshot of the mode after an answer', async ({ page }) => {
  test.skip(
    !process.env.SCREENSHOTS || !existsSync(join(dist, 'real', 'index.json')),
    'set SCREENSHOTS=1 and pack the real set before building to write docs/screenshot-real-or-synthetic.png',
  );
  test.setTimeout(180_000);
  await page.goto('./');
  await waitForFrame(page);
  await page.getByRole('button', { name: 'Real or synthetic?' }).click();
  await page.getByRole('textbox', { name: 'Participant code' }).fill('S12');
  await page.getByRole('button', { name: 'Start round' }).click();
  // Answer until a generated knee is on screen: the picture in docs/ must show no real patient.
  for (let n = 1; n <= 20; n++) {
    await expect(knee(page, n)).toBeVisible({ timeout: 90_000 });
    await page.keyboard.press('2');
    await page.keyboard.press('s');
    if (/this knee is\s+synthetic/.test((await feedback(page).textContent()) ?? '')) break;
    await page.keyboard.press('Enter');
  }
  await page.screenshot({ path: 'docs/screenshot-real-or-synthetic.png' });
});
