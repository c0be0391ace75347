// A tiny static file server for bench pages that are not the app: URL prefixes map to folders, and
// every answer carries COOP/COEP so the page is cross-origin isolated (ONNX Runtime Web needs that
// for more than one wasm thread). It serves localhost only; the app's own CSP is not involved.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm', // lets the browser compile while it downloads
  '.bin': 'application/octet-stream',
  '.onnx': 'application/octet-stream',
};

/** routes: { '/prefix/': '/abs/folder' }, longest prefix first; '/' for the page itself. Resolves with the server. */
export function serveStatic(port, routes) {
  const table = Object.entries(routes)
    .map(([prefix, folder]) => [prefix, resolve(folder)])
    .sort((a, b) => b[0].length - a[0].length);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const route = table.find(([prefix]) => path.startsWith(prefix));
    let file = route ? normalize(join(route[1], path.slice(route[0].length) || 'index.html')) : null;
    if (file && !file.startsWith(route[1] + sep) && file !== route[1]) file = null; // no escaping the folder
    let size = -1;
    try {
      if (file) size = statSync(file).isFile() ? statSync(file).size : -1;
    } catch {
      size = -1;
    }
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cache-Control': 'no-store',
    };
    if (size < 0) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end(`not found: ${path}`);
      return;
    }
    res.writeHead(200, {
      ...headers,
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': size,
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => done(server));
  });
}
