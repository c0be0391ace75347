// A stand-in for the real set in end-to-end tests: knee-like grey images made here (no patient
// data, and tests never read ../shared), written into a copy of the build as real/index.json and
// PNGs the way training/knee_gan/real_set.py writes them.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeServiceWorker } from '../build/service-worker-plugin.ts';
import { encodeGreyPng } from '../core/formats/png';
import { REAL_SET_FORMAT } from '../src/real-or-synthetic/real-set';

export const FIXTURE_LICENSE = 'Test fixture: images made by the end-to-end test, no licence needed';
export const FIXTURE_CITATION = 'Knee-like grey test images made by e2e/real-set-fixture.ts (not radiographs).';
export const PER_GRADE = 3;
const SIZE = 224; // the real set's native size, so the app has to resize it

/** Bright bone above and below a dark joint gap that narrows with the grade, plus some texture. */
function kneeLike(grade: number, n: number): Uint8Array {
  const pixels = new Uint8Array(SIZE * SIZE);
  const gap = SIZE * (0.12 - 0.02 * grade);
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) {
      const base = Math.abs(y - SIZE / 2) < gap / 2 ? 40 : 170 + 30 * Math.sin((x + 11 * n) / 17);
      pixels[y * SIZE + x] = Math.max(0, Math.min(255, Math.round(base + (((x * 31 + y * 17 + n * 7) % 29) - 14))));
    }
  return pixels;
}

export interface FixtureImage {
  id: string;
  grade: number;
}

function writeFixtureSet(folder: string): FixtureImage[] {
  mkdirSync(folder, { recursive: true });
  const images = [];
  for (let i = 0; i < 5 * PER_GRADE; i++) {
    const id = `r${String(i + 1).padStart(3, '0')}`;
    const grade = (i * 2) % 5; // not in grade order, as in the real set
    const png = encodeGreyPng(kneeLike(grade, i), SIZE, SIZE);
    writeFileSync(join(folder, `${id}.png`), png);
    images.push({ id, grade, file: `${id}.png`, sha256: createHash('sha256').update(png).digest('hex') });
  }
  const index = {
    format: REAL_SET_FORMAT,
    license: FIXTURE_LICENSE,
    citation: FIXTURE_CITATION,
    size: [SIZE, SIZE],
    images,
  };
  writeFileSync(join(folder, 'index.json'), JSON.stringify(index, null, 1));
  return images.map(({ id, grade }) => ({ id, grade }));
}

/**
 * A copy of `dist` with the fixture real set (or, with `realSet` false, none at all) and a
 * service worker that precaches exactly what the copy holds, as a build would.
 */
export function buildCopy(dist: string, realSet: boolean): { dir: string; images: FixtureImage[] } {
  const dir = join(mkdtempSync(join(tmpdir(), 'knee-oa-studio-real-set-')), 'dist');
  cpSync(dist, dir, { recursive: true });
  rmSync(join(dir, 'real'), { recursive: true, force: true }); // a set packed locally is not the fixture
  const images = realSet ? writeFixtureSet(join(dir, 'real')) : [];
  writeServiceWorker(dir);
  return { dir, images };
}
