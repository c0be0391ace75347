// Which files of a package are its own and which it shares with another kept package
// (contract/README.md, "Shared weights"). No imports: the e2e helpers read it too.

const SHARED_PATH = /^\.\.\/([a-z0-9][a-z0-9-]*)\/[A-Za-z0-9._-]+$/;

/** The id of the package a shared path (`../<id>/<file>`) reads from; null for a file of this package. */
export function sharedFrom(path: string): string | null {
  return SHARED_PATH.exec(path)?.[1] ?? null;
}

/** A weights file of the package itself (not shared): the file whose SHA-256 names its version. */
export function isOwnWeights(path: string): boolean {
  return path.endsWith('.bin') && sharedFrom(path) === null;
}
