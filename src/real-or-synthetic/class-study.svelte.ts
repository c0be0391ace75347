// The class study around the rounds: the participant code, the answers kept on this device, the
// CSV export, and the pool of imported CSVs from other devices (kept for this visit only).
import { MAX_PARTICIPANT_LENGTH, mergeRecords, parseResultsCsv, resultsCsv, type AnswerRecord } from './results-csv';
import { appendAnswer, clearAnswers, loadAnswers, loadParticipant, saveParticipant } from './results-store';
import { importMessage, resultsFileName } from './study-files';

/** Larger files are refused unread: a class's results are far smaller (about 120 bytes a row). */
export const MAX_RESULTS_FILE_BYTES = 20 * 1024 * 1024;

export class ClassStudy {
  participant = $state('');
  /** Every answer given on this device, oldest first. */
  stored = $state.raw<AnswerRecord[]>([]);
  /** Answers read from results files in this visit, without duplicates. */
  imported = $state.raw<AnswerRecord[]>([]);
  includeDevice = $state(true);
  loaded = $state(false);
  message = $state<string | null>(null);

  /** What the pooled table counts: the imported answers and (if wanted) this device's, each once. */
  pooled = $derived(mergeRecords(this.imported, this.includeDevice ? this.stored : []).records);

  async load(): Promise<void> {
    if (this.loaded) return;
    const [stored, participant] = await Promise.all([loadAnswers(), loadParticipant()]);
    this.stored = stored;
    this.participant = participant;
    this.loaded = true;
  }

  async setParticipant(code: string): Promise<void> {
    this.participant = code.slice(0, MAX_PARTICIPANT_LENGTH);
    await saveParticipant(this.participant).catch(() => {});
  }

  async add(record: AnswerRecord): Promise<void> {
    this.stored = [...this.stored, record];
    await appendAnswer(record).catch(() => {}); // storage blocked: kept for this visit
  }

  /** The CSV of every answer on this device, and a file name that says what it is. */
  exportFile(now: Date): { text: string; name: string } {
    return { text: resultsCsv(this.stored), name: resultsFileName(this.stored, now) };
  }

  refuse(fileName: string, reason: string): void {
    this.message = `${fileName} was not imported: ${reason}.`;
  }

  /** Adds a results file's answers to the pool; the message says what was taken and skipped. */
  importText(text: string, fileName: string): void {
    const parsed = parseResultsCsv(text);
    if (!parsed.ok) return this.refuse(fileName, `it is not a Real-or-synthetic results file (${parsed.reason})`);
    const merged = mergeRecords(this.imported, parsed.records);
    this.imported = merged.records;
    const added = merged.added > 0 ? merged.records.slice(-merged.added) : [];
    this.message = importMessage(fileName, { ...parsed, added, duplicates: merged.duplicates }, this.stored);
  }

  clearImported(): void {
    this.imported = [];
    this.message = 'Imported results cleared (the answers on this device are kept).';
  }

  async clearDevice(): Promise<void> {
    this.stored = [];
    await clearAnswers().catch(() => {});
    this.message = 'The answers on this device were deleted.';
  }
}
