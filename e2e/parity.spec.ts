import { expect, test } from '@playwright/test';
import type {} from '../src/app/debug-hook-types';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultModelDir, maxAbsDiff, modelIndex, waitForFrameWith } from './helpers';

// The browser must draw what PyTorch drew for the same state (reference.json), within 2/255.
interface Reference {
  shape: [number, number];
  states: { seed: number; kl: number; truncation: number; directions: Record<string, number> }[];
  pixels: string[];
}

const reference = JSON.parse(readFileSync(join(defaultModelDir(), 'reference.json'), 'utf8')) as Reference;
const model = modelIndex().default;

function fragment(state: Reference['states'][number]): string {
  const moved = Object.entries(state.directions).filter(([, v]) => v !== 0);
  const d = moved.length > 0 ? `&d=${moved.map(([id, v]) => `${id}:${v}`).join(',')}` : '';
  return `#v1&m=${model}&s=${state.seed}&kl=${state.kl}&t=${state.truncation}${d}`;
}

// Every backend this browser has. One page per backend: later states arrive as new fragments, so a
// software GPU compiles its shaders once.
for (const backend of ['wasm', 'webgl', 'webgpu', 'cpu'] as const) {
  test(`matches the PyTorch reference images within 2/255 (${backend})`, async ({ page }) => {
    for (const [i, state] of reference.states.entries()) {
      if (i === 0) await page.goto(`./?backend=${backend}${fragment(state)}`);
      else await page.evaluate((hash) => (location.hash = hash), fragment(state));
      const frame = await waitForFrameWith(page, { seed: state.seed, kl: state.kl, truncation: state.truncation });
      expect(await page.evaluate(() => window.kneeStudio!.backend())).toBe(backend);
      const expected = Buffer.from(reference.pixels[i], 'base64');
      expect(frame.pixels.length).toBe(expected.length);
      expect(maxAbsDiff(frame.pixels, expected), `state ${i}`).toBeLessThanOrEqual(2);
    }
  });
}
