// Words for a continuous KL grade: "Minimal" at 2, "between Minimal and Moderate" at 2.5.
import type { ConditionTick } from './manifest';

export const KL_TICKS: ConditionTick[] = [
  { value: 0, label: 'None' },
  { value: 1, label: 'Doubtful' },
  { value: 2, label: 'Minimal' },
  { value: 3, label: 'Moderate' },
  { value: 4, label: 'Severe' },
];

export function klWords(kl: number, ticks: ConditionTick[] = KL_TICKS): string {
  const sorted = [...ticks].sort((a, b) => a.value - b.value);
  if (sorted.length === 0) return '';
  const exact = sorted.find((t) => Math.abs(t.value - kl) < 1e-9);
  if (exact) return exact.label;
  if (kl < sorted[0].value) return sorted[0].label;
  for (let i = 1; i < sorted.length; i++)
    if (kl < sorted[i].value) return `between ${sorted[i - 1].label} and ${sorted[i].label}`;
  return sorted[sorted.length - 1].label;
}

export function formatKl(kl: number): string {
  return Number.isInteger(kl) ? String(kl) : kl.toFixed(2).replace(/0$/, '');
}
