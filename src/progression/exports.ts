// The progression's three exports, pure and deterministic given the frames: an animated GIF, a
// WebM video and a labelled PNG strip of the whole grades. Each carries its provenance (model,
// state, "synthetic — not for diagnosis") in its metadata and in its file name.
import type { Frame } from '../worker-bridge/worker-types';
import { encodeGreyGif } from '../../core/formats/gif';
import { encodeGreyPng } from '../../core/formats/png';
import { exportFileName, provenanceOf, provenanceText, type Provenance } from '../../core/formats/provenance';
import { composeStrip } from '../../core/formats/strip';
import { encodeGreyWebm, VIDEO_MIME, type VideoOptions } from './video';
import type { ShareState } from '../../core/state/fragment';
import type { ModelManifest } from '../../core/state/manifest';
import type { PlayMode, ScheduledFrame } from './schedule';

export interface ExportFile {
  bytes: Uint8Array;
  name: string;
  mime: string;
}

export interface ProgressionInput {
  manifest: ModelManifest;
  /** The editor state the frames were drawn for. */
  state: ShareState;
  kls: number[];
  frames: Frame[];
  mode: PlayMode;
  speed: number;
  /** One cycle of the animation (see schedule()). */
  steps: ScheduledFrame[];
}

export interface ProgressionProvenance extends Provenance {
  progression: { kl: number[]; frames: number; mode: PlayMode; speed: number };
}

export function progressionProvenance(input: ProgressionInput): ProgressionProvenance {
  return {
    ...provenanceOf(input.manifest, input.state),
    progression: { kl: input.kls, frames: input.kls.length, mode: input.mode, speed: input.speed },
  };
}

function describe(input: ProgressionInput): string {
  const first = input.kls[0];
  const last = input.kls[input.kls.length - 1];
  return `Knee OA progression, KL ${first} to ${last}, ${input.kls.length} grades, ${input.mode}, ${input.speed}x`;
}

function what(input: ProgressionInput): string {
  return `progression-${input.kls.length}f-${input.mode}-${input.speed}x`;
}

function size(input: ProgressionInput): { width: number; height: number } {
  const first = input.frames[0];
  if (!first) throw new Error('no frames to export');
  return { width: first.width, height: first.height };
}

export function progressionGif(input: ProgressionInput): ExportFile {
  const { width, height } = size(input);
  const frames = input.steps.map((step) => ({ pixels: input.frames[step.index].pixels, delayMs: step.delayMs }));
  return {
    bytes: encodeGreyGif(frames, width, height, JSON.stringify(progressionProvenance(input)), input.mode !== 'once'),
    name: exportFileName(input.state, what(input), 'gif'),
    mime: 'image/gif',
  };
}

export async function progressionWebm(input: ProgressionInput, options: VideoOptions = {}): Promise<ExportFile> {
  const { width, height } = size(input);
  const frames = input.steps.map((step) => ({ pixels: input.frames[step.index].pixels, durationMs: step.delayMs }));
  const tags = { title: `${describe(input)} (synthetic)`, comment: JSON.stringify(progressionProvenance(input)) };
  return {
    bytes: await encodeGreyWebm(frames, width, height, tags, options),
    name: exportFileName(input.state, what(input), 'webm'),
    mime: VIDEO_MIME,
  };
}

/** The whole grades side by side, labelled "KL 0" … "KL 4", as a PNG with provenance text. */
export function progressionStrip(
  manifest: ModelManifest,
  state: ShareState,
  grades: { kl: number; frame: Frame }[],
): ExportFile {
  const first = grades[0]?.frame;
  if (!first) throw new Error('no frames to export');
  const strip = composeStrip(
    grades.map((g) => ({ pixels: g.frame.pixels, label: `KL ${g.kl}` })),
    first.width,
    first.height,
  );
  const kls = grades.map((g) => g.kl);
  const provenance = { ...provenanceOf(manifest, state), strip: { kl: kls } };
  const text = provenanceText(provenance, `Knee OA grades KL ${kls.join(', ')}`);
  text.Comment = JSON.stringify(provenance);
  return {
    bytes: encodeGreyPng(strip.pixels, strip.width, strip.height, text),
    name: exportFileName(state, `strip-kl${kls.join('-')}`, 'png'),
    mime: 'image/png',
  };
}
