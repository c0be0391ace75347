// A tiny static server for tests that swap one build of the app for another at the same address
// (same origin, so the service worker and IndexedDB carry over, as on a real deploy).
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.md': 'text/markdown; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

export interface SwappableServer {
  /** e.g. http://localhost:41234/sub/path/ */
  url: string;
  /** Serves `folder` from now on (the next request already sees it). */
  serve(folder: string): void;
  close(): Promise<void>;
}

/** Serves a build folder under `basePath` (e.g. "/sub/path/") on a free port of localhost. */
export async function startSwappableServer(basePath: string, folder: string): Promise<SwappableServer> {
  let root = resolve(folder);
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const inside = path.startsWith(basePath) ? path.slice(basePath.length) : null;
    const file = inside === null ? null : normalize(join(root, inside === '' ? 'index.html' : inside));
    let size = -1;
    try {
      if (file && (file === root || file.startsWith(root + sep)))
        size = statSync(file).isFile() ? statSync(file).size : -1;
    } catch {
      size = -1;
    }
    if (!file || size < 0) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    // no-cache: the next build at the same URL must be seen at once, as after a real deploy.
    response.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': size,
      'cache-control': 'no-cache',
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}${basePath}`,
    serve: (next) => (root = resolve(next)),
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
