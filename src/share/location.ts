// The share link lives in location.hash; the backend choice (a device setting, not part of the
// image) lives in the query string so that links stay the same on every device.
import type { BackendPreference } from '../worker-bridge/worker-types';
import { encodeFragment, type ShareState } from '../../core/state/fragment';

const BACKENDS: readonly BackendPreference[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

export function backendFromQuery(search: string): BackendPreference {
  const value = new URLSearchParams(search).get('backend');
  return BACKENDS.includes(value as BackendPreference) ? (value as BackendPreference) : 'auto';
}

export function setBackendInQuery(preference: BackendPreference): void {
  const url = new URL(location.href);
  if (preference === 'auto') url.searchParams.delete('backend');
  else url.searchParams.set('backend', preference);
  history.replaceState(history.state, '', url);
}

/** Writes the state into the fragment without adding a history entry per slider step. */
export function writeFragment(state: ShareState): string {
  const hash = `#${encodeFragment(state)}`;
  if (location.hash !== hash) history.replaceState(history.state, '', hash);
  return hash;
}

// Browsers throttle history.replaceState (Chromium ignores calls beyond about 200 per 10 s, with a
// warning), and a dragged slider asks 60 times a second: write at most every FRAGMENT_INTERVAL_MS,
// always ending with the latest state.
const FRAGMENT_INTERVAL_MS = 150;
let pendingState: ShareState | null = null;
let fragmentTimer: ReturnType<typeof setTimeout> | null = null;
let lastWrite = -Infinity;

export function scheduleFragment(state: ShareState): void {
  pendingState = state;
  if (fragmentTimer !== null) return;
  const wait = Math.max(0, lastWrite + FRAGMENT_INTERVAL_MS - performance.now());
  fragmentTimer = setTimeout(() => {
    fragmentTimer = null;
    lastWrite = performance.now();
    if (pendingState) writeFragment(pendingState);
    pendingState = null;
  }, wait);
}

export function shareUrl(state: ShareState): string {
  const url = new URL(location.href);
  url.hash = encodeFragment(state);
  return url.href;
}
