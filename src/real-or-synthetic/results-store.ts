// The answers given on this device and the participant code (IndexedDB through idb-keyval).
// They never leave the device except in a CSV the user exports.
import { del, get, set, update } from 'idb-keyval';
import { MAX_PARTICIPANT_LENGTH, parseRecord, type AnswerRecord } from './results-csv';

export const ANSWERS_KEY = 'real-or-synthetic-answers';
export const PARTICIPANT_KEY = 'real-or-synthetic-participant';

export async function loadAnswers(): Promise<AnswerRecord[]> {
  try {
    const stored = await get(ANSWERS_KEY);
    if (!Array.isArray(stored)) return [];
    return stored.map(parseRecord).filter((r): r is AnswerRecord => r !== null);
  } catch {
    return []; // storage blocked (e.g. private mode): the mode still works for this visit
  }
}

/** Kept at once, so a round left half-way still counts. */
export async function appendAnswer(record: AnswerRecord): Promise<void> {
  await update(ANSWERS_KEY, (stored: unknown) => [...(Array.isArray(stored) ? stored : []), { ...record }]);
}

export async function clearAnswers(): Promise<void> {
  await del(ANSWERS_KEY);
}

export async function loadParticipant(): Promise<string> {
  try {
    const code = await get(PARTICIPANT_KEY);
    return typeof code === 'string' ? code.slice(0, MAX_PARTICIPANT_LENGTH) : '';
  } catch {
    return '';
  }
}

export async function saveParticipant(code: string): Promise<void> {
  await set(PARTICIPANT_KEY, code);
}
