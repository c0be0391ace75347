// The class study's results file: one CSV row per answer, written with core/formats/csv.ts and read
// back by a small strict parser, so several devices' files can be pooled. A file that is not a
// results file is refused with a reason; bad rows are skipped and counted; a row already pooled
// (the same answer exported twice) is not counted again. Pure.
import { toCsv } from '../../core/formats/csv';
import type { Kind } from './detection-stats';

export type Confidence = 1 | 2 | 3;

export interface AnswerRecord {
  participant: string;
  imageId: string;
  truth: Kind;
  grade: number;
  answer: Kind;
  /** 1 (guess) to 3 (sure); null when not given. */
  confidence: Confidence | null;
  responseMs: number;
  modelId: string;
  weightsSha256: string;
  /** When the answer was given, ISO 8601 UTC. */
  timestamp: string;
}

export const RESULTS_HEADER = [
  'participant',
  'image_id',
  'truth',
  'grade',
  'answer',
  'confidence',
  'response_ms',
  'model_id',
  'weights_sha256',
  'timestamp',
];
export const MAX_PARTICIPANT_LENGTH = 64;

const cellsOf = (r: AnswerRecord) => [
  r.participant,
  r.imageId,
  r.truth,
  r.grade,
  r.answer,
  r.confidence,
  r.responseMs,
  r.modelId,
  r.weightsSha256,
  r.timestamp,
];

export function resultsCsv(records: readonly AnswerRecord[]): string {
  return toCsv(RESULTS_HEADER, records.map(cellsOf));
}

/** Records that are the same answer (every field equal) share a key. */
export const recordKey = (r: AnswerRecord): string => JSON.stringify(cellsOf(r));

const KIND = /^(real|synthetic)$/;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The record of one row's cells, or what is wrong with them. */
export function recordFromCells(cells: readonly string[]): AnswerRecord | string {
  if (cells.length !== RESULTS_HEADER.length) return `${cells.length} cells instead of ${RESULTS_HEADER.length}`;
  const [participant, imageId, truth, grade, answer, confidence, responseMs, modelId, weights, timestamp] = cells;
  if (participant.length > MAX_PARTICIPANT_LENGTH || /\p{Cc}/u.test(participant))
    return 'the participant code is not valid';
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(imageId)) return 'the image id is not valid';
  if (!KIND.test(truth)) return `truth "${truth}" is not real or synthetic`;
  if (!/^[0-4]$/.test(grade)) return `grade "${grade}" is not 0–4`;
  if (!KIND.test(answer)) return `answer "${answer}" is not real or synthetic`;
  if (!/^[1-3]?$/.test(confidence)) return `confidence "${confidence}" is not 1–3 or empty`;
  if (!/^\d{1,9}$/.test(responseMs)) return `response time "${responseMs}" is not a whole number of ms`;
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(modelId)) return 'the model id is not valid';
  if (!/^([0-9a-f]{64})?$/.test(weights)) return 'the weights SHA-256 is not 64 hex digits';
  if (!TIMESTAMP.test(timestamp) || Number.isNaN(Date.parse(timestamp))) return `timestamp "${timestamp}" is not valid`;
  return {
    participant,
    imageId,
    truth: truth as Kind,
    grade: Number(grade),
    answer: answer as Kind,
    confidence: confidence === '' ? null : (Number(confidence) as Confidence),
    responseMs: Number(responseMs),
    modelId,
    weightsSha256: weights,
    timestamp,
  };
}

/** A record kept on this device, if it is a sound one (storage may hold anything). */
export function parseRecord(value: unknown): AnswerRecord | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const cells = cellsOf(v as unknown as AnswerRecord).map((c) => (c === null || c === undefined ? '' : String(c)));
  const record = recordFromCells(cells);
  return typeof record === 'string' ? null : record;
}

type Row = { cells: string[] } | { error: string };

/** RFC 4180 rows (CRLF or LF); a row with a stray or unclosed quote is an error row, not the end. */
export function csvRows(text: string): Row[] {
  const rows: Row[] = [];
  let i = 0;
  while (i < text.length) {
    const cells: string[] = [];
    let error: string | null = null;
    for (;;) {
      let cell = '';
      if (text[i] === '"') {
        let closed = false;
        for (i++; i < text.length; i++) {
          if (text[i] !== '"') cell += text[i];
          else if (text[i + 1] === '"') {
            cell += '"'; // an escaped quote
            i++;
          } else {
            closed = true;
            i++;
            break;
          }
        }
        if (!closed) error = 'a quoted cell is not closed';
        else if (i < text.length && !',\r\n'.includes(text[i])) error = 'text after a closing quote';
      } else {
        while (i < text.length && !',\r\n'.includes(text[i])) {
          if (text[i] === '"') error ??= 'a quote inside an unquoted cell';
          cell += text[i++];
        }
      }
      cells.push(cell);
      if (error) {
        while (i < text.length && text[i] !== '\n') i++; // skip to the next line
        i++;
        break;
      }
      if (text[i] === ',') i++;
      else {
        if (text[i] === '\r') i++;
        if (text[i] === '\n') i++;
        break;
      }
    }
    rows.push(error ? { error } : { cells });
  }
  return rows;
}

export type ResultsImport =
  { ok: false; reason: string } | { ok: true; records: AnswerRecord[]; badRows: number; firstProblem: string | null };

export function parseResultsCsv(text: string): ResultsImport {
  const body = text.replace(/^\uFEFF/, '');
  if (body.includes('\0')) return { ok: false, reason: 'it is not a text file' };
  const rows = csvRows(body).filter((row) => !('cells' in row && row.cells.length === 1 && row.cells[0] === ''));
  const first = rows[0];
  if (!first || !('cells' in first) || first.cells.join(',') !== RESULTS_HEADER.join(','))
    return { ok: false, reason: `its first line is not the results header (${RESULTS_HEADER.join(',')})` };
  const records: AnswerRecord[] = [];
  let badRows = 0;
  let firstProblem: string | null = null;
  rows.slice(1).forEach((row, i) => {
    const record = 'cells' in row ? recordFromCells(row.cells) : row.error;
    if (typeof record !== 'string') return void records.push(record);
    badRows++;
    firstProblem ??= `row ${i + 2}: ${record}`;
  });
  return { ok: true, records, badRows, firstProblem };
}

/** `existing` plus the records of `incoming` not already there (nor twice in `incoming`). */
export function mergeRecords(
  existing: readonly AnswerRecord[],
  incoming: readonly AnswerRecord[],
): { records: AnswerRecord[]; added: number; duplicates: number } {
  const keys = new Set(existing.map(recordKey));
  const records = [...existing];
  for (const record of incoming) {
    const key = recordKey(record);
    if (keys.has(key)) continue;
    keys.add(key);
    records.push(record);
  }
  const added = records.length - existing.length;
  return { records, added, duplicates: incoming.length - added };
}
