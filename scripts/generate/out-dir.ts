// The output folder: refuses one that holds another model's (or other settings') images rather
// than mixing them, finds the images an earlier run already finished, and writes every file under
// a temporary name first, so a file that exists under its real name is complete.
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { DatasetOptions } from '../../core/dataset/plan';

/** What provenance.json says about the set (the part that decides an image's pixels). */
interface SetIdentity {
  model?: { id?: string; weightsSha256?: string | null };
  options?: Partial<DatasetOptions>;
}

const PNG_END = Uint8Array.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]); // IEND chunk
const PNG_START = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Writes `path` whole or not at all: a temporary name, then a rename. */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  writeFileSync(partial, data);
  renameSync(partial, path);
}

/** True when `path` is a PNG from signature to IEND (a copy cut short is drawn again). */
export function isCompletePng(path: string): boolean {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const size = statSync(path).size;
    if (size < PNG_START.length + PNG_END.length) return false;
    const start = new Uint8Array(PNG_START.length);
    const end = new Uint8Array(PNG_END.length);
    readSync(fd, start, 0, start.length, 0);
    readSync(fd, end, 0, end.length, size - end.length);
    return start.every((b, i) => b === PNG_START[i]) && end.every((b, i) => b === PNG_END[i]);
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

const nonZero = (directions: Record<string, number> | undefined) =>
  JSON.stringify(
    Object.entries(directions ?? {})
      .filter(([, v]) => v !== 0)
      .sort(([a], [b]) => a.localeCompare(b)),
  );

/** Why the images already in `dir` cannot be part of this set; null when they can (or there are none). */
export function outDirProblem(dir: string, provenanceJson: string): string | null {
  if (!existsSync(dir)) return null;
  if (!statSync(dir).isDirectory()) return `${dir} exists and is not a folder`;
  if (readdirSync(dir).length === 0) return null;
  const marker = join(dir, 'provenance.json');
  if (!existsSync(marker))
    return `${dir} is not empty and has no provenance.json, so it is not a dataset of this generator; choose an empty or new folder`;
  let old: SetIdentity;
  try {
    old = JSON.parse(readFileSync(marker, 'utf8')) as SetIdentity;
  } catch {
    return `${marker} is not valid JSON; choose an empty or new folder`;
  }
  const now = JSON.parse(provenanceJson) as SetIdentity;
  const short = (sha: string | null | undefined) => (sha ? `${sha.slice(0, 8)}…` : 'unknown');
  const refuse = (what: string) => `${dir} already holds images ${what}; they would be mixed: choose another folder`;
  if (old.model?.id !== now.model?.id || old.model?.weightsSha256 !== now.model?.weightsSha256)
    return refuse(
      `of model "${old.model?.id}" (weights ${short(old.model?.weightsSha256)}), not "${now.model?.id}" (weights ${short(now.model?.weightsSha256)})`,
    );
  // The same file name stands for the same pixels only with the same truncation and directions.
  if (old.options?.truncation !== now.options?.truncation)
    return refuse(`drawn with truncation ${old.options?.truncation}, not ${now.options?.truncation}`);
  if (nonZero(old.options?.directions) !== nonZero(now.options?.directions))
    return refuse(`drawn with directions ${nonZero(old.options?.directions)}, not ${nonZero(now.options?.directions)}`);
  return null;
}
