// The class study's table: per participant and for everyone, the detection statistics of their
// answers. Pure.
import { summarise, type DetectionSummary } from './detection-stats';
import type { AnswerRecord } from './results-csv';

export const NO_CODE = '(no code)';

export interface TableRow {
  label: string;
  summary: DetectionSummary;
}

export interface PooledTable {
  participants: TableRow[];
  overall: TableRow;
  /** Every model (id and weights prefix) the answers were given on: pooling across models mixes them. */
  models: string[];
}

export function poolByParticipant(records: readonly AnswerRecord[]): PooledTable {
  const byParticipant = new Map<string, AnswerRecord[]>();
  for (const record of records) {
    const label = record.participant.trim() || NO_CODE;
    byParticipant.set(label, [...(byParticipant.get(label) ?? []), record]);
  }
  const participants = [...byParticipant.entries()]
    .sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }))
    .map(([label, answers]) => ({ label, summary: summarise(answers) }));
  const models = [...new Set(records.map((r) => `${r.modelId} (${r.weightsSha256.slice(0, 8) || 'no weights hash'})`))];
  return { participants, overall: { label: 'All participants', summary: summarise(records) }, models: models.sort() };
}
