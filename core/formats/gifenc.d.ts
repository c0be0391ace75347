// Types for the parts of gifenc (MIT, no bundled types) this app uses.
declare module 'gifenc' {
  export interface GifStream {
    writeByte(byte: number): void;
    writeBytes(bytes: ArrayLike<number>, offset?: number, length?: number): void;
  }
  export interface GifFrameOptions {
    palette?: number[][];
    delay?: number;
    repeat?: number;
    dispose?: number;
  }
  export interface GifEncoderInstance {
    writeFrame(index: Uint8Array, width: number, height: number, options?: GifFrameOptions): void;
    finish(): void;
    bytes(): Uint8Array;
    readonly stream: GifStream;
  }
  export function GIFEncoder(options?: { auto?: boolean; initialCapacity?: number }): GifEncoderInstance;
}
