// A ZIP of named files, deterministic: fixed timestamps, entries in the order given, PNGs stored
// (they are already compressed), text deflated. Pure (fflate).
import { zipSync, type Zippable } from 'fflate';

export function zipFiles(files: { name: string; data: Uint8Array }[]): Uint8Array {
  // 2000-01-01 00:00 in the current local time: ZIP's DOS timestamps are local wall-clock fields,
  // so made afresh in each call this gives the same bytes in every time zone.
  const fixedTime = new Date(2000, 0, 1, 0, 0, 0);
  const entries: Zippable = {};
  for (const { name, data } of files) {
    if (name in entries) throw new Error(`two files named ${name}`);
    const compressed = /\.(png|gif|webm|mp4|zip)$/i.test(name);
    entries[name] = [data, { level: compressed ? 0 : 6, mtime: fixedTime }];
  }
  return zipSync(entries);
}
