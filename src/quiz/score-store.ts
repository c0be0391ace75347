// The quiz score on this device (IndexedDB through idb-keyval); it never leaves the device.
import { del, get, set } from 'idb-keyval';
import { EMPTY_SCORE, parseScore, type QuizScore } from './quiz';

export const SCORE_KEY = 'quiz-score';

export async function loadScore(): Promise<QuizScore> {
  try {
    return parseScore(await get(SCORE_KEY)) ?? { ...EMPTY_SCORE };
  } catch {
    return { ...EMPTY_SCORE }; // storage blocked (e.g. private mode): the quiz still works
  }
}

export async function saveScore(score: QuizScore): Promise<void> {
  await set(SCORE_KEY, { ...score });
}

export async function clearScore(): Promise<void> {
  await del(SCORE_KEY);
}
