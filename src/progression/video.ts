// Greyscale frames to a WebM (VP9) video with mediabunny and the browser's WebCodecs VideoEncoder.
// Browser only: where VideoEncoder is missing, videoExportSupport() says so and the UI disables
// the button. The grey pixels go in as the luma plane of I420 with neutral chroma, upscaled by an
// integer factor with nearest-neighbour (no smoothing of the generator's pixels).
import { BufferTarget, Output, QUALITY_VERY_HIGH, VideoSample, VideoSampleSource, WebMOutputFormat } from 'mediabunny';

export interface VideoFrameInput {
  pixels: Uint8Array;
  /** How long this frame shows, milliseconds. */
  durationMs: number;
}

export interface VideoTags {
  title: string;
  comment: string;
}

export interface VideoOptions {
  /** Integer upscale factor; default: the smallest that makes the longer side at least 256 pixels. */
  scale?: number;
  /** Called after each frame has been handed to the encoder. */
  onFrame?: () => void;
  signal?: AbortSignal;
}

export const VIDEO_MIME = 'video/webm';
const CODEC = 'vp9';

/** Null where this browser can make the video, else why not (shown in the UI). */
export async function videoExportSupport(width = 256, height = 256): Promise<string | null> {
  if (typeof VideoEncoder === 'undefined')
    return 'This browser has no WebCodecs VideoEncoder, so it cannot make a video.';
  try {
    const { supported } = await VideoEncoder.isConfigSupported({ codec: 'vp09.00.10.08', width, height, bitrate: 1e6 });
    return supported ? null : 'This browser cannot encode VP9 video.';
  } catch (error) {
    return `This browser cannot encode VP9 video (${error instanceof Error ? error.message : String(error)}).`;
  }
}

export function defaultScale(width: number, height: number): number {
  return Math.max(1, Math.ceil(256 / Math.max(width, height)));
}

/** I420 with the grey as luma and chroma at 128 (no colour), each side even as 4:2:0 needs. */
export function greyToI420(pixels: Uint8Array, width: number, height: number, scale: number) {
  const w = width * scale + ((width * scale) % 2);
  const h = height * scale + ((height * scale) % 2);
  const chroma = (w / 2) * (h / 2);
  const data = new Uint8Array(w * h + 2 * chroma).fill(128);
  for (let y = 0; y < h; y++) {
    const source = Math.min(height - 1, Math.floor(y / scale)) * width;
    for (let x = 0; x < w; x++) data[y * w + x] = pixels[source + Math.min(width - 1, Math.floor(x / scale))];
  }
  return { data, width: w, height: h };
}

/** Encodes the frames as a WebM; the same frames give the same bytes where the encoder is deterministic. */
export async function encodeGreyWebm(
  frames: VideoFrameInput[],
  width: number,
  height: number,
  tags: VideoTags,
  options: VideoOptions = {},
): Promise<Uint8Array> {
  if (frames.length === 0) throw new Error('a video needs at least one frame');
  const scale = options.scale ?? defaultScale(width, height);
  const output = new Output({ format: new WebMOutputFormat(), target: new BufferTarget() });
  const source = new VideoSampleSource({
    codec: CODEC,
    quality: QUALITY_VERY_HIGH,
    // Seconds between key frames: one every 10 s keeps the file small; a clip is seconds long.
    keyFrameInterval: 10,
    latencyMode: 'quality',
  });
  output.addVideoTrack(source);
  output.setMetadataTags({ title: tags.title, comment: tags.comment });
  await output.start();
  try {
    let timeMs = 0;
    for (const frame of frames) {
      if (options.signal?.aborted) throw new DOMException('cancelled', 'AbortError');
      if (frame.pixels.length !== width * height) throw new Error('a frame has the wrong size');
      const yuv = greyToI420(frame.pixels, width, height, scale);
      const sample = new VideoSample(yuv.data, {
        format: 'I420',
        codedWidth: yuv.width,
        codedHeight: yuv.height,
        timestamp: timeMs / 1000,
        duration: frame.durationMs / 1000,
        // Full-range BT.709 so the grey values are not squeezed into 16–235.
        colorSpace: { primaries: 'bt709', transfer: 'bt709', matrix: 'bt709', fullRange: true },
      });
      try {
        await source.add(sample);
      } finally {
        sample.close();
      }
      timeMs += frame.durationMs;
      options.onFrame?.();
    }
    await output.finalize();
  } catch (error) {
    // The encoder's own failure is the one worth reporting, not a failure to clean up after it.
    if (output.state !== 'finalized') await output.cancel().catch(() => {});
    throw error;
  }
  return new Uint8Array(output.target.buffer!);
}
