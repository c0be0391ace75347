// Reads the real set this build ships (real/ next to index.html): its index, and one image at a
// time, checked against its SHA-256 and decoded to exact grey levels. Same origin only: nothing
// is sent anywhere, and the service worker keeps the files for offline use.
import type { GreyImage } from './box-resize';
import { decodeGreyPng } from './grey-png';
import { parseRealSet, type RealImageEntry, type RealSet } from './real-set';

export type RealSetStatus =
  | { kind: 'loading' }
  /** This build has no real set (the packer was not run before the build). */
  | { kind: 'missing' }
  | { kind: 'damaged'; reason: string }
  | { kind: 'ready'; set: RealSet };

function realUrl(path: string): string {
  return new URL(`real/${path}`, document.baseURI).href;
}

export async function fetchRealSet(): Promise<RealSetStatus> {
  let response: Response;
  try {
    response = await fetch(realUrl('index.json'));
  } catch (error) {
    return { kind: 'damaged', reason: `real/index.json could not be read (${String(error)})` };
  }
  // A static host may answer a missing file with its index page: that is "missing" too.
  const type = response.headers.get('content-type') ?? '';
  if (response.status === 404 || (response.ok && type.includes('text/html'))) return { kind: 'missing' };
  if (!response.ok) return { kind: 'damaged', reason: `real/index.json: HTTP ${response.status}` };
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    return { kind: 'damaged', reason: 'real/index.json is not valid JSON' };
  }
  const parsed = parseRealSet(json);
  return parsed.ok ? { kind: 'ready', set: parsed.set } : { kind: 'damaged', reason: parsed.reason };
}

async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function fetchRealImage(entry: RealImageEntry): Promise<GreyImage> {
  const response = await fetch(realUrl(entry.file));
  if (!response.ok) throw new Error(`real image ${entry.id} is missing (HTTP ${response.status})`);
  const bytes = await response.arrayBuffer();
  if ((await sha256Hex(bytes)) !== entry.sha256) throw new Error(`real image ${entry.id} does not match its SHA-256`);
  return decodeGreyPng(new Uint8Array(bytes));
}
