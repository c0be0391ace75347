import type {} from '../src/app/debug-hook-types'; // window.kneeStudio
import { expect, test, type Page } from '@playwright/test';
import { readGif } from '../core/formats/testing/gif-reader';
import { readGreyPng } from '../core/formats/testing/png-reader';
import { BASE_DELAY_MS, HOLD_FRAMES } from '../src/progression/schedule';
import { createHash } from 'node:crypto';
import { defaultManifest, radiograph, waitForFrame } from './helpers';
import { download, fragmentOf, readWebm } from './progression-helpers';

const MODEL = defaultManifest().id;
const START = `#v1&m=${MODEL}&s=42&kl=2.5&t=0.7`;

/** A fresh page (going to the same URL again would only be a same-document fragment change). */
async function open(page: Page, search = '') {
  if (page.url() !== 'about:blank') await page.goto('about:blank');
  await page.goto(`./${search}${START}`);
  return waitForFrame(page);
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

test.describe('disease progression', () => {
  test('Export GIF: 41 frames with delays from the speed, provenance comment, same bytes after a reload', async ({
    page,
  }) => {
    const frame = await open(page);
    let started = Date.now();
    const gif = await download(page, button(page, 'Export GIF'));
    const firstMs = Date.now() - started;
    started = Date.now();
    const cached = await download(page, button(page, 'Export GIF')); // frames from the cache
    console.log(
      `GIF: ${gif.bytes.length} bytes; drawn and encoded in ${firstMs} ms, from cached frames in ${Date.now() - started} ms; ${await page.evaluate(() => window.kneeStudio!.backend())}; sha256 ${sha256(gif.bytes)}`,
    );
    expect(Buffer.from(cached.bytes).equals(Buffer.from(gif.bytes))).toBe(true);
    expect(gif.name).toContain('SYNTHETIC');
    expect(gif.name).toContain(MODEL);
    expect(gif.name).toMatch(/progression-41f-loop-1x\.gif$/);
    const read = readGif(gif.bytes);
    expect([read.width, read.height]).toEqual([frame.width, frame.height]);
    expect(read.frames).toBe(41);
    expect(read.delaysMs[0]).toBe(BASE_DELAY_MS * HOLD_FRAMES);
    expect(read.delaysMs[1]).toBe(BASE_DELAY_MS);
    const provenance = JSON.parse(read.comments[0]);
    expect(provenance.state).toBe(await fragmentOf(page));
    expect(provenance.model.id).toBe(MODEL);
    expect(provenance.notice).toMatch(/not for diagnosis/);
    expect(provenance.progression.kl[40]).toBe(4);

    // Bounce at 2×: 80 frames, half the delay.
    await page.getByLabel('Playback').selectOption({ label: 'Bounce 0→4→0' });
    await page.getByLabel('Speed').selectOption({ label: '2×' });
    const bounce = readGif((await download(page, button(page, 'Export GIF'))).bytes);
    expect(bounce.frames).toBe(80);
    expect(bounce.delaysMs[1]).toBe(BASE_DELAY_MS / 2);

    // A fresh page draws every frame again: the file must not change.
    await open(page);
    const again = await download(page, button(page, 'Export GIF'));
    expect(again.name).toBe(gif.name);
    expect(Buffer.from(again.bytes).equals(Buffer.from(gif.bytes))).toBe(true);
  });

  test('Export PNG strip: five labelled grades and the disclaimer in its text', async ({ page }) => {
    const frame = await open(page);
    const strip = await download(page, button(page, 'Export PNG strip'));
    expect(strip.name).toMatch(
      new RegExp(`^knee-oa-studio_SYNTHETIC_${MODEL}_seed42_kl2\\.5_strip-kl0-1-2-3-4\\.png$`),
    );
    const png = readGreyPng(strip.bytes);
    expect(png.width).toBe(5 * frame.width + 6 * 4);
    expect(png.height).toBeGreaterThan(frame.height);
    expect(png.text.Disclaimer).toMatch(/not for diagnosis/);
    expect(JSON.parse(png.text.Comment).state).toBe(await fragmentOf(page));
    // The live frame is KL 2.5, not in the strip; the strip's KL 2 slot must differ from it and
    // from its neighbours (five different images, not one repeated).
    const slot = (i: number) =>
      Array.from({ length: frame.height }, (_, y) =>
        Array.from(png.pixels.subarray((4 + y) * png.width + 4 + i * (frame.width + 4)).subarray(0, frame.width)),
      ).flat();
    const slots = [0, 1, 2, 3, 4].map(slot);
    for (let i = 1; i < 5; i++) expect(slots[i]).not.toEqual(slots[i - 1]);
  });

  test('Export WebM: a VP9 WebM with one frame per step and its provenance tags', async ({ page }) => {
    // mediabunny may start helper workers from blob: URLs on some paths; the CSP forbids them.
    const violations: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
    page.on('request', (r) => requests.push(r.url()));
    await open(page);
    const exportWebm = button(page, 'Export WebM');
    await expect(exportWebm).toBeEnabled(); // Debian's Chromium has WebCodecs with VP9
    const started = Date.now();
    const video = await download(page, exportWebm);
    console.log(
      `WebM: ${video.bytes.length} bytes in ${Date.now() - started} ms (frames drawn and encoded); sha256 ${sha256(video.bytes)}`,
    );
    expect(Array.from(video.bytes.subarray(0, 4))).toEqual([0x1a, 0x45, 0xdf, 0xa3]); // EBML
    expect(video.name).toMatch(new RegExp(`^knee-oa-studio_SYNTHETIC_${MODEL}_.*progression-41f-loop-1x\\.webm$`));
    const read = await readWebm(video.bytes);
    expect(read.codec).toBe('vp9');
    expect(read.packets).toBe(41);
    expect(read.keyPackets).toBeGreaterThanOrEqual(1);
    const [size] = defaultManifest().resolution; // upscaled by the smallest integer that reaches 256
    expect([read.width, read.height]).toEqual(Array(2).fill(size * Math.max(1, Math.ceil(256 / size))));
    // Frame times follow the schedule: KL 0 held, then one step per 60 ms, KL 4 held to the end.
    expect(read.timestamps.slice(0, 3)).toEqual([0, (HOLD_FRAMES * BASE_DELAY_MS) / 1000, 0.66]);
    expect(read.durationS).toBeCloseTo((39 * BASE_DELAY_MS + 2 * HOLD_FRAMES * BASE_DELAY_MS) / 1000, 3);
    expect(read.title).toMatch(/synthetic/);
    expect(JSON.parse(read.comment!).state).toBe(await fragmentOf(page));

    expect(violations).toEqual([]);
    expect(requests.filter((url) => !/^(http:\/\/localhost:\d+\/|about:blank|blob:|data:)/.test(url))).toEqual([]);

    // Determinism: the same state, frames drawn afresh, encoded again.
    await open(page);
    const again = await download(page, button(page, 'Export WebM'));
    expect(Buffer.from(again.bytes).equals(Buffer.from(video.bytes))).toBe(true);
  });

  test('without WebCodecs the WebM button is disabled and says why', async ({ page }) => {
    await page.addInitScript(() => {
      delete (window as { VideoEncoder?: unknown }).VideoEncoder;
    });
    await open(page);
    await expect(button(page, 'Export WebM')).toBeDisabled();
    await expect(page.getByText(/no WebCodecs VideoEncoder/)).toBeVisible();
    await expect(button(page, 'Export GIF')).toBeEnabled();
  });

  test('Play shows the progression in the viewer; Pause and a slider move return to the live frame', async ({
    page,
  }) => {
    await open(page);
    const live = /^Generated knee radiograph, KL 2\.5 /;
    await expect(radiograph(page)).toHaveAttribute('aria-label', live);
    const readout = page.getByTestId('playing-kl');
    await expect(readout).toHaveText('live');

    await button(page, 'Play progression').click();
    await expect(button(page, 'Pause progression')).toBeVisible();
    const seen = new Set<string>();
    await expect
      .poll(
        async () => {
          // Read both in one go: the animation moves on between two separate reads.
          const [label, shown] = await page.evaluate(() => [
            document.querySelector('canvas[aria-label*="radiograph"]')!.getAttribute('aria-label')!,
            document.querySelector('[data-testid="playing-kl"]')!.textContent!.trim(),
          ]);
          const kl = /KL ([\d.]+)/.exec(label)![1];
          if (shown !== 'live') expect(shown).toBe(`KL ${kl}`); // the readout names the frame on screen
          seen.add(kl);
          return seen.size;
        },
        { intervals: [50], timeout: 20_000 },
      )
      .toBeGreaterThanOrEqual(5);
    expect(await page.evaluate(() => window.kneeStudio!.lastState()!.kl)).toBe(2.5); // the live state is untouched

    await button(page, 'Pause progression').click();
    await expect(radiograph(page)).toHaveAttribute('aria-label', live);
    await expect(readout).toHaveText('live');

    // Playing again, then moving the KL slider with the keyboard stops the animation.
    await button(page, 'Play progression').click();
    await expect(readout).not.toHaveText('live');
    await page.getByRole('slider', { name: 'KL grade' }).press('ArrowRight');
    await expect(button(page, 'Play progression')).toBeVisible();
    await expect(readout).toHaveText('live');
    await expect(radiograph(page)).toHaveAttribute('aria-label', /^Generated knee radiograph, KL 2\.55 /);
  });

  test('drawing the frames shows a progress bar whose Cancel stops it without a download', async ({ page }) => {
    // The plain-JavaScript backend is slow enough (about 0.3 s a frame) to see and cancel the job.
    await open(page, '?backend=cpu');
    await page.getByLabel('Frames').selectOption('81');
    let downloads = 0;
    page.on('download', () => downloads++);
    await button(page, 'Export GIF').click();
    const bar = page.getByRole('group', { name: 'Progression progress' });
    await expect(bar).toContainText(/Drawing progression frames: \d+ of 81/);
    await expect(bar.getByRole('progressbar')).toHaveAttribute('max', '81');
    await bar.getByRole('button', { name: 'Cancel progression' }).click();
    await expect(bar).toBeHidden();
    await expect(button(page, 'Export GIF')).toBeEnabled();
    await page.waitForTimeout(500);
    expect(downloads).toBe(0);
  });
});

test('screenshot of the progression bar mid-play', async ({ page }) => {
  test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to write docs/screenshot-progression.png');
  await open(page);
  await page.getByLabel('Playback').selectOption({ label: 'Bounce 0→4→0' });
  await page.getByLabel('Speed').selectOption({ label: '0.5×' });
  await button(page, 'Play progression').click();
  await expect(page.getByTestId('playing-kl')).toHaveText(/^KL 3\.[0-9]/, { timeout: 30_000 });
  await page.screenshot({ path: 'docs/screenshot-progression.png' });
});
