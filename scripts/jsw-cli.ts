/**
 * Measure joint-space width on a batch of images with core/measure/jsw.ts (the app's code).
 *
 *   node jsw-cli.cjs --input images.npy [--sides LRL...] [--margins] [--mm-per-pixel 0.3] [--out result.json]
 *   node jsw-cli.cjs --input images.u8 --shape N,H,W ...
 *
 * Input: a .npy of uint8 with shape (N, H, W) or (H, W), or raw uint8 bytes with --shape.
 * Output (stdout or --out): JSON `{"count": N, "results": [JswResult without margins unless
 * --margins]}`. The Python evaluation bundles this file with esbuild and runs it with node
 * (training/knee_gan/metrics/jsw.py).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { measureJsw, type KneeSide } from '../core/measure/jsw';

interface Batch { data: Uint8Array; count: number; height: number; width: number }

export function parseNpy(buf: Uint8Array): Batch {
  const magic = String.fromCharCode(...buf.subarray(0, 6));
  if (magic !== '\x93NUMPY') throw new Error('not a .npy file');
  const major = buf[6];
  const headerLen = major >= 2
    ? buf[8] | (buf[9] << 8) | (buf[10] << 16) | (buf[11] << 24)
    : buf[8] | (buf[9] << 8);
  const start = major >= 2 ? 12 : 10;
  const header = new TextDecoder().decode(buf.subarray(start, start + headerLen));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shape = (/'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '')
    .split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (descr !== '|u1' && descr !== '<u1') throw new Error(`expected uint8 .npy, got dtype ${descr}`);
  if (fortran === 'True') throw new Error('expected C-ordered .npy');
  const [count, height, width] = shape.length === 2 ? [1, shape[0], shape[1]] : shape;
  if (shape.length < 2 || shape.length > 3) throw new Error(`expected shape (N, H, W) or (H, W), got (${shape})`);
  const data = buf.subarray(start + headerLen);
  if (data.length !== count * height * width) throw new Error('truncated .npy data');
  return { data, count, height, width };
}

function main(argv: string[]): void {
  const args = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--margins') flags.add(a);
    else if (a.startsWith('--')) args.set(a, argv[++i]);
    else throw new Error(`unexpected argument ${a}`);
  }
  const input = args.get('--input');
  if (!input) throw new Error('usage: jsw-cli --input images.npy|images.u8 [--shape N,H,W] [--sides LR..] [--margins] [--mm-per-pixel s] [--trim 0.15] [--out f]');
  const buf = new Uint8Array(readFileSync(input));
  let batch: Batch;
  if (args.has('--shape')) {
    const [count, height, width] = args.get('--shape')!.split(',').map(Number);
    if (buf.length !== count * height * width) throw new Error(`${input}: ${buf.length} bytes, expected ${count}x${height}x${width}`);
    batch = { data: buf, count, height, width };
  } else {
    batch = parseNpy(buf);
  }
  const sides = args.get('--sides') ?? '';
  if (sides && sides.length !== batch.count) throw new Error(`--sides has ${sides.length} letters for ${batch.count} images`);
  const mm = args.has('--mm-per-pixel') ? Number(args.get('--mm-per-pixel')) : null;
  const trim = args.has('--trim') ? Number(args.get('--trim')) : undefined;
  const n = batch.height * batch.width;
  const results = [];
  for (let i = 0; i < batch.count; i++) {
    const side = (sides[i] === 'L' || sides[i] === 'R' ? sides[i] : undefined) as KneeSide | undefined;
    const r = measureJsw(batch.data.subarray(i * n, (i + 1) * n), batch.width, batch.height, { side, mmPerPixel: mm, trim });
    results.push(flags.has('--margins') ? r : { ...r, margins: undefined });
  }
  const text = JSON.stringify({ count: batch.count, height: batch.height, width: batch.width, results });
  const out = args.get('--out');
  if (out) writeFileSync(out, text);
  else process.stdout.write(text + '\n');
}

try {
  main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`jsw-cli: ${(err as Error).message}\n`);
  process.exit(1);
}
