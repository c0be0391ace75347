// The share link: the whole editor state in the URL fragment, versioned and validated.
//   #v1&m=<model id>&w=<weights prefix>&s=<seed>&kl=<grade>&t=<truncation>&d=<direction>:<value>,…
// Pure functions, no DOM: any string decodes to a (partial) valid state or a clear error.
// w= (added within v1, so older links simply lack it) names the model's exact weights.
import { MAX_SEED } from './latent';

export const FRAGMENT_VERSION = 'v1';
/** Longer fragments are refused before parsing; a real v1 link is well under 1 KB. */
export const MAX_FRAGMENT_LENGTH = 4096;
export const MAX_DIRECTIONS = 64;

export interface ShareState {
  model: string;
  /** The first hex digits of the SHA-256 of the model's weights: "same id, other weights" shows. */
  weights?: string;
  seed: number;
  kl: number;
  truncation: number;
  /** Direction id → slider value; zero values may be left out. */
  directions: Record<string, number>;
}

export type FragmentResult =
  { ok: true; state: Partial<ShareState>; problems: string[] } | { ok: false; error: string };

const MODEL_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const DIRECTION_ID = /^[a-z0-9_]{1,32}$/;
/** 8 hex digits are written; a longer prefix (up to the whole hash) is read too. */
const WEIGHTS_PREFIX = /^[0-9a-f]{8,64}$/i;
const SEED = /^\d{1,10}$/;
const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/** Shortest decimal that reads back as the same double. */
function formatNumber(value: number): string {
  return Object.is(value, -0) ? '0' : String(value);
}

function parseNumber(text: string): number | null {
  if (!NUMBER.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

export function encodeFragment(state: ShareState): string {
  const parts = [
    FRAGMENT_VERSION,
    `m=${state.model}`,
    ...(state.weights === undefined ? [] : [`w=${state.weights}`]),
    `s=${state.seed}`,
    `kl=${formatNumber(state.kl)}`,
    `t=${formatNumber(state.truncation)}`,
  ];
  const moved = Object.entries(state.directions).filter(([, value]) => value !== 0);
  if (moved.length > 0) parts.push(`d=${moved.map(([id, value]) => `${id}:${formatNumber(value)}`).join(',')}`);
  return parts.join('&');
}

function decodeDirections(text: string, problems: string[]): Record<string, number> {
  // A Map, then fromEntries: an id such as "__proto__" must become a plain key, not a prototype.
  const directions = new Map<string, number>();
  const items = text === '' ? [] : text.split(',');
  if (items.length > MAX_DIRECTIONS) {
    problems.push(`too many direction values (${items.length}); ignored them`);
    return {};
  }
  for (const item of items) {
    const [id, valueText, ...rest] = item.split(':');
    const value = valueText === undefined ? null : parseNumber(valueText);
    if (rest.length > 0 || !DIRECTION_ID.test(id) || value === null) {
      problems.push(`ignored the direction value "${clip(item)}"`);
    } else if (directions.has(id)) {
      problems.push(`direction "${id}" was given twice; kept the first`);
    } else {
      directions.set(id, value);
    }
  }
  return Object.fromEntries(directions);
}

function clip(text: string): string {
  return text.length > 24 ? `${text.slice(0, 24)}…` : text;
}

/** Decodes a fragment (with or without the leading '#'). Empty → an empty state, no problems. */
export function decodeFragment(fragment: string): FragmentResult {
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (text === '') return { ok: true, state: {}, problems: [] };
  if (text.length > MAX_FRAGMENT_LENGTH)
    return { ok: false, error: 'The link is too long to be a Knee OA Studio link.' };
  const [version, ...fields] = text.split('&');
  if (version !== FRAGMENT_VERSION)
    return { ok: false, error: 'The link is not a Knee OA Studio v1 link; opened the default knee.' };

  const state: Partial<ShareState> = {};
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const field of fields) {
    if (field === '') continue;
    const eq = field.indexOf('=');
    const key = eq < 0 ? field : field.slice(0, eq);
    const raw = eq < 0 ? '' : field.slice(eq + 1);
    let value: string;
    try {
      value = decodeURIComponent(raw);
    } catch {
      problems.push(`ignored "${clip(key)}": not valid URL text`);
      continue;
    }
    if (seen.has(key)) {
      problems.push(`"${clip(key)}" was given twice; kept the first`);
      continue;
    }
    seen.add(key);
    switch (key) {
      case 'm':
        if (MODEL_ID.test(value)) state.model = value;
        else problems.push(`ignored the model id "${clip(value)}"`);
        break;
      case 'w':
        if (WEIGHTS_PREFIX.test(value)) state.weights = value.toLowerCase();
        else problems.push(`ignored the weights prefix "${clip(value)}" (8 hex digits)`);
        break;
      case 's': {
        const seed = SEED.test(value) ? Number(value) : NaN;
        if (seed <= MAX_SEED) state.seed = seed;
        else problems.push(`ignored the seed "${clip(value)}" (a whole number 0–${MAX_SEED})`);
        break;
      }
      case 'kl':
      case 't': {
        const number = parseNumber(value);
        const name = key === 'kl' ? 'KL grade' : 'truncation';
        if (number === null) problems.push(`ignored the ${name} "${clip(value)}"`);
        else if (key === 'kl') state.kl = number;
        else state.truncation = number;
        break;
      }
      case 'd':
        state.directions = decodeDirections(value, problems);
        break;
      default:
        problems.push(`ignored the unknown field "${clip(key)}"`);
    }
  }
  return { ok: true, state, problems };
}
