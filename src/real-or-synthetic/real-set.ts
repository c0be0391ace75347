// The real knees' index (real/index.json, written by training/knee_gan/real_set.py): checked
// field by field, because a build may ship none, an old one or a damaged one. Pure.

export const REAL_SET_FORMAT = 'knee-oa-studio/real-set@1';
/** What a deployer runs (from the project root) to add the real set before `npm run build`. */
export const PACK_COMMAND =
  'PYTHONPATH=training python3 -m knee_gan.real_set --data ../shared/data/knee-kl224 --out public/real --per-grade 24';

export interface RealImageEntry {
  /** Opaque (e.g. r017): says neither the grade nor the patient. */
  id: string;
  grade: number;
  file: string;
  sha256: string;
}

export interface RealSet {
  license: string;
  citation: string;
  images: RealImageEntry[];
}

export type RealSetParse = { ok: true; set: RealSet } | { ok: false; reason: string };

const ID = /^[A-Za-z0-9_-]{1,32}$/;
const FILE = /^[A-Za-z0-9_-]{1,64}\.png$/; // a plain name: never a path out of real/
const SHA256 = /^[0-9a-f]{64}$/;

function entryProblem(value: unknown, index: number): string | null {
  if (typeof value !== 'object' || value === null) return `image ${index + 1} is not an object`;
  const { id, grade, file, sha256 } = value as Record<string, unknown>;
  if (typeof id !== 'string' || !ID.test(id)) return `image ${index + 1} has no valid id`;
  if (!Number.isInteger(grade) || (grade as number) < 0 || (grade as number) > 4) return `image ${id} has no grade 0–4`;
  if (typeof file !== 'string' || !FILE.test(file)) return `image ${id} has no valid file name`;
  if (typeof sha256 !== 'string' || !SHA256.test(sha256)) return `image ${id} has no valid SHA-256`;
  return null;
}

export function parseRealSet(json: unknown): RealSetParse {
  if (typeof json !== 'object' || json === null) return { ok: false, reason: 'index.json is not an object' };
  const v = json as Record<string, unknown>;
  if (v.format !== REAL_SET_FORMAT) return { ok: false, reason: `index.json is not a real set (${REAL_SET_FORMAT})` };
  if (typeof v.license !== 'string' || !v.license.trim()) return { ok: false, reason: 'index.json names no licence' };
  if (typeof v.citation !== 'string' || !v.citation.trim())
    return { ok: false, reason: 'index.json names no citation' };
  if (!Array.isArray(v.images) || v.images.length === 0) return { ok: false, reason: 'index.json lists no images' };
  const ids = new Set<string>();
  for (const [i, entry] of v.images.entries()) {
    const problem = entryProblem(entry, i);
    if (problem) return { ok: false, reason: problem };
    const { id } = entry as RealImageEntry;
    if (ids.has(id)) return { ok: false, reason: `image id ${id} appears twice` };
    ids.add(id);
  }
  const images = (v.images as RealImageEntry[]).map(({ id, grade, file, sha256 }) => ({ id, grade, file, sha256 }));
  return { ok: true, set: { license: v.license, citation: v.citation, images } };
}
