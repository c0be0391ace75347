import type {} from '../src/app/debug-hook-types'; // window.kneeStudio
import { expect, test } from '@playwright/test';
import {
  defaultKl,
  defaultManifest,
  lastFrame,
  maxAbsDiff,
  meanAbsDiff,
  radiograph,
  standardDeviation,
  waitForFrame,
  waitForFrameWith,
} from './helpers';

test.describe('the editor', () => {
  test('the first image appears, with backend and model in the status line', async ({ page }) => {
    await page.goto('./');
    await expect(radiograph(page)).toBeVisible();
    const frame = await waitForFrame(page);
    expect(frame.pixels.length).toBe(frame.width * frame.height);
    expect(standardDeviation(frame.pixels)).toBeGreaterThan(10); // a picture, not a flat field
    await expect(page.getByTestId('backend')).toHaveText(/WebGPU|WebGL|wasm|cpu/);
    await expect(page.getByTestId('frame-time')).toHaveText(/first frame \d+ ms \(with warm-up\)/);
    await expect(radiograph(page)).toHaveAttribute(
      'aria-label',
      new RegExp(`^Generated knee radiograph, KL ${defaultKl()} \\(\\w+\\), seed 42$`),
    );
    // The canvas shows the generator's pixels unchanged at the default window.
    const canvasGrey = await radiograph(page).evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      return Array.from({ length: data.length / 4 }, (_, i) => data[4 * i]);
    });
    expect(maxAbsDiff(canvasGrey, frame.pixels)).toBe(0);
    // After the warm-up frame the status line shows the running average.
    await page.evaluate(() => window.kneeStudio!.show({ kl: 1 }));
    await expect(page.getByTestId('frame-time')).toHaveText(/^\s*\d+(\.\d)? ms per frame\s*$/);
  });

  test('dragging KL changes the same knee and updates the link; the link reproduces the pixels', async ({
    page,
    context,
  }) => {
    await page.goto('./');
    const before = await waitForFrame(page);
    const slider = page.getByRole('slider', { name: 'KL grade' });
    const box = (await slider.boundingBox())!;
    await page.mouse.move(box.x + 4, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++)
      await page.mouse.move(box.x + 4 + (i / 10) * (box.width * 0.62), box.y + box.height / 2);
    await page.mouse.up();
    const kl = Number(await slider.inputValue());
    expect(kl).toBeGreaterThan(2);
    expect(kl).toBeLessThan(3);
    await expect(page).toHaveURL(new RegExp(`#v1&m=[a-z0-9-]+&w=[0-9a-f]{8}&s=42&kl=${kl}&t=`));
    const after = await waitForFrameWith(page, { kl, seed: 42 });
    const change = meanAbsDiff(before.pixels, after.pixels);
    expect(change).toBeGreaterThan(0.5); // the grade changed the image…
    expect(change).toBeLessThan(40); // …but it is the same knee, not a new one

    const link = page.url();
    const other = await context.newPage();
    await other.goto(link);
    const reopened = await waitForFrameWith(other, { kl, seed: 42 });
    expect(maxAbsDiff(reopened.pixels, after.pixels)).toBe(0);
    await expect(other.getByRole('slider', { name: 'KL grade' })).toHaveValue(String(kl));
  });

  test('a long drag still ends with the right link (history writes are throttled)', async ({ page }) => {
    await page.goto('./');
    await waitForFrame(page);
    await page.evaluate(async () => {
      const slider = document.getElementById('kl') as HTMLInputElement;
      for (let i = 0; i < 300; i++) {
        slider.value = String(Math.round((2 + 1.5 * Math.sin(i / 10)) * 20) / 20);
        slider.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((r) => setTimeout(r, 16));
      }
      slider.value = '3.55';
      slider.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await expect(page).toHaveURL(/&kl=3\.55&/);
    await waitForFrameWith(page, { kl: 3.55 });
  });

  test('Copy link copies a link that reproduces the image', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('./#v1&s=9&kl=3.25');
    const shown = await waitForFrameWith(page, { seed: 9, kl: 3.25 });
    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect(page.getByText('Link copied.')).toBeVisible();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(/\/sub\/path\/#v1&m=[a-z0-9-]+&w=[0-9a-f]{8}&s=9&kl=3\.25&t=/);
    const other = await context.newPage();
    await other.goto(link);
    const reopened = await waitForFrameWith(other, { seed: 9, kl: 3.25 });
    expect(maxAbsDiff(reopened.pixels, shown.pixels)).toBe(0);
  });

  test('every control works from the keyboard', async ({ page }) => {
    await page.goto('./');
    await waitForFrame(page);
    const kl = page.getByRole('slider', { name: 'KL grade' });
    await kl.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const moved = Math.round((defaultKl() + 0.1) * 100) / 100;
    await expect(kl).toHaveValue(String(moved));
    await waitForFrameWith(page, { kl: moved });

    await page.getByRole('textbox', { name: 'Seed' }).fill('7');
    await page.keyboard.press('Enter');
    await waitForFrameWith(page, { seed: 7 });
    await expect(page).toHaveURL(/&s=7&/);

    await page.getByRole('button', { name: 'New knee' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await lastFrame(page)).state.seed).not.toBe(7);

    const directionLabels = defaultManifest().directions.map((d) => d.label);
    for (const name of [...directionLabels, 'Truncation']) {
      const slider = page.getByRole('slider', { name });
      await expect(slider).toBeVisible();
      const value = await slider.inputValue();
      await slider.focus();
      await page.keyboard.press('ArrowRight');
      await expect(slider).not.toHaveValue(value);
    }
    await page.getByRole('button', { name: 'Reset sliders' }).press('Enter');
    await expect(kl).toHaveValue(String(defaultKl()));
    for (const name of directionLabels) await expect(page.getByRole('slider', { name })).toHaveValue('0');

    // Viewer: focus the image area, zoom with +, invert with i.
    const zoom = await page.getByTestId('zoom').textContent();
    await page.getByRole('group', { name: /Radiograph view/ }).focus();
    await page.keyboard.press('+');
    await expect(page.getByTestId('zoom')).not.toHaveText(zoom!);
    await page.keyboard.press('i');
    await expect(page.getByRole('button', { name: 'Invert' })).toHaveAttribute('aria-pressed', 'true');
  });

  test('the tensor count stays flat while drawing', async ({ page }) => {
    await page.goto('./');
    await waitForFrame(page);
    const before = await page.evaluate(() => window.kneeStudio!.numTensors());
    for (const kl of [0.5, 1.5, 3.5, 4]) await page.evaluate((k) => window.kneeStudio!.show({ kl: k }), kl);
    await expect.poll(() => page.evaluate(() => window.kneeStudio!.busy())).toBe(false);
    expect(await page.evaluate(() => window.kneeStudio!.numTensors())).toBe(before);
  });

  test('window/level and invert change the screen, not the generated pixels', async ({ page }) => {
    await page.goto('./');
    const frame = await waitForFrame(page);
    await page.getByRole('button', { name: 'Invert' }).click();
    const grey = await radiograph(page).evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      return Array.from({ length: data.length / 4 }, (_, i) => data[4 * i]);
    });
    expect(
      maxAbsDiff(
        grey,
        frame.pixels.map((v: number) => 255 - v),
      ),
    ).toBe(0);
    expect(maxAbsDiff((await lastFrame(page)).pixels, frame.pixels)).toBe(0);
  });

  test('the display is smooth when zoomed in by default and can show pixel blocks; the pixels stay the same', async ({
    page,
  }) => {
    await page.goto('./');
    const frame = await waitForFrame(page);
    const canvas = radiograph(page);
    const rendering = () => canvas.evaluate((el) => getComputedStyle(el).imageRendering);
    const bitmap = () =>
      canvas.evaluate((el: HTMLCanvasElement) =>
        Array.from(
          el
            .getContext('2d')!
            .getImageData(0, 0, el.width, el.height)
            .data.filter((_, i) => i % 4 === 0),
        ),
      );
    expect(await rendering()).toBe('auto');
    const display = page.getByLabel('Display');
    await expect(display).toHaveValue('smooth');
    const smooth = await canvas.screenshot();
    await display.selectOption('pixels');
    expect(await rendering()).toBe('pixelated');
    const blocks = await canvas.screenshot();
    // The screen differs (the image is shown scaled up) ...
    expect(Buffer.compare(smooth, blocks)).not.toBe(0);
    // ... the drawn bitmap and the generator's pixels do not.
    expect(maxAbsDiff(await bitmap(), frame.pixels)).toBe(0);
    expect(maxAbsDiff((await lastFrame(page)).pixels, frame.pixels)).toBe(0);
    await display.selectOption('smooth');
    expect(await rendering()).toBe('auto');
  });

  test('the sliders come from the manifest: KL with named ticks, every direction, truncation', async ({ page }) => {
    await page.goto('./');
    await waitForFrame(page);
    const manifest = defaultManifest();
    await expect(page.getByRole('slider', { name: 'KL grade' })).toHaveAttribute(
      'aria-valuetext',
      /Minimal|Doubtful|None|Moderate|Severe/,
    );
    for (const tick of ['None', 'Doubtful', 'Minimal', 'Moderate', 'Severe'])
      await expect(page.getByText(tick, { exact: true })).toBeVisible();
    for (const direction of manifest.directions)
      await expect(page.getByRole('slider', { name: direction.label })).toBeVisible();
    // KL, the directions, truncation, and the viewer's level and window.
    await expect(page.getByRole('slider')).toHaveCount(manifest.directions.length + 4);
  });
});
