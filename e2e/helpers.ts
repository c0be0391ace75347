import type {} from '../src/app/debug-hook-types'; // window.kneeStudio
import { expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isOwnWeights } from '../core/state/package-files';

export interface ModelIndex {
  default: string;
  models: { id: string; name: string; path: string }[];
}

const MODELS = join(import.meta.dirname, '..', 'public', 'models');

export function modelIndex(): ModelIndex {
  return JSON.parse(readFileSync(join(MODELS, 'index.json'), 'utf8')) as ModelIndex;
}

export function modelDir(id: string): string {
  const entry = modelIndex().models.find((m) => m.id === id);
  if (!entry) throw new Error(`public/models/index.json lists no model ${id}`);
  return join(MODELS, entry.path);
}

export function defaultModelDir(): string {
  return modelDir(modelIndex().default);
}

export interface ManifestSummary {
  id: string;
  name: string;
  resolution: [number, number];
  files: { path: string; sha256: string; bytes: number }[];
  weights: { manifest: { paths: string[] }[] };
  conditions: { id: string; default: number }[];
  directions: { id: string; label: string; kind: string }[];
}

export function defaultManifest(): ManifestSummary {
  return manifestOf(modelIndex().default);
}

export function manifestOf(id: string): ManifestSummary {
  return JSON.parse(readFileSync(join(modelDir(id), 'manifest.json'), 'utf8')) as ManifestSummary;
}

/** The weights prefix (w=) that links to the default model carry. */
export function defaultWeightsPrefix(): string {
  return defaultWeightsSha256().slice(0, 8);
}

/** The SHA-256 of the default model's own weights file (a shared one names another model). */
export function defaultWeightsSha256(): string {
  return defaultManifest().files.find((f) => isOwnWeights(f.path))!.sha256;
}

export function defaultKl(): number {
  return defaultManifest().conditions.find((c) => c.id === 'kl')!.default;
}

export function radiograph(page: Page) {
  return page.getByRole('img', { name: /radiograph/ });
}

/** Waits until the app shows at least `count` frames and returns the last one's pixels. */
export async function waitForFrame(page: Page, count = 1) {
  await expect
    .poll(() => page.evaluate(() => window.kneeStudio?.frameCount() ?? 0), { timeout: 90_000 })
    .toBeGreaterThanOrEqual(count);
  return lastFrame(page);
}

export async function lastFrame(page: Page) {
  const frame = await page.evaluate(() => window.kneeStudio!.lastFrame());
  if (!frame) throw new Error('no frame');
  return frame;
}

/** Waits for a frame whose state has these values, e.g. after a slider moved. */
export async function waitForFrameWith(
  page: Page,
  expected: { seed?: number; kl?: number; truncation?: number; model?: string },
) {
  await page.waitForFunction(
    (want) => {
      const state = window.kneeStudio?.lastState() as Record<string, unknown> | null | undefined;
      return state != null && Object.entries(want).every(([key, value]) => state[key] === value);
    },
    expected,
    { timeout: 90_000 },
  );
  return lastFrame(page);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

export function meanAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

export function standardDeviation(values: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i];
  mean /= values.length;
  let variance = 0;
  for (let i = 0; i < values.length; i++) variance += (values[i] - mean) ** 2;
  return Math.sqrt(variance / values.length);
}
