// What the Storage line says about the model packages kept on this device. Pure.
import type { CachedPackageInfo } from '../worker-bridge/worker-types';
import { WEIGHTS_PREFIX_LENGTH } from '../../core/state/model-version';

export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** e.g. "2 models on this device (7.9 MB)"; a version of a model counts as a model, and a weights
 * file that several packages share counts once (it is kept once). */
export function storageSummary(packages: CachedPackageInfo[]): string {
  if (packages.length === 0) return 'no models on this device';
  const kept = new Map(packages.flatMap((p) => p.files.map((f) => [f.sha256, f.bytes] as const)));
  const bytes = [...kept.values()].reduce((n, b) => n + b, 0);
  const models = packages.length === 1 ? '1 model' : `${packages.length} models`;
  return `${models} on this device (${formatMegabytes(bytes)})`;
}

/** One package, e.g. "Knee OA · 128 px, weights d2e33f7a…, 10.9 MB". */
export function packageLine(info: CachedPackageInfo): string {
  return `${info.name}, weights ${info.sha256.slice(0, WEIGHTS_PREFIX_LENGTH)}…, ${formatMegabytes(info.bytes)}`;
}
