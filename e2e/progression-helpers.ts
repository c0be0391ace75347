// Helpers for the progression and quiz specs: capture a download's bytes, read a WebM's packets.
import type { Locator, Page } from '@playwright/test';
import { ALL_FORMATS, BufferSource, EncodedPacketSink, Input } from 'mediabunny';
import { readFileSync } from 'node:fs';

export interface Downloaded {
  name: string;
  bytes: Uint8Array;
}

/** Clicks `button` and returns the file it makes the page download. */
export async function download(page: Page, button: Locator, timeout = 90_000): Promise<Downloaded> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout }), button.click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: new Uint8Array(readFileSync(path)) };
}

export interface WebmSummary {
  codec: string | null;
  width: number;
  height: number;
  packets: number;
  keyPackets: number;
  /** Each packet's presentation time, seconds. */
  timestamps: number[];
  /** The duration the file states (the Segment's Duration element). */
  durationS: number | null;
  title?: string;
  comment?: string;
}

/** Demuxes a WebM in Node (no decoding, so no WebCodecs needed). */
export async function readWebm(bytes: Uint8Array): Promise<WebmSummary> {
  const input = new Input({ source: new BufferSource(bytes), formats: ALL_FORMATS });
  const track = await input.getPrimaryVideoTrack();
  if (!track) throw new Error('no video track');
  let keyPackets = 0;
  const timestamps: number[] = [];
  for await (const packet of new EncodedPacketSink(track).packets()) {
    timestamps.push(packet.timestamp);
    if (packet.type === 'key') keyPackets++;
  }
  const tags = await input.getMetadataTags();
  return {
    codec: await track.getCodec(),
    width: await track.getDisplayWidth(),
    height: await track.getDisplayHeight(),
    packets: timestamps.length,
    keyPackets,
    timestamps,
    durationS: await input.getDurationFromMetadata(),
    title: tags.title,
    comment: tags.comment,
  };
}

export const fragmentOf = (page: Page) => page.evaluate(() => location.hash.replace(/^#/, ''));
