import { describe, expect, it } from 'vitest';
import { defaultScale, encodeGreyWebm, greyToI420, videoExportSupport } from './video';

describe('greyToI420', () => {
  it('puts the grey in the luma plane, upscaled by repeating pixels, with neutral chroma', () => {
    const grey = Uint8Array.from([10, 20, 30, 40]); // 2 × 2
    const { data, width, height } = greyToI420(grey, 2, 2, 2);
    expect([width, height]).toEqual([4, 4]);
    expect(Array.from(data.subarray(0, 16))).toEqual([10, 10, 20, 20, 10, 10, 20, 20, 30, 30, 40, 40, 30, 30, 40, 40]);
    expect(data.length).toBe(16 + 2 * 4);
    expect(data.subarray(16).every((v) => v === 128)).toBe(true);
  });

  it('pads odd sizes to even ones (4:2:0 needs them) by repeating the last row and column', () => {
    const { data, width, height } = greyToI420(Uint8Array.from([1, 2, 3, 4, 5, 6]), 3, 2, 1);
    expect([width, height]).toEqual([4, 2]);
    expect(Array.from(data.subarray(0, 8))).toEqual([1, 2, 3, 3, 4, 5, 6, 6]);
  });

  it('scales small frames up to at least 256 pixels', () => {
    expect(defaultScale(128, 128)).toBe(2);
    expect(defaultScale(256, 256)).toBe(1);
    expect(defaultScale(100, 60)).toBe(3);
  });
});

describe('without WebCodecs (Node)', () => {
  it('says why no video can be made', async () => {
    expect(await videoExportSupport()).toMatch(/no WebCodecs VideoEncoder/);
  });

  it('refuses an empty video', async () => {
    await expect(encodeGreyWebm([], 2, 2, { title: '', comment: '' })).rejects.toThrow(/at least one frame/);
  });
});
