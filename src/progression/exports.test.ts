import { describe, expect, it } from 'vitest';
import type { Frame } from '../worker-bridge/worker-types';
import { exportFileName } from '../../core/formats/provenance';
import { readGif } from '../../core/formats/testing/gif-reader';
import { readGreyPng } from '../../core/formats/testing/png-reader';
import { defaultState } from '../../core/state/editor-state';
import { encodeFragment } from '../../core/state/fragment';
import { sampleManifest } from '../../core/state/testing/sample-manifest';
import { wholeGrades } from '../../core/state/editor-state';
import { progressionGif, progressionStrip, type ProgressionInput } from './exports';
import { progressionKls, schedule } from './schedule';

const manifest = sampleManifest();
const state = { ...defaultState(manifest, 7), kl: 2.5 };
const W = 8;
const H = 8;

function fakeFrame(kl: number): Frame {
  // Each grade a different flat grey, so a frame's pixels say which grade it is.
  const pixels = new Uint8Array(W * H).fill(Math.round(kl * 50));
  return { id: 0, state: { ...state, kl }, width: W, height: H, pixels, ms: 1, numTensors: 0 };
}

function input(count: number, mode: ProgressionInput['mode'], speed: number): ProgressionInput {
  const kls = progressionKls(0, 4, count);
  return { manifest, state, kls, frames: kls.map(fakeFrame), mode, speed, steps: schedule(count, mode, speed) };
}

describe('progressionGif', () => {
  it('has one GIF frame per scheduled step, with its delay, and the provenance as comment', () => {
    const gif = progressionGif(input(41, 'loop', 1));
    const read = readGif(gif.bytes);
    expect(read.frames).toBe(41);
    expect(read.delaysMs).toEqual(schedule(41, 'loop', 1).map((s) => s.delayMs));
    const comment = JSON.parse(read.comments[0]);
    expect(comment.state).toBe(encodeFragment(state));
    expect(comment.notice).toMatch(/not for diagnosis/);
    expect(comment.progression).toEqual({ kl: progressionKls(0, 4, 41), frames: 41, mode: 'loop', speed: 1 });
    expect(gif.name).toBe(exportFileName(state, 'progression-41f-loop-1x', 'gif'));
    expect(gif.name).toContain('SYNTHETIC');
  });

  it('bounces in the file too and is byte-identical for the same input', () => {
    const a = progressionGif(input(17, 'bounce', 2));
    expect(readGif(a.bytes).frames).toBe(32);
    expect(a.bytes).toEqual(progressionGif(input(17, 'bounce', 2)).bytes);
    expect(a.bytes).not.toEqual(progressionGif(input(17, 'bounce', 1)).bytes);
  });
});

describe('progressionStrip', () => {
  it('puts the whole grades side by side, labelled, with provenance text', () => {
    const grades = wholeGrades(0, 4).map((kl) => ({ kl, frame: fakeFrame(kl) }));
    const strip = progressionStrip(manifest, state, grades);
    const png = readGreyPng(strip.bytes);
    expect(png.width).toBe(5 * W + 6 * 4); // five frames and six 4-pixel gaps
    expect(png.text.Disclaimer).toMatch(/not for diagnosis/);
    expect(JSON.parse(png.text.Comment).strip).toEqual({ kl: [0, 1, 2, 3, 4] });
    // The frame of grade 3 sits in the fourth slot.
    expect(png.pixels[4 * png.width + 4 + 3 * (W + 4)]).toBe(150);
    expect(strip.name).toMatch(/^knee-oa-studio_SYNTHETIC_sample-knee_seed7_.*strip-kl0-1-2-3-4\.png$/);
  });

  it('lists the whole grades of a range', () => {
    expect(wholeGrades(0, 4)).toEqual([0, 1, 2, 3, 4]);
    expect(wholeGrades(0.5, 3)).toEqual([1, 2, 3]);
  });
});
