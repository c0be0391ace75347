import { expect, test } from '@playwright/test';
import { maxAbsDiff, radiograph, waitForFrameWith } from './helpers';
import { canvasGrey, columns, expectedDifference, heatRgba, setSlider, stage } from './viewer-helpers';

const START = './#v1&s=42&kl=0';

test.describe('compare with a pinned image', () => {
  test('Difference shows where KL 0 → 4 changed the pixels, and nothing for the same state', async ({ page }) => {
    await page.goto(START);
    const a = await waitForFrameWith(page, { seed: 42, kl: 0 });
    const compareMode = page.getByRole('combobox', { name: 'Compare mode' });
    await expect(compareMode).toBeDisabled(); // nothing pinned yet
    await page.getByRole('button', { name: 'Pin as A' }).click();
    await expect(compareMode).toBeEnabled();

    await setSlider(page, 'kl', 4);
    const b = await waitForFrameWith(page, { seed: 42, kl: 4 });
    await compareMode.selectOption({ label: 'Difference' });

    // The numbers, against |B − A| computed here from the two frames' pixels.
    const threshold = Number(await page.getByRole('slider', { name: 'Heat threshold' }).inputValue());
    expect(threshold).toBeGreaterThan(0);
    const expected = expectedDifference(a.pixels, b.pixels, threshold);
    expect(expected.changed).toBeGreaterThan(0);
    const stats = page.getByTestId('difference-stats');
    await expect(stats).toContainText(
      `(${expected.changed.toLocaleString('en')} of ${a.pixels.length.toLocaleString('en')})`,
    );
    await expect(stats).toContainText(`max |Δ| ${expected.max}`);
    await expect(stats).toContainText(`${((100 * expected.changed) / a.pixels.length).toFixed(2)}% of pixels`);

    // The heat map colours exactly the changed pixels, red where the change is largest.
    const heat = await heatRgba(page);
    const shown = heat.filter((_, i) => i % 4 === 3 && heat[i] > 0).length;
    expect(shown).toBe(expected.changed);
    const largest = a.pixels.findIndex((v, i) => Math.abs(v - b.pixels[i]) === expected.max);
    expect(heat.slice(4 * largest, 4 * largest + 4)).toEqual([255, 0, 0, 255]);
    // Under the heat map the canvas shows B, and the captions name both states.
    expect(maxAbsDiff((await canvasGrey(page)).grey, b.pixels)).toBe(0);
    await expect(page.getByTestId('caption-b')).toContainText('B: KL 4.00, seed 42');
    await expect(page.getByTestId('caption-b')).toContainText('A: KL 0.00, seed 42');
    await expect(page.getByTestId('difference-legend')).toBeVisible();

    // A lower threshold counts more pixels.
    await page.getByRole('slider', { name: 'Heat threshold' }).focus();
    await page.keyboard.press('Home');
    const any = expectedDifference(a.pixels, b.pixels, 0);
    await expect(stats).toContainText(
      `(${any.changed.toLocaleString('en')} of ${a.pixels.length.toLocaleString('en')})`,
    );

    // Back to A's state: the same pixels, so no difference at all.
    await setSlider(page, 'kl', 0);
    const again = await waitForFrameWith(page, { seed: 42, kl: 0 });
    expect(maxAbsDiff(again.pixels, a.pixels)).toBe(0);
    await expect(stats).toContainText(
      `0.00% of pixels changed by more than 0 grey levels (0 of ${a.pixels.length.toLocaleString('en')}) · max |Δ| 0`,
    );
    await expect.poll(async () => (await heatRgba(page)).some((v) => v !== 0)).toBe(false);
  });

  test('side by side shows A left and B right; swipe moves its divider by keyboard', async ({ page }) => {
    await page.goto(START);
    const a = await waitForFrameWith(page, { seed: 42, kl: 0 });
    // The P shortcut on the focused view pins, and goes straight to side by side.
    await stage(page).focus();
    await page.keyboard.press('p');
    const compareMode = page.getByRole('combobox', { name: 'Compare mode' });
    await expect(compareMode).toHaveValue('side-by-side');
    await setSlider(page, 'kl', 4);
    const b = await waitForFrameWith(page, { seed: 42, kl: 4 });
    const n = a.width; // the model's resolution

    await expect.poll(async () => (await canvasGrey(page)).width).toBe(2 * a.width);
    await expect
      .poll(async () => maxAbsDiff(columns((await canvasGrey(page)).grey, 2 * n, n, 2 * n), b.pixels))
      .toBe(0);
    let shown = await canvasGrey(page);
    expect(maxAbsDiff(columns(shown.grey, 2 * n, 0, n), a.pixels)).toBe(0);
    await expect(page.getByTestId('caption-a')).toHaveText('A: KL 0.00, seed 42');
    await expect(page.getByTestId('caption-b')).toHaveText('B: KL 4.00, seed 42');
    await expect(radiograph(page)).toHaveAttribute('aria-label', /on the left the pinned image A, KL 0\.00, seed 42$/);

    // Window/level still applies to both grey images.
    await page.getByRole('button', { name: 'Invert' }).click();
    shown = await canvasGrey(page);
    expect(
      maxAbsDiff(
        columns(shown.grey, 2 * n, 0, n),
        a.pixels.map((v) => 255 - v),
      ),
    ).toBe(0);
    expect(
      maxAbsDiff(
        columns(shown.grey, 2 * n, n, 2 * n),
        b.pixels.map((v) => 255 - v),
      ),
    ).toBe(0);
    await page.getByRole('button', { name: 'Invert' }).click();

    // Swipe: A left of the divider (50 % = column n / 2), B from it on.
    await compareMode.selectOption({ label: 'Swipe' });
    await expect.poll(async () => (await canvasGrey(page)).width).toBe(a.width);
    const swipeAt = async (column: number) => {
      const grey = (await canvasGrey(page)).grey;
      return (
        maxAbsDiff(columns(grey, n, 0, column), columns(a.pixels, n, 0, column)) +
        maxAbsDiff(columns(grey, n, column, n), columns(b.pixels, n, column, n))
      );
    };
    expect(await swipeAt(n / 2)).toBe(0);
    const position = page.getByRole('slider', { name: 'Swipe position' });
    await position.focus();
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    await expect(position).toHaveValue('60');
    expect(await swipeAt(Math.round(0.6 * n))).toBe(0);
    await page.keyboard.press('Home');
    expect(await swipeAt(0)).toBe(0); // all B
    // The ] shortcut on the view moves it too.
    await stage(page).focus();
    await page.keyboard.press(']');
    await expect(position).toHaveValue('5');
    expect(await swipeAt(Math.round(0.05 * n))).toBe(0);

    // Clear pin: back to B alone.
    await page.getByRole('button', { name: 'Clear pin' }).click();
    await expect(compareMode).toBeDisabled();
    expect(maxAbsDiff((await canvasGrey(page)).grey, b.pixels)).toBe(0);
    await expect(page.getByTestId('caption-a')).toHaveCount(0);
  });

  test('screenshot for the README', async ({ page }) => {
    test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to write docs/screenshot-compare.png');
    await page.goto('./#v1&s=42&kl=1&t=0.7');
    await waitForFrameWith(page, { seed: 42, kl: 1 });
    await page.getByRole('button', { name: 'Pin as A' }).click();
    await setSlider(page, 'direction-osteophytes', 10); // most of the slider's range (about −12 to +14)
    await page.waitForFunction(() => (window.kneeStudio!.lastState()!.directions.osteophytes ?? 0) > 9);
    await page.getByRole('combobox', { name: 'Compare mode' }).selectOption({ label: 'Difference' });
    // A higher threshold than the default keeps the edit's faint overall shimmer out of the picture.
    await page.getByRole('slider', { name: 'Heat threshold' }).focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('difference-stats')).toContainText('by more than 8 grey levels');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur()); // no focus ring in the picture
    await page.screenshot({ path: 'docs/screenshot-compare.png' });
  });
});
