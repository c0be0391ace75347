// What the class study says about its files: the export's file name and the message after an
// import. Pure.
import { recordKey, type AnswerRecord } from './results-csv';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** e.g. knee-oa-studio_real-or-synthetic_results_P1_2026-11-25.csv (the code when there is one). */
export function resultsFileName(records: readonly AnswerRecord[], now: Date): string {
  const codes = new Set(records.map((r) => r.participant.trim()));
  const [only] = codes;
  const who = codes.size === 1 && only ? `_${only.replace(/[^A-Za-z0-9_-]+/g, '-')}` : '';
  return `knee-oa-studio_real-or-synthetic_results${who}_${now.toISOString().slice(0, 10)}.csv`;
}

export interface ImportCounts {
  /** Answers new to the pool. */
  added: AnswerRecord[];
  /** Answers of the file already in the pool. */
  duplicates: number;
  badRows: number;
  firstProblem: string | null;
}

/** One sentence: what was taken from the file, and what was skipped and why. */
export function importMessage(fileName: string, counts: ImportCounts, onDevice: readonly AnswerRecord[]): string {
  const own = new Set(onDevice.map(recordKey));
  const ownAdded = counts.added.filter((r) => own.has(recordKey(r))).length;
  const notes = [
    counts.badRows > 0 ? `${plural(counts.badRows, 'bad row')} skipped (${counts.firstProblem})` : '',
    counts.duplicates > 0 ? `${plural(counts.duplicates, 'answer')} already imported, not counted again` : '',
    ownAdded > 0 ? `${plural(ownAdded, 'answer')} given on this device, counted once` : '',
  ].filter(Boolean);
  const taken = `Imported ${plural(counts.added.length, 'answer')} from ${fileName}`;
  return `${taken}${notes.length ? `: ${notes.join('; ')}` : ''}.`;
}
