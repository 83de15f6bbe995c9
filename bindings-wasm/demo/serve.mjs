// A static file server for the demo (no dependencies): serves bindings-wasm/
// so that /demo/ can import ../pkg/web/. `node demo/serve.mjs [port]`; the
// browser test imports `serve` and listens on 127.0.0.1:0.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm',
  '.srt': 'text/plain; charset=utf-8', '.ts': 'text/plain; charset=utf-8', '.png': 'image/png',
};

export function serve(root = fileURLToPath(new URL('..', import.meta.url)), port = 0, host = '127.0.0.1') {
  const server = createServer(async (req, res) => {
    try {
      let path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
      if (path === '/') path = '/demo/';
      const file = normalize(join(root, path));
      if (!file.startsWith(normalize(root + sep)) && file !== normalize(root)) throw Object.assign(new Error(), { code: 'ENOENT' });
      const target = (await stat(file)).isDirectory() ? join(file, 'index.html') : file;
      const body = await readFile(target);
      res.writeHead(200, { 'content-type': TYPES[extname(target)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await serve(undefined, Number(process.argv[2] ?? 8080));
  const { port } = server.address();
  console.log(`crosscut demo: http://127.0.0.1:${port}/demo/  (Ctrl-C to stop)`);
}
