// SHA-256 checks of package files, so a damaged or tampered file is never used or cached.
import type { PackageFile } from '../core/state/manifest';

export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Null when `bytes` is the file the manifest describes, else what is wrong. */
export async function integrityProblem(file: PackageFile, bytes: ArrayBuffer): Promise<string | null> {
  if (bytes.byteLength !== file.bytes)
    return `model file ${file.path} is damaged: ${bytes.byteLength} bytes, expected ${file.bytes}`;
  const actual = await sha256Hex(bytes);
  if (actual !== file.sha256) return `model file ${file.path} is damaged: its SHA-256 does not match the manifest`;
  return null;
}
