// Saved cases: named editor states kept on the device, and the JSON file they are exported to and
// imported from. Pure: validation of untrusted files, unique names, merging. A case stores its
// state as a share-link fragment, so opening a case is opening a link (same checks, same messages).
import { decodeFragment, encodeFragment, type ShareState } from './fragment';

export const CASES_FORMAT = 'knee-oa-studio/cases@1';
export const MAX_NAME_LENGTH = 120;
/** A cases file bigger than this is refused before parsing. */
export const MAX_CASES_FILE_BYTES = 2_000_000;
export const MAX_CASES = 2000;

export interface SavedCase {
  id: string;
  name: string;
  /** The state as a v1 share fragment, without '#'. */
  link: string;
  /** ISO 8601 time of saving. */
  savedAt: string;
}

export interface CasesFile {
  format: typeof CASES_FORMAT;
  notice: string;
  cases: Omit<SavedCase, 'id'>[];
}

export function caseOf(id: string, name: string, state: ShareState, savedAt: Date): SavedCase {
  return { id, name: cleanName(name) ?? 'Untitled case', link: encodeFragment(state), savedAt: savedAt.toISOString() };
}

/** Trimmed, single-line, length-capped name; null when nothing is left. */
export function cleanName(name: string): string | null {
  const cleaned = name.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_LENGTH);
  return cleaned === '' ? null : cleaned;
}

/** `name`, or `name (2)`, `name (3)`… so that no two cases share a name. */
export function uniqueName(name: string, taken: Iterable<string>): string {
  const names = new Set(taken);
  if (!names.has(name)) return name;
  for (let n = 2; ; n++) if (!names.has(`${name} (${n})`)) return `${name} (${n})`;
}

export function casesFileOf(cases: SavedCase[], notice: string): CasesFile {
  return { format: CASES_FORMAT, notice, cases: cases.map(({ name, link, savedAt }) => ({ name, link, savedAt })) };
}

export type ParsedCases =
  { ok: true; cases: Omit<SavedCase, 'id'>[]; problems: string[] } | { ok: false; error: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads a cases file: the whole file is refused if it is not one; single bad cases are skipped and named. */
export function parseCasesFile(text: string): ParsedCases {
  if (text.length > MAX_CASES_FILE_BYTES) return { ok: false, error: 'the file is too large to be a cases file' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'the file is not JSON' };
  }
  if (!isRecord(json) || json.format !== CASES_FORMAT)
    return { ok: false, error: `the file is not a Knee OA Studio cases file (format "${CASES_FORMAT}")` };
  if (!Array.isArray(json.cases)) return { ok: false, error: 'the file has no list of cases' };
  if (json.cases.length > MAX_CASES) return { ok: false, error: `the file has more than ${MAX_CASES} cases` };
  const cases: Omit<SavedCase, 'id'>[] = [];
  const problems: string[] = [];
  json.cases.forEach((item: unknown, index) => {
    const problem = caseProblem(item);
    if (problem) problems.push(`case ${index + 1} ${problem}`);
    else {
      const { name, link, savedAt } = item as Omit<SavedCase, 'id'>;
      cases.push({ name: cleanName(name)!, link: link.replace(/^#/, ''), savedAt });
    }
  });
  return { ok: true, cases, problems };
}

function caseProblem(item: unknown): string | null {
  if (!isRecord(item)) return 'is not an object';
  if (typeof item.name !== 'string' || cleanName(item.name) === null) return 'has no name';
  if (typeof item.link !== 'string') return `("${cleanName(item.name)}") has no link`;
  const decoded = decodeFragment(item.link);
  if (!decoded.ok) return `("${cleanName(item.name)}") has a bad link: ${decoded.error}`;
  if (decoded.problems.length > 0) return `("${cleanName(item.name)}") has a bad link: ${decoded.problems[0]}`;
  if (decoded.state.model === undefined || decoded.state.seed === undefined)
    return `("${cleanName(item.name)}") has a link without a model and seed`;
  if (typeof item.savedAt !== 'string' || Number.isNaN(Date.parse(item.savedAt)))
    return `("${cleanName(item.name)}") has no valid savedAt time`;
  return null;
}

/**
 * Adds imported cases to `existing`, never replacing one: a case identical to an existing one
 * (name and link) is skipped, a new case with a taken name gets a "(2)" suffix.
 */
export function mergeCases(
  existing: SavedCase[],
  imported: Omit<SavedCase, 'id'>[],
  newId: () => string,
): { cases: SavedCase[]; added: number; duplicates: number } {
  const cases = [...existing];
  let added = 0;
  let duplicates = 0;
  for (const item of imported) {
    if (cases.some((c) => c.name === item.name && c.link === item.link)) {
      duplicates++;
      continue;
    }
    cases.push({
      ...item,
      id: newId(),
      name: uniqueName(
        item.name,
        cases.map((c) => c.name),
      ),
    });
    added++;
  }
  return { cases, added, duplicates };
}
