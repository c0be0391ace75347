import { expect, test, type Page } from '@playwright/test';
import { measureJsw, type CompartmentWidth } from '../core/measure/jsw';
import { defaultManifest, radiograph, waitForFrameWith } from './helpers';
import { setSlider, stage } from './viewer-helpers';

const [SIZE] = defaultManifest().resolution;
const px = (comp: CompartmentWidth) => `${comp.minWidth.toFixed(2)} px`;

/** Where the drawn caliper of one side is, relative to the image, in image pixels. */
async function drawnCaliper(page: Page, side: 'left' | 'right') {
  const canvas = (await radiograph(page).boundingBox())!;
  const scale = canvas.width / SIZE;
  const svg = (await page.locator('svg.annotations').boundingBox())!;
  const gauge = page.locator(`[data-side="${side}"] line.gauge`);
  const attr = async (name: string) => Number(await gauge.getAttribute(name));
  return {
    x: (svg.x + (await attr('x1')) - canvas.x) / scale - 0.5,
    yFemur: (svg.y + (await attr('y1')) - canvas.y) / scale - 0.5,
    width: ((await attr('y2')) - (await attr('y1'))) / scale,
  };
}

async function expectCaliperAt(page: Page, side: 'left' | 'right', comp: CompartmentWidth) {
  const drawn = await drawnCaliper(page, side);
  expect(drawn.x).toBeCloseTo(comp.x, 1);
  expect(drawn.yFemur).toBeCloseTo(comp.yFemur, 1);
  expect(drawn.width).toBeCloseTo(comp.minWidth, 1);
}

test.describe('measure joint-space width', () => {
  test('shows jsw.ts’s widths for the frame on screen, live as KL moves, with calipers on the image', async ({
    page,
  }) => {
    await page.goto('./#v1&s=42&kl=0');
    const kl0 = await waitForFrameWith(page, { seed: 42, kl: 0 });
    const measure = page.getByRole('button', { name: 'Measure JSW' });
    await expect(measure).toHaveAttribute('aria-pressed', 'false');
    await expect(page.getByTestId('jsw-readout')).toHaveCount(0);
    await measure.click();
    await expect(measure).toHaveAttribute('aria-pressed', 'true');

    // The same measurement, run here on the frame's pixels.
    const at0 = measureJsw(kl0.pixels, kl0.width, kl0.height);
    await expect(page.getByTestId('jsw-left')).toHaveText(px(at0.left));
    await expect(page.getByTestId('jsw-right')).toHaveText(px(at0.right));
    await expect(page.getByTestId('jsw-readout')).toContainText('Image left:');
    await expectCaliperAt(page, 'left', at0.left);
    await expectCaliperAt(page, 'right', at0.right);

    await setSlider(page, 'kl', 4);
    const kl4 = await waitForFrameWith(page, { seed: 42, kl: 4 });
    const at4 = measureJsw(kl4.pixels, kl4.width, kl4.height);
    expect([px(at4.left), px(at4.right)]).not.toEqual([px(at0.left), px(at0.right)]); // the grade did change it
    await expect(page.getByTestId('jsw-left')).toHaveText(px(at4.left));
    await expect(page.getByTestId('jsw-right')).toHaveText(px(at4.right));
    await expectCaliperAt(page, 'left', at4.left);

    // Its cost per frame, as the readout reports it, over a few more frames (logged for the README).
    const times: number[] = [];
    for (let kl = 3.5; kl >= 1; kl -= 0.5) {
      await setSlider(page, 'kl', kl);
      const frame = await waitForFrameWith(page, { seed: 42, kl });
      await expect(page.getByTestId('jsw-left')).toHaveText(px(measureJsw(frame.pixels, SIZE, SIZE).left));
      times.push(Number((await page.getByTestId('jsw-ms').textContent())!.match(/([\d.]+) ms/)![1]));
    }
    console.log(`measureJsw per frame in the app, ms: ${times.join(', ')}`);
    await setSlider(page, 'kl', 4);
    await waitForFrameWith(page, { seed: 42, kl: 4 });

    // The calipers follow zoom and pan.
    await stage(page).focus();
    await page.keyboard.press('+');
    await page.keyboard.press('ArrowLeft');
    await expectCaliperAt(page, 'left', at4.left);
    await expectCaliperAt(page, 'right', at4.right);
  });

  test('names compartments medial and lateral once the knee side is chosen', async ({ page }) => {
    await page.goto('./#v1&s=42&kl=2');
    const frame = await waitForFrameWith(page, { seed: 42, kl: 2 });
    await stage(page).focus();
    await page.keyboard.press('m'); // the shortcut
    const side = page.getByLabel('Knee side');
    await expect(side).toHaveValue('');
    const left = page.getByTestId('jsw-readout').getByRole('listitem').first();
    await expect(left).toHaveText(/^Image left:/);

    await side.selectOption({ label: 'Left knee' });
    const asLeft = measureJsw(frame.pixels, frame.width, frame.height, { side: 'L' });
    await expect(left).toHaveText(`Medial (image left): ${px(asLeft.medial!)}`);
    await expect(page.locator('[data-side="left"] text')).toHaveText(`Medial ${px(asLeft.medial!)}`);

    await side.selectOption({ label: 'Right knee' });
    const asRight = measureJsw(frame.pixels, frame.width, frame.height, { side: 'R' });
    await expect(left).toHaveText(`Lateral (image left): ${px(asRight.lateral!)}`);
    await expect(page.getByTestId('jsw-readout').getByRole('listitem').nth(1)).toHaveText(
      `Medial (image right): ${px(asRight.medial!)}`,
    );

    await page.getByRole('button', { name: 'Measure JSW' }).click();
    await expect(page.getByTestId('jsw-readout')).toHaveCount(0);
    await expect(page.getByTestId('jsw-overlay')).toHaveCount(0);
  });

  test('screenshot for the README', async ({ page }) => {
    test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to write docs/screenshot-measure.png');
    await page.goto('./#v1&s=42&kl=2.5&t=0.7');
    await waitForFrameWith(page, { seed: 42, kl: 2.5 });
    await page.getByRole('button', { name: 'Measure JSW' }).click();
    await page.getByLabel('Knee side').selectOption({ label: 'Left knee' });
    await expect(page.getByTestId('jsw-overlay')).toBeVisible();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur()); // no focus ring in the picture
    await page.screenshot({ path: 'docs/screenshot-measure.png' });
  });
});
