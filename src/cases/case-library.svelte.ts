// The saved cases on this device (IndexedDB through idb-keyval). Every change is written at once;
// a failed write is reported and the list on screen is put back as it was stored.
import { get, set } from 'idb-keyval';
import { SYNTHETIC_NOTICE } from '../../core/formats/provenance';
import {
  MAX_CASES,
  caseOf,
  casesFileOf,
  cleanName,
  mergeCases,
  parseCasesFile,
  uniqueName,
  type SavedCase,
} from '../../core/state/cases';
import type { ShareState } from '../../core/state/fragment';

const STORE_KEY = 'saved-cases';

const newId = () => crypto.randomUUID();

export class CaseLibrary {
  cases = $state.raw<SavedCase[]>([]);
  /** What the last action did or why it failed, for a live region. */
  message = $state<string | null>(null);
  loaded = $state(false);
  /** The last deleted case, until it is restored or another is deleted. */
  lastDeleted = $state.raw<{ item: SavedCase; index: number } | null>(null);

  async load(): Promise<void> {
    try {
      const stored: unknown = await get(STORE_KEY);
      // The device's storage may hold anything (another version, another tab): keep only sound cases.
      this.cases = Array.isArray(stored) ? stored.filter(isSavedCase) : [];
    } catch (error) {
      this.message = `Saved cases are unavailable on this device: ${describe(error)}`;
    }
    this.loaded = true;
  }

  private async write(next: SavedCase[], done: string): Promise<boolean> {
    const before = this.cases;
    this.cases = next;
    try {
      await set(STORE_KEY, next);
      this.message = done;
      return true;
    } catch (error) {
      this.cases = before;
      this.message = `Could not save on this device: ${describe(error)}`;
      return false;
    }
  }

  save(name: string, state: ShareState): Promise<boolean> {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a timestamp, not state
    const item = caseOf(newId(), name, state, new Date());
    item.name = uniqueName(
      item.name,
      this.cases.map((c) => c.name),
    );
    return this.write([...this.cases, item], `Saved "${item.name}".`);
  }

  rename(id: string, name: string): Promise<boolean> {
    const cleaned = cleanName(name);
    const item = this.cases.find((c) => c.id === id);
    if (!item) return Promise.resolve(false);
    if (cleaned === null) {
      this.message = 'A case needs a name; kept the old one.';
      return Promise.resolve(false);
    }
    if (cleaned === item.name) return Promise.resolve(true);
    const unique = uniqueName(
      cleaned,
      this.cases.filter((c) => c.id !== id).map((c) => c.name),
    );
    return this.write(
      this.cases.map((c) => (c.id === id ? { ...c, name: unique } : c)),
      `Renamed "${item.name}" to "${unique}".`,
    );
  }

  async remove(id: string): Promise<void> {
    const index = this.cases.findIndex((c) => c.id === id);
    if (index < 0) return;
    const item = this.cases[index];
    if (
      await this.write(
        this.cases.filter((c) => c.id !== id),
        `Deleted "${item.name}".`,
      )
    )
      this.lastDeleted = { item, index };
  }

  async undoDelete(): Promise<void> {
    const deleted = this.lastDeleted;
    if (!deleted) return;
    const next = [...this.cases];
    next.splice(Math.min(deleted.index, next.length), 0, deleted.item);
    if (await this.write(next, `Restored "${deleted.item.name}".`)) this.lastDeleted = null;
  }

  /** The JSON text of every case, for a file. */
  exportText(): string {
    return JSON.stringify(casesFileOf(this.cases, SYNTHETIC_NOTICE), null, 2) + '\n';
  }

  refuse(fileName: string, reason: string): void {
    this.message = `Could not import ${fileName}: ${reason}. Your saved cases are unchanged.`;
  }

  /** Adds the cases of a file; a file that is not a cases file changes nothing. */
  async importText(text: string, fileName: string): Promise<void> {
    // Before load() the list is not yet the stored one: writing it would drop the stored cases.
    if (!this.loaded) return this.refuse(fileName, 'saved cases are still loading');
    const parsed = parseCasesFile(text);
    if (!parsed.ok) return this.refuse(fileName, parsed.error);
    const merged = mergeCases(this.cases, parsed.cases, newId);
    if (merged.cases.length > MAX_CASES)
      return this.refuse(fileName, `it would make more than ${MAX_CASES} saved cases`);
    const parts = [`Imported ${merged.added} case${merged.added === 1 ? '' : 's'} from ${fileName}`];
    if (merged.duplicates > 0) parts.push(`${merged.duplicates} already saved`);
    if (parsed.problems.length > 0)
      parts.push(`skipped ${parsed.problems.length}: ${parsed.problems.slice(0, 3).join('; ')}`);
    await this.write(merged.cases, `${parts.join('; ')}.`);
  }
}

function isSavedCase(value: unknown): value is SavedCase {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return [c.id, c.name, c.link, c.savedAt].every((field) => typeof field === 'string');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
